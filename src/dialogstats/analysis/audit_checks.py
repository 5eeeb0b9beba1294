"""Audit checks on percentages: each printed percentage, printed totals, sums, follow-ups, shares of answers.

Each check takes one :class:`~dialogstats.analysis.audit_figures.AuditQuestion` and returns
rows of ``audit.csv`` (or ``None`` when it does not apply); the rules are listed in
:mod:`dialogstats.analysis.audit`. Rounding follows :mod:`dialogstats.stats.rounding`.
"""

from __future__ import annotations

from fractions import Fraction

from dialogstats.analysis.audit_figures import AuditContext, AuditOption, AuditQuestion, pct, share, unit
from dialogstats.analysis.audit_findings import audit_row
from dialogstats.stats.rounding import ROUNDING_RULES, consistent_rules, feasible_counts


def percent_vs_count(q: AuditQuestion, o: AuditOption, approx_tolerance: float, expected_rule: str) -> dict[str, str]:
    """A printed percentage against its printed count and the question's denominator."""
    assert o.percent is not None and o.count is not None
    n, how = q.percent_denominator()
    reported = f"{pct(o.percent)} ({o.count})"
    if n is None or n == 0:
        return audit_row(q, "percent_vs_count", "not_checkable", reported, "", "no denominator printed or countable",
                         o.option, finding="no_denominator")
    if o.count > n:
        return audit_row(q, "percent_vs_count", "inconsistent", reported, f"{o.count}/{n}",
                         f"count exceeds the denominator ({how})", o.option, finding="count_exceeds_denominator")
    recomputed = share(o.count, n)
    if o.approx:
        ok = consistent_rules(o.percent, o.count, n, tolerance=approx_tolerance)
        return audit_row(q, "percent_vs_count", "ok" if ok else "inconsistent", reported, recomputed,
                         f"printed as approximate; checked within ±{approx_tolerance:g} percentage points "
                         f"of the rounded share; denominator = {how}", o.option,
                         finding="" if ok else "percent_not_reproduced")
    rules = consistent_rules(o.percent, o.count, n)
    if expected_rule in rules:
        return audit_row(q, "percent_vs_count", "ok", reported, recomputed,
                         f"denominator = {how}; reproduced under {', '.join(rules)}", o.option)
    detail = f"denominator = {how}; "
    if rules:
        detail += f"reproduced only under {', '.join(rules)}, not under {expected_rule}"
        finding = "percent_truncated" if tuple(rules) == ("truncate",) else "percent_other_rounding"
    else:
        detail += "no rounding rule reproduces the printed percentage"
        finding = "percent_not_reproduced"
        for alt, alt_how in _alternative_denominators(q, n):
            alt_rules = consistent_rules(o.percent, o.count, alt) if o.count <= alt else ()
            if alt_rules:
                detail += f"; it matches {o.count}/{alt} = {100 * o.count / alt:.1f} % ({alt_how})"
    return audit_row(q, "percent_vs_count", "inconsistent", reported, recomputed, detail, o.option, finding=finding)


def _alternative_denominators(q: AuditQuestion, used: int) -> list[tuple[int, str]]:
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


def percent_vs_n(q: AuditQuestion, o: AuditOption, approx_tolerance: float) -> dict[str, str] | None:
    """A percentage printed without a count: whether a whole count out of the denominator gives it."""
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
        return audit_row(q, "percent_vs_n", "inconsistent", pct(o.percent), "",
                         f"no whole count out of {n} ({how}) gives this percentage{note}", o.option,
                         finding="no_count_gives_percent")
    return audit_row(q, "percent_vs_n", "ok", pct(o.percent), " or ".join(map(str, counts)),
                     f"count(s) out of {n} ({how}) that give it, under {', '.join(admitted)}{note}", o.option)


def combined_rows(q: AuditQuestion, approx_tolerance: float) -> list[dict[str, str]]:
    """Each printed total (``combines``) against the sum of its parts: exact for counts, within rounding for percentages."""
    rows = []
    by_id = {o.option: o for o in q.options}
    for o in q.options:
        if not o.combines:
            continue
        missing = [c for c in o.combines if c not in by_id]
        if missing:
            rows.append(audit_row(q, "combined_row", "inconsistent", "", "",
                                  f"combines unknown option(s) {', '.join(missing)}", o.option,
                                  finding="combined_option_unknown"))
            continue
        parts = [by_id[c] for c in o.combines]
        label = " + ".join(o.combines)
        if o.count is not None and all(p.count is not None for p in parts):
            total = sum(p.count for p in parts)  # type: ignore[misc]
            ok = total == o.count
            rows.append(audit_row(q, "combined_row", "ok" if ok else "inconsistent", o.count, total,
                                  f"count of {label}", o.option, finding="" if ok else "total_not_sum_of_parts"))
        elif o.percent is not None and all(p.percent is not None for p in parts):
            total_p = sum(Fraction(str(p.percent)) for p in parts)
            reported = Fraction(str(o.percent))
            slack = sum(unit(p.percent) for p in parts) / 2 + unit(o.percent) / 2  # type: ignore[arg-type]
            if o.approx:
                slack += Fraction(str(approx_tolerance))
            diff = abs(total_p - reported)
            status, finding = "ok", ""
            if diff == 0:
                detail = f"printed percentages of {label} add up exactly"
            elif diff <= slack:
                detail = (f"printed percentages of {label} differ by {float(diff):g} percentage points, "
                          f"within the rounding of the parts (±{float(slack):g})")
            else:
                status, finding = "inconsistent", "total_not_sum_of_parts"
                detail = (f"printed percentages of {label} differ by {float(diff):g} "
                          f"percentage points, more than rounding allows (±{float(slack):g})")
            rows.append(audit_row(q, "combined_row", status, pct(o.percent), pct(float(total_p)), detail, o.option,
                                  finding=finding))
        else:
            rows.append(audit_row(q, "combined_row", "not_checkable", "", "",
                                  f"{label}: neither all counts nor all percentages are printed", o.option,
                                  finding="total_parts_not_printed"))
    return rows


def percent_sum(q: AuditQuestion, approx_tolerance: float) -> dict[str, str] | None:
    """Percentages of options that exclude each other (or of shares of answers) add up to 100 within rounding."""
    percents = [o.percent for o in q.parts if o.percent is not None]
    if not percents or not (q.exclusive or q.percent_base == "answers"):
        return None
    if len(percents) < len(q.parts):
        return audit_row(q, "percent_sum", "not_checkable", "", "", "some options are printed without a percentage",
                         finding="percents_not_printed")
    total = sum(Fraction(str(p)) for p in percents)
    units = [unit(p) for p in percents]
    # Half-up or half-even parts each move by at most half a unit; truncated parts lose
    # less than a whole unit, so the sum may fall short of 100 by up to k units.
    low, high = 100 - sum(units), 100 + sum(units) / 2
    if any(o.approx for o in q.parts):
        low -= approx_tolerance * len(percents)
        high += approx_tolerance * len(percents)
    reported = f"{float(total):g} %"
    if total == 100:
        return audit_row(q, "percent_sum", "ok", reported, "100 %", "printed percentages add up to 100")
    if low <= total <= high:
        return audit_row(q, "percent_sum", "ok", reported, "100 %",
                         f"sum within the rounding of {len(percents)} printed percentages ({float(low):g} to {float(high):g})")
    if total > high:
        return audit_row(q, "percent_sum", "inconsistent", reported, "100 %",
                         f"options that exclude each other add up to more than rounding allows (at most {float(high):g})",
                         finding="percents_exceed_100")
    return audit_row(q, "percent_sum", "ambiguous", reported, "100 %",
                     f"sum below what rounding allows (at least {float(low):g}): an option or non-response may be unprinted",
                     finding="percents_short_of_100")


def _parent_option_counts(parent: AuditQuestion, option: str, approx_tolerance: float) -> tuple[list[int], str] | None:
    o = next((x for x in parent.options if x.option == option), None)
    if o is None:
        return None
    if o.count is not None:
        return [o.count], f"{o.count} chose it"
    n, how = parent.percent_denominator()
    if o.percent is None or n is None or n == 0:
        return [], ""
    tol = approx_tolerance if o.approx else 0.0
    counts = sorted({x for r in ROUNDING_RULES for x in feasible_counts(o.percent, n, r, tolerance=tol)})
    return counts, f"{pct(o.percent)} of {n} ({how}) is {' or '.join(map(str, counts)) or 'no whole count'}"


def followup_vs_parent(q: AuditQuestion, by_id: dict[str, AuditQuestion], approx_tolerance: float) -> dict[str, str] | None:
    """The number answering a follow-up (``asked_if``) against the number who chose the option it follows."""
    if not q.asked_if:
        return None
    parent_id, _, option = q.asked_if.partition(":")
    parent = by_id.get(parent_id)
    answering, how = q.answering()
    if answering is not None and q.nonresponse and q.n_reported is None and q.exclusive and q.counts_complete:
        answering += q.nonresponse
    if parent is None:
        return audit_row(q, "followup_vs_parent", "not_checkable", answering, "", f"parent question {parent_id} not found",
                         finding="parent_not_found")
    found = _parent_option_counts(parent, option, approx_tolerance)
    if found is None:
        return audit_row(q, "followup_vs_parent", "not_checkable", answering, "",
                         f"option {option} of {parent_id} not found", finding="parent_not_found")
    counts, parent_how = found
    recomputed = " or ".join(map(str, counts))
    if answering is None or not counts:
        return audit_row(q, "followup_vs_parent", "not_checkable", answering if answering is not None else "",
                         recomputed, "the number answering or choosing is not printed", finding="followup_not_printed")
    if answering in counts:
        return audit_row(q, "followup_vs_parent", "ok", answering, recomputed,
                         f"{answering} answered the follow-up ({how}); {parent_how}")
    if answering < min(counts):
        return audit_row(q, "followup_vs_parent", "ambiguous", answering, recomputed,
                         f"fewer answered the follow-up ({answering}, {how}) than chose {option} in {parent_id} "
                         f"({parent_how}); non-response to the follow-up is not printed",
                         finding="followup_short_of_parent")
    return audit_row(q, "followup_vs_parent", "inconsistent", answering, recomputed,
                     f"more answered the follow-up ({answering}, {how}) than chose {option} in {parent_id} ({parent_how})",
                     finding="followup_exceeds_parent")


def share_of_answers(q: AuditQuestion, ctx: AuditContext) -> dict[str, str] | None:
    """Percentages that are shares of ticks, not of people; the detail names the claims that rest on them."""
    if q.percent_base != "answers" or not any(o.percent is not None for o in q.options):
        return None
    total = q.answers_total if q.answers_total is not None else q.sum_counts
    persons = q.n_reported if q.n_reported is not None else ctx.respondents.get(q.dialogue_id)
    detail = "percentages are shares of the answers (ticks), not of the people who answered"
    if total is not None and persons is not None:
        detail += f" ({total} answers from at most {persons} people)"
    detail += "; a share of people who chose an option is at least as large as its share of answers"
    claims = ctx.claims_by_question.get(q.question_id, [])
    if claims:
        detail += f"; claims that rest on these figures: {', '.join(claims)}"
    return audit_row(q, "share_of_answers", "ambiguous", total, persons, detail, finding="shares_of_answers")
