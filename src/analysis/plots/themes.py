"""The speech-themes figures: theme frequency by voice, paragraph x theme map, theme co-occurrence.

Each function draws a table of :mod:`analysis.theme_tables` for one :class:`~analysis.theme_tables.Reading`
and returns a :class:`analysis.figures.Plot` whose title and caption come from the ``title.<figure-id>``
and ``caption.<figure-id>`` templates of ``data/labels.csv``, filled from the source, the reading and
the data drawn. Right-to-left layout goes through :class:`analysis.figures.Direction`.

Usage::

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from analysis import data, duplicates, text, themes, theme_tables
    >>> from analysis.plots import themes as theme_plots
    >>> pkg = data.load_package()
    >>> sid = pkg.default_source
    >>> paragraphs = text.paragraph_table(pkg, sid)
    >>> corpus = text.as_corpus(paragraphs, sid)
    >>> near = duplicates.near_duplicates(corpus, pkg.codebook, paragraphs=duplicates.content_paragraphs(paragraphs))
    >>> reading = theme_tables.reading(paragraphs, near, speaker="all", dedupe=True)
    >>> matrix = themes.paragraph_theme_matrix(themes.code_corpus(corpus, pkg.codebook), corpus, pkg.codebook)
    >>> drawn = theme_tables.frequency_data(matrix, reading, pkg.codebook, "en")
    >>> plot = theme_plots.frequency_figure(drawn, reading, pkg.source(sid), "en", pkg.labels)
    >>> plot.title
    'What the Kuwait stage is for: paragraphs coded with each theme'
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from analysis import figures
from analysis.plots.voices import VOICE_COLOUR, VOICES, voice_names
from analysis.theme_tables import ALL, theme_labels

if TYPE_CHECKING:
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.labels import Labels
    from analysis.theme_tables import Reading

PRESENT_COLOUR = figures.COLOURS["orange"]
ABSENT_COLOUR = figures.COLOURS["absent"]
HATCH_COLOUR = "#404040"


# ---------------------------------------------------------------- words of titles, captions and notes


def speaker_name(speaker: str, lang: str, labels: Labels) -> str:
    """'all speakers' for :data:`analysis.theme_tables.ALL`, else the actor's short name."""
    return labels("speaker.all", lang) if speaker == ALL else labels.actor(speaker, lang)


def stage_name(stage: int | None, lang: str, labels: Labels) -> str:
    """The stage a source reports on, as the ``stage_name.<n>`` labels name it ('Kuwait stage'), else 'Stage 4';
    'conference' (``stage_name.none``) for a source that reports on no stage."""
    if stage is None:
        return labels("stage_name.none", lang)
    return labels.get(f"stage_name.{stage}", lang) or labels("stage_n", lang).format(n=stage)


def selection_note(reading: Reading, lang: str, labels: Labels) -> str:
    """The grey line under a title: whose paragraphs, and what happened to the near-duplicates."""
    speaker = labels("note.speaker", lang).format(name=speaker_name(reading.speaker, lang, labels))
    if not reading.dedupe:
        selection = labels("note.all_counted", lang)
    elif not reading.duplicates:
        selection = labels("note.deduped_none", lang)
    else:
        pairs = [f"{p} ≈ {d}" for p, d in reading.duplicates]
        listed = pairs[0]
        for pair in pairs[1:]:
            listed = labels("list.comma", lang).format(a=listed, b=pair)
        selection = labels("note.deduped", lang).format(dups=listed)
    return labels("list.semicolon", lang).format(a=speaker, b=selection)


def _caption(figure_id: str, reading: Reading, source: dict, lang: str, labels: Labels) -> str:
    """The caption template of ``figure_id`` filled in: the source, the speaker (its id and its
    name), what was done with near-duplicates, and who the reported speech belongs to."""
    speech = voice_names(reading.frame, lang, labels).get("reported_speech") or labels("voice.reported_speech", lang)
    selection = labels("caption.selection.deduped" if reading.dedupe else "caption.selection.all", lang)
    return labels(f"caption.{figure_id}", lang).format(
        source=labels.source(source, lang),
        speaker_id=reading.speaker,
        speaker=speaker_name(reading.speaker, lang, labels),
        selection=selection,
        speech=speech,
    )


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


# ---------------------------------------------------------------- figures


def frequency_figure(drawn: pd.DataFrame, reading: Reading, source: dict, lang: str, labels: Labels) -> figures.Plot:
    """Figure ``speech-themes-frequency`` of :func:`analysis.theme_tables.frequency_data`: one group
    of bars per theme (the most frequent on top), one bar per voice, every count written (a 0 too)."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    way = figures.Direction(lang)
    figures.use_style(lang)
    themes_ = list(dict.fromkeys(drawn["theme_id"]))
    names = [drawn.loc[drawn["theme_id"] == t, "label"].iloc[0] for t in themes_]
    voices = list(dict.fromkeys(drawn["voice"]))
    legend_names = voice_names(reading.counted, lang, labels)
    n = len(themes_)
    fig, ax = plt.subplots(figsize=(7.6, 0.5 * n + 1.9))
    height = 0.8 / max(len(voices), 1)
    xmax = max(int(drawn["paragraphs"].max()) if len(drawn) else 0, 1) * 1.12 + 0.4
    for k, v in enumerate(voices):
        counts = drawn[drawn["voice"] == v].set_index("theme_id").loc[themes_, "paragraphs"].to_numpy()
        y = np.arange(n) + (k - (len(voices) - 1) / 2) * height
        ax.barh(y, counts, height=height * 0.9, color=VOICE_COLOUR[v], label=legend_names[v])
        for yi, c in zip(y, counts):
            # a zero is written too: "0" is a finding, an empty slot looks like missing data
            ax.text(c + xmax * 0.01, yi, str(int(c)), va="center", fontsize=8, ha=way.ha)
    ax.set_yticks(np.arange(n), names)
    ax.set_ylim(n - 0.5, -0.5)  # most frequent theme on top
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(labels("axis.paragraphs_coded", lang))
    title = labels("title.speech-themes-frequency", lang).format(stage=stage_name(source.get("stage"), lang, labels))
    ax.set_title(title, pad=18, loc=way.ha)
    way.subtitle(ax, selection_note(reading, lang, labels))
    way.orient(ax)
    handles, texts = ax.get_legend_handles_labels()
    way.legend(ax, handles, texts, max(len(voices), 1), loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8.5)
    fig.tight_layout()
    caption = _caption("speech-themes-frequency", reading, source, lang, labels)
    return figures.Plot("speech-themes-frequency", fig, drawn, title, caption, [source["source_id"]])


def paragraph_heatmap_figure(
    drawn: pd.DataFrame, reading: Reading, codebook: Codebook, source: dict, lang: str, labels: Labels
) -> figures.Plot:
    """Figure ``speech-themes-by-paragraph`` of :func:`analysis.theme_tables.heatmap_data`:
    paragraphs (rows, reading order) x themes (columns, from the reading start).

    A strip beside the rows gives each paragraph's voice; the row label gives its number and
    role, and ``≈ n`` when it is a near-duplicate of paragraph ``n`` (its row is hatched).
    """
    # Long because the grid, its row labels, hatching of duplicates and the legend are one layout decision.
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Rectangle

    way = figures.Direction(lang)
    figures.use_style(lang)
    names = theme_labels(codebook, lang)
    ids = way.order(codebook.theme_ids)  # the first theme at the reading start
    paras = drawn.drop_duplicates("paragraph")[["paragraph", "role", "voice", "duplicate_of"]]
    grid = drawn.pivot(index="paragraph", columns="theme_id", values="present")
    grid = grid.loc[paras["paragraph"].to_numpy(), ids].to_numpy()
    n_rows, n_cols = grid.shape

    # constrained layout: tight_layout cannot place two axes sharing y with a figure legend
    fig, pair = plt.subplots(
        1,
        2,
        figsize=(7.8, 0.3 * n_rows + 3.0),
        width_ratios=way.order([0.45, n_cols]),
        sharey=True,
        layout="constrained",
    )
    fig.get_layout_engine().set(wspace=0.01, w_pad=0.02)
    strip, ax = way.order(list(pair))

    ax.imshow(
        grid,
        cmap=ListedColormap([ABSENT_COLOUR, PRESENT_COLOUR]),
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )
    voices = [v for v in VOICES if (paras["voice"] == v).any()]
    strip.imshow(
        np.array([[voices.index(v)] for v in paras["voice"]]),
        cmap=ListedColormap([VOICE_COLOUR[v] for v in voices]),
        vmin=0,
        vmax=max(len(voices) - 1, 1),
        aspect="auto",
        interpolation="nearest",
    )
    _cell_lines((ax, strip), n_rows)
    strip.set_xticks([])

    hatched = [i for i, dup in enumerate(paras["duplicate_of"]) if not _isna(dup)]
    row_names = [
        f"{p} · {labels('role.' + role, lang)}" + ("" if _isna(dup) else f"  ≈ {int(dup)}")
        for p, role, dup in zip(paras["paragraph"], paras["role"], paras["duplicate_of"])
    ]
    for i in hatched:
        ax.add_patch(
            Rectangle((-0.5, i - 0.5), n_cols, 1, fill=False, hatch="////", edgecolor=HATCH_COLOUR, linewidth=0)
        )
    strip.set_yticks(np.arange(n_rows), row_names, fontsize=8)
    ax.tick_params(axis="y", which="both", left=False, right=False, labelleft=False, labelright=False)
    # sharey hides the labels of every axes but the leftmost: set the strip's side explicitly
    strip.tick_params(
        axis="y", which="both", length=0, left=False, right=False, labelleft=not way.rtl, labelright=way.rtl
    )

    # theme names across the top, like a table header; slanted away from the first column
    ax.xaxis.tick_top()
    ax.set_xticks(
        np.arange(n_cols),
        [_wrap(names[t], 22) for t in ids],
        fontsize=8.5,
        rotation=40 * way.sign,
        ha=way.ha,
        multialignment=way.ha,
        rotation_mode="anchor",
    )
    ax.tick_params(axis="x", length=0)

    title = labels("title.speech-themes-by-paragraph", lang)
    fig.suptitle(title, fontsize=11, fontweight="bold", x=way.x(0.02), ha=way.ha)
    _heatmap_legend(fig, reading, voices, bool(hatched), way, lang, labels)
    caption = _caption("speech-themes-by-paragraph", reading, source, lang, labels)
    return figures.Plot("speech-themes-by-paragraph", fig, drawn, title, caption, [source["source_id"]])


def _cell_lines(axes, n_rows: int) -> None:
    """White lines between the cells and no frame, so the map reads like a table."""
    import numpy as np

    for a in axes:
        a.set_xticks(np.arange(-0.5, a.get_xlim()[1], 1), minor=True)
        a.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
        a.grid(which="minor", color="white", linewidth=1.2)
        a.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            a.spines[side].set_visible(False)


def _heatmap_legend(
    fig, reading: Reading, voices: list[str], hatched: bool, way: figures.Direction, lang: str, labels: Labels
) -> None:
    """Coded and not coded, the voices of the strip, and the hatching when a row is hatched."""
    from matplotlib.patches import Patch

    handles = [Patch(color=PRESENT_COLOUR), Patch(facecolor=ABSENT_COLOUR, edgecolor="#d0d0d0")]
    names = [labels("legend.present", lang), labels("legend.absent", lang)]
    shown_voices = voice_names(reading.shown, lang, labels)
    handles += [Patch(color=VOICE_COLOUR[v]) for v in voices]
    names += [shown_voices[v] for v in voices]
    if hatched:
        handles.append(Patch(facecolor="white", edgecolor=HATCH_COLOUR, hatch="////"))
        names.append(labels("legend.duplicate_dropped" if reading.dedupe else "legend.duplicate_kept", lang))
    way.legend(fig, handles, names, 2, loc="outside lower center", fontsize=8)


def _isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def cooccurrence_figure(
    drawn: pd.DataFrame, reading: Reading, codebook: Codebook, source: dict, lang: str, labels: Labels
) -> figures.Plot:
    """Figure ``speech-themes-cooccurrence`` of :func:`analysis.theme_tables.cooccurrence_data`:
    theme x theme paragraph counts, numbers in the cells, the diagonal outlined (it runs from the
    reading start)."""
    # Long because the matrix, its cell labels, the outlined diagonal and the axes are one layout decision.
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Rectangle

    way = figures.Direction(lang)
    figures.use_style(lang)
    names = theme_labels(codebook, lang)
    rows = codebook.theme_ids
    cols = way.order(rows)
    values = drawn.pivot(index="theme_a", columns="theme_b", values="paragraphs").loc[rows, cols].to_numpy()
    n = len(rows)
    fig, ax = plt.subplots(figsize=(7.8, 7.2))
    top = max(int(values.max()) if values.size else 0, 1)
    ax.imshow(values, cmap="Oranges", vmin=0, vmax=top, aspect="equal", interpolation="nearest")
    for i in range(n):
        for j in range(n):
            v = int(values[i, j])
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=9,
                color="white" if v > top * 0.55 else ("#262626" if v else "#8c8c8c"),
            )
    for i, t in enumerate(rows):
        # above the white cell grid, which would otherwise cover the outline
        ax.add_patch(
            Rectangle(
                (cols.index(t) - 0.45, i - 0.45), 0.9, 0.9, fill=False, edgecolor="#262626", linewidth=1.4, zorder=3
            )
        )
    ax.set_xticks(
        np.arange(n),
        [_wrap(names[t], 22) for t in cols],
        fontsize=8.5,
        rotation=40 * way.sign,
        ha=way.end_ha,
        multialignment="right",
        rotation_mode="anchor",
    )
    ax.set_yticks(np.arange(n), [names[t] for t in rows], fontsize=8.5)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if way.rtl:
        ax.yaxis.tick_right()  # the theme names stand at the reading start
    title = labels("title.speech-themes-cooccurrence", lang)
    ax.set_title(title, pad=30, loc=way.ha)
    note = selection_note(reading, lang, labels) + "\n" + labels("note.cooccurrence", lang)
    ax.text(way.x(0.0), 1.01, note, transform=ax.transAxes, fontsize=8, color="#595959", ha=way.ha, va="bottom")
    fig.tight_layout()
    caption = _caption("speech-themes-cooccurrence", reading, source, lang, labels)
    return figures.Plot("speech-themes-cooccurrence", fig, drawn, title, caption, [source["source_id"]])


# ---------------------------------------------------------------- tables


def context_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A keyword-in-context table laid out for reading: ``pre | keyword | post`` read from the
    start of a row in the Arabic report, whose tables run right to left; in the English report,
    left to right, ``post | keyword | pre``, so that the Arabic still reads from the right. The
    ``source_id`` column (one source) is left out."""
    context = figures.Direction(lang).order(["post", "keyword", "pre"])
    rest = [c for c in table.columns if c not in {"source_id", *context}]
    return table[rest + context]
