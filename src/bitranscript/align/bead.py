"""The score of a bead: a source block ``A = [x, j)`` followed, after a gap ``[j, f)`` of
labels and remarks about the translation, by its rendering ``B = [f, y)``.

A pure function of the evidence (``evidence.Evidence``) and the blocks' ordered overlap,
computed for every ``x`` in ``xs`` and ``y`` in ``ys`` of one switch point at once. Each
term is one kind of evidence, weighted by ``params.Align``:

- the ordered overlap of English blocks beyond a threshold (raised where the overlap is
  common in this call: a margin), times the square root of their size;
- the source reads more literally than the rendering (word-by-word machine English);
- raw Chinese and placeholders: the turn structure (how much English follows);
- lengths fit; romanised garble stands in ``A``, not in ``B``;
- neither side holds a paragraph pair of its own;
- a switch inside a paragraph costs, unless a remark about the translation frames it.
"""

from __future__ import annotations

import numpy as np

from ..params import Align as AlignParams
from .evidence import Evidence, block_literalness


def bead_scores(ev: Evidence, params: AlignParams, xs: np.ndarray, j: int, f: int, ys: np.ndarray, ov: np.ndarray) -> np.ndarray:
    """Scores (len(xs) x len(ys)) of the beads ``[x, j) -> [f, y)``; ``-inf`` where one may
    not stand. ``ov`` is the blocks' ordered overlap (``similarity.block_overlap``)."""
    wa = (ev.c_words[j] - ev.c_words[xs])[:, None]
    ha = (ev.c_han[j] - ev.c_han[xs])[:, None]
    wb = (ev.c_words[ys] - ev.c_words[f])[None, :]
    ga = (ev.c_garble[j] - ev.c_garble[xs])[:, None]
    gb = (ev.c_garble[ys] - ev.c_garble[f])[None, :]
    tok_a = (ev.c_len[j] - ev.c_len[xs])[:, None]
    tok_b = (ev.c_len[ys] - ev.c_len[f])[None, :]
    english_source = wa > 0
    if not ev.english_originals and english_source.all():
        return np.full((len(xs), len(ys)), -np.inf)
    size = np.sqrt(np.minimum(tok_a, tok_b) + 1.0)
    lines = ev.lines
    # Thanks for the question where the interpretation starts opens it as a remark about
    # the translation would, but belongs to it.
    mid_line_switch = lines[j - 1] == lines[j] and f == j and not ev.noise[j - 1] and not ev.thanks[f]
    # The overlap must stand out against what these paragraphs share with the rest of
    # the call (a margin, as in parallel-corpus mining): native paragraphs that restate
    # each other's figures are alike to many blocks, a rendering to its original.
    # A cut between the two English halves of one paragraph must overlap more than this
    # call's paragraphs do with themselves (``evidence.split_threshold``), and stand out
    # against the paragraph's own background: a native paragraph restating figures said
    # elsewhere is alike to much.
    threshold: float | np.ndarray = params.sim_threshold
    if mid_line_switch:
        threshold = ev.same_line_threshold
        if params.same_line_margin:
            para = ev.para_start[j - 1]
            bg_line = (ev.c_bg[j] - ev.c_bg[para]) / max(ev.c_len[j] - ev.c_len[para], 1.0)
            threshold = min(params.same_line_threshold, max(threshold, params.same_line_margin * bg_line))
        # What was calibrated is the halves of one paragraph: a source that starts in an
        # earlier paragraph, or holds Chinese, is not one.
        one_paragraph = (xs >= ev.para_start[j - 1])[:, None] & (ha == 0)
        threshold = np.where(one_paragraph, threshold, params.same_line_threshold)
    if params.margin_ratio:
        bg_a = (ev.c_bg[j] - ev.c_bg[xs])[:, None] / np.maximum(tok_a, 1.0)
        bg_b = (ev.c_bg[ys] - ev.c_bg[f])[None, :] / np.maximum(tok_b, 1.0)
        threshold = np.maximum(threshold, params.margin_ratio * 0.5 * (bg_a + bg_b))
    gap = ov - threshold
    if mid_line_switch:
        # Short of the call's bar, the shortfall counts relative to that bar, as much as
        # one short of the plain bar would: the calibration lowers the bar for blocks that
        # share words, not the price of blocks that share none.
        plain = params.same_line_threshold
        gap = np.where(gap >= 0, gap, plain * (ov / np.maximum(threshold, 1e-9) - 1.0))
    score = np.where(english_source, params.sim_weight * gap * size, 0.0)
    # A word-by-word rendering reads more literally than the interpreter's English: the
    # contrast of the blocks' mean literalness, over the size of the literal part of the
    # source. The source's is at most that of its last paragraph, the one the rendering
    # follows: a terse native paragraph before it earns nothing by joining the source.
    last = ev.para_start[j - 1]
    lit_last = (ev.c_lit[j] - ev.c_lit[last]) / max(ev.c_len[j] - ev.c_len[last], 1.0)
    lit_a = np.minimum((ev.c_lit[j] - ev.c_lit[xs]) / np.maximum(ev.c_len[j] - ev.c_len[xs], 1.0), lit_last)[:, None]
    lit_b = (ev.c_lit[ys] - ev.c_lit[f])[None, :] / np.maximum(tok_b, 1.0)
    contrast = np.where(english_source, np.maximum(0.0, lit_a - lit_b - params.literal_margin), 0.0)
    literal_size = np.sqrt(np.minimum((ev.c_lit_len[j] - ev.c_lit_len[xs])[:, None], tok_b) + 1.0)
    score = score + params.literal_weight * contrast * literal_size
    if params.pooled_literal_weight and ev.literal_call and not mid_line_switch:
        # The same contrast with every word of each block pooled: a word-by-word rendering's
        # short sentences say little alone, its paragraph says it plainly. Not for a cut
        # inside a paragraph: a few sentences' inflections vary too much to place a cut
        # (stream_005_gl lost two pairs so); there the words must show it.
        least = params.pooled_min_words
        plit_a = np.minimum(block_literalness(ev, xs, j, least), block_literalness(ev, last, j, least))[:, None]
        plit_b = block_literalness(ev, f, ys, least)[None, :]
        pcontrast = np.where(english_source, np.maximum(0.0, plit_a - plit_b - params.pooled_literal_margin), 0.0)
        score = score + params.pooled_literal_weight * pcontrast * size
        contrast = np.maximum(contrast, pcontrast)
    if not ev.english_originals:
        score = np.where(english_source, -np.inf, score)
    # Raw Chinese / placeholders: no words to compare, the turn structure decides.
    b_units = (ev.c_free[ys] - ev.c_free[f])[None, :]
    if not ev.has_labels:
        y_hi = int(ys[-1])
        near = np.cumsum(ev.free[f:y_hi] & (lines[f:y_hi] <= lines[j - 1] + 1))
        b_units = np.minimum(b_units, near[ys - f - 1][None, :])
    score = score + np.where(~english_source & (ha > 0), params.chinese_bonus * b_units, 0.0)
    # Lengths should fit, for English originals; an interpreter condenses Chinese too
    # freely for characters to say much.
    smooth = params.length_smoothing
    ratio = np.where(english_source & (wb > 0), np.abs(np.log((wa + smooth) / (wb + smooth))), 0.0)
    score = score - params.length_weight * np.maximum(0.0, ratio - params.length_ratio_free)
    score = score + params.garble_weight * ga - 2 * params.garble_weight * gb - params.bead_cost
    inner_a = (ev.c_inner[j] - ev.c_inner[xs + 1])[:, None]
    inner_b = (ev.c_inner[ys] - ev.c_inner[f + 1])[None, :]
    score = score - params.inner_pair_weight * (inner_a + inner_b)
    if mid_line_switch:
        # From Chinese characters to English the switch is plain to see, where nothing else
        # marks turns; with speaker labels, a rendering comes in its own turn (or after a
        # remark about the translation), so a speaker's own English after their Chinese
        # ("好 的 ， 谢 谢 。 Nothing more from me.") is no rendering.
        chinese_cost = params.mid_line_switch_cost if ev.has_labels else 0.0
        score = score - np.where(english_source, params.mid_line_switch_cost, chinese_cost)
    score = score - np.where(english_source, params.english_bead_cost, 0.0)
    if ev.fluent_speaker[j - 1] and not ev.interp[f]:
        # The source's speaker shows no sign of speaking Chinese anywhere in the call, and no
        # interpreter's turn follows.
        score = score - np.where(english_source, params.fluent_speaker_cost, 0.0)
    # "Let me translate my question": the remark itself says that a rendering of what
    # was just said follows, whatever the words show (but only of what was just said) ...
    if f > j or ev.thanks[f]:
        framed = (ev.framing[j:f].any() or ev.thanks[f]) & (lines[xs] >= lines[max(f - 1, j - 1)] - 1)[:, None]
        # ... of a source that shows it is speech rendered by machine, or re-said, if English.
        framed = framed & (~english_source | (ga > 0) | (contrast > 0) | (ov >= params.sim_threshold))
    else:
        framed = np.zeros((len(xs), 1), bool)
    score = np.where(framed, np.maximum(score, 0.0) + params.framing_bonus, score)
    too_short = english_source & ~framed & ((tok_a < params.min_words) | (tok_b < params.min_words))
    return np.where(too_short, -np.inf, score)
