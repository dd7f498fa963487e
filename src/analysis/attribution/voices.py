"""Whose voice each paragraph is: :func:`paragraph_voices`, from :func:`attribute`'s rows or a hand table.

Usage::

    >>> import pandas as pd
    >>> statements = pd.DataFrame({"paragraph": [3, 2, 2], "speaker": ["vladimir-voronkov", "emomali-rahmon",
    ...                                                            "الوزير"]})
    >>> voices = paragraph_voices(statements, 4, kind="news_report", agency="kuna", source_speaker=None)
    >>> voices["speaker"].tolist()
    ['kuna', 'emomali-rahmon;الوزير', 'vladimir-voronkov', 'kuna']
    >>> voices["rule"].tolist()
    ['no_reported_speech', 'statement', 'statement', 'no_reported_speech']
"""

from __future__ import annotations

import pandas as pd

from analysis.attribution.lexicon import require_columns
from analysis.attribution.paragraphs import KINDS

VOICE_COLUMNS = ("paragraph", "voice", "speaker", "rule")


def paragraph_voices(
    statements: pd.DataFrame, n_paragraphs: int, *, kind: str, agency: str | None, source_speaker: str | None
) -> pd.DataFrame:
    """One row per paragraph (1..``n_paragraphs``): ``voice`` (agency, reported_speech, own_words), ``speaker``
    and the ``rule`` that decided.

    ``statements`` is :func:`attribute`'s output or the hand table (``paragraph`` and ``speaker``; ``voice`` and
    ``rule`` when present). A paragraph with rows takes their voice and speakers (several distinct speakers
    joined by ``;`` in reading order; the mention text when not an actor); one without rows is the agency's,
    except in a speech transcript, where every paragraph is ``source_speaker``'s own words.
    """
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} not in {KINDS}")
    rows = []
    if kind == "speech_transcript":
        if not source_speaker:
            raise ValueError("a speech transcript needs its source_speaker")
        rows = [(n, "own_words", source_speaker, "speech_transcript") for n in range(1, n_paragraphs + 1)]
        return _voices_frame(rows)
    by_paragraph = _rows_by_paragraph(statements, n_paragraphs)
    for n in range(1, n_paragraphs + 1):
        recs = by_paragraph.get(n)
        if not recs:
            rows.append((n, "agency", agency, "no_reported_speech"))
            continue
        speakers = list(dict.fromkeys(str(r["speaker"]) for r in recs if pd.notna(r.get("speaker"))))
        voice = recs[0].get("voice")
        rule = recs[0].get("rule")
        rows.append(
            (
                n,
                "reported_speech" if pd.isna(voice) else str(voice),
                ";".join(speakers) or None,
                "statement" if pd.isna(rule) else str(rule),
            )
        )
    return _voices_frame(rows)


def _rows_by_paragraph(statements: pd.DataFrame, n_paragraphs: int) -> dict[int, list[dict]]:
    require_columns(statements, ("paragraph", "speaker"), "statements")
    order = ["paragraph"] + (["char_start"] if "char_start" in statements.columns else [])
    out: dict[int, list[dict]] = {}
    for rec in statements.sort_values(order, kind="stable").to_dict("records"):
        number = int(rec["paragraph"])
        if not 1 <= number <= n_paragraphs:
            raise ValueError(f"statements: paragraph {number} outside 1..{n_paragraphs}")
        out.setdefault(number, []).append(rec)
    return out


def _voices_frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(VOICE_COLUMNS))
    return df.astype({"paragraph": "Int64", "voice": "string", "speaker": "string", "rule": "string"})
