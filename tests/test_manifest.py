"""The manifest records the commit of the figures' inputs (data/, src/, notebooks/) and whether they were clean:
stable across commits that leave the inputs alone, null outside a git checkout, the same in the reports' headers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis import manifest, paths

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    ident = ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    out = subprocess.run(["git", "-C", str(root), *ident, *args], capture_output=True, text=True, env=env, check=True)
    return out.stdout.strip()


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A small project under git with the three inputs and a README, taken for the project root."""
    root = tmp_path / "project"
    for name in ("data/a.csv", "src/m.py", "notebooks/n.ipynb", "README.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("1\n")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "inputs")
    monkeypatch.setattr(paths, "PROJECT_ROOT", root)
    return root


@needs_git
def test_the_commit_is_the_inputs_last_and_stays_across_commits_that_leave_them_alone(checkout):
    first = git(checkout, "rev-parse", "HEAD")
    assert manifest.inputs_commit() == {
        "commit": first,
        "commit_date": git(checkout, "log", "-1", "--format=%cs"),
        "tree_clean": True,
        "inputs": ["data", "src", "notebooks"],
    }
    (checkout / "README.md").write_text("2\n")
    git(checkout, "commit", "-qam", "docs only")
    assert git(checkout, "rev-parse", "HEAD") != first
    assert manifest.inputs_commit()["commit"] == first and manifest.inputs_commit()["tree_clean"] is True
    (checkout / "src" / "m.py").write_text("2\n")  # an uncommitted change to an input
    assert manifest.inputs_commit()["commit"] == first and manifest.inputs_commit()["tree_clean"] is False
    assert manifest.provenance()["commit"] == f"{first[:12]} +changes"
    git(checkout, "commit", "-qam", "code")
    assert manifest.inputs_commit()["commit"] == git(checkout, "rev-parse", "HEAD")
    (checkout / "notebooks" / "04-new.ipynb").write_text("{}\n")  # an untracked notebook would be run too
    assert manifest.inputs_commit()["tree_clean"] is False


@needs_git
def test_outside_a_git_checkout_the_commit_is_null(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path)  # a tarball: no .git
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert manifest.inputs_commit() == {
        "commit": None,
        "commit_date": None,
        "tree_clean": None,
        "inputs": ["data", "src", "notebooks"],
    }
    assert manifest.provenance()["commit"] == "unknown" and manifest.provenance()["date"] == "unknown"
    # unpacked inside some other repository: that repository's commits are not the project's
    git(tmp_path, "init", "-q")
    (tmp_path / "inner").mkdir()
    monkeypatch.setattr(paths, "PROJECT_ROOT", tmp_path / "inner")
    assert manifest.inputs_commit()["commit"] is None


def test_without_git_the_commit_is_null(monkeypatch):
    monkeypatch.setattr(manifest, "_git", lambda *args: None)
    assert manifest.inputs_commit()["commit"] is None and manifest.inputs_commit()["tree_clean"] is None


@needs_git
def test_a_shallow_clone_that_cannot_tell_records_null(checkout, tmp_path, monkeypatch):
    (checkout / "README.md").write_text("2\n")
    git(checkout, "commit", "-qam", "docs only")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", checkout.as_uri(), str(shallow))
    monkeypatch.setattr(paths, "PROJECT_ROOT", shallow)
    assert git(shallow, "log", "-1", "--format=%s", "--", "src") == "docs only"  # the cut seems to touch src/
    assert manifest.inputs_commit()["commit"] is None


def test_the_manifest_and_a_report_header_state_the_same_commit():
    built = {"commit": "0123456789abcdef" * 2, "commit_date": "2026-12-01", "tree_clean": True, "inputs": ["data"]}
    m = manifest.build_manifest(built_from=built)
    assert (m["commit"], m["commit_date"], m["tree_clean"]) == (built["commit"], "2026-12-01", True)
    header = manifest.provenance(built)
    assert header["commit"] == built["commit"][:12] and header["date"] == "2026-12-01"
    assert manifest.provenance({**built, "tree_clean": False})["commit"] == built["commit"][:12] + " +changes"


@needs_git
def test_the_committed_manifest_records_the_inputs_last_commit():
    """figures/ was rebuilt after the last commit that touched data/, src/ or notebooks/ (commit them first,
    then `make report`, then commit figures/): its manifest names that commit, built from clean inputs."""
    if manifest.inputs_commit()["commit"] is None:
        pytest.skip("not a full git checkout of the project: the commit cannot be checked")
    committed = json.loads((paths.FIGURES_DIR / "manifest.json").read_text(encoding="utf-8"))
    last = git(paths.PROJECT_ROOT, "log", "-1", "--format=%H %cs", "--", *manifest.INPUTS).split()
    assert [committed.get("commit"), committed.get("commit_date")] == last
    assert committed.get("tree_clean") is True
