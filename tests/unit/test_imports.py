"""The workflow's processes skip the IRI grammar import, and notebooks still validate without it."""

from __future__ import annotations

import os
import subprocess
import sys

from dialogstats import paths

CHECK = """
from dialogstats.workflow.imports import skip_iri_grammar
skip_iri_grammar()
import sys, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(notebook)
print(sys.modules.get("rfc3987_syntax", "absent"))
"""


def test_notebooks_validate_with_the_iri_grammar_skipped() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK, str(paths.NOTEBOOKS / "dialogue.ipynb")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("None", "absent")


def test_the_python_processes_of_a_render_skip_it_too() -> None:
    from dialogstats.workflow.render import quarto_environment

    probe = "import sys, jsonschema; print(sys.modules.get('rfc3987_syntax', 'absent'))"
    done = subprocess.run([sys.executable, "-c", probe], env=quarto_environment(), capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in ("None", "absent")


def test_an_interpreter_without_the_package_starts_quietly_with_the_render_environment(tmp_path) -> None:
    from dialogstats.workflow.render import quarto_environment

    # A package of the same name that cannot be imported stands for an interpreter without the project's packages.
    (tmp_path / "dialogstats").mkdir()
    (tmp_path / "dialogstats" / "__init__.py").write_text("raise ImportError('not installed here')\n", encoding="utf-8")
    env = quarto_environment()
    env["PYTHONPATH"] += f"{os.pathsep}{tmp_path}"
    done = subprocess.run([sys.executable, "-c", "print('started')"], env=env, capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "started", "")
