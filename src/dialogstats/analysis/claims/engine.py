"""One verdict per claim: the rules of every ``check``, applied in order.

1. **rests_on_inconsistent_figures** (``audit_inconsistent``) — the audit
   (:func:`dialogstats.analysis.audit.build_audit`) marks a check of one of the claim's questions
   ``inconsistent``; also when the printed figures contradict themselves in the claim's own
   arithmetic (``figures_contradict``, ``parts_do_not_add_up``).
2. ``no_figures`` — **cannot_be_checked** (``no_figures``); ``share_statement`` —
   **cannot_be_checked** (``no_direction``), with the share and its interval where one question and
   option give them; ``magnitude`` — :mod:`dialogstats.analysis.claims.evidence`.
3. ``majority``, ``minority``, ``consistency``, ``sum_of_options`` —
   :mod:`dialogstats.analysis.claims.shares_rules`; ``exceeds``, ``largest_option``,
   ``largest_question``, ``ranking`` — :mod:`dialogstats.analysis.claims.compare`.

Figures become counts by the rules of :mod:`dialogstats.analysis.claims.readings`; a share the print
does not identify gives **cannot_be_checked** with its reason (``ticks_not_people``,
``no_denominator``). Every rule runs under a :class:`~dialogstats.analysis.claims.core.Setting`
(interval method, level, ICC); the table's ``method`` and ``confidence`` are those of the run.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dialogstats.analysis.claims import compare, evidence, shares_rules
from dialogstats.analysis.claims.core import CHECKS, Outcome, Setting
from dialogstats.analysis.claims.readings import (
    ReadingCache, Unidentified, overlapping, question_row, split_ids,
)
from dialogstats.errors import ParameterError, UnknownNameError


def inconsistent_audit_rows(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit's rows with status ``inconsistent`` (empty strings for missing text)."""
    rows = audit.loc[audit["status"] == "inconsistent", ["question_id", "option", "check", "detail"]]
    return rows.fillna("").astype(str)


def _unidentified(where: str, u: Unidentified) -> Outcome:
    verdict = "rests_on_inconsistent_figures" if u.inconsistent else "cannot_be_checked"
    return Outcome(verdict, f"{where}: {u.reason}", code=u.code)


def comparison_pairs(raw: Any, cache: ReadingCache, claim: pd.Series) -> list[compare.Pair] | Outcome:
    """The pairs a comparison claim needs, or the outcome that stops it (an item the print does not identify)."""
    check, qids, options = claim["check"], split_ids(claim["question_ids"]), split_ids(claim["check_option"])
    cid = claim["claim_id"]
    if not options:
        raise ParameterError(f"claim {cid!r}: a {check} claim needs check_option")
    one_question = len(qids) == 1 or len(options) >= 2 or check == "largest_option"
    if one_question:
        qid = qids[0]
        if len(options) == 1:
            if check in ("exceeds", "largest_question"):
                raise ParameterError(f"claim {cid!r}: {check} within one question needs two or more options")
            options = [options[0], *(o for o in cache.options(qid, analysed_only=True) if o != options[0])]
        exclusive = not overlapping(question_row(raw, qid))
        items = []
        for option in options:
            readings = cache(qid, [option])
            if isinstance(readings, Unidentified):
                return _unidentified(f"{qid}/{option}", readings)
            items.append(compare.Item(option, tuple(readings), exclusive))
    else:
        if len(options) != 1:
            raise ParameterError(f"claim {cid!r}: {check} across questions compares one option")
        items = []
        for qid in qids:
            readings = cache(qid, options)
            if isinstance(readings, Unidentified):
                return _unidentified(qid, readings)
            items.append(compare.Item(qid, tuple(readings)))
    condition = claim["condition"] if check == "ranking" else "first"
    return compare.pairs_for(items, condition)


def _rule(raw: Any, cache: ReadingCache, claim: pd.Series, setting: Setting) -> Outcome:
    check = claim["check"]
    if check not in CHECKS:
        raise UnknownNameError("claim check", check, CHECKS)
    qids, options = split_ids(claim["question_ids"]), split_ids(claim["check_option"])
    if check == "no_figures":
        return Outcome("cannot_be_checked", "no figure is printed for the quantity the claim asserts", code="no_figures")
    if check == "magnitude":
        return evidence.magnitude_rule(raw, claim, setting, cache)
    if check == "share_statement":
        reason = "the claim states no direction (majority, minority, order) that the figures could confirm"
        if len(qids) == 1 and options:
            readings = cache(qids[0], options)
            if isinstance(readings, list) and len(readings) == 1:
                shown = shares_rules.describe_share(readings[0], setting)
                return shown.with_reason(f"{reason}; the figures give {shown.reason}", "cannot_be_checked", "no_direction")
        return Outcome("cannot_be_checked", reason, code="no_direction")
    if not qids:
        raise ParameterError(f"claim {claim['claim_id']!r} names no question")
    if check == "sum_of_options":
        return shares_rules.sum_rule(raw, cache, claim, qids[0], options, setting)
    if check in ("majority", "minority", "consistency"):
        if not options:
            raise ParameterError(f"claim {claim['claim_id']!r}: a {check} check needs check_option")
        with_option = [q for q in qids if set(options) <= set(cache.options(q))]
        if not with_option:
            raise UnknownNameError("option of the claim's questions", ";".join(options), cache.options(qids[0]))
        items = [(q, cache(q, options)) for q in with_option]
        if check == "consistency":
            flagged = [(q, r) for q, r in items if isinstance(r, Unidentified) and r.inconsistent]
            if flagged:
                return _unidentified(*flagged[0])
            return shares_rules.consistency_rule(items, claim["condition"], setting)
        for q, r in items:
            if isinstance(r, Unidentified):
                return _unidentified(q, r)
        return shares_rules.share_rule(items, check, setting)
    pairs = cache.memo(("pairs", claim["claim_id"]), lambda: comparison_pairs(raw, cache, claim))
    if isinstance(pairs, Outcome):
        return pairs
    return compare.comparison_outcome(pairs, setting, ranking=check == "ranking")


def assess_claim(raw: Any, claim: pd.Series, inconsistent: pd.DataFrame, setting: Setting = Setting(),
                 cache: ReadingCache | None = None) -> Outcome:
    """Verdict of one claim row (module docstring); ``inconsistent`` holds the audit's inconsistent rows."""
    cache = cache or ReadingCache(raw)
    outcome = _rule(raw, cache, claim, setting)
    flagged = cache.memo(("flagged", claim["claim_id"]),
                         lambda: inconsistent[inconsistent["question_id"].isin(split_ids(claim["question_ids"]))])
    if flagged.empty or claim["check"] in ("no_figures", "magnitude"):
        return outcome
    details = "; ".join(
        f"{row.question_id}{'/' + row.option if row.option else ''}: {row.check}" + (f" ({row.detail})" if row.detail else "")
        for row in flagged.head(3).itertuples()
    )
    more = f" and {len(flagged) - 3} more" if len(flagged) > 3 else ""
    return Outcome("rests_on_inconsistent_figures", f"the audit finds the figures inconsistent — {details}{more}",
                   outcome.estimate, outcome.ci_low, outcome.ci_high, outcome.n, outcome.kind, "audit_inconsistent",
                   outcome.range_low, outcome.range_high)


def audit_of(raw: Any, audit: pd.DataFrame | None) -> pd.DataFrame:
    """The audit's inconsistent rows (the audit is built from ``raw`` when not given)."""
    if audit is None:
        from dialogstats.analysis.audit import build_audit

        audit = build_audit(raw)
    return inconsistent_audit_rows(audit)


def outcomes(raw: Any, setting: Setting, inconsistent: pd.DataFrame, cache: ReadingCache) -> list[Outcome]:
    """The outcome of every claim of ``raw.claims`` under one setting, in the table's order."""
    rows = cache.memo(("claim_rows",), lambda: [claim for _, claim in raw.claims.iterrows()])
    return [assess_claim(raw, claim, inconsistent, setting, cache) for claim in rows]


def audit_checks(claim: pd.Series, inconsistent: pd.DataFrame) -> str:
    """The audit's inconsistent checks of the claim's questions, ``;``-separated."""
    hit = inconsistent.loc[inconsistent["question_id"].isin(split_ids(claim["question_ids"])), "check"]
    return ";".join(sorted(set(hit)))


def nan_to_na(values: list[float]) -> pd.array:
    """Counts as the nullable ``Int64`` dtype (NaN becomes NA)."""
    return pd.array([pd.NA if pd.isna(v) else int(v) for v in values], dtype="Int64")


__all__ = ["assess_claim", "audit_of", "comparison_pairs", "inconsistent_audit_rows", "outcomes"]
