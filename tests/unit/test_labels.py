"""Specification of the English/Swedish strings and number formats."""

from __future__ import annotations

import pytest

from dialogstats.report import labels
from dialogstats.errors import UnknownNameError


def test_unknown_language_lists_the_valid_ones():
    with pytest.raises(UnknownNameError, match=r"unknown language 'de'; valid: en, sv"):
        labels.text("share", "de")


def test_every_string_exists_in_both_languages():
    for key in labels._STRINGS:
        assert labels.text(key, "en") and labels.text(key, "sv")


def test_unknown_string_key_is_refused():
    with pytest.raises(UnknownNameError):
        labels.text("no_such_key", "en")


def test_swedish_percent_has_a_space_and_a_decimal_comma():
    assert labels.format_percent(0.125, "sv", digits=1) == "12,5 %"


def test_english_percent_has_no_space():
    assert labels.format_percent(0.861, "en") == "86%"


def test_percent_rounds_halves_away_from_zero():
    assert labels.format_percent(0.125, "en") == "13%"


def test_interval_is_written_with_an_en_dash():
    assert labels.format_interval(0.713, 0.939, "en") == "71–94%"


def test_missing_value_is_a_dash():
    assert labels.format_percent(float("nan"), "en") == "–"


def test_confidence_label_follows_the_language():
    assert (labels.confidence_label(0.95, "en"), labels.confidence_label(0.95, "sv")) == ("95% CI", "95 % KI")


def test_method_names_cover_every_interval_method():
    from dialogstats.stats.intervals import METHODS

    assert all(labels.method_name(m, "sv") for m in METHODS)


def test_label_column_follows_the_language():
    from dialogstats.data.schema import label_column, name_column

    assert label_column("sv") == "label_sv" and name_column("en") == "name_en"


def test_raw_labels_name_every_id_in_the_chosen_language(good_raw):
    names = labels.RawLabels.of(good_raw, "sv")
    question = good_raw.questions.iloc[0]
    assert names.question(question["question_id"]) == question["label_sv"]
    assert names.dialogue(question["dialogue_id"]) in set(good_raw.dialogues["name_sv"])


def test_raw_labels_refuse_an_unknown_id_and_list_the_valid_ones(good_raw):
    with pytest.raises(UnknownNameError, match="unknown question 'nosuch'; valid: "):
        labels.RawLabels.of(good_raw, "en").question("nosuch")
