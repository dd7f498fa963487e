"""Arabic text for matching: normalisation with offsets, tokens, clitic-tolerant patterns, name variants.

Everything here works on two strings at once: the ORIGINAL text, whose character offsets are
what the project reports, and its NORMALISED form, on which matching happens. An
:class:`Alignment` maps any span of the normalised string back to the original.

Normalisation (:func:`normalize`), applied character by character of the original:

1. Unicode NFKC of the character (presentation forms and ligatures expand: ``ﻷ`` -> ``لأ``);
2. removal of every combining mark of the Arabic blocks (harakat, tanwin, shadda, sukun,
   superscript alef, hamza above/below, Quranic annotation marks), of tatweel ``ـ`` and of
   invisible format characters (zero-width space/joiners, bidi marks, BOM);
3. folding: ``أ إ آ ٱ ٲ ٳ`` -> ``ا``; ``ى ی`` -> ``ي``; ``ة ۃ`` -> ``ه``; ``ؤ`` -> ``و``;
   ``ئ`` -> ``ي``; Persian ``ک`` -> ``ك``. The bare hamza ``ء`` is kept.

Working per original character (never composing across characters) keeps the offset map
exact and makes the function idempotent; it never raises on any ``str``.

Tokens are maximal runs of word characters (``\\w``) of the normalised text.

The pattern language built on this normalisation is :mod:`analysis.patterns`.

Usage::

    >>> from analysis.arabic import normalize, tokens
    >>> normalize("التطرّف") == normalize("التطرف") == "التطرف"
    True
    >>> normalize("إعلان الكويـــت في شأن مُؤتمر")
    'اعلان الكويت في شان موتمر'
    >>> [t.text for t in tokens("للأمم المتحدة، والتعاون")]
    ['للأمم', 'المتحدة', 'والتعاون']
"""

from __future__ import annotations

import bisect
import re
import unicodedata
import warnings
from dataclasses import dataclass
from functools import cache

with warnings.catch_warnings():
    # pyarabic 0.6.15 writes regular expressions in non-raw strings: Python 3.12+ warns when it compiles them,
    # on stderr of every command and notebook that first imports it
    warnings.simplefilter("ignore", SyntaxWarning)
    import pyarabic.araby as araby

__all__ = [
    "Alignment",
    "Sentence",
    "Token",
    "normalize",
    "tokens",
    "split_sentences",
    "sentence_ends",
    "SEPARATOR",
    "WORD_RE",
    "DROPPED",
    "Paragraph",
    "split_paragraphs",
    "word_starts",
]

# --- normalisation tables ----------------------------------------------------------------

_ARABIC_BLOCKS = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]
_DROP_CHARS: set[str] = {
    chr(cp) for lo, hi in _ARABIC_BLOCKS for cp in range(lo, hi + 1) if unicodedata.category(chr(cp)) == "Mn"
}
_DROP_CHARS |= set(araby.TASHKEEL) | {
    araby.TATWEEL,
    araby.MINI_ALEF,
    araby.HAMZA_ABOVE,
    araby.HAMZA_BELOW,
    araby.MADDA_ABOVE,
}
# Invisible format characters: zero-width space/non-joiner/joiner, LRM/RLM, Arabic letter
# mark, bidi embeddings and isolates, BOM.
_DROP_CHARS |= (
    {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060", "\ufeff"}
    | {chr(cp) for cp in range(0x202A, 0x202F)}
    | {chr(cp) for cp in range(0x2066, 0x206A)}
)

_FOLD: dict[str, str] = {
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,
    araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF,
    araby.ALEF_WASLA: araby.ALEF,
    "\u0672": araby.ALEF,
    "\u0673": araby.ALEF,
    araby.ALEF_MAKSURA: araby.YEH,
    "\u06cc": araby.YEH,
    araby.TEH_MARBUTA: araby.HEH,
    "\u06c3": araby.HEH,
    araby.WAW_HAMZA: araby.WAW,
    araby.YEH_HAMZA: araby.YEH,
    "\u06a9": "\u0643",
}
_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP_CHARS}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})
_DROP_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP_CHARS)) + "]")
#: The characters normalisation deletes (marks, tatweel, invisible format characters).
DROPPED = _DROP_RE

SENTENCE_END_CHARS = ".!?؟؛…۔"
#: What may separate two tokens of one pattern expression in the normalised text.
SEPARATOR = r"[^\w" + re.escape(SENTENCE_END_CHARS) + r"\n\r]+"
_SENTENCE_END_RE = re.compile("[" + re.escape(SENTENCE_END_CHARS) + "]+" + r"[»\"')\]]*(?=\s|$)")
WORD_RE = re.compile(r"\w+")
_WORD_RE = WORD_RE


def _normalize_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        expanded = unicodedata.normalize("NFKC", ch).translate(_TABLE)
        out.append(expanded)
        offsets.extend([i] * len(expanded))
    return "".join(out), offsets


_FOLD_ITEMS = tuple(_FOLD.items())


def _drop_and_fold(text: str) -> str:
    """``text.translate(_TABLE)``, several times faster on long Arabic text: one regex
    deletion and a few ``str.replace`` (no fold target is a fold source or dropped)."""
    if _DROP_RE.search(text):
        text = _DROP_RE.sub("", text)
    for src, dst in _FOLD_ITEMS:
        if src in text:
            text = text.replace(src, dst)
    return text


def _fast(text: str) -> str | None:
    """The normalised text when every character is NFKC-stable (then only drops and 1:1 folds)."""
    norm = _drop_and_fold(text)
    # Every dropped or folded character is NFKC-stable on its own, and every character of an
    # NFKC-normalised string is too, so per-character NFKC is the identity here.
    return norm if unicodedata.is_normalized("NFKC", norm) else None


def normalize(text: str) -> str:
    """The matching form of ``text`` (see the module docstring); idempotent, never raises."""
    norm = _fast(text)
    return norm if norm is not None else _normalize_slow(text)[0]


class Alignment:
    """A text, its normalised form, and the map from normalised spans to original spans.

    Built lazily: for the usual text (only drops and one-to-one folds) it stores just the
    positions of the dropped characters, so aligning a large corpus costs little more than
    ``str.translate``.
    """

    __slots__ = ("text", "norm", "_dropped", "_offsets")

    def __init__(self, text: str):
        self.text = text
        norm = _fast(text)
        self._dropped: list[int] | None = None
        self._offsets: list[int] | None = None
        if norm is None:
            norm, self._offsets = _normalize_slow(text)
        self.norm = norm

    @property
    def simple(self) -> bool:
        """True when the normalised text only drops characters and folds others one to one
        (every character NFKC-stable): then the kept characters are exactly those not
        matched by :data:`DROPPED`."""
        return self._offsets is None

    def offset(self, i: int) -> int:
        """Index in the original text of normalised character ``i`` (``0 <= i < len(norm)``)."""
        if self._offsets is not None:
            return self._offsets[i]
        if self._dropped is None:
            self._dropped = [m.start() for m in _DROP_RE.finditer(self.text)]
        dropped = self._dropped
        if not dropped:
            return i
        # The i-th kept character is the least fixed point of o = i + #(dropped <= o).
        o = i
        while True:
            nxt = i + bisect.bisect_right(dropped, o)
            if nxt == o:
                return o
            o = nxt

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised span ``[start, end)`` (``start < end``).

        The end reaches up to the next kept character, so marks written on the last letter
        (a shadda, a tanwin) belong to the span.
        """
        o_start = self.offset(start)
        last = self.offset(end - 1) + 1
        nxt = self.offset(end) if end < len(self.norm) else len(self.text)
        return o_start, max(last, nxt)


# --- tokens and sentences ----------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A word: ``text`` as written (``original[start:end]``) and its normalised form ``norm``."""

    text: str
    norm: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Words of ``text`` (runs of word characters of the normalised text), with original offsets."""
    a = Alignment(text)
    out = []
    for m in _WORD_RE.finditer(a.norm):
        s, e = a.span(m.start(), m.end())
        out.append(Token(text[s:e], m.group(0), s, e))
    return out


@cache
def _word_chars():
    """Which characters of the Basic Multilingual Plane are word characters (as ``\\w``), as a numpy table."""
    import numpy as np

    plane = "".join(map(chr, range(0x10000)))
    marked = _WORD_RE.sub(lambda m: "\x01" * len(m.group()), re.sub(r"\W", "\x00", plane))
    return np.frombuffer(marked.encode("latin-1"), dtype=np.uint8).astype(bool)


def word_starts(text: str):
    """Offsets where the words of ``text`` (the runs of :data:`WORD_RE`) start, as an int64 numpy array.

    >>> word_starts("قال، ثم  أضاف").tolist()
    [0, 5, 9]
    """
    import numpy as np

    if not text:
        return np.zeros(0, dtype=np.int64)
    codes = np.array(text).reshape(1).view(np.uint32)
    table = _word_chars()
    word = table[np.minimum(codes, 0xFFFF)]
    for cp in np.unique(codes[codes > 0xFFFF]).tolist():  # outside the table: rare, asked one by one
        word[codes == cp] = _WORD_RE.fullmatch(chr(cp)) is not None
    return np.flatnonzero(word & ~np.concatenate([[False], word[:-1]])).astype(np.int64)


@dataclass(frozen=True)
class Sentence:
    number: int
    start: int
    end: int
    text: str


def sentence_ends(norm: str) -> list[int]:
    """End offsets (in ``norm``) of the sentence terminators of a normalised text.

    A terminator is a run of ``. ! ? ؟ ؛ … ۔`` (closing quotes and brackets included) followed
    by whitespace or the end of the text, so decimals like ``2.5`` and times do not split.
    The sentence number of a position ``p`` is ``1 + bisect_right(ends, p)``.
    """
    return [m.end() for m in _SENTENCE_END_RE.finditer(norm)]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` numbered from 1, with original offsets (whitespace trimmed).

    >>> [s.text for s in split_sentences("قال. ثم أضاف؟ نعم")]
    ['قال.', 'ثم أضاف؟', 'نعم']
    """
    a = Alignment(text)
    bounds = [0] + sentence_ends(a.norm) + [len(a.norm)]
    out: list[Sentence] = []
    for s, e in zip(bounds, bounds[1:]):
        while s < e and a.norm[s].isspace():
            s += 1
        while e > s and a.norm[e - 1].isspace():
            e -= 1
        if s < e:
            os_, oe = a.span(s, e)
            out.append(Sentence(len(out) + 1, os_, oe, text[os_:oe]))
    return out


# --- paragraphs --------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    number: int
    char_start: int
    char_end: int
    text: str


def split_paragraphs(text: str) -> list[Paragraph]:
    """Non-empty lines of ``text``, numbered from 1, with their offsets (surrounding whitespace trimmed).

    >>> [(p.number, p.char_start, p.char_end) for p in split_paragraphs("a\\n\\nbb\\n")]
    [(1, 0, 1), (2, 3, 5)]
    """
    out: list[Paragraph] = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        out.append(Paragraph(len(out) + 1, start, start + len(stripped), stripped))
    return out
