"""The Word reference document: A4 with 2.5 cm margins, readable styles, built reproducibly.

Most tests read the committed ``paper/reference.docx``; the builder's behaviour on
arbitrary input is checked on a small synthetic document (US Letter, 12 pt Normal,
a blue heading, a clock-dependent creation date).
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from dialogstats import paths
from dialogstats.report import wordstyles as ws

COMMITTED = paths.PAPER / "reference.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}

BODY_STYLES = ("Normal", "BodyText", "FirstParagraph", "Compact")
CAPTION_STYLES = ("Caption", "TableCaption", "ImageCaption")
PROMISED = (
    "Normal", "BodyText", "FirstParagraph", "Compact", "Heading1", "Heading2", "Heading3", "Title",
    "Subtitle", "Caption", "TableCaption", "ImageCaption", "Table", "Abstract", "Hyperlink",
)


# --------------------------------------------------------------------------- helpers


def _zip(parts: dict[str, str], date_time: tuple[int, int, int, int, int, int] = (2024, 5, 17, 13, 45, 10)) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=date_time), text)
    return out.getvalue()


_WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_LETTER_DOCUMENT = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:document {_WNS}><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>'
    '<w:sectPr><w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
    '<w:pgSz w:w="12240" w:h="15840"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/>'
    "</w:sectPr></w:body></w:document>"
)
_PLAIN_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><w:styles {_WNS}>'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:rPr><w:sz w:val="24"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:rPr><w:color w:val="0F4761" w:themeColor="accent1"/><w:sz w:val="40"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Keep"><w:name w:val="Keep me"/></w:style>'
    "</w:styles>"
)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-05-17T13:45:10Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-05-17T13:45:10Z</dcterms:modified></cp:coreProperties>'
)


def _synthetic(document: str = _LETTER_DOCUMENT, **kw: tuple[int, int, int, int, int, int]) -> bytes:
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": document,
                 "word/styles.xml": _PLAIN_STYLES, "docProps/core.xml": _CORE}, **kw)


def _part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read(name).decode("utf-8")


def _style(docx: bytes, style_id: str) -> ElementTree.Element:
    root = ElementTree.fromstring(_part(docx, "word/styles.xml"))
    for style in root.iterfind("w:style", NS):
        if style.get(f"{W}styleId") == style_id:
            return style
    raise AssertionError(f"style {style_id!r} missing")


def _val(el: ElementTree.Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(f"{W}{attr}")


@pytest.fixture(scope="module")
def committed() -> bytes:
    assert COMMITTED.is_file(), "paper/reference.docx is missing: run python -m dialogstats.report.wordstyles"
    return COMMITTED.read_bytes()


# --------------------------------------------------------------------------- page


def test_page_is_a4_portrait(committed: bytes) -> None:
    width, height = ws.page_size_cm(committed)
    assert width == pytest.approx(21.0, abs=0.05)
    assert height == pytest.approx(29.7, abs=0.05)


def test_margins_are_2_5_cm_on_every_side(committed: bytes) -> None:
    margins = ws.page_margins_cm(committed)
    assert set(margins) == {"top", "right", "bottom", "left"}
    assert all(m == pytest.approx(2.5, abs=0.05) for m in margins.values()), margins


def test_letter_input_becomes_a4_and_keeps_other_section_settings() -> None:
    source = _synthetic()
    assert ws.page_size_cm(source) == (pytest.approx(21.59, abs=0.01), pytest.approx(27.94, abs=0.01))
    built = ws.build_reference_docx(source)
    assert ws.page_size_cm(built) == (pytest.approx(21.0, abs=0.05), pytest.approx(29.7, abs=0.05))
    section = _part(built, "word/document.xml")
    assert section.count("<w:pgSz") == 1 and section.count("<w:pgMar") == 1
    # schema order: footnotePr before pgSz
    assert section.index("<w:footnotePr>") < section.index("<w:pgSz")


def test_document_without_section_properties_gets_a4() -> None:
    document = f"<w:document {_WNS}><w:body><w:p/></w:body></w:document>"
    built = ws.build_reference_docx(_synthetic(document))
    assert ws.page_margins_cm(built)["left"] == pytest.approx(2.5, abs=0.05)


# --------------------------------------------------------------------------- styles


@pytest.mark.parametrize("style_id", PROMISED)
def test_every_promised_style_exists(committed: bytes, style_id: str) -> None:
    assert _style(committed, style_id).get(f"{W}styleId") == style_id


def test_module_promises_the_same_styles_as_this_specification() -> None:
    assert set(ws.PROMISED_STYLES) == set(PROMISED)


@pytest.mark.parametrize("style_id", BODY_STYLES)
def test_body_text_is_10_5_pt(committed: bytes, style_id: str) -> None:
    size = ws.effective_font_size(committed, style_id)
    assert size >= 10
    assert size == 10.5


def test_body_text_has_1_15_line_spacing_and_6_pt_after(committed: bytes) -> None:
    spacing = _style(committed, "Normal").find("w:pPr/w:spacing", NS)
    assert _val(spacing, "line") == "276" and _val(spacing, "lineRule") == "auto"
    assert _val(spacing, "after") == "120"
    assert _val(_style(committed, "BodyText").find("w:pPr/w:spacing", NS), "after") == "120"


def test_headings_are_larger_than_body_and_decrease_by_level(committed: bytes) -> None:
    sizes = ws.style_font_sizes(committed)
    body = ws.effective_font_size(committed, "BodyText")
    assert (sizes["Heading1"], sizes["Heading2"], sizes["Heading3"]) == (15.0, 12.5, 11.0)
    assert sizes["Heading1"] > sizes["Heading2"] > sizes["Heading3"] > body
    assert sizes["Title"] == 18.0 and sizes["Subtitle"] == 12.0


@pytest.mark.parametrize("style_id", ("Heading1", "Heading2", "Heading3", "Title"))
def test_headings_are_bold_dark_and_not_theme_coloured(committed: bytes, style_id: str) -> None:
    rpr = _style(committed, style_id).find("w:rPr", NS)
    assert rpr is not None
    bold = rpr.find("w:b", NS)
    assert bold is not None and _val(bold) in (None, "1", "true", "on")
    colour = rpr.find("w:color", NS)
    assert colour is not None and _val(colour, "themeColor") is None
    rgb = _val(colour) or ""
    assert re.fullmatch(r"[0-9A-Fa-f]{6}", rgb) and all(int(rgb[i:i + 2], 16) < 0x40 for i in (0, 2, 4)), rgb


@pytest.mark.parametrize("style_id", ("Heading1", "Heading2", "Heading3", "TableCaption"))
def test_headings_and_table_captions_keep_with_next(committed: bytes, style_id: str) -> None:
    assert _style(committed, style_id).find("w:pPr/w:keepNext", NS) is not None


def test_headings_have_space_before_and_after(committed: bytes) -> None:
    for level in (1, 2, 3):
        spacing = _style(committed, f"Heading{level}").find("w:pPr/w:spacing", NS)
        assert int(_val(spacing, "before") or 0) > 0 and int(_val(spacing, "after") or 0) > 0


def test_one_font_family_on_every_script_and_no_theme_fonts(committed: bytes) -> None:
    styles = _part(committed, "word/styles.xml")
    assert "Theme=" not in styles  # asciiTheme, hAnsiTheme, eastAsiaTheme, cstheme
    root = ElementTree.fromstring(styles)
    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    for fonts in [defaults] + [_style(committed, s).find("w:rPr/w:rFonts", NS) for s in ("Normal", "Heading1", "Title")]:
        assert fonts is not None
        assert {_val(fonts, a) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {ws.FONT}


@pytest.mark.parametrize("style_id", CAPTION_STYLES)
def test_captions_are_9_pt_italic(committed: bytes, style_id: str) -> None:
    assert ws.effective_font_size(committed, style_id) == 9.0
    chain = [_style(committed, style_id), _style(committed, "Caption")]
    assert any(s.find("w:rPr/w:i", NS) is not None for s in chain)


def test_abstract_is_10_pt_and_indented(committed: bytes) -> None:
    assert ws.style_font_sizes(committed)["Abstract"] == 10.0
    assert int(_val(_style(committed, "Abstract").find("w:pPr/w:ind", NS), "left") or 0) > 0


def test_table_text_is_9_pt_while_tight_lists_keep_body_size(committed: bytes) -> None:
    # Pandoc writes table cells and tight list items as "Compact" paragraphs.
    assert ws.effective_font_size(committed, "Compact", in_table=True) == 9.0
    assert ws.effective_font_size(committed, "Compact") == 10.5
    assert _val(_style(committed, "Compact").find("w:pPr/w:spacing", NS), "after") == "0"


def test_table_header_is_bold_between_thin_rules_and_the_table_has_no_frame(committed: bytes) -> None:
    table = _style(committed, "Table")
    assert table.get(f"{W}type") == "table" and table.get(f"{W}default") == "1"
    header = table.find("w:tblStylePr[@w:type='firstRow']", NS)
    assert header is not None and header.find("w:rPr/w:b", NS) is not None
    for side in ("top", "bottom"):
        rule = header.find(f"w:tcPr/w:tcBorders/w:{side}", NS)
        assert _val(rule) == "single" and int(_val(rule, "sz") or 99) <= 8, side
    # no table-wide rules: Quarto wraps captioned floats in header-less tables of this style
    for border in table.findall("w:tblPr/w:tblBorders/*", NS):
        assert _val(border) in ("nil", "none"), border.tag
    margins = table.findall("w:tblPr/w:tblCellMar/*", NS)
    assert margins and all(int(_val(m, "w") or 999) <= 115 for m in margins)


def test_hyperlinks_are_dark_blue(committed: bytes) -> None:
    colour = _style(committed, "Hyperlink").find("w:rPr/w:color", NS)
    rgb = _val(colour) or ""
    red, green, blue = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    assert blue > red and blue > green and max(red, green, blue) < 0x90 and _val(colour, "themeColor") is None


def test_style_font_sizes_reports_only_sizes_a_style_sets() -> None:
    sizes = ws.style_font_sizes(_synthetic())
    assert sizes == {"Normal": 12.0, "Heading1": 20.0}


def test_builder_replaces_managed_styles_and_keeps_others() -> None:
    built = ws.build_reference_docx(_synthetic())
    sizes = ws.style_font_sizes(built)
    assert sizes["Heading1"] == 15.0 and "Normal" not in sizes
    assert ws.effective_font_size(built, "Normal") == 10.5
    assert _style(built, "Keep").find("w:name", NS) is not None
    assert set(PROMISED) <= {s.get(f"{W}styleId") for s in
                             ElementTree.fromstring(_part(built, "word/styles.xml")).iterfind("w:style", NS)}


# --------------------------------------------------------------------------- reproducibility


def test_committed_file_is_a_fixed_point_of_the_builder(committed: bytes) -> None:
    assert ws.build_reference_docx(committed) == committed, (
        "paper/reference.docx differs from what the builder makes of it; do not edit it by hand, "
        "regenerate it with: python -m dialogstats.report.wordstyles"
    )


def test_builder_is_deterministic_and_idempotent() -> None:
    source = _synthetic()
    first = ws.build_reference_docx(source)
    assert first != source
    assert ws.build_reference_docx(source) == first
    assert ws.build_reference_docx(first) == first


def test_output_does_not_depend_on_input_timestamps() -> None:
    early = ws.build_reference_docx(_synthetic(date_time=(1999, 1, 2, 3, 4, 6)))
    late = ws.build_reference_docx(_synthetic(date_time=(2031, 12, 30, 23, 58, 0)))
    assert early == late


def test_zip_metadata_and_creation_date_are_fixed(committed: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(committed)) as zf:
        infos = zf.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {ws.ZIP_DATE_TIME}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    built = ws.build_reference_docx(_synthetic())
    assert "2024-05-17" not in _part(built, "docProps/core.xml")
    assert _part(built, "docProps/core.xml").count(ws.CORE_DATE) == 2


# --------------------------------------------------------------------------- errors and command line


def test_non_docx_input_is_rejected_with_a_clear_error() -> None:
    with pytest.raises(ws.ReferenceDocError, match="not a .docx"):
        ws.build_reference_docx(b"%PDF-1.7")
    with pytest.raises(ws.ReferenceDocError, match="word/styles.xml"):
        ws.build_reference_docx(_zip({"word/document.xml": _LETTER_DOCUMENT}))


def test_main_without_quarto_fails_clearly_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(ws.shutil, "which", lambda name: None)
    target = tmp_path / "reference.docx"
    assert ws.main(["--output", str(target)]) == 1
    assert "quarto was not found on PATH" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.quarto
@pytest.mark.skipif(shutil.which("quarto") is None, reason="quarto not found on PATH")
def test_committed_file_is_what_the_installed_quarto_default_gives(committed: bytes) -> None:
    assert ws.build_reference_docx(ws.default_reference_docx()) == committed, (
        "regenerate paper/reference.docx with: python -m dialogstats.report.wordstyles"
    )
