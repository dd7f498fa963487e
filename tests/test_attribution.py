"""Attribution of reported speech: the seed article against its hand statements, the development texts
against the expectations written for them, and the lexicon tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.arabic import normalize
from analysis.attribution import ATTRIBUTION_COLUMNS, Lexicon, attribute, paragraph_voices
from analysis.paths import DATA_DIR, PROJECT_ROOT, RAW_DIR
from analysis.text import split_paragraphs

SEED_ID = "kuna-alrai-2024-11-04"
SEED_ROLES = (
    ["kicker", "headline", "dateline", "lead"]
    + ["body"] * 9
    + ["subheading"]
    + ["bullet"] * 5
    + ["subheading", "body", "subheading", "body"]
)
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "attribution"
REQUIRED_LEMMAS = (
    "قال",
    "أكد",
    "أضاف",
    "أشار",
    "ذكر",
    "أعرب",
    "بين",
    "لفت",
    "شدد",
    "دعا",
    "تمنى",
    "أوضح",
    "أعلن",
    "حذر",
    "اعتبر",
    "رأى",
    "نوه",
    "تابع",
    "أفاد",
    "صرح",
    "جدد",
    "طالب",
)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {
        "verbs": pd.read_csv(DATA_DIR / "lexicon" / "reporting_verbs.csv", dtype=str),
        "actors": pd.read_csv(DATA_DIR / "actors.csv", dtype=str),
        "aliases": pd.read_csv(DATA_DIR / "lexicon" / "actor_aliases.csv", dtype=str),
    }


@pytest.fixture(scope="module")
def lexicon(tables) -> Lexicon:
    return Lexicon.from_tables(tables["verbs"], tables["actors"], tables["aliases"])


@pytest.fixture(scope="module")
def seed_paragraphs() -> list[str]:
    text = (RAW_DIR / f"{SEED_ID}.ar.txt").read_text(encoding="utf-8")
    return [p.text for p in split_paragraphs(text)]


@pytest.fixture(scope="module")
def seed_rows(seed_paragraphs, lexicon) -> pd.DataFrame:
    return attribute(seed_paragraphs, SEED_ROLES, kind="news_report", lexicon=lexicon, agency="kuna")


@pytest.fixture(scope="module")
def hand() -> pd.DataFrame:
    statements = pd.read_csv(DATA_DIR / "statements.csv", dtype={"paragraph": int})
    return statements[statements["source_id"] == SEED_ID].reset_index(drop=True)


# --- the seed ---------------------------------------------------------------------------------------------------


def test_seed_finds_exactly_the_hand_statements(seed_rows, hand):
    found = seed_rows[["paragraph", "speaker", "cue", "cue_lemma"]].astype(object).values.tolist()
    expected = hand[["paragraph", "speaker", "cue", "cue_lemma"]].astype(object).values.tolist()
    assert found == expected


def test_seed_modes_match_the_hand_coding(seed_rows, hand):
    assert seed_rows["mode"].tolist() == hand["mode"].tolist()


def test_seed_cue_offsets_are_where_the_hand_evidence_starts(seed_rows, seed_paragraphs, hand):
    for row, evidence in zip(seed_rows.itertuples(), hand["evidence"]):
        text = seed_paragraphs[row.paragraph - 1]
        assert text[row.char_start : row.char_end] == row.cue
        assert text.find(evidence) == row.char_start
        assert text[row.char_start :].startswith(row.evidence)


def test_seed_paragraph_voices(seed_rows, seed_paragraphs):
    voices = paragraph_voices(seed_rows, len(seed_paragraphs), kind="news_report", agency="kuna", source_speaker=None)
    assert voices["paragraph"].tolist() == list(range(1, 24))
    speech = voices[voices["voice"] == "reported_speech"]
    assert speech["paragraph"].tolist() == list(range(4, 14))
    assert set(speech["speaker"]) == {"emomali-rahmon"}
    agency = voices[voices["voice"] != "reported_speech"]
    assert set(agency["voice"]) == {"agency"} and set(agency["speaker"]) == {"kuna"}


def test_paragraph_voices_from_the_hand_table_agree(seed_rows, seed_paragraphs, hand):
    n = len(seed_paragraphs)
    automatic = paragraph_voices(seed_rows, n, kind="news_report", agency="kuna", source_speaker=None)
    by_hand = paragraph_voices(hand, n, kind="news_report", agency="kuna", source_speaker=None)
    assert by_hand[["voice", "speaker"]].equals(automatic[["voice", "speaker"]])
    assert set(by_hand.loc[by_hand["voice"] == "reported_speech", "rule"]) == {"statement"}


def test_the_seed_headline_and_kicker_are_never_searched(seed_paragraphs, lexicon):
    # The kicker opens with أكد and the headline quotes Rahmon; as body text the kicker is a cue.
    as_body = attribute(seed_paragraphs[:1], ["body"], kind="news_report", lexicon=lexicon, agency="kuna")
    assert as_body["cue"].tolist() == ["أكد"]
    as_kicker = attribute(seed_paragraphs[:2], ["kicker", "headline"], kind="news_report", lexicon=lexicon)
    assert as_kicker.empty


# --- development texts ------------------------------------------------------------------------------------------


def _fixture_texts() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "texts.csv", keep_default_na=False)


def _run(text_id: str, lexicon: Lexicon) -> tuple[list[str], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    meta = _fixture_texts().set_index("text_id").loc[text_id]
    paragraphs = [p.text for p in split_paragraphs((FIXTURES / meta["file"]).read_text(encoding="utf-8"))]
    gold = pd.read_csv(FIXTURES / "paragraphs.csv")
    gold = gold[gold["text_id"] == text_id].sort_values("paragraph")
    rows = attribute(
        paragraphs,
        gold["role"].tolist(),
        kind=meta["kind"],
        lexicon=lexicon,
        agency=meta["agency"] or None,
        source_speaker=meta["source_speaker"] or None,
    )
    voices = paragraph_voices(
        rows,
        len(paragraphs),
        kind=meta["kind"],
        agency=meta["agency"] or None,
        source_speaker=meta["source_speaker"] or None,
    )
    return paragraphs, gold, rows, voices


def _scores(lexicon: Lexicon) -> dict[str, float]:
    counts = dict(paragraphs=0, voice=0, speaker=0, found=0, expected=0, matched=0, cue_speaker=0, mode=0)
    expected_cues = pd.read_csv(FIXTURES / "cues.csv")
    for text_id in _fixture_texts()["text_id"]:
        _, gold, rows, voices = _run(text_id, lexicon)
        counts["paragraphs"] += len(gold)
        counts["voice"] += int((gold["voice"].to_numpy() == voices["voice"].to_numpy()).sum())
        counts["speaker"] += sum(str(g) == str(v) for g, v in zip(gold["speaker"], voices["speaker"]))
        cues = rows[rows["cue"].notna()]
        gold_cues = expected_cues[expected_cues["text_id"] == text_id]
        found = {(r.paragraph, r.cue): r for r in cues.itertuples()}
        counts["found"] += len(found)
        counts["expected"] += len(gold_cues)
        for g in gold_cues.itertuples():
            r = found.get((g.paragraph, g.cue))
            if r is not None:
                counts["matched"] += 1
                counts["cue_speaker"] += str(r.speaker) == g.speaker
                counts["mode"] += r.mode == g.mode
    return {
        "voice_accuracy": counts["voice"] / counts["paragraphs"],
        "speaker_accuracy": counts["speaker"] / counts["paragraphs"],
        "cue_precision": counts["matched"] / counts["found"],
        "cue_recall": counts["matched"] / counts["expected"],
        "cue_speaker_accuracy": counts["cue_speaker"] / counts["matched"],
        "mode_accuracy": counts["mode"] / counts["matched"],
    }


def test_development_texts_are_many_and_consistent():
    texts = _fixture_texts()
    gold = pd.read_csv(FIXTURES / "paragraphs.csv")
    assert len(texts) >= 12
    for meta in texts.itertuples():
        paragraphs = split_paragraphs((FIXTURES / meta.file).read_text(encoding="utf-8"))
        assert len(paragraphs) == (gold["text_id"] == meta.text_id).sum(), meta.text_id


def test_development_scores(lexicon):
    scores = _scores(lexicon)
    assert scores["voice_accuracy"] >= 0.95
    assert scores["speaker_accuracy"] >= 0.9
    assert scores["cue_precision"] >= 0.95
    assert scores["cue_recall"] >= 0.95
    assert scores["cue_speaker_accuracy"] >= 0.9
    assert scores["mode_accuracy"] >= 0.9


def test_every_row_points_into_its_paragraph(lexicon):
    for text_id in _fixture_texts()["text_id"]:
        paragraphs, _, rows, _ = _run(text_id, lexicon)
        assert list(rows.columns) == list(ATTRIBUTION_COLUMNS)
        for row in rows.itertuples():
            text = paragraphs[row.paragraph - 1]
            assert text[row.char_start : row.char_start + len(row.evidence)] == row.evidence
            if pd.notna(row.cue):
                assert text[row.char_start : row.char_end] == row.cue
                assert row.evidence.startswith(row.cue)
            if pd.notna(row.speaker_mention):
                assert row.speaker_mention in text


def test_a_feminine_continuation_skips_a_masculine_speaker(lexicon):
    _, _, rows, _ = _run("t03", lexicon)
    sixth = rows[rows["paragraph"] == 6].iloc[0]
    assert sixth["cue"] == "وأضافت" and sixth["rule"] == "continuation_by_gender"
    assert sixth["speaker"] == "الخبيرة في مكتب الأمم المتحدة المعني بالمخدرات والجريمة ليلى حسنوفا"


def test_a_short_later_mention_is_the_earlier_speaker(lexicon):
    _, _, rows, _ = _run("t01", lexicon)
    last = rows[rows["paragraph"] == 8].iloc[0]
    assert last["speaker_mention"] == "الراشد" and last["speaker"] == "وزير الخارجية الكويتي سالم الراشد"
    assert not last["speaker_is_actor"]


def test_attribution_lines_give_their_speaker_to_the_quoted_paragraphs(lexicon):
    _, _, rows, voices = _run("t04", lexicon)
    assert rows.loc[rows["paragraph"] == 4, "mode"].tolist() == ["direct"]
    assert voices["speaker"].tolist()[3:9] == ["emomali-rahmon"] * 3 + ["vladimir-voronkov"] * 2 + ["kuna"]
    assert voices["rule"].tolist()[3:9] == [
        "named_actor",
        "after_attribution",
        "open_quote",
        "named_actor",
        "after_attribution",
        "no_reported_speech",
    ]


def test_a_quote_paragraph_continues_but_a_quoted_name_does_not(lexicon):
    _, _, _, voices = _run("t14", lexicon)
    assert voices.loc[3, ["voice", "speaker", "rule"]].tolist() == [
        "reported_speech",
        "vladimir-voronkov",
        "quote_paragraph",
    ]
    assert voices.loc[4, ["voice", "speaker"]].tolist() == ["agency", "kuna"]


def test_two_speakers_in_one_paragraph(lexicon):
    _, _, rows, voices = _run("t05", lexicon)
    third = rows[rows["paragraph"] == 3]
    assert third["speaker"].tolist() == ["وزير الداخلية القطري", "نظيره العماني"]
    assert voices.loc[2, "speaker"] == "وزير الداخلية القطري;نظيره العماني"
    assert rows.loc[rows["paragraph"] == 4, "rule"].tolist() == ["preposed_earlier_mention"]


def test_look_alikes_of_reporting_verbs_are_not_cues(lexicon):
    _, _, rows, _ = _run("t11", lexicon)
    assert rows["paragraph"].tolist() == [7]


def test_a_speech_transcript_is_all_own_words(lexicon):
    paragraphs, _, rows, voices = _run("t06", lexicon)
    assert rows["cue"].isna().all() and len(rows) == len(paragraphs)
    assert set(voices["voice"]) == {"own_words"} and set(voices["speaker"]) == {"vladimir-voronkov"}
    assert rows["speaker_is_actor"].all()


# --- behaviour on small texts -----------------------------------------------------------------------------------


def _one(lexicon: Lexicon, text: str, role: str = "body") -> list[list]:
    rows = attribute([text], [role], kind="news_report", lexicon=lexicon, agency="kuna")
    return rows[["cue", "speaker", "mode", "rule"]].astype(object).where(rows.notna(), None).values.tolist()


def test_spelling_and_diacritics_do_not_matter(lexicon):
    assert _one(lexicon, "وأَكَّدَ امام علي رحمان أن الحدود آمنة.") == [
        ["وأَكَّدَ", "emomali-rahmon", "indirect", "named_actor"]
    ]


def test_an_unknown_speaker_is_kept_as_written(lexicon):
    assert _one(lexicon, "وقال مصدر دبلوماسي لكونا إن الاجتماع سيعقد غداً.") == [
        ["وقال", "مصدر دبلوماسي", "indirect", "named_mention"]
    ]


def test_a_verb_with_an_object_and_no_content_is_not_a_cue(lexicon):
    assert _one(lexicon, "وتابع المشاركون عرضاً عن تاريخ المسار.") == []
    assert _one(lexicon, "وبين الدورتين توقف المسار.") == []


def test_a_quotation_before_its_cue_is_direct(lexicon):
    assert _one(lexicon, "«سنعود بأفكار جديدة»، قال رحمان للصحفيين.") == [
        ["قال", "emomali-rahmon", "direct", "named_actor"]
    ]


def test_a_continuation_with_nobody_before_keeps_its_row(lexicon):
    assert _one(lexicon, "وأضاف أن الحدود آمنة.") == [["وأضاف", None, "indirect", "no_speaker"]]


def test_a_speaker_named_before_the_verb(lexicon):
    assert _one(lexicon, "الرئيس رحمان أكد أن التعاون مهم.") == [
        ["أكد", "emomali-rahmon", "indirect", "preposed_named_actor"]
    ]
    assert _one(lexicon, "رئيس قسم الحدود أكد بدوره أن التدريب مفيد.") == [
        ["أكد", "رئيس قسم الحدود", "indirect", "preposed_named_mention"]
    ]
    # The agency's own analysis with a present verb, and a demonstrative subject, are not speech.
    assert _one(lexicon, "الأرقام تشير إلى أن التهريب تراجع.") == []
    assert _one(lexicon, "وهذا يؤكد أن الحدود آمنة.") == []


def test_a_title_before_a_known_name_is_that_person(lexicon):
    assert _one(lexicon, "وقال وكيل الأمين العام فلاديمير فورونكوف في الجلسة: «المؤتمر ناجح»") == [
        ["وقال", "vladimir-voronkov", "direct", "named_actor"]
    ]


def test_speaker_phrases_through_fi_and_ladaa(lexicon):
    assert (
        _one(lexicon, "وقال السفير الكويتي لدى طاجيكستان خالد العلي إن الزيارة ناجحة.")[0][1]
        == "السفير الكويتي لدى طاجيكستان خالد العلي"
    )
    assert _one(lexicon, "وقال الوزير في الجلسة الختامية إن التعاون ضروري.")[0][1] == "الوزير"
    assert _one(lexicon, "وقال وزير الخارجية في كلمته أمام الوفود إن التعاون ضروري.")[0][1] == "وزير الخارجية"


def test_an_attribution_line_without_a_verb(lexicon):
    texts = ["كلمة وزير خارجية الكويت:", "«نرحب بكم في بلدكم الثاني»."]
    rows = attribute(texts, ["attribution", "body"], kind="news_report", lexicon=lexicon, agency="kuna")
    assert rows[["paragraph", "speaker", "rule"]].astype(object).values.tolist() == [
        [1, "كلمة وزير خارجية الكويت", "attribution_line"],
        [2, "كلمة وزير خارجية الكويت", "after_attribution"],
    ]


def test_the_agency_roles_are_never_searched(lexicon):
    text = "قال فورونكوف إن المكتب مستعد."
    for role in ("kicker", "headline", "dateline", "byline", "subheading"):
        assert _one(lexicon, text, role) == []
    assert _one(lexicon, text, "standfirst") == [["قال", "vladimir-voronkov", "indirect", "named_actor"]]


def test_output_is_deterministic(seed_paragraphs, lexicon):
    first = attribute(seed_paragraphs, SEED_ROLES, kind="news_report", lexicon=lexicon, agency="kuna")
    again = attribute(seed_paragraphs, SEED_ROLES, kind="news_report", lexicon=lexicon, agency="kuna")
    assert first.equals(again)


# --- arguments --------------------------------------------------------------------------------------------------


def test_bad_arguments_are_refused(lexicon):
    with pytest.raises(ValueError, match="roles"):
        attribute(["نص"], [], kind="news_report", lexicon=lexicon)
    with pytest.raises(ValueError, match="kind"):
        attribute(["نص"], ["body"], kind="novel", lexicon=lexicon)
    with pytest.raises(ValueError, match="role"):
        attribute(["نص"], ["footer"], kind="news_report", lexicon=lexicon)
    with pytest.raises(ValueError, match="source_speaker"):
        attribute(["نص"], ["body"], kind="speech_transcript", lexicon=lexicon)
    with pytest.raises(ValueError, match="outside"):
        paragraph_voices(
            pd.DataFrame({"paragraph": [3], "speaker": ["x"]}), 2, kind="news_report", agency=None, source_speaker=None
        )


def test_lexicon_refuses_bad_tables(tables):
    verbs, actors, aliases = tables["verbs"], tables["actors"], tables["aliases"]
    with pytest.raises(ValueError, match="not in actors"):
        Lexicon.from_tables(
            verbs, actors, pd.concat([aliases, pd.DataFrame({"actor_id": ["nobody"], "alias": ["أحد"]})])
        )
    with pytest.raises(ValueError, match="gender"):
        Lexicon.from_tables(verbs.assign(gender="x"), actors, aliases)
    with pytest.raises(ValueError, match="form_type"):
        Lexicon.from_tables(verbs.assign(form_type="future"), actors, aliases)
    with pytest.raises(ValueError, match="missing column"):
        Lexicon.from_tables(verbs.drop(columns="lemma"), actors, aliases)
    clash = pd.DataFrame({"form": ["قال"], "lemma": ["أكد"], "gender": ["m"], "form_type": ["past"]})
    with pytest.raises(ValueError, match="two\\b|lemmas"):
        Lexicon.from_tables(pd.concat([verbs, clash]), actors, aliases)


# --- the lexicon tables -----------------------------------------------------------------------------------------


def test_reporting_verbs_table(tables):
    verbs = tables["verbs"]
    assert list(verbs.columns) == ["form", "lemma", "gender", "form_type"]
    assert set(REQUIRED_LEMMAS) <= set(verbs["lemma"])
    assert not verbs["form"].map(normalize).duplicated().any()
    for lemma in REQUIRED_LEMMAS:
        types = set(verbs.loc[verbs["lemma"] == lemma, "form_type"])
        genders = set(verbs.loc[(verbs["lemma"] == lemma) & (verbs["form_type"] == "past"), "gender"])
        assert "past" in types and {"m", "f"} <= genders, lemma
    assert not verbs["form"].str.startswith(("و", "ف")).any()


def test_actor_aliases_table(tables):
    aliases = tables["aliases"]
    assert list(aliases.columns) == ["actor_id", "alias", "language", "note"]
    assert set(aliases["actor_id"]) <= set(tables["actors"]["actor_id"])
    assert not aliases.assign(norm=aliases["alias"].map(normalize))[["actor_id", "norm"]].duplicated().any()
    # Every actor's Arabic name is one of its aliases.
    for actor in tables["actors"].itertuples():
        assert normalize(actor.name_ar) in set(
            aliases.loc[aliases["actor_id"] == actor.actor_id, "alias"].map(normalize)
        ), actor.actor_id
