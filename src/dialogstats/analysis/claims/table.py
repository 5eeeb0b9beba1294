"""The claims table (``claims.csv``) and its robustness grid (``claims_robustness.csv``).

:func:`assess_claims` gives every claim of ``raw.claims`` one row: the claim's own columns, its
verdict under the run's method and level (ICC 0), the reason in words, the decisive numbers and
``verdict_robust``. :func:`robustness_grid` recomputes every verdict under each interval method of
:data:`ROBUSTNESS_METHODS` (all of :data:`dialogstats.stats.intervals.METHODS`), at each level of
:data:`ROBUSTNESS_LEVELS` and each ICC of :data:`ROBUSTNESS_ICCS` (the design effect of answers
written after group discussion, at the group size of
:func:`dialogstats.analysis.claims.readings.discussion_group`). A verdict is robust when every cell
of its grid gives the same verdict. Readings are computed once for the whole grid, and intervals
are cached, so the grid takes seconds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from dialogstats.analysis.claims.core import ESTIMATE_KINDS, Setting
from dialogstats.analysis.claims.engine import audit_checks, audit_of, nan_to_na, outcomes
from dialogstats.analysis.claims.readings import ReadingCache
from dialogstats.stats.intervals import METHODS

#: Columns of ``claims.csv``, in order.
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id", "statement_id", "chapter", "area", "dialogue_id", "question_ids", "claim_en", "claim_sv",
    "label_en", "label_sv", "figure_reported", "locator", "check", "check_option", "condition", "verdict", "reason",
    "reason_code", "estimate", "ci_low", "ci_high", "n", "estimate_kind", "range_low", "range_high", "threshold",
    "audit_checks", "verdict_robust", "robust_detail", "method", "confidence",
)
ROBUSTNESS_COLUMNS: tuple[str, ...] = ("claim_id", "method", "confidence", "icc", "verdict")
ROBUSTNESS_METHODS: tuple[str, ...] = METHODS
ROBUSTNESS_LEVELS: tuple[float, ...] = (0.90, 0.95, 0.99)
ROBUSTNESS_ICCS: tuple[float, ...] = (0.0, 0.05, 0.1)
_COPIED = ("claim_id", "statement_id", "chapter", "area", "dialogue_id", "question_ids", "claim_en", "claim_sv",
           "label_en", "label_sv", "figure_reported", "locator", "check", "check_option", "condition")


def robustness_grid(
    raw: Any,
    audit: pd.DataFrame | None = None,
    methods: tuple[str, ...] = ROBUSTNESS_METHODS,
    levels: tuple[float, ...] = ROBUSTNESS_LEVELS,
    iccs: tuple[float, ...] = ROBUSTNESS_ICCS,
) -> pd.DataFrame:
    """Every claim's verdict in every cell of methods x levels x ICCs (columns :data:`ROBUSTNESS_COLUMNS`).

    Rows are ordered by the claims' order, then method (as listed), level and ICC ascending.
    """
    inconsistent = audit_of(raw, audit)
    cache = ReadingCache(raw)
    ids = list(raw.claims["claim_id"])
    cells = []
    for method in methods:
        for level in sorted(levels):
            for icc in sorted(iccs):
                setting = Setting(method, level, icc).checked()
                for claim_id, outcome in zip(ids, outcomes(raw, setting, inconsistent, cache)):
                    cells.append((claim_id, method, float(level), float(icc), outcome.verdict))
    grid = pd.DataFrame(cells, columns=list(ROBUSTNESS_COLUMNS))
    order = {c: i for i, c in enumerate(ids)}
    return grid.sort_values("claim_id", key=lambda s: s.map(order), kind="mergesort").reset_index(drop=True)


def robust_summary(grid: pd.DataFrame) -> pd.DataFrame:
    """Per claim: ``verdict_robust`` and, when not robust, what the verdict hinges on (method, level, ICC)."""
    rows = []
    for claim_id, cells in grid.groupby("claim_id", sort=False):
        robust = cells["verdict"].nunique() == 1
        hinges = [] if robust else [
            name for name, column in (("method", "method"), ("level", "confidence"), ("ICC", "icc"))
            if (cells.groupby([c for c in ("method", "confidence", "icc") if c != column])["verdict"].nunique() > 1).any()
        ]
        counts = cells["verdict"].value_counts()
        detail = "" if robust else "hinges on " + ", ".join(hinges) + ": " + ", ".join(
            f"{v} in {counts[v]} of {len(cells)}" for v in sorted(counts.index))
        rows.append({"claim_id": claim_id, "verdict_robust": robust, "robust_detail": detail})
    return pd.DataFrame(rows)


def assess_claims(
    raw: Any,
    confidence: float = 0.95,
    method: str = "wilson",
    audit: pd.DataFrame | None = None,
    robustness: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Assess every claim of ``raw.claims``: one row per claim with the columns of :data:`CLAIM_COLUMNS`.

    ``raw`` is a :class:`dialogstats.data.rawdata.RawData` (or any object with its DataFrame
    attributes). ``audit`` defaults to :func:`dialogstats.analysis.audit.build_audit` of ``raw``;
    ``robustness`` to :func:`robustness_grid` of ``raw`` (pass it when it is also written out).
    ``method`` is the interval of single shares (:data:`dialogstats.stats.intervals.METHODS`),
    also used in the MOVER interval of differences (Newcombe's with Wilson). Rules: see
    :mod:`dialogstats.analysis.claims.engine`.
    """
    setting = Setting(method, confidence, 0.0).checked()
    inconsistent = audit_of(raw, audit)
    if robustness is None:
        robustness = robustness_grid(raw, audit=audit)
    summary = robust_summary(robustness).set_index("claim_id") if len(robustness) else pd.DataFrame(
        columns=["verdict_robust", "robust_detail"])
    rows = []
    for (_, claim), outcome in zip(raw.claims.iterrows(), outcomes(raw, setting, inconsistent, ReadingCache(raw))):
        row = {c: claim[c] for c in _COPIED}
        robust = summary.loc[claim["claim_id"]] if claim["claim_id"] in summary.index else None
        row.update(
            verdict=outcome.verdict, reason=outcome.reason, reason_code=outcome.code, estimate=outcome.estimate,
            ci_low=outcome.ci_low, ci_high=outcome.ci_high, n=outcome.n, estimate_kind=outcome.kind,
            range_low=outcome.range_low, range_high=outcome.range_high,
            threshold=ESTIMATE_KINDS.get(outcome.kind, np.nan),
            audit_checks=audit_checks(claim, inconsistent),
            verdict_robust=bool(robust["verdict_robust"]) if robust is not None else True,
            robust_detail=robust["robust_detail"] if robust is not None else "",
            method=setting.method, confidence=setting.confidence,
        )
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    table["n"] = nan_to_na(list(table["n"]))
    table["verdict_robust"] = table["verdict_robust"].astype(bool)
    return table
