"""Confidence intervals for one binomial proportion.

Every method is named by a string listed once in :data:`METHODS`; an unknown
name raises :class:`~dialogstats.errors.UnknownNameError`.  All methods return
closed intervals inside ``[0, 1]`` and share two boundary conventions, stated
per method below: the lower limit is exactly 0 at ``x = 0`` and the upper
limit exactly 1 at ``x = n`` (Brown, Cai & DasGupta 2001, Statistical Science
16:101-133, section 4.1.2) for every method except Wald, whose collapse to a
zero-width interval at the boundaries is the reason it is only kept for
comparison.

References for the methods:

* ``wilson``: Wilson (1927), Journal of the American Statistical Association
  22:209-212.  The default (Brown, Cai & DasGupta 2001; Newcombe 1998,
  Statistics in Medicine 17:857-872).
* ``blaker``: Blaker (2000), Canadian Journal of Statistics 28:783-798.  Exact
  (coverage never below nominal), nested in the confidence level and contained
  in the Clopper-Pearson interval: the guaranteed-coverage companion.
* ``jeffreys``: equal-tailed Beta(x + 1/2, n - x + 1/2) posterior interval,
  with the boundary modification of Brown, Cai & DasGupta (2001).
* ``clopper_pearson``: Clopper & Pearson (1934), Biometrika 26:404-413.
* ``agresti_coull``: Agresti & Coull (1998), The American Statistician
  52:119-126 (the z**2 version: add z**2/2 successes and failures).
* ``mid_p``: mid-p exact interval, Berry & Armitage (1995), Journal of the Royal
  Statistical Society D (The Statistician) 44:417-423.
* ``wald``: p_hat +- z * sqrt(p_hat (1 - p_hat) / n), clipped to [0, 1].
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special, stats
from statsmodels.stats.proportion import proportion_confint

from dialogstats.checks import check_confidence, check_name
from dialogstats.errors import ParameterError

METHODS: tuple[str, ...] = ("wilson", "blaker", "jeffreys", "clopper_pearson", "agresti_coull", "mid_p", "wald")
DEFAULT_METHOD = "wilson"

#: Methods that extend to non-integer counts (used with effective sample sizes): every method but
#: Blaker's, whose acceptability function is defined on the integer outcomes only.
REAL_COUNT_METHODS: tuple[str, ...] = ("wilson", "jeffreys", "clopper_pearson", "agresti_coull", "mid_p", "wald")

_STATSMODELS_NAMES = {
    "wilson": "wilson",
    "jeffreys": "jeffreys",
    "clopper_pearson": "beta",
    "agresti_coull": "agresti_coull",
    "wald": "normal",
}



def check_method(name: object) -> str:
    """Return ``name`` if it is one of :data:`METHODS`, else raise UnknownNameError."""
    return check_name(name, METHODS, "interval method")


def _as_count_array(values: object, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise ParameterError(f"{name} must be integer counts, got {values!r}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ParameterError(f"{name} must be whole numbers, got {values!r}")
    return arr.astype(np.int64)


def check_counts(x: object, n: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate successes ``x`` and trials ``n`` (scalars or arrays) and broadcast them.

    Raises ParameterError for non-integer values, ``n < 1``, ``x < 0`` or ``x > n``.
    """
    xa = _as_count_array(x, "x")
    na = _as_count_array(n, "n")
    try:
        xa, na = np.broadcast_arrays(xa, na)
    except ValueError as exc:
        raise ParameterError(f"x and n have shapes that do not broadcast: {np.shape(x)} and {np.shape(n)}") from exc
    if np.any(na < 1):
        raise ParameterError(f"n must be at least 1, got {n!r}")
    if np.any(xa < 0):
        raise ParameterError(f"x must not be negative, got {x!r}")
    if np.any(xa > na):
        raise ParameterError(f"x must not exceed n (x={x!r}, n={n!r})")
    return xa, na


def _check_real_counts(x: object, n: object) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray(x, dtype=float)
    na = np.asarray(n, dtype=float)
    xa, na = np.broadcast_arrays(xa, na)
    if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(na))):
        raise ParameterError("x and n must be finite numbers")
    if np.any(na <= 0):
        raise ParameterError(f"n must be positive, got {n!r}")
    if np.any(xa < 0) or np.any(xa > na):
        raise ParameterError(f"x must lie between 0 and n (x={x!r}, n={n!r})")
    return xa, na


# --- closed-form and beta-quantile methods (statsmodels) ---------------------------------


def _statsmodels_limits(x: np.ndarray, n: np.ndarray, method: str, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    low, high = proportion_confint(x, n, alpha=1.0 - confidence, method=_STATSMODELS_NAMES[method])
    low = np.clip(np.asarray(low, dtype=float), 0.0, 1.0)
    high = np.clip(np.asarray(high, dtype=float), 0.0, 1.0)
    if method != "wald":
        # statsmodels leaves floating-point dust at the boundaries (Wilson) and does
        # not apply the Brown-Cai-DasGupta modification (Jeffreys); enforce both.
        low = np.where(x == 0, 0.0, low)
        high = np.where(x == n, 1.0, high)
    return low, high


# --- root finding -----------------------------------------------------------------------


def _illinois(
    func: Callable[[np.ndarray, np.ndarray], np.ndarray], lo: np.ndarray, hi: np.ndarray, tol: float = 1e-13
) -> np.ndarray:
    """Vectorised Illinois (modified regula falsi) root of a continuous function.

    ``func(p, rows)`` evaluates the function of each row in ``rows`` at ``p``.  Each
    row needs one sign change in ``[lo, hi]``; the bracket is kept, so the method
    cannot diverge, and it converges superlinearly (Dowell & Jarratt 1971, BIT
    11:168-174).  Rows that have converged are no longer evaluated.
    """
    lo = np.array(lo, dtype=float)
    hi = np.array(hi, dtype=float)
    every = np.arange(lo.size)
    f_lo = func(lo, every)
    f_hi = func(hi, every)
    side = np.zeros(lo.shape, dtype=int)
    rows = every[(hi - lo) > tol]
    for _ in range(200):
        if rows.size == 0:
            break
        a, b, fa, fb = lo[rows], hi[rows], f_lo[rows], f_hi[rows]
        with np.errstate(invalid="ignore", divide="ignore"):
            root = b - fb * (b - a) / (fb - fa)
        bad = ~np.isfinite(root) | (root <= a) | (root >= b)
        root = np.where(bad, 0.5 * (a + b), root)
        f_root = func(root, rows)
        replace_hi = np.sign(f_root) == np.sign(fb)
        last = side[rows]
        # Halve the value kept at an end that survives twice in a row (Illinois step).
        f_lo[rows] = np.where(replace_hi, np.where(last == -1, 0.5 * fa, fa), f_root)
        f_hi[rows] = np.where(replace_hi, f_root, np.where(last == 1, 0.5 * fb, fb))
        exact = f_root == 0
        lo[rows] = np.where(replace_hi & ~exact, a, root)
        hi[rows] = np.where(replace_hi | exact, root, b)
        side[rows] = np.where(replace_hi, -1, 1)
        rows = rows[(hi[rows] - lo[rows]) > tol]
    return 0.5 * (lo + hi)


def _binom_cdf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X <= k) for X ~ Bin(n, p), as the beta tail I_{1-p}(n - k, k + 1).

    The beta form extends to real k and n (the extension Clopper-Pearson uses at
    effective sample sizes); it is 0 for k <= -1 and 1 for k >= n.
    """
    inside = (k > -1) & (k < n)
    safe_k = np.where(inside, k, 0.0)
    safe_n = np.where(inside, n, 1.0)
    return np.where(k <= -1, 0.0, np.where(k >= n, 1.0, special.betaincc(safe_k + 1.0, safe_n - safe_k, p)))


def _binom_sf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """P(X >= k) for X ~ Bin(n, p)."""
    safe_k = np.clip(k, 1, n)
    return np.where(k <= 0, 1.0, np.where(k > n, 0.0, special.betainc(safe_k, n - safe_k + 1.0, p)))


def _cp_upper(x: np.ndarray, n: np.ndarray, tail: float) -> np.ndarray:
    """Solution p of P(X <= x) = tail (the Clopper-Pearson upper limit at level tail); 1 at x >= n.

    Real x > -1 and n are allowed (beta form of :func:`_binom_cdf`).
    """
    inside = x < n
    xs = np.where(inside, x, 0.0).astype(float)
    ns = np.where(inside, n, 1.0).astype(float)
    return np.where(inside, special.betaincinv(xs + 1.0, ns - xs, 1.0 - tail), 1.0)


# --- mid-p ----------------------------------------------------------------------------


def _mid_p_upper(x: np.ndarray, n: np.ndarray, confidence: float) -> np.ndarray:
    """Upper mid-p limit: root of P(X < x) + P(X = x) / 2 = alpha / 2.

    The left side is the mean of P(X <= x - 1) and P(X <= x), so the root lies between
    the Clopper-Pearson upper limits for x - 1 and x, which bracket it.  Written with
    the beta tails of :func:`_binom_cdf`, the same equation holds for real 0 <= x <= n
    (counts at an effective sample size).
    """
    target = (1.0 - confidence) / 2.0
    x = x.astype(float)
    n = n.astype(float)
    lo = np.where(x > 0, _cp_upper(np.maximum(x - 1, -0.5), n, target), 0.0)
    hi = _cp_upper(x, n, target)

    def excess(p: np.ndarray, rows: np.ndarray) -> np.ndarray:
        xr, nr = x[rows], n[rows]
        return 0.5 * (_binom_cdf(xr - 1, nr, p) + _binom_cdf(xr, nr, p)) - target

    upper = _illinois(excess, lo, hi)
    return np.where(x >= n, 1.0, upper)


def _mid_p_limits(x: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    upper = _mid_p_upper(x, n, confidence)
    lower = 1.0 - _mid_p_upper(n - x, n, confidence)
    return np.where(x == 0, 0.0, lower), np.where(x == n, 1.0, upper)


# --- Blaker ---------------------------------------------------------------------------


def _log_binom_pmf(k: np.ndarray, n: float, p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        log_coef = special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
        return log_coef + special.xlogy(k, p) + special.xlog1py(n - k, -p)


def blaker_acceptability(x: int, n: int, p: np.ndarray | float) -> np.ndarray | float:
    """Blaker's (2000) acceptability function a(x, p), vectorised over ``p``.

    a(x, p) = P_p(gamma(X) <= gamma(x)) with gamma(k) = min(P_p(X <= k), P_p(X >= k)):
    the probability, under p, of an outcome whose smaller tail is no larger than the
    observed one (Blaker 2000, Canadian Journal of Statistics 28:783-798).  It is the
    two-sided p-value of Blaker's exact test of H0: p.  At p = 0 it is 1 when x = 0
    and 0 otherwise (and symmetrically at p = 1).
    """
    xa, na = check_counts(x, n)
    if xa.ndim:
        raise ParameterError("blaker_acceptability takes scalar x and n")
    p_arr = np.atleast_1d(np.asarray(p, dtype=float))
    if np.any((p_arr < 0) | (p_arr > 1)):
        raise ParameterError("p must lie in [0, 1]")
    k = np.arange(int(na) + 1, dtype=float)
    pmf = np.exp(_log_binom_pmf(k, float(na), p_arr.ravel()[:, None]))
    lower_tail = np.cumsum(pmf, axis=-1)
    upper_tail = np.cumsum(pmf[:, ::-1], axis=-1)[:, ::-1]
    gamma = np.minimum(lower_tail, upper_tail)
    # The relative tolerance keeps outcomes tied with the observed one (symmetric
    # cases such as p = 1/2) in the acceptance region despite rounding.
    include = gamma <= gamma[:, [int(xa)]] * (1.0 + 1e-9)
    result = np.minimum(np.sum(pmf * include, axis=-1), 1.0).reshape(p_arr.shape)
    return result if np.ndim(p) else float(result[0])


def _blaker_lower(x: np.ndarray, n: np.ndarray, confidence: float) -> np.ndarray:
    """Lower Blaker limits for 1 <= x <= n (arrays of equal shape).

    Below p_hat = x/n the observed x is in the upper tail and
    a(x, p) = S(x) + F(j*(p)), with S(x) = P(X >= x), F(j) = P(X <= j) and
    j*(p) = max{j : F(j) <= S(x)} (-1 if none).  Hence a(x, p) > alpha iff some j
    has F(j) <= S(x) and g_j(p) = S(x) + F(j) > alpha.  F(j) <= S(x) holds exactly
    for p >= b_j (F(j) falls and S(x) rises with p), and g_j is quasi-convex in p
    (its derivative n[f_{n-1}(x-1) - f_{n-1}(j)] changes sign once), so
    inf{p >= b_j : g_j(p) > alpha} is b_j itself or the single root of
    g_j = alpha above b_j.  The limit is the least of these over j, which finds
    the infimum even when the acceptance set is not an interval (the case
    Klaschka 2010, documentation of R package BlakerCI, shows defeats stepwise search).
    Only j between j*(L_CP) and j*(p_hat) can matter, as the limit lies in
    [Clopper-Pearson lower limit L_CP, p_hat].
    """
    alpha = 1.0 - confidence
    xf = x.astype(float)
    nf = n.astype(float)
    cp_low = special.betaincinv(xf, nf - xf + 1.0, alpha / 2.0)
    p_hat = xf / nf

    def g_excess(p: np.ndarray, rows: np.ndarray, j: np.ndarray, which: np.ndarray) -> np.ndarray:
        i = which[rows]
        return _binom_sf(xf[i], nf[i], p) + _binom_cdf(j[rows], nf[i], p) - alpha

    def first_acceptance(start: np.ndarray, j: np.ndarray, which: np.ndarray) -> np.ndarray:
        """inf{p >= start : g_j(p) > alpha}; the root is unique above a rejected start."""
        rows = np.arange(len(start))
        result = start.copy()
        rejected = g_excess(start, rows, j, which) <= 0
        if np.any(rejected):
            sel = rows[rejected]
            result[sel] = _illinois(lambda p, r: g_excess(p, sel[r], j, which), start[sel], np.ones(sel.size))
        return result

    # j*(p) = (smallest q with F(q) >= S(x)) - 1; at L_CP, S(x) = alpha / 2.
    j_first = np.minimum(stats.binom.ppf(alpha / 2.0, nf, cp_low) - 1.0, xf - 1.0)
    every = np.arange(len(xf))
    lower = first_acceptance(cp_low, j_first, every)
    # Larger j only matter if their b_j lies below the current best limit, i.e.
    # for j up to j*(best); add them one step at a time until none is left.
    j_next = j_first + 1.0
    while True:
        j_best = np.minimum(stats.binom.ppf(_binom_sf(xf, nf, lower), nf, lower) - 1.0, xf - 1.0)
        todo = every[j_next <= j_best]
        if todo.size == 0:
            break
        j = j_next[todo]

        def tail_gap(p: np.ndarray, r: np.ndarray) -> np.ndarray:
            i = todo[r]
            return _binom_cdf(j[r], nf[i], p) - _binom_sf(xf[i], nf[i], p)

        b_j = _illinois(tail_gap, cp_low[todo], lower[todo])
        candidate = first_acceptance(b_j, j, todo)
        lower[todo] = np.minimum(lower[todo], candidate)
        j_next[todo] += 1.0
    return np.clip(lower, cp_low, p_hat)


def _blaker_limits(x: np.ndarray, n: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    xs, ns = x.ravel(), n.ravel()
    lower = np.zeros(xs.shape)
    upper = np.ones(xs.shape)
    has_lower = xs > 0
    has_upper = xs < ns
    # Upper limits by symmetry: U(x, n) = 1 - L(n - x, n).
    both_x = np.concatenate([xs[has_lower], (ns - xs)[has_upper]])
    both_n = np.concatenate([ns[has_lower], ns[has_upper]])
    if both_x.size:
        pairs, inverse = np.unique(np.stack([both_x, both_n]), axis=1, return_inverse=True)
        limits = _blaker_lower(pairs[0], pairs[1], confidence)[inverse.ravel()]
        k = int(has_lower.sum())
        lower[has_lower] = limits[:k]
        upper[has_upper] = 1.0 - limits[k:]
    return lower.reshape(x.shape), upper.reshape(x.shape)


# --- public interface -------------------------------------------------------------------

_LIMITS: dict[str, Callable[[np.ndarray, np.ndarray, float], tuple[np.ndarray, np.ndarray]]] = {
    "blaker": _blaker_limits,
    "mid_p": _mid_p_limits,
}


def proportion_intervals(
    x: object, n: object, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised confidence limits for x successes in n trials.

    ``x`` and ``n`` are integer scalars or arrays that broadcast; returns ``(lower,
    upper)`` arrays of the broadcast shape.  Methods and references: see the module
    docstring and :data:`METHODS`.  Conventions: limits lie in [0, 1]; for every
    method except ``wald`` the lower limit is 0 at x = 0 and the upper limit 1 at
    x = n.  Invalid counts raise ParameterError; an unknown method UnknownNameError.
    """
    method = check_method(method)
    confidence = check_confidence(confidence)
    xa, na = check_counts(x, n)
    if method in _LIMITS:
        low, high = _LIMITS[method](xa.ravel(), na.ravel(), confidence)
        low, high = low.reshape(xa.shape), high.reshape(xa.shape)
    else:
        low, high = _statsmodels_limits(xa, na, method, confidence)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def proportion_interval(
    x: int, n: int, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[float, float]:
    """Confidence interval (lower, upper) for x successes in n trials.

    Scalar form of :func:`proportion_intervals`; same methods, references and
    conventions (lower = 0 at x = 0 and upper = 1 at x = n, except ``wald``).
    """
    if np.ndim(x) or np.ndim(n):
        raise ParameterError("proportion_interval takes scalar x and n; use proportion_intervals for arrays")
    low, high = proportion_intervals(x, n, method, confidence)
    return float(low), float(high)


def real_count_intervals(
    x: object, n: object, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised intervals for shares from possibly non-integer counts, e.g. at an effective sample size.

    The methods in :data:`REAL_COUNT_METHODS` extend to real x and n by their own
    formulas: Wilson, Agresti-Coull and Wald directly, Clopper-Pearson and Jeffreys
    through beta quantiles (Korn & Graubard 1998, Survey Methodology 24:193-201), and
    mid-p through the same beta tails, P(X <= k) = I_{1-p}(n - k, k + 1), in its
    defining equation.  At whole x and n each equals the integer method.  Blaker's
    interval needs integer outcomes and raises ParameterError.  Conventions at x = 0
    and x = n as in :func:`proportion_intervals`.
    """
    method = check_method(method)
    if method not in REAL_COUNT_METHODS:
        raise ParameterError(
            f"method {method!r} needs integer counts; with effective sample sizes use one of: "
            + ", ".join(REAL_COUNT_METHODS)
        )
    confidence = check_confidence(confidence)
    xa, na = _check_real_counts(x, n)
    if method == "mid_p":
        low, high = _mid_p_limits(xa.ravel(), na.ravel(), confidence)
        low, high = low.reshape(xa.shape), high.reshape(xa.shape)
    else:
        low, high = _statsmodels_limits(xa, na, method, confidence)
    return np.asarray(low, dtype=float), np.asarray(high, dtype=float)


def real_count_interval(
    x: float, n: float, method: str = DEFAULT_METHOD, confidence: float = 0.95
) -> tuple[float, float]:
    """Interval for a share from a possibly non-integer count: scalar form of :func:`real_count_intervals`."""
    if np.ndim(x) or np.ndim(n):
        raise ParameterError("real_count_interval takes scalar x and n; use real_count_intervals for arrays")
    low, high = real_count_intervals(x, n, method, confidence)
    return float(low), float(high)


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile z_{1 - alpha/2} for a confidence level."""
    return float(stats.norm.ppf(0.5 + check_confidence(confidence) / 2.0))


