"""Checks of the parameters passed to the notebooks, before anything is executed.

A notebook declares its parameters in the cell tagged ``parameters``; the
defaults there fix each parameter's type. :func:`check_notebook_parameters`
compares what the engine is about to pass with that declaration (read with
``papermill.inspect_notebook``) and refuses unknown or missing names, values of
the wrong type, values outside their allowed set, and anything that would let
a file name escape its folder.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dialogstats.checks import check_confidence, check_identifier, check_lang
from dialogstats.errors import ParameterError, UnknownNameError

#: Parameters the engine always sets to absolute paths; output folders must lie inside the processed folder.
OUTPUT_PATH_PARAMETERS: tuple[str, ...] = ("output_dir", "figures_dir")
INPUT_PATH_PARAMETERS: tuple[str, ...] = ("raw_dir",)


def check_dialogue(value: object, valid: Sequence[str]) -> str:
    """Return ``value`` if it is a safe identifier listed in ``valid``, else raise."""
    if value not in valid:
        raise UnknownNameError("dialogue", value, valid)
    return check_identifier(value, "dialogue id")


def check_inside(path: object, root: Path, what: str) -> Path:
    """Return ``path`` resolved, if it is absolute and lies inside ``root`` (after resolving ``..``)."""
    if not isinstance(path, str | Path) or not str(path) or not Path(path).is_absolute():
        raise ParameterError(f"{what} must be an absolute path inside {root}, got {path!r}")
    resolved, base = Path(path).resolve(), Path(root).resolve()
    if not resolved.is_relative_to(base):
        raise ParameterError(f"{what} {str(path)!r} resolves to {resolved}, outside {base}; refusing to write there")
    return resolved


def notebook_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares, with their default values (parsed from the ``parameters`` cell)."""
    import papermill

    declared = papermill.inspect_notebook(str(notebook))
    defaults = {}
    for name, info in declared.items():
        try:
            defaults[name] = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            defaults[name] = None  # an expression, not a literal: no type to check against
    return defaults


def _type_matches(value: object, default: object) -> bool:
    if default is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def check_notebook_parameters(
    notebook: Path,
    parameters: Mapping[str, Any],
    *,
    processed_dir: Path,
    dialogues: Sequence[str] | None = None,
    declared: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Check ``parameters`` against the notebook's declaration and the allowed values; return them.

    Names: every declared parameter must be given and nothing else
    (UnknownNameError lists the valid names). Types: as the declared default's
    (an int is accepted where the default is a float). Values: ``dialogue_id`` in
    ``dialogues``, ``ci_method`` in the interval methods, ``lang`` in :data:`dialogstats.checks.LANGUAGES`,
    ``0 < confidence < 1``, other ``*_id`` parameters safe identifiers, output
    folders inside ``processed_dir`` and ``raw_dir`` an existing folder.
    ``declared`` (name -> default) skips reading the notebook again.
    """
    notebook = Path(notebook)
    if declared is None:
        declared = notebook_parameters(notebook)
    if not declared:
        raise ParameterError(f"{notebook.name} has no cell tagged 'parameters'; the engine cannot pass it values")
    for name in parameters:
        if name not in declared:
            raise UnknownNameError(f"parameter of {notebook.name}", name, sorted(declared))
    missing = sorted(set(declared) - set(parameters))
    if missing:
        raise ParameterError(f"{notebook.name} needs the parameter(s) {', '.join(missing)}; none may be left to its default")
    checked = {}
    for name, value in parameters.items():
        default = declared[name]
        if not _type_matches(value, default):
            raise ParameterError(
                f"parameter {name} of {notebook.name} must be of type {type(default).__name__} "
                f"(as its default {default!r}), got {type(value).__name__} {value!r}"
            )
        checked[name] = _check_value(name, value, processed_dir=processed_dir, dialogues=dialogues)
    return checked


def _check_value(name: str, value: Any, *, processed_dir: Path, dialogues: Sequence[str] | None) -> Any:
    if name == "dialogue_id":
        check_identifier(value, "dialogue id")
        return check_dialogue(value, dialogues) if dialogues is not None else value
    if name.endswith("_id"):
        return check_identifier(value, name)
    if name == "ci_method":
        from dialogstats.workflow.contract import check_interval_method

        return check_interval_method(value)
    if name == "lang":
        return check_lang(value)
    if name == "confidence":
        return check_confidence(value)
    if name in OUTPUT_PATH_PARAMETERS:
        return str(check_inside(value, processed_dir, name))
    if name in INPUT_PATH_PARAMETERS:
        if not Path(value).is_absolute() or not Path(value).is_dir():
            raise ParameterError(f"{name} must be the absolute path of an existing folder, got {value!r}")
        return str(Path(value).resolve())
    return value
