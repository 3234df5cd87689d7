"""After the search: move a settled bead's switch point back into its original's last
paragraph, where the vendor ran the interpreter's first sentences into it (``refine_switch``),
and recut a switch inside a line where the call's two ways of writing change
(``recut_lines``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import regex

from ..model import Kind, Unit
from ..params import Align as AlignParams
from ..similarity import UnitMatches
from .dp import Bead, english_source
from .evidence import Evidence, block_literalness
from .style import StyleModel

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


def recut_lines(
    units: Sequence[Unit],
    kinds: list[Kind],
    beads: list[Bead],
    style: StyleModel,
    classes_of: Callable[[int], list[str]],
    params: AlignParams,
) -> tuple[list[Kind], list[Bead]]:
    """Beads whose switch lies inside a line, recut where the words of that line say the
    original ends, by the call's own ``style`` (``align.style``; unit i's word classes are
    ``classes_of(i)``).

    The search places such a cut by the whole bead's score, often a sentence off: a short
    sentence says little on its own. Each sentence of the line weighs in by its
    log-likelihood ratio under the call's two ways of writing, and the cut moves to the best
    change point of the line where that beats the search's by ``recut_margin`` nats.
    """
    if not params.recut_margin:
        return kinds, beads
    kinds, out = list(kinds), []
    for src, tgt, score in beads:
        if not tgt or not english_source(units, src) or units[src[-1]].line != units[tgt[0]].line:
            out.append((src, tgt, score))
            continue
        line = units[tgt[0]].line
        seg = [i for i in (*src, *tgt) if units[i].line == line]
        j = seg.index(tgt[0])
        before = [0.0, *itertools.accumulate(style.log_ratio_of(classes_of(i)) for i in seg)]

        def split(c: int, before: list[float] = before) -> float:
            """The line's evidence for the original before cut ``c`` and for the rendering after it."""
            return before[c] - (before[-1] - before[c])

        cuts = [c for c in range(1, len(seg)) if not units[seg[c]].continues]
        best = max(cuts, key=lambda c: (split(c), -abs(c - j)), default=j)
        if best == j or split(best) - split(j) < params.recut_margin:
            out.append((src, tgt, score))
            continue
        src = tuple(i for i in src if units[i].line != line) + tuple(seg[:best])
        tgt = tuple(seg[best:]) + tuple(i for i in tgt if units[i].line != line)
        for i in src:
            kinds[i] = "original"
        for i in tgt:
            kinds[i] = "interpretation"
        out.append((src, tgt, score))
    return kinds, out
