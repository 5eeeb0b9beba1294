"""The Swedish short report (kortrapport): what the review's figures can carry, in plain Swedish.

For report writers who need the conclusions and a figure or table to paste, not the methods. Every
number comes from the processed tables, formatted by :mod:`dialogstats.report.labels` in Swedish
(decimal comma, "45 %", "19 av 28"); the text is the compendium's own, never the report's.
"""

from __future__ import annotations

import pandas as pd

from dialogstats.report import findings, labels, markdown, paperfigures, papertables
from dialogstats.report.outputs import ProcessedOutputs

LANG = "sv"
#: The guide's smallest example: an interval out of fewer answers illustrates nothing a reader meets often.
GUIDE_SMALLEST_N = 5


def _n(value: float) -> str:
    return labels.format_number(value, LANG)


def summary(outputs: ProcessedOutputs) -> str:
    """Sammanfattning: one paragraph of what the figures can carry, then the findings point by point."""
    k = findings.key_numbers(outputs)
    lead = (f"Översynen av Värmlandsstrategin 2040 redovisar vad deltagarna i {_n(k.dialogues_with_figures)} dialoger "
            f"svarade, i antal och procent. Grupperna var små: andelarna bygger på mellan {_n(k.n_min)} och "
            f"{_n(k.n_max)} svarande. Med så få svar blir osäkerheten stor, och många av rapportens slutsatser går "
            f"längre än siffrorna räcker till. Siffrorna beskriver vad de som svarade tyckte, men de visar sällan att "
            f"en åsikt delas av en majoritet eller att två grupper skiljer sig åt.\n")
    return lead + markdown.bullet_list(findings.summary_points(outputs, LANG))


def claims_short_table(outputs: ProcessedOutputs) -> pd.DataFrame:
    """The claims that rest on figures, each with its short Swedish label, verdict and reason."""
    claims = outputs.table("claims.csv")
    names = outputs.labels(LANG)
    tested = claims[claims["estimate_kind"].fillna("") != ""] if "estimate_kind" in claims else claims
    label = "label_sv" if "label_sv" in tested.columns else "claim_en"
    return pd.DataFrame({
        "Påstående": tested[label],
        "Dialog": [names.dialogue(d) if d else "flera" for d in tested["dialogue_id"]],
        "Skattning (intervall)": [papertables.claim_estimate(r, LANG) for _, r in tested.iterrows()],
        "Bedömning": [labels.verdict_name(v, LANG) for v in tested["verdict"]],
        "Varför": [papertables.claim_reason(r, LANG) for _, r in tested.iterrows()],
    })


def interval_guide(outputs: ProcessedOutputs) -> str:
    """A half page on reading an interval at these group sizes, with examples from the report's own shares."""
    shares = outputs.table("shares.csv")
    rows = shares[(shares["method"] == outputs.method) & shares["count"].notna() & shares["n"].notna()]
    if "basis" in rows.columns:
        rows = rows[rows["basis"] == "respondents"]
    sizes = sorted(n for n in rows["n"].unique() if n >= GUIDE_SMALLEST_N)
    picks = []
    for n in (sizes[0], sizes[len(sizes) // 2], sizes[-1]):
        at_n = rows[rows["n"] == n]
        picks.append(at_n.loc[(at_n["share"] - 0.5).abs().idxmin()])
    level = labels.format_percent(outputs.confidence, LANG)
    examples = [
        f"{labels.format_count(r['count'], r['n'], LANG)} ({labels.format_percent(r['share'], LANG)}) ger intervallet "
        f"{labels.format_interval(r['ci_low'], r['ci_high'], LANG)}"
        for r in picks
    ]
    return (
        f"En andel i rapporten, till exempel att {labels.format_count(picks[1]['count'], picks[1]['n'], LANG)} svarade ja, "
        f"är ett mått på just de personer som svarade. Om andra personer i samma roll hade svarat kunde andelen ha blivit "
        f"en annan. Ett {level}-intervall visar hur stor den osäkerheten är: det täcker de andelar som är rimliga med så "
        f"många svar. I rapportens egna siffror: " + "; ".join(examples) + ".\n\n"
        "Tre saker att tänka på:\n\n"
        "- **Omfattar intervallet 50 %**, så kan siffrorna inte visa om det är en majoritet eller en minoritet, även om "
        "andelen i sig ligger över hälften.\n"
        "- **Överlappar två gruppers intervall mycket**, så är skillnaden mellan grupperna inte belagd. Små grupper kräver "
        "stora skillnader för att något ska kunna sägas.\n"
        "- **Intervallen är i underkant.** Svaren skrevs efter en gruppdiskussion och de som inte svarade kan ha tyckt "
        "annorlunda; båda sakerna gör den verkliga osäkerheten större än intervallet visar.\n"
    )


def more_information(outputs: ProcessedOutputs) -> str:
    """Where the full evaluation, the tables and the figures are."""
    commit = outputs.manifest().get("environment", {}).get("git_commit", "okänd")
    return (
        "Den fullständiga utvärderingen (på engelska), med metoder, alla tabeller och alla figurer, finns i "
        "`paper/_output/evaluation.pdf`, `evaluation.docx` och `evaluation.html`, och bilagan med varje redovisad andel i "
        "`supplement.pdf`. Tabellerna finns som Excel-fil på svenska i `data/processed/tabeller.xlsx` och som CSV-filer i "
        "`data/processed/`. Varje figur finns på svenska och engelska, som PNG, SVG och PDF med figurtext och alternativ "
        "text, i `data/processed/figure-pack/sv/`. Allt går att ta fram på nytt med `make run` från projektets katalog; "
        f"den här versionen bygger på incheckningen `{commit}`.\n"
    )


def scorecard(outputs: ProcessedOutputs) -> str:
    """The Swedish claims scorecard figure(s)."""
    ids = paperfigures.figure_ids(outputs, LANG, prefix="claims-scorecard")
    return "\n".join(paperfigures.figure_markdown(outputs, f, LANG) for f in ids)


def inconsistencies(outputs: ProcessedOutputs) -> str:
    """The printed figures that cannot all be right, as a Swedish table."""
    return markdown.pipe_table(papertables.inconsistent_table(outputs, LANG))
