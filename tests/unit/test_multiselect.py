"""Multi-select bounds: logic of ticks and respondents, checked by enumeration."""

from __future__ import annotations

import pytest

from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import proportion_interval
from dialogstats.stats.multiselect import (
    answer_share,
    respondent_count_range,
    respondent_share_interval,
    respondent_share_range,
    shares_of_answers_and_respondents,
)


def test_answer_share_divides_by_all_ticks() -> None:
    assert answer_share(10, 40) == 0.25


def test_respondents_range_from_at_least_one_and_at_most_max_choices_ticks() -> None:
    # 40 ticks, at most 3 per person: 14 to 40 respondents.
    assert respondent_count_range(40, count=10, max_choices=3) == (14, 40)


def test_attendance_caps_the_number_of_respondents() -> None:
    assert respondent_count_range(40, count=10, max_choices=3, respondents_max=20) == (14, 20)


def test_an_option_count_is_a_lower_bound_on_respondents() -> None:
    assert respondent_count_range(40, count=30, max_choices=3) == (30, 40)


def test_share_range_divides_count_by_the_respondent_range() -> None:
    assert respondent_share_range(10, 40, max_choices=3, respondents_max=20) == (10 / 20, 10 / 14)


def test_share_range_without_max_choices_reaches_one() -> None:
    assert respondent_share_range(10, 40) == (10 / 40, 1.0)


def test_zero_count_gives_zero_range() -> None:
    assert respondent_share_range(0, 40, max_choices=3) == (0.0, 0.0)


def test_share_range_contains_every_feasible_configuration() -> None:
    # Enumerate respondent numbers R and check count / R stays inside the range.
    count, total, max_choices, cap = 6, 17, 2, 12
    feasible = [r for r in range(1, cap + 1) if r <= total <= max_choices * r and count <= r]
    low, high = respondent_share_range(count, total, max_choices, cap)
    assert low == min(count / r for r in feasible) and high == max(count / r for r in feasible)


def test_infeasible_inputs_raise() -> None:
    with pytest.raises(ParameterError, match="no number of respondents fits"):
        respondent_count_range(40, count=5, max_choices=2, respondents_max=10)


@pytest.mark.parametrize(("count", "total"), [(-1, 10), (11, 10), (2.5, 10), (3, 0)])
def test_invalid_counts_raise(count: object, total: object) -> None:
    with pytest.raises(ParameterError):
        respondent_share_range(count, total)  # type: ignore[arg-type]


def test_share_interval_is_the_union_over_feasible_respondents() -> None:
    low, high = respondent_share_interval(6, 17, max_choices=2, respondents_max=12)
    intervals = [proportion_interval(6, r) for r in range(9, 13)]
    assert low == min(i[0] for i in intervals) and high == max(i[1] for i in intervals)


def test_both_shares_side_by_side() -> None:
    shares = shares_of_answers_and_respondents({"a": 6, "b": 4}, respondents=8)
    assert shares["a"] == {"of_answers": 0.6, "of_respondents": 0.75}
