"""Where a speaker ends and the rest of the clause begins: the head of a noun phrase, its gender, a speaker
phrase running into the verb's object, and the subject of a sentence opened by a verb that is not reporting.

* The *head* of a phrase is an actor alias, or a construct chain up to its first definite word followed by
  relative adjectives: "وزيرة الخارجية الفنلندية" of "وزيرة الخارجية الفنلندية الدول الأوروبية".
* A phrase is feminine when its head word ends in ة or -ات, or a definite head is followed by a definite
  adjective in ة ("الدول المشاركة"). After a masculine verb such a phrase is an object ("وطالب الدول
  المشاركة بـ"), unless it opens with an honorific ("سعادة السفير") or the verb's content opens with إنّ,
  which follows verbs of saying only ("وقال أسامة الزعبي إن").

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> verbs = pd.DataFrame({"form": ["دعت"], "lemma": ["دعا"], "gender": ["f"], "form_type": ["past"]})
    >>> lexicon = Lexicon.from_tables(verbs, pd.DataFrame({"actor_id": []}), pd.DataFrame(
    ...     {"actor_id": [], "alias": []}))
    >>> para = Para("دعت وزيرة الخارجية الفنلندية الدول الأوروبية إلى الشراكة.")
    >>> split = speaker_prefix(para, 1, 6, lexicon.verbs["دعت"], lexicon, History())
    >>> para.text[para.toks[1].start:para.toks[split - 1].end]
    'وزيرة الخارجية الفنلندية'
    >>> feminine_phrase(Para("الدول المشاركة بتوحيد"), 0, 2), feminine_phrase(Para("الوزير الكويتي"), 0, 2)
    (True, False)
"""

from __future__ import annotations

from analysis.arabic import Token
from analysis.attribution.grammar import (
    CIRCUMSTANTIAL,
    CONNECTIVES,
    DEMONSTRATIVES,
    HONORIFICS,
    NAME_TITLES,
    OPENERS,
    PRONOUNS,
    QUANTIFIERS,
    VERB_PREPOSITIONS,
    Para,
    content_words,
    ends_feminine,
    has_tanwin_fath,
    is_complementiser,
    is_definite,
    is_plural_marked,
    is_title_adjective,
    written,
)
from analysis.attribution.lexicon import Lexicon, VerbForm, is_verb
from analysis.attribution.phrases import (
    MAX_SPEAKER_WORDS,
    alias_mention,
    ends_noun_phrase,
    governed_b,
    has_possessive,
    is_preposition,
    noun_phrase_end,
    span_actor,
)
from analysis.attribution.speakers import (
    APPOSITIVE_MAX_WORDS,
    History,
    Speaker,
    mention_words,
    named,
    plain_name,
)

_MAX_OBJECT_WORDS = 8


def head_end(para: Para, k: int, lexicon: Lexicon) -> int:
    """End of the head noun phrase at ``k`` (an alias, or a chain up to its first definite word and the
    relative adjectives after it); ``k`` when there is none."""
    toks = para.toks
    end, definite = k, False
    while end < len(toks) and end - k < MAX_SPEAKER_WORDS:
        if end > k and para.gap(end).strip():
            break
        alias = alias_mention(para, end, lexicon)
        if alias is not None and not definite:
            end, definite = alias[1], True
            continue
        norm = toks[end].norm
        if ends_noun_phrase(para, end, lexicon) or definite and not is_title_adjective(norm):
            break
        if end > k and has_possessive(toks[end]):
            break
        definite = definite or is_definite(norm)
        end += 1
    return end if definite else k


def feminine_phrase(para: Para, start: int, end: int) -> bool:
    """A phrase whose head is feminine or a non-human plural: ة or -ات, or a definite head followed by a
    definite adjective in ة ("الدول المشاركة")."""
    toks = para.toks
    if ends_feminine(toks[start]):
        return True
    return (
        start + 1 < end
        and is_definite(toks[start].norm)
        and is_definite(toks[start + 1].norm)
        and ends_feminine(toks[start + 1])
    )


def _says_that(para: Para, k: int) -> bool:
    """The first complementiser from ``k`` in the sentence is written إنّ (the complement of verbs of saying)."""
    for j in range(k, len(para.toks)):
        if j > k and para.ends_sentence_before(j):
            return False
        if is_complementiser(para.toks[j].norm):
            return written(para.toks[j]).lstrip("وفب").startswith("إ")
    return False


def subject_agrees(para: Para, start: int, end: int, verb: VerbForm) -> bool:
    """Whether ``[start, end)`` can be the subject of ``verb``: a masculine verb does not take a feminine
    phrase as subject ("أكد ضرورة"), except after an honorific or before إنّ ("وقال أسامة ... إن")."""
    if verb.gender != "m" or not feminine_phrase(para, start, end):
        return True
    return para.toks[start].norm in HONORIFICS or _says_that(para, end)


def _object_starts(para: Para, k: int, j: int) -> bool:
    """Token ``j`` of a phrase starting at ``k`` opens an object: a quantifier, a possessed noun, or a definite
    noun that cannot be an adjective of a title (not a relative adjective, not a singular participle)."""
    tok = para.toks[j]
    norm = tok.norm
    if norm in QUANTIFIERS or j > k and has_possessive(tok):
        return True
    if not is_definite(norm) or is_title_adjective(norm):
        return False
    return not norm.startswith("الم") or is_plural_marked(norm)


def speaker_prefix(para: Para, k: int, end: int, verb: VerbForm, lexicon: Lexicon, history: History) -> int | None:
    """Where a speaker phrase ``[k, end)`` that runs into the verb's object ends ("ودعت المنظمة الدول"): after
    a known actor or earlier speaker, or after a head ending in a relative adjective followed by definite
    words ("وزيرة الخارجية الفنلندية الدول"). ``None`` when the whole phrase may be the speaker."""
    toks = para.toks
    head = head_end(para, k, lexicon)
    # The object starts after a whole head phrase: "رئيس | الوفد" is one name, not a speaker and an object.
    for j in range(end - 1, max(k, head - 1), -1):
        if not _object_starts(para, k, j):
            continue
        alias = alias_mention(para, k, lexicon)
        if alias is not None and alias[1] == j:
            return j
        words = mention_words([t.norm for t in toks[k:j]], history)
        if history.earlier_mention(words, verb.gender) is not None:
            return j
    if k < head < end and (toks[head].norm in QUANTIFIERS or has_possessive(toks[head])):
        return head  # "الوزير نظراءه"، "الوزير جميع الدول": never part of the speaker's name
    if k < head < end and is_title_adjective(toks[head - 1].norm) and _object_starts(para, k, head):
        if all(is_definite(t.norm) or t.norm in QUANTIFIERS for t in toks[head:end]):
            return head
    return None


def preposition_follows(para: Para, k: int, lexicon: Lexicon) -> bool:
    """An object from ``k`` runs, within its clause, into a governed preposition or ب ("الشركات العاملة في
    الموانئ بالتعاون")."""
    toks = para.toks
    for j in range(k, min(len(toks), k + _MAX_OBJECT_WORDS)):
        if j > k and para.gap(j).strip():
            return False
        norm = toks[j].norm
        if j > k and (is_preposition(para, j) or governed_b(norm) and is_verb(norm, lexicon) is None):
            return True
        if is_complementiser(norm) or is_verb(norm, lexicon) is not None:
            return False
    return False


def noun_object_at(para: Para, k: int, lexicon: Lexicon) -> bool:
    """An indefinite noun at ``k`` that can be a verb's object ("أعلنت اليابان تقديم ..."): no particle, no
    tanwin, no article, in the same clause."""
    toks = para.toks
    if k >= len(toks) or para.gap(k).strip():
        return False
    return not (is_definite(toks[k].norm) or has_tanwin_fath(toks[k]) or ends_noun_phrase(para, k, lexicon))


def _opens_subject(para: Para, start: int, lexicon: Lexicon) -> bool:
    """The sentence at ``start`` opens with a word that may be a verb followed by its subject: not a
    preposition, opener, pronoun or demonstrative, and no punctuation before the next word."""
    first = para.toks[start].norm
    stem = first[1:] if first[:1] in "وف" and len(first) > 2 else first
    closed = CIRCUMSTANTIAL | VERB_PREPOSITIONS | OPENERS | PRONOUNS | DEMONSTRATIVES
    return (
        start + 1 < len(para.toks)
        and first not in closed
        and stem not in closed
        and not para.gap(start + 1).strip()
        and is_verb(first, lexicon) is None
    )


def sentence_actor(
    para: Para, before: int, verb: VerbForm, lexicon: Lexicon, history: History
) -> tuple[Speaker, str] | None:
    """An actor one or two words after the start of the sentence of token ``before``, ending by it."""
    start = para.sentence_start(before)
    for j in (start + 1, start + 2):
        if j < before:
            alias = alias_mention(para, j, lexicon)
            if alias is not None and alias[1] <= before:
                return named(para, j, alias[1], verb, alias[0], lexicon, history)
    return None


def sentence_subject(
    para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History
) -> tuple[Speaker, str] | None:
    """The subject after the verb opening the sentence of token ``i`` ("وافتتح فورونكوف الجلسة، مؤكداً",
    "واستهل الراشد المؤتمر بالقول"): an actor one or two words in, else the head phrase right after it."""
    start = para.sentence_start(i)
    actor = sentence_actor(para, i, verb, lexicon, history)
    if actor is not None:
        return actor
    if not _opens_subject(para, start, lexicon):
        return None
    end = head_end(para, start + 1, lexicon)
    if start + 1 < end <= i and subject_agrees(para, start + 1, end, verb):
        return named(para, start + 1, end, verb, None, lexicon, history)
    # an earlier speaker by name, one or two words ("وختمت حمدان حديثها بالإشارة إلى أن")
    for end in (start + 3, start + 2):
        if end <= i and not any(para.gap(k).strip() for k in range(start + 1, end)):
            words = content_words([t.norm for t in para.toks[start + 1 : end]])
            if (earlier := history.earlier_mention(words, verb.gender)) is not None:
                return history.promote(earlier), "earlier_mention"
    return None


def focus_on_subject(para: Para, lexicon: Lexicon, history: History) -> None:
    """An agency paragraph whose first sentence is about an earlier speaker ("وسئل الراشد عن ...") makes them
    the current speaker, whom a following "فأجاب" continues."""
    if not para.toks or not _opens_subject(para, 0, lexicon):
        return
    alias = alias_mention(para, 1, lexicon)
    if alias is not None:
        speaker = history.find(alias[0])
    else:
        end = head_end(para, 1, lexicon)
        words = content_words([t.norm for t in para.toks[1:end]])
        speaker = history.earlier_mention(words, "-") if end > 1 else None
    if speaker is not None:
        history.promote(speaker)


def span_with_actor(para: Para, start: int, end: int, lexicon: Lexicon) -> tuple[int, int, str | None]:
    """``(start, end, actor)``: the actor when the span is one of its aliases, else None."""
    return start, end, span_actor(para, start, end, lexicon)


def after_connective(para: Para, begin: int, i: int) -> int:
    """Skip a connective opening the clause before its subject: "غير أن"، "إلا أن"، "لكن"."""
    toks = para.toks
    if begin < i and toks[begin].norm in CONNECTIVES:
        begin += 1
        if begin < i and is_complementiser(toks[begin].norm):
            begin += 1
    return begin


def appositive_subject(para: Para, i: int, lexicon: Lexicon) -> tuple[int, int] | None:
    """``(start, end)`` of a subject that opens the sentence with a name and a title set off by commas right before
    the verb at ``i``: the title first ("الباحث الأول في المعهد ...، جوناثان هيل، حذّر من أن"; "..., الدكتور بدر
    الساير، يرى أن") or the name first ("مهرنسو رحيموفا، نائبة مدير الأكاديمية، أكدت أن", also after an inline
    dateline), else None. No verb may come between the sentence's start and the verb."""
    toks, start = para.toks, para.sentence_start(i)
    name = para.clause_start(i - 1) if i > 0 else 0
    if name <= start or not all(para.gap(k).strip() in ("،", ",") for k in (name, i)):
        return None
    if not _is_name(toks[name:i]):
        comma = next(k for k in range(start + 1, name + 1) if para.gap(k).strip() in ("،", ","))
        start = para.clause_start(comma - 1)  # the clause before the sentence's first comma: the name
        if not _is_name(toks[start:comma]):
            return None
    first = toks[start].norm[1:] if toks[start].norm[:1] in "وف" else toks[start].norm
    if first in CIRCUMSTANTIAL | VERB_PREPOSITIONS | CONNECTIVES | DEMONSTRATIVES | PRONOUNS:
        return None
    return (start, i) if not any(is_verb(t.norm, lexicon) for t in toks[start:name]) else None


def _is_name(name: list[Token]) -> bool:
    titled = bool(name) and name[0].norm in NAME_TITLES and len(name) <= APPOSITIVE_MAX_WORDS
    return titled or plain_name(name)


# «وتحدث بعده رئيس الوفد، فعرض ...، وقال إن»: a verb of taking the floor names who speaks next, with no content
SPOKE = frozenset({"تحدث", "تحدثت", "وتحدث", "وتحدثت"})
_AFTER_SPOKE = frozenset({"بعده", "بعدها", "بدوره", "بدورها", "ايضا", "كذلك", "ثم"})


def introduce(para: Para, i: int, lexicon: Lexicon, history: History) -> None:
    """At «(و)تحدث» opening a sentence, the phrase after it (past «بعده», «بدوره») up to a comma becomes the current
    speaker, so that a «وقال» later in the paragraph is theirs."""
    toks = para.toks
    if toks[i].norm not in SPOKE or para.sentence_start(i) != i:
        return
    k = i + 1
    while k < len(toks) and toks[k].norm in _AFTER_SPOKE and not para.gap(k).strip():
        k += 1
    if k >= len(toks) or para.gap(k).strip():
        return
    end = noun_phrase_end(para, k, lexicon)
    if k < end < len(toks) and para.gap(end).strip() in ("،", ","):
        verb = VerbForm(toks[i].norm, "تحدث", "f" if toks[i].norm.endswith("ت") else "m", "past")
        named(para, k, end, verb, span_actor(para, k, end, lexicon), lexicon, history)
