"""``figures/manifest.json``: every figure with its notebook, parameters, sources and file hashes, and the commit
of the inputs the figures were built from.

Built from the JSON sidecars :func:`analysis.figures.save_figure` writes beside each figure. The commit recorded is
the last commit that touched the inputs (:data:`INPUTS`: ``data/``, ``src/``, ``notebooks/``), not ``HEAD``: a
commit that changes only the README, the tests or the figures themselves leaves the manifest as it was, so the
same inputs give the same bytes. ``tree_clean`` says whether the inputs had no uncommitted change when the figures
were built. Outside a git checkout (a tarball) both are ``null``.

Usage::

    >>> from analysis.manifest import build_manifest
    >>> m = build_manifest()
    >>> sorted({f["lang"] for f in m["figures"]})
    ['ar', 'en']
    >>> m["inputs"], set(m) >= {"commit", "commit_date", "tree_clean"}
    (['data', 'src', 'notebooks'], True)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis import paths
from analysis.errors import UsageError, display_path
from analysis.figures import FORMATS
from analysis.files import atomic_write_bytes, sha256

#: What the figures are made from, relative to the project root: the manifest records their last commit.
INPUTS = ("data", "src", "notebooks")
MANIFEST_NAME = "manifest.json"


def build_manifest(figures_root: Path | None = None, built_from: dict | None = None) -> dict:
    """The figure manifest from the sidecars: the inputs' commit (``built_from``, default
    :func:`inputs_commit`), then every figure (id, lang, title, caption, notebook, parameters, sources, files)."""
    from importlib.metadata import version

    root = figures_root or paths.FIGURES_DIR
    figures = []
    for sidecar in sorted(root.glob("*/*.json")):
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        files = []
        for ext in (*FORMATS, "csv"):
            f = sidecar.with_suffix(f".{ext}")
            if f.exists():
                files.append({"path": f.relative_to(root.parent).as_posix(), "sha256": sha256(f)})
        figures.append({**meta, "files": files})
    figures.sort(key=lambda m: (m["id"], m["lang"]))
    pkgs = ["matplotlib", "numpy", "pandas", "papermill", "nbformat"]  # what the figures and reports are made with
    versions = {"python": ".".join(map(str, sys.version_info[:3])), **{p: version(p) for p in pkgs}}
    return {**(built_from or inputs_commit()), "figures": figures, "versions": versions}


def write_manifest(figures_root: Path | None = None, built_from: dict | None = None) -> Path:
    root = figures_root or paths.FIGURES_DIR
    manifest = build_manifest(root, built_from)
    path = root / MANIFEST_NAME
    atomic_write_bytes(path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def _git(*args: str) -> str | None:
    """git's output in the project root, or None when git is missing or fails."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", str(paths.PROJECT_ROOT), *args], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def inputs_commit() -> dict:
    """``commit`` (full hash) and ``commit_date`` of the last commit that touched :data:`INPUTS`, ``tree_clean``
    (no uncommitted change to them, untracked files included) and ``inputs``. Each is None when the project is
    not a git checkout of its own, or when a shallow clone cannot tell which commit last touched the inputs."""
    unknown = {"commit": None, "commit_date": None, "tree_clean": None, "inputs": list(INPUTS)}
    top = _git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != paths.PROJECT_ROOT.resolve():
        return unknown  # no git, or a tarball unpacked inside some other repository
    last = (_git("log", "-1", "--format=%H %cs", "--", *INPUTS) or "").split()
    if len(last) != 2:
        return unknown
    commit, date = last
    if _git("rev-parse", "--is-shallow-repository") == "true" and _git("rev-list", "-1", "--parents", commit) == commit:
        return unknown  # the shallow clone's cut: it only seems to touch every file
    status = _git("status", "--porcelain", "--", *INPUTS)
    clean = None if status is None else status == ""
    return {"commit": commit, "commit_date": date, "tree_clean": clean, "inputs": list(INPUTS)}


def provenance(built_from: dict | None = None) -> dict[str, str]:
    """What a report was made from, for its header: the inputs' commit as in the manifest (12 digits, with
    ``+changes`` when the inputs had uncommitted changes), its date, and the versions of Python and the packages
    the figures and tables are made with; ``unknown`` outside a git checkout."""
    from importlib.metadata import version

    built = built_from or inputs_commit()
    commit = "unknown"
    if built["commit"]:
        commit = built["commit"][:12] + ("" if built["tree_clean"] else " +changes")
    pkgs = ["analysis", "pandas", "matplotlib", "papermill"]
    names = {"analysis": "dushanbe-kuwait-analysis"}
    versions = ", ".join(f"{p} {version(names.get(p, p))}" for p in pkgs)
    return {
        "commit": commit,
        "date": built["commit_date"] or "unknown",
        "versions": f"python {'.'.join(map(str, sys.version_info[:3]))}, {versions}",
    }


# ---------------------------------------------------------------- reading it back (python -m analysis cite)


def read_manifest(figures_root: Path | None = None) -> dict:
    """The manifest of a figures folder; a UsageError (one line) when it is missing or unreadable."""
    path = (figures_root or paths.FIGURES_DIR) / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{display_path(path)}: no figure manifest (make report writes it)") from None
    except (OSError, ValueError) as exc:
        raise UsageError(f"{display_path(path)}: unreadable figure manifest ({type(exc).__name__})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("figures"), list):
        raise UsageError(f"{display_path(path)}: not a figure manifest (no list of figures)")
    return manifest


def stale_file(figure: dict, figures_root: Path | None = None) -> str | None:
    """None when every file of ``figure`` has the sha256 the manifest records; else what differs, in words."""
    base = (figures_root or paths.FIGURES_DIR).parent
    for f in figure.get("files", []):
        path = base / f["path"]
        try:
            actual = sha256(path)
        except FileNotFoundError:
            return f"{f['path']} is missing"
        except OSError as exc:
            return f"{f['path']} cannot be read ({exc.strerror or type(exc).__name__})"
        if actual != f["sha256"]:
            return f"{f['path']} has sha256 {actual[:12]}…, the manifest records {f['sha256'][:12]}…"
    return None


def citation_authors() -> list[str]:
    """The authors CITATION.cff names (their ``name``, or given and family names), in its order."""
    import yaml

    try:
        cff = yaml.safe_load((paths.PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return []
    return [
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in cff.get("authors", [])
    ]
