"""Every figure of a run exists in English and in Swedish, each with its own caption and alt text."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dialogstats.checks import LANGUAGES
from dialogstats.report.plotting import FORMATS

pytestmark = pytest.mark.integration

# Words that would betray an English fallback in a Swedish caption or alt text.
ENGLISH_MARKERS = (" the ", " of ", " share ", " interval ", " and ", "respondents", "answers", " at ", " lowest ",
                   " with ", " between ", " points")
# And the other way round: Swedish words in an English caption or alt text.
SWEDISH_MARKERS = (" och ", " av ", " för ", " med ", " svarande", " mellan ", " lägst ", " procentenheter", " andel")


@pytest.fixture(scope="module")
def index(processed_outputs: Path) -> list[dict[str, str]]:
    with (processed_outputs / "figures" / "index.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_figure_is_indexed_once_in_each_language(index) -> None:
    by_figure: dict[str, list[str]] = {}
    for row in index:
        by_figure.setdefault(row["figure_id"], []).append(row["lang"])
    assert by_figure, "the run wrote no figures"
    assert {f: sorted(langs) for f, langs in by_figure.items() if sorted(langs) != sorted(LANGUAGES)} == {}


def test_every_figure_file_exists_in_every_format(index, processed_outputs: Path) -> None:
    missing = [f"{row['file']}.{fmt}" for row in index for fmt in FORMATS
               if not (processed_outputs / "figures" / f"{row['file']}.{fmt}").is_file()]
    assert missing == []
    assert len({row["file"] for row in index}) == len(index), "two index rows share one file"


def test_swedish_captions_and_alt_texts_are_there_and_differ_from_the_english(index) -> None:
    english = {row["figure_id"]: row for row in index if row["lang"] == "en"}
    problems = []
    for row in (r for r in index if r["lang"] == "sv"):
        other = english[row["figure_id"]]
        for column in ("caption", "alt_text"):
            text = row[column]
            if not text.strip():
                problems.append(f"{row['figure_id']}: no Swedish {column}")
            elif text == other[column]:
                problems.append(f"{row['figure_id']}: Swedish {column} equals the English")
            elif any(marker in f" {text.lower()} " for marker in ENGLISH_MARKERS):
                problems.append(f"{row['figure_id']}: English words in the Swedish {column}: {text[:80]}")
    assert problems == []


def test_swedish_figures_are_other_pictures_than_the_english(index, processed_outputs: Path) -> None:
    files = {(row["figure_id"], row["lang"]): row["file"] for row in index}
    same = [f for (f, lang), file in files.items() if lang == "sv"
            and (processed_outputs / "figures" / f"{file}.png").read_bytes()
            == (processed_outputs / "figures" / f"{files[(f, 'en')]}.png").read_bytes()]
    assert same == []


def test_english_captions_and_alt_texts_have_no_swedish_words(index) -> None:
    problems = [f"{row['figure_id']}: Swedish words in the English {column}: {row[column][:80]}"
                for row in index if row["lang"] == "en" for column in ("caption", "alt_text")
                if any(marker in f" {row[column].lower()} " for marker in SWEDISH_MARKERS)]
    assert problems == []
