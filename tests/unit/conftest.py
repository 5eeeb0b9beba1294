"""Fixtures of the unit tests: the small, valid raw-data folder in ``tests/fixtures/good``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats.data.rawdata import RawData, load_raw

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.fixture(scope="session")
def good_raw() -> RawData:
    """The good fixture, loaded and validated (locators checked against its own ``source.txt``)."""
    return load_raw(GOOD, source_text=GOOD / "source.txt")


@pytest.fixture(scope="session")
def small_processed(good_raw, tmp_path_factory) -> Path:
    """A processed folder made from the good fixture by the analysis functions (no notebooks, no figures drawn):
    the tables the documents read, a figure index and a manifest."""
    import json

    import pandas as pd

    from dialogstats import tableio
    from dialogstats.analysis import audit, claims, crossnetwork, shares
    from dialogstats.stats import coverage, intervals, simultaneous

    out = tmp_path_factory.mktemp("processed")
    with_figures = list(good_raw.dialogues.loc[good_raw.dialogues["has_figures"], "dialogue_id"])
    tableio.write_table(pd.concat([shares.build_shares(good_raw, d) for d in with_figures], ignore_index=True), out / "shares.csv")
    audit_table = audit.build_audit(good_raw)
    tableio.write_table(audit_table, out / "audit.csv")
    tableio.write_table(audit.build_denominators(good_raw), out / "denominators.csv")
    tableio.write_table(claims.assess_claims(good_raw, audit=audit_table), out / "claims.csv")
    tableio.write_table(crossnetwork.build_comparisons(good_raw), out / "comparisons.csv")
    tableio.write_table(coverage.coverage_table(intervals.METHODS, [5, 12], grid=50), out / "coverage.csv")
    tableio.write_table(simultaneous.coverage_evidence(ns=(5,), p_vectors=((0.5, 0.3, 0.2),)), out / "simultaneous_coverage.csv")
    (out / "figures").mkdir()
    index = pd.DataFrame([
        {"figure_id": "audit-status", "file": "audit/audit-status", "dialogue_id": "", "caption": "Checks *by* dialogue",
         "alt_text": "Bars", "notebook": "audit", "lang": lang}
        for lang in ("en", "sv")
    ])
    tableio.write_table(index, out / "figures" / "index.csv")
    (out / "figures" / "audit").mkdir()
    (out / "figures" / "audit" / "audit-status.png").write_bytes(b"\x89PNG fake")
    manifest = {"parameters": {"ci_method": "wilson", "confidence": 0.95, "lang": "en"},
                "environment": {"packages": {"pandas": "2.3.3"}, "python": "3.11.7", "platform": "Linux", "git_commit": "abc"}}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    from dialogstats.analysis import bounds

    tableio.write_table(pd.concat([bounds.build_bounds(good_raw, d) for d in with_figures], ignore_index=True), out / "bounds.csv")
    return out


@pytest.fixture
def small_outputs(small_processed):
    """The documents' view of the small processed folder (labels from the good fixture)."""
    from dialogstats.report.outputs import ProcessedOutputs

    return ProcessedOutputs(processed_dir=small_processed, raw_dir=GOOD)
