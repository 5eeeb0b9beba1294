"""Collecting the per-task tables: the concatenated ``shares.csv`` and ``bounds.csv`` and the figure index.

Cells are copied as text (no parsing of numbers), so the values keep the exact form their
notebook wrote, and rows are sorted, so the result does not depend on the order tasks finished in.
Only the standard library is used.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from dialogstats.errors import PipelineError
from dialogstats.workflow import contract


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return header, list(reader)


def _csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def concatenate_tables(sources: Sequence[Path], sort_by: Sequence[str] = ()) -> str:
    """Concatenate CSV files with identical headers into one CSV text, rows sorted by ``sort_by``.

    The sort is stable and by string value. Raises PipelineError when the headers differ or there
    is nothing to concatenate.
    """
    header: list[str] | None = None
    rows: list[list[str]] = []
    for source in sources:
        this_header, these_rows = _read_csv(source)
        if header is None:
            header = this_header
        elif this_header != header:
            raise PipelineError(f"{source} has columns {', '.join(this_header)}; the other parts have {', '.join(header)}")
        rows.extend(these_rows)
    if header is None:
        raise PipelineError("nothing to concatenate")
    keys = [header.index(column) for column in sort_by if column in header]
    rows.sort(key=lambda row: tuple(row[i] for i in keys))
    return _csv_text(header, rows)


def figure_index(fragments: Mapping[str, Path]) -> str:
    """The figure index: every fragment's rows, ``file`` prefixed by its subfolder, sorted by figure_id and language.

    ``fragments`` maps a subfolder of the figures folder to its ``figures.csv``.
    Raises PipelineError when a fragment has other columns or a figure id appears twice in one language.
    """
    rows: list[list[str]] = []
    for subfolder, path in sorted(fragments.items()):
        header, these = _read_csv(path)
        if tuple(header) != contract.FIGURE_INDEX_COLUMNS:
            raise PipelineError(f"{path} has columns {', '.join(header)}; expected {', '.join(contract.FIGURE_INDEX_COLUMNS)}")
        rows.extend([row[0], f"{subfolder}/{row[1]}", *row[2:]] for row in these)
    lang = contract.FIGURE_INDEX_COLUMNS.index("lang")
    keys = [(row[0], row[lang]) for row in rows]
    duplicated = sorted({f"{i} ({lg})" for i, lg in keys if keys.count((i, lg)) > 1})
    if duplicated:
        raise PipelineError(f"figure ids must be unique across the project in each language; repeated: {', '.join(duplicated)}")
    rows.sort(key=lambda row: (row[0], row[lang]))
    return _csv_text(contract.FIGURE_INDEX_COLUMNS, rows)


def collect(processed_dir: Path, dialogue_tables: Mapping[str, Sequence[Path]], figure_dirs: Sequence[Path]) -> list[Path]:
    """Write the collected tables and the figure index into ``processed_dir``; return the files written.

    ``dialogue_tables`` maps each name of :data:`~dialogstats.workflow.contract.COLLECTED_TABLES` to its
    per-dialogue parts; ``figure_dirs`` are the tasks' figure folders (each with its ``figures.csv``).
    """
    processed_dir = Path(processed_dir)
    texts = {name: concatenate_tables(list(dialogue_tables[name]), sort_by)
             for name, sort_by in contract.COLLECTED_TABLES.items()}
    fragments = {Path(folder).name: Path(folder) / contract.FIGURE_INDEX_FRAGMENT for folder in figure_dirs}
    texts[contract.FIGURE_INDEX_REL] = figure_index(fragments)
    written = []
    for relative, text in texts.items():
        path = processed_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written
