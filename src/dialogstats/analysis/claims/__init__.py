"""The review report's quantitative claims, read against small-sample intervals.

Each claim of ``data/raw/claims.csv`` names the questions it rests on, a machine-checkable form
(``check``), the option(s) it is about (``check_option``) and, where the form needs one, a
``condition``. :func:`assess_claims` gives every claim one verdict of :data:`VERDICTS`, the numbers
behind it, a reason in words and a reason code of :data:`REASON_CODES`;
:func:`robustness_grid` recomputes every verdict under each interval method, level and ICC.

Modules: :mod:`~dialogstats.analysis.claims.readings` (figures to counts),
:mod:`~dialogstats.analysis.claims.shares_rules` (majority, minority, consistency, sums),
:mod:`~dialogstats.analysis.claims.compare` (exceeds, largest, ranking: Holm, paired range),
:mod:`~dialogstats.analysis.claims.evidence` (magnitude), :mod:`~dialogstats.analysis.claims.engine`
(the order of the rules), :mod:`~dialogstats.analysis.claims.table` (the tables),
:mod:`~dialogstats.analysis.claims.detail` (the comparisons behind comparative claims) and
:mod:`~dialogstats.analysis.claims.protocol` (the counts of ``docs/claims.md``).
"""

from dialogstats.analysis.claims.core import (
    CHECKS, ESTIMATE_KINDS, MAJORITY_THRESHOLD, REASON_CODES, REASON_MEANINGS, TYPICAL_DISCUSSION_GROUP, VERDICTS,
    Outcome, Setting,
)
from dialogstats.analysis.claims.engine import assess_claim, inconsistent_audit_rows
from dialogstats.analysis.claims.readings import Reading, Unidentified, expand_options, item_readings, split_ids
from dialogstats.analysis.claims.shares_rules import NOT_SUPPORTING_OPTIONS
from dialogstats.analysis.claims.table import (
    CLAIM_COLUMNS, ROBUSTNESS_COLUMNS, ROBUSTNESS_ICCS, ROBUSTNESS_LEVELS, ROBUSTNESS_METHODS, assess_claims,
    robust_summary, robustness_grid,
)

__all__ = [
    "CHECKS", "CLAIM_COLUMNS", "ESTIMATE_KINDS", "MAJORITY_THRESHOLD", "NOT_SUPPORTING_OPTIONS", "REASON_CODES",
    "REASON_MEANINGS", "ROBUSTNESS_COLUMNS", "ROBUSTNESS_ICCS", "ROBUSTNESS_LEVELS", "ROBUSTNESS_METHODS",
    "TYPICAL_DISCUSSION_GROUP", "VERDICTS", "Outcome", "Reading", "Setting", "Unidentified", "assess_claim",
    "assess_claims", "expand_options", "inconsistent_audit_rows", "item_readings", "robust_summary",
    "robustness_grid", "split_ids",
]
