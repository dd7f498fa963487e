"""Who took part in the Kuwait stage: composition per unit, bounds, consistency checks, other sources.

Counts are kept as each source states them. People, organisations, countries and delegations are
different units and are never added up or drawn on one axis. "More than 450" is a lower bound,
not 450; a count the text does not give is "not stated", never 0. Every check and table is
computed from the ``participation`` DataFrame it is given, so an edited copy gives other verdicts.

Usage::

    >>> from analysis import data, participation as P                 # doctest: +SKIP
    >>> pkg = data.load_package()                                       # doctest: +SKIP
    >>> P.composition(pkg.participation)                                # doctest: +SKIP
    >>> P.consistency_checks(pkg.participation)[["check", "verdict"]]   # doctest: +SKIP
    >>> fig, drawn = P.people_figure(P.composition(pkg.participation), "ar")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analysis import figures
from analysis.errors import DataError
from analysis.labels import LABELS, label

if TYPE_CHECKING:
    import pandas as pd

SEED_ID = "kuna-alrai-2024-11-04"
KUWAIT_STAGE = 4

UNITS = ("person", "organization", "country", "delegation")
CATEGORIES = ("participants", "ministers", "un_agencies", "intl_regional_orgs", "civil_society_orgs",
              "organizations_total", "countries", "countries_invited", "delegations")
LOCATIONS = ("body", "headline", "quoted")
#: Whole-stage totals that several sources report; sub-counts (ministers, civil society) stay in the
#: composition figures, where their source states them next to each other.
SOURCE_FIGURE_CATEGORIES = ("participants", "intl_regional_orgs", "countries", "delegations")
#: Drawn as an outline on the row of the figure it qualifies ("92 of 115 invited"), not as a row.
OUTLINE_OF = {"countries_invited": "countries"}

#: Verdicts of the checks table.
PASS, FAIL, QUALIFIER, UNDETERMINED, MISSING = ("pass", "fail", "differs in qualifier",
                                                "undetermined", "cannot check")

LABELS.update({
    "category.participants": ("Participants", "المشاركون"),
    "category.ministers": ("Ministers of member states", "وزراء من الدول الأعضاء"),
    "category.un_agencies": ("UN specialised agencies", "الوكالات المتخصصة التابعة للأمم المتحدة"),
    "category.intl_regional_orgs": ("International and regional organisations", "منظمات دولية وإقليمية"),
    "category.civil_society_orgs": ("Civil-society organisations", "منظمات المجتمع المدني"),
    "category.organizations_total": ("Organisations in all", "مجموع المنظمات"),
    "category.countries": ("Countries taking part", "الدول المشاركة"),
    "category.countries_invited": ("Countries invited", "الدول المدعوة"),
    "category.delegations": ("Delegations", "الوفود"),
    "unit.person": ("People", "أشخاص"),
    "unit.organization": ("Organisations", "منظمات"),
    "unit.country": ("Countries", "دول"),
    "unit.delegation": ("Delegations", "وفود"),
    "location.body": ("body", "المتن"),
    "location.headline": ("subheading", "العنوان الفرعي"),
    "location.quoted": ("quoted", "اقتباس"),
    "more_than_n": ("> {n}", "أكثر من {n}"),
    "approx_n": ("~{n}", "نحو {n}"),
    "of_invited": ("{n} of {m} invited", "{n} من {m} مدعوة"),
    "no_number": ("no number", "بلا رقم"),
    "phrase.several hundred": ("“several hundred”", "«عدة مئات»"),
    "legend.exact": ("exact count", "عدد محدد"),
    "legend.lower_bound": ("lower bound: more than", "حد أدنى: أكثر من"),
    "legend.approximate": ("approximate", "تقريبي"),
    "legend.not_stated": ("not stated (no count given)", "غير مذكور (بلا عدد)"),
    "legend.invited": ("invited (outline)", "المدعوة (الإطار)"),
    "actor.kuna": ("KUNA", "كونا"),
    "actor.tactics-institute": ("Tactics Institute", "معهد تكتيكس"),
    "actor.tajik-embassy-austria": ("Embassy of Tajikistan in Austria", "سفارة طاجيكستان في النمسا"),
    "actor.vladimir-voronkov": ("Voronkov", "فورونكوف"),
    "actor.tajik-mfa": ("Tajik MFA", "الخارجية الطاجيكية"),
    "actor.unodc": ("UNODC", "مكتب المخدرات والجريمة"),
    "actor.unrcca": ("UNRCCA", "المركز الإقليمي للدبلوماسية الوقائية"),
    "where.kuna-alrai-2024-11-04": ("Al-Rai", "الراي"),
    "where.kuna-en-menafn-2024-11-04": ("KUNA English", "كونا بالإنجليزية"),
    "where.unrcca-newscentralasia-2024-11-06": ("News Central Asia", "نيوز سنترال آسيا"),
    "where.tacticsinstitute-2024": ("its site", "موقعه"),
    "where.zawya-2024-11-06": ("Zawya interview", "مقابلة في زاوية"),
    "where.tajikembassy-at-2018-05-08": ("its site", "موقعها"),
    "where.asiaplus-2018-05-07": ("via Asia-Plus", "عبر آسيا بلس"),
    "where.mfa-tj-2019": ("press statement", "بيان صحفي"),
    "where.unodc-rpanc-2019": ("its page", "صفحته"),
    "where.mfa-tj-2022-10-21": ("via the Tajik MFA", "عبر الخارجية الطاجيكية"),
    "title.participation-people": ("Kuwait stage: people taking part, as the KUNA report states them",
                                   "مرحلة الكويت: المشاركون من الأشخاص كما يذكرهم تقرير كونا"),
    "title.participation-organizations": ("Kuwait stage: organisations taking part, as the KUNA report states them",
                                          "مرحلة الكويت: المنظمات المشاركة كما يذكرها تقرير كونا"),
    "title.participation-sources": ("Participation figures side by side, each with who gave it",
                                    "أرقام المشاركة جنباً إلى جنب مع قائلها"),
})


# ---------------------------------------------------------------- bounds

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


def display_value(count, qualifier: str, lang: str = "en", evidence: str | None = None) -> str:
    """How a figure is written on a chart: '> 450', '33', '~92', or 'not stated' (never '0')."""
    bound = bound_of(count, qualifier)
    if bound == "not_stated":
        key = f"phrase.{evidence}"
        if evidence and key in LABELS:  # the source's own words, e.g. "several hundred"
            return f"{label(key, lang)}: {label('no_number', lang)}"
        return label("not_stated", lang)
    n = int(count)
    if bound == "lower_bound":
        return label("more_than_n", lang).format(n=n)
    if bound == "approximate":
        return label("approx_n", lang).format(n=n)
    return str(n)


def describe(count, qualifier: str) -> str:
    """A figure in words for tables: 'more than 450', 'about 500', '33', 'not stated'."""
    bound = bound_of(count, qualifier)
    if bound == "not_stated":
        return "not stated"
    return {"exact": "{n}", "lower_bound": "more than {n}", "approximate": "about {n}"}[bound].format(n=int(count))


def with_bounds(rows: "pd.DataFrame", lang: str = "en") -> "pd.DataFrame":
    """``rows`` plus bound, lower, upper and display columns.

    lower/upper bracket the true value where the source allows it: an exact count is both; "more
    than n" gives lower = n (exclusive) and no upper; an approximate or unstated figure gives neither.
    """
    import pandas as pd

    out = rows.copy()
    bounds, lower, upper, shown = [], [], [], []
    for rec in out.to_dict("records"):
        try:
            b = bound_of(rec["count"], rec["qualifier"])
        except ValueError as exc:
            raise DataError("data/participation.csv", f"{rec['figure_id']}: {exc}", field="count") from None
        bounds.append(b)
        lower.append(rec["count"] if b in ("exact", "lower_bound") else pd.NA)
        upper.append(rec["count"] if b == "exact" else pd.NA)
        shown.append(display_value(rec["count"], rec["qualifier"], lang, rec.get("evidence")))
    out["bound"] = pd.array(bounds, dtype="string")
    out["lower"] = pd.array(lower, dtype="Int64")
    out["upper"] = pd.array(upper, dtype="Int64")
    out["display"] = pd.array(shown, dtype="string")
    return out


# ---------------------------------------------------------------- composition

def _order(df: "pd.DataFrame") -> "pd.DataFrame":
    import pandas as pd

    key = {"unit": UNITS, "category": CATEGORIES, "location": LOCATIONS}
    sort = df.assign(**{f"_{c}": pd.Categorical(df[c], categories=v, ordered=True) for c, v in key.items()})
    return sort.sort_values(["_unit", "_location", "_category", "figure_id"]).drop(
        columns=[f"_{c}" for c in key]).reset_index(drop=True)


def composition(participation: "pd.DataFrame", source_id: str = SEED_ID, stage: int = KUWAIT_STAGE,
                lang: str = "en") -> "pd.DataFrame":
    """The figures one source gives for one stage, body and subheading, ordered by unit, with bounds."""
    rows = participation[(participation["source_id"] == source_id) & (participation["stage"] == stage)]
    if rows.empty:
        raise ValueError(f"no participation figures for stage {stage} from source {source_id!r}")
    cols = ["figure_id", "unit", "category", "location", "count", "qualifier", "paragraph", "evidence"]
    return with_bounds(_order(rows[cols]), lang)


def by_unit(comp: "pd.DataFrame") -> dict[str, "pd.DataFrame"]:
    """One table per unit (person, organization, ...), in that order: counts of different units never mix."""
    return {u: comp[comp["unit"] == u].reset_index(drop=True) for u in UNITS if (comp["unit"] == u).any()}


# ---------------------------------------------------------------- checks

def _one(participation, source_id, stage, category, location):
    rows = participation[(participation["source_id"] == source_id) & (participation["stage"] == stage)
                         & (participation["category"] == category) & (participation["location"] == location)]
    return None if rows.empty else rows.iloc[0]


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
    note = (f"the total leaves out {', '.join(unstated)}, named without a count" if unstated else "")
    if pd.isna(total["count"]) or any(p["qualifier"] != "exact" for p in counted) or total["qualifier"] != "exact":
        return expected, observed, UNDETERMINED, "a part or the total is not an exact count"
    verdict = PASS if sum(int(p["count"]) for p in counted) == int(total["count"]) else FAIL
    return expected, observed, verdict, note


def _check_within(part, whole, where) -> tuple[str, str, str, str]:
    """A sub-count (ministers) cannot exceed the count it is part of (participants)."""
    import pandas as pd

    if part is None or whole is None or pd.isna(part["count"]) or pd.isna(whole["count"]):
        return "", "", MISSING, "a figure is missing or not stated"
    expected = f"ministers <= participants ({where})"
    observed = f"{describe(part['count'], part['qualifier'])} <= {describe(whole['count'], whole['qualifier'])}"
    if int(part["count"]) <= int(whole["count"]):
        return expected, observed, PASS, ""
    if whole["qualifier"] != "exact":  # "more than 450" does not rule out 460 ministers
        return expected, observed, UNDETERMINED, "the participants figure is only a bound"
    return expected, observed, FAIL, "more ministers than participants"


def _check_restates(body, head, what) -> tuple[str, str, str, str]:
    """The subheading should restate the body's figure: same number, same qualifier."""
    import pandas as pd

    if body is None or head is None:
        return "", "", MISSING, f"no {what} figure in the body or the subheading"
    expected = f"{describe(body['count'], body['qualifier'])} (body)"
    observed = f"{describe(head['count'], head['qualifier'])} (subheading)"
    same_count = (pd.isna(body["count"]) and pd.isna(head["count"])) or (
        pd.notna(body["count"]) and pd.notna(head["count"]) and int(body["count"]) == int(head["count"]))
    if not same_count:
        return expected, observed, FAIL, "different numbers"
    if body["qualifier"] != head["qualifier"]:
        return expected, observed, QUALIFIER, (f"same number; qualifier {body['qualifier']} in the body, "
                                               f"{head['qualifier']} in the subheading")
    return expected, observed, PASS, ""


def _check_spans(rows) -> tuple[str, str, str, str]:
    """Each count appears, as digits, in its own evidence span."""
    import pandas as pd

    counted = rows.dropna(subset=["count"])
    bad = [r["figure_id"] for r in counted.to_dict("records")
           if not re.search(rf"(?<!\d){int(r['count'])}(?!\d)", str(r["evidence"]))]
    expected = f"{len(counted)} of {len(counted)} counts"
    observed = f"{len(counted) - len(bad)} of {len(counted)} counts"
    return expected, observed, (FAIL if bad else PASS), ("not in their span: " + ", ".join(bad) if bad else "")


def consistency_checks(participation: "pd.DataFrame", source_id: str = SEED_ID,
                       stage: int = KUWAIT_STAGE) -> "pd.DataFrame":
    """The source's figures checked against each other: check, expected, observed, verdict, note.

    Verdicts: 'pass'; 'fail'; 'differs in qualifier' (same number, e.g. exact vs more than);
    'undetermined' (a bound cannot settle it); 'cannot check' (a figure is missing).
    """
    import pandas as pd

    def get(category, location="body"):
        return _one(participation, source_id, stage, category, location)

    body_orgs = [r for c in ("un_agencies", "intl_regional_orgs", "civil_society_orgs")
                 if (r := get(c)) is not None]
    rows = [
        ("organisations: body parts add up to the subheading's total",
         *_check_sum(body_orgs, get("organizations_total", "headline"))),
        ("ministers within participants (body)",
         *_check_within(get("ministers"), get("participants"), "body")),
        ("ministers within participants (subheading)",
         *_check_within(get("ministers", "headline"), get("participants", "headline"), "subheading")),
        ("participants: subheading restates the body",
         *_check_restates(get("participants"), get("participants", "headline"), "participants")),
        ("ministers: subheading restates the body",
         *_check_restates(get("ministers"), get("ministers", "headline"), "ministers")),
        ("every count is in its evidence span",
         *_check_spans(participation[(participation["source_id"] == source_id)
                                     & (participation["stage"] == stage)])),
    ]
    return pd.DataFrame(rows, columns=["check", "expected", "observed", "verdict", "note"]).astype("string")


# ---------------------------------------------------------------- other sources

def cross_source_table(participation: "pd.DataFrame", sources: "pd.DataFrame", actors: "pd.DataFrame",
                       stages: "pd.DataFrame", *, stage: int = KUWAIT_STAGE, include_secondary: bool = True,
                       seed_id: str = SEED_ID, lang: str = "en") -> "pd.DataFrame":
    """Every figure for the stage, one row per statement, with who said it and where; never averaged.

    With ``include_secondary`` the other sources' figures for the stage are kept, plus the
    earlier stages' figures as context; without it, only the seed's own statements of the stage.
    ``disagrees`` is True where the stage's figures for a category differ in number or qualifier.
    """
    import pandas as pd

    if include_secondary:
        rows = participation[participation["stage"] <= stage]
    else:
        rows = participation[(participation["stage"] == stage) & (participation["source_id"] == seed_id)]
    src = sources.set_index("source_id")
    act = actors.set_index("actor_id")
    stg = stages.set_index("stage")
    out = with_bounds(rows, lang)
    out["year"] = out["stage"].map(lambda s: int(stg.at[s, "start_date"].year)).astype("Int64")
    out["city"] = out["stage"].map(lambda s: stg.at[s, "city_en"]).astype("string")
    out["said_by_name"] = out["said_by"].map(lambda a: act.at[a, "name_en"]).astype("string")
    out["outlet"] = out["source_id"].map(lambda s: src.at[s, "outlet"]).astype("string")
    out["published"] = out["source_id"].map(lambda s: src.at[s, "published"]).astype("string")
    out["url"] = out["source_id"].map(lambda s: src.at[s, "url"]).astype("string")
    key = out["count"].astype("string").fillna("") + "|" + out["qualifier"]
    out["disagrees"] = key.groupby([out["stage"], out["category"]]).transform("nunique").gt(1)
    # latest stage first; in a stage, by unit and category, the seed's own statements first, then by date
    order = {"unit": UNITS, "category": CATEGORIES, "location": LOCATIONS}
    keys = out.assign(_stage=-out["stage"], _other=out["source_id"] != seed_id,
                      _published=out["published"].fillna(""),
                      **{f"_{c}": out[c].map(v.index) for c, v in order.items()})
    out = out.loc[keys.sort_values(["_stage", "_unit", "_category", "_other", "_published", "_location",
                                    "said_by"], kind="stable").index].reset_index(drop=True)
    cols = ["stage", "year", "city", "unit", "category", "count", "qualifier", "display", "bound",
            "location", "said_by", "said_by_name", "source_id", "outlet", "published", "url",
            "evidence", "note", "disagrees", "figure_id"]
    return out[cols]


# ---------------------------------------------------------------- drawing

_COLOUR = figures.PALETTE[0]
_INVITED = figures.PALETTE[7]


def _name(actor_id: str, actors: "pd.DataFrame | None", lang: str) -> str:
    import pandas as pd

    key = f"actor.{actor_id}"
    if key in LABELS:
        return label(key, lang)
    if actors is not None and actor_id in set(actors["actor_id"]):
        rec = actors.set_index("actor_id").loc[actor_id]
        if lang == "ar" and pd.notna(rec["name_ar"]):
            return str(rec["name_ar"])
        return str(rec["name_en"])
    return actor_id


def _where(source_id: str, location: str, lang: str) -> str:
    key = f"where.{source_id}"
    where = label(key, lang) if key in LABELS else source_id
    if location == "headline":  # the subheading is where the seed rounds its figures
        where += ("، " if lang == "ar" else ", ") + label("location.headline", lang)
    return where


def _draw_rows(ax, rows: list[dict], lang: str, xmax: float) -> None:
    """One horizontal row per figure, top to bottom, drawn as its bound says.

    exact: a solid bar; lower bound: a bar to the number and an open arrow beyond it; approximate:
    a lighter bar; not stated: an empty dashed slot across the row with the words, no bar at all.
    """
    from matplotlib.patches import Rectangle

    pad = xmax * 0.012
    ha = "right" if lang == "ar" else "left"  # text runs away from the bar's end in both layouts
    for y, r in enumerate(rows):
        colour = _COLOUR
        if r.get("outline") is not None:
            ax.barh(y, r["outline"], height=0.62, fill=False, edgecolor=_INVITED, linestyle="-", linewidth=1.2)
        if r["bound"] == "not_stated":
            ax.add_patch(Rectangle((0, y - 0.31), xmax * 0.97, 0.62, fill=False, edgecolor="#8c8c8c",
                                   linestyle=(0, (4, 3)), linewidth=1.0))
            ax.text(xmax * 0.485, y, r["display"], ha="center", va="center", color="#595959",
                    fontsize=8.5, style="italic" if lang == "en" else "normal")  # the oblique face has no Arabic
            continue
        v = float(r["value"])
        alpha = 0.45 if r["bound"] == "approximate" else 1.0
        ax.barh(y, v, height=0.62, color=colour, alpha=alpha)
        end = max(v, r.get("outline") or 0.0)
        if r["bound"] == "lower_bound":
            end = v + xmax * 0.09
            ax.annotate("", xy=(end, y), xytext=(v, y),
                        arrowprops=dict(arrowstyle="->,head_length=0.5,head_width=0.3", lw=1.6, color=colour))
        text = r["display"] if r.get("outline") is None else r["outline_display"]
        ax.text(end + pad, y, text, ha=ha, va="center", fontsize=9)
    ax.set_xlim(0, xmax)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top


def _legend(fig, lang: str, bounds: set[str], invited: bool = False, anchor_y: float = 0.0) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles, names = [], []
    if "exact" in bounds:
        handles.append(Patch(color=_COLOUR)); names.append(label("legend.exact", lang))
    if "lower_bound" in bounds:
        handles.append(Line2D([0], [0], color=_COLOUR, lw=2, marker="<" if lang == "ar" else ">",
                              markerfacecolor="white", markersize=7))
        names.append(label("legend.lower_bound", lang))
    if "approximate" in bounds:
        handles.append(Patch(color=_COLOUR, alpha=0.45)); names.append(label("legend.approximate", lang))
    if "not_stated" in bounds:
        handles.append(Patch(fill=False, edgecolor="#8c8c8c", linestyle="--"))
        names.append(label("legend.not_stated", lang))
    if invited:
        handles.append(Patch(fill=False, edgecolor=_INVITED)); names.append(label("legend.invited", lang))
    fig.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, anchor_y), ncol=min(len(names), 3),
               frameon=False, fontsize=8, markerfirst=lang != "ar")  # Arabic: key to the right of its text


def _axis_max(values) -> float:
    top = max([float(v) for v in values if v == v] or [1.0])
    return top * 1.32  # room for the open arrow of a lower bound and its label


def _composition_rows(comp: "pd.DataFrame", lang: str) -> list[dict]:
    rows = []
    for r in comp.to_dict("records"):
        name = label(f"category.{r['category']}", lang) + " · " + label(f"location.{r['location']}", lang)
        rows.append({"name": name, "value": r["count"], "bound": r["bound"], "display": r["display"],
                     "group": r["category"]})
    return rows


def _separate_groups(ax, rows: list[dict]) -> None:
    """A thin line between groups of rows (a category, a stage), so neighbours compare at a glance."""
    for y in range(1, len(rows)):
        if rows[y]["group"] != rows[y - 1]["group"]:
            ax.axhline(y - 0.5, color="#d0d0d0", linewidth=0.8, zorder=0)


def _drawn(comp: "pd.DataFrame", figure: str, extra: list[str] | None = None) -> "pd.DataFrame":
    cols = ["figure_id", "stage", "category", "unit", "count", "qualifier", "bound", "display",
            "location", "source_id", "said_by", *(extra or [])]
    out = comp[[c for c in cols if c in comp.columns]].copy()
    out.insert(0, "figure", figure)
    return out.reset_index(drop=True)


def _unit_figure(participation: "pd.DataFrame", unit: str, figure_id: str, lang: str, source_id: str,
                 stage: int):
    import matplotlib.pyplot as plt

    figures.use_style(lang)
    rows = participation[(participation["source_id"] == source_id) & (participation["stage"] == stage)
                         & (participation["unit"] == unit)]
    # body and subheading of one category side by side: the subheading restates the body
    comp = with_bounds(_order(rows), lang)
    comp = comp.iloc[comp["category"].map(CATEGORIES.index).argsort(kind="stable")].reset_index(drop=True)
    if comp.empty:
        raise ValueError(f"no {unit} figures for stage {stage} from {source_id!r}")
    drawn_rows = _composition_rows(comp, lang)
    fig, ax = plt.subplots(figsize=(7.2, 0.55 * len(comp) + 1.5))
    _draw_rows(ax, drawn_rows, lang, _axis_max(comp["count"].dropna()))
    _separate_groups(ax, drawn_rows)
    ax.set_yticks(range(len(drawn_rows)), [r["name"] for r in drawn_rows])
    ax.set_xlabel(label(f"unit.{unit}", lang))
    ax.set_title(label(f"title.{figure_id}", lang), fontsize=10.5)
    figures.orient_axes(ax, lang)
    fig.tight_layout()
    _legend(fig, lang, set(comp["bound"]), anchor_y=0.02)
    return fig, _drawn(comp, figure_id, ["paragraph", "evidence"])


def people_figure(participation: "pd.DataFrame", lang: str = "en", *, source_id: str = SEED_ID,
                  stage: int = KUWAIT_STAGE):
    """Figure ``participation-people``: participants (a lower bound) and ministers, body and subheading."""
    return _unit_figure(participation, "person", "participation-people", lang, source_id, stage)


def organizations_figure(participation: "pd.DataFrame", lang: str = "en", *, source_id: str = SEED_ID,
                         stage: int = KUWAIT_STAGE):
    """Figure ``participation-organizations``: each kind of organisation, the unstated one as an empty slot."""
    return _unit_figure(participation, "organization", "participation-organizations", lang, source_id, stage)


def sources_figure(table: "pd.DataFrame", lang: str = "en", actors: "pd.DataFrame | None" = None):
    """Figure ``participation-sources``: one panel per unit, one row per statement, labelled with who and where.

    ``table`` is :func:`cross_source_table`'s output. "92 of 115 invited" is one row: the 92 as a
    bar inside an outline of the 115.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    figures.use_style(lang)
    shown = table[table["category"].isin(SOURCE_FIGURE_CATEGORIES)].copy()
    outlines = table[table["category"].isin(list(OUTLINE_OF))]
    units = [u for u in UNITS if (shown["unit"] == u).any()]
    if not units:
        raise ValueError("no figures to draw")
    panels, drawn = [], []
    for unit in units:
        rows = []
        for r in shown[shown["unit"] == unit].to_dict("records"):
            who = _name(r["said_by"], actors, lang)
            row = {"name": f"{r['year']} · {who} · {_where(r['source_id'], r['location'], lang)}",
                   "value": r["count"], "bound": r["bound"], "display": r["display"],
                   "group": r["stage"], "outline": None}
            match = outlines[(outlines["stage"] == r["stage"]) & (outlines["source_id"] == r["source_id"])
                             & (outlines["said_by"] == r["said_by"])
                             & (outlines["category"].map(OUTLINE_OF) == r["category"])]
            if not match.empty and pd.notna(r["count"]):
                m = match.iloc[0]
                row["outline"] = float(m["count"])
                row["outline_display"] = label("of_invited", lang).format(
                    n=r["display"], m=int(m["count"]))
            rows.append(row)
            drawn.append(pd.Series(r))
            if row["outline"] is not None:
                drawn.append(match.iloc[0])
        panels.append((unit, rows))
    heights = [len(rows) + 1.2 for _, rows in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(8.2, 0.36 * sum(heights) + 1.3),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, (unit, rows) in zip(axes[:, 0], panels):
        values = [r["value"] for r in rows] + [r["outline"] for r in rows if r["outline"] is not None]
        _draw_rows(ax, rows, lang, _axis_max(pd.Series(values, dtype="Float64").dropna()))
        _separate_groups(ax, rows)
        ax.set_yticks(range(len(rows)), [r["name"] for r in rows], fontsize=8.5)
        ax.set_title(label(f"unit.{unit}", lang), fontsize=9.5, loc="right" if lang == "ar" else "left")
        figures.orient_axes(ax, lang)
    fig.suptitle(label("title.participation-sources", lang), fontsize=11, fontweight="bold")
    fig.tight_layout()
    _legend(fig, lang, set(shown["bound"]), invited=not outlines.empty, anchor_y=0.0)
    data = pd.DataFrame(drawn)[["stage", "year", "category", "unit", "count", "qualifier", "bound", "display",
                                "location", "said_by", "said_by_name", "source_id", "outlet", "evidence"]]
    data = data.astype({"stage": "Int64", "year": "Int64", "count": "Int64"}).reset_index(drop=True)
    data.insert(0, "figure", "participation-sources")
    return fig, data
