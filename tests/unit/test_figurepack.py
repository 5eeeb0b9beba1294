"""The figure pack: per language every figure in three formats, its texts beside it, a README; nothing stale."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pandas as pd
import pytest

from dialogstats.errors import UnknownNameError
from dialogstats.report.figurepack import FigurePackError, png_size_cm, write_figure_pack
from dialogstats.report.outputs import MissingOutputError


def png(width: int, height: int, dpi: int = 300) -> bytes:
    """A valid grey PNG of ``width`` x ``height`` pixels with a ``pHYs`` chunk of ``dpi``."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    per_metre = round(dpi / 0.0254)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


FIGURES = [
    # figure_id, file (per language), caption, alt text
    ("audit-status", {"en": "audit/audit-status", "sv": "audit/audit-status-sv"},
     {"en": "Checks of the printed figures", "sv": "Kontroller av de redovisade siffrorna"},
     {"en": "Horizontal stacked bars.", "sv": "Liggande staplade staplar."}),
    ("shares-workshop-all", {"en": "workshop/shares-workshop-all", "sv": "workshop/shares-workshop-all-sv"},
     {"en": "Workshop: share choosing each option (n = …*).", "sv": "Verkstad: andel som valde varje alternativ (n = …*)."},
     {"en": "Dot plot, 3 rows.", "sv": "Punktdiagram, 3 rader."}),
]


@pytest.fixture
def processed(tmp_path) -> Path:
    """A tiny processed folder: two figures, each in English and Swedish, every file in three formats."""
    root = tmp_path / "processed"
    rows = []
    for figure_id, files, captions, alts in FIGURES:
        for lang in ("en", "sv"):
            base = root / "figures" / files[lang]
            base.parent.mkdir(parents=True, exist_ok=True)
            base.with_suffix(".png").write_bytes(png(1890, 1016) + lang.encode())
            base.with_suffix(".svg").write_text(f"<svg>{figure_id} {lang}</svg>", encoding="utf-8")
            base.with_suffix(".pdf").write_bytes(f"%PDF-1.4 {figure_id} {lang}".encode())
            rows.append({"figure_id": figure_id, "file": files[lang], "dialogue_id": "", "caption": captions[lang],
                         "alt_text": alts[lang], "notebook": "audit", "lang": lang})
    pd.DataFrame(rows).to_csv(root / "figures" / "index.csv", index=False)
    return root


def test_every_figure_in_three_formats_per_language_with_its_texts(processed, tmp_path):
    target = tmp_path / "pack"
    written = write_figure_pack(processed, target)
    assert sorted(p.name for p in (target / "sv").iterdir()) == sorted(
        [f"{f}.{x}" for f, *_ in FIGURES for x in ("png", "svg", "pdf", "txt")] + ["README.txt"])
    assert sorted(p.name for p in target.iterdir()) == ["en", "sv"]
    assert set(written) == {p for d in ("en", "sv") for p in (target / d).iterdir()}
    assert (target / "sv" / "audit-status.png").read_bytes() == (processed / "figures/audit/audit-status-sv.png").read_bytes()
    assert (target / "en" / "shares-workshop-all.svg").read_text() == "<svg>shares-workshop-all en</svg>"
    assert (target / "sv" / "audit-status.txt").read_text(encoding="utf-8") == (
        "Figurtext:\nKontroller av de redovisade siffrorna\n\nAlternativ text:\nLiggande staplade staplar.\n")
    assert (target / "en" / "audit-status.txt").read_text(encoding="utf-8") == (
        "Caption:\nChecks of the printed figures\n\nAlt text:\nHorizontal stacked bars.\n")


def test_readme_lists_every_figure_with_its_caption_and_size(processed, tmp_path):
    write_figure_pack(processed, tmp_path / "pack")
    swedish = (tmp_path / "pack" / "sv" / "README.txt").read_text(encoding="utf-8")
    # 1890 x 1016 pixels at 300 dpi: 1890 / 300 * 2.54 = 16.002 cm, 1016 / 300 * 2.54 = 8.602 cm.
    assert "audit-status.png, .svg, .pdf (16,0 × 8,6 cm vid 300 dpi)" in swedish
    assert "  Verkstad: andel som valde varje alternativ (n = …*)." in swedish
    assert "2 figurer" in swedish and "Infoga > Bilder" in swedish
    english = (tmp_path / "pack" / "en" / "README.txt").read_text(encoding="utf-8")
    assert "(16.0 × 8.6 cm at 300 dpi)" in english and "Checks of the printed figures" in english
    assert "Kontroller" not in english and "Checks of" not in swedish


def test_png_size_is_read_from_the_header():
    assert png_size_cm(png(300, 600, dpi=150)) == pytest.approx((5.08, 10.16), abs=1e-3)
    assert png_size_cm(b"\x89PNG fake") is None


def test_stale_files_and_languages_are_removed_and_reruns_are_identical(processed, tmp_path):
    target = tmp_path / "pack"
    write_figure_pack(processed, target)
    first = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    (target / "sv" / "old-figure.png").write_bytes(b"stale")
    index = pd.read_csv(processed / "figures" / "index.csv", keep_default_na=False)
    index[index["lang"] == "sv"].to_csv(processed / "figures" / "index.csv", index=False)
    write_figure_pack(processed, target)
    assert sorted(p.name for p in target.iterdir()) == ["sv"]
    assert not (target / "sv" / "old-figure.png").exists()
    index.to_csv(processed / "figures" / "index.csv", index=False)
    write_figure_pack(processed, target)
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == first


def test_one_language_only_gives_one_folder(processed, tmp_path):
    index = pd.read_csv(processed / "figures" / "index.csv", keep_default_na=False)
    index[index["lang"] == "en"].to_csv(processed / "figures" / "index.csv", index=False)
    write_figure_pack(processed, tmp_path / "pack")
    assert [p.name for p in (tmp_path / "pack").iterdir()] == ["en"]


def test_missing_file_and_missing_text_are_named(processed, tmp_path):
    (processed / "figures" / "audit" / "audit-status-sv.svg").unlink()
    with pytest.raises(FigurePackError, match=r"missing in .*: audit/audit-status-sv\.svg"):
        write_figure_pack(processed, tmp_path / "pack")
    assert not (tmp_path / "pack").exists(), "nothing is written when a figure is missing"
    index = pd.read_csv(processed / "figures" / "index.csv", keep_default_na=False)
    index.loc[1, "alt_text"] = ""
    index.loc[2, "figure_id"] = "../escape"
    index.to_csv(processed / "figures" / "index.csv", index=False)
    with pytest.raises(FigurePackError, match=r"row 3: figure 'audit-status' \(sv\) has no alt_text.*row 4: figure_id '../escape'"):
        write_figure_pack(processed, tmp_path / "pack")


def test_bad_language_duplicates_and_missing_index_are_refused(processed, tmp_path):
    index = pd.read_csv(processed / "figures" / "index.csv", keep_default_na=False)
    index.loc[0, "lang"] = "de"
    index.to_csv(processed / "figures" / "index.csv", index=False)
    with pytest.raises(UnknownNameError, match="language 'de'; valid: en, sv"):
        write_figure_pack(processed, tmp_path / "pack")
    pd.concat([index.iloc[1:], index.iloc[1:2]]).to_csv(processed / "figures" / "index.csv", index=False)
    with pytest.raises(FigurePackError, match="'audit-status' is listed twice for language 'sv'"):
        write_figure_pack(processed, tmp_path / "pack")
    (processed / "figures" / "index.csv").unlink()
    with pytest.raises(MissingOutputError, match="index.csv is missing"):
        write_figure_pack(processed, tmp_path / "pack")


def test_a_folder_with_other_files_or_the_figures_themselves_is_refused(processed, tmp_path):
    busy = tmp_path / "documents"
    busy.mkdir()
    (busy / "report.docx").write_bytes(b"mine")
    with pytest.raises(FigurePackError, match="holds report.docx, which is not part of a figure pack"):
        write_figure_pack(processed, busy)
    assert (busy / "report.docx").read_bytes() == b"mine"
    for inside in (processed / "figures", processed / "figures" / "pack", processed.parent):
        with pytest.raises(FigurePackError, match="must lie outside the figures"):
            write_figure_pack(processed, inside)
