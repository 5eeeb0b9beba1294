"""Running the workflow (``workflow/Snakefile``) with Snakemake's command line, as ``python -m dialogstats run`` does.

A run

1. checks its arguments before Snakemake starts: language, confidence, jobs, interval method and
   dialogue ids (an unknown one is refused with the valid ones listed);
2. takes an advisory ``flock`` on the processed folder, so that two runs never write into it at
   once; holding it proves that no earlier run is alive, so a Snakemake lock left behind by a
   killed run (``<processed>/.snakemake/locks``) is stale and is released with ``snakemake --unlock``;
3. runs ``snakemake --cores N --rerun-incomplete`` in the processed folder: jobs whose outputs are
   up to date are skipped, outputs of jobs that were interrupted are made again, and a failed job's
   incomplete outputs are removed by Snakemake;
4. reports what was made and where (:class:`RunSummary`), or the failed tasks with their cell and error.

On SIGTERM or SIGINT the signal is passed on to Snakemake, which lets the running notebooks finish
(SIGTERM) or stops them (SIGINT) and marks what is incomplete; the next run finishes the work.
Nothing heavy is imported here: a run with nothing to do costs little more than Snakemake's startup.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from dialogstats import paths
from dialogstats.checks import check_confidence, check_identifier, check_lang
from dialogstats.errors import ParameterError, PipelineError, RawDataError, UnknownNameError
from dialogstats.workflow import contract

SNAKEFILE: Path = paths.ROOT / "workflow" / "Snakefile"
CONFIG_FILE: Path = paths.ROOT / "config" / "config.yaml"
#: Snakemake's flags for a run without progress messages. Not ``--quiet all``: that also hides the
#: error that stopped Snakemake, such as an exception while it reads the Snakefile.
QUIET: tuple[str, ...] = ("--quiet", "progress", "rules", "host", "reason")


class RunInterrupted(PipelineError):
    """The run was stopped by a signal; Snakemake marked what was incomplete, the next run makes it again."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(
            f"run interrupted by {signal.Signals(signum).name}; files in place are complete or marked "
            "incomplete by Snakemake. Run again to finish (up-to-date outputs are kept)."
        )


class RunFailed(PipelineError):
    """A rule failed; the message lists every failed task (notebook, cell, error)."""

    def __init__(self, message: str, invalid_data: bool = False):
        self.invalid_data = invalid_data
        super().__init__(message)


@dataclass(frozen=True)
class RunSummary:
    """The outcome of :func:`run_pipeline`, for the command line's final report.

    ``tables`` maps each project table and collected table (relative path) to its number of data rows;
    ``paper_rendered`` says the documents are in place, ``paper_made`` that this run wrote them.
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
    workbooks: tuple[Path, ...] = ()
    figure_pack: Path | None = None
    paper_made: bool = False


def snakemake_command(
    processed_dir: Path,
    *,
    raw_dir: Path = paths.RAW,
    cores: int | None = None,
    confidence: float = 0.95,
    ci_method: str = "wilson",
    lang: str = "en",
    dialogues: Sequence[str] = (),
    paper: bool = True,
    notebooks_dir: Path = paths.NOTEBOOKS,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``snakemake`` command line of a run (the parameters override ``config/config.yaml``)."""
    config = {
        "raw_dir": str(raw_dir), "processed_dir": str(processed_dir), "notebooks_dir": str(notebooks_dir),
        "ci_method": ci_method, "confidence": repr(float(confidence)), "lang": lang,
        "dialogues": "[" + ",".join(dialogues) + "]", "paper": "True" if paper else "False",
    }
    return [
        sys.executable, "-m", "snakemake", "--snakefile", str(SNAKEFILE), "--directory", str(processed_dir),
        "--configfile", str(CONFIG_FILE), "--config", *(f"{k}={v}" for k, v in config.items()),
        "--cores", str(cores or os.cpu_count() or 1), *extra,
    ]


@contextmanager
def run_lock(processed_dir: Path) -> Iterator[int]:
    """Hold an advisory ``flock`` on the processed folder itself (no lock file); yield its descriptor.

    Raises PipelineError when another run holds it.
    """
    import fcntl

    processed_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(processed_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(f"another run is writing into {processed_dir}; wait for it to finish") from None
        yield descriptor
    finally:
        os.close(descriptor)


def check_run_arguments(
    raw_dir: Path, jobs: int | None, confidence: float, ci_method: str, lang: str, dialogues: Sequence[str] | None,
) -> list[str]:
    """Refuse bad arguments before Snakemake starts; return the selected dialogues (empty: all).

    Unknown dialogue ids are refused with the dialogues that have figures listed, unless
    ``dialogues.csv`` itself is unreadable (the validation rule then reports it).
    """
    check_confidence(confidence)
    check_lang(lang)
    contract.check_interval_method(ci_method)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError(f"jobs must be a positive whole number, got {jobs!r}")
    if not Path(raw_dir).is_dir():
        raise PipelineError(f"raw-data folder {raw_dir} does not exist")
    selected = list(dict.fromkeys(dialogues or ()))
    for dialogue_id in selected:
        check_identifier(dialogue_id, "dialogue id")
    if selected:
        try:
            available = contract.dialogues_with_figures(raw_dir)
        except RawDataError:
            return selected
        contract.check_dialogue_ids(available)
        for dialogue_id in selected:
            if dialogue_id not in available:
                raise UnknownNameError("dialogue", dialogue_id, available)
    return selected


def _run_snakemake(command: list[str], lock: int, quiet: bool) -> tuple[int, int | None, str]:
    """Run Snakemake, passing SIGTERM and SIGINT on to it; return (exit status, signal received or None,
    what it said when ``quiet``: kept back, and shown only when the run fails)."""
    received: list[int] = []
    said = tempfile.TemporaryFile("w+", encoding="utf-8") if quiet else None
    process = subprocess.Popen(command, pass_fds=(lock,), stdout=subprocess.DEVNULL if quiet else None, stderr=said)

    def forward(signum: int, frame: object) -> None:
        received.append(signum)
        process.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        status = process.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    text = ""
    if said is not None:
        said.seek(0)
        text = said.read()
        said.close()
    return status, (received[0] if received else None), text


def _tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:]) or "(nothing)"


def _release_stale_snakemake_lock(command: list[str], processed_dir: Path, lock: int) -> None:
    locks = processed_dir / ".snakemake" / "locks"
    if locks.is_dir() and any(locks.iterdir()):
        subprocess.run([*command, "--unlock"], pass_fds=(lock,), capture_output=True, check=False)


def _count_rows(path: Path) -> int:
    with open(path, newline="", encoding="utf-8") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def _table_counts(processed_dir: Path) -> dict[str, int]:
    tables = sorted(processed_dir.glob("*.csv"))
    index = processed_dir / contract.FIGURE_INDEX_REL
    if index.is_file():
        tables.append(index)
    return {p.relative_to(processed_dir).as_posix(): _count_rows(p) for p in tables}


def _made_since(path: Path, started: float) -> bool:
    return path.is_file() and path.stat().st_mtime >= started - 1


def _documents_made(started: float) -> list[Path]:
    """The documents' files, when every one of them was written since ``started`` (else empty)."""
    from dialogstats.workflow.render import expected_outputs

    outputs = expected_outputs()
    return outputs if outputs and all(_made_since(p, started) for p in outputs) else []


def _paper_status(processed_dir: Path, render_paper: bool, started: float) -> tuple[bool, str]:
    import shutil

    from dialogstats.workflow.render import QUARTO_MISSING

    if not render_paper:
        return False, "paper not rendered (--no-paper)"
    if processed_dir != paths.PROCESSED.resolve():
        return False, f"paper not rendered: it reads {paths.PROCESSED}, and this run wrote to {processed_dir}"
    if shutil.which("quarto") is None:
        return False, QUARTO_MISSING
    outputs = _documents_made(started)
    if outputs:
        return True, f"documents rendered into {paths.PAPER_OUTPUT}: {', '.join(p.name for p in outputs)}"
    return True, f"paper up to date in {paths.PAPER_OUTPUT}"


def run_pipeline(
    raw_dir: Path = paths.RAW,
    processed_dir: Path = paths.PROCESSED,
    jobs: int | None = None,
    confidence: float = 0.95,
    ci_method: str = "wilson",
    lang: str = "en",
    dialogues: Sequence[str] | None = None,
    render_paper: bool = True,
    progress: bool = True,
    force: bool = False,
    notebooks_dir: Path = paths.NOTEBOOKS,
    targets: Sequence[str] = (),
) -> RunSummary:
    """Run the workflow and return what it made; see the module docstring.

    ``dialogues=None`` runs every dialogue with figures, a list only those (the collected tables
    then hold only them). ``render_paper`` renders the documents when quarto is on PATH and the
    run writes ``data/processed``. ``force`` runs every rule again. ``targets`` (outputs relative to
    the processed folder, e.g. ``figure-pack``) makes only those and what they need. Raises UnknownNameError or
    ParameterError for bad arguments, RunFailed when a rule fails (RunFailed.invalid_data for
    invalid raw data), RunInterrupted after a signal.
    """
    raw_dir, processed_dir = Path(raw_dir).resolve(), Path(processed_dir).resolve()
    selected = check_run_arguments(raw_dir, jobs, confidence, ci_method, lang, dialogues)
    command = snakemake_command(
        processed_dir, raw_dir=raw_dir, cores=jobs, confidence=confidence, ci_method=ci_method, lang=lang,
        dialogues=selected, paper=render_paper, notebooks_dir=Path(notebooks_dir).resolve(),
    )
    # The targets come first: --quiet takes a list of values that would swallow them.
    flags = [*targets, "--rerun-incomplete", *(["--forceall"] if force else []), *(QUIET if not progress else ())]
    with run_lock(processed_dir) as lock:
        _release_stale_snakemake_lock(command, processed_dir, lock)
        started = time.time()
        status, signum, said = _run_snakemake([*command, *flags], lock, quiet=not progress)
    if signum is not None:
        raise RunInterrupted(signum)
    if status != 0:
        from dialogstats.workflow.notebooks import failures_since

        failures = failures_since(processed_dir, started)
        messages = list(failures.values())
        if not messages:
            messages = [f"snakemake stopped with exit status {status}; " + (
                f"its messages are above and in {processed_dir / '.snakemake' / 'log'}" if progress
                else f"it said:\n{_tail(said)}")]
        lines = [*messages, "Outputs of jobs that finished are kept; collected tables and the manifest were not updated."]
        raise RunFailed("\n".join(lines), invalid_data="validate" in failures)
    return summarise(processed_dir, raw_dir, started, selected, render_paper)


def summarise(processed_dir: Path, raw_dir: Path, started: float, selected: Sequence[str], render_paper: bool) -> RunSummary:
    """What a finished run made (files written since ``started``) and where everything is."""
    try:
        from dialogstats.workflow.manifest import read_manifest

        recorded = read_manifest(processed_dir / contract.MANIFEST_REL).get("executed_notebooks", {})
        tasks = [Path(p).stem for p in sorted(recorded)]
    except (OSError, ValueError):
        tasks = []
    made = tuple(t for t in tasks if _made_since(processed_dir / contract.EXECUTED_REL / f"{t}.ipynb", started))
    skipped = tuple(t for t in tasks if t not in made)
    available = contract.dialogues_with_figures(raw_dir) if selected else []
    rendered, paper = _paper_status(processed_dir, render_paper, started)
    index = processed_dir / contract.FIGURE_INDEX_REL
    return RunSummary(
        processed_dir=processed_dir,
        made=made,
        skipped=skipped,
        tables=_table_counts(processed_dir),
        figures=_count_rows(index) if index.is_file() else 0,
        executed_dir=processed_dir / contract.EXECUTED_REL,
        manifest=processed_dir / contract.MANIFEST_REL,
        paper=paper,
        paper_rendered=rendered,
        validation_skipped=not _made_since(processed_dir / contract.validated_marker(raw_dir), started),
        excluded_dialogues=tuple(d for d in available if d not in selected),
        workbooks=tuple(p for p in (processed_dir / name for name in contract.WORKBOOKS) if p.is_file()),
        figure_pack=processed_dir / contract.FIGURE_PACK_REL if (processed_dir / contract.FIGURE_PACK_REL).is_dir() else None,
        paper_made=rendered and bool(_documents_made(started)),
    )
