"""Time the rendering of the documents: every document in HTML, Word and PDF, cold and with the cache.

(a) a cold render: Quarto's cache of executed chunks emptied first, so each document's chunks
    run once (the cache then serves the other formats);
(b) the same render again with nothing changed (every format read from the cache).

Prints both times; the target for (a) is at most 3 minutes on the 2-core machine. Needs
``quarto`` on PATH and the processed outputs of a run (``make run``).
Usage: ``python benchmarks/bench_render.py``.
"""

from __future__ import annotations

import shutil
import sys
import time

from dialogstats import paths
from dialogstats.workflow.render import render_documents

TARGET_SECONDS = 180.0


def timed_render() -> tuple[float, str]:
    started = time.perf_counter()
    result = render_documents(paths.PROCESSED)
    return time.perf_counter() - started, result.status


def main() -> int:
    if shutil.which("quarto") is None:
        print("quarto not found on PATH: nothing to time (install it via environment.yml or quarto.org)")
        return 1
    if not (paths.PROCESSED / "manifest.json").is_file():
        print("no processed outputs: run `make run` first")
        return 1
    shutil.rmtree(paths.PAPER / ".quarto" / "jupyter-cache", ignore_errors=True)
    cold, status = timed_render()
    warm, _ = timed_render()
    print(status)
    met = "met" if cold <= TARGET_SECONDS else "NOT met"
    print(f"render, cold (chunks run once per document): {cold:6.1f} s  (target <= {TARGET_SECONDS:.0f} s: {met})")
    print(f"render, nothing changed (all from the cache): {warm:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
