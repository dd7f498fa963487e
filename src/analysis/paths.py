"""Project paths, derived from this package's location, never from the working directory.

Usage::

    >>> from analysis import paths
    >>> paths.DATA_DIR.name
    'data'
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
#: Where a notebook run that is not the report's default run writes its figures (never figures/).
SCRATCH_FIGURES_DIR = REPORTS_DIR / "figures"
