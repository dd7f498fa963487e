"""The text readers measured on the held-out sets (tests/heldout/ to tests/heldout12/), read as any new
source is read: each text registered with add-source in a copy of the package, then roles, voices, speakers and counts.

The thresholds are the targets the readers were built for; docs/evaluation.md reports the measured figures.
The texts and their gold were written before any reader saw them; rules must never be tuned on them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import data, evaluation, paths
from analysis.count_reading import source_counts

pytestmark = pytest.mark.slow

SETS = [
    "heldout",
    "heldout2",
    "heldout3",
    "heldout4",
    "heldout5",
    "heldout6",
    "heldout7",
    "heldout8",
    "heldout9",
    "heldout10",
    "heldout11",
    "heldout12",
]
# Blind misses met since, seen (docs/evaluation.md): held-out 4's speaker targets (13 of 22 speech paragraphs blind,
# 2026-12-06) and held-out 5's count precision (0.825 blind, 2026-12-07). A set that misses a target is listed
# here; the mark is strict, so when a general fix makes it pass, the mark must go. Held-out 6 (blind, 2026-12-07)
# missed the top-role, voice and speaker targets (top roles 20/25, voice 99/120, actors 20/34); all pass since
# (seen; actors 31/34). Held-out 7 (blind, 2026-12-07) met every target but the speakers' (actors right in 19 of 24
# speech paragraphs); they pass since (seen, 22 of 24). Held-out 8 (blind, 2026-12-07, the tenth round frozen)
# missed the voice and speaker targets (voice 103/115, one speaker one value 100/116, actors 19/29); they pass
# since (seen, eleventh round: voice 113/115, one value 112/116, actors 29/29). Held-out 9 (blind, 2026-12-07,
# the eleventh round frozen) missed the role, voice, speaker and count-recall targets (roles 105/123, voice
# 100/123, different speakers kept apart 88/129, actors 17/26, count recall 0.821); roles pass since (seen, twelfth
# round: 118/123) and counts since (seen, thirteenth round: P 0.971, R 0.985). Held-out 10 (blind, 2026-12-07, the
# twelfth round of roles and attribution and the thirteenth of counts frozen) met the voice and count targets and
# missed the role and speaker targets (roles 115/139, top roles 22/26, different speakers kept apart 62/75, actors
# 20/27); roles pass since (seen, thirteenth round: 138/139), speakers not yet (seen: kept apart 73/75, actors 24/27).
# Held-out 11 (blind, 2026-12-07, at 39bd944) met the count targets and missed the role, voice and speaker
# targets (docs/evaluation.md, rows marked blind). Held-out 12 (blind, 2026-12-07, at 1aa9f16) met the count targets
# and missed the role, voice and speaker targets.
SHORT_OF_TARGET: dict[str, set[str]] = {
    "test_layout_roles": {"heldout11", "heldout12"},
    "test_voices_and_speakers": {"heldout9", "heldout10", "heldout11", "heldout12"},
    "test_counts": set(),
}


@pytest.fixture(scope="module", params=SETS)
def read(request, tmp_path_factory):
    import shutil

    folder = paths.PROJECT_ROOT / "tests" / request.param
    copy = tmp_path_factory.mktemp(request.param) / "data"
    shutil.copytree(paths.DATA_DIR, copy)
    meta = pd.read_csv(folder / "texts.csv", dtype=str, keep_default_na=False)
    files = {t: str(folder / "texts" / f"{t}.txt") for t in meta["text_id"]}
    predicted = evaluation.register_and_read(meta, files, copy)
    pkg = data.load_package(copy)
    counts = pd.concat([source_counts(pkg, t).assign(text_id=t) for t in meta["text_id"]], ignore_index=True)
    gold = pd.read_csv(
        folder / "gold_paragraphs.csv", dtype={"speaker": str}, keep_default_na=False, na_values={"duplicate_of": [""]}
    )
    gold_counts = pd.read_csv(folder / "gold_counts.csv", keep_default_na=False, na_values={"count": [""]})
    return pkg, predicted, counts, gold, gold_counts


def test_layout_roles(read, request):
    _short_of_target(request, "test_layout_roles")
    pkg, predicted, _, gold, _ = read
    scores = evaluation.paragraph_scores(gold, predicted, set(pkg.actors["actor_id"]))
    right, total = scores["role"]
    assert right / total >= 0.9
    assert scores["repeat"][0] == scores["repeat"][1]
    frame = gold.merge(predicted, on=["text_id", "paragraph"], suffixes=("_gold", ""))
    top = frame[frame["role_gold"].isin(["headline", "dateline", "kicker", "lead"])]
    assert (top["role_gold"] == top["role"]).mean() >= 0.9


def _short_of_target(request, test: str) -> None:
    name = request.node.callspec.params["read"]
    if name in SHORT_OF_TARGET[test]:
        request.applymarker(pytest.mark.xfail(strict=True, reason=f"{name}: target not met (blind)"))


def test_voices_and_speakers(read, request):
    _short_of_target(request, "test_voices_and_speakers")
    pkg, predicted, _, gold, _ = read
    scores = evaluation.paragraph_scores(gold, predicted, set(pkg.actors["actor_id"]))
    right, total = scores["voice"]
    assert right / total >= 0.9
    s = scores["speaker_of_speech"]  # among the paragraphs that are someone's words
    assert s["same_kept"] / s["pairs_same"] >= 0.9  # one speaker keeps one value
    assert s["different_kept"] / s["pairs_different"] >= 0.9  # different speakers rarely merge (target: never)
    assert s["actors_right"] / s["actors"] >= 0.9


def test_counts(read, request):
    _short_of_target(request, "test_counts")
    _, _, counts, _, gold_counts = read
    scores = evaluation.count_scores(gold_counts, counts)
    assert scores["precision"] >= 0.85 and scores["recall"] >= 0.85
