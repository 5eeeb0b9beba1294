"""The comparisons behind the comparative claims, one row each (``statement_checks.csv``).

For every claim whose check compares shares (``exceeds``, ``largest_option``, ``largest_question``,
``ranking``), :func:`comparison_detail` lists the pairs the claim needs
(:func:`dialogstats.analysis.claims.engine.comparison_pairs`) at every feasible reading: the counts,
the test that fits them (``conditional``, ``paired`` or ``independent``; see
:mod:`dialogstats.analysis.claims.compare`), the estimate and interval or, for paired shares, the
range of exact McNemar p-values over the joint tables the margins allow, and whether the pair is
established at the Holm level it was last tested at. The claim's own verdict and reason code are
repeated from the same engine, so this table and ``claims.csv`` cannot disagree about a statement.
"""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd

from dialogstats.analysis.claims.compare import holm, test_pair
from dialogstats.analysis.claims.core import Outcome, Setting
from dialogstats.analysis.claims.engine import assess_claim, audit_of, comparison_pairs
from dialogstats.analysis.claims.readings import ReadingCache

COMPARISON_CHECKS: tuple[str, ...] = ("exceeds", "largest_option", "largest_question", "ranking")
DETAIL_COLUMNS: tuple[str, ...] = (
    "statement", "check", "verdict", "reason_code", "better", "worse", "x_better", "n_better", "x_worse", "n_worse",
    "test", "estimate", "ci_low", "ci_high", "p_min", "p_max", "confidence_tested", "established",
)


def comparison_detail(
    raw: Any, confidence: float = 0.95, method: str = "wilson", audit: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per pair and reading of every comparative claim (columns :data:`DETAIL_COLUMNS`), in claim order."""
    setting = Setting(method, confidence, 0.0).checked()
    inconsistent = audit_of(raw, audit)
    cache = ReadingCache(raw)
    rows = []
    for _, claim in raw.claims.iterrows():
        if claim["check"] not in COMPARISON_CHECKS:
            continue
        outcome: Outcome = assess_claim(raw, claim, inconsistent, setting, cache)
        base = {"statement": claim["claim_id"], "check": claim["check"], "verdict": outcome.verdict,
                "reason_code": outcome.code}
        pairs = comparison_pairs(raw, cache, claim)
        if isinstance(pairs, Outcome):
            rows.append(base)
            continue
        result = holm(pairs, setting)
        failing = set(result["failing"])
        alpha = 1.0 - setting.confidence
        steps = _holm_levels(len(pairs), result)
        for i, pair in enumerate(pairs):
            level = setting.at(1.0 - alpha / steps[i])
            for a, b in itertools.product(pair.better.readings, pair.worse.readings):
                t = test_pair(a, b, pair, level)
                kind = "paired" if t.paired else "conditional" if t.kind == "conditional_share" else "independent"
                rows.append({**base, "better": pair.better.name, "worse": pair.worse.name, "x_better": a.x,
                             "n_better": a.n, "x_worse": b.x, "n_worse": b.n, "test": kind, "estimate": t.estimate,
                             "ci_low": t.ci_low, "ci_high": t.ci_high, "p_min": t.p_min, "p_max": t.p_max,
                             "confidence_tested": level.confidence,
                             "established": i not in failing and t.state == "established"})
    table = pd.DataFrame(rows, columns=list(DETAIL_COLUMNS))
    for column in ("x_better", "n_better", "x_worse", "n_worse"):
        table[column] = pd.array([pd.NA if pd.isna(v) else int(v) for v in table[column]], dtype="Int64")
    table["established"] = table["established"].astype("boolean")
    return table


def _holm_levels(k: int, result: dict) -> list[int]:
    """The number of comparisons still open when each pair was last tested (Holm's divisor)."""
    divisor = [k] * k
    open_, position, order = k, 0, result["established"]
    for size in result["steps"]:
        for i in order[position:position + size]:
            divisor[i] = open_
        position += size
        open_ -= size
    for i in result["failing"]:
        divisor[i] = max(1, open_)
    return divisor
