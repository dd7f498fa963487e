"""HTML export of an executed notebook: a self-contained page in the report's language.

nbconvert's lab template, inputs hidden (a report shows narrative, tables and figures), then:

* **offline**: every script loaded from a network address (require.js, MathJax) is removed, so opening
  the page makes no request at all; figures are embedded as data;
* **one language**: narrative cells tagged ``lang-en`` or ``lang-ar`` are kept only in a report of that
  language (JupyterLab shows both); the page is ``lang="ar" dir="rtl"`` for Arabic;
* **isolated runs of the other script**: Arabic inside English text, and Latin inside Arabic text, is
  wrapped in ``<bdi>`` so the browser's bidi algorithm cannot scramble quotations and punctuation;
* **a title and a header**: ``<title>`` is the notebook's first heading; a header block states the
  source, parameters, commit, date and package versions given in ``meta``.

:func:`index_page` writes ``reports/index.html``: every report and figure, in an English and an Arabic section,
by relative links, with inline CSS and no script.

Usage::

    >>> import nbformat
    >>> from analysis.html import notebook_html
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# تقرير"),
    ...     nbformat.v4.new_markdown_cell("English only", metadata={"tags": ["lang-en"]})])
    >>> page = notebook_html(nb, lang="ar", meta={"source": "kuna", "commit": "abc1234"})
    >>> '<html lang="ar" dir="rtl">' in page, "<title>تقرير</title>" in page, "English only" in page
    (True, True, False)
    >>> "https://" in page.split("<body", 1)[0].split("<style", 1)[0]
    False
    >>> "<bdi" in page.split("<body", 1)[1].split(">", 1)[0]
    False
"""

from __future__ import annotations

import html as html_lib
import re

LANG_TAGS = {"en": "lang-en", "ar": "lang-ar"}

_RTL_CSS = """
<style>
/* Arabic report: the page runs right to left; code and fixed-width output keep left to right. */
html[dir="rtl"] body { text-align: right; }
pre, code, .jp-InputArea, .jp-OutputArea-output pre { direction: ltr; text-align: left; unicode-bidi: isolate; }
[dir="auto"] { unicode-bidi: plaintext; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: start; }
.report-header { font-size: 0.85em; color: #444; border-bottom: 1px solid #ddd; margin: 0 0 1em; padding: 0.5em 0; }
.report-header dt { font-weight: bold; display: inline; }
.report-header dd { display: inline; margin: 0 1.5em 0 0.3em; }
</style>
"""
_BLOCK_TAGS = re.compile(r"<(p|li|td|th|h1|h2|h3|h4|figcaption|caption)(?=[\s>])(?![^>]*\bdir=)")
_REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.S)
_MATHJAX_CONFIG = re.compile(r"<script type=\"text/x-mathjax-config\">.*?</script>\s*", re.S)
_ARABIC_RUN = re.compile(
    r"«?[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"
    r"(?:[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\s\d«»()،؛.,:!؟?\-–]*"
    r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff»)])?"
)
_LATIN_RUN = re.compile(r"[0-9]*[A-Za-z](?:[A-Za-z0-9\s_./:()'=+\-–]*[A-Za-z0-9)])?")
_ENTITY = re.compile(r"(&#?\w+;)")
_FIRST_STRONG = re.compile(r"[A-Za-z\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HEADER_LABELS = {
    "en": {"source": "Source", "parameters": "Parameters", "commit": "Commit", "date": "Date", "versions": "Versions"},
    "ar": {
        "source": "المصدر",
        "parameters": "المعاملات",
        "commit": "الإيداع",
        "date": "التاريخ",
        "versions": "الإصدارات",
    },
}


def keep_language(nb, lang: str):
    """A copy of ``nb`` without the narrative cells tagged for the other language."""
    import copy

    drop = {tag for code, tag in LANG_TAGS.items() if code != lang}
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if not drop & set(c.get("metadata", {}).get("tags", []))]
    return out


def notebook_title(nb) -> str:
    """The text of the notebook's first markdown heading (``Report`` when it has none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return "Report"


def isolate_other_script(body: str, lang: str) -> str:
    """Wrap runs of the other script in ``<bdi>`` in the text of the page (never inside tags, scripts or styles)."""
    run, direction = (_ARABIC_RUN, "rtl") if lang == "en" else (_LATIN_RUN, "ltr")
    own = _LATIN_RUN if lang == "en" else _ARABIC_RUN
    parts = re.split(r"(<[^>]+>)", body)
    inside = None  # the raw-text element we are in (script, style, bdi, code, pre), if any
    for i, part in enumerate(parts):
        if part.startswith("<"):
            m = re.match(r"<(/?)(script|style|bdi|code|pre|title)\b", part, flags=re.I)
            if m:
                inside = None if m.group(1) else m.group(2).lower()
            continue
        # a text that starts in the report's own script isolates its runs of the other one; a text that starts in
        # the other script is left to its block's dir="auto" (which takes the first strong letter, and would not
        # see one inside an isolate)
        first = _FIRST_STRONG.search(part)
        if inside is None and first and own.match(first.group(0)) and run.search(part):
            pieces = _ENTITY.split(part)  # an entity (&#x27;) is never cut by a run
            parts[i] = "".join(
                piece
                if _ENTITY.fullmatch(piece)
                else run.sub(lambda m: f'<bdi dir="{direction}">{m.group(0)}</bdi>', piece)
                for piece in pieces
            )
    return "".join(parts)


def _header(meta: dict, lang: str) -> str:
    names = _HEADER_LABELS[lang]
    items = "".join(
        f'<dt>{names.get(k, k)}</dt><dd dir="auto">{html_lib.escape(str(v))}</dd>'
        for k, v in meta.items()
        if v not in (None, "")
    )
    return f'<header class="report-header"><dl>{items}</dl></header>'


def notebook_html(nb, lang: str = "en", meta: dict | None = None) -> str:
    """The executed notebook as one self-contained HTML page in ``lang`` (see the module docstring)."""
    from nbconvert import HTMLExporter

    nb = keep_language(nb, lang)
    title = notebook_title(nb)
    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = _REMOTE_SCRIPT.sub("", _MATHJAX_CONFIG.sub("", body))
    body = _BLOCK_TAGS.sub(r'<\1 dir="auto"', body)
    attrs = 'lang="ar" dir="rtl"' if lang == "ar" else 'lang="en" dir="ltr"'
    body = re.sub(r"<html[^>]*>", f"<html {attrs}>", body, count=1)
    body = re.sub(r"<title>.*?</title>", f"<title>{html_lib.escape(title)}</title>", body, count=1, flags=re.S)
    body = body.replace("</head>", _RTL_CSS + "</head>", 1)
    if meta:
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + _header(meta, lang), body, count=1)
    m = re.search(r"<body[^>]*>", body)
    cut = m.end() if m else 0
    return body[:cut] + isolate_other_script(body[cut:], lang)


# ---------------------------------------------------------------- reports/index.html

_INDEX_LABELS = {
    "en": {
        "heading": "Reports and figures",
        "reports": "Reports",
        "figures": "Figures",
        "manifest": "Cite a figure by its id, commit and sha256, as recorded in",
        "other": "Figures of other runs",
        "none": "none yet",
        "all": "every source",
    },
    "ar": {
        "heading": "التقارير والأشكال",
        "reports": "التقارير",
        "figures": "الأشكال",
        "manifest": "يُستشهد بالشكل بمعرّفه والإيداع وبصمة sha256 كما في",
        "other": "أشكال التشغيلات الأخرى",
        "none": "لا شيء بعد",
        "all": "كل المصادر",
    },
}
_INDEX_CSS = """
<style>
body { font-family: "DejaVu Sans", "Noto Sans", "Noto Naskh Arabic", sans-serif; max-width: 70em; margin: 1em auto;
       padding: 0 1em; line-height: 1.5; color: #222; }
section { margin-bottom: 2em; }
section[dir="rtl"] { text-align: right; }
h1 { font-size: 1.5em; border-bottom: 1px solid #ddd; } h2 { font-size: 1.2em; } h3 { font-size: 1em; color: #444; }
code { font-size: 0.9em; direction: ltr; unicode-bidi: isolate; }
.formats a { font-size: 0.85em; margin-inline-start: 0.5em; }
</style>
"""
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _href(path: str) -> str:
    from urllib.parse import quote

    return html_lib.escape(quote(path), quote=True)


def _report_entries(tree, lang: str) -> list[tuple[str, str, str]]:
    """(group, href, title) of every HTML report of ``reports/<lang>/``: group is the source's folder."""
    entries = []
    for page in sorted(tree.rglob("*.html")) if tree else []:
        rel = page.relative_to(tree)
        found = _TITLE.search(page.read_text(encoding="utf-8"))
        title = html_lib.unescape(found.group(1).strip()) if found else page.stem
        if "." in page.stem:  # a run with -p overrides: its file name says which (01-x.dedupe-False)
            title = f"{title} ({page.stem})"
        entries.append((rel.parent.as_posix() if rel.parent.parts else "", f"{lang}/{rel.as_posix()}", title))
    return entries


def _figure_entries(root, lang: str, href_root: str) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(id, title, [(format, href), ...]) of every figure of ``root/<lang>/``, read from its sidecars."""
    import json

    from analysis.figures import FORMATS

    entries = []
    for sidecar in sorted((root / lang).glob("*.json")) if root else []:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        links = [
            (ext.upper(), f"{href_root}/{lang}/{sidecar.stem}.{ext}")
            for ext in (*FORMATS, "csv")
            if sidecar.with_suffix(f".{ext}").exists()
        ]
        entries.append((sidecar.stem, str(meta.get("title", sidecar.stem)), links))
    return entries


def _figure_list(entries, empty: str) -> str:
    if not entries:
        return f"<p>{html_lib.escape(empty)}</p>"
    items = []
    for figure_id, title, links in entries:
        main = links[0][1] if links else ""
        rest = " ".join(f'<a href="{_href(h)}">{html_lib.escape(fmt)}</a>' for fmt, h in links)
        items.append(
            f'<li><a href="{_href(main)}" dir="auto">{html_lib.escape(title)}</a> <code>{html_lib.escape(figure_id)}'
            f'</code><span class="formats">{rest}</span></li>'
        )
    return "<ul>" + "".join(items) + "</ul>"


def _index_section(lang: str, trees: dict, figures_root, figures_href: str) -> str:
    names = _INDEX_LABELS[lang]
    attrs = 'lang="ar" dir="rtl"' if lang == "ar" else 'lang="en" dir="ltr"'
    out = [f"<section {attrs}><h1>{names['heading']}</h1><h2>{names['reports']}</h2>"]
    reports = _report_entries(trees.get(lang), lang)
    groups = sorted({group for group, _, _ in reports})
    for group in groups:
        if group:
            out.append(f"<h3><code>{html_lib.escape(group)}</code></h3>")
        items = "".join(
            f'<li><a href="{_href(h)}" dir="auto">{html_lib.escape(t)}</a></li>' for g, h, t in reports if g == group
        )
        out.append(f"<ul>{items}</ul>")
    if not reports:
        out.append(f"<p>{names['none']}</p>")
    out.append(f"<h2>{names['figures']}</h2>")
    if figures_root and (figures_root / "manifest.json").exists():
        link = f'<a href="{_href(figures_href + "/manifest.json")}"><code>manifest.json</code></a>'
        out.append(f"<p>{names['manifest']} {link}</p>")
    out.append(_figure_list(_figure_entries(figures_root, lang, figures_href), names["none"]))
    other = trees.get("figures")
    runs = sorted(p for p in other.iterdir() if p.is_dir()) if other else []
    shown = [(run, _figure_entries(run, lang, f"figures/{run.name}")) for run in runs]
    if any(entries for _, entries in shown):
        out.append(f"<h2>{names['other']}</h2>")
        for run, entries in shown:
            label = names["all"] if run.name == "all" else run.name
            out.append(f"<h3><code>{html_lib.escape(label)}</code></h3>" + _figure_list(entries, names["none"]))
    return "".join(out) + "</section>"


def index_page(trees: dict, figures_root, figures_href: str) -> str:
    """``reports/index.html``: every report and figure, an English and an Arabic section, relative links only,
    no script and no request. ``trees`` maps the children of reports/ (``en``, ``ar``, ``figures``) to the folders
    that hold them; ``figures_root`` holds the citable figures, at ``figures_href`` from reports/."""
    title = f"{_INDEX_LABELS['en']['heading']} · {_INDEX_LABELS['ar']['heading']}"
    sections = "".join(_index_section(lang, trees, figures_root, figures_href) for lang in LANG_TAGS)
    return (
        '<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_lib.escape(title)}</title>{_INDEX_CSS}</head>\n<body>\n{sections}\n</body>\n</html>\n"
    )
