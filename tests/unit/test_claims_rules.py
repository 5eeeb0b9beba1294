"""The claim kinds added to the engine, on small synthetic tables with hand-computed references.

References:
* Wilson (1927, JASA 22:209-212) limits and Newcombe's (1998, Stat Med 17:873-890) method 10 are
  recomputed here from their closed formulas; Newcombe's Table II: 56/70 - 48/80 -> 0.0524 to 0.3339.
* Exact McNemar p-values are the two-sided binomial test of the discordant pairs, written out as
  sums of binomial coefficients in the comments (and, in the property test, scipy's binomtest).
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import binomtest, norm

from dialogstats.analysis.claims import Setting, assess_claims
from dialogstats.analysis.claims.compare import mcnemar_p, paired_range
from dialogstats.analysis.claims.core import difference_limits
from dialogstats.errors import ParameterError

NO_AUDIT = pd.DataFrame(columns=["question_id", "option", "check", "status", "detail"])
EMPTY_GRID = pd.DataFrame(columns=["claim_id", "method", "confidence", "icc", "verdict"])


def wilson(x: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    z = norm.ppf(0.5 + confidence / 2)
    p, z2 = x / n, z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def newcombe_low(x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95) -> float:
    l1, _ = wilson(x1, n1, confidence)
    _, u2 = wilson(x2, n2, confidence)
    return x1 / n1 - x2 / n2 - math.sqrt((x1 / n1 - l1) ** 2 + (u2 - x2 / n2) ** 2)


def make_raw(questions: dict, claims: list[dict], dialogues: dict | None = None, members: dict | None = None):
    """``questions``: id -> (dialogue, n, {option: count}, kind); one group ``all`` per dialogue (or ``g``)."""
    qrows, rrows = [], []
    for qid, (dialogue, n, options, kind) in questions.items():
        group = "g" if members and dialogue in members else "all"
        qrows.append({"question_id": qid, "dialogue_id": dialogue, "group_id": group, "response_type": kind,
                      "multi_select": kind == "multi_select", "percent_base": "respondents", "n_reported": n,
                      "answers_total_reported": None, "asked_if": ""})
        for option, count in options.items():
            rrows.append({"question_id": qid, "option": option, "count": count, "percent_reported": None,
                          "combines": "", "approx": False})
    q, r = pd.DataFrame(qrows), pd.DataFrame(rrows)
    for frame, cols in ((q, ["n_reported", "answers_total_reported"]), (r, ["count"])):
        for col in cols:
            frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    r["percent_reported"] = r["percent_reported"].astype("float64")
    ids = sorted({d for d, *_ in questions.values()} | set(dialogues or {}))
    dialogues = dialogues or {}
    d = pd.DataFrame({"dialogue_id": ids,
                      "attendees": pd.array([dialogues.get(i, (None, None))[0] for i in ids], dtype="Int64"),
                      "respondents": pd.array([dialogues.get(i, (None, None))[1] for i in ids], dtype="Int64")})
    g_rows = [{"dialogue_id": i, "group_id": "all", "members": None} for i in ids]
    g_rows += [{"dialogue_id": i, "group_id": "g", "members": m} for i, m in (members or {}).items()]
    g = pd.DataFrame(g_rows)
    g["members"] = pd.array(g["members"].tolist(), dtype="Int64")
    return SimpleNamespace(dialogues=d, groups=g, questions=q, responses=r, claims=pd.DataFrame(claims))


def claim(check, question_ids, check_option="", condition="", dialogue="d1", figure="", reference="", claim_id="c"):
    return {"claim_id": claim_id, "statement_id": claim_id, "chapter": "analysis", "area": "implementation",
            "dialogue_id": dialogue, "question_ids": question_ids, "check": check, "check_option": check_option,
            "condition": condition, "claim_en": "a claim", "claim_sv": "ett påstående", "label_en": "claim",
            "label_sv": "påstående", "figure_reported": figure, "locator": "x", "marker": "", "reference": reference,
            "note": ""}


def assess(raw, **kwargs):
    return assess_claims(raw, audit=NO_AUDIT, robustness=EMPTY_GRID, **kwargs).iloc[0]


def yes_no(dialogue, yes, n):
    return (dialogue, n, {"yes": yes, "no": n - yes}, "yes_no")


# --- exceeds between dialogues: Newcombe, Holm-adjusted ------------------------------------------


def test_one_comparison_uses_the_newcombe_interval_at_the_stated_level():
    raw = make_raw({"a": yes_no("d1", 56, 70), "b": yes_no("d2", 48, 80)}, [claim("exceeds", "a;b", "yes")])
    row = assess(raw)
    assert row["verdict"] == "supported" and row["reason_code"] == "difference_established"
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(0.0524, abs=5e-5), pytest.approx(0.3339, abs=5e-5))


def test_three_comparisons_are_holm_adjusted():
    # 9/10 against 4/10 clears 0 at 95 % but not at 1 - 0.05/3 (Holm's first level for three comparisons).
    assert newcombe_low(9, 10, 4, 10) > 0 > newcombe_low(9, 10, 4, 10, 1 - 0.05 / 3)
    single = make_raw({"a": yes_no("d1", 9, 10), "b": yes_no("d2", 4, 10)}, [claim("exceeds", "a;b", "yes")])
    assert assess(single)["verdict"] == "supported"
    three = make_raw({"a": yes_no("d1", 9, 10), "b": yes_no("d2", 4, 10), "c": yes_no("d3", 4, 10),
                      "d": yes_no("d4", 4, 10)}, [claim("exceeds", "a;b;c;d", "yes")])
    row = assess(three)
    assert (row["verdict"], row["reason_code"]) == ("not_supported_at_this_n", "difference_not_established")
    assert "Holm over 3 comparisons" in row["reason"]
    assert row["ci_low"] == pytest.approx(newcombe_low(9, 10, 4, 10, 1 - 0.05 / 3), abs=1e-9)


def test_holm_steps_down_once_the_clearest_comparison_is_established():
    # 9/10 - 0/10 clears 0 at 1 - 0.05/2; then 9/10 - 4/10 needs only 95 %... but also clears 97.5 %.
    assert newcombe_low(9, 10, 0, 10, 0.975) > 0 and newcombe_low(9, 10, 4, 10, 0.975) > 0
    raw = make_raw({"a": yes_no("d1", 9, 10), "b": yes_no("d2", 0, 10), "c": yes_no("d3", 4, 10)},
                   [claim("exceeds", "a;b;c", "yes")])
    assert assess(raw)["verdict"] == "supported"
    # 9/10 - 5/10 fails at 97.5 %, so after the clear one it is tested at 95 % and still fails there.
    assert newcombe_low(9, 10, 5, 10) < 0
    raw = make_raw({"a": yes_no("d1", 9, 10), "b": yes_no("d2", 0, 10), "c": yes_no("d3", 5, 10)},
                   [claim("exceeds", "a;b;c", "yes")])
    row = assess(raw)
    assert row["verdict"] == "not_supported_at_this_n" and "1 of 2 comparisons not established" in row["reason"]


def test_a_difference_the_other_way_is_reported_as_reversed():
    raw = make_raw({"a": yes_no("d1", 1, 20), "b": yes_no("d2", 18, 20)}, [claim("exceeds", "a;b", "yes")])
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("not_supported_at_this_n", "difference_reversed")


def test_mover_with_wilson_limits_is_newcombes_interval():
    d, low, high = difference_limits(9, 10, 1.0, 3, 10, 1.0, Setting())
    assert (low, high) == (pytest.approx(0.1705, abs=5e-5), pytest.approx(0.8090, abs=5e-5))
    assert d == pytest.approx(0.6)


# --- paired shares: the range of joint tables ------------------------------------------------------


def test_mcnemar_p_is_the_two_sided_binomial_test_of_the_discordant_pairs():
    assert mcnemar_p(6, 0) == pytest.approx(2 * 0.5**6)
    assert mcnemar_p(9, 3) == pytest.approx(2 * (1 + 12 + 66 + 220) / 4096)
    assert mcnemar_p(4, 4) == 1.0 and mcnemar_p(0, 0) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40))
def test_mcnemar_p_agrees_with_scipys_binomial_test(b: int, c: int) -> None:
    expected = 1.0 if b + c == 0 else binomtest(b, b + c, 0.5).pvalue
    assert mcnemar_p(b, c) == pytest.approx(min(1.0, expected), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))))
def test_paired_range_covers_every_joint_table_the_margins_allow(case) -> None:
    n, x1, x2 = case
    p_min, p_max, a_low, a_high = paired_range(x1, x2, n)
    assert a_low == max(0, x1 + x2 - n) and a_high == min(x1, x2)
    every = [mcnemar_p(x1 - a, x2 - a) for a in range(a_low, a_high + 1)]
    assert (p_min, p_max) == (min(every), max(every))


def test_two_questions_of_one_form_are_compared_over_the_joint_tables():
    # 31 and 26 Yes of the same 36: yes to both runs from 21 to 26. At 26, b = 5, c = 0:
    # p = 2 * 0.5**5 = 0.0625; at 21, b = 10, c = 5: p = 2 * P(Bin(15, .5) <= 5) = 0.302.
    raw = make_raw({"a": yes_no("d1", 31, 36), "b": yes_no("d1", 26, 36)}, [claim("exceeds", "a;b", "yes")])
    row = assess(raw)
    assert row["verdict"] == "not_supported_at_this_n" and "21 to 26 answering yes to both" in row["reason"]
    assert "0.0625 to 0.302" in row["reason"]
    # At 90 % the smallest p (0.0625) is below alpha and the largest is not: the joint table decides.
    row = assess(raw, confidence=0.90)
    assert (row["verdict"], row["reason_code"]) == ("cannot_be_checked", "joint_table_decides")


def test_paired_difference_established_at_every_joint_table_is_supported():
    # 20 against 4 of 24: at a = 4, b = 16, c = 0, p = 2 / 2**16; at a = 0, b = 20, c = 4: p = 0.0015.
    assert binomtest(4, 24, 0.5).pvalue < 0.05
    raw = make_raw({"a": yes_no("d1", 20, 24), "b": yes_no("d1", 4, 24)}, [claim("exceeds", "a;b", "yes")])
    assert assess(raw)["verdict"] == "supported"


# --- rankings -------------------------------------------------------------------------------------


def test_a_tie_is_no_ranking():
    raw = make_raw({"q": ("d1", 14, {"war": 8, "world": 8, "energy": 1}, "coded_free_text")},
                   [claim("ranking", "q", "war", "top:1")])
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("not_supported_at_this_n", "ranking_not_established")
    assert "tie" in row["reason"]


def test_bottom_ranking_needs_every_comparison_after_holm():
    raw = make_raw({"a": yes_no("d1", 0, 20), "b": yes_no("d2", 18, 20), "c": yes_no("d3", 19, 20)},
                   [claim("ranking", "a;b;c", "yes", "bottom:1")])
    assert newcombe_low(18, 20, 0, 20, 0.975) > 0
    assert assess(raw)["verdict"] == "supported"


def test_second_position_needs_one_above_and_the_rest_below():
    qs = {"first": yes_no("d1", 19, 20), "second": yes_no("d2", 10, 20), "third": yes_no("d3", 0, 20)}
    raw = make_raw(qs, [claim("ranking", "second;first;third", "yes", "position:2")])
    assert newcombe_low(19, 20, 10, 20, 0.975) > 0 and newcombe_low(10, 20, 0, 20, 0.975) > 0
    assert assess(raw)["verdict"] == "supported"
    raw = make_raw(qs, [claim("ranking", "second;first;third", "yes", "top:1")])
    assert assess(raw)["reason_code"] == "ranking_contradicted"


def test_a_ranking_condition_that_does_not_fit_the_items_is_refused():
    raw = make_raw({"a": yes_no("d1", 1, 2), "b": yes_no("d2", 1, 2)}, [claim("ranking", "a;b", "yes", "top:2")])
    with pytest.raises(ParameterError, match="valid: top:k"):
        assess(raw)


# --- consistency ----------------------------------------------------------------------------------


def test_one_dialogue_that_contradicts_decides():
    assert wilson(2, 20)[1] < 0.5 and wilson(18, 20)[0] > 0.5
    raw = make_raw({"a": yes_no("d1", 18, 20), "b": yes_no("d2", 2, 20), "c": yes_no("d3", 10, 20)},
                   [claim("consistency", "a;b;c", "yes", "majority")])
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("not_supported_at_this_n", "consistency_contradicted")
    assert row["estimate"] == pytest.approx(0.1)


def test_none_contradicts_but_one_does_not_establish():
    raw = make_raw({"a": yes_no("d1", 18, 20), "b": yes_no("d2", 11, 20)},
                   [claim("consistency", "a;b", "yes", "majority")])
    assert assess(raw)["reason_code"] == "consistency_not_established"


def test_every_dialogue_establishes_it():
    raw = make_raw({"a": yes_no("d1", 18, 20), "b": yes_no("d2", 17, 20)}, [claim("consistency", "a;b", "yes", "majority")])
    assert wilson(17, 20)[0] > 0.5
    assert assess(raw)["verdict"] == "supported"


def test_majority_in_most_counts_the_questions():
    qs = {"a": yes_no("d1", 18, 20), "b": yes_no("d1", 17, 20), "c": yes_no("d1", 10, 20)}
    raw = make_raw(qs, [claim("consistency", "a;b;c", "yes", "majority_in_most")])
    assert assess(raw)["verdict"] == "supported"  # 2 of 3 establish a majority
    qs = {"a": yes_no("d1", 18, 20), "b": yes_no("d1", 2, 20), "c": yes_no("d1", 1, 20)}
    raw = make_raw(qs, [claim("consistency", "a;b;c", "yes", "majority_in_most")])
    assert assess(raw)["reason_code"] == "consistency_contradicted"  # at most 1 of 3 could be a majority


# --- sums of options of a multi-select question -------------------------------------------------------


def test_a_sum_of_overlapping_options_is_a_range_of_people():
    # 10 and 6 of 20 respondents ticked a and b: 10 to 16 people chose either, 50 to 80 %.
    raw = make_raw({"q": ("d1", 20, {"a": 10, "b": 6, "c": 8}, "multi_select")},
                   [claim("sum_of_options", "q", "a;b", figure="80 %")])
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("not_supported_at_this_n", "sum_overstates_people")
    assert (row["range_low"], row["range_high"]) == (pytest.approx(0.5), pytest.approx(0.8))


def test_a_sum_above_the_people_is_capped_at_all_of_them():
    raw = make_raw({"q": ("d1", 10, {"a": 8, "b": 7}, "multi_select")}, [claim("sum_of_options", "q", "a;b", figure="150 %")])
    row = assess(raw)
    assert row["verdict"] == "rests_on_inconsistent_figures" and row["range_high"] == pytest.approx(1.0)


@pytest.mark.parametrize("figure", ["80 %", "80%", "in total 80% (50% + 30%)", "totalt 80 %"])
def test_a_sum_of_exclusive_options_describes_a_share_of_people(figure):
    # The stated total is the first percentage of figure_reported, written with or without a space.
    raw = make_raw({"q": ("d1", 20, {"a": 10, "b": 6, "c": 4}, "single_choice")},
                   [claim("sum_of_options", "q", "a;b", figure=figure)])
    row = assess(raw)
    assert (row["verdict"], row["estimate"]) == ("supported", pytest.approx(0.8))


# --- magnitude: statements about the evidence -------------------------------------------------------


def test_a_response_rate_is_measured_against_the_stated_yardstick():
    raw = make_raw({"a": yes_no("d1", 5, 10)}, [claim("magnitude", "", condition="response_rate", reference="10 of 40")],
                   dialogues={"d1": (40, 10)})
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("supported", "magnitude_confirmed")
    assert "Baruch & Holtom" in row["reason"] and "75 points wide" in row["reason"]
    raw = make_raw({"a": yes_no("d1", 5, 10)}, [claim("magnitude", "", condition="response_rate", reference="36 of 68")],
                   dialogues={"d1": (68, 36)})
    row = assess(raw)
    assert row["reason_code"] == "magnitude_not_confirmed" and "above 94 %" in row["reason"]


def test_small_groups_are_measured_by_the_width_of_a_half_share():
    lo, hi = wilson(4, 8)
    assert hi - lo > 0.2
    raw = make_raw({"a": yes_no("d1", 4, 8)}, [claim("magnitude", "", condition="small_groups:all", reference="8")])
    row = assess(raw)
    assert row["verdict"] == "supported" and row["estimate"] == pytest.approx(hi - lo)
    big = make_raw({"a": yes_no("d1", 200, 400)}, [claim("magnitude", "", condition="small_groups:all", reference="400")])
    assert assess(big)["verdict"] == "not_supported_at_this_n"


def test_evidence_statements_without_a_yardstick_cannot_be_checked():
    raw = make_raw({"a": yes_no("d1", 4, 8)}, [claim("magnitude", "", reference="2 of 5 networks")])
    row = assess(raw)
    assert (row["verdict"], row["reason_code"]) == ("cannot_be_checked", "evidence_statement")
    assert "2 of 5 networks" in row["reason"]


def test_no_figures_cannot_be_checked():
    raw = make_raw({"a": yes_no("d1", 4, 8)}, [claim("no_figures", "")])
    assert assess(raw)["reason_code"] == "no_figures"


# --- robustness: the design effect of answers written after group discussion --------------------------


def test_a_design_effect_at_the_printed_group_size_can_change_a_verdict():
    from dialogstats.analysis.claims import robustness_grid
    from dialogstats.stats.clustering import design_effect_interval

    # 17 of 20 members: Wilson's lower limit is 0.640 at ICC 0; with ICC 0.1 in one group of 20,
    # deff = 1 + 19 * 0.1 = 2.9 and the interval at the effective size reaches below 0.5.
    assert wilson(17, 20)[0] > 0.5
    assert design_effect_interval(17, 20, 20, 0.1, "wilson")[0] < 0.5
    raw = make_raw({"a": yes_no("d1", 17, 20)}, [claim("majority", "a", "yes")], members={"d1": 20})
    grid = robustness_grid(raw, audit=NO_AUDIT, methods=("wilson",), levels=(0.95,))
    assert dict(zip(grid["icc"], grid["verdict"])) == {0.0: "supported", 0.05: "supported",
                                                        0.1: "not_supported_at_this_n"}
    assert design_effect_interval(17, 20, 20, 0.05, "wilson")[0] > 0.5
