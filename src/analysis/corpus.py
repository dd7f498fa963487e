"""Corpora as DataFrames (source_id, paragraph, text): the seed article, and synthetic ones.

The synthetic corpus recombines the seed article's sentences into new paragraphs, so it
has the seed's vocabulary, lengths and diacritics; it exists to time and scale the coder,
not to be analysed.

Usage::

    >>> from analysis.corpus import source_corpus, generate_corpus
    >>> seed = source_corpus()
    >>> len(seed), seed.loc[0, "source_id"]
    (23, 'kuna-alrai-2024-11-04')
    >>> big = generate_corpus(1000, seed=1)
    >>> len(big), big.equals(generate_corpus(1000, seed=1))
    (1000, True)
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.arabic import split_sentences
from analysis.paths import RAW_DIR
from analysis.text import split_paragraphs

if TYPE_CHECKING:
    import pandas as pd

SEED_SOURCE = "kuna-alrai-2024-11-04"


def source_corpus(path: str | Path | None = None, source_id: str | None = None) -> "pd.DataFrame":
    """Paragraphs of one raw text file (default: the seed article) as source_id, paragraph, text."""
    import pandas as pd

    p = Path(path) if path is not None else RAW_DIR / f"{SEED_SOURCE}.ar.txt"
    sid = source_id or p.name.split(".")[0]
    paras = split_paragraphs(p.read_text(encoding="utf-8"))
    return pd.DataFrame({"source_id": pd.Series([sid] * len(paras), dtype="str"),
                         "paragraph": pd.Series([q.number for q in paras], dtype="int64"),
                         "text": pd.Series([q.text for q in paras], dtype="str")})


def seed_sentences(path: str | Path | None = None) -> list[str]:
    """Every sentence of the seed article's paragraphs, in reading order."""
    return [s.text for t in source_corpus(path)["text"] for s in split_sentences(t)]


def generate_corpus(n_paragraphs: int, seed: int = 0, paragraphs_per_source: int = 25,
                    path: str | Path | None = None) -> "pd.DataFrame":
    """``n_paragraphs`` synthetic paragraphs of 1 to 3 seed sentences drawn at random.

    Deterministic for a given ``seed``. Sources are ``synthetic-<seed>-<k>`` with
    ``paragraphs_per_source`` paragraphs each, numbered from 1.
    """
    import pandas as pd

    if n_paragraphs < 0:
        raise ValueError("n_paragraphs must be >= 0")
    sentences = seed_sentences(path)
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(sentences, k=rng.randint(1, 3))) for _ in range(n_paragraphs)]
    sids = [f"synthetic-{seed}-{i // paragraphs_per_source:06d}" for i in range(n_paragraphs)]
    pnos = [i % paragraphs_per_source + 1 for i in range(n_paragraphs)]
    return pd.DataFrame({"source_id": pd.Series(sids, dtype="str"),
                         "paragraph": pd.Series(pnos, dtype="int64"),
                         "text": pd.Series(texts, dtype="str")})
