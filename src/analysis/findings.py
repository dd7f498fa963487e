"""What the analyses found, in four English sentences: the paragraph that opens the README.

Every number and name in the sentences is computed here from the package: the stage the source
reports on and the process's other stages (``stages.csv``, through :func:`analysis.timeline.stage_frame`);
the themes of the reported speech in the hand coding (``annotations/paragraph_themes.csv``), with the
near-duplicates left out as notebook 01 counts them and beside the automatic coder; the participation
figures the source states for its stage, and what other sources say of the same stage
(``participation.csv``). Names come from ``actors.csv``, ``labels.csv`` and the codebook. Nothing is
typed in: a change in the data changes the sentences, and ``tests/test_findings.py`` then fails until the
README's block (between :data:`START` and :data:`END`) is refreshed from ``python -m analysis findings``.

Usage::

    >>> from analysis import data, findings
    >>> pkg = data.load_package()
    >>> facts = findings.speech_facts(pkg, pkg.default_source)
    >>> facts["theme_id"], facts["hand"], facts["paragraphs"], facts["coder"]
    ('intl_cooperation', 9, 10, 9)
    >>> findings.stage_facts(pkg, pkg.default_source)["first_outside"]
    True
    >>> len(findings.sentences(pkg))
    4
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from analysis import duplicates, participation, text, theme_tables, themes, timeline
from analysis.bounds import describe

if TYPE_CHECKING:
    import pandas as pd

    from analysis.data import Package

#: The markers around the findings paragraph in README.md.
START = "<!-- findings:start -->"
END = "<!-- findings:end -->"
#: Line width of the paragraph as the README holds it.
WIDTH = 100
#: The voice (:func:`analysis.text.paragraph_table`) of reported speech.
SPEECH = "reported_speech"


# ---------------------------------------------------------------- words


def _missing(value) -> bool:
    """True for an empty cell (None, NA, NaN)."""
    return value is None or value != value or str(value) == "<NA>"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lower(label: str) -> str:
    """A label inside a sentence: 'Participants' -> 'participants', but 'UN specialised agencies' stays."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _dates(start, end, pkg: Package) -> str:
    """'4–5 November 2024', from the ``date_range.*`` templates of labels.csv."""
    if (start.year, start.month) != (end.year, end.month):
        return pkg.labels("date_range.months", "en").format(
            start=start.day, start_month=f"{start:%B}", end=end.day, end_month=f"{end:%B}", year=end.year
        )
    key = "date_range.day" if start == end else "date_range.days"
    return pkg.labels(key, "en").format(start=start.day, end=end.day, month=f"{start:%B}", year=start.year)


def _actor_name(pkg: Package, actor_id: str) -> str:
    names = dict(zip(pkg.actors["actor_id"], pkg.actors["name_en"]))
    return names.get(actor_id, actor_id)


# ---------------------------------------------------------------- the stage


def stage_facts(pkg: Package, source_id: str) -> dict | None:
    """The stage the source reports on among all the stages: its place, dates, rank, whether it is the first
    held outside the founding country, and where the stages before it met; None when it reports on no stage."""
    stage = pkg.source(source_id)["stage"]
    if stage is None:
        return None
    frame = timeline.stage_frame(pkg.stages, pkg.stage_organisers, pkg.actors, int(pkg.stages["end_date"].max().year))
    rank = int((frame["stage"] == stage).to_numpy().nonzero()[0][0])
    row, earlier = frame.iloc[rank], frame.iloc[:rank]
    process = pkg.actors.loc[pkg.actors["type"] == "process", "name_en"]
    return {
        "stage": int(stage),
        "rank": rank + 1,
        "stages": len(frame),
        "country": row["country_en"],
        "city": row["city_en"],
        "dates": _dates(row["start_date"], row["end_date"], pkg),
        "process": process.iloc[0] if len(process) else "Dushanbe process",
        "outside": bool(row["outside_tajikistan"]),
        "first_outside": bool(row["first_outside_tajikistan"]),
        "earlier": {city: [int(d.year) for d in g["start_date"]] for city, g in earlier.groupby("city_en", sort=False)},
    }


def stage_sentence(facts: dict) -> str:
    abroad = ""
    if facts["first_outside"]:
        abroad = f" and the first held outside {timeline.HOME_COUNTRY}"
    elif facts["outside"]:
        abroad = f" and held outside {timeline.HOME_COUNTRY}"
    out = (
        f"The {facts['country']} stage of the {facts['process']} ({facts['city']}, {facts['dates']}) is the "
        f"{_ordinal(facts['rank'])} of its {facts['stages']} stages in the data{abroad}"
    )
    before = sum(len(years) for years in facts["earlier"].values())
    if not before:
        return out + "."
    places = [f"{city} in {_join([str(y) for y in years])}" for city, years in facts["earlier"].items()]
    them = "the one before it" if before == 1 else f"the {before} before it"
    return out + f": {them} met in {_join(places)}."


# ---------------------------------------------------------------- the speech


def speech_facts(pkg: Package, source_id: str) -> dict | None:
    """The theme most paragraphs of the main speaker's reported speech carry in the hand coding: how many
    carry it, with and without near-duplicates, the runner-up, and how many the automatic coder codes with it.
    None when the source has no reported speech or no hand coding."""
    paras = text.paragraph_table(pkg, source_id)
    speech = paras[paras["voice"] == SPEECH]
    hand = pkg.hand_coding[pkg.hand_coding["source_id"] == source_id]
    if speech.empty or hand.empty:
        return None
    speaker = str(speech["speaker"].value_counts().index[0])
    numbers = [int(p) for p in speech.loc[speech["speaker"] == speaker, "paragraph"]]
    coded = {int(p): set(t) for p, t in zip(hand["paragraph"], hand["themes"])}
    ranked = sorted(
        pkg.codebook.theme_ids,
        key=lambda t: (-sum(t in coded.get(p, ()) for p in numbers), pkg.codebook.theme_ids.index(t)),
    )
    top, runner_up = ranked[0], ranked[1]
    with_top = {p for p in numbers if top in coded.get(p, ())}
    corpus = text.as_corpus(paras, source_id)
    near = duplicates.near_duplicates(corpus, pkg.codebook, paragraphs=duplicates.content_paragraphs(paras))
    counted = set(theme_tables.reading(paras, near, speaker, dedupe=True).counted_paragraphs) & set(numbers)
    matrix = themes.paragraph_theme_matrix(themes.code_corpus(corpus, pkg.codebook), corpus, pkg.codebook)
    by_coder = {p for p in numbers if matrix.at[(source_id, p), top]}
    labels = dict(zip(pkg.themes["theme_id"], pkg.themes["label_en"]))
    return {
        "source": pkg.labels.source(pkg.source(source_id), "en"),
        "speaker": _actor_name(pkg, speaker),
        "paragraphs": len(numbers),
        "theme_id": top,
        "theme": _lower(labels[top]),
        "hand": len(with_top),
        "counted": len(counted),
        "hand_counted": len(with_top & counted),
        "runner_up": _lower(labels[runner_up]),
        "runner_up_hand": sum(runner_up in coded.get(p, ()) for p in numbers),
        "coder": len(by_coder),
        "coder_agrees": by_coder == with_top,
    }


def speech_sentence(facts: dict) -> str:
    n, k = facts["paragraphs"], facts["hand"]
    verb = "carries" if k == 1 else "carry"
    out = (
        f"In the {facts['source']}, {k} of the {n} paragraphs of {facts['speaker']}'s reported speech {verb} "
        f"the {facts['theme']} theme in the hand coding"
    )
    left_out = n - facts["counted"]
    if left_out:
        dups = "near-duplicate paragraph" if left_out == 1 else f"{left_out} near-duplicate paragraphs"
        out += f" ({facts['hand_counted']} of {facts['counted']} with the {dups} left out)"
    if facts["runner_up_hand"] == k:
        out += f", as many as {facts['runner_up']}"
    else:
        out += f", more than any other theme (next: {facts['runner_up']}, {facts['runner_up_hand']})"
    coder = f"the same {k}" if facts["coder_agrees"] else f"{facts['coder']} of the {n}"
    return out + f", and the automatic theme coder codes it in {coder}."


# ---------------------------------------------------------------- participation


def _figure(row: dict, pkg: Package, who: bool = False) -> str:
    """'more than 450 participants', '“several hundred” participants (UNRCCA)' with ``who``."""
    what = _lower(pkg.labels(f"category.{row['category']}", "en"))
    if _missing(row["count"]):
        phrase = pkg.labels.get(f"phrase.{row['evidence']}", "en", f"“{row['evidence']}”")
        shown = f"{phrase} {what}"
    else:
        shown = f"{describe(row['count'], row['qualifier'])} {what}"
    return shown + (f" ({pkg.labels.actor(row['said_by'], 'en')})" if who else "")


def participation_rows(pkg: Package, source_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The figures the source states in its body for its stage (all its figures when it has no body rows), and
    the other sources' figures for the same stage, in the order of :data:`analysis.participation.CATEGORIES`
    (in a category, figures with a number first)."""
    stage = pkg.source(source_id)["stage"]
    table = pkg.participation
    if stage is None:
        return table.iloc[0:0], table.iloc[0:0]
    own = participation.composition(pkg, source_id, stage)
    own = own[own["location"] == "body"] if (own["location"] == "body").any() else own
    others = table[(table["stage"] == stage) & (table["source_id"] != source_id)]
    keys = {"_category": others["category"].map(participation.CATEGORIES.index), "_unstated": others["count"].isna()}
    others = others.assign(**keys).sort_values([*keys, "figure_id"], kind="stable").drop(columns=list(keys))
    return own, others


def _key(row: dict) -> tuple:
    """What makes two statements the same figure: category, number (None when not stated) and qualifier."""
    return row["category"], None if _missing(row["count"]) else int(row["count"]), row["qualifier"]


def participation_sentences(pkg: Package, source_id: str) -> list[str]:
    """What the source counts for its stage (the total, its parts, the other figures, what it names without a
    number), then what the other sources repeat of it and what else they give; [] when it counts nothing."""
    own, others = participation_rows(pkg, source_id)
    records = own.to_dict("records")
    totals = [i for i, r in enumerate(records) if r["category"] == "participants" and not _missing(r["count"])]
    total = totals[0] if totals else None
    parts = [i for i, r in enumerate(records) if total is not None and participation.PART_OF.get(r["category"])]
    rest = [r for i, r in enumerate(records) if i != total and i not in parts]
    stated = [_figure(r, pkg) for r in rest if not _missing(r["count"])]
    unstated = [_lower(pkg.labels(f"category.{r['category']}", "en")) for r in rest if _missing(r["count"])]
    name = pkg.labels.source(pkg.source(source_id), "en", "short")
    if total is not None:
        counted = _figure(records[total], pkg) + " at the stage"
        counted += ", among them " + _join([_figure(records[i], pkg) for i in parts]) if parts else ""
        counted += ", with " + _join(stated) if stated else ""
    elif stated:
        counted = _join(stated) + " at the stage"
    elif unstated:
        return [f"The {name} names {_join(unstated)} at the stage, without a number."]
    else:
        return []
    tail = f"; it names {_join(unstated)} too, without a number." if unstated else "."
    out = [f"The {name} counts {counted}{tail}"]
    mine = {_key(r) for r in records if not _missing(r["count"])}
    theirs = others.to_dict("records")
    repeated = len({r["category"] for r in theirs if _key(r) in mine})
    given = [_figure(r, pkg, who=True) for r in theirs if _key(r) not in mine]
    if given:
        head = f"Other sources repeat {repeated} of these figures and give" if repeated else "Other sources give"
        out.append(f"{head} {_join(given)}.")
    elif repeated:
        out.append(f"Other sources repeat {repeated} of these figures.")
    return out


# ---------------------------------------------------------------- the paragraph


def sentences(pkg: Package, source_id: str | None = None) -> list[str]:
    """The findings about ``source_id`` (default: the package's default source), one English sentence each:
    the stage, the speech's themes, the source's participation figures, and the other sources' figures."""
    source_id = source_id or pkg.default_source
    out = []
    stage = stage_facts(pkg, source_id)
    if stage:
        out.append(stage_sentence(stage))
    speech = speech_facts(pkg, source_id)
    if speech:
        out.append(speech_sentence(speech))
    return out + participation_sentences(pkg, source_id)


def paragraph(pkg: Package, source_id: str | None = None) -> str:
    """The findings as the README holds them: one paragraph wrapped at :data:`WIDTH` characters."""
    return textwrap.fill(" ".join(sentences(pkg, source_id)), WIDTH, break_on_hyphens=False, break_long_words=False)


def readme_block(readme: str) -> str:
    """The text between :data:`START` and :data:`END` in a README, without the lines of the markers;
    ValueError when the markers are missing or out of order."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README needs {START} and, after it, {END}")
    return readme[start + len(START) : end].strip("\n")
