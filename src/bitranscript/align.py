"""Stage 4, align: decide the open kinds and pair each original block with its interpretation.

One monotone dynamic programme over the units of the whole transcript. At each point it
either takes one unit alone (native English, noise, vendor text, a speaker label, or an
original that got no interpretation) or a *bead*: a source block ``A`` (machine English
originals and/or raw Chinese) followed by the English block ``B`` that interprets it,
possibly after a speaker label or a remark about the translation. A bead must earn its
place with evidence of translation: block similarity well above what neighbouring
native text shows, romanised-Chinese garble in ``A`` and none in ``B``, lengths that fit,
or, for raw Chinese and placeholders, the turn structure. A transcript without any such
evidence gets no pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .detect import Unit
from .features import HAN, english_frequencies
from .model import Kind
from .similarity import BlockSimilarity, content_tokens


@dataclass(frozen=True, slots=True)
class AlignParams:
    """The weights of the bead score (tuned on the dev sets, see benchmarks/devsets.py)."""

    max_source: int = 40
    """Most units in a source block."""
    max_target: int = 40
    """Most units in an interpretation block (a leading label or framing gap included)."""
    sim_threshold: float = 0.22
    """Block cosine below which similarity counts against a bead."""
    sim_weight: float = 12.0
    garble_weight: float = 1.5
    length_weight: float = 1.0
    chinese_bonus: float = 1.5
    """Per interpretation unit, for a source block of raw Chinese or placeholders."""
    bead_cost: float = 0.5
    unpaired_original_cost: float = 0.8


@dataclass(frozen=True, slots=True)
class Alignment:
    kinds: tuple[Kind, ...]
    """Final kind of every unit."""
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    """(source unit indices, interpretation unit indices, score), noise left out."""


def align(text: str, units: Sequence[Unit], params: AlignParams = AlignParams()) -> Alignment:
    n = len(units)
    freq = english_frequencies()
    bags = [content_tokens(text[u.start : u.end], freq) if u.fixed is None else [] for u in units]
    sim = BlockSimilarity(bags)
    words = np.array([_english_words(text, u) for u in units], dtype=float)
    han = np.array([_han_count(text, u) for u in units], dtype=float)
    garble = np.array([u.garble for u in units])
    has_labels = any(u.is_label for u in units)

    free = np.array([u.fixed is None for u in units])
    chinese = np.array([u.fixed == "chinese" for u in units])
    noise = np.array([u.fixed == "noise" for u in units])
    gap = np.array([u.is_label or u.fixed == "native" for u in units])
    source_ok = free | chinese | noise
    target_ok = free | noise | (gap & ~np.array([u.is_label for u in units]))

    cum = lambda a: np.concatenate([[0.0], np.cumsum(a, dtype=float)])  # noqa: E731
    c_words, c_han, c_garble = cum(words), cum(han), cum(garble)
    c_free, c_chinese = cum(free), cum(chinese)
    c_bad_source, c_bad_target = cum(~source_ok), cum(~target_ok)

    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back: list[tuple] = [()] * (n + 1)
    LA, LB = params.max_source, params.max_target
    span = LA + LB + 1
    chunk_lo, prefix = -1, None

    for p in range(n):
        if best[p] == -np.inf:
            continue
        u = units[p]
        # One unit alone.
        if u.fixed is None:
            native = -params.garble_weight * u.garble
            orig = params.garble_weight * u.garble - params.unpaired_original_cost
            single, kind = (native, "native") if native >= orig else (orig, "original")
        else:
            single, kind = 0.0, u.fixed
        if best[p] + single > best[p + 1]:
            best[p + 1], back[p + 1] = best[p] + single, ("single", p, kind)
        if not (free[p] or chinese[p]):
            continue
        # Beads starting at p: A = [p, j), B = [j, k).
        if prefix is None or (p + span > chunk_lo + prefix.shape[0] - 1 and chunk_lo + prefix.shape[0] - 1 < n):
            chunk_lo = p
            prefix = sim.chunk_prefix(p, min(n, p + 2 * span))
        a_end_max = p + 1
        while a_end_max < min(n, p + LA) and source_ok[a_end_max]:
            a_end_max += 1
        js = np.arange(p + 1, a_end_max + 1)
        ks = js[:, None] + np.arange(1, LB + 1)[None, :]
        valid = ks <= n
        ks = np.minimum(ks, n)
        jj = np.broadcast_to(js[:, None], ks.shape)
        # B: leading gap (labels, framing) then content that never crosses a label or Chinese.
        first = np.array([_first_content(units, j, n) for j in js])
        ff = np.broadcast_to(first[:, None], ks.shape)
        valid &= ks > ff
        valid &= (c_bad_target[ks] - c_bad_target[ff]) == 0
        valid &= (c_chinese[ks] - c_chinese[ff]) == 0
        valid &= (c_bad_source[jj] - c_bad_source[p]) == 0
        valid &= (c_free[ks] - c_free[ff]) > 0
        if not valid.any():
            continue
        lo = chunk_lo
        C = prefix
        a0, a1, b0, b1 = p - lo, jj - lo, ff - lo, ks - lo
        dot = C[a1, b1] - C[a0, b1] - C[a1, b0] + C[a0, b0]
        na = C[a1, a1] - C[a0, a1] - C[a1, a0] + C[a0, a0]
        nb = C[b1, b1] - C[b0, b1] - C[b1, b0] + C[b0, b0]
        with np.errstate(divide="ignore", invalid="ignore"):
            cos = np.where((na > 0) & (nb > 0), dot / np.sqrt(na * nb), 0.0)
        wa = c_words[jj] - c_words[p]
        wb = c_words[ks] - c_words[ff]
        ha = c_han[jj] - c_han[p]
        ga = c_garble[jj] - c_garble[p]
        gb = c_garble[ks] - c_garble[ff]
        size = np.sqrt(np.minimum(wa + ha * 0.6, wb) + 1.0)
        english_source = wa > 0
        score = np.where(
            english_source,
            params.sim_weight * (cos - params.sim_threshold) * size,
            0.0,
        )
        # Raw Chinese / placeholders: no text to compare, the turn structure decides.
        zh_units = c_free[ks] - c_free[ff]
        if has_labels:
            score += np.where(~english_source & (ha > 0), params.chinese_bonus * zh_units, 0.0)
        else:
            near = np.array([[_near_lines(units, j, k) for k in row] for j, row in zip(js, ks, strict=True)])
            score += np.where(~english_source & (ha > 0), params.chinese_bonus * near, 0.0)
        est = wa + ha * 0.7
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where((est > 0) & (wb > 0), np.abs(np.log((est + 3) / (wb + 3))), 0.0)
        score -= params.length_weight * np.maximum(0.0, ratio - 0.4)
        score += params.garble_weight * ga - params.garble_weight * 2 * gb - params.bead_cost
        score = np.where(valid, score, -np.inf)
        # Best j for every k, then push.
        flat_k = ks[valid]
        flat_j = jj[valid]
        flat_s = score[valid]
        order = np.argsort(-flat_s, kind="stable")
        seen: set[int] = set()
        for idx in order:
            k = int(flat_k[idx])
            if k in seen:
                continue
            seen.add(k)
            total = best[p] + flat_s[idx]
            if total > best[k]:
                best[k] = total
                back[k] = ("bead", p, int(flat_j[idx]), float(flat_s[idx]))
    return _trace(units, back, n)


def _first_content(units: Sequence[Unit], j: int, n: int) -> int:
    while j < n and (units[j].is_label or units[j].fixed == "native"):
        j += 1
    return j


def _near_lines(units: Sequence[Unit], j: int, k: int) -> float:
    """Interpretation units within a line of the Chinese block's end (no labels to go by)."""
    last = units[j - 1].line
    return float(sum(1 for u in units[j:k] if u.fixed is None and u.line <= last + 1))


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


def _trace(units: Sequence[Unit], back: list[tuple], n: int) -> Alignment:
    kinds: list[Kind] = ["native"] * n
    beads = []
    k = n
    while k > 0:
        step = back[k]
        if step[0] == "single":
            _, p, kind = step
            kinds[p] = kind
        else:
            _, p, j, score = step
            src, tgt = [], []
            for i in range(p, j):
                kinds[i] = units[i].fixed or "original"
                if kinds[i] != "noise":
                    src.append(i)
            for i in range(j, k):
                if units[i].fixed is None:
                    kinds[i] = "interpretation"
                    tgt.append(i)
                else:
                    kinds[i] = units[i].fixed  # noise, labels, framing keep their kind
            beads.append((tuple(src), tuple(tgt), score))
        k = p
    for i, u in enumerate(units):
        if u.interpreter_turn and u.fixed is None and kinds[i] == "native":
            kinds[i] = "interpretation"  # the interpreter rendering speech that was not transcribed
    beads.reverse()
    return Alignment(tuple(kinds), tuple(beads))
