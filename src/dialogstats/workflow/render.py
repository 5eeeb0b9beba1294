"""Rendering the documents of ``paper/`` with Quarto: HTML, Word and PDF (Typst), checked for lost pieces.

:func:`render_documents` copies the processed figures into the Quarto project
(:func:`dialogstats.report.paperfigures.stage_figures`), runs ``quarto render paper`` once for
every document and format listed in ``paper/_quarto.yml``, and reads Quarto's messages: an
unresolved cross-reference, a citation without a reference or a resource that could not be
fetched fails the render, because the document would otherwise carry a "?@fig-…" or an
empty image. Without ``quarto`` on ``PATH`` nothing is rendered and the status says so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from dialogstats import paths
from dialogstats.errors import PipelineError

QUARTO_MISSING = "quarto not found on PATH: paper not rendered (install it via environment.yml or quarto.org)"
#: Quarto's and Pandoc's messages that mean a document lost something.
PROBLEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("unresolved cross-reference", re.compile(r"Unable to resolve crossref @?[\w-]+|\?@(?:fig|tbl|sec|eq)-[\w-]+", re.I)),
    ("citation without a reference", re.compile(r"[Cc]itation \S+ not found|citeproc.*not found")),
    ("resource not found", re.compile(r"[Cc]ould not (?:fetch|find|convert|load) (?:resource|image)?[^\n]*|File [^\n]* not found")),
    ("image not found", re.compile(r"(?:image|file) not found[^\n]*", re.I)),
)
FORMATS_OUT: tuple[str, ...] = (".html", ".docx", ".pdf")
_SUFFIX = {"html": ".html", "docx": ".docx", "typst": ".pdf"}


@dataclass(frozen=True)
class RenderResult:
    """What a render made: the output files, or why nothing was rendered."""

    rendered: bool
    status: str
    outputs: tuple[Path, ...] = ()


#: Folder put first on the PYTHONPATH of the Python processes Quarto starts (its ``sitecustomize``
#: skips an import they never use: :mod:`dialogstats.workflow.imports`).
SITE_DIR: Path = Path(__file__).resolve().parent / "quarto_site"


def quarto_environment() -> dict[str, str]:
    """The environment for ``quarto render``: this interpreter for the Python chunks (the project's packages
    and its ``dialogstats`` kernel), unless ``QUARTO_PYTHON`` is already set, and :data:`SITE_DIR` first
    on ``PYTHONPATH``."""
    env = dict(os.environ)
    env.setdefault("QUARTO_PYTHON", sys.executable)
    env["PYTHONPATH"] = os.pathsep.join([str(SITE_DIR), *filter(None, [env.get("PYTHONPATH")])])
    return env


def problems_in(log: str) -> list[str]:
    """Every message of a Quarto log that says a document lost a cross-reference, citation or resource."""
    found = []
    for what, pattern in PROBLEMS:
        found += [f"{what}: {m.group(0).strip()}" for m in pattern.finditer(log)]
    return sorted(set(found))


def document_formats(paper_dir: Path, document: str) -> list[str]:
    """The formats a document renders to: those of its own front matter, else those of ``_quarto.yml``."""
    import yaml

    text = (Path(paper_dir) / document).read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---")) if text.startswith("---") else {}
    own = (front or {}).get("format")
    if own:
        return list(own) if isinstance(own, dict) else [own]
    config = yaml.safe_load((Path(paper_dir) / "_quarto.yml").read_text(encoding="utf-8"))
    return list(config.get("format", {}))


def expected_outputs(paper_dir: Path = paths.PAPER) -> list[Path]:
    """The files a full render makes: every document of the project in each of its formats."""
    import yaml

    config = yaml.safe_load((Path(paper_dir) / "_quarto.yml").read_text(encoding="utf-8"))
    output_dir = Path(paper_dir) / config["project"].get("output-dir", "_output")
    documents = config["project"].get("render") or [p.name for p in sorted(Path(paper_dir).glob("*.qmd"))]
    return [
        output_dir / (Path(doc).stem + _SUFFIX[fmt])
        for doc in documents
        for fmt in document_formats(paper_dir, doc)
        if fmt in _SUFFIX
    ]


def paper_sources(paper_dir: Path = paths.PAPER) -> list[Path]:
    """The files of the Quarto project that a render reads: the paper rule's inputs.

    Left out is everything Quarto and the render write: the output folder, the staged figures,
    ``.quarto/``, hidden files, and each document's intermediates beside it (``evaluation.typ``,
    ``evaluation.quarto_ipynb``, ``evaluation.html`` before it is moved, ``evaluation_files/``).
    These come and go while a render runs, and a workflow planned meanwhile must not take them for
    inputs: it would stop when one vanished before Snakemake looked at it.
    """
    import yaml

    paper_dir = Path(paper_dir)
    config = yaml.safe_load((paper_dir / "_quarto.yml").read_text(encoding="utf-8"))
    documents = config["project"].get("render") or [p.name for p in sorted(paper_dir.glob("*.qmd"))]
    stems = {Path(doc).stem for doc in documents}
    written = {config["project"].get("output-dir", "_output"), paths.PAPER_FIGURES.name, ".quarto"}
    written |= {f"{stem}_files" for stem in stems}

    def is_source(path: Path) -> bool:
        parts = path.relative_to(paper_dir).parts
        if written & set(parts) or any(part.startswith(".") for part in parts):
            return False
        intermediate = path.parent == paper_dir and path.name.split(".")[0] in stems
        return path.is_file() and not (intermediate and path.name not in documents)

    return sorted(p for p in paper_dir.rglob("*") if is_source(p))


def outputs_fingerprint(processed_dir: Path) -> str:
    """SHA-256 of what the documents' chunks read: every table of the processed folder (CSV, the figure
    index, the manifest), the raw data (labels), the package's code and the folder's location."""
    from dialogstats.workflow import manifest as provenance

    processed_dir = Path(processed_dir)
    files = sorted(p for p in processed_dir.rglob("*") if p.is_file() and p.suffix in (".csv", ".json")
                   and not {"notebooks", ".snakemake", "logs", ".failed", "workflow"} & set(p.relative_to(processed_dir).parts))
    record = {
        "processed_dir": str(processed_dir.resolve()),
        "tables": {p.relative_to(processed_dir).as_posix(): provenance.sha256_path(p) for p in files},
        "raw": provenance.raw_hashes(paths.RAW),
        "code": provenance.code_hashes(),
    }
    return provenance.record_digest(record)


def render_documents(
    processed_dir: Path = paths.PROCESSED,
    paper_dir: Path = paths.PAPER,
    documents: tuple[str, ...] = (),
    formats: tuple[str, ...] = (),
    output_dir: Path | None = None,
) -> RenderResult:
    """Render the documents of ``paper_dir`` (all, or ``documents``) to HTML, Word and PDF (or ``formats``:
    ``html``, ``docx``, ``typst``), into the project's output folder or ``output_dir``; raise
    PipelineError when Quarto fails or a document lost a cross-reference, citation or resource.

    The chunks of a document run once for all its formats: Quarto's cache (jupyter-cache, in
    ``paper/.quarto/jupyter-cache``) keys on the code, which holds the fingerprint of the processed
    outputs (:func:`outputs_fingerprint`, passed as the parameter ``processed_fingerprint``), so a
    changed table or package module executes the chunks again.
    """
    quarto = shutil.which("quarto")
    if quarto is None:
        return RenderResult(False, QUARTO_MISSING)
    from dialogstats.report.paperfigures import stage_figures

    paper_dir = Path(paper_dir)
    stage_figures(processed_dir, paper_dir / paths.PAPER_FIGURES.name)
    env = quarto_environment()
    env["DIALOGSTATS_PROCESSED"] = str(Path(processed_dir).resolve())
    env["JUPYTERCACHE"] = str((paper_dir / ".quarto" / "jupyter-cache").resolve())
    targets = [str(paper_dir / d) for d in documents] or [str(paper_dir)]
    command = [quarto, "render", *targets, "-P", f"processed_fingerprint:{outputs_fingerprint(processed_dir)}"]
    for fmt in formats:
        command += ["--to", fmt]
    if output_dir is not None:
        command += ["--output-dir", str(Path(output_dir).resolve())]
    completed = subprocess.run(command, cwd=paths.ROOT, env=env, capture_output=True, text=True, check=False)
    log = (completed.stdout or "") + (completed.stderr or "")
    if completed.returncode != 0:
        tail = "\n".join(log.strip().splitlines()[-20:])
        raise PipelineError(f"quarto render failed (exit {completed.returncode}); its last messages:\n{tail}")
    problems = problems_in(log)
    if problems:
        raise PipelineError("the documents rendered but lost something:\n  " + "\n  ".join(problems))
    outputs = [
        Path(output_dir) / p.name if output_dir is not None else p for p in expected_outputs(paper_dir)
        if (not documents or p.stem in {Path(d).stem for d in documents})
        and (not formats or p.suffix in {_SUFFIX[f] for f in formats})
    ]
    missing = [p for p in outputs if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise PipelineError("quarto did not write: " + ", ".join(str(p) for p in missing))
    shown = ", ".join(p.name for p in outputs)
    written_to = Path(output_dir) if output_dir is not None else Path(paper_dir) / "_output"
    return RenderResult(True, f"documents rendered into {written_to}: {shown}", tuple(outputs))
