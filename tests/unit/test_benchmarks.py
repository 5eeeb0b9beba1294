"""The timing scripts of ``benchmarks/`` still fit the package: each one loads, and the quick one runs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from dialogstats import paths

SCRIPTS = sorted((paths.ROOT / "benchmarks").glob("*.py"))


def test_there_are_benchmark_scripts() -> None:
    assert {s.name for s in SCRIPTS} >= {"bench_statistics.py", "bench_pipeline.py", "bench_render.py"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.name)
def test_script_loads_with_the_package_as_it_is(script) -> None:
    # Loading runs every import at the top of the script, which is where a moved function breaks it.
    spec = importlib.util.spec_from_file_location(f"benchmark_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(module.main)


def test_statistics_benchmark_prints_every_task() -> None:
    done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "bench_statistics.py"), "--repeats", "1"],
                          capture_output=True, text=True, cwd=paths.ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["task", "seconds"]
    for task in ("all 7 methods", "validate the raw data", "shares.csv", "exact coverage", "simultaneous coverage"):
        assert any(task in line for line in lines), (task, done.stdout)
    assert all(float(line.split()[-1]) >= 0 for line in lines[1:])


def test_statistics_benchmark_refuses_fewer_than_one_repeat() -> None:
    done = subprocess.run([sys.executable, str(paths.ROOT / "benchmarks" / "bench_statistics.py"), "--repeats", "0"],
                          capture_output=True, text=True, cwd=paths.ROOT, timeout=60)
    assert done.returncode == 2
    assert "--repeats must be at least 1 (got 0)" in done.stderr
