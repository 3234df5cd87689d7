"""Entries and glossaries as data, and their validation: ``validate`` (one file),
``conflicts`` (between files) and ``lint`` (the warnings of ``glossary check``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..errors import InputError
from ..features import HAN
from ..params import Glossary as GlossaryParams
from .text import _WORDS, LEGAL_SUFFIXES, _key, _only_adds_or_drops_words, _words_key, _zipf_to_freq

SCOPES = ("general", "company")
CATEGORIES = ("company", "product", "person", "term", "org", "place")
ENTRY_KEYS = frozenset(
    "id en zh aliases variants category case_sensitive whole_word protect near unless_near followed_by kinds pinyin fuzzy title note".split()
)
HEADER_KEYS = frozenset("name scope triggers note".split())


@dataclass(frozen=True, slots=True)
class Entry:
    """One glossary entry: the canonical form and everything a transcript makes of it."""

    id: str
    en: str
    zh: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    """Other correct names ("Shenji" beside "Shenji chip"): matched like the canonical form, never rewritten."""
    variants: tuple[str, ...] = ()
    category: str = "term"
    case_sensitive: bool = False
    whole_word: bool = True
    protect: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    """Variant and fuzzy matches need one of these words nearby (``#number``: a figure)."""
    unless_near: tuple[str, ...] = ()
    """Variant and fuzzy matches are off where one of these words is nearby ("PPT" beside "slides")."""
    followed_by: tuple[str, ...] = ()
    """Variant and fuzzy matches need one of these words right after them."""
    kinds: tuple[str, ...] = ()
    """Variant and fuzzy matches only in segments of these kinds (empty: any)."""
    pinyin: bool = True
    fuzzy: bool = True
    title: str = ""
    """For persons: the title written before the family name ("Mr.", "Ms."), for "Zou total" -> "Mr. Zou"."""
    note: str = ""
    glossary: str = ""
    line: int = 0

    @property
    def conditional(self) -> bool:
        return bool(self.near or self.unless_near or self.followed_by or self.kinds)


@dataclass(frozen=True, slots=True)
class Glossary:
    """The entries of one file; a company glossary applies only when a trigger occurs."""

    name: str
    path: str
    entries: tuple[Entry, ...]
    scope: str = "general"
    triggers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Conflict:
    """One surface form claimed by two entries with different canonical forms."""

    form: str
    first: Entry
    second: Entry

    def __str__(self) -> str:
        return (
            f"{self.form!r}: {self.first.glossary} entry {self.first.id!r} -> {self.first.en!r}"
            f" vs {self.second.glossary} entry {self.second.id!r} -> {self.second.en!r} (the latter wins)"
        )


@dataclass(frozen=True, slots=True)
class Match:
    """A place where an entry matched, before it becomes an :class:`Edit`."""

    start: int
    end: int
    entry: Entry
    rule: str
    after: str
    reason: str = ""
    """How it was found, where the rule says more than its name (the edit's reason)."""


def make_entry(fields: dict[str, object], source: str, line: int = 0, index: int = 0) -> Entry:
    """An :class:`Entry` from a dict of fields (TOML table, importer row), validated."""
    return _entry(fields, source, line, index)


def _entry(item: object, source: str, line: int, index: int) -> Entry:
    where = f"line {line}" if line else f"entry {index + 1}"
    if not isinstance(item, dict):
        raise InputError("an entry must be a table", source=source, where=where)
    unknown = set(item) - ENTRY_KEYS
    if unknown:
        raise InputError(f"unknown entry key {sorted(unknown)[0]!r}", source=source, where=where)
    en = item.get("en")
    if not isinstance(en, str) or not en.strip():
        raise InputError("entry has no canonical form 'en'", source=source, where=where)
    en = en.strip()
    eid = item.get("id", _slug(en))
    if not isinstance(eid, str) or not eid:
        raise InputError("entry 'id' must be a non-empty string", source=source, where=where)
    where = f"{where}, entry {eid!r}"
    category = item.get("category", "term")
    if category not in CATEGORIES:
        raise InputError(f"category must be one of {', '.join(CATEGORIES)}", source=source, where=where)
    kinds = _strings(item.get("kinds", ()), source, where, "kinds")
    bad = [k for k in kinds if k not in _kinds()]
    if bad:
        raise InputError(f"unknown segment kind {bad[0]!r}", source=source, where=where)
    flags = {}
    for key, default in (("case_sensitive", False), ("whole_word", True), ("pinyin", True), ("fuzzy", True)):
        val = item.get(key, default)
        if not isinstance(val, bool):
            raise InputError(f"{key!r} must be true or false", source=source, where=where)
        flags[key] = val
    zh = _strings(item.get("zh", ()), source, where, "zh")
    if any(not HAN.search(z) for z in zh):
        raise InputError("'zh' forms must be written in Chinese characters", source=source, where=where)
    return Entry(
        id=eid,
        en=en,
        zh=zh,
        aliases=_strings(item.get("aliases", ()), source, where, "aliases"),
        variants=_strings(item.get("variants", ()), source, where, "variants"),
        category=category,
        protect=_strings(item.get("protect", ()), source, where, "protect"),
        near=_strings(item.get("near", ()), source, where, "near"),
        unless_near=_strings(item.get("unless_near", ()), source, where, "unless_near"),
        followed_by=tuple(w.lower() for w in _strings(item.get("followed_by", ()), source, where, "followed_by")),
        kinds=kinds,
        note=str(item.get("note", "")),
        title=str(item.get("title", "")),
        glossary=source,
        line=line,
        **flags,
    )


@lru_cache(maxsize=1)
def _kinds() -> frozenset[str]:
    from ..model import KINDS

    return frozenset(KINDS)


def _strings(val: object, source: str, where: str, key: str) -> tuple[str, ...]:
    if val == () or val == []:  # the key left out: most of them in most entries
        return ()
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in val):
        raise InputError(f"{key!r} must be a string or a list of non-empty strings", source=source, where=where)
    return tuple(v.strip() for v in val)


_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def _slug(text: str) -> str:
    return _NOT_WORD.sub("-", text.lower()).strip("-") or "entry"


def _where(e: Entry) -> str:
    return f"line {e.line}, entry {e.id!r}" if e.line else f"entry {e.id!r}"


def validate(glossary: Glossary) -> None:
    """Raise :class:`InputError` for duplicate ids and forms, or a variant that is a canonical form."""
    src = glossary.path
    ids: dict[str, Entry] = {}
    canon: dict[str, Entry] = {}
    for e in glossary.entries:
        if e.id in ids:
            raise InputError(f"duplicate entry id {e.id!r} (first at {_where(ids[e.id])})", source=src, where=_where(e))
        ids[e.id] = e
        key = _key(e.en)
        if key in canon:
            raise InputError(
                f"duplicate canonical form {e.en!r} (also {_where(canon[key])})", source=src, where=_where(e)
            )
        canon[key] = e
    for e in glossary.entries:
        for a in e.aliases:
            key = _key(a)
            if key in canon:
                raise InputError(
                    f"alias {a!r} is the canonical form or an alias of {_where(canon[key])}",
                    source=src,
                    where=_where(e),
                )
            canon[key] = e
    forms: dict[str, Entry] = {}
    for e in glossary.entries:
        for v in (*e.variants, *e.zh):
            k = _key(v)
            if k in canon and canon[k] is not e:
                raise InputError(
                    f"variant {v!r} is the canonical form or an alias of {_where(canon[k])}",
                    source=src,
                    where=_where(e),
                )
            if k == _key(e.en) or k in map(_key, e.aliases):
                raise InputError(
                    f"variant {v!r} equals the entry's own canonical form or alias", source=src, where=_where(e)
                )
            if k in forms and forms[k] is not e:
                raise InputError(
                    f"form {v!r} is claimed by two entries (also {_where(forms[k])})", source=src, where=_where(e)
                )
            forms[k] = e


def conflicts(glossaries: Sequence[Glossary]) -> list[Conflict]:
    """Forms (variants, Chinese forms, canonical forms) that two glossaries map differently."""
    seen: dict[str, Entry] = {}
    out: list[Conflict] = []
    for g in glossaries:
        for e in g.entries:
            for form in {_key(f) for f in (e.en, *e.aliases, *e.variants, *e.zh)}:
                prev = seen.get(form)
                if prev is not None and prev.en != e.en and prev.glossary != e.glossary:
                    out.append(Conflict(form, prev, e))
                seen[form] = e
    return out


def lint(glossaries: Sequence[Glossary], params: GlossaryParams = GlossaryParams()) -> list[str]:
    """Warnings for ``glossary check``: a variant that is itself correct text and would be
    rewritten wherever it is right.

    - a variant that reads as an English phrase (one word, or lower-case words; a
      capitalised run is a name) made only of ordinary English words (at least
      ``english_zipf``), with no condition (``near``, ``unless_near``, ``followed_by`` or
      ``kinds``);
    - a variant that is another entry's canonical form or alias, or that with legal-name
      words ("<Name> Group"), in any of ``glossaries``;
    - a variant that is a run of its own canonical form's words or the reverse ("Shenji"
      for "Shenji chip"): a right name with a descriptive word added or dropped.
    """
    from ..features import english_frequencies

    freq, floor = english_frequencies(), _zipf_to_freq(params.english_zipf)
    correct: dict[str, Entry] = {}
    for g in glossaries:
        for e in g.entries:
            for form in (e.en, *e.aliases):
                correct.setdefault(_words_key(form), e)
    out: list[str] = []
    for g in glossaries:
        for e in g.entries:
            for v in e.variants:
                if HAN.search(v):
                    continue
                words = _WORDS.findall(v.lower())
                why = ""
                key = _words_key(v)
                ws = key.split()
                while len(ws) > 1 and ws[-1] in LEGAL_SUFFIXES and " ".join(ws) not in correct:
                    ws.pop()
                other = correct.get(" ".join(ws)) or correct.get(key)
                if other is not None and other is not e and other.en != e.en:
                    why = f"is a correct form of {other.glossary} entry {other.id!r} ({other.en!r})"
                elif _only_adds_or_drops_words(v, e.en, lambda w: freq.get(w, 0.0) >= floor):
                    why = f"is the right name {e.en!r} with a descriptive word added or dropped"
                elif (
                    words
                    and not e.conditional
                    and (len(words) == 1 or v == v.lower())
                    and all(freq.get(w, 0.0) >= floor for w in words)
                ):
                    why = "is a correct English phrase: give it a condition (near, followed_by or kinds)"
                if why:
                    out.append(f"{g.path}: {_where(e)}: variant {v!r} {why}")
    return out
