"""CITATION.cff: valid CFF 1.2.0 fields, and the version agrees with the package."""

from __future__ import annotations

import json
import re
import tomllib
from urllib.parse import urlparse

import yaml

from analysis import __version__, paths

CFF = paths.PROJECT_ROOT / "CITATION.cff"
#: The top-level keys CFF 1.2.0 allows (its schema has additionalProperties: false).
CFF_KEYS = {
    "abstract",
    "authors",
    "cff-version",
    "commit",
    "contact",
    "date-released",
    "doi",
    "identifiers",
    "keywords",
    "license",
    "license-url",
    "message",
    "preferred-citation",
    "references",
    "repository",
    "repository-artifact",
    "repository-code",
    "title",
    "type",
    "url",
    "version",
}
#: CFF 1.2.0's pattern for a URL.
CFF_URL = re.compile(r"^(https|http|ftp|sftp)://.+")
#: The host of the placeholder address, reserved for examples (RFC 2606).
PLACEHOLDER_HOST = "example.org"


def _cff() -> dict:
    return yaml.safe_load(CFF.read_text(encoding="utf-8"))


def test_citation_cff_fields():
    cff = _cff()
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "license", "type"):
        assert cff.get(key), key
    assert cff["type"] in {"software", "dataset"}
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"] == __version__


def test_citation_cff_keys_are_cff_1_2_0():
    assert set(_cff()) <= CFF_KEYS, set(_cff()) - CFF_KEYS


def test_citation_cff_authors_are_named():
    authors = _cff()["authors"]
    assert isinstance(authors, list) and authors
    for author in authors:
        name = author.get("name") or author.get("family-names")
        assert isinstance(name, str) and name.strip(), author


def test_citation_cff_version_is_the_data_package_version_too():
    descriptor = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert str(_cff()["version"]) == descriptor["version"] == __version__


def test_citation_cff_repository_code_is_a_url_and_a_placeholder_says_so():
    url = _cff()["repository-code"]
    assert isinstance(url, str) and CFF_URL.match(url), url
    if urlparse(url).hostname != PLACEHOLDER_HOST:
        return  # the published address: nothing left to replace
    lines = CFF.read_text(encoding="utf-8").splitlines()
    above = lines[: next(i for i, line in enumerate(lines) if line.startswith("repository-code:"))]
    comment = []
    while above and above[-1].startswith("#"):
        comment.insert(0, above.pop())
    assert comment and comment[0].startswith("# PLACEHOLDER"), "the placeholder URL needs its comment right above it"
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    citing = readme[readme.index("## How to cite") :].split("\n## ", 1)[0]
    assert "repository-code" in citing and "placeholder" in citing and "replaces" in citing
