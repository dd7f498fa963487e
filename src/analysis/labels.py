"""English and Arabic label sets for figures and tables.

Arabic strings are plain logical-order text: matplotlib >= 3.11 shapes and orders them
itself, so they are never reshaped here.

Usage::

    >>> from analysis.labels import label
    >>> label("paragraph", "en"), label("paragraph", "ar")
    ('Paragraph', 'الفقرة')
"""

from __future__ import annotations

LANGS = ("en", "ar")

LABELS: dict[str, tuple[str, str]] = {
    # generic
    "paragraph": ("Paragraph", "الفقرة"),
    "count": ("Count", "العدد"),
    "characters": ("Characters", "عدد الأحرف"),
    "role": ("Role", "الدور"),
    "source": ("Source", "المصدر"),
    "not_stated": ("not stated", "غير مذكور"),
    "lower_bound": ("lower bound (more than)", "حد أدنى (أكثر من)"),
    "exact": ("exact", "دقيق"),
    "approximately": ("approximately", "تقريباً"),
    "evidence_spans": ("evidence spans", "مقاطع الأدلة"),
    # paragraph roles
    "role.kicker": ("Kicker", "العنوان التمهيدي"),
    "role.headline": ("Headline", "العنوان الرئيسي"),
    "role.dateline": ("Dateline", "سطر التاريخ"),
    "role.lead": ("Lead", "المقدمة"),
    "role.body": ("Body", "متن"),
    "role.subheading": ("Subheading", "عنوان فرعي"),
    "role.bullet": ("Bullet", "نقطة"),
    # voices
    "voice.reported_speech": ("Rahmon's reported speech", "كلام رحمان المنقول"),
    "voice.agency": ("Agency text (KUNA)", "نص الوكالة (كونا)"),
    # figure titles
    "title.source-overview": ("Paragraphs of the KUNA report by role and voice",
                              "فقرات تقرير كونا حسب الدور والمتكلم"),
}


def label(key: str, lang: str) -> str:
    """The label for ``key`` in ``lang`` ('en' or 'ar'); KeyError/ValueError name what is wrong."""
    return LABELS[key][LANGS.index(check_lang(lang))]


def check_lang(lang: str) -> str:
    """``lang`` if it is one of LANGS; ValueError naming the allowed ones otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang
