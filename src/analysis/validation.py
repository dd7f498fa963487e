"""How far to trust the theme coder: reliability of the hand coding, and the coder's scores with intervals.

* :func:`alpha_per_theme`: Krippendorff's alpha (nominal, the ``krippendorff`` package) between two hand
  coders, per theme and pooled; a theme under :data:`RELIABLE_ALPHA` is named unreliable.
* :func:`scores_with_intervals`: precision, recall and F1 per theme and pooled (micro) of a coding against
  a reference, each with a bootstrap 95% interval (paragraphs resampled with replacement, fixed seed).
* :func:`coding_matrix`: the 0/1 paragraph x theme matrix of a ``themes`` column (``;``-separated ids).

Usage::

    >>> import pandas as pd
    >>> from analysis.validation import coding_matrix, scores_with_intervals
    >>> gold = coding_matrix(pd.DataFrame({"text_id": ["a", "a", "b"], "paragraph": [1, 2, 1],
    ...                                    "themes": ["x;y", "", "x"]}), ["x", "y"])
    >>> coder = gold.copy(); coder.iloc[1, 0] = 1
    >>> scores_with_intervals(coder, gold, n_boot=200).loc["micro", ["precision", "recall"]].round(2).tolist()
    [0.75, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Krippendorff's own threshold for data from which tentative conclusions may be drawn.
RELIABLE_ALPHA = 0.667
SCORE_COLUMNS = [
    "support",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
    "f1_low",
    "f1_high",
]


def coding_matrix(coding: pd.DataFrame, theme_ids: Sequence[str], key: Sequence[str] = ("text_id", "paragraph")):
    """0/1 matrix (rows: the ``key`` columns in file order; columns: ``theme_ids``) of a coding whose
    ``themes`` cell lists theme ids separated by ``;``; ValueError for an id not in ``theme_ids``."""
    import pandas as pd

    rows = []
    for cell in coding["themes"].fillna("").astype(str):
        ids = {t.strip() for t in cell.split(";") if t.strip()}
        unknown = sorted(ids - set(theme_ids))
        if unknown:
            raise ValueError(f"unknown theme id {unknown[0]!r}")
        rows.append([int(t in ids) for t in theme_ids])
    index = pd.MultiIndex.from_frame(coding[list(key)].astype({"paragraph": "int64"}))
    return pd.DataFrame(rows, index=index, columns=pd.Index(list(theme_ids), name="theme_id"), dtype="int64")


def _ratios(tp, fp, fn):
    import numpy as np

    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(tp + fp > 0, tp / (tp + fp), np.nan)
        recall = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    return precision, recall, f1


def scores_with_intervals(
    coder: pd.DataFrame, reference: pd.DataFrame, n_boot: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """Per theme and ``micro``: support (reference paragraphs with the theme), precision, recall, F1, each
    with its bootstrap 95% interval (``_low``/``_high``). A ratio with a zero denominator is NaN."""
    import numpy as np
    import pandas as pd

    reference = reference.loc[coder.index, list(coder.columns)]
    c, h = (coder.to_numpy() > 0).astype(int), (reference.to_numpy() > 0).astype(int)
    tp, fp, fn = c * h, c * (1 - h), (1 - c) * h
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(c), size=(n_boot, len(c)))
    # per replicate and theme, then pooled over themes (micro) as an extra last column
    sums = [np.concatenate([m[idx].sum(axis=1), m[idx].sum(axis=(1, 2))[:, None]], axis=1) for m in (tp, fp, fn)]
    boot = _ratios(*sums)
    point = _ratios(*[np.append(m.sum(axis=0), m.sum()) for m in (tp, fp, fn)])
    out = {"support": np.append(h.sum(axis=0), h.sum())}
    for name, est, reps in zip(("precision", "recall", "f1"), point, boot):
        out[name] = est
        out[f"{name}_low"] = np.nanpercentile(reps, 2.5, axis=0)
        out[f"{name}_high"] = np.nanpercentile(reps, 97.5, axis=0)
    frame = pd.DataFrame(out, index=pd.Index([*coder.columns, "micro"], name="theme_id"))
    return frame[SCORE_COLUMNS]


def alpha_per_theme(coder_a: pd.DataFrame, coder_b: pd.DataFrame) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) of two coders' 0/1 matrices, per theme and pooled over every cell
    (``all``), with the paragraphs each coder gave the theme and whether alpha reaches :data:`RELIABLE_ALPHA`.
    Alpha is NaN where it is undefined (neither coder ever gives the theme)."""
    import krippendorff
    import numpy as np
    import pandas as pd

    coder_b = coder_b.loc[coder_a.index, list(coder_a.columns)]
    rows = {}
    for theme in [*coder_a.columns, "all"]:
        a = coder_a.to_numpy().ravel() if theme == "all" else coder_a[theme].to_numpy()
        b = coder_b.to_numpy().ravel() if theme == "all" else coder_b[theme].to_numpy()
        alpha = (
            math.nan
            if len(set(a) | set(b)) < 2
            else krippendorff.alpha(reliability_data=np.vstack([a, b]).astype(float), level_of_measurement="nominal")
        )
        rows[theme] = {
            "coder_a": int(a.sum()),
            "coder_b": int(b.sum()),
            "disagreements": int((a != b).sum()),
            "alpha": float(alpha),
            "reliable": bool(alpha >= RELIABLE_ALPHA) if alpha == alpha else False,
        }
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "theme_id"
    return out


#: How each set relates to the coder's rules, said beside its scores.
SET_STATUS = {
    "seed": "in-sample: the rules were written reading it",
    "development": "in-sample: the rules were tuned on it",
    "fresh": "in-sample since the rules' second round: written and coded apart from them, measured out of sample "
    "first (micro F1 0.756), then used to tune them",
    "fresh2": "in-sample since the rules' third round: written and coded apart from them, measured out of sample "
    "first (micro F1 0.753), then used to tune them",
    "fresh3": "in-sample since the rules' fourth round: written and coded apart from them, measured out of sample "
    "first (micro F1 0.756), then used to tune them",
    "fresh4": "out of sample: written and coded apart from the rules, never used to tune them",
}


def set_matrices(pkg, set_name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(coder matrix, gold matrix) of a validation set of the package: ``seed`` (the default source and its
    hand coding) or a set of ``pkg.validation_sets`` (its ``gold``, else its ``coder_a``)."""
    from analysis import text, themes

    ids = pkg.codebook.theme_ids
    if set_name == "seed":
        sid = pkg.default_source
        corpus = text.as_corpus(text.paragraph_table(pkg, sid), sid)
        hand = pkg.hand_coding[pkg.hand_coding["source_id"] == sid]
        gold = themes.hand_coding_matrix(hand, ids)
    else:
        tables = pkg.validation_sets[set_name]
        paras = tables["paragraphs"]
        corpus = paras.rename(columns={"text_id": "source_id"})[["source_id", "paragraph", "text"]]
        corpus = corpus.astype({"paragraph": "int64", "source_id": "str", "text": "str"})
        gold = coding_matrix(tables["gold"] if "gold" in tables else tables["coder_a"], ids)
        gold.index = gold.index.set_names(["source_id", "paragraph"])
    coder = themes.paragraph_theme_matrix(themes.code_corpus(corpus, pkg.codebook), corpus, ids)
    return coder, gold


def coder_scores(
    pkg, sets: Sequence[str] = ("seed", "development", "fresh", "fresh2", "fresh3", "fresh4"), n_boot: int = 2000
) -> pd.DataFrame:
    """The coder's scores on each validation set side by side (per theme and micro, with bootstrap 95%
    intervals), each row saying whether its set is in-sample; sets the package lacks are left out."""
    import pandas as pd

    frames = []
    for name in sets:
        if name != "seed" and name not in pkg.validation_sets:
            continue
        coder, gold = set_matrices(pkg, name)
        scores = scores_with_intervals(coder, gold, n_boot=n_boot).reset_index()
        frames.append(scores.assign(set=name, paragraphs=len(gold), status=SET_STATUS.get(name, "")))
    out = pd.concat(frames, ignore_index=True)
    return out[["set", "status", "paragraphs", "theme_id", *SCORE_COLUMNS]]


def reliability(pkg) -> pd.DataFrame:
    """Krippendorff's alpha between the two blind hand coders of each validation set that has both."""
    import pandas as pd

    frames = []
    for name, tables in pkg.validation_sets.items():
        if {"coder_a", "coder_b"} <= set(tables):
            ids = pkg.codebook.theme_ids
            alpha = alpha_per_theme(coding_matrix(tables["coder_a"], ids), coding_matrix(tables["coder_b"], ids))
            frames.append(alpha.reset_index().assign(set=name))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["set", "theme_id"])
    return out[["set", *[c for c in out.columns if c != "set"]]]


def unreliable_themes(alpha: pd.DataFrame) -> list[str]:
    """Themes whose alpha is under :data:`RELIABLE_ALPHA` in some set (or undefined)."""
    rows = alpha[(alpha["theme_id"] != "all") & ~alpha["reliable"].astype(bool)]
    return sorted(set(rows["theme_id"]))


def micro_summary(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per set: paragraphs, status and the pooled (micro) scores with their intervals, rounded."""
    micro = scores[scores["theme_id"] == "micro"].drop(columns="theme_id")
    return micro.round(3).reset_index(drop=True)


def f1_by_theme(scores: pd.DataFrame) -> pd.DataFrame:
    """F1 per theme (rows) and set (columns), with the interval as 'low-high'."""
    import pandas as pd

    shown = scores.assign(
        f1=[
            f"{f:.2f} ({lo:.2f}-{hi:.2f})" if f == f else "—"
            for f, lo, hi in zip(scores["f1"], scores["f1_low"], scores["f1_high"])
        ]
    )
    table = shown.pivot(index="theme_id", columns="set", values="f1")
    order = [t for t in dict.fromkeys(scores["theme_id"])]
    return table.reindex(order)[[s for s in dict.fromkeys(scores["set"])]].rename_axis(columns=None).pipe(pd.DataFrame)


def unreliable_note(alpha: pd.DataFrame) -> pd.DataFrame:
    """One line naming the themes the two hand coders do not code reliably (alpha under the threshold)."""
    import pandas as pd

    weak = unreliable_themes(alpha)
    note = (
        f"unreliable (alpha < {RELIABLE_ALPHA}): {', '.join(weak)}"
        if weak
        else f"every theme reaches alpha >= {RELIABLE_ALPHA} in every set with two coders"
    )
    return pd.DataFrame({"note": pd.array([note], dtype="string")})
