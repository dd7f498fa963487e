"""The pattern language: clitics, stems, prefixes, name variants, raw expressions and tails, the one-pass scanner."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.arabic import WORD_RE, Alignment, normalize
from analysis.patterns import Morphology, PatternError, compile_pattern, variant_map
from analysis.scanner import Scanner


def matches(pattern: str, text: str, variants=None, morphology=None) -> list[str]:
    """Original spans of the text matched by a pattern (through the alignment)."""
    a = Alignment(text)
    out = []
    for m in compile_pattern(pattern, variants, morphology).finditer(a.norm):
        s, e = a.span(m.start(), m.end())
        out.append(text[s:e])
    return out


# --- clitics and the pattern language ---------------------------------------------------


@pytest.mark.parametrize(
    "pattern, text, found",
    [
        ("الأمم المتحدة", "ووكيل الأمين العام للأمم المتحدة لمكافحة", ["للأمم المتحدة"]),
        ("الأمم المتحدة", "بالتعاون مع الأمم المتحدة", ["الأمم المتحدة"]),
        ("الأمم المتحدة", "والأمم المتحدة وبالأمم المتحدة", ["والأمم المتحدة", "وبالأمم المتحدة"]),
        ("تعاون", "والتعاون بالتعاون للتعاون فالتعاون تعاون", ["والتعاون", "بالتعاون", "للتعاون", "فالتعاون", "تعاون"]),
        ("تعاون", "التعاونية تعاونا", []),  # no * : no suffix
        ("تعاون*", "التعاونية تعاونا", ["التعاونية", "تعاونا"]),
        ("تعاون دولي", "التعاون الدولي", ["التعاون الدولي"]),
        ("تعاون دولي", "تعزيز التعاونِ الدوليّ", ["التعاونِ الدوليّ"]),  # marks kept in the span
        ("تعاون دولي", "التعاون «الدولي»", ["التعاون «الدولي"]),  # punctuation between words
        ("تعاون دولي", "التعاون، الدولي", ["التعاون، الدولي"]),
        ("تعاون دولي", "التعاون. الدولي", []),  # not across a sentence end
        ("تعاون دولي", "التعاون\nالدولي", []),  # nor across a line break
        ("جهود* جماعيه", "تضافر جهودنا الجماعية", ["جهودنا الجماعية"]),
        ("أمن الحدود", "لأمن الحدود وإدارتها", ["لأمن الحدود"]),
    ],
)
def test_clitic_tolerant_matching(pattern, text, found):
    assert matches(pattern, text) == found


@pytest.mark.parametrize(
    "pattern, text",
    [
        ("لد", "ولد"),  # two-letter tokens get no clitic allowance
        ("في", "وفي"),
        ("من", "ومن"),
        ("حد", "والحد"),
        ("الحد", "حد"),  # ال + two letters: the article is not optional
    ],
)
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


def test_a_raw_tail_must_match_right_after_the_words():
    tail = "موتمر* re:\\s*«[^»]*»"
    assert matches(tail, "افتتاح المؤتمر «الأمن» اليوم") == ["المؤتمر «الأمن»"]
    assert matches(tail, "افتتاح المؤتمر اليوم «الأمن»") == []
    with pytest.raises(PatternError):
        compile_pattern("موتمر re:(")


# --- stems --------------------------------------------------------------------------------

#: A small affix table: feminine ending, plurals, relative adjective, tanwin alef, verb plural; two pronouns.
STEMS = Morphology(
    endings=(
        ("ه", "ت", True),
        ("ات", "ات", True),
        ("ين", "ي", False),
        ("ي", "", True),
        ("ا", "", False),
        ("وا", "", False),
    ),
    pronouns=("ها", "نا"),
    verb_prefixes=("ي", "ت", "ن"),
)


@pytest.mark.parametrize(
    "pattern, text, found",
    [
        ("شراكه", "شراكتنا والشراكات وشراكة", ["شراكتنا", "والشراكات", "وشراكة"]),  # ه becomes ت before a pronoun
        ("تهديد", "تهديداً التهديدات", ["تهديداً", "التهديدات"]),  # the tanwin mark stays in the span
        ("تبادل", "ليتبادلوا ونتبادل", ["ليتبادلوا", "ونتبادل"]),  # verb prefixes on a stem of 4 letters
        ("مشاركه", "المشاركين ومشاركتها", ["ومشاركتها"]),  # a feminine stem takes no masculine plural
        ("دوله", "الدولي والدول", ["الدولي"]),  # the relative adjective replaces the feminine ending
        ("تعاون=", "التعاون تعاونها", ["التعاون"]),  # = keeps the word exact
        ("امن", "امني وامنها ويامن", ["امني", "وامنها"]),  # a stem of 3 letters takes no verb prefix
        ("حد", "حدها", []),  # short words stay exact
    ],
)
def test_stems_match_with_endings_and_exact_offsets(pattern, text, found):
    assert matches(pattern, text, morphology=STEMS) == found


def test_without_a_morphology_a_word_matches_itself():
    assert matches("شراكه", "شراكتنا وشراكة") == ["وشراكة"]


# --- name variants ----------------------------------------------------------------------


def test_project_variants_fold_every_dushanbe_spelling(package):
    variants = package.codebook.variants
    for spelling in ("دوشنبه", "دوشانبه", "دوشانبي", "دوشنبي"):
        assert variants[normalize(spelling)] == "دوشنبه"
    text = "عملية «دوشانبه» ومسار دوشنبه ولدوشانبي"
    assert matches("دوشنبه", text, variants) == ["دوشانبه", "دوشنبه", "ولدوشانبي"]
    assert matches("دوشانبه", text, variants) == ["دوشانبه", "دوشنبه", "ولدوشانبي"]
    assert matches("دوشنبه", text) == ["دوشنبه"]  # without the table: the spelling only


def test_variant_map_normalises_both_sides():
    assert variant_map([("دُوشَنبه", "دوشانبة")]) == {"دوشنبه": "دوشنبه", "دوشانبه": "دوشنبه"}


# --- one-pass scanner --------------------------------------------------------------------


@functools.cache
def project_package():
    from analysis import data

    return data.load_package()


SEED_WORDS = sorted(set(project_package().text(project_package().default_source).split()))
seed_like = st.lists(st.sampled_from(SEED_WORDS + ["،", ".", "«", "»", "\n", "مجلس"]), max_size=40).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(seed_like)
def test_scanner_finds_exactly_what_each_rule_finds_alone(text):
    book = project_package().codebook
    norm = normalize(text)
    got = sorted(book.scanner.scan(norm))
    expected = sorted((i, m.start(), m.end()) for i, rx in enumerate(book.scanner.regexes) for m in rx.finditer(norm))
    assert got == expected
    # and it numbers the first and last word of every match of a word rule
    found = book.scanner.scan_arrays(norm)
    starts = [m.start() for m in WORD_RE.finditer(norm)]
    for s, e, first, last in zip(found.start, found.end, found.word, found.last):
        if first >= 0:
            assert (starts[first], starts[last]) == (s, max(p for p in starts if p < e))


def test_scanner_reports_overlapping_rules_and_raw_rules():
    s = Scanner([["تعاون دولي"], ["دولي"], [r"re:دول\w*"]])
    norm = normalize("التعاون الدولي والدول")
    assert sorted(s.scan(norm)) == [(0, 0, 14), (1, 8, 14), (2, 10, 14), (2, 18, 21)]


def test_scanner_tries_a_longer_expression_only_where_its_second_word_follows():
    s = Scanner([["امن الحدود", "امن"], ["حدود"]], morphology=STEMS)
    norm = normalize("امن المطار. امن الحدود وامن، الحدود")
    assert sorted(s.scan(norm)) == [(0, 0, 3), (0, 12, 22), (0, 23, 35), (1, 16, 22), (1, 29, 35)]
