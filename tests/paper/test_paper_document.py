"""The paper without Quarto: its chunks run, its numbers evaluate, its references resolve.

These tests read the pipeline's processed outputs exactly as the paper does (fixture
``processed_outputs``); set ``DIALOGSTATS_PROCESSED`` to test against another folder.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

import quarto_document as qmd
from dialogstats import paths

pytestmark = pytest.mark.integration


def test_every_python_chunk_executes(executed_paper):
    assert executed_paper.outputs, "the paper has no Python chunks"


def test_every_inline_expression_gives_text(paper_text, executed_paper):
    expressions = qmd.inline_expressions(paper_text)
    assert expressions
    empty = [e for e in expressions if executed_paper.inline_values[e].strip() in ("", "nan", "None")]
    assert empty == []


def test_every_cross_reference_has_a_label(paper_text, executed_paper):
    labels = set(qmd.defined_labels(paper_text, executed_paper))
    assert qmd.cross_references(paper_text, executed_paper) - labels == set()


def test_labels_are_unique(paper_text, executed_paper):
    repeated = [label for label, k in Counter(qmd.defined_labels(paper_text, executed_paper)).items() if k > 1]
    assert repeated == []


def test_every_figure_file_exists(executed_paper):
    figures = [p for out in executed_paper.outputs.values() for p in qmd.FIGURE.findall(out)]
    missing = [p for p in figures if not (paths.PAPER / p).is_file()]
    assert missing == []


def test_every_indexed_figure_is_shown_once_with_its_alt_text(paper_processed, executed_paper):
    index = pd.read_csv(paper_processed / "figures" / "index.csv", keep_default_na=False)
    text = "".join(executed_paper.outputs.values())
    for _, row in index.iterrows():
        assert text.count(f"/{row['file']}.png)") == 1, row["figure_id"]
    assert text.count("![") == text.count('fig-alt="')


def test_every_claim_appears_in_the_claims_table(executed_paper):
    raw_claims = pd.read_csv(paths.RAW / "claims.csv", dtype=str, keep_default_na=False)
    table = executed_paper.outputs["tbl-claims"]
    missing = [c for c, loc in zip(raw_claims["claim_en"], raw_claims["locator"]) if c not in table or loc not in table]
    assert missing == []


def test_the_paper_reads_every_processed_table_of_the_pipeline(executed_paper):
    expected = {"shares.csv", "audit.csv", "denominators.csv", "comparisons.csv", "bounds.csv",
                "coverage.csv", "design_effect.csv", "claims.csv", "figures/index.csv"}
    assert expected <= executed_paper.namespace["h"].TABLES_READ
