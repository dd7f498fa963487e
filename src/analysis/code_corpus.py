"""Theme coding of many texts on a dask cluster: ``python -m analysis code-corpus``.

The corpus (one row per paragraph: source_id, paragraph, text) is split into partitions of a
``dask.dataframe``; each partition is coded by :func:`analysis.themes.code_corpus`, a pure function,
on the workers of a ``dask.distributed`` cluster: a ``LocalCluster`` sized to the machine when no
scheduler address is given, else the cluster at that address. The hits are the same, row for row, as
coding the whole corpus in one process; they are written to a Parquet file atomically.

Usage::

    python -m analysis code-corpus --data data --out hits.parquet
    python -m analysis code-corpus --texts "corpus/*.txt" --out hits.parquet --partitions 8
    python -m analysis code-corpus --texts "corpus/*.txt" --out hits.parquet --scheduler tcp://10.0.0.5:8786

    >>> from analysis import data
    >>> from analysis.code_corpus import corpus_of_texts
    >>> pkg = data.load_package()
    >>> corpus_of_texts({"a": "سطر أول\\n\\nسطر ثان"}).to_dict("records")[1]
    {'source_id': 'a', 'paragraph': 2, 'text': 'سطر ثان'}
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.arabic import split_paragraphs
from analysis.errors import UsageError
from analysis.files import atomic_write_bytes

if TYPE_CHECKING:
    import pandas as pd

    from analysis.codebook import Codebook


def corpus_of_texts(texts: dict[str, str]) -> pd.DataFrame:
    """The coder's input, one row per paragraph of each text, sources in sorted order."""
    import pandas as pd

    rows = [(sid, p.number, p.text) for sid in sorted(texts) for p in split_paragraphs(texts[sid])]
    return pd.DataFrame(
        {
            "source_id": pd.Series([r[0] for r in rows], dtype="str"),
            "paragraph": pd.Series([r[1] for r in rows], dtype="int64"),
            "text": pd.Series([r[2] for r in rows], dtype="str"),
        }
    )


def read_texts(pattern: str) -> dict[str, str]:
    """UTF-8 texts matching a glob, keyed by file name up to the first dot; one-line errors."""
    files = sorted(Path(p) for p in glob.glob(pattern, recursive=True) if Path(p).is_file())
    if not files:
        raise UsageError(f"--texts: no file matches {pattern!r}")
    texts: dict[str, str] = {}
    for f in files:
        sid = f.name.split(".")[0]
        if sid in texts:
            raise UsageError(f"--texts: two files give the source id {sid!r} ({f})")
        try:
            texts[sid] = f.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{f}: not UTF-8 (byte offset {exc.start})") from None
    return texts


def code_on_cluster(
    corpus: pd.DataFrame,
    codebook: Codebook,
    *,
    scheduler: str | None = None,
    partitions: int | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """The hits of :func:`analysis.themes.code_corpus` on ``corpus``, computed partition by partition on
    a dask.distributed cluster (``scheduler``: its address; None starts a LocalCluster of ``workers``
    processes, default one per core). Same rows, same order, as the single-process result."""
    import dask.dataframe as dd
    import pandas as pd
    from distributed import Client, LocalCluster, as_completed
    from tqdm import tqdm

    from analysis.themes import code_corpus, empty_hits

    n_workers = workers or os.cpu_count() or 1
    nparts = max(1, min(partitions or 2 * n_workers, len(corpus) or 1))
    frame = dd.from_pandas(corpus.reset_index(drop=True), npartitions=nparts, sort=False)
    coded = frame.map_partitions(code_corpus, codebook, meta=empty_hits())
    cluster = (
        None
        if scheduler
        # ":0": the scheduler's HTTP server on a free port. dask's default, 8787, even with no dashboard, fails
        # the cluster's start when another cluster (a second run, a notebook) holds it
        else LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
        )
    )
    try:
        with Client(scheduler or cluster) as client:
            futures = client.compute(coded.to_delayed())
            index = {f.key: i for i, f in enumerate(futures)}
            parts: list = [None] * len(futures)
            for fut in tqdm(
                as_completed(futures), total=len(futures), desc="partitions", unit="part", disable=not progress
            ):
                parts[index[fut.key]] = fut.result()
    finally:
        if cluster is not None:
            cluster.close()
    hits = pd.concat(parts, ignore_index=True) if parts else empty_hits()
    return hits.sort_values(
        ["source_id", "paragraph", "char_start", "char_end", "theme_id"], kind="mergesort", ignore_index=True
    )


def write_parquet(hits: pd.DataFrame, out: Path) -> None:
    """The hits as Parquet, written atomically (temp file, then rename)."""
    import io

    buf = io.BytesIO()
    hits.to_parquet(buf, index=False)
    atomic_write_bytes(Path(out), buf.getvalue())
