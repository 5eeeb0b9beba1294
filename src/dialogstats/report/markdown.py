"""Markdown for the Quarto documents: pipe tables whose column widths fit their content, figure blocks.

Pandoc reads the relative widths of a pipe table from the dashes of its separator line once a
line of the table is longer than its ``--columns`` (72); the HTML, Word and Typst writers then
give each column that share of the text width (Pandoc User's Guide, "Pipe tables").
:func:`pipe_table` therefore writes a separator whose dashes are the column widths it computes:
every column is at least as wide as its longest word (so that no word is broken across lines)
and the remaining width goes to the columns with the most text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pandas as pd

from dialogstats.errors import ParameterError

#: Characters of table text that fit on one line of the text column (16 cm at 8.5-9 pt).
LINE_CHARS = 92
#: Characters a cell's margins take.
CELL_PADDING = 2
#: A cell longer than this wraps anyway; it does not claim more width than this.
LONGEST_CELL = 60
#: Width of a bold header character relative to body text.
HEADER_WIDTH = 1.2


def cell_text(value: object) -> str:
    """A table cell as Markdown text: empty for missing values, pipes escaped, one line."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return markdown_text(str(value)).replace("|", "\\|")


def _longest_word(text: str) -> int:
    return max((len(word) for word in re.split(r"[\s]+", text) if word), default=0)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], line_chars: int = LINE_CHARS) -> list[int]:
    """Width in characters of each column: at least its longest word, the rest shared by the text each holds.

    A column's need is its longest cell (header included, capped at :data:`LONGEST_CELL`) and
    its floor its longest word; both count :data:`CELL_PADDING` characters for the cell's margins.
    When the needs fit in ``line_chars`` each column gets its need and the rest in proportion.
    Otherwise every column gets ``min(need, max(floor, level * weight))``, its weight being its
    mean cell length relative to the wordiest column, with one level chosen so that the widths
    fill the line: short columns keep their text on one line, wordy columns get the most room,
    and no column is narrower than its longest word.
    """
    columns = list(zip(header, *rows)) if rows else [(h,) for h in header]
    # Headers are set in bold, about a fifth wider than body text of the same length.
    floor = [CELL_PADDING + max(3, math.ceil(HEADER_WIDTH * _longest_word(col[0])), max(_longest_word(c) for c in col))
             for col in columns]
    need = [max(f, CELL_PADDING + min(LONGEST_CELL, max(len(c) for c in col))) for f, col in zip(floor, columns)]
    if sum(need) <= line_chars:
        spare, total = line_chars - sum(need), sum(need)
        return [n + round(spare * n / total) for n in need]
    if sum(floor) >= line_chars:
        return floor
    mean = [sum(len(c) for c in col[1:] or col) / max(1, len(col[1:] or col)) + 1 for col in columns]
    weight = [m / max(mean) for m in mean]

    def total(level: float) -> float:
        return sum(min(n, max(f, level * w)) for n, f, w in zip(need, floor, weight))

    low, high = 0.0, float(max(need)) / min(weight)
    for _ in range(80):
        level = (low + high) / 2
        low, high = (level, high) if total(level) < line_chars else (low, level)
    return [max(f, round(min(n, max(f, high * w)))) for n, f, w in zip(need, floor, weight)]


def pipe_table(
    table: pd.DataFrame,
    caption: str | None = None,
    label: str | None = None,
    align: str | None = None,
    line_chars: int = LINE_CHARS,
) -> str:
    """A pipe table with content-fitted column widths, and a caption line ``: caption {#tbl-label}``.

    ``align`` has one letter per column: ``l`` (left), ``r`` (right) or ``c`` (centre); by default
    text columns are left-aligned and columns whose cells are all numbers right-aligned.
    """
    header = [cell_text(c) for c in table.columns]
    rows = [[cell_text(v) for v in row] for row in table.itertuples(index=False)]
    if align is None:
        align = "".join("r" if rows and all(_numeric(r[i]) for r in rows) else "l" for i in range(len(header)))
    if len(align) != len(header) or set(align) - set("lrc"):
        raise ParameterError(f"align needs one of l, r, c per column ({len(header)}), got {align!r}")
    widths = column_widths(header, rows, line_chars)
    rule = "|" + "|".join(_rule(a, w) for a, w in zip(align, widths)) + "|"
    lines = ["| " + " | ".join(header) + " |", rule, *("| " + " | ".join(r) + " |" for r in rows)]
    if caption:
        # tbl-align only as an attribute: Quarto ignores it as a format option, and Word tables would
        # otherwise inherit the centring of the cell Quarto wraps them in.
        lines += ["", f": {markdown_text(caption)}" + (f' {{#{label} tbl-align="left"}}' if label else "")]
    return "\n".join(lines) + "\n"


def _numeric(text: str) -> bool:
    return bool(re.fullmatch(r"[–−+\-]?[\d\s.,]+\s?%?|–|", text))


def _rule(align: str, width: int) -> str:
    dashes = "-" * max(3, width)
    if align == "r":
        return dashes[:-1] + ":"
    if align == "c":
        return ":" + dashes[2:] + ":"
    return ":" + dashes[1:]


def markdown_text(text: str) -> str:
    """Plain text made safe inside Markdown: ``*``, ``_``, brackets and backticks escaped, one line, and
    a number held to its "%" sign by a no-break space (no line ends between "19" and "%")."""
    escaped = re.sub(r"([\\`*_\[\]<>])", r"\\\1", str(text))
    return re.sub(r"(?<=\d) (?=%)", "\u00a0", escaped.replace("\n", " ").strip())


def figure_block(path: str, caption: str, alt_text: str, label: str, width: str | None = None) -> str:
    """Markdown of one figure: image by path, caption, alt text and a cross-reference label."""
    if not label.startswith("fig-"):
        raise ParameterError(f"figure labels start with 'fig-' (Quarto cross-references), got {label!r}")
    alt = str(alt_text).replace('"', "'").replace("\n", " ")
    size = f' width="{width}"' if width else ""
    return f'![{markdown_text(caption)}]({path}){{#{label} fig-alt="{alt}"{size}}}\n'


def figure_label(figure_id: str) -> str:
    """Cross-reference label of a figure: ``fig-`` and its id in lower case with hyphens."""
    return "fig-" + re.sub(r"[^a-z0-9]+", "-", figure_id.lower()).strip("-")


def bullet_list(items: Sequence[str]) -> str:
    """A Markdown bullet list (one item per line, with a blank line before and after)."""
    return "\n" + "".join(f"- {item}\n" for item in items) + "\n"


def metadata_block(fields: dict[str, str]) -> str:
    """A YAML metadata block for Pandoc (read anywhere in a document), e.g. a generated abstract.

    Values are written as literal blocks, so any text (colons, quotes, percent signs) is safe.
    """
    lines = ["", "---"]
    for key, value in fields.items():
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise ParameterError(f"metadata keys are lower-case words, got {key!r}")
        lines.append(f"{key}: |")
        lines += [f"  {line}" if line else "" for line in str(value).splitlines()]
    lines += ["---", ""]
    return "\n".join(lines) + "\n"
