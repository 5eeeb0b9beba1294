"""Multi-select questions: shares of answers versus shares of respondents.

When respondents may tick several options, an option's ``count`` can be divided
by the number of ticks (``answers_total``, a share of answers) or by the number of
respondents (a share of respondents, the quantity readers usually assume).  When
the report prints only the ticks, the number of respondents R is known only to
lie in a range fixed by logic, not by statistics:

* every respondent ticks at least one option, so R <= answers_total;
* nobody ticks more than ``max_choices`` options, so R >= ceil(answers_total / max_choices);
* nobody ticks one option twice, so R >= count;
* R cannot exceed a known attendance ``respondents_max``.

The respondent share count / R then lies between count / R_max and count / R_min
(a worst-case range in the sense of Manski 2003, Partial Identification of
Probability Distributions, Springer).
"""

from __future__ import annotations

import math

import numpy as np

from dialogstats.checks import check_whole
from dialogstats.errors import ParameterError
from dialogstats.stats.intervals import DEFAULT_METHOD, check_method, proportion_intervals


def answer_share(count: int, answers_total: int) -> float:
    """Share of all ticks that went to one option: count / answers_total (0 when count = 0)."""
    count = check_whole(count, "count", 0)
    answers_total = check_whole(answers_total, "answers_total", 1)
    if count > answers_total:
        raise ParameterError(f"count ({count}) exceeds answers_total ({answers_total})")
    return count / answers_total


def respondent_count_range(
    answers_total: int, count: int = 0, max_choices: int | None = None, respondents_max: int | None = None
) -> tuple[int, int]:
    """Smallest and largest number of respondents consistent with the printed ticks.

    R_min = max(1, count, ceil(answers_total / max_choices)) and
    R_max = min(answers_total, respondents_max); ``None`` means no such limit.
    Raises ParameterError when no number of respondents fits (R_min > R_max).
    """
    answers_total = check_whole(answers_total, "answers_total", 1)
    count = check_whole(count, "count", 0)
    if count > answers_total:
        raise ParameterError(f"count ({count}) exceeds answers_total ({answers_total})")
    r_min = max(1, count)
    if max_choices is not None:
        r_min = max(r_min, math.ceil(answers_total / check_whole(max_choices, "max_choices", 1)))
    r_max = answers_total
    if respondents_max is not None:
        r_max = min(r_max, check_whole(respondents_max, "respondents_max", 1))
    if r_min > r_max:
        raise ParameterError(
            f"no number of respondents fits: at least {r_min} are needed but at most {r_max} are possible "
            f"(answers_total={answers_total}, count={count}, max_choices={max_choices}, respondents_max={respondents_max})"
        )
    return r_min, r_max


def respondent_share_range(
    count: int, answers_total: int, max_choices: int | None = None, respondents_max: int | None = None
) -> tuple[float, float]:
    """Range (low, high) of the share of respondents who ticked an option.

    low = count / R_max and high = count / R_min with the respondent range of
    :func:`respondent_count_range`.  Conventions: (0, 0) when count = 0; high = 1
    when count can equal the number of respondents.  Without ``max_choices`` the
    upper end is 1 (everyone who answered may have ticked the option).
    """
    r_min, r_max = respondent_count_range(answers_total, count, max_choices, respondents_max)
    return count / r_max, count / r_min


def respondent_share_interval(
    count: int,
    answers_total: int,
    max_choices: int | None = None,
    respondents_max: int | None = None,
    method: str = DEFAULT_METHOD,
    confidence: float = 0.95,
) -> tuple[float, float]:
    """Union of the confidence intervals for count / R over every feasible R.

    Combines sampling uncertainty with the unknown number of respondents: the
    lowest lower limit and the highest upper limit among the intervals of
    ``method`` for ``count`` successes out of R, R_min <= R <= R_max.
    Conventions at 0 and at R as in :func:`dialogstats.stats.intervals.proportion_intervals`.
    """
    method = check_method(method)
    r_min, r_max = respondent_count_range(answers_total, count, max_choices, respondents_max)
    r = np.arange(r_min, r_max + 1)
    low, high = proportion_intervals(np.full(r.shape, int(count)), r, method, confidence)
    return float(low.min()), float(high.max())


def shares_of_answers_and_respondents(
    counts: dict[str, int], answers_total: int | None = None, respondents: int | None = None
) -> dict[str, dict[str, float]]:
    """Both shares for every option: ``{option: {"of_answers": ..., "of_respondents": ...}}``.

    ``answers_total`` defaults to the sum of the counts; a share of respondents is
    NaN when the number of respondents is not known.
    """
    total = sum(int(v) for v in counts.values()) if answers_total is None else check_whole(answers_total, "answers_total", 1)
    result: dict[str, dict[str, float]] = {}
    for option, count in counts.items():
        of_respondents = float("nan")
        if respondents is not None:
            r = check_whole(respondents, "respondents", 1)
            if int(count) > r:
                raise ParameterError(f"option {option!r}: count ({count}) exceeds respondents ({r})")
            of_respondents = int(count) / r
        result[option] = {"of_answers": answer_share(count, total), "of_respondents": of_respondents}
    return result
