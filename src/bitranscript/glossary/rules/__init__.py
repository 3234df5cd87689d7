"""The glossary's rules, in the order they run: each finds its matches in the text and
claims their characters, so a later rule never takes what an earlier one matched.

A rule is a small module with one ``find``-like function of the :class:`~..match.Finder`;
its thresholds are fields of :class:`bitranscript.params.Glossary`. ``CONFIDENCE`` gives
each kind of edit a rule makes (the ``rule`` of an ``Edit`` is ``glossary:<kind>``) its
confidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import acronym, compound, fuzzy, issuer, literal, names, pinyin, titles, transfer

if TYPE_CHECKING:
    from ..entries import Match
    from ..match import Finder

CONFIDENCE = {
    "canonical": 1.0,
    "variant": 0.95,
    "chinese": 0.9,
    "pinyin": 0.9,
    "pinyin-suffix": 0.85,
    "pinyin-confusable": 0.8,
    "fuzzy": 0.7,
    "pinyin-fuzzy": 0.6,
    "person-title": 0.6,
    "acronym": 0.6,
    "issuer": 0.6,
    "person-sound": 0.6,
    "name-sound": 0.6,
    "transfer-chinese": 0.7,
    "transfer-pinyin": 0.7,
    "transfer-homophone": 0.6,
    "transfer-initials": 0.6,
}
"""Confidence of each kind of edit: how sure an edit of that kind is (``clean --min-confidence``);
``person-sound`` and ``name-sound`` take ``params.Glossary.name_sound_confidence``, the
``transfer-*`` kinds ``params.Glossary.transfer_*_confidence`` (the defaults shown here)."""

GENERATED_RULES = frozenset(("pinyin", "pinyin-suffix", "pinyin-confusable", "pinyin-fuzzy", "fuzzy"))
"""Kinds that guess from sound or spelling: in fluent English they need a sign of machine output."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its name, its matcher, and the kinds of edit it makes."""

    name: str
    find: Callable[[Finder], list[Match]]
    makes: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    # before the literal claims: "Chat GBT" beats the variant "GBT"
    Rule("compound", compound.find, ("fuzzy",)),
    Rule("literal", literal.find, ("variant", "chinese", "pinyin", "pinyin-suffix")),
    Rule("person-sound", names.person_sound, ("person-sound",)),
    Rule("name-sound", names.name_sound, ("name-sound",)),
    Rule("pinyin", pinyin.find, ("pinyin-confusable", "pinyin-fuzzy")),
    Rule("fuzzy", fuzzy.find, ("fuzzy",)),
    Rule("acronym", acronym.find, ("acronym",)),
    # after every rule that reads the text alone: it takes only what they left
    Rule("transfer", transfer.find, transfer.KINDS),
    Rule("title", titles.titles, ("person-title",)),
    Rule("honorific", titles.honorifics, ("person-title",)),
    Rule("issuer", issuer.find, ("issuer",)),  # last: it counts the names every other rule found
)
"""The rules in the order they run."""
