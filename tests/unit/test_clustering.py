"""Design effect for answers written after group discussion, and its exact coverage evidence."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.clustering import (
    SENSITIVITY_COLUMNS,
    clustered_count_pmf,
    clustered_coverage,
    clustered_coverage_table,
    design_effect,
    design_effect_interval,
    design_effect_sensitivity,
    effective_method,
    effective_sample_size,
)
from dialogstats.stats.intervals import METHODS, REAL_COUNT_METHODS, proportion_interval, real_count_interval


def test_kish_design_effect() -> None:
    # Kish (1965): deff = 1 + (m - 1) * ICC; m = 11, ICC = 0.1 gives 2.
    assert design_effect(11, 0.1) == pytest.approx(2.0)


def test_no_clustering_means_no_design_effect() -> None:
    assert design_effect(1, 0.7) == 1.0 and design_effect(12, 0.0) == 1.0


def test_perfect_correlation_makes_a_group_worth_one_answer() -> None:
    assert effective_sample_size(36, 6, 1.0) == pytest.approx(6.0)


@pytest.mark.parametrize("method", REAL_COUNT_METHODS)
def test_interval_at_unit_design_effect_is_the_ordinary_interval(method: str) -> None:
    assert design_effect_interval(31, 36, 6, 0.0, method) == pytest.approx(proportion_interval(31, 36, method), abs=1e-12)


def test_blaker_is_replaced_by_clopper_pearson_at_an_effective_size() -> None:
    assert effective_method("blaker") == "clopper_pearson" and effective_method("mid_p") == "mid_p"
    assert design_effect_interval(20, 36, 6, 0.1, "blaker") == design_effect_interval(20, 36, 6, 0.1, "clopper_pearson")


def test_interval_is_computed_at_the_effective_size_with_the_share_kept() -> None:
    # deff = 2: 31 of 36 becomes 15.5 of 18.
    assert design_effect_interval(31, 36, 11, 0.1, "clopper_pearson") == pytest.approx(
        real_count_interval(15.5, 18.0, "clopper_pearson")
    )


def _clopper_pearson_by_beta_quantiles(x: float, n: float, confidence: float) -> tuple[float, float]:
    alpha = 1 - confidence
    low = 0.0 if x == 0 else stats.beta.ppf(alpha / 2, x, n - x + 1)
    high = 1.0 if x == n else stats.beta.ppf(1 - alpha / 2, x + 1, n - x)
    return low, high


@pytest.mark.parametrize(("x", "n", "m", "icc"), [(31, 36, 6, 0.1), (1, 7, 3, 0.2), (14, 14, 4, 0.05), (0, 9, 8, 0.2)])
def test_clopper_pearson_at_the_effective_size_matches_beta_quantiles(x: int, n: int, m: int, icc: float) -> None:
    deff = 1 + (m - 1) * icc
    expected = _clopper_pearson_by_beta_quantiles(x / deff, n / deff, 0.9)
    assert design_effect_interval(x, n, m, icc, "clopper_pearson", 0.9) == pytest.approx(expected, abs=1e-10)


@pytest.mark.parametrize(("x", "n", "m", "icc"), [(31, 36, 6, 0.1), (3, 14, 7, 0.2), (0, 12, 4, 0.05)])
def test_korn_graubard_correction_matches_the_survey_package_formula(x: int, n: int, m: int, icc: float) -> None:
    # R survey::svyciprop(method = "beta"): n_eff * (qt(alpha/2, n - 1) / qt(alpha/2, df))^2, then
    # Clopper-Pearson beta quantiles at that size; df = groups - 1 with n / m groups.
    alpha = 0.05
    n_eff = n / (1 + (m - 1) * icc) * (stats.t.ppf(alpha / 2, n - 1) / stats.t.ppf(alpha / 2, n / m - 1)) ** 2
    expected = _clopper_pearson_by_beta_quantiles(x / n * n_eff, n_eff, 0.95)
    assert design_effect_interval(x, n, m, icc, "clopper_pearson", correction="korn_graubard") == pytest.approx(expected, abs=1e-10)


def test_korn_graubard_correction_needs_two_groups() -> None:
    with pytest.raises(ParameterError, match="more than one group"):
        design_effect_interval(3, 6, 6, 0.1, correction="korn_graubard")


def test_unknown_correction_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownNameError, match="valid: none, korn_graubard"):
        design_effect_interval(3, 6, 3, 0.1, correction="satterthwaite")


def test_larger_design_effect_widens_the_interval() -> None:
    narrow = design_effect_interval(20, 36, 6, 0.05)
    wide = design_effect_interval(20, 36, 6, 0.3)
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


@pytest.mark.parametrize("method", METHODS)
def test_every_method_gives_an_interval_with_the_boundary_conventions(method: str) -> None:
    low, high = design_effect_interval(5, 14, 4, 0.2, method, 0.9)
    assert 0.0 <= low <= 5 / 14 <= high <= 1.0
    if method != "wald":
        assert design_effect_interval(0, 36, 6, 0.2, method)[0] == 0.0
        assert design_effect_interval(36, 36, 6, 0.2, method)[1] == 1.0


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=80).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.sampled_from(METHODS),
    st.integers(min_value=2, max_value=8),
    st.floats(min_value=0.0, max_value=0.5),
    st.floats(min_value=0.0, max_value=0.5),
)
def test_interval_widens_as_the_correlation_grows(xn, method: str, m: int, icc1: float, icc2: float) -> None:
    x, n = xn
    lower, higher = sorted((icc1, icc2))
    narrow = design_effect_interval(x, n, m, lower, method)
    wide = design_effect_interval(x, n, m, higher, method)
    assert 0.0 <= wide[0] <= narrow[0] + 1e-9 and narrow[1] <= wide[1] + 1e-9 <= 1.0 + 1e-9


@pytest.mark.parametrize(("m", "icc"), [(0.5, 0.1), (6, -0.1), (6, 1.5), (True, 0.1)])
def test_invalid_design_raises(m: object, icc: object) -> None:
    with pytest.raises(ParameterError):
        design_effect(m, icc)  # type: ignore[arg-type]


def test_sensitivity_has_one_row_per_group_size_and_icc() -> None:
    table = design_effect_sensitivity(31, 36, [12.7, 6], [0.0, 0.1, 0.3])
    assert list(table.columns) == list(SENSITIVITY_COLUMNS)
    assert list(zip(table["cluster_size"], table["icc"]))[:3] == [(6.0, 0.0), (6.0, 0.1), (6.0, 0.3)]
    assert len(table) == 6


# --- the beta-binomial model of groups and the exact coverage -------------------------------------


def _pmf_by_enumerating_groups(groups: int, m: int, icc: float, p: float) -> np.ndarray:
    scale = (1 - icc) / icc
    one = stats.betabinom.pmf(np.arange(m + 1), m, p * scale, (1 - p) * scale)
    pmf = np.zeros(groups * m + 1)
    for outcome in itertools.product(range(m + 1), repeat=groups):
        pmf[sum(outcome)] += np.prod([one[k] for k in outcome])
    return pmf


@pytest.mark.parametrize(("groups", "m", "icc", "p"), [(2, 3, 0.1, 0.3), (3, 4, 0.2, 0.65), (4, 2, 0.05, 0.5)])
def test_count_distribution_matches_enumeration_over_the_groups(groups: int, m: int, icc: float, p: float) -> None:
    assert clustered_count_pmf(groups, m, icc, p)[0] == pytest.approx(_pmf_by_enumerating_groups(groups, m, icc, p), abs=1e-14)


@pytest.mark.parametrize(("groups", "m", "icc", "p"), [(2, 5, 0.1, 0.3), (5, 8, 0.2, 0.9), (3, 3, 0.0, 0.4)])
def test_count_variance_is_the_kish_design_effect_times_binomial(groups: int, m: int, icc: float, p: float) -> None:
    pmf = clustered_count_pmf(groups, m, icc, p)[0]
    x = np.arange(pmf.size)
    mean = pmf @ x
    n = groups * m
    assert mean == pytest.approx(n * p)
    assert pmf @ (x - mean) ** 2 == pytest.approx(n * p * (1 - p) * design_effect(m, icc))


@pytest.mark.parametrize(("method", "correction"), [("wilson", "none"), ("mid_p", "none"), ("clopper_pearson", "korn_graubard")])
def test_coverage_matches_a_sum_over_every_outcome_of_the_groups(method: str, correction: str) -> None:
    groups, m, icc, p = 3, 3, 0.2, 0.35
    n = groups * m
    pmf = _pmf_by_enumerating_groups(groups, m, icc, p)
    expected = sum(
        pmf[x] for x in range(n + 1)
        if design_effect_interval(x, n, m, icc, method, 0.95, correction)[0] <= p <= design_effect_interval(x, n, m, icc, method, 0.95, correction)[1]
    )
    assert clustered_coverage(method, groups, m, icc, p, 0.95, correction)[0] == pytest.approx(expected, abs=1e-12)


@pytest.fixture(scope="module")
def wilson_evidence():
    return clustered_coverage_table("wilson", confidence=0.95)


def test_without_correction_wilson_keeps_its_mean_coverage_near_nominal(wilson_evidence) -> None:
    # The statement of the module docstring: within 0.01 of 95 % with 2 to 5 groups of 3 to 8, ICC 0.05 to 0.2.
    plain = wilson_evidence[wilson_evidence["correction"] == "none"]
    assert len(plain) == 3 * 6 * 3
    assert plain["mean_coverage"].between(0.94, 0.96).all()
    assert (plain["min_coverage"] < 0.95).any()


def test_korn_graubard_correction_covers_almost_surely_with_two_groups(wilson_evidence) -> None:
    corrected = wilson_evidence[wilson_evidence["correction"] == "korn_graubard"]
    assert (corrected["mean_coverage"] >= 0.985).all()
    assert (corrected.loc[corrected["groups"] == 2, "mean_coverage"] >= 0.999).all()
