"""The batch runner: every notebook, for each language, in parallel kernels, into reports/ and figures/.

One runner process checks the parameters against each notebook's ``parameters`` cell before
any kernel starts, then runs the notebooks in a pool of worker processes (one per core by
default), each notebook in its own fresh kernel (``kernel_pool``). The outputs are all-or-nothing
(``publish``): under a lock, the run builds the complete new ``figures/`` (its manifest included)
and each new child of ``reports/`` in staging beside them, and switches each in by one atomic rename,
under a journal that the next run completes if this one is killed. A failed or interrupted run leaves
the previous reports and figures as they were; SIGTERM or SIGINT stops it within seconds, with one
line. The source notebooks are never written, except by ``--refresh-notebooks``, which stores a
normal run's outputs back as nbval's references.

Usage::

    python -m analysis report                          # all notebooks, en and ar
    python -m analysis report --notebooks 01-speech-themes --lang ar -p dedupe False
    python -m analysis report --refresh-notebooks      # what `make notebooks` runs

    >>> from pathlib import Path
    >>> report_name(Path("01-speech-themes.ipynb"), {"dedupe": False})
    '01-speech-themes.dedupe-False'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import UsageError as ReportError
from analysis.files import atomic_write_bytes
from analysis.kernel_pool import Job, Stopper, StopRequested, Summary, execute, progress
from analysis.labels import LANGS
from analysis.manifest import inputs_commit, provenance, write_manifest
from analysis.notebook_parameters import (
    DATA_PARAMETER,
    FIGURES_PARAMETER,
    SOURCE_PARAMETER,
    check_parameters,
    declared_parameters,
    discover_notebooks,
)
from analysis.publish import PublishError, Session, Step, assemble, check_replaceable, describe, fault_point

#: The page in reports/ that lists every report and figure, in English and Arabic (``html.index_page``).
INDEX_NAME = "index.html"

__all__ = ["Interrupted", "Summary", "declared_parameters", "discover_notebooks", "report_name", "run_report"]


class Interrupted(ReportError):
    """SIGTERM or SIGINT stopped the run: one line, exit 1."""


def report_name(notebook: Path, overrides: dict[str, Any]) -> str:
    """A run's file name: the notebook's, plus its non-default parameters, so no run overwrites another's."""
    suffix = "".join(f".{k}-{re.sub(r'[^A-Za-z0-9_-]+', '_', str(v))}" for k, v in sorted(overrides.items()))
    return f"{notebook.stem}{suffix}"


@dataclass(frozen=True)
class _Run:
    """One notebook run before its staging exists: what it runs, and whether it writes the citable figures."""

    notebook: Path
    declared: dict[str, Any]
    parameters: dict[str, Any]
    lang: str | None
    source_id: str | None
    citable: bool

    @property
    def draws(self) -> bool:
        return FIGURES_PARAMETER in self.declared


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
    revalidate: bool = False,
) -> Summary:
    """Check, run, and (only if every run succeeded) switch the outputs into place.

    A notebook that takes a ``source_id`` runs once per chosen source (default: the package's default
    source) and language into ``reports/<lang>/<source_id>/``; others into ``reports/<lang>/``. Only the
    default source with default parameters, from the project's own data, writes ``figures/``; every
    other run's figures go to ``reports/figures/<source_id>/``. The data package is loaded (and, if its
    content did not validate before or ``revalidate``, checked in full) once here, before any kernel starts.
    """
    # absolute: the kernels run in the notebooks' folder, and would read a relative path from there
    dirs = {
        "notebooks": Path(notebooks_dir or paths.NOTEBOOKS_DIR).absolute(),
        "reports": Path(reports_dir or paths.REPORTS_DIR).absolute(),
        "figures": Path(figures_dir or paths.FIGURES_DIR).absolute(),
    }
    with Stopper() as stopper:
        try:
            runs = _plan(
                notebook_names,
                list(langs or LANGS),
                dict(overrides or {}),
                refresh_notebooks,
                dirs,
                sources,
                data_dir,
                revalidate,
            )
            with Session(dirs["reports"], [dirs["figures"], dirs["notebooks"]], shield=stopper.shielded) as session:
                stopper.check()  # a signal noted while the session recovered a killed run
                if session.recovered:
                    progress(f"completed the switch a killed run left half done: {', '.join(session.recovered)}")
                summary = _run_and_publish(session, stopper, runs, dirs, jobs, refresh_notebooks, data_dir)
        except StopRequested as stop:
            raise Interrupted(
                f"interrupted by {stop} before publishing: no further notebook started, kernels and workers "
                "stopped, staging removed; previous reports and figures are unchanged"
            ) from None
        if stopper.received:  # it came too late to stop anything: past the switch's point of no return
            outcome = "nothing was replaced" if summary.failed else "the new reports and figures were published"
            raise Interrupted(f"interrupted by {stopper.received} at the end of the run: {outcome}")
    return summary


def _plan(
    notebook_names: list[str] | None,
    langs: list[str],
    overrides: dict[str, Any],
    refresh_notebooks: bool,
    dirs: dict[str, Path],
    sources: list[str] | None,
    data_dir: Path | None,
    revalidate: bool = False,
) -> list[_Run]:
    """Every check that needs no kernel, then the runs: one per notebook, source and language."""
    notebooks = discover_notebooks(notebook_names, dirs["notebooks"])
    if not notebooks:
        raise ReportError(f"no notebooks (NN-name.ipynb) in {dirs['notebooks']}")
    declared_by = {nb: declared_parameters(nb) for nb in notebooks}
    check_parameters(declared_by, overrides, langs)
    if refresh_notebooks and (overrides or sources or data_dir):
        raise ReportError("--refresh-notebooks stores default-parameter runs only: drop -p, --sources and --data")
    default_source, sources = _check_sources(sources, data_dir, declared_by, revalidate)
    runs = []
    for nb, declared in declared_by.items():
        params = {k: v for k, v in overrides.items() if k in declared}
        if refresh_notebooks:
            runs.append(_Run(nb, declared, {}, None, None, citable=False))
            continue
        for sid in sources if SOURCE_PARAMETER in declared else [None]:
            citable = not overrides and data_dir is None and sid in (None, default_source)
            runs += [_Run(nb, declared, params, lang, sid, citable) for lang in langs]
    return runs


def _run_and_publish(
    session: Session,
    stopper: Stopper,
    runs: list[_Run],
    dirs: dict[str, Path],
    workers: int | None,
    refresh_notebooks: bool,
    data_dir: Path | None,
) -> Summary:
    """Stage, run, and switch in the new trees (or nothing, when a run failed)."""
    reports_stage = session.stage_in_reports()
    stages = {"reports": reports_stage / "new"}
    if refresh_notebooks:
        stages["notebooks"] = session.stage_beside(dirs["notebooks"]) / "new"
    elif any(r.citable and r.draws for r in runs):
        stages["figures"] = session.stage_beside(dirs["figures"]) / "new"
    check_replaceable(_targets(runs, dirs, stages))
    built_from = inputs_commit()  # read once, before any kernel: the headers and the manifest agree
    job_list = [_job(run, stages, data_dir, built_from) for run in runs]
    summary = execute(job_list, workers or os.cpu_count() or 1, reports_stage / "runtime")
    if summary.failed:
        for r in summary.failed:
            where = f"{r.job.lang or 'default'}{', ' + r.job.source_id if r.job.source_id else ''}"
            progress(f"error: {r.job.notebook.relative_to(dirs['notebooks'].parent)} [{where}]: {r.error}")
        progress("nothing was replaced: previous reports and figures are unchanged")
        return summary
    try:
        steps = _new_trees(stages, dirs, built_from)
    except OSError as exc:
        raise PublishError(f"could not stage the new outputs: {describe(exc)}; nothing was replaced") from None
    fault_point("staged")
    session.publish(steps, check=stopper.check)
    return summary


def _targets(runs: list[_Run], dirs: dict[str, Path], stages: dict[str, Path]) -> list[Path]:
    """What the run will replace: figures/ or notebooks/, and the children of reports/ it writes."""
    targets = [dirs[name] for name in ("figures", "notebooks") if name in stages]
    if "notebooks" not in stages:
        targets += [dirs["reports"] / lang for lang in sorted({r.lang for r in runs if r.lang})]
        if any(r.draws and not r.citable for r in runs):
            targets.append(dirs["reports"] / "figures")
        targets.append(dirs["reports"] / INDEX_NAME)
    return targets


def _job(run: _Run, stages: dict[str, Path], data_dir: Path | None, built_from: dict) -> Job:
    if "notebooks" in stages:
        return Job(run.notebook, None, {}, stages["notebooks"] / run.notebook.name, None, None)
    reports = stages["reports"]
    figures = stages["figures"] if run.citable else reports / "figures" / (run.source_id or "all")
    out = reports / str(run.lang) / (run.source_id or "") / f"{report_name(run.notebook, run.parameters)}.ipynb"
    return Job(
        run.notebook,
        run.lang,
        run.parameters,
        out,
        out.with_suffix(".html"),
        figures if run.draws else None,
        run.source_id,
        data_dir if DATA_PARAMETER in run.declared else None,
        tuple(provenance(built_from).items()),  # the header states the commit the manifest records
    )


def _new_trees(stages: dict[str, Path], dirs: dict[str, Path], built_from: dict) -> list[Step]:
    """The complete new trees (current ones with the run's files over them, the figure manifest rebuilt)
    and the steps that switch them in: figures/ or notebooks/ first, then each child of reports/, then
    reports/index.html, written from the trees as they will be once switched."""
    steps = []
    figures_tree = dirs["figures"]
    for name in ("figures", "notebooks"):
        new = stages.get(name)
        if new is not None and new.exists():
            # named like its target: the manifest's paths start with the figures folder's name
            tree = assemble(new, dirs[name], new.parent / dirs[name].name)
            if name == "figures":
                write_manifest(tree, built_from)
                figures_tree = tree
            steps.append(Step.of(name, tree, dirs[name]))
    if "notebooks" in stages:
        return steps
    new_reports = stages["reports"]
    children = {p.name: p for p in _children(dirs["reports"])}
    for child in _children(new_reports):
        tree = assemble(child, dirs["reports"] / child.name, new_reports.parent / "tree" / child.name)
        steps.append(Step.of(f"reports/{child.name}", tree, dirs["reports"] / child.name))
        children[child.name] = tree
    from analysis.html import index_page

    page = index_page(children, figures_tree, Path(os.path.relpath(dirs["figures"], dirs["reports"])).as_posix())
    index = new_reports.parent / "tree" / INDEX_NAME
    atomic_write_bytes(index, page.encode("utf-8"))
    steps.append(Step.of(f"reports/{INDEX_NAME}", index, dirs["reports"] / INDEX_NAME))
    return steps


def _children(folder: Path) -> list[Path]:
    """The folders of ``folder`` a report run writes (en/, ar/, figures/): no staging, lock or journal."""
    return sorted(p for p in folder.glob("*") if p.is_dir() and not p.name.startswith("."))


def _check_sources(
    sources: list[str] | None, data_dir: Path | None, declared_by: dict[Path, dict[str, Any]], revalidate: bool
) -> tuple[str | None, list[str]]:
    """The package's default source and the sources to run (``["*"]`` means every source with a text)."""
    from analysis import data

    if not any(SOURCE_PARAMETER in d for d in declared_by.values()):
        if sources:
            raise ReportError("--sources: no selected notebook takes a source")
        if revalidate:
            data.load_package(data_dir, revalidate=True)
        return None, []
    pkg = data.load_package(data_dir, revalidate=revalidate)
    with_text = sorted(pkg.raw_texts)
    if not sources:
        return pkg.default_source, [pkg.default_source]
    if sources == ["*"]:
        return pkg.default_source, with_text
    unknown = [s for s in sources if s not in pkg.raw_texts]
    if unknown:
        raise ReportError(f"--sources: unknown source {unknown[0]!r} (sources with a text: {', '.join(with_text)})")
    return pkg.default_source, list(dict.fromkeys(sources))
