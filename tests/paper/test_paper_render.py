"""Rendering the documents with Quarto: every format builds, fits A4, renders offline and loses nothing.

The render itself (:func:`dialogstats.workflow.render.render_documents`) fails on an unresolved
cross-reference, a citation without a reference or a resource that could not be found; these
tests then open what it wrote. They need the ``quarto`` command (install it with
``environment.yml`` or from quarto.org) and are skipped, saying so, only where it is absent.
"""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from dialogstats import paths
from dialogstats.workflow import render

QUARTO_MISSING = (
    "quarto not found on PATH; install it via environment.yml (conda-forge quarto) or quarto.org to run this test"
)
MAX_PAPER_PAGES = 30

pytestmark = [pytest.mark.integration, pytest.mark.quarto]


@pytest.fixture(scope="module")
def rendered(request):
    if shutil.which("quarto") is None:
        pytest.skip(QUARTO_MISSING)
    processed = request.getfixturevalue("processed_outputs")
    result = render.render_documents(processed)
    assert result.rendered, result.status
    return {p.name: p for p in result.outputs}


def test_every_document_is_written_in_every_format(rendered):
    assert sorted(rendered) == sorted(p.name for p in render.expected_outputs())


def test_the_pdfs_are_a4_and_the_paper_fits_thirty_pages(rendered):
    import pypdf

    for name in (n for n in rendered if n.endswith(".pdf")):
        reader = pypdf.PdfReader(rendered[name])
        sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
        assert sizes == {(595, 842)}, name
    assert len(pypdf.PdfReader(rendered["evaluation.pdf"]).pages) <= MAX_PAPER_PAGES


def test_the_short_report_is_swedish_unnumbered_and_at_most_ten_pages(rendered):
    import pypdf

    reader = pypdf.PdfReader(rendered["kortrapport.pdf"])
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) <= 10
    # Quarto joins "Tabell" and its number with a no-break space.
    assert "Sammanfattning" in text and re.search(r"Tabell\s1", text) and not re.search(r"Table\s1", text)
    assert not re.search(r"^\d+\s+(Sammanfattning|Mer information)", text, flags=re.M), "numbered headings"
    assert "Referenser" not in text and "References" not in text
    with zipfile.ZipFile(rendered["kortrapport.docx"]) as docx:
        words = re.sub(r"<[^>]+>", " ", docx.read("word/document.xml").decode("utf-8"))
    assert "Sammanfattning" in words and len(re.findall(r"\b(?:the|of|and)\b", words)) < 5, "English in the short report"


def test_the_word_files_are_a4_with_the_papers_styles(rendered):
    for name in (n for n in rendered if n.endswith(".docx")):
        with zipfile.ZipFile(rendered[name]) as docx:
            document = docx.read("word/document.xml").decode("utf-8")
            styles = docx.read("word/styles.xml").decode("utf-8")
        page = re.search(r"<w:pgSz[^>]*>", document)
        assert page and 'w:w="11906"' in page.group(0) and 'w:h="16838"' in page.group(0), name
        assert 'w:styleId="Heading1"' in styles and 'w:styleId="Table"' in styles
        # Table text reads left-aligned: no cell paragraph is centred by the cell Quarto wraps tables in.
        # (Figures, whose paragraphs hold a drawing rather than text, stay centred.)
        centred_text = (r'<w:pStyle w:val="Compact" />(?:<w:jc w:val="\w+" />)*<w:jc w:val="center" /></w:pPr>'
                        r'<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t')
        assert not re.search(centred_text, document), name


def test_the_word_tables_keep_numbers_right_and_text_left(rendered):
    # Each cell paragraph carries its column's alignment only: Quarto's wrapping cell would add its own
    # after it, which Word follows (paper/word-layout.lua takes that away).
    for name in (n for n in rendered if n.endswith(".docx")):
        with zipfile.ZipFile(rendered[name]) as docx:
            document = docx.read("word/document.xml").decode("utf-8")
        cells = re.findall(r'<w:pStyle w:val="Compact" />((?:<w:jc w:val="\w+" />)*)</w:pPr>', document)
        assert cells, name
        assert [c for c in cells if c.count("<w:jc") > 1] == [], name
        assert '<w:jc w:val="right" />' in cells and '<w:jc w:val="left" />' in cells, name


def test_the_word_figures_fit_inside_the_cell_they_are_placed_in(rendered):
    # Word's default cell margins are 108 twips a side; an image wider than what they leave of the text
    # width is cut off on the right by LibreOffice. 635 EMU make a twip.
    for name in (n for n in rendered if n.endswith(".docx")):
        with zipfile.ZipFile(rendered[name]) as docx:
            document = docx.read("word/document.xml").decode("utf-8")
        size = re.search(r'<w:pgSz w:h="\d+" w:w="(\d+)"', document)
        margins = re.search(r'<w:pgMar w:bottom="\d+" w:footer="\d+" w:gutter="\d+" w:header="\d+" '
                            r'w:left="(\d+)" w:right="(\d+)"', document)
        inside = (int(size.group(1)) - int(margins.group(1)) - int(margins.group(2)) - 2 * 108) * 635
        widths = [int(w) for w in re.findall(r'<wp:extent cx="(\d+)"', document)]
        assert widths and max(widths) <= inside, name


def test_the_html_is_self_contained_with_rendered_math_and_no_lost_references(rendered):
    for name in (n for n in rendered if n.endswith(".html")):
        html = rendered[name].read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html), name
        text = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)  # the document's text, not its code
        assert not re.search(r"\?@(?:fig|tbl|sec|eq)-", text) and "\\(" not in text, name
    assert "<math" in rendered["evaluation.html"].read_text(encoding="utf-8")


def test_the_html_links_its_word_and_pdf_versions_by_what_readers_call_them(rendered):
    for name in (n for n in rendered if n.endswith(".html")):
        html = rendered[name].read_text(encoding="utf-8")
        stem = name.removesuffix(".html")
        links = dict(re.findall(r'<a href="([^"]+)"><i class="bi bi-file-[a-z]+"></i>([^<]+)<', html))
        assert {links.get(f"{stem}.docx"), links.get(f"{stem}.pdf")} == {"MS Word", "PDF"}, (name, links)
        assert "Typst" not in links.values() and all(n in rendered for n in (f"{stem}.docx", f"{stem}.pdf"))


def _relabel_first_claim_that_hinges(claims_csv, text: str) -> None:
    """Give the first claim whose verdict is not robust (the paper's robustness table lists it) a new label."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(claims_csv.read_text(encoding="utf-8"))))
    hinging = [r for r in rows if r["verdict_robust"].lower() == "false"]
    assert hinging, "no claim hinges on the method: the robustness table is empty"
    hinging[0]["label_en"] = text
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    claims_csv.write_text(buffer.getvalue(), encoding="utf-8")


def test_a_changed_processed_table_shows_up_in_the_next_render(rendered, processed_outputs, tmp_path):
    # One execution serves all formats through Quarto's cache; a render of changed tables must not be
    # served the cached results (the cache key holds render.outputs_fingerprint, tested in
    # tests/unit/test_render_checks.py). The copy is rendered into a folder of its own, so the
    # project's documents stay those of the real outputs.
    copy = tmp_path / "processed"
    shutil.copytree(processed_outputs, copy, ignore=shutil.ignore_patterns("notebooks", ".snakemake"))
    marker = "Zyxwv changed label"
    # The module's render read the same tables, so the marker is not there yet.
    assert marker not in rendered["evaluation.html"].read_text(encoding="utf-8")
    _relabel_first_claim_that_hinges(copy / "claims.csv", marker)
    before = rendered["evaluation.html"].read_bytes()
    result = render.render_documents(copy, documents=("evaluation.qmd",), formats=("html",),
                                     output_dir=tmp_path / "rendered")
    assert [p.name for p in result.outputs] == ["evaluation.html"]
    assert marker in (tmp_path / "rendered" / "evaluation.html").read_text(encoding="utf-8")
    assert rendered["evaluation.html"].read_bytes() == before
