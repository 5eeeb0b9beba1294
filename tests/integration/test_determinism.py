"""Two runs give byte-identical tables, figure files and manifest entries.

The first is the session's shared run into ``data/processed``; the second makes again, into a
temporary folder, the outputs of two tasks: the dialogue notebook for one small dialogue (the
culture and education committee) and the audit notebook. So the comparison costs two notebook
runs side by side, covers both kinds of notebook (one dialogue, one over all the data) and their
figures in every language, and also shows that no output depends on where it was written. Not
compared, and why: the collected tables, workbooks and figure pack, which the second run does not
make (they are copies and concatenations of the compared files, written by the same functions);
the executed notebooks (papermill records times and folders); the workflow's bookkeeping
(``.snakemake``, ``logs``, ``.failed``); the manifest, which the second run does not make (two runs
give the same manifest apart from the commit: tests/integration/test_interrupt.py compares them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats.workflow import contract
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration

DIALOGUE = "kultur_bildning"
TASKS = [("dialogue", DIALOGUE), ("audit", None)]
TARGETS = [name for nb, d in TASKS for name in (*contract.table_outputs(nb, d), contract.figure_dir(nb, d))]


def task_files(processed: Path) -> dict[str, bytes]:
    """Every file the two tasks wrote (tables, figures, figure index fragments), with its bytes."""
    files = {}
    for target in TARGETS:
        location = processed / target
        for path in sorted(location.rglob("*")) if location.is_dir() else [location]:
            files[path.relative_to(processed).as_posix()] = path.read_bytes()
    return files


@pytest.fixture(scope="module")
def two_runs(processed_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    processed = tmp_path_factory.mktemp("determinism") / "processed"
    run_pipeline(processed_dir=processed, dialogues=[DIALOGUE], render_paper=False, progress=False, targets=TARGETS)
    return task_files(processed_outputs), task_files(processed)


def test_both_runs_make_the_same_files(two_runs) -> None:
    first, second = two_runs
    assert sorted(first) == sorted(second)
    assert any(".sv." in name for name in first) and any(".en." in name for name in first)


@pytest.mark.parametrize("kind", [".csv", ".png", ".svg", ".pdf"])
def test_every_file_of_a_kind_is_byte_identical(two_runs, kind: str) -> None:
    first, second = two_runs
    names = [name for name in first if name.endswith(kind)]
    assert names, f"no {kind} files were made"
    assert [name for name in names if first[name] != second.get(name)] == []
