"""Timeline: four stages with organisers, Kuwait the only one abroad, relative dates resolved, nothing after 2024."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import paths, report  # noqa: E402
from analysis import timeline as T  # noqa: E402

END_2024 = pd.Timestamp("2024-12-31")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _frame(package, through_year=2024):
    return T.stage_frame(package.stages, package.stage_organisers, package.actors, through_year)


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
    f = T.stage_frame(moved, package.stage_organisers, package.actors)
    assert list(f.loc[f["first_outside_tajikistan"], "stage"]) == [2]
    assert list(f.loc[f["outside_tajikistan"], "stage"]) == [2, 4]


def test_seed_corroboration_names_the_years_of_the_dushanbe_stages(package):
    f = _frame(package).set_index("stage")
    assert f["seed_gives_year"].to_dict() == {1: True, 2: True, 3: True, 4: False}


def test_no_stage_or_event_after_2024(package):
    assert (package.stages["start_date"] <= END_2024).all()
    assert (package.stages["end_date"] <= END_2024).all()
    ev = T.events_frame(package.events, through_year=2100)
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
    d = T.day_scale(package.events, package.sources, package.stages).set_index("event_id")
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
    d = T.day_scale(bad, package.sources, package.stages).set_index("event_id")
    assert not d.at["opening-session", "agrees"]
    assert d.drop(index="opening-session")["agrees"].all()


def test_only_the_next_day_reading_fits_the_stage(package):
    c = T.reference_candidates(package.events, package.sources, package.stages)
    stamp = c[c["reading"] == "timestamp date"].set_index("event_id")
    assert stamp.at["opening-session", "resolved"] == pd.Timestamp("2024-11-03")
    assert not stamp.at["opening-session", "within_stage"]
    verdict = T.reference_verdict(c).set_index("reading")["consistent"].to_dict()
    assert verdict == {"timestamp date": False, "next day (print edition)": True}


@pytest.mark.parametrize("year, stages", [(2018, [1]), (2019, [1, 2]), (2022, [1, 2, 3]), (2024, [1, 2, 3, 4]),
                                          (2030, [1, 2, 3, 4])])
def test_through_year_leaves_out_later_stages(package, year, stages):
    assert list(_frame(package, year)["stage"]) == stages
    assert list(T.timeline_data(_frame(package, year))["stage"]) == stages
    years = T.organiser_matrix(package.stage_organisers, package.actors, package.stages, year).columns
    assert all(int(y) <= year for y in years)


@pytest.mark.parametrize("value", [2017, 1999, "2024", 2024.0, True, None])
def test_through_year_must_be_a_whole_year_from_2018(package, value):
    with pytest.raises(ValueError, match="through_year must be a whole year"):
        _frame(package, value)


def test_timeline_data_has_the_columns_drawn(package):
    en = T.timeline_data(_frame(package), "en")
    assert {"stage", "start_date", "end_date", "city", "title", "outcome_document", "source_id"} <= set(en.columns)
    assert en.iloc[-1]["city"] == "Kuwait City" and en.iloc[-1]["start_date"] == "2024-11-04"
    ar = T.timeline_data(_frame(package), "ar")
    assert ar.iloc[-1]["city"] == "مدينة الكويت"
    assert ar["label"].str.contains("[\u0600-\u06FF]").all()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_timeline_figure_runs_right_to_left_in_arabic(package, lang):
    fig, drawn = T.timeline_figure(_frame(package), lang)
    ax = fig.axes[0]
    assert ax.xaxis_inverted() == (lang == "ar")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert (T.label("first_outside", lang)) in texts
    assert len(drawn) == 4


def test_notebook_parameters():
    declared = report.declared_parameters(paths.NOTEBOOKS_DIR / "03-dushanbe-timeline.ipynb")
    assert declared == {"lang": "en", "through_year": 2024}
