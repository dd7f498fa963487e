"""The command line: one line per problem, exit 1, never a traceback.

Commands run in-process through ``main()`` (fast); one test runs the real ``python -m analysis``
process from another working directory, and the bad-input battery runs another.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from types import SimpleNamespace

import pytest

from analysis.__main__ import main


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def test_validate_ok():
    r = run("validate")
    assert r.returncode == 0, r.stderr
    assert "valid data package" in r.stdout and len(r.stdout.strip().splitlines()) == 1


def test_validate_bad_copy_names_place(data_copy):
    s = (data_copy / "events.csv").read_text(encoding="utf-8")
    (data_copy / "events.csv").write_text(
        s.replace(
            "closing-session,4,kuna-alrai-2024-11-04,2024-11-05", "closing-session,4,kuna-alrai-2024-11-04,2024-13-05"
        ),
        encoding="utf-8",
    )
    r = run("validate", "--data", str(data_copy))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"{data_copy}/events.csv:4:date: date '2024-13-05' is not a valid date at day precision"
    ]


def test_paragraphs_csv_and_unknown_source():
    r = run("paragraphs", "--source", "kuna-alrai-2024-11-04", "--format", "csv")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[0] == ("paragraph,role,repeat_of,voice,duplicate_of,speaker,attributed_by,char_start,char_end,text")
    assert len(lines) == 24
    r = run("paragraphs", "--source", "no-such-source")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert (
        r.stderr.strip()
        == "error: --source: unknown source id 'no-such-source' (sources with a text: kuna-alrai-2024-11-04)"
    )


SEED = "kuna-alrai-2024-11-04"


@pytest.mark.parametrize("mode, by", [("auto", "auto"), ("hand", "hand"), ("merged", "hand")])
def test_paragraphs_attribution_modes_agree_on_the_seed_and_say_which(mode, by):
    table = _csv(["paragraphs", "--source", SEED, "--attribution", mode])
    speech = table[table["voice"] == "reported_speech"]
    assert speech["paragraph"].tolist() == list(range(4, 14))
    assert set(speech["speaker"]) == {"emomali-rahmon"} and set(speech["attributed_by"]) == {by}
    assert set(table.loc[table["voice"] == "agency", "attributed_by"]) == {"none"}


def _csv(args):
    import io

    import pandas as pd

    r = run(*args, "--format", "csv")
    assert r.returncode == 0, r.stderr
    return pd.read_csv(io.StringIO(r.stdout), keep_default_na=False)


def test_themes_hits_are_spans_of_the_raw_text(package):
    hits = _csv(["themes", "--source", SEED])
    raw = package.text(SEED)
    assert {"paragraph", "theme_id", "char_start", "char_end", "match", "speaker", "voice"} <= set(hits.columns)
    assert len(hits) > 30
    for rec in hits.to_dict("records"):
        assert raw[rec["char_start"] : rec["char_end"]] == rec["match"]
    only = _csv(["themes", "--source", SEED, "--theme", "border_security"])
    assert set(only["theme_id"]) == {"border_security"} and 0 < len(only) < len(hits)
    # the conference title in paragraph 5 does not code border security by itself
    assert 5 not in set(only["paragraph"])


def test_kwic_finds_both_spellings_of_dushanbe(package):
    for term in ("دوشنبه", "دوشانبه"):
        hits = _csv(["kwic", "--source", SEED, "--term", term, "--window", "3"])
        assert set(hits["keyword"]) == {"دوشنبه", "دوشانبه"}
        assert len(hits) == 9
        raw = package.text(SEED)
        assert all(raw[a:b] == k for a, b, k in zip(hits["char_start"], hits["char_end"], hits["keyword"]))


def test_paragraphs_flag_near_duplicates():
    paras = _csv(["paragraphs", "--source", SEED])
    dup = dict(zip(paras["paragraph"], paras["duplicate_of"]))
    assert (dup[6], dup[7]) == ("4", "5")
    assert sum(1 for v in dup.values() if v != "") == 2


def test_works_from_any_working_directory(tmp_path):
    r = subprocess.run([sys.executable, "-m", "analysis", "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("data: valid data package"), r.stderr


def test_a_bad_command_line_exits_1_in_one_line_through_the_real_process():
    # argparse alone prints its usage over several lines and exits 2; the README promises one line and exit 1
    r = subprocess.run([sys.executable, "-m", "analysis", "kwic", "--window", "abc"], capture_output=True, text=True)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        "error: python -m analysis kwic: argument --window: invalid int value: 'abc' "
        "(see python -m analysis kwic --help)"
    ]


def test_help_still_exits_0():
    with pytest.raises(SystemExit) as done, contextlib.redirect_stdout(io.StringIO()) as out:
        main(["validate", "--help"])
    assert done.value.code == 0 and "--data" in out.getvalue()


def test_an_interruption_is_one_line(monkeypatch):
    import analysis.__main__ as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_validate", interrupted)
    r = run("validate")
    assert r.returncode == 130 and r.stderr.strip().splitlines() == ["error: validate: interrupted"]


def test_messages_escape_what_a_terminal_would_obey():
    r = run("themes", "--source", "x\x1b[2K\u200b\u00a0")
    assert r.returncode == 1
    assert r.stderr.startswith("error: --source: unknown source id 'x\\x1b[2K\\u200b\\xa0'"), r.stderr


def test_tables_for_reading_cut_long_text_and_say_when_there_is_nothing(capsys):
    from analysis.__main__ import TABLE_TEXT_CHARS, main

    assert main(["kwic", "--term", "نيويورك"]) == 0
    assert capsys.readouterr().out.strip() == "no match for 'نيويورك' in kuna-alrai-2024-11-04"
    assert main(["paragraphs", "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 24 and max(len(line) for line in lines) < 250
    assert any(line.endswith("…") for line in lines) and TABLE_TEXT_CHARS == 60


def test_findings_prints_the_readme_paragraph(package):
    from analysis import findings

    r = run("findings")
    assert r.returncode == 0, r.stderr
    assert r.stdout == findings.paragraph(package) + "\n"
    r = run("findings", "--source", "no-such-source")
    assert r.returncode == 1 and r.stderr.startswith("error: --source: unknown source id 'no-such-source'")


def test_findings_of_a_source_with_nothing_to_report_say_so_in_one_line(data_copy):
    from analysis import paths

    text = paths.PROJECT_ROOT / "tests" / "heldout" / "texts" / "h01-kuna-wire.txt"
    args = ["--outlet", "Al-Qabas", "--published", "2024-11-05", "--language", "ar", "--kind", "news_report"]
    assert run("add-source", str(text), "--id", "wire-2024-11-05", *args, "--data", str(data_copy)).returncode == 0
    r = run("findings", "--source", "wire-2024-11-05", "--data", str(data_copy))
    assert r.returncode == 0, r.stderr
    assert r.stdout == "no findings for wire-2024-11-05: no stage, coded speech or figures\n"
