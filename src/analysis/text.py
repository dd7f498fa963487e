"""A source text's paragraphs: numbers, character offsets and roles.

A paragraph is a non-empty line, numbered from 1 in reading order; ``char_start`` and
``char_end`` are 0-based indices into the decoded text, so ``text[char_start:char_end]``
is the paragraph exactly as written.

Usage::

    >>> from analysis.text import split_paragraphs
    >>> [(p.number, p.char_start, p.char_end) for p in split_paragraphs("a\\n\\nbb\\n")]
    [(1, 0, 1), (2, 3, 5)]
"""

from __future__ import annotations

import re

from analysis.arabic import Paragraph, split_paragraphs

__all__ = ["Paragraph", "split_paragraphs", "paragraph_roles", "paragraph_table", "as_corpus", "evidence_coverage"]


# A dateline: a day, an Arabic or English month name, a year, optionally a time.
_DATELINE = re.compile(r"^\d{1,2}\s+\S+\s+\d{4}(\s+\d{1,2}:\d{2}(\s*\S+)?)?$")
_SENTENCE_END = ("." , "!", "?", "؟", "…", ":", "»", '"')


def paragraph_roles(paragraphs: list[Paragraph]) -> list[str]:
    """Role of each paragraph of a news report, by layout.

    Rules, in order: the paragraphs before a dateline are the kicker(s) then the headline;
    the dateline is a date (and time) alone on its line; a line starting with a bullet is a
    bullet; a short line (at most 8 words) that does not end a sentence is a subheading; the
    first other paragraph after the dateline is the lead; the rest are body.
    """
    roles: list[str] = []
    dateline = next((i for i, p in enumerate(paragraphs) if _DATELINE.match(p.text)), None)
    lead_seen = False
    for i, p in enumerate(paragraphs):
        if dateline is not None and i < dateline:
            roles.append("headline" if i == dateline - 1 else "kicker")
        elif i == dateline:
            roles.append("dateline")
        elif p.text.startswith(("•", "-", "*", "·")):
            roles.append("bullet")
        elif len(p.text.split()) <= 8 and not p.text.endswith(_SENTENCE_END):
            roles.append("subheading")
        elif not lead_seen:
            roles.append("lead")
            lead_seen = True
        else:
            roles.append("body")
    return roles


def paragraph_table(package, source_id: str):
    """One row per paragraph of a source: paragraph, role, speaker, voice, char_start, char_end, text.

    ``speaker`` is the reported speaker (an actor_id) for paragraphs the statements table
    attributes to someone, otherwise the agency whose text it is; ``voice`` says which.
    """
    import pandas as pd

    text = package.text(source_id)
    paras = split_paragraphs(text)
    statements = package.statements[package.statements["source_id"] == source_id]
    speakers = statements.groupby("paragraph")["speaker"].first().to_dict()
    agency = package.sources.set_index("source_id").at[source_id, "agency"]
    agency = None if pd.isna(agency) else agency
    rows = []
    for p, role in zip(paras, paragraph_roles(paras)):
        speaker = speakers.get(p.number)
        rows.append({"paragraph": p.number, "role": role,
                     "speaker": speaker or agency,
                     "voice": "reported_speech" if speaker else "agency",
                     "char_start": p.char_start, "char_end": p.char_end, "text": p.text})
    df = pd.DataFrame(rows)
    return df.astype({"paragraph": "Int64", "role": "string", "speaker": "string", "voice": "string",
                      "char_start": "Int64", "char_end": "Int64", "text": "string"})


def as_corpus(paragraphs, source_id: str):
    """The coder's input (source_id, paragraph, text) from :func:`paragraph_table`."""
    import pandas as pd

    return pd.DataFrame({"source_id": pd.Series([source_id] * len(paragraphs), dtype="str"),
                         "paragraph": paragraphs["paragraph"].astype("int64").to_numpy(),
                         "text": paragraphs["text"].astype("str").to_numpy()})


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
                rows.append({"table": name, "key": "/".join(str(rec[k]) for k in key), "field": ev_col,
                             "paragraph": para, "char_start": start, "char_end": start + len(rec[ev_col])})
    return pd.DataFrame(rows, columns=["table", "key", "field", "paragraph", "char_start", "char_end"]).sort_values(
        ["paragraph", "char_start", "table", "key"], ignore_index=True)
