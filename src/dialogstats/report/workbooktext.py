"""Words of the tables workbook in English and Swedish: sheet names, column headers and their meanings.

Headers the paper's tables already use come from :data:`dialogstats.report.papertables.HEADERS`;
this module adds the workbook's own (interval limits, p-values, bounds) and, for every column
of every sheet, a sentence saying what it holds. Sentences may name the run's interval method
(``{method}``) and confidence level (``{level}``), which :func:`column_meaning` fills in.
"""

from __future__ import annotations

from dialogstats.checks import check_lang, check_name
from dialogstats.report.papertables import HEADERS

#: Sheets in their order in the workbook (the first explains the others).
SHEETS: tuple[str, ...] = ("about", "shares", "audit", "claims", "comparisons", "bounds")

SHEET_NAMES: dict[str, dict[str, str]] = {
    "about": {"en": "About these tables", "sv": "Om tabellerna"},
    "shares": {"en": "Shares", "sv": "Andelar"},
    "audit": {"en": "Checks of the figures", "sv": "Kontroller av siffrorna"},
    "claims": {"en": "Claims", "sv": "Påståenden"},
    "comparisons": {"en": "Comparisons", "sv": "Jämförelser"},
    "bounds": {"en": "Nonresponse bounds", "sv": "Bortfallsgränser"},
}

#: What each sheet holds ({n}: its number of rows).
SHEET_CONTENTS: dict[str, dict[str, str]] = {
    "shares": {
        "en": "Every printed option of every question ({n} rows): count, denominator, share and its confidence "
              "interval ({level}, {method}, the interval method of this run).",
        "sv": "Varje redovisat svarsalternativ i varje fråga ({n} rader): antal, nämnare, andel och dess "
              "konfidensintervall ({level}, {method}, den här körningens intervallmetod).",
    },
    "audit": {
        "en": "Every check of the report's printed figures ({n} rows), including those that agree: the ones that "
              "do not agree come first. Filter the column Outcome to see one kind.",
        "sv": "Alla kontroller av rapportens redovisade siffror ({n} rader), även de som stämmer: de som inte "
              "stämmer kommer först. Filtrera på kolumnen Utfall för att se en sort.",
    },
    "claims": {
        "en": "The report's quantitative claims ({n} rows), the estimate each rests on, its verdict and why.",
        "sv": "Rapportens kvantitativa påståenden ({n} rader), skattningen som vart och ett vilar på, "
              "bedömningen och varför.",
    },
    "comparisons": {
        "en": "Questions asked in two dialogues or groups, compared ({n} rows, one per option and exact test): "
              "difference of the shares with its interval, and p-values.",
        "sv": "Frågor som ställdes i två dialoger eller grupper, jämförda ({n} rader, en per svarsalternativ och "
              "exakt test): skillnaden mellan andelarna med sitt intervall, och p-värden.",
    },
    "bounds": {
        "en": "Where the number of people present is printed ({n} rows): the share among those who answered, "
              "beside bounds and an interval for everyone present.",
        "sv": "Där antalet närvarande är redovisat ({n} rader): andelen bland dem som svarade, bredvid gränser "
              "och ett intervall för alla närvarande.",
    },
}

#: Headers of the workbook's own columns (the others are in papertables.HEADERS).
_HEADERS: dict[str, dict[str, str]] = {
    "group": {"en": "Group", "sv": "Grupp"},
    "basis": {"en": "Share of", "sv": "Andel av"},
    "ci_low": {"en": "Interval, lower limit", "sv": "Intervall, nedre gräns"},
    "ci_high": {"en": "Interval, upper limit", "sv": "Intervall, övre gräns"},
    "status": {"en": "Outcome", "sv": "Utfall"},
    "questions": {"en": "Questions", "sv": "Frågor"},
    "claim_kind": {"en": "What the claim says", "sv": "Vad påståendet säger"},
    "claim_share": {"en": "Share (estimate)", "sv": "Andel (skattning)"},
    "claim_difference": {"en": "Difference (percentage points)", "sv": "Skillnad (procentenheter)"},
    "difference_low": {"en": "Difference, lower limit", "sv": "Skillnad, nedre gräns"},
    "difference_high": {"en": "Difference, upper limit", "sv": "Skillnad, övre gräns"},
    "diff": {"en": "A minus B (percentage points)", "sv": "A minus B (procentenheter)"},
    "test": {"en": "Exact test", "sv": "Exakt test"},
    "p_value": {"en": "p-value", "sv": "p-värde"},
    "p_adjusted": {"en": "p-value adjusted (Holm)", "sv": "p-värde justerat (Holm)"},
    "population": {"en": "People present", "sv": "Närvarande"},
    "respondent_share": {"en": "Share of respondents", "sv": "Andel av de svarande"},
    "manski_low": {"en": "Bound among all present, lower", "sv": "Gräns bland alla närvarande, nedre"},
    "manski_high": {"en": "Bound among all present, upper", "sv": "Gräns bland alla närvarande, övre"},
    "fpc_low": {"en": "Interval among all present, lower", "sv": "Intervall bland alla närvarande, nedre"},
    "fpc_high": {"en": "Interval among all present, upper", "sv": "Intervall bland alla närvarande, övre"},
}

_PLACE = {
    "dialogue": {"en": "The dialogue (meeting, network or committee) the question was put to.",
                 "sv": "Dialogen (mötet, nätverket eller nämnden) där frågan ställdes."},
    "group": {"en": "The thematic group of the work meeting, or “whole dialogue”.",
              "sv": "Temagruppen på arbetsmötet, eller ”hela dialogen”."},
    "question": {"en": "Our short label of the question.", "sv": "Vår korta beteckning på frågan."},
    "option": {"en": "The answer option.", "sv": "Svarsalternativet."},
}
_LIMITS = {
    "ci_low": {"en": "Lower limit of the confidence interval of the share ({level}, {method}).",
               "sv": "Nedre gräns för andelens konfidensintervall ({level}, {method})."},
    "ci_high": {"en": "Upper limit of the confidence interval of the share ({level}, {method}).",
                "sv": "Övre gräns för andelens konfidensintervall ({level}, {method})."},
}

#: Per sheet, its columns in order with what each holds.
COLUMNS: dict[str, dict[str, dict[str, str]]] = {
    "shares": {
        **_PLACE,
        "count": {"en": "Number who chose the option, as printed; empty where the report printed only a percentage.",
                  "sv": "Antal som valde alternativet enligt rapporten; tomt där rapporten bara anger procent."},
        "n": {"en": "Denominator of the share: the printed number of respondents, or the number of ticks where the "
                    "percentages are shares of ticks. Where no denominator is printed: the number of respondents if "
                    "it gives the printed percentages, otherwise the smallest number that does.",
              "sv": "Andelens nämnare: redovisat antal svarande, eller antal kryss där procenttalen är andelar av "
                    "kryssen. Där ingen nämnare redovisas: antalet svarande om det ger de redovisade procenttalen, "
                    "annars det minsta antal som gör det."},
        "basis": {"en": "Whether the share is one of respondents (people) or of answers (ticks of a question where "
                        "one person could tick several options).",
                  "sv": "Om andelen avser svarande (personer) eller svar (kryss i en fråga där en person kunde "
                        "kryssa i flera alternativ)."},
        "share": {"en": "Count divided by n; the printed percentage where no count is printed.",
                  "sv": "Antal delat med n; den redovisade procentsatsen där inget antal redovisas."},
        **_LIMITS,
    },
    "audit": {
        "dialogue": _PLACE["dialogue"],
        "group": _PLACE["group"],
        "question": {"en": "Our short label of the question; empty for a check of the whole dialogue.",
                     "sv": "Vår korta beteckning på frågan; tomt för en kontroll av hela dialogen."},
        "option": {"en": "The answer option; empty for a check of the whole question.",
                   "sv": "Svarsalternativet; tomt för en kontroll av hela frågan."},
        "check": {"en": "What was compared with what.", "sv": "Vad som jämfördes med vad."},
        "status": {"en": "consistent: the printed figures agree; inconsistent: they cannot all be right as printed; "
                         "ambiguous: they agree only under an assumption the report does not settle; not checkable: "
                         "a number the check needs is not printed.",
                   "sv": "stämmer: de redovisade siffrorna går ihop; stämmer inte: de kan inte alla vara riktiga; "
                         "kan läsas på flera sätt: de går ihop bara under ett antagande som rapporten inte avgör; kan inte "
                         "kontrolleras: ett tal som kontrollen behöver är inte redovisat."},
        "printed": {"en": "The figure as printed in the report.", "sv": "Siffran som den står i rapporten."},
        "recomputed": {"en": "What the other printed figures give in its place (several values where the rounding "
                             "or the denominator is not known).",
                       "sv": "Vad rapportens övriga siffror ger i stället (flera värden där avrundningen eller "
                             "nämnaren inte är känd)."},
    },
    "claims": {
        "claim": {"en": "Our paraphrase of the claim.", "sv": "Vår omskrivning av påståendet."},
        "dialogue": {"en": "The dialogue the claim is about.", "sv": "Dialogen som påståendet gäller."},
        "questions": {"en": "The questions whose figures the claim rests on.",
                      "sv": "Frågorna vars siffror påståendet vilar på."},
        "locator": {"en": "A short verbatim snippet of the report's Swedish text: search for it to find the claim.",
                    "sv": "Ett kort ordagrant citat ur rapporten: sök på det för att hitta påståendet."},
        "figure_stated": {"en": "The figure as the claim states it.", "sv": "Siffran som påståendet anger den."},
        "claim_kind": {"en": "What the claim asserts, in the form the figures can test.",
                       "sv": "Vad påståendet hävdar, i den form siffrorna kan pröva."},
        "claim_share": {"en": "The share the verdict turns on (empty for a comparison or where the figures give "
                              "none).",
                        "sv": "Andelen som bedömningen avgörs av (tomt för en jämförelse eller där siffrorna inte "
                              "ger någon)."},
        "ci_low": {"en": "Lower limit of its confidence interval ({level}, {method}).",
                   "sv": "Nedre gräns för dess konfidensintervall ({level}, {method})."},
        "ci_high": {"en": "Upper limit of its confidence interval ({level}, {method}).",
                    "sv": "Övre gräns för dess konfidensintervall ({level}, {method})."},
        "claim_difference": {"en": "For a claim that compares: the difference of the two shares, in percentage "
                                   "points.",
                             "sv": "För ett påstående som jämför: skillnaden mellan de två andelarna, i "
                                   "procentenheter."},
        "difference_low": {"en": "Lower limit of the difference's interval ({level}, {newcombe}).",
                           "sv": "Nedre gräns för skillnadens intervall ({level}, {newcombe})."},
        "difference_high": {"en": "Upper limit of the difference's interval ({level}, {newcombe}).",
                            "sv": "Övre gräns för skillnadens intervall ({level}, {newcombe})."},
        "n": {"en": "Number of respondents behind the estimate.", "sv": "Antal svarande bakom skattningen."},
        "verdict": {"en": "supported: the interval lies on the side the claim needs; not supported at this n: it "
                          "reaches the other side; cannot be checked: the figures give no share of people or no "
                          "direction; rests on inconsistent figures: the checks find the figures contradictory.",
                    "sv": "stöds: intervallet ligger på den sida påståendet kräver; stöds inte vid så få svar: det "
                          "når den andra sidan; kan inte prövas: siffrorna ger ingen andel personer eller ingen "
                          "riktning; vilar på motstridiga siffror: kontrollerna finner siffrorna motstridiga."},
        "why": {"en": "Why the claim got its verdict, in short.", "sv": "Varför påståendet fick sin bedömning, i korthet."},
    },
    "comparisons": {
        "construct": {"en": "What the compared questions measure (our label).",
                      "sv": "Vad de jämförda frågorna mäter (vår beteckning)."},
        "option": {"en": "The option compared; “all options” for a test of the whole distribution of answers.",
                   "sv": "Alternativet som jämförs; ”alla alternativ” för ett test av hela svarsfördelningen."},
        "a": {"en": "The first dialogue or group compared.", "sv": "Den första dialogen eller gruppen i jämförelsen."},
        "b": {"en": "The second dialogue or group compared.", "sv": "Den andra dialogen eller gruppen i jämförelsen."},
        "share_a": {"en": "Share choosing the option in A.", "sv": "Andel som valde alternativet i A."},
        "share_b": {"en": "Share choosing the option in B.", "sv": "Andel som valde alternativet i B."},
        "diff": {"en": "Share in A minus share in B, in percentage points.",
                 "sv": "Andelen i A minus andelen i B, i procentenheter."},
        "difference_low": {"en": "Lower limit of the difference's interval ({level}, {newcombe}).",
                           "sv": "Nedre gräns för skillnadens intervall ({level}, {newcombe})."},
        "difference_high": {"en": "Upper limit of the difference's interval ({level}, {newcombe}).",
                            "sv": "Övre gräns för skillnadens intervall ({level}, {newcombe})."},
        "test": {"en": "The exact test: Fisher's and Boschloo's for one option against the rest, Fisher-Freeman-"
                       "Halton for the whole distribution, a rank test for the five-point scale.",
                 "sv": "Det exakta testet: Fishers och Boschloos för ett alternativ mot övriga, Fisher-Freeman-"
                       "Haltons för hela fördelningen, ett rangtest för den femgradiga skalan."},
        "p_value": {"en": "Two-sided p-value of the test.", "sv": "Testets tvåsidiga p-värde."},
        "p_adjusted": {"en": "The p-value adjusted for the many tests (Holm's method, within each kind of test "
                             "across the sheet).",
                       "sv": "P-värdet justerat för de många testen (Holms metod, inom varje slags test över hela "
                             "bladet)."},
    },
    "bounds": {
        **_PLACE,
        "count": {"en": "Number who chose the option, as printed.", "sv": "Antal som valde alternativet enligt rapporten."},
        "respondents": {"en": "Number who answered the question.", "sv": "Antal som besvarade frågan."},
        "population": {"en": "Printed number of people present: the group's members or the dialogue's attendees.",
                       "sv": "Redovisat antal närvarande: gruppens medlemmar eller dialogens deltagare."},
        "respondent_share": {"en": "Count divided by the number who answered.",
                             "sv": "Antal delat med antalet som svarade."},
        "ci_low": {"en": "Lower limit of the confidence interval among respondents ({level}, {method}), which "
                         "treats them as a random sample.",
                   "sv": "Nedre gräns för konfidensintervallet bland de svarande ({level}, {method}), som "
                         "behandlar dem som ett slumpmässigt urval."},
        "ci_high": {"en": "Upper limit of the same interval.", "sv": "Övre gräns för samma intervall."},
        "manski_low": {"en": "Share among everyone present if nobody who stayed silent chose the option (Manski "
                             "bounds: nothing is assumed about them).",
                       "sv": "Andel bland alla närvarande om ingen av dem som inte svarade valde alternativet "
                             "(Manskis gränser: inget antas om dem)."},
        "manski_high": {"en": "Share among everyone present if all who stayed silent chose it.",
                        "sv": "Andel bland alla närvarande om alla som inte svarade valde det."},
        "fpc_low": {"en": "Lower limit of the interval for everyone present if those who answered are a random "
                          "part of them (finite-population correction).",
                    "sv": "Nedre gräns för intervallet för alla närvarande om de som svarade är en slumpmässig del "
                          "av dem (korrektion för ändlig population)."},
        "fpc_high": {"en": "Upper limit of the same interval.", "sv": "Övre gräns för samma intervall."},
    },
}

#: Words of the first sheet.
ABOUT: dict[str, dict[str, str]] = {
    "title": {"en": "Tables of a re-analysis of the figures in the review of Värmlandsstrategin 2040",
              "sv": "Tabeller från en ny analys av siffrorna i översynen av Värmlandsstrategin 2040"},
    "source": {"en": "Source", "sv": "Källa"},
    "source_text": {"en": "Region Värmland (2025): Översyn av Värmlandsstrategin 2040. The figures are the "
                          "report's; labels, paraphrases and the analysis are ours.",
                    "sv": "Region Värmland (2025): Översyn av Värmlandsstrategin 2040. Siffrorna är rapportens; "
                          "beteckningar, omskrivningar och analysen är våra."},
    "method": {"en": "Interval method", "sv": "Intervallmetod"},
    "confidence": {"en": "Confidence level", "sv": "Konfidensnivå"},
    "commit": {"en": "Version of the code (git commit)", "sv": "Kodens version (git-commit)"},
    "python": {"en": "Python version", "sv": "Python-version"},
    "packages": {"en": "Package versions", "sv": "Paketversioner"},
    "numbers": {"en": "Numbers", "sv": "Tal"},
    "numbers_text": {"en": "Shares are stored as numbers between 0 and 1 and shown as percentages, differences in "
                           "percentage points; an empty cell means not printed or not defined. The spreadsheet "
                           "program shows a decimal point or comma by its own settings.",
                     "sv": "Andelar lagras som tal mellan 0 och 1 och visas som procent, skillnader i "
                           "procentenheter; en tom cell betyder att värdet inte är redovisat eller inte definierat. "
                           "Kalkylprogrammet visar decimalkomma eller decimalpunkt efter sina egna inställningar."},
    "sheet": {"en": "Sheet", "sv": "Blad"},
    "contents": {"en": "What it holds", "sv": "Innehåll"},
    "column": {"en": "Column", "sv": "Kolumn"},
    "meaning": {"en": "Meaning", "sv": "Betydelse"},
}


def sheet_name(sheet: str, lang: str) -> str:
    """The name of a sheet in ``lang``."""
    return SHEET_NAMES[check_name(sheet, SHEETS, "sheet")][check_lang(lang)]


def column_header(key: str, lang: str) -> str:
    """A column header in ``lang``: the workbook's own, else the paper's (:data:`HEADERS`)."""
    lang = check_lang(lang)
    table = _HEADERS if key in _HEADERS else HEADERS
    return table[check_name(key, [*_HEADERS, *HEADERS], "column")][lang]


def column_meaning(sheet: str, key: str, lang: str, **values: str) -> str:
    """What column ``key`` of ``sheet`` holds, in ``lang``, with ``{method}``, ``{level}``, ``{newcombe}`` filled in."""
    columns = COLUMNS[check_name(sheet, list(COLUMNS), "sheet")]
    return columns[check_name(key, list(columns), f"column of sheet {sheet!r}")][check_lang(lang)].format(**values)


def about(key: str, lang: str) -> str:
    """A word or sentence of the first sheet in ``lang``."""
    return ABOUT[check_name(key, list(ABOUT), "text of the first sheet")][check_lang(lang)]
