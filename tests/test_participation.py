"""Participation: one unit per table and figure, bounds kept as bounds, checks that can fail, sources kept apart."""

from __future__ import annotations

import dataclasses

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Annotation

from analysis import bounds, paths, report
from analysis import participation as P
from analysis.errors import DataError
from analysis.plots import participation as PP

SEED_ID = "kuna-alrai-2024-11-04"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def seed(package):
    """The seed's source record; its stage comes from sources.csv."""
    return package.source(SEED_ID)


def _verdicts(checks: pd.DataFrame) -> dict[str, str]:
    return dict(zip(checks["check"], checks["verdict"]))


def _edit(df: pd.DataFrame, figure_id: str, **values) -> pd.DataFrame:
    out = df.copy()
    idx = out.index[out["figure_id"] == figure_id]
    assert len(idx) == 1, figure_id
    for col, value in values.items():
        out.loc[idx, col] = value
    return out


def _comp(package, seed, lang="en"):
    return P.composition(package, SEED_ID, seed["stage"], lang)


def _checks(participation, seed):
    return P.consistency_checks(participation, SEED_ID, seed["stage"])


# ---------------------------------------------------------------- composition and bounds


def test_the_stage_comes_from_the_source(seed):
    assert seed["stage"] == 4


def test_composition_is_split_by_unit(package, seed):
    comp = _comp(package, seed)
    assert [u for u in P.UNITS if len(P.unit_rows(comp, u))] == ["person", "organization"]
    people, orgs = P.unit_rows(comp, "person"), P.unit_rows(comp, "organization")
    assert set(people["category"]) == {"participants", "ministers"}
    assert set(orgs["category"]) == {"un_agencies", "intl_regional_orgs", "civil_society_orgs", "organizations_total"}
    for unit, table in (("person", people), ("organization", orgs)):
        assert set(table["unit"]) == {unit}
    # the subheading sits next to the body of the same category
    assert list(zip(people["category"], people["location"])) == [
        ("participants", "body"),
        ("participants", "headline"),
        ("ministers", "body"),
        ("ministers", "headline"),
    ]


def test_more_than_450_is_a_lower_bound_not_450(package, seed):
    comp = _comp(package, seed).set_index("figure_id")
    row = comp.loc["kw-participants"]
    assert (row["bound"], row["lower"], row["display"]) == ("lower_bound", 450, "> 450")
    assert pd.isna(row["upper"])
    head = comp.loc["kw-participants-headline"]
    assert (head["bound"], head["lower"], head["upper"], head["display"]) == ("exact", 450, 450, "450")
    assert _comp(package, seed, "ar").set_index("figure_id").at["kw-participants", "display"] == "أكثر من 450"


def test_unstated_count_is_not_stated_never_zero(package, seed):
    row = _comp(package, seed).set_index("figure_id").loc["kw-un-agencies"]
    assert row["bound"] == "not_stated"
    assert pd.isna(row["count"]) and pd.isna(row["lower"]) and pd.isna(row["upper"])
    assert row["display"] == "not stated"
    assert bounds.display_value(pd.NA, "unspecified", "ar", package.labels) == "غير مذكور"
    assert (
        bounds.display_value(pd.NA, "unspecified", "en", package.labels, "several hundred")
        == "“several hundred”: no number"
    )


def test_a_count_with_qualifier_unspecified_is_refused():
    with pytest.raises(ValueError, match="unspecified"):
        bounds.bound_of(12, "unspecified")


def test_a_contradictory_row_is_reported_in_the_file_it_came_from(package, seed, tmp_path):
    bad = _edit(package.participation, "kw-ministers", qualifier="unspecified")
    elsewhere = dataclasses.replace(package, participation=bad, data_dir=tmp_path)
    with pytest.raises(DataError) as caught:
        P.composition(elsewhere, SEED_ID, seed["stage"])
    line = int(package.participation.index[package.participation["figure_id"] == "kw-ministers"][0]) + 2
    assert str(caught.value).startswith(f"{tmp_path / 'participation.csv'}:{line}:count: kw-ministers:")


def test_a_source_without_figures_gets_empty_tables_and_one_line_notes(package):
    other = "zawya-2024-11-06"
    assert package.source(other)["stage"] is None
    assert P.composition(package, other, None).empty
    assert P.consistency_checks(package.participation, other, None).empty
    assert P.cross_source_table(package, other, None).empty
    note = P.or_note(P.composition(package, other, None), "participation figures", other, None)
    assert note.shape == (1, 1) and other in note.at[0, "note"]
    # a source with a stage but no rows of its own: nothing of its own to draw or check
    staged = P.composition(package, "kuna-en-menafn-2024-11-04", 3)
    assert staged.empty and list(staged.columns[:3]) == ["figure_id", "stage", "unit"]
    assert P.note_if_empty(staged, "figures of people", "kuna-en-menafn-2024-11-04", 3).at[0, "note"] == (
        "no figures of people from kuna-en-menafn-2024-11-04 for stage 3"
    )
    assert P.note_if_empty(_comp(package, package.source(SEED_ID)), "figures", SEED_ID, 4) is None


# ---------------------------------------------------------------- checks


def test_checks_on_the_seed(package, seed):
    checks = _checks(package.participation, seed)
    assert list(checks.columns[:4]) == ["check", "expected", "observed", "verdict"]
    v = _verdicts(checks)
    assert v["organisations: body parts add up to the subheading's total"] == "pass"
    assert v["ministers within participants (body)"] == "pass"
    assert v["ministers within participants (subheading)"] == "pass"
    assert v["participants: subheading restates the body"] == "differs in qualifier"
    assert v["ministers: subheading restates the body"] == "pass"
    assert v["every count is in its evidence span"] == "pass"
    org = checks.set_index("check").loc["organisations: body parts add up to the subheading's total"]
    assert org["observed"] == "23 + 13 = 36 (body)" and "un_agencies" in org["note"]


def test_checks_fail_with_14_civil_society_organisations(package, seed):
    bad = _edit(package.participation, "kw-civil-society-orgs", count=14)
    checks = _checks(bad, seed).set_index("check")
    org = checks.loc["organisations: body parts add up to the subheading's total"]
    assert org["verdict"] == "fail" and org["observed"] == "23 + 14 = 37 (body)"
    # 14 is not what the text says: the span check names the row
    spans = checks.loc["every count is in its evidence span"]
    assert spans["verdict"] == "fail" and "kw-civil-society-orgs" in spans["note"]
    # the real table is untouched
    assert _verdicts(_checks(package.participation, seed))[org.name] == "pass"


def test_more_ministers_than_participants(package, seed):
    bad = _edit(_edit(package.participation, "kw-ministers", count=500), "kw-ministers-headline", count=500)
    v = _verdicts(_checks(bad, seed))
    assert v["ministers within participants (subheading)"] == "fail"  # 500 > exactly 450
    assert v["ministers within participants (body)"] == "undetermined"  # "more than 450" allows 500


def test_subheading_with_another_number_fails_and_same_qualifier_passes(package, seed):
    other = _edit(package.participation, "kw-participants-headline", count=480)
    assert _verdicts(_checks(other, seed))["participants: subheading restates the body"] == "fail"
    same = _edit(package.participation, "kw-participants-headline", qualifier="more_than")
    assert _verdicts(_checks(same, seed))["participants: subheading restates the body"] == "pass"


def test_missing_total_cannot_be_checked(package, seed):
    without = package.participation[package.participation["figure_id"] != "kw-organizations-total-headline"]
    v = _verdicts(_checks(without, seed))
    assert v["organisations: body parts add up to the subheading's total"] == "cannot check"


# ---------------------------------------------------------------- other sources


def _cross(package, seed, **kw):
    return P.cross_source_table(package, SEED_ID, seed["stage"], **kw)


def test_cross_source_table_keeps_each_disagreeing_figure_with_who_said_it(package, seed):
    t = _cross(package, seed)
    kw = t[t["stage"] == 4]

    def find(category, said_by, count, qualifier):
        rows = kw[(kw["category"] == category) & (kw["said_by"] == said_by) & (kw["qualifier"] == qualifier)]
        rows = rows[rows["count"].isna()] if count is None else rows[rows["count"] == count]
        assert len(rows) >= 1, (category, said_by, count, qualifier)
        return rows.iloc[0]

    assert find("participants", "kuna", 450, "more_than")["display"] == "> 450"
    assert find("participants", "vladimir-voronkov", 480, "more_than")["said_by_name"] == "Vladimir Voronkov"
    unrcca = find("participants", "unrcca", None, "unspecified")
    assert unrcca["evidence"] == "several hundred" and unrcca["bound"] == "not_stated"
    assert find("countries", "vladimir-voronkov", 92, "approximately")["source_id"] == "zawya-2024-11-06"
    assert find("countries_invited", "vladimir-voronkov", 115, "exact")["outlet"] == "Zawya"
    assert kw[kw["category"] == "participants"]["disagrees"].all()
    # nothing averaged or invented: every count shown is one a source gave
    assert set(t["count"].dropna()) <= set(package.participation["count"].dropna())
    assert len(t) == len(package.participation)


def test_without_secondary_only_the_seed_speaks(package, seed):
    t = _cross(package, seed, include_secondary=False)
    assert set(t["source_id"]) == {SEED_ID} and set(t["stage"]) == {4}
    assert t[t["category"] == "participants"]["disagrees"].all()  # body vs subheading still differ


def test_earlier_stages_come_as_context(package, seed):
    t = _cross(package, seed)
    assert list(dict.fromkeys(t["stage"])) == [4, 3, 2, 1]
    assert t.iloc[0]["source_id"] == SEED_ID


def test_the_invited_countries_ride_on_the_row_they_qualify(package, seed):
    rows = P.source_figure_rows(_cross(package, seed))
    assert set(rows["category"]) <= set(P.SOURCE_FIGURE_CATEGORIES) | set(P.OUTLINE_OF)
    outline = rows.index[rows["outline"]]
    assert len(outline) == 1 and rows.at[outline[0], "count"] == 115
    assert rows.at[outline[0] - 1, "count"] == 92 and not rows.at[outline[0] - 1, "outline"]
    assert list(dict.fromkeys(rows["unit"])) == ["person", "organization", "country", "delegation"]


# ---------------------------------------------------------------- figures


def _people(package, seed, lang="en"):
    return PP.people_figure(P.unit_rows(_comp(package, seed, lang), "person"), seed, lang, package.labels)


def _organizations(package, seed, lang="en"):
    return PP.organizations_figure(P.unit_rows(_comp(package, seed, lang), "organization"), seed, lang, package.labels)


def _sources(package, seed, lang="en", **kw):
    return PP.sources_figure(P.source_figure_rows(_cross(package, seed, lang=lang, **kw)), lang, package.labels)


def test_people_figure_draws_people_only_with_the_bound_as_an_arrow(package, seed):
    plot = _people(package, seed)
    drawn = plot.data
    assert plot.figure_id == "participation-people" and plot.sources == [SEED_ID]
    assert set(drawn["unit"]) == {"person"}
    assert {"count", "unit", "qualifier", "source_id", "said_by"} <= set(drawn.columns)
    ax = plot.fig.axes[0]
    arrows = [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]
    assert len(arrows) == (drawn["bound"] == "lower_bound").sum() == 1
    assert "> 450" in [t.get_text() for t in ax.texts]


def test_organisations_figure_gives_the_unstated_count_a_slot_not_a_bar(package, seed):
    plot = _organizations(package, seed)
    drawn = plot.data
    assert set(drawn["unit"]) == {"organization"}
    ax = plot.fig.axes[0]
    assert len(ax.containers) == drawn["count"].notna().sum() == 3  # one bar per stated count
    assert "not stated" in [t.get_text() for t in ax.texts]
    assert "0" not in [t.get_text() for t in ax.texts]


def test_an_empty_unit_is_not_drawn(package, seed):
    countries = P.unit_rows(_comp(package, seed), "country")
    assert countries.empty
    with pytest.raises(ValueError, match="no person figures"):
        PP.people_figure(countries, seed, "en", package.labels)


def test_sources_figure_one_panel_per_unit(package, seed):
    plot = _sources(package, seed)
    drawn = plot.data
    units = list(dict.fromkeys(drawn["unit"]))
    assert [ax.get_title(loc="left") for ax in plot.fig.axes] == [package.labels(f"unit.{u}", "en") for u in units]
    assert {"count", "unit", "qualifier", "source_id", "said_by"} <= set(drawn.columns)
    assert {480, 92, 115} <= set(drawn["count"].dropna())
    assert "outline" not in drawn.columns
    assert plot.sources == sorted(set(drawn["source_id"]))


def test_sources_figure_geometry_is_the_same_on_every_python(package, seed):
    # the panels' heights (10.2, 6.2, 5.2, 2.2) added one by one from the left, as Python 3.11's sum() does:
    # 3.12's compensated sum() gives 23.8, and the figure and its gridspec rows (which matplotlib divides by
    # sum(height_ratios)) moved in the last bit, changing the SVG clip ids and the PDF bytes
    fig = _sources(package, seed).fig
    assert fig.get_size_inches()[1] == 0.36 * 23.799999999999997 + 1.3 == 9.867999999999999
    ratios = fig.axes[0].get_subplotspec().get_gridspec().get_height_ratios()
    assert sum(ratios) == 23.799999999999997


def test_arabic_figures_run_right_to_left(package, seed):
    ax = _organizations(package, seed, "ar").fig.axes[0]
    assert ax.xaxis_inverted() and ax.yaxis.get_ticks_position() == "right"
    assert "غير مذكور" in [t.get_text() for t in ax.texts]
    legend = ax.figure.legends[0]
    # reading order from the right: the first key (exact count) is the rightmost entry
    names = [t.get_text() for t in legend.get_texts() if t.get_text()]
    assert names[-1] == package.labels("legend.exact", "ar")


def test_arabic_sources_figure_names_the_embassy_from_actors(package, seed):
    plot = _sources(package, seed, "ar")
    names = [t.get_text() for ax in plot.fig.axes for t in ax.get_yticklabels()]
    assert any("سفارة جمهورية طاجيكستان في النمسا" in n for n in names)


# ---------------------------------------------------------------- titles and captions


def test_titles_and_captions_are_computed_from_the_rows_drawn(package, seed):
    people = _people(package, seed)
    assert people.title == "Kuwait stage: people taking part, as the KUNA report states them"
    assert people.caption == (
        "Participants (more than 450: a lower bound, drawn as a bar to 450 with an open arrow) and ministers of "
        "member states (33), counted among them, in the body and the subheading of the KUNA report (Al-Rai, "
        "4 Nov 2024)."
    )
    orgs = _organizations(package, seed)
    assert orgs.caption == (
        "UN specialised agencies (named, no count: not stated), international and regional organisations (23) and "
        "civil-society organisations (13) in the body of the KUNA report, and the subheading's total of 36 "
        "organisations."
    )
    assert _people(package, seed, "ar").title == "مرحلة الكويت: المشاركون من الأشخاص كما يذكرهم تقرير كونا"
    assert "36" in _organizations(package, seed, "ar").caption


def test_captions_follow_edited_figures(package, seed):
    edited = _edit(
        _edit(package.participation, "kw-civil-society-orgs", count=14), "kw-organizations-total-headline", count=37
    )
    other = dataclasses.replace(package, participation=edited)
    comp = P.composition(other, SEED_ID, seed["stage"])
    caption = PP.organizations_figure(P.unit_rows(comp, "organization"), seed, "en", package.labels).caption
    assert "civil-society organisations (14)" in caption and "total of 37 organisations" in caption
    # without the ministers, nothing is "counted among them"
    no_ministers = dataclasses.replace(package, participation=edited[edited["category"] != "ministers"])
    rows = P.unit_rows(P.composition(no_ministers, SEED_ID, seed["stage"]), "person")
    caption = PP.people_figure(rows, seed, "en", package.labels).caption
    assert "counted among them" not in caption and caption.startswith("Participants (more than 450")


def test_sources_caption_names_the_kinds_of_figure_drawn(package, seed):
    everything = _sources(package, seed).caption
    assert "the Dushanbe-process stages" in everything and "approximate figures" in everything
    own = _sources(package, seed, include_secondary=False).caption
    assert "the Kuwait stage" in own and "approximate" not in own and "without a number" not in own


def test_notebook_parameters():
    declared = report.declared_parameters(paths.NOTEBOOKS_DIR / "02-participation-composition.ipynb")
    assert declared == {
        "source_id": SEED_ID,
        "lang": "en",
        "include_secondary": True,
        "figures_dir": None,
        "data_dir": None,
    }
