"""Attribution of a report paragraph by paragraph: :func:`attribute`.

A paragraph with cues gives one row per cue. A paragraph without a cue is the agency's (no row), except one
that continues an open quotation, one that is itself a quotation following reported speech, and the
paragraphs after an attribution line ("وقال الوزير:"). Paragraphs whose role is in :data:`AGENCY_ROLES` are
never searched. A speech transcript has no cues: every paragraph is its speaker's own words.

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.lexicon import Lexicon
    >>> verbs = pd.DataFrame({"form": ["قال"], "lemma": ["قال"], "gender": ["m"], "form_type": ["past"]})
    >>> lexicon = Lexicon.from_tables(verbs, pd.DataFrame({"actor_id": []}),
    ...                               pd.DataFrame({"actor_id": [], "alias": []}))
    >>> texts = ["وقال الوزير:", "«نرحب بكم في الكويت».", "وانتهت الجلسة."]
    >>> rows = attribute(texts, ["attribution", "body", "body"], kind="news_report", lexicon=lexicon)
    >>> rows[["paragraph", "speaker", "rule"]].values.tolist()
    [[1, 'الوزير', 'named_mention'], [2, 'الوزير', 'after_attribution']]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.attribution.cues import Cue, find_cues
from analysis.attribution.documents import first_person_plural, quoted_document
from analysis.attribution.grammar import Para, is_complementiser
from analysis.attribution.labels import headline_speaker, paragraph_label
from analysis.attribution.lexicon import Lexicon
from analysis.attribution.mode import quote_open_at_end, starts_with_speech_quote
from analysis.attribution.rows import attribution_frame, cue_rows, paragraph_row, transcript_rows
from analysis.attribution.speakers import History, Speaker, line_speaker
from analysis.attribution.subjects import focus_on_subject

KINDS = ("news_report", "speech_transcript", "press_release", "web_page")
ROLES = (
    "kicker",
    "headline",
    "dateline",
    "standfirst",
    "byline",
    "attribution",
    "lead",
    "body",
    "subheading",
    "bullet",
    "salutation",
)
#: Roles written by the publisher whatever they contain.
AGENCY_ROLES = frozenset({"kicker", "headline", "dateline", "byline", "subheading"})


def _check_arguments(texts: Sequence[str], roles: Sequence[str], kind: str, source_speaker: str | None) -> None:
    if len(texts) != len(roles):
        raise ValueError(f"{len(texts)} paragraph texts but {len(roles)} roles")
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r} not in {KINDS}")
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown paragraph role(s) {unknown}; expected one of {ROLES}")
    if kind == "speech_transcript" and not source_speaker:
        raise ValueError("a speech transcript needs its source_speaker")


@dataclass
class _State:
    """What a paragraph without a cue can inherit from those before it."""

    quote_speaker: Speaker | None = None  # whose quotation is still open
    attribution: Speaker | None = None  # speaker announced by an attribution line
    attribution_quote: bool = False  # the attributed stretch opened a quotation
    after_line: int = 0  # paragraphs attributed since the attribution line
    previous_voiced: bool = False  # the previous paragraph was someone's speech
    answering: bool = False  # an unlabelled interview question came before: what follows is the answer
    quoting_document: bool = False  # the previous paragraph quoted a document whole ("أولاً: نؤكد ...")


def _is_attribution_line(para: Para, role: str, cues: list[Cue]) -> bool:
    return (
        role == "attribution" or bool(cues) and para.text.rstrip().endswith(":")  # "... أبرز نتائجها على النحو الآتي:"
    )


def _continues_line(para: Para, role: str, state: _State) -> bool:
    """Whether an unquoted paragraph still gives the words announced by an attribution line: the first one
    after it, a list item, or one opening with إنّ/وإن ("وإنها ستبقى ..."); a narrative one ("وعقدت الوزيرة
    لقاءات") is the agency's again."""
    if state.after_line == 0 or role == "bullet" or state.attribution_quote:
        return True
    return bool(para.toks) and is_complementiser(para.toks[0].norm) and not para.gap(0).strip()


def _uncued_row(number: int, para: Para, role: str, state: _State, lexicon: Lexicon, history: History) -> dict | None:
    """The row of a paragraph without a cue that still carries someone's words, updating ``state``."""
    ids = lexicon.actor_ids
    if role == "attribution":
        speaker = line_speaker(para, lexicon, history)
        state.attribution, state.attribution_quote, state.quote_speaker = speaker, False, None
        state.after_line = 0
        return paragraph_row(number, para, "reported_speech", speaker, "attribution_line", ids)
    if state.quote_speaker is not None:
        speaker = state.quote_speaker
        still_open = quote_open_at_end(para.text, True)
        state.quote_speaker = speaker if still_open else None
        if not still_open:
            state.attribution = None
        return paragraph_row(number, para, "reported_speech", speaker, "open_quote", ids)
    if state.attribution is not None and not _continues_line(para, role, state):
        state.attribution = None
    if state.attribution is not None:
        speaker = state.attribution
        state.after_line += 1
        opens = starts_with_speech_quote(para)
        if quote_open_at_end(para.text, False):
            state.quote_speaker = speaker
        elif opens or state.attribution_quote:
            state.attribution = None
        state.attribution_quote = state.attribution_quote or opens
        return paragraph_row(number, para, "reported_speech", speaker, "after_attribution", ids)
    if state.previous_voiced and history.current is not None and starts_with_speech_quote(para):
        speaker = history.current
        state.quote_speaker = speaker if quote_open_at_end(para.text, False) else None
        return paragraph_row(number, para, "reported_speech", speaker, "quote_paragraph", ids)
    return None


def attribute(
    texts: Sequence[str],
    roles: Sequence[str],
    *,
    kind: str,
    lexicon: Lexicon,
    agency: str | None = None,
    source_speaker: str | None = None,
    questions: frozenset[int] = frozenset(),
) -> pd.DataFrame:
    """One row per reporting cue of a report's paragraphs (``texts``, numbered from 1), plus one row per
    paragraph voiced by someone without a cue of its own (``cue`` empty): an open quotation, the lines after
    an attribution line, and every paragraph of a ``speech_transcript`` (voice ``own_words``).

    Columns: :data:`ATTRIBUTION_COLUMNS`; ``char_start``/``char_end`` locate the cue (for a row without a cue,
    the evidence) in its paragraph's text, ``evidence`` runs from there for about eight words. Paragraphs
    whose role is in :data:`AGENCY_ROLES` are never searched. Raises ``ValueError`` on an unknown ``kind`` or
    role, a length mismatch, or a transcript without ``source_speaker``. ``agency`` is accepted for symmetry
    with :func:`paragraph_voices`; agency paragraphs have no rows. ``questions`` are the paragraphs (numbered
    from 1) the layout read as an interviewer's questions: one without a label is the agency's, and the
    paragraphs after it with no label and no cue are the answer of the person the interview is with.
    """
    _check_arguments(texts, roles, kind, source_speaker)
    paras = [Para(t) for t in texts]
    if kind == "speech_transcript":
        return attribution_frame(transcript_rows(paras, str(source_speaker), lexicon.actor_ids))
    history, state, rows = History(), _State(), []
    # an interview's answers before anyone is named are the person its headline opens with ("فلان: ...")
    interviewee = next((headline_speaker(p, lexicon) for p, r in zip(paras, roles) if r == "headline"), None)
    quotes_documents = kind != "press_release"  # a release in the first person plural is its issuer's own voice
    for number, role in enumerate(roles, start=1):
        if role in AGENCY_ROLES:
            state = _State()
        elif number in questions and paragraph_label(paras[number - 1], [], lexicon, History(), agency) is None:
            state = _State(answering=True)  # an unlabelled question: the agency's words, then the answer
        else:
            rows.extend(
                _paragraph_rows(number, paras, role, state, lexicon, history, agency, interviewee, quotes_documents)
            )
        history.saw(paras[number - 1], lexicon)  # a later "الإعلان" may stand for what it names
    return attribution_frame(rows)


def _paragraph_rows(
    number: int,
    paras: list[Para],
    role: str,
    state: _State,
    lexicon: Lexicon,
    history: History,
    agency: str | None,
    interviewee: Speaker | None = None,
    quotes_documents: bool = True,
) -> list[dict]:
    """The rows of paragraph ``number`` (a labelled answer, its cues, or a row without a cue), updating
    ``state`` and ``history``."""
    para = paras[number - 1]
    earlier = paras[: number - 1]
    label = None if role == "attribution" else paragraph_label(para, earlier, lexicon, history, agency, interviewee)
    if label is not None:
        kind, speaker = label
        state.attribution, state.attribution_quote = None, False
        state.previous_voiced = kind != "question"
        state.quote_speaker = speaker if state.previous_voiced and quote_open_at_end(para.text, False) else None
        if kind == "question":
            return []
        return [paragraph_row(number, para, "reported_speech", speaker, kind, lexicon.actor_ids)]
    cues = find_cues(para, lexicon, history)
    if cues:
        last = cues[-1].speaker
        state.quote_speaker = last if quote_open_at_end(para.text, False) else None
        state.attribution = last if _is_attribution_line(para, role, cues) else None
        state.attribution_quote, state.after_line = False, 0
        state.previous_voiced = True
        return cue_rows(number, para, cues, lexicon)
    row = _uncued_row(number, para, role, state, lexicon, history)
    document = quoted_document(history.seen, lexicon) if row is None and quotes_documents else None
    if document is not None and first_person_plural(para, lexicon, state.quoting_document):
        speaker = history.find(document) or Speaker(document, True, document, "-", frozenset())
        row = paragraph_row(number, para, "reported_speech", speaker, "document_text", lexicon.actor_ids)
    state.quoting_document = row is not None and row["rule"] == "document_text"
    if row is None and state.answering:
        if history.current is None and interviewee is not None:
            history.promote(interviewee)
        if history.current is not None:
            row = paragraph_row(number, para, "reported_speech", history.current, "answer", lexicon.actor_ids)
    state.previous_voiced = row is not None
    if row is not None:
        return [row]
    state.attribution = None
    focus_on_subject(para, lexicon, history)
    return []
