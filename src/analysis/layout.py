"""Paragraph roles from page layout: kicker, headline, dateline, lead, salutations, bullets...

:func:`assign_roles` gives each paragraph of a page (in reading order, as from
:func:`analysis.text.split_paragraphs`) a role of :data:`ROLES`, the rule that decided, and the number of
the earlier paragraph it repeats. The rules use layout only: position, length, final punctuation, list
marks and the word lists of ``data/lexicon/layout_markers.csv`` (what a line looks like alone is
:mod:`analysis.layout_lines`; this module places those lines on the page); ``docs/roles.md`` states them.

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

from analysis.arabic import sentence_ends
from analysis.layout_lines import (
    ATTRIBUTION_MAX_WORDS,
    KINDS,
    LINE_KINDS,
    LONG_HEADLINE_MAX_WORDS,
    MARKER_KINDS,
    QUESTION_HEADING_MAX_WORDS,
    QUESTION_HEADLINE_MAX_WORDS,
    QUOTE_ANNOUNCER_MIN_WORDS,
    ROLES,
    SUBHEADING_MAX_WORDS,
    TEXT_LINE_RULES,
    WORD_KINDS,
    LineMarker,
    Para,
    RoleMarkers,
)

__all__ = [
    "ROLES",
    "KINDS",
    "MARKER_KINDS",
    "LINE_KINDS",
    "WORD_KINDS",
    "RoleAssignment",
    "RoleMarkers",
    "LineMarker",
    "assign_roles",
]

# An unpunctuated line under a headline of at least 4 words is a standfirst when 16+ words and 1.5 times longer.
STANDFIRST_MIN_WORDS, STANDFIRST_LENGTH_RATIO, STANDFIRST_MIN_HEADLINE_WORDS = 16, 1.5, 4
SIGNATURE_MAX_WORDS = 10  # a name and a title under a closing formula
_WORD = re.compile(r"\w+")
# "الكويت - مريم الصالح" under a headline: a place of one or two words, a dash, a writer or desk of two or three
# words, nothing else (no digit, no punctuation); a credit, not a second title.
_PLACE_WRITER = re.compile(
    r"^[^\W\d]+(?:\s[^\W\d]+)?\s*[-–—]\s*(?:[^\W\d]+(?:\s[^\W\d]+){1,2}|«[^\W\d]+(?:\s[^\W\d]+){0,2}»?)$"
)  # or an outlet in quotes: "الكويت - «البيّنة»"
# An interviewer's question ("س: ...", "سؤال: ...") is text of the interview, however short.
_QUESTION_LABEL = re.compile(r"^\W*(?:س|سوال|السوال)\s*:")
# What a quotation opens with (layout stands apart from the attribution package, which lists quotes inside text).
_OPENING_QUOTES = '«"“'
# Local types that are a role whatever their place below the header, and those that are subheadings.
_SAME_ROLE, _HEADING_TYPES = ("salutation", "dateline", "byline", "bullet", "attribution"), ("divider", "colon_heading")


@dataclass(frozen=True)
class RoleAssignment:
    role: str  # one of ROLES
    duplicate_of: int | None  # number (from 1) of the earlier paragraph this one repeats
    rule: str  # short name of the rule that decided


class _Page:
    """One page's paragraphs, their repeats and their local types (before and after the first content)."""

    def __init__(self, texts: Sequence[str], kind: str, markers: RoleMarkers):
        self.kind, self.markers = kind, markers
        self.paras = [Para.of(t) for t in texts]
        self.repeats = self._repeats()
        # a page credited as an interview ("حاوره: ...") asks its questions without a label
        self.interview = any(markers.line_match(("interview_cue",), p, True) for p in self.paras)
        n = len(self.paras)
        self.top, self.later = [
            self._quote_announcers(
                self._list_runs([markers.local_type(p, at_top, i + 1 < n) for i, p in enumerate(self.paras)])
            )
            for at_top in (True, False)
        ]

    def _quote_announcers(self, types: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """A colon-ended line of a few words up to an attribution's length, right above a paragraph that opens
        with a quotation, announces it ("أما فورونكوف، فاكتفى بعبارة واحدة:"): an attribution, verb or not."""
        out = list(types)
        for i, (local, _) in enumerate(types):
            para, j = self.paras[i], self.step(i, 1)
            if (
                local in ("colon_heading", "text")
                and j is not None
                and para.ends_with(":")
                and QUOTE_ANNOUNCER_MIN_WORDS <= para.words <= ATTRIBUTION_MAX_WORDS
                and self.paras[j].norm[:1] in _OPENING_QUOTES
            ):
                out[i] = ("attribution", "quote-announcer")
        return out

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
            top_rule = self.top_title_rule(i) if len(titles) <= 1 and not run_closed else None
            # under a kicker, only a question may be the headline ("قراءة" then "من دوشنبه إلى الكويت: كيف ...؟")
            top_rule = top_rule if not titles or top_rule == "question-title" else None
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
        if (
            not speech
            and content_seen
            and (_QUESTION_LABEL.match(para.norm) or self.interview and para.ends_with("؟?"))
        ):
            return "body", "interview-question"
        if rule in TEXT_LINE_RULES and content_seen:
            return "body", rule
        if not speech and content_seen and para.ends_with("؟?") and para.words <= QUESTION_HEADING_MAX_WORDS:
            return "subheading", "question-heading"
        if speech or content_seen:
            return "body", "body"
        return "lead", "agency-lead" if local == "agency_text" else "first-content"

    def signature(self, i: int, decided: dict[int, tuple[str, str]]) -> bool:
        """A name and title signing a letter or speech under its closing formula ("مع أطيب التمنيات ...،" then
        "فلان، رئيس جمهورية ..."): short, no full stop, no digit."""
        para, j = self.paras[i], self.step(i, -1)
        return (
            j is not None
            and decided.get(j, ("", ""))[0] == "salutation"
            and self.markers.line_match(("closing",), self.paras[j], False) is not None
            and not para.ends_sentence
            and para.words <= SIGNATURE_MAX_WORDS
            and not re.search(r"\d", para.norm)
        )

    def roles(self) -> list[RoleAssignment]:
        start, decided = self.header()
        has_headline = any(role == "headline" for role, _ in decided.values())
        if has_headline and self.kind != "speech_transcript" and self.standfirst(start):
            decided[start] = ("standfirst", "standfirst")
        content_seen = False
        for i in (i for i in range(len(self.paras)) if i not in decided and i not in self.repeats):
            decided[i] = self.body_role(i, content_seen)
            content_seen = content_seen or decided[i][0] in ("lead", "body")
            if decided[i][0] in ("body", "subheading") and self.signature(i, decided):
                decided[i] = ("byline", "signature")
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
