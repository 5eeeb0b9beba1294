"""Layer 3 of the validation: rules across tables.

References between tables and options, counts against printed denominators, constructs used at
least twice, questions with responses, dialogues with figures, attendance, and locators (present
for every printed number and found verbatim in the report's text). Each rule takes the typed
tables (``None`` for a file that failed layer 1) and returns the problems it finds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import pandas as pd

from dialogstats.data import schema
from dialogstats.errors import ValidationIssue

_MAX_VALID_LISTED = 12




def _unknown(what: str, name: str, valid: Iterable[str], where: str, of: str = "") -> str:
    """``unknown <what> 'x'[ of ...]; valid: a, b`` (or the closest names when there are many)."""
    valid = sorted(set(valid))
    message = f"unknown {what} {name!r}{of}"
    if len(valid) <= _MAX_VALID_LISTED:
        return message + (f"; valid: {', '.join(valid)}" if valid else f"; {where} has none")
    close = difflib.get_close_matches(name, valid, n=3)
    guess = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return f"{message}{guess} (not among the {len(valid)} in {where})"


def check_foreign_keys(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    issues = []
    for fk in schema.FOREIGN_KEYS:
        frame, ref = tables.get(fk.table), tables.get(fk.ref_table)
        if frame is None or ref is None:
            continue
        name = schema.file_name(fk.table)
        where = schema.file_name(fk.ref_table)
        if fk.is_list:
            valid = set(ref[fk.ref_columns[0]])
            for row, value in frame[fk.columns[0]].items():
                for part in filter(None, value.split(schema.LIST_SEPARATOR)):
                    if part not in valid:
                        issues.append(ValidationIssue(name, row, fk.columns[0], _unknown(fk.what, part, valid, where)))
            continue
        valid_keys = set(ref[list(fk.ref_columns)].itertuples(index=False, name=None))
        if len(fk.columns) > 1:  # e.g. (dialogue_id, group_id): only report the last part when the rest exists
            parents = set(ref[list(fk.ref_columns[:-1])].itertuples(index=False, name=None))
        for row, values in zip(frame.index, frame[list(fk.columns)].itertuples(index=False, name=None)):
            if values[-1] == "" or values in valid_keys:
                continue
            if len(fk.columns) > 1:
                if values[:-1] not in parents:
                    continue  # reported by the foreign key of the parent column
                valid = [k[-1] for k in valid_keys if k[:-1] == values[:-1]]
                of = " of " + ", ".join(f"{c} {v!r}" for c, v in zip(fk.columns[:-1], values[:-1]))
                message = _unknown(fk.what, values[-1], valid, where, of)
            else:
                message = _unknown(fk.what, values[-1], [k[-1] for k in valid_keys], where)
            issues.append(ValidationIssue(name, row, fk.columns[-1], message))
    return issues


def _options_by_question(responses: pd.DataFrame) -> dict[str, set[str]]:
    options: dict[str, set[str]] = {}
    for question, option in zip(responses["question_id"], responses["option"]):
        options.setdefault(question, set()).add(option)
    return options


def check_option_references(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """``asked_if``, ``combines`` and ``check_option`` must name options that exist."""
    questions, responses, claims = tables["questions"], tables["responses"], tables["claims"]
    if responses is None:
        return []
    options = _options_by_question(responses)
    issues = []
    for row, question, combines in zip(responses.index, responses["question_id"], responses["combines"]):
        own = options.get(question, set())
        for part in filter(None, combines.split(schema.LIST_SEPARATOR)):
            own_option = responses.at[row, "option"]
            if part == own_option:
                message = f"option {part!r} cannot combine itself"
                issues.append(ValidationIssue("responses.csv", row, "combines", message))
            elif part not in own:
                message = _unknown("option", part, own - {own_option}, "responses.csv", f" of question {question!r}")
                issues.append(ValidationIssue("responses.csv", row, "combines", message))
    if questions is not None:
        known = set(questions["question_id"])
        for row, question, asked_if in zip(questions.index, questions["question_id"], questions["asked_if"]):
            if not asked_if or ":" not in asked_if:
                continue
            parent, _, option = asked_if.partition(":")
            if parent == question:
                message = "a question cannot follow up on itself"
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
            elif parent not in known:
                message = _unknown("question", parent, known, "questions.csv")
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
            elif option not in options.get(parent, set()):
                valid = options.get(parent, set())
                message = _unknown("option", option, valid, "responses.csv", f" of question {parent!r}")
                issues.append(ValidationIssue("questions.csv", row, "asked_if", message))
    if claims is not None:
        for row, ids, listed in zip(claims.index, claims["question_ids"], claims["check_option"]):
            ids = [q for q in ids.split(schema.LIST_SEPARATOR) if q]
            if not listed or not ids:
                continue
            valid = set().union(*(options.get(q, set()) for q in ids))
            for option in filter(None, listed.split(schema.LIST_SEPARATOR)):
                if valid and option not in valid:
                    message = _unknown("option", option, valid, "responses.csv", " of the claim's questions")
                    issues.append(ValidationIssue("claims.csv", row, "check_option", message))
    return issues


#: Claim checks that test figures, so need the questions they rest on.
CHECKS_WITH_QUESTIONS = frozenset(
    {"majority", "minority", "largest_option", "largest_question", "sum_of_options", "exceeds", "consistency", "ranking"}
)
#: Claim checks that need ``check_option`` (``sum_of_options`` without one sums every supporting option).
CHECKS_WITH_OPTION = CHECKS_WITH_QUESTIONS - {"sum_of_options"}
#: The conditions each claim check allows (empty: none).
CONDITIONS: dict[str, tuple[str, ...]] = {
    "consistency": ("majority", "minority", "majority_in_most"),
    "ranking": ("top:k", "bottom:k", "position:k"),
    "magnitude": ("response_rate", "small_groups:all", "small_groups:any"),
}


def _condition_allowed(check: str, condition: str) -> bool:
    allowed = CONDITIONS.get(check, ())
    return any(condition == a or (a.endswith(":k") and condition.startswith(a[:-1])) for a in allowed)


def check_claims(claims: pd.DataFrame | None) -> list[ValidationIssue]:
    """The columns a claim's ``check`` needs, and ``statement_id`` naming a statement's first occurrence.

    A testable check needs ``question_ids`` (and, except ``sum_of_options``, ``check_option``);
    ``consistency`` and ``ranking`` need a ``condition`` of their own form, ``magnitude`` may have one,
    other checks have none; a ``magnitude`` claim needs the ``reference`` it is measured against; a
    ``statement_id`` names a claim whose own ``statement_id`` is itself (the first occurrence).
    """
    if claims is None:
        return []
    issues = []
    own = dict(zip(claims["claim_id"], claims["statement_id"]))
    for row, claim in claims.iterrows():
        check, condition = claim["check"], claim["condition"]
        if check in CHECKS_WITH_QUESTIONS and not claim["question_ids"]:
            issues.append(ValidationIssue("claims.csv", row, "question_ids", f"is empty; a {check} claim names its questions"))
        if check in CHECKS_WITH_OPTION and not claim["check_option"]:
            issues.append(ValidationIssue("claims.csv", row, "check_option", f"is empty; a {check} claim names its option(s)"))
        if check in ("consistency", "ranking") and not condition:
            valid = ", ".join(CONDITIONS[check])
            issues.append(ValidationIssue("claims.csv", row, "condition", f"is empty; a {check} claim needs one of: {valid}"))
        elif condition and not _condition_allowed(check, condition):
            valid = ", ".join(CONDITIONS.get(check, ())) or "none (leave it empty)"
            message = f"condition {condition!r} does not fit check {check!r}; valid: {valid}"
            issues.append(ValidationIssue("claims.csv", row, "condition", message))
        if check == "magnitude" and not claim["reference"]:
            message = "is empty; a magnitude claim needs the printed numbers it is measured against"
            issues.append(ValidationIssue("claims.csv", row, "reference", message))
        first = claim["statement_id"]
        if first in own and own[first] != first:
            message = f"statement_id {first!r} is not a first occurrence (its own statement_id is {own[first]!r})"
            issues.append(ValidationIssue("claims.csv", row, "statement_id", message))
    return issues


def check_denominators(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """A count cannot exceed the printed denominator of its question.

    The denominator is ``n_reported`` plus ``nonresponse_reported`` (when printed); for a multi-select
    question a count is also at most ``answers_total_reported``. Rows that combine several options of
    a multi-select question are only held to the answers total.
    """
    questions, responses = tables["questions"], tables["responses"]
    if questions is None or responses is None:
        return []
    by_id = questions.set_index("question_id")
    by_id = by_id[~by_id.index.duplicated()]
    issues = []
    for row, question, count, combines in zip(
        responses.index, responses["question_id"], responses["count"], responses["combines"]
    ):
        if pd.isna(count) or question not in by_id.index:
            continue
        q = by_id.loc[question]
        limits = []
        if q["multi_select"] and not pd.isna(q["answers_total_reported"]):
            total = int(q["answers_total_reported"])
            limits.append((total, f"answers_total_reported {total}"))
        if not pd.isna(q["n_reported"]) and not (q["multi_select"] and combines):
            n = int(q["n_reported"])
            nonresponse = 0 if pd.isna(q["nonresponse_reported"]) else int(q["nonresponse_reported"])
            what = f"n_reported {n}" + (f" + nonresponse_reported {nonresponse}" if nonresponse else "")
            limits.append((n + nonresponse, what))
        for limit, what in limits:
            if int(count) > limit:
                message = f"count {int(count)} is larger than the printed denominator of question {question!r} ({what})"
                issues.append(ValidationIssue("responses.csv", row, "count", message))
                break
    return issues


def check_questions(tables: dict[str, pd.DataFrame | None]) -> list[ValidationIssue]:
    """Questions need responses; constructs need two questions; dialogues' has_figures must match."""
    dialogues, groups, questions = tables["dialogues"], tables["groups"], tables["questions"]
    responses, constructs = tables["responses"], tables["constructs"]
    if questions is None:
        return []
    issues = []
    for row, multi, response_type in zip(questions.index, questions["multi_select"], questions["response_type"]):
        if response_type == "multi_select" and not multi:
            message = "must be true when response_type is multi_select"
            issues.append(ValidationIssue("questions.csv", row, "multi_select", message))
        elif multi and response_type not in ("multi_select", "coded_free_text"):
            issues.append(
                ValidationIssue(
                    "questions.csv", row, "multi_select", f"cannot be true for response_type {response_type!r}"
                )
            )
    if responses is not None:
        answered = set(responses["question_id"])
        for row, question in questions["question_id"].items():
            if question and question not in answered:
                message = f"question {question!r} has no rows in responses.csv; add its printed options"
                issues.append(ValidationIssue("questions.csv", row, "question_id", message))
    if constructs is not None:
        users = questions[questions["construct"] != ""].groupby("construct")["question_id"].apply(list).to_dict()
        for row, construct in constructs["construct"].items():
            used = users.get(construct, [])
            if len(used) < 2:
                listed = f" ({', '.join(used)})" if used else ""
                message = (
                    f"construct {construct!r} is used by {len(used)} question(s){listed}; a construct needs at "
                    "least two questions (leave questions.construct empty for a question asked once)"
                )
                issues.append(ValidationIssue("constructs.csv", row, "construct", message))
    if dialogues is not None:
        with_questions = set(questions["dialogue_id"])
        for row, dialogue, has_figures in zip(dialogues.index, dialogues["dialogue_id"], dialogues["has_figures"]):
            if has_figures and dialogue not in with_questions:
                message = f"dialogue {dialogue!r} has has_figures=true but no questions in questions.csv"
                issues.append(ValidationIssue("dialogues.csv", row, "has_figures", message))
            elif not has_figures and dialogue in with_questions:
                message = f"dialogue {dialogue!r} has questions in questions.csv but has_figures=false"
                issues.append(ValidationIssue("dialogues.csv", row, "has_figures", message))
        if groups is not None:
            known = set(dialogues["dialogue_id"])
            with_all = set(groups.loc[groups["group_id"] == "all", "dialogue_id"])
            for dialogue in sorted(with_questions & known - with_all):
                message = f"dialogue {dialogue!r} has questions but no group 'all'; add the row {dialogue},all"
                issues.append(ValidationIssue("groups.csv", None, "group_id", message))
    return issues


def check_attendance(dialogues: pd.DataFrame | None) -> list[ValidationIssue]:
    if dialogues is None:
        return []
    issues = []
    for row, attendees, respondents in zip(dialogues.index, dialogues["attendees"], dialogues["respondents"]):
        if not pd.isna(attendees) and not pd.isna(respondents) and respondents > attendees:
            message = f"respondents {respondents} is larger than attendees {attendees}"
            issues.append(ValidationIssue("dialogues.csv", row, "respondents", message))
    return issues


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (spaces, line breaks, tabs) to one space and strip the ends.

    Locators are matched after this normalisation on both sides, because the report's text comes
    from a PDF whose line breaks fall anywhere in a sentence.
    """
    return " ".join(text.split())


def check_locators(tables: dict[str, pd.DataFrame | None], source: str | None) -> list[ValidationIssue]:
    """Every printed number has a locator; every locator occurs verbatim in the source text."""
    issues = []
    for table, locators in schema.LOCATED_NUMBERS.items():
        frame = tables.get(table)
        if frame is None:
            continue
        name = schema.file_name(table)
        for locator_column, number_columns in locators.items():
            for row, locator in frame[locator_column].items():
                present = [c for c in number_columns if _is_filled(frame.at[row, c])]
                if present and not locator:
                    numbers = " and ".join(present)
                    message = f"{numbers} is filled in but has no locator; add the report's text around it"
                    issues.append(ValidationIssue(name, row, locator_column, message))
    if source is None:
        return issues
    for table in schema.TABLES:
        frame = tables.get(table)
        if frame is None:
            continue
        for spec in schema.COLUMNS[table]:
            if spec.kind != "locator":
                continue
            for row, locator in frame[spec.name].items():
                if locator and normalise_whitespace(locator) not in source:
                    issues.append(ValidationIssue(schema.file_name(table), row, spec.name, _not_found_message(locator)))
    return issues


def _is_filled(value: object) -> bool:
    if isinstance(value, str):
        return value != ""
    return not pd.isna(value)


def _not_found_message(locator: str) -> str:
    hint = ""
    if any(c in locator for c in "\"'-"):
        hint = "; check quotes and dashes, the report prints them as \u201d and \u2013"
    return f"locator {locator!r} is not found verbatim in the source text (line breaks and spaces are ignored){hint}"
