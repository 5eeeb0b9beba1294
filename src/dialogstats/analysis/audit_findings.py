"""Rows of ``audit.csv``: statuses, the finding codes and what each row's numbers hold.

Every row that is not ``ok`` carries a *finding*: a short stable code naming what was
found (:data:`FINDINGS`). Each code has one status, a meaning, and a fixed content of
the row's ``reported`` and ``recomputed`` cells (numbers or short numeric text such as
``28 % (5)``, ``33.3 % (5/15)``, ``5 or 6``, ``13 + 3``, never an identifier), so that a
document can word a reader's sentence from the code and those two cells alone; the
``detail`` cell keeps the full explanation. :func:`audit_row` refuses a row whose status
and finding do not agree with the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dialogstats.analysis.audit_figures import AuditQuestion

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
    "finding",
)
STATUSES: tuple[str, ...] = ("ok", "inconsistent", "ambiguous", "not_checkable")

#: What ``reported`` and ``recomputed`` may hold: empty, ``15``, ``28 %``, ``33.3 % (5/15)``, ``20/15``,
#: ``5 or 6``, ``13 + 3``.
NUMERIC_CELL = re.compile(r"|\d+(\.\d+)? %( \(\d+(/\d+)?\))?|\d+(/\d+)?|\d+( or \d+)+|\d+ \+ \d+")


@dataclass(frozen=True)
class Finding:
    """What a finding code means, the status it gives, and what ``reported`` and ``recomputed`` hold."""

    status: str
    meaning: str
    reported: str
    recomputed: str


_PERCENT_AND_COUNT = "the printed percentage and count, `28 % (5)`"
_SHARE = "the count as a share of the denominator, `33.3 % (5/15)`"

FINDINGS: dict[str, Finding] = {
    # dialogue level
    "rate_not_reproduced": Finding(
        "inconsistent", "respondents / attendees, rounded by the expected rule (half up), is not the printed rate",
        "the printed rate, `53 %`", "respondents / attendees as a share, `52.9 % (36/68)`"),
    "rate_basis_not_printed": Finding(
        "not_checkable", "a response rate is printed without its respondents or attendees",
        "the printed rate", "empty"),
    "respondents_exceed_attendees": Finding(
        "inconsistent", "more respondents are printed than attendees",
        "the printed rate", "respondents / attendees as a share, above 100 %"),
    "members_exceed_attendees": Finding(
        "inconsistent", "the printed members of the groups add up to more than the dialogue's attendees",
        "the attendees", "the sum of the printed group members"),
    # a percentage against its count or denominator
    "no_denominator": Finding(
        "not_checkable", "a percentage and count are printed, but no denominator is printed or countable",
        _PERCENT_AND_COUNT, "empty"),
    "count_exceeds_denominator": Finding(
        "inconsistent", "the printed count is larger than the denominator of the percentage",
        _PERCENT_AND_COUNT, "count / denominator, `20/15`"),
    "percent_not_reproduced": Finding(
        "inconsistent", "no rounding rule gives the printed percentage from its count "
        "(an approximate one: not within the tolerance)",
        _PERCENT_AND_COUNT, _SHARE),
    "percent_truncated": Finding(
        "inconsistent", "the printed percentage is the share with its decimals cut off, not rounded",
        _PERCENT_AND_COUNT, _SHARE),
    "percent_other_rounding": Finding(
        "inconsistent", "the printed percentage follows a rounding rule other than the expected one "
        "(half up; e.g. 12.5 % printed as 12 %)",
        _PERCENT_AND_COUNT, _SHARE),
    "no_count_gives_percent": Finding(
        "inconsistent", "no whole count out of the denominator gives the printed percentage",
        "the printed percentage, `28 %`", "empty"),
    # sums of counts
    "counts_not_printed": Finding(
        "not_checkable", "some options are printed without a count, so their sum cannot be checked",
        "the printed n, or the printed total of answers", "empty"),
    "counts_exceed_n": Finding(
        "inconsistent", "the printed counts of options that exclude each other add up to more than the printed n",
        "the printed n", "the sum of the printed counts"),
    "counts_do_not_add_up": Finding(
        "inconsistent", "the printed counts fall short of the printed n, and with the printed non-response exceed it",
        "the printed n", "counts + non-response, `9 + 2`"),
    "counts_short_of_n": Finding(
        "ambiguous", "the options cover every answer but their counts fall short of the printed n: "
        "the rest did not answer or chose an option that is not printed",
        "the printed n", "the sum of the printed counts, with `+ k` for k printed non-responses, `13` or `9 + 2`"),
    "options_possibly_unprinted": Finding(
        "not_checkable", "the printed counts fall short of the printed n or total, and the report "
        "need not print every option",
        "the printed n, or the printed total of answers", "the sum of the printed counts"),
    "ticks_exceed_total": Finding(
        "inconsistent", "the ticks of a multi-select question add up to more than its printed total of answers",
        "the printed total of answers", "the sum of the printed ticks"),
    "ticks_short_of_total": Finding(
        "inconsistent", "all options are printed, but their ticks add up to less than the printed total of answers",
        "the printed total of answers", "the sum of the printed ticks"),
    "codes_overlap": Finding(
        "ambiguous", "coded free-text categories add up to more than the answers: the codes overlap "
        "(the reading the shares use: each code's share is out of the answers, no simultaneous intervals) "
        "or a count is wrong",
        "the printed number of answers", "the sum of the codes' counts"),
    # answers against the people present
    "no_group_size": Finding(
        "not_checkable", "no number of members, respondents or attendees is printed to bound the answers",
        "the number answering", "empty"),
    "answers_exceed_members": Finding(
        "inconsistent", "more answered than the group (or dialogue) has printed members",
        "the number answering, with `+ k` for k printed non-responses", "the printed members"),
    "answers_exceed_respondents": Finding(
        "inconsistent", "more answered than the dialogue has printed respondents",
        "the number answering, with `+ k` for k printed non-responses", "the printed respondents"),
    "answers_exceed_attendees": Finding(
        "inconsistent", "more answered than the dialogue has printed attendees",
        "the number answering, with `+ k` for k printed non-responses", "the printed attendees"),
    "members_unaccounted": Finding(
        "ambiguous", "answers and printed non-response fall short of the group's printed members",
        "answers + non-response, `13 + 3`", "the printed members"),
    "respondents_unaccounted": Finding(
        "ambiguous", "answers and printed non-response fall short of the dialogue's printed respondents",
        "answers + non-response, `13 + 3`", "the printed respondents"),
    "attendees_unaccounted": Finding(
        "ambiguous", "answers and printed non-response fall short of the dialogue's printed attendees",
        "answers + non-response, `13 + 3`", "the printed attendees"),
    # printed totals and sums of percentages
    "combined_option_unknown": Finding(
        "inconsistent", "a printed total names an option the question does not have", "empty", "empty"),
    "total_not_sum_of_parts": Finding(
        "inconsistent", "a printed total differs from the sum of its parts by more than rounding allows",
        "the printed total, a count or `58 %`", "the sum of its parts, a count or `55 %`"),
    "total_parts_not_printed": Finding(
        "not_checkable", "a printed total whose parts lack counts or percentages", "empty", "empty"),
    "percents_not_printed": Finding(
        "not_checkable", "some options are printed without a percentage, so the sum cannot be checked",
        "empty", "empty"),
    "percents_exceed_100": Finding(
        "inconsistent", "percentages of options that exclude each other add up to more than rounding allows",
        "the sum of the printed percentages, `105 %`", "`100 %`"),
    "percents_short_of_100": Finding(
        "ambiguous", "percentages add up to less than rounding allows: an option or non-response is not printed",
        "the sum of the printed percentages, `43 %`", "`100 %`"),
    # follow-up questions
    "parent_not_found": Finding(
        "not_checkable", "the question or option a follow-up follows is not in the data",
        "the number answering the follow-up, or empty", "empty"),
    "followup_not_printed": Finding(
        "not_checkable", "the number answering the follow-up, or choosing the option it follows, is not printed",
        "the number answering the follow-up, or empty", "the number(s) who chose the option, or empty"),
    "followup_exceeds_parent": Finding(
        "inconsistent", "more answered the follow-up than chose the option it follows",
        "the number answering the follow-up", "the number(s) who chose the option, `5 or 6`"),
    "followup_short_of_parent": Finding(
        "ambiguous", "fewer answered the follow-up than chose the option it follows; its non-response is not printed",
        "the number answering the follow-up", "the number(s) who chose the option, `5 or 6`"),
    # shares of answers and denominators
    "shares_of_answers": Finding(
        "ambiguous", "the percentages are shares of the answers (ticks), not of the people who answered",
        "the total of answers, or empty when not known", "the most people who can have given them, or empty"),
    "no_feasible_denominator": Finding(
        "inconsistent", "no denominator up to 100 gives all of the question's percentages at once",
        "the printed n, or empty", "empty"),
    "printed_n_not_feasible": Finding(
        "inconsistent", "the printed n (or the sum of the printed counts) does not give all the percentages at once",
        "the printed n (or the sum of the counts)", "the smallest denominator that does"),
    "feasible_n_exceed_group": Finding(
        "inconsistent", "every denominator that gives the percentages is larger than the printed number of people",
        "the printed number of people (members, respondents or attendees)", "the smallest denominator that gives them"),
    "several_feasible_denominators": Finding(
        "ambiguous", "no n is printed and several denominators give all the percentages",
        "empty", "the smallest of them"),
    "no_common_denominator": Finding(
        "inconsistent", "questions put to the same people have no denominator in common that gives all their "
        "percentages", "empty", "empty"),
    "several_common_denominators": Finding(
        "ambiguous", "questions put to the same people have several denominators in common",
        "empty", "the smallest of them"),
}


def audit_row(q: AuditQuestion | None, check: str, status: str, reported: Any = "", recomputed: Any = "",
              detail: str = "", option: str = "", dialogue_id: str = "", group_id: str = "all",
              finding: str = "") -> dict[str, str]:
    """One row of ``audit.csv``; ``finding`` is empty exactly when ``status`` is ``ok``, and
    ``reported`` and ``recomputed`` are numeric text (:data:`NUMERIC_CELL`)."""
    cells = ["" if v is None else str(v) for v in (reported, recomputed)]
    for cell in cells:
        if not NUMERIC_CELL.fullmatch(cell):
            raise ValueError(f"audit cell {cell!r} is not a number or short numeric text (e.g. '28 % (5)', '5 or 6')")
    if status not in STATUSES:
        raise ValueError(f"unknown audit status {status!r}; valid: {', '.join(STATUSES)}")
    if status == "ok":
        if finding:
            raise ValueError(f"an ok row has no finding (got {finding!r})")
    elif finding not in FINDINGS or FINDINGS[finding].status != status:
        raise ValueError(f"finding {finding!r} is not a documented finding with status {status!r}")
    return {
        "dialogue_id": q.dialogue_id if q else dialogue_id,
        "group_id": q.group_id if q else group_id,
        "question_id": q.question_id if q else "",
        "option": option,
        "check": check,
        "status": status,
        "reported": cells[0],
        "recomputed": cells[1],
        "detail": detail,
        "finding": finding,
    }


def findings_text() -> str:
    """The finding codes as a reStructuredText list (for the audit module's docstring)."""
    lines = []
    for code, f in FINDINGS.items():
        lines.append(f"* ``{code}`` ({f.status}) — {f.meaning}.")
        lines.append(f"  reported: {f.reported.replace('`', '``')}; recomputed: {f.recomputed.replace('`', '``')}.")
    return "\n".join(lines)


def findings_markdown() -> str:
    """The finding codes as a Markdown table (as ``docs/codebook.md`` prints it)."""
    lines = ["| finding | status | meaning | `reported` | `recomputed` |", "|---|---|---|---|---|"]
    for code, f in FINDINGS.items():
        lines.append(f"| `{code}` | {f.status} | {f.meaning} | {f.reported} | {f.recomputed} |")
    return "\n".join(lines)
