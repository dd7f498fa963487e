"""Arabic normalisation, offsets, tokens and sentences (the pattern language: test_patterns.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import arabic
from analysis.arabic import Alignment, normalize, split_sentences, tokens

ARABIC_CHARS = (
    "".join(chr(c) for c in range(0x0600, 0x0700))
    + "".join(chr(c) for c in range(0xFB50, 0xFB60))
    + "ﻷﻻﷲﷺ"
    + " .،؟«»-\n"
)
arabic_text = st.text(alphabet=st.sampled_from(ARABIC_CHARS), max_size=80)
any_text = st.one_of(st.text(max_size=80), arabic_text)


# --- normalisation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("التطرّف", "التطرف"),  # shadda
        ("مُعزّز", "معزز"),  # damma + shadda
        ("عاملاً فعّالاً", "عاملا فعالا"),  # tanwin fath
        ("تهديداً عالمياً", "تهديدا عالميا"),
        ("الكويـــت", "الكويت"),  # tatweel
        ("لـ(مسار", "ل(مسار"),
        ("أمن إعلان آليات ٱلله", "امن اعلان اليات الله"),  # hamza/madda/wasla alef forms
        ("المؤتمر", "الموتمر"),  # waw with hamza
        ("شركائها الناشئة", "شركايها الناشيه"),  # yeh with hamza, taa marbuta
        ("المرحلة", "المرحله"),  # taa marbuta
        ("الرؤى على", "الرؤي علي".replace("ؤ", "و")),  # alef maksura -> yeh
        ("هذٰا", "هذا"),  # superscript alef
        ("ذٰلِكَ ٱلۡكِتَٰبُ لَا رَيۡبَۛ", "ذلك الكتب لا ريب"),  # Quranic marks; superscript alef dropped
        ("ﻷمم", "لامم"),  # presentation-form ligature (NFKC)
        ("جزء", "جزء"),  # bare hamza kept
        ("", ""),
    ],
)
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
    a = Alignment(text)
    offsets = [a.offset(i) for i in range(len(a.norm))]
    assert a.norm == normalize(text)
    assert all(0 <= o < len(text) for o in offsets)
    assert all(x <= y for x, y in zip(offsets, offsets[1:]))


@given(any_text)
def test_fast_path_agrees_with_the_character_by_character_definition(text):
    assert normalize(text) == arabic._normalize_slow(text)[0]


@given(any_text)
def test_alignment_offsets_agree_with_the_character_by_character_definition(text):
    norm, offsets = arabic._normalize_slow(text)
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
        assert text[t.start : t.end] == t.text
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
        ("للأمم", "للامم", 0, 5),
        ("المتحدة", "المتحده", 6, 13),
        ("والتعاون", "والتعاون", 15, 23),
    ]


def test_split_sentences_on_arabic_and_latin_terminators():
    text = "قال الرئيس. ثم أضاف؟ نعم؛ وفي 2.5 مليون! انتهى"
    assert [s.text for s in split_sentences(text)] == ["قال الرئيس.", "ثم أضاف؟", "نعم؛", "وفي 2.5 مليون!", "انتهى"]
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
