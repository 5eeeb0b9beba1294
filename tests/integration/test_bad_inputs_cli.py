"""Bad raw folders are refused by the command line and by ``make run``, and no output is touched.

Each case of ``tests/fixtures/bad/`` is validated through the command line's entry point
(``dialogstats validate --raw DIR``, in the test's process: one interpreter for all cases); a
missing file, two defects at once and an unreadable ``dialogues.csv`` also through
``make -s run RAW=DIR`` in a subprocess, which runs the workflow, whose first rule refuses it. All
must exit non-zero, print the expected message (file, row, column), and leave every output under
``data/processed/`` as it was (compared by SHA-256 before the first case and after the last). Only
the workflow's bookkeeping may change: Snakemake's records (``.snakemake/``), the rule's log
(``logs/``) and the failure message (``.failed/``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.workflow.contract import BOOKKEEPING

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SOURCE = FIXTURES / "good" / "source.txt"
BAD_CASES = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_dir())
MAKE_CASES = [c for c in BAD_CASES if c.name in
              {"missing_file", "two_defects", "semicolon_decimal_comma"}]
VENV_PYTHON = paths.ROOT / ".venv" / "bin" / "python"


def expected_substrings(case: Path) -> list[str]:
    return [line for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines() if line]


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``, by path relative to it."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).parts[0] not in BOOKKEEPING
    }


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIALOGSTATS_SOURCE": str(SOURCE)}
    return subprocess.run(command, cwd=paths.ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def processed_before(processed_outputs: Path, processed_lock) -> dict[str, str]:
    """The hashes of data/processed (after the shared run) before the first case; the shared run's lock is
    held until the module's last test, so that no other test writes into the folder meanwhile."""
    processed_lock.acquire()
    yield tree_hashes(paths.PROCESSED)
    processed_lock.release()


@pytest.fixture
def fixture_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(SOURCE))


@pytest.mark.parametrize("case", BAD_CASES, ids=[c.name for c in BAD_CASES])
def test_validate_command_refuses_bad_case(
    case: Path, processed_before: dict[str, str], fixture_source: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from dialogstats import cli

    assert cli.main(["validate", "--raw", str(case)]) != 0
    err = capsys.readouterr().err
    for expected in expected_substrings(case):
        assert expected in err


def test_validate_command_accepts_the_good_fixture() -> None:
    result = run([sys.executable, "-m", "dialogstats", "validate", "--raw", str(FIXTURES / "good")])
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def make_is_ready() -> str | None:
    """Why ``make run`` cannot be tested here, or None when it can."""
    if shutil.which("make") is None:
        return "make is not installed"
    if not VENV_PYTHON.exists():
        return f"no virtual environment at {VENV_PYTHON.parent.parent}; run 'make venv' first"
    stamp = paths.ROOT / ".venv" / ".installed"
    inputs = [paths.ROOT / "requirements.lock", paths.ROOT / "pyproject.toml"]
    if not stamp.exists() or any(p.stat().st_mtime > stamp.stat().st_mtime for p in inputs):
        return "make would reinstall .venv first (run 'make venv' once)"
    return None


@pytest.mark.parametrize("case", MAKE_CASES, ids=[c.name for c in MAKE_CASES])
def test_make_run_refuses_bad_case_without_touching_outputs(case: Path, processed_before: dict[str, str]) -> None:
    reason = make_is_ready()
    if reason:
        pytest.skip(reason)
    result = run(["make", "-s", "run", f"RAW={case}"])
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for expected in expected_substrings(case):
        assert expected in output, f"{expected!r} not in the output of make run:\n{output[-3000:]}"
    assert "Traceback" not in output


def test_no_output_changed_after_every_refused_case(processed_before: dict[str, str]) -> None:
    assert tree_hashes(paths.PROCESSED) == processed_before
