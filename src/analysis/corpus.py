"""Synthetic corpora (source_id, paragraph, text) made of a real text's sentences, to time and scale the coder.

The synthetic corpus recombines the sentences of a text given by the caller into new paragraphs,
so it has that text's vocabulary, lengths and diacritics; it exists to time and scale the coder,
not to be analysed. Nothing here reads a file: the caller passes the text (``Package.text``).

Usage::

    >>> from analysis import data
    >>> from analysis.corpus import generate_corpus, text_sentences
    >>> pkg = data.load_package()
    >>> sentences = text_sentences(pkg.text(pkg.default_source))
    >>> big = generate_corpus(1000, seed=1, sentences=sentences)
    >>> len(big), big.equals(generate_corpus(1000, seed=1, sentences=sentences))
    (1000, True)
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from analysis.arabic import split_paragraphs, split_sentences

if TYPE_CHECKING:
    import pandas as pd


def text_sentences(text: str) -> list[str]:
    """Every sentence of every paragraph of ``text``, in reading order (a sentence never spans two paragraphs)."""
    return [s.text for p in split_paragraphs(text) for s in split_sentences(p.text)]


def generate_corpus(
    n_paragraphs: int, seed: int = 0, *, sentences: Sequence[str], paragraphs_per_source: int = 25
) -> pd.DataFrame:
    """``n_paragraphs`` synthetic paragraphs of 1 to 3 of ``sentences`` drawn at random.

    Deterministic for a given ``seed`` and ``sentences``. Sources are ``synthetic-<seed>-<k>``
    with ``paragraphs_per_source`` paragraphs each, numbered from 1.
    """
    import pandas as pd

    if n_paragraphs < 0:
        raise ValueError("n_paragraphs must be >= 0")
    if n_paragraphs and not sentences:
        raise ValueError("no sentences to draw from")
    rng = random.Random(seed)
    pool = list(sentences)
    texts = [" ".join(rng.choices(pool, k=rng.randint(1, 3))) for _ in range(n_paragraphs)]
    sids = [f"synthetic-{seed}-{i // paragraphs_per_source:06d}" for i in range(n_paragraphs)]
    pnos = [i % paragraphs_per_source + 1 for i in range(n_paragraphs)]
    return pd.DataFrame(
        {
            "source_id": pd.Series(sids, dtype="str"),
            "paragraph": pd.Series(pnos, dtype="int64"),
            "text": pd.Series(texts, dtype="str"),
        }
    )
