"""Answers written after group discussion: design effect and effective sample size.

Members of one discussion group influence each other, so their answers are
positively correlated.  Kish's design effect for clusters of equal size m with
intraclass correlation ICC is deff = 1 + (m - 1) ICC (Kish 1965, Survey Sampling,
Wiley, section 5.4); the sample is then worth n / deff independent answers.  The
interval is computed at that effective size with the observed share kept
(x_eff = x / deff), the approach of Korn & Graubard (1998, Survey Methodology
24:193-201), applied here to every method that accepts non-integer counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real

import pandas as pd

from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import DEFAULT_METHOD, check_counts, check_method, real_count_interval


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


def design_effect_interval(
    x: int, n: int, cluster_size: float, icc: float, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[float, float]:
    """Interval for x / n computed at the effective size n / deff with x scaled to x / deff.

    Methods: those that extend to non-integer counts
    (:data:`dialogstats.stats.intervals.REAL_COUNT_METHODS`); Blaker and mid-p raise
    ParameterError.  With deff = 1 this is the ordinary interval; conventions at
    x = 0 (lower 0) and x = n (upper 1) are kept for every deff.
    """
    check_counts(x, n)
    method = check_method(method)
    deff = design_effect(cluster_size, icc)
    return real_count_interval(x / deff, n / deff, method, confidence)


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
