"""Timings of the statistics: validation, intervals for the report's questions, and exact coverage.

Run with ``.venv/bin/python benchmarks/bench_statistics.py [--repeats N]``.  Prints one line per
task with the best of ``N`` runs (default three; caches are cleared before every run).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np

from dialogstats.stats.coverage import clear_interval_cache, coverage_table
from dialogstats.workflow.contract import dialogues_with_figures
from dialogstats.data.rawdata import load_raw, validate_raw
from dialogstats.analysis.shares import build_shares
from dialogstats.stats.intervals import METHODS, proportion_intervals
from dialogstats.stats.simultaneous import simultaneous_coverage

COVERAGE_METHODS = ("wilson", "blaker", "jeffreys", "clopper_pearson", "agresti_coull", "mid_p")


def report_like_table(size: int = 150, seed: int = 20250) -> tuple[np.ndarray, np.ndarray]:
    """(x, n) pairs like the report's: n between 7 and 79, x anywhere from 0 to n."""
    rng = np.random.default_rng(seed)
    n = rng.integers(7, 80, size)
    x = np.floor(rng.random(size) * (n + 1)).astype(int)
    return x, n


def best_of(task: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        clear_interval_cache()
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each task, the best is printed (default: 3)")
    repeats = parser.parse_args().repeats
    if repeats < 1:
        parser.error(f"--repeats must be at least 1 (got {repeats})")

    def best(task: Callable[[], object]) -> float:
        return best_of(task, repeats)

    x, n = report_like_table()
    rows = [(f"intervals, {len(x)} pairs, {method}", best(lambda m=method: proportion_intervals(x, n, m)))
            for method in METHODS]
    rows.append((f"intervals, {len(x)} pairs, all {len(METHODS)} methods",
                 best(lambda: [proportion_intervals(x, n, m) for m in METHODS])))
    rows.append(("validate the raw data (all rules, locators against the report's text)", best(validate_raw)))
    raw = load_raw(check_locators=False)
    dialogues = dialogues_with_figures(raw.raw_dir)
    rows.append((f"shares.csv for every question of the report ({len(dialogues)} dialogues, all methods)",
                 best(lambda: [build_shares(raw, d) for d in dialogues])))
    rows.append((f"exact coverage, n = 1..100, 1000 p, {len(COVERAGE_METHODS)} methods",
                 best(lambda: coverage_table(COVERAGE_METHODS, range(1, 101), grid=1000))))
    rows.append(("exact simultaneous coverage, sison_glaz, k = 3, n = 36",
                 best_of(lambda: simultaneous_coverage("sison_glaz", 36, (0.5, 0.3, 0.2)), repeats=1)))
    width = max(len(label) for label, _ in rows)
    print(f"{'task':<{width}}  seconds")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds:7.3f}")


if __name__ == "__main__":
    main()
