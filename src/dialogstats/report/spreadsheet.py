"""Deterministic .xlsx writing with openpyxl: typed columns, number formats, widths, fixed metadata.

A :class:`Table` is a sheet of one header row and typed columns (:data:`KINDS`). Numbers stay
numbers: a share 0.86 is stored as 0.86 and shown with the format ``0%``, a difference in
percentage points as a number with a sign, a p-value with three decimals; a missing value is
an empty cell. :func:`add_table` writes one with a frozen, filterable header row, columns as
wide as their contents (long text capped at :data:`MAX_WIDTH` characters and wrapped), and an
A4 landscape page set to fit the width. :func:`workbook_bytes` saves a workbook so that the
same content gives the same bytes: fixed creator and dates in ``docProps/core.xml`` and every
zip member with the timestamp of :data:`dialogstats.report.wordstyles.ZIP_DATE_TIME`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dialogstats.checks import check_name, is_integral
from dialogstats.report.wordstyles import CORE_DATE, ZIP_DATE_TIME

#: Column kinds and their number formats (text kinds have none).
NUMBER_FORMATS: dict[str, str] = {
    "int": "0",
    "percent": "0%",
    "points": "[>=0.5]+0;[<=-0.5]-0;0",  # a sign, and no "-0" or "+0" for differences that round to 0
    "pvalue": "0.000",
}
#: ``text`` is short text; ``long`` is text that wraps once it reaches :data:`MAX_WIDTH`.
KINDS: tuple[str, ...] = ("text", "long", *NUMBER_FORMATS)
#: Widest column, in characters; longer text wraps.
MAX_WIDTH = 60
MIN_WIDTH = 6
#: Characters a number of each kind shows at most (e.g. "100%", "+100", "0.000").
_NUMBER_WIDTH = {"percent": 5, "points": 5, "pvalue": 6}

CREATOR = "dialogstats"
FIXED_TIME = dt.datetime(1980, 1, 1, 0, 0, 0)

#: The font of every cell (LibreOffice substitutes the metric-compatible Carlito where Calibri is missing).
FONT_NAME = "Calibri"
BODY_FONT = Font(name=FONT_NAME, size=11)
HEADER_FONT = Font(name=FONT_NAME, size=11, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")
HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
TOP = Alignment(vertical="top")
WRAP_TOP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column of a table: its header, its kind (:data:`KINDS`) and its cells."""

    header: str
    kind: str
    values: Sequence[object]

    def __post_init__(self) -> None:
        check_name(self.kind, KINDS, "column kind")


@dataclass(frozen=True)
class Table:
    """A sheet: its name and columns of equal length."""

    name: str
    columns: Sequence[Column]

    def __post_init__(self) -> None:
        lengths = {len(c.values) for c in self.columns}
        if len(lengths) > 1:
            raise ValueError(f"columns of sheet {self.name!r} differ in length: "
                             + ", ".join(f"{c.header} {len(c.values)}" for c in self.columns))
        if len(self.name) > 31 or re.search(r"[\[\]:*?/\\]", self.name):
            raise ValueError(f"sheet name {self.name!r} is not allowed: at most 31 characters, none of []:*?/\\")

    @property
    def rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


def missing(value: object) -> bool:
    """True for ``None``, ``""`` and NaN: an empty cell."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    return isinstance(value, float) and math.isnan(value)


def cell_value(value: object, kind: str) -> object:
    """What a cell stores: ``None`` when missing, an int for a whole count, a float for other numbers, else text."""
    if missing(value):
        return None
    if kind in ("text", "long"):
        return str(value)
    if kind == "int":
        return int(value) if is_integral(value) else float(value)  # type: ignore[arg-type]
    return float(value)  # type: ignore[arg-type]


def _shown_width(value: object, kind: str) -> int:
    if value is None:
        return 0
    if kind == "int":
        return len(str(value))
    if kind in _NUMBER_WIDTH:
        return _NUMBER_WIDTH[kind]
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_width(column: Column, cells: Sequence[object]) -> int:
    """Characters wide: the longest cell (capped at :data:`MAX_WIDTH`), and wide enough for the header
    to take at most three lines and to keep its longest word whole."""
    longest = max((_shown_width(v, column.kind) for v in cells), default=0)
    # The header is bold, about a tenth wider than body text.
    words = math.ceil(1.1 * max((len(w) for w in column.header.split()), default=0))
    width = max(longest, words, math.ceil(1.1 * len(column.header) / 3), MIN_WIDTH)
    return min(width, MAX_WIDTH)


#: Height of one line of 11 pt text, in points.
LINE_HEIGHT = 15.0


def wrapped_lines(text: str, width: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in a column ``width`` characters wide."""
    # Proportional text is narrower than the digit "0" that column widths are measured in; bold is wider.
    usable = max(int(width * (1.1 if bold else 1.2)) - 1, 1)
    return sum(max(len(textwrap.wrap(line, usable, break_long_words=True)), 1) for line in str(text).splitlines() or [""])


def fit_row_heights(ws: Worksheet) -> None:
    """Set each row holding wrapped text as high as its tallest cell (spreadsheet programs do not
    recompute row heights when they open a file), taking merged cells as wide as their columns."""
    def width(column: int) -> float:
        return ws.column_dimensions[get_column_letter(column)].width or 8.43

    spans = {(r.min_row, r.min_col): sum(width(c) for c in range(r.min_col, r.max_col + 1)) for r in ws.merged_cells.ranges}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str) and cell.alignment is not None and cell.alignment.wrap_text:
                bold = bool(cell.font is not None and cell.font.b)
                lines = max(lines, wrapped_lines(cell.value, spans.get((cell.row, cell.column), width(cell.column)), bold))
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * LINE_HEIGHT


def style_header(cell) -> None:
    cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP_TOP


def set_page(ws: Worksheet, title_rows: str | None = None) -> None:
    """A4 landscape, fit to one page wide, the header row repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    if title_rows:
        ws.print_title_rows = title_rows


def add_table(wb: Workbook, table: Table) -> Worksheet:
    """Write ``table`` as a new sheet: bold header row, typed cells, widths, frozen header, autofilter."""
    ws = wb.create_sheet(table.name)
    for j, column in enumerate(table.columns, start=1):
        style_header(ws.cell(row=1, column=j, value=column.header))
        cells = [cell_value(v, column.kind) for v in column.values]
        width = column_width(column, cells)
        wraps = column.kind == "long" or any(_shown_width(v, column.kind) > width for v in cells)
        for i, value in enumerate(cells, start=2):
            cell = ws.cell(row=i, column=j, value=value)
            cell.alignment = WRAP_TOP if wraps else TOP
            cell.font = BODY_FONT
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
        ws.column_dimensions[get_column_letter(j)].width = width + 2
    last = get_column_letter(max(len(table.columns), 1))
    fit_row_heights(ws)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{table.rows + 1}"
    set_page(ws, "1:1")
    return ws


def new_workbook(title: str, language: str) -> Workbook:
    """An empty workbook (no default sheet) with fixed properties."""
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.creator, props.lastModifiedBy, props.title, props.language = CREATOR, None, title, language
    props.created = props.modified = FIXED_TIME
    return wb


def _fixed_core(core_xml: str) -> str:
    return re.sub(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                  lambda m: m.group(1) + CORE_DATE + m.group(3), core_xml)


def workbook_bytes(wb: Workbook) -> bytes:
    """The saved workbook with fixed dates in ``docProps/core.xml`` and fixed zip timestamps."""
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _fixed_core(data.decode("utf-8")).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            member.create_system = 3
            member.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            dst.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()
