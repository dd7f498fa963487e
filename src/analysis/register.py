"""Register a new source text: copy it into ``raw/``, record its sha256 and a ``sources`` row, validate.

Everything is tried first on a copy of the data package; only when the copy validates are the raw
text and the new ``sources.csv`` moved into the real package (each by an atomic rename). A refused
request writes nothing and says why in one line.

Usage::

    >>> import shutil, tempfile
    >>> from pathlib import Path
    >>> from analysis import paths
    >>> from analysis.register import add_source
    >>> data_dir = Path(tempfile.mkdtemp()) / "data"
    >>> _ = shutil.copytree(paths.DATA_DIR, data_dir)
    >>> article = data_dir.parent / "report.txt"
    >>> _ = article.write_text("عنوان التقرير\\n\\nالكويت - قال الوزير إن المؤتمر ناجح.\\n", encoding="utf-8")
    >>> row = add_source(article, source_id="example-2024-11-05", outlet="Example", published="2024-11-05",
    ...                  language="ar", kind="news_report", data_dir=data_dir)
    >>> row["path"], row["title"]
    ('raw/example-2024-11-05.ar.txt', 'عنوان التقرير')
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from analysis import paths
from analysis.errors import DataError, UsageError
from analysis.files import atomic_write_bytes

SOURCE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
KINDS = ("news_report", "speech_transcript", "press_release", "web_page")
LANGUAGES = ("ar", "en")
TITLE_CHARS = 120


def _published(value: str) -> str:
    """A date (YYYY-MM-DD) or a timestamp with its offset (YYYY-MM-DDTHH:MM:SS+HH:MM)."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            date.fromisoformat(value)
            return value
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", value):
            datetime.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise UsageError(f"--published: {value!r} is not a date (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS+HH:MM)")


def _read_text(file: Path) -> tuple[bytes, str]:
    try:
        blob = file.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{file}: is a folder, not a text file") from None
    except OSError as exc:
        raise UsageError(f"{file}: cannot read ({exc.strerror})") from None
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{file}: not UTF-8 (byte {blob[exc.start]:#04x} at offset {exc.start})") from None
    if not text.strip():
        raise UsageError(f"{file}: empty (no text to register)")
    return blob, text


def _check_request(
    pkg, source_id: str, kind: str, language: str, speaker: str | None, agency: str | None, stage: int | None
) -> None:
    if not SOURCE_ID.fullmatch(source_id):
        raise UsageError(
            f"--id: {source_id!r} must be lower-case letters and digits joined by '-' (e.g. alqabas-2024-11-05)"
        )
    if source_id in set(pkg.sources["source_id"]):
        raise UsageError(f"--id: {source_id!r} is taken (sources.csv already has it)")
    if kind not in KINDS:
        raise UsageError(f"--kind: unknown kind {kind!r} (use one of {', '.join(KINDS)})")
    if language not in LANGUAGES:
        raise UsageError(f"--language: unknown language {language!r} (use one of {', '.join(LANGUAGES)})")
    actors = set(pkg.actors["actor_id"])
    for flag, value in (("--speaker", speaker), ("--agency", agency)):
        if value is not None and value not in actors:
            raise UsageError(
                f"{flag}: unknown actor {value!r} (add it to actors.csv first; known: {', '.join(sorted(actors))})"
            )
    if kind == "speech_transcript" and speaker is None:
        raise UsageError(
            "--speaker: a speech transcript names its speaker (an actor_id): all its paragraphs are "
            "that speaker's own words"
        )
    if kind != "speech_transcript" and speaker is not None:
        raise UsageError(f"--speaker: only a speech_transcript has one speaker for the whole text, not a {kind}")
    if stage is not None and stage not in set(pkg.stages["stage"].astype(int)):
        raise UsageError(f"--stage: unknown stage {stage} (stages.csv has {sorted(pkg.stages['stage'].astype(int))})")


def _sources_csv_with(data_dir: Path, rows: Sequence[Mapping]) -> bytes:
    """sources.csv as it is, plus the new rows (the existing bytes are kept, the rows appended)."""
    path = data_dir / "sources.csv"
    blob = path.read_bytes()
    header = next(csv.reader(io.StringIO(blob.decode("utf-8"))))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow([row.get(col, "") for col in header])
    if blob and not blob.endswith(b"\n"):
        blob += b"\n"
    return blob + buf.getvalue().encode("utf-8")


def add_source(
    file: str | Path,
    *,
    source_id: str,
    outlet: str,
    published: str,
    language: str,
    kind: str,
    speaker: str | None = None,
    url: str | None = None,
    title: str | None = None,
    agency: str | None = None,
    stage: int | None = None,
    data_dir: str | Path | None = None,
) -> dict:
    """Register ``file`` as source ``source_id``; return the ``sources`` row written.

    Raises :class:`UsageError` (bad request) or :class:`DataError` (the package would not validate),
    in both cases with nothing written.
    """
    request = {"file": file, "source_id": source_id, "outlet": outlet, "published": published, "language": language}
    request |= {"kind": kind, "speaker": speaker, "url": url, "title": title, "agency": agency, "stage": stage}
    return add_sources([request], data_dir=data_dir)[0]


def add_sources(requests: Sequence[Mapping], *, data_dir: str | Path | None = None) -> list[dict]:
    """Register several texts at once, each request holding the arguments of :func:`add_source` (``file``,
    ``source_id``, ...); return their ``sources`` rows in order.

    All or nothing: every request is checked (against the package and the requests before it), the package with
    all of them is validated once, and only then is anything written.
    """
    from analysis import data

    data_dir = Path(data_dir or paths.DATA_DIR)
    pkg = data.load_package(data_dir)  # a broken package is reported as it is, before anything is added
    taken = dict(zip(pkg.sources["sha256"], pkg.sources["source_id"]))
    ids: set[str] = set()
    rows, blobs = [], []
    for request in requests:
        row, blob = _new_row(pkg, dict(request), taken, ids)
        taken[row["sha256"]] = row["source_id"]
        ids.add(row["source_id"])
        rows.append(row)
        blobs.append(blob)
    sources_blob = _sources_csv_with(data_dir, rows)
    raws = {row["path"]: blob for row, blob in zip(rows, blobs)}
    _validate_in_copy(data_dir, raws, sources_blob)
    _install(data_dir, raws, sources_blob)
    return rows


def _new_row(pkg, request: dict, taken: Mapping[str, str], batch_ids: set[str]) -> tuple[dict, bytes]:
    """The ``sources`` row of one request and its text's bytes, or UsageError."""
    file, source_id, kind = Path(request["file"]), request["source_id"], request["kind"]
    speaker, agency, stage = request.get("speaker"), request.get("agency"), request.get("stage")
    if source_id in batch_ids:
        raise UsageError(f"--id: {source_id!r} is taken (an earlier text of this registration has it)")
    _check_request(pkg, source_id, kind, request["language"], speaker, agency, stage)
    published = _published(request["published"])
    blob, text = _read_text(file)
    digest = hashlib.sha256(blob).hexdigest()
    if digest in taken:
        raise UsageError(f"{file}: this text is already registered as {taken[digest]!r} (same sha256 {digest[:12]}...)")
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    row = {
        "source_id": source_id,
        "kind": kind,
        "outlet": request["outlet"],
        "agency": agency or "",
        "speaker": speaker or "",
        "stage": "" if stage is None else str(stage),
        "title": request.get("title") or first_line[:TITLE_CHARS],
        "language": request["language"],
        "published": published,
        "url": request.get("url") or "",
        "path": f"raw/{source_id}.{request['language']}.txt",
        "sha256": digest,
        "note": "Registered with python -m analysis add-source.",
    }
    return row, blob


def _validate_in_copy(data_dir: Path, raws: Mapping[str, bytes], sources_blob: bytes) -> None:
    from analysis import data

    with tempfile.TemporaryDirectory(prefix="add-source-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        for raw_path, blob in raws.items():
            (copy / raw_path).write_bytes(blob)
        (copy / "sources.csv").write_bytes(sources_blob)
        problems = data.validate_package(copy)
    if problems:
        # name the real package's files, not the temporary copy's
        lines = [str(p).replace(str(copy), str(data_dir)) for p in problems]
        raise DataError(data_dir / "sources.csv", "the new source does not validate: " + "; ".join(lines))


def _install(data_dir: Path, raws: Mapping[str, bytes], sources_blob: bytes) -> None:
    written: list[Path] = []
    try:
        for raw_path, blob in raws.items():
            target = data_dir / raw_path
            atomic_write_bytes(target, blob)
            written.append(target)
            os.chmod(target, 0o444)  # raw texts are never edited
        atomic_write_bytes(data_dir / "sources.csv", sources_blob)
    except BaseException:
        for target in written:
            target.chmod(0o644)
            target.unlink(missing_ok=True)
        raise
