"""House style and ``save_figure``: PNG, SVG and PDF with the same bytes on every run, plus the data.

Each figure is written to ``figures/<lang>/<figure-id>.{png,svg,pdf,csv,json}``: the three
images, the CSV of exactly the data drawn, and a JSON sidecar (title, caption, notebook,
parameters, sources) from which the report builds ``figures/manifest.json``.

Determinism: fixed metadata (no dates, no software versions), a fixed ``svg.hashsalt``, the
DejaVu Sans bundled with matplotlib loaded by file path, and atomic writes (temp file, then
rename) so a crash never leaves half a figure.

Usage::

    >>> from analysis import figures                      # doctest: +SKIP
    >>> figures.use_style("ar")                           # doctest: +SKIP
    >>> fig, ax = plt.subplots(); ax.bar(df.x, df.y)      # doctest: +SKIP
    >>> figures.save_figure(fig, "speech-themes-frequency", df, lang="ar",
    ...                     title="...", caption="...", sources=["kuna-alrai-2024-11-04"],
    ...                     notebook="01-speech-themes.ipynb", parameters={})  # doctest: +SKIP
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.labels import check_lang

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

FORMATS = ("png", "svg", "pdf")
_UMASK = os.umask(0)
os.umask(_UMASK)
FIGURE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FONT_FAMILY = "DejaVu Sans"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5", "#843c0c"]

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
    keep = [f for f in fm.fontManager.ttflist
            if not f.name.startswith("DejaVu") or Path(f.fname).parent == bundled]
    if len(keep) != len(fm.fontManager.ttflist):
        fm.fontManager.ttflist = keep
        fm.fontManager._findfont_cached.cache_clear()  # the lookup cache would keep old answers


def use_style(lang: str = "en") -> None:
    """Apply the house style (fonts, sizes, deterministic output) for ``lang``."""
    check_lang(lang)
    import matplotlib as mpl

    _pin_bundled_font()
    mpl.rcParams.update({
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
        "svg.fonttype": "none",   # text stays text: logical-order Arabic in <text>
        "pdf.fonttype": 42,
        "path.simplify": True,
    })


def check_figure_id(figure_id: str) -> str:
    if not FIGURE_ID.fullmatch(figure_id):
        raise ValueError(f"figure id {figure_id!r} must be lower-case words joined by '-'")
    return figure_id


def atomic_write_bytes(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temp file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp creates 0600; give the file ordinary permissions
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def figure_bytes(fig: "Figure", fmt: str) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata=_SAVE_METADATA[fmt])
    return buf.getvalue()


def data_csv_bytes(data: "pd.DataFrame") -> bytes:
    return data.to_csv(index=False, lineterminator="\n").encode("utf-8")


def save_figure(fig: "Figure", figure_id: str, data: "pd.DataFrame", *, lang: str, title: str,
                caption: str, sources: list[str], notebook: str, parameters: dict[str, Any],
                root: Path | None = None) -> dict[str, Path]:
    """Write the figure (PNG, SVG, PDF), its data (CSV) and its sidecar (JSON); return the paths."""
    check_figure_id(figure_id)
    check_lang(lang)
    out_dir = paths.figure_dir(lang, Path(root) if root else None)
    blobs = {fmt: figure_bytes(fig, fmt) for fmt in FORMATS}
    blobs["csv"] = data_csv_bytes(data)
    sidecar = {"id": figure_id, "lang": lang, "title": title, "caption": caption, "notebook": notebook,
               "parameters": parameters, "sources": sorted(set(sources))}
    blobs["json"] = (json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode()
    written = {}
    for ext, blob in blobs.items():
        target = out_dir / f"{figure_id}.{ext}"
        atomic_write_bytes(target, blob)
        written[ext] = target
    return written


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
