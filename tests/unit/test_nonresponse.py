"""Nonresponse: Manski bounds and the exact finite-population (hypergeometric) interval."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import comb

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import METHODS, proportion_interval
from dialogstats.stats.nonresponse import hypergeometric_interval, manski_bounds, nonresponse_summary

LEVELS = (0.9, 0.95, 0.99)


def test_manski_bounds_for_31_of_36_answers_from_68_attendees() -> None:
    assert manski_bounds(31, 36, 68) == (31 / 68, 63 / 68)


def test_manski_bounds_collapse_when_everyone_answered() -> None:
    assert manski_bounds(5, 20, 20) == (0.25, 0.25)


def test_manski_bounds_reach_zero_and_one() -> None:
    assert manski_bounds(0, 3, 10)[0] == 0.0
    assert manski_bounds(3, 3, 10)[1] == 1.0


@pytest.mark.parametrize(("x", "r", "n"), [(5, 4, 10), (3, 11, 10), (-1, 4, 10), (1, 0, 10), (1.5, 4, 10)])
def test_inconsistent_counts_raise(x: object, r: object, n: object) -> None:
    with pytest.raises(ParameterError):
        manski_bounds(x, r, n)  # type: ignore[arg-type]
    with pytest.raises(ParameterError):
        hypergeometric_interval(x, r, n)  # type: ignore[arg-type]


# --- the exact finite-population interval --------------------------------------------------


@lru_cache(maxsize=None)
def _pmf(k: int, big_k: int, n: int, big_n: int) -> Fraction:
    """P(X = k) when n of big_n are drawn without replacement and big_k of them say yes, as a fraction."""
    return Fraction(comb(big_k, k) * comb(big_n - big_k, n - k), comb(big_n, n))


def _limits_in_exact_arithmetic(x: int, n: int, big_n: int, confidence: float) -> tuple[Fraction, Fraction]:
    """Brute-force inversion: every K from 0 to N, tails summed as fractions, alpha taken as printed."""
    half_alpha = (1 - Fraction(str(confidence))) / 2
    kept = [
        big_k
        for big_k in range(big_n + 1)
        if sum(_pmf(k, big_k, n, big_n) for k in range(x, n + 1)) >= half_alpha
        and sum(_pmf(k, big_k, n, big_n) for k in range(0, x + 1)) >= half_alpha
    ]
    return Fraction(min(kept), big_n), Fraction(max(kept), big_n)


@pytest.mark.parametrize(
    ("x", "n", "big_n"), [(31, 36, 68), (0, 7, 15), (7, 7, 15), (3, 10, 40), (12, 20, 21), (1, 12, 17), (26, 35, 68)]
)
@pytest.mark.parametrize("confidence", LEVELS)
def test_interval_matches_brute_force_inversion_in_exact_arithmetic(x: int, n: int, big_n: int, confidence: float) -> None:
    low, high = _limits_in_exact_arithmetic(x, n, big_n, confidence)
    assert hypergeometric_interval(x, n, big_n, confidence) == (float(low), float(high))


def test_one_yes_of_12_among_17_present_stays_above_one_in_17() -> None:
    # The case where Wilson's interval with a finite-population correction reached below 1/17.
    low, high = hypergeometric_interval(1, 12, 17)
    assert low == 1 / 17 and high == pytest.approx(_float_limits(1, 12, 17)[1])


def _float_limits(x: int, n: int, big_n: int, confidence: float = 0.95) -> tuple[float, float]:
    low, high = _limits_in_exact_arithmetic(x, n, big_n, confidence)
    return float(low), float(high)


def test_interval_is_a_point_when_everyone_answered() -> None:
    assert hypergeometric_interval(4, 10, 10) == (0.4, 0.4)


def test_boundary_conventions() -> None:
    assert hypergeometric_interval(0, 7, 15)[0] == 0.0
    assert hypergeometric_interval(7, 7, 15)[1] == 1.0


def _all_small_tables(max_population: int):
    for big_n in range(1, max_population + 1):
        for n in range(1, big_n + 1):
            for x in range(n + 1):
                yield x, n, big_n


# One representative level: the enumeration is slow, and the other levels use the same code.
@pytest.mark.parametrize("confidence", [0.95])
def test_interval_lies_inside_manski_bounds_for_every_small_table(confidence: float) -> None:
    # Every table with N <= 25 present, n <= N respondents and x <= n 'yes'.
    outside = []
    for x, n, big_n in _all_small_tables(25):
        low, high = hypergeometric_interval(x, n, big_n, confidence)
        bound_low, bound_high = manski_bounds(x, n, big_n)
        if not (bound_low <= low <= high <= bound_high):
            outside.append((x, n, big_n))
    assert outside == []


# One representative level: the enumeration is slow, and the other levels use the same code.
@pytest.mark.parametrize("confidence", [0.95])
def test_coverage_is_at_least_nominal_for_every_true_count(confidence: float) -> None:
    # For each N <= 25, n <= N and each true K: sum of P(x | K) over the x whose interval covers K / N.
    worst = 1.0
    for big_n in range(1, 26):
        for n in range(1, big_n + 1):
            limits = [hypergeometric_interval(x, n, big_n, confidence) for x in range(n + 1)]
            for big_k in range(big_n + 1):
                pmf = stats.hypergeom.pmf(range(n + 1), big_n, big_k, n)
                covered = sum(p for p, (low, high) in zip(pmf, limits) if low * big_n - 1e-9 <= big_k <= high * big_n + 1e-9)
                worst = min(worst, covered)
    assert worst >= confidence - 1e-12


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=300).flatmap(
        lambda big_n: st.integers(min_value=1, max_value=big_n).flatmap(
            lambda n: st.tuples(st.integers(0, n), st.just(n), st.just(big_n))
        )
    ),
    st.floats(min_value=0.5, max_value=0.999),
)
def test_interval_lies_inside_manski_bounds_at_any_size(table: tuple[int, int, int], confidence: float) -> None:
    x, n, big_n = table
    low, high = hypergeometric_interval(x, n, big_n, confidence)
    bound_low, bound_high = manski_bounds(x, n, big_n)
    assert bound_low <= low <= high <= bound_high
    # Limits are shares of whole numbers of people present.
    assert low * big_n == pytest.approx(round(low * big_n)) and high * big_n == pytest.approx(round(high * big_n))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=2, max_value=120).flatmap(
        lambda big_n: st.integers(min_value=1, max_value=big_n).flatmap(
            lambda n: st.tuples(st.integers(0, n), st.just(n), st.just(big_n))
        )
    ),
    st.floats(min_value=0.5, max_value=0.99),
    st.floats(min_value=0.5, max_value=0.99),
)
def test_intervals_nest_as_confidence_grows(table: tuple[int, int, int], c1: float, c2: float) -> None:
    lower, higher = sorted((c1, c2))
    narrow = hypergeometric_interval(*table, lower)
    wide = hypergeometric_interval(*table, higher)
    assert wide[0] <= narrow[0] and narrow[1] <= wide[1]


@pytest.mark.parametrize("method", METHODS)
def test_summary_puts_the_views_side_by_side_for_every_method(method: str) -> None:
    summary = nonresponse_summary(31, 36, 68, method)
    assert (summary["manski_low"], summary["manski_high"]) == manski_bounds(31, 36, 68)
    assert (summary["ci_low"], summary["ci_high"]) == proportion_interval(31, 36, method)
    assert (summary["fpc_low"], summary["fpc_high"]) == hypergeometric_interval(31, 36, 68)
    assert summary["share"] == 31 / 36
