# Configuration, the dialogues to run, and the inputs and provenance every rule shares.
# Everything named here comes from the package's contract (dialogstats.workflow.contract).

import re
import shutil
import sys
from pathlib import Path

from dialogstats.workflow.imports import skip_iri_grammar

skip_iri_grammar()  # before jsonschema is imported (dialogstats.workflow.imports says why)
from snakemake.utils import validate as validate_config

from dialogstats import paths
from dialogstats.errors import RawDataError
from dialogstats.workflow import contract, manifest
from dialogstats.workflow.settings import write_settings
from dialogstats.workflow.render import expected_outputs, paper_sources

ROOT = Path(workflow.basedir).parent


configfile: str(ROOT / "config" / "config.yaml")


validate_config(config, str(ROOT / "workflow" / "schemas" / "config.schema.yaml"))
contract.check_interval_method(config["ci_method"])  # the schema checks the form; this the name


def project_path(value):
    """A configured folder: absolute, or relative to the project root."""
    path = Path(value).expanduser()
    return (path if path.is_absolute() else ROOT / path).resolve()


RAW = project_path(config["raw_dir"])
PROCESSED = project_path(config["processed_dir"])
NOTEBOOKS = project_path(config["notebooks_dir"])
VALIDATED = contract.validated_marker(RAW)


workdir: str(PROCESSED)


# The dialogues come from the raw data, so that an added dialogue needs no change here. When
# dialogues.csv cannot be read, only the validation is planned: it lists every problem.
try:
    AVAILABLE = contract.check_dialogue_ids(contract.dialogues_with_figures(RAW))
    PLANNED = True
except RawDataError:
    AVAILABLE, PLANNED = [], False
unknown = [d for d in config["dialogues"] if d not in AVAILABLE]
if PLANNED and unknown:
    raise ValueError(f"unknown dialogue {unknown[0]!r}; valid: {', '.join(AVAILABLE)}")
SELECTED = [d for d in AVAILABLE if d in config["dialogues"]] if config["dialogues"] else AVAILABLE
DIALOGUE_PRIORITY = contract.dialogue_priorities(RAW, AVAILABLE) if PLANNED else {}

RAW_FILES = sorted(str(p) for p in RAW.glob("*.csv"))
PACKAGE_SOURCES = sorted(str(p) for p in (ROOT / "src" / "dialogstats").rglob("*.py"))
SOURCE_TEXT = [str(paths.source_text_path())] if paths.source_text_path().is_file() else []

RUN_PARAMETERS = {"confidence": float(config["confidence"]), "ci_method": config["ci_method"], "lang": config["lang"]}
VERSIONS = {**manifest.package_versions(), "python": manifest.python_version()}

# The settings the rules read, as files written only when they change (dialogstats.workflow.settings):
# a changed parameter, raw folder, list of dialogues or package version makes again what reads it.
RUN_SETTINGS = contract.RUN_SETTINGS_REL
RAW_SETTINGS = contract.raw_settings(RAW)
write_settings(PROCESSED / RUN_SETTINGS, {"parameters": RUN_PARAMETERS, "raw_dir": str(RAW), "dialogues": AVAILABLE,
                                          "versions": VERSIONS})
write_settings(PROCESSED / RAW_SETTINGS, {"raw_dir": str(RAW)})


def notebook_file(notebook):
    return str(NOTEBOOKS / f"{notebook}.ipynb")


def notebook_parameters(notebook, dialogue_id=None):
    """What the manifest records as a task's parameters (the folders as the project names them)."""
    extra = {"dialogue_id": dialogue_id} if dialogue_id else {}
    return {**extra, **RUN_PARAMETERS, "raw_dir": manifest.display_path(RAW)}


def made_by():
    """For every output of the workflow: the rule, task, notebook and parameters that made it."""
    records = {}
    tasks = [(nb, None) for nb in contract.PROJECT_NOTEBOOKS] + [(contract.DIALOGUE_NOTEBOOK, d) for d in SELECTED]
    for notebook, dialogue_id in tasks:
        origin = {
            "rule": notebook,
            "task": contract.task_name(notebook, dialogue_id),
            "notebook": manifest.display_path(Path(notebook_file(notebook))),
            "parameters": notebook_parameters(notebook, dialogue_id),
        }
        for table in contract.table_outputs(notebook, dialogue_id):
            records[table] = origin
        records[contract.figure_dir(notebook, dialogue_id)] = origin
        records[contract.executed_notebook(notebook, dialogue_id)] = {**origin, "executed": True}
    sources = sorted(collected_inputs()["parts"])
    for table in [*contract.COLLECTED_TABLES, contract.FIGURE_INDEX_REL]:
        records[table] = {"rule": "collect", "task": "collect", "notebook": None, "parameters": {}, "sources": sources}
    records[contract.FIGURE_PACK_REL] = {
        "rule": "figure_pack", "task": "figure_pack", "notebook": None, "parameters": {},
        "sources": [contract.FIGURE_INDEX_REL, *FIGURE_DIRS],
    }
    return records


def collected_inputs():
    """The per-dialogue tables and the figure index fragments that the collect rule reads."""
    shares = [f"{contract.table_dir('dialogue', d)}/shares.csv" for d in SELECTED]
    bounds = [f"{contract.table_dir('dialogue', d)}/bounds.csv" for d in SELECTED]
    fragments = [f"{contract.figure_dir(nb)}/{contract.FIGURE_INDEX_FRAGMENT}" for nb in contract.PROJECT_NOTEBOOKS]
    fragments += [f"{contract.figure_dir('dialogue', d)}/{contract.FIGURE_INDEX_FRAGMENT}" for d in SELECTED]
    return {"shares": shares, "bounds": bounds, "parts": shares + bounds + fragments}


def paper_planned():
    """The documents are rendered when asked for, quarto is on PATH and this run writes the folder they read."""
    return bool(config["paper"]) and shutil.which("quarto") is not None and PROCESSED == paths.PROCESSED.resolve()


# Every task's figures folder: the notebooks decide the files inside (names and languages), so that
# the figures can change without a change here.
FIGURE_DIRS = [contract.figure_dir(nb) for nb in contract.PROJECT_NOTEBOOKS] + [
    contract.figure_dir(contract.DIALOGUE_NOTEBOOK, d) for d in SELECTED
]
# The tables the workbooks read besides the collected ones.
WORKBOOK_TABLES = ["audit.csv", "claims.csv", "comparisons.csv"]
MADE_BY = made_by()
PROVENANCE = contract.PROVENANCE_REL
write_settings(PROCESSED / PROVENANCE, {"made_by": MADE_BY, "parameters": RUN_PARAMETERS, "raw_dir": str(RAW),
                                        "commit": manifest.git_commit()})
PAPER_READY = (paths.PAPER / "_quarto.yml").is_file()
PAPER_SOURCES = [str(p) for p in paper_sources()] if PAPER_READY else []
PAPER_OUTPUTS = [str(p) for p in expected_outputs()] if PAPER_READY else []

if not PLANNED:
    ALL_TARGETS = [VALIDATED]
else:
    ALL_TARGETS = [contract.MANIFEST_REL, *contract.WORKBOOKS] + (PAPER_OUTPUTS if paper_planned() else [])
