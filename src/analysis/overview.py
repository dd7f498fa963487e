"""The source overview: paragraph lengths by role and voice, with the evidence each paragraph holds.

Usage::

    >>> from analysis import data, text, overview                     # doctest: +SKIP
    >>> pkg = data.load_package()                                      # doctest: +SKIP
    >>> paras = text.paragraph_table(pkg, "kuna-alrai-2024-11-04")     # doctest: +SKIP
    >>> cov = text.evidence_coverage(pkg, "kuna-alrai-2024-11-04")     # doctest: +SKIP
    >>> fig, drawn = overview.overview_figure(paras, cov, "ar")        # doctest: +SKIP
"""

from __future__ import annotations

from analysis import figures
from analysis.labels import label


def coverage_by_paragraph(paragraphs, coverage):
    """Paragraph x table counts of evidence spans (every paragraph, zero where none)."""
    import pandas as pd

    counts = pd.crosstab(coverage["paragraph"], coverage["table"])
    counts = counts.reindex(paragraphs["paragraph"].astype(int), fill_value=0)
    counts.index.name = "paragraph"
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index()


def overview_data(paragraphs, coverage):
    """The numbers the overview figure draws: one row per paragraph."""
    cov = coverage_by_paragraph(paragraphs, coverage)
    out = paragraphs[["paragraph", "role", "voice", "speaker"]].copy()
    out["characters"] = (paragraphs["char_end"] - paragraphs["char_start"]).astype(int)
    out["evidence_spans"] = cov["total"].to_numpy()
    return out


def overview_figure(paragraphs, coverage, lang: str):
    """Horizontal bars, one per paragraph in reading order: length, coloured by voice; spans noted."""
    import matplotlib.pyplot as plt

    figures.use_style(lang)
    drawn = overview_data(paragraphs, coverage)
    fig, ax = plt.subplots(figsize=(7, 6.5))
    colours = {"reported_speech": figures.PALETTE[0], "agency": figures.PALETTE[7]}
    ylabels = [f"{p} · {label('role.' + r, lang)}" for p, r in zip(drawn["paragraph"], drawn["role"])]
    y = range(len(drawn))
    ax.barh(list(y), drawn["characters"], color=[colours[v] for v in drawn["voice"]])
    for yi, (n, spans) in enumerate(zip(drawn["characters"], drawn["evidence_spans"])):
        if spans:
            ax.text(n, yi, f" {spans}", va="center", ha="right" if lang == "ar" else "left", fontsize=8)
    ax.set_yticks(list(y), ylabels, fontsize=8)
    ax.invert_yaxis()  # reading order from the top
    ax.set_xlabel(label("characters", lang))
    ax.set_title(label("title.source-overview", lang))
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colours.values()]
    ax.legend(handles, [label("voice." + v, lang) for v in colours], loc="upper center",
              bbox_to_anchor=(0.5, -0.09), ncol=2, frameon=False, fontsize=8)
    figures.orient_axes(ax, lang)
    return fig, drawn
