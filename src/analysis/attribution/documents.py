"""A document quoted whole: paragraphs in the first person plural of a declaration a report publishes.

A news report that prints a declaration's text («نحن، ممثلي الدول ...»، «أولاً: نؤكد أن ...») quotes the document
the report last named («إعلان الكويت»), paragraph by paragraph, with no reporting verb. A paragraph is such a
quotation when, after an optional ordinal or number label («أولاً:»، «1-»), it opens with «نحن» or with a
reporting verb in the first person plural (نؤكد، نشدد، نعرب ...), or, right after such a paragraph, with any
verb in the first person plural under a label («ثالثاً: نرحب ...»).

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> verbs = pd.DataFrame({"form": ["يؤكد"], "lemma": ["أكد"], "gender": ["m"], "form_type": ["present"]})
    >>> no_actors = pd.DataFrame({"actor_id": []})
    >>> lexicon = Lexicon.from_tables(verbs, no_actors, pd.DataFrame({"actor_id": [], "alias": []}))
    >>> first_person_plural(Para("أولاً: نؤكد أن الإرهاب لا دين له."), lexicon, False)
    True
    >>> welcome = Para("ثانياً: نرحب بالشبكة.")
    >>> first_person_plural(welcome, lexicon, False), first_person_plural(welcome, lexicon, True)
    (False, True)
"""

from __future__ import annotations

from analysis.attribution.grammar import Para
from analysis.attribution.lexicon import Lexicon, is_verb

_WE = "نحن"
_MIN_VERB_LETTERS = 4  # «نؤكد», «نرحب»: the prefix ن and a stem of three letters at least


def first_person_plural(para: Para, lexicon: Lexicon, after_one: bool) -> bool:
    """Whether ``para`` opens, past an optional label ending in a colon or a dash, in the first person plural;
    ``after_one``: the paragraph before did, so any verb form in ن under a label continues the text."""
    toks = para.toks
    labelled = len(toks) > 1 and any(mark in para.gap(1) for mark in ":-–")
    k = 1 if labelled else 0
    if k >= len(toks):
        return False
    word = toks[k].norm
    if word == _WE:
        return True
    if not word.startswith("ن") or len(word) < _MIN_VERB_LETTERS:
        return False
    third_person = is_verb("ي" + word[1:], lexicon)
    return (third_person is not None and third_person.form_type == "present") or (after_one and labelled)


def quoted_document(history_seen: list[str], lexicon: Lexicon) -> str | None:
    """The document the report named last (``History.seen``), if any."""
    return next((a for a in history_seen if a in lexicon.document_ids), None)
