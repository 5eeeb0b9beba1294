"""Interrupted runs: after SIGTERM or SIGKILL mid-run, a normal run gives the same files as an uninterrupted one.

Executed notebooks (under ``notebooks/``) are not compared: they hold execution
timings and the staging folder they ran in. The engine's hidden folders
(``.stamps``, ``.staging``, ``.failed``) are not outputs. The manifest is
compared without its git commit.
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
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration

WAIT_LIMIT = 900.0


def outputs(processed: Path) -> dict[str, bytes]:
    """Every processed table and figure file and the manifest, with its bytes.

    Executed notebooks and hidden folders are excluded; so is the manifest's git
    commit, which changes whenever the project is committed between two runs.
    """
    files = {}
    for path in sorted(processed.rglob("*")):
        relative = path.relative_to(processed)
        if path.is_file() and relative.parts[0] != "notebooks" and not any(p.startswith(".") for p in relative.parts):
            files[relative.as_posix()] = path.read_bytes()
    manifest = json.loads(files.pop("manifest.json"))
    manifest["environment"].pop("git_commit")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode("utf-8")
    return files


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    processed = tmp_path_factory.mktemp("reference") / "processed"
    run_pipeline(processed_dir=processed, render_paper=False, progress=False)
    return outputs(processed)


def leftover_staging(processed: Path) -> list[str]:
    staging = processed / ".staging"
    return sorted(p.name for p in staging.iterdir()) if staging.is_dir() else []


def start_run(processed: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dialogstats", "run", "--processed", str(processed), "--no-paper", "--jobs", "2"],
        cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_until_dialogues_run(processed: Path, process: subprocess.Popen[str]) -> None:
    """Wait until one notebook task has been installed and a dialogue notebook is running."""
    deadline = time.monotonic() + WAIT_LIMIT
    stamps, staging = processed / ".stamps", processed / ".staging"
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        installed = [p for p in stamps.glob("*.json") if p.stem not in ("validate", "collect")] if stamps.is_dir() else []
        running = list(staging.glob("dialogue-*")) if staging.is_dir() else []
        if installed and running:
            return
        time.sleep(0.2)
    raise AssertionError("the run never reached its dialogue notebooks")


@pytest.fixture(scope="module")
def stopped_by_sigterm(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run sent SIGTERM while dialogue notebooks run (after at least one task was installed)."""
    processed = tmp_path_factory.mktemp("sigterm") / "processed"
    process = start_run(processed)
    wait_until_dialogues_run(processed, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    staging_left = leftover_staging(processed)
    return {"processed": processed, "returncode": process.returncode, "stderr": err, "staging_left": staging_left}


def test_sigterm_stops_the_run_with_a_message_and_the_signal_exit_status(stopped_by_sigterm) -> None:
    assert stopped_by_sigterm["returncode"] == 128 + signal.SIGTERM
    assert "interrupted by SIGTERM" in stopped_by_sigterm["stderr"]
    assert "Traceback" not in stopped_by_sigterm["stderr"]


def test_sigterm_leaves_no_staging_folder(stopped_by_sigterm) -> None:
    assert stopped_by_sigterm["staging_left"] == []


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
    run_pipeline(processed_dir=processed, render_paper=False, progress=False)
    assert outputs(processed) == reference
    assert leftover_staging(processed) == []
