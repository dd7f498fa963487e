"""``figures/manifest.json``: every figure with its notebook, parameters, sources and file hashes.

Built from the JSON sidecars :func:`analysis.figures.save_figure` writes beside each figure.

Usage::

    >>> from analysis.manifest import build_manifest
    >>> m = build_manifest()
    >>> sorted({f["lang"] for f in m["figures"]})
    ['ar', 'en']
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis import paths
from analysis.figures import FORMATS
from analysis.files import atomic_write_bytes, sha256


def build_manifest(figures_root: Path | None = None) -> dict:
    """The figure manifest from the sidecars: id, lang, title, caption, notebook, parameters, sources, files."""
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
    return {"figures": figures, "versions": versions}


def write_manifest(figures_root: Path | None = None) -> Path:
    root = figures_root or paths.FIGURES_DIR
    manifest = build_manifest(root)
    path = root / "manifest.json"
    atomic_write_bytes(path, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def provenance() -> dict[str, str]:
    """What a report was made from: the commit (with ``+changes`` when the tree differs from it), the
    commit's date, and the versions of Python and the packages the figures and tables are made with.
    Read from git when the project is a checkout, else ``unknown``: the same tree gives the same values."""
    import subprocess
    from importlib.metadata import version

    def git(*args: str) -> str:
        try:
            out = subprocess.run(
                ["git", "-C", str(paths.PROJECT_ROOT), *args], capture_output=True, text=True, timeout=10, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return out.stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    pkgs = ["analysis", "pandas", "matplotlib", "papermill"]
    names = {"analysis": "dushanbe-kuwait-analysis"}
    versions = ", ".join(f"{p} {version(names.get(p, p))}" for p in pkgs)
    return {
        "commit": commit + (" +changes" if dirty else ""),
        "date": git("log", "-1", "--format=%cs") or "unknown",
        "versions": f"python {'.'.join(map(str, sys.version_info[:3]))}, {versions}",
    }
