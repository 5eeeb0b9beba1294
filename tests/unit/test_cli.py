"""The command line: argument errors are refused before anything runs, with the valid choices listed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.cli import main

GOOD_RAW = Path(__file__).resolve().parents[1] / "fixtures" / "good"


@pytest.fixture
def fixture_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locators of the fixture raw data are checked against the fixture's own source text."""
    monkeypatch.setenv("DIALOGSTATS_SOURCE", str(GOOD_RAW / "source.txt"))


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_args(tmp_path: Path, *extra: str) -> list[str]:
    return ["run", "--raw", str(GOOD_RAW), "--processed", str(tmp_path / "processed"), "--no-paper", *extra]


def assert_nothing_ran(tmp_path: Path) -> None:
    # Refused before Snakemake starts: not even the processed folder was made.
    assert not (tmp_path / "processed").exists()


def test_unknown_language_is_refused_with_the_valid_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *run_args(tmp_path, "--lang", "de"))
    assert code == 2
    assert "unknown language 'de'; valid: en, sv" in err
    assert "Traceback" not in err
    assert_nothing_ran(tmp_path)


def test_unknown_interval_method_is_refused_with_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_source: None
) -> None:
    code, _, err = run_cli(capsys, *run_args(tmp_path, "--ci-method", "exact"))
    assert code == 2
    assert "unknown interval method 'exact'; valid: wilson, blaker, jeffreys, clopper_pearson" in err
    assert_nothing_ran(tmp_path)


def test_unknown_dialogue_is_refused_with_the_dialogues_that_have_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fixture_source: None
) -> None:
    code, _, err = run_cli(capsys, *run_args(tmp_path, "--dialogue", "workshop", "nav"))
    assert code == 2
    assert "unknown dialogue 'nav'; valid: workshop, network" in err
    assert_nothing_ran(tmp_path)


def test_dialogue_id_with_a_path_in_it_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, *run_args(tmp_path, "--dialogue", "../etc"))
    assert code == 2 and "not a valid identifier" in err
    assert_nothing_ran(tmp_path)


@pytest.mark.parametrize("confidence", ["1", "0", "1.5", "ninety"])
def test_confidence_outside_0_1_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], confidence: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(run_args(tmp_path, "--confidence", confidence))
    assert info.value.code == 2
    assert "between 0 and 1" in capsys.readouterr().err
    assert_nothing_ran(tmp_path)


@pytest.mark.parametrize("jobs", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_whole_number(tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(run_args(tmp_path, "--jobs", jobs))
    assert info.value.code == 2
    assert "positive whole number" in capsys.readouterr().err


def test_missing_raw_folder_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "run", "--raw", str(tmp_path / "nowhere"), "--processed", str(tmp_path / "p"))
    assert code == 1 and "does not exist" in err and "Traceback" not in err


def test_validate_lists_each_issue_on_stderr_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", "--raw", str(tmp_path))
    assert code == 1
    assert "dialogues.csv" in err and len(err.strip().splitlines()) >= 2
    assert out == ""


def test_validate_summarises_valid_data_per_dialogue(capsys: pytest.CaptureFixture[str], fixture_source: None) -> None:
    code, out, _ = run_cli(capsys, "validate", "--raw", str(GOOD_RAW))
    assert code == 0
    lines = out.splitlines()
    assert "is valid: 3 dialogues" in lines[0]
    assert lines[1].split() == ["dialogue", "questions", "options"]
    assert [line.split()[0] for line in lines[2:]] == ["workshop", "network", "council"]


def test_paper_without_quarto_explains_and_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run_cli(capsys, "paper")
    assert code == 1
    assert "quarto not found on PATH: paper not rendered (install it via environment.yml or quarto.org)" in err


def test_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_module_entry_point_runs_the_cli(tmp_path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dialogstats", *run_args(tmp_path, "--lang", "xx")],
        capture_output=True, text=True, cwd=paths.ROOT, env={**os.environ, "DIALOGSTATS_SOURCE": str(GOOD_RAW / "source.txt")},
    )
    assert completed.returncode == 2
    assert completed.stderr.strip() == "error: unknown language 'xx'; valid: en, sv"


def _summary(made: tuple[str, ...], paper_made: bool):
    from dialogstats.workflow.pipeline import RunSummary

    root = Path("/nowhere/processed")
    return RunSummary(processed_dir=root, made=made, skipped=("audit",), tables={"audit.csv": 3}, figures=4,
                      executed_dir=root / "notebooks", manifest=root / "manifest.json", paper="documents rendered",
                      paper_rendered=True, validation_skipped=True, paper_made=paper_made)


def test_the_summary_says_nothing_was_done_only_when_nothing_was() -> None:
    from dialogstats.cli import format_summary

    assert "Nothing to do" in format_summary(_summary((), paper_made=False))
    rerendered = format_summary(_summary((), paper_made=True))
    assert "Nothing to do" not in rerendered and "the documents were rendered again" in rerendered
    ran = format_summary(_summary(("methods",), paper_made=False))
    assert "Ran 1 notebook task(s): methods." in ran and "Nothing to do" not in ran
    assert "figures: 4 per format (each figure once per language)" in ran
