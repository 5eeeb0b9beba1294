"""The whole workflow on the real raw data (the session's shared run into data/processed): files, columns, manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.errors import UnknownNameError
from dialogstats.workflow.contract import BOOKKEEPING, WORKBOOKS, dialogues_with_figures
from dialogstats.workflow.parameters import notebook_parameters
from dialogstats.workflow.pipeline import run_pipeline

pytestmark = pytest.mark.integration

# Columns fixed by the project's output contract (docs of data/processed).
SHARES_COLUMNS = ["dialogue_id", "group_id", "question_id", "option", "count", "n", "share", "method",
                  "confidence", "ci_low", "ci_high", "basis", "n_source", "n_max"]
AUDIT_COLUMNS = ["dialogue_id", "group_id", "question_id", "option", "check", "status", "reported",
                 "recomputed", "detail", "finding"]
DENOMINATOR_COLUMNS = ["dialogue_id", "group_id", "question_id", "n_stated", "n_min", "n_feasible", "rounding",
                       "approx_tolerance_pp"]
COMPARISON_COLUMNS = ["construct", "option", "a", "b", "basis_a", "basis_b", "n_a", "n_b", "share_a", "share_b",
                      "diff", "diff_ci_low", "diff_ci_high", "test", "p_min", "p_value", "p_adjusted", "family",
                      "adjustment", "not_tested_reason"]
INDEX_COLUMNS = ["figure_id", "file", "dialogue_id", "caption", "alt_text", "notebook", "lang"]
BOUNDS_COLUMNS = ["dialogue_id", "group_id", "question_id", "option", "count", "respondents", "population",
                  "share", "ci_low", "ci_high", "manski_low", "manski_high", "fpc_low", "fpc_high", "method",
                  "confidence"]
DIALOGUE_PARAMETERS = {"dialogue_id": "arbetsmote", "confidence": 0.95, "ci_method": "wilson", "lang": "en",
                       "raw_dir": "", "output_dir": "", "figures_dir": ""}


@pytest.fixture(scope="module")
def clean_run(processed_outputs: Path) -> tuple[Path, None]:
    return processed_outputs, None


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("shares.csv", SHARES_COLUMNS),
        ("audit.csv", AUDIT_COLUMNS),
        ("denominators.csv", DENOMINATOR_COLUMNS),
        ("comparisons.csv", COMPARISON_COLUMNS),
        ("bounds.csv", BOUNDS_COLUMNS),
        ("figures/index.csv", INDEX_COLUMNS),
    ],
)
def test_processed_table_has_exactly_the_contract_columns(clean_run, table: str, columns: list[str]) -> None:
    header, rows = read(clean_run[0] / table)
    assert header == columns
    assert rows or table == "bounds.csv"


def test_the_run_made_every_task(clean_run) -> None:
    manifest = json.loads((clean_run[0] / "manifest.json").read_text(encoding="utf-8"))
    dialogues = dialogues_with_figures(paths.RAW)
    tasks = ["audit", "methods", "cross_network"] + [f"dialogue-{d}" for d in dialogues]
    assert sorted(manifest["executed_notebooks"]) == sorted(f"notebooks/{t}.ipynb" for t in tasks)


def test_every_dialogue_with_figures_has_its_executed_notebook_and_tables(clean_run) -> None:
    processed, _ = clean_run
    for dialogue_id in dialogues_with_figures(paths.RAW):
        assert (processed / "notebooks" / f"dialogue-{dialogue_id}.ipynb").is_file()
        assert (processed / "by_dialogue" / dialogue_id / "shares.csv").is_file()
    for stem in ("audit", "methods", "cross_network"):
        assert (processed / "notebooks" / f"{stem}.ipynb").is_file()


def test_collected_shares_cover_every_dialogue_with_figures(clean_run) -> None:
    _, rows = read(clean_run[0] / "shares.csv")
    assert {r["dialogue_id"] for r in rows} == set(dialogues_with_figures(paths.RAW))


def test_collected_shares_are_sorted_by_their_key(clean_run) -> None:
    _, rows = read(clean_run[0] / "shares.csv")
    keys = [(r["dialogue_id"], r["group_id"], r["question_id"], r["option"], r["method"]) for r in rows]
    assert keys == sorted(keys)


def test_every_indexed_figure_exists_as_png_svg_and_pdf(clean_run) -> None:
    processed, _ = clean_run
    _, rows = read(processed / "figures" / "index.csv")
    for row in rows:
        for ext in ("png", "svg", "pdf"):
            assert (processed / "figures" / f"{row['file']}.{ext}").is_file(), row["file"]


def test_figure_ids_are_unique_in_each_language(clean_run) -> None:
    _, rows = read(clean_run[0] / "figures" / "index.csv")
    keys = [(r["figure_id"], r["lang"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_manifest_lists_every_table_and_figure_with_its_hash(clean_run) -> None:
    processed, _ = clean_run
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {
        p.relative_to(processed).as_posix()
        for p in processed.rglob("*")
        if p.is_file() and p.relative_to(processed).parts[0] not in (*BOOKKEEPING, "notebooks", "workflow")
        and p.name not in ("manifest.json", ".gitkeep", *WORKBOOKS)  # the workbooks cite the manifest: made after it
    }
    assert set(manifest["outputs"]) == on_disk
    for relative, entry in manifest["outputs"].items():
        assert entry["sha256"] == hashlib.sha256((processed / relative).read_bytes()).hexdigest(), relative


def test_manifest_names_the_notebook_and_parameters_behind_a_dialogue_table(clean_run) -> None:
    manifest = json.loads((clean_run[0] / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["outputs"]["by_dialogue/arbetsmote/shares.csv"]
    assert entry["notebook"] == "notebooks/dialogue.ipynb"
    assert entry["parameters"]["dialogue_id"] == "arbetsmote"
    assert set(entry["inputs"]["raw"]) == {p.name for p in paths.RAW.glob("*.csv")}


def test_manifest_records_the_environment_and_commit(clean_run) -> None:
    environment = json.loads((clean_run[0] / "manifest.json").read_text(encoding="utf-8"))["environment"]
    assert environment["python"].startswith("3.11")
    assert environment["packages"]["papermill"] and environment["git_commit"]


def test_real_dialogue_notebook_declares_exactly_the_contract_parameters() -> None:
    assert notebook_parameters(paths.NOTEBOOKS / "dialogue.ipynb") == DIALOGUE_PARAMETERS


@pytest.mark.parametrize("stem", ["cross_network", "methods", "audit"])
def test_real_project_notebook_declares_exactly_the_contract_parameters(stem: str) -> None:
    expected = {k: v for k, v in DIALOGUE_PARAMETERS.items() if k != "dialogue_id"}
    assert notebook_parameters(paths.NOTEBOOKS / f"{stem}.ipynb") == expected


def test_unknown_interval_method_fails_clearly_before_running(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="valid: wilson, blaker"):
        run_pipeline(processed_dir=tmp_path, ci_method="exact", render_paper=False, progress=False)
    assert not (tmp_path / "notebooks").exists()


def test_second_run_with_nothing_changed_skips_everything(clean_run, processed_lock) -> None:
    # How fast this is is measured by benchmarks/bench_pipeline.py, not asserted here.
    processed, _ = clean_run
    before = {p: p.read_bytes() for p in processed.rglob("*.csv")}
    with processed_lock:
        completed = subprocess.run(
            [sys.executable, "-m", "dialogstats", "run", "--processed", str(processed), "--no-paper"],
            capture_output=True, text=True, cwd=paths.ROOT, env=os.environ.copy(),
        )
    assert completed.returncode == 0, completed.stderr
    assert "Nothing to do" in completed.stdout
    assert {p: p.read_bytes() for p in processed.rglob("*.csv")} == before


def test_after_the_run_snakemakes_dry_run_has_nothing_to_do(clean_run, processed_lock) -> None:
    from dialogstats.workflow.pipeline import snakemake_command

    command = snakemake_command(clean_run[0], paper=False)
    # Reading the Snakefile writes the run's settings into the folder: not while another test runs into it.
    with processed_lock:
        completed = subprocess.run([*command, "--dry-run"], capture_output=True, text=True, cwd=paths.ROOT)
    assert completed.returncode == 0, completed.stderr
    assert "Nothing to be done" in completed.stdout + completed.stderr


def test_status_of_the_shared_run_says_nothing_is_out_of_date(clean_run, processed_lock) -> None:
    from dialogstats.workflow.status import status_report

    with processed_lock:
        report = status_report(clean_run[0])
    # The shared run does not render the documents; with quarto on PATH the paper rule is all that is left.
    pending = [line for line in report.splitlines() if line.startswith("  ")]
    assert "Nothing to do" in report or all(line.endswith("(paper)") for line in pending), report


def test_the_rule_graph_names_every_rule(clean_run, processed_lock) -> None:
    import shutil as _shutil

    from dialogstats.workflow.status import write_rulegraph

    with processed_lock:
        written = write_rulegraph(clean_run[0])
    dot = (clean_run[0] / "workflow" / "rulegraph.dot").read_text(encoding="utf-8")
    for rule in ("validate", "dialogue", "cross_network", "methods", "audit", "collect", "manifest"):
        assert f'label = "{rule}"' in dot
    if _shutil.which("dot"):
        assert (clean_run[0] / "workflow" / "rulegraph.svg").is_file()
        assert (clean_run[0] / "workflow" / "rulegraph.png").is_file()
    assert written[0].startswith("rule graph:")


def test_the_report_writers_files_are_made_by_the_run(clean_run) -> None:
    from dialogstats.workflow import contract

    processed = clean_run[0]
    for name in contract.WORKBOOKS:
        assert (processed / name).read_bytes()[:2] == b"PK", name  # an xlsx file is a zip archive
    _, index = read(processed / "figures" / "index.csv")
    pack = processed / contract.FIGURE_PACK_REL
    for lang in {row["lang"] for row in index}:
        assert (pack / lang / "README.txt").is_file()
        for row in (r for r in index if r["lang"] == lang):
            for ext in ("png", "svg", "pdf", "txt"):
                assert (pack / lang / f"{row['figure_id']}.{ext}").is_file(), (lang, row["figure_id"], ext)
