"""The HTML export: offline, one language, isolated runs of the other script, a title and a header."""

from __future__ import annotations

import re

import nbformat

from analysis.html import isolate_other_script, notebook_html


def _nb():
    md = nbformat.v4.new_markdown_cell
    return nbformat.v4.new_notebook(
        cells=[
            md("# 00 · Overview", metadata={"tags": ["lang-en"]}),
            md("# 00 · نظرة عامة", metadata={"tags": ["lang-ar"]}),
            md("The title «مسار دوشنبه لمكافحة الإرهاب» is a name.", metadata={"tags": ["lang-en"]}),
            md("العنوان «Dushanbe process» اسم.", metadata={"tags": ["lang-ar"]}),
            md("shared cell"),
        ]
    )


def test_a_report_keeps_its_language_and_is_titled_by_it():
    en, ar = notebook_html(_nb(), "en"), notebook_html(_nb(), "ar")
    assert "<title>00 · Overview</title>" in en and "<title>00 · نظرة عامة</title>" in ar
    assert "نظرة عامة" not in en.split("<title>")[1].split("</title>")[0]
    assert "is a name" in en and "is a name" not in ar
    assert "shared cell" in en and "shared cell" in ar
    assert '<html lang="ar" dir="rtl">' in ar and '<html lang="en" dir="ltr">' in en


def test_no_network_address_is_loaded():
    page = notebook_html(_nb(), "en")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)


def test_the_other_script_is_isolated_and_entities_stay_whole():
    en = notebook_html(_nb(), "en")
    assert '<bdi dir="rtl">«مسار دوشنبه لمكافحة الإرهاب»</bdi>' in en
    assert isolate_other_script("<p>ن &#x27;ar&#x27;</p>", "ar") == '<p>ن &#x27;<bdi dir="ltr">ar</bdi>&#x27;</p>'
    assert isolate_other_script("<style>a { x: y }</style><p>see نص</p>", "en") == (
        '<style>a { x: y }</style><p>see <bdi dir="rtl">نص</bdi></p>'
    )
    # a cell mostly in the other script keeps its dir="auto" direction: no isolate inside it
    assert isolate_other_script('<td dir="auto">نص عربي re:x…</td>', "en") == '<td dir="auto">نص عربي re:x…</td>'


def test_the_header_states_source_parameters_commit_date_and_versions():
    page = notebook_html(
        _nb(), "ar", meta={"source": "s-1", "parameters": "lang=ar", "commit": "abc", "date": "d", "versions": "v"}
    )
    header = page.split('<header class="report-header">', 1)[1].split("</header>", 1)[0]
    for word in ("المصدر", "المعاملات", "الإيداع", "التاريخ", "الإصدارات", "s-1", "abc"):
        assert word in header
