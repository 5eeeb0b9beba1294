"""Drawing and saving report figures: A4 sizes, the colour-blind-safe palette, forest plots, the figure index.

Every figure is drawn with matplotlib's object-oriented API on the non-interactive
Agg canvas (no pyplot, no global figure state), sized in centimetres for an A4 page
(text width 16 cm, single column 8 cm, at most 24 cm high), in the Okabe-Ito palette
(Okabe & Ito 2008, *Color Universal Design*) with a distinct marker shape per series
so that nothing depends on colour alone. Shares are always points with interval bars,
never bare bars.

:func:`save_figure` writes PNG (300 dpi, opaque RGB), SVG (text as paths) and PDF (embedded font subsets
whose text can be searched and copied) with fixed metadata and a fixed SVG hash salt, so the same figure saved twice gives byte-identical files. A figure is
returned as a :class:`FigureResult` with a caption and an alt text generated from the
data it shows; :func:`figure_index_row` and :func:`append_index_row` turn it into rows
of ``figures.csv``. :class:`FigureWriter` draws every figure of a notebook in each language
(``<id>.en.png``, ``<id>.sv.png``), one index row per figure and language.
"""


from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dialogstats.checks import LANGUAGES, check_lang
from dialogstats import tableio
from dialogstats.errors import ParameterError

CM = 1 / 2.54
TEXT_WIDTH_CM = 16.0
COLUMN_WIDTH_CM = 8.0
MAX_HEIGHT_CM = 24.0
DPI = 300
FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
FIGURE_COLUMNS: tuple[str, ...] = ("figure_id", "file", "dialogue_id", "caption", "alt_text", "notebook", "lang")

#: Okabe-Ito colour-blind-safe palette (black first, then the seven colours).
OKABE_ITO: tuple[str, ...] = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
)
#: Series colours in drawing order (black, blue, vermillion, bluish green, orange, sky blue, purple, yellow).
SERIES_COLOURS: tuple[str, ...] = ("#000000", "#0072B2", "#D55E00", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442")
SERIES_MARKERS: tuple[str, ...] = ("o", "D", "s", "^", "v", "P", "X", "h")

PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}
SVG_METADATA = {"Date": None, "Creator": None}
SVG_HASHSALT = "dialogstats"

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "legend.fontsize": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
    # Type 3 subsets with Unicode maps: the text stays searchable and copyable, and embedding takes a
    # quarter of the time TrueType (Type 42) subsetting takes, which is most of a notebook's run.
    "pdf.fonttype": 3,
    "path.simplify": False,
}


@dataclass
class FigureResult:
    """A drawn figure with its id, caption and alt text (both generated from the data)."""

    figure_id: str
    figure: Figure
    caption: str
    alt_text: str


@dataclass
class ForestRow:
    """One row of a forest plot: a header (question) or a row of estimates (option).

    ``estimates`` holds one ``(share, low, high)`` per series (NaN to skip a series);
    ``hollow`` draws open markers (a share printed without its count).
    """

    label: str
    header: bool = False
    estimates: list[tuple[float, float, float]] = field(default_factory=list)
    annotation: str = ""
    hollow: bool = False


def figure_size(n_rows: float, width: str = "text", row_cm: float = 0.55, extra_cm: float = 3.0) -> tuple[float, float]:
    """Figure size in inches: ``width`` "text" (16 cm) or "column" (8 cm); height grows with rows, capped at 24 cm."""
    widths = {"text": TEXT_WIDTH_CM, "column": COLUMN_WIDTH_CM}
    if width not in widths:
        raise ParameterError(f"width must be 'text' or 'column' (got {width!r})")
    height_cm = min(MAX_HEIGHT_CM, max(4.0, extra_cm + row_cm * n_rows))
    return widths[width] * CM, height_cm * CM


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure on an Agg canvas with the compendium's style, independent of pyplot's state."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width_in, height_in), dpi=100)
        FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, figures_dir: Path | str, name: str) -> list[Path]:
    """Save ``fig`` as ``<name>.png`` (300 dpi), ``.svg`` and ``.pdf`` in ``figures_dir``; return the paths.

    Metadata that would change between runs (dates, software versions) is removed and the
    SVG ids are salted with a fixed string, so saving the same figure twice gives
    byte-identical files. Files are written atomically.
    """
    if not name or "/" in name or name.startswith("."):
        raise ParameterError(f"figure name must be a plain file stem (got {name!r})")
    figures_dir = Path(figures_dir)
    metadata = {"svg": SVG_METADATA, "pdf": PDF_METADATA}
    paths = []
    with matplotlib.rc_context(_RC):
        for fmt in FORMATS:
            if fmt == "png":
                data = png_bytes(fig)
            else:
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, dpi=DPI, metadata=dict(metadata[fmt]))
                data = buffer.getvalue()
            paths.append(tableio.write_bytes_atomic(data, figures_dir / f"{name}.{fmt}"))
    return paths


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as an opaque RGB PNG at :data:`DPI`, with its resolution recorded and no text chunks.

    Drawn by Agg as matplotlib's own PNG writer draws it; written without the alpha channel (the
    figures have a white background) and with zlib level 3: a fifth faster than matplotlib's RGBA
    at level 6 (the encoding alone takes half the time), and a smaller file.
    """
    from PIL import Image

    raw = io.BytesIO()
    fig.savefig(raw, format="rgba", dpi=DPI)
    # Agg's canvas is the figure's size in pixels, truncated (matplotlib's RendererAgg).
    width, height = (int(size * DPI) for size in fig.get_size_inches())
    if len(raw.getvalue()) != 4 * width * height:
        raise ValueError(f"unexpected canvas size for a {width} x {height} px figure")
    image = Image.frombytes("RGB", (width, height), raw.getvalue(), "raw", "RGBX")  # alpha dropped
    out = io.BytesIO()
    image.save(out, format="png", dpi=(DPI, DPI), compress_level=3)
    return out.getvalue()


def figure_file(figure_id: str, lang: str) -> str:
    """The file stem of a figure in one language: ``<figure_id>.<lang>`` (``audit-status.sv``)."""
    return f"{figure_id}.{check_lang(lang)}"


def figure_index_row(result: FigureResult, dialogue_id: str, notebook: str, lang: str, file: str | None = None) -> dict:
    """The ``figures.csv`` row of a saved figure (``file`` defaults to :func:`figure_file`)."""
    return {
        "figure_id": result.figure_id,
        "file": file or figure_file(result.figure_id, lang),
        "dialogue_id": dialogue_id or "",
        "caption": result.caption,
        "alt_text": result.alt_text,
        "notebook": notebook,
        "lang": check_lang(lang),
    }


def index_frame(rows: Sequence[dict]) -> pd.DataFrame:
    """Rows of ``figures.csv`` as a table with exactly :data:`FIGURE_COLUMNS` (zero rows allowed)."""
    return pd.DataFrame(list(rows), columns=list(FIGURE_COLUMNS))


def append_index_row(index: pd.DataFrame | None, row: dict) -> pd.DataFrame:
    """``index`` with ``row`` added; a row with the same figure and language is replaced, not duplicated."""
    index = index_frame([]) if index is None else index
    kept = index[(index["figure_id"] != row["figure_id"]) | (index["lang"] != row["lang"])]
    return pd.concat([kept, index_frame([row])], ignore_index=True)


def write_figure_index(index: pd.DataFrame, output_dir: Path | str) -> Path:
    """Write ``figures.csv`` (sorted by figure id, then language) into ``output_dir``."""
    return tableio.write_table(index_frame(index.to_dict("records")), Path(output_dir) / "figures.csv",
                               sort_by=["figure_id", "lang"])


def save_and_index(
    result: FigureResult, figures_dir: Path | str, index: pd.DataFrame | None, dialogue_id: str, notebook: str, lang: str
) -> pd.DataFrame:
    """Save ``result`` (drawn in ``lang``) as ``<id>.<lang>.*`` and return ``index`` with its row appended."""
    save_figure(result.figure, figures_dir, figure_file(result.figure_id, lang))
    return append_index_row(index, figure_index_row(result, dialogue_id, notebook, lang))


class FigureWriter:
    """Draws each figure of a notebook in every language, saves it and keeps the notebook's figure index.

    ``add(draw)`` calls ``draw(lang)`` for each of :data:`dialogstats.checks.LANGUAGES` (it returns one
    :class:`FigureResult` or several), saves every result as ``<id>.<lang>.png|svg|pdf`` and returns
    the results in ``shown_lang``, the language the notebook prints in. A figure drawn in one
    language but not in the other is an error, so no reader meets a fallback in the other language.
    """

    def __init__(self, figures_dir: Path | str, dialogue_id: str, notebook: str, shown_lang: str) -> None:
        self.figures_dir = Path(figures_dir)
        self.dialogue_id = dialogue_id
        self.notebook = notebook
        self.shown_lang = check_lang(shown_lang)
        self.index = index_frame([])

    def add(self, draw: Callable[[str], FigureResult | Iterable[FigureResult]]) -> list[FigureResult]:
        """Draw, save and index the figure(s) of ``draw`` in every language; the results in ``shown_lang``."""
        drawn: dict[str, list[FigureResult]] = {}
        for lang in LANGUAGES:
            results = draw(lang)
            drawn[lang] = [results] if isinstance(results, FigureResult) else list(results)
        ids = {lang: [r.figure_id for r in results] for lang, results in drawn.items()}
        if len({tuple(v) for v in ids.values()}) > 1:
            raise ParameterError(f"{self.notebook}: the figures differ between languages: {ids}")
        for lang, results in drawn.items():
            for result in results:
                self.index = save_and_index(result, self.figures_dir, self.index, self.dialogue_id, self.notebook, lang)
        return drawn[self.shown_lang]

    def png(self, result: FigureResult) -> Path:
        """The PNG of ``result`` in the shown language (to display it in the notebook)."""
        return self.figures_dir / f"{figure_file(result.figure_id, self.shown_lang)}.png"

    def write_index(self, output_dir: Path | str) -> Path:
        """Write the notebook's ``figures.csv`` into ``output_dir``."""
        return write_figure_index(self.index, output_dir)


# --------------------------------------------------------------------------- forest plots


def _wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters, never breaking a number from its "%" sign."""
    # textwrap breaks only at ASCII whitespace, so a no-break space holds "19 %" together.
    held = re.sub(r"(?<=\d) (?=%)", "\u00a0", text)
    return "\n".join(textwrap.wrap(held, width=width, break_long_words=False)).replace("\u00a0", " ") or text


def forest_plot(
    rows: Sequence[ForestRow],
    series: Sequence[str],
    xlabel: str,
    title: str = "",
    width: str = "text",
    label_chars: int = 34,
    capped: Sequence[bool] | None = None,
    reference: float | None = None,
    xlim: tuple[float, float] = (0.0, 100.0),
    percent: bool = True,
    legend_extra: Sequence[tuple[str, dict]] = (),
) -> Figure:
    """Draw a forest plot: per row, one point-and-interval per series, offset vertically.

    Header rows carry a bold label spanning the figure; option rows carry their label at
    the left and ``annotation`` at the right. ``capped[i]`` draws series ``i`` with end
    caps (for bounds without a point estimate). Shares are given in [0, 1] and drawn in
    per cent when ``percent``.
    """
    if not rows:
        raise ParameterError("a forest plot needs at least one row")
    k = len(series)
    capped = list(capped) if capped is not None else [False] * k
    scale = 100.0 if percent else 1.0
    wrapped = [_wrap(r.label, 90 if r.header else label_chars) for r in rows]
    heights = [0.42 * max(1, w.count("\n") + 1) + (0.15 if r.header else 0.0) + (0.12 * max(0, k - 2) if not r.header else 0) for r, w in zip(rows, wrapped)]
    heights = [max(h, 0.55) if not r.header else max(h, 0.5) for r, h in zip(rows, heights)]
    total = sum(heights)
    top_cm = 0.9 + (0.5 if title else 0.0)
    bottom_cm = 1.9 if k > 1 or legend_extra else 1.2
    fig_h_cm = min(MAX_HEIGHT_CM, total + top_cm + bottom_cm)
    fig_w_cm = TEXT_WIDTH_CM if width == "text" else COLUMN_WIDTH_CM
    if fig_h_cm < total + top_cm + bottom_cm:
        shrink = (fig_h_cm - top_cm - bottom_cm) / total
        heights = [h * shrink for h in heights]
        total = sum(heights)
    fig = new_figure(fig_w_cm * CM, fig_h_cm * CM)
    left_cm = 5.6 if width == "text" else 3.2
    # Room for the longest annotation at 7 pt (about 0.14 cm a character, DejaVu Sans) after its 6 pt offset.
    longest = max((len(r.annotation) for r in rows), default=0)
    right_cm = max(2.3, 0.4 + 0.14 * longest) if longest else 0.5
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes(
            (left_cm / fig_w_cm, bottom_cm / fig_h_cm, 1 - (left_cm + right_cm) / fig_w_cm, total / fig_h_cm)
        )
        ax.set_ylim(total, 0)
        ax.set_xlim(*xlim)
        y_top = 0.0
        ticks, tick_labels = [], []
        offsets = np.linspace(-0.13 * (k - 1), 0.13 * (k - 1), k) if k > 1 else np.zeros(1)
        for row, label, h in zip(rows, wrapped, heights):
            centre = y_top + h / 2
            if row.header:
                ax.annotate(
                    label, xy=(0.01, centre), xycoords=("figure fraction", "data"), ha="left", va="center",
                    fontweight="bold", fontsize=8, annotation_clip=False, zorder=5,
                    bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"},
                )
                if y_top > 0:
                    ax.axhline(y_top, color="#BBBBBB", lw=0.5)
            else:
                ticks.append(centre)
                tick_labels.append(label)
                for i, est in enumerate(row.estimates[:k]):
                    share, low, high = est
                    y = centre + offsets[i]
                    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                    marker = SERIES_MARKERS[i % len(SERIES_MARKERS)]
                    if not (math.isnan(low) or math.isnan(high)):
                        ax.plot([low * scale, high * scale], [y, y], color=colour, lw=1.4 if i == 0 else 1.0, solid_capstyle="butt")
                        if capped[i]:
                            ax.plot([low * scale] * 2, [y - 0.1, y + 0.1], color=colour, lw=1.0)
                            ax.plot([high * scale] * 2, [y - 0.1, y + 0.1], color=colour, lw=1.0)
                    if not math.isnan(share):
                        ax.plot(
                            [share * scale], [y], marker=marker, ms=4.2 if i == 0 else 3.6, color=colour,
                            markerfacecolor="white" if row.hollow else colour, markeredgewidth=1.0, linestyle="none",
                        )
                if row.annotation:
                    ax.annotate(
                        row.annotation, xy=(1.0, centre), xycoords=("axes fraction", "data"),
                        xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=7,
                        annotation_clip=False,
                    )
            y_top += h
        ax.set_yticks(ticks, tick_labels)
        ax.tick_params(axis="y", length=0)
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#DDDDDD", lw=0.5)
        ax.set_axisbelow(True)
        if reference is not None:
            ax.axvline(reference * scale, color="#555555", lw=0.8, ls="--")
        if title:
            fig.text(0.01, 1 - 0.45 / fig_h_cm, title, ha="left", va="top", fontsize=9, fontweight="bold")
        handles = []
        for i, name in enumerate(series):
            colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
            marker = "|" if capped[i] else SERIES_MARKERS[i % len(SERIES_MARKERS)]
            handles.append(Line2D([0], [0], color=colour, marker=marker, ms=4, lw=1.2, label=name))
        for name, style in legend_extra:
            handles.append(Line2D([0], [0], label=name, **style))
        if len(handles) > 1:
            fig.legend(
                handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=min(len(handles), 3 if width == "text" else 1),
                frameon=False, handlelength=1.8, columnspacing=1.2,
            )
    return fig
