"""The documents without Quarto: their chunks run, their references resolve, their text carries no internal id.

These tests read the pipeline's processed outputs exactly as the documents do (fixture
``paper_processed``); set ``DIALOGSTATS_PROCESSED`` to test against another folder.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

import quarto_document as qmd
from dialogstats import paths
from dialogstats.data.rawdata import load_raw

pytestmark = pytest.mark.integration


def test_every_python_chunk_of_every_document_executes(executed_documents):
    assert all(execution.outputs for execution in executed_documents.values())


def test_no_document_uses_inline_expressions(document_texts):
    # Quarto's cache, which lets one execution serve every format, cannot hold inline expressions.
    assert {name: qmd.inline_expressions(text) for name, text in document_texts.items()} == {n: [] for n in document_texts}


def test_every_cross_reference_has_a_label(document_texts, executed_documents):
    for name, text in document_texts.items():
        labels = set(qmd.defined_labels(text, executed_documents[name]))
        assert qmd.cross_references(text, executed_documents[name]) - labels == set(), name


def test_labels_are_unique_within_each_document(document_texts, executed_documents):
    for name, text in document_texts.items():
        repeated = [label for label, k in Counter(qmd.defined_labels(text, executed_documents[name])).items() if k > 1]
        assert repeated == [], name


def test_every_figure_file_exists(executed_documents):
    figures = [p for ex in executed_documents.values() for out in ex.outputs.values() for p in qmd.FIGURE.findall(out)]
    assert figures and [p for p in figures if not (paths.PAPER / p).is_file()] == []


def test_every_english_figure_is_shown_once_across_the_paper_and_its_supplement(paper_processed, executed_documents):
    index = pd.read_csv(paper_processed / "figures" / "index.csv", keep_default_na=False)
    english = index[index["lang"] == "en"]
    text = "".join(out for ex in executed_documents.values() for out in ex.outputs.values())
    counts = {row["figure_id"]: text.count(f"/{row['file']}.png)") for _, row in english.iterrows()}
    assert {f: c for f, c in counts.items() if c != 1} == {}
    assert text.count("![") == text.count('fig-alt="')


def test_the_abstract_is_generated_with_numbers(executed_paper):
    setup = executed_paper.outputs["setup"]
    assert setup.lstrip().startswith("---\nabstract: |")
    assert len(re.findall(r"\b\d+\b", setup)) >= 6


def test_the_main_text_carries_no_internal_identifier(executed_documents):
    raw = load_raw(paths.RAW, check_locators=False)
    ids = set(raw.questions["question_id"]) | set(raw.dialogues["dialogue_id"])
    ids |= {o for o in raw.responses["option"] if "_" in o} | {g for g in raw.groups["group_id"] if "_" in g}
    from dialogstats.analysis.audit import build_audit
    from dialogstats.analysis.claims import REASON_CODES, VERDICTS

    ids |= set(build_audit(raw)["check"]) | set(VERDICTS) | set(REASON_CODES) | set(raw.claims["claim_id"])
    ids = {i for i in ids if "_" in i} | set(raw.dialogues["dialogue_id"])  # "supported" is also an English word
    for name, execution in executed_documents.items():
        text = " ".join(execution.outputs.values())
        prose = re.sub(r"\{#[^}]*\}|\]\([^)]*\)|`[^`]*`", " ", text)  # labels, figure paths and code are not prose
        words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", prose))
        assert sorted(words & ids) == [], name


def test_every_citation_of_every_document_is_in_the_bibliography(document_texts, executed_documents, quarto_config):
    keys = set(qmd.bibliography_keys((paths.PAPER / quarto_config["bibliography"]).read_text(encoding="utf-8")))
    for name, text in document_texts.items():
        cited = qmd.citation_keys(text) | {k for out in executed_documents[name].outputs.values() for k in qmd.citation_keys(out)}
        assert cited - keys == set(), name


def test_the_paper_reads_every_main_table_of_the_pipeline(executed_documents):
    namespace = executed_documents["evaluation.qmd"].namespace
    expected = {"shares.csv", "audit.csv", "denominators.csv", "comparisons.csv", "coverage.csv", "claims.csv",
                "simultaneous_coverage.csv", "figures/index.csv", "manifest.json"}
    assert expected <= namespace["out"].tables_read


def _prose_lines(execution) -> list[str]:
    """The generated prose of a document: no tables, headings, code, labels or figure paths."""
    text = "\n".join(execution.outputs.values())
    text = re.sub(r"\{#[^}]*\}|\]\([^)]*\)|`[^`]*`|\{[^}]*\}", " ", text)
    return [line for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith(("|", "#", ":", "---", "!["))]


def test_no_sentence_of_the_documents_begins_with_a_numeral(executed_documents):
    for name, execution in executed_documents.items():
        found = [m.group(0) for line in _prose_lines(execution)
                 for m in re.finditer(r"(?:^\s*(?:[-*]\s+)?(?:\*\*[^*]+\*\*\s+)?|(?<=[.!?])\s+|\*\*\s+)[0-9]+\s+\w+", line)
                 if not re.match(r"^\s*\d+\.", m.group(0))]
        assert found == [], name


def test_no_two_numbers_of_the_documents_stand_side_by_side(executed_documents):
    # "the 119 95% intervals" reads as one number; a unit or a word belongs between them.
    for name, execution in executed_documents.items():
        found = [m.group(0) for line in _prose_lines(execution)
                 for m in re.finditer(r"\b\d+(?:[.,]\d+)? \d+(?:[.,]\d+)?\s?%", line)]
        assert found == [], name
