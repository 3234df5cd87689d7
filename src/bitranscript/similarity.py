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

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np
import regex

from .params import SHARED

_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*%?|\p{Latin}[\p{Latin}'’]*")
_HYPHENATED = regex.compile(r"\b(\p{Lu}\p{Ll}+)-(\p{Ll}+)\b")
_TOKEN_ASCII = re.compile(r"[A-Za-z][A-Za-z']*|[0-9]+(?:[.,][0-9]+)*%?")
"""``_TOKEN`` on ASCII text, where Latin letters are A-Z and a-z (the standard library's
engine is faster; words first, the commoner, as no token starts both ways)."""


def tokens(text: str) -> list[str]:
    """The numbers and words of ``text``, as ``content_tokens`` reads them.

    >>> tokens("Yun's 16.9% rise, Pīnyīn")
    ["Yun's", '16.9%', 'rise', 'Pīnyīn']
    """
    return (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)


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
    for tok in tokens(text):
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
        common: set[str] = set()
        if max_share < 1.0:  # else none: a word is in at most every bag
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
        # A copy: rapidfuzz compares a list with itself on a slower path (about 2.5x).
        return cdist(codes, list(codes), scorer=LCSseq.similarity, dtype=np.int32).astype(float)

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

    def split_overlaps(self, cuts: Sequence[tuple[int, int, int]]) -> np.ndarray:
        """``split_overlap`` of many cuts ``a < b < c``, those of about one size at once: each
        block pair padded with units of no words to powers of two, which change no figure."""
        from rapidfuzz.distance import LCSseq
        from rapidfuzz.process import cdist

        out = np.zeros(len(cuts))
        by_size: dict[tuple[int, int], list[int]] = {}
        for k, (a, b, c) in enumerate(cuts):
            by_size.setdefault((1 << (b - a - 1).bit_length(), 1 << (c - b - 1).bit_length()), []).append(k)
        words = np.concatenate([[0.0], np.cumsum(self.length)])
        for (p, q), ks in by_size.items():
            lcs = np.zeros((len(ks), p, q), dtype=np.int64)
            for row, k in enumerate(ks):
                a, b, c = cuts[k]
                lcs[row, : b - a, : c - b] = cdist(self.codes[a:b], self.codes[b:c], scorer=LCSseq.similarity)
            matched = lcs.max(axis=1).sum(axis=1) + lcs.max(axis=2).sum(axis=1)
            a, _, c = np.array([cuts[k] for k in ks]).T
            out[ks] = matched / np.maximum(words[c] - words[a], 1.0)
        return out


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


def block_cells(
    win: np.ndarray, lo: int, x0: np.ndarray, j: np.ndarray, f: np.ndarray, y1: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The unit pairs that share words (``block_overlaps``' ``cells``) of the blocks ``b``
    with rows (A units) ``x0[b] .. j[b] - 1`` and columns (B units) ``f[b] .. y1[b] - 1``
    (``j[b] <= f[b]``): block, row from x0, column from f, LCS length, block by block, row
    by row. ``win``: the LCS lengths of the units from ``lo`` on (``UnitMatches.window``).

    Few pairs share a word: each block's rows are looked up among the window's pairs that
    do, instead of copying every cell of every block."""
    size = len(win)
    key = np.flatnonzero(win != 0)  # row by row: row * size + column
    x0, j, f, y1 = (np.asarray(v, dtype=np.int64) - lo for v in (x0, j, f, y1))
    rows = j - x0
    bid = np.repeat(np.arange(len(rows)), rows)
    r = _ragged_arange(rows) + x0[bid]
    first = np.searchsorted(key, r * size + f[bid])
    count = np.searchsorted(key, r * size + y1[bid]) - first
    at = np.repeat(first - _starts(count), count) + np.arange(int(count.sum()))
    b = np.repeat(bid, count)
    row, col = np.divmod(key[at], size)
    return b, row - x0[b], col - f[b], win.ravel()[key[at]].astype(np.int64)


def block_overlaps(
    cells: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    xs: Sequence[Sequence[int]],
    j: np.ndarray,
    f: np.ndarray,
    ys: Sequence[Sequence[int]],
    cum: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """:func:`block_overlap` of many switch points at once: for each block ``b``, the
    overlap of ``[x, j[b])`` with ``[f[b], y)`` for every x in ``xs[b]`` (ascending) and y in
    ``ys[b]`` (ascending, > f[b]), x-major, block after block.

    ``cells``: the unit pairs of the blocks whose LCS length is not 0 (``block_cells``):
    block, row (A unit, from ``xs[b][0]``), column (B unit, from ``f[b]``), length, block by
    block, row by row, columns ascending; ``cum``: the running total of the units' content
    words; ``ends``: ``bead_ends(xs, ys)``, where the caller has them already (read once).

    A B unit's best partner in ``[x, j)`` is the sum of what each cell of its column adds
    to the running maximum from row j - 1 back to row x; an A unit's in ``[f, y)``, of what
    each cell of its row adds from column f on. A cell's gain counts for every bead whose A
    holds its row and whose B holds its column, x up to the row and y past the column: so
    the matched words of all beads are two running sums over a grid of the gains. The sums
    are of whole numbers, so the figures are exactly ``block_overlap``'s.
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
    b, r, c, v = cells
    # The beads a cell counts for: x among the first kx of xs[b], y from the ky-th of ys[b] on.
    span = int(max(rows.max(initial=0), cols.max(initial=0))) + 2
    kx = np.searchsorted(np.repeat(np.arange(len(nx)), nx) * span + xcat - np.repeat(x0, nx), b * span + r, "right")
    ky = np.searchsorted(np.repeat(np.arange(len(ny)), ny) * span + ycat - np.repeat(f, ny), b * span + c, "right")
    kx, ky = kx - xoff[b], ky - yoff[b]
    # Gains to each row's running maximum along B (cells come row by row), and to each
    # column's along A from j - 1 back.
    row_gain = _gains(v, b * span + r)
    by_col = np.argsort((b * span + c) * span + (span - 1 - r))
    col_gain = _gains(v[by_col], (b * span + c)[by_col])
    # Both into a grid per block, y-major: gains at (ky, kx - 1), summed over x from the
    # last back, then over y.
    at = _starts(nx * ny)[b] + ky * nx[b] + kx - 1
    gains = np.bincount(
        np.concatenate([at, at[by_col]]), np.concatenate([row_gain, col_gain]), minlength=int((nx * ny).sum())
    ).astype(np.int64)
    matched = _running_sum(gains, np.repeat(nx, ny), reverse=True)[_transposed(ny, nx)]
    matched = _running_sum(matched, np.repeat(ny, nx))  # (b, x, y)
    bid = np.repeat(np.arange(len(nx)), nx * ny)
    x, y = bead_ends(xs, ys) if ends is None else ends
    total = (cum[j[bid]] - cum[x]) + (cum[y] - cum[f[bid]])
    return np.asarray(matched / np.maximum(total, 1.0))


def bead_ends(xs: Sequence[Sequence[int]], ys: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """The x and the y of every bead of the blocks ``xs[b]`` x ``ys[b]``, x-major, block
    after block (``block_overlaps``' order)."""
    nx = np.array([len(v) for v in xs], dtype=np.int64)
    ny = np.array([len(v) for v in ys], dtype=np.int64)
    xcat = np.array([x for v in xs for x in v], dtype=np.int64)
    ycat = np.array([y for v in ys for y in v], dtype=np.int64)
    size = nx * ny
    bid = np.repeat(np.arange(len(size)), size)
    return np.repeat(xcat, np.repeat(ny, nx)), ycat[_starts(ny)[bid] + _ragged_arange(size) % ny[bid]]


def _gains(values: np.ndarray, run: np.ndarray) -> np.ndarray:
    """How much each of these whole non-negative numbers raises the running maximum of its
    run (consecutive equal ``run`` keys)."""
    first = np.ones(len(run), dtype=bool)
    first[1:] = run[1:] != run[:-1]
    lift = (np.cumsum(first) - 1) * (int(values.max(initial=0)) + 1)
    top = np.maximum.accumulate(values + lift) - lift
    before = np.concatenate([[0], top[:-1]])
    before[first] = 0
    return np.asarray(top - before)


def _starts(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of these sizes starts."""
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)


def _ragged_arange(sizes: np.ndarray) -> np.ndarray:
    """``0 .. sizes[b] - 1`` for every b, one after another."""
    total = int(sizes.sum())
    return np.asarray(np.arange(total, dtype=np.int64) - np.repeat(_starts(sizes), sizes))


def _transposed(m: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Indices that turn blocks of m[b] x n[b] (row-major, one after another) into their
    transposes."""
    size = m * n
    bid = np.repeat(np.arange(len(size)), size)
    q, p = np.divmod(_ragged_arange(size), m[bid])
    return np.asarray(_starts(size)[bid] + p * n[bid] + q)


def _running_sum(values: np.ndarray, lengths: np.ndarray, *, reverse: bool = False) -> np.ndarray:
    """The running sum of whole numbers within each run of ``lengths`` (from the run's end
    where ``reverse``)."""
    if reverse:
        return _running_sum(values[::-1], lengths[::-1])[::-1]
    v = values.astype(np.int64)
    out = np.cumsum(v)
    first = _starts(lengths)
    return np.asarray(out - np.repeat(out[first] - v[first], lengths))
