"""The run's settings files: written only when they change, read back with clear errors."""

from __future__ import annotations

import os

import pytest

from dialogstats.errors import PipelineError
from dialogstats.workflow.settings import read_settings, write_settings


def test_unchanged_settings_keep_the_file_and_its_time(tmp_path) -> None:
    path = tmp_path / ".settings" / "run.json"
    assert write_settings(path, {"parameters": {"ci_method": "wilson"}, "raw_dir": "/r"}) is True
    os.utime(path, (1_000_000, 1_000_000))
    assert write_settings(path, {"raw_dir": "/r", "parameters": {"ci_method": "wilson"}}) is False
    assert path.stat().st_mtime == 1_000_000


def test_a_changed_setting_rewrites_the_file_so_that_its_readers_run_again(tmp_path) -> None:
    path = tmp_path / "run.json"
    write_settings(path, {"parameters": {"ci_method": "wilson"}})
    os.utime(path, (1_000_000, 1_000_000))
    assert write_settings(path, {"parameters": {"ci_method": "blaker"}}) is True
    assert path.stat().st_mtime > 1_000_000
    assert read_settings(path, "parameters") == {"parameters": {"ci_method": "blaker"}}
    assert [p.name for p in tmp_path.iterdir()] == ["run.json"]  # no staged file left behind


def test_a_missing_file_or_key_is_named(tmp_path) -> None:
    with pytest.raises(PipelineError, match="run.json: the run's settings cannot be read"):
        read_settings(tmp_path / "run.json")
    write_settings(tmp_path / "run.json", {"raw_dir": "/r"})
    with pytest.raises(PipelineError, match="lack dialogues, parameters"):
        read_settings(tmp_path / "run.json", "raw_dir", "dialogues", "parameters")
