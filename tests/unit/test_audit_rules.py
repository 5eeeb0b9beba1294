"""The audit rules for gaps that would otherwise pass: people unaccounted for, exhaustive options that
fall short, coded categories that overlap, and the tolerance of approximate percentages.

Each expectation is worked by hand in the test (13 + 3 = 16 of a group of 17 leaves one member).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogstats.analysis.audit import build_audit, build_denominators
from dialogstats.errors import ParameterError
from test_audit import option, question, raw_data, rows


def one_row(audit: pd.DataFrame, check: str) -> pd.Series:
    selected = rows(audit, check)
    assert len(selected) == 1, selected
    return selected.iloc[0]


def three_options(qid: str, yes: int, no: int, other: int) -> list[dict]:
    return [option(qid, "yes", yes), option(qid, "no", no), option(qid, "other", other)]


# --- answers plus non-response against the size of the group ------------------------------


def test_answers_and_nonresponse_short_of_the_group_leave_one_member_unaccounted_for():
    # 4 + 2 + 7 = 13 answers and 3 non-responses: 16 of the group's 17
    raw = raw_data([question("q", group="g", nonresponse=3)], three_options("q", 4, 2, 7), groups=[("g", 17)])
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    assert (row.status, row.finding, row.reported, row.recomputed) == ("ambiguous", "members_unaccounted", "13 + 3", "17")
    assert row.detail == "one member unaccounted for: 13 answers and 3 non-responses from a group of 17"


def test_answers_and_nonresponse_equal_to_the_group_are_ok():
    # 5 + 2 + 7 = 14 answers and 3 non-responses: all 17
    raw = raw_data([question("q", group="g", nonresponse=3)], three_options("q", 5, 2, 7), groups=[("g", 17)])
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    assert (row.status, row.finding) == ("ok", "")


def test_a_printed_n_that_includes_the_nonresponse_is_not_counted_twice():
    # n = 17 = 14 answers + 3 non-responses
    raw = raw_data([question("q", group="g", n=17, nonresponse=3)], three_options("q", 5, 2, 7), groups=[("g", 17)])
    assert one_row(build_audit(raw), "nonresponse_vs_group").status == "ok"


def test_answers_and_nonresponse_above_the_group_are_inconsistent():
    # 15 answers and 3 non-responses: 18 from a group of 17
    raw = raw_data([question("q", group="g", nonresponse=3)], three_options("q", 6, 2, 7), groups=[("g", 17)])
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    assert (row.status, row.finding) == ("inconsistent", "answers_exceed_members")


def test_a_whole_dialogue_question_is_held_against_the_respondents_before_the_attendees():
    # 18 answers and 2 non-responses from 22 respondents (of 30 attendees): 2 unaccounted for
    raw = raw_data([question("q", nonresponse=2)], three_options("q", 10, 5, 3), attendees=30, respondents=22)
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    assert (row.status, row.finding, row.recomputed) == ("ambiguous", "respondents_unaccounted", "22")
    assert row.detail.startswith("2 respondents unaccounted for: 18 answers and 2 non-responses")


def test_a_whole_dialogue_question_without_respondents_is_held_against_the_attendees():
    raw = raw_data([question("q", nonresponse=2)], three_options("q", 10, 5, 3), attendees=30)
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    assert (row.status, row.finding, row.recomputed) == ("ambiguous", "attendees_unaccounted", "30")


def test_no_row_when_the_group_size_or_the_nonresponse_is_not_printed():
    without_size = raw_data([question("q", group="g", nonresponse=3)], three_options("q", 4, 2, 7), groups=[("g", None)])
    without_nonresponse = raw_data([question("q", group="g")], three_options("q", 4, 2, 7), groups=[("g", 17)])
    assert rows(build_audit(without_size), "nonresponse_vs_group").empty
    assert rows(build_audit(without_nonresponse), "nonresponse_vs_group").empty


@given(yes=st.integers(0, 40), no=st.integers(0, 40), nonresponse=st.integers(0, 20), members=st.integers(1, 120))
def test_the_gap_in_words_is_the_group_minus_answers_and_nonresponse(yes, no, nonresponse, members):
    raw = raw_data([question("q", group="g", response_type="yes_no", nonresponse=nonresponse)],
                   [option("q", "yes", yes), option("q", "no", no)], groups=[("g", members)])
    row = one_row(build_audit(raw), "nonresponse_vs_group")
    gap = members - (yes + no + nonresponse)
    assert row.status == ("ok" if gap == 0 else "ambiguous" if gap > 0 else "inconsistent")
    assert row.reported == f"{yes + no} + {nonresponse}"
    if gap > 0:
        words = "one member" if gap == 1 else f"{gap} members"
        assert row.detail.startswith(f"{words} unaccounted for: ")


# --- options of an exhaustive question against its n --------------------------------------------


def test_yes_no_counts_short_of_n_are_ambiguous_with_the_number_unaccounted_for():
    # 12 yes + 1 no of a printed 14; the no share is not printed, so the percentages cannot settle it
    raw = raw_data([question("q", response_type="yes_no", n=14)], [option("q", "yes", 12, 86), option("q", "no", 1)])
    row = one_row(build_audit(raw), "options_sum_vs_n")
    assert (row.status, row.finding, row.reported, row.recomputed) == ("ambiguous", "counts_short_of_n", "14", "13")
    assert row.detail.startswith("one respondent unaccounted for: 13 answers of a printed n of 14")


@pytest.mark.parametrize("response_type, options", [
    ("yes_no_other", ["yes", "no", "other"]),
    ("likert5", ["1-2", "3", "4-5"]),
])
def test_every_exhaustive_response_type_flags_a_shortfall(response_type, options):
    # 3 + 3 + 3 = 9 of 12
    raw = raw_data([question("q", response_type=response_type, n=12)], [option("q", o, 3) for o in options])
    row = one_row(build_audit(raw), "options_sum_vs_n")
    assert (row.status, row.finding) == ("ambiguous", "counts_short_of_n")
    assert row.detail.startswith("3 respondents unaccounted for")


def test_a_shortfall_after_the_printed_nonresponse_counts_what_remains():
    # 5 + 3 answers and 1 non-response of a printed 10: one unaccounted for
    raw = raw_data([question("q", response_type="yes_no", n=10, nonresponse=1)], [option("q", "yes", 5), option("q", "no", 3)])
    row = one_row(build_audit(raw), "options_sum_vs_n")
    assert (row.status, row.recomputed) == ("ambiguous", "8 + 1")
    assert row.detail.startswith("one respondent unaccounted for: 8 answers and 1 non-response")


def test_exhaustive_counts_that_add_up_are_ok():
    raw = raw_data([question("q", response_type="yes_no", n=14)], [option("q", "yes", 12, 86), option("q", "no", 2, 14)])
    row = one_row(build_audit(raw), "options_sum_vs_n")
    assert (row.status, row.finding) == ("ok", "")


def test_a_single_choice_shortfall_is_not_checkable_unless_its_percentages_cover_every_option():
    # 3 + 4 of 10: an option may be unprinted; with 30 % + 40 % + 30 % all options are printed
    partial = raw_data([question("q", response_type="single_choice", n=10)], [option("q", "a", 3), option("q", "b", 4)])
    covered = raw_data([question("q", response_type="single_choice", n=10)],
                       [option("q", "a", 3, 43), option("q", "b", 4, 57)])
    row = one_row(build_audit(partial), "options_sum_vs_n")
    assert (row.status, row.finding) == ("not_checkable", "options_possibly_unprinted")
    row = one_row(build_audit(covered), "options_sum_vs_n")
    assert (row.status, row.finding) == ("ambiguous", "counts_short_of_n")


def test_counts_short_of_n_that_exceed_it_with_the_nonresponse_are_inconsistent():
    # 9 answers < 10 < 9 + 2 non-responses
    raw = raw_data([question("q", response_type="yes_no", n=10, nonresponse=2)], [option("q", "yes", 5), option("q", "no", 4)])
    row = one_row(build_audit(raw), "options_sum_vs_n")
    assert (row.status, row.finding, row.recomputed) == ("inconsistent", "counts_do_not_add_up", "9 + 2")


# --- coded free-text categories ---------------------------------------------------------------------


def coded(qid: str, n: int, counts: list[int], multi_select: bool = False) -> tuple[dict, list[dict]]:
    return (question(qid, response_type="coded_free_text", multi_select=multi_select, n=n),
            [option(qid, f"theme{i}", c) for i, c in enumerate(counts)])


def test_codes_adding_up_to_more_than_the_answers_are_ambiguous_and_say_which_reading_the_shares_use():
    # 9 + 3 + 2 + 1 + 1 = 16 codes from 15 answers
    q, opts = coded("q", 15, [9, 3, 2, 1, 1])
    row = one_row(build_audit(raw_data([q], opts)), "codes_vs_answers")
    assert (row.status, row.finding, row.reported, row.recomputed) == ("ambiguous", "codes_overlap", "15", "16")
    assert "the codes overlap (one answer can touch several themes) or a count is wrong" in row.detail
    assert "out of the 15 printed answers, never out of the sum of the codes" in row.detail
    assert "no simultaneous intervals" in row.detail


def test_codes_within_the_answers_are_ok():
    # 6 + 2 + 4 + 1 = 13 codes of 22 answers
    q, opts = coded("q", 22, [6, 2, 4, 1])
    row = one_row(build_audit(raw_data([q], opts)), "codes_vs_answers")
    assert (row.status, row.finding) == ("ok", "")


def test_overlapping_codes_of_a_multi_select_coding_are_flagged_too():
    # 8 + 8 + 1 + 2 + 1 + 4 = 24 codes from 14 answers
    q, opts = coded("q", 14, [8, 8, 1, 2, 1, 4], multi_select=True)
    assert one_row(build_audit(raw_data([q], opts)), "codes_vs_answers").finding == "codes_overlap"


def test_only_coded_free_text_is_checked_for_overlapping_codes():
    raw = raw_data([question("q", response_type="single_choice", n=3)], [option("q", "a", 2), option("q", "b", 2)])
    assert rows(build_audit(raw), "codes_vs_answers").empty


# --- the tolerance of approximate percentages in denominators.csv -------------------------------------


def test_denominators_record_the_tolerance_of_approximate_percentages_and_zero_otherwise():
    raw = raw_data([question("a", response_type="likert5"), question("e", response_type="likert5")],
                   [option("a", "4-5", percent=43, approx=True), option("e", "4-5", percent=43)])
    table = build_denominators(raw, approx_tolerance=2.5).set_index("question_id")
    assert table.loc["a", "approx_tolerance_pp"] == 2.5
    assert table.loc["e", "approx_tolerance_pp"] == 0.0


def test_the_recorded_tolerance_is_the_one_the_reconstruction_used():
    # ca 43 % alone: n = 7 gives 3/7 = 42.9 %; n = 2 gives 50 %, within 7 points but not within 1
    raw = raw_data([question("a", response_type="likert5")], [option("a", "4-5", percent=43, approx=True)])
    narrow = build_denominators(raw, approx_tolerance=1).iloc[0]
    wide = build_denominators(raw, approx_tolerance=7).iloc[0]
    assert (narrow.approx_tolerance_pp, wide.approx_tolerance_pp) == (1.0, 7.0)
    assert "2" not in narrow.n_feasible.split(";") and "2" in wide.n_feasible.split(";")


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), "1", True])
def test_a_bad_tolerance_is_refused_with_its_name(bad):
    raw = raw_data([question("a", response_type="likert5")], [option("a", "4-5", percent=43, approx=True)])
    for build in (build_audit, build_denominators):
        with pytest.raises(ParameterError, match="approx_tolerance"):
            build(raw, approx_tolerance=bad)
