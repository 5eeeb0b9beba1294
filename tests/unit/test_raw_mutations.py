"""Mutated raw files are accepted or refused with file, row and column; never a traceback.

Copies of the valid fixture (tests/fixtures/good) are mutated the ways a spreadsheet or a hand
edit changes them: a cell's value, a deleted or duplicated row, reordered or renamed columns, another
encoding, another delimiter, a byte-order mark. ``python -m dialogstats validate`` (in-process) must
then either accept the folder or list problems that each name their file (and row and column where
there is one), and nothing under ``data/processed/`` may change.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogstats import paths
from dialogstats.cli import main
from dialogstats.data import schema

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"
FILES = [schema.file_name(t) for t in schema.TABLES]
ISSUE = re.compile(r"^(?:%s)(?:, row \d+)?(?:, column '[^']*')?: \S" % "|".join(map(re.escape, FILES)))
CELLS = st.sampled_from(["", "0", "-1", "12", "100.5", "1,5", "true", "TRUE", "no", "x" * 70, "arbetsmote",
                         "workshop", "a;b", '"', "ö", " spaced ", "1e3", "NaN", "null"])


@pytest.fixture(scope="module", autouse=True)
def fixture_source():
    previous = os.environ.get("DIALOGSTATS_SOURCE")
    os.environ["DIALOGSTATS_SOURCE"] = str(GOOD / "source.txt")
    yield
    if previous is None:
        os.environ.pop("DIALOGSTATS_SOURCE", None)
    else:
        os.environ["DIALOGSTATS_SOURCE"] = previous


def tree_hashes(folder: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time (ns) of every file under ``folder``: any write changes one of them."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def mutate(lines: list[str], kind: str, data: st.DataObject) -> list[str]:
    header, rows = lines[0], lines[1:]
    columns = header.split(",")
    if kind == "cell" and rows:
        i = data.draw(st.integers(0, len(rows) - 1))
        cells = rows[i].split(",")
        cells[data.draw(st.integers(0, len(cells) - 1))] = data.draw(CELLS)
        rows[i] = ",".join(cells)
    elif kind == "delete_row" and rows:
        del rows[data.draw(st.integers(0, len(rows) - 1))]
    elif kind == "duplicate_row" and rows:
        i = data.draw(st.integers(0, len(rows) - 1))
        rows.insert(i, rows[i])
    elif kind == "reorder_columns":
        order = data.draw(st.permutations(range(len(columns))))
        header = ",".join(columns[j] for j in order)
        rows = [",".join(r.split(",")[j] if j < len(r.split(",")) else "" for j in order) for r in rows]
    elif kind == "rename_column":
        columns[data.draw(st.integers(0, len(columns) - 1))] = data.draw(st.sampled_from(["n", "Count", "id ", "x"]))
        header = ",".join(columns)
    elif kind == "delimiter":
        separator = data.draw(st.sampled_from([";", "\t", "|"]))
        header, rows = header.replace(",", separator), [r.replace(",", separator) for r in rows]
    return [header, *rows]


KINDS = ["cell", "delete_row", "duplicate_row", "reorder_columns", "rename_column", "delimiter", "none"]
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "utf-16"]


def validate(raw: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", "--raw", str(raw)])
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), table=st.sampled_from(FILES), kind=st.sampled_from(KINDS), encoding=st.sampled_from(ENCODINGS))
def test_a_mutated_raw_file_is_accepted_or_refused_with_file_row_and_column(
    data, table, kind, encoding, processed_lock
) -> None:
    with processed_lock:  # no run of another test writes into data/processed meanwhile
        check_mutation(data, table, kind, encoding)


def check_mutation(data, table, kind, encoding) -> None:
    before = tree_hashes(paths.PROCESSED)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        shutil.copytree(GOOD, raw)
        lines = (raw / table).read_text(encoding="utf-8").splitlines()
        text = "\n".join(mutate(lines, kind, data)) + "\n"
        (raw / table).write_bytes(text.encode(encoding, errors="replace"))
        code, out, err = validate(raw)  # any exception here would be a traceback for the user
    assert code in (0, 1)
    if code == 0:
        assert "is valid" in out and err.startswith("") and "Traceback" not in err
    else:
        issues = [line for line in err.splitlines() if not line.startswith(tuple("0123456789"))]
        assert issues and all(ISSUE.match(line) for line in issues), err
    assert tree_hashes(paths.PROCESSED) == before


@pytest.mark.parametrize("table", FILES)
def test_a_byte_order_mark_passes_validation_and_the_totals(table: str, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    (raw / table).write_bytes(b"\xef\xbb\xbf" + (raw / table).read_bytes())
    code, out, err = validate(raw)
    assert code == 0, err
    assert "is valid: 3 dialogues" in out and "workshop" in out
