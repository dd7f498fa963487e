"""How words are reported, and quotations that run on across paragraphs.

A cue's mode is direct for a colon or quote after cue and speaker (or a quotation before the cue), else
indirect, or mixed when the indirect content holds the speaker's own words (a quotation of four words or
more right after أن/إن, or first-person words: نحن، شراكتنا، منا، نتمكن).

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.cues import find_cues
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.speakers import History
    >>> verbs = pd.DataFrame({"form": ["قال"], "lemma": ["قال"], "gender": ["m"], "form_type": ["past"]})
    >>> lexicon = Lexicon.from_tables(verbs, pd.DataFrame({"actor_id": []}),
    ...                               pd.DataFrame({"actor_id": [], "alias": []}))
    >>> para = Para("وقال الوزير إننا مستعدون. وقال الخبير: «غداً».")
    >>> cues = find_cues(para, lexicon, History())
    >>> cue_mode(para, cues[0], cues[1].index, lexicon), cue_mode(para, cues[1], len(para.toks), lexicon)
    ('mixed', 'direct')
    >>> quote_open_at_end("وقال: «سنعود", False), quote_open_at_end("«غداً». وانتهت الجلسة.", True)
    (True, False)
    >>> starts_with_speech_quote(Para("«نرحب بكم»")), starts_with_speech_quote(Para("«مسار دوشنبه» انطلق."))
    (True, False)
"""

from __future__ import annotations

from analysis.arabic import Token
from analysis.attribution.cues import Cue
from analysis.attribution.grammar import (
    CLOSE_QUOTES,
    FIRST_PERSON_PRONOUNS,
    NOT_FIRST_PERSON,
    OPEN_QUOTES,
    TANWIN_FATH,
    Para,
    has_colon_or_open_quote,
    is_complementiser,
)
from analysis.attribution.lexicon import Lexicon
from analysis.attribution.phrases import addressee_end, match_alias


def cue_mode(para: Para, cue: Cue, end: int, lexicon: Lexicon) -> str:
    """direct (colon or quote right after cue and speaker, or a quotation before the cue), indirect, or mixed
    (an indirect frame holding the speaker's own words: a quotation after أن/إن, or first-person words)."""
    start = cue.content
    if has_colon_or_open_quote(para.gap(start)) and not para.gap(start).strip().startswith(("،", ",")):
        return "direct"
    if para.text.startswith(tuple(OPEN_QUOTES)) and any(q in para.gap(cue.index) for q in CLOSE_QUOTES):
        return "direct"  # «...»، قال رحمان
    if _colon_before_content(para, start, end):
        return "direct"  # وأضافت في مقابلة مع كونا: «...»
    return "mixed" if _holds_own_words(para, start, end, lexicon) else "indirect"


def _colon_before_content(para: Para, start: int, end: int) -> bool:
    """A colon after a circumstantial phrase, before any أن/إن and within the sentence."""
    for j in range(start + 1, min(end, len(para.toks)) + 1):
        if ":" in para.gap(j):
            return True
        if para.ends_sentence_before(j) or j == len(para.toks) or is_complementiser(para.toks[j].norm):
            return False
    return False


def _holds_own_words(para: Para, start: int, end: int, lexicon: Lexicon) -> bool:
    toks = para.toks
    j = start
    while j < end:
        # Names (كونا، لكونا) are not first-person words.
        skip = addressee_end(para, j, lexicon)
        alias = match_alias(para, j, lexicon)
        if skip != j or alias is not None:
            j = max(skip, alias[1] if alias is not None else j)
            continue
        if _is_first_person(toks[j], toks[j + 1] if j + 1 < len(toks) else None):
            return True
        if is_complementiser(toks[j].norm) and _quote_after(para, j):
            return True
        j += 1
    return False


def _quote_after(para: Para, j: int) -> bool:
    """A quotation of four words or more (or left open) right after the complementiser at ``j``, or after
    the one-word subject that follows it ("إن الكويت «وفت بكل ما وعدت به»")."""
    for k in (j + 1, j + 2):
        if k >= len(para.toks) or k == j + 2 and para.gap(j + 1).strip():
            return False
        if any(q in para.gap(k) for q in OPEN_QUOTES):
            words, closed = _quote_words(para, k)
            return words >= 4 or not closed
    return False


def _is_first_person(token: Token, next_token: Token | None) -> bool:
    """A word in the speaker's own voice: نحن، شراكتنا، منا، نتمكن (imperfect with ن before an indefinite)."""
    norm = token.norm
    if norm in FIRST_PERSON_PRONOUNS:
        return True
    if TANWIN_FATH in token.text or token.text.endswith(("ة", "ه", "ها", "هم", "هن")):
        return False
    stem = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
    if stem.endswith("نا") and len(stem) >= 3 and stem not in NOT_FIRST_PERSON:
        return True
    stem = stem[1:] if stem[:1] in "لس" and stem[1:2] == "ن" else stem
    if not stem.startswith("ن") or len(stem) < 4 or stem.endswith(("ات", "ون", "ين", "ت", "ا")):
        return False  # a final alef: a name (فنلندا), never an imperfect of نحن
    # ناجح، نائب (a plain alef second) are participles and nouns; نأمل keeps its hamza.
    written = token.text[len(token.text) - len(token.text.lstrip("وفلس")) :]
    if written[1:2] in ("ا", "ئ") or "ائ" in written:
        return False  # نتائج، نظائر: plurals of the فعائل pattern
    return next_token is None or not (next_token.norm.startswith("ال") or next_token.norm.isdigit())


def _quote_words(para: Para, k: int) -> tuple[int, bool]:
    """Words inside the quotation opening in the gap before token ``k``, and whether it closes."""
    closers = CLOSE_QUOTES + '"'
    words = 0
    for j in range(k, len(para.toks)):
        if j > k and any(q in para.gap(j) for q in closers):
            return words, True
        words += 1
    return words, any(q in para.gap(len(para.toks)) for q in closers)


def quote_open_at_end(text: str, open_before: bool) -> bool:
    """Whether a quotation is open after ``text``. A quotation running over paragraphs re-opens each one
    with «, which does not nest."""
    depth = 1 if open_before else 0
    straight = False
    if open_before:
        text = text.lstrip().removeprefix("«").removeprefix("“")
    for ch in text:
        if ch in OPEN_QUOTES:
            depth += 1
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif ch == '"':
            straight = not straight
    return depth > 0 or straight


def starts_with_speech_quote(para: Para) -> bool:
    """A paragraph that is a quotation of someone's words: it opens a quotation that stays open or closes at
    its end, unlike a quoted name opening an agency sentence («مسار دوشنبه» انطلق ...)."""
    if not para.toks or not any(q in para.gap(0) for q in OPEN_QUOTES + '"'):
        return False
    words, closed = _quote_words(para, 0)
    return not closed or words == len(para.toks)
