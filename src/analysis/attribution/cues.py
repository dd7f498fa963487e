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

from analysis.attribution.according import named_source
from analysis.attribution.grammar import (
    CIRCUMSTANTIAL,
    DEMONSTRATIVES,
    IN_WHICH,
    KANA,
    OPENERS,
    PRONOUNS,
    RELATIVES,
    RELAY_VERBS,
    TEMPORAL,
    TOPIC,
    VERB_PREPOSITIONS,
    Para,
    after_quotation,
    has_colon_or_open_quote,
    is_complementiser,
    is_data_noun,
    is_look_alike,
)
from analysis.attribution.impersonal import IMPERSONAL_FORMS
from analysis.attribution.lexicon import Lexicon, VerbForm, is_verb
from analysis.attribution.phrases import (
    MAX_SPEAKER_WORDS,
    addressee_end,
    alias_mention,
    governed_b,
    governed_object,
    is_preposition,
    noun_phrase_end,
    relative_antecedent,
    relative_named_after,
    skip_adverbs,
)
from analysis.attribution.relays import relayed
from analysis.attribution.speakers import History, Speaker, carry, named
from analysis.attribution.subjects import (
    after_connective,
    appositive_subject,
    feminine_phrase,
    head_end,
    introduce,
    noun_object_at,
    preposition_follows,
    sentence_actor,
    sentence_subject,
    span_with_actor,
    speaker_prefix,
    subject_agrees,
)

_MAX_CONTENT_SEARCH = 30
# Verbs whose direct object may itself be what is said: "أعلنت اليابان تقديم ..."، "أكد الوزير دعم بلاده".
# (The data package fixes the columns of reporting_verbs.csv, so this property of a lemma lives here.)
NOUN_CONTENT_LEMMAS = frozenset({"أعلن", "أكد", "جدد"})


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
    for i, tok in enumerate(toks):
        verb = is_verb(tok.norm, lexicon)
        introduce(para, i, lexicon, history)  # «وتحدث بعده فلان،»: no cue, but the next speaker
        cue = None
        if (verb is None or tok.norm in IMPERSONAL_FORMS) and (source := named_source(para, i, lexicon, history)):
            cue = Cue(i, *source)
        elif verb is None and (tok.norm in RELAY_VERBS or tok.norm[:1] in "وف" and tok.norm[1:] in RELAY_VERBS):
            relay = relayed(para, i, lexicon, history) if _opens_clause(para, i, tok.norm not in RELAY_VERBS) else None
            cue = None if relay is None else Cue(i, *relay)
        elif verb is None or verb.form_type == "masdar":
            masdar = governed_masdar(tok.norm, lexicon)
            if masdar is not None and _content_at(para, i + 1):
                cue = _participle_cue(para, i, masdar, lexicon, history, cues)
        elif verb.form_type == "participle":
            has_conjunction = tok.norm not in lexicon.verbs
            if _opens_clause(para, i, has_conjunction) and (i == 0 or toks[i - 1].norm not in KANA):
                cue = _participle_cue(para, i, verb, lexicon, history, cues)
        elif i > 0 and toks[i - 1].norm in TEMPORAL:
            cue = _temporal_cue(para, i, verb, lexicon, history, is_look_alike(tok))
        else:
            cue = _preposed(para, i, verb, lexicon, history)
            if cue is None and _opens_clause(para, i, tok.norm not in lexicon.verbs):
                cue = _resolve_after(para, i, verb, lexicon, history, is_look_alike(tok))
            elif cue is None and i + 1 < len(toks) and toks[i + 1].norm in IN_WHICH:  # «بكلمة قال فيها إن»
                cue = _participle_cue(para, i, verb, lexicon, history, cues, carry_over=False)
        if cue is not None:
            cues.append(cue)
    return cues


def governed_masdar(norm: str, lexicon: Lexicon) -> VerbForm | None:
    """A verbal noun of the lexicon after ب ("واستهل كلمته بالقول إن"): reported like a participle."""
    if not norm.startswith("ب"):
        return None
    form = lexicon.verbs.get(norm[1:])
    return form if form is not None and form.form_type == "masdar" else None


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
        # «ودعا الإعلان، الذي تبنته الوفود، إلى»: the verb's preposition after a relative clause between commas
        if (
            j > k
            and toks[k].norm in RELATIVES
            and toks[j].norm in VERB_PREPOSITIONS
            and para.gap(j).strip() in ("،", ",")
        ):
            return True
    return False


def _accepts_noun_phrase(para: Para, start: int, end: int, verb: VerbForm, lexicon: Lexicon) -> bool:
    """Whether the phrase ``[start, end)`` after a verb is its speaker rather than its object: the content
    (colon, quote, أن/إن or the verb's preposition) follows it, possibly after an addressee, an adverb or a
    circumstantial phrase. A masculine verb does not take a feminine phrase as its speaker (أكد ضرورة)."""
    toks = para.toks
    if end == start or not subject_agrees(para, start, end, verb):
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
    actor alias just before it, "أما علييف فقال", or a subject opening the sentence ("رئيس القسم أكد أن",
    "غير أن الوزير حذر من")."""
    toks = para.toks
    if i >= 1 and toks[i - 1].norm in ("قد", "وقد"):
        begin = para.clause_start(i - 1)
        kana = next((j for j in range(i - 2, begin - 1, -1) if toks[j].norm in KANA), None)
        if kana is not None and kana + 1 < i - 1:
            return span_with_actor(para, kana + 1, i - 1, lexicon)
    begin = para.clause_start(i)
    topic = begin if toks[begin].norm in TOPIC else para.sentence_start(i)  # «أما الوزير، فقد أوضح»
    if i >= 3 and toks[i - 1].norm == "فقد" and toks[topic].norm in TOPIC and _content_around_verb(para, i, lexicon):
        return span_with_actor(para, topic + 1, i - 1, lexicon)  # «أما وفد دولة قطر فقد شدد في كلمته على أن»
    if i >= 2 and (found := relative_named_after(para, i - 1, lexicon)):
        return found  # «، الذي أعلن فيه فورونكوف أن»
    if i >= 3 and toks[i - 1].norm in RELATIVES and para.gap(i - 1).strip() in ("،", ","):
        before = para.clause_start(i - 2)  # «...، نائب الوزير فلان، الذي قال إن»: the phrase the clause is about
        words = toks[before : i - 1]
        appositive = before > para.sentence_start(i) and not any(is_verb(t.norm, lexicon) for t in words)
        if appositive and len(words) <= MAX_SPEAKER_WORDS and _content_around_verb(para, i, lexicon):
            return span_with_actor(para, before, i - 1, lexicon)
    if i >= 2 and (found := relative_antecedent(para, i - 1, lexicon)):  # «، الذي دعا»: the actor it is about
        in_which = toks[i + 1].norm in IN_WHICH and _content_at(para, i + 2)  # «دعا فيها إلى»
        content = in_which or _content_around_verb(para, i, lexicon) or preposition_follows(para, i + 1, lexicon)
        return found if content else None
    if toks[i].norm not in lexicon.verbs:
        # Only "أما X فقال" puts a subject before a verb with a conjunction ("أما المنسق ...، فلان، فقال").
        begin = begin if toks[begin].norm in ("اما", "واما") else para.sentence_start(i)
        amma = toks[begin].norm in ("اما", "واما") and toks[i].norm.startswith("ف") and i - begin > 1
        return span_with_actor(para, begin + 1, i, lexicon) if amma and _content_at_verb(para, i, lexicon) else None
    if (named_subject := appositive_subject(para, i, lexicon)) is not None and _content_around_verb(para, i, lexicon):
        return span_with_actor(para, *named_subject, lexicon)
    begin = after_connective(para, begin, i)
    prefix = toks[begin:i]
    if (
        not prefix
        or len(prefix) > MAX_SPEAKER_WORDS
        or any(is_complementiser(t.norm) or is_verb(t.norm, lexicon) for t in prefix)
        or not _content_at_verb(para, i, lexicon)
        and not _content_after_circumstance(para, i, lexicon)
    ):
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
        and (para.sentence_start(para.clause_start(i)) == para.clause_start(i) or ":" in para.gap(begin))
        and end > begin
        and first not in CIRCUMSTANTIAL | VERB_PREPOSITIONS | KANA | DEMONSTRATIVES | PRONOUNS
        and toks[end - 1].norm not in RELATIVES | OPENERS
    ):
        return begin, end, None
    return None


def _content_around_verb(para: Para, i: int, lexicon: Lexicon) -> bool:
    return _content_at_verb(para, i, lexicon) or _content_after_circumstance(para, i, lexicon)


def _after_verb(para: Para, i: int, lexicon: Lexicon) -> int:
    """Past adverbs and the hearers right after the verb at ``i`` ("أوضح للصحفيين"): never its speaker."""
    k = skip_adverbs(para, i + 1, lexicon)
    norm = para.toks[k].norm if k < len(para.toks) else ""
    return k + 1 if norm.startswith("لل") and len(norm) > 4 else k


def _content_at_verb(para: Para, i: int, lexicon: Lexicon) -> bool:
    return _content_at(para, _after_verb(para, i, lexicon))


def _content_after_circumstance(para: Para, i: int, lexicon: Lexicon) -> bool:
    """A circumstantial phrase right after the verb, then its content: "الوزير شدد في كلمته على أن"."""
    k = _after_verb(para, i, lexicon)
    return k < len(para.toks) and para.toks[k].norm in CIRCUMSTANTIAL and _content_follows(para, k, lexicon)


def _content_at(para: Para, k: int) -> bool:
    """Reported content starts at token ``k``: a colon or quote before it, أن/إن or a governed preposition."""
    if has_colon_or_open_quote(para.gap(min(k, len(para.toks)))):
        return True
    return k < len(para.toks) and (is_complementiser(para.toks[k].norm) or para.toks[k].norm in VERB_PREPOSITIONS)


def _resolve_after(
    para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History, look_alike: bool = False
) -> Cue | None:
    """The cue of a verb that opens its clause: speaker named after it, or a continuation. A look-alike
    ("ورد" without shadda) needs a named speaker."""
    toks = para.toks
    k = _after_verb(para, i, lexicon)
    if k >= len(toks) and ":" not in para.gap(k) or para.ends_sentence_before(k):
        return None
    if k >= len(toks) or has_colon_or_open_quote(para.gap(k)):  # وأضاف: «...»
        return None if look_alike else _continuation(i, verb, history, k)
    k = addressee_end(para, k, lexicon)
    alias = alias_mention(para, k, lexicon)
    if alias is not None:
        speaker, rule = named(para, k, alias[1], verb, alias[0], lexicon, history)
        return Cue(i, verb, speaker, para.text[toks[k].start : toks[alias[1] - 1].end], alias[1], rule)
    if k < len(toks) and (is_complementiser(toks[k].norm) or toks[k].norm in VERB_PREPOSITIONS):
        return None if look_alike else _continuation(i, verb, history, k)
    if k < len(toks) and governed_b(toks[k].norm) and is_verb(toks[k].norm, lexicon) is None:  # وطالب بإنشاء
        return None if look_alike else _continuation(i, verb, history, k)
    if k < len(toks) and is_data_noun(toks[k].norm):  # "وتؤكد الأرقام أن": figures, not a speaker
        return None
    cue = _named_after(para, i, k, verb, lexicon, history)
    if cue is not None or look_alike or k >= len(toks):
        return cue
    end = noun_phrase_end(para, k, lexicon)
    if (
        toks[k].norm in CIRCUMSTANTIAL
        and _content_follows(para, k, lexicon)
        or any(is_complementiser(t.norm) for t in toks[k : k + 3])
        # An object the verb cannot have as subject, then its preposition ("ودعا الحكومات كذلك إلى"), or
        # itself the content ("وأكد أهمية التدريب").
        or end > k
        and verb.gender == "m"
        and feminine_phrase(para, k, end)
        and (preposition_follows(para, k, lexicon) or verb.lemma in NOUN_CONTENT_LEMMAS)
    ):
        return _continuation(i, verb, history, k)
    return None


def _temporal_cue(
    para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History, look_alike: bool
) -> Cue | None:
    """A reporting verb after حين/عندما: the speaker named after it ("حين قال الرئيس إن"), else the subject
    of the clause the time clause hangs on when that is an actor ("وقد لخص فورونكوف المعضلة حين قال إن"),
    else a continuation. Another subject is not taken: "وصفق الحضور حين قال" is someone else speaking."""
    cue = _resolve_after(para, i, verb, lexicon, history, look_alike)
    if cue is not None and cue.mention is not None:
        return cue
    actor = sentence_actor(para, i - 1, verb, lexicon, history)  # ending before حين
    return cue if actor is None else Cue(i, verb, actor[0], None, i + 1, "sentence_subject")


def _continuation(i: int, verb: VerbForm, history: History, content: int) -> Cue:
    speaker, rule = carry(history, verb.gender)
    return Cue(i, verb, speaker, None, content, rule)


def _named_after(para: Para, i: int, k: int, verb: VerbForm, lexicon: Lexicon, history: History) -> Cue | None:
    """The cue of a speaker phrase named after the verb at ``k``: the whole phrase before its content, the
    part before the verb's object ("ودعت المنظمة الدول إلى"), or a head before a noun content ("أعلنت
    اليابان تقديم")."""
    toks = para.toks
    end = noun_phrase_end(para, k, lexicon)
    content = skip_adverbs(para, addressee_end(para, end, lexicon), lexicon)
    if end > k and end < len(toks) and not para.gap(end).strip() and _governs(para, end, lexicon):
        split = speaker_prefix(para, k, end, verb, lexicon, history)
        if split is not None:
            end = content = split
    elif not (after_quotation(para, i) and end > k) and not _accepts_noun_phrase(para, k, end, verb, lexicon):
        end = head_end(para, k, lexicon)
        if not (
            verb.lemma in NOUN_CONTENT_LEMMAS
            and verb.form_type in ("past", "present")
            and end > k
            and noun_object_at(para, end, lexicon)
            and subject_agrees(para, k, end, verb)
        ):
            return None
        content = end
    if end == k or not subject_agrees(para, k, end, verb):
        return None
    speaker, rule = named(para, k, end, verb, None, lexicon, history)
    return Cue(i, verb, speaker, para.text[toks[k].start : toks[end - 1].end], content, rule)


def _governs(para: Para, k: int, lexicon: Lexicon) -> bool:
    """A governed preposition or ب-object at ``k``: where a verb's object or content starts."""
    norm = para.toks[k].norm
    return is_preposition(para, k) or governed_b(norm) and is_verb(norm, lexicon) is None


def _participle_cue(
    para: Para, i: int, verb: VerbForm, lexicon: Lexicon, history: History, cues: list[Cue], carry_over: bool = True
) -> Cue | None:
    """A circumstantial participle ("، مشيراً إلى أن"): the subject of its sentence speaks; else, with
    ``carry_over``, the current speaker (a message «أكد فيها» with no subject is nobody's yet)."""
    same_sentence = cues and para.sentence_start(cues[-1].index) == para.sentence_start(i)
    if not same_sentence:
        subject = sentence_subject(para, i, verb, lexicon, history)
        if subject is not None:
            return Cue(i, verb, subject[0], None, i + 1, "sentence_subject")
    if not carry_over:
        return None
    speaker, rule = carry(history, verb.gender)
    return Cue(i, verb, speaker, None, i + 1, rule)
