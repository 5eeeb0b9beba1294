"""Shares of every printed answer option with confidence intervals (the table ``shares.csv``).

Which denominator a share has is the central choice here, made by :func:`question_basis`
and applied identically everywhere (shares, simultaneous intervals, bounds, cross-network
comparisons, statement checks and claims):

1. Options are the question's rows of ``responses.csv`` without ``combines`` (printed
   totals of other options are checked by the audit, not analysed), in raw-data order.
2. **Single-choice questions** (yes/no, Likert, single choice): ``n`` is the printed
   denominator ``n_reported`` when it is printed and at least the sum of the printed
   counts; otherwise the sum of the counts. Printed nonresponse ("4 did not answer") is
   excluded: a share is a share of those who answered the question. A printed ``n``
   smaller than the sum of mutually exclusive counts cannot be their base; the sum is
   used and the audit reports the inconsistency. ``basis`` is ``respondents``.
3. **Multi-select questions**: a share of *respondents* needs the number of respondents.
   When ``n_reported`` is printed (and ``percent_base`` is not ``answers``) it is used and
   each share is a share of respondents. Otherwise the share is a share of *answers*
   (ticks): ``n`` is the printed total of answers ``answers_total_reported`` or, when that
   is missing too, the sum of the counts; ``basis`` is ``answers``.
4. **Coded free text** (``response_type`` ``coded_free_text``): the report sorts written
   answers into themes, and one answer may touch several themes, so the codes can add up
   to more than the answers (16 codes of the culture committee's 15 answers on the best
   outcome of the review). Each code's share is its count out of the printed number of
   answers ``n_reported`` (else the printed respondents, rule 5), never out of the sum of
   the codes; ``basis`` is ``codes``. Where the codes add up to no more than the answers
   they are read the same way (shares of the answers; the rest touched no printed code).
   Codes are not a partition, so no simultaneous intervals are computed (rule 7).
5. **Percentage-only options** (no count printed): ``count`` stays empty and ``share``
   is the printed percentage / 100. The interval uses a count reconstructed at a
   denominator: the printed ``n`` (or printed answer total for shares of answers) when
   there is one; otherwise the *printed respondents* (:func:`respondent_candidates`): the
   group's printed members, the dialogue's printed respondents, or the printed number
   who answered another question of the same form (the same dialogue and group; not a
   follow-up), tried in that order (and the largest first among other questions) — the
   first for which integer counts reproduce every printed percentage of the question
   (:data:`dialogstats.stats.rounding.ROUNDING_RULES`, approximate percentages within ±1
   point) is ``n``. Examples: the direction meeting's 36 respondents; the 8 health and
   social-care heads who all answered whether they know the strategy, whose 75 % of
   answers 4-5 on the world-impact question is read as 6 of 8. ``n_source`` is then
   ``printed_respondents``. Follow-ups have no such candidates (their respondents are
   those who chose an option), and shares of answers neither (ticks are not people).
6. **Feasible range**: when no printed number fits, every denominator up to the plausible
   number of respondents (:func:`population_bound`; 100 for the ticks of a multi-select
   question) for which integer counts reproduce all the question's printed percentages
   at once (:func:`feasible_question_denominators`) is feasible, and results are shown
   across that range: ``n`` is the smallest feasible denominator, ``n_max`` the largest,
   ``n_source`` is ``smallest_feasible``, and each interval is the *union* of the
   intervals at every feasible denominator (at each, the count closest to the printed
   percentage), so it never overstates precision whichever denominator was the real one.
   A range of one value (``n == n_max``) identifies the denominator. When no denominator
   is feasible ``n`` is empty and the interval NaN.
7. Simultaneous intervals (Goodman and others) cover all options of a question at once
   and need the options to partition ``n``; they are computed for single-choice
   questions and for shares of answers, with the unprinted remainder ``n - sum`` as an
   extra (unreported) category (over a feasible range: the union, as in rule 6), and
   omitted for shares of respondents of multi-select questions and for codes of free
   text, whose options overlap.

``basis`` says what ``n`` counts (``respondents``, ``answers`` or ``codes``; shares of
respondents and codes are shares of people, :data:`PEOPLE_BASES`), ``n_source`` where it
comes from (:data:`N_SOURCES`); both are columns of ``shares.csv``.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogstats.stats import rounding
from dialogstats.checks import check_confidence
from dialogstats.errors import UnknownNameError

SHARES_COLUMNS: tuple[str, ...] = (
    "dialogue_id", "group_id", "question_id", "option", "count", "n", "share", "method", "confidence", "ci_low", "ci_high",
    "basis", "n_source", "n_max",
)

#: What a question's denominator counts (see the module docstring).
BASES: tuple[str, ...] = ("respondents", "answers", "codes")
#: Bases whose shares are shares of people: respondents, and coded answers (one answer per person).
PEOPLE_BASES: tuple[str, ...] = ("respondents", "codes")
#: Where a question's denominator comes from (see the module docstring).
N_SOURCES: tuple[str, ...] = (
    "n_reported", "sum_of_counts", "answers_total", "printed_respondents", "smallest_feasible", "none",
)
CODED_FREE_TEXT = "coded_free_text"


@dataclass(frozen=True)
class QuestionBasis:
    """The denominator of one question's shares and the counts its intervals use.

    ``counts`` are the printed counts (NaN where only a percentage is printed).
    ``readings`` are the denominators the intervals use, each with its interval counts
    (printed, or reconstructed from the percentage; -1 where impossible): one reading when
    the denominator is known, one per feasible denominator over a feasible range (module
    docstring, rule 6). ``n`` is the smallest of them (None when none is known) and
    ``interval_counts`` the counts at ``n``.
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
    readings: tuple[tuple[int, tuple[int, ...]], ...] = ()

    @property
    def n_max(self) -> int | None:
        """The largest denominator considered (``n`` itself unless percentages leave a feasible range)."""
        return self.readings[-1][0] if self.readings else None

    @property
    def fixed(self) -> bool:
        """Whether the print identifies one denominator (printed, counted, printed respondents, or a range of one)."""
        return self.n is not None and len(self.readings) == 1

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


def _text(v: object) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


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


def respondent_candidates(raw, question_id: str) -> list[int]:
    """Printed numbers of people who may have answered a question, in the order they are preferred.

    The group's printed members (thematic group) or the dialogue's printed respondents
    (:func:`printed_respondents`), then the printed ``n`` of the other questions of the
    same form (same dialogue and group, not follow-ups, ``n`` counting people), largest
    first. A follow-up (``asked_if``) has none: it was put only to those who chose an option.
    """
    q = _question_row(raw, question_id)
    if _text(q.get("asked_if", "")):
        return []
    printed = printed_respondents(raw, str(q["dialogue_id"]), str(q["group_id"]))
    others = []
    questions = raw.questions
    same_form = questions[(questions["dialogue_id"] == q["dialogue_id"]) & (questions["group_id"] == q["group_id"])
                          & (questions["question_id"] != question_id) & questions["n_reported"].notna()]
    for _, other in same_form.iterrows():
        if _text(other.get("asked_if", "")) or other.get("percent_base", "") == "answers":
            continue
        others.append(int(other["n_reported"]))
    return list(dict.fromkeys(([] if printed is None else [printed]) + sorted(others, reverse=True)))


def _kind(q: pd.Series) -> tuple[str, bool]:
    """``(basis, exclusive)`` of a question before its denominator is known."""
    if _text(q.get("response_type", "")) == CODED_FREE_TEXT:
        return "codes", False
    if bool(q["multi_select"]):
        if not pd.isna(q["n_reported"]) and q["percent_base"] != "answers":
            return "respondents", False
        return "answers", True
    return "respondents", True


def _least_n(rows: pd.DataFrame, exclusive: bool) -> int:
    """The smallest denominator the printed counts allow: their sum if they exclude each other, else the largest."""
    counts = [int(c) for c in rows["count"] if not pd.isna(c)]
    if not counts:
        return 1
    return max(1, sum(counts) if exclusive else max(counts))


def _percent_tolerances(rows: pd.DataFrame) -> tuple[list[float], list[float]]:
    printed = rows[rows["percent_reported"].notna()]
    percents = [float(p) for p in printed["percent_reported"]]
    tolerances = [rounding.APPROX_TOLERANCE_PP if bool(a) else 0.0 for a in printed["approx"]]
    return percents, tolerances


def _closest_feasible_count(percent: float, n: int, approx: bool) -> int:
    """The count behind a printed percentage at ``n``; the plain rounded share when no count reproduces it."""
    x = rounding.closest_count(percent, n, rounding.APPROX_TOLERANCE_PP if approx else 0.0)
    return int(min(n, max(0, round(percent * n / 100)))) if x is None else x


def feasible_question_denominators(raw, question_id: str, n_max: int | None = None, n_min: int = 1) -> list[int]:
    """Denominators (``n_min..n_max``) that reproduce every printed percentage of a question at once.

    Uses all rounding rules; approximate percentages match within ±1 point. ``n_max``
    defaults to :func:`population_bound` (to :data:`dialogstats.stats.rounding.MAX_DENOMINATOR`
    for shares of answers: ticks can outnumber people). ``n`` must also cover the printed
    counts: their sum where options exclude each other, else the largest.
    """
    q = _question_row(raw, question_id)
    rows = _option_rows(raw, question_id)
    percents, tolerances = _percent_tolerances(rows)
    if not percents:
        return []
    basis, exclusive = _kind(q)
    if n_max is not None:
        bound = n_max
    elif basis == "answers":
        bound = rounding.MAX_DENOMINATOR
    else:
        bound = population_bound(raw, q["dialogue_id"], q["group_id"])
    low = max(n_min, _least_n(rows, exclusive))
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


def _counts_at(counts: Sequence[float], percents: Sequence[float], approx: Sequence[bool], n: int) -> tuple[int, ...]:
    out = []
    for c, p, a in zip(counts, percents, approx):
        if not math.isnan(c):
            out.append(int(c) if c <= n else -1)
        elif not math.isnan(p):
            out.append(_closest_feasible_count(p, n, bool(a)))
        else:
            out.append(-1)
    return tuple(out)


def question_basis(raw, question_id: str) -> QuestionBasis:
    """The denominator and interval counts of one question under the rules of this module."""
    q = _question_row(raw, question_id)
    rows = _option_rows(raw, question_id)
    counts = tuple(_value(c) for c in rows["count"])
    percents = tuple(_value(p) for p in rows["percent_reported"])
    approx = tuple(bool(a) for a in rows["approx"])
    printed_sum = int(sum(c for c in counts if not math.isnan(c)))
    n_reported = None if pd.isna(q["n_reported"]) else int(q["n_reported"])
    answers_total = None if pd.isna(q["answers_total_reported"]) else int(q["answers_total_reported"])
    all_counts = bool(counts) and all(not math.isnan(c) for c in counts)
    basis, exclusive = _kind(q)

    n, source = None, "none"
    if basis == "codes" or (basis == "respondents" and not exclusive):
        if n_reported is not None:
            n, source = n_reported, "n_reported"
    elif basis == "answers":
        if answers_total is not None:
            n, source = answers_total, "answers_total"
        elif all_counts:
            n, source = printed_sum, "sum_of_counts"
    elif n_reported is not None and n_reported >= printed_sum:
        n, source = n_reported, "n_reported"
    elif all_counts:
        n, source = printed_sum, "sum_of_counts"
    if n is None and basis != "answers":
        percent_list, tolerances = _percent_tolerances(rows)
        least = _least_n(rows, exclusive)
        for candidate in respondent_candidates(raw, question_id):
            fits = not percent_list or bool(
                rounding.feasible_denominators(percent_list, n_max=candidate, n_min=candidate, tolerances=tolerances)
            )
            if candidate >= least and fits:
                n, source = candidate, "printed_respondents"
                break
    denominators: list[int] = [] if n is None or n <= 0 else [n]
    if n is None:
        denominators = feasible_question_denominators(raw, question_id)
        if denominators:
            n, source = denominators[0], "smallest_feasible"
    if n is not None and n <= 0:
        n, source = None, "none"
    readings = tuple((m, _counts_at(counts, percents, approx, m)) for m in denominators)
    return QuestionBasis(
        question_id=question_id,
        dialogue_id=str(q["dialogue_id"]),
        group_id=str(q["group_id"]),
        options=tuple(str(o) for o in rows["option"]),
        counts=counts,
        percents=percents,
        interval_counts=readings[0][1] if readings else tuple(-1 for _ in counts),
        n=n,
        basis=basis,
        n_source=source,
        exclusive=exclusive,
        readings=readings,
    )


def _simultaneous_bounds(b: QuestionBasis, method: str, confidence: float) -> np.ndarray | None:
    """Simultaneous limits of every option (union over the readings), or None where they do not apply."""
    from dialogstats.stats import simultaneous as simultaneous_module

    if not b.exclusive or b.n is None:
        return None
    out = None
    for n, reading in b.readings:
        counts = list(reading)
        remainder = n - sum(counts)
        if any(x < 0 for x in counts) or remainder < 0:
            continue  # the counts nearest the printed percentages cannot partition this n
        if remainder > 0:
            counts.append(remainder)
        if len(counts) < 2:
            continue
        bounds = np.asarray(simultaneous_module.simultaneous_intervals(np.asarray(counts), method=method, confidence=confidence), dtype=float)
        bounds = bounds[: len(b.options)]
        out = bounds if out is None else np.column_stack([np.fmin(out[:, 0], bounds[:, 0]), np.fmax(out[:, 1], bounds[:, 1])])
    return out


def _pointwise_bounds(b: QuestionBasis, method: str, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Pointwise limits of every option: the union over the readings (NaN where no count is known)."""
    from dialogstats.stats import intervals

    k = len(b.options)
    if not b.readings:
        return np.full(k, np.nan), np.full(k, np.nan)
    x = np.array([reading for _, reading in b.readings], dtype=np.int64).reshape(len(b.readings), k)
    n = np.repeat(np.array([m for m, _ in b.readings], dtype=np.int64)[:, None], k, axis=1)
    low, high = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
    ok = x >= 0
    if ok.any():
        low[ok], high[ok] = intervals.proportion_intervals(x[ok], n[ok], method, confidence)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an option without any count stays NaN
        return np.nanmin(low, axis=0), np.nanmax(high, axis=0)


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
    for m in methods:
        low, high = _pointwise_bounds(b, m, confidence)
        for i in range(len(b.options)):
            records.append(_record(b, i, shares[i], m, confidence, low[i], high[i]))
    for m in simultaneous:
        bounds = _simultaneous_bounds(b, m, confidence)
        if bounds is None:
            continue
        for i in range(len(b.options)):
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
        "basis": b.basis,
        "n_source": b.n_source,
        "n_max": b.n_max,
    }


def _frame(records: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(records, columns=list(SHARES_COLUMNS))
    for column in ("count", "n", "n_max"):
        df[column] = pd.array([None if pd.isna(v) else int(v) for v in df[column]], dtype="Int64")
    for column in ("share", "confidence", "ci_low", "ci_high"):
        df[column] = df[column].astype("float64")
    for column in ("basis", "n_source"):
        df[column] = df[column].astype(object)
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

    Printed ``n`` and sums of printed counts of every question (shares of respondents and
    codes of free text); shares of answers and denominators reconstructed from
    percentages are left out.
    """
    sizes = set()
    for qid in raw.questions["question_id"]:
        b = question_basis(raw, qid)
        if b.n is not None and b.basis in PEOPLE_BASES and b.n_source in ("n_reported", "sum_of_counts"):
            sizes.add(int(b.n))
    return sorted(sizes)
