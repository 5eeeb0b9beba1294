"""The figures of the analysis: shares per dialogue and group, constructs across dialogues, nonresponse
bounds, exact coverage, the design effect and the audit's statuses.

Each function draws one figure with :mod:`dialogstats.report.plotting` and returns a
:class:`~dialogstats.report.plotting.FigureResult` whose caption and alt text are generated
from the data it shows, in the language asked for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd

from dialogstats.checks import check_lang
from dialogstats.report import labels
from dialogstats.report.plotting import (
    CM, COLUMN_WIDTH_CM, MAX_HEIGHT_CM, SERIES_COLOURS, SERIES_MARKERS, TEXT_WIDTH_CM, FigureResult, ForestRow, _RC, _wrap,
    forest_plot, new_figure,
)


# --------------------------------------------------------------------------- figures of the analysis


def _count_annotation(count: float, n: float, lang: str, smallest: bool = True, answers: bool = False,
                      n_max: float | None = None) -> str:
    """``31 of 36``; ``n = 12–20*`` for a percentage read over its feasible range of denominators
    (``n = 12*`` when the range is one value, ``n ≥ 12*`` when its end is not known), ``n = 122*`` at a
    printed one; ``answers`` appends the unit for shares of answers."""
    if pd.isna(n):
        return labels.text("no_denominator", lang) if pd.isna(count) else ""
    unit = f" {labels.text('answers', lang)}" if answers else ""
    if pd.isna(count):
        if not smallest:
            return f"n = {int(n)}*{unit}"
        if n_max is None or pd.isna(n_max):
            return f"n ≥ {int(n)}*{unit}"
        return f"n = {int(n)}*{unit}" if int(n_max) == int(n) else f"n = {int(n)}–{int(n_max)}*{unit}"
    return f"{int(count)} {labels.text('of', lang)} {int(n)}{unit}"


def shares_figure(
    shares: pd.DataFrame,
    raw,
    figure_id: str,
    title: str,
    lang: str = "en",
    method: str = "wilson",
    simultaneous: str | None = "goodman",
) -> FigureResult:
    """Forest plot of every question of one group: per option the share, its ``method`` interval
    and (where computed) the ``simultaneous`` interval.

    ``shares`` has the columns of ``shares.csv``; ``raw`` gives labels and denominators. Options
    whose percentage was printed without a count are drawn with open markers and annotated
    ``n = 12–20*`` (the range of denominators consistent with the print; the interval is the union
    over it) or ``n = …*`` (a printed one).
    """
    from dialogstats.analysis.shares import question_basis

    names = labels.RawLabels.of(raw, lang)
    conf = float(shares["confidence"].iloc[0]) if len(shares) else 0.95
    series = [labels.method_name(method, lang)]
    if simultaneous:
        series.append(labels.method_name(simultaneous, lang))
    rows: list[ForestRow] = []
    alt_parts = []
    for qid in pd.unique(shares["question_id"]):
        qlabel = names.question(qid)
        basis = question_basis(raw, qid)
        smallest, answers = basis.n_source == "smallest_feasible", basis.basis == "answers"
        rows.append(ForestRow(qlabel, header=True))
        part = []
        for option in pd.unique(shares.loc[shares["question_id"] == qid, "option"]):
            sel = shares[(shares["question_id"] == qid) & (shares["option"] == option)]
            main = sel[sel["method"] == method]
            if main.empty:
                continue
            m = main.iloc[0]
            ests = [(m["share"], m["ci_low"], m["ci_high"])]
            if simultaneous:
                s = sel[sel["method"] == simultaneous]
                ests.append((m["share"], s.iloc[0]["ci_low"], s.iloc[0]["ci_high"]) if not s.empty else (math.nan,) * 3)
            olabel = names.option(qid, option)
            rows.append(ForestRow(olabel, estimates=ests, annotation=_count_annotation(m["count"], m["n"], lang, smallest, answers, m.get("n_max")), hollow=pd.isna(m["count"])))
            part.append(f"{olabel} {labels.format_percent(m['share'], lang)} ({labels.format_interval(m['ci_low'], m['ci_high'], lang)})")
        alt_parts.append(f"{qlabel}: " + "; ".join(part))
    percent_only = bool(shares.loc[shares["method"] == method, "count"].isna().any())
    legend_extra = []
    if percent_only:
        legend_extra.append((labels.text("percent_only", lang), {"color": "black", "marker": "o", "markerfacecolor": "white", "lw": 0, "ms": 4}))
    fig = forest_plot(rows, series, labels.text("share_percent", lang), title=title, legend_extra=legend_extra)
    cl = labels.confidence_label(conf, lang)
    if lang == "sv":
        caption = (
            f"{title}: andel per svarsalternativ med {cl} ({labels.method_name(method, lang)}, per alternativ)"
            + (f" och simultant intervall ({labels.method_name(simultaneous, lang)}) för alla alternativ i en fråga." if simultaneous else ".")
            + (" Öppna symboler: endast procent redovisad; intervallet bygger på det redovisade antalet svarande när det ger procenttalen (n = …*), annars på alla antal som ger dem (n = …–…*: intervallet täcker hela spannet)." if percent_only else "")
        )
        alt = f"Punktdiagram med intervall för {len(alt_parts)} frågor. " + " | ".join(alt_parts)
    else:
        caption = (
            f"{title}: share choosing each option with its {cl} ({labels.method_name(method, lang)}, per option)"
            + (f" and the simultaneous interval ({labels.method_name(simultaneous, lang)}) covering all options of a question together." if simultaneous else ".")
            + (" Open markers: only a percentage was printed; its interval uses the printed number of respondents where it reproduces the percentages (n = …*), otherwise on every number that does (n = …–…*: the interval spans the whole range)." if percent_only else "")
        )
        alt = f"Dot plot with interval bars for {len(alt_parts)} question(s). " + " | ".join(alt_parts)
    return FigureResult(figure_id, fig, caption, alt)


def construct_figure(table: pd.DataFrame, raw, figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Forest plot of one construct: per option, every dialogue or group that asked it, with intervals.

    ``table`` is :func:`dialogstats.analysis.crossnetwork.build_construct_table` output (columns
    ``question_id, option, count, n, share, ci_low, ci_high, method, confidence, n_source``);
    ``raw`` gives the labels.
    """
    names = labels.RawLabels.of(raw, lang)
    table = table.assign(
        option_label=[names.option(q, o) for q, o in zip(table["question_id"], table["option"])],
        source_label=[names.source(q) for q in table["question_id"]],
    )
    method = str(table["method"].iloc[0])
    conf = float(table["confidence"].iloc[0])
    rows: list[ForestRow] = []
    alt_parts = []
    for option in pd.unique(table["option"]):
        sub = table[table["option"] == option]
        rows.append(ForestRow(str(sub["option_label"].iloc[0]), header=True))
        part = []
        for _, r in sub.iterrows():
            rows.append(
                ForestRow(str(r["source_label"]), estimates=[(r["share"], r["ci_low"], r["ci_high"])],
                          annotation=_count_annotation(r["count"], r["n"], lang, r.get("n_source", "") == "smallest_feasible",
                                                       n_max=r.get("n_max")),
                          hollow=pd.isna(r["count"]))
            )
            part.append(f"{r['source_label']} {labels.format_percent(r['share'], lang)} ({labels.format_interval(r['ci_low'], r['ci_high'], lang)})")
        alt_parts.append(f"{sub['option_label'].iloc[0]}: " + "; ".join(part))
    percent_only = bool(table["count"].isna().any())
    legend_extra = []
    if percent_only:
        legend_extra.append((labels.text("percent_only", lang), {"color": "black", "marker": "o", "markerfacecolor": "white", "lw": 0, "ms": 4}))
    fig = forest_plot(rows, [labels.method_name(method, lang)], labels.text("share_percent", lang), title=title, legend_extra=legend_extra)
    cl = labels.confidence_label(conf, lang)
    if lang == "sv":
        caption = f"{title}: andel per dialog eller grupp med {cl} ({labels.method_name(method, lang)})."
        alt = "Punktdiagram med intervall, en rad per dialog. " + " | ".join(alt_parts)
    else:
        caption = f"{title}: share in each dialogue or group that asked the question, with {cl} ({labels.method_name(method, lang)})."
        alt = "Dot plot with interval bars, one row per dialogue or group. " + " | ".join(alt_parts)
    if percent_only:
        caption += (" Öppna symboler: endast procent redovisad." if lang == "sv" else " Open markers: only a percentage was printed.")
    return FigureResult(figure_id, fig, caption, alt)


def bounds_figure(bounds: pd.DataFrame, raw, figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Forest plot comparing, per option, the respondents-only interval, Manski's nonresponse
    bounds and the finite-population interval (columns of ``bounds.csv``; ``raw`` gives the labels:
    where the question was asked, the question and the option)."""
    names = labels.RawLabels.of(raw, lang)
    row_labels = [
        f"{names.source(q)}: {names.question(q)} – {names.option(q, o)}" for q, o in zip(bounds["question_id"], bounds["option"])
    ]
    series = [labels.text("respondents_only", lang), labels.text("manski_bounds", lang), labels.text("fpc_interval", lang)]
    rows = []
    alt_parts = []
    for label, (_, r) in zip(row_labels, bounds.iterrows()):
        rows.append(
            ForestRow(
                label,
                estimates=[(r["share"], r["ci_low"], r["ci_high"]), (math.nan, r["manski_low"], r["manski_high"]), (r["share"], r["fpc_low"], r["fpc_high"])],
                annotation=f"{int(r['respondents'])} {labels.text('of', lang)} {int(r['population'])}",
            )
        )
        alt_parts.append(
            f"{label}: {labels.format_percent(r['share'], lang)}; {labels.format_interval(r['ci_low'], r['ci_high'], lang)}; "
            f"Manski {labels.format_interval(r['manski_low'], r['manski_high'], lang)}"
        )
    fig = forest_plot(rows, series, labels.text("share_percent", lang), title=title, capped=[False, True, False])
    method = str(bounds["method"].iloc[0])
    cl = labels.confidence_label(float(bounds["confidence"].iloc[0]), lang)
    if lang == "sv":
        caption = (
            f"{title}: {cl} bland de svarande ({labels.method_name(method, lang)}), Manskis gränser för hela gruppen "
            "om de som inte svarade kunde ha svarat vad som helst, och intervall med ändlighetskorrektion (antal svarande av antal deltagare till höger)."
        )
        alt = "Intervalldiagram. " + " | ".join(alt_parts)
    else:
        caption = (
            f"{title}: {cl} among respondents ({labels.method_name(method, lang)}), Manski's bounds for everyone present "
            "if non-respondents could have answered anything, and the finite-population interval (respondents of attendees at right)."
        )
        alt = "Interval plot. " + " | ".join(alt_parts)
    return FigureResult(figure_id, fig, caption, alt)


def _line_panel(ax, x, ys: dict[str, Sequence[float]], names: dict[str, str]) -> None:
    for i, (key, y) in enumerate(ys.items()):
        ax.plot(x, y, color=SERIES_COLOURS[i % len(SERIES_COLOURS)], marker=SERIES_MARKERS[i % len(SERIES_MARKERS)], ms=3.5, lw=1.0, label=names[key])
    ax.grid(color="#DDDDDD", lw=0.5)
    ax.set_axisbelow(True)


def coverage_by_method_figure(coverage: pd.DataFrame, figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Dot plot of each method's exact coverage over the report's sample sizes: mean of the
    mean coverage (point) with its range across n, and the lowest minimum coverage."""
    check_lang(lang)
    conf = float(coverage["confidence"].iloc[0])
    rows, alt = [], []
    for method in pd.unique(coverage["method"]):
        sub = coverage[coverage["method"] == method]
        mean, lo, hi = sub["mean_coverage"].mean(), sub["mean_coverage"].min(), sub["mean_coverage"].max()
        worst = sub["min_coverage"].min()
        rows.append(ForestRow(labels.method_name(method, lang), estimates=[(mean, lo, hi), (worst, math.nan, math.nan)]))
        alt.append(f"{labels.method_name(method, lang)}: {labels.text('mean_coverage', lang)} {labels.format_percent(mean, lang, 1)} "
                   f"({labels.format_interval(lo, hi, lang, 1)}), {labels.text('min_coverage', lang)} {labels.format_percent(worst, lang, 1)}")
    low = max(0.0, min(coverage["min_coverage"].min(), conf) * 100 - 5)
    fig = forest_plot(
        rows, [labels.text("mean_coverage", lang), labels.text("min_coverage", lang)], labels.text("coverage", lang),
        title=title, reference=conf, xlim=(low, 100.5), label_chars=30,
    )
    ns = sorted(pd.unique(coverage["n"]))
    if lang == "sv":
        caption = (f"{title}: exakt täckningsgrad för nominellt {labels.format_percent(conf, lang)} intervall, beräknad vid de "
                   f"{len(ns)} antal svarande som förekommer i rapporten (n = {ns[0]}–{ns[-1]}). Punkt: medeltäckning över p (stapel: spridning över n); romb: lägsta täckning.")
    else:
        caption = (f"{title}: exact coverage of nominal {labels.format_percent(conf, lang)} intervals at the {len(ns)} numbers of "
                   f"respondents found in the report (n = {ns[0]}–{ns[-1]}). Point: mean coverage over p (bar: range across n); diamond: minimum coverage.")
    return FigureResult(figure_id, fig, caption, (" | ".join(alt)))


def coverage_at_n_figure(coverage: pd.DataFrame, figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Two panels over the report's sample sizes: mean and minimum exact coverage per method."""
    check_lang(lang)
    conf = float(coverage["confidence"].iloc[0])
    fig = new_figure(TEXT_WIDTH_CM * CM, 10.5 * CM)
    methods = list(pd.unique(coverage["method"]))
    names = {m: labels.method_name(m, lang) for m in methods}
    with matplotlib.rc_context(_RC):
        axes = fig.subplots(1, 2, sharex=True)
        fig.subplots_adjust(left=0.09, right=0.98, top=0.84, bottom=0.3, wspace=0.28)
        for ax, column, name in zip(axes, ("mean_coverage", "min_coverage"), ("mean_coverage", "min_coverage")):
            ys = {m: 100 * coverage[coverage["method"] == m].sort_values("n")[column].to_numpy() for m in methods}
            x = coverage[coverage["method"] == methods[0]].sort_values("n")["n"].to_numpy()
            _line_panel(ax, x, ys, names)
            ax.axhline(100 * conf, color="#555555", ls="--", lw=0.8)
            # Zoom on the methods worth choosing; a method far below (Wald) is named in the caption.
            kept = coverage[coverage["method"] != "wald"][column] if (coverage["method"] != "wald").any() else coverage[column]
            ax.set_ylim(max(0.0, min(100 * kept.min(), 100 * conf) - 3), 100.5)
            ax.set_title(labels.text(name, lang).capitalize(), fontsize=8.5)
            ax.set_xlabel(labels.text("sample_size", lang))
        axes[0].set_ylabel(labels.text("coverage", lang))
        handles, names_ = axes[0].get_legend_handles_labels()
        fig.legend(handles, names_, loc="lower center", ncol=4, frameon=False, bbox_to_anchor=(0.5, 0.0))
        fig.text(0.01, 0.98, title, ha="left", va="top", fontsize=9, fontweight="bold")
    worst = coverage.loc[coverage.groupby("method")["min_coverage"].idxmin()]
    lowest, at = ("lägst", "vid") if lang == "sv" else ("lowest", "at")
    points = "; ".join(f"{names[r['method']]}: {lowest} {labels.format_percent(r['min_coverage'], lang, 1)} {at} n = {int(r['n'])}"
                       for _, r in worst.iterrows())
    wald = coverage[coverage["method"] == "wald"]
    if lang == "sv":
        caption = f"{title}: medeltäckning (vänster) och lägsta täckning (höger) för varje metod vid rapportens antal svarande; streckad linje: nominell nivå {labels.format_percent(conf, lang)}."
        if not wald.empty:
            caption += f" Wald-intervallet ligger till stor del under axeln (medeltäckning ned till {labels.format_percent(wald['mean_coverage'].min(), lang, 1)})."
        alt = "Linjediagram över täckningsgrad mot n. " + points
    else:
        caption = f"{title}: mean (left) and minimum (right) coverage of each method at the report's numbers of respondents; dashed line: nominal level {labels.format_percent(conf, lang)}."
        if not wald.empty:
            caption += f" The Wald interval falls mostly below the axis (mean coverage down to {labels.format_percent(wald['mean_coverage'].min(), lang, 1)})."
        alt = "Line plots of coverage against n. " + points
    return FigureResult(figure_id, fig, caption, alt)


def design_effect_figure(sensitivity: pd.DataFrame, figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Median interval width (percentage points) against discussion-group size, one line per ICC.

    ``sensitivity`` has columns ``icc, cluster_size, width`` (one row per question option, ICC
    and group size); the median is taken over question options.
    """
    check_lang(lang)
    med = sensitivity.groupby(["icc", "cluster_size"], as_index=False)["width"].median()
    fig = new_figure(COLUMN_WIDTH_CM * 1.5 * CM, 9 * CM)
    iccs = sorted(pd.unique(med["icc"]))
    names = {f"{icc:g}": f"ICC = {labels.format_number(icc, lang, 2)}" for icc in iccs}
    with matplotlib.rc_context(_RC):
        ax = fig.add_axes((0.13, 0.3, 0.82, 0.58))
        x = sorted(pd.unique(med["cluster_size"]))
        ys = {f"{icc:g}": 100 * med[med["icc"] == icc].sort_values("cluster_size")["width"].to_numpy() for icc in iccs}
        _line_panel(ax, x, ys, names)
        ax.set_xlabel(labels.text("group_size", lang))
        ax.set_ylabel(labels.text("interval_width", lang))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=4, frameon=False)
        fig.text(0.01, 0.98, title, ha="left", va="top", fontsize=9, fontweight="bold")
    base = 100 * med[med["icc"] == iccs[0]]["width"].median()
    top = med[med["icc"] == iccs[-1]].sort_values("cluster_size").iloc[-1]
    if lang == "sv":
        caption = (f"{title}: median bredd på intervallen när svaren inom en diskussionsgrupp är korrelerade "
                   f"(designeffekt 1 + (m − 1)·ICC), per gruppstorlek m och ICC.")
        alt = (f"Linjediagram. Utan korrelation är medianbredden {labels.format_number(base, lang, 1)} procentenheter; "
               f"med ICC {labels.format_number(iccs[-1], lang, 2)} och grupper om {int(top['cluster_size'])} blir den {labels.format_number(100 * top['width'], lang, 1)}.")
    else:
        caption = (f"{title}: median width of the intervals when answers within a discussion group are correlated "
                   f"(design effect 1 + (m − 1)·ICC), by group size m and ICC.")
        alt = (f"Line plot. Without correlation the median width is {labels.format_number(base, lang, 1)} percentage points; "
               f"with ICC {labels.format_number(iccs[-1], lang, 2)} and groups of {int(top['cluster_size'])} it is {labels.format_number(100 * top['width'], lang, 1)}.")
    return FigureResult(figure_id, fig, caption, alt)


AUDIT_STATUSES: tuple[str, ...] = ("ok", "inconsistent", "ambiguous", "not_checkable")
_STATUS_STYLE = {
    "ok": ("#009E73", ""),
    "inconsistent": ("#D55E00", "////"),
    "ambiguous": ("#E69F00", "...."),
    "not_checkable": ("#BBBBBB", "xx"),
}


def audit_status_figure(audit: pd.DataFrame, dialogue_names: dict[str, str], figure_id: str, title: str, lang: str = "en") -> FigureResult:
    """Horizontal stacked bars: number of audit checks per dialogue by status (colour and hatching)."""
    check_lang(lang)
    counts = pd.crosstab(audit["dialogue_id"], audit["status"]).reindex(columns=list(AUDIT_STATUSES), fill_value=0)
    order = [d for d in dialogue_names if d in counts.index] + [d for d in counts.index if d not in dialogue_names]
    counts = counts.loc[order]
    rows_cm = 0.75 * len(counts)
    top_cm, bottom_cm = 2.1, 1.3
    height_cm = min(MAX_HEIGHT_CM, top_cm + rows_cm + bottom_cm)
    fig = new_figure(TEXT_WIDTH_CM * CM, height_cm * CM)
    with matplotlib.rc_context(_RC):
        left_cm = 5.2
        ax = fig.add_axes((left_cm / TEXT_WIDTH_CM, bottom_cm / height_cm, 1 - (left_cm + 0.6) / TEXT_WIDTH_CM, rows_cm / height_cm))
        y = np.arange(len(counts))
        left = np.zeros(len(counts))
        widest = max(1, int(counts.sum(axis=1).max()))
        for status in AUDIT_STATUSES:
            colour, hatch = _STATUS_STYLE[status]
            values = counts[status].to_numpy()
            ax.barh(y, values, left=left, color=colour, hatch=hatch, edgecolor="white", lw=0.5, label=labels.status_name(status, lang), height=0.65)
            for yi, (start, v) in enumerate(zip(left, values)):
                if v > 0 and v >= 0.05 * widest:
                    ax.text(start + v / 2, yi, str(int(v)), ha="center", va="center", fontsize=6.5,
                            color="white" if status == "inconsistent" else "black",
                            bbox={"boxstyle": "round,pad=0.1", "fc": colour, "ec": "none"})
            left += values
        ax.set_yticks(y, [_wrap(dialogue_names.get(d, d), 34) for d in counts.index])
        ax.set_ylim(len(counts) - 0.5, -0.5)
        ax.set_xlabel(labels.text("number_of_checks", lang))
        ax.grid(axis="x", color="#DDDDDD", lw=0.5)
        ax.set_axisbelow(True)
        fig.legend(loc="upper left", bbox_to_anchor=(0.01, 1 - 0.9 / height_cm), ncol=4, frameon=False)
        fig.text(0.01, 1 - 0.3 / height_cm, title, ha="left", va="top", fontsize=9, fontweight="bold")
    totals = counts.sum()
    parts = [f"{labels.status_name(s, lang)} {int(totals[s])}" for s in AUDIT_STATUSES]
    per = "; ".join(f"{dialogue_names.get(d, d)}: " + ", ".join(f"{int(counts.loc[d, s])} {labels.status_name(s, lang)}" for s in AUDIT_STATUSES if counts.loc[d, s]) for d in counts.index)
    if lang == "sv":
        caption = f"{title}: antal kontroller av rapportens siffror per dialog och utfall (totalt {int(totals.sum())}: " + ", ".join(parts) + ")."
        alt = "Liggande staplar. " + per
    else:
        caption = f"{title}: number of checks of the report's printed figures per dialogue and outcome (in all {int(totals.sum())}: " + ", ".join(parts) + ")."
        alt = "Horizontal stacked bars. " + per
    return FigureResult(figure_id, fig, caption, alt)


def dialogue_share_figures(raw, shares: pd.DataFrame, dialogue_id: str, lang: str = "en", method: str = "wilson") -> list[FigureResult]:
    """One forest plot per group of a dialogue (``shares-<dialogue_id>-<group_id>``), groups in raw order.

    The per-option interval is ``method``; the simultaneous interval is the first of
    :data:`dialogstats.stats.simultaneous.SIMULTANEOUS_METHODS` found in ``shares`` (Goodman by default).
    """
    names = labels.RawLabels.of(raw, lang)
    dialogue_name = names.dialogue(dialogue_id)
    present = set(shares["method"])
    from dialogstats.stats.simultaneous import SIMULTANEOUS_METHODS

    simultaneous = next((m for m in SIMULTANEOUS_METHODS if m in present), None)
    results = []
    groups = raw.groups[raw.groups["dialogue_id"] == dialogue_id]
    for _, g in groups.iterrows():
        sub = shares[(shares["dialogue_id"] == dialogue_id) & (shares["group_id"] == g["group_id"])]
        if sub.empty:
            continue
        # Questions in the order of questions.csv, which follows the report.
        order = {qid: i for i, qid in enumerate(raw.questions["question_id"])}
        sub = sub.sort_values("question_id", key=lambda s: s.map(order), kind="mergesort")
        title = dialogue_name if g["group_id"] == "all" else f"{dialogue_name}: {names.group(dialogue_id, g['group_id'])}"
        results.append(
            shares_figure(sub, raw, f"shares-{dialogue_id}-{g['group_id']}", title, lang, method, simultaneous)
        )
    return results
