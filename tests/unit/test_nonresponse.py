"""Nonresponse: Manski bounds, exact hypergeometric and finite-population intervals."""

from __future__ import annotations

from math import comb

import pytest

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.intervals import proportion_interval
from dialogstats.stats.nonresponse import (
    finite_population_correction,
    fpc_interval,
    hypergeometric_interval,
    manski_bounds,
    nonresponse_summary,
)


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


def _hypergeometric_limits_by_enumeration(x: int, n: int, big_n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Invert the two tail tests with probabilities from binomial coefficients."""

    def pmf(k: int, big_k: int) -> float:
        return comb(big_k, k) * comb(big_n - big_k, n - k) / comb(big_n, n)

    accepted = []
    for big_k in range(big_n + 1):
        if big_k < x or big_n - big_k < n - x:
            continue
        upper_tail = sum(pmf(k, big_k) for k in range(x, n + 1))
        lower_tail = sum(pmf(k, big_k) for k in range(0, x + 1))
        if upper_tail > alpha / 2 and lower_tail > alpha / 2:
            accepted.append(big_k)
    return min(accepted) / big_n, max(accepted) / big_n


@pytest.mark.parametrize(("x", "n", "big_n"), [(31, 36, 68), (0, 7, 15), (7, 7, 15), (3, 10, 40), (12, 20, 21)])
def test_hypergeometric_interval_matches_enumeration(x: int, n: int, big_n: int) -> None:
    assert hypergeometric_interval(x, n, big_n) == pytest.approx(_hypergeometric_limits_by_enumeration(x, n, big_n))


def test_hypergeometric_interval_is_a_point_when_everyone_answered() -> None:
    assert hypergeometric_interval(4, 10, 10) == (0.4, 0.4)


def test_hypergeometric_interval_lies_within_manski_bounds() -> None:
    low, high = hypergeometric_interval(31, 36, 68)
    bounds = manski_bounds(31, 36, 68)
    assert bounds[0] <= low and high <= bounds[1]


def test_finite_population_correction_formula() -> None:
    assert finite_population_correction(36, 68) == pytest.approx(32 / 67)


def test_fpc_wilson_is_narrower_than_plain_wilson() -> None:
    plain = proportion_interval(31, 36)
    corrected = fpc_interval(31, 36, 68)
    assert plain[0] < corrected[0] and corrected[1] < plain[1]


def test_fpc_wilson_tends_to_plain_wilson_for_a_huge_population() -> None:
    assert fpc_interval(31, 36, 10**9) == pytest.approx(proportion_interval(31, 36), abs=1e-7)


def test_fpc_interval_hypergeometric_method() -> None:
    assert fpc_interval(31, 36, 68, method="hypergeometric") == hypergeometric_interval(31, 36, 68)


def test_fpc_interval_unknown_method_lists_valid_names() -> None:
    with pytest.raises(UnknownNameError, match="valid: wilson, hypergeometric"):
        fpc_interval(31, 36, 68, method="blaker")


def test_summary_puts_the_views_side_by_side() -> None:
    summary = nonresponse_summary(31, 36, 68)
    assert (summary["manski_low"], summary["manski_high"]) == manski_bounds(31, 36, 68)
    assert (summary["ci_low"], summary["ci_high"]) == proportion_interval(31, 36)
    assert (summary["hyper_low"], summary["hyper_high"]) == hypergeometric_interval(31, 36, 68)
    assert summary["share"] == 31 / 36
