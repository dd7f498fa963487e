"""Paragraph anchors: rows tied to a paragraph number carry a short hash of that paragraph's text.

A paragraph number alone survives any edit of the raw text: swap two paragraphs (and record the new
sha256) and the hand coding silently describes the wrong ones. The anchor, the first 12 hex digits of the
sha256 of the paragraph's text (UTF-8, surrounding whitespace trimmed, as :func:`analysis.arabic.split_paragraphs`
gives it), ties the row to the text itself; the check says where that text is now, if anywhere.

Usage::

    >>> from analysis.data_checks.anchors import paragraph_anchor, with_anchors
    >>> paragraph_anchor("الكويت - اختتم المؤتمر أعماله اليوم.")
    '98f26e5e27b8'
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"source_id": ["s"], "paragraph": [2], "anchor": [""]})
    >>> with_anchors(rows, {"s": "عنوان\\n\\nالكويت - اختتم المؤتمر أعماله اليوم.\\n"})["anchor"].tolist()
    ['98f26e5e27b8']
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from analysis.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

ANCHOR_DIGITS = 12
#: Rows named in one anchor message before "...".
_ROWS_NAMED = 6


def paragraph_anchor(text: str) -> str:
    """The anchor of a paragraph's text: the first 12 hex digits of the sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:ANCHOR_DIGITS]


def with_anchors(table: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """``table`` (``source_id``, ``paragraph``) with its ``anchor`` column written from the raw ``texts``;
    rows of a source with no text, or past its last paragraph, keep the anchor they have."""
    from analysis.arabic import split_paragraphs

    anchors = {sid: [paragraph_anchor(p.text) for p in split_paragraphs(t)] for sid, t in texts.items()}

    def anchor(rec: dict) -> str:
        of_source = anchors.get(rec["source_id"], [])
        return of_source[int(rec["paragraph"]) - 1] if 1 <= int(rec["paragraph"]) <= len(of_source) else rec["anchor"]

    return table.assign(anchor=[anchor(rec) for rec in table.to_dict("records")])


def anchor_problems(file: str, table: pd.DataFrame, paragraphs: dict[str, list]) -> tuple[list[Problem], set[int]]:
    """One problem per source whose rows' anchors do not match their paragraphs, and the rows concerned.

    One edit of a raw text moves many paragraphs at once; a line per row would bury the one fact that
    matters (this source's text changed), so the rows are named together, with where each text is now.
    """
    anchors_of = {sid: [paragraph_anchor(p.text) for p in paras] for sid, paras in paragraphs.items()}
    by_source: dict[str, list[tuple[int, int, int | None]]] = {}
    for row, rec in enumerate(table.to_dict("records"), start=2):
        anchors = anchors_of.get(rec["source_id"])
        if anchors is None or not 1 <= rec["paragraph"] <= len(anchors):
            continue  # no text, or past its end: reported by the paragraph checks
        if rec["anchor"] != anchors[rec["paragraph"] - 1]:
            now = anchors.index(rec["anchor"]) + 1 if rec["anchor"] in anchors else None
            by_source.setdefault(rec["source_id"], []).append((row, int(rec["paragraph"]), now))
    problems = [_anchor_problem(file, sid, moved) for sid, moved in sorted(by_source.items())]
    return problems, {row for moved in by_source.values() for row, _, _ in moved}


def _anchor_problem(file: str, source_id: str, moved: list[tuple[int, int, int | None]]) -> Problem:
    def where(paragraph: int, now: int | None) -> str:
        return f"{paragraph} (now {now})" if now else f"{paragraph} (text gone)"

    named = ", ".join(where(p, now) for _, p, now in moved[:_ROWS_NAMED]) + (
        ", ..." if len(moved) > _ROWS_NAMED else ""
    )
    rows = f"{len(moved)} row(s)" if len(moved) > 1 else "the row"
    message = (
        f"anchor of paragraph(s) {named} of {source_id} does not match its text ({rows}): the raw text changed "
        "or its paragraphs moved; check the coding, then write the anchors anew"
    )
    return Problem(file, message, moved[0][0], "anchor")


def hand_coding_problems(
    file: str, coded: pd.DataFrame, paragraphs: dict[str, list], with_text: set[str]
) -> list[Problem]:
    """Only a source with a raw text is coded by paragraph, every paragraph of it, and only those."""
    problems: list[Problem] = []
    for row, rec in enumerate(coded.to_dict("records"), start=2):
        sid, number = rec["source_id"], rec["paragraph"]
        if sid not in with_text:
            message = f"{sid} has no raw text: only a source held under raw/ is coded by paragraph"
            problems.append(Problem(file, message, row, "source_id"))
        elif sid in paragraphs and not 1 <= number <= len(paragraphs[sid]):
            message = f"paragraph {number} is past the end of {sid} ({len(paragraphs[sid])} paragraphs)"
            problems.append(Problem(file, message, row, "paragraph"))
    for sid in sorted(set(coded["source_id"]) & set(paragraphs)):
        coded_numbers = set(coded.loc[coded["source_id"] == sid, "paragraph"])
        missing = sorted(set(range(1, len(paragraphs[sid]) + 1)) - coded_numbers)
        if missing:
            message = f"paragraph(s) {', '.join(map(str, missing))} of {sid} not coded (every paragraph must be)"
            problems.append(Problem(file, message, field="paragraph"))
    return problems
