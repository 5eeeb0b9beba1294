"""Design effect for answers written after group discussion."""

from __future__ import annotations

import pytest

from dialogstats.stats.clustering import (
    SENSITIVITY_COLUMNS,
    design_effect,
    design_effect_interval,
    design_effect_sensitivity,
    effective_sample_size,
)
from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import proportion_interval, real_count_interval


def test_kish_design_effect() -> None:
    # Kish (1965): deff = 1 + (m - 1) * ICC; m = 11, ICC = 0.1 gives 2.
    assert design_effect(11, 0.1) == pytest.approx(2.0)


def test_no_clustering_means_no_design_effect() -> None:
    assert design_effect(1, 0.7) == 1.0 and design_effect(12, 0.0) == 1.0


def test_perfect_correlation_makes_a_group_worth_one_answer() -> None:
    assert effective_sample_size(36, 6, 1.0) == pytest.approx(6.0)


def test_interval_at_unit_design_effect_is_the_ordinary_interval() -> None:
    assert design_effect_interval(31, 36, 6, 0.0) == pytest.approx(proportion_interval(31, 36))


def test_interval_is_computed_at_the_effective_size_with_the_share_kept() -> None:
    # deff = 2: 31 of 36 becomes 15.5 of 18.
    assert design_effect_interval(31, 36, 11, 0.1, "clopper_pearson") == pytest.approx(
        real_count_interval(15.5, 18.0, "clopper_pearson")
    )


def test_larger_design_effect_widens_the_interval() -> None:
    narrow = design_effect_interval(20, 36, 6, 0.05)
    wide = design_effect_interval(20, 36, 6, 0.3)
    assert wide[0] < narrow[0] and narrow[1] < wide[1]


def test_boundary_conventions_survive_the_design_effect() -> None:
    assert design_effect_interval(0, 36, 6, 0.2)[0] == 0.0
    assert design_effect_interval(36, 36, 6, 0.2)[1] == 1.0


def test_methods_needing_integer_counts_are_refused() -> None:
    with pytest.raises(ParameterError, match="integer counts"):
        design_effect_interval(20, 36, 6, 0.2, "blaker")


@pytest.mark.parametrize(("m", "icc"), [(0.5, 0.1), (6, -0.1), (6, 1.5), (True, 0.1)])
def test_invalid_design_raises(m: object, icc: object) -> None:
    with pytest.raises(ParameterError):
        design_effect(m, icc)  # type: ignore[arg-type]


def test_sensitivity_has_one_row_per_group_size_and_icc() -> None:
    table = design_effect_sensitivity(31, 36, [12.7, 6], [0.0, 0.1, 0.3])
    assert list(table.columns) == list(SENSITIVITY_COLUMNS)
    assert list(zip(table["cluster_size"], table["icc"]))[:3] == [(6.0, 0.0), (6.0, 0.1), (6.0, 0.3)]
    assert len(table) == 6
