"""The pattern language of the codebook and of keyword-in-context search: stems, name variants, masking.

Patterns are matched on the NORMALISED text of :mod:`analysis.arabic` (so diacritics, hamza
spelling and tatweel never matter) and spans map back to the original with
:class:`analysis.arabic.Alignment`.

* an *expression* is one or more words separated by spaces, written in ordinary Arabic;
* in the text, consecutive words of an expression may be separated by any run of
  non-word characters (spaces, commas, quotes «», brackets, dashes) except a sentence
  end (``. ! ? ؟ ؛ …``) or a line break;
* **clitics**: a text word matches a pattern word when it is the word itself, optionally
  preceded by a proclitic chain: an optional conjunction ``و``/``ف``, then optionally one
  of ``ب ك ل``, ``ال``, ``بال``, ``كال``, ``لل``. A leading ``ال`` of a pattern word is itself
  optional (``الامم`` also matches ``امم``);
* **stems**: given a :class:`Morphology` (the affix table), a plain pattern word is a stem: it
  also matches the word with an inflectional ending, a pronoun suffix or both (``تعاون``
  matches ``تعاونها``; ``شراكه`` matches ``شراكات`` and ``شراكتنا``: a final ``ه`` is the
  feminine ending and becomes ``ت`` before a suffix), and a stem of 4 letters or more also
  takes an imperfect-verb prefix (``تبادل`` matches ``ليتبادلوا``). Without a morphology
  (as in keyword-in-context search) a plain word matches itself only;
* a trailing ``=`` keeps a word exact (clitics still allowed, no ending): ``امن=``;
* **no over-stripping**: clitics and stems apply only to a pattern word of at least 3
  letters; shorter words (``من``, ``في``) must match exactly, and nothing is ever stripped
  from the text itself;
* a trailing ``*`` on a word is a prefix match of that word (``تهديد*`` matches ``تهديدات``);
* a word that is one spelling of a name in the variants table matches every spelling of
  that name (``دوشنبه`` matches ``دوشانبه``, ``دوشانبي``);
* an expression starting with ``re:`` is a raw regular expression over the normalised text,
  tried at every position; after one or more words, `` re:`` starts a raw regular expression
  that must match right where they end (``موتمر* re:\\s*«[^»]*»``: a quoted title after the word
  for a conference), tried only where the words are. Raw expressions run on RE2, in time linear
  in the text (:mod:`analysis.linear`, which gives their limits); a pattern holding one compiles
  to a :class:`analysis.linear.Alternation` (leftmost, then longest match), any other to a ``re``
  regex;
* **limits**: an expression has at most :data:`MAX_WORDS` words of at most :data:`MAX_LETTERS`
  letters each.

Usage::

    >>> from analysis.arabic import normalize
    >>> from analysis.patterns import Morphology, compile_pattern, variant_map
    >>> bool(compile_pattern("الأمم المتحدة").search(normalize("بالتعاون مع للأمم المتحدة")))
    True
    >>> variants = variant_map([("دوشنبه", "دوشانبه")])
    >>> bool(compile_pattern("دوشنبه", variants).search(normalize("عملية «دوشانبه»")))
    True
    >>> stems = Morphology(endings=(("ه", "ت", True),), pronouns=("نا",))
    >>> compile_pattern("شراكه", morphology=stems).search(normalize("وشراكتنا")).group()
    'وشراكتنا'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from analysis import linear
from analysis.arabic import SEPARATOR, WORD_RE, normalize

__all__ = ["PatternError", "Morphology", "variant_map", "compile_pattern", "check", "MAX_WORDS"]

MAX_WORDS = 24
MAX_LETTERS = 40


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
_FEMININE = "ه"  # the normalised taa marbuta
_MIN_CORE = 3
_MIN_VERB_CORE = 4
#: Every proclitic chain (24, including the empty one).
_CLITIC_CHAINS = tuple(a + b for a in ("", "و", "ف") for b in ("", "ال", "بال", "كال", "لل", "ب", "ك", "ل"))
#: The proclitics that may stand before an imperfect-verb prefix (conjunctions, the lam of purpose).
_VERB_CHAINS = ("", "و", "ف", "ل", "ول", "فل")
RAW_TAIL = " re:"


@dataclass(frozen=True)
class Morphology:
    """What a stem may carry after it (endings, pronoun suffixes) and, for a verb, before it.

    ``endings`` are ``(ending, form before a pronoun, follows a feminine stem)``: the form is ''
    when the ending takes no pronoun (``("ه", "ت", True)``: شراكة, شراكتنا). A feminine stem
    (ending in ``ه``) loses its ``ه`` and takes only the endings marked for it, so شراكة never
    matches شراكين. Built from the affix table by :mod:`analysis.codebook`; the letters are
    data, this class only composes them.
    """

    endings: tuple[tuple[str, str, bool], ...] = ()
    pronouns: tuple[str, ...] = ()
    verb_prefixes: tuple[str, ...] = ()

    def suffixes(self, feminine: bool = False) -> tuple[str, ...]:
        """Every suffix a stem may take ('' included unless feminine), longest first."""
        endings = [(e, before) for e, before, after_feminine in self.endings if after_feminine or not feminine]
        out = {e for e, _ in endings} | {before + p for _, before in endings if before for p in self.pronouns}
        if not feminine:
            out |= {""} | set(self.pronouns)
        return tuple(sorted(out, key=lambda s: (-len(s), s)))

    def tail(self, feminine: bool) -> str:
        """The regex after a stem's letters (a feminine stem's without its ``ه``)."""
        return _tail(self, feminine)


@lru_cache(maxsize=64)
def _tail(morphology: Morphology, feminine: bool) -> str:
    suffixes = morphology.suffixes(feminine)
    return _alternation(suffixes) if any(suffixes) else (_FEMININE if feminine else "")


class _Trie:
    """Literal letters as a trie whose leaves hold the continuations of the expressions."""

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.conts: list[str] = []

    def add(self, literal: str, cont: str) -> None:
        node = self
        for ch in literal:
            node = node.children.setdefault(ch, _Trie())
        if cont not in node.conts:
            node.conts.append(cont)

    def regex(self, prefix_only: bool = False) -> str:
        if prefix_only and self.conts:
            return ""
        alts = [re.escape(ch) + child.regex(prefix_only) for ch, child in sorted(self.children.items())]
        if not prefix_only:
            alts += self.conts  # longer literals (children) before this literal's continuations
        if not alts:
            return "(?!)"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


@lru_cache(maxsize=4096)
def _alternation(strings: tuple[str, ...]) -> str:
    """A compact regex matching exactly one of ``strings`` (a trie; '' makes the group optional)."""
    trie = _Trie()
    for text in strings:
        if text:
            trie.add(text, "")
    if not trie.children:
        return ""
    return "(?:" + trie.regex() + ")" + ("?" if "" in strings else "")


@dataclass(frozen=True)
class _Form:
    """One way to write a pattern word: proclitic chains allowed, letters, regex of what follows."""

    chains: tuple[str, ...]
    literal: str
    tail: str

    def regex(self) -> str:
        return _alternation(self.chains) + re.escape(self.literal) + self.tail


@dataclass(frozen=True)
class _Word:
    """A pattern word (its spellings), or the raw regex ending an expression (``raw``)."""

    forms: tuple[_Form, ...]
    raw: str = ""

    def regex(self) -> str:
        return "(?:" + "|".join(f.regex() for f in self.forms) + ")"


def _word(token: str, variants: Mapping[str, str], morphology: Morphology | None) -> _Word:
    star, exact = token.endswith("*"), token.endswith("=")
    word = normalize(token[:-1] if star or exact else token)
    if not word or not WORD_RE.fullmatch(word) or "_" in word:
        raise PatternError(f"bad token {token!r}: a token is letters or digits, optionally ending with * or =")
    spellings = [word]
    if word in variants:
        canonical = variants[word]
        spellings = sorted({w for w, c in variants.items() if c == canonical} | {word}, key=lambda w: (-len(w), w))
    cores = [w[len(_ARTICLE) :] if w.startswith(_ARTICLE) and len(w) - 2 >= _MIN_CORE else w for w in spellings]
    cores = list(dict.fromkeys(cores))
    clitic = all(len(c) >= _MIN_CORE for c in cores)
    chains = _CLITIC_CHAINS if clitic else ("",)
    stem = clitic and not star and not exact and morphology is not None
    forms: list[_Form] = []
    for core in cores:
        if not stem:
            forms.append(_Form(chains, core, r"\w*" if star else ""))
            continue
        assert morphology is not None
        feminine = core.endswith(_FEMININE) and len(core) > _MIN_CORE
        literal = core[:-1] if feminine else core
        forms.append(_Form(chains, literal, morphology.tail(feminine)))
        if not feminine and len(core) >= _MIN_VERB_CORE and morphology.verb_prefixes:
            verb_chains = tuple(c + p for c in _VERB_CHAINS for p in morphology.verb_prefixes)
            forms.append(_Form(verb_chains, literal, morphology.tail(False)))
    return _Word(tuple(forms))


def _raw(raw: str, whole: bool = True) -> str:
    if not raw:
        raise PatternError("empty re: expression")
    try:
        linear.compile_raw(raw, whole)
    except linear.RawError as exc:
        raise PatternError(str(exc)) from None
    return raw


def _parse(expression: str, variants: Mapping[str, str], morphology: Morphology | None = None) -> list[_Word] | str:
    """The words of a token expression (a raw tail as a last pseudo-word), or the regex of a ``re:`` one."""
    expression = expression.strip()
    if expression.startswith("re:"):
        return _raw(expression[3:].strip())
    words, _, tail = expression.partition(RAW_TAIL)
    parts = words.split()
    if not parts:
        raise PatternError("empty pattern")
    if len(parts) > MAX_WORDS:
        raise PatternError(f"an expression has at most {MAX_WORDS} words, this one has {len(parts)}")
    if (longest := max(len(p.rstrip("*=")) for p in parts)) > MAX_LETTERS:
        raise PatternError(f"a word has at most {MAX_LETTERS} letters, one here has {longest}")
    parsed = [_word(p, variants, morphology) for p in parts]
    return parsed + [_Word((), _raw(tail.strip(), whole=False))] if RAW_TAIL in expression else parsed


def _rest(words: list[_Word]) -> str:
    """What follows the first word's tail: the other words, then the end boundary (a raw tail is not here:
    words with a tail are :class:`analysis.linear.Tailed`)."""
    return "".join(SEPARATOR + w.regex() for w in words[1:]) + r"(?!\w)"


def _token_union(parsed: list[list[_Word]], prefix_only: bool = False) -> str:
    """One regex over token expressions: longer expressions (more words, then more letters) first.

    With ``prefix_only`` (the scanner's trigger), every clitic chain + first-word letters is
    spelled out in one trie rather than written as an optional group, so the regex never
    backtracks over clitics: trying it at a position costs a few character comparisons.
    Otherwise the longer expressions' first letters follow an alternation of their chains (one
    trie per set of chains), and the one-word expressions come last, grouped by what may
    surround their letters (every one of them ends at the end of a word).
    """
    order = sorted(parsed, key=lambda ws: (-len(ws), -sum(len(f.literal) for w in ws for f in w.forms)))
    if prefix_only:
        trie = _Trie()
        for words in order:
            for form in words[0].forms:
                for chain in form.chains:
                    trie.add(chain + form.literal, "")
        return r"(?<!\w)" + trie.regex(prefix_only=True)
    tries: dict[tuple[str, ...], _Trie] = {}
    singles: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for words in order:
        rest = _rest(words)
        for form in words[0].forms:
            if len(words) > 1:
                tries.setdefault(form.chains, _Trie()).add(form.literal, form.tail + rest)
            else:
                singles.setdefault((form.chains, form.tail), []).append(form.literal)
    alts = [_alternation(chains) + trie.regex() for chains, trie in tries.items()]
    alts += [
        _alternation(chains) + _alternation(tuple(sorted(set(lits)))) + tail + r"(?!\w)"
        for (chains, tail), lits in singles.items()
    ]
    return r"(?<!\w)" + (alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")")


def check(expressions: str | Iterable[str], variants: Mapping[str, str] | None = None, morphology=None) -> None:
    """Raise :class:`PatternError` if one of the expressions is not in the language (cheap: no compiling
    unless a raw regular expression is there)."""
    exprs = [expressions] if isinstance(expressions, str) else list(expressions)
    if any(isinstance(_parse(e, variants or {}, morphology), str) for e in exprs):
        compile_pattern(exprs, variants, morphology)


def tailed_expressions(parsed: list[list[_Word]]) -> linear.Tailed:
    """Expressions of words ending in a raw tail (:func:`_parse`'s lists), as one matcher: the words by
    ``re`` regexes of the language, each tail by RE2."""
    pairs = [
        (re.compile(_token_union([p[:1]])), re.compile(_token_union([p[:-1]])), linear.compile_raw(p[-1].raw, False))
        for p in parsed
    ]
    return linear.Tailed(re.compile(_token_union([p[:-1] for p in parsed])), pairs)


def compile_pattern(
    expressions: str | Iterable[str], variants: Mapping[str, str] | None = None, morphology: Morphology | None = None
) -> re.Pattern[str] | linear.Alternation:
    """One compiled pattern for one expression or an alternation of several (``finditer``, ``search``).

    Words only: one ``re`` regex, the longest expression first at one position (see
    :func:`_token_union`). With raw expressions or tails: a :class:`analysis.linear.Alternation` of
    the words-and-tail expressions, the word expressions and the ``re:`` ones, run on RE2.
    """
    if isinstance(expressions, str):
        expressions = [expressions]
    exprs = [e.strip() for e in expressions]
    if not exprs:
        raise PatternError("no pattern")
    parsed = [_parse(e, variants or {}, morphology) for e in exprs]
    tokens_ = [p for p in parsed if not isinstance(p, str) and not p[-1].raw]
    if len(tokens_) == len(parsed):
        return re.compile(_token_union(tokens_))
    tailed = [p for p in parsed if not isinstance(p, str) and p[-1].raw]
    heads = [tailed_expressions(tailed)] if tailed else []
    raws = [linear.compile_raw(p) for p in parsed if isinstance(p, str)]
    return linear.Alternation([*heads, *([re.compile(_token_union(tokens_))] if tokens_ else []), *raws])
