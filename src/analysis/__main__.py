"""Command line: ``python -m analysis COMMAND`` (validate, paragraphs, ...).

Bad input ends with one line per problem, ``file:row:field: message``, and exit code 1;
never a traceback. A bad command line is one line and exit 1 as well; an unforeseen error is one line
naming the command and the exception type (exit 1), an interruption one line (exit 130).

Offsets printed by ``paragraphs``, ``themes`` and ``kwic`` are 0-based character indices into
the source's raw text, so ``text[char_start:char_end]`` is exactly the printed match.

Usage::

    python -m analysis validate [--data DIR]
    python -m analysis add-source FILE --id ID --outlet NAME --published YYYY-MM-DD --language ar --kind KIND
    python -m analysis paragraphs [--source ID] [--attribution merged|auto|hand] --format table
    python -m analysis themes [--source ID] [--theme border_security ...] --format csv
    python -m analysis counts [--source ID] --format csv
    python -m analysis kwic [--source ID] --term دوشنبه --window 4 --format table
    python -m analysis findings [--source ID]
    python -m analysis cite FIGURE_ID [--lang en|ar] [--format text|bibtex|json]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import NoReturn

from analysis import cite
from analysis.errors import DataError, UsageError, one_line, os_error_message

REVALIDATE_HELP = "check the data package in full, even content that validated before"
#: Longest line of a usage error (a pasted value must not flood the terminal).
MAX_LINE = 500


def _load(args: argparse.Namespace):
    """The data package (its codebook and hand coding built from the same tables), checked; and the
    source the command asks for (``--source``, default: the package's default source)."""
    from analysis import data

    pkg = data.load_package(args.data, revalidate=getattr(args, "revalidate", False))
    if getattr(args, "source", "") is None:
        args.source = pkg.default_source
    if getattr(args, "source", None) is not None and args.source not in pkg.raw_texts:
        known = ", ".join(sorted(pkg.raw_texts))
        raise UsageError(f"--source: unknown source id {args.source!r} (sources with a text: {known})")
    return pkg


def _cmd_validate(args: argparse.Namespace) -> int:
    pkg = _load(args)
    counts = ", ".join(f"{len(df)} {name}" for name, df in pkg.tables.items())
    print(
        f"{args.data or 'data'}: valid data package ({counts}; {len(pkg.raw_texts)} raw text(s), checksums match; "
        f"codebook of {len(pkg.codebook.theme_ids)} themes compiles)"
    )
    return 0


def _cmd_add_source(args: argparse.Namespace) -> int:
    from analysis.register import add_source

    row = add_source(
        args.file,
        source_id=args.id,
        outlet=args.outlet,
        published=args.published,
        language=args.language,
        kind=args.kind,
        speaker=args.speaker,
        url=args.url,
        title=args.title,
        agency=args.agency,
        stage=args.stage,
        data_dir=args.data,
    )
    from analysis import data, text

    pkg = data.load_package(args.data)
    paras = text.paragraph_table(pkg, row["source_id"])
    print(
        f"registered {row['source_id']}: {row['path']} ({len(paras)} paragraphs, sha256 {row['sha256'][:12]}...), "
        f"{row['kind']}, {row['language']}, {row['outlet']}, published {row['published']}"
        + (f", speaker {row['speaker']}" if row["speaker"] else "")
        + (f", agency {row['agency']}" if row["agency"] else "")
        + (f", stage {row['stage']}" if row["stage"] else "")
        + "; the data package validates"
    )
    return 0


#: The widest text cell a table shows (CSV always carries the whole text).
TABLE_TEXT_CHARS = 60


def _emit(df, fmt: str, empty: str = "no rows") -> None:
    """CSV (every cell whole), or a table for reading: long texts cut with "…", one line when there is nothing."""
    if fmt == "csv":
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
        return
    if df.empty:
        print(empty)
        return
    shown = df.copy()
    for col in shown.columns:
        if shown[col].dtype == object or str(shown[col].dtype) in ("string", "str"):
            cut = shown[col].astype("string")
            long = cut.str.len() > TABLE_TEXT_CHARS
            shown[col] = cut.where(~long.fillna(False), cut.str.slice(0, TABLE_TEXT_CHARS - 1) + "…")
    print(shown.to_string(index=False))


def _paragraphs(pkg, source_id: str, attribution: str = "merged"):
    """The paragraph table with near-duplicate flags (content paragraphs only, names masked)."""
    from analysis import duplicates, text

    table = text.paragraph_table(pkg, source_id, attribution)
    corpus = text.as_corpus(table, source_id)
    near = duplicates.near_duplicates(corpus, pkg.codebook, paragraphs=duplicates.content_paragraphs(table))
    return duplicates.flag_duplicates(table, near)


def _cmd_paragraphs(args: argparse.Namespace) -> int:
    pkg = _load(args)
    _emit(_paragraphs(pkg, args.source, args.attribution), args.format)
    return 0


#: The columns ``themes`` prints, one row per hit.
THEME_COLUMNS = "source_id paragraph sentence theme_id match char_start char_end speaker voice duplicate_of".split()


def _cmd_themes(args: argparse.Namespace) -> int:
    from analysis import text, themes

    pkg = _load(args)
    codebook = pkg.codebook
    unknown = [t for t in args.theme or [] if t not in codebook.theme_ids]
    if unknown:
        raise UsageError(f"--theme: unknown theme id {unknown[0]!r} (codebook: {', '.join(codebook.theme_ids)})")
    paras = _paragraphs(pkg, args.source)
    hits = themes.to_source_offsets(themes.code_corpus(text.as_corpus(paras, args.source), codebook), paras)
    if args.theme:
        hits = hits[hits["theme_id"].isin(args.theme)]
    info = paras.set_index("paragraph")
    hits = hits.assign(
        speaker=hits["paragraph"].map(info["speaker"]),
        voice=hits["paragraph"].map(info["voice"]),
        duplicate_of=hits["paragraph"].map(info["duplicate_of"]).astype("Int64"),
    )
    _emit(hits[THEME_COLUMNS], args.format)
    return 0


def _cmd_counts(args: argparse.Namespace) -> int:
    from analysis.count_reading import source_counts

    pkg = _load(args)
    _emit(source_counts(pkg, args.source), args.format)
    return 0


def _cmd_kwic(args: argparse.Namespace) -> int:
    from analysis import text, themes

    pkg = _load(args)
    if args.window < 0:
        raise UsageError(f"--window: must be 0 or more, not {args.window}")
    paras = text.paragraph_table(pkg, args.source)
    try:
        hits = themes.kwic(
            text.as_corpus(paras, args.source), args.term, window=args.window, variants=pkg.codebook.variants
        )
    except ValueError as exc:
        raise UsageError(f"--term: {exc}") from None
    hits = themes.to_source_offsets(hits, paras)
    _emit(
        hits[["paragraph", "char_start", "char_end", "pre", "keyword", "post"]],
        args.format,
        empty=f"no match for {args.term!r} in {args.source}",
    )
    return 0


def _cmd_findings(args: argparse.Namespace) -> int:
    from analysis import findings

    pkg = _load(args)
    print(findings.paragraph(pkg, args.source) or f"no findings for {args.source}: no stage, coded speech or figures")
    return 0


def _cmd_code_corpus(args: argparse.Namespace) -> int:
    from analysis import code_corpus, data

    if args.partitions is not None and args.partitions < 1:
        raise UsageError(f"--partitions: must be 1 or more, not {args.partitions}")
    if args.out.suffix != ".parquet":
        raise UsageError(f"--out: {args.out} must end in .parquet")
    pkg = data.load_package(args.data, revalidate=args.revalidate)
    texts = code_corpus.read_texts(args.texts) if args.texts else pkg.raw_texts
    corpus = code_corpus.corpus_of_texts(texts)
    hits = code_corpus.code_on_cluster(corpus, pkg.codebook, scheduler=args.scheduler, partitions=args.partitions)
    code_corpus.write_parquet(hits, args.out)
    print(f"{len(hits)} hits in {len(corpus)} paragraphs of {len(texts)} text(s) -> {args.out}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis import report
    from analysis.notebook_parameters import parse_value

    overrides = {name: parse_value(value) for name, value in args.param}
    sources = ["*"] if args.all_sources else args.sources
    summary = report.run_report(
        args.notebooks,
        args.lang,
        args.jobs,
        overrides,
        refresh_notebooks=args.refresh_notebooks,
        sources=sources,
        data_dir=args.data,
        revalidate=args.revalidate,
    )
    done = len(summary.results) - len(summary.failed)
    print(f"{done} of {len(summary.results)} notebook run(s) succeeded")
    return 1 if summary.failed else 0


def _data_options(p: argparse.ArgumentParser, data_help: str | None = None) -> None:
    """``--data DIR`` and ``--revalidate``, for the commands that load the data package."""
    p.add_argument("--data", type=Path, default=None, help=data_help)
    p.add_argument("--revalidate", action="store_true", help=REVALIDATE_HELP)


class _Parser(argparse.ArgumentParser):
    """argparse whose parse errors are a UsageError: one line and exit 1, as the README promises (not exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    # Long by nature: one declaration per command and option, in the order `--help` lists them.
    parser = _Parser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data package: schema, keys, evidence, checksums, dates")
    p.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    p.set_defaults(func=_cmd_validate, revalidate=True)  # every check, whatever validated before

    p = sub.add_parser(
        "add-source", help="register a new source text: copy it to raw/, record sha256 and a sources row"
    )
    p.add_argument("file", type=Path, help="the text, UTF-8, one paragraph per line")
    p.add_argument("--id", required=True, help="new source_id: lower-case words joined by '-', e.g. alqabas-2024-11-05")
    p.add_argument("--outlet", required=True, help="where it was published, e.g. Al-Qabas")
    p.add_argument("--published", required=True, help="YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS+HH:MM)")
    p.add_argument("--language", required=True, help="ar or en")
    p.add_argument("--kind", required=True, help="news_report, speech_transcript, press_release or web_page")
    p.add_argument("--speaker", default=None, help="actor_id whose own words the text is (speech_transcript only)")
    p.add_argument("--agency", default=None, help="actor_id of the agency or body whose text it is (e.g. kuna)")
    p.add_argument("--stage", type=int, default=None, help="the Dushanbe-process stage it reports on (4: Kuwait)")
    p.add_argument("--url", default=None)
    p.add_argument("--title", default=None, help="default: the text's first line")
    p.add_argument("--data", type=Path, default=None)
    p.set_defaults(func=_cmd_add_source)
    p = sub.add_parser("paragraphs", help="a source's paragraphs with role, speaker and offsets")
    p.add_argument("--source", default=None, help="source_id (default: the package's default source)")
    p.add_argument(
        "--attribution",
        choices=["merged", "auto", "hand"],
        default="merged",
        help="speakers from the automatic attribution, the hand rows of statements.csv, or both "
        "(merged, the default: hand rows first); column attributed_by says which",
    )
    p.add_argument("--format", choices=["csv", "table"], default="table")
    _data_options(p)
    p.set_defaults(func=_cmd_paragraphs)
    p = sub.add_parser("themes", help="theme hits of a source, one row per hit (offsets into the source text)")
    p.add_argument("--source", default=None, help="source_id (default: the package's default source)")
    p.add_argument("--theme", nargs="+", metavar="ID", help="only these theme ids")
    p.add_argument("--format", choices=["csv", "table"], default="table")
    _data_options(p)
    p.set_defaults(func=_cmd_themes)

    p = sub.add_parser(
        "counts",
        help="participation figures a source states (participants, organisations, "
        "countries, delegations), one row per figure with its evidence span",
    )
    p.add_argument("--source", default=None, help="source_id (default: the package's default source)")
    p.add_argument("--format", choices=["csv", "table"], default="table")
    _data_options(p)
    p.set_defaults(func=_cmd_counts)

    p = sub.add_parser("kwic", help="keyword in context; the term is normalised like the text")
    p.add_argument("--source", default=None, help="source_id (default: the package's default source)")
    p.add_argument("--term", required=True)
    p.add_argument("--window", type=int, default=5, help="words of context on each side (default 5)")
    p.add_argument("--format", choices=["csv", "table"], default="table")
    _data_options(p)
    p.set_defaults(func=_cmd_kwic)

    p = sub.add_parser("findings", help="what the analyses found, in English sentences computed from the data (README)")
    p.add_argument("--source", default=None, help="source_id (default: the package's default source)")
    _data_options(p)
    p.set_defaults(func=_cmd_findings)
    cite.add_parser(sub)

    p = sub.add_parser("code-corpus", help="code many texts for themes on a dask cluster, hits to Parquet")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--data", type=Path, help="code every raw text of this data package (its codebook too)")
    where.add_argument("--texts", help="code these UTF-8 files (a glob; the project's codebook)")
    p.add_argument("--out", type=Path, required=True, help="hits file (.parquet)")
    p.add_argument("--scheduler", default=None, help="address of a running dask scheduler (default: a local cluster)")
    p.add_argument("--partitions", type=int, default=None, help="number of partitions (default: two per worker)")
    p.add_argument("--revalidate", action="store_true", help=REVALIDATE_HELP)
    p.set_defaults(func=_cmd_code_corpus)

    p = sub.add_parser("report", help="run the notebooks into reports/ and figures/ (parallel kernels)")
    p.add_argument("--notebooks", nargs="+", metavar="NAME", help="notebook names (default: all)")
    p.add_argument("--lang", nargs="+", metavar="LANG", help="languages (default: en ar)")
    p.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: one per core)")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter (a Python literal or a string)",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--sources",
        nargs="+",
        metavar="ID",
        help="run the per-source notebooks on these sources (default: the package's default source)",
    )
    which.add_argument("--all-sources", action="store_true", help="run them on every source with a raw text")
    _data_options(p, "data package folder (default: data/)")
    p.add_argument(
        "--refresh-notebooks",
        action="store_true",
        help="store default-parameter outputs back into notebooks/ (nbval references)",
    )
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), "analysis")
    try:
        args = build_parser().parse_args(argv)
        code = args.func(args)
        sys.stdout.flush()  # a full disk or a closed pipe is reported here, not at interpreter exit
        return code
    except DataError as exc:
        _say(str(exc))
    except UsageError as exc:
        _say(f"error: {one_line(str(exc), MAX_LINE)}")
    except BrokenPipeError:  # e.g. piped into head
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.filename is None:  # the output itself failed: never let the exit flush fail again
            _silence_stdout()
        _say(f"error: {command}: {os_error_message(exc)}")
    except KeyboardInterrupt:
        _say(f"error: {command}: interrupted")
        return 130
    except Exception as exc:  # the last resort: an unforeseen error is a bug, reported in one line
        detail = one_line(f"{type(exc).__name__}: {exc}", 200)
        _say(f"error: {command}: internal error ({detail}); please report it")
    return 1


def _say(text: str) -> None:
    try:
        print(text, file=sys.stderr)
    except (OSError, ValueError):
        pass  # stderr is gone: the exit code still tells


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


if __name__ == "__main__":
    sys.exit(main())
