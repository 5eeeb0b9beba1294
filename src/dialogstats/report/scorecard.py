"""The claims scorecard: every quantitative claim of the report at a glance, with its verdict.

One row per claim. A claim about a share shows its decisive estimate and interval against
50 % (left panel); a claim comparing two shares shows the difference and its interval against
0 percentage points (right panel). Marker, colour and the word at the right give the verdict,
so nothing depends on colour alone; a claim without an estimate (the figures identify no share
of people, or the claim states no direction) has no point and only its verdict. Claims are
grouped by verdict, in the order of :data:`dialogstats.analysis.claims.VERDICTS`, and a long list
is split over several figures of at most :data:`MAX_ROWS` rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib
import pandas as pd
from matplotlib.lines import Line2D

from dialogstats.checks import check_lang
from dialogstats.errors import ParameterError
from dialogstats.report import labels
from dialogstats.report.findings import sentence_case
from dialogstats.report.plotting import CM, MAX_HEIGHT_CM, TEXT_WIDTH_CM, FigureResult, _RC, _wrap, new_figure

#: Verdicts in the order the scorecard shows them, with colour (Okabe-Ito), marker and filling.
VERDICT_STYLE: dict[str, tuple[str, str, bool]] = {
    "supported": ("#009E73", "o", True),
    "not_supported_at_this_n": ("#E69F00", "D", False),
    "rests_on_inconsistent_figures": ("#D55E00", "s", True),
    "cannot_be_checked": ("#777777", "X", True),
}
#: Kinds of estimate and the panel and threshold each is drawn against.
SHARE_KINDS: tuple[str, ...] = ("share", "conditional_share")
DIFFERENCE_KINDS: tuple[str, ...] = ("difference",)
#: A range of shares of people (sums of multi-select options), drawn as a band without a point.
RANGE_KINDS: tuple[str, ...] = ("share_range",)
# A part, its title, axes and caption fit one A4 text block (about 24 cm) at ROW_CM a row.
MAX_ROWS = 30
ROW_CM = 0.46
HEADER_CM = 0.55
LABEL_CHARS = 36
SCORECARD_COLUMNS: tuple[str, ...] = ("claim_id", "verdict", "estimate_kind", "estimate", "ci_low", "ci_high")


def _check_table(claims: pd.DataFrame, claim_labels: Mapping[str, str]) -> None:
    missing = [c for c in SCORECARD_COLUMNS if c not in claims.columns]
    if missing:
        raise ParameterError(f"the claims table lacks the column(s) {', '.join(missing)}")
    unknown = sorted(set(claims["verdict"]) - set(VERDICT_STYLE))
    if unknown:
        raise ParameterError(f"unknown verdict(s) {', '.join(unknown)}; valid: {', '.join(VERDICT_STYLE)}")
    unlabelled = [c for c in claims["claim_id"] if not claim_labels.get(c)]
    if unlabelled:
        raise ParameterError(f"claim(s) without a label: {', '.join(unlabelled)}")


def scorecard_order(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims grouped by verdict (the order of :data:`VERDICT_STYLE`), in their own order within a verdict."""
    rank = {v: i for i, v in enumerate(VERDICT_STYLE)}
    return claims.assign(_rank=claims["verdict"].map(rank)).sort_values("_rank", kind="mergesort").drop(columns="_rank")


def _parts(claims: pd.DataFrame, max_rows: int) -> list[pd.DataFrame]:
    n_parts = max(1, math.ceil(len(claims) / max_rows))
    size = math.ceil(len(claims) / n_parts) if len(claims) else 0
    return [claims.iloc[i : i + size] for i in range(0, len(claims), size)] if size else [claims]


def _rows_with_headers(rows: pd.DataFrame) -> list[tuple[str, pd.Series | None]]:
    """The drawing order: a header per verdict, then its claims."""
    out: list[tuple[str, pd.Series | None]] = []
    for verdict in VERDICT_STYLE:
        group = rows[rows["verdict"] == verdict]
        if group.empty:
            continue
        out.append((verdict, None))
        out += [(verdict, r) for _, r in group.iterrows()]
    return out


def _draw(rows: pd.DataFrame, claim_labels: Mapping[str, str], lang: str, title: str, counts: Mapping[str, int]):
    items = _rows_with_headers(rows)
    wrapped = [None if r is None else _wrap(claim_labels[r["claim_id"]], LABEL_CHARS) for _, r in items]
    heights = [HEADER_CM if w is None else ROW_CM * (1 + 0.55 * w.count("\n")) for w in wrapped]
    top_cm, bottom_cm = 1.1, 2.0
    total = sum(heights)
    height_cm = min(MAX_HEIGHT_CM, top_cm + total + bottom_cm)
    scale = (height_cm - top_cm - bottom_cm) / total
    heights = [h * scale for h in heights]
    fig = new_figure(TEXT_WIDTH_CM * CM, height_cm * CM)
    left_cm, right_cm, gap_cm = 5.3, 0.4, 0.9
    width_cm = TEXT_WIDTH_CM - left_cm - right_cm - gap_cm
    share_cm, diff_cm = 0.56 * width_cm, 0.44 * width_cm
    with matplotlib.rc_context(_RC):
        box = (bottom_cm / height_cm, (height_cm - top_cm - bottom_cm) / height_cm)
        ax_share = fig.add_axes((left_cm / TEXT_WIDTH_CM, box[0], share_cm / TEXT_WIDTH_CM, box[1]))
        ax_diff = fig.add_axes(((left_cm + share_cm + gap_cm) / TEXT_WIDTH_CM, box[0], diff_cm / TEXT_WIDTH_CM, box[1]))
        span = sum(heights)
        centres, y = [], 0.0
        for h in heights:
            centres.append(y + h / 2)
            y += h
        for ax, limits, reference, ticks in ((ax_share, (0, 100), 50, (0, 25, 50, 75, 100)), (ax_diff, (-100, 100), 0, (-50, 0, 50))):
            ax.set_ylim(span, 0)
            ax.set_xlim(*limits)
            ax.set_xticks(ticks)
            ax.axvline(reference, color="#555555", lw=0.8, ls="--", zorder=1)
            ax.grid(axis="x", color="#DDDDDD", lw=0.5)
            ax.set_axisbelow(True)
            ax.tick_params(axis="y", length=0)
        ticks = [(c, w) for c, w in zip(centres, wrapped) if w is not None]
        ax_share.set_yticks([c for c, _ in ticks], [w for _, w in ticks], fontsize=6.8)
        ax_diff.set_yticks([])
        ax_share.set_xlabel(labels.text("scorecard_share_axis", lang))
        ax_diff.set_xlabel(labels.text("scorecard_difference_axis", lang))
        for yc, (verdict, r) in zip(centres, items):
            colour, marker, filled = VERDICT_STYLE[verdict]
            if r is None:
                heading = f"{sentence_case(labels.verdict_name(verdict, lang))} ({labels.count_noun(counts.get(verdict, 0), 'claim', lang)})"
                ax_share.annotate(heading, xy=(0.005, yc), xycoords=("figure fraction", "data"), ha="left", va="center",
                                  fontsize=7.5, fontweight="bold", color=colour if verdict != "not_supported_at_this_n" else "#8A5A00",
                                  annotation_clip=False)
                for ax in (ax_share, ax_diff):
                    ax.axhline(yc - heights[0] * 0 - HEADER_CM * scale / 2, color="#BBBBBB", lw=0.5)
                continue
            kind = r["estimate_kind"]
            if kind in RANGE_KINDS and not (pd.isna(r.get("range_low")) or pd.isna(r.get("range_high"))):
                # A range of shares of people the figures allow: a hatched bar, no point estimate.
                ax_share.plot([100 * r["range_low"], 100 * r["range_high"]], [yc, yc], color=colour, lw=3.2,
                              alpha=0.45, solid_capstyle="butt", zorder=2)
                continue
            ax = ax_share if kind in SHARE_KINDS else ax_diff if kind in DIFFERENCE_KINDS else None
            if ax is None or pd.isna(r["estimate"]):
                continue
            low, high, est = 100 * r["ci_low"], 100 * r["ci_high"], 100 * r["estimate"]
            if not (pd.isna(low) or pd.isna(high)):
                ax.plot([low, high], [yc, yc], color=colour, lw=1.4, solid_capstyle="butt", zorder=2)
            ax.plot([est], [yc], marker=marker, ms=4.5, color=colour, markerfacecolor=colour if filled else "white",
                    markeredgewidth=1.1, linestyle="none", zorder=3, clip_on=False)
        handles = [
            Line2D([0], [0], color=c, marker=m, markerfacecolor=c if f else "white", lw=1.2, ms=4.5,
                   label=labels.verdict_name(v, lang))
            for v, (c, m, f) in VERDICT_STYLE.items()
        ]
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.0), ncol=4, frameon=False,
                   handlelength=1.8, columnspacing=1.0, fontsize=7)
        fig.text(0.01, 1 - 0.35 / height_cm, title, ha="left", va="top", fontsize=9, fontweight="bold")
    return fig


def _alt_text(rows: pd.DataFrame, claim_labels: Mapping[str, str], lang: str) -> str:
    parts = []
    for _, r in rows.iterrows():
        what = labels.verdict_name(r["verdict"], lang)
        if r["estimate_kind"] in SHARE_KINDS and not pd.isna(r["estimate"]):
            numbers = f"{labels.format_percent(r['estimate'], lang)} ({labels.format_interval(r['ci_low'], r['ci_high'], lang)})"
        elif r["estimate_kind"] in DIFFERENCE_KINDS and not pd.isna(r["estimate"]):
            numbers = labels.format_points_interval(r["estimate"], r["ci_low"], r["ci_high"], lang)
        elif r["estimate_kind"] in RANGE_KINDS and not pd.isna(r.get("range_low")):
            numbers = labels.text("scorecard_range", lang).format(
                range=labels.format_interval(r["range_low"], r["range_high"], lang))
        else:
            numbers = labels.text("no_estimate", lang)
        parts.append(f"{claim_labels[r['claim_id']]}: {numbers}, {what}")
    lead = labels.text("scorecard_alt_lead", lang).format(n=len(rows))
    return lead + " " + "; ".join(parts)


def claims_scorecards(
    claims: pd.DataFrame,
    claim_labels: Mapping[str, str],
    lang: str = "en",
    figure_id: str = "claims-scorecard",
    max_rows: int = MAX_ROWS,
) -> list[FigureResult]:
    """The scorecard of ``claims`` (columns of ``claims.csv``), one figure per :data:`MAX_ROWS` claims.

    ``claim_labels`` maps each claim id to its short label in ``lang``. Figure ids are
    ``figure_id`` when one figure suffices, else ``figure_id-1``, ``figure_id-2``, …
    """
    lang = check_lang(lang)
    _check_table(claims, claim_labels)
    if claims.empty:
        raise ParameterError("the scorecard needs at least one claim")
    parts = _parts(scorecard_order(claims), max_rows)
    results = []
    counts = claims["verdict"].value_counts()
    summary = ", ".join(f"{labels.verdict_name(v, lang)} {int(counts.get(v, 0))}" for v in VERDICT_STYLE)
    for i, part in enumerate(parts, start=1):
        suffix = "" if len(parts) == 1 else f"-{i}"
        title = labels.text("scorecard_title", lang) + ("" if len(parts) == 1 else f" ({i}/{len(parts)})")
        fig = _draw(part, claim_labels, lang, title, counts)
        caption = labels.text("scorecard_caption", lang).format(n=len(claims), summary=summary)
        caption += "".join(" " + labels.text(note, lang) for note in _notes(part))
        if len(parts) > 1:
            caption += " " + labels.text("scorecard_part", lang).format(i=i, k=len(parts))
        results.append(FigureResult(f"{figure_id}{suffix}", fig, caption, _alt_text(part, claim_labels, lang)))
    return results


def _notes(part: pd.DataFrame) -> list[str]:
    """The caption's notes on how to read the marks this part draws: bands of shares, points without a bar."""
    kinds = part["estimate_kind"].fillna("").astype(str)
    notes = []
    if "range_low" in part.columns and (kinds.isin(RANGE_KINDS) & part["range_low"].notna() & part["range_high"].notna()).any():
        notes.append("scorecard_band_note")
    if (kinds.isin(DIFFERENCE_KINDS) & part["estimate"].notna() & (part["ci_low"].isna() | part["ci_high"].isna())).any():
        notes.append("scorecard_paired_note")
    return notes


def with_estimate(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims the scorecard draws: those with an estimate, a difference or a range of shares."""
    kinds = claims["estimate_kind"].fillna("").astype(str)
    return claims[kinds.isin(SHARE_KINDS + DIFFERENCE_KINDS + RANGE_KINDS)]


def claim_labels_from_raw(raw_claims: pd.DataFrame, lang: str) -> dict[str, str]:
    """The short label of every claim in ``lang`` (column ``label_en`` or ``label_sv`` of ``claims.csv``)."""
    column = f"label_{check_lang(lang)}"
    if column not in raw_claims.columns:
        raise ParameterError(f"claims.csv has no column {column}")
    return dict(zip(raw_claims["claim_id"], raw_claims[column]))


def verdict_legend(lang: str) -> Sequence[str]:
    """The verdict words in the scorecard's order."""
    return [labels.verdict_name(v, lang) for v in VERDICT_STYLE]
