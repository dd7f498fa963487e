"""Closed-class Arabic words (grammar, not vocabulary) and a paragraph seen as tokens with the gaps between them.

Every word list is in normalised spelling (:func:`analysis.arabic.normalize`); :class:`Para` keeps the
original text, so offsets stay exact.

Usage::

    >>> para = Para("وقال الوزير: «نرحب بكم».")
    >>> [t.text for t in para.toks]
    ['وقال', 'الوزير', 'نرحب', 'بكم']
    >>> para.gap(2), has_colon_or_open_quote(para.gap(2)), is_complementiser("بانه")
    (': «', True, True)
    >>> sorted(content_words(["هذا", "في", "الوزارة"]))
    ['وزارة']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analysis.arabic import Token, tokens

# أن/إن with an optional ب (بأن) or و/ف, and an optional pronoun suffix (أنه، إنها، أننا).
_COMPLEMENTISER = re.compile(r"^[وف]?ب?ان(?:ه|ها|هم|هما|هن|نا|ني|كم)?$")
# Prepositions that a reporting verb governs: أشار إلى، شدد على، أعرب عن، حذر من.
VERB_PREPOSITIONS = frozenset({"الي", "علي", "عن", "من"})
# Words that open a circumstantial phrase between a verb and its content, and end a speaker phrase.
CIRCUMSTANTIAL = frozenset(
    {
        "في",
        "خلال",
        "امام",
        "عقب",
        "اثناء",
        "مع",
        "امس",
        "اليوم",
        "حول",
        "منذ",
        "بعد",
        "قبل",
        "عبر",
        "ضمن",
        "صباح",
        "مساء",
        "لدي",
        "وفي",
        "حيث",
        "عند",
        "ردا",
        "تعقيبا",
        "جوابا",
    }
)
# The words of a day that may close a speaker's name: "قال السفير لدى الكويت فلان اليوم إن".
DAY_WORDS = frozenset({"اليوم", "امس", "صباح", "مساء"})
# "لدى" is circumstantial, but inside a speaker phrase it may lead to the name ("السفير لدى طاجيكستان فلان").
LADAA = "لدي"
# "in which" after a verb that does not open its clause: «افتتح المؤتمر بكلمة قال فيها إن», the sentence's subject says.
IN_WHICH = frozenset({"فيها", "فيه"})
RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"})
# Words after which a bare (no و/ف) verb still opens its clause: كما قال، من جانبه قال، وفق ما ذكرت.
OPENERS = frozenset(
    {
        "كما",
        "وكما",
        "بدوره",
        "بدورها",
        "جانبه",
        "جانبها",
        "جهته",
        "جهتها",
        "ثم",
        "فيما",
        "بينما",
        "حيث",
        "ما",
        "قد",
        "وقد",
        "لقد",
        "ولقد",
        "اذ",
        "فقد",
    }
)
# Adverbs that may stand between a verb, its speaker and the content: وأكد أيضاً أن، وأضاف بدوره أن.
ADVERBS = frozenset(
    {"ايضا", "كذلك", "مجددا", "مرارا", "بدوره", "بدورها", "بدورهم", "ثانيه", "كذالك", "به", "بها"}
)  # بها: the resumptive pronoun of "بحسب ما أفادت به الوكالة"
# "لخص فورونكوف المعضلة حين قال إن": a reporting verb in a clause of time hangs on the clause before it.
# (لما is left out: "لما قاله" is also "to what he said".)
TEMPORAL = frozenset({"حين", "وحين", "حينما", "وحينما", "عندما", "وعندما", "بعدما", "وبعدما"})
# "أما فورونكوف، فاكتفى بعبارة:": the particle that makes a person the topic of what follows.
TOPIC = frozenset({"اما", "واما"})
# Figures are no speakers: "إذ تشير تقديرات المكتب إلى" states what numbers show, not what someone said.
DATA_NOUNS = frozenset({"ارقام", "تقديرات", "احصاءات", "احصاييات", "موشرات", "معطيات"})
KANA = frozenset({"كان", "وكان", "فكان", "كانت", "وكانت", "فكانت"})
# Discourse connectives that may open a clause before a preposed subject: "غير أن الوزير حذر من".
CONNECTIVES = frozenset({"غير", "الا", "بيد", "لكن", "ولكن"}) | TOPIC
# Honorifics before a title ("سعادة السفير"): they end in ة but name no one, and are not identifying words.
HONORIFICS = frozenset({"سعاده", "فخامه", "سماحه", "حضره", "معالي", "سمو"})
# "ونقل المتحدث عن الوزير قوله إن": a verb that relays someone's words, and the verbal nouns (with the pronoun of
# the one relayed) that close the mention of whose words they are.
RELAY_VERBS = frozenset({"نقل", "نقلت"})
RELAYED_SPEECH = frozenset(
    {"قوله", "قولها", "تاكيده", "تاكيدها", "تصريحه", "تصريحها", "تحذيره", "تحذيرها", "اشارته", "اشارتها"}
    | {"تقديره", "تقديرها", "ترحيبه", "ترحيبها", "شكره", "شكرها", "تهنيته", "تهنيتها", "دعوته", "دعوتها"}
)
# Titles that stand right before a personal name ("الدكتورة نورة"، "اللواء فلان"): a phrase holding one names a person.
NAME_TITLES = frozenset(
    {"الدكتور", "الدكتوره", "السيد", "السيده", "الشيخ", "الشيخه", "المهندس", "المهندسه", "الاستاذ", "الاستاذه"}
    | {"اللواء", "العميد", "العقيد", "المقدم", "الرائد", "النقيب", "الفريق", "السفير", "السفيره"}
)
# Titles that name someone *of* the phrase that follows: "نائب رئيس الوفد" is not "رئيس الوفد".
SUBORDINATE_TITLES = frozenset({"نايب", "مساعد", "وكيل", "مستشار", "متحدث", "ممثل", "مندوب", "سكرتير"})
# Adjectives that follow a title without being relative adjectives: "المدير العام"، "الممثل الخاص".
TITLE_ADJECTIVES = frozenset({"عام", "خاص", "دايم", "سابق", "اسبق", "اول", "اعلي", "مساعد", "مكلف", "مقيم", "فخري"})
# Quantifiers that open an object, never a speaker: "دعا الوزير جميع الدول إلى".
QUANTIFIERS = frozenset({"كل", "جميع", "كافه"})
# "بن علي" is a name; elsewhere "علي" is the preposition على.
NAME_LINKS = frozenset({"بن", "ابن", "ابو", "بنت"})
# و/ف + a reporting-verb form that is also another word: ورد (was mentioned), فرد (individual). Without a
# shadda ("وردّ") they count only with a named speaker or an addressee, never as a continuation.
CLITIC_LOOK_ALIKES = frozenset({"ورد", "وردت", "فرد", "وردوا"})
# The addressee of a reply: "ردّ عليها الخبير".
PRONOUN_ADDRESSEES = frozenset({"عليه", "عليها", "عليهم", "عليهما"})
# Markers of a question or an answer opening an interview paragraph ("س: ...", "ج: ...").
QUESTION_MARKERS = frozenset({"س", "سوال", "السوال"})
ANSWER_MARKERS = frozenset({"ج", "جواب", "الجواب"})
# A broadcast script's presenter and correspondent ("المذيعة: ...", "المراسل: ..."): the outlet's own voice.
BROADCASTERS = frozenset({"المذيع", "المذيعه", "المراسل", "المراسله", "مراسلنا", "مراسلتنا", "مقدم", "مقدمه"})
DEMONSTRATIVES = frozenset({"هذا", "هذه", "هؤلاء", "ذلك", "تلك", "هولاء"})
PRONOUNS = frozenset({"هو", "هي", "هم", "هما", "هن", "نحن", "انا", "انت", "انتم"})
FIRST_PERSON_PRONOUNS = frozenset({"نحن", "انا", "اننا", "انني", "واننا", "ونحن", "فنحن"})
NOT_FIRST_PERSON = frozenset({"هنا", "ههنا"})
OPEN_QUOTES = "«“"
CLOSE_QUOTES = "»”"
TANWIN_FATH = "\u064b"
SHADDA = "\u0651"
SENTENCE_ENDS = ".!?؟؛…۔|"  # "|" parts the items of a ticker and the fields of a fact sheet
_DIACRITICS = re.compile("[\u064b-\u0652\u0640]")
HOST_MARK = "@"  # prefix of a word naming where someone is posted ("لدى الكويت"), not who they are


class Para:
    """A paragraph's text, its tokens, the characters between them, and where each sentence and clause starts."""

    __slots__ = ("text", "toks", "_gaps", "_sentence_starts", "_clause_starts")

    def __init__(self, text: str):
        self.text = text
        self.toks = tuple(tokens(text))
        n = len(self.toks)
        self._gaps = [
            text[(self.toks[k - 1].end if k else 0) : (self.toks[k].start if k < n else len(text))]
            for k in range(n + 1)
        ]
        self._sentence_starts: list[int] = []
        self._clause_starts: list[int] = []
        for k in range(n):
            self._sentence_starts.append(k if k == 0 or self.ends_sentence_before(k) else self._sentence_starts[-1])
            self._clause_starts.append(k if self.clause_starts_at(k) else self._clause_starts[-1])

    def gap(self, k: int) -> str:
        """The characters before token ``k`` (from the previous token, or the text start; ``k == n``: the tail)."""
        return self._gaps[k]

    def ends_sentence_before(self, k: int) -> bool:
        return any(c in SENTENCE_ENDS for c in self._gaps[k]) or "\n" in self._gaps[k]

    def clause_starts_at(self, k: int) -> bool:
        return k == 0 or bool(self._gaps[k].strip())

    def clause_start(self, k: int) -> int:
        return self._clause_starts[k]

    def sentence_start(self, k: int) -> int:
        return self._sentence_starts[k]


def after_quotation(para: Para, i: int) -> bool:
    """Token ``i`` comes right after a quotation that closes before it and a comma: "«...»، قال الوزير" (not
    "«الأوسع» بين المراحل", where بين is a preposition)."""
    gap = para.gap(i) if i else ""
    if not any(q in gap for q in CLOSE_QUOTES) or not any(c in gap for c in "،,"):
        return False
    return any(q in para.text[: para.toks[i].start] for q in OPEN_QUOTES)


def has_colon_or_open_quote(gap: str) -> bool:
    return ":" in gap or any(q in gap for q in OPEN_QUOTES) or gap.strip().endswith('"')


def is_data_noun(norm: str) -> bool:
    """A word for figures or estimates (الأرقام، تقديرات), definite or not."""
    return norm in DATA_NOUNS or norm.startswith("ال") and norm[2:] in DATA_NOUNS


def is_complementiser(norm: str) -> bool:
    return bool(_COMPLEMENTISER.match(norm))


def has_tanwin_fath(token: Token) -> bool:
    """An indefinite accusative (عاملاً، عرضاً): an object or adverb, never the speaker."""
    return TANWIN_FATH in token.text


def bare(word: str) -> str:
    """A normalised word without its article (الوزارة -> وزارة), as mentions are compared."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def content_words(norms: Sequence[str]) -> set[str]:
    """The words that identify a mention: no demonstratives, honorifics or short particles, no article.
    Words after "لدى" name the posting, not the person, and are marked with :data:`HOST_MARK`."""
    out, host = set(), 0  # host: words since "لدى"; the place is its first word and the definite ones after
    for w in norms:
        host = 1 if w == LADAA else host + 1 if host else 0
        if host > 2 and not w.startswith("ال"):
            host = 0
        if w in DEMONSTRATIVES or w in HONORIFICS or len(w) < 3:
            continue
        out.add((HOST_MARK if host > 1 else "") + bare(w))
    return out


def subordinate_chain(norms: Sequence[str]) -> set[str]:
    """The words a subordinate title is *of* ("نائب رئيس الوفد الكويتي" -> رئيس، وفد، كويتي): its construct
    chain up to the first definite word, then the definite words that follow it."""
    out: set[str] = set()
    for n, w in enumerate(norms):
        if bare(w).removeprefix("ال") not in SUBORDINATE_TITLES:
            continue
        seen_definite = False
        for nxt in norms[n + 1 :]:
            definite = nxt.startswith("ال")
            if seen_definite and not definite:
                break
            seen_definite = seen_definite or definite
            out.add(bare(nxt))
    return out


def is_definite(norm: str) -> bool:
    return norm.startswith("ال") and len(norm) > 3


def has_article(token: Token) -> bool:
    """The token opens with the article, as written: إليزابيت and آل الصباح do not, though their normal forms
    begin with ال."""
    return is_definite(token.norm) and not written(token).lstrip("\u0640").startswith(("إل", "أل", "آل"))


def is_nisba(norm: str) -> bool:
    """A definite relative adjective (الكويتي، الفنلندية، الدولي): nationality or domain after a title."""
    return is_definite(norm) and norm.endswith(("ي", "يه")) and len(norm) > 5


def is_title_adjective(norm: str) -> bool:
    """A definite adjective that continues a title: a relative adjective or one of :data:`TITLE_ADJECTIVES`."""
    return is_nisba(norm) or is_definite(norm) and bare(norm) in TITLE_ADJECTIVES


def is_look_alike(token: Token) -> bool:
    """A word spelled like و/ف + a reporting verb that is read as another word (ورد، فرد) unless it has a
    shadda ("وردّ")."""
    return token.norm in CLITIC_LOOK_ALIKES and SHADDA not in token.text


def is_plural_marked(norm: str) -> bool:
    return norm.endswith(("ات", "ين", "ون")) and len(norm) > 5


def written(token: Token) -> str:
    """The token as written, without diacritics or tatweel (hamza and taa marbuta kept)."""
    return _DIACRITICS.sub("", token.text)


def ends_feminine(token: Token) -> bool:
    """A word ending in taa marbuta or the feminine plural -ات."""
    text = written(token)
    return text.endswith("ة") or text.endswith("ات") and len(token.norm) > 4
