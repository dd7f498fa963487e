"""Shared fixtures: the loaded package, a writable copy of it, figures closed after each test; the validation
cache of the whole session (and of every command and kernel it starts) in a temporary folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

from analysis import paths
from analysis.data_checks.cache import ENV_VAR

matplotlib.use("Agg")  # this process only: nbval's kernels keep the inline backend
# `make fuzz` (pytest --hypothesis-profile=thorough): ten times the examples of every fuzz test.
settings.register_profile("thorough", max_examples=1000, deadline=None)


def pytest_configure(config):
    """The tests never read or write the user's validation cache: the session gets its own, shared by the
    xdist workers (they inherit it) and the processes and kernels the tests start."""
    if not hasattr(config, "workerinput"):
        config._validation_cache = tempfile.mkdtemp(prefix="validation-cache-")
        os.environ[ENV_VAR] = config._validation_cache


def pytest_unconfigure(config):
    if hasattr(config, "_validation_cache"):
        shutil.rmtree(config._validation_cache, ignore_errors=True)


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
