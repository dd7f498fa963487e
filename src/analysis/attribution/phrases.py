"""Where a mention ends: actor aliases, the speaker noun phrase after a verb, addressees and adverbs.

Every function takes a :class:`~analysis.attribution.grammar.Para` and a token index and returns a token
index (or an ``(actor_id, end)`` pair), so the caller can cut the mention out of the original text.

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> verbs = pd.DataFrame({"form": ["قال"], "lemma": ["قال"], "gender": ["m"], "form_type": ["past"]})
    >>> actors = pd.DataFrame({"actor_id": ["vladimir-voronkov"], "type": ["person"]})
    >>> aliases = pd.DataFrame({"actor_id": ["vladimir-voronkov"], "alias": ["فورونكوف"]})
    >>> lexicon = Lexicon.from_tables(verbs, actors, aliases)
    >>> para = Para("وقال وكيل الأمين العام فورونكوف في الجلسة إن المؤتمر ناجح.")
    >>> end = noun_phrase_end(para, 1, lexicon)
    >>> para.text[para.toks[1].start:para.toks[end - 1].end], trailing_person(para, 1, end, lexicon)
    ('وكيل الأمين العام فورونكوف', 'vladimir-voronkov')
"""

from __future__ import annotations

from analysis.arabic import Token
from analysis.attribution.grammar import (
    ADVERBS,
    CIRCUMSTANTIAL,
    DAY_WORDS,
    IN_WHICH,
    LADAA,
    NAME_LINKS,
    NAME_TITLES,
    PRONOUN_ADDRESSEES,
    RELATIVES,
    VERB_PREPOSITIONS,
    Para,
    bare,
    has_tanwin_fath,
    is_complementiser,
    is_look_alike,
)
from analysis.attribution.lexicon import Lexicon, is_verb

MAX_SPEAKER_WORDS = 10
ANTECEDENT_REACH = 5  # most words between an antecedent's alias and «، الذي»: «رسالة الرئيس رحمون إلى المؤتمر، التي»


def match_alias(para: Para, k: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """``(actor_id, end)`` of the longest alias starting at token ``k`` (words separated by spaces only)."""
    toks = para.toks
    if k >= len(toks):
        return None
    for words, actor in lexicon.aliases.get(toks[k].norm, ()):
        end = k + len(words)
        if (
            end <= len(toks)
            and all(toks[k + i].norm == w for i, w in enumerate(words))
            and all(not para.gap(j).strip() for j in range(k + 1, end))
        ):
            return actor, end
    return None


def alias_mention(para: Para, k: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """An alias at ``k`` extended by appositive aliases of the same actor ("رئيس طاجيكستان إمام علي رحمان")."""
    found = match_alias(para, k, lexicon)
    if found is None:
        return None
    actor, end = found
    while end < len(para.toks) and para.gap(end).strip() in ("", "(", ")"):
        more = match_alias(para, end, lexicon)
        if more is None or more[0] != actor:
            break
        end = more[1]
    return actor, end


def span_actor(para: Para, start: int, end: int, lexicon: Lexicon) -> str | None:
    """The actor whose alias (with its appositives) is exactly the span ``[start, end)``, else None."""
    alias = alias_mention(para, start, lexicon)
    return alias[0] if alias is not None and alias[1] == end else None


def addressee_end(para: Para, k: int, lexicon: Lexicon) -> int:
    """Skip an addressee right after the verb ("صرح لـ«كونا»", "صرح لكونا"): the index after it, else ``k``."""
    toks = para.toks
    if k < len(toks) and toks[k].norm == "ل" and k + 1 < len(toks):
        return k + 2
    if k < len(toks) and toks[k].norm in PRONOUN_ADDRESSEES:
        return k + 1
    if (
        k < len(toks)
        and toks[k].norm.startswith("ل")
        and any(len(words) == 1 for words, _ in lexicon.aliases.get(toks[k].norm[1:], ()))
    ):
        return k + 1
    return k


def trailing_person(para: Para, start: int, end: int, lexicon: Lexicon) -> str | None:
    """The person whose alias ends the phrase ``[start, end)`` after a title ("وكيل الأمين العام فلان")."""
    for j in range(start + 1, end):
        alias = match_alias(para, j, lexicon)
        if alias is not None and alias[1] == end and alias[0] in lexicon.person_ids:
            return alias[0]
    return None


def delegation_of(para: Para, start: int, end: int, lexicon: Lexicon) -> str | None:
    """The state a delegation speaks for ("وفد دولة قطر", "وفد السعودية"): the phrase is «وفد» and a state's
    alias, nothing else (the head of a delegation, "رئيس وفد قطر", is a person)."""
    if bare(para.toks[start].norm) != "وفد":
        return None
    alias = match_alias(para, start + 1, lexicon)
    return alias[0] if alias is not None and alias[1] == end and alias[0] in lexicon.state_ids else None


def skip_adverbs(para: Para, k: int, lexicon: Lexicon) -> int:
    """The first token from ``k`` that is neither an adverb nor an accompanying participle (وأضاف قائلاً)."""
    toks = para.toks
    while k < len(toks) and not para.gap(k).strip():
        verb = is_verb(toks[k].norm, lexicon)
        if toks[k].norm not in ADVERBS and (verb is None or verb.form_type != "participle"):
            break
        k += 1
    return k


def governed_object(norm: str) -> bool:
    """A definite noun or a verbal noun with ب ("بالدعم"، "بتوحيد"، "بإنشاء"، "بمواصلة"): the object of
    نوه/طالب/أشاد, after the speaker. (Names rarely start بت، بإ، بم، بض.)"""
    return norm.startswith("بال") and len(norm) > 4 or norm[:2] in ("بت", "با", "بم", "بض") and len(norm) > 4


def governed_b(norm: str) -> bool:
    """Any noun with ب ("بتوحيد"، "بإنشاء"): only where no name can stand (right after a verb or an object)."""
    return norm.startswith("ب") and len(norm) > 3


def is_preposition(para: Para, k: int) -> bool:
    """A preposition a reporting verb governs (إلى، على، عن، من); "علي" after "بن" is a name."""
    norm = para.toks[k].norm
    if norm == "علي" and k > 0 and para.toks[k - 1].norm in NAME_LINKS:
        return False
    return norm in VERB_PREPOSITIONS


def noun_phrase_end(para: Para, k: int, lexicon: Lexicon) -> int:
    """End of the speaker noun phrase starting at ``k``: up to punctuation, a complementiser, a preposition,
    an accusative, a relative pronoun or another reporting verb, at most a few words (an alias counts as one)."""
    toks = para.toks
    end, words = k, 0
    while end < len(toks) and words < MAX_SPEAKER_WORDS:
        if end > k and para.gap(end).strip():
            break
        words += 1
        alias = match_alias(para, end, lexicon)
        if alias is not None:
            end = alias[1]
            continue
        if toks[end].norm == "في" and end > k and (inner := match_alias(para, end + 1, lexicon)) is not None:
            end = inner[1]
            continue
        if ends_noun_phrase(para, end, lexicon):
            break
        end += 1
    if end == k:
        return end
    if end < len(toks) and toks[end].norm == LADAA:
        return _through_ladaa(para, end, lexicon)
    return _through_fi_to_name(para, end, lexicon)


def _through_ladaa(para: Para, end: int, lexicon: Lexicon) -> int:
    """Extend a phrase through "لدى" ("السفير الكويتي لدى طاجيكستان خالد الفلاني إن"), when it runs without
    punctuation or possessive to the speaker's complementiser."""
    toks = para.toks
    stop = end + 1
    while stop < len(toks) and stop - end <= MAX_SPEAKER_WORDS and not para.gap(stop).strip():
        norm = toks[stop].norm
        if is_complementiser(norm) or norm in VERB_PREPOSITIONS or governed_b(norm) and stop > end + 1:
            return stop if stop > end + 1 else end
        if stop > end + 1 and addressee_end(para, stop, lexicon) != stop:  # "لدى الكويت فلان لـ«كونا» إن"
            return stop
        if stop > end + 2 and norm in DAY_WORDS:  # "لدى دولة الكويت فلان اليوم إن": the day closes the name
            return stop
        if has_possessive(toks[stop]) or ends_noun_phrase(para, stop, lexicon):
            return end
        stop += 1
    # A comma or a colon after the name ("لدى الكويت فلان، معرباً") also closes the phrase.
    return stop if stop < len(toks) and stop > end + 1 and para.gap(stop).strip() else end


def ends_noun_phrase(para: Para, k: int, lexicon: Lexicon) -> bool:
    tok = para.toks[k]
    norm = tok.norm
    return (
        is_complementiser(norm)
        or is_preposition(para, k)
        or norm in CIRCUMSTANTIAL
        or norm in RELATIVES
        or has_tanwin_fath(tok)
        or is_verb(norm, lexicon) is not None
        and not is_look_alike(tok)
        or norm.isdigit()
        or governed_object(norm)
        or norm in ADVERBS
        or addressee_end(para, k, lexicon) != k
    )


def has_possessive(token: Token) -> bool:
    """A pronoun suffix (كلمته، حديثها): the phrase is about the speaker, not part of the name (عبدالله)."""
    return token.text.endswith(("ه", "ها", "هم")) and not token.norm.endswith("الله")


def _through_fi_to_name(para: Para, end: int, lexicon: Lexicon) -> int:
    """Extend a phrase stopped at "في" when the words up to the complementiser are a place or body then a
    personal name ("مدير المركز في آسيا الوسطى تيمور رسولوف أن"), or a field then a titled name ("الخبيرة في
    مكافحة تمويل الإرهاب الدكتورة نورة الصالح إن"). A phrase holding a possessive ("في كلمته"), with no
    definite word ("في بيان صحفي") or ending in one ("في الجلسة الختامية إن") is circumstantial."""
    toks = para.toks
    if end >= len(toks) or toks[end].norm != "في" or para.gap(end).strip():
        return end
    stop = end + 1
    while stop < len(toks) and stop - end <= MAX_SPEAKER_WORDS and not para.gap(stop).strip():
        norm = toks[stop].norm
        if is_complementiser(norm) or norm in VERB_PREPOSITIONS or governed_object(norm):
            break
        if stop > end + 1 and addressee_end(para, stop, lexicon) != stop:  # "... العميد فلان لـ«كونا» إن"
            break
        if has_possessive(toks[stop]) or norm in CIRCUMSTANTIAL or norm in RELATIVES:
            return end
        stop += 1
    if stop >= len(toks) or para.gap(stop).strip() or not ends_noun_phrase(para, stop, lexicon):
        return end
    phrase = [t.norm for t in toks[end + 1 : stop]]
    if any(w in NAME_TITLES for w in phrase[:-1]):
        return stop  # a title then at least one word of a name
    definite = [w.startswith(("ال", "لل")) for w in phrase]  # «للمؤتمر» is definite too
    # «الباحثة في شؤون الأمن الإقليمي نوف المطيري إن»: a bare word after a definite one opens a name, whose
    # surname may itself be definite
    if any(definite[j - 1] and _bare_word(phrase[j]) for j in range(max(1, len(phrase) - 2), len(phrase) - 1)):
        return stop
    if not any(definite) or definite[-1]:
        return end
    return stop


def _bare_word(norm: str) -> bool:
    """A word with no article, no prefixed preposition and no digit: the start of a personal name."""
    prefixed = norm.startswith(("ال", "لل", "بال", "وال", "كال", "فال"))
    return norm.isalpha() and not prefixed and norm not in CIRCUMSTANTIAL


def _relative_at(para: Para, rel: int) -> bool:
    """Token ``rel`` is a relative pronoun («الذي», «والتي») after a comma (past a closing quote), verb next."""
    norm = para.toks[rel].norm
    relative = norm in RELATIVES or norm[:1] == "و" and norm[1:] in RELATIVES
    return relative and para.gap(rel).strip().lstrip('»”"') in ("،", ",") and rel + 3 < len(para.toks)


def relative_named_after(para: Para, rel: int, lexicon: Lexicon) -> tuple[int, int, str] | None:
    """``(start, end, actor)`` of an actor named right after «فيه/فيها» in «، الذي أعلن فيه فورونكوف أن»."""
    if not _relative_at(para, rel) or para.toks[rel + 2].norm not in IN_WHICH:
        return None
    after = alias_mention(para, rel + 3, lexicon)
    return None if after is None else (rel + 3, after[1], after[0])


def relative_antecedent(para: Para, rel: int, lexicon: Lexicon) -> tuple[int, int, str] | None:
    """``(start, end, actor)`` of the latest actor named in the few words before «، الذي/والتي + verb» at ``rel``
    («باعتماد «إعلان الكويت ...»، الذي دعا»، «رسالة الرئيس رحمون إلى المؤتمر، والتي دعا فيها»)."""
    if not _relative_at(para, rel):
        return None
    floor = max(para.sentence_start(rel), rel - ANTECEDENT_REACH - MAX_SPEAKER_WORDS)
    latest, j = None, floor
    while j < rel:  # a whole mention at a time: «إعلان الكويت» is the declaration, not the state in it
        alias = alias_mention(para, j, lexicon)
        latest = (j, alias[1], alias[0]) if alias is not None and alias[1] <= rel else latest
        j = alias[1] if alias is not None else j + 1
    return latest if latest is not None and rel - latest[1] <= ANTECEDENT_REACH else None
