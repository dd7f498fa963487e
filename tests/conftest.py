"""Shared fixtures. Notebooks run by nbval write their figures into a temporary folder, never figures/."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from analysis import paths

SEED_ID = "kuna-alrai-2024-11-04"


def pytest_configure(config):
    # Set before any kernel starts: kernels inherit the environment.
    tmp = tempfile.mkdtemp(prefix="nbval-figures-")
    os.environ[paths.FIGURES_ENV] = tmp
    config._nbval_figures_tmp = tmp


def pytest_unconfigure(config):
    tmp = getattr(config, "_nbval_figures_tmp", None)
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def package():
    from analysis import data

    return data.load_package()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the data package, for corrupting one thing at a time."""
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dest
