"""Paragraphs: offsets index the original text; roles and speakers of the seed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analysis import text

SEED = "kuna-alrai-2024-11-04"


@given(st.text())
def test_paragraph_offsets_point_at_the_original_characters(s):
    paras = text.split_paragraphs(s)
    for i, p in enumerate(paras, start=1):
        assert p.number == i
        assert s[p.char_start : p.char_end] == p.text
        assert p.text == p.text.strip() and p.text and "\n" not in p.text
    assert len(paras) == sum(1 for line in s.split("\n") if line.strip())


def test_seed_paragraphs_roles_and_speakers(package):
    table = text.paragraph_table(package, SEED)
    assert len(table) == 23
    roles = dict(zip(table["paragraph"], table["role"]))
    assert [roles[i] for i in (1, 2, 3, 4)] == ["kicker", "headline", "dateline", "lead"]
    assert {roles[i] for i in range(15, 20)} == {"bullet"}
    assert [roles[i] for i in (14, 20, 22)] == ["subheading"] * 3
    speech = table[table["voice"] == "reported_speech"]
    assert list(speech["paragraph"]) == list(range(4, 14))
    assert set(speech["speaker"]) == {"emomali-rahmon"}
    assert set(table.loc[table["voice"] == "agency", "speaker"]) == {"kuna"}
    raw = package.text(SEED)
    for rec in table.to_dict("records"):
        assert raw[rec["char_start"] : rec["char_end"]] == rec["text"]


def test_evidence_coverage_maps_spans_to_paragraphs(package):
    cov = text.evidence_coverage(package, SEED)
    raw = package.text(SEED)
    paras = {p.number: p for p in text.split_paragraphs(raw)}
    for rec in cov.to_dict("records"):
        p = paras[rec["paragraph"]]
        assert p.char_start <= rec["char_start"] < rec["char_end"] <= p.char_end
    # the participation figures sit in the subheading (20) and the paragraph after it (21)
    assert set(cov.loc[cov["table"] == "participation", "paragraph"]) == {20, 21}
