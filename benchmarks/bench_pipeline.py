"""Time the pipeline engine against a plain sequential loop of papermill calls.

(a) a cold full run, ``python -m dialogstats run`` with the default number of jobs,
    into an empty temporary processed folder;
(b) the same notebooks with the same parameters, one ``papermill`` command after
    the other (``.venv/bin/papermill in out -p ... -k dialogstats``);
(c) a second ``python -m dialogstats run`` into the folder of (a), with nothing changed.

Prints the ratio (a)/(b) (target at most 0.6 on two cores) and the time of (c)
(target under 2 s). Usage: ``python benchmarks/bench_pipeline.py [--jobs N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dialogstats import paths
from dialogstats.workflow.parameters import dialogues_with_figures
from dialogstats.workflow.pipeline import plan_tasks


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        sys.exit(f"command failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr[-2000:]}")
    return elapsed


def engine_command(processed: Path, jobs: int | None) -> list[str]:
    command = [sys.executable, "-m", "dialogstats", "run", "--processed", str(processed), "--no-paper", "--quiet"]
    return command + (["--jobs", str(jobs)] if jobs else [])


def papermill_loop(workdir: Path) -> float:
    """Run every notebook task with the papermill command line, one after the other."""
    papermill = str(Path(sys.executable).with_name("papermill"))
    total = 0.0
    for task in plan_tasks(dialogues_with_figures(paths.RAW)):
        out = workdir / task.name
        parameters = {
            **task.parameters,
            "raw_dir": str(paths.RAW),
            "output_dir": str(out / "tables"),
            "figures_dir": str(out / "figures"),
        }
        command = [papermill, str(task.notebook), str(out / f"{task.name}.ipynb"), "-k", paths.KERNEL_NAME,
                   "--no-progress-bar", "--cwd", str(task.notebook.parent)]
        for name, value in parameters.items():
            command += ["-p", name, str(value)]
        out.mkdir(parents=True)
        total += timed(command, env={**os.environ, "MPLBACKEND": "agg"})
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="jobs for the engine (default: number of CPUs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        processed = Path(tmp) / "processed"
        cold = timed(engine_command(processed, args.jobs))
        print(f"(a) cold full run, {args.jobs or os.cpu_count()} jobs:        {cold:8.1f} s")
        loop = papermill_loop(Path(tmp) / "papermill")
        print(f"(b) sequential papermill command loop:   {loop:8.1f} s")
        warm = timed(engine_command(processed, args.jobs))
        print(f"(c) second run, nothing changed:         {warm:8.2f} s   (target < 2 s)")
        print(f"ratio (a)/(b):                           {cold / loop:8.2f}     (target <= 0.6 on 2 cores)")


if __name__ == "__main__":
    main()
