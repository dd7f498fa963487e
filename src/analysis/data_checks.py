"""The checks of the data package, in the order they run: files and CSV structure, Table Schemas
(frictionless), and what a schema cannot express (evidence spans, paragraphs, dates).

Every problem is a :class:`analysis.errors.Problem`, ``file:row:field: message``, where row is the
CSV line number (the header is line 1). :mod:`analysis.data` runs these checks when it loads.

Usage::

    >>> from analysis import data_checks, paths
    >>> from analysis.data import read_descriptor
    >>> data_checks.schema_problems(paths.DATA_DIR, read_descriptor(paths.DATA_DIR))
    []
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.errors import Problem, display_path

if TYPE_CHECKING:
    import pandas as pd

#: Where a secondary source's quoted evidence must appear: the reference sheets under data/references.
REFERENCES_GLOB = "references/*.md"


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r.get("name") == name)


def is_missing(value: Any) -> bool:
    """True for an empty cell: None, NA, NaN or ''."""
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def file_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Each resource file exists, stays inside the data folder, is UTF-8, parses as CSV, and has
    exactly its schema's columns, each row as many cells as the header.

    Checked before the schemas, so that one structural defect is reported once, at its place,
    rather than as a cascade of cell and key errors in this table and the tables that refer to it.
    """
    problems = []
    for res in descriptor["resources"]:
        path = data_dir / str(res.get("path", ""))
        file = display_path(path)
        if not path.resolve().is_relative_to(data_dir.resolve()) or not path.is_file():
            problems.append(Problem(file, f"resource {res.get('name')!r}: file not found"))
            continue
        blob = path.read_bytes()
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = blob[: exc.start].count(b"\n") + 1
            problems.append(Problem(file, f"not UTF-8: byte {blob[exc.start]:#04x} ({exc.reason})", line))
            continue
        problems.extend(_csv_structure_problems(file, text, [f["name"] for f in res["schema"]["fields"]]))
    return problems


def _csv_structure_problems(file: str, text: str, expected: list[str]) -> list[Problem]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        return [Problem(file, f"CSV does not parse from line {start}: {exc} (an unclosed quote?)", start)]
    if not rows:
        return [Problem(file, "empty file: no header")]
    header = rows[0][1]
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            return [Problem(file, f"header lacks column(s) {', '.join(missing)}", 1, missing[0])]
        if extra:
            return [Problem(file, f"header has unknown column(s) {', '.join(extra)}", 1, extra[0])]
        return [Problem(file, f"columns out of order: expected {', '.join(expected)}", 1)]
    return [
        Problem(file, f"row has {len(row)} cells, the header {len(header)}", line)
        for line, row in rows[1:]
        if row and len(row) != len(header)
    ]


def schema_problems(data_dir: Path, descriptor: dict) -> list[Problem]:
    """Problems frictionless finds against the Table Schemas (types, enums, keys, encodings)."""
    from frictionless import FrictionlessException
    from frictionless import Package as FPackage

    problems = file_problems(data_dir, descriptor)
    if problems:
        return problems
    descriptor_path = data_dir / "datapackage.json"
    try:
        report = FPackage(str(descriptor_path)).validate()
    except FrictionlessException as exc:
        return [Problem(display_path(descriptor_path), exc.error.message)]
    for error in report.errors:
        problems.append(Problem(display_path(descriptor_path), error.message))
    for task in report.tasks:
        file = display_path(data_dir / task.place) if task.place else display_path(descriptor_path)
        unique_rows = {getattr(e, "row_number", None) for e in task.errors if e.type == "unique-error"}
        for error in task.errors:
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


def content_problems(
    data_dir: Path, descriptor: dict, tables: dict[str, pd.DataFrame], texts: dict[str, str]
) -> list[Problem]:
    """The checks a Table Schema cannot express: evidence spans, paragraphs, date order."""
    # Long because check_span closes over the texts, paragraphs and references it checks every table against.
    from analysis.arabic import split_paragraphs

    problems: list[Problem] = []
    references = "\n".join(p.read_text(encoding="utf-8") for p in sorted(data_dir.glob(REFERENCES_GLOB)))
    paragraphs = {sid: split_paragraphs(t) for sid, t in texts.items()}
    sourced = set(tables["sources"]["source_id"])
    with_text = set(tables["sources"].dropna(subset=["path"])["source_id"])

    def check_span(file: str, row: int, fieldname: str, source_id: Any, evidence: Any, paragraph: Any = None) -> None:
        if is_missing(evidence) or is_missing(source_id) or source_id not in sourced:
            return  # required-ness and foreign keys are the schema's job
        if source_id in with_text and source_id not in texts:
            return  # its raw text is unreadable: already reported once
        if source_id in texts:
            if evidence not in texts[source_id]:
                problems.append(
                    Problem(file, f"evidence {_short(evidence)} is not in the text of {source_id}", row, fieldname)
                )
            elif not is_missing(paragraph):
                paras = paragraphs[source_id]
                if not 1 <= int(paragraph) <= len(paras):
                    problems.append(
                        Problem(
                            file,
                            f"paragraph {paragraph} is past the end of {source_id} ({len(paras)} paragraphs)",
                            row,
                            "paragraph",
                        )
                    )
                elif evidence not in paras[int(paragraph) - 1].text:
                    problems.append(
                        Problem(
                            file,
                            f"evidence {_short(evidence)} is in {source_id} but not in paragraph {paragraph}",
                            row,
                            fieldname,
                        )
                    )
        else:
            if not is_missing(paragraph):
                problems.append(
                    Problem(file, f"paragraph given for {source_id}, which has no raw text", row, "paragraph")
                )
            if evidence not in references:
                problems.append(
                    Problem(
                        file,
                        f"evidence {_short(evidence)} for {source_id} is not quoted in data/{REFERENCES_GLOB}",
                        row,
                        fieldname,
                    )
                )

    problems += _hand_coding_problems(data_dir, descriptor, tables.get("paragraph_themes"), paragraphs)

    for name in ("stages", "stage_organisers", "participation", "statements", "events"):
        df = tables[name]
        file = display_path(data_dir / _resource(descriptor, name)["path"])
        for i, row in enumerate(df.to_dict("records"), start=2):
            check_span(file, i, "evidence", row.get("source_id"), row.get("evidence"), row.get("paragraph"))
            if name == "stages":
                check_span(
                    file, i, "corroboration_evidence", row.get("corroborated_by"), row.get("corroboration_evidence")
                )
                if (
                    not (is_missing(row["start_date"]) or is_missing(row["end_date"]))
                    and row["end_date"] < row["start_date"]
                ):
                    problems.append(
                        Problem(
                            file,
                            f"end_date {row['end_date']:%Y-%m-%d} is before start_date {row['start_date']:%Y-%m-%d}",
                            i,
                            "end_date",
                        )
                    )
            if name == "events":
                problems.extend(_event_date_problems(file, i, row))
    return problems


def _event_date_problems(file: str, row: int, rec: dict) -> list[Problem]:
    value, precision = rec.get("date"), rec.get("date_precision")
    if is_missing(value) or is_missing(precision):
        return []
    if precision == "year":
        ok = re.fullmatch(r"\d{4}", value) is not None
    else:
        try:
            ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(date.fromisoformat(value))
        except ValueError:
            ok = False
    if not ok:
        return [Problem(file, f"date {value!r} is not a valid date at {precision} precision", row, "date")]
    return []


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= n else text[:n] + "...")


def _hand_coding_problems(data_dir: Path, descriptor: dict, coded, paragraphs: dict) -> list[Problem]:
    """A hand coding must cover every paragraph of its source, and only those."""
    problems: list[Problem] = []
    if coded is not None:
        file = display_path(data_dir / _resource(descriptor, "paragraph_themes")["path"])
        for i, rec in enumerate(coded.to_dict("records"), start=2):
            sid = rec["source_id"]
            if sid in paragraphs and not 1 <= rec["paragraph"] <= len(paragraphs[sid]):
                problems.append(
                    Problem(
                        file,
                        f"paragraph {rec['paragraph']} is past the end of {sid} ({len(paragraphs[sid])} paragraphs)",
                        i,
                        "paragraph",
                    )
                )
        for sid in sorted(set(coded["source_id"]) & set(paragraphs)):
            missing = sorted(
                set(range(1, len(paragraphs[sid]) + 1)) - set(coded.loc[coded["source_id"] == sid, "paragraph"])
            )
            if missing:
                problems.append(
                    Problem(
                        file,
                        f"paragraph(s) {', '.join(map(str, missing))} of {sid} not coded (every paragraph must be)",
                        field="paragraph",
                    )
                )

    return problems
