"""Dictionary coding of themes: the coder, paragraph x theme matrix, KWIC, co-occurrence, agreement.

The codebook is data (``data/codebook/``), loaded by :mod:`analysis.data` and compiled by
:mod:`analysis.codebook` in the pattern language of :mod:`analysis.patterns`. The coder
matches each theme's expressions on the normalised text of every paragraph and reports the
ORIGINAL spans.

Conventions:

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
    >>> from analysis import data
    >>> from analysis.themes import code_corpus
    >>> book = data.load_package().codebook
    >>> corpus = pd.DataFrame({"source_id": ["x"], "paragraph": [1],
    ...                        "text": ["نؤكد أهمية التعاون الدولي لمنع تهريب الأسلحة."]})
    >>> code_corpus(corpus, book)[["theme_id", "match", "char_start", "char_end"]].values.tolist()
    [['intl_cooperation', 'التعاون الدولي', 11, 25], ['trafficking_organized_crime', 'تهريب', 31, 36]]
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from analysis import arabic
from analysis.codebook import EXCLUSION, MASK, THEME, Codebook
from analysis.patterns import compile_pattern

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "HIT_COLUMNS", "code_corpus", "empty_hits", "paragraph_theme_matrix", "kwic", "cooccurrence",
    "agreement", "disagreements", "hand_coding_matrix",
]

HIT_COLUMNS = ("source_id", "paragraph", "sentence", "theme_id", "match", "char_start",
               "char_end")


# --- coding ------------------------------------------------------------------------------

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
        if kind == THEME:
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

    drop = overlapping((MASK, -1), S, E)
    for ti in range(n_themes):
        sel = TI == ti
        if sel.any() and (EXCLUSION, ti) in spans:
            drop[sel] |= overlapping((EXCLUSION, ti), S[sel], E[sel])
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

def _theme_ids(themes: Codebook | Iterable[str]) -> list[str]:
    if isinstance(themes, Codebook):
        return themes.theme_ids
    return list(themes)


def paragraph_theme_matrix(hits: "pd.DataFrame", paragraphs: "pd.DataFrame",
                           themes: Codebook | Iterable[str]) -> "pd.DataFrame":
    """0/1 matrix: one row per paragraph of ``paragraphs`` (source_id, paragraph; reading
    order kept), one column per theme (codebook order).

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

def kwic(corpus: "pd.DataFrame", term: str, variants: Mapping[str, str], window: int = 5) -> "pd.DataFrame":
    """Keyword in context, as quanteda's ``kwic``: source_id, paragraph, char_start, char_end,
    pre, keyword, post.

    ``term`` is a pattern expression (clitic-tolerant, ``*`` for a prefix, several words for
    a phrase); a name is matched in every spelling of ``variants`` (the codebook's
    ``variants``; pass ``{}`` to match the spelling only).
    ``pre``/``post`` are the original text of the ``window`` words before/after the keyword
    (punctuation between them kept); offsets are into the paragraph text.
    """
    import pandas as pd

    regex = compile_pattern(term, variants)
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


# --- hand coding ---------------------------------------------------------------------

def hand_coding_matrix(hand: "pd.DataFrame", themes: Codebook | Iterable[str]) -> "pd.DataFrame":
    """The 0/1 paragraph x theme matrix of a hand coding (rows in file order)."""
    import pandas as pd

    long = [(sid, pno, t) for sid, pno, ts in zip(hand["source_id"], hand["paragraph"],
                                                  hand["themes"]) for t in ts]
    hits = pd.DataFrame(long, columns=["source_id", "paragraph", "theme_id"])
    return paragraph_theme_matrix(hits, hand, themes)
