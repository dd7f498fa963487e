"""Reading a file of the package without ever blocking: only regular files are read, JSON strictly.

A FIFO, a device, a socket or a folder where a table, a raw text or a reference sheet should be would
hang a plain ``read_bytes`` (or fail with a traceback). Files are opened without blocking and checked
with ``fstat`` on the open descriptor, so that what is checked is what is read. The descriptor's JSON is
read strictly: Python's ``json`` takes NaN and Infinity, which JSON does not, and deep nesting ends in a
RecursionError; both are one line here.

Usage::

    >>> import os, tempfile
    >>> from pathlib import Path
    >>> from analysis.data_checks.reading import NotReadable, read_regular_bytes
    >>> folder = Path(tempfile.mkdtemp())
    >>> os.mkfifo(folder / "pipe")
    >>> try:
    ...     read_regular_bytes(folder / "pipe")
    ... except NotReadable as exc:
    ...     print(exc)
    a FIFO (named pipe), not a regular file
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from analysis.errors import DataError, Problem, display_path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotReadable(Exception):
    """The path is missing, not a regular file, or cannot be read; ``str()`` says which, in a few words."""


def kind_of_file(mode: int) -> str:
    """What a file mode is, in words: 'a folder', 'a FIFO (named pipe)', ..., 'a regular file'."""
    return next((name for test, name in _KINDS if test(mode)), "a regular file")


def read_regular_bytes(path: Path) -> bytes:
    """The bytes of ``path`` if it is a regular file (symbolic links followed); NotReadable otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO this way returns at once
    except FileNotFoundError:
        raise NotReadable("not found") from None
    except IsADirectoryError:
        raise NotReadable("a folder, not a regular file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise NotReadable(f"cannot be opened ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotReadable(f"{kind_of_file(mode)}, not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise NotReadable(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def non_regular_problems(folder: Path, skip: set[Path] | frozenset = frozenset()) -> list[Problem]:
    """One problem per entry of ``folder`` that is not a regular file (raw/ holds only the source texts),
    except the resolved paths in ``skip`` (those a source names: reported at its row)."""
    problems = []
    try:
        entries = [e for e in sorted(folder.iterdir()) if e.resolve() not in skip]
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [Problem(display_path(folder), f"cannot be listed ({exc.strerror})")]
    for entry in entries:
        try:
            mode = entry.stat().st_mode
        except OSError:
            problems.append(Problem(display_path(entry), "a broken link: raw/ holds only source texts"))
            continue
        if not stat.S_ISREG(mode):
            problems.append(
                Problem(display_path(entry), f"{kind_of_file(mode)}, not a regular file: raw/ holds only source texts")
            )
    return problems


def package_folder(data_dir: Path) -> Path:
    """``data_dir`` if it is a folder; DataError naming it otherwise (``--data`` names a folder, not a file)."""
    try:
        is_dir, exists = data_dir.is_dir(), data_dir.exists()
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise DataError(str(data_dir), f"not a usable folder name ({exc})") from None
    if not is_dir:
        message = "not a folder: a data package is a folder holding datapackage.json" if exists else "no such folder"
        raise DataError(data_dir, message)
    return data_dir


class _NotStrictJSON(ValueError):
    """NaN, Infinity or a number too large for a float: accepted by Python's json, not by JSON."""


def _refuse(token: str) -> float:
    raise _NotStrictJSON(f"{token} is not a JSON value")


def _finite(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise _NotStrictJSON(f"number {token[:20]} is too large")
    return value


def read_strict_json(path: Path, missing: str = "not found") -> Any:
    """The JSON value in the regular file ``path``, strictly: no BOM, no NaN or Infinity, no float overflow,
    no nesting Python cannot follow. DataError (``missing`` when there is no file) otherwise."""
    try:
        blob = read_regular_bytes(path)
    except NotReadable as exc:
        raise DataError(path, missing if str(exc) == "not found" else str(exc)) from None
    if blob.startswith(b"\xef\xbb\xbf"):
        raise DataError(path, "starts with a UTF-8 BOM (byte order mark): save it as UTF-8 without a BOM", row=1)
    try:
        return json.loads(blob.decode("utf-8"), parse_constant=_refuse, parse_float=_finite)
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise DataError(path, message, row=exc.lineno) from None
    except RecursionError:
        raise DataError(path, "not valid JSON for a data package: nested too deeply") from None
    except ValueError as exc:  # NaN, Infinity, an integer of thousands of digits
        raise DataError(path, f"not valid JSON: {exc}") from None
