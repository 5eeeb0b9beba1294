"""The manifest: what it records for every output, and the provenance helpers it is made from."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from dialogstats import paths
from dialogstats.workflow import manifest as provenance

NOTEBOOK = "notebooks/dialogue.ipynb"


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "dialogues.csv").write_text("dialogue_id\nworkshop\n", encoding="utf-8")
    (raw / "notes.txt").write_text("not a table\n", encoding="utf-8")
    processed = tmp_path / "processed"
    (processed / "by_dialogue" / "workshop").mkdir(parents=True)
    (processed / "by_dialogue" / "workshop" / "shares.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (processed / "figures" / "workshop").mkdir(parents=True)
    (processed / "figures" / "workshop" / "shares-workshop-all.png").write_bytes(b"png")
    (processed / "figures" / "workshop" / "figures.csv").write_text("figure_id\n", encoding="utf-8")
    (processed / "notebooks").mkdir()
    (processed / "notebooks" / "dialogue-workshop.ipynb").write_text("{}", encoding="utf-8")
    (processed / "shares.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return {"raw": raw, "processed": processed}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_of(project: dict[str, Path]) -> dict[str, object]:
    origin = {"rule": "dialogue", "task": "dialogue-workshop", "notebook": NOTEBOOK,
              "parameters": {"dialogue_id": "workshop", "lang": "en"}}
    made_by = {
        "by_dialogue/workshop/shares.csv": origin,
        "figures/workshop": origin,
        "notebooks/dialogue-workshop.ipynb": {**origin, "executed": True},
        "shares.csv": {"rule": "collect", "task": "collect", "notebook": None, "parameters": {},
                       "sources": ["by_dialogue/workshop/shares.csv"]},
    }
    return provenance.build_manifest(project["processed"], made_by, parameters={"lang": "en"},
                                     raw_dir=project["raw"], commit="abc123")


def test_manifest_records_hash_rule_notebook_parameters_and_inputs_of_each_output(project: dict[str, Path]) -> None:
    entry = manifest_of(project)["outputs"]["by_dialogue/workshop/shares.csv"]
    assert entry["sha256"] == sha(b"a,b\n1,2\n")
    assert (entry["rule"], entry["task"], entry["notebook"]) == ("dialogue", "dialogue-workshop", NOTEBOOK)
    assert entry["parameters"] == {"dialogue_id": "workshop", "lang": "en"}
    assert entry["inputs"]["notebook"] == {NOTEBOOK: sha((paths.ROOT / NOTEBOOK).read_bytes())}
    assert entry["inputs"]["raw"] == {"dialogues.csv": sha((project["raw"] / "dialogues.csv").read_bytes())}
    assert entry["inputs"]["code"] == provenance.record_digest(provenance.code_hashes())


def test_a_folder_output_stands_for_every_file_in_it(project: dict[str, Path]) -> None:
    outputs = manifest_of(project)["outputs"]
    assert outputs["figures/workshop/shares-workshop-all.png"]["sha256"] == sha(b"png")
    assert "figures/workshop/figures.csv" in outputs and "figures/workshop" not in outputs


def test_a_collected_table_records_its_sources_instead_of_inputs(project: dict[str, Path]) -> None:
    entry = manifest_of(project)["outputs"]["shares.csv"]
    assert entry["sources"] == ["by_dialogue/workshop/shares.csv"] and "inputs" not in entry


def test_manifest_lists_executed_notebooks_without_their_varying_hash(project: dict[str, Path]) -> None:
    manifest = manifest_of(project)
    assert "notebooks/dialogue-workshop.ipynb" not in manifest["outputs"]
    assert "sha256" not in manifest["executed_notebooks"]["notebooks/dialogue-workshop.ipynb"]


def test_manifest_records_the_software_environment(project: dict[str, Path]) -> None:
    environment = manifest_of(project)["environment"]
    assert set(environment) == {"packages", "python", "platform", "git_commit"}
    assert set(environment["packages"]) == set(provenance.TRACKED_PACKAGES)
    assert environment["git_commit"] == "abc123"


def test_manifest_records_the_hash_of_each_raw_csv_file_only(project: dict[str, Path]) -> None:
    expected = hashlib.sha256((project["raw"] / "dialogues.csv").read_bytes()).hexdigest()
    assert manifest_of(project)["raw_files"] == {"dialogues.csv": expected}


def test_manifest_is_the_same_for_the_same_files(project: dict[str, Path]) -> None:
    assert manifest_of(project) == manifest_of(project)


def test_manifest_file_has_sorted_keys_and_indent_2(project: dict[str, Path]) -> None:
    path = project["processed"] / "manifest.json"
    provenance.write_manifest(manifest_of(project), path)
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_code_hashes_cover_every_module_of_every_layer() -> None:
    modules = provenance.code_hashes()
    for module in ("checks.py", "data/rawdata.py", "stats/intervals.py", "analysis/shares.py",
                   "report/labels.py", "workflow/contract.py"):
        assert module in modules


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(repo), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "tracked.txt").write_text("one\n", encoding="utf-8")
    git(repo, "add", "tracked.txt")
    git(repo, "commit", "-q", "-m", "first")
    return repo


def test_git_commit_of_a_clean_work_tree_is_head(repo: Path) -> None:
    assert provenance.git_commit(repo) == git(repo, "rev-parse", "HEAD")


def test_git_commit_is_marked_dirty_when_a_tracked_file_changed(repo: Path) -> None:
    (repo / "tracked.txt").write_text("two\n", encoding="utf-8")
    assert provenance.git_commit(repo) == git(repo, "rev-parse", "HEAD") + "-dirty"


def test_untracked_files_do_not_make_the_commit_dirty(repo: Path) -> None:
    (repo / "new.txt").write_text("untracked\n", encoding="utf-8")
    assert not provenance.git_commit(repo).endswith("-dirty")


def test_git_commit_outside_a_repository_is_unknown(tmp_path: Path) -> None:
    assert provenance.git_commit(tmp_path) == "unknown"


def test_sha256_path_matches_the_published_digest_of_abc(tmp_path: Path) -> None:
    path = tmp_path / "abc.txt"
    path.write_bytes(b"abc")
    # FIPS 180-2, appendix B.1: SHA-256("abc")
    assert provenance.sha256_path(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
