"""Questions asked in several dialogues or groups, compared (``comparisons.csv``).

A *construct* (``constructs.csv``) links questions that measure the same thing in
different dialogues or groups. For every pair of such questions and every option they
share, :func:`build_comparisons` gives the difference of shares with a Newcombe (1998,
*Statistics in Medicine* 17:873-890) hybrid score interval, and two exact tests of the
option against the rest: Fisher's (conditional) and Boschloo's (unconditional). Across
all options of a pair, the Fisher-Freeman-Halton test compares whole distributions when
a question has three or more options, and for the collapsed 1-5 scale an exact
Wilcoxon-Mann-Whitney test compares locations (test ``ordinal``).

Multiplicity: each kind of test forms one family across the whole table (all Fisher
tests, all Boschloo tests, ...), because Fisher and Boschloo are alternative tests of the
same hypotheses and must not be counted twice. ``p_adjusted`` is Holm's (1979) step-down
adjustment within the family; ``adjust="fdr_bh"`` gives Benjamini-Hochberg (1995)
instead (written to a separate file by the cross-network notebook, so that the columns of
``comparisons.csv`` stay fixed).

Only questions whose counts are printed, or whose denominator is printed, enter the
tests: a denominator reconstructed from rounded percentages is one of several feasible
values, and the report's comparative statements that rest on percentages alone are
examined over all feasible denominators by :func:`largest_share_check` and
:func:`standout_check`. Groups of the same meeting are distinct people, and different
dialogues are treated as independent samples (a person may, rarely, attend two).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from dialogstats.stats import rounding
from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.analysis.shares import QuestionBasis, feasible_question_denominators, population_bound, question_basis, question_shares

COMPARISON_COLUMNS: tuple[str, ...] = (
    "construct", "option", "a", "b", "share_a", "share_b", "diff", "diff_ci_low", "diff_ci_high", "test", "p_value", "p_adjusted",
)
TESTS: tuple[str, ...] = ("fisher", "boschloo", "fisher_freeman_halton", "ordinal")
LIKERT_ORDER: tuple[str, ...] = ("1-2", "3", "4-5")
#: Sources of a denominator that make counts exact (not reconstructed from percentages).
EXACT_SOURCES: tuple[str, ...] = ("n_reported", "sum_of_counts", "answers_total")


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
    parts = []
    for qid in construct_questions(raw, construct):
        s = question_shares(raw, qid, confidence, methods=(method,), simultaneous=())
        s["n_source"] = question_basis(raw, qid).n_source
        parts.append(s)
    table = pd.concat(parts, ignore_index=True)
    options = list(pd.unique(table["option"]))
    if set(options) <= set(LIKERT_ORDER):
        options = [o for o in LIKERT_ORDER if o in options]
    table["_option"] = table["option"].map({o: i for i, o in enumerate(options)})
    table = table.sort_values("_option", kind="mergesort").drop(columns="_option")
    table.insert(0, "construct", construct)
    columns = ["construct", "dialogue_id", "group_id", "question_id", "option", "count", "n", "share", "ci_low", "ci_high", "method", "confidence", "n_source"]
    return table[columns].reset_index(drop=True)


def _exact(b: QuestionBasis) -> bool:
    return b.n is not None and b.n_source in EXACT_SOURCES and all(x >= 0 for x in b.interval_counts)


def _pair_rows(construct: str, a: QuestionBasis, b: QuestionBasis, confidence: float, method: str) -> list[dict]:
    from dialogstats.stats import comparisons

    rows = []
    shared = [o for o in a.options if o in b.options]
    xa = dict(zip(a.options, a.interval_counts))
    xb = dict(zip(b.options, b.interval_counts))
    for option in shared:
        x1, x2 = xa[option], xb[option]
        diff, low, high = comparisons.difference_interval(x1, a.n, x2, b.n, method=method, confidence=confidence)
        base = {"construct": construct, "option": option, "a": a.question_id, "b": b.question_id,
                "share_a": x1 / a.n, "share_b": x2 / b.n, "diff": diff, "diff_ci_low": low, "diff_ci_high": high}
        rows.append({**base, "test": "fisher", "p_value": comparisons.fisher_exact_2x2(x1, a.n, x2, b.n)})
        rows.append({**base, "test": "boschloo", "p_value": comparisons.boschloo_2x2(x1, a.n, x2, b.n)})
    whole = {"construct": construct, "option": "", "a": a.question_id, "b": b.question_id, "share_a": math.nan,
             "share_b": math.nan, "diff": math.nan, "diff_ci_low": math.nan, "diff_ci_high": math.nan}
    distribution = a.exclusive and b.exclusive and set(a.options) == set(b.options) and len(shared) >= 3
    if distribution and sum(xa.values()) > 0 and sum(xb.values()) > 0:
        if set(shared) <= set(LIKERT_ORDER):
            order = [o for o in LIKERT_ORDER if o in shared]
            p = comparisons.ordinal_test([xa[o] for o in order], [xb[o] for o in order])
            rows.append({**whole, "test": "ordinal", "p_value": p})
        table = np.array([[xa[o] for o in shared], [xb[o] for o in shared]])
        rows.append({**whole, "test": "fisher_freeman_halton", "p_value": comparisons.rxc_exact_test(table)})
    return rows


def build_comparisons(raw, confidence: float = 0.95, method: str = "newcombe", adjust: str = "holm") -> pd.DataFrame:
    """``comparisons.csv``: every pair of questions of every construct, per shared option and test.

    ``diff`` is ``share_a - share_b`` with its ``method`` interval (Newcombe by default;
    ``agresti_caffo`` also accepted). ``option`` is empty for tests of the whole
    distribution. ``p_adjusted`` adjusts within each kind of test (``adjust``: ``holm`` or
    ``fdr_bh``). Pairs where either question lacks exact counts are left out (see the module
    docstring). Rows are ordered by construct, pair, option and test.
    """
    from dialogstats.stats import comparisons

    comparisons.check_difference_method(method)
    if adjust not in comparisons.ADJUST_METHODS:
        raise UnknownNameError("p-value adjustment", adjust, comparisons.ADJUST_METHODS)
    rows: list[dict] = []
    for construct in constructs(raw):
        bases = [question_basis(raw, q) for q in construct_questions(raw, construct)]
        for a, b in itertools.combinations([x for x in bases if _exact(x)], 2):
            rows.extend(_pair_rows(construct, a, b, confidence, method))
    df = pd.DataFrame.from_records(rows, columns=list(COMPARISON_COLUMNS))
    df["p_adjusted"] = np.nan
    for test in pd.unique(df["test"]):
        mask = df["test"] == test
        df.loc[mask, "p_adjusted"] = comparisons.adjust_pvalues(df.loc[mask, "p_value"].to_numpy(dtype=float), adjust)
    for column in ("share_a", "share_b", "diff", "diff_ci_low", "diff_ci_high", "p_value", "p_adjusted"):
        df[column] = df[column].astype("float64")
    return df.reset_index(drop=True)


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
    """Every ``(count, n)`` that the print of one option allows, with ``n`` bounded by ``n_max``.

    A printed count with a printed denominator gives one reading. Otherwise every
    denominator reproducing all the question's percentages at once
    (:func:`dialogstats.analysis.shares.feasible_question_denominators`) is combined with every count
    whose rounded share is the printed percentage (any rounding rule).
    """
    b = question_basis(raw, question_id)
    if option not in b.options:
        raise UnknownNameError(f"option of {question_id}", option, list(b.options))
    percent, approx, count = _option_percent(raw, question_id, option)
    if _exact(b):
        return [(b.interval_counts[b.options.index(option)], b.n)]
    tolerance = rounding.APPROX_TOLERANCE_PP if approx else 0.0
    readings = []
    for n in feasible_question_denominators(raw, question_id, n_max=n_max):
        if not math.isnan(count):
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
    question's denominator is bounded by ``n_max`` (default: the dialogue's respondents).
    Per pair (leader ``a`` against ``b``): the feasible denominators (``n_a``, ``n_b`` as
    ranges), the *likely* reading (every respondent answered: ``n = n_max`` when feasible
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
    at every feasible denominator up to the dialogue's (or group's) respondents
    (:func:`feasible_readings`); the *likely* reading takes the largest feasible
    denominator (everyone answered). Per comparison: Newcombe interval and Fisher p at the
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
