"""Fixtures of the unit tests: the small, valid raw-data folder in ``tests/fixtures/good``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats.data.rawdata import RawData, load_raw

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.fixture(scope="session")
def good_raw() -> RawData:
    """The good fixture, loaded and validated (locators checked against its own ``source.txt``)."""
    return load_raw(GOOD, source_text=GOOD / "source.txt")
