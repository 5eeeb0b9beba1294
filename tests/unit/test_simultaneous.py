"""Simultaneous intervals against Sison & Glaz (1995) and exact enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.simultaneous import (
    SIMULTANEOUS_METHODS,
    simultaneous_coverage,
    simultaneous_intervals,
)

# Sison & Glaz (1995), Journal of the American Statistical Association 90:366-369,
# example 1; Goodman limits as printed in the paper (3 decimals) and Sison-Glaz limits
# from R package MultinomialCI, multinomialCI(c(56, 72, 73, 59, 62, 87, 58), 0.05),
# both as recorded in statsmodels' stats/tests/results/results_multinomial_proportions.py.
SG_EXAMPLE_COUNTS = [56, 72, 73, 59, 62, 87, 58]
GOODMAN_PRINTED = [
    (0.085, 0.166), (0.115, 0.204), (0.116, 0.207), (0.091, 0.173), (0.096, 0.181), (0.143, 0.239), (0.089, 0.171)
]
SISON_GLAZ_R = [
    (0.07922912, 0.1643361), (0.11349036, 0.1985973), (0.11563169, 0.2007386), (0.08565310, 0.1707601),
    (0.09207709, 0.1771840), (0.14561028, 0.2307172), (0.08351178, 0.1686187),
]


def test_goodman_is_the_default_and_listed_first() -> None:
    assert SIMULTANEOUS_METHODS[0] == "goodman"
    assert np.array_equal(simultaneous_intervals([3, 4, 5]), simultaneous_intervals([3, 4, 5], "goodman"))


def test_goodman_matches_sison_glaz_1995_example() -> None:
    assert np.round(simultaneous_intervals(SG_EXAMPLE_COUNTS, "goodman"), 3).tolist() == [list(r) for r in GOODMAN_PRINTED]


def test_sison_glaz_matches_r_multinomialci() -> None:
    assert simultaneous_intervals(SG_EXAMPLE_COUNTS, "sison_glaz") == pytest.approx(np.array(SISON_GLAZ_R), abs=1e-4)


def test_goodman_is_a_wilson_interval_at_the_bonferroni_level() -> None:
    # Goodman (1965): chi-square(1) quantile at 1 - alpha / k, i.e. z at 1 - alpha / (2k).
    counts = np.array([5, 2, 0])
    n, z = counts.sum(), stats.norm.ppf(1 - 0.05 / 6)
    centre = (counts + z**2 / 2) / (n + z**2)
    half = z * np.sqrt(n) / (n + z**2) * np.sqrt(counts / n * (1 - counts / n) + z**2 / (4 * n))
    expected = np.column_stack([np.maximum(centre - half, 0), centre + half])
    assert simultaneous_intervals(counts, "goodman") == pytest.approx(expected, abs=1e-10)


@pytest.mark.parametrize("method", SIMULTANEOUS_METHODS)
def test_zero_count_has_lower_limit_zero(method: str) -> None:
    ci = simultaneous_intervals([7, 0, 5], method)
    assert ci[1, 0] == 0.0
    assert 0.0 < ci[1, 1] < 1.0


@pytest.mark.parametrize("method", SIMULTANEOUS_METHODS)
def test_result_does_not_depend_on_option_order(method: str) -> None:
    forward = simultaneous_intervals([9, 2, 5], method)
    backward = simultaneous_intervals([5, 2, 9], method)
    assert np.array_equal(forward, backward[::-1])


@pytest.mark.parametrize("method", SIMULTANEOUS_METHODS)
def test_limits_lie_in_unit_interval(method: str) -> None:
    ci = simultaneous_intervals([7, 0, 0], method)
    assert np.all((ci >= 0) & (ci <= 1)) and np.all(ci[:, 0] <= ci[:, 1])


def _coverage_by_loop(method: str, n: int, p: tuple[float, ...]) -> float:
    total = 0.0
    for counts in itertools.product(range(n + 1), repeat=len(p)):
        if sum(counts) != n:
            continue
        ci = simultaneous_intervals(list(counts), method)
        if all(ci[i, 0] <= p[i] <= ci[i, 1] for i in range(len(p))):
            total += stats.multinomial.pmf(counts, n, p)
    return total


@pytest.mark.parametrize("method", SIMULTANEOUS_METHODS)
def test_coverage_matches_loop_over_all_outcomes(method: str) -> None:
    p = (0.5, 0.3, 0.2)
    assert simultaneous_coverage(method, 6, p) == pytest.approx(_coverage_by_loop(method, 6, p), abs=1e-12)


def test_sison_glaz_covers_far_below_nominal_with_three_options_at_small_n() -> None:
    assert simultaneous_coverage("sison_glaz", 7, (0.8, 0.1, 0.1)) < 0.9


def test_goodman_covers_near_nominal_with_three_options_at_small_n() -> None:
    assert simultaneous_coverage("goodman", 7, (0.8, 0.1, 0.1)) > 0.93


def test_unknown_method_lists_the_valid_names() -> None:
    with pytest.raises(UnknownNameError, match="valid: goodman, sison_glaz"):
        simultaneous_intervals([1, 2], "bonferroni")


@pytest.mark.parametrize("counts", [[3], [0, 0, 0], [2, -1, 3], [1.5, 2, 3], [[1, 2], [3, 4]]])
def test_invalid_counts_raise(counts: object) -> None:
    with pytest.raises(ParameterError):
        simultaneous_intervals(counts)


def test_coverage_rejects_probabilities_not_summing_to_one() -> None:
    with pytest.raises(ParameterError):
        simultaneous_coverage("goodman", 5, (0.5, 0.3, 0.1))


def test_confidence_outside_unit_interval_raises() -> None:
    with pytest.raises(ParameterError):
        simultaneous_intervals([1, 2, 3], confidence=1.0)


def test_coverage_evidence_has_one_row_per_method_n_and_share_vector():
    from dialogstats.stats.simultaneous import coverage_evidence

    frame = coverage_evidence(ns=(5,), p_vectors=((0.5, 0.3, 0.2),))
    assert list(frame["method"]) == ["goodman", "sison_glaz"]
    assert list(frame["p"]) == ["0.500;0.300;0.200", "0.500;0.300;0.200"]


def test_coverage_evidence_shows_sison_glaz_below_nominal_at_small_n():
    # At n = 7 and p = (.8, .1, .1) Sison-Glaz covers about 0.60 (exact enumeration); Goodman stays near 0.94.
    from dialogstats.stats.simultaneous import coverage_evidence

    frame = coverage_evidence(ns=(7,), p_vectors=((0.8, 0.1, 0.1),)).set_index("method")["coverage"]
    assert frame["sison_glaz"] < 0.7 < 0.9 < frame["goodman"]
