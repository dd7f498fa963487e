"""The data package: loads typed, every span is really in its source, and bad copies are named precisely."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from analysis import data, data_checks, paths
from analysis.errors import DataError
from analysis.text import split_paragraphs

SEED = "kuna-alrai-2024-11-04"


def test_real_package_is_valid():
    assert data.validate_package() == []


def test_every_field_of_every_resource_is_described():
    descriptor = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    fields = [(r["name"], f) for r in descriptor["resources"] for f in r["schema"]["fields"]]
    assert fields
    bare = [
        f"{name}.{field['name']}"
        for name, field in fields
        if not isinstance(field.get("description"), str) or not field["description"].strip()
    ]
    assert bare == [], f"fields without a description: {', '.join(bare)}"


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


def _swap_lines(raw_path, first, second):
    """Swap two paragraphs (lines) of a raw text; return its new sha256."""
    lines = raw_path.read_text(encoding="utf-8").split("\n")
    numbered = [i for i, line in enumerate(lines) if line.strip()]
    a, b = numbered[first - 1], numbered[second - 1]
    lines[a], lines[b] = lines[b], lines[a]
    raw_path.write_text("\n".join(lines), encoding="utf-8")
    return hashlib.sha256(raw_path.read_bytes()).hexdigest()


def test_anchors_on_disk_are_those_the_code_writes(package):
    for name in ("statements", "paragraph_themes"):
        table = package.tables[name]
        rewritten = data_checks.with_anchors(table.assign(anchor=""), package.raw_texts)
        assert rewritten["anchor"].tolist() == table["anchor"].tolist(), name


def test_paragraph_anchor_is_the_start_of_the_sha256_of_the_text():
    text = "قال الوزير إن التعاون مستمر."
    assert data_checks.paragraph_anchor(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    assert data_checks.paragraph_anchor(text + " ") != data_checks.paragraph_anchor(text)


def test_swapped_speech_paragraphs_are_caught_once_per_table(data_copy):
    old = hashlib.sha256((data_copy / "raw" / f"{SEED}.ar.txt").read_bytes()).hexdigest()
    new = _swap_lines(data_copy / "raw" / f"{SEED}.ar.txt", 8, 9)
    _edit(data_copy / "sources.csv", old, new)
    problems = _problems(data_copy)
    # the statements' evidence moved with its paragraph: the anchor says so, the evidence check stays quiet
    assert [(Path(p.file).name, p.row, p.field) for p in problems] == [
        ("paragraph_themes.csv", 9, "anchor"),
        ("statements.csv", 7, "anchor"),
    ]
    assert all("8 (now 9), 9 (now 8)" in p.message for p in problems)


def test_an_edited_paragraph_has_no_new_place(data_copy):
    raw = data_copy / "raw" / f"{SEED}.ar.txt"
    old = hashlib.sha256(raw.read_bytes()).hexdigest()
    text = raw.read_text(encoding="utf-8")
    paragraph = split_paragraphs(text)[16].text  # paragraph 17: no evidence quotes it
    raw.write_text(text.replace(paragraph, paragraph + " وأضاف المصدر تفصيلاً."), encoding="utf-8")
    _edit(data_copy / "sources.csv", old, hashlib.sha256(raw.read_bytes()).hexdigest())
    [p] = _problems(data_copy)
    assert (Path(p.file).name, p.row, p.field) == ("paragraph_themes.csv", 18, "anchor")
    assert "17 (text gone)" in p.message


def test_numbers_are_read_in_both_scripts_with_separators():
    assert data_checks.numbers_in("أكثر من ٤٥٠ مشاركاً") == {450}
    assert data_checks.numbers_in("1,200 participants and 36 organisations") == {1, 200, 1200, 36}
    assert data_checks.numbers_in("١٬٢٠٠ مشارك") == {1, 200, 1200}
    assert data_checks.numbers_in("ثلاثون دولة") == set()


def test_a_count_its_evidence_does_not_state(data_copy):
    _edit(
        data_copy / "participation.csv",
        "kw-ministers,4,ministers,person,33,exact",
        "kw-ministers,4,ministers,person,34,exact",
    )
    [p] = _problems(data_copy)
    assert (p.row, p.field) == (4, "count") and "count 34 is not written in its evidence" in p.message


@pytest.mark.parametrize(
    "published, ok",
    [
        ("2024-11-04", True),
        ("2024-11-04T22:00:00+03:00", True),
        ("2024-11-04T22:00:00-12:00", True),
        ("2024-11-04T22:00:00+14:00", True),
        ("2024-11-04T22:00:00+15:00", False),
        ("2024-11-04T24:00:00+03:00", False),
        ("2024-11-04T22:60:00+03:00", False),
        ("2023-02-29", False),
        ("2024-13-01T10:00:00+03:00", False),
    ],
)
def test_published_timestamps_must_be_real(data_copy, published, ok):
    _edit(data_copy / "sources.csv", "2024-11-04T22:00:00+03:00", published)
    problems = data.validate_package(data_copy)
    assert (problems == []) == ok, problems
    if not ok:
        assert [(p.row, p.field) for p in problems] == [(2, "published")]


def test_frictionless_stopping_early_is_said(data_copy):
    p = data_copy / "lexicon" / "reporting_verbs.csv"
    p.write_text(p.read_text(encoding="utf-8") + "".join(f"w{i},l,x,past\n" for i in range(1100)), encoding="utf-8")
    problems = data.validate_package(data_copy)
    assert len(problems) == 1001
    assert problems[-1].message == "checking stopped after 1000 problems: there may be more"
    assert str(DataError.from_problems(problems)).splitlines()[-1] == "and 901 more problem(s)"


DESCRIPTOR = {
    "profile": "tabular-data-package",
    "default_source": "s",
    "resources": [
        {
            "name": "a",
            "path": "a.csv",
            "schema": {
                "fields": [{"name": "id", "type": "string"}, {"name": "n", "type": "integer"}],
                "primaryKey": "id",
            },
        }
    ],
}


def _changed(change):
    import copy

    descriptor = copy.deepcopy(DESCRIPTOR)
    change(descriptor)
    return [(p.field, p.message) for p in data_checks.descriptor_problems(descriptor, "datapackage.json")]


def _schema(d):
    return d["resources"][0]["schema"]


@pytest.mark.parametrize(
    "change, field, message",
    [
        (lambda d: d.update(licenses=["CC-BY-4.0"]), "licenses", "must be a list of objects"),
        (lambda d: d.pop("default_source"), "default_source", "missing"),
        (lambda d: d.update({"$schema": "https://example.org/p.json"}), "$schema", "remote schema"),
        (lambda d: d["resources"][0].update(dialect="dialect.json"), "resources[0].dialect", "not supported"),
        (lambda d: d["resources"][0].update(path="../outside.csv"), "resources[0].path", "leaves the data folder"),
        (lambda d: d["resources"][0].update(path=["a.csv", "b.csv"]), "resources[0].path", "needs a path"),
        (lambda d: d["resources"][0].update(encoding="cp1256"), "resources[0].encoding", "the tables are UTF-8"),
        (lambda d: d["resources"].append(dict(d["resources"][0])), "resources[1].name", "used more than once"),
        (lambda d: _schema(d)["fields"].append({"name": "id"}), "resources[0].schema.fields[2].name", "repeated"),
        (lambda d: _schema(d)["fields"][1].update(type="int"), "resources[0].schema.fields[1].type", "unknown type"),
        (
            lambda d: _schema(d)["fields"][1].update(constraints={"minimum": "0"}),
            "resources[0].schema.fields[1].constraints.minimum",
            "must be a number",
        ),
        (
            lambda d: _schema(d)["fields"][1].update(format="%d/%m/%Y"),
            "resources[0].schema.fields[1].format",
            "not supported",
        ),
        (lambda d: _schema(d).update(primaryKey=["nothing"]), "resources[0].schema.primaryKey", "must name fields"),
        (lambda d: _schema(d).update(missingValues=["NA"]), "resources[0].schema.missingValues", "only an empty cell"),
        (
            lambda d: _schema(d).update(foreignKeys=[{"fields": "id", "reference": {"resource": "b", "fields": "x"}}]),
            "resources[0].schema.foreignKeys[0]",
            "no resource named 'b'",
        ),
        (lambda d: d.update(extra=json.loads("[" * 40 + "]" * 40)), "extra" + "[0]" * 32, "nested more than 32"),
    ],
)
def test_descriptor_shapes_are_checked_by_hand(change, field, message):
    problems = _changed(change)
    assert len(problems) == 1 and problems[0][0] == field and message in problems[0][1], problems


def test_the_sketch_descriptor_is_sound():
    assert _changed(lambda d: None) == []
