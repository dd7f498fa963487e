"""The stages of the Dushanbe process on a date axis, and the Kuwait stage at day scale.

Stages come from ``stages.csv`` joined with their organisers and the seed's corroboration. The
Kuwait stage is then read day by day: the article's publication timestamp (4 Nov 2024, 22:00)
is kept apart from the dates it speaks of, and its relative words (أمس, اليوم) are resolved
again here from each event's ``reference_date``, with the reasoning that fixes that date.
Nothing after the last stage in the data is claimed.

Usage::

    >>> from analysis import timeline as T
    >>> T.resolve_relative("أمس", "2024-11-05").date()
    datetime.date(2024, 11, 4)
    >>> T.check_through_year(2017)
    Traceback (most recent call last):
    ...
    ValueError: through_year must be a whole year from 2018 (the first stage) on, got 2017
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from analysis import figures
from analysis.labels import LABELS, label

if TYPE_CHECKING:
    import pandas as pd

FIRST_YEAR = 2018
HOME_COUNTRY = "Tajikistan"
KUWAIT_STAGE = 4
#: Which day of the stage an event must fall on (the declaration was announced for the close).
EXPECTED_DAY = {"opening-session": "start", "closing-session": "end", "kuwait-declaration-adopted": "end"}
#: Day offsets of the relative expressions the seed uses (and their common variants).
RELATIVE_DAYS = {"أمس": -1, "الأمس": -1, "اليوم": 0, "غداً": 1, "غدا": 1}

LABELS.update({
    "stage_title.1": ("Countering terrorism and preventing violent extremism",
                      "مكافحة الإرهاب ومنع التطرف العنيف"),
    "stage_title.2": ("Countering terrorism and its financing through drugs and organised crime",
                      "مكافحة الإرهاب وتمويله عبر المخدرات والجريمة المنظمة"),
    "stage_title.3": ("Border security and management to counter terrorism",
                      "أمن الحدود وإدارتها لمكافحة الإرهاب"),
    "stage_title.4": ("International cooperation and agile border security: the Kuwait phase",
                      "التعاون الدولي وآليات مرنة لأمن الحدود: مرحلة الكويت"),
    "first_outside": ("first stage outside Tajikistan", "أول مرحلة خارج طاجيكستان"),
    # Arabic: words, not a dash, between the years (bidi would show "2024–2018")
    "title.dushanbe-process-timeline": ("Stages of the Dushanbe Counter-Terrorism Process, {first}–{last}",
                                        "مراحل مسار دوشنبه لمكافحة الإرهاب من {first} إلى {last}"),
    "stage_n": ("Stage {n}", "المرحلة {n}"),
})

_MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
              "أكتوبر", "نوفمبر", "ديسمبر")


# ---------------------------------------------------------------- parameters

def check_through_year(value) -> int:
    """``value`` as the last year to show; ValueError unless it is a whole year >= 2018."""
    if isinstance(value, bool) or not isinstance(value, int) or value < FIRST_YEAR:
        raise ValueError(f"through_year must be a whole year from {FIRST_YEAR} (the first stage) on, got {value!r}")
    return value


# ---------------------------------------------------------------- stages

def _names(actors: "pd.DataFrame") -> dict[str, str]:
    return dict(zip(actors["actor_id"], actors["name_en"]))


def stage_frame(stages: "pd.DataFrame", organisers: "pd.DataFrame", actors: "pd.DataFrame",
                through_year: int = 2024) -> "pd.DataFrame":
    """One row per stage up to ``through_year``: dates, place, titles, outcome, sources, organisers.

    Adds ``days`` (inclusive), ``host``/``co_organisers``/``supporters`` (names, '; '-joined),
    ``organiser_sources``, ``seed_gives_year`` (the seed's corroborating span names the stage's
    year), ``outside_tajikistan`` and ``first_outside_tajikistan``.
    """
    import pandas as pd

    through_year = check_through_year(through_year)
    names = _names(actors)
    out = stages[stages["start_date"].dt.year <= through_year].sort_values("start_date").copy()
    out["days"] = ((out["end_date"] - out["start_date"]).dt.days + 1).astype("Int64")
    for role, col in (("host", "host"), ("co_organiser", "co_organisers"), ("supporter", "supporters")):
        by_stage = organisers[organisers["role"] == role].groupby("stage")["actor_id"].agg(
            lambda ids: "; ".join(names.get(i, i) for i in ids))
        out[col] = out["stage"].map(by_stage).astype("string")
    srcs = organisers.groupby("stage")["source_id"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    out["organiser_sources"] = out["stage"].map(srcs).astype("string")
    out["seed_gives_year"] = [pd.notna(ev) and str(d.year) in ev
                              for d, ev in zip(out["start_date"], out["corroboration_evidence"])]
    out["outside_tajikistan"] = (out["country_en"] != HOME_COUNTRY).astype(bool)
    # "first": no earlier stage (by start date, all stages in the data) was held outside Tajikistan
    earlier_abroad = out["outside_tajikistan"].cumsum().shift(fill_value=0) > 0
    out["first_outside_tajikistan"] = out["outside_tajikistan"] & ~earlier_abroad
    cols = ["stage", "start_date", "end_date", "days", "city_en", "city_ar", "country_en", "title_en", "title_ar",
            "outcome_document_en", "host", "co_organisers", "supporters", "source_id", "evidence",
            "organiser_sources", "corroborated_by", "corroboration_evidence", "seed_gives_year",
            "outside_tajikistan", "first_outside_tajikistan"]
    return out[cols].reset_index(drop=True)


def organiser_matrix(organisers: "pd.DataFrame", actors: "pd.DataFrame", stages: "pd.DataFrame",
                     through_year: int = 2024) -> "pd.DataFrame":
    """Organisers (rows) by stage year (columns): each cell the actor's role, empty where none."""
    import pandas as pd

    through_year = check_through_year(through_year)
    years = stages.set_index("stage")["start_date"].dt.year
    keep = organisers[organisers["stage"].map(years) <= through_year]
    names = _names(actors)
    table = keep.assign(organiser=keep["actor_id"].map(lambda a: names.get(a, a)),
                        year=keep["stage"].map(years)).pivot(index="organiser", columns="year", values="role")
    # most stages first, then by name: the standing partners on top
    order = table.notna().sum(axis=1).rename("n").to_frame().assign(name=table.index)
    table = table.loc[order.sort_values(["n", "name"], ascending=[False, True]).index]
    table.columns = [str(c) for c in table.columns]
    table.columns.name = None
    return table.fillna("").astype("string")


def events_frame(events: "pd.DataFrame", through_year: int = 2024) -> "pd.DataFrame":
    """Dated events up to ``through_year``; ``day`` is the date at day precision (NaT for year-only dates)."""
    import pandas as pd

    through_year = check_through_year(through_year)
    out = events.copy()
    out["year"] = out["date"].str.slice(0, 4).astype(int).astype("Int64")
    out["day"] = pd.to_datetime(out["date"].where(out["date_precision"] == "day"), format="%Y-%m-%d")
    out = out[out["year"] <= through_year]
    return out.sort_values(["year", "day", "event_id"], na_position="first").reset_index(drop=True)


# ---------------------------------------------------------------- the Kuwait stage, day by day

def resolve_relative(expression: str, reference_date) -> "pd.Timestamp":
    """The date a relative expression names, read from ``reference_date`` (أمس = the day before)."""
    import pandas as pd

    word = str(expression).strip()
    if word not in RELATIVE_DAYS:
        raise ValueError(f"unknown relative expression {expression!r} (known: {', '.join(RELATIVE_DAYS)})")
    return pd.Timestamp(reference_date).normalize() + pd.Timedelta(days=RELATIVE_DAYS[word])


def publication_timestamp(sources: "pd.DataFrame", source_id: str) -> "pd.Timestamp":
    """A source's ``published`` value as a timestamp (with its UTC offset when printed with one)."""
    import pandas as pd

    value = sources.set_index("source_id").at[source_id, "published"]
    if pd.isna(value):
        raise ValueError(f"source {source_id!r} has no publication date")
    return pd.Timestamp(value)


def day_scale(events: "pd.DataFrame", sources: "pd.DataFrame", stages: "pd.DataFrame",
              stage: int = KUWAIT_STAGE) -> "pd.DataFrame":
    """The stage's day-precision events in time order, each date re-derived from its expression.

    ``stored`` is the date in events.csv; ``derived`` is the explicit date, or the relative
    expression resolved from its ``reference_date``; ``agrees`` compares them. The publication
    row carries the printed time. ``within_stage`` says whether the date falls in the stage's dates.
    """
    import pandas as pd

    rows = events[(events["stage"] == stage) & (events["date_precision"] == "day")]
    st = stages.set_index("stage").loc[stage]
    out = []
    for r in rows.to_dict("records"):
        stored = pd.Timestamp(r["date"])
        if r["date_basis"] == "relative_to_publication":
            derived = resolve_relative(r["expression"], r["reference_date"])
        else:
            derived = stored
        time = ""
        if r["event_id"] == "publication":
            ts = publication_timestamp(sources, r["source_id"])
            time = ts.strftime("%H:%M %z")
        out.append({"event_id": r["event_id"], "description": r["description_en"], "expression": r["expression"],
                    "date_basis": r["date_basis"], "reference_date": r["reference_date"], "stored": stored,
                    "derived": derived, "agrees": stored == derived, "time": time,
                    "within_stage": st["start_date"] <= derived <= st["end_date"],
                    "reasoning": r["resolution_note"]})
    df = pd.DataFrame(out)
    # the timestamp sorts at its printed hour, after the day's sessions
    df["_t"] = df["derived"] + pd.to_timedelta(df["time"].str.slice(0, 2).replace("", "0").astype(int), unit="h")
    return df.sort_values(["_t", "event_id"]).drop(columns="_t").reset_index(drop=True)


def reference_candidates(events: "pd.DataFrame", sources: "pd.DataFrame", stages: "pd.DataFrame",
                         stage: int = KUWAIT_STAGE) -> "pd.DataFrame":
    """Why the relative words are read from the next day: each candidate reading, tested against the stage.

    Candidates: the date of the publication timestamp, and the day after (the print edition).
    For each, every relative expression is resolved and compared with the stage's dates: the
    opening session must fall on the first day, the close on the last.
    """
    import pandas as pd

    rel = events[(events["stage"] == stage) & (events["date_basis"] == "relative_to_publication")]
    source_id = rel["source_id"].iloc[0]
    stamp = publication_timestamp(sources, source_id).tz_localize(None).normalize()
    st = stages.set_index("stage").loc[stage]
    candidates = [("timestamp date", stamp), ("next day (print edition)", stamp + pd.Timedelta(days=1))]
    rows = []
    for name, ref in candidates:
        for r in rel.to_dict("records"):
            resolved = resolve_relative(r["expression"], ref)
            expected = {"start": st["start_date"], "end": st["end_date"]}.get(EXPECTED_DAY.get(r["event_id"], ""))
            rows.append({"reading": name, "reference_date": ref, "event_id": r["event_id"],
                         "expression": r["expression"], "resolved": resolved,
                         "within_stage": st["start_date"] <= resolved <= st["end_date"],
                         "fits": bool(st["start_date"] <= resolved <= st["end_date"]
                                      and (expected is None or resolved == expected))})
    return pd.DataFrame(rows)


def reference_verdict(candidates: "pd.DataFrame") -> "pd.DataFrame":
    """One row per candidate reading: how many resolved dates fit the stage, and whether all do."""
    g = candidates.groupby(["reading", "reference_date"], sort=False)["fits"]
    out = g.agg(fit="sum", events="count").reset_index()
    out["consistent"] = out["fit"] == out["events"]
    return out


# ---------------------------------------------------------------- the figure

def _date_range(start, end, lang: str) -> str:
    """'3–4 May 2018' / '3 و4 مايو 2018' (no dash between digits in Arabic: bidi would swap them)."""
    if lang == "ar":
        month = _MONTHS_AR[start.month - 1]
        if (start.year, start.month) == (end.year, end.month):
            days = f"{start.day}" if start == end else f"{start.day} و{end.day}"
            return f"{days} {month} {start.year}"
        return f"{start.day} {month} – {end.day} {_MONTHS_AR[end.month - 1]} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        days = f"{start.day}" if start == end else f"{start.day}–{end.day}"
        return f"{days} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"


def short_title(row: dict, lang: str) -> str:
    key = f"stage_title.{row['stage']}"
    if key in LABELS:
        return label(key, lang)
    title = row["title_ar"] if lang == "ar" and isinstance(row.get("title_ar"), str) else row["title_en"]
    return textwrap.shorten(title, 70, placeholder="…")


def timeline_data(frame: "pd.DataFrame", lang: str = "en") -> "pd.DataFrame":
    """The numbers and words the timeline draws: stage, dates, city, official title, short label, outcome, source."""
    import pandas as pd

    rows = []
    for r in frame.to_dict("records"):
        official = r["title_ar"] if lang == "ar" and pd.notna(r["title_ar"]) else r["title_en"]
        rows.append({"stage": r["stage"], "start_date": r["start_date"].date().isoformat(),
                     "end_date": r["end_date"].date().isoformat(),
                     "city": r["city_ar"] if lang == "ar" else r["city_en"], "title": official,
                     "label": short_title(r, lang), "outcome_document": r["outcome_document_en"],
                     "source_id": r["source_id"]})
    return pd.DataFrame(rows, columns=["stage", "start_date", "end_date", "city", "title", "label",
                                       "outcome_document", "source_id"])


def timeline_figure(frame: "pd.DataFrame", lang: str = "en"):
    """Figure ``dushanbe-process-timeline``: each stage on a date axis, labelled with city, dates and short title.

    Arabic: time runs right to left and labels are Arabic (city_ar, short Arabic titles).
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd

    if frame.empty:
        raise ValueError("no stages to draw")
    figures.use_style(lang)
    drawn = timeline_data(frame, lang)
    first, last = frame["start_date"].min(), frame["end_date"].max()
    xmin = pd.Timestamp(year=first.year, month=1, day=1)
    xmax = pd.Timestamp(year=last.year + 1, month=1, day=1)
    span = (xmax - xmin).days
    # one row per stage, earliest on top: labels never cross another stage's marker or text
    n = len(frame)
    fig, ax = plt.subplots(figsize=(9, 0.95 * n + 1.3))
    for y, r in enumerate(frame.to_dict("records")):
        colour = figures.PALETTE[1] if r["outside_tajikistan"] else figures.PALETTE[0]
        x = r["start_date"] + (r["end_date"] - r["start_date"]) / 2
        ax.axhline(y, color="#e3e3e3", linewidth=0.8, zorder=0)
        ax.plot([r["start_date"], r["end_date"]], [y, y], color=colour, linewidth=6, solid_capstyle="butt", zorder=2)
        ax.plot(x, y, "o", color=colour, markersize=8, zorder=3)
        # text grows toward the middle of the axis so the outer stages stay inside it
        frac = (x - xmin).days / span
        display_frac = 1 - frac if lang == "ar" else frac
        ha = "right" if display_frac > 0.5 else "left"
        gap = pd.Timedelta(days=span * 0.017) * (1 if (ha == "left") != (lang == "ar") else -1)
        city = r["city_ar"] if lang == "ar" else r["city_en"]
        head = f"{city} · {_date_range(r['start_date'], r['end_date'], lang)}"
        body = textwrap.fill(short_title(r, lang), 60)
        if r["first_outside_tajikistan"]:  # own line: brackets split across wrapped Arabic lines mis-pair
            note = label("first_outside", lang)
            body += "\n" + (note if lang == "ar" else f"({note})")
        ax.text(x + gap, y - 0.06, head, ha=ha, va="bottom", fontsize=9, fontweight="bold", color=colour)
        ax.text(x + gap, y + 0.06, body, ha=ha, va="top", fontsize=8, linespacing=1.3,
                multialignment="right" if lang == "ar" else ha)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(n - 0.45, -0.6)
    ax.yaxis.set_visible(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#f0f0f0", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_title(label("title.dushanbe-process-timeline", lang).format(first=first.year, last=last.year))
    if lang == "ar":
        ax.invert_xaxis()
    fig.tight_layout()
    return fig, drawn
