"""Simultaneous confidence intervals for all options of one question (multinomial shares).

Methods (listed once in :data:`SIMULTANEOUS_METHODS`):

* ``goodman`` (default): Goodman (1965), Technometrics 7:247-254.  A Wilson-type
  score interval per option at the Bonferroni level: chi-square quantile with
  one degree of freedom at 1 - alpha / k (statsmodels'
  ``multinomial_proportions_confint``).  Bonferroni would make it conservative
  if each option's interval had its nominal coverage; score intervals have it
  only approximately, so at small n its exact simultaneous coverage can fall
  below the nominal level (``simultaneous_coverage.csv`` shows where).  The lower limit is
  0 for a zero count and the upper limit 1 when one option has every answer.
* ``sison_glaz``: Sison & Glaz (1995), Journal of the American Statistical
  Association 90:366-369.  Intervals [p_i - c / n, p_i + (c + 2 gamma) / n]
  (clipped to [0, 1]), where the integer c solves nu(c) <= 1 - alpha < nu(c + 1)
  and gamma = (1 - alpha - nu(c)) / (nu(c + 1) - nu(c)); nu(c) is the probability,
  under the multinomial at the observed shares, that every count lies within c
  of its observed value.  Sison & Glaz approximate nu by an Edgeworth expansion
  of Levin's (1981, Annals of Statistics 9:1123-1126) representation, which is
  built for many options; statsmodels and R's MultinomialCI follow them, and at
  three options with a zero or small count the approximation never reaches
  1 - alpha, so that every interval becomes [0, 1] (counts 0, 1, 8).  Here nu is
  computed exactly from Levin's representation: the probability that
  independent Poisson(x_i) counts, each restricted to [x_i - c, x_i + c], add up
  to n, divided by the Poisson(n) probability of n.  With seven options the
  limits agree with MultinomialCI's to 1e-4 (tests).  As there, nu(0) is taken
  as 0, so that c = 0 when nu(1) > 1 - alpha.  A zero count gets [0, (c + 2
  gamma) / n], which is never a single point.  With three options its exact
  simultaneous coverage is below the nominal level at every point of
  ``simultaneous_coverage.csv`` (:func:`coverage_evidence`); it is kept as
  evidence, never as a default.

Both statements about coverage are checked by the tests against the computed table;
:func:`coverage_evidence_summary` turns the table into the figures a text may quote.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import special, stats
from statsmodels.stats.proportion import multinomial_proportions_confint

from dialogstats.errors import ParameterError
from dialogstats.checks import check_confidence, check_name, check_whole, is_integral

SIMULTANEOUS_METHODS: tuple[str, ...] = ("goodman", "sison_glaz")
DEFAULT_SIMULTANEOUS_METHOD = "goodman"

# Largest number of multinomial outcomes enumerated by simultaneous_coverage.
MAX_OUTCOMES = 200_000
#: A limit within this distance of a true share counts as reaching it: the intervals are closed,
#: and limits such as (x - c) / n equal rational shares such as 1/3 exactly but not in floating point.
BOUNDARY_TOLERANCE = 1e-10


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


@lru_cache(maxsize=256)
def _poisson_rows(n: int) -> np.ndarray:
    """P(Y = t), t = 0..n (columns), for Y ~ Poisson(lambda), lambda = 0..n (rows; row 0 is 1 at t = 0)."""
    table = stats.poisson.pmf(np.arange(n + 1)[None, :], np.arange(n + 1)[:, None])
    table.flags.writeable = False
    return table


def box_probability(counts: tuple[int, ...], c: int) -> float:
    """nu(c): P(|X_i - x_i| <= c for every option) for X ~ Multinomial(n, x / n), exactly.

    Levin (1981): the multinomial probability of a box equals P(sum of independent
    Y_i = n, each Y_i ~ Poisson(x_i) restricted to its side of the box) divided by
    the Poisson(n) probability of n.  The restricted Poisson probabilities are
    convolved (no Edgeworth approximation); 1 when c >= n.
    """
    n = int(sum(counts))
    if c >= n:
        return 1.0
    rows = _poisson_rows(n)
    t = np.arange(n + 1)
    total = np.zeros(n + 1)
    total[0] = 1.0
    for x in counts:
        total = np.convolve(total, np.where(np.abs(t - x) <= c, rows[x], 0.0))[: n + 1]
    return float(min(1.0, total[n] / stats.poisson.pmf(n, n)))


def _sison_glaz(counts: tuple[int, ...], confidence: float) -> np.ndarray:
    n = sum(counts)
    c, nu_c = 0, 0.0
    nu_next = box_probability(counts, 1)
    while not nu_c <= confidence < nu_next:
        c += 1
        nu_c, nu_next = nu_next, box_probability(counts, c + 1)
    gamma = (confidence - nu_c) / (nu_next - nu_c)
    x = np.asarray(counts, dtype=float)
    # (x - c) / n in one division: equal to a rational true share whenever it is in exact arithmetic.
    return np.column_stack([np.maximum((x - c) / n, 0.0), np.minimum((x + c + 2.0 * gamma) / n, 1.0)])


@lru_cache(maxsize=65536)
def _sorted_intervals(sorted_counts: tuple[int, ...], method: str, confidence: float) -> np.ndarray:
    if method == "sison_glaz":
        ci = _sison_glaz(sorted_counts, confidence)
    else:
        ci = multinomial_proportions_confint(np.array(sorted_counts, dtype=float), alpha=1.0 - confidence, method="goodman")
    ci = np.clip(np.asarray(ci, dtype=float), 0.0, 1.0)
    ci.flags.writeable = False
    return ci


def simultaneous_intervals(counts: object, method: str = DEFAULT_SIMULTANEOUS_METHOD, confidence: float = 0.95) -> np.ndarray:
    """Simultaneous intervals for the shares of all k options; array of shape (k, 2).

    ``counts`` are the answers per option (non-negative integers, at least two
    options, at least one answer).  Methods and references: module docstring.
    Limits lie in [0, 1]; a zero count has lower limit 0 and a positive upper
    limit.  The result does not depend on the order of the options (intervals are
    computed for the sorted counts and cached).
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
    shares.  No simulation.  The intervals are closed: a limit within
    :data:`BOUNDARY_TOLERANCE` of a true share covers it (Sison-Glaz limits
    (x - c) / n fall exactly on shares such as 1/3).  Options with p = 0 are
    covered only by intervals that reach 0.
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
        covered[i] = bool(np.all((ci[:, 0] <= p_arr + BOUNDARY_TOLERANCE) & (p_arr - BOUNDARY_TOLERANCE <= ci[:, 1])))
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


def coverage_evidence_summary(evidence: "pd.DataFrame") -> "pd.DataFrame":
    """Per method of a :func:`coverage_evidence` table: the figures a text about it may quote.

    Columns: method, points (rows of the table), below_nominal (points whose coverage is below
    the confidence level), min_coverage with the n and p where it occurs (first such row), and
    mean_coverage. Rows in the order of :data:`SIMULTANEOUS_METHODS` present in the table.
    """
    import pandas as pd

    rows = []
    for method in [m for m in SIMULTANEOUS_METHODS if m in set(evidence["method"])]:
        sub = evidence[evidence["method"] == method].reset_index(drop=True)
        worst = sub.loc[sub["coverage"].idxmin()]
        rows.append({
            "method": method, "points": len(sub), "below_nominal": int((sub["coverage"] < sub["confidence"]).sum()),
            "min_coverage": float(worst["coverage"]), "min_n": int(worst["n"]), "min_p": str(worst["p"]),
            "mean_coverage": float(sub["coverage"].mean()),
        })
    return pd.DataFrame(rows, columns=["method", "points", "below_nominal", "min_coverage", "min_n", "min_p", "mean_coverage"])
