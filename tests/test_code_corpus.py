"""code-corpus: coding on a dask.distributed LocalCluster gives exactly the single-process hits."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import code_corpus, themes
from analysis.__main__ import main

pytestmark = pytest.mark.slow


def test_local_cluster_of_two_workers_equals_one_process(package):
    # every raw text, each many times over under its own id, so that partitions really split the work
    texts = {f"{sid}-{k}": text for sid, text in package.raw_texts.items() for k in range(12)}
    corpus = code_corpus.corpus_of_texts(texts)
    expected = themes.code_corpus(corpus, package.codebook)
    got = code_corpus.code_on_cluster(corpus, package.codebook, workers=2, partitions=5, progress=False)
    assert len(expected) > 100
    pd.testing.assert_frame_equal(got, expected)


def test_a_cluster_starts_while_another_holds_the_dashboard_port(package):
    import socket

    # dask's default HTTP port held, as by a second run or a notebook's cluster: taken either way after this
    holder = socket.socket()
    try:
        holder.bind(("0.0.0.0", 8787))
        holder.listen()
    except OSError:
        pass  # already held by something else: the same condition
    try:
        corpus = code_corpus.corpus_of_texts({"a": "نؤكد أهمية التعاون الدولي\n"})
        got = code_corpus.code_on_cluster(corpus, package.codebook, workers=1, partitions=1, progress=False)
    finally:
        holder.close()
    assert got["theme_id"].tolist() == ["intl_cooperation"]


def test_the_command_writes_parquet_from_texts(tmp_path, package, capsys):
    (tmp_path / "a.ar.txt").write_text("نؤكد أهمية التعاون الدولي\n\nومنع تهريب الأسلحة.\n", encoding="utf-8")
    (tmp_path / "b.ar.txt").write_text("لا شيء هنا\n", encoding="utf-8")
    out = tmp_path / "hits.parquet"
    assert main(["code-corpus", "--texts", str(tmp_path / "*.txt"), "--out", str(out), "--partitions", "2"]) == 0
    hits = pd.read_parquet(out)
    assert hits[["source_id", "paragraph", "theme_id"]].values.tolist() == [
        ["a", 1, "intl_cooperation"],
        ["a", 2, "trafficking_organized_crime"],
    ]
    assert "2 hits in 3 paragraphs of 2 text(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, expect",
    [
        (["--texts", "/nonexistent/*.txt", "--out", "x.parquet"], "--texts: no file matches"),
        (["--texts", "*.txt", "--out", "x.csv"], "--out"),
        (["--texts", "*.txt", "--out", "x.parquet", "--partitions", "0"], "--partitions"),
    ],
)
def test_bad_requests_are_one_line(argv, expect, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["code-corpus", *argv]) == 1
    err = capsys.readouterr().err
    assert expect in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.parquet").exists()
