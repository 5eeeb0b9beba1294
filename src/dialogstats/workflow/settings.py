"""A run's settings as files the rules take as inputs, so that changing a setting makes again what depends on it.

The Snakefile writes each settings file when it plans a run (:func:`write_settings`), but only when
its content differs from the file in place: an unchanged setting keeps the file's time, and
Snakemake's time-stamp trigger reruns exactly the rules whose settings changed. The rule scripts
read them back with :func:`read_settings`. Settings as files, rather than Snakemake ``params``, let a
run with nothing to do skip the pandas import with which Snakemake compares recorded ``params``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from dialogstats.errors import PipelineError


def settings_text(content: dict[str, Any]) -> str:
    """The file's text: JSON with sorted keys, so that equal settings give equal bytes."""
    return json.dumps(content, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_settings(path: Path | str, content: dict[str, Any]) -> bool:
    """Write ``content`` to ``path`` (atomically) unless the file already holds it; return whether it was written."""
    path = Path(path)
    text = settings_text(content)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    staged = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staged.write_text(text, encoding="utf-8")
    os.replace(staged, path)
    return True


def read_settings(path: Path | str, *keys: str) -> dict[str, Any]:
    """The settings of ``path``; raises PipelineError naming the file when it or one of ``keys`` is missing."""
    path = Path(path)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PipelineError(f"{path}: the run's settings cannot be read ({exc}); run the workflow again") from None
    missing = [key for key in keys if key not in content]
    if missing:
        raise PipelineError(f"{path}: the run's settings lack {', '.join(missing)}; run the workflow again")
    return content
