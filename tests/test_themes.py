"""Theme codebook, coder, masks, offsets, matrices, KWIC, agreement and the hand coding."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import arabic, data, text
from analysis import themes as T
from analysis.corpus import generate_corpus, text_sentences
from analysis.errors import DataError

SEED = "kuna-alrai-2024-11-04"
THEME_IDS = [
    "intl_cooperation",
    "border_security",
    "terrorism_financing",
    "extremism_prevention",
    "socioeconomic_measures",
    "capacity_building",
    "trafficking_organized_crime",
    "global_threat",
    "dialogue_best_practices",
]


@pytest.fixture(scope="module")
def seed(package):
    return text.as_corpus(text.paragraph_table(package, SEED), SEED)


@pytest.fixture(scope="module")
def sentences(package):
    return text_sentences(package.text(SEED))


@pytest.fixture(scope="module")
def seed_hits(seed, book):
    return T.code_corpus(seed, book)


def corpus(*texts: str, source: str = "s") -> pd.DataFrame:
    return pd.DataFrame(
        {"source_id": [source] * len(texts), "paragraph": list(range(1, len(texts) + 1)), "text": list(texts)}
    )


def coded(book, text: str) -> list[tuple[str, str]]:
    hits = T.code_corpus(corpus(text), book)
    return list(zip(hits["theme_id"], hits["match"]))


# --- codebook -------------------------------------------------------------------------


def test_codebook_has_the_required_themes_with_definitions(book):
    assert set(THEME_IDS) <= set(book.theme_ids)
    for t in book.themes:
        assert (t.patterns or t.rules) and t.definition_en and t.definition_ar and t.label_ar
    assert {"conference_title", "process_name", "declaration_title", "institutions"} <= {m.name_id for m in book.masked}


def rewrite(path: Path, edit) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as info:
        data.load_package(data_dir)
    return str(info.value)


def test_bad_pattern_names_file_row_and_field(data_copy):
    def edit(rows):
        col = rows[0].index("patterns")
        rows[2][col] = rows[2][col] + " | تعاون (("  # data row 2 = spreadsheet row 3

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    msg = load_error(data_copy)
    assert "themes.csv:3:patterns:" in msg and "تعاون ((" in msg


def test_raw_regex_that_does_not_compile(data_copy):
    def edit(rows):
        col = rows[0].index("exclusions")
        rows[4][col] = "re:[غير"

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    msg = load_error(data_copy)
    assert "themes.csv:5:exclusions:" in msg and "does not compile" in msg


def test_duplicate_theme_id(data_copy):
    def edit(rows):
        rows[4][0] = rows[1][0]

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    msg = load_error(data_copy)
    assert "themes.csv:5:theme_id:" in msg and THEME_IDS[0] in msg


def test_missing_column(data_copy):
    def edit(rows):
        col = rows[0].index("exclusions")
        for r in rows:
            del r[col]

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    msg = load_error(data_copy)
    assert "themes.csv:1:exclusions:" in msg and "lacks column(s) exclusions" in msg


def test_a_theme_needs_patterns_or_rules(data_copy):
    def edit(rows):
        rows[3][rows[0].index("patterns")] = "  "

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    data.load_package(data_copy)  # terrorism_financing still has its rules

    def drop_rules(rows):
        rows[:] = [r for r in rows if r[0] != "terrorism_financing"]

    rewrite(data_copy / "codebook" / "rules.csv", drop_rules)
    assert "themes.csv:4:patterns: empty patterns and no rule" in load_error(data_copy)


def test_bad_masked_name_pattern_and_missing_variants_column(data_copy):
    def edit(rows):
        rows[2][1] = "مسار - دوشنبه"

    rewrite(data_copy / "codebook" / "masked_names.csv", edit)
    assert "masked_names.csv:3:pattern:" in load_error(data_copy)
    (data_copy / "codebook" / "name_variants.csv").write_text("canonical,language,note\n", encoding="utf-8")
    assert "name_variants.csv:1:variant:" in load_error(data_copy)


def test_every_problem_is_reported_at_once(data_copy):
    def edit(rows):
        rows[1][rows[0].index("label_en")] = ""
        rows[3][0] = "Bad Id"

    rewrite(data_copy / "codebook" / "themes.csv", edit)
    msg = load_error(data_copy)
    assert "themes.csv:2:label_en" in msg and "themes.csv:4:theme_id" in msg


# --- the coder on small fixtures ------------------------------------------------------


def test_coder_reports_original_spans_with_clitics_and_marks(book):
    text = "نؤكّد أهمية التعاونِ الدوليّ، وبالتعاون مع الشركاء لمنع تهريب الأسلحة."
    hits = T.code_corpus(corpus(text), book)
    for s, e, m in zip(hits["char_start"], hits["char_end"], hits["match"]):
        assert text[s:e] == m
    # the overlapping hits of one theme (cooperation near international, cooperation near partners,
    # partners in a security context) are joined into one
    assert list(zip(hits["theme_id"], hits["match"])) == [
        ("intl_cooperation", "التعاونِ الدوليّ، وبالتعاون مع الشركاء"),
        ("trafficking_organized_crime", "تهريب"),
    ]


def test_sentence_numbers_inside_the_paragraph(book):
    text = "قال الوزير ذلك. وأكد أهمية الشراكة؟ ثم تحدث عن تمويل الإرهاب؛ وعن 2.5 مليون لبرامج تدريب الشرطة"
    hits = T.code_corpus(corpus(text), book)
    assert list(zip(hits["theme_id"], hits["sentence"])) == [
        ("intl_cooperation", 2),
        ("terrorism_financing", 3),
        ("capacity_building", 4),
    ]


def test_exclusions_drop_hits_inside_an_organisation_name(book):
    assert coded(book, "اجتماع مجلس الأمن الدولي لبحث الإرهاب") == []
    assert coded(book, "خطر الإرهاب يهدد الأمن الدولي") == [("global_threat", "الأمن الدولي")]
    assert coded(book, "قمة مجلس التعاون مع الشركاء في مكافحة الإرهاب") == [("intl_cooperation", "الشركاء")]
    assert coded(book, "التعاون مع الشركاء في مكافحة الإرهاب")[0] == ("intl_cooperation", "التعاون مع الشركاء")


def test_masked_names_do_not_code_by_themselves(book):
    title = "«تعزيز التعاون الدولي في مكافحة الإرهاب وبناء آليات مرنة لأمن الحدود»"
    assert coded(book, f"افتتح مؤتمر {title} أمس") == []
    # The same words outside a name code their themes.
    assert {t for t, _ in coded(book, "يجب تعزيز التعاون الدولي وتشديد الرقابة على الحدود")} == {
        "intl_cooperation",
        "border_security",
    }
    # Process name, in either spelling, and the declaration title.
    assert coded(book, "مسار دوشنبه لمكافحة الإرهاب وتمويله") == []
    assert coded(book, "عملية «دوشانبه لمكافحة الإرهاب وتمويله»") == []
    assert coded(book, "الإرهاب وتمويله") == [("terrorism_financing", "الإرهاب وتمويله")]
    assert coded(book, "اعتماد «إعلان الكويت في شأن أمن الحدود وإدارتها»") == []


def test_seed_masking(seed_hits):
    p5 = seed_hits[seed_hits["paragraph"] == 5]
    # The conference title in paragraph 5 holds التعاون الدولي and لأمن الحدود: masked.
    assert "border_security" not in set(p5["theme_id"])
    assert "التعاون الدولي" not in set(p5["match"])
    # Paragraph 5 still codes cooperation from its own words (the partnership quotation).
    assert any(m.startswith("شراكتنا") for m in p5["match"])
    # The process name holds "terrorism and its financing": paragraphs 4, 6 and 15 do not
    # code terrorism_financing; bullet 17 says it in its own words and does.
    fin = set(seed_hits.loc[seed_hits["theme_id"] == "terrorism_financing", "paragraph"])
    assert not fin & {4, 6, 7, 15}
    assert 17 in fin
    # Paragraph 21 holds nothing but the title and participants.
    assert 21 not in set(seed_hits["paragraph"])


def test_coder_is_pure_and_deterministic(book, seed):
    before = seed.copy(deep=True)
    first = T.code_corpus(seed, book)
    shuffled = seed.sample(frac=1, random_state=3)
    assert seed.equals(before)
    pd.testing.assert_frame_equal(first, T.code_corpus(seed, book))
    pd.testing.assert_frame_equal(first, T.code_corpus(shuffled, book))
    keys = list(zip(first["source_id"], first["paragraph"], first["char_start"], first["char_end"], first["theme_id"]))
    assert keys == sorted(keys)


def test_coder_on_an_empty_corpus_and_odd_text(book):
    empty = T.code_corpus(corpus(), book)
    pd.testing.assert_frame_equal(empty, T.empty_hits())
    assert list(empty.columns) == list(T.HIT_COLUMNS)
    odd = T.code_corpus(corpus("", "ﻷمم ﷺ\u200f التعاون الدولي", "text without Arabic"), book)
    assert list(odd["paragraph"]) == [2]
    assert odd["match"].iloc[0] == "التعاون الدولي"


def test_coder_runs_unchanged_under_dask_map_partitions(book, sentences):
    # Coding is a pure function of one partition: dask.dataframe's map_partitions gives the pandas result.
    dd = pytest.importorskip("dask.dataframe")
    big = generate_corpus(300, seed=5, sentences=sentences)
    whole = T.code_corpus(big, book)
    ddf = dd.from_pandas(big, npartitions=5, sort=False)
    coded = ddf.map_partitions(T.code_corpus, book, meta=T.empty_hits()).compute(scheduler="threads")
    joined = coded.sort_values(["source_id", "paragraph", "char_start", "char_end", "theme_id"], ignore_index=True)
    assert ddf.npartitions == 5
    pd.testing.assert_frame_equal(joined, whole)


def test_synthetic_corpus_offsets_are_exact(book, sentences):
    big = generate_corpus(2000, seed=1, sentences=sentences)
    hits = T.code_corpus(big, book)
    texts = dict(zip(zip(big["source_id"], big["paragraph"]), big["text"]))
    assert len(hits) > 2000
    assert all(
        texts[(s, p)][a:b] == m
        for s, p, a, b, m in zip(
            hits["source_id"], hits["paragraph"], hits["char_start"], hits["char_end"], hits["match"]
        )
    )


# --- matrices, co-occurrence -----------------------------------------------------------


def test_paragraph_theme_matrix_has_every_paragraph_and_theme(book, seed, seed_hits):
    m = T.paragraph_theme_matrix(seed_hits, seed, book)
    assert list(m.columns) == book.theme_ids
    assert list(m.index.get_level_values("paragraph")) == list(range(1, 24))
    assert set(m.to_numpy().ravel()) <= {0, 1}
    assert m.loc[(SEED, 9), "socioeconomic_measures"] == 1
    assert m.loc[(SEED, 3)].sum() == 0
    with pytest.raises(ValueError, match="unknown paragraph"):
        T.paragraph_theme_matrix(seed_hits, seed[seed["paragraph"] < 5], book)


def test_cooccurrence_counts_paragraphs_with_both_themes():
    m = pd.DataFrame({"a": [1, 1, 0, 1], "b": [1, 0, 0, 1], "c": [0, 0, 1, 0]})
    co = T.cooccurrence(m)
    assert co.loc["a", "b"] == co.loc["b", "a"] == 2
    assert co.loc["a", "a"] == 3 and co.loc["c", "c"] == 1 and co.loc["a", "c"] == 0


# --- KWIC and offsets ---------------------------------------------------------------------


def test_kwic_finds_both_dushanbe_spellings(seed, book):
    k = T.kwic(seed, "دوشنبه", book.variants)
    assert {"دوشنبه", "دوشانبه"} <= set(k["keyword"])
    assert set(k.loc[k["keyword"] == "دوشانبه", "paragraph"]) == {15, 16, 21}
    assert T.kwic(seed, "دوشانبه", book.variants).equals(k)
    only = T.kwic(seed, "دوشنبه", variants={})
    assert set(only["keyword"]) == {"دوشنبه"}
    assert len(only) < len(k)
    for p, s, e, kw in zip(k["paragraph"], k["char_start"], k["char_end"], k["keyword"]):
        assert seed.loc[seed["paragraph"] == p, "text"].iloc[0][s:e] == kw


def test_kwic_window_and_clitics(seed, book):
    k = T.kwic(seed, "الأمم المتحدة", book.variants, window=3)
    assert list(k["keyword"]) == ["الأمم المتحدة", "للأمم المتحدة", "للأمم المتحدة"]
    row = k.iloc[0]
    assert row["paragraph"] == 8
    assert row["pre"] == "بلاده، بالتعاون مع"
    assert row["post"] == "والشركاء الدوليين الآخرين"
    assert T.kwic(seed, "الأمم المتحدة", book.variants, window=0)["pre"].eq("").all()


def test_kwic_of_a_bad_term_is_a_value_error(seed):
    with pytest.raises(ValueError):
        T.kwic(seed, "تعاون ((", {})


def test_source_offsets_index_the_raw_text(package, book):
    paragraphs = text.paragraph_table(package, SEED)
    raw = package.text(SEED)
    k = T.to_source_offsets(T.kwic(text.as_corpus(paragraphs, SEED), "دوشنبه", book.variants), paragraphs)
    assert len(k) > 5
    assert all(raw[s:e] == kw for s, e, kw in zip(k["char_start"], k["char_end"], k["keyword"]))
    hits = T.to_source_offsets(T.code_corpus(text.as_corpus(paragraphs, SEED), book), paragraphs)
    assert all(raw[s:e] == m for s, e, m in zip(hits["char_start"], hits["char_end"], hits["match"]))


def test_keyword_in_context_keeps_the_span_columns(seed):
    spans = pd.DataFrame({"source_id": [SEED], "paragraph": [8], "char_start": [0], "char_end": [4], "x": ["kept"]})
    out = T.keyword_in_context(spans, seed, window=2)
    assert list(out.columns) == ["source_id", "paragraph", "char_start", "char_end", "x", "pre", "keyword", "post"]
    paragraph = seed.loc[seed["paragraph"] == 8, "text"].iloc[0]
    assert out["keyword"].iloc[0] == paragraph[:4] and out["pre"].iloc[0] == ""
    assert paragraph[4:].lstrip().startswith(out["post"].iloc[0]) and len(arabic.tokens(out["post"].iloc[0])) == 2
    empty = T.keyword_in_context(spans.iloc[:0], seed)
    assert empty.empty and str(empty["pre"].dtype) == "str"


texts_with_marks = st.text(alphabet=st.sampled_from("ابتدرسعلمنهويةأإآىؤئءـًٌٍَُِّْ\u200fﻷﻻ ،.«»x"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(texts_with_marks, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_original_spans_is_alignment_span_for_many_spans(texts, rnd):
    # The one offset mapper gives, for every span at once, what Alignment.span gives for each.
    aligns = [arabic.Alignment(t) for t in texts]
    spans = [(k, s, e) for k, a in enumerate(aligns) for s in range(len(a.norm)) for e in range(s + 1, len(a.norm) + 1)]
    spans = rnd.sample(spans, min(len(spans), 60))
    para, starts, ends = (np.asarray(c, dtype=np.int64) for c in (zip(*spans) if spans else ([], [], [])))
    o_start, o_end = T.original_spans(aligns, para, starts, ends)
    assert [(int(a), int(b)) for a, b in zip(o_start, o_end)] == [aligns[k].span(s, e) for k, s, e in spans]


# --- agreement -------------------------------------------------------------------------


def matrix(cols: dict[str, list[int]]) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    idx = pd.MultiIndex.from_tuples([("s", i) for i in range(1, n + 1)], names=["source_id", "paragraph"])
    return pd.DataFrame(cols, index=idx)


def test_agreement_on_a_hand_worked_example():
    # Theme a over 10 paragraphs: tp=3, fp=1, fn=2, tn=4.
    #   precision 3/4, recall 3/5, f1 = 2*3/(2*3+1+2) = 2/3
    #   po = 7/10; coder yes 4, hand yes 5: pe = (4*5 + 6*5)/100 = 0.5; kappa = 0.2/0.5 = 0.4
    # Theme b: never coded by either: every ratio 0/0 -> NaN (pe = 1 for kappa).
    # Micro (20 cells): tp=3, fp=1, fn=2, tn=14; po = 17/20;
    #   pe = (4*5 + 16*15)/400 = 0.65; kappa = 0.2/0.35 = 4/7.
    coder = matrix({"a": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0], "b": [0] * 10})
    hand = matrix({"a": [1, 1, 1, 0, 1, 1, 0, 0, 0, 0], "b": [0] * 10})
    ag = T.agreement(coder, hand)
    a = ag.loc["a"]
    assert (a["tp"], a["fp"], a["fn"], a["tn"]) == (3, 1, 2, 4)
    assert a["precision"] == pytest.approx(0.75)
    assert a["recall"] == pytest.approx(0.6)
    assert a["f1"] == pytest.approx(2 / 3)
    assert a["cohen_kappa"] == pytest.approx(0.4)
    b = ag.loc["b"]
    assert b["tn"] == 10
    assert all(math.isnan(b[c]) for c in ("precision", "recall", "f1", "cohen_kappa"))
    micro = ag.loc["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"], micro["tn"]) == (3, 1, 2, 14)
    assert micro["cohen_kappa"] == pytest.approx(4 / 7)
    assert list(ag.index) == ["a", "b", "micro"]


def test_perfect_and_opposite_agreement():
    x = matrix({"a": [1, 0, 1, 0]})
    assert T.agreement(x, x).loc["a", "cohen_kappa"] == pytest.approx(1.0)
    assert T.agreement(x, 1 - x).loc["a", "cohen_kappa"] == pytest.approx(-1.0)


def test_disagreements_list_the_differing_cells():
    coder = matrix({"a": [1, 0, 1], "b": [0, 0, 1]})
    hand = matrix({"a": [1, 1, 1], "b": [0, 0, 0]})
    texts = pd.DataFrame({"source_id": ["s"] * 3, "paragraph": [1, 2, 3], "text": ["x", "y", "z"]})
    d = T.disagreements(coder, hand, texts)
    assert d[["paragraph", "theme_id", "coder", "hand", "text"]].values.tolist() == [
        [2, "a", 0, 1, "y"],
        [3, "b", 1, 0, "z"],
    ]
    with pytest.raises(ValueError):
        T.agreement(coder, matrix({"a": [1, 0], "b": [0, 0]}))


def test_seed_agreement_is_computed_on_every_paragraph_and_theme(package, book, seed, seed_hits):
    hand = T.hand_coding_matrix(package.hand_coding[package.hand_coding["source_id"] == SEED], book)
    coder = T.paragraph_theme_matrix(seed_hits, seed, book)
    ag = T.agreement(coder, hand)
    assert list(ag.index) == book.theme_ids + ["micro"]
    assert (ag[["tp", "fp", "fn", "tn"]].drop(index="micro").sum(axis=1) == 23).all()
    # A floor, not a target: patterns that stop matching their own themes fail here.
    assert ag.loc["micro", "f1"] >= 0.8
    d = T.disagreements(coder, hand, seed)
    assert len(d) == ag.loc["micro", "fp"] + ag.loc["micro", "fn"]


# --- hand coding -----------------------------------------------------------------------


def test_hand_coding_covers_every_seed_paragraph(package, seed):
    hand = package.hand_coding
    assert list(hand["paragraph"]) == list(seed["paragraph"])
    assert set(hand["source_id"]) == {SEED}
    assert all(hand["rationale_en"].str.len() > 0)
    assert all(isinstance(ts, tuple) for ts in hand["themes"])
    # Headings, dateline and the participant list carry no theme.
    none = set(hand.loc[hand["themes"].map(len) == 0, "paragraph"])
    assert {3, 14, 20, 22} <= none


@pytest.mark.parametrize(
    "row, needle",
    [
        ("kuna-alrai-2024-11-04,x,intl_cooperation,r", "paragraph_themes.csv:3:paragraph:"),
        ("kuna-alrai-2024-11-04,0,,r", "paragraph_themes.csv:3:paragraph"),
        (
            "kuna-alrai-2024-11-04,2,intl_cooperation;no_such_theme,r",
            "paragraph_themes.csv:3:themes: unknown theme id 'no_such_theme'",
        ),
        (
            "kuna-alrai-2024-11-04,2,border_security;border_security,r",
            "paragraph_themes.csv:3:themes: theme id repeated",
        ),
        (
            "kuna-alrai-2024-11-04,1,,again",
            "paragraph_themes.csv:3: primarykey error: the same as in the row at position 2",
        ),
        (",2,,r", "paragraph_themes.csv:3:source_id:"),
    ],
)
def test_hand_coding_errors(data_copy, row, needle):
    anchor = ",0123456789ab"  # a well-formed paragraph anchor (its check is not what is tested here)
    (data_copy / "annotations" / "paragraph_themes.csv").write_text(
        "source_id,paragraph,themes,rationale_en,anchor\nkuna-alrai-2024-11-04,1,border_security,r"
        + anchor
        + "\n"
        + row
        + anchor
        + "\n",
        encoding="utf-8",
    )
    assert any(needle in str(p) for p in data.validate_package(data_copy))


def test_hand_coding_missing_column(data_copy):
    (data_copy / "annotations" / "paragraph_themes.csv").write_text(
        "source_id,paragraph,rationale_en\n", encoding="utf-8"
    )
    problems = [str(p) for p in data.validate_package(data_copy)]
    assert any("paragraph_themes.csv:1:themes:" in p for p in problems), problems


# --- synthetic corpus ------------------------------------------------------------------


def test_generate_corpus_is_deterministic_and_made_of_seed_sentences(sentences):
    a = generate_corpus(500, seed=7, sentences=sentences)
    pd.testing.assert_frame_equal(a, generate_corpus(500, seed=7, sentences=sentences))
    assert not a["text"].equals(generate_corpus(500, seed=8, sentences=sentences)["text"])
    assert list(a.columns) == ["source_id", "paragraph", "text"]
    assert a.groupby("source_id")["paragraph"].apply(lambda s: list(s) == list(range(1, len(s) + 1))).all()
    assert len(set(sentences)) > 25
    for text_ in a["text"].head(50):
        rest = text_
        while rest:  # peel seed sentences off the front: nothing else is in the text
            head = next(s for s in sorted(set(sentences), key=len, reverse=True) if rest.startswith(s))
            rest = rest[len(head) :].lstrip(" ")
    assert len(generate_corpus(0, sentences=sentences)) == 0
    with pytest.raises(ValueError, match="no sentences"):
        generate_corpus(3, sentences=[])


def test_text_sentences_are_the_sentences_of_each_paragraph():
    assert text_sentences("قال. ثم أضاف؟\n\nنعم") == ["قال.", "ثم أضاف؟", "نعم"]
