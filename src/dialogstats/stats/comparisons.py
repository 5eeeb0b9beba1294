"""Comparing independent groups: intervals for differences of proportions, exact tests, adjustment.

Differences of two proportions (``p1 - p2``, group 1 minus group 2):

* ``newcombe`` — hybrid score interval, Newcombe (1998), *Statistics in Medicine*
  17:873-890, method 10: Wilson score limits of each proportion combined by
  "square and add". Never leaves [-1, 1] and is defined at 0 and n.
* ``agresti_caffo`` — Agresti & Caffo (2000), *The American Statistician* 54:280-288:
  the Wald interval after adding one success and one failure to each group; clipped
  to [-1, 1].

A group of size 0 has no proportion: every function raises :class:`ParameterError`
for ``n = 0`` rather than returning NaN, so that an empty group is never silently
compared.

Tests: Fisher's exact test and Boschloo's unconditional test (Boschloo 1970,
*Statistica Neerlandica* 24:1-9; two-sided with Fisher's two-sided p-value as the ordering,
so never larger than Fisher's) for 2x2 tables; the Fisher-Freeman-Halton exact test
(Freeman & Halton 1951, *Biometrika* 38:141-149) for r x c tables by complete
enumeration, with a seeded Monte Carlo fallback for tables too large to enumerate; the
Wilcoxon-Mann-Whitney test for the collapsed 1-5 scale by exact conditional
enumeration with mid-ranks for ties (Mehta, Patel & Tsiatis 1984, *Biometrics*
40:819-825; Hollander, Wolfe & Chicken 2014, *Nonparametric Statistical Methods*);
Holm (1979, *Scandinavian Journal of Statistics* 6:65-70), Benjamini-Hochberg
(1995, *JRSS B* 57:289-300) and Benjamini-Yekutieli (2001, *Annals of Statistics*
29:1165-1188) adjustment across a family of comparisons (families and attainable
p-values: :mod:`dialogstats.stats.multiplicity`).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import stats
from scipy.special import gammaln, xlog1py, xlogy
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.checks import check_confidence, check_name

DIFFERENCE_METHODS: tuple[str, ...] = ("newcombe", "agresti_caffo")
DEFAULT_DIFFERENCE_METHOD = "newcombe"
ADJUST_METHODS: tuple[str, ...] = ("holm", "fdr_bh", "fdr_by")

#: Largest number of tables the exact r x c test enumerates before it switches to Monte Carlo.
MAX_ENUMERATED_TABLES: int = 2_000_000
#: Monte Carlo resamples and seed of the r x c test when enumeration is too large.
MONTE_CARLO_RESAMPLES: int = 100_000
MONTE_CARLO_SEED: int = 20250101

# Relative tolerance when comparing probabilities of tables: tables as probable as the
# observed one must count as "at least as extreme" despite floating-point noise
# (the same device as R's fisher.test, which uses 1 + 1e-7).
_RELATIVE_TIE = 1e-7


def check_difference_method(method: str) -> str:
    """Return ``method`` if it is one of :data:`DIFFERENCE_METHODS`, else raise :class:`UnknownNameError`."""
    return check_name(method, DIFFERENCE_METHODS, "difference method")


def _check_group(x: int, n: int, which: str) -> None:
    if isinstance(x, bool) or isinstance(n, bool) or int(x) != x or int(n) != n:
        raise ParameterError(f"{which}: count and size must be integers (got x={x!r}, n={n!r})")
    if n <= 0:
        raise ParameterError(f"{which}: group size must be positive (got n={n}); an empty group has no proportion")
    if x < 0 or x > n:
        raise ParameterError(f"{which}: count must lie in 0..n (got x={x}, n={n})")


def _z(confidence: float) -> float:
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def _difference_limits(
    x1: np.ndarray, n1: int, x2: np.ndarray, n2: int, method: str, confidence: float
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised limits over arrays of counts (shapes broadcast)."""
    p1, p2 = x1 / n1, x2 / n2
    diff = p1 - p2
    if method == "newcombe":
        l1, u1 = proportion_confint(x1, n1, alpha=1.0 - confidence, method="wilson")
        l2, u2 = proportion_confint(x2, n2, alpha=1.0 - confidence, method="wilson")
        low = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    else:
        q1, q2 = (x1 + 1.0) / (n1 + 2.0), (x2 + 1.0) / (n2 + 2.0)
        half = _z(confidence) * np.sqrt(q1 * (1 - q1) / (n1 + 2.0) + q2 * (1 - q2) / (n2 + 2.0))
        low, high = (q1 - q2) - half, (q1 - q2) + half
    return np.clip(low, -1.0, 1.0), np.clip(high, -1.0, 1.0)


def difference_interval(
    x1: int, n1: int, x2: int, n2: int, method: str = DEFAULT_DIFFERENCE_METHOD, confidence: float = 0.95
) -> tuple[float, float, float]:
    """Point estimate and two-sided interval for ``p1 - p2`` of two independent binomial groups.

    Returns ``(diff, low, high)`` with ``diff = x1/n1 - x2/n2``. Methods: see the module
    docstring. Both are defined for counts at 0 and n (``0/10 - 0/20`` gives a
    non-degenerate interval around 0); ``n = 0`` raises :class:`ParameterError`.
    The Agresti-Caffo interval is centred on the adjusted difference, so it need not
    contain the observed ``diff`` in extreme tables; the Newcombe interval always does.
    """
    check_difference_method(method)
    confidence = check_confidence(confidence)
    _check_group(x1, n1, "group 1")
    _check_group(x2, n2, "group 2")
    low, high = _difference_limits(np.float64(x1), int(n1), np.float64(x2), int(n2), method, confidence)
    return float(x1 / n1 - x2 / n2), float(low), float(high)


def difference_coverage(
    method: str,
    n1: int,
    n2: int,
    p1: float | Sequence[float] | np.ndarray,
    p2: float | Sequence[float] | np.ndarray,
    confidence: float = 0.95,
) -> np.ndarray:
    """Exact coverage probability of the difference interval at true proportions ``(p1, p2)``.

    Coverage is ``sum over x1, x2 of b(x1; n1, p1) b(x2; n2, p2) 1[low <= p1 - p2 <= high]``,
    enumerated over all ``(n1 + 1)(n2 + 1)`` outcomes (no simulation); limits count as
    covered. ``p1`` and ``p2`` broadcast against each other; the result has their
    broadcast shape.
    """
    check_difference_method(method)
    confidence = check_confidence(confidence)
    _check_group(0, n1, "group 1")
    _check_group(0, n2, "group 2")
    p1a, p2a = np.broadcast_arrays(np.asarray(p1, dtype=float), np.asarray(p2, dtype=float))
    if np.any((p1a < 0) | (p1a > 1) | (p2a < 0) | (p2a > 1)):
        raise ParameterError("true proportions must lie in [0, 1]")
    x1 = np.arange(n1 + 1, dtype=float)[:, None]
    x2 = np.arange(n2 + 1, dtype=float)[None, :]
    low, high = _difference_limits(x1, n1, x2, n2, method, confidence)
    flat1, flat2 = p1a.ravel(), p2a.ravel()
    out = np.empty(flat1.shape)
    b1 = stats.binom.pmf(np.arange(n1 + 1)[None, :], n1, flat1[:, None])
    b2 = stats.binom.pmf(np.arange(n2 + 1)[None, :], n2, flat2[:, None])
    tol = 1e-12  # limits computed in floating point must not miss a true value on the boundary
    for i, delta in enumerate(flat1 - flat2):
        covered = (low <= delta + tol) & (delta - tol <= high)
        out[i] = b1[i] @ covered @ b2[i]
    return out.reshape(p1a.shape)


def difference_coverage_table(
    methods: Sequence[str],
    sizes: Sequence[tuple[int, int]],
    confidence: float = 0.95,
    grid: int = 41,
) -> "pd.DataFrame":  # noqa: F821 - pandas imported lazily below
    """Exact coverage of each method over a ``grid x grid`` lattice of ``(p1, p2)`` in (0, 1)^2.

    The lattice excludes 0 and 1 (where coverage is trivially 1) and uses the midpoints
    ``(i + 0.5) / grid``. Returns one row per method and group sizes with columns
    method, n1, n2, confidence, mean_coverage, min_coverage, share_below_nominal
    (share of lattice points where coverage falls below ``confidence``) and
    expected_length (mean over the lattice of the expected interval length).
    """
    import pandas as pd

    if grid < 2:
        raise ParameterError(f"grid must be at least 2 (got {grid})")
    axis = (np.arange(grid) + 0.5) / grid
    p1, p2 = np.meshgrid(axis, axis, indexing="ij")
    rows = []
    for method in methods:
        check_difference_method(method)
        for n1, n2 in sizes:
            cov = difference_coverage(method, n1, n2, p1, p2, confidence)
            x1 = np.arange(n1 + 1, dtype=float)[:, None]
            x2 = np.arange(n2 + 1, dtype=float)[None, :]
            low, high = _difference_limits(x1, n1, x2, n2, method, confidence)
            b1 = stats.binom.pmf(np.arange(n1 + 1)[None, :], n1, p1.ravel()[:, None])
            b2 = stats.binom.pmf(np.arange(n2 + 1)[None, :], n2, p2.ravel()[:, None])
            lengths = np.einsum("ki,ij,kj->k", b1, high - low, b2)
            rows.append(
                {
                    "method": method,
                    "n1": int(n1),
                    "n2": int(n2),
                    "confidence": float(confidence),
                    "mean_coverage": float(cov.mean()),
                    "min_coverage": float(cov.min()),
                    "share_below_nominal": float((cov < confidence - 1e-12).mean()),
                    "expected_length": float(lengths.mean()),
                }
            )
    return pd.DataFrame(rows)


def _table_2x2(x1: int, n1: int, x2: int, n2: int) -> np.ndarray:
    _check_group(x1, n1, "group 1")
    _check_group(x2, n2, "group 2")
    return np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=np.int64)


def fisher_exact_2x2(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p-value of Fisher's exact test (Fisher 1935) for ``x1/n1`` against ``x2/n2``.

    Conditional on both margins; the two-sided p-value sums the probabilities of all
    tables no more probable than the observed one (as R's ``fisher.test``). A table
    with a zero margin (nobody or everybody "yes") gives p = 1.
    """
    return float(stats.fisher_exact(_table_2x2(x1, n1, x2, n2), alternative="two-sided").pvalue)


def fisher_two_sided_all(n1: int, n2: int) -> np.ndarray:
    """Fisher's two-sided p-value of every 2x2 table with group sizes n1, n2: array [x1, x2].

    Within each total ``s = x1 + x2`` the hypergeometric probabilities of all tables are
    summed over those no more probable than the table (relative tolerance 1e-7, as
    R's ``fisher.test`` and :func:`fisher_exact_2x2`). The array is cached and read-only.
    """
    _check_group(0, n1, "group 1")
    _check_group(0, n2, "group 2")
    return _fisher_two_sided_all(int(n1), int(n2))


@lru_cache(maxsize=256)
def _fisher_two_sided_all(n1: int, n2: int) -> np.ndarray:
    total = n1 + n2
    p = np.empty((n1 + 1, n2 + 1))
    for s in range(total + 1):
        x1 = np.arange(max(0, s - n2), min(n1, s) + 1)
        pmf = stats.hypergeom.pmf(x1, total, s, n1)
        ordered = np.sort(pmf)
        cumulative = np.cumsum(ordered)
        last = np.searchsorted(ordered, pmf * (1.0 + _RELATIVE_TIE), side="right") - 1
        p[x1, s - x1] = np.minimum(cumulative[last], 1.0)
    p.flags.writeable = False
    return p


def _log_binomial_coefficients(n: int) -> np.ndarray:
    k = np.arange(n + 1)
    return gammaln(n + 1.0) - gammaln(k + 1.0) - gammaln(n - k + 1.0)


#: Points of the grid on which Boschloo's p-value is maximised over the nuisance proportion in [0, 1/2].
BOSCHLOO_GRID: int = 201


def boschloo_2x2(x1: int, n1: int, x2: int, n2: int, grid: int = BOSCHLOO_GRID) -> float:
    """Two-sided p-value of Boschloo's unconditional exact test for ``x1/n1`` against ``x2/n2``.

    Boschloo (1970) orders the tables by Fisher's p-value and takes the largest probability,
    over the common proportion pi under the null hypothesis, of the tables at least as
    extreme as the observed one: ``p = max_pi P_pi(p_F(T) <= p_F(t))``. Two-sided, the
    ordering is Fisher's two-sided p-value (:func:`fisher_two_sided_all`): the "minlike"
    definition of R's ``exact2x2::boschloo(tsmethod = "minlike")``, which its documentation
    names as the traditional one and the one of the R package ``Exact``. (scipy's
    ``boschloo_exact`` instead doubles the smaller one-sided p-value, R's "central", which can
    exceed Fisher's two-sided p-value.)

    With this ordering the test is never less powerful than Fisher's: given the total number
    of "yes", the tables with p_F <= p_F(t) have probability at most p_F(t), so every pi gives
    at most p_F(t), and the p-value is never larger than Fisher's two-sided p-value (up to the
    1e-7 relative tolerance both use for ties). The tests check this over every table with
    group sizes up to 10 and at the report's sizes.

    The tables at least as extreme are the same after exchanging "yes" and "no", so the
    probability is symmetric in pi and is maximised over [0, 1/2]: on a grid of ``grid``
    points, then on ``grid`` points across the two cells beside the best one (spacing
    1/80,000 by default; the tests compare with a brute-force maximum). A table in which
    nobody, or everybody, answered "yes" carries no information and gives p = 1.
    """
    _check_group(x1, n1, "group 1")
    _check_group(x2, n2, "group 2")
    if grid < 3:
        raise ParameterError(f"grid must have at least 3 points (got {grid})")
    if x1 + x2 == 0 or x1 + x2 == n1 + n2:
        return 1.0
    fisher = fisher_two_sided_all(n1, n2)
    extreme = (fisher <= fisher[x1, x2] * (1.0 + _RELATIVE_TIE)).astype(float)
    k1, k2 = np.arange(n1 + 1), np.arange(n2 + 1)
    c1, c2 = _log_binomial_coefficients(n1), _log_binomial_coefficients(n2)

    def probability(pi: np.ndarray) -> np.ndarray:
        pi = pi[:, None]
        b1 = np.exp(c1 + xlogy(k1, pi) + xlog1py(n1 - k1, -pi))
        b2 = np.exp(c2 + xlogy(k2, pi) + xlog1py(n2 - k2, -pi))
        return np.sum((b1 @ extreme) * b2, axis=1)

    points = np.linspace(0.0, 0.5, grid)
    best = int(np.argmax(probability(points)))
    # The cells beside the best point again, on a grid as fine as the whole grid over them.
    fine = np.linspace(points[max(best - 1, 0)], points[min(best + 1, grid - 1)], grid)
    return float(min(1.0, np.max(probability(np.concatenate([points, fine])))))


def _log_table_probability(table: np.ndarray) -> float:
    rows, cols, total = table.sum(axis=1), table.sum(axis=0), table.sum()
    return float(gammaln(rows + 1).sum() + gammaln(cols + 1).sum() - gammaln(total + 1) - gammaln(table + 1).sum())


def _tables_with_margins(rows: Sequence[int], cols: Sequence[int]):
    """Yield every non-negative integer table with the given row and column sums (row by row)."""
    rows, cols = list(rows), list(cols)

    def fill_row(remaining_cols: list[int], total: int, j: int):
        if j == len(remaining_cols) - 1:
            if total <= remaining_cols[j]:
                yield [total]
            return
        rest_capacity = sum(remaining_cols[j + 1 :])
        for v in range(max(0, total - rest_capacity), min(total, remaining_cols[j]) + 1):
            for tail in fill_row(remaining_cols, total - v, j + 1):
                yield [v, *tail]

    def fill(i: int, remaining_cols: list[int]):
        if i == len(rows) - 1:
            yield [list(remaining_cols)]
            return
        for row in fill_row(remaining_cols, rows[i], 0):
            left = [c - v for c, v in zip(remaining_cols, row, strict=True)]
            for tail in fill(i + 1, left):
                yield [row, *tail]

    yield from fill(0, cols)


def _count_tables_upper_bound(rows: Sequence[int], cols: Sequence[int]) -> float:
    # Product over all but the last row of the number of compositions of each row sum:
    # a cheap upper bound deciding between enumeration and Monte Carlo.
    from math import comb

    bound = 1.0
    for r in list(rows)[:-1]:
        bound *= comb(r + len(cols) - 1, len(cols) - 1)
    return bound


def _validate_table(table: Sequence[Sequence[int]] | np.ndarray) -> np.ndarray:
    arr = np.asarray(table)
    if arr.ndim != 2 or arr.shape[0] < 2 or arr.shape[1] < 2:
        raise ParameterError(f"an r x c table with r, c >= 2 is needed (got shape {arr.shape})")
    if not np.all(np.equal(np.mod(arr, 1), 0)) or np.any(arr < 0):
        raise ParameterError("table entries must be non-negative integers")
    return arr.astype(np.int64)


def rxc_exact_test(
    table: Sequence[Sequence[int]] | np.ndarray,
    n_resamples: int = MONTE_CARLO_RESAMPLES,
    seed: int = MONTE_CARLO_SEED,
    max_tables: int = MAX_ENUMERATED_TABLES,
) -> float:
    """p-value of the Fisher-Freeman-Halton exact test of independence in an r x c table.

    Conditional on both margins, tables are ordered by their hypergeometric probability
    and the p-value is the total probability of tables no more probable than the
    observed one (Freeman & Halton 1951). The tables are enumerated completely when
    a bound on their number is at most ``max_tables``; otherwise ``n_resamples`` tables
    are drawn from :class:`scipy.stats.random_table` with the given ``seed`` (the same
    seed gives the same p-value) and ``p = (1 + #as extreme) / (1 + n_resamples)``.
    Rows or columns that sum to zero carry no information and are dropped; a table
    left with fewer than two rows or columns gives p = 1.
    """
    arr = _validate_table(table)
    arr = arr[arr.sum(axis=1) > 0][:, arr.sum(axis=0) > 0]
    if arr.shape[0] < 2 or arr.shape[1] < 2:
        return 1.0
    rows, cols = arr.sum(axis=1), arr.sum(axis=0)
    observed = _log_table_probability(arr)
    threshold = observed + np.log1p(_RELATIVE_TIE)
    if _count_tables_upper_bound(rows, cols) <= max_tables:
        total = 0.0
        for t in _tables_with_margins(rows.tolist(), cols.tolist()):
            lp = _log_table_probability(np.asarray(t))
            if lp <= threshold:
                total += np.exp(lp)
        return float(min(1.0, total))
    if n_resamples < 1:
        raise ParameterError(f"n_resamples must be positive (got {n_resamples})")
    sample = stats.random_table(rows, cols).rvs(size=n_resamples, random_state=np.random.default_rng(seed))
    lp = (
        gammaln(rows + 1).sum()
        + gammaln(cols + 1).sum()
        - gammaln(arr.sum() + 1)
        - gammaln(sample + 1).sum(axis=(1, 2))
    )
    extreme = int(np.count_nonzero(lp <= threshold))
    return float((1 + extreme) / (1 + n_resamples))


def ordinal_test(counts_a: Sequence[int], counts_b: Sequence[int]) -> float:
    """Two-sided exact Wilcoxon-Mann-Whitney p-value for two groups on ordered categories.

    ``counts_a`` and ``counts_b`` are the numbers of each group in the same ordered
    categories (e.g. the collapsed 1-5 scale ``1-2``, ``3``, ``4-5``). Ties are given
    mid-ranks; the null distribution of group A's rank sum is the exact permutation
    distribution conditional on the category totals, obtained by enumerating all 2 x k
    tables with the observed margins (each with its multivariate hypergeometric
    probability). The p-value is ``P(|W - E W| >= |w_obs - E W|)``. Equivalent to the
    linear-by-linear association test with mid-rank scores (Agresti 2010, *Analysis of
    Ordinal Categorical Data*, sect. 2.2). With mid-ranks the test is valid even though
    the collapsed categories hide the original 1-5 answers; it compares location only
    on the printed scale. An empty group raises :class:`ParameterError`; a single
    non-empty category (all tied) gives p = 1.
    """
    a = np.asarray(counts_a)
    b = np.asarray(counts_b)
    if a.shape != b.shape or a.ndim != 1 or a.size < 2:
        raise ParameterError("counts_a and counts_b must be equally long sequences of at least two categories")
    table = _validate_table(np.vstack([a, b]))
    n_a, n_b = int(table[0].sum()), int(table[1].sum())
    if n_a == 0 or n_b == 0:
        raise ParameterError("both groups need at least one answer")
    cols = table.sum(axis=0)
    starts = np.concatenate([[0], np.cumsum(cols)[:-1]])
    midranks = starts + (cols + 1) / 2.0
    expected = n_a * (n_a + n_b + 1) / 2.0
    observed = abs(float(table[0] @ midranks) - expected)
    keep = cols > 0
    if keep.sum() < 2:
        return 1.0
    cols_k, ranks_k = cols[keep], midranks[keep]
    total = 0.0
    for t in _tables_with_margins([n_a, n_b], cols_k.tolist()):
        t = np.asarray(t)
        if abs(float(t[0] @ ranks_k) - expected) >= observed - 1e-9:
            total += np.exp(_log_table_probability(t))
    return float(min(1.0, total))


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjust a family of p-values for multiple comparisons (in the input order).

    ``holm``: Holm's step-down (1979), controls the family-wise error rate;
    ``fdr_bh``: Benjamini-Hochberg step-up (1995), controls the false discovery rate for
    independent or positively dependent (PRDS) p-values;
    ``fdr_by``: Benjamini-Yekutieli (2001, *Annals of Statistics* 29:1165-1188), the BH
    step-up with the factor ``sum_{i<=m} 1/i``, controls it under any dependence.
    Computed with :func:`statsmodels.stats.multitest.multipletests`. NaN entries (no
    test possible) stay NaN and are not counted in the family; an empty family gives
    an empty array.
    """
    if method not in ADJUST_METHODS:
        raise UnknownNameError("p-value adjustment", method, ADJUST_METHODS)
    arr = np.asarray(p, dtype=float)
    out = np.full(arr.shape, np.nan)
    ok = ~np.isnan(arr)
    if np.any((arr[ok] < 0) | (arr[ok] > 1)):
        raise ParameterError("p-values must lie in [0, 1]")
    if ok.any():
        # statsmodels' Holm branch calls gc.collect(), which walks every live object (0.3 s a call
        # in a notebook with pandas and scipy loaded); frozen objects are skipped, so freeze them.
        gc.freeze()
        try:
            out[ok] = multipletests(arr[ok], method=method)[1]
        finally:
            gc.unfreeze()
    return out


#: Pairs of group sizes that the report's comparisons set side by side: finance vs health heads (7, 8),
#: school heads vs the children-and-young-people group (14, 19), the green-transition vs preparedness
#: groups (15, 17), the geography vs implementation groups (23, 28), direction vs work meeting (36, 79).
REPORT_GROUP_SIZES: tuple[tuple[int, int], ...] = ((7, 8), (14, 19), (15, 17), (23, 28), (36, 79))
