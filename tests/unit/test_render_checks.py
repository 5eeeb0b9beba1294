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


def test_the_fingerprint_of_the_outputs_follows_their_tables_and_not_the_executed_notebooks(tmp_path):
    # It is the key of Quarto's cache: a changed table must change it, a re-executed notebook must not.
    processed = tmp_path / "processed"
    (processed / "notebooks").mkdir(parents=True)
    (processed / "figures").mkdir()
    (processed / "claims.csv").write_text("claim_id,label_en\nc1,First\n", encoding="utf-8")
    (processed / "figures" / "index.csv").write_text("figure_id\nf\n", encoding="utf-8")
    (processed / "notebooks" / "audit.ipynb").write_text("{}", encoding="utf-8")
    first = render.outputs_fingerprint(processed)
    (processed / "notebooks" / "audit.ipynb").write_text('{"cells": []}', encoding="utf-8")
    (processed / "figures" / "index.png").write_bytes(b"not a table")
    assert render.outputs_fingerprint(processed) == first
    (processed / "claims.csv").write_text("claim_id,label_en\nc1,Changed\n", encoding="utf-8")
    changed = render.outputs_fingerprint(processed)
    assert changed != first
    (processed / "figures" / "index.csv").write_text("figure_id\ng\n", encoding="utf-8")
    assert render.outputs_fingerprint(processed) not in (first, changed)


def test_the_paper_rules_inputs_leave_out_what_a_render_writes_beside_the_documents(tmp_path):
    # Quarto writes these while it renders and removes or moves them after; a workflow planned
    # meanwhile that took them for inputs stopped when one had gone (MissingInputException).
    (tmp_path / "_quarto.yml").write_text("project:\n  render: [a.qmd, b.qmd]\n  output-dir: out\n", encoding="utf-8")
    sources = ["_quarto.yml", "a.qmd", "b.qmd", "header.typ", "refs.bib", "filters/x.lua", "ab.qmd"]
    written = ["a.quarto_ipynb", "a.typ", "a.html", "b.docx", "a.knit.md", "a_files/figure-html/1.png",
               "out/a.html", "_figures/f.png", ".quarto/cache/x", ".gitignore"]
    for name in sources[1:] + written:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    listed = [p.relative_to(tmp_path).as_posix() for p in render.paper_sources(tmp_path)]
    assert listed == sorted(sources)


def test_every_tracked_source_of_the_paper_is_an_input_of_the_paper_rule():
    import subprocess

    from dialogstats import paths

    tracked = subprocess.run(["git", "ls-files", "paper"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    wanted = {paths.ROOT / line for line in tracked.stdout.split() if not line.rsplit("/", 1)[-1].startswith(".")}
    assert wanted and wanted <= set(render.paper_sources(paths.PAPER))
