"""`python -m analysis cite`: a figure's citation from figures/manifest.json, checked against the file on disk."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest
from test_cli import run

from analysis import paths

FIGURE = "speech-themes-frequency"


def _manifest() -> dict:
    return json.loads((paths.FIGURES_DIR / "manifest.json").read_text(encoding="utf-8"))


def _entry(lang: str) -> dict:
    return next(f for f in _manifest()["figures"] if f["id"] == FIGURE and f["lang"] == lang)


def _sha256(rel: str) -> str:
    return hashlib.sha256((paths.PROJECT_ROOT / rel).read_bytes()).hexdigest()


def test_cite_prints_the_sha256_of_the_file_on_disk():
    r = run("cite", FIGURE)
    assert r.returncode == 0, r.stderr
    head, *others = r.stdout.strip().splitlines()
    png = f"figures/en/{FIGURE}.png"
    assert re.search(rf"{re.escape(png)}, sha256 ([0-9a-f]{{64}})\.$", head).group(1) == _sha256(png)
    assert head.startswith(f"Figure {FIGURE} (en), “{_entry('en')['title']}”")
    commit = _manifest()["commit"]
    assert (f"commit {commit[:12]}" if commit else "commit unknown") in head
    # every other file of the figure, each with its own sha256
    listed = dict(line.split("  sha256 ") for line in (o.strip() for o in others))
    assert sorted(listed) == sorted(f"figures/en/{FIGURE}.{ext}" for ext in ("svg", "pdf", "csv"))
    assert all(_sha256(path) == digest for path, digest in listed.items())


def test_cite_in_arabic_gives_the_arabic_title_and_file():
    r = run("cite", FIGURE, "--lang", "ar")
    assert r.returncode == 0, r.stderr
    title = _entry("ar")["title"]
    assert re.search(r"[\u0600-\u06ff]", title) and f"“{title}”" in r.stdout
    assert f"figures/ar/{FIGURE}.png, sha256 {_sha256(f'figures/ar/{FIGURE}.png')}." in r.stdout


def test_cite_as_json_carries_every_field():
    r = run("cite", FIGURE, "--format", "json")
    assert r.returncode == 0, r.stderr
    c = json.loads(r.stdout)
    manifest = _manifest()
    assert c["id"] == FIGURE and c["lang"] == "en" and c["title"] == _entry("en")["title"]
    assert (c["commit"], c["tree_clean"]) == (manifest.get("commit"), manifest.get("tree_clean"))
    assert c["path"] == f"figures/en/{FIGURE}.png" and c["sha256"] == _sha256(c["path"])
    assert {f["path"]: f["sha256"] for f in c["files"]} == {f["path"]: _sha256(f["path"]) for f in c["files"]}
    assert len(c["files"]) == 4 and c["authors"] and c["version"]


def test_cite_as_bibtex_parses_into_its_fields():
    r = run("cite", FIGURE, "--format", "bibtex")
    assert r.returncode == 0, r.stderr
    entry = re.fullmatch(r"@misc\{([^,\s]+),\n((?:  \w+ = \{.*\},?\n)+)\}\n", r.stdout)
    assert entry, r.stdout
    assert entry.group(1) == f"dushanbe-kuwait-analysis:{FIGURE}:en"
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry.group(2), flags=re.M))
    assert fields["title"] == "{" + _entry("en")["title"] + "}"  # braced: BibTeX keeps its case
    assert fields["file"] == f"figures/en/{FIGURE}.png" and fields["sha256"] == _sha256(fields["file"])
    assert {"author", "howpublished", "note", "version", "language"} <= set(fields)
    if _manifest().get("commit"):
        assert fields["commit"] == _manifest()["commit"] and fields["year"] == _manifest()["commit_date"][:4]
    for value in fields.values():  # braces balance in every field
        assert value.count("{") - value.count("\\{") == value.count("}") - value.count("\\}")


@pytest.fixture
def figures_copy(tmp_path):
    """A copy of figures/ (its manifest's paths start with figures/, like the project's)."""
    return shutil.copytree(paths.FIGURES_DIR, tmp_path / "figures")


def test_a_tampered_figure_is_refused_in_one_line(figures_copy):
    assert run("cite", FIGURE, "--figures", str(figures_copy)).returncode == 0
    png = figures_copy / "en" / f"{FIGURE}.png"
    png.write_bytes(png.read_bytes() + b"\0")
    r = run("cite", FIGURE, "--figures", str(figures_copy))
    assert r.returncode == 1 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith(f"error: {FIGURE} (en) is stale, not citable: figures/en/{FIGURE}.png has sha256 ")
    # another format of the figure counts as much as its PNG; a missing file too
    (figures_copy / "ar" / f"{FIGURE}.csv").unlink()
    r = run("cite", FIGURE, "--lang", "ar", "--figures", str(figures_copy))
    assert r.returncode == 1 and r.stderr.splitlines() == [
        f"error: {FIGURE} (ar) is stale, not citable: figures/ar/{FIGURE}.csv is missing; rebuild it with make report"
    ]


def test_an_unknown_figure_lists_the_valid_ids_in_one_line(figures_copy):
    r = run("cite", "no-such-figure")
    assert r.returncode == 1 and r.stdout == ""
    ids = sorted({f["id"] for f in _manifest()["figures"]})
    assert r.stderr.splitlines() == [f"error: unknown figure id 'no-such-figure' (figures: {', '.join(ids)})"]
    # a long list is capped
    manifest = _manifest()
    manifest["figures"] = [{**manifest["figures"][0], "id": f"fig-{i:02d}"} for i in range(20)]
    (figures_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    r = run("cite", "x", "--figures", str(figures_copy))
    assert r.stderr.strip().endswith("fig-10, fig-11 and 8 more)") and len(r.stderr.splitlines()) == 1


def test_no_manifest_and_a_bad_language_are_one_line(tmp_path):
    r = run("cite", FIGURE, "--figures", str(tmp_path))
    assert r.returncode == 1 and r.stderr.splitlines() == [
        f"error: {tmp_path / 'manifest.json'}: no figure manifest (make report writes it)"
    ]
    r = run("cite", FIGURE, "--lang", "fr")
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1 and "--lang" in r.stderr
