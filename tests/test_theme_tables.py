"""Speech-themes tables: a reading selects what it says, the tables are the matrix's counts, KWIC of the hits."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import arabic, duplicates, text, themes
from analysis import theme_tables as TT

SEED = "kuna-alrai-2024-11-04"
SPEAKERS = ["all", "emomali-rahmon", "kuna"]


@pytest.fixture(scope="module")
def seed(package, book):
    paragraphs = text.paragraph_table(package, SEED)
    corpus = text.as_corpus(paragraphs, SEED)
    near = duplicates.near_duplicates(corpus, book, paragraphs=duplicates.content_paragraphs(paragraphs))
    hits = themes.code_corpus(corpus, book)
    return {
        "paragraphs": paragraphs,
        "corpus": corpus,
        "hits": hits,
        "near": near,
        "frame": TT.paragraph_frame(paragraphs, near),
        "matrix": themes.paragraph_theme_matrix(hits, corpus, book),
    }


def reading(seed, speaker="all", dedupe=True) -> TT.Reading:
    return TT.reading(seed["paragraphs"], seed["near"], speaker, dedupe)


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


# ---------------------------------------------------------------- the reading


def test_near_duplicates_of_the_seed_are_6_and_7(seed):
    frame = seed["frame"]
    flagged = frame.dropna(subset=["duplicate_of"])
    assert dict(zip(flagged["paragraph"], flagged["duplicate_of"])) == {6: 4, 7: 5}
    assert list(frame["paragraph"]) == list(range(1, 24))
    assert reading(seed).duplicates == [(6, 4), (7, 5)]
    assert reading(seed, "kuna").duplicates == []


@pytest.mark.parametrize("speaker", SPEAKERS)
def test_selection_keeps_one_speaker_and_drops_duplicates(seed, speaker):
    frame = seed["frame"]
    kept = TT.select(frame, speaker, dedupe=True)
    if speaker != "all":
        assert set(kept["speaker"]) == {speaker}
        assert len(kept) + len(frame[frame["speaker"] != speaker]) == len(frame) - (
            2 if speaker == "emomali-rahmon" else 0
        )
    assert not {6, 7} & set(kept["paragraph"])
    assert {6, 7} <= set(TT.select(frame, "emomali-rahmon", dedupe=False)["paragraph"])
    assert len(TT.select(frame, "all", dedupe=True)) == 21
    r = reading(seed, speaker, dedupe=True)
    assert r.counted.equals(kept) and r.counted_paragraphs == kept["paragraph"].tolist()
    assert r.shown.equals(TT.select(frame, speaker, dedupe=False))


def test_paragraph_overview_says_what_is_counted(seed):
    table = TT.paragraph_overview(reading(seed, "emomali-rahmon"), seed["near"], width=20)
    assert list(table.columns) == [
        "paragraph",
        "role",
        "speaker",
        "voice",
        "duplicate_of",
        "text",
        "longest_run",
        "counted",
    ]
    counted = set(table.loc[table["counted"], "paragraph"])
    assert counted == set(range(4, 14)) - {6, 7}
    row = table.set_index("paragraph")
    assert row.loc[7, "longest_run"] == 10 and pd.isna(row.loc[1, "longest_run"])  # 1 (kicker) is not compared
    assert all(len(t) <= 21 for t in table["text"]) and table["text"].str.endswith("…").any()


# ---------------------------------------------------------------- frequency


@pytest.mark.parametrize("dedupe", [True, False])
@pytest.mark.parametrize("speaker", SPEAKERS)
def test_frequency_counts_are_the_matrix_column_sums(seed, book, speaker, dedupe):
    drawn = TT.frequency_data(seed["matrix"], reading(seed, speaker, dedupe), book)
    assert list(drawn.columns) == ["theme_id", "label", "voice", "paragraphs", "dedupe"]
    got = {(t, v): int(n) for t, v, n in zip(drawn["theme_id"], drawn["voice"], drawn["paragraphs"])}
    assert got == _expected_counts(seed, speaker, dedupe)
    assert set(drawn["dedupe"]) == {dedupe}


def test_dedupe_takes_paragraphs_6_and_7_out_of_the_counts(seed, book):
    def counts(dedupe):
        d = TT.frequency_data(seed["matrix"], reading(seed, "emomali-rahmon", dedupe), book)
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
        d = TT.frequency_data(m, reading(seed, dedupe=dedupe), book)
        row = d[(d["theme_id"] == "capacity_building") & (d["voice"] == "reported_speech")]
        assert row["paragraphs"].tolist() == [expected]


def test_frequency_table_shows_both_with_and_without_duplicates(seed, book):
    table = TT.frequency_table(seed["matrix"], reading(seed), book)
    assert table.loc[("paragraphs", "paragraphs considered")].to_dict() == {
        ("reported_speech", "with"): 10,
        ("reported_speech", "without"): 8,
        ("agency", "with"): 13,
        ("agency", "without"): 13,
        ("total", "with"): 23,
        ("total", "without"): 21,
    }
    for dedupe, key in ((False, "with"), (True, "without")):
        expected = _expected_counts(seed, "all", dedupe)
        for (t, v), n in expected.items():
            assert table.loc[(t, slice(None)), (v, key)].item() == n
        for t in book.theme_ids:
            assert (
                table.loc[(t, slice(None)), ("total", key)].item()
                == expected[(t, "reported_speech")] + expected[(t, "agency")]
            )
    # the reading's own dedupe does not change the table: both counts are always there
    assert table.equals(TT.frequency_table(seed["matrix"], reading(seed, dedupe=False), book))


def test_labels_follow_the_language(seed, book):
    drawn = TT.frequency_data(seed["matrix"], reading(seed), book, "en")
    assert set(drawn["label"]) == {t.label_en for t in book.themes}
    arabic_labels = TT.frequency_data(seed["matrix"], reading(seed), book, "ar")["label"]
    assert set(arabic_labels) == {t.label_ar for t in book.themes}
    assert TT.codebook_table(book, "ar")["label"].tolist() == [t.label_ar for t in book.themes]
    assert TT.codebook_table(book, "ar")["definition"].tolist() == [t.definition_ar for t in book.themes]
    assert TT.masked_names_table(book)["name_id"].tolist() == [m.name_id for m in book.masked]


# ---------------------------------------------------------------- paragraph x theme


def test_heatmap_covers_every_paragraph_and_theme(seed, book):
    drawn = TT.heatmap_data(seed["matrix"], reading(seed), book)
    assert list(drawn.columns) == ["paragraph", "role", "voice", "duplicate_of", "theme_id", "present"]
    assert len(drawn) == 23 * len(book.theme_ids)
    assert set(zip(drawn["paragraph"], drawn["theme_id"])) == {(p, t) for p in range(1, 24) for t in book.theme_ids}
    m = seed["matrix"].droplevel("source_id")
    assert all(m.at[p, t] == v for p, t, v in zip(drawn["paragraph"], drawn["theme_id"], drawn["present"]))
    dups = drawn.dropna(subset=["duplicate_of"]).drop_duplicates("paragraph")
    assert dict(zip(dups["paragraph"], dups["duplicate_of"])) == {6: 4, 7: 5}


def test_heatmap_of_one_speaker_has_only_their_paragraphs(seed, book):
    drawn = TT.heatmap_data(seed["matrix"], reading(seed, "emomali-rahmon"), book)
    assert sorted(set(drawn["paragraph"])) == list(range(4, 14))
    assert set(drawn["voice"]) == {"reported_speech"}


# ---------------------------------------------------------------- co-occurrence


@pytest.mark.parametrize("dedupe", [True, False])
@pytest.mark.parametrize("speaker", SPEAKERS)
def test_cooccurrence_is_symmetric_with_the_frequency_on_the_diagonal(seed, book, speaker, dedupe):
    r = reading(seed, speaker, dedupe)
    drawn = TT.cooccurrence_data(seed["matrix"], r, book)
    assert list(drawn.columns) == ["theme_a", "theme_b", "paragraphs"]
    co = drawn.pivot(index="theme_a", columns="theme_b", values="paragraphs")
    assert co.equals(co.T.loc[co.index, co.columns])
    freq = TT.frequency_data(seed["matrix"], r, book)
    total = freq.groupby("theme_id")["paragraphs"].sum()
    assert {t: int(co.at[t, t]) for t in book.theme_ids} == total.to_dict()


def test_cooccurrence_counts_a_known_pair(seed, book):
    drawn = TT.cooccurrence_data(seed["matrix"], reading(seed, dedupe=False), book)
    pair = drawn.set_index(["theme_a", "theme_b"])["paragraphs"]
    # cooperation with the global threat: paragraphs 5, 7, 8, 10, 11, 19, 23
    assert pair[("intl_cooperation", "global_threat")] == 7
    assert pair[("socioeconomic_measures", "trafficking_organized_crime")] == 0


def test_a_matrix_of_two_sources_is_refused(seed, book):
    other = seed["matrix"].rename(index={SEED: "other"}, level="source_id")
    with pytest.raises(ValueError, match="2 sources"):
        TT.cooccurrence_data(pd.concat([seed["matrix"], other]), reading(seed), book)


# ---------------------------------------------------------------- bad parameters


@pytest.mark.parametrize(
    "call",
    [
        lambda s: TT.reading(s["paragraphs"], s["near"], "rahmon"),
        lambda s: TT.Reading(s["frame"], "ALL", True),
        lambda s: TT.select(s["frame"], ""),
        lambda s: TT.check_speaker("nobody", s["paragraphs"]),
    ],
)
def test_bad_speaker_is_refused_naming_the_allowed_values(seed, call):
    with pytest.raises(ValueError, match=r"speaker .* use one of 'all', 'emomali-rahmon', 'kuna'"):
        call(seed)


@pytest.mark.parametrize(
    "call",
    [
        lambda s, b: TT.frequency_data(s["matrix"], reading(s), b, "fr"),
        lambda s, b: TT.codebook_table(b, "AR"),
        lambda s, b: TT.hits_in_context(s["hits"], s["corpus"], b, ""),
        lambda s, b: TT.frequency_table(s["matrix"], reading(s), b, "english"),
    ],
)
def test_bad_lang_is_refused_naming_the_allowed_values(seed, book, call):
    with pytest.raises(ValueError, match=r"unknown language .*: use one of en, ar"):
        call(seed, book)


# ---------------------------------------------------------------- keyword in context


def test_hits_in_context_cut_from_the_paragraph_text(seed, book):
    kw = TT.hits_in_context(seed["hits"], seed["corpus"], book, per_theme=None, window=3)
    assert len(kw) == len(seed["hits"])
    texts = dict(zip(seed["frame"]["paragraph"], seed["frame"]["text"]))
    for r in kw.itertuples():
        # pre, keyword and post are consecutive in the paragraph, with at most 3 words each side
        assert re.search(r"\s*".join(re.escape(x) for x in (r.pre, r.keyword, r.post) if x), texts[r.paragraph])
        assert len(arabic.tokens(r.pre)) <= 3 and len(arabic.tokens(r.post)) <= 3 and r.keyword
    p9 = kw[(kw["paragraph"] == 9) & (kw["theme_id"] == "extremism_prevention")].iloc[0]
    assert (p9["pre"], p9["keyword"], p9["post"]) == ("وأضاف أن", "منع التطرف", "، خصوصاً بين الشباب")


def test_hits_in_context_caps_each_theme_and_says_how_many(seed, book):
    kw = TT.hits_in_context(seed["hits"], seed["corpus"], book, per_theme=5)
    per_theme = kw.groupby("theme_id")["hit"].max()
    total = seed["hits"].groupby("theme_id").size()
    assert (per_theme == total.clip(upper=5).loc[per_theme.index]).all()
    assert (kw.groupby("theme_id")["hits"].first() == total.loc[per_theme.index]).all()
    only_8 = TT.hits_in_context(seed["hits"], seed["corpus"], book, paragraphs={8})
    assert set(only_8["paragraph"]) == {8} and len(only_8) == 3
    # themes in codebook order, hits in reading order within a theme
    order = [book.theme_ids.index(t) for t in kw["theme_id"]]
    assert order == sorted(order)


def test_the_paragraph_frame_and_corpus_agree(seed):
    frame, corpus = seed["frame"], seed["corpus"]
    assert frame["paragraph"].tolist() == corpus["paragraph"].tolist()
    assert frame["text"].tolist() == corpus["text"].tolist()
    assert frame["duplicate_of"].dtype == pd.Int64Dtype()


# ---------------------------------------------------------------- against the hand coding


def test_hand_matrix_and_explained_disagreements(package, seed, book):
    hand = TT.hand_matrix(package, SEED)
    assert list(hand.columns) == book.theme_ids and len(hand) == 23
    cells = TT.explained_disagreements(seed["matrix"], hand, seed["corpus"], package.hand_coding)
    assert len(cells) == len(themes.disagreements(seed["matrix"], hand))
    assert cells["rationale_en"].notna().all()
    # a source with no hand coding: an empty matrix, and each validation table says so in one line
    none = TT.hand_matrix(package, "nowhere")
    assert none.empty and list(none.columns) == book.theme_ids
    note = TT.agreement_table(seed["matrix"], none, "nowhere")
    assert list(note.columns) == ["note"] and note["note"].iloc[0].startswith("no hand coding of nowhere")
    assert TT.agreement_table(seed["matrix"], hand, SEED).equals(themes.agreement(seed["matrix"], hand))
