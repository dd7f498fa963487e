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

Pattern language (used by the theme codebook and by keyword-in-context search):

* an *expression* is one or more tokens separated by spaces, written in ordinary Arabic
  (it is normalised like the text, so diacritics and hamza spelling do not matter);
* in the text, consecutive tokens of an expression may be separated by any run of
  non-word characters (spaces, commas, quotes «», brackets, dashes) except a sentence
  end (``. ! ? ؟ ؛ …``) or a line break;
* **clitics**: a text token matches a pattern token when it is the token itself, optionally
  preceded by a proclitic chain: an optional conjunction ``و``/``ف``, then optionally one
  of ``ب ك ل``, ``ال``, ``بال``, ``كال``, ``لل``. So ``الأمم`` matches ``للأمم``, ``تعاون``
  matches ``والتعاون`` and ``بالتعاون``. A leading ``ال`` of a pattern token is itself
  treated as optional (``الامم`` also matches ``امم``);
* **no over-stripping**: the clitic allowance applies only to a pattern token of at least 3
  letters. Shorter tokens (``من``, ``في``, ``حد``) must match the text token exactly, so
  ``لد`` never matches ``ولد`` and ``في`` never matches ``وفي``. The leading ``ال`` is made
  optional only when at least 3 letters remain; otherwise it stays part of the token
  (``الحد`` matches ``والحد`` but not ``حد``). Nothing is ever stripped from the text
  itself: matching adds optional prefixes to the pattern, so a genuine root letter is never
  lost;
* a trailing ``*`` on a token is a prefix match of that token (``تهديد*`` matches
  ``تهديدات``, ``تهديدا``);
* a token that is one spelling of a name listed in the variants table matches every
  spelling of that name (``دوشنبه`` matches ``دوشانبه``, ``دوشانبي``);
* an expression starting with ``re:`` is a raw Python regular expression applied to the
  normalised text, for the rare case the token language cannot express.

Usage::

    >>> from analysis.arabic import normalize, tokens, compile_pattern, variant_map
    >>> normalize("التطرّف") == normalize("التطرف") == "التطرف"
    True
    >>> normalize("إعلان الكويـــت في شأن مُؤتمر")
    'اعلان الكويت في شان موتمر'
    >>> [t.text for t in tokens("للأمم المتحدة، والتعاون")]
    ['للأمم', 'المتحدة', 'والتعاون']
    >>> bool(compile_pattern("الأمم المتحدة").search(normalize("بالتعاون مع للأمم المتحدة")))
    True
    >>> variants = variant_map([("دوشنبه", "دوشانبه")])
    >>> bool(compile_pattern("دوشنبه", variants).search(normalize("عملية «دوشانبه»")))
    True
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarabic.araby as araby

__all__ = [
    "Alignment", "Sentence", "Token", "PatternError", "align", "normalize",
    "normalize_with_offsets", "tokens", "split_sentences", "sentence_ends", "compile_pattern",
    "pattern_regex", "load_variants", "variant_map", "fold_variants", "SEPARATOR", "Scanner", "DROPPED",
]

# --- normalisation tables ----------------------------------------------------------------

_ARABIC_BLOCKS = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF)]
_DROP_CHARS: set[str] = {chr(cp) for lo, hi in _ARABIC_BLOCKS for cp in range(lo, hi + 1)
                         if unicodedata.category(chr(cp)) == "Mn"}
_DROP_CHARS |= set(araby.TASHKEEL) | {araby.TATWEEL, araby.MINI_ALEF, araby.HAMZA_ABOVE,
                                      araby.HAMZA_BELOW, araby.MADDA_ABOVE}
# Invisible format characters: zero-width space/non-joiner/joiner, LRM/RLM, Arabic letter
# mark, bidi embeddings and isolates, BOM.
_DROP_CHARS |= {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060",
                "\ufeff"} | {chr(cp) for cp in range(0x202A, 0x202F)} \
    | {chr(cp) for cp in range(0x2066, 0x206A)}

_FOLD: dict[str, str] = {
    araby.ALEF_HAMZA_ABOVE: araby.ALEF, araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF, araby.ALEF_WASLA: araby.ALEF,
    "\u0672": araby.ALEF, "\u0673": araby.ALEF,
    araby.ALEF_MAKSURA: araby.YEH, "\u06cc": araby.YEH,
    araby.TEH_MARBUTA: araby.HEH, "\u06c3": araby.HEH,
    araby.WAW_HAMZA: araby.WAW, araby.YEH_HAMZA: araby.YEH,
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
_WORD_RE = re.compile(r"\w+")


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


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """``(normalised, offsets)``: ``offsets[i]`` is the index in ``text`` of the character that
    produced normalised character ``i`` (valid, non-decreasing)."""
    norm = _fast(text)
    if norm is None:
        return _normalize_slow(text)
    return norm, [i for i, c in enumerate(text) if c not in _DROP_CHARS]


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


def align(text: str) -> Alignment:
    """:class:`Alignment` of ``text``."""
    return Alignment(text)


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


# --- name variants -----------------------------------------------------------------------

def variant_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{normalised spelling: normalised canonical}`` from ``(canonical, variant)`` pairs.

    Every canonical maps to itself. Normalisation applies, so diacritics and hamza spelling of
    the table do not matter.
    """
    out: dict[str, str] = {}
    for canonical, variant in pairs:
        c = normalize(canonical).strip()
        v = normalize(variant).strip()
        if c:
            out[c] = c
            if v:
                out[v] = c
    return out


def load_variants(path: str | Path) -> dict[str, str]:
    """Read a ``canonical,variant,...`` CSV (``data/codebook/name_variants.csv``) into a variant map.

    Raises ``ValueError`` when a column is missing.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"canonical", "variant"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: missing column(s) {sorted(missing)}")
        return variant_map((row["canonical"] or "", row["variant"] or "") for row in reader)


def fold_variants(norm_text: str, variants: Mapping[str, str]) -> str:
    """Replace every normalised token that is a name spelling by its canonical spelling.

    For comparing normalised strings (lengths change, so offsets do not survive: matching
    with offsets uses :func:`compile_pattern`, which expands a name to all its spellings).

    >>> fold_variants("في دوشانبه اليوم", {"دوشانبه": "دوشنبه", "دوشنبه": "دوشنبه"})
    'في دوشنبه اليوم'
    """
    if not variants:
        return norm_text
    return _WORD_RE.sub(lambda m: variants.get(m.group(0), m.group(0)), norm_text)


# --- patterns ----------------------------------------------------------------------------

class PatternError(ValueError):
    """A pattern expression that cannot be compiled."""


_ARTICLE = "ال"
_CLITIC = "(?:[وف]?(?:[بك]?ال|لل|[بكل])?)"
_MIN_CORE = 3


@dataclass(frozen=True)
class _Word:
    """One pattern token: its literal cores (one per spelling), clitic allowance, prefix flag."""

    cores: tuple[str, ...]
    clitic: bool
    star: bool

    def regex(self) -> str:
        body = self.cores[0] if len(self.cores) == 1 else "|".join(self.cores)
        rx = (_CLITIC if self.clitic else "") + "(?:" + body + ")"
        return rx + (r"\w*" if self.star else "")


def _word(token: str, variants: Mapping[str, str]) -> _Word:
    star = token.endswith("*")
    word = normalize(token[:-1] if star else token)
    if not word or not _WORD_RE.fullmatch(word) or "_" in word:
        raise PatternError(f"bad token {token!r}: a token is letters or digits, "
                           "optionally ending with *")
    spellings = [word]
    if word in variants:
        canonical = variants[word]
        spellings = sorted({w for w, c in variants.items() if c == canonical} | {word},
                           key=lambda w: (-len(w), w))
    cores = [w[len(_ARTICLE):] if w.startswith(_ARTICLE) and len(w) - 2 >= _MIN_CORE else w
             for w in spellings]
    cores = [re.escape(c) for c in dict.fromkeys(cores)]
    return _Word(tuple(cores), all(len(c) >= _MIN_CORE for c in cores), star)


def _parse(expression: str, variants: Mapping[str, str]) -> list[_Word] | str:
    """The words of a token expression, or the regex of a ``re:`` expression."""
    expression = expression.strip()
    if expression.startswith("re:"):
        raw = expression[3:].strip()
        if not raw:
            raise PatternError("empty re: expression")
        try:
            re.compile(raw)
        except re.error as exc:
            raise PatternError(f"regular expression {raw!r} does not compile: {exc}") from None
        return raw
    parts = expression.split()
    if not parts:
        raise PatternError("empty pattern")
    return [_word(p, variants) for p in parts]


def _rest(words: list[_Word]) -> str:
    """What follows the first word's core: its ``*``, the other words, the end boundary."""
    rx = r"\w*" if words[0].star else ""
    for w in words[1:]:
        rx += SEPARATOR + w.regex()
    return rx + r"(?!\w)"


class _Trie:
    """Literal cores as a trie whose leaves hold the continuations of the expressions."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.conts: list[str] = []

    def add(self, core: str, cont: str) -> None:
        node = self
        for ch in core:
            node = node.children.setdefault(ch, _Trie())
        if cont not in node.conts:
            node.conts.append(cont)

    def regex(self, prefix_only: bool = False) -> str:
        if prefix_only and self.conts:
            return ""
        alts = [re.escape(ch) + child.regex(prefix_only)
                for ch, child in sorted(self.children.items())]
        if not prefix_only:
            alts += self.conts  # longer cores (children) before this core's continuations
        if not alts:
            return "(?!)"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


#: Every proclitic chain _CLITIC matches, spelled out (24, including the empty one).
_CLITIC_CHAINS = tuple(a + b for a in ("", "و", "ف")
                       for b in ("", "ال", "بال", "كال", "لل", "ب", "ك", "ل"))


def _token_union(parsed: list[list[_Word]], prefix_only: bool = False) -> str:
    """One trie over every (clitic chain + first-word core) of the expressions.

    The chains are spelled out in the trie rather than written as an optional group, so
    the regex never backtracks over clitics: trying it at a position costs a few character
    comparisons. At one position deeper literals are tried first, then, among expressions
    sharing the literal, those with more words, then more letters.
    """
    trie = _Trie()
    order = sorted(parsed, key=lambda ws: (-len(ws), -sum(len(c) for w in ws for c in w.cores)))
    for words in order:
        first, cont = words[0], _rest(words)
        chains = _CLITIC_CHAINS if first.clitic else ("",)
        for core in first.cores:
            literal = re.sub(r"\\(.)", r"\1", core)
            for chain in chains:
                trie.add(chain + literal, cont)
    return r"(?<!\w)" + trie.regex(prefix_only)


def pattern_regex(expression: str, variants: Mapping[str, str] | None = None) -> str:
    """The regular expression (over normalised text) of one pattern expression.

    Raises :class:`PatternError` for an empty expression, a token with punctuation or a
    misplaced ``*``, or a ``re:`` expression that does not compile.
    """
    parsed = _parse(expression, variants or {})
    return parsed if isinstance(parsed, str) else _token_union([parsed])


def compile_pattern(expressions: str | Iterable[str],
                    variants: Mapping[str, str] | None = None) -> re.Pattern[str]:
    """One compiled regex for one expression or an alternation of several.

    Token expressions are merged into a trie of their first words (cheap to try at every
    position); at one position the expression with more words, then more letters, is tried
    first, so the longest expression wins. ``re:`` expressions come after them.
    """
    if isinstance(expressions, str):
        expressions = [expressions]
    exprs = [e.strip() for e in expressions]
    if not exprs:
        raise PatternError("no pattern")
    parsed = [_parse(e, variants or {}) for e in exprs]
    tokens_ = [p for p in parsed if not isinstance(p, str)]
    raws = [p for p in parsed if isinstance(p, str)]
    alts = ([_token_union(tokens_)] if tokens_ else []) + ["(?:" + r + ")" for r in raws]
    try:
        return re.compile(alts[0] if len(alts) == 1 else "|".join(alts))
    except re.error as exc:  # a raw expression can break the alternation
        raise PatternError(f"patterns do not compile together: {exc}") from None


class Scanner:
    """The matches of several rules (each a list of expressions) found in one pass.

    ``Scanner(rules).scan(norm)`` yields ``(rule_index, start, end)`` and finds, for each rule,
    exactly what ``compile_pattern(rule).finditer(norm)`` finds (leftmost, non-overlapping,
    same alternative), while reading the text once for all rules:

    1. a trigger regex (a trie of every clitic chain + first-word core of every rule)
       stops only at words that can begin some expression;
    2. the word is looked up in a memo (local to the call) that says which rules' first
       words can match it: each rule's *head* regex is tried once per distinct word;
    3. only those rules are tried, anchored at the word start.

    Every match of a token rule starts at a word start whose word its head matches, so
    nothing is missed. Rules holding a ``re:`` expression are scanned with their own
    ``finditer``. Order: token rules by position, then the ``re:`` rules.

    >>> s = Scanner([["تعاون دولي"], ["دولي"]])
    >>> list(s.scan(normalize("التعاون الدولي")))
    [(0, 0, 14), (1, 8, 14)]
    """

    def __init__(self, rules: Sequence[Sequence[str]], variants: Mapping[str, str] | None = None):
        variants = variants or {}
        self.rules = [tuple(r) for r in rules]
        self.regexes = [compile_pattern(r, variants) for r in self.rules]
        self._token_rules: list[int] = []
        self._raw_rules: list[int] = []
        self._heads: list[re.Pattern[str]] = []
        words: list[list[_Word]] = []
        for i, rule in enumerate(self.rules):
            parsed = [_parse(e, variants) for e in rule]
            if any(isinstance(p, str) for p in parsed):
                self._raw_rules.append(i)
                continue
            token_exprs = [p for p in parsed if not isinstance(p, str)]
            self._token_rules.append(i)
            # The first word alone, followed by the end of the word.
            heads = [[_Word(ws[0].cores, ws[0].clitic, ws[0].star)] for ws in token_exprs]
            self._heads.append(re.compile(_token_union(heads)))
            words.extend(token_exprs)
        trigger = _token_union(words, prefix_only=True) if words else "(?!)"
        self._trigger = re.compile(trigger + r"\w*")

    def scan(self, norm: str) -> Iterable[tuple[int, int, int]]:
        rules = self._token_rules
        heads = self._heads
        regexes = [self.regexes[i] for i in rules]
        last_end = [0] * len(rules)
        memo: dict[str, tuple[int, ...]] = {}
        for m in self._trigger.finditer(norm):
            word = m.group()
            cand = memo.get(word)
            if cand is None:
                cand = memo[word] = tuple(j for j, h in enumerate(heads) if h.fullmatch(word))
            if not cand:
                continue
            p = m.start()
            for j in cand:
                if p >= last_end[j]:
                    mm = regexes[j].match(norm, p)
                    if mm is not None and mm.end() > p:
                        last_end[j] = mm.end()
                        yield rules[j], p, mm.end()
        for i in self._raw_rules:
            for m in self.regexes[i].finditer(norm):
                if m.end() > m.start():
                    yield i, m.start(), m.end()
