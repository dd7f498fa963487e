"""What a stated figure is: exact, a lower bound ("more than 450"), approximate, or not stated; and how it is
written on a chart. A count the text does not give is "not stated", never 0.

Usage::

    >>> from analysis.bounds import bound_of, describe
    >>> bound_of(450, "more_than"), describe(450, "more_than")
    ('lower_bound', 'more than 450')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels


def bound_of(count, qualifier: str) -> str:
    """What a stated figure is: 'exact', 'lower_bound', 'approximate' or 'not_stated'.

    A missing count is 'not_stated' whatever the qualifier says; a count with 'unspecified'
    is a contradiction in the data and raises ValueError.
    """
    import pandas as pd

    if pd.isna(count):
        return "not_stated"
    if qualifier == "unspecified":
        raise ValueError(f"count {count} given with qualifier 'unspecified'")
    return {"exact": "exact", "more_than": "lower_bound", "approximately": "approximate"}[qualifier]


def display_value(count, qualifier: str, lang: str, labels: Labels, evidence: str | None = None) -> str:
    """How a figure is written on a chart: '> 450', '33', '~92', or 'not stated' (never '0')."""
    bound = bound_of(count, qualifier)
    if bound == "not_stated":
        phrase = labels.get(f"phrase.{evidence}", lang) if evidence else None
        if phrase:  # the source's own words, e.g. "several hundred"
            return f"{phrase}: {labels('no_number', lang)}"
        return labels("not_stated", lang)
    n = int(count)
    if bound == "lower_bound":
        return labels("more_than_n", lang).format(n=n)
    if bound == "approximate":
        return labels("approx_n", lang).format(n=n)
    return str(n)


def describe(count, qualifier: str) -> str:
    """A figure in words for tables: 'more than 450', 'about 500', '33', 'not stated'."""
    bound = bound_of(count, qualifier)
    if bound == "not_stated":
        return "not stated"
    return {"exact": "{n}", "lower_bound": "more than {n}", "approximate": "about {n}"}[bound].format(n=int(count))


def with_bounds(rows: pd.DataFrame, lang: str, labels: Labels, *, origin: str | Path) -> pd.DataFrame:
    """``rows`` plus bound, lower, upper and display columns.

    lower/upper bracket the true value where the source allows it: an exact count is both; "more
    than n" gives lower = n (exclusive) and no upper; an approximate or unstated figure gives neither.
    ``origin`` is the file the rows were read from: a contradictory row is reported there, at its line
    (the rows keep the index of the table as loaded, whose first row is line 2).
    """
    import pandas as pd

    out = rows.copy()
    bounds, lower, upper, shown = [], [], [], []
    for index, rec in zip(out.index, out.to_dict("records")):
        try:
            bound = bound_of(rec["count"], rec["qualifier"])
        except ValueError as exc:
            raise DataError(origin, f"{rec['figure_id']}: {exc}", row=int(index) + 2, field="count") from None
        bounds.append(bound)
        lower.append(rec["count"] if bound in ("exact", "lower_bound") else pd.NA)
        upper.append(rec["count"] if bound == "exact" else pd.NA)
        shown.append(display_value(rec["count"], rec["qualifier"], lang, labels, rec.get("evidence")))
    out["bound"] = pd.array(bounds, dtype="string")
    out["lower"] = pd.array(lower, dtype="Int64")
    out["upper"] = pd.array(upper, dtype="Int64")
    out["display"] = pd.array(shown, dtype="string")
    return out
