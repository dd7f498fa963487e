"""Benchmark, in one run: the full report vs the naive papermill CLI loop vs the floor; theme-coding
throughput; import time. The last line printed is one JSON object.

- report_s: ``analysis.report.run_report`` (every notebook, en and ar, one kernel per run, a pool of
  one worker per core), into a temporary folder.
- papermill_loop_s: the same runs, one ``papermill`` CLI process after another.
- floor_s: each run's code cells as a plain Python script (no kernel, no papermill), spread over the
  cores: the cost of the work itself.
- theme_coding_paragraphs_per_s: ``themes.code_corpus`` on a generated 100,000-paragraph corpus, one core.
- validate_cold_s, validate_cached_s, validate_saving_s: ``data.load_package()`` in a fresh interpreter with every
  check, with the content validated before, and the difference (``benchmarks/validation_cache.py``).
- import_analysis_s: median wall time of ``python -c "import analysis"`` (interpreter start included);
  import_analysis_beyond_startup_s: the same minus ``python -c pass``.

``--stemmers`` instead prints the micro F1 of the coder on the development set and the seed with the concept words
matched by their surface form only, by the affix table of the codebook, or by a stemmer from PyPI (snowball's Arabic
stemmer, tashaphyne's light stemmer and root): how the matching of stems was chosen.

Usage::

    make bench          # or: .venv/bin/python benchmarks/bench.py [--paragraphs N]
    .venv/bin/python benchmarks/bench.py --stemmers
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import validation_cache  # benchmarks/validation_cache.py, beside this script

from analysis import paths, report
from analysis.labels import LANGS


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_report(tmp: Path, jobs: int) -> float:
    def run():
        summary = report.run_report(jobs=jobs, reports_dir=tmp / "reports", figures_dir=tmp / "figures")
        assert not summary.failed, [r.error for r in summary.failed]

    return timed(run)


def bench_papermill_loop(tmp: Path, notebooks: list[Path]) -> float:
    papermill = Path(sys.executable).with_name("papermill")

    def run():
        for nb in notebooks:
            for lang in LANGS:
                subprocess.run(
                    [
                        str(papermill),
                        str(nb),
                        str(tmp / f"loop-{lang}-{nb.name}"),
                        "-p",
                        "lang",
                        lang,
                        "-p",
                        "figures_dir",
                        str(tmp / "loop-figures"),
                        "-k",
                        "python3",
                        "--cwd",
                        str(nb.parent),
                        "--no-progress-bar",
                    ],
                    check=True,
                    capture_output=True,
                )

    return timed(run)


def notebook_script(nb_path: Path, lang: str, figures_dir: Path) -> str:
    """A notebook's code cells as one script, with lang and figures_dir set after the parameters cell;
    magics dropped."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    parts = ["import matplotlib\nmatplotlib.use('Agg')"]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts.append("\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!"))))
        if "parameters" in cell.metadata.get("tags", []):
            parts.append(f"lang = {lang!r}\nfigures_dir = {str(figures_dir)!r}")
    return "\n\n".join(parts) + "\n"


def bench_floor(tmp: Path, notebooks: list[Path], jobs: int) -> float:
    scripts = []
    for nb in notebooks:
        for lang in LANGS:
            script = tmp / f"floor-{lang}-{nb.stem}.py"
            script.write_text(notebook_script(nb, lang, tmp / "floor-figures"), encoding="utf-8")
            scripts.append(script)
    env = {**os.environ, "MPLBACKEND": "Agg"}

    def one(script):
        subprocess.run([sys.executable, str(script)], check=True, env=env, cwd=paths.NOTEBOOKS_DIR, capture_output=True)

    def run():
        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(one, scripts))

    return timed(run)


def bench_theme_coding(n: int) -> tuple[float, float]:
    """(paragraphs per second, seconds) of the coder on ``n`` paragraphs made of the default source's sentences."""
    from analysis import corpus, data, themes

    pkg = data.load_package()
    sentences = corpus.text_sentences(pkg.text(pkg.default_source))
    frame = corpus.generate_corpus(n, seed=0, sentences=sentences)
    seconds = timed(lambda: themes.code_corpus(frame, pkg.codebook))
    return n / seconds, seconds


def _stem_expanded(concepts, vocabulary: list[str], stem) -> object:
    """The concept table with every one-word stem also spelled as each word of ``vocabulary`` sharing its stem."""
    import pandas as pd

    from analysis.arabic import normalize

    by_stem: dict[str, set[str]] = {}
    for word in vocabulary:
        by_stem.setdefault(stem(word), set()).add(word)
    rows = []
    for cid, word in zip(concepts["concept_id"], concepts["word"]):
        rows.append((cid, word, ""))
        if " " not in word and not word.endswith(("*", "=")):
            rows += [(cid, w + "=", "") for w in sorted(by_stem.get(stem(normalize(word)), ()))]
    return pd.DataFrame(rows, columns=["concept_id", "word", "note"]).drop_duplicates(["concept_id", "word"])


def compare_stemmers() -> dict[str, dict[str, float]]:
    """Micro F1 on the development set and the seed of each way of matching the concept words."""
    import pandas as pd
    import snowballstemmer
    from tashaphyne.stemming import ArabicLightStemmer

    from analysis import data, themes
    from analysis.arabic import WORD_RE, normalize, split_paragraphs
    from analysis.codebook import build_codebook

    pkg = data.load_package()
    dev_dir = paths.DATA_DIR / "annotations" / "development"
    dev = pd.read_csv(dev_dir / "paragraphs.csv", keep_default_na=False).rename(columns={"text_id": "source_id"})
    gold = pd.read_csv(dev_dir / "gold.csv", keep_default_na=False)
    seed_paragraphs = split_paragraphs(pkg.text(pkg.default_source))
    seed = pd.DataFrame(
        {
            "source_id": pkg.default_source,
            "paragraph": [p.number for p in seed_paragraphs],
            "text": [p.text for p in seed_paragraphs],
        }
    )
    sets = {
        "development": (
            dev[["source_id", "paragraph", "text"]],
            [
                (s, n, t)
                for s, n, ts in zip(gold["text_id"], gold["paragraph"], gold["themes"])
                for t in ts.split(";")
                if t
            ],
        ),
        "seed": (
            seed,
            [
                (pkg.default_source, n, t)
                for n, ts in zip(pkg.hand_coding["paragraph"], pkg.hand_coding["themes"])
                for t in ts
            ],
        ),
    }
    vocabulary = sorted({w for c, _ in sets.values() for t in c["text"] for w in WORD_RE.findall(normalize(t))})
    snowball, light = snowballstemmer.stemmer("arabic"), ArabicLightStemmer()
    concepts = pkg.concepts.fillna("")
    options = {
        "surface form": (concepts, None),
        "affix table": (concepts, pkg.affixes),
        "snowball": (_stem_expanded(concepts, vocabulary, snowball.stemWord), None),
        "tashaphyne light stem": (_stem_expanded(concepts, vocabulary, light.light_stem), None),
        "tashaphyne root": (
            _stem_expanded(concepts, vocabulary, lambda w: (light.light_stem(w), light.get_root())[1]),
            None,
        ),
    }
    out: dict[str, dict[str, float]] = {}
    for name, (table, affixes) in options.items():
        book, problems = build_codebook(
            pkg.themes, pkg.masked_names, pkg.name_variants, concepts=table, rules=pkg.rules, affixes=affixes
        )
        assert not problems, problems[:3]
        out[name] = {}
        for set_name, (frame, long) in sets.items():
            coder = themes.paragraph_theme_matrix(themes.code_corpus(frame, book), frame, book)
            hand = themes.paragraph_theme_matrix(
                pd.DataFrame(long, columns=["source_id", "paragraph", "theme_id"]), frame, book
            )
            out[name][set_name] = round(float(themes.agreement(coder, hand).loc["micro", "f1"]), 3)
    return out


def bench_import(runs: int = 7) -> tuple[float, float]:
    """(median wall time of `python -c "import analysis"`, of that minus `python -c pass`)."""

    def once(code):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    base = statistics.median(once("pass") for _ in range(runs))
    whole = statistics.median(once("import analysis") for _ in range(runs))
    return whole, max(0.0, whole - base)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--stemmers", action="store_true", help="compare the matching of stems and stop")
    args = parser.parse_args(argv)
    if args.stemmers:
        print(json.dumps(compare_stemmers(), ensure_ascii=False))
        return 0
    notebooks = report.discover_notebooks()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"{len(notebooks)} notebooks x {len(LANGS)} languages, {args.jobs} worker(s)", file=sys.stderr)
        results["report_s"] = round(bench_report(tmp, args.jobs), 2)
        print(f"report: {results['report_s']} s", file=sys.stderr)
        results["papermill_loop_s"] = round(bench_papermill_loop(tmp, notebooks), 2)
        print(f"papermill CLI loop: {results['papermill_loop_s']} s", file=sys.stderr)
        results["floor_s"] = round(bench_floor(tmp, notebooks, args.jobs), 2)
        print(f"floor: {results['floor_s']} s", file=sys.stderr)
    results["speedup_vs_loop"] = round(results["papermill_loop_s"] / results["report_s"], 2)
    results["ratio_to_floor"] = round(results["report_s"] / results["floor_s"], 2)
    rate, seconds = bench_theme_coding(args.paragraphs)
    results["theme_coding_paragraphs"] = args.paragraphs
    results["theme_coding_s"] = round(seconds, 2)
    results["theme_coding_paragraphs_per_s"] = round(rate)
    whole, extra = bench_import()
    results["import_analysis_s"] = round(whole, 3)
    results["import_analysis_beyond_startup_s"] = round(extra, 3)
    results.update(validation_cache.measure())  # validate_cold_s, validate_cached_s, validate_saving_s
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results["notebook_runs"] = len(notebooks) * len(LANGS)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
