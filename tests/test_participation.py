"""Participation: one unit per table and figure, bounds kept as bounds, checks that can fail, sources kept apart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from analysis import participation as P  # noqa: E402
from analysis import paths, report  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _verdicts(checks: pd.DataFrame) -> dict[str, str]:
    return dict(zip(checks["check"], checks["verdict"]))


def _edit(df: pd.DataFrame, figure_id: str, **values) -> pd.DataFrame:
    out = df.copy()
    idx = out.index[out["figure_id"] == figure_id]
    assert len(idx) == 1, figure_id
    for col, value in values.items():
        out.loc[idx, col] = value
    return out


# ---------------------------------------------------------------- composition and bounds

def test_composition_is_split_by_unit(package):
    parts = P.by_unit(P.composition(package.participation))
    assert list(parts) == ["person", "organization"]
    assert set(parts["person"]["category"]) == {"participants", "ministers"}
    assert set(parts["organization"]["category"]) == {"un_agencies", "intl_regional_orgs", "civil_society_orgs",
                                                      "organizations_total"}
    for unit, table in parts.items():
        assert set(table["unit"]) == {unit}


def test_more_than_450_is_a_lower_bound_not_450(package):
    comp = P.composition(package.participation).set_index("figure_id")
    row = comp.loc["kw-participants"]
    assert (row["bound"], row["lower"], row["display"]) == ("lower_bound", 450, "> 450")
    assert pd.isna(row["upper"])
    head = comp.loc["kw-participants-headline"]
    assert (head["bound"], head["lower"], head["upper"], head["display"]) == ("exact", 450, 450, "450")
    assert P.composition(package.participation, lang="ar").set_index("figure_id").at[
        "kw-participants", "display"] == "أكثر من 450"


def test_unstated_count_is_not_stated_never_zero(package):
    row = P.composition(package.participation).set_index("figure_id").loc["kw-un-agencies"]
    assert row["bound"] == "not_stated"
    assert pd.isna(row["count"]) and pd.isna(row["lower"]) and pd.isna(row["upper"])
    assert row["display"] == "not stated"
    assert P.display_value(pd.NA, "unspecified", "ar") == "غير مذكور"
    assert P.display_value(pd.NA, "unspecified", "en", "several hundred") == "“several hundred”: no number"


def test_a_count_with_qualifier_unspecified_is_refused():
    with pytest.raises(ValueError, match="unspecified"):
        P.bound_of(12, "unspecified")


# ---------------------------------------------------------------- checks

def test_checks_on_the_seed(package):
    checks = P.consistency_checks(package.participation)
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


def test_checks_fail_with_14_civil_society_organisations(package):
    bad = _edit(package.participation, "kw-civil-society-orgs", count=14)
    checks = P.consistency_checks(bad).set_index("check")
    org = checks.loc["organisations: body parts add up to the subheading's total"]
    assert org["verdict"] == "fail" and org["observed"] == "23 + 14 = 37 (body)"
    # 14 is not what the text says: the span check names the row
    spans = checks.loc["every count is in its evidence span"]
    assert spans["verdict"] == "fail" and "kw-civil-society-orgs" in spans["note"]
    # the real table is untouched
    assert _verdicts(P.consistency_checks(package.participation))[org.name] == "pass"


def test_more_ministers_than_participants(package):
    bad = _edit(_edit(package.participation, "kw-ministers", count=500), "kw-ministers-headline", count=500)
    v = _verdicts(P.consistency_checks(bad))
    assert v["ministers within participants (subheading)"] == "fail"          # 500 > exactly 450
    assert v["ministers within participants (body)"] == "undetermined"        # "more than 450" allows 500


def test_subheading_with_another_number_fails_and_same_qualifier_passes(package):
    other = _edit(package.participation, "kw-participants-headline", count=480)
    assert _verdicts(P.consistency_checks(other))["participants: subheading restates the body"] == "fail"
    same = _edit(package.participation, "kw-participants-headline", qualifier="more_than")
    assert _verdicts(P.consistency_checks(same))["participants: subheading restates the body"] == "pass"


def test_missing_total_cannot_be_checked(package):
    without = package.participation[package.participation["figure_id"] != "kw-organizations-total-headline"]
    v = _verdicts(P.consistency_checks(without))
    assert v["organisations: body parts add up to the subheading's total"] == "cannot check"


# ---------------------------------------------------------------- other sources

def _cross(package, **kw):
    return P.cross_source_table(package.participation, package.sources, package.actors, package.stages, **kw)


def test_cross_source_table_keeps_each_disagreeing_figure_with_who_said_it(package):
    t = _cross(package)
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


def test_without_secondary_only_the_seed_speaks(package):
    t = _cross(package, include_secondary=False)
    assert set(t["source_id"]) == {"kuna-alrai-2024-11-04"} and set(t["stage"]) == {4}
    assert t[t["category"] == "participants"]["disagrees"].all()   # body vs subheading still differ


def test_earlier_stages_come_as_context(package):
    t = _cross(package)
    assert list(dict.fromkeys(t["stage"])) == [4, 3, 2, 1]
    assert t.iloc[0]["source_id"] == "kuna-alrai-2024-11-04"


# ---------------------------------------------------------------- figures

def test_people_figure_draws_people_only_with_the_bound_as_an_arrow(package):
    fig, drawn = P.people_figure(package.participation, "en")
    assert set(drawn["unit"]) == {"person"}
    assert {"count", "unit", "qualifier", "source_id", "said_by"} <= set(drawn.columns)
    ax = fig.axes[0]
    arrows = [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]
    assert len(arrows) == (drawn["bound"] == "lower_bound").sum() == 1
    assert "> 450" in [t.get_text() for t in ax.texts]


def test_organisations_figure_gives_the_unstated_count_a_slot_not_a_bar(package):
    fig, drawn = P.organizations_figure(package.participation, "en")
    assert set(drawn["unit"]) == {"organization"}
    ax = fig.axes[0]
    assert len(ax.containers) == drawn["count"].notna().sum() == 3     # one bar per stated count
    assert "not stated" in [t.get_text() for t in ax.texts]
    assert "0" not in [t.get_text() for t in ax.texts]


def test_sources_figure_one_panel_per_unit(package):
    t = _cross(package)
    fig, drawn = P.sources_figure(t, "en", package.actors)
    units = list(dict.fromkeys(drawn["unit"]))
    assert [ax.get_title(loc="left") for ax in fig.axes] == [P.label(f"unit.{u}", "en") for u in units]
    assert {"count", "unit", "qualifier", "source_id", "said_by"} <= set(drawn.columns)
    assert {480, 92, 115} <= set(drawn["count"].dropna())


def test_arabic_figures_run_right_to_left(package):
    fig, _ = P.organizations_figure(package.participation, "ar")
    ax = fig.axes[0]
    assert ax.xaxis_inverted() and ax.yaxis.get_ticks_position() == "right"
    assert "غير مذكور" in [t.get_text() for t in ax.texts]


def test_notebook_parameters():
    declared = report.declared_parameters(paths.NOTEBOOKS_DIR / "02-participation-composition.ipynb")
    assert declared == {"source_id": "kuna-alrai-2024-11-04", "lang": "en", "include_secondary": True}
