"""Reading and formatting for the evaluation paper: no statistics, only tables, filters and text.

Every number the paper prints comes from a file of ``data/processed`` written by the
pipeline; these functions read those files, pick rows and turn values into strings and
Markdown (pipe tables, figure blocks with cross-reference labels).
``DIALOGSTATS_PROCESSED`` may point the paper at another processed folder.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dialogstats import paths

PROCESSED = Path(os.environ.get("DIALOGSTATS_PROCESSED", paths.PROCESSED))
FIGURES = PROCESSED / paths.FIGURES.relative_to(paths.PROCESSED)
MANIFEST = PROCESSED / paths.MANIFEST.relative_to(paths.PROCESSED)

VERDICT_LABELS = {
    "supported": "supported",
    "not_supported_at_this_n": "not supported at this n",
    "cannot_be_checked": "cannot be checked",
    "rests_on_inconsistent_figures": "rests on inconsistent figures",
}
STATUS_LABELS = {"ok": "consistent", "inconsistent": "inconsistent", "ambiguous": "ambiguous", "not_checkable": "not checkable"}
METHOD_LABELS = {
    "wilson": "Wilson score",
    "blaker": "Blaker exact",
    "jeffreys": "Jeffreys",
    "clopper_pearson": "Clopper-Pearson",
    "agresti_coull": "Agresti-Coull",
    "mid_p": "mid-p",
    "wald": "Wald",
    "goodman": "Goodman (simultaneous)",
    "sison_glaz": "Sison-Glaz (simultaneous)",
}

_shown_figures: set[str] = set()
#: Names of the processed tables the paper has read (its inputs, for the record).
TABLES_READ: set[str] = set()


# --- reading -----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def read(name: str) -> pd.DataFrame:
    """A processed table by file name (``shares.csv``, ``figures/index.csv``, ...); text cells keep ``""``."""
    path = PROCESSED / name
    TABLES_READ.add(name)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; run `make run` to produce the processed outputs")
    table = pd.read_csv(path, keep_default_na=False, na_values=[""])
    for column in table.columns:
        if table[column].dtype == object:
            table[column] = table[column].fillna("")
    return table


@lru_cache(maxsize=None)
def raw_table(name: str) -> pd.DataFrame:
    """A raw table (labels, names, themes) as text, for joining labels to processed rows."""
    return pd.read_csv(paths.RAW / f"{name}.csv", dtype=str, keep_default_na=False)


def manifest() -> dict:
    """The run's manifest (versions, commit, parameters)."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def dialogue_name(dialogue_id: str) -> str:
    names = dict(zip(raw_table("dialogues")["dialogue_id"], raw_table("dialogues")["name_en"]))
    return names.get(dialogue_id, dialogue_id)


def question_label(question_id: str) -> str:
    q = raw_table("questions")
    labels = dict(zip(q["question_id"], q["label_en"]))
    return labels.get(question_id, question_id)


def option_label(question_id: str, option: str) -> str:
    r = raw_table("responses")
    match = r[(r["question_id"] == question_id) & (r["option"] == option)]
    return match["label_en"].iloc[0] if len(match) and match["label_en"].iloc[0] else option


def group_name(dialogue_id: str, group_id: str) -> str:
    g = raw_table("groups")
    match = g[(g["dialogue_id"] == dialogue_id) & (g["group_id"] == group_id)]
    return match["name_en"].iloc[0] if len(match) else group_id


# --- numbers ---------------------------------------------------------------------------


def pct(share: float, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.617 -> '62 %'``; missing values as an en dash."""
    if share is None or pd.isna(share):
        return "–"
    return f"{100 * float(share):.{digits}f} %"


def ci(low: float, high: float, digits: int = 0) -> str:
    """An interval of shares as ``'51–72 %'``."""
    if pd.isna(low) or pd.isna(high):
        return "–"
    return f"{100 * float(low):.{digits}f}–{100 * float(high):.{digits}f} %"


def num(value: float, digits: int = 0) -> str:
    """A number with ``digits`` decimals; integers without; missing as an en dash."""
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value):.{digits}f}" if digits else f"{int(round(float(value)))}"


def points(diff: float) -> str:
    """A difference of shares in percentage points with its sign: ``0.14 -> '+14'``."""
    if pd.isna(diff):
        return "–"
    rounded = round(100 * float(diff))
    return "0" if rounded == 0 else f"{rounded:+d}"


def count_word(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def pvalue(p: float) -> str:
    if pd.isna(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


# --- Markdown ----------------------------------------------------------------------------


def _cell(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def md_table(table: pd.DataFrame, caption: str | None = None, label: str | None = None, align: str | None = None) -> str:
    """A pipe table, with a Quarto caption line ``: caption {#tbl-label}`` when given."""
    header = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    spec = align or "l" * len(table.columns)
    rule = "|" + "|".join(":---" if a == "l" else "---:" if a == "r" else ":---:" for a in spec) + "|"
    body = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    lines = [header, rule, *body]
    if caption:
        lines += ["", f": {caption}" + (f" {{#{label}}}" if label else "")]
    return "\n".join(lines) + "\n"


def figure_label(figure_id: str) -> str:
    """Cross-reference label of a figure: ``fig-`` and the figure id in lower-case with hyphens."""
    return "fig-" + re.sub(r"[^a-z0-9]+", "-", figure_id.lower()).strip("-")


def figure_path(row: pd.Series) -> str:
    """The PNG of an index row, relative to the paper's folder (the working directory)."""
    png = FIGURES / f"{row['file']}.png"
    return os.path.relpath(png, Path.cwd()).replace(os.sep, "/")


def figure_block(row: pd.Series) -> str:
    """Markdown of one figure: image by path, caption and alt text from the index, a unique label."""
    _shown_figures.add(row["figure_id"])
    alt = str(row["alt_text"]).replace('"', "'")
    caption = _cell(row["caption"])
    return f'![{caption}]({figure_path(row)}){{#{figure_label(row["figure_id"])} fig-alt="{alt}"}}\n'


def figure_index() -> pd.DataFrame:
    return read("figures/index.csv")


def figures_where(dialogue_id: str | None = None, notebook: str | None = None, contains: str | None = None) -> pd.DataFrame:
    """Index rows by dialogue, notebook and a fragment of the figure id, not yet shown, in index order."""
    index = figure_index()
    keep = ~index["figure_id"].isin(_shown_figures)
    if dialogue_id is not None:
        keep &= index["dialogue_id"] == dialogue_id
    if notebook is not None:
        keep &= index["notebook"] == notebook
    if contains is not None:
        keep &= index["figure_id"].str.contains(contains, regex=False)
    return index[keep]


def show_figures(rows: pd.DataFrame) -> None:
    """Print the figure blocks of ``rows`` (for a chunk with ``output: asis``)."""
    for _, row in rows.iterrows():
        print(figure_block(row))


def unshown_figures() -> pd.DataFrame:
    index = figure_index()
    return index[~index["figure_id"].isin(_shown_figures)]


# --- paper tables ------------------------------------------------------------------------


def primary_shares(method: str | None = None) -> pd.DataFrame:
    """Rows of ``shares.csv`` of the pointwise method the run used (the first of the table by default)."""
    shares = read("shares.csv")
    method = method or primary_method()
    return shares[shares["method"] == method]


def primary_method() -> str:
    params = manifest().get("parameters", {}) if MANIFEST.exists() else {}
    return params.get("ci_method", params.get("method", "wilson"))


def confidence_level() -> float:
    shares = read("shares.csv")
    return float(shares["confidence"].iloc[0]) if len(shares) else 0.95


def theme_questions(theme: str) -> list[str]:
    q = raw_table("questions")
    return list(q.loc[q["theme"] == theme, "question_id"])


def shares_table(question_ids: list[str]) -> pd.DataFrame:
    """Readable table of the primary method's shares of ``question_ids`` with their intervals."""
    shares = primary_shares()
    rows = shares[shares["question_id"].isin(question_ids)]
    order = {q: i for i, q in enumerate(question_ids)}
    questions = raw_table("questions")
    # Multi-select questions printed as shares of ticks: n counts answers, not people.
    shares_of_answers = set(questions.loc[questions["percent_base"] == "answers", "question_id"])
    responses = raw_table("responses")
    option_order = {(q, o): i for i, (q, o) in enumerate(zip(responses["question_id"], responses["option"]))}
    rows = rows.assign(
        _q=rows["question_id"].map(order),
        _o=[option_order.get(key, len(option_order)) for key in zip(rows["question_id"], rows["option"])],
    ).sort_values(["_q", "_o"], kind="mergesort")
    out = pd.DataFrame(
        {
            "Dialogue / group": [
                dialogue_name(d) + ("" if g == "all" else f", {group_name(d, g)}")
                for d, g in zip(rows["dialogue_id"], rows["group_id"])
            ],
            "Question": [question_label(q) for q in rows["question_id"]],
            "Option": [option_label(q, o) for q, o in zip(rows["question_id"], rows["option"])],
            "Count": [num(c) for c in rows["count"]],
            "n": [num(n) + (" answers" if q in shares_of_answers else "") for q, n in zip(rows["question_id"], rows["n"])],
            "Share": [pct(s) for s in rows["share"]],
            "Interval": [ci(lo, hi) for lo, hi in zip(rows["ci_low"], rows["ci_high"])],
        }
    )
    return out


def area_table(theme: str, label: str, what: str) -> str:
    """The shares table of one area of the review, with caption and label (empty text when no rows)."""
    table = shares_table(theme_questions(theme))
    if table.empty:
        return f"No question of the review's figures belongs to {what}.\n"
    caption = (
        f"Shares and {pct(confidence_level())} {METHOD_LABELS.get(primary_method(), primary_method())} "
        f"intervals, {what}. Count: as printed (– where only a percentage was printed); n: denominator used (answers: ticks of a multi-select question, not people)."
    )
    return md_table(table, caption, label, align="lllrrrr")


def verdict_counts() -> dict[str, int]:
    claims = read("claims.csv")
    return {v: int((claims["verdict"] == v).sum()) for v in VERDICT_LABELS}


SHARE_CHECKS = ("majority", "minority", "sum_of_options", "none")


def claim_estimate(estimate: float, low: float, high: float, check: str, reason: str) -> str:
    """A claim's decisive number: a share with its interval, or a difference in points with its interval."""
    if pd.isna(estimate):
        return "–"
    if check in SHARE_CHECKS or "chose the first" in reason:
        return f"{pct(estimate)} ({ci(low, high)})"
    return f"{points(estimate)} pts ({points(low)} to {points(high)})"


def claims_table() -> pd.DataFrame:
    claims = read("claims.csv")
    return pd.DataFrame(
        {
            "Claim (paraphrased)": claims["claim_en"],
            "Dialogue": [dialogue_name(d) for d in claims["dialogue_id"]],
            "Figure stated": claims["figure_reported"],
            "Locator": ["«" + loc + "»" for loc in claims["locator"]],
            "Estimate (interval)": [
                claim_estimate(e, lo, hi, c, r)
                for e, lo, hi, c, r in zip(claims["estimate"], claims["ci_low"], claims["ci_high"], claims["check"], claims["reason"])
            ],
            "n": [num(n) for n in claims["n"]],
            "Verdict": [VERDICT_LABELS.get(v, v) for v in claims["verdict"]],
            "Why": claims["reason"],
        }
    )


def audit_counts() -> dict[str, int]:
    audit = read("audit.csv")
    return {s: int((audit["status"] == s).sum()) for s in STATUS_LABELS}


def inconsistent_table() -> pd.DataFrame:
    audit = read("audit.csv")
    rows = audit[audit["status"] == "inconsistent"]
    return pd.DataFrame(
        {
            "Question": [question_label(q) + f" ({dialogue_name(d)})" for q, d in zip(rows["question_id"], rows["dialogue_id"])],
            "Option": [option_label(q, o) if o else "" for q, o in zip(rows["question_id"], rows["option"])],
            "Check": rows["check"],
            "Printed": rows["reported"].astype(str),
            "Recomputed": rows["recomputed"].astype(str),
            "Detail": rows["detail"],
        }
    )


def participation_table() -> pd.DataFrame:
    d = raw_table("dialogues")
    return pd.DataFrame(
        {
            "Dialogue": d["name_en"],
            "Date": d["date"].replace("", "–"),
            "Attendees": d["attendees"].replace("", "–"),
            "Respondents": d["respondents"].replace("", "–"),
            "Response rate printed": [f"{r} %" if r else "–" for r in d["response_rate_reported"]],
            "Collection": d["collection"].map({"forms": "individual form", "notes": "notes", "none": "no written answers"}),
        }
    )


def coverage_rows(method: str) -> pd.DataFrame:
    cov = read("coverage.csv")
    return cov[cov["method"] == method].sort_values("n")


def coverage_summary_table() -> pd.DataFrame:
    """Per method: range of mean and minimum exact coverage and mean expected length over the report's n."""
    cov = read("coverage.csv")
    rows = []
    for method, g in cov.groupby("method", sort=False):
        rows.append(
            {
                "Method": METHOD_LABELS.get(method, method),
                "Mean coverage (range over n)": f"{pct(g['mean_coverage'].min(), 1)} to {pct(g['mean_coverage'].max(), 1)}",
                "Lowest coverage at any p": pct(g["min_coverage"].min(), 1),
                "Mean expected length": pct(g["expected_length"].mean(), 1),
            }
        )
    return pd.DataFrame(rows)


def _asked_of(question_id: str) -> str:
    """Dialogue (and group) a question was put to, for tables."""
    q = raw_table("questions").set_index("question_id").loc[question_id]
    return dialogue_name(q["dialogue_id"]) + ("" if q["group_id"] == "all" else f", {group_name(q['dialogue_id'], q['group_id'])}")


def comparisons_table(test: str | None = None) -> pd.DataFrame:
    """comparisons.csv for readers: one row per compared pair and option, tests side by side.

    Columns: construct label, option, the two dialogues or groups, their shares, the
    difference (A minus B, percentage points) with its interval, and per exact test the
    p-value with the Holm-adjusted one in brackets; "all options" rows hold the
    Fisher-Freeman-Halton or ordinal test of the whole distribution.
    """
    comp = read("comparisons.csv")
    if test is not None:
        comp = comp[comp["test"] == test]
    constructs = raw_table("constructs").set_index("construct")["label_en"]
    comp = comp.assign(option=comp["option"].fillna(""))
    tests = list(dict.fromkeys(comp["test"]))
    rows = []
    for (construct, option, a, b), group in comp.groupby(["construct", "option", "a", "b"], sort=False):
        first = group.iloc[0]
        row = {
            "Construct": constructs.get(construct, construct),
            "Option": option_label(a, option) if option else "all options",
            "A": _asked_of(a),
            "B": _asked_of(b),
            "Share A": pct(first["share_a"]),
            "Share B": pct(first["share_b"]),
            "Difference, pts (interval)": (
                f"{points(first['diff'])} ({points(first['diff_ci_low'])} to {points(first['diff_ci_high'])})"
                if not pd.isna(first["diff"]) else "–"
            ),
        }
        by_test = group.set_index("test")
        for name in tests:
            row[f"{TEST_LABELS.get(name, name)} p (Holm)"] = (
                f"{pvalue(by_test.loc[name, 'p_value'])} ({pvalue(by_test.loc[name, 'p_adjusted'])})" if name in by_test.index else ""
            )
        rows.append(row)
    return pd.DataFrame(rows)


TEST_LABELS = {
    "fisher": "Fisher",
    "boschloo": "Boschloo",
    "fisher_freeman_halton": "Fisher-Freeman-Halton",
    "ordinal": "Wilcoxon-Mann-Whitney",
}