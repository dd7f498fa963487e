"""Exit 0 when this interpreter is a Python the project supports, else 1 with one line saying so.

The supported versions are those of ``requires-python`` in pyproject.toml (``>=3.A,<3.B``). `make setup` runs
this with PYTHON_BOOT before it builds a virtual environment, so an unsupported interpreter stops with this
line rather than with pip's "No matching distribution" for the first package that has no wheel for it.
Kept to syntax that any Python 3 parses, since its whole point is to run on the wrong one.

Usage::

    python3 scripts/check_python.py           # silent and exit 0 on a supported Python
    python3 scripts/check_python.py --list    # the supported versions, one a line: 3.11, 3.12, ...
"""

import re
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def supported_versions(pyproject=PYPROJECT):
    """['3.11', '3.12', '3.13'] for ``requires-python = ">=3.11,<3.14"``."""
    text = pyproject.read_text(encoding="utf-8")
    found = re.search(r'^requires-python\s*=\s*">=\s*3\.(\d+)\s*,\s*<\s*3\.(\d+)"', text, re.MULTILINE)
    if not found:
        raise SystemExit(str(pyproject) + ': requires-python must read ">=3.A,<3.B"')
    low, high = int(found.group(1)), int(found.group(2))
    return ["3." + str(minor) for minor in range(low, high)]


def main(argv):
    versions = supported_versions()
    if argv[1:] == ["--list"]:
        print("\n".join(versions))
        return 0
    this = "%d.%d" % sys.version_info[:2]  # noqa: UP031 (any Python 3 must parse this file)
    if this in versions:
        return 0
    sys.stderr.write(
        "Python %s (%s) is not supported: use Python %s, e.g. make setup PYTHON_BOOT=python%s\n"  # noqa: UP031
        % (
            ".".join(str(n) for n in sys.version_info[:3]),
            sys.executable,
            ", ".join(versions[:-1]) + " or " + versions[-1] if len(versions) > 1 else versions[0],
            versions[0],
        )
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
