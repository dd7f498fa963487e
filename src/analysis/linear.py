"""Raw regular expressions on a linear-time engine: the ``re:`` parts of the pattern language, run by RE2.

Python's ``re`` backtracks, so ``(\\w+\\s?)+$`` takes exponential time on a long run of letters that
does not match; a codebook row or a search term must never be able to hang the tools. Every raw
expression (``re:...`` and a `` re:`` tail) is therefore compiled and run with RE2 (google-re2), whose
matching time is linear in the text, within limits that are checked before anything is compiled:

* an expression is at most :data:`MAX_RAW` characters, a repetition count (``{m,n}``) at most
  :data:`MAX_REPEAT`;
* what RE2 cannot do in linear time is refused with one line: backreferences, lookarounds, and
  ``\\b``/``\\B`` (ASCII-only in RE2);
* a whole ``re:`` expression that matches the empty text is refused (it would match everywhere).

Python's Unicode classes keep their meaning: ``\\w``, ``\\d`` and ``\\s`` (and ``\\W``, ``\\D``, ``\\S``
outside a character class) are rewritten to RE2's Unicode properties, so ``\\w`` is an Arabic letter
as it is in Python. Offsets are characters of the ``str``, as with ``re``.

Usage::

    >>> from analysis.linear import compile_raw
    >>> [m.span() for m in compile_raw(r"\\d{4}").finditer("العام 2018 و2019")]
    [(6, 10), (12, 16)]
    >>> compile_raw(r"\\w+").search("«عملية دوشنبه»").group()
    'عملية'
    >>> compile_raw(r"(\\w+)\\1")
    Traceback (most recent call last):
    ...
    analysis.linear.RawError: backreferences are not supported (RE2 runs in linear time)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

__all__ = ["MAX_RAW", "MAX_REPEAT", "RawError", "Found", "Raw", "Tailed", "Alternation", "translate", "compile_raw"]

MAX_RAW = 300
MAX_REPEAT = 1000  # RE2's own limit on {m,n}

# Python's Unicode classes, as RE2 properties: \w is a letter, a number or "_"; \s Python's whitespace.
_SPACE = (
    r"\t\n\x{0b}\x{0c}\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)
_IN_CLASS = {"w": r"\pL\pN_", "d": r"\p{Nd}", "s": _SPACE}
_OUTSIDE = {
    "w": r"[\pL\pN_]",
    "W": r"[^\pL\pN_]",
    "d": r"\p{Nd}",
    "D": r"\P{Nd}",
    "s": "[" + _SPACE + "]",
    "S": "[^" + _SPACE + "]",
}
_REFUSED = {
    "b": "\\b (a word boundary) is not supported: RE2's is ASCII only; write the words as pattern words",
    "B": "\\B is not supported: RE2's word boundary is ASCII only",
}
_LOOKAROUND = re.compile(r"\(\?<?[=!]")
_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_WORD = re.compile(r"\w*")


class RawError(ValueError):
    """A raw expression that is too long, uses what RE2 lacks, or does not compile."""


def translate(expression: str) -> str:
    """``expression`` (Python syntax) with Python's Unicode classes spelled as RE2 properties.

    Raises :class:`RawError` for a backreference, ``\\b``/``\\B``, or ``\\W``/``\\D``/``\\S`` inside a
    character class (no RE2 spelling keeps its meaning there).
    """
    out: list[str] = []
    in_class = False
    i, n = 0, len(expression)
    while i < n:
        ch = expression[i]
        if ch == "\\" and i + 1 < n:
            nxt = expression[i + 1]
            if nxt.isdigit() and nxt != "0":
                raise RawError("backreferences are not supported (RE2 runs in linear time)")
            if nxt in _REFUSED:
                raise RawError(_REFUSED[nxt])
            if in_class and nxt in "WDS":
                raise RawError(f"\\{nxt} inside a character class is not supported: write it outside the brackets")
            if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", expression[i + 2 : i + 6]):
                out.append(r"\x{" + expression[i + 2 : i + 6] + "}")  # Python's \uXXXX is RE2's \x{XXXX}
                i += 6
                continue
            table = _IN_CLASS if in_class else _OUTSIDE
            out.append("\\z" if nxt == "Z" else table.get(nxt, ch + nxt))
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            if expression[i + 1 : i + 2] == "^":  # a leading ^ or ] belongs to the class
                out.append("^")
                i += 1
            if expression[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _check(expression: str) -> None:
    if len(expression) > MAX_RAW:
        raise RawError(f"a raw expression is at most {MAX_RAW} characters, this one has {len(expression)}")
    if _LOOKAROUND.search(expression):
        raise RawError("lookahead and lookbehind are not supported (RE2 runs in linear time)")
    for m in _REPEAT.finditer(expression):
        if any(g and int(g) > MAX_REPEAT for g in m.groups()):
            raise RawError(f"repetition {m.group()} is over the limit of {MAX_REPEAT}")


class Found:
    """One match: ``start()``, ``end()``, ``span()`` and ``group()``, as a ``re`` match has them."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text[self._start : self._end]

    def __repr__(self) -> str:
        return f"<Found span={self.span()} match={self.group()!r}>"


class _Encoded:
    """A text and its UTF-8 bytes, with character <-> byte offsets from a cursor: each conversion costs the
    distance from the last one, either way (C-level slicing), so a pass that moves forward costs about
    the text's length."""

    __slots__ = ("text", "data", "ascii", "_c", "_b")

    def __init__(self, text: str, data: bytes | None = None):
        self.text, self.data = text, text.encode("utf-8") if data is None else data
        self.ascii = len(self.data) == len(text)
        self._c = self._b = 0

    def fork(self) -> _Encoded:
        """The same text with a cursor of its own (for one alternative of an :class:`Alternation`)."""
        return _Encoded(self.text, self.data)

    def to_byte(self, char: int) -> int:
        if self.ascii:
            return char
        if char >= self._c:
            self._b += len(self.text[self._c : char].encode("utf-8"))
        else:
            self._b -= len(self.text[char : self._c].encode("utf-8"))
        self._c = char
        return self._b

    def to_char(self, byte: int) -> int:
        if self.ascii:
            return byte
        if byte >= self._b:
            self._c += len(self.data[self._b : byte].decode("utf-8"))
        else:
            self._c -= len(self.data[byte : self._b].decode("utf-8"))
        self._b = byte
        return self._c


class Raw:
    """A compiled raw expression: ``finditer``, ``search`` and ``match`` at a character position."""

    def __init__(self, expression: str, regexp):
        self.pattern = expression
        self._re = regexp

    def finditer(self, text: str) -> Iterator[Found]:
        enc = _Encoded(text)
        for m in self._re.finditer(enc.data):
            s, e = m.span()
            yield Found(text, enc.to_char(s), enc.to_char(e))

    def search(self, text: str, pos: int = 0) -> Found | None:
        span = self.next(_Encoded(text), pos)
        return None if span is None else Found(text, *span)

    def match(self, text: str, pos: int = 0) -> Found | None:
        span = self.next(_Encoded(text), pos, anchored=True)
        return None if span is None else Found(text, *span)

    def next(self, enc: _Encoded, pos: int, anchored: bool = False) -> tuple[int, int] | None:
        """The span of the first match starting at ``pos`` or after it (at ``pos`` only if ``anchored``)."""
        at = enc.to_byte(pos)
        m = (self._re.match if anchored else self._re.search)(enc.data, at)
        if m is None:
            return None
        s, e = m.span()
        return enc.to_char(s), enc.to_char(e)


_NEVER = 1 << 62  # a start after every text


class Tailed:
    """Expressions of words then a raw tail that must match right where the words end.

    ``heads`` (one ``re`` regex of every expression's words, built by the pattern language so that it
    cannot backtrack badly) finds where one may begin; the word there picks, once per distinct word,
    the expressions whose ``first`` word it is; each of their ``(words, tail)`` is tried; the longest
    match wins.
    """

    def __init__(self, heads: re.Pattern[str], expressions: list[tuple[re.Pattern[str], re.Pattern[str], Raw]]):
        self.heads, self.expressions = heads, tuple(expressions)
        self._by_word: dict[str, tuple[int, ...]] = {}
        self._last: _Encoded | None = None
        #: per tail, along one text: (from, start, end) of its last search: no match of it starts in
        #: [from, start), one ends at ``end`` from ``start`` (start is _NEVER when none is left)
        self._ahead: dict[int, tuple[int, int, int]] = {}
        self._ahead_text: str | None = None

    def _candidates(self, word: str) -> tuple[int, ...]:
        found = self._by_word.get(word)
        if found is None:
            found = self._by_word[word] = tuple(
                k for k, (first, _, _) in enumerate(self.expressions) if first.fullmatch(word)
            )
        return found

    def next(self, enc: _Encoded, pos: int) -> tuple[int, int] | None:
        while (m := self.heads.search(enc.text, pos)) is not None:
            end = self._end_at(enc, m.start())
            if end is not None:
                return m.start(), end
            pos = m.start() + 1
        return None

    def match(self, text: str, pos: int = 0) -> Found | None:
        """The longest match starting at ``pos``. Along one text the encoding is kept (positions that move
        forward cost the text's length once)."""
        if self._last is None or self._last.text is not text:
            self._last = _Encoded(text)
        end = self._end_at(self._last, pos)
        return None if end is None else Found(text, pos, end)

    def _end_at(self, enc: _Encoded, start: int) -> int | None:
        text, end = enc.text, -1
        if self._ahead_text is not text:
            self._ahead, self._ahead_text = {}, text
        for k in self._candidates(_WORD.match(text, start).group()):
            _, words, tail = self.expressions[k]
            w = words.match(text, start)
            found = None if w is None else self._tail_end(enc, tail, w.end())
            if found is not None and found > end:
                end = found
        return end if end > start else None

    def _tail_end(self, enc: _Encoded, tail: Raw, at: int) -> int | None:
        """Where ``tail`` matched at ``at`` ends, or None. A search finds the leftmost match at or after
        a position, so one search answers every later ``at`` up to the start it found: along a text,
        the engine runs about once per match of the tail, not once per word that could begin one."""
        ahead = self._ahead.get(id(tail))
        if ahead is None or not ahead[0] <= at <= ahead[1]:
            span = tail.next(enc, at)
            ahead = self._ahead[id(tail)] = (at, *span) if span is not None else (at, _NEVER, -1)
        return ahead[2] if at == ahead[1] else None


class _Plain:
    """A ``re`` regex the pattern language generated (words only), as an alternative."""

    def __init__(self, regex: re.Pattern[str]):
        self.regex = regex

    def next(self, enc: _Encoded, pos: int) -> tuple[int, int] | None:
        m = self.regex.search(enc.text, pos)
        return None if m is None else m.span()


class Alternation:
    """Several alternatives matched as one pattern: leftmost match first; at one start, the longest (then
    the first alternative); matches never overlap. Alternatives are :class:`Raw`, :class:`Tailed` or
    compiled ``re`` regexes of words."""

    def __init__(self, alternatives):
        self.alternatives = tuple(a if hasattr(a, "next") else _Plain(a) for a in alternatives)

    def finditer(self, text: str) -> Iterator[Found]:
        base = _Encoded(text)
        alts = self.alternatives
        encs = [base.fork() for _ in alts]  # a cursor each: each alternative moves forward on its own
        ahead = [a.next(e, 0) for a, e in zip(alts, encs)]
        pos = 0
        while True:
            best = None
            for k, span in enumerate(ahead):
                if span is not None and span[0] < pos:  # overtaken by the last match: look again from its end
                    span = ahead[k] = alts[k].next(encs[k], pos)
                if span is not None and (
                    best is None or span[0] < best[0] or (span[0] == best[0] and span[1] > best[1])
                ):
                    best = span
            if best is None:
                return
            yield Found(text, *best)
            pos = max(best[1], best[0] + 1)

    def search(self, text: str) -> Found | None:
        return next(self.finditer(text), None)


@lru_cache(maxsize=1024)
def compile_raw(expression: str, whole: bool = True) -> Raw:
    """``expression`` compiled by RE2, or :class:`RawError` saying in one line why not.

    ``whole`` marks a whole ``re:`` expression, which must not match the empty text; a tail after
    words may (``(?:\\s+\\w+){0,3}``).
    """
    import re2

    _check(expression)
    options = re2.Options()
    options.log_errors = False  # the error comes back as one line, not as a log on stderr
    try:
        compiled = re2.compile(translate(expression), options)
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise RawError(f"regular expression {expression!r} does not compile: {reason}") from None
    raw = Raw(expression, compiled)
    if whole and compiled.search(b"") is not None:
        raise RawError(f"regular expression {expression!r} matches the empty text")
    return raw
