"""Every option of ``python -m dialogstats run`` works end to end through Snakemake.

The runs use the valid fixture raw data and the stand-in notebooks (tests/fixtures/notebooks/project/),
which record the parameters they were given; the real notebooks are run by the other integration tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialogstats import paths

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD_RAW = FIXTURES / "good"
PROJECT = FIXTURES / "notebooks" / "project"


def cli(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DIALOGSTATS_SOURCE": str(GOOD_RAW / "source.txt")}
    return subprocess.run([sys.executable, "-m", "dialogstats", "run", *argv], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("options")
    raw, notebooks, processed = root / "raw", root / "notebooks", root / "processed"
    shutil.copytree(GOOD_RAW, raw)
    shutil.copytree(PROJECT, notebooks)
    # The stand-ins write placeholder tables, which the workbooks cannot read: the runs stop at the manifest.
    common = ["--raw", str(raw), "--processed", str(processed), "--notebooks", str(notebooks), "--no-paper",
              "--target", "manifest.json"]
    options = ["--jobs", "1", "--ci-method", "blaker", "--confidence", "0.9", "--lang", "sv", "--dialogue", "network"]
    first = cli(*common, *options, "--quiet")
    again = cli(*common, *options)
    forced = cli(*common, *options, "--force")
    return {"processed": processed, "first": first, "again": again, "forced": forced}


def parameters_of(processed: Path, task: str) -> dict[str, object]:
    notebook = json.loads((processed / "notebooks" / f"{task}.ipynb").read_text(encoding="utf-8"))
    return notebook["metadata"]["papermill"]["parameters"]


def test_the_run_succeeds_and_reports_where_its_outputs_are(runs) -> None:
    assert runs["first"].returncode == 0, runs["first"].stderr
    assert f"Outputs in {runs['processed']}" in runs["first"].stdout or "Outputs in" in runs["first"].stdout


def test_raw_and_processed_folders_are_the_given_ones(runs) -> None:
    processed = runs["processed"]
    assert (processed / "manifest.json").is_file()
    assert parameters_of(processed, "audit")["raw_dir"] == str((processed.parent / "raw").resolve())


@pytest.mark.parametrize(("name", "value"), [("ci_method", "blaker"), ("confidence", 0.9), ("lang", "sv")])
def test_run_parameters_reach_every_notebook(runs, name: str, value: object) -> None:
    for task in ("audit", "cross_network", "methods", "dialogue-network"):
        assert parameters_of(runs["processed"], task)[name] == value


def test_dialogue_runs_only_the_chosen_dialogue(runs) -> None:
    processed = runs["processed"]
    assert (processed / "notebooks" / "dialogue-network.ipynb").is_file()
    assert not (processed / "notebooks" / "dialogue-workshop.ipynb").exists()
    assert "Not in the collected tables" in runs["first"].stdout and "workshop" in runs["first"].stdout


def test_jobs_sets_snakemakes_cores(runs) -> None:
    # --quiet leaves Snakemake's log of the first run empty; the forced run's log says how many cores it had.
    logs = sorted((runs["processed"] / ".snakemake" / "log").glob("*.snakemake.log"))
    assert logs and "Provided cores: 1" in logs[-1].read_text(encoding="utf-8")


def test_quiet_silences_snakemakes_progress_but_not_the_summary(runs) -> None:
    assert "steps (" not in runs["first"].stdout + runs["first"].stderr
    assert "Ran 4 notebook task(s)" in runs["first"].stdout


def test_a_second_run_has_nothing_to_do(runs) -> None:
    assert runs["again"].returncode == 0, runs["again"].stderr
    assert "Nothing to do" in runs["again"].stdout


def test_force_runs_every_notebook_again(runs) -> None:
    assert runs["forced"].returncode == 0, runs["forced"].stderr
    assert "Ran 4 notebook task(s)" in runs["forced"].stdout


def test_no_paper_says_the_paper_was_not_rendered(runs) -> None:
    assert "paper not rendered (--no-paper)" in runs["first"].stdout
