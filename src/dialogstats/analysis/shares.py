"""Shares of every printed answer option with confidence intervals (the table ``shares.csv``).

Which denominator a share has is the central choice here, made by :func:`question_basis`
and applied identically everywhere (shares, bounds, cross-network comparisons):

1. Options are the question's rows of ``responses.csv`` without ``combines`` (printed
   totals of other options are checked by the audit, not analysed), in raw-data order.
2. **Single-choice questions** (yes/no, Likert, single choice): ``n`` is the printed
   denominator ``n_reported`` when it is printed and at least the sum of the printed
   counts; otherwise the sum of the counts. Printed nonresponse ("4 did not answer") is
   excluded: a share is a share of those who answered the question. A printed ``n``
   smaller than the sum of mutually exclusive counts cannot be their base; the sum is
   used and the audit reports the inconsistency.
3. **Multi-select questions**: a share of *respondents* needs the number of respondents.
   When ``n_reported`` is printed (and ``percent_base`` is not ``answers``) it is used and
   each share is a share of respondents. Otherwise the share is a share of *answers*
   (ticks): ``n`` is the printed total of answers ``answers_total_reported`` or, when that
   is missing too, the sum of the counts. ``basis`` says which (``respondents`` /
   ``answers``) so that tables and figures can say so.
4. **Percentage-only options** (no count printed): ``count`` stays empty and ``share``
   is the printed percentage / 100. The interval uses a count reconstructed at a
   denominator: the printed ``n`` (or printed answer total for shares of answers) when
   there is one; otherwise the printed number of respondents of the question's group or
   dialogue (:func:`printed_respondents`) when integer counts at that number reproduce all
   of the question's percentages (for example the 36 respondents of the direction meeting,
   the only denominator that fits its five percentage-only questions jointly); otherwise
   the *smallest* denominator for which integer counts reproduce
   all of the question's printed percentages at once (:func:`dialogstats.stats.rounding.feasible_denominators`,
   any rounding rule, approximate percentages within ±1 point), bounded above by the
   plausible number of respondents (:func:`population_bound`; no bound below 100 for the
   ticks of a multi-select question). The smallest feasible
   ``n`` gives the widest interval and so never overstates precision. ``n`` holds that
   denominator. When no denominator is feasible the interval is NaN.
5. Simultaneous intervals (Goodman and others) cover all options of a question at once
   and need the options to partition ``n``; they are computed for single-choice
   questions and for shares of answers, with the unprinted remainder ``n - sum`` as an
   extra (unreported) category, and omitted for shares of respondents of multi-select
   questions, whose options overlap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogstats.stats import rounding
from dialogstats.checks import check_confidence
from dialogstats.errors import UnknownNameError

SHARES_COLUMNS: tuple[str, ...] = (
    "dialogue_id", "group_id", "question_id", "option", "count", "n", "share", "method", "confidence", "ci_low", "ci_high",
)

#: Where a question's denominator comes from (see the module docstring).
BASES: tuple[str, ...] = ("respondents", "answers")
N_SOURCES: tuple[str, ...] = (
    "n_reported", "sum_of_counts", "answers_total", "printed_respondents", "smallest_feasible", "none",
)


@dataclass(frozen=True)
class QuestionBasis:
    """The denominator of one question's shares and the counts its intervals use.

    ``counts`` are the printed counts (NaN where only a percentage is printed);
    ``interval_counts`` are the counts used for intervals (printed, or reconstructed from the
    percentage at ``n``; -1 where impossible). ``n`` is None when no denominator is known.
    """

    question_id: str
    dialogue_id: str
    group_id: str
    options: tuple[str, ...]
    counts: tuple[float, ...]
    percents: tuple[float, ...]
    interval_counts: tuple[int, ...]
    n: int | None
    basis: str
    n_source: str
    exclusive: bool

    @property
    def percent_only(self) -> bool:
        """Whether any option's count is missing (its interval rests on a reconstructed count)."""
        return any(math.isnan(c) for c in self.counts)

    @property
    def shares(self) -> tuple[float, ...]:
        """Printed count / n, or the printed percentage / 100 where no count is printed."""
        out = []
        for c, p in zip(self.counts, self.percents):
            if not math.isnan(c) and self.n:
                out.append(c / self.n)
            elif not math.isnan(p):
                out.append(p / 100.0)
            else:
                out.append(math.nan)
        return tuple(out)


def _value(v: object) -> float:
    return math.nan if v is None or pd.isna(v) else float(v)


def population_bound(raw, dialogue_id: str, group_id: str) -> int:
    """Largest plausible number of respondents of a question (for reconstructing denominators).

    The group's printed members for a thematic group, else the dialogue's printed
    respondents, else its attendees, else the largest number of respondents printed for
    any question of the dialogue (``n_reported`` of a single-choice question: people who
    answered the same form), else :data:`dialogstats.stats.rounding.MAX_DENOMINATOR`.
    """
    if group_id != "all":
        g = raw.groups[(raw.groups["dialogue_id"] == dialogue_id) & (raw.groups["group_id"] == group_id)]
        if not g.empty and not pd.isna(g.iloc[0]["members"]):
            return int(g.iloc[0]["members"])
    d = raw.dialogues[raw.dialogues["dialogue_id"] == dialogue_id]
    if not d.empty:
        for column in ("respondents", "attendees"):
            if not pd.isna(d.iloc[0][column]):
                return int(d.iloc[0][column])
    q = raw.questions[(raw.questions["dialogue_id"] == dialogue_id) & ~raw.questions["multi_select"].astype(bool)]
    printed = q["n_reported"].dropna()
    if len(printed):
        return int(printed.max())
    return rounding.MAX_DENOMINATOR


def printed_respondents(raw, dialogue_id: str, group_id: str) -> int | None:
    """The printed number of people who answered: the group's members, else the dialogue's respondents."""
    if group_id != "all":
        g = raw.groups[(raw.groups["dialogue_id"] == dialogue_id) & (raw.groups["group_id"] == group_id)]
        return None if g.empty or pd.isna(g.iloc[0]["members"]) else int(g.iloc[0]["members"])
    d = raw.dialogues[raw.dialogues["dialogue_id"] == dialogue_id]
    return None if d.empty or pd.isna(d.iloc[0]["respondents"]) else int(d.iloc[0]["respondents"])


def _closest_feasible_count(percent: float, n: int, approx: bool) -> int:
    """The count behind a printed percentage at ``n``; the plain rounded share when no count reproduces it."""
    x = rounding.closest_count(percent, n, rounding.APPROX_TOLERANCE_PP if approx else 0.0)
    return int(min(n, max(0, round(percent * n / 100)))) if x is None else x


def feasible_question_denominators(raw, question_id: str, n_max: int | None = None, n_min: int = 1) -> list[int]:
    """Denominators (``n_min..n_max``) that reproduce every printed percentage of a question at once.

    Uses all rounding rules; approximate percentages match within ±1 point. ``n_max``
    defaults to :func:`population_bound`. Options with a printed count need ``n`` at least
    that count.
    """
    q = _question_row(raw, question_id)
    rows = _option_rows(raw, question_id)
    percents = [float(p) for p in rows["percent_reported"] if not pd.isna(p)]
    if not percents:
        return []
    tolerances = [rounding.APPROX_TOLERANCE_PP if a else 0.0 for p, a in zip(rows["percent_reported"], rows["approx"]) if not pd.isna(p)]
    if n_max is not None:
        bound = n_max
    elif bool(q["multi_select"]):
        # Ticks of a multi-select question can outnumber the people who answered.
        bound = rounding.MAX_DENOMINATOR
    else:
        bound = population_bound(raw, q["dialogue_id"], q["group_id"])
    # Every option is either exclusive or a share of answers here, so n covers the printed counts' sum.
    low = max(n_min, int(sum(int(c) for c in rows["count"] if not pd.isna(c))))
    if bound < low:
        return []
    return rounding.feasible_denominators(percents, n_max=bound, n_min=low, tolerances=tolerances)


def _question_row(raw, question_id: str) -> pd.Series:
    q = raw.questions[raw.questions["question_id"] == question_id]
    if q.empty:
        raise UnknownNameError("question", question_id, list(raw.questions["question_id"]))
    return q.iloc[0]


def _option_rows(raw, question_id: str) -> pd.DataFrame:
    r = raw.responses[raw.responses["question_id"] == question_id]
    return r[r["combines"].fillna("") == ""]


def question_basis(raw, question_id: str) -> QuestionBasis:
    """The denominator and interval counts of one question under the rules of this module."""
    q = _question_row(raw, question_id)
    rows = _option_rows(raw, question_id)
    counts = tuple(_value(c) for c in rows["count"])
    percents = tuple(_value(p) for p in rows["percent_reported"])
    printed_sum = int(sum(c for c in counts if not math.isnan(c)))
    n_reported = None if pd.isna(q["n_reported"]) else int(q["n_reported"])
    answers_total = None if pd.isna(q["answers_total_reported"]) else int(q["answers_total_reported"])
    multi = bool(q["multi_select"])
    all_counts = all(not math.isnan(c) for c in counts)

    if multi and n_reported is not None and q["percent_base"] != "answers":
        basis, exclusive, n, source = "respondents", False, n_reported, "n_reported"
    elif multi:
        basis, exclusive = "answers", True
        if answers_total is not None:
            n, source = answers_total, "answers_total"
        elif all_counts and counts:
            n, source = printed_sum, "sum_of_counts"
        else:
            n, source = None, "none"
    else:
        basis, exclusive = "respondents", True
        if n_reported is not None and n_reported >= printed_sum:
            n, source = n_reported, "n_reported"
        elif all_counts and counts:
            n, source = printed_sum, "sum_of_counts"
        else:
            n, source = None, "none"
    if n is None:
        feasible = feasible_question_denominators(raw, question_id)
        respondents = None if basis == "answers" else printed_respondents(raw, str(q["dialogue_id"]), str(q["group_id"]))
        if respondents in feasible:
            n, source = respondents, "printed_respondents"
        elif feasible:
            n, source = feasible[0], "smallest_feasible"
    if n is not None and n <= 0:
        n, source = None, "none"

    interval_counts = []
    for c, p, approx in zip(counts, percents, rows["approx"]):
        if not math.isnan(c):
            interval_counts.append(int(c) if n is not None and c <= n else -1)
        elif n is not None and not math.isnan(p):
            interval_counts.append(_closest_feasible_count(p, n, bool(approx)))
        else:
            interval_counts.append(-1)
    return QuestionBasis(
        question_id=question_id,
        dialogue_id=str(q["dialogue_id"]),
        group_id=str(q["group_id"]),
        options=tuple(str(o) for o in rows["option"]),
        counts=counts,
        percents=percents,
        interval_counts=tuple(interval_counts),
        n=n,
        basis=basis,
        n_source=source,
        exclusive=exclusive,
    )


def _simultaneous_bounds(b: QuestionBasis, method: str, confidence: float) -> np.ndarray | None:
    from dialogstats.stats import simultaneous as simultaneous_module

    if not b.exclusive or b.n is None or any(x < 0 for x in b.interval_counts):
        return None
    counts = list(b.interval_counts)
    remainder = b.n - sum(counts)
    if remainder < 0:
        return None
    if remainder > 0:
        counts.append(remainder)
    if len(counts) < 2:
        return None
    bounds = np.asarray(simultaneous_module.simultaneous_intervals(np.asarray(counts), method=method, confidence=confidence), dtype=float)
    return bounds[: len(b.options)]


def question_shares(
    raw,
    question_id: str,
    confidence: float = 0.95,
    methods: Sequence[str] | None = None,
    simultaneous: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rows of ``shares.csv`` for one question (see the module docstring for the rules)."""
    from dialogstats.stats import intervals

    methods = tuple(intervals.METHODS if methods is None else methods)
    confidence = check_confidence(confidence)
    for m in methods:
        intervals.check_method(m)
    if simultaneous is None or len(simultaneous) > 0:
        from dialogstats.stats import simultaneous as simultaneous_module

        valid = simultaneous_module.SIMULTANEOUS_METHODS
        simultaneous = tuple(valid if simultaneous is None else simultaneous)
        for m in simultaneous:
            if m not in valid:
                raise UnknownNameError("simultaneous method", m, valid)
    else:
        simultaneous = ()
    b = question_basis(raw, question_id)
    records = []
    shares = b.shares
    x = np.asarray(b.interval_counts)
    valid = (x >= 0) & (b.n is not None)
    for m in methods:
        low = np.full(len(x), np.nan)
        high = np.full(len(x), np.nan)
        if b.n is not None and valid.any():
            lo, hi = intervals.proportion_intervals(x[valid], np.full(valid.sum(), b.n), m, confidence)
            low[valid], high[valid] = lo, hi
        for i, option in enumerate(b.options):
            records.append(_record(b, i, shares[i], m, confidence, low[i], high[i]))
    for m in simultaneous:
        bounds = _simultaneous_bounds(b, m, confidence)
        if bounds is None:
            continue
        for i, option in enumerate(b.options):
            records.append(_record(b, i, shares[i], m, confidence, bounds[i, 0], bounds[i, 1]))
    return _frame(records)


def _record(b: QuestionBasis, i: int, share: float, method: str, confidence: float, low: float, high: float) -> dict:
    return {
        "dialogue_id": b.dialogue_id,
        "group_id": b.group_id,
        "question_id": b.question_id,
        "option": b.options[i],
        "count": b.counts[i],
        "n": b.n,
        "share": share,
        "method": method,
        "confidence": confidence,
        "ci_low": float(low),
        "ci_high": float(high),
    }


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=list(SHARES_COLUMNS))
    df["count"] = pd.array([None if pd.isna(v) else int(v) for v in df["count"]], dtype="Int64")
    df["n"] = pd.array([None if pd.isna(v) else int(v) for v in df["n"]], dtype="Int64")
    for column in ("share", "confidence", "ci_low", "ci_high"):
        df[column] = df[column].astype("float64")
    return df


def build_shares(
    raw,
    dialogue_id: str,
    confidence: float = 0.95,
    methods: Sequence[str] | None = None,
    simultaneous: Sequence[str] | None = None,
) -> pd.DataFrame:
    """``shares.csv`` rows of one dialogue: every option of every question, one row per method.

    ``methods`` defaults to :data:`dialogstats.stats.intervals.METHODS` and ``simultaneous`` to
    :data:`dialogstats.stats.simultaneous.SIMULTANEOUS_METHODS`. Rows are ordered by group,
    question, option (raw-data order), then method (pointwise methods first, in the order
    given, then simultaneous ones). A dialogue without questions gives zero rows with the
    full header; an unknown dialogue raises :class:`UnknownNameError`.
    """
    valid = list(raw.dialogues["dialogue_id"])
    if dialogue_id not in valid:
        raise UnknownNameError("dialogue", dialogue_id, valid)
    questions = raw.questions[raw.questions["dialogue_id"] == dialogue_id].sort_values(["group_id", "question_id"], kind="mergesort")
    parts = [question_shares(raw, qid, confidence, methods, simultaneous) for qid in questions["question_id"]]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _frame([])
    return pd.concat(parts, ignore_index=True)


def report_sample_sizes(raw) -> list[int]:
    """Distinct denominators of the report's shares of people, taken from the print (sorted).

    Printed ``n`` and sums of printed counts of every question; shares of answers and
    denominators reconstructed from percentages are left out.
    """
    sizes = set()
    for qid in raw.questions["question_id"]:
        b = question_basis(raw, qid)
        if b.n is not None and b.basis == "respondents" and b.n_source in ("n_reported", "sum_of_counts"):
            sizes.add(int(b.n))
    return sorted(sizes)
