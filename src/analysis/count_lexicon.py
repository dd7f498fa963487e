"""The word lists of the count reader (``data/lexicon/``): counted nouns, qualifiers and number words, checked
and normalised once.

Usage::

    >>> import pandas as pd
    >>> nouns = pd.DataFrame({"role": ["head"], "words": ["وزيراً"], "unit": ["person"], "category": ["ministers"],
    ...                       "grammatical_number": ["singular"]})
    >>> qualifiers = pd.DataFrame({"role": ["before"], "phrase": ["أكثر من"], "qualifier": ["more_than"]})
    >>> number_words = pd.DataFrame({"word": ["ثلاثة"], "value": [3], "kind": ["unit"]})
    >>> lexicon = CountLexicon.from_tables(nouns, qualifiers, number_words)
    >>> lexicon.heads["وزيرا"], lexicon.roles["before"][0].words
    (Head(unit='person', category='ministers', grammatical_number='singular'), ('اكثر', 'من'))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from analysis.arabic import normalize

__all__ = ["KINDS", "QUALIFIERS", "ROLES", "UNITS", "CountLexicon", "Head", "Phrase"]

UNITS = ("person", "organization", "country", "delegation")
QUALIFIERS = ("exact", "more_than", "approximately", "unspecified")
KINDS = ("unit", "teen_unit", "ten", "hundred", "round", "multiplier", "vague")
ROLES = ("before", "after", "link", "number_of", "exclude", "exclude_before", "exclude_after", "withdrawn", "restated")
_NUMS = ("", "singular", "dual", "plural")
# Allowed values of each lexicon column (None: any text).
_SCHEMAS = {
    "nouns": dict(role=("head", "modifier"), words=None, unit=("", *UNITS), category=None, grammatical_number=_NUMS),
    "qualifiers": dict(role=ROLES, phrase=None, qualifier=("", *QUALIFIERS)),
    "number_words": dict(word=None, value=None, kind=KINDS),
}


class Head(NamedTuple):
    unit: str
    category: str
    grammatical_number: str


class Phrase(NamedTuple):
    words: tuple[str, ...]
    unit: str = ""
    category: str = ""
    qualifier: str = ""


@dataclass(frozen=True)
class CountLexicon:
    """The word lists, normalised: counted nouns (``heads``: form -> unit, category, grammatical number),
    noun-phrase ``modifiers``, qualifier-table phrases by role (longest first), number words (word -> {kind: value})."""

    heads: dict[str, Head]
    modifiers: tuple[Phrase, ...]
    roles: dict[str, tuple[Phrase, ...]]
    numbers: dict[str, dict[str, int]]

    @classmethod
    def from_tables(cls, nouns: pd.DataFrame, qualifiers: pd.DataFrame, number_words: pd.DataFrame) -> CountLexicon:
        """The lexicon from the three tables (columns in ``data/lexicon/README.md``); ValueError for a bad table."""
        heads, modifiers, roles, numbers = {}, [], {role: [] for role in ROLES}, {}
        for r in _rows(nouns, "nouns"):
            if r["role"] == "modifier":
                modifiers.append(Phrase(_words(r["words"]), r["unit"], r["category"]))
            elif "" in (r["unit"], r["category"], r["grammatical_number"]):
                raise ValueError(f"nouns: head {r['words']!r} needs a unit, a category and a grammatical number")
            else:
                heads[_words(r["words"], True)[0]] = Head(r["unit"], r["category"], r["grammatical_number"])
        for r in _rows(qualifiers, "qualifiers"):
            if (r["role"] in ("before", "after")) != bool(r["qualifier"]):
                raise ValueError(f"qualifiers: {r['phrase']!r}: only before and after phrases have a qualifier")
            roles[r["role"]].append(Phrase(_words(r["phrase"]), qualifier=r["qualifier"]))
        for r in _rows(number_words, "number_words"):
            numbers.setdefault(_words(r["word"], True)[0], {})[r["kind"]] = int(float(r["value"]))
        # Longest phrases first, so «ما يزيد على» wins over «يزيد على».
        roles = {role: tuple(sorted(ps, key=lambda p: (-len(p.words), p))) for role, ps in roles.items()}
        return cls(dict(sorted(heads.items())), tuple(sorted(modifiers)), roles, numbers)


def _rows(table: pd.DataFrame, name: str) -> list[dict[str, str]]:
    """The rows of a lexicon table as stripped strings ('' for an empty cell), checked against its schema."""
    schema = _SCHEMAS[name]
    if missing := [c for c in schema if c not in table.columns]:
        raise ValueError(f"{name}: missing column(s) {missing}")
    part = table[list(schema)].astype(object)
    rows = [{k: str(v).strip() for k, v in rec.items()} for rec in part.where(part.notna(), "").to_dict("records")]
    for row in rows:
        for column, allowed in schema.items():
            if allowed is not None and row[column] not in allowed:
                raise ValueError(f"{name}: {column} {row[column]!r} is not one of {list(allowed)}")
    return rows


def _words(text: str, single: bool = False) -> tuple[str, ...]:
    words = tuple(normalize(text).split())
    if not words or (single and len(words) != 1):
        raise ValueError(f"{text!r}: a lexicon row needs words, and a head or a number word is one word")
    return words
