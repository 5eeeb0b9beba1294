"""The audit of printed figures, on tiny raw-data fixtures built in each test.

Every expected verdict is worked by hand in the test (e.g. 5/15 = 33.3 %, 5/18 = 27.8 %).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from dialogstats.analysis.audit import AUDIT_COLUMNS, DENOMINATOR_COLUMNS, STATUSES, build_audit, build_denominators


def question(qid, dialogue="d", group="all", response_type="yes_no_other", multi_select=False,
             percent_base="respondents", n=None, nonresponse=None, answers_total=None, asked_if=""):
    return dict(question_id=qid, dialogue_id=dialogue, group_id=group, response_type=response_type,
                multi_select=multi_select, percent_base=percent_base, n_reported=n,
                nonresponse_reported=nonresponse, answers_total_reported=answers_total, asked_if=asked_if)


def option(qid, opt, count=None, percent=None, approx=False, combines=""):
    return dict(question_id=qid, option=opt, count=count, percent_reported=percent, approx=approx, combines=combines)


def raw_data(questions, responses, attendees=None, respondents=None, rate=None, groups=(), claims=()):
    group_rows = [dict(dialogue_id="d", group_id="all", members=None)] + [
        dict(dialogue_id="d", group_id=g, members=m) for g, m in groups
    ]
    return SimpleNamespace(
        dialogues=pd.DataFrame([dict(dialogue_id="d", attendees=attendees, respondents=respondents,
                                     response_rate_reported=rate)]),
        groups=pd.DataFrame(group_rows),
        questions=pd.DataFrame(questions),
        responses=pd.DataFrame(responses),
        claims=pd.DataFrame(list(claims), columns=["claim_id", "question_ids"]),
    )


def rows(audit: pd.DataFrame, check: str, option: str | None = None) -> pd.DataFrame:
    selected = audit[audit.check == check]
    return selected if option is None else selected[selected.option == option]


def only_status(audit, check, option=None) -> str:
    selected = rows(audit, check, option)
    assert len(selected) == 1, selected
    return selected.status.iloc[0]


# --- shape ---------------------------------------------------------------------------


def test_audit_has_exactly_the_audit_columns_and_known_statuses():
    raw = raw_data([question("q", n=10)], [option("q", "yes", 3, 30), option("q", "no", 7, 70)], attendees=12)
    audit = build_audit(raw)
    assert tuple(audit.columns) == AUDIT_COLUMNS
    assert set(audit.status) <= set(STATUSES)


def test_audit_is_deterministic():
    raw = raw_data([question("q", n=10)], [option("q", "yes", 3, 30), option("q", "no", 7, 70)], attendees=12)
    assert build_audit(raw).equals(build_audit(raw))


# --- percent against count -------------------------------------------------------------


def test_printed_percentage_matching_its_count_is_ok():
    raw = raw_data([question("q", n=10)], [option("q", "yes", 3, 30), option("q", "no", 7, 70)])
    assert only_status(build_audit(raw), "percent_vs_count", "yes") == "ok"


def test_five_of_fifteen_printed_as_28_percent_is_inconsistent_and_points_to_eighteen():
    # 5/15 = 33.3 %; but 5 + 3 + 10 = 18 and 5/18 = 27.8 % -> 28 %
    raw = raw_data([question("q", n=15)],
                   [option("q", "yes", 5, 28), option("q", "no", 3, 17), option("q", "other", 10, 56)])
    audit = build_audit(raw)
    row = rows(audit, "percent_vs_count", "yes").iloc[0]
    assert row.status == "inconsistent"
    assert "5/18" in row.detail
    assert only_status(audit, "options_sum_vs_n") == "inconsistent"


def test_eight_of_eleven_printed_as_72_percent_is_flagged_as_truncation():
    # 8/11 = 72.7 %: 73 half-up, 72 only when truncated
    raw = raw_data([question("q", response_type="yes_no", n=11)], [option("q", "yes", 8, 72)])
    row = rows(build_audit(raw), "percent_vs_count", "yes").iloc[0]
    assert row.status == "inconsistent"
    assert "truncate" in row.detail


def test_approximate_percentage_is_checked_with_a_tolerance_that_the_detail_states():
    # ca 43 % of 14: 6/14 = 42.9 %, within one point
    raw = raw_data([question("q", response_type="likert5", n=14)], [option("q", "4-5", 6, 44, approx=True)])
    row = rows(build_audit(raw), "percent_vs_count", "4-5").iloc[0]
    assert row.status == "ok"
    assert "approximate" in row.detail


def test_exact_percentage_gets_no_tolerance():
    raw = raw_data([question("q", response_type="likert5", n=14)], [option("q", "4-5", 6, 44)])
    assert only_status(build_audit(raw), "percent_vs_count", "4-5") == "inconsistent"


# --- sums --------------------------------------------------------------------------


def test_options_adding_up_to_n_with_printed_nonresponse_are_ok():
    raw = raw_data([question("q", n=10, nonresponse=2)], [option("q", "yes", 5, 50), option("q", "no", 3, 30)])
    assert only_status(build_audit(raw), "options_sum_vs_n") == "ok"


def test_more_answers_than_attendees_is_inconsistent():
    # 79 answers in a dialogue of 76 attendees
    raw = raw_data([question("q", n=79)],
                   [option("q", "yes", 49, 62), option("q", "no", 6, 8), option("q", "other", 24, 30)], attendees=76)
    row = rows(build_audit(raw), "options_sum_vs_attendance").iloc[0]
    assert row.status == "inconsistent"
    assert (row.reported, row.recomputed) == ("79", "76")


def test_group_answers_are_bounded_by_the_group_members():
    raw = raw_data([question("q", group="g", n=9)], [option("q", "yes", 4, 44), option("q", "no", 5, 56)],
                   attendees=76, groups=[("g", 8)])
    assert only_status(build_audit(raw), "options_sum_vs_attendance") == "inconsistent"


def test_combined_row_equal_to_its_parts_is_ok():
    # 55 % = 22 % + 33 %
    raw = raw_data([question("q", response_type="single_choice")],
                   [option("q", "a", percent=22), option("q", "b", percent=33),
                    option("q", "ab", percent=55, combines="a;b"), option("q", "c", percent=45)])
    assert only_status(build_audit(raw), "combined_row", "ab") == "ok"


def test_combined_row_beyond_rounding_of_its_parts_is_inconsistent():
    raw = raw_data([question("q", response_type="single_choice")],
                   [option("q", "a", percent=22), option("q", "b", percent=33),
                    option("q", "ab", percent=58, combines="a;b"), option("q", "c", percent=45)])
    assert only_status(build_audit(raw), "combined_row", "ab") == "inconsistent"


def test_multi_select_ticks_above_the_printed_total_are_inconsistent():
    raw = raw_data([question("q", response_type="multi_select", multi_select=True, percent_base="answers",
                             answers_total=10)],
                   [option("q", "a", 5), option("q", "b", 6)])
    row = rows(build_audit(raw), "answers_total").iloc[0]
    assert (row.status, row.recomputed) == ("inconsistent", "11")


def test_multi_select_ticks_below_the_total_are_not_checkable_when_options_may_be_missing():
    # "6 of 29 answers ... and 7": the other ticks are not printed
    raw = raw_data([question("q", response_type="multi_select", multi_select=True, percent_base="answers",
                             answers_total=29)],
                   [option("q", "a", 6), option("q", "b", 7)])
    assert only_status(build_audit(raw), "answers_total") == "not_checkable"


def test_percentages_impossible_for_the_printed_number_of_respondents_are_inconsistent():
    # 37 % and 17 % of the same n: the smallest n giving both is 29, so none up to 22
    raw = raw_data([question("q", response_type="likert5")],
                   [option("q", "4-5", percent=37), option("q", "1-2", percent=17)], respondents=22)
    assert only_status(build_audit(raw), "denominator_feasible") == "inconsistent"


def test_exclusive_percentages_above_one_hundred_beyond_rounding_are_inconsistent():
    raw = raw_data([question("q")], [option("q", "yes", percent=60), option("q", "no", percent=45)])
    assert only_status(build_audit(raw), "percent_sum") == "inconsistent"


# --- follow-ups and shares of answers ------------------------------------------------------


def test_followup_answered_by_more_people_than_chose_the_option_is_inconsistent():
    # 4 % of 122 answers is 5 (or 6 truncated); 20 answered the follow-up
    raw = raw_data(
        [question("p", response_type="multi_select", multi_select=True, percent_base="answers", answers_total=122),
         question("f", response_type="single_choice", n=20, asked_if="p:none")],
        [option("p", "none", percent=4), option("p", "some", percent=96),
         option("f", "why", 20, 100)])
    row = rows(build_audit(raw), "followup_vs_parent").iloc[0]
    assert row.status == "inconsistent"
    assert row.recomputed == "5 or 6"


def test_followup_answered_by_everyone_who_chose_the_option_is_ok():
    raw = raw_data([question("p", n=10), question("f", n=4, asked_if="p:no")],
                   [option("p", "yes", 6, 60), option("p", "no", 4, 40), option("f", "a", 1, 25), option("f", "b", 3, 75)])
    assert only_status(build_audit(raw), "followup_vs_parent") == "ok"


def test_shares_of_answers_are_flagged_with_the_claims_that_use_them():
    raw = raw_data([question("q", response_type="multi_select", multi_select=True, percent_base="answers")],
                   [option("q", "a", percent=49), option("q", "b", percent=37), option("q", "c", percent=14)],
                   claims=[("claim_sum", "q")])
    row = rows(build_audit(raw), "share_of_answers").iloc[0]
    assert row.status == "ambiguous"
    assert "claim_sum" in row.detail


# --- denominators -------------------------------------------------------------------------


def test_stated_n_that_cannot_give_the_percentages_is_inconsistent_in_the_denominator_check():
    raw = raw_data([question("q", n=15)],
                   [option("q", "yes", 5, 28), option("q", "no", 3, 17), option("q", "other", 10, 56)])
    row = rows(build_audit(raw), "denominator_feasible").iloc[0]
    assert (row.status, row.reported, row.recomputed) == ("inconsistent", "15", "18")


def test_questions_put_to_the_same_people_are_reconstructed_jointly():
    # 92/8 % and 89/11 % with at most 36 respondents: 33/36 = 91.7 %, 32/36 = 88.9 % -> n = 36
    raw = raw_data([question("a", response_type="yes_no"), question("b", response_type="yes_no")],
                   [option("a", "yes", percent=92), option("a", "no", percent=8),
                    option("b", "yes", percent=89), option("b", "no", percent=11)], attendees=68, respondents=36)
    joint = rows(build_audit(raw), "denominator_joint")
    assert len(joint) == 2
    assert set(joint.recomputed) == {"36"}


def test_denominators_table_lists_feasible_n_and_marks_a_missing_stated_n():
    raw = raw_data([question("q", n=15), question("r", response_type="yes_no")],
                   [option("q", "yes", 5, 28), option("q", "no", 3, 17), option("q", "other", 10, 56),
                    option("r", "yes", percent=50), option("r", "no", percent=50)])
    table = build_denominators(raw)
    assert tuple(table.columns) == DENOMINATOR_COLUMNS
    q = table.set_index("question_id").loc["q"]
    assert q.n_stated == 15 and q.n_min == 18
    assert "15" not in q.n_feasible.split(";")
    r = table.set_index("question_id").loc["r"]
    assert pd.isna(r.n_stated)
    assert r.n_feasible.split(";")[:3] == ["2", "4", "6"]


def test_questions_without_percentages_have_no_denominator_row():
    raw = raw_data([question("q", n=3)], [option("q", "yes", 1), option("q", "no", 2)])
    assert build_denominators(raw).empty


# --- dialogue level ---------------------------------------------------------------------


def test_printed_response_rate_is_checked_against_respondents_and_attendees():
    # 36 / 68 = 52.9 % -> 53 %
    raw = raw_data([question("q", n=2)], [option("q", "yes", 1, 50)], attendees=68, respondents=36, rate=53)
    assert only_status(build_audit(raw), "response_rate") == "ok"


def test_unknown_expected_rule_is_refused():
    raw = raw_data([question("q", n=2)], [option("q", "yes", 1, 50)])
    with pytest.raises(ValueError):
        build_audit(raw, expected_rule="ceiling")


def test_the_audit_of_one_dialogue_is_exactly_its_rows_of_the_whole_audit(good_raw):
    from dialogstats import paths
    from dialogstats.data.rawdata import load_raw

    for raw in (good_raw, load_raw(paths.RAW)):
        whole = build_audit(raw)
        for dialogue_id in raw.dialogues["dialogue_id"]:
            mine = whole[whole["dialogue_id"] == dialogue_id].reset_index(drop=True)
            pd.testing.assert_frame_equal(build_audit(raw, dialogue_id=dialogue_id), mine)


def test_the_audit_refuses_an_unknown_dialogue_and_lists_the_valid_ones(good_raw):
    from dialogstats.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="valid"):
        build_audit(good_raw, dialogue_id="nosuch")
