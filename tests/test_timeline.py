"""Timeline: four stages with organisers, Kuwait the only one abroad, relative dates resolved, nothing after 2024;
the day-scale tables follow the chosen source and its stage."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import paths, report
from analysis import timeline as T
from analysis.plots import timeline as P

END_2024 = pd.Timestamp("2024-12-31")
#: The source the day-scale tests read, and the stage it reports on (its `stage` in sources.csv).
SEED = "kuna-alrai-2024-11-04"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _frame(package, through_year=2024):
    return T.stage_frame(package.stages, package.stage_organisers, package.actors, through_year)


def _day_scale(package, events=None, source_id=SEED):
    stage = package.source(source_id)["stage"]
    return T.day_scale(package.events if events is None else events, package.sources, package.stages, source_id, stage)


def test_four_stages_each_with_organisers(package):
    f = _frame(package)
    assert list(f["stage"]) == [1, 2, 3, 4]
    assert list(f["city_en"]) == ["Dushanbe", "Dushanbe", "Dushanbe", "Kuwait City"]
    assert f["host"].notna().all() and f["co_organisers"].notna().all()
    kw = f.set_index("stage").loc[4]
    assert kw["host"] == "State of Kuwait"
    assert kw["co_organisers"] == "Republic of Tajikistan; United Nations Office of Counter-Terrorism"
    assert f.set_index("stage").at[1, "supporters"] == "State of Qatar"
    assert (f["days"] == 2).all()


def test_kuwait_is_the_only_and_first_stage_outside_tajikistan(package):
    f = _frame(package)
    assert list(f.loc[f["outside_tajikistan"], "stage"]) == [4]
    assert list(f.loc[f["first_outside_tajikistan"], "stage"]) == [4]


def test_first_outside_is_computed_not_assumed(package):
    moved = package.stages.copy()
    moved.loc[moved["stage"] == 2, "country_en"] = "Austria"
    f = T.stage_frame(moved, package.stage_organisers, package.actors, 2024)
    assert list(f.loc[f["first_outside_tajikistan"], "stage"]) == [2]
    assert list(f.loc[f["outside_tajikistan"], "stage"]) == [2, 4]


def test_seed_corroboration_names_the_years_of_the_dushanbe_stages(package):
    f = _frame(package).set_index("stage")
    assert f["seed_gives_year"].to_dict() == {1: True, 2: True, 3: True, 4: False}


def test_no_stage_or_event_after_2024(package):
    assert (package.stages["start_date"] <= END_2024).all()
    assert (package.stages["end_date"] <= END_2024).all()
    ev = T.events_frame(package.events, package.stages, through_year=2100)
    assert len(ev) == len(package.events)
    assert (ev["year"] <= 2024).all()
    assert (ev["day"].dropna() <= END_2024).all()


@pytest.mark.parametrize("expression, expected", [("أمس", "2024-11-04"), ("اليوم", "2024-11-05")])
def test_relative_words_resolve_from_the_print_edition(expression, expected):
    assert T.resolve_relative(expression, "2024-11-05") == pd.Timestamp(expected)


def test_unknown_relative_word_is_refused():
    with pytest.raises(ValueError, match="unknown relative expression"):
        T.resolve_relative("قبل أسبوع", "2024-11-05")


def test_day_scale_rederives_every_date(package):
    assert package.source(SEED)["stage"] == 4  # the stage is the source's, read from sources.csv
    d = _day_scale(package).set_index("event_id")
    assert d.at["opening-session", "derived"] == pd.Timestamp("2024-11-04")
    assert d.at["closing-session", "derived"] == pd.Timestamp("2024-11-05")
    assert d.at["publication", "derived"] == pd.Timestamp("2024-11-04")
    assert d.at["publication", "time"] == "22:00 +0300"
    assert d["agrees"].all() and d["within_stage"].all()
    # in time order: the opening session, then the 22:00 timestamp, then the close
    assert list(d.index[:3]) == ["opening-session", "publication", "closing-session"]


def test_day_scale_catches_a_wrong_stored_date(package):
    bad = package.events.copy()
    bad.loc[bad["event_id"] == "opening-session", "date"] = "2024-11-03"
    d = _day_scale(package, bad).set_index("event_id")
    assert not d.at["opening-session", "agrees"]
    assert d.drop(index="opening-session")["agrees"].all()


def test_only_the_next_day_reading_fits_the_stage(package):
    c = T.reference_candidates(package.events, package.sources, package.stages, SEED, package.source(SEED)["stage"])
    stamp = c[c["reading"] == "timestamp date"].set_index("event_id")
    assert stamp.at["opening-session", "resolved"] == pd.Timestamp("2024-11-03")
    assert not stamp.at["opening-session", "within_stage"]
    verdict = T.reference_verdict(c).set_index("reading")["consistent"].to_dict()
    assert verdict == {"timestamp date": False, "next day (print edition)": True}


@pytest.mark.parametrize(
    "year, stages", [(2018, [1]), (2019, [1, 2]), (2022, [1, 2, 3]), (2024, [1, 2, 3, 4]), (2030, [1, 2, 3, 4])]
)
def test_through_year_leaves_out_later_stages(package, year, stages):
    assert list(_frame(package, year)["stage"]) == stages
    assert list(T.timeline_data(_frame(package, year), "en", package.labels)["stage"]) == stages
    years = T.organiser_matrix(package.stage_organisers, package.actors, package.stages, year).columns
    assert all(int(y) <= year for y in years)


@pytest.mark.parametrize("value", [2017, 1999, "2024", 2024.0, True, None])
def test_through_year_must_be_a_whole_year_from_2018(package, value):
    with pytest.raises(ValueError, match="through_year must be a whole year"):
        _frame(package, value)


def test_timeline_data_has_the_columns_drawn(package):
    en = T.timeline_data(_frame(package), "en", package.labels)
    assert {"stage", "start_date", "end_date", "city", "title", "outcome_document", "source_id"} <= set(en.columns)
    assert en.iloc[-1]["city"] == "Kuwait City" and en.iloc[-1]["start_date"] == "2024-11-04"
    ar = T.timeline_data(_frame(package), "ar", package.labels)
    assert ar.iloc[-1]["city"] == "مدينة الكويت"
    assert ar["label"].str.contains("[\u0600-\u06ff]").all()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_timeline_figure_runs_right_to_left_in_arabic(package, lang):
    plot = P.timeline_figure(_frame(package), lang, package.labels)
    ax = plot.fig.axes[0]
    assert ax.xaxis_inverted() == (lang == "ar")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert package.labels("first_outside", lang) in texts
    assert len(plot.data) == 4
    assert plot.figure_id == "dushanbe-process-timeline"
    assert plot.data.columns.tolist() == T.DRAWN_COLUMNS


@pytest.mark.parametrize(
    "lang, title, city, dates",
    [
        ("en", "Stages of the Dushanbe Counter-Terrorism Process, 2018–2024", "Kuwait City", "4–5 November 2024"),
        ("ar", "مراحل مسار دوشنبه لمكافحة الإرهاب من 2018 إلى 2024", "مدينة الكويت", "4 و5 نوفمبر 2024"),
    ],
)
def test_title_and_caption_are_computed_from_the_stages_drawn(package, lang, title, city, dates):
    plot = P.timeline_figure(_frame(package), lang, package.labels)
    assert plot.title == title
    abroad = package.labels("caption.dushanbe-process-timeline.first_outside", lang).format(city=city, dates=dates)
    assert plot.caption.endswith(" " + abroad) and "2018" in plot.caption and "2024" in plot.caption
    assert plot.sources == [
        "dushanbeconf2019-about",
        "dushanbectprocess-conf-2022",
        "kuna-alrai-2024-11-04",
        "tajikembassy-at-2018-05-08",
        "unrcca-newscentralasia-2024-11-06",
    ]
    early = P.timeline_figure(_frame(package, 2019), lang, package.labels)
    assert "2019" in early.title and "2024" not in early.title
    assert early.caption.endswith(package.labels("caption.dushanbe-process-timeline.all_home", lang))


@pytest.mark.parametrize(
    "start, end, lang, expected",
    [
        ("2018-05-03", "2018-05-04", "en", "3–4 May 2018"),
        ("2018-05-03", "2018-05-04", "ar", "3 و4 مايو 2018"),
        ("2024-11-04", "2024-11-04", "en", "4 November 2024"),
        ("2024-10-31", "2024-11-01", "ar", "31 أكتوبر – 1 نوفمبر 2024"),
    ],
)
def test_date_ranges_keep_digits_apart_in_arabic(package, start, end, lang, expected):
    assert P.date_range(pd.Timestamp(start), pd.Timestamp(end), lang, package.labels) == expected


def test_a_source_without_a_stage_has_an_empty_day_scale_and_says_why(package):
    other = package.sources.loc[package.sources["stage"].isna(), "source_id"].iloc[0]
    d = _day_scale(package, source_id=other)
    assert d.empty and d.columns.tolist() == T.DAY_SCALE_COLUMNS
    c = T.reference_candidates(package.events, package.sources, package.stages, other, None)
    assert c.empty and T.reference_verdict(c).empty
    shown = T.shown(d, T.gap_note(other, None, "day-dated events"))
    note = shown.iloc[0]["note"]
    assert shown.columns.tolist() == ["note"] and other in note and "reports on no stage" in note


def test_a_source_without_events_at_its_stage_says_so(package):
    d = T.day_scale(package.events, package.sources, package.stages, SEED, 2)
    assert d.empty
    assert T.gap_note(SEED, 2, "day-dated events") == f"Source {SEED} has no day-dated events at stage 2."
    assert T.shown(_day_scale(package), "unused").equals(_day_scale(package))


def test_the_source_timestamp_falls_on_the_first_day_of_its_stage(package):
    row = T.source_and_stage(package.sources, package.stages, SEED).iloc[0]
    assert row["stage"] == 4 and row["city"] == "Kuwait City"
    assert row["published"] == "2024-11-04T22:00:00+03:00" and row["published_on"] == "day 1 of 2"


def test_notebook_parameters():
    declared = report.declared_parameters(paths.NOTEBOOKS_DIR / "03-dushanbe-timeline.ipynb")
    assert declared == {"source_id": SEED, "lang": "en", "through_year": 2024, "figures_dir": None, "data_dir": None}
