"""Text helpers every part of the glossary shares: tokens, keys of forms, word frequencies,
folding (tone marks, Traditional characters)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Generic, Protocol, TypeVar

import regex

LEGAL_SUFFIXES = frozenset(
    "group holdings holding inc incorporated ltd limited corporation corp co company plc technology technologies".split()
)
"""Words a company's legal or full name adds to its short name ("<Name> Group", "<Name> Holdings
Inc."): such a name reads as a correct form of the short one and is never rewritten."""

_TONES = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ",
    "aaaaeeeeiiiioooouuuuuuuuAAAAEEEEIIIIOOOOUUUUUUUU",
)
_TONED = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ]")
_LATIN = "A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff"
"""Latin letters and digits, spelled out for the stdlib ``re`` (several times faster here)."""
_TOKEN = re.compile(f"[{_LATIN}][{_LATIN}'’]*")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_LATIN_CHAR = re.compile(f"[{_LATIN}]")
_HAN_CHAR = regex.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = regex.compile(_HAN_CHAR.pattern + "+")
_AFTER_FIRST = f"(?<![{_LATIN}'’].)"
"""Put after a word's first letter: no letter before the word. There, and not in front, it
lets ``re`` scan for the first letters in C (several times faster than a lookbehind first)."""
_CAPS = re.compile(f"[A-Z]{_AFTER_FIRST}[A-Z]+(?![{_LATIN}'’])")


def _whole_words(words: Iterable[str], prefixes: bool = False) -> re.Pattern[str]:
    """One regex for whole lower-case ``words``, or words starting with them (fast to scan)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    alts = (f"{re.escape(c)}{_AFTER_FIRST}(?:{'|'.join(rest)})" for c, rest in groups.items())
    return re.compile("(?:" + "|".join(alts) + ")" + ("" if prefixes else f"(?![{_LATIN}'’])"))


_NAME_GAP = regex.compile(r"[\s\-]{1,2}")
"""What may separate the words of one name."""
_WORDS = regex.compile(r"[\p{L}\p{N}'’]+")
_DIGITS = regex.compile(r"\d+")
_SEPS = re.compile(r"[\s\-‐–]+")
_SEPS_OPT = re.compile(r"[\s\-‐'’]")
_SEP_REQ, _SEP_OPT = "\x01", "\x02"
_SEP_PATTERN = {_SEP_REQ: r"[\s\-‐–]+", _SEP_OPT: r"[\s\-‐'’]?"}


def _words_key(form: str) -> str:
    return " ".join(_WORDS.findall(form.lower().replace("’", "'")))


_KEY_SPLIT = regex.compile(r"[\s\-‐–]+")
"""Separators of a form's words (compiled once: ``regex.split(pattern, ...)`` per call costs
more than the split itself, 5 s of loading a 100,000-entry glossary)."""


def _key(form: str) -> str:
    return " ".join(_KEY_SPLIT.split(form.strip().lower()))


class _Converter(Protocol):
    """What is used of an ``opencc.OpenCC`` (opencc ships no type information)."""

    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _opencc(config: str) -> _Converter:
    import opencc

    converter: _Converter = opencc.OpenCC(config)
    return converter


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese (opencc ``t2s``)."""
    return _opencc("t2s").convert(text)


def _common(word: str, freq: Mapping[str, float], floor: float) -> bool:
    """Whether ``word`` is ordinary English: at least ``floor`` (a frequency, ``params.Glossary.common_zipf``)."""
    return freq.get(word.lower().replace("’", "'"), 0.0) >= floor


def _zipf_to_freq(zipf: float) -> float:
    return 10 ** (zipf - 9)


_POSSESSIVE = regex.compile(r"['’]s\b", regex.IGNORECASE)


def _drop_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text)


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text.lower())


def _only_adds_or_drops_words(before: str, after: str, english: Callable[[str], bool]) -> bool:
    """Whether one of the two is a run of the other's words and the rest are English words:
    the edit would only add a descriptive word to a right name ("Shenji" -> "Shenji chip")
    or drop one ("<Name> Group" -> "<Name>"). Dropping garble ("Mingda Jituan") is an edit."""
    b, a = _WORDS.findall(before.lower()), _WORDS.findall(after.lower())
    if not b or not a or len(b) == len(a):
        return False
    short, long = (b, a) if len(b) < len(a) else (a, b)
    for i in range(len(long) - len(short) + 1):
        if long[i : i + len(short)] == short:
            return all(english(w) for w in (*long[:i], *long[i + len(short) :]))
    return False


_V = TypeVar("_V")


class _Lazy(Generic[_V]):
    """A list whose items are computed on first use (per-token facts most rules never need)."""

    def __init__(self, fn: Callable[[int], _V]) -> None:
        self.fn = fn
        self.cache: dict[int, _V] = {}

    def __getitem__(self, k: int) -> _V:
        try:
            return self.cache[k]
        except KeyError:
            val = self.cache[k] = self.fn(k)
            return val


@lru_cache(maxsize=4)
def _common_words(threshold: float) -> frozenset[str]:
    """English words at least this frequent (wordfreq), as a set: one lookup per token."""
    from ..features import english_frequencies

    freqs = english_frequencies()
    at_least = getattr(freqs, "at_least", None)  # a table on disk answers without a scan of every word
    if at_least is not None:
        return frozenset(at_least(threshold))
    return frozenset(w for w, f in freqs.items() if f >= threshold)


def _fold(text: str) -> str:
    """``text`` with tone marks dropped and Traditional characters made Simplified, same length."""
    folded = text.translate(_TONES) if _TONED.search(text) else text
    if to_simplified(folded) == folded:  # no Traditional characters: the usual case, one call in C
        return folded
    runs = list(_HAN_RUN.finditer(folded))
    converted = to_simplified("\n".join(m.group() for m in runs)).split("\n")
    if len(converted) != len(runs):
        return folded
    parts, pos = [], 0
    for m, c in zip(runs, converted, strict=True):
        parts.append(folded[pos : m.start()])
        parts.append(c if len(c) == len(m.group()) else m.group())
        pos = m.end()
    parts.append(folded[pos:])
    return "".join(parts)
