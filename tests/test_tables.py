"""Report tables in the report's language (`analysis.tables.show`), the labels they use, and the notebooks'
bilingual narration: every English narrative cell has an Arabic twin, and every table goes through `show`."""

from __future__ import annotations

import ast
import re

import nbformat
import pandas as pd
import pytest

from analysis import paths, tables
from analysis.labels import Labels

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture
def labels() -> Labels:
    rows = [
        ("column.paragraph", "Paragraph", "الفقرة"),
        ("column.recall", "Recall", "الاستدعاء"),
        ("column.voice", "Voice", "الصوت"),
        ("column.theme_id", "Theme id", "معرّف الموضوع"),
        ("value.voice.reported_speech", "reported speech", "كلام منقول"),
        ("value.any.host", "host", "المضيف"),
        ("value.any.True", "yes", "نعم"),
        ("value.any.False", "no", "لا"),
    ]
    return Labels(pd.DataFrame(rows, columns=["key", "en", "ar"]))


def _cells(page: str, tag: str) -> list[str]:
    """The text of every <th> or <td> of a rendered table, tags stripped."""
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", page, flags=re.S)]


def _page(frame, lang, labels, **kwargs) -> str:
    return tables.show(frame, lang, labels, **kwargs).to_html()


# ---------------------------------------------------------------- show


@pytest.mark.parametrize(("lang", "expected"), [("en", ["Paragraph", "Recall"]), ("ar", ["الفقرة", "الاستدعاء"])])
def test_headers_are_translated_through_column_labels(labels, lang, expected):
    page = _page(pd.DataFrame({"paragraph": [1], "recall": [0.5]}), lang, labels)
    assert _cells(page, "th") == expected


def test_a_header_without_a_label_stays_as_it_is(labels):
    page = _page(pd.DataFrame({"paragraph": [1], "longest_run": [3]}), "ar", labels)
    assert _cells(page, "th") == ["الفقرة", "longest_run"]


@pytest.mark.parametrize(("lang", "missing"), [("en", "—"), ("ar", "غير مذكور")])
def test_missing_values_are_said_in_the_report_language(labels, lang, missing):
    frame = pd.DataFrame(
        {
            "count": pd.array([450, None], dtype="Int64"),
            "share": [0.5, float("nan")],
            "speaker": pd.array(["kuna", None], dtype="string"),
            "day": pd.to_datetime(["2024-11-04", None]),
        }
    )
    assert _cells(_page(frame, lang, labels), "td") == ["450", "0.500", "kuna", "2024-11-04"] + [missing] * 4


def test_an_empty_string_is_a_value_not_a_missing_one(labels):
    frame = pd.DataFrame({"2024": ["host", ""]})
    assert _cells(_page(frame, "ar", labels), "td") == ["المضيف", ""]


def test_integers_stay_integers_and_ratios_get_three_decimals_in_every_row(labels):
    frame = pd.DataFrame(
        {
            "tp": [14, 3],
            "recall": [1.0, 0.75],
            "kappa": [1.0, 1.0],
            "counted_as_float": [450.0, float("nan")],
        }
    )
    assert _cells(_page(frame, "en", labels), "td") == ["14", "1.000", "1.000", "450", "3", "0.750", "1.000", "—"]


def test_column_kind_tells_counts_from_ratios():
    assert tables.column_kind(pd.Series([1, 2])) == "integer"
    assert tables.column_kind(pd.Series([2.0, None, 36.0])) == "integer"
    assert tables.column_kind(pd.Series([0.0, 1.0])) == "ratio"
    assert tables.column_kind(pd.Series([0.25, 3.0])) == "ratio"
    assert tables.column_kind(pd.Series([True, False])) == "bool"
    assert tables.column_kind(pd.to_datetime(pd.Series(["2024-11-04"]))) == "date"
    assert tables.column_kind(pd.Series(["a"])) == "text"


def test_a_day_is_written_without_a_time_and_a_time_is_kept(labels):
    frame = pd.DataFrame({"when": pd.to_datetime(["2024-11-04 00:00", "2024-11-04 22:00"])})
    assert _cells(_page(frame, "en", labels), "td") == ["2024-11-04", "2024-11-04 22:00"]


def test_the_index_is_hidden_unless_asked_for(labels):
    frame = pd.DataFrame({"recall": [0.5, 0.25]}, index=pd.Index(["intl_cooperation", "micro"], name="theme_id"))
    hidden = _page(frame, "en", labels)
    assert "intl_cooperation" not in hidden and "Theme id" not in hidden
    assert _cells(hidden, "td") == ["0.500", "0.250"]
    shown = _page(frame, "ar", labels, index=True)
    assert "intl_cooperation" in _cells(shown, "th") and "معرّف الموضوع" in _cells(shown, "th")


def test_row_numbers_never_show_by_default(labels):
    page = _page(pd.DataFrame({"paragraph": [7, 8]}, index=[0, 1]), "en", labels)
    assert _cells(page, "th") == ["Paragraph"] and _cells(page, "td") == ["7", "8"]


def test_arabic_tables_run_right_to_left_and_english_ones_left_to_right(labels):
    frame = pd.DataFrame({"paragraph": [1]})
    assert re.search(r'<table[^>]*\bdir="rtl"', _page(frame, "ar", labels))
    assert re.search(r'<table[^>]*\bdir="ltr"', _page(frame, "en", labels))
    assert 'dir="rtl"' not in _page(frame, "en", labels)


def test_html_is_deterministic_and_tables_of_one_report_get_distinct_ids(labels):
    frame = pd.DataFrame({"paragraph": [1, 2], "recall": [0.5, 1.0]})
    assert _page(frame, "ar", labels) == _page(frame.copy(), "ar", labels)
    other = pd.DataFrame({"voice": ["agency"]})
    assert tables.table_id(frame) != tables.table_id(other)
    assert tables.table_id(frame) in _page(frame, "en", labels)
    assert not re.search(r'id="T_[^"]*_row\d', _page(frame, "en", labels))  # no per-cell ids


def test_codes_use_their_value_labels_and_unknown_codes_stay(labels):
    frame = pd.DataFrame({"voice": ["reported_speech", "agency"], "2018": ["host", "supporter"]})
    assert _cells(_page(frame, "ar", labels), "td") == ["كلام منقول", "المضيف", "agency", "supporter"]
    assert _cells(_page(frame, "en", labels), "td") == ["reported speech", "host", "agency", "supporter"]


def test_booleans_read_as_words(labels):
    page = _page(pd.DataFrame({"counted": [True, False]}), "ar", labels)
    assert _cells(page, "td") == ["نعم", "لا"]


def test_two_level_headers_translate_each_level(labels):
    columns = pd.MultiIndex.from_tuples([("reported_speech", "with"), ("agency", "with")], names=["voice", "dups"])
    page = _page(pd.DataFrame([[9, 5]], columns=columns), "ar", labels, index=True)
    headers = _cells(page, "th")
    assert {"كلام منقول", "agency", "الصوت", "dups", "with"} <= set(headers)


def test_text_is_escaped_and_cut_to_the_column_width(labels):
    frame = pd.DataFrame({"observed": ["33 <= 450", "x" * 30]})
    page = _page(frame, "en", labels, max_chars=10)
    assert "33 &lt;= 450" in page and "<= 450" not in page
    assert "x" * 9 + "…" in page and "x" * 10 not in page


def test_nothing_to_show_shows_nothing(labels):
    assert tables.show(None, "ar", labels) is None


def test_a_table_with_two_columns_of_one_name_is_refused(labels):
    with pytest.raises(ValueError, match="repeated: paragraph"):
        tables.show(pd.DataFrame([[1, 2]], columns=["paragraph", "paragraph"]), "en", labels)


def test_an_unknown_language_is_refused(labels):
    with pytest.raises(ValueError, match="unknown language"):
        tables.show(pd.DataFrame({"a": [1]}), "fr", labels)


# ---------------------------------------------------------------- the project's labels


def _project_labels() -> pd.DataFrame:
    return pd.read_csv(paths.DATA_DIR / "labels.csv", dtype=str, keep_default_na=False)


def test_every_table_label_has_english_and_arabic():
    rows = _project_labels()
    table_rows = rows[rows["key"].str.startswith(("column.", "value."))]
    assert len(table_rows) > 100
    for key, en, ar in table_rows[["key", "en", "ar"]].itertuples(index=False):
        assert en.strip(), key
        assert ARABIC_LETTER.search(ar), f"{key}: Arabic label {ar!r} has no Arabic letter"


@pytest.mark.parametrize(
    "column",
    [
        "paragraph",
        "role",
        "voice",
        "speaker",
        "theme_id",
        "label",
        "precision",
        "recall",
        "f1",
        "bound",
        "unit",
        "verdict",
        "status",
        "evidence",
        "reference_date",
        "within_stage",
        "note",
    ],
)
def test_the_columns_the_notebooks_show_have_labels(column):
    assert f"column.{column}" in set(_project_labels()["key"])


# ---------------------------------------------------------------- the notebooks


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _heading_levels(source: str) -> list[int]:
    return [len(m.group(1)) for m in re.finditer(r"^(#+)\s", source, flags=re.M)]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_english_narrative_cell_is_followed_by_its_arabic_twin(nb_path):
    cells = nbformat.read(nb_path, as_version=4).cells
    markdown = [i for i, c in enumerate(cells) if c.cell_type == "markdown"]
    assert markdown
    for i in markdown:
        tags = _tags(cells[i])
        assert ("lang-en" in tags) != ("lang-ar" in tags), f"cell {i} must be tagged lang-en or lang-ar"
        if "lang-en" not in tags:
            continue
        twin = cells[i + 1]
        assert twin.cell_type == "markdown" and "lang-ar" in _tags(twin), f"cell {i} has no Arabic cell after it"
        assert _heading_levels(twin.source) == _heading_levels(cells[i].source)
        assert len(ARABIC_LETTER.findall(twin.source)) > len(re.findall(r"[A-Za-z]", twin.source))
        # numbers in the Arabic text are the English text's own (parameters, ids): none typed from results
        english_numbers = set(re.findall(r"\d+", cells[i].source.replace(",", "")))
        assert set(re.findall(r"\d+", twin.source)) <= english_numbers


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_table_cell_ends_with_tables_show(nb_path):
    for cell in nbformat.read(nb_path, as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in _tags(cell):
            continue
        last = ast.parse(cell.source).body[-1]
        if not isinstance(last, ast.Expr) or re.search(r"\bsave\(|^pd\.set_option\(", ast.unparse(last)):
            continue  # an assignment, a display option, or a figure (drawn only when there is something to draw)
        call = last.value
        assert isinstance(call, ast.Call) and ast.unparse(call.func) == "tables.show", cell.source
        assert [ast.unparse(a) for a in call.args[1:]] == ["lang", "pkg.labels"], cell.source
