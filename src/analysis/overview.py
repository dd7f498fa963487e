"""The source overview's numbers: paragraph lengths by role and voice, and the evidence each paragraph holds.

Usage::

    >>> from analysis import data, overview, text
    >>> pkg = data.load_package()
    >>> paras = text.paragraph_table(pkg, pkg.default_source)
    >>> cov = text.evidence_coverage(pkg, pkg.default_source)
    >>> overview.overview_data(paras, cov)[["paragraph", "characters", "evidence_spans"]].iloc[20].tolist()
    [21, 406, 5]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def coverage_by_paragraph(paragraphs: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Paragraph x table counts of evidence spans (every paragraph, zero where none)."""
    import pandas as pd

    counts = pd.crosstab(coverage["paragraph"], coverage["table"])
    counts = counts.reindex(paragraphs["paragraph"].astype(int), fill_value=0)
    counts.index.name = "paragraph"
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index()


def overview_data(paragraphs: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """The numbers the overview figure draws: one row per paragraph."""
    cov = coverage_by_paragraph(paragraphs, coverage)
    out = paragraphs[["paragraph", "role", "voice", "speaker"]].copy()
    out["characters"] = (paragraphs["char_end"] - paragraphs["char_start"]).astype(int)
    out["evidence_spans"] = cov["total"].to_numpy()
    return out


def voice_summary(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Paragraphs per voice and role, with the first and last paragraph of each."""
    return paragraphs.groupby(["voice", "role"]).agg(
        paragraphs=("paragraph", "count"), first=("paragraph", "min"), last=("paragraph", "max")
    )
