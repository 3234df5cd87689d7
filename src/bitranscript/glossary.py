"""Glossary step: fix entity names and terms, including romanised and machine-translated forms.

A glossary (TOML, see ``docs/glossary.md``) lists entries: a canonical English form, its
Chinese forms, known wrong variants and conditions. From each entry the step *generates*
what a machine transcript makes of the name: the pinyin of the Chinese form with or
without spaces, hyphens, tones or capitals ("Jinshan Yun", "jinshanyun"), pinyin with an
English suffix ("Jinshan Cloud"), pinyin with the usual confusions of Mandarin speech
recognition (zh/z, sh/s, j/x, -ng/-n: "Xinshan", "Zhenwu") and near-misses of the
English form ("Kingsoft Club"). Each way of matching is a named rule with a confidence,
so every :class:`~bitranscript.model.Edit` can be explained.

Everything is compiled once per set of glossary files (cached on their paths and mtimes):
one trie-shaped regex for all literal forms, dictionaries for the pinyin keys, and one
rapidfuzz choice list, never one regex pass per entry.

English text is protected three ways: a variant that is an ordinary English phrase needs
its condition (``near``, ``followed_by`` or ``kinds``), a fuzzy match made only of common
English words needs one too, and company glossaries switch on only when the transcript
names their company.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from .errors import InputError
from .features import HAN, lower_in_place
from .model import Edit, Segment
from .params import Glossary as GlossaryParams

SCOPES = ("general", "company")
CATEGORIES = ("company", "product", "person", "term", "org", "place")
ENTRY_KEYS = frozenset(
    "id en zh aliases variants category case_sensitive whole_word protect near unless_near followed_by kinds pinyin fuzzy title note"
    .split()
)
HEADER_KEYS = frozenset("name scope triggers note".split())

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
}
"""Confidence of each rule: how sure an edit of that kind is (``clean --min-confidence``)."""

SUFFIXES = {"云": "cloud", "银行": "bank", "集团": "group", "科技": "technology", "汽车": "auto", "音乐": "music"}
"""Chinese name endings the machine often translates while it romanises the rest."""

LEGAL_SUFFIXES = frozenset(
    "group holdings holding inc incorporated ltd limited corporation corp co company plc technology technologies".split()
)
"""Words a company's legal or full name adds to its short name ("<Name> Group", "<Name> Holdings
Inc."): such a name reads as a correct form of the short one and is never rewritten."""
GENERATED_RULES = frozenset(("pinyin", "pinyin-suffix", "pinyin-confusable", "pinyin-fuzzy", "fuzzy"))
"""Rules that guess from sound or spelling: in fluent English they need a sign of machine output."""
TITLES = frozenset("mr mrs ms dr ceo cfo coo cto chairman chairwoman director president founder".split())
COMMON_ZIPF_FREQ = 1e-6
"""An English word at least this frequent (zipf 3) counts as ordinary English."""
NEAR_WINDOW = 40
"""Tokens on either side searched for an entry's ``near`` condition."""
SOURCE_KINDS = ("original", "chinese")

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
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN = re.compile(_HAN_CHAR.pattern + "+")
_AFTER_FIRST = f"(?<![{_LATIN}'’].)"
"""Put after a word's first letter: no letter before the word. There, and not in front, it
lets ``re`` scan for the first letters in C (several times faster than a lookbehind first)."""
_CAPS = re.compile(f"[A-Z]{_AFTER_FIRST}[A-Z]+(?![{_LATIN}'’])")


def _whole_words(words: Iterable[str], prefixes: bool = False) -> re.Pattern:
    """One regex for whole lower-case ``words``, or words starting with them (fast to scan)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    alts = (f"{re.escape(c)}{_AFTER_FIRST}(?:{'|'.join(rest)})" for c, rest in groups.items())
    return re.compile("(?:" + "|".join(alts) + ")" + ("" if prefixes else f"(?![{_LATIN}'’])"))


_TITLE_WORDS = _whole_words(TITLES)
_TOTAL = _whole_words(["total"])
"""These two are matched against the lower-cased text."""
_SUBJECT = r"(?P<x>\p{Lu}[\p{L}&-]*(?:[ \t]+[\p{L}&-]+){0,3}?)"
_QUARTER = (
    r"(?i:(?:['’]s[ \t]+|[ \t]+(?=(?:(?:first|second|third|fourth|fiscal|last|the)[ \t-]+){0,2}[\p{L}-]*quarter\b"
    r"|Q[1-4]\b))[^.!?\n]{0,60}?\b(?:earnings|results)[ \t]+)"
)
"""After the subject: its quarter, then the results."""
_ISSUER_SLOTS = (
    # "<Company>'s third quarter ... results (press) release is out": the IR opening
    (regex.compile(r"(?:^|(?<=[.!?][ \t]{1,3}))" + _SUBJECT + _QUARTER + r"(?i:(?:press[ \t]+)?release)", regex.M), "release"),
    # "Welcome to the <Company> third quarter ... earnings (conference) call": the operator's
    (regex.compile(r"(?i:\bwelcome (?:everyone |all )?to (?:the )?)" + _SUBJECT + _QUARTER + r"(?i:(?:conference[ \t]+)?call)"), "welcome"),
)
"""The two sentences of every call that name the issuer, with a word each holds (in lower
case): a slot is tried only within 200 characters of its word."""
_NOT_A_NAME = frozenset("our the this its their today hello welcome and we a an as please".split())
"""First words of a subject that is no name ("Our fourth quarter ... earnings release")."""
_STOP = regex.compile(r"[.;:!?]")
_NAME_GAP = regex.compile(r"[\s\-]{1,2}")
"""What may separate the words of one name."""
_TITLE_GAP = regex.compile(r"\.?\s{1,2}")
_WORDS = regex.compile(r"[\p{L}\p{N}'’]+")
_DIGITS = regex.compile(r"\d+")
_SEPS = re.compile(r"[\s\-‐–]+")
_SEPS_OPT = re.compile(r"[\s\-‐'’]")
_SEP_REQ, _SEP_OPT = "\x01", "\x02"
_SEP_PATTERN = {_SEP_REQ: r"[\s\-‐–]+", _SEP_OPT: r"[\s\-‐'’]?"}


# --------------------------------------------------------------------------- data


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


# --------------------------------------------------------------------------- loading


def shipped_dir() -> Path | None:
    """The shipped ``glossaries/`` folder: in the wheel, else beside ``src/`` (editable)."""
    from importlib import resources

    try:
        cand = resources.files("bitranscript") / "glossaries"
        if cand.is_dir():
            return Path(str(cand))
    except (ModuleNotFoundError, TypeError):
        pass
    repo = Path(__file__).resolve().parents[2] / "glossaries"
    return repo if repo.is_dir() else None


def shipped_paths() -> tuple[str, ...]:
    """Every shipped glossary file, the general one first."""
    d = shipped_dir()
    if d is None:
        return ()
    files = sorted(d.glob("*.toml"), key=lambda p: (p.stem != "general", p.stem))
    return tuple(str(p) for p in files)


def load(path: str | Path) -> Glossary:
    """Read and validate one glossary (TOML, or TSV/CSV/TBX through ``glossary_io``)."""
    p = Path(path)
    if p.suffix.lower() in (".tsv", ".csv", ".tbx"):
        from .glossary_io import import_file

        return import_file(p)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read glossary ({err.strerror})", source=str(p)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("glossary is not UTF-8", source=str(p), where=f"byte {err.start}") from None
    return parse_toml(text, str(p))


def parse_toml(text: str, source: str = "<glossary>") -> Glossary:
    """Parse glossary TOML ``text``; errors name ``source`` and the line or entry."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err).splitlines()[0]
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        where = f"line {m.group(1)}" if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise InputError(f"bad TOML: {msg}", source=source, where=where) from None
    header = doc.get("glossary", {})
    if not isinstance(header, dict):
        raise InputError("[glossary] must be a table", source=source)
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise InputError(f"unknown [glossary] key {sorted(unknown)[0]!r}", source=source)
    extra = set(doc) - {"glossary", "entry"}
    if extra:
        raise InputError(f"unknown top-level key {sorted(extra)[0]!r} (entries go in [[entry]] tables)", source=source)
    raw = doc.get("entry", [])
    if not isinstance(raw, list):
        raise InputError("'entry' must be an array of tables ([[entry]])", source=source)
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip().startswith("[[entry]]")]
    entries = [
        _entry(item, source, lines[i] if i < len(lines) else 0, i) for i, item in enumerate(raw)
    ]
    scope = header.get("scope", "general")
    if scope not in SCOPES:
        raise InputError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}", source=source)
    name = str(header.get("name") or Path(source).stem)
    triggers = _strings(header.get("triggers", ()), source, "[glossary]", "triggers")
    glossary = Glossary(name, source, tuple(entries), scope, triggers)
    validate(glossary)
    return glossary


def make_entry(fields: dict, source: str, line: int = 0, index: int = 0) -> Entry:
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
    from .model import KINDS

    bad = [k for k in kinds if k not in KINDS]
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


def _strings(val: object, source: str, where: str, key: str) -> tuple[str, ...]:
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in val):
        raise InputError(f"{key!r} must be a string or a list of non-empty strings", source=source, where=where)
    return tuple(v.strip() for v in val)


def _slug(text: str) -> str:
    return regex.sub(r"[^\p{L}\p{N}]+", "-", text.lower()).strip("-") or "entry"


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
                    f"alias {a!r} is the canonical form or an alias of {_where(canon[key])}", source=src, where=_where(e)
                )
            canon[key] = e
    forms: dict[str, Entry] = {}
    for e in glossary.entries:
        for v in (*e.variants, *e.zh):
            k = _key(v)
            if k in canon and canon[k] is not e:
                raise InputError(
                    f"variant {v!r} is the canonical form or an alias of {_where(canon[k])}", source=src, where=_where(e)
                )
            if k == _key(e.en) or k in map(_key, e.aliases):
                raise InputError(f"variant {v!r} equals the entry's own canonical form or alias", source=src, where=_where(e))
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
    from .features import english_frequencies

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
                    words and not e.conditional and (len(words) == 1 or v == v.lower())
                    and all(freq.get(w, 0.0) >= floor for w in words)
                ):
                    why = "is a correct English phrase: give it a condition (near, followed_by or kinds)"
                if why:
                    out.append(f"{g.path}: {_where(e)}: variant {v!r} {why}")
    return out


def _words_key(form: str) -> str:
    return " ".join(w.replace("’", "'") for w in _WORDS.findall(form.lower()))


def _key(form: str) -> str:
    return " ".join(regex.split(r"[\s\-‐–]+", form.strip().lower()))


# --------------------------------------------------------------------------- generated forms


@lru_cache(maxsize=8192)
def pinyin_of(zh: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of ``zh`` (Simplified first), by pypinyin's phrase dictionary."""
    from pypinyin import Style, lazy_pinyin

    syl = lazy_pinyin(to_simplified(zh), style=Style.NORMAL, errors="ignore")
    return tuple(s.replace("v", "u").replace("ü", "u") for s in syl if s.isascii() and s.isalpha())


@lru_cache(maxsize=8192)
def pinyin_readings(zh: str, limit: int = 8) -> tuple[tuple[str, ...], ...]:
    """Other readings of ``zh`` through its polyphonic characters (行 hang/xing), at most ``limit``.

    A recogniser that misses the phrase reads each character alone: 行业云 comes out
    as "Xingye Yun" as often as "Hangye Yun".
    """
    from itertools import product

    from pypinyin import Style, pinyin

    simp = to_simplified(zh)
    # Character by character: the phrase dictionary would give only the phrase's reading.
    per_char = [r for ch in simp for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")]
    options = [
        tuple(dict.fromkeys(r.replace("v", "u").replace("ü", "u") for r in rs if r.isascii() and r.isalpha()))[:3]
        for rs in per_char
    ]
    if not options or not all(options):
        return ()
    out = []
    for combo in product(*options):
        if combo != pinyin_of(simp):
            out.append(tuple(combo))
        if len(out) >= limit:
            break
    return tuple(out)


@lru_cache(maxsize=1)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional -> Simplified Chinese (opencc ``t2s``)."""
    return _opencc("t2s").convert(text)


_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w")
_INITIAL_MAP = {"zh": "z", "ch": "c", "sh": "s", "x": "j", "q": "j", "l": "n"}
_FINAL_MAP = {"ing": "in", "eng": "en", "ang": "an", "iang": "ian", "uang": "uan"}


@lru_cache(maxsize=16384)
def sound_key(syllable: str) -> str:
    """The syllable with the usual recognition confusions folded (zh/z, sh/s, j/x/q, -ng/-n, l/n)."""
    init = next((i for i in _INITIALS if syllable.startswith(i)), "")
    final = syllable[len(init) :]
    return _INITIAL_MAP.get(init, init) + _FINAL_MAP.get(final, final)


def _resplit(joined: str) -> tuple[str, ...] | None:
    from .features import pinyin_split

    return pinyin_split(joined)


def _common(word: str, freq: dict[str, float]) -> bool:
    return freq.get(word.lower().replace("’", "'"), 0.0) >= COMMON_ZIPF_FREQ


def _names(entry: Entry, form: str) -> bool:
    """Whether ``form`` is the entry's canonical form or an alias (no wrong form to generate)."""
    key = _key(form)
    return key == _key(entry.en) or any(key == _key(a) for a in entry.aliases)


def generated_forms(entry: Entry) -> list[tuple[str, str]]:
    """(rule, form) pairs the step matches literally for ``entry``, for ``glossary show``."""
    from .features import english_frequencies

    freq = english_frequencies()
    out: list[tuple[str, str]] = []
    if not entry.pinyin or entry.category == "person":
        return out
    for zh in entry.zh:
        syl = pinyin_of(zh)
        joined = "".join(syl)
        if len(syl) >= 2 and len(joined) >= 5 and not _common(joined, freq) and not _names(entry, joined):
            out.append(("pinyin", " ".join(s.capitalize() for s in syl)))
        simp = to_simplified(zh)
        for suffix, word in SUFFIXES.items():
            if simp.endswith(suffix) and len(simp) - len(suffix) >= 2:
                head = pinyin_of(simp[: -len(suffix)])
                if len(head) >= 2 and not _common("".join(head), freq) and not _names(entry, "".join(head)):
                    out.append(("pinyin-suffix", "".join(head).capitalize() + " " + word.capitalize()))
    return out


# --------------------------------------------------------------------------- compiling


@dataclass
class _Compiled:
    """Everything the matcher needs, built once per set of glossary files."""

    glossaries: tuple[Glossary, ...]
    latin: re.Pattern | None
    latin_cs: re.Pattern | None
    parts: tuple[tuple[re.Pattern, bool], ...]
    """Variants of ``whole_word = false`` entries, matched without word boundaries."""
    han: re.Pattern | None
    first: frozenset[str]
    """Lower-case first letters of the case-insensitive Latin forms (a cheap pre-check)."""
    first_cs: frozenset[str]
    literal: dict[tuple[str, bool], tuple[Entry, str]]
    """(normalised form, case sensitive) -> (entry, rule)."""
    sound: dict[tuple[str, ...], Entry]
    sound_suffix: dict[tuple[tuple[str, ...], str], Entry]
    sound_by_ends: dict[tuple[int, str, str], list[tuple[tuple[str, ...], Entry]]]
    fuzzy_choices: list[str]
    fuzzy_entries: list[Entry]
    acronyms: dict[int, list[tuple[str, Entry]]]
    compounds: dict[int, list[tuple[str, str, Entry]]]
    """acronym length -> (lower-case word, ACRONYM, entry) for names like ChatGPT."""
    """length -> (acronym, entry) for upper-case entries with a ``near`` condition."""
    surnames: dict[str, list[tuple[str, Entry]]]
    """sound key of a person's family name -> (English family name, entry)."""
    name_tokens: dict[str, frozenset[str]]
    """Word of a person, company or product name -> the glossaries naming it."""
    protect: frozenset[str]
    triggers: dict[tuple[str, bool], frozenset[str]]
    """Normalised trigger form (and whether case counts) -> company glossaries it switches on."""
    near: dict[str, regex.Pattern] = field(default_factory=dict)
    correct: dict[str, frozenset[str]] = field(default_factory=dict)
    """Key (``_key``) of every canonical form and alias -> the glossaries naming it: text that
    reads so is right, whatever rule matched it."""
    person_words: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    """Lower-case word of a listed person's name of two or more words -> (its place, entry)."""
    person_anchor: re.Pattern | None = None
    """Those words, capitalised, as one regex (a name is written with its capital)."""
    name_runs: dict[str, list[tuple[int, str, Entry]]] = field(default_factory=dict)
    """The rest of an organisation's name of three or more words, lower case, once its first
    or last word is taken away -> (-1: that word goes before, 1: after; the word; entry)."""
    name_anchor: re.Pattern | None = None
    """Those rests, as one regex over the lower-cased text."""


def _norm_form(form: str) -> str:
    """A literal form as the trie stores it: lower case, separators as one marker."""
    return _SEP_REQ.join(regex.split(r"[\s\-‐–]+", form.strip().lower()))


def _trie_regex(forms: Iterable[str], after_first: str = "") -> str:
    """One regex for many literal forms, shaped as a trie so each position is tried once.

    ``after_first`` goes right after each form's first character (see ``_AFTER_FIRST``).
    """
    trie: dict = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict, guard: str = "") -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = _SEP_PATTERN.get(ch, re.escape(ch))
            alts.append(piece + guard + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie, after_first)


def _compile(glossaries: tuple[Glossary, ...]) -> _Compiled:
    from .features import english_frequencies

    freq = english_frequencies()
    literal: dict[tuple[str, bool], tuple[Entry, str]] = {}
    latin_forms: dict[bool, set[str]] = {False: set(), True: set()}
    part_forms: dict[bool, set[str]] = {False: set(), True: set()}
    han_forms: set[str] = set()
    sound: dict[tuple[str, ...], Entry] = {}
    sound_suffix: dict[tuple[tuple[str, ...], str], Entry] = {}
    by_ends: dict[tuple[int, str, str], list[tuple[tuple[str, ...], Entry]]] = {}
    fuzzy_choices: list[str] = []
    fuzzy_entries: list[Entry] = []
    surnames: dict[str, list[tuple[str, Entry]]] = {}
    acronyms: dict[int, list[tuple[str, Entry]]] = {}
    compounds: dict[int, list[tuple[str, str, Entry]]] = {}
    name_tokens: dict[str, set[str]] = {}
    protect: set[str] = set()
    triggers: dict[tuple[str, bool], set[str]] = {}
    correct: dict[str, set[str]] = {}
    person_words: dict[str, list[tuple[int, Entry]]] = {}
    anchors: set[str] = set()
    name_runs: dict[str, list[tuple[int, str, Entry]]] = {}

    def add_latin(form: str, entry: Entry, rule: str, cs: bool) -> None:
        norm = _SEP_REQ.join(_SEPS.split(form.strip())) if cs else _norm_form(form)
        # whole_word = false: the variant may stand inside a longer word ("AcmeClownish").
        forms = latin_forms if entry.whole_word or rule != "variant" else part_forms
        forms[cs].add(norm)
        literal[(norm, cs)] = (entry, rule)

    def add_pinyin(syl: Sequence[str], entry: Entry) -> None:
        pattern = _SEP_OPT.join(syl)
        latin_forms[False].add(pattern)
        literal[("".join(syl), False)] = (entry, "pinyin")

    for g in glossaries:
        if g.scope == "company":
            trig = list(g.triggers) or [
                f for e in g.entries if e.category == "company" for f in (e.en, *e.zh)
            ]
            for t in trig:
                if HAN.search(t):
                    han_forms.add(to_simplified(t))
                    triggers.setdefault((to_simplified(t), False), set()).add(g.path)
                elif t.isupper() and len(t) <= 4:  # "NIO", "JD": only in capitals
                    latin_forms[True].add(t)
                    triggers.setdefault((t, True), set()).add(g.path)
                else:
                    latin_forms[False].add(_norm_form(t))
                    triggers.setdefault((_norm_form(t), False), set()).add(g.path)
        for e in g.entries:
            protect.update(p.lower() for p in e.protect)
            if e.near and e.en.isupper() and e.en.isalpha() and 2 <= len(e.en) <= 5:
                acronyms.setdefault(len(e.en), []).append((e.en, e))
            cm = regex.fullmatch(r"(\p{Lu}\p{Ll}{2,})(\p{Lu}{2,5})", e.en)
            if e.near and cm:
                compounds.setdefault(len(cm.group(2)), []).append((cm.group(1).lower(), cm.group(2), e))
            add_latin(e.en, e, "canonical", e.case_sensitive)
            for a in e.aliases:
                add_latin(a, e, "canonical", e.case_sensitive)
            for form in (e.en, *e.aliases):
                correct.setdefault(_words_key(form), set()).add(e.glossary)
            words = e.en.split()
            if e.category in ("org", "company") and len(words) >= 3 and all(w.isalpha() for w in words):
                for side, odd, rest in ((-1, words[0], words[1:]), (1, words[-1], words[:-1])):
                    if not _common(odd, freq):
                        name_runs.setdefault(" ".join(w.lower() for w in rest), []).append((side, odd, e))
            if e.category == "person" and len(words) >= 2 and all(w.isalpha() for w in words):
                for pos, w in enumerate(words):
                    person_words.setdefault(w.lower(), []).append((pos, e))
                    anchors.add(w)
            if e.category == "person":
                for t in e.en.split():
                    name_tokens.setdefault(t.lower(), set()).add(e.glossary)
            for v in e.variants:
                if HAN.search(v):
                    han_forms.add(to_simplified(v))
                    literal[(to_simplified(v), False)] = (e, "variant")
                else:
                    add_latin(v, e, "variant", e.case_sensitive)
            for zh in e.zh:
                simp = to_simplified(zh)
                han_forms.add(simp)
                literal[(simp, False)] = (e, "chinese")
                if not e.pinyin:
                    continue
                syl = pinyin_of(simp)
                joined = "".join(syl)
                if e.category == "person" and syl:
                    fam = syl[0]
                    english_fam = next((t for t in e.en.split() if t.lower() == fam), None)
                    if english_fam:
                        surnames.setdefault(sound_key(fam), []).append((english_fam, e))
                if e.category == "person":
                    continue  # "Zou Tao" for Tao Zou is not wrong: persons get no pinyin forms
                if len(syl) >= 2 and len(joined) >= 5 and not _common(joined, freq) and not _names(e, joined):
                    add_pinyin(syl, e)
                    for reading in (syl, *pinyin_readings(simp)):
                        canon = _resplit("".join(reading))
                        if canon:
                            key = tuple(sound_key(s) for s in canon)
                            sound.setdefault(key, e)
                            if len(key) >= 3:
                                by_ends.setdefault((len(key), key[0], key[-1]), []).append((key, e))
                for suffix, word in SUFFIXES.items():
                    if simp.endswith(suffix) and len(simp) - len(suffix) >= 2:
                        head = pinyin_of(simp[: -len(suffix)])
                        hj = "".join(head)
                        if len(head) >= 2 and not _common(hj, freq) and not _names(e, hj):  # "<Name> Group" is right
                            latin_forms[False].add(_SEP_OPT.join(head) + _SEP_REQ + word)
                            literal[(hj + word, False)] = (e, "pinyin-suffix")
                            canon = _resplit(hj)
                            if canon:
                                sound_suffix.setdefault((tuple(sound_key(s) for s in canon), word), e)
            name_like = any(not _common(t, freq) for t in regex.findall(r"[\p{L}\p{N}]+", e.en))
            if e.fuzzy and e.category != "person" and name_like:
                joined = regex.sub(r"[^\p{L}\p{N}]", "", e.en.lower())
                if len(joined) >= 6:
                    fuzzy_choices.append(joined)
                    fuzzy_entries.append(e)
    for g in glossaries:
        for e in g.entries:
            if e.category in ("person", "company", "product"):
                for t in e.en.split():
                    name_tokens.setdefault(t.lower(), set()).add(e.glossary)
            if e.category != "person":
                continue
            for zh in e.zh:
                syl = pinyin_of(zh)
                if len(syl) < 2:
                    continue
                fam, given = syl[0], "".join(syl[1:])
                for form in (f"{fam} {given}", f"{given} {fam}", given):
                    if len(form) >= 4:
                        latin_forms[False].add(_norm_form(form))
                        literal[(_norm_form(form), False)] = (e, "canonical")

    def build(forms: set[str], cs: bool) -> re.Pattern | None:
        if not forms:
            return None
        # Case-sensitive forms mostly start with a capital: scanning for those first is faster;
        # lower-case ones start with any letter, and the lookbehind in front fails faster.
        if cs:
            body = _trie_regex(sorted(forms), _AFTER_FIRST)
        else:
            body = f"(?<![{_LATIN}'’])(?:" + _trie_regex(sorted(forms)) + ")"
        return re.compile(body + f"(?P<plural>s)?(?![{_LATIN}])")

    near: dict[str, regex.Pattern] = {}
    for g in glossaries:
        for e in g.entries:
            for suffix, words in (("", e.near), ("\0unless", e.unless_near)):
                if not words:
                    continue
                alts = []
                for w in words:
                    if w == "#number":
                        alts.append(r"\d")
                    elif w == "#percent":
                        alts.append(r"\d\s*(?:%|per\s?cent)")
                    else:
                        alts.append(r"(?<![\p{L}])" + r"[\s\-]+".join(map(regex.escape, w.split())) + r"(?![\p{L}])")
                near[e.glossary + "\0" + e.id + suffix] = regex.compile("|".join(alts), regex.IGNORECASE)
    han = re.compile(_trie_regex(sorted(han_forms))) if han_forms else None
    return _Compiled(
        glossaries=glossaries,
        latin=build(latin_forms[False], False),  # matched against the lower-cased text (faster than re.I)
        latin_cs=build(latin_forms[True], True),
        parts=tuple(
            (re.compile("(?:" + _trie_regex(sorted(part_forms[cs])) + ")(?P<plural>)", 0 if cs else re.IGNORECASE), cs)
            for cs in (True, False)
            if part_forms[cs]
        ),
        first=frozenset(f[0] for f in latin_forms[False]),
        first_cs=frozenset(f[0] for f in latin_forms[True]),
        han=han,
        literal=literal,
        sound=sound,
        sound_suffix=sound_suffix,
        sound_by_ends=by_ends,
        fuzzy_choices=fuzzy_choices,
        fuzzy_entries=fuzzy_entries,
        surnames=surnames,
        acronyms=acronyms,
        compounds=compounds,
        name_tokens={k: frozenset(v) for k, v in name_tokens.items()},
        protect=frozenset(protect),
        triggers={k: frozenset(v) for k, v in triggers.items()},
        near=near,
        correct={k: frozenset(v) for k, v in correct.items()},
        person_words=person_words,
        person_anchor=_whole_words(anchors) if anchors else None,
        name_runs=name_runs,
        name_anchor=re.compile(
            "(?:"
            + "|".join(
                re.escape(k[0]) + _AFTER_FIRST + r"\s+".join(map(re.escape, k[1:].split(" ")))
                for k in sorted(name_runs, key=len, reverse=True)
            )
            + f")(?![{_LATIN}])"
        ) if name_runs else None,
    )


@lru_cache(maxsize=8)
def _compiled_for(key: tuple[tuple[str, float], ...]) -> _Compiled:
    return _compile(tuple(load(path) for path, _ in key))


def compiled(paths: Sequence[str]) -> _Compiled:
    """The compiled matcher for ``paths`` (cached on the paths and their mtimes)."""
    key = []
    for p in paths:
        try:
            key.append((str(p), os.stat(p).st_mtime))
        except OSError as err:
            raise InputError(f"cannot read glossary ({err.strerror})", source=str(p)) from None
    return _compiled_for(tuple(key))


def paths_for(glossaries: Sequence[str] = (), *, default: bool = True) -> tuple[str, ...]:
    """The glossary files a run uses: the shipped ones (unless ``default`` is off), then ``glossaries``."""
    return (*(shipped_paths() if default else ()), *glossaries)


# --------------------------------------------------------------------------- matching


def find(
    text: str,
    segments: Sequence[Segment] = (),
    *,
    paths: Sequence[str] | None = None,
    keep: Iterable[str] = (),
    params: GlossaryParams = GlossaryParams(),
) -> list[Edit]:
    """The glossary edits for ``text``, non-overlapping, in text order.

    ``segments`` (from detection) let entries restrict variants to segment kinds and
    keep raw Chinese sentences intact; ``keep`` lists words never to edit.
    """
    paths = shipped_paths() if paths is None else tuple(paths)
    if not paths or not text:
        return []
    comp = compiled(paths)
    return _Finder(text, segments, comp, frozenset(k.lower() for k in keep), params).run()


class _Finder:
    """One run of the matcher over one text (holds the per-text state, nothing global)."""

    def __init__(
        self, text: str, segments: Sequence[Segment], comp: _Compiled, keep: frozenset[str],
        params: GlossaryParams = GlossaryParams(),
    ) -> None:
        self.text = text
        self.params = params
        self.english_freq = _zipf_to_freq(params.english_zipf)
        self.garble_freq = _zipf_to_freq(params.garble_zipf)
        self.comp = comp
        self.keep = keep | comp.protect
        self.folded = _fold(text)
        self.segments = sorted(segments, key=lambda s: s.start)
        self.seg_starts = [s.start for s in self.segments]
        speakers = {seg.speaker for seg in self.segments if seg.speaker}
        self.speaker_words = {w.lower() for name in speakers for w in _WORDS.findall(name)}
        """Words of the speaker labels: names the call itself spells out."""
        self.speaker_pairs = {
            " ".join(pair)
            for name in speakers
            for ws in [[w.lower().replace("’", "'") for w in _WORDS.findall(name)]]
            for pair in zip(ws, ws[1:])
        }
        """Adjacent word pairs of the speaker labels ("tim wu"): a full name the call spells."""
        self.active = {g.path for g in comp.glossaries if g.scope == "general"}
        """Glossaries in force: the general ones, and companies the text names (set in ``run``)."""
        from .features import english_frequencies

        freq = english_frequencies()
        # Tokens as (start, end, word): one split in C, offsets from the running lengths.
        parts = _TOKEN_SPLIT.split(self.folded)
        pos = list(itertools.accumulate(map(len, parts), initial=0))
        self.token_starts = pos[1::2]
        self.tokens = list(zip(self.token_starts, pos[2::2], parts[1::2]))
        # Per-token facts, computed only for the tokens a rule looks at.
        self.lowered = lower_in_place(self.folded)
        """The folded text in lower case, same length: case-insensitive forms are matched here."""
        low = [t[2].lower() for t in self.tokens]
        if "’" in self.folded:
            low = [w.replace("’", "'") for w in low]
        self.low = low
        common5 = _common_words(1e-5)
        self.below5 = [k for k, w in enumerate(low) if w not in common5]
        """Tokens rarer than everyday English: the only candidates for pinyin and names."""
        self.freq = freq
        self.tfreq = _Lazy(lambda k: freq.get(self.low[k], 0.0))
        self._pinyin_cache: list[int] | None = None
        self.caps = self._indices(_CAPS)
        """Indices of all-capital tokens (acronyms), the only places two rules look at."""
        self.owner = bytearray(len(text))
        """Per character: 0 free, 1 edited, 2 a canonical form (a longer fuzzy match may hold it)."""
        self._garble_cache: frozenset[int] | None = None
        self.soft: list[tuple[int, int, str]] = []
        """Canonical forms found by ``_literal`` (start, end, form), sorted: a fuzzy match may hold them."""

    def run(self) -> list[Edit]:
        hits = self._literal_hits()  # also switches on the company glossaries the text names
        matches: list[Match] = []
        matches += self._compounds()  # before the literal claims: "Chat GBT" beats the variant "GBT"
        matches += self._literal(hits)
        matches += self._person_sounds()
        matches += self._name_words()
        matches += self._pinyin_sounds()
        matches += self._fuzzy()
        matches += self._acronyms()
        matches += self._titles()
        matches += self._issuer(hits, matches)
        edits = []
        for m in sorted(matches, key=lambda m: m.start):
            e = self._edit(m)
            if e is not None:
                edits.append(e)
        return edits

    # -- helpers

    def _kind(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.seg_starts, pos) - 1
        if i >= 0 and self.segments[i].start <= pos < self.segments[i].end:
            return self.segments[i].kind
        return None

    def _indices(self, pattern: re.Pattern, lowered: bool = False) -> list[int]:
        """Indices of the tokens where ``pattern`` matches at a token start (found in C, not per token)."""
        out = []
        starts = self.token_starts
        for m in pattern.finditer(self.lowered if lowered else self.folded):
            k = bisect.bisect_left(starts, m.start())
            if k < len(starts) and starts[k] == m.start():
                out.append(k)
        return out

    def _pinyin_words(self) -> list[int]:
        from .features import pinyin_split

        if self._pinyin_cache is None:
            low = self.low
            self._pinyin_cache = [
                k for k in self.below5 if len(low[k]) >= 2 and low[k].isalpha() and low[k].isascii() and pinyin_split(low[k])
            ]
        return self._pinyin_cache

    def _gap_ok(self, k: int) -> bool:
        """Whether tokens k and k+1 are one name's words: one or two spaces or hyphens apart."""
        a, b = self.tokens[k][1], self.tokens[k + 1][0]
        return 0 < b - a <= 2 and not self.folded[a:b].strip(" -\t")

    def _free(self, start: int, end: int) -> bool:
        return self.owner.count(0, start, end) == end - start

    def _soft_inside(self, start: int, end: int) -> list[tuple[int, int, str]] | None:
        """The canonical forms inside ``[start, end)``; None if one crosses its edge or it holds an edit."""
        if self.owner.find(1, start, end) != -1:
            return None
        if self.owner.find(2, start, end) == -1:
            return []
        lo = bisect.bisect_left(self.soft, (start - 200,))
        hi = bisect.bisect_left(self.soft, (end,))
        inside = [c for c in self.soft[lo:hi] if c[1] > start]
        if any(c[0] < start or c[1] > end for c in inside):
            return None
        return inside

    def _claim(self, start: int, end: int, soft: bool = False) -> None:
        self.owner[start:end] = (b"\x02" if soft else b"\x01") * (end - start)

    def _usable(self, entry: Entry, start: int, end: int, rule: str) -> bool:
        if entry.glossary not in self.active:
            return False
        if rule in ("canonical", "chinese", "pinyin", "pinyin-suffix"):
            return True
        if entry.kinds and self._kind(start) not in entry.kinds:
            return False
        if entry.followed_by:
            i = bisect.bisect_left(self.token_starts, end)
            if i >= len(self.tokens) or self.tokens[i][2].lower() not in entry.followed_by:
                return False
            if _STOP.search(self.text[end : self.tokens[i][0]]):
                return False
        if entry.near or entry.unless_near:
            i = bisect.bisect_left(self.token_starts, start)
            lo = self.tokens[max(0, i - NEAR_WINDOW)][0] if self.tokens else 0
            j = min(len(self.tokens) - 1, i + NEAR_WINDOW)
            hi = self.tokens[j][1] if self.tokens else len(self.text)
            before, after = self.text[lo:start], self.text[end:hi]
            key = entry.glossary + "\0" + entry.id
            if entry.near and not (self.comp.near[key].search(before) or self.comp.near[key].search(after)):
                return False
            unless = self.comp.near.get(key + "\0unless")
            if unless is not None and (unless.search(before) or unless.search(after)):
                return False
        return True

    # -- rules

    def _literal_hits(self) -> list[tuple[int, int, Entry, str, bool]]:
        """Every literal form at a token start (one trie regex), and the Chinese forms.

        Trigger forms found on the way switch their company glossaries on.
        """
        comp, folded = self.comp, self.folded
        hits: list[tuple[int, int, Entry, str, bool]] = []
        for pat, cs in ((comp.latin_cs, True), (comp.latin, False), *comp.parts):
            for m in pat.finditer(folded if cs else self.lowered) if pat is not None else ():
                raw = m.group()
                plural = bool(m.group("plural"))
                if plural:
                    raw = raw[:-1]
                # (the case-insensitive forms are matched in the lower-cased text: raw is lower case)
                norm = raw if raw.isalnum() else _SEP_REQ.join(_SEPS.split(raw))
                trig = comp.triggers.get((norm, cs))
                if trig:
                    self.active |= trig
                hit = comp.literal.get((norm, cs))
                if hit is None:
                    hit = comp.literal.get((_SEPS_OPT.sub("", raw.lower()), False))
                if hit is None:
                    hit = comp.literal.get((_SEPS.sub("", raw.lower()), False))
                if hit is not None:
                    hits.append((m.start(), m.end(), *hit, plural))
        for m in comp.han.finditer(folded) if comp.han is not None else ():
            a, b = m.span()
            if (a and _LATIN_CHAR.match(folded, a) and _LATIN_CHAR.match(folded, a - 1)) or (
                _LATIN_CHAR.match(folded, b - 1) and _LATIN_CHAR.match(folded, b)
            ):
                continue  # "B站", "QQ音乐": their Latin letters must not run on into a word
            trig = comp.triggers.get((m.group(), False))
            if trig:
                self.active |= trig
            hit = comp.literal.get((m.group(), False))
            if hit and self._han_word(m.start(), m.end()):
                hits.append((m.start(), m.end(), *hit, False))
        return hits

    def _literal(self, hits: list[tuple[int, int, Entry, str, bool]]) -> list[Match]:
        out: list[Match] = []
        # Longest first so overlapping entries resolve to the longer form.
        for start, end, entry, rule, plural in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
            if entry.glossary not in self.active or not self._free(start, end):
                continue
            if rule == "canonical":
                self.soft.append((start, end, entry.en.lower()))
                self._claim(start, end, soft=True)
                continue
            if not self._usable(entry, start, end, rule):
                continue
            if rule in ("chinese", "variant") and HAN.search(self.text[start:end]):
                if self._kind(start) == "chinese":
                    continue  # a raw Chinese sentence stays Chinese; its interpretation renders it
            self._claim(start, end)
            after = entry.en + ("s" if plural and not entry.en.endswith("s") else "")
            out.append(Match(start, end, entry, rule, after))
        self.soft.sort()
        return out

    def _han_word(self, start: int, end: int) -> bool:
        """A short Chinese form must not be part of a longer word (jieba decides)."""
        text, lo, hi = self.folded, start, end
        while lo > max(0, start - 8) and _HAN_CHAR.match(text, lo - 1):
            lo -= 1
        while hi < min(len(text), end + 8) and _HAN_CHAR.match(text, hi):
            hi += 1
        if end - start >= 3 or (lo, hi) == (start, end):
            return True
        import jieba

        jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
        bounds = {lo}
        pos = lo
        for tok in jieba.cut(self.folded[lo:hi], HMM=False):
            pos += len(tok)
            bounds.add(pos)
        return start in bounds and end in bounds

    def _pinyin_runs(self) -> list[list[int]]:
        from .features import pinyin_split

        runs: list[list[int]] = []
        cur: list[int] = []
        for i in (i for i in self._pinyin_words() if self.tfreq[i] < 1e-5):
            s, e, _ = self.tokens[i]
            low = self.low[i]
            if cur and cur[-1] != i - 1:
                runs.append(cur)
                cur = []
            limit = 1e-5 if cur else COMMON_ZIPF_FREQ  # "Yun" after "Zhenwu": a syllable, not English
            ok = (
                self.tfreq[i] < limit and len(low) >= 2 and low.isascii() and low.isalpha()
                and pinyin_split(low) is not None and self._free(s, e)
            )
            contiguous = cur and cur[-1] == i - 1 and self._gap_ok(i - 1)
            if ok and (not cur or contiguous):
                cur.append(i)
            else:
                if cur:
                    runs.append(cur)
                cur = [i] if ok else []
        if cur:
            runs.append(cur)
        return runs

    def _pinyin_sounds(self) -> list[Match]:
        """Pinyin with recognition confusions ("Xinshan Cloud", "Zhenwu Yun", "Weizhenwei")."""
        from .features import pinyin_split

        out: list[Match] = []
        for run in self._pinyin_runs():
            i = 0
            while i < len(run):
                best = None
                for j in range(min(len(run), i + 4), i, -1):
                    toks = [self.tokens[k] for k in run[i:j]]
                    joined = "".join(t[2].lower() for t in toks)
                    syl = pinyin_split(joined)
                    if not syl:
                        continue
                    key = tuple(sound_key(s) for s in syl)
                    start, end = toks[0][0], toks[-1][1]
                    nxt = run[j - 1] + 1
                    if nxt < len(self.tokens):
                        word = self.tokens[nxt][2].lower()
                        e = self.comp.sound_suffix.get((key, word))
                        gap = self.folded[end : self.tokens[nxt][0]]
                        if e and _NAME_GAP.fullmatch(gap):
                            best = (start, self.tokens[nxt][1], e, "pinyin-confusable")
                            break
                    if i == j - 1 and self.tfreq[run[i]] >= 1e-7:
                        continue  # one word that English uses ("chaining") is never pinyin on its own
                    e = self.comp.sound.get(key) if len(key) >= 2 else None
                    if e:
                        best = (start, end, e, "pinyin-confusable")
                        break
                    if len(key) >= 3 and j - i == 1:
                        ce = self._closest_sound(key)
                        if ce is not None:
                            best = (start, end, ce, "pinyin-fuzzy")
                            break
                if best and self._free(best[0], best[1]) and self._usable(best[2], best[0], best[1], best[3]):
                    self._claim(best[0], best[1])
                    out.append(Match(best[0], best[1], best[2], best[3], best[2].en))
                    i = next((k for k in range(i, len(run)) if self.tokens[run[k]][0] >= best[1]), len(run))
                else:
                    i += 1
        return out

    def _closest_sound(self, key: tuple[str, ...]) -> Entry | None:
        """The one entry whose pinyin differs from ``key`` in one inner syllable, if unambiguous.

        Entries of an active company glossary go before general ones (a company's own
        name is the likelier word in its own call); a tie within a rank matches nothing.
        """
        found: dict[str, tuple[int, Entry]] = {}
        for cand, ce in self.comp.sound_by_ends.get((len(key), key[0], key[-1]), ()):
            if ce.glossary in self.active and sum(a != b for a, b in zip(cand, key)) == 1:
                found[ce.glossary + "\0" + ce.id] = (0 if self._company_active(ce) else 1, ce)
        if not found:
            return None
        ranked = sorted(found.values(), key=lambda r: r[0])
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0] and ranked[0][1].en != ranked[1][1].en:
            return None
        return ranked[0][1]

    def _acronyms(self) -> list[Match]:
        """An acronym misheard in one letter ("VOM" beside VLA for VLM), only where its condition holds."""
        from .features import english_frequencies

        freq = english_frequencies()
        out: list[Match] = []
        for s, e, tok in (self.tokens[k] for k in self.caps):
            if not 2 <= len(tok) <= 5 or _common(tok, freq):
                continue
            if not self._free(s, e):
                continue
            cands = [
                entry
                for acro, entry in self.comp.acronyms.get(len(tok), ())
                if entry.glossary in self.active and sum(a != b for a, b in zip(acro, tok)) == 1
            ]
            cands = [c for c in cands if self._usable(c, s, e, "acronym")]
            if len({c.en for c in cands}) != 1:
                continue
            self._claim(s, e)
            out.append(Match(s, e, cands[0], "acronym", cands[0].en))
        return out

    def _compounds(self) -> list[Match]:
        """A Word+ACRONYM name heard as two words ("Chap GPT", "Chat GBT" for ChatGPT).

        Only for entries with a ``near`` condition; the acronym may be off by one letter,
        the word must share its first letter and most of its letters with the name's word.
        """
        from rapidfuzz import fuzz

        out: list[Match] = []
        for i in (k - 1 for k in self.caps if k > 0):
            (s, _, w), (_, e, a) = self.tokens[i], self.tokens[i + 1]
            if not self._free(s, e):
                continue
            if not _NAME_GAP.fullmatch(self.folded[self.tokens[i][1] : self.tokens[i + 1][0]]):
                continue
            word = w.lower().replace("'s", "").replace("’s", "") + ("s" if w.lower().endswith(("'s", "’s")) else "")
            for head, acro, entry in self.comp.compounds.get(len(a), ()):
                if entry.glossary not in self.active or sum(x != y for x, y in zip(acro, a)) > 1:
                    continue
                known = self.comp.literal.get((a, True)) or self.comp.literal.get((a.lower(), False))
                if a != acro and known is not None and known[1] == "canonical":
                    continue  # "China's GPU" names a GPU, not ChatGPT
                if word[:1] != head[:1] or fuzz.ratio(word, head) < 60 or (word == head and a == acro):
                    continue
                if self._usable(entry, s, e, "fuzzy"):
                    self._claim(s, e)
                    out.append(Match(s, e, entry, "fuzzy", entry.en))
                    break
        return out

    def _fuzzy(self) -> list[Match]:
        """Near-misses of English forms ("Kingsoft Club", "CHAP GPT"), never of plain English.

        Windows of one to three tokens are compared (rapidfuzz ratio) with the names of
        the active glossaries that start with the same letter. A window made only of
        common English words is tried only against entries with a ``near`` condition
        and the active company's own names, and only when its first two letters match.
        """
        comp = self.comp
        if not comp.fuzzy_choices:
            return []
        from rapidfuzz import fuzz, process

        by_first: dict[str, tuple[list[str], list[int]]] = {}
        by_two: dict[str, tuple[list[str], list[int]]] = {}
        for k, (choice, e) in enumerate(zip(comp.fuzzy_choices, comp.fuzzy_entries)):
            if e.glossary not in self.active:
                continue
            bucket = by_first.setdefault(choice[0], ([], []))
            bucket[0].append(choice)
            bucket[1].append(k)
            if e.near or (e.category in ("company", "product") and self._company_active(e)):
                bucket = by_two.setdefault(choice[:2], ([], []))
                bucket[0].append(choice)
                bucket[1].append(k)
        # The indel ratio of strings of lengths a and b is at most 200 * min(a, b) / (a + b): per
        # bucket and cutoff, the window lengths some choice may reach (the rest skip rapidfuzz).
        fits = {
            (id(b), c): (min(map(len, b[0])) * c / (200 - c), max(map(len, b[0])) * (200 - c) / c)
            for b in (*by_first.values(), *by_two.values())
            for c in (85, 90)
        }
        out: list[Match] = []
        toks, low, freq = self.tokens, self.low, self.freq
        n = len(toks)
        # Words that are not everyday English: acronyms, and words rarer than COMMON_ZIPF_FREQ.
        rare = {
            k for k in self.below5
            if not low[k][0].isdigit() and (toks[k][2].isupper() or freq.get(low[k], 0.0) < COMMON_ZIPF_FREQ)
        }
        rare.update(self.caps)
        # Window starts worth trying: those, and words that may begin a name with a
        # condition (a run of common words is tried only against those names).
        starts = set(rare)
        if by_two:
            starts.update(self._indices(_whole_words(by_two, prefixes=True), lowered=True))
        for i in sorted(starts):
            if low[i][0] not in by_first or low[i][0].isdigit():
                continue
            width = 1  # windows of up to three words, none starting with a digit
            while width < 3 and i + width < n and not low[i + width][0].isdigit():
                width += 1
            for j in range(i + width, i, -1):
                joined = "".join(low[i:j]).replace("'", "")
                if len(joined) < 6:
                    continue
                all_common = rare.isdisjoint(range(i, j))
                bucket = by_two.get(joined[:2]) if all_common else by_first[joined[0]]
                cutoff = 85 if len(joined) >= 7 else 90
                if not bucket:
                    continue
                shortest, longest = fits[id(bucket), cutoff]
                if not shortest <= len(joined) <= longest:
                    continue
                if j - i > 1 and not all(self._gap_ok(k) for k in range(i, j - 1)):
                    continue
                start, end = toks[i][0], toks[j - 1][1]
                inner = self._soft_inside(start, end)
                if inner is None:
                    continue
                hit = process.extractOne(joined, bucket[0], scorer=fuzz.ratio, score_cutoff=cutoff)
                if hit is None:
                    continue
                choice, score, pos = hit
                entry = comp.fuzzy_entries[bucket[1][pos]]
                if choice in joined or joined in choice:
                    continue  # a widening or a part of the name, not a misspelling of it
                if any(c[2] not in entry.en.lower() or c[2] == entry.en.lower() for c in inner):
                    continue
                # Plain English words become a name only beside the entry's context, or when
                # they split the active company's own name ("kings of cloud").
                split_name = j - i != len(entry.en.split()) and self._company_active(entry) and score >= 93
                if all_common and not (entry.near or (entry.category in ("company", "product") and split_name)):
                    continue
                if any(self._is_name(t[2]) and t[2].lower() not in entry.en.lower().split() for t in toks[i:j]):
                    continue
                if any(_possessive_of(w, entry) for w in low[i : j - 1]):
                    continue  # "Acme's clod": the name is right and the 's is grammar, not a misspelling
                if not self._usable(entry, start, end, "fuzzy"):
                    continue
                self._claim(start, end)
                out.append(Match(start, end, entry, "fuzzy", entry.en))
                break
        return out

    def _person_sounds(self) -> list[Match]:
        """A listed person's name with one word misheard by one sound ("Brian Wu" for Brian Gu).

        The other word of the name must stand right beside it, spelled as listed; the
        heard word is kept when the call's own speaker labels spell the heard name, or
        when it is a word of another listed name.
        """
        comp = self.comp
        if comp.person_anchor is None:
            return []
        out: list[Match] = []
        n = len(self.tokens)
        for k in self._indices(comp.person_anchor):
            for pos, entry in comp.person_words.get(self.low[k], ()):
                if entry.glossary not in self.active:
                    continue
                words = entry.en.split()
                for other in (pos - 1, pos + 1):
                    j = k + other - pos
                    if not (0 <= other < len(words) and 0 <= j < n) or not self._gap_ok(min(j, k)):
                        continue
                    s, e, heard = self.tokens[j]
                    expected = words[other]
                    if heard == expected or not heard[:1].isupper() or not heard.isalpha() or self._is_name(heard):
                        continue
                    if not _one_sound(heard.lower(), expected.lower(), self.params.person_word_min):
                        continue
                    if " ".join(self.low[min(j, k) : max(j, k) + 1]) in self.speaker_pairs:
                        continue  # the call has a speaker of that very name
                    if not self._free(s, e):
                        continue
                    self._claim(s, e)
                    out.append(Match(s, e, entry, "person-sound", expected))
        return out

    def _name_words(self) -> list[Match]:
        """An organisation's name with its first or last word misheard ("Marry Posa Investor
        Relations" for Mariposa Investor Relations): the rest of the name stands right beside
        it, spelled as listed, and the one or two words heard there start with the same letter
        and come within ``name_word_ratio`` of the listed word."""
        comp = self.comp
        if comp.name_anchor is None:
            return []
        from rapidfuzz import fuzz

        out: list[Match] = []
        n, starts = len(self.tokens), self.token_starts
        for m in comp.name_anchor.finditer(self.lowered):
            a = bisect.bisect_left(starts, m.start())
            b = bisect.bisect_left(starts, m.end()) - 1
            for side, odd, entry in comp.name_runs.get(" ".join(m.group().split()), ()):
                if entry.glossary not in self.active:
                    continue
                for width in (2, 1):
                    i, j = (a - width, a) if side < 0 else (b + 1, b + 1 + width)
                    if i < 0 or j > n or not all(self._gap_ok(k) for k in range(min(i, a), max(j, b + 1) - 1)):
                        continue
                    heard = "".join(self.low[i:j])
                    if not heard.isalpha() or heard[0] != odd[0].lower() or heard == odd.lower():
                        continue
                    if fuzz.ratio(heard, odd.lower()) < self.params.name_word_ratio:
                        continue
                    if any(self._is_name(self.tokens[k][2]) for k in range(i, j)):
                        continue
                    s, e = self.tokens[i][0], self.tokens[j - 1][1]
                    if not self._free(s, e):
                        continue
                    self._claim(s, e)
                    out.append(Match(s, e, entry, "name-sound", odd))
                    break
        return out

    def _is_name(self, word: str) -> bool:
        """A word of a name in an active glossary (never fuzzily turned into another name)."""
        return bool(self.comp.name_tokens.get(word.lower(), frozenset()) & self.active)

    def _company_active(self, entry: Entry) -> bool:
        g = next((g for g in self.comp.glossaries if g.path == entry.glossary), None)
        return g is not None and g.scope == "company" and g.path in self.active

    def _titles(self) -> list[Match]:
        """A family name misheard after a title ("CEO Zozo", "Director Zhou" for Zou)."""
        if not self.comp.surnames:
            return []
        from rapidfuzz import fuzz

        from .features import english_frequencies

        freq = english_frequencies()
        out: list[Match] = []
        for i in (i for i in self._indices(_TITLE_WORDS, lowered=True) if i + 1 < len(self.tokens)):
            s, e, w = self.tokens[i + 1]
            gap = self.folded[self.tokens[i][1] : s]
            if not _TITLE_GAP.fullmatch(gap) or not w[:1].isupper() or not w.isalpha():
                continue
            low = w.lower()
            if self._is_name(w) or low in self.speaker_words or not self._free(s, e):
                continue  # a name of this call's own speakers ("Mr. Zhou" where Zhou Lei asks) is right
            from .features import pinyin_split

            syl = pinyin_split(low)
            cands = []
            for key, people in self.comp.surnames.items():
                for fam, entry in people:
                    if entry.glossary not in self.active:
                        continue
                    if syl and len(syl) == 1 and sound_key(syl[0]) == key:
                        cands.append((2.0, fam, entry))
                    elif (
                        low[0] == fam[0].lower() and not (syl and len(syl) == 1)  # "Luo" is a name of its own
                        and not _common(low, freq) and fuzz.ratio(low, fam.lower()) >= 55
                    ):
                        cands.append((fuzz.ratio(low, fam.lower()) / 100, fam, entry))
            cands.sort(key=lambda c: -c[0])
            if not cands or (len(cands) > 1 and cands[0][0] == cands[1][0] and cands[0][1] != cands[1][1]):
                continue
            _, fam, entry = cands[0]
            self._claim(s, e)
            out.append(Match(s, e, entry, "person-title", fam))
        out += self._honorifics()
        return out

    def _honorifics(self) -> list[Match]:
        """总 translated word for word after a family name: "Zou total" -> "Mr. Zou"."""
        out: list[Match] = []
        for i in (i for i in self._indices(_TOTAL, lowered=True) if i > 0):
            (s, _, fam), (_, e, _) = self.tokens[i - 1], self.tokens[i]
            if not fam[:1].isupper() or not self._gap_ok(i - 1) or not self._free(s, e):
                continue
            if i + 1 < len(self.tokens) and self._gap_ok(i) and self.tfreq[i + 1] >= COMMON_ZIPF_FREQ and \
                    self.low[i + 1] not in ("and", "or", "mentioned", "said", "just", "also", "has", "had", "is"):
                continue  # "He total revenue ...": English, not an honorific
            people = [
                entry
                for _, entries in self.comp.surnames.items()
                for name, entry in entries
                if name == fam and entry.glossary in self.active
            ]
            if len({p.en for p in people}) != 1:
                continue
            person = people[0]
            self._claim(s, e)
            out.append(Match(s, e, person, "person-title", f"{person.title} {fam}".strip()))
        return out

    def _issuer(self, hits: list[tuple[int, int, Entry, str, bool]], matches: list[Match]) -> list[Match]:
        """A misheard company name where the call names its issuer (``_ISSUER_SLOTS``).

        "Prince of Wales third quarter results release is on our website" names the
        issuer whatever the recogniser heard. The issuer is the first company entry of the
        active company glossary the text names most often; no edit when two tie, or when the
        subject already names it (or names another entry).
        """
        issuers = {}
        for g in self.comp.glossaries:
            first = next((e for e in g.entries if e.category == "company"), None)
            if g.scope == "company" and g.path in self.active and first is not None:
                issuers[first.glossary + "\0" + first.id] = first
        if not issuers:
            return []
        counts = dict.fromkeys(issuers, 0)
        for entry in [h[2] for h in hits] + [m.entry for m in matches]:
            key = entry.glossary + "\0" + entry.id
            if key in counts:
                counts[key] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
            return []
        issuer = issuers[ranked[0][0]]
        out: list[Match] = []
        found = (
            m
            for slot, word in _ISSUER_SLOTS
            for hit in re.finditer(word, self.lowered)
            for m in slot.finditer(self.text, max(0, hit.start() - 200), min(len(self.text), hit.end() + 200))
        )
        for m in found:
            start, end = m.span("x")
            subject = m.group("x")
            words = subject.lower().split()
            if words[0] in _NOT_A_NAME or not self._free(start, end) or issuer.en.lower() in subject.lower():
                continue
            if any(self._is_name(w) for w in subject.split() if w[:1].isupper()):
                continue
            self._claim(start, end)
            out.append(Match(start, end, issuer, "issuer", issuer.en))
        return out

    # -- edits

    def _sentence_start(self, pos: int) -> bool:
        prev = self.text[max(0, pos - 80) : pos].rstrip(" \t\u3000\"'“‘(")
        return not prev or prev[-1] in ".!?。！？\r\n:："

    def _reads_correct(self, before: str) -> bool:
        """Whether ``before`` already reads as a correct form of an active entry: its canonical
        form or an alias, possessive or not, or that followed by legal-name words ("<Name> Group")."""
        words = [w.replace("’", "'") for w in _WORDS.findall(before.lower())]
        for ws in (words, [w[:-2] if w.endswith("'s") else w for w in words]):
            ws = list(ws)
            while ws:
                found = self.comp.correct.get(" ".join(ws))
                if found and not found.isdisjoint(self.active):
                    return True
                if len(ws) < 2 or ws[-1] not in LEGAL_SUFFIXES:
                    break
                ws.pop()
        return False

    def _fluent_english(self, m: Match, before: str) -> bool:
        """Whether a sound or spelling guess sits in fluent English with nothing to show for
        machine output: a fluent (or unknown) segment, every word one English has, no
        declared context (``near``), and no garble or recogniser casing around it."""
        if m.rule not in GENERATED_RULES:
            return False
        kind = self._kind(m.start)
        if kind is not None and kind not in self.params.fluent_kinds:
            return False
        if not all(map(self._english, _WORDS.findall(before))):
            return False  # a word English does not have: the match is garble itself
        if m.rule == "fuzzy" and m.entry.near:
            return False  # a confusion the glossary declares, with the context it needs
        return not self._machine_evidence(m.start, m.end)

    def _english(self, word: str) -> bool:
        """A word English has (at least ``english_zipf``)."""
        return self.freq.get(word.lower().replace("’", "'"), 0.0) >= self.english_freq

    def _machine_evidence(self, start: int, end: int) -> bool:
        """Romanised garble, or a lower-case "i" as a word (uncased recogniser output), in the
        sentence around ``[start, end)`` (at most ``evidence_chars`` characters each side)."""
        cap = self.params.evidence_chars
        lo = max(start - cap, 0)
        m = None
        for m in _SENTENCE_END.finditer(self.text, lo, start):
            pass
        lo = m.end() if m else lo
        m = _SENTENCE_END.search(self.text, end, min(len(self.text), end + cap))
        hi_pos = m.start() if m else min(len(self.text), end + cap)
        lo = bisect.bisect_left(self.token_starts, lo)
        hi = bisect.bisect_left(self.token_starts, hi_pos)
        if any(self.tokens[k][2] == "i" for k in range(lo, hi)):
            return True
        garble = self._garble()
        return any(k in garble for k in range(lo, hi))

    def _garble(self) -> frozenset[int]:
        if self._garble_cache is None:
            self._garble_cache = frozenset(k for k in self._pinyin_words() if self.tfreq[k] < self.garble_freq)
        return self._garble_cache

    def _edit(self, m: Match) -> Edit | None:
        before = self.text[m.start : m.end]
        if before.lower() in self.keep or any(t.lower() in self.keep for t in _WORDS.findall(before)):
            return None
        if m.rule != "chinese":
            words = _WORDS.findall(before)
            if words and all(w.lower().replace("’", "'") in self.speaker_words for w in words):
                return None  # "Wang Yi" is an analyst on the call, not 网易 heard as pinyin
            if self._reads_correct(before) or _only_adds_or_drops_words(before, m.after, self._english):
                return None  # "<Name> Group" is right, and so is "Shenji" for "Shenji chip"
            if _letters(_drop_possessive(before)) == _letters(m.after):
                return None  # "Acme's cloud" is grammar around a right name, not "Acme Cloud"
            if self._fluent_english(m, before):
                return None
        digits = _DIGITS.findall(before)
        if digits and _DIGITS.findall(m.after) != digits:
            return None
        after = m.after
        if after[:1].islower() and before[:1].isupper() and not before.isupper() and self._sentence_start(m.start):
            after = after[0].upper() + after[1:]
        if after == before:
            return None
        return Edit(
            m.start,
            m.end,
            before,
            after,
            f"glossary:{m.rule}",
            self.params.name_sound_confidence if m.rule in ("person-sound", "name-sound") else CONFIDENCE[m.rule],
            f"{m.rule} of {m.entry.en!r} ({Path(m.entry.glossary).name})",
            m.entry.id,
        )


def _zipf_to_freq(zipf: float) -> float:
    return 10 ** (zipf - 9)


_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")
_POSSESSIVE = regex.compile(r"['’]s\b", regex.IGNORECASE)


def _drop_possessive(text: str) -> str:
    return _POSSESSIVE.sub("", text)


_NOT_LETTERS = re.compile(r"[\W_]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text.lower())


def _possessive_of(word: str, entry: Entry) -> bool:
    """``word`` is "<w>'s" where <w> is a word of ``entry``'s canonical form (which has no 's)."""
    return word.endswith("'s") and word[:-2] in _WORDS.findall(entry.en.lower()) and "'" not in entry.en


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


def _syllable_parts(syllable: str) -> tuple[str, str]:
    init = next((i for i in _INITIALS if syllable.startswith(i)), "")
    return init, syllable[len(init) :]


def _one_sound(heard: str, expected: str, min_len: int) -> bool:
    """Whether ``heard`` is ``expected`` with one sound changed: pinyin with one initial or one
    final different ("wu" for "gu", "zhou" for "zou"), else one letter off in a word of at
    least ``min_len`` letters ("stanly" for "stanley")."""
    from rapidfuzz.distance import Levenshtein

    from .features import pinyin_split

    hs, es = pinyin_split(heard), pinyin_split(expected)
    if hs and es and len(hs) == len(es):
        diffs = 0
        for x, y in zip(hs, es):
            (xi, xf), (yi, yf) = _syllable_parts(x), _syllable_parts(y)
            diffs += (xi != yi) + (xf != yf)
        return diffs == 1
    if len(heard) >= min_len and len(expected) >= min_len:
        return Levenshtein.distance(heard, expected) == 1
    return False


class _Lazy:
    """A list whose items are computed on first use (per-token facts most rules never need)."""

    def __init__(self, fn) -> None:
        self.fn = fn
        self.cache: dict[int, object] = {}

    def __getitem__(self, k: int):
        try:
            return self.cache[k]
        except KeyError:
            val = self.cache[k] = self.fn(k)
            return val


@lru_cache(maxsize=4)
def _common_words(threshold: float) -> frozenset[str]:
    """English words at least this frequent (wordfreq), as a set: one lookup per token."""
    from .features import english_frequencies

    return frozenset(w for w, f in english_frequencies().items() if f >= threshold)


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
    for m, c in zip(runs, converted):
        parts.append(folded[pos : m.start()])
        parts.append(c if len(c) == len(m.group()) else m.group())
        pos = m.end()
    parts.append(folded[pos:])
    return "".join(parts)


def load_all(paths: Sequence[str]) -> tuple[Glossary, ...]:
    """Load several glossaries (for ``glossary check``); the first bad one raises."""
    return tuple(load(p) for p in paths)
