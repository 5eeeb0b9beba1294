"""The printed figures as the audit reads them: one record per question, with its options and context.

:func:`read_questions` turns the rows of ``questions.csv`` and ``responses.csv`` into
:class:`AuditQuestion` records (options in the order of ``responses.csv``; a response
whose question is unknown is left to the validator). :func:`read_context` collects what
bounds a question's number of answers: the printed members of its group, the dialogue's
respondents and attendees, and the claims that rest on it. Cells are read alike whether
they hold nullable integers, NaN, ``""`` or booleans (raw data as loaded, or tables
built by hand).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from dialogstats.stats.rounding import printed_decimals

#: Response types whose options cover every answer: the printed options add up to ``n``.
EXHAUSTIVE_TYPES: tuple[str, ...] = ("yes_no", "yes_no_other", "likert5")

#: At most this many feasible denominators are listed in a detail text.
_LISTED = 12


# ---------------------------------------------------------------------------
# Cells and numbers as text


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def cell_int(v: Any) -> int | None:
    """An integer cell, ``None`` when empty."""
    return None if _missing(v) else int(v)


def cell_float(v: Any) -> float | None:
    """A number cell, ``None`` when empty."""
    return None if _missing(v) else float(v)


def cell_text(v: Any) -> str:
    """A text cell, stripped; ``""`` when empty."""
    return "" if _missing(v) else str(v).strip()


def cell_bool(v: Any) -> bool:
    """A boolean cell (``true`` / ``false`` text or a bool); empty is false."""
    if _missing(v):
        return False
    if isinstance(v, str):
        return v.strip().lower() == "true"
    return bool(v)


def pct(p: float) -> str:
    """A percentage as printed: ``28 %``, ``12.5 %``."""
    return f"{p:g} %"


def share(x: int, n: int) -> str:
    """A count as a share with one decimal: ``33.3 % (5/15)``."""
    return f"{100 * x / n:.1f} % ({x}/{n})"


def list_ns(ns: Sequence[int]) -> str:
    """At most :data:`_LISTED` denominators, then how many there are in all."""
    shown = ", ".join(map(str, ns[:_LISTED]))
    return shown + (f", … ({len(ns)} in all)" if len(ns) > _LISTED else "")


def people(k: int, noun: str) -> str:
    """``one member``, ``3 members``: a number of people in a detail text."""
    return f"one {noun}" if k == 1 else f"{k} {noun}s"


def counted(k: int, noun: str) -> str:
    """``1 answer``, ``13 answers``: a count in a detail text."""
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


def unit(p: float) -> Fraction:
    """The last printed digit of a percentage: 1 for ``28``, 1/10 for ``12.5``."""
    return Fraction(1, 10 ** printed_decimals(p))


def covers_all(percents: Sequence[float | None]) -> bool:
    """Whether printed percentages add up to about 100 within their rounding (all options printed)."""
    if not percents or any(p is None for p in percents):
        return False
    total = sum(Fraction(str(p)) for p in percents)
    return abs(total - 100) <= sum(unit(p) for p in percents)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# A question with everything the checks need


@dataclass
class AuditOption:
    """One printed option: count and percentage as printed, and the options it totals."""

    option: str
    count: int | None
    percent: float | None
    approx: bool
    combines: tuple[str, ...]


@dataclass
class AuditQuestion:
    """One printed question with its options (printed totals included)."""

    question_id: str
    dialogue_id: str
    group_id: str
    response_type: str
    multi_select: bool
    percent_base: str
    n_reported: int | None
    nonresponse: int | None
    answers_total: int | None
    asked_if: str
    options: list[AuditOption] = field(default_factory=list)

    @property
    def parts(self) -> list[AuditOption]:
        """The options that are not printed totals of others."""
        return [o for o in self.options if not o.combines]

    @property
    def counts_complete(self) -> bool:
        parts = self.parts
        return bool(parts) and all(o.count is not None for o in parts)

    @property
    def sum_counts(self) -> int | None:
        return sum(o.count for o in self.parts) if self.counts_complete else None  # type: ignore[misc]

    @property
    def exclusive(self) -> bool:
        """Options exclude each other (so counts add up to the people answering)."""
        return not self.multi_select and self.response_type != "coded_free_text"

    @property
    def exhaustive(self) -> bool:
        """Options exclude each other and cover every answer (yes/no, yes/no/other, Likert)."""
        return self.exclusive and self.response_type in EXHAUSTIVE_TYPES

    @property
    def percents_cover_all(self) -> bool:
        """The printed percentages of the options add up to about 100 (all options printed)."""
        return covers_all([o.percent for o in self.parts])

    def answering(self) -> tuple[int | None, str]:
        """Number of people who answered, and how it is known."""
        if self.n_reported is not None:
            return self.n_reported, "printed n"
        if self.exclusive and self.counts_complete:
            return self.sum_counts, "sum of printed counts"
        return None, ""

    def percent_denominator(self) -> tuple[int | None, str]:
        """Denominator of the printed percentages, and how it is known."""
        if self.percent_base == "answers":
            if self.answers_total is not None:
                return self.answers_total, "printed total of answers"
            if self.counts_complete:
                return self.sum_counts, "sum of printed answers"
            return None, ""
        return self.answering()


#: What a bound on the number answering is, as the finding codes name it.
BOUND_KINDS: tuple[str, ...] = ("members", "respondents", "attendees")


@dataclass
class AuditContext:
    """Printed numbers of people around the questions, and the claims resting on each question."""

    attendees: dict[str, int | None]
    respondents: dict[str, int | None]
    members: dict[tuple[str, str], int | None]
    claims_by_question: dict[str, list[str]]

    def bounds(self, q: AuditQuestion) -> list[tuple[int, str, str]]:
        """Printed numbers that bound the answers to ``q``: ``(size, description, kind)``."""
        out: list[tuple[int, str, str]] = []
        members = self.members.get((q.dialogue_id, q.group_id))
        if members is not None:
            what = "group members" if q.group_id != "all" else "printed members of the dialogue"
            out.append((members, what, "members"))
        respondents = self.respondents.get(q.dialogue_id)
        if respondents is not None:
            out.append((respondents, "dialogue respondents", "respondents"))
        attendees = self.attendees.get(q.dialogue_id)
        if attendees is not None:
            out.append((attendees, "dialogue attendees", "attendees"))
        return out

    def group_size(self, q: AuditQuestion) -> tuple[int, str] | None:
        """The number the question was put to: its group's members, or for a whole dialogue its
        printed members, else respondents, else attendees; ``None`` when not printed."""
        bounds = self.bounds(q)
        if q.group_id != "all":
            bounds = [b for b in bounds if b[2] == "members"]
        return (bounds[0][0], bounds[0][2]) if bounds else None


def read_questions(raw: Any) -> list[AuditQuestion]:
    """Every question of ``raw.questions`` with its printed options, in raw-data order."""
    out: dict[str, AuditQuestion] = {}
    for r in raw.questions.to_dict("records"):
        qid = cell_text(r["question_id"])
        out[qid] = AuditQuestion(
            question_id=qid,
            dialogue_id=cell_text(r["dialogue_id"]),
            group_id=cell_text(r["group_id"]) or "all",
            response_type=cell_text(r.get("response_type")),
            multi_select=cell_bool(r.get("multi_select")),
            percent_base=cell_text(r.get("percent_base")) or "unknown",
            n_reported=cell_int(r.get("n_reported")),
            nonresponse=cell_int(r.get("nonresponse_reported")),
            answers_total=cell_int(r.get("answers_total_reported")),
            asked_if=cell_text(r.get("asked_if")),
        )
    for r in raw.responses.to_dict("records"):
        q = out.get(cell_text(r["question_id"]))
        if q is None:
            continue  # a dangling response is the validator's business, not the audit's
        q.options.append(
            AuditOption(
                option=cell_text(r["option"]),
                count=cell_int(r.get("count")),
                percent=cell_float(r.get("percent_reported")),
                approx=cell_bool(r.get("approx")),
                combines=tuple(c.strip() for c in cell_text(r.get("combines")).split(";") if c.strip()),
            )
        )
    return list(out.values())


def read_context(raw: Any) -> AuditContext:
    """Attendees, respondents and group members as printed, and the claims by question."""
    dialogues = raw.dialogues.to_dict("records")
    attendees = {cell_text(r["dialogue_id"]): cell_int(r.get("attendees")) for r in dialogues}
    respondents = {cell_text(r["dialogue_id"]): cell_int(r.get("respondents")) for r in dialogues}
    members = {
        (cell_text(r["dialogue_id"]), cell_text(r["group_id"])): cell_int(r.get("members"))
        for r in raw.groups.to_dict("records")
    }
    claims: dict[str, list[str]] = {}
    claims_df = getattr(raw, "claims", None)
    if claims_df is not None and len(claims_df):
        for r in claims_df.to_dict("records"):
            for qid in cell_text(r.get("question_ids")).split(";"):
                if qid.strip():
                    claims.setdefault(qid.strip(), []).append(cell_text(r.get("claim_id")))
    return AuditContext(attendees, respondents, members, claims)
