"""Specification of the generated plain-words summaries."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.report import summary
from dialogstats.data.rawdata import RawData
from dialogstats.analysis.shares import build_shares


def make_raw(options: dict[str, tuple[int | None, float | None]], attendees=68, respondents=36, collection="forms") -> RawData:
    dialogues = pd.DataFrame({"dialogue_id": ["d"], "name_en": ["Direction meeting"], "name_sv": ["Riktningsmöte"],
                              "attendees": pd.array([attendees], dtype="Int64"), "respondents": pd.array([respondents], dtype="Int64"),
                              "response_rate_reported": [math.nan], "collection": [collection], "has_figures": [True]})
    groups = pd.DataFrame({"dialogue_id": ["d"], "group_id": ["all"], "name_en": ["all"], "name_sv": ["alla"], "members": pd.array([None], dtype="Int64")})
    questions = pd.DataFrame({"question_id": ["d__q"], "dialogue_id": ["d"], "group_id": ["all"], "label_en": ["Plans include the strategy"],
                              "label_sv": ["Strategin i planerna"], "multi_select": [False], "percent_base": ["respondents"],
                              "n_reported": pd.array([None], dtype="Int64"), "nonresponse_reported": pd.array([None], dtype="Int64"),
                              "answers_total_reported": pd.array([None], dtype="Int64"), "construct": [""]})
    responses = pd.DataFrame({
        "question_id": "d__q", "option": list(options), "label_en": [o.capitalize() for o in options],
        "label_sv": [{"yes": "Ja", "no": "Nej"}[o] for o in options],
        "count": pd.array([c for c, _ in options.values()], dtype="Int64"),
        "percent_reported": [math.nan if p is None else p for _, p in options.values()], "approx": False, "combines": "",
    })
    constructs = pd.DataFrame(columns=["construct", "label_en", "label_sv"])
    return RawData(dialogues, groups, questions, responses, constructs, pd.DataFrame(), raw_dir=None)


COUNTS = {"yes": (31, None), "no": (5, None)}


def sentence(raw: RawData, lang: str) -> str:
    return summary.question_sentence(raw, build_shares(raw, "d", methods=("wilson",), simultaneous=()), "d__q", lang)


def test_sentence_states_denominator_count_share_and_interval():
    # Wilson 95 % interval of 31/36 is 0.7134-0.9392 (closed form), printed as 71-94 %.
    assert sentence(make_raw(COUNTS), "en") == (
        "Plans include the strategy: of 36 respondents, Yes 31 (86%; 95% CI 71–94%) and No 5 (14%; 95% CI 6–29%).")


def test_swedish_sentence_uses_swedish_labels_and_formats():
    text = sentence(make_raw(COUNTS), "sv")
    assert text.startswith("Strategin i planerna: av 36 svarande: Ja 31 (86 %; 95 % KI 71–94 %)")


def test_percent_only_sentence_says_the_interval_assumes_the_printed_respondents():
    text = sentence(make_raw({"yes": (None, 92.0), "no": (None, 8.0)}), "en")
    assert "percentages only" in text and "assume the 36 printed respondents" in text


def test_percent_only_sentence_names_the_feasible_range_when_respondents_do_not_fit():
    # 92 % and 8 % at once, by enumeration: 11 and 1 of 12 is the smallest, 24 and 2 of 26 the largest;
    # 27 to 30 give neither (25 of 27 = 92.6 % rounds to 93 %).
    text = sentence(make_raw({"yes": (None, 92.0), "no": (None, 8.0)}, respondents=30), "en")
    assert "percentages only" in text and "span every number of respondents from 12 to 26" in text
    swedish = sentence(make_raw({"yes": (None, 92.0), "no": (None, 8.0)}, respondents=30), "sv")
    assert "från 12 till 26" in swedish


def test_participation_states_attendees_respondents_and_rate():
    text = summary.participation_summary(make_raw(COUNTS), "d", "en")
    assert text.startswith("Direction meeting: 68 attendees, of whom 36 answered (53%).")


def test_participation_explains_what_group_discussion_implies():
    assert "correlated" in summary.participation_summary(make_raw(COUNTS), "d", "en")


def test_participation_without_attendance_says_so():
    text = summary.participation_summary(make_raw(COUNTS, attendees=None), "d", "en")
    assert "number of attendees is not stated" in text


def test_response_rate_is_computed_from_the_printed_numbers():
    table = summary.participation_table(make_raw(COUNTS), "d")
    assert table.loc[0, "response_rate"] == pytest.approx(36 / 68)


def test_dialogue_summary_has_one_bullet_per_question():
    raw = make_raw(COUNTS)
    text = summary.dialogue_summary(raw, build_shares(raw, "d", methods=("wilson",), simultaneous=()), "d", "en")
    assert text.count("\n- ") == 1
