"""The machine-readable schema agrees with docs/codebook.md and rejects values the codebook forbids."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pytest

from dialogstats import paths
from dialogstats.data import schema

CODEBOOK = paths.ROOT / "docs" / "codebook.md"


def codebook_sections() -> dict[str, str]:
    """The codebook's text of each ``## `<table>.csv` `` section, from the rest of its heading to the next ``## ``."""
    text = CODEBOOK.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    return {m[1]: m[2] for m in (re.match(r"`(\w+)\.csv`(.*)", part, flags=re.DOTALL) for part in sections) if m}


def codebook_rows(table: str) -> list[tuple[list[str], str]]:
    """(column names, type cell) for each row of a table's column table in the codebook."""
    rows = []
    for line in codebook_sections()[table].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("`"):
            rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[1]))
    return rows


@pytest.mark.parametrize("table", schema.TABLES)
def test_columns_and_their_order_follow_the_codebook(table: str) -> None:
    documented = [name for names, _ in codebook_rows(table) for name in names]
    assert list(schema.column_names(table)) == documented


@pytest.mark.parametrize("table", schema.TABLES)
def test_allowed_values_follow_the_codebook(table: str) -> None:
    for names, type_cell in codebook_rows(table):
        listed = re.findall(r"`([a-z_0-9]+)`", type_cell)
        if " / " not in type_cell:
            continue
        for name in names:
            assert schema.column_spec(table, name).allowed == tuple(listed), name


def test_claim_area_takes_the_question_themes() -> None:
    assert schema.column_spec("claims", "area").allowed == schema.column_spec("questions", "theme").allowed


@pytest.mark.parametrize("table", schema.TABLES)
def test_primary_keys_follow_the_codebook(table: str) -> None:
    match = re.search(r"primary key `([^`]+)`", codebook_sections()[table])
    assert match, f"no primary key documented for {table}"
    assert schema.PRIMARY_KEYS[table] == tuple(k.strip() for k in match.group(1).split(","))


@pytest.mark.parametrize("table", schema.TABLES)
def test_typed_columns_follow_the_codebook(table: str) -> None:
    for names, type_cell in codebook_rows(table):
        for name in names:
            dtype = schema.column_spec(table, name).dtype
            if type_cell.startswith("integer"):
                assert dtype == "Int64", name
            elif type_cell.startswith("number"):
                assert dtype == "float64", name
            elif type_cell == "boolean":
                assert dtype == "bool", name
            else:
                assert dtype == "str", name


@pytest.mark.parametrize("value", ["a", "arbetsmote", "skolchef__knows_strategy", "q1", "a_b_2"])
def test_valid_ids(value: str) -> None:
    assert re.fullmatch(schema.ID_PATTERN, value)


@pytest.mark.parametrize("value", ["", "A", "Arbetsmote", "1a", "_a", "a-b", "a b", "möte", "a.b"])
def test_invalid_ids(value: str) -> None:
    assert not re.fullmatch(schema.ID_PATTERN, value)


@pytest.mark.parametrize("value", ["yes", "no_lacks_model", "1-2", "3", "4-5"])
def test_valid_options(value: str) -> None:
    assert re.fullmatch(schema.OPTION_PATTERN, value)


@pytest.mark.parametrize("value", ["", "-1", "_x", "Yes", "a b", "1–2"])
def test_invalid_options(value: str) -> None:
    assert not re.fullmatch(schema.OPTION_PATTERN, value)


def test_foreign_keys_name_existing_columns() -> None:
    for fk in schema.FOREIGN_KEYS:
        assert set(fk.columns) <= set(schema.column_names(fk.table))
        assert set(fk.ref_columns) <= set(schema.column_names(fk.ref_table))


def test_every_printed_number_has_a_locator_column() -> None:
    located = {(t, c) for t, locators in schema.LOCATED_NUMBERS.items() for cs in locators.values() for c in cs}
    numbers = {(t, s.name) for t in schema.TABLES for s in schema.COLUMNS[t] if s.kind in ("integer", "percent")}
    assert numbers <= located
    for table, locators in schema.LOCATED_NUMBERS.items():
        for locator in locators:
            assert schema.column_spec(table, locator).kind == "locator"


def constructs_frame(**changes: object) -> pd.DataFrame:
    row = {
        "construct": "support",
        "label_en": "Support",
        "label_sv": "Stöd",
        "description_en": "",
        "comparability": "same_wording",
        "comparability_note": "",
    }
    row.update(changes)
    return pd.DataFrame([row])


def groups_frame(members: list[object], group_ids: list[str] | None = None) -> pd.DataFrame:
    group_ids = group_ids or [f"g{i}" for i in range(len(members))]
    return pd.DataFrame(
        {
            "dialogue_id": ["d"] * len(members),
            "group_id": group_ids,
            "name_en": ["Group"] * len(members),
            "name_sv": ["Grupp"] * len(members),
            "members": pd.array(members, dtype="Int64"),
            "locator_members": [""] * len(members),
        }
    )


def failed_checks(table: str, frame: pd.DataFrame) -> list[str]:
    try:
        schema.table_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as error:
        return list(error.failure_cases["check"])
    return []


def test_schema_accepts_a_valid_row() -> None:
    assert failed_checks("constructs", constructs_frame()) == []


def test_schema_rejects_a_value_outside_the_allowed_set() -> None:
    assert failed_checks("constructs", constructs_frame(comparability="equal")) == [
        "must be one of: same_wording, similar_wording, different_wording"
    ]


def test_schema_rejects_an_empty_required_label() -> None:
    assert failed_checks("constructs", constructs_frame(label_en="")) == ["is empty; a value is required"]


def test_schema_rejects_a_negative_integer_but_accepts_an_empty_one() -> None:
    assert failed_checks("groups", groups_frame([-1, None])) == ["must not be negative"]


def test_schema_rejects_a_duplicated_composite_key_once_per_extra_row() -> None:
    failures = failed_checks("groups", groups_frame([1, 2, 3], ["all", "all", "g"]))
    assert failures == ["multiple_fields_uniqueness", "multiple_fields_uniqueness"]  # one per key column


def test_schema_rejects_an_extra_column() -> None:
    assert failed_checks("constructs", constructs_frame().assign(extra="x")) != []


def test_schema_rejects_a_percentage_above_100() -> None:
    frame = pd.DataFrame(
        {
            "question_id": ["q"],
            "option": ["yes"],
            "label_en": ["Yes"],
            "label_sv": ["Ja"],
            "count": pd.array([1], dtype="Int64"),
            "percent_reported": np.array([100.5]),
            "approx": [False],
            "combines": [""],
            "locator": ["x"],
            "note": [""],
        }
    )
    assert failed_checks("responses", frame) == ["percentage must be between 0 and 100"]
