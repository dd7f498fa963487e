"""Command line: ``python -m analysis COMMAND`` (validate, paragraphs, ...).

Bad input ends with one line per problem, ``file:row:field: message``, and exit code 1;
never a traceback.

Usage::

    python -m analysis validate [--data DIR]
    python -m analysis paragraphs --source kuna-alrai-2024-11-04 --format table
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.errors import DataError, UsageError


def _cmd_validate(args: argparse.Namespace) -> int:
    from analysis import data

    pkg = data.load_package(args.data)
    counts = ", ".join(f"{len(df)} {name}" for name, df in pkg.tables.items())
    print(f"{args.data or 'data'}: valid data package ({counts}; {len(pkg.raw_texts)} raw text(s), checksums match)")
    return 0


def _source_or_fail(pkg, source_id: str) -> None:
    if source_id not in pkg.raw_texts:
        known = ", ".join(sorted(pkg.raw_texts))
        raise UsageError(f"--source: unknown source id {source_id!r} (sources with a text: {known})")


def _emit(df, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_columns", None,
                               "display.width", 200, "display.max_colwidth", 60):
            print(df.to_string(index=False))


def _cmd_paragraphs(args: argparse.Namespace) -> int:
    from analysis import data, text

    pkg = data.load_package(args.data)
    _source_or_fail(pkg, args.source)
    _emit(text.paragraph_table(pkg, args.source), args.format)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis import report

    overrides = {name: report.parse_value(value) for name, value in args.param}
    summary = report.run_report(args.notebooks, args.lang, args.jobs, overrides,
                                refresh_notebooks=args.refresh_notebooks)
    done = len(summary.results) - len(summary.failed)
    print(f"{done} of {len(summary.results)} notebook run(s) succeeded")
    return 1 if summary.failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data package: schema, keys, evidence, checksums, dates")
    p.add_argument("--data", type=Path, default=None, help="data package folder (default: data/)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("paragraphs", help="a source's paragraphs with role, speaker and offsets")
    p.add_argument("--source", required=True)
    p.add_argument("--format", choices=["csv", "table"], default="table")
    p.add_argument("--data", type=Path, default=None)
    p.set_defaults(func=_cmd_paragraphs)
    p = sub.add_parser("report", help="run the notebooks into reports/ and figures/ (parallel kernels)")
    p.add_argument("--notebooks", nargs="+", metavar="NAME", help="notebook names (default: all)")
    p.add_argument("--lang", nargs="+", metavar="LANG", help="languages (default: en ar)")
    p.add_argument("--jobs", type=int, default=None, help="parallel kernels (default: one per core)")
    p.add_argument("-p", "--param", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                   help="notebook parameter (a Python literal or a string)")
    p.add_argument("--refresh-notebooks", action="store_true",
                   help="store default-parameter outputs back into notebooks/ (nbval references)")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head
        return 0


if __name__ == "__main__":
    sys.exit(main())
