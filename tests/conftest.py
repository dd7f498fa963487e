"""Shared fixtures: the loaded package, a writable copy of it, figures closed after each test."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

from analysis import paths

matplotlib.use("Agg")  # this process only: nbval's kernels keep the inline backend


@pytest.fixture(scope="session")
def package():
    from analysis import data

    return data.load_package()


@pytest.fixture(scope="session")
def book(package):
    """The project's compiled codebook."""
    return package.codebook


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the data package, for corrupting one thing at a time."""
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dest


@pytest.fixture(autouse=True)
def _close_figures():
    """Tests draw with the Agg backend and never leak open figures into the next test."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
