"""Loading and validation of the raw data (``data/raw/*.csv``, described in ``docs/codebook.md``).

Every file is read by one function, :func:`read_raw_csv`, so that problems are worded the same way
everywhere. Validation runs in three layers and collects *all* problems before reporting:

1. the file itself: present, not empty, UTF-8 (a byte-order mark is accepted), comma-separated,
   well-formed CSV, exactly the codebook's columns in the codebook's order;
2. each cell: converted from text to its type (whole numbers, percentages with ``.`` decimals,
   ``true``/``false``), then the pandera schema of :mod:`dialogstats.schema` (allowed values, id
   syntax, ranges, lengths, primary keys);
3. across tables: references between tables and options, counts against printed denominators,
   constructs used at least twice, questions with responses, dialogues with figures, and locators
   (at most 60 characters, present for every printed number, found verbatim in the report's text).

A file that fails layer 1 is not used for the cross-table checks of layer 3, so that one broken file
does not cause a cascade of follow-on messages.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from dialogstats import paths, schema
from dialogstats.errors import ParameterError, RawDataError, UnknownNameError, ValidationIssue

SourceText = str | Path | None

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_TRUE = frozenset({"true"})
_FALSE = frozenset({"false"})
_MAX_VALID_LISTED = 12


@dataclass(frozen=True)
class RawData:
    """The six raw tables after validation, with the codebook's columns and dtypes."""

    dialogues: pd.DataFrame
    groups: pd.DataFrame
    questions: pd.DataFrame
    responses: pd.DataFrame
    constructs: pd.DataFrame
    claims: pd.DataFrame
    raw_dir: Path

    def table(self, name: str) -> pd.DataFrame:
        """One table by its name (``"dialogues"``, ``"groups"``, ...)."""
        if name not in schema.TABLES:
            raise UnknownNameError("table", name, schema.TABLES)
        return getattr(self, name)


# ---------------------------------------------------------------------------------------------
# Layer 1: reading one file


def read_raw_csv(raw_dir: Path | str, table: str) -> tuple[pd.DataFrame | None, list[ValidationIssue]]:
    """Read ``<raw_dir>/<table>.csv`` as text, checking the file's encoding, separator, shape and header.

    Returns the table with every cell as a stripped ``str`` (``""`` when empty) and the spreadsheet
    row numbers as index, or ``None`` when the file cannot be used, together with the problems found.
    Fully empty rows are skipped. Rows with the wrong number of fields are all reported.
    """
    name = schema.file_name(table)
    expected = schema.column_names(table)
    path = Path(raw_dir) / name

    def issue(message: str, row: int | None = None, column: str | None = None) -> ValidationIssue:
        return ValidationIssue(name, row, column, message)

    if not path.is_file():
        return None, [issue(f"file is missing; expected a CSV file with the columns: {', '.join(expected)}")]
    data = path.read_bytes()
    if not data.strip():
        return None, [issue(f"file is empty (0 bytes); it needs at least the header row: {','.join(expected)}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_encoding_issue(name, data, error)]

    first_line = text.split("\n", 1)[0]
    if ";" in first_line and first_line.count(";") >= first_line.count(","):
        return None, [
            issue(
                "file is separated by semicolons (as a spreadsheet set to Swedish saves it, with decimal commas); "
                "save it as comma-separated CSV with '.' as decimal mark (e.g. 'CSV UTF-8 (comma delimited)' "
                "after setting the decimal separator to '.')",
                row=1,
            )
        ]

    records, problems = _parse_records(name, text)
    if not records:
        return None, problems or [issue("file has no header row")]
    header = [cell.strip() for cell in records[0][1]]
    problems += _header_issues(name, header, expected)
    if problems:
        return None, problems

    rows = [(row, [cell.strip() for cell in fields]) for row, fields in records[1:]]
    rows = [(row, fields) for row, fields in rows if any(fields)]
    if not rows and table in schema.ROWS_REQUIRED:
        return None, [issue("file has a header but no data rows; at least one row is required")]
    frame = pd.DataFrame(
        [fields for _, fields in rows],
        columns=list(expected),
        index=pd.Index([row for row, _ in rows], dtype="int64", name="row"),
        dtype=object,
    )
    return frame, []


def _encoding_issue(name: str, data: bytes, error: UnicodeDecodeError) -> ValidationIssue:
    line = data[: error.start].count(b"\n") + 1
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        found = "it looks like UTF-16 ('Unicode text')"
        convert = f"iconv -f UTF-16 -t UTF-8 {name} > fixed.csv"
    else:
        found = f"byte 0x{data[error.start]:02X} on line {line} is not UTF-8 (probably Latin-1 / Windows-1252)"
        convert = f"iconv -f WINDOWS-1252 -t UTF-8 {name} > fixed.csv"
    return ValidationIssue(
        name,
        line,
        None,
        f"file is not UTF-8: {found}; save it as 'CSV UTF-8' in the spreadsheet program, or convert it with {convert}",
    )


def _parse_records(name: str, text: str) -> tuple[list[tuple[int, list[str]]], list[ValidationIssue]]:
    """Split CSV text into (spreadsheet row, fields) records; report malformed rows by number."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    issues: list[ValidationIssue] = []
    row = 0
    line_end = 0
    width: int | None = None
    while True:
        line_start = line_end + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row += 1
            what = (
                f"a quoted field opened on row {row} is never closed (unbalanced '\"')"
                if "end of data" in str(error)
                else f"a '\"' inside a quoted value must be doubled ('\"\"') ({error})"
            )
            issues.append(ValidationIssue(name, row, None, f"malformed CSV: {what}{_line_hint(row, line_start)}"))
            return records, issues
        row += 1
        line_end = reader.line_num
        if width is None:
            width = len(fields)
        elif fields and len(fields) != width:
            spans = any("\n" in field or "\r" in field for field in fields)
            hint = (
                "; a quoted value runs over several lines: probably an unbalanced '\"' on this row"
                if spans
                else "; a ',' inside a value needs double quotes around the value" if len(fields) > width else ""
            )
            issues.append(
                ValidationIssue(
                    name,
                    row,
                    None,
                    f"malformed CSV: row has {len(fields)} fields but the header has {width}{hint}"
                    f"{_line_hint(row, line_start)}",
                )
            )
            continue
        records.append((row, fields))
    return records, issues


def _line_hint(row: int, line: int) -> str:
    return "" if row == line else f" (line {line} of the file)"


def _header_issues(name: str, header: list[str], expected: tuple[str, ...]) -> list[ValidationIssue]:
    issues = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            issues.append(ValidationIssue(name, 1, column, "column appears more than once in the header"))
        seen.add(column)
    missing = [c for c in expected if c not in seen]
    unexpected = [c for c in header if c not in expected]
    renamed = _guess_renames(header, expected, missing, unexpected)
    for column in missing:
        hint = f"; did you rename '{column}' to '{renamed[column]}'?" if column in renamed else ""
        issues.append(ValidationIssue(name, 1, column, f"missing column '{column}'{hint}"))
    for column in unexpected:
        old = next((m for m, new in renamed.items() if new == column), None)
        hint = f"; did you rename '{old}' to '{column}'?" if old else f"; the columns are: {', '.join(expected)}"
        issues.append(ValidationIssue(name, 1, column, f"unexpected column '{column}'{hint}"))
    if not issues and tuple(header) != expected:
        issues.append(
            ValidationIssue(name, 1, None, f"columns are not in the codebook's order; expected: {', '.join(expected)}")
        )
    return issues


def _guess_renames(
    header: list[str], expected: tuple[str, ...], missing: list[str], unexpected: list[str]
) -> dict[str, str]:
    """Pair missing with unexpected columns: by position in the header, else by similar spelling."""
    renames: dict[str, str] = {}
    free = list(unexpected)
    for column in missing:
        position = expected.index(column)
        at_position = header[position] if position < len(header) else None
        if at_position in free and len(header) == len(expected):
            renames[column] = at_position
            free.remove(at_position)
    for column in missing:
        if column in renames:
            continue
        close = difflib.get_close_matches(column, free, n=1, cutoff=0.6)
        if close:
            renames[column] = close[0]
            free.remove(close[0])
    if len(missing) == 1 and len(free) == 1 and not renames:
        renames[missing[0]] = free[0]
    return renames


# ---------------------------------------------------------------------------------------------
# Layer 2: cells, types and the pandera schema


def _convert(table: str, text: pd.DataFrame) -> tuple[pd.DataFrame, list[ValidationIssue]]:
    """Turn the text table into the codebook's dtypes, reporting each cell that is not of its type."""
    name = schema.file_name(table)
    issues: list[ValidationIssue] = []
    out = {}
    for spec in schema.COLUMNS[table]:
        values = text[spec.name]
        convert = _CONVERTERS.get(spec.kind)
        if convert is None:
            out[spec.name] = values.astype(str).to_numpy(dtype=object)
            continue
        converted = [convert(value, name, row, spec.name, issues) for row, value in values.items()]
        if spec.kind == "integer":
            out[spec.name] = pd.array(converted, dtype="Int64")
        else:
            out[spec.name] = np.array(converted, dtype=spec.dtype)
    return pd.DataFrame(out, index=text.index), issues


def _to_integer(value: str, file: str, row: int, column: str, issues: list[ValidationIssue]) -> int | None:
    if value == "":
        return None
    if _INTEGER.match(value):
        return int(value)
    hint = " (a count cannot have decimals)" if _DECIMAL.match(value) or _DECIMAL_COMMA.match(value) else ""
    issues.append(ValidationIssue(file, row, column, f"must be a whole number, got {value!r}{hint}"))
    return None


def _to_percent(value: str, file: str, row: int, column: str, issues: list[ValidationIssue]) -> float:
    if value == "":
        return np.nan
    if _DECIMAL.match(value):
        return float(value)
    if _DECIMAL_COMMA.match(value):
        message = f"uses a decimal comma ({value!r}); write {value.replace(',', '.')!r} with '.' as decimal mark"
    elif value.rstrip().endswith("%") and _DECIMAL.match(value.rstrip("% \u00a0")):
        message = f"write the percentage as a plain number without '%', got {value!r}"
    else:
        message = f"must be a number (a percentage, '.' as decimal mark), got {value!r}"
    issues.append(ValidationIssue(file, row, column, message))
    return np.nan


def _to_boolean(value: str, file: str, row: int, column: str, issues: list[ValidationIssue]) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    issues.append(ValidationIssue(file, row, column, f"must be true or false, got {value!r}"))
    return False


_CONVERTERS = {"integer": _to_integer, "percent": _to_percent, "boolean": _to_boolean}


def _schema_issues(table: str, frame: pd.DataFrame) -> list[ValidationIssue]:
    """Run the table's pandera schema and word each failure as a :class:`ValidationIssue`."""
    name = schema.file_name(table)
    try:
        schema.table_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases
    else:
        return []
    issues = []
    key = schema.PRIMARY_KEYS[table]
    for case in cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        if case.check in ("field_uniqueness", "multiple_fields_uniqueness"):
            if case.column != key[-1]:
                continue  # one message per duplicated row, not one per key column
            issues.append(_duplicate_issue(name, frame, key, row))
            continue
        got = "" if case.failure_case == "" else f" (got {_shown(case.failure_case)})"
        issues.append(ValidationIssue(name, row, case.column, f"{case.check}{got}"))
    return issues


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value.item() if isinstance(value, np.generic) else value)


def _duplicate_issue(name: str, frame: pd.DataFrame, key: tuple[str, ...], row: int | None) -> ValidationIssue:
    values = tuple(frame.at[row, column] for column in key)
    same = (frame[list(key)] == pd.Series(values, index=list(key))).all(axis=1)
    first = int(frame.index[same.to_numpy()][0])
    shown = ", ".join(f"{c}={v!r}" for c, v in zip(key, values))
    return ValidationIssue(name, row, key[-1], f"duplicate key ({shown}); the same key is on row {first}")


# ---------------------------------------------------------------------------------------------
# Layer 3: across tables


def _unknown(what: str, name: str, valid: Iterable[str], where: str, of: str = "") -> str:
    """``unknown <what> 'x'[ of ...]; valid: a, b`` (or the closest names when there are many)."""
    valid = sorted(set(valid))
    message = f"unknown {what} {name!r}{of}"
    if len(valid) <= _MAX_VALID_LISTED:
        return message + (f"; valid: {', '.join(valid)}" if valid else f"; {where} has none")
    close = difflib.get_close_matches(name, valid, n=3)
    guess = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"{message}{guess} (not among the {len(valid)} in {where})"


def _check_foreign_keys(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    issues = []
    for fk in schema.FOREIGN_KEYS:
        frame, ref = tables.get(fk.table), tables.get(fk.ref_table)
        if frame is None or ref is None:
            continue
        name = schema.file_name(fk.table)
        where = schema.file_name(fk.ref_table)
        if fk.is_list:
            valid = set(ref[fk.ref_columns[0]])
            for row, value in frame[fk.columns[0]].items():
                for part in filter(None, value.split(schema.LIST_SEPARATOR)):
                    if part not in valid:
                        issues.append(ValidationIssue(name, row, fk.columns[0], _unknown(fk.what, part, valid, where)))
            continue
        valid_keys = set(ref[list(fk.ref_columns)].itertuples(index=False, name=None))
        if len(fk.columns) > 1:  # e.g. (dialogue_id, group_id): only report the last part when the rest exists
            parents = set(ref[list(fk.ref_columns[:-1])].itertuples(index=False, name=None))
        for row, values in zip(frame.index, frame[list(fk.columns)].itertuples(index=False, name=None)):
            if values[-1] == "" or values in valid_keys:
                continue
            if len(fk.columns) > 1:
                if values[:-1] not in parents:
                    continue  # reported by the foreign key of the parent column
                valid = [k[-1] for k in valid_keys if k[:-1] == values[:-1]]
                of = " of " + ", ".join(f"{c} {v!r}" for c, v in zip(fk.columns[:-1], values[:-1]))
                message = _unknown(fk.what, values[-1], valid, where, of)
            else:
                message = _unknown(fk.what, values[-1], [k[-1] for k in valid_keys], where)
            issues.append(ValidationIssue(name, row, fk.columns[-1], message))
    return issues


def _options_by_question(responses: pd.DataFrame) -> dict[str, set[str]]:
    options: dict[str, set[str]] = {}
    for question, option in zip(responses["question_id"], responses["option"]):
        options.setdefault(question, set()).add(option)
    return options


def _check_option_references(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """``asked_if``, ``combines`` and ``check_option`` must name options that exist."""
    questions, responses, claims = tables["questions"], tables["responses"], tables["claims"]
    if responses is None:
        return []
    options = _options_by_question(responses)
    issues = []
    for row, question, combines in zip(responses.index, responses["question_id"], responses["combines"]):
        own = options.get(question, set())
        for part in filter(None, combines.split(schema.LIST_SEPARATOR)):
            own_option = responses.at[row, "option"]
            if part == own_option:
                message = f"option {part!r} cannot combine itself"
                issues.append(ValidationIssue("responses.csv", row, "combines", message))
            elif part not in own:
                message = _unknown("option", part, own - {own_option}, "responses.csv", f" of question {question!r}")
                issues.append(ValidationIssue("responses.csv", row, "combines", message))
    if questions is not None:
        known = set(questions["question_id"])
        for row, question, asked_if in zip(questions.index, questions["question_id"], questions["asked_if"]):
            if not asked_if or ":" not in asked_if:
                continue
            parent, _, option = asked_if.partition(":")
            if parent == question:
                message = "a question cannot follow up on itself"
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
            elif parent not in known:
                message = _unknown("question", parent, known, "questions.csv")
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
            elif option not in options.get(parent, set()):
                valid = options.get(parent, set())
                message = _unknown("option", option, valid, "responses.csv", f" of question {parent!r}")
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
    if claims is not None:
        for row, ids, option in zip(claims.index, claims["question_ids"], claims["check_option"]):
            ids = [q for q in ids.split(schema.LIST_SEPARATOR) if q]
            if not option or not ids:
                continue
            valid = set().union(*(options.get(q, set()) for q in ids))
            if valid and option not in valid:
                message = _unknown("option", option, valid, "responses.csv", " of the claim's questions")
                issues.append(ValidationIssue("claims.csv", row, "check_option", message))
    return issues


def _check_denominators(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """A count cannot exceed the printed denominator of its question.

    The denominator is ``n_reported`` plus ``nonresponse_reported`` (when printed); for a multi-select
    question a count is also at most ``answers_total_reported``. Rows that combine several options of
    a multi-select question are only held to the answers total.
    """
    questions, responses = tables["questions"], tables["responses"]
    if questions is None or responses is None:
        return []
    by_id = questions.set_index("question_id")
    by_id = by_id[~by_id.index.duplicated()]
    issues = []
    for row, question, count, combines in zip(
        responses.index, responses["question_id"], responses["count"], responses["combines"]
    ):
        if pd.isna(count) or question not in by_id.index:
            continue
        q = by_id.loc[question]
        limits = []
        if q["multi_select"] and not pd.isna(q["answers_total_reported"]):
            total = int(q["answers_total_reported"])
            limits.append((total, f"answers_total_reported {total}"))
        if not pd.isna(q["n_reported"]) and not (q["multi_select"] and combines):
            n = int(q["n_reported"])
            nonresponse = 0 if pd.isna(q["nonresponse_reported"]) else int(q["nonresponse_reported"])
            what = f"n_reported {n}" + (f" + nonresponse_reported {nonresponse}" if nonresponse else "")
            limits.append((n + nonresponse, what))
        for limit, what in limits:
            if int(count) > limit:
                message = f"count {int(count)} is larger than the printed denominator of question {question!r} ({what})"
                issues.append(ValidationIssue("responses.csv", row, "count", message))
                break
    return issues


def _check_questions(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """Questions need responses; constructs need two questions; dialogues' has_figures must match."""
    dialogues, groups, questions = tables["dialogues"], tables["groups"], tables["questions"]
    responses, constructs = tables["responses"], tables["constructs"]
    if questions is None:
        return []
    issues = []
    for row, multi, response_type in zip(questions.index, questions["multi_select"], questions["response_type"]):
        if response_type == "multi_select" and not multi:
            message = "must be true when response_type is multi_select"
            issues.append(ValidationIssue("questions.csv", row, "multi_select", message))
        elif multi and response_type not in ("multi_select", "coded_free_text"):
            issues.append(
                ValidationIssue(
                    "questions.csv", row, "multi_select", f"cannot be true for response_type {response_type!r}"
                )
            )
    if responses is not None:
        answered = set(responses["question_id"])
        for row, question in questions["question_id"].items():
            if question and question not in answered:
                message = f"question {question!r} has no rows in responses.csv; add its printed options"
                issues.append(ValidationIssue("questions.csv", row, "question_id", message))
    if constructs is not None:
        users = questions[questions["construct"] != ""].groupby("construct")["question_id"].apply(list).to_dict()
        for row, construct in constructs["construct"].items():
            used = users.get(construct, [])
            if len(used) < 2:
                listed = f" ({', '.join(used)})" if used else ""
                message = (
                    f"construct {construct!r} is used by {len(used)} question(s){listed}; a construct needs at "
                    "least two questions (leave questions.construct empty for a question asked once)"
                )
                issues.append(ValidationIssue("constructs.csv", row, "construct", message))
    if dialogues is not None:
        with_questions = set(questions["dialogue_id"])
        for row, dialogue, has_figures in zip(dialogues.index, dialogues["dialogue_id"], dialogues["has_figures"]):
            if has_figures and dialogue not in with_questions:
                message = f"dialogue {dialogue!r} has has_figures=true but no questions in questions.csv"
                issues.append(ValidationIssue("dialogues.csv", row, "has_figures", message))
            elif not has_figures and dialogue in with_questions:
                message = f"dialogue {dialogue!r} has questions in questions.csv but has_figures=false"
                issues.append(ValidationIssue("dialogues.csv", row, "has_figures", message))
        if groups is not None:
            known = set(dialogues["dialogue_id"])
            with_all = set(groups.loc[groups["group_id"] == "all", "dialogue_id"])
            for dialogue in sorted(with_questions & known - with_all):
                message = f"dialogue {dialogue!r} has questions but no group 'all'; add the row {dialogue},all"
                issues.append(ValidationIssue("groups.csv", None, "group_id", message))
    return issues


def _check_attendance(dialogues: pd.DataFrame | None) -> list[ValidationIssue]:
    if dialogues is None:
        return []
    issues = []
    for row, attendees, respondents in zip(dialogues.index, dialogues["attendees"], dialogues["respondents"]):
        if not pd.isna(attendees) and not pd.isna(respondents) and respondents > attendees:
            message = f"respondents {respondents} is larger than attendees {attendees}"
            issues.append(ValidationIssue("dialogues.csv", row, "respondents", message))
    return issues


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (spaces, line breaks, tabs) to one space and strip the ends.

    Locators are matched after this normalisation on both sides, because the report's text comes
    from a PDF whose line breaks fall anywhere in a sentence.
    """
    return " ".join(text.split())


def _check_locators(tables: dict[str, pd.DataFrame | None], source: str | None) -> list[ValidationIssue]:
    """Every printed number has a locator; every locator occurs verbatim in the source text."""
    issues = []
    for table, locators in schema.LOCATED_NUMBERS.items():
        frame = tables.get(table)
        if frame is None:
            continue
        name = schema.file_name(table)
        for locator_column, number_columns in locators.items():
            for row, locator in frame[locator_column].items():
                present = [c for c in number_columns if _is_filled(frame.at[row, c])]
                if present and not locator:
                    numbers = " and ".join(present)
                    message = f"{numbers} is filled in but has no locator; add the report's text around it"
                    issues.append(ValidationIssue(name, row, locator_column, message))
    if source is None:
        return issues
    for table in schema.TABLES:
        frame = tables.get(table)
        if frame is None:
            continue
        for spec in schema.COLUMNS[table]:
            if spec.kind != "locator":
                continue
            for row, locator in frame[spec.name].items():
                if locator and normalise_whitespace(locator) not in source:
                    issues.append(ValidationIssue(schema.file_name(table), row, spec.name, _not_found_message(locator)))
    return issues


def _is_filled(value: object) -> bool:
    if isinstance(value, str):
        return value != ""
    return not pd.isna(value)


def _not_found_message(locator: str) -> str:
    hint = ""
    if any(c in locator for c in "\"'-"):
        hint = "; check quotes and dashes, the report prints them as \u201d and \u2013"
    return f"locator {locator!r} is not found verbatim in the source text (line breaks and spaces are ignored){hint}"


# ---------------------------------------------------------------------------------------------
# Public entry points


def _source_text(source_text: SourceText) -> str | None:
    if source_text is None:
        return None
    if isinstance(source_text, str) and source_text == "auto":
        path = paths.source_text_path()
        if not path.is_file():
            return None
    else:
        path = Path(source_text)
        if not path.is_file():
            raise ParameterError(f"source text not found at {path}; pass source_text=None to skip the locator check")
    return normalise_whitespace(path.read_text(encoding="utf-8-sig"))


def _check_all(raw_dir: Path, source: str | None) -> tuple[dict[str, pd.DataFrame | None], list[ValidationIssue]]:
    tables: dict[str, pd.DataFrame | None] = {}
    issues: list[ValidationIssue] = []
    if not raw_dir.is_dir():
        return dict.fromkeys(schema.TABLES), [ValidationIssue(str(raw_dir), None, None, "raw-data folder not found")]
    for table in schema.TABLES:
        text, problems = read_raw_csv(raw_dir, table)
        issues += problems
        if text is None:
            tables[table] = None
            continue
        typed, problems = _convert(table, text)
        issues += problems + _schema_issues(table, typed)
        tables[table] = typed
    issues += _check_foreign_keys(tables)
    issues += _check_option_references(tables)
    issues += _check_denominators(tables)
    issues += _check_questions(tables)
    issues += _check_attendance(tables["dialogues"])
    issues += _check_locators(tables, source)
    return tables, sorted(set(issues), key=_issue_order)


def _issue_order(issue: ValidationIssue) -> tuple[int, int, str, str]:
    """Files in codebook order (a missing folder first), then row, column and message."""
    table = issue.file.removesuffix(".csv")
    position = schema.TABLES.index(table) if table in schema.TABLES else -1
    return (position, issue.row or 0, issue.column or "", issue.message)


def validate_raw(raw_dir: Path | str = paths.RAW, source_text: SourceText = "auto") -> list[ValidationIssue]:
    """Check a raw-data folder against the codebook and return every problem found (empty when valid).

    ``source_text``: ``"auto"`` checks locators against :func:`dialogstats.paths.source_text_path` when
    that file exists and skips the check otherwise; ``None`` skips it; a path uses that file (which must
    exist). Problems are ordered by file (in codebook order), row and column.
    """
    _, issues = _check_all(Path(raw_dir), _source_text(source_text))
    return issues


def load_raw(raw_dir: Path | str = paths.RAW, source_text: SourceText = "auto", check_locators: bool = True) -> RawData:
    """Load and validate the six raw tables; raise :class:`~dialogstats.errors.RawDataError` listing every problem.

    ``check_locators=False`` skips the search of locators in the source text (their length and presence
    are still checked). See :func:`validate_raw` for ``source_text``.
    """
    raw_dir = Path(raw_dir)
    source = _source_text(source_text) if check_locators else None
    tables, issues = _check_all(raw_dir, source)
    if issues:
        raise RawDataError(issues)
    frames = {name: frame.reset_index(drop=True) for name, frame in tables.items()}
    return RawData(raw_dir=raw_dir, **frames)
