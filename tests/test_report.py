"""The batch runner on small throwaway notebooks: parameter checks, failures, signals, kernel retries, no in-place
writes. What is defined here (throwaway notebooks, a gate a kernel waits on, the runner in a subprocess) serves
tests/test_publish.py too."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import nbformat
import papermill
import psutil
import pytest

from analysis import report
from analysis.errors import UsageError
from analysis.publish import FAULT_VARIABLE

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


def make_notebook(folder: Path, name: str, n: int = 3, prelude: str = "") -> Path:
    """A tiny notebook drawing one figure of ``n`` points; ``prelude`` runs first (e.g. a ``Gate``'s)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell(f'lang = "en"\nn = {n}\nflag = True\nname = "{name[3:]}"\nfigures_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), params, nbformat.v4.new_code_cell(prelude + TINY)]
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


def outputs(project: dict[str, Path]) -> dict[str, str]:
    """Every file of reports/ and figures/ with its sha256."""
    return {
        f"{name}/{path}": digest
        for name in ("reports", "figures")
        for path, digest in digest_tree(project[f"{name}_dir"]).items()
    }


def leftovers(project: dict[str, Path]) -> list[str]:
    """Staging folders, journals and locks anywhere in the project: none may outlive a run."""
    root = project["reports_dir"].parent
    found = [
        p for p in root.rglob(".*") if ".staging-" in p.name or p.name in (".publish-journal.json", ".report.lock")
    ]
    return sorted(p.relative_to(root).as_posix() for p in found)


def manifest_matches(project: dict[str, Path]) -> bool:
    manifest = json.loads((project["figures_dir"] / "manifest.json").read_text())
    files = [f for fig in manifest["figures"] for f in fig["files"]]
    on_disk = {p for p in digest_tree(project["figures_dir"]) if p != "manifest.json"}
    listed = {Path(f["path"]).relative_to(project["figures_dir"].name).as_posix() for f in files}
    hashes_match = all(
        hashlib.sha256((project["figures_dir"].parent / f["path"]).read_bytes()).hexdigest() == f["sha256"]
        for f in files
    )
    sidecars = {p for p in on_disk if p.endswith(".json")}
    return hashes_match and listed == on_disk - sidecars


def index_links(reports_dir: Path) -> list[str]:
    """Every link of reports/index.html, each checked to be relative and to name a file that exists."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlparse

    links: list[str] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            links.extend(value for name, value in attrs if name in ("href", "src") and value)

    Links().feed((reports_dir / "index.html").read_text(encoding="utf-8"))
    for link in links:
        assert not urlparse(link).scheme and not link.startswith("/"), link
        assert (reports_dir / unquote(link)).resolve().is_file(), link
    return links


def alive(pid: int) -> bool:
    """True while the process runs (a zombie has ended: it only waits to be reaped)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


class Gate:
    """A localhost socket a kernel reports its pid to and then waits on: the test knows the kernel runs."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(60)
        self.conn: socket.socket | None = None

    @property
    def prelude(self) -> str:
        port = self.server.getsockname()[1]
        return (
            f"import os, socket\n_gate = socket.create_connection(('127.0.0.1', {port}))\n"
            "_gate.sendall(str(os.getpid()).encode())\n_gate.recv(1)\n"
        )

    def wait_for_kernel(self) -> int:
        self.conn, _ = self.server.accept()
        self.conn.settimeout(60)
        return int(self.conn.recv(32))

    def release(self) -> None:
        self.conn.sendall(b"go")

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


RUN_TOKEN = "ANALYSIS_TEST_RUN"
#: ``python -m analysis report ...`` on a throwaway project (paths point into it); TEST_NO_EXCHANGE makes the
#: switch use its two-rename fallback, as on a filesystem without renameat2
RUNNER = """
import errno, os, sys
from pathlib import Path
from analysis import paths, publish
from analysis.__main__ import main

def no_exchange(a, b):
    raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))

if os.environ.get("TEST_NO_EXCHANGE"):
    publish._exchange = no_exchange
root = Path(sys.argv[1])
paths.NOTEBOOKS_DIR, paths.REPORTS_DIR, paths.FIGURES_DIR = root / "notebooks", root / "reports", root / "figures"
sys.exit(main(sys.argv[2:]))
"""


class Runner:
    """The command-line runner in a subprocess (a session of its own); its stderr read line by line."""

    def __init__(self, project: dict[str, Path], args: list[str], fault: str | None = None, no_exchange=False):
        self.token = uuid.uuid4().hex  # inherited by every process of the run, kernels included
        env = {k: v for k, v in os.environ.items() if k not in (FAULT_VARIABLE, "TEST_NO_EXCHANGE")}
        env[RUN_TOKEN] = self.token
        env.update({FAULT_VARIABLE: fault} if fault else {})
        env.update({"TEST_NO_EXCHANGE": "1"} if no_exchange else {})
        root = str(project["reports_dir"].parent)
        self.proc = subprocess.Popen(
            [sys.executable, "-c", RUNNER, root, "report", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.lines: list[str] = []
        self._buffer = b""

    def _read(self, deadline: float) -> bool:
        """Read what the runner wrote until ``deadline``; False once it closed stderr."""
        ready, _, _ = select.select([self.proc.stderr], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"the runner said nothing more in time: {self.lines}")
        chunk = os.read(self.proc.stderr.fileno(), 65536)
        *complete, self._buffer = (self._buffer + chunk).split(b"\n")
        self.lines += [line.decode() for line in complete]
        return bool(chunk)

    def wait_for_line(self, prefix: str, timeout: float = 60) -> str:
        deadline, seen = time.monotonic() + timeout, 0
        while True:
            for line in self.lines[seen:]:
                if line.startswith(prefix):
                    return line
            seen = len(self.lines)
            if not self._read(deadline):
                raise AssertionError(f"the runner ended before {prefix!r}: {self.lines}")

    def finish(self, timeout: float = 120) -> list[str]:
        """Wait for the runner to exit (at most ``timeout`` seconds), then its whole stderr."""
        self.proc.wait(timeout=timeout)
        deadline = time.monotonic() + 10
        while self._read(deadline):
            pass
        return self.lines

    def processes(self) -> list[int]:
        """The pids of this run's processes still running (the runner, workers, kernels)."""
        found = []
        for proc in psutil.process_iter():
            try:
                if proc.environ().get(RUN_TOKEN) == self.token and proc.status() != psutil.STATUS_ZOMBIE:
                    found.append(proc.pid)
            except psutil.Error:
                continue
        return found


@pytest.fixture
def start_runner():
    """Starts ``Runner``s; any still running at the end of the test is killed with all its processes."""
    started: list[Runner] = []

    def start(*args, **kwargs) -> Runner:
        started.append(Runner(*args, **kwargs))
        return started[-1]

    yield start
    for runner in started:
        if runner.proc.poll() is None:
            os.killpg(runner.proc.pid, signal.SIGKILL)
            runner.proc.wait()
        for pid in runner.processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        runner.proc.stderr.close()


def kernel_dies_at_start(tmp_path: Path, monkeypatch, times: int) -> Path:
    """The first ``times`` kernels get an argument they refuse, so they exit before answering, as a kernel
    that dies at start does. Workers are forked from this process, so they inherit the patch; the
    attempts are counted as files (a worker's memory is its own)."""
    real = papermill.execute_notebook
    attempts = tmp_path / "attempts"
    attempts.mkdir()

    def dies_at_start(*args, **kwargs):
        count = len(list(attempts.iterdir()))
        (attempts / str(count)).touch()
        if count < times:
            kwargs["extra_arguments"] = [*kwargs["extra_arguments"], "--no-such-option"]
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", dies_at_start)
    return attempts


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
    # reports/index.html links every report and every figure file, in each language, by relative links
    assert set(index_links(project["reports_dir"])) == {
        *(f"{lang}/{nb}.html" for lang in ("en", "ar") for nb in ("01-alpha", "02-beta")),
        *(f"../figures/{f['path'].split('/', 1)[1]}" for fig in manifest["figures"] for f in fig["files"]),
        "../figures/manifest.json",
    }
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
    # reports/index.html included: a run of one language still lists the other's reports
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


@pytest.mark.parametrize(
    "when, signal_name, to_group",
    [
        ("first job started", "SIGTERM", False),
        ("kernel running", "SIGTERM", False),
        ("kernel running", "SIGINT", True),  # Ctrl-C: the terminal signals the whole process group
    ],
)
def test_a_signal_mid_run_stops_everything_and_leaves_previous_outputs(ran, start_runner, when, signal_name, to_group):
    before = outputs(ran)
    with Gate() as gate:
        make_notebook(ran["notebooks_dir"], "01-alpha", n=5, prelude=gate.prelude)
        runner = start_runner(ran, ["--lang", "en", "--jobs", "2"])
        if when == "first job started":
            runner.wait_for_line("started ")
            kernels = []
        else:
            kernels = [gate.wait_for_kernel()]
        signum = getattr(signal, signal_name)
        os.killpg(runner.proc.pid, signum) if to_group else os.kill(runner.proc.pid, signum)
        lines = runner.finish(timeout=3)  # the runner must be gone within 3 s
    assert runner.proc.returncode == 1
    assert lines[-1].startswith(f"error: interrupted by {signal_name} before publishing: "), lines
    assert not [line for line in lines if "Traceback" in line or line.startswith("  File ")]
    assert runner.processes() == [] and not [pid for pid in kernels if alive(pid)]
    assert outputs(ran) == before
    assert leftovers(ran) == []


def test_a_kernel_that_dies_at_start_is_retried_once(ran, tmp_path, monkeypatch, capsys):
    attempts = kernel_dies_at_start(tmp_path, monkeypatch, times=1)
    summary = report.run_report(["01-alpha"], langs=["en"], jobs=1, **ran)
    assert not summary.failed
    assert len(list(attempts.iterdir())) == 2
    assert "retrying 01-alpha [en]: its kernel died at start" in capsys.readouterr().err
    assert leftovers(ran) == []


def test_a_kernel_that_dies_at_start_twice_fails_the_run_and_replaces_nothing(ran, tmp_path, monkeypatch):
    before = outputs(ran)
    attempts = kernel_dies_at_start(tmp_path, monkeypatch, times=2)
    summary = report.run_report(["01-alpha"], langs=["en"], jobs=1, **ran)
    assert [r.error for r in summary.failed] == [
        "RuntimeError: Kernel died before replying to kernel_info (its kernel died at start twice)"
    ]
    assert len(list(attempts.iterdir())) == 2
    assert outputs(ran) == before and leftovers(ran) == []


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
