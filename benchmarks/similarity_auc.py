"""How well a similarity tells an original's rendering from the paragraph after it.

    python benchmarks/similarity_auc.py

On the ``_mt`` streams of ``../shared/dev/streams`` (fluent machine-translated originals),
for every original paragraph: its similarity to its interpretation (the next paragraph)
against its similarity to the paragraph after that. Prints the area under the ROC curve
(1.0 = always told apart) and the time per pair, for:

- ``lcs``: what ``align`` uses, the in-order overlap of content-word stems (Dice over
  rapidfuzz's LCS, ``similarity.UnitMatches``);
- ``chrF``: sacrebleu's character n-gram F-score, as the design suggests for translation
  similarity between machine English and an interpretation.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz.distance import LCSseq
from sacrebleu.metrics import CHRF

from bitranscript.features import english_frequencies
from bitranscript.similarity import UnitMatches, content_tokens

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def auc(pos: list[float], neg: list[float]) -> float:
    p, n = np.array(pos)[:, None], np.array(neg)[None, :]
    return float((p > n).mean() + 0.5 * (p == n).mean())


def main() -> int:
    streams = sorted((SHARED / "dev/streams").glob("stream_*_mt.txt"))
    if not streams:
        print("no ../shared/dev/streams here", file=sys.stderr)
        return 2
    freq, chrf = english_frequencies(), CHRF()
    print(f"{'stream':20s} {'AUC lcs':>8s} {'AUC chrF':>9s} {'lcs us/pair':>12s} {'chrF us/pair':>13s}")
    for path in streams:
        gold = json.loads(path.with_name(path.name.replace("stream_", "gold_").replace(".txt", ".json")).read_text())
        lines = path.read_text(encoding="utf-8").splitlines()
        kinds: dict[int, set[str]] = {}
        for seg in gold["segments"]:
            kinds.setdefault(seg["line"] - 1, set()).add(seg["kind"])
        matches = UnitMatches([content_tokens(line, freq) for line in lines])
        pairs = []  # (i, k, is_rendering)
        for i in range(len(lines) - 2):
            if kinds.get(i) == {"original"} and kinds.get(i + 1) == {"interpretation"}:
                pairs += [(i, i + 1, True), (i, i + 2, False)]
        t0 = time.perf_counter()
        lcs = [
            2 * LCSseq.similarity(matches.codes[i], matches.codes[k]) / max(1.0, matches.length[i] + matches.length[k])
            for i, k, _ in pairs
        ]
        t1 = time.perf_counter()
        chr_ = [chrf.sentence_score(lines[i], [lines[k]]).score for i, k, _ in pairs]
        t2 = time.perf_counter()
        label = [r for _, _, r in pairs]

        def split(xs: list[float], label: list[bool] = label) -> tuple[list[float], list[float]]:
            return [x for x, r in zip(xs, label, strict=True) if r], [
                x for x, r in zip(xs, label, strict=True) if not r
            ]

        print(
            f"{path.stem:20s} {auc(*split(lcs)):8.3f} {auc(*split(chr_)):9.3f} "
            f"{(t1 - t0) / len(pairs) * 1e6:12.1f} {(t2 - t1) / len(pairs) * 1e6:13.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
