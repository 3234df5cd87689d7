"""After the search: move a settled bead's switch point back into its original's last
paragraph, where the vendor ran the interpreter's first sentences into it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

from ..model import Unit
from ..params import Align as AlignParams
from ..similarity import UnitMatches
from .evidence import Evidence, block_literalness

SIGNPOST = regex.compile(
    r"^(?:now,? )?(?:i(?:'|’)ll|i would like to|i'd like to|let me|let's|moving on|turning to|next,|first(?:ly)?,? (?:i|let))"
    r"|\bi(?:'|’)ll start with",
    regex.IGNORECASE,
)
"""A presenter's signpost ("Now, I would like to...", "Moving on to..."): the interpreter's
words, which have no counterpart in the original."""


def refine_switch(
    matches: UnitMatches,
    units: Sequence[Unit],
    x: int,
    j: int,
    y: int,
    text_of: Callable[[Unit], str],
    params: AlignParams,
    ev: Evidence | None = None,
) -> int:
    """The switch point of bead ``[x, j) -> [j, y)``, moved back into the last line of its
    original block where that fits the evidence better.

    The search only switches inside a paragraph on strong evidence; once a bead is settled,
    the interpreter's first sentences are often found at the end of the original's
    paragraph (the vendor ran the two turns together): each moves to the interpretation
    when the blocks then overlap more, unless it reads like the original, or the original
    reads no more literally than its rendering (``refine_move_contrast``): then only a
    signpost moves.
    """
    if units[j].fixed is not None or units[j - 1].line == units[j].line:
        return j
    lo = max(x, j - params.refine_max_moved)
    lit_a, lit_b = mean_literal(units[x:j]), mean_literal(units[j:y])
    best_j, best_ov, openers = j, -1.0, 0
    for cand in range(j, lo, -1):
        if cand < j and (units[cand].line != units[j - 1].line or units[cand].fixed is not None):
            break
        if cand < j and units[cand].continues:
            continue  # the rendering does not begin inside a sentence
        signpost = cand < j and bool(SIGNPOST.search(text_of(units[cand])))
        lit = units[cand].literal
        # A sentence that reads like the original (word by word, or, where this bead's
        # original reads clearly more literally than its rendering, closer to the original's
        # literalness than to the rendering's) is the original's.
        like_a = lit and lit_a - lit_b >= params.refine_literal_contrast and abs(lit - lit_a) < abs(lit - lit_b)
        if cand < j and not signpost and (lit >= params.literal_sentence or like_a):
            break
        # Where source and rendering read alike (fluent machine translation and an
        # interpreter), a sentence ending the original's paragraph overlaps the rest of it
        # as any speaker's sentences do each other: only a signpost says it moved.
        if cand < j and not signpost and lit_a - lit_b < params.refine_move_contrast:
            break
        if cand < j and not signpost and ev is not None and ev.literal_call and pooled_like_source(ev, x, cand, j, y):
            break
        if signpost:
            openers += 1
        ov = matches.split_overlap(x, cand, y) + params.signpost_bonus * openers
        if ov > best_ov + params.refine_min_gain:
            best_j, best_ov = cand, ov
    return best_j


def pooled_like_source(ev: Evidence, x: int, cand: int, j: int, y: int) -> bool:
    """In a call whose originals read word by word (``Evidence.literal_call``): whether the
    sentences ``[cand, j)``, pooled, read more like the rest of the original ``[x, cand)``
    than like the rendering ``[j, y)`` (short sentences have no literalness of their own;
    together they do)."""
    moved, rest, rendering = (float(block_literalness(ev, lo, hi, 0)) for lo, hi in ((cand, j), (x, cand), (j, y)))
    return abs(moved - rest) < abs(moved - rendering)


def mean_literal(units: Sequence[Unit]) -> float:
    """Mean literalness of the sentences long enough to have one (0.0 when none is).

    >>> from bitranscript.model import Unit
    >>> mean_literal([Unit(0, 1, 0, None, 0, literal=3.0), Unit(1, 2, 0, None, 0), Unit(2, 3, 0, None, 0, literal=1.0)])
    2.0
    """
    known = [u.literal for u in units if u.literal]
    return sum(known) / len(known) if known else 0.0
