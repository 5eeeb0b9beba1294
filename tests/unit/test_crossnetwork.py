"""Specification of the cross-network comparisons and the checks of comparative statements."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.analysis import crossnetwork
from dialogstats.data.rawdata import RawData


def fisher_two_sided(x1: int, n1: int, x2: int, n2: int) -> float:
    # Fisher's exact test written out from the hypergeometric probabilities (both margins fixed).
    m, total = x1 + x2, n1 + n2
    probs = {a: math.comb(n1, a) * math.comb(n2, m - a) / math.comb(total, m) for a in range(max(0, m - n2), min(n1, m) + 1)}
    return min(1.0, sum(p for p in probs.values() if p <= probs[x1] * (1 + 1e-7)))


def holm(p: list[float]) -> list[float]:
    # Holm (1979) step-down written out: k-th smallest times (m - k + 1), made monotone, capped at 1.
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for k, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - k) * p[i]))
        out[i] = running
    return out


def make_raw(questions: dict[str, dict], respondents: dict[str, int | None] | None = None) -> RawData:
    """Dialogues ``d1, d2, ...``, one question each (in construct ``c`` unless ``construct`` is given), options from
    ``{option: (count, percent)}``; ``multi``/``ticks`` make a question of ticks with a printed total of answers."""
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
                       "multi_select": spec.get("multi", False), "percent_base": "answers" if spec.get("multi") else "respondents",
                       "n_reported": spec.get("n"), "nonresponse_reported": None, "answers_total_reported": spec.get("ticks"),
                       "construct": spec.get("construct", "c"), "response_type": spec.get("type", "yes_no")})
        for option, (count, percent) in spec["options"].items():
            r_rows.append({"question_id": qid, "option": option, "label_en": option, "label_sv": option, "count": count,
                           "percent_reported": math.nan if percent is None else float(percent), "approx": False, "combines": ""})
    q = pd.DataFrame(q_rows)
    for c in ("n_reported", "nonresponse_reported", "answers_total_reported"):
        q[c] = pd.array(q[c], dtype="Int64")
    r = pd.DataFrame(r_rows)
    r["count"] = pd.array(r["count"], dtype="Int64")
    names = sorted({spec.get("construct", "c") for spec in questions.values()})
    constructs = pd.DataFrame({"construct": names, "label_en": names, "label_sv": names, "comparability": "same_wording"})
    return RawData(dialogues, groups, q, r, constructs, pd.DataFrame(), raw_dir=None)


NEWCOMBE_EXAMPLE = {  # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, example (a): 56/70 vs 48/80
    "d1__q": {"options": {"yes": (56, None), "no": (14, None)}},
    "d2__q": {"options": {"yes": (48, None), "no": (32, None)}},
}


def test_comparisons_have_exactly_the_documented_columns():
    table = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE))
    assert list(table.columns) == ["construct", "option", "a", "b", "basis_a", "basis_b", "n_a", "n_b", "share_a", "share_b",
                                   "diff", "diff_ci_low", "diff_ci_high", "test", "p_min", "p_value", "p_adjusted", "family",
                                   "adjustment", "not_tested_reason"]


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


def test_false_discovery_rate_uses_benjamini_yekutieli_when_tests_share_people():
    # The two options of one pair use the same people: BY, i.e. BH times 1 + 1/2 for a family of two.
    table = crossnetwork.build_comparisons(make_raw(NEWCOMBE_EXAMPLE), adjust="fdr")
    fisher = table[table["test"] == "fisher"]
    assert set(fisher["adjustment"]) == {"fdr_by"}
    assert list(fisher["p_adjusted"]) == pytest.approx([min(1.0, p * 1.5) for p in fisher["p_value"]])


def test_three_option_questions_get_a_test_of_the_whole_distribution():
    raw = make_raw({"d1__q": {"options": {"yes": (5, None), "no": (3, None), "other": (2, None)}},
                    "d2__q": {"options": {"yes": (1, None), "no": (3, None), "other": (6, None)}}})
    whole = crossnetwork.build_comparisons(raw).query("option == ''")
    assert list(whole["test"]) == ["fisher_freeman_halton"]


def test_collapsed_likert_questions_get_the_ordinal_test():
    raw = make_raw({"d1__q": {"options": {"1-2": (1, None), "3": (2, None), "4-5": (5, None)}},
                    "d2__q": {"options": {"1-2": (5, None), "3": (2, None), "4-5": (1, None)}}})
    assert "ordinal" in set(crossnetwork.build_comparisons(raw)["test"])


def test_percentages_over_a_range_of_denominators_are_shown_but_not_tested():
    raw = make_raw({"d1__q": {"options": {"yes": (None, 75), "no": (None, 25)}}, "d2__q": {"options": {"yes": (3, None), "no": (4, None)}}})
    table = crossnetwork.build_comparisons(raw)
    assert set(table["not_tested_reason"]) == {"denominator_range"}
    assert table["p_value"].isna().all() and table["diff"].isna().all()
    assert table.iloc[0]["share_a"] == pytest.approx(0.75)


def test_percentages_at_the_printed_respondents_are_tested_at_that_n():
    raw = make_raw({"d1__q": {"options": {"yes": (None, 75), "no": (None, 25)}}, "d2__q": {"options": {"yes": (3, None), "no": (4, None)}}},
                   {"d1": 8})
    row = crossnetwork.build_comparisons(raw).iloc[0]
    assert (row["n_a"], row["share_a"], row["not_tested_reason"]) == (8, 0.75, "")
    assert row["p_value"] == pytest.approx(fisher_two_sided(6, 8, 3, 7))


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


def test_a_percentage_is_read_at_the_printed_respondents_when_they_fit():
    raw = make_raw({"d1__q": {"options": {"4-5": (None, 75)}}, "d2__q": {"options": {"4-5": (None, 14)}}}, {"d1": 8, "d2": 7})
    # 75 % is 6 of the 8 respondents; 14 % is 1 of the 7.
    assert crossnetwork.feasible_readings(raw, "d1__q", "4-5") == [(6, 8)]
    assert crossnetwork.feasible_readings(raw, "d2__q", "4-5") == [(1, 7)]


def test_a_percentage_is_read_at_every_feasible_denominator_when_no_printed_number_fits():
    raw = make_raw({"d1__q": {"options": {"4-5": (None, 75)}}, "d2__q": {"options": {"4-5": (None, 14)}}}, {"d1": 10, "d2": 7})
    # 75 % is no x/10; up to 10 it is 3 of 4 or 6 of 8.
    assert crossnetwork.feasible_readings(raw, "d1__q", "4-5") == [(3, 4), (6, 8)]


# --- like with like: ticks are not people ----------------------------------------------------

TICKS_AND_PEOPLE = {
    # Single choice: 9 of 19 people yes, 7 lack a model.
    "d1__q": {"n": 19, "options": {"yes": (9, None), "no_lacks_model": (7, None), "other": (3, None)}},
    # Ticks: yes 2 and 6 ticks of "lacks a model" among 15 ticks (several No reasons could be ticked).
    "d2__q": {"multi": True, "ticks": 15, "options": {"yes": (2, None), "no_lacks_model": (6, None)}},
}


def test_a_yes_beside_no_reasons_is_compared_as_people_out_of_the_printed_respondents():
    table = crossnetwork.build_comparisons(make_raw(TICKS_AND_PEOPLE, {"d2": 8}))
    yes = table[(table["option"] == "yes") & (table["test"] == "fisher")].iloc[0]
    assert (yes["basis_b"], yes["n_b"], yes["share_b"], yes["not_tested_reason"]) == ("respondents", 8, 0.25, "")
    assert yes["p_value"] == pytest.approx(fisher_two_sided(9, 19, 2, 8))


def test_a_no_reason_that_could_be_ticked_with_others_is_not_tested_against_a_single_choice():
    table = crossnetwork.build_comparisons(make_raw(TICKS_AND_PEOPLE, {"d2": 8}))
    reason = table[table["option"] == "no_lacks_model"]
    assert set(reason["not_tested_reason"]) == {"ticks"} and reason["p_value"].isna().all() and reason["diff"].isna().all()
    assert (reason.iloc[0]["basis_b"], reason.iloc[0]["share_b"]) == ("answers", pytest.approx(6 / 15))


def test_ticks_without_printed_respondents_are_never_tested():
    table = crossnetwork.build_comparisons(make_raw(TICKS_AND_PEOPLE))
    assert set(table["not_tested_reason"]) == {"ticks"}


def test_no_tested_row_sets_ticks_against_people():
    table = crossnetwork.build_comparisons(make_raw(TICKS_AND_PEOPLE, {"d2": 8}))
    tested = table[table["p_value"].notna()]
    assert set(tested["basis_a"]) | set(tested["basis_b"]) <= {"respondents", "codes"}


def test_codes_of_free_text_are_compared_out_of_the_printed_answers():
    raw = make_raw({"d1__c": {"type": "coded_free_text", "n": 15, "options": {"a": (9, None), "b": (7, None)}},
                    "d2__c": {"type": "coded_free_text", "n": 22, "options": {"a": (6, None), "b": (2, None)}}})
    fisher = crossnetwork.build_comparisons(raw).query("test == 'fisher'")
    assert list(fisher["n_a"]) == [15, 15] and set(fisher["basis_a"]) == {"codes"}
    assert list(fisher["p_value"]) == pytest.approx([fisher_two_sided(9, 15, 6, 22), fisher_two_sided(7, 15, 2, 22)])
    assert "fisher_freeman_halton" not in set(crossnetwork.build_comparisons(raw)["test"])


# --- multiplicity: attainable p-values and families ---------------------------------------------

def test_groups_too_small_to_reach_significance_get_no_test():
    # 1 of 1 against 0 of 1: every outcome gives Fisher p = 1 and Boschloo p >= 0.5.
    raw = make_raw({"d1__q": {"options": {"yes": (1, None), "no": (0, None)}}, "d2__q": {"options": {"yes": (0, None), "no": (1, None)}}})
    table = crossnetwork.build_comparisons(raw)
    assert set(table["not_tested_reason"]) == {"cannot_reach_significance"}
    assert table["p_value"].isna().all() and table["family"].eq("").all()
    assert table.query("test == 'fisher'")["p_min"].tolist() == [1.0, 1.0]
    assert table.iloc[0]["diff"] == 1.0  # the difference is still shown


def test_each_construct_and_kind_of_test_is_its_own_family():
    questions = {
        "d1__a": {"construct": "a", "options": {"yes": (20, None), "no": (2, None)}},
        "d2__a": {"construct": "a", "options": {"yes": (5, None), "no": (15, None)}},
        "d1__b": {"construct": "b", "options": {"yes": (10, None), "no": (10, None)}},
        "d2__b": {"construct": "b", "options": {"yes": (8, None), "no": (12, None)}},
    }
    table = crossnetwork.build_comparisons(make_raw(questions))
    assert set(table["family"]) == {"a/fisher", "a/boschloo", "b/fisher", "b/boschloo"}
    for family, rows in table.groupby("family"):
        assert list(rows["p_adjusted"]) == pytest.approx(holm(list(rows["p_value"])))
    fisher_a = table.query("family == 'a/fisher'")
    assert list(fisher_a["p_value"]) == pytest.approx([fisher_two_sided(20, 22, 5, 20), fisher_two_sided(2, 22, 15, 20)])


def test_rows_without_a_test_are_left_out_of_the_family():
    questions = dict(TICKS_AND_PEOPLE)
    table = crossnetwork.build_comparisons(make_raw(questions, {"d2": 8}))
    yes = table.query("option == 'yes' and test == 'fisher'").iloc[0]
    # The only test of its family: Holm leaves it as it is.
    assert yes["p_adjusted"] == pytest.approx(yes["p_value"]) and yes["family"] == "c/fisher"
