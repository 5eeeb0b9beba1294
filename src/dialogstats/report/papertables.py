"""Readers' tables of the documents: processed tables with labels instead of ids, numbers formatted once.

Each function takes a :class:`~dialogstats.report.outputs.ProcessedOutputs` and a language and
returns a table ready for :func:`dialogstats.report.markdown.pipe_table`: column headers in the
language, every dialogue, group, question, option, check, verdict and method by its label, and
every number formatted by :mod:`dialogstats.report.labels` (one rounding rule: half away from
zero on the decimal value). No statistic is computed here.
"""

from __future__ import annotations

import pandas as pd

from dialogstats.checks import check_lang
from dialogstats.report import labels
from dialogstats.report.outputs import ProcessedOutputs

#: Column headers of the readers' tables, per language.
HEADERS: dict[str, dict[str, str]] = {
    "dialogue": {"en": "Dialogue", "sv": "Dialog"},
    "where": {"en": "Asked of", "sv": "Ställd till"},
    "date": {"en": "Date", "sv": "Datum"},
    "attendees": {"en": "Attendees", "sv": "Deltagare"},
    "respondents": {"en": "Respondents", "sv": "Svarande"},
    "rate": {"en": "Response rate printed", "sv": "Redovisad svarsfrekvens"},
    "collection": {"en": "How views were collected", "sv": "Hur synpunkterna samlades in"},
    "question": {"en": "Question", "sv": "Fråga"},
    "option": {"en": "Option", "sv": "Svarsalternativ"},
    "check": {"en": "What was checked", "sv": "Vad som kontrollerades"},
    "finding": {"en": "What the audit finds", "sv": "Vad granskningen finner"},
    "printed": {"en": "Printed", "sv": "Redovisat"},
    "recomputed": {"en": "Recomputed", "sv": "Omräknat"},
    "count": {"en": "Count", "sv": "Antal"},
    "n": {"en": "n", "sv": "n"},
    "share": {"en": "Share", "sv": "Andel"},
    "interval": {"en": "Interval", "sv": "Intervall"},
    "method": {"en": "Method", "sv": "Metod"},
    "mean_coverage": {"en": "Mean coverage (range over n)", "sv": "Medeltäckning (spann över n)"},
    "min_coverage": {"en": "Lowest coverage", "sv": "Lägsta täckning"},
    "length": {"en": "Mean length", "sv": "Medellängd"},
    "construct": {"en": "Question asked in both", "sv": "Fråga som ställdes i båda"},
    "a": {"en": "A", "sv": "A"},
    "b": {"en": "B", "sv": "B"},
    "share_a": {"en": "Share A", "sv": "Andel A"},
    "share_b": {"en": "Share B", "sv": "Andel B"},
    "difference": {"en": "A minus B, points (interval)", "sv": "A minus B, procentenheter (intervall)"},
    "claim": {"en": "Claim (our paraphrase)", "sv": "Påstående (vår omskrivning)"},
    "figure_stated": {"en": "Figure stated", "sv": "Angiven siffra"},
    "estimate": {"en": "Estimate (interval)", "sv": "Skattning (intervall)"},
    "verdict": {"en": "Verdict", "sv": "Bedömning"},
    "why": {"en": "Why", "sv": "Varför"},
    "locator": {"en": "Where in the report", "sv": "Var i rapporten"},
    "locator_figure": {"en": "Where in the report (figure stated)", "sv": "Var i rapporten (angiven siffra)"},
    "tests": {"en": "Exact tests: p (adjusted)", "sv": "Exakta test: p (justerat)"},
    "kind": {"en": "What the claim asserts", "sv": "Vad påståendet hävdar"},
    "total": {"en": "All", "sv": "Alla"},
    "package": {"en": "Package", "sv": "Paket"},
    "version": {"en": "Version", "sv": "Version"},
}

#: Why a comparison has no exact test (``not_tested_reason`` of ``comparisons.csv``), for readers.
NOT_TESTED: dict[str, dict[str, str]] = {
    "ticks": {"en": "shares of ticks, not of people", "sv": "andelar av kryss, inte av personer"},
    "no_count": {"en": "only percentages are printed", "sv": "bara procent redovisas"},
    "denominator_range": {"en": "the denominator is not known", "sv": "nämnaren är inte känd"},
    "cannot_reach_significance": {"en": "too few answers to ever reach significance",
                                  "sv": "för få svar för att någonsin bli signifikant"},
}

_COLLECTION = {
    "forms": {"en": "individual form after group discussion", "sv": "individuellt formulär efter gruppdiskussion"},
    "notes": {"en": "notes from a discussion", "sv": "anteckningar från en diskussion"},
    "none": {"en": "no written answers", "sv": "inga skriftliga svar"},
}


def header(key: str, lang: str) -> str:
    """A column header in ``lang``."""
    return HEADERS[key][check_lang(lang)]


def where_asked(names: labels.RawLabels, dialogue_id: str, group_id: str) -> str:
    """The dialogue, and the group unless the question went to the whole dialogue."""
    name = names.dialogue(dialogue_id)
    return name if group_id in ("", "all") else f"{name}: {names.group(dialogue_id, group_id)}"


def participation_table(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """Every dialogue: date, printed attendance, respondents and response rate, and how views were collected."""
    names = outputs.labels(lang)
    d = outputs.raw.dialogues
    return pd.DataFrame({
        header("dialogue", lang): [names.dialogue(x) for x in d["dialogue_id"]],
        header("date", lang): [x or "–" for x in d["date"]],
        header("attendees", lang): [labels.format_number(x, lang) for x in d["attendees"]],
        header("respondents", lang): [labels.format_number(x, lang) for x in d["respondents"]],
        header("rate", lang): [labels.format_percent(x / 100, lang) for x in d["response_rate_reported"]],
        header("collection", lang): [_COLLECTION[c][lang] for c in d["collection"]],
    })


def audit_findings_table(outputs: ProcessedOutputs, lang: str, statuses: tuple[str, ...] = ("inconsistent",)) -> pd.DataFrame:
    """The audit's rows of ``statuses``: where, question, option, and what the audit finds, in a sentence."""
    names = outputs.labels(lang)
    audit = outputs.table("audit.csv")
    rows = audit[audit["status"].isin(statuses)]
    return pd.DataFrame({
        header("where", lang): [where_asked(names, d, g) for d, g in zip(rows["dialogue_id"], rows["group_id"])],
        header("question", lang): [names.question(q) if q else "" for q in rows["question_id"]],
        header("option", lang): [names.option(q, o) if o else "" for q, o in zip(rows["question_id"], rows["option"])],
        header("finding", lang): [
            labels.finding_sentence(f, str(r), str(c), lang) for f, r, c in zip(rows["finding"], rows["reported"], rows["recomputed"])
        ],
    })


def inconsistent_table(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """The printed figures the audit finds inconsistent, each with what is wrong in a sentence."""
    return audit_findings_table(outputs, lang, ("inconsistent",))


def coverage_summary_table(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """Per interval method: range of mean exact coverage, lowest coverage and mean expected length over the report's n."""
    cov = outputs.table("coverage.csv")
    rows = []
    for method, g in cov.groupby("method", sort=False):
        rows.append({
            header("method", lang): labels.method_name(method, lang),
            header("mean_coverage", lang): f"{labels.format_percent(g['mean_coverage'].min(), lang, 1)} {labels.text('to', lang)} "
                                           f"{labels.format_percent(g['mean_coverage'].max(), lang, 1)}",
            header("min_coverage", lang): labels.format_percent(g["min_coverage"].min(), lang, 1),
            header("length", lang): labels.format_percent(g["expected_length"].mean(), lang, 1),
        })
    return pd.DataFrame(rows)


def shares_table(outputs: ProcessedOutputs, question_ids: list[str], lang: str) -> pd.DataFrame:
    """The run's pointwise interval for every option of ``question_ids``, in their order and the raw option order.

    Count is empty where only a percentage was printed; n counts ticks (marked) for shares of
    answers of a multi-select question.
    """
    names = outputs.labels(lang)
    shares = outputs.table("shares.csv")
    rows = shares[(shares["method"] == outputs.method) & shares["question_id"].isin(question_ids)]
    order = {q: i for i, q in enumerate(question_ids)}
    responses = outputs.raw.responses
    option_order = {(q, o): i for i, (q, o) in enumerate(zip(responses["question_id"], responses["option"]))}
    rows = rows.assign(
        _q=rows["question_id"].map(order),
        _o=[option_order.get(k, len(option_order)) for k in zip(rows["question_id"], rows["option"])],
    ).sort_values(["_q", "_o"], kind="mergesort")
    basis = rows["basis"] if "basis" in rows.columns else pd.Series("respondents", index=rows.index)
    unit = {"answers": " " + labels.text("answers", lang)}
    return pd.DataFrame({
        header("where", lang): [where_asked(names, d, g) for d, g in zip(rows["dialogue_id"], rows["group_id"])],
        header("question", lang): [names.question(q) for q in rows["question_id"]],
        header("option", lang): [names.option(q, o) for q, o in zip(rows["question_id"], rows["option"])],
        header("count", lang): [labels.format_number(c, lang) if not pd.isna(c) else "" for c in rows["count"]],
        header("n", lang): [labels.format_number(n, lang) + unit.get(b, "") for n, b in zip(rows["n"], basis)],
        header("share", lang): [labels.format_percent(s, lang) for s in rows["share"]],
        header("interval", lang): [labels.format_interval(lo, hi, lang) for lo, hi in zip(rows["ci_low"], rows["ci_high"])],
    })


def theme_questions(outputs: ProcessedOutputs, theme: str) -> list[str]:
    """Question ids of one area of the review, in the order of ``questions.csv``."""
    q = outputs.raw.questions
    return list(q.loc[q["theme"] == theme, "question_id"])


def claim_estimate(row: pd.Series, lang: str) -> str:
    """A claim's decisive number: a share with its interval and n, a difference in points with its interval, or
    the range of shares of people a sum of ticks allows."""
    kind = row.get("estimate_kind", "")
    kind = "" if pd.isna(kind) else kind
    if kind == "share_range" and not pd.isna(row.get("range_low")):
        return labels.text("scorecard_range", lang).format(range=labels.format_interval(row["range_low"], row["range_high"], lang))
    if pd.isna(row["estimate"]) or not kind:
        return "–"
    if kind == "difference":
        return labels.format_points_interval(row["estimate"], row["ci_low"], row["ci_high"], lang)
    n = "" if pd.isna(row["n"]) else f", n = {labels.format_number(row['n'], lang)}"
    return f"{labels.format_percent(row['estimate'], lang)} ({labels.format_interval(row['ci_low'], row['ci_high'], lang)}){n}"


def claim_reason(row: pd.Series, lang: str) -> str:
    """Why a claim got its verdict, as a short sentence (the full reason stays in ``claims.csv``)."""
    code = row.get("reason_code", "")
    if code == "interval_clears_threshold":
        key = "interval_clears_threshold_minority" if row["check"] == "minority" else "interval_clears_threshold_majority"
    elif code == "difference_not_established" and row.get("estimate_kind") == "conditional_share":
        key = "conditional_not_established"
    else:
        key = code
    listed = row.get("audit_checks", "")
    checks = [c for c in ("" if pd.isna(listed) else str(listed)).split(";") if c]
    values = {
        "n": labels.format_number(row["n"], lang) if not pd.isna(row["n"]) else "–",
        "checks": "; ".join(labels.audit_check_name(c, lang) for c in checks),
    }
    return labels.reason_sentence(key, lang, **values)


def claims_by_kind_table(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """How many claims of each kind got each verdict (kinds in the engine's order, verdicts as in the paper)."""
    from dialogstats.analysis.claims import CHECKS, VERDICTS

    claims = outputs.table("claims.csv")
    counts = pd.crosstab(claims["check"], claims["verdict"]).reindex(index=[c for c in CHECKS if c in set(claims["check"])],
                                                                     columns=list(VERDICTS), fill_value=0)
    table = pd.DataFrame({header("kind", lang): [labels.claim_check_name(c, lang) for c in counts.index]})
    for verdict in VERDICTS:
        table[labels.verdict_name(verdict, lang)] = [labels.format_number(v, lang) for v in counts[verdict]]
    table[header("total", lang)] = [labels.format_number(v, lang) for v in counts.sum(axis=1)]
    return table


def claims_table(outputs: ProcessedOutputs, lang: str, with_locator: bool = False) -> pd.DataFrame:
    """Every claim: paraphrase, where, figure stated, decisive estimate, verdict and a short reason.

    ``with_locator`` puts first the snippet of the report's text that locates the claim, with the
    figure it states in brackets, in place of the dialogue and figure columns."""
    names = outputs.labels(lang)
    claims = outputs.table("claims.csv")
    paraphrase = f"claim_{lang}" if f"claim_{lang}" in claims.columns else "claim_en"
    table = pd.DataFrame({
        header("claim", lang): claims[paraphrase],
        header("dialogue", lang): [names.dialogue(d) if d else "" for d in claims["dialogue_id"]],
        header("figure_stated", lang): claims["figure_reported"],
        header("estimate", lang): [claim_estimate(r, lang) for _, r in claims.iterrows()],
        header("verdict", lang): [labels.verdict_name(v, lang) for v in claims["verdict"]],
        header("why", lang): [claim_reason(r, lang) for _, r in claims.iterrows()],
    })
    if with_locator:
        # The locator names the place, and usually the dialogue: the figure stated joins it, the dialogue
        # column goes, so that the table keeps to the text column.
        table.insert(0, header("locator_figure", lang), [f"«{loc}» ({fig})" for loc, fig in zip(claims["locator"], claims["figure_reported"])])
        table = table.drop(columns=[header("dialogue", lang), header("figure_stated", lang)])
    return table


def versions_table(outputs: ProcessedOutputs, lang: str) -> pd.DataFrame:
    """The package versions recorded in the run's manifest."""
    versions = outputs.manifest().get("environment", {}).get("packages", {})
    return pd.DataFrame({header("package", lang): list(versions), header("version", lang): list(versions.values())})


TEST_NAMES: tuple[str, ...] = ("fisher", "boschloo", "fisher_freeman_halton", "ordinal")


def comparisons_table(outputs: ProcessedOutputs, lang: str, established_only: bool = False) -> pd.DataFrame:
    """``comparisons.csv`` for readers: one row per compared pair and option, exact tests side by side.

    Columns: the question asked in both, option, the two dialogues or groups, their shares, the
    difference (A minus B, points) with its interval, and in one column every exact test with its
    p-value and the adjusted one in brackets; "all options" rows hold the tests of the whole
    distribution. A row without any test says why in words (:data:`NOT_TESTED`).
    """
    names = outputs.labels(lang)
    comp = outputs.table("comparisons.csv")
    tests = [t for t in TEST_NAMES if t in set(comp["test"])]
    if established_only:
        comp = comp[(comp["diff_ci_low"] > 0) | (comp["diff_ci_high"] < 0)]
    questions = outputs.raw.questions.set_index("question_id")
    rows = []
    for (construct, option, a, b), group in comp.groupby(["construct", "option", "a", "b"], sort=False):
        first = group.iloc[0]
        row = {
            header("construct", lang): names.construct(construct),
            header("option", lang): names.option(a, option) if option else labels.text("all_options", lang),
            header("a", lang): where_asked(names, questions.loc[a, "dialogue_id"], questions.loc[a, "group_id"]),
            header("b", lang): where_asked(names, questions.loc[b, "dialogue_id"], questions.loc[b, "group_id"]),
            header("share_a", lang): labels.format_percent(first["share_a"], lang),
            header("share_b", lang): labels.format_percent(first["share_b"], lang),
            header("difference", lang): labels.format_points_interval(first["diff"], first["diff_ci_low"], first["diff_ci_high"], lang)
            .replace(" " + labels.text("points", lang), ""),
        }
        by_test = group.set_index("test")
        cells = [
            f"{labels.method_name(name, lang)} {labels.format_pvalue(by_test.loc[name, 'p_value'], lang)} "
            f"({labels.format_pvalue(by_test.loc[name, 'p_adjusted'], lang)})"
            for name in tests if name in by_test.index and not pd.isna(by_test.loc[name, "p_value"])
        ]
        reasons = [r for r in dict.fromkeys(group["not_tested_reason"].fillna("")) if r] if "not_tested_reason" in group else []
        row[header("tests", lang)] = "; ".join(cells) if cells else (
            labels.text("not_tested_because", lang) + " " + "; ".join(NOT_TESTED[r][lang] for r in reasons) if reasons else "")
        rows.append(row)
    return pd.DataFrame(rows)
