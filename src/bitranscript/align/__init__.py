"""Stage 4, align: decide the open kinds and pair each original block with its interpretation.

One monotone dynamic programme over the units of the whole transcript (``dp``). At each
point it takes one unit alone (native English, noise, vendor text, a speaker label, or an
original that got no interpretation) or a *bead*: a source block ``A`` (machine English
originals and/or raw Chinese) followed by the English block ``B`` that interprets it,
possibly after a speaker label or a remark about the translation. A bead must earn its
place with evidence (``bead``): the two blocks share their content words in order
(``similarity``), the source reads word by word or carries romanised Chinese and the
rendering does not, lengths fit, a remark about the translation stands between them, or,
for raw Chinese and placeholders, the turn structure says so. A call that shows no machine
English anywhere (``evidence.machine_english``) gets no English originals. Where the search
puts most of the call's open English in beads, it runs again with each English bead weighed
against that rate, on the same evidence and overlaps, and, where the first search's beads
show the call's originals and renderings written apart, with each sentence's literalness
read from the call's own two ways of writing (``style``). Once settled, a bead's switch point
may move back over the interpreter's first sentences, or, inside a line, to where the
call's two ways of writing change (``refine``).

The weights are ``params.Align``, fitted by ``benchmarks/tune.py``; ``docs/design.md``
says why each stretch of a call gets its kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from ..model import Alignment, Unit
from ..params import ALIGN
from ..params import Align as AlignParams
from ..similarity import UnitMatches
from .dp import Measured, english_source, measure, rendered_turns, search, trace
from .evidence import Evidence, gather, machine_english
from .refine import recut_lines, refine_switch
from .style import StyleModel, call_style, styled, unit_classes

__all__ = ["Alignment", "AlignParams", "align", "machine_english"]


def align(text: str, units: Sequence[Unit], params: AlignParams = ALIGN) -> Alignment:
    """The kinds of ``units`` and the beads pairing originals with their interpretations.

    Where the first search puts most of the call's open English in beads, a second one
    weighs each bead against that rate (``params.Align.open_share_prior``) on the same
    evidence, its literalness read from the call's own style where that tells the first
    search's originals from their renderings (``style.call_style``)."""
    ev, matches, bags = gather(text, units, params)
    # Refining a settled bead may use every content word, the document's common ones too.
    all_words = UnitMatches(bags, max_share=1.0)
    del bags
    measured = _Kept(measure(text, units, ev, matches, params), _KEEP_BEADS)
    first = _search_and_trace(text, units, ev, matches, all_words, params, measured)
    outside = open_share(units, first)
    if outside >= params.open_share_prior:
        return first
    scale = outside / params.open_share_prior
    calibrated = replace(params, english_bead_cost=params.english_bead_cost * scale)
    style, classes_of = None, unit_classes(units, _text_of(text))
    if params.style_scale:
        style = call_style(units, first.beads, classes_of, params)
        if style is not None:
            ev = styled(ev, units, style, classes_of, params)
    return _search_and_trace(text, units, ev, matches, all_words, calibrated, measured.again(), style, classes_of)


_KEEP_BEADS = 1 << 19
"""Beads whose overlaps the first search keeps for a second (about 40 bytes each): a
longer call is measured again, so memory stays flat."""


class _Kept:
    """The items of ``items`` as they are read, kept for reading again while they hold at
    most ``limit`` beads (``Measured.beads``)."""

    def __init__(self, items: Iterator[Measured], limit: int) -> None:
        self.items, self.limit, self.beads = items, limit, 0
        self.kept: list[Measured] = []
        self.done = False

    def __iter__(self) -> Iterator[Measured]:
        for m in self.items:
            self.beads += m.beads
            if self.beads <= self.limit:
                self.kept.append(m)
            else:
                self.kept.clear()
            yield m
        self.done = True

    def again(self) -> list[Measured] | None:
        """The items again, or None where they were too many to keep (measure anew)."""
        return self.kept if self.done and self.beads <= self.limit else None


def open_share(units: Sequence[Unit], alignment: Alignment) -> float:
    """The share of the open-English paragraphs (lines) of ``units`` that no English-source
    bead of ``alignment`` takes up (1.0 where there are none).

    >>> from bitranscript.model import Unit
    >>> units = [Unit(0, 1, 0, None, 0), Unit(2, 3, 1, None, 0), Unit(4, 5, 2, None, 0), Unit(6, 7, 3, None, 0)]
    >>> open_share(units, Alignment(("original", "interpretation", "native", "native"), (((0,), (1,), 1.0),)))
    0.5
    """
    lines = {u.line for u in units if u.fixed is None}
    if not lines:
        return 1.0
    paired = {units[i].line for src, tgt, _ in alignment.beads if english_source(units, src) for i in (*src, *tgt)}
    return 1.0 - len(paired & lines) / len(lines)


def _search_and_trace(
    text: str,
    units: Sequence[Unit],
    ev: Evidence,
    matches: UnitMatches,
    all_words: UnitMatches,
    params: AlignParams,
    measured: Iterable[Measured] | None,
    style: StyleModel | None = None,
    classes_of: Callable[[int], list[str]] | None = None,
) -> Alignment:
    back = search(text, units, ev, matches, params, measured)
    text_of = _text_of(text)
    kinds, beads = trace(units, back, lambda x, j, y: refine_switch(all_words, units, x, j, y, text_of, params, ev))
    if style is not None and classes_of is not None:
        kinds, beads = recut_lines(units, kinds, beads, style, classes_of, params)
    return Alignment(tuple(rendered_turns(units, kinds)), tuple(beads))


def _text_of(text: str) -> Callable[[Unit], str]:
    """The text of a unit of ``text``."""

    def text_of(u: Unit) -> str:
        return text[u.start : u.end]

    return text_of
