"""The audit finds the printed inconsistencies known to be in the report (real raw data).

Each expectation is worked by hand from the report's text (the locators are in
data/raw/responses.csv and data/raw/questions.csv).
"""

from __future__ import annotations

import pandas as pd
import pytest

from dialogstats.analysis.audit import CHECKS, FINDINGS, build_audit, build_denominators
from dialogstats.data.rawdata import load_raw

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def audit() -> pd.DataFrame:
    return build_audit(load_raw())


def status_of(audit: pd.DataFrame, question_id: str, check: str, option: str = "") -> str:
    row = audit[(audit.question_id == question_id) & (audit.check == check) & (audit.option == option)]
    assert len(row) == 1, row
    return row.status.iloc[0]


def test_followup_with_20_answers_after_4_percent_of_122_is_inconsistent(audit):
    # 4 % of 122 answers is 5 (or 6 if truncated); the follow-up was answered by 20
    assert status_of(audit, "arbetsmote__reason_not_working", "followup_vs_parent") == "inconsistent"


def test_79_answers_from_76_attendees_is_inconsistent(audit):
    assert status_of(audit, "arbetsmote__annual_cycle_support", "options_sum_vs_attendance") == "inconsistent"


def test_5_of_15_printed_as_28_percent_is_inconsistent_and_traced_to_18(audit):
    qid = "arbetsmote__barn_unga_health_promotion"
    row = audit[(audit.question_id == qid) & (audit.check == "percent_vs_count") & (audit.option == "yes")].iloc[0]
    assert row.status == "inconsistent"
    assert "5/18" in row.detail
    assert status_of(audit, qid, "options_sum_vs_n") == "inconsistent"
    assert status_of(audit, qid, "denominator_feasible") == "inconsistent"


def test_finance_heads_8_of_11_as_72_percent_is_truncation(audit):
    rows = audit[(audit.question_id == "ekonomichef__how_work_with_strategy") & (audit.check == "percent_vs_count")
                 & audit.reported.str.startswith("72 %")]
    assert len(rows) == 1
    assert rows.status.iloc[0] == "inconsistent"
    assert "truncate" in rows.detail.iloc[0]


def test_the_five_strengthen_questions_are_reconstructed_jointly_to_36(audit):
    joint = audit[audit.check == "denominator_joint"]
    strengthen = joint[joint.question_id.str.startswith("riktningsmote__strengthen_")]
    assert len(strengthen) == 5
    assert set(strengthen.recomputed) == {"36"}


def test_stated_n_of_the_inconsistent_question_is_not_among_its_feasible_denominators():
    table = build_denominators(load_raw()).set_index("question_id")
    row = table.loc["arbetsmote__barn_unga_health_promotion"]
    assert row.n_stated == 15
    assert "15" not in row.n_feasible.split(";")
    assert row.n_min == 18


def row_of(audit: pd.DataFrame, question_id: str, check: str) -> pd.Series:
    row = audit[(audit.question_id == question_id) & (audit.check == check)]
    assert len(row) == 1, row
    return row.iloc[0]


def test_every_row_that_is_not_ok_has_a_documented_finding_of_its_status(audit):
    assert (audit.finding[audit.status == "ok"] == "").all()
    flagged = audit[audit.status != "ok"]
    assert not flagged.empty
    for status, finding in zip(flagged.status, flagged.finding):
        assert finding in FINDINGS and FINDINGS[finding].status == status


def test_every_check_is_a_documented_one(audit):
    assert set(audit.check) <= set(CHECKS)


def test_preparedness_group_leaves_one_of_its_17_members_unaccounted_for_twice(audit):
    # "Totalt 17 personer ingick i gruppen": 4 + 2 + 7 answers and 3 without; 6 + 2 + 4 and 4 without
    green = row_of(audit, "arbetsmote__beredskap_green_preparedness_paragraph", "nonresponse_vs_group")
    crisis = row_of(audit, "arbetsmote__beredskap_crisis_preparedness_paragraph", "nonresponse_vs_group")
    assert (green.status, green.finding, green.reported, green.recomputed) == ("ambiguous", "members_unaccounted", "13 + 3", "17")
    assert (crisis.reported, crisis.recomputed) == ("12 + 4", "17")
    assert crisis.detail.startswith("one member unaccounted for")


def test_school_heads_yes_and_no_fall_one_short_of_14(audit):
    # 12 yes and 1 no of 14 respondents
    row = row_of(audit, "skolchef__knows_strategy", "options_sum_vs_n")
    assert (row.status, row.finding, row.reported, row.recomputed) == ("ambiguous", "counts_short_of_n", "14", "13")


def test_culture_committee_codes_exceed_their_answers_and_the_board_codes_do_not(audit):
    # 9 + 3 + 2 + 1 + 1 = 16 codes of 15 answers; 8 + 8 + 1 + 2 + 1 + 4 = 24 of 14; 6 + 2 + 4 + 1 = 13 of 22
    assert row_of(audit, "kultur_bildning__best_outcome", "codes_vs_answers").finding == "codes_overlap"
    assert row_of(audit, "kultur_bildning__world_changes", "codes_vs_answers").recomputed == "24"
    assert row_of(audit, "regionstyrelsen__best_outcome", "codes_vs_answers").status == "ok"


def test_denominators_record_the_tolerance_only_where_a_percentage_is_approximate():
    table = build_denominators(load_raw()).set_index("question_id")
    approx = set(table.index[table.approx_tolerance_pp > 0])
    assert approx == {"arbetsmote__world_impact", "skolchef__world_impact", "ekonomichef__world_impact",
                      "regionstyrelsen__world_impact"}
    assert set(table.approx_tolerance_pp) == {0.0, 1.0}
