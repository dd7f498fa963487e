"""The Dushanbe-process timeline: each stage on a date axis, with its city, dates and short title.

Usage::

    >>> import matplotlib; matplotlib.use("Agg")
    >>> from analysis import data, timeline
    >>> from analysis.plots.timeline import timeline_figure
    >>> pkg = data.load_package()
    >>> stages = timeline.stage_frame(pkg.stages, pkg.stage_organisers, pkg.actors, 2024)
    >>> plot = timeline_figure(stages, "en", pkg.labels)
    >>> plot.title
    'Stages of the Dushanbe Counter-Terrorism Process, 2018–2024'
    >>> plot.data["city"].tolist()
    ['Dushanbe', 'Dushanbe', 'Dushanbe', 'Kuwait City']
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from analysis import figures, timeline
from analysis.labels import MONTHS_AR

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels

FIGURE_ID = "dushanbe-process-timeline"
#: Stages held in the process's home country, and those held abroad.
HOME_COLOUR, ABROAD_COLOUR = figures.COLOURS["blue"], figures.COLOURS["orange"]
#: The faint row rule behind each stage and the year grid.
ROW_RULE, YEAR_GRID = "#e3e3e3", "#f0f0f0"


def _month(day, lang: str) -> str:
    return MONTHS_AR[day.month - 1] if lang == "ar" else f"{day:%B}"


def date_range(start, end, lang: str, labels: Labels) -> str:
    """'3–4 May 2018' / '3 و4 مايو 2018', from the ``date_range.*`` templates (the Arabic one joins the
    days with a word, not a dash: bidi would swap the digits around a dash)."""
    if (start.year, start.month) != (end.year, end.month):
        return labels("date_range.months", lang).format(
            start=start.day, start_month=_month(start, lang), end=end.day, end_month=_month(end, lang), year=end.year
        )
    key = "date_range.day" if start == end else "date_range.days"
    return labels(key, lang).format(start=start.day, end=end.day, month=_month(start, lang), year=start.year)


def caption(frame: pd.DataFrame, lang: str, labels: Labels) -> str:
    """The caption from the stages drawn: their span of years, and the first one held abroad (if any)."""
    first, last = frame["start_date"].min(), frame["end_date"].max()
    text = labels(f"caption.{FIGURE_ID}", lang).format(first=first.year, last=last.year)
    abroad = frame[frame["first_outside_tajikistan"]]
    if abroad.empty:
        return text + " " + labels(f"caption.{FIGURE_ID}.all_home", lang)
    row = abroad.iloc[0]
    note = labels(f"caption.{FIGURE_ID}.first_outside", lang).format(
        city=row[f"city_{lang}"], dates=date_range(row["start_date"], row["end_date"], lang, labels)
    )
    return text + " " + note


def timeline_figure(frame: pd.DataFrame, lang: str, labels: Labels) -> figures.Plot:
    """Figure ``dushanbe-process-timeline`` from :func:`analysis.timeline.stage_frame`: one row per stage,
    earliest on top, a bar over its dates, labelled with city, dates and short title; time runs
    right to left in Arabic. The data written is :func:`analysis.timeline.timeline_data`.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    if frame.empty:
        raise ValueError("no stages to draw")
    figures.use_style(lang)
    way = figures.Direction(lang)
    drawn = timeline.timeline_data(frame, lang, labels)
    first, last = frame["start_date"].min(), frame["end_date"].max()
    xmin = pd.Timestamp(year=first.year, month=1, day=1)
    xmax = pd.Timestamp(year=last.year + 1, month=1, day=1)
    # one row per stage, earliest on top: labels never cross another stage's marker or text
    fig, ax = plt.subplots(figsize=(9, 0.95 * len(frame) + 1.3))
    for y, (stage, words) in enumerate(zip(frame.to_dict("records"), drawn.to_dict("records"))):
        _draw_stage(ax, y, stage, words, (xmin, xmax), lang, labels)
    _year_axis(ax, xmin, xmax, len(frame))
    title = labels(f"title.{FIGURE_ID}", lang).format(first=first.year, last=last.year)
    ax.set_title(title)
    way.orient(ax, category_axis="x")
    fig.tight_layout()
    return figures.Plot(FIGURE_ID, fig, drawn, title, caption(frame, lang, labels), timeline.stage_sources(frame))


def _draw_stage(ax, y: int, stage: dict, words: dict, span: tuple, lang: str, labels: Labels) -> None:
    """One stage's row: rule, bar over its dates, marker at its middle, bold head line and wrapped title."""
    import pandas as pd

    way = figures.Direction(lang)
    xmin, xmax = span
    days = (xmax - xmin).days
    colour = ABROAD_COLOUR if stage["outside_tajikistan"] else HOME_COLOUR
    x = stage["start_date"] + (stage["end_date"] - stage["start_date"]) / 2
    ax.axhline(y, color=ROW_RULE, linewidth=0.8, zorder=0)
    ax.plot(
        [stage["start_date"], stage["end_date"]], [y, y], color=colour, linewidth=6, solid_capstyle="butt", zorder=2
    )
    ax.plot(x, y, "o", color=colour, markersize=8, zorder=3)
    # text grows toward the middle of the axis so the outer stages stay inside it
    ha = "right" if way.x((x - xmin).days / days) > 0.5 else "left"
    gap = pd.Timedelta(days=days * 0.017) * (1 if ha == "left" else -1) * way.sign
    head = f"{words['city']} · {date_range(stage['start_date'], stage['end_date'], lang, labels)}"
    body = textwrap.fill(words["label"], 60)
    if stage["first_outside_tajikistan"]:  # own line: brackets split across wrapped Arabic lines mis-pair
        body += "\n" + labels("aside", lang).format(text=labels("first_outside", lang))
    ax.text(x + gap, y - 0.06, head, ha=ha, va="bottom", fontsize=9, fontweight="bold", color=colour)
    # Arabic lines all align right, whichever side the block hangs from
    ax.text(
        x + gap, y + 0.06, body, ha=ha, va="top", fontsize=8, linespacing=1.3, multialignment=way.ha if way.rtl else ha
    )


def _year_axis(ax, xmin, xmax, rows: int) -> None:
    """Years along the bottom, no y axis, a faint grid at each year."""
    import matplotlib.dates as mdates

    ax.set_xlim(xmin, xmax)
    ax.set_ylim(rows - 0.45, -0.6)
    ax.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color=YEAR_GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
