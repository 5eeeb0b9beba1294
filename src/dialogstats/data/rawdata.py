"""Loading and validation of the raw data (``data/raw/*.csv``, described in ``docs/codebook.md``).

Every file is read by one function, :func:`read_raw_csv`, so that problems are worded the same way
everywhere. Validation runs in three layers and collects *all* problems before reporting:

1. the file itself: present, not empty, UTF-8 (a byte-order mark is accepted), comma-separated,
   well-formed CSV, exactly the codebook's columns in the codebook's order;
2. each cell: converted from text to its type (whole numbers, percentages with ``.`` decimals,
   ``true``/``false``), then the pandera schema of :mod:`dialogstats.data.schema` (allowed values, id
   syntax, ranges, lengths, primary keys);
3. across tables: references between tables and options, counts against printed denominators,
   constructs used at least twice, questions with responses, dialogues with figures, and locators
   (at most 60 characters, present for every printed number, found verbatim in the report's text).

A file that fails layer 1 is not used for the cross-table checks of layer 3, so that one broken file
does not cause a cascade of follow-on messages.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row row 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogstats import paths
from dialogstats.data import schema
from dialogstats.data.cells import convert_cells, schema_issues
from dialogstats.data.csvfiles import read_raw_csv
from dialogstats.data import crosschecks
from dialogstats.data.crosschecks import normalise_whitespace
from dialogstats.errors import ParameterError, RawDataError, UnknownNameError, ValidationIssue

SourceText = str | Path | None


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
        typed, problems = convert_cells(table, text)
        issues += problems + schema_issues(table, typed)
        tables[table] = typed
    issues += crosschecks.check_foreign_keys(tables)
    issues += crosschecks.check_option_references(tables)
    issues += crosschecks.check_denominators(tables)
    issues += crosschecks.check_questions(tables)
    issues += crosschecks.check_attendance(tables["dialogues"])
    issues += crosschecks.check_claims(tables["claims"])
    issues += crosschecks.check_locators(tables, source)
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
