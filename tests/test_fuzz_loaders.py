"""Fuzzing the loaders: any bytes in a CSV end in a DataError naming the file (or load cleanly), never a crash."""

from __future__ import annotations

import csv
import io
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import data, paths, themes
from analysis.errors import DataError

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

cells = st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6).map(str), st.sampled_from(
    ["", " ", "NA", "null", "1e3", "2024-02-30", "kuna", "exact", "more_than", '"', ",", "\n", "ﻻ", "\x00"]))


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


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=5), min_size=0, max_size=6))
def test_hand_coding_loader_fuzz(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("fuzz") / "paragraph_themes.csv"
    _write_rows(path, ["source_id", "paragraph", "themes", "rationale_en"], rows)
    try:
        hand = themes.load_hand_coding(path, ["intl_cooperation", "border_security"])
    except DataError as exc:
        assert all(p.file.endswith("paragraph_themes.csv") for p in exc.problems)
        assert all(p.row is None or p.row >= 2 for p in exc.problems)
    else:
        assert list(hand.columns) == ["source_id", "paragraph", "themes", "rationale_en"]
        assert (hand["paragraph"] >= 1).all()
