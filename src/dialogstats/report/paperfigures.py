"""Figures in the documents: staged inside the Quarto project, shown by id with caption and alt text.

Typst compiles only files inside the Quarto project (``paper/``), so the figures the pipeline
wrote to ``data/processed/figures`` are copied into ``paper/_figures`` before each render
(:func:`stage_figures`; generated, never committed). A document shows a figure by its id
(:func:`figure_markdown`): the path, caption and alt text come from ``figures/index.csv`` in
the document's language, and the cross-reference label from the id.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from dialogstats import paths
from dialogstats.checks import check_lang
from dialogstats.errors import UnknownNameError
from dialogstats.report.markdown import figure_block, figure_label
from dialogstats.report.outputs import ProcessedOutputs

INDEX = "figures/index.csv"


def stage_figures(processed_dir: Path = paths.PROCESSED, target: Path = paths.PAPER_FIGURES) -> list[Path]:
    """Copy the PNG of every indexed figure into ``target`` (keeping subfolders); remove any other file there.

    Returns the staged files. A copy is rewritten only when its bytes differ, so a render that
    follows sees unchanged files as unchanged.
    """
    index = pd.read_csv(Path(processed_dir) / INDEX, dtype=str, keep_default_na=False)
    target = Path(target)
    wanted = {target / f"{file}.png": Path(processed_dir) / "figures" / f"{file}.png" for file in index["file"]}
    for staged, source in wanted.items():
        if not source.is_file():
            raise FileNotFoundError(f"{source} is listed in {INDEX} but missing; run `make run` again")
        if not staged.is_file() or staged.read_bytes() != source.read_bytes():
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staged)
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return sorted(wanted)


def figure_index(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """The index rows of the figures in ``lang``."""
    index = outputs.table(INDEX)
    return index[index["lang"] == check_lang(lang)]


def figure_ids(outputs: ProcessedOutputs, lang: str, notebook: str | None = None, prefix: str | None = None,
               dialogue_id: str | None = None) -> list[str]:
    """Ids of the figures in ``lang``, filtered by notebook, id prefix and dialogue, in index order."""
    index = figure_index(outputs, lang)
    keep = pd.Series(True, index=index.index)
    if notebook is not None:
        keep &= index["notebook"] == notebook
    if prefix is not None:
        keep &= index["figure_id"].str.startswith(prefix)
    if dialogue_id is not None:
        keep &= index["dialogue_id"] == dialogue_id
    return list(index.loc[keep, "figure_id"])


def figure_markdown(outputs: ProcessedOutputs, figure_id: str, lang: str, folder: str = "_figures") -> str:
    """The Markdown of one figure: its staged PNG, caption and alt text in ``lang``, label ``fig-<id>``."""
    index = figure_index(outputs, lang)
    row = index[index["figure_id"] == figure_id]
    if row.empty:
        raise UnknownNameError(f"figure in {lang}", figure_id, list(index["figure_id"]))
    r = row.iloc[0]
    return figure_block(f"{folder}/{r['file']}.png", r["caption"], r["alt_text"], figure_label(figure_id))
