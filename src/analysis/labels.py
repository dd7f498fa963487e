"""English and Arabic labels for figures and tables, from the data package's ``labels`` table.

Labels are data (``data/labels.csv``: key, en, ar), loaded once with the package; actor names
come from ``actors.csv`` (``short_en``/``short_ar``). Arabic strings are plain logical-order text:
matplotlib >= 3.11 shapes and orders them itself, so they are never reshaped here.

Usage::

    >>> import pandas as pd
    >>> from analysis.labels import Labels
    >>> labels = Labels(pd.DataFrame({"key": ["paragraph"], "en": ["Paragraph"], "ar": ["الفقرة"]}))
    >>> labels("paragraph", "en"), labels("paragraph", "ar")
    ('Paragraph', 'الفقرة')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

LANGS = ("en", "ar")
MONTHS_AR = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)


def check_lang(lang: str) -> str:
    """``lang`` if it is one of LANGS; ValueError naming the allowed ones otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


class Labels:
    """Label lookup by key and language; actor short names by actor_id."""

    def __init__(self, table: pd.DataFrame, actors: pd.DataFrame | None = None):
        self._by_key = {k: (en, ar) for k, en, ar in zip(table["key"], table["en"], table["ar"])}
        self._actors: dict[str, tuple[str, str]] = {}
        if actors is not None:
            self._actors = {
                a: (en, ar) for a, en, ar in zip(actors["actor_id"], actors["short_en"], actors["short_ar"])
            }

    def __call__(self, key: str, lang: str) -> str:
        """The label of ``key`` in ``lang``; KeyError naming the key when the table lacks it."""
        pair = self._by_key.get(key)
        if pair is None:
            raise KeyError(f"no label {key!r} in data/labels.csv")
        return pair[LANGS.index(check_lang(lang))]

    def __contains__(self, key: str) -> bool:
        return key in self._by_key

    def get(self, key: str, lang: str, default: str | None = None) -> str | None:
        return self(key, lang) if key in self._by_key else default

    def date(self, value, lang: str) -> str:
        """A day as '4 Nov 2024' or '4 نوفمبر 2024' (Western digits in both, as the sources print them)."""
        import pandas as pd

        ts = pd.Timestamp(value)
        if check_lang(lang) == "ar":
            return f"{ts.day} {MONTHS_AR[ts.month - 1]} {ts.year}"
        return f"{ts.day} {ts:%b %Y}"

    def source(self, source: dict, lang: str, form: str = "long") -> str:
        """How a figure names a source: 'KUNA report (Al-Rai, 4 Nov 2024)' (form 'long') or 'KUNA report'
        ('short'), from its kind, agency or speaker, outlet and date (template ``source.<form>.<kind>``)."""
        import pandas as pd

        who = source.get("agency") or source.get("speaker")
        outlet = source.get("outlet") or ""
        published = source.get("published")
        values = {
            "agency": self.actor(who, lang) if who else self.get(f"outlet.{outlet}", lang, outlet),
            "outlet": self.get(f"outlet.{outlet}", lang, outlet),
            "date": self.date(str(published)[:10], lang) if published and not pd.isna(published) else "",
        }
        kind = source.get("kind") or "news_report"
        template = self.get(f"source.{form}.{kind}", lang) or self(f"source.{form}", lang)
        return template.format(**values)

    def actor(self, actor_id: str, lang: str) -> str:
        """An actor's short name in ``lang`` (the id itself for an unknown actor: a mention is never dropped)."""
        pair = self._actors.get(actor_id)
        return actor_id if pair is None else pair[LANGS.index(check_lang(lang))]
