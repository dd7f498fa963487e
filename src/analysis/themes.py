"""Dictionary coding of themes: the coder, paragraph x theme matrix, KWIC, co-occurrence, agreement.

The codebook is data (``data/codebook/``), loaded by :mod:`analysis.data` and compiled by
:mod:`analysis.codebook` in the pattern language of :mod:`analysis.patterns`. The coder
matches each theme's expressions on the normalised text of every paragraph and reports the
ORIGINAL spans.

Conventions:

* **Offsets** ``char_start``/``char_end`` of a hit are 0-based indices INTO THE PARAGRAPH
  TEXT given to :func:`code_corpus` (``text[char_start:char_end] == match``), not into the
  source file; :func:`to_source_offsets` adds each paragraph's own ``char_start`` from
  :func:`analysis.text.paragraph_table` to give offsets into the raw text.
* **One offset mapper**: every normalised span, of the coder and of :func:`kwic`, goes back to
  the original text through :func:`original_spans`, which gives what
  :meth:`analysis.arabic.Alignment.span` gives, for many spans at once.
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

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from analysis import arabic
from analysis.agreement import agreement, disagreements
from analysis.codebook import CONCEPT, EXCLUSION, MASK, THEME, Codebook
from analysis.concepts import ConceptHits, apply_rules, merge_spans
from analysis.patterns import compile_pattern

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = [
    "HIT_COLUMNS",
    "KWIC_COLUMNS",
    "code_corpus",
    "empty_hits",
    "original_spans",
    "paragraph_theme_matrix",
    "kwic",
    "keyword_in_context",
    "to_source_offsets",
    "cooccurrence",
    "agreement",
    "disagreements",
    "hand_coding_matrix",
]

_LINE_BREAK = re.compile(r"[\n\r]")
HIT_COLUMNS = ("source_id", "paragraph", "sentence", "theme_id", "match", "char_start", "char_end")
KWIC_COLUMNS = ("source_id", "paragraph", "char_start", "char_end", "pre", "keyword", "post")


# --- the offset mapper -------------------------------------------------------------------


def original_spans(
    aligns: Sequence[arabic.Alignment], para: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Original ``(start, end)`` arrays of the normalised spans ``[starts, ends)`` of paragraphs
    ``aligns[para]``: exactly :meth:`analysis.arabic.Alignment.span` of each, for many spans at once.

    For a "simple" paragraph (only drops and one-to-one folds) the kept characters are those
    :data:`analysis.arabic.DROPPED` does not match, so normalised index ``j`` maps to the least
    ``o`` with ``o = j + #(dropped <= o)``: one vectorised fixed point over the dropped positions
    of all paragraphs joined. The other paragraphs use their own offset map.
    """
    import numpy as np

    texts = [a.text for a in aligns]
    n_par = len(texts)
    orig_len = np.fromiter(map(len, texts), dtype=np.int64, count=n_par)
    norm_len = np.fromiter((len(a.norm) for a in aligns), dtype=np.int64, count=n_par)
    orig_base = np.zeros(n_par, dtype=np.int64)  # paragraph starts in the joined originals
    if n_par:
        orig_base[1:] = np.cumsum(orig_len + 1)[:-1]
    para = np.asarray(para, dtype=np.int64)
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    dropped = np.fromiter((m.start() for m in arabic.DROPPED.finditer("\n".join(texts))), dtype=np.int64)
    base = orig_base[para]
    d0 = np.searchsorted(dropped, base, side="left")

    def kept(j: np.ndarray) -> np.ndarray:
        o = j.copy()
        while True:
            nxt = j + np.searchsorted(dropped, base + o, side="right") - d0
            if np.array_equal(nxt, o):
                return o
            o = nxt

    o_start = kept(starts)
    # the end reaches up to the next kept character: marks on the last letter belong to the span
    o_end = np.maximum(kept(ends - 1) + 1, np.where(ends < norm_len[para], kept(ends), orig_len[para]))
    simple = np.fromiter((a.simple for a in aligns), dtype=bool, count=n_par)
    for h in np.flatnonzero(~simple[para]):
        o_start[h], o_end[h] = aligns[para[h]].span(int(starts[h]), int(ends[h]))
    return o_start, o_end


# --- coding ------------------------------------------------------------------------------


def empty_hits() -> pd.DataFrame:
    """The (empty) result of :func:`code_corpus`, with its dtypes: the ``meta`` for dask."""
    return _hits_frame({c: [] for c in HIT_COLUMNS})


def _hits_frame(cols: Mapping) -> pd.DataFrame:
    import pandas as pd

    ints = {"paragraph", "sentence", "char_start", "char_end"}
    return pd.DataFrame({c: pd.Series(cols[c], dtype="int64" if c in ints else "str") for c in HIT_COLUMNS})


def _overlapping(spans: tuple[np.ndarray, np.ndarray], s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Which of the spans ``[s, e)`` overlap one of ``spans`` (non-overlapping, in order)."""
    import numpy as np

    st, en = spans
    out = np.zeros(len(s), dtype=bool)
    if not len(st):
        return out
    i = np.searchsorted(en, s, side="right")  # first span ending after s
    inside = i < len(st)
    out[inside] = st[i[inside]] < e[inside]
    return out


def _spans(selected: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The selected matches as ordered, non-overlapping spans (overlapping ones joined)."""
    import numpy as np

    _, s, e = merge_spans(np.zeros(int(selected.sum()), dtype=np.int64), start[selected], end[selected])
    return s, e


def _theme_hits(big: str, codebook: Codebook, norm_base: np.ndarray, norm_len: np.ndarray, ends: np.ndarray):
    """``(theme index, start, end)`` in ``big`` of every theme: its terms and its concept rules, less
    what overlaps a masked name or one of its exclusions, overlapping hits of one theme joined."""
    import numpy as np

    rule, start, end, word, last = codebook.scanner.scan_arrays(big)
    kinds = np.asarray(codebook.rule_kinds or [(THEME, 0)], dtype=np.int64)
    kind, owner = kinds[rule, 0], kinds[rule, 1]
    masked = _spans(kind == MASK, start, end)
    # a line break (between paragraphs or inside one) ends a sentence too: sentence keys are unique in the corpus
    breaks = np.fromiter((m.start() for m in _LINE_BREAK.finditer(big)), dtype=np.int64)
    sentence_ends = np.union1d(ends, breaks)

    c = (kind == CONCEPT) & ~_overlapping(masked, start, end)
    sentence = np.searchsorted(sentence_ends, start[c], side="right")
    paragraph = np.searchsorted(norm_base, start[c], side="right") - 1
    hits = ConceptHits(owner[c], start[c], end[c], sentence, paragraph, word[c], last[c])
    r_theme, r_start, r_end, r_word, r_last = apply_rules(codebook.rules, hits)
    t = kind == THEME
    theme = np.concatenate([owner[t], r_theme])
    s, e = np.concatenate([start[t], r_start]), np.concatenate([end[t], r_end])
    w, lw = np.concatenate([word[t], r_word]), np.concatenate([last[t], r_last])

    drop = _overlapping(masked, s, e)
    for ti in np.unique(theme).tolist():
        x = (kind == EXCLUSION) & (owner == ti)
        if x.any():
            sel = theme == ti
            drop[sel] |= _overlapping(_spans(x, start, end), s[sel], e[sel])
    k = np.searchsorted(norm_base, s, side="right") - 1
    keep = ~drop & (e <= norm_base[k] + norm_len[k])  # a re: match may cross paragraphs
    words = (w[keep], lw[keep], np.searchsorted(sentence_ends, s[keep], side="right"))
    return merge_spans(theme[keep], s[keep], e[keep], words)


def code_corpus(corpus: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Theme hits of every paragraph of ``corpus`` (columns source_id, paragraph, text).

    Returns one row per hit: source_id, paragraph, sentence, theme_id, match (original text),
    char_start, char_end (into the paragraph text), sorted by source_id, paragraph,
    char_start, char_end, theme_id. A hit is a theme's term, or the words of one of its concept
    rules (from the first word to the last); hits of one theme that overlap, or follow each other
    in a sentence with no word between, are joined into one.

    A pure function of its input (nothing global is read or changed), so it can run on each
    partition of a ``dask.dataframe`` with ``map_partitions(code_corpus, book,
    meta=empty_hits())``. Cost is linear in the text: the normalised paragraphs are joined
    by line breaks (which no expression crosses) and read ONCE by the codebook's scanner for
    all terms, concepts, exclusions and masks together; the rules are then applied and the hits
    filtered with array operations, and mapped back by :func:`original_spans`.
    """
    import numpy as np

    texts = [t if isinstance(t, str) else "" for t in corpus["text"].tolist()]
    aligns = [arabic.Alignment(t) for t in texts]
    norms = [a.norm for a in aligns]
    norm_len = np.fromiter(map(len, norms), dtype=np.int64, count=len(aligns))
    norm_base = np.zeros(len(aligns), dtype=np.int64)  # paragraph starts in ``big``
    if len(aligns):
        norm_base[1:] = np.cumsum(norm_len + 1)[:-1]
    big = "\n".join(norms)

    none = np.zeros(0, dtype=np.int64)
    ends_ = np.asarray(arabic.sentence_ends(big), dtype=np.int64)
    TI, S, E = _theme_hits(big, codebook, norm_base, norm_len, ends_) if len(aligns) else (none, none, none)
    K = np.searchsorted(norm_base, S, side="right") - 1
    sentence = 1 + np.searchsorted(ends_, S, side="right") - np.searchsorted(ends_, norm_base[K], side="right")
    o_start, o_end = original_spans(aligns, K, S - norm_base[K], E - norm_base[K])

    out = _hits_frame(
        {
            "source_id": np.asarray(corpus["source_id"].tolist(), dtype=object)[K] if len(aligns) else [],
            "paragraph": np.asarray(corpus["paragraph"].tolist(), dtype=np.int64)[K] if len(aligns) else [],
            "sentence": sentence,
            "theme_id": np.asarray(codebook.theme_ids + [""], dtype=object)[TI],
            "match": [texts[k][s:e] for k, s, e in zip(K.tolist(), o_start.tolist(), o_end.tolist())],
            "char_start": o_start,
            "char_end": o_end,
        }
    )
    return out.sort_values(
        ["source_id", "paragraph", "char_start", "char_end", "theme_id"], kind="mergesort", ignore_index=True
    )


# --- matrices ----------------------------------------------------------------------------


def _theme_ids(themes: Codebook | Iterable[str]) -> list[str]:
    if isinstance(themes, Codebook):
        return themes.theme_ids
    return list(themes)


def paragraph_theme_matrix(
    hits: pd.DataFrame, paragraphs: pd.DataFrame, themes: Codebook | Iterable[str]
) -> pd.DataFrame:
    """0/1 matrix: one row per paragraph of ``paragraphs`` (source_id, paragraph; reading
    order kept), one column per theme (codebook order).

    A hit naming an unknown paragraph or theme is an error (``ValueError``).
    """
    import numpy as np
    import pandas as pd

    ids = _theme_ids(themes)
    keys = list(dict.fromkeys(zip(paragraphs["source_id"].tolist(), paragraphs["paragraph"].astype("int64").tolist())))
    row_of = {k: i for i, k in enumerate(keys)}
    col_of = {t: j for j, t in enumerate(ids)}
    data = np.zeros((len(keys), len(ids)), dtype="int64")
    for sid, pno, tid in zip(hits["source_id"].tolist(), hits["paragraph"].tolist(), hits["theme_id"].tolist()):
        key = (sid, int(pno))
        if key not in row_of:
            raise ValueError(f"hit in unknown paragraph {key}")
        if tid not in col_of:
            raise ValueError(f"hit with unknown theme {tid!r}")
        data[row_of[key], col_of[tid]] = 1
    index = (
        pd.MultiIndex.from_tuples(keys, names=["source_id", "paragraph"])
        if keys
        else pd.MultiIndex.from_arrays([[], []], names=["source_id", "paragraph"])
    )
    return pd.DataFrame(data, index=index, columns=pd.Index(ids, name="theme_id"))


def cooccurrence(matrix: pd.DataFrame) -> pd.DataFrame:
    """Theme x theme: number of paragraphs where both themes are present (diagonal: where the
    theme is present)."""
    m = (matrix > 0).astype("int64")
    return m.T.dot(m)


# --- keyword in context ------------------------------------------------------------------


def keyword_in_context(spans: pd.DataFrame, corpus: pd.DataFrame, window: int = 5) -> pd.DataFrame:
    """``spans`` (source_id, paragraph, char_start, char_end into the paragraph text of ``corpus``,
    any other columns kept) with ``pre``, ``keyword`` and ``post`` added, as quanteda's ``kwic``.

    ``pre``/``post`` are the original text of the ``window`` words before/after the span
    (punctuation between them kept, surrounding spaces trimmed); ``keyword`` is the span itself.
    """
    import pandas as pd

    texts = dict(
        zip(zip(corpus["source_id"].tolist(), corpus["paragraph"].astype("int64").tolist()), corpus["text"].tolist())
    )
    words: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    pre, keyword, post = [], [], []
    for sid, pno, s, e in zip(
        spans["source_id"].tolist(),
        spans["paragraph"].tolist(),
        spans["char_start"].tolist(),
        spans["char_end"].tolist(),
    ):
        key = (sid, int(pno))
        text = texts[key]
        if key not in words:
            toks = arabic.tokens(text)
            words[key] = ([w.start for w in toks], [w.end for w in toks])
        wstarts, wends = words[key]
        before = bisect_right(wends, s)  # words ending at or before s
        after = bisect_right(wstarts, e - 1)  # first word starting at or after e
        pre_start = wstarts[max(0, before - window)] if before and window > 0 else s
        post_end = wends[min(len(wstarts), after + window) - 1] if after < len(wstarts) and window > 0 else e
        pre.append(text[pre_start:s].strip())
        keyword.append(text[s:e])
        post.append(text[e:post_end].strip())
    # string columns also when empty, where pandas would guess float
    return spans.assign(
        **{
            name: pd.Series(values, index=spans.index, dtype="str")
            for name, values in (("pre", pre), ("keyword", keyword), ("post", post))
        }
    )


def kwic(corpus: pd.DataFrame, term: str, variants: Mapping[str, str], window: int = 5) -> pd.DataFrame:
    """Keyword in context of a search term: source_id, paragraph, char_start, char_end, pre,
    keyword, post (offsets into the paragraph text; :func:`to_source_offsets` for the raw text's).

    ``term`` is a pattern expression (clitic-tolerant, ``*`` for a prefix, several words for
    a phrase); a name is matched in every spelling of ``variants`` (the codebook's
    ``variants``; pass ``{}`` to match the spelling only). ValueError for a bad term.
    """
    import numpy as np
    import pandas as pd

    regex = compile_pattern(term, variants)
    texts = [t if isinstance(t, str) else "" for t in corpus["text"].tolist()]
    aligns = [arabic.Alignment(t) for t in texts]
    found = [
        (k, m.start(), m.end()) for k, a in enumerate(aligns) for m in regex.finditer(a.norm) if m.end() > m.start()
    ]
    K, S, E = (np.asarray(col, dtype=np.int64) for col in (zip(*found) if found else ([], [], [])))
    o_start, o_end = original_spans(aligns, K, S, E)
    spans = pd.DataFrame(
        {
            "source_id": pd.Series(corpus["source_id"].to_numpy()[K], dtype="str"),
            "paragraph": corpus["paragraph"].to_numpy()[K].astype("int64"),
            "char_start": o_start,
            "char_end": o_end,
        }
    )
    return keyword_in_context(spans, corpus, window)[list(KWIC_COLUMNS)]


def to_source_offsets(spans: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """``spans`` with ``char_start``/``char_end`` moved from paragraph offsets to offsets into the
    source's raw text, by each paragraph's ``char_start`` in ``paragraphs``
    (:func:`analysis.text.paragraph_table`), so that ``text[char_start:char_end]`` is the match."""
    start_of = dict(zip(paragraphs["paragraph"].astype("int64"), paragraphs["char_start"].astype("int64")))
    base = spans["paragraph"].astype("int64").map(start_of).astype("int64")
    return spans.assign(char_start=spans["char_start"] + base, char_end=spans["char_end"] + base)


def hand_coding_matrix(hand: pd.DataFrame, themes: Codebook | Iterable[str]) -> pd.DataFrame:
    """The 0/1 paragraph x theme matrix of a hand coding (``Package.hand_coding`` rows, file order)."""
    import pandas as pd

    long = [(sid, pno, t) for sid, pno, ts in zip(hand["source_id"], hand["paragraph"], hand["themes"]) for t in ts]
    hits = pd.DataFrame(long, columns=["source_id", "paragraph", "theme_id"])
    return paragraph_theme_matrix(hits, hand, themes)
