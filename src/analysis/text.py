"""A source's paragraphs: numbers, offsets, roles by layout, voice and speaker.

A paragraph is a non-empty line, numbered from 1 in reading order; ``char_start`` and
``char_end`` are 0-based indices into the decoded text, so ``text[char_start:char_end]``
is the paragraph exactly as written. Roles come from the page layout (:mod:`analysis.layout`,
rules in docs/roles.md); voice and speaker from the attribution of reported speech
(:mod:`analysis.attribution`), from the hand rows of ``statements.csv``, or both, hand rows first.

Usage::

    >>> from analysis import data
    >>> from analysis.text import paragraph_table
    >>> pkg = data.load_package()
    >>> t = paragraph_table(pkg, pkg.default_source, attribution="auto")
    >>> t.loc[t["voice"] == "reported_speech", "paragraph"].tolist()
    [4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    >>> t.loc[:3, ["role", "speaker"]].values.tolist()
    [['kicker', 'kuna'], ['headline', 'kuna'], ['dateline', 'kuna'], ['lead', 'emomali-rahmon']]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.arabic import Paragraph, split_paragraphs
from analysis.attribution import Lexicon, attribute, paragraph_voices
from analysis.errors import UsageError
from analysis.layout import RoleMarkers, assign_roles

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Paragraph",
    "split_paragraphs",
    "ATTRIBUTIONS",
    "paragraph_table",
    "statements",
    "as_corpus",
    "evidence_coverage",
]

#: Where speakers come from: the automatic attribution, the hand rows of statements.csv, or both
#: (``merged``: a paragraph with hand rows takes them, the others the automatic result).
ATTRIBUTIONS = ("merged", "auto", "hand")
TABLE_COLUMNS = [
    "paragraph",
    "role",
    "repeat_of",
    "voice",
    "speaker",
    "attributed_by",
    "char_start",
    "char_end",
    "text",
]


def _layout(package, source_id: str, paras: list[Paragraph]):
    kind = package.source(source_id)["kind"]
    return kind, assign_roles([p.text for p in paras], kind, RoleMarkers.from_tables(package.layout_markers))


def statements(package, source_id: str) -> pd.DataFrame:
    """The reporting cues the automatic attribution finds in a source (one row per cue, plus one per
    paragraph voiced without a cue of its own), offsets into the paragraph text."""
    source = package.source(source_id)
    paras = split_paragraphs(package.text(source_id))
    kind, roles = _layout(package, source_id, paras)
    lexicon = Lexicon.from_tables(package.reporting_verbs, package.actors, package.actor_aliases)
    return attribute(
        [p.text for p in paras],
        [r.role for r in roles],
        kind=kind,
        lexicon=lexicon,
        agency=source["agency"],
        source_speaker=source["speaker"],
        questions=frozenset(n for n, r in enumerate(roles, start=1) if r.rule == "interview-question"),
    )


def paragraph_table(package, source_id: str, attribution: str = "merged") -> pd.DataFrame:
    """One row per paragraph of a source: paragraph, role, repeat_of (a paragraph the page repeats),
    voice (agency, reported_speech, own_words), speaker (an actor_id, or the mention text of a speaker
    who is not an actor), attributed_by (auto, hand, or none for the agency's own text), offsets, text."""
    import pandas as pd

    if attribution not in ATTRIBUTIONS:
        raise UsageError(f"--attribution: {attribution!r} is not one of {', '.join(ATTRIBUTIONS)}")
    source = package.source(source_id)
    paras = split_paragraphs(package.text(source_id))
    kind, roles = _layout(package, source_id, paras)
    voice_args = {"kind": kind, "agency": source["agency"], "source_speaker": source["speaker"]}
    hand_rows = package.statements[package.statements["source_id"] == source_id]
    auto = paragraph_voices(statements(package, source_id), len(paras), **voice_args).set_index("paragraph")
    hand = paragraph_voices(hand_rows, len(paras), **voice_args).set_index("paragraph")
    hand_paras = set(hand_rows["paragraph"].astype(int)) if attribution != "auto" else set()
    rows = []
    for p, role in zip(paras, roles):
        use_hand = attribution == "hand" or p.number in hand_paras
        voiced = (hand if use_hand else auto).loc[p.number]
        by = "none" if voiced["voice"] == "agency" else ("hand" if use_hand else "auto")
        rows.append(
            {
                "paragraph": p.number,
                "role": role.role,
                "repeat_of": role.duplicate_of,
                "voice": voiced["voice"],
                "speaker": voiced["speaker"],
                "attributed_by": by,
                "char_start": p.char_start,
                "char_end": p.char_end,
                "text": p.text,
            }
        )
    df = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    return df.astype(
        {
            "paragraph": "Int64",
            "role": "string",
            "repeat_of": "Int64",
            "voice": "string",
            "speaker": "string",
            "attributed_by": "string",
            "char_start": "Int64",
            "char_end": "Int64",
            "text": "string",
        }
    )


def as_corpus(paragraphs, source_id: str):
    """The coder's input (source_id, paragraph, text) from :func:`paragraph_table`."""
    import pandas as pd

    return pd.DataFrame(
        {
            "source_id": pd.Series([source_id] * len(paragraphs), dtype="str"),
            "paragraph": paragraphs["paragraph"].astype("int64").to_numpy(),
            "text": paragraphs["text"].astype("str").to_numpy(),
        }
    )


def evidence_coverage(package, source_id: str):
    """Where each evidence span of each table falls in a source: table, key, paragraph, offsets.

    Spans are located in the raw text (first occurrence inside the row's paragraph when the row
    names one), then mapped to the paragraph that contains them.
    """
    import pandas as pd

    text = package.text(source_id)
    paras = split_paragraphs(text)
    rows = []
    # (source column, evidence column) pairs that can point into a raw text
    span_columns = [("source_id", "evidence"), ("corroborated_by", "corroboration_evidence")]
    for name, df in sorted(package.tables.items()):
        key = package.primary_key(name)
        for src_col, ev_col in span_columns:
            if src_col not in df.columns or ev_col not in df.columns:
                continue
            for rec in df[df[src_col] == source_id].to_dict("records"):
                start = text.find(rec[ev_col])
                if pd.notna(rec.get("paragraph", pd.NA)):
                    p = paras[int(rec["paragraph"]) - 1]
                    start = text.find(rec[ev_col], p.char_start, p.char_end)
                para = next(p.number for p in paras if p.char_start <= start < p.char_end)
                rows.append(
                    {
                        "table": name,
                        "key": "/".join(str(rec[k]) for k in key),
                        "field": ev_col,
                        "paragraph": para,
                        "char_start": start,
                        "char_end": start + len(rec[ev_col]),
                    }
                )
    return pd.DataFrame(rows, columns=["table", "key", "field", "paragraph", "char_start", "char_end"]).sort_values(
        ["paragraph", "char_start", "table", "key"], ignore_index=True
    )
