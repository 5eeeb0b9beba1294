"""Claims about one share or a set of shares: ``majority``, ``minority``, ``consistency``,
``sum_of_options`` and ``share_statement``.

* ``majority`` — **supported** when the lower confidence limit of ``x/n`` exceeds 0.5 for every
  listed question that has the option; **not_supported_at_this_n** otherwise (``interval_contradicts``
  when the decisive interval lies wholly below 0.5, else ``interval_includes_threshold``).
  ``minority`` is the mirror rule (upper limit below 0.5).
* ``consistency`` ("everywhere", "in all dialogues") — each listed question's share is held against
  ``condition`` (``majority`` or ``minority``). A question *establishes* the condition when its
  interval lies wholly on the claimed side of 0.5 and *contradicts* it when it lies wholly on the
  other side. One that contradicts decides **not_supported_at_this_n**
  (``consistency_contradicted``); if none contradicts but some do not establish it,
  **not_supported_at_this_n** (``consistency_not_established``); only if every one establishes it,
  **supported**. ``majority_in_most`` ("in most cases the majority") needs more than half of the
  questions to establish a majority and is contradicted when at most half could (those not
  contradicting). A question whose share the print does not identify establishes nothing. No
  multiplicity adjustment: the claim needs every question (an intersection-union test; Berger
  1982, *Technometrics* 24:295-300), and "contradicts" is reported per question.
* ``sum_of_options`` — the stated total (``figure_reported``) must be the sum of the printed parts
  within rounding (half a point per part and half a point for the total), else
  ``parts_do_not_add_up``; with an empty ``check_option`` the parts are every printed option but
  ``other`` and ``dont_know``. Options of a single-choice question exclude each other, so the sum
  is a share of people (**supported**, ``describes_share``, with its interval). Options of a
  multi-select question or codes of free text overlap: the share of **people** choosing any of
  them lies between the largest part and the sum capped at 100 % (in counts of the respondents
  where the ticks are counted or the tick total is printed; an option's ticks are people, since a
  respondent ticks an option at most once). Shares of an unprinted number of ticks are each at most
  the option's share of people (every respondent ticks at least once, so ticks >= people), so the
  range runs from the largest part to 100 %. A claim quoting the sum as a share of people is
  **supported** only when the range is the sum itself (within rounding); otherwise
  **not_supported_at_this_n** (``sum_overstates_people``, estimate kind ``share_range``), or
  **rests_on_inconsistent_figures** when the sum exceeds the range.
* ``share_statement`` — **cannot_be_checked** (``no_direction``): no direction to test; the share
  and its interval are reported when one question and option identify them.

Over feasible denominators, a question establishes (or contradicts) only where it does so at every
reading; a verdict of ``majority`` / ``minority`` that changes over them is **cannot_be_checked**
(``denominator_decides``).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from dialogstats.analysis.claims.core import MAJORITY_THRESHOLD, Outcome, Setting, interval_text, pct, share_limits
from dialogstats.analysis.claims.readings import (
    Reading, ReadingCache, Unidentified, expand_options, is_missing, overlapping, question_row,
)
from dialogstats.errors import ParameterError

#: Options left out of a stated total when ``check_option`` is empty (``sum_of_options``).
NOT_SUPPORTING_OPTIONS: tuple[str, ...] = ("other", "dont_know")


def share_state(r: Reading, side: str, setting: Setting) -> tuple[str, float, float]:
    """``established`` / ``contradicted`` / ``neither`` for a share against 0.5 on ``side`` (majority or minority)."""
    low, high = share_limits(r.x, r.n, r.cluster, setting)
    above, below = low > MAJORITY_THRESHOLD, high < MAJORITY_THRESHOLD
    if side == "majority":
        return ("established" if above else "contradicted" if below else "neither"), low, high
    return ("established" if below else "contradicted" if above else "neither"), low, high


def feasible_text(items: list[tuple[str, list[Reading]]]) -> str:
    """``"the denominator is not printed; …; "`` when a reading rests on a feasible range, else ``""``."""
    feasible = sorted({x.n for _, rs in items for x in rs if x.how == "feasible"})
    if not feasible:
        return ""
    if len(feasible) == 1:
        return f"the denominator is not printed; the only feasible denominator is n = {feasible[0]}; "
    return (f"the denominator is not printed; feasible denominators run from {feasible[0]} to {feasible[-1]} "
            f"({len(feasible)} in all); ")


def _figures(r: Reading, low: float, high: float) -> str:
    return f"{r.x} of {r.n} ({pct(r.x / r.n)}), interval {interval_text(low, high)}"


def _item_state(readings: list[Reading], side: str, setting: Setting) -> tuple[str, Reading, float, float]:
    """An item's state over its readings: the common state, or ``mixed``; with its least favourable reading."""
    states = [(share_state(r, side, setting), r) for r in readings]
    kinds = {s[0] for s, _ in states}
    margin = (lambda s: s[0][1] - 0.5) if side == "majority" else (lambda s: 0.5 - s[0][2])
    (state, low, high), r = min(states, key=margin)
    return (kinds.pop() if len(kinds) == 1 else "mixed"), r, low, high


def share_rule(items: list[tuple[str, list[Reading]]], side: str, setting: Setting) -> Outcome:
    """``majority`` / ``minority`` over every listed question (module docstring)."""
    states = [(name, *_item_state(rs, side, setting)) for name, rs in items]
    margin = (lambda s: s[3] - 0.5) if side == "majority" else (lambda s: 0.5 - s[4])
    name, state, r, low, high = min(states, key=margin)
    prefix = f"{name}: " if len(items) > 1 else ""
    prefix = feasible_text(items) + prefix
    figures = prefix + _figures(r, low, high)
    ranged = any(len(rs) > 1 for _, rs in items)
    at = " at every feasible denominator" if ranged else ""
    if all(s[1] == "established" for s in states):
        side_text = "lower limit above 50 %" if side == "majority" else "upper limit below 50 %"
        return Outcome("supported", f"{figures}: {side_text}{at}", r.x / r.n, low, high, r.n, "share",
                       "interval_clears_threshold")
    if any(s[1] == "mixed" for s in states) and not any(s[1] in ("neither", "contradicted") for s in states):
        return Outcome("cannot_be_checked", f"{figures}: the verdict depends on the denominator", r.x / r.n, low, high,
                       r.n, "share", "denominator_decides")
    if state == "contradicted":
        return Outcome("not_supported_at_this_n", f"{figures}: the interval lies wholly on the other side of 50 %{at}; "
                       "the figures contradict the claim", r.x / r.n, low, high, r.n, "share", "interval_contradicts")
    return Outcome("not_supported_at_this_n", f"{figures}: the interval includes 50 %, so a {side} is not established "
                   f"at n = {r.n}", r.x / r.n, low, high, r.n, "share", "interval_includes_threshold")


def consistency_rule(items: list[tuple[str, list[Reading] | Unidentified]], condition: str, setting: Setting) -> Outcome:
    """``consistency``: every listed share against ``condition`` (module docstring)."""
    side = "majority" if condition == "majority_in_most" else condition
    rows = []
    for name, readings in items:
        if isinstance(readings, Unidentified):
            rows.append((name, "unidentified", None, np.nan, np.nan, readings.reason))
            continue
        state, r, low, high = _item_state(readings, side, setting)
        rows.append((name, state, r, low, high, _figures(r, low, high)))
    summary = "; ".join(f"{name}: {text} ({state})" for name, state, _, _, _, text in rows)
    est = [row for row in rows if row[1] == "established"]
    contra = [row for row in rows if row[1] == "contradicted"]
    k = len(rows)
    if condition == "majority_in_most":
        head = f"a majority is established in {len(est)} of {k} questions and contradicted in {len(contra)}"
        if len(est) > k / 2:
            return _pick("supported", f"{head}: more than half; {summary}", est, "consistency_established")
        if k - len(contra) <= k / 2:
            return _pick("not_supported_at_this_n", f"{head}: at most half could be majorities; {summary}", contra,
                         "consistency_contradicted")
        return _pick("not_supported_at_this_n", f"{head}: not more than half at these n; {summary}",
                     [r for r in rows if r[1] != "established"], "consistency_not_established")
    if contra:
        return _pick("not_supported_at_this_n", f"{contra[0][0]} contradicts the {side} ({len(contra)} of {k} do); "
                     f"{summary}", contra, "consistency_contradicted")
    if len(est) == k:
        return _pick("supported", f"all {k} establish the {side}; {summary}", est, "consistency_established")
    return _pick("not_supported_at_this_n", f"none contradicts the {side}, but {k - len(est)} of {k} do not establish "
                 f"it at these n; {summary}", [r for r in rows if r[1] != "established"], "consistency_not_established")


def _pick(verdict: str, reason: str, rows: list, code: str) -> Outcome:
    """The outcome with the numbers of the first row that has a reading (the decisive one)."""
    for _, _, r, low, high, _ in rows:
        if r is not None:
            return Outcome(verdict, reason, r.x / r.n, low, high, r.n, "share", code)
    return Outcome(verdict, reason, code=code)


def describe_share(r: Reading, setting: Setting, prefix: str = "") -> Outcome:
    """The share ``x/n`` with its interval, as a description (``describes_share``)."""
    low, high = share_limits(r.x, r.n, r.cluster, setting)
    return Outcome("supported", f"{prefix}{_figures(r, low, high)}", r.x / r.n, low, high, r.n, "share",
                   "describes_share")


def claimed_percent(figure: str) -> float | None:
    """The first percentage in a stated figure (``"in total 86 % (49 % + 37 %)"`` gives 86)."""
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*%", str(figure))
    return float(match.group(1).replace(",", ".")) if match else None


def sum_rule(raw: Any, cache: ReadingCache, claim: pd.Series, qid: str, options: list[str], setting: Setting) -> Outcome:
    """``sum_of_options`` (module docstring)."""
    claimed = claimed_percent(claim["figure_reported"])
    if claimed is None:
        raise ParameterError(f"claim {claim['claim_id']!r}: sum_of_options needs a percentage in figure_reported")
    responses = raw.responses[raw.responses["question_id"] == qid]
    if not options:
        analysed = responses.loc[responses["combines"].fillna("") == "", "option"]
        options = [o for o in analysed if o not in NOT_SUPPORTING_OPTIONS]
    options = expand_options(responses, qid, options)
    rows = responses[responses["option"].isin(options)]
    parts = [float(p) for p in rows["percent_reported"] if not is_missing(p)]
    arithmetic = f"stated total {claimed:g} %, printed parts {' + '.join(f'{p:g}' for p in parts)} %"
    tolerance = 0.5 * (len(parts) + 1)
    if len(parts) == len(options) and abs(sum(parts) - claimed) > tolerance:
        return Outcome("rests_on_inconsistent_figures", f"{arithmetic}: the parts do not add up to the total",
                       code="parts_do_not_add_up")
    question = question_row(raw, qid)
    if not overlapping(question):
        readings = cache(qid, options)
        if isinstance(readings, Unidentified):
            verdict = "rests_on_inconsistent_figures" if readings.inconsistent else "cannot_be_checked"
            return Outcome(verdict, f"{arithmetic} (the arithmetic holds), but {readings.reason}", code=readings.code)
        if len(readings) > 1:
            return Outcome("cannot_be_checked", f"{arithmetic}; the denominator is not printed", code="no_denominator")
        return describe_share(readings[0], setting, prefix=f"{arithmetic}; ")
    return _people_range(cache, qid, options, parts, claimed, tolerance, arithmetic)


def _people_range(cache, qid, options, parts, claimed, tolerance, arithmetic) -> Outcome:
    singles = [cache(qid, [o]) for o in options]
    if all(isinstance(s, list) and len(s) == 1 for s in singles):
        counts = [s[0].x for s in singles]
        n = singles[0][0].n
        low, high = max(counts) / n, min(sum(counts), n) / n
        basis = f"the options overlap: of {n} respondents, between {max(counts)} and {min(sum(counts), n)} chose any"
    elif len(parts) == len(options):
        low, high = max(parts) / 100, 1.0
        basis = ("the options overlap and the shares are of an unprinted number of ticks (each at most the option's "
                 "share of people)")
    else:
        reason = next(s.reason for s in singles if isinstance(s, Unidentified))
        return Outcome("cannot_be_checked", f"{arithmetic}; {reason}", code="ticks_not_people")
    range_text = f"{basis}: the share of people lies between {pct(low)} and {pct(high)}"
    if 100 * low >= claimed - tolerance and 100 * high <= claimed + tolerance:
        return Outcome("supported", f"{arithmetic}; {range_text}, the stated sum", low, np.nan, np.nan, np.nan,
                       "share_range", "describes_share", low, high)
    if claimed - tolerance > 100 * high:
        return Outcome("rests_on_inconsistent_figures", f"{arithmetic}; {range_text}, below the stated sum",
                       code="figures_contradict", range_low=low, range_high=high)
    return Outcome("not_supported_at_this_n", f"{arithmetic}; {range_text}, so the sum is a share of people only "
                   "if nobody chose two of them", np.nan, np.nan, np.nan, np.nan, "share_range",
                   "sum_overstates_people", low, high)
