"""Listed names with one word misheard: a person's by one sound (``person-sound``), an
organisation's first or last word by spelling (``name-sound``)."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..entries import Match
from ..forms import _one_sound
from ..index import _LATIN_RUN, _name_anchor_regex, _whole_words_regex

if TYPE_CHECKING:
    from ..match import Finder


def person_sound(f: Finder) -> list[Match]:
    """A listed person's name with one word misheard by one sound ("Brian Wu" for Brian Gu).

    The other word of the name must stand right beside it, spelled as listed; the
    heard word is kept when the call's own speaker labels spell the heard name, or
    when it is a word of another listed name.
    """
    comp = f.comp
    anchors = comp.person_anchor_words(f.runs) if comp.person_words else None
    if anchors is None:
        return []
    out: list[Match] = []
    n = len(f.tokens)
    # whole words of Latin letters: the tokens that are one (found by the distinct words)
    word = frozenset(anchors).__contains__ if all(map(_LATIN_RUN.fullmatch, anchors)) else None
    for k in f.indices(_whole_words_regex(anchors), word=word):
        for pos, entry in comp.person_words.get(f.low[k], ()):
            if entry.glossary not in f.active:
                continue
            words = entry.en.split()
            for other in (pos - 1, pos + 1):
                j = k + other - pos
                if not (0 <= other < len(words) and 0 <= j < n) or not f.gap_ok(min(j, k)):
                    continue
                s, e, heard = f.tokens[j]
                expected = words[other]
                if heard == expected or not heard[:1].isupper() or not heard.isalpha() or f.is_name(heard):
                    continue
                if not _one_sound(heard.lower(), expected.lower(), f.params.person_word_min):
                    continue
                if " ".join(f.low[min(j, k) : max(j, k) + 1]) in f.speaker_pairs:
                    continue  # the call has a speaker of that very name
                if not f.free(s, e):
                    continue
                f.claim(s, e)
                out.append(Match(s, e, entry, "person-sound", expected))
    return out


def name_sound(f: Finder) -> list[Match]:
    """An organisation's name with its first or last word misheard ("Marry Posa Investor
    Relations" for Mariposa Investor Relations): the rest of the name stands right beside
    it, spelled as listed, and the one or two words heard there start with the same letter
    and come within ``name_word_ratio`` of the listed word."""
    comp = f.comp
    rests = comp.name_anchor_rests(lambda: f.runs(lowered=True)) if comp.name_runs else None
    if rests is None:
        return []
    from rapidfuzz import fuzz

    out: list[Match] = []
    n, starts = len(f.tokens), f.token_starts
    for m in f.scan(_name_anchor_regex(rests), [r.split(" ")[0] for r in rests], lowered=True):
        a = bisect.bisect_left(starts, m.start())
        b = bisect.bisect_left(starts, m.end()) - 1
        for side, odd, entry in comp.name_runs.get(" ".join(m.group().split()), ()):
            if entry.glossary not in f.active:
                continue
            for width in (2, 1):
                i, j = (a - width, a) if side < 0 else (b + 1, b + 1 + width)
                if i < 0 or j > n or not all(f.gap_ok(k) for k in range(min(i, a), max(j, b + 1) - 1)):
                    continue
                heard = "".join(f.low[i:j])
                if not heard.isalpha() or heard[0] != odd[0].lower() or heard == odd.lower():
                    continue
                if fuzz.ratio(heard, odd.lower()) < f.params.name_word_ratio:
                    continue
                if any(f.is_name(f.tokens[k][2]) for k in range(i, j)):
                    continue
                s, e = f.tokens[i][0], f.tokens[j - 1][1]
                if not f.free(s, e):
                    continue
                f.claim(s, e)
                out.append(Match(s, e, entry, "name-sound", odd))
                break
    return out
