"""Measure the pipeline on synthetic calls (tests/synth.py), per knob setting and source form.

    python benchmarks/synth_eval.py [--n 5] [--seed 0] [--by setting|form] [--json]

For each knob setting of ``synth.all_specs()`` it generates ``--n`` calls (seeds
``seed .. seed+n-1``), runs ``bitranscript.process`` and scores the result: kind accuracy
and strict pair F1 with ``../shared/eval/score.py``'s ``score`` where ``../shared`` is
beside the checkout, else with ``synth.simple_score`` (the same definitions). Also:
``recall`` = share of generated (original, interpretation) pairs found (both sides
Jaccard >= 0.9), ``native_pairs`` = predicted pairs whose both sides are mostly
native-generated text (paragraphs that restate each other), ``src_kinds`` = characters
given a source kind in English-only calls. Figures are means over calls.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
try:  # the installed package (or PYTHONPATH), else this checkout's src/
    import bitranscript
except ImportError:
    sys.path.insert(0, str(ROOT / "src"))
    import bitranscript

import synth  # noqa: E402


def _shared_score():
    path = ROOT.parent / "shared" / "eval" / "score.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("_shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score


def evaluate(n: int = 5, seed: int = 0, specs=None) -> list[dict]:
    """One row per (spec, seed): the spec's knobs and the scores."""
    score = _shared_score()
    rows = []
    for spec in specs or synth.all_specs():
        for s in range(seed, seed + n):
            call = synth.generate(spec, s)
            result = bitranscript.process(call.text)
            if score is not None:
                sc = score(call.gold, call.text, synth.prediction(result))
            else:
                sc = synth.simple_score(call, result)
            found = synth.pair_matches(call, result)
            src_chars = sum(
                1 for seg in result.segments if seg.kind in ("original", "chinese") for _ in range(seg.end - seg.start)
            )
            rows.append(
                {
                    "setting": _setting(spec),
                    "form": spec.source,
                    "seed": s,
                    "kind": sc["kind_accuracy"],
                    "strict_f1": sc["pair_strict_f1"],
                    "recall": sum(found) / len(found) if found else 1.0,
                    "native_pairs": synth.native_pairs(call, result),
                    "src_kinds": src_chars if spec.source == "english_only" else 0,
                }
            )
    return rows


def _setting(spec: synth.CallSpec) -> str:
    default = synth.CallSpec()
    knobs = [
        f"{k}={getattr(spec, k)!r}" if k == "newline" else f"{k}={getattr(spec, k)}"
        for k in spec.__dataclass_fields__
        if getattr(spec, k) != getattr(default, k)
    ]
    return f"source={spec.source}" + "".join(" " + k for k in knobs if not k.startswith("source="))


def summarise(rows: list[dict], by: str) -> list[dict]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r[by]].append(r)
    out = []
    for key, rs in groups.items():
        out.append(
            {
                by: key,
                "calls": len(rs),
                "kind": sum(r["kind"] for r in rs) / len(rs),
                "strict_f1": sum(r["strict_f1"] for r in rs) / len(rs),
                "recall": sum(r["recall"] for r in rs) / len(rs),
                "native_pairs": sum(r["native_pairs"] for r in rs) / len(rs),
                "src_kinds": sum(r["src_kinds"] for r in rs) / len(rs),
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5, help="calls per knob setting")
    ap.add_argument("--seed", type=int, default=0, help="first seed")
    ap.add_argument("--by", choices=("form", "setting"), default="form")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    rows = evaluate(args.n, args.seed)
    table = summarise(rows, args.by)
    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    scorer = "../shared/eval/score.py" if _shared_score() else "synth.simple_score"
    print(f"# {len(rows)} calls, scorer {scorer}, {time.perf_counter() - t0:.1f} s")
    width = max(len(str(t[args.by])) for t in table)
    print(f"{args.by:<{width}}  calls  kind   strictF1  recall  native_pairs/call  src_kind_chars/call")
    for t in table:
        print(
            f"{t[args.by]:<{width}}  {t['calls']:5d}  {t['kind']:.3f}  {t['strict_f1']:.3f}     "
            f"{t['recall']:.3f}   {t['native_pairs']:.2f}               {t['src_kinds']:.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
