"""Validate once per content: a second load of the same bytes skips the checks, a changed byte anywhere, a
corrupt cache, ``validate`` and ``--revalidate`` run them all; the cache lives outside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis import data, paths
from analysis.__main__ import main
from analysis.data_checks import cache
from analysis.errors import DataError


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_VAR, str(folder))
    return folder


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """The names of the full checks as they run (the schema check runs frictionless)."""
    calls: list[str] = []
    for name in ("schema_problems", "content_problems"):
        real = getattr(data, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(data, name, counted)
    return calls


def _edit(path: Path, old: bytes, new: bytes) -> None:
    blob = path.read_bytes()
    assert old in blob
    path.write_bytes(blob.replace(old, new, 1))


def test_a_second_load_does_not_validate_again(data_copy, cache_folder, checks):
    first = data.load_package(data_copy)
    assert checks == ["schema_problems", "content_problems"]
    second = data.load_package(data_copy)
    assert checks == ["schema_problems", "content_problems"]  # not called again
    assert second.tables.keys() == first.tables.keys()
    assert all(second.tables[n].equals(first.tables[n]) for n in first.tables)
    assert second.raw_texts == first.raw_texts and second.codebook.theme_ids == first.codebook.theme_ids
    assert len(list(cache_folder.glob("*.json"))) == 1


def test_validate_and_revalidate_always_check(data_copy, cache_folder, checks):
    data.load_package(data_copy)
    assert data.validate_package(data_copy) == []
    data.load_package(data_copy, revalidate=True)
    assert checks.count("schema_problems") == 3
    assert main(["validate", "--data", str(data_copy)]) == 0
    assert main(["counts", "--data", str(data_copy), "--revalidate"]) == 0
    assert checks.count("schema_problems") == 5
    assert main(["counts", "--data", str(data_copy)]) == 0
    assert checks.count("schema_problems") == 5


@pytest.mark.parametrize(
    "file, old, new",
    [
        ("actors.csv", b"Kuwait", b"Kuwayt"),  # a byte of a table, still a sound package
        ("references/dushanbe-process-sources.md", b"\n", b"\n\n"),  # a reference sheet
        ("datapackage.json", b'"title"', b' "title"'),  # the descriptor, whitespace only
    ],
)
def test_a_changed_byte_validates_again(data_copy, cache_folder, checks, file, old, new):
    data.load_package(data_copy)
    _edit(data_copy / file, old, new)
    data.load_package(data_copy)
    assert checks.count("schema_problems") == 2
    data.load_package(data_copy)
    assert checks.count("schema_problems") == 2  # the new content is remembered in turn


def test_a_broken_table_after_a_clean_load_is_reported(data_copy, cache_folder):
    data.load_package(data_copy)
    _edit(data_copy / "participation.csv", b",450,", b",451,")
    for _ in range(2):  # bad content is never remembered: its message comes every time
        with pytest.raises(DataError, match="count 451 is not written in its evidence"):
            data.load_package(data_copy)


def test_a_new_file_in_raw_is_part_of_the_key(data_copy, cache_folder):
    descriptor = data.read_descriptor(data_copy)
    before = cache.content_key(data_copy, descriptor)
    (data_copy / "raw" / "extra.txt").write_bytes(b"x")
    assert cache.content_key(data_copy, descriptor) not in (before, None)
    os.mkfifo(data_copy / "raw" / "pipe")
    assert cache.content_key(data_copy, descriptor) is None  # not a regular file: the full check says so


@pytest.mark.parametrize("garbage", [b"", b"{not json", b'{"format": 1, "key": "other", "problems": []}', b"[]"])
def test_a_corrupt_cache_is_ignored(data_copy, cache_folder, checks, garbage):
    data.load_package(data_copy)
    (entry,) = cache_folder.glob("*.json")
    entry.write_bytes(garbage)
    data.load_package(data_copy)
    assert checks.count("schema_problems") == 2
    data.load_package(data_copy)  # and rewritten whole
    assert checks.count("schema_problems") == 2


def test_an_unreadable_cache_folder_is_no_error(data_copy, tmp_path, monkeypatch, checks):
    (tmp_path / "a-file").write_bytes(b"")
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "a-file"))  # a file where the folder would be
    data.load_package(data_copy)
    data.load_package(data_copy)
    assert checks.count("schema_problems") == 2


def test_the_cache_lives_outside_the_project(data_copy, tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV_VAR)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == (tmp_path / "home" / ".cache" / cache.APP_NAME).resolve()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == (tmp_path / "xdg" / cache.APP_NAME).resolve()
    data.load_package(data_copy)
    assert len(list((tmp_path / "xdg" / cache.APP_NAME).glob("*.json"))) == 1
    # pointed into the project, it is not used: nothing is written there
    for inside in (paths.PROJECT_ROOT / "cache", paths.DATA_DIR):
        monkeypatch.setenv(cache.ENV_VAR, str(inside))
        assert cache.cache_dir() is None
    before = sorted(paths.DATA_DIR.rglob("*"))
    data.load_package()
    assert not (paths.PROJECT_ROOT / "cache").exists()
    assert sorted(paths.DATA_DIR.rglob("*")) == before


def test_old_entries_are_pruned(cache_folder):
    for i in range(cache.MAX_ENTRIES + 5):
        cache.remember_validated(f"{i:064x}")
    assert len(list(cache_folder.glob("*.json"))) == cache.MAX_ENTRIES
