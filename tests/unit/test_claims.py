"""Verdict rules of dialogstats.analysis.claims on small hand-made data.

Reference values:
* Wilson score limits are recomputed in this file from the closed formula of
  Wilson (1927, JASA 22:209-212), independently of the package.
* Newcombe (1998, Stat Med 17:873-890), Table II, method 10 (hybrid score):
  56/70 - 48/80 -> 0.0524 to 0.3339; 9/10 - 3/10 -> 0.1705 to 0.8090.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from dialogstats.analysis.claims import CLAIM_COLUMNS, VERDICTS, assess_claims
from dialogstats.errors import ParameterError, UnknownNameError

Z95 = 1.959963984540054


def wilson(x: int, n: int) -> tuple[float, float]:
    p, z2 = x / n, Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def question(qid, n=None, multi=False, base="respondents", ticks=None, dialogue="d", group="all", kind="single_choice"):
    return {
        "question_id": qid,
        "response_type": kind,
        "dialogue_id": dialogue,
        "group_id": group,
        "multi_select": multi,
        "percent_base": base,
        "n_reported": n,
        "answers_total_reported": ticks,
    }


def option(qid, opt, count=None, percent=None, combines="", approx=False):
    return {
        "question_id": qid,
        "option": opt,
        "count": count,
        "percent_reported": percent,
        "combines": combines,
        "approx": approx,
    }


def claim(check, question_ids, check_option="", figure="", claim_id="c1"):
    return {
        "claim_id": claim_id,
        "area": "implementation",
        "dialogue_id": "d",
        "question_ids": question_ids,
        "claim_en": "a claim",
        "figure_reported": figure,
        "locator": "snippet",
        "check": check,
        "check_option": check_option,
    }


def raw_data(questions, responses, claims, respondents=None, members=None):
    q = pd.DataFrame(questions)
    r = pd.DataFrame(responses)
    for frame, cols in ((q, ["n_reported", "answers_total_reported"]), (r, ["count"])):
        for col in cols:
            frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    r["percent_reported"] = r["percent_reported"].astype("float64")
    dialogues = pd.DataFrame({"dialogue_id": ["d"], "respondents": pd.array([respondents], dtype="Int64"),
                              "attendees": pd.array([None], dtype="Int64")})
    groups = pd.DataFrame(
        {"dialogue_id": ["d", "d"], "group_id": ["all", "g"], "members": pd.array([None, members], dtype="Int64")}
    )
    return SimpleNamespace(dialogues=dialogues, groups=groups, questions=q, responses=r, claims=pd.DataFrame(claims))


NO_AUDIT = pd.DataFrame(columns=["question_id", "option", "check", "status", "detail"])


def yes_no(qid, yes, no, n=None):
    return [question(qid, n=n)], [option(qid, "yes", yes), option(qid, "no", no)]


def assess_one(questions, responses, the_claim, audit=NO_AUDIT, **kwargs):
    raw = raw_data(questions, responses, [the_claim], **{k: v for k, v in kwargs.items() if k in ("respondents", "members")})
    return assess_claims(raw, audit=audit).iloc[0]


# --- majority and minority ---------------------------------------------------------------


def test_majority_is_supported_when_the_wilson_lower_limit_exceeds_half():
    assert wilson(49, 79)[0] > 0.5  # 0.510
    row = assess_one(*yes_no("q", 49, 30, n=79), claim("majority", "q", "yes"))
    assert row["verdict"] == "supported"
    assert row["ci_low"] == pytest.approx(wilson(49, 79)[0], abs=1e-9)
    assert row["n"] == 79


def test_majority_is_not_supported_when_the_interval_includes_half():
    assert wilson(19, 28)[0] < 0.5 < wilson(19, 28)[1]  # 0.493
    row = assess_one(*yes_no("q", 19, 9, n=28), claim("majority", "q", "yes"))
    assert row["verdict"] == "not_supported_at_this_n"
    assert "includes 50 %" in row["reason"]


def test_majority_contradicted_by_the_figures_says_so_in_the_reason():
    row = assess_one(*yes_no("q", 3, 13, n=16), claim("majority", "q", "yes"))
    assert row["verdict"] == "not_supported_at_this_n"
    assert "contradict" in row["reason"]


def test_minority_is_supported_when_the_upper_limit_is_below_half():
    assert wilson(3, 16)[1] < 0.5
    row = assess_one(*yes_no("q", 3, 13, n=16), claim("minority", "q", "yes"))
    assert row["verdict"] == "supported"


def test_minority_of_one_in_seven_is_not_established():
    assert wilson(1, 7)[1] > 0.5  # 0.513
    row = assess_one(*yes_no("q", 1, 6, n=7), claim("minority", "q", "yes"))
    assert row["verdict"] == "not_supported_at_this_n"


def test_majority_of_several_options_sums_their_counts_in_a_single_choice_question():
    questions = [question("q", n=14)]
    responses = [option("q", "yes", 4), option("q", "no", 5), option("q", "other", 5)]
    row = assess_one(questions, responses, claim("majority", "q", "no;other"))
    assert row["estimate"] == pytest.approx(10 / 14)


def test_majority_over_several_questions_needs_every_question_to_pass():
    questions = [question("q1", n=79), question("q2", n=28)]
    responses = [option("q1", "yes", 49), option("q1", "no", 30), option("q2", "yes", 19), option("q2", "no", 9)]
    row = assess_one(questions, responses, claim("majority", "q1;q2", "yes"))
    assert row["verdict"] == "not_supported_at_this_n"
    assert row["n"] == 28


# --- denominators ------------------------------------------------------------------------


def test_count_without_printed_n_uses_the_sum_of_a_single_choice_questions_counts():
    row = assess_one(*yes_no("q", 31, 5), claim("majority", "q", "yes"))
    assert row["n"] == 36


def test_percent_only_figure_takes_n_from_the_dialogues_respondents_when_it_fits():
    questions = [question("q")]
    responses = [option("q", "yes", percent=92.0), option("q", "no", percent=8.0)]
    row = assess_one(questions, responses, claim("majority", "q", "yes"), respondents=36)
    assert (row["n"], row["estimate"]) == (36, pytest.approx(33 / 36))


def test_percent_only_figure_takes_n_from_the_groups_printed_size():
    questions = [question("q", group="g")]
    responses = [option("q", "yes", percent=75.0), option("q", "no", percent=25.0)]
    row = assess_one(questions, responses, claim("majority", "q", "yes"), members=8, respondents=40)
    assert row["n"] == 8


def test_percent_only_figure_without_size_is_judged_over_the_feasible_denominators():
    # 57 / 14 / 29 % fit n = 7 (4, 1, 2) and its multiples; 4 of 7 is far from a majority.
    questions = [question("q")]
    responses = [option("q", "1-2", percent=57.0), option("q", "3", percent=29.0), option("q", "4-5", percent=14.0)]
    row = assess_one(questions, responses, claim("majority", "q", "1-2"), respondents=11)
    assert row["verdict"] == "not_supported_at_this_n"
    assert "feasible denominator" in row["reason"]
    assert row["n"] == 7


def test_verdict_that_changes_across_feasible_denominators_cannot_be_checked():
    # 80 / 20 % fit n = 5 (4 of 5: not established) and n = 100 (80 of 100: established).
    questions = [question("q")]
    responses = [option("q", "yes", percent=80.0), option("q", "no", percent=20.0)]
    row = assess_one(questions, responses, claim("majority", "q", "yes"))
    assert row["verdict"] == "cannot_be_checked"
    assert "depends" in row["reason"]


def test_count_above_its_denominator_rests_on_inconsistent_figures():
    row = assess_one(*yes_no("q", 9, 1, n=8), claim("majority", "q", "yes"))
    assert row["verdict"] == "rests_on_inconsistent_figures"


# --- multi-select ---------------------------------------------------------------------------


def test_overlapping_options_of_a_multi_select_question_cannot_be_checked():
    questions = [question("q", multi=True, base="answers", ticks=30)]
    responses = [option("q", "a", percent=49.0), option("q", "b", percent=37.0), option("q", "other", percent=14.0)]
    row = assess_one(questions, responses, claim("majority", "q", "a;b"), respondents=36)
    assert row["verdict"] == "cannot_be_checked"


def test_ticks_of_one_option_are_related_to_the_respondents_not_to_the_ticks():
    # 2 ticks of 15, from 8 respondents: 2 of 8 people, not 2 of 15.
    questions = [question("q", n=15, multi=True, base="answers", ticks=15, group="g")]
    responses = [option("q", "yes", 2), option("q", "no_model", 6), option("q", "no_time", 7)]
    row = assess_one(questions, responses, claim("minority", "q", "yes"), members=8)
    assert row["n"] == 8
    assert row["verdict"] == "not_supported_at_this_n"


def test_percent_of_ticks_without_a_count_of_respondents_cannot_be_checked():
    questions = [question("q", multi=True, base="answers", ticks=122)]
    responses = [option("q", "not_working", percent=4.0), option("q", "other", percent=96.0)]
    row = assess_one(questions, responses, claim("minority", "q", "not_working"))
    assert row["verdict"] == "cannot_be_checked"


# --- sums --------------------------------------------------------------------------------------


def test_total_of_multi_select_shares_cannot_be_read_as_a_share_of_people():
    questions = [question("q", multi=True, base="answers")]
    responses = [option("q", "a", percent=49.0), option("q", "b", percent=37.0), option("q", "other", percent=14.0)]
    row = assess_one(questions, responses, claim("sum_of_options", "q", "a;b", figure="86 %"), respondents=36)
    assert row["verdict"] == "cannot_be_checked"
    assert "arithmetic holds" in row["reason"]


def test_total_that_the_printed_parts_cannot_produce_rests_on_inconsistent_figures():
    questions = [question("q", n=20)]
    responses = [option("q", "a", 4, 20.0), option("q", "b", 6, 30.0), option("q", "c", 10, 50.0)]
    row = assess_one(questions, responses, claim("sum_of_options", "q", "a;b", figure="60 %"))
    assert row["verdict"] == "rests_on_inconsistent_figures"


def test_total_of_single_choice_options_is_supported_as_a_description():
    questions = [question("q", n=20)]
    responses = [option("q", "a", 4, 20.0), option("q", "b", 6, 30.0), option("q", "c", 10, 50.0)]
    row = assess_one(questions, responses, claim("sum_of_options", "q", "a;b", figure="50 %"))
    assert (row["verdict"], row["estimate"]) == ("supported", pytest.approx(0.5))


# --- comparisons ----------------------------------------------------------------------------


def test_exceeds_across_questions_uses_the_newcombe_interval():
    questions = [question("q1", n=70), question("q2", n=80)]
    responses = [option("q1", "yes", 56), option("q1", "no", 14), option("q2", "yes", 48), option("q2", "no", 32)]
    row = assess_one(questions, responses, claim("exceeds", "q1;q2", "yes"))
    assert row["verdict"] == "supported"
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(0.0524, abs=5e-5), pytest.approx(0.3339, abs=5e-5))


def test_largest_question_fails_when_one_difference_interval_includes_zero():
    questions = [question("q1", n=10), question("q2", n=10), question("q3", n=36)]
    responses = [
        option("q1", "yes", 9), option("q1", "no", 1),
        option("q2", "yes", 3), option("q2", "no", 7),
        option("q3", "yes", 32), option("q3", "no", 4),
    ]  # fmt: skip
    row = assess_one(questions, responses, claim("largest_question", "q1;q2;q3", "yes"))
    assert row["verdict"] == "not_supported_at_this_n"
    assert "1 of 2 comparisons fail" in row["reason"]


def test_largest_option_of_a_single_choice_question_conditions_on_the_two_options():
    # 15 against 3: 15 of 18 with Wilson lower limit 0.608 > 0.5.
    assert wilson(15, 18)[0] > 0.5
    questions = [question("q", n=20)]
    responses = [option("q", "yes", 15), option("q", "no", 3), option("q", "other", 2)]
    row = assess_one(questions, responses, claim("largest_option", "q", "yes"))
    assert row["verdict"] == "supported"
    assert row["estimate"] == pytest.approx(15 / 18)


def test_largest_option_ignores_printed_totals_of_other_options():
    questions = [question("q", n=20)]
    responses = [
        option("q", "yes", 9), option("q", "no", 6), option("q", "other", 5),
        option("q", "no_or_other", 11, combines="no;other"),
    ]  # fmt: skip
    row = assess_one(questions, responses, claim("largest_option", "q", "yes"))
    assert "against 11" not in row["reason"]


def test_two_options_of_one_question_compare_the_first_with_the_second():
    questions = [question("q", n=29, multi=True, base="answers", ticks=29, group="g")]
    responses = [option("q", "digitalisation", 7), option("q", "health", 6), option("q", "energy", 16)]
    row = assess_one(questions, responses, claim("exceeds", "q", "digitalisation;health"), members=8)
    assert row["verdict"] == "not_supported_at_this_n"
    assert row["estimate"] == pytest.approx(7 / 8 - 6 / 8)


# --- audit, none, errors -------------------------------------------------------------------


def test_claim_on_a_question_the_audit_finds_inconsistent_rests_on_inconsistent_figures():
    audit = pd.DataFrame(
        [{"question_id": "q", "option": "yes", "check": "percent_matches_count", "status": "inconsistent", "detail": "5 of 15 is 33 %"}]
    )
    row = assess_one(*yes_no("q", 49, 30, n=79), claim("majority", "q", "yes"), audit=audit)
    assert row["verdict"] == "rests_on_inconsistent_figures"
    assert "percent_matches_count" in row["reason"]


def test_inconsistency_of_another_question_does_not_touch_the_claim():
    audit = pd.DataFrame(
        [{"question_id": "other_q", "option": "", "check": "sum", "status": "inconsistent", "detail": ""}]
    )
    row = assess_one(*yes_no("q", 49, 30, n=79), claim("majority", "q", "yes"), audit=audit)
    assert row["verdict"] == "supported"


def test_claim_without_a_checkable_form_cannot_be_checked_but_shows_its_interval():
    row = assess_one(*yes_no("q", 11, 11, n=22), claim("none", "q", "yes"))
    assert row["verdict"] == "cannot_be_checked"
    assert row["estimate"] == pytest.approx(0.5)


def test_table_has_one_row_per_claim_with_the_documented_columns():
    questions, responses = yes_no("q", 49, 30, n=79)
    raw = raw_data(questions, responses, [claim("majority", "q", "yes", claim_id="a"), claim("none", "q", claim_id="b")])
    table = assess_claims(raw, audit=NO_AUDIT)
    assert list(table.columns) == list(CLAIM_COLUMNS)
    assert list(table["claim_id"]) == ["a", "b"]
    assert set(table["verdict"]) <= set(VERDICTS)


def test_unknown_check_is_refused_with_the_valid_names():
    with pytest.raises(UnknownNameError, match="valid: majority"):
        assess_one(*yes_no("q", 1, 1, n=2), claim("most", "q", "yes"))


def test_unknown_question_is_refused():
    with pytest.raises(UnknownNameError, match="unknown question 'nope'"):
        assess_one(*yes_no("q", 1, 1, n=2), claim("majority", "nope", "yes"))


def test_unknown_option_is_refused():
    with pytest.raises(UnknownNameError, match="'maybe'"):
        assess_one(*yes_no("q", 1, 1, n=2), claim("majority", "q", "maybe"))


@pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5])
def test_confidence_outside_the_open_unit_interval_is_refused(confidence):
    questions, responses = yes_no("q", 1, 1, n=2)
    with pytest.raises(ParameterError):
        assess_claims(raw_data(questions, responses, [claim("none", "q")]), confidence=confidence, audit=NO_AUDIT)


def test_unknown_interval_method_is_refused():
    questions, responses = yes_no("q", 1, 1, n=2)
    with pytest.raises(UnknownNameError):
        assess_claims(raw_data(questions, responses, [claim("none", "q")]), method="exactish", audit=NO_AUDIT)


# --- options and context questions ---------------------------------------------------------


def test_printed_total_option_stands_for_the_options_it_adds_up():
    questions = [question("q", n=11)]
    responses = [
        option("q", "some_form", 8, combines="own;joint"),
        option("q", "own", 3), option("q", "joint", 5), option("q", "not_at_all", 3),
    ]  # fmt: skip
    row = assess_one(questions, responses, claim("majority", "q", "some_form"))
    assert (row["estimate"], row["n"]) == (pytest.approx(8 / 11), 11)


def test_stated_total_without_options_adds_every_option_but_other():
    questions = [question("q", n=20)]
    responses = [option("q", "a", 4, 20.0), option("q", "b", 6, 30.0), option("q", "other", 10, 50.0)]
    row = assess_one(questions, responses, claim("sum_of_options", "q", "", figure="50 %"))
    assert (row["verdict"], row["estimate"]) == ("supported", pytest.approx(0.5))


def test_context_question_without_the_option_only_carries_its_audit_findings():
    questions = [question("q", n=79), question("follow_up", n=20)]
    responses = [option("q", "yes", 49), option("q", "no", 30), option("follow_up", "reason", 20)]
    the_claim = claim("majority", "q;follow_up", "yes")
    assert assess_one(questions, responses, the_claim)["verdict"] == "supported"
    audit = pd.DataFrame(
        [{"question_id": "follow_up", "option": "", "check": "followup_vs_parent", "status": "inconsistent", "detail": ""}]
    )
    assert assess_one(questions, responses, the_claim, audit=audit)["verdict"] == "rests_on_inconsistent_figures"


def test_printed_counts_without_n_count_those_who_answered_not_the_group():
    questions = [question("q", group="g")]
    responses = [option("q", "yes", 6), option("q", "no", 2), option("q", "other", 4)]
    row = assess_one(questions, responses, claim("minority", "q", "yes"), members=17)
    assert row["n"] == 12


def test_unprinted_denominator_is_searched_up_to_the_dialogues_largest_printed_n():
    # 57 / 29 / 14 % fit n = 7, 14, 21, ...; another question of the dialogue printed n = 11.
    questions = [question("q"), question("other_q", n=11)]
    responses = [
        option("q", "1-2", percent=57.0), option("q", "3", percent=29.0), option("q", "4-5", percent=14.0),
        option("other_q", "yes", 8), option("other_q", "no", 3),
    ]  # fmt: skip
    row = assess_one(questions, responses, claim("minority", "q", "4-5"))
    assert row["reason"].startswith("the denominator is not printed; the only feasible denominator is n = 7")


# --- coded free text and the form's respondents -------------------------------------------------

CODED = [option("c", "update", 9), option("c", "vision", 3), option("c", "overview", 2), option("c", "analysis", 1),
         option("c", "nothing", 1)]  # 16 codes of 15 answers


def test_a_code_is_a_share_of_the_printed_answers_even_when_the_codes_add_up_to_more():
    row = assess_one([question("c", n=15, kind="coded_free_text")], CODED, claim("majority", "c", "update"))
    assert (row["n"], row["estimate"]) == (15, pytest.approx(9 / 15))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(9, 15))


def test_codes_without_a_printed_number_of_answers_take_the_respondents_not_the_sum_of_codes():
    row = assess_one([question("c", kind="coded_free_text")], CODED, claim("majority", "c", "update"), respondents=15)
    assert row["n"] == 15
    row = assess_one([question("c", kind="coded_free_text")], CODED, claim("majority", "c", "update"))
    assert row["verdict"] == "cannot_be_checked" and "number of answers" in row["reason"]


def test_two_codes_of_one_question_are_compared_as_overlapping_shares():
    # Codes overlap, so the conditional binomial of two exclusive options does not apply: Newcombe on 9/15 vs 3/15.
    row = assess_one([question("c", n=15, kind="coded_free_text")], CODED, claim("largest_option", "c", "update"))
    assert "difference" in row["reason"] and row["n"] == 15


def test_percentages_take_the_number_who_answered_another_question_of_the_form():
    # 75 % of answers 4-5 beside a question that all 8 answered: 6 of 8, not 3 of 4.
    questions = [question("w"), question("k", n=8)]
    responses = [option("w", "4-5", percent=75.0), option("k", "yes", 8)]
    row = assess_one(questions, responses, claim("majority", "w", "4-5"))
    assert (row["n"], row["estimate"]) == (8, pytest.approx(0.75))
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(6, 8))
