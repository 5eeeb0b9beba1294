"""The counts of the reading protocol (``docs/claims.md``, section 8), generated from ``claims.csv``.

:func:`count_table` gives the Markdown table of rows per ``check`` and ``chapter`` that the protocol
prints; a test compares the document with it, so the counts cannot go stale.
"""

from __future__ import annotations

import pandas as pd

from dialogstats.data.schema import CLAIM_CHAPTERS, CLAIM_CHECKS


def count_table(claims: pd.DataFrame) -> str:
    """Rows per check (lines) and chapter (columns), with totals, as a Markdown table."""
    chapters = [c for c in CLAIM_CHAPTERS if c in set(claims["chapter"])]
    counts = claims.groupby(["check", "chapter"]).size()
    lines = ["| check | " + " | ".join(chapters) + " | total |", "|---|" + "---|" * (len(chapters) + 1)]
    for check in sorted(set(claims["check"]), key=CLAIM_CHECKS.index):
        cells = [str(counts.get((check, c), 0)) if counts.get((check, c), 0) else "–" for c in chapters]
        lines.append(f"| `{check}` | " + " | ".join(cells) + f" | {int((claims['check'] == check).sum())} |")
    totals = [f"**{int((claims['chapter'] == c).sum())}**" for c in chapters]
    lines.append("| **total** | " + " | ".join(totals) + f" | **{len(claims)}** |")
    return "\n".join(lines)


def summary_line(claims: pd.DataFrame) -> str:
    """Rows, statements and repeats in one sentence."""
    sizes = claims.groupby("statement_id").size()
    repeated = sizes[sizes > 1]
    return (f"{len(claims)} rows form {len(sizes)} statements; {len(repeated)} statements occur more than once "
            f"({int(repeated.sum())} rows).")
