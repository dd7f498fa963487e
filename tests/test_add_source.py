"""`python -m analysis add-source`: a new text registered in one step, or refused in one line with nothing written."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from analysis import data, paths
from analysis.__main__ import main

ARTICLE = "عنوان تجريبي عن المؤتمر\n\nالكويت - قال وزير الخارجية إن المؤتمر يعزز التعاون الدولي.\n"


def digest_tree(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _add(data_dir, file, *extra, **overrides):
    args = {
        "--id": "test-outlet-2024-11-05",
        "--outlet": "Test Outlet",
        "--published": "2024-11-05",
        "--language": "ar",
        "--kind": "news_report",
        **overrides,
    }
    argv = [
        "add-source",
        str(file),
        *[x for kv in args.items() for x in kv if kv[1] is not None],
        "--data",
        str(data_dir),
        *extra,
    ]
    return main(argv)


def test_registers_a_text_that_every_command_then_reads(data_copy, article, capsys):
    assert _add(data_copy, article, "--agency", "kuna", "--stage", "4") == 0
    out = capsys.readouterr().out
    assert out.startswith("registered test-outlet-2024-11-05: raw/test-outlet-2024-11-05.ar.txt (2 paragraphs")
    raw = data_copy / "raw" / "test-outlet-2024-11-05.ar.txt"
    assert raw.read_bytes() == article.read_bytes()
    pkg = data.load_package(data_copy)
    row = pkg.source("test-outlet-2024-11-05")
    assert row["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert (row["agency"], row["stage"], row["kind"]) == ("kuna", 4, "news_report")
    assert row["title"] == "عنوان تجريبي عن المؤتمر"
    # the existing rows keep their bytes: the new row is appended
    before = (paths.DATA_DIR / "sources.csv").read_bytes()
    assert (data_copy / "sources.csv").read_bytes().startswith(before)


def test_a_transcript_names_its_speaker(data_copy, article, capsys):
    assert _add(data_copy, article, "--kind", "speech_transcript") == 1
    assert "--speaker" in capsys.readouterr().err
    assert _add(data_copy, article, "--speaker", "emomali-rahmon", kind=None, **{"--kind": "speech_transcript"}) == 0
    assert data.load_package(data_copy).source("test-outlet-2024-11-05")["speaker"] == "emomali-rahmon"


@pytest.mark.parametrize(
    "case, overrides, expect",
    [
        ("malformed id", {"--id": "Bad_ID"}, "--id"),
        ("id taken", {"--id": "kuna-alrai-2024-11-04"}, "is taken"),
        ("unknown kind", {"--kind": "blog"}, "--kind: unknown kind 'blog'"),
        ("not a date", {"--published": "2024-02-30"}, "--published: '2024-02-30' is not a date"),
        (
            "unknown speaker",
            {"--kind": "speech_transcript", "--speaker": "nobody"},
            "--speaker: unknown actor 'nobody'",
        ),
        ("unknown agency", {"--agency": "nobody"}, "--agency: unknown actor"),
        ("bad language", {"--language": "fr"}, "--language"),
    ],
)
def test_bad_requests_are_refused_in_one_line_with_nothing_written(data_copy, article, capsys, case, overrides, expect):
    before = digest_tree(data_copy)
    assert _add(data_copy, article, **overrides) == 1
    err = capsys.readouterr().err
    assert expect in err and len(err.strip().splitlines()) == 1, err
    assert digest_tree(data_copy) == before


@pytest.mark.parametrize(
    "content, expect",
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        ("نص".encode("cp1256"), "not UTF-8"),
    ],
)
def test_bad_files_are_refused_in_one_line_with_nothing_written(data_copy, tmp_path, capsys, content, expect):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = digest_tree(data_copy)
    assert _add(data_copy, bad) == 1
    err = capsys.readouterr().err
    assert expect in err and len(err.strip().splitlines()) == 1, err
    assert digest_tree(data_copy) == before


def test_the_same_text_twice_is_refused(data_copy, capsys):
    seed = data_copy / "raw" / "kuna-alrai-2024-11-04.ar.txt"
    copy = data_copy.parent / "again.txt"
    shutil.copyfile(seed, copy)
    before = digest_tree(data_copy)
    assert _add(data_copy, copy) == 1
    assert "already registered as 'kuna-alrai-2024-11-04'" in capsys.readouterr().err
    assert digest_tree(data_copy) == before


def test_a_missing_file_is_one_line(data_copy, tmp_path, capsys):
    assert _add(data_copy, tmp_path / "nothing.txt") == 1
    assert "no such file" in capsys.readouterr().err


def _request(file, source_id, **extra):
    return {"file": file, "source_id": source_id, "outlet": "Test Outlet", "published": "2024-11-05"} | {
        "language": "ar",
        "kind": "news_report",
        **extra,
    }


def test_several_texts_register_at_once_and_every_one_reads(data_copy, tmp_path):
    from analysis.register import add_sources

    files = []
    for i in range(3):
        files.append(tmp_path / f"t{i}.txt")
        files[-1].write_text(ARTICLE + f"\nوأضاف الوزير أن الجلسة {i + 1} انتهت.\n", encoding="utf-8")
    rows = add_sources([_request(f, f"batch-{i}") for i, f in enumerate(files)], data_dir=data_copy)
    assert [r["source_id"] for r in rows] == ["batch-0", "batch-1", "batch-2"]
    pkg = data.load_package(data_copy, revalidate=True)
    assert {"batch-0", "batch-1", "batch-2"} <= set(pkg.sources["source_id"])
    assert all(pkg.raw_texts[f"batch-{i}"] == f.read_text(encoding="utf-8") for i, f in enumerate(files))


@pytest.mark.parametrize(
    "second, expect",
    [
        ({"source_id": "batch-0"}, "an earlier text of this registration has it"),
        ({"same_text": True}, "already registered as 'batch-0'"),
        ({"kind": "poem"}, "unknown kind 'poem'"),
    ],
)
def test_a_batch_with_one_bad_request_writes_nothing(data_copy, tmp_path, second, expect):
    from analysis.errors import UsageError
    from analysis.register import add_sources

    first = tmp_path / "first.txt"
    first.write_text(ARTICLE, encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE + "\nوتابع الوزير حديثه.\n", encoding="utf-8")
    extra = {k: v for k, v in second.items() if k != "same_text"}
    request = _request(first if second.get("same_text") else other, extra.pop("source_id", "batch-1"), **extra)
    before = digest_tree(data_copy)
    with pytest.raises(UsageError, match=expect):
        add_sources([_request(first, "batch-0"), request], data_dir=data_copy)
    assert digest_tree(data_copy) == before
