"""What every claim rule shares: verdicts, reason codes, the outcome of a rule and its setting.

A :class:`Setting` is one cell of the robustness grid: an interval method of
:data:`dialogstats.stats.intervals.METHODS`, a confidence level and an intraclass correlation for
answers written after group discussion. :func:`share_limits` gives the interval of one share under a
setting: the method's own interval when ICC is 0, else the interval at Kish's effective size
(:func:`dialogstats.stats.clustering.design_effect_intervals`, no degrees-of-freedom correction, as
that module explains; Blaker's interval becomes Clopper-Pearson at a non-integer size).
:func:`difference_limits` combines two such intervals into one for ``p1 - p2`` by the method of
variance estimates recovery (MOVER; Zou & Donner 2008, *Statistics in Medicine* 27:1693-1702):
``L = d - sqrt((p1 - l1)**2 + (u2 - p2)**2)``, ``U = d + sqrt((u1 - p1)**2 + (p2 - l2)**2)``. With
Wilson limits and ICC 0 this is Newcombe's (1998, *Statistics in Medicine* 17:873-890) hybrid score
interval, method 10; the tests check it against :func:`dialogstats.stats.comparisons.difference_interval`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dialogstats.checks import check_confidence
from dialogstats.stats.clustering import design_effect_intervals
from dialogstats.stats.intervals import check_counts, check_method, proportion_intervals

VERDICTS: tuple[str, ...] = (
    "supported",
    "not_supported_at_this_n",
    "cannot_be_checked",
    "rests_on_inconsistent_figures",
)
CHECKS: tuple[str, ...] = (
    "majority", "minority", "largest_option", "largest_question", "sum_of_options", "exceeds",
    "consistency", "ranking", "magnitude", "share_statement", "no_figures",
)
MAJORITY_THRESHOLD = 0.5
#: What a claim's ``estimate`` is, and the threshold the claim needs it to clear (a range has none).
ESTIMATE_KINDS: dict[str, float] = {
    "share": MAJORITY_THRESHOLD, "conditional_share": MAJORITY_THRESHOLD, "difference": 0.0, "share_range": np.nan,
}
#: The rule that decided a verdict (column ``reason_code`` of ``claims.csv``), each with its meaning.
REASON_MEANINGS: dict[str, str] = {
    "interval_clears_threshold": "the interval lies wholly on the claimed side of 50 %",
    "interval_includes_threshold": "the interval includes 50 %",
    "interval_contradicts": "the interval lies wholly on the other side of 50 %",
    "difference_established": "every comparison the claim makes clears its bar (Holm-adjusted)",
    "difference_not_established": "at least one comparison does not clear its bar",
    "difference_reversed": "a comparison is established in the opposite direction",
    "joint_table_decides": "paired shares: the verdict changes over the joint tables the margins allow",
    "ranking_established": "every comparison the claimed order needs is established (Holm-adjusted)",
    "ranking_not_established": "a tie, or a difference the order needs that is not established",
    "ranking_contradicted": "a comparison the order needs is established in the opposite direction",
    "consistency_established": "every listed share establishes the condition",
    "consistency_not_established": "no listed share contradicts the condition, but some do not establish it",
    "consistency_contradicted": "a listed share lies wholly on the other side of the condition",
    "sum_overstates_people": "overlapping options: the share of people lies in a range below the stated sum",
    "magnitude_confirmed": "the printed numbers are below the stated yardstick",
    "magnitude_not_confirmed": "the printed numbers are not below the stated yardstick",
    "evidence_statement": "a statement about the evidence with no yardstick to measure it against",
    "no_figures": "no figure is printed for the quantity the claim asserts",
    "no_direction": "the claim states no direction the figures could confirm",
    "ticks_not_people": "shares of ticks of a multi-select question identify no share of people",
    "no_denominator": "no denominator is printed or reproduces the percentages",
    "denominator_decides": "the verdict changes over the feasible denominators",
    "parts_do_not_add_up": "a stated total is not the sum of its printed parts",
    "figures_contradict": "the printed figures contradict themselves (a count above its n, …)",
    "audit_inconsistent": "the audit finds a figure of the claim's questions inconsistent",
    "describes_share": "the figures give the share the claim states; there is nothing to test",
}
REASON_CODES: tuple[str, ...] = tuple(REASON_MEANINGS)

#: Discussion-group size assumed where the report prints none (answers of a whole meeting written
#: after round-table talk); an assumption of this analysis, varied with the ICC in the robustness grid.
TYPICAL_DISCUSSION_GROUP = 5


@dataclass(frozen=True)
class Setting:
    """One way of computing intervals: method, confidence level and intraclass correlation."""

    method: str = "wilson"
    confidence: float = 0.95
    icc: float = 0.0

    def checked(self) -> "Setting":
        """The setting with its method and confidence validated (clear errors listing valid values)."""
        return Setting(check_method(self.method), float(check_confidence(self.confidence)), _check_icc(self.icc))

    def at(self, confidence: float) -> "Setting":
        """The same method and ICC at another confidence level (a Holm step)."""
        return Setting(self.method, confidence, self.icc)


def _check_icc(icc: float) -> float:
    from dialogstats.errors import ParameterError

    if isinstance(icc, bool) or not isinstance(icc, (int, float)) or not 0.0 <= float(icc) <= 1.0:
        raise ParameterError(f"icc must be a number in [0, 1], got {icc!r}")
    return float(icc)


@dataclass(frozen=True)
class Outcome:
    """A verdict, its reason in words and the decisive numbers.

    ``kind`` says what ``estimate`` is (:data:`ESTIMATE_KINDS`), ``code`` names the rule that
    decided (:data:`REASON_CODES`); ``range_low`` / ``range_high`` bound a ``share_range``.
    """

    verdict: str
    reason: str
    estimate: float = np.nan
    ci_low: float = np.nan
    ci_high: float = np.nan
    n: float = np.nan
    kind: str = ""
    code: str = ""
    range_low: float = np.nan
    range_high: float = np.nan

    def with_reason(self, reason: str, verdict: str | None = None, code: str | None = None) -> "Outcome":
        """The same numbers with another reason (and verdict or code)."""
        return Outcome(verdict or self.verdict, reason, self.estimate, self.ci_low, self.ci_high, self.n, self.kind,
                       code or self.code, self.range_low, self.range_high)


#: Intervals computed so far, per setting; and every (x, n, cluster) asked for under any setting.
_LIMITS: dict[Setting, dict[tuple[int, int, float], tuple[float, float]]] = {}
_ASKED: dict[tuple[int, int, float], None] = {}


def share_limits(x: int, n: int, cluster: float, setting: Setting) -> tuple[float, float]:
    """Interval of ``x / n`` under ``setting``; ``cluster`` is the discussion-group size of the answers.

    ICC 0 (or a group of one) gives the method's ordinary interval; otherwise the interval at the
    effective size ``n / (1 + (cluster - 1) ICC)`` with the share kept (module docstring). At
    ``x = 0`` and ``x = n`` the method's own conventions apply.
    """
    key = (x, n, cluster)
    known = _LIMITS.setdefault(setting, {})
    if key not in known:
        # The claims ask for the same few shares under every setting of the robustness grid, so a
        # new setting computes all of them in one vectorised call instead of one call per claim.
        known.update(_limits_of([key, *(k for k in _ASKED if k not in known and k != key)], setting))
        _ASKED.setdefault(key, None)
    return known[key]


def _limits_of(keys: list[tuple[int, int, float]], setting: Setting) -> dict[tuple[int, int, float], tuple[float, float]]:
    """The intervals of ``keys`` under ``setting``, computed with the vectorised interval functions."""
    check_counts(keys[0][0], keys[0][1])  # the new key first, so that a bad count is named on its own
    plain = [k for k in keys if setting.icc == 0.0 or k[2] <= 1.0]
    clustered = [k for k in keys if k not in set(plain)]
    limits: dict[tuple[int, int, float], tuple[float, float]] = {}
    if plain:
        x, n = (np.array([k[i] for k in plain]) for i in (0, 1))
        low, high = proportion_intervals(x, n, setting.method, setting.confidence)
        limits.update({k: (float(lo), float(hi)) for k, lo, hi in zip(plain, low, high)})
    if clustered:
        x, n, cluster = (np.array([k[i] for k in clustered]) for i in (0, 1, 2))
        low, high = design_effect_intervals(x, n, cluster.astype(float), setting.icc, setting.method, setting.confidence)
        limits.update({k: (float(lo), float(hi)) for k, lo, hi in zip(clustered, low, high)})
    return limits


def difference_limits(
    x1: int, n1: int, c1: float, x2: int, n2: int, c2: float, setting: Setting
) -> tuple[float, float, float]:
    """``(d, low, high)`` for ``d = x1/n1 - x2/n2`` of independent groups by MOVER (module docstring)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = share_limits(x1, n1, c1, setting)
    l2, u2 = share_limits(x2, n2, c2, setting)
    d = p1 - p2
    low = d - float(np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2))
    high = d + float(np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))
    return d, max(-1.0, low), min(1.0, high)


def pct(share: float) -> str:
    """A share as a whole percentage (``"62 %"``)."""
    return f"{100 * share:.0f} %"


def interval_text(low: float, high: float) -> str:
    """An interval of shares in percent (``"51–73 %"``)."""
    return f"{100 * low:.0f}–{100 * high:.0f} %"


def points_text(d: float, low: float, high: float) -> str:
    """A difference with its interval in percentage points."""
    return f"difference {100 * d:+.0f} points, interval {100 * low:+.0f} to {100 * high:+.0f} points"


def setting_text(setting: Setting) -> str:
    """The setting in words, for reasons (``"Wilson, 95 %"``, plus the ICC when it is not 0)."""
    text = f"{setting.method.replace('_', '-')} interval, {100 * setting.confidence:g} %"
    return text + (f", ICC {setting.icc:g}" if setting.icc else "")
