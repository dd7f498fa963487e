"""The data package: loads typed, every span is really in its source, and bad copies are named precisely."""

from __future__ import annotations

import hashlib
import re

import pytest

from analysis import data, paths
from analysis.errors import DataError
from analysis.text import split_paragraphs

SEED = "kuna-alrai-2024-11-04"


def test_real_package_is_valid():
    assert data.validate_package() == []


def test_tables_are_typed(package):
    assert str(package.participation["count"].dtype) == "Int64"
    assert str(package.stages["start_date"].dtype).startswith("datetime64")
    assert package.participation.set_index("figure_id")["count"].isna()["kw-un-agencies"]


def test_raw_text_is_the_seed_byte_for_byte(package):
    raw = paths.RAW_DIR / f"{SEED}.ar.txt"
    recorded = package.sources.set_index("source_id").at[SEED, "sha256"]
    assert hashlib.sha256(raw.read_bytes()).hexdigest() == recorded
    assert package.text(SEED) == raw.read_text(encoding="utf-8")


@pytest.mark.parametrize("table", ["stages", "participation", "statements", "events"])
def test_every_seed_evidence_span_is_verbatim_in_the_text(package, table):
    text = package.text(SEED)
    src_col, ev_col = ("corroborated_by", "corroboration_evidence") if table == "stages" else ("source_id", "evidence")
    rows = package.tables[table]
    rows = rows[rows[src_col] == SEED]
    assert len(rows) > 0
    for rec in rows.to_dict("records"):
        assert rec[ev_col] in text, (table, rec)


def test_every_secondary_evidence_is_quoted_in_the_reference_sheet(package):
    sheet = (paths.DATA_DIR / "references" / "dushanbe-process-sources.md").read_text(encoding="utf-8")
    held = set(package.raw_texts)
    n = 0
    for name in ("stages", "stage_organisers", "participation"):
        df = package.tables[name]
        for rec in df[~df["source_id"].isin(held)].to_dict("records"):
            assert rec["evidence"] in sheet, (name, rec)
            n += 1
    assert n >= 20


def test_numbers_trace_to_their_spans(package):
    """Every count from the seed appears, as digits, inside its own evidence span."""
    seed_rows = package.participation[package.participation["source_id"] == SEED]
    for rec in seed_rows.dropna(subset=["count"]).to_dict("records"):
        assert re.search(rf"(?<!\d){rec['count']}(?!\d)", rec["evidence"]), rec


def test_statement_paragraphs_are_rahmons_speech(package):
    st = package.statements[package.statements["source_id"] == SEED]
    assert sorted(set(st["paragraph"])) == list(range(4, 14))
    paras = split_paragraphs(package.text(SEED))
    for rec in st.to_dict("records"):
        assert rec["evidence"] in paras[rec["paragraph"] - 1].text
        assert rec["cue"] in rec["evidence"]


def _edit(path, old, new, count=1):
    s = path.read_text(encoding="utf-8")
    assert old in s, f"fixture text {old!r} not in {path.name}"
    path.write_text(s.replace(old, new, count), encoding="utf-8")


def _problems(data_dir):
    problems = data.validate_package(data_dir)
    assert problems, "the corrupted copy was accepted"
    return problems


def test_bad_enum_names_file_row_field(data_copy):
    _edit(data_copy / "participation.csv", "kw-ministers,4,ministers,person,", "kw-ministers,4,ministers,persons,")
    [p] = _problems(data_copy)
    assert (p.file.endswith("participation.csv"), p.row, p.field) == (True, 4, "unit")
    assert "persons" in str(p)


def test_dangling_foreign_key(data_copy):
    _edit(
        data_copy / "statements.csv",
        "s04a,kuna-alrai-2024-11-04,4,emomali-rahmon",
        "s04a,kuna-alrai-2024-11-04,4,nobody",
    )
    [p] = _problems(data_copy)
    assert p.file.endswith("statements.csv") and p.row == 2 and p.field == "speaker"


def test_evidence_not_in_text(data_copy):
    _edit(data_copy / "participation.csv", "أكثر من 450 مشاركاً", "أكثر من 460 مشاركاً")
    [p] = _problems(data_copy)
    assert (p.row, p.field) == (2, "evidence") and "not in the text" in p.message


def test_evidence_in_another_paragraph(data_copy):
    _edit(data_copy / "participation.csv", "kuna,21,أكثر من 450", "kuna,4,أكثر من 450")
    [p] = _problems(data_copy)
    assert (p.row, p.field) == (2, "evidence") and "paragraph 4" in p.message


def test_paragraph_past_the_end(data_copy):
    _edit(data_copy / "participation.csv", "kuna,21,أكثر من 450", "kuna,24,أكثر من 450")
    [p] = _problems(data_copy)
    assert (p.row, p.field) == (2, "paragraph") and "past the end" in p.message


def test_checksum_mismatch(data_copy):
    raw = data_copy / "raw" / f"{SEED}.ar.txt"
    raw.write_bytes(raw.read_bytes() + b"\n")
    [p] = _problems(data_copy)
    assert p.file.endswith("sources.csv") and (p.row, p.field) == (2, "sha256")


def test_end_before_start(data_copy):
    _edit(data_copy / "stages.csv", "2,2019-05-16,2019-05-17", "2,2019-05-16,2019-05-15")
    [p] = _problems(data_copy)
    assert p.file.endswith("stages.csv") and (p.row, p.field) == (3, "end_date")


def test_load_raises_one_line_per_problem(data_copy):
    _edit(
        data_copy / "participation.csv", "kw-ministers,4,ministers,person,33,", "kw-ministers,4,ministers,person,-33,"
    )
    _edit(data_copy / "stages.csv", "2,2019-05-16,", "2,2019-02-30,")
    with pytest.raises(DataError) as err:
        data.load_package(data_copy)
    lines = str(err.value).splitlines()
    assert len(lines) == 2
    assert any(
        line.endswith('data/participation.csv:4:count: constraint error: value \'-33\': constraint "minimum" is "0"')
        or ("participation.csv:4:count:" in line and "-33" in line)
        for line in lines
    )
    assert any(":3:start_date:" in line and "2019-02-30" in line for line in lines)


def test_descriptor_not_json(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    [p] = _problems(data_copy)
    assert p.file.endswith("datapackage.json") and "not valid JSON" in p.message
