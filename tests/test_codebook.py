"""The codebook's rule language (concepts, proximity windows, guards, vetoes, stems), its tables' problems as
file:row:field, the masks of shortened titles and other names, and inputs built to be slow."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import themes as T
from analysis.codebook import build_codebook
from analysis.paths import DATA_DIR

THEMES = pd.DataFrame(
    {
        "theme_id": ["coop", "fin"],
        "label_en": ["Cooperation", "Financing"],
        "label_ar": ["التعاون", "التمويل"],
        "definition_en": ["", ""],
        "definition_ar": ["", ""],
        "patterns": ["", "تمويل الارهاب"],
        "exclusions": ["", ""],
    }
)
CONCEPTS = pd.DataFrame(
    [
        ("cooperation", "تعاون", ""),
        ("cooperation", "شراكه", ""),
        ("intl", "دولي", ""),
        ("intl", "الامم المتحده", ""),
        ("partner", "شريك", ""),
        ("security", "ارهاب", ""),
        ("thanks", "شكر", ""),
    ],
    columns=["concept_id", "word", "note"],
)
RULE_COLUMNS = ["theme_id", "rule_id", "concept_a", "concept_b", "window", "guard", "guard_scope", "unless", "note"]
RULES = pd.DataFrame(
    [
        ("coop", "near", "cooperation", "intl", "3", "", "", "", ""),
        ("coop", "partners", "partner", "", "", "security", "sentence", "thanks", ""),
    ],
    columns=RULE_COLUMNS,
)
NO_MASKS = pd.DataFrame(columns=["name_id", "pattern", "label_en", "note"])
NO_VARIANTS = pd.DataFrame(columns=["canonical", "variant"])


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "codebook" / name, dtype=str, keep_default_na=False)


def book_of(rules=RULES, concepts=CONCEPTS, affixes=None, themes=THEMES):
    book, problems = build_codebook(themes, NO_MASKS, NO_VARIANTS, concepts=concepts, rules=rules, affixes=affixes)
    assert problems == []
    return book


def coded(book, *texts: str) -> list[tuple[int, str, str]]:
    corpus = pd.DataFrame({"source_id": "s", "paragraph": range(1, len(texts) + 1), "text": list(texts)})
    hits = T.code_corpus(corpus, book)
    for p, s, e, m in zip(hits["paragraph"], hits["char_start"], hits["char_end"], hits["match"]):
        assert texts[p - 1][s:e] == m
    return list(zip(hits["paragraph"], hits["theme_id"], hits["match"]))


# --- the rule language ------------------------------------------------------------------------


def test_a_window_counts_words_either_way_within_a_sentence():
    book = book_of()
    assert coded(book, "تعزيز التعاون على المستوى الدولي") == [(1, "coop", "التعاون على المستوى الدولي")]
    assert coded(book, "دعم دولي واسع لهذا التعاون") == [(1, "coop", "دولي واسع لهذا التعاون")]
    assert coded(book, "التعاون في هذا المجال على المستوى الدولي") == []  # six words apart
    assert coded(book, "نريد التعاون. الدعم الدولي مطلوب") == []  # another sentence
    assert coded(book, "نريد التعاون\nالدولي") == [], "a line break ends the sentence"


def test_words_of_a_concept_match_by_stem_with_exact_offsets():
    book = book_of(affixes=table("affixes.csv"))
    text = "شراكتُنا الدوليّة، وتعاونهم مع الأمم المتحدة"
    assert coded(book, text) == [(1, "coop", "شراكتُنا الدوليّة، وتعاونهم مع الأمم المتحدة")]
    assert coded(book_of(), text) == [], "without the affix table a word matches itself only"


def test_a_guard_needs_its_concept_in_the_scope_and_unless_vetoes_the_sentence():
    book = book_of()
    assert coded(book, "نعمل مع كل شريك ضد الإرهاب") == [(1, "coop", "شريك")]
    assert coded(book, "نعمل مع كل شريك في التجارة") == []
    assert coded(book, "نعمل مع كل شريك. وضد الإرهاب كذلك") == [], "the guard's scope is the sentence"
    paragraph = RULES.assign(guard_scope=["", "paragraph"])
    assert coded(book_of(paragraph), "نعمل مع كل شريك. وضد الإرهاب كذلك") == [(1, "coop", "شريك")]
    assert coded(book, "الشكر لكل شريك في مكافحة الإرهاب") == [], "a vote of thanks"
    assert coded(book, "الشكر للحضور. وكل شريك في مكافحة الإرهاب مدعو") == [(1, "coop", "شريك")]


def test_terms_and_rules_of_a_theme_are_coded_together_and_joined_when_they_overlap():
    book = book_of()
    assert coded(book, "الشراكة والتعاون الدولي ضد تمويل الإرهاب") == [
        (1, "coop", "الشراكة والتعاون الدولي"),
        (1, "fin", "تمويل الإرهاب"),
    ]


def test_rules_are_described_on_their_theme():
    assert book_of().theme("coop").rules == ("cooperation ~3 intl", "partner [if security/sentence] [unless thanks]")


# --- the tables' problems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("theme_id", "nothing", "rules.csv:3:theme_id: unknown theme_id 'nothing'"),
        ("rule_id", "near", "rules.csv:3:rule_id: duplicate rule_id 'near' (first at row 2)"),
        ("rule_id", "Bad Id", "rules.csv:3:rule_id: rule_id 'Bad Id' is not a lower-case identifier"),
        ("concept_a", "", "rules.csv:3:concept_a: empty concept_a"),
        ("concept_a", "nothing", "rules.csv:3:concept_a: unknown concept 'nothing'"),
        ("guard", "security | nothing", "rules.csv:3:guard: unknown concept 'nothing'"),
        ("unless", "nothing", "rules.csv:3:unless: unknown concept 'nothing'"),
        ("window", "2", "rules.csv:3:window: a window needs concept_b"),
        ("guard_scope", "text", "rules.csv:3:guard_scope: guard_scope must be one of sentence, paragraph"),
    ],
)
def test_rule_problems_name_file_row_and_field(column, value, expected):
    rules = RULES.copy()
    rules.loc[1, column] = value
    _, problems = build_codebook(THEMES, NO_MASKS, NO_VARIANTS, concepts=CONCEPTS, rules=rules)
    assert expected in [str(p) for p in problems]


@pytest.mark.parametrize("window", ["0", "three", ""])
def test_a_pair_needs_a_whole_window(window):
    rules = RULES.assign(window=[window, ""])
    _, problems = build_codebook(THEMES, NO_MASKS, NO_VARIANTS, concepts=CONCEPTS, rules=rules)
    assert [str(p).split(": ")[0] for p in problems] == ["rules.csv:2:window"]


def test_concept_and_affix_problems_name_file_row_and_field():
    concepts = pd.concat(
        [CONCEPTS, pd.DataFrame([("Bad", "كلمة", ""), ("intl", "دول ((", "")], columns=CONCEPTS.columns)]
    )
    affixes = pd.DataFrame(
        [("ه", "ending", "ت", "true", ""), ("-", "suffix", "", "", "")],
        columns=["affix", "kind", "before_pronoun", "after_feminine", "note"],
    )
    _, problems = build_codebook(THEMES, NO_MASKS, NO_VARIANTS, concepts=concepts, rules=RULES, affixes=affixes)
    where = {str(p).split(": ")[0] for p in problems}
    assert {"concepts.csv:9:concept_id", "concepts.csv:10:word", "affixes.csv:3:kind", "affixes.csv:3:affix"} <= where


def test_the_project_tables_compile_with_every_rule_on_a_known_theme(package):
    book = package.codebook
    assert len(book.rules) >= len(book.themes) and len(book.concepts) > 10
    assert {r.theme for r in book.rules} == set(range(len(book.themes)))
    assert book.morphology is not None and "ات" in book.morphology.suffixes()


# --- masks of names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "انطلق مؤتمر «تعزيز التعاون الدولي في مكافحة الإرهاب وبناء آليات مرنة لأمن الحدود»",
        "في إطار مسار دوشنبه لمكافحة الإرهاب",  # the process name without «وتمويله»
        "ضمن عملية «دوشامبي لمكافحة الإرهاب وتمويله»",  # another spelling of Dushanbe
        "the Dushanbe Counter Terrorism Process",
        "اعتماد «إعلان الكويت بشأن أمن الحدود»",  # the declaration with بشأن, without وإدارتها
        "اختتام أعمال «الورشة الإقليمية الثالثة لحرس الحدود»",  # a quoted workshop title
        "عقد المؤتمر الدولي حول مكافحة الإرهاب وأمن الحدود",  # a conference named by its subject
        "التقت الجريدة خبيراً في شؤون إدارة الحدود",  # a field of expertise
        "اجتماع مجلس التعاون لدول الخليج العربية ومجلس الأمن الدولي",  # institutions
    ],
)
def test_names_and_titles_code_nothing(package, text):
    assert coded(package.codebook, text) == []


def test_kwic_folds_every_spelling_of_dushanbe(package):
    corpus = pd.DataFrame({"source_id": "s", "paragraph": [1], "text": ["مسار Dushanbe ومسار دوشامبي ومسار دوشنبيه"]})
    assert T.kwic(corpus, "دوشنبه", package.codebook.variants)["keyword"].tolist() == ["Dushanbe", "دوشامبي", "دوشنبيه"]


# --- inputs built to be slow --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "تعزيز " * 20_000,  # the first word of a long name, never followed by the rest
        "مؤتمر «" * 5_000,  # quotes that never close
        "التعاون " + "و" * 200_000 + " الدولي",  # one enormous word
        ("الشركاء " * 50 + ". ") * 400,  # many sentences full of one concept
        "«" + "مؤتمر عن " * 10_000,  # a title noun repeated inside an open quote
    ],
)
def test_adversarial_inputs_are_coded_in_linear_time(package, text):
    hits = T.code_corpus(pd.DataFrame({"source_id": ["s"], "paragraph": [1], "text": [text]}), package.codebook)
    assert all(text[s:e] == m for s, e, m in zip(hits["char_start"], hits["char_end"], hits["match"]))


def test_the_same_tables_reuse_their_compiled_codebook_and_a_changed_cell_does_not():
    first = book_of()
    assert book_of(RULES.copy(), CONCEPTS.copy(), None, THEMES.copy()) is first
    changed = CONCEPTS.copy()
    changed.loc[0, "word"] = "تضافر"
    other = book_of(concepts=changed)
    assert other is not first
    assert coded(other, "تضافر دولي") == [(1, "coop", "تضافر دولي")] and coded(first, "تضافر دولي") == []
    missing = THEMES.copy()
    missing.loc[0, "exclusions"] = None  # a missing cell is not an empty one for the key
    assert book_of(themes=missing) is not first


def test_tables_with_problems_are_checked_each_time_with_their_file_names():
    bad = THEMES.assign(theme_id=["Coop", "fin"])
    for name in ("a.csv", "b.csv"):
        book, problems = build_codebook(bad, NO_MASKS, NO_VARIANTS, files={"themes": name})
        assert book is None and problems and all(str(p).startswith(name) for p in problems)
