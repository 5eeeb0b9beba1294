"""Specification of the claims scorecard: every claim, its estimate against its threshold, its verdict in words."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dialogstats.errors import ParameterError
from dialogstats.report import scorecard


def claims(k: int = 4) -> pd.DataFrame:
    kinds = ["share", "difference", "", "share"]
    verdicts = ["supported", "not_supported_at_this_n", "cannot_be_checked", "rests_on_inconsistent_figures"]
    rows = [{"claim_id": f"c{i}", "verdict": verdicts[i % 4], "estimate_kind": kinds[i % 4],
             "estimate": [0.86, 0.14, math.nan, 0.62][i % 4], "ci_low": [0.71, -0.05, math.nan, 0.51][i % 4],
             "ci_high": [0.94, 0.32, math.nan, 0.72][i % 4]} for i in range(k)]
    return pd.DataFrame(rows)


def labels_for(table: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    return {c: f"Claim {c} ({lang})" for c in table["claim_id"]}


def test_one_figure_shows_every_claim_with_its_verdict_in_words():
    table = claims()
    [result] = scorecard.claims_scorecards(table, labels_for(table))
    assert result.figure_id == "claims-scorecard"
    assert all(f"Claim c{i} (en)" in result.alt_text for i in range(4))
    assert "86% (71–94%), supported" in result.alt_text and "+14 points (−5 to +32)" in result.alt_text
    assert "no estimate, cannot be checked" in result.alt_text
    assert "supported 1" in result.caption and "4 claims with an estimate" in result.caption


def test_swedish_scorecard_is_worded_in_swedish():
    table = claims()
    [result] = scorecard.claims_scorecards(table, labels_for(table, "sv"), lang="sv")
    assert "stöds" in result.alt_text and "86 % (71–94 %)" in result.alt_text and "påståenden" in result.caption


def test_a_long_list_is_split_over_several_figures_with_numbered_ids():
    table = claims(50)
    results = scorecard.claims_scorecards(table, labels_for(table), max_rows=20)
    assert [r.figure_id for r in results] == ["claims-scorecard-1", "claims-scorecard-2", "claims-scorecard-3"]
    assert sum(r.alt_text.count("Claim c") for r in results) == 50


def test_claims_are_grouped_by_verdict():
    ordered = scorecard.scorecard_order(claims(8))
    assert list(ordered["verdict"]) == ["supported"] * 2 + ["not_supported_at_this_n"] * 2 + ["rests_on_inconsistent_figures"] * 2 + ["cannot_be_checked"] * 2


def test_a_claim_without_a_label_is_refused():
    table = claims()
    with pytest.raises(ParameterError, match="without a label: c3"):
        scorecard.claims_scorecards(table, {c: "x" for c in ["c0", "c1", "c2"]})


def test_an_unknown_verdict_is_refused_with_the_valid_ones():
    table = claims().assign(verdict="maybe")
    with pytest.raises(ParameterError, match="unknown verdict.*valid: supported"):
        scorecard.claims_scorecards(table, labels_for(table))


def test_the_caption_explains_only_the_marks_its_figure_draws():
    table = claims()
    [plain] = scorecard.claims_scorecards(table, labels_for(table))
    assert "band without a point" not in plain.caption and "McNemar" not in plain.caption

    paired = table.copy()
    paired.loc[1, ["ci_low", "ci_high"]] = math.nan  # a paired difference: a test, no interval
    [result] = scorecard.claims_scorecards(paired, labels_for(paired))
    assert "A point without a bar is a difference between two options chosen by the same people" in result.caption
    assert "band without a point" not in result.caption
    [swedish] = scorecard.claims_scorecards(paired, labels_for(paired, "sv"), lang="sv")
    assert "En punkt utan streck" in swedish.caption and "McNemars exakta test" in swedish.caption

    banded = table.assign(range_low=math.nan, range_high=math.nan)
    banded.loc[3, ["estimate_kind", "estimate", "range_low", "range_high"]] = ["share_range", math.nan, 0.2, 0.6]
    [band] = scorecard.claims_scorecards(banded, labels_for(banded))
    assert "A band without a point is the range of shares of people the figures allow." in band.caption
    assert "McNemar" not in band.caption


def test_the_real_scorecards_explain_their_points_without_a_bar(processed_outputs):
    figures = pd.read_csv(processed_outputs / "figures" / "audit" / "figures.csv")
    claims_table = pd.read_csv(processed_outputs / "claims.csv")
    paired = claims_table[(claims_table["estimate_kind"] == "difference") & claims_table["estimate"].notna()
                          & claims_table["ci_low"].isna()]
    assert not paired.empty
    cards = figures[figures["figure_id"].str.startswith("claims-scorecard")]
    for lang, phrase in (("en", "A point without a bar"), ("sv", "En punkt utan streck")):
        shown = cards[(cards["lang"] == lang) & cards["caption"].str.contains(phrase)]
        assert len(shown) >= 1
