"""Simultaneous intervals against Sison & Glaz (1995), R's MultinomialCI and exact enumeration."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.simultaneous import (
    SIMULTANEOUS_METHODS,
    coverage_evidence,
    coverage_evidence_summary,
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


def _compositions(n: int, k: int):
    return [c for c in itertools.product(range(n + 1), repeat=k) if sum(c) == n]


def _sison_glaz_by_enumeration(counts: tuple[int, ...], confidence: float = 0.95) -> tuple[int, float]:
    """c and gamma of Sison & Glaz with nu(c) summed directly over the multinomial outcomes in the box."""
    n, p_hat = sum(counts), [x / sum(counts) for x in counts]
    outcomes = _compositions(n, len(counts))

    def nu(c: int) -> float:
        if c >= n:
            return 1.0
        return sum(stats.multinomial.pmf(o, n, p_hat) for o in outcomes if all(abs(a - b) <= c for a, b in zip(o, counts)))

    c, nu_c, nu_next = 0, 0.0, nu(1)  # nu(0) taken as 0, as in R's MultinomialCI
    while not nu_c <= confidence < nu_next:
        c += 1
        nu_c, nu_next = nu_next, nu(c + 1)
    return c, (confidence - nu_c) / (nu_next - nu_c)


@pytest.mark.parametrize("counts", [(0, 1, 8), (1, 8), (3, 3, 3), (5, 0, 2, 2), (0, 0, 9), (4, 6, 2)])
def test_sison_glaz_matches_its_definition_with_nu_enumerated(counts: tuple[int, ...]) -> None:
    n = sum(counts)
    c, gamma = _sison_glaz_by_enumeration(counts)
    expected = [(max(0.0, (x - c) / n), min(1.0, (x + c + 2 * gamma) / n)) for x in counts]
    assert simultaneous_intervals(list(counts), "sison_glaz") == pytest.approx(np.array(expected), abs=1e-12)


def test_sison_glaz_is_not_the_whole_unit_interval_when_one_count_is_zero() -> None:
    ci = simultaneous_intervals([0, 1, 8], "sison_glaz")
    assert ci[0, 0] == 0.0 and 0.0 < ci[0, 1] < 0.5 and ci[2, 0] > 0.5


settings_small = settings(max_examples=80, deadline=None)


@settings_small
@given(st.lists(st.integers(min_value=0, max_value=25), min_size=2, max_size=6).filter(lambda c: sum(c) > 0),
       st.sampled_from([0.9, 0.95, 0.99]))
def test_sison_glaz_limits_lie_in_the_unit_interval_around_the_share(counts: list[int], confidence: float) -> None:
    ci = simultaneous_intervals(counts, "sison_glaz", confidence)
    share = np.asarray(counts) / sum(counts)
    assert np.all((0.0 <= ci[:, 0]) & (ci[:, 0] <= share + 1e-12) & (share - 1e-12 <= ci[:, 1]) & (ci[:, 1] <= 1.0))
    # A zero count is never a single point: its upper limit is positive.
    assert np.all(ci[share == 0, 1] > 0.0)


def _coverage_by_loop(method: str, n: int, p: tuple[Fraction, ...]) -> float:
    """Coverage summed over every outcome; Sison-Glaz lower limits compared with p in exact arithmetic."""
    total = 0.0
    for counts in _compositions(n, len(p)):
        ci = simultaneous_intervals(list(counts), method)
        covered = True
        for i, share in enumerate(p):
            low, high = ci[i]
            if method == "sison_glaz" and low > 0:
                c = round(counts[i] - low * n)  # the limit is (x - c) / n with a whole c
                low_exact = Fraction(counts[i] - c, n)
                covered &= low_exact <= share
            else:
                covered &= low <= float(share)
            covered &= float(share) <= high or math.isclose(float(share), high, abs_tol=1e-12)
        if covered:
            total += stats.multinomial.pmf(counts, n, [float(v) for v in p])
    return total


THIRDS = (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))


@pytest.mark.parametrize("method", SIMULTANEOUS_METHODS)
@pytest.mark.parametrize(("n", "p"), [(6, (Fraction(1, 2), Fraction(3, 10), Fraction(1, 5))), (12, THIRDS), (30, THIRDS),
                                      (10, (Fraction(4, 5), Fraction(1, 10), Fraction(1, 10)))])
def test_coverage_matches_loop_over_all_outcomes_with_closed_intervals(method: str, n: int, p: tuple[Fraction, ...]) -> None:
    assert simultaneous_coverage(method, n, tuple(float(v) for v in p)) == pytest.approx(_coverage_by_loop(method, n, p), abs=1e-12)


def test_sison_glaz_limits_fall_exactly_on_a_third_and_count_as_covering() -> None:
    # At n = 30 some outcomes have a lower limit (x - c) / 30 = 10 / 30 = 1/3: a tie, covered by a closed interval.
    ties = [o for o in _compositions(30, 3) if any(
        low > 0 and Fraction(round(x - low * 30), 1) == x - 10 for x, (low, _) in zip(o, simultaneous_intervals(list(o), "sison_glaz")))]
    assert ties
    assert simultaneous_coverage("sison_glaz", 30, (1 / 3, 1 / 3, 1 / 3)) == pytest.approx(_coverage_by_loop("sison_glaz", 30, THIRDS), abs=1e-12)


@pytest.fixture(scope="module")
def evidence():
    return coverage_evidence()


def test_goodman_falls_below_nominal_at_seven_answers_with_lopsided_shares(evidence) -> None:
    # The module docstring: Goodman is not conservative at small n (0.938 at n = 7, p = (0.8, 0.1, 0.1)).
    row = evidence[(evidence["method"] == "goodman") & (evidence["n"] == 7) & (evidence["p"] == "0.800;0.100;0.100")]
    assert row["coverage"].item() == pytest.approx(0.938, abs=5e-4)
    assert row["coverage"].item() < 0.95


def test_sison_glaz_covers_below_nominal_at_every_evidence_point(evidence) -> None:
    summary = coverage_evidence_summary(evidence).set_index("method")
    assert summary.loc["sison_glaz", "below_nominal"] == summary.loc["sison_glaz", "points"] == 9
    assert summary.loc["goodman", "below_nominal"] >= 1
    assert summary.loc["goodman", "min_coverage"] == evidence.loc[evidence["method"] == "goodman", "coverage"].min()
    assert (summary.loc["goodman", "min_n"], summary.loc["goodman", "min_p"]) == (7, "0.800;0.100;0.100")


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
    frame = coverage_evidence(ns=(5,), p_vectors=((0.5, 0.3, 0.2),))
    assert list(frame["method"]) == ["goodman", "sison_glaz"]
    assert list(frame["p"]) == ["0.500;0.300;0.200", "0.500;0.300;0.200"]
