"""Arabic normalisation, offsets, tokens, clitic-tolerant patterns, name variants, scanner."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import arabic
from analysis.arabic import (
    Alignment, PatternError, Scanner, compile_pattern, fold_variants, load_variants, normalize,
    normalize_with_offsets, split_sentences, tokens, variant_map,
)
from analysis.corpus import source_corpus
from analysis.paths import DATA_DIR

ARABIC_CHARS = "".join(chr(c) for c in range(0x0600, 0x0700)) + "".join(
    chr(c) for c in range(0xFB50, 0xFB60)) + "ﻷﻻﷲﷺ" + " .،؟«»-\n"
arabic_text = st.text(alphabet=st.sampled_from(ARABIC_CHARS), max_size=80)
any_text = st.one_of(st.text(max_size=80), arabic_text)


def matches(pattern: str, text: str, variants=None) -> list[str]:
    """Original spans of the text matched by a pattern (through the alignment)."""
    a = Alignment(text)
    out = []
    for m in compile_pattern(pattern, variants).finditer(a.norm):
        s, e = a.span(m.start(), m.end())
        out.append(text[s:e])
    return out


# --- normalisation ----------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("التطرّف", "التطرف"),                    # shadda
    ("مُعزّز", "معزز"),                        # damma + shadda
    ("عاملاً فعّالاً", "عاملا فعالا"),          # tanwin fath
    ("تهديداً عالمياً", "تهديدا عالميا"),
    ("الكويـــت", "الكويت"),                   # tatweel
    ("لـ(مسار", "ل(مسار"),
    ("أمن إعلان آليات ٱلله", "امن اعلان اليات الله"),  # hamza/madda/wasla alef forms
    ("المؤتمر", "الموتمر"),                    # waw with hamza
    ("شركائها الناشئة", "شركايها الناشيه"),     # yeh with hamza, taa marbuta
    ("المرحلة", "المرحله"),                    # taa marbuta
    ("الرؤى على", "الرؤي علي".replace("ؤ", "و")),  # alef maksura -> yeh
    ("هذٰا", "هذا"),                           # superscript alef
    ("ذٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ", "ذلك الكتب لا ريب"),  # Quranic marks; superscript alef dropped
    ("ﻷمم", "لامم"),                           # presentation-form ligature (NFKC)
    ("جزء", "جزء"),                            # bare hamza kept
    ("", ""),
])
def test_normalize_cases(raw, expected):
    assert normalize(raw) == expected


def test_normalize_folds_spelling_variants_of_the_same_word():
    assert normalize("التطرّف") == normalize("التطرف")
    assert normalize("مسؤولية") == normalize("مسوولية") == "مسووليه"
    assert normalize("مسئولية") == "مسيوليه"  # ئ folds to ي, not to و
    assert normalize("إدارة") == normalize("ادارة") == normalize("أدارة")


@given(any_text)
def test_normalize_is_idempotent_and_total(text):
    once = normalize(text)
    assert normalize(once) == once


@given(any_text)
def test_offsets_point_at_original_characters_and_are_monotone(text):
    norm, offsets = normalize_with_offsets(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(text) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))


@given(any_text)
def test_fast_path_agrees_with_the_character_by_character_definition(text):
    assert normalize_with_offsets(text) == arabic._normalize_slow(text)


@given(any_text)
def test_alignment_offsets_agree_with_the_offset_list(text):
    norm, offsets = normalize_with_offsets(text)
    a = Alignment(text)
    assert a.norm == norm
    assert [a.offset(i) for i in range(len(norm))] == offsets
    for i in range(len(norm)):
        s, e = a.span(i, i + 1)
        assert s == offsets[i] and s < e <= len(text)


def test_offsets_of_a_word_with_marks_include_its_marks():
    text = "في التطرّفِ اليوم"
    a = Alignment(text)
    i = a.norm.index("التطرف")
    s, e = a.span(i, i + len("التطرف"))
    assert text[s:e] == "التطرّفِ"


# --- tokens and sentences ---------------------------------------------------------------

@given(any_text)
def test_token_text_is_the_original_slice(text):
    toks = tokens(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
        assert t.start < t.end
        assert re.fullmatch(r"\w+", t.norm)
    assert [t.start for t in toks] == sorted(t.start for t in toks)


@given(st.text(alphabet=st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآةىؤئءًٌٍَُِّْـ .،"), max_size=60))
def test_token_norm_is_the_normalised_token_text(text):
    # Without NFKC expansions, each token's text normalises to exactly its norm.
    for t in tokens(text):
        assert normalize(t.text) == t.norm


def test_tokens_of_a_seed_phrase():
    toks = tokens("للأمم المتحدة، والتعاون")
    assert [(t.text, t.norm, t.start, t.end) for t in toks] == [
        ("للأمم", "للامم", 0, 5), ("المتحدة", "المتحده", 6, 13), ("والتعاون", "والتعاون", 15, 23)]


def test_split_sentences_on_arabic_and_latin_terminators():
    text = "قال الرئيس. ثم أضاف؟ نعم؛ وفي 2.5 مليون! انتهى"
    assert [s.text for s in split_sentences(text)] == [
        "قال الرئيس.", "ثم أضاف؟", "نعم؛", "وفي 2.5 مليون!", "انتهى"]
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


# --- clitics and the pattern language ---------------------------------------------------

@pytest.mark.parametrize("pattern, text, found", [
    ("الأمم المتحدة", "ووكيل الأمين العام للأمم المتحدة لمكافحة", ["للأمم المتحدة"]),
    ("الأمم المتحدة", "بالتعاون مع الأمم المتحدة", ["الأمم المتحدة"]),
    ("الأمم المتحدة", "والأمم المتحدة وبالأمم المتحدة", ["والأمم المتحدة", "وبالأمم المتحدة"]),
    ("تعاون", "والتعاون بالتعاون للتعاون فالتعاون تعاون", ["والتعاون", "بالتعاون", "للتعاون",
                                                          "فالتعاون", "تعاون"]),
    ("تعاون", "التعاونية تعاونا", []),                  # no * : no suffix
    ("تعاون*", "التعاونية تعاونا", ["التعاونية", "تعاونا"]),
    ("تعاون دولي", "التعاون الدولي", ["التعاون الدولي"]),
    ("تعاون دولي", "تعزيز التعاونِ الدوليّ", ["التعاونِ الدوليّ"]),   # marks kept in the span
    ("تعاون دولي", "التعاون «الدولي»", ["التعاون «الدولي"]),         # punctuation between words
    ("تعاون دولي", "التعاون، الدولي", ["التعاون، الدولي"]),
    ("تعاون دولي", "التعاون. الدولي", []),                           # not across a sentence end
    ("تعاون دولي", "التعاون\nالدولي", []),                           # nor across a line break
    ("جهود* جماعيه", "تضافر جهودنا الجماعية", ["جهودنا الجماعية"]),
    ("أمن الحدود", "لأمن الحدود وإدارتها", ["لأمن الحدود"]),
])
def test_clitic_tolerant_matching(pattern, text, found):
    assert matches(pattern, text) == found


@pytest.mark.parametrize("pattern, text", [
    ("لد", "ولد"),      # two-letter tokens get no clitic allowance
    ("في", "وفي"),
    ("من", "ومن"),
    ("حد", "والحد"),
    ("الحد", "حد"),     # ال + two letters: the article is not optional
])
def test_short_tokens_are_not_over_stripped(pattern, text):
    assert matches(pattern, text) == []
    assert matches(pattern, pattern) == [pattern]


def test_an_explicit_article_keeps_its_conjunction_allowance():
    # الحد has 4 letters: a clitic before the written article is harmless (والحد، بالحد).
    assert matches("الحد من التطرف", "والحد من التطرف") == ["والحد من التطرف"]


def test_a_clitic_is_never_taken_from_the_root_of_the_text_word():
    # بناء starts with ب; matching adds an optional prefix, it never strips the text.
    assert matches("بناء القدرات", "وبناء القدرات") == ["وبناء القدرات"]
    assert matches("بناء القدرات", "ناء القدرات") == []


@pytest.mark.parametrize("bad", ["", "تعاون (", "تع*اون", "re:(", "re:", "***", "ـــ"])
def test_bad_patterns_raise(bad):
    with pytest.raises(PatternError):
        compile_pattern(bad)


def test_raw_regex_expressions_work_on_normalised_text():
    assert matches(r"re:\d{4}", "العام 2018 و2019") == ["2018", "2019"]


# --- name variants ----------------------------------------------------------------------

def test_project_variants_fold_every_dushanbe_spelling():
    variants = load_variants(DATA_DIR / "codebook" / "name_variants.csv")
    for spelling in ("دوشنبه", "دوشانبه", "دوشانبي", "دوشنبي"):
        assert variants[normalize(spelling)] == "دوشنبه"
    assert fold_variants("في دوشانبه ودوشنبه", variants) == "في دوشنبه ودوشنبه"
    text = "عملية «دوشانبه» ومسار دوشنبه ولدوشانبي"
    assert matches("دوشنبه", text, variants) == ["دوشانبه", "دوشنبه", "ولدوشانبي"]
    assert matches("دوشانبه", text, variants) == ["دوشانبه", "دوشنبه", "ولدوشانبي"]
    assert matches("دوشنبه", text) == ["دوشنبه"]  # without the table: the spelling only


def test_variant_map_normalises_both_sides():
    assert variant_map([("دُوشَنبه", "دوشانبة")]) == {"دوشنبه": "دوشنبه", "دوشانبه": "دوشنبه"}


def test_load_variants_requires_its_columns(tmp_path):
    bad = tmp_path / "v.csv"
    bad.write_text("canonical,spelling\nا,ب\n", encoding="utf-8")
    with pytest.raises(ValueError, match="variant"):
        load_variants(bad)


# --- one-pass scanner --------------------------------------------------------------------

SEED_WORDS = sorted({w for t in source_corpus()["text"] for w in t.split()})
seed_like = st.lists(st.sampled_from(SEED_WORDS + ["،", ".", "«", "»", "\n", "مجلس"]),
                     max_size=40).map(" ".join)


@functools.cache
def project_codebook():
    from analysis.themes import load_codebook

    return load_codebook()


@settings(max_examples=200, deadline=None)
@given(seed_like)
def test_scanner_finds_exactly_what_each_rule_finds_alone(text):
    book = project_codebook()
    norm = normalize(text)
    got = sorted(book.scanner.scan(norm))
    expected = sorted((i, m.start(), m.end()) for i, rx in enumerate(book.scanner.regexes)
                      for m in rx.finditer(norm))
    assert got == expected


def test_scanner_reports_overlapping_rules_and_raw_rules():
    s = Scanner([["تعاون دولي"], ["دولي"], [r"re:دول\w*"]])
    norm = normalize("التعاون الدولي والدول")
    assert sorted(s.scan(norm)) == [(0, 0, 14), (1, 8, 14), (2, 10, 14), (2, 18, 21)]
