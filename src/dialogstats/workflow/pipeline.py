"""The pipeline engine: run the notebooks in parallel, skip what is up to date, install outputs atomically.

One *task* is one execution of a notebook with one set of parameters: the
dialogue notebook once per dialogue that has figures, and the cross-network,
methods and audit notebooks once each. A run

1. checks its arguments and the raw data (the validation is skipped when the
   raw files, the package and the report's text are those of the last
   successful validation);
2. skips every task whose stamp is fresh (see :mod:`dialogstats.workflow.manifest`) and
   checks the parameters of the others against their notebooks before running any;
3. executes the stale tasks in a process pool, each into its own staging
   folder ``<processed>/.staging/<task>-<random>/``; a successful task's files
   are moved into place with :func:`os.replace` and its stamp is written last;
   a failed task's staging folder is removed, leaving every file in place as it was;
4. when every task succeeded, concatenates the per-task tables
   (``shares.csv``, ``bounds.csv``, ``figures/index.csv``), writes the
   manifest, and renders the paper when ``quarto`` is available.

Nothing heavy is imported until something has to be executed, so a run with
nothing to do finishes in a fraction of a second.
"""

from __future__ import annotations

import csv
import io
import json
import os
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from dialogstats.workflow import manifest as provenance
from dialogstats import paths
from dialogstats.errors import ParameterError, PipelineError, RawDataError, UnknownNameError
from dialogstats.checks import check_confidence, check_identifier, check_lang
from dialogstats.workflow.parameters import (
    check_notebook_parameters,
    dialogues_with_figures,
    notebook_parameters,
)

DIALOGUE_NOTEBOOK = "dialogue"
#: Notebooks run once per run (they need only the raw data), in the order they are started.
PROJECT_NOTEBOOKS: tuple[str, ...] = ("cross_network", "methods", "audit")
#: Tables each notebook must write into its ``output_dir`` (the notebook/engine contract).
EXPECTED_TABLES: dict[str, tuple[str, ...]] = {
    "dialogue": ("shares.csv", "bounds.csv", "figures.csv"),
    "cross_network": ("comparisons.csv", "figures.csv"),
    "methods": ("coverage.csv", "design_effect.csv", "figures.csv"),
    "audit": ("audit.csv", "denominators.csv", "figures.csv"),
}
FIGURE_INDEX_FRAGMENT = "figures.csv"
FIGURE_INDEX_COLUMNS: tuple[str, ...] = ("figure_id", "file", "dialogue_id", "caption", "alt_text", "notebook", "lang")
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: Per-dialogue tables concatenated into the processed folder, with their row order.
COLLECTED_TABLES: dict[str, tuple[str, ...]] = {
    "shares.csv": ("dialogue_id", "group_id", "question_id", "option", "method"),
    "bounds.csv": ("dialogue_id", "group_id", "question_id", "option", "method"),
}
RESERVED_TASKS: tuple[str, ...] = ("validate", "collect", "paper")

FIGURES_REL = paths.FIGURES.relative_to(paths.PROCESSED).as_posix()
BY_DIALOGUE_REL = paths.BY_DIALOGUE.relative_to(paths.PROCESSED).as_posix()
EXECUTED_REL = paths.EXECUTED.relative_to(paths.PROCESSED).as_posix()
FIGURE_INDEX_REL = f"{FIGURES_REL}/index.csv"
STAGING_DIRNAME = ".staging"
FAILED_DIRNAME = ".failed"



class RunInterrupted(PipelineError):
    """The run was stopped by a signal; outputs in place are complete (old or new), never half-written."""

    def __init__(self, signum: int):
        self.signum = signum
        name = signal.Signals(signum).name
        super().__init__(
            f"run interrupted by {name}; the running notebooks were stopped and their staging folders removed. "
            "Files in place are complete; run again to finish (up-to-date tasks are skipped)."
        )


@dataclass(frozen=True)
class Task:
    """One execution of a notebook: its logical parameters and where its outputs go.

    ``parameters`` exclude the three folders, which the engine adds
    (``raw_dir`` and a fresh staging ``output_dir``/``figures_dir``).
    ``table_dir`` and ``figure_dir`` are relative to the processed folder.
    """

    name: str
    notebook: Path
    parameters: Mapping[str, Any]
    table_dir: str
    figure_dir: str
    expected_tables: tuple[str, ...] = ()

    @property
    def executed_notebook(self) -> str:
        """Path of the executed notebook, relative to the processed folder."""
        return f"{EXECUTED_REL}/{self.name}.ipynb"


@dataclass
class ExecutionReport:
    """What :func:`execute_tasks` did: tasks made, skipped as up to date, failed, or not started."""

    made: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RunSummary:
    """The outcome of :func:`run_pipeline`, for the command line's final report.

    ``tables`` maps each collected or project table (relative path) to its number
    of data rows; ``outputs`` lists every file recorded in the manifest.
    """

    processed_dir: Path
    made: tuple[str, ...]
    skipped: tuple[str, ...]
    tables: dict[str, int]
    figures: int
    executed_dir: Path
    manifest: Path
    paper: str
    paper_rendered: bool
    validation_skipped: bool
    excluded_dialogues: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()


# --- planning -------------------------------------------------------------

def plan_tasks(
    dialogues: Sequence[str],
    *,
    confidence: float = 0.95,
    ci_method: str = "wilson",
    lang: str = "en",
    notebooks_dir: Path = paths.NOTEBOOKS,
) -> list[Task]:
    """The tasks of a run: the project notebooks, then the dialogue notebook once per dialogue."""
    common = {"confidence": confidence, "ci_method": ci_method, "lang": lang}
    for dialogue_id in dialogues:
        check_identifier(dialogue_id, "dialogue id")
        if dialogue_id in PROJECT_NOTEBOOKS:
            raise PipelineError(f"dialogue id {dialogue_id!r} clashes with the figure folder of notebook {dialogue_id}.ipynb")
    tasks = [
        Task(stem, Path(notebooks_dir) / f"{stem}.ipynb", dict(common), "", f"{FIGURES_REL}/{stem}", EXPECTED_TABLES[stem])
        for stem in PROJECT_NOTEBOOKS
    ]
    tasks += [
        Task(
            f"{DIALOGUE_NOTEBOOK}-{dialogue_id}",
            Path(notebooks_dir) / f"{DIALOGUE_NOTEBOOK}.ipynb",
            {"dialogue_id": dialogue_id, **common},
            f"{BY_DIALOGUE_REL}/{dialogue_id}",
            f"{FIGURES_REL}/{dialogue_id}",
            EXPECTED_TABLES[DIALOGUE_NOTEBOOK],
        )
        for dialogue_id in dialogues
    ]
    return tasks


def _recorded_parameters(task: Task, raw_dir: Path) -> dict[str, Any]:
    return {**task.parameters, "raw_dir": provenance.display_path(raw_dir)}


def task_state(task: Task, raw_dir: Path, processed_dir: Path) -> tuple[dict[str, Any], str, bool]:
    """The task's input record, its fingerprint, and whether its stamp is fresh."""
    inputs = provenance.task_inputs(task.notebook, raw_dir, _recorded_parameters(task, raw_dir))
    fingerprint = provenance.fingerprint(inputs)
    fresh = provenance.stamp_is_fresh(provenance.read_stamp(processed_dir, task.name), fingerprint, processed_dir)
    return inputs, fingerprint, fresh


# --- execution in worker processes ----------------------------------------

def _child_pids() -> list[int]:
    """Process ids of this process's children (its kernel), read from /proc; empty where there is none."""
    me, children = os.getpid(), []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == me:
            children.append(int(stat.parent.name))
    return children


def _stop_worker(signum: int, frame: object) -> None:
    # Kill the kernel before exiting: kernels are detached from our process group, and an orphaned
    # kernel would go on writing into its staging folder until it notices its parent gone.
    for pid in _child_pids():
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            pass
    os._exit(128 + signum)


def _worker_init() -> None:
    signal.signal(signal.SIGTERM, _stop_worker)
    signal.signal(signal.SIGINT, _stop_worker)
    # Fixed settings for the kernels, so that figures and hash-ordered sets do not vary between runs.
    os.environ.setdefault("MPLBACKEND", "agg")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


def _source_cell_index(notebook: Path, executed_index: int) -> int:
    """Index of a cell in the source notebook, from its index in the executed one.

    papermill inserts its injected-parameters cell right after the cell tagged
    ``parameters`` (or first, when there is none); cells after it shift by one.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    tagged = [i for i, cell in enumerate(cells) if "parameters" in cell.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index - 1 if executed_index > injected_at else executed_index


def _execute_job(job: dict[str, Any]) -> dict[str, Any]:
    """Execute one notebook into its staging folder (runs in a worker process)."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = time.perf_counter()
    try:
        papermill.execute_notebook(
            job["notebook"],
            job["executed"],
            parameters=job["parameters"],
            kernel_name=job["kernel"],
            progress_bar=False,
            log_output=False,
            cwd=job["cwd"],
            # Kernel log lines (a warning about local TCP, a note on the interrupt sent at shutdown) are noise here.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        first_line = next((line for line in str(exc.source).splitlines() if line.strip()), "")
        return {
            "ok": False,
            "cell": _source_cell_index(Path(job["notebook"]), exc.cell_index),
            "first_line": first_line.strip(),
            "error": f"{exc.ename}: {exc.evalue}",
            "seconds": time.perf_counter() - started,
        }
    except Exception as exc:  # kernel failed to start, unreadable notebook, ...
        return {"ok": False, "cell": None, "error": f"{type(exc).__name__}: {exc}", "seconds": time.perf_counter() - started}
    return {"ok": True, "seconds": time.perf_counter() - started}


# --- installing outputs ----------------------------------------------------

class _OutputContractError(Exception):
    """A notebook ran but its outputs break the notebook/engine contract."""


def _staging_layout(staging: Path, task: Task) -> dict[str, Path]:
    return {
        "root": staging,
        "tables": staging / "tables",
        "figures": staging / "figures",
        "executed": staging / f"{task.name}.ipynb",
    }


def _flat_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    entries = sorted(folder.iterdir())
    nested = [p.name for p in entries if p.is_dir()]
    if nested:
        raise _OutputContractError(f"it wrote folder(s) {', '.join(nested)} into {folder.name}; only files are collected")
    return [p for p in entries if not p.name.startswith(".")]


def _check_figure_fragment(fragment: Path, figures: Path) -> None:
    with open(fragment, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        rows = list(reader)
    if header != FIGURE_INDEX_COLUMNS:
        raise _OutputContractError(f"figures.csv has columns {', '.join(header)}; expected {', '.join(FIGURE_INDEX_COLUMNS)}")
    for row in rows:
        name = row[1]
        _check_figure_file_name(name)
        missing = [ext for ext in FIGURE_FORMATS if not (figures / f"{name}.{ext}").is_file()]
        if missing:
            raise _OutputContractError(f"figure {row[0]!r} lists file {name!r} but {', '.join(missing)} file(s) are missing")


def _check_figure_file_name(name: str) -> str:
    # A figure's file name (without extension) must stay inside figures_dir.
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise _OutputContractError(f"figure file name {name!r} must be a plain name inside figures_dir")
    return name


def _planned_moves(task: Task, layout: Mapping[str, Path]) -> list[tuple[Path, str]]:
    """(staged file, destination relative to the processed folder) for every output of a task."""
    tables = _flat_files(layout["tables"])
    names = {p.name for p in tables}
    missing = [t for t in task.expected_tables if t not in names]
    if missing:
        raise _OutputContractError(f"it did not write {', '.join(missing)} into output_dir")
    figures = _flat_files(layout["figures"])
    if FIGURE_INDEX_FRAGMENT in names:
        _check_figure_fragment(layout["tables"] / FIGURE_INDEX_FRAGMENT, layout["figures"])
    moves: list[tuple[Path, str]] = []
    for path in tables:
        if path.name == FIGURE_INDEX_FRAGMENT:
            moves.append((path, f"{task.figure_dir}/{path.name}"))
            continue
        if not task.table_dir and (path.name in COLLECTED_TABLES or path.name == provenance.MANIFEST_NAME):
            raise _OutputContractError(f"its table {path.name} would overwrite a file the engine makes")
        moves.append((path, f"{task.table_dir}/{path.name}" if task.table_dir else path.name))
    for path in figures:
        if path.name == FIGURE_INDEX_FRAGMENT:
            raise _OutputContractError("figures_dir must not contain figures.csv (write it into output_dir)")
        moves.append((path, f"{task.figure_dir}/{path.name}"))
    moves.append((layout["executed"], task.executed_notebook))
    return moves


def _annotate_executed(executed: Path, task: Task, processed_dir: Path) -> None:
    """Record in the executed notebook where the engine moved its outputs (the staging folder is removed)."""
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    notebook.setdefault("metadata", {})["dialogstats"] = {
        "task": task.name,
        "outputs_moved_to": {
            "output_dir": str(processed_dir / task.table_dir) if task.table_dir else str(processed_dir),
            "figures_dir": str(processed_dir / task.figure_dir),
        },
    }
    executed.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _install(
    task: Task,
    layout: Mapping[str, Path],
    processed_dir: Path,
    inputs: Mapping[str, Any],
    fingerprint: str,
    seconds: float,
) -> None:
    """Move a successful task's outputs into place, remove files it no longer makes, write its stamp last."""
    moves = _planned_moves(task, layout)
    _annotate_executed(layout["executed"], task, processed_dir)
    previous = provenance.read_stamp(processed_dir, task.name) or {}
    provenance.remove_stamp(processed_dir, task.name)
    for source, relative in moves:
        destination = processed_dir / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, destination)
    made = {relative for _, relative in moves}
    for relative in previous.get("outputs", {}):
        if relative not in made:
            (processed_dir / relative).unlink(missing_ok=True)
    provenance.write_stamp(processed_dir, task.name, {
        "task": task.name,
        "notebook": provenance.display_path(task.notebook),
        "parameters": dict(inputs["parameters"]),
        "fingerprint": fingerprint,
        "inputs": dict(inputs),
        "outputs": {relative: provenance.sha256_path(processed_dir / relative) for relative in sorted(made)},
        "executed_notebook": task.executed_notebook,
        "seconds": round(seconds, 1),
    })


def _failure_message(task: Task, result: Mapping[str, Any], kept: Path | None) -> str:
    where = f"notebook {task.notebook.name} (task {task.name})"
    if result.get("cell") is not None:
        where += f" failed in cell {result['cell']} (counting from 0), which starts with `{result['first_line']}`"
    else:
        where += " failed"
    message = f"{where}: {result['error']}."
    if kept is not None:
        message += f" The executed notebook showing the error is {kept}."
    return message


def _keep_failed_notebook(layout: Mapping[str, Path], task: Task, processed_dir: Path) -> Path | None:
    executed = layout["executed"]
    if not executed.is_file():
        return None
    kept = processed_dir / FAILED_DIRNAME / f"{task.name}.ipynb"
    kept.parent.mkdir(parents=True, exist_ok=True)
    os.replace(executed, kept)
    return kept


# --- the process pool ------------------------------------------------------

class _Terminated(BaseException):
    def __init__(self, signum: int):
        self.signum = signum


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """Turn SIGTERM into an exception in the main thread, so that a stopped run cleans up."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum)

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _run_lock(processed_dir: Path) -> Iterator[None]:
    """Only one run at a time may write into a processed folder.

    The lock is taken on the folder itself (an advisory ``flock`` on its descriptor), so that a
    run refused for bad input leaves no file behind in the processed folder.
    """
    import fcntl

    processed_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(processed_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"another run is writing into {processed_dir}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def _pool_context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork reuses the parent's imports (papermill is loaded by the parameter checks), saving
    # a second or more per worker; it is safe only while the parent runs no other thread.
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["dialogstats.workflow.pipeline", "papermill"])
        return context
    return multiprocessing.get_context("spawn")


def _stop_workers() -> None:
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    for child in children:
        child.join(timeout=5)
        if child.is_alive():
            child.kill()


def execute_tasks(
    tasks: Sequence[Task],
    processed_dir: Path,
    raw_dir: Path,
    *,
    jobs: int | None = None,
    force: bool = False,
    progress: bool = True,
    dialogues: Sequence[str] | None = None,
    states: Mapping[str, tuple[dict[str, Any], str, bool]] | None = None,
) -> ExecutionReport:
    """Run the stale ``tasks`` in a process pool and install their outputs; skip the fresh ones.

    Every stale task's parameters are checked against its notebook before any
    task starts. After a failure, tasks not yet started are cancelled and running
    ones finish; the report lists the failures (cell, first line, error).
    ``dialogues`` are the valid values of a ``dialogue_id`` parameter; ``states``
    (task name -> :func:`task_state`) saves hashing the inputs twice.
    """
    processed_dir, raw_dir = Path(processed_dir).resolve(), Path(raw_dir).resolve()
    report = ExecutionReport()
    pending: list[tuple[Task, dict[str, Any], str, float]] = []
    for task in tasks:
        if states is not None and task.name in states:
            inputs, fingerprint, fresh = states[task.name]
        else:
            inputs, fingerprint, fresh = task_state(task, raw_dir, processed_dir)
        if fresh and not force:
            report.skipped.append(task.name)
            continue
        stamp = provenance.read_stamp(processed_dir, task.name) or {}
        pending.append((task, inputs, fingerprint, float(stamp.get("seconds", float("inf")))))
    if not pending:
        return report
    # Longest tasks first (by their last duration): the pool then finishes sooner.
    pending.sort(key=lambda item: -item[3])

    staging_root = processed_dir / STAGING_DIRNAME
    jobs_by_task: dict[str, tuple[Task, dict[str, Any], str, dict[str, Path], dict[str, Any]]] = {}
    declared_cache: dict[Path, dict[str, Any]] = {}
    for task, inputs, fingerprint, _ in pending:
        layout = _staging_layout(staging_root / f"{task.name}-{secrets.token_hex(4)}", task)
        parameters = {
            **task.parameters,
            "raw_dir": str(raw_dir),
            "output_dir": str(layout["tables"]),
            "figures_dir": str(layout["figures"]),
        }
        if not task.notebook.is_file():
            raise PipelineError(f"notebook {task.notebook} does not exist")
        if task.notebook not in declared_cache:
            declared_cache[task.notebook] = notebook_parameters(task.notebook)
        checked = check_notebook_parameters(
            task.notebook, parameters, processed_dir=processed_dir, dialogues=dialogues,
            declared=declared_cache[task.notebook],
        )
        job = {
            "notebook": str(task.notebook),
            "executed": str(layout["executed"]),
            "parameters": checked,
            "kernel": paths.KERNEL_NAME,
            "cwd": str(task.notebook.parent),
        }
        jobs_by_task[task.name] = (task, inputs, fingerprint, layout, job)

    for _, _, _, layout, _ in jobs_by_task.values():
        layout["tables"].mkdir(parents=True)
        layout["figures"].mkdir(parents=True)
    _run_pool(jobs_by_task, processed_dir, report, jobs=jobs, progress=progress)
    return report


def _run_pool(
    jobs_by_task: Mapping[str, tuple[Task, dict[str, Any], str, dict[str, Path], dict[str, Any]]],
    processed_dir: Path,
    report: ExecutionReport,
    *,
    jobs: int | None,
    progress: bool,
) -> None:
    from concurrent.futures import CancelledError, ProcessPoolExecutor, as_completed

    workers = max(1, min(jobs or os.cpu_count() or 1, len(jobs_by_task)))
    total = len(jobs_by_task)
    bar = None
    with _terminate_raises():
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_worker_init)
        try:
            futures = {pool.submit(_execute_job, job): name for name, (*_, job) in jobs_by_task.items()}
            bar = _progress_bar(total, progress)
            for done, future in enumerate(as_completed(futures), start=1):
                name = futures[future]
                task, inputs, fingerprint, layout, _ = jobs_by_task[name]
                try:
                    result = future.result()
                except CancelledError:
                    report.not_run.append(name)
                    shutil.rmtree(layout["root"], ignore_errors=True)
                    _report_progress(bar, done, total, name, {"ok": False, "not_run": True})
                    continue
                except Exception as exc:  # the worker process died
                    result = {"ok": False, "cell": None, "error": f"worker process failed ({type(exc).__name__}: {exc})"}
                if result["ok"]:
                    try:
                        _install(task, layout, processed_dir, inputs, fingerprint, result["seconds"])
                        report.made.append(name)
                    except _OutputContractError as exc:
                        result = {"ok": False, "cell": None, "error": f"its outputs break the notebook contract: {exc}"}
                if not result["ok"]:
                    kept = _keep_failed_notebook(layout, task, processed_dir)
                    report.failures.append(_failure_message(task, result, kept))
                    for other in futures:
                        other.cancel()
                shutil.rmtree(layout["root"], ignore_errors=True)
                _report_progress(bar, done, total, name, result)
        except (KeyboardInterrupt, _Terminated) as exc:
            _stop_workers()
            pool.shutdown(wait=True, cancel_futures=True)
            for _, _, _, layout, _ in jobs_by_task.values():
                shutil.rmtree(layout["root"], ignore_errors=True)
            signum = exc.signum if isinstance(exc, _Terminated) else signal.SIGINT
            raise RunInterrupted(signum) from None
        finally:
            if bar is not None:
                bar.close()
            pool.shutdown(wait=True, cancel_futures=True)


def _progress_bar(total: int, progress: bool) -> Any:
    if not (progress and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="notebooks", unit="task", file=sys.stderr)


def _report_progress(bar: Any, done: int, total: int, name: str, result: Mapping[str, Any]) -> None:
    if result.get("not_run"):
        status = "not started (an earlier task failed)"
    else:
        status = f"done in {result['seconds']:.1f} s" if result["ok"] else "FAILED"
    if bar is not None:
        bar.set_postfix_str(f"{name} {status}", refresh=False)
        bar.update(1)
    else:
        print(f"[{done}/{total}] {name}: {status}", file=sys.stderr, flush=True)


# --- collecting ------------------------------------------------------------

def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return header, list(reader)


def concatenate_tables(sources: Sequence[Path], sort_by: Sequence[str] = ()) -> str:
    """Concatenate CSV files with identical headers into one CSV text, rows sorted by ``sort_by``.

    Cells are copied as text (no parsing of numbers), so the values keep the exact
    form their notebook wrote; the sort is stable and by string value.
    """
    header: list[str] | None = None
    rows: list[list[str]] = []
    for source in sources:
        this_header, these_rows = _read_csv(source)
        if header is None:
            header = this_header
        elif this_header != header:
            raise PipelineError(f"{source} has columns {', '.join(this_header)}; the other parts have {', '.join(header)}")
        rows.extend(these_rows)
    if header is None:
        raise PipelineError("nothing to concatenate")
    keys = [header.index(column) for column in sort_by if column in header]
    rows.sort(key=lambda row: tuple(row[i] for i in keys))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def figure_index(fragments: Mapping[str, Path]) -> str:
    """The figure index: every fragment's rows, ``file`` prefixed by its subfolder, sorted by figure_id and language.

    ``fragments`` maps a subfolder of the figures folder to its ``figures.csv``.
    Raises PipelineError when a figure id appears twice in one language.
    """
    rows: list[list[str]] = []
    for subfolder, path in sorted(fragments.items()):
        header, these = _read_csv(path)
        if tuple(header) != FIGURE_INDEX_COLUMNS:
            raise PipelineError(f"{path} has columns {', '.join(header)}; expected {', '.join(FIGURE_INDEX_COLUMNS)}")
        rows.extend([row[0], f"{subfolder}/{row[1]}", *row[2:]] for row in these)
    lang = FIGURE_INDEX_COLUMNS.index("lang")
    keys = [(row[0], row[lang]) for row in rows]
    duplicated = sorted({f"{i} ({lg})" for i, lg in keys if keys.count((i, lg)) > 1})
    if duplicated:
        raise PipelineError(f"figure ids must be unique across the project in each language; repeated: {', '.join(duplicated)}")
    rows.sort(key=lambda row: (row[0], row[lang]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIGURE_INDEX_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def collect(processed_dir: Path, tasks: Sequence[Task], *, force: bool = False) -> bool:
    """Write the concatenated tables and the figure index from the given tasks' outputs.

    Returns False when the collected files were already up to date (their stamp
    matches the current parts), True when they were written.
    """
    processed_dir = Path(processed_dir)
    dialogue_tables = {
        name: [processed_dir / t.table_dir / name for t in tasks if t.table_dir and (processed_dir / t.table_dir / name).is_file()]
        for name in COLLECTED_TABLES
    }
    fragments = {
        Path(t.figure_dir).name: processed_dir / t.figure_dir / FIGURE_INDEX_FRAGMENT
        for t in tasks
        if (processed_dir / t.figure_dir / FIGURE_INDEX_FRAGMENT).is_file()
    }
    sources = sorted({p for parts in dialogue_tables.values() for p in parts} | set(fragments.values()))
    record = {p.relative_to(processed_dir).as_posix(): provenance.sha256_path(p) for p in sources}
    fingerprint = provenance.record_digest(record)
    if not force and provenance.stamp_is_fresh(provenance.read_stamp(processed_dir, "collect"), fingerprint, processed_dir):
        return False

    from dialogstats.tableio import write_text_atomic

    provenance.remove_stamp(processed_dir, "collect")
    outputs = []
    for name, parts in dialogue_tables.items():
        if parts:
            write_text_atomic(concatenate_tables(parts, COLLECTED_TABLES[name]), processed_dir / name)
            outputs.append(name)
        else:
            (processed_dir / name).unlink(missing_ok=True)
    write_text_atomic(figure_index(fragments), processed_dir / FIGURE_INDEX_REL)
    outputs.append(FIGURE_INDEX_REL)
    provenance.write_stamp(processed_dir, "collect", {
        "task": "collect",
        "notebook": None,
        "parameters": {},
        "fingerprint": fingerprint,
        "sources": sorted(record),
        "outputs": {o: provenance.sha256_path(processed_dir / o) for o in sorted(outputs)},
    })
    return True


# --- validation, pruning, paper --------------------------------------------

def _validation_record(raw_dir: Path) -> dict[str, Any]:
    source = paths.source_text_path()
    return {
        "raw_dir": provenance.display_path(raw_dir),
        "raw": provenance.raw_hashes(raw_dir),
        "code": provenance.code_hashes(),
        "source_text": {str(source): provenance.sha256_path(source) if source.is_file() else None},
    }


def validate_step(raw_dir: Path, processed_dir: Path, *, force: bool = False) -> bool:
    """Validate the raw data unless it passed with the same files before; return True when skipped.

    Raises RawDataError listing every issue.
    """
    record = _validation_record(raw_dir)
    fingerprint = provenance.record_digest(record)
    if not force and provenance.stamp_is_fresh(provenance.read_stamp(processed_dir, "validate"), fingerprint, processed_dir):
        return True
    from dialogstats.data.rawdata import validate_raw

    issues = validate_raw(raw_dir)
    if issues:
        raise RawDataError(issues)
    provenance.write_stamp(processed_dir, "validate", {
        "task": "validate", "fingerprint": fingerprint, "inputs": record, "outputs": {},
    })
    return False


def prune_orphans(processed_dir: Path, current: Sequence[str]) -> list[str]:
    """Delete the outputs and stamps of tasks that are no longer planned (e.g. a dialogue removed from the raw data).

    Only files listed in the engine's own stamps are deleted.
    """
    stamps = Path(processed_dir) / provenance.STAMPS_DIRNAME
    removed = []
    for stamp_file in sorted(stamps.glob("*.json")) if stamps.is_dir() else []:
        name = stamp_file.stem
        if name in current or name in RESERVED_TASKS:
            continue
        stamp = provenance.read_stamp(processed_dir, name) or {}
        for relative in stamp.get("outputs", {}):
            (Path(processed_dir) / relative).unlink(missing_ok=True)
        stamp_file.unlink(missing_ok=True)
        removed.append(name)
    return removed


def _paper_sources() -> dict[str, str]:
    skip = {paths.PAPER_OUTPUT.name, paths.PAPER_FIGURES.name, ".quarto"}
    return {
        p.relative_to(paths.PAPER).as_posix(): provenance.sha256_path(p)
        for p in sorted(paths.PAPER.rglob("*"))
        if p.is_file() and not skip & set(p.relative_to(paths.PAPER).parts) and not p.parent.name.endswith("_files")
    }


def quarto_render(*, processed_dir: Path = paths.PROCESSED, force: bool = True) -> tuple[bool, str]:
    """Render the documents of ``paper/`` (:func:`dialogstats.workflow.render.render_documents`);
    return (rendered or up to date, status sentence).

    Without quarto on PATH nothing happens and the status says so. With ``force=False`` the
    documents are left alone when neither their sources nor the manifest changed since they
    were last rendered. Raises PipelineError when quarto fails or a document lost something.
    """
    from dialogstats.workflow.render import QUARTO_MISSING, expected_outputs, render_documents

    if shutil.which("quarto") is None:
        return False, QUARTO_MISSING
    if not paths.PAPER.is_dir() or not any(paths.PAPER.glob("*.qmd")):
        return False, f"no paper sources (*.qmd) in {paths.PAPER}: paper not rendered"
    manifest_path = Path(processed_dir) / provenance.MANIFEST_NAME
    record = {
        "paper": _paper_sources(),
        "manifest": provenance.sha256_path(manifest_path) if manifest_path.is_file() else None,
    }
    fingerprint = provenance.record_digest(record)
    stamp = provenance.read_stamp(processed_dir, "paper")
    if not force and stamp and stamp.get("fingerprint") == fingerprint and all(p.is_file() for p in expected_outputs()):
        return True, f"paper up to date in {paths.PAPER_OUTPUT}"
    result = render_documents(processed_dir)
    provenance.write_stamp(processed_dir, "paper", {"task": "paper", "fingerprint": fingerprint, "inputs": record, "outputs": {}})
    return result.rendered, result.status


def _count_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _table_counts(processed_dir: Path) -> dict[str, int]:
    tables = sorted(processed_dir.glob("*.csv"))
    index = processed_dir / FIGURE_INDEX_REL
    if index.is_file():
        tables.append(index)
    return {p.relative_to(processed_dir).as_posix(): _count_rows(p) for p in tables}


def _check_ci_method(name: str) -> str:
    # Imported here: the interval module loads scipy, which a run with nothing to do must not pay for.
    from dialogstats.stats.intervals import check_method

    return check_method(name)


# --- the whole run -----------------------------------------------------------

def run_pipeline(
    raw_dir: Path = paths.RAW,
    processed_dir: Path = paths.PROCESSED,
    jobs: int | None = None,
    confidence: float = 0.95,
    ci_method: str = "wilson",
    lang: str = "en",
    dialogues: Sequence[str] | None = None,
    render_paper: bool | Literal["auto"] = "auto",
    progress: bool = True,
    force: bool = False,
    notebooks_dir: Path = paths.NOTEBOOKS,
) -> RunSummary:
    """Run the whole pipeline (see the module docstring) and return what it made and skipped.

    ``dialogues=None`` runs every dialogue with figures; a list runs only those
    (the collected tables then include the other dialogues only where their outputs
    are up to date with these parameters). ``render_paper``: ``"auto"`` renders
    when quarto is on PATH, ``False`` never. Raises UnknownNameError or
    ParameterError for bad arguments (before anything runs), RawDataError for
    invalid raw data, PipelineError when a notebook fails.
    """
    confidence = check_confidence(confidence)
    lang = check_lang(lang)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError(f"jobs must be a positive whole number, got {jobs!r}")
    for dialogue_id in dialogues or ():
        check_identifier(dialogue_id, "dialogue id")
    raw_dir, processed_dir = Path(raw_dir).resolve(), Path(processed_dir).resolve()
    if not raw_dir.is_dir():
        raise PipelineError(f"raw-data folder {raw_dir} does not exist")
    render_mode = render_paper

    with _run_lock(processed_dir):
        shutil.rmtree(processed_dir / STAGING_DIRNAME, ignore_errors=True)
        ci_checked = False
        try:
            available = dialogues_with_figures(raw_dir)
        except Exception:
            _check_ci_method(ci_method)
            ci_checked = True
            validate_step(raw_dir, processed_dir, force=True)  # reports what is wrong with dialogues.csv
            raise
        for dialogue_id in dialogues or ():
            if dialogue_id not in available:
                raise UnknownNameError("dialogue", dialogue_id, available)
        selected = list(dict.fromkeys(dialogues)) if dialogues else available
        all_tasks = plan_tasks(available, confidence=confidence, ci_method=ci_method, lang=lang, notebooks_dir=notebooks_dir)
        run_tasks = [t for t in all_tasks if t.parameters.get("dialogue_id", None) in (None, *selected)]

        states = {t.name: task_state(t, raw_dir, processed_dir) for t in run_tasks}
        if force or not all(fresh for _, _, fresh in states.values()):
            if not ci_checked:
                _check_ci_method(ci_method)
        validation_skipped = validate_step(raw_dir, processed_dir, force=force)

        report = execute_tasks(
            run_tasks, processed_dir, raw_dir, jobs=jobs, force=force, progress=progress, dialogues=available,
            states=states,
        )
        if report.failures:
            lines = report.failures[:]
            if report.made:
                lines.append(f"Finished and kept: {', '.join(report.made)}.")
            if report.not_run:
                lines.append(f"Not started: {', '.join(sorted(report.not_run))}.")
            lines.append("Collected tables, figure index and manifest were not updated.")
            raise PipelineError("\n".join(lines))

        included = [t for t in all_tasks if t.name in report.made or t.name in report.skipped
                    or (t not in run_tasks and task_state(t, raw_dir, processed_dir)[2])]
        excluded = tuple(t.parameters["dialogue_id"] for t in all_tasks if t not in included)
        prune_orphans(processed_dir, [t.name for t in all_tasks])
        collect(processed_dir, included, force=force)
        stamps = [provenance.read_stamp(processed_dir, t.name) for t in included]
        stamps.append(provenance.read_stamp(processed_dir, "collect"))
        record = provenance.build_manifest(
            [s for s in stamps if s],
            parameters={"confidence": confidence, "ci_method": ci_method, "lang": lang},
            raw_dir=raw_dir,
        )
        manifest_path = processed_dir / provenance.MANIFEST_NAME
        provenance.write_manifest(record, manifest_path)

        # A kernel orphaned by a killed earlier run may have written into its old staging folder since.
        shutil.rmtree(processed_dir / STAGING_DIRNAME, ignore_errors=True)
        if render_mode is False:
            rendered, paper = False, "paper not rendered (--no-paper)"
        elif processed_dir != paths.PROCESSED.resolve():
            rendered, paper = False, f"paper not rendered: it reads {paths.PROCESSED}, and this run wrote to {processed_dir}"
        else:
            rendered, paper = quarto_render(processed_dir=processed_dir, force=force)

    return RunSummary(
        processed_dir=processed_dir,
        made=tuple(report.made),
        skipped=tuple(report.skipped),
        tables=_table_counts(processed_dir),
        figures=_count_rows(processed_dir / FIGURE_INDEX_REL) if (processed_dir / FIGURE_INDEX_REL).is_file() else 0,
        executed_dir=processed_dir / EXECUTED_REL,
        manifest=manifest_path,
        paper=paper,
        paper_rendered=rendered,
        validation_skipped=validation_skipped,
        excluded_dialogues=excluded,
        outputs=tuple(sorted(record["outputs"])),
    )
