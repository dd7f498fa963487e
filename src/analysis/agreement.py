"""Agreement of an automatic coding with a reference coding: per theme and pooled (micro) scores, and the
cells where they differ. Both codings are 0/1 paragraph x theme matrices
(:func:`analysis.themes.paragraph_theme_matrix`).

Usage::

    >>> import pandas as pd
    >>> from analysis.agreement import agreement
    >>> coder = pd.DataFrame({"t": [1, 0, 1]})
    >>> hand = pd.DataFrame({"t": [1, 0, 0]})
    >>> agreement(coder, hand).loc["t", ["tp", "fp", "fn", "precision", "recall"]].tolist()
    [1.0, 1.0, 0.0, 0.5, 1.0]
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def _ratio(num: float, den: float) -> float:
    return num / den if den else math.nan


def _scores(tp: int, fp: int, fn: int, tn: int) -> dict[str, float]:
    n = tp + fp + fn + tn
    if n:
        po = (tp + tn) / n
        pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        kappa = _ratio(po - pe, 1 - pe)
    else:
        kappa = math.nan
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
        "cohen_kappa": kappa,
    }


def _aligned(coder: pd.DataFrame, hand: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not coder.index.equals(hand.index) and set(coder.index) != set(hand.index):
        raise ValueError("coder and hand matrices cover different paragraphs")
    if list(coder.columns) != list(hand.columns) and set(coder.columns) != set(hand.columns):
        raise ValueError("coder and hand matrices cover different themes")
    hand = hand.loc[coder.index, list(coder.columns)]
    return (coder > 0).astype("int64"), (hand > 0).astype("int64")


def agreement(coder_matrix: pd.DataFrame, hand_matrix: pd.DataFrame) -> pd.DataFrame:
    """Per theme (and a final ``micro`` row pooling all cells): tp, fp, fn, tn, precision,
    recall, f1, cohen_kappa, with the hand coding as the reference.

    A ratio whose denominator is 0 is NaN: precision when the coder never codes the theme,
    recall when the hand coding never does, f1 when neither does, kappa when chance
    agreement is 1 (both codings constant and equal).
    """
    import pandas as pd

    c, h = _aligned(coder_matrix, hand_matrix)
    rows = {}
    for t in c.columns:
        cv, hv = c[t].to_numpy(), h[t].to_numpy()
        rows[t] = _scores(
            int(((cv == 1) & (hv == 1)).sum()),
            int(((cv == 1) & (hv == 0)).sum()),
            int(((cv == 0) & (hv == 1)).sum()),
            int(((cv == 0) & (hv == 0)).sum()),
        )
    tot = {k: sum(r[k] for r in rows.values()) for k in ("tp", "fp", "fn", "tn")}
    rows["micro"] = _scores(tot["tp"], tot["fp"], tot["fn"], tot["tn"])
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "theme_id"
    return out.astype({k: "int64" for k in ("tp", "fp", "fn", "tn")})


def disagreements(
    coder_matrix: pd.DataFrame, hand_matrix: pd.DataFrame, corpus: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Cells where coder and hand coding differ: source_id, paragraph, theme_id, coder, hand,
    text (the paragraph text when ``corpus`` is given), in reading then codebook order."""
    import pandas as pd

    c, h = _aligned(coder_matrix, hand_matrix)
    texts = {}
    if corpus is not None:
        texts = dict(zip(zip(corpus["source_id"], corpus["paragraph"].astype("int64")), corpus["text"]))
    rows = []
    for (sid, pno), crow, hrow in zip(c.index, c.to_numpy(), h.to_numpy()):
        for t, cv, hv in zip(c.columns, crow, hrow):
            if cv != hv:
                rows.append((sid, int(pno), t, int(cv), int(hv), texts.get((sid, int(pno)), "")))
    return pd.DataFrame(rows, columns=["source_id", "paragraph", "theme_id", "coder", "hand", "text"])
