"""Shared fixtures: the processed outputs of the real data, produced once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats import paths


@pytest.fixture(scope="session")
def processed_outputs() -> Path:
    """Run the pipeline on the real raw data into ``data/processed`` (quick when already up to date).

    The paper's tests read the processed tables and figures by path, exactly as the paper does,
    so they need the real ``data/processed`` folder rather than a temporary copy.
    """
    from dialogstats.workflow.pipeline import run_pipeline

    run_pipeline(raw_dir=paths.RAW, processed_dir=paths.PROCESSED, render_paper=False, progress=False)
    return paths.PROCESSED
