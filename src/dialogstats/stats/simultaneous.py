"""Simultaneous confidence intervals for all options of one question (multinomial shares).

Methods (listed once in :data:`SIMULTANEOUS_METHODS`):

* ``goodman`` (default): Goodman (1965), Technometrics 7:247-254.  A Wilson-type
  score interval per option at the Bonferroni level: chi-square quantile with
  one degree of freedom at 1 - alpha / k.  Conservative; the lower limit is 0
  for a zero count and the upper limit 1 when one option has every answer.
* ``sison_glaz``: Sison & Glaz (1995), Journal of the American Statistical
  Association 90:366-369.  Aims at exact simultaneous coverage through an
  Edgeworth approximation; at the small n of the consultations its true
  coverage with three options falls well below nominal, which
  :func:`simultaneous_coverage` computes exactly (for k = 3, n = 7..36 and the
  probability vectors (1/3, 1/3, 1/3), (.5, .3, .2), (.6, .3, .1), (.8, .1, .1)
  and (.45, .45, .1) at 95%: minimum 0.57, mean 0.84, against 0.92 and 0.96 for
  Goodman).  Kept so that the evidence can be shown, never as a default.

Both are computed with statsmodels' ``multinomial_proportions_confint``.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import special
from statsmodels.stats.proportion import multinomial_proportions_confint

from dialogstats.errors import ParameterError
from dialogstats.checks import check_confidence, check_name, check_whole, is_integral

SIMULTANEOUS_METHODS: tuple[str, ...] = ("goodman", "sison_glaz")
DEFAULT_SIMULTANEOUS_METHOD = "goodman"

_STATSMODELS_NAMES = {"goodman": "goodman", "sison_glaz": "sison-glaz"}
# Largest number of multinomial outcomes enumerated by simultaneous_coverage.
MAX_OUTCOMES = 200_000


def check_simultaneous_method(name: object) -> str:
    """Return ``name`` if it is one of :data:`SIMULTANEOUS_METHODS`, else raise UnknownNameError."""
    return check_name(name, SIMULTANEOUS_METHODS, "simultaneous interval method")


def _check_counts(counts: object) -> np.ndarray:
    arr = np.asarray(counts)
    if arr.ndim != 1 or arr.size < 2:
        raise ParameterError(f"counts must be a one-dimensional sequence of at least two options, got {counts!r}")
    if arr.dtype == bool or arr.dtype.kind not in "iuf" or not all(is_integral(v) for v in arr.tolist()):
        raise ParameterError(f"counts must be whole numbers, got {counts!r}")
    arr = arr.astype(np.int64)
    if np.any(arr < 0):
        raise ParameterError(f"counts must not be negative, got {counts!r}")
    if arr.sum() < 1:
        raise ParameterError("counts must contain at least one answer")
    return arr


@lru_cache(maxsize=65536)
def _sorted_intervals(sorted_counts: tuple[int, ...], method: str, confidence: float) -> np.ndarray:
    ci = multinomial_proportions_confint(
        np.array(sorted_counts, dtype=float), alpha=1.0 - confidence, method=_STATSMODELS_NAMES[method]
    )
    ci = np.clip(np.asarray(ci, dtype=float), 0.0, 1.0)
    ci.flags.writeable = False
    return ci


def simultaneous_intervals(counts: object, method: str = DEFAULT_SIMULTANEOUS_METHOD, confidence: float = 0.95) -> np.ndarray:
    """Simultaneous intervals for the shares of all k options; array of shape (k, 2).

    ``counts`` are the answers per option (non-negative integers, at least two
    options, at least one answer).  Methods and references: module docstring.
    Limits lie in [0, 1]; a zero count has lower limit 0.  The result does not
    depend on the order of the options (intervals are computed for the sorted
    counts and cached).
    """
    method = check_simultaneous_method(method)
    confidence = check_confidence(confidence)
    arr = _check_counts(counts)
    order = np.argsort(arr, kind="stable")
    ci_sorted = _sorted_intervals(tuple(int(v) for v in arr[order]), method, confidence)
    result = np.empty_like(ci_sorted)
    result[order] = ci_sorted
    return result


def _compositions(n: int, k: int) -> np.ndarray:
    """All vectors of k non-negative integers summing to n, one per row."""
    if k == 1:
        return np.array([[n]], dtype=np.int64)
    rows = [np.column_stack([np.full(len(rest), first), rest]) for first in range(n + 1) for rest in [_compositions(n - first, k - 1)]]
    return np.vstack(rows)


def _check_probabilities(p: object) -> np.ndarray:
    arr = np.asarray(p, dtype=float)
    if arr.ndim != 1 or arr.size < 2 or np.any(~np.isfinite(arr)) or np.any(arr < 0) or not math.isclose(arr.sum(), 1.0, abs_tol=1e-9):
        raise ParameterError(f"p must be a vector of at least two probabilities summing to 1, got {p!r}")
    return arr


def simultaneous_coverage(method: str, n: int, p: object, confidence: float = 0.95) -> float:
    """Exact simultaneous coverage: P(every option's interval contains its true share).

    Enumerates every multinomial outcome of n answers over k = len(p) options
    (C(n + k - 1, k - 1) of them; at most :data:`MAX_OUTCOMES`) and sums the
    multinomial probabilities of those whose k intervals all cover the true
    shares.  No simulation.  Options with p = 0 are covered only by intervals
    that reach 0.
    """
    method = check_simultaneous_method(method)
    confidence = check_confidence(confidence)
    n = check_whole(n, "n", 1)
    p_arr = _check_probabilities(p)
    k = p_arr.size
    if math.comb(n + k - 1, k - 1) > MAX_OUTCOMES:
        raise ParameterError(f"too many outcomes to enumerate for n={n} and k={k} (limit {MAX_OUTCOMES})")
    outcomes = _compositions(n, k)
    with np.errstate(divide="ignore"):
        log_prob = special.gammaln(n + 1) - special.gammaln(outcomes + 1).sum(axis=1) + special.xlogy(outcomes, p_arr).sum(axis=1)
    prob = np.exp(log_prob)
    covered = np.empty(len(outcomes), dtype=bool)
    for i, row in enumerate(outcomes):
        ci = simultaneous_intervals(row, method, confidence)
        covered[i] = bool(np.all((ci[:, 0] <= p_arr) & (p_arr <= ci[:, 1])))
    return float(np.sum(prob[covered]))


def simultaneous_coverage_table(
    method: str, ns: list[int] | range, p_vectors: list[tuple[float, ...]], confidence: float = 0.95
) -> list[dict[str, object]]:
    """Exact simultaneous coverage for every n and p vector (rows: method, n, p, confidence, coverage)."""
    return [
        {"method": method, "n": int(n), "p": tuple(float(v) for v in p), "confidence": confidence,
         "coverage": simultaneous_coverage(method, n, p, confidence)}
        for n in ns
        for p in p_vectors
    ]


#: Probability vectors for the coverage evidence: equal shares, a moderate and a lopsided split.
EVIDENCE_P_VECTORS: tuple[tuple[float, ...], ...] = ((1 / 3, 1 / 3, 1 / 3), (0.6, 0.3, 0.1), (0.8, 0.1, 0.1))
#: Numbers of respondents spanning the report's three-option questions (7 to 30).
EVIDENCE_NS: tuple[int, ...] = (7, 15, 30)


def coverage_evidence(
    ns: tuple[int, ...] = EVIDENCE_NS,
    p_vectors: tuple[tuple[float, ...], ...] = EVIDENCE_P_VECTORS,
    confidence: float = 0.95,
) -> "pd.DataFrame":
    """Exact simultaneous coverage of every method in :data:`SIMULTANEOUS_METHODS` at three options.

    Rows: method, n, p (shares joined by ``;``, three decimals), confidence, coverage; computed by
    :func:`simultaneous_coverage` (full enumeration of the multinomial outcomes, no simulation).
    This is the evidence for keeping Sison-Glaz out of the figures and summaries.
    """
    import pandas as pd

    rows = [
        row | {"p": ";".join(f"{v:.3f}" for v in row["p"])}
        for method in SIMULTANEOUS_METHODS
        for row in simultaneous_coverage_table(method, list(ns), list(p_vectors), confidence)
    ]
    return pd.DataFrame(rows, columns=["method", "n", "p", "confidence", "coverage"])
