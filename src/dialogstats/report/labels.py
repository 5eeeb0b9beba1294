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
    "status_ambiguous": {"en": "ambiguous", "sv": "tvetydig"},
    "status_not_checkable": {"en": "not checkable", "sv": "kan inte kontrolleras"},
    "and": {"en": "and", "sv": "och"},
    "no_denominator": {"en": "no n fits*", "sv": "inget n passar*"},
    "title_audit": {"en": "Checks of the printed figures", "sv": "Kontroller av de redovisade siffrorna"},
    "title_coverage_by_method": {"en": "Exact coverage by interval method", "sv": "Exakt täckningsgrad per intervallmetod"},
    "title_coverage_at_n": {"en": "Exact coverage at the report's numbers of respondents", "sv": "Exakt täckningsgrad vid rapportens antal svarande"},
    "title_nonresponse": {"en": "Shares among respondents and among everyone present", "sv": "Andelar bland svarande och bland alla närvarande"},
    "title_design_effect": {"en": "Interval width when answers within groups are correlated", "sv": "Intervallbredd när svaren inom grupper är korrelerade"},
    "of": {"en": "of", "sv": "av"},
}

_METHOD_NAMES: dict[str, dict[str, str]] = {
    "wilson": {"en": "Wilson score", "sv": "Wilson (score)"},
    "blaker": {"en": "Blaker exact", "sv": "Blaker (exakt)"},
    "jeffreys": {"en": "Jeffreys", "sv": "Jeffreys"},
    "clopper_pearson": {"en": "Clopper-Pearson exact", "sv": "Clopper-Pearson (exakt)"},
    "agresti_coull": {"en": "Agresti-Coull", "sv": "Agresti-Coull"},
    "mid_p": {"en": "mid-p exact", "sv": "mid-p (exakt)"},
    "wald": {"en": "Wald", "sv": "Wald"},
    "goodman": {"en": "Goodman simultaneous", "sv": "Goodman (simultant)"},
    "sison_glaz": {"en": "Sison-Glaz simultaneous", "sv": "Sison-Glaz (simultant)"},
    "newcombe": {"en": "Newcombe hybrid score", "sv": "Newcombe (hybrid score)"},
    "agresti_caffo": {"en": "Agresti-Caffo", "sv": "Agresti-Caffo"},
    "fisher": {"en": "Fisher exact", "sv": "Fishers exakta test"},
    "boschloo": {"en": "Boschloo exact", "sv": "Boschloos exakta test"},
    "fisher_freeman_halton": {"en": "Fisher-Freeman-Halton exact", "sv": "Fisher-Freeman-Haltons exakta test"},
    "ordinal": {"en": "exact ordinal (rank) test", "sv": "exakt ordinalt (rang)test"},
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


def format_number(value: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals, decimal comma in Swedish; ``"–"`` for a missing value.

    Rounding is half away from zero on the decimal value (``2.5 -> 3``), as a reader would round.
    """
    check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    scaled = abs(float(value)) * 10**digits
    rounded = math.floor(scaled + 0.5 + 1e-9) / 10**digits
    rounded = math.copysign(rounded, float(value)) if rounded != 0 else 0.0
    out = f"{rounded:.{digits}f}"
    return out.replace(".", ",") if lang == "sv" else out


def format_percent(share: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.861 -> "86%"`` (en) or ``"86 %"`` (sv)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    number = format_number(100 * share, lang, digits)
    return f"{number} %" if lang == "sv" else f"{number}%"


def format_interval(low: float, high: float, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """An interval of shares as percentages, ``"71–94%"`` (en) or ``"71–94 %"`` (sv)."""
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (low, high)):
        return "–"
    a, b = format_number(100 * low, lang, digits), format_number(100 * high, lang, digits)
    return f"{a}–{b} %" if lang == "sv" else f"{a}–{b}%"


def confidence_label(confidence: float, lang: str = DEFAULT_LANG) -> str:
    """``0.95 -> "95% CI"`` (en) or ``"95 % KI"`` (sv)."""
    level = format_percent(confidence, lang, digits=0 if round(100 * confidence, 6).is_integer() else 1)
    return f"{level} {text('ci_abbrev', lang)}"
