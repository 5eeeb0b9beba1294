"""The workflow on stand-in notebooks: one job per task, skipping, failures, the lock, the contract.

The stand-ins (tests/fixtures/notebooks/project/) declare the real notebooks' parameters and write
the contract's tables with placeholder rows; each run starts real kernels through Snakemake, so
the tests share runs where they can.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.errors import ParameterError, PipelineError, RawDataError
from dialogstats.workflow import contract
from dialogstats.workflow.collect import concatenate_tables, figure_index
from dialogstats.workflow.pipeline import RunFailed, run_lock, run_pipeline, snakemake_command

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD_RAW = FIXTURES / "good"
PROJECT = FIXTURES / "notebooks" / "project"
TASKS = ["audit", "cross_network", "dialogue-network", "dialogue-workshop", "methods"]
#: The stand-ins' placeholder tables are not the tables the report writers' workbooks read, so the
#: runs here stop at the manifest (the figure pack is one of its inputs).
STAND_IN_TARGETS = (contract.MANIFEST_REL,)


def visible_files(processed: Path) -> dict[str, bytes]:
    """Every output file with its bytes; the workflow's bookkeeping (.snakemake, logs, .failed) excluded."""
    return {
        p.relative_to(processed).as_posix(): p.read_bytes()
        for p in sorted(processed.rglob("*"))
        if p.is_file() and p.relative_to(processed).parts[0] not in contract.BOOKKEEPING
    }


def run(processed: Path, notebooks: Path, **options: object):
    return run_pipeline(GOOD_RAW, processed, jobs=2, render_paper=False, progress=False, notebooks_dir=notebooks,
                        targets=STAND_IN_TARGETS, **options)


@pytest.fixture(scope="module")
def project_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The workflow run twice on the valid fixture raw data (dialogues workshop and network) with a copy of
    the stand-in notebooks."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DIALOGSTATS_SOURCE", str(GOOD_RAW / "source.txt"))
    root = tmp_path_factory.mktemp("project")
    notebooks = root / "notebooks"
    shutil.copytree(PROJECT, notebooks)
    processed = root / "processed"
    try:  # undo the variable even when a run fails, so that no later test reads the fixture's text
        first = run(processed, notebooks)
        second = run(processed, notebooks)
        yield {"processed": processed, "notebooks": notebooks, "first": first, "second": second}
    finally:
        patch.undo()


@pytest.fixture
def copy_of_run(project_run: dict[str, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the processed folder (Snakemake's records included; they hold relative paths)."""
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(GOOD_RAW / "source.txt"))
    processed = tmp_path / "processed"
    shutil.copytree(project_run["processed"], processed, symlinks=True)
    return processed


@contextmanager
def changed_notebook(folder: Path, notebook: str, source: str, after_cell: int) -> Iterator[None]:
    """``notebook`` of ``folder`` with a code cell ``source`` after ``after_cell``; restored (bytes and time) after."""
    path = folder / f"{notebook}.ipynb"
    original, status = path.read_bytes(), path.stat()
    content = json.loads(original)
    content["cells"].insert(after_cell + 1, {"cell_type": "code", "execution_count": None, "id": "added",
                                             "metadata": {}, "outputs": [], "source": source})
    path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_first_run_makes_one_task_per_dialogue_with_figures_and_per_project_notebook(project_run) -> None:
    assert sorted(project_run["first"].made) == TASKS


def test_run_concatenates_the_dialogue_shares_in_key_order(project_run) -> None:
    rows = list(csv.DictReader(open(project_run["processed"] / "shares.csv", newline="")))
    assert [(r["dialogue_id"], r["option"]) for r in rows] == [
        ("network", "no"), ("network", "yes"), ("workshop", "no"), ("workshop", "yes")
    ]


def test_run_writes_a_header_only_bounds_table_when_no_dialogue_has_bounds(project_run) -> None:
    assert (project_run["processed"] / "bounds.csv").read_text() == "dialogue_id,group_id,question_id,option,method\n"


def test_run_indexes_every_figure_under_its_subfolder(project_run) -> None:
    rows = list(csv.DictReader(open(project_run["processed"] / "figures" / "index.csv", newline="")))
    assert sorted(r["file"] for r in rows) == [
        "audit/audit-status", "cross_network/construct-support", "methods/coverage-by-method",
        "network/shares-network-all", "workshop/shares-workshop-all",
    ]


def test_run_puts_every_table_of_the_contract_in_its_place(project_run) -> None:
    processed = project_run["processed"]
    for notebook in contract.PROJECT_NOTEBOOKS:
        for table in contract.table_outputs(notebook):
            assert (processed / table).is_file(), table
    for dialogue_id in ("network", "workshop"):
        for table in contract.table_outputs("dialogue", dialogue_id):
            assert (processed / table).is_file(), table
        assert (processed / contract.executed_notebook("dialogue", dialogue_id)).is_file()


def test_run_summary_counts_table_rows_and_figures(project_run) -> None:
    summary = project_run["first"]
    assert summary.tables["shares.csv"] == 4 and summary.tables["figures/index.csv"] == 5
    assert summary.figures == 5


def test_manifest_covers_every_output_with_the_rule_that_made_it(project_run) -> None:
    processed = project_run["processed"]
    manifest = json.loads((processed / "manifest.json").read_text())
    on_disk = {name for name in visible_files(processed) if not name.startswith("notebooks/")} - {"manifest.json"}
    assert set(manifest["outputs"]) == on_disk
    assert manifest["outputs"]["by_dialogue/workshop/shares.csv"]["rule"] == "dialogue"
    assert manifest["outputs"]["figures/audit/audit-status.png"]["rule"] == "audit"
    assert manifest["outputs"]["shares.csv"]["rule"] == "collect"
    assert "by_dialogue/network/shares.csv" in manifest["outputs"]["shares.csv"]["sources"]
    assert set(manifest["executed_notebooks"]) == {f"notebooks/{t}.ipynb" for t in TASKS}


def test_second_run_skips_every_task_and_the_validation(project_run) -> None:
    second = project_run["second"]
    assert second.made == () and sorted(second.skipped) == TASKS
    assert second.validation_skipped


def test_after_a_run_a_dry_run_has_nothing_to_do(project_run) -> None:
    command = snakemake_command(project_run["processed"], raw_dir=GOOD_RAW, paper=False,
                                notebooks_dir=project_run["notebooks"])
    env = {"DIALOGSTATS_SOURCE": str(GOOD_RAW / "source.txt")}
    completed = subprocess.run([*command, *STAND_IN_TARGETS, "--dry-run"], capture_output=True, text=True,
                               env={**os.environ, **env})
    assert completed.returncode == 0, completed.stderr
    assert "Nothing to be done" in completed.stdout + completed.stderr


def test_run_with_other_parameters_and_one_dialogue_leaves_the_other_out_of_the_collection(
    project_run, copy_of_run
) -> None:
    summary = run(copy_of_run, project_run["notebooks"], lang="sv", dialogues=["network"])
    assert sorted(summary.made) == ["audit", "cross_network", "dialogue-network", "methods"]
    assert summary.excluded_dialogues == ("workshop",)
    rows = list(csv.DictReader(open(copy_of_run / "shares.csv", newline="")))
    assert {r["dialogue_id"] for r in rows} == {"network"}


def test_failure_names_the_notebook_the_cell_and_the_error_and_keeps_earlier_outputs(project_run, copy_of_run) -> None:
    before = visible_files(copy_of_run)
    folder = project_run["notebooks"]
    with changed_notebook(folder, "methods", 'raise RuntimeError(f"deliberate failure for {lang}")', 3):
        with pytest.raises(RunFailed) as failure:
            run(copy_of_run, folder)
    message = str(failure.value)
    assert "notebook methods.ipynb (task methods) failed in cell 4" in message
    assert 'raise RuntimeError(f"deliberate failure for {lang}")' in message
    assert "RuntimeError: deliberate failure for en" in message
    assert (copy_of_run / ".failed" / "methods.ipynb").is_file()
    assert not (copy_of_run / contract.executed_notebook("methods")).exists()  # removed as incomplete
    after = visible_files(copy_of_run)
    methods_outputs = {*contract.table_outputs("methods"), contract.executed_notebook("methods")}
    kept = {k: v for k, v in before.items() if k not in methods_outputs and not k.startswith("figures/methods/")}
    assert {k: after.get(k) for k in kept} == kept


def test_notebook_that_omits_a_promised_table_fails_its_task(project_run, copy_of_run) -> None:
    folder = project_run["notebooks"]
    with changed_notebook(folder, "audit", "Path(output_dir, 'claims.csv').unlink()", 3):
        with pytest.raises(RunFailed, match="did not write claims.csv into output_dir"):
            run(copy_of_run, folder)
    assert not (copy_of_run / "claims.csv").exists()


def test_a_stale_snakemake_lock_of_a_killed_run_is_released(project_run, copy_of_run) -> None:
    locks = copy_of_run / ".snakemake" / "locks"
    locks.mkdir(parents=True, exist_ok=True)
    (locks / "0.input.lock").write_text(str(copy_of_run / "manifest.json") + "\n", encoding="utf-8")
    assert run(copy_of_run, project_run["notebooks"]).made == ()
    assert not locks.is_dir() or not any(locks.iterdir())


def test_a_second_run_on_the_same_processed_folder_is_refused_and_the_lock_leaves_no_file(tmp_path):
    import sys

    second = (
        "from pathlib import Path\nfrom dialogstats.workflow.pipeline import run_lock\n"
        f"with run_lock(Path({str(tmp_path)!r})): pass\n"
    )
    with run_lock(tmp_path):
        result = subprocess.run([sys.executable, "-c", second], capture_output=True, text=True)
    assert result.returncode != 0 and "another run is writing into" in result.stderr
    assert list(tmp_path.iterdir()) == []


# --- the contract and the collecting functions (no kernels) -----------------------------------

def test_the_contract_lists_exactly_the_tables_each_notebook_writes() -> None:
    for notebook in contract.NOTEBOOK_NAMES:
        cells = json.loads((paths.NOTEBOOKS / f"{notebook}.ipynb").read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        written = re.findall(r'output_dir\s*/\s*"([^"]+\.csv)"', code)
        assert sorted(written) == sorted(contract.EXPECTED_TABLES[notebook]), notebook
        assert "writer.write_index(figures_dir)" in code, notebook


def test_the_workbooks_are_named_as_the_report_writers_name_them() -> None:
    from dialogstats.report.workbook import FILE_NAMES

    assert contract.WORKBOOKS == {name: lang for lang, name in FILE_NAMES.items()}


def test_the_figure_pack_is_made_from_the_figures_and_recorded_in_the_manifest(project_run) -> None:
    processed = project_run["processed"]
    pack = processed / contract.FIGURE_PACK_REL
    index = list(csv.DictReader(open(processed / contract.FIGURE_INDEX_REL, encoding="utf-8")))
    for row in index:
        for ext in contract.FIGURE_FORMATS:
            copied = pack / row["lang"] / f"{row['figure_id']}.{ext}"
            assert copied.read_bytes() == (processed / "figures" / f"{row['file']}.{ext}").read_bytes()
    manifest = json.loads((processed / contract.MANIFEST_REL).read_text(encoding="utf-8"))
    recorded = {k: v["rule"] for k, v in manifest["outputs"].items() if k.startswith(contract.FIGURE_PACK_REL + "/")}
    packed = {p.relative_to(processed).as_posix() for p in pack.rglob("*") if p.is_file()}
    assert set(recorded) == packed and set(recorded.values()) == {"figure_pack"}


def test_interval_methods_are_read_from_the_statistics_module_without_importing_it() -> None:
    from dialogstats.stats.intervals import METHODS

    assert contract.interval_methods() == tuple(METHODS)


def test_dialogues_with_figures_are_read_by_the_one_raw_reader_and_accept_a_byte_order_mark(tmp_path) -> None:
    shutil.copytree(GOOD_RAW, tmp_path / "raw")
    path = tmp_path / "raw" / "dialogues.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert contract.dialogues_with_figures(tmp_path / "raw") == contract.dialogues_with_figures(GOOD_RAW)
    assert contract.dialogues_with_figures(GOOD_RAW) == ["workshop", "network"]


def test_the_dialogue_with_most_printed_options_gets_the_highest_priority() -> None:
    # The good fixture prints 8 options for the workshop and 5 for the network (counted by hand).
    priorities = contract.dialogue_priorities(GOOD_RAW, ["workshop", "network"])
    assert priorities["workshop"] > priorities["network"]
    assert all(0 <= p < 1 for p in priorities.values())  # below every project notebook's priority


def test_dialogues_with_as_many_options_start_in_file_order_and_unknown_ones_last(tmp_path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(GOOD_RAW, raw)
    path = raw / "responses.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    questions = {r[0]: r[1] for r in csv.reader((raw / "questions.csv").read_text(encoding="utf-8").splitlines()[1:])}
    kept = [rows[0]] + [r for r in rows[1:] if questions[r[0]] == "network"]
    kept += [r for r in rows[1:] if questions[r[0]] == "workshop"][:5]  # 5 options each now
    path.write_text("\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in kept) + "\n", encoding="utf-8")
    priorities = contract.dialogue_priorities(raw, ["workshop", "network", "added"])
    assert priorities["workshop"] > priorities["network"] > priorities["added"]


def test_unreadable_questions_give_every_dialogue_the_same_priority(tmp_path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(GOOD_RAW, raw)
    (raw / "questions.csv").write_text("question_id;dialogue_id\nq;x\n", encoding="utf-8")
    assert contract.dialogue_priorities(raw, ["workshop", "network"]) == {"workshop": 0.0, "network": 0.0}


def test_the_workflow_gives_the_dialogue_jobs_their_priorities(tmp_path) -> None:
    command = [sys.executable, "-m", "snakemake", "--snakefile", str(paths.ROOT / "workflow" / "Snakefile"),
               "--directory", str(tmp_path), "--configfile", str(paths.ROOT / "config" / "config.yaml"),
               "--config", f"raw_dir={GOOD_RAW}", f"processed_dir={tmp_path}", "--dry-run"]
    out = subprocess.run(command, capture_output=True, text=True, cwd=paths.ROOT, check=True).stdout
    shown = dict(re.findall(r"wildcards: dialogue=(\w+)\n\s+priority: ([0-9.]+)", out))
    expected = contract.dialogue_priorities(GOOD_RAW, ["workshop", "network"])
    assert {d: float(p) for d, p in shown.items()} == {d: p for d, p in expected.items() if p > 0}


def test_an_unreadable_dialogues_file_is_reported_with_file_and_row(tmp_path) -> None:
    (tmp_path / "dialogues.csv").write_text("dialogue_id;name\nx;y\n", encoding="utf-8")
    with pytest.raises(RawDataError, match="dialogues.csv, row 1: file is separated by semicolons"):
        contract.dialogues_with_figures(tmp_path)


def test_a_dialogue_id_that_is_also_a_notebook_folder_is_refused() -> None:
    with pytest.raises(ParameterError, match="clashes"):
        contract.check_dialogue_ids(["audit"])


def test_the_dialogue_wildcard_matches_exactly_the_dialogues() -> None:
    pattern = contract.dialogue_pattern(["skolchef", "hossoc"])
    assert re.fullmatch(pattern, "skolchef") and not re.fullmatch(pattern, "index.csv")
    assert not re.fullmatch(contract.dialogue_pattern([]), "")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_concatenated_table_sorts_rows_and_keeps_cells_as_written(tmp_path: Path) -> None:
    first = write(tmp_path / "b.csv", "dialogue_id,option,share\nzeta,no,0.500000\n")
    second = write(tmp_path / "a.csv", 'dialogue_id,option,share\nalpha,yes,"1,5"\nalpha,no,0.100000\n')
    text = concatenate_tables([first, second], sort_by=("dialogue_id", "option"))
    assert text == 'dialogue_id,option,share\nalpha,no,0.100000\nalpha,yes,"1,5"\nzeta,no,0.500000\n'


def test_concatenation_refuses_parts_with_different_columns(tmp_path: Path) -> None:
    first = write(tmp_path / "a.csv", "dialogue_id,share\n")
    second = write(tmp_path / "b.csv", "dialogue_id,count\n")
    with pytest.raises(PipelineError, match="columns"):
        concatenate_tables([first, second])


def index_fragment(path: Path, *rows: tuple[str, ...]) -> Path:
    lines = [",".join(contract.FIGURE_INDEX_COLUMNS)] + [
        f"{row[0]},{row[1]},,Caption,Alt,dialogue,{row[2] if len(row) > 2 else 'en'}" for row in rows]
    return write(path, "\n".join(lines) + "\n")


def test_figure_index_prefixes_files_with_their_subfolder(tmp_path: Path) -> None:
    fragment = index_fragment(tmp_path / "x.csv", ("shares-x-all", "shares-x-all"))
    rows = list(csv.DictReader(open(tmp_path / "x.csv")))
    assert rows and "x/shares-x-all" in figure_index({"x": fragment})


def test_figure_index_refuses_a_repeated_figure_id(tmp_path: Path) -> None:
    one = index_fragment(tmp_path / "a.csv", ("audit-status", "audit-status"))
    two = index_fragment(tmp_path / "b.csv", ("audit-status", "other"))
    with pytest.raises(PipelineError, match=r"repeated: audit-status \(en\)"):
        figure_index({"a": one, "b": two})


def test_figure_index_keeps_one_row_per_figure_and_language_sorted_by_both(tmp_path: Path) -> None:
    one = index_fragment(tmp_path / "a.csv", ("b-fig", "b-fig.sv", "sv"), ("b-fig", "b-fig.en", "en"))
    two = index_fragment(tmp_path / "b.csv", ("a-fig", "a-fig.sv", "sv"))
    rows = list(csv.DictReader(figure_index({"a": one, "b": two}).splitlines()))
    assert [(r["figure_id"], r["lang"], r["file"]) for r in rows] == [
        ("a-fig", "sv", "b/a-fig.sv"), ("b-fig", "en", "a/b-fig.en"), ("b-fig", "sv", "a/b-fig.sv")]


def test_a_quiet_run_that_snakemake_refuses_says_why(tmp_path: Path) -> None:
    # Without progress messages Snakemake's own error is kept back and shown in the failure.
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(RunFailed, match=r"(?s)it said:.*Missing input files for rule \w+.*notebooks/\w+\.ipynb"):
        run_pipeline(GOOD_RAW, tmp_path / "processed", render_paper=False, progress=False,
                     notebooks_dir=tmp_path / "notebooks")
