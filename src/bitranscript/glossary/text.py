"""Text helpers every part of the glossary shares: tokens, keys of forms, word frequencies,
folding (tone marks, Traditional characters)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import regex

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LEGAL_SUFFIXES = frozenset(
    "group holdings holding inc incorporated ltd limited corporation corp co company plc technology technologies".split()
)
"""Words a company's legal or full name adds to its short name ("<Name> Group", "<Name> Holdings
Inc."): such a name reads as a correct form of the short one and is never rewritten."""

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛ"
"""Vowels with tone marks: looked for one by one (``in``: a fast search in C each), three times
faster than a regex of them over a long text."""
_TONES = str.maketrans(_TONED, "aaaaeeeeiiiioooouuuuuuuuAAAAEEEEIIIIOOOOUUUUUUUU")
_LATIN = "A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff"
"""Latin letters and digits, spelled out for the stdlib ``re`` (several times faster here)."""
_TOKEN = re.compile(f"[{_LATIN}][{_LATIN}'’]*")


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Han characters: the CJK ideographs, extension A and the compatibility ones."""


@lru_cache(maxsize=2)
def _class_table(ranges: str) -> NDArray[np.bool_]:
    """Per character of the Basic Multilingual Plane: whether it is in the class ``ranges``
    (``_LATIN``, ``_HAN``: ranges only, all in that plane)."""
    import numpy as np

    pairs = re.findall("(.)-(.)", ranges)
    assert "".join(f"{low}-{high}" for low, high in pairs) == ranges
    table = np.zeros(0x10000, dtype=bool)
    for low, high in pairs:
        table[ord(low) : ord(high) + 1] = True
    return table


def char_codes(text: str) -> NDArray[np.uint32]:
    """The code points of ``text`` (lone surrogates too), for ``token_spans`` and ``han_runs``."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def token_spans(codes: NDArray[np.uint32]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """The starts and ends of the matches of ``_TOKEN`` in the text of ``codes`` (``char_codes``),
    in order, and for each whether an apostrophe stands right before it ("'CEO": no word to
    ``_AFTER_FIRST``).

    Read off the characters in C (numpy): a regex split made a string and an offset object
    for every token and every gap between two. A token is a run of characters each of which
    is a Latin letter, or an apostrophe after one (through more apostrophes)."""
    import numpy as np

    letter = _class_table(_LATIN)[np.minimum(codes, 0xFFFF)]
    inside = letter.copy()
    apostrophes = np.flatnonzero((codes == 0x27) | (codes == 0x2019))
    if len(apostrophes):
        first = np.ones(len(apostrophes), dtype=bool)  # the first apostrophe of each run of them
        first[1:] = apostrophes[1:] != apostrophes[:-1] + 1
        run = apostrophes[first][np.cumsum(first) - 1]  # for each apostrophe, where its run starts
        inside[apostrophes] = (run > 0) & letter[run - 1]
    starts, ends = _runs(inside)
    before = codes[starts - 1]  # (for a token at 0, the last character: ruled out below)
    return starts, ends, ((before == 0x27) | (before == 0x2019)) & (starts > 0)


def han_runs(text: str, codes: NDArray[np.uint32]) -> list[str]:
    """The runs of Han characters in ``text`` (``codes``: its ``char_codes``), in order: what
    ``index.han_keys`` reads, without another pass of a regex over the text."""
    import numpy as np

    starts, ends = _runs(_class_table(_HAN)[np.minimum(codes, 0xFFFF)])
    return [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


def _runs(flags: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The starts and ends of the runs of true ``flags``."""
    import numpy as np

    edges = np.diff(flags.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1).astype(np.int64), np.flatnonzero(edges == -1).astype(np.int64)


_LATIN_CHAR = re.compile(f"[{_LATIN}]")
_HAN_CHAR = regex.compile(f"[{_HAN}]")
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
    if "'" not in text and "’" not in text:  # no possessive: no regex pass
        return text
    return _POSSESSIVE.sub("", text)


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text.lower())


def _only_adds_or_drops_words(
    before: str, after: str, english: Callable[[str], bool], before_words: Sequence[str] | None = None
) -> bool:
    """Whether one of the two is a run of the other's words and the rest are English words:
    the edit would only add a descriptive word to a right name ("Shenji" -> "Shenji chip")
    or drop one ("<Name> Group" -> "<Name>"). Dropping garble ("Mingda Jituan") is an edit.
    ``before_words``: ``_WORDS`` of ``before`` in lower case, where the caller has them."""
    b = tuple(_WORDS.findall(before.lower()) if before_words is None else before_words)
    a = _lowered_words(after)
    if not b or not a or len(b) == len(a):
        return False
    short, long = (b, a) if len(b) < len(a) else (a, b)
    for i in range(len(long) - len(short) + 1):
        if long[i : i + len(short)] == short:
            return all(english(w) for w in (*long[:i], *long[i + len(short) :]))
    return False


@lru_cache(maxsize=4096)
def _lowered_words(form: str) -> tuple[str, ...]:
    """``_WORDS`` of ``form`` in lower case: what an edit writes is a glossary form, so this is
    worked out once per form, not once per edit."""
    return tuple(_WORDS.findall(form.lower()))


@lru_cache(maxsize=4096)
def _form_letters(form: str) -> str:
    """``_letters`` of a glossary form (what an edit writes), once per form."""
    return _letters(form)


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
    folded = text.translate(_TONES) if any(c in text for c in _TONED) else text
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
