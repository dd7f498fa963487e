"""The README opens with what the analyses found: sentences computed from the data, checked against the data."""

from __future__ import annotations

import pytest

from analysis import data, findings, paths


def _readme() -> str:
    return (paths.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_block_is_what_the_data_gives(package):
    expected = findings.paragraph(package)
    assert findings.readme_block(_readme()) == expected, (
        "README.md's findings are out of date: put the output of `python -m analysis findings` between "
        f"{findings.START} and {findings.END}:\n{expected}"
    )


def test_the_block_is_near_the_top_and_has_three_or_four_sentences(package):
    readme = _readme()
    assert readme.index(findings.START) < readme.index("\n## ")
    assert 3 <= len(findings.sentences(package)) <= 4


def test_the_speech_numbers_are_those_of_the_hand_coding_and_the_statements(package):
    sid = package.default_source
    speech = package.statements[package.statements["source_id"] == sid]
    speaker = speech["speaker"].mode().iloc[0]
    numbers = set(speech.loc[speech["speaker"] == speaker, "paragraph"].astype(int))
    coded = package.paragraph_themes[package.paragraph_themes["source_id"] == sid]
    themes_of = {int(p): set((t or "").split(";")) for p, t in zip(coded["paragraph"], coded["themes"].fillna(""))}
    per_theme = {t: sum(t in themes_of[p] for p in numbers) for t in package.codebook.theme_ids}
    top = max(per_theme, key=per_theme.get)
    facts = findings.speech_facts(package, sid)
    assert (facts["theme_id"], facts["hand"], facts["paragraphs"]) == (top, per_theme[top], len(numbers))
    label = package.themes.set_index("theme_id").at[top, "label_en"].lower()
    assert f"{per_theme[top]} of the {len(numbers)} paragraphs" in findings.paragraph(package).replace("\n", " ")
    assert f"the {label} theme" in " ".join(findings.sentences(package))


def test_the_participation_numbers_are_those_the_source_states(package):
    sid = package.default_source
    stage = package.source(sid)["stage"]
    rows = package.participation
    body = rows[(rows["source_id"] == sid) & (rows["stage"] == stage) & (rows["location"] == "body")]
    text = " ".join(findings.sentences(package))
    for rec in body.dropna(subset=["count"]).to_dict("records"):
        assert f"{rec['count']} " in text, rec
    total = body[body["category"] == "participants"].iloc[0]
    assert total["qualifier"] == "more_than" and f"more than {total['count']} participants" in text
    others = rows[(rows["stage"] == stage) & (rows["source_id"] != sid)].dropna(subset=["count"])
    for count in set(others["count"]) - set(body["count"].dropna()):
        assert f"{count} " in text, count


def test_the_stage_numbers_are_those_of_the_stages_table(package):
    stages = package.stages.sort_values("start_date")
    stage = package.source(package.default_source)["stage"]
    abroad = stages[stages["country_en"] != stages["country_en"].iloc[0]]
    text = findings.sentences(package)[0]
    assert f"of its {len(stages)} stages" in text
    assert abroad["stage"].iloc[0] == stage and f"the first held outside {stages['country_en'].iloc[0]}" in text
    for year in stages.loc[stages["stage"] < stage, "start_date"].dt.year:
        assert str(year) in text


def test_a_change_in_the_data_changes_the_findings(data_copy, package):
    """Drop one speech paragraph's top theme from the hand coding: the count in the sentence follows."""
    path = data_copy / "annotations" / "paragraph_themes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith(f"{package.default_source},8,"))
    lines[row] = lines[row].replace("intl_cooperation;", "", 1)
    path.write_text("".join(lines), encoding="utf-8")
    changed = data.load_package(data_copy)
    facts = findings.speech_facts(changed, changed.default_source)
    assert facts["hand"] == findings.speech_facts(package, package.default_source)["hand"] - 1
    assert not facts["coder_agrees"]
    assert findings.paragraph(changed) != findings.readme_block(_readme())


def test_the_readme_block_needs_both_markers_in_order():
    assert findings.readme_block(f"x\n{findings.START}\nsome\ntext\n{findings.END}\ny") == "some\ntext"
    for broken in (f"{findings.START} only", f"{findings.END} {findings.START}", "none"):
        with pytest.raises(ValueError, match="findings:start"):
            findings.readme_block(broken)


def test_words_of_the_sentences():
    assert [findings._ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
    ]
    assert findings._join(["a"]) == "a" and findings._join(["a", "b", "c"]) == "a, b and c"
    assert findings._lower("Participants") == "participants"
    assert findings._lower("UN specialised agencies") == "UN specialised agencies"
