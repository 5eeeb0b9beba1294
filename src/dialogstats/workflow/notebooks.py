"""Executing one notebook for the workflow: parameters checked, papermill run, outputs checked against the contract.

:func:`execute_task` is what the Snakefile's notebook rules call (through
``workflow/scripts/notebook.py``). It writes straight into the declared outputs; when anything
fails it raises :class:`NotebookFailed`, Snakemake then removes the job's incomplete outputs,
and the executed notebook showing the error is kept in ``<processed>/.failed/<task>.ipynb`` with
the one-paragraph message beside it (``<task>.txt``), which the command line prints at the end.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dialogstats import paths
from dialogstats.errors import PipelineError
from dialogstats.workflow import contract

#: Fixed settings for the kernels, so that figures and hash-ordered sets do not vary between runs.
KERNEL_ENVIRONMENT: dict[str, str] = {"MPLBACKEND": "agg", "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}


#: Starts of a kernel tried before a task fails (a kernel can lose its port to another process while starting).
KERNEL_START_ATTEMPTS = 3
#: Seconds a starting kernel may take to answer (papermill's default, 60, is too short on a loaded 2-core machine).
KERNEL_START_TIMEOUT = 300


class NotebookFailed(PipelineError):
    """A notebook failed or broke the contract; the message names the notebook, the cell and the error."""


def source_cell_index(notebook: Path, executed_index: int) -> int:
    """Index of a cell in the source notebook, from its index in the executed one.

    papermill inserts its injected-parameters cell right after the cell tagged
    ``parameters`` (or first, when there is none); cells after it shift by one.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    tagged = [i for i, cell in enumerate(cells) if "parameters" in cell.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index - 1 if executed_index > injected_at else executed_index


def failure_message(notebook: Path, task: str, error: str, cell: int | None = None, first_line: str = "",
                    kept: Path | None = None) -> str:
    """The one-paragraph message of a failed task."""
    where = f"notebook {Path(notebook).name} (task {task})"
    where += f" failed in cell {cell} (counting from 0), which starts with `{first_line}`" if cell is not None else " failed"
    message = f"{where}: {error}."
    if kept is not None:
        message += f" The executed notebook showing the error is {kept}."
    return message


def check_outputs(tables_dir: Path, figures_dir: Path, expected: Sequence[str]) -> None:
    """Raise PipelineError unless the task wrote every expected table and a valid figure index fragment.

    The fragment must have exactly :data:`~dialogstats.workflow.contract.FIGURE_INDEX_COLUMNS`, and every
    figure it lists must exist in every format of :data:`~dialogstats.workflow.contract.FIGURE_FORMATS`.
    """
    missing = [name for name in expected if not (Path(tables_dir) / name).is_file()]
    if missing:
        raise PipelineError(f"it did not write {', '.join(missing)} into output_dir")
    fragment = Path(figures_dir) / contract.FIGURE_INDEX_FRAGMENT
    if not fragment.is_file():
        raise PipelineError(f"it did not write {contract.FIGURE_INDEX_FRAGMENT} into figures_dir")
    with open(fragment, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = tuple(next(reader, ()))
        rows = list(reader)
    if header != contract.FIGURE_INDEX_COLUMNS:
        raise PipelineError(f"figures.csv has columns {', '.join(header)}; expected {', '.join(contract.FIGURE_INDEX_COLUMNS)}")
    for row in rows:
        name = row[1]
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise PipelineError(f"figure file name {name!r} must be a plain name inside figures_dir")
        absent = [ext for ext in contract.FIGURE_FORMATS if not (Path(figures_dir) / f"{name}.{ext}").is_file()]
        if absent:
            raise PipelineError(f"figure {row[0]!r} lists file {name!r} but {', '.join(absent)} file(s) are missing")
    nested = sorted(p.name for p in Path(figures_dir).iterdir() if p.is_dir())
    if nested:
        raise PipelineError(f"it wrote folder(s) {', '.join(nested)} into figures_dir; only files are collected")


def execute_task(
    notebook: Path,
    executed: Path,
    parameters: Mapping[str, Any],
    *,
    task: str,
    processed_dir: Path,
    expected_tables: Sequence[str],
    dialogues: Sequence[str] | None = None,
    log: Path | None = None,
) -> None:
    """Run ``notebook`` with papermill on the project's kernel, writing the executed copy to ``executed``.

    ``parameters`` must hold every parameter the notebook declares, with absolute folders
    (:func:`dialogstats.workflow.parameters.check_notebook_parameters` checks them first).
    Raises NotebookFailed naming the notebook, the cell (counted in the source notebook), its
    first line and the error; the message is also written to ``log``.
    """
    from dialogstats.workflow.imports import skip_iri_grammar

    skip_iri_grammar()
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from dialogstats.workflow.parameters import check_notebook_parameters

    notebook, executed, processed_dir = Path(notebook), Path(executed), Path(processed_dir).resolve()
    failed_dir = processed_dir / contract.FAILED_REL
    for stale in (failed_dir / f"{task}.ipynb", failed_dir / f"{task}.txt"):
        stale.unlink(missing_ok=True)
    try:
        if not notebook.is_file():
            raise PipelineError(f"notebook {notebook} does not exist")
        checked = check_notebook_parameters(notebook, parameters, processed_dir=processed_dir, dialogues=dialogues)
        for folder in ("output_dir", "figures_dir"):
            Path(checked[folder]).mkdir(parents=True, exist_ok=True)
        executed.parent.mkdir(parents=True, exist_ok=True)
        os.environ.update(KERNEL_ENVIRONMENT)
        try:
            for attempt in range(KERNEL_START_ATTEMPTS):
                try:
                    papermill.execute_notebook(
                        str(notebook), str(executed), parameters=checked, kernel_name=paths.KERNEL_NAME,
                        progress_bar=False, log_output=False, cwd=str(notebook.parent),
                        start_timeout=KERNEL_START_TIMEOUT,
                        # Kernel log lines (a warning about local TCP, a note on the interrupt sent at shutdown) are noise here.
                        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
                    )
                    break
                except RuntimeError as exc:
                    # jupyter_client picks free ports before the kernel binds them; on a busy machine another
                    # process can take one in between, and the kernel dies before running any cell.
                    if "Kernel died before replying" not in str(exc) or attempt + 1 == KERNEL_START_ATTEMPTS:
                        raise
        except PapermillExecutionError as exc:
            first = next((line for line in str(exc.source).splitlines() if line.strip()), "").strip()
            kept = _keep(executed, failed_dir / f"{task}.ipynb")
            raise NotebookFailed(failure_message(notebook, task, f"{exc.ename}: {exc.evalue}",
                                                 source_cell_index(notebook, exc.cell_index), first, kept)) from None
        try:
            check_outputs(Path(checked["output_dir"]), Path(checked["figures_dir"]), expected_tables)
        except PipelineError as exc:
            kept = _keep(executed, failed_dir / f"{task}.ipynb")
            raise NotebookFailed(failure_message(notebook, task, f"its outputs break the notebook contract: {exc}",
                                                 kept=kept)) from None
    except NotebookFailed as exc:
        _record(failed_dir / f"{task}.txt", str(exc), log)
        raise
    except Exception as exc:  # refused parameters, a kernel that did not start, an unreadable notebook
        message = failure_message(notebook, task, f"{type(exc).__name__}: {exc}")
        _record(failed_dir / f"{task}.txt", message, log)
        raise NotebookFailed(message) from None


def _keep(executed: Path, kept: Path) -> Path | None:
    if not executed.is_file():
        return None
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(executed, kept)
    return kept


def _record(path: Path, message: str, log: Path | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(message + "\n", encoding="utf-8")
    if log is not None:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(message + "\n")


def failures_since(processed_dir: Path, started: float) -> dict[str, str]:
    """Task name -> message, for the tasks that failed in the run that started at ``started`` (a ``time.time()``)."""
    folder = Path(processed_dir) / contract.FAILED_REL
    if not folder.is_dir():
        return {}
    found = [p for p in sorted(folder.glob("*.txt")) if p.stat().st_mtime >= started - 1]
    return {p.stem: p.read_text(encoding="utf-8").strip() for p in found}
