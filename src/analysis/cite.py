"""``python -m analysis cite FIGURE_ID``: a figure's citation, read from ``figures/manifest.json``.

The citation gives the figure's id, its title in the chosen language, the commit of the inputs it was built from
(see :mod:`analysis.manifest`), its PNG's path and sha256, and the sha256 of each of its other files. Before it
prints anything it hashes the figure's files on disk again: a file that no longer has the manifest's sha256 is a
stale figure, not citable, and the command refuses in one line (exit 1).

Usage::

    python -m analysis cite speech-themes-frequency [--lang en|ar] [--format text|bibtex|json]

    >>> fig = {"id": "f", "lang": "en", "title": "A & B", "files": [{"path": "figures/en/f.png", "sha256": "ab"}]}
    >>> c = citation({"commit": "0123456789abcdef", "commit_date": "2026-12-01", "tree_clean": True}, fig)
    >>> print(render({**c, "version": "1.0"}, "text"))
    Figure f (en), “A & B”, dushanbe-kuwait-analysis 1.0, commit 0123456789ab (2026-12-01), figures/en/f.png, sha256 ab.
    >>> "title = {{A \\\\& B}}" in render(c, "bibtex")
    True
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analysis.errors import UsageError

FORMATS = ("text", "bibtex", "json")
PROJECT = "dushanbe-kuwait-analysis"
#: How many valid ids an "unknown figure" line lists before "and N more".
MAX_IDS = 12
_BIBTEX_SPECIAL = {c: "\\" + c for c in "&%$#_{}"}


def add_parser(sub) -> None:
    """The ``cite`` command of ``python -m analysis``."""
    p = sub.add_parser("cite", help="cite a figure: id, title, commit, file and sha256 (checked against the file)")
    p.add_argument("figure_id", metavar="FIGURE_ID", help="a figure id of figures/manifest.json")
    p.add_argument("--lang", choices=["en", "ar"], default="en", help="the figure's language (default en)")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument(
        "--figures", type=Path, default=None, help="figures folder with its manifest.json (default: figures/)"
    )
    p.set_defaults(func=_cmd_cite)


def _cmd_cite(args: argparse.Namespace) -> int:
    from analysis import manifest as mf

    manifest = mf.read_manifest(args.figures)
    figure = find_figure(manifest, args.figure_id, args.lang)
    stale = mf.stale_file(figure, args.figures)
    if stale:
        raise UsageError(f"{args.figure_id} ({args.lang}) is stale, not citable: {stale}; rebuild it with make report")
    print(render(citation(manifest, figure, mf.citation_authors()), args.format))
    return 0


def find_figure(manifest: dict, figure_id: str, lang: str) -> dict:
    """The manifest's entry for ``figure_id`` in ``lang``; a UsageError naming the valid ids when there is none."""
    figures = manifest["figures"]
    for fig in figures:
        if fig.get("id") == figure_id and fig.get("lang") == lang:
            return fig
    langs = sorted({f.get("lang") for f in figures if f.get("id") == figure_id})
    if langs:
        raise UsageError(f"figure {figure_id!r} has no {lang} version (it has: {', '.join(langs)})")
    ids = sorted({str(f.get("id")) for f in figures})
    shown = ", ".join(ids[:MAX_IDS]) + (f" and {len(ids) - MAX_IDS} more" if len(ids) > MAX_IDS else "")
    raise UsageError(f"unknown figure id {figure_id!r} (figures: {shown or 'none'})")


def citation(manifest: dict, figure: dict, authors: list[str] | None = None) -> dict:
    """Everything a citation of ``figure`` states, as one flat record (the ``json`` format)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        release = version(PROJECT)
    except PackageNotFoundError:
        release = None
    files = figure.get("files", [])
    png = next((f for f in files if f["path"].endswith(".png")), files[0] if files else {"path": None, "sha256": None})
    return {
        "id": figure["id"],
        "lang": figure["lang"],
        "title": figure.get("title"),
        "caption": figure.get("caption"),
        "project": PROJECT,
        "version": release,
        "authors": list(authors or []),
        "commit": manifest.get("commit"),
        "commit_date": manifest.get("commit_date"),
        "tree_clean": manifest.get("tree_clean"),
        "path": png["path"],
        "sha256": png["sha256"],
        "files": [{"path": f["path"], "sha256": f["sha256"]} for f in files],
        "notebook": figure.get("notebook"),
        "parameters": figure.get("parameters"),
        "sources": figure.get("sources"),
    }


def _commit_words(c: dict) -> str:
    if not c["commit"]:
        return "commit unknown (the manifest records none: built outside a git checkout)"
    changes = "" if c["tree_clean"] else " +changes (built with uncommitted changes to its inputs)"
    date = f" ({c['commit_date']})" if c["commit_date"] else ""
    return f"commit {c['commit'][:12]}{changes}{date}"


def _bibtex(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in value)


def render(c: dict, fmt: str) -> str:
    """The citation ``c`` as ``text`` (a sentence, then one line per other file), ``bibtex`` or ``json``."""
    if fmt == "json":
        return json.dumps(c, ensure_ascii=False, indent=2)
    project = f"{c['project']} {c['version']}" if c["version"] else c["project"]
    if fmt == "text":
        head = (
            f"Figure {c['id']} ({c['lang']}), “{c['title']}”, {project}, {_commit_words(c)}, "
            f"{c['path']}, sha256 {c['sha256']}."
        )
        others = [f"  {f['path']}  sha256 {f['sha256']}" for f in c["files"] if f["path"] != c["path"]]
        return "\n".join([head, *others])
    fields = {
        "title": c["title"] or c["id"],
        "author": " and ".join(c["authors"]),
        "year": c["commit_date"][:4] if c["commit_date"] else None,
        "version": c["version"],
        "howpublished": f"Figure {c['id']} ({c['lang']}) of {project}",
        "commit": c["commit"],
        "file": c["path"],
        "sha256": c["sha256"],
        "note": f"{_commit_words(c)}; {c['path']}, sha256 {c['sha256']}",
        "language": {"en": "english", "ar": "arabic"}.get(c["lang"], c["lang"]),
    }
    protected = {"title", "author"}  # kept as written: no case change, a body's name not split into names
    body = ",\n".join(
        f"  {name} = {{{'{' if name in protected else ''}{_bibtex(v)}{'}' if name in protected else ''}}}"
        for name, v in fields.items()
        if v
    )
    return f"@misc{{{c['project']}:{c['id']}:{c['lang']},\n{body}\n}}"
