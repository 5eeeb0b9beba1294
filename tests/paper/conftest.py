"""Fixtures of the documents' tests: their text, configuration, and one execution of their chunks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dialogstats import paths

import quarto_document as qmd

DOCUMENTS: tuple[str, ...] = tuple(
    yaml.safe_load((paths.PAPER / "_quarto.yml").read_text(encoding="utf-8"))["project"]["render"]
)


@pytest.fixture(scope="session")
def quarto_config() -> dict:
    return yaml.safe_load((paths.PAPER / "_quarto.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def paper_text() -> str:
    return (paths.PAPER / "evaluation.qmd").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def document_texts() -> dict[str, str]:
    return {name: (paths.PAPER / name).read_text(encoding="utf-8") for name in DOCUMENTS}


@pytest.fixture(scope="session")
def paper_processed(request) -> Path:
    """The processed folder the documents read: ``DIALOGSTATS_PROCESSED`` if set, else the pipeline's real outputs,
    with the figures staged into the Quarto project as a render stages them."""
    from dialogstats.report.paperfigures import stage_figures

    override = os.environ.get("DIALOGSTATS_PROCESSED")
    processed = Path(override) if override else request.getfixturevalue("processed_outputs")
    stage_figures(processed)
    return processed


@pytest.fixture(scope="session")
def executed_documents(document_texts: dict[str, str], paper_processed: Path) -> dict[str, qmd.Execution]:
    return {name: qmd.execute(text, paths.PAPER) for name, text in document_texts.items()}


@pytest.fixture(scope="session")
def executed_paper(executed_documents: dict[str, qmd.Execution]) -> qmd.Execution:
    return executed_documents["evaluation.qmd"]
