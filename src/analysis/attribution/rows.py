"""Output rows: one per cue, or one per paragraph voiced without a cue, and the typed attribution frame.

A row's ``char_start``/``char_end`` locate its cue (for a row without a cue, its evidence) in the paragraph's
original text; ``evidence`` runs from there for :data:`EVIDENCE_WORDS` words.

Usage::

    >>> from analysis.attribution.grammar import Para
    >>> paras = [Para("نص الكلمة كما ألقيت في الجلسة الافتتاحية أمام الوفود المشاركة.")]
    >>> rows = transcript_rows(paras, "vladimir-voronkov", frozenset({"vladimir-voronkov"}))
    >>> rows[0]["voice"], rows[0]["evidence"], rows[0]["char_start"], rows[0]["char_end"]
    ('own_words', 'نص الكلمة كما ألقيت في الجلسة الافتتاحية أمام', 0, 45)
    >>> attribution_frame(rows).dtypes["speaker_is_actor"]
    BooleanDtype
"""

from __future__ import annotations

import pandas as pd

from analysis.attribution.cues import Cue
from analysis.attribution.grammar import Para
from analysis.attribution.lexicon import Lexicon
from analysis.attribution.mode import cue_mode
from analysis.attribution.speakers import Speaker

ATTRIBUTION_COLUMNS = (
    "paragraph",
    "voice",
    "speaker",
    "speaker_is_actor",
    "speaker_mention",
    "cue",
    "cue_lemma",
    "mode",
    "char_start",
    "char_end",
    "evidence",
    "rule",
)
EVIDENCE_WORDS = 8


def _evidence_end(para: Para, start_index: int) -> int:
    last = min(len(para.toks), start_index + EVIDENCE_WORDS) - 1
    return para.toks[last].end


def _row(
    paragraph: int,
    voice: str,
    speaker: Speaker | None,
    rule: str,
    para: Para,
    span: tuple[int, int],
    evidence_end: int,
    actor_ids: frozenset[str],
    cue: Cue | None = None,
    mode: str | None = None,
) -> dict:
    key = speaker.key if speaker is not None else None
    return {
        "paragraph": paragraph,
        "voice": voice,
        "speaker": key,
        "speaker_is_actor": None if key is None else key in actor_ids,
        "speaker_mention": cue.mention if cue is not None else None,
        "cue": para.text[span[0] : span[1]] if cue is not None else None,
        "cue_lemma": cue.verb.lemma if cue is not None else None,
        "mode": mode,
        "char_start": span[0],
        "char_end": span[1],
        "evidence": para.text[span[0] : evidence_end],
        "rule": rule,
    }


def cue_rows(number: int, para: Para, cues: list[Cue], lexicon: Lexicon) -> list[dict]:
    """One reported-speech row per cue of paragraph ``number``; a cue's content runs to the next cue."""
    rows = []
    for n, cue in enumerate(cues):
        end = cues[n + 1].index if n + 1 < len(cues) else len(para.toks)
        tok = para.toks[cue.index]
        rows.append(
            _row(
                number,
                "reported_speech",
                cue.speaker,
                cue.rule,
                para,
                (tok.start, tok.end),
                _evidence_end(para, cue.index),
                lexicon.actor_ids,
                cue,
                cue_mode(para, cue, end, lexicon),
            )
        )
    return rows


def paragraph_row(
    number: int, para: Para, voice: str, speaker: Speaker | None, rule: str, actor_ids: frozenset[str]
) -> dict:
    """A row without a cue: its span is the evidence, the paragraph's first words."""
    end = _evidence_end(para, 0) if para.toks else len(para.text)
    return _row(number, voice, speaker, rule, para, (0, end), end, actor_ids)


def transcript_rows(paras: list[Para], source_speaker: str, actor_ids: frozenset[str]) -> list[dict]:
    """Every paragraph of a speech transcript is its speaker's own words."""
    speaker = Speaker(source_speaker, source_speaker in actor_ids, source_speaker, "-", frozenset())
    return [
        paragraph_row(n, p, "own_words", speaker, "speech_transcript", actor_ids) for n, p in enumerate(paras, start=1)
    ]


def attribution_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as a typed frame with :data:`ATTRIBUTION_COLUMNS`, in paragraph and offset order."""
    df = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    df = df.astype(
        {
            "paragraph": "Int64",
            "voice": "string",
            "speaker": "string",
            "speaker_is_actor": "boolean",
            "speaker_mention": "string",
            "cue": "string",
            "cue_lemma": "string",
            "mode": "string",
            "char_start": "Int64",
            "char_end": "Int64",
            "evidence": "string",
            "rule": "string",
        }
    )
    return df.sort_values(["paragraph", "char_start"], kind="stable", ignore_index=True)
