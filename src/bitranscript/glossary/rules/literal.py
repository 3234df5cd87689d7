"""Literal forms: canonical forms and aliases (claimed, never edited), variants, Chinese forms,
generated pinyin and pinyin-suffix forms, all found by the index's trie regexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...features import HAN
from ..entries import Entry, Match
from ..index import _Compiled, han_keys
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
    for pat, cs in comp.literal_patterns(f.runs):
        # what a form reads as: worked out once per pattern and matched text (a name recurs)
        known: dict[str, tuple[frozenset[str] | None, tuple[Entry, str] | None, bool]] = {}
        for m in pat.finditer(folded if cs else f.lowered):
            found = known.get(m.group())
            if found is None:
                found = known[m.group()] = _read(comp, m.group(), bool(m.group("plural")), cs)
            trig, hit, plural = found
            if trig:
                f.active |= trig
            if hit is not None:
                hits.append((m.start(), m.end(), *hit, plural))
    han = comp.han_pattern(lambda: han_keys(folded))
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
    # Longest first so overlapping entries resolve to the longer form.
    for start, end, entry, rule, plural in sorted(f.hits, key=lambda h: (h[0] - h[1], h[0])):
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
