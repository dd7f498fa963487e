"""The descriptor (``datapackage.json``) checked by hand before frictionless or any loader reads it.

Two promises rest on this check. Loading never fetches anything: a remote (or any custom) profile, schema,
dialect or path, and every ``$ref``, is refused, so frictionless never opens a connection. And every
shape the loaders rely on is there (resources as objects with a name, a local path and an inline Table
Schema whose fields have names; keys naming real fields; patterns that compile), so that a malformed
descriptor is one line naming its field (``resources[8].schema.fields[1].name``), never a traceback.

Usage::

    >>> from analysis.data_checks.descriptor import descriptor_problems
    >>> bad = {"profile": "http://127.0.0.1/x.json", "default_source": "s", "resources": []}
    >>> [str(p) for p in descriptor_problems(bad, "datapackage.json")]  # doctest: +ELLIPSIS
    ["datapackage.json:-:profile: remote profile 'http://127.0.0.1/x.json' refused: loading never fetches ..."]
"""

from __future__ import annotations

import re
from typing import Any

from analysis.data_checks.table_schema import kind_of, schema_shape_problems
from analysis.errors import Problem

PACKAGE_PROFILES = ("tabular-data-package", "data-package")
RESOURCE_PROFILES = ("tabular-data-resource", "data-resource")
#: Deeper nesting than any Data Package needs; a deeper descriptor is refused before anything recurses into it.
MAX_DEPTH = 32
#: Keys whose string value frictionless would open or fetch.
FETCHED_KEYS = ("path", "extrapaths", "profile", "$schema", "schema", "dialect", "data")
#: Lists whose items carry a citation link in ``path`` that nothing opens (licences, sources, contributors).
CITATION_LISTS = ("licenses", "sources", "contributors")
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\)")
_RESOURCE_NAME = re.compile(r"[a-z0-9._-]+")

#: The columns the loader and its checks read in each resource, with the type they read them as.
REQUIRED_COLUMNS: dict[str, dict[str, str]] = {
    "sources": dict.fromkeys(("source_id", "path", "sha256", "published"), "string"),
    "actors": dict.fromkeys(("actor_id", "short_en", "short_ar"), "string"),
    "labels": dict.fromkeys(("key", "en", "ar"), "string"),
    "stages": {"stage": "integer", "start_date": "date", "end_date": "date", "source_id": "string",
               "evidence": "string", "corroborated_by": "string", "corroboration_evidence": "string"},
    "stage_organisers": dict.fromkeys(("source_id", "evidence"), "string"),
    "participation": {"count": "integer", "paragraph": "integer", "source_id": "string", "evidence": "string"},
    "statements": {"paragraph": "integer", "source_id": "string", "evidence": "string", "anchor": "string"},
    "events": dict.fromkeys(("source_id", "date", "date_precision", "evidence"), "string"),
    "paragraph_themes": {"paragraph": "integer", "source_id": "string", "themes": "string",
                         "rationale_en": "string", "anchor": "string"},
    "codebook_themes": dict.fromkeys(
        ("theme_id", "label_en", "label_ar", "definition_en", "definition_ar", "patterns", "exclusions"), "string"
    ),
    "codebook_masked_names": dict.fromkeys(("name_id", "pattern", "label_en", "note"), "string"),
    "codebook_name_variants": dict.fromkeys(("canonical", "variant"), "string"),
}  # fmt: skip


def descriptor_problems(descriptor: Any, file: str) -> list[Problem]:
    """Every structural problem of a parsed descriptor, each naming its field as a JSON path; [] when sound.

    Nesting and remote references are checked first and alone: the structure is only walked when
    nothing in the descriptor would be fetched or recurse without bound.
    """
    problems = _reference_problems(descriptor, file)
    if problems:
        return problems
    if not isinstance(descriptor, dict):
        return [Problem(file, f"a data package is a JSON object, not {kind_of(descriptor)}")]
    problems = _package_problems(descriptor, file)
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return problems + [Problem(file, "missing: a data package lists its resources", field="resources")]
    named = [r for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)]
    fields_by_resource = {r["name"]: _field_names(r) for r in named}
    earlier: set[str] = set()
    for i, resource in enumerate(resources):
        problems += _resource_problems(resource, f"resources[{i}]", file, earlier, fields_by_resource)
        if isinstance(resource, dict) and isinstance(resource.get("name"), str):
            earlier.add(resource["name"])
    return problems


def _field_names(resource: dict) -> list[str]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return (
        [f["name"] for f in fields if isinstance(f, dict) and isinstance(f.get("name"), str)]
        if isinstance(fields, list)
        else []
    )


def _reference_problems(descriptor: Any, file: str) -> list[Problem]:
    """Too deep a nesting, every ``$ref``, and every remote reference frictionless would follow."""
    problems: list[Problem] = []
    stack: list[tuple[str, Any, int, bool]] = [("", descriptor, 0, False)]
    while stack:
        where, value, depth, citation = stack.pop()
        if depth > MAX_DEPTH:
            return [Problem(file, f"nested more than {MAX_DEPTH} levels deep", field=where or None)]
        children: list[tuple[str, Any]] = []
        if isinstance(value, dict):
            for key, item in value.items():
                here = f"{where}.{key}" if where else str(key)
                if key == "$ref":
                    problems.append(Problem(file, 'a "$ref" is never followed: write its target inline', field=here))
                elif key in FETCHED_KEYS and not (citation and key == "path"):
                    problems += _remote_problems(file, here, key, item)
                children.append((here, item))
        elif isinstance(value, list):
            children = [(f"{where}[{i}]", item) for i, item in enumerate(value)]
        in_citations = isinstance(value, list) and where.rsplit(".", 1)[-1] in CITATION_LISTS
        for here, item in reversed(children):
            stack.append((here, item, depth + 1, in_citations))
    return problems


def _remote_problems(file: str, where: str, key: str, value: Any) -> list[Problem]:
    values = value if isinstance(value, list) else [value]
    return [
        Problem(
            file,
            f"remote {key.lstrip('$')} {v!r} refused: loading never fetches anything ({_advice(where, key)})",
            field=where,
        )
        for v in values
        if isinstance(v, str) and _REMOTE.match(v)
    ][:1]


def _advice(where: str, key: str) -> str:
    """What to write instead of a remote reference at ``where``."""
    profile = PACKAGE_PROFILES[0] if where in ("profile", "$schema") else RESOURCE_PROFILES[0]
    return {
        "profile": f"use {profile!r}",
        "$schema": f'use "profile": {profile!r}',
        "schema": "write the Table Schema inline",
        "dialect": "the tables are plain comma-separated CSV",
        "data": "give a path to a CSV file in the data folder",
    }.get(key, "copy the file into the data folder and give its relative path")


def _package_problems(descriptor: dict, file: str) -> list[Problem]:
    problems = []
    profile = descriptor.get("profile")
    if profile is not None and profile not in PACKAGE_PROFILES:
        problems.append(Problem(file, f"unknown profile {profile!r} (use {PACKAGE_PROFILES[0]!r})", field="profile"))
    if "$schema" in descriptor:
        problems.append(Problem(file, f'never fetched: use "profile": {PACKAGE_PROFILES[0]!r}', field="$schema"))
    default = descriptor.get("default_source")
    if not isinstance(default, str) or not default:
        problems.append(Problem(file, "missing: the source commands read when none is named", field="default_source"))
    for key in ("name", "title", "description", "homepage", "version", "created", "image"):
        if key in descriptor and not isinstance(descriptor[key], str):
            problems.append(Problem(file, f"must be a string, not {kind_of(descriptor[key])}", field=key))
    for key in CITATION_LISTS:
        items = descriptor.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            problems.append(Problem(file, "must be a list of objects", field=key))
    keywords = descriptor.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        problems.append(Problem(file, "must be a list of strings", field="keywords"))
    return problems


def _resource_problems(
    resource: Any, where: str, file: str, earlier: set[str], fields_by_resource: dict[str, list[str]]
) -> list[Problem]:
    if not isinstance(resource, dict):
        return [Problem(file, f"a resource must be an object, not {kind_of(resource)}", field=where)]
    name = resource.get("name")
    if not isinstance(name, str) or not _RESOURCE_NAME.fullmatch(name):
        return [Problem(file, "needs a name of lower-case letters, digits, '.', '-' or '_'", field=f"{where}.name")]
    problems = []
    if name in earlier:
        problems.append(Problem(file, f"resource name {name!r} is used more than once", field=f"{where}.name"))
    if name.startswith("annotations_") and "_" not in name.removeprefix("annotations_"):
        problems.append(
            Problem(file, "an annotations resource is named annotations_<set>_<table>", field=f"{where}.name")
        )
    problems += _resource_key_problems(resource, where, file)
    problems += _path_problems(resource.get("path"), f"{where}.path", file)
    schema = resource.get("schema")
    if not isinstance(schema, dict):
        what = "missing" if schema is None else kind_of(schema)
        problems.append(
            Problem(
                file, f"{what}: resource {name!r} needs its Table Schema inline (an object)", field=f"{where}.schema"
            )
        )
        return problems
    required = REQUIRED_COLUMNS.get(name, {})
    return problems + schema_shape_problems(schema, f"{where}.schema", file, required, fields_by_resource)


def _resource_key_problems(resource: dict, where: str, file: str) -> list[Problem]:
    problems = []
    profile = resource.get("profile")
    if profile is not None and profile not in RESOURCE_PROFILES:
        problems.append(
            Problem(file, f"unknown profile {profile!r} (use {RESOURCE_PROFILES[0]!r})", field=f"{where}.profile")
        )
    rules = {
        "encoding": (lambda v: isinstance(v, str) and v.lower() in ("utf-8", "utf8"), "the tables are UTF-8"),
        "format": (lambda v: v == "csv", "the tables are CSV"),
        "scheme": (lambda v: v == "file", "the tables are local files"),
        "dialect": (lambda v: False, "the tables are plain comma-separated CSV with a header row"),
        "compression": (lambda v: False, "the tables are plain CSV files"),
        "data": (lambda v: False, "inline data is not read: give a path to a CSV file"),
        "$schema": (lambda v: False, f'never fetched: use "profile": {RESOURCE_PROFILES[0]!r}'),
    }
    for key, (ok, why) in rules.items():
        if key in resource and not ok(resource[key]):
            problems.append(Problem(file, f"{resource[key]!r} not supported: {why}", field=f"{where}.{key}"))
    for key in ("title", "description", "mediatype"):
        if key in resource and not isinstance(resource[key], str):
            problems.append(Problem(file, f"must be a string, not {kind_of(resource[key])}", field=f"{where}.{key}"))
    return problems


def _path_problems(path: Any, where: str, file: str) -> list[Problem]:
    """A resource's path: one relative path to a file inside the data folder."""
    if not isinstance(path, str) or not path:
        return [Problem(file, "needs a path: one file, relative to the data folder", field=where)]
    if any(not ch.isprintable() for ch in path):
        return [Problem(file, f"path {path!r} has control or invisible characters", field=where)]
    if path.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", path):
        return [Problem(file, f"path {path!r} leaves the data folder (give a path relative to it)", field=where)]
    return []
