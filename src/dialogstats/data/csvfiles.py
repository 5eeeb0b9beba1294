"""Layer 1 of the validation: reading one raw CSV file as text.

:func:`read_raw_rows` is the one reader of every raw file (:func:`read_raw_csv` puts its rows in a
table): it checks that the file is present, not
empty, UTF-8 (a byte-order mark, as spreadsheet programs write it, is accepted), comma-separated,
well-formed CSV with exactly the codebook's columns in the codebook's order, and names the file,
row and column of every problem. Rows are numbered as a spreadsheet shows them: the header is
row 1, the first data row row 2.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path
from typing import TYPE_CHECKING

from dialogstats.data import schema
from dialogstats.errors import ValidationIssue

if TYPE_CHECKING:  # only read_raw_csv needs pandas; planning a run reads dialogues.csv without it
    import pandas as pd

#: The data rows of one raw file: (spreadsheet row number, stripped cells in the codebook's column order).
RawRows = list[tuple[int, list[str]]]


def read_raw_csv(raw_dir: Path | str, table: str) -> tuple[pd.DataFrame | None, list[ValidationIssue]]:
    """Read ``<raw_dir>/<table>.csv`` as text (:func:`read_raw_rows`) into a table.

    Returns the table with every cell as a stripped ``str`` (``""`` when empty) and the spreadsheet
    row numbers as index, or ``None`` when the file cannot be used, together with the problems found.
    """
    import pandas as pd

    rows, issues = read_raw_rows(raw_dir, table)
    if rows is None:
        return None, issues
    frame = pd.DataFrame(
        [fields for _, fields in rows],
        columns=list(schema.column_names(table)),
        index=pd.Index([row for row, _ in rows], dtype="int64", name="row"),
        dtype=object,
    )
    return frame, []


def read_raw_rows(raw_dir: Path | str, table: str) -> tuple[RawRows | None, list[ValidationIssue]]:
    """Read ``<raw_dir>/<table>.csv`` as text, checking the file's encoding, separator, shape and header.

    Returns the data rows (spreadsheet row number and stripped cells, in the codebook's column order),
    or ``None`` when the file cannot be used, together with the problems found. Fully empty rows are
    skipped. Rows with the wrong number of fields are all reported. Uses the standard library only.
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
    return rows, []


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
