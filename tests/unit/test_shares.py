"""Specification of the shares table: which denominator each kind of question gets."""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd
import pytest

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


def test_percent_only_interval_uses_the_reconstructed_count_at_that_denominator():
    raw = make_raw(
        [{"question_id": "p"}],
        [{"question_id": "p", "option": "yes", "percent_reported": 92.0}, {"question_id": "p", "option": "no", "percent_reported": 8.0}],
        respondents=30,
    )
    row = build_shares(raw, "d", methods=("wilson",), simultaneous=()).iloc[0]
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson(11, 12), abs=1e-9)


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
