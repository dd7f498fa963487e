"""Participation figures: each unit on its own axis, each bound drawn as what it is, each source named.

exact: a solid bar; lower bound ("more than n"): a bar to n and an open arrow beyond it;
approximate: a lighter bar; not stated: an empty dashed slot with the words, never a bar at 0.
Titles and captions are label templates filled from the rows drawn.

Usage::

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from analysis import data, participation
    >>> from analysis.plots import participation as participation_plots
    >>> pkg = data.load_package()
    >>> source = pkg.source(pkg.default_source)
    >>> comp = participation.composition(pkg, source["source_id"], source["stage"])
    >>> plot = participation_plots.people_figure(participation.unit_rows(comp, "person"), source, "en", pkg.labels)
    >>> plot.title
    'Kuwait stage: people taking part, as the KUNA report states them'
    >>> plot.caption[:40]
    'Participants (more than 450: a lower bou'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis import figures
from analysis.participation import CATEGORIES, LOCATIONS, PART_OF

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels

#: The bar of a stated figure, and the outline of the figure that qualifies it ("of 115 invited").
BAR = figures.COLOURS["blue"]
OUTLINE = figures.COLOURS["grey"]
#: Greys that are not house colours: the dashed slot of an unstated figure, its words, the group rules.
SLOT_EDGE, SLOT_TEXT, GROUP_RULE = "#8c8c8c", "#595959", "#d0d0d0"
#: Legend entries, in this order, for the bounds a figure draws.
BOUNDS = ("exact", "lower_bound", "approximate", "not_stated")
APPROXIMATE_ALPHA = 0.45


# ---------------------------------------------------------------- figures


def people_figure(rows: pd.DataFrame, source: dict, lang: str, labels: Labels) -> figures.Plot:
    """Figure ``participation-people``: participants (a lower bound) and ministers, body and subheading.

    ``rows`` is :func:`analysis.participation.unit_rows` of the composition for unit ``person``.
    """
    return _unit_figure(rows, "person", "participation-people", source, lang, labels)


def organizations_figure(rows: pd.DataFrame, source: dict, lang: str, labels: Labels) -> figures.Plot:
    """Figure ``participation-organizations``: each kind of organisation, the unstated one as an empty slot."""
    return _unit_figure(rows, "organization", "participation-organizations", source, lang, labels)


def _unit_figure(
    rows: pd.DataFrame, unit: str, figure_id: str, source: dict, lang: str, labels: Labels
) -> figures.Plot:
    import matplotlib.pyplot as plt

    if rows.empty:
        raise ValueError(f"no {unit} figures to draw for {figure_id}")
    figures.use_style(lang)
    way = figures.Direction(lang)
    drawn_rows = [
        {
            "name": _category_at(r, lang, labels),
            "value": r["count"],
            "bound": r["bound"],
            "display": r["display"],
            "group": r["category"],
        }
        for r in rows.to_dict("records")
    ]
    fig, ax = plt.subplots(figsize=(7.2, 0.55 * len(rows) + 1.5))
    _draw_rows(ax, drawn_rows, way, _axis_max(rows["count"].dropna()))
    _separate_groups(ax, drawn_rows)
    ax.set_yticks(range(len(drawn_rows)), [r["name"] for r in drawn_rows])
    ax.set_xlabel(labels(f"unit.{unit}", lang))
    title = labels(f"title.{figure_id}", lang).format(
        stage=stage_name(int(rows["stage"].iloc[0]), lang, labels), source=labels.source(source, lang, "short")
    )
    ax.set_title(title, fontsize=10.5)
    way.orient(ax)
    fig.tight_layout()
    _legend(fig, way, lang, labels, set(rows["bound"]), anchor_y=0.02)
    caption = composition_caption(rows, figure_id, source, lang, labels)
    return figures.Plot(figure_id, fig, _drawn(rows, figure_id), title, caption, [source["source_id"]])


def sources_figure(rows: pd.DataFrame, lang: str, labels: Labels) -> figures.Plot:
    """Figure ``participation-sources``: one panel per unit, one row per statement, labelled with who and where.

    ``rows`` is :func:`analysis.participation.source_figure_rows`: a row flagged ``outline`` ("of 115
    invited") is drawn as an outline around the bar of the row before it, not as a row of its own.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    if rows.empty:
        raise ValueError("no participation figures to draw for participation-sources")
    figures.use_style(lang)
    way = figures.Direction(lang)
    panels: dict[str, list[dict]] = {}
    for r in rows.to_dict("records"):
        if r["outline"]:
            bar = panels[r["unit"]][-1]
            bar["outline"] = float(r["count"])
            bar["outline_display"] = labels("of_invited", lang).format(n=bar["display"], m=int(r["count"]))
            continue
        name = f"{r['year']} · {labels.actor(r['said_by'], lang)} · {_where(r, lang, labels)}"
        panels.setdefault(r["unit"], []).append(
            {
                "name": name,
                "value": r["count"],
                "bound": r["bound"],
                "display": r["display"],
                "group": r["stage"],
                "outline": None,
            }
        )
    heights = _left_to_right([len(panel) + 1.2 for panel in panels.values()])
    fig, axes = plt.subplots(
        len(panels),
        1,
        figsize=(8.2, 0.36 * float(sum(heights)) + 1.3),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for ax, (unit, panel) in zip(axes[:, 0], panels.items()):
        values = [r["value"] for r in panel] + [r["outline"] for r in panel if r["outline"] is not None]
        _draw_rows(ax, panel, way, _axis_max(pd.Series(values, dtype="Float64").dropna()))
        _separate_groups(ax, panel)
        ax.set_yticks(range(len(panel)), [r["name"] for r in panel], fontsize=8.5)
        ax.set_title(labels(f"unit.{unit}", lang), fontsize=9.5, loc=way.ha)
        way.orient(ax)
    title = labels("title.participation-sources", lang)
    fig.suptitle(title, fontsize=11, fontweight="bold")
    fig.tight_layout()
    bars = rows[~rows["outline"]]
    _legend(fig, way, lang, labels, set(bars["bound"]), invited=bool(rows["outline"].any()), anchor_y=0.0)
    data = rows.drop(columns="outline")
    data.insert(0, "figure", "participation-sources")
    return figures.Plot(
        "participation-sources", fig, data, title, sources_caption(bars, lang, labels), sorted(set(rows["source_id"]))
    )


# ---------------------------------------------------------------- drawing


def _draw_rows(ax, rows: list[dict], way: figures.Direction, xmax: float) -> None:
    """One horizontal row per figure, top to bottom, drawn as its bound says."""
    from matplotlib.patches import Rectangle

    pad = xmax * 0.012
    for y, r in enumerate(rows):
        if r.get("outline") is not None:
            ax.barh(y, r["outline"], height=0.62, fill=False, edgecolor=OUTLINE, linestyle="-", linewidth=1.2)
        if r["bound"] == "not_stated":
            ax.add_patch(
                Rectangle(
                    (0, y - 0.31),
                    xmax * 0.97,
                    0.62,
                    fill=False,
                    edgecolor=SLOT_EDGE,
                    linestyle=(0, (4, 3)),
                    linewidth=1.0,
                )
            )
            # the oblique face of the house font has no Arabic glyphs
            ax.text(
                xmax * 0.485,
                y,
                r["display"],
                ha="center",
                va="center",
                color=SLOT_TEXT,
                fontsize=8.5,
                style="normal" if way.rtl else "italic",
            )
            continue
        value = float(r["value"])
        ax.barh(y, value, height=0.62, color=BAR, alpha=APPROXIMATE_ALPHA if r["bound"] == "approximate" else 1.0)
        end = max(value, r.get("outline") or 0.0)
        if r["bound"] == "lower_bound":
            end = value + xmax * 0.09
            ax.annotate(
                "",
                xy=(end, y),
                xytext=(value, y),
                arrowprops=dict(arrowstyle="->,head_length=0.5,head_width=0.3", lw=1.6, color=BAR),
            )
        text = r["display"] if r.get("outline") is None else r["outline_display"]
        ax.text(end + pad, y, text, ha=way.ha, va="center", fontsize=9)  # runs away from the bar's end
    ax.set_xlim(0, xmax)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top


def _legend(
    fig,
    way: figures.Direction,
    lang: str,
    labels: Labels,
    bounds: set[str],
    *,
    invited: bool = False,
    anchor_y: float = 0.0,
) -> None:
    """A key to the bounds drawn (and the invited outline), below the axes, in reading order."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    keys = {
        "exact": Patch(color=BAR),
        "lower_bound": Line2D(
            [0], [0], color=BAR, lw=2, marker="<" if way.rtl else ">", markerfacecolor="white", markersize=7
        ),
        "approximate": Patch(color=BAR, alpha=APPROXIMATE_ALPHA),
        "not_stated": Patch(fill=False, edgecolor=SLOT_EDGE, linestyle="--"),
    }
    handles = [keys[b] for b in BOUNDS if b in bounds]
    names = [labels(f"legend.{b}", lang) for b in BOUNDS if b in bounds]
    if invited:
        handles.append(Patch(fill=False, edgecolor=OUTLINE))
        names.append(labels("legend.invited", lang))
    way.legend(fig, handles, names, min(len(names), 3), loc="upper center", bbox_to_anchor=(0.5, anchor_y), fontsize=8)


def _left_to_right(values: list[float]) -> list:
    """The floats as numpy floats, which ``sum()`` adds one by one from the left on every Python.

    Since 3.12, ``sum()`` of Python floats is compensated: the panels of participation-sources, 10.2 + 6.2 +
    5.2 + 2.2, sum to 23.8 there and to 23.799999999999997 on 3.11. The figure's height and matplotlib's
    gridspec (which divides by ``sum(height_ratios)``) would move in the last bit, and with them the SVG clip
    ids and the PDF bytes. Numpy floats are not exact Python floats, so ``sum()`` takes its plain path with them.

    >>> float(sum(_left_to_right([10.2, 6.2, 5.2, 2.2])))
    23.799999999999997
    """
    import numpy as np

    return list(np.array(values, dtype=np.float64))


def _axis_max(values) -> float:
    top = max([float(v) for v in values if v == v] or [1.0])
    return top * 1.32  # room for the open arrow of a lower bound and its label


def _separate_groups(ax, rows: list[dict]) -> None:
    """A thin line between groups of rows (a category, a stage), so neighbours compare at a glance."""
    for y in range(1, len(rows)):
        if rows[y]["group"] != rows[y - 1]["group"]:
            ax.axhline(y - 0.5, color=GROUP_RULE, linewidth=0.8, zorder=0)


def _drawn(rows: pd.DataFrame, figure_id: str) -> pd.DataFrame:
    columns = [
        "figure_id",
        "stage",
        "category",
        "unit",
        "count",
        "qualifier",
        "bound",
        "display",
        "location",
        "source_id",
        "said_by",
        "paragraph",
        "evidence",
    ]
    out = rows[columns].copy()
    out.insert(0, "figure", figure_id)
    return out.reset_index(drop=True)


def _category_at(row: dict, lang: str, labels: Labels) -> str:
    """A composition row's name: 'Participants · body'."""
    return f"{labels('category.' + row['category'], lang)} · {labels('location.' + row['location'], lang)}"


def _where(row: dict, lang: str, labels: Labels) -> str:
    """Where a statement was made: the source's short place name, and the subheading when it is there."""
    outlet = row["outlet"]
    where = labels.get(f"where.{row['source_id']}", lang) or labels.get(f"outlet.{outlet}", lang, outlet)
    if row["location"] == "headline":  # the subheading is where a report rounds its figures
        where = labels("list.comma", lang).format(a=where, b=labels("location.headline", lang))
    return where


# ---------------------------------------------------------------- titles and captions


def stage_name(stage: int, lang: str, labels: Labels) -> str:
    """'Kuwait stage' where the labels name the stage, else 'Stage 4'."""
    return labels.get(f"stage_name.{stage}", lang) or labels("stage_n", lang).format(n=stage)


def join(items: list[str], lang: str, labels: Labels) -> str:
    """'a, b and c' in the figure's language."""
    if len(items) < 2:
        return "".join(items)
    head = items[0]
    for item in items[1:-1]:
        head = labels("list.comma", lang).format(a=head, b=item)
    return labels("list.and", lang).format(a=head, b=items[-1])


def _item(row: dict, lang: str, labels: Labels) -> str:
    """A figure in a sentence: 'ministers of member states (33)'."""
    import pandas as pd

    count = "" if pd.isna(row["count"]) else int(row["count"])
    value = labels(f"in_text.value.{row['bound']}", lang).format(n=count)
    name = labels(f"in_text.category.{row['category']}", lang)
    template = labels.get(f"in_text.item.{row['category']}", lang) or labels("in_text.item", lang)
    return template.format(name=name, value=value)


def composition_caption(rows: pd.DataFrame, figure_id: str, source: dict, lang: str, labels: Labels) -> str:
    """The caption of a composition figure, from the rows it draws: each category with its figure (the
    body's where the body gives one), where in the source they stand, and what only the subheading states."""
    by_location = rows.assign(_location=rows["location"].map(LOCATIONS.index)).sort_values("_location", kind="stable")
    first = by_location.drop_duplicates("category").set_index("category")
    in_body = [c for c in CATEGORIES if ((rows["category"] == c) & (rows["location"] != "headline")).any()]
    main = in_body or [c for c in CATEGORIES if c in first.index]
    only_headline = [c for c in CATEGORIES if c in first.index and c not in main]
    items = []
    for category in main:
        item = _item({**first.loc[category].to_dict(), "category": category}, lang, labels)
        if PART_OF.get(category) in main:
            item = labels("in_text.part_of", lang).format(item=item)
        items.append(item)
    places = [
        labels(f"in_text.location.{loc}", lang)
        for loc in LOCATIONS
        if (rows["category"].isin(main) & (rows["location"] == loc)).any()
    ]
    extras = "".join(
        labels("in_text.headline_only", lang).format(
            item=_item({**first.loc[c].to_dict(), "category": c}, lang, labels)
        )
        for c in only_headline
    )
    caption = labels(f"caption.{figure_id}", lang).format(
        figures=join(items, lang, labels),
        places=join(places, lang, labels),
        extras=extras,
        source=labels.source(source, lang, "short"),
        source_long=labels.source(source, lang, "long"),
    )
    return caption[:1].upper() + caption[1:]


def sources_caption(bars: pd.DataFrame, lang: str, labels: Labels) -> str:
    """The caption of the sources figure: which stages it covers and which kinds of figure it draws."""
    stages = sorted(set(bars["stage"]))
    if len(stages) == 1:
        covered = labels("in_text.stages.one", lang).format(stage=stage_name(int(stages[0]), lang, labels))
    else:
        covered = labels("in_text.stages.many", lang)
    kinds = [labels(f"in_text.bounds.{b}", lang) for b in BOUNDS if b in set(bars["bound"])]
    return labels("caption.participation-sources", lang).format(stages=covered, bounds=join(kinds, lang, labels))
