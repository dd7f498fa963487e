"""The one error type for bad input: its message names the file, and the row and field where known.

Every line shown to a reader passes through :func:`one_line`: ASCII whitespace runs fold to one space and every
other invisible or control character is written as an escape (``\\x1b``, ``\\u200b``, ``\\xa0``), so that a
value can neither break the line nor rewrite the terminal. A long list of problems ends with "and N more".

Usage::

    >>> from analysis.errors import DataError, one_line
    >>> str(DataError("data/stages.csv", "end_date before start_date", row=3, field="end_date"))
    'data/stages.csv:3:end_date: end_date before start_date'
    >>> one_line("id s04a\\u200b\\x1b[2K and\\n more")
    'id s04a\\\\u200b\\\\x1b[2K and more'
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

#: Longest message of one problem; a runaway value (e.g. an unclosed quote) must not flood the line.
MAX_MESSAGE = 300
#: Most problems a DataError shows; the rest are counted in a last line "and N more problem(s)".
MAX_SHOWN = 100
_FOLDED = " \t\n\r\v\f"


def escape(text: str) -> str:
    """``text`` with each invisible or control character (except ASCII whitespace) as a Python escape."""
    return "".join(ch if ch.isprintable() or ch in _FOLDED else _escape_char(ch) for ch in text)


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def os_error_message(exc: OSError) -> str:
    """An OSError in a few words: what failed ("disk full" for ENOSPC) and the file it names, if any."""
    what = "disk full" if exc.errno == errno.ENOSPC else exc.strerror or type(exc).__name__
    where = f" ({one_line(str(exc.filename))})" if exc.filename is not None else ""
    return f"{what}{where}"


def one_line(text: str, limit: int | None = None) -> str:
    """``text`` escaped, its whitespace folded to single spaces, and cut to ``limit`` characters (with …)."""
    line = " ".join(_fold(escape(str(text))))
    if limit is not None and len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


def _fold(text: str) -> list[str]:
    """The words of ``text`` split at ASCII whitespace only (``str.split()`` would also eat NBSP and \\x1c)."""
    for ch in _FOLDED[1:]:
        text = text.replace(ch, " ")
    return [part for part in text.split(" ") if part]


@dataclass(frozen=True)
class Problem:
    """One problem in one place: ``file:row:field: message`` (row and field optional)."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [escape(self.file)]
        if self.row is not None:
            where.append(str(self.row))
        if self.field is not None:
            if self.row is None:
                where.append("-")
            where.append(escape(self.field))
        return ":".join(where) + ": " + one_line(self.message, MAX_MESSAGE)


class DataError(Exception):
    """Bad input data. ``problems`` lists every problem found; ``str()`` is one line per problem, at most
    :data:`MAX_SHOWN` of them and then one line counting the rest."""

    def __init__(
        self,
        file: str | Path,
        message: str = "",
        *,
        row: int | None = None,
        field: str | None = None,
        problems: list[Problem] | None = None,
    ):
        self.problems = list(problems) if problems else [Problem(display_path(file), message, row, field)]
        super().__init__(shown_lines(self.problems))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> DataError:
        return cls("", problems=problems)


def shown_lines(problems: list[Problem], limit: int = MAX_SHOWN) -> str:
    """The problems one per line; past ``limit``, the first ``limit`` and a line "and N more problem(s)"."""
    lines = [str(p) for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"and {len(problems) - limit} more problem(s)")
    return "\n".join(lines)


def display_path(path: str | Path) -> str:
    """A path as shown in messages: relative to the project root when inside it."""
    from analysis.paths import PROJECT_ROOT

    p = Path(path)
    try:
        return p.resolve().relative_to(PROJECT_ROOT).as_posix()
    except (ValueError, OSError):
        return str(path)


class UsageError(Exception):
    """A bad request (unknown source, theme, notebook or parameter, bad language): one line, exit 1."""
