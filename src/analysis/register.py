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


def _sources_csv_with(data_dir: Path, row: dict) -> bytes:
    """sources.csv as it is, plus one row (the existing bytes are kept, the row appended)."""
    path = data_dir / "sources.csv"
    blob = path.read_bytes()
    header = next(csv.reader(io.StringIO(blob.decode("utf-8"))))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([row.get(col, "") for col in header])
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
    from analysis import data

    data_dir = Path(data_dir or paths.DATA_DIR)
    pkg = data.load_package(data_dir)  # a broken package is reported as it is, before anything is added
    _check_request(pkg, source_id, kind, language, speaker, agency, stage)
    published = _published(published)
    blob, text = _read_text(Path(file))
    digest = hashlib.sha256(blob).hexdigest()
    same = pkg.sources.loc[pkg.sources["sha256"] == digest, "source_id"].tolist()
    if same:
        raise UsageError(f"{file}: this text is already registered as {same[0]!r} (same sha256 {digest[:12]}...)")
    first_line = next(line.strip() for line in text.splitlines() if line.strip())
    row = {
        "source_id": source_id,
        "kind": kind,
        "outlet": outlet,
        "agency": agency or "",
        "speaker": speaker or "",
        "stage": "" if stage is None else str(stage),
        "title": title or first_line[:TITLE_CHARS],
        "language": language,
        "published": published,
        "url": url or "",
        "path": f"raw/{source_id}.{language}.txt",
        "sha256": digest,
        "note": "Registered with python -m analysis add-source.",
    }
    sources_blob = _sources_csv_with(data_dir, row)
    _validate_in_copy(data_dir, row["path"], blob, sources_blob)
    _install(data_dir, row["path"], blob, sources_blob)
    return row


def _validate_in_copy(data_dir: Path, raw_path: str, blob: bytes, sources_blob: bytes) -> None:
    from analysis import data

    with tempfile.TemporaryDirectory(prefix="add-source-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        (copy / raw_path).write_bytes(blob)
        (copy / "sources.csv").write_bytes(sources_blob)
        problems = data.validate_package(copy)
    if problems:
        # name the real package's files, not the temporary copy's
        lines = [str(p).replace(str(copy), str(data_dir)) for p in problems]
        raise DataError(data_dir / "sources.csv", "the new source does not validate: " + "; ".join(lines))


def _install(data_dir: Path, raw_path: str, blob: bytes, sources_blob: bytes) -> None:
    target = data_dir / raw_path
    atomic_write_bytes(target, blob)
    os.chmod(target, 0o444)  # raw texts are never edited
    try:
        atomic_write_bytes(data_dir / "sources.csv", sources_blob)
    except BaseException:
        target.chmod(0o644)
        target.unlink(missing_ok=True)
        raise
