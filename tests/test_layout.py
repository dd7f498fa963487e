"""Paragraph roles by page layout: the seed, the layout fixtures, the lexicon table, edge cases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import paths
from analysis.arabic import normalize
from analysis.layout import KINDS, MARKER_KINDS, ROLES, RoleMarkers, assign_roles
from analysis.text import split_paragraphs

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
LEXICON = paths.DATA_DIR / "lexicon" / "layout_markers.csv"
SEED = paths.RAW_DIR / "kuna-alrai-2024-11-04.ar.txt"
SEED_ROLES = (
    ["kicker", "headline", "dateline", "lead"]
    + ["body"] * 9
    + ["subheading"]
    + ["bullet"] * 5
    + ["subheading", "body", "subheading", "body"]
)


@pytest.fixture(scope="module")
def markers() -> RoleMarkers:
    return RoleMarkers.from_tables(pd.read_csv(LEXICON))


def _fixture_kinds() -> dict[str, str]:
    return dict(pd.read_csv(FIXTURES / "kinds.csv").itertuples(index=False, name=None))


def _expected(name: str) -> list[tuple[str, int | None]]:
    table = pd.read_csv(FIXTURES / "expected_roles.csv", dtype={"duplicate_of": "Int64"})
    rows = table[table["file"] == name].sort_values("paragraph")
    assert list(rows["paragraph"]) == list(range(1, len(rows) + 1))
    return [(r.role, None if pd.isna(r.duplicate_of) else int(r.duplicate_of)) for r in rows.itertuples()]


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in split_paragraphs(path.read_text(encoding="utf-8"))]


def test_seed_roles(markers):
    roles = [a.role for a in assign_roles(_paragraphs(SEED), "news_report", markers)]
    assert roles == SEED_ROLES


@pytest.mark.parametrize("name", sorted(_fixture_kinds()))
def test_fixture_roles_paragraph_by_paragraph(name, markers):
    texts = _paragraphs(FIXTURES / name)
    expected = _expected(name)
    assert len(texts) == len(expected)
    got = [(a.role, a.duplicate_of) for a in assign_roles(texts, _fixture_kinds()[name], markers)]
    wrong = [(i, g, e, t[:40]) for i, (g, e, t) in enumerate(zip(got, expected, texts), start=1) if g != e]
    assert not wrong


def test_fixtures_cover_every_role_and_kind():
    table = pd.read_csv(FIXTURES / "expected_roles.csv")
    kinds = _fixture_kinds()
    assert len(kinds) >= 12
    assert set(table["role"]) == set(ROLES)
    assert set(kinds.values()) == set(KINDS)
    assert set(table["file"]) == set(kinds) == {p.name for p in FIXTURES.glob("*.txt")}


def test_a_page_has_at_most_one_lead_and_a_speech_none(markers):
    for name, kind in _fixture_kinds().items():
        roles = [a.role for a in assign_roles(_paragraphs(FIXTURES / name), kind, markers)]
        assert roles.count("lead") == (0 if kind == "speech_transcript" else 1), name


def test_unknown_kind_names_the_allowed_ones(markers):
    with pytest.raises(ValueError) as excinfo:
        assign_roles(["عنوان"], "tweet", markers)
    for kind in KINDS:
        assert kind in str(excinfo.value)


def test_repeated_headline_after_normalisation_points_to_the_first(markers):
    page = [
        "وزيرُ الخارجيةِ يستقبل الوفود",
        "4 نوفمبر 2024",
        "كونا - استقبل وزير الخارجية اليوم رؤساء الوفود المشاركة في المؤتمر.",
        "«وزير الخارجية يستقبل الوفود».",
        "وحضر اللقاء عدد من المسؤولين.",
        "وحضر اللقاء عدد من المسؤولين",
    ]
    result = assign_roles(page, "web_page", markers)
    assert [(a.role, a.duplicate_of) for a in result] == [
        ("headline", None),
        ("dateline", None),
        ("lead", None),
        ("headline", 1),
        ("body", None),
        ("body", 5),
    ]


def test_a_repeated_lead_is_body(markers):
    lead = "كونا - افتتح المؤتمر أعماله اليوم في الكويت بمشاركة واسعة."
    result = assign_roles(["عنوان الخبر هنا", lead, "وتستمر الأعمال يومين.", lead], "news_report", markers)
    assert [(a.role, a.duplicate_of) for a in result][-1] == ("body", 2)


def test_vocative_needs_an_unfinished_line(markers):
    speech = ["بسم الله الرحمن الرحيم", "معالي الأمين العام،", "معالي الأمين العام أكد أهمية التعاون.", "شكراً لكم."]
    roles = [a.role for a in assign_roles(speech, "speech_transcript", markers)]
    assert roles == ["salutation", "salutation", "body", "salutation"]


def test_attribution_needs_a_speech_verb_a_final_colon_and_a_following_paragraph(markers):
    page = [
        "عنوان الخبر هنا",
        "كونا - قال الوزير اليوم إن المؤتمر ناجح.",
        "وأضاف الوزير:",
        "«نحن سعداء بالنتائج».",
        "المشاركون:",
        "وفود من دول عديدة.",
        "وقال الوزير:",
    ]
    roles = [a.role for a in assign_roles(page, "news_report", markers)]
    assert roles == ["headline", "lead", "attribution", "body", "subheading", "body", "subheading"]


def test_numbered_heading_versus_list_item(markers):
    page = [
        "عنوان",
        "كونا - نص الخبر الأول هنا طويل بما يكفي ليكون فقرة.",
        "1- المحور الأول:",
        "نص المحور الأول.",
        "2- تبادل المعلومات بين الدول المشاركة في المؤتمر الدولي.",
        "3- بند قصير",
        "4- بند آخر",
    ]
    roles = [a.role for a in assign_roles(page, "news_report", markers)]
    assert roles == ["headline", "lead", "subheading", "body", "bullet", "bullet", "bullet"]


def test_datelines_of_several_shapes(markers):
    for line in (
        "4 نوفمبر 2024 10:00 م",
        "الكويت - 5 نوفمبر 2024",
        "الثلاثاء 05 نوفمبر 2024",
        "٤ تشرين الثاني ٢٠٢٤",
        "آخر تحديث: 2024/11/04 - 21:10",
        "منذ ساعتين",
    ):
        page = ["عنوان الخبر", line, "كونا - نص الخبر الأول هنا طويل بما يكفي ليكون فقرة."]
        assert [a.role for a in assign_roles(page, "news_report", markers)] == ["headline", "dateline", "lead"], line
    for line in ("المؤتمر ينعقد في 4 نوفمبر", "قبل الافتتاح", "2024"):
        page = ["عنوان الخبر", line, "كونا - نص الخبر الأول هنا طويل بما يكفي ليكون فقرة."]
        assert assign_roles(page, "news_report", markers)[1].role != "dateline", line


def test_roles_come_from_the_lexicon_table(markers):
    speech = ["بسم الله الرحمن الرحيم", "أود أن أرحب بكم في الكويت في هذا اللقاء المهم."]
    assert assign_roles(speech, "speech_transcript", markers)[0].role == "salutation"
    empty = RoleMarkers.from_tables(pd.DataFrame(columns=["marker", "kind_of_marker", "match"]))
    assert assign_roles(speech, "speech_transcript", empty)[0].role != "salutation"


def test_lexicon_table_is_valid_and_normalised(markers):
    table = pd.read_csv(LEXICON)
    assert {"marker", "kind_of_marker", "match", "note"} <= set(table.columns)
    assert set(table["kind_of_marker"]) <= set(MARKER_KINDS)
    assert set(table["match"]) <= {"start", "whole", "contains"}
    keys = table.assign(norm=table["marker"].map(lambda m: " ".join(normalize(m).split())))
    assert not keys.duplicated(["norm", "kind_of_marker", "match"]).any()
    assert all(m.marker == normalize(m.marker) for m in markers.lines)


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"kind_of_marker": "greeting"}, "kind_of_marker"),
        ({"match": "regex"}, "match"),
        ({"kind_of_marker": "month", "match": "start"}, "month"),
        ({"marker": "  "}, "empty marker"),
        ({"max_words": "many"}, "max_words"),
        ({"position": "bottom"}, "position"),
    ],
)
def test_from_tables_rejects_bad_rows(bad, message):
    row = {"marker": "شكرا", "kind_of_marker": "closing", "match": "start", "max_words": 8, "position": "any"}
    with pytest.raises(ValueError, match=message):
        RoleMarkers.from_tables(pd.DataFrame([row | bad]))


def test_from_tables_requires_columns():
    with pytest.raises(ValueError, match="match"):
        RoleMarkers.from_tables(pd.DataFrame({"marker": ["شكرا"], "kind_of_marker": ["closing"]}))


def test_row_order_of_the_table_does_not_matter(markers):
    shuffled = RoleMarkers.from_tables(pd.read_csv(LEXICON).iloc[::-1])
    assert shuffled == markers
    texts = _paragraphs(FIXTURES / "10_speech_transcript.txt")
    assert assign_roles(texts, "speech_transcript", shuffled) == assign_roles(texts, "speech_transcript", markers)


_LINE = st.one_of(
    st.text(min_size=1, max_size=60),
    st.sampled_from(
        [
            "عنوان الخبر",
            "4 نوفمبر 2024",
            "كونا - نص طويل هنا.",
            "• بند",
            "1- محور:",
            "وقال:",
            "السيدات والسادة،",
            "الكويت - كونا",
            "الرئيسية > أخبار",
            "***",
            "نص الفقرة.",
        ]
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=12), st.sampled_from(KINDS))
def test_any_page_gets_one_valid_role_per_paragraph(markers, texts, kind):
    result = assign_roles(texts, kind, markers)
    assert len(result) == len(texts)
    for number, a in enumerate(result, start=1):
        assert a.role in ROLES and a.rule
        if a.duplicate_of is not None:
            assert 1 <= a.duplicate_of < number
            assert result[a.duplicate_of - 1].duplicate_of is None
    assert result == assign_roles(texts, kind, markers)


def test_a_place_and_writer_under_the_headline_is_a_byline_not_a_title(markers):
    page = [
        "الكويت تطلق شبكة إنذار مبكر مع دول آسيا الوسطى",
        "الكويت - خالد المطوع",
        "أعلنت وزارة الداخلية اليوم إطلاق الشبكة في ختام المؤتمر.",
    ]
    assert [a.role for a in assign_roles(page, "news_report", markers)] == ["headline", "byline", "lead"]
    desk = [page[0], "دوشنبه - القسم الدولي", page[2]]
    assert [a.role for a in assign_roles(desk, "web_page", markers)] == ["headline", "byline", "lead"]
    # a kicker above the headline keeps its role; a one-word pair of places is a title, not a credit
    kicker = ["مؤتمر الكويت", page[0], page[1], page[2]]
    assert [a.role for a in assign_roles(kicker, "news_report", markers)] == ["kicker", "headline", "byline", "lead"]
    places = ["الكويت - دوشنبه", page[0], page[2]]
    assert [a.role for a in assign_roles(places, "news_report", markers)] == ["kicker", "headline", "lead"]


def test_an_interviewers_short_question_is_body_not_a_subheading(markers):
    page = [
        "حوار مع مدير المنافذ",
        "على هامش المؤتمر الدولي الذي استضافته الكويت، التقينا مدير إدارة المنافذ في وزارة الداخلية، وكان هذا الحوار:",
        "س: كيف تقيمون المؤتمر؟",
        "ج: كان ناجحاً بكل المقاييس.",
        "سؤال: وما الخطوة التالية؟",
        "ج: التنفيذ.",
        "ما الذي تغير؟",
        "تغيرت أدوات الرقابة كلها.",
    ]
    roles = [a.role for a in assign_roles(page, "news_report", markers)]
    assert roles == ["headline", "lead", "body", "body", "body", "body", "subheading", "body"]


def test_a_colon_line_right_above_a_quotation_announces_it(markers):
    page = [
        "الكويت - 5 - 11 (كونا) -- اختتم المؤتمر أعماله اليوم بإعلان مشترك.",
        "أما فورونكوف، فاكتفى بعبارة واحدة في ختام الجلسة:",
        "«الكويت أعطت المسار روحاً جديدة».",
        "شعار المرحلة:",
        "«حدود آمنة لمنطقة آمنة».",
        "وفي الختام نقاط للمتابعة في الدورة المقبلة:",
        "تبادل البيانات بين المنافذ يبدأ الشهر المقبل.",
    ]
    got = [(a.role, a.rule) for a in assign_roles(page, "news_report", markers)]
    assert got[1] == ("attribution", "quote-announcer")
    assert got[2][0] == "body"
    # a short label above a quotation, and a colon line above plain text, stay headings
    assert got[3][0] == got[5][0] == "subheading"


def test_an_interview_page_asks_its_questions_without_a_label(markers):
    page = [
        "خبيرة أمنية لـ«الصباح»: الحدود تحتاج إلى بيانات قبل أن تحتاج إلى جدران",
        "حاورتها: ليلى الحسن",
        "في ختام اليوم الأول من المؤتمر جلسنا مع الخبيرة في أمن المطارات سعاد القناعي، وكان هذا اللقاء.",
        "ما الذي تغير في عمل المنافذ؟",
        "تغير كل شيء تقريباً، فالمسافر اليوم يصل ومعه أثر رقمي طويل يسبقه إلى المطار.",
        "وهل تكفي الأنظمة وحدها؟",
        "لا، فالأنظمة بلا موظف مدرب تبقى أرقاماً على شاشة.",
    ]
    roles = assign_roles(page, "news_report", markers)
    assert [(r.role, r.rule) for r in roles][3::2] == [("body", "interview-question")] * 2
    # the same short questions on a page that is not credited as an interview are subheadings
    plain = assign_roles([page[0], *page[2:]], "news_report", markers)
    assert [r.role for r in plain][2::2] == ["subheading", "subheading"]


def test_a_question_under_a_kicker_is_the_headline_and_a_time_zone_s_place_is_part_of_the_dateline(markers):
    texts = [
        "قراءة في الأرقام",
        "ماذا بقي من وعود الدورة الماضية بعد عامين من التنفيذ؟",
        "الخميس ٧ آذار/مارس ٢٠٢٤ - آخر تحديث: ٢٠:١٥ بتوقيت عمان",
        "عاد ملف التعاون الحدودي إلى الواجهة هذا الأسبوع مع اجتماع اللجنة المشتركة في العاصمة.",
        "وقال رئيس اللجنة إن العمل مستمر.",
    ]
    roles = [a.role for a in assign_roles(texts, "news_report", markers)]
    assert roles == ["kicker", "headline", "dateline", "lead", "body"]
    # a statement under a short line is not taken for the headline: the short line is
    plain = ["قراءة في الأرقام", "عاد ملف التعاون الحدودي إلى الواجهة هذا الأسبوع.", "وقال رئيس اللجنة إن العمل مستمر."]
    assert [a.role for a in assign_roles(plain, "news_report", markers)][:2] == ["headline", "lead"]
    # a place after the time that is not a time zone's is no dateline
    assert assign_roles(["الخميس ٧ مارس ٢٠٢٤ في عمان والقاهرة", texts[3]], "news_report", markers)[0].role != "dateline"


def test_a_credit_may_name_its_place_before_the_colon(markers):
    page = [
        "باحث طاجيكي لـ«المدار»: الجبال لا تحمي أحداً",
        "حاوره في دوشنبه: سالم العتيبي",
        "التقينا الباحث على هامش الجلسة الختامية، وكان هذا الحوار.",
        "كيف ترى نتائج المؤتمر؟",
        "أراها خطوة أولى في طريق طويل.",
    ]
    roles = assign_roles(page, "news_report", markers)
    assert [r.role for r in roles] == ["headline", "byline", "lead", "body", "body"]
    assert roles[3].rule == "interview-question"


def test_a_sentence_announcing_a_list_is_body_and_a_release_ends_in_its_credits(markers):
    page = [
        "الوزارة تعلن خطة لتأمين المنافذ",
        "أعلنت وزارة الداخلية اليوم خطة جديدة لتأمين المنافذ البرية والبحرية.",
        "وتتعهد الوزارة خلال الأشهر المقبلة بما يلي:",
        "- تدريب العاملين في المنافذ على الأنظمة الجديدة.",
        "- ربط قواعد البيانات الوطنية بالشبكة الإقليمية.",
        "المحاور الرئيسية:",
        "ويتناول البرنامج ثلاثة محاور رئيسية تخص الحدود البرية والبحرية والجوية.",
        "صادر عن: إدارة الإعلام والعلاقات العامة، الأمانة العامة لوزارة الداخلية في دولة الكويت",
        "للتواصل الإعلامي: مريم السالم، مكتب الإعلام",
    ]
    roles = [r.role for r in assign_roles(page, "press_release", markers)]
    assert roles == ["headline", "lead", "body", "bullet", "bullet", "subheading", "body", "byline", "byline"]


def test_a_wire_s_end_mark_with_initials_is_a_byline_and_a_letter_keeps_its_forms(markers):
    wire = [
        "الأردن يستضيف ورشة إقليمية لأمن الحدود",
        "عمان - 12 - 3 (كونا) -- تستضيف العاصمة الأردنية الشهر المقبل ورشة إقليمية لأمن الحدود.",
        "(النهاية) س ع د / ر م",
    ]
    assert [r.role for r in assign_roles(wire, "news_report", markers)] == ["headline", "lead", "byline"]
    letter = [
        "رسالة رئيس الوزراء إلى المشاركين في الورشة",
        "إلى أصحاب السعادة رؤساء الوفود المشاركة،",
        "يسعدني أن أرحب بكم في هذه الورشة التي تنعقد في ظرف دقيق.",
        "وأتمنى لأعمالكم كل النجاح.",
        "مع خالص التقدير والاحترام،",
        "سالم الراشد، رئيس الوزراء",
    ]
    roles = [r.role for r in assign_roles(letter, "speech_transcript", markers)]
    assert roles == ["headline", "salutation", "body", "body", "salutation", "byline"]


def test_news_flashes_and_a_programme_s_slots_are_text_and_a_day_s_heading_is_no_dateline(markers):
    flashes = [
        "آخر الأخبار",
        "عاجل | وزير الداخلية: المنافذ تعمل بكامل طاقتها",
        "عاجل | وصول وفود 40 دولة إلى مقر الاجتماع",
    ]
    assert [r.role for r in assign_roles(flashes, "web_page", markers)] == ["headline", "lead", "body"]
    programme = [
        "برنامج الورشة الإقليمية",
        "تنشر الأمانة فيما يلي برنامج الورشة كما أقرته اللجنة المنظمة.",
        "اليوم الثاني - الأربعاء 12 مارس 2025",
        "10:00 - 11:30 جلسة عن إدارة المنافذ",
        "11:30 استراحة",
    ]
    roles = [r.role for r in assign_roles(programme, "web_page", markers)]
    assert roles == ["headline", "lead", "subheading", "body", "body"]
    assert (
        assign_roles(["الكويت - الأربعاء 12 مارس 2025", "قال الوزير إن الورشة ناجحة."], "news_report", markers)[0].role
        == "dateline"
    )


def test_notes_in_brackets_table_rows_rights_lines_and_labelled_speakers_are_text(markers):
    page = [
        "ندوة الإذاعة عن أمن المنافذ",
        "استضاف البرنامج مساء أمس خبيرين في إدارة الحدود.",
        "المقدمة: أستاذة ريم، هل تكفي التقنية وحدها؟",
        "[موسيقى]",
        "(قاطع الضيف المقدمة هنا)",
        "الأردن | 12 عضواً | وزير الداخلية",
        "الحقوق: جميع الحقوق محفوظة © 2024",
    ]
    roles = [r.role for r in assign_roles(page, "news_report", markers)]
    assert roles == ["headline", "lead", "body", "body", "body", "body", "body"]
    # a table's header row has no figure: it stays a heading
    assert assign_roles([*page[:2], "الوفد | عدد الأعضاء | رئيس الوفد"], "news_report", markers)[2].role == "subheading"


def test_an_e_mail_s_headers_greeting_closing_and_signature(markers):
    mail = [
        "من: مكتب الإعلام - وزارة الداخلية",
        "التاريخ: 3 مارس 2025",
        "الموضوع: ورشة المنافذ الحدودية تختتم أعمالها",
        "عزيزي المشترك،",
        "نعرض عليك في هذه الرسالة ما جرى في الورشة.",
        "مع أطيب التحيات،",
        "مكتب الإعلام - وزارة الداخلية",
    ]
    roles = [r.role for r in assign_roles(mail, "press_release", markers)]
    assert roles == ["byline", "dateline", "headline", "salutation", "lead", "salutation", "byline"]


def test_a_reprint_credit_and_an_outlet_in_quotes_under_the_headline_are_bylines(markers):
    reprint = [
        "الوزير: الحدود الآمنة مسؤولية مشتركة",
        "نقلاً عن مجلة «الأفق» الصادرة في عمّان - ترجمة: سامر الخطيب",
        "أكد الوزير في مقابلة مع المجلة أن الحدود الآمنة مسؤولية مشتركة.",
    ]
    assert [r.role for r in assign_roles(reprint, "news_report", markers)] == ["headline", "byline", "lead"]
    quotes = ["قالوا عن الورشة", "عمّان - «الأفق»", "قال الوزير إن الورشة ناجحة."]
    assert [r.role for r in assign_roles(quotes, "news_report", markers)] == ["headline", "byline", "lead"]


def test_fields_separated_by_bars_date_a_page_credit_a_comment_and_name_a_post_s_author(markers):
    page = [
        "الوفود تتبادل الخبرات في ختام اليوم الأول",
        "الاثنين 4 نوفمبر 2024 - 20:30 | 912 مشاهدة",
        "كونا - تبادلت الوفود المشاركة خبراتها في إدارة المنافذ خلال جلسات اليوم الأول.",
        "التعليقات (2)",
        "سالم الراشد | منذ ساعتين | إعجاب 5",
        "خطوة جيدة ونتمنى أن تستمر.",
        "حساب الوزارة | @moi_example",
        "نواصل العمل مع شركائنا لتأمين المنافذ.",
    ]
    roles = assign_roles(page, "web_page", markers)
    assert [r.role for r in roles[:3]] == ["headline", "dateline", "lead"]
    assert (roles[1].rule, roles[4].rule, roles[6].rule) == ("dated-fields", "credit-with-time", "name-and-handle")
    assert [roles[i].role for i in (4, 6)] == ["byline", "attribution"]
    # below the top, a row opening with a label and a date is a table's text, not a dateline
    row = "التاريخ: 3 و4 مايو 2018 | عدد الدول المشاركة: 41 | المكان: دوشنبه"
    assert assign_roles(page[:3] + [row], "web_page", markers)[3].role == "body"


def test_a_dateline_may_carry_a_room_and_an_hour_and_a_date_may_follow_a_label(markers):
    for line in ("دوشنبه، 18 أكتوبر 2022، القاعة 2، الساعة 10:30", "تاريخ الإصدار: 2 نوفمبر 2024"):
        page = ["كلمة الوفد في الجلسة الثانية", line, "كونا - ألقى رئيس الوفد كلمة في الجلسة الثانية للمؤتمر."]
        assert [a.role for a in assign_roles(page, "news_report", markers)] == ["headline", "dateline", "lead"], line
