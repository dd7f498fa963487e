"""Notebook runs in a pool of worker processes, each run in its own fresh kernel, stopped at once on a signal.

``execute`` forks the workers, reports each start and end as it happens, and returns every run's result; a
run whose kernel dies at start is tried once more. Under ``Stopper``, SIGTERM or SIGINT stops the run: no
further notebook is launched, and the workers and their kernels are killed before ``StopRequested`` leaves
``execute``. Workers ignore the signals themselves (a terminal or ``timeout`` signals the whole process
group) and die with the runner even when it is killed outright.

Executed notebooks are normalised (no papermill or execution metadata, a fixed id for the injected cell) so
that a rerun gives the same bytes.

Usage::

    >>> from analysis.kernel_pool import Stopper, StopRequested
    >>> import os, signal
    >>> with Stopper() as stopper:
    ...     with stopper.shielded():
    ...         os.kill(os.getpid(), signal.SIGTERM)  # noted, not raised: a switch must not stop halfway
    ...     try:
    ...         stopper.check()
    ...     except StopRequested as stop:
    ...         print(stop)
    SIGTERM
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.files import atomic_write_bytes
from analysis.notebook_parameters import DATA_PARAMETER, FIGURES_PARAMETER, SOURCE_PARAMETER

KERNEL = "python3"
INJECTED_CELL_ID = "injected-parameters"
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
#: how jupyter_client reports a kernel that died or hung before it answered: worth one more try
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond")
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Job:
    notebook: Path
    lang: str | None  # None: the notebook's own default (used by --refresh-notebooks)
    parameters: dict[str, Any]
    output: Path  # executed notebook (staging)
    html: Path | None  # HTML export (staging), None to skip
    figures_root: Path | None  # where the notebook writes its figures (None: its own scratch default)
    source_id: str | None = None  # injected when the notebook takes a source
    data_dir: Path | None = None  # injected with --data
    provenance: tuple[tuple[str, str], ...] = ()  # commit, date, versions: the HTML header's last lines

    @property
    def label(self) -> str:
        return f"{self.notebook.stem} [{self.lang or 'default'}{', ' + self.source_id if self.source_id else ''}]"


@dataclass
class Result:
    job: Job
    seconds: float
    error: str | None = None


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.error]


# ---------------------------------------------------------------- signals


class StopRequested(BaseException):
    """SIGTERM or SIGINT reached the runner. A BaseException, like KeyboardInterrupt, so that no
    ``except Exception`` on the way swallows it."""


class Stopper:
    """Turns the first SIGTERM or SIGINT into ``StopRequested``: raised at once, or, inside ``shielded()``,
    only noted until ``check()``. Later signals are noted only, so they cannot break the cleanup."""

    def __init__(self) -> None:
        self.received: str | None = None
        self._shielded = False
        self._raised = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> Stopper:
        if threading.current_thread() is threading.main_thread():  # signal handlers live in the main thread
            self._previous = {sig: signal.signal(sig, self._handle) for sig in STOP_SIGNALS}
        return self

    def __exit__(self, *exc_info) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, _frame) -> None:
        self.received = self.received or signal.Signals(signum).name
        if not self._shielded and not self._raised:
            self._raised = True
            raise StopRequested(self.received)

    @contextlib.contextmanager
    def shielded(self):
        before, self._shielded = self._shielded, True
        try:
            yield
        finally:
            self._shielded = before

    def check(self) -> None:
        if self.received and not self._raised:
            self._raised = True
            raise StopRequested(self.received)


@contextlib.contextmanager
def _signals_blocked():
    """Forked workers start with the runner's handlers; blocked signals wait until they have their own."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


# ---------------------------------------------------------------- one job (runs in a worker)


def normalise_notebook(nb) -> None:
    """Drop what differs between two runs of the same notebook: papermill and timing metadata."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
            # the staging folder's name differs on every run and says nothing about the analysis
            cell.source = "\n".join(
                line for line in cell.source.split("\n") if not line.startswith(f"{FIGURES_PARAMETER} = ")
            )


_events_fd: int | None = None  # set in each worker: a pipe to the runner, for "start", "retry" and "end"


def _ignore_signal(_signum, _frame) -> None:
    """The runner stops its workers itself. A Python handler, unlike SIG_IGN, is not inherited by kernels."""


def _init_worker(events_fd: int, runner_pid: int, runtime_dir: str) -> None:
    global _events_fd
    _events_fd = events_fd
    for sig in STOP_SIGNALS:
        signal.signal(sig, _ignore_signal)
    with contextlib.suppress(OSError, AttributeError):  # Linux only; elsewhere workers end with their queue
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != runner_pid:  # the runner died before the line above took effect
        os._exit(1)
    # kernel connection files go to the run's staging, which is removed even when kernels are killed
    os.environ["JUPYTER_RUNTIME_DIR"] = runtime_dir
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _announce(kind: str, index: int | None) -> None:
    if _events_fd is not None and index is not None:
        os.write(_events_fd, f"{kind} {index}\n".encode("ascii"))  # one short write: atomic on a pipe


def _parameters(job: Job) -> dict[str, Any]:
    params = dict(job.parameters)
    if job.lang is not None:
        params["lang"] = job.lang
    if job.figures_root is not None:
        params[FIGURES_PARAMETER] = str(job.figures_root)
    if job.source_id is not None:
        params[SOURCE_PARAMETER] = job.source_id
    if job.data_dir is not None:
        params[DATA_PARAMETER] = str(job.data_dir)
    return params


def _execute_once(job: Job):
    import papermill as pm

    return pm.execute_notebook(
        str(job.notebook),
        None,
        parameters=_parameters(job) or None,
        kernel_name=KERNEL,
        cwd=str(job.notebook.parent),
        progress_bar=False,
        log_output=False,
        # the kernel application's own log (its TCP notice at start, the interrupt at shutdown)
        # is not report output; errors in cells still reach the notebook
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _shown_parameters(job: Job) -> str:
    """The run's parameters as a reader wants them: the language and the notebook's own parameters."""
    shown = {"lang": job.lang, **job.parameters}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def run_job(job: Job, index: int | None = None) -> Result:
    """Execute one notebook in its own kernel, once more if the kernel dies at start; never raises."""
    import nbformat
    import papermill as pm

    _announce("start", index)
    start = time.perf_counter()
    nb, error = None, None
    for attempt in (1, 2):
        try:
            nb, error = _execute_once(job), None
        except pm.PapermillExecutionError as exc:
            error = f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {_one_line(exc.evalue)}"
        except Exception as exc:  # kernel died, notebook unreadable, ...
            error = f"{type(exc).__name__}: {_one_line(exc)}"
            if attempt == 1 and isinstance(exc, RuntimeError) and str(exc).startswith(KERNEL_START_FAILURES):
                _announce("retry", index)
                continue
            if attempt == 2:
                error += " (its kernel died at start twice)"
        break
    if error is None:
        normalise_notebook(nb)
        blob = nbformat.writes(nb).encode("utf-8")
        atomic_write_bytes(job.output, blob if blob.endswith(b"\n") else blob + b"\n")
        if job.html is not None:
            from analysis.html import notebook_html

            meta = {"source": job.source_id, "parameters": _shown_parameters(job), **dict(job.provenance)}
            atomic_write_bytes(job.html, notebook_html(nb, lang=job.lang or "en", meta=meta).encode("utf-8"))
    _announce("end", index)
    return Result(job, time.perf_counter() - start, error)


# ---------------------------------------------------------------- the pool (runs in the runner)


def progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class _Listener(threading.Thread):
    """Prints each job's start (and a retry) as the workers announce it through the events pipe."""

    def __init__(self, read_fd: int, labels: list[str], lock: threading.Lock):
        super().__init__(daemon=True)
        self.read_fd, self.labels, self.lock = read_fd, labels, lock

    def run(self) -> None:
        running: list[str] = []
        with os.fdopen(self.read_fd, "rb", closefd=False) as stream:
            for line in stream:
                kind, _, index = line.decode("ascii").strip().partition(" ")
                if kind == "stop":
                    return
                label = self.labels[int(index)]
                with self.lock:
                    if kind == "end":
                        running.remove(label)
                    elif kind == "retry":
                        progress(f"retrying {label}: its kernel died at start")
                    else:
                        running.append(label)
                        progress(f"started {label} (running: {', '.join(running)})")


def execute(jobs: list[Job], workers: int, runtime_dir: Path) -> Summary:
    """Run the jobs in a pool of ``workers`` processes; on any exception (``StopRequested`` included) the
    workers and their kernels are killed before it propagates."""
    import multiprocessing as mp

    summary = Summary()
    workers = max(1, min(workers, len(jobs)))
    labels = [job.label for job in jobs]
    read_fd, write_fd = os.pipe()
    lock = threading.Lock()
    listener = _Listener(read_fd, labels, lock)
    progress(f"{len(jobs)} notebook run(s) on {workers} worker(s), one kernel each")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp.get_context("fork"),
        initializer=_init_worker,
        initargs=(write_fd, os.getpid(), str(runtime_dir)),
    )
    try:
        with _signals_blocked():  # every worker is forked at the first submit
            pending = {pool.submit(run_job, job, i): i for i, job in enumerate(jobs)}
        listener.start()  # after the fork: a thread must not hold the stderr lock while the workers are forked
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=pending.get):
                index = pending.pop(fut)
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    result = Result(jobs[index], 0.0, "its worker process died")
                summary.results.append(result)
                status = "FAILED " + result.error if result.error else "ok"
                with lock:
                    progress(f"[{len(summary.results)}/{len(jobs)}] {labels[index]}: {status} ({result.seconds:.1f} s)")
    except BaseException:
        kill_workers(pool)
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown()
    finally:
        os.write(write_fd, b"stop\n")
        if listener.is_alive():
            listener.join(timeout=5)
        os.close(write_fd)
        os.close(read_fd)
    summary.results.sort(key=lambda r: (r.job.notebook.name, r.job.lang or "", r.job.source_id or ""))
    return summary


def kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers and everything they started (kernels run in sessions of their own, so a
    process group would miss them). Workers are stopped first so that none starts a kernel meanwhile."""
    import psutil

    workers = []
    for pid in list(getattr(pool, "_processes", None) or {}):  # private, but the pool's only record of them
        with contextlib.suppress(psutil.Error):
            worker = psutil.Process(pid)
            worker.suspend()
            workers.append(worker)
    family = list(workers)
    for worker in workers:
        with contextlib.suppress(psutil.Error):
            family += worker.children(recursive=True)
    for proc in family:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    _wait_dead(family, timeout=2.0)


def _wait_dead(procs: list, timeout: float) -> None:
    """Wait until each process is gone or a zombie (reaped later by its parent, or by init)."""
    import psutil

    deadline = time.monotonic() + timeout
    for proc in procs:
        while time.monotonic() < deadline:
            try:
                if proc.status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.Error:
                break
            time.sleep(0.01)
