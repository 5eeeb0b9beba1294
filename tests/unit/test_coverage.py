"""Exact coverage, checked against coverage enumerated independently with scipy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dialogstats.stats.coverage import (
    COVERAGE_COLUMNS,
    coverage_summary,
    coverage_table,
    exact_coverage,
    expected_length,
    interval_table,
)
from dialogstats.errors import ParameterError, UnknownNameError


def _clopper_pearson_coverage_by_loop(n: int, p: float) -> float:
    total = 0.0
    for x in range(n + 1):
        low = 0.0 if x == 0 else stats.beta.ppf(0.025, x, n - x + 1)
        high = 1.0 if x == n else stats.beta.ppf(0.975, x + 1, n - x)
        if low <= p <= high:
            total += stats.binom.pmf(x, n, p)
    return total


@pytest.mark.parametrize(("n", "p"), [(10, 0.1), (10, 0.37), (25, 0.5), (7, 0.93)])
def test_clopper_pearson_coverage_matches_direct_enumeration(n: int, p: float) -> None:
    assert exact_coverage("clopper_pearson", n, [p])[0] == pytest.approx(_clopper_pearson_coverage_by_loop(n, p), abs=1e-12)


def test_wald_coverage_at_small_p_misses_the_outcome_zero() -> None:
    # n = 10, p = 0.01: Wald gives [0, 0] at x = 0, [0, 0.286] at x = 1, [0, 0.448] at
    # x = 2 and starts above 0.016 from x = 3 on, so only x = 1 and x = 2 cover p.
    expected = stats.binom.pmf(1, 10, 0.01) + stats.binom.pmf(2, 10, 0.01)
    assert exact_coverage("wald", 10, [0.01])[0] == pytest.approx(expected, abs=1e-12)


def test_coverage_at_p_zero_is_one_when_the_interval_at_x_zero_starts_at_zero() -> None:
    assert exact_coverage("wilson", 15, [0.0])[0] == pytest.approx(1.0)


def test_expected_length_is_the_binomial_average_of_lengths() -> None:
    table = interval_table("wilson", 8)
    lengths = table["ci_high"] - table["ci_low"]
    expected = float(np.sum(stats.binom.pmf(table["x"], 8, 0.3) * lengths))
    assert expected_length("wilson", 8, [0.3])[0] == pytest.approx(expected, abs=1e-12)


def test_coverage_is_vectorised_over_p() -> None:
    p = np.array([0.05, 0.2, 0.5])
    vector = exact_coverage("jeffreys", 12, p)
    assert vector.shape == (3,)
    assert vector[1] == pytest.approx(exact_coverage("jeffreys", 12, [0.2])[0])


def test_summary_reports_mean_min_and_length() -> None:
    summary = coverage_summary("clopper_pearson", 20, grid=200)
    assert set(summary) == set(COVERAGE_COLUMNS)
    assert summary["min_coverage"] >= 0.95
    assert summary["min_coverage"] <= summary["mean_coverage"] <= 1.0


def test_wilson_mean_coverage_is_near_nominal_but_minimum_is_not() -> None:
    # Brown, Cai & DasGupta (2001): Wilson's mean coverage is close to nominal while it
    # dips well below at some p for small n.
    summary = coverage_summary("wilson", 20)
    assert abs(summary["mean_coverage"] - 0.95) < 0.01
    assert summary["min_coverage"] < 0.93


def test_table_has_one_row_per_method_and_n_with_fixed_columns() -> None:
    table = coverage_table(["wilson", "blaker"], [12, 7, 12], grid=100)
    assert list(table.columns) == list(COVERAGE_COLUMNS)
    assert list(zip(table["method"], table["n"])) == [("wilson", 7), ("wilson", 12), ("blaker", 7), ("blaker", 12)]


def test_table_rejects_unknown_methods() -> None:
    with pytest.raises(UnknownNameError):
        coverage_table(["wilson", "exact"], [10])


@pytest.mark.parametrize("n", [0, -3, 2.5])
def test_invalid_n_raises(n: object) -> None:
    with pytest.raises(ParameterError):
        exact_coverage("wilson", n, [0.5])  # type: ignore[arg-type]


def test_p_outside_unit_interval_raises() -> None:
    with pytest.raises(ParameterError):
        exact_coverage("wilson", 10, [1.2])


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.sampled_from(["clopper_pearson", "blaker"]))
def test_exact_methods_never_cover_below_nominal(n: int, method: str) -> None:
    p = np.linspace(0.0005, 0.9995, 2000)
    assert exact_coverage(method, n, p).min() >= 0.95 - 1e-9
