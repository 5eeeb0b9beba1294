"""The README's numbers come from the data: its totals table matches the raw data."""

from __future__ import annotations

import re

from dialogstats import paths
from dialogstats.cli import dialogue_table


def readme_totals() -> list[tuple[str, int, int]]:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- data-totals:start -->")[1].split("<!-- data-totals:end -->")[0]
    rows = []
    for line in block.splitlines():
        match = re.fullmatch(r"\| (?:\*\*)?([a-z_0-9 ]+?)(?:\*\*)? \| (?:\*\*)?(\d+)(?:\*\*)? \| (?:\*\*)?(\d+)(?:\*\*)? \|", line.strip())
        if match:
            rows.append((match[1], int(match[2]), int(match[3])))
    return rows


def test_readme_totals_per_dialogue_match_the_raw_data() -> None:
    per_dialogue = [row for row in readme_totals() if not row[0].startswith("all ")]
    assert per_dialogue == dialogue_table(paths.RAW)


def test_readme_grand_total_matches_the_raw_data() -> None:
    table = dialogue_table(paths.RAW)
    total = [row for row in readme_totals() if row[0].startswith("all ")]
    assert total == [(f"all {len(table)} dialogues", sum(r[1] for r in table), sum(r[2] for r in table))]


def test_readme_range_of_respondents_matches_the_processed_shares(processed_outputs) -> None:
    from dialogstats.report import findings
    from dialogstats.report.outputs import ProcessedOutputs

    k = findings.key_numbers(ProcessedOutputs(processed_dir=processed_outputs))
    text = " ".join((paths.ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"(n = {k.n_min} to {k.n_max} respondents a question)" in text
