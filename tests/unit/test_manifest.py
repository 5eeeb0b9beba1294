"""Fingerprints, stamps and the manifest: what makes a task stale, and what the manifest records."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from dialogstats.workflow import manifest as provenance


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "dialogues.csv").write_text("dialogue_id\nworkshop\n", encoding="utf-8")
    (raw / "notes.txt").write_text("not a table\n", encoding="utf-8")
    notebook = tmp_path / "dialogue.ipynb"
    notebook.write_text('{"cells": []}\n', encoding="utf-8")
    processed = tmp_path / "processed"
    (processed / "tables").mkdir(parents=True)
    (processed / "tables" / "shares.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return {"raw": raw, "notebook": notebook, "processed": processed}


def fingerprint_of(project: dict[str, Path], **parameters: object) -> str:
    params = {"lang": "en", **parameters}
    return provenance.fingerprint(provenance.task_inputs(project["notebook"], project["raw"], params))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp_for(project: dict[str, Path], fingerprint: str) -> dict[str, object]:
    return {
        "task": "dialogue-workshop",
        "fingerprint": fingerprint,
        "outputs": {"tables/shares.csv": sha("a,b\n1,2\n")},
    }


def test_fingerprint_is_the_same_for_the_same_inputs(project: dict[str, Path]) -> None:
    assert fingerprint_of(project) == fingerprint_of(project)


def test_fingerprint_changes_when_a_raw_csv_file_changes(project: dict[str, Path]) -> None:
    before = fingerprint_of(project)
    (project["raw"] / "dialogues.csv").write_text("dialogue_id\nworkshop\nnetwork\n", encoding="utf-8")
    assert fingerprint_of(project) != before


def test_fingerprint_changes_when_a_raw_csv_file_is_added(project: dict[str, Path]) -> None:
    before = fingerprint_of(project)
    (project["raw"] / "groups.csv").write_text("dialogue_id,group_id\n", encoding="utf-8")
    assert fingerprint_of(project) != before


def test_fingerprint_ignores_files_in_the_raw_folder_that_are_not_csv(project: dict[str, Path]) -> None:
    before = fingerprint_of(project)
    (project["raw"] / "notes.txt").write_text("edited\n", encoding="utf-8")
    assert fingerprint_of(project) == before


def test_fingerprint_changes_when_the_notebook_changes(project: dict[str, Path]) -> None:
    before = fingerprint_of(project)
    project["notebook"].write_text('{"cells": [1]}\n', encoding="utf-8")
    assert fingerprint_of(project) != before


def test_fingerprint_changes_with_the_parameters(project: dict[str, Path]) -> None:
    assert fingerprint_of(project, lang="sv") != fingerprint_of(project, lang="en")


def test_task_inputs_record_package_versions_and_module_hashes(project: dict[str, Path]) -> None:
    inputs = provenance.task_inputs(project["notebook"], project["raw"], {})
    assert set(provenance.TRACKED_PACKAGES) <= set(inputs["versions"])
    assert "workflow/pipeline.py" in inputs["code"] and "paths.py" in inputs["code"] and "stats/intervals.py" in inputs["code"]


def test_stamp_with_matching_fingerprint_and_intact_outputs_is_fresh(project: dict[str, Path]) -> None:
    fp = fingerprint_of(project)
    assert provenance.stamp_is_fresh(stamp_for(project, fp), fp, project["processed"])


def test_missing_stamp_is_stale(project: dict[str, Path]) -> None:
    assert not provenance.stamp_is_fresh(None, fingerprint_of(project), project["processed"])


def test_stamp_of_other_inputs_is_stale(project: dict[str, Path]) -> None:
    old = fingerprint_of(project)
    (project["raw"] / "dialogues.csv").write_text("dialogue_id\nchanged\n", encoding="utf-8")
    assert not provenance.stamp_is_fresh(stamp_for(project, old), fingerprint_of(project), project["processed"])


def test_tampered_output_makes_the_stamp_stale(project: dict[str, Path]) -> None:
    fp = fingerprint_of(project)
    (project["processed"] / "tables" / "shares.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    assert not provenance.stamp_is_fresh(stamp_for(project, fp), fp, project["processed"])


def test_missing_output_makes_the_stamp_stale(project: dict[str, Path]) -> None:
    fp = fingerprint_of(project)
    (project["processed"] / "tables" / "shares.csv").unlink()
    assert not provenance.stamp_is_fresh(stamp_for(project, fp), fp, project["processed"])


def test_written_stamp_reads_back(project: dict[str, Path]) -> None:
    stamp = stamp_for(project, "f" * 64)
    provenance.write_stamp(project["processed"], "dialogue-workshop", stamp)
    assert provenance.read_stamp(project["processed"], "dialogue-workshop") == stamp


def test_half_written_stamp_reads_as_missing(project: dict[str, Path]) -> None:
    path = provenance.stamp_path(project["processed"], "audit")
    path.parent.mkdir(parents=True)
    path.write_text('{"task": "audit", "fingerp', encoding="utf-8")
    assert provenance.read_stamp(project["processed"], "audit") is None


def manifest_of(project: dict[str, Path]) -> dict[str, object]:
    stamp = {
        "task": "dialogue-workshop",
        "notebook": "notebooks/dialogue.ipynb",
        "parameters": {"dialogue_id": "workshop", "lang": "en"},
        "fingerprint": "f" * 64,
        "inputs": {"notebook": {"notebooks/dialogue.ipynb": "a" * 64}, "raw": {"dialogues.csv": "b" * 64}},
        "outputs": {"by_dialogue/workshop/shares.csv": "c" * 64, "notebooks/dialogue-workshop.ipynb": "d" * 64},
        "executed_notebook": "notebooks/dialogue-workshop.ipynb",
    }
    return provenance.build_manifest([stamp], parameters={"lang": "en"}, raw_dir=project["raw"], commit="abc123")


def test_manifest_records_hash_notebook_parameters_and_inputs_of_each_output(project: dict[str, Path]) -> None:
    entry = manifest_of(project)["outputs"]["by_dialogue/workshop/shares.csv"]
    assert entry["sha256"] == "c" * 64
    assert entry["notebook"] == "notebooks/dialogue.ipynb"
    assert entry["parameters"] == {"dialogue_id": "workshop", "lang": "en"}
    assert entry["inputs"] == {"notebook": {"notebooks/dialogue.ipynb": "a" * 64}, "raw": {"dialogues.csv": "b" * 64}}


def test_manifest_lists_executed_notebooks_without_their_varying_hash(project: dict[str, Path]) -> None:
    manifest = manifest_of(project)
    assert "notebooks/dialogue-workshop.ipynb" not in manifest["outputs"]
    assert "sha256" not in manifest["executed_notebooks"]["notebooks/dialogue-workshop.ipynb"]


def test_manifest_records_the_software_environment(project: dict[str, Path]) -> None:
    environment = manifest_of(project)["environment"]
    assert set(environment) == {"packages", "python", "platform", "git_commit"}
    assert set(environment["packages"]) == set(provenance.TRACKED_PACKAGES)
    assert environment["git_commit"] == "abc123"


def test_manifest_records_the_hash_of_each_raw_file(project: dict[str, Path]) -> None:
    expected = hashlib.sha256((project["raw"] / "dialogues.csv").read_bytes()).hexdigest()
    assert manifest_of(project)["raw_files"] == {"dialogues.csv": expected}


def test_manifest_file_has_sorted_keys_and_indent_2(project: dict[str, Path]) -> None:
    path = project["processed"] / "manifest.json"
    provenance.write_manifest(manifest_of(project), path)
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_manifest_is_not_rewritten_when_unchanged(project: dict[str, Path]) -> None:
    path = project["processed"] / "manifest.json"
    assert provenance.write_manifest(manifest_of(project), path) is True
    assert provenance.write_manifest(manifest_of(project), path) is False


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
