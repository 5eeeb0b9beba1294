"""Multiplicity for exact tests of two small groups: attainable p-values and families.

**Attainable p-values.** A discrete test at fixed group sizes can give only finitely many
p-values; when even the most extreme outcome cannot fall below ``alpha``, the test can
never reject and only dilutes the adjustment of the others (Tarone 1990, *Biometrics*
46:515-522, uses the same observation). :func:`smallest_attainable_p` gives the smallest
p-value a test can reach for groups of ``n1`` and ``n2``:

* ``fisher``, ``fisher_freeman_halton``, ``ordinal`` (the conditional tests of
  :mod:`dialogstats.stats.comparisons`): ``1 / C(n1 + n2, n1)``, doubled when
  ``n1 = n2`` (capped at 1). Reason: given the margins, a 2 x k table has probability
  ``prod_j C(c_j, a_j) / C(N, n1) >= 1 / C(N, n1)``, and each of these p-values is at
  least the probability of the observed table; equality needs every category to hold
  one group only, and the completely separated table (group 1 all in one category,
  group 2 all in another) reaches it, with its mirror image as a second such table
  exactly when ``n1 = n2``. Examples: sizes 1 and 1 give 1; 2 and 2 give 1/3; 1 and
  ``n`` give ``1 / (n + 1)``, so a group of one person can reach 0.05 only against a
  group of at least 20.
* ``boschloo`` (unconditional): Boschloo's p-value is the largest probability, over the
  nuisance proportion, of the tables whose Fisher p-value (one-sided in either direction,
  or two-sided) is at most the observed one, so it is non-decreasing in that ordering
  statistic, and so is twice the smaller one-sided value. The ordering statistic is
  smallest at the two completely separated tables ``(n1 of n1, 0 of n2)`` and
  ``(0 of n1, n2 of n2)`` (the bound above), so the smallest attainable p-value is the
  smaller of the test at those two tables (:func:`dialogstats.stats.comparisons.boschloo_2x2`,
  whatever its two-sided definition, as long as it orders tables by a Fisher p-value).

Both are checked against the minimum over every possible table by exact enumeration in
the tests. A group of size 0 raises :class:`~dialogstats.errors.ParameterError`.

**Families.** :func:`adjust_family` adjusts the p-values of one family: Holm's
step-down (Holm 1979, *Scandinavian Journal of Statistics* 6:65-70; family-wise error,
valid under any dependence) or a false-discovery-rate step-up. Benjamini-Hochberg (1995,
*JRSS B* 57:289-300) controls the FDR for independent or positively regression-dependent
(PRDS) p-values (Benjamini & Yekutieli 2001, *Annals of Statistics* 29:1165-1188). Tests
that share no group of people are independent, so BH applies; tests that share a group
(several options of one question, or one question compared with several others) are
dependent in ways that are not PRDS in general (the options of one question compete for
the same people), so Benjamini-Yekutieli (``fdr_by``, valid under any dependence) is
used instead (:func:`fdr_method`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from math import comb

import numpy as np

from dialogstats.checks import check_name, check_whole

ATTAINABLE_TESTS: tuple[str, ...] = ("fisher", "boschloo", "fisher_freeman_halton", "ordinal")
#: Adjustments within a family: Holm, or the false-discovery rate (BH or BY as :func:`fdr_method` decides).
FAMILY_ADJUSTMENTS: tuple[str, ...] = ("holm", "fdr")


def smallest_attainable_p(test: str, n1: int, n2: int) -> float:
    """The smallest p-value ``test`` can give for two groups of ``n1`` and ``n2`` (see the module docstring)."""
    check_name(test, ATTAINABLE_TESTS, "exact test")
    n1 = check_whole(n1, "n1", 1)
    n2 = check_whole(n2, "n2", 1)
    if test == "boschloo":
        return _boschloo_smallest(n1, n2)
    return min(1.0, (2.0 if n1 == n2 else 1.0) / comb(n1 + n2, n1))


@lru_cache(maxsize=None)
def _boschloo_smallest(n1: int, n2: int) -> float:
    from dialogstats.stats.comparisons import boschloo_2x2

    return min(boschloo_2x2(n1, n1, 0, n2), boschloo_2x2(0, n1, n2, n2))


def can_reach(test: str, n1: int, n2: int, alpha: float) -> bool:
    """Whether ``test`` can give a p-value of at most ``alpha`` at these group sizes."""
    return smallest_attainable_p(test, n1, n2) <= alpha


def fdr_method(groups: Sequence[Iterable[str]]) -> str:
    """``fdr_bh`` when the tests of a family share no group of people (independent tests), else ``fdr_by``.

    ``groups`` holds, per test, the ids of the groups (questions) whose people it uses.
    """
    seen: set[str] = set()
    for g in groups:
        g = set(g)
        if seen & g:
            return "fdr_by"
        seen |= g
    return "fdr_bh"


def adjust_family(p: Sequence[float] | np.ndarray, groups: Sequence[Iterable[str]], adjustment: str = "holm") -> tuple[np.ndarray, str]:
    """Adjusted p-values of one family and the method used (``holm``, ``fdr_bh`` or ``fdr_by``).

    ``adjustment`` is ``holm`` or ``fdr`` (BH when the tests share no group, BY otherwise;
    see :func:`fdr_method`). Computed with
    :func:`dialogstats.stats.comparisons.adjust_pvalues` (statsmodels ``multipletests``).
    """
    from dialogstats.stats.comparisons import adjust_pvalues

    check_name(adjustment, FAMILY_ADJUSTMENTS, "family adjustment")
    method = "holm" if adjustment == "holm" else fdr_method(groups)
    return adjust_pvalues(p, method), method
