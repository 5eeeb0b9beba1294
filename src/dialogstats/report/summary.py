"""Plain-words summaries generated from the tables, in English or Swedish.

Every number in a sentence is read from the raw data or from the shares table, so the
text changes when the data change and is never typed by hand. A sentence states the
denominator, the count and the share with its interval, e.g. "Of 36 respondents, 31
(86%; 95% CI 71–94%) answered Yes and 5 (14%; 95% CI 6–29%) No". Shares of answers of
multi-select questions are called so, and percentages printed without a count are
marked as such, with the denominator their interval rests on.
"""

from __future__ import annotations

import math

import pandas as pd

from dialogstats.report import labels
from dialogstats.errors import UnknownNameError
from dialogstats.analysis.shares import question_basis

PARTICIPATION_COLUMNS: tuple[str, ...] = (
    "dialogue_id", "attendees", "respondents", "response_rate", "response_rate_reported", "collection", "has_figures",
)

_COLLECTION = {
    "forms": {
        "en": "Views were collected with an individual online form, filled in after a group discussion of the same "
              "questions, so answers within a discussion group may be correlated and the effective number of "
              "independent answers can be smaller than the number of respondents.",
        "sv": "Synpunkterna samlades in med ett individuellt webbformulär som fylldes i efter en gruppdiskussion om "
              "samma frågor; svaren inom en grupp kan därför vara korrelerade och det effektiva antalet oberoende "
              "svar kan vara mindre än antalet svarande.",
    },
    "notes": {
        "en": "Views were recorded as notes from a discussion; there are no individual answers to count.",
        "sv": "Synpunkterna dokumenterades som anteckningar från en diskussion; det finns inga individuella svar att räkna.",
    },
    "none": {
        "en": "No written answers were collected, so the dialogue contributes no figures.",
        "sv": "Inga skriftliga svar samlades in, så dialogen bidrar inte med några siffror.",
    },
}


def _dialogue_row(raw, dialogue_id: str) -> pd.Series:
    d = raw.dialogues[raw.dialogues["dialogue_id"] == dialogue_id]
    if d.empty:
        raise UnknownNameError("dialogue", dialogue_id, list(raw.dialogues["dialogue_id"]))
    return d.iloc[0]


def participation_table(raw, dialogue_id: str) -> pd.DataFrame:
    """One row: attendees, respondents, computed response rate (respondents / attendees) and the printed rate."""
    d = _dialogue_row(raw, dialogue_id)
    rate = d["respondents"] / d["attendees"] if not (pd.isna(d["respondents"]) or pd.isna(d["attendees"])) else math.nan
    return pd.DataFrame([{
        "dialogue_id": dialogue_id, "attendees": d["attendees"], "respondents": d["respondents"],
        "response_rate": float(rate), "response_rate_reported": d["response_rate_reported"],
        "collection": d["collection"], "has_figures": bool(d["has_figures"]),
    }], columns=list(PARTICIPATION_COLUMNS))


def participation_summary(raw, dialogue_id: str, lang: str = "en") -> str:
    """Who was asked and how many answered, and what the way of collecting answers implies."""
    d = _dialogue_row(raw, dialogue_id)
    name = labels.RawLabels.of(raw, lang).dialogue(dialogue_id)
    att, resp = d["attendees"], d["respondents"]
    parts = []
    if lang == "sv":
        if not pd.isna(att) and not pd.isna(resp):
            parts.append(f"{name}: {int(att)} deltagare, varav {int(resp)} svarade "
                         f"({labels.format_percent(resp / att, lang)}).")
        elif not pd.isna(att):
            parts.append(f"{name}: {int(att)} deltagare; antalet svarande redovisas inte för dialogen som helhet.")
        elif not pd.isna(resp):
            parts.append(f"{name}: {int(resp)} svarande; antalet deltagare redovisas inte.")
        else:
            parts.append(f"{name}: varken antalet deltagare eller antalet svarande redovisas.")
    else:
        if not pd.isna(att) and not pd.isna(resp):
            parts.append(f"{name}: {int(att)} attendees, of whom {int(resp)} answered "
                         f"({labels.format_percent(resp / att, lang)}).")
        elif not pd.isna(att):
            parts.append(f"{name}: {int(att)} attendees; the number who answered is not stated for the dialogue as a whole.")
        elif not pd.isna(resp):
            parts.append(f"{name}: {int(resp)} respondents; the number of attendees is not stated.")
        else:
            parts.append(f"{name}: neither the number of attendees nor the number of respondents is stated.")
    parts.append(_COLLECTION.get(str(d["collection"]), _COLLECTION["none"])[lang])
    return " ".join(parts)


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {labels.text('and', lang)} " + items[-1]


def question_sentence(raw, shares: pd.DataFrame, question_id: str, lang: str = "en", method: str = "wilson") -> str:
    """One sentence on one question: denominator, and per option count, share and interval."""
    names = labels.RawLabels.of(raw, lang)
    rows = shares[(shares["question_id"] == question_id) & (shares["method"] == method)]
    if rows.empty:
        return ""
    b = question_basis(raw, question_id)
    conf = float(rows["confidence"].iloc[0])
    cl = labels.confidence_label(conf, lang)
    items = []
    for _, r in rows.iterrows():
        option_label = names.option(question_id, r["option"])
        interval = labels.format_interval(r["ci_low"], r["ci_high"], lang)
        if pd.isna(r["count"]):
            items.append(f"{option_label} {labels.format_percent(r['share'], lang)} ({cl} {interval})")
        else:
            items.append(f"{option_label} {int(r['count'])} ({labels.format_percent(r['share'], lang)}; {cl} {interval})")
    question_label = names.question(question_id)
    n = None if pd.isna(rows["n"].iloc[0]) else int(rows["n"].iloc[0])
    if lang == "sv":
        if b.percent_only:
            who = "svar (flera alternativ kunde väljas)" if b.basis == "answers" else "svarande"
            base = (f"endast procent redovisas; intervallen täcker alla antal {who} från {n} till {b.n_max} som ger de redovisade procenttalen"
                    if b.n_source == "smallest_feasible" and b.n_max not in (None, n)
                    else f"endast procent redovisas; intervallen bygger på {n} {who}, det enda antal som ger de redovisade procenttalen"
                    if b.n_source == "smallest_feasible"
                    else f"endast procent redovisas; intervallen bygger på de {n} redovisade svarande, som ger procenttalen"
                    if b.n_source == "printed_respondents" else f"endast procent redovisas; intervallen bygger på {n}")
            return f"{question_label}: " + _join(items, lang) + f" ({base})."
        unit = "svar (flera alternativ kunde väljas)" if b.basis == "answers" else "svarande"
        return f"{question_label}: av {n} {unit}: " + _join(items, lang) + "."
    if b.percent_only:
        who = "answers (several options could be chosen)" if b.basis == "answers" else "respondents"
        base = (f"percentages only; the intervals span every number of {who} from {n} to {b.n_max} that gives the printed percentages"
                if b.n_source == "smallest_feasible" and b.n_max not in (None, n)
                else f"percentages only; the intervals assume {n} {who}, the only number that gives the printed percentages"
                if b.n_source == "smallest_feasible"
                else f"percentages only; the intervals assume the {n} printed respondents, which reproduce the percentages"
                if b.n_source == "printed_respondents" else f"percentages only; the intervals assume a denominator of {n}")
        return f"{question_label}: " + _join(items, lang) + f" ({base})."
    unit = "answers (several options could be chosen)" if b.basis == "answers" else "respondents"
    return f"{question_label}: of {n} {unit}, " + _join(items, lang) + "."


def dialogue_summary(raw, shares: pd.DataFrame, dialogue_id: str, lang: str = "en", method: str = "wilson") -> str:
    """Markdown summary of a dialogue: participation, then one bullet per question (in table order)."""
    lines = [participation_summary(raw, dialogue_id, lang), ""]
    for qid in pd.unique(shares.loc[shares["dialogue_id"] == dialogue_id, "question_id"]):
        sentence = question_sentence(raw, shares, qid, lang, method)
        if sentence:
            lines.append(f"- {sentence}")
    return "\n".join(lines).rstrip() + "\n"


def readable_shares(shares: pd.DataFrame, raw, method: str = "wilson", lang: str = "en") -> pd.DataFrame:
    """A reader's view of ``shares``: labels instead of ids and the ``method`` interval per option.

    Columns: question, option, count, n, basis (``respondents``/``answers``), share, ci_low, ci_high
    (shares in per cent, rounded to one decimal).
    """
    names = labels.RawLabels.of(raw, lang)
    rows = shares[shares["method"] == method]
    bases = {qid: question_basis(raw, qid).basis for qid in pd.unique(rows["question_id"])}
    return pd.DataFrame({
        "question": [names.question(k) for k in rows["question_id"]],
        "option": [names.option(k, o) for k, o in zip(rows["question_id"], rows["option"])],
        "count": rows["count"].to_numpy(),
        "n": rows["n"].to_numpy(),
        "basis": [bases[k] for k in rows["question_id"]],
        "share": (100 * rows["share"]).round(1).to_numpy(),
        "ci_low": (100 * rows["ci_low"]).round(1).to_numpy(),
        "ci_high": (100 * rows["ci_high"]).round(1).to_numpy(),
    })
