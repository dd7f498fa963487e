"""Near-duplicate paragraphs (longest shared run of normalised words, names masked)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import text
from analysis.duplicates import MIN_RUN, content_paragraphs, flag_duplicates, near_duplicates, paragraph_words

SEED = "kuna-alrai-2024-11-04"


@pytest.fixture(scope="module")
def table(package):
    return text.paragraph_table(package, SEED)


@pytest.fixture(scope="module")
def seed(table):
    return text.as_corpus(table, SEED)


def corpus(*texts: str, sources: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {"source_id": sources or ["s"] * len(texts), "paragraph": list(range(1, len(texts) + 1)), "text": list(texts)}
    )


def flagged(d: pd.DataFrame) -> dict[int, int]:
    d = d[d["duplicate_of"].notna()]
    return dict(zip(d["paragraph"], d["duplicate_of"].astype(int)))


def test_content_paragraphs_of_the_seed(table, seed):
    # Kicker 1, headline 2, dateline 3 and subheadings 14, 20, 22 are left out.
    assert content_paragraphs(table) == set(range(4, 14)) | set(range(15, 20)) | {21, 23}
    assert content_paragraphs(table, roles={"kicker", "headline"}) == {1, 2}
    with pytest.raises(ValueError, match="role column"):
        content_paragraphs(seed)  # a corpus has no roles


def test_seed_body_duplicates(table, seed, book):
    d = near_duplicates(seed, book, paragraphs=content_paragraphs(table))
    # Paragraph 7 repeats paragraph 5's quotation (شراكتنا في هذا السياق ... الجيوسياسية
    # الراهنة): two runs, 8 words then 10 words, split where paragraph 7 inserts وهي.
    # Paragraph 6 repeats paragraph 4's عاملاً فعّالاً في تعزيز التعاون الدولي (6 words) and
    # الإرهاب وإنشاء آليات حدودية فعّالة (5 words). No other content paragraph shares 5
    # consecutive words with an earlier one (the longest set phrase is 4 words, 19 vs 17).
    assert flagged(d) == {6: 4, 7: 5}
    row = d.set_index("paragraph")
    assert row.loc[7, "longest_run"] == 10 and row.loc[7, "shared_tokens"] >= 18
    assert row.loc[6, "longest_run"] == 6 and row.loc[6, "shared_tokens"] == 11
    assert row.loc[19, "longest_run"] == 4
    assert 0 < row.loc[6, "score"] < row.loc[7, "score"] < 1
    assert row["longest_run"].drop([6, 7]).max() < MIN_RUN
    assert str(d["duplicate_of"].dtype) == "Int64"


def test_headlines_are_why_the_role_filter_exists(seed, book):
    # Over all paragraphs, the headline (1) and the participants subheading (20) summarise
    # later paragraphs, which then look like repeats of them.
    d = flagged(near_duplicates(seed, book))
    assert d[6] == 1 and d[21] == 20 and d[7] == 5


def test_names_are_masked_before_comparing(book):
    a = "قال الوزير إن مسار دوشنبه لمكافحة الإرهاب وتمويله مهم جدا"
    b = "وأعلن السفير أن «مسار دوشانبه لمكافحة الإرهاب وتمويله» ناجح"
    d = near_duplicates(corpus(a, b), book)
    assert flagged(d) == {}
    assert d["longest_run"].max() == 1  # only ان (إن / أن)
    # The same pair without masks shares the six words of the name.
    unmasked = dataclasses.replace(book, mask_regex=None)
    assert flagged(near_duplicates(corpus(a, b), unmasked)) == {2: 1}
    words = paragraph_words(b, book)
    assert words[:3] == ["واعلن", "السفير", "ان"]
    assert all(not isinstance(w, str) for w in words[3:8])  # the name: placeholders


def test_threshold_is_five_consecutive_words(book):
    base = "أكد الوزير ضرورة التعاون الدولي في هذا المجال اليوم"  # إن and أن both read ان
    five = "وقال السفير إن التعاون الدولي في هذا المجال يتطلب الكثير"
    four = "وقال السفير إن التعاون الدولي في هذا العام يتطلب الكثير"
    assert flagged(near_duplicates(corpus(base, five), book)) == {2: 1}
    assert flagged(near_duplicates(corpus(base, four), book)) == {}
    assert flagged(near_duplicates(corpus(base, four), book, min_run=4)) == {2: 1}


def test_spellings_and_diacritics_do_not_hide_a_repeat(book):
    a = "زار الوفد العاصمة الطاجيكية دوشنبه أمس للمشاركة"
    b = "وكان الوفدُ قد زار العاصمةَ الطاجيكية دوشانبه أمس للمشاركة في اللقاء"
    assert flagged(near_duplicates(corpus(a, b), book)) == {2: 1}


def test_the_earliest_of_equally_long_matches_wins_and_sources_are_separate(book):
    a = "أكد الوزير أن التعاون الدولي في هذا المجال ضروري"
    d = near_duplicates(corpus(a, a, a), book)
    assert flagged(d) == {2: 1, 3: 1}
    d = near_duplicates(corpus(a, a, sources=["x", "y"]), book)
    assert flagged(d) == {}


def test_min_run_below_one_is_refused(book):
    with pytest.raises(ValueError, match="min_run"):
        near_duplicates(corpus("a"), book, min_run=0)


def test_flag_duplicates_puts_duplicate_of_after_voice(table, seed, book):
    near = near_duplicates(seed, book, paragraphs=content_paragraphs(table))
    flagged = flag_duplicates(table, near)
    cols = list(flagged.columns)
    assert cols[cols.index("voice") + 1] == "duplicate_of"
    assert str(flagged["duplicate_of"].dtype) == "Int64"
    assert flagged["duplicate_of"].isna().sum() == len(flagged) - 2  # paragraphs not compared are not duplicates
