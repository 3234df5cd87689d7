"""Every threshold of every stage, typed, named and documented in one place.

A threshold that decides a kind, a pair, an edit or a finding lives here and nowhere
else: stages take the dataclass of their stage (``Params.detect``, ``Params.align``,
``Params.glossary``) and never hold a literal cut-off of their own. ``Params`` is part of
``Options`` and of ``Result.signature`` (by value), so a result names the thresholds that
made it. ``benchmarks/tune.py`` fits the fitted ones with leave-one-set-out
cross-validation over the dev sets; its docstring lists which.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Shared:
    """Word-frequency bands shared by every stage (wordfreq's zipf scale: 3 = once per
    million words)."""

    common_zipf: float = 3.0
    """An English word at least this frequent is ordinary English: never pinyin, never a
    glossary 'wrong form' on its own."""
    attested_zipf: float = 1.0
    """An English word at least this frequent is attested English (rare, but a word)."""


def describe(obj: object) -> str:
    """``name=value`` of every field, for a signature."""
    return ",".join(f"{f.name}={getattr(obj, f.name)!r}" for f in fields(obj))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Glossary:
    """Thresholds of the glossary step (``glossary.py``): when an edit may be made at all."""

    fluent_kinds: tuple[str, ...] = ("native", "interpretation", "vendor")
    """Segment kinds of fluent English. There, the pinyin, suffix and fuzzy rules need a sign
    that the text is machine or speech-recogniser output (text with no segments counts too)."""
    english_zipf: float = 3.0
    """A word at least this frequent (wordfreq zipf) is a word English has: a match made
    only of such words is fluent English, not garble."""
    garble_zipf: float = 1.0
    """A romanised (pinyin-shaped) word rarer than this is garble: a sign of machine output."""
    evidence_chars: int = 300
    """The sentence around a match, at most this many characters on each side, is searched
    for a sign of machine output (romanised garble, or the lower-case 'i' a recogniser leaves)."""
    name_sound_confidence: float = 0.6
    """Confidence (medium) of a listed name with one word misheard: a person's by one sound
    ('Brian Wu' for 'Brian Gu'), an organisation's first or last word by spelling."""
    name_word_ratio: float = 65.0
    """An organisation's misheard word: the words heard in its place (same first letter) come
    at least this close (rapidfuzz ratio) to the listed word ('piece on' for 'Piacente': 67)."""
    person_word_min: int = 4
    """A name word that is not one pinyin syllable is 'one sound off' only at one letter's
    edit distance and at least this long ('Stanly' for 'Stanley', never 'Li' for 'Lu')."""


GLOSSARY = Glossary()
