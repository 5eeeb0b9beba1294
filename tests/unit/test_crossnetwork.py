"""Specification of the cross-network comparisons and the checks of comparative statements."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.analysis import crossnetwork
from dialogstats.data.rawdata import RawData


def make_raw(questions: dict[str, dict], respondents: dict[str, int | None] | None = None) -> RawData:
    """Dialogues ``d1, d2, ...``, one question each (all in construct ``c``), options from ``{option: (count, percent)}``."""
    dialogue_ids = sorted({qid.split("__")[0] for qid in questions})
    respondents = respondents or {}
    dialogues = pd.DataFrame({
        "dialogue_id": dialogue_ids, "name_en": [d.upper() for d in dialogue_ids], "name_sv": [d.upper() for d in dialogue_ids],
        "attendees": pd.array([None] * len(dialogue_ids), dtype="Int64"),
        "respondents": pd.array([respondents.get(d) for d in dialogue_ids], dtype="Int64"),
    })
    groups = pd.DataFrame({"dialogue_id": dialogue_ids, "group_id": "all", "name_en": "all", "name_sv": "alla",
                           "members": pd.array([None] * len(dialogue_ids), dtype="Int64")})
    q_rows, r_rows = [], []
    for qid, spec in questions.items():
        q_rows.append({"question_id": qid, "dialogue_id": qid.split("__")[0], "group_id": "all", "label_en": qid, "label_sv": qid,
                       "multi_select": False, "percent_base": "respondents", "n_reported": spec.get("n"),
                       "nonresponse_reported": None, "answers_total_reported": None, "construct": "c"})
        for option, (count, percent) in spec["options"].items():
            r_rows.append({"question_id": qid, "option": option, "label_en": option, "label_sv": option, "count": count,
                           "percent_reported": math.nan if percent is None else float(percent), "approx": False, "combines": ""})
    q = pd.DataFrame(q_rows)
    for c in ("n_reported", "nonresponse_reported", "answers_total_reported"):
        q[c] = pd.array(q[c], dtype="Int64")
    r = pd.DataFrame(r_rows)
    r["count"] = pd.array(r["count"], dtype="Int64")
    constructs = pd.DataFrame({"construct": ["c"], "label_en": ["C"], "label_sv": ["C"], "comparability": ["same_wording"]})
    return RawData(dialogues, groups, q, r, constructs, pd.DataFrame(), raw_dir=None)


NEWCOMBE_EXAMPLE = {  # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, example (a): 56/70 vs 48/80
    "d1__q": {"options": {"yes": (56, None), "no": (14, None)}},
    "d2__q": {"options": {"yes": (48, None), "no": (32, None)}},
}


def test_comparisons_have_exactly_the_documented_columns():
    table = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE))
    assert list(table.columns) == ["construct", "option", "a", "b", "share_a", "share_b", "diff", "diff_ci_low",
                                   "diff_ci_high", "test", "p_value", "p_adjusted"]


def test_difference_interval_reproduces_newcombes_published_example():
    # Newcombe (1998), method 10 (hybrid score): 0.2000, 95% CI 0.0524 to 0.3339.
    row = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE)).iloc[0]
    assert (row["diff"], row["diff_ci_low"], row["diff_ci_high"]) == pytest.approx((0.2, 0.0524, 0.3339), abs=5e-5)


def test_fisher_p_value_reproduces_the_tea_tasting_table():
    # R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value  ->  0.4857 (Fisher 1935, the lady tasting tea).
    raw = make_raw({"d1__q": {"options": {"yes": (3, None), "no": (1, None)}}, "d2__q": {"options": {"yes": (1, None), "no": (3, None)}}})
    table = crossnetwork.build_comparisons(raw)
    fisher = table[(table["test"] == "fisher") & (table["option"] == "yes")].iloc[0]
    assert fisher["p_value"] == pytest.approx(0.4857, abs=5e-5)


def test_holm_adjustment_is_applied_within_each_kind_of_test():
    table = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE))
    fisher = table[table["test"] == "fisher"]
    # Two Fisher tests in the family: Holm multiplies the smaller p-value by 2.
    assert fisher["p_adjusted"].min() == pytest.approx(min(1.0, 2 * fisher["p_value"].min()))


def test_benjamini_hochberg_is_available_in_the_same_columns():
    table = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE), adjust="fdr_bh")
    fisher = table[table["test"] == "fisher"]
    # Two equal p-values: BH leaves them unchanged (p * 2 / 2).
    assert list(fisher["p_adjusted"]) == pytest.approx(list(fisher["p_value"]))


def test_three_option_questions_get_a_test_of_the_whole_distribution():
    raw = make_raw({"d1__q": {"options": {"yes": (5, None), "no": (3, None), "other": (2, None)}},
                    "d2__q": {"options": {"yes": (1, None), "no": (3, None), "other": (6, None)}}})
    whole = crossnetwork.build_comparisons(raw).query("option == ''")
    assert list(whole["test"]) == ["fisher_freeman_halton"]


def test_collapsed_likert_questions_get_the_ordinal_test():
    raw = make_raw({"d1__q": {"options": {"1-2": (1, None), "3": (2, None), "4-5": (5, None)}},
                    "d2__q": {"options": {"1-2": (5, None), "3": (2, None), "4-5": (1, None)}}})
    assert "ordinal" in set(crossnetwork.build_comparisons(raw)["test"])


def test_questions_printed_as_percentages_only_are_left_out_of_the_tests():
    raw = make_raw({"d1__q": {"options": {"yes": (None, 75), "no": (None, 25)}}, "d2__q": {"options": {"yes": (3, None), "no": (4, None)}}})
    assert crossnetwork.build_comparisons(raw).empty


def test_construct_table_has_one_row_per_question_and_option():
    table = crossnetwork.build_construct_table(make_raw(NEWCOMBE_EXAMPLE), "c")
    assert list(zip(table["question_id"], table["option"])) == [("d1__q", "yes"), ("d2__q", "yes"), ("d1__q", "no"), ("d2__q", "no")]


SAME_MEETING = {  # two yes/no items answered by the same (at most 36) respondents, percentages only
    "d1__energy": {"options": {"yes": (None, 92), "no": (None, 8)}},
    "d1__preparedness": {"options": {"yes": (None, 89), "no": (None, 11)}},
}


def test_one_point_apart_at_the_same_meeting_is_not_distinguishable():
    check = crossnetwork.largest_share_check(make_raw(SAME_MEETING, {"d1": 36}), ["d1__preparedness", "d1__energy"])
    row = check.iloc[0]
    assert (row["a"], row["b"], bool(row["distinguishable"])) == ("d1__energy", "d1__preparedness", False)


def test_the_likely_reading_is_that_all_respondents_answered():
    row = crossnetwork.largest_share_check(make_raw(SAME_MEETING, {"d1": 36}), ["d1__energy", "d1__preparedness"]).iloc[0]
    # 33 of 36 rounds to 92 % and 32 of 36 to 89 %.
    assert (row["n_likely"], row["x_a_likely"], row["x_b_likely"]) == ("36", 33, 32)


def test_one_discordant_respondent_gives_a_paired_p_value_of_one():
    # Exact McNemar test with a single discordant pair: P = 2 * 0.5 = 1.
    row = crossnetwork.largest_share_check(make_raw(SAME_MEETING, {"d1": 36}), ["d1__energy", "d1__preparedness"]).iloc[0]
    assert row["p_paired_min"] == 1.0


def test_a_large_gap_between_independent_groups_stands_out():
    raw = make_raw({"d1__q": {"options": {"yes": (20, None), "no": (0, None)}}, "d2__q": {"options": {"yes": (0, None), "no": (20, None)}}})
    check = crossnetwork.standout_check(raw, "c", "d1__q", option="yes")
    assert bool(check.iloc[0]["distinguishable"])


def test_a_percentage_is_read_at_every_feasible_denominator():
    raw = make_raw({"d1__q": {"options": {"4-5": (None, 75)}}, "d2__q": {"options": {"4-5": (None, 14)}}}, {"d1": 8, "d2": 7})
    # 75 % is 3 of 4 or 6 of 8 (n <= 8); 14 % is 1 of 7 (n <= 7).
    assert crossnetwork.feasible_readings(raw, "d1__q", "4-5") == [(3, 4), (6, 8)]
