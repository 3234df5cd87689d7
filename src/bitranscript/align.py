"""Stage 4, align: decide the open kinds and pair each original block with its interpretation.

One monotone dynamic programme over the units of the whole transcript. At each point it
either takes one unit alone (native English, noise, vendor text, a speaker label, or an
original that got no interpretation) or a *bead*: a source block ``A`` (machine English
originals and/or raw Chinese) followed by the English block ``B`` that interprets it,
possibly after a speaker label or a remark about the translation. A bead must earn its
place with evidence of translation: the two blocks share their content words in order
(``similarity``), romanised-Chinese garble stands in ``A`` and not in ``B``, lengths fit,
a remark about the translation stands between them, or, for raw Chinese and placeholders,
the turn structure says so. A transcript without any trace of Chinese speech gets no
pairs. The weights are ``AlignParams``, tuned with ``benchmarks/tune_align.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

from .detect import Unit
from .features import HAN, english_frequencies
from .model import Kind
from .params import Align as AlignParams
from .similarity import UnitMatches, block_overlap, content_tokens


_TURN_OPENER = regex.compile(
    r"^(?:thank you|thanks|hello|hi|good (?:morning|afternoon|evening|day)|yes|yeah|sure|okay|ok)\b", regex.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Alignment:
    """What ``align`` decided, unit by unit."""

    kinds: tuple[Kind, ...]
    """Final kind of every unit."""
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    """(source unit indices, interpretation unit indices, score), noise left out."""


def align(text: str, units: Sequence[Unit], params: AlignParams = AlignParams()) -> Alignment:
    n = len(units)
    freq = english_frequencies()
    english = [content_tokens(text[u.start : u.end], freq) if u.fixed in (None, "native") else [] for u in units]
    bags = [bag if u.fixed is None else [] for bag, u in zip(english, units)]
    matches = UnitMatches(bags, document=english)
    words = np.array([_english_words(text, u) for u in units], dtype=float)
    han = np.array([_han_count(text, u) for u in units], dtype=float)
    garble = np.array([u.garble for u in units])
    literal = np.array([u.literal for u in units])
    literal_units = literal >= params.literal_sentence  # read as word-by-word renderings
    has_labels = any(u.is_label for u in units)
    free = np.array([u.fixed is None for u in units], dtype=bool)
    chinese = np.array([u.fixed == "chinese" for u in units], dtype=bool)
    noise = np.array([u.fixed == "noise" for u in units], dtype=bool)
    framing = np.array([u.framing for u in units], dtype=bool)
    thanks = np.array([u.thanks for u in units], dtype=bool)
    # English in a turn the vendor or a label gives to the interpreter is a rendering:
    # never an original, never native.
    interp = np.array([u.interpreter_turn and u.fixed is None for u in units], dtype=bool)
    source_ok = (free & ~interp) | chinese | noise
    target_ok = free | noise
    # How alike each unit's paragraph is to the paragraphs around it (not its neighbours):
    # the call's own background, against which a bead's overlap must stand out.
    background, standout = _background(matches, units, params)
    # English is taken for an original only in a call that shows machine English somewhere:
    # romanised Chinese, sentences rendered word by word, or paragraphs whose overlap with
    # their neighbour stands out against the call's background (see ``machine_english``).
    english_originals = machine_english(units, standout, params)

    def cum(a: np.ndarray) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(a, dtype=float)])

    c_words, c_han, c_garble, c_free = cum(words), cum(han), cum(garble), cum(free)
    c_len = cum(matches.length)
    c_bg = cum(background * matches.length)
    c_lit = cum(literal * matches.length)
    c_lit_len = cum(literal_units * matches.length)
    # Where the runs of possible source units end (going back) and of target units (going on).
    src_from = np.arange(n)
    for i in range(1, n):
        if source_ok[i - 1] and source_ok[i]:
            src_from[i] = src_from[i - 1]
    tgt_to = np.arange(1, n + 1)
    for i in range(n - 2, -1, -1):
        if target_ok[i] and target_ok[i + 1]:
            tgt_to[i] = tgt_to[i + 1]
    lines = np.array([u.line for u in units])
    # Blocks begin and end where paragraphs do (or at a label, a framing remark, noise):
    # an interpreter renders a whole remark, and the switch is the only cut inside a line.
    opens = np.array([i == 0 or lines[i - 1] != lines[i] or units[i - 1].fixed is not None for i in range(n)] + [False])
    # Without speaker labels, a paragraph opening with thanks or a greeting is a new turn:
    # neither block of a bead runs across one.
    turn_open = np.array(
        [bool(opens[i] and free[i] and _TURN_OPENER.match(text[units[i].start : units[i].end])) for i in range(n)]
    )  # (a looped "Thank you. Thank you." is noise, not a new turn)
    c_turn = np.concatenate([[0], np.cumsum(turn_open)])
    para_start = np.zeros(n, dtype=int)  # first unit of each unit's line
    for i in range(1, n):
        para_start[i] = para_start[i - 1] if lines[i] == lines[i - 1] else i
    # Two neighbouring paragraphs that look like an original and its rendering should not
    # both end up on one side of a bead (O1 I1 O2 | I2 is two beads, not one).
    inner = np.maximum(0.0, _paragraph_pair_evidence(matches, units, lines) - params.inner_pair_threshold)
    c_inner = np.concatenate([[0.0], np.cumsum(inner)])
    closes = np.array([False] + [i == n or lines[i] != lines[i - 1] or units[i].fixed is not None for i in range(1, n + 1)])

    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back: list[tuple] = [()] * (n + 1)
    LA, LB = params.max_source, params.max_target
    win_lo, win, win_cum = 0, np.zeros((0, 0)), np.zeros(1)
    win_len = 2 * (LA + LB) + 8

    for t in range(n):
        # best[t] is final: every bead ending at t has its switch point before t.
        u = units[t]
        if interp[t]:
            single, kind = 0.0, "interpretation"
        elif u.fixed is None and english_originals:
            native = -0.5 * params.garble_weight * u.garble
            orig = params.garble_weight * u.garble - params.unpaired_original_cost
            single, kind = (native, "native") if native >= orig else (orig, "original")
        else:
            single, kind = 0.0, u.fixed or "native"
        if best[t] + single > best[t + 1]:
            best[t + 1], back[t + 1] = best[t] + single, ("single", t, kind)
        # Beads switching at j = t + 1: A = [x, j) with x <= t, B = [f, y) after the gap.
        j = t + 1
        if j >= n or not (free[t] or chinese[t] or noise[t]):
            continue
        x_lo = max(0, j - LA, int(src_from[t])) if source_ok[t] else j
        xs = np.arange(x_lo, j)
        xs = xs[((free[xs] & ~interp[xs]) | chinese[xs]) & opens[xs] & (best[xs] > -np.inf)]
        if len(xs) == 0:
            continue
        f = _first_content(units, j, n, text)
        if f >= n or not free[f]:
            continue
        y_hi = min(n, f + LB, int(tgt_to[f]))  # free[f], so target_ok[f]
        ys = np.arange(f + 1, y_hi + 1)
        ys = ys[closes[ys] & (c_turn[ys] - c_turn[f + 1] == 0)]
        xs = xs[c_turn[j] - c_turn[xs + 1] == 0]
        if len(xs) == 0 or len(ys) == 0:
            continue
        if x_lo < win_lo or y_hi > win_lo + win.shape[0]:
            win_lo = max(0, x_lo)
            win = matches.window(win_lo, min(n, win_lo + win_len))
            win_cum = c_len[win_lo : win_lo + win.shape[0] + 1] - c_len[win_lo]
            if y_hi > win_lo + win.shape[0]:
                continue  # a gap longer than the window: no bead across it
        ov = block_overlap(win, win_cum, xs - win_lo, j - win_lo, f - win_lo, ys - win_lo)
        wa = (c_words[j] - c_words[xs])[:, None]
        ha = (c_han[j] - c_han[xs])[:, None]
        wb = (c_words[ys] - c_words[f])[None, :]
        ga = (c_garble[j] - c_garble[xs])[:, None]
        gb = (c_garble[ys] - c_garble[f])[None, :]
        tok_a = (c_len[j] - c_len[xs])[:, None]
        tok_b = (c_len[ys] - c_len[f])[None, :]
        english_source = wa > 0
        if not english_originals and english_source.all():
            continue
        size = np.sqrt(np.minimum(tok_a, tok_b) + 1.0)
        # Thanks for the question where the interpretation starts opens it as a remark about
        # the translation would, but belongs to it.
        mid_line_switch = lines[j - 1] == lines[j] and f == j and not noise[j - 1] and not thanks[f]
        # The overlap must stand out against what these paragraphs share with the rest of
        # the call (a margin, as in parallel-corpus mining): native paragraphs that restate
        # each other's figures are alike to many blocks, a rendering to its original.
        bg_a = (c_bg[j] - c_bg[xs])[:, None] / np.maximum(tok_a, 1.0)
        bg_b = (c_bg[ys] - c_bg[f])[None, :] / np.maximum(tok_b, 1.0)
        floor = params.same_line_threshold if mid_line_switch else params.sim_threshold
        threshold = np.maximum(floor, params.margin_ratio * 0.5 * (bg_a + bg_b))
        score = np.where(english_source, params.sim_weight * (ov - threshold) * size, 0.0)
        # A word-by-word rendering reads more literally than the interpreter's English: the
        # contrast of the blocks' mean literalness, over the size of the literal part of the
        # source. The source's is at most that of its last paragraph, the one the rendering
        # follows: a terse native paragraph before it earns nothing by joining the source.
        last = para_start[j - 1]
        lit_last = (c_lit[j] - c_lit[last]) / max(c_len[j] - c_len[last], 1.0)
        lit_a = np.minimum((c_lit[j] - c_lit[xs]) / np.maximum(c_len[j] - c_len[xs], 1.0), lit_last)[:, None]
        lit_b = (c_lit[ys] - c_lit[f])[None, :] / np.maximum(tok_b, 1.0)
        contrast = np.where(english_source, np.maximum(0.0, lit_a - lit_b - params.literal_margin), 0.0)
        literal_size = np.sqrt(np.minimum((c_lit_len[j] - c_lit_len[xs])[:, None], tok_b) + 1.0)
        score = score + params.literal_weight * contrast * literal_size
        if not english_originals:
            score = np.where(english_source, -np.inf, score)
        # Raw Chinese / placeholders: no words to compare, the turn structure decides.
        b_units = (c_free[ys] - c_free[f])[None, :]
        if not has_labels:
            b_units = np.minimum(b_units, np.cumsum(free[f:y_hi] & (lines[f:y_hi] <= lines[j - 1] + 1))[ys - f - 1][None, :])
        score = score + np.where(~english_source & (ha > 0), params.chinese_bonus * b_units, 0.0)
        # Lengths should fit, for English originals; an interpreter condenses Chinese too
        # freely for characters to say much.
        ratio = np.where(english_source & (wb > 0), np.abs(np.log((wa + 3) / (wb + 3))), 0.0)
        score = score - params.length_weight * np.maximum(0.0, ratio - 0.4)
        score = score + params.garble_weight * ga - 2 * params.garble_weight * gb - params.bead_cost
        inner_a = (c_inner[j] - c_inner[xs + 1])[:, None]
        inner_b = (c_inner[ys] - c_inner[f + 1])[None, :]
        score = score - params.inner_pair_weight * (inner_a + inner_b)
        if mid_line_switch:
            # From Chinese characters to English the switch is plain to see, where nothing else
            # marks turns; with speaker labels, a rendering comes in its own turn (or after a
            # remark about the translation), so a speaker's own English after their Chinese
            # ("好 的 ， 谢 谢 。 Nothing more from me.") is no rendering.
            chinese_cost = params.mid_line_switch_cost if has_labels else 0.0
            score = score - np.where(english_source, params.mid_line_switch_cost, chinese_cost)
        score = score - np.where(english_source, params.english_bead_cost, 0.0)
        # "Let me translate my question": the remark itself says that a rendering of what
        # was just said follows, whatever the words show (but only of what was just said).
        if f > j or thanks[f]:
            framed = (framing[j:f].any() or thanks[f]) & (lines[xs] >= lines[max(f - 1, j - 1)] - 1)[:, None]
            # ... of a source that shows it is speech rendered by machine, or re-said, if English.
            framed = framed & (~english_source | (ga > 0) | (contrast > 0) | (ov >= params.sim_threshold))
        else:
            framed = np.zeros((len(xs), 1), bool)
        score = np.where(framed, np.maximum(score, 0.0) + params.framing_bonus, score)
        too_short = english_source & ~framed & ((tok_a < params.min_words) | (tok_b < params.min_words))
        score = np.where(too_short, -np.inf, score)
        total = best[xs][:, None] + score
        arg = np.argmax(total, axis=0)
        for col, y in enumerate(ys):
            row = arg[col]
            if total[row, col] > best[y]:
                best[y] = total[row, col]
                back[y] = ("bead", int(xs[row]), j, f, float(score[row, col]))
    # Refining a settled bead may use every content word, the document's common ones too.
    all_words = UnitMatches(bags, max_share=1.0)
    text_of = lambda u: text[u.start : u.end]  # noqa: E731
    return _trace(units, back, n, lambda x, j, y: _refine_switch(all_words, units, x, j, y, text_of, params))


def machine_english(units: Sequence[Unit], standout: tuple[int, float], params: AlignParams) -> bool:
    """Whether the call shows machine English of Chinese speech anywhere, from three kinds
    of evidence, each calibrated inside the call:

    - romanised Chinese that is not a name of the call (``Unit.garble``), or several
      different long romanised words (``Unit.romanised``);
    - a share of sentences rendered word by word (``Unit.literal``), more than fluent
      English of any register has;
    - a share of neighbouring paragraphs whose ordered overlap stands out against the
      call's background (``standout``: how many, and their share), as an original and its
      rendering do.

    A share counts only over ``min_doc_evidence`` sentences or paragraphs at least: a short
    text has no background to stand out from.

    An English-only call, or one whose Chinese was left in characters or placeholders,
    shows none of them and gets no English originals.
    """
    garble = sum(u.garble for u in units)
    strong = len({w for u in units for w in u.romanised})
    if garble >= params.min_doc_garble or strong >= params.min_doc_strong_garble:
        return True
    long_english = [u for u in units if u.fixed is None and not u.interpreter_turn and u.literal != 0.0]
    literal = sum(u.literal >= params.literal_sentence for u in long_english)
    if literal >= params.min_doc_evidence and literal >= params.min_doc_literal_share * len(long_english):
        return True
    pairs, share = standout
    return pairs >= params.min_doc_evidence and share >= params.min_doc_standout_share


def _background(matches: UnitMatches, units: Sequence[Unit], params: AlignParams) -> tuple[np.ndarray, tuple[int, float]]:
    """For every unit, how alike its paragraph is to the paragraphs around it; and the
    share of neighbouring paragraphs whose overlap stands out against that.

    The background is the mean of the ``background_k`` best ordered overlaps (Dice over
    in-order content words) of the unit's line with the lines within
    ``background_window`` of it, skipping its direct neighbours (where its rendering, if
    any, stands). Linear: each line meets a bounded window.
    """
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cdist

    line_ids = sorted({u.line for u in units})
    index = {ln: k for k, ln in enumerate(line_ids)}
    codes = [""] * len(line_ids)
    for i, u in enumerate(units):
        codes[index[u.line]] += matches.codes[i]
    m = len(codes)
    length = np.array([len(c) for c in codes], dtype=float)
    bg = np.zeros(m)
    adjacent = np.zeros(m)
    w, k = params.background_window, params.background_k
    for lo in range(0, m, w):
        hi = min(m, lo + w)
        a, b = max(0, lo - w), min(m, hi + w)
        sims = cdist(codes[lo:hi], codes[a:b], scorer=LCSseq.similarity, dtype=np.int32).astype(float)
        dice = 2 * sims / np.maximum(length[lo:hi, None] + length[None, a:b], 1.0)
        near = np.abs(np.arange(lo, hi)[:, None] - np.arange(a, b)[None, :]) < 2
        dice[near | (length[None, a:b] < params.min_words)] = 0.0
        bg[lo:hi] = (-np.sort(-dice, axis=1)[:, :k]).mean(axis=1)
        nxt = np.arange(lo, hi)
        nxt = nxt[nxt + 1 < b]
        adjacent[nxt] = 2 * sims[nxt - lo, nxt + 1 - a] / np.maximum(length[nxt] + length[nxt + 1], 1.0)
    both = (length[:-1] >= params.min_words) & (length[1:] >= params.min_words) & (np.diff(np.array(line_ids)) <= 2)
    margin = adjacent[:-1] / np.maximum(0.5 * (bg[:-1] + bg[1:]), params.background_floor)
    stands_out = (adjacent[:-1] >= params.standout_overlap) & (margin >= params.standout_margin)
    counted = stands_out[both]
    standout = (int(counted.sum()), float(counted.mean()) if counted.size else 0.0)
    return np.array([bg[index[u.line]] for u in units]), standout


def _first_content(units: Sequence[Unit], j: int, n: int, text: str) -> int:
    """Where the interpretation starts after a switch at ``j``: past speaker labels and
    remarks about the translation, and one or two short courtesies just before one
    ("Thank you, Mr. Chen. I'll translate for him.")."""
    def courtesy(u: Unit) -> bool:
        body = text[u.start : u.end]
        return u.fixed is None and bool(_TURN_OPENER.match(body)) and len(body.split()) <= 8

    f = j
    while f < n:
        if units[f].is_label or units[f].framing:
            f += 1
            continue
        k = f  # one or two courtesies before a framing remark ("Hello, Amy. Okay. Next I'll interpret...")
        while k < min(n, f + 2) and courtesy(units[k]):
            k += 1
        if k == f or k >= n or not units[k].framing:
            break
        f = k
    return f


def _english_words(text: str, u: Unit) -> float:
    if u.fixed in ("noise", "vendor") or u.is_label:
        return 0.0
    return float(len(text[u.start : u.end].split())) if u.fixed != "chinese" else 0.0


def _han_count(text: str, u: Unit) -> float:
    if u.fixed != "chinese":
        return 0.0
    body = text[u.start : u.end]
    count = len(HAN.findall(body))
    return float(count) if count else 20.0  # a placeholder stands for a remark of unknown length


def _paragraph_pair_evidence(matches: UnitMatches, units: Sequence[Unit], lines: np.ndarray) -> np.ndarray:
    """For the first unit of each paragraph, the overlap of that paragraph with the one before."""
    n = len(units)
    out = np.zeros(n)
    starts = [i for i in range(1, n) if lines[i] != lines[i - 1]]
    bounds = [0, *starts, n]
    for k in range(1, len(bounds) - 1):
        a, b, c = bounds[k - 1], bounds[k], bounds[k + 1]
        if matches.length[a:b].sum() == 0 or matches.length[b:c].sum() == 0 or c - a > 400:
            continue
        out[b] = matches.split_overlap(a, b, c)
    return out


_OPENER = regex.compile(
    r"^(?:now,? )?(?:i(?:'|’)ll|i would like to|i'd like to|let me|let's|moving on|turning to|next,|first(?:ly)?,? (?:i|let))"
    r"|\b(?:i(?:'|’)ll start with|provide (?:some )?updates)",
    regex.IGNORECASE,
)
"""A presenter's signpost ("Now, I would like to...", "Moving on to..."): the interpreter's
words, which have no counterpart in the original."""
SIGNPOST_BONUS = 0.06
"""Overlap a signpost is worth when the refinement weighs moving it into the interpretation."""


def _refine_switch(
    matches: UnitMatches, units: Sequence[Unit], x: int, j: int, y: int, text_of, params: AlignParams
) -> int:
    """Move a bead's switch point back into the last line of its original block where that
    fits the evidence better.

    The search above only switches inside a paragraph on strong evidence; once a bead is
    settled, the interpreter's first sentences are often found at the end of the original's
    paragraph (the vendor ran the two turns together): each moves to the interpretation
    when the blocks then overlap more.
    """
    if units[j].fixed is not None or units[j - 1].line == units[j].line:
        return j
    lo = max(x, j - 12)
    lit_a, lit_b = _mean_literal(units[x:j]), _mean_literal(units[j:y])
    best_j, best_ov, openers = j, -1.0, 0
    for cand in range(j, lo, -1):
        if cand < j and (units[cand].line != units[j - 1].line or units[cand].fixed is not None):
            break
        signpost = cand < j and bool(_OPENER.search(text_of(units[cand])))
        lit = units[cand].literal
        # A sentence that reads like the original (word by word, or, where this bead's
        # original reads clearly more literally than its rendering, closer to the original's
        # literalness than to the rendering's) is the original's.
        like_a = lit and lit_a - lit_b >= params.refine_literal_contrast and abs(lit - lit_a) < abs(lit - lit_b)
        if cand < j and not signpost and (lit >= params.literal_sentence or like_a):
            break
        if signpost:
            openers += 1
        ov = matches.split_overlap(x, cand, y) + SIGNPOST_BONUS * openers
        if ov > best_ov + 0.01:
            best_j, best_ov = cand, ov
    return best_j


def _mean_literal(units: Sequence[Unit]) -> float:
    """Mean literalness of the sentences long enough to have one (0.0 when none is)."""
    known = [u.literal for u in units if u.literal]
    return sum(known) / len(known) if known else 0.0


def _trace(units: Sequence[Unit], back: list[tuple], n: int, refine) -> Alignment:
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
    lost = False  # after lost speech: the rest of that turn, or the next turn
    for i, u in enumerate(units):
        if u.is_label and i and not (units[i - 1].lost_speech or units[i - 1].is_label):
            lost = False
        if u.fixed is None and kinds[i] == "native" and (u.interpreter_turn or lost):
            kinds[i] = "interpretation"  # the interpreter rendering speech that was not transcribed
        lost = lost or u.lost_speech
    beads.reverse()
    return Alignment(tuple(kinds), tuple(beads))
