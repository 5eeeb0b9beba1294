"""Specification of nonresponse bounds and finite-population intervals."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.analysis.bounds import BOUNDS_COLUMNS, build_bounds
from dialogstats.data.rawdata import RawData
from dialogstats.stats.intervals import METHODS, proportion_interval
from dialogstats.stats.nonresponse import hypergeometric_interval


def make_raw(counts: dict[str, int], attendees: int | None, n_reported: int | None = None, multi: bool = False) -> RawData:
    dialogues = pd.DataFrame({"dialogue_id": ["d"], "name_en": ["D"], "name_sv": ["D"],
                              "attendees": pd.array([attendees], dtype="Int64"), "respondents": pd.array([None], dtype="Int64")})
    groups = pd.DataFrame({"dialogue_id": ["d"], "group_id": ["all"], "name_en": ["all"], "name_sv": ["alla"], "members": pd.array([None], dtype="Int64")})
    questions = pd.DataFrame({"question_id": ["q"], "dialogue_id": ["d"], "group_id": ["all"], "multi_select": [multi],
                              "percent_base": ["answers" if multi else "respondents"], "n_reported": pd.array([n_reported], dtype="Int64"),
                              "nonresponse_reported": pd.array([None], dtype="Int64"), "answers_total_reported": pd.array([None], dtype="Int64"), "asked_if": [""]})
    responses = pd.DataFrame({"question_id": "q", "option": list(counts), "count": pd.array(list(counts.values()), dtype="Int64"),
                              "percent_reported": math.nan, "approx": False, "combines": ""})
    return RawData(dialogues, groups, questions, responses, pd.DataFrame(), pd.DataFrame(), raw_dir=None)


def test_columns_are_exactly_those_of_bounds_csv():
    assert tuple(build_bounds(make_raw({"yes": 31, "no": 5}, 68), "d").columns) == BOUNDS_COLUMNS


def test_manski_bounds_let_every_non_respondent_answer_either_way():
    row = build_bounds(make_raw({"yes": 31, "no": 5}, 68), "d").iloc[0]
    # 31 of 36 respondents among 68 present: at least 31/68, at most (31 + 32)/68.
    assert (row["manski_low"], row["manski_high"]) == pytest.approx((31 / 68, 63 / 68))


def test_finite_population_interval_is_the_exact_hypergeometric_interval():
    row = build_bounds(make_raw({"yes": 31, "no": 5}, 68), "d").iloc[0]
    assert (row["fpc_low"], row["fpc_high"]) == hypergeometric_interval(31, 36, 68)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_bounds_with_the_finite_population_interval_inside_them(method: str):
    # 1 'yes' of 12 respondents among 17 present: the case that once fell below 1/17.
    table = build_bounds(make_raw({"yes": 1, "no": 11}, 17), "d", confidence=0.9, method=method)
    assert list(table["method"]) == [method, method] and list(table["confidence"]) == [0.9, 0.9]
    assert (table["manski_low"] <= table["fpc_low"]).all() and (table["fpc_high"] <= table["manski_high"]).all()
    assert table.iloc[0]["fpc_low"] == 1 / 17
    assert (table.iloc[0]["ci_low"], table.iloc[0]["ci_high"]) == proportion_interval(1, 12, method, 0.9)


def test_full_response_collapses_the_manski_bounds_to_the_share():
    row = build_bounds(make_raw({"yes": 6, "no": 2}, 8), "d").iloc[0]
    assert row["manski_low"] == pytest.approx(0.75) and row["manski_high"] == pytest.approx(0.75)


def test_unknown_attendance_gives_an_empty_table_with_header():
    table = build_bounds(make_raw({"yes": 31, "no": 5}, None), "d")
    assert table.empty and tuple(table.columns) == BOUNDS_COLUMNS


def test_more_respondents_than_attendees_gives_no_bounds():
    assert build_bounds(make_raw({"yes": 49, "no": 30}, 76), "d").empty


def test_shares_of_answers_are_not_shares_of_people_and_get_no_bounds():
    assert build_bounds(make_raw({"a": 6, "b": 7}, 68, multi=True), "d").empty
