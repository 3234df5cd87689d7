"""Score bitranscript on every dev set in ../shared and print one table.

    python benchmarks/devsets.py [--only NAME] [--json]

Runs ``bitranscript.process`` on the seed, the real dev calls, the English-only control
and the synthetic interpreted streams, and scores each with ``../shared/eval/score.py``
(the scorer the held-out sets are measured with).
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import time
from pathlib import Path

import bitranscript

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
COLUMNS = (
    "kind_accuracy",
    "side_accuracy",
    "pair_lax_f1",
    "pair_strict_f1",
    "pairs_gold",
    "pairs_pred",
    "entity_recall",
    "entity_edits_outside_gold",
    "number_conflict_recall",
    "number_findings",
)


def dev_sets() -> list[tuple[str, Path, Path]]:
    """(name, transcript, gold) for every dev transcript with a gold file."""
    sets = [("seed", SHARED / "seed/kingsoft_cloud_q4_2022.txt", SHARED / "gold/kingsoft_cloud_q4_2022.json")]
    for txt in sorted((SHARED / "dev/real").glob("*.txt")):
        sets.append((txt.stem, txt, txt.with_suffix(".json")))
    for txt in sorted((SHARED / "dev/streams").glob("stream_*.txt")):
        gold = txt.parent / txt.name.replace("stream_", "gold_").replace(".txt", ".json")
        sets.append((txt.stem, txt, gold))
    return [s for s in sets if s[1].exists() and s[2].exists()]


@functools.cache
def load_scorer(name: str = "score"):
    """``../shared/eval/NAME.py`` (``score`` or ``silver``), imported once."""
    spec = importlib.util.spec_from_file_location(name, SHARED / f"eval/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_one(scorer, txt: Path, gold: Path) -> dict:
    text = txt.read_text(encoding="utf-8")
    text = open(txt, encoding="utf-8", newline="").read()
    t0 = time.perf_counter()
    result = bitranscript.process(text, source=str(txt))
    seconds = time.perf_counter() - t0
    pred = json.loads(result.to_json())
    out = scorer.score(json.load(open(gold, encoding="utf-8")), text, pred)
    out["seconds"] = seconds
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="substring of the set names to run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not SHARED.is_dir():
        print("../shared not found", file=sys.stderr)
        return 2
    scorer = load_scorer()
    rows = {}
    for name, txt, gold in dev_sets():
        if args.only and args.only not in name:
            continue
        rows[name] = score_one(scorer, txt, gold)
    if args.json:
        print(json.dumps({k: {c: v.get(c) for c in (*COLUMNS, "seconds")} for k, v in rows.items()}, indent=1))
        return 0
    short = ("kind", "side", "lax", "strict", "gold", "pred", "ent_r", "ent_out", "num_r", "num_n", "sec")
    print(f"{'set':28}" + "".join(f"{s:>8}" for s in short))
    for name, r in rows.items():
        cells = [r.get(c) for c in (*COLUMNS, "seconds")]
        print(
            f"{name:28}"
            + "".join(f"{c:8.3f}" if isinstance(c, float) else f"{'' if c is None else c:>8}" for c in cells)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
