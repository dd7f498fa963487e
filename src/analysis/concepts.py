"""Concept rules: a theme is coded where words of concepts stand near each other, in the right context.

A *concept* is a named list of expressions (``data/codebook/concepts.csv``: cooperation,
international actors, border words ...). A *rule* (``data/codebook/rules.csv``) codes one theme:

* ``concept_a`` alone, or ``concept_a`` with ``concept_b`` within ``window`` words of it, in the
  same sentence, before or after it (window 1: adjacent words; 3: at most two words between);
* ``guard``: concepts of which one must occur in the same ``guard_scope`` (``sentence`` or
  ``paragraph``, the default) for the rule to fire: the context a definition requires;
* ``unless``: concepts of which none may occur in the same sentence (a vote of thanks ...).

A rule's hit spans its words (from the first to the last). This module checks the table and
applies the rules to concept hits given as arrays; :mod:`analysis.themes` feeds it.

Usage::

    >>> import numpy as np
    >>> from analysis.concepts import ConceptHits, Rule, apply_rules
    >>> text = "التعاون على المستوى الدولي"
    >>> concept, start, end, word = np.array([0, 1]), np.array([0, 20]), np.array([7, 26]), np.array([0, 3])
    >>> hits = ConceptHits(concept, start, end, sentence=np.zeros(2), paragraph=np.zeros(2), word=word, last=word)
    >>> theme, start, end, first_word, last_word = apply_rules([Rule(0, "coop", 0, 1, 3)], hits)
    >>> text[start[0]:end[0]]
    'التعاون على المستوى الدولي'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.errors import Problem

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Rule", "ConceptHits", "rules_from_table", "apply_rules", "merge_spans", "SCOPES"]

SCOPES = ("sentence", "paragraph")
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
NO_CONCEPT = -1


@dataclass(frozen=True)
class Rule:
    """One rule, its concepts as indices into the concept list; ``b`` is -1 for a one-concept rule."""

    theme: int
    rule_id: str
    a: int
    b: int = NO_CONCEPT
    window: int = 0
    guard: tuple[int, ...] = ()
    guard_scope: str = "paragraph"
    unless: tuple[int, ...] = ()

    def describe(self, concept_ids: Sequence[str]) -> str:
        """The rule in words: ``cooperation ~3 international [if security/paragraph] [unless thanks]``."""
        out = concept_ids[self.a] + (f" ~{self.window} {concept_ids[self.b]}" if self.b != NO_CONCEPT else "")
        if self.guard:
            out += f" [if {'|'.join(concept_ids[g] for g in self.guard)}/{self.guard_scope}]"
        if self.unless:
            out += f" [unless {'|'.join(concept_ids[u] for u in self.unless)}]"
        return out


@dataclass(frozen=True)
class ConceptHits:
    """Concept matches in one text: concept index, span, a key of their sentence and paragraph, and
    the numbers of their first and last words."""

    concept: np.ndarray
    start: np.ndarray
    end: np.ndarray
    sentence: np.ndarray
    paragraph: np.ndarray
    word: np.ndarray
    last: np.ndarray


# --- the table -------------------------------------------------------------------------------


def _ids(cell: str, known: Mapping[str, int], file: str, row: int, field: str, problems: list[Problem]) -> tuple:
    names = [c.strip() for c in cell.split("|") if c.strip()] if cell else []
    for name in names:
        if name not in known:
            problems.append(Problem(file, f"unknown concept {name!r}", row, field))
    return tuple(known[n] for n in names if n in known)


def _window(rec: dict, has_b: bool, file: str, row: int, problems: list[Problem]) -> int:
    cell = rec["window"].strip()
    if not has_b:
        if cell:
            problems.append(Problem(file, "a window needs concept_b", row, "window"))
        return 0
    if not cell.isdigit() or int(cell) < 1:
        problems.append(Problem(file, f"window must be a whole number of words >= 1, not {cell!r}", row, "window"))
        return 0
    return int(cell)


def rules_from_table(
    records: Sequence[tuple[int, dict]], themes: Sequence[str], concepts: Sequence[str], file: str
) -> tuple[list[Rule], list[Problem]]:
    """The rules of the table's records (``(row, {column: text})``), and every problem as file:row:field."""
    theme_of = {t: i for i, t in enumerate(themes)}
    concept_of = {c: i for i, c in enumerate(dict.fromkeys(concepts))}
    problems: list[Problem] = []
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for row, rec in records:
        rid = rec["rule_id"]
        if not _ID_RE.fullmatch(rid):
            problems.append(Problem(file, f"rule_id {rid!r} is not a lower-case identifier", row, "rule_id"))
        elif rid in seen:
            problems.append(Problem(file, f"duplicate rule_id {rid!r} (first at row {seen[rid]})", row, "rule_id"))
        seen.setdefault(rid, row)
        if rec["theme_id"] not in theme_of:
            problems.append(Problem(file, f"unknown theme_id {rec['theme_id']!r}", row, "theme_id"))
        if not rec["concept_a"]:
            problems.append(Problem(file, "empty concept_a", row, "concept_a"))
        a = _ids(rec["concept_a"], concept_of, file, row, "concept_a", problems)
        b = _ids(rec["concept_b"], concept_of, file, row, "concept_b", problems)
        if len(a) > 1 or len(b) > 1:
            problems.append(Problem(file, "one concept per cell", row, "concept_a" if len(a) > 1 else "concept_b"))
        window = _window(rec, bool(rec["concept_b"]), file, row, problems)
        scope = rec["guard_scope"] or "paragraph"
        if scope not in SCOPES:
            problems.append(Problem(file, f"guard_scope must be one of {', '.join(SCOPES)}", row, "guard_scope"))
        guard = _ids(rec["guard"], concept_of, file, row, "guard", problems)
        unless = _ids(rec["unless"], concept_of, file, row, "unless", problems)
        if a and rec["theme_id"] in theme_of:
            b_idx = b[0] if b else NO_CONCEPT
            rules.append(Rule(theme_of[rec["theme_id"]], rid, a[0], b_idx, window, guard, scope, unless))
    return rules, problems


# --- applying the rules -------------------------------------------------------------------------


def _near(hits: ConceptHits, a, b, window: int):
    """For each hit ``a``: the nearest hit ``b`` before it and after it in its sentence, within the
    window (index into the hits, -1 when none)."""
    import numpy as np

    if not len(b) or not len(a):
        return np.full(len(a), -1), np.full(len(a), -1)
    b_first, b_last = hits.word[b], hits.last[b]
    # one concept's hits do not overlap: ordered by first word, they are ordered by last word too
    before = np.searchsorted(b_last, hits.word[a], side="left") - 1
    after = np.searchsorted(b_first, hits.last[a], side="right")
    out = []
    for i, distance in (
        (before, hits.word[a] - b_last[np.clip(before, 0, len(b) - 1)]),
        (after, b_first[np.clip(after, 0, len(b) - 1)] - hits.last[a]),
    ):
        ok = (i >= 0) & (i < len(b))
        i = np.clip(i, 0, len(b) - 1)
        ok &= (hits.sentence[b[i]] == hits.sentence[a]) & (distance <= window)
        out.append(np.where(ok, b[i], -1))
    return out[0], out[1]


def _present(hits: ConceptHits, concepts: tuple[int, ...], scope: str) -> np.ndarray:
    """The sentence or paragraph keys where one of ``concepts`` occurs."""
    import numpy as np

    where = np.isin(hits.concept, concepts)
    return np.unique((hits.sentence if scope == "sentence" else hits.paragraph)[where])


def apply_rules(rules: Sequence[Rule], hits: ConceptHits):
    """``(theme, start, end, first word, last word)`` arrays of the rules' hits.

    The hits of one concept must be ordered by start and must not overlap (as the scanner gives them).
    """
    import numpy as np

    out: list[tuple] = []
    for rule in rules:
        a = np.flatnonzero(hits.concept == rule.a)
        if rule.guard and len(a):
            keys = hits.sentence if rule.guard_scope == "sentence" else hits.paragraph
            a = a[np.isin(keys[a], _present(hits, rule.guard, rule.guard_scope))]
        if rule.unless and len(a):
            a = a[~np.isin(hits.sentence[a], _present(hits, rule.unless, "sentence"))]
        first, last = a, a
        if rule.b != NO_CONCEPT:
            before, after = _near(hits, a, np.flatnonzero(hits.concept == rule.b), rule.window)
            fired = (before >= 0) | (after >= 0)
            first, last = np.where(before >= 0, before, a)[fired], np.where(after >= 0, after, a)[fired]
        theme = np.full(len(first), rule.theme, dtype=np.int64)
        out.append((theme, hits.start[first], hits.end[last], hits.word[first], hits.last[last]))
    if not out:
        return (np.zeros(0, dtype=np.int64),) * 5
    return tuple(np.concatenate(col) for col in zip(*out))


def merge_spans(group, start, end, words=None):
    """Spans of one group that overlap, or touch (``words``: the first and last word number and the
    sentence of each span; touching spans are next to each other in one sentence), joined into one:
    ``(group, start, end)`` sorted by group and start."""
    import numpy as np

    order = np.lexsort((-end, start, group))
    group, start, end = group[order], start[order], end[order]
    if not len(group):
        return group, start, end
    # a new span begins where the group changes or the start passes every earlier end of the group
    first = np.r_[True, group[1:] != group[:-1]]
    new = first | np.r_[False, start[1:] >= _group_cummax(end, first)[:-1]]
    if words is not None:
        word, last, sentence = (w[order] for w in words)
        touching = (word[1:] <= _group_cummax(last, first)[:-1] + 1) & (sentence[1:] == sentence[:-1])
        new &= first | ~np.r_[False, touching]
    ids = np.cumsum(new) - 1
    out_end = np.zeros(ids[-1] + 1, dtype=np.int64)
    np.maximum.at(out_end, ids, end)
    return group[new], start[new], out_end


def _group_cummax(values, first):
    """Running maximum of ``values`` restarting where ``first`` is True."""
    import numpy as np

    ids = np.cumsum(first) - 1
    shift = ids * (int(values.max()) + 1 if len(values) else 1)
    return np.maximum.accumulate(values + shift) - shift
