"""Provenance: fingerprints of a task's inputs, stamp files and the run manifest.

A *fingerprint* is the SHA-256 of a canonical JSON record of everything a
notebook's outputs depend on: the notebook file, every raw CSV file, every
module of the package, the parameters and the versions of the packages that
compute the results. A *stamp* (``<processed>/.stamps/<task>.json``) records the
fingerprint of the last successful execution of a task and the SHA-256 of each
output it moved into place; it is written last, so a stamp that matches proves
that the outputs are complete and current. The *manifest*
(``<processed>/manifest.json``) gathers the stamps of one run into a single
record for readers, with the software environment and the git commit; it holds
no timestamps, so identical inputs give an identical manifest.

Only the standard library is imported here: checking that everything is up to
date must not pay for importing pandas or papermill.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from dialogstats import paths

#: Packages whose versions enter every fingerprint and the manifest.
TRACKED_PACKAGES: tuple[str, ...] = (
    "dialogstats",
    "ipykernel",
    "matplotlib",
    "nbclient",
    "numpy",
    "pandas",
    "pandera",
    "papermill",
    "scipy",
    "seaborn",
    "statsmodels",
)

STAMPS_DIRNAME = ".stamps"
MANIFEST_NAME = paths.MANIFEST.name


def sha256_bytes(data: bytes) -> str:
    """SHA-256 hex digest of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    """SHA-256 hex digest of a file's bytes (streamed, for large figure files)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def canonical_json(record: Any) -> str:
    """JSON text with sorted keys and a fixed layout (indent 2, UTF-8 kept, final newline)."""
    return json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def record_digest(record: Any) -> str:
    """SHA-256 of the canonical JSON form of ``record``."""
    return sha256_bytes(json.dumps(record, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def hash_files(folder: Path, pattern: str) -> dict[str, str]:
    """SHA-256 of every file in ``folder`` matching ``pattern`` (not recursive), keyed by file name."""
    if not folder.is_dir():
        return {}
    return {p.name: sha256_path(p) for p in sorted(folder.glob(pattern)) if p.is_file()}


def raw_hashes(raw_dir: Path) -> dict[str, str]:
    """SHA-256 of each CSV file of the raw-data folder, keyed by file name."""
    return hash_files(Path(raw_dir), "*.csv")


@lru_cache(maxsize=1)
def code_hashes() -> dict[str, str]:
    """SHA-256 of each module of the installed ``dialogstats`` package and its subpackages,
    keyed by the module's path inside the package (``stats/intervals.py``)."""
    import dialogstats

    package = Path(dialogstats.__file__).resolve().parent
    return {
        p.relative_to(package).as_posix(): sha256_path(p)
        for p in sorted(package.rglob("*.py"))
        if "__pycache__" not in p.parts
    }


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Installed versions of :data:`TRACKED_PACKAGES` ("not installed" for a missing one)."""
    from importlib import metadata

    versions = {}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def python_version() -> str:
    """The interpreter's version, e.g. ``3.11.7``."""
    return platform.python_version()


def git_commit(root: Path = paths.ROOT) -> str:
    """``git rev-parse HEAD`` of ``root``, with ``-dirty`` when tracked files have uncommitted changes.

    Returns ``"unknown"`` outside a git work tree or when git is not installed.
    ``--no-optional-locks`` keeps the query read-only, so it never competes with a
    commit being made at the same time.
    """
    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(root), *args],
            capture_output=True, text=True, check=False,
        )

    try:
        head = git("rev-parse", "HEAD")
        if head.returncode != 0:
            return "unknown"
        status = git("status", "--porcelain", "--untracked-files=no")
    except OSError:
        return "unknown"
    commit = head.stdout.strip()
    if status.returncode != 0 or status.stdout.strip():
        commit += "-dirty"
    return commit


def display_path(path: Path) -> str:
    """``path`` relative to the project root when it lies inside it (portable records), else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def task_inputs(notebook: Path, raw_dir: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a task's outputs depend on, as a JSON-ready record."""
    return {
        "notebook": {display_path(notebook): sha256_path(notebook) if Path(notebook).is_file() else None},
        "raw": raw_hashes(raw_dir),
        "code": code_hashes(),
        "versions": {**package_versions(), "python": python_version()},
        "parameters": dict(parameters),
    }


def fingerprint(inputs: Mapping[str, Any]) -> str:
    """SHA-256 fingerprint of a record made by :func:`task_inputs`."""
    return record_digest(inputs)


# --- stamps ---------------------------------------------------------------

def stamp_path(processed_dir: Path, task_name: str) -> Path:
    """Where the stamp of ``task_name`` lives."""
    return Path(processed_dir) / STAMPS_DIRNAME / f"{task_name}.json"


def read_stamp(processed_dir: Path, task_name: str) -> dict[str, Any] | None:
    """The stamp of ``task_name``, or ``None`` when it is missing or unreadable."""
    try:
        stamp = json.loads(stamp_path(processed_dir, task_name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def outputs_intact(processed_dir: Path, outputs: Mapping[str, str]) -> bool:
    """Whether every recorded output exists with its recorded SHA-256."""
    for relative, digest in outputs.items():
        path = Path(processed_dir) / relative
        if not path.is_file() or sha256_path(path) != digest:
            return False
    return True


def stamp_is_fresh(stamp: Mapping[str, Any] | None, expected_fingerprint: str, processed_dir: Path) -> bool:
    """A stamp is fresh when its fingerprint matches and all its outputs are intact."""
    if not stamp or stamp.get("fingerprint") != expected_fingerprint:
        return False
    outputs = stamp.get("outputs")
    return isinstance(outputs, dict) and outputs_intact(processed_dir, outputs)


def write_stamp(processed_dir: Path, task_name: str, stamp: Mapping[str, Any]) -> Path:
    """Write a stamp atomically (call it only after the outputs are in place)."""
    from dialogstats.tableio import write_text_atomic

    return write_text_atomic(canonical_json(dict(stamp)), stamp_path(processed_dir, task_name))


def remove_stamp(processed_dir: Path, task_name: str) -> None:
    """Delete a stamp, so that a task interrupted while moving outputs counts as stale."""
    stamp_path(processed_dir, task_name).unlink(missing_ok=True)


# --- manifest -------------------------------------------------------------

def build_manifest(
    stamps: Iterable[Mapping[str, Any]],
    *,
    parameters: Mapping[str, Any],
    raw_dir: Path,
    commit: str | None = None,
) -> dict[str, Any]:
    """The manifest record of a run, made from the stamps of its tasks.

    Each output file (path relative to the processed folder) gets its SHA-256,
    the notebook and parameters that made it and the hashes of its inputs. Executed
    notebooks are listed apart, without a hash: they hold execution timings, so
    their bytes differ from run to run while the tables and figures do not.
    """
    outputs: dict[str, Any] = {}
    executed: dict[str, Any] = {}
    for stamp in stamps:
        inputs = stamp.get("inputs", {})
        made_by = {
            "task": stamp["task"],
            "notebook": stamp.get("notebook"),
            "parameters": stamp.get("parameters", {}),
        }
        for relative, digest in stamp.get("outputs", {}).items():
            if relative == stamp.get("executed_notebook"):
                executed[relative] = made_by
                continue
            entry = {**made_by, "sha256": digest, "fingerprint": stamp.get("fingerprint")}
            if "sources" in stamp:
                entry["sources"] = stamp["sources"]
            else:
                entry["inputs"] = {"notebook": inputs.get("notebook", {}), "raw": inputs.get("raw", {})}
            outputs[relative] = entry
    return {
        "parameters": dict(parameters),
        "raw_dir": display_path(raw_dir),
        "raw_files": raw_hashes(raw_dir),
        "outputs": outputs,
        "executed_notebooks": executed,
        "environment": {
            "packages": package_versions(),
            "python": python_version(),
            "platform": platform.platform(),
            "git_commit": git_commit() if commit is None else commit,
        },
    }


def write_manifest(manifest: Mapping[str, Any], path: Path) -> bool:
    """Write the manifest atomically when its content changed; return whether it was written."""
    text = canonical_json(dict(manifest))
    path = Path(path)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    from dialogstats.tableio import write_text_atomic

    write_text_atomic(text, path)
    return True


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest as a dict (empty when it does not exist)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}

