"""A figure pack for report writers: every figure per language as PNG, SVG and PDF with its texts beside it.

Entry point::

    write_figure_pack(processed_dir: Path, target: Path) -> list[Path]

reads ``figures/index.csv`` of a processed folder (columns ``figure_id``, ``file``,
``caption``, ``alt_text``, ``lang``; ``file`` is relative to ``figures/`` and has no
extension) and writes, for each language in the index (one row per figure and language):

* ``target/<lang>/<figure_id>.png``, ``.svg`` and ``.pdf``, byte copies of the figure's files
  (the figures are drawn 16 cm wide, to fit an A4 text column);
* ``target/<lang>/<figure_id>.txt``, the caption and the alt text as plain UTF-8 text, each
  under its label ("Figurtext:" and "Alternativ text:" in Swedish, "Caption:" and
  "Alt text:" in English), ready to paste;
* ``target/<lang>/README.txt``, what the pack holds and every figure with its size and caption.

Files in ``target/<lang>/`` that this run did not write, and the folder of a language no
longer in the index, are removed. ``target`` holds nothing else: any other entry is refused
rather than deleted, and so is a target that is, or contains, the processed folder's
figures. Same inputs, same files. Returns the paths written, per language in the order of
:data:`dialogstats.checks.LANGUAGES` and, within one, in the order of the index.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pandas as pd

from dialogstats.checks import LANGUAGES, check_lang
from dialogstats.errors import DialogstatsError
from dialogstats.report import labels
from dialogstats.report.outputs import ProcessedOutputs
from dialogstats.tableio import write_bytes_atomic, write_text_atomic

#: The formats of every figure, in the order they are copied.
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
INDEX = "figures/index.csv"
INDEX_COLUMNS: tuple[str, ...] = ("figure_id", "file", "caption", "alt_text", "lang")
README = "README.txt"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FigurePackError(DialogstatsError, ValueError):
    """The figure index or the target folder does not allow a figure pack to be written."""


def _index(processed_dir: Path) -> pd.DataFrame:
    index = ProcessedOutputs(processed_dir=Path(processed_dir)).table(INDEX)
    missing = [c for c in INDEX_COLUMNS if c not in index.columns]
    if missing:
        raise FigurePackError(f"{Path(processed_dir) / INDEX} lacks column(s) {', '.join(missing)}; "
                              f"it needs {', '.join(INDEX_COLUMNS)}")
    problems = []
    for line, row in zip(range(2, len(index) + 2), index.itertuples()):
        figure_id = str(row.figure_id)
        if not figure_id or Path(figure_id).name != figure_id or figure_id.startswith("."):
            problems.append(f"row {line}: figure_id {figure_id!r} cannot be a file name")
        for column in ("caption", "alt_text"):
            if not str(getattr(row, column)).strip():
                problems.append(f"row {line}: figure {figure_id!r} ({row.lang}) has no {column}")
    duplicated = index[index.duplicated(["lang", "figure_id"], keep=False)]
    problems += [f"figure {f!r} is listed twice for language {lang!r}"
                 for lang, f in sorted(set(zip(duplicated["lang"], duplicated["figure_id"])))]
    if problems:
        raise FigurePackError(f"{Path(processed_dir) / INDEX}: " + "; ".join(problems))
    for lang in index["lang"].unique():
        check_lang(lang)
    return index


def _sources(figures: Path, index: pd.DataFrame) -> dict[tuple[str, str], Path]:
    """(figure file, format) -> path, checking that every file exists inside the figures folder."""
    root = figures.resolve()
    found, missing = {}, []
    for file in index["file"].unique():
        for fmt in FORMATS:
            path = (figures / f"{file}.{fmt}").resolve()
            if not path.is_relative_to(root):
                raise FigurePackError(f"figure file {file!r} of {INDEX} points outside {figures}")
            if path.is_file():
                found[(file, fmt)] = path
            else:
                missing.append(f"{file}.{fmt}")
    if missing:
        raise FigurePackError(f"figure file(s) missing in {figures}: {', '.join(missing)}; run `make run` to draw them")
    return found


def _check_target(target: Path, figures: Path) -> None:
    resolved, source = target.resolve(), figures.resolve()
    if resolved == source or resolved.is_relative_to(source) or source.is_relative_to(resolved):
        raise FigurePackError(f"the figure pack's folder {target} must lie outside the figures it copies ({figures})")
    if target.exists() and not target.is_dir():
        raise FigurePackError(f"{target} is a file; the figure pack needs a folder")
    if not target.is_dir():
        return
    foreign = sorted(p.name for p in target.iterdir() if not (p.is_dir() and p.name in LANGUAGES))
    foreign += sorted(f"{d.name}/{p.name}" for d in target.iterdir() if d.is_dir() and d.name in LANGUAGES
                      for p in d.iterdir() if not p.is_file())
    if foreign:
        raise FigurePackError(f"{target} holds {', '.join(foreign)}, which is not part of a figure pack; "
                              "choose a new or empty folder")


def png_size_cm(data: bytes) -> tuple[float, float] | None:
    """(width, height) in cm of a PNG from its header and its ``pHYs`` resolution; ``None`` if either is absent."""
    if not data.startswith(_PNG_SIGNATURE) or len(data) < 33 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"pHYs" and length == 9 and at + 17 <= len(data):
            per_x, per_y, unit = struct.unpack(">IIB", data[at + 8:at + 17])
            if unit == 1 and per_x and per_y:  # pixels per metre
                return 100 * width / per_x, 100 * height / per_y
            return None
        if kind in (b"IDAT", b"IEND"):
            return None
        at += 12 + length
    return None


def figure_text(caption: str, alt_text: str, lang: str) -> str:
    """The plain-text file beside a figure: its caption and alt text, each under its label."""
    return (f"{labels.text('pack_caption', lang)}\n{caption.strip()}\n\n"
            f"{labels.text('pack_alt_text', lang)}\n{alt_text.strip()}\n")


def readme_text(rows: pd.DataFrame, sizes: dict[str, tuple[float, float] | None], lang: str) -> str:
    """``README.txt`` of one language: title, how to use the files, then each figure with its size and caption."""
    title = labels.text("pack_title", lang)
    lines = [title, "=" * len(title), "", labels.text("pack_intro", lang), "",
             labels.text("pack_count", lang).format(n=len(rows)), ""]
    for row in rows.itertuples():
        size = sizes.get(row.file)
        shown = "" if size is None else " (" + labels.text("pack_size", lang).format(
            width=labels.format_number(size[0], lang, 1), height=labels.format_number(size[1], lang, 1)) + ")"
        lines += [f"{row.figure_id}.png, .svg, .pdf{shown}", f"  {str(row.caption).strip()}", ""]
    return "\n".join(lines)


def write_figure_pack(processed_dir: Path, target: Path) -> list[Path]:
    """Copy every figure of ``processed_dir/figures/index.csv`` into ``target/<lang>/`` with its texts; see the
    module's docstring. Raises FigurePackError naming what is wrong (index, missing files, target) and
    MissingOutputError when the index is missing."""
    processed_dir, target = Path(processed_dir), Path(target)
    figures = processed_dir / "figures"
    index = _index(processed_dir)
    langs = [lang for lang in LANGUAGES if lang in set(index["lang"])]
    sources = _sources(figures, index)
    _check_target(target, figures)
    sizes = {file: png_size_cm(sources[(file, "png")].read_bytes()) for file in index["file"].unique()}
    written: list[Path] = []
    for lang in langs:
        rows = index[index["lang"] == lang]
        folder = target / lang
        for row in rows.itertuples():
            for fmt in FORMATS:
                written.append(write_bytes_atomic(sources[(row.file, fmt)].read_bytes(), folder / f"{row.figure_id}.{fmt}"))
            written.append(write_text_atomic(figure_text(str(row.caption), str(row.alt_text), lang),
                                             folder / f"{row.figure_id}.txt"))
        written.append(write_text_atomic(readme_text(rows, sizes, lang), folder / README))
    keep = set(written)
    for lang in LANGUAGES:
        folder = target / lang
        if not folder.is_dir():
            continue
        if lang not in langs:
            shutil.rmtree(folder)
            continue
        for path in folder.iterdir():
            if path not in keep:
                path.unlink()
    return written
