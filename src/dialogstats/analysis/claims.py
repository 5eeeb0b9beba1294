"""The review report's quantitative claims, read against small-sample intervals.

Each claim of ``data/raw/claims.csv`` names the questions it rests on, a machine-checkable
form (``check``) and, where the form needs it, the option it is about (``check_option``). An
option that is a printed total (a ``combines`` row) stands for the options it adds up.
:func:`assess_claims` gives every claim one verdict of :data:`VERDICTS`, the numbers behind
it and a reason in plain words. A claim may name context questions without its option (a
follow-up, say): they take part in rule 1 only.

Verdict rules, applied in this order:

1. **rests_on_inconsistent_figures** — the audit (:func:`dialogstats.analysis.audit.build_audit`)
   marks a check of one of the claim's questions ``inconsistent``, or the printed figures
   contradict themselves in the claim's own arithmetic (a count above its denominator, a
   stated total that the printed parts cannot produce).
2. ``check = none`` — **cannot_be_checked**: the claim states no direction (majority,
   minority, ranking) that the figures could confirm; the interval of the share it quotes is
   still reported when it names one question and option.
3. Otherwise the figures are turned into counts ``x`` of ``n`` (see *Denominators*) and:

   * ``majority`` — **supported** when the lower confidence limit of ``x/n`` exceeds 0.5
     for every question named; otherwise **not_supported_at_this_n** (the reason says
     whether the interval straddles 0.5 or lies wholly below it).
   * ``minority`` — the mirror rule: the upper limit is below 0.5.
   * ``largest_option`` — the option beats every other printed option of its question.
   * ``exceeds`` / ``largest_question`` — the first item beats each of the others; items
     are the named option in each of several questions, or several options of one question.
   * ``sum_of_options`` — the stated total (``figure_reported``) must be the sum of the
     printed parts within rounding (half a point per part and half a point for the total),
     else rule 1 applies (with an empty ``check_option`` the parts are every printed option
     but ``other`` and ``dont_know``); the summed share is then **supported** as a description of the
     respondents, except for the options of a multi-select question or the codes of free
     text, which overlap and identify no share of people (**cannot_be_checked**).

   "Beats" means: for two options of one single-choice question, the lower limit of
   ``x1 / (x1 + x2)`` exceeds 0.5 (conditioning on the respondents who chose either
   turns two multinomial cells into one binomial; Agresti 2013, *Categorical Data
   Analysis*, sec. 1.5); in every other case, the lower limit of the Newcombe (1998,
   *Statistics in Medicine* 17:873-890) hybrid score interval for ``p1 - p2`` exceeds 0,
   which treats the groups as independent — the report prints no paired figures, so
   comparisons of questions put to the same people are approximate.

Denominators follow the one rule of :mod:`dialogstats.analysis.shares`. A printed count and
its printed denominator are used as they are; without a printed ``n``, the printed counts of
a single-choice question add up to those who answered. The codes of coded free text overlap
(one answer may touch several themes): a code's count is read out of the printed number of
answers (else the printed respondents), never out of the sum of the codes. A count that is
missing is recovered from its printed percentage (:mod:`dialogstats.stats.rounding`) at the
denominator of :func:`dialogstats.analysis.shares.question_basis`: the printed ``n``, else the
printed respondents (the group's printed size, the dialogue's respondents, or the printed
number who answered another question of the same form) when they reproduce every printed
percentage of the question. Shares of the ticks of a multi-select question are turned into
counts with the printed total of ticks and related to the respondents (the first printed
number of :func:`dialogstats.analysis.shares.respondent_candidates`; each respondent ticks an
option at most once); without a count of respondents they identify nothing. When no printed
number reproduces the percentages, the feasible range of the shares (every denominator up to
the plausible number of respondents of :func:`dialogstats.analysis.shares.population_bound`)
is used and the rule is evaluated at its smallest and largest denominators: a verdict that
holds at both ends is kept, one that changes becomes **cannot_be_checked**; no feasible
denominator also gives **cannot_be_checked**.

The reported ``estimate``, ``ci_low``, ``ci_high`` and ``n`` are those of the decisive
comparison (the weakest of those the rule needs), at the smallest denominator considered;
for comparisons, ``estimate`` is the difference of shares (or the conditional share, as
stated in ``reason``). At ``x = 0`` or ``x = n`` the interval method's own conventions
apply (see :mod:`dialogstats.stats.intervals`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dialogstats.stats import rounding
from dialogstats.stats.comparisons import difference_interval
from dialogstats.checks import check_confidence
from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.analysis.shares import CODED_FREE_TEXT, population_bound, question_basis, respondent_candidates

VERDICTS: tuple[str, ...] = (
    "supported",
    "not_supported_at_this_n",
    "cannot_be_checked",
    "rests_on_inconsistent_figures",
)
CHECKS: tuple[str, ...] = (
    "majority",
    "minority",
    "largest_option",
    "largest_question",
    "sum_of_options",
    "exceeds",
    "none",
)
CLAIM_COLUMNS: tuple[str, ...] = (
    "claim_id",
    "area",
    "dialogue_id",
    "question_ids",
    "claim_en",
    "figure_reported",
    "locator",
    "check",
    "verdict",
    "reason",
    "estimate",
    "ci_low",
    "ci_high",
    "n",
    "estimate_kind",
    "threshold",
    "reason_code",
    "audit_checks",
    "method",
    "confidence",
)

MAJORITY_THRESHOLD = 0.5
#: What a claim's ``estimate`` is, and the threshold the claim needs it to clear.
ESTIMATE_KINDS: dict[str, float] = {"share": MAJORITY_THRESHOLD, "conditional_share": MAJORITY_THRESHOLD, "difference": 0.0}
#: The rule that decided a verdict (column ``reason_code`` of ``claims.csv``).
REASON_CODES: tuple[str, ...] = (
    "interval_clears_threshold",    # the interval lies wholly on the claimed side of 50 %
    "interval_includes_threshold",  # the interval includes 50 %
    "interval_contradicts",         # the interval lies wholly on the other side of 50 %
    "difference_established",       # every comparison the claim makes clears its bar
    "difference_not_established",   # at least one comparison does not
    "no_direction",                 # the claim states no direction the figures could confirm
    "ticks_not_people",             # shares of ticks of a multi-select question identify no share of people
    "no_denominator",               # no denominator is printed or reproduces the percentages
    "denominator_decides",          # the verdict changes over the feasible denominators
    "parts_do_not_add_up",          # a stated total is not the sum of its printed parts
    "figures_contradict",           # the printed figures contradict themselves (a count above its n, …)
    "audit_inconsistent",           # the audit finds a figure of the claim's questions inconsistent
    "describes_share",              # the figures give the share the claim states; there is nothing to test
)
#: Options left out of a stated total when ``check_option`` is empty (``sum_of_options``).
NOT_SUPPORTING_OPTIONS: tuple[str, ...] = ("other", "dont_know")


@dataclass(frozen=True)
class Reading:
    """Counts ``x`` of ``n`` behind one item of a claim, and how they were obtained."""

    x: int
    n: int
    how: str  # "printed", "recovered" or "feasible"


@dataclass(frozen=True)
class Unidentified:
    """Why an item's share of respondents cannot be read from the printed figures."""

    reason: str
    inconsistent: bool = False
    code: str = "no_denominator"


@dataclass(frozen=True)
class Outcome:
    """A verdict, its reason in words and the decisive numbers.

    ``kind`` says what ``estimate`` is (:data:`ESTIMATE_KINDS`: a share of people, a share
    among those choosing either of two options, a difference of shares, or nothing) and
    ``code`` names the rule that decided (:data:`REASON_CODES`), so that documents can word
    the reason in any language.
    """

    verdict: str
    reason: str
    estimate: float = np.nan
    ci_low: float = np.nan
    ci_high: float = np.nan
    n: float = np.nan
    kind: str = ""
    code: str = ""


def split_ids(value: str) -> list[str]:
    """Ids of a ``;``-separated cell, blanks dropped."""
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def _interval_text(low: float, high: float) -> str:
    return f"{100 * low:.0f}–{100 * high:.0f} %"


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


# --- from printed figures to counts --------------------------------------------------------


def _respondents(raw: Any, question: pd.Series) -> int | None:
    """Number of people the question's shares refer to, when printed (else the first printed number of the form)."""
    n_rep = question["n_reported"]
    multi = bool(question["multi_select"])
    if not _is_missing(n_rep) and (not multi or question["percent_base"] == "respondents"):
        return int(n_rep)
    candidates = respondent_candidates(raw, str(question["question_id"]))
    return candidates[0] if candidates else None


def _overlapping(question: pd.Series) -> bool:
    """Whether one person may count in several options: a multi-select question or coded free text."""
    return bool(question["multi_select"]) or str(question.get("response_type", "")) == CODED_FREE_TEXT


def _tolerance(row: pd.Series) -> float:
    return rounding.APPROX_TOLERANCE_PP if bool(row.get("approx", False)) else 0.0


def _counts_at(rows: pd.DataFrame, total: int) -> list[int] | None:
    """Counts of ``rows`` out of ``total``: printed counts as they are, the rest from percentages."""
    out = []
    for _, row in rows.iterrows():
        if not _is_missing(row["count"]):
            out.append(int(row["count"]))
            continue
        if _is_missing(row["percent_reported"]):
            return None
        x = rounding.closest_count(float(row["percent_reported"]), total, _tolerance(row))
        if x is None:
            return None
        out.append(x)
    return out


def expand_options(responses: pd.DataFrame, question_id: str, options: Sequence[str]) -> list[str]:
    """``options`` with every printed total (a row with ``combines``) replaced by the options it adds up."""
    valid = list(responses["option"])
    combined = dict(zip(responses["option"], responses["combines"].fillna("")))
    out: list[str] = []
    for option in options:
        if option not in valid:
            raise UnknownNameError(f"option of question {question_id!r}", option, valid)
        parts = split_ids(combined[option]) or [option]
        out.extend(p for p in parts if p not in out)
    return out


def item_readings(raw: Any, question_id: str, options: Sequence[str]) -> list[Reading] | Unidentified:
    """Counts ``x`` (respondents choosing any of ``options``) of ``n`` for one question.

    Returns one reading when the denominator is printed or recovered, the smallest and the
    largest feasible denominators' readings when only a range is known, or an
    :class:`Unidentified` with the reason (see the module docstring).
    """
    questions = raw.questions
    match = questions[questions["question_id"] == question_id]
    if match.empty:
        raise UnknownNameError("question", question_id, sorted(questions["question_id"]))
    question = match.iloc[0]
    responses = raw.responses[raw.responses["question_id"] == question_id]
    analysed = responses[responses["combines"].fillna("") == ""]
    options = expand_options(responses, question_id, options)
    chosen = responses[responses["option"].isin(options)]
    multi = bool(question["multi_select"])
    coded = str(question.get("response_type", "")) == CODED_FREE_TEXT
    if _overlapping(question) and len(options) > 1:
        what = ("codes of free-text answers overlap (one answer may touch several themes)" if coded
                else "options of a multi-select question overlap (one person may tick several)")
        return Unidentified(
            f"{what}, so the share of respondents choosing any of them is not identified by the printed figures",
            code="ticks_not_people",
        )
    people = _respondents(raw, question)

    if multi and question["percent_base"] == "answers" and chosen["count"].isna().any():
        ticks_total = question["answers_total_reported"]
        if _is_missing(ticks_total):
            ticks_total = question["n_reported"]
        if _is_missing(ticks_total):
            return Unidentified("the shares are of an unprinted number of ticks")
        counts = _counts_at(chosen, int(ticks_total))
        if counts is None:
            return Unidentified("no count of ticks reproduces the printed percentage", inconsistent=True, code="figures_contradict")
        if people is None:
            return Unidentified(
                "the shares are of ticks of a multi-select question and the number of respondents is not printed",
                code="ticks_not_people",
            )
        return _checked([Reading(sum(counts), people, "recovered")])

    if not chosen["count"].isna().any():
        n = people
        if not _overlapping(question) and _is_missing(question["n_reported"]) and not analysed["count"].isna().any():
            n = int(analysed["count"].sum())  # those who answered, not the group's size
        if n is None and coded:
            return Unidentified("the codes of free-text answers are printed without the number of answers")
        if n is None and multi:
            return Unidentified(
                "the count is of ticks of a multi-select question and the number of respondents is not printed",
                code="ticks_not_people",
            )
        if n is None:
            return Unidentified("the count is printed without a denominator")
        return _checked([Reading(int(chosen["count"].sum()), n, "printed")])

    basis = question_basis(raw, question_id)
    if basis.n is None:
        cap = population_bound(raw, str(question["dialogue_id"]), str(question["group_id"]))
        return Unidentified(f"no denominator up to {cap} reproduces the printed percentages")
    how = "feasible" if basis.n_source == "smallest_feasible" else "recovered"
    readings = []
    for n in sorted({basis.n, basis.n_max}):
        counts = _counts_at(chosen, n)
        if counts is None:
            return Unidentified(f"no count out of {n} gives the printed percentage", inconsistent=how != "feasible")
        readings.append(Reading(sum(counts), n, how))
    return _checked(readings)


def _checked(readings: list[Reading]) -> list[Reading] | Unidentified:
    for r in readings:
        if r.x > r.n:
            return Unidentified(f"the count {r.x} exceeds its denominator {r.n}", inconsistent=True, code="figures_contradict")
    return readings


# --- verdict rules ------------------------------------------------------------------------


def _interval(x: int, n: int, method: str, confidence: float) -> tuple[float, float]:
    from dialogstats.stats.intervals import proportion_interval

    return proportion_interval(x, n, method=method, confidence=confidence)


def _share_rule(check: str, readings: list[Reading], method: str, confidence: float) -> Outcome:
    """``majority`` / ``minority`` for one reading per question."""
    outcomes = []
    for r in readings:
        low, high = _interval(r.x, r.n, method, confidence)
        share = r.x / r.n
        passed = low > MAJORITY_THRESHOLD if check == "majority" else high < MAJORITY_THRESHOLD
        against = high < MAJORITY_THRESHOLD if check == "majority" else low > MAJORITY_THRESHOLD
        margin = low - MAJORITY_THRESHOLD if check == "majority" else MAJORITY_THRESHOLD - high
        outcomes.append((margin, passed, against, r, share, low, high))
    margin, passed, against, r, share, low, high = min(outcomes, key=lambda o: o[0])
    figures = f"{r.x} of {r.n} ({_pct(share)}), interval {_interval_text(low, high)}"
    if passed:
        side = "lower limit above 50 %" if check == "majority" else "upper limit below 50 %"
        return Outcome("supported", f"{figures}: {side}", share, low, high, r.n, "share", "interval_clears_threshold")
    if against:
        reason = f"{figures}: the interval lies wholly on the other side of 50 %; the figures contradict the claim"
    else:
        reason = f"{figures}: the interval includes 50 %, so a {check} is not established at n = {r.n}"
    code = "interval_contradicts" if against else "interval_includes_threshold"
    return Outcome("not_supported_at_this_n", reason, share, low, high, r.n, "share", code)


def _beats(a: Reading, b: Reading, same_question_single: bool, method: str, confidence: float) -> tuple[bool, Outcome]:
    if same_question_single:
        total = a.x + b.x
        if total == 0:
            return False, Outcome("not_supported_at_this_n", "neither option was chosen", np.nan, np.nan, np.nan, a.n,
                                  "conditional_share", "difference_not_established")
        low, high = _interval(a.x, total, method, confidence)
        share = a.x / total
        text = (
            f"{a.x} against {b.x} of {a.n}: among those choosing either, {_pct(share)} chose the first "
            f"(interval {_interval_text(low, high)})"
        )
        return low > MAJORITY_THRESHOLD, Outcome("", text, share, low, high, a.n, "conditional_share")
    diff, low, high = difference_interval(a.x, a.n, b.x, b.n, method="newcombe", confidence=confidence)
    text = (
        f"{a.x} of {a.n} against {b.x} of {b.n}: difference {100 * diff:+.0f} points, "
        f"Newcombe interval {100 * low:+.0f} to {100 * high:+.0f} points"
    )
    return low > 0, Outcome("", text, diff, low, high, a.n, "difference")


def _comparison_rule(
    first: Reading, others: list[Reading], same_question_single: bool, method: str, confidence: float
) -> Outcome:
    results = [_beats(first, other, same_question_single, method, confidence) for other in others]
    failing = [o for ok, o in results if not ok]
    if not failing:
        decisive = min((o for _, o in results), key=lambda o: o.ci_low)
        return Outcome("supported", f"{decisive.reason}; every comparison clears the bar", *_numbers(decisive),
                       "difference_established")
    decisive = failing[0]
    return Outcome(
        "not_supported_at_this_n",
        f"{decisive.reason}; the difference is not established at these n"
        + (f" ({len(failing)} of {len(results)} comparisons fail)" if len(results) > 1 else ""),
        *_numbers(decisive),
        "difference_not_established",
    )


def _numbers(o: Outcome) -> tuple[float, float, float, float, str]:
    return o.estimate, o.ci_low, o.ci_high, o.n, o.kind


def _claimed_percent(figure: str) -> float | None:
    match = re.search(r"(\d+(?:[.,]\d+)?)\s*%", str(figure))
    return float(match.group(1).replace(",", ".")) if match else None


def _sum_rule(raw: Any, claim: pd.Series, qid: str, options: list[str], method: str, confidence: float) -> Outcome:
    claimed = _claimed_percent(claim["figure_reported"])
    if claimed is None:
        raise ParameterError(f"claim {claim['claim_id']!r}: sum_of_options needs a percentage in figure_reported")
    responses = raw.responses[raw.responses["question_id"] == qid]
    if not options:
        analysed = responses.loc[responses["combines"].fillna("") == "", "option"]
        options = [o for o in analysed if o not in NOT_SUPPORTING_OPTIONS]
    options = expand_options(responses, qid, options)
    rows = responses[responses["option"].isin(options)]
    parts = [float(p) for p in rows["percent_reported"] if not _is_missing(p)]
    arithmetic = f"stated total {claimed:g} %, printed parts {' + '.join(f'{p:g}' for p in parts)} %"
    if len(parts) == len(options) and abs(sum(parts) - claimed) > 0.5 * (len(parts) + 1):
        return Outcome("rests_on_inconsistent_figures", f"{arithmetic}: the parts do not add up to the total",
                       code="parts_do_not_add_up")
    readings = item_readings(raw, qid, options)
    if isinstance(readings, Unidentified):
        verdict = "rests_on_inconsistent_figures" if readings.inconsistent else "cannot_be_checked"
        return Outcome(verdict, f"{arithmetic} (the arithmetic holds), but {readings.reason}", code=readings.code)
    return _over_readings(
        readings,
        lambda rs: _describe_share(rs[0], method, confidence, prefix=f"{arithmetic}; "),
    )


def _describe_share(r: Reading, method: str, confidence: float, prefix: str = "") -> Outcome:
    low, high = _interval(r.x, r.n, method, confidence)
    share = r.x / r.n
    return Outcome(
        "supported",
        f"{prefix}{r.x} of {r.n} ({_pct(share)}), interval {_interval_text(low, high)}",
        share,
        low,
        high,
        r.n,
        "share",
        "describes_share",
    )


def _over_readings(readings: list[Reading], rule) -> Outcome:
    """Apply ``rule`` to the one reading, or to both ends of a feasible range (unanimity required)."""
    if readings[0].how != "feasible":
        return rule([readings[0]])
    ends = [rule([r]) for r in readings]
    if len(readings) == 1:
        only = ends[0]
        text = f"the denominator is not printed; the only feasible denominator is n = {readings[0].n}: {only.reason}"
        return Outcome(only.verdict, text, *_numbers(only), only.code)
    n_text = f"the denominator is not printed; feasible denominators run from {readings[0].n} to {readings[-1].n}"
    if len({o.verdict for o in ends}) == 1:
        first = ends[0]
        return Outcome(first.verdict, f"{n_text}; at both ends: {first.reason}", *_numbers(first), first.code)
    return Outcome(
        "cannot_be_checked",
        f"{n_text}; the verdict depends on it ({ends[0].verdict} at n = {readings[0].n}, "
        f"{ends[-1].verdict} at n = {readings[-1].n})",
        *_numbers(ends[0]),
        "denominator_decides",
    )


def _ends(readings: list[list[Reading]]) -> list[list[Reading]]:
    """Readings of several items at the low end and at the high end of their ranges."""
    low = [rs[0] for rs in readings]
    high = [rs[-1] for rs in readings]
    return [low] if low == high else [low, high]


def _multi_item(sets: list[list[Reading]], rule) -> Outcome:
    ends = _ends(sets)
    results = [rule(items) for items in ends]
    if len(results) == 1 or results[0].verdict == results[1].verdict:
        out = results[0]
        if len(results) == 2:
            return Outcome(out.verdict, f"at the smallest and largest feasible denominators: {out.reason}", *_numbers(out), out.code)
        return out
    return Outcome(
        "cannot_be_checked",
        f"the verdict depends on unprinted denominators ({results[0].verdict} at the smallest, "
        f"{results[1].verdict} at the largest feasible ones)",
        *_numbers(results[0]),
        "denominator_decides",
    )


def assess_claim(
    raw: Any, claim: pd.Series, inconsistent: pd.DataFrame, method: str = "wilson", confidence: float = 0.95
) -> Outcome:
    """Verdict of one claim row (see the module docstring); ``inconsistent`` holds the audit's inconsistent rows."""
    check = claim["check"]
    if check not in CHECKS:
        raise UnknownNameError("claim check", check, CHECKS)
    qids = split_ids(claim["question_ids"])
    options = split_ids(claim.get("check_option", ""))
    flagged = inconsistent[inconsistent["question_id"].isin(qids)]

    outcome = _rule_outcome(raw, claim, check, qids, options, method, confidence)
    if not flagged.empty:
        details = "; ".join(
            f"{row.question_id}{'/' + row.option if row.option else ''}: {row.check}"
            + (f" ({row.detail})" if row.detail else "")
            for row in flagged.head(3).itertuples()
        )
        more = f" and {len(flagged) - 3} more" if len(flagged) > 3 else ""
        return Outcome(
            "rests_on_inconsistent_figures",
            f"the audit finds the figures inconsistent — {details}{more}",
            *_numbers(outcome),
            "audit_inconsistent",
        )
    return outcome


def _rule_outcome(
    raw: Any, claim: pd.Series, check: str, qids: list[str], options: list[str], method: str, confidence: float
) -> Outcome:
    if not qids:
        raise ParameterError(f"claim {claim['claim_id']!r} names no question")
    if check == "none":
        reason = "the claim states no direction (majority, minority, ranking) that the figures could confirm"
        if len(qids) == 1 and options:
            readings = item_readings(raw, qids[0], options)
            if isinstance(readings, list):
                shown = _describe_share(readings[0], method, confidence)
                return Outcome("cannot_be_checked", f"{reason}; the figures give {shown.reason}", *_numbers(shown),
                               "no_direction")
        return Outcome("cannot_be_checked", reason, code="no_direction")

    if check == "sum_of_options":
        return _sum_rule(raw, claim, qids[0], options, method, confidence)

    if check in ("majority", "minority"):
        if not options:
            raise ParameterError(f"claim {claim['claim_id']!r}: a {check} check needs check_option")
        with_option = [q for q in qids if set(options) <= set(_options_of(raw, q))]
        if not with_option:
            raise UnknownNameError("option of the claim's questions", ";".join(options), _options_of(raw, qids[0]))
        sets = []
        for qid in with_option:
            readings = item_readings(raw, qid, options)
            if isinstance(readings, Unidentified):
                verdict = "rests_on_inconsistent_figures" if readings.inconsistent else "cannot_be_checked"
                return Outcome(verdict, f"{qid}: {readings.reason}", code=readings.code)
            sets.append(readings)
        if len(sets) == 1:
            return _over_readings(sets[0], lambda rs: _share_rule(check, rs, method, confidence))
        return _multi_item(sets, lambda rs: _share_rule(check, rs, method, confidence))

    # comparisons: largest_option, exceeds, largest_question
    if check == "largest_option" or (len(qids) == 1 and len(options) >= 2):
        qid = qids[0]
        if check == "largest_option":
            if len(options) != 1:
                raise ParameterError(f"claim {claim['claim_id']!r}: largest_option needs exactly one check_option")
            responses = raw.responses[(raw.responses["question_id"] == qid)]
            others = [o for o in responses.loc[responses["combines"].fillna("") == "", "option"] if o != options[0]]
            items = [options[0], *others]
        else:
            items = options
        question = raw.questions[raw.questions["question_id"] == qid].iloc[0]
        single = not _overlapping(question)
        sets = []
        for option in items:
            readings = item_readings(raw, qid, [option])
            if isinstance(readings, Unidentified):
                verdict = "rests_on_inconsistent_figures" if readings.inconsistent else "cannot_be_checked"
                return Outcome(verdict, f"{qid}/{option}: {readings.reason}", code=readings.code)
            sets.append(readings)
    else:
        if len(qids) < 2 or len(options) != 1:
            raise ParameterError(
                f"claim {claim['claim_id']!r}: {check} compares one option across two or more questions "
                "or two or more options of one question"
            )
        single = False
        sets = []
        for qid in qids:
            readings = item_readings(raw, qid, options)
            if isinstance(readings, Unidentified):
                verdict = "rests_on_inconsistent_figures" if readings.inconsistent else "cannot_be_checked"
                return Outcome(verdict, f"{qid}: {readings.reason}", code=readings.code)
            sets.append(readings)
    return _multi_item(sets, lambda rs: _comparison_rule(rs[0], list(rs[1:]), single, method, confidence))


def _options_of(raw: Any, question_id: str) -> list[str]:
    if question_id not in set(raw.questions["question_id"]):
        raise UnknownNameError("question", question_id, sorted(raw.questions["question_id"]))
    return list(raw.responses.loc[raw.responses["question_id"] == question_id, "option"])


def inconsistent_audit_rows(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit's rows with status ``inconsistent`` (empty strings for missing text)."""
    rows = audit.loc[audit["status"] == "inconsistent", ["question_id", "option", "check", "detail"]]
    return rows.fillna("").astype(str)


def assess_claims(
    raw: Any,
    confidence: float = 0.95,
    method: str = "wilson",
    audit: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Assess every claim of ``raw.claims``; one row per claim with the columns of :data:`CLAIM_COLUMNS`.

    ``raw`` is a :class:`dialogstats.data.rawdata.RawData` (or any object with the same DataFrame
    attributes ``dialogues, groups, questions, responses, claims``). ``audit`` defaults to
    :func:`dialogstats.analysis.audit.build_audit` of ``raw``. ``method`` is the interval for single
    shares (:data:`dialogstats.stats.intervals.METHODS`); differences use Newcombe's hybrid score
    interval. Rules: see the module docstring.
    """
    from dialogstats.stats.intervals import check_method

    check_method(method)
    confidence = check_confidence(confidence)
    if audit is None:
        from dialogstats.analysis.audit import build_audit

        audit = build_audit(raw)
    inconsistent = inconsistent_audit_rows(audit)
    rows = []
    for _, claim in raw.claims.iterrows():
        outcome = assess_claim(raw, claim, inconsistent, method=method, confidence=confidence)
        rows.append(
            {
                "claim_id": claim["claim_id"],
                "area": claim["area"],
                "dialogue_id": claim["dialogue_id"],
                "question_ids": claim["question_ids"],
                "claim_en": claim["claim_en"],
                "figure_reported": claim["figure_reported"],
                "locator": claim["locator"],
                "check": claim["check"],
                "verdict": outcome.verdict,
                "reason": outcome.reason,
                "estimate": outcome.estimate,
                "ci_low": outcome.ci_low,
                "ci_high": outcome.ci_high,
                "n": outcome.n,
                "estimate_kind": outcome.kind,
                "threshold": ESTIMATE_KINDS.get(outcome.kind, np.nan) if claim["check"] != "none" else np.nan,
                "reason_code": outcome.code,
                "audit_checks": ";".join(sorted(set(inconsistent.loc[inconsistent["question_id"].isin(split_ids(claim["question_ids"])), "check"]))),
                "method": method,
                "confidence": float(confidence),
            }
        )
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    table["n"] = pd.array([pd.NA if pd.isna(v) else int(v) for v in table["n"]], dtype="Int64")
    return table
