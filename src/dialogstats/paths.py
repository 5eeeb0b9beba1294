"""Every folder and file location of the compendium, in one place.

The project root is found from this file's location (``src/dialogstats/paths.py``),
so the package works from a checkout without configuration. The environment
variable ``DIALOGSTATS_SOURCE`` can point at the report's text elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[2]

DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
PROCESSED: Path = DATA / "processed"
FIGURES: Path = PROCESSED / "figures"
EXECUTED: Path = PROCESSED / "notebooks"
BY_DIALOGUE: Path = PROCESSED / "by_dialogue"
MANIFEST: Path = PROCESSED / "manifest.json"

NOTEBOOKS: Path = ROOT / "notebooks"
PAPER: Path = ROOT / "paper"
PAPER_OUTPUT: Path = PAPER / "_output"
#: Copies of the processed figures inside the Quarto project, made before each render (Typst reads only inside it).
PAPER_FIGURES: Path = PAPER / "_figures"
BENCHMARKS: Path = ROOT / "benchmarks"

SOURCE_SHA256 = "5e8fbbeda112b7f8fe30199aa8a8f5bc8bd789e7b7d4849050190e3425f19908"
SOURCE_NAME = "oversyn-varmlandsstrategin-2040.txt"

KERNEL_NAME = "dialogstats"


def source_text_path() -> Path:
    """Location of the review report's text (``../shared/source/`` beside the checkout by default)."""
    override = os.environ.get("DIALOGSTATS_SOURCE")
    if override:
        return Path(override)
    return ROOT.parent / "shared" / "source" / SOURCE_NAME
