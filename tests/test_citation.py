"""CITATION.cff: valid CFF 1.2.0 fields, and the version agrees with the package."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis import __version__, paths


def test_citation_cff_fields():
    cff = yaml.safe_load((paths.PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    for key in ("message", "title", "authors", "version", "license", "type"):
        assert cff.get(key), key
    assert cff["type"] in {"software", "dataset"}
    assert all("name" in a or "family-names" in a for a in cff["authors"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    project = tomllib.loads((paths.PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"] == __version__
