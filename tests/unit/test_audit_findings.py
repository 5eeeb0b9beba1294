"""Finding codes of the audit: every documented code is reached by a fixture, every non-ok row gets one,
and the reported / recomputed cells hold only numbers a document can word (never an id).

Each fixture is the smallest set of printed figures that gives its code (worked by hand: 1/8 = 12.5 %
printed as 12 % is half-even or truncation, not half-up).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from dialogstats.analysis.audit import AUDIT_COLUMNS, CHECKS, DENOMINATOR_COLUMNS, FINDINGS, STATUSES, build_audit
from dialogstats.analysis.audit_findings import audit_row, findings_markdown
from test_audit import option, question, raw_data

CODEBOOK = Path(__file__).resolve().parents[2] / "docs" / "codebook.md"

YES_NO = dict(response_type="yes_no")
MULTI = dict(response_type="multi_select", multi_select=True)


def yes_no(qid: str, yes, no, **kw) -> tuple[dict, list[dict]]:
    def opt(name, v):
        return option(qid, name, *(v if isinstance(v, tuple) else (v,)))
    return question(qid, **{**YES_NO, **kw}), [opt("yes", yes), opt("no", no)]


def single(q_and_opts: tuple[dict, list[dict]], **raw_kw) -> SimpleNamespace:
    q, opts = q_and_opts
    return raw_data([q], opts, **raw_kw)


def percents_only(qid: str, yes: float, no: float) -> tuple[dict, list[dict]]:
    return question(qid, **YES_NO), [option(qid, "yes", percent=yes), option(qid, "no", percent=no)]


def family(*members: tuple[dict, list[dict]], **raw_kw) -> SimpleNamespace:
    return raw_data([q for q, _ in members], [o for _, opts in members for o in opts], **raw_kw)


def followup(parent_counts: tuple[int, int], asked_if: str, n: int | None, options: list[dict]) -> SimpleNamespace:
    parent = [option("p", "yes", parent_counts[0]), option("p", "no", parent_counts[1])]
    return raw_data([question("p", **YES_NO, n=sum(parent_counts)),
                     question("f", response_type="single_choice", n=n, asked_if=asked_if)], parent + options)


CASES: dict[str, Callable[[], SimpleNamespace]] = {
    "rate_not_reproduced": lambda: single(yes_no("q", 1, 1, n=2), attendees=68, respondents=36, rate=50),
    "rate_basis_not_printed": lambda: single(yes_no("q", 1, 1, n=2), attendees=68, rate=53),
    "respondents_exceed_attendees": lambda: single(yes_no("q", 1, 1, n=2), attendees=30, respondents=36, rate=53),
    "members_exceed_attendees": lambda: single(yes_no("q", 1, 1, n=2), attendees=20, groups=[("g", 15), ("h", 10)]),
    "no_denominator": lambda: raw_data([question("q", **MULTI)], [option("q", "a", 3, 30)]),
    "count_exceeds_denominator": lambda: single(yes_no("q", (5, 50), (0, 0), n=4)),
    "percent_not_reproduced": lambda: single(yes_no("q", (5, 28), (10, 72), n=15)),
    "percent_truncated": lambda: single(yes_no("q", (8, 72), (3, 27), n=11)),
    "percent_other_rounding": lambda: single(yes_no("q", (1, 12), (7, 88), n=8)),
    "no_count_gives_percent": lambda: raw_data([question("q", **YES_NO, n=3)], [option("q", "yes", percent=50)]),
    "counts_not_printed": lambda: single(yes_no("q", (3, 30), (None, 70), n=10)),
    "counts_exceed_n": lambda: single(yes_no("q", 8, 9, n=15)),
    "counts_do_not_add_up": lambda: single(yes_no("q", 5, 4, n=10, nonresponse=2)),
    "counts_short_of_n": lambda: single(yes_no("q", 12, 1, n=14)),
    "options_possibly_unprinted": lambda: raw_data([question("q", response_type="single_choice", n=10)],
                                                   [option("q", "a", 3), option("q", "b", 4)]),
    "ticks_exceed_total": lambda: raw_data([question("q", **MULTI, percent_base="answers", answers_total=10)],
                                           [option("q", "a", 5), option("q", "b", 6)]),
    "ticks_short_of_total": lambda: raw_data([question("q", **MULTI, percent_base="answers", answers_total=20)],
                                             [option("q", "a", 5, 50), option("q", "b", 5, 50)]),
    "codes_overlap": lambda: raw_data([question("q", response_type="coded_free_text", n=3)],
                                      [option("q", "a", 2), option("q", "b", 2)]),
    "no_group_size": lambda: single(yes_no("q", 3, 7, n=10)),
    "answers_exceed_members": lambda: single(yes_no("q", 4, 5, group="g", n=9), groups=[("g", 8)]),
    "answers_exceed_respondents": lambda: single(yes_no("q", 16, 7), respondents=22),
    "answers_exceed_attendees": lambda: single(yes_no("q", 49, 30, n=79), attendees=76),
    "members_unaccounted": lambda: single(yes_no("q", 6, 7, group="g", nonresponse=3), groups=[("g", 17)]),
    "respondents_unaccounted": lambda: single(yes_no("q", 10, 8, nonresponse=2), respondents=22),
    "attendees_unaccounted": lambda: single(yes_no("q", 10, 8, nonresponse=2), attendees=30),
    "combined_option_unknown": lambda: raw_data([question("q", response_type="single_choice")],
                                                [option("q", "a", percent=40), option("q", "b", percent=60),
                                                 option("q", "ab", percent=100, combines="a;zz")]),
    "total_not_sum_of_parts": lambda: raw_data([question("q", response_type="single_choice")],
                                               [option("q", "a", percent=22), option("q", "b", percent=33),
                                                option("q", "ab", percent=58, combines="a;b"),
                                                option("q", "c", percent=45)]),
    "total_parts_not_printed": lambda: raw_data([question("q", response_type="single_choice")],
                                                [option("q", "a", percent=22), option("q", "b", 3),
                                                 option("q", "ab", percent=55, combines="a;b")]),
    "percents_not_printed": lambda: single(yes_no("q", (12, 86), 1, n=14)),
    "percents_exceed_100": lambda: single(percents_only("q", 60, 45)),
    "percents_short_of_100": lambda: raw_data([question("q", response_type="likert5")],
                                              [option("q", "4-5", percent=43)]),
    "parent_not_found": lambda: followup((6, 4), "zz:yes", 4, [option("f", "a", 4)]),
    "followup_not_printed": lambda: followup((6, 4), "p:no", None,
                                             [option("f", "a", percent=50), option("f", "b", percent=50)]),
    "followup_exceeds_parent": lambda: followup((6, 4), "p:no", 5, [option("f", "a", 5)]),
    "followup_short_of_parent": lambda: followup((6, 4), "p:no", 3, [option("f", "a", 3)]),
    "shares_of_answers": lambda: raw_data([question("q", **MULTI, percent_base="answers")],
                                          [option("q", "a", percent=49), option("q", "b", percent=51)]),
    # 0.5 % needs at least 167 people; no n up to 100 gives it
    "no_feasible_denominator": lambda: single(percents_only("q", 0.5, 99.5)),
    "printed_n_not_feasible": lambda: raw_data([question("q", n=15)],
                                               [option("q", "yes", 5, 28), option("q", "no", 3, 17),
                                                option("q", "other", 10, 56)]),
    # 37 % and 17 % need n >= 29; only 22 respondents are printed
    "feasible_n_exceed_group": lambda: raw_data([question("q", response_type="likert5")],
                                                [option("q", "4-5", percent=37), option("q", "1-2", percent=17)],
                                                respondents=22),
    "several_feasible_denominators": lambda: single(percents_only("q", 50, 50)),
    # 50/50 needs an even n, 33/67 a multiple of 3: none of 1..4 is both
    "no_common_denominator": lambda: family(percents_only("a", 50, 50), percents_only("b", 33, 67), respondents=4),
    "several_common_denominators": lambda: family(percents_only("a", 50, 50), percents_only("b", 50, 50),
                                                  respondents=10),
}


def test_every_documented_finding_has_a_fixture():
    assert set(CASES) == set(FINDINGS)


@pytest.mark.parametrize("code", list(CASES))
def test_each_finding_is_reached_by_its_fixture_with_its_documented_status(code):
    audit = build_audit(CASES[code]())
    found = audit[audit.finding == code]
    assert not found.empty, audit[["check", "status", "finding"]]
    assert set(found.status) == {FINDINGS[code].status}


@pytest.mark.parametrize("code", list(CASES))
def test_ok_rows_have_no_finding_and_other_rows_a_documented_one(code):
    audit = build_audit(CASES[code]())
    assert (audit.finding[audit.status == "ok"] == "").all()
    for status, finding in zip(audit.status, audit.finding):
        if status != "ok":
            assert FINDINGS[finding].status == status


def test_finding_is_the_last_column():
    assert AUDIT_COLUMNS[-1] == "finding"
    assert AUDIT_COLUMNS[:-1] == ("dialogue_id", "group_id", "question_id", "option", "check", "status",
                                  "reported", "recomputed", "detail")


def test_every_finding_has_a_known_status_and_says_what_both_cells_hold():
    for code, f in FINDINGS.items():
        assert re.fullmatch(r"[a-z0-9_]+", code)
        assert f.status in STATUSES and f.status != "ok"
        assert f.meaning and f.reported and f.recomputed


def test_the_codebook_lists_the_findings_as_the_module_does():
    assert findings_markdown() in CODEBOOK.read_text(encoding="utf-8")


def test_the_audit_module_docstring_lists_every_finding():
    from dialogstats.analysis import audit

    for code, f in FINDINGS.items():
        assert f"``{code}`` ({f.status})" in (audit.__doc__ or "")


@pytest.mark.parametrize("status, finding", [("ok", "counts_exceed_n"), ("inconsistent", ""),
                                             ("ambiguous", "counts_exceed_n"), ("inconsistent", "no_such_code"),
                                             ("fine", "")])
def test_a_row_whose_status_and_finding_disagree_is_refused(status, finding):
    with pytest.raises(ValueError, match="finding|status"):
        audit_row(None, "options_sum_vs_n", status, finding=finding)


def codebook_columns(table: str) -> list[str]:
    """Column names, in order, of the first table in the codebook's section on ``table``."""
    section = CODEBOOK.read_text(encoding="utf-8").split(f"## `{table}.csv`", 1)[1]
    lines = section.split("\n| column |", 1)[1].splitlines()[2:]
    table_rows = lines[: next((i for i, line in enumerate(lines) if not line.startswith("|")), len(lines))]
    return [name for line in table_rows for name in re.findall(r"`([^`]+)`", line.split("|")[1])]


def test_the_codebook_documents_the_audit_and_denominator_columns_in_order():
    assert codebook_columns("audit") == list(AUDIT_COLUMNS)
    assert codebook_columns("denominators") == list(DENOMINATOR_COLUMNS)


def test_the_codebook_lists_every_check_and_every_fixture_row_uses_one():
    section = CODEBOOK.read_text(encoding="utf-8").split("## `audit.csv`", 1)[1]
    check_row = next(line for line in section.splitlines() if line.startswith("| `check` |"))
    assert tuple(re.findall(r"`([a-z_]+)`", check_row.split("|")[2])) == CHECKS
    for build in CASES.values():
        assert set(build_audit(build()).check) <= set(CHECKS)


@pytest.mark.parametrize("cell", ["percent of answers", "skolchef__knows_strategy", "n = 15", "-3"])
def test_a_cell_that_is_not_numeric_text_is_refused(cell):
    with pytest.raises(ValueError, match="numeric text"):
        audit_row(None, "options_sum_vs_n", "ok", reported=cell)


@pytest.mark.parametrize("cell", ["", "15", "28 %", "12.5 %", "28 % (5)", "33.3 % (5/15)", "20/15", "5 or 6", "13 + 3"])
def test_numeric_text_is_accepted(cell):
    assert audit_row(None, "options_sum_vs_n", "ok", recomputed=cell)["recomputed"] == cell
