"""Deterministic, atomic writing of output files.

Every generated file is first written to a temporary file in the destination
folder and then moved into place with :func:`os.replace`, which is atomic on
POSIX file systems: a reader (or a rerun's skip logic) sees either the old
complete file or the new complete file, never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

FLOAT_FORMAT = "%.6f"


def write_bytes_atomic(data: bytes, path: Path | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(text: str, path: Path | str) -> Path:
    """Write UTF-8 text (with ``\\n`` line ends) atomically."""
    return write_bytes_atomic(text.encode("utf-8"), path)


def table_to_csv(df: pd.DataFrame, sort_by: Sequence[str] | None = None, float_format: str = FLOAT_FORMAT) -> str:
    """Render a table as CSV text in a fixed form: stable row order, fixed float format, ``\\n`` line ends.

    ``sort_by`` columns give the row order (a stable mergesort, so ties keep their input order);
    without it the input order is kept.
    """
    if sort_by:
        df = df.sort_values(list(sort_by), kind="mergesort", na_position="last")
    return df.to_csv(index=False, float_format=float_format, lineterminator="\n")


def write_table(
    df: pd.DataFrame,
    path: Path | str,
    sort_by: Sequence[str] | None = None,
    float_format: str = FLOAT_FORMAT,
) -> Path:
    """Write ``df`` as a deterministic CSV file, atomically (see :func:`table_to_csv`)."""
    return write_text_atomic(table_to_csv(df, sort_by=sort_by, float_format=float_format), path)
