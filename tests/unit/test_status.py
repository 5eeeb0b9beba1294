"""`make status` and `make dag`: Snakemake's summary in readable form, and the rule graph."""

from __future__ import annotations

import pytest

from dialogstats.errors import PipelineError
from dialogstats.workflow.status import summarise_status

SUMMARY = (
    "output_file\tdate\trule\tlog-file(s)\tstatus\tplan\n"
    "manifest.json\tTue Dec  1 22:30:54 2026\tmanifest\tlogs/manifest.log\tparams changed\tupdate pending\n"
    "audit.csv\tTue Dec  1 22:27:21 2026\taudit\tlogs/notebooks/audit.log\tok\tno update\n"
    "shares.csv\t-\tcollect\tlogs/collect.log\tmissing\tupdate pending\n"
)


def test_outputs_are_grouped_by_why_they_would_be_made_again() -> None:
    text = summarise_status("Building DAG of jobs...\n" + SUMMARY)
    assert text.splitlines()[0] == "1 of 3 outputs are up to date."
    assert "missing: 1 output(s) to make again\n  shares.csv (collect)" in text
    assert "params changed: 1 output(s) to make again\n  manifest.json (manifest)" in text


def test_everything_up_to_date_says_there_is_nothing_to_do() -> None:
    lines = SUMMARY.splitlines()
    text = summarise_status("\n".join([lines[0], lines[2]]) + "\n")
    assert text == "1 of 1 outputs are up to date.\nNothing to do: `make run` would skip every rule."


def test_a_summary_without_its_table_is_an_error() -> None:
    with pytest.raises(PipelineError, match="no table"):
        summarise_status("Building DAG of jobs...\n")


def test_an_error_while_snakemake_reads_the_workflow_is_shown_even_without_progress(tmp_path) -> None:
    # `--quiet all` would print nothing at all here; the status command would fail without saying why.
    import subprocess

    from dialogstats import paths
    from dialogstats.workflow.pipeline import QUIET, snakemake_command

    command = snakemake_command(tmp_path, raw_dir=paths.RAW, ci_method="no_such_method", paper=False)
    completed = subprocess.run([*command, "--dry-run", *QUIET], capture_output=True, text=True, check=False)
    said = completed.stdout + completed.stderr
    assert completed.returncode != 0
    assert "unknown interval method 'no_such_method'; valid: wilson" in said
    assert list(tmp_path.iterdir()) == [], "the method is refused before any settings are written"


def test_a_failed_snakemake_call_raises_with_what_snakemake_said(tmp_path, monkeypatch) -> None:
    import subprocess

    from dialogstats.workflow import status

    def refused(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, stdout="MissingInputException: paper/x.typ\n", stderr="")

    monkeypatch.setattr(status.subprocess, "run", refused)
    with pytest.raises(PipelineError, match=r"exit 1\):\nMissingInputException: paper/x.typ"):
        status.status_report(tmp_path)
