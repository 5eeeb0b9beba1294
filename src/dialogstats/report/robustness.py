"""Which verdicts on the report's claims hinge on the interval method, the level or the design effect.

Reads ``claims.csv`` (the run's verdict and ``verdict_robust``) and ``claims_robustness.csv``
(``claim_id, method, confidence, icc, verdict``: every verdict recomputed over a grid of interval
methods, confidence levels and intra-group correlations). A claim *hinges on* a factor when
changing that factor alone, the others held at the run's method, the run's level and no
correlation (ICC 0), changes its verdict; a claim whose verdict changes only when two factors
change together hinges on their combination. Nothing here recomputes a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dialogstats.checks import check_lang
from dialogstats.errors import ParameterError
from dialogstats.report import labels
from dialogstats.report.markdown import pipe_table
from dialogstats.report.outputs import ProcessedOutputs

ROBUSTNESS_COLUMNS: tuple[str, ...] = ("claim_id", "method", "confidence", "icc", "verdict")

_TEXT: dict[str, dict[str, str]] = {
    "lead": {
        "en": "Each verdict was recomputed with {methods} interval methods, at {levels} confidence, and with "
              "a design effect for answers written after group discussion (intra-group correlation 0 to {icc_max}). "
              "In every one of these readings, {robust} of the {n} verdicts stay the same.",
        "sv": "Varje bedömning räknades om med {methods} intervallmetoder, med {levels} konfidensgrad och med en "
              "designeffekt för svar som skrevs efter gruppdiskussion (korrelation inom gruppen 0 till {icc_max}). "
              "I alla dessa fall blir {robust} av de {n} bedömningarna desamma.",
    },
    "moved": {
        "en": "Of the others, {by_method} change with the interval method alone, {by_level} with the level alone "
              "and {by_icc} with the design effect alone (@tbl-robustness).",
        "sv": "Av de övriga ändras {by_method} enbart med intervallmetoden, {by_level} enbart med konfidensgraden "
              "och {by_icc} enbart med designeffekten (@tbl-robustness).",
    },
    "with": {"en": "with", "sv": "med"},
    "at": {"en": "at", "sv": "vid"},
    "icc": {"en": "at correlation", "sv": "vid korrelationen"},
    "combination": {"en": "only when several of them change together", "sv": "bara när flera av dem ändras samtidigt"},
    "others": {"en": "Other verdicts", "sv": "Andra bedömningar"},
    "claim": {"en": "Claim", "sv": "Påstående"},
    "verdict": {"en": "Verdict in this run", "sv": "Bedömning i denna körning"},
    "changes": {"en": "Where the verdict differs", "sv": "Där bedömningen blir en annan"},
    "caption": {"en": "Verdicts that depend on the interval method, the confidence level or the design effect.",
                "sv": "Bedömningar som beror på intervallmetod, konfidensgrad eller designeffekt."},
    "and": {"en": "and", "sv": "och"},
}


def _text(key: str, lang: str) -> str:
    return _TEXT[key][lang]


def _join(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {_text('and', lang)} " + items[-1]


def _decimal(value: float, lang: str) -> str:
    return f"{value:g}".replace(".", ",") if lang == "sv" else f"{value:g}"


@dataclass(frozen=True)
class Hinge:
    """What moves one claim's verdict: per factor, the values at which its verdict differs from the run's."""

    claim_id: str
    verdict: str
    others: tuple[str, ...]
    methods: tuple[str, ...]
    levels: tuple[float, ...]
    iccs: tuple[float, ...]

    @property
    def combination_only(self) -> bool:
        """The verdict changes only when two or more factors change together."""
        return not (self.methods or self.levels or self.iccs)


def _check(grid: pd.DataFrame) -> None:
    missing = [c for c in ROBUSTNESS_COLUMNS if c not in grid.columns]
    if missing:
        raise ParameterError(f"claims_robustness.csv lacks the column(s) {', '.join(missing)}")


def hinges(grid: pd.DataFrame, run_verdicts: dict[str, str], method: str, confidence: float) -> list[Hinge]:
    """Every claim whose verdict is not the same in every cell of ``grid``, in the grid's order.

    ``run_verdicts`` maps each claim to its verdict in the run (``claims.csv``); the values
    listed per factor are those at which the verdict differs from it with the other two
    factors at the run's ``method``, ``confidence`` and ICC 0.
    """
    _check(grid)
    out = []
    for claim_id, cells in grid.groupby("claim_id", sort=False):
        if cells["verdict"].nunique() == 1 and cells["verdict"].iloc[0] == run_verdicts.get(claim_id):
            continue
        run = run_verdicts.get(claim_id)
        if run is None:
            raise ParameterError(f"claims_robustness.csv names claim {claim_id!r}, which claims.csv lacks")
        differs = cells["verdict"] != run
        at_level = (cells["confidence"] - confidence).abs() < 1e-9
        at_method, at_zero = cells["method"] == method, cells["icc"] == 0
        out.append(Hinge(
            claim_id=claim_id,
            verdict=run,
            others=tuple(dict.fromkeys(cells.loc[differs, "verdict"])),
            methods=tuple(dict.fromkeys(cells.loc[differs & at_level & at_zero, "method"])),
            levels=tuple(sorted(set(cells.loc[differs & at_method & at_zero, "confidence"]))),
            iccs=tuple(sorted(set(cells.loc[differs & at_method & at_level, "icc"]))),
        ))
    return out


def _hinge_words(h: Hinge, lang: str) -> str:
    parts = []
    if h.methods:
        parts.append(_text("with", lang) + " " + ", ".join(labels.method_name(m, lang) for m in h.methods))
    if h.levels:
        parts.append(_text("at", lang) + " " + ", ".join(labels.format_percent(c, lang) for c in h.levels))
    if h.iccs:
        parts.append(_text("icc", lang) + " " + ", ".join(_decimal(i, lang) for i in h.iccs))
    return "; ".join(parts) if parts else _text("combination", lang)


def robustness_text(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """A paragraph on how many verdicts hold over the whole grid and what moves the others, and a table
    of the claims whose verdict changes (their label, the run's verdict, and where it changes)."""
    lang = check_lang(lang)
    claims = outputs.table("claims.csv")
    grid = outputs.table("claims_robustness.csv")
    run_verdicts = dict(zip(claims["claim_id"], claims["verdict"]))
    moved = hinges(grid, run_verdicts, outputs.method, outputs.confidence)
    methods = list(dict.fromkeys(grid["method"]))
    levels = sorted(set(grid["confidence"]))
    iccs = sorted(set(grid["icc"]))
    values = {
        "n": len(claims),
        "robust": len(claims) - len(moved),
        "methods": len(methods),
        "levels": _join([labels.format_percent(c, lang) for c in levels], lang),
        "icc_max": _decimal(max(iccs), lang),
        "by_method": sum(bool(h.methods) for h in moved),
        "by_level": sum(bool(h.levels) for h in moved),
        "by_icc": sum(bool(h.iccs) for h in moved),
    }
    text = _text("lead", lang).format(**values)
    if not moved:
        return text + "\n"
    text += " " + _text("moved", lang).format(**values)
    label_column = f"label_{lang}"
    if label_column not in claims:
        raise ParameterError(f"claims.csv lacks the column {label_column}: the claims need short labels in {lang}")
    names = dict(zip(claims["claim_id"], claims[label_column]))
    table = pd.DataFrame({
        _text("claim", lang): [names[h.claim_id] for h in moved],
        _text("verdict", lang): [labels.verdict_name(h.verdict, lang) for h in moved],
        _text("others", lang): ["; ".join(labels.verdict_name(v, lang) for v in h.others) for h in moved],
        _text("changes", lang): [_hinge_words(h, lang) for h in moved],
    })
    caption = _text("caption", lang)
    return text + "\n\n" + pipe_table(table, caption=caption, label="tbl-robustness")
