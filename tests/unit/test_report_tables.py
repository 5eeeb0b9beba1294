"""Specification of the readers' tables and generated sentences: labels, not ids; numbers from the tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dialogstats.report import findings, papertables, paperfigures, sections
from dialogstats.report.outputs import MissingOutputError, ProcessedOutputs


def all_text(table: pd.DataFrame) -> str:
    return " ".join(str(v) for v in [*table.columns, *table.to_numpy().ravel()])


def ids_of(raw) -> set[str]:
    """Every internal id a reader must never see: dialogue, group, question and option ids with an underscore."""
    ids = set(raw.questions["question_id"]) | {o for o in raw.responses["option"] if "_" in o}
    return ids | {d for d in raw.dialogues["dialogue_id"]} | {g for g in raw.groups["group_id"] if g != "all"}


def test_participation_table_names_dialogues_by_label_and_formats_the_rate(small_outputs, good_raw):
    table = papertables.participation_table(small_outputs, "en")
    assert list(table["Dialogue"]) == list(good_raw.dialogues["name_en"])
    assert list(table["Response rate printed"])[:2] == ["60%", "–"]
    swedish = papertables.participation_table(small_outputs, "sv")
    assert list(swedish["Dialog"]) == list(good_raw.dialogues["name_sv"]) and "60 %" in set(swedish["Redovisad svarsfrekvens"])


def test_shares_table_shows_labels_and_the_runs_interval_method(small_outputs, good_raw):
    table = papertables.shares_table(small_outputs, ["workshop__support"], "en")
    assert list(table["Option"]) == ["Yes", "No", "Other"]
    assert table["Count"].iloc[0] == "8" and table["n"].iloc[0] == "12" and table["Share"].iloc[0] == "67%"
    # Wilson 95 % interval of 8/12: 0.391-0.862 (closed form), printed 39-86 %.
    assert table["Interval"].iloc[0] == "39–86%"
    assert not ids_of(good_raw) & set(re.findall(r"[a-z_]+", all_text(table)))


def test_claims_table_gives_verdicts_and_reasons_in_words(small_outputs):
    table = papertables.claims_table(small_outputs, "en")
    assert set(table["Verdict"]) <= {"supported", "not supported at this n", "cannot be checked", "rests on inconsistent figures"}
    assert all(reason and "_" not in reason for reason in table["Why"])


def test_audit_findings_are_sentences_in_the_documents_language(small_outputs, small_processed):
    audit = pd.read_csv(small_processed / "audit.csv", keep_default_na=False)
    flagged = audit[audit["status"] != "ok"]
    statuses = tuple(sorted(set(flagged["status"])))
    for lang in ("en", "sv"):
        table = papertables.audit_findings_table(small_outputs, lang, statuses)
        assert len(table) == len(flagged)
        assert all(sentence and "_" not in sentence for sentence in table.iloc[:, 3])


def test_audit_numbers_read_in_each_language():
    from dialogstats.report import labels

    assert labels.localise_audit_numbers("33.3 % (5/15)", "sv") == "33,3 % (5 av 15)"
    assert labels.localise_audit_numbers("33.3 % (5/15)", "en") == "33.3% (5 of 15)"
    assert labels.localise_audit_numbers("5 or 6", "sv") == "5 eller 6"
    assert labels.finding_sentence("followup_exceeds_parent", "20", "5 or 6", "sv") == (
        "20 besvarade följdfrågan, fler än de 5 eller 6 som valde alternativet den följer")


def test_every_finding_the_audit_can_make_has_a_sentence_or_is_not_checkable():
    from dialogstats.analysis.audit_findings import FINDINGS
    from dialogstats.report import labels

    for code, finding in FINDINGS.items():
        if finding.status != "not_checkable":
            assert code in labels._FINDINGS, code


def test_key_numbers_are_counted_from_the_tables(small_outputs, small_processed):
    k = findings.key_numbers(small_outputs)
    claims = pd.read_csv(small_processed / "claims.csv")
    assert k.claims == len(claims) and sum(k.verdicts.values()) == len(claims)
    audit = pd.read_csv(small_processed / "audit.csv")
    assert k.checks == len(audit) and k.statuses["ok"] == int((audit["status"] == "ok").sum())
    assert k.response_rates == [("workshop", 60.0, 12, 20)]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_abstract_and_summary_state_the_numbers(small_outputs, lang):
    k = findings.key_numbers(small_outputs)
    text = findings.abstract(small_outputs, lang) + " ".join(findings.summary_points(small_outputs, lang))
    assert str(k.claims) in text and str(k.checks) in text
    assert ("60 %" if lang == "sv" else "60%") in text


def test_summary_points_start_with_a_capital_and_keep_proper_names(small_outputs):
    points = findings.summary_points(small_outputs, "en")
    assert "Workshop" in " ".join(points)  # not lower-cased by sentence casing


def test_figure_markdown_uses_the_staged_copy_and_the_documents_language(small_outputs):
    block = paperfigures.figure_markdown(small_outputs, "audit-status", "sv")
    assert block.startswith("![Checks \\*by\\* dialogue](_figures/audit/audit-status.png){#fig-audit-status")
    with pytest.raises(Exception, match="unknown figure in en 'nosuch'; valid: audit-status"):
        paperfigures.figure_markdown(small_outputs, "nosuch", "en")


def test_staging_copies_indexed_figures_and_removes_stale_ones(small_processed, tmp_path):
    target = tmp_path / "_figures"
    (target / "old").mkdir(parents=True)
    (target / "old" / "gone.png").write_bytes(b"x")
    staged = paperfigures.stage_figures(small_processed, target)
    assert [p.relative_to(target).as_posix() for p in staged] == ["audit/audit-status.png"]
    assert not (target / "old").exists() and staged[0].read_bytes() == b"\x89PNG fake"


def test_a_missing_table_says_how_to_make_it(tmp_path):
    outputs = ProcessedOutputs(processed_dir=tmp_path)
    with pytest.raises(MissingOutputError, match="run `make run`"):
        outputs.table("claims.csv")


def test_the_documents_record_the_tables_they_read(small_outputs):
    findings.key_numbers(small_outputs)
    assert {"claims.csv", "audit.csv", "shares.csv"} <= small_outputs.tables_read


def test_supplement_shows_only_what_the_main_text_does_not(small_outputs):
    assert sections.in_main_text("audit-status") and sections.in_main_text("claims-scorecard-2")
    assert not sections.in_main_text("shares-workshop-all")
    assert sections.supplement_figures(small_outputs, "en", "audit") == ""


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_comparisons_without_a_test_say_why_in_words(small_outputs, lang):
    comp = small_outputs.table("comparisons.csv").copy()
    keys = ["construct", "option", "a", "b"]
    first = comp.groupby(keys, sort=False).ngroup() == 0
    comp.loc[first, ["p_value", "p_adjusted"]] = float("nan")
    comp["not_tested_reason"] = comp["not_tested_reason"].astype(object)
    comp.loc[first, "not_tested_reason"] = "ticks"
    small_outputs._tables["comparisons.csv"] = comp
    table = papertables.comparisons_table(small_outputs, lang)
    column = papertables.header("not_tested", lang)
    assert table[column].iloc[0] == papertables.NOT_TESTED["ticks"][lang]
    tested = comp[~first].groupby(keys, sort=False)["p_value"].apply(lambda p: p.notna().any())
    assert (table[column].iloc[1:][tested.to_numpy()] == "").all()
    assert not any("_" in str(v) for v in table.to_numpy().ravel()), "an id leaked into the readers' table"
