"""Audit of the report's printed figures: can each number come from the others printed beside it?

:func:`build_audit` runs every check that the raw data allow and returns one row per
check (the columns of ``audit.csv``); :func:`build_denominators` reconstructs, for every
question with printed percentages, the denominators that reproduce all of them at once
(the columns of ``denominators.csv``, :mod:`dialogstats.analysis.denominators`).

Statuses: ``ok`` (the printed figures agree), ``inconsistent`` (they cannot all be
right as printed), ``ambiguous`` (they agree only under an assumption the report does
not settle, or several readings remain, or people are unaccounted for),
``not_checkable`` (a needed number is not printed).

Checks (the ``check`` column), in the order they appear for each question:

* ``percent_vs_count`` — a printed percentage against its printed count and
  denominator, under each rule of :data:`dialogstats.stats.rounding.ROUNDING_RULES` with the
  printed number of decimals. ``ok`` under the conventional rule
  (:data:`EXPECTED_RULE`); reproduced only under another rule is ``inconsistent`` and
  the detail names the rule (a report should round one way throughout). Approximate
  percentages ("ca") are matched within ``approx_tolerance`` percentage points and the
  detail says so.
* ``percent_vs_n`` — a percentage printed without a count: whether any integer count
  out of the printed denominator gives it.
* ``options_sum_vs_n`` — counts of options that exclude each other add up to the
  printed ``n`` (with or without the printed non-response). A shortfall is
  ``ambiguous``, with the number unaccounted for, when every option is known to be
  printed: the question is yes/no, yes/no/other or Likert
  (:data:`~dialogstats.analysis.audit_figures.EXHAUSTIVE_TYPES`), or its percentages add
  up to 100. For other single-choice questions an option may be unprinted and a
  shortfall is ``not_checkable``.
* ``options_sum_vs_attendance`` — the number who answered is at most the group's
  members, the dialogue's respondents and its attendees.
* ``nonresponse_vs_group`` — when a question prints its non-response and the size of
  the group asked (its members; for a whole dialogue its members, else respondents,
  else attendees), answers plus non-response equal that size; fewer is ``ambiguous``
  ("one member unaccounted for: 13 answers and 3 non-responses from a group of 17").
* ``combined_row`` — a printed total (``combines``) equals the sum of its parts
  (exactly for counts; within the rounding of the parts for percentages).
* ``answers_total`` — the ticks of a multi-select question add up to the printed total.
* ``percent_sum`` — the percentages of a question whose options exclude each other (or
  that are shares of answers) add up to 100 within the rounding of the parts.
* ``codes_vs_answers`` — coded free-text categories against the printed number of
  answers. Codes may overlap (one answer can touch several themes), so each code's
  share is its count out of the printed answers, never out of the sum of the codes, and
  no simultaneous intervals are computed for such a question; codes adding up to more
  than the answers are ``ambiguous`` and the row states that reading.
* ``followup_vs_parent`` — the number answering a follow-up (``asked_if``) against the
  number who chose the option it follows.
* ``share_of_answers`` — percentages that are shares of ticks, not of people; the
  detail names the claims that rest on them.
* ``denominator_feasible`` — the denominators up to
  :data:`~dialogstats.stats.rounding.MAX_DENOMINATOR` that reproduce all of a question's
  percentages at once, and whether the stated (or counted) ``n`` is among them.
* ``denominator_joint`` — questions put to the same people, printed with percentages
  only, reconstructed together (intersection of their feasible ``n``, bounded by the
  dialogue's respondents or attendees).

Dialogue-level checks (``question_id`` empty) come first: ``response_rate`` (printed
rate against respondents / attendees) and ``group_members_vs_attendees``.

Findings (the ``finding`` column, empty exactly for ``ok`` rows; :data:`FINDINGS`), each
with its status and what the row's ``reported`` and ``recomputed`` cells hold:

"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dialogstats.checks import check_name
from dialogstats.analysis import audit_checks as checks
from dialogstats.analysis import audit_counts as counts
from dialogstats.analysis.audit_figures import AuditContext, cell_float, cell_int, cell_text, pct, read_context, \
    read_questions, share
from dialogstats.analysis.audit_findings import AUDIT_COLUMNS, FINDINGS, STATUSES, audit_row, findings_text
from dialogstats.analysis.denominators import (
    DENOMINATOR_COLUMNS,
    build_denominators,
    check_tolerance,
    denominator_feasible,
    denominator_joint,
    joint_families,
    reconstruct,
)
from dialogstats.stats.rounding import APPROX_TOLERANCE_PP, check_rule, consistent_rules

__doc__ += findings_text() + "\n"

__all__ = [
    "AUDIT_COLUMNS", "CHECKS", "DENOMINATOR_COLUMNS", "EXPECTED_RULE", "FINDINGS", "STATUSES", "build_audit",
    "build_denominators",
]

#: The checks (the ``check`` column): dialogue-level first, then in the order they appear for a question.
CHECKS: tuple[str, ...] = (
    "response_rate", "group_members_vs_attendees", "percent_vs_count", "percent_vs_n", "options_sum_vs_n",
    "options_sum_vs_attendance", "nonresponse_vs_group", "combined_row", "answers_total", "percent_sum",
    "codes_vs_answers", "followup_vs_parent", "share_of_answers", "denominator_feasible", "denominator_joint",
)

#: The rounding rule a reader assumes; other rules are admitted but reported.
EXPECTED_RULE: str = "half_up"


def _dialogue_rows(raw: Any, ctx: AuditContext, expected_rule: str) -> list[dict[str, str]]:
    rows = []
    for r in raw.dialogues.to_dict("records"):
        did = cell_text(r["dialogue_id"])
        rate = cell_float(r.get("response_rate_reported"))
        att, resp = cell_int(r.get("attendees")), cell_int(r.get("respondents"))
        if rate is not None:
            if att and resp is not None and resp <= att:
                rules = consistent_rules(rate, resp, att)
                ok = expected_rule in rules
                detail = (f"respondents / attendees; reproduced under {', '.join(rules)}" if rules
                          else "no rounding rule reproduces the printed rate")
                rows.append(audit_row(None, "response_rate", "ok" if ok else "inconsistent", pct(rate),
                                      share(resp, att), detail, dialogue_id=did,
                                      finding="" if ok else "rate_not_reproduced"))
            elif not (att and resp):
                rows.append(audit_row(None, "response_rate", "not_checkable", pct(rate), "",
                                      "respondents or attendees not printed", dialogue_id=did,
                                      finding="rate_basis_not_printed"))
            else:
                rows.append(audit_row(None, "response_rate", "inconsistent", pct(rate), share(resp, att),
                                      "more respondents than attendees", dialogue_id=did,
                                      finding="respondents_exceed_attendees"))
        group_members = [m for (d, g), m in ctx.members.items() if d == did and g != "all" and m is not None]
        if att is not None and group_members:
            total = sum(group_members)
            ok = total <= att
            rows.append(audit_row(None, "group_members_vs_attendees", "ok" if ok else "inconsistent", att, total,
                                  f"members of the {len(group_members)} groups with a printed size, against the attendees",
                                  dialogue_id=did, finding="" if ok else "members_exceed_attendees"))
    return rows


def build_audit(
    raw: Any,
    approx_tolerance: float = APPROX_TOLERANCE_PP,
    expected_rule: str = EXPECTED_RULE,
    dialogue_id: str | None = None,
) -> pd.DataFrame:
    """Check every printed figure against the figures printed beside it (one row per check).

    ``dialogue_id`` restricts the checks to one dialogue: the rows are exactly those of the
    whole audit for that dialogue (every check reads only its own dialogue's figures, and
    families of questions put to the same people never span dialogues), computed without
    reconstructing the other dialogues' denominators. Unknown ids are refused with the valid ones.

    ``raw`` is a :class:`dialogstats.data.rawdata.RawData` (or any object with the same
    DataFrame attributes ``dialogues, groups, questions, responses`` and optionally
    ``claims``). Rows come in a fixed order: dialogue-level checks first (in the order
    of ``dialogues.csv``), then each question in the order of ``questions.csv`` with its
    checks in the order listed in the module docstring and options in the order of
    ``responses.csv``. All cells are strings (empty when not applicable); ``finding``
    is empty exactly when ``status`` is ``ok``.
    """
    check_rule(expected_rule)
    approx_tolerance = check_tolerance(approx_tolerance)
    ctx = read_context(raw)
    questions = read_questions(raw)
    by_id = {q.question_id: q for q in questions}
    if dialogue_id is not None:
        check_name(dialogue_id, [cell_text(d) for d in raw.dialogues["dialogue_id"]], "dialogue")
        questions = [q for q in questions if q.dialogue_id == dialogue_id]
    recs = {q.question_id: rec for q in questions if (rec := reconstruct(q, approx_tolerance)) is not None}
    joint_rows: dict[str, dict[str, str]] = {}
    for family in joint_families(questions):
        for row in denominator_joint(family, recs, ctx):
            joint_rows[row["question_id"]] = row

    rows: list[dict[str, str] | None] = [r for r in _dialogue_rows(raw, ctx, expected_rule)
                                         if dialogue_id is None or r["dialogue_id"] == dialogue_id]
    for q in questions:
        for o in q.options:
            if o.percent is not None and o.count is not None:
                rows.append(checks.percent_vs_count(q, o, approx_tolerance, expected_rule))
            elif o.percent is not None and not o.combines:
                rows.append(checks.percent_vs_n(q, o, approx_tolerance))
        rows += [counts.options_sum_vs_n(q), counts.options_sum_vs_attendance(q, ctx), counts.nonresponse_vs_group(q, ctx)]
        rows += checks.combined_rows(q, approx_tolerance)
        rows += [counts.answers_total(q), checks.percent_sum(q, approx_tolerance), counts.codes_vs_answers(q),
                 checks.followup_vs_parent(q, by_id, approx_tolerance), checks.share_of_answers(q, ctx)]
        if q.question_id in recs:
            rows.append(denominator_feasible(q, recs[q.question_id], ctx))
        rows.append(joint_rows.get(q.question_id))
    return pd.DataFrame([r for r in rows if r is not None], columns=list(AUDIT_COLUMNS)).astype(str)
