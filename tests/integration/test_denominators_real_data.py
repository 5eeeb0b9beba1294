"""What each share is a share of, on the real data: the processed tables follow one rule.

Expectations are worked by hand from the report's text (locators in data/raw/).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogstats.analysis.crossnetwork import NOT_TESTED_REASONS
from dialogstats.analysis.shares import PEOPLE_BASES

pytestmark = pytest.mark.integration


def rows(processed: Path, table: str) -> list[dict[str, str]]:
    with open(processed / table, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def processed(processed_outputs) -> Path:
    return processed_outputs


def test_no_test_in_the_comparisons_sets_ticks_against_people(processed):
    for table in ("comparisons.csv", "comparisons_fdr.csv"):
        for row in rows(processed, table):
            if row["p_value"]:
                assert {row["basis_a"], row["basis_b"]} <= set(PEOPLE_BASES), row
                assert row["not_tested_reason"] == "" and row["family"] and row["n_a"] and row["n_b"], row
            else:
                assert row["not_tested_reason"] in NOT_TESTED_REASONS, row


def test_the_multi_select_five_perspectives_answers_are_tested_only_through_yes(processed):
    # 7 of the 14 school heads and 2 of the 8 health heads said yes; their No reasons are ticks.
    tested = [r for r in rows(processed, "comparisons.csv") if r["p_value"] and r["construct"] == "five_perspectives"]
    networks = [r for r in tested if {r["a"], r["b"]} & {"skolchef__five_perspectives", "hossoc__five_perspectives"}]
    assert networks and {r["option"] for r in networks} == {"yes"}
    people = {(r["b"], int(r["n_b"]), float(r["share_b"])) for r in networks}
    assert ("skolchef__five_perspectives", 14, 0.5) in people and ("hossoc__five_perspectives", 8, 0.25) in people


def test_families_are_constructs_and_kinds_of_test(processed):
    for row in rows(processed, "comparisons.csv"):
        if row["p_value"]:
            assert row["family"] == f"{row['construct']}/{row['test']}" and row["adjustment"] == "holm"


def test_the_culture_committees_codes_are_shares_of_its_15_answers(processed):
    # 16 codes of 15 answers: each code out of 15, and no simultaneous intervals.
    best = [r for r in rows(processed, "shares.csv") if r["question_id"] == "kultur_bildning__best_outcome"]
    assert {r["n"] for r in best} == {"15"} and {r["basis"] for r in best} == {"codes"}
    assert not {r["method"] for r in best} & {"goodman", "sison_glaz"}


def test_the_health_heads_world_impact_is_six_of_the_eight_who_answered(processed):
    row = next(r for r in rows(processed, "shares.csv") if r["question_id"] == "hossoc__world_impact" and r["method"] == "wilson")
    assert (row["n"], row["n_max"], row["n_source"]) == ("8", "8", "printed_respondents")


def test_every_percentage_only_question_says_where_its_denominator_comes_from(processed):
    sources = {r["n_source"] for r in rows(processed, "shares.csv")}
    assert sources <= {"n_reported", "sum_of_counts", "answers_total", "printed_respondents", "smallest_feasible", "none"}
