"""The score of a bead: a source block ``A = [x, j)`` followed, after a gap ``[j, f)`` of
labels and remarks about the translation, by its rendering ``B = [f, y)``.

A pure function of the evidence (``evidence.Evidence``) and the blocks' ordered overlap,
computed for every bead of every switch point of a transcript at once (``bead_scores_flat``). Each
term is one kind of evidence, weighted by ``params.Align``:

- the ordered overlap of English blocks beyond a threshold (raised where the overlap is
  common in this call: a margin), times the square root of their size;
- the source reads more literally than the rendering (word-by-word machine English);
- raw Chinese and placeholders: the turn structure (how much English follows);
- lengths fit; romanised garble stands in ``A``, not in ``B``;
- neither side holds a paragraph pair of its own;
- a switch inside a paragraph costs, unless a remark about the translation frames it;
- a remark about the translation, a self-translation's own words ("Let me translate my
  question") or an interpreter's label right after the source's turn frames a bead;
- a new turn that answers a question, or asks one after a statement, renders nothing.
"""

from __future__ import annotations

import numpy as np

from ..params import Align as AlignParams
from .evidence import Evidence, block_literalness


def bead_scores(
    ev: Evidence,
    params: AlignParams,
    xs: np.ndarray,
    j: int,
    f: int,
    ys: np.ndarray,
    ov: np.ndarray,
    c_framing: np.ndarray | None = None,
) -> np.ndarray:
    """Scores (len(xs) x len(ys)) of the beads ``[x, j) -> [f, y)``; ``-inf`` where one may
    not stand. ``ov`` is the blocks' ordered overlap (``similarity.block_overlap``).
    One switch point of :func:`bead_scores_flat`, its terms of x alone and of y alone
    computed once and broadcast (the same operations on the same figures, so the same bits)."""
    xs, ys = np.asarray(xs), np.asarray(ys)
    shape = (len(xs), len(ys))
    ov = np.asarray(ov, dtype=float).reshape(shape)
    score = bead_scores_flat(ev, params, xs[:, None], np.asarray(j), np.asarray(f), ys[None, :], ov, None, c_framing)
    return np.broadcast_to(score, shape)


def bead_scores_flat(
    ev: Evidence,
    params: AlignParams,
    x: np.ndarray,
    j: np.ndarray,
    f: np.ndarray,
    y: np.ndarray,
    ov: np.ndarray,
    starts: np.ndarray | None,
    c_framing: np.ndarray | None = None,
) -> np.ndarray:
    """Scores of the beads ``[x, j) -> [f, y)``, one for each position of the equal-length
    arrays ``x``, ``j``, ``f``, ``y`` and ``ov`` (their ordered overlap); ``-inf`` where one
    may not stand. The pairs come in blocks of one switch point each (``j`` and ``f`` the
    same throughout), ``starts`` the position where each block begins: the scores of every
    switch point of a transcript are computed at once, in a few dozen numpy operations.

    The arrays may also be any shapes that broadcast together (``bead_scores``: one switch
    point, ``x`` a column, ``y`` a row); ``starts`` is then ``None``: all one switch point.
    ``c_framing``: the running count of framing remarks (``[0] + cumsum(ev.framing)``), to
    spare recounting it on every call.
    """
    wa = ev.c_words[j] - ev.c_words[x]
    ha = ev.c_han[j] - ev.c_han[x]
    wb = ev.c_words[y] - ev.c_words[f]
    ga = ev.c_garble[j] - ev.c_garble[x]
    gb = ev.c_garble[y] - ev.c_garble[f]
    tok_a = ev.c_len[j] - ev.c_len[x]
    tok_b = ev.c_len[y] - ev.c_len[f]
    english_source = wa > 0
    # A block of English sources only, in a call without machine English, holds no bead.
    dead: bool | np.ndarray | None = None
    if not ev.english_originals and english_source.size:
        if starts is None:
            dead = bool(english_source.all())
        else:
            all_english = np.logical_and.reduceat(english_source, starts)
            dead = np.repeat(all_english, np.diff(np.append(starts, len(x))))
    size = np.sqrt(np.minimum(tok_a, tok_b) + 1.0)
    lines = ev.lines
    # Thanks for the question where the interpretation starts opens it as a remark about
    # the translation would, but belongs to it.
    mid_line_switch = (lines[j - 1] == lines[j]) & (f == j) & ~ev.noise[j - 1] & ~ev.thanks[f]
    last = ev.para_start[j - 1]
    # The overlap must stand out against what these paragraphs share with the rest of
    # the call (a margin, as in parallel-corpus mining): native paragraphs that restate
    # each other's figures are alike to many blocks, a rendering to its original.
    # A cut between the two English halves of one paragraph must overlap more than this
    # call's paragraphs do with themselves (``evidence.split_threshold``), and stand out
    # against the paragraph's own background: a native paragraph restating figures said
    # elsewhere is alike to much.
    threshold: float | np.ndarray = params.sim_threshold
    mid_any = bool(mid_line_switch.any())
    if mid_any:
        line_threshold: float | np.ndarray = ev.same_line_threshold
        if params.same_line_margin:
            bg_line = (ev.c_bg[j] - ev.c_bg[last]) / np.maximum(ev.c_len[j] - ev.c_len[last], 1.0)
            line_threshold = np.minimum(
                params.same_line_threshold, np.maximum(line_threshold, params.same_line_margin * bg_line)
            )
        # What was calibrated is the halves of one paragraph: a source that starts in an
        # earlier paragraph, or holds Chinese, is not one.
        one_paragraph = (x >= last) & (ha == 0)
        line_threshold = np.where(one_paragraph, line_threshold, params.same_line_threshold)
        threshold = np.where(mid_line_switch, line_threshold, threshold)
    if params.margin_ratio:
        bg_a = (ev.c_bg[j] - ev.c_bg[x]) / np.maximum(tok_a, 1.0)
        bg_b = (ev.c_bg[y] - ev.c_bg[f]) / np.maximum(tok_b, 1.0)
        threshold = np.maximum(threshold, params.margin_ratio * 0.5 * (bg_a + bg_b))
    gap = ov - threshold
    if mid_any:
        # Short of the call's bar, the shortfall counts relative to that bar, as much as
        # one short of the plain bar would: the calibration lowers the bar for blocks that
        # share words, not the price of blocks that share none.
        plain = params.same_line_threshold
        gap = np.where(~mid_line_switch | (gap >= 0), gap, plain * (ov / np.maximum(threshold, 1e-9) - 1.0))
    score = np.where(english_source, params.sim_weight * gap * size, 0.0)
    # A word-by-word rendering reads more literally than the interpreter's English: the
    # contrast of the blocks' mean literalness, over the size of the literal part of the
    # source. The source's is at most that of its last paragraph, the one the rendering
    # follows: a terse native paragraph before it earns nothing by joining the source.
    lit_last = (ev.c_lit[j] - ev.c_lit[last]) / np.maximum(ev.c_len[j] - ev.c_len[last], 1.0)
    lit_a = np.minimum((ev.c_lit[j] - ev.c_lit[x]) / np.maximum(ev.c_len[j] - ev.c_len[x], 1.0), lit_last)
    lit_b = (ev.c_lit[y] - ev.c_lit[f]) / np.maximum(tok_b, 1.0)
    contrast = np.where(english_source, np.maximum(0.0, lit_a - lit_b - params.literal_margin), 0.0)
    literal_size = np.sqrt(np.minimum(ev.c_lit_len[j] - ev.c_lit_len[x], tok_b) + 1.0)
    # How the blocks read says which is the original, not that one renders the other: cut
    # inside one paragraph (a speaker's terse sentences, then fluent ones), halves that share
    # no content word earn nothing from it. Between paragraphs the turns are apart already,
    # and a free rendering may share none.
    contrast = np.where((ov > 0) | ~mid_line_switch, contrast, 0.0)
    score = score + params.literal_weight * contrast * literal_size
    if params.pooled_literal_weight and ev.literal_call and not mid_line_switch.all():
        # The same contrast with every word of each block pooled: a word-by-word rendering's
        # short sentences say little alone, its paragraph says it plainly. Not for a cut
        # inside a paragraph: a few sentences' inflections vary too much to place a cut
        # (stream_005_gl lost two pairs so); there the words must show it.
        least = params.pooled_min_words
        plit_a = np.minimum(block_literalness(ev, x, j, least), block_literalness(ev, last, j, least))
        plit_b = block_literalness(ev, f, y, least)
        pcontrast = np.where(english_source, np.maximum(0.0, plit_a - plit_b - params.pooled_literal_margin), 0.0)
        score = np.where(mid_line_switch, score, score + params.pooled_literal_weight * pcontrast * size)
        contrast = np.where(mid_line_switch, contrast, np.maximum(contrast, pcontrast))
    if not ev.english_originals:
        score = np.where(english_source, -np.inf, score)
    # Raw Chinese / placeholders: no words to compare, the turn structure decides.
    b_units = ev.c_free[y] - ev.c_free[f]
    if not ev.has_labels:
        # Only the open English up to the line after the source's last.
        b_units = np.minimum(b_units, _free_up_to_line(ev, f, y, lines[j - 1] + 1))
    score = score + np.where(~english_source & (ha > 0), params.chinese_bonus * b_units, 0.0)
    # Lengths should fit, for English originals; an interpreter condenses Chinese too
    # freely for characters to say much.
    smooth = params.length_smoothing
    ratio = np.where(english_source & (wb > 0), np.abs(np.log((wa + smooth) / (wb + smooth))), 0.0)
    score = score - params.length_weight * np.maximum(0.0, ratio - params.length_ratio_free)
    score = score + params.garble_weight * ga - 2 * params.garble_weight * gb - params.bead_cost
    inner_a = ev.c_inner[j] - ev.c_inner[x + 1]
    inner_b = ev.c_inner[y] - ev.c_inner[f + 1]
    score = score - params.inner_pair_weight * (inner_a + inner_b)
    if mid_any:
        # From Chinese characters to English the switch is plain to see, where nothing else
        # marks turns; with speaker labels, a rendering comes in its own turn (or after a
        # remark about the translation), so a speaker's own English after their Chinese
        # ("好 的 ， 谢 谢 。 Nothing more from me.") is no rendering.
        chinese_cost = params.mid_line_switch_cost if ev.has_labels else 0.0
        cost = np.where(english_source, params.mid_line_switch_cost, chinese_cost)
        score = np.where(mid_line_switch, score - cost, score)
    score = score - np.where(english_source, params.english_bead_cost, 0.0)
    if params.source_paragraph_cost:
        # A remark is rendered before the next begins: an English source that runs over
        # paragraphs is more often two remarks, the first one's rendering between them.
        extra = ev.c_para[j] - ev.c_para[x + 1]
        score = score - np.where(english_source, params.source_paragraph_cost * extra, 0.0)
    # The source's speaker shows no sign of speaking Chinese anywhere in the call, and no
    # interpreter's turn follows.
    fluent = ev.fluent_speaker[j - 1] & ~ev.interp[f]
    if fluent.any():
        score = np.where(fluent, score - np.where(english_source, params.fluent_speaker_cost, 0.0), score)
    # "Let me translate my question": the remark itself says that a rendering of what
    # was just said follows, whatever the words show (but only of what was just said) ...
    if c_framing is None:
        c_framing = np.concatenate([[0], np.cumsum(ev.framing)])
    remark = (f > j) | ev.thanks[f]
    framed = remark & ((c_framing[f] - c_framing[j] > 0) | ev.thanks[f])
    framed = framed & (lines[x] >= lines[np.maximum(f - 1, j - 1)] - 1)
    # ... of a source that shows it is speech rendered by machine, or re-said, if English;
    # or, in a call with machine English, of the speaker's own words in this turn, which the
    # remark says they render ("Let me translate my question").
    own = (ev.c_own[f] - ev.c_own[j] > 0) & (ev.turns[x] == ev.turns[np.maximum(f - 1, j)]) & ev.english_originals
    framed = framed & (~english_source | (ga > 0) | (contrast > 0) | (ov >= params.sim_threshold) | own)
    # An interpreter's turn (by its label) right after a turn of English (the next turn: not
    # after another speaker's label, whose words the transcript lost), in a call with machine
    # English: the label says a rendering of that turn follows, as a remark would.
    handed = (
        english_source
        & ev.interpreter_named[f]
        & (ev.turns[x] == ev.turns[j - 1])
        & (ev.turns[f] == ev.turns[j - 1] + 1)
        & ev.english_originals
    )
    framed = framed | handed
    score = np.where(framed, np.maximum(score, 0.0) + params.framing_bonus, score)
    too_short = english_source & ~framed & ((tok_a < params.min_words) | (tok_b < params.min_words))
    # A question and its answer are no original and rendering, however many words one takes
    # up from the other. A rendering of a question asks it again or reports it ("Her question
    # is about ..."), a rendering of a statement asks nothing. So where the second block
    # opens a new turn (with thanks, a greeting or a yes), it is no rendering if the source
    # ends asking and it neither asks nor reports a question ("How should we think about
    # margins?" -> "Sure, thanks. Depreciation will go up ..."), or if it asks and the source
    # neither asks nor reports one ("... revenue grew 47%." -> "Great, thank you. How ...?").
    new_turn = english_source & ev.turn_open[f]
    answers = ev.asks[j - 1] & (ev.c_question[y] == ev.c_question[f])
    asks_anew = (ev.c_asks[y] > ev.c_asks[f]) & (ev.c_question[j] == ev.c_question[x])
    too_short = too_short | (new_turn & (answers | asks_anew))
    if dead is not None:
        too_short = too_short | dead
    return np.where(too_short, -np.inf, score)


def _free_up_to_line(ev: Evidence, f: np.ndarray, y: np.ndarray, line: np.ndarray) -> np.ndarray:
    """How many open English units of ``[f, y)`` stand on ``line`` or before, for each position."""
    lines = ev.lines
    if len(lines) < 2 or bool((lines[1:] >= lines[:-1]).all()):  # units in order: a prefix of [f, y)
        cut = np.searchsorted(lines, line, side="right")
        free: np.ndarray = ev.c_free[np.maximum(np.minimum(y, cut), f)] - ev.c_free[f]
        return free
    fb, yb, lb = np.broadcast_arrays(f, y, line)
    bounds = zip(fb.ravel().tolist(), yb.ravel().tolist(), lb.ravel().tolist(), strict=True)
    return np.array([float(np.sum(ev.free[a:b] & (lines[a:b] <= ln))) for a, b, ln in bounds]).reshape(fb.shape)
