"""Scores of the text readers (roles, voices, speakers, counts) against a hand-coded gold standard.

Used on texts the rules were never tuned to (``tests/heldout/``): each text is registered in a
copy of the data package with :func:`analysis.register.add_source`, read exactly as any new
source is read, and compared with the gold paragraph by paragraph.

Speakers are compared as a partition, not as strings: within one text, two paragraphs of one
speaker must get one speaker value and paragraphs of different speakers must never share one
(a speaker who is not an actor may be named by any mention). An actor must be named by its actor_id.

Usage::

    >>> import pandas as pd
    >>> from analysis.evaluation import speaker_partition_scores
    >>> gold = pd.DataFrame({"text_id": ["t"] * 3, "speaker": ["a", "a", "وزير"]})
    >>> pred = pd.Series(["a", "a", "الوزير"])
    >>> speaker_partition_scores(gold, pred)
    {'pairs_same': 1, 'same_kept': 1, 'pairs_different': 2, 'different_kept': 2, 'actors': 2, 'actors_right': 2}
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def speaker_partition_scores(gold: pd.DataFrame, predicted: pd.Series, actors: set[str] | None = None) -> dict:
    """Pairs of paragraphs (within each text) with the same gold speaker that keep one predicted value,
    pairs with different gold speakers that keep different values, and actor paragraphs named right."""
    actors = actors if actors is not None else {s for s in gold["speaker"] if s.isascii()}
    out = {"pairs_same": 0, "same_kept": 0, "pairs_different": 0, "different_kept": 0, "actors": 0, "actors_right": 0}
    frame = gold.assign(pred=list(predicted))
    for _, text in frame.groupby("text_id", sort=True):
        rows = list(zip(text["speaker"], text["pred"]))
        for (g1, p1), (g2, p2) in combinations(rows, 2):
            if g1 == g2:
                out["pairs_same"] += 1
                out["same_kept"] += p1 == p2
            else:
                out["pairs_different"] += 1
                out["different_kept"] += p1 != p2
        for g, p in rows:
            if g in actors:
                out["actors"] += 1
                out["actors_right"] += g == p
    return {k: int(v) for k, v in out.items()}


def accuracy(gold: pd.Series, predicted: pd.Series) -> tuple[int, int]:
    """(right, total) of two aligned label columns."""
    right = sum(g == p for g, p in zip(gold.tolist(), predicted.tolist()))
    return int(right), len(gold)


def count_scores(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    """Precision and recall of (text_id, paragraph, count, unit, qualifier) rows, and category accuracy
    on the matched rows. A count that is not stated (NA) matches only another NA."""

    def key(df):
        counts = df["count"].astype("Int64").astype("string").fillna("NA")
        return list(zip(df["text_id"], df["paragraph"].astype(int), counts, df["unit"], df["qualifier"]))

    gold_keys, pred_keys = key(gold), key(predicted)
    remaining = list(pred_keys)
    matched = []
    for i, k in enumerate(gold_keys):
        if k in remaining:
            j = remaining.index(k)
            remaining[j] = None
            matched.append((i, pred_keys.index(k) if pred_keys.count(k) == 1 else j))
    tp = len(matched)
    categories = sum(gold["category"].iloc[i] == predicted["category"].iloc[j] for i, j in matched)
    return {
        "gold": len(gold_keys),
        "predicted": len(pred_keys),
        "matched": tp,
        "precision": tp / len(pred_keys) if pred_keys else float("nan"),
        "recall": tp / len(gold_keys) if gold_keys else float("nan"),
        "category_right": int(categories),
    }


def register_and_read(meta: pd.DataFrame, files: dict[str, str], data_dir) -> pd.DataFrame:
    """Register the texts (``files``: text_id -> path) in the data package at ``data_dir`` (a copy: it is
    written) as a researcher would, all at once (:func:`analysis.register.add_sources`), then read them: one row
    per paragraph with text_id, paragraph, role, repeat_of, voice, speaker (automatic attribution only)."""
    import pandas as pd

    from analysis import data, text
    from analysis.register import add_sources

    requests = [
        {
            "file": files[rec["text_id"]],
            "source_id": rec["text_id"],
            "outlet": "held-out evaluation set",
            "published": "2024-11-05",
            "language": "ar",
            "kind": rec["kind"],
            "speaker": rec["source_speaker"] or None,
            "agency": rec["agency"] or None,
        }
        for rec in meta.to_dict("records")
    ]
    add_sources(requests, data_dir=data_dir)  # one validation for the whole set
    pkg = data.load_package(data_dir)
    tables = [text.paragraph_table(pkg, sid, attribution="auto").assign(text_id=sid) for sid in meta["text_id"]]
    return pd.concat(tables, ignore_index=True)


def paragraph_scores(gold: pd.DataFrame, predicted: pd.DataFrame, actors: set[str]) -> dict:
    """Role, repeat, voice and speaker scores of predicted paragraph rows against the gold rows."""
    merged = gold.merge(
        predicted, on=["text_id", "paragraph"], how="left", suffixes=("_gold", ""), validate="one_to_one"
    )
    repeat_gold = merged["duplicate_of"].astype("Int64").fillna(0)
    repeat_pred = merged["repeat_of"].astype("Int64").fillna(0)
    speakers = merged["speaker"].fillna("").astype(str)
    gold = gold.assign(speaker=gold["speaker"].fillna(""))
    speech = (gold["voice"] != "agency").to_numpy()
    return {
        "paragraphs": len(merged),
        "role": accuracy(merged["role_gold"], merged["role"]),
        "repeat": accuracy(repeat_gold, repeat_pred),
        "voice": accuracy(merged["voice_gold"], merged["voice"]),
        "speaker": speaker_partition_scores(gold, speakers, actors),
        # the speakers of reported speech and transcripts only: an agency paragraph is nobody's speech
        "speaker_of_speech": speaker_partition_scores(gold[speech], speakers[speech], actors),
    }
