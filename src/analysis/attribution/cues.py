"""Reporting cues: a verb of the lexicon that opens its clause, with its speaker and where its content starts.

The speaker is named after the verb (an alias, else a noun phrase followed by the content), named before it
("وكان الوزير قد أكد", "رئيس القسم أكد أن"), or carried over from the speakers before ("وأضاف أن"). A
participle after a non-reporting verb takes the actor right after that verb ("وافتتح فورونكوف الجلسة، مؤكداً").

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> verbs = pd.DataFrame({"form": ["قال", "أضاف"], "lemma": ["قال", "أضاف"],
    ...                       "gender": ["m", "m"], "form_type": ["past", "past"]})
    >>> lexicon = Lexicon.from_tables(verbs, pd.DataFrame({"actor_id": []}), pd.DataFrame(
    ...     {"actor_id": [], "alias": []}))
    >>> para = Para("وقال مصدر دبلوماسي إن الاجتماع سيعقد غداً، وأضاف أن الموعد ثابت.")
    >>> [(c.index, c.mention, c.speaker.key, c.rule) for c in find_cues(para, lexicon, History())]
    [(0, 'مصدر دبلوماسي', 'مصدر دبلوماسي', 'named_mention'), (7, None, 'مصدر دبلوماسي', 'continuation')]
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.attribution.grammar import (
    CIRCUMSTANTIAL,
    DEMONSTRATIVES,
    KANA,
    OPENERS,
    PRONOUNS,
    RELATIVES,
    VERB_PREPOSITIONS,
    Para,
    has_colon_or_open_quote,
    is_complementiser,
)
from analysis.attribution.lexicon import Lexicon, VerbForm, is_verb
from analysis.attribution.phrases import (
    MAX_SPEAKER_WORDS,
    addressee_end,
    alias_mention,
    governed_object,
    noun_phrase_end,
    skip_adverbs,
)
from analysis.attribution.speakers import History, Speaker, carry, named

_MAX_CONTENT_SEARCH = 30


@dataclass(frozen=True)
class Cue:
    index: int  # token index of the verb
    verb: VerbForm
    speaker: Speaker | None
    mention: str | None
    content: int  # token index where the reported content starts
    rule: str


def find_cues(para: Para, lexicon: Lexicon, history: History) -> list[Cue]:
    """The cues of one paragraph in reading order; ``history`` learns the speakers they name."""
    cues: list[Cue] = []
    toks = para.toks
    i = 0
    while i < len(toks):
        norm = toks[i].norm
        verb = is_verb(norm, lexicon)
        if verb is None or verb.form_type == "masdar":
            i += 1
            continue
        has_conjunction = norm not in lexicon.verbs
        cue = None
        if verb.form_type == "participle":
            if _opens_clause(para, i, has_conjunction) and (i == 0 or toks[i - 1].norm not in KANA):
                cue = _participle_cue(para, i, verb, lexicon, history, cues)
        else:
            cue = _preposed(para, i, verb, lexicon, history)
            if cue is None and _opens_clause(para, i, has_conjunction):
                cue = _resolve_after(para, i, verb, lexicon, history)
        if cue is not None:
            cues.append(cue)
        i += 1
    return cues


def _opens_clause(para: Para, k: int, has_conjunction: bool) -> bool:
    if has_conjunction or para.clause_starts_at(k):
        return True
    return para.toks[k - 1].norm in OPENERS


def _content_follows(para: Para, k: int, lexicon: Lexicon) -> bool:
    """Whether reported content (a complementiser, a colon or an opening quote) comes after token ``k``
    before the sentence ends or another reporting verb starts."""
    toks = para.toks
    for j in range(k, min(len(toks), k + _MAX_CONTENT_SEARCH) + 1):
        if j > k and para.ends_sentence_before(j):
            return False
        if has_colon_or_open_quote(para.gap(j)) and j > k:
            return True
        if j == len(toks):
            return False
        if (
            j > k
            and is_verb(toks[j].norm, lexicon) is not None
            and _opens_clause(para, j, toks[j].norm not in lexicon.verbs)
        ):
            return False
        if is_complementiser(toks[j].norm):
            return True
    return False


def _accepts_noun_phrase(para: Para, start: int, end: int, verb: VerbForm, lexicon: Lexicon) -> bool:
    """Whether the phrase ``[start, end)`` after a verb is its speaker rather than its object: the content
    (colon, quote, أن/إن or the verb's preposition) follows it, possibly after an addressee, an adverb or a
    circumstantial phrase. A masculine verb never has a speaker phrase headed by a feminine noun (أكد ضرورة)."""
    toks = para.toks
    if end == start or verb.gender == "m" and toks[start].text.endswith("ة"):
        return False
    if end < len(toks) and not has_colon_or_open_quote(para.gap(end)):
        end = skip_adverbs(para, addressee_end(para, end, lexicon), lexicon)
    if has_colon_or_open_quote(para.gap(min(end, len(toks)))):
        return True
    if end >= len(toks):
        return False
    nxt = toks[end].norm
    if is_complementiser(nxt) or (nxt in VERB_PREPOSITIONS or governed_object(nxt)) and not para.gap(end).strip():
        return True
    if nxt in CIRCUMSTANTIAL or para.gap(end).strip() in ("،", ","):
        return _content_follows(para, end, lexicon)
    return False


def _preposed(para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History) -> Cue | None:
    """The cue of a verb whose speaker is named before it."""
    span = _preposed_span(para, i, verb, lexicon)
    if span is None:
        return None
    start, end, actor = span
    speaker, rule = named(para, start, end, verb, actor, lexicon, history)
    mention = para.text[para.toks[start].start : para.toks[end - 1].end]
    return Cue(i, verb, speaker, mention, skip_adverbs(para, i + 1, lexicon), "preposed_" + rule)


def _preposed_span(para: Para, i: int, verb: VerbForm, lexicon: Lexicon) -> tuple[int, int, str | None] | None:
    """``(start, end, actor_id or None)`` of a speaker named before the verb: "وكان وزير الداخلية قد أكد", an
    actor alias just before it, or a subject opening the sentence ("رئيس القسم أكد أن")."""
    toks = para.toks
    if i >= 1 and toks[i - 1].norm in ("قد", "وقد"):
        begin = para.clause_start(i - 1)
        kana = next((j for j in range(i - 2, begin - 1, -1) if toks[j].norm in KANA), None)
        if kana is not None and kana + 1 < i - 1:
            alias = alias_mention(para, kana + 1, lexicon)
            return kana + 1, i - 1, alias[0] if alias is not None and alias[1] == i - 1 else None
    begin = para.clause_start(i)
    prefix = toks[begin:i]
    if (
        not prefix
        or len(prefix) > MAX_SPEAKER_WORDS
        or toks[i].norm not in lexicon.verbs
        or any(is_complementiser(t.norm) or is_verb(t.norm, lexicon) for t in prefix)
    ):
        return None
    if not _content_at(para, skip_adverbs(para, i + 1, lexicon)):
        return None
    for j in range(begin, i):
        alias = alias_mention(para, j, lexicon)
        if alias is not None and alias[1] == i:
            return j, i, alias[0]
    # A subject opening its sentence before a past verb: "رئيس قسم الحدود في المنظمة أكد بدوره أن". Not a
    # pronoun or demonstrative (وهذا يؤكد أن), nor a present verb (الأرقام تشير إلى أن is the agency's analysis).
    first = prefix[0].norm[1:] if prefix[0].norm[:1] in "وف" and len(prefix[0].norm) > 2 else prefix[0].norm
    end = i - 1 if toks[i - 1].norm in ("قد", "وقد") else i
    if (
        verb.form_type == "past"
        and para.sentence_start(i) == begin
        and end > begin
        and first not in CIRCUMSTANTIAL | VERB_PREPOSITIONS | KANA | DEMONSTRATIVES | PRONOUNS
        and toks[end - 1].norm not in RELATIVES | OPENERS
    ):
        return begin, end, None
    return None


def _content_at(para: Para, k: int) -> bool:
    """Reported content starts at token ``k``: a colon or quote before it, أن/إن or a governed preposition."""
    if has_colon_or_open_quote(para.gap(min(k, len(para.toks)))):
        return True
    return k < len(para.toks) and (is_complementiser(para.toks[k].norm) or para.toks[k].norm in VERB_PREPOSITIONS)


def _resolve_after(para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History) -> Cue | None:
    """The cue of a verb that opens its clause: speaker named after it, or a continuation."""
    toks = para.toks
    k = skip_adverbs(para, i + 1, lexicon)
    if k >= len(toks) and ":" not in para.gap(k) or para.ends_sentence_before(k):
        return None
    if k >= len(toks) or has_colon_or_open_quote(para.gap(k)):  # وأضاف: «...»
        speaker, rule = carry(history, verb.gender)
        return Cue(i, verb, speaker, None, k, rule)
    k = addressee_end(para, k, lexicon)
    alias = alias_mention(para, k, lexicon)
    if alias is not None:
        speaker, rule = named(para, k, alias[1], verb, alias[0], lexicon, history)
        return Cue(i, verb, speaker, para.text[toks[k].start : toks[alias[1] - 1].end], alias[1], rule)
    if k < len(toks) and (is_complementiser(toks[k].norm) or toks[k].norm in VERB_PREPOSITIONS):
        speaker, rule = carry(history, verb.gender)
        return Cue(i, verb, speaker, None, k, rule)
    end = noun_phrase_end(para, k, lexicon)
    if _accepts_noun_phrase(para, k, end, verb, lexicon):
        speaker, rule = named(para, k, end, verb, None, lexicon, history)
        mention = para.text[toks[k].start : toks[end - 1].end]
        return Cue(i, verb, speaker, mention, skip_adverbs(para, addressee_end(para, end, lexicon), lexicon), rule)
    if k < len(toks) and (
        toks[k].norm in CIRCUMSTANTIAL
        and _content_follows(para, k, lexicon)
        or any(is_complementiser(t.norm) for t in toks[k : k + 3])
    ):
        speaker, rule = carry(history, verb.gender)
        return Cue(i, verb, speaker, None, k, rule)
    return None


def _participle_subject(
    para: Para, i: int, lexicon: Lexicon, history: History, verb: VerbForm
) -> tuple[Speaker, str] | None:
    """The actor right after the opening verb of the sentence ("وافتتح فورونكوف الجلسة، مؤكداً"), if any."""
    start = para.sentence_start(i)
    for j in (start + 1, start + 2):
        if j < i:
            alias = alias_mention(para, j, lexicon)
            if alias is not None and alias[1] <= i:
                return named(para, j, alias[1], verb, alias[0], lexicon, history)
    return None


def _participle_cue(para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History, cues: list[Cue]) -> Cue:
    """A circumstantial participle ("، مشيراً إلى أن"): the subject of its sentence speaks."""
    same_sentence = cues and para.sentence_start(cues[-1].index) == para.sentence_start(i)
    if not same_sentence:
        subject = _participle_subject(para, i, lexicon, history, verb)
        if subject is not None:
            return Cue(i, verb, subject[0], None, i + 1, "sentence_subject")
    speaker, rule = carry(history, verb.gender)
    return Cue(i, verb, speaker, None, i + 1, rule)
