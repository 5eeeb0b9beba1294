"""English and Swedish strings for figures, tables and generated summaries.

Every user-facing word of a figure or a generated sentence comes from here, so a
figure can be drawn in either language by passing ``lang="en"`` or ``lang="sv"``.
Numbers are formatted by language as well: Swedish uses a decimal comma and a
space before the per-cent sign ("86 %"), English a decimal point and no space ("86%").
"""

from __future__ import annotations

import math

from dataclasses import dataclass

from dialogstats.checks import DEFAULT_LANG, check_lang
from dialogstats.data.schema import label_column, name_column
from dialogstats.errors import UnknownNameError

_STRINGS: dict[str, dict[str, str]] = {
    "share": {"en": "Share", "sv": "Andel"},
    "share_percent": {"en": "Share (%)", "sv": "Andel (%)"},
    "share_of_respondents": {"en": "Share of respondents (%)", "sv": "Andel av de svarande (%)"},
    "share_of_answers": {"en": "Share of answers (%)", "sv": "Andel av svaren (%)"},
    "respondents": {"en": "respondents", "sv": "svarande"},
    "attendees": {"en": "attendees", "sv": "deltagare"},
    "answers": {"en": "answers", "sv": "svar"},
    "codes": {"en": "coded answers", "sv": "kodade svar"},
    "population": {"en": "population", "sv": "population"},
    "confidence_interval": {"en": "confidence interval", "sv": "konfidensintervall"},
    "ci_abbrev": {"en": "CI", "sv": "KI"},
    "pointwise": {"en": "per option", "sv": "per alternativ"},
    "simultaneous": {"en": "simultaneous", "sv": "simultant"},
    "point_estimate": {"en": "printed share", "sv": "redovisad andel"},
    "percent_only": {"en": "percentage only (no count printed)", "sv": "endast procent (inget antal redovisat)"},
    "respondents_only": {"en": "respondents only", "sv": "endast svarande"},
    "manski_bounds": {"en": "nonresponse bounds (Manski)", "sv": "bortfallsgränser (Manski)"},
    "fpc_interval": {"en": "finite-population interval", "sv": "intervall med ändlighetskorrektion"},
    "coverage": {"en": "Coverage probability (%)", "sv": "Täckningsgrad (%)"},
    "mean_coverage": {"en": "mean coverage", "sv": "medeltäckning"},
    "min_coverage": {"en": "minimum coverage", "sv": "lägsta täckning"},
    "nominal": {"en": "nominal level", "sv": "nominell nivå"},
    "sample_size": {"en": "Number of respondents (n)", "sv": "Antal svarande (n)"},
    "method": {"en": "Method", "sv": "Metod"},
    "interval_width": {"en": "Interval width (percentage points)", "sv": "Intervallbredd (procentenheter)"},
    "group_size": {"en": "Discussion group size", "sv": "Gruppstorlek i diskussionen"},
    "icc": {"en": "intra-group correlation", "sv": "korrelation inom grupp"},
    "number_of_checks": {"en": "Number of checks", "sv": "Antal kontroller"},
    "dialogue": {"en": "Dialogue", "sv": "Dialog"},
    "difference": {"en": "Difference (percentage points)", "sv": "Skillnad (procentenheter)"},
    "whole_dialogue": {"en": "whole dialogue", "sv": "hela dialogen"},
    "status_ok": {"en": "consistent", "sv": "stämmer"},
    "status_inconsistent": {"en": "inconsistent", "sv": "stämmer inte"},
    "status_ambiguous": {"en": "ambiguous", "sv": "kan läsas på flera sätt"},
    "status_not_checkable": {"en": "not checkable", "sv": "kan inte kontrolleras"},
    "and": {"en": "and", "sv": "och"},
    "no_denominator": {"en": "no n fits*", "sv": "inget n passar*"},
    "title_audit": {"en": "Checks of the printed figures", "sv": "Kontroller av de redovisade siffrorna"},
    "title_coverage_by_method": {"en": "Exact coverage by interval method", "sv": "Exakt täckningsgrad per intervallmetod"},
    "title_coverage_at_n": {"en": "Exact coverage at the report's numbers of respondents", "sv": "Exakt täckningsgrad vid rapportens antal svarande"},
    "title_nonresponse": {"en": "Shares among respondents and among everyone present", "sv": "Andelar bland svarande och bland alla närvarande"},
    "title_design_effect": {"en": "Interval width when answers within groups are correlated", "sv": "Intervallbredd när svaren inom grupper är korrelerade"},
    "of": {"en": "of", "sv": "av"},
    "to": {"en": "to", "sv": "till"},
    "points": {"en": "points", "sv": "procentenheter"},
    "not_tested_because": {"en": "not tested:", "sv": "inte prövad:"},
    "no_estimate": {"en": "no estimate", "sv": "ingen skattning"},
    "scorecard_range": {"en": "people between {range}", "sv": "mellan {range} av personerna"},
    "all_options": {"en": "all options", "sv": "alla alternativ"},
    "scorecard_title": {"en": "What the report's quantitative claims can carry", "sv": "Vad rapportens kvantitativa påståenden håller för"},
    "scorecard_share_axis": {"en": "Share (%), against 50%", "sv": "Andel (%), mot 50 %"},
    "scorecard_difference_axis": {"en": "Difference (points), against 0", "sv": "Skillnad (procentenheter), mot 0"},
    "scorecard_caption": {
        "en": "The {n} claims with an estimate: for each, the decisive estimate with its interval against the threshold "
              "the claim needs (50% for a majority or minority, 0 for a difference); marker and word give the verdict ({summary}).",
        "sv": "De {n} påståenden som har en skattning: för vart och ett den avgörande skattningen med sitt intervall mot den gräns "
              "påståendet kräver (50 % för majoritet eller minoritet, 0 för en skillnad); symbol och ord anger bedömningen ({summary}).",
    },
    "scorecard_band_note": {
        "en": "A band without a point is the range of shares of people the figures allow.",
        "sv": "Ett band utan punkt är det spann av andelar personer som siffrorna medger.",
    },
    "scorecard_paired_note": {
        "en": "A point without a bar is a difference between two options chosen by the same people: the figures do not "
              "say how many chose both, so it is judged by exact McNemar tests over every split they allow, and no "
              "interval is drawn.",
        "sv": "En punkt utan streck är en skillnad mellan två alternativ som samma personer har valt: siffrorna visar "
              "inte hur många som valde båda, så skillnaden bedöms med McNemars exakta test för varje fördelning som "
              "siffrorna medger, och inget intervall ritas.",
    },
    "scorecard_part": {"en": "Part {i} of {k}.", "sv": "Del {i} av {k}."},
    "scorecard_alt_lead": {
        "en": "Dot plot with interval bars, one row per claim ({n} rows), grouped by verdict.",
        "sv": "Punktdiagram med intervall, en rad per påstående ({n} rader), grupperade efter bedömning.",
    },
}

_VERDICTS: dict[str, dict[str, str]] = {
    "supported": {"en": "supported", "sv": "stöds"},
    "not_supported_at_this_n": {"en": "not supported at this n", "sv": "stöds inte vid så få svar"},
    "cannot_be_checked": {"en": "cannot be checked", "sv": "kan inte prövas"},
    "rests_on_inconsistent_figures": {"en": "rests on inconsistent figures", "sv": "vilar på motstridiga siffror"},
}

#: The audit's checks in words.
_AUDIT_CHECKS: dict[str, dict[str, str]] = {
    "percent_vs_count": {"en": "percentage against count", "sv": "procent mot antal"},
    "percent_vs_n": {"en": "percentage against printed n", "sv": "procent mot redovisat antal svarande"},
    "options_sum_vs_n": {"en": "options against printed n", "sv": "svarsalternativ mot redovisat antal"},
    "options_sum_vs_attendance": {"en": "answers against people present", "sv": "svar mot antal närvarande"},
    "combined_row": {"en": "printed total against its parts", "sv": "redovisad summa mot sina delar"},
    "answers_total": {"en": "ticks against printed total", "sv": "kryss mot redovisad summa"},
    "percent_sum": {"en": "percentages add up to 100", "sv": "procenttalen summerar till 100"},
    "followup_vs_parent": {"en": "follow-up against the option it follows", "sv": "följdfråga mot alternativet den följer"},
    "share_of_answers": {"en": "shares of ticks, not of people", "sv": "andelar av kryss, inte av personer"},
    "denominator_feasible": {"en": "denominators that give the percentages", "sv": "nämnare som ger procenttalen"},
    "denominator_joint": {"en": "common denominator of one form", "sv": "gemensam nämnare för ett formulär"},
    "nonresponse_vs_group": {"en": "answers and non-response against the group", "sv": "svar och bortfall mot gruppen"},
    "codes_vs_answers": {"en": "coded answers against the answers", "sv": "kodade svar mot antalet svar"},
    "response_rate": {"en": "printed response rate", "sv": "redovisad svarsfrekvens"},
    "group_members_vs_attendees": {"en": "group members against attendees", "sv": "gruppmedlemmar mot deltagare"},
}

#: Why a claim got its verdict, as a short sentence ({interval}, {estimate}, {n}, {checks} are filled in).
_REASONS: dict[str, dict[str, str]] = {
    "interval_clears_threshold_majority": {"en": "the interval lies above 50%", "sv": "intervallet ligger över 50 %"},
    "interval_clears_threshold_minority": {"en": "the interval lies below 50%", "sv": "intervallet ligger under 50 %"},
    "interval_includes_threshold": {"en": "the interval includes 50%: {n} answers cannot settle it",
                                    "sv": "intervallet omfattar 50 %: {n} svar räcker inte för att avgöra"},
    "interval_contradicts": {"en": "the interval lies wholly on the other side of 50%",
                             "sv": "intervallet ligger helt på andra sidan 50 %"},
    "difference_established": {"en": "the difference excludes 0 in every comparison the claim makes",
                               "sv": "skillnaden utesluter 0 i varje jämförelse påståendet gör"},
    "difference_not_established": {"en": "the difference is not established: its interval includes 0",
                                   "sv": "skillnaden är inte belagd: intervallet omfattar 0"},
    "conditional_not_established": {"en": "of those choosing either option, the share choosing the first does not clear 50%",
                                    "sv": "bland dem som valde något av alternativen går andelen för det första inte över 50 %"},
    "no_direction": {"en": "the claim states no direction the figures could confirm",
                     "sv": "påståendet anger ingen riktning som siffrorna kan bekräfta"},
    "ticks_not_people": {"en": "it rests on ticks of a multi-select question, which give no share of people",
                         "sv": "det vilar på kryss i en fråga med flera svarsalternativ, som inte ger någon andel personer"},
    "no_denominator": {"en": "no denominator reproduces the printed percentages",
                       "sv": "ingen nämnare ger de redovisade procenttalen"},
    "denominator_decides": {"en": "the verdict depends on a denominator the report does not print",
                            "sv": "bedömningen beror på en nämnare som rapporten inte redovisar"},
    "parts_do_not_add_up": {"en": "the stated total is not the sum of its printed parts",
                            "sv": "den angivna summan är inte summan av de redovisade delarna"},
    "figures_contradict": {"en": "the printed figures contradict each other", "sv": "de redovisade siffrorna motsäger varandra"},
    "audit_inconsistent": {"en": "the audit finds its figures inconsistent ({checks})",
                           "sv": "granskningen finner siffrorna motstridiga ({checks})"},
    "describes_share": {"en": "the figures give the share the claim states", "sv": "siffrorna ger den andel påståendet anger"},
    "difference_reversed": {"en": "the difference goes the other way", "sv": "skillnaden går åt andra hållet"},
    "joint_table_decides": {"en": "the same people answered both; the verdict depends on how their answers combine, which is not printed",
                            "sv": "samma personer svarade på båda; bedömningen beror på hur svaren hänger ihop, vilket inte redovisas"},
    "ranking_established": {"en": "every difference the order needs is clear", "sv": "varje skillnad som ordningen kräver är tydlig"},
    "ranking_not_established": {"en": "a tie, or a difference the order needs is not clear: no ranking",
                                "sv": "lika många, eller en skillnad som ordningen kräver är inte tydlig: ingen rangordning"},
    "ranking_contradicted": {"en": "the figures give the opposite order", "sv": "siffrorna ger motsatt ordning"},
    "consistency_established": {"en": "it holds clearly in every case listed", "sv": "det gäller tydligt i varje redovisat fall"},
    "consistency_not_established": {"en": "no case goes against it, but not every case shows it clearly",
                                    "sv": "inget fall talar emot, men alla fall visar det inte tydligt"},
    "consistency_contradicted": {"en": "at least one case clearly goes the other way",
                                 "sv": "minst ett fall går tydligt åt andra hållet"},
    "sum_overstates_people": {"en": "the options overlap: the share of people may be smaller than the sum",
                              "sv": "alternativen överlappar: andelen personer kan vara mindre än summan"},
    "magnitude_confirmed": {"en": "the printed numbers are below the yardstick stated in the reason",
                            "sv": "de redovisade talen ligger under måttstocken som anges i motiveringen"},
    "magnitude_not_confirmed": {"en": "the printed numbers are not below the yardstick stated in the reason",
                                "sv": "de redovisade talen ligger inte under måttstocken som anges i motiveringen"},
    "evidence_statement": {"en": "a statement about the material with no yardstick to measure it",
                           "sv": "ett påstående om underlaget utan måttstock att mäta det mot"},
    "no_figures": {"en": "no figure is printed for what the claim says", "sv": "ingen siffra redovisas för det påståendet säger"},
}

#: What the audit found, as a reader's sentence ({reported} and {recomputed} are the row's cells, localised).
_FINDINGS: dict[str, dict[str, str]] = {
    "rate_not_reproduced": {"en": "printed rate {reported}, but respondents over attendees give {recomputed}",
                            "sv": "redovisad svarsfrekvens {reported}, men svarande delat med deltagare ger {recomputed}"},
    "respondents_exceed_attendees": {"en": "more respondents than attendees ({recomputed})", "sv": "fler svarande än deltagare ({recomputed})"},
    "members_exceed_attendees": {"en": "the groups' members add up to {recomputed}, more than the {reported} attendees",
                                 "sv": "gruppernas medlemmar blir {recomputed}, fler än de {reported} deltagarna"},
    "count_exceeds_denominator": {"en": "printed {reported}, but the count exceeds its denominator ({recomputed})",
                                  "sv": "redovisat {reported}, men antalet är större än nämnaren ({recomputed})"},
    "percent_not_reproduced": {"en": "printed {reported}, but the count gives {recomputed}",
                               "sv": "redovisat {reported}, men antalet ger {recomputed}"},
    "percent_truncated": {"en": "printed {reported}: the share {recomputed} with its decimals cut off, not rounded",
                          "sv": "redovisat {reported}: andelen {recomputed} avkortad, inte avrundad"},
    "percent_other_rounding": {"en": "printed {reported}: the share {recomputed} rounded another way than half up",
                               "sv": "redovisat {reported}: andelen {recomputed} avrundad på annat sätt än uppåt från fem"},
    "no_count_gives_percent": {"en": "no whole count gives the printed {reported}", "sv": "inget helt antal ger de redovisade {reported}"},
    "counts_exceed_n": {"en": "the counts add up to {recomputed}, more than the printed n of {reported}",
                        "sv": "antalen blir tillsammans {recomputed}, fler än det redovisade n = {reported}"},
    "counts_do_not_add_up": {"en": "counts and non-response ({recomputed}) do not add up to the printed n of {reported}",
                             "sv": "antal och bortfall ({recomputed}) blir inte det redovisade n = {reported}"},
    "counts_short_of_n": {"en": "the counts add up to {recomputed}, short of the printed n of {reported}",
                          "sv": "antalen blir {recomputed}, färre än det redovisade n = {reported}"},
    "ticks_exceed_total": {"en": "the ticks add up to {recomputed}, more than the printed total of {reported}",
                           "sv": "kryssen blir {recomputed}, fler än den redovisade summan {reported}"},
    "ticks_short_of_total": {"en": "the ticks add up to {recomputed}, less than the printed total of {reported}",
                             "sv": "kryssen blir {recomputed}, färre än den redovisade summan {reported}"},
    "codes_overlap": {"en": "the codes add up to {recomputed} from {reported} answers: they overlap, or a count is wrong",
                      "sv": "koderna blir {recomputed} av {reported} svar: de överlappar, eller så är ett antal fel"},
    "answers_exceed_members": {"en": "{reported} answered, more than the group's {recomputed} members",
                               "sv": "{reported} svarade, fler än gruppens {recomputed} medlemmar"},
    "answers_exceed_respondents": {"en": "{reported} answered, more than the {recomputed} printed respondents",
                                   "sv": "{reported} svarade, fler än de {recomputed} redovisade svarande"},
    "answers_exceed_attendees": {"en": "{reported} answered, more than the {recomputed} people present",
                                 "sv": "{reported} svarade, fler än de {recomputed} som deltog"},
    "members_unaccounted": {"en": "{reported} answers and non-responses from a group of {recomputed}: members unaccounted for",
                            "sv": "{reported} svar och bortfall i en grupp om {recomputed}: medlemmar saknas"},
    "respondents_unaccounted": {"en": "{reported} answers and non-responses from {recomputed} respondents: some unaccounted for",
                                "sv": "{reported} svar och bortfall av {recomputed} svarande: några saknas"},
    "attendees_unaccounted": {"en": "{reported} answers and non-responses from {recomputed} attendees: some unaccounted for",
                              "sv": "{reported} svar och bortfall av {recomputed} deltagare: några saknas"},
    "combined_option_unknown": {"en": "a printed total names an option that is not printed",
                                "sv": "en redovisad summa omfattar ett alternativ som inte redovisas"},
    "total_not_sum_of_parts": {"en": "the printed total {reported} is not the sum of its parts, {recomputed}",
                               "sv": "den redovisade summan {reported} är inte summan av delarna, {recomputed}"},
    "percents_exceed_100": {"en": "the percentages add up to {reported}, more than rounding allows",
                            "sv": "procenttalen blir tillsammans {reported}, mer än avrundning tillåter"},
    "percents_short_of_100": {"en": "the percentages add up to {reported}: an option or non-response may be unprinted",
                              "sv": "procenttalen blir {reported}: ett alternativ eller bortfall kan saknas"},
    "followup_exceeds_parent": {"en": "{reported} answered the follow-up, more than the {recomputed} who chose the option it follows",
                                "sv": "{reported} besvarade följdfrågan, fler än de {recomputed} som valde alternativet den följer"},
    "followup_short_of_parent": {"en": "{reported} answered the follow-up, fewer than the {recomputed} who chose the option it follows",
                                 "sv": "{reported} besvarade följdfrågan, färre än de {recomputed} som valde alternativet den följer"},
    "shares_of_answers": {"en": "the percentages are shares of ticks, not of people",
                          "sv": "procenttalen är andelar av kryss, inte av personer"},
    "no_feasible_denominator": {"en": "no denominator up to 100 gives all the printed percentages",
                                "sv": "ingen nämnare upp till 100 ger alla redovisade procenttal"},
    "printed_n_not_feasible": {"en": "the printed n of {reported} does not give the printed percentages; {recomputed} does",
                               "sv": "det redovisade n = {reported} ger inte procenttalen; {recomputed} gör det"},
    "feasible_n_exceed_group": {"en": "every denominator that gives the percentages exceeds the {reported} who could answer (the smallest is {recomputed})",
                                "sv": "varje nämnare som ger procenttalen är större än de {reported} som kunde svara (den minsta är {recomputed})"},
    "several_feasible_denominators": {"en": "no n is printed; several denominators give the percentages, the smallest {recomputed}",
                                      "sv": "inget n redovisas; flera nämnare ger procenttalen, den minsta {recomputed}"},
    "no_common_denominator": {"en": "questions answered by the same people have no denominator in common that gives their percentages",
                              "sv": "frågor som samma personer besvarade har ingen gemensam nämnare som ger procenttalen"},
    "several_common_denominators": {"en": "questions answered by the same people have several denominators in common, the smallest {recomputed}",
                                    "sv": "frågor som samma personer besvarade har flera gemensamma nämnare, den minsta {recomputed}"},
    "not_printed": {"en": "a number the check needs is not printed", "sv": "ett tal som kontrollen behöver redovisas inte"},
}

_METHOD_NAMES: dict[str, dict[str, str]] = {
    "wilson": {"en": "Wilson score", "sv": "Wilson"},
    "blaker": {"en": "Blaker exact", "sv": "Blaker, exakt"},
    "jeffreys": {"en": "Jeffreys", "sv": "Jeffreys"},
    "clopper_pearson": {"en": "Clopper-Pearson exact", "sv": "Clopper-Pearson, exakt"},
    "agresti_coull": {"en": "Agresti-Coull", "sv": "Agresti-Coull"},
    "mid_p": {"en": "mid-p exact", "sv": "mid-p, exakt"},
    "wald": {"en": "Wald", "sv": "Wald"},
    "goodman": {"en": "Goodman simultaneous", "sv": "Goodman, simultant"},
    "sison_glaz": {"en": "Sison-Glaz simultaneous", "sv": "Sison-Glaz, simultant"},
    "newcombe": {"en": "Newcombe hybrid score", "sv": "Newcombe"},
    "agresti_caffo": {"en": "Agresti-Caffo", "sv": "Agresti-Caffo"},
    "fisher": {"en": "Fisher exact", "sv": "Fishers exakta test"},
    "boschloo": {"en": "Boschloo exact", "sv": "Boschloos exakta test"},
    "fisher_freeman_halton": {"en": "Fisher-Freeman-Halton exact", "sv": "Fisher-Freeman-Haltons exakta test"},
    "ordinal": {"en": "exact ordinal (rank) test", "sv": "exakt rangtest"},
}


def text(key: str, lang: str = DEFAULT_LANG) -> str:
    """The string ``key`` in ``lang`` (``"en"`` or ``"sv"``)."""
    check_lang(lang)
    try:
        return _STRINGS[key][lang]
    except KeyError:
        raise UnknownNameError("label", key, sorted(_STRINGS)) from None


def method_name(method: str, lang: str = DEFAULT_LANG) -> str:
    """Readable name of an interval method or test (``"wilson"`` -> ``"Wilson score"``)."""
    check_lang(lang)
    try:
        return _METHOD_NAMES[method][lang]
    except KeyError:
        raise UnknownNameError("method", method, sorted(_METHOD_NAMES)) from None


def verdict_name(verdict: str, lang: str = DEFAULT_LANG) -> str:
    """Readable name of a claim's verdict (``supported`` -> ``"supported"`` / ``"stöds"``)."""
    check_lang(lang)
    try:
        return _VERDICTS[verdict][lang]
    except KeyError:
        raise UnknownNameError("verdict", verdict, list(_VERDICTS)) from None


def audit_check_name(check: str, lang: str = DEFAULT_LANG) -> str:
    """The audit's check in words (``followup_vs_parent`` -> ``"follow-up against the option it follows"``)."""
    check_lang(lang)
    try:
        return _AUDIT_CHECKS[check][lang]
    except KeyError:
        raise UnknownNameError("audit check", check, list(_AUDIT_CHECKS)) from None


def localise_audit_numbers(cell: str, lang: str = DEFAULT_LANG) -> str:
    """The audit's short numeric cells in the language's style: ``33.3 % (5/15)`` -> ``33,3 % (5 av 15)`` (sv)
    or ``33.3% (5 of 15)`` (en); ``5 or 6`` -> ``5 eller 6`` (sv)."""
    import re

    check_lang(lang)
    cell = re.sub(r"(\d+)/(\d+)", lambda m: f"{m.group(1)} {text('of', lang)} {m.group(2)}", str(cell))
    if lang == "sv":
        return re.sub(r"(\d)\.(\d)", r"\1,\2", cell.replace(" or ", " eller "))
    return re.sub(r"(\d) %", r"\1%", cell)


def finding_sentence(code: str, reported: str, recomputed: str, lang: str = DEFAULT_LANG) -> str:
    """What the audit found, as a reader's sentence (a code of ``dialogstats.analysis.audit_findings.FINDINGS``).

    Codes of rows that could not be checked share one sentence: a number the check needs is not printed.
    """
    from dialogstats.analysis.audit_findings import FINDINGS

    check_lang(lang)
    if code not in FINDINGS:
        raise UnknownNameError("audit finding", code, list(FINDINGS))
    template = _FINDINGS.get(code) or _FINDINGS["not_printed"]
    values = {"reported": localise_audit_numbers(reported, lang), "recomputed": localise_audit_numbers(recomputed, lang)}
    return template[lang].format(**values)


def reason_sentence(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The short sentence of a claim's reason (a key of the reason table) with ``values`` filled in."""
    check_lang(lang)
    try:
        template = _REASONS[key][lang]
    except KeyError:
        raise UnknownNameError("reason", key, list(_REASONS)) from None
    return template.format(**values)


def status_name(status: str, lang: str = DEFAULT_LANG) -> str:
    """Readable name of an audit status (``ok``, ``inconsistent``, ``ambiguous``, ``not_checkable``)."""
    return text(f"status_{status}", lang)


@dataclass(frozen=True)
class RawLabels:
    """Readable names, in one language, of the ids of the raw data: dialogues, groups, questions,
    options and constructs (from the ``name_*`` and ``label_*`` columns of ``data/raw``).

    Build it once with :meth:`of`; an unknown id raises UnknownNameError listing the valid ones.
    """

    lang: str
    dialogues: dict[str, str]
    groups: dict[tuple[str, str], str]
    questions: dict[str, str]
    options: dict[tuple[str, str], str]
    constructs: dict[str, str]
    asked_of: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, raw, lang: str = DEFAULT_LANG) -> "RawLabels":
        """The labels of ``raw`` (a :class:`dialogstats.data.rawdata.RawData`) in ``lang``."""
        name, label = name_column(lang), label_column(lang)
        d, g, q, r, c = raw.dialogues, raw.groups, raw.questions, raw.responses, raw.constructs
        return cls(
            lang=lang,
            dialogues=dict(zip(d["dialogue_id"], d[name])),
            groups={(a, b): n for a, b, n in zip(g["dialogue_id"], g["group_id"], g[name])},
            questions=dict(zip(q["question_id"], q[label])),
            options={(a, b): n for a, b, n in zip(r["question_id"], r["option"], r[label])},
            constructs=dict(zip(c["construct"], c[label])),
            asked_of={k: (a, b) for k, a, b in zip(q["question_id"], q["dialogue_id"], q["group_id"])},
        )

    @staticmethod
    def _get(table: dict, key, what: str) -> str:
        try:
            return str(table[key])
        except KeyError:
            valid = sorted(":".join(k) if isinstance(k, tuple) else k for k in table)
            shown = ":".join(key) if isinstance(key, tuple) else key
            raise UnknownNameError(what, shown, valid) from None

    def dialogue(self, dialogue_id: str) -> str:
        return self._get(self.dialogues, dialogue_id, "dialogue")

    def group(self, dialogue_id: str, group_id: str) -> str:
        return self._get(self.groups, (dialogue_id, group_id), "group")

    def question(self, question_id: str) -> str:
        return self._get(self.questions, question_id, "question")

    def option(self, question_id: str, option: str) -> str:
        return self._get(self.options, (question_id, option), "option")

    def construct(self, construct: str) -> str:
        return self._get(self.constructs, construct, "construct")

    def source(self, question_id: str) -> str:
        """Where a question was asked: the dialogue, and ``: group`` unless it went to the whole dialogue."""
        if question_id not in self.asked_of:
            self.question(question_id)  # raises, listing the valid ids
        dialogue_id, group_id = self.asked_of[question_id]
        name = self.dialogue(dialogue_id)
        return name if group_id == "all" else f"{name}: {self.group(dialogue_id, group_id)}"


MINUS = "\u2212"


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, and pandas' NA compares unequal to itself
    except TypeError:
        return True


def format_number(value: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals, decimal comma in Swedish; ``"–"`` for a missing value.

    Rounding is half away from zero on the decimal value (``2.5 -> 3``), as a reader would round.
    """
    check_lang(lang)
    if _missing(value):
        return "–"
    scaled = abs(float(value)) * 10**digits
    rounded = math.floor(scaled + 0.5 + 1e-9) / 10**digits
    out = f"{rounded:.{digits}f}"
    if lang == "sv":
        out = out.replace(".", ",")
    return MINUS + out if float(value) < 0 and rounded != 0 else out


def format_percent(share: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.861 -> "86%"`` (en) or ``"86 %"`` (sv)."""
    if _missing(share):
        return "–"
    number = format_number(100 * share, lang, digits)
    return f"{number} %" if lang == "sv" else f"{number}%"


def format_interval(low: float, high: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """An interval of shares as percentages, ``"71–94%"`` (en) or ``"71–94 %"`` (sv)."""
    if _missing(low) or _missing(high):
        return "–"
    a, b = format_number(100 * low, lang, digits), format_number(100 * high, lang, digits)
    return f"{a}–{b} %" if lang == "sv" else f"{a}–{b}%"


def confidence_label(confidence: float, lang: str = DEFAULT_LANG) -> str:
    """``0.95 -> "95% CI"`` (en) or ``"95 % KI"`` (sv)."""
    level = format_percent(confidence, lang, digits=0 if round(100 * confidence, 6).is_integer() else 1)
    return f"{level} {text('ci_abbrev', lang)}"


def format_points(difference: float, lang: str = DEFAULT_LANG) -> str:
    """A difference of shares in percentage points with its sign: ``0.14 -> "+14"``, ``-0.05 -> "−5"``, ``0``."""
    if _missing(difference):
        return "–"
    number = format_number(100 * difference, lang, 0)
    return number if number in ("0", "–") or number.startswith(MINUS) else "+" + number


def format_points_interval(difference: float, low: float, high: float, lang: str = DEFAULT_LANG) -> str:
    """``"+14 points (−5 to +32)"`` (en) or ``"+14 procentenheter (−5 till +32)"`` (sv)."""
    if _missing(difference):
        return "–"
    interval = f" ({format_points(low, lang)} {text('to', lang)} {format_points(high, lang)})" if not (_missing(low) or _missing(high)) else ""
    return f"{format_points(difference, lang)} {text('points', lang)}{interval}"


def format_count(count: float, n: float, lang: str = DEFAULT_LANG) -> str:
    """``"19 of 28"`` (en) or ``"19 av 28"`` (sv); an en dash when either is missing."""
    if _missing(count) or _missing(n):
        return "–"
    return f"{format_number(count, lang)} {text('of', lang)} {format_number(n, lang)}"


def format_pvalue(p: float, lang: str = DEFAULT_LANG) -> str:
    """A p-value with three decimals, ``"< 0.001"`` below that (decimal comma in Swedish)."""
    if _missing(p):
        return "–"
    return f"< {format_number(0.001, lang, 3)}" if p < 0.001 else format_number(p, lang, 3)


_NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "question": {"en": ("question", "questions"), "sv": ("fråga", "frågor")},
    "dialogue": {"en": ("dialogue", "dialogues"), "sv": ("dialog", "dialoger")},
    "network": {"en": ("network", "networks"), "sv": ("nätverk", "nätverk")},
    "interval": {"en": ("interval", "intervals"), "sv": ("intervall", "intervall")},
    "check": {"en": ("check", "checks"), "sv": ("kontroll", "kontroller")},
    "claim": {"en": ("claim", "claims"), "sv": ("påstående", "påståenden")},
    "comparison": {"en": ("comparison", "comparisons"), "sv": ("jämförelse", "jämförelser")},
    "respondent": {"en": ("respondent", "respondents"), "sv": ("svarande", "svarande")},
    "person": {"en": ("person", "people"), "sv": ("person", "personer")},
    "result": {"en": ("result", "results"), "sv": ("resultat", "resultat")},
}


def count_noun(count: float, noun: str, lang: str = DEFAULT_LANG) -> str:
    """A count with its noun in singular or plural: ``1 question``, ``3 questions``, ``2 frågor``."""
    check_lang(lang)
    try:
        singular, plural = _NOUNS[noun][lang]
    except KeyError:
        raise UnknownNameError("noun", noun, list(_NOUNS)) from None
    return f"{format_number(count, lang)} {singular if count == 1 else plural}"


_STRINGS.update({
    "percent_of_answers": {"en": "percent of answers", "sv": "procent av svaren"},
})

#: The checkable form of a claim (the ``check`` column of ``claims.csv``) in words.
_CLAIM_CHECKS: dict[str, dict[str, str]] = {
    "majority": {"en": "a majority", "sv": "en majoritet"},
    "minority": {"en": "a minority", "sv": "en minoritet"},
    "largest_option": {"en": "the largest option", "sv": "det största alternativet"},
    "largest_question": {"en": "the largest share among questions", "sv": "den största andelen bland frågorna"},
    "sum_of_options": {"en": "a sum of options", "sv": "en summa av alternativ"},
    "exceeds": {"en": "larger than the others", "sv": "större än de andra"},
    "consistency": {"en": "the same everywhere", "sv": "detsamma överallt"},
    "ranking": {"en": "a ranking", "sv": "en rangordning"},
    "magnitude": {"en": "how large the evidence is", "sv": "hur stort underlaget är"},
    "share_statement": {"en": "a share, no direction stated", "sv": "en andel utan angiven riktning"},
    "no_figures": {"en": "no figures behind it", "sv": "inga siffror bakom"},
}


def claim_check_name(check: str, lang: str = DEFAULT_LANG) -> str:
    """What a claim asserts, in words (``largest_option`` -> ``"the largest option"``)."""
    check_lang(lang)
    try:
        return _CLAIM_CHECKS[check][lang]
    except KeyError:
        raise UnknownNameError("claim check", check, list(_CLAIM_CHECKS)) from None


#: Words of the figure pack (plain-text files beside each figure, and its README).
_STRINGS.update({
    "pack_caption": {"en": "Caption:", "sv": "Figurtext:"},
    "pack_alt_text": {"en": "Alt text:", "sv": "Alternativ text:"},
    "pack_title": {"en": "Figures from a re-analysis of the numbers in the review of Värmlandsstrategin 2040",
                   "sv": "Figurer från en ny analys av siffrorna i översynen av Värmlandsstrategin 2040"},
    "pack_intro": {
        "en": "Every figure is here three times: PNG (300 dpi) to insert in Word (Insert > Pictures), SVG and PDF "
              "to scale without loss. The .txt file of the same name holds its caption and its alt text, ready to "
              "paste (in Word, the alt text is set from the picture's right-click menu). Source of the figures shown: Region "
              "Värmland (2025), Översyn av Värmlandsstrategin 2040; the analysis is ours.",
        "sv": "Varje figur finns här i tre format: PNG (300 dpi) att infoga i Word (Infoga > Bilder), SVG och PDF "
              "som kan skalas utan förlust. Textfilen med samma namn innehåller figurtexten och den alternativa "
              "texten, färdiga att klistra in (i Word anges alternativ text via bildens högerklicksmeny). Källa till "
              "siffrorna: Region Värmland (2025), Översyn av Värmlandsstrategin 2040; analysen är vår.",
    },
    "pack_size": {"en": "{width} × {height} cm at 300 dpi", "sv": "{width} × {height} cm vid 300 dpi"},
    "pack_count": {"en": "{n} figures", "sv": "{n} figurer"},
})
