"""Interrupted runs: after SIGTERM or SIGKILL mid-notebook, a normal run gives the same files as an uninterrupted one.

No manual unlock or cleanup in between: the command line holds a ``flock`` on the processed folder
while Snakemake runs, so a Snakemake lock left by a killed run is known to be stale and is
released, and ``--rerun-incomplete`` makes again what was being written. The behaviour is the
engine's, not the analysis's, so the runs use the small valid fixture (two dialogues) and the
stand-in notebooks, with the dialogue notebook made slow enough to be caught running. Executed
notebooks (``notebooks/``) are not compared: they hold execution timings. The workflow's
bookkeeping (``.snakemake``, ``logs``, ``.failed``) is not an output. The manifest is compared
without its git commit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.workflow import contract

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD_RAW = FIXTURES / "good"
WAIT_LIMIT = 300.0
#: Seconds each stand-in dialogue notebook spends in its added cell: long enough to be interrupted in it.
DIALOGUE_DELAY = 2


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
def slow_notebooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stand-in notebooks, the dialogue one with a cell that sleeps before the tables are written."""
    folder = tmp_path_factory.mktemp("interrupt") / "notebooks"
    shutil.copytree(FIXTURES / "notebooks" / "project", folder)
    path = folder / "dialogue.ipynb"
    content = json.loads(path.read_text(encoding="utf-8"))
    content["cells"].insert(2, {"cell_type": "code", "execution_count": None, "id": "slow", "metadata": {},
                                "outputs": [], "source": f"import time\ntime.sleep({DIALOGUE_DELAY})"})
    path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    return folder


def command(processed: Path, notebooks: Path) -> list[str]:
    # The stand-ins write placeholder tables, which the workbooks cannot read: the runs stop at the manifest.
    return [sys.executable, "-m", "dialogstats", "run", "--raw", str(GOOD_RAW), "--processed", str(processed),
            "--notebooks", str(notebooks), "--no-paper", "--jobs", "2", "--quiet", "--target", "manifest.json"]


def environment() -> dict[str, str]:
    return {**os.environ, "DIALOGSTATS_SOURCE": str(GOOD_RAW / "source.txt")}


def run(processed: Path, notebooks: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command(processed, notebooks), cwd=paths.ROOT, env=environment(),
                               capture_output=True, text=True, timeout=WAIT_LIMIT)
    assert completed.returncode == 0, completed.stderr
    return completed


def start_run(processed: Path, notebooks: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(command(processed, notebooks), cwd=paths.ROOT, env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_until_a_dialogue_runs(processed: Path, process: subprocess.Popen[str]) -> None:
    """Wait until one project notebook has finished and a dialogue notebook is running."""
    deadline = time.monotonic() + WAIT_LIMIT
    finished_markers = [processed / t for nb in contract.PROJECT_NOTEBOOKS for t in contract.table_outputs(nb)]
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        finished = any(p.is_file() for p in finished_markers)
        running = [p for p in (processed / "notebooks").glob("dialogue-*.ipynb")
                   if not (processed / "by_dialogue" / p.stem.removeprefix("dialogue-") / "shares.csv").is_file()]
        if finished and running:
            return
        time.sleep(0.1)
    raise AssertionError("the run never reached its dialogue notebooks")


@pytest.fixture(scope="module")
def reference(slow_notebooks: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    processed = tmp_path_factory.mktemp("uninterrupted") / "processed"
    run(processed, slow_notebooks)
    return outputs(processed)


@pytest.fixture(scope="module")
def stopped_by_sigterm(slow_notebooks: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A run sent SIGTERM while a dialogue notebook runs (after at least one task finished)."""
    processed = tmp_path_factory.mktemp("sigterm") / "processed"
    process = start_run(processed, slow_notebooks)
    wait_until_a_dialogue_runs(processed, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=WAIT_LIMIT)
    return {"processed": processed, "returncode": process.returncode, "stderr": err}


def test_sigterm_stops_the_run_with_a_message_and_the_signal_exit_status(stopped_by_sigterm) -> None:
    assert stopped_by_sigterm["returncode"] == 128 + signal.SIGTERM
    assert "interrupted by SIGTERM" in stopped_by_sigterm["stderr"]
    assert "Traceback" not in stopped_by_sigterm["stderr"]


def test_rerun_after_sigterm_gives_the_files_of_an_uninterrupted_run(stopped_by_sigterm, slow_notebooks, reference) -> None:
    processed = stopped_by_sigterm["processed"]
    run(processed, slow_notebooks)
    assert outputs(processed) == reference


def test_rerun_after_sigkill_of_the_process_group_gives_the_files_of_an_uninterrupted_run(
    tmp_path: Path, slow_notebooks: Path, reference: dict[str, bytes]
) -> None:
    processed = tmp_path / "processed"
    process = start_run(processed, slow_notebooks)
    wait_until_a_dialogue_runs(processed, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL
    assert any((processed / ".snakemake" / "locks").iterdir()), "the killed run should have left its lock"
    interrupted = {p.name for p in (processed / "by_dialogue").glob("*") if (p / "shares.csv").is_file()}
    rerun = run(processed, slow_notebooks)
    assert "Ran " in rerun.stdout and "Skipped as up to date" in rerun.stdout, rerun.stdout
    assert outputs(processed) == reference
    locks = processed / ".snakemake" / "locks"
    assert not locks.is_dir() or not any(locks.iterdir())
    assert interrupted != {"workshop", "network"}, "the kill should have caught a dialogue unfinished"
