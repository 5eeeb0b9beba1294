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
comparative claims that rest on such figures are examined over every feasible
denominator by the claims engine, :mod:`dialogstats.analysis.claims`), and
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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogstats.checks import check_confidence, check_name
from dialogstats.errors import UnknownNameError
from dialogstats.analysis.shares import (
    PEOPLE_BASES, QuestionBasis, question_basis, question_shares, respondent_candidates,
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


def statement_checks(raw, confidence: float = 0.95, method: str = "wilson", audit: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparisons behind the report's comparative claims (``statement_checks.csv``).

    Written from the claims engine (:func:`dialogstats.analysis.claims.detail.comparison_detail`):
    every ``exceeds``, ``largest_option``, ``largest_question`` and ``ranking`` claim, each pair it
    needs at every feasible reading, the paired range of exact McNemar p-values where the same people
    answered both, and the claim's verdict, so that this table and ``claims.csv`` cannot disagree.
    """
    from dialogstats.analysis.claims.detail import comparison_detail

    return comparison_detail(raw, confidence=confidence, method=method, audit=audit)
