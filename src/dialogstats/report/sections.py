"""The generated parts of the paper's sections: opening sentences, per-area results, figure blocks, colophon.

Each results section opens with two to four sentences generated from the tables, saying what
its figures can and cannot support. Functions return Markdown for a chunk with
``output: asis``; every number comes from :class:`~dialogstats.report.outputs.ProcessedOutputs`.
"""

from __future__ import annotations


from dialogstats.checks import check_lang
from dialogstats.report import findings, labels, markdown, paperfigures, papertables, scorecard
from dialogstats.report.outputs import ProcessedOutputs

#: The review's areas in the paper's order: section title per language and the question themes in it.
AREAS: tuple[tuple[str, dict[str, str], tuple[str, ...]], ...] = (
    ("energy", {"en": "Energy", "sv": "Energi"}, ("energy",)),
    ("preparedness", {"en": "Preparedness", "sv": "Beredskap"}, ("preparedness",)),
    ("digitalisation", {"en": "Digitalisation", "sv": "Digitalisering"}, ("digitalisation",)),
    ("health", {"en": "The promoting, proactive focus", "sv": "Främjande och förebyggande fokus"}, ("health_promotion",)),
    ("perspectives", {"en": "The perspectives: children and young people, rural and urban areas",
                      "sv": "Perspektiven: barn och unga, stad och land"}, ("perspectives", "children_young", "geography")),
    ("implementation", {"en": "Implementation and the annual cycle", "sv": "Genomförande och årshjulet"},
     ("implementation", "annual_cycle")),
    ("missions", {"en": "The missions of smart specialisation", "sv": "Smart specialiseringens missioner"}, ("missions",)),
    ("world", {"en": "Changes in the world, awareness and the outcome of the review",
               "sv": "Omvärldens förändringar, kännedom och översynens resultat"}, ("world_impact", "knowledge", "review_outcome")),
)


def _n(value: float, lang: str) -> str:
    return labels.format_number(value, lang)


def area_questions(outputs: ProcessedOutputs, themes: tuple[str, ...]) -> list[str]:
    """Question ids of the themes of one area, in the order of ``questions.csv``."""
    q = outputs.raw.questions
    return list(q.loc[q["theme"].isin(themes), "question_id"])


def evidence_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """What the consultations were and which of them produced countable answers."""
    lang = check_lang(lang)
    k = findings.key_numbers(outputs)
    if lang == "sv":
        return (f"Översynen omfattade {_n(k.dialogues, lang)} dialoger; {_n(k.dialogues_with_figures, lang)} av dem "
                f"redovisas med siffror (@tbl-participation). Av de övriga diskuterade {_n(k.dialogues_without_answers, lang)} "
                f"nätverk frågorna utan att lämna skriftliga svar, och {_n(k.dialogues_notes_only, lang)} dialoger "
                f"dokumenterades bara som anteckningar, så de bidrar inte med något som kan räknas.\n")
    return (f"The review held {_n(k.dialogues, lang)} dialogues; {_n(k.dialogues_with_figures, lang)} of them are reported "
            f"with figures (@tbl-participation). Of the others, {_n(k.dialogues_without_answers, lang)} networks discussed "
            f"the questions but gave no written answers, and {_n(k.dialogues_notes_only, lang)} dialogues were documented as notes only, "
            f"so they contribute nothing countable.\n")


def audit_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """How many checks the audit made and what they found."""
    lang = check_lang(lang)
    k = findings.key_numbers(outputs)
    s = k.statuses
    questions = outputs.table("audit.csv")
    checked = int(questions.loc[questions["question_id"] != "", "question_id"].nunique())
    den = outputs.table("denominators.csv")
    no_n = den[den["n_stated"].isna()]
    if lang == "sv":
        return (f"Granskningen gjorde {_n(k.checks, lang)} kontroller av {_n(checked, lang)} frågor: "
                f"{_n(s['ok'], lang)} stämmer, {_n(s['inconsistent'], lang)} stämmer inte, {_n(s['ambiguous'], lang)} "
                f"stämmer bara under ett antagande och {_n(s['not_checkable'], lang)} kan inte kontrolleras. "
                f"För {_n(len(no_n), lang)} frågor anges ingen nämnare, så antalet svarande går bara att ringa in.\n")
    return (f"The audit made {_n(k.checks, lang)} checks on {_n(checked, lang)} questions: {_n(s['ok'], lang)} consistent, "
            f"{_n(s['inconsistent'], lang)} inconsistent, {_n(s['ambiguous'], lang)} ambiguous (consistent only under a "
            f"reading the report does not settle) and {_n(s['not_checkable'], lang)} not checkable. "
            f"For {_n(len(no_n), lang)} questions the report prints no denominator, so the number who answered can "
            f"only be narrowed down, not read off.\n")


def methods_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """What the exact coverage computations say about the intervals at the report's n."""
    lang = check_lang(lang)
    cov = outputs.table("coverage.csv")
    ns = sorted(cov["n"].unique())
    main = cov[cov["method"] == outputs.method]
    wald = cov[cov["method"] == "wald"]
    method = labels.method_name(outputs.method, lang)
    text = (f"The report's shares rest on {_n(len(ns), lang)} different numbers of respondents, from {_n(ns[0], lang)} "
            f"to {_n(ns[-1], lang)}. At these n the {method} interval keeps a mean exact coverage of "
            f"{labels.format_percent(main['mean_coverage'].min(), lang, 1)} to {labels.format_percent(main['mean_coverage'].max(), lang, 1)}")
    if not wald.empty:
        text += (f", while the textbook Wald interval falls to {labels.format_percent(wald['min_coverage'].min(), lang, 1)} "
                 f"at some true shares")
    text += (". The intervals are wide because the groups are small, not because the methods are cautious; and they "
             "still leave out the dependence of answers given after group discussion.\n")
    return text


def intervals_text(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """Which interval for one share is used, why, and how its coverage was checked."""
    check_lang(lang)
    level = labels.format_percent(outputs.confidence, lang)
    method = labels.method_name(outputs.method, lang)
    return (f"Each share is reported with a two-sided {level} interval. At the report's sample sizes the textbook "
            f"Wald interval is known to fail [@brown2001interval], and the exact Clopper–Pearson interval "
            f"[@clopper1934use] is conservative. This run uses the {method} interval"
            + (" [@wilson1927probable], recommended for small n by @agresti1998approximate, @newcombe1998two and "
               "@brown2001interval," if outputs.method == "wilson" else ",")
            + " and checks that choice at the n that actually occur: the pipeline computes the exact coverage "
            "probability of each method at each of these n, summing binomial probabilities over all outcomes rather "
            "than simulating (@tbl-coverage, @fig-coverage-by-method). Blaker's exact interval "
            "[@blaker2000confidence], the Jeffreys interval, the Agresti–Coull interval and the mid-p interval "
            "[@lancaster1961significance] are computed alongside.\n")


def simultaneous_text(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """Simultaneous intervals and the exact evidence on their coverage."""
    lang = check_lang(lang)
    simcov = outputs.table("simultaneous_coverage.csv")
    lows = simcov.groupby("method")["coverage"].min()
    ns = ", ".join(_n(n, lang) for n in sorted(simcov["n"].unique()))
    level = labels.format_percent(outputs.confidence, lang)
    parts = [f"{labels.method_name(m, lang)} {labels.format_percent(v, lang, 1)}" for m, v in lows.items()]
    return (f"When a question's options are read together (\"most chose A, few chose B\"), intervals that hold for "
            f"all options at once are needed: the shares table includes the simultaneous intervals of "
            f"@goodman1965simultaneous and @sison1995simultaneous. Their exact simultaneous coverage, computed by "
            f"enumerating every outcome of a three-option question at n = {ns}, falls at worst to: "
            f"{'; '.join(parts)}, against a nominal {level}. Figures and summaries use Goodman's intervals.\n")


def results_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """What the shares of all areas can carry, before the areas one by one."""
    lang = check_lang(lang)
    k = findings.key_numbers(outputs)
    level = labels.format_percent(outputs.confidence, lang)
    method = labels.method_name(outputs.method, lang)
    return (f"Across all areas, {_n(k.wide_intervals, lang)} of the {_n(k.shares_of_people, lang)} {method} "
            f"intervals at {level} for shares of respondents are wider than {_n(findings.WIDE_POINTS, lang)} percentage points, and "
            f"the median width is {_n(k.median_width, lang)} points. Such figures describe the people who answered; "
            f"they say little about a larger group. Each area below opens with what its figures allow; the supplement "
            f"lists every share with its interval.\n")


def area_sections(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """One subsection per area of the review: its generated lead, and a pointer to the supplement's table."""
    lang = check_lang(lang)
    blocks = []
    for key, titles, themes in AREAS:
        questions = area_questions(outputs, themes)
        if not questions:
            continue
        blocks.append(f"## {titles[lang]} {{#sec-{key}}}\n\n{findings.area_lead(outputs, questions, lang)}\n")
        if key == "implementation" and paperfigures.figure_ids(outputs, lang, prefix="shares-riktningsmote-all"):
            blocks.append(paperfigures.figure_markdown(outputs, "shares-riktningsmote-all", lang))
    return "\n".join(blocks)


def comparisons_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """How many comparisons were made and how many differences are established."""
    lang = check_lang(lang)
    comp = outputs.table("comparisons.csv")
    pairs = comp.drop_duplicates(["construct", "option", "a", "b"])
    options = pairs[pairs["option"] != ""]
    established = options[(options["diff_ci_low"] > 0) | (options["diff_ci_high"] < 0)]
    significant = int((comp["p_adjusted"] < 0.05).sum())
    return (f"In all, {_n(comp['construct'].nunique(), lang)} questions were asked in more than one dialogue or group, giving "
            f"{_n(len(options), lang)} pairwise comparisons of options. The difference interval excludes zero in "
            f"{_n(len(established), lang)} of them (@tbl-comparisons), and {_n(significant, lang)} adjusted test results "
            f"fall below 0.05. At these sample sizes a difference must be large to be detected at all: an absent "
            f"difference is not evidence of similarity.\n")


def established_comparisons(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """The comparisons whose difference interval excludes zero, as a readers' table."""
    return markdown.pipe_table(papertables.comparisons_table(outputs, lang, established_only=True))


def claims_lead(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """The verdicts in one paragraph: how many claims, how many of them rest on figures, and the verdicts."""
    lang = check_lang(lang)
    k = findings.key_numbers(outputs)
    claims = outputs.table("claims.csv")
    no_figures = int((claims["check"] == "no_figures").sum())
    drawn = len(scorecard.with_estimate(claims))
    if lang == "sv":
        return (f"Rapporten drar slutsatser av sina siffror: att en majoritet stöder något, att bara några få tycker "
                f"annorlunda, att en grupp skiljer sig från de andra eller att underlaget är litet. Varje sådant påstående "
                f"räknas där det står, också när sammanfattningen och slutsatserna upprepar det. Av de {_n(k.claims, lang)} "
                f"påståendena {findings._verdict_phrase(k, lang)}; {_n(no_figures, lang)} av dem saknar siffror bakom sig "
                f"(@tbl-claim-kinds). Figurerna visar de {_n(drawn, lang)} som har en skattning.\n")
    return (f"The report draws conclusions from its figures: that a majority supports something, that only a few think "
            f"otherwise, that one group stands out, or that the evidence is thin. Each such statement is counted where it "
            f"stands, also when the summary and the conclusions repeat it. Of the {_n(k.claims, lang)} claims, "
            f"{findings._verdict_phrase(k, lang)}; {_n(no_figures, lang)} of them have no figures behind them "
            f"(@tbl-claim-kinds). The scorecard shows the {_n(drawn, lang)} that have an estimate; the supplement lists "
            f"every claim with its verdict and reason.\n")


def scorecard_figures(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """The figure block(s) of the claims scorecard."""
    return "\n".join(paperfigures.figure_markdown(outputs, f, lang) for f in paperfigures.figure_ids(outputs, lang, prefix="claims-scorecard"))


def colophon(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """How the numbers were made: the commands, the commit, the interpreter and platform."""
    lang = check_lang(lang)
    env = outputs.manifest().get("environment", {})
    commit = env.get("git_commit", "unknown")
    return (f"All numbers and figures come from one run of the pipeline. From a checkout, `make run` creates the "
            f"environment and runs the pipeline (validation, notebooks, tables and figures) and renders this paper and "
            f"its supplement to HTML, Word and PDF with Quarto [@quarto]; `make test` runs the test suite. Notebooks are "
            f"executed with papermill [@papermill]. This version was produced from commit `{commit}` with Python "
            f"{env.get('python', 'unknown')} on {env.get('platform', 'unknown')}; @tbl-versions lists the packages.\n")


#: Figures of the paper's main text (the scorecard's parts are matched by prefix); the supplement shows the rest.
MAIN_FIGURES: tuple[str, ...] = (
    "claims-scorecard", "audit-status", "coverage-by-method", "nonresponse-bounds", "design-effect",
    "construct-world_impact", "shares-riktningsmote-all",
)


def in_main_text(figure_id: str) -> bool:
    """Whether the paper's main text shows this figure (the scorecard in all its parts)."""
    return figure_id in MAIN_FIGURES or figure_id.startswith("claims-scorecard-")


def supplement_introduction(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """What the supplement holds."""
    check_lang(lang)
    level = labels.format_percent(outputs.confidence, lang)
    method = labels.method_name(outputs.method, lang)
    return (f"This supplement holds the detail behind the paper: every printed share of the review with its {level} "
            f"{method} interval, grouped by area; the figures of every dialogue and of every question asked in more "
            f"than one dialogue; every pairwise comparison; and every claim with the place in the report where it is "
            f"made. The tables are also in `data/processed/` as CSV files.\n")


def supplement_area_tables(outputs: ProcessedOutputs, lang: str = "en") -> str:
    """One table per area of the review: every printed share with its interval."""
    lang = check_lang(lang)
    level = labels.format_percent(outputs.confidence, lang)
    method = labels.method_name(outputs.method, lang)
    blocks = []
    for key, titles, themes in AREAS:
        questions = area_questions(outputs, themes)
        if not questions:
            continue
        table = papertables.shares_table(outputs, questions, lang)
        caption = (f"{titles[lang]}: shares and {level} {method} intervals. Count: as printed (empty where only a "
                   f"percentage was printed); n: the denominator used (answers: ticks of a multi-select question, "
                   f"not people).")
        blocks.append(f"## {titles[lang]} {{#sec-s-{key}}}\n\n" + markdown.pipe_table(table, caption, f"tbl-s-{key}"))
    return "\n".join(blocks)


def supplement_figures(outputs: ProcessedOutputs, lang: str, notebook: str) -> str:
    """Every figure of one notebook that the main text does not show."""
    return "\n".join(
        paperfigures.figure_markdown(outputs, f, lang)
        for f in paperfigures.figure_ids(outputs, lang, notebook=notebook)
        if not in_main_text(f)
    )
