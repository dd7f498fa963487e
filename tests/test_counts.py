"""Participation counts read from Arabic text: the seed's curated figures, development texts, rules.

The development texts (``tests/fixtures/counts/dev*.ar.txt``, one paragraph a line) and their
expected rows (``expected.csv``: text_id, paragraph, count, unit, category, qualifier, evidence)
are scored on (paragraph, count, unit, qualifier); category is scored on the matched rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.counts import COUNT_COLUMNS, QUALIFIERS, UNITS, CountLexicon, extract_counts
from analysis.participation import CATEGORIES
from analysis.text import split_paragraphs

SEED = "kuna-alrai-2024-11-04"
LEXICON_DIR = paths.DATA_DIR / "lexicon"
FIXTURES = Path(__file__).parent / "fixtures" / "counts"
KEY = ["text_id", "paragraph", "count", "unit", "qualifier"]


def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (
        pd.read_csv(LEXICON_DIR / "count_nouns.csv"),
        pd.read_csv(LEXICON_DIR / "count_qualifiers.csv"),
        pd.read_csv(LEXICON_DIR / "number_words.csv"),
    )


@pytest.fixture(scope="module")
def lexicon() -> CountLexicon:
    return CountLexicon.from_tables(*_tables())


def _one(text: str, lexicon: CountLexicon) -> list[tuple]:
    rows = extract_counts([text], lexicon)
    return [
        (None if pd.isna(r.count) else int(r.count), r.unit, r.category, r.qualifier, r.evidence)
        for r in rows.itertuples()
    ]


def _paragraph_texts(path: Path) -> list[str]:
    return [p.text for p in split_paragraphs(path.read_text(encoding="utf-8"))]


# ---------------------------------------------------------------- the seed


def test_seed_gives_exactly_the_curated_numeric_rows(lexicon):
    texts = _paragraph_texts(paths.RAW_DIR / f"{SEED}.ar.txt")
    got = extract_counts(texts, lexicon)
    curated = pd.read_csv(paths.DATA_DIR / "participation.csv", dtype={"count": "Int64", "paragraph": "Int64"})
    curated = curated[(curated["source_id"] == SEED) & (curated["stage"] == 4) & curated["count"].notna()]
    fields = ["paragraph", "count", "unit", "category", "qualifier"]
    assert sorted(map(tuple, got[fields].astype(object).values.tolist())) == sorted(
        map(tuple, curated[fields].astype(object).values.tolist())
    )
    assert len(got) == 7
    evidence = {tuple(r[:5]): r[5] for r in curated[fields + ["evidence"]].astype(object).values.tolist()}
    for row in got.itertuples():
        assert evidence[(row.paragraph, row.count, row.unit, row.category, row.qualifier)] in row.evidence
        assert texts[row.paragraph - 1][row.char_start : row.char_end] == row.evidence


def test_seed_evidence_ends_where_the_noun_phrase_ends(lexicon):
    texts = _paragraph_texts(paths.RAW_DIR / f"{SEED}.ar.txt")
    got = extract_counts(texts, lexicon)
    assert list(got.loc[got["paragraph"] == 21, "evidence"]) == [
        "أكثر من 450 مشاركاً",
        "33 وزيراً من الدول الأعضاء",
        "23 منظمة دولية وإقليمية",
        "13 منظمة من المجتمع المدني",
    ]


# ---------------------------------------------------------------- development texts


def _development_rows(lexicon: CountLexicon) -> pd.DataFrame:
    tables = []
    for path in sorted(FIXTURES.glob("dev*.ar.txt")):
        table = extract_counts(_paragraph_texts(path), lexicon)
        table.insert(0, "text_id", path.name.split(".")[0])
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def _expected() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "expected.csv", dtype={"count": "Int64", "paragraph": "Int64"})


def _keyed(table: pd.DataFrame) -> dict[tuple, list[str]]:
    """Categories by scoring key, in reading order (a key can repeat within a paragraph)."""
    out: dict[tuple, list[str]] = defaultdict(list)
    for rec in table[KEY + ["category"]].astype(object).values.tolist():
        out[tuple("NA" if pd.isna(v) else v for v in rec[:-1])].append(rec[-1])
    return out


def _scores(got: pd.DataFrame, expected: pd.DataFrame) -> dict[str, float]:
    g, e = _keyed(got), _keyed(expected)
    hits = Counter({k: len(v) for k, v in g.items()}) & Counter({k: len(v) for k, v in e.items()})
    matched = sum(hits.values())
    same_category = sum(sorted(g[k])[i] == sorted(e[k])[i] for k, n in hits.items() for i in range(n))
    return {
        "precision": matched / len(got),
        "recall": matched / len(expected),
        "category_accuracy": same_category / matched,
    }


def test_expected_rows_point_into_their_paragraphs():
    expected = _expected()
    assert len(list(FIXTURES.glob("dev*.ar.txt"))) >= 12 and len(expected) >= 60
    for rec in expected.itertuples():
        paragraph = _paragraph_texts(FIXTURES / f"{rec.text_id}.ar.txt")[rec.paragraph - 1]
        assert rec.evidence in paragraph, rec
    assert set(expected["unit"]) <= set(UNITS) and set(expected["qualifier"]) <= set(QUALIFIERS)


def test_development_precision_recall_and_category(lexicon):
    scores = _scores(_development_rows(lexicon), _expected())
    assert scores["precision"] >= 0.95, scores
    assert scores["recall"] >= 0.95, scores
    assert scores["category_accuracy"] >= 0.95, scores


def test_scoring_counts_a_wrong_qualifier_as_a_miss(lexicon):
    got = _development_rows(lexicon)
    spoiled = got.copy()
    spoiled.loc[spoiled["qualifier"] == "more_than", "qualifier"] = "exact"
    assert _scores(spoiled, _expected())["recall"] < _scores(got, _expected())["recall"]


def test_every_development_evidence_is_its_paragraph_slice(lexicon):
    for path in sorted(FIXTURES.glob("dev*.ar.txt")):
        texts = _paragraph_texts(path)
        for row in extract_counts(texts, lexicon).itertuples():
            assert texts[row.paragraph - 1][row.char_start : row.char_end] == row.evidence


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    "text, count",
    [
        ("حضر 450 مشاركاً", 450),
        ("حضر ٤٥٠ مشاركاً", 450),
        ("حضر 1,200 مشارك", 1200),
        ("حضر ١٬٢٠٠ مشارك", 1200),
        ("حضر 2,400,000 زائر", 2400000),
        ("حضر 15 ألف زائر", 15000),
        ("حضر ٣ آلاف زائر", 3000),
        ("حضر ثلاثة وزراء", 3),
        ("حضرت عشر دول", 10),
        ("حضر خمسة عشر خبيراً", 15),
        ("حضر اثنا عشر وفداً", 12),
        ("حضرت إحدى عشرة منظمة", 11),
        ("حضر ستة وعشرون مسؤولاً", 26),
        ("حضر ثلاثة وثلاثين وزيراً", 33),
        ("حضر تسعين خبيراً", 90),
        ("حضر مئة وخمسون مشاركاً", 150),
        ("حضر مئتا مشارك", 200),
        ("حضر مائتي مندوب", 200),
        ("حضر ثلاثمئة شخص", 300),
        ("حضر ثلاث مئة شخص", 300),
        ("حضر ألف مشارك", 1000),
        ("حضر ألفان وخمسمئة زائر", 2500),
        ("حضر ألفاً وخمسين مشاركاً", 1050),
        ("حضر ثلاثة آلاف زائر", 3000),
        ("حضر خمسة وعشرون ألف زائر", 25000),
    ],
)
def test_numbers_in_digits_and_words(lexicon, text, count):
    assert [row[0] for row in _one(text, lexicon)] == [count]


@pytest.mark.parametrize(
    "text",
    [
        "انطلقت المرحلة الرابعة عام 2018 وتلتها المراحل الثلاث السابقة",
        "4 نوفمبر 2024 10:00 م",
        "عقدت الدورة الثالثة في 4/11/2024 لمدة يومين وثلاثة أيام بعد 20 عاماً",
        "تضمن البرنامج 3 مراحل و5 جلسات وخرج بـ10 توصيات وفق المادة 7 من الميثاق",
        "بلغت نسبة الحضور 45% من المشاركين و٪30 من الوفود",
        "خصصت 15 مليون دولار و2,5 مليار دولار و1.5 مليون شخص",
        "قال أحد المشاركين إن خمس المشاركين من الشباب",
        "تبادل البلدين الخبرات واجتمع الوزيران",
        "عبر أكثر من 3 آلاف لاجئ الحدود",
        "أسفر الهجوم عن مقتل 20 شخصاً واعتقال نحو 10 أشخاص ومقتل شخصين",
        "استمرت الجلسة من 9:30 حتى ١٤:٠٠ وتناولت 2018-2019",
    ],
)
def test_not_counts(lexicon, text):
    assert _one(text, lexicon) == []


# ---------------------------------------------------------------- qualifiers, nouns, evidence


@pytest.mark.parametrize(
    "text, qualifier, evidence",
    [
        ("حضر أكثر من 450 مشاركاً", "more_than", "أكثر من 450 مشاركاً"),
        ("حضر ما يزيد على 90 وزيراً", "more_than", "ما يزيد على 90 وزيراً"),
        ("حضر ما يربو على خمسمئة من المشاركين", "more_than", "ما يربو على خمسمئة من المشاركين"),
        ("وفد يزيد عن 85 وفداً", "more_than", "يزيد عن 85 وفداً"),
        ("حضر أربعمئة ونيف مشارك", "more_than", "أربعمئة ونيف مشارك"),
        ("حضر نحو 20 خبيراً", "approximately", "نحو 20 خبيراً"),
        ("حضر قرابة أربعمئة مشارك", "approximately", "قرابة أربعمئة مشارك"),
        ("حضر حوالى 12 خبيراً دولياً", "approximately", "حوالى 12 خبيراً دولياً"),
        ("حضر زهاء 70 مسؤولاً", "approximately", "زهاء 70 مسؤولاً"),
        ("حضر ما يقارب مئتي شخص", "approximately", "ما يقارب مئتي شخص"),
        ("حضر ٤٠٠ شخص تقريباً", "approximately", "٤٠٠ شخص تقريباً"),
        ("حضر 33 وزيراً", "exact", "33 وزيراً"),
        ("توقع أن يتجاوز عدد الحضور ألف شخص", "more_than", "يتجاوز عدد الحضور ألف شخص"),
    ],
)
def test_qualifiers(lexicon, text, qualifier, evidence):
    [row] = _one(text, lexicon)
    assert (row[3], row[4]) == (qualifier, evidence)


@pytest.mark.parametrize(
    "text, unit, category, evidence",
    [
        ("حضر 23 منظمة دولية وإقليمية", "organization", "intl_regional_orgs", "23 منظمة دولية وإقليمية"),
        ("حضرت 13 منظمة من المجتمع المدني", "organization", "civil_society_orgs", "13 منظمة من المجتمع المدني"),
        ("حضرت 4 منظمات غير حكومية", "organization", "civil_society_orgs", "4 منظمات غير حكومية"),
        ("حضرت 9 وكالات تابعة للأمم المتحدة", "organization", "un_agencies", "9 وكالات تابعة للأمم المتحدة"),
        ("حضرت 36 منظمة", "organization", "organizations_total", "36 منظمة"),
        ("من أصل 115 دولة مدعوة", "country", "countries_invited", "115 دولة مدعوة"),
        ("حضر ممثلو 25 بلداً", "country", "countries", "25 بلداً"),
        ("حضر 26 وفداً رسمياً", "delegation", "delegations", "26 وفداً رسمياً"),
        ("حضر 33 وزيراً من الدول الأعضاء", "person", "ministers", "33 وزيراً من الدول الأعضاء"),
        ("حضر 33 من وزراء الخارجية", "person", "ministers", "33 من وزراء الخارجية"),
        ("حضر 48 ممثلاً عن الدول", "person", "representatives", "48 ممثلاً"),
    ],
)
def test_nouns_units_and_categories(lexicon, text, unit, category, evidence):
    [row] = _one(text, lexicon)
    assert row[1:3] + row[4:] == (unit, category, evidence)


def test_vague_quantities_have_no_count(lexicon):
    rows = _one("حضر مئات المشاركين وعشرات من الخبراء والمئات من المندوبين وعشرات المنظمات غير الحكومية", lexicon)
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (None, "participants", "unspecified", "مئات المشاركين"),
        (None, "experts", "unspecified", "عشرات من الخبراء"),
        (None, "delegates", "unspecified", "المئات من المندوبين"),
        (None, "civil_society_orgs", "unspecified", "عشرات المنظمات غير الحكومية"),
    ]


def test_a_dual_counts_two_and_a_singular_with_wahid_one(lexicon):
    rows = _one("بمشاركة وزيرين ومنظمتين إقليميتين، وتبادل البلدين الخبرات، واعتذر وزير واحد", lexicon)
    assert [(r[0], r[2], r[4]) for r in rows] == [
        (2, "ministers", "وزيرين"),
        (2, "intl_regional_orgs", "منظمتين إقليميتين"),
        (1, "ministers", "وزير واحد"),
    ]
    assert _one("أسفر الهجوم عن مقتل شخصين", lexicon) == []


def test_number_of_construct_reads_a_number_without_a_noun(lexicon):
    rows = _one("بلغ عدد الوزراء المشاركين 27، وعدد الوفود نحو 80، وعدد الجلسات 5", lexicon)
    assert [(r[0], r[2], r[3], r[4]) for r in rows] == [
        (27, "ministers", "exact", "عدد الوزراء المشاركين 27"),
        (80, "delegations", "approximately", "عدد الوفود نحو 80"),
    ]


def test_leading_conjunction_and_preposition_stay_out_of_the_evidence(lexicon):
    text = "بينهم 33 وزيراً و36 منظمة وأكثر من 450 مشاركاً وبثلاثة وفود"
    rows = extract_counts([text], lexicon)
    assert list(rows["evidence"]) == ["33 وزيراً", "36 منظمة", "أكثر من 450 مشاركاً", "ثلاثة وفود"]
    assert list(rows["number_text"]) == ["33", "36", "450", "ثلاثة"]


def test_offsets_survive_diacritics_and_tatweel(lexicon):
    text = "شارك أكثرُ مِن ٤٥٠ مُشارِكاً وثـــلاثةُ وزراءَ"
    rows = extract_counts([text], lexicon)
    assert list(rows["count"]) == [450, 3]
    for row in rows.itertuples():
        assert text[row.char_start : row.char_end] == row.evidence
    assert rows["evidence"][0] == "أكثرُ مِن ٤٥٠ مُشارِكاً"


# ---------------------------------------------------------------- table and lexicon


def test_output_table_shape_order_and_types(lexicon):
    texts = ["حضر 20 خبيراً و10 وزراء", "", "لا أرقام هنا", "حضر مئات المشاركين"]
    rows = extract_counts(texts, lexicon)
    assert tuple(rows.columns) == COUNT_COLUMNS
    assert list(rows["paragraph"]) == [1, 1, 4]
    assert str(rows["count"].dtype) == "Int64" and rows["count"].isna().tolist() == [False, False, True]
    assert str(rows["char_start"].dtype) == "Int64" and str(rows["unit"].dtype) == "string"
    assert rows.equals(extract_counts(texts, lexicon))
    empty = extract_counts([], lexicon)
    assert tuple(empty.columns) == COUNT_COLUMNS and empty.empty and str(empty["count"].dtype) == "Int64"


def test_a_single_string_is_refused(lexicon):
    with pytest.raises(TypeError):
        extract_counts("حضر 20 خبيراً", lexicon)


def test_lexicon_tables_use_the_curated_vocabulary():
    nouns, qualifiers, number_words = _tables()
    assert set(nouns["role"]) == {"head", "modifier"}
    assert set(nouns["unit"].dropna()) <= set(UNITS)
    # every category of the curated participation table can be read from a text
    assert set(CATEGORIES) <= set(nouns["category"].dropna())
    assert set(qualifiers["qualifier"].dropna()) <= set(QUALIFIERS)
    assert not number_words.duplicated(["word", "kind"]).any()
    assert CountLexicon.from_tables(*_tables()) == CountLexicon.from_tables(*_tables())


@pytest.mark.parametrize(
    "table, column, value",
    [
        (0, "unit", "people"),
        (0, "role", "noun"),
        (0, "grammatical_number", "trial"),
        (1, "qualifier", "at_least"),
        (1, "role", "around"),
        (2, "kind", "ordinal"),
    ],
)
def test_from_tables_rejects_unknown_values(table, column, value):
    tables = [t.copy() for t in _tables()]
    tables[table].loc[0, column] = value
    with pytest.raises(ValueError):
        CountLexicon.from_tables(*tables)


def test_from_tables_rejects_a_missing_column_and_a_two_word_head():
    nouns, qualifiers, number_words = _tables()
    with pytest.raises(ValueError, match="missing"):
        CountLexicon.from_tables(nouns.drop(columns="unit"), qualifiers, number_words)
    two_words = nouns.copy()
    two_words.loc[two_words["role"] == "head", "words"] = "منظمة دولية"
    with pytest.raises(ValueError, match="one word"):
        CountLexicon.from_tables(two_words, qualifiers, number_words)


def test_beneficiaries_and_partners_of_a_programme_take_no_part(lexicon):
    assert _one("وسيتلقى التدريب ضباط من 11 دولة مستفيدة، إلى جانب 4 دول شريكة في البرنامج", lexicon) == []
    assert _one("ومن المنتظر أن تستفيد من المنح 30 دولة في أفريقيا", lexicon) == []
    # the same countries when they take part are counted, and a full stop ends the phrase
    rows = _one("وشاركت في الاجتماع وفود 11 دولة. مستفيدة من ذلك كانت الجلسة الأولى", lexicon)
    assert [(r[0], r[1]) for r in rows] == [(11, "country")]


def test_members_candidates_a_programme_s_reach_and_places_are_no_participants(lexicon):
    # a membership, one of N candidates, the countries a programme will cover, and "in N countries" (a place)
    assert _one("وستوزع الوثيقة على الدول الأعضاء البالغ عددها 193 دولة", lexicon) == []
    assert _one("وتعقد الدورة المقبلة في إحدى ثلاث دول تقدمت بطلب الاستضافة", lexicon) == []
    assert _one("وسيتوسع المشروع العام المقبل ليشمل 8 دول في غرب أفريقيا", lexicon) == []
    assert _one("وعرضت نتائج مسح أجري في 6 دول من المنطقة", lexicon) == []
    # «إحدى» that begins a number is the number: «إحدى وأربعين» is 41
    assert [r[0] for r in _one("وشاركت في الدورة الأولى إحدى وثلاثين دولة", lexicon)] == [31]
    # participation stays a count, «في» before the meeting is not «في» before the number
    rows = _one("وشارك في الاجتماع 40 دولة، ومن بين المشاركين في 3 جلسات خاصة 12 وزيراً", lexicon)
    assert [(r[0], r[1]) for r in rows] == [(40, "country"), (12, "person")]


def test_a_vague_number_then_min_takes_an_indefinite_noun_in_construct(lexicon):
    rows = _one("وحضر الجلسة عشرات من منظمات المجتمع المدني ومئات من الخبراء", lexicon)
    expected = [(None, "organization", "unspecified"), (None, "person", "unspecified")]
    assert [(r[0], r[1], r[3]) for r in rows] == expected
    assert rows[0][4] == "عشرات من منظمات المجتمع المدني"


def test_trainees_of_a_programme_are_no_participants(lexicon):
    assert _one("ويستقبل المركز سنوياً 500 متدرب من حرس الحدود", lexicon) == []
    assert [r[0] for r in _one("وحضر الورشة 40 مشاركاً بينهم 12 خبيراً", lexicon)] == [40, 12]


def test_a_few_and_a_few_teens_are_vague(lexicon):
    # «بضع/بضعة» (a few) and «بضع عشرة» (some teen) give no number, with a bare or a definite noun after them
    rows = _one("وحضر اللقاء بضعة خبراء من المنطقة، وشاركت فيه بضع عشرة منظمة غير حكومية", lexicon)
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (None, "person", "unspecified", "بضعة خبراء"),
        (None, "organization", "unspecified", "بضع عشرة منظمة غير حكومية"),
    ]
    assert _one("ويضم الوفد بضعة عشر دبلوماسياً", lexicon)[0][:4:3] == (None, "unspecified")
    assert _one("وحضر الندوة عشرات الباحثين", lexicon)[0][4] == "عشرات الباحثين"  # the article kept


def test_diplomats_are_counted_officers_and_centres_are_not(lexicon):
    # officers and centres are far more often trained or set up by a programme than taking part (lexicon README)
    rows = _one("حضر الاجتماع ١٢ دبلوماسياً من دول المنطقة", lexicon)
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [(12, "person", "diplomats", "١٢ دبلوماسياً")]
    assert _one("وسيتلقى 250 ضابطاً التدريب في أربعة مراكز إقليمية", lexicon) == []


def test_members_and_women_are_counted_people(lexicon):
    rows = _one("ويتألف الوفد من 14 عضواً، بينهم 3 نساء، ويرافقه عضوان من الأمانة العامة", lexicon)
    assert [(r[0], r[2], r[4]) for r in rows] == [
        (14, "participants", "14 عضواً"),
        (3, "women", "3 نساء"),
        (2, "participants", "عضوان"),
    ]
    # a member state stays a country: «عضواً» after «دولة» is a modifier of the state
    assert [(r[0], r[1]) for r in _one("حضرت الاجتماع 40 دولة عضواً", lexicon)] == [(40, "country")]


def test_a_verb_of_nearing_or_passing_qualifies_the_number(lexicon):
    rows = _one("وقارب عدد الحضور، كما قارب 300 مشارك في الدورة الماضية، وفاقت 20 منظمة، وناهزت أربعين دولة", lexicon)
    assert [(r[0], r[3], r[4]) for r in rows] == [
        (300, "approximately", "قارب 300 مشارك"),
        (20, "more_than", "فاقت 20 منظمة"),
        (40, "approximately", "ناهزت أربعين دولة"),
    ]


def test_an_accusative_unit_joins_its_ten(lexicon):
    # «ثلاثاً وستين» is one number (63), not a stray 60
    rows = _one("مثّل المشاركون ثلاثاً وستين دولة، وضمت القاعة خمساً وعشرين منظمة", lexicon)
    assert [(r[0], r[4]) for r in rows] == [(63, "ثلاثاً وستين دولة"), (25, "خمساً وعشرين منظمة")]


def test_a_fact_sheet_field_counts_the_noun_of_its_label(lexicon):
    line = "المكان: الدوحة | الوفود المشاركة: زهاء 70 | الخبراء: 25 | الجهات التي أرسلت ممثليها: 14 | العام: 2023"
    rows = _one(line, lexicon)
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (70, "delegation", "approximately", "الوفود المشاركة: زهاء 70"),
        (25, "person", "exact", "الخبراء: 25"),
        (14, "organization", "exact", "الجهات التي أرسلت ممثليها: 14"),
    ]
    # the value must end its field, and the label must open it
    assert _one("الخبراء: 25 نوفمبر موعد الجلسة", lexicon) == []
    assert _one("وقال أحد الخبراء: 25 سنة من العمل", lexicon) == []


def test_the_upper_end_of_a_range_takes_the_noun_said_once(lexicon):
    rows = _one("وارتفع عدد الشركاء من تسع دول في عام 2019 إلى سبع عشرة في العام الجاري.", lexicon)
    assert [(r[0], r[1], r[4]) for r in rows] == [(9, "country", "تسع دول"), (17, "country", "سبع عشرة")]
    # not across a sentence, and a noun after the second number is its own
    assert [r[0] for r in _one("حضر من 30 دولة. وانتقل إلى 2025 بعدها", lexicon)] == [30]


def test_a_correction_withdraws_its_wrong_figures_and_keeps_the_right_one(lexicon):
    text = "تنويه: ذكر خطأً في الخبر أن الوفود بلغت 40 وفداً، والصحيح 44 وفداً. وحضر الافتتاح 300 مشارك."
    assert [r[0] for r in _one(text, lexicon)] == [44, 300]


def test_a_capacity_is_not_a_count(lexicon):
    assert _one("وتتسع القاعة لـ600 مشارك، والمقاعد محدودة بـ50 خبيراً", lexicon) == []


def test_ministries_are_counted_and_a_rights_line_s_year_is_not(lexicon):
    rows = _one("وشاركت في الورشة 6 وزارات ووزارتان من خارج المنطقة. جميع الحقوق محفوظة © 2024 وكالة الأنباء", lexicon)
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (6, "organization", "ministries", "6 وزارات"),
        (2, "organization", "ministries", "وزارتان"),
    ]
