"""Who speaks: the speakers named so far in a report, and the speaker a mention or a continuation refers to.

A mention is an actor when it is one of its aliases (or a title ending in a person's alias), an earlier
speaker when its words are all in that speaker's fuller mention ("الراشد"), else a new speaker keyed by the
mention as written. A definite back-reference ("وأضاف البيان", "ولفت المسؤول الأممي") is the current
speaker. A cue without a mention carries the current speaker, or the latest earlier one whose
gender agrees with the verb's.

Usage::

    >>> history = History()
    >>> minister = history.promote(Speaker("وزير الخارجية سالم الراشد", False, "وزير الخارجية سالم الراشد", "m",
    ...                                    frozenset({"وزير", "خارجيه", "سالم", "راشد"})))
    >>> expert = history.promote(Speaker("الخبيرة ليلى", False, "الخبيرة ليلى", "f", frozenset({"خبيره", "ليلي"})))
    >>> history.earlier_mention({"راشد"}, "m").key
    'وزير الخارجية سالم الراشد'
    >>> speaker, rule = carry(history, "m")
    >>> speaker.key, rule, history.current.key
    ('وزير الخارجية سالم الراشد', 'continuation_by_gender', 'وزير الخارجية سالم الراشد')
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.arabic import Token, tokens
from analysis.attribution.grammar import (
    CIRCUMSTANTIAL,
    CONNECTIVES,
    DEMONSTRATIVES,
    HOST_MARK,
    NAME_TITLES,
    PRONOUNS,
    RELATIVES,
    SUBORDINATE_TITLES,
    TOPIC,
    VERB_PREPOSITIONS,
    Para,
    bare,
    content_words,
    has_article,
    is_definite,
    subordinate_chain,
)
from analysis.attribution.lexicon import Lexicon, VerbForm
from analysis.attribution.phrases import alias_mention, delegation_of, match_alias, trailing_person

COUNTERPART = "نظير"  # نظيره، نظيرته، نظيرها: the counterpart of the current speaker, with the same title
# Nouns that refer back to whoever is speaking without naming them: "وأضاف البيان" (the statement of the
# ministry just quoted), "ولفت المسؤول الأممي", "وأوضح المصدر"; with relative adjectives only. A statement or a
# source has its own grammatical gender ("وأضاف البيان" after "وذكرت الوزارة"); an official must agree.
BACK_REFERENCES = frozenset({"بيان", "مصدر"})
PERSON_BACK_REFERENCES = frozenset({"مسوول", "متحدث"})


@dataclass
class Speaker:
    key: str
    is_actor: bool
    mention: str
    gender: str
    words: frozenset[str]
    blocked: frozenset[str] = frozenset()  # whom a subordinate title is *of*: not this speaker's own words


def _agrees(gender: str, speaker: Speaker) -> bool:
    return "-" in (gender, speaker.gender) or gender == speaker.gender


def _variants(word: str) -> set[str]:
    """A mention word and the forms that name the same thing: a nisba and its country (كويتي، كويت;
    طاجيكي، طاجيكستان), a posting word staying a posting word."""
    mark = HOST_MARK if word.startswith(HOST_MARK) else ""
    stem = word[len(mark) :]
    forms = {stem}
    for suffix in ("يه", "ي"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            base = stem[: -len(suffix)]
            forms |= {base, base + "ستان", base + "ي", base + "يه"}
            break
    else:
        base = stem.removesuffix("ستان")
        forms |= {stem + "ي", stem + "يه", base + "ي", base + "يه"}
    return {mark + f for f in forms}


def _covers(speaker: Speaker, words: set[str]) -> bool:
    """Whether a shorter mention's words are all the speaker's, and not only whom the speaker is the deputy,
    aide or spokesman of ("رئيس الوفد" is not "نائب رئيس الوفد")."""
    if not all(_variants(w) & speaker.words for w in words):
        return False
    in_chain = all(_variants(w) & speaker.blocked for w in words)
    return not in_chain or any(w in SUBORDINATE_TITLES for w in words)


def title_words(mention: str) -> set[str]:
    """The title a mention opens with, up to its first definite word ("وزير الداخلية" of "وزير الداخلية
    الأوزبكي"): what a counterpart ("نظيره القيرغيزي") shares with it."""
    out: set[str] = set()
    for tok in tokens(mention):
        out |= content_words([tok.norm])
        if is_definite(tok.norm):
            break
    return out


class History:
    """Speakers named so far, most recent first."""

    def __init__(self) -> None:
        self.speakers: list[Speaker] = []
        self.seen: list[str] = []  # actors any paragraph so far has named by an alias, most recent first

    def saw(self, para: Para, lexicon: Lexicon) -> None:
        """Note the actors ``para`` names by one of their aliases, in reading order."""
        for k in range(len(para.toks)):
            found = match_alias(para, k, lexicon)
            if found is not None:
                self.seen = [found[0]] + [a for a in self.seen if a != found[0]]

    def head_reference(
        self, norms: list[str], lexicon: Lexicon, para: Para | None = None, start: int = 0
    ) -> str | None:
        """The actor a definite noun alone stands for ("الإعلان", "الوزارة", "المملكة"): the latest one named so
        far (in ``para`` before token ``start``, then in the paragraphs before) whose alias begins with that noun,
        else None."""
        if len(norms) != 1 or not is_definite(norms[0]):
            return None
        actors = lexicon.heads.get(bare(norms[0]), frozenset())
        here = [] if para is None else [f[0] for k in range(start) if (f := match_alias(para, k, lexicon)) is not None]
        return next((a for a in [*reversed(here), *self.seen] if a in actors), None)

    @property
    def current(self) -> Speaker | None:
        return self.speakers[0] if self.speakers else None

    def promote(self, speaker: Speaker) -> Speaker:
        self.speakers = [speaker] + [s for s in self.speakers if s.key != speaker.key]
        return speaker

    def remember(self, speaker: Speaker) -> None:
        """Keep ``speaker`` as named just before the current one, without making it current."""
        rest = [s for s in self.speakers if s.key != speaker.key]
        self.speakers = rest[:1] + [speaker] + rest[1:]

    def find(self, key: str) -> Speaker | None:
        return next((s for s in self.speakers if s.key == key), None)

    def earlier_mention(self, words: set[str], gender: str) -> Speaker | None:
        """The latest speaker whose mention holds every word of a new, shorter mention ("الراشد")."""
        if not words:
            return None
        return next((s for s in self.speakers if _covers(s, words) and _agrees(gender, s)), None)

    def continuation(self, gender: str) -> tuple[Speaker | None, str]:
        """The speaker a cue without a named speaker refers to, and the rule that chose it."""
        current = self.current
        if current is None:
            return None, "no_speaker"
        if _agrees(gender, current):
            return current, "continuation"
        agreeing = next((s for s in self.speakers[1:] if _agrees(gender, s)), None)
        if agreeing is not None:
            return agreeing, "continuation_by_gender"
        return current, "continuation"


def _new_speaker(key: str, is_actor: bool, mention: str, gender: str, words: set[str], blocked=frozenset()) -> Speaker:
    return Speaker(key, is_actor, mention, gender, frozenset(words), frozenset(blocked))


APPOSITIVE_MAX_WORDS = 4  # "، السفيرة نورة الحمد،": a titled name of up to four words between commas
_FUNCTION_WORDS = CIRCUMSTANTIAL | VERB_PREPOSITIONS | DEMONSTRATIVES | PRONOUNS | RELATIVES | CONNECTIVES
PLAIN_NAME_MAX_WORDS = 3  # "، كلارا مونتيرو،": a name with no title, of two or three words
APPOSITIVE_MAX_REACH = 6  # words of the mention's phrase ("في وزارة الخارجية الكويتية") before that comma


def appositive_name(para: Para, end: int) -> list[str]:
    """The normalised words of a titled name set off by commas after a mention and its phrase ("مديرة الإدارة في
    الوزارة، السفيرة نورة الحمد، إن ..."), so that the name alone ("الحمد") later finds that speaker; [] when
    there is none."""
    toks, comma = para.toks, None
    for k in range(end, min(end + APPOSITIVE_MAX_REACH, len(toks) - 1) + 1):
        gap = para.gap(k).strip()
        if gap in ("،", ","):
            comma = k
            break
        if gap:
            return []
    if comma is None:
        return []
    titled = toks[comma].norm in NAME_TITLES
    for k in range(comma + 2, min(comma + APPOSITIVE_MAX_WORDS, len(toks)) + 1):
        gap = para.gap(k).strip() if k < len(toks) else ""
        if gap in ("،", ","):
            words = [t.norm for t in toks[comma:k]]
            return words if titled or plain_name(toks[comma:k]) else []
        if gap:
            return []
    return []


def plain_name(name: list[Token]) -> bool:
    """Words that may be a name with no title ("كلارا مونتيرو", "هيفاء العنزي", "إليزابيت مولر"): the first
    without the article, none a preposition, particle, pronoun or digit ("في كلمته", "إضافة إلى ذلك" are no
    names)."""
    words = [t.norm for t in name]
    return (
        2 <= len(words) <= PLAIN_NAME_MAX_WORDS
        and not has_article(name[0])
        and not any(w in _FUNCTION_WORDS or w[:1] in "وف" and w[1:] in _FUNCTION_WORDS for w in words)
        and all(w.isalpha() for w in words)
    )


def mention_words(norms: list[str], history: History) -> set[str]:
    """The identifying words of a mention; a counterpart ("نظيره القيرغيزي") also has the current speaker's
    title, so that "الوزير القيرغيزي" later finds them."""
    words = content_words(norms)
    if norms and bare(norms[0]).startswith(COUNTERPART) and history.current is not None:
        words |= title_words(history.current.mention)
    return words


def named(
    para: Para, start: int, end: int, verb: VerbForm, actor: str | None, lexicon: Lexicon, history: History
) -> tuple[Speaker, str]:
    """The speaker of a mention ``[start, end)``: a known actor, an earlier fuller mention, or a new one."""
    mention = para.text[para.toks[start].start : para.toks[end - 1].end]
    norms = [t.norm for t in para.toks[start:end]]
    if actor is not None:
        known = history.find(actor)
        gender = verb.gender if known is None or known.gender == "-" else known.gender
        # what named the actor before stays theirs: a long title first, the surname later, the title alone again
        words = content_words(norms) | lexicon.actor_words.get(actor, frozenset()) | (known.words if known else set())
        return history.promote(_new_speaker(actor, True, mention, gender, words)), "named_actor"
    person = trailing_person(para, start, end, lexicon) or delegation_of(para, start, end, lexicon)
    if person is not None:
        return named(para, start, end, verb, person, lexicon, history)
    words = mention_words(norms, history)
    earlier = history.earlier_mention(words, verb.gender)
    if earlier is not None:
        return history.promote(earlier), "earlier_mention"
    head = history.head_reference(norms, lexicon, para, start)
    if head is not None:
        return named(para, start, end, verb, head, lexicon, history)
    back = _back_reference(norms)
    current = history.current
    # "البيان" is the current speaker's statement; a document's is another document ("البيان الختامي")
    if back and current is not None and current.key not in lexicon.document_ids:
        if back in BACK_REFERENCES or _agrees(verb.gender, current):
            return current, "back_reference"
    words |= content_words(appositive_name(para, end))
    speaker = _new_speaker(mention, False, mention, verb.gender, words, subordinate_chain(norms))
    return history.promote(speaker), "named_mention"


def remember_relayer(para: Para, start: int, end: int, gender: str, lexicon: Lexicon, history: History) -> None:
    """The one who relays ("نقل المتحدث باسم الوزارة عن الوزير"), named before the one relayed, so that a later
    "وأضاف المتحدث" is the relayer again; not an actor's alias, nor a lone back-reference ("نقل البيان عن"). A
    relayer named before by a fuller mention ("ونقل الوزير عن الرئيس" after "قال وزير الخارجية") is that speaker."""
    norms = [t.norm for t in para.toks[start:end]]
    if not norms or _back_reference(norms) or alias_mention(para, start, lexicon) is not None:
        return
    mention, words = para.text[para.toks[start].start : para.toks[end - 1].end], content_words(norms)
    history.remember(history.earlier_mention(words, gender) or _new_speaker(mention, False, mention, gender, words))


def _back_reference(norms: list[str]) -> str | None:
    """The back-reference noun of a definite mention made of one and relative adjectives only ("المسؤول
    الأممي"), else None."""
    head, *rest = [bare(w) for w in norms] or [""]
    if not norms or not is_definite(norms[0]) or head not in BACK_REFERENCES | PERSON_BACK_REFERENCES:
        return None
    return head if all(w.endswith("ي") for w in rest) else None


def carry(history: History, gender: str) -> tuple[Speaker | None, str]:
    """The continuation speaker, made current."""
    speaker, rule = history.continuation(gender)
    return (history.promote(speaker) if speaker is not None else None), rule


def line_speaker(para: Para, lexicon: Lexicon, history: History) -> Speaker | None:
    """The speaker of an attribution line without a verb ("كلمة وزير الخارجية:"): an actor when the line is
    one of its aliases, a title ending in a person's alias, or the topic of "أما فلان، فـ..." ("أما فورونكوف،
    فاكتفى بعبارة واحدة:"), else the line itself."""
    n = len(para.toks)
    if n == 0:
        return None
    whole = alias_mention(para, 0, lexicon)
    actor = whole[0] if whole is not None and whole[1] == n else trailing_person(para, 0, n, lexicon)
    if actor is None and n > 1 and para.toks[0].norm in TOPIC:
        topic = alias_mention(para, 1, lexicon)
        actor = None if topic is None else topic[0]
    if actor is not None:
        known = history.find(actor)
        return history.promote(
            known or _new_speaker(actor, True, para.text, "-", set(lexicon.actor_words.get(actor, frozenset())))
        )
    mention = para.text[para.toks[0].start : para.toks[-1].end]
    words = content_words([t.norm for t in para.toks])
    return history.promote(history.earlier_mention(words, "-") or _new_speaker(mention, False, mention, "-", words))
