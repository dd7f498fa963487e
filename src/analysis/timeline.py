"""The stages of the Dushanbe process on a date axis, and one source's stage at day scale.

Process-wide tables (every stage, every dated event) come from ``stages.csv`` joined with their
organisers and their corroboration. A source is then read day by day at the stage it reports on
(its ``stage`` in ``sources.csv``): its publication timestamp is kept apart from the dates it
speaks of, and its relative words (أمس, اليوم) are resolved again here from each event's
``reference_date``, with the reasoning that fixes that date. Nothing after the last stage in the
data is claimed. Every function returns a DataFrame; drawing is :mod:`analysis.plots.timeline`.

Usage::

    >>> from analysis import data, timeline
    >>> pkg = data.load_package()
    >>> timeline.resolve_relative("أمس", "2024-11-05").date()
    datetime.date(2024, 11, 4)
    >>> stages = timeline.stage_frame(pkg.stages, pkg.stage_organisers, pkg.actors, 2022)
    >>> stages["stage"].tolist(), stages["city_en"].iloc[-1]
    ([1, 2, 3], 'Dushanbe')
    >>> timeline.check_through_year(2017, first_year=2018)
    Traceback (most recent call last):
    ...
    ValueError: through_year must be a whole year from 2018 (the first stage) on, got 2017
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels

HOME_COUNTRY = "Tajikistan"
#: Which day of the stage an event must fall on (the declaration was announced for the close).
EXPECTED_DAY = {"opening-session": "start", "closing-session": "end", "kuwait-declaration-adopted": "end"}
#: Day offsets of the relative expressions the sources use (and their common variants).
RELATIVE_DAYS = {"أمس": -1, "الأمس": -1, "اليوم": 0, "غداً": 1, "غدا": 1}
#: The event that records a source's own publication is ``publication`` or ``publication-<anything>``
#: (event ids are unique across sources); its row carries the printed time.
PUBLICATION_EVENT = "publication"
#: The columns of :func:`day_scale`, also when there is nothing to show.
DAY_SCALE_COLUMNS = [
    "event_id",
    "description",
    "expression",
    "date_basis",
    "reference_date",
    "stored",
    "derived",
    "agrees",
    "time",
    "within_stage",
    "reasoning",
]
CANDIDATE_COLUMNS = ["reading", "reference_date", "event_id", "expression", "resolved", "within_stage", "fits"]
#: The columns of :func:`timeline_data`: exactly what the timeline figure writes as its CSV.
DRAWN_COLUMNS = ["stage", "start_date", "end_date", "city", "title", "label", "outcome_document", "source_id"]


# ---------------------------------------------------------------- parameters


def first_stage_year(stages: pd.DataFrame) -> int:
    """The year the earliest stage in the data began."""
    return int(stages["start_date"].min().year)


def check_through_year(value, first_year: int) -> int:
    """``value`` as the last year to show; ValueError unless it is a whole year >= ``first_year``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < first_year:
        raise ValueError(f"through_year must be a whole year from {first_year} (the first stage) on, got {value!r}")
    return value


# ---------------------------------------------------------------- the stages (process-wide)


def _names(actors: pd.DataFrame) -> dict[str, str]:
    return dict(zip(actors["actor_id"], actors["name_en"]))


def _organisers_by_stage(organisers: pd.DataFrame, actors: pd.DataFrame, role: str) -> pd.Series:
    names = _names(actors)
    return (
        organisers[organisers["role"] == role]
        .groupby("stage")["actor_id"]
        .agg(lambda ids: "; ".join(names.get(i, i) for i in ids))
    )


def stage_frame(
    stages: pd.DataFrame, organisers: pd.DataFrame, actors: pd.DataFrame, through_year: int
) -> pd.DataFrame:
    """One row per stage up to ``through_year``: dates, place, titles, outcome, sources, organisers.

    Adds ``days`` (inclusive), ``host``/``co_organisers``/``supporters`` (names, '; '-joined),
    ``organiser_sources``, ``seed_gives_year`` (the corroborating span names the stage's year),
    ``outside_tajikistan`` and ``first_outside_tajikistan``.
    """
    import pandas as pd

    through_year = check_through_year(through_year, first_stage_year(stages))
    out = stages[stages["start_date"].dt.year <= through_year].sort_values("start_date").copy()
    out["days"] = ((out["end_date"] - out["start_date"]).dt.days + 1).astype("Int64")
    for role, col in (("host", "host"), ("co_organiser", "co_organisers"), ("supporter", "supporters")):
        out[col] = out["stage"].map(_organisers_by_stage(organisers, actors, role)).astype("string")
    srcs = organisers.groupby("stage")["source_id"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    out["organiser_sources"] = out["stage"].map(srcs).astype("string")
    out["seed_gives_year"] = [
        pd.notna(ev) and str(d.year) in ev for d, ev in zip(out["start_date"], out["corroboration_evidence"])
    ]
    out["outside_tajikistan"] = (out["country_en"] != HOME_COUNTRY).astype(bool)
    # "first": no earlier stage (by start date, all stages in the data) was held outside Tajikistan
    earlier_abroad = out["outside_tajikistan"].cumsum().shift(fill_value=0) > 0
    out["first_outside_tajikistan"] = out["outside_tajikistan"] & ~earlier_abroad
    cols = [
        "stage",
        "start_date",
        "end_date",
        "days",
        "city_en",
        "city_ar",
        "country_en",
        "title_en",
        "title_ar",
        "outcome_document_en",
        "host",
        "co_organisers",
        "supporters",
        "source_id",
        "evidence",
        "organiser_sources",
        "corroborated_by",
        "corroboration_evidence",
        "seed_gives_year",
        "outside_tajikistan",
        "first_outside_tajikistan",
    ]
    return out[cols].reset_index(drop=True)


def organiser_matrix(
    organisers: pd.DataFrame, actors: pd.DataFrame, stages: pd.DataFrame, through_year: int
) -> pd.DataFrame:
    """Organisers (rows) by stage year (columns): each cell the actor's role, empty where none."""
    through_year = check_through_year(through_year, first_stage_year(stages))
    years = stages.set_index("stage")["start_date"].dt.year
    keep = organisers[organisers["stage"].map(years) <= through_year]
    names = _names(actors)
    table = keep.assign(organiser=keep["actor_id"].map(lambda a: names.get(a, a)), year=keep["stage"].map(years)).pivot(
        index="organiser", columns="year", values="role"
    )
    # most stages first, then by name: the standing partners on top
    order = table.notna().sum(axis=1).rename("n").to_frame().assign(name=table.index)
    table = table.loc[order.sort_values(["n", "name"], ascending=[False, True]).index]
    table.columns = [str(c) for c in table.columns]
    table.columns.name = None
    return table.fillna("").astype("string")


def events_frame(events: pd.DataFrame, stages: pd.DataFrame, through_year: int) -> pd.DataFrame:
    """Dated events up to ``through_year``; ``day`` is the date at day precision (NaT for year-only dates)."""
    import pandas as pd

    through_year = check_through_year(through_year, first_stage_year(stages))
    out = events.copy()
    out["year"] = out["date"].str.slice(0, 4).astype(int).astype("Int64")
    out["day"] = pd.to_datetime(out["date"].where(out["date_precision"] == "day"), format="%Y-%m-%d")
    out = out[out["year"] <= through_year]
    return out.sort_values(["year", "day", "event_id"], na_position="first").reset_index(drop=True)


def stage_sources(frame: pd.DataFrame) -> list[str]:
    """The sources of the stages' dates and of their corroboration, sorted."""
    return sorted(set(frame["source_id"]) | set(frame["corroborated_by"].dropna()))


# ---------------------------------------------------------------- the words the timeline draws


def short_title(row: dict, lang: str, labels: Labels) -> str:
    """The stage's short title from the labels (``stage_title.<n>``), else its official title shortened."""
    short = labels.get(f"stage_title.{row['stage']}", lang)
    if short is not None:
        return short
    return textwrap.shorten(_official_title(row, lang), 70, placeholder="…")


def _official_title(row: dict, lang: str) -> str:
    """The title in ``lang`` where the data has one, the English one otherwise."""
    title = row.get(f"title_{lang}")
    return title if isinstance(title, str) else row["title_en"]


def timeline_data(frame: pd.DataFrame, lang: str, labels: Labels) -> pd.DataFrame:
    """The numbers and words the timeline draws: stage, dates, city, official title, short label, outcome, source."""
    import pandas as pd

    rows = [
        {
            "stage": r["stage"],
            "start_date": r["start_date"].date().isoformat(),
            "end_date": r["end_date"].date().isoformat(),
            "city": r[f"city_{lang}"],
            "title": _official_title(r, lang),
            "label": short_title(r, lang, labels),
            "outcome_document": r["outcome_document_en"],
            "source_id": r["source_id"],
        }
        for r in frame.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=DRAWN_COLUMNS)


# ---------------------------------------------------------------- one source's stage, day by day


def resolve_relative(expression: str, reference_date) -> pd.Timestamp:
    """The date a relative expression names, read from ``reference_date`` (أمس = the day before)."""
    import pandas as pd

    word = str(expression).strip()
    if word not in RELATIVE_DAYS:
        raise ValueError(f"unknown relative expression {expression!r} (known: {', '.join(RELATIVE_DAYS)})")
    return pd.Timestamp(reference_date).normalize() + pd.Timedelta(days=RELATIVE_DAYS[word])


def publication_timestamp(sources: pd.DataFrame, source_id: str) -> pd.Timestamp:
    """A source's ``published`` value as a timestamp (with its UTC offset when printed with one)."""
    import pandas as pd

    value = sources.set_index("source_id").at[source_id, "published"]
    if pd.isna(value):
        raise ValueError(f"source {source_id!r} has no publication date (its 'published' cell is empty)")
    return pd.Timestamp(value)


def source_and_stage(sources: pd.DataFrame, stages: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """One row: the source's publication timestamp as printed, the stage it reports on, and where in that
    stage (or how many days before or after it) the timestamp's date falls."""
    import pandas as pd

    src = sources.set_index("source_id").loc[source_id]
    row = {
        "source_id": source_id,
        "published": src["published"],
        "stage": src["stage"],
        "city": pd.NA,
        "start_date": pd.NaT,
        "end_date": pd.NaT,
        "published_on": pd.NA,
    }
    if pd.notna(src["stage"]):
        st = stages.set_index("stage").loc[src["stage"]]
        row.update(city=st["city_en"], start_date=st["start_date"], end_date=st["end_date"])
        if pd.notna(src["published"]):
            row["published_on"] = _day_in_stage(pd.Timestamp(src["published"]).tz_localize(None).normalize(), st)
    return pd.DataFrame([row])


def _day_in_stage(day: pd.Timestamp, stage_row) -> str:
    """'day 1 of 2', 'N days before the stage' or 'N days after the stage'."""
    start, end = stage_row["start_date"], stage_row["end_date"]
    if day < start:
        return f"{(start - day).days} day(s) before the stage"
    if day > end:
        return f"{(day - end).days} day(s) after the stage"
    return f"day {(day - start).days + 1} of {(end - start).days + 1}"


def _stage_events(events: pd.DataFrame, source_id: str, stage) -> pd.DataFrame:
    """The source's events at ``stage`` (none when the stage is unknown)."""
    import pandas as pd

    if stage is None or pd.isna(stage):
        return events.iloc[0:0]
    return events[(events["source_id"] == source_id) & events["stage"].eq(stage).fillna(False)]


def _is_publication(event_id: str) -> bool:
    return event_id == PUBLICATION_EVENT or event_id.startswith(PUBLICATION_EVENT + "-")


def _derived(event: dict) -> pd.Timestamp:
    """The event's date read again: as printed, or its relative word resolved from its reference date."""
    import pandas as pd

    if event["date_basis"] == "relative_to_publication":
        return resolve_relative(event["expression"], event["reference_date"])
    return pd.Timestamp(event["date"])


def day_scale(events: pd.DataFrame, sources: pd.DataFrame, stages: pd.DataFrame, source_id: str, stage) -> pd.DataFrame:
    """The source's day-precision events at ``stage`` in time order, each date re-derived from its expression.

    ``stored`` is the date in events.csv; ``derived`` is the explicit date, or the relative
    expression resolved from its ``reference_date``; ``agrees`` compares them. The publication
    row carries the printed time. ``within_stage`` says whether the date falls in the stage's dates.
    Empty (with these columns) when the source has no stage or no such event.
    """
    import pandas as pd

    rows = _stage_events(events, source_id, stage)
    rows = rows[rows["date_precision"] == "day"]
    if rows.empty:
        return pd.DataFrame(columns=DAY_SCALE_COLUMNS)
    st = stages.set_index("stage").loc[stage]
    out = []
    for r in rows.to_dict("records"):
        stored, derived = pd.Timestamp(r["date"]), _derived(r)
        time = publication_timestamp(sources, source_id).strftime("%H:%M %z") if _is_publication(r["event_id"]) else ""
        out.append(
            {
                "event_id": r["event_id"],
                "description": r["description_en"],
                "expression": r["expression"],
                "date_basis": r["date_basis"],
                "reference_date": r["reference_date"],
                "stored": stored,
                "derived": derived,
                "agrees": stored == derived,
                "time": time,
                "within_stage": st["start_date"] <= derived <= st["end_date"],
                "reasoning": r["resolution_note"],
            }
        )
    df = pd.DataFrame(out, columns=DAY_SCALE_COLUMNS)
    # the timestamp sorts at its printed hour, after the day's sessions
    df["_t"] = df["derived"] + pd.to_timedelta(df["time"].str.slice(0, 2).replace("", "0").astype(int), unit="h")
    return df.sort_values(["_t", "event_id"]).drop(columns="_t").reset_index(drop=True)


def reference_candidates(
    events: pd.DataFrame, sources: pd.DataFrame, stages: pd.DataFrame, source_id: str, stage
) -> pd.DataFrame:
    """Which day the source's relative words are read from: each candidate reading, tested against the stage.

    Candidates: the date of the publication timestamp, and the day after (the print edition).
    For each, every relative expression is resolved and compared with the stage's dates: the
    opening session must fall on the first day, the close on the last. Empty (with these columns)
    when the source has no stage or uses no relative word there.
    """
    import pandas as pd

    rel = _stage_events(events, source_id, stage)
    rel = rel[rel["date_basis"] == "relative_to_publication"]
    if rel.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    stamp = publication_timestamp(sources, source_id).tz_localize(None).normalize()
    st = stages.set_index("stage").loc[stage]
    candidates = [("timestamp date", stamp), ("next day (print edition)", stamp + pd.Timedelta(days=1))]
    rows = []
    for name, ref in candidates:
        for r in rel.to_dict("records"):
            resolved = resolve_relative(r["expression"], ref)
            expected = {"start": st["start_date"], "end": st["end_date"]}.get(EXPECTED_DAY.get(r["event_id"], ""))
            within = st["start_date"] <= resolved <= st["end_date"]
            rows.append(
                {
                    "reading": name,
                    "reference_date": ref,
                    "event_id": r["event_id"],
                    "expression": r["expression"],
                    "resolved": resolved,
                    "within_stage": within,
                    "fits": bool(within and (expected is None or resolved == expected)),
                }
            )
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


def reference_verdict(candidates: pd.DataFrame) -> pd.DataFrame:
    """One row per candidate reading: how many resolved dates fit the stage, and whether all do."""
    g = candidates.groupby(["reading", "reference_date"], sort=False)["fits"]
    out = g.agg(fit="sum", events="count").reset_index()
    out["consistent"] = out["fit"] == out["events"]
    return out


# ---------------------------------------------------------------- when there is nothing to read


def gap_note(source_id: str, stage, missing: str) -> str:
    """One line saying why a day-scale table of ``source_id`` is empty (``missing`` names what it lacks)."""
    import pandas as pd

    if stage is None or pd.isna(stage):
        return f"Source {source_id} reports on no stage (its stage in sources.csv is empty)."
    return f"Source {source_id} has no {missing} at stage {stage}."


def shown(frame: pd.DataFrame, note: str) -> pd.DataFrame:
    """``frame``, or, when it is empty, a one-row table holding ``note`` (a notebook shows one line, not nothing)."""
    import pandas as pd

    return frame if len(frame) else pd.DataFrame({"note": [note]})
