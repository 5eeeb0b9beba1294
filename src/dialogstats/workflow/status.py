"""What the workflow would do, read from Snakemake: the status of every output and the rule graph.

:func:`status_report` turns ``snakemake --summary`` into a short text: what is up to date,
and for everything else why it would be made again. :func:`write_rulegraph` writes
``snakemake --rulegraph`` into ``<processed>/workflow/rulegraph.dot`` and, where graphviz's
``dot`` is installed, as SVG and PNG (300 dpi) beside it.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

from dialogstats import paths
from dialogstats.errors import PipelineError
from dialogstats.workflow.pipeline import QUIET, snakemake_command

RULEGRAPH_REL = "workflow/rulegraph.dot"


def _snakemake(processed_dir: Path, raw_dir: Path, *extra: str) -> str:
    command = snakemake_command(Path(processed_dir).resolve(), raw_dir=Path(raw_dir).resolve(), extra=extra)
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        said = (completed.stderr.strip() or completed.stdout.strip() or "(nothing)").splitlines()
        tail = "\n".join(said[-15:])
        raise PipelineError(f"snakemake {' '.join(extra)} failed (exit {completed.returncode}):\n{tail}")
    return completed.stdout


def summarise_status(summary_tsv: str) -> str:
    """Readable form of ``snakemake --summary`` output: outputs grouped by their status."""
    lines = [line for line in summary_tsv.splitlines() if line.strip()]
    start = next((i for i, line in enumerate(lines) if line.startswith("output_file")), None)
    if start is None:
        raise PipelineError("snakemake --summary printed no table")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[start:])), delimiter="\t"))
    by_status: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_status[row.get("status", "?")].append(f"{row['output_file']} ({row.get('rule', '?')})")
    up_to_date = by_status.pop("ok", [])
    report = [f"{len(up_to_date)} of {len(rows)} outputs are up to date."]
    if not by_status:
        report.append("Nothing to do: `make run` would skip every rule.")
    for status, outputs in sorted(by_status.items()):
        report.append(f"{status}: {len(outputs)} output(s) to make again")
        report += [f"  {o}" for o in sorted(outputs)]
    return "\n".join(report)


def status_report(processed_dir: Path = paths.PROCESSED, raw_dir: Path = paths.RAW) -> str:
    """What is out of date in ``processed_dir``, and why (``snakemake --summary``)."""
    return summarise_status(_snakemake(processed_dir, raw_dir, "--summary", *QUIET))


def write_rulegraph(processed_dir: Path = paths.PROCESSED, raw_dir: Path = paths.RAW) -> list[str]:
    """Write the rule graph (DOT, and SVG and PNG at 300 dpi when ``dot`` is installed); return what was written."""
    dot_text = _snakemake(processed_dir, raw_dir, "--rulegraph", *QUIET)
    dot_text = dot_text[dot_text.index("digraph"):] if "digraph" in dot_text else dot_text
    target = Path(processed_dir) / RULEGRAPH_REL
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dot_text, encoding="utf-8")
    written = [f"rule graph: {target}"]
    dot = shutil.which("dot")
    if dot is None:
        written.append("graphviz's dot is not installed: no SVG or PNG (apt-get install graphviz, or environment.yml)")
        return written
    for fmt, options in (("svg", []), ("png", ["-Gdpi=300"])):
        image = target.with_suffix(f".{fmt}")
        subprocess.run([dot, f"-T{fmt}", *options, "-o", str(image), str(target)], check=True)
        written.append(f"rule graph: {image}")
    return written
