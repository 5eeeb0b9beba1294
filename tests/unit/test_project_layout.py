"""The compendium's shape: required files exist, committed notebooks are clean, inputs stay inputs."""

from __future__ import annotations

import json
import subprocess

import pytest

from dialogstats import paths

REQUIRED = [
    "pyproject.toml",
    "environment.yml",
    "requirements.lock",
    "Makefile",
    "README.md",
    "LICENSE",
    "CITATION.cff",
    ".ci/run",
    "docs/codebook.md",
    "notebooks/dialogue.ipynb",
    "notebooks/cross_network.ipynb",
    "notebooks/methods.ipynb",
    "notebooks/audit.ipynb",
    "paper/_quarto.yml",
    "paper/references.bib",
]


@pytest.mark.parametrize("relative", REQUIRED)
def test_required_file_exists(relative: str) -> None:
    assert (paths.ROOT / relative).is_file(), f"{relative} is missing"


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(notebook) -> None:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert dirty == [], f"{notebook.name}: cells {dirty} carry outputs; executed copies belong in data/processed/notebooks"


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_runs_on_the_project_kernel(notebook) -> None:
    spec = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert spec["name"] == paths.KERNEL_NAME


def test_every_install_step_is_pinned() -> None:
    lines = [l for l in (paths.ROOT / "requirements.lock").read_text().splitlines() if l and not l.startswith("#")]
    unpinned = [l for l in lines if "==" not in l]
    assert lines and unpinned == []


def test_ci_entry_runs_the_readme_test_command() -> None:
    assert "make test" in (paths.ROOT / ".ci/run").read_text()
    assert "make test" in (paths.ROOT / "README.md").read_text()
    assert "make run" in (paths.ROOT / "README.md").read_text()


def test_generated_files_are_not_tracked_in_raw_or_processed() -> None:
    try:
        tracked = subprocess.run(
            ["git", "ls-files", "data"], cwd=paths.ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    processed = [f for f in tracked if f.startswith("data/processed/") and not f.endswith(".gitkeep")]
    assert processed == []
    assert all(f.endswith(".csv") for f in tracked if f.startswith("data/raw/"))


def test_the_files_started_first_exist() -> None:
    # A renamed test file would silently lose its place at the front of the queue.
    import importlib.util

    spec = importlib.util.spec_from_file_location("root_conftest", paths.ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    FIRST = module.FIRST
    assert [name for name in FIRST if not (paths.ROOT / name).is_file()] == []
    assert len(set(FIRST)) == len(FIRST)


def test_make_help_names_every_target() -> None:
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    phony = next(line for line in makefile.splitlines() if line.startswith(".PHONY:")).split(":", 1)[1].split()
    shown = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True, check=True).stdout
    listed = {line.split()[1] for line in shown.splitlines() if line.startswith("make ")}
    # `venv` is the set-up step every other target runs first; `help` is this listing.
    assert set(phony) - {"help", "venv"} == listed
