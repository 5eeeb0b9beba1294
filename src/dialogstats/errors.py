"""Typed exceptions whose messages tell the user what to do next."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class DialogstatsError(Exception):
    """Base class of every error the compendium raises on purpose."""


@dataclass(frozen=True, order=True)
class ValidationIssue:
    """One violated rule in the raw data: where it is and what is wrong.

    ``row`` is the 1-based line number in the file as a spreadsheet shows it
    (the header is line 1, so the first data row is line 2); ``None`` when the
    issue concerns the whole file or a whole column.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class RawDataError(DialogstatsError):
    """The raw-data folder breaks one or more rules; every issue is listed."""

    def __init__(self, issues: Iterable[ValidationIssue]):
        self.issues: list[ValidationIssue] = sorted(issues, key=lambda i: (i.file, i.row or 0, i.column or "", i.message))
        lines = [f"{len(self.issues)} problem(s) in the raw data:"] + [f"  - {i}" for i in self.issues]
        super().__init__("\n".join(lines))


class UnknownNameError(DialogstatsError, ValueError):
    """A name (method, dialogue id, parameter) that is not one of the valid ones."""

    def __init__(self, what: str, name: object, valid: Sequence[str]):
        self.what, self.name, self.valid = what, name, list(valid)
        super().__init__(f"unknown {what} {name!r}; valid: {', '.join(map(str, valid))}")


class ParameterError(DialogstatsError, ValueError):
    """A notebook or command-line parameter of the wrong type or value."""


class PipelineError(DialogstatsError):
    """A notebook or step of the pipeline failed; earlier outputs are left intact."""
