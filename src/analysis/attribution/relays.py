"""Relayed speech: «ونقل المتحدث عن الوزير قوله إن», «ونقلت مديرة مكتب فورونكوف عنه قوله»; the one whose words
are relayed speaks, and the relayer is remembered for a later «وأضاف المتحدث».

Usage::

    >>> import pandas as pd
    >>> from analysis.attribution.grammar import Para
    >>> from analysis.attribution.lexicon import Lexicon
    >>> from analysis.attribution.speakers import History
    >>> empty = pd.DataFrame({"form": [], "lemma": [], "gender": [], "form_type": []})
    >>> no_actors, no_aliases = pd.DataFrame({"actor_id": []}), pd.DataFrame({"actor_id": [], "alias": []})
    >>> lexicon = Lexicon.from_tables(empty, no_actors, no_aliases)
    >>> verb, speaker, mention, content, rule = relayed(
    ...     Para("ونقل المتحدث عن الوزير سالم قوله إن الحدود آمنة."), 0, lexicon, History())
    >>> speaker.key, verb.lemma, content
    ('الوزير سالم', 'نقل', 6)
"""

from __future__ import annotations

from analysis.attribution.grammar import RELAYED_SPEECH, Para
from analysis.attribution.lexicon import Lexicon, VerbForm
from analysis.attribution.phrases import MAX_SPEAKER_WORDS, alias_mention, span_actor
from analysis.attribution.speakers import History, named, remember_relayer


def relayed(para: Para, i: int, lexicon: Lexicon, history: History) -> tuple | None:
    """A relayed speech ("ونقل المتحدث عن الوزير قوله إن"): the one whose words are relayed speaks, named
    between عن and the verbal noun with their pronoun (قوله، تأكيدها), in the same sentence: ``(verb, speaker,
    mention, content index, rule)``, else None. The relay verb at ``i`` opens its clause."""
    toks = para.toks
    limit = min(len(toks), i + 2 * MAX_SPEAKER_WORDS)
    start = next((j + 1 for j in range(i + 1, limit) if toks[j].norm in ("عن", "عنه", "عنها")), None)
    if start is None or para.ends_sentence_before(start):
        return None
    if toks[start - 1].norm != "عن":  # "ونقلت مديرة مكتب فورونكوف عنه قوله": the actor the relayer is named by
        found = [(j, a) for j in range(i + 1, start - 1) if (a := alias_mention(para, j, lexicon)) is not None]
        if not found or start >= len(toks) or toks[start].norm not in RELAYED_SPEECH:
            return None
        j, (actor, end) = found[-1]
        verb = VerbForm(toks[i].norm, "نقل", "f" if toks[start - 1].norm == "عنها" else "m", "past")
        speaker, rule = named(para, j, end, verb, actor, lexicon, history)
        return verb, speaker, para.text[toks[j].start : toks[end - 1].end], start + 1, rule
    for end in range(start + 1, min(len(toks), start + 2 * MAX_SPEAKER_WORDS + 1)):  # a title, then «، الاسم،»
        if para.ends_sentence_before(end):
            return None
        if toks[end].norm in RELAYED_SPEECH:
            verb = VerbForm(toks[i].norm, "نقل", "f" if toks[end].norm.endswith("ها") else "m", "past")
            speaker, rule = named(para, start, end, verb, span_actor(para, start, end, lexicon), lexicon, history)
            remember_relayer(para, i + 1, start - 1, "f" if toks[i].norm.endswith("ت") else "m", lexicon, history)
            return verb, speaker, para.text[toks[start].start : toks[end - 1].end], end + 1, rule
    return None
