"""The report on every supported Python found on this machine gives the committed figures, byte for byte.

For each version of ``scripts/check_python.py --list`` (pyproject's ``requires-python``) whose interpreter is
found (``python3.X`` on PATH, else under ``$PYENV_ROOT/versions/*/bin``), builds ``.venvs/py3.X`` with the
Makefile's own ``setup`` recipe, runs every notebook into a temporary folder (never over ``figures/``) and
compares every file there with ``figures/``: the sha256 of each file the committed manifest lists, no file
more or less, and the manifest itself with its one field that records the interpreter (``versions.python``)
left out, and the inputs' commit too when this checkout cannot state it (a shallow clone, uncommitted
changes). Prints one line per version; a difference names the version and the file. Exit 1 on any difference,
on a failed build or run, or when no supported interpreter is found; a version not found here is named as
skipped.

Usage::

    python3 scripts/check_pythons.py                   # every supported version found
    python3 scripts/check_pythons.py --python 3.13     # only these
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_python import supported_versions  # this folder's: the versions of pyproject's requires-python

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "figures"
VENVS = ROOT / ".venvs"
#: the manifest's fields that record the machine's interpreter rather than the figures (every package is pinned)
INTERPRETER_FIELDS = (("versions", "python"),)
#: the manifest's record of the inputs' commit: compared only when the run was built from clean, committed inputs
#: (a shallow clone or a tarball cannot tell the commit, and then only the figures are compared)
PROVENANCE_FIELDS = ("commit", "commit_date", "tree_clean")
RUN_REPORT = """
import sys
from pathlib import Path
from analysis import report
out = Path(sys.argv[1])
summary = report.run_report(reports_dir=out / "reports", figures_dir=out / "figures")
sys.exit(1 if summary.failed else 0)
"""


def find_interpreter(version: str) -> str | None:
    """The first ``python3.X`` that runs and is that version (a pyenv shim for a version not selected does not)."""
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(glob.glob(os.path.join(pyenv_root, "versions", f"{version}*", "bin", f"python{version}")))
    for candidate in filter(None, candidates):
        try:
            out = subprocess.run(
                [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if out.returncode == 0 and out.stdout.strip() == version:
            return candidate
    return None


def tree(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by its path relative to the project (``figures/en/x.png``)."""
    return {
        p.relative_to(root.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def manifest_without_interpreter(path: Path, provenance: bool = True) -> dict:
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if not provenance:
        for key in PROVENANCE_FIELDS:
            manifest.pop(key, None)
    for *parents, key in INTERPRETER_FIELDS:
        node = manifest
        for parent in parents:
            node = node.get(parent, {})
        node.pop(key, None)
    return manifest


def differences(fresh_root: Path, committed_root: Path = FIGURES) -> list[str]:
    """One line per file that differs: the manifest's listed files by sha256, files more or less, the manifest."""
    fresh, committed = tree(fresh_root), tree(committed_root)
    manifest = "figures/manifest.json"
    listed = json.loads((committed_root / "manifest.json").read_text(encoding="utf-8"))
    problems = []
    for fig in listed["figures"]:
        for f in fig["files"]:
            path, want = f["path"], f["sha256"]
            got = fresh.get(path)
            if got is None:
                problems.append(f"{path}: not produced")
            elif got != want:
                problems.append(f"{path}: sha256 {got[:12]} here, {want[:12]} in the committed manifest")
    listed_paths = {f["path"] for fig in listed["figures"] for f in fig["files"]} | {manifest}
    for path in sorted(set(fresh) - listed_paths):
        if path not in committed:
            problems.append(f"{path}: produced, not in the committed figures")
        elif fresh[path] != committed[path]:
            problems.append(f"{path}: other bytes than the committed file")
    problems += [f"{path}: committed, not produced" for path in sorted(set(committed) - set(fresh) - listed_paths)]
    if manifest not in fresh:
        problems.append(f"{manifest}: not produced")
        return problems
    clean = json.loads((fresh_root / "manifest.json").read_text(encoding="utf-8")).get("tree_clean") is True
    if manifest_without_interpreter(fresh_root / "manifest.json", clean) != manifest_without_interpreter(
        committed_root / "manifest.json", clean
    ):
        left_out = "versions.python" + ("" if clean else " and the inputs' commit, not known here")
        problems.append(f"{manifest}: other content than the committed one ({left_out} left out)")
    return problems


def check(version: str, interpreter: str, log_dir: Path) -> list[str]:
    """The lines that say what differs on this version (none: it gives the committed figures)."""
    venv = VENVS / f"py{version}"
    log = log_dir / f"py{version}.log"
    with log.open("w") as out:
        setup = subprocess.run(
            ["make", "--no-print-directory", "-C", str(ROOT), "setup", f"VENV={venv}", f"PYTHON_BOOT={interpreter}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if setup.returncode:
        return [f"Python {version} ({interpreter}): make setup failed, see {log}"]
    with tempfile.TemporaryDirectory(prefix=f"check-py{version}-") as tmp:
        with log.open("a") as out:
            run = subprocess.run(
                [str(venv / "bin" / "python"), "-c", RUN_REPORT, tmp], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
            )
        if run.returncode:
            return [f"Python {version}: the report failed, see {log}"]
        problems = differences(Path(tmp) / "figures")
    return [f"Python {version}: {p}" for p in problems]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", nargs="+", metavar="3.X", help="versions to check (default: every supported one)")
    args = parser.parse_args(argv)
    supported = supported_versions()
    versions = args.python or supported
    unknown = [v for v in versions if v not in supported]
    if unknown:
        print(f"check-pythons: not a supported version: {', '.join(unknown)} (supported: {', '.join(supported)})")
        return 1
    VENVS.mkdir(exist_ok=True)
    log_dir = VENVS / "logs"
    log_dir.mkdir(exist_ok=True)
    ok, checked = True, 0
    for version in versions:
        interpreter = find_interpreter(version)
        if interpreter is None:
            print(f"check-pythons: Python {version}: skipped, no working python{version} on PATH or under pyenv")
            continue
        start = time.monotonic()
        problems = check(version, interpreter, log_dir)
        for line in problems:
            print(f"check-pythons: {line}")
        if not problems:
            print(
                f"check-pythons: Python {version} ({interpreter}): every figure and the manifest byte-identical "
                f"to figures/ [{time.monotonic() - start:.0f} s]"
            )
        ok = ok and not problems
        checked += 1
    if not checked:
        print("check-pythons: no supported interpreter found")
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
