"""The batch runner: every notebook, for each language, in parallel kernels, into reports/ and figures/.

One runner process checks the parameters against each notebook's ``parameters`` cell before
any kernel starts, then runs the notebooks in a pool of worker processes (one per core by
default), each notebook in its own fresh kernel. A run builds everything in a staging folder
and moves it into place only when every notebook succeeded, so a failed or interrupted run
leaves the previous reports and figures as they were. The source notebooks are never written,
except by ``--refresh-notebooks``, which stores a normal run's outputs back as nbval's references.

Executed notebooks are normalised (no papermill or execution metadata, a fixed id for the
injected cell) so that a rerun gives the same bytes.

Usage::

    python -m analysis report                          # all notebooks, en and ar
    python -m analysis report --notebooks 01-speech-themes --lang ar -p dedupe False
    python -m analysis report --refresh-notebooks      # what `make notebooks` runs
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import UsageError as ReportError
from analysis.files import atomic_write_bytes
from analysis.labels import LANGS
from analysis.manifest import write_manifest
from analysis.notebook_parameters import (
    DATA_PARAMETER,
    FIGURES_PARAMETER,
    SOURCE_PARAMETER,
    check_parameters,
    declared_parameters,
    discover_notebooks,
)

KERNEL = "python3"
INJECTED_CELL_ID = "injected-parameters"


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


_started_queue = None  # set in each worker: tells the runner when a job really starts


def _init_worker(queue) -> None:
    global _started_queue
    _started_queue = queue


def run_job(job: Job) -> Result:
    """Execute one notebook in its own kernel; never raises (errors come back in the Result)."""
    import nbformat
    import papermill as pm

    if _started_queue is not None:
        _started_queue.put(("start", (str(job.notebook), job.lang)))

    start = time.perf_counter()
    params = dict(job.parameters)
    if job.lang is not None:
        params["lang"] = job.lang
    if job.figures_root is not None:
        params[FIGURES_PARAMETER] = str(job.figures_root)
    if job.source_id is not None:
        params[SOURCE_PARAMETER] = job.source_id
    if job.data_dir is not None:
        params[DATA_PARAMETER] = str(job.data_dir)
    job.output.parent.mkdir(parents=True, exist_ok=True)
    error = None
    try:
        nb = pm.execute_notebook(
            str(job.notebook),
            None,
            parameters=params or None,
            kernel_name=KERNEL,
            cwd=str(job.notebook.parent),
            progress_bar=False,
            log_output=False,
            # the kernel application's own log (its TCP notice at start, the interrupt at shutdown)
            # is not report output; errors in cells still reach the notebook
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except pm.PapermillExecutionError as exc:
        error = f"cell {exc.exec_count or exc.cell_index}: {exc.ename}: {' '.join(str(exc.evalue).split())}"
    except Exception as exc:  # kernel died, notebook unreadable, ...
        error = f"{type(exc).__name__}: {' '.join(str(exc).split())}"
    if error is None:
        normalise_notebook(nb)
        blob = nbformat.writes(nb).encode("utf-8")
        if not blob.endswith(b"\n"):
            blob += b"\n"
        atomic_write_bytes(job.output, blob)
        if job.html is not None:
            from analysis.html import notebook_html

            atomic_write_bytes(job.html, notebook_html(nb, lang=job.lang or "en").encode("utf-8"))
    if _started_queue is not None:
        _started_queue.put(("end", (str(job.notebook), job.lang)))
    return Result(job, time.perf_counter() - start, error)


# ---------------------------------------------------------------- the run


def _progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def execute(jobs: list[Job], workers: int) -> Summary:
    """Run the jobs in a pool of ``workers`` processes, reporting each start and end as it happens."""
    import multiprocessing as mp
    import threading

    summary = Summary()
    workers = max(1, min(workers, len(jobs)))
    label = {(str(j.notebook), j.lang): f"{j.notebook.stem} [{j.lang or 'default'}]" for j in jobs}
    running: list[str] = []
    lock = threading.Lock()
    ctx = mp.get_context("fork")
    started = ctx.SimpleQueue()

    def listen() -> None:
        while (event := started.get()) is not None:
            kind, key = event
            with lock:
                if kind == "end":
                    running.remove(label[key])
                    continue
                running.append(label[key])
                _progress(f"started {label[key]} (running: {', '.join(running)})")

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    _progress(f"{len(jobs)} notebook run(s) on {workers} worker(s), one kernel each")
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(started,)
        ) as pool:
            pending = {pool.submit(run_job, j): j for j in jobs}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    result = fut.result()
                    summary.results.append(result)
                    name = label[(str(job.notebook), job.lang)]
                    status = "FAILED " + result.error if result.error else "ok"
                    with lock:
                        _progress(f"[{len(summary.results)}/{len(jobs)}] {name}: {status} ({result.seconds:.1f} s)")
    finally:
        started.put(None)
        listener.join(timeout=5)
    summary.results.sort(key=lambda r: (r.job.notebook.name, r.job.lang or ""))
    return summary


def _merge_tree(staged: Path, target: Path) -> None:
    """Move every file of ``staged`` into ``target`` (same relative path), each by an atomic rename."""
    for src in sorted(p for p in staged.rglob("*") if p.is_file()):
        dest = target / src.relative_to(staged)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)


def report_name(notebook: Path, overrides: dict[str, Any]) -> str:
    """A run's file name: the notebook's, plus its non-default parameters, so no run overwrites another's."""
    import re

    suffix = "".join(f".{k}-{re.sub(r'[^A-Za-z0-9_-]+', '_', str(v))}" for k, v in sorted(overrides.items()))
    return f"{notebook.stem}{suffix}"


def run_report(
    notebook_names: list[str] | None = None,
    langs: list[str] | None = None,
    jobs: int | None = None,
    overrides: dict[str, Any] | None = None,
    refresh_notebooks: bool = False,
    notebooks_dir: Path | None = None,
    reports_dir: Path | None = None,
    figures_dir: Path | None = None,
    sources: list[str] | None = None,
    data_dir: Path | None = None,
) -> Summary:
    """Check, run, and (only if every run succeeded) move the outputs into place.

    A notebook that takes a ``source_id`` runs once per chosen source (default: the package's default
    source) and language into ``reports/<lang>/<source_id>/``; others into ``reports/<lang>/``. Only the
    default source with default parameters, from the project's own data, writes ``figures/``; every
    other run's figures go to ``reports/figures/<source_id>/``.
    """
    # Long on purpose: the whole all-or-nothing sequence (check, stage, run, publish, clean) reads in one place.
    notebooks_dir = notebooks_dir or paths.NOTEBOOKS_DIR
    reports_dir = reports_dir or paths.REPORTS_DIR
    figures_dir = figures_dir or paths.FIGURES_DIR
    langs = list(langs or LANGS)
    overrides = dict(overrides or {})
    notebooks = discover_notebooks(notebook_names, notebooks_dir)
    if not notebooks:
        raise ReportError(f"no notebooks (NN-name.ipynb) in {notebooks_dir}")
    declared_by = {nb: declared_parameters(nb) for nb in notebooks}
    check_parameters(declared_by, overrides, langs)
    if refresh_notebooks and (overrides or sources or data_dir):
        raise ReportError("--refresh-notebooks stores default-parameter runs only: drop -p, --sources and --data")
    default_source, sources = _check_sources(sources, data_dir, declared_by)

    reports_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=reports_dir))
    try:
        job_list: list[Job] = []
        for nb, declared in declared_by.items():
            params = {k: v for k, v in overrides.items() if k in declared}
            if refresh_notebooks:
                job_list.append(Job(nb, None, {}, staging / "notebooks" / nb.name, None, None))
                continue
            for sid in sources if SOURCE_PARAMETER in declared else [None]:
                citable = not overrides and data_dir is None and sid in (None, default_source)
                fig_root = staging / "figures" if citable else staging / "reports" / "figures" / (sid or "all")
                for lang in langs:
                    out = staging / "reports" / lang / (sid or "") / f"{report_name(nb, params)}.ipynb"
                    job_list.append(
                        Job(
                            nb,
                            lang,
                            params,
                            out,
                            out.with_suffix(".html"),
                            fig_root if FIGURES_PARAMETER in declared else None,
                            sid,
                            data_dir if DATA_PARAMETER in declared else None,
                        )
                    )
        summary = execute(job_list, jobs or os.cpu_count() or 1)
        if summary.failed:
            for r in summary.failed:
                where = f"{r.job.lang or 'default'}{', ' + r.job.source_id if r.job.source_id else ''}"
                _progress(f"error: {r.job.notebook.relative_to(notebooks_dir.parent)} [{where}]: {r.error}")
            _progress("nothing was replaced: previous reports and figures are unchanged")
            return summary
        if refresh_notebooks:
            _merge_tree(staging / "notebooks", notebooks_dir)
        else:
            _merge_tree(staging / "reports", reports_dir)
        if (staging / "figures").exists():
            _merge_tree(staging / "figures", figures_dir)
            write_manifest(figures_dir)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_sources(
    sources: list[str] | None, data_dir: Path | None, declared_by: dict[Path, dict[str, Any]]
) -> tuple[str | None, list[str]]:
    """The package's default source and the sources to run (``["*"]`` means every source with a text)."""
    if not any(SOURCE_PARAMETER in d for d in declared_by.values()):
        if sources:
            raise ReportError("--sources: no selected notebook takes a source")
        return None, []
    from analysis import data

    pkg = data.load_package(data_dir)
    with_text = sorted(pkg.raw_texts)
    if not sources:
        return pkg.default_source, [pkg.default_source]
    if sources == ["*"]:
        return pkg.default_source, with_text
    unknown = [s for s in sources if s not in pkg.raw_texts]
    if unknown:
        raise ReportError(f"--sources: unknown source {unknown[0]!r} (sources with a text: {', '.join(with_text)})")
    return pkg.default_source, list(dict.fromkeys(sources))
