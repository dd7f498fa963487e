"""Theme figures: the frames returned are what the figures draw, selections do what they say."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import arabic, duplicates, text, themes  # noqa: E402
from analysis import theme_figures as TF  # noqa: E402

SEED = "kuna-alrai-2024-11-04"
SPEAKERS = ["all", "emomali-rahmon", "kuna"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def book():
    return themes.load_codebook()


@pytest.fixture(scope="module")
def seed(package, book):
    paragraphs = text.paragraph_table(package, SEED)
    corpus = text.as_corpus(paragraphs, SEED)
    near = duplicates.near_duplicates(corpus, book, paragraphs=duplicates.content_paragraphs(corpus))
    hits = themes.code_corpus(corpus, book)
    return {"paragraphs": paragraphs, "corpus": corpus, "hits": hits,
            "frame": TF.paragraph_frame(paragraphs, near),
            "matrix": themes.paragraph_theme_matrix(hits, corpus, book)}


def _expected_counts(seed, speaker: str, dedupe: bool) -> dict[tuple[str, str], int]:
    """Column sums of the coder matrix over the chosen paragraphs, computed without the module."""
    paras = seed["paragraphs"]
    keep = set(paras["paragraph"].astype(int))
    if speaker != "all":
        keep &= set(paras.loc[paras["speaker"] == speaker, "paragraph"].astype(int))
    if dedupe:
        keep -= {6, 7}  # the two near-duplicates of the seed (7 repeats 5, 6 repeats 4)
    m = seed["matrix"].droplevel("source_id")
    voice = dict(zip(paras["paragraph"].astype(int), paras["voice"]))
    out = {}
    for v in ("reported_speech", "agency"):
        rows = [p for p in sorted(keep) if voice[p] == v]
        if rows:
            out.update({(t, v): int(m.loc[rows, t].sum()) for t in m.columns})
    return out


# ---------------------------------------------------------------- selection

def test_near_duplicates_of_the_seed_are_6_and_7(seed):
    frame = seed["frame"]
    flagged = frame.dropna(subset=["duplicate_of"])
    assert dict(zip(flagged["paragraph"], flagged["duplicate_of"])) == {6: 4, 7: 5}
    assert list(frame["paragraph"]) == list(range(1, 24))


@pytest.mark.parametrize("speaker", SPEAKERS)
def test_selection_keeps_one_speaker_and_drops_duplicates(seed, speaker):
    frame = seed["frame"]
    kept = TF.select(frame, speaker, dedupe=True)
    if speaker != "all":
        assert set(kept["speaker"]) == {speaker}
        assert len(kept) + len(frame[frame["speaker"] != speaker]) == len(frame) - (
            2 if speaker == "emomali-rahmon" else 0)
    assert not {6, 7} & set(kept["paragraph"])
    assert {6, 7} <= set(TF.select(frame, "emomali-rahmon", dedupe=False)["paragraph"])
    assert len(TF.select(frame, "all", dedupe=True)) == 21


# ---------------------------------------------------------------- frequency

@pytest.mark.parametrize("dedupe", [True, False])
@pytest.mark.parametrize("speaker", SPEAKERS)
def test_frequency_counts_are_the_matrix_column_sums(seed, book, speaker, dedupe):
    drawn = TF.frequency_data(seed["matrix"], seed["frame"], book, speaker=speaker, dedupe=dedupe)
    assert list(drawn.columns) == ["theme_id", "label", "voice", "paragraphs", "dedupe"]
    got = {(t, v): int(n) for t, v, n in zip(drawn["theme_id"], drawn["voice"], drawn["paragraphs"])}
    assert got == _expected_counts(seed, speaker, dedupe)
    assert set(drawn["dedupe"]) == {dedupe}


def test_dedupe_takes_paragraphs_6_and_7_out_of_the_counts(seed, book):
    def counts(dedupe):
        d = TF.frequency_data(seed["matrix"], seed["frame"], book, speaker="emomali-rahmon", dedupe=dedupe)
        return dict(zip(d["theme_id"], d["paragraphs"]))

    with_dups, without = counts(False), counts(True)
    # 6 codes cooperation and borders, 7 cooperation and the global threat
    diff = {t: with_dups[t] - without[t] for t in with_dups if with_dups[t] != without[t]}
    assert diff == {"intl_cooperation": 2, "border_security": 1, "global_threat": 1}
    assert (with_dups["intl_cooperation"], without["intl_cooperation"]) == (9, 7)


def test_a_theme_found_only_in_a_duplicate_counts_zero_with_dedupe(seed, book):
    m = seed["matrix"] * 0
    m.loc[(SEED, 7), "capacity_building"] = 1
    for dedupe, expected in ((True, 0), (False, 1)):
        d = TF.frequency_data(m, seed["frame"], book, dedupe=dedupe)
        row = d[(d["theme_id"] == "capacity_building") & (d["voice"] == "reported_speech")]
        assert row["paragraphs"].tolist() == [expected]


def test_frequency_table_shows_both_with_and_without_duplicates(seed, book):
    table = TF.frequency_table(seed["matrix"], seed["frame"], book)
    assert table.loc[("paragraphs", "paragraphs considered")].to_dict() == {
        ("reported_speech", "with"): 10, ("reported_speech", "without"): 8,
        ("agency", "with"): 13, ("agency", "without"): 13, ("total", "with"): 23, ("total", "without"): 21}
    for dedupe, key in ((False, "with"), (True, "without")):
        expected = _expected_counts(seed, "all", dedupe)
        for (t, v), n in expected.items():
            assert table.loc[(t, slice(None)), (v, key)].item() == n
        for t in book.theme_ids:
            assert table.loc[(t, slice(None)), ("total", key)].item() == \
                expected[(t, "reported_speech")] + expected[(t, "agency")]


@pytest.mark.parametrize("speaker", ["all", "kuna"])
def test_frequency_figure_draws_its_frame(seed, book, speaker):
    fig, drawn = TF.frequency_figure(seed["matrix"], seed["frame"], book, "en", speaker=speaker, dedupe=True)
    ax = fig.axes[0]
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


# ---------------------------------------------------------------- paragraph x theme

def _heat_axes(fig, n_themes):
    return next(a for a in fig.axes if a.images and a.images[0].get_array().shape[1] == n_themes)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_heatmap_covers_every_paragraph_and_theme(seed, book, lang):
    fig, drawn = TF.paragraph_heatmap_figure(seed["matrix"], seed["frame"], book, lang, dedupe=True)
    assert list(drawn.columns) == ["paragraph", "role", "voice", "duplicate_of", "theme_id", "present"]
    assert len(drawn) == 23 * len(book.theme_ids)
    assert set(zip(drawn["paragraph"], drawn["theme_id"])) == {
        (p, t) for p in range(1, 24) for t in book.theme_ids}
    m = seed["matrix"].droplevel("source_id")
    assert all(m.at[p, t] == v for p, t, v in zip(drawn["paragraph"], drawn["theme_id"], drawn["present"]))
    dups = drawn.dropna(subset=["duplicate_of"]).drop_duplicates("paragraph")
    assert dict(zip(dups["paragraph"], dups["duplicate_of"])) == {6: 4, 7: 5}
    # the image is the frame: rows in reading order, columns right to left in Arabic
    ax = _heat_axes(fig, len(book.theme_ids))
    cols = book.theme_ids[::-1] if lang == "ar" else book.theme_ids
    grid = drawn.pivot(index="paragraph", columns="theme_id", values="present").loc[range(1, 24), cols]
    assert np.array_equal(np.asarray(ax.images[0].get_array()), grid.to_numpy())
    rows = [t.get_text() for a in fig.axes for t in a.get_yticklabels() if t.get_text()]
    assert "7 · Body  ≈ 5" in rows if lang == "en" else "7 · متن  ≈ 5" in rows


def test_heatmap_of_one_speaker_has_only_their_paragraphs(seed, book):
    _, drawn = TF.paragraph_heatmap_figure(seed["matrix"], seed["frame"], book, speaker="emomali-rahmon")
    assert sorted(set(drawn["paragraph"])) == list(range(4, 14))
    assert set(drawn["voice"]) == {"reported_speech"}


# ---------------------------------------------------------------- co-occurrence

@pytest.mark.parametrize("dedupe", [True, False])
@pytest.mark.parametrize("speaker", SPEAKERS)
def test_cooccurrence_is_symmetric_with_the_frequency_on_the_diagonal(seed, book, speaker, dedupe):
    drawn = TF.cooccurrence_data(seed["matrix"], seed["frame"], book, speaker=speaker, dedupe=dedupe)
    assert list(drawn.columns) == ["theme_a", "theme_b", "paragraphs"]
    co = drawn.pivot(index="theme_a", columns="theme_b", values="paragraphs")
    assert co.equals(co.T.loc[co.index, co.columns])
    freq = TF.frequency_data(seed["matrix"], seed["frame"], book, speaker=speaker, dedupe=dedupe)
    total = freq.groupby("theme_id")["paragraphs"].sum()
    assert {t: int(co.at[t, t]) for t in book.theme_ids} == total.to_dict()


def test_cooccurrence_counts_a_known_pair(seed, book):
    drawn = TF.cooccurrence_data(seed["matrix"], seed["frame"], book, dedupe=False)
    pair = drawn.set_index(["theme_a", "theme_b"])["paragraphs"]
    # cooperation with the global threat: paragraphs 5, 7, 8, 10, 11, 19, 23
    assert pair[("intl_cooperation", "global_threat")] == 7
    assert pair[("socioeconomic_measures", "trafficking_organized_crime")] == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_cooccurrence_figure_draws_its_frame(seed, book, lang):
    fig, drawn = TF.cooccurrence_figure(seed["matrix"], seed["frame"], book, lang)
    ax = fig.axes[0]
    cols = book.theme_ids[::-1] if lang == "ar" else book.theme_ids
    grid = drawn.pivot(index="theme_a", columns="theme_b", values="paragraphs").loc[book.theme_ids, cols]
    assert np.array_equal(np.asarray(ax.images[0].get_array()), grid.to_numpy())
    numbers = [int(t.get_text()) for t in ax.texts if t.get_text().isdigit()]
    assert numbers == grid.to_numpy().ravel().tolist()


# ---------------------------------------------------------------- languages

def test_arabic_figures_use_the_codebook_arabic_labels(seed, book):
    arabic = {t.label_ar for t in book.themes}
    fig, drawn = TF.frequency_figure(seed["matrix"], seed["frame"], book, "ar")
    ax = fig.axes[0]
    assert set(drawn["label"]) == arabic
    assert {t.get_text() for t in ax.get_yticklabels()} == arabic
    assert ax.yaxis.get_ticks_position() == "right" and ax.xaxis_inverted()
    assert ax.get_xlabel() == "عدد الفقرات المرمّزة بالموضوع"
    fig, _ = TF.paragraph_heatmap_figure(seed["matrix"], seed["frame"], book, "ar")
    heat = _heat_axes(fig, len(book.theme_ids))
    top = [t.get_text().replace("\n", " ") for t in heat.get_xticklabels()]
    assert top == [t.label_ar for t in book.themes][::-1]  # first theme on the right
    fig, _ = TF.cooccurrence_figure(seed["matrix"], seed["frame"], book, "ar")
    assert {t.get_text() for t in fig.axes[0].get_yticklabels()} == arabic
    assert fig.axes[0].yaxis.get_ticks_position() == "right"


def test_english_figures_use_english_labels(seed, book):
    _, drawn = TF.frequency_figure(seed["matrix"], seed["frame"], book, "en")
    assert set(drawn["label"]) == {t.label_en for t in book.themes}
    assert TF.codebook_table(book, "ar")["label"].tolist() == [t.label_ar for t in book.themes]


# ---------------------------------------------------------------- bad parameters

@pytest.mark.parametrize("call", [
    lambda s, b: TF.frequency_figure(s["matrix"], s["frame"], b, "en", speaker="rahmon"),
    lambda s, b: TF.paragraph_heatmap_figure(s["matrix"], s["frame"], b, "en", speaker="ALL"),
    lambda s, b: TF.cooccurrence_figure(s["matrix"], s["frame"], b, "en", speaker=""),
    lambda s, b: TF.check_parameters("nobody", "en", s["paragraphs"]),
])
def test_bad_speaker_is_refused_naming_the_allowed_values(seed, book, call):
    with pytest.raises(ValueError, match=r"speaker .* use one of 'all', 'emomali-rahmon', 'kuna'"):
        call(seed, book)


@pytest.mark.parametrize("call", [
    lambda s, b: TF.frequency_figure(s["matrix"], s["frame"], b, "fr"),
    lambda s, b: TF.paragraph_heatmap_figure(s["matrix"], s["frame"], b, "AR"),
    lambda s, b: TF.cooccurrence_figure(s["matrix"], s["frame"], b, ""),
    lambda s, b: TF.check_parameters("all", "english", s["paragraphs"]),
])
def test_bad_lang_is_refused_naming_the_allowed_values(seed, book, call):
    with pytest.raises(ValueError, match=r"lang .* use one of 'en', 'ar'"):
        call(seed, book)
    assert not plt.get_fignums()  # refused before drawing anything


# ---------------------------------------------------------------- keyword in context

def test_hits_in_context_cut_from_the_paragraph_text(seed, book):
    kw = TF.hits_in_context(seed["hits"], seed["frame"], book, per_theme=None, window=3)
    assert len(kw) == len(seed["hits"])
    texts = dict(zip(seed["frame"]["paragraph"], seed["frame"]["text"]))
    for r in kw.itertuples():
        # pre, keyword and post are consecutive in the paragraph, with at most 3 words each side
        assert re.search(r"\s*".join(re.escape(x) for x in (r.pre, r.keyword, r.post) if x), texts[r.paragraph])
        assert len(arabic.tokens(r.pre)) <= 3 and len(arabic.tokens(r.post)) <= 3 and r.keyword
    p9 = kw[(kw["paragraph"] == 9) & (kw["theme_id"] == "extremism_prevention")].iloc[0]
    assert (p9["pre"], p9["keyword"], p9["post"]) == ("وأضاف أن", "منع التطرف", "، خصوصاً بين الشباب")


def test_hits_in_context_caps_each_theme_and_says_how_many(seed, book):
    kw = TF.hits_in_context(seed["hits"], seed["frame"], book, per_theme=5)
    per_theme = kw.groupby("theme_id")["hit"].max()
    total = seed["hits"].groupby("theme_id").size()
    assert (per_theme == total.clip(upper=5).loc[per_theme.index]).all()
    assert (kw.groupby("theme_id")["hits"].first() == total.loc[per_theme.index]).all()
    only_8 = TF.hits_in_context(seed["hits"], seed["frame"], book, paragraphs={8})
    assert set(only_8["paragraph"]) == {8} and len(only_8) == 3


def test_the_paragraph_frame_and_corpus_agree(seed):
    frame, corpus = seed["frame"], seed["corpus"]
    assert frame["paragraph"].tolist() == corpus["paragraph"].tolist()
    assert frame["text"].tolist() == corpus["text"].tolist()
    assert frame["duplicate_of"].dtype == pd.Int64Dtype()
