"""The search: one monotone dynamic programme over the units of a transcript.

At each point it takes one unit alone (native English, noise, vendor text, a label, an
original left unrendered) or a bead (``bead.py``) whose switch point lies there. ``best``
holds the best total score of a segmentation of the first i units; ``back`` how it ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import add
from typing import Any

import numpy as np

from ..model import Kind, Unit
from ..params import Align as AlignParams
from ..similarity import UnitMatches, bead_ends, block_cells, block_overlap, block_overlaps
from .bead import bead_scores, bead_scores_flat
from .evidence import Evidence, first_content

Step = tuple[Any, ...]
"""("single", unit, kind) or ("bead", x, j, f, score): how the best path to a point ends."""
Bead = tuple[tuple[int, ...], tuple[int, ...], float]
"""(source unit indices, interpretation unit indices, score), as ``Alignment.beads`` holds them."""


def english_source(units: Sequence[Unit], src: Sequence[int]) -> bool:
    """Whether a bead's source is open English (machine English), not Chinese or placeholders.

    >>> from bitranscript.model import Unit
    >>> english_source([Unit(0, 1, 0, None, 0), Unit(2, 3, 0, "chinese", 0)], (0,))
    True
    >>> english_source([Unit(0, 1, 0, None, 0), Unit(2, 3, 0, "chinese", 0)], (0, 1))
    False
    """
    return bool(src) and all(units[i].fixed is None for i in src)


def search(
    text: str,
    units: Sequence[Unit],
    ev: Evidence,
    matches: UnitMatches,
    params: AlignParams,
    measured: Iterable[Measured] | None = None,
) -> list[Step]:
    """The back pointers of the best segmentation into single units and beads.

    A bead's score does not depend on the path before it, so the switch points
    (``switch_points``, in order) are measured (``measure``: ``measured``, if given, is
    what it gave for the same evidence) and scored ahead of the programme (``_scored``);
    the programme itself then only adds and compares. Only one chunk is held at a time.
    """
    n = ev.n
    best = [-np.inf] * (n + 1)
    best[0] = 0.0
    back: list[Step] = [()] * (n + 1)
    interp = ev.interp.tolist()
    singles = [single_score(u, interp[t], ev.english_originals, params) for t, u in enumerate(units)]
    if measured is None:
        measured = measure(text, units, ev, matches, params)
    scored = _scored(ev, params, measured)
    item = next(scored, None)
    for t in range(n):
        # best[t] is final: every bead ending at t has its switch point before t.
        single, kind = singles[t]
        if best[t] + single > best[t + 1]:
            best[t + 1], back[t + 1] = best[t] + single, ("single", t, kind)
        if item is None or item[0].j != t + 1:
            continue
        blk, scores, off = item
        item = next(scored, None)
        xs, ys, j, f = blk.xs, blk.ys, blk.j, blk.f
        ny = len(ys)
        if isinstance(scores, np.ndarray):  # a large switch point: (len(xs), ny)
            total = np.array([best[x] for x in xs])[:, None] + scores
            rows = total.argmax(axis=0)  # the first best row
            cols = np.arange(ny)
            tops, picked = total[rows, cols].tolist(), scores[rows, cols].tolist()
            for col, (y, row) in enumerate(zip(ys, rows.tolist(), strict=True)):
                if tops[col] > best[y]:
                    best[y] = tops[col]
                    back[y] = ("bead", xs[row], j, f, picked[col])
            continue
        if len(xs) == 1:  # most switch points: one source, each total a single sum
            bx0, x0 = best[xs[0]], xs[0]
            for y, score in zip(ys, scores[off : off + ny], strict=True):
                if bx0 + score > best[y]:
                    best[y] = bx0 + score
                    back[y] = ("bead", x0, j, f, score)
            continue
        bx = [best[x] for x in xs]
        here = scores[off : off + len(xs) * ny]  # x-major: column col is here[col::ny]
        for col, y in enumerate(ys):
            column = here[col::ny]
            top = max(map(add, bx, column))
            if top > best[y]:  # only then is the row looked for
                row = list(map(add, bx, column)).index(top)  # the first best row, as argmax takes it
                best[y] = top
                back[y] = ("bead", xs[row], j, f, here[row * ny + col])
    return back


@dataclass(frozen=True, slots=True)
class SwitchPoint:
    """The beads ``[x, j) -> [f, y)`` of one switch point ``j``: every x in ``xs`` with every
    y in ``ys``; their ordered overlaps read the LCS lengths of window number ``window``
    (from unit ``win_lo``)."""

    xs: list[int]
    j: int
    f: int
    ys: list[int]
    window: int
    win_lo: int


def switch_points(
    text: str, units: Sequence[Unit], ev: Evidence, matches: UnitMatches, params: AlignParams
) -> Iterator[SwitchPoint]:
    """Every switch point's candidate beads, in order: the sources ``[x, j)`` (open English
    outside the interpreter's turns, or Chinese, opening a block, within ``max_source``) and
    renderings ``[f, y)`` (within ``max_target``, closing a block, no new turn inside)."""
    n = ev.n
    la, lb = params.max_source, params.max_target
    win_len = 2 * (la + lb) + 8
    # The units that may open a source and those a rendering may end before, in order: a
    # block's candidates are a slice of them, found for every switch point at once. The
    # running totals never fall, so "no new turn inside" (and, without machine English,
    # "no English words") bounds that slice.
    openers = np.flatnonzero(((ev.free & ~ev.interp) | ev.chinese) & ev.opens[:n])
    closers = np.flatnonzero(ev.closes)
    t = np.flatnonzero((ev.free | ev.chinese | ev.noise)[: max(n - 1, 0)])
    j = t + 1
    x_lo = np.where(ev.source_ok[t], np.maximum(np.maximum(j - la, 0), ev.src_from[t]), j)
    x_from = np.maximum(x_lo, np.searchsorted(ev.c_turn, ev.c_turn[j]) - 1)  # c_turn[x + 1] == c_turn[j]
    if not ev.english_originals:  # no machine English: a source is Chinese
        x_from = np.maximum(x_from, np.searchsorted(ev.c_words, ev.c_words[j]))
    xa, xb = np.searchsorted(openers, x_from), np.searchsorted(openers, j)
    some = xa < xb
    j, x_lo, xa, xb = j[some], x_lo[some], xa[some], xb[some]
    f = np.array([first_content(units, k, text, params) for k in j.tolist()], dtype=np.int64)
    ok = f < n
    ok[ok] = ev.free[f[ok]] & ~np.array([units[k].continues for k in f[ok].tolist()], dtype=bool)
    j, x_lo, xa, xb, f = j[ok], x_lo[ok], xa[ok], xb[ok], f[ok]
    y_hi = np.minimum(np.minimum(f + lb, n), ev.tgt_to[f])  # free[f], so target_ok[f]
    y_to = np.minimum(y_hi, np.searchsorted(ev.c_turn, ev.c_turn[f + 1], "right") - 1)  # c_turn[y] == c_turn[f + 1]
    ya, yb = np.searchsorted(closers, f + 1), np.searchsorted(closers, y_to, "right")
    opener_list, closer_list = openers.tolist(), closers.tolist()
    window = -1
    win_lo, win_size = 0, 0
    for jj, ff, lo, a, b, c, d, hi in zip(*(v.tolist() for v in (j, f, x_lo, xa, xb, ya, yb, y_hi)), strict=True):
        if c >= d:
            continue
        if lo < win_lo or hi > win_lo + win_size:
            win_lo = max(0, lo)
            win_size = min(n, win_lo + win_len) - win_lo
            window += 1
            if hi > win_lo + win_size:
                continue  # a gap longer than the window: no bead across it
        yield SwitchPoint(opener_list[a:b], jj, ff, closer_list[c:d], window, win_lo)


_CHUNK = 1 << 16
"""Beads of small switch points scored at once, at most: bounds the memory."""

_LARGE = 1024
"""Beads from which a switch point is scored alone, its terms of x and of y broadcast:
fewer figures to gather than the flat form of a chunk reads for every bead."""


@dataclass(frozen=True, slots=True)
class Measured:
    """What a search needs of one run of switch points that does not depend on the weights:
    their beads and ordered overlaps. ``blocks`` holds one large switch point (``ov`` its
    len(xs) x len(ys) overlaps) or a chunk of small ones (``ov`` and the bead arrays flat,
    each switch point's beads x-major from ``starts``)."""

    blocks: list[SwitchPoint]
    ov: np.ndarray
    x: np.ndarray | None = None
    j: np.ndarray | None = None
    f: np.ndarray | None = None
    y: np.ndarray | None = None
    starts: np.ndarray | None = None

    @property
    def beads(self) -> int:
        return int(self.ov.size)


def measure(
    text: str, units: Sequence[Unit], ev: Evidence, matches: UnitMatches, params: AlignParams
) -> Iterator[Measured]:
    """The switch points of a transcript (``switch_points``) with their beads' overlaps, in
    order: small ones together, in chunks, large ones alone. A second search with other
    weights (``align.align``) may read them again instead of measuring twice."""
    win_len = 2 * (params.max_source + params.max_target) + 8
    cache: dict[int, np.ndarray] = {}

    def window(blk: SwitchPoint) -> np.ndarray:
        win = cache.get(blk.window)
        if win is None:
            cache.clear()  # switch points come in order: a window left is not used again
            win = cache[blk.window] = matches.window(blk.win_lo, min(ev.n, blk.win_lo + win_len))
        return win

    chunk: list[SwitchPoint] = []
    size = 0
    for blk in switch_points(text, units, ev, matches, params):
        beads = len(blk.xs) * len(blk.ys)
        if chunk and (beads >= _LARGE or size + beads > _CHUNK):
            yield _measure_chunk(ev, chunk, window)
            chunk, size = [], 0
        if beads >= _LARGE:
            yield _measure_one(ev, blk, window(blk))
        else:
            chunk.append(blk)
            size += beads
    if chunk:
        yield _measure_chunk(ev, chunk, window)


def _scored(
    ev: Evidence, params: AlignParams, measured: Iterable[Measured]
) -> Iterator[tuple[SwitchPoint, list[float] | np.ndarray, int]]:
    """Each switch point with its beads' scores, in order: a large one's as an array
    (len(xs) x len(ys)); a small one's in the flat list of its chunk, x-major from the
    position given."""
    c_framing = np.concatenate([[0], np.cumsum(ev.framing)])
    for m in measured:
        if m.x is None:  # one large switch point
            blk = m.blocks[0]
            xs, ys = np.array(blk.xs, dtype=np.int64), np.array(blk.ys, dtype=np.int64)
            yield blk, bead_scores(ev, params, xs, blk.j, blk.f, ys, m.ov, c_framing), 0
            continue
        assert m.j is not None and m.f is not None and m.y is not None
        flat: list[float] = bead_scores_flat(ev, params, m.x, m.j, m.f, m.y, m.ov, m.starts, c_framing).tolist()
        off = 0
        for blk in m.blocks:
            yield blk, flat, off
            off += len(blk.xs) * len(blk.ys)


def _measure_one(ev: Evidence, blk: SwitchPoint, win: np.ndarray) -> Measured:
    """The overlaps (len(xs) x len(ys)) of one switch point's beads."""
    lo = blk.win_lo
    xs, ys = np.array(blk.xs, dtype=np.int64), np.array(blk.ys, dtype=np.int64)
    cum = ev.c_len[lo : lo + win.shape[0] + 1]
    return Measured([blk], block_overlap(win, cum, xs - lo, blk.j - lo, blk.f - lo, ys - lo))


def _measure_chunk(ev: Evidence, blocks: list[SwitchPoint], window: Callable[[SwitchPoint], np.ndarray]) -> Measured:
    """The beads of ``blocks`` and their overlaps, each switch point's x-major, one after another."""
    xs = [blk.xs for blk in blocks]
    ys = [blk.ys for blk in blocks]
    jb = np.array([blk.j for blk in blocks], dtype=np.int64)
    fb = np.array([blk.f for blk in blocks], dtype=np.int64)
    x0 = np.array([v[0] for v in xs], dtype=np.int64)
    y1 = np.array([v[-1] for v in ys], dtype=np.int64)
    found = []  # the unit pairs that share words, window by window
    for _, run in groupby(range(len(blocks)), key=lambda k: blocks[k].window):
        ks = list(run)
        at = slice(ks[0], ks[-1] + 1)
        b, r, c, v = block_cells(window(blocks[ks[0]]), blocks[ks[0]].win_lo, x0[at], jb[at], fb[at], y1[at])
        found.append((b + ks[0], r, c, v))
    b, r, c, v = (np.concatenate(p) for p in zip(*found, strict=True))
    x, y = bead_ends(xs, ys)
    ov = block_overlaps((b, r, c, v), xs, jb, fb, ys, ev.c_len, (x, y))
    size = np.array([len(v) * len(w) for v, w in zip(xs, ys, strict=True)])
    starts = np.concatenate([[0], np.cumsum(size)[:-1]])
    return Measured(list(blocks), ov, x, np.repeat(jb, size), np.repeat(fb, size), y, starts)


def single_score(u: Unit, interp: bool, english_originals: bool, params: AlignParams) -> tuple[float, Kind]:
    """Score and kind of a unit taken alone: English in the interpreter's turn is a
    rendering; other open English is an unrendered original only on strong garble.

    >>> from bitranscript.model import Unit
    >>> from bitranscript.params import Align
    >>> single_score(Unit(0, 9, 0, None, 0, garble=3.0), False, True, Align())[1]
    'original'
    >>> single_score(Unit(0, 9, 0, None, 0, garble=3.0), False, False, Align())[1]
    'native'
    """
    if interp:
        return 0.0, "interpretation"
    if u.fixed is None and english_originals:
        native = -0.5 * params.garble_weight * u.garble
        orig = params.garble_weight * u.garble - params.unpaired_original_cost
        return (native, "native") if native >= orig else (orig, "original")
    return 0.0, u.fixed or "native"


def trace(
    units: Sequence[Unit], back: list[Step], refine: Callable[[int, int, int], int]
) -> tuple[list[Kind], list[Bead]]:
    """The kinds and beads of the best path (``refine(x, j, y)`` may move a bead's switch)."""
    n = len(units)
    kinds: list[Kind] = ["native"] * n
    beads = []
    k = n
    while k > 0:
        step = back[k]
        if step[0] == "single":
            _, p, kind = step
            kinds[p] = kind
        else:
            _, p, j, f, score = step
            if f == j:
                j = f = refine(p, j, k)
            src, tgt = [], []
            for i in range(p, j):
                kinds[i] = units[i].fixed or "original"
                if kinds[i] != "noise":
                    src.append(i)
            for i in range(j, f):
                kinds[i] = units[i].fixed or "native"  # labels, framing, a courtesy
            for i in range(f, k):
                fixed = units[i].fixed
                if fixed is None:
                    kinds[i] = "interpretation"
                    tgt.append(i)
                else:
                    kinds[i] = fixed  # noise, framing keep their kind
            for i in rest_after_noise(units, kinds, k):
                kinds[i] = "interpretation"
                tgt.append(i)
            beads.append((tuple(src), tuple(tgt), score))
        k = p
    beads.reverse()
    return kinds, beads


def rest_after_noise(units: Sequence[Unit], kinds: list[Kind], k: int) -> list[int]:
    """The open English left native after noise in the line where a rendering ends at ``k``
    (the units from ``k`` on are settled): a hallucinated loop or lost words inside a
    paragraph do not end the interpreter's turn ("... 'Mine's . . . People call me Misty.'").

    >>> from bitranscript.model import Unit
    >>> units = [Unit(0, 1, 0, None, 0), Unit(2, 3, 0, "noise", 0), Unit(4, 5, 0, None, 0), Unit(6, 7, 1, None, 0)]
    >>> rest_after_noise(units, ["interpretation", "noise", "native", "native"], 1)
    [2]
    """
    out: list[int] = []
    crossed = False
    for i in range(k, len(units)):
        u = units[i]
        if u.line != units[k - 1].line:
            break
        if u.fixed == "noise":
            crossed = True
        elif crossed and u.fixed is None and kinds[i] == "native":
            out.append(i)
        else:
            break
    return out


def rendered_turns(units: Sequence[Unit], kinds: list[Kind]) -> list[Kind]:
    """Open English left native that renders speech nobody transcribed: in the interpreter's
    turn, or after lost speech (the rest of that turn, or the next turn; where no speaker
    label marks turns, the next paragraph)."""
    out = list(kinds)
    labelled = any(u.is_label for u in units)
    lost, rendering_line = False, -1
    for i, u in enumerate(units):
        if u.is_label and i and not (units[i - 1].lost_speech or units[i - 1].is_label):
            lost = False
        if not labelled and lost and rendering_line >= 0 and u.line != rendering_line:
            lost = False
        if u.fixed is None and out[i] == "native" and (u.interpreter_turn or lost):
            out[i] = "interpretation"
            if lost and rendering_line < 0:
                rendering_line = u.line
        if u.lost_speech:
            lost, rendering_line = True, -1
    return out
