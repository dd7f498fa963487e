"""What validating once per content saves on each load of the data package.

Each figure is the median wall time of ``data.load_package()`` in a fresh interpreter (as in a notebook
kernel or a command; pandas and the package imported first, outside the timing), with the validation cache
in a temporary folder:

- validate_cold_s: the content not validated before: every check runs (frictionless among them);
- validate_cached_s: the same content validated before: the checks are skipped;
- validate_saving_s: the difference, saved by every notebook run and command after the first.

Usage::

    .venv/bin/python benchmarks/validation_cache.py [--runs N]      # prints one JSON line
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from analysis.data_checks.cache import ENV_VAR

_LOAD = (
    "import time, pandas; from analysis import data; t = time.perf_counter(); data.load_package(revalidate={});"
    " print(time.perf_counter() - t)"
)


def _load_s(cache: str, revalidate: bool) -> float:
    env = {**os.environ, ENV_VAR: cache}
    out = subprocess.run(
        [sys.executable, "-c", _LOAD.format(revalidate)], env=env, check=True, capture_output=True, text=True
    )
    return float(out.stdout.split()[-1])


def measure(runs: int = 5) -> dict[str, float]:
    """Median cold and cached load times over ``runs`` fresh interpreters each."""
    with tempfile.TemporaryDirectory(prefix="validation-cache-") as cache:
        cold = [_load_s(cache, revalidate=True) for _ in range(runs)]  # every check runs, the result is stored
        cached = [_load_s(cache, revalidate=False) for _ in range(runs)]
    cold_s, cached_s = statistics.median(cold), statistics.median(cached)
    return {
        "validate_cold_s": round(cold_s, 3),
        "validate_cached_s": round(cached_s, 3),
        "validate_saving_s": round(cold_s - cached_s, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    print(json.dumps(measure(parser.parse_args(argv).runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
