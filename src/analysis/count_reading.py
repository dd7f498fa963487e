"""A source's participation counts read from its text, with raw-text offsets, and set beside the curated ones.

:func:`analysis.counts.extract_counts` reads numbers in paragraphs; here a whole source is read (with
its layout roles, so a figure in a subheading says so), and each extracted count is matched with the row of
``participation.csv`` that states the same figure in the same paragraph, where there is one.

Usage::

    >>> from analysis import data
    >>> from analysis.count_reading import source_counts
    >>> pkg = data.load_package()
    >>> found = source_counts(pkg, pkg.default_source)
    >>> found[["paragraph", "count", "unit", "qualifier"]].values.tolist()[:2]
    [[20, 450, 'person', 'exact'], [20, 33, 'person', 'exact']]
    >>> text = pkg.text(pkg.default_source)
    >>> all(text[s:e] == ev for s, e, ev in zip(found["char_start"], found["char_end"], found["evidence"]))
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.counts import COUNT_COLUMNS, CountLexicon, extract_counts
from analysis.text import paragraph_table

if TYPE_CHECKING:
    import pandas as pd

SOURCE_COUNT_COLUMNS = ["source_id", "paragraph", "role", *COUNT_COLUMNS[1:]]


def source_counts(package, source_id: str) -> pd.DataFrame:
    """Every stated count of participants, organisations, countries or delegations in a source: one row
    each, with the paragraph's layout role; offsets index the source's raw text."""
    lexicon = CountLexicon.from_tables(package.count_nouns, package.count_qualifiers, package.number_words)
    paras = paragraph_table(package, source_id)
    found = extract_counts(paras["text"].astype(str).tolist(), lexicon)
    base = dict(zip(paras["paragraph"].astype(int), paras["char_start"].astype(int)))
    role = dict(zip(paras["paragraph"].astype(int), paras["role"]))
    shift = found["paragraph"].astype(int).map(base)
    out = found.assign(
        source_id=source_id,
        role=found["paragraph"].astype(int).map(role),
        char_start=found["char_start"] + shift,
        char_end=found["char_end"] + shift,
    )
    return out[SOURCE_COUNT_COLUMNS].reset_index(drop=True)


def beside_curated(extracted: pd.DataFrame, participation: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Extracted and curated counts of one source side by side, matched on paragraph, count, unit and
    qualifier: ``status`` is ``both``, ``extracted only`` or ``curated only`` (a curated figure with no
    number, such as the UN agencies named without a count, is ``curated only``)."""
    import pandas as pd

    curated = participation[participation["source_id"] == source_id]
    keys = ["paragraph", "count", "unit", "qualifier"]
    left = extracted[keys + ["category", "evidence"]].astype({"paragraph": "Int64", "count": "Int64"})
    right = curated[keys + ["figure_id", "category", "evidence"]].astype({"paragraph": "Int64", "count": "Int64"})
    merged = pd.merge(left.assign(_x=1), right.assign(_c=1), on=keys, how="outer", suffixes=("_extracted", "_curated"))
    merged["status"] = [
        ("both" if x == 1 and c == 1 else "extracted only" if x == 1 else "curated only")
        for x, c in zip(merged["_x"], merged["_c"])
    ]
    cols = [
        *keys,
        "status",
        "category_extracted",
        "category_curated",
        "figure_id",
        "evidence_extracted",
        "evidence_curated",
    ]
    return merged[cols].sort_values(["paragraph", "count"], na_position="last", ignore_index=True)
