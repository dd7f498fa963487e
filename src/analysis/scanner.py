"""The one-pass scanner: the matches of every rule of the codebook (each a list of pattern expressions).

The pattern language is :mod:`analysis.patterns`; a scanner finds, for each of its rules, what
that rule's own regex finds, but reads the text once for all of them, and numbers the words.

Usage::

    >>> from analysis.arabic import normalize
    >>> from analysis.scanner import Scanner
    >>> s = Scanner([["تعاون دولي"], ["دولي"]])
    >>> list(s.scan(normalize("التعاون الدولي")))
    [(0, 0, 14), (1, 8, 14)]
    >>> s.scan_arrays(normalize("نحو تعاون دولي")).word.tolist()  # the word number of each match
    [1, 2]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from analysis.arabic import SEPARATOR, word_starts
from analysis.linear import Alternation, Tailed
from analysis.patterns import _MIN_CORE, Morphology, _parse, _token_union, _Word, compile_pattern, tailed_expressions

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Scanner", "Matches"]

_SEPARATOR = re.compile(SEPARATOR)


class Matches(NamedTuple):
    """Matches as int64 arrays: rule, span, and the numbers (from 0) of their first and last words
    in the text (-1 for a ``re:`` rule's match)."""

    rule: np.ndarray
    start: np.ndarray
    end: np.ndarray
    word: np.ndarray
    last: np.ndarray


def _follows(words: list[_Word]) -> bool:
    """Whether the second word is an ordinary word of 3 letters or more (then it is scanned too)."""
    return not words[1].raw and all(len(f.literal) >= _MIN_CORE for f in words[1].forms)


class Scanner:
    """The matches of several rules (each a list of expressions) found in one pass.

    ``Scanner(rules).scan(norm)`` yields ``(rule_index, start, end)`` and finds, for each rule,
    exactly what ``compile_pattern(rule).finditer(norm)`` finds (leftmost, non-overlapping,
    same alternative), while reading the text once for all rules:

    1. the text is split by a trigger regex (a trie of every clitic chain + letters of the
       first and second words of every expression) into those words and what lies between;
    2. each distinct word is classified once (local to the call): which rules' one-word
       expressions it is, which rules' longer expressions it can begin, and which it can
       continue;
    3. a longer expression is tried (with its rule's longer expressions only) only where the
       next word can continue it, or where its second word is too short to scan; elsewhere the
       word is a one-word match or nothing;
    4. one-word matches inside a longer match of the same rule are dropped.

    :meth:`scan_arrays` gives the same as arrays, with word numbers. Rules holding a ``re:``
    expression are scanned with their own ``finditer``. The rules numbered in ``exact`` are
    compiled without the morphology (their words take clitics, no endings).
    """

    def __init__(
        self,
        rules: Sequence[Sequence[str]],
        variants: Mapping[str, str] | None = None,
        morphology: Morphology | None = None,
        exact: frozenset[int] = frozenset(),
    ):
        self._books = [(variants or {}, None if i in exact else morphology) for i in range(len(rules))]
        self.rules = [tuple(r) for r in rules]
        self._token_rules: list[int] = []
        self._raw: dict[int, re.Pattern[str] | Alternation] = {}
        #: per token rule, compiled: its one-word expressions, the first and second words of its longer
        #: ones (no second words when one is too short to scan), the longer ones
        self._single: list[re.Pattern[str] | None] = []
        self._heads: list[re.Pattern[str] | None] = []
        self._seconds: list[re.Pattern[str] | None] = []
        self._longer: dict[int, re.Pattern[str] | Tailed] = {}
        words: list[list[_Word]] = []
        for i, rule in enumerate(self.rules):
            parsed = [_parse(e, *self._books[i]) for e in rule]
            tails = [not isinstance(p, str) and bool(p[-1].raw) for p in parsed]
            if any(isinstance(p, str) for p in parsed) or (any(tails) and not all(tails)):  # run on RE2
                self._raw[i] = compile_pattern(rule, *self._books[i])
                continue
            self._token_rules.append(i)
            single = [ws for ws in parsed if len(ws) == 1]
            longer = [ws for ws in parsed if len(ws) > 1]
            seconds = [[ws[1]] for ws in longer] if longer and all(_follows(ws) for ws in longer) else []
            self._single.append(re.compile(_token_union(single)) if single else None)
            self._heads.append(re.compile(_token_union([[ws[0]] for ws in longer])) if longer else None)
            self._seconds.append(re.compile(_token_union(seconds)) if seconds else None)
            if longer:  # words ending in a raw tail: the words here, the tail on RE2 (analysis.linear)
                self._longer[i] = tailed_expressions(longer) if any(tails) else re.compile(_token_union(longer))
            words.extend(parsed + seconds)
        trigger = _token_union(words, prefix_only=True) if words else "(?!)"
        self._split = re.compile("(" + trigger + r"\w*)")

    @cached_property
    def regexes(self) -> list[re.Pattern[str]]:
        """Each rule's own regex (:func:`compile_pattern`): what the scan of that rule equals."""
        return [compile_pattern(r, *book) for r, book in zip(self.rules, self._books)]

    def _classify(self, word: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """The rules ``word`` is a one-word match of, those whose longer expressions it can begin
        (``~rule`` when it is not also a one-word match), and those whose second word it can be."""
        direct, anchored, follows = [], [], []
        for rule, single, heads, seconds in zip(self._token_rules, self._single, self._heads, self._seconds):
            alone = single is not None and single.fullmatch(word) is not None
            if heads is not None and heads.fullmatch(word):
                anchored.append(rule if alone else ~rule)
            elif alone:
                direct.append(rule)
            if seconds is not None and seconds.fullmatch(word):
                follows.append(rule)
        return tuple(direct), tuple(anchored), tuple(follows)

    def scan_arrays(self, norm: str) -> Matches:
        """Every match, ordered by start then rule."""
        import numpy as np

        pieces = self._split.split(norm)
        n = len(pieces) // 2
        bounds = np.cumsum(np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces)))
        starts, ends = bounds[0 : 2 * n : 2], bounds[1 : 2 * n : 2]
        gaps = pieces[0 : 2 * n : 2]
        words = pieces[1::2]
        class_of: dict[tuple, int] = {}
        word_class = {w: class_of.setdefault(self._classify(w), len(class_of)) for w in dict.fromkeys(words)}
        classes = list(class_of)  # insertion order: class id -> (direct, anchored, follows)
        codes = np.fromiter(map(word_class.__getitem__, words), dtype=np.int64, count=n)

        d_word, d_rule = _explode(codes, [d for d, _, _ in classes])
        a_word, a_rule = _explode(codes, [a for _, a, _ in classes])
        alone = a_rule >= 0
        a_rule = np.where(alone, a_rule, ~a_rule)
        tried = self._worth_trying(classes, codes, gaps, a_word, a_rule)
        # where no longer expression can fit, a word that is also a one-word match is one
        d_word = np.concatenate([d_word, a_word[~tried & alone]])
        d_rule = np.concatenate([d_rule, a_rule[~tried & alone]])
        l_rule, l_word, l_end = self._longer_matches(norm, a_rule[tried], a_word[tried], alone[tried], starts, ends)
        inside = _inside(l_rule, starts[l_word], l_end, d_rule, starts[d_word])
        rule = np.concatenate([d_rule[~inside], l_rule])
        word = np.concatenate([d_word[~inside], l_word])
        start, end = starts[word], np.concatenate([ends[d_word[~inside]], l_end])
        numbers = word_starts(norm)  # word k of the text starts at numbers[k]
        first = np.searchsorted(numbers, start)
        last = np.searchsorted(numbers, end) - 1
        order = np.lexsort((rule, start))
        raw = [(i, m.start(), m.end()) for i, rx in self._raw.items() for m in rx.finditer(norm) if m.end() > m.start()]
        r_rule, r_start, r_end = (np.asarray(c, dtype=np.int64) for c in (zip(*raw) if raw else ([], [], [])))
        unknown = np.full(len(r_rule), -1, dtype=np.int64)
        return Matches(
            np.concatenate([rule[order], r_rule]),
            np.concatenate([start[order], r_start]),
            np.concatenate([end[order], r_end]),
            np.concatenate([first[order], unknown]),
            np.concatenate([last[order], unknown]),
        )

    def _worth_trying(self, classes: list, codes, gaps: list[str], a_word, a_rule):
        """Which (word, rule) pairs may begin a longer expression: the rule's second words are too short
        to scan, or the next scanned word is one of them and only a separator lies between."""
        import numpy as np

        checked = np.array([s is not None for s in self._seconds_by_rule()], dtype=bool)
        follows = np.zeros((len(classes), len(self.rules)), dtype=bool)
        for c, (_, _, f) in enumerate(classes):
            follows[c, list(f)] = True
        nxt = np.minimum(a_word + 1, len(codes) - 1)
        fits = (a_word + 1 < len(codes)) & follows[codes[nxt], a_rule] if len(codes) else a_word > 0
        tried = ~checked[a_rule] | fits
        for i in np.flatnonzero(checked[a_rule] & fits).tolist():
            tried[i] = _SEPARATOR.fullmatch(gaps[a_word[i] + 1]) is not None
        return tried

    def _seconds_by_rule(self) -> list:
        out: list = [None] * len(self.rules)
        for rule, seconds in zip(self._token_rules, self._seconds):
            out[rule] = seconds
        return out

    def _longer_matches(self, norm: str, rules, words, alone, starts, ends):
        """Matches of the longer expressions tried at ``words``, leftmost and non-overlapping per rule
        (the word alone when it is a one-word match of the rule and no longer expression fits): rule,
        word, end."""
        import numpy as np

        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for rule in np.unique(rules).tolist():
            at = np.flatnonzero(rules == rule)
            at = at[np.argsort(words[at], kind="stable")]
            k, one = words[at], alone[at]
            p, e = starts[k], ends[k]
            match = self._longer[rule].match
            # every try is made (a try inside an earlier match is then dropped): one call per try, no bookkeeping
            tried = np.fromiter(((m.end() if (m := match(norm, x)) else -1) for x in p.tolist()), np.int64, len(p))
            end = np.where(tried >= 0, tried, np.where(one, e, p))
            keep = np.zeros(len(p), dtype=bool)
            last = 0
            some = np.flatnonzero(end > p)
            for i, x, y in zip(some.tolist(), p[some].tolist(), end[some].tolist()):  # leftmost, non-overlapping
                if x >= last:
                    keep[i], last = True, y
            found.append((np.full(int(keep.sum()), rule, dtype=np.int64), k[keep], end[keep]))
        if not found:
            return tuple(np.zeros(0, dtype=np.int64) for _ in range(3))
        return tuple(np.concatenate(c) for c in zip(*found))

    def scan(self, norm: str) -> Iterable[tuple[int, int, int]]:
        m = self.scan_arrays(norm)
        return zip(m.rule.tolist(), m.start.tolist(), m.end.tolist())


def _explode(codes, per_class: list[tuple[int, ...]]):
    """``(word, entry)`` arrays: each word repeated for each entry of its class."""
    import numpy as np

    counts = np.array([len(e) for e in per_class] or [0], dtype=np.int64)
    flat = np.array([x for e in per_class for x in e], dtype=np.int64)
    offset = np.concatenate([[0], np.cumsum(counts)[:-1]])
    reps = counts[codes]
    word = np.repeat(np.arange(len(codes)), reps)
    nth = np.arange(len(word)) - np.repeat(np.cumsum(reps) - reps, reps)
    return word, (flat[offset[codes][word] + nth] if len(word) else np.zeros(0, dtype=np.int64))


def _inside(a_rule, a_start, a_end, d_rule, d_start):
    """Which one-word matches ``(d_rule, d_start)`` lie inside a longer match of the same rule."""
    import numpy as np

    if not len(a_rule) or not len(d_rule):
        return np.zeros(len(d_rule), dtype=bool)
    span = int(max(a_end.max(), d_start.max())) + 1
    keys = a_rule * span + a_start
    order = np.argsort(keys, kind="stable")
    keys, ends = keys[order], (a_rule * span + a_end)[order]
    d_keys = d_rule * span + d_start
    i = np.searchsorted(keys, d_keys, side="right") - 1
    ok = i >= 0
    out = np.zeros(len(d_rule), dtype=bool)
    out[ok] = d_keys[ok] < ends[i[ok]]
    return out
