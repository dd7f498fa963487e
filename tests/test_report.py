"""The batch runner on small throwaway notebooks: parameter checks, failures, interruption, no in-place writes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import report
from analysis.errors import UsageError

pytestmark = pytest.mark.slow

TINY = """
import matplotlib.pyplot as plt
import pandas as pd
from analysis import figures
figures.use_style(lang)
if n < 0:
    raise ValueError("n must not be negative")
if n > 100:
    import time; time.sleep(n / 100)
df = pd.DataFrame({"x": list(range(n))})
fig, ax = plt.subplots()
ax.plot(df["x"])
import tempfile
figures.save_figure(fig, "tiny-" + name, df, lang=lang, title="t", caption="c", sources=[],
                    notebook=name, parameters={"n": n, "lang": lang}, root=figures_dir or tempfile.mkdtemp())
print("rows", len(df))
"""


def make_notebook(folder: Path, name: str, n: int = 3) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(f'lang = "en"\nn = {n}\nflag = True\nname = "{name[3:]}"\nfigures_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), params, nbformat.v4.new_code_cell(TINY)]
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell-{i}"
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _dirs(root: Path) -> dict[str, Path]:
    return {"notebooks_dir": root / "notebooks", "reports_dir": root / "reports", "figures_dir": root / "figures"}


@pytest.fixture
def project(tmp_path):
    """Two small notebooks, nothing run yet."""
    (tmp_path / "notebooks").mkdir()
    make_notebook(tmp_path / "notebooks", "01-alpha")
    make_notebook(tmp_path / "notebooks", "02-beta")
    return _dirs(tmp_path)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """The two notebooks run once for both languages; tests work on copies of it."""
    root = tmp_path_factory.mktemp("baseline")
    (root / "notebooks").mkdir()
    make_notebook(root / "notebooks", "01-alpha")
    make_notebook(root / "notebooks", "02-beta")
    summary = report.run_report(langs=["en", "ar"], jobs=2, **_dirs(root))
    assert not summary.failed, [r.error for r in summary.failed]
    return root


@pytest.fixture
def ran(baseline, tmp_path):
    """A private copy of the baseline project, its reports and figures already there."""
    shutil.copytree(baseline, tmp_path / "p")
    return _dirs(tmp_path / "p")


def digest_tree(root: Path) -> dict[str, str]:
    return (
        {
            p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file()
        }
        if root.exists()
        else {}
    )


def test_run_writes_reports_figures_manifest_and_never_touches_sources(baseline):
    project = _dirs(baseline)
    reports = digest_tree(project["reports_dir"])
    for lang in ("en", "ar"):
        for nb in ("01-alpha", "02-beta"):
            assert f"{lang}/{nb}.ipynb" in reports and f"{lang}/{nb}.html" in reports
    manifest = json.loads((project["figures_dir"] / "manifest.json").read_text())
    assert sorted((f["id"], f["lang"]) for f in manifest["figures"]) == [
        ("tiny-alpha", "ar"),
        ("tiny-alpha", "en"),
        ("tiny-beta", "ar"),
        ("tiny-beta", "en"),
    ]
    for fig in manifest["figures"]:
        for f in fig["files"]:
            path = project["figures_dir"].parent / f["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == f["sha256"]
    # executed copies are normalised: no papermill or timing metadata
    nb = json.loads((project["reports_dir"] / "en" / "01-alpha.ipynb").read_text())
    assert "papermill" not in nb["metadata"]
    assert all("execution" not in c["metadata"] and "papermill" not in c["metadata"] for c in nb["cells"])
    # the source notebooks were read, never written: still unexecuted
    source = nbformat.read(project["notebooks_dir"] / "01-alpha.ipynb", as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in source.cells if c.cell_type == "code")


def test_rerun_gives_identical_bytes(ran, baseline):
    sources = digest_tree(ran["notebooks_dir"])
    summary = report.run_report(langs=["ar"], jobs=2, **ran)
    assert not summary.failed
    assert digest_tree(ran["reports_dir"]) == digest_tree(baseline / "reports")
    assert digest_tree(ran["figures_dir"]) == digest_tree(baseline / "figures")
    assert digest_tree(ran["notebooks_dir"]) == sources


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"nope": 1}, "-p nope: no selected notebook has a parameter 'nope' (they have: flag, n, name)"),
        ({"figures_dir": "x"}, "-p figures_dir: the runner chooses where figures go (figures/ for the default run)"),
        ({"n": "three"}, "-p n: 'three' is str, but 01-alpha.ipynb expects int (default 3)"),
        ({"flag": 1}, "-p flag: 1 is int, but 01-alpha.ipynb expects bool (default True)"),
    ],
)
def test_bad_parameters_fail_before_any_kernel_starts(project, overrides, message):
    with pytest.raises(UsageError) as err:
        report.run_report(overrides=overrides, **project)
    assert str(err.value) == message
    assert not project["reports_dir"].exists() and not project["figures_dir"].exists()


def test_bad_language_and_unknown_notebook(project):
    with pytest.raises(UsageError, match=r"--lang: unknown language 'fr' \(use en or ar\)"):
        report.run_report(langs=["fr"], **project)
    with pytest.raises(UsageError, match="--notebooks: unknown notebook '09-gamma'"):
        report.run_report(["09-gamma"], **project)


def test_a_failing_notebook_is_reported_others_finish_nothing_replaced(ran, capsys):
    before = digest_tree(ran["reports_dir"]) | digest_tree(ran["figures_dir"])
    make_notebook(ran["notebooks_dir"], "02-beta", n=-1)
    summary = report.run_report(langs=["en"], jobs=2, **ran)
    assert [r.job.notebook.name for r in summary.failed] == ["02-beta.ipynb"]
    assert [r.error for r in summary.results if not r.error] == [None]  # 01-alpha still ran
    assert "ValueError: n must not be negative" in summary.failed[0].error
    assert summary.failed[0].error.startswith("cell ")
    assert digest_tree(ran["reports_dir"]) | digest_tree(ran["figures_dir"]) == before
    assert "nothing was replaced" in capsys.readouterr().err


def test_an_interrupted_run_leaves_previous_outputs_intact(ran):
    before = digest_tree(ran["reports_dir"]) | digest_tree(ran["figures_dir"])
    make_notebook(ran["notebooks_dir"], "01-alpha", n=400)  # sleeps 4 s in its kernel
    code = (
        "from pathlib import Path; from analysis import report; "
        f"report.run_report(langs=['en'], jobs=2, notebooks_dir=Path({str(ran['notebooks_dir'])!r}), "
        f"reports_dir=Path({str(ran['reports_dir'])!r}), figures_dir=Path({str(ran['figures_dir'])!r}))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 30
    while not list(ran["reports_dir"].glob(".staging-*/figures/en/tiny-beta.png")) and time.time() < deadline:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert digest_tree(ran["reports_dir"]) | digest_tree(ran["figures_dir"]) == before
    assert not list(ran["reports_dir"].glob(".staging-*"))


def test_declared_parameters_are_read_not_executed(project):
    assert report.declared_parameters(project["notebooks_dir"] / "01-alpha.ipynb") == {
        "lang": "en",
        "n": 3,
        "flag": True,
        "name": "alpha",
        "figures_dir": None,
    }


def test_refresh_notebooks_stores_a_real_run(project):
    report.run_report(refresh_notebooks=True, jobs=2, **project)
    nb = nbformat.read(project["notebooks_dir"] / "01-alpha.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[-1].outputs[0]["text"] == "rows 3\n"
    assert code[-1].execution_count == 2
