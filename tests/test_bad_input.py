"""Bad-input battery: each corrupted copy of the real data ends in one line per problem naming the file
(and row and field where there is one), exit code 1, no traceback, no hang, nothing fetched, nothing written,
and no change to reports or figures. No case reaches the command line's last-resort handler."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.__main__ import main

SEED = "kuna-alrai-2024-11-04"
DESCRIPTOR = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
#: What the last-resort handler prints; no bad input may reach it.
LAST_RESORT = "internal error"
#: A case still running after this long is hung (a FIFO read or a stalled fetch would wait for ever); each takes a
#: second or two, the bound leaves room for a loaded machine.
HANG_LIMIT_S = 60


def res(name):
    """The index of a resource in the descriptor, as problems name it (resources[i])."""
    return next(i for i, r in enumerate(DESCRIPTOR["resources"]) if r["name"] == name)


def replace(name, old, new):
    def mutate(d: Path):
        p = d / name
        s = p.read_text(encoding="utf-8")
        assert old in s, f"{old!r} not in {name}"
        p.write_text(s.replace(old, new, 1), encoding="utf-8")

    return mutate


def drop_column(name, column):
    def mutate(d: Path):
        import csv
        import io

        p = d / name
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
        i = rows[0].index(column)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
        p.write_text(out.getvalue(), encoding="utf-8")

    return mutate


def raw_bytes(blob_fn, fix_checksum=False):
    def mutate(d: Path):
        raw = d / "raw" / f"{SEED}.ar.txt"
        old = hashlib.sha256(raw.read_bytes()).hexdigest()
        blob = blob_fn(raw.read_bytes())
        raw.write_bytes(blob)
        if fix_checksum:
            replace("sources.csv", old, hashlib.sha256(blob).hexdigest())(d)

    return mutate


def remove(rel):
    return lambda d: (d / rel).unlink()


def write(rel, text_or_bytes):
    def mutate(d: Path):
        p = d / rel
        p.write_bytes(text_or_bytes if isinstance(text_or_bytes, bytes) else text_or_bytes.encode("utf-8"))

    return mutate


def append(rel, text):
    def mutate(d: Path):
        p = d / rel
        p.write_text(p.read_text(encoding="utf-8") + text, encoding="utf-8")

    return mutate


def edit_descriptor(change):
    def mutate(d: Path):
        p = d / "datapackage.json"
        descriptor = json.loads(p.read_text(encoding="utf-8"))
        change(descriptor)
        p.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")

    return mutate


def resource(descriptor, name):
    return next(r for r in descriptor["resources"] if r["name"] == name)


def fifo(rel, source_path=False):
    """A FIFO at ``rel``; with ``source_path``, the seed's sources row names it as its raw text."""

    def mutate(d: Path):
        (d / rel).unlink(missing_ok=True)
        os.mkfifo(d / rel)
        if source_path:
            replace("sources.csv", f"raw/{SEED}.ar.txt", rel)(d)

    return mutate


def swap_paragraphs(first, second):
    """Swap two paragraphs (lines) of the seed's raw text and record its new sha256, as an editor might."""

    def swap(blob: bytes) -> bytes:
        lines = blob.decode("utf-8").split("\n")
        numbered = [i for i, line in enumerate(lines) if line.strip()]
        a, b = numbered[first - 1], numbered[second - 1]
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines).encode("utf-8")

    return raw_bytes(swap, fix_checksum=True)


def many_bad_rows(d: Path):
    p = d / "lexicon" / "reporting_verbs.csv"
    p.write_text(p.read_text(encoding="utf-8") + "".join(f"w{i},l,x,past\n" for i in range(150)), encoding="utf-8")


# (case id, mutation, the start of the expected first line: file[:row[:field]])
CASES = [
    (
        "csv-does-not-parse",
        replace("participation.csv", ",kuna-alrai-2024-11-04,kuna,21,33", ',"kuna-alrai-2024-11-04,kuna,21,33'),
        "participation.csv:4:",
    ),
    (
        "csv-not-utf8",
        write("actors.csv", b"actor_id,type,name_en,name_ar,role_en\n\xff\xfe,person,x,,\n"),
        "actors.csv:2:",
    ),
    ("csv-missing-file", remove("events.csv"), "events.csv: resource 'events': file not found"),
    (
        "wrong-type-stage",
        replace("participation.csv", "kw-ministers,4,", "kw-ministers,four,"),
        "participation.csv:4:stage:",
    ),
    (
        "negative-count",
        replace("participation.csv", "kw-ministers,4,ministers,person,33,", "kw-ministers,4,ministers,person,-33,"),
        "participation.csv:4:count:",
    ),
    (
        "non-numeric-count",
        replace("participation.csv", "kw-ministers,4,ministers,person,33,", "kw-ministers,4,ministers,person,33+,"),
        "participation.csv:4:count:",
    ),
    (
        "enum-outside-list",
        replace("participation.csv", "450,more_than,body,kuna-alrai", "450,at_least,body,kuna-alrai"),
        "participation.csv:2:qualifier:",
    ),
    (
        "duplicate-primary-key",
        replace("actors.csv", "vladimir-voronkov,person", "emomali-rahmon,person"),
        "actors.csv:3:",
    ),
    (
        "dangling-fk-source",
        replace(
            "participation.csv",
            "kw-ministers,4,ministers,person,33,exact,body,kuna-alrai-2024-11-04",
            "kw-ministers,4,ministers,person,33,exact,body,kuna-alrai-2024-11-05",
        ),
        "participation.csv:4:source_id:",
    ),
    (
        "dangling-fk-actor",
        replace(
            "statements.csv", "s05a,kuna-alrai-2024-11-04,5,emomali-rahmon", "s05a,kuna-alrai-2024-11-04,5,e-rahmon"
        ),
        "statements.csv:3:speaker:",
    ),
    (
        "dangling-fk-stage",
        replace("participation.csv", "kw-ministers,4,", "kw-ministers,5,"),
        "participation.csv:4:stage:",
    ),
    ("missing-column", drop_column("participation.csv", "qualifier"), "participation.csv:"),
    (
        "required-cell-empty",
        replace("statements.csv", ",indirect,وأضاف أن منع التطرف", ",indirect,"),
        "statements.csv:9:evidence:",
    ),
    (
        "id-pattern",
        replace("actors.csv", "kuwait-declaration,document", "Kuwait Declaration,document"),
        "actors.csv:19:actor_id:",
    ),
    (
        "evidence-not-in-text",
        replace("events.csv", "المؤتمر يختتم أعماله اليوم", "المؤتمر يختتم أعماله غداً"),
        "events.csv:4:evidence:",
    ),
    (
        "evidence-wrong-paragraph",
        replace("participation.csv", "kuna,21,13 منظمة", "kuna,20,13 منظمة"),
        "participation.csv:8:evidence:",
    ),
    (
        "secondary-evidence-not-quoted",
        replace("participation.csv", "over 900 participants", "over 990 participants"),
        "participation.csv:28:evidence:",
    ),
    (
        "paragraph-past-end",
        replace("statements.csv", "s13a,kuna-alrai-2024-11-04,13,", "s13a,kuna-alrai-2024-11-04,31,"),
        "statements.csv:15:paragraph:",
    ),
    (
        "paragraph-zero",
        replace("statements.csv", "s13a,kuna-alrai-2024-11-04,13,", "s13a,kuna-alrai-2024-11-04,0,"),
        "statements.csv:15:paragraph:",
    ),
    (
        "checksum-mismatch",
        raw_bytes(lambda b: b.replace("33 وزيراً".encode(), "34 وزيراً".encode())),
        "sources.csv:2:sha256:",
    ),
    ("raw-missing", remove(f"raw/{SEED}.ar.txt"), "sources.csv:2:path:"),
    ("raw-not-utf8", raw_bytes(lambda b: b.decode("utf-8").encode("cp1256"), fix_checksum=True), f"raw/{SEED}.ar.txt:"),
    (
        "end-before-start",
        replace("stages.csv", "3,2022-10-18,2022-10-19", "3,2022-10-18,2022-10-17"),
        "stages.csv:4:end_date:",
    ),
    ("impossible-date", replace("stages.csv", "1,2018-05-03,", "1,2018-02-30,"), "stages.csv:2:start_date:"),
    (
        "impossible-event-date",
        replace(
            "events.csv",
            "closing-session,4,kuna-alrai-2024-11-04,2024-11-05,",
            "closing-session,4,kuna-alrai-2024-11-04,2024-11-31,",
        ),
        "events.csv:4:date:",
    ),
    ("year-precision-mismatch", replace("events.csv", ",2018,year,", ",2018-05-03,year,"), "events.csv:6:date:"),
    ("descriptor-not-json", write("datapackage.json", '{"name": "x", "resources": [}'), "datapackage.json:1:"),
    (
        "codebook-pattern-cannot-compile",
        replace("codebook/themes.csv", "تمويل الارهاب |", "تمويل (الارهاب |"),
        "codebook/themes.csv:4:patterns:",
    ),
    # patterns that a backtracking engine could not bound, or that are too big, are refused where they stand
    (
        "codebook-repetition-over-the-limit",
        replace("codebook/themes.csv", "تمويل الارهاب |", "re:a{4294967295} | تمويل الارهاب |"),
        "codebook/themes.csv:4:patterns: pattern 're:a{4294967295}': repetition {4294967295} is over the limit of 1000",
    ),
    (
        "codebook-backreference",
        replace("codebook/themes.csv", "تمويل الارهاب |", r"re:(\w+) \1 | تمويل الارهاب |"),
        "codebook/themes.csv:4:patterns: pattern 're:(\\\\w+) \\\\1': backreferences are not supported",
    ),
    (
        "codebook-lookbehind-in-a-tail",
        replace("codebook/masked_names.csv", "خبراء re:", "خبراء re:(?<=ء)"),
        "codebook/masked_names.csv:7:pattern: pattern 'خبراء re:(?<=ء)",
    ),
    (
        "codebook-500-letter-word",
        replace("codebook/themes.csv", "تمويل الارهاب |", "تمويل " + "ب" * 500 + " |"),
        "codebook/themes.csv:4:patterns: pattern 'تمويل "
        + "ب" * 54
        + "... (506 characters)': a word has at most 40 letters, one here has 500",
    ),
    (
        "codebook-raw-matches-nothing-but-empty",
        replace("codebook/themes.csv", "تمويل الارهاب |", "re:(?:x)? | تمويل الارهاب |"),
        "codebook/themes.csv:4:patterns: pattern 're:(?:x)?': regular expression '(?:x)?' matches the empty text",
    ),
    (
        "codebook-duplicate-theme",
        replace("codebook/themes.csv", "border_security,Border security", "intl_cooperation,Border security"),
        "codebook/themes.csv:3:theme_id:",
    ),
    (
        "hand-coding-unknown-theme",
        replace(
            "annotations/paragraph_themes.csv",
            "kuna-alrai-2024-11-04,2,intl_cooperation;",
            "kuna-alrai-2024-11-04,2,intl_cooperaton;",
        ),
        "annotations/paragraph_themes.csv:3:themes:",
    ),
    (
        "hand-coding-incomplete",
        lambda d: (d / "annotations/paragraph_themes.csv").write_text(
            "\n".join((d / "annotations/paragraph_themes.csv").read_text(encoding="utf-8").splitlines()[:-1]) + "\n",
            encoding="utf-8",
        ),
        "annotations/paragraph_themes.csv:-:paragraph: paragraph(s) 23",
    ),
    (
        "descriptor-missing-resource",
        replace("datapackage.json", '"name": "events"', '"name": "happenings"'),
        "datapackage.json:-:resources:",
    ),
]

# Nothing is fetched and nothing blocks: remote references are refused, non-regular files are not read.
CASES += [
    (
        "remote-profile",
        edit_descriptor(lambda j: j.update(profile="http://127.0.0.1:9/profile.json")),
        "datapackage.json:-:profile: remote profile 'http://127.0.0.1:9/profile.json' refused",
    ),
    (
        "remote-schema",
        edit_descriptor(lambda j: resource(j, "events").update(schema="https://example.org/schema.json")),
        f"datapackage.json:-:resources[{res('events')}].schema: remote schema",
    ),
    (
        "remote-path",
        edit_descriptor(lambda j: resource(j, "events").update(path="https://example.org/events.csv")),
        f"datapackage.json:-:resources[{res('events')}].path: remote path",
    ),
    (
        "remote-resource-profile",
        edit_descriptor(lambda j: resource(j, "events").update(profile="file:///etc/profile.json")),
        f"datapackage.json:-:resources[{res('events')}].profile: remote profile",
    ),
    (
        "ref-in-schema",
        edit_descriptor(lambda j: resource(j, "events")["schema"].update({"$ref": "schema.json"})),
        f'datapackage.json:-:resources[{res("events")}].schema.$ref: a "$ref" is never followed',
    ),
    ("fifo-in-raw", fifo("raw/notes.txt"), "raw/notes.txt: a FIFO (named pipe), not a regular file"),
    ("fifo-as-raw-text", fifo("raw/pipe.txt", source_path=True), "sources.csv:2:path: raw text 'raw/pipe.txt': a FIFO"),
    ("fifo-as-table", fifo("events.csv"), "events.csv: resource 'events': a FIFO (named pipe), not a regular file"),
    ("fifo-as-descriptor", fifo("datapackage.json"), "datapackage.json: a FIFO (named pipe), not a regular file"),
    ("fifo-as-reference-sheet", fifo("references/notes.md"), "references/notes.md: reference sheet: a FIFO"),
]

# Each input that used to end in a traceback (issue 13, item 4).
CASES += [
    (
        "count-past-64-bits",
        replace(
            "participation.csv",
            "kw-ministers,4,ministers,person,33,",
            "kw-ministers,4,ministers,person,99999999999999999999999,",
        ),
        "participation.csv:4:count: value 99999999999999999999999 is too large for an integer field",
    ),
    (
        "nul-in-source-path",
        replace("sources.csv", f",raw/{SEED}", f",raw/\x00{SEED}"),
        "sources.csv:2:path: path 'raw/\\x00kuna",
    ),
    (
        "resource-without-schema",
        edit_descriptor(lambda j: resource(j, "events").pop("schema")),
        f"datapackage.json:-:resources[{res('events')}].schema: missing: resource 'events' needs its Table Schema",
    ),
    (
        "schema-without-fields",
        edit_descriptor(lambda j: resource(j, "events")["schema"].pop("fields")),
        f"datapackage.json:-:resources[{res('events')}].schema.fields: missing: a Table Schema lists its fields",
    ),
    (
        "field-without-name",
        edit_descriptor(lambda j: resource(j, "events")["schema"]["fields"][1].pop("name")),
        f"datapackage.json:-:resources[{res('events')}].schema.fields[1].name: missing: every field needs a name",
    ),
    (
        "resource-as-string",
        edit_descriptor(lambda j: j["resources"].append("events.csv")),
        f"datapackage.json:-:resources[{len(DESCRIPTOR['resources'])}]: a resource must be an object, not a string",
    ),
    (
        "constraint-pattern-cannot-compile",
        edit_descriptor(lambda j: resource(j, "events")["schema"]["fields"][0]["constraints"].update(pattern="([")),
        f"datapackage.json:-:resources[{res('events')}].schema.fields[0].constraints.pattern: pattern '([' does not",
    ),
    (
        "descriptor-nan",
        replace("datapackage.json", '"version": "0.1.0"', '"version": NaN'),
        "datapackage.json: not valid JSON: NaN is not a JSON value",
    ),
    (
        "descriptor-nested-100k",
        write("datapackage.json", "[" * 100_000 + "]" * 100_000),
        "datapackage.json: not valid JSON for a data package: nested too deeply",
    ),
    (
        "descriptor-nested-deep-but-parseable",
        edit_descriptor(lambda j: j.update(extra=json.loads("[" * 500 + "]" * 500))),
        "datapackage.json:-:extra",
    ),
    ("reference-sheet-not-utf8", write("references/notes.md", b"\xff\xfe notes"), "references/notes.md:1: not UTF-8"),
    (
        "reference-sheet-folder",
        lambda d: (d / "references" / "x.md").mkdir(),
        "references/x.md: reference sheet: a folder",
    ),
]

# Messages: a BOM named as one, one line for a blank line, row and field for Arabic-Indic digits, invisible and
# control characters escaped, a long list capped with "and N more".
CASES += [
    (
        "csv-bom",
        lambda d: (d / "events.csv").write_bytes(b"\xef\xbb\xbf" + (d / "events.csv").read_bytes()),
        "events.csv:1: starts with a UTF-8 BOM (byte order mark)",
    ),
    (
        "descriptor-bom",
        lambda d: (d / "datapackage.json").write_bytes(b"\xef\xbb\xbf" + (d / "datapackage.json").read_bytes()),
        "datapackage.json:1: starts with a UTF-8 BOM",
    ),
    ("csv-blank-line", replace("events.csv", "\nclosing-session,", "\n\nclosing-session,"), "events.csv:4: blank line"),
    (
        "arabic-indic-digits-in-integer",
        replace("participation.csv", "kw-ministers,4,ministers,person,33,", "kw-ministers,4,ministers,person,٣٣,"),
        "participation.csv:4:count: value '٣٣' has Arabic-Indic (non-ASCII) digits: write it with 0-9, as '33'",
    ),
    (
        "arabic-indic-digits-in-date",
        replace("stages.csv", "1,2018-05-03,", "1,٢٠١٨-٠٥-٠٣,"),
        "stages.csv:2:start_date: value '٢٠١٨-٠٥-٠٣' has Arabic-Indic",
    ),
    (
        "invisible-characters-escaped",
        replace("participation.csv", "kw-ministers,4,ministers,", "kw-ministers,4,ministers\u00a0\u200b\x1b[2K,"),
        "participation.csv:4:category: constraint error: value 'ministers\\xa0\\u200b\\x1b[2K'",
    ),
    (
        "control-characters-in-a-header",
        replace("events.csv", "event_id,", "event_id\x1b[31m,"),
        "events.csv:1:event_id: header lacks column(s) event_id (found instead: 'event_id\\x1b[31m')",
    ),
]

# The checks that were missing (issue 13, item 5).
CASES += [
    (
        "count-not-in-its-evidence",
        replace(
            "participation.csv",
            "kw-participants,4,participants,person,450,",
            "kw-participants,4,participants,person,9999,",
        ),
        "participation.csv:2:count: count 9999 is not written in its evidence 'أكثر من 450 مشاركاً'",
    ),
    (
        "raw-paragraphs-swapped",
        swap_paragraphs(17, 18),
        f"annotations/paragraph_themes.csv:18:anchor: anchor of paragraph(s) 17 (now 18), 18 (now 17) of {SEED}",
    ),
    (
        "published-impossible-time",
        replace("sources.csv", "2024-11-04T22:00:00+03:00", "2024-11-04T25:61:00+03:00"),
        "sources.csv:2:published: published '2024-11-04T25:61:00+03:00' is not a real date or time",
    ),
    (
        "published-impossible-date",
        replace("sources.csv", "2024-11-04T22:00:00+03:00", "2024-02-30"),
        "sources.csv:2:published: published '2024-02-30' is not a real date",
    ),
    (
        "hand-coding-of-a-source-without-text",
        append("annotations/paragraph_themes.csv", 'un-ctc-2018-05-09,1,,"Coded by mistake.",0123456789ab\n'),
        "annotations/paragraph_themes.csv:25:source_id: un-ctc-2018-05-09 has no raw text",
    ),
    (
        "statement-id-with-zero-width-space",
        replace("statements.csv", "s05a,", "s04a\u200b,"),
        "statements.csv:3:statement_id: constraint error: value 's04a\\u200b'",
    ),
    (
        "statement-id-with-a-line-break",
        replace("statements.csv", "s05a,", '"s05a\n",'),
        "statements.csv:3:statement_id: constraint error: value 's05a\\n'",
    ),
    ("statement-id-upper-case", replace("statements.csv", "s05a,", "S05A,"), "statements.csv:3:statement_id:"),
    (
        "figure-id-with-space",
        replace("participation.csv", "kw-ministers,", "kw ministers,"),
        "participation.csv:4:figure_id:",
    ),
    (
        "event-id-with-underscore",
        replace("events.csv", "closing-session,", "closing_session,"),
        "events.csv:4:event_id:",
    ),
    (
        "default-source-without-text",
        edit_descriptor(lambda j: j.update(default_source="un-ctc-2018-05-09")),
        "datapackage.json:-:default_source: default source 'un-ctc-2018-05-09' is not a source with a raw text",
    ),
]


# a duplicated or renamed key also leaves the rows that referred to the old id dangling (actor aliases, ...)
CASCADES = {"duplicate-primary-key", "id-pattern"}


def _snapshot() -> dict[str, str]:
    out = {}
    for root in (paths.FIGURES_DIR, paths.REPORTS_DIR):
        if root.exists():
            for p in sorted(root.rglob("*")):
                # the browser test's screenshots are test artefacts, written while this may run in parallel
                if p.is_file() and not p.name.startswith("screenshot-"):
                    out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def outputs_before():
    return _snapshot()


def _digest_tree(root: Path) -> dict[str, str]:
    """sha256 of every regular file under ``root`` (a FIFO planted by a case is listed, never read)."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_fifo():
            out[str(p)] = "fifo"
        elif p.is_file():
            out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


class _Hung(BaseException):
    """Raised by the alarm: a BaseException, so that no handler of the code under test can swallow it."""


@pytest.fixture
def never_hangs():
    """Fails a case that runs past the issue's bound instead of letting it hang the suite (a FIFO read, a fetch)."""

    def ring(signum, frame):
        raise _Hung(f"still running after {HANG_LIMIT_S} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, HANG_LIMIT_S)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("case, mutate, where", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_named_precisely(case, mutate, where, data_copy, capsys, outputs_before, never_hangs):
    mutate(data_copy)
    data_before = _digest_tree(data_copy)
    code = main(["validate", "--data", str(data_copy)])
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 1
    assert captured.out == ""
    assert lines, "no message"
    assert "Traceback" not in captured.err and LAST_RESORT not in captured.err
    first = lines[0]
    assert first.startswith(f"{data_copy}/{where}") or first.startswith(where), first
    assert re.match(r"^[^:]+(:(\d+|-))?(:[\w,.$\[\]]+)?: \S", first), first
    assert all(len(line.replace(str(data_copy), "data")) <= 400 for line in lines)
    assert not re.search(r"[\x00-\x1f\x7f\u00a0\u200b\ufeff]", captured.err.replace("\n", "")), captured.err
    # one defect, one line; a duplicated key also leaves the rows that referred to the lost id dangling
    if case not in CASCADES:
        assert len(lines) == 1, lines
    assert _digest_tree(data_copy) == data_before
    assert _snapshot() == outputs_before


def test_a_pattern_that_backtracks_in_python_is_valid_and_finishes(data_copy, capsys, never_hangs):
    r"""``(\w+\s?)+$`` takes exponential time in Python's re; on RE2 the codebook row is valid and coding ends."""
    replace("codebook/themes.csv", "تمويل الارهاب |", r"re:(\w+\s?)+$ | تمويل الارهاب |")(data_copy)
    assert main(["validate", "--data", str(data_copy)]) == 0
    assert main(["themes", "--data", str(data_copy), "--source", SEED, "--format", "csv"]) == 0
    assert main(["kwic", "--data", str(data_copy), "--source", SEED, "--term", r"re:(\w+\s?)+!"]) == 0
    out = capsys.readouterr()
    assert "terrorism_financing" in out.out and "Traceback" not in out.err


def test_the_battery_is_broad():
    assert len(CASES) + len(USAGE_CASES) >= 25


# (case id, command line, the expected one-line message)
USAGE_CASES = [
    (
        "unknown-source",
        ["themes", "--source", "kuna-2099"],
        "error: --source: unknown source id 'kuna-2099' (sources with a text: kuna-alrai-2024-11-04)",
    ),
    (
        "unknown-source-kwic",
        ["kwic", "--source", "x", "--term", "دوشنبه"],
        "error: --source: unknown source id 'x' (sources with a text: kuna-alrai-2024-11-04)",
    ),
    (
        "unknown-theme",
        ["themes", "--source", SEED, "--theme", "border_secrity"],
        "error: --theme: unknown theme id 'border_secrity' (codebook: ",
    ),
    (
        "unknown-notebook-parameter",
        ["report", "-p", "colour", "red"],
        "error: -p colour: no selected notebook has a parameter 'colour'",
    ),
    (
        "wrong-type-notebook-parameter",
        ["report", "--notebooks", "02-participation-composition", "-p", "include_secondary", "yes"],
        "error: -p include_secondary: 'yes' is str, but 02-participation-composition.ipynb expects bool (default True)",
    ),
    ("unknown-notebook", ["report", "--notebooks", "99-nothing"], "error: --notebooks: unknown notebook '99-nothing'"),
    ("bad-language", ["report", "--lang", "fr"], "error: --lang: unknown language 'fr' (use en or ar)"),
    ("empty-kwic-term", ["kwic", "--source", SEED, "--term", " "], "error: --term: "),
    (
        "kwic-term-of-9000-words",
        ["kwic", "--source", SEED, "--term", " ".join(["تعاون"] * 9_000)],
        "error: --term: an expression has at most 24 words, this one has 9000",
    ),
    (
        "kwic-term-with-a-backreference",
        ["kwic", "--source", SEED, "--term", r"re:(\w+)\s+\1"],
        "error: --term: backreferences are not supported",
    ),
    (
        "kwic-term-with-a-huge-repetition",
        ["kwic", "--source", SEED, "--term", "re:a{1,4294967295}"],
        "error: --term: repetition {1,4294967295} is over the limit of 1000",
    ),
    (
        "negative-window",
        ["kwic", "--source", SEED, "--term", "دوشنبه", "--window", "-2"],
        "error: --window: must be 0 or more, not -2",
    ),
]


# A bad command line is one line and exit 1 (argparse alone prints its usage and exits 2); so are a --data that
# names no folder and a -p value too deep for Python's parser.
USAGE_CASES += [
    ("missing-option", ["kwic"], "error: python -m analysis kwic: the following arguments are required: --term"),
    ("unknown-command", ["frobnicate"], "error: python -m analysis: argument command: invalid choice: 'frobnicate'"),
    ("unknown-option", ["validate", "--colour"], "error: python -m analysis: unrecognized arguments: --colour"),
    ("no-command", [], "error: python -m analysis: the following arguments are required: command"),
    (
        "not-an-integer",
        ["kwic", "--term", "x", "--window", "abc"],
        "error: python -m analysis kwic: argument --window: invalid int value: 'abc'",
    ),
    (
        "data-names-a-file",
        ["validate", "--data", str(paths.DATA_DIR / "sources.csv")],
        "data/sources.csv: not a folder",
    ),
    ("data-names-nothing", ["validate", "--data", "/nonexistent/data"], "/nonexistent/data: no such folder"),
    (
        "notebook-parameter-30000-deep",
        ["report", "-p", "x", "1+" * 30_000 + "1"],
        "error: -p: value '1+1+1+1+1+1+1+1+1+1+'... (60001 characters) is nested too deeply to read",
    ),
    (
        "notebook-parameter-with-escape-sequence",
        ["report", "-p", "colour\x1b[2K", "red"],
        "error: -p colour\\x1b[2K: no selected notebook has a parameter",
    ),
]


@pytest.mark.parametrize("case, argv, message", USAGE_CASES, ids=[c[0] for c in USAGE_CASES])
def test_bad_command_lines_get_one_line(case, argv, message, capsys, outputs_before, never_hangs):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), captured.err
    assert "Traceback" not in captured.err and LAST_RESORT not in captured.err
    assert "\x1b" not in captured.err
    assert _snapshot() == outputs_before


def _notebook(parameters: str) -> str:
    cells = [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": parameters, "outputs": []}]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# (case id, the notebook file's content (None: a FIFO), the expected one-line message)
NOTEBOOK_CASES = [
    ("not-json", "this is not a notebook {", "error: 01-broken.ipynb: not a notebook: not JSON"),
    ("not-utf8", b"\xff\xfe{}", "error: 01-broken.ipynb: not UTF-8 (byte 0)"),
    ("cells-not-a-list", '{"cells": 5}', "error: 01-broken.ipynb: not a notebook (TypeError: "),
    ("a-list", "[]", "error: 01-broken.ipynb: not a notebook (AttributeError: "),
    ("no-cells", '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "error: 01-broken.ipynb: not a notebook ("),
    (
        "parameter-not-literal",
        _notebook("lang = 'en'\nsource_id = open('x').read()"),
        "error: 01-broken.ipynb: parameter 'source_id' (line 2 of the parameters cell) is not a literal",
    ),
    ("parameters-not-python", _notebook("lang = ("), "error: 01-broken.ipynb: the parameters cell is not Python"),
    (
        "parameter-30000-deep",
        _notebook("lang = " + "-" * 30_000 + "1"),
        "error: 01-broken.ipynb: the parameters cell is not Python (nested too deeply)",
    ),
    ("a-fifo", None, "error: 01-broken.ipynb: not a regular file"),
]


@pytest.mark.parametrize("case, content, message", NOTEBOOK_CASES, ids=[c[0] for c in NOTEBOOK_CASES])
def test_a_bad_notebook_is_one_line_before_any_kernel_starts(
    case, content, message, tmp_path, monkeypatch, capsys, outputs_before, never_hangs
):
    notebook = tmp_path / "01-broken.ipynb"
    if content is None:
        os.mkfifo(notebook)
    else:
        notebook.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    monkeypatch.setattr(paths, "NOTEBOOKS_DIR", tmp_path)
    code = main(["report", "--notebooks", "01-broken"])
    captured = capsys.readouterr()
    assert code == 1 and captured.err.strip().splitlines() == [captured.err.strip()]
    assert captured.err.startswith(message), captured.err
    assert "Traceback" not in captured.err and LAST_RESORT not in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01-broken.ipynb"]
    assert _snapshot() == outputs_before


def test_validate_sends_no_request_for_remote_references(data_copy, capsys, never_hangs):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/x.json"

        def point_at_the_server(descriptor):
            descriptor["profile"] = url
            resource(descriptor, "events")["schema"] = url
            resource(descriptor, "actors")["path"] = url

        edit_descriptor(point_at_the_server)(data_copy)
        assert main(["validate", "--data", str(data_copy)]) == 1
        with pytest.raises(BlockingIOError):  # nobody knocked
            server.accept()
    lines = capsys.readouterr().err.strip().splitlines()
    fields = [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines]
    assert fields == ["profile", f"resources[{res('actors')}].path", f"resources[{res('events')}].schema"], lines


def test_a_long_list_of_problems_ends_with_and_n_more(data_copy, capsys):
    from analysis.errors import MAX_SHOWN

    many_bad_rows(data_copy)  # 150 rows with an unknown gender
    assert main(["validate", "--data", str(data_copy)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert all(":gender: constraint error" in line for line in lines[:-1])
    assert lines[-1] == f"and {150 - MAX_SHOWN} more problem(s)"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_through_the_real_process():
    with open("/dev/full", "w") as full:
        r = subprocess.run(
            [sys.executable, "-m", "analysis", "paragraphs"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert r.returncode == 1 and r.stderr.strip().splitlines() == ["error: paragraphs: disk full"], r.stderr


def test_a_full_disk_during_a_report_is_one_line(monkeypatch, capsys, outputs_before):
    from analysis import report

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", "reports/en/00-source-overview.html")

    monkeypatch.setattr(report, "run_report", no_space)
    assert main(["report"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["error: report: disk full (reports/en/00-source-overview.html)"], err


def test_the_last_resort_handler_is_one_line_naming_the_command_and_the_exception(monkeypatch, capsys):
    """What no case above reaches: an unforeseen exception is a bug, reported in one line, exit 1."""
    import analysis.__main__ as cli

    def broken(args):
        raise KeyError("resources")

    monkeypatch.setattr(cli, "_cmd_validate", broken)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"error: validate: {LAST_RESORT} (KeyError: 'resources'); please report it"]


def test_a_bad_copy_through_the_real_process_exits_1_without_traceback(data_copy):
    replace("participation.csv", "kw-ministers,4,", "kw-ministers,5,")(data_copy)
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data", str(data_copy)], capture_output=True, text=True
    )
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"{data_copy}/participation.csv:4:stage: foreignkey error")


def test_loading_never_executes_data():
    """No eval, exec, pickle or unsafe yaml anywhere in the package."""
    src = (paths.PACKAGE_DIR).rglob("*.py")
    forbidden = re.compile(r"\b(eval|exec)\(|pickle|yaml\.load\(|yaml\.unsafe_load")
    offenders = [str(p) for p in src if forbidden.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
