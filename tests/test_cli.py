"""The command line: one line per problem, exit 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


def test_validate_ok():
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert "valid data package" in r.stdout and len(r.stdout.strip().splitlines()) == 1


def test_validate_bad_copy_names_place(data_copy):
    s = (data_copy / "events.csv").read_text(encoding="utf-8")
    (data_copy / "events.csv").write_text(s.replace("closing-session,4,kuna-alrai-2024-11-04,2024-11-05",
                                                    "closing-session,4,kuna-alrai-2024-11-04,2024-13-05"),
                                          encoding="utf-8")
    r = run("validate", "--data", str(data_copy))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"{data_copy}/events.csv:4:date: date '2024-13-05' is not a valid date at day precision"]


def test_paragraphs_csv_and_unknown_source():
    r = run("paragraphs", "--source", "kuna-alrai-2024-11-04", "--format", "csv")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "paragraph,role,speaker,voice,char_start,char_end,text" and len(lines) == 24
    r = run("paragraphs", "--source", "no-such-source")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip() == "error: --source: unknown source id 'no-such-source' (sources with a text: kuna-alrai-2024-11-04)"
