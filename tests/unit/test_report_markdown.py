"""Specification of the Markdown the documents are built from: tables whose columns fit, safe text, figures."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.errors import ParameterError
from dialogstats.report import markdown


def separator_widths(table_markdown: str) -> list[int]:
    rule = table_markdown.splitlines()[1]
    return [len(cell.strip(":")) + cell.count(":") for cell in rule.strip("|").split("|")]


def test_a_column_is_never_narrower_than_its_longest_word():
    header = ["Where", "Question", "Share"]
    rows = [["Health and social care heads' network", "Whether the organisation works with the perspectives", "13%"],
            ["Finance", "Denominators reconstructed", "100%"]]
    widths = markdown.column_widths(header, rows, line_chars=40)
    longest = [max(len(w) for cell in col for w in cell.split()) for col in zip(header, *rows)]
    assert all(w >= lw + markdown.CELL_PADDING for w, lw in zip(widths, longest))


def test_short_columns_keep_their_text_on_one_line_and_wordy_ones_share_the_rest():
    header = ["Claim", "Verdict"]
    rows = [["A long paraphrase of a claim made by the report about a majority of the respondents " * 2, "supported"]]
    widths = markdown.column_widths(header, rows, line_chars=60)
    assert widths[1] >= len("supported") + markdown.CELL_PADDING
    assert widths[0] > widths[1] and sum(widths) >= 60


def test_columns_that_fit_get_their_whole_text_and_fill_the_line():
    widths = markdown.column_widths(["a", "bb"], [["xxxx", "yy"]], line_chars=30)
    assert sum(widths) == pytest.approx(30, abs=1) and widths[0] > widths[1]


def test_pipe_table_writes_the_widths_into_the_separator_and_aligns_numbers_right():
    table = pd.DataFrame({"Question": ["Plans include the strategy"], "Share": ["86%"]})
    text = markdown.pipe_table(table, caption="Shares", label="tbl-x")
    rule = text.splitlines()[1]
    assert rule.startswith("|:") and rule.endswith(":|")  # text left, number right
    assert text.rstrip().endswith(": Shares {#tbl-x tbl-align=\"left\"}")
    assert separator_widths(text)[0] >= len("Question") + markdown.CELL_PADDING


def test_cells_escape_markdown_and_pipes():
    assert markdown.cell_text("n = 36* | a_b") == "n = 36\\* \\| a\\_b"
    assert markdown.cell_text(float("nan")) == "" and markdown.cell_text(None) == ""


def test_align_must_name_each_column():
    with pytest.raises(ParameterError, match="one of l, r, c per column"):
        markdown.pipe_table(pd.DataFrame({"a": [1], "b": [2]}), align="l")


def test_figure_block_carries_caption_alt_text_and_label():
    block = markdown.figure_block("_figures/a/b.png", "Share *printed*", 'Dot plot "quoted"', "fig-b")
    assert block == '![Share \\*printed\\*](_figures/a/b.png){#fig-b fig-alt="Dot plot \'quoted\'"}\n'


def test_figure_labels_must_be_cross_reference_labels():
    with pytest.raises(ParameterError, match="start with 'fig-'"):
        markdown.figure_block("a.png", "c", "a", "tbl-a")
    assert markdown.figure_label("shares-arbetsmote-gron_omstallning") == "fig-shares-arbetsmote-gron-omstallning"


def test_metadata_block_holds_any_text_as_a_literal_block():
    block = markdown.metadata_block({"abstract": "We find: 10 of 35 (29%) supported.\nSecond line"})
    assert block.strip().splitlines() == ["---", "abstract: |", "  We find: 10 of 35 (29%) supported.", "  Second line", "---"]
    with pytest.raises(ParameterError):
        markdown.metadata_block({"Bad Key": "x"})


def test_a_bold_header_word_is_never_split_even_when_the_line_is_full():
    # Three columns whose floors exceed the line: each keeps its floor, the header's word at bold width.
    widths = markdown.column_widths(["Respondents", "Attendees", "x"], [["14", "76", "y"]], line_chars=10)
    assert widths[0] >= math.ceil(markdown.HEADER_WIDTH * len("Respondents")) + markdown.CELL_PADDING
    assert widths[1] >= math.ceil(markdown.HEADER_WIDTH * len("Attendees")) + markdown.CELL_PADDING


def test_a_number_and_its_percent_sign_are_never_parted_at_a_line_end():
    assert markdown.cell_text("Barn och unga: bara 19 % (n = 16)") == "Barn och unga: bara 19\u00a0% (n = 16)"
    assert markdown.markdown_text("45 % och 55 %") == "45\u00a0% och 55\u00a0%"
    assert markdown.markdown_text("ett % för sig") == "ett % för sig"
