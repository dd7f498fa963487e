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
    """Names and default values of the notebook's ``parameters`` cell (literals only, never executed)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ReportError(f"{notebook.name}: needs exactly one cell tagged 'parameters' (found {len(cells)})")
    declared: dict[str, Any] = {}
    for node in ast.parse(cells[0].source).body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    declared[t.id] = ast.literal_eval(node.value)
    return declared


def parse_value(text: str) -> Any:
    """A ``-p NAME VALUE`` value: a Python literal if it is one (True, 3, 'x'), else the string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


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
