"""Provenance: hashes of inputs and outputs, package versions, the git commit, and the run manifest.

The *manifest* (``<processed>/manifest.json``, written by the workflow's ``manifest`` rule)
records for every output its SHA-256, the rule, notebook and parameters that made it and the
hashes of its inputs, together with the software environment and the git commit; it holds no
timestamps, so identical inputs give an identical manifest. Whether an output is up to date is
Snakemake's business (its metadata in ``<processed>/.snakemake/``), not this module's.

Only the standard library is imported here: planning a run must not pay for pandas or papermill.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from dialogstats import paths

#: Packages whose versions are parameters of every notebook rule (a new version reruns them) and enter the manifest.
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


# --- manifest -------------------------------------------------------------

def build_manifest(
    processed_dir: Path,
    made_by: Mapping[str, Mapping[str, Any]],
    *,
    parameters: Mapping[str, Any],
    raw_dir: Path,
    commit: str | None = None,
) -> dict[str, Any]:
    """The manifest record of a run.

    ``made_by`` maps each output of the workflow (a file or a folder, relative to ``processed_dir``)
    to what made it: ``rule``, ``task``, ``notebook`` (path relative to the project, or None),
    ``parameters`` and either ``sources`` (the files a collecting rule read) or nothing, in which case
    the inputs of a notebook task are recorded: the notebook's and every raw file's SHA-256 and one
    digest of the package's modules. A folder stands for every file in it. Each output file gets its
    SHA-256. Executed notebooks are listed apart, without a hash: they hold execution timings, so
    their bytes differ from run to run while the tables and figures do not.
    """
    processed_dir = Path(processed_dir)
    raw = raw_hashes(raw_dir)
    code = record_digest(code_hashes())
    outputs: dict[str, Any] = {}
    executed: dict[str, Any] = {}
    for target, origin in sorted(made_by.items()):
        entry = {key: origin.get(key) for key in ("rule", "task", "notebook", "parameters")}
        if origin.get("sources") is not None:
            entry["sources"] = sorted(origin["sources"])
        else:
            notebook = origin.get("notebook")
            path = paths.ROOT / notebook if notebook else None
            entry["inputs"] = {
                "notebook": {notebook: sha256_path(path)} if path is not None and path.is_file() else {},
                "raw": raw,
                "code": code,
            }
        location = processed_dir / target
        files = sorted(p for p in location.rglob("*") if p.is_file()) if location.is_dir() else [location]
        for file in files:
            relative = file.relative_to(processed_dir).as_posix()
            if origin.get("executed"):
                executed[relative] = {key: entry[key] for key in ("rule", "task", "notebook", "parameters")}
            else:
                outputs[relative] = {**entry, "sha256": sha256_path(file)}
    return {
        "parameters": dict(parameters),
        "raw_dir": display_path(raw_dir),
        "raw_files": raw,
        "outputs": outputs,
        "executed_notebooks": executed,
        "environment": {
            "packages": package_versions(),
            "python": python_version(),
            "platform": platform.platform(),
            "git_commit": git_commit() if commit is None else commit,
        },
    }


def write_manifest(manifest: Mapping[str, Any], path: Path) -> Path:
    """Write the manifest as canonical JSON (sorted keys, indent 2, final newline)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(canonical_json(dict(manifest)), encoding="utf-8")
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest as a dict (empty when it does not exist)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}

