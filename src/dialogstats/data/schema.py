"""The machine-readable form of ``docs/codebook.md``: columns, allowed values, keys and pandera schemas.

Each raw table is described column by column (:class:`ColumnSpec`), in the codebook's order.
From these descriptions come

- the pandera :class:`~pandera.api.pandas.container.DataFrameSchema` of each table *after loading*
  (:func:`table_schema`): dtypes, allowed values, id syntax, ranges, lengths and primary keys;
- the keys and references that pandera cannot express across tables (:data:`PRIMARY_KEYS`,
  :data:`FOREIGN_KEYS`, :data:`LOCATED_NUMBERS`), checked by :mod:`dialogstats.data.rawdata`.

After loading, text columns hold ``str`` (``""`` when empty), integer columns the nullable
``"Int64"`` dtype, percentages ``float64`` with NaN, and booleans ``bool``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from typing import TYPE_CHECKING

from dialogstats.checks import ID_PATTERN, check_lang

if TYPE_CHECKING:  # pandas and pandera load only where a schema is built: reading a file's header needs neither
    import pandas as pd
    import pandera.pandas as pa

TABLES: tuple[str, ...] = ("dialogues", "groups", "questions", "responses", "constructs", "claims")

OPTION_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
"""Answer options may also start with a digit and contain ``-`` (``1-2``, ``3``, ``4-5``)."""
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""ISO 8601 calendar date, possibly reduced to year-month or year."""

MAX_LOCATOR_LENGTH = 60
MAX_LABEL_LENGTH = 60
MAX_CLAIM_LABEL_LENGTH = 50
"""A claim's short label stands in a figure's row, so it is shorter than a question's."""
LIST_SEPARATOR = ";"

DIALOGUE_KINDS = ("meeting", "professional_network", "political_committee", "civil_society", "county_board")
COLLECTIONS = ("forms", "notes", "none")
THEMES = (
    "implementation",
    "world_impact",
    "annual_cycle",
    "perspectives",
    "energy",
    "preparedness",
    "digitalisation",
    "health_promotion",
    "children_young",
    "geography",
    "missions",
    "knowledge",
    "review_outcome",
)
RESPONSE_TYPES = ("yes_no", "yes_no_other", "single_choice", "multi_select", "likert5", "coded_free_text")
PERCENT_BASES = ("respondents", "answers", "unknown")
COMPARABILITY = ("same_wording", "similar_wording", "different_wording")
CLAIM_CHECKS = (
    "majority", "minority", "largest_option", "largest_question", "sum_of_options", "exceeds",
    "consistency", "ranking", "magnitude", "share_statement", "no_figures",
)
"""A claim's machine-checkable form (``docs/claims.md`` gives the reading, ``dialogstats.analysis.claims`` the rules)."""
CLAIM_CHAPTERS = ("summary", "process", "dialogues", "analysis", "footnote")
"""What the part of the report holding a claim does (``docs/claims.md`` maps the report's headings to these)."""
CLAIM_AREAS = THEMES + ("evidence",)
"""A claim's area: a theme of the questions, or ``evidence`` for a statement about the evidence itself."""
CONDITION_PATTERN = r"^(majority|minority|majority_in_most|response_rate|small_groups:(all|any)|(top|bottom|position):[1-9][0-9]*)$"
"""The parameter of a ``consistency``, ``ranking`` or ``magnitude`` claim (see ``docs/codebook.md``)."""

Kind = Literal[
    "id", "option", "text", "label", "claim_label", "locator", "integer", "percent", "boolean", "choice", "date",
    "id_list", "option_list", "asked_if", "condition",
]
TEXT_KINDS = frozenset(
    {"id", "option", "text", "label", "claim_label", "locator", "choice", "date", "id_list", "option_list",
     "asked_if", "condition"}
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a raw table: its name, kind of value, whether it may be empty, and allowed values."""

    name: str
    kind: Kind
    required: bool = False
    allowed: tuple[str, ...] = ()

    @property
    def dtype(self) -> str:
        """The pandas dtype of the column after loading."""
        return {"integer": "Int64", "percent": "float64", "boolean": "bool"}.get(self.kind, "str")


def _id(name: str, required: bool = True) -> ColumnSpec:
    return ColumnSpec(name, "id", required)


def _choice(name: str, allowed: tuple[str, ...]) -> ColumnSpec:
    return ColumnSpec(name, "choice", True, allowed)


COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "dialogues": (
        _id("dialogue_id"),
        ColumnSpec("name_sv", "text", required=True),
        ColumnSpec("name_en", "text", required=True),
        _choice("kind", DIALOGUE_KINDS),
        ColumnSpec("date", "date"),
        ColumnSpec("attendees", "integer"),
        ColumnSpec("respondents", "integer"),
        ColumnSpec("response_rate_reported", "percent"),
        _choice("collection", COLLECTIONS),
        ColumnSpec("has_figures", "boolean", required=True),
        ColumnSpec("note", "text"),
        ColumnSpec("locator_attendees", "locator"),
        ColumnSpec("locator_respondents", "locator"),
        ColumnSpec("locator_response_rate", "locator"),
    ),
    "groups": (
        _id("dialogue_id"),
        _id("group_id"),
        ColumnSpec("name_en", "text", required=True),
        ColumnSpec("name_sv", "text", required=True),
        ColumnSpec("members", "integer"),
        ColumnSpec("locator_members", "locator"),
    ),
    "questions": (
        _id("question_id"),
        _id("dialogue_id"),
        _id("group_id"),
        _choice("theme", THEMES),
        ColumnSpec("text_en", "text"),
        ColumnSpec("label_en", "label", required=True),
        ColumnSpec("label_sv", "label", required=True),
        _choice("response_type", RESPONSE_TYPES),
        ColumnSpec("multi_select", "boolean", required=True),
        _choice("percent_base", PERCENT_BASES),
        ColumnSpec("n_reported", "integer"),
        ColumnSpec("nonresponse_reported", "integer"),
        ColumnSpec("answers_total_reported", "integer"),
        ColumnSpec("asked_if", "asked_if"),
        _id("construct", required=False),
        ColumnSpec("locator_n", "locator"),
        ColumnSpec("locator_nonresponse", "locator"),
        ColumnSpec("locator_answers_total", "locator"),
    ),
    "responses": (
        _id("question_id"),
        ColumnSpec("option", "option", required=True),
        ColumnSpec("label_en", "text", required=True),
        ColumnSpec("label_sv", "text", required=True),
        ColumnSpec("count", "integer"),
        ColumnSpec("percent_reported", "percent"),
        ColumnSpec("approx", "boolean", required=True),
        ColumnSpec("combines", "option_list"),
        ColumnSpec("locator", "locator"),
        ColumnSpec("note", "text"),
    ),
    "constructs": (
        _id("construct"),
        ColumnSpec("label_en", "text", required=True),
        ColumnSpec("label_sv", "text", required=True),
        ColumnSpec("description_en", "text"),
        _choice("comparability", COMPARABILITY),
        ColumnSpec("comparability_note", "text"),
    ),
    "claims": (
        _id("claim_id"),
        _id("statement_id"),
        _choice("chapter", CLAIM_CHAPTERS),
        _choice("area", CLAIM_AREAS),
        _id("dialogue_id", required=False),
        ColumnSpec("question_ids", "id_list"),
        _choice("check", CLAIM_CHECKS),
        ColumnSpec("check_option", "option_list"),
        ColumnSpec("condition", "condition"),
        ColumnSpec("claim_en", "text", required=True),
        ColumnSpec("claim_sv", "text", required=True),
        ColumnSpec("label_en", "claim_label", required=True),
        ColumnSpec("label_sv", "claim_label", required=True),
        ColumnSpec("figure_reported", "text"),
        ColumnSpec("locator", "locator", required=True),
        ColumnSpec("marker", "text"),
        ColumnSpec("reference", "text"),
        ColumnSpec("note", "text"),
    ),
}

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "dialogues": ("dialogue_id",),
    "groups": ("dialogue_id", "group_id"),
    "questions": ("question_id",),
    "responses": ("question_id", "option"),
    "constructs": ("construct",),
    "claims": ("claim_id",),
}

ROWS_REQUIRED: frozenset[str] = frozenset({"dialogues", "groups", "questions", "responses"})
"""Tables that must have at least one data row (``constructs`` and ``claims`` may be header-only)."""


@dataclass(frozen=True)
class ForeignKey:
    """``table.columns`` must name an existing row of ``ref_table.ref_columns`` (``what`` names it in messages).

    With ``is_list`` the single column holds ``;``-separated ids, each of which must exist.
    """

    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    what: str
    is_list: bool = False


FOREIGN_KEYS: tuple[ForeignKey, ...] = (
    ForeignKey("groups", ("dialogue_id",), "dialogues", ("dialogue_id",), "dialogue"),
    ForeignKey("questions", ("dialogue_id",), "dialogues", ("dialogue_id",), "dialogue"),
    ForeignKey("questions", ("dialogue_id", "group_id"), "groups", ("dialogue_id", "group_id"), "group"),
    ForeignKey("questions", ("construct",), "constructs", ("construct",), "construct"),
    ForeignKey("responses", ("question_id",), "questions", ("question_id",), "question"),
    ForeignKey("claims", ("dialogue_id",), "dialogues", ("dialogue_id",), "dialogue"),
    ForeignKey("claims", ("question_ids",), "questions", ("question_id",), "question", is_list=True),
    ForeignKey("claims", ("statement_id",), "claims", ("claim_id",), "claim"),
)
"""References between tables. Option references (``asked_if``, ``combines``, ``check_option``) are
checked in :mod:`dialogstats.data.rawdata` because they depend on the referring row's question."""

LOCATED_NUMBERS: dict[str, dict[str, tuple[str, ...]]] = {
    "dialogues": {
        "locator_attendees": ("attendees",),
        "locator_respondents": ("respondents",),
        "locator_response_rate": ("response_rate_reported",),
    },
    "groups": {"locator_members": ("members",)},
    "questions": {
        "locator_n": ("n_reported",),
        "locator_nonresponse": ("nonresponse_reported",),
        "locator_answers_total": ("answers_total_reported",),
    },
    "responses": {"locator": ("count", "percent_reported")},
    "claims": {"locator": ("figure_reported",)},
}
"""For each locator column, the number column(s) it locates: a printed number needs a locator."""


def column_names(table: str) -> tuple[str, ...]:
    """The columns of ``table`` in the codebook's order."""
    return tuple(spec.name for spec in COLUMNS[table])


def column_spec(table: str, column: str) -> ColumnSpec:
    """The description of one column."""
    for spec in COLUMNS[table]:
        if spec.name == column:
            return spec
    raise KeyError(f"{table}.{column}")


def file_name(table: str) -> str:
    """The table's file name inside the raw folder."""
    return f"{table}.csv"


def _is_iso_date(value: str) -> bool:
    if value == "":
        return True
    if not re.fullmatch(DATE_PATTERN, value):
        return False
    parts = [int(p) for p in value.split("-")]
    year, month, day = parts + [1] * (3 - len(parts))
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _matches(pattern: str, value: str) -> bool:
    return value == "" or re.fullmatch(pattern, value) is not None


def _list_matches(pattern: str, value: str) -> bool:
    return value == "" or all(re.fullmatch(pattern, part) for part in value.split(LIST_SEPARATOR))


def _asked_if_matches(value: str) -> bool:
    if value == "":
        return True
    question, sep, option = value.partition(":")
    if not sep:
        return False
    return re.fullmatch(ID_PATTERN, question) is not None and re.fullmatch(OPTION_PATTERN, option) is not None


def _element_check(fn: Callable[[str], bool], error: str) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check(fn, element_wise=True, error=error)


def _holds_text(values: pd.Series) -> pd.Series:
    return values.map(type).eq(str)


def _column_checks(spec: ColumnSpec) -> list[pa.Check]:
    import pandera.pandas as pa

    checks: list[pa.Check] = []
    if spec.dtype == "str":
        # pandera's own ``str`` dtype check is slow on object columns; this vectorised check is equivalent.
        checks.append(pa.Check(_holds_text, error="must be text"))
    if spec.required and spec.kind in TEXT_KINDS:
        checks.append(_element_check(lambda v: v != "", "is empty; a value is required"))
    if spec.kind == "id":
        checks.append(
            _element_check(
                lambda v: _matches(ID_PATTERN, v),
                "is not a valid id (lower-case ASCII letter first, then a-z, 0-9 or '_')",
            )
        )
    elif spec.kind == "option":
        checks.append(
            _element_check(
                lambda v: _matches(OPTION_PATTERN, v),
                "is not a valid option id (lower-case a-z, 0-9, '_' or '-', not starting with '_' or '-')",
            )
        )
    elif spec.kind == "choice":
        allowed = spec.allowed
        checks.append(_element_check(lambda v: v == "" or v in allowed, f"must be one of: {', '.join(allowed)}"))
    elif spec.kind == "date":
        checks.append(_element_check(_is_iso_date, "must be an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)"))
    elif spec.kind == "locator":
        checks.append(
            _element_check(
                lambda v: len(v) <= MAX_LOCATOR_LENGTH,
                f"locator is longer than {MAX_LOCATOR_LENGTH} characters; shorten it to the part that holds the number",
            )
        )
    elif spec.kind == "label":
        checks.append(
            _element_check(lambda v: len(v) <= MAX_LABEL_LENGTH, f"label is longer than {MAX_LABEL_LENGTH} characters")
        )
    elif spec.kind == "claim_label":
        checks.append(
            _element_check(
                lambda v: len(v) <= MAX_CLAIM_LABEL_LENGTH, f"label is longer than {MAX_CLAIM_LABEL_LENGTH} characters"
            )
        )
    elif spec.kind == "condition":
        checks.append(
            _element_check(
                lambda v: _matches(CONDITION_PATTERN, v),
                "must be majority, minority, majority_in_most, response_rate, small_groups:all, small_groups:any, "
                "top:k, bottom:k or position:k",
            )
        )
    elif spec.kind == "id_list":
        checks.append(
            _element_check(lambda v: _list_matches(ID_PATTERN, v), "must be ids separated by ';' (no spaces)")
        )
    elif spec.kind == "option_list":
        checks.append(
            _element_check(
                lambda v: _list_matches(OPTION_PATTERN, v), "must be option ids separated by ';' (no spaces)"
            )
        )
    elif spec.kind == "asked_if":
        checks.append(_element_check(_asked_if_matches, "must be 'question_id:option'"))
    elif spec.kind == "integer":
        checks.append(pa.Check.ge(0, error="must not be negative"))
    elif spec.kind == "percent":
        checks.append(pa.Check.in_range(0, 100, error="percentage must be between 0 and 100"))
    return checks


@lru_cache(maxsize=None)
def table_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of a loaded raw table: dtypes, value rules and its primary key.

    Integer and percent columns are nullable (empty = not printed); text columns are never null
    (empty text is ``""``). Duplicated primary keys are reported from their second occurrence on.
    """
    import pandera.pandas as pa

    key = PRIMARY_KEYS[table]
    columns = {
        spec.name: pa.Column(
            object if spec.dtype == "str" else spec.dtype,
            checks=_column_checks(spec),
            nullable=spec.kind in ("integer", "percent"),
            unique=len(key) == 1 and spec.name == key[0],
            report_duplicates="exclude_first",
        )
        for spec in COLUMNS[table]
    }
    return pa.DataFrameSchema(
        columns,
        name=table,
        strict=True,
        ordered=True,
        unique=list(key) if len(key) > 1 else None,
        report_duplicates="exclude_first",
    )


def label_column(lang: str) -> str:
    """Name of the label column of questions, options and constructs in ``lang``: ``label_en`` or ``label_sv``."""
    return f"label_{check_lang(lang)}"


def name_column(lang: str) -> str:
    """Name of the name column of dialogues and groups in ``lang``: ``name_en`` or ``name_sv``."""
    return f"name_{check_lang(lang)}"
