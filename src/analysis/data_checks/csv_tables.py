"""The resource files: readable, CSV-shaped, their cells fit for typed reading, then the Table Schemas.

Files and CSV structure are checked before the schemas, so that one structural defect (a BOM, a blank line,
a short row, an unclosed quote) is reported once, at its place, rather than as a cascade of cell and key
errors in this table and the tables that refer to it. Cells are checked for what frictionless lets through
but typed reading cannot take: Arabic-Indic digits and integers past 64 bits in numeric fields, and an id
that matches its pattern only up to a trailing line break.

Usage::

    >>> from analysis import paths
    >>> from analysis.data import read_descriptor
    >>> from analysis.data_checks.csv_tables import schema_problems
    >>> schema_problems(paths.DATA_DIR, read_descriptor(paths.DATA_DIR))
    []
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from analysis.data_checks.reading import NotReadable, read_regular_bytes
from analysis.errors import Problem, display_path

#: frictionless stops checking a table after this many errors; we say so when it does.
LIMIT_ERRORS = 1000
INT64_MAX = 2**63 - 1
_NUMERIC_TYPES = ("integer", "number", "year", "date", "datetime", "yearmonth", "time")


def file_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Each resource file is a regular file inside the data folder, UTF-8 without BOM, parses as CSV with
    exactly its schema's columns, has no blank line, and each row as many cells as the header."""
    return _read_tables(data_dir, descriptor)[0]


def _read_tables(data_dir: Path, descriptor: dict) -> tuple[list[Problem], dict[str, list[list[str]]]]:
    problems: list[Problem] = []
    rows_by_resource: dict[str, list[list[str]]] = {}
    for res in descriptor["resources"]:
        path = data_dir / res["path"]
        file = display_path(path)
        if not path.resolve().is_relative_to(data_dir.resolve()):
            problems.append(Problem(file, f"resource {res['name']!r}: the path leaves the data folder"))
            continue
        try:
            blob = read_regular_bytes(path)
        except NotReadable as exc:
            reason = "file not found" if str(exc) == "not found" else str(exc)
            problems.append(Problem(file, f"resource {res['name']!r}: {reason}"))
            continue
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = blob[: exc.start].count(b"\n") + 1
            problems.append(Problem(file, f"not UTF-8: byte {blob[exc.start]:#04x} ({exc.reason})", line))
            continue
        table_problems, rows = _csv_structure(file, text, [f["name"] for f in res["schema"]["fields"]])
        problems += table_problems
        rows_by_resource[res["name"]] = rows
    return problems, rows_by_resource


def _csv_structure(file: str, text: str, expected: list[str]) -> tuple[list[Problem], list[list[str]]]:
    """Problems of the CSV's shape, and its records (header first) when it has none."""
    if text.startswith("\ufeff"):
        return [Problem(file, "starts with a UTF-8 BOM (byte order mark): save it as UTF-8 without a BOM", 1)], []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        return [Problem(file, f"CSV does not parse from line {start}: {exc} (an unclosed quote?)", start)], []
    if not rows:
        return [Problem(file, "empty file: no header")], []
    header = rows[0][1]
    if header != expected:
        return [_header_problem(file, header, expected)], []
    problems = [
        Problem(file, "blank line: a table has no empty rows (remove it)", line)
        if not any(cell.strip() for cell in row)
        else Problem(file, f"row has {len(row)} cells, the header {len(header)}", line)
        for line, row in rows[1:]
        if not any(cell.strip() for cell in row) or len(row) != len(header)
    ]
    return problems, [row for _, row in rows]


def _header_problem(file: str, header: list[str], expected: list[str]) -> Problem:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        instead = f" (found instead: {', '.join(map(repr, extra))})" if extra else ""
        return Problem(file, f"header lacks column(s) {', '.join(missing)}{instead}", 1, missing[0])
    if extra:
        return Problem(file, f"header has unknown column(s) {', '.join(extra)}", 1, extra[0])
    return Problem(file, f"columns out of order: expected {', '.join(expected)}", 1)


def cell_problems(file: str, fields: list[dict], rows: list[list[str]]) -> list[Problem]:
    """Cells frictionless accepts but typed reading cannot: non-ASCII digits in a numeric or date field, an
    integer past 64 bits, a value matching its pattern only before a trailing line break."""
    problems = []
    for column, field in enumerate(fields):
        kind = field.get("type", "string")
        pattern = field.get("constraints", {}).get("pattern")
        for record, row in enumerate(rows[1:], start=2):
            cell = row[column]
            message = _cell_message(cell, kind, pattern) if cell else None
            if message:
                problems.append(Problem(file, message, record, field["name"]))
    return problems


def _cell_message(cell: str, kind: str, pattern: str | None) -> str | None:
    if kind in _NUMERIC_TYPES and any(ch.isdecimal() and not ch.isascii() for ch in cell):
        western = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in cell)
        return f"value {cell!r} has Arabic-Indic (non-ASCII) digits: write it with 0-9, as {western!r}"
    message = _integer_message(cell) if kind == "integer" else None
    if message:
        return message
    if pattern is not None and re.match(f"^{pattern}$", cell) and not re.fullmatch(pattern, cell):
        return f'constraint error: value {cell!r}: constraint "pattern" is "{pattern}" (a line break at its end)'
    return None


def _integer_message(cell: str) -> str | None:
    plain = re.fullmatch(r"\s*[+-]?0*([0-9]+)\s*", cell)
    if plain is None:
        try:
            int(cell)  # Python's int(), as frictionless uses it, also takes '1_000'
        except ValueError:
            return None  # not an integer at all: frictionless says so
        return f"value {cell!r} is not written in plain digits 0-9"
    if len(plain.group(1)) > len(str(INT64_MAX)) or int(plain.group(1)) > INT64_MAX:
        return f"value {_short_number(cell)} is too large for an integer field (at most {INT64_MAX})"
    return None


def _short_number(cell: str) -> str:
    cell = cell.strip()
    return cell if len(cell) <= 30 else f"{cell[:12]}...{cell[-6:]} ({len(cell)} digits)"


def schema_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Problems of the files, their cells, and what frictionless finds against the Table Schemas (types,
    enums, keys); the descriptor is assumed sound (:func:`descriptor_problems`)."""
    problems, rows_by_resource = _read_tables(data_dir, descriptor)
    if problems:
        return problems
    for res in descriptor["resources"]:
        file = display_path(data_dir / res["path"])
        problems += cell_problems(file, res["schema"]["fields"], rows_by_resource[res["name"]])
    seen = {(p.file, p.row, p.field) for p in problems}
    problems += [p for p in _frictionless_problems(data_dir) if (p.file, p.row, p.field) not in seen]
    return problems


def _frictionless_problems(data_dir: Path) -> list[Problem]:
    from frictionless import FrictionlessException
    from frictionless import Package as FPackage

    descriptor_path = data_dir / "datapackage.json"
    descriptor_file = display_path(descriptor_path)
    try:
        report = FPackage(str(descriptor_path)).validate(limit_errors=LIMIT_ERRORS)
    except FrictionlessException as exc:
        return [Problem(descriptor_file, exc.error.message)]
    except Exception as exc:  # a third-party check must not end the command in a traceback
        return [Problem(descriptor_file, f"frictionless cannot check the package ({type(exc).__name__}: {exc})")]
    problems = [Problem(descriptor_file, error.message) for error in report.errors]
    for task in report.tasks:
        file = display_path(data_dir / task.place) if task.place else descriptor_file
        problems += _task_problems(file, task.errors)
        if any("reached error limit" in w for w in task.warnings):
            problems.append(Problem(file, f"checking stopped after {LIMIT_ERRORS} problems: there may be more"))
    return problems


def _task_problems(file: str, errors: list) -> list[Problem]:
    problems = []
    unique_rows = {getattr(e, "row_number", None) for e in errors if e.type == "unique-error"}
    for error in errors:
        row = getattr(error, "row_number", None)
        if error.type == "primary-key" and row in unique_rows:
            continue  # a one-column key is also 'unique': the same defect, already reported
        fname = (
            getattr(error, "field_name", None)
            or getattr(error, "label", None)
            or ",".join(getattr(error, "field_names", None) or [])
        )
        problems.append(Problem(file, _error_message(error), row, fname or None))
    return problems


def _error_message(error: Any) -> str:
    """A frictionless error as one readable sentence, naming the bad value where there is one."""
    cell = getattr(error, "cell", None)
    note = getattr(error, "note", "") or ""
    if error.type == "foreign-key":
        return f"{error.title.lower()}: {note}"
    if cell not in (None, ""):
        return f"{error.title.lower()}: value {cell!r}: {note}" if note else f"{error.title.lower()}: value {cell!r}"
    return f"{error.title.lower()}: {note}" if note else error.message
