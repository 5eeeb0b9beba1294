"""Audit checks on counts: do a question's printed counts add up, and fit the people present?

Each check takes one :class:`~dialogstats.analysis.audit_figures.AuditQuestion` and returns
one row of ``audit.csv`` (or ``None`` when it does not apply); the rules are listed in
:mod:`dialogstats.analysis.audit`.
"""

from __future__ import annotations

from dialogstats.analysis.audit_figures import AuditContext, AuditQuestion, counted, people
from dialogstats.analysis.audit_findings import audit_row

_NOUNS = {"members": "member", "respondents": "respondent", "attendees": "attendee"}


def options_sum_vs_n(q: AuditQuestion) -> dict[str, str] | None:
    """Counts of options that exclude each other against the printed ``n`` (with or without non-response).

    A shortfall is ``ambiguous`` when every option is known to be printed (the question is
    yes/no, yes/no/other or Likert, or its percentages add up to 100): the rest did not
    answer or chose an unprinted option. Otherwise an option may be unprinted and the sum
    is ``not_checkable``.
    """
    if not q.exclusive or q.n_reported is None or not any(o.count is not None for o in q.parts):
        return None
    n = q.n_reported
    if not q.counts_complete:
        return audit_row(q, "options_sum_vs_n", "not_checkable", n, "", "some options are printed without a count",
                         finding="counts_not_printed")
    total = q.sum_counts
    assert total is not None
    nr = q.nonresponse or 0
    if total == n:
        return audit_row(q, "options_sum_vs_n", "ok", n, total, "printed counts add up to the printed n")
    if nr and total + nr == n:
        return audit_row(q, "options_sum_vs_n", "ok", n, total + nr,
                         f"printed counts plus {nr} printed non-response add up to the printed n")
    detail = f"printed counts add up to {total}, not to the printed n = {n}" + (
        f" (non-response printed: {nr})" if nr else ""
    )
    if total > n:
        return audit_row(q, "options_sum_vs_n", "inconsistent", n, total, detail, finding="counts_exceed_n")
    if total + nr > n:
        return audit_row(q, "options_sum_vs_n", "inconsistent", n, f"{total} + {nr}",
                         detail + "; with the non-response they exceed it", finding="counts_do_not_add_up")
    if q.exhaustive or q.percents_cover_all:
        gap = n - total - nr
        why = "the options cover every answer" if q.exhaustive else "the printed percentages cover every option"
        found = counted(total, "answer") + (f" and {counted(nr, 'non-response')}" if nr else "")
        return audit_row(q, "options_sum_vs_n", "ambiguous", n, f"{total} + {nr}" if nr else total,
                         f"{people(gap, 'respondent')} unaccounted for: {found} of a printed n of {n} ({why}); "
                         "they did not answer or chose an option the report does not print",
                         finding="counts_short_of_n")
    return audit_row(q, "options_sum_vs_n", "not_checkable", n, total,
                     detail + "; the printed options need not be all the options", finding="options_possibly_unprinted")


def options_sum_vs_attendance(q: AuditQuestion, ctx: AuditContext) -> dict[str, str] | None:
    """The number who answered is at most the group's members, the dialogue's respondents and attendees."""
    answering, how = q.answering()
    if answering is None:
        return None
    if q.exclusive and q.counts_complete and q.nonresponse and q.n_reported is None:
        answering, how = answering + q.nonresponse, "sum of printed counts and non-response"
    bounds = ctx.bounds(q)
    if not bounds:
        return audit_row(q, "options_sum_vs_attendance", "not_checkable", answering, "",
                         "no number of members, respondents or attendees is printed", finding="no_group_size")
    tightest, tightest_how, kind = min(bounds)
    exceeded = [f"{b} {what}" for b, what, _ in bounds if answering > b]
    if exceeded:
        return audit_row(q, "options_sum_vs_attendance", "inconsistent", answering, tightest,
                         f"{answering} answering ({how}) exceed " + "; ".join(exceeded),
                         finding=f"answers_exceed_{kind}")
    return audit_row(q, "options_sum_vs_attendance", "ok", answering, tightest,
                     f"{answering} answering ({how}) ≤ {tightest} {tightest_how}")


def nonresponse_vs_group(q: AuditQuestion, ctx: AuditContext) -> dict[str, str] | None:
    """Answers plus printed non-response against the printed size of the group asked.

    Applies when the question prints its non-response and its group's size is printed
    (members of a group; for a whole dialogue its members, else respondents, else
    attendees). Answers are the sum of the counts of options that exclude each other,
    else the printed ``n``. Equal is ``ok``; fewer is ``ambiguous`` (people unaccounted
    for); more is ``inconsistent``.
    """
    if q.nonresponse is None:
        return None
    size = ctx.group_size(q)
    answers = q.sum_counts if q.exclusive and q.counts_complete else q.n_reported
    if size is None or answers is None:
        return None
    group, kind = size
    nr = q.nonresponse
    accounted = answers + nr
    found = f"{counted(answers, 'answer')} and {counted(nr, 'non-response')}"
    of_group = f"a group of {group}" if kind == "members" else f"{group} dialogue {kind}"
    reported = f"{answers} + {nr}"
    if accounted == group:
        return audit_row(q, "nonresponse_vs_group", "ok", reported, group, f"{found} from {of_group}")
    if accounted < group:
        return audit_row(q, "nonresponse_vs_group", "ambiguous", reported, group,
                         f"{people(group - accounted, _NOUNS[kind])} unaccounted for: {found} from {of_group}",
                         finding=f"{kind}_unaccounted")
    return audit_row(q, "nonresponse_vs_group", "inconsistent", reported, group,
                     f"{found} are more than {of_group}", finding=f"answers_exceed_{kind}")


def answers_total(q: AuditQuestion) -> dict[str, str] | None:
    """The ticks of a multi-select question against its printed total of answers."""
    if q.answers_total is None:
        return None
    if not q.counts_complete:
        return audit_row(q, "answers_total", "not_checkable", q.answers_total, "",
                         "counts of the options are not all printed", finding="counts_not_printed")
    total = q.sum_counts
    assert total is not None
    detail = "sum of the printed answers (ticks) per option"
    if total == q.answers_total:
        return audit_row(q, "answers_total", "ok", q.answers_total, total, detail)
    if total > q.answers_total:
        return audit_row(q, "answers_total", "inconsistent", q.answers_total, total, detail,
                         finding="ticks_exceed_total")
    if not q.percents_cover_all:
        return audit_row(q, "answers_total", "not_checkable", q.answers_total, total,
                         detail + "; the printed options need not be all the options",
                         finding="options_possibly_unprinted")
    return audit_row(q, "answers_total", "inconsistent", q.answers_total, total, detail,
                     finding="ticks_short_of_total")


def codes_vs_answers(q: AuditQuestion) -> dict[str, str] | None:
    """Coded free-text categories against the printed number of answers.

    Codes may overlap (one answer can touch several themes), so each code's share is its
    count out of the printed number of answers, never out of the sum of the codes, and
    no simultaneous intervals are computed for such a question. Codes adding up to more
    than the answers are ``ambiguous`` (overlap, or a wrong count) and the row says which
    reading the shares use.
    """
    counts = [o.count for o in q.parts if o.count is not None]
    if q.response_type != "coded_free_text" or q.n_reported is None or not counts:
        return None
    n, total = q.n_reported, sum(counts)
    reading = (f"each code's share is its count out of the {n} printed answers, never out of the sum of the codes, "
               "and no simultaneous intervals are computed for this question")
    if total <= n:
        return audit_row(q, "codes_vs_answers", "ok", n, total,
                         f"the printed codes add up to {total} of {n} answers; {reading}")
    return audit_row(q, "codes_vs_answers", "ambiguous", n, total,
                     f"the printed codes add up to {total}, more than the {n} answers: the codes overlap "
                     f"(one answer can touch several themes) or a count is wrong; the shares read them as "
                     f"overlapping: {reading}", finding="codes_overlap")
