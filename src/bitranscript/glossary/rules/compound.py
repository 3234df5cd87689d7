"""A Word+ACRONYM name heard as two words (``fuzzy``): "Chap GPT" for ChatGPT."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..entries import Match

if TYPE_CHECKING:
    from ..match import Finder


def find(f: Finder) -> list[Match]:
    """A Word+ACRONYM name heard as two words ("Chap GPT", "Chat GBT" for ChatGPT).

    Only for entries with a ``near`` condition; the acronym may be off by one letter,
    the word must share its first letter and most of its letters with the name's word.
    """
    from rapidfuzz import fuzz

    p = f.params
    at, to, words = f.tokens.starts, f.tokens.ends, f.tokens.words  # read directly: no tuple per token
    out: list[Match] = []
    for k in f.caps:
        i, a = k - 1, words[k]
        if i < 0:
            continue
        w = words[i]
        word = w.lower().replace("'s", "").replace("’s", "") + ("s" if w.lower().endswith(("'s", "’s")) else "")
        # only names of this acronym length whose word starts as this one (the test below)
        compounds = [c for c in f.comp.compounds.get(len(a), ()) if c[0][:1] == word[:1]]
        if not compounds:
            continue
        s, e = at[i], to[k]
        if not f.free(s, e):
            continue
        if not f.name_gap.fullmatch(f.folded[to[i] : at[k]]):
            continue
        for head, acro, entry in compounds:
            if (
                entry.glossary not in f.active
                or sum(x != y for x, y in zip(acro, a, strict=True)) > p.acronym_letters_off
            ):
                continue
            known = f.comp.literal.get((a, True)) or f.comp.literal.get((a.lower(), False))
            if a != acro and known is not None and known[1] == "canonical":
                continue  # "China's GPU" names a GPU, not ChatGPT
            if fuzz.ratio(word, head) < p.compound_word_ratio or (word == head and a == acro):
                continue
            if f.usable(entry, s, e, "fuzzy"):
                f.claim(s, e)
                out.append(Match(s, e, entry, "fuzzy", entry.en))
                break
    return out
