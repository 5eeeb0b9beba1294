"""The paper's sources: configuration, bibliography, citation style, citations."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter

import quarto_document as qmd
from dialogstats import paths


def test_rendered_files_go_to_the_output_folder(quarto_config):
    assert quarto_config["project"]["output-dir"] == "_output"


def test_every_document_runs_on_the_projects_kernel(document_texts):
    for name, text in document_texts.items():
        assert f"jupyter: {paths.KERNEL_NAME}" in text.split("\n---", 1)[0], name


def test_the_paper_renders_to_html_word_and_typst(quarto_config):
    assert {"html", "docx", "typst"} <= set(quarto_config["format"])


def test_the_project_renders_the_paper_and_its_supplement(quarto_config):
    assert quarto_config["project"]["render"][:2] == ["evaluation.qmd", "supplement.qmd"]


def test_every_format_is_set_for_print_and_offline_reading(quarto_config):
    formats = quarto_config["format"]
    assert formats["typst"]["papersize"] == "a4"
    assert (paths.PAPER / formats["docx"]["reference-doc"]).is_file()
    assert formats["html"]["embed-resources"] is True and formats["html"]["html-math-method"] == "mathml"


def test_one_execution_serves_every_format(quarto_config):
    # Same figure options for every format, so the executed notebook (and its cache key) is the same.
    assert quarto_config["execute"]["cache"] is True
    assert all(not ({"fig-width", "fig-height", "fig-format", "fig-dpi"} & set(f)) for f in quarto_config["format"].values())


def test_the_citation_style_exists_and_is_a_csl_style(quarto_config):
    csl = paths.PAPER / quarto_config["csl"]
    root = ElementTree.parse(csl).getroot()
    assert root.tag == "{http://purl.org/net/xbiblio/csl}style"


def test_bibliography_keys_are_unique(quarto_config):
    keys = qmd.bibliography_keys((paths.PAPER / quarto_config["bibliography"]).read_text(encoding="utf-8"))
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_every_include_exists(document_texts):
    missing = [p for text in document_texts.values() for p in qmd.INCLUDE.findall(text) if not (paths.PAPER / p).is_file()]
    assert missing == []


def test_no_document_embeds_a_notebook(document_texts):
    assert all("{{< embed" not in text for text in document_texts.values())


def test_every_table_chunk_is_left_aligned_for_word(document_texts):
    # Word tables inherit the centring of the cell Quarto wraps a captioned table in; the chunk option undoes it.
    chunks = [(name, chunk) for name, text in document_texts.items() for chunk in text.split("```{python}")[1:]]
    centred = [name for name, chunk in chunks if "#| tbl-cap:" in chunk and "#| tbl-align: left" not in chunk]
    assert centred == []
