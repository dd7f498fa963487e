"""Raw expressions on RE2: Python's meaning kept on Arabic text, what RE2 cannot do refused, hostile
expressions and texts finished, the alternation's leftmost-then-longest matches, offsets in characters."""

from __future__ import annotations

import random
import re
import signal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis import linear
from analysis.arabic import normalize
from analysis.linear import MAX_RAW, RawError, compile_raw, translate
from analysis.patterns import PatternError, _parse, compile_pattern

TEXTS = [
    normalize("افتتح المؤتمر «تعزيز التعاون الدولي» في الكويت يوم 4 نوفمبر 2024، بمشاركة ٣٣ وزيراً."),
    "mixed ascii and عربي_text 12 ١٢\u00a0gap\ttab\nline",
    "",
    "«»  «ا»",
]

# Safe expressions whose matches Python's re and RE2 must agree on, span for span.
EXPRESSIONS = [
    r"\w+",
    r"\W+",
    r"\d+",
    r"\D+",
    r"\s+",
    r"\S+",
    r"[\w«]+",
    r"[^\w\s]+",
    r"[«\"“][^»\"”\n]{1,200}[»\"”]",
    r"(?:\s+\w+){0,3}\s*«",
    r"\w+?ر",
    r"(?:ال|لل)\w{3,}",
    r"\u0627\w",
    r"\d{1,4}\Z",
    r"^\w+",
]


@pytest.mark.parametrize("expression", EXPRESSIONS)
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_re2_finds_what_python_finds(expression, text):
    want = [m.span() for m in re.finditer(expression, text) if m.end() > m.start()]
    got = [m.span() for m in compile_raw(expression, whole=False).finditer(text) if m.end() > m.start()]
    assert got == want


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="اب ت«»،.12١٢\u00a0\nxyZ_", max_size=60), st.sampled_from(EXPRESSIONS))
def test_re2_agrees_with_python_on_any_text(text, expression):
    want = [m.span() for m in re.finditer(expression, text) if m.end() > m.start()]
    got = [m.span() for m in compile_raw(expression, whole=False).finditer(text) if m.end() > m.start()]
    assert got == want


@pytest.mark.parametrize(
    "expression, reason",
    [
        (r"(\w+)\1", "backreferences"),
        (r"(?<=ال)تعاون", "lookahead and lookbehind"),
        (r"(?<!\w)تعاون", "lookahead and lookbehind"),
        (r"تعاون(?=\s)", "lookahead and lookbehind"),
        (r"تعاون(?!\w)", "lookahead and lookbehind"),
        (r"\bتعاون\b", "word boundary"),
        (r"[\W«]", "inside a character class"),
        (r"a{1,4294967295}", "over the limit of 1000"),
        (r"a{2000}", "over the limit of 1000"),
        ("ا" * (MAX_RAW + 1), f"at most {MAX_RAW} characters"),
        (r"(", "does not compile"),
        (r"\w*", "matches the empty text"),
        (r"(?:ال)?", "matches the empty text"),
    ],
)
def test_what_re2_cannot_do_in_linear_time_is_refused_in_one_line(expression, reason, capfd):
    with pytest.raises(RawError, match=re.escape(reason)) as err:
        compile_raw(expression)
    assert "\n" not in str(err.value)
    assert capfd.readouterr().err == ""  # RE2 logs nothing of its own


def test_the_pattern_language_refuses_the_same_with_its_own_error():
    with pytest.raises(PatternError, match="lookahead"):
        compile_pattern(r"re:(?<!x)y")
    with pytest.raises(PatternError, match="backreferences"):
        compile_pattern(r"موتمر re:\s*(«)\1")
    with pytest.raises(PatternError, match="at most 24 words"):
        compile_pattern(" ".join(["تعاون"] * 25))
    with pytest.raises(PatternError, match="at most 40 letters"):
        compile_pattern("ب" * 41)
    compile_pattern(" ".join(["تعاون"] * 24))  # the limits themselves are allowed
    compile_pattern("ب" * 40 + "*")


class _Hung(BaseException):
    pass


@pytest.fixture
def bounded():
    """Fails a call that runs past a generous bound (a backtracking engine takes hours on these)."""

    def ring(signum, frame):
        raise _Hung("still running after 60 s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 60)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "expression, text",
    [
        (r"(\w+\s?)+$", "ا" * 5_000 + "!"),  # exponential in Python's re
        (r"(a|aa)+$", "a" * 5_000 + "b"),
        (r"(?:\s*\w+\s*)+«", "كلمة " * 5_000),
        (r"(\w*)*x", "ب" * 20_000),
    ],
)
def test_hostile_expressions_finish(expression, text, bounded):
    assert list(compile_pattern("re:" + expression).finditer(text)) == []


def test_a_tail_matches_right_where_the_words_end():
    p = compile_pattern(r"موتمر* re:(?:\s+\w+){0,3}\s*«[^»]{1,200}»")
    text = normalize("افتتح المؤتمر الدولي «أمن الحدود» ثم المؤتمر بلا عنوان")
    assert [m.group() for m in p.finditer(text)] == [normalize("المؤتمر الدولي «أمن الحدود»")]
    assert list(p.finditer(normalize("مؤتمرات كثيرة. «عنوان»"))) == []  # a tail cannot cross a sentence's end


TAILED_WORDS = ["مؤتمر", "ورشة", "الدولي", "«أمن»", "«عنوان طويل»", "«", "»", "كبير", "\n", "،", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TAILED_WORDS), max_size=30).map(" ".join), st.randoms(use_true_random=False))
@example("مؤتمر مؤتمر كبير كبير كبير كبير «أمن»", random.Random(0))  # the second is asked inside the first's answer
def test_a_tailed_match_at_a_position_does_not_depend_on_what_was_asked_before(text, rnd):
    # one search answers several positions along a text; asked in any order, each answer is a fresh one's
    from analysis.patterns import tailed_expressions

    expressions = [r"موتمر* re:(?:\s+\w+){0,3}\s*«[^»\n]{1,200}»", r"ورشه re:(?:\s+\w+){0,3}\s*«[^»\n]{1,200}»"]
    parsed = [_parse(e, {}, None) for e in expressions]
    norm = normalize(text)
    positions = [m.start() for m in re.finditer(r"\w+", norm)]
    rnd.shuffle(positions)
    shared = tailed_expressions(parsed)

    def alone(p):  # each tail matched where its words end, anchored, with nothing remembered
        ends = [
            t.end()
            for first, words, tail in shared.expressions
            if first.fullmatch(re.match(r"\w*", norm[p:]).group())
            and (w := words.match(norm, p))
            and (t := tail.match(norm, w.end()))
        ]
        return (p, max(ends)) if ends and max(ends) > p else None

    for p in positions:
        found = shared.match(norm, p)
        assert (found and found.span()) == alone(p)


def test_the_alternation_takes_the_leftmost_then_the_longest_match():
    p = compile_pattern(["الامم المتحدة", r"re:الامم \w+ \w+", "re:المتحده"])
    text = normalize("بحضور الأمم المتحدة للمخدرات والجريمة والمتحدة")
    found = [m.group() for m in p.finditer(text)]
    assert found == [normalize("الأمم المتحدة للمخدرات"), "المتحده"]  # no overlap: the second starts later


def test_offsets_are_characters_of_the_text_not_bytes():
    text = "ا" * 10 + " 2024 " + "b" * 3 + " 2025"
    assert [m.span() for m in compile_raw(r"\d{4}").finditer(text)] == [(11, 15), (20, 24)]
    raw = compile_raw(r"\d{4}")
    assert raw.search(text, 12).span() == (20, 24)
    assert raw.match(text, 11).group() == "2024" and raw.match(text, 12) is None


def test_translation_keeps_python_meaning_and_leaves_other_escapes():
    assert translate(r"\w") == r"[\pL\pN_]"
    assert translate(r"[\w«]") == r"[\pL\pN_«]"
    assert translate(r"\.\n\x41") == r"\.\n\x41"
    assert translate(r"[]a]") == r"[\]a]"


def test_an_empty_text_and_a_long_one_cost_the_same_kind_of_pass(bounded):
    text = ("كلمة «عنوان» " * 20_000).strip()
    found = list(linear.compile_raw(r"«\w+»").finditer(text))
    assert len(found) == 20_000 and all(m.group() == "«عنوان»" for m in found[:3] + found[-3:])
