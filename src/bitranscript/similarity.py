"""Translation evidence between blocks of units, cheap enough for a search over all blocks.

Topical overlap is not translation: two halves of one long native paragraph share many
words. An interpretation re-says its original *in order*, so the evidence used here is
ordered: for each pair of units, the longest common subsequence of their content-word
stems (rapidfuzz's bit-parallel ``LCSseq`` over words coded as characters). Words that
run through the whole document ("cloud", "revenue") are dropped first, so what matches
is what a remark and its rendering share and their neighbours do not.

A block pair's overlap is the mean, over the units of each side, of the best match each
unit finds on the other side, per content word. It is computed for every block pair
around a switch point with a few numpy operations.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
import regex

from .params import SHARED

_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*%?|\p{Latin}[\p{Latin}'’]*")
_HYPHENATED = regex.compile(r"\b(\p{Lu}\p{Ll}+)-(\p{Ll}+)\b")


def join_romanised_names(text: str) -> str:
    """``text`` with each name romanised in hyphenated syllables written as one word:
    translators write "Bao-yu", "Xi-feng" where the machine writes "Baoyu", "Xifeng". Both
    parts must be pinyin syllables ("Long-term" stays: "term" is none).

    >>> join_romanised_names("Bao-yu met Xi-feng; a long-term plan, a Co-founder.")
    'Baoyu met Xifeng; a long-term plan, a Co-founder.'
    """
    if "-" not in text:
        return text
    from .features import pinyin_syllables

    syllables = pinyin_syllables()

    def joined(m: regex.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        return first + second if first.lower() in syllables and second in syllables else m.group()

    return _HYPHENATED.sub(joined, text)


def content_tokens(text: str, freq: Mapping[str, float]) -> list[str]:
    """Stems of the rare-enough words and the numbers of a piece of English (a romanised
    name in hyphenated syllables as one word: ``join_romanised_names``)."""
    text = join_romanised_names(text)
    out = []
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            if len(tok) > 1:  # "1" and "2" are said everywhere; "7.9" and "169" are anchors
                out.append("#" + tok.replace(",", "").rstrip("%"))
            continue
        low = tok.lower().replace("’", "'")
        if freq.get(low, 0.0) > SHARED.stop_word_frequency or len(low) < 3:
            continue
        out.append(low[:5])
    return out


class UnitMatches:
    """Pairwise ordered word matches between the units of one document, by windows."""

    def __init__(
        self, bags: Sequence[Sequence[str]], *, max_share: float = 0.04, document: Sequence[Sequence[str]] | None = None
    ) -> None:
        """``document``: the bags of every English unit, to count which words run through the
        whole call (default: ``bags``); only ``bags`` are compared."""
        n = len(bags)
        document = bags if document is None else document
        df: Counter[str] = Counter(chain.from_iterable(map(set, document)))
        cap = max(6, int(max_share * sum(1 for b in document if b)))
        common = {t for t, c in df.items() if c > cap}
        kept = [[t for t in bag if t not in common] for bag in bags] if common else [list(b) for b in bags]
        # Each word a character of its own, numbered in order of first appearance.
        order = dict.fromkeys(chain.from_iterable(kept))
        code = {t: chr(0xF0000 + k % 0xFFFD) for k, t in enumerate(order)}
        self.codes: list[str] = ["".join(map(code.__getitem__, words)) for words in kept]
        self.length = np.array([len(c) for c in self.codes], dtype=float)
        self.n = n

    def window(self, lo: int, hi: int) -> np.ndarray:
        """LCS lengths (in content words) between every two units of ``lo:hi``."""
        from rapidfuzz.distance import LCSseq
        from rapidfuzz.process import cdist

        codes = self.codes[lo:hi]
        return cdist(codes, codes, scorer=LCSseq.similarity, dtype=np.int32).astype(float)

    def split_overlap(self, a: int, b: int, c: int) -> float:
        """Ordered overlap of block ``[a, b)`` with block ``[b, c)``: ``block_overlap`` of the
        one pair, read directly (the LCS lengths and word counts are whole numbers, so the
        figure is exactly its)."""
        from rapidfuzz.distance import LCSseq
        from rapidfuzz.process import cdist

        if not a < b < c:
            return 0.0
        lcs = cdist(self.codes[a:b], self.codes[b:c], scorer=LCSseq.similarity, dtype=np.int32)
        matched = int(lcs.max(axis=0).sum()) + int(lcs.max(axis=1).sum())
        return matched / max(float(self.length[a:c].sum()), 1.0)


def block_overlap(m: np.ndarray, cum: np.ndarray, xs: np.ndarray, j: int, f: int, ys: np.ndarray) -> np.ndarray:
    """Ordered overlap of block ``A = [x, j)`` with ``B = [f, y)`` for every x in xs, y in ys.

    ``m`` holds the unit-pair LCS lengths in window coordinates, ``cum`` the running total
    of the units' content words there (``cum[k]``: words of units before k). The result
    (len(xs) x len(ys)) is in [0, 1]: the share of content words of both blocks that find
    an in-order partner on the other side.
    """
    x0, y1 = int(xs[0]), int(ys[-1])
    sub = m[x0:j, f:y1]  # rows: A units x0..j-1, cols: B units f..y1-1
    if sub.size == 0:
        return np.zeros((len(xs), len(ys)))
    # Each B unit's best partner among A units [x, j): cumulative max from j backwards.
    best_in_a = np.maximum.accumulate(sub[::-1], axis=0)[::-1]
    sa = np.cumsum(best_in_a, axis=1)
    # Each A unit's best partner among B units [f, y): cumulative max along B.
    best_in_b = np.maximum.accumulate(sub, axis=1)
    sb = np.cumsum(best_in_b[::-1], axis=0)[::-1]
    rows, cols = (xs - x0)[:, None], (ys - f - 1)[None, :]  # B is never empty: y - f >= 1
    matched = sa[rows, cols] + sb[rows, cols]
    total = (cum[j] - cum[xs])[:, None] + (cum[ys] - cum[f])[None, :]
    return np.asarray(matched / np.maximum(total, 1.0))  # matched is 0 wherever total is


def block_overlaps(
    cells: Sequence[np.ndarray],
    xs: Sequence[Sequence[int]],
    j: np.ndarray,
    f: np.ndarray,
    ys: Sequence[Sequence[int]],
    cum: np.ndarray,
) -> np.ndarray:
    """:func:`block_overlap` of many switch points at once: for each block ``b``, the
    overlap of ``[x, j[b])`` with ``[f[b], y)`` for every x in ``xs[b]`` (ascending) and y in
    ``ys[b]`` (ascending, > f[b]), x-major, block after block.

    ``cells[b]``: the LCS lengths of the units ``xs[b][0] .. j[b] - 1`` (rows) with the units
    ``f[b] .. ys[b][-1] - 1`` (columns), whole numbers; ``cum``: the running total of the
    units' content words.

    Where ``block_overlap`` reads every unit pair of a block, this reads each A unit against
    the runs of B units between two candidate ends, and each B unit against the runs of A
    units between two candidate starts, in a few dozen numpy operations for all blocks:
    the sums are of whole numbers, so the figures are exactly ``block_overlap``'s.
    """
    nx = np.array([len(v) for v in xs], dtype=np.int64)
    ny = np.array([len(v) for v in ys], dtype=np.int64)
    x0 = np.array([v[0] for v in xs], dtype=np.int64)
    y1 = np.array([v[-1] for v in ys], dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    f = np.asarray(f, dtype=np.int64)
    rows, cols = j - x0, y1 - f  # A's units, B's units of each block
    xcat = np.array([x for v in xs for x in v], dtype=np.int64)
    ycat = np.array([y for v in ys for y in v], dtype=np.int64)
    xoff, yoff = _starts(nx), _starts(ny)
    s_cat = xcat - np.repeat(x0, nx)  # where each candidate source starts, from A's first unit
    t_cat = np.concatenate([[0], ycat[:-1]]) - np.repeat(f, ny)  # where each run of B between ends starts
    t_cat[yoff] = 0
    grid = _starts(rows * cols)
    # Each block's LCS lengths, A-major and B-major.
    by_row = np.concatenate([c.ravel() for c in cells]).astype(np.int64)
    by_col = np.concatenate([c.T.ravel() for c in cells]).astype(np.int64)
    # A -> B: each B unit's best partner in A = [x, j), summed over B = [f, y).
    best = np.maximum.reduceat(by_col, _ragged_grid(grid, rows, cols, s_cat, xoff, nx))  # (b, c, run of A)
    best = _segmented("max", best, np.repeat(nx, cols), reverse=True)  # A = [x, j)
    best = best[_transposed(cols, nx)]  # (b, x, c)
    sa = np.add.reduceat(best, _ragged_grid(_starts(nx * cols), cols, nx, t_cat, yoff, ny))  # (b, x, run of B)
    sa = _segmented("sum", sa, np.repeat(ny, nx))  # B = [f, y)
    # B -> A: each A unit's best partner in B = [f, y), summed over A = [x, j).
    best = np.maximum.reduceat(by_row, _ragged_grid(grid, cols, rows, t_cat, yoff, ny))  # (b, r, run of B)
    best = _segmented("max", best, np.repeat(ny, rows))  # B = [f, y)
    best = best[_transposed(rows, ny)]  # (b, y, r)
    sb = np.add.reduceat(best, _ragged_grid(_starts(ny * rows), rows, ny, s_cat, xoff, nx))  # (b, y, run of A)
    sb = _segmented("sum", sb, np.repeat(nx, ny), reverse=True)  # A = [x, j)
    sb = sb[_transposed(ny, nx)]  # (b, x, y)
    size = nx * ny
    bid = np.repeat(np.arange(len(size)), size)
    q = np.arange(int(size.sum())) - np.repeat(_starts(size), size)
    x = xcat[xoff[bid] + q // ny[bid]]
    y = ycat[yoff[bid] + q % ny[bid]]
    total = (cum[j[bid]] - cum[x]) + (cum[y] - cum[f[bid]])
    return np.asarray((sa + sb) / np.maximum(total, 1.0))


def _starts(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of these sizes starts."""
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


def _ragged_arange(sizes: np.ndarray) -> np.ndarray:
    """``0 .. sizes[b] - 1`` for every b, one after another."""
    total = int(sizes.sum())
    return np.asarray(np.arange(total, dtype=np.int64) - np.repeat(_starts(sizes), sizes))


def _ragged_grid(
    base: np.ndarray,
    stride: np.ndarray,
    outer: np.ndarray,
    inner: np.ndarray,
    inner_start: np.ndarray,
    inner_len: np.ndarray,
) -> np.ndarray:
    """``base[b] + o * stride[b] + inner[inner_start[b] + i]`` for every b, o < outer[b],
    i < inner_len[b], in that order."""
    size = outer * inner_len
    bid = np.repeat(np.arange(len(size)), size)
    o, i = np.divmod(_ragged_arange(size), inner_len[bid])
    return np.asarray(base[bid] + o * stride[bid] + inner[inner_start[bid] + i])


def _transposed(m: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Indices that turn blocks of m[b] x n[b] (row-major, one after another) into their
    transposes."""
    size = m * n
    bid = np.repeat(np.arange(len(size)), size)
    q, p = np.divmod(_ragged_arange(size), m[bid])
    return np.asarray(_starts(size)[bid] + p * n[bid] + q)


def _segmented(op: str, values: np.ndarray, lengths: np.ndarray, *, reverse: bool = False) -> np.ndarray:
    """The running ``"sum"`` or ``"max"`` of whole non-negative numbers within each run of
    ``lengths`` (from the run's end where ``reverse``)."""
    if reverse:
        return _segmented(op, values[::-1], lengths[::-1])[::-1]
    v = values.astype(np.int64)
    if op == "sum":
        out = np.cumsum(v)
        first = _starts(lengths)
        return np.asarray(out - np.repeat(out[first] - v[first], lengths))
    # Raise each run above the one before it: the running maximum never crosses a run's start.
    lift = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths) * (int(v.max(initial=0)) + 1)
    return np.asarray(np.maximum.accumulate(v + lift) - lift)
