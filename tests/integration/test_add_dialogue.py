"""A dialogue added to the raw data as rows only is analysed like the others, with no change to the code;
and the run options reach every table of the real notebooks.

The raw folder is copied and a small fictional dialogue is appended. Its locators are found in a
temporary copy of the report's text with one fictional sentence added, pointed at by
DIALOGSTATS_SOURCE. The one run makes the new dialogue's outputs and those of the audit and methods
notebooks, which read all the data (the cross-network notebook, the slowest, is left out: the new
dialogue shares no question with the others), with one representative set of options: an exact
interval method, a level other than the default and Swedish summaries. Every other method
and level is checked on the functions behind the notebooks (tests/unit/test_every_option.py),
every option through the workflow on stand-in notebooks (tests/integration/test_run_options.py).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.workflow import contract
from dialogstats.workflow.pipeline import run_pipeline
from dialogstats.checks import LANGUAGES

pytestmark = pytest.mark.integration

NEW = "provdialog"
METHOD, CONFIDENCE, LANG = "blaker", 0.9, "sv"
SENTENCE = "Fictional test dialogue: 12 took part, 10 answered; 7 said yes (70 %), 3 said no (30 %)."
NEW_ROWS = {
    "dialogues.csv": [{
        "dialogue_id": NEW, "name_sv": "Provdialog", "name_en": "Trial dialogue", "kind": "meeting",
        "attendees": "12", "respondents": "10", "collection": "forms", "has_figures": "true",
        "note": "Fictional dialogue used by the tests", "locator_attendees": "12 took part",
        "locator_respondents": "10 answered",
    }],
    "groups.csv": [{"dialogue_id": NEW, "group_id": "all", "name_en": "Whole dialogue", "name_sv": "Hela dialogen"}],
    "questions.csv": [{
        "question_id": f"{NEW}__useful", "dialogue_id": NEW, "group_id": "all", "theme": "implementation",
        "text_en": "Is the strategy useful in your work?", "label_en": "Strategy useful",
        "label_sv": "Strategin användbar", "response_type": "yes_no", "multi_select": "false",
        "percent_base": "respondents", "n_reported": "10", "locator_n": "10 answered",
    }],
    "responses.csv": [
        {"question_id": f"{NEW}__useful", "option": "yes", "label_en": "Yes", "label_sv": "Ja", "count": "7",
         "percent_reported": "70", "approx": "false", "locator": "7 said yes (70 %)"},
        {"question_id": f"{NEW}__useful", "option": "no", "label_en": "No", "label_sv": "Nej", "count": "3",
         "percent_reported": "30", "approx": "false", "locator": "3 said no (30 %)"},
    ],
}


def append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader([text.splitlines()[0]]))
    with open(path, "a", newline="", encoding="utf-8") as handle:
        if not text.endswith("\n"):
            handle.write("\n")
        writer = csv.DictWriter(handle, fieldnames=header, restval="", lineterminator="\n")
        writer.writerows(rows)


@pytest.fixture(scope="module")
def extended_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("add_dialogue")
    raw = root / "raw"
    shutil.copytree(paths.RAW, raw)
    for name, rows in NEW_ROWS.items():
        append_rows(raw / name, rows)
    source = root / "source.txt"
    source.write_text(paths.source_text_path().read_text(encoding="utf-8") + "\n" + SENTENCE + "\n", encoding="utf-8")
    processed = root / "processed"
    targets = [*contract.table_outputs("dialogue", NEW), contract.figure_dir("dialogue", NEW),
               *contract.table_outputs("audit"), *contract.table_outputs("methods")]
    patch = pytest.MonkeyPatch()
    patch.setenv("DIALOGSTATS_SOURCE", str(source))
    try:
        run_pipeline(raw_dir=raw, processed_dir=processed, dialogues=[NEW], ci_method=METHOD, confidence=CONFIDENCE,
                     lang=LANG, render_paper=False, progress=False, targets=targets)
    finally:
        patch.undo()
    return processed


def rows_of(path: Path, dialogue_id: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["dialogue_id"] == dialogue_id]


def test_new_dialogue_gets_its_own_executed_notebook(extended_run: Path) -> None:
    assert (extended_run / "notebooks" / f"dialogue-{NEW}.ipynb").is_file()


def test_new_dialogue_has_shares_rows_with_its_counts(extended_run: Path) -> None:
    rows = rows_of(extended_run / contract.table_dir("dialogue", NEW) / "shares.csv", NEW)
    yes = [r for r in rows if r["option"] == "yes" and r["method"] == METHOD]
    assert len(yes) == 1
    assert (yes[0]["count"], yes[0]["n"], float(yes[0]["share"])) == ("7", "10", 0.7)


def test_new_dialogue_is_audited(extended_run: Path) -> None:
    assert rows_of(extended_run / "audit.csv", NEW)


def test_new_dialogue_has_its_figures_in_the_index(extended_run: Path) -> None:
    rows = rows_of(extended_run / contract.figure_dir("dialogue", NEW) / contract.FIGURE_INDEX_FRAGMENT, NEW)
    assert f"shares-{NEW}-all" in {r["figure_id"] for r in rows}


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_table_carries_the_method_and_level_asked_for(extended_run: Path) -> None:
    bounds = read(extended_run / contract.table_dir("dialogue", NEW) / "bounds.csv")
    assert bounds and {r["method"] for r in bounds} == {METHOD}
    assert {float(r["confidence"]) for r in bounds} == {CONFIDENCE}
    assert all(float(r["manski_low"]) <= float(r["fpc_low"]) <= float(r["fpc_high"]) <= float(r["manski_high"])
               for r in bounds)
    design = read(extended_run / "design_effect.csv")
    assert design and {r["method"] for r in design} == {METHOD} and {float(r["confidence"]) for r in design} == {CONFIDENCE}
    assert all(int(r["cluster_size"]) <= int(r["n"]) and float(r["n_effective"]) >= 2 for r in design)
    assert {r["method"] for r in read(extended_run / "design_effect_coverage.csv")} == {METHOD}
    claims = read(extended_run / "claims.csv")
    assert {r["method"] for r in claims} == {METHOD} and {float(r["confidence"]) for r in claims} == {CONFIDENCE}
    for table in (f"{contract.table_dir('dialogue', NEW)}/shares.csv", "coverage.csv", "simultaneous_coverage.csv",
                  "design_effect_coverage.csv"):
        assert {float(r["confidence"]) for r in read(extended_run / table)} == {CONFIDENCE}, table


def test_figures_are_in_every_language_and_the_notebooks_got_the_parameters(extended_run: Path) -> None:
    for task in (NEW, "audit", "methods"):
        folder = contract.figure_dir("dialogue", task) if task == NEW else contract.figure_dir(task)
        figures = read(extended_run / folder / contract.FIGURE_INDEX_FRAGMENT)
        assert figures and {r["lang"] for r in figures} == set(LANGUAGES), task  # whatever --lang says
    for task in (f"dialogue-{NEW}", "audit", "methods"):
        executed = json.loads((extended_run / "notebooks" / f"{task}.ipynb").read_text(encoding="utf-8"))
        parameters = executed["metadata"]["papermill"]["parameters"]
        assert (parameters["lang"], parameters["ci_method"], parameters["confidence"]) == (LANG, METHOD, CONFIDENCE)
