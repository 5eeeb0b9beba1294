"""Specification of the shares table: which denominator each kind of question gets."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogstats.errors import UnknownNameError
from dialogstats.data.rawdata import RawData
from dialogstats.analysis.shares import SHARES_COLUMNS, build_shares, question_basis


def make_raw(questions: list[dict], responses: list[dict], respondents=None, attendees=None) -> RawData:
    """A one-dialogue raw data set in the codebook's format, with only the columns the shares need."""
    q_defaults = {"dialogue_id": "d", "group_id": "all", "label_en": "", "label_sv": "", "multi_select": False,
                  "percent_base": "respondents", "n_reported": None, "nonresponse_reported": None,
                  "answers_total_reported": None, "construct": "", "response_type": "yes_no"}
    r_defaults = {"label_en": "", "label_sv": "", "count": None, "percent_reported": math.nan, "approx": False, "combines": ""}
    questions = pd.DataFrame([{**q_defaults, **q} for q in questions])
    responses = pd.DataFrame([{**r_defaults, **r} for r in responses])
    for frame, columns in ((questions, ("n_reported", "nonresponse_reported", "answers_total_reported")), (responses, ("count",))):
        for c in columns:
            frame[c] = pd.array(frame[c], dtype="Int64")
    responses["percent_reported"] = responses["percent_reported"].astype(float)
    dialogues = pd.DataFrame({"dialogue_id": ["d"], "name_en": ["D"], "name_sv": ["D"],
                              "attendees": pd.array([attendees], dtype="Int64"), "respondents": pd.array([respondents], dtype="Int64")})
    groups = pd.DataFrame({"dialogue_id": ["d"], "group_id": ["all"], "name_en": ["all"], "name_sv": ["alla"], "members": pd.array([None], dtype="Int64")})
    empty = pd.DataFrame()
    return RawData(dialogues, groups, questions, responses, empty, empty, raw_dir=None)


YES_NO = [{"question_id": "q", "option": "yes", "count": 31}, {"question_id": "q", "option": "no", "count": 5}]


def wilson(x: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    # Wilson (1927) score interval written out from its closed form.
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_columns_are_exactly_those_of_shares_csv():
    raw = make_raw([{"question_id": "q"}], YES_NO)
    assert tuple(build_shares(raw, "d", methods=("wilson",), simultaneous=()).columns) == SHARES_COLUMNS


def test_printed_denominator_is_used_when_printed():
    raw = make_raw([{"question_id": "q", "n_reported": 40}], YES_NO)
    assert question_basis(raw, "q").n == 40


def test_sum_of_counts_is_the_denominator_when_none_is_printed():
    raw = make_raw([{"question_id": "q"}], YES_NO)
    basis = question_basis(raw, "q")
    assert (basis.n, basis.n_source) == (36, "sum_of_counts")


def test_printed_denominator_smaller_than_the_sum_of_exclusive_counts_is_overruled():
    raw = make_raw([{"question_id": "q", "n_reported": 30}], YES_NO)
    assert question_basis(raw, "q").n == 36


def test_wilson_interval_of_a_printed_count_matches_the_closed_form():
    raw = make_raw([{"question_id": "q"}], YES_NO)
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(31, 36), abs=1e-9)
    assert row["share"] == pytest.approx(31 / 36)


def test_rows_that_combine_other_options_are_not_options():
    responses = YES_NO + [{"question_id": "q", "option": "any", "count": 36, "combines": "yes;no"}]
    raw = make_raw([{"question_id": "q"}], responses)
    table = build_shares(raw, "d", methods=("wilson",), simultaneous=())
    assert list(table["option"]) == ["yes", "no"]


def test_multi_select_without_respondents_is_a_share_of_printed_answers():
    raw = make_raw(
        [{"question_id": "m", "multi_select": True, "percent_base": "answers", "answers_total_reported": 29}],
        [{"question_id": "m", "option": "a", "count": 6}, {"question_id": "m", "option": "b", "count": 7}],
    )
    basis = question_basis(raw, "m")
    assert (basis.basis, basis.n) == ("answers", 29)


def test_multi_select_with_printed_respondents_is_a_share_of_respondents():
    raw = make_raw(
        [{"question_id": "m", "multi_select": True, "n_reported": 14}],
        [{"question_id": "m", "option": "a", "count": 8}, {"question_id": "m", "option": "b", "count": 8}],
    )
    basis = question_basis(raw, "m")
    assert (basis.basis, basis.n, basis.exclusive) == ("respondents", 14, False)


def rounds_to(x: int, n: int, p: int) -> bool:
    # Whether x/n prints as the integer percentage p under half-up, half-even or truncation.
    share = Fraction(100 * x, n)
    half_up = int(share + Fraction(1, 2))
    half_even = round(share)  # Python rounds Fractions half to even
    return p in (half_up, half_even, int(share))


def feasible_ns(percents: list[int], n_max: int) -> list[int]:
    # Independent enumeration of the denominators for which every percentage is some x/n under one rule.
    rules = (lambda s: int(s + Fraction(1, 2)), round, int)
    return [n for n in range(1, n_max + 1)
            if any(all(any(rule(Fraction(100 * x, n)) == p for x in range(n + 1)) for p in percents) for rule in rules)]


def nearest_count(p: int, n: int) -> int:
    xs = [x for x in range(n + 1) if rounds_to(x, n, p)]
    return min(xs, key=lambda x: (abs(Fraction(x) - Fraction(p * n, 100)), x))


def smallest_n_reproducing(percents: list[int], n_max: int) -> int:
    # Independent enumeration: the first n for which every percentage is round-half-up of some x/n.
    for n in range(1, n_max + 1):
        if all(any(int(Fraction(100 * x, n) + Fraction(1, 2)) == p for x in range(n + 1)) for p in percents):
            return n
    raise AssertionError("no denominator")


def test_percent_only_question_uses_the_printed_respondents_when_they_reproduce_the_percentages():
    # 33/36 = 91.7 % -> 92 and 3/36 = 8.3 % -> 8: the 36 printed respondents fit the print.
    raw = make_raw(
        [{"question_id": "p"}],
        [{"question_id": "p", "option": "yes", "percent_reported": 92.0}, {"question_id": "p", "option": "no", "percent_reported": 8.0}],
        respondents=36,
    )
    assert (question_basis(raw, "p").n, question_basis(raw, "p").n_source) == (36, "printed_respondents")


def test_percent_only_question_falls_back_to_the_smallest_feasible_denominator():
    # No x/30 rounds to 92 % (27/30 = 90 %, 28/30 = 93.3 %), so the 30 printed respondents cannot be the base.
    raw = make_raw(
        [{"question_id": "p"}],
        [{"question_id": "p", "option": "yes", "percent_reported": 92.0}, {"question_id": "p", "option": "no", "percent_reported": 8.0}],
        respondents=30,
    )
    basis = question_basis(raw, "p")
    assert (basis.n, basis.n_source) == (smallest_n_reproducing([92, 8], 30), "smallest_feasible")


def test_percent_only_share_is_the_printed_percentage_and_count_stays_empty():
    raw = make_raw(
        [{"question_id": "p"}],
        [{"question_id": "p", "option": "yes", "percent_reported": 92.0}, {"question_id": "p", "option": "no", "percent_reported": 8.0}],
        respondents=36,
    )
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    assert pd.isna(row["count"]) and row["share"] == pytest.approx(0.92)


def test_percent_only_interval_is_the_union_over_the_feasible_range():
    # No printed number fits, so the interval spans every denominator up to the 30 respondents that
    # reproduces 92 % and 8 %: enumerated here, with the count nearest the printed share at each.
    raw = make_raw(
        [{"question_id": "p"}],
        [{"question_id": "p", "option": "yes", "percent_reported": 92.0}, {"question_id": "p", "option": "no", "percent_reported": 8.0}],
        respondents=30,
    )
    feasible = feasible_ns([92, 8], 30)
    limits = [wilson(nearest_count(92, n), n) for n in feasible]
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    assert (row["n"], row["n_max"]) == (feasible[0], feasible[-1]) and len(feasible) > 1
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((min(lo for lo, _ in limits), max(hi for _, hi in limits)), abs=1e-9)
    assert row["n_source"] == "smallest_feasible"


def test_no_feasible_denominator_leaves_the_interval_empty():
    raw = make_raw([{"question_id": "p"}], [{"question_id": "p", "option": "yes", "percent_reported": 45.0}], respondents=3)
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    assert math.isnan(row["ci_low"]) and pd.isna(row["n"])


def test_rows_follow_question_then_raw_option_order_then_method_order():
    raw = make_raw(
        [{"question_id": "b"}, {"question_id": "a"}],
        [{"question_id": "b", "option": "no", "count": 1}, {"question_id": "b", "option": "yes", "count": 2},
         {"question_id": "a", "option": "yes", "count": 3}, {"question_id": "a", "option": "no", "count": 4}],
    )
    table = build_shares(raw, "d", methods=("wilson", "jeffreys"), simultaneous=())
    assert list(zip(table["question_id"], table["option"], table["method"]))[:4] == [
        ("a", "yes", "wilson"), ("a", "no", "wilson"), ("a", "yes", "jeffreys"), ("a", "no", "jeffreys")]
    assert list(table["question_id"])[4:6] == ["b", "b"] and list(table["option"])[4:6] == ["no", "yes"]


def test_unknown_dialogue_is_refused_with_the_valid_ids():
    raw = make_raw([{"question_id": "q"}], YES_NO)
    with pytest.raises(UnknownNameError, match="valid: d"):
        build_shares(raw, "x")


# --- coded free text: one rule -------------------------------------------------------------

CODES_OVER_ANSWERS = [  # 16 codes of 15 answers, as the culture committee's best-outcome question
    {"question_id": "c", "option": "update", "count": 9}, {"question_id": "c", "option": "vision", "count": 3},
    {"question_id": "c", "option": "overview", "count": 2}, {"question_id": "c", "option": "analysis", "count": 1},
    {"question_id": "c", "option": "nothing", "count": 1},
]


def test_codes_adding_up_to_more_than_the_answers_are_shares_of_the_printed_answers():
    raw = make_raw([{"question_id": "c", "response_type": "coded_free_text", "n_reported": 15}], CODES_OVER_ANSWERS)
    table = build_shares(raw, "d", methods=("wilson",), simultaneous=())
    assert set(table["n"]) == {15} and set(table["basis"]) == {"codes"} and set(table["n_source"]) == {"n_reported"}
    first = table.iloc[0]
    assert first["share"] == pytest.approx(9 / 15)
    assert (first["ci_low"], first["ci_high"]) == pytest.approx(wilson(9, 15), abs=1e-9)


def test_codes_get_no_simultaneous_intervals_because_they_are_not_a_partition():
    raw = make_raw([{"question_id": "c", "response_type": "coded_free_text", "n_reported": 15}], CODES_OVER_ANSWERS)
    table = build_shares(raw, "d", methods=("wilson",))
    assert set(table["method"]) == {"wilson"}
    assert question_basis(raw, "c").exclusive is False


def test_codes_adding_up_to_fewer_than_the_answers_are_shares_of_the_answers_too():
    responses = [{"question_id": "c", "option": "a", "count": 6}, {"question_id": "c", "option": "b", "count": 2}]
    raw = make_raw([{"question_id": "c", "response_type": "coded_free_text", "n_reported": 22}], responses)
    basis = question_basis(raw, "c")
    assert (basis.n, basis.basis, basis.shares) == (22, "codes", (6 / 22, 2 / 22))


def test_codes_without_a_printed_number_of_answers_use_the_respondents_never_the_sum_of_codes():
    raw = make_raw([{"question_id": "c", "response_type": "coded_free_text"}], CODES_OVER_ANSWERS, respondents=15)
    assert (question_basis(raw, "c").n, question_basis(raw, "c").n_source) == (15, "printed_respondents")
    without_any_number = make_raw([{"question_id": "c", "response_type": "coded_free_text"}], CODES_OVER_ANSWERS)
    assert question_basis(without_any_number, "c").n is None


# --- working denominator of percentage-only questions --------------------------------------

SEVENTY_FIVE = [{"question_id": "w", "option": "4-5", "percent_reported": 75.0}]


def test_the_number_who_answered_another_question_of_the_form_is_preferred_when_it_fits():
    # As the health and social-care heads: 8 of 8 know the strategy, 75 % answered 4-5 -> 6 of 8, not 3 of 4.
    raw = make_raw([{"question_id": "k", "n_reported": 8}, {"question_id": "w", "response_type": "likert5"}],
                   [{"question_id": "k", "option": "yes", "count": 8}] + SEVENTY_FIVE)
    basis = question_basis(raw, "w")
    assert (basis.n, basis.n_max, basis.n_source, basis.interval_counts) == (8, 8, "printed_respondents", (6,))
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).query("question_id == 'w'").iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(6, 8), abs=1e-9)


def test_the_dialogues_respondents_come_before_another_questions_n():
    raw = make_raw([{"question_id": "k", "n_reported": 4}, {"question_id": "w"}],
                   [{"question_id": "k", "option": "yes", "count": 4}] + SEVENTY_FIVE, respondents=8)
    assert question_basis(raw, "w").n == 8


def test_a_follow_up_does_not_borrow_the_forms_respondents():
    raw = make_raw([{"question_id": "k", "n_reported": 8}, {"question_id": "w", "asked_if": "k:yes"}],
                   [{"question_id": "k", "option": "yes", "count": 8}] + SEVENTY_FIVE)
    basis = question_basis(raw, "w")
    assert basis.n_source == "smallest_feasible" and basis.n == 4


def test_a_printed_number_that_does_not_reproduce_the_percentages_is_passed_over():
    # 75 % is no x/7, so the 7 who answered the other question cannot be the base; the range up to 7 is 4 only.
    raw = make_raw([{"question_id": "k", "n_reported": 7}, {"question_id": "w"}],
                   [{"question_id": "k", "option": "yes", "count": 7}] + SEVENTY_FIVE)
    basis = question_basis(raw, "w")
    assert (basis.n, basis.n_max, basis.n_source, basis.fixed) == (4, 4, "smallest_feasible", True)


def test_shares_table_says_what_n_counts_in_its_last_columns():
    raw = make_raw([{"question_id": "q"}], YES_NO)
    table = build_shares(raw, "d", methods=("wilson",), simultaneous=())
    assert list(table.columns[-3:]) == ["basis", "n_source", "n_max"]
    assert (table.iloc[0]["basis"], table.iloc[0]["n_source"], table.iloc[0]["n_max"]) == ("respondents", "sum_of_counts", 36)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 99), st.integers(5, 60))
def test_percentages_use_the_respondents_when_they_fit_else_the_union_over_the_feasible_range(percent, respondents):
    raw = make_raw([{"question_id": "p"}],
                   [{"question_id": "p", "option": "yes", "percent_reported": float(percent)},
                    {"question_id": "p", "option": "no", "percent_reported": float(100 - percent)}], respondents=respondents)
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    feasible = feasible_ns([percent, 100 - percent], respondents)
    used = [respondents] if respondents in feasible else feasible
    if not used:  # no denominator up to the respondents gives the percentages
        assert pd.isna(row["n"]) and math.isnan(row["ci_low"])
        return
    limits = [wilson(nearest_count(percent, n), n) for n in used]
    assert (row["n"], row["n_max"]) == (used[0], used[-1])
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((min(lo for lo, _ in limits), max(hi for _, hi in limits)), abs=1e-9)


def goodman(counts: list[int]) -> list[tuple[float, float]]:
    # Goodman (1965, Technometrics 7:247-254): A = chi-square(1) quantile at 1 - 0.05 / k.
    from scipy.stats import chi2

    n, k = sum(counts), len(counts)
    a = chi2.ppf(1 - 0.05 / k, 1)
    return [((a + 2 * x - math.sqrt(a * (a + 4 * x * (n - x) / n))) / (2 * (n + a)),
             (a + 2 * x + math.sqrt(a * (a + 4 * x * (n - x) / n))) / (2 * (n + a))) for x in counts]


def test_simultaneous_intervals_over_a_feasible_range_are_the_union_of_those_that_partition_n():
    # Shares of ticks printed as 49 / 37 / 14 % without a total: every n up to 100 that reproduces them.
    raw = make_raw(
        [{"question_id": "m", "multi_select": True, "percent_base": "answers", "response_type": "multi_select"}],
        [{"question_id": "m", "option": o, "percent_reported": p} for o, p in (("a", 49.0), ("b", 37.0), ("c", 14.0))],
    )
    readings = []
    for n in feasible_ns([49, 37, 14], 100):
        counts = [nearest_count(p, n) for p in (49, 37, 14)]
        if sum(counts) <= n:
            readings.append(goodman(counts + ([n - sum(counts)] if sum(counts) < n else []))[:3])
    table = build_shares(raw, "d", methods=(), simultaneous=("goodman",))
    assert list(table["option"]) == ["a", "b", "c"] and len(readings) > 1
    for i, row in table.iterrows():
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(
            (min(r[i][0] for r in readings), max(r[i][1] for r in readings)), abs=1e-9)
