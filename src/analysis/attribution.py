"""Who speaks in each paragraph of an Arabic report: reporting cues, speakers and voices.

A *cue* is a reporting-verb form of the lexicon (with an optional و/ف) that opens its clause (at a
paragraph or clause start, after و/ف, or after كما، ثم، فيما، من جانبه ...), with its speaker:

* named after the verb: an actor alias (longest first, extended by an appositive alias of the same
  actor), else a noun phrase accepted only when the content follows it (أن/إن, a colon or quote, the
  verb's preposition إلى/على/عن/من or بـ+definite, possibly after an addressee "لكونا", an adverb or a
  circumstantial phrase "في كلمته"); a title ending in a person's alias is that person, and a later
  shorter mention ("الراشد"، "الوزارة") is the earlier speaker whose mention holds its words;
* named before it: "وكان الوزير قد أكد", an alias just before the verb, or a subject opening the sentence
  of a past verb followed by its content ("رئيس القسم أكد أن");
* otherwise carried over (a continuation "وأضاف أن", "مشيراً إلى"): the current speaker, or the latest
  earlier one whose gender agrees with the verb's; a participle after a non-reporting verb takes the actor
  right after that verb ("وافتتح فورونكوف الجلسة، مؤكداً").

``mode`` is direct for a colon or quote after cue and speaker (or a quotation before the cue), else
indirect, or mixed when the indirect content holds the speaker's own words (a quotation of four words or
more right after أن/إن, or first-person words: نحن، شراكتنا، منا، نتمكن). A paragraph without a cue is
the agency's, except one that continues an open quotation, one that is itself a quotation following
reported speech, and the paragraphs after an attribution line ("وقال الوزير:"). Kickers, headlines,
datelines, bylines and subheadings are never searched. A speech transcript has no cues: every paragraph
is its speaker's own words. The word lists are data: see :meth:`Lexicon.from_tables`.

Usage::

    >>> import pandas as pd
    >>> verbs = pd.DataFrame({"form": ["قال", "أضاف"], "lemma": ["قال", "أضاف"],
    ...                       "gender": ["m", "m"], "form_type": ["past", "past"]})
    >>> actors = pd.DataFrame({"actor_id": ["emomali-rahmon"]})
    >>> aliases = pd.DataFrame({"actor_id": ["emomali-rahmon"], "alias": ["الرئيس رحمان"],
    ...                         "language": ["ar"], "note": [""]})
    >>> lexicon = Lexicon.from_tables(verbs, actors, aliases)
    >>> texts = ["وقال الرئيس رحمان إن التعاون ضروري.", "وأضاف: «نحن مستعدون».", "وانتهت الجلسة."]
    >>> rows = attribute(texts, ["lead", "body", "body"], kind="news_report", lexicon=lexicon, agency="kuna")
    >>> rows[["paragraph", "cue", "speaker", "mode", "rule"]].values.tolist()
    [[1, 'وقال', 'emomali-rahmon', 'indirect', 'named_actor'], [2, 'وأضاف', 'emomali-rahmon', 'direct', 'continuation']]
    >>> voices = paragraph_voices(rows, 3, kind="news_report", agency="kuna", source_speaker=None)
    >>> voices[["voice", "speaker"]].values.tolist()
    [['reported_speech', 'emomali-rahmon'], ['reported_speech', 'emomali-rahmon'], ['agency', 'kuna']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from analysis.arabic import Token, normalize, tokens

__all__ = ["ATTRIBUTION_COLUMNS", "VOICE_COLUMNS", "KINDS", "ROLES", "AGENCY_ROLES", "VerbForm", "Lexicon",
           "attribute", "paragraph_voices"]

ATTRIBUTION_COLUMNS = ("paragraph", "voice", "speaker", "speaker_is_actor", "speaker_mention", "cue", "cue_lemma",
                       "mode", "char_start", "char_end", "evidence", "rule")
VOICE_COLUMNS = ("paragraph", "voice", "speaker", "rule")
KINDS = ("news_report", "speech_transcript", "press_release", "web_page")
ROLES = ("kicker", "headline", "dateline", "standfirst", "byline", "attribution", "lead", "body", "subheading",
         "bullet", "salutation")
#: Roles written by the publisher whatever they contain.
AGENCY_ROLES = frozenset({"kicker", "headline", "dateline", "byline", "subheading"})
GENDERS = ("m", "f", "-")
FORM_TYPES = ("past", "present", "participle", "masdar")
EVIDENCE_WORDS = 8

# --- closed-class words (grammar, not vocabulary), all in normalised spelling ------------------------------

# أن/إن with an optional ب (بأن) or و/ف, and an optional pronoun suffix (أنه، إنها، أننا).
_COMPLEMENTISER = re.compile(r"^[وف]?ب?ان(?:ه|ها|هم|هما|هن|نا|ني|كم)?$")
# Prepositions that a reporting verb governs: أشار إلى، شدد على، أعرب عن، حذر من.
_VERB_PREPOSITIONS = frozenset({"الي", "علي", "عن", "من"})
# Words that open a circumstantial phrase between a verb and its content, and end a speaker phrase.
_CIRCUMSTANTIAL = frozenset({"في", "خلال", "امام", "عقب", "اثناء", "مع", "امس", "اليوم", "حول", "منذ", "بعد", "قبل",
                             "عبر", "ضمن", "صباح", "مساء", "لدي", "وفي", "حيث", "عند"})
# "لدى" is circumstantial, but inside a speaker phrase it may lead to the name ("السفير لدى طاجيكستان فلان").
_LADAA = "لدي"
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})
# Words after which a bare (no و/ف) verb still opens its clause: كما قال، من جانبه قال، وفق ما ذكرت.
_OPENERS = frozenset({"كما", "وكما", "بدوره", "بدورها", "جانبه", "جانبها", "جهته", "جهتها", "ثم", "فيما", "بينما",
                      "حيث", "ما", "قد", "وقد", "لقد", "ولقد", "اذ", "فقد"})
# Adverbs that may stand between a verb, its speaker and the content: وأكد أيضاً أن، وأضاف بدوره أن.
_ADVERBS = frozenset({"ايضا", "كذلك", "مجددا", "مرارا", "بدوره", "بدورها", "بدورهم", "ثانيه", "كذالك",
                      "به", "بها"})  # بها: the resumptive pronoun of "بحسب ما أفادت به الوكالة"
_KANA = frozenset({"كان", "وكان", "فكان", "كانت", "وكانت", "فكانت"})
_DEMONSTRATIVES = frozenset({"هذا", "هذه", "هؤلاء", "ذلك", "تلك", "هولاء"})
_PRONOUNS = frozenset({"هو", "هي", "هم", "هما", "هن", "نحن", "انا", "انت", "انتم"})
_FIRST_PERSON_PRONOUNS = frozenset({"نحن", "انا", "اننا", "انني", "واننا", "ونحن", "فنحن"})
_NOT_FIRST_PERSON = frozenset({"هنا", "ههنا"})
_OPEN_QUOTES = "«“"
_CLOSE_QUOTES = "»”"
_TANWIN_FATH = "\u064b"
_SENTENCE_ENDS = ".!?؟؛…۔"
_MAX_SPEAKER_WORDS = 10
_MAX_CONTENT_SEARCH = 30


@dataclass(frozen=True)
class VerbForm:
    """One surface form of a reporting verb (as listed, without و/ف)."""

    form: str
    lemma: str
    gender: str
    form_type: str


@dataclass(frozen=True, repr=False)
class Lexicon:
    """Reporting-verb forms and actor aliases, keyed by their normalised spelling.

    ``verbs`` maps a normalised form to its :class:`VerbForm`; ``aliases`` maps the normalised first word of
    an alias to ``(normalised words, actor_id)`` pairs, longest first; ``actor_words`` holds, per actor, the
    words of all its aliases (to recognise a later short mention such as "الوزارة"); ``person_ids`` are the
    actors of type ``person`` (a title followed by their name is them: "وكيل الأمين العام فلاديمير فورونكوف").
    """

    verbs: Mapping[str, VerbForm]
    aliases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    actor_ids: frozenset[str]
    actor_words: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    person_ids: frozenset[str] = frozenset()

    @classmethod
    def from_tables(cls, verbs: pd.DataFrame, actors: pd.DataFrame, aliases: pd.DataFrame) -> Lexicon:
        """Build from ``reporting_verbs.csv``, ``actors.csv`` and ``actor_aliases.csv`` as DataFrames.

        Raises ``ValueError`` on a missing column, an unknown gender or form type, a form listed under two
        lemmas, or an alias of an actor that ``actors`` does not hold.
        """
        _require(verbs, ("form", "lemma", "gender", "form_type"), "verbs")
        _require(actors, ("actor_id",), "actors")
        _require(aliases, ("actor_id", "alias"), "aliases")
        actor_ids = frozenset(str(a) for a in actors["actor_id"].dropna())
        persons = actors[actors["type"] == "person"] if "type" in actors.columns else actors.iloc[:0]
        verb_map = _verb_map(verbs)
        alias_map, actor_words = _alias_map(aliases, actor_ids)
        return cls(MappingProxyType(verb_map), MappingProxyType(alias_map), actor_ids,
                   MappingProxyType(actor_words), frozenset(str(a) for a in persons["actor_id"].dropna()))

    def __repr__(self) -> str:
        n_aliases = sum(len(v) for v in self.aliases.values())
        return f"Lexicon({len(self.verbs)} verb forms, {n_aliases} aliases, {len(self.actor_ids)} actors)"


def _require(df: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}")


def _verb_map(verbs: pd.DataFrame) -> dict[str, VerbForm]:
    out: dict[str, VerbForm] = {}
    for rec in verbs.to_dict("records"):
        form, lemma = str(rec["form"]).strip(), str(rec["lemma"]).strip()
        gender, form_type = str(rec["gender"]).strip(), str(rec["form_type"]).strip()
        if gender not in GENDERS:
            raise ValueError(f"verbs: form {form!r}: gender {gender!r} not in {GENDERS}")
        if form_type not in FORM_TYPES:
            raise ValueError(f"verbs: form {form!r}: form_type {form_type!r} not in {FORM_TYPES}")
        key = normalize(form)
        if key in out and out[key].lemma != lemma:
            raise ValueError(f"verbs: form {form!r} listed under lemmas {out[key].lemma!r} and {lemma!r}")
        out.setdefault(key, VerbForm(form, lemma, gender, form_type))
    return out


def _alias_map(aliases: pd.DataFrame, actor_ids: frozenset[str]) -> tuple[dict, dict[str, frozenset[str]]]:
    by_first: dict[str, set[tuple[tuple[str, ...], str]]] = {}
    words: dict[str, set[str]] = {}
    for rec in aliases.to_dict("records"):
        actor, alias = str(rec["actor_id"]).strip(), str(rec["alias"]).strip()
        if actor not in actor_ids:
            raise ValueError(f"aliases: actor_id {actor!r} (alias {alias!r}) is not in actors")
        alias_words = tuple(t.norm for t in tokens(alias))
        if not alias_words:
            continue
        by_first.setdefault(alias_words[0], set()).add((alias_words, actor))
        words.setdefault(actor, set()).update(_content_words(alias_words))
    # Longest alias first, then alphabetical, so matching is deterministic.
    ordered = {k: tuple(sorted(v, key=lambda a: (-len(a[0]), a[0], a[1]))) for k, v in sorted(by_first.items())}
    return ordered, {k: frozenset(v) for k, v in sorted(words.items())}


def _content_words(norms: Sequence[str]) -> set[str]:
    """The words that identify a mention: no demonstratives or short particles, no article."""
    out = set()
    for w in norms:
        if w in _DEMONSTRATIVES or len(w) < 3:
            continue
        out.add(w[2:] if w.startswith("ال") and len(w) > 4 else w)
    return out


# --- one paragraph as tokens --------------------------------------------------------------------------------

class _Para:
    """A paragraph's text, its tokens, the characters between them, and where each sentence and clause starts."""

    __slots__ = ("text", "toks", "_gaps", "_sentence_starts", "_clause_starts")

    def __init__(self, text: str):
        self.text = text
        self.toks = tuple(tokens(text))
        n = len(self.toks)
        self._gaps = [text[(self.toks[k - 1].end if k else 0):(self.toks[k].start if k < n else len(text))]
                      for k in range(n + 1)]
        self._sentence_starts: list[int] = []
        self._clause_starts: list[int] = []
        for k in range(n):
            self._sentence_starts.append(k if k == 0 or self.ends_sentence_before(k) else self._sentence_starts[-1])
            self._clause_starts.append(k if self.clause_starts_at(k) else self._clause_starts[-1])

    def gap(self, k: int) -> str:
        """The characters before token ``k`` (from the previous token, or the text start; ``k == n``: the tail)."""
        return self._gaps[k]

    def ends_sentence_before(self, k: int) -> bool:
        return any(c in _SENTENCE_ENDS for c in self._gaps[k]) or "\n" in self._gaps[k]

    def clause_starts_at(self, k: int) -> bool:
        return k == 0 or bool(self._gaps[k].strip())

    def clause_start(self, k: int) -> int:
        return self._clause_starts[k]

    def sentence_start(self, k: int) -> int:
        return self._sentence_starts[k]


def _has_colon_or_open_quote(gap: str) -> bool:
    return ":" in gap or any(q in gap for q in _OPEN_QUOTES) or gap.strip().endswith('"')


def _is_complementiser(norm: str) -> bool:
    return bool(_COMPLEMENTISER.match(norm))


def _has_tanwin_fath(token: Token) -> bool:
    """An indefinite accusative (عاملاً، عرضاً): an object or adverb, never the speaker."""
    return _TANWIN_FATH in token.text


# --- speakers -------------------------------------------------------------------------------------------------

@dataclass
class _Speaker:
    key: str
    is_actor: bool
    mention: str
    gender: str
    words: frozenset[str]


def _agrees(gender: str, speaker: _Speaker) -> bool:
    return "-" in (gender, speaker.gender) or gender == speaker.gender


class _History:
    """Speakers named so far, most recent first."""

    def __init__(self) -> None:
        self.speakers: list[_Speaker] = []

    @property
    def current(self) -> _Speaker | None:
        return self.speakers[0] if self.speakers else None

    def promote(self, speaker: _Speaker) -> _Speaker:
        self.speakers = [speaker] + [s for s in self.speakers if s.key != speaker.key]
        return speaker

    def find(self, key: str) -> _Speaker | None:
        return next((s for s in self.speakers if s.key == key), None)

    def earlier_mention(self, words: set[str], gender: str) -> _Speaker | None:
        """The latest speaker whose mention holds every word of a new, shorter mention ("الراشد")."""
        if not words:
            return None
        return next((s for s in self.speakers if words <= s.words and _agrees(gender, s)), None)

    def continuation(self, gender: str) -> tuple[_Speaker | None, str]:
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


@dataclass(frozen=True)
class _Cue:
    index: int              # token index of the verb
    verb: VerbForm
    speaker: _Speaker | None
    mention: str | None
    content: int            # token index where the reported content starts
    rule: str


def _match_alias(para: _Para, k: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """``(actor_id, end)`` of the longest alias starting at token ``k`` (words separated by spaces only)."""
    toks = para.toks
    if k >= len(toks):
        return None
    for words, actor in lexicon.aliases.get(toks[k].norm, ()):
        end = k + len(words)
        if end <= len(toks) and all(toks[k + i].norm == w for i, w in enumerate(words)) \
                and all(not para.gap(j).strip() for j in range(k + 1, end)):
            return actor, end
    return None


def _alias_mention(para: _Para, k: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """An alias at ``k`` extended by appositive aliases of the same actor ("رئيس طاجيكستان إمام علي رحمان")."""
    found = _match_alias(para, k, lexicon)
    if found is None:
        return None
    actor, end = found
    while end < len(para.toks) and para.gap(end).strip() in ("", "(", ")"):
        more = _match_alias(para, end, lexicon)
        if more is None or more[0] != actor:
            break
        end = more[1]
    return actor, end


def _addressee_end(para: _Para, k: int, lexicon: Lexicon) -> int:
    """Skip an addressee right after the verb ("صرح لـ«كونا»", "صرح لكونا"): the index after it, else ``k``."""
    toks = para.toks
    if k < len(toks) and toks[k].norm == "ل" and k + 1 < len(toks):
        return k + 2
    if k < len(toks) and toks[k].norm.startswith("ل") and any(
            len(words) == 1 for words, _ in lexicon.aliases.get(toks[k].norm[1:], ())):
        return k + 1
    return k


def _is_verb(norm: str, lexicon: Lexicon) -> VerbForm | None:
    if norm in lexicon.verbs:
        return lexicon.verbs[norm]
    if norm[:1] in "وف" and norm[1:] in lexicon.verbs:
        return lexicon.verbs[norm[1:]]
    return None


def _noun_phrase_end(para: _Para, k: int, lexicon: Lexicon) -> int:
    """End of the speaker noun phrase starting at ``k``: up to punctuation, a complementiser, a preposition,
    an accusative, a relative pronoun or another reporting verb, at most a few words (an alias counts as one)."""
    toks = para.toks
    end, words = k, 0
    while end < len(toks) and words < _MAX_SPEAKER_WORDS:
        if end > k and para.gap(end).strip():
            break
        words += 1
        alias = _match_alias(para, end, lexicon)
        if alias is not None:
            end = alias[1]
            continue
        if toks[end].norm == "في" and end > k and (inner := _match_alias(para, end + 1, lexicon)) is not None:
            end = inner[1]
            continue
        if _ends_noun_phrase(para, end, lexicon):
            break
        end += 1
    if end == k:
        return end
    if end < len(toks) and toks[end].norm == _LADAA:
        return _through_ladaa(para, end, lexicon)
    return _through_fi_to_name(para, end, lexicon)


def _through_ladaa(para: _Para, end: int, lexicon: Lexicon) -> int:
    """Extend a phrase through "لدى" ("السفير الكويتي لدى طاجيكستان خالد الفلاني إن"), when it runs without
    punctuation or possessive to the speaker's complementiser."""
    toks = para.toks
    stop = end + 1
    while stop < len(toks) and stop - end <= _MAX_SPEAKER_WORDS and not para.gap(stop).strip():
        norm = toks[stop].norm
        if _is_complementiser(norm) or norm in _VERB_PREPOSITIONS or _governed_object(norm):
            return stop if stop > end + 1 else end
        if _has_possessive(toks[stop]) or _ends_noun_phrase(para, stop, lexicon):
            return end
        stop += 1
    # A comma or a colon after the name ("لدى الكويت فلان، معرباً") also closes the phrase.
    return stop if stop < len(toks) and stop > end + 1 and para.gap(stop).strip() else end


def _ends_noun_phrase(para: _Para, k: int, lexicon: Lexicon) -> bool:
    tok = para.toks[k]
    norm = tok.norm
    return (_is_complementiser(norm) or norm in _VERB_PREPOSITIONS or norm in _CIRCUMSTANTIAL
            or norm in _RELATIVES or _has_tanwin_fath(tok) or _is_verb(norm, lexicon) is not None
            or norm.isdigit() or _governed_object(norm) or norm in _ADVERBS or _addressee_end(para, k, lexicon) != k)


def _has_possessive(token: Token) -> bool:
    """A pronoun suffix (كلمته، حديثها): the phrase is about the speaker, not part of the name (عبدالله)."""
    return token.text.endswith(("ه", "ها", "هم")) and not token.norm.endswith("الله")


def _governed_object(norm: str) -> bool:
    """A definite noun with ب ("بالدعم"): the object of نوه/طالب/أشاد, after the speaker."""
    return norm.startswith("بال") and len(norm) > 4


def _through_fi_to_name(para: _Para, end: int, lexicon: Lexicon) -> int:
    """Extend a phrase stopped at "في" when the words up to the complementiser are a place or body then a
    personal name ("مدير المركز في آسيا الوسطى تيمور رسولوف أن"). A phrase holding a possessive
    ("في كلمته"), with no definite word ("في بيان صحفي") or ending in one ("في الجلسة الختامية إن") is
    circumstantial."""
    toks = para.toks
    if end >= len(toks) or toks[end].norm != "في" or para.gap(end).strip():
        return end
    stop = end + 1
    while stop < len(toks) and stop - end <= _MAX_SPEAKER_WORDS and not para.gap(stop).strip():
        norm = toks[stop].norm
        if _is_complementiser(norm) or norm in _VERB_PREPOSITIONS or _governed_object(norm):
            break
        if _has_possessive(toks[stop]) or norm in _CIRCUMSTANTIAL or norm in _RELATIVES:
            return end
        stop += 1
    if stop >= len(toks) or para.gap(stop).strip() or not _ends_noun_phrase(para, stop, lexicon):
        return end
    phrase = [t.norm for t in toks[end + 1:stop]]
    definite = [w.startswith("ال") for w in phrase]
    if not any(definite) or definite[-1]:
        return end
    return stop


def _content_follows(para: _Para, k: int, lexicon: Lexicon) -> bool:
    """Whether reported content (a complementiser, a colon or an opening quote) comes after token ``k``
    before the sentence ends or another reporting verb starts."""
    toks = para.toks
    for j in range(k, min(len(toks), k + _MAX_CONTENT_SEARCH) + 1):
        if j > k and para.ends_sentence_before(j):
            return False
        if _has_colon_or_open_quote(para.gap(j)) and j > k:
            return True
        if j == len(toks):
            return False
        if j > k and _is_verb(toks[j].norm, lexicon) is not None \
                and _opens_clause(para, j, toks[j].norm not in lexicon.verbs):
            return False
        if _is_complementiser(toks[j].norm):
            return True
    return False


def _accepts_noun_phrase(para: _Para, start: int, end: int, verb: VerbForm, lexicon: Lexicon) -> bool:
    """Whether the phrase ``[start, end)`` after a verb is its speaker rather than its object: the content
    (colon, quote, أن/إن or the verb's preposition) follows it, possibly after an addressee, an adverb or a
    circumstantial phrase. A masculine verb never has a speaker phrase headed by a feminine noun (أكد ضرورة)."""
    toks = para.toks
    if end == start or verb.gender == "m" and toks[start].text.endswith("ة"):
        return False
    if end < len(toks) and not _has_colon_or_open_quote(para.gap(end)):
        end = _skip_adverbs(para, _addressee_end(para, end, lexicon), lexicon)
    if _has_colon_or_open_quote(para.gap(min(end, len(toks)))):
        return True
    if end >= len(toks):
        return False
    nxt = toks[end].norm
    if _is_complementiser(nxt) or (nxt in _VERB_PREPOSITIONS or _governed_object(nxt)) and not para.gap(end).strip():
        return True
    if nxt in _CIRCUMSTANTIAL or para.gap(end).strip() in ("،", ","):
        return _content_follows(para, end, lexicon)
    return False


def _opens_clause(para: _Para, k: int, has_conjunction: bool) -> bool:
    if has_conjunction or para.clause_starts_at(k):
        return True
    return para.toks[k - 1].norm in _OPENERS


def _new_speaker(key: str, is_actor: bool, mention: str, gender: str, words: set[str]) -> _Speaker:
    return _Speaker(key, is_actor, mention, gender, frozenset(words))


def _named(para: _Para, start: int, end: int, verb: VerbForm, actor: str | None, lexicon: Lexicon,
           history: _History) -> tuple[_Speaker, str]:
    """The speaker of a mention ``[start, end)``: a known actor, an earlier fuller mention, or a new one."""
    mention = para.text[para.toks[start].start:para.toks[end - 1].end]
    words = _content_words([t.norm for t in para.toks[start:end]])
    if actor is not None:
        known = history.find(actor)
        gender = verb.gender if known is None or known.gender == "-" else known.gender
        speaker = _new_speaker(actor, True, mention, gender, words | lexicon.actor_words.get(actor, frozenset()))
        return history.promote(speaker), "named_actor"
    person = _trailing_person(para, start, end, lexicon)
    if person is not None:
        return _named(para, start, end, verb, person, lexicon, history)
    earlier = history.earlier_mention(words, verb.gender)
    if earlier is not None:
        return history.promote(earlier), "earlier_mention"
    return history.promote(_new_speaker(mention, False, mention, verb.gender, words)), "named_mention"


def _trailing_person(para: _Para, start: int, end: int, lexicon: Lexicon) -> str | None:
    """The person whose alias ends the phrase ``[start, end)`` after a title ("وكيل الأمين العام فلان")."""
    for j in range(start + 1, end):
        alias = _match_alias(para, j, lexicon)
        if alias is not None and alias[1] == end and alias[0] in lexicon.person_ids:
            return alias[0]
    return None


def _preposed(para: _Para, i: int, verb: VerbForm, lexicon: Lexicon, history: _History) -> _Cue | None:
    """The cue of a verb whose speaker is named before it."""
    span = _preposed_span(para, i, verb, lexicon)
    if span is None:
        return None
    start, end, actor = span
    speaker, rule = _named(para, start, end, verb, actor, lexicon, history)
    mention = para.text[para.toks[start].start:para.toks[end - 1].end]
    return _Cue(i, verb, speaker, mention, _skip_adverbs(para, i + 1, lexicon), "preposed_" + rule)


def _preposed_span(para: _Para, i: int, verb: VerbForm, lexicon: Lexicon) -> tuple[int, int, str | None] | None:
    """``(start, end, actor_id or None)`` of a speaker named before the verb: "وكان وزير الداخلية قد أكد", an
    actor alias just before it, or a subject opening the sentence ("رئيس القسم أكد أن")."""
    toks = para.toks
    if i >= 1 and toks[i - 1].norm in ("قد", "وقد"):
        begin = para.clause_start(i - 1)
        kana = next((j for j in range(i - 2, begin - 1, -1) if toks[j].norm in _KANA), None)
        if kana is not None and kana + 1 < i - 1:
            alias = _alias_mention(para, kana + 1, lexicon)
            return kana + 1, i - 1, alias[0] if alias is not None and alias[1] == i - 1 else None
    begin = para.clause_start(i)
    prefix = toks[begin:i]
    if not prefix or len(prefix) > _MAX_SPEAKER_WORDS or toks[i].norm not in lexicon.verbs \
            or any(_is_complementiser(t.norm) or _is_verb(t.norm, lexicon) for t in prefix):
        return None
    if not _content_at(para, _skip_adverbs(para, i + 1, lexicon)):
        return None
    for j in range(begin, i):
        alias = _alias_mention(para, j, lexicon)
        if alias is not None and alias[1] == i:
            return j, i, alias[0]
    # A subject opening its sentence before a past verb: "رئيس قسم الحدود في المنظمة أكد بدوره أن". Not a
    # pronoun or demonstrative (وهذا يؤكد أن), nor a present verb (الأرقام تشير إلى أن is the agency's analysis).
    first = prefix[0].norm[1:] if prefix[0].norm[:1] in "وف" and len(prefix[0].norm) > 2 else prefix[0].norm
    end = i - 1 if toks[i - 1].norm in ("قد", "وقد") else i
    if verb.form_type == "past" and para.sentence_start(i) == begin and end > begin \
            and first not in _CIRCUMSTANTIAL | _VERB_PREPOSITIONS | _KANA | _DEMONSTRATIVES | _PRONOUNS \
            and toks[end - 1].norm not in _RELATIVES | _OPENERS:
        return begin, end, None
    return None


def _content_at(para: _Para, k: int) -> bool:
    """Reported content starts at token ``k``: a colon or quote before it, أن/إن or a governed preposition."""
    if _has_colon_or_open_quote(para.gap(min(k, len(para.toks)))):
        return True
    return k < len(para.toks) and (_is_complementiser(para.toks[k].norm) or para.toks[k].norm in _VERB_PREPOSITIONS)


def _resolve_after(para: _Para, i: int, verb: VerbForm, lexicon: Lexicon, history: _History) -> _Cue | None:
    """The cue of a verb that opens its clause: speaker named after it, or a continuation."""
    toks = para.toks
    k = _skip_adverbs(para, i + 1, lexicon)
    if k >= len(toks) and ":" not in para.gap(k) or para.ends_sentence_before(k):
        return None
    if k >= len(toks) or _has_colon_or_open_quote(para.gap(k)):  # وأضاف: «...»
        speaker, rule = _carry(history, verb.gender)
        return _Cue(i, verb, speaker, None, k, rule)
    k = _addressee_end(para, k, lexicon)
    alias = _alias_mention(para, k, lexicon)
    if alias is not None:
        speaker, rule = _named(para, k, alias[1], verb, alias[0], lexicon, history)
        return _Cue(i, verb, speaker, para.text[toks[k].start:toks[alias[1] - 1].end], alias[1], rule)
    if k < len(toks) and (_is_complementiser(toks[k].norm) or toks[k].norm in _VERB_PREPOSITIONS):
        speaker, rule = _carry(history, verb.gender)
        return _Cue(i, verb, speaker, None, k, rule)
    end = _noun_phrase_end(para, k, lexicon)
    if _accepts_noun_phrase(para, k, end, verb, lexicon):
        speaker, rule = _named(para, k, end, verb, None, lexicon, history)
        mention = para.text[toks[k].start:toks[end - 1].end]
        return _Cue(i, verb, speaker, mention, _skip_adverbs(para, _addressee_end(para, end, lexicon), lexicon), rule)
    if k < len(toks) and (toks[k].norm in _CIRCUMSTANTIAL and _content_follows(para, k, lexicon)
                          or any(_is_complementiser(t.norm) for t in toks[k:k + 3])):
        speaker, rule = _carry(history, verb.gender)
        return _Cue(i, verb, speaker, None, k, rule)
    return None


def _skip_adverbs(para: _Para, k: int, lexicon: Lexicon) -> int:
    """The first token from ``k`` that is neither an adverb nor an accompanying participle (وأضاف قائلاً)."""
    toks = para.toks
    while k < len(toks) and not para.gap(k).strip():
        verb = _is_verb(toks[k].norm, lexicon)
        if toks[k].norm not in _ADVERBS and (verb is None or verb.form_type != "participle"):
            break
        k += 1
    return k


def _carry(history: _History, gender: str) -> tuple[_Speaker | None, str]:
    """The continuation speaker, made current."""
    speaker, rule = history.continuation(gender)
    return (history.promote(speaker) if speaker is not None else None), rule


def _participle_subject(para: _Para, i: int, lexicon: Lexicon, history: _History,
                        verb: VerbForm) -> tuple[_Speaker, str] | None:
    """The actor right after the opening verb of the sentence ("وافتتح فورونكوف الجلسة، مؤكداً"), if any."""
    start = para.sentence_start(i)
    for j in (start + 1, start + 2):
        if j < i:
            alias = _alias_mention(para, j, lexicon)
            if alias is not None and alias[1] <= i:
                return _named(para, j, alias[1], verb, alias[0], lexicon, history)
    return None


def _find_cues(para: _Para, lexicon: Lexicon, history: _History) -> list[_Cue]:
    cues: list[_Cue] = []
    toks = para.toks
    i = 0
    while i < len(toks):
        norm = toks[i].norm
        verb = _is_verb(norm, lexicon)
        if verb is None or verb.form_type == "masdar":
            i += 1
            continue
        has_conjunction = norm not in lexicon.verbs
        cue = None
        if verb.form_type == "participle":
            if _opens_clause(para, i, has_conjunction) and (i == 0 or toks[i - 1].norm not in _KANA):
                cue = _participle_cue(para, i, verb, lexicon, history, cues)
        else:
            cue = _preposed(para, i, verb, lexicon, history)
            if cue is None and _opens_clause(para, i, has_conjunction):
                cue = _resolve_after(para, i, verb, lexicon, history)
        if cue is not None:
            cues.append(cue)
        i += 1
    return cues


def _participle_cue(para: _Para, i: int, verb: VerbForm, lexicon: Lexicon, history: _History,
                    cues: list[_Cue]) -> _Cue:
    """A circumstantial participle ("، مشيراً إلى أن"): the subject of its sentence speaks."""
    same_sentence = cues and para.sentence_start(cues[-1].index) == para.sentence_start(i)
    if not same_sentence:
        subject = _participle_subject(para, i, lexicon, history, verb)
        if subject is not None:
            return _Cue(i, verb, subject[0], None, i + 1, "sentence_subject")
    speaker, rule = _carry(history, verb.gender)
    return _Cue(i, verb, speaker, None, i + 1, rule)


# --- mode -----------------------------------------------------------------------------------------------------

def _is_first_person(token: Token, next_token: Token | None) -> bool:
    """A word in the speaker's own voice: نحن، شراكتنا، منا، نتمكن (imperfect with ن before an indefinite)."""
    norm = token.norm
    if norm in _FIRST_PERSON_PRONOUNS:
        return True
    if _TANWIN_FATH in token.text or token.text.endswith(("ة", "ه", "ها", "هم", "هن")):
        return False
    stem = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
    if stem.endswith("نا") and len(stem) >= 3 and stem not in _NOT_FIRST_PERSON:
        return True
    stem = stem[1:] if stem[:1] in "لس" and stem[1:2] == "ن" else stem
    if not stem.startswith("ن") or len(stem) < 4 or stem.endswith(("ات", "ون", "ين", "ت")):
        return False
    # ناجح، نائب (a plain alef second) are participles and nouns; نأمل keeps its hamza.
    written = token.text[len(token.text) - len(token.text.lstrip("وفلس")):]
    if written[1:2] in ("ا", "ئ"):
        return False
    return next_token is None or not (next_token.norm.startswith("ال") or next_token.norm.isdigit())


def _quote_words(para: _Para, k: int) -> tuple[int, bool]:
    """Words inside the quotation opening in the gap before token ``k``, and whether it closes."""
    closers = _CLOSE_QUOTES + '"'
    words = 0
    for j in range(k, len(para.toks)):
        if j > k and any(q in para.gap(j) for q in closers):
            return words, True
        words += 1
    return words, any(q in para.gap(len(para.toks)) for q in closers)


def _mode(para: _Para, cue: _Cue, end: int, lexicon: Lexicon) -> str:
    """direct (colon or quote right after cue and speaker, or a quotation before the cue), indirect, or mixed
    (an indirect frame holding the speaker's own words: a quotation after أن/إن, or first-person words)."""
    start = cue.content
    if _has_colon_or_open_quote(para.gap(start)) and not para.gap(start).strip().startswith(("،", ",")):
        return "direct"
    if para.text.startswith(tuple(_OPEN_QUOTES)) and any(q in para.gap(cue.index) for q in _CLOSE_QUOTES):
        return "direct"  # «...»، قال رحمان
    if _colon_before_content(para, start, end):
        return "direct"  # وأضافت في مقابلة مع كونا: «...»
    return "mixed" if _holds_own_words(para, start, end, lexicon) else "indirect"


def _colon_before_content(para: _Para, start: int, end: int) -> bool:
    """A colon after a circumstantial phrase, before any أن/إن and within the sentence."""
    for j in range(start + 1, min(end, len(para.toks)) + 1):
        if ":" in para.gap(j):
            return True
        if para.ends_sentence_before(j) or j == len(para.toks) or _is_complementiser(para.toks[j].norm):
            return False
    return False


def _holds_own_words(para: _Para, start: int, end: int, lexicon: Lexicon) -> bool:
    toks = para.toks
    j = start
    while j < end:
        # Names (كونا، لكونا) are not first-person words.
        skip = _addressee_end(para, j, lexicon)
        alias = _match_alias(para, j, lexicon)
        if skip != j or alias is not None:
            j = max(skip, alias[1] if alias is not None else j)
            continue
        if _is_first_person(toks[j], toks[j + 1] if j + 1 < len(toks) else None):
            return True
        if _is_complementiser(toks[j].norm) and j + 1 < len(toks) and any(q in para.gap(j + 1) for q in _OPEN_QUOTES):
            words, closed = _quote_words(para, j + 1)
            if words >= 4 or not closed:
                return True
        j += 1
    return False


# --- quotations across paragraphs -----------------------------------------------------------------------------

def _quote_open_at_end(text: str, open_before: bool) -> bool:
    """Whether a quotation is open after ``text``. A quotation running over paragraphs re-opens each one
    with «, which does not nest."""
    depth = 1 if open_before else 0
    straight = False
    if open_before:
        text = text.lstrip().removeprefix("«").removeprefix("“")
    for ch in text:
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def _starts_with_speech_quote(para: _Para) -> bool:
    """A paragraph that is a quotation of someone's words: it opens a quotation that stays open or closes at
    its end, unlike a quoted name opening an agency sentence («مسار دوشنبه» انطلق ...)."""
    if not para.toks or not any(q in para.gap(0) for q in _OPEN_QUOTES + '"'):
        return False
    words, closed = _quote_words(para, 0)
    return not closed or words == len(para.toks)


# --- output ---------------------------------------------------------------------------------------------------

def _evidence_end(para: _Para, start_index: int) -> int:
    last = min(len(para.toks), start_index + EVIDENCE_WORDS) - 1
    return para.toks[last].end


def _row(paragraph: int, voice: str, speaker: _Speaker | None, rule: str, para: _Para, span: tuple[int, int],
         evidence_end: int, actor_ids: frozenset[str], cue: _Cue | None = None, mode: str | None = None) -> dict:
    key = speaker.key if speaker is not None else None
    return {"paragraph": paragraph, "voice": voice, "speaker": key,
            "speaker_is_actor": None if key is None else key in actor_ids,
            "speaker_mention": cue.mention if cue is not None else None,
            "cue": para.text[span[0]:span[1]] if cue is not None else None,
            "cue_lemma": cue.verb.lemma if cue is not None else None, "mode": mode,
            "char_start": span[0], "char_end": span[1], "evidence": para.text[span[0]:evidence_end], "rule": rule}


def _cue_rows(number: int, para: _Para, cues: list[_Cue], lexicon: Lexicon) -> list[dict]:
    rows = []
    for n, cue in enumerate(cues):
        end = cues[n + 1].index if n + 1 < len(cues) else len(para.toks)
        tok = para.toks[cue.index]
        rows.append(_row(number, "reported_speech", cue.speaker, cue.rule, para, (tok.start, tok.end),
                         _evidence_end(para, cue.index), lexicon.actor_ids, cue, _mode(para, cue, end, lexicon)))
    return rows


def _paragraph_row(number: int, para: _Para, voice: str, speaker: _Speaker | None, rule: str,
                   actor_ids: frozenset[str]) -> dict:
    """A row without a cue: its span is the evidence, the paragraph's first words."""
    end = _evidence_end(para, 0) if para.toks else len(para.text)
    return _row(number, voice, speaker, rule, para, (0, end), end, actor_ids)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(ATTRIBUTION_COLUMNS))
    df = df.astype({"paragraph": "Int64", "voice": "string", "speaker": "string", "speaker_is_actor": "boolean",
                    "speaker_mention": "string", "cue": "string", "cue_lemma": "string", "mode": "string",
                    "char_start": "Int64", "char_end": "Int64", "evidence": "string", "rule": "string"})
    return df.sort_values(["paragraph", "char_start"], kind="stable", ignore_index=True)


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


def _transcript_rows(paras: list[_Para], source_speaker: str, actor_ids: frozenset[str]) -> list[dict]:
    speaker = _Speaker(source_speaker, source_speaker in actor_ids, source_speaker, "-", frozenset())
    return [_paragraph_row(n, p, "own_words", speaker, "speech_transcript", actor_ids)
            for n, p in enumerate(paras, start=1)]


def _line_speaker(para: _Para, lexicon: Lexicon, history: _History) -> _Speaker | None:
    """The speaker of an attribution line without a verb ("كلمة وزير الخارجية:"): an actor when the line is
    one of its aliases or a title ending in a person's alias, else the line itself."""
    n = len(para.toks)
    if n == 0:
        return None
    whole = _alias_mention(para, 0, lexicon)
    actor = whole[0] if whole is not None and whole[1] == n else _trailing_person(para, 0, n, lexicon)
    if actor is not None:
        known = history.find(actor)
        return history.promote(known or _new_speaker(actor, True, para.text, "-",
                                                     set(lexicon.actor_words.get(actor, frozenset()))))
    mention = para.text[para.toks[0].start:para.toks[-1].end]
    words = _content_words([t.norm for t in para.toks])
    return history.promote(history.earlier_mention(words, "-") or _new_speaker(mention, False, mention, "-", words))


@dataclass
class _State:
    """What a paragraph without a cue can inherit from those before it."""

    quote_speaker: _Speaker | None = None      # whose quotation is still open
    attribution: _Speaker | None = None        # speaker announced by an attribution line
    attribution_quote: bool = False            # the attributed stretch opened a quotation
    previous_voiced: bool = False              # the previous paragraph was someone's speech


def _is_attribution_line(para: _Para, role: str, cues: list[_Cue]) -> bool:
    return role == "attribution" or bool(cues) and cues[-1].content >= len(para.toks) \
        and para.text.rstrip().endswith(":")


def _uncued_row(number: int, para: _Para, role: str, state: _State, lexicon: Lexicon,
                history: _History) -> dict | None:
    """The row of a paragraph without a cue that still carries someone's words, updating ``state``."""
    ids = lexicon.actor_ids
    if role == "attribution":
        speaker = _line_speaker(para, lexicon, history)
        state.attribution, state.attribution_quote, state.quote_speaker = speaker, False, None
        return _paragraph_row(number, para, "reported_speech", speaker, "attribution_line", ids)
    if state.quote_speaker is not None:
        speaker = state.quote_speaker
        still_open = _quote_open_at_end(para.text, True)
        state.quote_speaker = speaker if still_open else None
        if not still_open:
            state.attribution = None
        return _paragraph_row(number, para, "reported_speech", speaker, "open_quote", ids)
    if state.attribution is not None:
        speaker = state.attribution
        opens = _starts_with_speech_quote(para)
        if _quote_open_at_end(para.text, False):
            state.quote_speaker = speaker
        elif opens or state.attribution_quote:
            state.attribution = None
        state.attribution_quote = state.attribution_quote or opens
        return _paragraph_row(number, para, "reported_speech", speaker, "after_attribution", ids)
    if state.previous_voiced and history.current is not None and _starts_with_speech_quote(para):
        speaker = history.current
        state.quote_speaker = speaker if _quote_open_at_end(para.text, False) else None
        return _paragraph_row(number, para, "reported_speech", speaker, "quote_paragraph", ids)
    return None


def attribute(texts: Sequence[str], roles: Sequence[str], *, kind: str, lexicon: Lexicon,
              agency: str | None = None, source_speaker: str | None = None) -> pd.DataFrame:
    """One row per reporting cue of a report's paragraphs (``texts``, numbered from 1), plus one row per
    paragraph voiced by someone without a cue of its own (``cue`` empty): an open quotation, the lines after
    an attribution line, and every paragraph of a ``speech_transcript`` (voice ``own_words``).

    Columns: :data:`ATTRIBUTION_COLUMNS`; ``char_start``/``char_end`` locate the cue (for a row without a cue,
    the evidence) in its paragraph's text, ``evidence`` runs from there for about eight words. Paragraphs
    whose role is in :data:`AGENCY_ROLES` are never searched. Raises ``ValueError`` on an unknown ``kind`` or
    role, a length mismatch, or a transcript without ``source_speaker``. ``agency`` is accepted for symmetry
    with :func:`paragraph_voices`; agency paragraphs have no rows.
    """
    _check_arguments(texts, roles, kind, source_speaker)
    paras = [_Para(t) for t in texts]
    if kind == "speech_transcript":
        return _frame(_transcript_rows(paras, str(source_speaker), lexicon.actor_ids))
    history, state, rows = _History(), _State(), []
    for number, (para, role) in enumerate(zip(paras, roles), start=1):
        if role in AGENCY_ROLES:
            state = _State()
            continue
        cues = _find_cues(para, lexicon, history)
        if cues:
            rows.extend(_cue_rows(number, para, cues, lexicon))
            last = cues[-1].speaker
            state.quote_speaker = last if _quote_open_at_end(para.text, False) else None
            state.attribution = last if _is_attribution_line(para, role, cues) else None
            state.attribution_quote = False
            state.previous_voiced = True
            continue
        row = _uncued_row(number, para, role, state, lexicon, history)
        state.previous_voiced = row is not None
        if row is None:
            state.attribution = None
        else:
            rows.append(row)
    return _frame(rows)


def paragraph_voices(statements: pd.DataFrame, n_paragraphs: int, *, kind: str, agency: str | None,
                     source_speaker: str | None) -> pd.DataFrame:
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
        rows.append((n, "reported_speech" if pd.isna(voice) else str(voice), ";".join(speakers) or None,
                     "statement" if pd.isna(rule) else str(rule)))
    return _voices_frame(rows)


def _rows_by_paragraph(statements: pd.DataFrame, n_paragraphs: int) -> dict[int, list[dict]]:
    _require(statements, ("paragraph", "speaker"), "statements")
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
