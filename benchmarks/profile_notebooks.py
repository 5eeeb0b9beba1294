"""Where the notebooks spend their time: each code cell timed, and a pyinstrument profile of the slow ones.

Runs the code of each notebook in this process (no kernel, no papermill) with the workflow's
parameters, writing into a temporary folder. pyinstrument is a development tool, not a dependency
(``pip install pyinstrument``); without it only the cell times are printed.
Usage: ``python benchmarks/profile_notebooks.py [notebook ...] [--dialogue ID]``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "agg")

from dialogstats import paths  # noqa: E402


def cells_of(notebook: Path) -> list[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells
            if c["cell_type"] == "code" and "parameters" not in c.get("metadata", {}).get("tags", [])]


def profile(name: str, dialogue_id: str, folder: Path) -> None:
    namespace: dict[str, object] = {
        "confidence": 0.95, "ci_method": "wilson", "lang": "en", "raw_dir": str(paths.RAW),
        "output_dir": str(folder / "tables"), "figures_dir": str(folder / "figures"),
        **({"dialogue_id": dialogue_id} if name == "dialogue" else {}),
    }
    (folder / "tables").mkdir(parents=True)
    (folder / "figures").mkdir()
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    profiler = Profiler(interval=0.005) if Profiler else None
    if profiler:
        profiler.start()
    total = 0.0
    for index, source in enumerate(cells_of(paths.NOTEBOOKS / f"{name}.ipynb")):
        started = time.perf_counter()
        exec(compile(source, f"{name}.ipynb cell {index}", "exec"), namespace)
        elapsed = time.perf_counter() - started
        total += elapsed
        first = next((line for line in source.splitlines() if line.strip()), "")
        print(f"  {name} code cell {index}: {elapsed:6.2f} s  {first[:70]}")
    print(f"{name}: {total:.2f} s in its code cells")
    if profiler:
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)[:6000])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=["dialogue", "cross_network", "methods", "audit"])
    parser.add_argument("--dialogue", default="skolchef", help="dialogue for the dialogue notebook (default: skolchef)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        for name in args.notebooks:
            profile(name, args.dialogue, Path(tmp) / name)


if __name__ == "__main__":
    main()
