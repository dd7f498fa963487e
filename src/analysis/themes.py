"""Dictionary coding of themes: codebook, coder, paragraph x theme matrix, KWIC, agreement.

The codebook is data (``data/codebook/``: ``themes.csv``, ``masked_names.csv``,
``name_variants.csv``; the pattern language is described in :mod:`analysis.arabic` and in
``data/codebook/README.md``). The coder matches each theme's expressions on the normalised
text of every paragraph and reports the ORIGINAL spans.

Conventions:

* **Rows in error messages** count like a spreadsheet: the header is row 1, the first data
  record is row 2 (a record whose quoted cell spans several lines still counts as one row).
* **Offsets** ``char_start``/``char_end`` of a hit are 0-based indices INTO THE PARAGRAPH
  TEXT given to :func:`code_corpus` (``text[char_start:char_end] == match``), not into the
  source file; add the paragraph's own ``char_start`` from :mod:`analysis.text` to get file
  offsets.
* **Sentences** are numbered from 1 inside the paragraph; a sentence ends at ``. ! ? ؟ ؛ …``
  followed by a space or the end of the paragraph (see :func:`analysis.arabic.sentence_ends`).
* **Exclusions**: a hit is dropped when an exclusion expression of its theme matches a span
  overlapping it. **Masks**: a hit is dropped when it overlaps a masked name.

Usage::

    >>> import pandas as pd
    >>> from analysis.themes import load_codebook, code_corpus
    >>> book = load_codebook()
    >>> corpus = pd.DataFrame({"source_id": ["x"], "paragraph": [1],
    ...                        "text": ["نؤكد أهمية التعاون الدولي لمنع تهريب الأسلحة."]})
    >>> code_corpus(corpus, book)[["theme_id", "match", "char_start", "char_end"]].values.tolist()
    [['intl_cooperation', 'التعاون الدولي', 11, 25], ['trafficking_organized_crime', 'تهريب', 31, 36]]
"""

from __future__ import annotations

import csv
import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import arabic
from analysis.errors import DataError, Problem, display_path
from analysis.paths import DATA_DIR

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Theme", "MaskedName", "Codebook", "HIT_COLUMNS", "load_codebook", "code_corpus",
    "empty_hits", "mask_spans", "paragraph_theme_matrix", "kwic", "cooccurrence", "agreement",
    "disagreements", "load_hand_coding", "hand_coding_matrix",
]

CODEBOOK_DIR = DATA_DIR / "codebook"
HAND_CODING = DATA_DIR / "annotations" / "paragraph_themes.csv"
THEME_COLUMNS = ("theme_id", "label_en", "label_ar", "definition_en", "definition_ar",
                 "patterns", "exclusions")
MASK_COLUMNS = ("name_id", "pattern", "label_en", "note")
VARIANT_COLUMNS = ("canonical", "variant", "language", "note")
HAND_COLUMNS = ("source_id", "paragraph", "themes", "rationale_en")
HIT_COLUMNS = ("source_id", "paragraph", "sentence", "theme_id", "match", "char_start",
               "char_end")
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_THEME, _EXCLUSION, _MASK = 0, 1, 2


@dataclass(frozen=True)
class Theme:
    theme_id: str
    label_en: str
    label_ar: str
    definition_en: str
    definition_ar: str
    patterns: tuple[str, ...]
    exclusions: tuple[str, ...]
    regex: re.Pattern[str] = field(repr=False, compare=False)
    exclusion_regex: re.Pattern[str] | None = field(repr=False, compare=False)


@dataclass(frozen=True)
class MaskedName:
    name_id: str
    patterns: tuple[str, ...]
    label_en: str
    note: str


@dataclass(frozen=True)
class Codebook:
    """Themes in file order, masked names, name variants, and the compiled mask regex."""

    themes: tuple[Theme, ...]
    masked: tuple[MaskedName, ...]
    variants: Mapping[str, str]
    mask_regex: re.Pattern[str] | None = field(repr=False, compare=False)
    #: One-pass matcher of every rule; ``rule_kinds[i]`` is ``(kind, theme index)`` of rule
    #: ``i`` with kind 0 = theme patterns, 1 = theme exclusions, 2 = masked names.
    scanner: arabic.Scanner = field(repr=False, compare=False)
    rule_kinds: tuple[tuple[int, int], ...] = field(repr=False, compare=False)

    @property
    def theme_ids(self) -> list[str]:
        return [t.theme_id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.theme_id == theme_id:
                return t
        raise KeyError(theme_id)


# --- loading -----------------------------------------------------------------------------

def _read_csv(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """``[(row number, record)]`` with the header as row 1; DataError on missing file/columns."""
    if not path.is_file():
        raise DataError(path, "file not found")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise DataError.from_problems(
                [Problem(display_path(path), "missing column", 1, c) for c in missing])
        return [(n, {k: (v or "").strip() for k, v in rec.items() if k is not None})
                for n, rec in enumerate(reader, start=2)]


def _split_cell(cell: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in cell.split(" | ") if p.strip()) if cell.strip() else ()


def _compile(exprs: Sequence[str], variants: Mapping[str, str], where: Problem,
             problems: list[Problem]) -> re.Pattern[str] | None:
    for e in exprs:
        try:
            arabic.pattern_regex(e, variants)
        except arabic.PatternError as exc:
            problems.append(Problem(where.file, f"pattern {e!r}: {exc}", where.row, where.field))
    if any(p.row == where.row and p.field == where.field and p.file == where.file
           for p in problems):
        return None
    try:
        return arabic.compile_pattern(exprs, variants)
    except arabic.PatternError as exc:
        problems.append(Problem(where.file, str(exc), where.row, where.field))
        return None


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and compile the codebook in folder ``path`` (default ``data/codebook``).

    Raises :class:`DataError` listing every problem as ``file:row:field: message``: a missing
    file or column, an empty or malformed ``theme_id``, a duplicate ``theme_id``, an empty
    ``patterns`` cell, an expression that does not compile (themes and masked names).
    """
    folder = Path(path) if path is not None else CODEBOOK_DIR
    problems: list[Problem] = []

    vpath = folder / "name_variants.csv"
    pairs = []
    for n, rec in _read_csv(vpath, VARIANT_COLUMNS):
        for col in ("canonical", "variant"):
            if not rec[col]:
                problems.append(Problem(display_path(vpath), "empty cell", n, col))
        pairs.append((rec["canonical"], rec["variant"]))
    variants = arabic.variant_map(pairs)

    tpath = folder / "themes.csv"
    tfile = display_path(tpath)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for n, rec in _read_csv(tpath, THEME_COLUMNS):
        tid = rec["theme_id"]
        if not _ID_RE.fullmatch(tid):
            problems.append(Problem(tfile, f"theme_id {tid!r} is not a lower-case identifier",
                                    n, "theme_id"))
        elif tid in seen:
            problems.append(Problem(tfile, f"duplicate theme_id {tid!r} (first at row {seen[tid]})",
                                    n, "theme_id"))
        else:
            seen[tid] = n
        patterns = _split_cell(rec["patterns"])
        if not patterns:
            problems.append(Problem(tfile, "empty patterns", n, "patterns"))
            regex = None
        else:
            regex = _compile(patterns, variants, Problem(tfile, "", n, "patterns"), problems)
        exclusions = _split_cell(rec["exclusions"])
        xregex = (_compile(exclusions, variants, Problem(tfile, "", n, "exclusions"), problems)
                  if exclusions else None)
        if regex is not None:
            themes.append(Theme(tid, rec["label_en"], rec["label_ar"], rec["definition_en"],
                                rec["definition_ar"], patterns, exclusions, regex, xregex))

    mpath = folder / "masked_names.csv"
    mfile = display_path(mpath)
    masked: list[MaskedName] = []
    mask_exprs: list[str] = []
    for n, rec in _read_csv(mpath, MASK_COLUMNS):
        exprs = _split_cell(rec["pattern"])
        if not rec["name_id"]:
            problems.append(Problem(mfile, "empty name_id", n, "name_id"))
        if not exprs:
            problems.append(Problem(mfile, "empty pattern", n, "pattern"))
            continue
        if _compile(exprs, variants, Problem(mfile, "", n, "pattern"), problems) is not None:
            masked.append(MaskedName(rec["name_id"], exprs, rec["label_en"], rec["note"]))
            mask_exprs.extend(exprs)

    if problems:
        raise DataError.from_problems(problems)
    # Longest expressions first, so the whole of a long name is masked.
    mask_regex = arabic.compile_pattern(mask_exprs, variants) if mask_exprs else None
    rules: list[tuple[str, ...]] = []
    kinds: list[tuple[int, int]] = []
    for i, t in enumerate(themes):
        rules.append(t.patterns)
        kinds.append((_THEME, i))
        if t.exclusions:
            rules.append(t.exclusions)
            kinds.append((_EXCLUSION, i))
    if mask_exprs:
        rules.append(tuple(mask_exprs))
        kinds.append((_MASK, -1))
    return Codebook(tuple(themes), tuple(masked), dict(variants), mask_regex,
                    arabic.Scanner(rules, variants), tuple(kinds))


# --- coding ------------------------------------------------------------------------------

def mask_spans(norm: str, codebook: Codebook) -> list[tuple[int, int]]:
    """Spans of masked names in a normalised text (leftmost, longest name first)."""
    if codebook.mask_regex is None:
        return []
    return [m.span() for m in codebook.mask_regex.finditer(norm) if m.end() > m.start()]


def empty_hits() -> "pd.DataFrame":
    """The (empty) result of :func:`code_corpus`, with its dtypes: the ``meta`` for dask."""
    return _hits_frame({c: [] for c in HIT_COLUMNS})


def _hits_frame(cols: Mapping) -> "pd.DataFrame":
    import pandas as pd

    ints = {"paragraph", "sentence", "char_start", "char_end"}
    return pd.DataFrame({c: pd.Series(cols[c], dtype="int64" if c in ints else "str")
                         for c in HIT_COLUMNS})


def code_corpus(corpus: "pd.DataFrame", codebook: Codebook) -> "pd.DataFrame":
    """Theme hits of every paragraph of ``corpus`` (columns source_id, paragraph, text).

    Returns one row per hit: source_id, paragraph, sentence, theme_id, match (original text),
    char_start, char_end (into the paragraph text), sorted by source_id, paragraph,
    char_start, char_end, theme_id. Within a theme, hits do not overlap (at a position the
    expression with more words wins).

    A pure function of its input (nothing global is read or changed), so it can run on each
    partition of a ``dask.dataframe`` with ``map_partitions(code_corpus, book,
    meta=empty_hits())``. Cost is linear in the text: the normalised paragraphs are joined
    by line breaks (which no expression crosses) and read ONCE by the codebook's
    :class:`analysis.arabic.Scanner` for all themes, exclusions and masks together; the
    hits are then filtered and mapped back to original offsets with array operations.
    """
    import numpy as np

    texts = [t if isinstance(t, str) else "" for t in corpus["text"].tolist()]
    sids = corpus["source_id"].tolist()
    pnos = corpus["paragraph"].tolist()
    n_par = len(texts)

    aligns = [arabic.Alignment(t) for t in texts]
    norms = [a.norm for a in aligns]
    big = "\n".join(norms)
    norm_len = np.fromiter(map(len, norms), dtype=np.int64, count=n_par)
    orig_len = np.fromiter(map(len, texts), dtype=np.int64, count=n_par)
    norm_base = np.zeros(n_par, dtype=np.int64)   # paragraph starts in ``big``
    orig_base = np.zeros(n_par, dtype=np.int64)   # paragraph starts in the joined originals
    if n_par:
        norm_base[1:] = np.cumsum(norm_len + 1)[:-1]
        orig_base[1:] = np.cumsum(orig_len + 1)[:-1]

    # One pass of the scanner: theme hits, exclusion spans per theme, masked spans.
    n_themes = len(codebook.themes)
    h_s: list[int] = []
    h_e: list[int] = []
    h_t: list[int] = []
    spans: dict[tuple[int, int], tuple[list[int], list[int]]] = {}
    kinds = codebook.rule_kinds
    for rule, s, e in codebook.scanner.scan(big):
        kind, ti = kinds[rule]
        if kind == _THEME:
            h_s.append(s)
            h_e.append(e)
            h_t.append(ti)
        else:
            starts, ends = spans.setdefault((kind, ti), ([], []))
            starts.append(s)
            ends.append(e)
    S = np.asarray(h_s, dtype=np.int64)
    E = np.asarray(h_e, dtype=np.int64)
    TI = np.asarray(h_t, dtype=np.int64)

    def overlapping(key: tuple[int, int], s: np.ndarray, e: np.ndarray) -> np.ndarray:
        starts, ends = spans.get(key, ([], []))
        if not starts:
            return np.zeros(len(s), dtype=bool)
        st = np.asarray(starts, dtype=np.int64)
        en = np.asarray(ends, dtype=np.int64)
        i = np.searchsorted(en, s, side="right")   # first span ending after s
        inside = i < len(st)
        out = np.zeros(len(s), dtype=bool)
        out[inside] = st[i[inside]] < e[inside]
        return out

    drop = overlapping((_MASK, -1), S, E)
    for ti in range(n_themes):
        sel = TI == ti
        if sel.any() and (_EXCLUSION, ti) in spans:
            drop[sel] |= overlapping((_EXCLUSION, ti), S[sel], E[sel])
    K = np.searchsorted(norm_base, S, side="right") - 1
    keep = ~drop & (E <= norm_base[K] + norm_len[K])   # a re: match may cross paragraphs
    S, E, TI, K = S[keep], E[keep], TI[keep], K[keep]

    # Sentence numbers, from the sentence ends of the normalised text.
    ends_ = np.asarray(arabic.sentence_ends(big), dtype=np.int64)
    sentence = 1 + np.searchsorted(ends_, S, side="right") \
        - np.searchsorted(ends_, norm_base[K], side="right")

    # Original offsets. For a "simple" paragraph the kept characters are those not dropped,
    # so normalised index j maps to the least o with o = j + #(dropped <= o) (vectorised
    # fixed point over the dropped positions of all paragraphs); others use their map.
    js, je = S - norm_base[K], E - norm_base[K]
    big_orig = "\n".join(texts)
    D = np.fromiter((m.start() for m in arabic.DROPPED.finditer(big_orig)), dtype=np.int64)
    base = orig_base[K]
    d0 = np.searchsorted(D, base, side="left")

    def kept(j: np.ndarray) -> np.ndarray:
        o = j.copy()
        while True:
            nxt = j + np.searchsorted(D, base + o, side="right") - d0
            if np.array_equal(nxt, o):
                return o
            o = nxt

    o_start = kept(js)
    o_end = np.maximum(kept(je - 1) + 1,
                       np.where(je < norm_len[K], kept(je), orig_len[K]))
    simple = np.fromiter((a.simple for a in aligns), dtype=bool, count=n_par)
    for h in np.flatnonzero(~simple[K]):
        o_start[h], o_end[h] = aligns[K[h]].span(int(js[h]), int(je[h]))

    match = [texts[k][s:e] for k, s, e in zip(K.tolist(), o_start.tolist(), o_end.tolist())]
    ids = np.asarray(codebook.theme_ids + [""], dtype=object)
    cols = {
        "source_id": np.asarray(sids, dtype=object)[K] if n_par else [],
        "paragraph": np.asarray(pnos, dtype=np.int64)[K] if n_par else [],
        "sentence": sentence,
        "theme_id": ids[TI],
        "match": match,
        "char_start": o_start,
        "char_end": o_end,
    }
    out = _hits_frame(cols)
    return out.sort_values(["source_id", "paragraph", "char_start", "char_end", "theme_id"],
                           kind="mergesort", ignore_index=True)


# --- matrices ----------------------------------------------------------------------------

def _theme_ids(themes: Codebook | Iterable[str] | None) -> list[str]:
    if themes is None:
        return load_codebook().theme_ids
    if isinstance(themes, Codebook):
        return themes.theme_ids
    return list(themes)


def paragraph_theme_matrix(hits: "pd.DataFrame", paragraphs: "pd.DataFrame",
                           themes: Codebook | Iterable[str] | None = None) -> "pd.DataFrame":
    """0/1 matrix: one row per paragraph of ``paragraphs`` (source_id, paragraph; reading
    order kept), one column per theme (codebook order; default: the project codebook).

    A hit naming an unknown paragraph or theme is an error (``ValueError``).
    """
    import numpy as np
    import pandas as pd

    ids = _theme_ids(themes)
    keys = list(dict.fromkeys(zip(paragraphs["source_id"].tolist(),
                                  paragraphs["paragraph"].astype("int64").tolist())))
    row_of = {k: i for i, k in enumerate(keys)}
    col_of = {t: j for j, t in enumerate(ids)}
    data = np.zeros((len(keys), len(ids)), dtype="int64")
    for sid, pno, tid in zip(hits["source_id"].tolist(), hits["paragraph"].tolist(),
                             hits["theme_id"].tolist()):
        key = (sid, int(pno))
        if key not in row_of:
            raise ValueError(f"hit in unknown paragraph {key}")
        if tid not in col_of:
            raise ValueError(f"hit with unknown theme {tid!r}")
        data[row_of[key], col_of[tid]] = 1
    index = pd.MultiIndex.from_tuples(keys, names=["source_id", "paragraph"]) if keys else \
        pd.MultiIndex.from_arrays([[], []], names=["source_id", "paragraph"])
    return pd.DataFrame(data, index=index, columns=pd.Index(ids, name="theme_id"))


def cooccurrence(matrix: "pd.DataFrame") -> "pd.DataFrame":
    """Theme x theme: number of paragraphs where both themes are present (diagonal: where the
    theme is present)."""
    m = (matrix > 0).astype("int64")
    return m.T.dot(m)


# --- keyword in context ------------------------------------------------------------------

def kwic(corpus: "pd.DataFrame", term: str, window: int = 5,
         variants: Mapping[str, str] | None = None) -> "pd.DataFrame":
    """Keyword in context, as quanteda's ``kwic``: source_id, paragraph, char_start, char_end,
    pre, keyword, post.

    ``term`` is a pattern expression (clitic-tolerant, ``*`` for a prefix, several words for
    a phrase); a name is matched in every spelling of ``variants`` (default:
    ``data/codebook/name_variants.csv``; pass ``{}`` to match the spelling only).
    ``pre``/``post`` are the original text of the ``window`` words before/after the keyword
    (punctuation between them kept); offsets are into the paragraph text.
    """
    import pandas as pd

    if variants is None:
        variants = arabic.load_variants(CODEBOOK_DIR / "name_variants.csv")
    regex = arabic.compile_pattern(term, variants)
    rows = []
    for sid, pno, text in zip(corpus["source_id"].tolist(), corpus["paragraph"].tolist(),
                              corpus["text"].tolist()):
        a = arabic.Alignment(text)
        words = None
        for m in regex.finditer(a.norm):
            if m.end() <= m.start():
                continue
            if words is None:
                words = arabic.tokens(text)
                wstarts = [w.start for w in words]
                wends = [w.end for w in words]
            s, e = a.span(m.start(), m.end())
            before = bisect_right(wends, s)          # words ending at or before s
            after = bisect_right(wstarts, e - 1)     # first word starting at or after e
            pre_start = wstarts[max(0, before - window)] if before and window > 0 else s
            post_end = wends[min(len(words), after + window) - 1] \
                if after < len(words) and window > 0 else e
            rows.append((sid, pno, s, e, text[pre_start:s].strip(), text[s:e],
                         text[e:post_end].strip()))
    cols = ["source_id", "paragraph", "char_start", "char_end", "pre", "keyword", "post"]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"paragraph": "int64", "char_start": "int64", "char_end": "int64"})


# --- agreement ---------------------------------------------------------------------------

def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _scores(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    n = tp + fp + fn + tn
    if n:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = _ratio(po - pe, 1 - pe)
    else:
        kappa = math.nan
    return {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn),
            "f1": _ratio(2 * tp, 2 * tp + fp + fn), "cohen_kappa": kappa}


def _aligned(coder: "pd.DataFrame", hand: "pd.DataFrame") -> tuple["pd.DataFrame", "pd.DataFrame"]:
    if not coder.index.equals(hand.index) and set(coder.index) != set(hand.index):
        raise ValueError("coder and hand matrices cover different paragraphs")
    if list(coder.columns) != list(hand.columns) and set(coder.columns) != set(hand.columns):
        raise ValueError("coder and hand matrices cover different themes")
    hand = hand.loc[coder.index, list(coder.columns)]
    return (coder > 0).astype("int64"), (hand > 0).astype("int64")


def agreement(coder_matrix: "pd.DataFrame", hand_matrix: "pd.DataFrame") -> "pd.DataFrame":
    """Per theme (and a final ``micro`` row pooling all cells): tp, fp, fn, tn, precision,
    recall, f1, cohen_kappa, with the hand coding as the reference.

    A ratio whose denominator is 0 is NaN: precision when the coder never codes the theme,
    recall when the hand coding never does, f1 when neither does, kappa when chance
    agreement is 1 (both codings constant and equal).
    """
    import pandas as pd

    c, h = _aligned(coder_matrix, hand_matrix)
    rows = {}
    for t in c.columns:
        cv, hv = c[t].to_numpy(), h[t].to_numpy()
        rows[t] = _scores(int(((cv == 1) & (hv == 1)).sum()), int(((cv == 1) & (hv == 0)).sum()),
                          int(((cv == 0) & (hv == 1)).sum()), int(((cv == 0) & (hv == 0)).sum()))
    tot = {k: sum(r[k] for r in rows.values()) for k in ("tp", "fp", "fn", "tn")}
    rows["micro"] = _scores(tot["tp"], tot["fp"], tot["fn"], tot["tn"])
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "theme_id"
    return out.astype({k: "int64" for k in ("tp", "fp", "fn", "tn")})


def disagreements(coder_matrix: "pd.DataFrame", hand_matrix: "pd.DataFrame",
                  corpus: "pd.DataFrame | None" = None) -> "pd.DataFrame":
    """Cells where coder and hand coding differ: source_id, paragraph, theme_id, coder, hand,
    text (the paragraph text when ``corpus`` is given), in reading then codebook order."""
    import pandas as pd

    c, h = _aligned(coder_matrix, hand_matrix)
    texts = {}
    if corpus is not None:
        texts = dict(zip(zip(corpus["source_id"], corpus["paragraph"].astype("int64")),
                         corpus["text"]))
    rows = []
    for (sid, pno), crow, hrow in zip(c.index, c.to_numpy(), h.to_numpy()):
        for t, cv, hv in zip(c.columns, crow, hrow):
            if cv != hv:
                rows.append((sid, int(pno), t, int(cv), int(hv), texts.get((sid, int(pno)), "")))
    return pd.DataFrame(rows, columns=["source_id", "paragraph", "theme_id", "coder", "hand",
                                       "text"])


# --- hand coding -------------------------------------------------------------------------

def load_hand_coding(path: str | Path | None = None,
                     themes: Codebook | Iterable[str] | None = None) -> "pd.DataFrame":
    """Read ``data/annotations/paragraph_themes.csv``: source_id, paragraph (int), themes
    (tuple of theme ids), rationale_en.

    Raises :class:`DataError` (``file:row:field``, header = row 1) for a missing column, an
    empty source_id, a paragraph that is not a positive integer, an unknown or repeated theme
    id, or a paragraph coded twice.
    """
    import pandas as pd

    p = Path(path) if path is not None else HAND_CODING
    file = display_path(p)
    known = set(_theme_ids(themes))
    problems: list[Problem] = []
    rows = []
    seen: dict[tuple[str, int], int] = {}
    for n, rec in _read_csv(p, HAND_COLUMNS):
        sid = rec["source_id"]
        if not sid:
            problems.append(Problem(file, "empty source_id", n, "source_id"))
        try:
            pno = int(rec["paragraph"])
            if pno < 1:
                raise ValueError
        except ValueError:
            problems.append(Problem(file, f"paragraph {rec['paragraph']!r} is not a positive "
                                    "integer", n, "paragraph"))
            continue
        if (sid, pno) in seen:
            problems.append(Problem(file, f"paragraph {pno} of {sid} already coded at row "
                                    f"{seen[(sid, pno)]}", n, "paragraph"))
        seen[(sid, pno)] = n
        ids = [t.strip() for t in rec["themes"].split(";") if t.strip()]
        for t in ids:
            if t not in known:
                problems.append(Problem(file, f"unknown theme id {t!r}", n, "themes"))
        if len(set(ids)) != len(ids):
            problems.append(Problem(file, "theme id repeated", n, "themes"))
        rows.append((sid, pno, tuple(ids), rec["rationale_en"]))
    if problems:
        raise DataError.from_problems(problems)
    out = pd.DataFrame(rows, columns=list(HAND_COLUMNS))
    return out.astype({"paragraph": "int64"})


def hand_coding_matrix(hand: "pd.DataFrame",
                       themes: Codebook | Iterable[str] | None = None) -> "pd.DataFrame":
    """The 0/1 paragraph x theme matrix of a hand coding (rows in file order)."""
    import pandas as pd

    long = [(sid, pno, t) for sid, pno, ts in zip(hand["source_id"], hand["paragraph"],
                                                  hand["themes"]) for t in ts]
    hits = pd.DataFrame(long, columns=["source_id", "paragraph", "theme_id"])
    return paragraph_theme_matrix(hits, hand, themes)
