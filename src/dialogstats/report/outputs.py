"""The processed outputs of one run, as the documents read them: tables, figure index, manifest, labels.

A document (the paper, its supplement, the Swedish short report) computes nothing new: it reads
the tables the pipeline wrote and turns them into text. :class:`ProcessedOutputs` is that
reading, from a folder passed in (``DIALOGSTATS_PROCESSED`` and ``DIALOGSTATS_RAW`` point a
document at other folders). Every table read is recorded in :attr:`ProcessedOutputs.tables_read`,
so that a test can hold the documents to the tables the pipeline makes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from dialogstats import paths
from dialogstats.checks import check_lang
from dialogstats.report.labels import RawLabels


class MissingOutputError(FileNotFoundError):
    """A processed file a document needs is not there: the pipeline has not run (or not fully)."""


@dataclass
class ProcessedOutputs:
    """Read-only access to one processed folder and the raw data whose labels it needs."""

    processed_dir: Path
    raw_dir: Path = paths.RAW
    tables_read: set[str] = field(default_factory=set)
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    _labels: dict[str, RawLabels] = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls) -> "ProcessedOutputs":
        """The project's folders, or those named by ``DIALOGSTATS_PROCESSED`` and ``DIALOGSTATS_RAW``."""
        return cls(
            processed_dir=Path(os.environ.get("DIALOGSTATS_PROCESSED") or paths.PROCESSED),
            raw_dir=Path(os.environ.get("DIALOGSTATS_RAW") or paths.RAW),
        )

    def path(self, name: str) -> Path:
        """Location of a processed file (``claims.csv``, ``figures/index.csv``)."""
        return Path(self.processed_dir) / name

    def table(self, name: str) -> pd.DataFrame:
        """A processed table by file name; empty text cells are ``""``, empty numbers NaN (read once)."""
        if name not in self._tables:
            path = self.path(name)
            if not path.is_file():
                raise MissingOutputError(f"{path} is missing; run `make run` to produce the processed outputs")
            table = pd.read_csv(path, keep_default_na=False, na_values=[""])
            for column in table.columns:
                if table[column].dtype == object:
                    table[column] = table[column].fillna("")
            self._tables[name] = table
        self.tables_read.add(name)
        return self._tables[name].copy()

    def manifest(self) -> dict[str, Any]:
        """The run's manifest: parameters, versions, commit, and what made every output."""
        path = self.path(paths.MANIFEST.name)
        if not path.is_file():
            raise MissingOutputError(f"{path} is missing; run `make run` to produce the processed outputs")
        self.tables_read.add(path.name)
        return json.loads(path.read_text(encoding="utf-8"))

    @cached_property
    def raw(self):
        """The raw tables (validated; locators are checked by the pipeline, not again here)."""
        from dialogstats.data.rawdata import load_raw

        return load_raw(self.raw_dir, check_locators=False)

    def labels(self, lang: str) -> RawLabels:
        """Readable names of the raw data's ids in ``lang``."""
        lang = check_lang(lang)
        if lang not in self._labels:
            self._labels[lang] = RawLabels.of(self.raw, lang)
        return self._labels[lang]

    @cached_property
    def parameters(self) -> dict[str, Any]:
        """The run's parameters (interval method, confidence level, language of the summaries)."""
        return dict(self.manifest().get("parameters", {}))

    @property
    def method(self) -> str:
        """The interval method for one share that the run used (``ci_method``)."""
        return str(self.parameters.get("ci_method", "wilson"))

    @property
    def confidence(self) -> float:
        """The confidence level of the run."""
        return float(self.parameters.get("confidence", 0.95))
