"""The paper's Word reference document (``paper/reference.docx``), built from pandoc's default.

Pandoc takes page setup and styles for a ``.docx`` from a *reference document*.
:func:`build_reference_docx` turns pandoc's default one into the paper's:

* an A4 portrait page with 2.5 cm margins on every side (the body's ``w:sectPr``);
* one sans-serif family (:data:`FONT`, set explicitly on every script, not through
  the theme) in black and dark grey: body text 10.5 pt with 1.15 line spacing and
  6 pt after each paragraph, bold headings of 15/12.5/11 pt, a 18 pt title,
  9 pt italic captions, 9 pt tables with a bold header row between thin rules, and dark-blue links.

Pandoc writes table cells *and* tight list items as ``Compact`` paragraphs. So that
tables are 9 pt while tight lists keep the body size, the body size is set in the
document defaults rather than on ``Normal``/``Compact``, and the 9 pt on the ``Table``
style: Word and LibreOffice apply paragraph style, then table style, then document
defaults. :func:`effective_font_size` resolves a style's size the same way.

The result depends only on the input: fixed zip timestamps and attributes, the
members in their original order, a fixed creation date in ``docProps/core.xml``.
Applying the builder to its own output gives the same bytes, so the committed file
can be checked to be a fixed point (nobody edits it by hand).

``python -m dialogstats.report.wordstyles`` regenerates ``paper/reference.docx``
from the default document of the ``quarto`` found on ``PATH``.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from dialogstats import paths
from dialogstats.errors import DialogstatsError

#: The font family of every style (Word has it; LibreOffice substitutes the metric-compatible Liberation Sans).
FONT = "Arial"
#: Colour of headings and titles (near black, not the theme's blue).
HEADING_COLOUR = "1A1A1A"
#: Colour of hyperlinks (dark blue).
LINK_COLOUR = "1F3A68"

TWIPS_PER_CM = 1440 / 2.54
#: A4 portrait in twips (21.0 x 29.7 cm).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
#: 2.5 cm in twips.
MARGIN = 1418

#: Every zip member gets this timestamp (the earliest a zip file can store).
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
#: Fixed creation and modification date written to ``docProps/core.xml``.
CORE_DATE = "1980-01-01T00:00:00Z"

#: Styles the reference document is promised to define (style ids).
PROMISED_STYLES: tuple[str, ...] = (
    "Normal", "BodyText", "FirstParagraph", "Compact", "Title", "Subtitle", "Abstract",
    "Heading1", "Heading2", "Heading3", "Caption", "TableCaption", "ImageCaption",
    "Table", "Hyperlink",
)

DEFAULT_OUTPUT: Path = paths.PAPER / "reference.docx"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}


class ReferenceDocError(DialogstatsError, ValueError):
    """The input is not a Word document this module can restyle, or quarto is unavailable."""


# --------------------------------------------------------------------------- XML snippets


def _rpr(size: float | None = None, *, bold: bool | None = None, italic: bool | None = None,
         colour: str | None = None, font: str | None = FONT, underline: bool = False) -> str:
    """A ``w:rPr`` element (children in schema order); ``size`` in points."""
    parts: list[str] = []
    if font:
        parts.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>')
    if bold is not None:
        val = "" if bold else ' w:val="0"'
        parts.append(f"<w:b{val}/><w:bCs{val}/>")
    if italic is not None:
        val = "" if italic else ' w:val="0"'
        parts.append(f"<w:i{val}/><w:iCs{val}/>")
    if colour:
        parts.append(f'<w:color w:val="{colour}"/>')
    if size is not None:
        half = round(size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if underline:
        parts.append('<w:u w:val="single"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _ppr(*, keep_next: bool = False, keep_lines: bool = False, before: int | None = None,
         after: int | None = None, line: int | None = None, left: int | None = None,
         right: int | None = None, hanging: int | None = None, jc: str | None = None,
         outline: int | None = None) -> str:
    """A ``w:pPr`` element; spacing and indents in twips, ``line`` in 240ths of a line."""
    parts: list[str] = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    spacing = {"w:before": before, "w:after": after, "w:line": line}
    if any(v is not None for v in spacing.values()):
        attrs = "".join(f' {k}="{v}"' for k, v in spacing.items() if v is not None)
        if line is not None:
            attrs += ' w:lineRule="auto"'
        parts.append(f"<w:spacing{attrs}/>")
    indent = {"w:left": left, "w:right": right, "w:hanging": hanging}
    if any(v is not None for v in indent.values()):
        parts.append("<w:ind" + "".join(f' {k}="{v}"' for k, v in indent.items() if v is not None) + "/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None, next_: str | None = None,
           link: str | None = None, custom: bool = False, default: bool = False, ui_priority: int | None = None,
           body: str = "") -> str:
    """A complete ``w:style`` element."""
    attrs = f' w:type="{kind}"' + (' w:default="1"' if default else "") + (' w:customStyle="1"' if custom else "")
    head = f'<w:name w:val="{name}"/>'
    if based_on:
        head += f'<w:basedOn w:val="{based_on}"/>'
    if next_:
        head += f'<w:next w:val="{next_}"/>'
    if link:
        head += f'<w:link w:val="{link}"/>'
    if ui_priority is not None:
        head += f'<w:uiPriority w:val="{ui_priority}"/>'
    head += "<w:qFormat/>" if kind == "paragraph" else ""
    return f'<w:style{attrs} w:styleId="{style_id}">{head}{body}</w:style>'


def _para(style_id: str, name: str, ppr: str = "", rpr: str = "", **kw: Any) -> str:
    """A paragraph style (keyword arguments as for :func:`_style`)."""
    return _style("paragraph", style_id, name, body=ppr + rpr, **kw)


def _char(style_id: str, name: str, rpr: str = "", **kw: Any) -> str:
    """A character style (keyword arguments as for :func:`_style`)."""
    return _style("character", style_id, name, body=rpr, **kw)


_BODY_PT, _BODY_AFTER, _BODY_LINE = 10.5, 120, 276  # 10.5 pt, 6 pt after, 1.15 lines
_SMALL_PT = 9.0
# (level, size in pt, bold, italic, space before, space after in twips) of Heading1..Heading9.
_HEADINGS: tuple[tuple[int, float, bool, bool, int, int], ...] = (
    (1, 15.0, True, False, 360, 120),
    (2, 12.5, True, False, 280, 100),
    (3, 11.0, True, False, 220, 80),
    (4, _BODY_PT, True, True, 200, 60),
    (5, _BODY_PT, False, True, 160, 40),
    (6, _BODY_PT, False, True, 160, 40),
    (7, _BODY_PT, False, True, 120, 0),
    (8, _BODY_PT, False, True, 120, 0),
    (9, _BODY_PT, False, True, 120, 0),
)


def _table_style() -> str:
    """The ``Table`` style pandoc gives every table: 9 pt, small cell margins, a bold header row
    between two thin rules, and no other borders.

    The rules sit on the header row (the ``firstRow`` conditional), not on the whole table:
    Quarto wraps each captioned table or figure, and each callout, in a one-cell layout table
    of this same style but without a header row (``w:firstRow="0"``), and table-wide borders
    would frame those too. Pandoc always writes ``w:lastRow="0"``, so a rule under the last
    row cannot be given by the style without also framing the wrappers.
    """
    rule = 'w:val="single" w:sz="6" w:space="0" w:color="000000"'
    thin = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    none = 'w:val="nil"'
    tbl_pr = (
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        f"<w:tblBorders><w:top {none}/><w:left {none}/><w:bottom {none}/><w:right {none}/>"
        f"<w:insideH {none}/><w:insideV {none}/></w:tblBorders>"
        '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    )
    header = (
        '<w:tblStylePr w:type="firstRow">' + _rpr(bold=True, font=None)
        + f'<w:tcPr><w:tcBorders><w:top {rule}/><w:bottom {thin}/></w:tcBorders><w:vAlign w:val="bottom"/></w:tcPr>'
        "</w:tblStylePr>"
    )
    body = (
        '<w:name w:val="Table"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        + _ppr(before=0, after=0, line=240) + _rpr(_SMALL_PT) + tbl_pr + header
    )
    return f'<w:style w:type="table" w:default="1" w:styleId="Table">{body}</w:style>'


def _styles() -> dict[str, str]:
    """Style id -> the complete ``w:style`` element that replaces (or is added to) pandoc's."""
    dark = HEADING_COLOUR
    s: dict[str, str] = {
        # Normal and Compact set no size: the body size comes from the document defaults, so inside a
        # table the "Table" style's 9 pt wins (paragraph style > table style > document defaults).
        "Normal": _para("Normal", "Normal", _ppr(after=_BODY_AFTER, line=_BODY_LINE), _rpr(), default=True),
        "BodyText": _para("BodyText", "Body Text", _ppr(before=0, after=_BODY_AFTER), based_on="Normal",
                          link="BodyTextChar"),
        "FirstParagraph": _para("FirstParagraph", "First Paragraph", based_on="BodyText", next_="BodyText",
                                custom=True),
        "Compact": _para("Compact", "Compact", _ppr(before=0, after=0, line=240), based_on="BodyText",
                         custom=True),
        "Title": _para("Title", "Title", _ppr(before=0, after=120, line=240, jc="left"),
                       _rpr(18.0, bold=True, colour=dark), based_on="Normal", next_="BodyText", link="TitleChar",
                       ui_priority=10),
        "TitleChar": _char("TitleChar", "Title Char", _rpr(18.0, bold=True, colour=dark),
                           based_on="DefaultParagraphFont", link="Title", custom=True, ui_priority=10),
        "Subtitle": _para("Subtitle", "Subtitle", _ppr(before=0, after=160, line=240, jc="left"),
                          _rpr(12.0, bold=False, colour="404040"), based_on="Title", next_="BodyText",
                          link="SubtitleChar", ui_priority=11),
        "SubtitleChar": _char("SubtitleChar", "Subtitle Char", _rpr(12.0, bold=False, colour="404040"),
                              based_on="DefaultParagraphFont", link="Subtitle", custom=True, ui_priority=11),
        "Author": _para("Author", "Author", _ppr(keep_next=True, keep_lines=True, before=0, after=40, jc="left"),
                        _rpr(_BODY_PT, bold=False), based_on="Title", next_="BodyText", custom=True),
        "Date": _para("Date", "Date", _ppr(keep_next=True, keep_lines=True, before=0, after=200, jc="left"),
                      _rpr(_BODY_PT, bold=False), based_on="Title", next_="BodyText"),
        "AbstractTitle": _para("AbstractTitle", "Abstract Title",
                               _ppr(keep_next=True, keep_lines=True, before=200, after=60, left=284, jc="left"),
                               _rpr(10.0, bold=True), based_on="Normal", next_="Abstract", custom=True),
        "Abstract": _para("Abstract", "Abstract", _ppr(before=60, after=240, left=284, right=284),
                          _rpr(10.0), based_on="Normal", next_="BodyText", custom=True),
        "BlockText": _para("BlockText", "Block Text", _ppr(before=60, after=_BODY_AFTER, left=567, right=567),
                           based_on="BodyText", next_="BodyText"),
        "FootnoteText": _para("FootnoteText", "Footnote Text", _ppr(before=0, after=40, line=240), _rpr(_SMALL_PT),
                              based_on="Normal", next_="FootnoteText"),
        "Bibliography": _para("Bibliography", "Bibliography", _ppr(after=80, left=360, hanging=360),
                              based_on="Normal", next_="Bibliography"),
        "Caption": _para("Caption", "Caption", _ppr(before=60, after=120, line=240), _rpr(_SMALL_PT, italic=True),
                         based_on="Normal"),
        "TableCaption": _para("TableCaption", "Table Caption", _ppr(keep_next=True, before=160, after=60),
                              based_on="Caption", custom=True),
        "ImageCaption": _para("ImageCaption", "Image Caption", _ppr(before=60, after=160),
                              based_on="Caption", custom=True),
        "CaptionedFigure": _para("CaptionedFigure", "Captioned Figure", _ppr(keep_next=True, before=120, after=0),
                                 based_on="Figure", custom=True),
        "Hyperlink": _char("Hyperlink", "Hyperlink", _rpr(colour=LINK_COLOUR, font=None), based_on="BodyTextChar"),
        "VerbatimChar": _char("VerbatimChar", "Verbatim Char", _rpr(9.5, font="Consolas"),
                              based_on="BodyTextChar", custom=True),
        "TOCHeading": _para("TOCHeading", "TOC Heading", _ppr(before=240, outline=9),
                            _rpr(15.0, bold=True, colour=dark), based_on="Heading1", next_="BodyText",
                            ui_priority=39),
        "Table": _table_style(),
    }
    for level, size, bold, italic, before, after in _HEADINGS:
        rpr = _rpr(size, bold=bold, italic=italic, colour=dark)
        s[f"Heading{level}"] = _para(
            f"Heading{level}", f"heading {level}",
            _ppr(keep_next=True, keep_lines=True, before=before, after=after, line=240, outline=level - 1), rpr,
            based_on="Normal", next_="BodyText", link=f"Heading{level}Char", ui_priority=9,
        )
        s[f"Heading{level}Char"] = _char(f"Heading{level}Char", f"Heading {level} Char", rpr,
                                         based_on="DefaultParagraphFont", link=f"Heading{level}", custom=True,
                                         ui_priority=9)
    return s


_DOC_DEFAULTS = (
    "<w:docDefaults><w:rPrDefault>"
    + _rpr(_BODY_PT).replace("</w:rPr>", '<w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>')
    + "</w:rPrDefault><w:pPrDefault>" + _ppr(after=_BODY_AFTER, line=_BODY_LINE) + "</w:pPrDefault></w:docDefaults>"
)

_ARIAL_FONT_ENTRY = (
    '<w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
)


# --------------------------------------------------------------------------- part rewriting


def _style_pattern(style_id: str) -> re.Pattern[str]:
    return re.compile(r'<w:style\b[^>]*\bw:styleId="' + re.escape(style_id) + r'"[^>]*>.*?</w:style>', re.DOTALL)


def _restyle(styles_xml: str) -> str:
    """Replace docDefaults and the managed styles; add the ones pandoc's default lacks."""
    if "</w:styles>" not in styles_xml:
        raise ReferenceDocError("word/styles.xml has no closing </w:styles>")
    out, n = re.subn(r"<w:docDefaults>.*?</w:docDefaults>", lambda _: _DOC_DEFAULTS, styles_xml, count=1,
                     flags=re.DOTALL)
    if n == 0:
        out = re.sub(r"(<w:styles\b[^>]*>)", lambda m: m.group(1) + _DOC_DEFAULTS, out, count=1)
    for style_id, element in _styles().items():
        out, n = _style_pattern(style_id).subn(lambda _, e=element: e, out, count=1)
        if n == 0:
            out = out.replace("</w:styles>", element + "</w:styles>")
    return out


_PAGE = (
    f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
    f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
    'w:header="709" w:footer="709" w:gutter="0"/>'
)
# Children of w:sectPr that must come before w:pgSz (schema order).
_BEFORE_PGSZ = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type")


def _set_page(document_xml: str) -> str:
    """Put A4 size and 2.5 cm margins into the body's (last) ``w:sectPr``."""
    starts = [m.start() for m in re.finditer(r"<w:sectPr\b", document_xml)]
    if not starts:
        if "</w:body>" not in document_xml:
            raise ReferenceDocError("word/document.xml has no </w:body>")
        return document_xml.replace("</w:body>", f"<w:sectPr>{_PAGE}</w:sectPr></w:body>")
    start = starts[-1]
    m = re.compile(r"<w:sectPr\b([^>]*?)(/>|>(.*?)</w:sectPr>)", re.DOTALL).match(document_xml, start)
    if m is None:
        raise ReferenceDocError("word/document.xml has a malformed w:sectPr")
    attrs, inner = m.group(1), m.group(3) or ""
    inner = re.sub(r"\s*<w:(?:pgSz|pgMar)\b[^>]*/>", "", inner)
    # Insert after the last child that must precede w:pgSz.
    cut = 0
    for child in _BEFORE_PGSZ:
        for cm in re.finditer(rf"<w:{child}\b[^>]*?(?:/>|>.*?</w:{child}>)", inner, re.DOTALL):
            cut = max(cut, cm.end())
    inner = inner[:cut] + _PAGE + inner[cut:]
    return document_xml[:start] + f"<w:sectPr{attrs}>{inner}</w:sectPr>" + document_xml[m.end():]


def _set_theme_fonts(theme_xml: str) -> str:
    """Make the theme's heading and body fonts :data:`FONT` too (for anything still using theme fonts)."""
    return re.sub(r"(<a:(?:major|minor)Font>\s*)<a:latin\b[^>]*/>",
                  lambda m: m.group(1) + f'<a:latin typeface="{FONT}" panose="020B0604020202020204"/>', theme_xml)


def _add_font_entry(font_table_xml: str) -> str:
    if f'w:name="{FONT}"' in font_table_xml or "</w:fonts>" not in font_table_xml:
        return font_table_xml
    return font_table_xml.replace("</w:fonts>", _ARIAL_FONT_ENTRY + "</w:fonts>")


def _fix_core_dates(core_xml: str) -> str:
    """Fixed ``dcterms:created`` / ``dcterms:modified`` so the output does not depend on the clock."""
    return re.sub(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)",
                  lambda m: m.group(1) + CORE_DATE + m.group(3), core_xml)


_REWRITERS = {
    "word/styles.xml": _restyle,
    "word/document.xml": _set_page,
    "word/theme/theme1.xml": _set_theme_fonts,
    "word/fontTable.xml": _add_font_entry,
    "docProps/core.xml": _fix_core_dates,
}


def _open(docx: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(docx))
    except zipfile.BadZipFile as exc:
        raise ReferenceDocError(f"not a .docx (zip) file: {exc}") from None
    missing = {"word/styles.xml", "word/document.xml"} - set(zf.namelist())
    if missing:
        raise ReferenceDocError(f"not a Word document: missing {', '.join(sorted(missing))}")
    return zf


def build_reference_docx(default_docx: bytes) -> bytes:
    """The paper's reference document made from pandoc's default one (deterministic and idempotent)."""
    out = io.BytesIO()
    with _open(default_docx) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.is_dir():
                continue
            data = src.read(info)
            rewrite = _REWRITERS.get(info.filename)
            if rewrite is not None:
                data = rewrite(data.decode("utf-8")).encode("utf-8")
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3
            member.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            dst.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------- inspection


def _xml(docx: bytes, part: str) -> ElementTree.Element:
    with _open(docx) as zf:
        return ElementTree.fromstring(zf.read(part))


def _body_section(docx: bytes) -> ElementTree.Element:
    sect = _xml(docx, "word/document.xml").find("w:body/w:sectPr", _NS)
    if sect is None:
        raise ReferenceDocError("word/document.xml has no section properties (w:body/w:sectPr)")
    return sect


def page_size_cm(docx: bytes) -> tuple[float, float]:
    """(width, height) of the document's page in centimetres."""
    size = _body_section(docx).find("w:pgSz", _NS)
    if size is None:
        raise ReferenceDocError("the section properties set no page size (w:pgSz)")
    return int(size.get(f"{{{_W}}}w", "0")) / TWIPS_PER_CM, int(size.get(f"{{{_W}}}h", "0")) / TWIPS_PER_CM


def page_margins_cm(docx: bytes) -> dict[str, float]:
    """Page margins in centimetres: ``{"top": .., "right": .., "bottom": .., "left": ..}``."""
    margins = _body_section(docx).find("w:pgMar", _NS)
    if margins is None:
        raise ReferenceDocError("the section properties set no page margins (w:pgMar)")
    return {side: int(margins.get(f"{{{_W}}}{side}", "0")) / TWIPS_PER_CM for side in ("top", "right", "bottom", "left")}


def style_font_sizes(docx: bytes) -> dict[str, float]:
    """Style id -> font size in points, for the styles that set one themselves (not inherited)."""
    sizes: dict[str, float] = {}
    for style in _xml(docx, "word/styles.xml").iterfind("w:style", _NS):
        sz = style.find("w:rPr/w:sz", _NS)
        if sz is not None:
            sizes[style.get(f"{{{_W}}}styleId", "")] = int(sz.get(f"{{{_W}}}val", "0")) / 2
    return sizes


def effective_font_size(docx: bytes, style_id: str, *, in_table: bool = False) -> float:
    """Size in points a paragraph of ``style_id`` gets: its ``basedOn`` chain, then (``in_table``)
    the default table style's chain, then the document defaults, else Word's built-in 10 pt."""
    root = _xml(docx, "word/styles.xml")
    styles = {s.get(f"{{{_W}}}styleId", ""): s for s in root.iterfind("w:style", _NS)}
    if style_id not in styles:
        raise ReferenceDocError(f"no style with id {style_id!r} in word/styles.xml")
    chains = [style_id]
    if in_table:
        table = next((sid for sid, s in styles.items()
                      if s.get(f"{{{_W}}}type") == "table" and s.get(f"{{{_W}}}default") in {"1", "true", "on"}), None)
        if table is not None:
            chains.append(table)
    for start in chains:
        current: str | None = start
        seen: set[str] = set()
        while current is not None and current in styles and current not in seen:
            seen.add(current)
            sz = styles[current].find("w:rPr/w:sz", _NS)
            if sz is not None:
                return int(sz.get(f"{{{_W}}}val", "0")) / 2
            based = styles[current].find("w:basedOn", _NS)
            current = based.get(f"{{{_W}}}val") if based is not None else None
    default = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:sz", _NS)
    return int(default.get(f"{{{_W}}}val", "0")) / 2 if default is not None else 10.0


# --------------------------------------------------------------------------- command line


def default_reference_docx(quarto: str | None = None) -> bytes:
    """Pandoc's default reference document, as printed by ``quarto pandoc``."""
    exe = quarto or shutil.which("quarto")
    if exe is None:
        raise ReferenceDocError(
            "quarto was not found on PATH; install Quarto (https://quarto.org) or add its bin folder to PATH, "
            "e.g. export PATH=/path/to/quarto/bin:$PATH"
        )
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "default-reference.docx"
        done = subprocess.run([exe, "pandoc", "-o", str(target), "--print-default-data-file", "reference.docx"],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not target.is_file():
            raise ReferenceDocError(f"'{exe} pandoc --print-default-data-file reference.docx' failed "
                                    f"(exit {done.returncode}): {done.stderr.strip()}")
        return target.read_bytes()


def _write_atomic(data: bytes, path: Path) -> None:
    """Write via a temporary file beside ``path``, so an interrupted run leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate ``paper/reference.docx`` (or ``--output``) from quarto's pandoc default."""
    parser = argparse.ArgumentParser(prog="python -m dialogstats.report.wordstyles", description=main.__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        data = build_reference_docx(default_reference_docx())
    except ReferenceDocError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _write_atomic(data, args.output)
    width, height = page_size_cm(data)
    print(f"wrote {args.output} ({width:.1f} x {height:.1f} cm, {len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
