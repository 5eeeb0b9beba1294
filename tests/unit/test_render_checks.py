"""Specification of how a render is judged: Quarto's messages that mean a document lost something."""

from __future__ import annotations

from dialogstats.workflow import render


def test_an_unresolved_cross_reference_is_a_problem():
    log = "WARNING (/x/quarto.js:1) Unable to resolve crossref @fig-claims-scorecard\nOutput created: _output/x.html\n"
    assert render.problems_in(log) == ["unresolved cross-reference: Unable to resolve crossref @fig-claims-scorecard"]


def test_a_missing_citation_and_a_missing_resource_are_problems():
    log = "[WARNING] Citeproc: citation nosuch2020 not found\n[WARNING] Could not fetch resource _figures/a.png: not found\n"
    found = render.problems_in(log)
    assert any(p.startswith("citation without a reference") for p in found)
    assert any(p.startswith("resource not found") and "_figures/a.png" in p for p in found)


def test_harmless_warnings_are_not_problems():
    log = ("[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n"
           "WARN: typst-gather analyze failed; staging all packages as fallback: typst-gather binary not found.\n"
           "Output created: _output/evaluation.html\n")
    assert render.problems_in(log) == []


def test_a_full_render_makes_every_document_in_each_of_its_formats(tmp_path):
    (tmp_path / "_quarto.yml").write_text(
        "project:\n  output-dir: _output\n  render: [a.qmd, b.qmd]\nformat:\n  html: default\n  docx: default\n  typst: default\n"
    )
    (tmp_path / "a.qmd").write_text("---\ntitle: A\n---\ntext\n")
    (tmp_path / "b.qmd").write_text("---\ntitle: B\nformat:\n  docx: default\n  typst: default\n---\ntext\n")
    names = sorted(p.name for p in render.expected_outputs(tmp_path))
    assert names == ["a.docx", "a.html", "a.pdf", "b.docx", "b.pdf"]
