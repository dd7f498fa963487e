"""A new text in, everything out: the README's "Add your own article" steps, and every per-source notebook
run on texts registered with add-source (a speech transcript and a web page with no curated rows)."""

from __future__ import annotations

import re
import shlex

import pytest

from analysis import paths, report
from analysis.__main__ import main

pytestmark = pytest.mark.slow

HELDOUT = paths.PROJECT_ROOT / "tests" / "heldout" / "texts"
_real_run_report = report.run_report


def _readme_commands() -> list[list[str]]:
    """The `python -m analysis` commands of the README's "Add your own article" section, in order."""
    readme = (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Add your own article", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:3] == [".venv/bin/python", "-m", "analysis"]:
                commands.append(words[3:])
    return commands


def test_the_readme_section_followed_step_by_step(data_copy, tmp_path, monkeypatch, capsys):
    article = tmp_path / "article.txt"
    article.write_bytes((HELDOUT / "h01-kuna-wire.txt").read_bytes())
    commands = _readme_commands()
    assert [c[0] for c in commands] == ["add-source", "paragraphs", "themes", "counts", "kwic", "report"]
    monkeypatch.setattr(report, "run_report", lambda *a, **kw: _report_into(tmp_path, *a, **kw))
    for words in commands:
        words = [str(article) if w.startswith("~/") else w for w in words]
        assert main([*words, "--data", str(data_copy)]) == 0, words
    out = capsys.readouterr().out
    assert "registered alqabas-2024-11-05" in out and "reported_speech" in out
    assert (tmp_path / "reports" / "en" / "alqabas-2024-11-05" / "00-source-overview.html").is_file()


def _report_into(root, *args, **kwargs):
    """The real runner, with the outputs under a temporary folder and English only (to keep the test short)."""
    kwargs.update(reports_dir=root / "reports", figures_dir=root / "figures", langs=["en"], jobs=2)
    return _real_run_report(*args[:1], **kwargs)


def test_every_notebook_runs_on_a_transcript_and_a_web_page(data_copy, tmp_path):
    assert (
        main(
            [
                "add-source",
                str(HELDOUT / "h05-rahmon-speech.txt"),
                "--id",
                "speech-2024-11-04",
                "--outlet",
                "Presidency",
                "--published",
                "2024-11-04",
                "--language",
                "ar",
                "--kind",
                "speech_transcript",
                "--speaker",
                "emomali-rahmon",
                "--stage",
                "4",
                "--data",
                str(data_copy),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "add-source",
                str(HELDOUT / "h02-web-repeat.txt"),
                "--id",
                "web-2024-11-05",
                "--outlet",
                "Web",
                "--published",
                "2024-11-05",
                "--language",
                "ar",
                "--kind",
                "web_page",
                "--data",
                str(data_copy),
            ]
        )
        == 0
    )
    summary = _real_run_report(
        langs=["en"],
        jobs=2,
        sources=["speech-2024-11-04", "web-2024-11-05"],
        data_dir=data_copy,
        reports_dir=tmp_path / "reports",
        figures_dir=tmp_path / "figures",
    )
    assert not summary.failed, [r.error for r in summary.failed]
    assert len(summary.results) == 8
    for sid in ("speech-2024-11-04", "web-2024-11-05"):
        for nb in report.discover_notebooks():
            assert (tmp_path / "reports" / "en" / sid / f"{nb.stem}.html").is_file()
    # other sources never write the citable figures
    assert not (tmp_path / "figures").exists()
    assert (tmp_path / "reports" / "figures" / "speech-2024-11-04" / "en" / "source-overview.png").is_file()
