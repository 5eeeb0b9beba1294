"""Differences of proportions, exact tests and p-value adjustment, against independent references.

References used below:
* Newcombe RG (1998). Interval estimation for the difference between independent
  proportions: comparison of eleven methods. Statistics in Medicine 17:873-890,
  Table II, method 10 (also R: ``DescTools::BinomDiffCI(x1, n1, x2, n2, method = "score")``).
* Agresti A, Caffo B (2000). The American Statistician 54:280-288: the formula, worked by
  hand below (R: ``PropCIs::wald2ci(9, 10, 3, 10, conf.level = 0.95, adjust = "AC")``).
* R documentation of ``stats::fisher.test``: the Tea Tasting example
  ``fisher.test(matrix(c(3, 1, 1, 3), 2))`` gives p-value = 0.4857, and the Job
  satisfaction example ``fisher.test(Job)`` gives p-value = 0.7827.
* Exact enumeration written independently in the tests (binomial and hypergeometric
  sums over all outcomes; permutations of expanded data).
"""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.stats import norm

from dialogstats.stats.comparisons import (
    DIFFERENCE_METHODS,
    adjust_pvalues,
    boschloo_2x2,
    fisher_two_sided_all,
    difference_coverage,
    difference_coverage_table,
    difference_interval,
    fisher_exact_2x2,
    ordinal_test,
    rxc_exact_test,
)
from dialogstats.errors import ParameterError, UnknownNameError

# (x1, n1, x2, n2, lower, upper): Newcombe (1998) Table II, method 10, 95 %
NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (0, 10, 0, 10, -0.2775, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
    (10, 10, 0, 10, 0.6075, 1.0000),
]


# --- intervals for a difference ------------------------------------------------------


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "low", "high"), NEWCOMBE_TABLE_II)
def test_newcombe_interval_reproduces_table_ii_of_newcombe_1998(x1, n1, x2, n2, low, high):
    diff, got_low, got_high = difference_interval(x1, n1, x2, n2, method="newcombe")
    assert diff == pytest.approx(x1 / n1 - x2 / n2)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


def test_agresti_caffo_interval_adds_one_success_and_one_failure_per_group():
    # By hand: p1 = 10/12, p2 = 4/12, se = sqrt(p1 q1 / 12 + p2 q2 / 12) = sqrt(0.0300926)
    se = np.sqrt((10 / 12) * (2 / 12) / 12 + (4 / 12) * (8 / 12) / 12)
    z = norm.ppf(0.975)
    diff, low, high = difference_interval(9, 10, 3, 10, method="agresti_caffo")
    assert diff == pytest.approx(0.6)
    assert low == pytest.approx(0.5 - z * se, abs=1e-12)
    assert high == pytest.approx(0.5 + z * se, abs=1e-12)
    assert (low, high) == pytest.approx((0.1600, 0.8400), abs=1e-4)


def test_agresti_caffo_interval_is_clipped_to_minus_one_and_one():
    _, low, high = difference_interval(10, 10, 0, 10, method="agresti_caffo")
    assert high == 1.0 and low > 0


def test_difference_interval_is_antisymmetric_in_the_groups():
    for method in DIFFERENCE_METHODS:
        d, low, high = difference_interval(7, 15, 3, 17, method=method)
        d2, low2, high2 = difference_interval(3, 17, 7, 15, method=method)
        assert (d2, low2, high2) == pytest.approx((-d, -high, -low))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.integers(1, 80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_newcombe_interval_contains_the_observed_difference_and_stays_in_range(g1, g2):
    diff, low, high = difference_interval(*g1, *g2, method="newcombe")
    assert -1.0 <= low <= diff + 1e-12
    assert diff - 1e-12 <= high <= 1.0


def test_wider_confidence_gives_a_wider_interval():
    _, l90, h90 = difference_interval(7, 15, 3, 17, confidence=0.90)
    _, l99, h99 = difference_interval(7, 15, 3, 17, confidence=0.99)
    assert l99 < l90 and h99 > h90


@pytest.mark.parametrize("bad", [(16, 15, 3, 17), (-1, 15, 3, 17), (0, 0, 3, 17), (1.5, 15, 3, 17)])
def test_impossible_counts_are_refused(bad):
    with pytest.raises(ParameterError):
        difference_interval(*bad)


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95])
def test_confidence_outside_zero_one_is_refused(confidence):
    with pytest.raises(ParameterError):
        difference_interval(7, 15, 3, 17, confidence=confidence)


def test_unknown_difference_method_is_refused_with_the_valid_ones():
    with pytest.raises(UnknownNameError, match="newcombe, agresti_caffo"):
        difference_interval(7, 15, 3, 17, method="wald")


# --- exact coverage --------------------------------------------------------------------


def test_coverage_equals_an_independent_double_sum_over_outcomes():
    n1, n2, p1, p2 = 7, 8, 0.3, 0.6
    expected = 0.0
    for x1 in range(n1 + 1):
        for x2 in range(n2 + 1):
            _, low, high = difference_interval(x1, n1, x2, n2)
            if low <= p1 - p2 <= high:
                expected += comb(n1, x1) * p1**x1 * (1 - p1) ** (n1 - x1) * comb(n2, x2) * p2**x2 * (1 - p2) ** (n2 - x2)
    assert difference_coverage("newcombe", n1, n2, p1, p2) == pytest.approx(expected, abs=1e-12)


def test_coverage_is_a_probability_and_broadcasts_over_the_true_proportions():
    cov = difference_coverage("agresti_caffo", 15, 17, np.array([0.1, 0.5, 0.9]), 0.5)
    assert cov.shape == (3,)
    assert np.all((cov >= 0) & (cov <= 1))


def test_coverage_table_has_one_row_per_method_and_sizes():
    table = difference_coverage_table(DIFFERENCE_METHODS, [(15, 17), (7, 8)], grid=5)
    assert list(table.columns) == ["method", "n1", "n2", "confidence", "mean_coverage", "min_coverage",
                                   "share_below_nominal", "expected_length"]
    assert len(table) == 4
    assert (table.min_coverage <= table.mean_coverage).all()


# --- exact tests ----------------------------------------------------------------------


def test_fisher_exact_reproduces_the_tea_tasting_example_of_r():
    # R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value  # 0.4857
    assert fisher_exact_2x2(3, 4, 1, 4) == pytest.approx(0.4857, abs=5e-5)


def test_fisher_exact_of_identical_groups_is_one():
    assert fisher_exact_2x2(0, 5, 0, 7) == 1.0


def _boschloo_two_sided_by_enumeration(x1, n1, x2, n2) -> float:
    """Boschloo's p: maximum over a fine grid of pi of P(Fisher two-sided p <= observed), every table listed."""
    fisher = {(a, b): stats.fisher_exact([[a, n1 - a], [b, n2 - b]]).pvalue for a in range(n1 + 1) for b in range(n2 + 1)}
    extreme = [t for t, p in fisher.items() if p <= fisher[(x1, x2)] * (1 + 1e-7)]

    def probability(pi: np.ndarray) -> np.ndarray:
        return sum(stats.binom.pmf(a, n1, pi) * stats.binom.pmf(b, n2, pi) for a, b in extreme)

    coarse = np.linspace(0, 1, 10_001)
    best = coarse[np.argmax(probability(coarse))]
    fine = np.linspace(max(best - 1e-4, 0), min(best + 1e-4, 1), 2_001)
    return min(float(max(probability(coarse).max(), probability(fine).max())), 1.0)


@pytest.mark.parametrize(("x1", "n1", "x2", "n2"), [(7, 15, 3, 17), (3, 4, 1, 4), (2, 7, 6, 8), (1, 7, 5, 8), (0, 5, 4, 6)])
def test_boschloo_matches_a_brute_force_maximum_over_the_nuisance_proportion(x1, n1, x2, n2):
    assert boschloo_2x2(x1, n1, x2, n2) == pytest.approx(_boschloo_two_sided_by_enumeration(x1, n1, x2, n2), abs=1e-7)


def test_fisher_two_sided_p_of_every_table_matches_scipy():
    table = fisher_two_sided_all(7, 8)
    for a in range(8):
        for b in range(9):
            assert table[a, b] == pytest.approx(fisher_exact_2x2(a, 7, b, 8), rel=1e-9)


def test_boschloo_is_never_larger_than_fisher_on_every_small_table():
    # The docstring's claim, over every table with group sizes 1..10 (3,025 tables) and margins allowed by them.
    worst = max(
        boschloo_2x2(x1, n1, x2, n2) / fisher_two_sided_all(n1, n2)[x1, x2]
        for n1 in range(1, 11) for n2 in range(1, 11) for x1 in range(n1 + 1) for x2 in range(n2 + 1)
    )
    assert worst <= 1 + 1e-6


@pytest.mark.parametrize(("n1", "n2"), [(7, 8), (14, 19), (15, 17)])
def test_boschloo_is_never_larger_than_fisher_at_the_report_group_sizes(n1, n2):
    fisher = fisher_two_sided_all(n1, n2)
    for x1 in range(n1 + 1):
        for x2 in range(n2 + 1):
            assert boschloo_2x2(x1, n1, x2, n2) <= fisher[x1, x2] * (1 + 1e-6)


def test_boschloo_can_be_smaller_than_fisher():
    # 1 of 7 against 5 of 8: Fisher 0.119, Boschloo 0.084 (the unconditional test's gain in power).
    assert boschloo_2x2(1, 7, 5, 8) < fisher_exact_2x2(1, 7, 5, 8) - 0.03


def test_boschloo_of_a_table_without_information_is_one():
    assert boschloo_2x2(0, 5, 0, 7) == 1.0 and boschloo_2x2(5, 5, 7, 7) == 1.0


def _ffh_by_permutation(table: list[list[int]]) -> float:
    """Freeman-Halton p by enumerating every distinct assignment of column labels to row units."""
    rows = [sum(r) for r in table]
    cols = [sum(c) for c in zip(*table)]
    units = [j for j, c in enumerate(cols) for _ in range(c)]
    seen: dict[tuple, int] = {}
    for perm in set(itertools.permutations(units)):
        start, t = 0, []
        for r in rows:
            t.append(tuple(sum(1 for u in perm[start:start + r] if u == j) for j in range(len(cols))))
            start += r
        seen[tuple(t)] = seen.get(tuple(t), 0) + 1
    total = sum(seen.values())
    observed = seen[tuple(tuple(r) for r in table)] / total
    return sum(c for c in seen.values() if c / total <= observed * (1 + 1e-7)) / total


def test_rxc_exact_test_equals_an_independent_permutation_enumeration():
    table = [[2, 0, 1], [0, 2, 1], [1, 1, 0]]
    assert rxc_exact_test(table) == pytest.approx(_ffh_by_permutation(table), abs=1e-12)


def test_rxc_exact_test_on_a_2x2_table_equals_fisher():
    assert rxc_exact_test([[3, 1], [1, 3]]) == pytest.approx(0.4857, abs=5e-5)


def test_rxc_monte_carlo_reproduces_the_job_satisfaction_example_of_r():
    # R: Job <- matrix(c(1,2,1,0, 3,3,6,1, 10,10,14,9, 6,7,12,11), 4, 4); fisher.test(Job)  # 0.7827
    job = np.array([[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]).T
    p = rxc_exact_test(job, n_resamples=100_000, seed=1)
    assert p == pytest.approx(0.7827, abs=0.006)


def test_rxc_monte_carlo_is_reproducible_with_the_same_seed():
    job = [[1, 2, 1, 0], [3, 3, 6, 1], [10, 10, 14, 9], [6, 7, 12, 11]]
    assert rxc_exact_test(job, n_resamples=2000, seed=7, max_tables=1) == rxc_exact_test(
        job, n_resamples=2000, seed=7, max_tables=1
    )


def test_rxc_table_with_an_empty_column_drops_it():
    assert rxc_exact_test([[3, 0, 1], [1, 0, 3]]) == pytest.approx(rxc_exact_test([[3, 1], [1, 3]]))


def test_rxc_refuses_negative_entries():
    with pytest.raises(ParameterError):
        rxc_exact_test([[3, -1], [1, 3]])


def _wmw_by_permutation(counts_a, counts_b) -> float:
    """Two-sided exact WMW p with mid-ranks, by enumerating every split of the pooled scores."""
    scores = [k for k, c in enumerate(counts_a) for _ in range(c)] + [k for k, c in enumerate(counts_b) for _ in range(c)]
    n_a = sum(counts_a)
    order = sorted(scores)
    midrank = {s: (order.index(s) + 1 + len(order) - order[::-1].index(s)) / 2 for s in set(scores)}
    expected = n_a * (len(scores) + 1) / 2
    observed = abs(sum(midrank[s] for s in scores[:n_a]) - expected)
    splits = list(itertools.combinations(range(len(scores)), n_a))
    hits = sum(1 for idx in splits if abs(sum(midrank[scores[i]] for i in idx) - expected) >= observed - 1e-9)
    return hits / len(splits)


@pytest.mark.parametrize(("a", "b"), [([2, 3, 5], [6, 2, 1]), ([1, 2, 1], [0, 3, 4]), ([3, 0, 0], [0, 0, 3])])
def test_ordinal_test_equals_an_independent_permutation_enumeration(a, b):
    assert ordinal_test(a, b) == pytest.approx(_wmw_by_permutation(a, b), abs=1e-12)


def test_ordinal_test_of_identical_groups_is_one():
    assert ordinal_test([2, 3, 4], [2, 3, 4]) == pytest.approx(1.0)


def test_ordinal_test_refuses_an_empty_group():
    with pytest.raises(ParameterError):
        ordinal_test([0, 0, 0], [1, 2, 3])


# --- adjustment ------------------------------------------------------------------------


def test_holm_adjustment_worked_by_hand():
    # sorted p * (m - i + 1): 0.05, 0.08, 0.09, 0.08, 0.05 -> running maximum
    assert adjust_pvalues([0.01, 0.02, 0.03, 0.04, 0.05], "holm") == pytest.approx([0.05, 0.08, 0.09, 0.09, 0.09])


def test_benjamini_hochberg_adjustment_worked_by_hand():
    # p * m / rank: 0.05 for every rank
    assert adjust_pvalues([0.01, 0.02, 0.03, 0.04, 0.05], "fdr_bh") == pytest.approx([0.05] * 5)


def test_missing_p_values_stay_missing_and_leave_the_family():
    out = adjust_pvalues([0.01, np.nan, 0.04], "holm")
    assert np.isnan(out[1])
    assert out[[0, 2]] == pytest.approx([0.02, 0.04])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=12), st.sampled_from(["holm", "fdr_bh"]))
def test_adjusted_p_values_are_never_below_the_raw_ones(p, method):
    assert np.all(adjust_pvalues(p, method) >= np.asarray(p) - 1e-15)


def test_unknown_adjustment_is_refused():
    with pytest.raises(UnknownNameError):
        adjust_pvalues([0.1], "bonferroni")
