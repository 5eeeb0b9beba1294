"""Statements about the evidence itself (``magnitude``): what "low" and "small" are measured against.

* ``condition = response_rate`` ("the response rate was relatively low"): the dialogue's printed
  respondents out of its printed attendees, ``r``. The yardstick is the average response rate of
  surveys of individuals in organisational research, 52.7 % (SD 20.4; Baruch & Holtom 2008, *Human
  Relations* 61:1139-1160): **supported** (``magnitude_confirmed``) when ``r`` is below it, else
  **not_supported_at_this_n** (``magnitude_not_confirmed``). The reason also states what the rate
  leaves open: the Manski (1989, *Journal of Human Resources* 24:343-360) bounds of a share among all
  present are ``1 - r`` wide, and only a share above ``0.5 / r`` among respondents shows a majority
  of all present whatever the others think.
* ``condition = small_groups:all`` / ``small_groups:any`` ("a small basis", "very few in some
  groups"): for each question of the claim's dialogue (every dialogue when ``dialogue_id`` is empty)
  whose denominator counts people (not a total of ticks), the width of the interval of a 50 % share at the question's denominator, under the setting's
  method, level and design effect. The yardstick is a width of 20 points, a margin of error of
  ±10 points: the precision a survey of a proportion conventionally aims at, which needs about 96
  independent answers at 95 % (``n = z**2 p (1 - p) / e**2``; Cochran 1977, *Sampling Techniques*,
  3rd ed., Wiley, sec. 4.4). **supported** when every (``all``) or at least one (``any``) question's
  interval is wider, else **not_supported_at_this_n**.
* no ``condition``: a statement about the evidence without a yardstick (two networks gave no
  answers, the networks were a selection): **cannot_be_checked** (``evidence_statement``), with the
  printed numbers of ``reference`` in the reason.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dialogstats.analysis.claims.core import Outcome, Setting, pct, setting_text, share_limits
from dialogstats.analysis.claims.readings import ReadingCache, discussion_group
from dialogstats.analysis.shares import question_basis
from dialogstats.errors import ParameterError

#: Average response rate of surveys of individuals (Baruch & Holtom 2008, Human Relations 61:1139-1160).
RESPONSE_RATE_YARDSTICK = 0.527
#: Widest interval of a 50 % share that counts as precise: a margin of error of ±10 points (Cochran 1977).
WIDTH_YARDSTICK = 0.20


def magnitude_rule(raw: Any, claim: pd.Series, setting: Setting, cache: ReadingCache | None = None) -> Outcome:
    """The verdict of a ``magnitude`` claim (module docstring)."""
    condition = claim["condition"]
    if not condition:
        return Outcome("cannot_be_checked", "a statement about the evidence with no yardstick to measure it against; "
                       f"the printed numbers: {claim['reference']}", code="evidence_statement")
    if condition == "response_rate":
        return _response_rate(raw, claim)
    if condition.startswith("small_groups:"):
        cache = cache or ReadingCache(raw)
        sizes = cache.memo(("sizes", claim["dialogue_id"]), lambda: group_sizes(raw, claim["dialogue_id"]))
        return _small_groups(sizes, condition.split(":")[1], setting)
    raise ParameterError(f"claim {claim['claim_id']!r}: condition {condition!r} is not a magnitude condition; "
                         "valid: response_rate, small_groups:all, small_groups:any")


def _response_rate(raw: Any, claim: pd.Series) -> Outcome:
    d = raw.dialogues[raw.dialogues["dialogue_id"] == claim["dialogue_id"]]
    if d.empty or pd.isna(d.iloc[0]["attendees"]) or pd.isna(d.iloc[0]["respondents"]):
        return Outcome("cannot_be_checked", "the dialogue's attendees and respondents are not both printed",
                       code="evidence_statement")
    present, answered = int(d.iloc[0]["attendees"]), int(d.iloc[0]["respondents"])
    rate = answered / present
    needed = 0.5 / rate
    open_text = (f"the bounds of a share among all {present} present are {100 * (1 - rate):.0f} points wide, and only "
                 + (f"a share above {pct(needed)} among respondents shows a majority of all present" if needed < 1
                    else "no share among respondents can show a majority of all present"))
    head = (f"{answered} of {present} present answered ({pct(rate)}), against the average response rate of surveys "
            f"of individuals, {100 * RESPONSE_RATE_YARDSTICK:.1f} % (Baruch & Holtom 2008)")
    if rate < RESPONSE_RATE_YARDSTICK:
        return Outcome("supported", f"{head}: below it; {open_text}", rate, n=present, code="magnitude_confirmed")
    return Outcome("not_supported_at_this_n", f"{head}: not below it, so 'low' is not established against that "
                   f"yardstick; still, {open_text}", rate, n=present, code="magnitude_not_confirmed")


def group_sizes(raw: Any, dialogue_id: str) -> list[tuple[int, int]]:
    """``(n, discussion group)`` of every question of a dialogue (every dialogue when empty) with a known ``n``."""
    questions = raw.questions
    if dialogue_id:
        questions = questions[questions["dialogue_id"] == dialogue_id]
    sizes = []
    for q in questions.itertuples():
        basis = question_basis(raw, q.question_id)
        n = basis.n
        if n and basis.basis != "answers":  # a total of ticks is not a number of people
            sizes.append((n, min(discussion_group(raw, q.dialogue_id, q.group_id), n)))
    return sizes


def _small_groups(sizes: list[tuple[int, int]], quantifier: str, setting: Setting) -> Outcome:
    widths = []
    for n, cluster in sizes:
        low, high = share_limits(n // 2, n, cluster, setting)  # a 50 % share (49 % at odd n)
        widths.append((high - low, n))
    if not widths:
        return Outcome("cannot_be_checked", "no question of the claim's dialogue has a known denominator",
                       code="evidence_statement")
    wide = [w for w in widths if w[0] > WIDTH_YARDSTICK]
    narrowest = min(widths)
    widest = max(widths)
    head = (f"{len(wide)} of {len(widths)} questions (n from {min(n for _, n in widths)} to "
            f"{max(n for _, n in widths)}) give a 50 % share an interval wider than {100 * WIDTH_YARDSTICK:.0f} points "
            f"(a margin of error of ±10 points; Cochran 1977), {setting_text(setting)}: from "
            f"{100 * narrowest[0]:.0f} points at n = {narrowest[1]} to {100 * widest[0]:.0f} points at n = {widest[1]}")
    holds = len(wide) == len(widths) if quantifier == "all" else bool(wide)
    verdict, code = ("supported", "magnitude_confirmed") if holds else ("not_supported_at_this_n", "magnitude_not_confirmed")
    return Outcome(verdict, head, narrowest[0], n=narrowest[1], code=code)
