"""Loading and validating a raw-data folder: the good fixture loads, every bad fixture is refused clearly."""

from __future__ import annotations

import dataclasses
import shutil
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from dialogstats.data import schema
from dialogstats.errors import ParameterError, RawDataError, UnknownNameError, ValidationIssue
from dialogstats.data.rawdata import RawData, load_raw, validate_raw

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good"
GOOD_BOM = FIXTURES / "good_bom"
SOURCE = GOOD / "source.txt"
BAD_CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())
TABLE_FILES = tuple(schema.file_name(t) for t in schema.TABLES)


def expected_substrings(case: Path) -> list[str]:
    return [line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line]


@cache
def issues_of(case: Path) -> tuple[ValidationIssue, ...]:
    """The issues of a bad case, validated once for all the tests that read them."""
    return tuple(validate_raw(case, source_text=SOURCE))


@pytest.fixture(scope="module")
def good() -> RawData:
    return load_raw(GOOD, source_text=SOURCE)


def row_of(frame: pd.DataFrame, **key: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in key.items():
        mask &= frame[column] == value
    assert mask.sum() == 1
    return frame[mask].iloc[0]


# --- the good fixture ---------------------------------------------------------------------------


def test_good_fixture_has_no_issues() -> None:
    assert validate_raw(GOOD, source_text=SOURCE) == []


def test_loaded_tables_have_the_codebook_columns_in_order(good: RawData) -> None:
    for table in schema.TABLES:
        assert list(good.table(table).columns) == list(schema.column_names(table))


def test_loaded_tables_keep_every_row_in_file_order(good: RawData) -> None:
    assert list(good.dialogues["dialogue_id"]) == ["workshop", "network", "council"]
    assert len(good.responses) == 13
    assert good.responses.index.equals(pd.RangeIndex(13))


def test_integer_columns_are_nullable_int64(good: RawData) -> None:
    assert good.responses["count"].dtype == "Int64"
    assert row_of(good.responses, question_id="workshop__support", option="yes")["count"] == 8
    assert pd.isna(row_of(good.responses, question_id="network__support", option="uses_any")["count"])
    assert good.questions["answers_total_reported"].dtype == "Int64"
    assert good.dialogues["attendees"].dtype == "Int64"
    assert good.groups["members"].dtype == "Int64"


def test_percent_columns_are_float64_with_nan_when_empty(good: RawData) -> None:
    assert good.responses["percent_reported"].dtype == "float64"
    assert row_of(good.responses, question_id="workshop__support", option="yes")["percent_reported"] == 67.0
    assert pd.isna(row_of(good.responses, question_id="workshop__reasons", option="lack_time")["percent_reported"])
    assert good.dialogues["response_rate_reported"].dtype == "float64"


def test_boolean_columns_are_bool(good: RawData) -> None:
    assert good.dialogues["has_figures"].dtype == bool
    assert list(good.dialogues["has_figures"]) == [True, True, False]
    assert good.questions["multi_select"].dtype == bool
    assert good.responses["approx"].dtype == bool


def test_empty_text_cells_are_empty_strings(good: RawData) -> None:
    support = row_of(good.questions, question_id="workshop__support")
    assert support["asked_if"] == ""
    assert good.questions["asked_if"].map(type).eq(str).all()
    assert row_of(good.dialogues, dialogue_id="council")["note"] == "Views were discussed, not counted"


def test_raw_data_is_frozen_and_knows_its_folder(good: RawData) -> None:
    assert good.raw_dir == GOOD
    with pytest.raises(dataclasses.FrozenInstanceError):
        good.dialogues = good.groups  # type: ignore[misc]


def test_unknown_table_name_is_refused(good: RawData) -> None:
    with pytest.raises(UnknownNameError, match="unknown table 'answers'; valid: dialogues, groups"):
        good.table("answers")


def test_byte_order_mark_and_crlf_line_ends_are_accepted(good: RawData) -> None:
    with_bom = load_raw(GOOD_BOM, source_text=SOURCE)
    for table in schema.TABLES:
        pd.testing.assert_frame_equal(with_bom.table(table), good.table(table))


def test_uppercase_booleans_as_spreadsheets_write_them_are_accepted(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    edit(folder / "dialogues.csv", ",forms,true,", ",forms,TRUE,")
    assert validate_raw(folder, source_text=SOURCE) == []


def test_claims_may_be_header_only(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    claims = folder / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    raw = load_raw(folder, source_text=SOURCE)
    assert raw.claims.empty
    assert list(raw.claims.columns) == list(schema.column_names("claims"))


# --- source text ------------------------------------------------------------------------------


def test_locator_search_ignores_line_breaks_in_the_source(tmp_path: Path) -> None:
    source = tmp_path / "source.txt"
    source.write_text(SOURCE.read_text(encoding="utf-8").replace("8 of 12 (67 %)", "8 of\n12 (67\n%)"), "utf-8")
    assert validate_raw(GOOD, source_text=source) == []


def test_source_text_none_skips_the_locator_search() -> None:
    assert validate_raw(FIXTURES / "bad" / "locator_not_in_source", source_text=None) == []


def test_source_text_auto_uses_the_configured_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(SOURCE))
    issues = validate_raw(FIXTURES / "bad" / "locator_not_in_source")
    assert [(i.file, i.row, i.column) for i in issues] == [("responses.csv", 2, "locator")]


def test_source_text_auto_skips_the_search_when_the_source_is_absent(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(tmp_path / "absent.txt"))
    assert validate_raw(FIXTURES / "bad" / "locator_not_in_source") == []


def test_an_explicit_source_text_that_is_missing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="source text not found"):
        validate_raw(GOOD, source_text=tmp_path / "absent.txt")


def test_load_raw_without_locator_check_loads_data_with_unknown_locators() -> None:
    raw = load_raw(FIXTURES / "bad" / "locator_not_in_source", source_text=SOURCE, check_locators=False)
    assert len(raw.responses) == 13


# --- bad inputs -------------------------------------------------------------------------------


def test_there_are_at_least_25_bad_cases() -> None:
    assert len(BAD_CASES) >= 25


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_bad_case_is_reported_with_the_expected_message(case: Path) -> None:
    issues = issues_of(case)
    report = "\n".join(str(issue) for issue in issues)
    for expected in expected_substrings(case):
        assert expected in report


@pytest.mark.parametrize("name", ["missing_file", "unbalanced_quote", "negative_count", "two_defects"])
def test_bad_case_is_refused_by_load_raw(name: str) -> None:
    case = FIXTURES / "bad" / name
    with pytest.raises(RawDataError) as error:
        load_raw(case, source_text=SOURCE)
    assert error.value.issues
    assert expected_substrings(case)[0] in str(error.value)


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_every_issue_names_a_file_and_a_valid_place_in_it(case: Path) -> None:
    for issue in issues_of(case):
        assert issue.file in TABLE_FILES
        table = issue.file.removesuffix(".csv")
        path = case / issue.file
        if issue.row is not None:
            lines = path.read_bytes().count(b"\n") + 1
            assert 1 <= issue.row <= lines
        if issue.column is not None:
            header = path.read_bytes().decode("utf-8", "replace").split("\n", 1)[0]
            assert issue.column in schema.column_names(table) or issue.column in header


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_a_cell_level_message_names_row_and_column(case: Path) -> None:
    issues = issues_of(case)
    first = expected_substrings(case)[0]
    if ", row " in first and ", column " in first:
        assert any(i.row is not None and i.column is not None and str(i).startswith(first) for i in issues)


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_bad_case_differs_from_good_in_as_many_files_as_it_has_defects(case: Path) -> None:
    changed = [f for f in TABLE_FILES if not (case / f).exists() or (case / f).read_bytes() != (GOOD / f).read_bytes()]
    assert len(changed) == (2 if case.name == "two_defects" else 1)


def test_two_defects_in_two_files_are_both_reported_in_one_go() -> None:
    with pytest.raises(RawDataError) as error:
        load_raw(FIXTURES / "bad" / "two_defects", source_text=SOURCE)
    assert [(i.file, i.row, i.column) for i in error.value.issues] == [
        ("dialogues.csv", 4, "kind"),
        ("responses.csv", 3, "count"),
    ]


def test_every_wrong_row_of_one_file_is_reported(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    edit(folder / "responses.csv", ",3,25,", ",-3,25,")
    edit(folder / "responses.csv", ",2,,false", ",two,,false")
    edit(folder / "responses.csv", "67,false", "67,no")
    issues = validate_raw(folder, source_text=SOURCE)
    assert [(i.row, i.column) for i in issues] == [(2, "approx"), (3, "count"), (5, "count")]


def test_rows_are_numbered_as_a_spreadsheet_shows_them_across_multiline_cells(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    edit(folder / "dialogues.csv", '"Views were discussed, not counted"', '"Views were discussed,\nnot counted"')
    edit(folder / "dialogues.csv", ",civil_society,", ",civil,")
    issues = validate_raw(folder, source_text=SOURCE)
    assert [(i.file, i.row, i.column) for i in issues] == [("dialogues.csv", 4, "kind")]


def test_issues_are_ordered_by_file_in_codebook_order_then_row() -> None:
    issues = list(issues_of(FIXTURES / "bad" / "unknown_dialogue_id"))
    assert issues == sorted(issues, key=lambda i: (TABLE_FILES.index(i.file), i.row or 0))
    assert [i.file for i in issues] == ["dialogues.csv", "questions.csv"]


def test_missing_raw_folder_is_one_issue(tmp_path: Path) -> None:
    issues = validate_raw(tmp_path / "absent", source_text=None)
    assert issues == [ValidationIssue(str(tmp_path / "absent"), None, None, "raw-data folder not found")]


def test_some_two_hundred_valid_rows_validate_without_issues(tmp_path: Path) -> None:
    # The time it takes is measured by benchmarks/bench_statistics.py, not asserted here.
    folder = copy_good(tmp_path)
    questions, responses = [], []
    for i in range(50):
        questions.append(
            f"network__q{i},network,all,implementation,Question {i},Label {i},Etikett {i},single_choice,false,"
            "respondents,10,,,,,10 heads answered,,"
        )
        for option in ("a", "b", "c", "d"):
            responses.append(f"network__q{i},{option},Option {option},Alternativ {option},3,30,false,,3 (30 %) use it in plans,")
    append(folder / "questions.csv", questions)
    append(folder / "responses.csv", responses)
    assert validate_raw(folder, source_text=SOURCE) == []


# --- editing a copy of the good fixture -------------------------------------------------------


def copy_good(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(GOOD, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, lines: list[str]) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(lines) + "\n", encoding="utf-8")
