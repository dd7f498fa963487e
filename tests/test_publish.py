"""All-or-nothing publishing under faults, each injected at a named point of the switch (never after a sleep):
an unwritable target, reports/ on a filesystem of its own, SIGKILL and SIGTERM during the switch, two runs at
once, a stale lock and stale staging. After each: reports/ and figures/ wholly old or wholly new, the
manifest's hashes match the files, no staging, journal or lock left, no process of the run left."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import (  # the throwaway project and its fixtures
    Gate,
    _dirs,
    baseline,  # noqa: F401 (a fixture)
    leftovers,
    make_notebook,
    manifest_matches,
    outputs,
    ran,  # noqa: F401 (a fixture)
    start_runner,  # noqa: F401 (a fixture)
)

from analysis import publish, report
from analysis.publish import FAULT_VARIABLE, PublishError, Session

pytestmark = pytest.mark.slow

#: the run under test: one notebook, one language, one kernel (01-alpha is changed to draw 5 points)
ARGS = ["--notebooks", "01-alpha", "--lang", "en", "--jobs", "1"]


def run_changed(project: dict[str, Path]):
    return report.run_report(["01-alpha"], langs=["en"], jobs=1, **project)


@pytest.fixture(scope="module")
def changed(baseline, tmp_path_factory) -> dict[str, str]:  # noqa: F811
    """The outputs a clean run of the changed 01-alpha gives: "wholly new"."""
    root = tmp_path_factory.mktemp("changed") / "p"
    shutil.copytree(baseline, root)
    project = _dirs(root)
    make_notebook(project["notebooks_dir"], "01-alpha", n=5)
    assert not run_changed(project).failed
    return outputs(project)


@pytest.fixture
def project(ran):  # noqa: F811
    """A copy of the baseline with 01-alpha changed: every run of it makes new outputs."""
    make_notebook(ran["notebooks_dir"], "01-alpha", n=5)
    return ran


def assert_clean(project: dict[str, Path], expected: dict[str, str]) -> None:
    assert outputs(project) == expected
    assert manifest_matches(project)
    assert leftovers(project) == []


# ---------------------------------------------------------------- SIGKILL at each point of the switch


@pytest.mark.parametrize(
    "point, no_exchange, recovered",
    [
        ("staged", False, None),  # killed before the journal: the next run removes the staging
        ("journal", False, "figures, reports/en, reports/index.html"),
        ("switched:figures", False, "reports/en, reports/index.html"),
        ("switched:reports/en", False, "reports/index.html"),
        ("switched:reports/index.html", False, ""),  # every switch done, the journal not yet removed
        ("committed", False, ""),
        ("aside:figures", True, "figures, reports/en, reports/index.html"),  # two renames: figures/ missing a moment
    ],
)
def test_sigkill_during_the_switch_then_the_next_run_completes_it(
    project,
    changed,
    start_runner,  # noqa: F811 (the imported fixture)
    capsys,
    point,
    no_exchange,
    recovered,
):
    old = outputs(project)
    killed = start_runner(project, ARGS, fault=f"kill@{point}", no_exchange=no_exchange)
    killed.finish()
    assert killed.proc.returncode == -signal.SIGKILL
    assert killed.processes() == []
    # the next run: it reruns 02-beta [ar], whose bytes do not change, so what it finds decides the outputs
    summary = report.run_report(["02-beta"], langs=["ar"], jobs=1, **project)
    assert not summary.failed
    assert_clean(project, old if recovered is None else changed)
    err = capsys.readouterr().err
    assert (f"completed the switch a killed run left half done: {recovered}" in err) == bool(recovered)


# ---------------------------------------------------------------- a switch that fails, a target that cannot be replaced


@pytest.mark.parametrize(
    "fault, no_exchange, message",
    [
        ("eacces@switch:figures", False, "figures: could not publish: Permission denied"),
        ("eacces@switch:reports/en", False, "reports/en: could not publish: Permission denied"),
        ("eacces@switch:reports/en", True, "reports/en: could not publish: Permission denied"),
        ("exdev@switch:reports/en", False, "reports/en: could not publish: Invalid cross-device link"),
        ("eacces@switch:reports/index.html", False, "reports/index.html: could not publish: Permission denied"),
        ("eacces@switch:reports/index.html", True, "reports/index.html: could not publish: Permission denied"),
    ],
)
def test_a_failed_switch_puts_back_what_was_switched(project, monkeypatch, fault, no_exchange, message):
    old = outputs(project)
    monkeypatch.setenv(FAULT_VARIABLE, fault)
    if no_exchange:
        monkeypatch.setattr(publish, "_exchange", refuse_exchange)
    with pytest.raises(PublishError) as err:
        run_changed(project)
    assert str(err.value) == f"{message}; previous reports and figures are unchanged"
    assert_clean(project, old)


def refuse_exchange(a, b):
    raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))


@contextlib.contextmanager
def unwritable(folder: Path):
    """``folder`` made unwritable: immutable for root (who ignores modes), read-only for anyone else."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode:
        pytest.skip("chattr +i is not supported on this filesystem")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_unwritable_figures_folder_stops_the_run_before_any_kernel(project, capsys):
    old = outputs(project)
    with unwritable(project["figures_dir"] / "en"):
        with pytest.raises(PublishError, match=r"figures/en: not writable \(read-only or immutable\)$"):
            run_changed(project)
    assert "notebook run(s)" not in capsys.readouterr().err
    assert_clean(project, old)


def test_reports_on_a_filesystem_of_its_own(project, changed, tmp_path):
    reports = project["reports_dir"]
    saved = shutil.copytree(reports, tmp_path / "saved-reports")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(reports)], capture_output=True)
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here; the EXDEV case of the failed-switch test stands in")
    try:
        shutil.copytree(saved, reports, dirs_exist_ok=True)
        assert os.stat(reports).st_dev != os.stat(reports.parent).st_dev
        assert not run_changed(project).failed
        assert_clean(project, changed)
    finally:
        subprocess.run(["umount", str(reports)], check=True)


# ---------------------------------------------------------------- SIGTERM during the switch


@pytest.mark.parametrize(
    "point, published",
    [
        ("journal", False),
        ("switched:figures", False),
        ("switched:reports/en", False),
        ("switched:reports/index.html", False),
        ("committed", True),
    ],
)
def test_sigterm_during_the_switch(project, changed, monkeypatch, point, published):
    old = outputs(project)
    monkeypatch.setenv(FAULT_VARIABLE, f"term@{point}")  # the runner signals itself at that point
    with pytest.raises(report.Interrupted) as err:
        run_changed(project)
    if published:
        assert (
            str(err.value) == "interrupted by SIGTERM at the end of the run: the new reports and figures were published"
        )
        assert_clean(project, changed)
    else:
        assert str(err.value).startswith("interrupted by SIGTERM before publishing: ")
        assert str(err.value).endswith("previous reports and figures are unchanged")
        assert_clean(project, old)


# ---------------------------------------------------------------- the lock


def test_a_second_run_stops_with_one_line_while_the_first_holds_the_lock(
    project,
    changed,
    start_runner,  # noqa: F811 (the imported fixture)
):
    old = outputs(project)
    with Gate() as gate:
        make_notebook(project["notebooks_dir"], "01-alpha", n=5, prelude=gate.prelude)
        first = start_runner(project, ARGS)
        gate.wait_for_kernel()  # the first run holds the lock and runs its kernel
        second = start_runner(project, ["--notebooks", "02-beta", "--lang", "en"])
        assert second.finish() == [
            f"error: another report is running (pid {first.proc.pid}, lock {project['reports_dir']}/.report.lock); "
            "wait for it or stop it"
        ]
        assert second.proc.returncode == 1
        assert {k: v for k, v in outputs(project).items() if k != "reports/.report.lock"} == old
        gate.release()
        first.finish()
    assert first.proc.returncode == 0
    # the first run's executed notebook holds the gate's code; its figures are the changed run's
    assert {k: v for k, v in outputs(project).items() if k.startswith("figures/")} == {
        k: v for k, v in changed.items() if k.startswith("figures/")
    }
    assert manifest_matches(project) and leftovers(project) == []
    assert first.processes() == [] and second.processes() == []


def test_a_stale_lock_and_stale_staging_are_taken_over_and_removed(ran):  # noqa: F811
    old = outputs(ran)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (ran["reports_dir"] / ".report.lock").write_text(dead.stdout)
    for stale in (
        ran["reports_dir"] / ".staging-killed" / "new" / "en" / "01-alpha.ipynb",
        ran["figures_dir"].parent / ".figures.staging-killed" / "figures" / "en" / "half.png",
    ):
        stale.parent.mkdir(parents=True)
        stale.write_text("left by a killed run")
    assert len(leftovers(ran)) == 3
    assert not report.run_report(["02-beta"], langs=["en"], jobs=1, **ran).failed
    assert_clean(ran, old)  # a rerun gives the same bytes


def test_one_session_at_a_time(tmp_path):
    with Session(tmp_path / "reports", [tmp_path / "figures"]):
        with pytest.raises(PublishError, match=rf"^another report is running \(pid {os.getpid()}, lock "):
            Session(tmp_path / "reports", [tmp_path / "figures"]).__enter__()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["reports"]
