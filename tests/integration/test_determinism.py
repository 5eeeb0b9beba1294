"""Two runs give byte-identical tables, figure files and manifest entries.

The first is the session's shared run into ``data/processed``; the second runs the same notebooks
into a temporary folder for one small dialogue only (the health and social care heads) and the
three project notebooks, so that the comparison costs one short run and also shows that no output
depends on where it was written. Compared: every file made by a task that ran in both (the
project notebooks' tables, every task's figures and figure index fragment, the dialogue's
tables), the figure pack's copies of those figures, and those files' manifest entries. Not
compared, and why: the collected tables, the workbooks and the figure index, which hold only the
chosen dialogue in the second run; the executed notebooks (papermill records times and folders);
the workflow's bookkeeping (``.snakemake``, ``logs``, ``.failed``); the manifest's git commit.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dialogstats.workflow import contract
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration

DIALOGUE = "hossoc"


def task_files(processed: Path) -> dict[str, bytes]:
    """The files of the project notebooks and of DIALOGUE's task, and their figure pack copies, with their bytes."""
    folders = [contract.figure_dir(nb) for nb in contract.PROJECT_NOTEBOOKS]
    folders += [contract.figure_dir("dialogue", DIALOGUE), contract.table_dir("dialogue", DIALOGUE)]
    names = [t for nb in contract.PROJECT_NOTEBOOKS for t in contract.table_outputs(nb)]
    names += [p.relative_to(processed).as_posix() for f in folders for p in sorted((processed / f).rglob("*")) if p.is_file()]
    with open(processed / contract.FIGURE_INDEX_REL, newline="", encoding="utf-8") as handle:
        figure_ids = {r["figure_id"] for r in csv.DictReader(handle) if r["dialogue_id"] in ("", DIALOGUE)}
    pack = processed / contract.FIGURE_PACK_REL
    names += [p.relative_to(processed).as_posix() for p in sorted(pack.rglob("*")) if p.is_file() and p.stem in figure_ids]
    return {name: (processed / name).read_bytes() for name in names}


def manifest_entries(processed: Path, names: list[str]) -> dict[str, object]:
    outputs = json.loads((processed / contract.MANIFEST_REL).read_text(encoding="utf-8"))["outputs"]
    return {name: outputs.get(name) for name in names}


@pytest.fixture(scope="module")
def two_runs(processed_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    processed = tmp_path_factory.mktemp("determinism") / "processed"
    run_pipeline(processed_dir=processed, dialogues=[DIALOGUE], render_paper=False, progress=False)
    return processed_outputs, processed


def test_both_runs_make_the_same_files_for_the_tasks_they_share(two_runs) -> None:
    first, second = (task_files(p) for p in two_runs)
    assert sorted(first) == sorted(second)
    assert any(n.startswith(contract.FIGURE_PACK_REL + "/") for n in first)


@pytest.mark.parametrize("kind", [".csv", ".png", ".svg", ".pdf", ".txt"])
def test_every_file_of_a_kind_is_byte_identical(two_runs, kind: str) -> None:
    first, second = (task_files(p) for p in two_runs)
    names = [name for name in first if name.endswith(kind)]
    assert names, f"no {kind} files were made"
    assert [name for name in names if first[name] != second.get(name)] == []


def test_manifest_records_the_same_hash_origin_and_inputs_for_every_shared_file(two_runs) -> None:
    names = sorted(task_files(two_runs[0]))
    first, second = (manifest_entries(p, names) for p in two_runs)
    assert all(first[name] is not None for name in names)
    assert first == second
