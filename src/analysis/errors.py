"""The one error type for bad input: its message names the file, and the row and field where known.

Usage::

    >>> from analysis.errors import DataError
    >>> str(DataError("data/stages.csv", "end_date before start_date", row=3, field="end_date"))
    'data/stages.csv:3:end_date: end_date before start_date'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MAX_MESSAGE = 300


@dataclass(frozen=True)
class Problem:
    """One problem in one place: ``file:row:field: message`` (row and field optional)."""

    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(str(self.row))
        if self.field is not None:
            if self.row is None:
                where.append("-")
            where.append(self.field)
        message = " ".join(self.message.split())
        if len(message) > MAX_MESSAGE:  # a runaway value (e.g. an unclosed quote) must not flood the line
            message = message[: MAX_MESSAGE - 1] + "…"
        return ":".join(where) + ": " + message


class DataError(Exception):
    """Bad input data. ``problems`` lists every problem found; ``str()`` is one line per problem."""

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
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> DataError:
        return cls("", problems=problems)


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
