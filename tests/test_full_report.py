"""The real report: committed figures are current, the index links every report and figure, and the HTML reads
right-to-left in a real browser."""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_report import index_links

from analysis import paths, report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def full_report(tmp_path_factory):
    """Every notebook, both languages, default parameters, into temporary reports/ and figures/."""
    root = tmp_path_factory.mktemp("full-report")
    summary = report.run_report(reports_dir=root / "reports", figures_dir=root / "figures")
    assert not summary.failed, [r.error for r in summary.failed]
    return root


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _manifest(root: Path, commit: bool = True) -> dict:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    manifest["versions"].pop("python")  # the interpreter is the machine's; every package is pinned
    if not commit:
        for key in ("commit", "commit_date", "tree_clean"):
            manifest.pop(key, None)
    return manifest


def test_committed_figures_are_current(full_report):
    fresh, committed = _tree(full_report / "figures"), _tree(paths.FIGURES_DIR)
    fresh.pop("manifest.json")
    committed.pop("manifest.json")
    assert fresh == committed
    # built from committed inputs, the fresh manifest names their last commit: the committed one must too (and
    # tests/test_manifest.py checks that against git directly); with uncommitted changes to the inputs, or
    # outside a git checkout, only the figures can be compared
    clean = _manifest(full_report / "figures")["tree_clean"] is True
    assert _manifest(full_report / "figures", clean) == _manifest(paths.FIGURES_DIR, clean)


def test_the_index_lists_every_report_and_figure_in_both_languages(full_report):
    reports = full_report / "reports"
    links = set(index_links(reports))  # every one relative, every one an existing file
    pages = {p.relative_to(reports).as_posix() for p in reports.glob("*/*/*.html")}
    assert len(pages) == 2 * len(NOTEBOOKS) and pages <= links
    manifest = _manifest(full_report / "figures")
    figure_files = {f"../figures/{f['path'].split('/', 1)[1]}" for fig in manifest["figures"] for f in fig["files"]}
    assert figure_files <= links and "../figures/manifest.json" in links
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]+</title>", page)
    assert '<section lang="en" dir="ltr">' in page and '<section lang="ar" dir="rtl">' in page
    arabic = page.split('<section lang="ar" dir="rtl">', 1)[1]
    for fig in manifest["figures"]:  # each figure under its own language, by its own title
        section = arabic if fig["lang"] == "ar" else page.split('<section lang="ar"', 1)[0]
        assert html_lib.escape(fig["title"]) in section
    # self-contained: no script, no stylesheet or anything else fetched from elsewhere
    assert "<script" not in page and "<link" not in page and "http" not in page


def test_manifest_hashes_match_the_files():
    manifest = json.loads((paths.FIGURES_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["figures"]
    for fig in manifest["figures"]:
        assert {"id", "lang", "title", "caption", "notebook", "parameters", "sources", "files"} <= set(fig)
        assert (paths.NOTEBOOKS_DIR / fig["notebook"]).exists()
        exts = sorted(Path(f["path"]).suffix for f in fig["files"])
        assert exts == [".csv", ".pdf", ".png", ".svg"]
        for f in fig["files"]:
            blob = (paths.PROJECT_ROOT / f["path"]).read_bytes()
            assert hashlib.sha256(blob).hexdigest() == f["sha256"], f["path"]


PROBE = """
<script>
window.addEventListener('load', () => {
  // blocks whose text begins in Arabic (their first strong letter is Arabic) must run right to left
  const firstStrong = /[A-Za-z\\u0600-\\u06FF]/;
  const blocks = [...document.querySelectorAll('p, td, th, li, h1, h2')]
      .filter(el => { const m = el.textContent.match(firstStrong); return m && /[\\u0600-\\u06FF]/.test(m[0]); });
  const imgs = [...document.querySelectorAll('img')];
  const fetched = performance.getEntriesByType('resource').map(e => e.name)
      .filter(n => !n.startsWith('data:') && !n.startsWith('file:'));
  const h1 = document.querySelector('h1');
  const out = {
    network_requests: fetched.length,
    title: document.title,
    h1: h1 ? h1.textContent : '',
    page_dir: getComputedStyle(document.documentElement).direction,
    arabic_blocks: blocks.length,
    arabic_rtl: blocks.filter(el => getComputedStyle(el).direction === 'rtl').length,
    images: imgs.length,
    images_loaded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    links: document.querySelectorAll('a[href]').length,
    arabic_sections: [...document.querySelectorAll('section[lang="ar"]')]
        .map(el => getComputedStyle(el).direction),
  };
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--virtual-time-budget=10000",
    # no network at all: every request that is not to the page's own data would fail (and is counted)
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required on CI (.ci/run installs Debian's chromium package)")
        pytest.skip("Chromium not installed: `apt-get install chromium` to run the browser test")
    return found


NOTEBOOKS = ["00-source-overview", "01-speech-themes", "02-participation-composition", "03-dushanbe-timeline"]


def _probe(chromium: str, html: Path, profile: Path) -> dict:
    """What the page looks like to Chromium (PROBE), loaded from beside ``html`` so its relative links hold."""
    probe_page = html.with_name(f".probe-{html.name}")
    probe_page.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    try:
        run = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", probe_page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        probe_page.unlink()
    match = re.search(r'<pre id="probe">(.*?)</pre>', run.stdout)
    assert match, run.stderr[-2000:]
    return json.loads(match.group(1).replace("&quot;", '"'))


def test_the_index_in_a_real_browser(full_report, tmp_path):
    probe = _probe(_chromium(), full_report / "reports" / "index.html", tmp_path / "profile")
    assert probe["network_requests"] == 0  # inline CSS only: nothing fetched, nothing failed
    assert probe["title"] and probe["page_dir"] == "ltr"
    assert probe["arabic_sections"] == ["rtl"]  # the Arabic section runs right to left
    assert probe["arabic_rtl"] == probe["arabic_blocks"] > 0
    assert probe["links"] >= 2 * len(NOTEBOOKS)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_html_report_in_a_real_browser(full_report, tmp_path, lang, notebook, package):
    chromium = _chromium()
    html = full_report / "reports" / lang / package.default_source / f"{notebook}.html"
    profile = tmp_path / "profile"
    probe = _probe(chromium, html, profile)
    assert probe["page_dir"] == ("rtl" if lang == "ar" else "ltr")
    assert probe["arabic_rtl"] == probe["arabic_blocks"]
    assert probe["images"] >= 1 and probe["images_loaded"] == probe["images"]
    assert probe["network_requests"] == 0  # the page is self-contained: the browser has no network anyway
    assert probe["title"] == probe["h1"].strip().rstrip("¶").strip()
    if lang == "ar":  # an Arabic report is an Arabic document: its title is Arabic
        assert re.search(r"[\u0600-\u06ff]", probe["h1"]) and not re.search(r"[A-Za-z]{4}", probe["title"])
    if notebook == NOTEBOOKS[0]:
        assert probe["arabic_blocks"] > 20  # the paragraph table's Arabic cells, at least
    shot = paths.REPORTS_DIR / f"screenshot-{notebook}-{lang}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            html.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000
