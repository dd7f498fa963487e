"""The speech-themes tables of one source: which paragraphs a reading counts, and what the figures draw.

The coder (:mod:`analysis.themes`) gives a 0/1 paragraph x theme matrix; a :class:`Reading`
says which paragraphs count (one speaker's or all, near-duplicates left out or kept), and the
functions here turn the matrix into the tables the notebook shows and the figures draw:

* :func:`frequency_data`: paragraphs coded with each theme, per voice (figure
  ``speech-themes-frequency``: theme_id, label, voice, paragraphs, dedupe);
* :func:`heatmap_data`: every paragraph of the speaker x every theme (figure
  ``speech-themes-by-paragraph``: paragraph, role, voice, duplicate_of, theme_id, present);
* :func:`cooccurrence_data`: theme x theme paragraph counts (figure
  ``speech-themes-cooccurrence``: theme_a, theme_b, paragraphs).

A near-duplicate is a paragraph that repeats a run of at least five words of an earlier one
(:mod:`analysis.duplicates`); with ``dedupe`` it is left out of counts, so a sentence the
report prints twice is counted once.

Usage::

    >>> from analysis import data, duplicates, text, themes, theme_tables
    >>> pkg = data.load_package()
    >>> sid = pkg.default_source
    >>> paragraphs = text.paragraph_table(pkg, sid)
    >>> corpus = text.as_corpus(paragraphs, sid)
    >>> near = duplicates.near_duplicates(corpus, pkg.codebook, paragraphs=duplicates.content_paragraphs(paragraphs))
    >>> reading = theme_tables.reading(paragraphs, near, speaker="all", dedupe=True)
    >>> reading.duplicates
    [(6, 4), (7, 5)]
    >>> matrix = themes.paragraph_theme_matrix(themes.code_corpus(corpus, pkg.codebook), corpus, pkg.codebook)
    >>> theme_tables.frequency_data(matrix, reading, pkg.codebook, "en")[["theme_id", "voice", "paragraphs"]].head(2)
               theme_id            voice  paragraphs
    0  intl_cooperation  reported_speech           7
    1  intl_cooperation           agency           5
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis import duplicates, themes
from analysis.labels import check_lang

if TYPE_CHECKING:
    import pandas as pd

    from analysis.codebook import Codebook
    from analysis.data import Package

#: The ``speaker`` value that selects every paragraph.
ALL = "all"
#: Voices (:func:`analysis.text.paragraph_table`) in the order of table columns: the speech first, as the question is
#: about the speech. The figures' legends use the same order (:data:`analysis.plots.voices.VOICES`, a test keeps the
#: two equal): analyses cannot import the figure floor.
VOICES = ("reported_speech", "own_words", "agency")


# ---------------------------------------------------------------- the reading


def speakers(paragraphs: pd.DataFrame) -> list[str]:
    """The values ``speaker`` may take for these paragraphs: 'all', then each speaker's actor_id."""
    return [ALL, *sorted(set(paragraphs["speaker"].dropna().astype(str)))]


def check_speaker(speaker: str, paragraphs: pd.DataFrame) -> str:
    """``speaker`` when it is 'all' or a speaker of the paragraph table; ValueError naming the allowed values."""
    allowed = speakers(paragraphs)
    if not isinstance(speaker, str) or speaker not in allowed:
        raise ValueError(f"speaker {speaker!r} is not allowed: use one of {', '.join(repr(s) for s in allowed)}")
    return speaker


def paragraph_frame(paragraphs: pd.DataFrame, near_dups: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: paragraph, role, speaker, voice, duplicate_of (<NA> when none), text."""
    flagged = duplicates.flag_duplicates(paragraphs, near_dups)
    return flagged[["paragraph", "role", "speaker", "voice", "duplicate_of", "text"]]


def select(frame: pd.DataFrame, speaker: str = ALL, dedupe: bool = True) -> pd.DataFrame:
    """The rows of :func:`paragraph_frame` a reading counts: one speaker's (or all), without
    near-duplicates when ``dedupe``, and never a salutation (a speech's greetings carry no theme)."""
    check_speaker(speaker, frame)
    keep = frame["role"] != "salutation"
    if speaker != ALL:
        keep &= frame["speaker"] == speaker
    if dedupe:
        keep &= frame["duplicate_of"].isna()
    return frame[keep.astype(bool)]


@dataclass(frozen=True, eq=False)
class Reading:
    """One reading of a source: its paragraphs (:func:`paragraph_frame`), the speaker whose
    paragraphs count ('all' for every paragraph), and whether near-duplicates are left out."""

    frame: pd.DataFrame
    speaker: str
    dedupe: bool

    def __post_init__(self) -> None:
        check_speaker(self.speaker, self.frame)

    @property
    def shown(self) -> pd.DataFrame:
        """The speaker's paragraphs, near-duplicates included (figures mark them rather than hide them)."""
        return select(self.frame, self.speaker, dedupe=False)

    @property
    def counted(self) -> pd.DataFrame:
        """The paragraphs the counts are made of."""
        return select(self.frame, self.speaker, self.dedupe)

    @property
    def counted_paragraphs(self) -> list[int]:
        return [int(p) for p in self.counted["paragraph"]]

    @property
    def duplicates(self) -> list[tuple[int, int]]:
        """``(paragraph, the paragraph it repeats)`` for the speaker's near-duplicates, in reading order."""
        dups = self.shown.dropna(subset=["duplicate_of"])
        return [(int(p), int(d)) for p, d in zip(dups["paragraph"], dups["duplicate_of"])]


def reading(paragraphs: pd.DataFrame, near_dups: pd.DataFrame, speaker: str = ALL, dedupe: bool = True) -> Reading:
    """The :class:`Reading` of a paragraph table (:func:`analysis.text.paragraph_table`) with its
    near-duplicates (:func:`analysis.duplicates.near_duplicates`); ValueError for an unknown speaker."""
    return Reading(paragraph_frame(paragraphs, near_dups), speaker, bool(dedupe))


def paragraph_overview(reading: Reading, near_dups: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """Every paragraph with its near-duplicate flags: :func:`paragraph_frame` plus ``longest_run``
    (<NA> for a paragraph not compared) and ``counted`` (in this reading's counts); the text cut
    at ``width`` characters."""
    frame = reading.frame
    longest = dict(zip(near_dups["paragraph"], near_dups["longest_run"]))
    cut = frame["text"].where(frame["text"].str.len() <= width, frame["text"].str.slice(0, width) + "…")
    return frame.assign(
        longest_run=frame["paragraph"].map(longest).astype("Int64"),
        counted=frame["paragraph"].isin(reading.counted["paragraph"]),
        text=cut,
    )


def voices_of(frame: pd.DataFrame) -> list[str]:
    """The voices present in ``frame``, in :data:`VOICES` order."""
    present = set(frame["voice"])
    return [v for v in VOICES if v in present]


# ---------------------------------------------------------------- the codebook


def theme_labels(codebook: Codebook, lang: str) -> dict[str, str]:
    """theme_id -> the codebook's label in ``lang``, in codebook order."""
    check_lang(lang)
    return {t.theme_id: t.label(lang) for t in codebook.themes}


def codebook_table(codebook: Codebook, lang: str = "en") -> pd.DataFrame:
    """theme_id, label (in ``lang``), definition (in ``lang``), patterns, exclusions."""
    import pandas as pd

    check_lang(lang)
    rows = [
        (
            t.theme_id,
            t.label(lang),
            t.definition_ar if lang == "ar" else t.definition_en,
            " | ".join(t.patterns),
            " | ".join(t.exclusions),
        )
        for t in codebook.themes
    ]
    return pd.DataFrame(rows, columns=["theme_id", "label", "definition", "patterns", "exclusions"])


def masked_names_table(codebook: Codebook) -> pd.DataFrame:
    """name_id, pattern (expressions, long form first), label_en, note."""
    import pandas as pd

    rows = [(m.name_id, " | ".join(m.patterns), m.label_en, m.note) for m in codebook.masked]
    return pd.DataFrame(rows, columns=["name_id", "pattern", "label_en", "note"])


# ---------------------------------------------------------------- what the figures draw


def _by_paragraph(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix indexed by paragraph number alone (one source)."""
    import pandas as pd

    if isinstance(matrix.index, pd.MultiIndex):
        sources = matrix.index.get_level_values("source_id").unique()
        if len(sources) > 1:
            raise ValueError(f"matrix covers {len(sources)} sources: select one first")
        matrix = matrix.droplevel("source_id")
    out = (matrix > 0).astype("int64")
    out.index = out.index.astype("int64")
    return out


def _rows(matrix: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    m = _by_paragraph(matrix)
    missing = sorted(set(rows["paragraph"]) - set(m.index))
    if missing:
        raise ValueError(f"paragraph(s) {missing} are not in the theme matrix")
    return m.loc[rows["paragraph"].to_numpy()]


def frequency_data(matrix: pd.DataFrame, reading: Reading, codebook: Codebook, lang: str = "en") -> pd.DataFrame:
    """theme_id, label, voice, paragraphs, dedupe: paragraphs coded with each theme per voice,
    over the paragraphs the reading counts; voices with no counted paragraph are left out.

    Themes are ordered by their total count (largest first; ties in codebook order).
    """
    import pandas as pd

    labels = theme_labels(codebook, lang)
    rows = reading.counted
    m = _rows(matrix, rows)
    voices = voices_of(rows)
    sums = {v: m[(rows["voice"] == v).to_numpy()].sum() for v in voices}
    total = m.sum()
    order = sorted(labels, key=lambda t: (-int(total.get(t, 0)), list(labels).index(t)))
    out = pd.DataFrame(
        [(t, labels[t], v, int(sums[v].get(t, 0)), reading.dedupe) for t in order for v in voices],
        columns=["theme_id", "label", "voice", "paragraphs", "dedupe"],
    )
    return out.astype({"paragraphs": "int64", "dedupe": "bool"})


def frequency_table(matrix: pd.DataFrame, reading: Reading, codebook: Codebook, lang: str = "en") -> pd.DataFrame:
    """Paragraphs coded with each theme, by voice, with and without near-duplicates, over the
    reading's speaker (whatever its ``dedupe``: both counts side by side).

    Index (theme_id, label) in codebook order, then a last row ``paragraphs`` counting the
    paragraphs considered (the denominator). Columns (voice, duplicates): the source's voices,
    then ``total``; ``with`` counts every paragraph, ``without`` leaves near-duplicates out.
    """
    import pandas as pd

    labels = theme_labels(codebook, lang)
    voices = [*voices_of(reading.frame), "total"]
    data = {}
    for dedupe, key in ((False, "with"), (True, "without")):
        rows = select(reading.frame, reading.speaker, dedupe)
        m = _rows(matrix, rows)
        for v in voices:
            part = m[(rows["voice"] == v).to_numpy()] if v != "total" else m
            data[(v, key)] = [int(part[t].sum()) if t in part else 0 for t in labels] + [len(part)]
    columns = [(v, key) for v in voices for key in ("with", "without")]
    index = pd.MultiIndex.from_tuples(
        [*labels.items(), ("paragraphs", "paragraphs considered")], names=["theme_id", "label"]
    )
    out = pd.DataFrame({c: data[c] for c in columns}, index=index)
    out.columns = pd.MultiIndex.from_tuples(columns, names=["voice", "duplicates"])
    return out.astype("int64")


def heatmap_data(matrix: pd.DataFrame, reading: Reading, codebook: Codebook) -> pd.DataFrame:
    """paragraph, role, voice, duplicate_of, theme_id, present: every paragraph of the speaker
    (near-duplicates included, they are marked, not hidden) x every theme, reading order."""
    import pandas as pd

    rows = reading.shown
    m = _rows(matrix, rows)
    ids = codebook.theme_ids
    recs = [
        (int(p), r, v, d, t, int(m.at[int(p), t]) if t in m.columns else 0)
        for p, r, v, d in zip(rows["paragraph"], rows["role"], rows["voice"], rows["duplicate_of"])
        for t in ids
    ]
    out = pd.DataFrame(recs, columns=["paragraph", "role", "voice", "duplicate_of", "theme_id", "present"])
    return out.astype(
        {"paragraph": "int64", "role": "str", "voice": "str", "duplicate_of": "Int64", "present": "int64"}
    )


def cooccurrence_data(matrix: pd.DataFrame, reading: Reading, codebook: Codebook) -> pd.DataFrame:
    """theme_a, theme_b, paragraphs: counted paragraphs coded with both themes (all pairs,
    codebook order; theme_a == theme_b gives the theme's own count)."""
    import pandas as pd

    m = _rows(matrix, reading.counted).reindex(columns=codebook.theme_ids, fill_value=0)
    co = themes.cooccurrence(m)
    ids = codebook.theme_ids
    out = pd.DataFrame(
        [(a, b, int(co.at[a, b])) for a in ids for b in ids], columns=["theme_a", "theme_b", "paragraphs"]
    )
    return out.astype({"paragraphs": "int64"})


# ---------------------------------------------------------------- the words behind the codes


def hits_in_context(
    hits: pd.DataFrame,
    corpus: pd.DataFrame,
    codebook: Codebook,
    lang: str = "en",
    *,
    paragraphs: Iterable[int] | None = None,
    window: int = 5,
    per_theme: int | None = 5,
) -> pd.DataFrame:
    """Keyword in context (:func:`analysis.themes.keyword_in_context`) of the coder's hits in the
    paragraphs of ``corpus``: theme_id, label, hit, hits, paragraph, sentence, pre, keyword, post.

    ``paragraphs``: the paragraph numbers to keep (default all). ``hit`` numbers a theme's hits
    in reading order (themes in codebook order) and ``hits`` is how many it has; with
    ``per_theme`` only the first hits of each theme are kept.
    """
    labels = theme_labels(codebook, lang)
    keep = hits["paragraph"].isin(list(corpus["paragraph"])) & hits["theme_id"].isin(list(labels))
    if paragraphs is not None:
        keep &= hits["paragraph"].isin(list(paragraphs))
    rank = {t: i for i, t in enumerate(labels)}
    h = hits[keep].assign(_rank=hits.loc[keep, "theme_id"].map(rank))
    h = h.sort_values(["_rank", "paragraph", "char_start"], kind="stable")
    h = h.assign(
        hit=h.groupby("_rank").cumcount().astype("int64") + 1,
        hits=h.groupby("_rank")["_rank"].transform("size").astype("int64"),
        label=h["theme_id"].map(labels).astype("str"),
    )
    if per_theme is not None:
        h = h[h["hit"] <= per_theme]
    out = themes.keyword_in_context(h.reset_index(drop=True), corpus, window)
    columns = ["theme_id", "label", "hit", "hits", "paragraph", "sentence", "pre", "keyword", "post"]
    return out[columns].astype({"paragraph": "int64", "sentence": "int64"})


# ---------------------------------------------------------------- against the hand coding


def hand_matrix(pkg: Package, source_id: str) -> pd.DataFrame:
    """The 0/1 paragraph x theme matrix of the hand coding of ``source_id`` (no rows when it has none)."""
    hand = pkg.hand_coding[pkg.hand_coding["source_id"] == source_id]
    return themes.hand_coding_matrix(hand, pkg.codebook)


def _no_hand_coding(source_id: str) -> pd.DataFrame:
    import pandas as pd

    note = (
        f"no hand coding of {source_id} in annotations/paragraph_themes.csv: the coder cannot be checked "
        "against it (code its paragraphs by hand to see the agreement here)"
    )
    return pd.DataFrame({"note": pd.array([note], dtype="string")})


def agreement_table(coder_matrix: pd.DataFrame, hand: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """:func:`analysis.themes.agreement` of the coder with the hand coding, or a one-line note when the
    source has no hand coding."""
    return themes.agreement(coder_matrix, hand) if len(hand) else _no_hand_coding(source_id)


def explained_disagreements(
    coder_matrix: pd.DataFrame, hand: pd.DataFrame, corpus: pd.DataFrame, hand_coding: pd.DataFrame
) -> pd.DataFrame:
    """:func:`analysis.themes.disagreements` with the hand coder's ``rationale_en`` for each paragraph
    (a one-line note when the source has no hand coding)."""
    if not len(hand):
        return _no_hand_coding(str(corpus["source_id"].iloc[0]) if len(corpus) else "this source")
    cells = themes.disagreements(coder_matrix, hand, corpus)
    return cells.merge(
        hand_coding[["source_id", "paragraph", "rationale_en"]], on=["source_id", "paragraph"], how="left"
    )
