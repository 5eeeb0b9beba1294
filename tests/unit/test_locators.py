"""The locators of the real raw data: found verbatim in the report and holding the number they locate.

A locator is a snippet of the report's text (at most 60 characters) that a reader can find with a
plain text search. The report's text comes from a PDF, so line breaks fall anywhere: both sides are
compared with every run of whitespace collapsed to one space.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dialogstats import paths
from dialogstats.data import schema
from dialogstats.data.rawdata import read_raw_csv

def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


def real_tables() -> dict[str, pd.DataFrame]:
    tables = {}
    for table in schema.TABLES:
        frame, issues = read_raw_csv(paths.RAW, table)
        if frame is None:
            pytest.skip(f"{schema.file_name(table)} in {paths.RAW} cannot be read: {issues[0]}")
        tables[table] = frame
    return tables


def all_locators() -> list[tuple[str, int, str, str]]:
    """(file, row, column, locator) for every non-empty locator cell of the real data."""
    found = []
    for table, frame in real_tables().items():
        for spec in schema.COLUMNS[table]:
            if spec.kind == "locator":
                for row, locator in frame[spec.name].items():
                    if locator:
                        found.append((schema.file_name(table), int(row), spec.name, locator))
    return found


@pytest.fixture(scope="module")
def source_text() -> str:
    path = paths.source_text_path()
    if not path.is_file():
        pytest.skip(f"source text not found at {path}")
    return collapse_whitespace(path.read_text(encoding="utf-8"))


def number_forms(value: str) -> list[str]:
    """How a recorded number can be printed: ``62`` as ``62``; ``62.5`` as ``62,5`` or ``62.5``."""
    number = float(value)
    if number.is_integer():
        return [str(int(number))]
    text = f"{number:g}"
    return [text, text.replace(".", ",")]


def contains_number(locator: str, value: str) -> bool:
    """The number stands in the locator on its own, not as part of a longer number (8 is not in 18 or 8,5)."""
    return any(
        re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|[,.]\d)", locator) for form in number_forms(value)
    )


def located_numbers() -> list[tuple[str, int, str, str, str, bool]]:
    """(file, row, number column, value, locator, stated in words) for every printed number with its locator.

    "Stated in words" is true for a count whose row's note says so (the report writes "lika många",
    "den enda"): such a count cannot be found as digits.
    """
    found = []
    tables = real_tables()
    for table, locators in schema.LOCATED_NUMBERS.items():
        if table == "claims":  # a claim's figure is a paraphrase ("majority"), not a printed number
            continue
        frame = tables[table]
        for locator_column, number_columns in locators.items():
            for row, values in frame.iterrows():
                for column in number_columns:
                    value = values[column]
                    if value and values[locator_column]:
                        in_words = column == "count" and "in words" in values.get("note", "").lower()
                        locator = values[locator_column]
                        found.append((schema.file_name(table), int(row), column, value, locator, in_words))
    return found


def test_every_real_locator_occurs_verbatim_in_the_source_text(source_text: str) -> None:
    missing = [
        f"{file}, row {row}, column '{column}': {locator!r}"
        for file, row, column, locator in all_locators()
        if collapse_whitespace(locator) not in source_text
    ]
    assert not missing, "locators not found in the source text:\n" + "\n".join(missing)


NEXT_LINE_NOTE = "opens the next line"


def opens_next_line(locator: str, value: str, source_lines: list[str]) -> bool:
    """The number begins the source line right after the (single) line holding the locator."""
    return any(
        locator in line and following.lstrip(" (").startswith(tuple(number_forms(value)))
        for line, following in zip(source_lines, source_lines[1:])
    )


def test_every_real_locator_holds_the_number_it_locates() -> None:
    """Each printed number of a row (count and percentage alike) can be found through the row's locator.

    Locators never span a line break of the source text; where the report breaks a line between a count
    and its percentage, the row's note says the percentage opens the next line, and that is checked too.
    """
    source = paths.source_text_path()
    source_lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
    notes = {
        (int(row), column): values.get("note", "")
        for row, values in real_tables()["responses"].iterrows()
        for column in ("count", "percent_reported")
    }
    wrong = []
    for file, row, column, value, locator, in_words in located_numbers():
        if in_words or contains_number(locator, value):
            continue
        flagged = file == "responses.csv" and NEXT_LINE_NOTE in notes.get((row, column), "")
        if flagged and source_lines and opens_next_line(locator, value, source_lines):
            continue
        wrong.append(f"{file}, row {row}, column '{column}': {value} not in {locator!r}")
    assert not wrong, "locators without their number:\n" + "\n".join(wrong)


def test_real_data_has_locators_to_check() -> None:
    assert all_locators(), f"no locators found in {paths.RAW}"


@pytest.mark.parametrize(
    ("locator", "value", "expected"),
    [
        ("8 of 12 (67 %) said Yes", "8", True),
        ("8 of 12 (67 %) said Yes", "67", True),
        ("8 of 12 (67 %) said Yes", "6", False),
        ("18 svarade Ja", "8", False),
        ("ca 8,5 %", "8.5", True),
        ("ca 8,5 %", "8", False),
        ("(5 %) svarade", "5.0", True),
    ],
)
def test_contains_number_matches_whole_numbers_only(locator: str, value: str, expected: bool) -> None:
    assert contains_number(locator, value) is expected
