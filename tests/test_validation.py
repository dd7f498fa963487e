"""Reliability and validation: Krippendorff's alpha per theme, scores with bootstrap intervals, sets side by side."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import validation
from analysis.__main__ import main


def _matrix(rows):
    return pd.DataFrame(rows, columns=["x", "y"], index=pd.RangeIndex(len(rows)))


def test_alpha_is_one_for_identical_codings_and_falls_with_disagreement():
    a = _matrix([[1, 0], [0, 1], [1, 1], [0, 0]])
    same = validation.alpha_per_theme(a, a.copy())
    assert same["alpha"].tolist() == [1.0, 1.0, 1.0] and same["reliable"].all()
    b = a.copy()
    b.iloc[0, 0] = 0
    worse = validation.alpha_per_theme(a, b)
    assert worse.loc["x", "alpha"] < 0.667 and not worse.loc["x", "reliable"]
    assert worse.loc["x", "disagreements"] == 1 and worse.loc["y", "alpha"] == 1.0
    assert validation.unreliable_themes(worse.reset_index()) == ["x"]


def test_alpha_is_undefined_for_a_theme_nobody_codes():
    a = _matrix([[1, 0], [0, 0]])
    out = validation.alpha_per_theme(a, a.copy())
    assert math.isnan(out.loc["y", "alpha"]) and not out.loc["y", "reliable"]


def test_scores_with_intervals_bracket_the_point_estimate_and_repeat_exactly():
    gold = _matrix([[1, 0], [1, 1], [0, 1], [0, 0], [1, 0], [0, 1]])
    coder = _matrix([[1, 0], [0, 1], [0, 1], [1, 0], [1, 0], [0, 0]])
    s = validation.scores_with_intervals(coder, gold, n_boot=500)
    assert s.loc["micro", "support"] == 6
    assert s.loc["micro", "precision"] == pytest.approx(4 / 5) and s.loc["micro", "recall"] == pytest.approx(4 / 6)
    for m in ("precision", "recall", "f1"):
        assert (s[f"{m}_low"] <= s[m] + 1e-9).all() and (s[m] <= s[f"{m}_high"] + 1e-9).all()
    assert s.equals(validation.scores_with_intervals(coder, gold, n_boot=500))


def test_the_sets_side_by_side_say_which_are_in_sample(package):
    scores = validation.coder_scores(package, n_boot=200)
    assert {"seed", "development"} <= set(scores["set"])
    micro = scores[scores["theme_id"] == "micro"].set_index("set")
    assert micro.loc["seed", "f1"] >= 0.95
    assert micro.loc["seed", "status"].startswith("in-sample")
    assert micro.loc["development", "paragraphs"] == 109


def test_alpha_of_the_development_set_is_reported(package):
    alpha = validation.reliability(package)
    assert set(alpha["set"]) >= {"development"}
    assert set(alpha["theme_id"]) == {*package.codebook.theme_ids, "all"}


def test_an_unknown_theme_in_a_validation_coding_is_named_at_its_place(data_copy, capsys):
    path = data_copy / "annotations" / "development" / "coder_b.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    head, first = lines[1].split(",", 3)[:2], lines[1].split(",", 3)
    lines[1] = ",".join([*head, "no_such_theme", first[3]])
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"{data_copy}/annotations/development/coder_b.csv:2:themes: unknown theme id 'no_such_theme'"]
