"""Participation counts read from Arabic text: participants, ministers, organisations, countries, delegations.

:func:`extract_counts` gives one row per stated number of people, organisations, countries or delegations:
count, unit, category, qualifier and the exact evidence span. Word lists are data (``data/lexicon/``, see its README).

A number (``450``, ``٤٥٠``, ``١٬٢٠٠``, ``3 آلاف``, ``ثلاثة وثلاثين``, ``ألفاً وخمسين``; vague ``مئات/بضع`` give NA,
``unspecified``) counts only when a counted noun follows (``450 مشاركاً``, ``خمسمئة من المشاركين``, ``مئات المشاركين``),
``عدد + noun`` precedes (``عدد الوزراء 27``), a definite counted noun labels its field (``الدول المشاركة: 41 |``) or
it ends a range whose noun was said once (``من 42 دولة ... إلى 63``), so years, dates, durations, ordinals, money
and sessions never count; nor do digits glued to digits (``2.5``, ``10:00``) or next to ``%``, nor numbers after a
casualty or capacity word or ``في 5 دول``, nor the figures a correction withdraws (``ورد خطأً أن``, up to ``والصحيح``).
A dual counts two (``وزيرين``), a singular with ``واحد`` one. The noun phrase runs over listed modifiers (``دولية
وإقليمية``), which may set the category; a qualifier before (``أكثر من``, ``نحو``) or after (``تقريباً``) the number
sets ``more_than`` or ``approximately``. Evidence runs from the qualifier or number to the end of the noun phrase.

Usage::

    >>> import pandas as pd
    >>> nouns = pd.DataFrame({"role": ["head", "modifier"], "words": ["وزيراً", "من الدول الأعضاء"],
    ...                       "unit": ["person", "person"], "category": ["ministers", ""],
    ...                       "grammatical_number": ["singular", ""]})
    >>> qualifiers = pd.DataFrame({"role": ["before"], "phrase": ["أكثر من"], "qualifier": ["more_than"]})
    >>> number_words = pd.DataFrame({"word": ["ثلاثة", "ثلاثين"], "value": [3, 30], "kind": ["unit", "ten"]})
    >>> lexicon = CountLexicon.from_tables(nouns, qualifiers, number_words)
    >>> rows = extract_counts(["حضر عام 2024 أكثر من 33 وزيراً من الدول الأعضاء، وثلاثة وثلاثين وزيراً."], lexicon)
    >>> rows[["count", "qualifier", "evidence"]].values.tolist()
    [[33, 'more_than', 'أكثر من 33 وزيراً من الدول الأعضاء'], [33, 'exact', 'ثلاثة وثلاثين وزيراً']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile
from typing import NamedTuple

import pandas as pd

from analysis.arabic import Alignment, normalize
from analysis.count_lexicon import KINDS, QUALIFIERS, UNITS, CountLexicon, Head, Phrase

__all__ = ["COUNT_COLUMNS", "QUALIFIERS", "UNITS", "CountLexicon", "extract_counts"]

COUNT_COLUMNS = tuple("paragraph count unit category qualifier number_text evidence char_start char_end".split())
_DTYPES = {c: "Int64" if c in ("paragraph", "count", "char_start", "char_end") else "string" for c in COUNT_COLUMNS}
# Proclitic chains: a conjunction, then a preposition and/or the article.
_CHAINS = frozenset(a + b for a in ("", "و", "ف") for b in ("", "ال", "بال", "كال", "لل", "ب", "ك", "ل"))
# Number words and lone duals never take the article: «المراحل الثلاث» is an adjective, «البلدين» an anaphor.
_NO_ARTICLE = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")
_VAGUE_PREFIXES = (*_NO_ARTICLE, "ال", "وال", "فال", "بال", "لل", "ولل")
_MIN_CORE = 3  # shorter lexicon words (من، عن) must be written exactly, with no clitic
_EXCLUDE_WINDOW = 3
_NUMBER_OF_REACH = 6  # most items from «عدد» to its number («بلغ عدد الدول الأعضاء المشاركة 92»)
_ITEM_RE = re.compile(r"\d{1,3}(?:[,٬]\d{3})+(?!\d)|\d+|[^\W\d_]+")  # 1,200 and ١٬٢٠٠ are one number
_GLUE = frozenset(".,:/-–٫٬")  # digits glued to digits by one of these: a decimal, time, date or range
_PERCENT = ("%", "٪")
_YEAR_MARKS = ("©",)  # «© 2024 وكالة الأنباء»: a rights line's year
_FIELD_ENDS = frozenset("|•؛;\n")  # what parts the fields of a fact sheet's line («الدول: 41 | المنظمات: 18»)
_SENTENCE_ENDS = frozenset(".؟?!")
_FROM, _TO = "من", normalize("إلى")
_RANGE_REACH = 12  # most items from the first number of «من ... إلى ...» to the second


def _lookup(word: str, table: dict, prefixes: Sequence[str], min_rest: int = 0) -> tuple[int, object] | None:
    """``(prefix length, entry)`` when ``word`` is an entry of ``table`` behind one of ``prefixes``."""
    for prefix in prefixes:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and rest in table and (not prefix or len(rest) >= min_rest):
            return len(prefix), table[rest]
    return None


def _chain(text_word: str, lex_word: str) -> int | None:
    """Length of the proclitic chain before ``lex_word`` in ``text_word`` (the lexicon word's ``ال`` optional)."""
    if text_word == lex_word:
        return 0
    core = lex_word[2:] if lex_word.startswith("ال") and len(lex_word) >= 2 + _MIN_CORE else lex_word
    chain = text_word[: len(text_word) - len(core)]
    return len(chain) if len(core) >= _MIN_CORE and text_word.endswith(core) and chain in _CHAINS else None


def _evidence_skip(chain: str) -> int:
    """How much of a chain stays out of the evidence: a conjunction and a bare preposition, never the article."""
    skip = 1 if chain[:1] in ("و", "ف") else 0
    return skip + (chain[skip:] in ("ب", "ل", "ك", "بال", "كال"))


class _Number(NamedTuple):
    value: int | None  # None for a vague quantity (مئات)
    stop: int  # the item after the number
    start: int  # past a leading clitic (و36); spans are in the normalised text
    end: int


class _Match(NamedTuple):
    count: int | None
    unit: str
    category: str
    qualifier: str
    number: tuple[int, int]
    evidence: tuple[int, int]
    stop: int


class _Reader:
    """One paragraph as items (words and digit runs of the normalised text), read for counts."""

    def __init__(self, text: str, lexicon: CountLexicon):
        self.text, self.align, self.lex = text, Alignment(text), lexicon
        found = list(_ITEM_RE.finditer(self.align.norm))
        self.items = [m.group() for m in found]
        self.starts, self.ends = [m.start() for m in found], [m.end() for m in found]

    def digits(self, i: int) -> bool:
        return 0 <= i < len(self.items) and self.items[i][0].isdigit()

    def word(self, i: int) -> str:
        """Item ``i`` when it is a word, else ''."""
        return self.items[i] if 0 <= i < len(self.items) and not self.digits(i) else ""

    def gap(self, i: int) -> str:
        """What separates item ``i`` from the next item (or from the end of the text)."""
        return self.align.norm[self.ends[i] : self.starts[i + 1] if i + 1 < len(self.items) else None]

    def joined(self, i: int) -> bool:
        """True when items ``i`` and ``i + 1`` exist with only whitespace between them."""
        return 0 <= i < len(self.items) - 1 and not self.gap(i).strip()

    def phrase_at(self, i: int, phrase: Phrase) -> int | None:
        """Chain length of the first word when ``phrase`` is written from item ``i`` on."""
        chains = [_chain(self.word(i + k), lex) for k, lex in enumerate(phrase.words)]
        if None in chains or not all(self.joined(i + k) for k in range(len(phrase.words) - 1)):
            return None
        return chains[0]

    def phrase_from(self, i: int, role: str) -> Phrase | None:
        """The longest phrase of ``role`` written from item ``i`` on, when item ``i`` follows its neighbour."""
        return next((p for p in self.lex.roles[role] if self.joined(i - 1) and self.phrase_at(i, p) is not None), None)

    def phrase_ending(self, end: int, role: str) -> tuple[int, int, Phrase] | None:
        """``(first item, chain length, phrase)`` of the longest phrase of ``role`` whose last word is item ``end``."""
        firsts = ((end - len(p.words) + 1, p) for p in self.lex.roles[role])
        found = ((first, self.phrase_at(first, p), p) for first, p in firsts if first >= 0)
        return next((f for f in found if f[1] is not None), None)

    def kinds(self, i: int, prefixes: Sequence[str]) -> dict[str, int]:
        """``{kind: value}`` of item ``i`` as a number word behind one of ``prefixes`` ({} if it is not one)."""
        found = _lookup(self.word(i), self.lex.numbers, prefixes) if self.word(i) else None
        return found[1] if found else {}

    def number_at(self, i: int) -> _Number | None:
        if self.digits(i):
            if self.glued(i):
                return None
            value, stop = int(re.sub("[,٬]", "", self.items[i])), i + 1
            while self.joined(stop - 1) and "multiplier" in self.kinds(stop, ("",)):
                value, stop = value * self.kinds(stop, ("",))["multiplier"], stop + 1
            return _Number(value, stop, self.starts[i], self.ends[stop - 1])
        found = _lookup(self.word(i), self.lex.numbers, _VAGUE_PREFIXES)
        # A word right after digits belongs to them («2,5 مليون»): it starts no number of its own.
        if found is None or (self.digits(i - 1) and self.joined(i - 1)):
            return None
        prefix = self.word(i)[: found[0]]
        if "vague" in found[1]:
            stop, kinds = i + 1, self.kinds  # «عشرات الآلاف», «بضع عشرة» (some teen)
            while self.joined(stop - 1) and ("vague" in (k := kinds(stop, _VAGUE_PREFIXES)) or k.get("unit") == 10):
                stop += 1
            return _Number(None, stop, self.starts[i] + _evidence_skip(prefix), self.ends[stop - 1])
        return self.number_words(i, prefix) if prefix in _NO_ARTICLE else None

    def number_words(self, i: int, prefix: str) -> _Number | None:
        """The longest run of number words from item ``i`` making a whole number, read in Arabic order: units
        before tens, ``و`` between parts; without ``و`` a word ends a teen (``خمسة عشر``) or multiplies
        (``ثلاث مئة``, ``ثلاثة آلاف``)."""
        total = group = 0
        stop, last, open_teen, complete = i, "", False, None
        link, kinds = "first", self.kinds(i, (prefix,))
        while kinds:
            kind = next((k for k in KINDS if k in kinds), "vague")
            if link == "next" and kinds.get("unit") == 10 and (open_teen or last == "unit" and group % 100 < 10):
                group, last, open_teen = group + 10, "teen", False
            elif open_teen or kind == "vague":
                break
            elif link == "next" and kind == "hundred" and last == "unit" and group <= 9:
                group, last = group * kinds["hundred"], "hundred"
            elif link == "next" and "multiplier" in kinds and group:
                total, group, last = total + group * kinds["multiplier"], 0, "multiplier"
            elif link == "first" or (link == "and" and kind != "multiplier"):
                total, group = (total + kinds[kind], group) if kind == "multiplier" else (total, group + kinds[kind])
                last, open_teen = kind, kind == "teen_unit"
            else:
                break
            stop += 1
            # «أحد» waiting for its «عشر» is not a number yet («أحد المشاركين»: one of the participants).
            complete = complete if open_teen else (total + group, stop)
            if not self.joined(stop - 1):
                break
            link = "and" if self.word(stop).startswith("و") else "next"
            kinds = self.kinds(stop, ("و",) if link == "and" else ("",))
        if complete is None:
            return None
        return _Number(complete[0], complete[1], self.starts[i] + len(prefix), self.ends[complete[1] - 1])

    def glued(self, i: int) -> bool:
        """Digits in a decimal, time, date, range or percentage, or a year after «©»."""
        before, after = (self.gap(i - 1) if i else ""), self.gap(i)
        if after.lstrip().startswith(_PERCENT) or before.rstrip().endswith(_PERCENT + _YEAR_MARKS):
            return True
        return (self.digits(i - 1) and before in _GLUE) or (self.digits(i + 1) and after in _GLUE)

    def noun_after(self, i: int, vague: bool) -> tuple[Head, str, int] | None:
        """``(head, category, stop)`` of the noun phrase after a number: ``مشاركاً``, ``من المشاركين``, ``المشاركين``."""
        found = _lookup(self.word(i), self.lex.heads, ("ال", "") if vague else ("",)) if self.joined(i - 1) else None
        if found is None and self.word(i) == "من" and self.joined(i - 1) and self.joined(i):
            i += 1
            found = _lookup(self.word(i), self.lex.heads, ("", "ال"))  # «عشرات من منظمات المجتمع المدني»
        return (found[1], *self.modifiers(i, found[1])) if found else None

    def modifiers(self, head_at: int, head: Head) -> tuple[str, int]:
        """``(category, stop)`` after the modifiers of a head; the last modifier with a category sets it."""
        category, stop = head.category, head_at + 1
        while self.joined(stop - 1):
            fits = [m for m in self.lex.modifiers if m.unit in ("", head.unit) and self.phrase_at(stop, m) is not None]
            if not fits:
                break
            best = min(fits, key=lambda m: (-len(m.words), m.unit == "", m))
            category, stop = best.category or category, stop + len(best.words)
        return category, stop

    def before_qualifier(self, first: int, floor: int) -> tuple[int, int, Phrase] | None:
        """The qualifier right before item ``first``, or before an ``عدد`` bridge (``يتجاوز عدد الحضور ألف``)."""
        found = self.phrase_ending(first - 1, "before") if self.joined(first - 1) else None
        for at in (first - 2, first - 3):  # «عدد» and one or two definite words
            definite = all(self.word(k).startswith(("ال", "لل")) for k in range(at + 1, first))
            joined = all(self.joined(k) for k in range(at - 1, first))
            if found is None and definite and joined and self.number_of_chain(at) is not None:
                found = self.phrase_ending(at - 1, "before")
        return found if found is not None and found[0] >= floor else None

    def number_of_chain(self, i: int) -> int | None:
        """Chain length when item ``i`` is ``عدد`` (``وعدد``), else None."""
        chains = (_chain(self.word(i), p.words[0]) for p in self.lex.roles["number_of"])
        return next((c for c in chains if c is not None), None)

    def noun_before(self, first: int, floor: int) -> tuple[int, Head, str] | None:
        """``(item of عدد, head, category)`` when ``عدد + definite noun [: or link]`` ends right before ``first``."""
        link = self.phrase_ending(first - 1, "link") if self.joined(first - 1) else None
        end = link[0] if link else first
        for at in range(max(floor, end - _NUMBER_OF_REACH), end - 1):
            found = _lookup(self.word(at + 1), self.lex.heads, ("ال",))
            if found and self.number_of_chain(at) is not None and self.joined(at):
                category, stop = self.modifiers(at + 1, found[1])
                if stop == end and not self.gap(end - 1).replace(":", "").strip():
                    return at, found[1], category
        return None

    def excluded(self, first: int) -> bool:
        """A casualty, arrest or benefit word within a few words before item ``first``, or «في» right before it."""
        near = takewhile(self.joined, range(first - 1, max(first - 1 - _EXCLUDE_WINDOW, -1), -1))
        right_before = first > 0 and self.joined(first - 1) and self.phrase_ending(first - 1, "exclude_before")
        return bool(right_before) or any(self.phrase_ending(end, "exclude") is not None for end in near)

    def count_at(self, i: int, floor: int) -> _Match | None:
        """A number at item ``i`` with its noun phrase (after it, or ``عدد + noun`` before it) and qualifiers."""
        number = self.number_at(i)
        exact = number is not None and number.value is not None
        after = self.phrase_from(number.stop, "after") if exact else None  # «400 ونيف مشارك»
        noun = self.noun_after(number.stop + (len(after.words) if after else 0), not exact) if number else None
        before = self.before_qualifier(i, floor) if exact else None
        first = before[0] if before else i
        stated = self.noun_before(first, floor) if exact and noun is None else None  # «عدد الوزراء 27»
        if exact and noun is None and stated is None and self.ends_field(number.stop - 1):
            stated = self.field_label(first, floor)  # «الدول المشاركة: أكثر من 50 |»
        if noun is None and stated is None or self.excluded(stated[0] if stated else first):
            return None
        qualifier = after.qualifier if after and noun else ""
        head, category, stop = noun or (stated[1], stated[2], number.stop)
        after = self.phrase_from(stop, "after") if exact and noun else None  # «450 مشاركاً تقريباً»
        stop, qualifier = (stop + len(after.words), after.qualifier) if after else (stop, qualifier)
        start = number.start
        if before is not None:
            start, qualifier = self.starts[first] + _evidence_skip(self.word(first)[: before[1]]), before[2].qualifier
        if stated is not None:
            start = self.starts[stated[0]] + (self.number_of_chain(stated[0]) or 0)
        qualifier = (qualifier or "exact") if exact else "unspecified"
        evidence = (start, self.ends[stop - 1])
        return _Match(number.value, head.unit, category, qualifier, number[2:], evidence, stop)

    def noun_alone_at(self, i: int) -> _Match | None:
        """A count said by the noun: an indefinite dual (``وزيرين``: two) or a singular with ``واحد`` (one)."""
        found = _lookup(self.word(i), self.lex.heads, _NO_ARTICLE, _MIN_CORE) if self.word(i) else None
        if found is None or self.excluded(i):
            return None
        head, start = found[1], self.starts[i] + found[0]
        category, stop = self.modifiers(i, head)
        if head.grammatical_number == "dual":
            return _Match(2, head.unit, category, "exact", (start, self.ends[i]), (start, self.ends[stop - 1]), stop)
        if head.grammatical_number == "singular" and self.joined(stop - 1) and self.kinds(stop, ("",)).get("unit") == 1:
            one = (self.starts[stop], self.ends[stop])
            return _Match(1, head.unit, category, "exact", one, (start, one[1]), stop + 1)
        return None

    def ends_field(self, last: int) -> bool:
        """True when item ``last`` ends its field: the text, a field separator or a clause mark follows it."""
        rest = self.gap(last).strip()
        return last == len(self.items) - 1 if not rest else rest[0] in _FIELD_ENDS | _SENTENCE_ENDS | {"،", ","}

    def field_label(self, first: int, floor: int) -> tuple[int, Head, str] | None:
        """``(label item, head, category)`` when item ``first`` opens the value of a field whose label starts with
        a definite counted noun (``الدول المشاركة: 41``, ``الدول التي أكدت مشاركتها: 58``)."""
        if first == 0 or ":" not in self.gap(first - 1):
            return None
        for at in range(first - 1, max(floor, first - 1 - _NUMBER_OF_REACH) - 1, -1):
            if at == 0 or any(c in _FIELD_ENDS for c in self.gap(at - 1)):
                found = _lookup(self.word(at), self.lex.heads, ("ال",))
                return (at, found[1], self.modifiers(at, found[1])[0]) if found else None
            if not self.joined(at - 1):
                return None
        return None

    def range_end(self, i: int, ranged: _Match | None) -> _Match | None:
        """The upper end of a range whose noun is said once, in the same sentence: «من اثنتين وأربعين دولة ...
        إلى ثلاث وستين»; it takes the first number's unit and category."""
        if ranged is None or self.word(i - 1) != _TO or not self.joined(i - 1) or i - ranged.stop > _RANGE_REACH:
            return None
        if any(c in _SENTENCE_ENDS for k in range(ranged.stop - 1, i) for c in self.gap(k)):
            return None
        number = self.number_at(i)
        if number is None or number.value is None or self.excluded(i):
            return None
        return _Match(number.value, ranged.unit, ranged.category, "exact", number[2:], number[2:], number.stop)

    def withdrawn(self) -> set[int]:
        """Items a correction withdraws: from a ``withdrawn`` phrase («ورد خطأً») to a ``restated`` phrase
        («والصحيح») or the end of the sentence."""
        out, inside = set(), False
        for i in range(len(self.items)):
            if any(self.phrase_at(i, p) is not None for p in self.lex.roles["withdrawn"]):
                inside = True
            elif any(self.phrase_at(i, p) is not None for p in self.lex.roles["restated"]):
                inside = False
            out |= {i} if inside else set()
            inside = inside and not any(c in _SENTENCE_ENDS for c in self.gap(i))
        return out

    def matches(self) -> list[_Match]:
        out, i, floor, ranged = [], 0, 0, None
        withdrawn = self.withdrawn() if self.lex.roles["withdrawn"] else set()
        while i < len(self.items):
            match = self.count_at(i, floor) or self.noun_alone_at(i) or self.range_end(i, ranged)
            match = match if match and self.phrase_from(match.stop, "exclude_after") is None else None
            out += [match] if match and i not in withdrawn else []
            ranged = match if match and self.word(i - 1) == _FROM and self.joined(i - 1) else ranged
            i, floor = (match.stop, match.stop) if match else (i + 1, floor)
        return out

    def row(self, paragraph: int, match: _Match) -> dict:
        (start, end), (num_start, num_end) = self.align.span(*match.evidence), self.align.span(*match.number)
        values = (paragraph, *match[:4], self.text[num_start:num_end], self.text[start:end], start, end)
        return dict(zip(COUNT_COLUMNS, values))


def extract_counts(texts: Sequence[str], lexicon: CountLexicon) -> pd.DataFrame:
    """One row per stated count in ``texts`` (paragraphs in reading order, numbered from 1).

    Columns :data:`COUNT_COLUMNS`; ``count`` is NA for a vague quantity (``مئات المشاركين``);
    ``char_start``/``char_end`` index the paragraph text, so ``text[char_start:char_end] == evidence``.
    Rows are sorted by paragraph and offset. Raises ``TypeError`` when ``texts`` is a single string.
    """
    if isinstance(texts, str):
        raise TypeError("texts is a sequence of paragraph texts, not one string")
    rows = []
    for paragraph, text in enumerate(texts, start=1):
        reader = _Reader(text, lexicon)
        rows.extend(reader.row(paragraph, match) for match in reader.matches())
    table = pd.DataFrame(rows, columns=list(COUNT_COLUMNS)).astype(_DTYPES)
    return table.sort_values(["paragraph", "char_start", "char_end"], ignore_index=True)
