"""The findings in numbers, and the sentences that state them, generated from the processed tables.

The documents lead with what the figures can and cannot carry: how many of the report's claims
are supported, how many printed figures contradict each other, and the facts about response
and group size that limit everything. :func:`key_numbers` collects those numbers from the
tables; the sentence functions word them in English or Swedish. Nothing is typed by hand: a
changed table changes the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogstats.checks import check_lang
from dialogstats.report import labels
from dialogstats.report.outputs import ProcessedOutputs

VERDICTS: tuple[str, ...] = ("supported", "not_supported_at_this_n", "cannot_be_checked", "rests_on_inconsistent_figures")
STATUSES: tuple[str, ...] = ("ok", "inconsistent", "ambiguous", "not_checkable")
#: An interval wider than this (in percentage points) says little about a share.
WIDE_POINTS = 40


@dataclass(frozen=True)
class KeyNumbers:
    """The numbers the abstract and the summary state (all counted from the processed tables)."""

    claims: int
    verdicts: dict[str, int]
    robust: int
    checks: int
    statuses: dict[str, int]
    inconsistent_questions: int
    dialogues: int
    dialogues_with_figures: int
    dialogues_without_answers: int
    dialogues_notes_only: int
    response_rates: list[tuple[str, float, int, int]]
    shares_of_people: int
    n_min: int
    n_median: float
    n_max: int
    under_20: int
    wide_intervals: int
    median_width: float
    confidence: float
    method: str


def _people_shares(outputs: ProcessedOutputs) -> pd.DataFrame:
    shares = outputs.table("shares.csv")
    rows = shares[(shares["method"] == outputs.method) & shares["n"].notna() & shares["ci_low"].notna()]
    if "basis" in rows.columns:
        rows = rows[rows["basis"] == "respondents"]
    return rows


def key_numbers(outputs: ProcessedOutputs) -> KeyNumbers:
    """Count what the abstract and the one-page summary state."""
    claims = outputs.table("claims.csv")
    audit = outputs.table("audit.csv")
    d = outputs.raw.dialogues
    people = _people_shares(outputs)
    per_question = people.drop_duplicates("question_id")
    widths = 100 * (people["ci_high"] - people["ci_low"])
    inconsistent = audit[(audit["status"] == "inconsistent") & (audit["question_id"] != "")]
    rates = [
        (row.dialogue_id, float(row.response_rate_reported), int(row.respondents), int(row.attendees))
        for row in d.itertuples()
        if not pd.isna(row.response_rate_reported) and not pd.isna(row.respondents) and not pd.isna(row.attendees)
    ]
    return KeyNumbers(
        claims=len(claims),
        verdicts={v: int((claims["verdict"] == v).sum()) for v in VERDICTS},
        robust=int(claims["verdict_robust"].astype(str).str.lower().eq("true").sum()),
        checks=len(audit),
        statuses={s: int((audit["status"] == s).sum()) for s in STATUSES},
        inconsistent_questions=int(inconsistent["question_id"].nunique()),
        dialogues=len(d),
        dialogues_with_figures=int(d["has_figures"].sum()),
        dialogues_without_answers=int((d["collection"] == "none").sum()),
        dialogues_notes_only=int((d["collection"] == "notes").sum()),
        response_rates=rates,
        shares_of_people=len(people),
        n_min=int(per_question["n"].min()),
        n_median=float(np.median(per_question["n"])),
        n_max=int(per_question["n"].max()),
        under_20=int((per_question["n"] < 20).sum()),
        wide_intervals=int((widths > WIDE_POINTS).sum()),
        median_width=float(np.median(widths)),
        confidence=outputs.confidence,
        method=outputs.method,
    )


def _n(value: float, lang: str) -> str:
    return labels.format_number(value, lang)


def sentence_case(text: str) -> str:
    """``text`` with its first letter in upper case (the rest unchanged, unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def _verdict_phrase(k: KeyNumbers, lang: str) -> str:
    v = k.verdicts
    if lang == "sv":
        return (f"{_n(v['supported'], lang)} stöds av siffrorna, {_n(v['not_supported_at_this_n'], lang)} stöds inte vid "
                f"så få svar, {_n(v['cannot_be_checked'], lang)} kan inte prövas och "
                f"{_n(v['rests_on_inconsistent_figures'], lang)} vilar på siffror som motsäger varandra")
    return (f"{_n(v['supported'], lang)} are supported by its figures, {_n(v['not_supported_at_this_n'], lang)} are not "
            f"supported at their sample size, {_n(v['cannot_be_checked'], lang)} cannot be checked and "
            f"{_n(v['rests_on_inconsistent_figures'], lang)} rest on figures that contradict each other")


def _rate_phrase(k: KeyNumbers, names: labels.RawLabels, lang: str) -> str:
    if not k.response_rates:
        return "rapporten redovisar ingen svarsfrekvens" if lang == "sv" else "the report prints no response rate"
    parts = [
        f"{names.dialogue(d)} ({labels.format_percent(rate / 100, lang)}, {labels.format_count(r, a, lang)})"
        for d, rate, r, a in k.response_rates
    ]
    if lang == "sv":
        return f"en svarsfrekvens redovisas bara för {_n(len(parts), lang)} dialog: " + ", ".join(parts)
    return f"a response rate is printed for {_n(len(parts), lang)} dialogue only: " + ", ".join(parts)


def abstract(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """The abstract: what was done and what was found, with the numbers."""
    lang = check_lang(lang)
    k = key_numbers(outputs)
    names = outputs.labels(lang)
    if lang == "sv":
        return (
            f"Översynen av Värmlandsstrategin 2040 bygger på {_n(k.dialogues, lang)} dialoger, av vilka "
            f"{_n(k.dialogues_with_figures, lang)} redovisas med siffror. Vi för över varje redovisad siffra med en "
            f"hänvisning till rapportens text, kontrollerar siffrorna mot varandra och prövar de "
            f"{_n(k.claims, lang)} kvantitativa påståenden som rapporten gör (varje förekomst räknad) med metoder för små urval. Av påståendena "
            f"{_verdict_phrase(k, lang)}. Granskningen gör {_n(k.checks, lang)} kontroller; "
            f"{_n(k.statuses['inconsistent'], lang)} av dem, i {_n(k.inconsistent_questions, lang)} frågor, visar att "
            f"siffrorna inte kan stämma som de står. Andelarna bygger på mellan {_n(k.n_min, lang)} och "
            f"{_n(k.n_max, lang)} svarande (median {_n(k.n_median, lang)}), och {_rate_phrase(k, names, lang)}. "
            f"Rapporten beskriver vad de som svarade tyckte, men räcker sällan för slutsatser om skillnader eller majoriteter."
        )
    return (
        f"The review of Värmlandsstrategin 2040 rests on {_n(k.dialogues, lang)} consultations (dialogues), "
        f"{_n(k.dialogues_with_figures, lang)} of which are reported with figures. We transcribe every printed figure "
        f"with a pointer to the report's text, check the figures against each other and read the "
        f"{_n(k.claims, lang)} quantitative claims the report makes (each occurrence counted) with methods fit for small samples. Of these claims, "
        f"{_verdict_phrase(k, lang)}. The audit makes {_n(k.checks, lang)} checks; "
        f"{_n(k.statuses['inconsistent'], lang)} of them, in {_n(k.inconsistent_questions, lang)} questions, show figures "
        f"that cannot all be right as printed. Shares rest on {_n(k.n_min, lang)} to {_n(k.n_max, lang)} respondents "
        f"(median {_n(k.n_median, lang)}), and {_rate_phrase(k, names, lang)}. The report describes what those who "
        f"answered thought; its figures rarely carry conclusions about majorities or differences."
    )


def summary_points(outputs: ProcessedOutputs, lang: str = "en") -> list[str]:
    """The one-page summary as bullet points, each a finding with its numbers."""
    lang = check_lang(lang)
    k = key_numbers(outputs)
    names = outputs.labels(lang)
    level = labels.format_percent(k.confidence, lang)
    method = labels.method_name(k.method, lang)
    s = k.statuses
    if lang == "sv":
        return [
            f"**Påståendena.** Rapporten gör {_n(k.claims, lang)} kvantitativa påståenden utifrån sina siffror: "
            f"{_verdict_phrase(k, lang)}. Med varje intervallmetod, konfidensgrad och designeffekt som "
            f"prövats blir {_n(k.robust, lang)} av bedömningarna desamma.",
            f"**Siffrorna.** Av {_n(k.checks, lang)} kontroller visar {_n(s['inconsistent'], lang)}, i "
            f"{_n(k.inconsistent_questions, lang)} frågor, siffror som inte kan stämma som de står; "
            f"{_n(s['ambiguous'], lang)} stämmer bara under ett antagande som rapporten inte anger och "
            f"{_n(s['not_checkable'], lang)} kan inte kontrolleras eftersom ett tal saknas.",
            f"**Få svarande.** Andelarna bygger på mellan {_n(k.n_min, lang)} och {_n(k.n_max, lang)} svarande "
            f"(median {_n(k.n_median, lang)}); {_n(k.under_20, lang)} frågor har färre än 20. "
            f"Av {_n(k.shares_of_people, lang)} intervall ({level}, {method}) är {_n(k.wide_intervals, lang)} bredare än "
            f"{_n(WIDE_POINTS, lang)} procentenheter, och medianbredden är {_n(k.median_width, lang)} procentenheter.",
            f"**Bortfall.** {sentence_case(_rate_phrase(k, names, lang))}. Där antalet närvarande är känt kan de som inte "
            f"svarade ändra andelen för alla närvarande mycket.",
            "**Gruppdiskussion.** Svaren skrevs efter en diskussion i grupp, så svar från samma grupp är inte oberoende; "
            "det gör den verkliga osäkerheten större än intervallen visar.",
        ]
    return [
        f"**The claims.** The report makes {_n(k.claims, lang)} quantitative claims from its figures: "
        f"{_verdict_phrase(k, lang)}. Under every interval method, confidence level and design effect tried, "
        f"{_n(k.robust, lang)} of the verdicts stay the same.",
        f"**The figures.** Of {_n(k.checks, lang)} checks, {_n(s['inconsistent'], lang)} (in "
        f"{_n(k.inconsistent_questions, lang)} questions) find printed figures that cannot all be right; "
        f"{_n(s['ambiguous'], lang)} agree only under an assumption the report does not state and "
        f"{_n(s['not_checkable'], lang)} cannot be checked because a number is not printed.",
        f"**Few respondents.** Shares rest on {_n(k.n_min, lang)} to {_n(k.n_max, lang)} respondents "
        f"(median {_n(k.n_median, lang)}); {_n(k.under_20, lang)} questions have fewer than 20. "
        f"Of the {_n(k.shares_of_people, lang)} {method} intervals at {level}, {_n(k.wide_intervals, lang)} are wider than "
        f"{_n(WIDE_POINTS, lang)} percentage points, and the median width is {_n(k.median_width, lang)} points.",
        f"**Nonresponse.** {sentence_case(_rate_phrase(k, names, lang))}. Where attendance is known, those who did not "
        f"answer could move the share among everyone present a long way.",
        "**Group discussion.** Answers were written after a group discussion, so answers from one group are not "
        "independent; the true uncertainty is larger than the intervals show.",
    ]


def area_lead(outputs: ProcessedOutputs, question_ids: list[str], lang: str = "en") -> str:
    """Two sentences opening the results of one area: how many questions and answers, and what the intervals allow."""
    lang = check_lang(lang)
    people = _people_shares(outputs)
    rows = people[people["question_id"].isin(question_ids)]
    if rows.empty:
        return ("Frågorna i detta område redovisas bara som andelar av kryss eller utan nämnare."
                if lang == "sv" else "The questions of this area are printed only as shares of ticks or without a denominator.")
    per_q = rows.drop_duplicates("question_id")
    widths = 100 * (rows["ci_high"] - rows["ci_low"])
    widest = rows.loc[widths.idxmax()]
    straddle = int(((rows["ci_low"] < 0.5) & (rows["ci_high"] > 0.5)).sum())
    n_range = f"{_n(per_q['n'].min(), lang)}–{_n(per_q['n'].max(), lang)}" if per_q["n"].nunique() > 1 else _n(per_q["n"].iloc[0], lang)
    if lang == "sv":
        return (f"I detta område ger {labels.count_noun(len(per_q), 'question', lang)} andelar av svarande, "
                f"{'besvarad' if len(per_q) == 1 else 'var och en besvarad'} av {n_range} personer. "
                f"Det bredaste intervallet spänner över {_n(widths.max(), lang)} procentenheter (n = {_n(widest['n'], lang)}), "
                f"och {_n(straddle, lang)} av {_n(len(rows), lang)} intervall omfattar 50 %, så för dem kan siffrorna inte "
                f"avgöra om det är en majoritet eller minoritet.")
    return (f"In this area, {labels.count_noun(len(per_q), 'question', lang)} {'gives' if len(per_q) == 1 else 'give'} shares of "
            f"respondents, {'answered' if len(per_q) == 1 else 'each answered'} by {n_range} people. "
            f"The widest interval spans {_n(widths.max(), lang)} percentage points (n = {_n(widest['n'], lang)}), and "
            f"{_n(straddle, lang)} of {_n(len(rows), lang)} intervals include 50%: for those, the figures cannot tell a "
            f"majority from a minority.")
