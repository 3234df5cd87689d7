"""Literal forms: canonical forms and aliases (claimed, never edited), variants, Chinese forms,
generated pinyin and pinyin-suffix forms, all found by the index's trie regexes."""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import TYPE_CHECKING

from ...features import HAN
from ..entries import Entry, Match
from ..index import _Compiled, _latin_regex, gap_led_regex, han_keys_of
from ..text import _HAN_CHAR, _LATIN_CHAR, _SEP_REQ, _SEPS, _SEPS_OPT

if TYPE_CHECKING:
    from ..match import Finder


def hits(f: Finder) -> list[tuple[int, int, Entry, str, bool]]:
    """Every literal form at a token start (one trie regex of the forms the text's words can
    start), and the Chinese forms.

    Trigger forms found on the way switch their company glossaries on.
    """
    comp, folded = f.comp, f.folded
    hits: list[tuple[int, int, Entry, str, bool]] = []
    for pat, cs, lead in _latin_scans(comp, f.runs):
        # what a form reads as: worked out once per pattern and matched text (a name recurs)
        known: dict[str, tuple[frozenset[str] | None, tuple[Entry, str] | None, bool]] = {}
        text = folded if cs else f.lowered
        group = pat.groupindex["form"] if lead else 0  # (by number: faster than by name)
        for m in pat.finditer(" " + text if lead else text):
            raw = m.group(group)
            found = known.get(raw)
            if found is None:
                found = known[raw] = _read(comp, raw, bool(m.group("plural")), cs)
            trig, hit, plural = found
            if trig:
                f.active |= trig
            if hit is not None:
                start, end = m.span(group)
                hits.append((start - lead, end - lead, *hit, plural))
    han = comp.han_pattern(lambda: han_keys_of(f.han_runs))
    for m in han.finditer(folded) if han is not None else ():
        a, b = m.span()
        if (a and _LATIN_CHAR.match(folded, a) and _LATIN_CHAR.match(folded, a - 1)) or (
            _LATIN_CHAR.match(folded, b - 1) and _LATIN_CHAR.match(folded, b)
        ):
            continue  # "B站", "QQ音乐": their Latin letters must not run on into a word
        trig = comp.triggers.get((m.group(), False))
        if trig:
            f.active |= trig
        hit = comp.literal.get((m.group(), False))
        if hit and _han_word(f, m.start(), m.end()):
            hits.append((m.start(), m.end(), *hit, False))
    return hits


def _latin_scans(comp: _Compiled, runs: Callable[[bool], set[str]]) -> list[tuple[re.Pattern[str], bool, int]]:
    """The regexes of the Latin forms a text can hold (``_Compiled.literal_patterns``), each
    with whether case counts and its lead: 1 for a case-insensitive one led by the character
    before the form (``gap_led_regex``, faster), which reads the text with a space in front
    and holds the form in its group "form"; 0 for one that matches the form alone."""
    out = []
    for forms, cs in comp.literal_forms(runs):
        led = None if cs else gap_led_regex(forms)
        out.append((_latin_regex(forms, cs), cs, 0) if led is None else (led, cs, 1))
    return out + [(pat, cs, 0) for pat, cs in comp.part_patterns()]


def _read(
    comp: _Compiled, raw: str, plural: bool, cs: bool
) -> tuple[frozenset[str] | None, tuple[Entry, str] | None, bool]:
    """The company glossaries a matched literal form switches on, its entry and rule, and
    whether it was matched with a plural "s" (``raw`` is the matched text)."""
    if plural:
        raw = raw[:-1]
    # (the case-insensitive forms are matched in the lower-cased text: raw is lower case)
    norm = raw if raw.isalnum() else _SEP_REQ.join(_SEPS.split(raw))
    hit = comp.literal.get((norm, cs))
    if hit is None:
        hit = comp.literal.get((_SEPS_OPT.sub("", raw.lower()), False))
    if hit is None:
        hit = comp.literal.get((_SEPS.sub("", raw.lower()), False))
    return comp.triggers.get((norm, cs)), hit, plural


def find(f: Finder) -> list[Match]:
    out: list[Match] = []
    # Longest first so overlapping entries resolve to the longer form, then in text order (two
    # stable sorts: the first one in C).
    ordered = sorted(f.hits, key=itemgetter(0))
    ordered.sort(key=lambda h: h[0] - h[1])
    for start, end, entry, rule, plural in ordered:
        if entry.glossary not in f.active or not f.free(start, end):
            continue
        if rule == "canonical":
            f.soft.append((start, end, entry.en.lower()))
            f.claim(start, end, soft=True)
            continue
        if not f.usable(entry, start, end, rule):
            continue
        if rule in ("chinese", "variant") and HAN.search(f.text[start:end]):
            if f.kind(start) == "chinese":
                continue  # a raw Chinese sentence stays Chinese; its interpretation renders it
        f.claim(start, end)
        after = entry.en + ("s" if plural and not entry.en.endswith("s") else "")
        out.append(Match(start, end, entry, rule, after))
    f.soft.sort()
    return out


def _han_word(f: Finder, start: int, end: int) -> bool:
    """A short Chinese form must not be part of a longer word (jieba decides)."""
    text, lo, hi = f.folded, start, end
    while lo > max(0, start - f.params.han_context) and _HAN_CHAR.match(text, lo - 1):
        lo -= 1
    while hi < min(len(text), end + f.params.han_context) and _HAN_CHAR.match(text, hi):
        hi += 1
    if end - start >= f.params.han_word_min_chars or (lo, hi) == (start, end):
        return True
    from ..segment import bounds

    found = bounds(f.folded[lo:hi])
    return start - lo in found and end - lo in found
