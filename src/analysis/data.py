"""Load and validate the data package into typed pandas DataFrames.

Validation has three layers (:mod:`analysis.data_checks`). The descriptor is checked by hand before
anything reads it: nothing remote, every shape the loaders rely on. The Table Schemas in
``data/datapackage.json`` (types, required fields, enums, patterns, primary and foreign keys) are
checked by frictionless. The checks a schema cannot express come last: raw texts are regular files,
decode as UTF-8 and match their sha256; every ``evidence`` span is really in its source (and in the
paragraph it cites, whose anchor matches its text); counts are written in their evidence; paragraph
numbers exist; end dates follow start dates; dates and timestamps are real.

Every problem is reported as ``file:row:field: message`` where row is the CSV line number
(the header is line 1, so the first data row is row 2).

Usage::

    >>> from analysis import data
    >>> pkg = data.load_package()
    >>> pkg.participation[["figure_id", "count"]].head(2).values.tolist()
    [['kw-participants', 450], ['kw-participants-headline', 450]]
    >>> pkg.codebook.theme_ids[:2], pkg.labels("paragraph", "ar")
    (['intl_cooperation', 'border_security'], 'الفقرة')
    >>> data.validate_package()                         # [] when the package is sound
    []

A clean validation is remembered per content (:mod:`analysis.data_checks.cache`): a second load of the same
bytes skips the schema and content checks (frictionless among them) and only reads, checksums and compiles.
``validate_package`` and ``load_package(revalidate=True)`` always run every check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths
from analysis.data_checks import (
    NotReadable,
    content_problems,
    descriptor_problems,
    non_regular_problems,
    package_folder,
    read_regular_bytes,
    read_strict_json,
    schema_problems,
)
from analysis.data_checks import cache as validation_cache
from analysis.data_checks import is_missing as _missing
from analysis.errors import DataError, Problem, display_path

if TYPE_CHECKING:  # pandas is imported where used, to keep `import analysis` fast
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.labels import Labels

#: Resources every package must have, in load order.
TABLES = (
    "sources",
    "actors",
    "labels",
    "stages",
    "stage_organisers",
    "participation",
    "statements",
    "events",
    "codebook_themes",
    "codebook_masked_names",
    "codebook_name_variants",
    "codebook_concepts",
    "codebook_rules",
    "codebook_affixes",
    "paragraph_themes",
    "lexicon_reporting_verbs",
    "lexicon_actor_aliases",
    "lexicon_layout_markers",
    "lexicon_count_nouns",
    "lexicon_count_qualifiers",
    "lexicon_number_words",
)

_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


#: The table resources, by the attribute of :class:`Package` that holds each.
RESOURCES = {
    "sources": "sources",
    "actors": "actors",
    "labels": "labels",
    "stages": "stages",
    "stage_organisers": "stage_organisers",
    "participation": "participation",
    "statements": "statements",
    "events": "events",
    "themes": "codebook_themes",
    "masked_names": "codebook_masked_names",
    "name_variants": "codebook_name_variants",
    "concepts": "codebook_concepts",
    "rules": "codebook_rules",
    "affixes": "codebook_affixes",
    "paragraph_themes": "paragraph_themes",
    "reporting_verbs": "lexicon_reporting_verbs",
    "actor_aliases": "lexicon_actor_aliases",
    "layout_markers": "lexicon_layout_markers",
    "count_nouns": "lexicon_count_nouns",
    "count_qualifiers": "lexicon_count_qualifiers",
    "number_words": "lexicon_number_words",
}


@dataclass(frozen=True)
class Package:
    """The loaded data package: every table typed from its schema, the raw texts (checksummed),
    and what is built from the tables: the compiled codebook, the hand coding, the labels."""

    data_dir: Path
    descriptor: dict
    sources: pd.DataFrame
    actors: pd.DataFrame
    labels_table: pd.DataFrame
    stages: pd.DataFrame
    stage_organisers: pd.DataFrame
    participation: pd.DataFrame
    statements: pd.DataFrame
    events: pd.DataFrame
    themes: pd.DataFrame
    masked_names: pd.DataFrame
    name_variants: pd.DataFrame
    concepts: pd.DataFrame
    rules: pd.DataFrame
    affixes: pd.DataFrame
    paragraph_themes: pd.DataFrame
    reporting_verbs: pd.DataFrame
    actor_aliases: pd.DataFrame
    layout_markers: pd.DataFrame
    count_nouns: pd.DataFrame
    count_qualifiers: pd.DataFrame
    number_words: pd.DataFrame
    raw_texts: dict[str, str]
    codebook: Codebook
    #: source_id, paragraph, themes (tuple of theme ids), rationale_en: one row per coded paragraph.
    hand_coding: pd.DataFrame
    labels: Labels
    #: Validation sets of the theme coder, by name (``development``, ``fresh``): each a dict of its tables
    #: (``paragraphs``, ``gold``, ``coder_a``, ``coder_b``), from the resources ``annotations_<set>_<table>``.
    validation_sets: dict[str, dict[str, pd.DataFrame]]

    @property
    def default_source(self) -> str:
        """The source the notebooks and commands use when none is named (the descriptor's ``default_source``)."""
        return self.descriptor["default_source"]

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by resource name."""
        attr = {v: k for k, v in RESOURCES.items()}
        return {
            name: getattr(self, "labels_table" if attr[name] == "labels" else attr[name]) for name in RESOURCES.values()
        }

    def text(self, source_id: str) -> str:
        """The decoded raw text of a source; DataError if the source has none."""
        if source_id not in self.raw_texts:
            known = ", ".join(sorted(self.raw_texts)) or "none"
            raise DataError(
                self.data_dir / "sources.csv",
                f"unknown source id {source_id!r} with a raw text (known: {known})",
                field="source_id",
            )
        return self.raw_texts[source_id]

    def source(self, source_id: str) -> dict:
        """The ``sources`` row of a source as a dict (missing cells None); DataError if unknown."""
        rows = self.sources[self.sources["source_id"] == source_id]
        if rows.empty:
            raise DataError(self.data_dir / "sources.csv", f"unknown source id {source_id!r}", field="source_id")
        return {k: (None if _missing(v) else v) for k, v in rows.iloc[0].to_dict().items()}

    def primary_key(self, name: str) -> list[str]:
        """The primary-key columns of a resource, as a list."""
        pk = _resource(self.descriptor, name)["schema"].get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    def resource_path(self, name: str) -> Path:
        return self.data_dir / _resource(self.descriptor, name)["path"]


def read_descriptor(data_dir: Path) -> dict:
    """The parsed ``datapackage.json``, checked by hand before anything else reads it (nothing remote, every
    shape the loaders rely on); DataError if it is missing, not JSON, or not sound."""
    path = package_folder(data_dir) / "datapackage.json"
    descriptor = read_strict_json(path, missing="no data package descriptor here")
    problems = descriptor_problems(descriptor, display_path(path))
    if problems:
        raise DataError.from_problems(problems)
    names = {r["name"] for r in descriptor["resources"]}
    missing = [t for t in TABLES if t not in names]
    if missing:
        raise DataError(path, f"resource(s) missing: {', '.join(missing)}", field="resources")
    return descriptor


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r.get("name") == name)


def read_tables(data_dir: Path, descriptor: dict) -> dict[str, pd.DataFrame]:
    """Every resource as a DataFrame typed from its schema (Int64, string, datetime64)."""
    import pandas as pd

    tables: dict[str, pd.DataFrame] = {}
    for res in descriptor["resources"]:
        fields = res["schema"]["fields"]
        dtypes = {
            f["name"]: _PANDAS_TYPES.get(f.get("type", "string"), "string")
            for f in fields
            if f.get("type", "string") != "date"
        }
        path = data_dir / res["path"]
        try:
            df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
        except (ValueError, pd.errors.ParserError, OSError) as exc:
            raise DataError(path, f"cannot read as a typed table: {' '.join(str(exc).split())}") from None
        for f in fields:
            if f.get("type") == "date":
                try:
                    df[f["name"]] = pd.to_datetime(df[f["name"]], format="%Y-%m-%d")
                except (ValueError, OverflowError) as exc:  # the schema check reports bad dates first
                    raise DataError(path, f"cannot read dates: {exc}", field=f["name"]) from None
        tables[res["name"]] = df
    return tables


def read_raw_texts(data_dir: Path, sources: pd.DataFrame) -> tuple[dict[str, str], list[Problem]]:
    """Decoded raw texts of the sources that have one, checked against their sha256."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    sources_file = display_path(data_dir / "sources.csv")
    referenced: set[Path] = set()
    for i, src in enumerate(sources.itertuples(index=False), start=2):
        if _missing(src.path):
            continue
        if not src.path.isprintable():  # a NUL byte or an escape sequence is no file name
            problems.append(Problem(sources_file, f"path {src.path!r} has control or invisible characters", i, "path"))
            continue
        raw_path = (data_dir / src.path).resolve()
        referenced.add(raw_path)
        if not raw_path.is_relative_to(data_dir.resolve()):
            problems.append(Problem(sources_file, f"path {src.path!r} leaves the data folder", i, "path"))
            continue
        try:
            blob = read_regular_bytes(raw_path)
        except NotReadable as exc:
            problems.append(Problem(sources_file, f"raw text {src.path!r}: {exc}", i, "path"))
            continue
        digest = hashlib.sha256(blob).hexdigest()
        if _missing(src.sha256):
            problems.append(Problem(sources_file, "a source with a raw text needs its sha256", i, "sha256"))
        elif digest != src.sha256:
            problems.append(
                Problem(
                    sources_file,
                    f"checksum mismatch for {src.path}: file has {digest[:12]}..., "
                    f"recorded {src.sha256[:12]}... (the raw text changed)",
                    i,
                    "sha256",
                )
            )
            continue
        try:
            texts[src.source_id] = blob.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(display_path(raw_path), f"not UTF-8 ({exc.reason} at byte {exc.start})"))
    problems += non_regular_problems(data_dir / "raw", skip=referenced)
    return texts, problems


def validate_package(data_dir: Path | None = None) -> list[Problem]:
    """Every problem in the package at ``data_dir`` (default ``data/``), every check run; [] when it is sound."""
    data_dir = Path(data_dir or paths.DATA_DIR)
    try:
        _load(data_dir, revalidate=True)
    except DataError as exc:
        return exc.problems
    return []


def load_package(data_dir: Path | None = None, *, revalidate: bool = False) -> Package:
    """Validate and load the package; DataError listing every problem if it is not sound. Content that
    validated before is not checked again unless ``revalidate``."""
    return _load(Path(data_dir or paths.DATA_DIR), revalidate)


def _load(data_dir: Path, revalidate: bool = False) -> Package:
    descriptor = read_descriptor(data_dir)
    key = validation_cache.content_key(data_dir, descriptor)
    checked = not revalidate and validation_cache.is_validated(key)
    problems = [] if checked else schema_problems(data_dir, descriptor)
    if problems:  # typed reading needs a schema-valid table
        raise DataError.from_problems(problems)
    tables = read_tables(data_dir, descriptor)
    texts, problems = read_raw_texts(data_dir, tables["sources"])
    if not checked:
        problems += content_problems(data_dir, descriptor, tables, texts)
    book, book_problems = _codebook(data_dir, descriptor, tables)
    problems += book_problems
    hand, hand_problems = _hand_coding(data_dir, descriptor, tables["paragraph_themes"], book)
    problems += hand_problems
    for name in sorted(n for n in tables if n.startswith("annotations_") and "themes" in tables[n].columns):
        problems += _hand_coding(
            data_dir, descriptor, tables[name].assign(source_id="", rationale_en=""), book, resource=name
        )[1]
    if problems:
        raise DataError.from_problems(problems)
    if not checked and key is not None and validation_cache.content_key(data_dir, descriptor) == key:
        validation_cache.remember_validated(key)  # unchanged while it was checked: remembered as sound
    from analysis.labels import Labels

    by_attr = {attr: tables[name] for attr, name in RESOURCES.items()}
    by_attr["labels_table"] = by_attr.pop("labels")
    return Package(
        data_dir,
        descriptor,
        raw_texts=texts,
        codebook=book,
        hand_coding=hand,
        labels=Labels(tables["labels"], tables["actors"]),
        validation_sets=_validation_sets(tables),
        **by_attr,
    )


def _validation_sets(tables: dict) -> dict[str, dict[str, pd.DataFrame]]:
    sets: dict[str, dict[str, pd.DataFrame]] = {}
    for name, table in tables.items():
        if name.startswith("annotations_"):
            set_name, part = name.removeprefix("annotations_").split("_", 1)
            sets.setdefault(set_name, {})[part] = table
    return {k: sets[k] for k in sorted(sets)}


def _codebook(data_dir: Path, descriptor: dict, tables: dict) -> tuple[Codebook | None, list[Problem]]:
    from analysis.codebook import build_codebook

    files = {
        key: display_path(data_dir / _resource(descriptor, f"codebook_{key}")["path"])
        for key in ("themes", "masked_names", "name_variants", "concepts", "rules", "affixes")
    }
    return build_codebook(
        tables["codebook_themes"],
        tables["codebook_masked_names"],
        tables["codebook_name_variants"],
        concepts=tables["codebook_concepts"],
        rules=tables["codebook_rules"],
        affixes=tables["codebook_affixes"],
        files=files,
    )


def _hand_coding(
    data_dir: Path, descriptor: dict, coded: pd.DataFrame, book: Codebook | None, resource: str = "paragraph_themes"
) -> tuple[pd.DataFrame, list[Problem]]:
    """The hand coding with its themes as tuples; unknown or repeated theme ids are problems."""
    file = display_path(data_dir / _resource(descriptor, resource)["path"])
    known = set(book.theme_ids) if book is not None else None
    problems, themes = [], []
    for row, cell in enumerate(coded["themes"].tolist(), start=2):
        ids = tuple(t.strip() for t in (cell if isinstance(cell, str) else "").split(";") if t.strip())
        if known is not None:
            problems += [Problem(file, f"unknown theme id {t!r}", row, "themes") for t in ids if t not in known]
        if len(set(ids)) != len(ids):
            problems.append(Problem(file, "theme id repeated", row, "themes"))
        themes.append(ids)
    hand = coded.assign(themes=themes).astype({"paragraph": "int64"})
    return hand[["source_id", "paragraph", "themes", "rationale_en"]], problems
