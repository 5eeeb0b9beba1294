"""Answers written after group discussion: design effect, effective sample size and its evidence.

Members of one discussion group influence each other, so their answers are
positively correlated.  Kish's design effect for groups of equal size m with
intraclass correlation ICC is deff = 1 + (m - 1) ICC (Kish 1965, Survey Sampling,
Wiley, section 5.4); the sample is then worth n / deff independent answers.  The
interval is computed at that effective size with the observed share kept
(x_eff = x / deff), the approach of Korn & Graubard (1998, Survey Methodology
24:193-201), for every method of :data:`dialogstats.stats.intervals.METHODS`:

* the methods of :data:`~dialogstats.stats.intervals.REAL_COUNT_METHODS` are
  evaluated at the non-integer effective counts by their own formulas;
* Blaker's interval exists only on integer outcomes; its analogue at an effective
  size is the Clopper-Pearson interval (:data:`REAL_COUNT_ANALOGUE`).  Blaker's
  interval is the Clopper-Pearson interval shortened by exploiting the
  discreteness of integer outcomes, which a non-integer effective count does not
  have, and both are exact; rounding the effective size instead would change the
  observed share.

Degrees of freedom.  Korn & Graubard's correction replaces n / deff by
n / deff * (t_{n-1} / t_{g-1})**2 (t quantiles at 1 - alpha / 2, g groups); R's
``survey::svyciprop(method = "beta")`` applies it.  It compensates for a variance
*estimated* from g groups.  Here the ICC is posited, not estimated, and the
variance p (1 - p) deff / n involves no such estimate, so the tables use no
correction (:data:`CORRECTIONS` ``"none"``).  The evidence is the exact coverage
under the beta-binomial model of groups that the design effect describes
(:func:`clustered_coverage`, table :func:`clustered_coverage_table`, written to
``design_effect_coverage.csv``).  At 95 %, with 2 to 5 groups of 3 to 8 and ICC
0.05 to 0.2, the uncorrected Wilson interval keeps its mean coverage within 0.01
of the nominal level (its minimum over p falls below it, as Wilson's does for
independent answers), while the corrected one averages at least 0.985, and
above 0.999 with two groups: far wider than the model warrants.  The tests
check these statements against the computed table.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd
from scipy import stats

from dialogstats.checks import check_confidence, check_name, check_whole
from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import DEFAULT_METHOD, check_counts, check_method, real_count_intervals

#: Method used at a non-integer effective size for each method that needs integer counts.
REAL_COUNT_ANALOGUE: dict[str, str] = {"blaker": "clopper_pearson"}
#: Degrees-of-freedom corrections: none (the tables), or Korn & Graubard's (1998) for few groups.
CORRECTIONS: tuple[str, ...] = ("none", "korn_graubard")


def _check_design(cluster_size: object, icc: object) -> tuple[float, float]:
    if isinstance(cluster_size, bool) or not isinstance(cluster_size, Real) or not float(cluster_size) >= 1.0:
        raise ParameterError(f"cluster_size must be a number of at least 1, got {cluster_size!r}")
    if isinstance(icc, bool) or not isinstance(icc, Real) or not 0.0 <= float(icc) <= 1.0:
        raise ParameterError(f"icc must lie in [0, 1], got {icc!r}")
    return float(cluster_size), float(icc)


def design_effect(cluster_size: float, icc: float) -> float:
    """Kish's design effect 1 + (m - 1) ICC (Kish 1965); 1 for m = 1 or ICC = 0, m for ICC = 1.

    ``cluster_size`` m may be an average group size (>= 1); ICC lies in [0, 1]
    (negative ICCs, which would shrink the variance, are not used here).
    """
    m, rho = _check_design(cluster_size, icc)
    return 1.0 + (m - 1.0) * rho


def effective_sample_size(n: int, cluster_size: float, icc: float) -> float:
    """n / deff: the number of independent answers the clustered sample is worth."""
    if isinstance(n, bool) or not isinstance(n, Real) or not float(n) >= 1.0:
        raise ParameterError(f"n must be a number of at least 1, got {n!r}")
    return float(n) / design_effect(cluster_size, icc)


def effective_method(method: str) -> str:
    """The method evaluated at an effective size: ``method`` itself, or its :data:`REAL_COUNT_ANALOGUE`."""
    method = check_method(method)
    return REAL_COUNT_ANALOGUE.get(method, method)


def _check_design_arrays(cluster_size: object, icc: object) -> tuple[np.ndarray, np.ndarray]:
    m = np.asarray(cluster_size)
    rho = np.asarray(icc)
    if m.dtype == bool or m.dtype.kind not in "iuf" or not np.all(m >= 1.0):
        raise ParameterError(f"cluster_size must be numbers of at least 1, got {cluster_size!r}")
    if rho.dtype == bool or rho.dtype.kind not in "iuf" or not np.all((rho >= 0.0) & (rho <= 1.0)):
        raise ParameterError(f"icc must lie in [0, 1], got {icc!r}")
    return m.astype(float), rho.astype(float)


def design_effect_intervals(
    x: object,
    n: object,
    cluster_size: object,
    icc: object,
    method: str = DEFAULT_METHOD,
    confidence: float = 0.95,
    correction: str = "none",
) -> tuple[np.ndarray, np.ndarray]:
    """Intervals for x / n at the effective size, vectorised (all arguments broadcast).

    The interval of :func:`effective_method` at n_eff = n / deff with x_eff = x n_eff / n;
    with ``correction="korn_graubard"`` n_eff is further multiplied by
    (t_{n-1} / t_{g-1})**2 for g = n / m groups (Korn & Graubard 1998; needs g > 1).
    With deff = 1 and no correction this is the ordinary interval (Blaker's then
    replaced by Clopper-Pearson); the lower limit is 0 at x = 0 and the upper 1 at
    x = n for every deff.
    """
    xa, na = check_counts(x, n)
    m, rho = _check_design_arrays(cluster_size, icc)
    used = effective_method(method)
    confidence = check_confidence(confidence)
    check_name(correction, CORRECTIONS, "degrees-of-freedom correction")
    xa, na, m, rho = np.broadcast_arrays(xa, na, m, rho)
    size = na.astype(float)
    n_eff = size / (1.0 + (m - 1.0) * rho)
    if correction == "korn_graubard":
        groups = size / m
        if np.any(groups <= 1.0):
            raise ParameterError(
                f"the Korn-Graubard correction needs more than one group (n = {n}, group size {cluster_size})"
            )
        quantile = 0.5 + confidence / 2.0
        n_eff = n_eff * (stats.t.ppf(quantile, size - 1.0) / stats.t.ppf(quantile, groups - 1.0)) ** 2
    # x = n must stay exactly n_eff (the scaled product can round above it).
    x_eff = np.where(xa == na, n_eff, np.minimum(xa * (n_eff / size), n_eff))
    return real_count_intervals(x_eff, n_eff, used, confidence)


def design_effect_interval(
    x: int,
    n: int,
    cluster_size: float,
    icc: float,
    method: str = DEFAULT_METHOD,
    confidence: float = 0.95,
    correction: str = "none",
) -> tuple[float, float]:
    """Scalar form of :func:`design_effect_intervals`: one (lower, upper) interval for x of n."""
    if any(np.ndim(v) for v in (x, n, cluster_size, icc)):
        raise ParameterError("design_effect_interval takes scalars; use design_effect_intervals for arrays")
    _check_design(cluster_size, icc)
    low, high = design_effect_intervals(x, n, cluster_size, icc, method, confidence, correction)
    return float(low), float(high)


SENSITIVITY_COLUMNS = (
    "x", "n", "cluster_size", "icc", "design_effect", "n_effective", "share", "method", "confidence", "ci_low", "ci_high"
)


def design_effect_sensitivity(
    x: int,
    n: int,
    cluster_sizes: Iterable[float],
    iccs: Iterable[float],
    method: str = DEFAULT_METHOD,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Intervals over a grid of group sizes and ICCs; one row per (cluster_size, icc).

    Columns: x, n, cluster_size, icc, design_effect, n_effective, share, method,
    confidence, ci_low, ci_high; rows sorted by cluster_size, then icc.
    """
    check_counts(x, n)
    method = check_method(method)
    rows = []
    for m in sorted(set(cluster_sizes)):
        for rho in sorted(set(iccs)):
            deff = design_effect(m, rho)
            low, high = design_effect_interval(x, n, m, rho, method, confidence)
            rows.append((int(x), int(n), float(m), float(rho), deff, n / deff, x / n, method, confidence, low, high))
    return pd.DataFrame(rows, columns=list(SENSITIVITY_COLUMNS))


# --- evidence: exact coverage under the beta-binomial model of groups ------------------------


def clustered_count_pmf(groups: int, cluster_size: int, icc: float, p: object) -> np.ndarray:
    """P(X = x), x = 0..g m (columns), for each p (rows): X the 'yes' among g groups of m.

    Each group's count is beta-binomial with mean m p and intraclass correlation
    ICC, i.e. Beta(p (1 - ICC) / ICC, (1 - p)(1 - ICC) / ICC) mixing (binomial at
    ICC = 0), independently across groups; its variance is m p (1 - p) deff, the
    model behind Kish's design effect.  The sum's distribution is the g-fold
    convolution, computed exactly.  ``p`` in (0, 1).
    """
    g, m = check_whole(groups, "groups", 1), check_whole(cluster_size, "cluster_size", 1)
    _, rho = _check_design(m, icc)
    p_arr = np.atleast_1d(np.asarray(p, dtype=float))
    if np.any((p_arr <= 0) | (p_arr >= 1)):
        raise ParameterError("p must lie strictly between 0 and 1")
    k = np.arange(m + 1)
    if rho == 0.0:
        one = stats.binom.pmf(k[None, :], m, p_arr[:, None])
    elif rho == 1.0:
        one = np.zeros((p_arr.size, m + 1))
        one[:, 0], one[:, m] = 1.0 - p_arr, p_arr
    else:
        scale = (1.0 - rho) / rho
        one = stats.betabinom.pmf(k[None, :], m, p_arr[:, None] * scale, (1.0 - p_arr[:, None]) * scale)
    total = np.ones((p_arr.size, 1))
    for _ in range(g):
        grown = np.zeros((p_arr.size, total.shape[1] + m))
        for j in range(m + 1):
            grown[:, j : j + total.shape[1]] += total * one[:, j : j + 1]
        total = grown
    return total


def clustered_coverage(
    method: str,
    groups: int,
    cluster_size: int,
    icc: float,
    p: object,
    confidence: float = 0.95,
    correction: str = "none",
) -> np.ndarray:
    """Exact coverage of :func:`design_effect_intervals` when g groups of m answer with that ICC.

    Sum over x = 0..g m of P(X = x) (:func:`clustered_count_pmf`) times 1[L_x <= p <= U_x],
    with the interval computed at the true design effect; no simulation.  One value per p.
    """
    g, m = check_whole(groups, "groups", 1), check_whole(cluster_size, "cluster_size", 1)
    n = g * m
    low, high = design_effect_intervals(np.arange(n + 1), n, m, icc, method, confidence, correction)
    p_arr = np.atleast_1d(np.asarray(p, dtype=float))
    pmf = clustered_count_pmf(g, m, icc, p_arr)
    covers = (low[None, :] <= p_arr[:, None]) & (p_arr[:, None] <= high[None, :])
    return np.sum(pmf * covers, axis=1)


CLUSTERED_COVERAGE_COLUMNS = (
    "method", "effective_method", "correction", "groups", "cluster_size", "n", "icc", "confidence",
    "mean_coverage", "min_coverage",
)
#: Numbers of groups and ICCs of the coverage evidence (group sizes: those of ``design_effect.csv``).
EVIDENCE_GROUPS: tuple[int, ...] = (2, 3, 5)
EVIDENCE_ICCS: tuple[float, ...] = (0.05, 0.1, 0.2)


def clustered_coverage_table(
    method: str = DEFAULT_METHOD,
    cluster_sizes: Iterable[int] = (3, 4, 5, 6, 7, 8),
    groups: Iterable[int] = EVIDENCE_GROUPS,
    iccs: Iterable[float] = EVIDENCE_ICCS,
    confidence: float = 0.95,
    grid: int = 200,
) -> pd.DataFrame:
    """Exact coverage of the design-effect interval with and without Korn & Graubard's correction.

    One row per correction (:data:`CORRECTIONS`), number of groups, group size and ICC
    (columns :data:`CLUSTERED_COVERAGE_COLUMNS`); mean and minimum of
    :func:`clustered_coverage` over the midpoints of ``grid`` equal cells of (0, 1).
    """
    method = check_method(method)
    confidence = check_confidence(confidence)
    grid = check_whole(grid, "grid", 1)
    p = (np.arange(grid) + 0.5) / grid
    rows = []
    for correction in CORRECTIONS:
        for g in sorted(set(groups)):
            for m in sorted(set(cluster_sizes)):
                for rho in sorted(set(iccs)):
                    cov = clustered_coverage(method, g, m, rho, p, confidence, correction)
                    rows.append((method, effective_method(method), correction, int(g), int(m), int(g * m), float(rho),
                                 confidence, float(cov.mean()), float(cov.min())))
    return pd.DataFrame(rows, columns=list(CLUSTERED_COVERAGE_COLUMNS))

