"""Comparisons a claim makes: ``exceeds``, ``largest_option``, ``largest_question`` and ``ranking``.

Every comparison check becomes a list of pairs "item A beats item B" (items: options of one
question, or one option in several questions):

* ``exceeds`` — the first item beats each of the others;
* ``largest_option`` / ``largest_question`` — the same, against every other printed option of the
  question / every other listed question;
* ``ranking`` with ``condition`` ``top:k`` — each of the first k items beats each of the rest;
  ``bottom:k`` — each of the rest beats each of the first k; ``position:k`` — items 2..k beat the
  first, which beats items k+1 onwards. A tie, or a difference that is not established, is no
  ranking.

"A beats B" is decided by the test that fits how the two shares were collected:

* **two options of one single-choice question** — the share choosing A among those choosing either,
  ``x1 / (x1 + x2)``, must have its lower limit above 0.5 (conditioning two multinomial cells on
  their sum gives a binomial; Agresti 2013, *Categorical Data Analysis*, sec. 1.5);
* **paired shares** (two options of one multi-select question or coded free text, or one option of
  two questions of the same form answered by the same ``n`` people) — the report prints no
  cross-tabulation, so the number answering yes to both can be anything from
  ``max(0, x1 + x2 - n)`` to ``min(x1, x2)``. At every such joint table the exact McNemar test
  (two-sided binomial test of the discordant pairs ``b = x1 - a`` and ``c = x2 - a``; McNemar 1947,
  *Psychometrika* 12:153-157) is computed, and the comparison is established only if it is
  established at every feasible table (its largest p-value), not established if at none; in
  between, the joint table decides. The test does not depend on the interval method; with an ICC
  the discordant counts are divided by the design effect (a real-valued binomial tail through the
  regularised incomplete beta function);
* **independent groups** — the lower limit of the MOVER interval for ``p1 - p2``
  (:func:`dialogstats.analysis.claims.core.difference_limits`: Newcombe's hybrid score interval with
  Wilson limits) must exceed 0.

When a statement makes several comparisons, they are adjusted by Holm's (1979, *Scandinavian Journal
of Statistics* 6:65-70) step-down procedure: with m comparisons not yet established, each is tested
at level ``alpha / m``; those established are set aside and the rest tested again at
``alpha / (m - 1)``, and so on. This is Holm's procedure for tests whose verdict is monotone in the
level (a comparison established at level a is established at every larger level). The claim is
supported only if every comparison is established; since it needs all of them, Holm is conservative
for the claim as a whole (an intersection-union test needs no adjustment; Berger 1982,
*Technometrics* 24:295-300), and it is used because each comparison is also reported on its own.

Over the feasible denominators of an item, and over the joint tables of paired shares, a comparison
counts as established only where it is established everywhere; the claim is **supported** when Holm
establishes every comparison so, **not_supported_at_this_n** when even the most favourable readings
leave one not established (``difference_reversed`` / ``ranking_contradicted`` when one is established
in the opposite direction at every reading, unadjusted), and **cannot_be_checked** when the verdict
depends on the reading (``denominator_decides`` or ``joint_table_decides``). The reported numbers are
those of the decisive comparison at the level it was last tested at, at its smallest denominators:
a difference of shares (no interval for paired shares, whose p-value range is in the reason) or a
conditional share.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import betainc

from dialogstats.analysis.claims.core import Outcome, Setting, difference_limits, interval_text, pct, points_text, share_limits
from dialogstats.analysis.claims.readings import Reading

STATES = ("established", "reversed", "neither")


@dataclass(frozen=True)
class Item:
    """One thing compared: its name in reasons, its readings and whether it shares a question's options."""

    name: str
    readings: tuple[Reading, ...]
    exclusive_options: bool = False  # an option of a single-choice question


@dataclass(frozen=True)
class Pair:
    """The claim that ``better`` beats ``worse``."""

    better: Item
    worse: Item


@dataclass(frozen=True)
class Test:
    """One comparison at one reading and level: its state, numbers and, for paired shares, p-values."""

    state: str
    estimate: float
    ci_low: float
    ci_high: float
    n: int
    kind: str
    text: str
    p_min: float = np.nan
    p_max: float = np.nan
    possible: bool = False  # established at some joint table of paired answers

    @property
    def paired(self) -> bool:
        """Whether the comparison is of paired shares (it then has a range of p-values)."""
        return not np.isnan(self.p_max)


@lru_cache(maxsize=100_000)
def mcnemar_p(b: float, c: float) -> float:
    """Two-sided exact McNemar p-value for discordant counts ``b`` and ``c`` (real counts allowed).

    ``min(1, 2 P(Bin(b + c, 1/2) <= min(b, c)))``, the tail written as the regularised incomplete
    beta function ``I_{1/2}(N - k, k + 1)`` so that effective (non-integer) counts work; 1 when
    ``b == c`` (no discordance, or as much either way).
    """
    total, k = b + c, min(b, c)
    if total <= 0 or abs(b - c) < 1e-12:
        return 1.0
    return float(min(1.0, 2.0 * betainc(total - k, k + 1.0, 0.5)))


@lru_cache(maxsize=100_000)
def paired_range(x1: int, x2: int, n: int, deff: float = 1.0) -> tuple[float, float, int, int]:
    """Smallest and largest McNemar p over every joint table the margins ``x1`` and ``x2`` of ``n`` allow.

    Returns ``(p_min, p_max, a_low, a_high)`` with ``a`` (yes to both) running from
    ``max(0, x1 + x2 - n)`` to ``min(x1, x2)``; the discordant counts are divided by ``deff``.
    """
    a_low, a_high = max(0, x1 + x2 - n), min(x1, x2)
    ps = [mcnemar_p((x1 - a) / deff, (x2 - a) / deff) for a in range(a_low, a_high + 1)]
    return min(ps), max(ps), a_low, a_high


def _deff(cluster: float, icc: float) -> float:
    return 1.0 + (max(cluster, 1.0) - 1.0) * icc


def _paired(a: Reading, b: Reading, same_question: bool) -> bool:
    if same_question:
        return a.n == b.n
    return a.form == b.form and a.n == b.n and a.question_id != b.question_id


def test_pair(a: Reading, b: Reading, pair: Pair, setting: Setting) -> Test:
    """Whether reading ``a`` beats reading ``b`` under ``setting`` (module docstring)."""
    alpha = 1.0 - setting.confidence
    same_question = a.question_id == b.question_id
    if same_question and pair.better.exclusive_options:
        total = a.x + b.x
        if total == 0:
            return Test("neither", np.nan, np.nan, np.nan, a.n, "conditional_share", "neither option was chosen")
        low, high = share_limits(a.x, total, min(a.cluster, total), setting)
        state = "established" if low > 0.5 else "reversed" if high < 0.5 else "neither"
        text = (f"{pair.better.name} {a.x} against {pair.worse.name} {b.x} of {a.n}: among those choosing either, "
                f"{pct(a.x / total)} chose the first (interval {interval_text(low, high)})")
        return Test(state, a.x / total, low, high, a.n, "conditional_share", text)
    if _paired(a, b, same_question):
        p_min, p_max, a_low, a_high = paired_range(a.x, b.x, a.n, _deff(a.cluster, setting.icc))
        direction = "established" if a.x > b.x else "reversed" if a.x < b.x else "neither"
        worst = direction if p_max <= alpha else "neither"
        possible = direction == "established" and p_min <= alpha
        text = (f"{pair.better.name} {a.x} against {pair.worse.name} {b.x} of the same {a.n}: paired, "
                f"{a_low} to {a_high} answering yes to both; exact McNemar " + _p_text(p_min, p_max))
        return Test(worst, (a.x - b.x) / a.n, np.nan, np.nan, a.n, "difference", text, p_min, p_max, possible)
    d, low, high = difference_limits(a.x, a.n, a.cluster, b.x, b.n, b.cluster, setting)
    state = "established" if low > 0 else "reversed" if high < 0 else "neither"
    text = f"{pair.better.name} {a.x} of {a.n} against {pair.worse.name} {b.x} of {b.n}: {points_text(d, low, high)}"
    return Test(state, d, low, high, a.n, "difference", text)


def _p_text(p_min: float, p_max: float) -> str:
    same = abs(p_min - p_max) <= 1e-8 + 1e-5 * abs(p_max)  # numpy.isclose's test, without its per-call cost
    return f"p = {p_min:.3g}" if same else f"p from {p_min:.3g} to {p_max:.3g}"


def _over_readings(pair: Pair, setting: Setting) -> tuple[Test, bool, bool]:
    """The pair at its least favourable reading, whether it is established at some reading, and whether
    it is reversed at every reading."""
    tests = [test_pair(a, b, pair, setting) for a, b in itertools.product(pair.better.readings, pair.worse.readings)]
    states = {t.state for t in tests}
    anywhere = "established" in states or any(t.possible for t in tests)
    order = {"neither": 0, "reversed": 0, "established": 1}
    worst = min(tests, key=lambda t: (order[t.state], t.ci_low if not t.paired else -t.p_max))
    return worst, anywhere, states == {"reversed"}


def holm(pairs: list[Pair], setting: Setting) -> dict:
    """Holm's step-down over ``pairs`` (module docstring): what is established, at the worst and best readings."""
    alpha = 1.0 - setting.confidence
    memo: dict[tuple[int, Setting], tuple[Test, bool, bool]] = {}

    def over(i: int, level: Setting) -> tuple[Test, bool, bool]:
        # The worst and best step-downs start at the same level and test the same pairs.
        if (i, level) not in memo:
            memo[i, level] = _over_readings(pairs[i], level)
        return memo[i, level]

    remaining = list(range(len(pairs)))
    last: dict[int, Test] = {}
    established_order: list[int] = []
    steps: list[int] = []
    best_remaining = list(range(len(pairs)))
    while remaining:
        level = setting.at(1.0 - alpha / len(remaining))
        results = {i: over(i, level) for i in remaining}
        last.update({i: r[0] for i, r in results.items()})
        done = [i for i in remaining if results[i][0].state == "established"]
        if not done:
            break
        established_order += done
        steps.append(len(done))
        remaining = [i for i in remaining if i not in done]
    while best_remaining:
        level = setting.at(1.0 - alpha / len(best_remaining))
        done = [i for i in best_remaining if over(i, level)[1]]
        if not done:
            break
        best_remaining = [i for i in best_remaining if i not in done]
    reversed_ = [i for i in range(len(pairs)) if over(i, setting)[2]]
    paired_varies = any(last[i].paired for i in remaining)
    return {"failing": remaining, "best_failing": best_remaining, "last": last, "reversed": reversed_,
            "established": established_order, "steps": steps, "paired_varies": paired_varies}


def comparison_outcome(pairs: list[Pair], setting: Setting, ranking: bool) -> Outcome:
    """The verdict of a claim that needs every pair in ``pairs`` (module docstring)."""
    result = holm(pairs, setting)
    k = len(pairs)
    holm_text = f" (Holm over {k} comparisons)" if k > 1 else ""
    last = result["last"]
    ok_code, fail_code, back_code = (("ranking_established", "ranking_not_established", "ranking_contradicted")
                                     if ranking else ("difference_established", "difference_not_established",
                                                      "difference_reversed"))
    if not result["failing"]:
        decisive = min((last[i] for i in result["established"]), key=_margin)
        return _outcome("supported", f"{decisive.text}; every comparison is established{holm_text}", decisive, ok_code)
    decisive = last[result["failing"][0]]
    if result["best_failing"]:
        if result["reversed"]:
            back = test_pair(pairs[result["reversed"][0]].better.readings[0], pairs[result["reversed"][0]].worse.readings[0],
                             pairs[result["reversed"][0]], setting)
            return _outcome("not_supported_at_this_n",
                            f"{back.text}; established in the opposite direction", back, back_code)
        tie = any(t.estimate == 0 for t in (last[i] for i in result["failing"]) if not np.isnan(t.estimate))
        what = "a tie: no order" if tie else "the difference is not established at these n"
        count = f" ({len(result['failing'])} of {k} comparisons not established{holm_text[:-1].replace(' (', ', ')})" if k > 1 else ""
        return _outcome("not_supported_at_this_n", f"{decisive.text}; {what}{count}", decisive, fail_code)
    code = "joint_table_decides" if result["paired_varies"] else "denominator_decides"
    why = ("the joint table of the paired answers, which the report does not print" if code == "joint_table_decides"
           else "the denominator, which the report does not print")
    return _outcome("cannot_be_checked", f"{decisive.text}; whether it is established depends on {why}{holm_text}",
                    decisive, code)


def _margin(t: Test) -> float:
    """How clearly a comparison is established (the smallest is decisive): its lower limit above its bar, or -p."""
    if t.paired:
        return -t.p_max
    return t.ci_low - (0.5 if t.kind == "conditional_share" else 0.0)


def _outcome(verdict: str, reason: str, t: Test, code: str) -> Outcome:
    return Outcome(verdict, reason, t.estimate, t.ci_low, t.ci_high, t.n, t.kind, code)


def pairs_for(items: list[Item], condition: str) -> list[Pair]:
    """The pairs a claimed order needs: ``first`` (beats each other), ``top:k``, ``bottom:k`` or ``position:k``."""
    from dialogstats.errors import ParameterError

    kind, _, k_text = condition.partition(":")
    k = int(k_text) if k_text else 1
    if kind not in ("first", "top", "bottom", "position") or not 1 <= k < len(items) + (kind == "position"):
        raise ParameterError(f"condition {condition!r} does not fit {len(items)} items; valid: top:k, bottom:k, position:k")
    if kind in ("first", "top"):
        return [Pair(a, b) for a in items[:k] for b in items[k:]]
    if kind == "bottom":
        return [Pair(b, a) for a in items[:k] for b in items[k:]]
    first = items[0]
    return [Pair(b, first) for b in items[1:k]] + [Pair(first, b) for b in items[k:]]
