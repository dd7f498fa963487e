"""What one line of a page looks like on its own: the layout-marker lexicon and a line's local type.

:class:`RoleMarkers` holds ``data/lexicon/layout_markers.csv`` normalised; :meth:`RoleMarkers.local_type` says what
a paragraph looks like alone (a salutation, a dateline, a byline, a bullet, a numbered or colon heading, an
attribution line, a short title-like line, or text) from its words, final punctuation and the lexicon.
:mod:`analysis.layout` turns those local types into roles by their place on the page (``docs/roles.md``).

Usage::

    >>> import pandas as pd
    >>> markers = RoleMarkers.from_tables(pd.DataFrame({"marker": ["كونا"], "kind_of_marker": ["agency"],
    ...                                                 "match": ["contains"], "max_words": [None]}))
    >>> [markers.local_type(Para.of(t), True, True)[0] for t in ["الكويت - كونا", "• بند أول.", "ختام الأعمال"]]
    ['byline', 'bullet', 'title']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

import pandas as pd

from analysis.arabic import normalize, tokens

__all__ = [
    "ROLES",
    "KINDS",
    "MARKER_KINDS",
    "LINE_KINDS",
    "WORD_KINDS",
    "TEXT_LINE_RULES",
    "LineMarker",
    "Para",
    "RoleMarkers",
]

ROLES = tuple("kicker headline dateline standfirst byline attribution lead body subheading bullet salutation".split())
KINDS = ("news_report", "speech_transcript", "press_release", "web_page")
#: Marker kinds matched against a whole paragraph (start, whole or contains).
LINE_KINDS = ("opening", "vocative", "closing", "byline_cue", "interview_cue", "speech_verb", "ordinal")
#: Marker kinds that are vocabulary looked up inside a line (match must be ``contains``).
WORD_KINDS = ("agency", "month", "weekday", "date_word", "relative_time")
MARKER_KINDS = LINE_KINDS + WORD_KINDS

# A sentence that announces the list below it ends in «ما يلي:», «الآتي:», «التالية:»: it is text, not a heading.
_LIST_ANNOUNCER = re.compile(r"(?<!\w)(?:يلي|ياتي|الاتي|التالي|التاليه)\W*:\W*$")
# Where a credit was written, between its verb and its colon: «في الكويت», «من دوشنبه», «في مدينة الكويت».
_CREDIT_PLACE = r"(?:\s+(?:في|من)\s+\w+(?:\s+\w+)?)?\s*"
# Length limits, in words (runs of letters or digits); docs/roles.md says where each applies.
HEADLINE_MAX_WORDS, LONG_HEADLINE_MAX_WORDS, QUESTION_HEADLINE_MAX_WORDS = 20, 40, 15
SUBHEADING_MAX_WORDS, COLON_HEADING_MAX_WORDS, NUMBERED_HEADING_MAX_WORDS, QUESTION_HEADING_MAX_WORDS = 12, 10, 10, 8
ATTRIBUTION_MAX_WORDS, BYLINE_MAX_WORDS, BREADCRUMB_MAX_SEGMENT_WORDS = 20, 6, 4
QUOTE_ANNOUNCER_MIN_WORDS = 4  # shorter colon lines above a quotation are labels ("شعار المؤتمر:")
DATELINE_MAX_WORDS, DATELINE_MAX_PLACE_WORDS = 16, 2
FIELD_NAME_MAX_WORDS = 3  # the name heading a comment ("أم سالم | منذ 40 دقيقة | إعجاب 2")

_TERMINATORS = ".!?؟…؛"
_CLOSERS = "»\"')]”’› "
_BULLET_MARKS = "•-*·▪–—●◦■►▸○♦✓"
_BREADCRUMB_SPLIT = re.compile(r"\s*[>›<‹|/\\]\s*")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,4}(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
# ", القاعه 3، الساعه 13:15" after the date: a room and an hour, fields of one word and a number
_TRAILING_FIELDS = re.compile(r"(?:\s*[،,]\s*[^\W\d]+\s+\d+(?:[:.]\d+)?)+\s*$")
_ZONE_PLACE = re.compile(r"(?<=توقيت)\s+[^\W\d]+")  # "١٧:٥٠ بتوقيت الكويت": the place names the time zone
_LIST_NUMBER = re.compile(r"^\(?(?:\d{1,2}\s*[-–—.):](?!\d)|[ء-ي](?!\w)\s*[-–—)])\s*")
# editors closing a wire: "ع ه ر / م ع ح", also after the wire's end mark: "(النهاية) ع ف ك / م ع ح"
_INITIALS = re.compile(r"^(?:(?:النهايه|انتهي)\W+)?(?:[^\W\d]{1,2}(?:\s+|\s*/\s*|$)){3,}$")
_WORD = re.compile(r"\w+")
# "عاجل | ..." (a breaking-news item) and "08:30 - 09:30 التسجيل" (a programme's time slot): text, however short.
_FLASH = re.compile(r"^\W*(?:خبر\s+)?عاجل\s*[|:\-–—]")
_TIMED_ENTRY = re.compile(r"^\W*\d{1,2}[:.]\d{2}(?:\s*[-–—]\s*\d{1,2}[:.]\d{2})?\s*[-–—:|]?\s*[^\W\d]")
# A note in brackets ("(تصفيق)", "[فاصل موسيقي]", "(يواصل المتحدث بالإنجليزية)"), a table row with a figure
# ("الكويت | 48 عضواً | وزير الخارجية"), a rights line ("جميع الحقوق محفوظة ©"): text of the page, not headings.
_BRACKETED = re.compile(r"^\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*$")
_TABLE_ROW = re.compile(r"^[^|]*\|[^|]*\|")
_FIELD_SPLIT = re.compile(r"\s+\|\s+")  # "الثلاثاء 5 نوفمبر 2024 - 21:10 | 1,284 قراءة": fields of a page's metadata
_HANDLE = re.compile(r"^@\w+$")  # a social-media account under its owner's name
_RIGHTS = re.compile(r"©|جميع الحقوق محفوظه|حقوق النشر محفوظه")
# An e-mail's subject line ("الموضوع: ...") at the top is its title.
_SUBJECT = re.compile(r"^\W*(?:الموضوع|العنوان)\s*:\s*\S")
# A speaker's label, then words ending in a sentence mark ("المذيع: دكتور يوسف، لماذا الكويت؟"), below the top.
_SPEAKER_LINE = re.compile(r"^\W*[^\W\d]+(?:\s+[^\W\d]+){0,2}\s*:\s*[^\s:].*[.؟?!]\W*$")
#: Rules of lines that are text however short or questioning; below the top they are body.
TEXT_LINE_RULES = frozenset({"flash-or-timed-entry", "note-or-rights-line", "table-row", "speaker-line"})
# A day's ordinal is no place: "اليوم الأول - الاثنين 4 نوفمبر" heads a programme's day, it is no dateline.
_DAY_ORDINALS = frozenset({"الاول", "الثاني", "الثالث", "الرابع", "الخامس", "الاخير", "الختامي", "الافتتاحي"})


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
class Para:
    norm: str  # normalised, surrounding whitespace trimmed
    clean: str  # normalised, without surrounding punctuation, spaces collapsed
    words: int
    last: str  # last character before closing quotes and brackets ("" when none)

    @classmethod
    def of(cls, text: str) -> Para:
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
        body = r"\W+".join(map(re.escape, self.marker.split()))
        if self.kind in ("byline_cue", "interview_cue") and body.endswith(":"):
            body = body[:-1] + _CREDIT_PLACE + ":"  # «حاورتها في الكويت:»، «كتب من دوشنبه:»
        # a letter's addressee line opens with إلى: "إلى أصحاب المعالي رؤساء الوفود،"
        addressee = r"(?:الي\s+)?" if self.kind == "vocative" else ""
        return re.compile(head + addressee + "[وف]?" + body + tail)


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

    def line_match(self, kinds: tuple[str, ...], para: Para, at_top: bool) -> LineMarker | None:
        """The first entry of one of ``kinds`` that matches the paragraph, if any."""
        usable = (e for e in self.lines if e.kind in kinds and (at_top or not e.top_only))
        fits = (e for e in usable if e.max_words is None or para.words <= e.max_words)
        return next((e for e in fits if e.regex.search(para.clean)), None)

    def salutation(self, para: Para, at_top: bool) -> bool:
        entry = self.line_match(("opening", "vocative", "closing"), para, at_top)
        # A vocative is an unfinished address ("...،", "...!"); a full stop makes it a sentence.
        return entry is not None and not (entry.kind == "vocative" and para.ends_sentence and para.last != "!")

    def dateline(self, para: Para) -> bool:
        """A date and/or time, optionally with a place, an agency and date words, alone on its line."""
        if para.words > DATELINE_MAX_WORDS or para.ends_with(".؟?!"):
            return False
        norm = _TRAILING_FIELDS.sub("", para.norm)
        explicit = [m.start() for rx in (_NUMERIC_DATE, _TIME, _words_regex(self.months)) if (m := rx.search(norm))]
        digit, weekday = re.search(r"\d", norm), _words_regex(self.weekdays).search(norm)
        # A weekday counts as a date only next to a number ("الثلاثاء 05"); a number alone is no date.
        explicit += [weekday.start()] if weekday and digit else []
        explicit += [digit.start()] if explicit and digit else []
        if not explicit and not _words_regex(self.relative_time).search(norm):
            return False
        vocabulary = self.months + self.weekdays + self.date_words + self.relative_time + self.agencies
        rest = _TIME.sub(" ", _NUMERIC_DATE.sub(" ", _words_regex(vocabulary).sub(" ", _ZONE_PLACE.sub(" ", norm))))
        leftover = [w for w in _WORD.findall(rest) if not w.isdigit()]
        if not leftover:
            return True
        if _DAY_ORDINALS.intersection(leftover):
            return False
        # "منذ" or "قبل" is a date only with nothing but date words around it ("منذ ساعتين"). Other
        # words must be a place before the date: one word, or set off by a dash, bracket or comma.
        place_end, date_start = norm.find(leftover[-1]) + len(leftover[-1]), min(explicit, default=-1)
        return (
            len(leftover) <= DATELINE_MAX_PLACE_WORDS
            and 0 <= place_end <= date_start
            and (len(leftover) == 1 or re.search(r"[-–—(،,|:]", norm[place_end:date_start]) is not None)
        )

    def field_line(self, para: Para) -> str:
        """What a line of ``|``-separated fields is: ``dated`` (it opens with a date or a label such as
        ``التوزيع: عام``, a date in another field), ``credit`` (a name, then its time: a comment's header),
        ``handle`` (a name, then ``@account``), else ``""``."""
        fields = _FIELD_SPLIT.split(para.norm)
        if len(fields) < 2 or para.ends_sentence or any(not _WORD.search(f) for f in fields):
            return ""
        if len(fields) == 2 and _HANDLE.match(fields[1]):
            return "handle"
        if not any(self.dateline(Para.of(f)) for f in fields):
            return ""
        head = Para.of(fields[0])
        if self.dateline(head) or ":" in fields[0]:
            return "dated"
        return "credit" if head.words <= FIELD_NAME_MAX_WORDS else ""

    def agency(self, para: Para, shape: str) -> bool:
        """Whether the paragraph is an agency ``credit`` line or opens with an agency marker (``opener``)."""
        return bool(self.agencies) and bool(_agency_shapes(self.agencies)[shape].match(para.norm))

    def list_rest(self, para: Para) -> str | None:
        """The text after a list number (``1-``, ``2.``, ``3)``, ``أ-``, ``ثانياً:``), or None."""
        m = _LIST_NUMBER.match(para.norm)
        ordinal = None if m else self.line_match(("ordinal",), para, at_top=True)
        if ordinal is not None:
            words = r"\W+".join(map(re.escape, ordinal.marker.split()))
            m = re.match(r"^\W*[وف]?" + words + r"\s*[-–—.):،,]?\s*", para.norm)
        return para.norm[m.end() :] if m else None

    def local_type(self, para: Para, at_top: bool, has_next: bool) -> tuple[str, str]:
        """What a paragraph looks like on its own: ``(type, rule)`` of the first test that holds."""
        fields = self.field_line(para)  # one split for the three field-line tests
        # Every test is cheap, so all run; the first that holds decides.
        tests = (
            ("divider", "no-words", not para.clean),
            ("salutation", "salutation-lexicon", self.salutation(para, at_top)),
            ("dateline", "dateline", self.dateline(para)),
            ("dateline", "dated-fields", at_top and fields == "dated"),
            ("byline", "credit-with-time", fields == "credit"),
            ("attribution", "name-and-handle", has_next and fields == "handle"),
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
            item = Para.of(rest)
            # A list number before a full sentence is a list item; before a short label, a heading.
            if item.ends_sentence or (not item.ends_with(":") and item.words > NUMBERED_HEADING_MAX_WORDS):
                return "bullet", "numbered-sentence"
            return "numbered_heading", "numbered-heading"
        speech = para.ends_with(":") and self.line_match(("speech_verb",), para, at_top)
        if has_next and speech and para.words <= ATTRIBUTION_MAX_WORDS:
            return "attribution", "attribution"
        if para.ends_with(":") and _LIST_ANNOUNCER.search(para.norm):
            return "text", "list-announcer"
        if para.ends_with(":") and para.words <= COLON_HEADING_MAX_WORDS:
            return "colon_heading", "colon-heading"
        if _FLASH.match(para.norm) or _TIMED_ENTRY.match(para.norm):
            return "text", "flash-or-timed-entry"  # an item of a news ticker or a programme, not a heading
        if _BRACKETED.match(para.norm) or _RIGHTS.search(para.norm):
            return "text", "note-or-rights-line"
        if _TABLE_ROW.match(para.norm) and re.search(r"\d", para.norm):
            return "text", "table-row"
        if at_top and _SUBJECT.match(para.norm):
            return "title", "subject-line"
        if not at_top and _SPEAKER_LINE.match(para.norm):
            return "text", "speaker-line"
        if not para.ends_with(_TERMINATORS + ":،,") and para.words <= HEADLINE_MAX_WORDS:
            return "title", "short-line"
        return "text", "content"
