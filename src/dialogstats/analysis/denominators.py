"""Reconstruction of denominators from printed percentages (``denominators.csv`` and two audit checks).

A percentage printed without its denominator is possible only for some ``n``: the idea
of the GRIM test (Brown & Heathers 2017, *Social Psychological and Personality Science*
8:363-369), here applied to all of a question's percentages at once with whole counts
(:func:`dialogstats.stats.rounding.feasible_denominators_by_rule`, every rule of
:data:`~dialogstats.stats.rounding.ROUNDING_RULES`, ``n`` from 1 to
:data:`~dialogstats.stats.rounding.MAX_DENOMINATOR`). When a question's options exclude
each other (or are shares of answers) and all its percentages are printed and add up to
about 100, the counts must also add up to ``n``. Approximate percentages ("ca") are
matched within a tolerance in percentage points, recorded per question in
``approx_tolerance_pp``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pandas as pd

from dialogstats.analysis.audit_figures import AuditContext, AuditQuestion, list_ns, read_questions, unit
from dialogstats.analysis.audit_findings import audit_row
from dialogstats.errors import ParameterError
from dialogstats.stats.rounding import (
    APPROX_TOLERANCE_PP,
    MAX_DENOMINATOR,
    ROUNDING_RULES,
    denominator_admits,
    feasible_denominators_by_rule,
)

DENOMINATOR_COLUMNS: tuple[str, ...] = (
    "dialogue_id",
    "group_id",
    "question_id",
    "n_stated",
    "n_min",
    "n_feasible",
    "rounding",
    "approx_tolerance_pp",
)


@dataclass
class Reconstruction:
    """The denominators that give all of a question's printed percentages, by rounding rule."""

    percents: list[float]
    tolerances: list[float]
    require_sum: bool
    by_rule: dict[str, list[int]]

    @property
    def feasible(self) -> list[int]:
        return sorted({n for ns in self.by_rule.values() for n in ns})

    @property
    def rules(self) -> list[str]:
        return [r for r, ns in self.by_rule.items() if ns]

    @property
    def approx_tolerance(self) -> float:
        """The tolerance given to the question's approximate percentages; 0 when none is approximate."""
        return max(self.tolerances, default=0.0)


def reconstruct(q: AuditQuestion, approx_tolerance: float) -> Reconstruction | None:
    """Feasible denominators of ``q``'s printed percentages; ``None`` when it prints none."""
    parts = [o for o in q.parts if o.percent is not None]
    if not parts:
        return None
    percents: list[float] = [o.percent for o in parts]  # type: ignore[misc]
    tolerances = [approx_tolerance if o.approx else 0.0 for o in parts]
    sums_to_all = (q.exclusive or q.percent_base == "answers") and len(parts) == len(q.parts)
    require_sum = False
    if sums_to_all:
        total = sum(Fraction(str(p)) for p in percents)
        slack = sum(unit(p) for p in percents) + sum(Fraction(str(t)) for t in tolerances)
        require_sum = abs(total - 100) <= slack
    by_rule = feasible_denominators_by_rule(
        percents, ROUNDING_RULES, None, MAX_DENOMINATOR, 1, require_sum, tolerances  # type: ignore[arg-type]
    )
    return Reconstruction(percents, tolerances, require_sum, by_rule)  # type: ignore[arg-type]


def stated_denominator(q: AuditQuestion) -> tuple[int | None, str]:
    """The printed denominator of the percentages: the printed ``n``, or the printed total of answers."""
    if q.percent_base == "answers":
        if q.answers_total is not None:
            return q.answers_total, "printed total of answers"
        return None, ""
    if q.n_reported is not None:
        return q.n_reported, "printed n"
    return None, ""


def denominator_feasible(q: AuditQuestion, rec: Reconstruction, ctx: AuditContext) -> dict[str, str]:
    """The row of the ``denominator_feasible`` check: is the stated (or counted) ``n`` among the feasible ones?"""
    feasible = rec.feasible
    stated, how = stated_denominator(q)
    counted, counted_how = q.percent_denominator()
    basis = "counts must add up to n" if rec.require_sum else "counts need not add up to n"
    rules = f"rules admitting some n: {', '.join(rec.rules) or 'none'}"
    if not feasible:
        return audit_row(q, "denominator_feasible", "inconsistent", stated, "",
                         f"no n ≤ {MAX_DENOMINATOR} reproduces all {len(rec.percents)} printed percentages at once ({basis})",
                         finding="no_feasible_denominator")
    listed = f"feasible n: {list_ns(feasible)} ({basis}; {rules})"
    reference, ref_how = (stated, how) if stated is not None else (counted, counted_how)
    if reference is not None:
        if reference in feasible:
            ref_rules = [r for r, ns in rec.by_rule.items() if reference in ns]
            return audit_row(q, "denominator_feasible", "ok", reference, feasible[0],
                             f"{ref_how} {reference} reproduces all percentages under {', '.join(ref_rules)}; {listed}")
        if reference > MAX_DENOMINATOR:
            ref_rules = [r for r in ROUNDING_RULES
                         if denominator_admits(rec.percents, reference, r, None, rec.require_sum, rec.tolerances)]
            verdict = (f"reproduces all percentages under {', '.join(ref_rules)}" if ref_rules
                       else "does NOT reproduce all printed percentages")
            return audit_row(q, "denominator_feasible", "ok" if ref_rules else "inconsistent", reference, feasible[0],
                             f"{ref_how} {reference} (above {MAX_DENOMINATOR}, checked directly) {verdict}; {listed}",
                             finding="" if ref_rules else "printed_n_not_feasible")
        return audit_row(q, "denominator_feasible", "inconsistent", reference, feasible[0],
                         f"{ref_how} {reference} does NOT reproduce all printed percentages; {listed}",
                         finding="printed_n_not_feasible")
    bounds = ctx.bounds(q)
    bound, bound_how, _ = min(bounds) if bounds else (None, "", "")
    within = [n for n in feasible if bound is None or n <= bound]
    bound_note = f"; {len(within)} of them ≤ {bound} {bound_how}" if bounds else ""
    if not within:
        return audit_row(q, "denominator_feasible", "inconsistent", bound, feasible[0],
                         f"no n printed; no feasible n is possible given the printed number of people; {listed}{bound_note}",
                         finding="feasible_n_exceed_group")
    unique = len(within) == 1
    return audit_row(q, "denominator_feasible", "ok" if unique else "ambiguous", "", within[0],
                     f"no n printed; {'unique' if unique else 'smallest'} possible n = {within[0]}; {listed}{bound_note}",
                     finding="" if unique else "several_feasible_denominators")


def joint_families(questions: Iterable[AuditQuestion]) -> list[list[AuditQuestion]]:
    """Questions put to the same people with percentages only (same dialogue, group and form).

    A family is formed by the questions of one dialogue and group that are printed
    with percentages but without any count or ``n``, are single-choice of the same
    response type and are not follow-ups: such questions (e.g. a series of yes/no
    questions on one form) were answered by the same respondents.
    """
    families: dict[tuple[str, str, str], list[AuditQuestion]] = {}
    for q in questions:
        percent_only = any(o.percent is not None for o in q.parts) and all(o.count is None for o in q.options)
        if (percent_only and q.exclusive and q.n_reported is None and not q.asked_if
                and q.percent_base != "answers"):
            families.setdefault((q.dialogue_id, q.group_id, q.response_type), []).append(q)
    return [f for f in families.values() if len(f) >= 2]


def denominator_joint(family: list[AuditQuestion], recs: dict[str, Reconstruction],
                      ctx: AuditContext) -> list[dict[str, str]]:
    """The rows of the ``denominator_joint`` check: the ``n`` common to a family, bounded by the people present."""
    ids = [q.question_id for q in family]
    sets = [set(recs[q.question_id].feasible) for q in family if q.question_id in recs]
    joint = sorted(set.intersection(*sets)) if sets else []
    bounds = ctx.bounds(family[0])
    bound_note = ""
    if bounds:
        bound, what, _ = min(bounds)
        joint = [n for n in joint if n <= bound]
        bound_note = f", bounded by {bound} {what}"
    detail = f"joint reconstruction of {len(ids)} questions answered by the same people ({', '.join(ids)}){bound_note}"
    if not joint:
        status, recomputed, finding = "inconsistent", "", "no_common_denominator"
        detail += "; no common n reproduces all their percentages"
    else:
        status, recomputed = ("ok", joint[0]) if len(joint) == 1 else ("ambiguous", joint[0])
        finding = "" if len(joint) == 1 else "several_common_denominators"
        detail += f"; common n: {list_ns(joint)}"
    return [audit_row(q, "denominator_joint", status, "", recomputed, detail, finding=finding) for q in family]


def denominator_table(questions: Iterable[AuditQuestion], approx_tolerance: float) -> pd.DataFrame:
    """The rows of ``denominators.csv`` for ``questions`` (see :func:`build_denominators`)."""
    rows = []
    for q in questions:
        rec = reconstruct(q, approx_tolerance)
        if rec is None:
            continue
        feasible = rec.feasible
        rows.append(
            {
                "dialogue_id": q.dialogue_id,
                "group_id": q.group_id,
                "question_id": q.question_id,
                "n_stated": stated_denominator(q)[0],
                "n_min": feasible[0] if feasible else None,
                "n_feasible": ";".join(map(str, feasible)),
                "rounding": ";".join(rec.rules),
                "approx_tolerance_pp": rec.approx_tolerance,
            }
        )
    df = pd.DataFrame(rows, columns=list(DENOMINATOR_COLUMNS))
    for col in ("n_stated", "n_min"):
        df[col] = df[col].astype("Int64")
    df["approx_tolerance_pp"] = df["approx_tolerance_pp"].astype(float)
    return df


def build_denominators(raw: Any, approx_tolerance: float = APPROX_TOLERANCE_PP) -> pd.DataFrame:
    """Denominators that reproduce all of a question's printed percentages at once.

    One row per question with at least one printed percentage (order of
    ``questions.csv``). ``n_stated`` is the printed denominator of the percentages (the
    printed ``n``, or the printed total of answers for shares of answers), empty when
    not printed; ``n_feasible`` lists every ``n`` from 1 to
    :data:`dialogstats.stats.rounding.MAX_DENOMINATOR` for which whole counts give every
    printed percentage under one rounding rule (counts must also add up to ``n`` when
    the question's options exclude each other and their percentages add up to about
    100), separated by ``;`` and empty when none; ``n_min`` is the smallest;
    ``rounding`` lists the rules that admit at least one ``n``; ``approx_tolerance_pp``
    is the tolerance, in percentage points, within which the question's approximate
    ("ca") percentages were matched (``approx_tolerance``), 0 when none is approximate.
    """
    return denominator_table(read_questions(raw), check_tolerance(approx_tolerance))


def check_tolerance(approx_tolerance: float) -> float:
    """Return the tolerance for approximate percentages if it is a finite non-negative number."""
    if isinstance(approx_tolerance, bool) or not isinstance(approx_tolerance, (int, float)) \
            or not math.isfinite(approx_tolerance) or approx_tolerance < 0:
        raise ParameterError(f"approx_tolerance must be a non-negative number of percentage points (got {approx_tolerance!r})")
    return float(approx_tolerance)
