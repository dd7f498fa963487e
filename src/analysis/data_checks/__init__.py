"""The checks of the data package, in the order they run: the descriptor (by hand, before anything reads it:
nothing remote, every shape the loaders rely on), the files and their CSV structure, the cells, the Table
Schemas (frictionless), and what a schema cannot express (evidence spans, counts, paragraph anchors, dates).

Every problem is a :class:`analysis.errors.Problem`, ``file:row:field: message``, where row is the CSV line
number (the header is line 1) and, in ``datapackage.json``, field is a JSON path. :mod:`analysis.data`
runs these checks when it loads.

Usage::

    >>> from analysis import data_checks, paths
    >>> from analysis.data import read_descriptor
    >>> data_checks.schema_problems(paths.DATA_DIR, read_descriptor(paths.DATA_DIR))
    []
    >>> data_checks.paragraph_anchor("نص الفقرة")
    '241162d25bab'
"""

from analysis.data_checks.anchors import paragraph_anchor, with_anchors
from analysis.data_checks.content import REFERENCES_GLOB, content_problems, is_missing, numbers_in
from analysis.data_checks.csv_tables import cell_problems, file_problems, schema_problems
from analysis.data_checks.descriptor import REQUIRED_COLUMNS, descriptor_problems
from analysis.data_checks.reading import (
    NotReadable,
    non_regular_problems,
    package_folder,
    read_regular_bytes,
    read_strict_json,
)

__all__ = [
    "REFERENCES_GLOB",
    "REQUIRED_COLUMNS",
    "NotReadable",
    "cell_problems",
    "content_problems",
    "descriptor_problems",
    "file_problems",
    "is_missing",
    "non_regular_problems",
    "numbers_in",
    "package_folder",
    "paragraph_anchor",
    "read_regular_bytes",
    "read_strict_json",
    "schema_problems",
    "with_anchors",
]
