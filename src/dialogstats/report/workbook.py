"""The processed tables as a workbook for report writers: ``tabeller.xlsx`` (Swedish), ``tables.xlsx`` (English).

Entry point::

    write_workbook(outputs: ProcessedOutputs, lang: str, path: Path) -> Path

writes, atomically, a workbook whose first sheet explains the others (what each sheet holds,
one row per column with its meaning, the source, the run's interval method and confidence
level, the git commit and package versions from the manifest) followed by one sheet per main
table: shares with the run's interval method only (``shares.csv``), every check of the audit
(``audit.csv``, all rows, those that do not agree first), the claims with their verdicts
(``claims.csv``), the comparisons (``comparisons.csv``) and the nonresponse bounds
(``bounds.csv``). Headers are in ``lang``; dialogues, groups, questions, options, constructs,
checks, outcomes, verdicts and methods appear by their labels, never their ids; shares are
numbers with a percentage format, counts integers, p-values numbers with three decimals,
differences numbers of percentage points. No statistic is computed here.

Text that the processed tables hold only in English is left out of the Swedish workbook:
the claims' paraphrases and stated figures, until ``claims.csv`` has ``claim_sv`` and
``figure_reported_sv`` columns (they are then shown); a Swedish reader finds each claim by its
verbatim snippet of the report. The audit's free-text ``detail`` names internal ids and is
left out of both. The same inputs give byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Font

from dialogstats.analysis.shares import question_basis
from dialogstats.checks import check_lang, check_name
from dialogstats.report import labels, papertables, spreadsheet
from dialogstats.report import workbooktext as words
from dialogstats.report.outputs import ProcessedOutputs
from dialogstats.report.spreadsheet import Column, Table
from dialogstats.tableio import write_bytes_atomic

#: File names of the workbook per language, in ``data/processed/``.
FILE_NAMES: dict[str, str] = {"sv": "tabeller.xlsx", "en": "tables.xlsx"}
#: Order of the audit's outcomes in its sheet: the problems first.
STATUS_ORDER: tuple[str, ...] = ("inconsistent", "ambiguous", "not_checkable", "ok")
#: The interval of a difference of shares used for comparisons and claims (see analysis.crossnetwork).
DIFFERENCE_METHOD = "newcombe"


def _column(sheet: str, key: str, kind: str, values, lang: str) -> tuple[str, Column]:
    """Column ``key`` of ``sheet`` (its meaning must be in workbooktext.COLUMNS) with its header in ``lang``."""
    check_name(key, list(words.COLUMNS[sheet]), f"column of sheet {sheet!r}")
    return key, Column(words.column_header(key, lang), kind, list(values))


def _group(names: labels.RawLabels, dialogue_id: str, group_id: str, lang: str) -> str:
    return labels.text("whole_dialogue", lang) if group_id in ("", "all") else names.group(dialogue_id, group_id)


def _points(values) -> list[float | None]:
    """Differences of shares as percentage points (0.14 -> 14.0)."""
    return [None if pd.isna(v) else 100 * float(v) for v in values]


def _place_columns(sheet: str, rows: pd.DataFrame, names: labels.RawLabels, lang: str) -> list[tuple[str, Column]]:
    return [
        _column(sheet, "dialogue", "text", [names.dialogue(d) for d in rows["dialogue_id"]], lang),
        _column(sheet, "group", "text", [_group(names, d, g, lang) for d, g in zip(rows["dialogue_id"], rows["group_id"])], lang),
        _column(sheet, "question", "text", [names.question(q) if q else "" for q in rows["question_id"]], lang),
        _column(sheet, "option", "text", [names.option(q, o) if o else "" for q, o in zip(rows["question_id"], rows["option"])], lang),
    ]


def _in_raw_order(outputs: ProcessedOutputs, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows in the order of ``questions.csv`` and, within a question, of ``responses.csv``."""
    questions = {q: i for i, q in enumerate(outputs.raw.questions["question_id"])}
    responses = outputs.raw.responses
    options = {k: i for i, k in enumerate(zip(responses["question_id"], responses["option"]))}
    order = rows.assign(_q=rows["question_id"].map(questions).fillna(len(questions)),
                        _o=[options.get(k, len(options)) for k in zip(rows["question_id"], rows["option"])])
    return order.sort_values(["_q", "_o"], kind="mergesort").drop(columns=["_q", "_o"])


def shares_sheet(outputs: ProcessedOutputs, lang: str) -> list[tuple[str, Column]]:
    """``shares.csv`` rows of the run's interval method, in the raw order of questions and options."""
    names = outputs.labels(lang)
    shares = outputs.table("shares.csv")
    rows = _in_raw_order(outputs, shares[shares["method"] == outputs.method])
    basis = {q: question_basis(outputs.raw, q).basis for q in rows["question_id"].unique()}
    return [
        *_place_columns("shares", rows, names, lang),
        _column("shares", "count", "int", rows["count"], lang),
        _column("shares", "n", "int", rows["n"], lang),
        _column("shares", "share", "percent", rows["share"], lang),
        _column("shares", "ci_low", "percent", rows["ci_low"], lang),
        _column("shares", "ci_high", "percent", rows["ci_high"], lang),
        _column("shares", "basis", "text", [labels.text(basis[q], lang) for q in rows["question_id"]], lang),
    ]


def _audit_cell(text: str, lang: str) -> str:
    out = labels.localise_audit_numbers(str(text), lang)
    return out.replace(labels.text("percent_of_answers", "en"), labels.text("percent_of_answers", lang))


def audit_sheet(outputs: ProcessedOutputs, lang: str) -> list[tuple[str, Column]]:
    """Every row of ``audit.csv``: inconsistent, ambiguous, not checkable, then consistent (stable within each)."""
    names = outputs.labels(lang)
    audit = outputs.table("audit.csv")
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    rows = audit.assign(_s=audit["status"].map(rank).fillna(len(rank))).sort_values("_s", kind="mergesort")
    return [
        *_place_columns("audit", rows, names, lang),
        _column("audit", "check", "text", [labels.audit_check_name(c, lang) for c in rows["check"]], lang),
        _column("audit", "status", "text", [labels.status_name(s, lang) for s in rows["status"]], lang),
        _column("audit", "printed", "text", [_audit_cell(v, lang) for v in rows["reported"]], lang),
        _column("audit", "recomputed", "text", [_audit_cell(v, lang) for v in rows["recomputed"]], lang),
    ]


def _claim_number(claims: pd.DataFrame, column: str, kinds: tuple[str, ...]) -> list[object]:
    return [v if k in kinds else None for v, k in zip(claims[column], claims["estimate_kind"])]


def claims_sheet(outputs: ProcessedOutputs, lang: str) -> list[tuple[str, Column]]:
    """``claims.csv``: paraphrase (where it exists in ``lang``), where in the report, decisive estimate, verdict, why."""
    names = outputs.labels(lang)
    claims = outputs.table("claims.csv")
    share_kinds = ("share", "conditional_share")
    columns = []
    paraphrase = "claim_en" if lang == "en" else f"claim_{lang}"
    if paraphrase in claims.columns:
        columns.append(_column("claims", "claim", "long", claims[paraphrase], lang))
    columns += [
        _column("claims", "dialogue", "text", [names.dialogue(d) if d else "" for d in claims["dialogue_id"]], lang),
        _column("claims", "questions", "long",
                ["; ".join(names.question(q) for q in str(ids).split(";") if q) for ids in claims["question_ids"]], lang),
        _column("claims", "locator", "long", ["«" + loc + "»" if loc else "" for loc in claims["locator"]], lang),
    ]
    stated = "figure_reported" if lang == "en" else f"figure_reported_{lang}"
    if stated in claims.columns:
        columns.append(_column("claims", "figure_stated", "text", claims[stated], lang))
    columns += [
        _column("claims", "claim_kind", "text", [labels.claim_check_name(c, lang) for c in claims["check"]], lang),
        _column("claims", "n", "int", claims["n"], lang),
        _column("claims", "claim_share", "percent", _claim_number(claims, "estimate", share_kinds), lang),
        _column("claims", "ci_low", "percent", _claim_number(claims, "ci_low", share_kinds), lang),
        _column("claims", "ci_high", "percent", _claim_number(claims, "ci_high", share_kinds), lang),
        _column("claims", "claim_difference", "points", _points(_claim_number(claims, "estimate", ("difference",))), lang),
        _column("claims", "difference_low", "points", _points(_claim_number(claims, "ci_low", ("difference",))), lang),
        _column("claims", "difference_high", "points", _points(_claim_number(claims, "ci_high", ("difference",))), lang),
        _column("claims", "verdict", "text", [labels.verdict_name(v, lang) for v in claims["verdict"]], lang),
        _column("claims", "why", "long", [papertables.claim_reason(r, lang) for _, r in claims.iterrows()], lang),
    ]
    return columns


def comparisons_sheet(outputs: ProcessedOutputs, lang: str) -> list[tuple[str, Column]]:
    """``comparisons.csv``, one row per compared pair, option and exact test."""
    names = outputs.labels(lang)
    comp = outputs.table("comparisons.csv")
    questions = outputs.raw.questions.set_index("question_id")

    def where(q: str) -> str:
        return papertables.where_asked(names, questions.loc[q, "dialogue_id"], questions.loc[q, "group_id"])

    return [
        _column("comparisons", "construct", "text", [names.construct(c) for c in comp["construct"]], lang),
        _column("comparisons", "option", "text",
                [names.option(a, o) if o else labels.text("all_options", lang) for a, o in zip(comp["a"], comp["option"])], lang),
        _column("comparisons", "a", "text", [where(a) for a in comp["a"]], lang),
        _column("comparisons", "b", "text", [where(b) for b in comp["b"]], lang),
        _column("comparisons", "share_a", "percent", comp["share_a"], lang),
        _column("comparisons", "share_b", "percent", comp["share_b"], lang),
        _column("comparisons", "diff", "points", _points(comp["diff"]), lang),
        _column("comparisons", "difference_low", "points", _points(comp["diff_ci_low"]), lang),
        _column("comparisons", "difference_high", "points", _points(comp["diff_ci_high"]), lang),
        _column("comparisons", "test", "text", [labels.method_name(t, lang) for t in comp["test"]], lang),
        _column("comparisons", "p_value", "pvalue", comp["p_value"], lang),
        _column("comparisons", "p_adjusted", "pvalue", comp["p_adjusted"], lang),
    ]


def bounds_sheet(outputs: ProcessedOutputs, lang: str) -> list[tuple[str, Column]]:
    """``bounds.csv``: share among respondents, Manski bounds and finite-population interval for all present."""
    names = outputs.labels(lang)
    rows = _in_raw_order(outputs, outputs.table("bounds.csv"))
    return [
        *_place_columns("bounds", rows, names, lang),
        _column("bounds", "count", "int", rows["count"], lang),
        _column("bounds", "respondents", "int", rows["respondents"], lang),
        _column("bounds", "population", "int", rows["population"], lang),
        _column("bounds", "respondent_share", "percent", rows["share"], lang),
        *[_column("bounds", key, "percent", rows[key], lang)
          for key in ("ci_low", "ci_high", "manski_low", "manski_high", "fpc_low", "fpc_high")],
    ]


_BUILDERS = {
    "shares": shares_sheet,
    "audit": audit_sheet,
    "claims": claims_sheet,
    "comparisons": comparisons_sheet,
    "bounds": bounds_sheet,
}


def _fill_values(outputs: ProcessedOutputs, lang: str) -> dict[str, str]:
    confidence = outputs.confidence
    level = labels.format_percent(confidence, lang, digits=0 if round(100 * confidence, 6).is_integer() else 1)
    return {"method": labels.method_name(outputs.method, lang), "level": level,
            "newcombe": labels.method_name(DIFFERENCE_METHOD, lang)}


def data_sheets(outputs: ProcessedOutputs, lang: str) -> dict[str, list[tuple[str, Column]]]:
    """The main tables' sheets in order: sheet key -> its (column key, column) pairs."""
    lang = check_lang(lang)
    return {sheet: build(outputs, lang) for sheet, build in _BUILDERS.items()}


def _put(ws, values: list[object], *, header: bool = False, bold_first: bool = False, merge: bool = False) -> int:
    """Append a row of the first sheet: top-aligned, wrapped text; optionally a header row or a bold label
    in column A; ``merge`` joins columns B and C for a long value. Returns the row number."""
    ws.append(values)
    row = ws.max_row
    for j in range(1, len(values) + 1):
        cell = ws.cell(row=row, column=j)
        if header:
            spreadsheet.style_header(cell)
        else:
            cell.font = spreadsheet.HEADER_FONT if (bold_first and j == 1) else spreadsheet.BODY_FONT
            cell.alignment = spreadsheet.WRAP_TOP
    if merge:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    return row


def _about_sheet(wb, outputs: ProcessedOutputs, lang: str, sheets: dict[str, list[tuple[str, Column]]]) -> None:
    """The first sheet: title, source and provenance, what each sheet holds, and every column's meaning."""
    ws = wb.create_sheet(words.sheet_name("about", lang))
    fill = _fill_values(outputs, lang)
    environment = outputs.manifest().get("environment", {})
    packages = environment.get("packages", {})
    ws.append([words.about("title", lang)])
    ws["A1"].font = Font(name=spreadsheet.FONT_NAME, size=14, bold=True)
    ws.append([])
    facts = [
        ("source", words.about("source_text", lang)),
        ("method", labels.method_name(outputs.method, lang)),
        ("confidence", outputs.confidence),
        ("commit", str(environment.get("git_commit", ""))),
        ("python", str(environment.get("python", ""))),
        ("packages", ", ".join(f"{name} {version}" for name, version in packages.items())),
        ("numbers", words.about("numbers_text", lang)),
    ]
    for key, value in facts:
        row = _put(ws, [words.about(key, lang), value if value != "" else None], bold_first=True, merge=True)
        if key == "confidence":
            cell = ws.cell(row=row, column=2)
            cell.number_format = "0%" if round(100 * outputs.confidence, 6).is_integer() else "0.0%"
            cell.alignment = Alignment(horizontal="left", vertical="top")
    ws.append([])
    _put(ws, [words.about("sheet", lang), words.about("contents", lang), None], header=True, merge=True)
    for sheet, columns in sheets.items():
        rows = len(columns[0][1].values) if columns else 0
        _put(ws, [words.sheet_name(sheet, lang), words.SHEET_CONTENTS[sheet][lang].format(n=rows, **fill)], merge=True)
    ws.append([])
    _put(ws, [words.about(k, lang) for k in ("sheet", "column", "meaning")], header=True)
    for sheet, columns in sheets.items():
        for key, column in columns:
            _put(ws, [words.sheet_name(sheet, lang), column.header, words.column_meaning(sheet, key, lang, **fill)])
    first = max(len(words.about(k, lang)) for k, _ in facts)
    first = max(first, *(len(words.sheet_name(s, lang)) for s in words.SHEETS))
    for letter, width in zip("ABC", (first, 32, spreadsheet.MAX_WIDTH)):
        ws.column_dimensions[letter].width = width + 2
    spreadsheet.fit_row_heights(ws)
    spreadsheet.set_page(ws)
    ws.print_options.gridLines = False
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT


def workbook_bytes(outputs: ProcessedOutputs, lang: str) -> bytes:
    """The workbook in ``lang`` as bytes (the same inputs give the same bytes)."""
    lang = check_lang(lang)
    sheets = data_sheets(outputs, lang)
    wb = spreadsheet.new_workbook(words.about("title", lang), {"sv": "sv-SE", "en": "en-GB"}[lang])
    _about_sheet(wb, outputs, lang, sheets)
    for sheet, columns in sheets.items():
        spreadsheet.add_table(wb, Table(words.sheet_name(sheet, lang), [c for _, c in columns]))
    return spreadsheet.workbook_bytes(wb)


def write_workbook(outputs: ProcessedOutputs, lang: str, path: Path) -> Path:
    """Write the tables workbook in ``lang`` (``"sv"`` or ``"en"``) to ``path``, atomically; returns ``path``.

    The pipeline's files are ``outputs.path(FILE_NAMES[lang])``: ``tabeller.xlsx`` and ``tables.xlsx``.
    Raises :class:`~dialogstats.report.outputs.MissingOutputError` when a table is missing and
    :class:`~dialogstats.errors.UnknownNameError` for an unknown language or id.
    """
    return write_bytes_atomic(workbook_bytes(outputs, lang), Path(path))
