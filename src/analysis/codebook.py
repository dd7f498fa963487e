"""The theme codebook compiled from its tables: themes, masked names, name variants, and masking.

The tables are read by :mod:`analysis.data` (``data/codebook/*.csv``); this module only turns
their rows into a :class:`Codebook` (one :class:`analysis.patterns.Scanner` for every theme,
exclusion and masked name) and lists what does not compile as ``file:row:field`` problems.
Rows count like a spreadsheet: the header is row 1, the first data record row 2.

Usage::

    >>> import pandas as pd
    >>> themes = pd.DataFrame({"theme_id": ["coop"], "label_en": ["Cooperation"], "label_ar": ["التعاون"],
    ...                        "definition_en": [""], "definition_ar": [""], "patterns": ["تعاون دولي"],
    ...                        "exclusions": [None]})
    >>> empty = pd.DataFrame(columns=["name_id", "pattern", "label_en", "note"])
    >>> variants = pd.DataFrame(columns=["canonical", "variant"])
    >>> book, problems = build_codebook(themes, empty, variants)
    >>> book.theme_ids, problems
    (['coop'], [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis import patterns
from analysis.errors import Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Theme",
    "MaskedName",
    "Codebook",
    "build_codebook",
    "split_cell",
    "mask_spans",
    "THEME",
    "EXCLUSION",
    "MASK",
]

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
#: Kinds of the scanner's rules: theme patterns, theme exclusions, masked names.
THEME, EXCLUSION, MASK = 0, 1, 2


@dataclass(frozen=True)
class Theme:
    theme_id: str
    label_en: str
    label_ar: str
    definition_en: str
    definition_ar: str
    patterns: tuple[str, ...]
    exclusions: tuple[str, ...]

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en


@dataclass(frozen=True)
class MaskedName:
    name_id: str
    patterns: tuple[str, ...]
    label_en: str
    note: str


@dataclass(frozen=True)
class Codebook:
    """Themes in file order, masked names, name variants, and the compiled rules."""

    themes: tuple[Theme, ...]
    masked: tuple[MaskedName, ...]
    variants: Mapping[str, str]
    mask_regex: re.Pattern[str] | None = field(repr=False, compare=False)
    #: One-pass matcher of every rule; ``rule_kinds[i]`` is ``(kind, theme index)`` of rule ``i``.
    scanner: patterns.Scanner = field(repr=False, compare=False)
    rule_kinds: tuple[tuple[int, int], ...] = field(repr=False, compare=False)

    @property
    def theme_ids(self) -> list[str]:
        return [t.theme_id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.theme_id == theme_id:
                return t
        raise KeyError(theme_id)


def split_cell(cell: object) -> tuple[str, ...]:
    """The `` | ``-separated expressions of a cell (empty or missing: none)."""
    if not isinstance(cell, str) or not cell.strip():
        return ()
    return tuple(p.strip() for p in cell.split(" | ") if p.strip())


def _records(df: pd.DataFrame) -> list[tuple[int, dict]]:
    """``(spreadsheet row, record)`` with missing cells as ''."""
    return [
        (n, {k: (v if isinstance(v, str) else "") for k, v in rec.items()})
        for n, rec in enumerate(df.to_dict("records"), start=2)
    ]


def _compiles(
    exprs: Sequence[str], variants: Mapping[str, str], file: str, row: int, fieldname: str, problems: list[Problem]
) -> bool:
    ok = True
    for e in exprs:
        try:
            patterns.pattern_regex(e, variants)
        except patterns.PatternError as exc:
            problems.append(Problem(file, f"pattern {e!r}: {exc}", row, fieldname))
            ok = False
    if ok:
        try:
            patterns.compile_pattern(exprs, variants)
        except patterns.PatternError as exc:
            problems.append(Problem(file, str(exc), row, fieldname))
            ok = False
    return ok


def _themes(df: pd.DataFrame, variants: Mapping[str, str], file: str, problems: list[Problem]) -> list[Theme]:
    out: list[Theme] = []
    seen: dict[str, int] = {}
    for n, rec in _records(df):
        tid = rec["theme_id"]
        if not _ID_RE.fullmatch(tid):
            problems.append(Problem(file, f"theme_id {tid!r} is not a lower-case identifier", n, "theme_id"))
        elif tid in seen:
            problems.append(Problem(file, f"duplicate theme_id {tid!r} (first at row {seen[tid]})", n, "theme_id"))
        else:
            seen[tid] = n
        exprs, exclusions = split_cell(rec["patterns"]), split_cell(rec["exclusions"])
        if not exprs:
            problems.append(Problem(file, "empty patterns", n, "patterns"))
            continue
        ok = _compiles(exprs, variants, file, n, "patterns", problems)
        ok &= not exclusions or _compiles(exclusions, variants, file, n, "exclusions", problems)
        if ok:
            out.append(
                Theme(
                    tid, rec["label_en"], rec["label_ar"], rec["definition_en"], rec["definition_ar"], exprs, exclusions
                )
            )
    return out


def build_codebook(
    themes: pd.DataFrame, masked: pd.DataFrame, variants: pd.DataFrame, *, files: Mapping[str, str] | None = None
) -> tuple[Codebook | None, list[Problem]]:
    """The compiled codebook of the three tables, and every problem found (then the codebook is None).

    ``files`` names the file of each table for messages (keys ``themes``, ``masked_names``,
    ``name_variants``).
    """
    files = {
        "themes": "themes.csv",
        "masked_names": "masked_names.csv",
        "name_variants": "name_variants.csv",
        **(files or {}),
    }
    problems: list[Problem] = []
    pairs = []
    for n, rec in _records(variants):
        for col in ("canonical", "variant"):
            if not rec[col]:
                problems.append(Problem(files["name_variants"], "empty cell", n, col))
        pairs.append((rec["canonical"], rec["variant"]))
    variant_map = patterns.variant_map(pairs)
    theme_list = _themes(themes, variant_map, files["themes"], problems)
    masks: list[MaskedName] = []
    for n, rec in _records(masked):
        exprs = split_cell(rec["pattern"])
        if not rec["name_id"]:
            problems.append(Problem(files["masked_names"], "empty name_id", n, "name_id"))
        if not exprs:
            problems.append(Problem(files["masked_names"], "empty pattern", n, "pattern"))
        elif _compiles(exprs, variant_map, files["masked_names"], n, "pattern", problems):
            masks.append(MaskedName(rec["name_id"], exprs, rec["label_en"], rec["note"]))
    if problems:
        return None, problems
    return _compile(theme_list, masks, variant_map), []


def _compile(themes: list[Theme], masks: list[MaskedName], variants: dict[str, str]) -> Codebook:
    mask_exprs = [e for m in masks for e in m.patterns]
    # Longest expressions first inside the compiled alternation, so the whole of a long name is masked.
    mask_regex = patterns.compile_pattern(mask_exprs, variants) if mask_exprs else None
    rules: list[tuple[str, ...]] = []
    kinds: list[tuple[int, int]] = []
    for i, t in enumerate(themes):
        rules.append(t.patterns)
        kinds.append((THEME, i))
        if t.exclusions:
            rules.append(t.exclusions)
            kinds.append((EXCLUSION, i))
    if mask_exprs:
        rules.append(tuple(mask_exprs))
        kinds.append((MASK, -1))
    return Codebook(tuple(themes), tuple(masks), variants, mask_regex, patterns.Scanner(rules, variants), tuple(kinds))


def mask_spans(norm: str, codebook: Codebook) -> list[tuple[int, int]]:
    """Spans of masked names in a normalised text (leftmost, longest name first)."""
    if codebook.mask_regex is None:
        return []
    return [m.span() for m in codebook.mask_regex.finditer(norm) if m.end() > m.start()]
