"""The search: one monotone dynamic programme over the units of a transcript.

At each point it takes one unit alone (native English, noise, vendor text, a label, an
original left unrendered) or a bead (``bead.py``) whose switch point lies there. ``best``
holds the best total score of a segmentation of the first i units; ``back`` how it ends.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..detect import Unit
from ..model import Kind
from ..params import Align as AlignParams
from ..similarity import UnitMatches, block_overlap
from .bead import bead_scores
from .evidence import Evidence, first_content

Step = tuple
"""("single", unit, kind) or ("bead", x, j, f, score): how the best path to a point ends."""


def search(text: str, units: Sequence[Unit], ev: Evidence, matches: UnitMatches, params: AlignParams) -> list[Step]:
    """The back pointers of the best segmentation into single units and beads."""
    n = ev.n
    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back: list[Step] = [()] * (n + 1)
    la, lb = params.max_source, params.max_target
    win_lo, win, win_cum = 0, np.zeros((0, 0)), np.zeros(1)
    win_len = 2 * (la + lb) + 8
    free, chinese, noise, interp = ev.free, ev.chinese, ev.noise, ev.interp
    for t in range(n):
        # best[t] is final: every bead ending at t has its switch point before t.
        single, kind = single_score(units[t], bool(interp[t]), ev.english_originals, params)
        if best[t] + single > best[t + 1]:
            best[t + 1], back[t + 1] = best[t] + single, ("single", t, kind)
        # Beads switching at j = t + 1: A = [x, j) with x <= t, B = [f, y) after the gap.
        j = t + 1
        if j >= n or not (free[t] or chinese[t] or noise[t]):
            continue
        x_lo = max(0, j - la, int(ev.src_from[t])) if ev.source_ok[t] else j
        xs = np.arange(x_lo, j)
        xs = xs[((free[xs] & ~interp[xs]) | chinese[xs]) & ev.opens[xs] & (best[xs] > -np.inf)]
        if not ev.english_originals:
            xs = xs[ev.c_words[j] - ev.c_words[xs] == 0]  # no machine English: a source is Chinese
        if len(xs) == 0:
            continue
        f = first_content(units, j, text, params)
        if f >= n or not free[f] or units[f].continues:
            continue
        y_hi = min(n, f + lb, int(ev.tgt_to[f]))  # free[f], so target_ok[f]
        ys = np.arange(f + 1, y_hi + 1)
        ys = ys[ev.closes[ys] & (ev.c_turn[ys] - ev.c_turn[f + 1] == 0)]
        xs = xs[ev.c_turn[j] - ev.c_turn[xs + 1] == 0]
        if len(xs) == 0 or len(ys) == 0:
            continue
        if x_lo < win_lo or y_hi > win_lo + win.shape[0]:
            win_lo = max(0, x_lo)
            win = matches.window(win_lo, min(n, win_lo + win_len))
            win_cum = ev.c_len[win_lo : win_lo + win.shape[0] + 1] - ev.c_len[win_lo]
            if y_hi > win_lo + win.shape[0]:
                continue  # a gap longer than the window: no bead across it
        ov = block_overlap(win, win_cum, xs - win_lo, j - win_lo, f - win_lo, ys - win_lo)
        score = bead_scores(ev, params, xs, j, f, ys, ov)
        total = best[xs][:, None] + score
        arg = np.argmax(total, axis=0)
        for col, y in enumerate(ys):
            row = arg[col]
            if total[row, col] > best[y]:
                best[y] = total[row, col]
                back[y] = ("bead", int(xs[row]), j, f, float(score[row, col]))
    return back


def single_score(u: Unit, interp: bool, english_originals: bool, params: AlignParams) -> tuple[float, Kind]:
    """Score and kind of a unit taken alone: English in the interpreter's turn is a
    rendering; other open English is an unrendered original only on strong garble.

    >>> from bitranscript.detect import Unit
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
) -> tuple[list[Kind], list[tuple[tuple[int, ...], tuple[int, ...], float]]]:
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
                if units[i].fixed is None:
                    kinds[i] = "interpretation"
                    tgt.append(i)
                else:
                    kinds[i] = units[i].fixed  # noise, framing keep their kind
            beads.append((tuple(src), tuple(tgt), score))
        k = p
    beads.reverse()
    return kinds, beads


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
