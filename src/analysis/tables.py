"""Tables in the report's language: translated headers, one number format per column, missing values in words.

A notebook's table cell ends with ``tables.show(frame, lang, pkg.labels)``, which returns a pandas ``Styler``
(presentation only: the frame's values are never changed, only how they are written):

* **headers** through the label keys ``column.<name>`` (column names, index names, the names of the levels of
  a two-level header); a code shown as a header level or as an index value uses ``value.<level>.<code>`` first;
* **cell values** that are codes (roles, voices, units, bounds, verdicts ...) through
  ``value.<column>.<code>``, then ``value.any.<code>`` (a code that reads the same in any column, such as an
  organiser's role in a table with one column per year, and ``True``/``False``); a code without a label is
  shown as it is;
* **numbers**, one format per column: integers as integers, ratios with 3 decimals (a float column holding
  only whole numbers, some above 1, is a count: integers); days as ``YYYY-MM-DD``;
* **missing values** as ``—`` in English and ``غير مذكور`` in Arabic (an empty string stays empty: it is a
  value, such as "no role at this stage");
* **long text** cut to pandas' ``display.max_colwidth`` (or ``max_chars``), ending in ``…``;
* **direction**: an Arabic table is ``dir="rtl"``, so its first column stands on the right;
* **deterministic HTML**: the table id is a digest of the frame's labels, never random, and cells carry no ids.

Usage::

    >>> import pandas as pd
    >>> from analysis import tables
    >>> from analysis.labels import Labels
    >>> labels = Labels(pd.DataFrame({"key": ["column.recall", "value.role.lead"],
    ...                               "en": ["Recall", "lead"], "ar": ["الاستدعاء", "المقدمة"]}))
    >>> frame = pd.DataFrame({"role": ["lead", "body"], "recall": [1.0, None]})
    >>> page = tables.show(frame, "ar", labels).to_html()
    >>> "الاستدعاء" in page, "المقدمة" in page, "1.000" in page, "غير مذكور" in page, 'dir="rtl"' in page
    (True, True, True, True, True)
    >>> tables.cell_text("lead", "role", "en", labels), tables.cell_text(0.5, "recall", "en", labels)
    ('lead', '0.500')
"""

from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING, Any

from analysis.labels import check_lang

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from analysis.labels import Labels

__all__ = ["MISSING", "RATIO_DECIMALS", "cell_text", "column_kind", "header_text", "show", "table_id"]

MISSING = {"en": "—", "ar": "غير مذكور"}
RATIO_DECIMALS = 3
ANY_COLUMN = "any"
ELLIPSIS = "…"


def show(
    frame: pd.DataFrame | None, lang: str, labels: Labels, *, index: bool = False, max_chars: int | None = None
) -> Styler | None:
    """``frame`` as a table in ``lang`` (see the module docstring); None for None, so that a cell ending with
    a note that is only there when a table is empty shows nothing otherwise. ``index=True`` shows the index
    (when it holds names or codes, not row numbers); ``max_chars`` defaults to pandas' display.max_colwidth."""
    if frame is None:
        return None
    import pandas as pd
    from pandas.io.formats.style import Styler

    check_lang(lang)
    if not frame.columns.is_unique:
        # each column gets its own format, looked up by name: two columns of one name would share one
        repeated = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise ValueError(f"a table needs distinct column names; repeated: {', '.join(repeated)}")
    limit = pd.get_option("display.max_colwidth") if max_chars is None else max_chars
    shown = _with_translated_axis_names(frame, lang, labels)
    styler = Styler(shown, uuid=table_id(frame), cell_ids=False, na_rep=MISSING[lang])
    styler = styler.format(_cell_formatters(frame, lang, labels, limit), na_rep=MISSING[lang])
    _format_headers(styler, frame.columns, "columns", lang, labels)
    if index:
        _format_headers(styler, frame.index, "index", lang, labels)
    else:
        styler = styler.hide(axis="index")
    return styler.set_table_attributes(f'dir="{"rtl" if lang == "ar" else "ltr"}"')


def table_id(frame: pd.DataFrame) -> str:
    """A short id made from the frame's shape and labels: the same table always gets the same id, and two
    tables of one report (other columns or rows) almost never share one."""
    digest = hashlib.sha1(repr((frame.shape, list(frame.columns), list(frame.index))).encode("utf-8"))
    return f"table-{digest.hexdigest()[:10]}"


# ---------------------------------------------------------------- headers


def header_text(name: Any, lang: str, labels: Labels, level: str | None = None) -> str:
    """A column name, index name or index value in ``lang``: ``value.<level>.<name>`` when the name is a code
    of a named level, else ``column.<name>``, else the name as it is."""
    if not isinstance(name, str):
        return _number_text(name)
    if level is not None:
        coded = _value_label(name, level, lang, labels)
        if coded is not None:
            return coded
    return labels.get(f"column.{name}", lang, name)


def _with_translated_axis_names(frame: pd.DataFrame, lang: str, labels: Labels) -> pd.DataFrame:
    # Axis names are not formatted by the Styler, so the shown copy carries them translated and escaped.
    index_names = [None if n is None else html.escape(header_text(n, lang, labels)) for n in frame.index.names]
    column_names = [None if n is None else html.escape(header_text(n, lang, labels)) for n in frame.columns.names]
    return frame.rename_axis(index=index_names, columns=column_names)


def _format_headers(styler: Styler, axis_index: pd.Index, axis: str, lang: str, labels: Labels) -> None:
    for level, level_name in enumerate(axis_index.names):
        named = None if level_name is None else str(level_name)
        styler.format_index(
            lambda name, named=named: html.escape(header_text(name, lang, labels, level=named)),
            axis=axis,
            level=level,
        )


# ---------------------------------------------------------------- cells


def column_kind(values: pd.Series) -> str:
    """How a column's numbers are written: ``bool``, ``integer``, ``ratio``, ``date`` or ``text`` (anything
    else, formatted value by value)."""
    import pandas as pd

    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        present = values.dropna()
        whole = bool(len(present)) and bool((present == present.round()).all())
        return "integer" if whole and bool((present.abs() > 1).any()) else "ratio"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    return "text"


def cell_text(
    value: Any, column: Any, lang: str, labels: Labels, *, kind: str = "text", max_chars: int | None = None
) -> str:
    """One cell's text: a code through its value label, a number in the column's format, a day as YYYY-MM-DD,
    long text cut to ``max_chars``. Missing values never reach here (the Styler writes them)."""
    if kind == "integer":
        return str(int(value))
    if kind == "ratio":
        return f"{value:.{RATIO_DECIMALS}f}"
    if kind == "date":
        return _date_text(value)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return _value_label(str(bool(value)), str(column), lang, labels) or str(bool(value))
    if isinstance(value, str):
        return _cut(_value_label(value, str(column), lang, labels) or value, max_chars)
    if hasattr(value, "strftime"):
        return _date_text(value)
    return _cut(_number_text(value), max_chars)


def _cell_formatters(frame: pd.DataFrame, lang: str, labels: Labels, max_chars: int | None) -> dict:
    formatters = {}
    for position, column in enumerate(frame.columns):
        kind = column_kind(frame.iloc[:, position])
        level = column[-1] if isinstance(column, tuple) else column
        # escaped here, after labelling and cutting, so that a label is looked up and a cut is made on the
        # text itself, never on its HTML entities
        formatters[column] = lambda value, level=level, kind=kind: html.escape(
            cell_text(value, level, lang, labels, kind=kind, max_chars=max_chars)
        )
    return formatters


def _value_label(code: str, column: str, lang: str, labels: Labels) -> str | None:
    """The label of a code in a column, or of the same code in any column; None when neither exists."""
    for key in (f"value.{column}.{code}", f"value.{ANY_COLUMN}.{code}"):
        text = labels.get(key, lang)
        if text is not None:
            return text
    return None


def _number_text(value: Any) -> str:
    # A lone number in a text column (a record's field, an index value): whole numbers without ".0".
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.{RATIO_DECIMALS}f}"
    return str(value)


def _date_text(value: Any) -> str:
    has_time = any(getattr(value, part, 0) for part in ("hour", "minute", "second"))
    return value.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")


def _cut(text: str, max_chars: int | None) -> str:
    if max_chars is None or len(text) <= max_chars:
        return text
    return text[: max(max_chars - 1, 0)] + ELLIPSIS
