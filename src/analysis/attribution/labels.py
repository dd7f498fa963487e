"""Interview and round-table paragraphs opened by a short label and a colon, with no reporting verb.

* "س: ..." (or "سؤال:") is the interviewer's question: the agency's text;
* "ج: ..." (or "جواب:") is the answer of the current speaker, the one the interview is with; before anyone is
  named in the text, the person a headline opens with as a label ("العميد فلان: ...", "فلان لـ«كونا»: ...",
  :func:`headline_speaker`);
* "المطيري: ..." gives the words of the person the label names: a person's alias, an earlier speaker who is
  not a state or organisation, or a name the text has mentioned before (the agency's own name is a question).

A label has at most three words, none of them a reporting verb or a digit (a time stamp), and text after its colon.
A broadcast script's presenter or correspondent ("المذيعة: ...") is no label: the outlet's own text. A bracketed
caption before a colon ("[فورونكوف - وكيل الأمين العام]: «...»") names the speaker of the sound bite, and a
press-conference question "سؤال من فلان، صحيفة «...»: ..." is that journalist's (the agency's own one the agency's).
A breaking-news item "عاجل | فلان: ..." is the words of whom its label names, a state or body too. A label then a
quotation ("وزير الخارجية الطاجيكي: "..."") names who says it, mentioned before or not; a paragraph that opens with
a quotation and ends "- فلان، صفته" is the words of whom the dash names.

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> lexicon = Lexicon.from_tables(pd.DataFrame({"form": [], "lemma": [], "gender": [], "form_type": []}),
    ...     pd.DataFrame({"actor_id": []}), pd.DataFrame({"actor_id": [], "alias": []}))
    >>> earlier = [Para("شارك في الندوة العميد فهد المطيري.")]
    >>> kind, speaker = paragraph_label(Para("المطيري: الأجهزة وحدها لا تكفي."), earlier, lexicon, History(), None)
    >>> kind, speaker.key
    ('speaker_label', 'المطيري')
    >>> paragraph_label(Para("س: ما أبرز النتائج؟"), earlier, lexicon, History(), None)
    ('question', None)
    >>> paragraph_label(Para("ملاحظة: الجلسة مغلقة."), earlier, lexicon, History(), None) is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.attribution.grammar import (
    ANSWER_MARKERS,
    BROADCASTERS,
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUESTION_MARKERS,
    Para,
    content_words,
)
from analysis.attribution.lexicon import Lexicon, is_verb
from analysis.attribution.phrases import alias_mention
from analysis.attribution.speakers import History, Speaker

MAX_LABEL_WORDS = 3
MAX_HEADLINE_LABEL_WORDS = 4  # a headline names its speaker in full: "الدكتور عادل بن سعيد: ..."
MAX_OUTLET_WORDS = 3  # "لـ«وكالة الأنباء الكويتية»"
# A breaking-news item: "عاجل | فلان: ..."; its label may run to the place it was said ("... في رسالة إلى المؤتمر:").
FLASH_WORDS, FLASH_SEPARATORS, MAX_FLASH_LABEL_WORDS = frozenset({"عاجل"}), ("|", ":", "-", "–", "—"), 10
MAX_TAIL_WORDS = 6  # «...» - وزير الخارجية الكويتي: who said a quotation, after it
_QUOTE_THEN_DASH = re.compile(r"[»”\"]\W*[-–—]\s*$")
MAX_CAPTION_WORDS = 16  # "[فلاديمير فورونكوف - وكيل الأمين العام للأمم المتحدة لمكافحة الإرهاب]"


def _label_end(para: Para, max_words: int = MAX_LABEL_WORDS) -> int | None:
    """The number of words before a colon that opens the paragraph, with text after it."""
    toks = para.toks
    if any(q in para.gap(0) for q in OPEN_QUOTES + CLOSE_QUOTES + '"'):
        return None
    for j in range(1, min(max_words, len(toks) - 1) + 1):
        gap = para.gap(j).strip()
        if gap.startswith(":"):
            return j
        if gap:
            return None
    return None


def _caption(para: Para, lexicon: Lexicon, history: History) -> Speaker | None:
    """The speaker of a sound bite captioned in brackets ("[فورونكوف - وكيل الأمين العام]: «...»"): the words
    before the first dash or comma inside the brackets, an actor when they are its alias."""
    toks = para.toks
    if not toks or "[" not in para.gap(0):
        return None
    end = close = None
    for j in range(1, min(len(toks), MAX_CAPTION_WORDS + 1)):
        gap = para.gap(j)
        if end is None and gap.strip():
            end = j
        if "]" in gap:
            close = j if gap.split("]", 1)[1].lstrip().startswith(":") else None
            break
    if close is None or end is None or close == len(toks) and not para.text.rstrip().endswith(":"):
        return None
    label, norms = para.text[toks[0].start : toks[end - 1].end], [t.norm for t in toks[:end]]
    whole = alias_mention(para, 0, lexicon)
    if whole is not None and whole[1] == end:
        return _actor(whole[0], label, norms, lexicon, history)
    return _mentioned(label, norms, history)


def _flash(para: Para, lexicon: Lexicon, history: History) -> Speaker | None:
    """The speaker of a breaking-news item "عاجل | فلان: ...": who the label before the item's colon names, any
    actor (a state or body says it too: "عاجل | الاتحاد الأوروبي: ...") and the phrase of where it was said
    after the name ("الرئيس ... في رسالة إلى المؤتمر:"); else a label of up to four words, no digit, no verb,
    not the outlet's own correspondent."""
    toks = para.toks
    if len(toks) < 3 or toks[0].norm not in FLASH_WORDS or para.gap(1).strip() not in FLASH_SEPARATORS:
        return None
    colon = next((j for j in range(2, min(len(toks), 1 + MAX_FLASH_LABEL_WORDS + 1)) if ":" in para.gap(j)), None)
    if colon is None or any(para.gap(j).strip() for j in range(2, colon)):
        return None
    norms = [t.norm for t in toks[1:colon]]
    label = para.text[toks[1].start : toks[colon - 1].end]
    whole = alias_mention(para, 1, lexicon)
    if whole is not None and (whole[1] == colon or toks[whole[1]].norm == "في"):
        return _actor(whole[0], para.text[toks[1].start : toks[whole[1] - 1].end], norms, lexicon, history)
    plain = colon - 1 <= MAX_HEADLINE_LABEL_WORDS and norms[0] not in BROADCASTERS
    if not plain or not _plain_words(norms, lexicon):
        return None
    return _mentioned(label, norms, history)


def _quote_tail(para: Para, lexicon: Lexicon, history: History) -> Speaker | None:
    """A paragraph that opens with a quotation and ends with a dash and who said it ("«...» - فلان، صفته"): the
    words after the dash up to a comma or bracket, at most a few, no digit or verb; an actor when its alias."""
    toks = para.toks
    if len(toks) < 3 or not any(q in para.gap(0) for q in OPEN_QUOTES + '"'):
        return None
    start = next((j for j in range(1, len(toks)) if _QUOTE_THEN_DASH.search(para.gap(j))), None)
    if start is None:
        return None
    end = next((j for j in range(start + 1, len(toks)) if para.gap(j).strip()), len(toks))
    norms = [t.norm for t in toks[start:end]]
    if end - start > MAX_TAIL_WORDS or not _plain_words(norms, lexicon):
        return None
    label = para.text[toks[start].start : toks[end - 1].end]
    whole = alias_mention(para, start, lexicon)
    if whole is not None and whole[1] == end:
        return _actor(whole[0], label, norms, lexicon, history)
    return _mentioned(label, norms, history)


def _plain_words(norms: list[str], lexicon: Lexicon) -> bool:
    """Words that may name a speaker: no digit (a time stamp, a date) and no reporting verb."""
    return not any(ch.isdigit() for w in norms for ch in w) and not any(is_verb(w, lexicon) for w in norms)


def _mentioned(label: str, norms: list[str], history: History) -> Speaker:
    """The speaker a label names who is not an actor: one heard before under a fuller mention, else a new one."""
    words = frozenset(content_words(norms))
    return history.promote(history.earlier_mention(words, "-") or Speaker(label, False, label, "-", words))


def _actor(actor: str, label: str, norms: list[str], lexicon: Lexicon, history: History) -> Speaker:
    """The actor a label names, as the current speaker (the one already heard, if any)."""
    words = frozenset(content_words(norms)) | lexicon.actor_words.get(actor, frozenset())
    return history.promote(history.find(actor) or Speaker(actor, True, label, "-", words))


def _asker(para: Para, lexicon: Lexicon, history: History, agency: str | None) -> tuple[str, Speaker | None] | None:
    """A press conference question put by a named journalist ("سؤال من فلان، صحيفة «...»: ..."): the words
    of the one named up to the first comma or colon; the agency's own correspondent is the agency."""
    toks = para.toks
    if len(toks) < 3 or toks[0].norm not in QUESTION_MARKERS or toks[1].norm != "من" or para.gap(1).strip():
        return None
    colon = next((j for j in range(3, min(len(toks), MAX_CAPTION_WORDS)) if ":" in para.gap(j)), None)
    if colon is None:
        return None
    end = next(j for j in range(3, colon + 1) if para.gap(j).strip())
    if agency is not None and any((alias_mention(para, j, lexicon) or ("",))[0] == agency for j in range(2, colon)):
        return "question", None
    label = para.text[toks[2].start : toks[end - 1].end]
    words = frozenset(content_words([t.norm for t in toks[2:end]]))
    return "speaker_label", history.earlier_mention(words, "-") or Speaker(label, False, label, "-", words)


def _mentioned_before(norms: list[str], earlier: Sequence[Para]) -> bool:
    """The label's words stand, in order, in an earlier paragraph."""
    n = len(norms)
    for para in earlier:
        seen = [t.norm for t in para.toks]
        if any(seen[k : k + n] == norms for k in range(len(seen) - n + 1)):
            return True
    return False


def _named_speaker(
    para: Para, end: int, earlier: Sequence[Para], lexicon: Lexicon, history: History, agency: str | None
) -> tuple[str, Speaker | None] | None:
    label = para.text[para.toks[0].start : para.toks[end - 1].end]
    norms = [t.norm for t in para.toks[:end]]
    whole = alias_mention(para, 0, lexicon)
    if whole is not None and whole[1] == end:
        if whole[0] == agency:
            return "question", None
        if whole[0] not in lexicon.person_ids:
            return None  # "الكويت: ..." heads a paragraph, it does not answer
        return "speaker_label", _actor(whole[0], label, norms, lexicon, history)
    words = content_words(norms)
    earlier_speaker = history.earlier_mention(words, "-")
    if earlier_speaker is not None and (not earlier_speaker.is_actor or earlier_speaker.key in lexicon.person_ids):
        return "speaker_label", history.promote(earlier_speaker)
    if _mentioned_before(norms, earlier):
        return "speaker_label", history.promote(Speaker(label, False, label, "-", frozenset(words)))
    return None


def _outlet_address(para: Para) -> int | None:
    """The number of words before "لـ«الوكالة»:" when a headline opens "فلان لـ«كونا»: ...": the outlet the
    words were given to, of at most three words, quoted or not, right before the colon."""
    toks = para.toks
    for j in range(1, min(MAX_HEADLINE_LABEL_WORDS, len(toks) - 1) + 1):
        if toks[j].norm != "ل" or para.gap(j).strip():
            continue
        for k in range(j + 1, min(j + 1 + MAX_OUTLET_WORDS, len(toks) - 1) + 1):
            gap = para.gap(k).strip().lstrip(CLOSE_QUOTES + '"')
            if gap.startswith(":"):
                return j
            if gap.strip(OPEN_QUOTES + '"'):
                return None
        return None
    return None


def headline_speaker(para: Para, lexicon: Lexicon) -> Speaker | None:
    """The speaker a headline opens with as a label ("العميد فيصل الرشيدي: المنافذ ..."): words with no
    digit and no reporting verb, up to four, before a colon (or before "لـ«كونا»:", the outlet they were
    given to); an actor when the label is its alias."""
    end = _outlet_address(para) or _label_end(para, MAX_HEADLINE_LABEL_WORDS)
    if end is None:
        return None
    toks = para.toks[:end]
    norms = [t.norm for t in toks]
    if not _plain_words(norms, lexicon) or norms[0] in QUESTION_MARKERS | ANSWER_MARKERS:
        return None
    label = para.text[toks[0].start : toks[-1].end]
    whole = alias_mention(para, 0, lexicon)
    if whole is not None and whole[1] == end:
        if whole[0] not in lexicon.person_ids:
            return None  # "الكويت: ..." names a place or a state, not whom an interview is with
        return Speaker(
            whole[0], True, label, "-", frozenset(content_words(norms)) | lexicon.actor_words.get(whole[0], frozenset())
        )
    return Speaker(label, False, label, "-", frozenset(content_words(norms)))


def paragraph_label(
    para: Para,
    earlier: Sequence[Para],
    lexicon: Lexicon,
    history: History,
    agency: str | None,
    interviewee: Speaker | None = None,
) -> tuple[str, Speaker | None] | None:
    """``(kind, speaker)`` of a paragraph opened by a label: ``question`` (the agency's; no speaker),
    ``answer_label`` (the current speaker, else ``interviewee``) or ``speaker_label``; ``None`` for any other
    paragraph."""
    asked = _asker(para, lexicon, history, agency)
    if asked is not None:
        return asked
    caption = _caption(para, lexicon, history) or _flash(para, lexicon, history) or _quote_tail(para, lexicon, history)
    if caption is not None:
        return "speaker_label", caption
    end = _label_end(para)
    if end is None:
        return None
    norms = [t.norm for t in para.toks[:end]]
    if norms[0] in BROADCASTERS or any(ch.isdigit() for w in norms for ch in w):
        return None  # the script's presenter or correspondent, a time stamp ("٠٩:٥٠ - ..."): the outlet's text
    if norms == [norms[0]] and norms[0] in QUESTION_MARKERS:
        return "question", None
    if norms == [norms[0]] and norms[0] in ANSWER_MARKERS:
        if history.current is None and interviewee is not None:
            history.promote(interviewee)
        return "answer_label", history.current
    if any(is_verb(w, lexicon) is not None for w in norms):
        return None
    named_label = _named_speaker(para, end, earlier, lexicon, history, agency)
    quoted = any(q in para.gap(end).split(":", 1)[-1] for q in OPEN_QUOTES + '"')
    if named_label is None and quoted and alias_mention(para, 0, lexicon) is None:
        # «وزير الخارجية الطاجيكي: "..."»: a label then a quotation names who says it, mentioned before or not
        return "speaker_label", _mentioned(para.text[para.toks[0].start : para.toks[end - 1].end], norms, history)
    return named_label
