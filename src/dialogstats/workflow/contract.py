"""The notebook/workflow contract: which notebooks run, with which parameters, and what each must write.

The Snakefile (``workflow/``) reads everything it declares from here, so the list of tables, the
folders and the task names exist once. One *task* is one execution of a notebook: the dialogue
notebook once per dialogue that has figures, and the cross-network, methods and audit notebooks
once each. A task writes

- its tables into ``output_dir``: ``by_dialogue/<dialogue>/`` for a dialogue, the processed folder
  itself for the other notebooks;
- its figures (PNG, SVG and PDF) and their index fragment ``figures.csv`` into ``figures_dir``,
  ``figures/<dialogue>/`` or ``figures/<notebook>/``;
- its executed notebook to ``notebooks/<task>.ipynb``.

Only the standard library is imported here: planning a run with nothing to do must not pay for
pandas, scipy or papermill.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from dialogstats import paths
from dialogstats.checks import ID_PATTERN, check_identifier, check_name
from dialogstats.errors import ParameterError, RawDataError

DIALOGUE_NOTEBOOK = "dialogue"
#: Notebooks run once per run (they need only the raw data).
PROJECT_NOTEBOOKS: tuple[str, ...] = ("cross_network", "methods", "audit")
NOTEBOOK_NAMES: tuple[str, ...] = (DIALOGUE_NOTEBOOK, *PROJECT_NOTEBOOKS)
#: Tables each notebook must write into its ``output_dir``: every one is a declared output of its rule.
EXPECTED_TABLES: dict[str, tuple[str, ...]] = {
    "dialogue": ("shares.csv", "bounds.csv"),
    "cross_network": ("comparisons.csv", "comparisons_fdr.csv", "statement_checks.csv"),
    "methods": ("coverage.csv", "simultaneous_coverage.csv", "difference_coverage.csv", "design_effect.csv",
                "design_effect_coverage.csv"),
    "audit": ("audit.csv", "denominators.csv", "claims.csv", "claims_robustness.csv"),
}
#: The figure index fragment every notebook writes into its ``figures_dir``.
FIGURE_INDEX_FRAGMENT = "figures.csv"
FIGURE_INDEX_COLUMNS: tuple[str, ...] = ("figure_id", "file", "dialogue_id", "caption", "alt_text", "notebook", "lang")
FIGURE_FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
#: Per-dialogue tables concatenated into the processed folder, with their row order.
COLLECTED_TABLES: dict[str, tuple[str, ...]] = {
    "shares.csv": ("dialogue_id", "group_id", "question_id", "option", "method"),
    "bounds.csv": ("dialogue_id", "group_id", "question_id", "option", "method"),
}
#: The report writers' files, made from the outputs above: the tables workbook per language
#: (:data:`dialogstats.report.workbook.FILE_NAMES`, named here without importing pandas; a test holds
#: the two equal) and the figure pack, one ``<lang>/`` folder per language in the figure index.
WORKBOOKS: dict[str, str] = {"tables.xlsx": "en", "tabeller.xlsx": "sv"}
FIGURE_PACK_REL = "figure-pack"
#: Parameters every notebook declares in its cell tagged ``parameters``; the dialogue notebook adds ``dialogue_id``.
RUN_PARAMETERS: tuple[str, ...] = ("confidence", "ci_method", "lang")
FOLDER_PARAMETERS: tuple[str, ...] = ("raw_dir", "output_dir", "figures_dir")

FIGURES_REL = paths.FIGURES.relative_to(paths.PROCESSED).as_posix()
BY_DIALOGUE_REL = paths.BY_DIALOGUE.relative_to(paths.PROCESSED).as_posix()
EXECUTED_REL = paths.EXECUTED.relative_to(paths.PROCESSED).as_posix()
FIGURE_INDEX_REL = f"{FIGURES_REL}/index.csv"
MANIFEST_REL = paths.MANIFEST.relative_to(paths.PROCESSED).as_posix()
LOGS_REL = "logs"
#: Folder of the markers written by the validation rule, one per raw-data folder (:func:`validated_marker`).
VALIDATED_REL = f"{LOGS_REL}/validated"
#: Executed notebooks of failed tasks and their one-paragraph error messages, kept for reading.
FAILED_REL = ".failed"
#: The run's settings as files the rules read (:mod:`dialogstats.workflow.settings`): the notebooks'
#: parameters, the raw folder, the dialogues and the package versions; what the manifest records.
SETTINGS_REL = ".settings"
RUN_SETTINGS_REL = f"{SETTINGS_REL}/run.json"
PROVENANCE_REL = f"{SETTINGS_REL}/provenance.json"
#: What the workflow's bookkeeping writes into the processed folder besides the outputs.
BOOKKEEPING: tuple[str, ...] = (".snakemake", LOGS_REL, FAILED_REL, SETTINGS_REL)


def task_name(notebook: str, dialogue_id: str | None = None) -> str:
    """``dialogue-<id>`` for the dialogue notebook, the notebook's name otherwise."""
    return f"{DIALOGUE_NOTEBOOK}-{dialogue_id}" if notebook == DIALOGUE_NOTEBOOK else notebook


def table_dir(notebook: str, dialogue_id: str | None = None) -> str:
    """The task's ``output_dir`` relative to the processed folder (``""`` is the folder itself)."""
    return f"{BY_DIALOGUE_REL}/{dialogue_id}" if notebook == DIALOGUE_NOTEBOOK else ""


def figure_dir(notebook: str, dialogue_id: str | None = None) -> str:
    """The task's ``figures_dir`` relative to the processed folder."""
    return f"{FIGURES_REL}/{dialogue_id if notebook == DIALOGUE_NOTEBOOK else notebook}"


def table_outputs(notebook: str, dialogue_id: str | None = None) -> list[str]:
    """The tables a task must write, relative to the processed folder."""
    folder = table_dir(notebook, dialogue_id)
    return [f"{folder}/{name}" if folder else name for name in EXPECTED_TABLES[notebook]]


def executed_notebook(notebook: str, dialogue_id: str | None = None) -> str:
    """The executed notebook of a task, relative to the processed folder."""
    return f"{EXECUTED_REL}/{task_name(notebook, dialogue_id)}.ipynb"


def validated_marker(raw_dir: Path | str) -> str:
    """The validation marker of a raw-data folder, relative to the processed folder.

    Every notebook rule waits for it. It is named after the folder's path, so that a run on another
    (perhaps invalid) folder neither removes the marker of the usual one nor makes its notebooks run again.
    """
    return f"{VALIDATED_REL}/{_folder_key(raw_dir)}.txt"


def raw_settings(raw_dir: Path | str) -> str:
    """The settings file of the validation of a raw-data folder (its path), named like :func:`validated_marker`."""
    return f"{SETTINGS_REL}/raw-{_folder_key(raw_dir)}.json"


def _folder_key(folder: Path | str) -> str:
    import hashlib

    return hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:16]


def dialogue_pattern(dialogues: list[str] | tuple[str, ...]) -> str:
    """A regular expression matching exactly the given dialogue ids (the Snakefile's wildcard constraint)."""
    return "|".join(re.escape(d) for d in dialogues) or "(?!)"


def check_dialogue_ids(dialogues: list[str] | tuple[str, ...]) -> list[str]:
    """Refuse ids that are not safe file names or that clash with a project notebook's figure folder."""
    for dialogue_id in dialogues:
        check_identifier(dialogue_id, "dialogue id")
        if dialogue_id in PROJECT_NOTEBOOKS:
            raise ParameterError(f"dialogue id {dialogue_id!r} clashes with the figure folder of notebook {dialogue_id}.ipynb")
    return list(dialogues)


def dialogues_with_figures(raw_dir: Path | str) -> list[str]:
    """Ids of the dialogues marked ``has_figures = true`` in ``dialogues.csv``, in file order.

    The file is read by the one reader of raw files (:func:`dialogstats.data.csvfiles.read_raw_rows`),
    without pandas, so that planning a run stays cheap; the full validation is the workflow's first
    rule. Raises RawDataError (file, row and column) when the file cannot be read.
    """
    from dialogstats.data import schema
    from dialogstats.data.csvfiles import read_raw_rows

    rows, issues = read_raw_rows(raw_dir, "dialogues")
    if rows is None:
        raise RawDataError(issues)
    columns = schema.column_names("dialogues")
    key, flag = columns.index("dialogue_id"), columns.index("has_figures")
    return [fields[key] for _, fields in rows if fields[flag] == "true" and re.fullmatch(ID_PATTERN, fields[key])]


def dialogue_priorities(raw_dir: Path | str, dialogues: list[str] | tuple[str, ...]) -> dict[str, float]:
    """A scheduling priority per dialogue notebook, in [0, 1): the more printed options, the higher.

    A dialogue notebook's time grows with its figures, one per question, so starting the largest first
    (longest processing time first; Graham 1969) keeps the cores busy to the end. Counted from
    ``questions.csv`` and ``responses.csv`` with the one raw-file reader; when either cannot be read
    every dialogue gets 0 (the validation rule reports why). Ties keep the file order.
    """
    from dialogstats.data import schema
    from dialogstats.data.csvfiles import read_raw_rows

    questions, _ = read_raw_rows(raw_dir, "questions")
    responses, _ = read_raw_rows(raw_dir, "responses")
    if questions is None or responses is None:
        return {d: 0.0 for d in dialogues}
    q_cols, r_cols = schema.column_names("questions"), schema.column_names("responses")
    q_key, q_dialogue, r_key = q_cols.index("question_id"), q_cols.index("dialogue_id"), r_cols.index("question_id")
    dialogue_of = {fields[q_key]: fields[q_dialogue] for _, fields in questions}
    options = {d: 0 for d in dialogues}
    for _, fields in responses:
        d = dialogue_of.get(fields[r_key])
        if d in options:
            options[d] += 1
    ranked = sorted(dialogues, key=lambda d: (options[d], -dialogues.index(d)))
    return {d: rank / len(ranked) for rank, d in enumerate(ranked)}


@lru_cache(maxsize=1)
def interval_methods() -> tuple[str, ...]:
    """The interval method names of :data:`dialogstats.stats.intervals.METHODS`.

    Read from the module's source without importing it (it loads scipy and statsmodels), so that the
    command line refuses an unknown ``--ci-method`` before the workflow starts and a run with
    nothing to do stays fast; a unit test holds the two equal.
    """
    spec = find_spec("dialogstats.stats.intervals")
    if spec is not None and spec.origin:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        for node in tree.body:
            target = node.target if isinstance(node, ast.AnnAssign) else (
                node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
            if isinstance(target, ast.Name) and target.id == "METHODS" and node.value is not None:
                try:
                    return tuple(ast.literal_eval(node.value))
                except ValueError:
                    break
    from dialogstats.stats.intervals import METHODS

    return tuple(METHODS)


def check_interval_method(value: object) -> str:
    """Return ``value`` if it is an interval method (:func:`interval_methods`), else raise UnknownNameError.

    The same check as :func:`dialogstats.stats.intervals.check_method`, without importing scipy and statsmodels.
    """
    return check_name(value, interval_methods(), "interval method")
