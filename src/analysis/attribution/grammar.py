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
    }
)
# "لدى" is circumstantial, but inside a speaker phrase it may lead to the name ("السفير لدى طاجيكستان فلان").
LADAA = "لدي"
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
KANA = frozenset({"كان", "وكان", "فكان", "كانت", "وكانت", "فكانت"})
DEMONSTRATIVES = frozenset({"هذا", "هذه", "هؤلاء", "ذلك", "تلك", "هولاء"})
PRONOUNS = frozenset({"هو", "هي", "هم", "هما", "هن", "نحن", "انا", "انت", "انتم"})
FIRST_PERSON_PRONOUNS = frozenset({"نحن", "انا", "اننا", "انني", "واننا", "ونحن", "فنحن"})
NOT_FIRST_PERSON = frozenset({"هنا", "ههنا"})
OPEN_QUOTES = "«“"
CLOSE_QUOTES = "»”"
TANWIN_FATH = "\u064b"
SENTENCE_ENDS = ".!?؟؛…۔"


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


def has_colon_or_open_quote(gap: str) -> bool:
    return ":" in gap or any(q in gap for q in OPEN_QUOTES) or gap.strip().endswith('"')


def is_complementiser(norm: str) -> bool:
    return bool(_COMPLEMENTISER.match(norm))


def has_tanwin_fath(token: Token) -> bool:
    """An indefinite accusative (عاملاً، عرضاً): an object or adverb, never the speaker."""
    return TANWIN_FATH in token.text


def content_words(norms: Sequence[str]) -> set[str]:
    """The words that identify a mention: no demonstratives or short particles, no article."""
    out = set()
    for w in norms:
        if w in DEMONSTRATIVES or len(w) < 3:
            continue
        out.add(w[2:] if w.startswith("ال") and len(w) > 4 else w)
    return out
