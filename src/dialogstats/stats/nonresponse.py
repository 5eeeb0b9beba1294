"""Shares among all attendees when only some of them answered.

Three views, reported side by side by :func:`nonresponse_summary`:

* the respondents-only interval (answers treated as a sample from a large
  population, :mod:`dialogstats.stats.intervals`);
* worst-case bounds (Manski 1989, Journal of Human Resources 24:343-360;
  Manski 2003, Partial Identification of Probability Distributions): no
  assumption about those who did not answer;
* the exact interval for the attendees as a finite population, assuming the
  respondents are a simple random sample of them (:func:`hypergeometric_interval`;
  Buonaccorsi 1987, The American Statistician 41:215-218; Wright 1991, Exact
  Confidence Bounds when Sampling from Small Finite Universes, Lecture Notes in
  Statistics 66, Springer).  It ranges over the numbers of "yes" among those
  present that the sample allows, so it never leaves Manski's bounds.

The finite-population interval is the same whatever interval method is chosen for
the respondents-only view: it is its own exact method, and the exact counterpart
of every one-share method when the population is finite.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from dialogstats.checks import check_confidence, check_whole
from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import DEFAULT_METHOD, check_method, proportion_interval

# A tail probability within this relative distance of alpha / 2 counts as equal to it, so
# that rounding in the tail sums never removes from the interval a K that the exact
# rational tails would keep (keeping one more K only widens the interval).
_RELATIVE_TIE = 1e-9


def _check(x: object, respondents: object, population: object) -> tuple[int, int, int]:
    xi, ri, ni = check_whole(x, "x", 0), check_whole(respondents, "respondents", 1), check_whole(population, "population", 1)
    if xi > ri:
        raise ParameterError(f"x ({xi}) exceeds respondents ({ri})")
    if ri > ni:
        raise ParameterError(f"respondents ({ri}) exceed the population ({ni})")
    return xi, ri, ni


def manski_bounds(x: int, respondents: int, population: int) -> tuple[float, float]:
    """Worst-case bounds for the share among all ``population`` attendees.

    Lower bound: none of the non-respondents would have said yes, x / N; upper
    bound: all of them would, (x + N - r) / N (Manski 1989, 2003).  Example: 31 of
    36 answers from 68 attendees gives [31/68, 63/68].  With r = N the bounds
    collapse to x / N; at x = 0 the lower bound is 0, at x = r = N the upper is 1.
    """
    x, r, n = _check(x, respondents, population)
    return x / n, (x + n - r) / n


def hypergeometric_interval(x: int, respondents: int, population: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact interval for the share K / N of 'yes' among N attendees, from x 'yes' of r sampled.

    Method: inversion of the two one-sided hypergeometric tests over K, the unknown
    number of 'yes' among the N present (Buonaccorsi 1987; Wright 1991).  K is kept
    when both P(X >= x | K) >= alpha / 2 and P(X <= x | K) >= alpha / 2, X being
    the number of 'yes' in a sample of r drawn without replacement; the first tail
    grows and the second falls with K, so the kept K form an interval
    [K_low, K_high], never empty (the two tails add up to more than 1).  Returns
    (K_low / N, K_high / N).

    Only K from x to N - r + x are possible, so the interval lies inside Manski's
    bounds [x / N, (x + N - r) / N] by construction.  Each one-sided test rejects
    a true K with probability at most alpha / 2, so the coverage is at least the
    nominal level for every K (no approximation).  Conventions: at x = 0 the lower
    limit is 0, at x = r the upper limit is 1, and at r = N both equal x / N.
    """
    x, r, n = _check(x, respondents, population)
    alpha = 1.0 - check_confidence(confidence)
    threshold = alpha / 2.0 * (1.0 - _RELATIVE_TIE)
    k = np.arange(x, n - r + x + 1)
    # scipy's hypergeom(M, n, N): M population size, n successes in it, N draws.
    upper_tail = stats.hypergeom.sf(x - 1, n, k, r)  # P(X >= x | K), rising in K
    lower_tail = stats.hypergeom.cdf(x, n, k, r)  # P(X <= x | K), falling in K
    kept = k[(upper_tail >= threshold) & (lower_tail >= threshold)]
    return int(kept[0]) / n, int(kept[-1]) / n


def nonresponse_summary(
    x: int, respondents: int, population: int, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> dict[str, float]:
    """The three views of one share side by side, as a flat dict for tables (``bounds.csv``).

    Keys: x, respondents, population, share (x / respondents), ci_low / ci_high
    (respondents only, interval ``method``, any of
    :data:`dialogstats.stats.intervals.METHODS`), manski_low / manski_high
    (:func:`manski_bounds`), fpc_low / fpc_high (the exact finite-population
    interval, :func:`hypergeometric_interval`, which does not depend on ``method``).
    """
    x, r, n = _check(x, respondents, population)
    method = check_method(method)
    ci = proportion_interval(x, r, method, confidence)
    bounds = manski_bounds(x, r, n)
    finite = hypergeometric_interval(x, r, n, confidence)
    return {
        "x": x,
        "respondents": r,
        "population": n,
        "share": x / r,
        "ci_low": ci[0],
        "ci_high": ci[1],
        "manski_low": bounds[0],
        "manski_high": bounds[1],
        "fpc_low": finite[0],
        "fpc_high": finite[1],
    }
