"""Who took part in a stage of the Dushanbe process: composition per unit, bounds, consistency checks, other sources.

Counts are kept as each source states them. People, organisations, countries and delegations are
different units and are never added up or drawn on one axis. "More than 450" is a lower bound,
not 450; a count the text does not give is "not stated", never 0. Every check and table is
computed from the ``participation`` DataFrame it is given, so an edited copy gives other verdicts.
Every function returns a DataFrame; drawing is :mod:`analysis.plots.participation`.

Usage::

    >>> from analysis import data, participation
    >>> pkg = data.load_package()
    >>> source_id = pkg.default_source
    >>> stage = pkg.source(source_id)["stage"]
    >>> comp = participation.composition(pkg, source_id, stage)
    >>> row = comp.set_index("figure_id").loc["kw-participants"]
    >>> row["bound"], int(row["lower"]), row["display"]
    ('lower_bound', 450, '> 450')
    >>> participation.unit_rows(comp, "organization")["category"].tolist()[:2]
    ['un_agencies', 'intl_regional_orgs']
    >>> participation.consistency_checks(pkg.participation, source_id, stage)["verdict"].tolist()[:2]
    ['pass', 'pass']
    >>> participation.or_note(participation.unit_rows(comp, "delegation"), "delegations", source_id, stage).shape
    (1, 1)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analysis.bounds import describe, with_bounds

if TYPE_CHECKING:
    import pandas as pd

    from analysis.data import Package

UNITS = ("person", "organization", "country", "delegation")
CATEGORIES = (
    "participants",
    "ministers",
    "un_agencies",
    "intl_regional_orgs",
    "civil_society_orgs",
    "organizations_total",
    "countries",
    "countries_invited",
    "delegations",
)
LOCATIONS = ("body", "headline", "quoted")
#: Whole-stage totals that several sources report; sub-counts (ministers, civil society) stay in the
#: composition figures, where their source states them next to each other.
SOURCE_FIGURE_CATEGORIES = ("participants", "intl_regional_orgs", "countries", "delegations")
#: Drawn as an outline on the row of the figure it qualifies ("92 of 115 invited"), not as a row.
OUTLINE_OF = {"countries_invited": "countries"}
#: A sub-count and the count it is part of: ministers are counted among the participants (بينهم).
PART_OF = {"ministers": "participants"}

#: Verdicts of the checks table.
PASS, FAIL, QUALIFIER, UNDETERMINED, MISSING = ("pass", "fail", "differs in qualifier", "undetermined", "cannot check")

COMPOSITION_COLUMNS = [
    "figure_id",
    "stage",
    "unit",
    "category",
    "location",
    "count",
    "qualifier",
    "source_id",
    "said_by",
    "paragraph",
    "evidence",
]
CHECK_COLUMNS = ["check", "expected", "observed", "verdict", "note"]
CROSS_SOURCE_COLUMNS = [
    "stage",
    "year",
    "city",
    "unit",
    "category",
    "count",
    "qualifier",
    "display",
    "bound",
    "location",
    "said_by",
    "said_by_name",
    "source_id",
    "outlet",
    "published",
    "url",
    "evidence",
    "note",
    "disagrees",
    "figure_id",
]
#: The columns of the cross-source table a reader needs to compare the statements.
CROSS_SOURCE_SHOWN = [
    "year",
    "unit",
    "category",
    "display",
    "qualifier",
    "location",
    "said_by_name",
    "outlet",
    "published",
    "evidence",
    "disagrees",
]
#: The columns of the sources figure's data file, in its order.
SOURCE_FIGURE_COLUMNS = [
    "stage",
    "year",
    "category",
    "unit",
    "count",
    "qualifier",
    "bound",
    "display",
    "location",
    "said_by",
    "said_by_name",
    "source_id",
    "outlet",
    "evidence",
]


# ---------------------------------------------------------------- composition


def stage_rows(participation: pd.DataFrame, source_id: str, stage: int | None) -> pd.DataFrame:
    """The rows one source gives for one stage (none when the source reports on no stage)."""
    if stage is None:
        return participation.iloc[0:0]
    return participation[(participation["source_id"] == source_id) & (participation["stage"] == stage)]


def _order(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    key = {"unit": UNITS, "category": CATEGORIES, "location": LOCATIONS}
    sort = df.assign(**{f"_{c}": pd.Categorical(df[c], categories=v, ordered=True) for c, v in key.items()})
    return sort.sort_values(["_unit", "_location", "_category", "figure_id"]).drop(columns=[f"_{c}" for c in key])


def composition(pkg: Package, source_id: str, stage: int | None, lang: str = "en") -> pd.DataFrame:
    """The figures one source gives for one stage, body and subheading, ordered by unit, with bounds.

    Empty (with its columns) when the source gives no figures for the stage.
    """
    rows = _order(stage_rows(pkg.participation, source_id, stage)[COMPOSITION_COLUMNS])
    return with_bounds(rows, lang, pkg.labels, origin=pkg.resource_path("participation")).reset_index(drop=True)


def unit_rows(comp: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The rows of one unit only (counts of different units never mix), the body and the subheading of a
    category next to each other: the subheading restates the body."""
    rows = comp[comp["unit"] == unit]
    return rows.iloc[rows["category"].map(CATEGORIES.index).argsort(kind="stable")].reset_index(drop=True)


def absence(what: str, source_id: str, stage: int | None) -> str:
    """One line saying that a source gives none of ``what``."""
    if stage is None:
        return f"no {what}: {source_id} has no stage in sources.csv"
    return f"no {what} from {source_id} for stage {stage}"


def or_note(rows: pd.DataFrame, what: str, source_id: str, stage: int | None) -> pd.DataFrame:
    """``rows``, or when there are none a one-cell table saying so: a notebook section then says it in one line."""
    import pandas as pd

    if len(rows):
        return rows
    return pd.DataFrame({"note": pd.array([absence(what, source_id, stage)], dtype="string")})


def note_if_empty(rows: pd.DataFrame, what: str, source_id: str, stage: int | None) -> pd.DataFrame | None:
    """None when ``rows`` has rows (nothing to say), else the one-line note of :func:`or_note`."""
    return None if len(rows) else or_note(rows, what, source_id, stage)


# ---------------------------------------------------------------- checks


def _one(rows, category, location):
    found = rows[(rows["category"] == category) & (rows["location"] == location)]
    return None if found.empty else found.iloc[0]


def _check_sum(parts, total) -> tuple[str, str, str, str]:
    """Body parts (with counts) against the subheading's total."""
    import pandas as pd

    if total is None or not parts:
        return "", "", MISSING, "a part or the total is missing"
    expected = f"{describe(total['count'], total['qualifier'])} (subheading)"
    counted = [p for p in parts if pd.notna(p["count"])]
    unstated = [p["category"] for p in parts if pd.isna(p["count"])]
    observed = " + ".join(str(int(p["count"])) for p in counted)
    observed += f" = {sum(int(p['count']) for p in counted)} (body)"
    note = f"the total leaves out {', '.join(unstated)}, named without a count" if unstated else ""
    if pd.isna(total["count"]) or any(p["qualifier"] != "exact" for p in counted) or total["qualifier"] != "exact":
        return expected, observed, UNDETERMINED, "a part or the total is not an exact count"
    verdict = PASS if sum(int(p["count"]) for p in counted) == int(total["count"]) else FAIL
    return expected, observed, verdict, note


def _check_within(part, whole, names: tuple[str, str], where: str) -> tuple[str, str, str, str]:
    """A sub-count (ministers) cannot exceed the count it is part of (participants)."""
    import pandas as pd

    if part is None or whole is None or pd.isna(part["count"]) or pd.isna(whole["count"]):
        return "", "", MISSING, "a figure is missing or not stated"
    expected = f"{names[0]} <= {names[1]} ({where})"
    observed = f"{describe(part['count'], part['qualifier'])} <= {describe(whole['count'], whole['qualifier'])}"
    if int(part["count"]) <= int(whole["count"]):
        return expected, observed, PASS, ""
    if whole["qualifier"] != "exact":  # "more than 450" does not rule out 460 ministers
        return expected, observed, UNDETERMINED, f"the {names[1]} figure is only a bound"
    return expected, observed, FAIL, f"more {names[0]} than {names[1]}"


def _check_restates(body, head, what) -> tuple[str, str, str, str]:
    """The subheading should restate the body's figure: same number, same qualifier."""
    import pandas as pd

    if body is None or head is None:
        return "", "", MISSING, f"no {what} figure in the body or the subheading"
    expected = f"{describe(body['count'], body['qualifier'])} (body)"
    observed = f"{describe(head['count'], head['qualifier'])} (subheading)"
    same_count = (pd.isna(body["count"]) and pd.isna(head["count"])) or (
        pd.notna(body["count"]) and pd.notna(head["count"]) and int(body["count"]) == int(head["count"])
    )
    if not same_count:
        return expected, observed, FAIL, "different numbers"
    if body["qualifier"] != head["qualifier"]:
        return (
            expected,
            observed,
            QUALIFIER,
            (f"same number; qualifier {body['qualifier']} in the body, {head['qualifier']} in the subheading"),
        )
    return expected, observed, PASS, ""


def _check_spans(rows) -> tuple[str, str, str, str]:
    """Each count appears, as digits, in its own evidence span."""
    counted = rows.dropna(subset=["count"])
    bad = [
        r["figure_id"]
        for r in counted.to_dict("records")
        if not re.search(rf"(?<!\d){int(r['count'])}(?!\d)", str(r["evidence"]))
    ]
    expected = f"{len(counted)} of {len(counted)} counts"
    observed = f"{len(counted) - len(bad)} of {len(counted)} counts"
    return expected, observed, (FAIL if bad else PASS), ("not in their span: " + ", ".join(bad) if bad else "")


def consistency_checks(participation: pd.DataFrame, source_id: str, stage: int | None) -> pd.DataFrame:
    """The source's figures checked against each other: check, expected, observed, verdict, note.

    Verdicts: 'pass'; 'fail'; 'differs in qualifier' (same number, e.g. exact vs more than);
    'undetermined' (a bound cannot settle it); 'cannot check' (a figure is missing). No rows at all
    when the source gives no figures for the stage: there is nothing to check.
    """
    import pandas as pd

    rows = stage_rows(participation, source_id, stage)
    if rows.empty:
        return pd.DataFrame(columns=CHECK_COLUMNS).astype("string")
    body_orgs = [
        r
        for c in ("un_agencies", "intl_regional_orgs", "civil_society_orgs")
        if (r := _one(rows, c, "body")) is not None
    ]
    checks = [
        (
            "organisations: body parts add up to the subheading's total",
            *_check_sum(body_orgs, _one(rows, "organizations_total", "headline")),
        )
    ]
    for part, whole in PART_OF.items():
        for location, where in (("body", "body"), ("headline", "subheading")):
            checks.append(
                (
                    f"{part} within {whole} ({where})",
                    *_check_within(_one(rows, part, location), _one(rows, whole, location), (part, whole), where),
                )
            )
    for what in ("participants", "ministers"):
        checks.append(
            (
                f"{what}: subheading restates the body",
                *_check_restates(_one(rows, what, "body"), _one(rows, what, "headline"), what),
            )
        )
    checks.append(("every count is in its evidence span", *_check_spans(rows)))
    return pd.DataFrame(checks, columns=CHECK_COLUMNS).astype("string")


# ---------------------------------------------------------------- other sources


def cross_source_table(
    pkg: Package, source_id: str, stage: int | None, *, include_secondary: bool = True, lang: str = "en"
) -> pd.DataFrame:
    """Every figure for the stage, one row per statement, with who said it and where; never averaged.

    With ``include_secondary`` the other sources' figures for the stage are kept, plus the
    earlier stages' figures as context; without it, only the source's own statements of the stage.
    ``disagrees`` is True where the stage's figures for a category differ in number or qualifier.
    """
    participation = pkg.participation
    if stage is None:
        rows = participation.iloc[0:0]
    elif include_secondary:
        rows = participation[participation["stage"] <= stage]
    else:
        rows = stage_rows(participation, source_id, stage)
    out = with_bounds(rows, lang, pkg.labels, origin=pkg.resource_path("participation"))
    _add_who_and_where(out, pkg)
    key = out["count"].astype("string").fillna("") + "|" + out["qualifier"]
    out["disagrees"] = key.groupby([out["stage"], out["category"]]).transform("nunique").gt(1).astype(bool)
    # latest stage first; in a stage, by unit and category, the chosen source's statements first, then by date
    order = {"unit": UNITS, "category": CATEGORIES, "location": LOCATIONS}
    keys = out.assign(
        _stage=-out["stage"],
        _other=out["source_id"] != source_id,
        _published=out["published"].fillna(""),
        **{f"_{c}": out[c].map(v.index) for c, v in order.items()},
    )
    ordered = keys.sort_values(
        ["_stage", "_unit", "_category", "_other", "_published", "_location", "said_by"], kind="stable"
    ).index
    return out.loc[ordered, CROSS_SOURCE_COLUMNS].reset_index(drop=True)


def _add_who_and_where(out: pd.DataFrame, pkg: Package) -> None:
    """Year and city of the stage, the speaker's full name, and the outlet, date and address of the source."""
    src = pkg.sources.set_index("source_id")
    act = pkg.actors.set_index("actor_id")
    stg = pkg.stages.set_index("stage")
    out["year"] = out["stage"].map(lambda s: int(stg.at[s, "start_date"].year)).astype("Int64")
    out["city"] = out["stage"].map(lambda s: stg.at[s, "city_en"]).astype("string")
    out["said_by_name"] = out["said_by"].map(lambda a: act.at[a, "name_en"]).astype("string")
    for column in ("outlet", "published", "url"):
        out[column] = out["source_id"].map(lambda s, c=column: src.at[s, c]).astype("string")


def source_figure_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the sources figure draws, by unit, in the table's order; each figure that another one
    qualifies ("some 92 of 115 invited") is followed by that one, flagged ``outline`` (drawn on its row).

    ``table`` is :func:`cross_source_table`'s output.
    """
    import pandas as pd

    shown = table[table["category"].isin(SOURCE_FIGURE_CATEGORIES)]
    outlines = table[table["category"].isin(list(OUTLINE_OF))]
    picked, is_outline = [], []
    for unit in UNITS:
        for index, row in shown[shown["unit"] == unit].iterrows():
            picked.append(index)
            is_outline.append(False)
            match = outlines[
                (outlines["stage"] == row["stage"])
                & (outlines["source_id"] == row["source_id"])
                & (outlines["said_by"] == row["said_by"])
                & (outlines["category"].map(OUTLINE_OF) == row["category"])
            ]
            if not match.empty and pd.notna(row["count"]):
                picked.append(match.index[0])
                is_outline.append(True)
    out = table.loc[picked, SOURCE_FIGURE_COLUMNS].reset_index(drop=True)
    out["outline"] = pd.array(is_outline, dtype=bool)
    return out
