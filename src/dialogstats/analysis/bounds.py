"""Nonresponse bounds and finite-population intervals where attendance is known (``bounds.csv``).

When a question was answered by ``n`` of ``N`` people present, three statements about a
share can be made side by side:

* the **respondents-only** interval treats the respondents as a random sample of an
  infinite population — the usual, and the most optimistic, reading;
* **Manski bounds** (Manski 1989, *Journal of Human Resources* 24:343-360; Horowitz &
  Manski 1998) make no assumption about the ``N - n`` who did not answer: the share among
  all present lies in ``[x / N, (x + N - n) / N]``. With ``n = N`` the bounds collapse to
  ``x / N``;
* the **finite-population** interval assumes that respondents are a random subset of those
  present and is exact for that finite population: it inverts the hypergeometric tests over
  the number of "yes" among the ``N`` present (Buonaccorsi 1987; Wright 1991;
  :func:`dialogstats.stats.nonresponse.hypergeometric_interval`). It only ranges over numbers
  of "yes" the sample allows, so it always lies inside the Manski bounds; with ``n = N`` it is
  the point ``x / N``. It is the same whatever one-share ``method`` is chosen (columns
  ``fpc_low``, ``fpc_high``).

The population is the group's printed members for a thematic group and the dialogue's
printed attendees for a whole-dialogue question. Only shares of *people* with a
denominator taken from the print are used: shares of answers of multi-select questions
and denominators reconstructed from percentages are left out, and so is a question
whose respondents outnumber the printed population (the audit reports that
inconsistency; bounds are undefined there). Follow-up questions (``asked_if``) are left
out: their population is the unknown number present who chose the option that led to them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dialogstats.errors import UnknownNameError
from dialogstats.analysis.shares import PEOPLE_BASES, question_basis

BOUNDS_COLUMNS: tuple[str, ...] = (
    "dialogue_id", "group_id", "question_id", "option", "count", "respondents", "population", "share",
    "ci_low", "ci_high", "manski_low", "manski_high", "fpc_low", "fpc_high", "method", "confidence",
)


def question_population(raw, dialogue_id: str, group_id: str) -> int | None:
    """Printed number of people present for a question: group members, or the dialogue's attendees."""
    if group_id != "all":
        g = raw.groups[(raw.groups["dialogue_id"] == dialogue_id) & (raw.groups["group_id"] == group_id)]
        if not g.empty and not pd.isna(g.iloc[0]["members"]):
            return int(g.iloc[0]["members"])
        return None
    d = raw.dialogues[raw.dialogues["dialogue_id"] == dialogue_id]
    if not d.empty and not pd.isna(d.iloc[0]["attendees"]):
        return int(d.iloc[0]["attendees"])
    return None


def build_bounds(raw, dialogue_id: str, confidence: float = 0.95, method: str = "wilson") -> pd.DataFrame:
    """``bounds.csv`` rows of one dialogue: per option with a printed count and known population,
    the respondents-only interval (``method``, any of :data:`dialogstats.stats.intervals.METHODS`),
    Manski's bounds and the exact finite-population interval.

    Zero rows (with the full header) when no question qualifies. Rows follow
    group, question and the raw order of options.
    """
    from dialogstats.stats import intervals, nonresponse

    intervals.check_method(method)
    valid = list(raw.dialogues["dialogue_id"])
    if dialogue_id not in valid:
        raise UnknownNameError("dialogue", dialogue_id, valid)
    questions = raw.questions[raw.questions["dialogue_id"] == dialogue_id].sort_values(["group_id", "question_id"], kind="mergesort")
    records = []
    for qid, asked_if in zip(questions["question_id"], questions["asked_if"].fillna("")):
        if asked_if:
            # A follow-up was put only to those who chose an option: those present are not its population.
            continue
        b = question_basis(raw, qid)
        population = question_population(raw, b.dialogue_id, b.group_id)
        if population is None or b.n is None or b.basis not in PEOPLE_BASES or b.n_source not in ("n_reported", "sum_of_counts"):
            continue
        if b.n > population:
            continue
        for option, count in zip(b.options, b.counts):
            if math.isnan(count) or count > b.n:
                continue
            views = nonresponse.nonresponse_summary(int(count), b.n, population, method=method, confidence=confidence)
            records.append({
                "dialogue_id": b.dialogue_id, "group_id": b.group_id, "question_id": qid, "option": option,
                "count": views["x"], **{k: v for k, v in views.items() if k != "x"},
                "method": method, "confidence": confidence,
            })
    df = pd.DataFrame.from_records(records, columns=list(BOUNDS_COLUMNS))
    for column in ("count", "respondents", "population"):
        df[column] = df[column].astype("Int64")
    for column in ("share", "ci_low", "ci_high", "manski_low", "manski_high", "fpc_low", "fpc_high", "confidence"):
        df[column] = df[column].astype("float64")
    return df


DESIGN_EFFECT_COLUMNS: tuple[str, ...] = (
    "dialogue_id", "group_id", "question_id", "option", "count", "n", "icc", "cluster_size", "design_effect",
    "n_effective", "ci_low", "ci_high", "width", "width_ratio", "method", "confidence", "effective_method",
)
DEFAULT_ICCS: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2)
DEFAULT_CLUSTER_SIZES: tuple[int, ...] = (3, 4, 5, 6, 7, 8)
#: Smallest effective sample size kept in ``design_effect.csv``: an interval resting on less than
#: two independent answers' worth of information (reached only with correlations near 1) says
#: nothing about a share that a reader could use.
MIN_EFFECTIVE_N: float = 2.0


def design_cell_fits(n: int, cluster_size: int, n_effective: float) -> bool:
    """Whether a (group size, ICC) cell is meaningful for a question answered by ``n`` people.

    A discussion group cannot be larger than the respondents (``cluster_size <= n``), and the
    effective sample size must reach :data:`MIN_EFFECTIVE_N`.
    """
    return cluster_size <= n and n_effective >= MIN_EFFECTIVE_N


def build_design_effect(
    raw,
    confidence: float = 0.95,
    method: str = "wilson",
    iccs: tuple[float, ...] = DEFAULT_ICCS,
    cluster_sizes: tuple[int, ...] = DEFAULT_CLUSTER_SIZES,
) -> pd.DataFrame:
    """Sensitivity of every interval to answers correlated within discussion groups (``design_effect.csv``).

    In dialogues that collected individual forms after a group discussion, answers within a
    group may be alike. With groups of ``m`` and intra-group correlation ``ICC`` the variance of a
    share grows by the design effect ``1 + (m - 1) ICC`` (Kish 1965, *Survey Sampling*; Kish 1995,
    *Journal of Official Statistics* 11:55-77), i.e. the information is that of ``n / deff``
    independent answers. Per option with a printed count and a denominator of people, for every
    ICC and group size that fit (:func:`design_cell_fits`: a group no larger than the respondents,
    an effective size of at least :data:`MIN_EFFECTIVE_N`): the interval from
    :func:`dialogstats.stats.clustering.design_effect_interval` (no degrees-of-freedom correction;
    the module explains why), its width, and the ratio of that width to the width of the same
    interval without correlation (ICC 0). ``method`` is any of
    :data:`dialogstats.stats.intervals.METHODS`; ``effective_method`` is the method evaluated at
    the effective size (Clopper-Pearson for Blaker, which needs integer counts). A question
    answered by fewer people than the smallest group size gets no rows.
    """
    from dialogstats.stats import clustering, intervals

    intervals.check_method(method)
    used = clustering.effective_method(method)
    forms = set(raw.dialogues.loc[raw.dialogues["collection"] == "forms", "dialogue_id"])
    questions = raw.questions[raw.questions["dialogue_id"].isin(forms)].sort_values(["dialogue_id", "group_id", "question_id"], kind="mergesort")
    records = []
    for qid in questions["question_id"]:
        b = question_basis(raw, qid)
        if b.n is None or b.basis not in PEOPLE_BASES or b.n_source not in ("n_reported", "sum_of_counts"):
            continue
        for option, count in zip(b.options, b.counts):
            if math.isnan(count) or count > b.n:
                continue
            for icc in iccs:
                for m in cluster_sizes:
                    n_effective = clustering.effective_sample_size(b.n, m, icc)
                    if not design_cell_fits(b.n, m, n_effective):
                        continue
                    records.append({
                        "dialogue_id": b.dialogue_id, "group_id": b.group_id, "question_id": qid, "option": option,
                        "count": int(count), "n": b.n, "icc": float(icc), "cluster_size": int(m),
                        "design_effect": float(clustering.design_effect(m, icc)), "n_effective": float(n_effective),
                        "method": method, "confidence": confidence, "effective_method": used,
                    })
    df = pd.DataFrame.from_records(records, columns=list(DESIGN_EFFECT_COLUMNS))
    if records:
        # All intervals in one vectorised call: with correlation, and without it (for the width ratio).
        x, n = df["count"].to_numpy(int), df["n"].to_numpy(int)
        low, high = clustering.design_effect_intervals(x, n, df["cluster_size"].to_numpy(float), df["icc"].to_numpy(float), method, confidence)
        base_low, base_high = clustering.design_effect_intervals(x, n, 1.0, 0.0, method, confidence)
        base_width = base_high - base_low
        df["ci_low"], df["ci_high"], df["width"] = low, high, high - low
        with np.errstate(divide="ignore", invalid="ignore"):
            df["width_ratio"] = np.where(base_width > 0, (high - low) / base_width, np.nan)
    for column in ("count", "n", "cluster_size"):
        df[column] = df[column].astype("Int64")
    for column in ("icc", "design_effect", "n_effective", "ci_low", "ci_high", "width", "width_ratio", "confidence"):
        df[column] = df[column].astype("float64")
    return df


def nonresponse_overview(raw, confidence: float = 0.95, method: str = "wilson") -> pd.DataFrame:
    """The first option of every question with nonresponse (respondents fewer than those present),
    across all dialogues, with the columns of ``bounds.csv``."""
    parts = [build_bounds(raw, d, confidence, method) for d in raw.dialogues["dialogue_id"]]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=list(BOUNDS_COLUMNS))
    table = pd.concat(parts, ignore_index=True)
    table = table[table["respondents"] < table["population"]]
    return table.groupby("question_id", sort=False).head(1).reset_index(drop=True)
