"""Smallest attainable p-values and families of tests, checked by exact enumeration.

References: the minimum over every possible table is enumerated here (hypergeometric
probabilities written out with math.comb for Fisher's test; the package's own tests run
over every table for the others); R ``p.adjust`` for the Benjamini-Yekutieli values.
"""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats import comparisons
from dialogstats.stats.multiplicity import adjust_family, can_reach, fdr_method, smallest_attainable_p


def fisher_two_sided(x1: int, n1: int, x2: int, n2: int) -> float:
    # Fisher's exact test written out: condition on both margins, add the tables no more probable than the observed.
    m, total = x1 + x2, n1 + n2
    probs = {a: comb(n1, a) * comb(n2, m - a) / comb(total, m) for a in range(max(0, m - n2), min(n1, m) + 1)}
    return min(1.0, sum(p for p in probs.values() if p <= probs[x1] * (1 + 1e-7)))


def two_row_tables(n1: int, n2: int, k: int):
    compositions = lambda n: [c for c in itertools.product(range(n + 1), repeat=k) if sum(c) == n]  # noqa: E731
    yield from itertools.product(compositions(n1), compositions(n2))


@pytest.mark.parametrize(("n1", "n2"), [(a, b) for a in range(1, 9) for b in range(a, 9)])
def test_fisher_smallest_p_is_the_minimum_over_every_table(n1, n2):
    enumerated = min(fisher_two_sided(x1, n1, x2, n2) for x1 in range(n1 + 1) for x2 in range(n2 + 1))
    assert smallest_attainable_p("fisher", n1, n2) == pytest.approx(enumerated, rel=1e-9)
    assert smallest_attainable_p("fisher", n2, n1) == pytest.approx(enumerated, rel=1e-9)


@pytest.mark.parametrize(("n1", "n2"), [(1, 1), (1, 3), (2, 2), (2, 4), (3, 3), (1, 5)])
def test_whole_distribution_tests_reach_no_lower_than_the_separated_table(n1, n2):
    tables = [np.array([a, b]) for a, b in two_row_tables(n1, n2, 3)]
    ffh = min(comparisons.rxc_exact_test(t) for t in tables)
    ordinal = min(comparisons.ordinal_test(t[0], t[1]) for t in tables)
    assert smallest_attainable_p("fisher_freeman_halton", n1, n2) == pytest.approx(ffh, rel=1e-9)
    assert smallest_attainable_p("ordinal", n1, n2) == pytest.approx(ordinal, rel=1e-9)


@pytest.mark.parametrize(("n1", "n2"), [(1, 1), (1, 2), (2, 2), (1, 4), (2, 3), (3, 3)])
def test_boschloo_smallest_p_is_the_minimum_over_every_table(n1, n2):
    enumerated = min(comparisons.boschloo_2x2(x1, n1, x2, n2) for x1 in range(n1 + 1) for x2 in range(n2 + 1))
    assert smallest_attainable_p("boschloo", n1, n2) == pytest.approx(enumerated, rel=1e-6)


def test_one_person_against_a_group_reaches_five_percent_only_from_twenty_on():
    # Fisher: 1 / (n + 1) for groups of 1 and n.
    assert smallest_attainable_p("fisher", 1, 19) == pytest.approx(1 / 20)
    assert can_reach("fisher", 1, 19, 0.05) and not can_reach("fisher", 1, 18, 0.05)
    assert smallest_attainable_p("fisher", 1, 1) == 1.0


def test_an_empty_group_or_unknown_test_is_refused():
    with pytest.raises(ParameterError, match="n1"):
        smallest_attainable_p("fisher", 0, 5)
    with pytest.raises(UnknownNameError, match="valid: fisher, boschloo"):
        smallest_attainable_p("chi2", 5, 5)


def test_tests_sharing_no_group_may_use_benjamini_hochberg():
    assert fdr_method([("a", "b"), ("c", "d")]) == "fdr_bh"
    assert fdr_method([("a", "b")]) == "fdr_bh"


def test_tests_sharing_a_group_use_benjamini_yekutieli():
    # One question compared with two others, or two options of one pair: not independent.
    assert fdr_method([("a", "b"), ("a", "c")]) == "fdr_by"
    assert fdr_method([("a", "b"), ("a", "b")]) == "fdr_by"


def test_benjamini_yekutieli_matches_r():
    # R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), method = "BY") -> 0.1141667 for all five
    # (BH gives 0.05 for all five; BY multiplies by 1 + 1/2 + 1/3 + 1/4 + 1/5).
    adjusted, used = adjust_family([0.01, 0.02, 0.03, 0.04, 0.05], [("a", "b")] * 5, "fdr")
    assert used == "fdr_by"
    assert adjusted == pytest.approx([0.1141667] * 5, abs=5e-8)


def test_holm_is_the_same_whatever_the_dependence():
    adjusted, used = adjust_family([0.01, 0.04], [("a", "b"), ("c", "d")], "holm")
    assert used == "holm" and list(adjusted) == pytest.approx([0.02, 0.04])


def test_unknown_family_adjustment_is_refused():
    with pytest.raises(UnknownNameError, match="valid: holm, fdr"):
        adjust_family([0.1], [("a", "b")], "bonferroni")
