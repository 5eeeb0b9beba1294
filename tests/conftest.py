"""Shared fixtures: the processed outputs of the real data, produced once per test session.

With pytest-xdist the first worker that asks for them runs the workflow under a file lock;
the others wait for the lock and find everything up to date. Tests that change outputs work on
temporary copies; tests that only read them share this run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats import paths

LOCK = paths.ROOT / ".pytest_cache" / "processed-outputs.lock"

#: The longest test files, started first and in this order (pytest-xdist hands out whole files in the
#: order of the collection: ``--dist loadfile --no-loadscope-reorder``). The render test comes first
#: because it also waits for the shared run; the short file after the first three is what its worker
#: takes on alongside the render, as xdist gives each worker two files to start with.
FIRST = (
    "tests/paper/test_paper_render.py",
    "tests/unit/test_pipeline_engine.py",
    "tests/integration/test_interrupt.py",
    "tests/unit/test_readme.py",
    "tests/integration/test_run_options.py",
    "tests/integration/test_add_dialogue.py",
    "tests/integration/test_determinism.py",
    "tests/integration/test_pipeline_run.py",
    "tests/integration/test_bad_inputs_cli.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the files of :data:`FIRST` first, in its order; the others follow in the order collected."""
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(FIRST)))


@pytest.fixture(scope="session")
def processed_outputs() -> Path:
    """Run the workflow on the real raw data into ``data/processed`` (quick when already up to date).

    The paper's tests read the processed tables and figures by path, exactly as the paper does,
    so they need the real ``data/processed`` folder rather than a temporary copy.
    """
    from filelock import FileLock

    from dialogstats.workflow.pipeline import run_pipeline

    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(LOCK)):
        run_pipeline(raw_dir=paths.RAW, processed_dir=paths.PROCESSED, render_paper=False, progress=False)
    return paths.PROCESSED


@pytest.fixture(scope="session")
def processed_lock():
    """The file lock of the shared run: hold it while a test runs the command line on ``data/processed``,
    so that two xdist workers never start runs into it at once."""
    from filelock import FileLock

    LOCK.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(LOCK))
