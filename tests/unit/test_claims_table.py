"""The raw claims table against the report and its protocol; the robustness grid; one source of truth."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from dialogstats import paths
from dialogstats.analysis.claims import (
    ROBUSTNESS_COLUMNS, ROBUSTNESS_ICCS, ROBUSTNESS_LEVELS, ROBUSTNESS_METHODS, assess_claims, protocol,
    robust_summary, robustness_grid,
)
from dialogstats.analysis.crossnetwork import statement_checks
from dialogstats.data.crosschecks import normalise_whitespace
from dialogstats.data.rawdata import load_raw

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "docs" / "claims.md"
SHARED_WORDS = 6


@pytest.fixture(scope="module")
def raw():
    return load_raw()


@pytest.fixture(scope="module")
def source() -> str:
    path = paths.source_text_path()
    if not path.exists():
        pytest.skip("the report's text is not available")
    return normalise_whitespace(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def audit_table(raw):
    from dialogstats.analysis.audit import build_audit

    return build_audit(raw)


def test_the_protocol_prints_the_counts_of_the_table(raw):
    text = PROTOCOL.read_text(encoding="utf-8")
    block = re.search(r"<!-- counts: .*? -->\n(.*?)\n<!-- end of counts -->", text, flags=re.DOTALL)
    assert block, "docs/claims.md has no generated counts block"
    assert block.group(1).strip() == protocol.count_table(raw.claims)
    assert protocol.summary_line(raw.claims) in normalise_whitespace(text)
    cells = len(ROBUSTNESS_METHODS) * len(ROBUSTNESS_LEVELS) * len(ROBUSTNESS_ICCS)
    assert f"all {cells} cells agree" in normalise_whitespace(text)


def test_every_locator_is_found_once_and_rows_follow_the_report(raw, source):
    positions = []
    for claim_id, locator in zip(raw.claims["claim_id"], raw.claims["locator"]):
        snippet = normalise_whitespace(locator)
        assert source.count(snippet) == 1, f"{claim_id}: locator found {source.count(snippet)} times"
        positions.append(source.index(snippet))
    assert positions == sorted(positions), "claims.csv is not in report order"


def test_paraphrases_and_labels_are_our_own_words(raw, source):
    words = re.findall(r"\w+", source.lower())
    shingles = {tuple(words[i:i + SHARED_WORDS]) for i in range(len(words) - SHARED_WORDS + 1)}
    for column in ("claim_en", "claim_sv", "label_en", "label_sv"):
        for claim_id, text in zip(raw.claims["claim_id"], raw.claims[column]):
            own = re.findall(r"\w+", text.lower())
            copied = [own[i:i + SHARED_WORDS] for i in range(len(own) - SHARED_WORDS + 1)
                      if tuple(own[i:i + SHARED_WORDS]) in shingles]
            assert not copied, f"{claim_id}.{column} copies the report: {' '.join(copied[0])}"


def test_every_statement_id_names_a_first_occurrence(raw):
    order = {c: i for i, c in enumerate(raw.claims["claim_id"])}
    for claim_id, statement in zip(raw.claims["claim_id"], raw.claims["statement_id"]):
        assert order[statement] <= order[claim_id]


# --- robustness ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def grid(raw, audit_table):
    return robustness_grid(raw, audit=audit_table)


def test_the_grid_has_every_cell_in_a_fixed_order(raw, grid, audit_table):
    cells = len(ROBUSTNESS_METHODS) * len(ROBUSTNESS_LEVELS) * len(ROBUSTNESS_ICCS)
    assert list(grid.columns) == list(ROBUSTNESS_COLUMNS)
    assert len(grid) == cells * len(raw.claims)
    first = grid[grid["claim_id"] == raw.claims["claim_id"].iloc[0]]
    assert list(first["method"].drop_duplicates()) == list(ROBUSTNESS_METHODS)
    again = robustness_grid(raw, audit=audit_table, methods=("wilson",))
    assert again.equals(grid[grid["method"] == "wilson"].reset_index(drop=True))


def test_verdict_robust_is_true_exactly_when_every_cell_agrees(raw, grid, audit_table):
    table = assess_claims(raw, audit=audit_table, robustness=grid)
    spread = grid.groupby("claim_id")["verdict"].nunique()
    assert dict(zip(table["claim_id"], table["verdict_robust"])) == {c: bool(spread[c] == 1) for c in table["claim_id"]}
    # the run's own verdict is the grid's cell at its method, level and ICC 0
    cell = grid[(grid["method"] == "wilson") & (grid["confidence"] == 0.95) & (grid["icc"] == 0.0)]
    assert list(cell["verdict"]) == list(table["verdict"])


def test_robust_detail_names_what_a_verdict_hinges_on():
    grid = pd.DataFrame([
        ("a", "wilson", 0.95, 0.0, "supported"), ("a", "wilson", 0.95, 0.1, "not_supported_at_this_n"),
        ("a", "blaker", 0.95, 0.0, "supported"), ("a", "blaker", 0.95, 0.1, "not_supported_at_this_n"),
        ("b", "wilson", 0.95, 0.0, "supported"), ("b", "wilson", 0.95, 0.1, "supported"),
    ], columns=list(ROBUSTNESS_COLUMNS))
    summary = robust_summary(grid).set_index("claim_id")
    assert not summary.loc["a", "verdict_robust"] and summary.loc["a", "robust_detail"].startswith("hinges on ICC:")
    assert summary.loc["b", "verdict_robust"] and summary.loc["b", "robust_detail"] == ""


# --- one source of truth ------------------------------------------------------------------------


def test_statement_checks_and_claims_agree_about_every_statement(raw, grid, audit_table):
    claims = assess_claims(raw, audit=audit_table, robustness=grid).set_index("claim_id")
    checks = statement_checks(raw, audit=audit_table)
    assert len(checks) and set(checks["statement"]) <= set(claims.index)
    for statement, rows in checks.groupby("statement"):
        assert set(rows["verdict"]) == {claims.loc[statement, "verdict"]}, statement
        assert set(rows["reason_code"]) == {claims.loc[statement, "reason_code"]}, statement


def test_processed_outputs_agree_when_they_exist():
    folder = paths.PROCESSED
    claims_file, checks_file = folder / "claims.csv", folder / "statement_checks.csv"
    if not (claims_file.exists() and checks_file.exists()):
        pytest.skip("the pipeline has not been run")
    claims = pd.read_csv(claims_file, keep_default_na=False).set_index("claim_id")
    checks = pd.read_csv(checks_file, keep_default_na=False)
    if "verdict" not in checks.columns:
        pytest.skip("statement_checks.csv is from an older run")
    for statement, rows in checks.groupby("statement"):
        assert set(rows["verdict"]) == {claims.loc[statement, "verdict"]}, statement
