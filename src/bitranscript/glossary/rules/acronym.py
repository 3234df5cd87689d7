"""An acronym misheard in one letter, only where its entry's condition holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..entries import Match
from ..text import _common

if TYPE_CHECKING:
    from ..match import Finder


def find(f: Finder) -> list[Match]:
    """An acronym misheard in one letter ("VOM" beside VLA for VLM), only where its condition holds."""
    from ...features import english_frequencies

    freq = english_frequencies()
    p = f.params
    out: list[Match] = []
    at, to, words = f.tokens.starts, f.tokens.ends, f.tokens.words  # read directly: no tuple per token
    for k in f.caps:
        s, e, tok = at[k], to[k], words[k]
        acronyms = f.comp.acronyms.get(len(tok))
        if not acronyms:  # no entry of this length: the frequency lookups below would find nothing
            continue
        if not p.acronym_min_len <= len(tok) <= p.acronym_max_len or _common(tok, freq, f.common_freq):
            continue
        if not f.free(s, e):
            continue
        cands = [
            entry
            for acro, entry in acronyms
            if entry.glossary in f.active
            and sum(a != b for a, b in zip(acro, tok, strict=True)) == p.acronym_letters_off
        ]
        cands = [c for c in cands if f.usable(c, s, e, "acronym")]
        if len({c.en for c in cands}) != 1:
            continue
        f.claim(s, e)
        out.append(Match(s, e, cands[0], "acronym", cands[0].en))
    return out
