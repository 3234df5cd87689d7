"""Glossary step figures: loading the glossaries cold, matching a ~50 KB call, and both for a
glossary of 100,000 entries (issue 13: load <= 5 s, match a 50 KB call <= 1 s).

    .venv/bin/python benchmarks/bench_glossary.py                 # shipped glossaries, examples tiled to 50 KB
    .venv/bin/python benchmarks/bench_glossary.py --seed          # ../shared's seed call instead, when present
    .venv/bin/python benchmarks/bench_glossary.py --entries 100000 --repeat 3

Every cold figure is one fresh process (``--repeat`` of them: min/median/max), so nothing is
cached in memory: "load" is ``glossary.compiled`` (read, parse, validate, compile the index)
with the disk cache off (``BITRANSCRIPT_NO_CACHE=1``) and with it warm (the second process of
a cache directory of its own); "first match" is the first ``glossary.find`` of the process,
"warm match" the best of ``--warm`` more in that process. Peak RSS is the process's. The
segments and pairs come from detection and alignment, computed once outside the timing. With ``--entries N`` a
glossary of N entries like ``tests/hostile.py``'s is added to the shipped ones. Prints the
load average: on a busy machine the figures are slower than on an idle one.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def corpus(kb: int, seed: bool) -> tuple[str, str]:
    """A text of about ``kb`` KB: the seed (when asked and present) or the examples tiled."""
    shared = ROOT.parent / "shared" / "seed" / "kingsoft_cloud_q4_2022.txt"
    if seed and shared.exists():
        base, name = shared.read_text(encoding="utf-8"), "seed (../shared)"
    else:
        files = sorted((ROOT / "examples").glob("*.txt"))
        base, name = "\n".join(p.read_text(encoding="utf-8") for p in files), "examples/*.txt tiled"
    text = base
    while len(text.encode("utf-8")) < kb * 1024:
        text += "\n" + base
    data = text.encode("utf-8")[: kb * 1024]
    return data.decode("utf-8", errors="ignore"), name


def big_glossary(entries: int) -> str:
    """``entries`` entries as ``tests/hostile.py``'s size case writes them."""
    parts = ['[glossary]\nname = "bench: many entries"\n']
    for i in range(entries):
        parts.append(f'\n[[entry]]\nid = "t{i}"\nen = "Termx{i:06d} Holdings"\nvariants = ["Termy{i:06d} Holding"]\n')
    return "".join(parts)


def child(args: argparse.Namespace) -> int:
    """One cold measurement, printed as JSON."""
    import resource
    import time

    from bitranscript import glossary
    from bitranscript.features import english_frequencies
    from bitranscript.model import Options
    from bitranscript.pipeline import process

    text, _ = corpus(args.kb, args.seed)
    if args.segments:
        segments, pairs = pickle.loads(Path(args.segments).read_bytes())
    else:
        r = process(text, Options(checks=False, default_glossary=False))
        segments, pairs = r.segments, r.pairs
    english_frequencies()  # shared with detection: loaded before any run
    paths = (*glossary.shipped_paths(), *args.glossary)
    t0 = time.perf_counter()
    comp = glossary.compiled(paths)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    edits = glossary.find(text, segments, pairs=pairs, paths=paths)
    first = time.perf_counter() - t0
    warm = []
    for _ in range(args.warm):
        t0 = time.perf_counter()
        glossary.find(text, segments, pairs=pairs, paths=paths)
        warm.append(time.perf_counter() - t0)
    print(
        json.dumps(
            {
                "load": load,
                "first": first,
                "warm": min(warm) if warm else None,
                "edits": len(edits),
                "entries": sum(len(g.entries) for g in comp.glossaries),
                "files": len(paths),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )
    return 0


def _spread(values: list[float], unit: float = 1000.0, fmt: str = "{:.1f}") -> str:
    vals = [v * unit for v in values]
    return (
        "min "
        + fmt.format(min(vals))
        + ", median "
        + fmt.format(statistics.median(vals))
        + ", max "
        + fmt.format(max(vals))
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")
    ap.add_argument("--warm", type=int, default=10, help="warm calls per process (the best counts)")
    ap.add_argument("--seed", action="store_true", help="use ../shared's seed transcript when present")
    ap.add_argument("--entries", type=int, default=0, help="add a glossary of this many entries")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--glossary", action="append", default=[], help=argparse.SUPPRESS)
    ap.add_argument("--segments", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)

    from bitranscript.model import Options
    from bitranscript.pipeline import process

    text, name = corpus(args.kb, args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-glossary-") as tmp:
        r = process(text, Options(checks=False, default_glossary=False))
        segments = r.segments
        seg_file = Path(tmp) / "segments.pickle"
        seg_file.write_bytes(pickle.dumps((segments, r.pairs)))
        extra: list[str] = []
        if args.entries:
            big = Path(tmp) / "big.toml"
            big.write_text(big_glossary(args.entries), encoding="utf-8")
            extra = ["--glossary", str(big)]
        argv = [
            sys.executable,
            __file__,
            "--child",
            "--kb",
            str(args.kb),
            "--warm",
            str(args.warm),
            "--segments",
            str(seg_file),
            *(["--seed"] if args.seed else []),
            *extra,
        ]
        runs: dict[str, list[dict]] = {"no cache": [], "cache warm": []}
        for k in range(args.repeat):
            env = dict(os.environ, BITRANSCRIPT_NO_CACHE="1")
            runs["no cache"].append(_run(argv, env))
            env = dict(os.environ, BITRANSCRIPT_CACHE_DIR=str(Path(tmp) / f"cache{k}"))
            env.pop("BITRANSCRIPT_NO_CACHE", None)
            _run(argv, env)  # builds this directory's cache
            runs["cache warm"].append(_run(argv, env))
    first = runs["no cache"][0]
    print(f"text: {name}, {len(text.encode('utf-8')) / 1024:.0f} KB, {len(segments)} segments")
    print(f"glossaries: {first['files']} files, {first['entries']:,} entries; {first['edits']} edits")
    print(f"{args.repeat} fresh processes each, times in ms (min / median / max):")
    for label, rows in runs.items():
        print(f"  {label:10}  load {_spread([r['load'] for r in rows])}")
        print(f"  {'':10}  first match {_spread([r['first'] for r in rows])}")
        print(f"  {'':10}  warm match (best of {args.warm}) {_spread([r['warm'] for r in rows])}")
        print(f"  {'':10}  peak RSS MB {_spread([r['rss_mb'] for r in rows], 1.0, '{:.0f}')}")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    return 0


def _run(argv: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


if __name__ == "__main__":
    raise SystemExit(main())
