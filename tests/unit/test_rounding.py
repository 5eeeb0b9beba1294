"""Rounding rules, consistency of printed percentages, and feasible denominators.

References: hand-worked cases (stated in each test) and brute-force enumeration written
independently in the tests (plain ``decimal`` arithmetic, every count of every n).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.stats.rounding import (
    ROUNDING_RULES,
    consistent_rules,
    feasible_counts,
    feasible_denominators,
    feasible_denominators_by_rule,
    percent_consistent,
    printed_decimals,
    round_percent,
)

_DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}


def reference_round(x: int, n: int, rule: str, decimals: int = 0) -> Decimal:
    """Independent rounding with the decimal module (exact for 100 * x / n at 30 digits)."""
    value = Decimal(100 * x) / Decimal(n)
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_DECIMAL_MODES[rule])


def brute_force_denominators(percents: list[int], rule: str, n_max: int, require_sum: bool) -> list[int]:
    """Every n whose counts reproduce all percents, by trying every count (and every combination)."""
    feasible = []
    for n in range(1, n_max + 1):
        choices = [[x for x in range(n + 1) if reference_round(x, n, rule) == p] for p in percents]
        if not all(choices):
            continue
        if require_sum:
            sums = {0}
            for c in choices:
                sums = {s + x for s in sums for x in c}
            if n not in sums:
                continue
        feasible.append(n)
    return feasible


# --- rounding rules, hand-worked -------------------------------------------------


def test_one_eighth_rounds_up_under_half_up():
    assert round_percent(1, 8, "half_up") == 13  # 12.5 %


def test_one_eighth_rounds_to_even_under_half_even():
    assert round_percent(1, 8, "half_even") == 12


def test_one_eighth_is_cut_under_truncation():
    assert round_percent(1, 8, "truncate") == 12


def test_three_eighths_rounds_to_even_upwards_under_half_even():
    assert round_percent(3, 8, "half_even") == 38  # 37.5 % -> 38 (even)


def test_eight_of_eleven_is_73_half_up_but_72_truncated():
    # 8/11 = 72.727... %
    assert round_percent(8, 11, "half_up") == 73
    assert round_percent(8, 11, "truncate") == 72


def test_one_decimal_is_rounded_at_the_printed_decimal():
    assert round_percent(1, 3, "half_up", decimals=1) == pytest.approx(33.3)
    assert round_percent(2, 3, "truncate", decimals=1) == pytest.approx(66.6)


def test_zero_and_all_are_zero_and_hundred_under_every_rule():
    for rule in ROUNDING_RULES:
        assert round_percent(0, 7, rule) == 0
        assert round_percent(7, 7, rule) == 100


def test_rounding_matches_decimal_module_for_all_counts_up_to_forty():
    for n in range(1, 41):
        for x in range(n + 1):
            for rule in ROUNDING_RULES:
                assert Decimal(str(round_percent(x, n, rule))) == reference_round(x, n, rule), (x, n, rule)


# --- consistency -------------------------------------------------------------


def test_printed_decimals_are_read_from_the_number():
    assert printed_decimals(28.0) == 0
    assert printed_decimals(12.5) == 1
    assert printed_decimals("52.94") == 2


def test_five_of_fifteen_is_not_28_percent_under_any_rule():
    assert consistent_rules(28, 5, 15) == ()


def test_five_of_eighteen_is_28_percent_half_up():
    assert "half_up" in consistent_rules(28, 5, 18)


def test_eight_of_eleven_as_72_percent_is_consistent_only_with_truncation():
    assert consistent_rules(72, 8, 11) == ("truncate",)


def test_approximate_percentage_is_matched_within_tolerance():
    # ca 43 %: 6/14 = 42.86 % rounds to 43; 5/14 = 35.7 % does not come within 1 point
    assert percent_consistent(43, 6, 14, tolerance=1.0)
    assert not percent_consistent(43, 5, 14, tolerance=1.0)
    assert percent_consistent(44, 6, 14, tolerance=1.0)
    assert not percent_consistent(44, 6, 14, tolerance=0.0)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.sampled_from(ROUNDING_RULES), st.integers(0, 2))
def test_a_percentage_computed_with_a_rule_is_consistent_under_that_rule(xn, rule, decimals):
    x, n = xn
    printed = round_percent(x, n, rule, decimals)
    assert percent_consistent(printed, x, n, rule, decimals=decimals)


# --- feasible counts and denominators -----------------------------------------------


@pytest.mark.parametrize("decimals, tolerance", [(0, 0.0), (1, 0.0), (0, 1.0)])
def test_feasible_counts_are_every_count_that_rounds_to_the_percentage(decimals, tolerance):
    # Every count of every n up to 60, rounded with the decimal module, against the window search.
    for n in range(1, 61):
        for rule in ROUNDING_RULES:
            printed = {reference_round(x, n, rule, decimals) for x in range(0, n + 1, 3)}
            for percent in sorted(printed):
                expected = [x for x in range(n + 1)
                            if abs(reference_round(x, n, rule, decimals) - percent) <= Decimal(str(tolerance))]
                got = feasible_counts(float(percent), n, rule, decimals=decimals, tolerance=tolerance)
                assert got == expected, (float(percent), n, rule, decimals, tolerance)


def test_four_percent_of_122_is_five_or_six_answers():
    # 4/122 = 3.3 %, 5/122 = 4.1 %, 6/122 = 4.9 % (4 only when truncated), 7/122 = 5.7 %
    assert feasible_counts(4, 122, "half_up") == [5]
    assert feasible_counts(4, 122, "truncate") == [5, 6]


def test_percentages_of_eighteen_recover_eighteen_as_the_smallest_joint_denominator():
    # 28 %, 17 %, 56 % printed for counts 5, 3, 10 of 18
    ns = feasible_denominators([28, 17, 56], rules="half_up", require_sum=True)
    assert ns[0] == 18
    assert 15 not in ns


def test_feasible_denominators_match_brute_force_enumeration():
    cases = [([92, 8], "half_up", True), ([28, 17, 56], "half_even", True), ([43], "truncate", False),
             ([49, 37, 14], "half_up", True), ([36, 21], "half_up", False)]
    for percents, rule, require_sum in cases:
        got = feasible_denominators(percents, rules=rule, n_max=60, require_sum=require_sum)
        assert got == brute_force_denominators(percents, rule, 60, require_sum), (percents, rule)


def test_feasible_denominators_over_several_rules_are_the_union_of_each_rule():
    by_rule = feasible_denominators_by_rule([72, 28], n_max=50)
    union = sorted(set().union(*by_rule.values()))
    assert feasible_denominators([72, 28], n_max=50) == union


def test_no_denominator_is_feasible_for_impossible_percentages():
    # two options of a single-choice question at 70 % each cannot add up to n
    assert feasible_denominators([70, 70], require_sum=True) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=4).filter(lambda c: sum(c) > 0),
       st.sampled_from(ROUNDING_RULES))
def test_the_true_denominator_is_always_feasible(counts, rule):
    n = sum(counts)
    percents = [round_percent(c, n, rule) for c in counts]
    assert n in feasible_denominators(percents, rules=rule, n_max=max(n, 1), require_sum=True)


# --- invalid arguments --------------------------------------------------------------


def test_unknown_rule_is_refused_with_the_valid_ones():
    with pytest.raises(UnknownNameError, match="half_up, half_even, truncate"):
        round_percent(1, 2, "bankers")


def test_count_above_denominator_is_refused():
    with pytest.raises(ParameterError):
        round_percent(5, 4)


def test_zero_denominator_is_refused():
    with pytest.raises(ParameterError):
        percent_consistent(0, 0, 0)


def test_negative_count_is_refused():
    with pytest.raises(ParameterError):
        consistent_rules(10, -1, 10)


def test_reconstruction_needs_at_least_one_percentage():
    with pytest.raises(ParameterError):
        feasible_denominators([])


def test_closest_count_recovers_the_count_behind_a_printed_percentage():
    # 33/36 = 91.7 % -> 92 %; 1/20 = 5 % exactly (worked by hand).
    from dialogstats.stats.rounding import closest_count

    assert (closest_count(92, 36), closest_count(5, 20)) == (33, 1)


def test_closest_count_is_none_when_no_count_reproduces_the_percentage():
    # 4/15 = 26.7 % and 5/15 = 33.3 %: no count out of 15 prints as 28 %.
    from dialogstats.stats.rounding import closest_count

    assert closest_count(28, 15) is None
