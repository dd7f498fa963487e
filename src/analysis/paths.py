"""Project paths, derived from this package's location, never from the working directory.

Usage::

    >>> from analysis import paths
    >>> paths.DATA_DIR.name
    'data'
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
DATAPACKAGE = DATA_DIR / "datapackage.json"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
FONTS_DIR = PACKAGE_DIR / "fonts"


#: Set by the report runner so that a run writes its figures into a staging folder first.
FIGURES_ENV = "ANALYSIS_FIGURES_DIR"


def figures_root() -> Path:
    """Where figures go now: ``$ANALYSIS_FIGURES_DIR`` during a report run, else ``figures/``."""
    env = os.environ.get(FIGURES_ENV)
    return Path(env) if env else FIGURES_DIR


def figure_dir(lang: str, root: Path | None = None) -> Path:
    """Folder of one language's figures: ``<root>/<lang>/`` (root: see :func:`figures_root`)."""
    return (root or figures_root()) / lang
