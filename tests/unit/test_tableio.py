"""Deterministic and atomic writing of generated tables."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from dialogstats import tableio


def test_write_table_is_byte_identical_on_rewrite(tmp_path: Path) -> None:
    df = pd.DataFrame({"b": [2, 1], "share": [1 / 3, 2 / 3]})
    first = tableio.write_table(df, tmp_path / "t.csv", sort_by=["b"]).read_bytes()
    second = tableio.write_table(df.sample(frac=1, random_state=1), tmp_path / "t.csv", sort_by=["b"]).read_bytes()
    assert first == second


def test_write_table_uses_fixed_float_format_and_unix_line_ends(tmp_path: Path) -> None:
    path = tableio.write_table(pd.DataFrame({"share": [1 / 3]}), tmp_path / "t.csv")
    assert path.read_bytes() == b"share\n0.333333\n"


def test_failed_write_leaves_previous_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t.csv"
    target.write_text("old\n")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        tableio.write_text_atomic("new\n", target)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
