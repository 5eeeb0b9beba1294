"""Every --ci-method, several --confidence levels and both --lang values run through the whole pipeline.

Each run goes through the command line into a temporary folder with one dialogue that has
nonresponse bounds (the direction meeting) and the three project notebooks. The pairs cover
every interval method, four levels (each with an exact and an approximate method) and both
languages; the outputs must carry the method, level and language asked for.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dialogstats import cli
from dialogstats.stats.intervals import METHODS

pytestmark = pytest.mark.integration

DIALOGUE = "riktningsmote"
RUNS = [
    ("wilson", 0.95, "en"),
    ("blaker", 0.9, "sv"),
    ("jeffreys", 0.99, "en"),
    ("clopper_pearson", 0.8, "sv"),
    ("agresti_coull", 0.9, "en"),
    ("mid_p", 0.99, "sv"),
    ("wald", 0.8, "en"),
]


def test_the_runs_cover_every_method_both_languages_and_several_levels() -> None:
    assert sorted(m for m, _, _ in RUNS) == sorted(METHODS)
    assert {lang for _, _, lang in RUNS} == {"en", "sv"}
    assert len({level for _, level, _ in RUNS}) >= 4


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("method", "confidence", "lang"), RUNS, ids=[f"{m}-{c}-{l}" for m, c, l in RUNS])
def test_pipeline_runs_with_the_method_level_and_language_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, confidence: float, lang: str
) -> None:
    processed = tmp_path / "processed"
    code = cli.main([
        "run", "--processed", str(processed), "--no-paper", "--quiet", "--jobs", "2",
        "--ci-method", method, "--confidence", str(confidence), "--lang", lang, "--dialogue", DIALOGUE,
    ])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"dialogue-{DIALOGUE}" in captured.out and "methods" in captured.out

    bounds = read(processed / "bounds.csv")
    assert bounds and {r["method"] for r in bounds} == {method}
    assert {float(r["confidence"]) for r in bounds} == {confidence}
    assert all(float(r["manski_low"]) <= float(r["fpc_low"]) <= float(r["fpc_high"]) <= float(r["manski_high"]) for r in bounds)

    design = read(processed / "design_effect.csv")
    assert design and {r["method"] for r in design} == {method}
    assert {float(r["confidence"]) for r in design} == {confidence}
    assert all(int(r["cluster_size"]) <= int(r["n"]) and float(r["n_effective"]) >= 2 for r in design)
    assert {r["method"] for r in read(processed / "design_effect_coverage.csv")} == {method}

    claims = read(processed / "claims.csv")
    assert {r["method"] for r in claims} == {method} and {float(r["confidence"]) for r in claims} == {confidence}
    for table in ("shares.csv", "coverage.csv", "simultaneous_coverage.csv", "design_effect_coverage.csv"):
        assert {float(r["confidence"]) for r in read(processed / table)} == {confidence}, table
    assert method in {r["method"] for r in read(processed / "shares.csv")}

    figures = read(processed / "figures" / "index.csv")
    assert figures and {r["lang"] for r in figures} == {lang}
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == {"confidence": confidence, "ci_method": method, "lang": lang}
