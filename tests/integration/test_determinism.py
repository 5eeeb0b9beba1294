"""Two full runs from a clean state give byte-identical tables, figure files and manifest.

The first is the session's shared run into ``data/processed``, the second a clean run into a
temporary folder, so the comparison also shows that no output depends on where it was written.
Excluded from the comparison, and why:

* executed notebooks (``notebooks/``): papermill records start and end times and
  durations of every cell, and the folders the notebook wrote to;
* the workflow's bookkeeping (``.snakemake``, ``logs``, ``.failed``) and the rule graph (``workflow/``);
* the manifest's ``environment.git_commit``, which changes whenever the project
  is committed between the two runs. Everything else in the manifest is compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dialogstats.workflow.contract import BOOKKEEPING
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration


def outputs(processed: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(processed.rglob("*")):
        relative = path.relative_to(processed)
        if path.is_file() and relative.parts[0] not in (*BOOKKEEPING, "notebooks", "workflow"):
            files[relative.as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def two_runs(processed_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    first = outputs(processed_outputs)
    processed = tmp_path_factory.mktemp("determinism") / "processed"
    run_pipeline(processed_dir=processed, render_paper=False, progress=False)
    return first, outputs(processed)


def without_commit(manifest: bytes) -> dict[str, object]:
    record = json.loads(manifest)
    record["environment"].pop("git_commit")
    return record


def test_both_runs_make_the_same_set_of_files(two_runs) -> None:
    first, second = two_runs
    assert sorted(first) == sorted(second)


@pytest.mark.parametrize("kind", [".csv", ".png", ".svg", ".pdf"])
def test_every_file_of_a_kind_is_byte_identical(two_runs, kind: str) -> None:
    first, second = two_runs
    names = [name for name in first if name.endswith(kind)]
    assert names, f"no {kind} files were made"
    differing = [name for name in names if first[name] != second.get(name)]
    assert differing == []


def test_manifest_is_identical_apart_from_the_commit(two_runs) -> None:
    first, second = two_runs
    assert without_commit(first["manifest.json"]) == without_commit(second["manifest.json"])


def test_manifest_is_byte_identical_when_the_commit_is_unchanged(two_runs) -> None:
    first, second = two_runs
    if json.loads(first["manifest.json"])["environment"] != json.loads(second["manifest.json"])["environment"]:
        pytest.skip("the project was committed between the two runs")
    assert first["manifest.json"] == second["manifest.json"]
