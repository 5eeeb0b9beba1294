"""Questions asked in several dialogues or groups, compared (``comparisons.csv``).

A *construct* (``constructs.csv``) links questions that measure the same thing in
different dialogues or groups. For every pair of such questions and every option they
share, :func:`build_comparisons` gives the difference of shares with a Newcombe (1998,
*Statistics in Medicine* 17:873-890) hybrid score interval, and two exact tests of the
option against the rest: Fisher's (conditional) and Boschloo's (unconditional). Across
all options of a pair, the Fisher-Freeman-Halton test compares whole distributions when
both questions have the same three or more mutually exclusive options, and for the
collapsed 1-5 scale an exact Wilcoxon-Mann-Whitney test compares locations (test
``ordinal``). Groups of the same meeting are distinct people, and different dialogues are
treated as independent samples (a person may, rarely, attend two).

**Like with like.** A test compares two shares of *people*, each a count of people out
of one known number of people (``basis_a`` / ``basis_b`` and ``n_a`` / ``n_b`` say what
each share is a share of):

* shares of respondents and codes of free text (:data:`dialogstats.analysis.shares.PEOPLE_BASES`)
  with the denominator of :func:`dialogstats.analysis.shares.question_basis`: printed,
  counted, the printed respondents, or a feasible range of one value;
* in a question of ticks (several options could be ticked; shares of answers), only a
  ``yes`` beside No answers (options ``no`` or ``no_...``: a respondent either works that
  way or gives one or several reasons for not doing so, so only the No answers can be
  combined) is a count of people; it is read out of the printed respondents of the form
  (:func:`dialogstats.analysis.shares.respondent_candidates`), e.g. the school heads' 7
  of 14 and the health and social-care heads' 2 of 8. Every other tick option is not
  tested: the print does not say out of how many people it was ticked, and a No reason
  that could be combined with others does not measure what a single choice measures.

A row that cannot be tested keeps its shares (each on its own basis) and gets a code in
``not_tested_reason`` (:data:`NOT_TESTED_REASONS`; meanings in ``docs/codebook.md``):
``ticks`` (a share of ticks, see above), ``no_count`` (no count out of a known
denominator can be read from the print), ``denominator_range`` (percentages only, and
several denominators reproduce them: see :mod:`dialogstats.analysis.shares`, rule 6; the
comparative statements that rest on such figures are examined over every feasible
denominator by :func:`largest_share_check` and :func:`standout_check`), and
``cannot_reach_significance`` (the group sizes cannot give a p-value at or below
``alpha = 1 - confidence`` whatever the answers; ``p_min`` holds the smallest attainable
p-value, :func:`dialogstats.stats.multiplicity.smallest_attainable_p`). Only the first
three leave the difference empty.

**Families.** The tests of one construct and one kind form a family (``family``, e.g.
``five_perspectives/fisher``): the comparisons of a construct support one statement
about it, and Fisher and Boschloo (or Fisher-Freeman-Halton and the ordinal test) are
alternative tests of the same hypotheses, so they are never counted twice. Rows without
a test are not part of any family. ``p_adjusted`` is Holm's (1979) step-down adjustment
within the family; ``adjust="fdr"`` controls the false discovery rate instead, with
Benjamini-Hochberg (1995) when the family's tests share no group of people and
Benjamini-Yekutieli (2001) otherwise (:func:`dialogstats.stats.multiplicity.fdr_method`);
``adjustment`` names the method used (written to a separate file by the cross-network
notebook, so that the columns of ``comparisons.csv`` stay fixed).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogstats.stats import rounding
from dialogstats.checks import check_confidence, check_name
from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.analysis.shares import (
    PEOPLE_BASES, QuestionBasis, feasible_question_denominators, population_bound, question_basis, question_shares,
    respondent_candidates,
)

COMPARISON_COLUMNS: tuple[str, ...] = (
    "construct", "option", "a", "b", "basis_a", "basis_b", "n_a", "n_b", "share_a", "share_b", "diff", "diff_ci_low",
    "diff_ci_high", "test", "p_min", "p_value", "p_adjusted", "family", "adjustment", "not_tested_reason",
)
TESTS: tuple[str, ...] = ("fisher", "boschloo", "fisher_freeman_halton", "ordinal")
#: Why a row has no test, in the order of precedence when both shares have a reason (see the module docstring).
NOT_TESTED_REASONS: tuple[str, ...] = ("ticks", "no_count", "denominator_range", "cannot_reach_significance")
LIKERT_ORDER: tuple[str, ...] = ("1-2", "3", "4-5")


def constructs(raw) -> list[str]:
    """Constructs used by at least two questions, in the order of ``constructs.csv``."""
    used = raw.questions["construct"].fillna("")
    counts = used[used != ""].value_counts()
    return [c for c in raw.constructs["construct"] if counts.get(c, 0) >= 2]


def construct_questions(raw, construct: str) -> list[str]:
    """Question ids of a construct, ordered by dialogue (as in ``dialogues.csv``), group, question id."""
    valid = list(raw.constructs["construct"])
    if construct not in valid:
        raise UnknownNameError("construct", construct, valid)
    q = raw.questions[raw.questions["construct"] == construct].copy()
    order = {d: i for i, d in enumerate(raw.dialogues["dialogue_id"])}
    q["_order"] = q["dialogue_id"].map(order)
    return list(q.sort_values(["_order", "group_id", "question_id"], kind="mergesort")["question_id"])


def build_construct_table(raw, construct: str, confidence: float = 0.95, method: str = "wilson") -> pd.DataFrame:
    """Every question of a construct side by side: per option and question, share and interval.

    Columns: construct, dialogue_id, group_id, question_id, option, count, n, share, ci_low,
    ci_high, method, confidence, n_source. Options are ordered as first met (the Likert
    categories as ``1-2, 3, 4-5``).
    """
    parts = [question_shares(raw, qid, confidence, methods=(method,), simultaneous=()) for qid in construct_questions(raw, construct)]
    table = pd.concat(parts, ignore_index=True)
    options = list(pd.unique(table["option"]))
    if set(options) <= set(LIKERT_ORDER):
        options = [o for o in LIKERT_ORDER if o in options]
    table["_option"] = table["option"].map({o: i for i, o in enumerate(options)})
    table = table.sort_values("_option", kind="mergesort").drop(columns="_option")
    table.insert(0, "construct", construct)
    columns = ["construct", "dialogue_id", "group_id", "question_id", "option", "count", "n", "share", "ci_low", "ci_high", "method", "confidence", "n_source"]
    return table[columns].reset_index(drop=True)


@dataclass(frozen=True)
class Side:
    """One question's share of one option as a comparison reads it (see the module docstring)."""

    basis: str
    n: int | None
    x: int | None
    share: float
    reason: str = ""


def _is_no_answer(option: str) -> bool:
    return option == "no" or option.startswith("no_")


def tick_yes_people(raw, b: QuestionBasis) -> tuple[int, int] | None:
    """``(people answering yes, respondents)`` of a question of ticks whose other options are No answers, else None.

    The respondents are the first printed number of the form
    (:func:`dialogstats.analysis.shares.respondent_candidates`) that leaves room for the
    yes answers and, when No answers were ticked, for at least one person answering No.
    """
    if b.basis != "answers" or "yes" not in b.options:
        return None
    others = [o for o in b.options if o != "yes"]
    if not others or not all(_is_no_answer(o) for o in others):
        return None
    yes = b.counts[b.options.index("yes")]
    if math.isnan(yes):
        return None
    ticked_no = any(not math.isnan(c) and c > 0 for o, c in zip(b.options, b.counts) if o != "yes")
    need = int(yes) + (1 if ticked_no else 0)
    people = next((m for m in respondent_candidates(raw, b.question_id) if m >= need), None)
    return None if people is None else (int(yes), people)


def comparison_side(raw, b: QuestionBasis, option: str) -> Side:
    """How a comparison reads ``option`` of a question: a count of people out of a fixed n, or why not."""
    i = b.options.index(option)
    share = b.shares[i]
    if b.basis not in PEOPLE_BASES:
        people = tick_yes_people(raw, b) if option == "yes" else None
        if people is None:
            return Side(b.basis, b.n, None, share, "ticks")
        return Side("respondents", people[1], people[0], people[0] / people[1])
    if b.n is None or b.interval_counts[i] < 0:
        return Side(b.basis, None, None, share, "no_count")
    if not b.fixed:
        return Side(b.basis, None, None, share, "denominator_range")
    x = b.interval_counts[i]
    return Side(b.basis, b.n, x, x / b.n)


def _first_reason(*reasons: str) -> str:
    given = [r for r in reasons if r]
    return min(given, key=NOT_TESTED_REASONS.index) if given else ""


def _test_row(base: dict, test: str, reason: str, n1: int | None, n2: int | None, alpha: float, run) -> dict:
    from dialogstats.stats import multiplicity

    row = {**base, "test": test, "p_min": math.nan, "p_value": math.nan, "not_tested_reason": reason}
    if reason:
        return row
    row["p_min"] = multiplicity.smallest_attainable_p(test, n1, n2)
    if row["p_min"] > alpha:
        row["not_tested_reason"] = "cannot_reach_significance"
    else:
        row["p_value"] = run()
    return row


def _pair_rows(raw, construct: str, a: QuestionBasis, b: QuestionBasis, confidence: float, method: str) -> list[dict]:
    from dialogstats.stats import comparisons

    alpha = 1.0 - confidence
    rows = []
    shared = [o for o in a.options if o in b.options]
    for option in shared:
        sa, sb = comparison_side(raw, a, option), comparison_side(raw, b, option)
        reason = _first_reason(sa.reason, sb.reason)
        base = {"construct": construct, "option": option, "a": a.question_id, "b": b.question_id,
                "basis_a": sa.basis, "basis_b": sb.basis, "n_a": sa.n, "n_b": sb.n, "share_a": sa.share, "share_b": sb.share,
                "diff": math.nan, "diff_ci_low": math.nan, "diff_ci_high": math.nan}
        if not reason:
            diff, low, high = comparisons.difference_interval(sa.x, sa.n, sb.x, sb.n, method=method, confidence=confidence)
            base.update({"diff": diff, "diff_ci_low": low, "diff_ci_high": high})
        x1, n1, x2, n2 = sa.x, sa.n, sb.x, sb.n
        rows.append(_test_row(base, "fisher", reason, n1, n2, alpha, lambda: comparisons.fisher_exact_2x2(x1, n1, x2, n2)))
        rows.append(_test_row(base, "boschloo", reason, n1, n2, alpha, lambda: comparisons.boschloo_2x2(x1, n1, x2, n2)))
    distribution = (a.exclusive and b.exclusive and a.basis in PEOPLE_BASES and b.basis in PEOPLE_BASES
                    and set(a.options) == set(b.options) and len(shared) >= 3)
    if not distribution:
        return rows
    sides_a = [comparison_side(raw, a, o) for o in shared]
    sides_b = [comparison_side(raw, b, o) for o in shared]
    reason = _first_reason(*(s.reason for s in sides_a + sides_b))
    whole = {"construct": construct, "option": "", "a": a.question_id, "b": b.question_id, "basis_a": a.basis,
             "basis_b": b.basis, "n_a": None if reason else a.n, "n_b": None if reason else b.n, "share_a": math.nan,
             "share_b": math.nan, "diff": math.nan, "diff_ci_low": math.nan, "diff_ci_high": math.nan}
    if not reason and (sum(s.x for s in sides_a) == 0 or sum(s.x for s in sides_b) == 0):
        return rows
    xa = {o: s.x for o, s in zip(shared, sides_a)}
    xb = {o: s.x for o, s in zip(shared, sides_b)}
    if set(shared) <= set(LIKERT_ORDER):
        order = [o for o in LIKERT_ORDER if o in shared]
        rows.append(_test_row(whole, "ordinal", reason, a.n, b.n, alpha,
                              lambda: comparisons.ordinal_test([xa[o] for o in order], [xb[o] for o in order])))
    rows.append(_test_row(whole, "fisher_freeman_halton", reason, a.n, b.n, alpha,
                          lambda: comparisons.rxc_exact_test(np.array([[xa[o] for o in shared], [xb[o] for o in shared]]))))
    return rows


def _adjust_families(df: pd.DataFrame, adjust: str) -> pd.DataFrame:
    from dialogstats.stats import multiplicity

    df["p_adjusted"] = np.nan
    df["family"] = ""
    df["adjustment"] = ""
    tested = df["p_value"].notna()
    df.loc[tested, "family"] = df.loc[tested, "construct"] + "/" + df.loc[tested, "test"]
    for family in pd.unique(df.loc[tested, "family"]):
        mask = df["family"] == family
        groups = [(a, b) for a, b in zip(df.loc[mask, "a"], df.loc[mask, "b"])]
        adjusted, used = multiplicity.adjust_family(df.loc[mask, "p_value"].to_numpy(dtype=float), groups, adjust)
        df.loc[mask, "p_adjusted"] = adjusted
        df.loc[mask, "adjustment"] = used
    return df


def build_comparisons(raw, confidence: float = 0.95, method: str = "newcombe", adjust: str = "holm") -> pd.DataFrame:
    """``comparisons.csv``: every pair of questions of every construct, per shared option and test.

    ``diff`` is ``share_a - share_b`` with its ``method`` interval (Newcombe by default;
    ``agresti_caffo`` also accepted). ``option`` is empty for tests of the whole
    distribution. ``p_min`` is the smallest p-value the test can reach at ``n_a`` and
    ``n_b``; ``p_value`` is empty when ``not_tested_reason`` says why; ``p_adjusted``
    adjusts within each ``family`` (``adjust``: ``holm``, or ``fdr`` for BH/BY as the
    module docstring says). Rows are ordered by construct, pair, option and test.
    """
    from dialogstats.stats import comparisons, multiplicity

    comparisons.check_difference_method(method)
    confidence = check_confidence(confidence)
    check_name(adjust, multiplicity.FAMILY_ADJUSTMENTS, "p-value adjustment")
    rows: list[dict] = []
    for construct in constructs(raw):
        bases = [question_basis(raw, q) for q in construct_questions(raw, construct)]
        for a, b in itertools.combinations(bases, 2):
            rows.extend(_pair_rows(raw, construct, a, b, confidence, method))
    df = pd.DataFrame.from_records(rows, columns=list(COMPARISON_COLUMNS))
    df = _adjust_families(df, adjust)
    for column in ("n_a", "n_b"):
        df[column] = pd.array([None if pd.isna(v) else int(v) for v in df[column]], dtype="Int64")
    for column in ("share_a", "share_b", "diff", "diff_ci_low", "diff_ci_high", "p_min", "p_value", "p_adjusted"):
        df[column] = df[column].astype("float64")
    for column in ("basis_a", "basis_b", "family", "adjustment", "not_tested_reason"):
        df[column] = df[column].fillna("").astype(object)
    return df[list(COMPARISON_COLUMNS)].reset_index(drop=True)


# --------------------------------------------------------------------------- comparative statements


def _option_percent(raw, question_id: str, option: str) -> tuple[float, bool, float]:
    r = raw.responses[(raw.responses["question_id"] == question_id) & (raw.responses["option"] == option)]
    if r.empty:
        valid = list(raw.responses.loc[raw.responses["question_id"] == question_id, "option"])
        raise UnknownNameError(f"option of {question_id}", option, valid)
    row = r.iloc[0]
    count = math.nan if pd.isna(row["count"]) else float(row["count"])
    return (math.nan if pd.isna(row["percent_reported"]) else float(row["percent_reported"])), bool(row["approx"]), count


def feasible_readings(raw, question_id: str, option: str, n_max: int | None = None) -> list[tuple[int, int]]:
    """Every ``(count, n)`` that the print of one option allows under the denominator rule.

    The denominators are those of :func:`dialogstats.analysis.shares.question_basis`: the
    one denominator when it is known (printed, counted, the printed respondents, or a
    feasible range of one value), else every feasible denominator (``n_max``, when given,
    bounds that range instead of the plausible number of respondents). At each, a printed
    count gives one reading, and a printed percentage every count whose rounded share is
    the percentage (any rounding rule; approximate percentages within ±1 point).
    """
    b = question_basis(raw, question_id)
    if option not in b.options:
        raise UnknownNameError(f"option of {question_id}", option, list(b.options))
    percent, approx, count = _option_percent(raw, question_id, option)
    if b.n is None:
        return []
    if b.fixed:
        denominators = [b.n]
    elif n_max is not None:
        denominators = feasible_question_denominators(raw, question_id, n_max=n_max)
    else:
        denominators = [n for n, _ in b.readings]
    tolerance = rounding.APPROX_TOLERANCE_PP if approx else 0.0
    readings = []
    for n in denominators:
        if not math.isnan(count):
            if count <= n:
                readings.append((int(count), n))
            continue
        xs = set()
        for rule in rounding.ROUNDING_RULES:
            xs.update(rounding.feasible_counts(percent, n, rule, tolerance=tolerance))
        readings.extend((x, n) for x in sorted(xs))
    return readings


def _fmt_range(values: Sequence[int]) -> str:
    values = sorted(set(values))
    if not values:
        return ""
    return str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"


def _mcnemar_min_p(discordant: int) -> float:
    # Exact McNemar (binomial) test with every discordant pair in one direction: the smallest
    # p-value a difference of `discordant` people between two items of the same respondents allows.
    return float(min(1.0, 2 * 0.5**discordant)) if discordant > 0 else 1.0


CHECK_COLUMNS: tuple[str, ...] = (
    "a", "b", "percent_a", "percent_b", "n_a", "n_b", "n_likely", "x_a_likely", "x_b_likely", "diff_likely",
    "diff_ci_low", "diff_ci_high", "p_fisher_likely", "p_fisher_min", "p_fisher_max", "p_paired_min", "distinguishable",
)


def largest_share_check(
    raw, question_ids: Sequence[str], option: str = "yes", confidence: float = 0.95, n_max: int | None = None
) -> pd.DataFrame:
    """Is the question with the largest printed share of ``option`` distinguishable from each other one?

    For questions answered by the same respondents, printed as percentages only. Each
    question is read as :func:`feasible_readings` says: at the printed respondents when they
    reproduce its percentages, else at every feasible denominator up to ``n_max`` (default:
    the dialogue's respondents). Per pair (leader ``a`` against ``b``): the denominators
    (``n_a``, ``n_b``, as ranges when several), the *likely* reading (every respondent answered: ``n = n_max`` when feasible
    for both, else the largest common feasible ``n``) with its Newcombe interval and Fisher
    p-value, the range of Fisher p-values over all feasible readings (treating the items as
    independent), and the smallest exact McNemar p-value any reading allows when the same
    people answered both items (all discordant pairs in one direction). ``distinguishable``
    is True only if that paired p-value, the appropriate one, falls below ``1 - confidence``.
    """
    from dialogstats.stats import comparisons

    if len(question_ids) < 2:
        raise ParameterError("at least two questions are needed to compare shares")
    q = raw.questions.set_index("question_id")
    if n_max is None:
        first = q.loc[question_ids[0]]
        n_max = population_bound(raw, first["dialogue_id"], first["group_id"])
    percents = {qid: _option_percent(raw, qid, option)[0] for qid in question_ids}
    order = sorted(question_ids, key=lambda k: (-percents[k], list(question_ids).index(k)))
    leader = order[0]
    readings = {qid: feasible_readings(raw, qid, option, n_max) for qid in question_ids}
    rows = []
    for other in order[1:]:
        ra, rb = readings[leader], readings[other]
        p_all = [comparisons.fisher_exact_2x2(xa, na, xb, nb) for xa, na in ra for xb, nb in rb]
        common = sorted({n for _, n in ra} & {n for _, n in rb})
        paired = [_mcnemar_min_p(max(0, xa - xb)) for xa, na in ra for xb, nb in rb if na == nb]
        row = {"a": leader, "b": other, "percent_a": percents[leader], "percent_b": percents[other],
               "n_a": _fmt_range([n for _, n in ra]), "n_b": _fmt_range([n for _, n in rb])}
        likely = n_max if n_max in common else (common[-1] if common else None)
        row.update(_likely_reading(ra, rb, likely, likely, percents[leader], percents[other], confidence))
        row["p_fisher_min"] = min(p_all) if p_all else math.nan
        row["p_fisher_max"] = max(p_all) if p_all else math.nan
        row["p_paired_min"] = min(paired) if paired else math.nan
        row["distinguishable"] = bool(paired) and min(paired) < 1 - confidence
        rows.append(row)
    return _check_frame(rows)


def _closest(readings: list[tuple[int, int]], n: int | None, percent: float) -> int | None:
    xs = [x for x, m in readings if m == n]
    if not xs or n is None:
        return None
    return min(xs, key=lambda x: (abs(x / n * 100 - percent), x))


def _likely_reading(ra, rb, na, nb, pa, pb, confidence) -> dict:
    from dialogstats.stats import comparisons

    xa, xb = _closest(ra, na, pa), _closest(rb, nb, pb)
    out = {"n_likely": math.nan, "x_a_likely": math.nan, "x_b_likely": math.nan, "diff_likely": math.nan,
           "diff_ci_low": math.nan, "diff_ci_high": math.nan, "p_fisher_likely": math.nan}
    if xa is None or xb is None:
        return out
    diff, low, high = comparisons.difference_interval(xa, na, xb, nb, method="newcombe", confidence=confidence)
    out.update({"n_likely": f"{na}" if na == nb else f"{na}/{nb}", "x_a_likely": xa, "x_b_likely": xb, "diff_likely": diff,
                "diff_ci_low": low, "diff_ci_high": high, "p_fisher_likely": comparisons.fisher_exact_2x2(xa, na, xb, nb)})
    return out


def _check_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records(rows, columns=list(CHECK_COLUMNS))
    df["n_likely"] = df["n_likely"].astype("string").fillna("")
    return df


def standout_check(
    raw,
    construct: str,
    focus_question: str,
    option: str = "4-5",
    confidence: float = 0.95,
    others: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Does one question's share of ``option`` stand out from every other question of ``construct``?

    Different dialogues are independent groups of people. Each printed percentage is read
    at the printed respondents when they reproduce it, else at every feasible denominator
    up to the plausible number of respondents (:func:`feasible_readings`); the *likely*
    reading takes the largest denominator (everyone answered). Per comparison: Newcombe interval and Fisher p at the
    likely reading, the range of Fisher p-values over all readings, and ``distinguishable``
    when even the largest Fisher p-value over all readings, Holm-adjusted across the
    comparisons, falls below ``1 - confidence`` (the difference holds whichever the
    denominators were). ``p_paired_min`` is NaN (different people). ``others`` limits the
    comparison to some questions of the construct (default: all).
    """
    from dialogstats.stats import comparisons

    questions = construct_questions(raw, construct)
    if focus_question not in questions:
        raise UnknownNameError(f"question of construct {construct}", focus_question, questions)
    ra = feasible_readings(raw, focus_question, option)
    pa = _option_percent(raw, focus_question, option)[0]
    if math.isnan(pa) and ra:
        pa = 100 * ra[0][0] / ra[0][1]
    rows = []
    for other in questions:
        if other == focus_question or option not in question_basis(raw, other).options:
            continue
        if others is not None and other not in others:
            continue
        rb = feasible_readings(raw, other, option)
        pb = _option_percent(raw, other, option)[0]
        if math.isnan(pb) and rb:
            pb = 100 * rb[0][0] / rb[0][1]
        p_all = [comparisons.fisher_exact_2x2(xa, na, xb, nb) for xa, na in ra for xb, nb in rb]
        na = max((n for _, n in ra), default=None)
        nb = max((n for _, n in rb), default=None)
        row = {"a": focus_question, "b": other, "percent_a": pa, "percent_b": pb,
               "n_a": _fmt_range([n for _, n in ra]), "n_b": _fmt_range([n for _, n in rb])}
        row.update(_likely_reading(ra, rb, na, nb, pa, pb, confidence))
        row["p_fisher_min"] = min(p_all) if p_all else math.nan
        row["p_fisher_max"] = max(p_all) if p_all else math.nan
        row["p_paired_min"] = math.nan
        rows.append(row)
    df = _check_frame(rows)
    worst = comparisons.adjust_pvalues(df["p_fisher_max"].to_numpy(dtype=float), "holm") if len(df) else np.array([])
    df["distinguishable"] = [bool(p < 1 - confidence) if not math.isnan(p) else False for p in worst]
    return df


def claim(raw, claim_id: str) -> pd.Series:
    """One row of ``claims.csv`` by its id."""
    rows = raw.claims[raw.claims["claim_id"] == claim_id]
    if rows.empty:
        raise UnknownNameError("claim", claim_id, list(raw.claims["claim_id"]))
    return rows.iloc[0]


def claim_question_ids(raw, claim_id: str) -> list[str]:
    """The questions a claim rests on, in the order the claim lists them."""
    return [q for q in str(claim(raw, claim_id)["question_ids"]).split(";") if q]


def claims_with_check(raw, check: str, dialogue_id: str | None = None) -> list[str]:
    """Ids of the claims whose machine-checkable form is ``check`` (optionally of one dialogue)."""
    c = raw.claims[raw.claims["check"] == check]
    if dialogue_id is not None:
        c = c[c["dialogue_id"] == dialogue_id]
    return list(c["claim_id"])


def statement_checks(largest: pd.DataFrame, standout: pd.DataFrame, largest_claim: str = "", standout_claim: str = "") -> pd.DataFrame:
    """The two comparative-statement tables stacked, with a ``statement`` column naming the claim checked."""
    parts = []
    for claim_id, kind, table in ((largest_claim, "largest_share", largest), (standout_claim, "standout", standout)):
        t = table.copy()
        t.insert(0, "statement", claim_id or kind)
        t.insert(1, "check", kind)
        parts.append(t)
    return pd.concat(parts, ignore_index=True)
