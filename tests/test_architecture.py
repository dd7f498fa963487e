"""The package keeps its floors: each module imports only lower floors; nothing but `data` opens a data file;
no module over 400 lines; the seed's id named once; notebooks narrate and call, they do not compute."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from analysis import paths

SRC = paths.PACKAGE_DIR

#: module -> floor (docs/architecture.md). A module may import modules of its own floor or below.
FLOORS = {
    "paths": 0,
    "errors": 0,
    "files": 0,
    "arabic": 1,
    "linear": 1,
    "patterns": 1,
    "scanner": 1,
    "concepts": 1,
    "codebook": 1,
    "labels": 1,
    "count_lexicon": 1,
    "data": 2,
    "data_checks": 2,
    "register": 2,
    "text": 3,
    "duplicates": 3,
    "layout_lines": 3,
    "layout": 3,
    "attribution": 3,
    "counts": 4,
    "agreement": 4,
    "bounds": 4,
    "themes": 4,
    "theme_tables": 4,
    "participation": 4,
    "timeline": 4,
    "overview": 4,
    "corpus": 4,
    "evaluation": 4,
    "validation": 4,
    "count_reading": 4,
    "findings": 4,
    "figures": 5,
    "plots": 5,
    "tables": 5,
    "html": 6,
    "report": 6,
    "manifest": 6,
    "notebook_parameters": 6,
    "publish": 6,
    "kernel_pool": 6,
    "__main__": 6,
    "code_corpus": 6,
    "cite": 6,
}
#: Within a floor, imports that would make a cycle are forbidden by this order (lower index first).
SAME_FLOOR_ORDER = [
    "paths",
    "errors",
    "files",
    "arabic",
    "linear",
    "patterns",
    "scanner",
    "concepts",
    "codebook",
    "labels",
    "count_lexicon",
    "data_checks",
    "data",
    "register",
    "layout_lines",
    "layout",
    "attribution",
    "duplicates",
    "text",
]


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if p.name != "__init__.py" or p.parent != SRC)


def _name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem  # a subpackage is one room


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis"):
            parts = node.module.split(".")
            if len(parts) == 1:
                out |= {a.name for a in node.names}
            else:
                out.add(parts[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("analysis.")}
    return out


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_module_imports_only_lower_floors(path):
    me = _name(path)
    assert me in FLOORS, f"{me}: give it a floor in docs/architecture.md and in this test"
    for other in _imports(path) - {me}:
        assert other in FLOORS, f"{me} imports unknown module {other}"
        assert FLOORS[other] <= FLOORS[me], f"{me} (floor {FLOORS[me]}) imports {other} (floor {FLOORS[other]})"
        if FLOORS[other] == FLOORS[me] and me in SAME_FLOOR_ORDER and other in SAME_FLOOR_ORDER:
            assert SAME_FLOOR_ORDER.index(other) < SAME_FLOOR_ORDER.index(me), f"{me} imports {other}: a cycle"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_module_over_400_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


def test_only_data_opens_data_files():
    opener = re.compile(r"\bopen\(|read_text\(|read_bytes\(|read_csv\(")
    for path in _modules():
        if _name(path) in {
            "data",
            "data_checks",
            "register",
            "files",
            "report",
            "publish",
            "kernel_pool",
            "manifest",
            "html",
            "__main__",
            "code_corpus",
        }:
            continue  # the reader, the registrar, and the runner's own outputs
        text = path.read_text(encoding="utf-8")
        assert not opener.search(text), f"{path.name} opens a file"


def test_the_default_source_is_named_at_most_once_in_the_package():
    default = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["default_source"]
    hits = sum(p.read_text(encoding="utf-8").count(default) for p in _modules())
    assert hits <= 1


def _code_cells(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("nb_path", sorted(paths.NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_narrate_and_call(nb_path):
    for src in _code_cells(nb_path):
        tree = ast.parse(src)
        for node in ast.walk(tree):
            assert not isinstance(
                node,
                (
                    ast.For,
                    ast.While,
                    ast.FunctionDef,
                    ast.Lambda,
                    ast.ListComp,
                    ast.DictComp,
                    ast.SetComp,
                    ast.GeneratorExp,
                ),
            ), f"{nb_path.name}: logic in a notebook cell:\n{src}"
        if "save(" in src:
            lines = [line for line in src.splitlines() if line.strip() and not line.strip().startswith("#")]
            assert len(lines) <= 3, f"{nb_path.name}: a figure cell of {len(lines)} lines:\n{src}"
