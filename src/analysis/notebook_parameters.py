"""The notebooks the report runs and their parameters: found by name, read from each notebook's
``parameters`` cell as literals (never executed), and checked against ``-p`` overrides before any kernel starts.

Usage::

    >>> from analysis.notebook_parameters import declared_parameters, discover_notebooks
    >>> nb = discover_notebooks(["00-source-overview"])[0]
    >>> sorted(declared_parameters(nb))
    ['data_dir', 'figures_dir', 'lang', 'source_id']
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import UsageError as ReportError
from analysis.labels import LANGS

#: The parameter through which the runner tells a notebook where to write its figures (never set with -p).
FIGURES_PARAMETER = "figures_dir"
#: The parameter through which ``--data`` reaches a notebook, and the one that names its source.
DATA_PARAMETER, SOURCE_PARAMETER = "data_dir", "source_id"
RESERVED = {
    FIGURES_PARAMETER: "the runner chooses where figures go (figures/ for the default run)",
    DATA_PARAMETER: "use --data",
    SOURCE_PARAMETER: "use --sources",
    "lang": "use --lang",
}


def discover_notebooks(names: list[str] | None = None, folder: Path | None = None) -> list[Path]:
    """The notebooks to run: all ``NN-*.ipynb`` in notebooks/, or those named (with or without .ipynb)."""
    folder = folder or paths.NOTEBOOKS_DIR
    available = sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb"))
    if not names:
        return available
    by_name = {p.stem: p for p in available}
    chosen = []
    for name in names:
        stem = Path(name).stem
        if stem not in by_name:
            raise ReportError(f"--notebooks: unknown notebook {name!r} (available: {', '.join(by_name)})")
        chosen.append(by_name[stem])
    return chosen


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """Names and default values of the notebook's ``parameters`` cell (literals only, never executed).

    A notebook that is not a readable JSON notebook, or whose parameters cell is not plain ``name = literal``
    lines, is a ReportError naming the notebook, before any kernel starts.
    """
    cells = [c for c in _cells(notebook) if "parameters" in _tags(c)]
    if len(cells) != 1:
        raise ReportError(f"{notebook.name}: needs exactly one cell tagged 'parameters' (found {len(cells)})")
    source = cells[0].get("source", "")
    source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else str(source)
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        raise ReportError(f"{notebook.name}: the parameters cell is not Python ({_reason(exc)})") from None
    declared: dict[str, Any] = {}
    for node in body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    declared[t.id] = _literal(notebook, t.id, node)
    return declared


def _literal(notebook: Path, name: str, node: ast.Assign | ast.AnnAssign) -> Any:
    try:
        return ast.literal_eval(node.value)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        raise ReportError(
            f"{notebook.name}: parameter {name!r} (line {node.lineno} of the parameters cell) is not a literal: "
            "a parameters cell holds only values such as 'ar', 3, True or None"
        ) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (RecursionError, MemoryError)):
        return "nested too deeply"
    return f"{getattr(exc, 'msg', exc)}, line {getattr(exc, 'lineno', '?')}"


def _cells(notebook: Path) -> list[dict]:
    """The cells of a notebook file (a FIFO or a folder in its place is refused, not waited on)."""
    import stat
    import warnings

    import nbformat

    try:
        if not stat.S_ISREG(notebook.stat().st_mode):
            raise ReportError(f"{notebook.name}: not a regular file")
        with warnings.catch_warnings():  # only the parameters cell is read here: its ids and versions do not matter
            warnings.simplefilter("ignore")
            nb = nbformat.read(notebook, as_version=4)
    except OSError as exc:
        raise ReportError(f"{notebook.name}: cannot be read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ReportError(f"{notebook.name}: not UTF-8 (byte {exc.start})") from None
    except nbformat.reader.NotJSONError:
        raise ReportError(f"{notebook.name}: not a notebook: not JSON") from None
    except RecursionError:
        raise ReportError(f"{notebook.name}: not a notebook: nested too deeply") from None
    except (nbformat.ValidationError, ValueError, TypeError, AttributeError, KeyError) as exc:
        # what nbformat raises on JSON of another shape than a notebook's
        raise ReportError(f"{notebook.name}: not a notebook ({type(exc).__name__}: {exc})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise ReportError(f"{notebook.name}: not a notebook: no list of cells (nbformat 4)")
    return cells


def _tags(cell: dict) -> list:
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return tags if isinstance(tags, list) else []


def parse_value(text: str) -> Any:
    """A ``-p NAME VALUE`` value: a Python literal if it is one (True, 3, 'x'), else the string.

    A value nested too deeply for Python's parser is refused rather than read as a string: it was
    clearly meant as a literal.
    """
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    except (RecursionError, MemoryError):
        raise ReportError(f"-p: value {text[:20]!r}... ({len(text)} characters) is nested too deeply to read") from None


def check_parameters(declared_by: dict[Path, dict[str, Any]], overrides: dict[str, Any], langs: list[str]) -> None:
    """Unknown names and values of the wrong type are errors before any kernel starts.

    ``declared_by`` maps each selected notebook to its declared parameters and defaults.
    """
    bad_langs = [lang for lang in langs if lang not in LANGS]
    if bad_langs:
        raise ReportError(f"--lang: unknown language {bad_langs[0]!r} (use {' or '.join(LANGS)})")
    for name, value in overrides.items():
        if name in RESERVED:
            raise ReportError(f"-p {name}: {RESERVED[name]}")
        owners = []
        for nb, declared in declared_by.items():
            if name not in declared:
                continue
            owners.append(nb)
            default = declared[name]
            if default is not None and not _same_type(default, value):
                raise ReportError(
                    f"-p {name}: {value!r} is {type(value).__name__}, but {nb.name} expects "
                    f"{type(default).__name__} (default {default!r})"
                )
        if not owners:
            valid = sorted({k for d in declared_by.values() for k in d} - set(RESERVED))
            raise ReportError(
                f"-p {name}: no selected notebook has a parameter {name!r} (they have: {', '.join(valid)})"
            )


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)) and isinstance(value, (int, float)):
        return isinstance(value, type(default)) or isinstance(default, float)
    return isinstance(value, type(default))
