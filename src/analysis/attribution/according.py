"""A source named by «بحسب» / «حسب» (or «على حد تعبير/قول») at the start of a sentence: the words after its
comma are that source's; and :func:`named_source`, any source named without a reporting verb.

«وبحسب الباحث، فإن ...» reports the researcher's words as a verb would. When a reporting verb with its own
subject follows the comma («وبحسب المتحدث، شدد الوزير على ...»), that verb's cue names the speaker (the one
relayed), so nothing is read here; nor for «بحسب ما أفادت ...», which a verb after «ما» reads, nor for figures
(«بحسب الأرقام»), which are no speaker.

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> verbs = pd.DataFrame({"form": ["قال"], "lemma": ["قال"], "gender": ["m"], "form_type": ["past"]})
    >>> no_actors = pd.DataFrame({"actor_id": []})
    >>> lexicon = Lexicon.from_tables(verbs, no_actors, pd.DataFrame({"actor_id": [], "alias": []}))
    >>> speaker, mention, content = according_to(Para("وبحسب الخبير سامي، فإن الخطة جاهزة."), 0, lexicon, History())
    >>> speaker.key, mention, content
    ('الخبير سامي', 'الخبير سامي', 3)
    >>> according_to(Para("وبحسب الأرقام، فإن العدد كبير."), 0, lexicon, History()) is None
    True
"""

from __future__ import annotations

from analysis.attribution.grammar import Para, is_data_noun
from analysis.attribution.impersonal import IMPERSONAL_VERB, impersonal_source
from analysis.attribution.lexicon import Lexicon, VerbForm, is_verb
from analysis.attribution.phrases import alias_mention, noun_phrase_end
from analysis.attribution.speakers import History, Speaker, named

ACCORDING = frozenset({"بحسب", "حسب"})
#: the cue a source named by «بحسب» is reported with (its lemma in the output's ``cue_lemma``)
ACCORDING_VERB = VerbForm("بحسب", "بحسب", "-", "preposition")
_COMMAS = ("،", ",")


def named_source(para: Para, i: int, lexicon: Lexicon, history: History) -> tuple | None:
    """``(cue verb, speaker, mention, content index, rule)`` of a source named without a reporting verb at token
    ``i``: «بحسب فلان،», «على حد تعبير فلان،» or «جاء في كلمة فلان أن» (:mod:`analysis.attribution.impersonal`)."""
    if (source := according_to(para, i, lexicon, history)) is not None:
        return ACCORDING_VERB, *source, "according_to"
    if (source := impersonal_source(para, i, lexicon, history)) is not None:
        return IMPERSONAL_VERB, *source, "impersonal"
    return None


def according_to(para: Para, i: int, lexicon: Lexicon, history: History) -> tuple[Speaker, str, int] | None:
    """``(speaker, mention, content index)`` when token ``i`` is «(و)بحسب» (or «(و)على حد تعبير/قول») opening a
    sentence with a named source and a comma after it, else None; ``history`` learns the speaker."""
    toks = para.toks
    norm = toks[i].norm
    word = norm[1:] if norm[:1] == "و" else norm
    # at a sentence's start only: «وأضاف الرئيس، بحسب السفير، أن» is a relay, the verb's cue reads it
    if para.sentence_start(i) != i or i + 1 >= len(toks):
        return None
    if word == "علي" and [t.norm for t in toks[i + 1 : i + 3]] in (["حد", "تعبير"], ["حد", "قول"]):
        word, i = "بحسب", i + 2  # «وعلى حد تعبير أحد الدبلوماسيين، فإن»
    if word not in ACCORDING or i + 1 >= len(toks):
        return None
    start = i + 1
    if toks[start].norm == "ما" or is_data_noun(toks[start].norm):
        return None
    alias = alias_mention(para, start, lexicon)
    end = alias[1] if alias is not None else noun_phrase_end(para, start, lexicon)
    if end <= start or end >= len(toks) or para.gap(end).strip() not in _COMMAS or is_verb(toks[end].norm, lexicon):
        return None
    speaker, _ = named(para, start, end, ACCORDING_VERB, alias[0] if alias else None, lexicon, history)
    return speaker, para.text[toks[start].start : toks[end - 1].end], end
