"""The paper's sources: configuration, bibliography, citation style, citations."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections import Counter

import quarto_document as qmd
from dialogstats import paths


def test_rendered_files_go_to_the_output_folder(quarto_config):
    assert quarto_config["project"]["output-dir"] == "_output"


def test_the_paper_runs_on_the_projects_kernel(paper_text):
    front_matter = paper_text.split("\n---", 1)[0]
    assert f"jupyter: {paths.KERNEL_NAME}" in front_matter


def test_the_paper_renders_to_html_word_and_typst(quarto_config):
    assert {"html", "docx", "typst"} <= set(quarto_config["format"])


def test_the_citation_style_exists_and_is_a_csl_style(quarto_config):
    csl = paths.PAPER / quarto_config["csl"]
    root = ElementTree.parse(csl).getroot()
    assert root.tag == "{http://purl.org/net/xbiblio/csl}style"


def test_bibliography_keys_are_unique(quarto_config):
    keys = qmd.bibliography_keys((paths.PAPER / quarto_config["bibliography"]).read_text(encoding="utf-8"))
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_every_citation_is_in_the_bibliography(paper_text, quarto_config):
    keys = set(qmd.bibliography_keys((paths.PAPER / quarto_config["bibliography"]).read_text(encoding="utf-8")))
    assert qmd.citation_keys(paper_text) - keys == set()


def test_every_include_exists(paper_text):
    missing = [p for p in qmd.INCLUDE.findall(paper_text) if not (paths.PAPER / p).is_file()]
    assert missing == []


def test_the_paper_embeds_no_notebook(paper_text):
    assert "{{< embed" not in paper_text
