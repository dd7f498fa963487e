"""The checks a Table Schema cannot express: evidence spans, paragraphs and their anchors, counts, dates.

- every ``evidence`` is verbatim in its source's raw text (and in the paragraph it cites), or, for a source
  with no text, quoted in the reference sheets ``references/*.md``;
- a participation ``count`` is written in its evidence, in digits (0-9 or Arabic-Indic);
- a row tied to a paragraph (``statements``, the hand coding) carries the paragraph's anchor (see
  :func:`analysis.data_checks.anchors.paragraph_anchor`), so that a raw text edited or reordered is caught;
- only a source with a raw text is hand coded, and every paragraph of it;
- end dates follow start dates; dates and ``published`` timestamps are real; the default source has a text.

Usage::

    >>> from analysis.data_checks.content import numbers_in
    >>> sorted(numbers_in("أكثر من 450 مشاركاً بينهم ٣٣ وزيراً و1,200 مراقب"))
    [1, 33, 200, 450, 1200]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data_checks.anchors import anchor_problems, hand_coding_problems
from analysis.data_checks.reading import NotReadable, read_regular_bytes
from analysis.errors import Problem, display_path

if TYPE_CHECKING:
    import pandas as pd

#: Where a secondary source's quoted evidence must appear: the reference sheets under data/references.
REFERENCES_GLOB = "references/*.md"
#: Tables whose rows quote their source in ``evidence``.
EVIDENCED = ("stages", "stage_organisers", "participation", "statements", "events")
_NUMBER = re.compile(r"\d+(?:[,٬]\d{3})*")  # \d: any decimal digit, Western or Arabic-Indic
_MAX_OFFSET = timedelta(hours=14)  # real UTC offsets run from -12:00 to +14:00


def is_missing(value: Any) -> bool:
    """True for an empty cell: None, NA, NaN or ''."""
    import pandas as pd

    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or value == ""


def numbers_in(text: str) -> set[int]:
    """Every number written in digits in ``text`` (either script), with and without its thousands separators."""
    found: set[int] = set()
    for match in _NUMBER.finditer(text):
        found.add(int(re.sub("[,٬]", "", match.group())))
        found.update(int(run) for run in re.findall(r"\d+", match.group()))
    return found


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return repr(text if len(text) <= n else text[:n] + "...")


def _resource_file(data_dir: Path, descriptor: dict, name: str) -> str:
    return display_path(data_dir / next(r for r in descriptor["resources"] if r.get("name") == name)["path"])


def reference_sheets(data_dir: Path) -> tuple[str, list[Problem]]:
    """The reference sheets' text joined, and a problem for each sheet that is not a readable UTF-8 file."""
    texts, problems = [], []
    for path in sorted(data_dir.glob(REFERENCES_GLOB)):
        try:
            blob = read_regular_bytes(path)
            texts.append(blob.decode("utf-8"))
        except NotReadable as exc:
            problems.append(Problem(display_path(path), f"reference sheet: {exc}"))
        except UnicodeDecodeError as exc:
            line = blob[: exc.start].count(b"\n") + 1
            problems.append(Problem(display_path(path), f"not UTF-8: byte {blob[exc.start]:#04x} ({exc.reason})", line))
    return "\n".join(texts), problems


@dataclass(frozen=True)
class _Sources:
    """What evidence is checked against: the raw texts, their paragraphs, the reference sheets."""

    texts: dict[str, str]
    paragraphs: dict[str, list]
    references: str
    known: set[str]
    with_text: set[str]

    def span_problems(self, file: str, row: int, field: str, source_id: Any, evidence: Any, paragraph: Any = None):
        if is_missing(evidence) or is_missing(source_id) or source_id not in self.known:
            return []  # required-ness and foreign keys are the schema's job
        if source_id in self.with_text and source_id not in self.texts:
            return []  # its raw text is unreadable: already reported once
        if source_id not in self.texts:
            return self._secondary_problems(file, row, field, source_id, evidence, paragraph)
        if evidence not in self.texts[source_id]:
            return [Problem(file, f"evidence {_short(evidence)} is not in the text of {source_id}", row, field)]
        if is_missing(paragraph):
            return []
        paras = self.paragraphs[source_id]
        if not 1 <= int(paragraph) <= len(paras):
            message = f"paragraph {paragraph} is past the end of {source_id} ({len(paras)} paragraphs)"
            return [Problem(file, message, row, "paragraph")]
        if evidence not in paras[int(paragraph) - 1].text:
            message = f"evidence {_short(evidence)} is in {source_id} but not in paragraph {paragraph}"
            return [Problem(file, message, row, field)]
        return []

    def _secondary_problems(self, file, row, field, source_id, evidence, paragraph) -> list[Problem]:
        problems = []
        if not is_missing(paragraph):
            problems.append(Problem(file, f"paragraph given for {source_id}, which has no raw text", row, "paragraph"))
        if evidence not in self.references:
            message = f"evidence {_short(evidence)} for {source_id} is not quoted in data/{REFERENCES_GLOB}"
            problems.append(Problem(file, message, row, field))
        return problems


def content_problems(
    data_dir: Path, descriptor: dict, tables: dict[str, pd.DataFrame], texts: dict[str, str]
) -> list[Problem]:
    """The checks a Table Schema cannot express, over typed tables and the decoded raw texts."""
    from analysis.arabic import split_paragraphs

    references, problems = reference_sheets(data_dir)
    sources = tables["sources"]
    checker = _Sources(
        texts,
        {sid: split_paragraphs(t) for sid, t in texts.items()},
        references,
        set(sources["source_id"]),
        set(sources.dropna(subset=["path"])["source_id"]),
    )
    file_of = {name: _resource_file(data_dir, descriptor, name) for name in (*EVIDENCED, "sources", "paragraph_themes")}
    problems += _default_source_problems(data_dir, descriptor, checker)
    problems += _published_problems(file_of["sources"], sources)
    coding_file = file_of["paragraph_themes"]
    problems += hand_coding_problems(coding_file, tables["paragraph_themes"], checker.paragraphs, checker.with_text)
    problems += anchor_problems(coding_file, tables["paragraph_themes"], checker.paragraphs)[0]
    moved, moved_rows = anchor_problems(file_of["statements"], tables["statements"], checker.paragraphs)
    problems += moved
    for name in EVIDENCED:
        file = file_of[name]
        for i, rec in enumerate(tables[name].to_dict("records"), start=2):
            # a row whose paragraph moved is reported once, by its anchor
            paragraph = None if name == "statements" and i in moved_rows else rec.get("paragraph")
            span = checker.span_problems(file, i, "evidence", rec.get("source_id"), rec.get("evidence"), paragraph)
            problems += span + _row_problems(name, file, i, rec, checker)
            if name == "participation" and not span:  # a count is compared with its evidence once that is sound
                problems += _count_problems(file, i, rec)
    return problems


def _row_problems(name: str, file: str, row: int, rec: dict, checker: _Sources) -> list[Problem]:
    if name == "stages":
        problems = checker.span_problems(
            file, row, "corroboration_evidence", rec.get("corroborated_by"), rec.get("corroboration_evidence")
        )
        return problems + _stage_date_problems(file, row, rec)
    if name == "events":
        return _event_date_problems(file, row, rec)
    return []


def _count_problems(file: str, row: int, rec: dict) -> list[Problem]:
    count, evidence = rec.get("count"), rec.get("evidence")
    if is_missing(count) or is_missing(evidence) or int(count) in numbers_in(evidence):
        return []
    message = f"count {count} is not written in its evidence {_short(evidence)} (as digits, 0-9 or ٠-٩)"
    return [Problem(file, message, row, "count")]


def _stage_date_problems(file: str, row: int, rec: dict) -> list[Problem]:
    start, end = rec.get("start_date"), rec.get("end_date")
    if is_missing(start) or is_missing(end) or not end < start:
        return []
    return [Problem(file, f"end_date {end:%Y-%m-%d} is before start_date {start:%Y-%m-%d}", row, "end_date")]


def _event_date_problems(file: str, row: int, rec: dict) -> list[Problem]:
    value, precision = rec.get("date"), rec.get("date_precision")
    if is_missing(value) or is_missing(precision):
        return []
    ok = re.fullmatch("[0-9]{4}", value) is not None if precision == "year" else _is_day(value)
    if not ok:
        return [Problem(file, f"date {value!r} is not a valid date at {precision} precision", row, "date")]
    return []


def _is_day(value: str) -> bool:
    if not re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_timestamp(value: str) -> bool:
    """A real YYYY-MM-DD date, or a real YYYY-MM-DDTHH:MM:SS time with a real UTC offset (+HH:MM)."""
    if _is_day(value):
        return True
    if not re.fullmatch("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}", value):
        return False
    try:
        offset = datetime.fromisoformat(value).utcoffset()
    except ValueError:
        return False
    return offset is not None and -timedelta(hours=12) <= offset <= _MAX_OFFSET


def _published_problems(file: str, sources: pd.DataFrame) -> list[Problem]:
    return [
        Problem(
            file,
            f"published {value!r} is not a real date or time (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+HH:MM with "
            "hours 00-23, minutes and seconds 00-59, an offset from -12:00 to +14:00)",
            row,
            "published",
        )
        for row, value in enumerate(sources["published"].tolist(), start=2)
        if not is_missing(value) and not _is_timestamp(value)
    ]


def _default_source_problems(data_dir: Path, descriptor: dict, checker: _Sources) -> list[Problem]:
    default = descriptor.get("default_source")
    if default in checker.with_text:
        return []  # an unreadable text is reported where it is recorded
    with_text = ", ".join(sorted(checker.with_text)) or "none"
    message = f"default source {default!r} is not a source with a raw text (sources with one: {with_text})"
    return [Problem(display_path(data_dir / "datapackage.json"), message, field="default_source")]
