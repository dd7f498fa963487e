"""Validate once per content: a clean validation of the data package is remembered, keyed by its bytes.

The key is a sha256 over every file a load reads (the descriptor, every resource it names, the raw texts
``sources.csv`` names and every entry of ``raw/``, the reference sheets), each with its path relative to the
data folder, together with the version of the package, of frictionless and of the checks' own code. A changed
byte anywhere gives another key, and the package is validated again. Only a validation that found no problem
is remembered: bad input is checked in full every time, so it always gets its ``file:row:field: message`` lines.
When a file is not a regular file inside the data folder there is no key: the full check reports it.

The cache is one small file per key, in ``$DUSHANBE_KUWAIT_CACHE_DIR`` if set, else
``$XDG_CACHE_HOME/dushanbe-kuwait-analysis`` (``~/.cache/dushanbe-kuwait-analysis``), never inside the
project (a folder there is not used). It is written atomically; one that is missing, unreadable or corrupt
counts as not validated.

Usage::

    >>> import os, tempfile
    >>> from analysis import paths
    >>> from analysis.data import read_descriptor
    >>> from analysis.data_checks import cache
    >>> os.environ[cache.ENV_VAR] = tempfile.mkdtemp()
    >>> key = cache.content_key(paths.DATA_DIR, read_descriptor(paths.DATA_DIR))
    >>> cache.is_validated(key)
    False
    >>> cache.remember_validated(key)
    >>> cache.is_validated(key)
    True
    >>> del os.environ[cache.ENV_VAR]
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import analysis
from analysis import paths
from analysis.data_checks.content import REFERENCES_GLOB
from analysis.data_checks.reading import NotReadable, read_regular_bytes
from analysis.files import atomic_write_bytes

#: Environment variable naming the cache folder (tests point it into a temporary folder).
ENV_VAR = "DUSHANBE_KUWAIT_CACHE_DIR"
APP_NAME = "dushanbe-kuwait-analysis"
#: Entries kept; the oldest beyond this are removed when one is added.
MAX_ENTRIES = 64
_FORMAT = 1
_CODE = (Path(__file__).parent, paths.PACKAGE_DIR / "data.py")


def cache_dir() -> Path | None:
    """The folder of the validation cache, or None when it would lie inside the project (never used there)."""
    explicit = os.environ.get(ENV_VAR)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if explicit:
        folder = Path(explicit)
    elif xdg and Path(xdg).is_absolute():
        folder = Path(xdg) / APP_NAME
    else:
        folder = Path.home() / ".cache" / APP_NAME
    try:
        folder = folder.resolve()
        inside = folder.is_relative_to(paths.PROJECT_ROOT.resolve())
    except (OSError, RuntimeError, ValueError):
        return None
    return None if inside else folder


def package_files(data_dir: Path, descriptor: dict) -> list[Path] | None:
    """Every file a load of the package reads, or None if one is not a regular file inside the data folder
    (or ``sources.csv`` is no readable CSV): then the full validation says what is wrong."""
    root = data_dir.resolve()
    files = {data_dir / "datapackage.json"}
    files |= {data_dir / res["path"] for res in descriptor["resources"]}
    sources = next((r for r in descriptor["resources"] if r.get("name") == "sources"), None)
    try:
        blob = read_regular_bytes(data_dir / sources["path"]) if sources else b""
        rows = list(csv.DictReader(io.StringIO(blob.decode("utf-8"), newline="")))
        files |= {data_dir / row["path"] for row in rows if row.get("path")}
        if (data_dir / "raw").exists():
            files |= set((data_dir / "raw").iterdir())
        files |= set(data_dir.glob(REFERENCES_GLOB))
        if not all(p.resolve().is_relative_to(root) and p.is_file() for p in files):
            return None
    except (NotReadable, UnicodeDecodeError, csv.Error, OSError, ValueError, RuntimeError):
        return None
    return sorted(files, key=lambda p: p.resolve().relative_to(root).as_posix())


def content_key(data_dir: Path, descriptor: dict) -> str | None:
    """The sha256 (hex) naming this content of the package and this code; None when there is none."""
    files = package_files(data_dir, descriptor)
    if files is None:
        return None
    root = data_dir.resolve()
    key = hashlib.sha256(f"validation {_FORMAT}\0{analysis.__version__}\0{_frictionless_version()}\0".encode())
    key.update(_code_digest().encode())
    try:
        for path in files:
            blob = read_regular_bytes(path)
            name = path.resolve().relative_to(root).as_posix()
            key.update(f"\0{name}\0{len(blob)}\0".encode() + hashlib.sha256(blob).digest())
    except (NotReadable, OSError, ValueError):
        return None
    return key.hexdigest()


def is_validated(key: str | None) -> bool:
    """True if the content named ``key`` was validated with no problem (a corrupt entry is ignored)."""
    folder = cache_dir()
    if key is None or folder is None:
        return False
    try:
        entry = json.loads(read_regular_bytes(folder / f"{key}.json"))
    except (NotReadable, ValueError, RecursionError):
        return False
    return isinstance(entry, dict) and entry == {"format": _FORMAT, "key": key, "problems": []}


def remember_validated(key: str | None) -> None:
    """Record that the content named ``key`` validated with no problem; a cache that cannot be written is
    no error (the next load validates again)."""
    folder = cache_dir()
    if key is None or folder is None:
        return
    entry = json.dumps({"format": _FORMAT, "key": key, "problems": []}, sort_keys=True).encode()
    try:
        atomic_write_bytes(folder / f"{key}.json", entry)
        _prune(folder)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)


def _frictionless_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frictionless")
    except PackageNotFoundError:
        return "none"


def _code_digest() -> str:
    """sha256 of the checks' own source (data_checks/ and data.py): changed checks mean a new validation."""
    digest = hashlib.sha256()
    code = sorted(_CODE[0].glob("*.py")) + [_CODE[1]]
    for path in code:
        try:
            digest.update(path.name.encode() + b"\0" + read_regular_bytes(path))
        except NotReadable:
            digest.update(path.name.encode() + b"\0missing")
    return digest.hexdigest()
