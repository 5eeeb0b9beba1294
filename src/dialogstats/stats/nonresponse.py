"""Shares among all attendees when only some of them answered.

Three views, reported side by side by :func:`nonresponse_summary`:

* the respondents-only interval (answers treated as a sample from a large
  population, :mod:`dialogstats.stats.intervals`);
* worst-case bounds (Manski 1989, Journal of Human Resources 24:343-360;
  Manski 2003, Partial Identification of Probability Distributions): no
  assumption about those who did not answer;
* an interval for the attendees as a finite population, assuming the
  respondents are a simple random sample of them: the exact hypergeometric
  interval (Buonaccorsi 1987, The American Statistician 41:215-218; Wright 1991,
  Exact Confidence Bounds when Sampling from Small Finite Universes, Lecture Notes
  in Statistics 66, Springer), or Wilson's
  interval with the finite-population correction.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from dialogstats.checks import check_confidence, check_whole
from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.intervals import DEFAULT_METHOD, check_method, proportion_interval, real_count_interval

FPC_METHODS: tuple[str, ...] = ("wilson", "hypergeometric")


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


def finite_population_correction(respondents: int, population: int) -> float:
    """Variance factor (N - n) / (N - 1) of sampling n of N without replacement (1 when N = 1)."""
    _, r, n = _check(0, respondents, population)
    return 1.0 if n == 1 else (n - r) / (n - 1)


def hypergeometric_interval(x: int, respondents: int, population: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact interval for the share K / N of 'yes' among N attendees, from x of n sampled.

    Inverts the two one-sided hypergeometric tests (Buonaccorsi 1987; Wright 1991):
    K_low is the smallest K with P(X >= x | K) > alpha / 2 and K_high the largest
    with P(X <= x | K) > alpha / 2, K running over the values consistent with the
    sample (x <= K <= N - n + x).  Returns (K_low / N, K_high / N).  At x = 0 the
    lower limit is 0 and at x = n the upper limit is 1; at n = N both equal x / N.
    Coverage is at least the nominal level for every K.
    """
    x, r, n = _check(x, respondents, population)
    alpha = 1.0 - check_confidence(confidence)
    k = np.arange(x, n - r + x + 1)
    # scipy's hypergeom(M, n, N): M population size, n successes in it, N draws.
    upper_tail = stats.hypergeom.sf(x - 1, n, k, r)  # P(X >= x | K)
    lower_tail = stats.hypergeom.cdf(x, n, k, r)  # P(X <= x | K)
    k_low = int(k[np.argmax(upper_tail > alpha / 2)]) if x > 0 else 0
    accepted_high = np.nonzero(lower_tail > alpha / 2)[0]
    k_high = int(k[accepted_high[-1]]) if x < r else n - r + x
    return k_low / n, k_high / n


def fpc_interval(
    x: int, n: int, population: int, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[float, float]:
    """Interval for the share among a finite population of attendees, from n respondents.

    ``method="wilson"`` (default): Wilson's score interval with the variance
    multiplied by the finite-population correction (N - n) / (N - 1), i.e.
    computed at the effective size n (N - 1) / (N - n) with the same observed
    share (Cochran 1977, Sampling Techniques, 3rd ed., Wiley, section 3.3);
    ``method="hypergeometric"``: :func:`hypergeometric_interval`, exact and
    preferable at these sizes.  Assumes the respondents are a random sample of the
    attendees.  When n = N the interval is the single point x / N.
    """
    if method not in FPC_METHODS:
        raise UnknownNameError("finite-population interval method", method, FPC_METHODS)
    x, r, pop = _check(x, n, population)
    confidence = check_confidence(confidence)
    if method == "hypergeometric":
        return hypergeometric_interval(x, r, pop, confidence)
    if r == pop:
        return x / pop, x / pop
    factor = finite_population_correction(r, pop)
    n_eff = r / factor
    return real_count_interval(x / r * n_eff, n_eff, "wilson", confidence)


def nonresponse_summary(
    x: int, respondents: int, population: int, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> dict[str, float]:
    """The views of one share side by side, as a flat dict for tables.

    Keys: x, respondents, population, share (x / respondents), ci_low / ci_high
    (respondents only, ``method``), manski_low / manski_high, fpc_low / fpc_high
    (Wilson with finite-population correction), hyper_low / hyper_high (exact
    hypergeometric).
    """
    x, r, n = _check(x, respondents, population)
    method = check_method(method)
    ci = proportion_interval(x, r, method, confidence)
    bounds = manski_bounds(x, r, n)
    fpc = fpc_interval(x, r, n, "wilson", confidence)
    hyper = hypergeometric_interval(x, r, n, confidence)
    return {
        "x": x,
        "respondents": r,
        "population": n,
        "share": x / r,
        "ci_low": ci[0],
        "ci_high": ci[1],
        "manski_low": bounds[0],
        "manski_high": bounds[1],
        "fpc_low": fpc[0],
        "fpc_high": fpc[1],
        "hyper_low": hyper[0],
        "hyper_high": hyper[1],
    }
