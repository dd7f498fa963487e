"""The text readers measured on the blind held-out set (tests/heldout/), read as any new source is read:
each text registered with add-source in a copy of the package, then roles, voices, speakers and counts.

The thresholds are the targets the readers were built for; docs/evaluation.md reports the measured figures.
The texts and their gold were written before any reader saw them; rules must never be tuned on them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data, evaluation, paths
from analysis.count_reading import source_counts

pytestmark = pytest.mark.slow

HELDOUT = paths.PROJECT_ROOT / "tests" / "heldout"


@pytest.fixture(scope="module")
def read(tmp_path_factory):
    import shutil

    copy = tmp_path_factory.mktemp("heldout") / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    meta = pd.read_csv(HELDOUT / "texts.csv", dtype=str, keep_default_na=False)
    files = {t: str(HELDOUT / "texts" / f"{t}.txt") for t in meta["text_id"]}
    predicted = evaluation.register_and_read(meta, files, copy)
    pkg = data.load_package(copy)
    counts = pd.concat([source_counts(pkg, t).assign(text_id=t) for t in meta["text_id"]], ignore_index=True)
    return pkg, predicted, counts


def _gold_paragraphs():
    return pd.read_csv(
        HELDOUT / "gold_paragraphs.csv", dtype={"speaker": str}, keep_default_na=False, na_values={"duplicate_of": [""]}
    )


def test_layout_roles(read):
    pkg, predicted, _ = read
    scores = evaluation.paragraph_scores(_gold_paragraphs(), predicted, set(pkg.actors["actor_id"]))
    right, total = scores["role"]
    assert right / total >= 0.9
    assert scores["repeat"][0] == scores["repeat"][1]
    gold = _gold_paragraphs()
    frame = gold.merge(predicted, on=["text_id", "paragraph"], suffixes=("_gold", ""))
    top = frame[frame["role_gold"].isin(["headline", "dateline", "kicker", "lead"])]
    assert (top["role_gold"] == top["role"]).mean() >= 0.9


def test_voices_and_speakers(read):
    pkg, predicted, _ = read
    scores = evaluation.paragraph_scores(_gold_paragraphs(), predicted, set(pkg.actors["actor_id"]))
    right, total = scores["voice"]
    assert right / total >= 0.9
    s = scores["speaker"]
    assert s["same_kept"] / s["pairs_same"] >= 0.95  # one speaker keeps one value
    assert s["different_kept"] / s["pairs_different"] >= 0.9  # different speakers rarely merge (target: never)
    assert s["actors_right"] / s["actors"] >= 0.9


def test_counts(read):
    _, _, counts = read
    gold = pd.read_csv(HELDOUT / "gold_counts.csv", keep_default_na=False, na_values={"count": [""]})
    scores = evaluation.count_scores(gold, counts)
    assert scores["precision"] >= 0.85 and scores["recall"] >= 0.85
