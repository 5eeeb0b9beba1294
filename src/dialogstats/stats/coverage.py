"""Exact coverage probability of one-proportion intervals, without simulation.

For X ~ Bin(n, p) and limits (L_x, U_x) for x = 0..n, the coverage at p is

    C(p) = sum_x P(X = x) * 1[L_x <= p <= U_x]

(Brown, Cai & DasGupta 2001, Statistical Science 16:101-133, eq. 3; Newcombe
1998, Statistics in Medicine 17:857-872).  The n + 1 intervals are computed once
per (method, n, confidence) and cached; C is then one product of an
(n + 1) x len(p) binomial probability matrix with the coverage indicators.
"""

from __future__ import annotations

from collections.abc import Iterable
import numpy as np
import pandas as pd
from scipy import special

from dialogstats.checks import check_confidence, check_whole
from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import check_method, proportion_intervals


def _check_n(n: object) -> int:
    return check_whole(n, "n", 1)


_TABLES: dict[tuple[str, int, float], tuple[np.ndarray, np.ndarray]] = {}


def _prefetch_tables(method: str, ns: Iterable[int], confidence: float) -> None:
    """Compute the interval tables of all missing n in one vectorised call."""
    missing = sorted({n for n in ns if (method, n, confidence) not in _TABLES})
    if not missing:
        return
    x = np.concatenate([np.arange(n + 1) for n in missing])
    size = np.concatenate([np.full(n + 1, n) for n in missing])
    low, high = proportion_intervals(x, size, method, confidence)
    starts = np.cumsum([0] + [n + 1 for n in missing])
    for n, a, b in zip(missing, starts[:-1], starts[1:]):
        table = (low[a:b].copy(), high[a:b].copy())
        table[0].flags.writeable = False
        table[1].flags.writeable = False
        _TABLES[(method, n, confidence)] = table


def _interval_table(method: str, n: int, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    _prefetch_tables(method, [n], confidence)
    return _TABLES[(method, n, confidence)]


def clear_interval_cache() -> None:
    """Forget the cached interval tables (they are kept per method, n and confidence)."""
    _TABLES.clear()


def interval_table(method: str, n: int, confidence: float = 0.95) -> pd.DataFrame:
    """All n + 1 intervals of a method at sample size n (columns x, ci_low, ci_high)."""
    method, n, confidence = check_method(method), _check_n(n), check_confidence(confidence)
    low, high = _interval_table(method, n, confidence)
    return pd.DataFrame({"x": np.arange(n + 1), "ci_low": low, "ci_high": high})


def _check_p(p: object) -> np.ndarray:
    p_arr = np.atleast_1d(np.asarray(p, dtype=float))
    if p_arr.ndim != 1 or not np.all(np.isfinite(p_arr)) or np.any((p_arr < 0) | (p_arr > 1)):
        raise ParameterError("p must be a number or a one-dimensional array of numbers in [0, 1]")
    return p_arr


def binomial_pmf_matrix(n: int, p: np.ndarray) -> np.ndarray:
    """P(X = x) for x = 0..n (rows) and each p (columns), X ~ Bin(n, p)."""
    k = np.arange(n + 1, dtype=float)[:, None]
    p_row = np.asarray(p, dtype=float)[None, :]
    log_coef = special.gammaln(n + 1.0) - special.gammaln(k + 1.0) - special.gammaln(n - k + 1.0)
    return np.exp(log_coef + special.xlogy(k, p_row) + special.xlog1py(n - k, -p_row))


def exact_coverage(method: str, n: int, p: object, confidence: float = 0.95) -> np.ndarray:
    """Exact coverage probability C(p) of ``method`` at sample size n, for each p.

    Sums binomial probabilities of the outcomes whose (closed) interval contains p;
    no simulation.  At p = 0 the coverage is 1 if the interval for x = 0 starts at
    0 (all methods but Wald), and at p = 1 likewise for x = n.  Returns an array of
    the shape of ``p`` (one-dimensional).
    """
    method, n, confidence = check_method(method), _check_n(n), check_confidence(confidence)
    p_arr = _check_p(p)
    low, high = _interval_table(method, n, confidence)
    covers = (low[:, None] <= p_arr[None, :]) & (p_arr[None, :] <= high[:, None])
    return np.sum(binomial_pmf_matrix(n, p_arr) * covers, axis=0)


def expected_length(method: str, n: int, p: object, confidence: float = 0.95) -> np.ndarray:
    """Expected interval length E_p[U_X - L_X] at each p (Brown, Cai & DasGupta 2001)."""
    method, n, confidence = check_method(method), _check_n(n), check_confidence(confidence)
    p_arr = _check_p(p)
    low, high = _interval_table(method, n, confidence)
    return (high - low) @ binomial_pmf_matrix(n, p_arr)


def p_grid(grid: int = 1000) -> np.ndarray:
    """Midpoints of ``grid`` equal cells of (0, 1): the p values the summaries average over."""
    grid = check_whole(grid, "grid", 1)
    return (np.arange(grid) + 0.5) / grid


def coverage_summary(method: str, n: int, confidence: float = 0.95, grid: int = 1000) -> dict[str, float]:
    """Mean and minimum exact coverage and mean expected length over a grid of p.

    ``p`` runs over the midpoints of ``grid`` equal cells of (0, 1), so the mean is
    the midpoint-rule average over a uniform p and the minimum is the smallest value
    on that grid (the infimum over all p can be lower at the jumps of C(p)).
    Returns a dict with keys method, n, confidence, mean_coverage, min_coverage,
    expected_length.
    """
    method, n, confidence = check_method(method), _check_n(n), check_confidence(confidence)
    p_arr = p_grid(grid)
    pmf = binomial_pmf_matrix(n, p_arr)
    low, high = _interval_table(method, n, confidence)
    covers = (low[:, None] <= p_arr[None, :]) & (p_arr[None, :] <= high[:, None])
    coverage = np.sum(pmf * covers, axis=0)
    length = (high - low) @ pmf
    return {
        "method": method,
        "n": n,
        "confidence": confidence,
        "mean_coverage": float(coverage.mean()),
        "min_coverage": float(coverage.min()),
        "expected_length": float(length.mean()),
    }


COVERAGE_COLUMNS = ("method", "n", "confidence", "mean_coverage", "min_coverage", "expected_length")


def coverage_table(
    methods: Iterable[str], ns: Iterable[int], confidence: float = 0.95, grid: int = 1000
) -> pd.DataFrame:
    """One row of :func:`coverage_summary` per method and n (sorted by method order, then n).

    Columns: method, n, confidence, mean_coverage, min_coverage, expected_length.
    Duplicated values of n are counted once.
    """
    methods = [check_method(m) for m in methods]
    n_values = sorted({_check_n(n) for n in ns})
    confidence = check_confidence(confidence)
    p_arr = p_grid(grid)
    for method in methods:
        _prefetch_tables(method, n_values, confidence)
    rows = []
    for n in n_values:
        pmf = binomial_pmf_matrix(n, p_arr)
        for method in methods:
            low, high = _interval_table(method, n, confidence)
            covers = (low[:, None] <= p_arr[None, :]) & (p_arr[None, :] <= high[:, None])
            coverage = np.sum(pmf * covers, axis=0)
            rows.append((method, n, confidence, float(coverage.mean()), float(coverage.min()), float(((high - low) @ pmf).mean())))
    table = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))
    order = {m: i for i, m in enumerate(methods)}
    table = table.sort_values(["method", "n"], key=lambda s: s.map(order) if s.name == "method" else s, kind="stable")
    return table.reset_index(drop=True)
