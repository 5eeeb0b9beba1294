"""Time the Snakemake workflow against its floor and against a plain sequential loop of papermill calls.

(f) the floor: papermill running a notebook that only imports the package and loads the raw data
    (the fixed cost of every notebook job: papermill, kernel start, imports), times the number of
    notebook tasks, divided by the cores;
(a) a cold full run, ``python -m dialogstats run`` with ``--jobs`` = the cores, into an empty
    temporary processed folder;
(b) the same notebooks with the same parameters, one ``papermill`` command after the other;
(c) ``python -m dialogstats run`` into the folder of (a) again, with nothing changed (the median of three).

Prints the ratios (a)/(f) (goal at most 1.5) and (a)/(b), and the time of (c) (goal at most 2.5 s).
Usage: ``python benchmarks/bench_pipeline.py [--jobs N] [--skip-loop]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dialogstats import paths
from dialogstats.workflow import contract

FLOOR_CELLS = [
    ("parameters", 'raw_dir = ""\noutput_dir = ""'),
    ("", "from pathlib import Path\n\nimport dialogstats.analysis.audit, dialogstats.analysis.shares, "
         "dialogstats.report.figures\nfrom dialogstats.data.rawdata import load_raw\n\nraw = load_raw(raw_dir)"),
]


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"command failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr[-2000:]}")
    return elapsed


def papermill(notebook: Path, out: Path, parameters: dict[str, object]) -> list[str]:
    command = [str(Path(sys.executable).with_name("papermill")), str(notebook), str(out), "-k", paths.KERNEL_NAME,
               "--no-progress-bar", "--cwd", str(notebook.parent)]
    for name, value in parameters.items():
        command += ["-p", name, str(value)]
    return command


def floor_notebook(folder: Path) -> Path:
    """A notebook that only imports the package and loads the raw data."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {"tags": [tag] if tag else []},
              "outputs": [], "source": source} for i, (tag, source) in enumerate(FLOOR_CELLS)]
    notebook = {"cells": cells, "metadata": {"kernelspec": {"name": paths.KERNEL_NAME, "display_name": "Python",
                                                            "language": "python"}},
                "nbformat": 4, "nbformat_minor": 5}
    path = folder / "floor.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def tasks() -> list[tuple[str, str | None]]:
    dialogues = contract.dialogues_with_figures(paths.RAW)
    return [(nb, None) for nb in contract.PROJECT_NOTEBOOKS] + [(contract.DIALOGUE_NOTEBOOK, d) for d in dialogues]


def papermill_loop(workdir: Path) -> float:
    """Run every notebook task with the papermill command line, one after the other."""
    env = {**os.environ, "MPLBACKEND": "agg"}
    total = 0.0
    for notebook, dialogue_id in tasks():
        out = workdir / contract.task_name(notebook, dialogue_id)
        parameters = {**({"dialogue_id": dialogue_id} if dialogue_id else {}), "confidence": 0.95,
                      "ci_method": "wilson", "lang": "en", "raw_dir": str(paths.RAW),
                      "output_dir": str(out / "tables"), "figures_dir": str(out / "figures")}
        (out / "tables").mkdir(parents=True)
        (out / "figures").mkdir()
        total += timed(papermill(paths.NOTEBOOKS / f"{notebook}.ipynb", out / "executed.ipynb", parameters), env)
    return total


def run_command(processed: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "dialogstats", "run", "--processed", str(processed), "--no-paper", "--quiet",
            "--jobs", str(jobs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for Snakemake (default: all)")
    parser.add_argument("--skip-loop", action="store_true", help="do not time the sequential papermill loop")
    args = parser.parse_args()
    n_tasks = len(tasks())
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        tmp_path = Path(tmp)
        notebook = floor_notebook(tmp_path)
        one = statistics.median(timed(papermill(notebook, tmp_path / f"floor-{i}.ipynb", {"raw_dir": paths.RAW}))
                                for i in range(3))
        floor = one * n_tasks / args.jobs
        print(f"(f) floor: {one:.1f} s per notebook x {n_tasks} notebooks / {args.jobs} cores: {floor:8.1f} s")
        processed = tmp_path / "processed"
        cold = timed(run_command(processed, args.jobs))
        print(f"(a) cold full run, {args.jobs} cores:                       {cold:8.1f} s")
        warm = statistics.median(timed(run_command(processed, args.jobs)) for _ in range(3))
        print(f"(c) run with nothing changed (median of 3):            {warm:8.2f} s   (goal <= 2.5 s)")
        print(f"ratio (a)/(f):                                         {cold / floor:8.2f}     (goal <= 1.5)")
        if not args.skip_loop:
            loop = papermill_loop(tmp_path / "papermill")
            print(f"(b) sequential papermill command loop:                 {loop:8.1f} s")
            print(f"ratio (a)/(b):                                         {cold / loop:8.2f}")


if __name__ == "__main__":
    main()
