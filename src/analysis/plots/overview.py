"""The source-overview figure: one bar per paragraph in reading order, its length, coloured by voice.

Usage::

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from analysis import data, overview, text
    >>> from analysis.plots.overview import overview_figure
    >>> pkg = data.load_package()
    >>> sid = pkg.default_source
    >>> drawn = overview.overview_data(text.paragraph_table(pkg, sid), text.evidence_coverage(pkg, sid))
    >>> plot = overview_figure(drawn, pkg.source(sid), "en", pkg.labels)
    >>> plot.title
    'Paragraphs of the KUNA report by role and voice'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import figures
from analysis.plots.voices import VOICE_COLOUR, voice_names

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels


def overview_figure(drawn: pd.DataFrame, source: dict, lang: str, labels: Labels) -> figures.Plot:
    """Horizontal bars of :func:`analysis.overview.overview_data`; evidence-span counts at the bar ends."""
    import matplotlib.pyplot as plt

    figures.use_style(lang)
    way = figures.Direction(lang)
    fig, ax = plt.subplots(figsize=(7, 6.5))
    ylabels = [f"{p} · {labels('role.' + r, lang)}" for p, r in zip(drawn["paragraph"], drawn["role"])]
    y = range(len(drawn))
    ax.barh(list(y), drawn["characters"], color=[VOICE_COLOUR[v] for v in drawn["voice"]])
    for yi, (n, spans) in enumerate(zip(drawn["characters"], drawn["evidence_spans"])):
        if spans:
            ax.text(n, yi, f" {spans}", va="center", ha=way.ha, fontsize=8)
    ax.set_yticks(list(y), ylabels, fontsize=8)
    ax.invert_yaxis()  # reading order from the top
    ax.set_xlabel(labels("characters", lang))
    title = labels("title.source-overview", lang).format(source=labels.source(source, lang, "short"))
    ax.set_title(title)
    names = voice_names(drawn, lang, labels)
    handles = [plt.Rectangle((0, 0), 1, 1, color=VOICE_COLOUR[v]) for v in names]
    ax.legend(
        handles,
        list(names.values()),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.09),
        ncol=len(names),
        frameon=False,
        fontsize=8,
    )
    way.orient(ax)
    caption = labels("caption.source-overview", lang).format(source=labels.source(source, lang))
    return figures.Plot("source-overview", fig, drawn, title, caption, [source["source_id"]])
