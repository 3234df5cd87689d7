"""Grid-search the bead-score weights of ``align.AlignParams`` on the dev sets.

    python benchmarks/tune_align.py sim_threshold=0.1,0.15,0.2 sim_weight=8,12

Prints the mean strict/lax pair F1 and kind accuracy over the interpreted dev sets for
every combination (the English-only control is checked separately by devsets.py).
Detection (the slow, parameter-free part) runs once per transcript.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace

from devsets import dev_sets, load_scorer

from bitranscript import align as align_stage
from bitranscript.detect import detect
from bitranscript.model import Result
from bitranscript.pipeline import _segments_and_pairs
from bitranscript.sentences import split_sentences


def main(argv: list[str]) -> int:
    grid = {k: [float(x) for x in v.split(",")] for k, v in (a.split("=") for a in argv if "=" in a)}
    only = [a for a in argv if "=" not in a]
    scorer = load_scorer()
    data = []
    for name, txt, gold in dev_sets():
        if "control" in name or (only and not any(o in name for o in only)):
            continue
        text = open(txt, encoding="utf-8", newline="").read()
        data.append((name, text, detect(text, split_sentences(text)), json.load(open(gold, encoding="utf-8"))))
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        params = replace(align_stage.AlignParams(), **dict(zip(keys, values, strict=True)))
        rows = {}
        for name, text, units, gold in data:
            segments, pairs = _segments_and_pairs(units, align_stage.align(text, units, params))
            pred = json.loads(Result(text=text, segments=segments, pairs=pairs).to_json())
            rows[name] = scorer.score(gold, text, pred)
        mean = lambda key: sum(r[key] for r in rows.values()) / len(rows)  # noqa: E731
        detail = " ".join(f"{n[:12]}={r['pair_strict_f1']:.2f}/{r['kind_accuracy']:.2f}" for n, r in rows.items())
        print(f"{dict(zip(keys, values, strict=True))} strict={mean('pair_strict_f1'):.3f} lax={mean('pair_lax_f1'):.3f} "
              f"kind={mean('kind_accuracy'):.3f} | {detail}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
