"""`import analysis` stays light: heavy libraries load where they are used, not at package import."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "matplotlib", "seaborn", "papermill", "nbformat", "frictionless", "nbconvert")


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return {m.split(".")[0] for m in json.loads(out)}


def test_import_analysis_loads_no_heavy_library():
    loaded = _loaded_after("import analysis")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_light_modules_stay_light():
    # the command line, paths, errors, labels and the Arabic normaliser import nothing heavy either
    loaded = _loaded_after(
        "import analysis.__main__, analysis.paths, analysis.errors, analysis.labels, analysis.arabic"
    )
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
