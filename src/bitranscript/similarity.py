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

import numpy as np
import regex

from .params import SHARED

_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*%?|\p{Latin}[\p{Latin}'’]*")


def content_tokens(text: str, freq: Mapping[str, float]) -> list[str]:
    """Stems of the rare-enough words and the numbers of a piece of English."""
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
        df: Counter[str] = Counter()
        for bag in document:
            df.update(set(bag))
        cap = max(6, int(max_share * sum(1 for b in document if b)))
        ids: dict[str, int] = {}
        self.codes: list[str] = []
        for bag in bags:
            kept = [t for t in bag if df[t] <= cap]
            self.codes.append("".join(chr(0xF0000 + ids.setdefault(t, len(ids)) % 0xFFFD) for t in kept))
        self.length = np.array([len(c) for c in self.codes], dtype=float)
        self.n = n

    def window(self, lo: int, hi: int) -> np.ndarray:
        """LCS lengths (in content words) between every two units of ``lo:hi``."""
        from rapidfuzz.distance import LCSseq
        from rapidfuzz.process import cdist

        codes = self.codes[lo:hi]
        return cdist(codes, codes, scorer=LCSseq.similarity, dtype=np.int32).astype(float)

    def split_overlap(self, a: int, b: int, c: int) -> float:
        """Ordered overlap of block ``[a, b)`` with block ``[b, c)``."""
        win = self.window(a, c)
        cum = np.concatenate([[0.0], np.cumsum(self.length[a:c])])
        return float(block_overlap(win, cum, np.array([0]), b - a, b - a, np.array([c - a]))[0, 0])


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
