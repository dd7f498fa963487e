"""save_figure: the same figure gives the same bytes in all four files; Arabic stays logical-order text."""

from __future__ import annotations

import hashlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis import figures


def _draw(lang):
    figures.use_style(lang)
    data = pd.DataFrame({"theme": ["التعاون الدولي", "أمن الحدود"], "paragraphs": [7, 3]})
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.barh(data["theme"], data["paragraphs"])
    ax.set_title("مرحلة الكويت" if lang == "ar" else "Kuwait stage")
    figures.orient_axes(ax, lang)
    return fig, data


def _save(tmp, lang):
    fig, data = _draw(lang)
    written = figures.save_figure(
        fig,
        "test-figure",
        data,
        lang=lang,
        title="t",
        caption="c",
        sources=["b", "a"],
        notebook="nb.ipynb",
        parameters={"lang": lang},
        root=tmp,
    )
    plt.close(fig)
    return {ext: hashlib.sha256(p.read_bytes()).hexdigest() for ext, p in written.items()}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_save_figure_twice_gives_identical_bytes(tmp_path, lang):
    first = _save(tmp_path / "one", lang)
    second = _save(tmp_path / "two", lang)
    assert set(first) == {"png", "svg", "pdf", "csv", "json"}
    assert first == second


def test_outputs_carry_no_dates_or_versions(tmp_path):
    _save(tmp_path, "ar")
    svg = (tmp_path / "ar" / "test-figure.svg").read_text(encoding="utf-8")
    pdf = (tmp_path / "ar" / "test-figure.pdf").read_bytes()
    png = (tmp_path / "ar" / "test-figure.png").read_bytes()
    assert "<dc:date>" not in svg and b"CreationDate" not in pdf and b"Matplotlib version" not in png
    # svg.fonttype 'none': Arabic kept as logical-order text, not reversed or reshaped
    assert "مرحلة الكويت" in svg


def test_csv_holds_the_data_drawn(tmp_path):
    _save(tmp_path, "en")
    back = pd.read_csv(tmp_path / "en" / "test-figure.csv")
    assert back.to_dict("list") == {"theme": ["التعاون الدولي", "أمن الحدود"], "paragraphs": [7, 3]}


def test_bad_figure_id_and_language_are_refused(tmp_path):
    fig, data = _draw("en")
    with pytest.raises(ValueError, match="figure id"):
        figures.save_figure(
            fig, "Bad Id", data, lang="en", title="", caption="", sources=[], notebook="", parameters={}, root=tmp_path
        )
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        figures.use_style("fr")
    plt.close(fig)
    assert not any(tmp_path.rglob("*.png"))
