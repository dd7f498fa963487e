"""Bad-input battery: each corrupted copy of the real data ends in one line per problem naming the file
(and row and field where there is one), exit code 1, no traceback, and no change to reports or figures."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.__main__ import main

SEED = "kuna-alrai-2024-11-04"


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


@pytest.mark.parametrize("case, mutate, where", CASES, ids=[c[0] for c in CASES])
def test_bad_data_is_named_precisely(case, mutate, where, data_copy, capsys, outputs_before):
    mutate(data_copy)
    code = main(["validate", "--data", str(data_copy)])
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == 1
    assert captured.out == ""
    assert lines, "no message"
    assert "Traceback" not in captured.err
    first = lines[0]
    assert first.startswith(f"{data_copy}/{where}") or first.startswith(where), first
    assert re.match(r"^[^:]+(:(\d+|-))?(:[\w,]+)?: \S", first), first
    assert all(len(line.replace(str(data_copy), "data")) <= 400 for line in lines)
    # one defect, one line; a duplicated key also leaves the rows that referred to the lost id dangling
    if case not in CASCADES:
        assert len(lines) == 1, lines
    assert _snapshot() == outputs_before


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
        "negative-window",
        ["kwic", "--source", SEED, "--term", "دوشنبه", "--window", "-2"],
        "error: --window: must be 0 or more, not -2",
    ),
]


@pytest.mark.parametrize("case, argv, message", USAGE_CASES, ids=[c[0] for c in USAGE_CASES])
def test_bad_command_lines_get_one_line(case, argv, message, capsys, outputs_before):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), captured.err
    assert "Traceback" not in captured.err
    assert _snapshot() == outputs_before


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
