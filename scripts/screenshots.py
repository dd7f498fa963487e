"""`make screenshots`: docs/screenshots/ PNGs of one English and one Arabic report page, for the README.

Runs one notebook (both languages) with the report runner into a temporary folder, so reports/ and figures/ are
left as they are, then has headless Chromium (no network, a fresh profile) draw the top of each page at
1200 px wide, and stores it as an optimised palette PNG.

    .venv/bin/python scripts/screenshots.py [--notebook 01-speech-themes] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from analysis import paths, report

WIDTH, HEIGHT = 1200, 1500
MAX_BYTES = 400_000
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--virtual-time-budget=10000",
    "--proxy-server=127.0.0.1:9",  # no network: the pages are self-contained
    "--proxy-bypass-list=<-loopback>",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("error: Chromium not found (apt-get install chromium)")
    return found


def shoot(browser: str, page: Path, out: Path, work: Path) -> None:
    raw = work / f"{out.stem}.raw.png"
    profile = Path(tempfile.mkdtemp(prefix="profile-", dir=work))  # a fresh profile for every page
    subprocess.run(
        [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--screenshot={raw}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    with Image.open(raw) as image:
        small = image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        out.parent.mkdir(parents=True, exist_ok=True)
        small.save(out, optimize=True)
    size = out.stat().st_size
    if size > MAX_BYTES:
        sys.exit(f"error: {out}: {size} bytes, more than {MAX_BYTES}")
    print(f"{out.relative_to(paths.PROJECT_ROOT) if out.is_relative_to(paths.PROJECT_ROOT) else out}: {size} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notebook", default="01-speech-themes")
    parser.add_argument("--out", type=Path, default=paths.PROJECT_ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    browser = chromium()
    source = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["default_source"]
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        work = Path(tmp)
        summary = report.run_report([args.notebook], reports_dir=work / "reports", figures_dir=work / "figures", jobs=2)
        if summary.failed:
            return 1
        for lang in ("en", "ar"):
            page = work / "reports" / lang / source / f"{args.notebook}.html"
            shoot(browser, page, args.out.absolute() / f"{args.notebook}-{lang}.png", work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
