"""The word lists as data: reporting-verb forms and actor aliases, keyed by their normalised spelling.

Usage::

    >>> import pandas as pd
    >>> verbs = pd.DataFrame({"form": ["قال", "قالت"], "lemma": ["قال", "قال"],
    ...                       "gender": ["m", "f"], "form_type": ["past", "past"]})
    >>> actors = pd.DataFrame({"actor_id": ["kuna"], "type": ["organisation"]})
    >>> aliases = pd.DataFrame({"actor_id": ["kuna", "kuna"], "alias": ["كونا", "وكالة الأنباء الكويتية"]})
    >>> lexicon = Lexicon.from_tables(verbs, actors, aliases)
    >>> lexicon
    Lexicon(2 verb forms, 2 aliases, 1 actors)
    >>> is_verb("وقالت", lexicon).gender, is_verb("قائل", lexicon)
    ('f', None)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from analysis.arabic import normalize, tokens
from analysis.attribution.grammar import bare, content_words, subordinate_chain

GENDERS = ("m", "f", "-")
HEAD_TYPES = ("document", "organization", "process", "state")  # actors a definite head noun can stand for
FORM_TYPES = ("past", "present", "participle", "masdar")


@dataclass(frozen=True)
class VerbForm:
    """One surface form of a reporting verb (as listed, without و/ف)."""

    form: str
    lemma: str
    gender: str
    form_type: str


@dataclass(frozen=True, repr=False)
class Lexicon:
    """Reporting-verb forms and actor aliases, keyed by their normalised spelling.

    ``verbs`` maps a normalised form to its :class:`VerbForm`; ``aliases`` maps the normalised first word of
    an alias to ``(normalised words, actor_id)`` pairs, longest first; ``actor_words`` holds, per actor, the
    words of all its aliases (to recognise a later short mention such as "الوزارة"); ``person_ids`` are the
    actors of type ``person`` (a title followed by their name is them: "وكيل الأمين العام فلاديمير فورونكوف").
    """

    verbs: Mapping[str, VerbForm]
    aliases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]
    actor_ids: frozenset[str]
    actor_words: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    person_ids: frozenset[str] = frozenset()
    #: the first word of an alias of a document, organisation or process, without its article, -> those actors:
    #: a later definite mention of that noun alone ("الإعلان" after «إعلان الكويت») is one of them
    heads: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    document_ids: frozenset[str] = frozenset()  # actors of type document (a declaration has no "statement")
    state_ids: frozenset[str] = frozenset()  # actors of type state ("وفد دولة قطر" speaks for Qatar)

    @classmethod
    def from_tables(cls, verbs: pd.DataFrame, actors: pd.DataFrame, aliases: pd.DataFrame) -> Lexicon:
        """Build from ``reporting_verbs.csv``, ``actors.csv`` and ``actor_aliases.csv`` as DataFrames.

        Raises ``ValueError`` on a missing column, an unknown gender or form type, a form listed under two
        lemmas, or an alias of an actor that ``actors`` does not hold.
        """
        require_columns(verbs, ("form", "lemma", "gender", "form_type"), "verbs")
        require_columns(actors, ("actor_id",), "actors")
        require_columns(aliases, ("actor_id", "alias"), "aliases")
        actor_ids = frozenset(str(a) for a in actors["actor_id"].dropna())
        persons = actors[actors["type"] == "person"] if "type" in actors.columns else actors.iloc[:0]
        verb_map = _verb_map(verbs)
        alias_map, actor_words = _alias_map(aliases, actor_ids)
        named = actors[actors["type"].isin(HEAD_TYPES)] if "type" in actors.columns else actors.iloc[:0]
        return cls(
            MappingProxyType(verb_map),
            MappingProxyType(alias_map),
            actor_ids,
            MappingProxyType(actor_words),
            frozenset(str(a) for a in persons["actor_id"].dropna()),
            MappingProxyType(_heads(alias_map, frozenset(str(a) for a in named["actor_id"].dropna()))),
            _of_type(named, "document"),
            _of_type(named, "state"),
        )

    def __repr__(self) -> str:
        n_aliases = sum(len(v) for v in self.aliases.values())
        return f"Lexicon({len(self.verbs)} verb forms, {n_aliases} aliases, {len(self.actor_ids)} actors)"


def _of_type(actors: pd.DataFrame, kind: str) -> frozenset[str]:
    return frozenset(str(a) for a, t in zip(actors["actor_id"], actors.get("type", [])) if t == kind)


def require_columns(df: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{name}: missing column(s) {missing}")


def is_verb(norm: str, lexicon: Lexicon) -> VerbForm | None:
    """The reporting-verb form ``norm`` spells, with or without a leading و/ف."""
    if norm in lexicon.verbs:
        return lexicon.verbs[norm]
    if norm[:1] in "وف" and norm[1:] in lexicon.verbs:
        return lexicon.verbs[norm[1:]]
    return None


def _verb_map(verbs: pd.DataFrame) -> dict[str, VerbForm]:
    out: dict[str, VerbForm] = {}
    for rec in verbs.to_dict("records"):
        form, lemma = str(rec["form"]).strip(), str(rec["lemma"]).strip()
        gender, form_type = str(rec["gender"]).strip(), str(rec["form_type"]).strip()
        if gender not in GENDERS:
            raise ValueError(f"verbs: form {form!r}: gender {gender!r} not in {GENDERS}")
        if form_type not in FORM_TYPES:
            raise ValueError(f"verbs: form {form!r}: form_type {form_type!r} not in {FORM_TYPES}")
        key = normalize(form)
        if key in out and out[key].lemma != lemma:
            raise ValueError(f"verbs: form {form!r} listed under lemmas {out[key].lemma!r} and {lemma!r}")
        out.setdefault(key, VerbForm(form, lemma, gender, form_type))
    return out


def _heads(alias_map: Mapping, named: frozenset[str]) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for words, actor in (a for entries in alias_map.values() for a in entries):
        if actor in named:
            out.setdefault(bare(words[0]), set()).add(actor)
    return {k: frozenset(v) for k, v in sorted(out.items())}


def _alias_map(aliases: pd.DataFrame, actor_ids: frozenset[str]) -> tuple[dict, dict[str, frozenset[str]]]:
    by_first: dict[str, set[tuple[tuple[str, ...], str]]] = {}
    words: dict[str, set[str]] = {}
    for rec in aliases.to_dict("records"):
        actor, alias = str(rec["actor_id"]).strip(), str(rec["alias"]).strip()
        if actor not in actor_ids:
            raise ValueError(f"aliases: actor_id {actor!r} (alias {alias!r}) is not in actors")
        alias_words = tuple(t.norm for t in tokens(alias))
        if not alias_words:
            continue
        by_first.setdefault(alias_words[0], set()).add((alias_words, actor))
        # "الأمين العام" in "وكيل الأمين العام" is someone else: such words do not identify the actor.
        words.setdefault(actor, set()).update(content_words(alias_words) - subordinate_chain(alias_words))
    # Longest alias first, then alphabetical, so matching is deterministic.
    ordered = {k: tuple(sorted(v, key=lambda a: (-len(a[0]), a[0], a[1]))) for k, v in sorted(by_first.items())}
    return ordered, {k: frozenset(v) for k, v in sorted(words.items())}
