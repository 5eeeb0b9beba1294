"""What the workflow's rules run: one small function per rule, called from ``workflow/scripts/``.

Each function takes the ``snakemake`` object of its job (inputs, outputs, wildcards, log) and runs in
the processed folder, Snakemake's working directory; the run's settings come from the settings files
among its inputs (:mod:`dialogstats.workflow.settings`). A failure ends the job with a one-paragraph
message in its log and in ``<processed>/.failed/<task>.txt`` (the command line prints it at the
end of the run) and exit status 1, without a traceback; Snakemake then removes the job's
incomplete outputs and starts no further jobs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogstats.errors import DialogstatsError, RawDataError
from dialogstats.workflow import contract
from dialogstats.workflow.settings import read_settings


def _record_failure(task: str, message: str, log: str | None) -> None:
    failed = Path.cwd() / contract.FAILED_REL / f"{task}.txt"
    failed.parent.mkdir(parents=True, exist_ok=True)
    failed.write_text(message + "\n", encoding="utf-8")
    if log:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(message + "\n")


def _guarded(task: str, log: str | None, action: Callable[[], None]) -> None:
    from dialogstats.workflow.notebooks import NotebookFailed

    try:
        action()
    except NotebookFailed as exc:  # already recorded, with the executed notebook kept aside
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except DialogstatsError as exc:
        _record_failure(task, str(exc), log)
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)


def _log(smk: Any) -> str | None:
    return str(smk.log[0]) if len(smk.log) else None


def validate_job(smk: Any) -> None:
    """Rule ``validate``: every rule of the codebook on the raw folder; the marker lists the files that passed."""
    from dialogstats.data.rawdata import validate_raw
    from dialogstats.workflow.manifest import raw_hashes

    def action() -> None:
        raw_dir = read_settings(smk.input.settings, "raw_dir")["raw_dir"]
        issues = validate_raw(raw_dir)
        if issues:
            raise RawDataError(issues)
        lines = [f"{digest}  {name}" for name, digest in sorted(raw_hashes(Path(raw_dir)).items())]
        Path(smk.output[0]).parent.mkdir(parents=True, exist_ok=True)
        Path(smk.output[0]).write_text("\n".join(["valid raw files (SHA-256):", *lines]) + "\n", encoding="utf-8")
        (Path.cwd() / contract.FAILED_REL / "validate.txt").unlink(missing_ok=True)

    _guarded("validate", _log(smk), action)


def notebook_job(smk: Any) -> None:
    """Rules ``dialogue``, ``cross_network``, ``methods``, ``audit``: one notebook run (see :mod:`.notebooks`)."""
    from dialogstats.workflow.notebooks import execute_task

    processed = Path.cwd()
    dialogue_id = smk.wildcards.get("dialogue")
    task = contract.task_name(smk.rule, dialogue_id)

    def action() -> None:
        settings = read_settings(smk.input.settings, "parameters", "raw_dir", "dialogues")
        folder = contract.table_dir(smk.rule, dialogue_id)
        parameters = {
            **({"dialogue_id": dialogue_id} if dialogue_id else {}),
            **settings["parameters"],
            "raw_dir": settings["raw_dir"],
            "output_dir": str(processed / folder if folder else processed),
            "figures_dir": str(processed / smk.output.figures),
        }
        execute_task(
            Path(smk.input.notebook), processed / smk.output.executed, parameters, task=task,
            processed_dir=processed, expected_tables=contract.EXPECTED_TABLES[smk.rule],
            dialogues=list(settings["dialogues"]), log=_log(smk),
        )

    _guarded(task, _log(smk), action)


def collect_job(smk: Any) -> None:
    """Rule ``collect``: the concatenated ``shares.csv`` and ``bounds.csv`` and ``figures/index.csv``."""
    from dialogstats.workflow.collect import collect

    def action() -> None:
        collect(Path.cwd(), {"shares.csv": list(smk.input.shares), "bounds.csv": list(smk.input.bounds)},
                [Path(p) for p in smk.input.figures])

    _guarded("collect", _log(smk), action)


def manifest_job(smk: Any) -> None:
    """Rule ``manifest``: ``manifest.json`` (hashes, what made every output, environment, commit)."""
    from dialogstats.workflow.manifest import build_manifest, write_manifest

    def action() -> None:
        settings = read_settings(smk.input.settings, "made_by", "parameters", "raw_dir", "commit")
        record = build_manifest(Path.cwd(), dict(settings["made_by"]), parameters=dict(settings["parameters"]),
                                raw_dir=Path(settings["raw_dir"]), commit=settings["commit"])
        write_manifest(record, Path(smk.output[0]))

    _guarded("manifest", _log(smk), action)


def paper_job(smk: Any) -> None:
    """Rule ``paper``: the documents of ``paper/`` (:func:`dialogstats.workflow.render.render_documents`)."""
    from dialogstats.workflow.render import render_documents

    def action() -> None:
        result = render_documents(Path.cwd())
        log = _log(smk)
        if log:
            Path(log).write_text(result.status + "\n", encoding="utf-8")

    _guarded("paper", _log(smk), action)


def figure_pack_job(smk: Any) -> None:
    """Rule ``figure_pack``: every figure per language with its texts (:func:`~dialogstats.report.figurepack.write_figure_pack`)."""
    from dialogstats.report.figurepack import write_figure_pack

    def action() -> None:
        written = write_figure_pack(Path.cwd(), Path.cwd() / smk.output[0])
        log = _log(smk)
        if log:
            Path(log).write_text(f"{len(written)} files written into {smk.output[0]}\n", encoding="utf-8")

    _guarded("figure_pack", _log(smk), action)


def workbook_job(smk: Any) -> None:
    """Rule ``workbook``: the tables workbook in one language (:func:`~dialogstats.report.workbook.write_workbook`)."""
    from dialogstats.report.outputs import ProcessedOutputs
    from dialogstats.report.workbook import write_workbook

    lang = contract.WORKBOOKS[smk.wildcards.workbook]

    def action() -> None:
        raw_dir = read_settings(smk.input.settings, "raw_dir")["raw_dir"]
        outputs = ProcessedOutputs(Path.cwd(), raw_dir=Path(raw_dir))
        write_workbook(outputs, lang, Path.cwd() / smk.output[0])

    _guarded(f"workbook-{lang}", _log(smk), action)
