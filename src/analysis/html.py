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
