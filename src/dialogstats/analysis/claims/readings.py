"""From a claim's printed figures to counts ``x`` of ``n``: the denominators every rule uses.

Denominators follow the one rule of :mod:`dialogstats.analysis.shares`. A printed count and its
printed denominator are used as they are; without a printed ``n``, the printed counts of a
single-choice question add up to those who answered. The codes of coded free text overlap (one
answer may touch several themes): a code's count is read out of the printed number of answers
(else the printed respondents), never out of the sum of the codes. A count that is missing is
recovered from its printed percentage (:mod:`dialogstats.stats.rounding`) at the denominator of
:func:`dialogstats.analysis.shares.question_basis`: the printed ``n``, else the printed respondents
when they reproduce every printed percentage of the question. Shares of the ticks of a
multi-select question are turned into counts with the printed total of ticks and related to the
respondents (the first printed number of :func:`dialogstats.analysis.shares.respondent_candidates`;
each respondent ticks an option at most once, so an option's ticks are people); without a count of
respondents they identify nothing. Several options of a multi-select question or of coded free
text overlap, so the number choosing any of them is not identified (``ticks_not_people``). When no
printed number reproduces the percentages, every feasible denominator of the question's range
(up to :func:`dialogstats.analysis.shares.population_bound`) gives a reading, and the rules must
agree over all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dialogstats.analysis.claims.core import TYPICAL_DISCUSSION_GROUP
from dialogstats.analysis.shares import CODED_FREE_TEXT, population_bound, question_basis, respondent_candidates
from dialogstats.errors import UnknownNameError
from dialogstats.stats import rounding


@dataclass(frozen=True)
class Reading:
    """Counts ``x`` of ``n`` behind one item of a claim, how they were obtained and where they come from.

    ``how`` is ``printed``, ``recovered`` or ``feasible``; ``question_id`` and ``form`` (dialogue and
    group) tell whether two items share respondents; ``cluster`` is the discussion-group size.
    """

    x: int
    n: int
    how: str
    question_id: str = ""
    form: tuple[str, str] = ("", "")
    cluster: float = 1.0


@dataclass(frozen=True)
class Unidentified:
    """Why an item's share of respondents cannot be read from the printed figures."""

    reason: str
    inconsistent: bool = False
    code: str = "no_denominator"


def split_ids(value: str) -> list[str]:
    """Ids of a ``;``-separated cell, blanks dropped."""
    return [part.strip() for part in str(value).split(";") if part.strip()]


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value (None, NA or NaN)."""
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


_is_missing = is_missing




def respondents(raw: Any, question: pd.Series) -> int | None:
    """Number of people the question's shares refer to, when printed (else the first printed number of the form)."""
    n_rep = question["n_reported"]
    multi = bool(question["multi_select"])
    if not _is_missing(n_rep) and (not multi or question["percent_base"] == "respondents"):
        return int(n_rep)
    candidates = respondent_candidates(raw, str(question["question_id"]))
    return candidates[0] if candidates else None


def overlapping(question: pd.Series) -> bool:
    """Whether one person may count in several options: a multi-select question or coded free text."""
    return bool(question["multi_select"]) or str(question.get("response_type", "")) == CODED_FREE_TEXT


def _tolerance(row: pd.Series) -> float:
    return rounding.APPROX_TOLERANCE_PP if bool(row.get("approx", False)) else 0.0


def _counts_at(rows: pd.DataFrame, total: int) -> list[int] | None:
    """Counts of ``rows`` out of ``total``: printed counts as they are, the rest from percentages."""
    out = []
    for _, row in rows.iterrows():
        if not _is_missing(row["count"]):
            out.append(int(row["count"]))
            continue
        if _is_missing(row["percent_reported"]):
            return None
        x = rounding.closest_count(float(row["percent_reported"]), total, _tolerance(row))
        if x is None:
            return None
        out.append(x)
    return out


def expand_options(responses: pd.DataFrame, question_id: str, options: Sequence[str]) -> list[str]:
    """``options`` with every printed total (a row with ``combines``) replaced by the options it adds up."""
    valid = list(responses["option"])
    combined = dict(zip(responses["option"], responses["combines"].fillna("")))
    out: list[str] = []
    for option in options:
        if option not in valid:
            raise UnknownNameError(f"option of question {question_id!r}", option, valid)
        parts = split_ids(combined[option]) or [option]
        out.extend(p for p in parts if p not in out)
    return out


def item_readings(raw: Any, question_id: str, options: Sequence[str]) -> list[Reading] | Unidentified:
    """Counts ``x`` (respondents choosing any of ``options``) of ``n`` for one question.

    Returns one reading when the denominator is printed or recovered, one reading per feasible
    denominator (smallest first) when only a range is known, or an :class:`Unidentified` with the
    reason (see the module docstring). Readings carry the question, its form and the size of the
    discussion group the answers came from (:func:`discussion_group`).
    """
    found = _item_readings(raw, question_id, options)
    if isinstance(found, Unidentified):
        return found
    q = raw.questions[raw.questions["question_id"] == question_id].iloc[0]
    form = (str(q["dialogue_id"]), str(q["group_id"]))
    group = discussion_group(raw, *form)
    return [Reading(r.x, r.n, r.how, question_id, form, float(min(group, r.n))) for r in found]


def discussion_group(raw: Any, dialogue_id: str, group_id: str) -> int:
    """Size of the discussion group whose members wrote the answers after talking together.

    The printed members of a thematic group, else :data:`TYPICAL_DISCUSSION_GROUP` (the report
    prints no size of the round-table groups of a whole meeting); never more than the answers
    (the caller caps it at each reading's ``n``).
    """
    if group_id != "all":
        g = raw.groups[(raw.groups["dialogue_id"] == dialogue_id) & (raw.groups["group_id"] == group_id)]
        if not g.empty and not pd.isna(g.iloc[0]["members"]):
            return int(g.iloc[0]["members"])
    return TYPICAL_DISCUSSION_GROUP


def _item_readings(raw: Any, question_id: str, options: Sequence[str]) -> list[Reading] | Unidentified:
    questions = raw.questions
    match = questions[questions["question_id"] == question_id]
    if match.empty:
        raise UnknownNameError("question", question_id, sorted(questions["question_id"]))
    question = match.iloc[0]
    responses = raw.responses[raw.responses["question_id"] == question_id]
    analysed = responses[responses["combines"].fillna("") == ""]
    options = expand_options(responses, question_id, options)
    chosen = responses[responses["option"].isin(options)]
    multi = bool(question["multi_select"])
    coded = str(question.get("response_type", "")) == CODED_FREE_TEXT
    if overlapping(question) and len(options) > 1:
        what = ("codes of free-text answers overlap (one answer may touch several themes)" if coded
                else "options of a multi-select question overlap (one person may tick several)")
        return Unidentified(
            f"{what}, so the share of respondents choosing any of them is not identified by the printed figures",
            code="ticks_not_people",
        )
    people = respondents(raw, question)

    if multi and question["percent_base"] == "answers" and chosen["count"].isna().any():
        ticks_total = question["answers_total_reported"]
        if _is_missing(ticks_total):
            ticks_total = question["n_reported"]
        if _is_missing(ticks_total):
            return Unidentified("the shares are of an unprinted number of ticks")
        counts = _counts_at(chosen, int(ticks_total))
        if counts is None:
            return Unidentified("no count of ticks reproduces the printed percentage", inconsistent=True, code="figures_contradict")
        if people is None:
            return Unidentified(
                "the shares are of ticks of a multi-select question and the number of respondents is not printed",
                code="ticks_not_people",
            )
        return _checked([Reading(sum(counts), people, "recovered")])

    if not chosen["count"].isna().any():
        n = people
        if not overlapping(question) and _is_missing(question["n_reported"]) and not analysed["count"].isna().any():
            n = int(analysed["count"].sum())  # those who answered, not the group's size
        if n is None and coded:
            return Unidentified("the codes of free-text answers are printed without the number of answers")
        if n is None and multi:
            return Unidentified(
                "the count is of ticks of a multi-select question and the number of respondents is not printed",
                code="ticks_not_people",
            )
        if n is None:
            return Unidentified("the count is printed without a denominator")
        return _checked([Reading(int(chosen["count"].sum()), n, "printed")])

    basis = question_basis(raw, question_id)
    if basis.n is None:
        cap = population_bound(raw, str(question["dialogue_id"]), str(question["group_id"]))
        return Unidentified(f"no denominator up to {cap} reproduces the printed percentages")
    how = "feasible" if basis.n_source == "smallest_feasible" else "recovered"
    readings = []
    denominators = [n for n, _ in basis.readings] if how == "feasible" else [basis.n]
    for n in denominators:
        counts = _counts_at(chosen, n)
        if counts is None:
            if how == "feasible":
                continue
            return Unidentified(f"no count out of {n} gives the printed percentage", inconsistent=True,
                                code="figures_contradict")
        readings.append(Reading(sum(counts), n, how))
    if not readings:
        return Unidentified(f"no feasible denominator gives the printed percentages of {', '.join(options)}")
    return _checked(readings)


def _checked(readings: list[Reading]) -> list[Reading] | Unidentified:
    for r in readings:
        if r.x > r.n:
            return Unidentified(f"the count {r.x} exceeds its denominator {r.n}", inconsistent=True, code="figures_contradict")
    return readings


def question_row(raw: Any, question_id: str) -> pd.Series:
    """The row of ``questions.csv`` for ``question_id`` (UnknownNameError listing the valid ids)."""
    match = raw.questions[raw.questions["question_id"] == question_id]
    if match.empty:
        raise UnknownNameError("question", question_id, sorted(raw.questions["question_id"]))
    return match.iloc[0]


def options_of(raw: Any, question_id: str, analysed_only: bool = False) -> list[str]:
    """The printed options of a question (``analysed_only``: without the rows that are printed totals)."""
    question_row(raw, question_id)
    rows = raw.responses[raw.responses["question_id"] == question_id]
    if analysed_only:
        rows = rows[rows["combines"].fillna("") == ""]
    return list(rows["option"])


class ReadingCache:
    """Readings of one raw data set, computed once per (question, options) for every setting."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._memo: dict[tuple, Any] = {}

    def __call__(self, question_id: str, options: Sequence[str]) -> list[Reading] | Unidentified:
        return self.memo(("readings", question_id, tuple(options)), lambda: item_readings(self.raw, question_id, options))

    def memo(self, key: tuple, compute: Any) -> Any:
        """``compute()`` once per ``key`` (anything a rule derives from the raw data alone)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def options(self, question_id: str, analysed_only: bool = False) -> list[str]:
        """:func:`options_of`, cached."""
        return self.memo(("options", question_id, analysed_only), lambda: options_of(self.raw, question_id, analysed_only))
