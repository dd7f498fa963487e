"""Voice colours and legend names, shared by every figure that colours paragraphs by voice.

Usage::

    >>> import pandas as pd
    >>> from analysis import data
    >>> from analysis.plots.voices import voice_names
    >>> pkg = data.load_package()
    >>> paras = pd.DataFrame({"voice": ["reported_speech", "agency"], "speaker": ["emomali-rahmon", "kuna"]})
    >>> voice_names(paras, "en", pkg.labels)
    {'reported_speech': "Rahmon's reported speech", 'agency': 'Agency text (KUNA)'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.figures import COLOURS

if TYPE_CHECKING:
    import pandas as pd

    from analysis.labels import Labels

#: Voices in legend order, and their colours.
VOICES = ("reported_speech", "own_words", "agency")
VOICE_COLOUR = {"reported_speech": COLOURS["blue"], "own_words": COLOURS["green"], "agency": COLOURS["grey"]}
_SPEAKER_FIELD = {"reported_speech": "speaker", "own_words": "speaker", "agency": "agency"}


def voice_names(paragraphs: pd.DataFrame, lang: str, labels: Labels) -> dict[str, str]:
    """Legend name of each voice present: named after its speaker when one speaker has it all."""
    names = {}
    for voice in VOICES:
        speakers = sorted(set(paragraphs.loc[paragraphs["voice"] == voice, "speaker"].dropna()))
        if not (paragraphs["voice"] == voice).any():
            continue
        if len(speakers) == 1:
            who = labels.actor(speakers[0], lang)
            names[voice] = labels(f"voice.{voice}.named", lang).format(**{_SPEAKER_FIELD[voice]: who})
        else:
            names[voice] = labels(f"voice.{voice}", lang)
    return names
