"""Audit of the report's printed figures: can each number come from the others printed beside it?

:func:`build_audit` runs every check that the raw data allow and returns one row per
check (the columns of ``audit.csv``); :func:`build_denominators` reconstructs, for every
question with printed percentages, the denominators that reproduce all of them at once
(the columns of ``denominators.csv``).

Statuses: ``ok`` (the printed figures agree), ``inconsistent`` (they cannot all be
right as printed), ``ambiguous`` (they agree only under an assumption the report does
not settle, or several readings remain), ``not_checkable`` (a needed number is not
printed).

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
* ``options_sum_vs_n`` — single-choice options add up to the printed ``n`` (with or
  without the printed non-response).
* ``options_sum_vs_attendance`` — the number who answered is at most the group's
  members, the dialogue's respondents and its attendees.
* ``combined_row`` — a printed total (``combines``) equals the sum of its parts
  (exactly for counts; within the rounding of the parts for percentages).
* ``answers_total`` — the ticks of a multi-select question add up to the printed total.
* ``percent_sum`` — the percentages of a question whose options exclude each other (or
  that are shares of answers) add up to 100 within the rounding of the parts.
* ``followup_vs_parent`` — the number answering a follow-up (``asked_if``) against the
  number who chose the option it follows.
* ``share_of_answers`` — percentages that are shares of ticks, not of people; the
  detail names the claims that rest on them.
* ``denominator_feasible`` — the denominators up to :data:`MAX_DENOMINATOR` that
  reproduce all of a question's percentages at once, and whether the stated (or
  counted) ``n`` is among them.
* ``denominator_joint`` — questions put to the same people, printed with percentages
  only, reconstructed together (intersection of their feasible ``n``, bounded by the
  dialogue's respondents or attendees).

Dialogue-level checks (``question_id`` empty): ``response_rate`` (printed rate against
respondents / attendees) and ``group_members_vs_attendees``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from dialogstats.stats.rounding import (
    APPROX_TOLERANCE_PP,
    MAX_DENOMINATOR,
    ROUNDING_RULES,
    consistent_rules,
    denominator_admits,
    feasible_counts,
    feasible_denominators_by_rule,
    printed_decimals,
)

AUDIT_COLUMNS: tuple[str, ...] = (
    "dialogue_id",
    "group_id",
    "question_id",
    "option",
    "check",
    "status",
    "reported",
    "recomputed",
    "detail",
)
DENOMINATOR_COLUMNS: tuple[str, ...] = (
    "dialogue_id",
    "group_id",
    "question_id",
    "n_stated",
    "n_min",
    "n_feasible",
    "rounding",
)
STATUSES: tuple[str, ...] = ("ok", "inconsistent", "ambiguous", "not_checkable")

#: The rounding rule a reader assumes; other rules are admitted but reported.
EXPECTED_RULE: str = "half_up"

#: At most this many feasible denominators are listed in a detail text.
_LISTED = 12


# ---------------------------------------------------------------------------
# Reading cells of the raw tables (nullable integers, NaN, "" and booleans alike)


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip() == ""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _int(v: Any) -> int | None:
    return None if _missing(v) else int(v)


def _float(v: Any) -> float | None:
    return None if _missing(v) else float(v)


def _text(v: Any) -> str:
    return "" if _missing(v) else str(v).strip()


def _bool(v: Any) -> bool:
    if _missing(v):
        return False
    if isinstance(v, str):
        return v.strip().lower() == "true"
    return bool(v)


def _pct(p: float) -> str:
    return f"{p:g} %"


def _share(x: int, n: int) -> str:
    return f"{100 * x / n:.1f} % ({x}/{n})"


def _list_ns(ns: Sequence[int]) -> str:
    shown = ", ".join(map(str, ns[:_LISTED]))
    return shown + (f", … ({len(ns)} in all)" if len(ns) > _LISTED else "")


def _unit(p: float) -> Fraction:
    return Fraction(1, 10 ** printed_decimals(p))


# ---------------------------------------------------------------------------
# A question with everything the checks need


@dataclass
class _Option:
    option: str
    count: int | None
    percent: float | None
    approx: bool
    combines: tuple[str, ...]


@dataclass
class _Question:
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
    options: list[_Option] = field(default_factory=list)

    @property
    def parts(self) -> list[_Option]:
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


@dataclass
class _Context:
    attendees: dict[str, int | None]
    respondents: dict[str, int | None]
    members: dict[tuple[str, str], int | None]
    claims_by_question: dict[str, list[str]]

    def bounds(self, q: _Question) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        members = self.members.get((q.dialogue_id, q.group_id))
        if members is not None:
            out.append((members, "group members" if q.group_id != "all" else "printed members of the dialogue"))
        if self.respondents.get(q.dialogue_id) is not None:
            out.append((self.respondents[q.dialogue_id], "dialogue respondents"))  # type: ignore[arg-type]
        if self.attendees.get(q.dialogue_id) is not None:
            out.append((self.attendees[q.dialogue_id], "dialogue attendees"))  # type: ignore[arg-type]
        return out


def _questions(raw: Any) -> list[_Question]:
    out: dict[str, _Question] = {}
    for r in raw.questions.to_dict("records"):
        qid = _text(r["question_id"])
        out[qid] = _Question(
            question_id=qid,
            dialogue_id=_text(r["dialogue_id"]),
            group_id=_text(r["group_id"]) or "all",
            response_type=_text(r.get("response_type")),
            multi_select=_bool(r.get("multi_select")),
            percent_base=_text(r.get("percent_base")) or "unknown",
            n_reported=_int(r.get("n_reported")),
            nonresponse=_int(r.get("nonresponse_reported")),
            answers_total=_int(r.get("answers_total_reported")),
            asked_if=_text(r.get("asked_if")),
        )
    for r in raw.responses.to_dict("records"):
        q = out.get(_text(r["question_id"]))
        if q is None:
            continue  # a dangling response is the validator's business, not the audit's
        q.options.append(
            _Option(
                option=_text(r["option"]),
                count=_int(r.get("count")),
                percent=_float(r.get("percent_reported")),
                approx=_bool(r.get("approx")),
                combines=tuple(c.strip() for c in _text(r.get("combines")).split(";") if c.strip()),
            )
        )
    return list(out.values())


def _context(raw: Any) -> _Context:
    attendees = {_text(r["dialogue_id"]): _int(r.get("attendees")) for r in raw.dialogues.to_dict("records")}
    respondents = {_text(r["dialogue_id"]): _int(r.get("respondents")) for r in raw.dialogues.to_dict("records")}
    members = {
        (_text(r["dialogue_id"]), _text(r["group_id"])): _int(r.get("members")) for r in raw.groups.to_dict("records")
    }
    claims: dict[str, list[str]] = {}
    claims_df = getattr(raw, "claims", None)
    if claims_df is not None and len(claims_df):
        for r in claims_df.to_dict("records"):
            for qid in _text(r.get("question_ids")).split(";"):
                if qid.strip():
                    claims.setdefault(qid.strip(), []).append(_text(r.get("claim_id")))
    return _Context(attendees, respondents, members, claims)


# ---------------------------------------------------------------------------
# Checks


def _row(q: _Question | None, check: str, status: str, reported: Any = "", recomputed: Any = "", detail: str = "",
         option: str = "", dialogue_id: str = "", group_id: str = "all") -> dict[str, str]:
    assert status in STATUSES
    return {
        "dialogue_id": q.dialogue_id if q else dialogue_id,
        "group_id": q.group_id if q else group_id,
        "question_id": q.question_id if q else "",
        "option": option,
        "check": check,
        "status": status,
        "reported": "" if reported is None else str(reported),
        "recomputed": "" if recomputed is None else str(recomputed),
        "detail": detail,
    }


def _percent_vs_count(q: _Question, o: _Option, approx_tolerance: float, expected_rule: str) -> dict[str, str]:
    assert o.percent is not None and o.count is not None
    n, how = q.percent_denominator()
    reported = f"{_pct(o.percent)} ({o.count})"
    if n is None or n == 0:
        return _row(q, "percent_vs_count", "not_checkable", reported, "", "no denominator printed or countable", o.option)
    if o.count > n:
        return _row(q, "percent_vs_count", "inconsistent", reported, f"{o.count}/{n}",
                    f"count exceeds the denominator ({how})", o.option)
    recomputed = _share(o.count, n)
    if o.approx:
        ok = consistent_rules(o.percent, o.count, n, tolerance=approx_tolerance)
        status = "ok" if ok else "inconsistent"
        return _row(q, "percent_vs_count", status, reported, recomputed,
                    f"printed as approximate; checked within ±{approx_tolerance:g} percentage points "
                    f"of the rounded share; denominator = {how}", o.option)
    rules = consistent_rules(o.percent, o.count, n)
    if expected_rule in rules:
        return _row(q, "percent_vs_count", "ok", reported, recomputed,
                    f"denominator = {how}; reproduced under {', '.join(rules)}", o.option)
    detail = f"denominator = {how}; "
    if rules:
        detail += f"reproduced only under {', '.join(rules)}, not under {expected_rule}"
    else:
        detail += "no rounding rule reproduces the printed percentage"
        for alt, alt_how in _alternative_denominators(q, n):
            alt_rules = consistent_rules(o.percent, o.count, alt) if o.count <= alt else ()
            if alt_rules:
                detail += f"; it matches {o.count}/{alt} = {100 * o.count / alt:.1f} % ({alt_how})"
    return _row(q, "percent_vs_count", "inconsistent", reported, recomputed, detail, o.option)


def _alternative_denominators(q: _Question, used: int) -> list[tuple[int, str]]:
    alts: list[tuple[int, str]] = []
    total = q.sum_counts
    if total is not None and total != used:
        alts.append((total, "the sum of the printed counts"))
        if q.nonresponse:
            alts.append((total + q.nonresponse, "the sum of the printed counts and non-response"))
    if q.n_reported is not None and q.n_reported != used:
        alts.append((q.n_reported, "the printed n"))
    if q.n_reported is not None and q.nonresponse and q.n_reported + q.nonresponse != used:
        alts.append((q.n_reported + q.nonresponse, "the printed n and non-response"))
    return alts


def _percent_vs_n(q: _Question, o: _Option, approx_tolerance: float) -> dict[str, str] | None:
    assert o.percent is not None
    n, how = q.percent_denominator()
    if n is None or n == 0:
        return None  # covered by denominator_feasible
    tol = approx_tolerance if o.approx else 0.0
    by_rule = {r: feasible_counts(o.percent, n, r, tolerance=tol) for r in ROUNDING_RULES}
    counts = sorted({x for xs in by_rule.values() for x in xs})
    admitted = [r for r, xs in by_rule.items() if xs]
    note = f"; printed as approximate, checked within ±{tol:g} percentage points" if o.approx else ""
    if not counts:
        return _row(q, "percent_vs_n", "inconsistent", _pct(o.percent), "",
                    f"no whole count out of {n} ({how}) gives this percentage{note}", o.option)
    return _row(q, "percent_vs_n", "ok", _pct(o.percent), " or ".join(map(str, counts)),
                f"count(s) out of {n} ({how}) that give it, under {', '.join(admitted)}{note}", o.option)


def _options_sum_vs_n(q: _Question) -> dict[str, str] | None:
    if not q.exclusive or q.n_reported is None or not any(o.count is not None for o in q.parts):
        return None
    if not q.counts_complete:
        return _row(q, "options_sum_vs_n", "not_checkable", q.n_reported, "",
                    "some options are printed without a count")
    total = q.sum_counts
    assert total is not None
    nr = q.nonresponse or 0
    if total == q.n_reported:
        return _row(q, "options_sum_vs_n", "ok", q.n_reported, total, "printed counts add up to the printed n")
    if nr and total + nr == q.n_reported:
        return _row(q, "options_sum_vs_n", "ok", q.n_reported, total + nr,
                    f"printed counts plus {nr} printed non-response add up to the printed n")
    detail = f"printed counts add up to {total}, not to the printed n = {q.n_reported}" + (
        f" (non-response printed: {nr})" if nr else ""
    )
    if total + nr < q.n_reported and not _percents_cover_all(q):
        return _row(q, "options_sum_vs_n", "not_checkable", q.n_reported, total,
                    detail + "; the printed options need not be all the options")
    return _row(q, "options_sum_vs_n", "inconsistent", q.n_reported, total, detail)


def _percents_cover_all(q: _Question) -> bool:
    """Whether the printed percentages of the options add up to about 100 (all options printed)."""
    percents = [o.percent for o in q.parts]
    if not percents or any(p is None for p in percents):
        return False
    total = sum(Fraction(str(p)) for p in percents)
    return abs(total - 100) <= sum(_unit(p) for p in percents)  # type: ignore[arg-type]


def _options_sum_vs_attendance(q: _Question, ctx: _Context) -> dict[str, str] | None:
    answering, how = q.answering()
    if answering is None:
        return None
    if q.exclusive and q.counts_complete and q.nonresponse and q.n_reported is None:
        answering, how = answering + q.nonresponse, "sum of printed counts and non-response"
    bounds = ctx.bounds(q)
    if not bounds:
        return _row(q, "options_sum_vs_attendance", "not_checkable", answering, "",
                    "no number of members, respondents or attendees is printed")
    tightest, tightest_how = min(bounds)
    exceeded = [f"{b} {what}" for b, what in bounds if answering > b]
    if exceeded:
        return _row(q, "options_sum_vs_attendance", "inconsistent", answering, tightest,
                    f"{answering} answering ({how}) exceed " + "; ".join(exceeded))
    return _row(q, "options_sum_vs_attendance", "ok", answering, tightest,
                f"{answering} answering ({how}) ≤ {tightest} {tightest_how}")


def _combined_rows(q: _Question) -> list[dict[str, str]]:
    rows = []
    by_id = {o.option: o for o in q.options}
    for o in q.options:
        if not o.combines:
            continue
        missing = [c for c in o.combines if c not in by_id]
        if missing:
            rows.append(_row(q, "combined_row", "inconsistent", "", "",
                             f"combines unknown option(s) {', '.join(missing)}", o.option))
            continue
        parts = [by_id[c] for c in o.combines]
        label = " + ".join(o.combines)
        if o.count is not None and all(p.count is not None for p in parts):
            total = sum(p.count for p in parts)  # type: ignore[misc]
            status = "ok" if total == o.count else "inconsistent"
            rows.append(_row(q, "combined_row", status, o.count, total, f"count of {label}", o.option))
        elif o.percent is not None and all(p.percent is not None for p in parts):
            total_p = sum(Fraction(str(p.percent)) for p in parts)  # type: ignore[arg-type]
            reported = Fraction(str(o.percent))
            slack = sum(_unit(p.percent) for p in parts) / 2 + _unit(o.percent) / 2  # type: ignore[arg-type]
            if o.approx:
                slack += Fraction(str(APPROX_TOLERANCE_PP))
            diff = abs(total_p - reported)
            if diff == 0:
                status, detail = "ok", f"printed percentages of {label} add up exactly"
            elif diff <= slack:
                status, detail = "ok", (f"printed percentages of {label} differ by {float(diff):g} percentage points, "
                                        f"within the rounding of the parts (±{float(slack):g})")
            else:
                status, detail = "inconsistent", (f"printed percentages of {label} differ by {float(diff):g} "
                                                  f"percentage points, more than rounding allows (±{float(slack):g})")
            rows.append(_row(q, "combined_row", status, _pct(o.percent), _pct(float(total_p)), detail, o.option))
        else:
            rows.append(_row(q, "combined_row", "not_checkable", "", "",
                             f"{label}: neither all counts nor all percentages are printed", o.option))
    return rows


def _answers_total(q: _Question) -> dict[str, str] | None:
    if q.answers_total is None:
        return None
    if not q.counts_complete:
        return _row(q, "answers_total", "not_checkable", q.answers_total, "",
                    "counts of the options are not all printed")
    total = q.sum_counts
    assert total is not None
    detail = "sum of the printed answers (ticks) per option"
    if total == q.answers_total:
        return _row(q, "answers_total", "ok", q.answers_total, total, detail)
    if total < q.answers_total and not _percents_cover_all(q):
        return _row(q, "answers_total", "not_checkable", q.answers_total, total,
                    detail + "; the printed options need not be all the options")
    return _row(q, "answers_total", "inconsistent", q.answers_total, total, detail)


def _percent_sum(q: _Question) -> dict[str, str] | None:
    percents = [o.percent for o in q.parts if o.percent is not None]
    if not percents or not (q.exclusive or q.percent_base == "answers"):
        return None
    if len(percents) < len(q.parts):
        return _row(q, "percent_sum", "not_checkable", "", "", "some options are printed without a percentage")
    total = sum(Fraction(str(p)) for p in percents)
    units = [_unit(p) for p in percents]
    # Half-up or half-even parts each move by at most half a unit; truncated parts lose
    # less than a whole unit, so the sum may fall short of 100 by up to k units.
    low, high = 100 - sum(units), 100 + sum(units) / 2
    if any(o.approx for o in q.parts):
        low -= APPROX_TOLERANCE_PP * len(percents)
        high += APPROX_TOLERANCE_PP * len(percents)
    reported = f"{float(total):g} %"
    if total == 100:
        return _row(q, "percent_sum", "ok", reported, "100 %", "printed percentages add up to 100")
    if low <= total <= high:
        return _row(q, "percent_sum", "ok", reported, "100 %",
                    f"sum within the rounding of {len(percents)} printed percentages ({float(low):g} to {float(high):g})")
    if total > high:
        return _row(q, "percent_sum", "inconsistent", reported, "100 %",
                    f"options that exclude each other add up to more than rounding allows (at most {float(high):g})")
    return _row(q, "percent_sum", "ambiguous", reported, "100 %",
                f"sum below what rounding allows (at least {float(low):g}): an option or non-response may be unprinted")


def _parent_option_counts(parent: _Question, option: str) -> tuple[list[int], str] | None:
    o = next((x for x in parent.options if x.option == option), None)
    if o is None:
        return None
    if o.count is not None:
        return [o.count], f"{o.count} chose it"
    n, how = parent.percent_denominator()
    if o.percent is None or n is None or n == 0:
        return [], ""
    tol = APPROX_TOLERANCE_PP if o.approx else 0.0
    counts = sorted({x for r in ROUNDING_RULES for x in feasible_counts(o.percent, n, r, tolerance=tol)})
    return counts, f"{_pct(o.percent)} of {n} ({how}) is {' or '.join(map(str, counts)) or 'no whole count'}"


def _followup_vs_parent(q: _Question, by_id: dict[str, _Question]) -> dict[str, str] | None:
    if not q.asked_if:
        return None
    parent_id, _, option = q.asked_if.partition(":")
    parent = by_id.get(parent_id)
    answering, how = q.answering()
    if answering is not None and q.nonresponse and q.n_reported is None and q.exclusive and q.counts_complete:
        answering += q.nonresponse
    if parent is None:
        return _row(q, "followup_vs_parent", "not_checkable", answering, "", f"parent question {parent_id} not found")
    found = _parent_option_counts(parent, option)
    if found is None:
        return _row(q, "followup_vs_parent", "not_checkable", answering, "",
                    f"option {option} of {parent_id} not found")
    counts, parent_how = found
    if answering is None or not counts:
        return _row(q, "followup_vs_parent", "not_checkable", answering if answering is not None else "",
                    " or ".join(map(str, counts)), "the number answering or choosing is not printed")
    recomputed = " or ".join(map(str, counts))
    if answering in counts:
        return _row(q, "followup_vs_parent", "ok", answering, recomputed,
                    f"{answering} answered the follow-up ({how}); {parent_how}")
    if answering < min(counts):
        return _row(q, "followup_vs_parent", "ambiguous", answering, recomputed,
                    f"fewer answered the follow-up ({answering}, {how}) than chose {option} in {parent_id} "
                    f"({parent_how}); non-response to the follow-up is not printed")
    return _row(q, "followup_vs_parent", "inconsistent", answering, recomputed,
                f"more answered the follow-up ({answering}, {how}) than chose {option} in {parent_id} ({parent_how})")


def _share_of_answers(q: _Question, ctx: _Context) -> dict[str, str] | None:
    if q.percent_base != "answers" or not any(o.percent is not None for o in q.options):
        return None
    total = q.answers_total if q.answers_total is not None else q.sum_counts
    people = q.n_reported if q.n_reported is not None else ctx.respondents.get(q.dialogue_id)
    detail = "percentages are shares of the answers (ticks), not of the people who answered"
    if total is not None and people is not None:
        detail += f" ({total} answers from at most {people} people)"
    detail += "; a share of people who chose an option is at least as large as its share of answers"
    claims = ctx.claims_by_question.get(q.question_id, [])
    if claims:
        detail += f"; claims that rest on these figures: {', '.join(claims)}"
    return _row(q, "share_of_answers", "ambiguous", "percent of answers", "", detail)


# ---------------------------------------------------------------------------
# Denominators


@dataclass
class _Reconstruction:
    percents: list[float]
    require_sum: bool
    by_rule: dict[str, list[int]]

    @property
    def feasible(self) -> list[int]:
        return sorted({n for ns in self.by_rule.values() for n in ns})

    @property
    def rules(self) -> list[str]:
        return [r for r, ns in self.by_rule.items() if ns]


def _reconstruct(q: _Question, approx_tolerance: float) -> _Reconstruction | None:
    parts = [o for o in q.parts if o.percent is not None]
    if not parts:
        return None
    percents = [o.percent for o in parts]
    tolerances = [approx_tolerance if o.approx else 0.0 for o in parts]
    sums_to_all = (q.exclusive or q.percent_base == "answers") and len(parts) == len(q.parts)
    require_sum = False
    if sums_to_all:
        total = sum(Fraction(str(p)) for p in percents)  # type: ignore[arg-type]
        slack = sum(_unit(p) for p in percents) + sum(Fraction(str(t)) for t in tolerances)  # type: ignore[arg-type]
        require_sum = abs(total - 100) <= slack
    by_rule = feasible_denominators_by_rule(
        percents, ROUNDING_RULES, None, MAX_DENOMINATOR, 1, require_sum, tolerances  # type: ignore[arg-type]
    )
    return _Reconstruction(percents, require_sum, by_rule)  # type: ignore[arg-type]


def _stated_denominator(q: _Question) -> tuple[int | None, str]:
    if q.percent_base == "answers":
        if q.answers_total is not None:
            return q.answers_total, "printed total of answers"
        return None, ""
    if q.n_reported is not None:
        return q.n_reported, "printed n"
    return None, ""


def _denominator_feasible(
    q: _Question, rec: _Reconstruction, ctx: _Context, approx_tolerance: float
) -> dict[str, str]:
    feasible = rec.feasible
    stated, how = _stated_denominator(q)
    counted, counted_how = q.percent_denominator()
    basis = "counts must add up to n" if rec.require_sum else "counts need not add up to n"
    rules = f"rules admitting some n: {', '.join(rec.rules) or 'none'}"
    if not feasible:
        return _row(q, "denominator_feasible", "inconsistent", stated, "",
                    f"no n ≤ {MAX_DENOMINATOR} reproduces all {len(rec.percents)} printed percentages at once ({basis})")
    listed = f"feasible n: {_list_ns(feasible)} ({basis}; {rules})"
    reference, ref_how = (stated, how) if stated is not None else (counted, counted_how)
    if reference is not None:
        if reference in feasible:
            ref_rules = [r for r, ns in rec.by_rule.items() if reference in ns]
            return _row(q, "denominator_feasible", "ok", reference, feasible[0],
                        f"{ref_how} {reference} reproduces all percentages under {', '.join(ref_rules)}; {listed}")
        if reference > MAX_DENOMINATOR:
            tolerances = [approx_tolerance if o.approx else 0.0 for o in q.parts if o.percent is not None]
            ref_rules = [r for r in ROUNDING_RULES
                         if denominator_admits(rec.percents, reference, r, None, rec.require_sum, tolerances)]
            status = "ok" if ref_rules else "inconsistent"
            verdict = (f"reproduces all percentages under {', '.join(ref_rules)}" if ref_rules
                       else "does NOT reproduce all printed percentages")
            return _row(q, "denominator_feasible", status, reference, feasible[0],
                        f"{ref_how} {reference} (above {MAX_DENOMINATOR}, checked directly) {verdict}; {listed}")
        return _row(q, "denominator_feasible", "inconsistent", reference, feasible[0],
                    f"{ref_how} {reference} does NOT reproduce all printed percentages; {listed}")
    bounds = ctx.bounds(q)
    within = [n for n in feasible if not bounds or n <= min(bounds)[0]]
    bound_note = f"; {len(within)} of them ≤ {min(bounds)[0]} {min(bounds)[1]}" if bounds else ""
    if not within:
        return _row(q, "denominator_feasible", "inconsistent", "", feasible[0],
                    f"no n printed; no feasible n is possible given the printed number of people; {listed}{bound_note}")
    status = "ok" if len(within) == 1 else "ambiguous"
    return _row(q, "denominator_feasible", status, "", within[0],
                f"no n printed; {'unique' if len(within) == 1 else 'smallest'} possible n = {within[0]}; "
                f"{listed}{bound_note}")


def _joint_families(questions: Iterable[_Question]) -> list[list[_Question]]:
    """Questions put to the same people with percentages only (same dialogue, group and form).

    A family is formed by the questions of one dialogue and group that are printed
    with percentages but without any count or ``n``, are single-choice of the same
    response type and are not follow-ups: such questions (e.g. a series of yes/no
    questions on one form) were answered by the same respondents.
    """
    families: dict[tuple[str, str, str], list[_Question]] = {}
    for q in questions:
        percent_only = any(o.percent is not None for o in q.parts) and all(o.count is None for o in q.options)
        if (percent_only and q.exclusive and q.n_reported is None and not q.asked_if
                and q.percent_base != "answers"):
            families.setdefault((q.dialogue_id, q.group_id, q.response_type), []).append(q)
    return [f for f in families.values() if len(f) >= 2]


def _denominator_joint(family: list[_Question], recs: dict[str, _Reconstruction], ctx: _Context) -> list[dict[str, str]]:
    ids = [q.question_id for q in family]
    sets = [set(recs[q.question_id].feasible) for q in family if q.question_id in recs]
    joint = sorted(set.intersection(*sets)) if sets else []
    bounds = ctx.bounds(family[0])
    bound_note = ""
    if bounds:
        bound, what = min(bounds)
        joint = [n for n in joint if n <= bound]
        bound_note = f", bounded by {bound} {what}"
    detail = f"joint reconstruction of {len(ids)} questions answered by the same people ({', '.join(ids)}){bound_note}"
    if not joint:
        status, recomputed, detail = "inconsistent", "", detail + "; no common n reproduces all their percentages"
    else:
        status = "ok" if len(joint) == 1 else "ambiguous"
        recomputed = joint[0]
        detail += f"; common n: {_list_ns(joint)}"
    return [_row(q, "denominator_joint", status, "", recomputed, detail) for q in family]


# ---------------------------------------------------------------------------
# Dialogue-level checks


def _dialogue_rows(raw: Any, ctx: _Context) -> list[dict[str, str]]:
    rows = []
    for r in raw.dialogues.to_dict("records"):
        did = _text(r["dialogue_id"])
        rate = _float(r.get("response_rate_reported"))
        att, resp = _int(r.get("attendees")), _int(r.get("respondents"))
        if rate is not None:
            if att and resp is not None and resp <= att:
                rules = consistent_rules(rate, resp, att)
                status = "ok" if EXPECTED_RULE in rules else "inconsistent"
                detail = (f"respondents / attendees; reproduced under {', '.join(rules)}" if rules
                          else "no rounding rule reproduces the printed rate")
                rows.append(_row(None, "response_rate", status, _pct(rate), _share(resp, att), detail, dialogue_id=did))
            else:
                rows.append(_row(None, "response_rate", "not_checkable" if not (att and resp) else "inconsistent",
                                 _pct(rate), "", "respondents or attendees not printed" if not (att and resp)
                                 else "more respondents than attendees", dialogue_id=did))
        group_members = [m for (d, g), m in ctx.members.items() if d == did and g != "all" and m is not None]
        if att is not None and group_members:
            total = sum(group_members)
            status = "ok" if total <= att else "inconsistent"
            rows.append(_row(None, "group_members_vs_attendees", status, att, total,
                             f"members of the {len(group_members)} groups with a printed size, against the attendees",
                             dialogue_id=did))
    return rows


# ---------------------------------------------------------------------------
# Public API


def build_audit(
    raw: Any,
    approx_tolerance: float = APPROX_TOLERANCE_PP,
    expected_rule: str = EXPECTED_RULE,
) -> pd.DataFrame:
    """Check every printed figure against the figures printed beside it (one row per check).

    ``raw`` is a :class:`dialogstats.data.rawdata.RawData` (or any object with the same
    DataFrame attributes ``dialogues, groups, questions, responses`` and optionally
    ``claims``). Rows come in a fixed order: dialogue-level checks first (in the order
    of ``dialogues.csv``), then each question in the order of ``questions.csv`` with its
    checks in the order listed in the module docstring and options in the order of
    ``responses.csv``. All cells are strings (empty when not applicable).
    """
    from dialogstats.stats.rounding import check_rule

    check_rule(expected_rule)
    if approx_tolerance < 0 or not math.isfinite(approx_tolerance):
        from dialogstats.errors import ParameterError

        raise ParameterError(f"approx_tolerance must be a non-negative number (got {approx_tolerance})")
    ctx = _context(raw)
    questions = _questions(raw)
    by_id = {q.question_id: q for q in questions}
    recs = {q.question_id: rec for q in questions if (rec := _reconstruct(q, approx_tolerance)) is not None}
    joint_rows: dict[str, dict[str, str]] = {}
    for family in _joint_families(questions):
        for row in _denominator_joint(family, recs, ctx):
            joint_rows[row["question_id"]] = row

    rows = _dialogue_rows(raw, ctx)
    for q in questions:
        for o in q.options:
            if o.percent is not None and o.count is not None:
                rows.append(_percent_vs_count(q, o, approx_tolerance, expected_rule))
            elif o.percent is not None and not o.combines:
                row = _percent_vs_n(q, o, approx_tolerance)
                if row is not None:
                    rows.append(row)
        for maybe in (_options_sum_vs_n(q), _options_sum_vs_attendance(q, ctx)):
            if maybe is not None:
                rows.append(maybe)
        rows.extend(_combined_rows(q))
        for maybe in (_answers_total(q), _percent_sum(q), _followup_vs_parent(q, by_id), _share_of_answers(q, ctx)):
            if maybe is not None:
                rows.append(maybe)
        if q.question_id in recs:
            rows.append(_denominator_feasible(q, recs[q.question_id], ctx, approx_tolerance))
        if q.question_id in joint_rows:
            rows.append(joint_rows[q.question_id])
    return pd.DataFrame(rows, columns=list(AUDIT_COLUMNS)).astype(str)


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
    ``rounding`` lists the rules that admit at least one ``n``. Approximate
    percentages are matched within ``approx_tolerance`` percentage points.
    """
    rows = []
    for q in _questions(raw):
        rec = _reconstruct(q, approx_tolerance)
        if rec is None:
            continue
        stated, _ = _stated_denominator(q)
        feasible = rec.feasible
        rows.append(
            {
                "dialogue_id": q.dialogue_id,
                "group_id": q.group_id,
                "question_id": q.question_id,
                "n_stated": stated,
                "n_min": feasible[0] if feasible else None,
                "n_feasible": ";".join(map(str, feasible)),
                "rounding": ";".join(rec.rules),
            }
        )
    df = pd.DataFrame(rows, columns=list(DENOMINATOR_COLUMNS))
    for col in ("n_stated", "n_min"):
        df[col] = df[col].astype("Int64")
    return df
