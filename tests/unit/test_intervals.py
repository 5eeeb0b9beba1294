"""Single-proportion intervals against published tables, documented R output and enumeration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dialogstats.errors import DialogstatsError, ParameterError, UnknownNameError
from dialogstats.stats.intervals import (
    DEFAULT_METHOD,
    METHODS,
    blaker_acceptability,
    check_method,
    proportion_interval,
    proportion_intervals,
    real_count_interval,
)

# Newcombe (1998), Statistics in Medicine 17:857-872, Table I: 95% limits, 4 decimals.
# Method 1 = Wald (negative limits printed as "<0", clipped here), 3 = Wilson score,
# 5 = Clopper-Pearson, 6 = mid-p (the mid-p rows are also used as regression values in
# R package coin, tests/regtest_midpvalue.R).
NEWCOMBE_1998 = {
    ("wald", 81, 263): (0.2522, 0.3638),
    ("wald", 15, 148): (0.0527, 0.1500),
    ("wald", 0, 20): (0.0, 0.0),
    ("wald", 1, 29): (0.0, 0.1009),
    ("wilson", 81, 263): (0.2553, 0.3662),
    ("wilson", 15, 148): (0.0624, 0.1605),
    ("wilson", 0, 20): (0.0, 0.1611),
    ("wilson", 1, 29): (0.0061, 0.1718),
    ("clopper_pearson", 81, 263): (0.2527, 0.3676),
    ("clopper_pearson", 15, 148): (0.0578, 0.1617),
    ("clopper_pearson", 0, 20): (0.0, 0.1684),
    ("clopper_pearson", 1, 29): (0.0009, 0.1776),
    ("mid_p", 81, 263): (0.2544, 0.3658),
    ("mid_p", 15, 148): (0.0601, 0.1581),
    ("mid_p", 0, 20): (0.0, 0.1391),
    ("mid_p", 1, 29): (0.0017, 0.1585),
}

# R package binom 1.1: binom.confint(x = c(18), n = 20, tol = 1e-8) and
# binom.confint(x = c(4), n = 20, tol = 1e-8), as recorded in statsmodels'
# stats/tests/results/results_proportion.py (methods "exact", "wilson", "agresti-coull",
# "asymptotic"; the asymptotic upper limit 1.0315 for 18/20 is clipped to 1 here).
R_BINOM_CONFINT = {
    ("clopper_pearson", 18, 20): (0.6830172859809176, 0.9876514728297052),
    ("wilson", 18, 20): (0.6989663547715128, 0.972133518786232),
    ("agresti_coull", 18, 20): (0.6867561125596077, 0.984343760998137),
    ("wald", 18, 20): (0.768521618913513, 1.0),
    ("clopper_pearson", 4, 20): (0.05733399705003284, 0.436614002996668),
    ("wilson", 4, 20): (0.0806576625797981, 0.4160174322518935),
    ("agresti_coull", 4, 20): (0.0749115102767071, 0.4217635845549845),
    ("wald", 4, 20): (0.0246954918846837, 0.3753045081153163),
}

# R 4.3.3, DescTools::BinomCI(100, 200, method = ...), recorded in statsmodels'
# stats/tests/test_proportion.py::test_proportion_confint (7 significant digits).
R_DESCTOOLS_100_200 = {
    "jeffreys": (0.4311217, 0.5688783),
    "wilson": (0.4313609, 0.5686391),
    "clopper_pearson": (0.4286584, 0.5713416),
    "wald": (0.4307048, 0.5692952),
}

# R package contingencytables (Fagerland, Lydersen & Laake 2017, Statistical Analysis
# of Contingency Tables, chapter 2), tests/testthat/test-ch2.R, printed to 4 decimals:
#   Blaker_exact_CI_1x2(1, 100); ClopperPearson_exact_CI_1x2(X = 13, n = 16);
#   ClopperPearson_midP_CI_1x2(X = 13, n = 16); Jeffreys_CI_1x2(X = 13, n = 16);
#   Wilson_score_CI_1x2(X = 13, n = 16).
FAGERLAND_2017 = {
    ("blaker", 1, 100): (0.0005, 0.0513),
    ("clopper_pearson", 13, 16): (0.5435, 0.9595),
    ("mid_p", 13, 16): (0.5699, 0.9500),
    ("jeffreys", 13, 16): (0.5792, 0.9442),
    ("wilson", 13, 16): (0.5699, 0.9341),
}


@pytest.mark.parametrize(("method", "x", "n"), list(NEWCOMBE_1998))
def test_matches_newcombe_1998_table_1(method: str, x: int, n: int) -> None:
    low, high = proportion_interval(x, n, method)
    assert (round(low, 4), round(high, 4)) == NEWCOMBE_1998[(method, x, n)]


@pytest.mark.parametrize(("method", "x", "n"), list(R_BINOM_CONFINT))
def test_matches_r_binom_confint(method: str, x: int, n: int) -> None:
    assert proportion_interval(x, n, method) == pytest.approx(R_BINOM_CONFINT[(method, x, n)], abs=1e-7)


@pytest.mark.parametrize("method", list(R_DESCTOOLS_100_200))
def test_matches_r_desctools_binomci(method: str) -> None:
    assert proportion_interval(100, 200, method) == pytest.approx(R_DESCTOOLS_100_200[method], abs=1e-6)


@pytest.mark.parametrize(("method", "x", "n"), list(FAGERLAND_2017))
def test_matches_r_contingencytables(method: str, x: int, n: int) -> None:
    low, high = proportion_interval(x, n, method)
    assert (round(low, 4), round(high, 4)) == FAGERLAND_2017[(method, x, n)]


def test_mid_p_matches_berry_armitage_1995_example() -> None:
    # Berry & Armitage (1995), The Statistician 44:417-423, p. 420: 5/20 -> 0.098 to 0.470
    # (also a regression value in R package coin, tests/regtest_midpvalue.R).
    low, high = proportion_interval(5, 20, "mid_p")
    assert (round(low, 3), round(high, 3)) == (0.098, 0.470)


def test_mid_p_matches_agresti_gottard_example() -> None:
    # Agresti & Gottard (2005), Statistical Science 20:367-371: 4/10 -> 0.142 to 0.709
    # (R package coin, tests/regtest_midpvalue.R).
    low, high = proportion_interval(4, 10, "mid_p")
    assert (round(low, 3), round(high, 3)) == (0.142, 0.709)


def test_blaker_acceptability_is_blaker_test_p_value() -> None:
    # contingencytables: Blaker_exact_test_1x2(1, 10, .5) prints P = 0.02148.
    assert round(blaker_acceptability(1, 10, 0.5), 5) == 0.02148


def _acceptability_by_enumeration(x: int, n: int, p: np.ndarray) -> np.ndarray:
    """Blaker's a(x, p) straight from its definition with scipy's binomial distribution."""
    k = np.arange(n + 1)
    pmf = stats.binom.pmf(k[None, :], n, p[:, None])
    gamma = np.minimum(stats.binom.cdf(k[None, :], n, p[:, None]), stats.binom.sf(k[None, :] - 1, n, p[:, None]))
    return np.sum(pmf * (gamma <= gamma[:, [x]] * (1 + 1e-9)), axis=1)


@pytest.mark.parametrize(("x", "n"), [(30, 31), (1, 31), (8, 58), (12, 35), (7, 7), (0, 9), (3, 17)])
def test_blaker_limits_match_brute_force_inversion(x: int, n: int) -> None:
    # (30, 31) and (8, 58) have acceptance sets that are not intervals near a limit.
    grid = np.linspace(0.0, 1.0, 100_001)
    accepted = grid[_acceptability_by_enumeration(x, n, grid) > 0.05]
    low, high = proportion_interval(x, n, "blaker")
    assert low == pytest.approx(accepted.min(), abs=1.5e-5)
    assert high == pytest.approx(accepted.max(), abs=1.5e-5)


@pytest.mark.parametrize(("x", "n"), [(0, 10), (3, 10), (10, 10), (1, 1)])
def test_jeffreys_is_equal_tailed_beta_with_boundary_modification(x: int, n: int) -> None:
    low, high = proportion_interval(x, n, "jeffreys")
    expected_low = 0.0 if x == 0 else stats.beta.ppf(0.025, x + 0.5, n - x + 0.5)
    expected_high = 1.0 if x == n else stats.beta.ppf(0.975, x + 0.5, n - x + 0.5)
    assert (low, high) == pytest.approx((expected_low, expected_high), abs=1e-12)


@pytest.mark.parametrize("method", [m for m in METHODS if m != "wald"])
def test_lower_limit_is_zero_at_x_zero(method: str) -> None:
    assert proportion_interval(0, 12, method)[0] == 0.0


@pytest.mark.parametrize("method", [m for m in METHODS if m != "wald"])
def test_upper_limit_is_one_at_x_n(method: str) -> None:
    assert proportion_interval(12, 12, method)[1] == 1.0


def test_wald_collapses_to_a_point_at_the_boundary() -> None:
    assert proportion_interval(0, 12, "wald") == (0.0, 0.0)


def test_clopper_pearson_at_x_zero_has_closed_form_upper_limit() -> None:
    assert proportion_interval(0, 20, "clopper_pearson")[1] == pytest.approx(1 - 0.025 ** (1 / 20), abs=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_n_equal_one_gives_valid_intervals(method: str) -> None:
    for x in (0, 1):
        low, high = proportion_interval(x, 1, method)
        assert 0.0 <= low <= high <= 1.0


@pytest.mark.parametrize("method", METHODS)
def test_large_n_intervals_are_narrow_and_centred(method: str) -> None:
    low, high = proportion_interval(5_000, 10_000, method)
    assert low == pytest.approx(0.5 - 1.96 * 0.005, abs=2e-4)
    assert high == pytest.approx(0.5 + 1.96 * 0.005, abs=2e-4)


def test_vectorised_form_equals_scalar_form() -> None:
    x = np.array([0, 3, 7, 12])
    for method in METHODS:
        low, high = proportion_intervals(x, 12, method)
        for i, xi in enumerate(x):
            assert (low[i], high[i]) == pytest.approx(proportion_interval(int(xi), 12, method), abs=1e-12)


def test_vectorised_form_keeps_the_input_shape() -> None:
    low, high = proportion_intervals(np.array([[1, 2], [3, 4]]), np.array([5, 9]), "blaker")
    assert low.shape == high.shape == (2, 2)


def test_default_method_is_wilson() -> None:
    assert DEFAULT_METHOD == "wilson"
    assert proportion_interval(4, 20) == proportion_interval(4, 20, "wilson")


def test_unknown_method_lists_the_valid_names() -> None:
    with pytest.raises(UnknownNameError, match="valid: wilson, blaker"):
        check_method("exact")


@pytest.mark.parametrize(
    ("x", "n"), [(-1, 10), (11, 10), (1, 0), (2.5, 10), (3, 10.5), (True, 10), ("3", 10)]
)
def test_invalid_counts_raise(x: object, n: object) -> None:
    with pytest.raises(ParameterError):
        proportion_interval(x, n)  # type: ignore[arg-type]


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 95, float("nan")])
def test_confidence_outside_unit_interval_raises(confidence: float) -> None:
    with pytest.raises(ParameterError, match="confidence"):
        proportion_interval(3, 10, confidence=confidence)


def test_errors_are_value_errors_of_the_project() -> None:
    with pytest.raises(ValueError):
        proportion_interval(11, 10)
    with pytest.raises(DialogstatsError):
        proportion_interval(11, 10)


def test_real_counts_refuse_methods_that_need_integers() -> None:
    with pytest.raises(ParameterError, match="integer counts"):
        real_count_interval(2.5, 10.2, "blaker")


@pytest.mark.parametrize("method", ["wilson", "jeffreys", "clopper_pearson", "agresti_coull", "mid_p", "wald"])
@pytest.mark.parametrize(("x", "n"), [(4, 20), (0, 7), (7, 7), (1, 29)])
def test_real_counts_agree_with_integer_counts_when_whole(method: str, x: int, n: int) -> None:
    assert real_count_interval(float(x), float(n), method) == pytest.approx(proportion_interval(x, n, method), abs=1e-12)


def _mid_p_limits_by_root_finding(x: float, n: float, confidence: float) -> tuple[float, float]:
    """Mid-p limits at real x, n solved in the test: 1/2 [F(x - 1) + F(x)] = alpha / 2 with F(k) = I_{1-p}(n - k, k + 1)."""
    from scipy.optimize import brentq
    from scipy.special import betainc

    half_alpha = (1 - confidence) / 2

    def cdf(k: float, p: float) -> float:
        return 0.0 if k <= -1 else 1.0 if k >= n else float(betainc(n - k, k + 1, 1 - p))

    def upper(xx: float) -> float:
        return 1.0 if xx >= n else brentq(lambda p: 0.5 * (cdf(xx - 1, p) + cdf(xx, p)) - half_alpha, 1e-15, 1 - 1e-15, xtol=1e-14)

    return (0.0 if x == 0 else 1.0 - upper(n - x)), upper(x)


@pytest.mark.parametrize(("x", "n"), [(15.5, 18.0), (0.4, 3.2), (6.9, 7.0), (2.25, 9.5), (0.0, 4.5)])
@pytest.mark.parametrize("confidence", [0.8, 0.95])
def test_mid_p_at_real_counts_solves_its_defining_equation(x: float, n: float, confidence: float) -> None:
    assert real_count_interval(x, n, "mid_p", confidence) == pytest.approx(_mid_p_limits_by_root_finding(x, n, confidence), abs=1e-9)


# --- properties --------------------------------------------------------------------------

counts = st.integers(min_value=1, max_value=60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))
levels = st.floats(min_value=0.5, max_value=0.995)


@settings(max_examples=60, deadline=None)
@given(counts, st.sampled_from(METHODS), levels)
def test_limits_lie_in_unit_interval_and_are_ordered(xn: tuple[int, int], method: str, confidence: float) -> None:
    low, high = proportion_interval(*xn, method, confidence)
    assert 0.0 <= low <= high <= 1.0


@settings(max_examples=60, deadline=None)
@given(counts, st.sampled_from(["wilson", "blaker", "jeffreys", "clopper_pearson", "mid_p", "wald"]), levels)
def test_estimate_lies_inside_the_interval(xn: tuple[int, int], method: str, confidence: float) -> None:
    x, n = xn
    low, high = proportion_interval(x, n, method, confidence)
    assert low - 1e-12 <= x / n <= high + 1e-12


@settings(max_examples=60, deadline=None)
@given(counts, st.sampled_from(["wilson", "blaker", "jeffreys", "clopper_pearson", "mid_p", "wald"]), levels, levels)
def test_intervals_nest_as_confidence_grows(xn: tuple[int, int], method: str, c1: float, c2: float) -> None:
    lower_level, higher_level = sorted((c1, c2))
    narrow = proportion_interval(*xn, method, lower_level)
    wide = proportion_interval(*xn, method, higher_level)
    assert wide[0] <= narrow[0] + 1e-9 and narrow[1] <= wide[1] + 1e-9


@settings(max_examples=40, deadline=None)
@given(counts)
def test_blaker_lies_within_clopper_pearson(xn: tuple[int, int]) -> None:
    blaker = proportion_interval(*xn, "blaker")
    cp = proportion_interval(*xn, "clopper_pearson")
    assert cp[0] - 1e-9 <= blaker[0] and blaker[1] <= cp[1] + 1e-9


@settings(max_examples=40, deadline=None)
@given(counts, st.sampled_from(METHODS))
def test_intervals_are_symmetric_under_swapping_successes_and_failures(xn: tuple[int, int], method: str) -> None:
    x, n = xn
    low, high = proportion_interval(x, n, method)
    mirror_low, mirror_high = proportion_interval(n - x, n, method)
    assert (low, high) == pytest.approx((1 - mirror_high, 1 - mirror_low), abs=1e-9)
