"""Specification of figure files: formats, reproducibility, resolution, page size, index rows."""

from __future__ import annotations

import struct

import pandas as pd
import pytest

from dialogstats.report import figures, plotting
from dialogstats.errors import ParameterError

A4_TEXT_WIDTH_CM, A4_MAX_HEIGHT_CM = 16.0, 24.0


def small_forest() -> plotting.FigureResult:
    rows = [
        plotting.ForestRow("Plans include the strategy", header=True),
        plotting.ForestRow("Yes", estimates=[(0.86, 0.71, 0.94), (0.86, 0.66, 0.96)], annotation="31 of 36"),
        plotting.ForestRow("No", estimates=[(0.14, 0.06, 0.29), (0.14, 0.05, 0.34)], annotation="5 of 36"),
    ]
    fig = plotting.forest_plot(rows, ["Wilson score", "Goodman simultaneous"], "Share (%)", title="Test")
    return plotting.FigureResult("shares-test-all", fig, "caption", "alt")


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    chunks, pos = {}, 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        chunks.setdefault(kind, data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    return chunks


def test_pdf_embeds_its_font_with_a_unicode_map(tmp_path):
    # A font subset with a ToUnicode map keeps the text searchable and copyable (Swedish letters too).
    fig = plotting.new_figure(4, 2)
    fig.add_subplot().set_title("Andel – Värmland 45 %")
    pdf = plotting.save_figure(fig, tmp_path, "f")[2].read_bytes()
    assert b"/FontFile" in pdf or b"/CharProcs" in pdf
    assert b"/ToUnicode" in pdf


def test_save_writes_png_svg_and_pdf(tmp_path):
    paths = plotting.save_figure(small_forest().figure, tmp_path, "f")
    assert sorted(p.name for p in paths) == ["f.pdf", "f.png", "f.svg"]
    assert all(p.stat().st_size > 0 for p in paths)


def test_two_saves_of_the_same_figure_are_byte_identical(tmp_path):
    result = small_forest()
    first = [p.read_bytes() for p in plotting.save_figure(result.figure, tmp_path / "a", "f")]
    second = [p.read_bytes() for p in plotting.save_figure(result.figure, tmp_path / "b", "f")]
    assert first == second


def test_redrawing_the_figure_gives_identical_files(tmp_path):
    first = [p.read_bytes() for p in plotting.save_figure(small_forest().figure, tmp_path / "a", "f")]
    second = [p.read_bytes() for p in plotting.save_figure(small_forest().figure, tmp_path / "b", "f")]
    assert first == second


def test_png_resolution_is_300_dpi(tmp_path):
    png = plotting.save_figure(small_forest().figure, tmp_path, "f")[0].read_bytes()
    x_ppm, y_ppm, unit = struct.unpack(">IIB", png_chunks(png)[b"pHYs"])
    assert unit == 1 and round(x_ppm * 0.0254) == 300 and round(y_ppm * 0.0254) == 300


def test_png_is_matplotlibs_own_rendering_without_the_alpha_channel(tmp_path):
    # The reference is matplotlib's PNG writer: the same pixels, opaque, in 8-bit RGB.
    import io

    import numpy as np
    from PIL import Image

    figure = small_forest().figure
    png = plotting.save_figure(figure, tmp_path, "f")[0].read_bytes()
    bit_depth, colour_type = png_chunks(png)[b"IHDR"][8:10]
    assert (bit_depth, colour_type) == (8, 2)
    reference = io.BytesIO()
    figure.savefig(reference, format="png", dpi=plotting.DPI)
    expected = np.asarray(Image.open(reference))
    assert (expected[..., 3] == 255).all()
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), expected[..., :3])


def test_png_fits_the_a4_text_area(tmp_path):
    png = plotting.save_figure(small_forest().figure, tmp_path, "f")[0].read_bytes()
    width, height = struct.unpack(">II", png_chunks(png)[b"IHDR"][:8])
    assert width / 300 * 2.54 <= A4_TEXT_WIDTH_CM + 0.01
    assert height / 300 * 2.54 <= A4_MAX_HEIGHT_CM + 0.01


def test_files_carry_no_timestamp_or_software_version(tmp_path):
    png, svg, pdf = (p.read_bytes() for p in plotting.save_figure(small_forest().figure, tmp_path, "f"))
    assert b"Software" not in png and b"<dc:date>" not in svg and b"/CreationDate" not in pdf and b"/Producer" not in pdf


def test_many_rows_are_capped_at_the_page_height():
    rows = [plotting.ForestRow(f"option {i}", estimates=[(0.5, 0.4, 0.6)]) for i in range(80)]
    fig = plotting.forest_plot(rows, ["Wilson score"], "Share (%)")
    assert fig.get_size_inches()[1] * 2.54 <= A4_MAX_HEIGHT_CM + 1e-9


def test_height_grows_with_the_number_of_rows():
    def height(k: int) -> float:
        rows = [plotting.ForestRow(f"option {i}", estimates=[(0.5, 0.4, 0.6)]) for i in range(k)]
        return plotting.forest_plot(rows, ["Wilson score"], "Share (%)").get_size_inches()[1]

    assert height(3) < height(9)


def test_figure_name_must_not_leave_the_folder(tmp_path):
    with pytest.raises(ParameterError):
        plotting.save_figure(small_forest().figure, tmp_path, "../f")


def test_index_row_has_exactly_the_figures_csv_columns():
    row = plotting.figure_index_row(small_forest(), "riktningsmote", "dialogue", "en")
    assert tuple(row) == plotting.FIGURE_COLUMNS and row["file"] == "shares-test-all.en"


def test_appending_a_row_with_the_same_id_replaces_it():
    result = small_forest()
    index = plotting.append_index_row(None, plotting.figure_index_row(result, "d", "dialogue", "en"))
    result.caption = "new caption"
    index = plotting.append_index_row(index, plotting.figure_index_row(result, "d", "dialogue", "en"))
    assert list(index["caption"]) == ["new caption"]


def test_the_same_figure_in_two_languages_gets_two_rows():
    result = small_forest()
    index = plotting.append_index_row(None, plotting.figure_index_row(result, "d", "dialogue", "en"))
    index = plotting.append_index_row(index, plotting.figure_index_row(result, "d", "dialogue", "sv"))
    assert sorted(zip(index["lang"], index["file"])) == [("en", "shares-test-all.en"), ("sv", "shares-test-all.sv")]


def test_the_writer_draws_saves_and_indexes_every_language_and_shows_one(tmp_path):
    audit = pd.DataFrame({"dialogue_id": ["a", "a", "b"], "status": ["ok", "inconsistent", "ok"]})
    names = {"en": {"a": "Meeting A", "b": "Meeting B"}, "sv": {"a": "Möte A", "b": "Möte B"}}
    writer = plotting.FigureWriter(tmp_path, "", "audit", "sv")
    shown = writer.add(lambda lang: figures.audit_status_figure(audit, names[lang], "audit-status", f"Audit {lang}", lang))
    assert [r.figure_id for r in shown] == ["audit-status"] and "Möte A" in shown[0].alt_text
    assert writer.png(shown[0]) == tmp_path / "audit-status.sv.png"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"audit-status.{lang}.{fmt}" for lang in ("en", "sv") for fmt in ("pdf", "png", "svg")]
    index = pd.read_csv(writer.write_index(tmp_path), keep_default_na=False)
    assert list(index["lang"]) == ["en", "sv"] and list(index["file"]) == ["audit-status.en", "audit-status.sv"]
    english, swedish = index["caption"]
    assert english != swedish and index["alt_text"][0] != index["alt_text"][1]


def test_the_writer_refuses_figures_that_differ_between_languages(tmp_path):
    writer = plotting.FigureWriter(tmp_path, "", "audit", "en")
    with pytest.raises(ParameterError, match="differ between languages"):
        writer.add(lambda lang: [small_forest()] if lang == "en" else [])


def test_written_index_has_a_header_even_without_figures(tmp_path):
    path = plotting.write_figure_index(plotting.index_frame([]), tmp_path)
    assert path.read_text().strip() == ",".join(plotting.FIGURE_COLUMNS)


def test_audit_figure_alt_text_states_the_counts():
    audit = pd.DataFrame({"dialogue_id": ["a", "a", "b"], "status": ["ok", "inconsistent", "ok"]})
    result = figures.audit_status_figure(audit, {"a": "Meeting A", "b": "Meeting B"}, "audit-status", "Audit")
    assert "Meeting A: 1 consistent, 1 inconsistent" in result.alt_text


def test_labels_are_wrapped_without_parting_a_number_from_its_percent_sign():
    label = "Barn och unga: insatstexter, bara 19 %"
    assert plotting._wrap(label, 34) == "Barn och unga: insatstexter, bara\n19 %"
    assert plotting._wrap("Stöd 45 % och 55 % av svaren", 9).split("\n") == ["Stöd 45 %", "och 55 %", "av svaren"]
