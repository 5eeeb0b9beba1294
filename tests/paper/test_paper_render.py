"""Rendering the paper with Quarto (HTML, Word, PDF through Typst)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest

from dialogstats import paths
from dialogstats.workflow.pipeline import quarto_environment

QUARTO_MISSING = (
    "quarto not found on PATH; install it via environment.yml (conda-forge quarto) or quarto.org to run this test"
)

pytestmark = [pytest.mark.integration, pytest.mark.quarto]


@pytest.fixture(scope="module")
def rendered(request):
    quarto = shutil.which("quarto")
    if quarto is None:
        pytest.skip(QUARTO_MISSING)
    request.getfixturevalue("processed_outputs")
    out = paths.PAPER_OUTPUT
    for fmt in ("html", "docx", "typst"):
        subprocess.run(
            [quarto, "render", "evaluation.qmd", "--to", fmt], cwd=paths.PAPER, env=quarto_environment(), check=True, timeout=900
        )
    return out


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_the_rendered_file_exists_and_is_not_empty(rendered, suffix):
    target = rendered / f"evaluation{suffix}"
    assert target.is_file() and target.stat().st_size > 0


def test_the_pdf_is_a_pdf(rendered):
    assert (rendered / "evaluation.pdf").read_bytes()[:4] == b"%PDF"


def test_the_word_file_is_a_docx(rendered):
    with zipfile.ZipFile(rendered / "evaluation.docx") as docx:
        assert "word/document.xml" in docx.namelist()
