"""Fuzzing the loaders: any bytes in a CSV end in problems naming the file (or load cleanly), never a crash."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import data, paths
from analysis import themes as themes_module
from analysis.codebook import build_codebook

# Examples per run scale with the hypothesis profile: 1x in `make test`, 10x with `make fuzz` (profile "thorough").
SCALE = settings().max_examples / 100


def examples(n: int) -> int:
    return max(1, round(n * SCALE))


FUZZ = settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["7f6b38f7fa21", "0f74d66f93cf", "٣٣", "99999999999999999999999", "\ufeff", "s04a\n"]),
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(
        ["", " ", "NA", "null", "1e3", "2024-02-30", "kuna", "exact", "more_than", '"', ",", "\n", "ﻻ", "\x00"]
    ),
)


def _write_rows(path, header, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=14), min_size=0, max_size=4))
def test_participation_csv_fuzz(tmp_path_factory, rows):
    d = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(paths.DATA_DIR, d)
    header = (paths.DATA_DIR / "participation.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    _write_rows(d / "participation.csv", header, rows)
    problems = data.validate_package(d)
    for p in problems:
        line = str(p)
        assert "\n" not in line and line.split(":")[0].endswith(".csv") or "datapackage.json" in line
    if not rows:
        assert problems == []


@FUZZ
@given(blob=st.binary(max_size=200))
def test_any_bytes_in_a_table_are_reported_not_raised(tmp_path_factory, blob):
    d = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(paths.DATA_DIR, d)
    (d / "events.csv").write_bytes(blob)
    problems = data.validate_package(d)
    assert problems, "random bytes were accepted as the events table"
    assert all(str(p).startswith(f"{d}/") for p in problems)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=5), min_size=0, max_size=6))
def test_hand_coding_fuzz(tmp_path_factory, rows):
    # The hand coding is read with the package: a fuzzed annotations file is reported at its place, never raised.
    d = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(paths.DATA_DIR, d)
    header = ["source_id", "paragraph", "themes", "rationale_en", "anchor"]
    _write_rows(d / "annotations" / "paragraph_themes.csv", header, rows)
    problems = data.validate_package(d)
    for p in problems:
        assert p.file.endswith("paragraph_themes.csv"), str(p)
        assert p.row is None or p.row >= 2, str(p)
        assert "\n" not in str(p)
    if not problems:
        hand = data.load_package(d).hand_coding
        assert list(hand.columns) == ["source_id", "paragraph", "themes", "rationale_en"]
        assert (hand["paragraph"] >= 1).all()
        assert all(isinstance(t, tuple) for t in hand["themes"])


words = st.sampled_from(["تعاون", "الأمم", "دولي*", "المتحدة", "من", r"re:\d+", "ﻷمم", "دوشنبه"])
expressions = st.lists(words, min_size=1, max_size=3).map(" ".join)
junk = st.lists(st.sampled_from(["*", "re:", "re:(", "(", "|", " | ", "ـــ", "x,", "«", "تعاون"]), max_size=4).map(
    " ".join
)
pattern_cells = st.one_of(
    expressions, st.lists(expressions, min_size=1, max_size=3).map(" | ".join), st.none(), st.text(max_size=10), junk
)
ids = st.one_of(st.sampled_from(["coop", "border", "crime"]), st.sampled_from(["Bad Id", ""]), st.text(max_size=6))


@settings(max_examples=examples(200), deadline=None)
@given(
    themes=st.lists(st.tuples(ids, pattern_cells, pattern_cells), max_size=4),
    masks=st.lists(st.tuples(ids, pattern_cells), max_size=3),
    variants=st.lists(st.tuples(pattern_cells, pattern_cells), max_size=3),
)
def test_codebook_tables_fuzz(themes, masks, variants):
    # Any cells give a compiled codebook or problems at file:row:field, never an exception.
    tables = (
        pd.DataFrame(
            [(i, "l", "ل", "d", "ت", p, x) for i, p, x in themes],
            columns=["theme_id", "label_en", "label_ar", "definition_en", "definition_ar", "patterns", "exclusions"],
        ),
        pd.DataFrame([(i, p, "l", "n") for i, p in masks], columns=["name_id", "pattern", "label_en", "note"]),
        pd.DataFrame(variants, columns=["canonical", "variant"]),
    )
    book, problems = build_codebook(*tables)
    if book is None:
        assert problems
        for p in problems:
            assert p.file in {"themes.csv", "masked_names.csv", "name_variants.csv"}, str(p)
            assert p.row >= 2 and p.field in {
                "theme_id",
                "patterns",
                "exclusions",
                "name_id",
                "pattern",
                "canonical",
                "variant",
            }, str(p)
    else:
        assert problems == []
        corpus = pd.DataFrame({"source_id": ["s"], "paragraph": [1], "text": ["التعاون الدولي مع الأمم المتحدة 2024"]})
        hits = themes_module.code_corpus(corpus, book)
        assert set(hits["theme_id"]) <= set(book.theme_ids)


def _json_paths(value, prefix=()):
    """Every path into a JSON value (keys and list indices), the root included."""
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from _json_paths(item, (*prefix, key))


DESCRIPTOR = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
DESCRIPTOR_PATHS = [p for p in _json_paths(DESCRIPTOR) if p]
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 10**30),
        st.text(max_size=8),
        st.sampled_from(["http://127.0.0.1:9/x.json", "../x.csv", "/etc/passwd", "([", "\x00", "events.csv", "date"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)


def _mutated(descriptor, path, action, value):
    out = copy.deepcopy(descriptor)
    parent = out
    for key in path[:-1]:
        parent = parent[key]
    if action == "delete":
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.integers(0, len(DESCRIPTOR_PATHS) - 1),
    action=st.sampled_from(["delete", "replace"]),
    value=json_values,
)
def test_descriptor_fuzz(tmp_path_factory, where, action, value):
    # Any structural change to the descriptor is a problem at its place, or a package that still loads; never an
    # exception, never a request: every remote reference is refused before frictionless reads the descriptor.
    d = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(paths.DATA_DIR, d)
    mutated = _mutated(DESCRIPTOR, DESCRIPTOR_PATHS[where], action, value)
    (d / "datapackage.json").write_text(json.dumps(mutated, ensure_ascii=False), encoding="utf-8")
    problems = data.validate_package(d)
    for p in problems:
        assert "\n" not in str(p) and str(p).startswith(str(d)), str(p)
