"""Interrupted runs: after SIGTERM or SIGKILL mid-run, a normal run gives the same files as an uninterrupted one.

No manual unlock or cleanup in between: the command line holds a ``flock`` on the processed folder
while Snakemake runs, so a Snakemake lock left by a killed run is known to be stale and is
released, and ``--rerun-incomplete`` makes again what was being written. Executed notebooks
(``notebooks/``) are not compared: they hold execution timings. The workflow's bookkeeping
(``.snakemake``, ``logs``, ``.failed``) is not an output. The manifest is compared without its
git commit. The uninterrupted reference is the session's shared run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.workflow import contract
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration

WAIT_LIMIT = 900.0


def outputs(processed: Path) -> dict[str, bytes]:
    """Every processed table and figure file and the manifest (without its git commit), with its bytes."""
    files = {}
    for path in sorted(processed.rglob("*")):
        relative = path.relative_to(processed)
        if path.is_file() and relative.parts[0] not in (*contract.BOOKKEEPING, "notebooks", "workflow"):
            files[relative.as_posix()] = path.read_bytes()
    manifest = json.loads(files.pop("manifest.json"))
    manifest["environment"].pop("git_commit")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode("utf-8")
    return files


@pytest.fixture(scope="module")
def reference(processed_outputs: Path) -> dict[str, bytes]:
    return outputs(processed_outputs)


def start_run(processed: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dialogstats", "run", "--processed", str(processed), "--no-paper", "--jobs", "2"],
        cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_until_dialogues_run(processed: Path, process: subprocess.Popen[str]) -> None:
    """Wait until one notebook task has finished and a dialogue notebook is running."""
    deadline = time.monotonic() + WAIT_LIMIT
    finished_markers = [processed / t for nb in contract.PROJECT_NOTEBOOKS for t in contract.table_outputs(nb)]
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        finished = any(p.is_file() for p in finished_markers) or any((processed / "by_dialogue").glob("*/bounds.csv"))
        running = [p for p in (processed / "notebooks").glob("dialogue-*.ipynb")
                   if not (processed / "by_dialogue" / p.stem.removeprefix("dialogue-") / "bounds.csv").is_file()]
        if finished and running:
            return
        time.sleep(0.2)
    raise AssertionError("the run never reached its dialogue notebooks")


@pytest.fixture(scope="module")
def stopped_by_sigterm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run sent SIGTERM while dialogue notebooks run (after at least one task finished)."""
    processed = tmp_path_factory.mktemp("sigterm") / "processed"
    process = start_run(processed)
    wait_until_dialogues_run(processed, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=600)
    return {"processed": processed, "returncode": process.returncode, "stderr": err}


def test_sigterm_stops_the_run_with_a_message_and_the_signal_exit_status(stopped_by_sigterm) -> None:
    assert stopped_by_sigterm["returncode"] == 128 + signal.SIGTERM
    assert "interrupted by SIGTERM" in stopped_by_sigterm["stderr"]
    assert "Traceback" not in stopped_by_sigterm["stderr"]


def test_rerun_after_sigterm_gives_the_files_of_an_uninterrupted_run(stopped_by_sigterm, reference) -> None:
    processed = stopped_by_sigterm["processed"]
    summary = run_pipeline(processed_dir=processed, render_paper=False, progress=False)
    assert summary.skipped, "tasks finished before the interruption should be reused"
    assert outputs(processed) == reference


def test_rerun_after_sigkill_of_the_process_group_gives_the_files_of_an_uninterrupted_run(
    tmp_path: Path, reference
) -> None:
    processed = tmp_path / "processed"
    process = start_run(processed)
    wait_until_dialogues_run(processed, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert any((processed / ".snakemake" / "locks").iterdir()), "the killed run should have left its lock"
    summary = run_pipeline(processed_dir=processed, render_paper=False, progress=False)
    assert summary.skipped and summary.made
    assert outputs(processed) == reference
    locks = processed / ".snakemake" / "locks"
    assert not locks.is_dir() or not any(locks.iterdir())
