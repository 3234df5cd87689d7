"""Cheap block similarity for the alignment search.

Each unit becomes a bag of content-word stems and numbers weighted by TF-IDF over the
document. Blocks are ranges of units, and the dot product of two blocks is a rectangle
sum of the units' Gram matrix, so with 2-D prefix sums every block pair in a window
costs O(1). The Gram matrix is built per window (chunk), keeping memory linear in the
length of the transcript.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import regex

_TOKEN = regex.compile(r"\d+(?:[.,]\d+)*%?|\p{Latin}[\p{Latin}'’]*")
_STOP_FREQ = 4e-4
"""Words more frequent than this in English (the, we, our, year...) carry no content."""


def content_tokens(text: str, freq: dict[str, float]) -> list[str]:
    """Stems of the rare-enough words and the numbers of a piece of English."""
    out = []
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            out.append("#" + tok.replace(",", "").rstrip("%"))
            continue
        low = tok.lower().replace("’", "'")
        if freq.get(low, 0.0) > _STOP_FREQ or len(low) < 3:
            continue
        out.append(low[:6])
    return out


class BlockSimilarity:
    """TF-IDF vectors of units, and block-pair cosines through chunked Gram matrices."""

    def __init__(self, bags: Sequence[Sequence[str]]) -> None:
        n = len(bags)
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(set(bag))
        self.vocab = {t: i for i, t in enumerate(sorted(df))}
        self.rows: list[dict[int, float]] = []
        for bag in bags:
            tf = Counter(bag)
            self.rows.append(
                {self.vocab[t]: (1 + math.log(c)) * math.log((n + 1) / df[t]) for t, c in tf.items()}
            )
        self.n = n

    def chunk_prefix(self, lo: int, hi: int) -> np.ndarray:
        """2-D prefix sums ``C`` of the Gram matrix of units ``lo:hi``.

        ``C[a1, b1] - C[a0, b1] - C[a1, b0] + C[a0, b0]`` is the dot product of block
        ``lo+a0 : lo+a1`` with block ``lo+b0 : lo+b1``.
        """
        rows = self.rows[lo:hi]
        cols = sorted({c for r in rows for c in r})
        index = {c: i for i, c in enumerate(cols)}
        m = np.zeros((len(rows), max(1, len(cols))))
        for i, r in enumerate(rows):
            for c, w in r.items():
                m[i, index[c]] = w
        gram = m @ m.T
        c = np.zeros((len(rows) + 1, len(rows) + 1))
        c[1:, 1:] = gram.cumsum(0).cumsum(1)
        return c
