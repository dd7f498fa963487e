"""Paragraph roles from page layout: kicker, headline, dateline, lead, salutations, bullets...

:func:`assign_roles` gives each paragraph of a page (in reading order, as from
:func:`analysis.text.split_paragraphs`) a role of :data:`ROLES`, the rule that decided, and the number of
the earlier paragraph it repeats. The rules use layout only: position, length, final punctuation, list
marks and the word lists of ``data/lexicon/layout_markers.csv``; ``docs/roles.md`` states them.

Usage::

    >>> import pandas as pd
    >>> table = pd.DataFrame({"marker": ["كونا", "شكرا"], "kind_of_marker": ["agency", "closing"],
    ...                       "match": ["contains", "start"], "max_words": [None, 8]})
    >>> markers = RoleMarkers.from_tables(table)
    >>> page = ["الكويت تستضيف مؤتمر أمن الحدود", "2024/11/04 10:00", "كونا - افتتح المؤتمر أعماله اليوم.",
    ...         "أبرز المحاور:", "• تبادل المعلومات.", "شكراً لكم", "الكويت تستضيف مؤتمر أمن الحدود"]
    >>> [(a.role, a.duplicate_of) for a in assign_roles(page, "news_report", markers)]  # doctest: +NORMALIZE_WHITESPACE
    [('headline', None), ('dateline', None), ('lead', None), ('subheading', None), ('bullet', None),
     ('salutation', None), ('headline', 1)]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import pandas as pd

from analysis.arabic import normalize, sentence_ends, tokens

__all__ = ["ROLES", "KINDS", "MARKER_KINDS", "RoleAssignment", "RoleMarkers", "LineMarker", "assign_roles"]

ROLES = tuple("kicker headline dateline standfirst byline attribution lead body subheading bullet salutation".split())
KINDS = ("news_report", "speech_transcript", "press_release", "web_page")
#: Marker kinds matched against a whole paragraph (start, whole or contains).
LINE_KINDS = ("opening", "vocative", "closing", "byline_cue", "speech_verb", "ordinal")
#: Marker kinds that are vocabulary looked up inside a line (match must be ``contains``).
WORD_KINDS = ("agency", "month", "weekday", "date_word", "relative_time")
MARKER_KINDS = LINE_KINDS + WORD_KINDS

# Length limits, in words (runs of letters or digits); docs/roles.md says where each applies.
HEADLINE_MAX_WORDS, LONG_HEADLINE_MAX_WORDS, QUESTION_HEADLINE_MAX_WORDS = 20, 40, 15
SUBHEADING_MAX_WORDS, COLON_HEADING_MAX_WORDS, NUMBERED_HEADING_MAX_WORDS, QUESTION_HEADING_MAX_WORDS = 12, 10, 10, 8
# An unpunctuated line under a headline of at least 4 words is a standfirst when 16+ words and 1.5 times longer.
STANDFIRST_MIN_WORDS, STANDFIRST_LENGTH_RATIO, STANDFIRST_MIN_HEADLINE_WORDS = 16, 1.5, 4
ATTRIBUTION_MAX_WORDS, BYLINE_MAX_WORDS, BREADCRUMB_MAX_SEGMENT_WORDS = 20, 6, 4
DATELINE_MAX_WORDS, DATELINE_MAX_PLACE_WORDS = 16, 2

_TERMINATORS = ".!?؟…؛"
_CLOSERS = "»\"')]”’› "
_BULLET_MARKS = "•-*·▪–—●◦■►▸○♦✓"
_BREADCRUMB_SPLIT = re.compile(r"\s*[>›<‹|/\\]\s*")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
_LIST_NUMBER = re.compile(r"^\(?(?:\d{1,2}\s*[-–—.):](?!\d)|[ء-ي](?!\w)\s*[-–—)])\s*")
_INITIALS = re.compile(r"^(?:[^\W\d]{1,2}(?:\s+|\s*/\s*|$)){3,}$")  # editors closing a wire: "ع ه ر / م ع ح"
_WORD = re.compile(r"\w+")
# "الكويت - مريم الصالح" under a headline: a place of one or two words, a dash, a writer or desk of two or three
# words, nothing else (no digit, no punctuation); a credit, not a second title.
_PLACE_WRITER = re.compile(r"^[^\W\d]+(?:\s[^\W\d]+)?\s*[-–—]\s*[^\W\d]+(?:\s[^\W\d]+){1,2}$")
# An interviewer's question ("س: ...", "سؤال: ...") is text of the interview, however short.
_QUESTION_LABEL = re.compile(r"^\W*(?:س|سوال|السوال)\s*:")
# Local types that are a role whatever their place below the header, and those that are subheadings.
_SAME_ROLE, _HEADING_TYPES = ("salutation", "dateline", "byline", "bullet", "attribution"), ("divider", "colon_heading")


@cache
def _words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` (phrases allowed) as whole words; longest first so phrases win."""
    ordered = sorted(words, key=lambda w: (-len(w), w))
    alternation = "|".join(r"\W+".join(re.escape(p) for p in w.split()) for w in ordered)
    return re.compile(r"(?<!\w)(?:" + alternation + r")(?!\w)" if words else r"(?!)")


@cache
def _agency_shapes(agencies: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """A credit line of these agencies (``الكويت - كونا``) and a marker opening a text (``كونا -``)."""
    agency, place = _words_regex(agencies).pattern, r"(?:\w+\s+){0,2}\w+"
    credit = rf"^(?:{place}\s*[-–—/،,:]?\s*)?[(«\"]?\s*{agency}\s*[)»\"]?\s*[-–—:]*$"
    # A bracketed agency needs a dash after it, so "قال لـ(كونا) إن" is no marker.
    marked = rf"^[\w\s\-–—/,.]{{0,40}}?(?:\(\s*{agency}\s*\)|[«\"]?{agency}[»\"]?)\s*[-–—]+\s*\S"
    with_colon = rf"^(?:\w+\s*[-–—]\s*)?[«\"]?{agency}[»\"]?\s*:\s*\S"
    return {"credit": re.compile(credit), "opener": re.compile(f"{marked}|{with_colon}")}


@dataclass(frozen=True)
class _Para:
    norm: str  # normalised, surrounding whitespace trimmed
    clean: str  # normalised, without surrounding punctuation, spaces collapsed
    words: int
    last: str  # last character before closing quotes and brackets ("" when none)

    @classmethod
    def of(cls, text: str) -> _Para:
        norm = normalize(text).strip()
        clean = " ".join(re.sub(r"^\W+|\W+$", "", norm).split())
        return cls(norm, clean, len(tokens(text)), norm.rstrip(_CLOSERS)[-1:])

    def ends_with(self, chars: str) -> bool:
        return self.last != "" and self.last in chars

    @property
    def ends_sentence(self) -> bool:
        return self.ends_with(_TERMINATORS)

    @property
    def breadcrumb(self) -> bool:
        """``الرئيسية > محليات > سياسة``: short segments joined by path separators."""
        parts = _BREADCRUMB_SPLIT.split(self.norm)
        short = all(0 < len(_WORD.findall(x)) <= BREADCRUMB_MAX_SEGMENT_WORDS and not x.isdigit() for x in parts)
        return len(parts) >= 2 and short and not self.ends_sentence


@dataclass(frozen=True)
class LineMarker:
    """One lexicon entry matched against a paragraph's cleaned normalised text."""

    kind: str
    marker: str  # normalised
    match: str  # start | whole | contains
    max_words: int | None  # the paragraph may not be longer
    top_only: bool  # only before the first content paragraph

    @cached_property
    def regex(self) -> re.Pattern[str]:
        # A conjunction و/ف may precede any marker: "وشكراً", "وقال", "فيا".
        head, tail = {"whole": ("^", "$"), "start": ("^", r"(?!\w)")}.get(self.match, (r"(?<!\w)", r"(?!\w)"))
        return re.compile(head + "[وف]?" + r"\W+".join(map(re.escape, self.marker.split())) + tail)


def _marker_entry(row: dict, number: int) -> LineMarker:
    """One table row, checked (``number`` is its line in the CSV, the header being line 1)."""
    cell = {k: "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip() for k, v in row.items()}
    marker = " ".join(normalize(cell.get("marker", "")).split())
    kind, match, max_words = cell.get("kind_of_marker", ""), cell.get("match", ""), cell.get("max_words", "")
    position = cell.get("position") or "any"
    allowed = ("contains",) if kind in WORD_KINDS else ("start", "whole", "contains")
    problems = [
        (not marker, "empty marker"),
        (kind not in MARKER_KINDS, f"kind_of_marker {kind!r} is not one of {', '.join(MARKER_KINDS)}"),
        (match not in allowed, f"match {match!r} for {kind} must be one of {', '.join(allowed)}"),
        (position not in ("any", "top"), f"position {position!r} is not one of any, top"),
        (not re.fullmatch(r"(\d+(\.0*)?)?", max_words), f"max_words {max_words!r} is not a whole number"),
    ]
    for failed, message in problems:
        if failed:
            raise ValueError(f"layout markers row {number}: {message}")
    return LineMarker(kind, marker, match, int(float(max_words)) if max_words else None, position == "top")


@dataclass(frozen=True)
class RoleMarkers:
    """The lexicon of layout markers, normalised (columns: ``data/lexicon/README.md``)."""

    lines: tuple[LineMarker, ...]
    agencies: tuple[str, ...]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    date_words: tuple[str, ...]
    relative_time: tuple[str, ...]

    @classmethod
    def from_tables(cls, markers: pd.DataFrame) -> RoleMarkers:
        """From the ``layout_markers`` table; ``ValueError`` on a missing column or a bad value."""
        missing = {"marker", "kind_of_marker", "match"} - set(markers.columns)
        if missing:
            raise ValueError(f"layout markers: missing column(s) {sorted(missing)}")
        entries = [_marker_entry(row, number) for number, row in enumerate(markers.to_dict("records"), start=2)]
        lines = sorted((e for e in entries if e.kind in LINE_KINDS), key=lambda m: (m.kind, m.marker, m.match))
        return cls(tuple(lines), *(tuple(sorted({e.marker for e in entries if e.kind == kind})) for kind in WORD_KINDS))

    def line_match(self, kinds: tuple[str, ...], para: _Para, at_top: bool) -> LineMarker | None:
        """The first entry of one of ``kinds`` that matches the paragraph, if any."""
        usable = (e for e in self.lines if e.kind in kinds and (at_top or not e.top_only))
        fits = (e for e in usable if e.max_words is None or para.words <= e.max_words)
        return next((e for e in fits if e.regex.search(para.clean)), None)

    def salutation(self, para: _Para, at_top: bool) -> bool:
        entry = self.line_match(("opening", "vocative", "closing"), para, at_top)
        # A vocative is an unfinished address ("...،", "...!"); a full stop makes it a sentence.
        return entry is not None and not (entry.kind == "vocative" and para.ends_sentence and para.last != "!")

    def dateline(self, para: _Para) -> bool:
        """A date and/or time, optionally with a place, an agency and date words, alone on its line."""
        if para.words > DATELINE_MAX_WORDS or para.ends_with(".؟?!"):
            return False
        norm = para.norm
        explicit = [m.start() for rx in (_NUMERIC_DATE, _TIME, _words_regex(self.months)) if (m := rx.search(norm))]
        digit, weekday = re.search(r"\d", norm), _words_regex(self.weekdays).search(norm)
        # A weekday counts as a date only next to a number ("الثلاثاء 05"); a number alone is no date.
        explicit += [weekday.start()] if weekday and digit else []
        explicit += [digit.start()] if explicit and digit else []
        if not explicit and not _words_regex(self.relative_time).search(norm):
            return False
        vocabulary = self.months + self.weekdays + self.date_words + self.relative_time + self.agencies
        rest = _TIME.sub(" ", _NUMERIC_DATE.sub(" ", _words_regex(vocabulary).sub(" ", norm)))
        leftover = [w for w in _WORD.findall(rest) if not w.isdigit()]
        if not leftover:
            return True
        # "منذ" or "قبل" is a date only with nothing but date words around it ("منذ ساعتين"). Other
        # words must be a place before the date: one word, or set off by a dash, bracket or comma.
        place_end, date_start = norm.find(leftover[-1]) + len(leftover[-1]), min(explicit, default=-1)
        return (
            len(leftover) <= DATELINE_MAX_PLACE_WORDS
            and 0 <= place_end <= date_start
            and (len(leftover) == 1 or re.search(r"[-–—(،,|]", norm[place_end:date_start]) is not None)
        )

    def agency(self, para: _Para, shape: str) -> bool:
        """Whether the paragraph is an agency ``credit`` line or opens with an agency marker (``opener``)."""
        return bool(self.agencies) and bool(_agency_shapes(self.agencies)[shape].match(para.norm))

    def list_rest(self, para: _Para) -> str | None:
        """The text after a list number (``1-``, ``2.``, ``3)``, ``أ-``, ``ثانياً:``), or None."""
        m = _LIST_NUMBER.match(para.norm)
        ordinal = None if m else self.line_match(("ordinal",), para, at_top=True)
        if ordinal is not None:
            words = r"\W+".join(map(re.escape, ordinal.marker.split()))
            m = re.match(r"^\W*[وف]?" + words + r"\s*[-–—.):،,]?\s*", para.norm)
        return para.norm[m.end() :] if m else None

    def local_type(self, para: _Para, at_top: bool, has_next: bool) -> tuple[str, str]:
        """What a paragraph looks like on its own: ``(type, rule)`` of the first test that holds."""
        # Every test is cheap, so all run; the first that holds decides.
        tests = (
            ("divider", "no-words", not para.clean),
            ("salutation", "salutation-lexicon", self.salutation(para, at_top)),
            ("dateline", "dateline", self.dateline(para)),
            ("byline", "byline-cue", not para.ends_sentence and self.line_match(("byline_cue",), para, at_top)),
            ("byline", "byline-agency", para.words <= BYLINE_MAX_WORDS and self.agency(para, "credit")),
            ("byline", "byline-initials", para.words <= 10 and bool(_INITIALS.match(para.clean))),
            ("breadcrumb", "breadcrumb", at_top and para.breadcrumb),
            ("agency_text", "agency-lead", self.agency(para, "opener")),
            ("bullet", "bullet-mark", para.norm[:1] in _BULLET_MARKS),
        )
        for local, rule, holds in tests:
            if holds:
                return local, rule
        rest = self.list_rest(para)
        if rest is not None and rest.strip():
            item = _Para.of(rest)
            # A list number before a full sentence is a list item; before a short label, a heading.
            if item.ends_sentence or (not item.ends_with(":") and item.words > NUMBERED_HEADING_MAX_WORDS):
                return "bullet", "numbered-sentence"
            return "numbered_heading", "numbered-heading"
        speech = para.ends_with(":") and self.line_match(("speech_verb",), para, at_top)
        if has_next and speech and para.words <= ATTRIBUTION_MAX_WORDS:
            return "attribution", "attribution"
        if para.ends_with(":") and para.words <= COLON_HEADING_MAX_WORDS:
            return "colon_heading", "colon-heading"
        if not para.ends_with(_TERMINATORS + ":،,") and para.words <= HEADLINE_MAX_WORDS:
            return "title", "short-line"
        return "text", "content"


@dataclass(frozen=True)
class RoleAssignment:
    role: str  # one of ROLES
    duplicate_of: int | None  # number (from 1) of the earlier paragraph this one repeats
    rule: str  # short name of the rule that decided


class _Page:
    """One page's paragraphs, their repeats and their local types (before and after the first content)."""

    def __init__(self, texts: Sequence[str], kind: str, markers: RoleMarkers):
        self.kind, self.markers = kind, markers
        self.paras = [_Para.of(t) for t in texts]
        self.repeats = self._repeats()
        n = len(self.paras)
        self.top, self.later = [
            self._list_runs([markers.local_type(p, at_top, i + 1 < n) for i, p in enumerate(self.paras)])
            for at_top in (True, False)
        ]

    def _repeats(self) -> dict[int, int]:
        """Index of each paragraph repeating an earlier one (same words, normalised) -> first index."""
        keys = [" ".join(_WORD.findall(p.norm)) for p in self.paras]
        first = {key: i for i, key in reversed(list(enumerate(keys)))}
        return {i: first[key] for i, key in enumerate(keys) if key and first[key] != i}

    def step(self, i: int, direction: int) -> int | None:
        """The nearest paragraph before (-1) or after (+1) ``i`` that is not a repeat."""
        j = i + direction
        while 0 <= j < len(self.paras) and j in self.repeats:
            j += direction
        return j if 0 <= j < len(self.paras) else None

    def _list_runs(self, types: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Numbered lines next to one another are list items (a numbered heading heads a text)."""
        numbered = {i for i, (_, rule) in enumerate(types) if rule.startswith("numbered-")}
        return [
            ("bullet", "numbered-list")
            if local == "numbered_heading" and numbered & {self.step(i, -1), self.step(i, 1)}
            else (local, rule)
            for i, (local, rule) in enumerate(types)
        ]

    def next_type(self, i: int) -> str | None:
        nxt = self.step(i, 1)
        return None if nxt is None else self.top[nxt][0]

    def top_title_rule(self, i: int) -> str | None:
        """The rule making a first line a title despite its final "؟", "!", "." or its length, or None."""
        para, below = self.paras[i], self.next_type(i)
        if self.markers.agency(para, "opener") or self.top[i][0] not in ("title", "text"):
            return None
        if para.ends_with("؟?!") and para.words <= QUESTION_HEADLINE_MAX_WORDS:
            return "question-title"
        above_metadata = below in ("dateline", "byline") or (
            below in ("salutation", "agency_text") and not para.ends_sentence
        )
        return "title-above-metadata" if above_metadata and para.words <= LONG_HEADLINE_MAX_WORDS else None

    def place_writer(self, i: int) -> bool:
        """Whether a short title-like line under a title is a "place - writer" credit above the text."""
        para = self.paras[i]
        return (
            self.top[i][0] == "title"
            and bool(_PLACE_WRITER.match(para.clean))
            and self.next_type(i) in ("text", "agency_text", "dateline", "byline")
        )

    def header(self) -> tuple[int, dict[int, tuple[str, str]]]:
        """``(index of the first paragraph after the header, {index: (role, rule)})``; a dateline or
        byline after a title closes the run of titles, whose last is the headline."""
        roles: dict[int, tuple[str, str]] = {}
        titles: list[tuple[int, str]] = []
        run_closed, end = False, len(self.paras)
        for i, (local, rule) in enumerate(self.top):
            if i in self.repeats or local == "divider":
                continue
            top_rule = None if titles else self.top_title_rule(i)
            # A label such as "مؤتمر الكويت:" printed above the headline belongs to the titles.
            label_above = local == "colon_heading" and self.next_type(i) == "title"
            if local in ("dateline", "byline"):
                roles[i] = (local, rule)
                run_closed = run_closed or bool(titles)
            elif local == "breadcrumb":
                roles[i] = ("kicker", rule)
            elif not run_closed and titles and self.place_writer(i):
                roles[i], run_closed = ("byline", "byline-place-writer"), True
            elif not run_closed and (local == "title" or label_above):
                titles.append((i, "header-title"))
            elif top_rule:
                titles.append((i, top_rule))
            else:
                end = i
                break
        words = [self.paras[t].words for t, _ in titles[-2:]]
        # A summary printed without a full stop: much longer than the title above it.
        long_line = len(words) == 2 and words[1] >= max(STANDFIRST_MIN_WORDS, STANDFIRST_LENGTH_RATIO * words[0])
        if long_line and words[0] >= STANDFIRST_MIN_HEADLINE_WORDS and self.kind != "speech_transcript":
            roles[titles.pop()[0]] = ("standfirst", "standfirst-long-line")
        roles.update({t: ("kicker", "header-kicker") for t, _ in titles[:-1]})
        if titles:
            roles[titles[-1][0]] = ("headline", titles[-1][1])
        return end, roles

    def standfirst(self, start: int) -> bool:
        """Whether the paragraph at ``start`` summarises the piece above a distinct lead."""
        para = self.paras[start] if start < len(self.paras) else None
        if para is None or self.top[start][0] != "text" or len(sentence_ends(para.norm)) + (not para.ends_sentence) > 2:
            return False
        metadata_between = False
        for j in (j for j in range(start + 1, len(self.paras)) if j not in self.repeats):
            local = self.top[j][0]
            if local not in ("dateline", "byline"):
                distinct = local == "agency_text" or (metadata_between and local == "text")
                return distinct and self.paras[j].words >= self.paras[start].words
            metadata_between = True
        return False

    def body_role(self, i: int, content_seen: bool) -> tuple[str, str]:
        """Role of a paragraph below the header ("top" cues and breadcrumbs only before any content)."""
        local, rule = (self.later if content_seen else self.top)[i]
        para, speech = self.paras[i], self.kind == "speech_transcript"
        if local in _SAME_ROLE or local in _HEADING_TYPES or local == "numbered_heading":
            return (local if local in _SAME_ROLE else "subheading"), rule
        if local in ("title", "breadcrumb") and para.words <= SUBHEADING_MAX_WORDS:
            return "subheading", "short-line"
        if not speech and content_seen and _QUESTION_LABEL.match(para.norm):
            return "body", "interview-question"
        if not speech and content_seen and para.ends_with("؟?") and para.words <= QUESTION_HEADING_MAX_WORDS:
            return "subheading", "question-heading"
        if speech or content_seen:
            return "body", "body"
        return "lead", "agency-lead" if local == "agency_text" else "first-content"

    def roles(self) -> list[RoleAssignment]:
        start, decided = self.header()
        has_headline = any(role == "headline" for role, _ in decided.values())
        if has_headline and self.kind != "speech_transcript" and self.standfirst(start):
            decided[start] = ("standfirst", "standfirst")
        content_seen = False
        for i in (i for i in range(len(self.paras)) if i not in decided and i not in self.repeats):
            decided[i] = self.body_role(i, content_seen)
            content_seen = content_seen or decided[i][0] in ("lead", "body")
        # A repeat takes its first occurrence's role, but a page has one lead: a repeated lead is body.
        first = {i: decided[j][0] for i, j in self.repeats.items()}
        return [
            RoleAssignment(decided[i][0], None, decided[i][1])
            if i not in self.repeats
            else RoleAssignment("body" if first[i] == "lead" else first[i], self.repeats[i] + 1, "repeat")
            for i in range(len(self.paras))
        ]


def assign_roles(texts: Sequence[str], kind: str, markers: RoleMarkers) -> list[RoleAssignment]:
    """Role of each paragraph (``texts`` in reading order) of a page of ``kind``; ``ValueError`` for an
    unknown kind. The rules are in ``docs/roles.md``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}")
    return _Page(texts, kind, markers).roles()
