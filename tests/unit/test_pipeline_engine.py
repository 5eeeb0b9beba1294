"""The engine on tiny fixture notebooks: parallel runs, skipping, failures and atomic installation.

The fixture notebooks (tests/fixtures/notebooks/) copy a two-row ``values.csv``
from the raw folder, pause, or fail on purpose; each execution starts a real
kernel, so the tests here share runs where they can.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from dialogstats.errors import PipelineError, UnknownNameError
from dialogstats.workflow.manifest import read_stamp
from dialogstats.workflow.pipeline import (
    FIGURE_INDEX_COLUMNS,
    Task,
    collect,
    concatenate_tables,
    execute_tasks,
    figure_index,
    plan_tasks,
    prune_orphans,
    run_pipeline,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"


def rows_task(label: str, notebook: str = "write_rows", expected: tuple[str, ...] = ("rows.csv", "figures.csv")) -> Task:
    return Task(f"rows-{label}", FIXTURES / f"{notebook}.ipynb", {"label": label}, f"tables/{label}", f"figures/{label}", expected)


def make_raw(folder: Path, values: str = "x,y\n1,2\n3,4\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "values.csv").write_text(values, encoding="utf-8")
    return folder


def snapshot(processed: Path) -> dict[str, bytes]:
    """Every visible file under ``processed`` (hidden engine folders excluded), with its bytes."""
    return {
        p.relative_to(processed).as_posix(): p.read_bytes()
        for p in sorted(processed.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(processed).parts)
    }


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Two write_rows tasks run once, in parallel, into a fresh processed folder."""
    root = tmp_path_factory.mktemp("engine")
    raw = make_raw(root / "raw")
    processed = root / "processed"
    tasks = [rows_task("a"), rows_task("b")]
    report = execute_tasks(tasks, processed, raw, jobs=2, progress=False)
    return {"root": root, "raw": raw, "processed": processed, "tasks": tasks, "report": report}


@pytest.fixture
def copy_of_first_run(first_run: dict[str, object], tmp_path: Path) -> Path:
    """A private copy of the first run's processed folder (stamps stay valid: they hold relative paths)."""
    processed = tmp_path / "processed"
    shutil.copytree(first_run["processed"], processed)
    return processed


def test_every_task_of_a_first_run_is_made(first_run: dict[str, object]) -> None:
    assert sorted(first_run["report"].made) == ["rows-a", "rows-b"]
    assert first_run["report"].skipped == [] and first_run["report"].failures == []


def test_tables_figures_and_executed_notebooks_are_moved_to_their_places(first_run: dict[str, object]) -> None:
    files = set(snapshot(first_run["processed"]))
    assert files == {
        "tables/a/rows.csv", "tables/b/rows.csv",
        "figures/a/figures.csv", "figures/a/plot-a.png", "figures/a/plot-a.svg", "figures/a/plot-a.pdf",
        "figures/b/figures.csv", "figures/b/plot-b.png", "figures/b/plot-b.svg", "figures/b/plot-b.pdf",
        "notebooks/rows-a.ipynb", "notebooks/rows-b.ipynb",
    }


def test_notebook_output_is_what_the_notebook_computed(first_run: dict[str, object]) -> None:
    text = (first_run["processed"] / "tables" / "b" / "rows.csv").read_text(encoding="utf-8")
    assert text == "label,x,y\nb,1,2\nb,3,4\n"


def test_executed_notebook_records_its_parameters_and_final_folders(first_run: dict[str, object]) -> None:
    notebook = json.loads((first_run["processed"] / "notebooks" / "rows-a.ipynb").read_text(encoding="utf-8"))
    assert notebook["metadata"]["papermill"]["parameters"]["label"] == "a"
    moved = notebook["metadata"]["dialogstats"]["outputs_moved_to"]
    assert Path(moved["output_dir"]) == (first_run["processed"] / "tables" / "a").resolve()


def test_staging_folders_are_removed_after_success(first_run: dict[str, object]) -> None:
    assert list((first_run["processed"] / ".staging").iterdir()) == []


def test_stamp_lists_every_output_with_its_hash(first_run: dict[str, object]) -> None:
    stamp = read_stamp(first_run["processed"], "rows-a")
    assert sorted(stamp["outputs"]) == [
        "figures/a/figures.csv", "figures/a/plot-a.pdf", "figures/a/plot-a.png", "figures/a/plot-a.svg",
        "notebooks/rows-a.ipynb", "tables/a/rows.csv",
    ]


def test_second_run_with_nothing_changed_skips_every_task(first_run: dict[str, object], copy_of_first_run: Path) -> None:
    report = execute_tasks(first_run["tasks"], copy_of_first_run, first_run["raw"], progress=False)
    assert sorted(report.skipped) == ["rows-a", "rows-b"] and report.made == []


def test_tampered_output_makes_its_task_run_again(first_run: dict[str, object], copy_of_first_run: Path) -> None:
    table = copy_of_first_run / "tables" / "a" / "rows.csv"
    table.write_text("label,x,y\na,9,9\n", encoding="utf-8")
    report = execute_tasks(first_run["tasks"], copy_of_first_run, first_run["raw"], progress=False)
    assert report.made == ["rows-a"] and report.skipped == ["rows-b"]
    assert table.read_text(encoding="utf-8") == "label,x,y\na,1,2\na,3,4\n"


def test_deleted_stamp_makes_its_task_run_again(first_run: dict[str, object], copy_of_first_run: Path) -> None:
    (copy_of_first_run / ".stamps" / "rows-b.json").unlink()
    report = execute_tasks(first_run["tasks"], copy_of_first_run, first_run["raw"], progress=False)
    assert report.made == ["rows-b"]


def test_force_runs_fresh_tasks_again(first_run: dict[str, object], copy_of_first_run: Path) -> None:
    report = execute_tasks(first_run["tasks"][:1], copy_of_first_run, first_run["raw"], force=True, progress=False)
    assert report.made == ["rows-a"]


def test_changed_raw_file_makes_tasks_run_again(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw")
    processed = tmp_path / "processed"
    task = rows_task("a")
    execute_tasks([task], processed, raw, progress=False)
    make_raw(raw, "x,y\n5,6\n")
    report = execute_tasks([task], processed, raw, progress=False)
    assert report.made == ["rows-a"]
    assert (processed / "tables" / "a" / "rows.csv").read_text(encoding="utf-8") == "label,x,y\na,5,6\n"


def test_tasks_run_at_the_same_time_with_two_jobs(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "raw")
    processed = tmp_path / "processed"
    tasks = [
        Task(f"timed-{label}", FIXTURES / "timed.ipynb", {"label": label, "pause": 3.0}, f"t/{label}", f"f/{label}")
        for label in ("a", "b")
    ]
    execute_tasks(tasks, processed, raw, jobs=2, progress=False)
    spans = []
    for label in ("a", "b"):
        row = next(csv.DictReader(io.StringIO((processed / "t" / label / "timing.csv").read_text())))
        spans.append((float(row["started"]), float(row["finished"])))
    assert max(start for start, _ in spans) < min(end for _, end in spans)


@pytest.fixture
def failed_run(first_run: dict[str, object], copy_of_first_run: Path) -> dict[str, object]:
    """The failing notebook run under the name and destinations of the existing task rows-a."""
    before = snapshot(copy_of_first_run)
    failing = Task("rows-a", FIXTURES / "fails.ipynb", {"label": "a"}, "tables/a", "figures/a")
    report = execute_tasks([failing], copy_of_first_run, first_run["raw"], progress=False)
    return {"before": before, "report": report, "processed": copy_of_first_run}


def test_failure_names_the_notebook_the_cell_and_the_error(failed_run: dict[str, object]) -> None:
    [message] = failed_run["report"].failures
    assert "notebook fails.ipynb" in message
    assert "cell 3" in message
    assert 'raise RuntimeError(f"deliberate failure for {label}")' in message
    assert "RuntimeError: deliberate failure for a" in message


def test_failed_task_leaves_earlier_outputs_byte_identical(failed_run: dict[str, object]) -> None:
    assert snapshot(failed_run["processed"]) == failed_run["before"]


def test_failed_task_keeps_its_earlier_stamp(failed_run: dict[str, object]) -> None:
    assert read_stamp(failed_run["processed"], "rows-a")["notebook"].endswith("write_rows.ipynb")


def test_failed_task_leaves_no_staging_folder(failed_run: dict[str, object]) -> None:
    assert list((failed_run["processed"] / ".staging").iterdir()) == []


def test_failed_executed_notebook_is_kept_aside_for_reading(failed_run: dict[str, object]) -> None:
    assert (failed_run["processed"] / ".failed" / "rows-a.ipynb").is_file()


def test_notebook_that_omits_a_promised_table_fails_the_task(first_run: dict[str, object], tmp_path: Path) -> None:
    task = rows_task("c", expected=("rows.csv", "shares.csv"))
    report = execute_tasks([task], tmp_path / "processed", first_run["raw"], progress=False)
    assert len(report.failures) == 1 and "did not write shares.csv" in report.failures[0]
    assert not (tmp_path / "processed" / "tables" / "c").exists()


def test_parameters_of_all_tasks_are_checked_before_any_runs(first_run: dict[str, object], tmp_path: Path) -> None:
    good = rows_task("c")
    bad = Task("rows-d", FIXTURES / "write_rows.ipynb", {"label": "d", "colour": "red"}, "tables/d", "figures/d")
    with pytest.raises(UnknownNameError, match="'colour'"):
        execute_tasks([good, bad], tmp_path / "processed", first_run["raw"], progress=False)
    assert not (tmp_path / "processed" / "notebooks").exists()


def test_missing_notebook_is_refused_before_anything_runs(first_run: dict[str, object], tmp_path: Path) -> None:
    task = Task("ghost", FIXTURES / "ghost.ipynb", {}, "", "figures/ghost")
    with pytest.raises(PipelineError, match="does not exist"):
        execute_tasks([task], tmp_path / "processed", first_run["raw"], progress=False)


# --- collecting and planning (no kernels) ------------------------------------

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


def index_fragment(path: Path, *rows: tuple[str, str]) -> Path:
    lines = [",".join(FIGURE_INDEX_COLUMNS)] + [f"{fid},{file},,Caption,Alt,dialogue,en" for fid, file in rows]
    return write(path, "\n".join(lines) + "\n")


def test_figure_index_prefixes_files_with_their_subfolder(tmp_path: Path) -> None:
    fragment = index_fragment(tmp_path / "x.csv", ("shares-x-all", "shares-x-all"))
    rows = list(csv.DictReader(io.StringIO(figure_index({"x": fragment}))))
    assert rows[0]["file"] == "x/shares-x-all"


def test_figure_index_refuses_a_repeated_figure_id(tmp_path: Path) -> None:
    one = index_fragment(tmp_path / "a.csv", ("audit-status", "audit-status"))
    two = index_fragment(tmp_path / "b.csv", ("audit-status", "other"))
    with pytest.raises(PipelineError, match="repeated: audit-status"):
        figure_index({"a": one, "b": two})


def test_collect_writes_shares_and_index_from_the_given_tasks_only(tmp_path: Path) -> None:
    header = "dialogue_id,group_id,question_id,option,method\n"
    write(tmp_path / "by_dialogue" / "b" / "shares.csv", header + "b,all,q2,yes,wilson\n")
    write(tmp_path / "by_dialogue" / "a" / "shares.csv", header + "a,all,q1,yes,wilson\n")
    write(tmp_path / "by_dialogue" / "old" / "shares.csv", header + "old,all,q0,yes,wilson\n")
    index_fragment(tmp_path / "figures" / "a" / "figures.csv", ("shares-a-all", "shares-a-all"))
    tasks = [t for t in plan_tasks(["a", "b"]) if t.name.startswith("dialogue-")]
    assert collect(tmp_path, tasks) is True
    assert (tmp_path / "shares.csv").read_text() == header + "a,all,q1,yes,wilson\nb,all,q2,yes,wilson\n"
    assert "a/shares-a-all" in (tmp_path / "figures" / "index.csv").read_text()
    assert collect(tmp_path, tasks) is False


def test_plan_has_one_dialogue_task_per_dialogue_and_each_project_notebook() -> None:
    names = [t.name for t in plan_tasks(["arbetsmote", "skolchef"])]
    assert sorted(names) == ["audit", "cross_network", "dialogue-arbetsmote", "dialogue-skolchef", "methods"]


def test_plan_sends_dialogue_tables_to_by_dialogue_and_figures_to_their_subfolder() -> None:
    task = next(t for t in plan_tasks(["skolchef"]) if t.name == "dialogue-skolchef")
    assert (task.table_dir, task.figure_dir, task.executed_notebook) == (
        "by_dialogue/skolchef", "figures/skolchef", "notebooks/dialogue-skolchef.ipynb"
    )


def test_plan_refuses_a_dialogue_id_that_is_also_a_notebook_folder() -> None:
    with pytest.raises(PipelineError, match="clashes"):
        plan_tasks(["audit"])


def test_pruning_deletes_outputs_of_tasks_no_longer_planned(tmp_path: Path) -> None:
    output = write(tmp_path / "by_dialogue" / "gone" / "shares.csv", "x\n")
    write(tmp_path / ".stamps" / "dialogue-gone.json", json.dumps({"outputs": {"by_dialogue/gone/shares.csv": "0"}}))
    kept = write(tmp_path / ".stamps" / "audit.json", json.dumps({"outputs": {}}))
    assert prune_orphans(tmp_path, ["audit"]) == ["dialogue-gone"]
    assert not output.exists() and kept.exists()


# --- the whole run on stand-in notebooks (tests/fixtures/notebooks/project/) --------

GOOD_RAW = Path(__file__).resolve().parents[1] / "fixtures" / "good"
PROJECT = FIXTURES / "project"


@pytest.fixture(scope="module")
def project_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """run_pipeline on the valid fixture raw data (dialogues workshop and network) with stand-in notebooks."""
    patch = pytest.MonkeyPatch()
    patch.setenv("DIALOGSTATS_SOURCE", str(GOOD_RAW / "source.txt"))
    processed = tmp_path_factory.mktemp("project") / "processed"
    first = run_pipeline(GOOD_RAW, processed, jobs=2, render_paper=False, progress=False, notebooks_dir=PROJECT)
    second = run_pipeline(GOOD_RAW, processed, jobs=2, render_paper=False, progress=False, notebooks_dir=PROJECT)
    yield {"processed": processed, "first": first, "second": second}
    patch.undo()


def test_run_makes_one_task_per_dialogue_with_figures_and_per_project_notebook(project_run) -> None:
    assert sorted(project_run["first"].made) == [
        "audit", "cross_network", "dialogue-network", "dialogue-workshop", "methods"
    ]


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


def test_run_puts_project_tables_in_the_processed_folder(project_run) -> None:
    for table in ("comparisons.csv", "coverage.csv", "design_effect.csv", "audit.csv", "denominators.csv"):
        assert (project_run["processed"] / table).is_file()


def test_run_summary_counts_table_rows_and_figures(project_run) -> None:
    summary = project_run["first"]
    assert summary.tables["shares.csv"] == 4 and summary.tables["figures/index.csv"] == 5
    assert summary.figures == 5


def test_manifest_of_a_run_covers_every_output_but_executed_notebooks(project_run) -> None:
    processed = project_run["processed"]
    manifest = json.loads((processed / "manifest.json").read_text())
    assert "shares.csv" in manifest["outputs"] and "by_dialogue/workshop/shares.csv" in manifest["outputs"]
    assert manifest["outputs"]["shares.csv"]["sources"] == [
        "by_dialogue/network/bounds.csv", "by_dialogue/network/shares.csv",
        "by_dialogue/workshop/bounds.csv", "by_dialogue/workshop/shares.csv",
        "figures/audit/figures.csv", "figures/cross_network/figures.csv", "figures/methods/figures.csv",
        "figures/network/figures.csv", "figures/workshop/figures.csv",
    ]
    assert set(manifest["executed_notebooks"]) == {f"notebooks/{t}.ipynb" for t in project_run["first"].made}


def test_second_run_skips_every_task_and_the_validation(project_run) -> None:
    second = project_run["second"]
    assert second.made == () and len(second.skipped) == 5
    assert second.validation_skipped


def test_run_with_other_parameters_and_one_dialogue_leaves_the_other_out_of_the_collection(
    project_run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(GOOD_RAW / "source.txt"))
    processed = tmp_path / "processed"
    shutil.copytree(project_run["processed"], processed)
    summary = run_pipeline(GOOD_RAW, processed, lang="sv", dialogues=["network"], render_paper=False,
                           progress=False, notebooks_dir=PROJECT)
    assert summary.excluded_dialogues == ("workshop",)
    rows = list(csv.DictReader(open(processed / "shares.csv", newline="")))
    assert {r["dialogue_id"] for r in rows} == {"network"}


def test_a_second_run_on_the_same_processed_folder_is_refused_and_the_lock_leaves_no_file(tmp_path):
    import subprocess
    import sys

    from dialogstats.workflow.pipeline import _run_lock

    second = (
        "from pathlib import Path\nfrom dialogstats.workflow.pipeline import _run_lock\n"
        f"with _run_lock(Path({str(tmp_path)!r})): pass\n"
    )
    with _run_lock(tmp_path):
        result = subprocess.run([sys.executable, "-c", second], capture_output=True, text=True)
    assert result.returncode != 0 and "another run is writing into" in result.stderr
    assert list(tmp_path.iterdir()) == []
