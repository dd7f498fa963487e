"""The theme codebook compiled from its tables: themes, concepts and rules, affixes, masked names, variants.

The tables are read by :mod:`analysis.data` (``data/codebook/*.csv``); this module only turns
their rows into a :class:`Codebook` (one :class:`analysis.scanner.Scanner` for every theme term,
exclusion, masked name and concept, the concept rules of :mod:`analysis.concepts`, the
:class:`analysis.patterns.Morphology` of the affix table) and lists what does not compile as
``file:row:field`` problems. Rows count like a spreadsheet: the header is row 1, the first data
record row 2. Concepts, rules and affixes are optional: without them the codebook codes by its
themes' terms alone, and words match exactly.

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

import hashlib
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from analysis import patterns
from analysis.concepts import Rule, rules_from_table
from analysis.errors import Problem
from analysis.scanner import Scanner

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Theme",
    "MaskedName",
    "Concept",
    "Codebook",
    "build_codebook",
    "split_cell",
    "mask_spans",
    "THEME",
    "EXCLUSION",
    "MASK",
    "CONCEPT",
]

_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
#: Kinds of the scanner's rules: theme terms, theme exclusions, masked names, concepts.
THEME, EXCLUSION, MASK, CONCEPT = 0, 1, 2, 3
_AFFIX_KINDS = ("ending", "pronoun", "verb_prefix")
# Compiling the scanner costs most of a package load (about 0.8 s); the same tables compile to the same codebook,
# so a process keeps the last few sound ones, keyed by the tables' content (a codebook is immutable).
_BUILT: OrderedDict[bytes, Codebook] = OrderedDict()
_BUILT_MAX = 4


@dataclass(frozen=True)
class Theme:
    theme_id: str
    label_en: str
    label_ar: str
    definition_en: str
    definition_ar: str
    #: terms: expressions that code the theme by themselves
    patterns: tuple[str, ...]
    exclusions: tuple[str, ...]
    #: the concept rules of the theme, in words (:meth:`analysis.concepts.Rule.describe`)
    rules: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_en


@dataclass(frozen=True)
class MaskedName:
    name_id: str
    patterns: tuple[str, ...]
    label_en: str
    note: str


@dataclass(frozen=True)
class Concept:
    concept_id: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    """Themes in file order, masked names, name variants, concepts and rules, and the compiled scanner."""

    themes: tuple[Theme, ...]
    masked: tuple[MaskedName, ...]
    variants: Mapping[str, str]
    mask_regex: re.Pattern[str] | None = field(repr=False, compare=False)
    #: One-pass matcher of every rule; ``rule_kinds[i]`` is ``(kind, theme or concept index)`` of rule ``i``.
    scanner: Scanner = field(repr=False, compare=False)
    rule_kinds: tuple[tuple[int, int], ...] = field(repr=False, compare=False)
    concepts: tuple[Concept, ...] = ()
    rules: tuple[Rule, ...] = ()
    morphology: patterns.Morphology | None = None

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


def _records(df: pd.DataFrame | None) -> list[tuple[int, dict]]:
    """``(spreadsheet row, record)`` with every cell as text, missing cells as ''."""
    if df is None:
        return []
    import pandas as pd

    return [
        (n, {k: (v if isinstance(v, str) else "" if pd.isna(v) else str(v)) for k, v in rec.items()})
        for n, rec in enumerate(df.to_dict("records"), start=2)
    ]


def _compiles(
    exprs: Sequence[str], book: tuple[Mapping[str, str], patterns.Morphology | None], where: tuple, problems: list
) -> bool:
    """Whether ``exprs`` are in the pattern language, each and together; ``where`` is (file, row, field)."""
    file, row, fieldname = where
    ok = True
    for e in exprs:
        try:
            patterns.check(e, *book)
        except patterns.PatternError as exc:
            shown = e if len(e) <= 80 else e[:60] + f"... ({len(e)} characters)"  # the reason must fit the line
            problems.append(Problem(file, f"pattern {shown!r}: {exc}", row, fieldname))
            ok = False
    if ok:
        try:
            patterns.check(exprs, *book)
        except patterns.PatternError as exc:
            problems.append(Problem(file, str(exc), row, fieldname))
            ok = False
    return ok


def _themes(df: pd.DataFrame, book: tuple, file: str, problems: list[Problem]) -> tuple[list[Theme], dict]:
    """The themes, and the row of each theme id."""
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
        ok = not exprs or _compiles(exprs, book, (file, n, "patterns"), problems)
        ok &= not exclusions or _compiles(exclusions, book, (file, n, "exclusions"), problems)
        if ok:
            labels = (rec["label_en"], rec["label_ar"], rec["definition_en"], rec["definition_ar"])
            out.append(Theme(tid, *labels, exprs, exclusions))
    return out, seen


def _morphology(df: pd.DataFrame | None, file: str, problems: list[Problem]) -> patterns.Morphology | None:
    """The affix table as a Morphology (None without a table: words then match exactly)."""
    if df is None:
        return None
    from analysis.arabic import WORD_RE, normalize

    parts: dict[str, list] = {kind: [] for kind in _AFFIX_KINDS}
    for n, rec in _records(df):
        affix, before = normalize(rec["affix"]).strip(), normalize(rec["before_pronoun"]).strip()
        if rec["kind"] not in _AFFIX_KINDS:
            problems.append(Problem(file, f"kind must be one of {', '.join(_AFFIX_KINDS)}", n, "kind"))
        for name, value in (("affix", affix), ("before_pronoun", before)):
            if (value or name == "affix") and not WORD_RE.fullmatch(value):
                problems.append(Problem(file, f"{name} {value!r} is not letters", n, name))
        feminine = rec.get("after_feminine", "").strip().lower()
        if feminine not in ("true", "false", "") or (feminine and rec["kind"] != "ending"):
            problems.append(Problem(file, "after_feminine is true or false, for an ending only", n, "after_feminine"))
        if rec["kind"] == "ending":
            parts["ending"].append((affix, before, feminine == "true"))
        elif rec["kind"] in parts:
            parts[rec["kind"]].append(affix)
    return patterns.Morphology(tuple(parts["ending"]), tuple(parts["pronoun"]), tuple(parts["verb_prefix"]))


def _concepts(df: pd.DataFrame | None, book: tuple, file: str, problems: list[Problem]) -> list[Concept]:
    words: dict[str, list[str]] = {}
    for n, rec in _records(df):
        cid = rec["concept_id"]
        if not _ID_RE.fullmatch(cid):
            problems.append(Problem(file, f"concept_id {cid!r} is not a lower-case identifier", n, "concept_id"))
        elif not rec["word"].strip():
            problems.append(Problem(file, "empty word", n, "word"))
        elif rec["word"].strip().startswith("re:") or patterns.RAW_TAIL in rec["word"]:
            problems.append(Problem(file, "a concept word is words, not a raw re: expression or tail", n, "word"))
        elif _compiles([rec["word"]], book, (file, n, "word"), problems):
            words.setdefault(cid, []).append(rec["word"].strip())
    return [Concept(cid, tuple(ws)) for cid, ws in words.items()]


def build_codebook(
    themes: pd.DataFrame,
    masked: pd.DataFrame,
    variants: pd.DataFrame,
    *,
    concepts: pd.DataFrame | None = None,
    rules: pd.DataFrame | None = None,
    affixes: pd.DataFrame | None = None,
    files: Mapping[str, str] | None = None,
) -> tuple[Codebook | None, list[Problem]]:
    """The compiled codebook of the tables, and every problem found (then the codebook is None).

    ``files`` names the file of each table for messages (keys ``themes``, ``masked_names``,
    ``name_variants``, ``concepts``, ``rules``, ``affixes``).
    """
    names = ("themes", "masked_names", "name_variants", "concepts", "rules", "affixes")
    files = {**{k: f"{k}.csv" for k in names}, **(files or {})}
    tables = (themes, masked, variants, concepts, rules, affixes)
    key = _content_key(tables)
    if key in _BUILT:
        _BUILT.move_to_end(key)
        return _BUILT[key], []
    book, problems = _build(*tables, files)
    if book is not None:  # tables with problems are checked again each time, for their messages
        _BUILT[key] = book
        while len(_BUILT) > _BUILT_MAX:
            _BUILT.popitem(last=False)
    return book, problems


def _content_key(tables: Sequence[pd.DataFrame | None]) -> bytes:
    """A digest of every table's columns, types and cells (a missing cell apart from an empty one)."""
    import pandas as pd

    h = hashlib.sha256()
    for df in tables:
        if df is None:
            h.update(b"\x00none")
            continue
        h.update(repr((list(map(str, df.columns)), list(map(str, df.dtypes)), df.shape)).encode())
        h.update(pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes())
        h.update(df.isna().to_numpy().tobytes())
    return h.digest()


def _build(
    themes: pd.DataFrame,
    masked: pd.DataFrame,
    variants: pd.DataFrame,
    concepts: pd.DataFrame | None,
    rules: pd.DataFrame | None,
    affixes: pd.DataFrame | None,
    files: Mapping[str, str],
) -> tuple[Codebook | None, list[Problem]]:
    problems: list[Problem] = []
    pairs = []
    for n, rec in _records(variants):
        for col in ("canonical", "variant"):
            if not rec[col]:
                problems.append(Problem(files["name_variants"], "empty cell", n, col))
        pairs.append((rec["canonical"], rec["variant"]))
    book = (patterns.variant_map(pairs), _morphology(affixes, files["affixes"], problems))
    theme_list, theme_rows = _themes(themes, book, files["themes"], problems)
    masks: list[MaskedName] = []
    for n, rec in _records(masked):
        exprs = split_cell(rec["pattern"])
        if not rec["name_id"]:
            problems.append(Problem(files["masked_names"], "empty name_id", n, "name_id"))
        if not exprs:
            problems.append(Problem(files["masked_names"], "empty pattern", n, "pattern"))
        elif _compiles(exprs, (book[0], None), (files["masked_names"], n, "pattern"), problems):
            masks.append(MaskedName(rec["name_id"], exprs, rec["label_en"], rec["note"]))
    concept_list = _concepts(concepts, book, files["concepts"], problems)
    concept_ids = [c.concept_id for c in concept_list]
    theme_ids = [t.theme_id for t in theme_list]
    # every theme the table declares, compiled or not, so a bad theme does not make its rules problems too
    rule_list, rule_problems = rules_from_table(_records(rules), list(theme_rows), concept_ids, files["rules"])
    problems += rule_problems
    ruled = {r.theme for r in rule_list}
    for i, t in enumerate(theme_list):
        if not t.patterns and i not in ruled and t.theme_id in theme_rows:  # a bad id is reported already
            row = theme_rows.get(t.theme_id)
            problems.append(Problem(files["themes"], "empty patterns and no rule", row, "patterns"))
    if problems:
        return None, problems
    described = {t: tuple(r.describe(concept_ids) for r in rule_list if r.theme == i) for i, t in enumerate(theme_ids)}
    theme_list = [replace(t, rules=described[t.theme_id]) for t in theme_list]
    return _compile(theme_list, masks, concept_list, rule_list, book), []


def _compile(
    themes: list[Theme], masks: list[MaskedName], concepts: list[Concept], rules: list[Rule], book: tuple
) -> Codebook:
    variants, morphology = book
    mask_exprs = [e for m in masks for e in m.patterns]
    # Longest expressions first inside the compiled alternation, so the whole of a long name is masked.
    # names are matched word for word (clitics allowed, no endings)
    mask_regex = patterns.compile_pattern(mask_exprs, variants) if mask_exprs else None
    groups: list[tuple[str, ...]] = []
    kinds: list[tuple[int, int]] = []

    def add(exprs: Sequence[str], kind: tuple[int, int]) -> None:
        # raw expressions are scanned apart (at every position), so the others keep the one-pass scan; and
        # words ending in a raw regex apart from the rest, whose longer expressions are then tried only
        # where their second word follows
        raw = [e for e in exprs if e.startswith("re:")]
        tailed = [e for e in exprs if patterns.RAW_TAIL in e and e not in raw]
        for part in ([e for e in exprs if e not in raw and e not in tailed], tailed, raw):
            if part:
                groups.append(tuple(part))
                kinds.append(kind)

    for i, t in enumerate(themes):
        add(t.patterns, (THEME, i))
        add(t.exclusions, (EXCLUSION, i))
    add(mask_exprs, (MASK, -1))
    exact = frozenset(i for i, kind in enumerate(kinds) if kind[0] == MASK)
    for i, c in enumerate(concepts):
        add(c.words, (CONCEPT, i))
    scanner = Scanner(groups, variants, morphology, exact)
    return Codebook(
        tuple(themes),
        tuple(masks),
        variants,
        mask_regex,
        scanner,
        tuple(kinds),
        tuple(concepts),
        tuple(rules),
        morphology,
    )


def mask_spans(norm: str, codebook: Codebook) -> list[tuple[int, int]]:
    """Spans of masked names in a normalised text (leftmost, longest name first)."""
    if codebook.mask_regex is None:
        return []
    return [m.span() for m in codebook.mask_regex.finditer(norm) if m.end() > m.start()]
