"""The compiled index of a set of glossary files: literal forms filed under a cheap key,
dictionaries of pinyin sound keys, per-letter fuzzy choice lists; built once per set of files
(cached on their paths and modification times, and on disk: ``cache``).

Nothing here grows with entries x text. A literal form is filed under the run of Latin letters
it starts with (a Chinese form under its first Han character or pair); a text looks up its own
words' prefixes, and only the forms found so become a trie regex, compiled for that text (and
cached). A 100,000-entry glossary costs a dictionary, not a regex of 100,000 branches."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TypeAlias

import regex

from ..errors import InputError
from ..features import HAN
from ..params import GLOSSARY
from ..params import Glossary as GlossaryParams
from .entries import Entry, Glossary
from .formats import load, read_bytes
from .forms import _resplit, forms_of, pinyin_of, pinyin_readings, sound_key
from .text import (
    _AFTER_FIRST,
    _HAN_CHAR,
    _KEY_SPLIT,
    _LATIN,
    _SEP_OPT,
    _SEP_PATTERN,
    _SEP_REQ,
    _SEPS,
    _common_words,
    _whole_words,
    _words_key,
    _zipf_to_freq,
    to_simplified,
)

_REGEX_CACHE = 256
"""Regexes compiled for the forms some text selected, kept (a batch of calls of one company
selects the same forms again and again)."""

_LATIN_RUN = re.compile(f"[{_LATIN}]+")
_NAME_WORDS = regex.compile(r"[\p{L}\p{N}]+")
_NOT_NAME_CHAR = regex.compile(r"[^\p{L}\p{N}]")


@dataclass(frozen=True)
class _Filed:
    """Literal forms (or words) filed under a key every match of one holds in the text.

    A Latin form is filed under the run of Latin letters it starts with. A match starts a run
    of the text there (the patterns forbid a letter before it), and that run is the key itself
    (or the key and a plural "s"), unless the form goes on with an optional separator (pinyin
    written glued: "Jinshanyun" for "Jinshan Yun"): then it is also filed under the first
    letters of its first two syllables glued, a prefix of the run (``index_glued_letters``). A Chinese
    form is filed under its first Han character, or pair of Han characters. A form with no key
    (one starting with "&") is always selected."""

    exact: dict[str, list[str]]
    prefix: dict[str, list[str]]
    lengths: tuple[int, ...]
    """The lengths of the ``prefix`` keys: the prefixes of a run worth looking up."""
    always: tuple[str, ...]

    @classmethod
    def latin(cls, forms: Iterable[str], glued_letters: int = GLOSSARY.index_glued_letters) -> _Filed:
        exact: dict[str, list[str]] = {}
        prefix: dict[str, list[str]] = {}
        always = []
        for f in forms:
            m = _LATIN_RUN.match(f)
            if m is None:
                always.append(f)
                continue
            key = m.group()
            exact.setdefault(key, []).append(f)
            if f[len(key) : len(key) + 1] == _SEP_OPT:
                # Written apart, the run is the first syllable (filed above); glued, the run
                # starts with the first two syllables.
                second = _LATIN_RUN.match(f, len(key) + 1)
                glued = (key + (second.group() if second else ""))[:glued_letters]
                prefix.setdefault(glued, []).append(f)
        return cls(exact, prefix, tuple(sorted({len(k) for k in prefix})), tuple(always))

    @classmethod
    def han(cls, forms: Iterable[str]) -> _Filed:
        exact: dict[str, list[str]] = {}
        always = []
        for f in forms:
            key = _han_key(f)
            if key:
                exact.setdefault(key, []).append(f)
            else:
                always.append(f)
        return cls(exact, {}, (), tuple(always))

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefix or self.always)

    @cached_property
    def every(self) -> tuple[str, ...]:
        """All the forms, sorted."""
        return tuple(
            sorted(
                {
                    *self.always,
                    *(f for fs in self.exact.values() for f in fs),
                    *(f for fs in self.prefix.values() for f in fs),
                }
            )
        )

    @cached_property
    def prefix_heads(self) -> frozenset[str]:
        """The ``prefix`` keys cut to the shortest of them: a run has one of the keys at its start
        only if it starts with one of these."""
        return frozenset(k[: self.lengths[0]] for k in self.prefix) if self.lengths else frozenset()

    def for_runs(self, runs: set[str]) -> set[str]:
        """The forms a text whose Latin runs are ``runs`` (``latin_runs``) may hold."""
        out = set(self.always)
        exact, prefix = self.exact, self.prefix
        # the keys that are runs, then those a run is the plural of (over the fewer of the two)
        if len(exact) < len(runs):
            plurals: Iterable[str] = [k for k in exact if k + "s" in runs]
        else:
            plurals = exact.keys() & {r[:-1] for r in runs if r[-1:] == "s"}
        for keys in (exact.keys() & runs, plurals):
            for k in keys:
                out.update(exact[k])
        if self.lengths:
            shortest, heads = self.lengths[0], self.prefix_heads
            for run in [r for r in runs if r[:shortest] in heads]:  # (few: no slice of each run per length)
                for n in self.lengths:
                    out.update(prefix.get(run[:n], ()))
        return out

    def for_keys(self, keys: set[str]) -> set[str]:
        """The forms whose key is one of ``keys`` (``han_keys``: the text's Han characters and pairs)."""
        out = set(self.always)
        for k in self.exact.keys() & keys:
            out.update(self.exact[k])
        return out


def _han_key(form: str) -> str:
    m = _HAN_CHAR.search(form)
    if m is None:
        return ""
    k = m.start()
    return form[k : k + 2] if _HAN_CHAR.match(form, k + 1) else form[k]


def han_keys(text: str) -> set[str]:
    """The Han characters and pairs of adjacent Han characters in ``text`` (see ``_Filed``)."""
    return han_keys_of(_HAN_RUN_RE.findall(text))


def han_keys_of(runs: Iterable[str]) -> set[str]:
    """``han_keys`` of a text whose runs of Han characters are ``runs``."""
    keys: set[str] = set()
    for run in runs:
        keys.update(run)
        keys.update(run[i : i + 2] for i in range(len(run) - 1))
    return keys


_HAN_RUN_RE = re.compile(_HAN_CHAR.pattern * 2 + "*")
"""A run of Han characters, spelled "X X*" rather than "X+": ``re`` skips to a pattern's
leading character set in C, which it does not see through a repeat (3x faster on English text)."""


def latin_runs(text: str) -> set[str]:
    """The distinct runs of Latin letters and digits of ``text`` (see ``_Filed``)."""
    return set(_LATIN_RUN.findall(text))


class _Near:
    """``near`` / ``unless_near`` regexes by entry key, compiled when first asked for."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        self.words = words

    def get(self, key: str, default: regex.Pattern[str] | None = None) -> regex.Pattern[str] | None:
        words = self.words.get(key)
        return default if words is None else _near_regex(words)

    def __getitem__(self, key: str) -> regex.Pattern[str]:
        return _near_regex(self.words[key])

    def __contains__(self, key: str) -> bool:
        return key in self.words

    def __len__(self) -> int:
        return len(self.words)


@lru_cache(maxsize=4096)
def _near_regex(words: tuple[str, ...]) -> regex.Pattern[str]:
    alts = []
    for w in words:
        if w == "#number":
            alts.append(r"\d")
        elif w == "#percent":
            alts.append(r"\d\s*(?:%|per\s?cent)")
        else:
            alts.append(r"(?<![\p{L}])" + r"[\s\-]+".join(map(regex.escape, w.split())) + r"(?![\p{L}])")
    return regex.compile("|".join(alts), regex.IGNORECASE)


_Bucket = tuple[list[str], list[int]]
"""Fuzzy choices and their indices in ``_Compiled.fuzzy_choices``."""


@dataclass(frozen=True)
class _FuzzyBuckets:
    by_first: dict[str, _Bucket]
    by_two: dict[str, _Bucket]
    """Choices of entries with a ``near`` condition, and of a company glossary's company and
    product names (the only names a run of common English words may become)."""


def _fuzzy_buckets(
    glossaries: tuple[Glossary, ...], choices: list[str], entries: list[Entry]
) -> tuple[_FuzzyBuckets, ...]:
    """``_Compiled.fuzzy_buckets``: the choices are in glossary order, each glossary's a run."""
    out = []
    k = 0
    for g in glossaries:
        by_first: dict[str, _Bucket] = {}
        by_two: dict[str, _Bucket] = {}
        while k < len(entries) and entries[k].glossary == g.path:
            choice, e = choices[k], entries[k]
            bucket = by_first.setdefault(choice[0], ([], []))
            bucket[0].append(choice)
            bucket[1].append(k)
            if e.near or (e.category in ("company", "product") and g.scope == "company"):
                bucket = by_two.setdefault(choice[:2], ([], []))
                bucket[0].append(choice)
                bucket[1].append(k)
            k += 1
        out.append(_FuzzyBuckets(by_first, by_two))
    return tuple(out)


@dataclass
class _Compiled:
    """Everything the matcher needs, built once per set of glossary files (plain data: it is
    what the disk cache keeps; the regexes are compiled per text from what it selects)."""

    glossaries: tuple[Glossary, ...]
    latin: _Filed
    """Case-insensitive Latin forms (normalised, lower case), matched in the lower-cased text."""
    latin_cs: _Filed
    parts: tuple[tuple[tuple[str, ...], bool], ...]
    """Variants of ``whole_word = false`` entries, matched without word boundaries (all of them:
    they may start inside a word)."""
    han: _Filed
    literal: dict[tuple[str, bool], tuple[Entry, str]]
    """(normalised form, case sensitive) -> (entry, rule)."""
    sound: dict[tuple[str, ...], Entry]
    sound_suffix: dict[tuple[tuple[str, ...], str], Entry]
    sound_by_ends: dict[tuple[int, str, str], list[tuple[tuple[str, ...], Entry]]]
    fuzzy_choices: list[str]
    fuzzy_entries: list[Entry]
    fuzzy_buckets: tuple[_FuzzyBuckets, ...]
    """Per glossary (in order): its fuzzy choices by first letter, and those a run of common
    words may match by first two letters (``rules.fuzzy``), so a text merges the buckets of
    the glossaries in force instead of sorting every entry anew."""
    acronyms: dict[int, list[tuple[str, Entry]]]
    """length -> (acronym, entry) for upper-case entries with a ``near`` condition."""
    compounds: dict[int, list[tuple[str, str, Entry]]]
    """acronym length -> (lower-case word, ACRONYM, entry) for names like ChatGPT."""
    surnames: dict[str, list[tuple[str, Entry]]]
    """sound key of a person's family name -> (English family name, entry)."""
    name_tokens: dict[str, frozenset[str]]
    """Word of a person, company or product name -> the glossaries naming it."""
    protect: frozenset[str]
    triggers: dict[tuple[str, bool], frozenset[str]]
    """Normalised trigger form (and whether case counts) -> company glossaries it switches on."""
    near_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Entry key (and ``\\0unless``) -> its ``near`` / ``unless_near`` words (``near`` compiles them)."""
    correct: dict[str, frozenset[str]] = field(default_factory=dict)
    """Key (``_key``) of every canonical form and alias -> the glossaries naming it: text that
    reads so is right, whatever rule matched it."""
    person_words: dict[str, list[tuple[int, Entry]]] = field(default_factory=dict)
    """Lower-case word of a listed person's name of two or more words -> (its place, entry)."""
    person_anchors: _Filed = field(default_factory=lambda: _Filed.latin(()))
    """Those words, capitalised (a name is written with its capital)."""
    name_runs: dict[str, list[tuple[int, str, Entry]]] = field(default_factory=dict)
    """The rest of an organisation's name of three or more words, lower case, once its first
    or last word is taken away -> (-1: that word goes before, 1: after; the word; entry)."""
    name_anchors: _Filed = field(default_factory=lambda: _Filed.latin(()))
    """Those rests, filed for ``name_anchor``."""
    transfer_readings: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Chinese form of an entry the transfer rule may look for -> the pinyin readings a romanised
    run may sound like (``rules.transfer.pinyin_tables``: no pypinyin at match time)."""
    transfer_pinyin: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Part of such a form -> its pinyin (``pinyin_of``), for the transfer rule's homophones."""
    full_after: float = GLOSSARY.index_full_after
    spent: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    """Forms compiled into per-text regexes so far in this process, per table (``_regex``)."""
    built: set[tuple[str, tuple[str, ...]]] = field(default_factory=set, repr=False, compare=False)
    """The per-text regexes compiled so far (table, forms): only new ones count as spent."""

    @property
    def near(self) -> _Near:
        return _Near(self.near_words)

    def literal_patterns(self, runs: Callable[[bool], set[str]]) -> list[tuple[re.Pattern[str], bool]]:
        """The trie regexes of the Latin forms a text can hold (``runs(lowered)``: its
        ``latin_runs``, as written or lower-cased), case-sensitive first, then the
        ``whole_word = false`` ones."""
        out = [(_latin_regex(forms, cs), cs) for forms, cs in self.literal_forms(runs)]
        return out + self.part_patterns()

    def literal_forms(self, runs: Callable[[bool], set[str]]) -> list[tuple[tuple[str, ...], bool]]:
        """The Latin forms of ``literal_patterns`` (but the ``whole_word = false`` ones), and
        whether case counts, case-sensitive first."""
        out = []
        for name, cs in (("latin_cs", True), ("latin", False)):

            def keys(cs: bool = cs) -> set[str]:
                return runs(not cs)

            forms = self._forms(name, keys)
            if forms is not None:
                out.append((forms, cs))
        return out

    def part_patterns(self) -> list[tuple[re.Pattern[str], bool]]:
        """The regexes of the ``whole_word = false`` variants, and whether case counts."""
        return [(_parts_regex(forms, cs), cs) for forms, cs in self.parts]

    def han_pattern(self, keys: Callable[[], set[str]]) -> re.Pattern[str] | None:
        """The trie regex of the Chinese forms whose key is among ``keys()`` (``han_keys``)."""
        return self._regex("han", keys, _han_regex)

    def _regex(
        self, name: str, keys: Callable[[], set[str]], build: Callable[[tuple[str, ...]], re.Pattern[str]]
    ) -> re.Pattern[str] | None:
        """``build`` of ``_forms(name, keys)``, or None where there are none."""
        forms = self._forms(name, keys)
        return None if forms is None else build(forms)

    def _forms(self, name: str, keys: Callable[[], set[str]]) -> tuple[str, ...] | None:
        """The forms of table ``name`` that a text with ``keys()`` can hold, sorted (None:
        none) or, once this process has compiled ``index_full_after`` times as many forms as
        the table holds (a batch of calls), all its forms, whose regex is compiled once: the
        others cannot match the text, so it finds the same."""
        table: _Filed = getattr(self, name)
        if not table:
            return None
        spent = self.spent.get(name, 0)
        if spent >= self.full_after * len(table.every):
            return table.every
        forms = table.for_keys(keys()) if name == "han" else table.for_runs(keys())
        if not forms:
            return None
        key = tuple(sorted(forms))
        if (name, key) not in self.built:  # a text seen before reuses its regex (lru_cache)
            self.built.add((name, key))
            self.spent[name] = spent + len(forms)
        return key

    def person_anchor_words(self, runs: Callable[[], set[str]]) -> tuple[str, ...] | None:
        """The listed persons' capitalised name words that a text with Latin runs ``runs()``
        may hold."""
        return self._forms("person_anchors", runs)

    def person_anchor(self, runs: Callable[[], set[str]]) -> re.Pattern[str] | None:
        """``person_anchor_words`` as one regex."""
        words = self.person_anchor_words(runs)
        return None if words is None else _whole_words_regex(words)

    def name_anchor_rests(self, runs: Callable[[], set[str]]) -> tuple[str, ...] | None:
        """The rests of organisations' names (``name_runs``) that a text of lower-case Latin runs
        ``runs()`` may hold, longest first (ties in glossary order)."""
        found = self._forms("name_anchors", runs)
        if found is None:
            return None
        order = {k: i for i, k in enumerate(self.name_runs)}
        return tuple(sorted(found, key=lambda k: (-len(k), order[k])))

    def name_anchor(self, runs: Callable[[], set[str]]) -> re.Pattern[str] | None:
        """``name_anchor_rests`` as one regex over the lower-cased text."""
        rests = self.name_anchor_rests(runs)
        return None if rests is None else _name_anchor_regex(rests)


@lru_cache(maxsize=_REGEX_CACHE)
def _latin_regex(forms: tuple[str, ...], cs: bool) -> re.Pattern[str]:
    # Case-sensitive forms mostly start with a capital: scanning for those first is faster;
    # lower-case ones start with any letter, and the lookbehind in front fails faster.
    if cs:
        body = _trie_regex(forms, _AFTER_FIRST)
    else:
        body = f"(?<![{_LATIN}'’])(?:" + _trie_regex(forms) + ")"
    return re.compile(body + f"(?P<plural>s)?(?![{_LATIN}])")


@lru_cache(maxsize=_REGEX_CACHE)
def gap_led_regex(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """``_latin_regex(forms, False)`` led by the character before the form instead of a
    lookbehind (the form is group ``form``), for the text with a space in front: ``re`` then
    skips in C to the characters that may stand before a word (a quarter of the text) rather
    than trying every letter, which makes the scan a fifth faster. It finds the same forms
    where each form ends with a letter or an apostrophe (None where one does not): a form
    ending so can never be followed straight by the next match, whose leading character it
    would otherwise have taken."""
    if not all(_LATIN_RUN.fullmatch(f[-1]) or f[-1] in "'’" for f in forms):
        return None
    return re.compile(f"[^{_LATIN}'’](?P<form>(?:" + _trie_regex(forms) + f")(?P<plural>s)?)(?![{_LATIN}])")


@lru_cache(maxsize=_REGEX_CACHE)
def _parts_regex(forms: tuple[str, ...], cs: bool) -> re.Pattern[str]:
    return re.compile("(?:" + _trie_regex(forms) + ")(?P<plural>)", 0 if cs else re.IGNORECASE)


@lru_cache(maxsize=_REGEX_CACHE)
def _han_regex(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(_trie_regex(forms))


@lru_cache(maxsize=_REGEX_CACHE)
def _whole_words_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    return _whole_words(words)


@lru_cache(maxsize=_REGEX_CACHE)
def _name_anchor_regex(rests: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        "(?:"
        + "|".join(re.escape(k[0]) + _AFTER_FIRST + r"\s+".join(map(re.escape, k[1:].split(" "))) for k in rests)
        + f")(?![{_LATIN}])"
    )


def _norm_form(form: str) -> str:
    """A literal form as the trie stores it: lower case, separators as one marker."""
    return _SEP_REQ.join(_KEY_SPLIT.split(form.strip().lower()))


_Trie: TypeAlias = dict[str, "_Trie"]
"""A node of ``_trie_regex``'s trie: next character -> node; the key "" marks a form's end."""


def _trie_regex(forms: Iterable[str], after_first: str = "") -> str:
    """One regex for many literal forms, shaped as a trie so each position is tried once.

    ``after_first`` goes right after each form's first character (see ``_AFTER_FIRST``).
    """
    trie: _Trie = {}
    for f in forms:
        node = trie
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie, guard: str = "") -> str:
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


def _compile(glossaries: tuple[Glossary, ...], params: GlossaryParams = GLOSSARY) -> _Compiled:
    common_words = _common_words(_zipf_to_freq(params.common_zipf))

    def is_common(word: str) -> bool:  # ``_common``, by one set (not a lookup per word in a table on disk)
        return word.lower().replace("’", "'") in common_words

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
    # Word+ACRONYM names (ChatGPT): a capitalised word of 3+ letters, then the acronym.
    compound = regex.compile(
        rf"(\p{{Lu}}\p{{Ll}}{{2,}})(\p{{Lu}}{{{params.acronym_min_len},{params.acronym_max_len}}})"
    )

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
            trig = list(g.triggers) or [f for e in g.entries if e.category == "company" for f in (e.en, *e.zh)]
            for t in trig:
                if HAN.search(t):
                    han_forms.add(to_simplified(t))
                    triggers.setdefault((to_simplified(t), False), set()).add(g.path)
                elif t.isupper() and len(t) <= params.trigger_caps_max_len:  # "NIO", "JD": only in capitals
                    latin_forms[True].add(t)
                    triggers.setdefault((t, True), set()).add(g.path)
                else:
                    latin_forms[False].add(_norm_form(t))
                    triggers.setdefault((_norm_form(t), False), set()).add(g.path)
        for e in g.entries:
            if e.protect:
                protect.update(p.lower() for p in e.protect)
            if (
                e.near
                and e.en.isupper()
                and e.en.isalpha()
                and params.acronym_min_len <= len(e.en) <= params.acronym_max_len
            ):
                acronyms.setdefault(len(e.en), []).append((e.en, e))
            cm = compound.fullmatch(e.en) if e.near else None
            if cm:
                compounds.setdefault(len(cm.group(2)), []).append((cm.group(1).lower(), cm.group(2), e))
            add_latin(e.en, e, "canonical", e.case_sensitive)
            for a in e.aliases:
                add_latin(a, e, "canonical", e.case_sensitive)
            for form in (e.en, *e.aliases):
                correct.setdefault(_words_key(form), set()).add(e.glossary)
            words = e.en.split()
            if (
                e.category in ("org", "company")
                and len(words) >= params.name_sound_min_words
                and all(w.isalpha() for w in words)
            ):
                for side, odd, rest in ((-1, words[0], words[1:]), (1, words[-1], words[:-1])):
                    if not is_common(odd):
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
                if e.category == "person":  # "Zou Tao" for Tao Zou is not wrong: persons get no pinyin forms
                    syl = pinyin_of(simp)
                    fam = syl[0] if syl else ""
                    english_fam = next((t for t in e.en.split() if t.lower() == fam), None) if syl else None
                    if english_fam:
                        surnames.setdefault(sound_key(fam), []).append((english_fam, e))
                    continue
                for generated in forms_of(e, simp, params):  # the same forms ``glossary show`` lists
                    if generated.rule == "pinyin":
                        syl = generated.syllables
                        add_pinyin(syl, e)
                        for reading in (syl, *pinyin_readings(simp, params.readings_limit, params.readings_per_char)):
                            canon = _resplit("".join(reading))
                            if canon:
                                key = tuple(sound_key(s) for s in canon)
                                sound.setdefault(key, e)
                                if len(key) >= params.pinyin_fuzzy_min_syllables:
                                    by_ends.setdefault((len(key), key[0], key[-1]), []).append((key, e))
                    else:
                        head, word = generated.syllables, generated.word
                        hj = "".join(head)
                        latin_forms[False].add(_SEP_OPT.join(head) + _SEP_REQ + word)
                        literal[(hj + word, False)] = (e, "pinyin-suffix")
                        canon = _resplit(hj)
                        if canon:
                            sound_suffix.setdefault((tuple(sound_key(s) for s in canon), word), e)
            name_like = any(not is_common(t) for t in _NAME_WORDS.findall(e.en))
            if e.fuzzy and e.category != "person" and name_like:
                joined = _NOT_NAME_CHAR.sub("", e.en.lower())
                if len(joined) >= params.fuzzy_min_letters:
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
                    if len(form) >= params.person_pinyin_min_letters:
                        latin_forms[False].add(_norm_form(form))
                        literal[(_norm_form(form), False)] = (e, "canonical")

    near_words: dict[str, tuple[str, ...]] = {}
    for g in glossaries:
        for e in g.entries:
            for suffix, near in (("", e.near), ("\0unless", e.unless_near)):
                if near:
                    near_words[e.glossary + "\0" + e.id + suffix] = tuple(near)
    from .rules.transfer import pinyin_tables  # not at the top: the rules import this module

    transfer_readings, transfer_pinyin = pinyin_tables((e for g in glossaries for e in g.entries), params)
    return _Compiled(
        glossaries=glossaries,
        latin=_Filed.latin(latin_forms[False], params.index_glued_letters),  # matched in the lower-cased text
        latin_cs=_Filed.latin(latin_forms[True], params.index_glued_letters),
        parts=tuple((tuple(sorted(part_forms[cs])), cs) for cs in (True, False) if part_forms[cs]),
        han=_Filed.han(han_forms),
        literal=literal,
        sound=sound,
        sound_suffix=sound_suffix,
        sound_by_ends=by_ends,
        fuzzy_choices=fuzzy_choices,
        fuzzy_entries=fuzzy_entries,
        fuzzy_buckets=_fuzzy_buckets(glossaries, fuzzy_choices, fuzzy_entries),
        surnames=surnames,
        acronyms=acronyms,
        compounds=compounds,
        name_tokens={k: frozenset(v) for k, v in name_tokens.items()},
        protect=frozenset(protect),
        triggers={k: frozenset(v) for k, v in triggers.items()},
        near_words=near_words,
        correct={k: frozenset(v) for k, v in correct.items()},
        person_words=person_words,
        person_anchors=_Filed.latin(anchors),
        name_runs=name_runs,
        name_anchors=_Filed.latin(name_runs),
        transfer_readings=transfer_readings,
        transfer_pinyin=transfer_pinyin,
        full_after=params.index_full_after,
    )


@lru_cache(maxsize=8)
def _compiled_for(key: tuple[tuple[str, float], ...], params: GlossaryParams = GLOSSARY) -> _Compiled:
    from .cache import cached

    paths = [path for path, _ in key]
    contents = [read_bytes(path) for path in paths]
    with no_gc():
        return cached(
            paths,
            contents,
            params,
            lambda: _compile(tuple(load(path, data=data) for path, data in zip(paths, contents, strict=True)), params),
        )


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic garbage collector off: building (or unpickling) an index makes millions of
    objects and no garbage cycles, and each full collection walks all of them again (half
    the time of compiling 100,000 entries)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def compiled(paths: Sequence[str], params: GlossaryParams = GLOSSARY) -> _Compiled:
    """The compiled matcher for ``paths`` (cached on the paths, their mtimes and ``params``,
    in memory and on disk: ``cache``)."""
    key = []
    for p in paths:
        try:
            key.append((str(p), os.stat(p).st_mtime))
        except OSError as err:
            raise InputError(f"cannot read glossary ({err.strerror})", source=str(p)) from None
    return _compiled_for(tuple(key), params)
