"""Fixtures of the paper's tests: the document, its configuration, and one execution of its chunks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dialogstats import paths

import quarto_document as qmd

PAPER_FILE = paths.PAPER / "evaluation.qmd"


@pytest.fixture(scope="session")
def paper_text() -> str:
    return PAPER_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def quarto_config() -> dict:
    return yaml.safe_load((paths.PAPER / "_quarto.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def paper_processed(request) -> Path:
    """The processed folder the paper reads: ``DIALOGSTATS_PROCESSED`` if set, else the pipeline's real outputs."""
    override = os.environ.get("DIALOGSTATS_PROCESSED")
    if override:
        return Path(override)
    return request.getfixturevalue("processed_outputs")


@pytest.fixture(scope="session")
def executed_paper(paper_text: str, paper_processed: Path) -> qmd.Execution:
    return qmd.execute(paper_text, paths.PAPER)
