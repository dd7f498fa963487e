"""One resource's Table Schema checked by hand, for the shapes the loaders and frictionless rely on.

Fields are objects with unique names and known types; constraints have the types frictionless expects (a
pattern compiles as frictionless compiles it, anchored); keys name real fields; the columns the checks
read are there with the type they are read as. Each problem names its field as a JSON path.

Usage::

    >>> from analysis.data_checks.table_schema import schema_shape_problems
    >>> schema = {"fields": [{"name": "id", "constraints": {"pattern": "(["}}]}
    >>> [str(p) for p in schema_shape_problems(schema, "resources[0].schema", "datapackage.json")]
    ["datapackage.json:-:resources[0].schema.fields[0].constraints.pattern: pattern '([' does not compile: \
unterminated character set at position 2"]
"""

from __future__ import annotations

import re
from typing import Any

from analysis.errors import Problem

FIELD_TYPES = (
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year", "yearmonth",
    "duration", "geopoint", "geojson", "any", "list",
)  # fmt: skip
_NUMERIC = ("integer", "number", "year")


def kind_of(value: Any) -> str:
    """What a JSON value is, for messages: 'an object', 'a list', 'a string', ..."""
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def _names(value: Any) -> list[str] | None:
    """A key's field names (a string or a list of strings), or None if it is neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def schema_shape_problems(
    schema: dict,
    where: str,
    file: str,
    required: dict[str, str] | None = None,
    fields_by_resource: dict[str, list[str]] | None = None,
) -> list[Problem]:
    """Problems of one Table Schema at JSON path ``where``; ``required`` maps the columns the loader reads to
    their types; ``fields_by_resource`` gives the field names of every resource, for foreign keys."""
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        what = "missing" if fields is None else f"{kind_of(fields)}, not a list of fields" if fields else "empty"
        return [Problem(file, f"{what}: a Table Schema lists its fields", field=f"{where}.fields")]
    problems: list[Problem] = []
    types: dict[str, str] = {}
    for i, field in enumerate(fields):
        here = f"{where}.fields[{i}]"
        field_problems = _field_problems(field, here, file)
        problems += field_problems
        if not field_problems:
            if field["name"] in types:
                problems.append(Problem(file, f"field name {field['name']!r} repeated", field=f"{here}.name"))
            types[field["name"]] = field.get("type", "string")
    if problems:
        return problems
    for column, kind in (required or {}).items():
        if column not in types:
            problems.append(Problem(file, f"missing field {column!r} (the checks read it)", field=f"{where}.fields"))
        elif types[column] != kind:
            problems.append(
                Problem(file, f"field {column!r} must be of type {kind}, not {types[column]}", field=f"{where}.fields")
            )
    missing_values = schema.get("missingValues", [""])
    if missing_values != [""]:
        problems.append(
            Problem(file, 'only an empty cell is a missing value: use [""]', field=f"{where}.missingValues")
        )
    return problems + _key_problems(schema, where, file, list(types), fields_by_resource or {})


def _field_problems(field: Any, where: str, file: str) -> list[Problem]:
    if not isinstance(field, dict):
        return [Problem(file, f"a field must be an object, not {kind_of(field)}", field=where)]
    name, kind = field.get("name"), field.get("type", "string")
    if not isinstance(name, str) or not name:
        return [Problem(file, "missing: every field needs a name", field=f"{where}.name")]
    if kind not in FIELD_TYPES:
        return [Problem(file, f"unknown type {kind!r} (use one of {', '.join(FIELD_TYPES)})", field=f"{where}.type")]
    if field.get("format", "default") != "default" and kind in ("date", "time", "datetime", "number", "integer"):
        return [
            Problem(file, f"format {field['format']!r} not supported: dates are YYYY-MM-DD", field=f"{where}.format")
        ]
    for key in ("title", "description"):
        if key in field and not isinstance(field[key], str):
            return [Problem(file, f"must be a string, not {kind_of(field[key])}", field=f"{where}.{key}")]
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict):
        return [Problem(file, f"must be an object, not {kind_of(constraints)}", field=f"{where}.constraints")]
    return [
        Problem(file, message, field=f"{where}.constraints.{key}")
        for key, value in constraints.items()
        if (message := _constraint_problem(key, value, kind))
    ]


def _constraint_problem(key: str, value: Any, kind: str) -> str | None:
    """Why a constraint cannot be used as frictionless would use it, or None if it can."""
    if key in ("required", "unique"):
        return None if isinstance(value, bool) else f"must be true or false, not {kind_of(value)}"
    if key == "pattern":
        if not isinstance(value, str):
            return f"must be a string, not {kind_of(value)}"
        try:
            re.compile(f"^{value}$")  # as frictionless compiles it
        except (re.error, RecursionError, OverflowError) as exc:
            return f"pattern {value!r} does not compile: {exc}"
        return None
    if key == "enum":
        return None if isinstance(value, list) and value else "must be a non-empty list"
    if key in ("minLength", "maxLength"):
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if ok else "must be a whole number of 0 or more"
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if kind in _NUMERIC:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return None if ok else f"must be a number for a field of type {kind}"
        return None if isinstance(value, str) else f"must be a string for a field of type {kind}"
    return f"unknown constraint {key!r}"


def _key_problems(
    schema: dict, where: str, file: str, names: list[str], fields_by_resource: dict[str, list[str]]
) -> list[Problem]:
    problems = []
    if "primaryKey" in schema:
        key = _names(schema["primaryKey"])
        if key is None or any(k not in names for k in key):
            problems.append(Problem(file, "must name fields of this schema", field=f"{where}.primaryKey"))
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        return problems + [Problem(file, "must be a list of objects", field=f"{where}.foreignKeys")]
    for i, fk in enumerate(foreign_keys):
        message = _foreign_key_problem(fk, names, fields_by_resource)
        if message:
            problems.append(Problem(file, message, field=f"{where}.foreignKeys[{i}]"))
    return problems


def _foreign_key_problem(fk: Any, names: list[str], fields_by_resource: dict[str, list[str]]) -> str | None:
    if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
        return "a foreign key is an object with fields and a reference"
    own, ref = _names(fk.get("fields")), fk["reference"]
    if own is None or any(f not in names for f in own):
        return "fields: must name fields of this schema"
    target, ref_fields = ref.get("resource"), _names(ref.get("fields"))
    if not isinstance(target, str) or (target and target not in fields_by_resource):
        return f"reference.resource: no resource named {target!r}"
    known = fields_by_resource.get(target, names) if target else names
    if ref_fields is None or len(ref_fields) != len(own) or any(f not in known for f in ref_fields):
        return f"reference.fields: must name as many fields of {target or 'this resource'!r} as the key has"
    return None
