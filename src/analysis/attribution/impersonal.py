"""Speech reported without a subject: «وجاء في الكلمة التي ألقاها فلان أن ...», «وورد في البيان ...»، «وعُلم من
مصادر ... أن».

* «جاء/ورد في X أن (or :)»: what X holds is its author's. X's author is the one after a relative clause's verb
  («الكلمة التي ألقاها وزير الخارجية»), the owner of a speech noun in construct («كلمة وزير الخارجية»), the speaker
  of the last speech for the speech again («الكلمة ذاتها», «الكلمة» alone), else X itself («البيان الختامي»,
  «إعلان الكويت»).
* «عُلم من X أن»: X is the source.

Only at a sentence's start, and only with the content («أن» or a colon) right after X.

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> empty = pd.DataFrame({"form": [], "lemma": [], "gender": [], "form_type": []})
    >>> no_actors, no_aliases = pd.DataFrame({"actor_id": []}), pd.DataFrame({"actor_id": [], "alias": []})
    >>> lexicon = Lexicon.from_tables(empty, no_actors, no_aliases)
    >>> para = Para("وجاء في الكلمة التي ألقاها وزير الداخلية أن الحدود آمنة.")
    >>> speaker, mention, content = impersonal_source(para, 0, lexicon, History())
    >>> speaker.key, content
    ('وزير الداخلية', 7)
"""

from __future__ import annotations

from analysis.attribution.grammar import RELATIVES, Para, bare, has_colon_or_open_quote, is_complementiser, is_definite
from analysis.attribution.lexicon import Lexicon, VerbForm
from analysis.attribution.phrases import alias_mention, span_actor
from analysis.attribution.speakers import History, Speaker, named

# «جاء في» and «ورد في» (it is said in), «عُلم من» (it was learnt from)
IMPERSONAL = {"جاء": "في", "ورد": "في", "علم": "من"}
# forms the verbs table also reads (ورد: و + the reply verb رد), tried here first
IMPERSONAL_FORMS = frozenset({"ورد", "وورد"})
#: the cue these are reported with (its lemma in the output's ``cue_lemma``)
IMPERSONAL_VERB = VerbForm("جاء", "جاء", "-", "impersonal")
# nouns of what is said, whose owner follows in construct («كلمة الوزير») or is the last speaker («الكلمة ذاتها»)
SPEECH_NOUNS = frozenset({"كلمه", "رساله", "خطاب", "تصريح", "تصريحات", "حديث", "مداخله", "نص"})
DOCUMENT_NOUNS = frozenset({"بيان", "اعلان", "تقرير", "وثيقه", "قرار", "توصيات", "مذكره", "ورقه"})
SAME = frozenset({"ذاتها", "نفسها", "ذاته", "نفسه"})
_MAX_SOURCE_WORDS = 14


def impersonal_source(para: Para, i: int, lexicon: Lexicon, history: History) -> tuple[Speaker, str, int] | None:
    """``(speaker, mention, content index)`` when token ``i`` opens a sentence with «(و)جاء في», «(و)ورد في» or
    «(و)عُلم من» and the content follows the source, else None; ``history`` learns the speaker."""
    toks = para.toks
    norm = toks[i].norm
    word = norm[1:] if norm[:1] in "وف" and norm[1:] in IMPERSONAL else norm
    if word not in IMPERSONAL or para.sentence_start(i) != i or i + 2 >= len(toks):
        return None
    start = i + 2
    said_in = word != "علم"
    if toks[i + 1].norm != IMPERSONAL[word] or said_in and not _holds_words(para, start, lexicon):
        return None
    content = next(
        (
            k
            for k in range(start + 1, min(len(toks), start + _MAX_SOURCE_WORDS + 1))
            if is_complementiser(toks[k].norm) or has_colon_or_open_quote(para.gap(k))
        ),
        None,
    )
    if content is None or any(para.ends_sentence_before(k) for k in range(start + 1, content)):
        return None
    first, end = start, content
    if said_in:
        first, same = _author(para, start, content)
        if same:
            current = history.current
            return (current, para.text[toks[start].start : toks[end - 1].end], content) if current else None
    speaker, _ = named(para, first, end, IMPERSONAL_VERB, span_actor(para, first, end, lexicon), lexicon, history)
    return speaker, para.text[toks[first].start : toks[end - 1].end], content


def _holds_words(para: Para, start: int, lexicon: Lexicon) -> bool:
    """What «جاء في» names holds words: a speech or a document («الكلمة», «البيان الختامي»), or an actor («إعلان
    الكويت»); not «جاء في المرتبة الثانية»."""
    head = bare(para.toks[start].norm)
    return head in SPEECH_NOUNS or head in DOCUMENT_NOUNS or alias_mention(para, start, lexicon) is not None


def _author(para: Para, start: int, end: int) -> tuple[int, bool]:
    """Where the author of what ``[start, end)`` names begins, and whether it is the last speech again."""
    toks = para.toks
    for k in range(start + 1, end - 2):
        if toks[k].norm in RELATIVES:
            return k + 2, False  # «التي ألقاها فلان»: the one after the relative clause's verb
    head = bare(toks[start].norm)
    if head in SPEECH_NOUNS:
        if end - start == 1 or all(t.norm in SAME for t in toks[start + 1 : end]):
            return start, True
        if not is_definite(toks[start].norm):
            return start + 1, False  # «كلمة وزير الخارجية»: the owner in construct
    return start, False
