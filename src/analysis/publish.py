"""All-or-nothing publishing: new trees built in staging beside their targets, switched in under a journal.

A run builds each complete new tree (a copy of the current one with the run's files laid over it) in a
staging folder on the same filesystem as its target: ``figures/`` beside itself, each child of ``reports/``
inside ``reports/`` (which may be a mount point, so it is never renamed itself). Each tree then replaces its
target in one atomic step: Linux ``renameat2(RENAME_EXCHANGE)``, or two renames where the filesystem has no
exchange. A journal written before the first switch lets the next run complete a switch that a killed run
left half done; a failure or a stop request during the switch puts the old trees back. A lock file, held
for the whole run and naming its holder's pid, keeps a second run away.

Usage::

    >>> import tempfile
    >>> from pathlib import Path
    >>> from analysis.publish import Session, Step, assemble
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "figures" / "en").mkdir(parents=True)
    >>> _ = (root / "figures" / "en" / "kept.csv").write_text("kept")
    >>> with Session(root / "reports", [root / "figures"]) as session:
    ...     stage = session.stage_beside(root / "figures")
    ...     (stage / "new" / "en").mkdir(parents=True)
    ...     _ = (stage / "new" / "en" / "made.csv").write_text("made")
    ...     tree = assemble(stage / "new", root / "figures", stage / "tree")
    ...     session.publish([Step.of("figures", tree, root / "figures")], check=lambda: None)
    >>> sorted(p.name for p in (root / "figures" / "en").iterdir()), sorted(p.name for p in root.iterdir())
    (['kept.csv', 'made.csv'], ['figures', 'reports'])
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path

from analysis.errors import UsageError, display_path
from analysis.files import atomic_write_bytes

LOCK_NAME = ".report.lock"
JOURNAL_NAME = ".publish-journal.json"
REPORTS_STAGING_PREFIX = ".staging-"
#: ``action@point``: what a test makes the run do at a named point (kill, term, eacces or exdev)
FAULT_VARIABLE = "ANALYSIS_REPORT_FAULT"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
#: errors that mean "this filesystem or kernel cannot exchange", not "this exchange failed"
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


class PublishError(UsageError):
    """The outputs could not be replaced (the old ones stay), or another run holds them: one line, exit 1."""


def fault_point(point: str) -> None:
    """A named point of the run where ``ANALYSIS_REPORT_FAULT=action@point`` injects a fault (tests only)."""
    action, _, wanted = os.environ.get(FAULT_VARIABLE, "").partition("@")
    if wanted != point:
        return
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "term":
        os.kill(os.getpid(), signal.SIGTERM)
    elif action in ("eacces", "exdev"):
        code = errno.EACCES if action == "eacces" else errno.EXDEV
        raise OSError(code, os.strerror(code))


def describe(exc: OSError) -> str:
    """An OSError in a few words: its reason and the path it concerns."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        src, _, reason = exc.args[0][0]  # copytree gathers every failure; the first says enough
        return f"{reason} ({display_path(src)})"
    where = f" ({display_path(exc.filename)})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


# ---------------------------------------------------------------- staging and the switch


def remove_tree(path: Path) -> None:
    """Remove a staging folder, read-only folders inside it included (an old tree may carry them)."""

    def make_writable_and_retry(function, failed, _exc_info) -> None:
        parent = os.path.dirname(failed)
        os.chmod(parent, os.stat(parent).st_mode | stat.S_IWUSR | stat.S_IXUSR)
        function(failed)

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=make_writable_and_retry)


def assemble(new: Path, current: Path, tree: Path) -> Path:
    """``tree`` = a copy of ``current`` (so files the run did not make are kept) with every file of ``new``
    laid over it; returns ``tree``."""
    tree.parent.mkdir(parents=True, exist_ok=True)
    if current.is_dir():
        shutil.copytree(current, tree, symlinks=True)
    else:
        tree.mkdir()
    for src in sorted(p for p in new.rglob("*") if not p.is_dir()):
        dest = tree / src.relative_to(new)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)
    return tree


def _exchange(a: Path, b: Path) -> None:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``)."""
    rename2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if rename2 is None:  # a C library older than glibc 2.28, or not glibc: two renames instead
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(a))
    rename2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if rename2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


@dataclass(frozen=True)
class Step:
    """One target and the complete new tree that replaces it."""

    name: str  # the target's role ("figures", "reports/en"): named in faults and messages
    staged: str
    target: str
    aside: str  # where two renames put the old tree when the filesystem cannot exchange
    identity: tuple[int, int]  # the staged tree's (device, inode): the target has it once switched

    @classmethod
    def of(cls, name: str, staged: Path, target: Path) -> Step:
        identity = _identity(staged)
        assert identity is not None, staged
        return cls(name, str(staged), str(target), str(staged) + ".old", identity)

    def done(self) -> bool:
        return _identity(Path(self.target)) == tuple(self.identity)


def _switch(step: Step) -> None:
    """Put the staged tree at the target; the old tree ends at ``staged`` (exchange) or ``aside``."""
    if not os.path.lexists(step.target):
        os.rename(step.staged, step.target)
        return
    try:
        _exchange(Path(step.staged), Path(step.target))
        return
    except OSError as exc:
        if exc.errno not in _NO_EXCHANGE:
            raise
    os.rename(step.target, step.aside)
    fault_point(f"aside:{step.name}")
    try:
        os.rename(step.staged, step.target)
    except OSError:
        os.rename(step.aside, step.target)
        raise


def _unswitch(step: Step) -> None:
    """Undo a done switch: the old tree back at the target, the new one back at ``staged``."""
    if os.path.lexists(step.aside):
        os.rename(step.target, step.staged)
        os.rename(step.aside, step.target)
    elif os.path.lexists(step.staged):
        _exchange(Path(step.staged), Path(step.target))
    else:  # there was no old tree
        os.rename(step.target, step.staged)


def switch_all(steps: list[Step], journal: Path, staging: list[Path], check: Callable[[], None]) -> None:
    """Switch every step in, or none: a failure, or ``check()`` raising between steps, puts back the
    done ones. The journal lets the next run complete the switch if this process is killed."""
    try:
        atomic_write_bytes(journal, _journal_blob(steps, staging))
    except OSError as exc:
        raise PublishError(f"could not write the publish journal: {describe(exc)}; nothing was replaced") from None
    fault_point("journal")
    done: list[Step] = []
    current = steps[0]
    try:
        for current in steps:
            check()
            fault_point(f"switch:{current.name}")
            _switch(current)
            done.append(current)
            fault_point(f"switched:{current.name}")
        check()
    except BaseException as exc:
        _put_back(done, current, exc)
        journal.unlink()
        if isinstance(exc, OSError):
            raise PublishError(
                f"{current.name}: could not publish: {describe(exc)}; previous reports and figures are unchanged"
            ) from None
        raise
    journal.unlink()
    fault_point("committed")


def _put_back(done: list[Step], failed: Step, exc: BaseException) -> None:
    """Undo the done switches, last first; if that fails too, the journal stays for the next run."""
    try:
        for step in reversed(done):
            _unswitch(step)
    except OSError as undo:
        reason = describe(exc) if isinstance(exc, OSError) else type(exc).__name__
        raise PublishError(
            f"{failed.name}: could not publish ({reason}) nor put the old trees back ({describe(undo)}); "
            "the next run completes the switch"
        ) from None


def _journal_blob(steps: list[Step], staging: list[Path]) -> bytes:
    record = {"pid": os.getpid(), "steps": [asdict(s) for s in steps], "staging": [str(p) for p in staging]}
    return (json.dumps(record, indent=2) + "\n").encode("utf-8")


def recover(journal: Path) -> list[str]:
    """Complete the switch a killed run left half done (its journal still there); the steps switched now."""
    if not journal.exists():
        return []
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        steps = [Step(**{**s, "identity": tuple(s["identity"])}) for s in record["steps"]]
        staging = [Path(p) for p in record["staging"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(
            f"{display_path(journal)}: unreadable publish journal ({exc}); check and remove it"
        ) from None
    completed = []
    for step in steps:
        if step.done():
            continue
        where = f"{display_path(journal)}: {step.name}"
        if _identity(Path(step.staged)) != tuple(step.identity):
            raise PublishError(f"{where}: its staged tree is gone, the switch cannot be completed; remove the journal")
        try:
            _switch(step)
        except OSError as exc:
            raise PublishError(f"{where}: could not complete the switch a killed run began: {describe(exc)}") from None
        completed.append(step.name)
    journal.unlink()
    for folder in staging:
        remove_tree(folder)
    return completed


# ---------------------------------------------------------------- checks before a run


def check_replaceable(targets: list[Path]) -> None:
    """Refuse, before anything runs, a target that cannot be switched or whose old tree cannot be removed."""
    for target in targets:
        parent = target.parent
        if not os.access(parent, os.W_OK):
            raise PublishError(f"{display_path(parent)}: not writable, so {target.name}/ cannot be replaced")
        if not target.exists():
            continue
        if os.path.ismount(target):
            raise PublishError(f"{display_path(target)}: a mount point cannot be replaced in one step")
        for folder, _, _ in os.walk(target):
            if not os.access(folder, os.W_OK):
                raise PublishError(f"{display_path(folder)}: not writable (read-only or immutable)")


# ---------------------------------------------------------------- the lock and the session


class RunLock:
    """``reports/.report.lock``: an flock held for the whole run (the kernel drops it when the holder dies, so
    a lock left by a killed run is simply taken over); the file names the holder's pid for the message."""

    def __init__(self, folder: Path):
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        while self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise PublishError(
                    f"another report is running (pid {holder}, lock {display_path(self.path)}); wait for it or stop it"
                ) from None
            st = os.fstat(fd)
            if _identity(self.path) == (st.st_dev, st.st_ino):
                self._fd = fd
            else:  # the previous holder removed the file between our open and our lock: lock the new one
                os.close(fd)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def release(self) -> None:
        if self._fd is not None:
            self.path.unlink(missing_ok=True)
            os.close(self._fd)
            self._fd = None


class Session:
    """One run's hold on its outputs: the lock; then the journal of a killed run completed and stale staging
    removed, before anything else; staging folders made on demand and removed at the end."""

    def __init__(
        self, reports_dir: Path, beside: list[Path], shield: Callable[[], AbstractContextManager] = nullcontext
    ):
        self.reports_dir = reports_dir
        self.shield = shield  # no signal may stop a recovery or a switch halfway
        self.beside = list(beside)  # targets outside reports/ whose staging sits next to them
        self.journal = reports_dir / JOURNAL_NAME
        self.lock = RunLock(reports_dir)
        self.staging: list[Path] = []
        self.recovered: list[str] = []

    def __enter__(self) -> Session:
        self.reports_dir.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            with self.shield():
                self.recovered = recover(self.journal)
                for stale in self._stale_staging():
                    remove_tree(stale)
        except BaseException:
            self.lock.release()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            with self.shield():
                for folder in self.staging:
                    remove_tree(folder)
        finally:
            self.lock.release()

    def _stale_staging(self) -> list[Path]:
        found = sorted(self.reports_dir.glob(f"{REPORTS_STAGING_PREFIX}*"))
        for target in self.beside:
            found += sorted(target.parent.glob(f".{target.name}.staging-*"))
        return found

    def stage_in_reports(self) -> Path:
        return self._stage(self.reports_dir, REPORTS_STAGING_PREFIX)

    def stage_beside(self, target: Path) -> Path:
        target.parent.mkdir(parents=True, exist_ok=True)
        return self._stage(target.parent, f".{target.name}.staging-")

    def _stage(self, folder: Path, prefix: str) -> Path:
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=folder))
        self.staging.append(path)
        return path

    def publish(self, steps: list[Step], check: Callable[[], None]) -> None:
        if steps:
            with self.shield():
                switch_all(steps, self.journal, self.staging, check)
