"""Speech-themes figures: each draws its table, in the figure's language and direction, with computed words."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import duplicates, text, themes
from analysis import theme_tables as TT
from analysis.plots import themes as P

SEED = "kuna-alrai-2024-11-04"


@pytest.fixture(scope="module")
def seed(package, book):
    paragraphs = text.paragraph_table(package, SEED)
    corpus = text.as_corpus(paragraphs, SEED)
    near = duplicates.near_duplicates(corpus, book, paragraphs=duplicates.content_paragraphs(paragraphs))
    return {
        "paragraphs": paragraphs,
        "near": near,
        "source": package.source(SEED),
        "matrix": themes.paragraph_theme_matrix(themes.code_corpus(corpus, book), corpus, book),
    }


def reading(seed, speaker="all", dedupe=True) -> TT.Reading:
    return TT.reading(seed["paragraphs"], seed["near"], speaker, dedupe)


def frequency(seed, book, package, lang="en", speaker="all", dedupe=True):
    r = reading(seed, speaker, dedupe)
    return P.frequency_figure(TT.frequency_data(seed["matrix"], r, book, lang), r, seed["source"], lang, package.labels)


def heatmap(seed, book, package, lang="en", speaker="all", dedupe=True):
    r = reading(seed, speaker, dedupe)
    return P.paragraph_heatmap_figure(
        TT.heatmap_data(seed["matrix"], r, book), r, book, seed["source"], lang, package.labels
    )


def cooccurrence(seed, book, package, lang="en", speaker="all", dedupe=True):
    r = reading(seed, speaker, dedupe)
    return P.cooccurrence_figure(
        TT.cooccurrence_data(seed["matrix"], r, book), r, book, seed["source"], lang, package.labels
    )


def _heat_axes(fig, n_themes):
    return next(a for a in fig.axes if a.images and a.images[0].get_array().shape[1] == n_themes)


# ---------------------------------------------------------------- each figure draws its table


@pytest.mark.parametrize("speaker", ["all", "kuna"])
def test_frequency_figure_draws_its_frame(seed, book, package, speaker):
    plot = frequency(seed, book, package, speaker=speaker)
    drawn, ax = plot.data, plot.fig.axes[0]
    voices = list(dict.fromkeys(drawn["voice"]))
    assert len(ax.containers) == len(voices)
    for container, v in zip(ax.containers, voices):
        widths = [round(p.get_width()) for p in container.patches]
        assert widths == drawn.loc[drawn["voice"] == v, "paragraphs"].tolist()
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == list(dict.fromkeys(drawn["label"]))
    assert names[0] == "International cooperation"  # the most frequent theme on top
    if speaker == "kuna":
        assert voices == ["agency"]
    assert (plot.figure_id, plot.sources) == ("speech-themes-frequency", [SEED])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_heatmap_image_is_its_frame(seed, book, package, lang):
    plot = heatmap(seed, book, package, lang)
    drawn = plot.data
    # the image is the frame: rows in reading order, columns right to left in Arabic
    ax = _heat_axes(plot.fig, len(book.theme_ids))
    cols = book.theme_ids[::-1] if lang == "ar" else book.theme_ids
    grid = drawn.pivot(index="paragraph", columns="theme_id", values="present").loc[range(1, 24), cols]
    assert np.array_equal(np.asarray(ax.images[0].get_array()), grid.to_numpy())
    rows = [t.get_text() for a in plot.fig.axes for t in a.get_yticklabels() if t.get_text()]
    assert "7 · Body  ≈ 5" in rows if lang == "en" else "7 · متن  ≈ 5" in rows


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cooccurrence_figure_draws_its_frame(seed, book, package, lang):
    plot = cooccurrence(seed, book, package, lang)
    ax = plot.fig.axes[0]
    cols = book.theme_ids[::-1] if lang == "ar" else book.theme_ids
    grid = plot.data.pivot(index="theme_a", columns="theme_b", values="paragraphs").loc[book.theme_ids, cols]
    assert np.array_equal(np.asarray(ax.images[0].get_array()), grid.to_numpy())
    numbers = [int(t.get_text()) for t in ax.texts if t.get_text().isdigit()]
    assert numbers == grid.to_numpy().ravel().tolist()


# ---------------------------------------------------------------- languages and words


def test_arabic_figures_use_the_codebook_arabic_labels(seed, book, package):
    arabic = {t.label_ar for t in book.themes}
    plot = frequency(seed, book, package, "ar")
    ax = plot.fig.axes[0]
    assert set(plot.data["label"]) == arabic
    assert {t.get_text() for t in ax.get_yticklabels()} == arabic
    assert ax.yaxis.get_ticks_position() == "right" and ax.xaxis_inverted()
    assert ax.get_xlabel() == "عدد الفقرات المرمّزة بالموضوع"
    heat = _heat_axes(heatmap(seed, book, package, "ar").fig, len(book.theme_ids))
    top = [t.get_text().replace("\n", " ") for t in heat.get_xticklabels()]
    assert top == [t.label_ar for t in book.themes][::-1]  # first theme on the right
    fig = cooccurrence(seed, book, package, "ar").fig
    assert {t.get_text() for t in fig.axes[0].get_yticklabels()} == arabic
    assert fig.axes[0].yaxis.get_ticks_position() == "right"


def test_titles_and_captions_are_filled_from_the_source_and_the_reading(seed, book, package):
    plot = frequency(seed, book, package, "en")
    assert plot.title == "What the Kuwait stage is for: paragraphs coded with each theme"
    assert plot.fig.axes[0].get_title(loc="left") == plot.title
    assert plot.caption == (
        "Paragraphs of the KUNA report (Al-Rai, 4 Nov 2024) coded with each theme by the "
        "dictionary coder, Rahmon's reported speech against the agency's own text; speaker: all; "
        "near-duplicate paragraphs left out."
    )
    assert (
        "speaker: kuna; all paragraphs, near-duplicates included."
        in cooccurrence(seed, book, package, "en", speaker="kuna", dedupe=False).caption
    )
    for make in (frequency, heatmap, cooccurrence):
        ar = make(seed, book, package, "ar")
        # no Latin letter in Arabic words: a stray one reorders the whole line under bidi
        assert not re.search("[A-Za-z]", ar.title + ar.caption), ar.caption
        assert "تقرير كونا" in ar.caption and "كل المتكلمين" in ar.caption


def test_stage_names_for_any_source(package):
    assert P.stage_name(4, "ar", package.labels) == "مرحلة الكويت"
    assert P.stage_name(9, "en", package.labels) == "Stage 9"
    assert P.stage_name(None, "en", package.labels) == "conference"


def test_legends_and_notes_name_the_speakers(seed, book, package):
    ax = frequency(seed, book, package, "en").fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Rahmon's reported speech", "Agency text (KUNA)"]
    notes = [t.get_text() for t in ax.texts if "speaker" in t.get_text()]
    assert notes == ["speaker: all speakers; near-duplicate paragraphs left out (6 ≈ 4, 7 ≈ 5)"]
    fig = heatmap(seed, book, package, "ar", speaker="emomali-rahmon", dedupe=False).fig
    legend = [t.get_text() for t in fig.legends[0].get_texts() if t.get_text()]
    assert "كلام رحمان المنقول" in legend and "نص الوكالة (كونا)" not in legend
    assert any("محتسبة" in t for t in legend)  # near-duplicates hatched and counted
    assert P.selection_note(reading(seed, "kuna"), "ar", package.labels) == "المتكلم: كونا، لا فقرات شبه مكررة"


def test_context_table_reads_from_the_right_in_both_languages():
    table = pd.DataFrame({"source_id": ["s"], "paragraph": [1], "pre": ["a"], "keyword": ["b"], "post": ["c"]})
    assert list(P.context_table(table, "ar").columns) == ["paragraph", "pre", "keyword", "post"]
    assert list(P.context_table(table, "en").columns) == ["paragraph", "post", "keyword", "pre"]


@pytest.mark.parametrize("lang", ["fr", "AR", ""])
def test_bad_lang_is_refused_before_drawing(seed, book, package, lang):
    r = reading(seed)
    calls = [
        lambda: P.frequency_figure(TT.frequency_data(seed["matrix"], r, book), r, seed["source"], lang, package.labels),
        lambda: P.paragraph_heatmap_figure(
            TT.heatmap_data(seed["matrix"], r, book), r, book, seed["source"], lang, package.labels
        ),
        lambda: P.cooccurrence_figure(
            TT.cooccurrence_data(seed["matrix"], r, book), r, book, seed["source"], lang, package.labels
        ),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=r"unknown language .*: use one of en, ar"):
            call()
    assert not plt.get_fignums()  # refused before drawing anything


def test_tables_and_legends_order_the_voices_alike():
    from analysis.plots.voices import VOICES

    assert TT.VOICES == VOICES
