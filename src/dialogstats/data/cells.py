"""Layer 2 of the validation: each cell converted from text to its type, then the pandera schema.

Whole numbers, percentages with ``.`` decimals and ``true``/``false`` are converted cell by cell,
so that a wrong cell is named by its row and column; the pandera schema of
:mod:`dialogstats.data.schema` then checks allowed values, id syntax, ranges, lengths and
primary keys.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa

from dialogstats.data import schema
from dialogstats.errors import ValidationIssue

_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_TRUE = frozenset({"true"})
_FALSE = frozenset({"false"})




def convert_cells(table: str, text: pd.DataFrame) -> tuple[pd.DataFrame, list[ValidationIssue]]:
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


def schema_issues(table: str, frame: pd.DataFrame) -> list[ValidationIssue]:
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
