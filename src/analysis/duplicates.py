"""Near-duplicate paragraphs: a paragraph that repeats a run of an earlier paragraph's words.

Rule. Each paragraph becomes its sequence of normalised words (:func:`analysis.arabic.
normalize`; name spellings folded to one; words inside masked names — conference title,
process name, declaration title — replaced by placeholders that match nothing, so a shared
name never makes two paragraphs alike). A paragraph is a near-duplicate of the EARLIER
paragraph (same source, among those considered) with which it shares the longest run of
consecutive identical words, when that run has at least ``min_run`` words (ties: the
earliest paragraph).

Threshold. ``min_run = 5``. Set phrases of this genre repeat across paragraphs without the
paragraphs repeating each other: in the seed article, outside names, the longest such runs
are four words (التعاون الإقليمي والدولي في, bullets 17 and 19) and three words
(في مكافحة الإرهاب, إمام علي رحمان). A repeated clause is longer: paragraph 7 repeats ten
words of paragraph 5's quotation (... وملحة للغاية، من أجل مقاومة الإرهاب في الظروف
الجيوسياسية الراهنة) and paragraph 6 six words of paragraph 4 (عاملاً فعّالاً في تعزيز
التعاون الدولي). Five is the smallest run above every set phrase, and leaves a margin of one
word to the weakest repeat. Words are compared exactly (no clitic stripping): stripping
would merge different words (فعالا -> عالا) and add spurious matches.

Reported per paragraph: ``longest_run`` (longest run shared with any earlier considered
paragraph, 0 for the first), ``duplicate_of`` (nullable), ``shared_tokens`` (words in all
runs of at least ``min_run`` words shared with ``duplicate_of``, in order, 0 when not a
duplicate) and ``score`` (``shared_tokens`` over the paragraph's word count: the share of
the paragraph that is repeated).

Usage::

    >>> from analysis import data, text
    >>> from analysis.duplicates import near_duplicates, content_paragraphs
    >>> pkg = data.load_package()
    >>> sid = pkg.default_source
    >>> paragraphs = text.paragraph_table(pkg, sid)
    >>> corpus = text.as_corpus(paragraphs, sid)
    >>> sorted(content_paragraphs(paragraphs))[:4]
    [4, 5, 6, 7]
    >>> d = near_duplicates(corpus, pkg.codebook, paragraphs={4, 5, 6, 7})
    >>> d[["paragraph", "duplicate_of", "longest_run"]].values.tolist()
    [[4, <NA>, 0], [5, <NA>, 1], [6, 4, 6], [7, 5, 10]]
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from typing import TYPE_CHECKING

from analysis import arabic
from analysis.codebook import Codebook, mask_spans

if TYPE_CHECKING:
    import pandas as pd

MIN_RUN = 5
#: Layout roles (the ``role`` column of :func:`analysis.text.paragraph_table`) whose paragraphs carry the
#: report's content. The others (kicker, headline, standfirst, dateline, byline, subheadings, attribution
#: lines) restate or frame the body by design, so comparing them would flag the body as their repeat.
CONTENT_ROLES = frozenset({"lead", "body", "bullet"})


def content_paragraphs(paragraphs: pd.DataFrame, roles: Collection[str] = CONTENT_ROLES) -> set[int]:
    """Numbers of the paragraphs of one source's paragraph table (:func:`analysis.text.paragraph_table`)
    whose layout role is in ``roles`` (default: lead, body and bullets); ValueError for a table without roles."""
    if "role" not in paragraphs.columns:
        raise ValueError("content_paragraphs needs the paragraph table's role column (analysis.text.paragraph_table)")
    return {int(n) for n, r in zip(paragraphs["paragraph"], paragraphs["role"]) if r in roles}


def paragraph_words(text: str, codebook: Codebook) -> list[object]:
    """Normalised, variant-folded words of ``text``; a word inside a masked name is replaced
    by a fresh placeholder object equal to nothing else."""
    norm = arabic.normalize(text)
    masks = mask_spans(norm, codebook)
    out: list[object] = []
    for m in arabic.WORD_RE.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in masks):
            out.append(object())
        else:
            out.append(codebook.variants.get(m.group(), m.group()))
    return out


def flag_duplicates(paragraphs: pd.DataFrame, near_dups: pd.DataFrame) -> pd.DataFrame:
    """The paragraph table (:func:`analysis.text.paragraph_table`) with ``duplicate_of`` after ``voice``.

    ``near_dups`` is :func:`near_duplicates` over the paragraphs it considered; a paragraph it
    did not consider is not a near-duplicate. A paragraph the page repeats word for word (its
    ``repeat_of``, from the layout: a headline printed twice) is a duplicate of that paragraph too.
    """
    out = paragraphs.copy()
    out["paragraph"] = out["paragraph"].astype("int64")
    dup = dict(zip(near_dups["paragraph"].astype("int64"), near_dups["duplicate_of"]))
    flag = out["paragraph"].map(dup).astype("Int64")
    if "repeat_of" in out.columns:
        flag = flag.fillna(out["repeat_of"].astype("Int64"))
    out.insert(out.columns.get_loc("voice") + 1, "duplicate_of", flag)
    return out.reset_index(drop=True)


def near_duplicates(
    corpus: pd.DataFrame, codebook: Codebook, paragraphs: Collection[int] | None = None, min_run: int = MIN_RUN
) -> pd.DataFrame:
    """Near-duplicates among the paragraphs of ``corpus`` (source_id, paragraph, text).

    ``codebook`` gives the masked names and the name spellings (``Package.codebook``).
    ``paragraphs``: the paragraph numbers to consider (e.g. the body, without headline and
    subheadings); default all. Comparisons stay within a source, in the corpus order.
    Returns source_id, paragraph, duplicate_of (Int64, <NA> when none), shared_tokens,
    score, longest_run — one row per considered paragraph.
    """
    import pandas as pd

    if min_run < 1:
        raise ValueError("min_run must be >= 1")
    rows = []
    seen: dict[str, list[tuple[int, list[object]]]] = {}
    for sid, pno, text in zip(corpus["source_id"].tolist(), corpus["paragraph"].tolist(), corpus["text"].tolist()):
        pno = int(pno)
        if paragraphs is not None and pno not in paragraphs:
            continue
        words = paragraph_words(text if isinstance(text, str) else "", codebook)
        earlier = seen.setdefault(sid, [])
        best_run, best_par, best_sm = 0, None, None
        for q, qwords in earlier:
            sm = difflib.SequenceMatcher(None, words, qwords, autojunk=False)
            run = sm.find_longest_match(0, len(words), 0, len(qwords)).size
            if run > best_run:
                best_run, best_par, best_sm = run, q, sm
        shared, dup = 0, None
        if best_run >= min_run and best_sm is not None:
            dup = best_par
            shared = sum(b.size for b in best_sm.get_matching_blocks() if b.size >= min_run)
        score = shared / len(words) if words and dup is not None else 0.0
        rows.append((sid, pno, dup, shared, score, best_run))
        earlier.append((pno, words))
    out = pd.DataFrame(
        rows, columns=["source_id", "paragraph", "duplicate_of", "shared_tokens", "score", "longest_run"]
    )
    return out.astype(
        {
            "paragraph": "int64",
            "duplicate_of": "Int64",
            "shared_tokens": "int64",
            "score": "float64",
            "longest_run": "int64",
        }
    )
