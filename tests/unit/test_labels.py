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


def test_one_rounding_rule_five_of_eight_is_sixty_three_percent_in_both_languages():
    # 5/8 = 62.5 %: half away from zero, as a reader rounds (not to even, as Python's round would).
    assert labels.format_percent(5 / 8, "en") == "63%" and labels.format_percent(5 / 8, "sv") == "63 %"
    assert labels.format_number(2.5, "en") == "3" and labels.format_number(0.125, "sv", 2) == "0,13"


def test_negative_numbers_carry_a_true_minus_sign():
    assert labels.format_number(-4.4, "en") == "\u22124"
    assert labels.format_number(-0.4, "en") == "0"  # rounds to zero: no sign


def test_differences_in_points_have_a_sign_and_an_interval():
    assert labels.format_points(0.14) == "+14" and labels.format_points(-0.05) == "\u22125" and labels.format_points(0.001) == "0"
    assert labels.format_points_interval(0.139, -0.05, 0.319, "en") == "+14 points (\u22125 to +32)"
    assert labels.format_points_interval(0.139, -0.05, 0.319, "sv") == "+14 procentenheter (\u22125 till +32)"


def test_counts_read_as_in_each_language():
    assert labels.format_count(19, 28, "en") == "19 of 28" and labels.format_count(19, 28, "sv") == "19 av 28"
    assert labels.format_count(float("nan"), 28, "sv") == "–"


def test_p_values_below_a_thousandth_are_not_printed_as_zero():
    assert labels.format_pvalue(0.0004, "en") == "< 0.001" and labels.format_pvalue(0.0123, "sv") == "0,012"


def test_nouns_agree_with_their_count():
    assert labels.count_noun(1, "question", "en") == "1 question" and labels.count_noun(3, "question", "sv") == "3 frågor"


def test_verdicts_and_reasons_have_words_in_both_languages():
    from dialogstats.analysis.claims import REASON_CODES, VERDICTS

    for verdict in VERDICTS:
        assert labels.verdict_name(verdict, "en") != labels.verdict_name(verdict, "sv")
    keys = set(labels._REASONS)
    for code in REASON_CODES:
        assert code in keys or f"{code}_majority" in keys, code
    assert "12" in labels.reason_sentence("interval_includes_threshold", "sv", n="12")


def test_audit_checks_have_words_in_both_languages():
    from dialogstats.analysis import audit

    for check in audit.CHECKS:
        assert labels.audit_check_name(check, "en") and labels.audit_check_name(check, "sv")


def test_every_basis_of_the_shares_has_a_label_in_both_languages() -> None:
    from dialogstats.analysis.shares import BASES
    from dialogstats.checks import LANGUAGES
    from dialogstats.report import labels

    for basis in BASES:
        texts = {lang: labels.text(basis, lang) for lang in LANGUAGES}
        assert all(texts.values()) and len(set(texts.values())) == len(LANGUAGES), (basis, texts)
