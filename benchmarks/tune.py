"""Fit ``params.Align`` over every dev set, with leave-one-set-out cross-validation.

    python benchmarks/tune.py margin_ratio=1,1.5,2 literal_weight=0.5,1 [--only NAME ...] [--json FILE]

Every combination of the grid is run on every dev transcript (detection, which has no
fitted threshold, runs once per transcript). Each transcript gets one figure in [0, 1]:

- gold sets (the seed, the real calls, the streams, and the project's invented examples;
  ``../shared/eval/score.py``): the mean
  of kind accuracy and strict pair F1 (the English-only control scores 0 for any pair);
- silver calls (``../shared/eval/silver.py``): the mean of interpretation recall, pair
  precision, pair recall and two zero-one figures, no machine English predicted (original
  share under 1%) and no English-source pair.

A *set* is what a held-out call would be: the seed, each real call, each silver call, and
each stream family (``stream_001_{gl,mt,zh}`` share their story, so they are held out
together). For every set, the combination that is best on all the *other* sets is chosen
and its figure on the held-out set is reported: those cross-validated figures are the ones
to quote. The training figure (best combination on all sets) is printed beside them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

from bitranscript import align as align_stage
from bitranscript.detect import detect
from bitranscript.model import Result
from bitranscript.pipeline import _segments_and_pairs
from bitranscript.sentences import split_sentences
from devsets import SHARED, dev_sets, load_scorer


def silver_sets() -> list[tuple[str, Path, Path]]:
    return [(t.stem, t, t.with_suffix(".expect.json")) for t in sorted((SHARED / "dev/silver").glob("*.txt"))]


def set_of(name: str) -> str:
    """The cross-validation set a transcript belongs to."""
    if name.startswith("stream_"):
        return name.rsplit("_", 1)[0]  # stream_001_gl -> stream_001
    return name


def gold_figure(row: dict) -> float:
    return 0.5 * (row["kind_accuracy"] + row["pair_strict_f1"])


def silver_figure(row: dict) -> float:
    parts = [row["interp_recall"], row["pair_precision"], row["pair_recall"]]
    parts.append(1.0 if row.get("original_share", 0.0) < 0.01 else 0.0)
    parts.append(1.0 if row.get("english_source_pairs", 0) == 0 else 0.0)
    return sum(parts) / len(parts)


def example_sets() -> list[tuple[str, Path, Path]]:
    """The project's own invented example calls that have a gold file."""
    folder = Path(__file__).resolve().parents[1] / "examples"
    return [
        (f"example:{g.name[: -len('.gold.json')]}", g.with_name(g.name.replace(".gold.json", ".txt")), g)
        for g in sorted(folder.glob("*.gold.json"))
    ]


def load(only: list[str]):
    data = []
    for name, txt, gold in [*dev_sets(), *example_sets()]:
        if not only or any(o in name for o in only):
            text = open(txt, encoding="utf-8", newline="").read()
            data.append(
                (name, "gold", text, detect(text, split_sentences(text)), json.load(open(gold, encoding="utf-8")))
            )
    for name, txt, expect in silver_sets():
        if not only or any(o in name for o in only):
            text = open(txt, encoding="utf-8", newline="").read()
            data.append(
                (name, "silver", text, detect(text, split_sentences(text)), json.load(open(expect, encoding="utf-8")))
            )
    return data


def evaluate(data, params) -> dict[str, tuple[float, dict]]:
    scorer, silver = load_scorer(), load_scorer("silver")
    out = {}
    for name, kind, text, units, truth in data:
        segments, pairs = _segments_and_pairs(units, align_stage.align(text, units, params))
        pred = json.loads(Result(text=text, segments=segments, pairs=pairs).to_json())
        if kind == "gold":
            row = scorer.score(truth, text, pred)
            out[name] = (gold_figure(row), row)
        else:
            row = silver.score(truth, text, pred)
            out[name] = (silver_figure(row), row)
    return out


def cross_validate(figures: list[dict[str, float]]) -> dict[str, tuple[int, float]]:
    """For each held-out set: (index of the combination best on the other sets, its figure there)."""
    sets = sorted({set_of(n) for n in figures[0]})

    def mean_over(fig: dict[str, float], keep) -> float:
        vals = [v for n, v in fig.items() if keep(set_of(n))]
        return sum(vals) / len(vals) if vals else 0.0

    out = {}
    for held in sets:
        train = [mean_over(f, lambda s, held=held: s != held) for f in figures]
        best = max(range(len(figures)), key=lambda k: (train[k], -k))  # ties: the earlier (default-first) one
        out[held] = (best, mean_over(figures[best], lambda s, held=held: s == held))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("grid", nargs="*", help="NAME=v1,v2,... over fields of params.Align")
    ap.add_argument("--only", nargs="*", default=[], help="only transcripts whose name contains one of these")
    ap.add_argument("--json", help="write every figure to this file")
    args = ap.parse_args(argv)
    base = align_stage.AlignParams()
    grid = {}
    for item in args.grid:
        key, _, vals = item.partition("=")
        kind = type(getattr(base, key))
        grid[key] = [kind(float(v)) for v in vals.split(",")]
    data = load(args.only)
    keys = list(grid)
    combos = [dict(zip(keys, values, strict=True)) for values in itertools.product(*(grid[k] for k in keys))] or [{}]
    figures, rows = [], []
    for combo in combos:
        result = evaluate(data, replace(base, **combo))
        figures.append({n: f for n, (f, _) in result.items()})
        rows.append({n: r for n, (_, r) in result.items()})
        mean = sum(figures[-1].values()) / len(figures[-1])
        print(f"{combo} mean={mean:.3f}", flush=True)
    cv = cross_validate(figures)
    train_best = max(range(len(figures)), key=lambda k: (sum(figures[k].values()), -k))
    print(f"\ntraining best: {combos[train_best]}")
    print(f"{'held-out set':16s} {'cv':>6s} {'train':>6s}  chosen on the other sets")
    for held, (k, fig) in cv.items():
        train_fig = [v for n, v in figures[train_best].items() if set_of(n) == held]
        print(f"{held:16s} {fig:6.3f} {sum(train_fig) / len(train_fig):6.3f}  {combos[k]}")
    print(f"{'mean':16s} {sum(f for _, f in cv.values()) / len(cv):6.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"combos": combos, "rows": rows, "cv": cv}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
