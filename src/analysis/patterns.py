"""The pattern language of the codebook and of keyword-in-context search, name variants, and masking.

Patterns are matched on the NORMALISED text of :mod:`analysis.arabic` (so diacritics, hamza
spelling and tatweel never matter) and spans map back to the original with
:class:`analysis.arabic.Alignment`.

* an *expression* is one or more tokens separated by spaces, written in ordinary Arabic;
* in the text, consecutive tokens of an expression may be separated by any run of
  non-word characters (spaces, commas, quotes «», brackets, dashes) except a sentence
  end (``. ! ? ؟ ؛ …``) or a line break;
* **clitics**: a text token matches a pattern token when it is the token itself, optionally
  preceded by a proclitic chain: an optional conjunction ``و``/``ف``, then optionally one
  of ``ب ك ل``, ``ال``, ``بال``, ``كال``, ``لل``. A leading ``ال`` of a pattern token is itself
  optional (``الامم`` also matches ``امم``);
* **no over-stripping**: the clitic allowance applies only to a pattern token of at least 3
  letters; shorter tokens (``من``, ``في``) must match exactly, and nothing is ever stripped
  from the text itself;
* a trailing ``*`` on a token is a prefix match of that token (``تهديد*`` matches ``تهديدات``);
* a token that is one spelling of a name in the variants table matches every spelling of
  that name (``دوشنبه`` matches ``دوشانبه``, ``دوشانبي``);
* an expression starting with ``re:`` is a raw regular expression over the normalised text.

Usage::

    >>> from analysis.arabic import normalize
    >>> from analysis.patterns import compile_pattern, variant_map
    >>> bool(compile_pattern("الأمم المتحدة").search(normalize("بالتعاون مع للأمم المتحدة")))
    True
    >>> variants = variant_map([("دوشنبه", "دوشانبه")])
    >>> bool(compile_pattern("دوشنبه", variants).search(normalize("عملية «دوشانبه»")))
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from analysis.arabic import SEPARATOR, WORD_RE, normalize

__all__ = ["PatternError", "variant_map", "pattern_regex", "compile_pattern", "Scanner"]

_WORD_RE = WORD_RE


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
        raise PatternError(f"bad token {token!r}: a token is letters or digits, optionally ending with *")
    spellings = [word]
    if word in variants:
        canonical = variants[word]
        spellings = sorted({w for w, c in variants.items() if c == canonical} | {word}, key=lambda w: (-len(w), w))
    cores = [w[len(_ARTICLE) :] if w.startswith(_ARTICLE) and len(w) - 2 >= _MIN_CORE else w for w in spellings]
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
        alts = [re.escape(ch) + child.regex(prefix_only) for ch, child in sorted(self.children.items())]
        if not prefix_only:
            alts += self.conts  # longer cores (children) before this core's continuations
        if not alts:
            return "(?!)"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


#: Every proclitic chain _CLITIC matches, spelled out (24, including the empty one).
_CLITIC_CHAINS = tuple(a + b for a in ("", "و", "ف") for b in ("", "ال", "بال", "كال", "لل", "ب", "ك", "ل"))


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


def compile_pattern(expressions: str | Iterable[str], variants: Mapping[str, str] | None = None) -> re.Pattern[str]:
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
