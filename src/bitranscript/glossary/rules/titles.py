"""Persons after a title: a family name misheard after Mr./CEO/Director (``person-title``),
and 总 translated word for word ("Zou total" -> "Mr. Zou")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..entries import Match
from ..forms import sound_key
from ..text import _common, _whole_words

if TYPE_CHECKING:
    from ..match import Finder

TITLES = frozenset("mr mrs ms dr ceo cfo coo cto chairman chairwoman director president founder".split())

_TITLE_WORDS = _whole_words(TITLES)
_TOTAL = _whole_words(["total"])
"""These two are matched against the lower-cased text."""
_TITLE_GAP = regex.compile(r"\.?\s{1,2}")


def titles(f: Finder) -> list[Match]:
    """A family name misheard after a title ("CEO Zozo", "Director Zhou" for Zou)."""
    if not f.comp.surnames:
        return []
    from rapidfuzz import fuzz

    from ...features import english_frequencies

    freq = english_frequencies()
    out: list[Match] = []
    for i in (i for i in f.indices(_TITLE_WORDS, lowered=True, word=TITLES.__contains__) if i + 1 < len(f.tokens)):
        s, e, w = f.tokens[i + 1]
        gap = f.folded[f.tokens[i][1] : s]
        if not _TITLE_GAP.fullmatch(gap) or not w[:1].isupper() or not w.isalpha():
            continue
        low = w.lower()
        if f.is_name(w) or low in f.speaker_words or not f.free(s, e):
            continue  # a name of this call's own speakers ("Mr. Zhou" where Zhou Lei asks) is right
        from ...features import pinyin_split

        syl = pinyin_split(low)
        cands = []
        for key, people in f.comp.surnames.items():
            for fam, entry in people:
                if entry.glossary not in f.active:
                    continue
                if syl and len(syl) == 1 and sound_key(syl[0]) == key:
                    cands.append((2.0, fam, entry))
                elif (
                    low[0] == fam[0].lower()
                    and not (syl and len(syl) == 1)  # "Luo" is a name of its own
                    and not _common(low, freq, f.common_freq)
                    and fuzz.ratio(low, fam.lower()) >= f.params.title_surname_ratio
                ):
                    cands.append((fuzz.ratio(low, fam.lower()) / 100, fam, entry))
        cands.sort(key=lambda c: -c[0])
        if not cands or (len(cands) > 1 and cands[0][0] == cands[1][0] and cands[0][1] != cands[1][1]):
            continue
        _, fam, entry = cands[0]
        f.claim(s, e)
        out.append(Match(s, e, entry, "person-title", fam))
    return out


def honorifics(f: Finder) -> list[Match]:
    """总 translated word for word after a family name: "Zou total" -> "Mr. Zou"."""
    out: list[Match] = []
    for i in (i for i in f.indices(_TOTAL, lowered=True, word="total".__eq__) if i > 0):
        (s, _, fam), (_, e, _) = f.tokens[i - 1], f.tokens[i]
        if not fam[:1].isupper() or not f.gap_ok(i - 1) or not f.free(s, e):
            continue
        if (
            i + 1 < len(f.tokens)
            and f.gap_ok(i)
            and f.tfreq[i + 1] >= f.common_freq
            and f.low[i + 1] not in ("and", "or", "mentioned", "said", "just", "also", "has", "had", "is")
        ):
            continue  # "He total revenue ...": English, not an honorific
        people = [
            entry
            for _, entries in f.comp.surnames.items()
            for name, entry in entries
            if name == fam and entry.glossary in f.active
        ]
        if len({p.en for p in people}) != 1:
            continue
        person = people[0]
        f.claim(s, e)
        out.append(Match(s, e, person, "person-title", f"{person.title} {fam}".strip()))
    return out
