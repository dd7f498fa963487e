"""House style and ``save_figure``: PNG, SVG and PDF with the same bytes on every run, plus the data.

Each figure is written to ``figures/<lang>/<figure-id>.{png,svg,pdf,csv,json}``: the three
images, the CSV of exactly the data drawn, and a JSON sidecar (title, caption, notebook,
parameters, sources) from which the report builds ``figures/manifest.json``.

Determinism: fixed metadata (no dates, no software versions), a fixed ``svg.hashsalt``, the
DejaVu Sans bundled with matplotlib loaded by file path, and atomic writes (temp file, then
rename) so a crash never leaves half a figure.

Only the report command, with default parameters, writes ``figures/``: it passes that folder to
the notebook as its ``figures_dir`` parameter. A notebook run any other way (JupyterLab,
papermill by hand) writes under ``reports/figures/`` and says so.

Right-to-left layout is decided in one place, :class:`Direction`; colours are named in
:data:`COLOURS`.

Usage::

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd, tempfile
    >>> from pathlib import Path
    >>> from analysis import data, figures
    >>> pkg = data.load_package()
    >>> root = tempfile.mkdtemp()
    >>> save = figures.FigureSaver(notebook="00-source-overview.ipynb", parameters={"lang": "ar"}, lang="ar",
    ...                            root=root)
    >>> fig, ax = plt.subplots()
    >>> save(figures.Plot("source-overview", fig, pd.DataFrame({"x": [1]}), "عنوان", "...", [pkg.default_source]))
    >>> sorted(p.suffix for p in (Path(root) / "ar").iterdir())
    ['.csv', '.json', '.pdf', '.png', '.svg']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.files import atomic_write_bytes
from analysis.labels import check_lang

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


FORMATS = ("png", "svg", "pdf")
FIGURE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FONT_FAMILY = "DejaVu Sans"
#: The house colours, by name; figures pick them by name, never by position.
COLOURS = {
    "blue": "#1f4e79",
    "orange": "#c55a11",
    "green": "#548235",
    "olive": "#7f6000",
    "purple": "#7030a0",
    "light_blue": "#2e75b6",
    "gold": "#bf9000",
    "grey": "#a5a5a5",
    "brown": "#843c0c",
    "absent": "#f2f2f2",
}
#: The colour cycle of the house style (categorical series in this order).
PALETTE = [COLOURS[k] for k in ("blue", "orange", "green", "olive", "purple", "light_blue", "gold", "grey", "brown")]

_SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "Producer": None, "Creator": None},
}


def _pin_bundled_font() -> None:
    """Make 'DejaVu Sans' resolve to matplotlib's own copy, not a system one of another version."""
    import matplotlib as mpl
    from matplotlib import font_manager as fm

    bundled = Path(mpl.get_data_path()) / "fonts" / "ttf"
    keep = [f for f in fm.fontManager.ttflist if not f.name.startswith("DejaVu") or Path(f.fname).parent == bundled]
    if len(keep) != len(fm.fontManager.ttflist):
        fm.fontManager.ttflist = keep
        fm.fontManager._findfont_cached.cache_clear()  # the lookup cache would keep old answers


def use_style(lang: str = "en") -> None:
    """Apply the house style (fonts, sizes, deterministic output) for ``lang``."""
    check_lang(lang)
    import matplotlib as mpl

    _pin_bundled_font()
    mpl.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.titleweight": "bold",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=PALETTE),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "svg.hashsalt": "dushanbe-kuwait",
            "svg.fonttype": "none",  # text stays text: logical-order Arabic in <text>
            "pdf.fonttype": 42,
            "path.simplify": True,
        }
    )


def check_figure_id(figure_id: str) -> str:
    if not FIGURE_ID.fullmatch(figure_id):
        raise ValueError(f"figure id {figure_id!r} must be lower-case words joined by '-'")
    return figure_id


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata=_SAVE_METADATA[fmt])
    return buf.getvalue()


def data_csv_bytes(data: pd.DataFrame) -> bytes:
    return data.to_csv(index=False, lineterminator="\n").encode("utf-8")


def save_figure(
    fig: Figure,
    figure_id: str,
    data: pd.DataFrame,
    *,
    lang: str,
    title: str,
    caption: str,
    sources: list[str],
    notebook: str,
    parameters: dict[str, Any],
    root: Path,
) -> dict[str, Path]:
    """Write the figure (PNG, SVG, PDF), its data (CSV) and its sidecar (JSON) under ``root/lang``."""
    check_figure_id(figure_id)
    check_lang(lang)
    out_dir = Path(root) / lang
    blobs = {fmt: figure_bytes(fig, fmt) for fmt in FORMATS}
    blobs["csv"] = data_csv_bytes(data)
    sidecar = {
        "id": figure_id,
        "lang": lang,
        "title": title,
        "caption": caption,
        "notebook": notebook,
        "parameters": parameters,
        "sources": sorted(set(sources)),
    }
    blobs["json"] = (json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode()
    written = {}
    for ext, blob in blobs.items():
        target = out_dir / f"{figure_id}.{ext}"
        atomic_write_bytes(target, blob)
        written[ext] = target
    return written


@dataclass
class Plot:
    """A drawn figure with everything its files need: id, the data drawn, and its title and caption in
    the figure's language (computed from that data, never typed in a notebook)."""

    figure_id: str
    fig: Figure
    data: pd.DataFrame
    title: str
    caption: str
    sources: list[str]


class FigureSaver:
    """``save(plot)`` for one notebook run: the run's notebook, parameters and language, and where
    figures go.

    ``root`` None means the scratch folder ``reports/figures/``: only the report command passes
    ``figures/``, so an interactive run can never overwrite the citable figures.
    """

    def __init__(self, *, notebook: str, parameters: dict[str, Any], lang: str, root: str | Path | None = None):
        self.notebook, self.parameters, self.lang = notebook, dict(parameters), check_lang(lang)
        self.root = Path(root) if root else paths.SCRATCH_FIGURES_DIR
        use_style(lang)
        if not root:
            print(
                f"figures of this run go to {self.root.relative_to(paths.PROJECT_ROOT)}/ "
                "(only the report command writes figures/)"
            )

    def __call__(self, plot: Plot) -> None:
        """Write the plot's files; the figure itself stays open, so the notebook shows it."""
        save_figure(
            plot.fig,
            plot.figure_id,
            plot.data,
            lang=self.lang,
            title=plot.title,
            caption=plot.caption,
            sources=plot.sources,
            notebook=self.notebook,
            parameters=self.parameters,
            root=self.root,
        )


class Direction:
    """Everything that differs between a left-to-right and a right-to-left figure, decided once.

    For Arabic: category labels on the right, values growing leftwards, text right-aligned, legend
    entries in reading order from the right.
    """

    def __init__(self, lang: str):
        self.rtl = check_lang(lang) == "ar"
        self.ha = "right" if self.rtl else "left"  # alignment of free text
        self.end_ha = "left" if self.rtl else "right"  # alignment of text at the far end of a bar
        self.sign = -1 if self.rtl else 1  # offsets along the value axis point this way

    def x(self, frac: float) -> float:
        """An axes-fraction x position measured from the reading start (left in en, right in ar)."""
        return 1 - frac if self.rtl else frac

    def order(self, items: list) -> list:
        """Legend entries (or any row of items) in reading order: reversed for right-to-left."""
        return list(reversed(items)) if self.rtl else list(items)

    def orient(self, ax, *, category_axis: str = "y") -> None:
        orient_axes(ax, "ar" if self.rtl else "en", category_axis=category_axis)

    def legend(self, target, handles: list, names: list[str], ncol: int, **kw):
        """A legend whose first entry is top left (LTR) or top right (RTL), key beside its text.

        Matplotlib fills columns left to right; for RTL the columns are padded to equal length
        with blank entries and put in reverse order, so reading starts at the right.
        """
        from matplotlib.patches import Patch

        handles, names = list(handles), list(names)
        if self.rtl:
            rows = -(-len(handles) // ncol)
            pad = rows * ncol - len(handles)
            handles += [Patch(facecolor="none", edgecolor="none")] * pad
            names += [""] * pad
            cols = [list(range(c * rows, (c + 1) * rows)) for c in range(ncol)][::-1]
            order = [i for col in cols for i in col]
            handles, names = [handles[i] for i in order], [names[i] for i in order]
        return target.legend(handles, names, ncol=ncol, frameon=False, markerfirst=not self.rtl, **kw)

    def subtitle(self, ax, text: str) -> None:
        """A grey line of text just above the axes, at the reading start."""
        ax.text(self.x(0.0), 1.01, text, transform=ax.transAxes, fontsize=8.5, color="#595959", ha=self.ha, va="bottom")


def orient_axes(ax, lang: str, *, category_axis: str = "y") -> None:
    """Right-to-left layout for Arabic: category labels on the right, values growing leftwards."""
    if lang != "ar":
        return
    if category_axis == "y":
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
        ax.spines["right"].set_visible(True)
        ax.spines["left"].set_visible(False)
        ax.invert_xaxis()
    else:
        ax.invert_xaxis()
