"""HTML export of an executed notebook, with Arabic laid out right-to-left.

nbconvert's lab template, inputs hidden (a report shows narrative, tables and figures).
Text blocks get ``dir="auto"`` so an Arabic paragraph or table cell runs right-to-left
even in an English report; an Arabic report's page itself is ``dir="rtl"`` while code and
preformatted output stay left-to-right.

Usage::

    >>> import nbformat
    >>> from analysis.html import notebook_html
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# تقرير")])
    >>> page = notebook_html(nb, lang="ar")
    >>> '<html dir="rtl"' in page or 'dir="rtl"' in page
    True
"""

from __future__ import annotations

import re

_RTL_CSS = """
<style>
/* Arabic report: the page runs right to left; code and fixed-width output keep left to right. */
html[dir="rtl"] body { text-align: right; }
pre, code, .jp-InputArea, .jp-OutputArea-output pre { direction: ltr; text-align: left; unicode-bidi: isolate; }
[dir="auto"] { unicode-bidi: plaintext; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { text-align: start; }
</style>
"""
_BLOCK_TAGS = re.compile(r"<(p|li|td|th|h1|h2|h3|h4|figcaption|caption)(?=[\s>])(?![^>]*\bdir=)")


def notebook_html(nb, lang: str = "en") -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(nb)
    body = _BLOCK_TAGS.sub(r'<\1 dir="auto"', body)
    attrs = 'lang="ar" dir="rtl"' if lang == "ar" else 'lang="en" dir="ltr"'
    body = re.sub(r"<html[^>]*>", f"<html {attrs}>", body, count=1)
    return body.replace("</head>", _RTL_CSS + "</head>", 1)
