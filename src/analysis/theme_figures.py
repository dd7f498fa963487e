"""What the speech says the Kuwait stage is for: theme counts, paragraph x theme map, co-occurrence.

The coder (:mod:`analysis.themes`) gives a 0/1 paragraph x theme matrix; this module selects
the paragraphs a reading asks for (one speaker or all, near-duplicates kept or dropped) and
draws three figures, each returned as ``(fig, drawn)`` where ``drawn`` is exactly the data
drawn (it becomes the figure's CSV):

* ``speech-themes-frequency``: paragraphs coded with each theme, by voice (Rahmon's reported
  speech, the agency's own text); CSV theme_id, label, voice, paragraphs, dedupe;
* ``speech-themes-by-paragraph``: every paragraph of the chosen speaker in reading order
  against every theme, near-duplicates hatched; CSV paragraph, role, voice, duplicate_of,
  theme_id, present;
* ``speech-themes-cooccurrence``: theme x theme paragraph counts (diagonal: the theme's own
  count); CSV theme_a, theme_b, paragraphs.

A near-duplicate is a paragraph that repeats a run of at least five words of an earlier one
(:mod:`analysis.duplicates`); with ``dedupe`` it is left out of counts, so a sentence the
report prints twice is counted once.

Usage::

    >>> from analysis import data, text, themes, duplicates, theme_figures as TF  # doctest: +SKIP
    >>> pkg = data.load_package()                                               # doctest: +SKIP
    >>> paras = text.paragraph_table(pkg, "kuna-alrai-2024-11-04")              # doctest: +SKIP
    >>> corpus = text.as_corpus(paras, "kuna-alrai-2024-11-04")                 # doctest: +SKIP
    >>> book = themes.load_codebook()                                           # doctest: +SKIP
    >>> dups = duplicates.near_duplicates(corpus, book,
    ...                                   paragraphs=duplicates.content_paragraphs(corpus))  # doctest: +SKIP
    >>> frame = TF.paragraph_frame(paras, dups)                                 # doctest: +SKIP
    >>> matrix = themes.paragraph_theme_matrix(themes.code_corpus(corpus, book), corpus, book)  # doctest: +SKIP
    >>> fig, drawn = TF.frequency_figure(matrix, frame, book, "ar", speaker="all", dedupe=True)  # doctest: +SKIP
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from analysis import arabic, duplicates, figures
from analysis.labels import LABELS, LANGS, label

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.themes import Codebook

#: The ``speaker`` value that selects every paragraph.
ALL = "all"
#: Voices in drawing order: the speech first, as the question is about the speech.
VOICES = ("reported_speech", "agency")
VOICE_COLOUR = {"reported_speech": figures.PALETTE[0], "agency": figures.PALETTE[7]}
PRESENT_COLOUR = figures.PALETTE[1]
ABSENT_COLOUR = "#f2f2f2"

LABELS.update({
    "title.speech-themes-frequency": ("What the Kuwait stage is for: paragraphs coded with each theme",
                                      "الغاية من مرحلة الكويت: عدد الفقرات المرمّزة بكل موضوع"),
    "title.speech-themes-by-paragraph": ("Themes paragraph by paragraph, in reading order",
                                         "الموضوعات فقرةً فقرة بترتيب القراءة"),
    "title.speech-themes-cooccurrence": ("Themes coded in the same paragraph",
                                         "الموضوعات المرمّزة في الفقرة نفسها"),
    "axis.paragraphs_coded": ("Paragraphs coded with the theme", "عدد الفقرات المرمّزة بالموضوع"),
    "axis.theme": ("Theme", "الموضوع"),
    "note.deduped": ("near-duplicate paragraphs left out ({dups})",
                     "من دون الفقرات شبه المكررة ({dups})"),
    "note.deduped_none": ("no near-duplicate paragraphs to leave out",
                          "لا فقرات شبه مكررة"),
    "note.all_counted": ("every paragraph counted, near-duplicates included",
                         "احتُسبت كل الفقرات بما فيها شبه المكررة"),
    "note.speaker": ("speaker: {name}", "المتكلم: {name}"),
    "note.cooccurrence": ("cell: paragraphs coded with both themes; diagonal (outlined): with the theme",
                          "الخانة: عدد الفقرات المرمّزة بالموضوعين معاً؛ القطر (المؤطَّر): بالموضوع وحده"),
    "speaker.all": ("all speakers", "كل المتكلمين"),
    "speaker.emomali-rahmon": ("Rahmon", "رحمان"),
    "speaker.kuna": ("KUNA", "كونا"),
    "legend.present": ("theme coded", "الموضوع مرمّز"),
    "legend.absent": ("not coded", "غير مرمّز"),
    # no Latin letter in the Arabic: a stray "n" reorders the whole line under bidi
    "legend.duplicate_dropped": ("hatched: near-duplicate (≈ the paragraph it repeats), left out of the counts",
                                 "مظلَّلة: فقرة شبه مكررة (≈ رقم الفقرة التي تكررها)، مستبعدة من العدّ"),
    "legend.duplicate_kept": ("hatched: near-duplicate (≈ the paragraph it repeats), counted",
                              "مظلَّلة: فقرة شبه مكررة (≈ رقم الفقرة التي تكررها)، محتسبة"),
})


# ---------------------------------------------------------------- parameters

def check_lang(lang: str) -> str:
    """``lang`` when it is a figure language; ValueError naming the allowed values otherwise."""
    if lang not in LANGS:
        allowed = ", ".join(repr(x) for x in LANGS)
        raise ValueError(f"lang {lang!r} is not allowed: use one of {allowed}")
    return lang


def speakers(paragraphs: "pd.DataFrame") -> list[str]:
    """The values ``speaker`` may take for these paragraphs: 'all', then each speaker's actor_id."""
    return [ALL, *sorted(set(paragraphs["speaker"].dropna().astype(str)))]


def check_speaker(speaker: str, paragraphs: "pd.DataFrame") -> str:
    """``speaker`` when it is 'all' or a speaker of ``paragraphs``; ValueError naming the allowed values."""
    allowed = speakers(paragraphs)
    if not isinstance(speaker, str) or speaker not in allowed:
        raise ValueError(f"speaker {speaker!r} is not allowed: use one of "
                         f"{', '.join(repr(s) for s in allowed)}")
    return speaker


def check_parameters(speaker: str, lang: str, paragraphs: "pd.DataFrame") -> None:
    """Both checks at once, so a notebook fails on its first cell rather than halfway."""
    check_lang(lang)
    check_speaker(speaker, paragraphs)


def speaker_name(speaker: str, lang: str) -> str:
    key = f"speaker.{speaker}"
    return label(key, lang) if key in LABELS else speaker


# ---------------------------------------------------------------- tables

def paragraph_frame(paragraphs: "pd.DataFrame", near_dups: "pd.DataFrame") -> "pd.DataFrame":
    """One row per paragraph: paragraph, role, speaker, voice, duplicate_of (<NA> when none), text."""
    flagged = duplicates.flag_duplicates(paragraphs, near_dups)
    return flagged[["paragraph", "role", "speaker", "voice", "duplicate_of", "text"]]


def select(frame: "pd.DataFrame", speaker: str = ALL, dedupe: bool = True) -> "pd.DataFrame":
    """The rows of :func:`paragraph_frame` a reading counts: one speaker's (or all), without
    near-duplicates when ``dedupe``."""
    check_speaker(speaker, frame)
    keep = frame["paragraph"].notna()
    if speaker != ALL:
        keep &= frame["speaker"] == speaker
    if dedupe:
        keep &= frame["duplicate_of"].isna()
    return frame[keep.astype(bool)]


def theme_labels(codebook: "Codebook", lang: str) -> dict[str, str]:
    """theme_id -> the codebook's label in ``lang``, in codebook order."""
    check_lang(lang)
    return {t.theme_id: (t.label_ar if lang == "ar" else t.label_en) for t in codebook.themes}


def codebook_table(codebook: "Codebook", lang: str = "en") -> "pd.DataFrame":
    """theme_id, label (in ``lang``), definition (in ``lang``), patterns, exclusions."""
    import pandas as pd

    check_lang(lang)
    rows = [(t.theme_id, t.label_ar if lang == "ar" else t.label_en,
             t.definition_ar if lang == "ar" else t.definition_en,
             " | ".join(t.patterns), " | ".join(t.exclusions)) for t in codebook.themes]
    return pd.DataFrame(rows, columns=["theme_id", "label", "definition", "patterns", "exclusions"])


def masked_names_table(codebook: "Codebook") -> "pd.DataFrame":
    """name_id, pattern (expressions, long form first), label_en, note."""
    import pandas as pd

    rows = [(m.name_id, " | ".join(m.patterns), m.label_en, m.note) for m in codebook.masked]
    return pd.DataFrame(rows, columns=["name_id", "pattern", "label_en", "note"])


def _by_paragraph(matrix: "pd.DataFrame") -> "pd.DataFrame":
    """The matrix indexed by paragraph number alone (one source)."""
    import pandas as pd

    if isinstance(matrix.index, pd.MultiIndex):
        sources = matrix.index.get_level_values("source_id").unique()
        if len(sources) > 1:
            raise ValueError(f"matrix covers {len(sources)} sources: select one first")
        matrix = matrix.droplevel("source_id")
    out = (matrix > 0).astype("int64")
    out.index = out.index.astype("int64")
    return out


def _rows(matrix: "pd.DataFrame", rows: "pd.DataFrame") -> "pd.DataFrame":
    m = _by_paragraph(matrix)
    missing = sorted(set(rows["paragraph"]) - set(m.index))
    if missing:
        raise ValueError(f"paragraph(s) {missing} are not in the theme matrix")
    return m.loc[rows["paragraph"].to_numpy()]


def frequency_data(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                   lang: str = "en", *, speaker: str = ALL, dedupe: bool = True) -> "pd.DataFrame":
    """theme_id, label, voice, paragraphs, dedupe: paragraphs coded with each theme per voice,
    over the selected paragraphs; voices with no selected paragraph are left out.

    Themes are ordered by their total count (largest first; ties in codebook order).
    """
    import pandas as pd

    labels = theme_labels(codebook, lang)
    rows = select(frame, speaker, dedupe)
    m = _rows(matrix, rows)
    voices = [v for v in VOICES if (rows["voice"] == v).any()]
    sums = {v: m[(rows["voice"] == v).to_numpy()].sum() for v in voices}
    total = m.sum()
    order = sorted(labels, key=lambda t: (-int(total.get(t, 0)), list(labels).index(t)))
    out = pd.DataFrame([(t, labels[t], v, int(sums[v].get(t, 0)), bool(dedupe))
                        for t in order for v in voices],
                       columns=["theme_id", "label", "voice", "paragraphs", "dedupe"])
    return out.astype({"paragraphs": "int64", "dedupe": "bool"})


def frequency_table(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                    lang: str = "en", *, speaker: str = ALL) -> "pd.DataFrame":
    """Paragraphs coded with each theme, by voice, with and without near-duplicates.

    Index (theme_id, label) in codebook order, then a last row ``paragraphs`` counting the
    paragraphs considered (the denominator). Columns (voice, duplicates): the voices, then
    ``total``; ``with`` counts every paragraph, ``without`` leaves near-duplicates out.
    """
    import pandas as pd

    labels = theme_labels(codebook, lang)
    columns, data = [], {}
    for dedupe, key in ((False, "with"), (True, "without")):
        rows = select(frame, speaker, dedupe)
        m = _rows(matrix, rows)
        for v in (*VOICES, "total"):
            sel = (rows["voice"] == v).to_numpy() if v != "total" else slice(None)
            part = m[sel]
            data[(v, key)] = [int(part[t].sum()) if t in part else 0 for t in labels] + [len(part)]
    for v in (*VOICES, "total"):
        columns += [(v, "with"), (v, "without")]
    index = pd.MultiIndex.from_tuples([*labels.items(), ("paragraphs", "paragraphs considered")],
                                      names=["theme_id", "label"])
    out = pd.DataFrame({c: data[c] for c in columns}, index=index)
    out.columns = pd.MultiIndex.from_tuples(columns, names=["voice", "duplicates"])
    return out.astype("int64")


def heatmap_data(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook", *,
                 speaker: str = ALL) -> "pd.DataFrame":
    """paragraph, role, voice, duplicate_of, theme_id, present: every paragraph of the speaker
    (near-duplicates included, they are marked, not hidden) x every theme, reading order."""
    import pandas as pd

    rows = select(frame, speaker, dedupe=False)
    m = _rows(matrix, rows)
    ids = codebook.theme_ids
    recs = [(int(p), r, v, d, t, int(m.at[int(p), t]) if t in m.columns else 0)
            for p, r, v, d in zip(rows["paragraph"], rows["role"], rows["voice"], rows["duplicate_of"])
            for t in ids]
    out = pd.DataFrame(recs, columns=["paragraph", "role", "voice", "duplicate_of", "theme_id", "present"])
    return out.astype({"paragraph": "int64", "role": "str", "voice": "str", "duplicate_of": "Int64",
                       "present": "int64"})


def cooccurrence_data(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook", *,
                      speaker: str = ALL, dedupe: bool = True) -> "pd.DataFrame":
    """theme_a, theme_b, paragraphs: selected paragraphs coded with both themes (all pairs,
    codebook order; theme_a == theme_b gives the theme's own count)."""
    import pandas as pd

    from analysis.themes import cooccurrence

    rows = select(frame, speaker, dedupe)
    m = _rows(matrix, rows).reindex(columns=codebook.theme_ids, fill_value=0)
    co = cooccurrence(m)
    ids = codebook.theme_ids
    out = pd.DataFrame([(a, b, int(co.at[a, b])) for a in ids for b in ids],
                       columns=["theme_a", "theme_b", "paragraphs"])
    return out.astype({"paragraphs": "int64"})


def hits_in_context(hits: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                    lang: str = "en", *, paragraphs=None, window: int = 5,
                    per_theme: int | None = 5) -> "pd.DataFrame":
    """Keyword in context for the coder's hits: theme_id, label, hit, hits, paragraph,
    sentence, pre, keyword, post.

    ``pre``/``post`` are the ``window`` words of the paragraph text before/after
    ``char_start``/``char_end`` (punctuation between them kept). ``paragraphs``: the paragraph
    numbers to keep (default all). ``hit`` numbers a theme's hits in reading order and
    ``hits`` is how many it has; with ``per_theme`` only the first hits of each theme are kept.
    """
    import pandas as pd

    labels = theme_labels(codebook, lang)
    texts = dict(zip(frame["paragraph"].astype("int64"), frame["text"].astype(str)))
    h = hits if paragraphs is None else hits[hits["paragraph"].isin(list(paragraphs))]
    h = h[h["paragraph"].isin(list(texts))]
    words = {p: arabic.tokens(texts[p]) for p in set(h["paragraph"].astype(int))}
    recs = []
    for tid in labels:
        th = h[h["theme_id"] == tid].sort_values(["paragraph", "char_start"], kind="stable")
        for k, r in enumerate(th.itertuples(index=False), start=1):
            if per_theme is not None and k > per_theme:
                break
            text, ws = texts[int(r.paragraph)], words[int(r.paragraph)]
            before = [w for w in ws if w.end <= r.char_start][-window:] if window > 0 else []
            after = [w for w in ws if w.start >= r.char_end][:window] if window > 0 else []
            pre = text[before[0].start:r.char_start].strip() if before else ""
            post = text[r.char_end:after[-1].end].strip() if after else ""
            recs.append((tid, labels[tid], k, len(th), int(r.paragraph), int(r.sentence), pre,
                         text[r.char_start:r.char_end], post))
    out = pd.DataFrame(recs, columns=["theme_id", "label", "hit", "hits", "paragraph", "sentence",
                                      "pre", "keyword", "post"])
    return out.astype({"hit": "int64", "hits": "int64", "paragraph": "int64", "sentence": "int64"})


# ---------------------------------------------------------------- drawing helpers

def _selection_note(frame: "pd.DataFrame", speaker: str, dedupe: bool, lang: str) -> str:
    sep = "، " if lang == "ar" else "; "
    parts = [label("note.speaker", lang).format(name=speaker_name(speaker, lang))]
    dups = select(frame, speaker, dedupe=False)
    dups = dups[dups["duplicate_of"].notna()]
    if dedupe:
        if dups.empty:
            parts.append(label("note.deduped_none", lang))
        else:
            listed = "، ".join if lang == "ar" else ", ".join
            parts.append(label("note.deduped", lang).format(
                dups=listed(f"{p} ≈ {d}" for p, d in zip(dups["paragraph"], dups["duplicate_of"]))))
    else:
        parts.append(label("note.all_counted", lang))
    return sep.join(parts)


def _subtitle(ax, text: str, lang: str) -> None:
    ax.text(1.0 if lang == "ar" else 0.0, 1.01, text, transform=ax.transAxes, fontsize=8.5,
            color="#595959", ha="right" if lang == "ar" else "left", va="bottom")


def _legend(target, handles: list, names: list[str], ncol: int, rtl: bool, **kw):
    """A legend whose first entry is top left (LTR) or top right (RTL).

    Matplotlib fills columns left to right; for RTL the columns are padded to equal length
    with blank entries and put in reverse order, so reading starts at the right.
    """
    from matplotlib.patches import Patch

    handles, names = list(handles), list(names)
    if rtl:
        rows = -(-len(handles) // ncol)
        pad = rows * ncol - len(handles)
        handles += [Patch(facecolor="none", edgecolor="none")] * pad
        names += [""] * pad
        cols = [list(range(c * rows, (c + 1) * rows)) for c in range(ncol)][::-1]
        order = [i for col in cols for i in col]
        handles, names = [handles[i] for i in order], [names[i] for i in order]
    return target.legend(handles, names, ncol=ncol, frameon=False, markerfirst=not rtl, **kw)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


# ---------------------------------------------------------------- figures

def frequency_figure(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                     lang: str = "en", *, speaker: str = ALL,
                     dedupe: bool = True) -> "tuple[Figure, pd.DataFrame]":
    """Figure ``speech-themes-frequency``: one group of bars per theme, one bar per voice."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    check_lang(lang)
    drawn = frequency_data(matrix, frame, codebook, lang, speaker=speaker, dedupe=dedupe)
    figures.use_style(lang)
    themes_ = list(dict.fromkeys(drawn["theme_id"]))
    names = [drawn.loc[drawn["theme_id"] == t, "label"].iloc[0] for t in themes_]
    voices = list(dict.fromkeys(drawn["voice"]))
    n = len(themes_)
    fig, ax = plt.subplots(figsize=(7.6, 0.5 * n + 1.9))
    height = 0.8 / max(len(voices), 1)
    top = int(drawn["paragraphs"].max()) if len(drawn) else 0
    xmax = max(top, 1) * 1.12 + 0.4
    for k, v in enumerate(voices):
        counts = drawn[drawn["voice"] == v].set_index("theme_id").loc[themes_, "paragraphs"].to_numpy()
        y = np.arange(n) + (k - (len(voices) - 1) / 2) * height
        ax.barh(y, counts, height=height * 0.9, color=VOICE_COLOUR[v], label=label(f"voice.{v}", lang))
        for yi, c in zip(y, counts):
            # a zero is written too: "0" is a finding, an empty slot looks like missing data
            ax.text(c + xmax * 0.01, yi, str(int(c)), va="center", fontsize=8,
                    ha="right" if lang == "ar" else "left")
    ax.set_yticks(np.arange(n), names)
    ax.set_ylim(n - 0.5, -0.5)  # most frequent theme on top
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(label("axis.paragraphs_coded", lang))
    ax.set_title(label("title.speech-themes-frequency", lang), pad=18,
                 loc="right" if lang == "ar" else "left")
    _subtitle(ax, _selection_note(frame, speaker, dedupe, lang), lang)
    figures.orient_axes(ax, lang)
    handles, texts = ax.get_legend_handles_labels()
    _legend(ax, handles, texts, max(len(voices), 1), lang == "ar", loc="upper center",
            bbox_to_anchor=(0.5, -0.12), fontsize=8.5)
    fig.tight_layout()
    return fig, drawn


def paragraph_heatmap_figure(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                             lang: str = "en", *, speaker: str = ALL,
                             dedupe: bool = True) -> "tuple[Figure, pd.DataFrame]":
    """Figure ``speech-themes-by-paragraph``: paragraphs (rows, reading order) x themes (columns).

    A strip beside the rows gives each paragraph's voice; the row label gives its number and
    role, and ``≈ n`` when it is a near-duplicate of paragraph ``n`` (its row is hatched).
    Arabic: themes run right to left and the row labels stand on the right.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    check_lang(lang)
    drawn = heatmap_data(matrix, frame, codebook, speaker=speaker)
    figures.use_style(lang)
    rtl = lang == "ar"
    labels = theme_labels(codebook, lang)
    ids = codebook.theme_ids[::-1] if rtl else codebook.theme_ids  # RTL: first theme on the right
    paras = drawn.drop_duplicates("paragraph")[["paragraph", "role", "voice", "duplicate_of"]]
    grid = drawn.pivot(index="paragraph", columns="theme_id", values="present")
    grid = grid.loc[paras["paragraph"].to_numpy(), ids].to_numpy()
    n_rows, n_cols = grid.shape

    ratios = [n_cols, 0.45] if rtl else [0.45, n_cols]
    # constrained layout: tight_layout cannot place two axes sharing y with a figure legend
    fig, pair = plt.subplots(1, 2, figsize=(7.8, 0.3 * n_rows + 3.0), width_ratios=ratios,
                             sharey=True, layout="constrained")
    fig.get_layout_engine().set(wspace=0.01, w_pad=0.02)
    ax, strip = (pair[0], pair[1]) if rtl else (pair[1], pair[0])

    ax.imshow(grid, cmap=ListedColormap([ABSENT_COLOUR, PRESENT_COLOUR]), vmin=0, vmax=1,
              aspect="auto", interpolation="nearest")
    voice_codes = np.array([[VOICES.index(v)] for v in paras["voice"]])
    strip.imshow(voice_codes, cmap=ListedColormap([VOICE_COLOUR[v] for v in VOICES]), vmin=0,
                 vmax=len(VOICES) - 1, aspect="auto", interpolation="nearest")
    for a in (ax, strip):
        a.set_xticks(np.arange(-0.5, a.get_xlim()[1], 1), minor=True)
        a.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
        a.grid(which="minor", color="white", linewidth=1.2)
        a.tick_params(which="minor", length=0)
        for side in ("top", "right", "left", "bottom"):
            a.spines[side].set_visible(False)
    strip.set_xticks([])

    hatch_dups = []
    row_names = []
    for i, (p, role, dup) in enumerate(zip(paras["paragraph"], paras["role"], paras["duplicate_of"])):
        name = f"{p} · {label('role.' + role, lang)}"
        if not _isna(dup):
            name += f"  ≈ {int(dup)}"
            hatch_dups.append(i)
        row_names.append(name)
    for i in hatch_dups:
        ax.add_patch(Rectangle((-0.5, i - 0.5), n_cols, 1, fill=False, hatch="////",
                               edgecolor="#404040", linewidth=0))
    strip.set_yticks(np.arange(n_rows), row_names, fontsize=8)
    ax.tick_params(axis="y", which="both", left=False, right=False, labelleft=False, labelright=False)
    # sharey hides the labels of every axes but the leftmost: set the strip's side explicitly
    strip.tick_params(axis="y", which="both", length=0, left=False, right=False,
                      labelleft=not rtl, labelright=rtl)

    # theme names across the top, like a table header; slanted away from the first column
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(n_cols), [_wrap(labels[t], 22) for t in ids], fontsize=8.5,
                  rotation=-40 if rtl else 40, ha="right" if rtl else "left",
                  multialignment="right" if rtl else "left", rotation_mode="anchor")
    ax.tick_params(axis="x", length=0)

    fig.suptitle(label("title.speech-themes-by-paragraph", lang), fontsize=11, fontweight="bold",
                 x=0.98 if rtl else 0.02, ha="right" if rtl else "left")
    handles = [Patch(color=PRESENT_COLOUR), Patch(facecolor=ABSENT_COLOUR, edgecolor="#d0d0d0")]
    names = [label("legend.present", lang), label("legend.absent", lang)]
    handles += [Patch(color=VOICE_COLOUR[v]) for v in VOICES if (paras["voice"] == v).any()]
    names += [label(f"voice.{v}", lang) for v in VOICES if (paras["voice"] == v).any()]
    if hatch_dups:
        handles.append(Patch(facecolor="white", edgecolor="#404040", hatch="////"))
        names.append(label("legend.duplicate_dropped" if dedupe else "legend.duplicate_kept", lang))
    _legend(fig, handles, names, 2, rtl, loc="outside lower center", fontsize=8)
    return fig, drawn


def _isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def cooccurrence_figure(matrix: "pd.DataFrame", frame: "pd.DataFrame", codebook: "Codebook",
                        lang: str = "en", *, speaker: str = ALL,
                        dedupe: bool = True) -> "tuple[Figure, pd.DataFrame]":
    """Figure ``speech-themes-cooccurrence``: theme x theme paragraph counts, numbers in the cells."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.patches import Rectangle

    check_lang(lang)
    drawn = cooccurrence_data(matrix, frame, codebook, speaker=speaker, dedupe=dedupe)
    figures.use_style(lang)
    rtl = lang == "ar"
    labels = theme_labels(codebook, lang)
    rows = codebook.theme_ids
    cols = rows[::-1] if rtl else rows  # RTL: the diagonal runs from the top right
    grid = drawn.pivot(index="theme_a", columns="theme_b", values="paragraphs").loc[rows, cols]
    values = grid.to_numpy()
    n = len(rows)
    fig, ax = plt.subplots(figsize=(7.8, 7.2))
    top = max(int(values.max()) if values.size else 0, 1)
    ax.imshow(values, cmap="Oranges", vmin=0, vmax=top, aspect="equal", interpolation="nearest")
    for i in range(n):
        for j in range(n):
            v = int(values[i, j])
            ax.text(j, i, str(v), ha="center", va="center", fontsize=9,
                    color="white" if v > top * 0.55 else ("#262626" if v else "#8c8c8c"))
    for i, t in enumerate(rows):
        j = cols.index(t)
        # above the white cell grid, which would otherwise cover the outline
        ax.add_patch(Rectangle((j - 0.45, i - 0.45), 0.9, 0.9, fill=False, edgecolor="#262626",
                               linewidth=1.4, zorder=3))
    ax.set_xticks(np.arange(n), [_wrap(labels[t], 22) for t in cols], fontsize=8.5,
                  rotation=-40 if rtl else 40, ha="left" if rtl else "right",
                  multialignment="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(n), [labels[t] for t in rows], fontsize=8.5)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="both", length=0)
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    if rtl:
        ax.yaxis.tick_right()
    ax.set_title(label("title.speech-themes-cooccurrence", lang), pad=30,
                 loc="right" if rtl else "left")
    note = _selection_note(frame, speaker, dedupe, lang) + "\n" + label("note.cooccurrence", lang)
    ax.text(1.0 if rtl else 0.0, 1.01, note, transform=ax.transAxes, fontsize=8, color="#595959",
            ha="right" if rtl else "left", va="bottom")
    fig.tight_layout()
    return fig, drawn
