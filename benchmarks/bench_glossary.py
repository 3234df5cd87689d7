"""Glossary matching time for the shipped glossaries on a ~50 KB transcript (target <= 20 ms warm).

    .venv/bin/python benchmarks/bench_glossary.py            # the invented examples, tiled to 50 KB
    .venv/bin/python benchmarks/bench_glossary.py --seed     # ../shared's seed instead, when present
    .venv/bin/python benchmarks/bench_glossary.py --kb 200 --repeat 20

Times, separately: loading and compiling the glossaries (cold, once per set of files and
mtimes, then cached), the first call on a text, and warm calls (median and best of
``--repeat``) of ``glossary.find`` with the text's segments from detection (the segments
are computed once, outside the timing). Prints the load average: on a busy machine the
figures are slower than on an idle one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--seed", action="store_true", help="use ../shared's seed transcript when present")
    args = ap.parse_args()

    from bitranscript import glossary
    from bitranscript.features import english_frequencies
    from bitranscript.model import Options
    from bitranscript.pipeline import process

    text, name = corpus(args.kb, args.seed)
    segments = process(text, Options(checks=False, default_glossary=False)).segments
    english_frequencies()  # shared with detection: loaded before any run

    paths = glossary.shipped_paths()
    t0 = time.perf_counter()
    comp = glossary.compiled(paths)
    compile_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    edits = glossary.find(text, segments, paths=paths)
    first_s = time.perf_counter() - t0
    warm = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        glossary.find(text, segments, paths=paths)
        warm.append(time.perf_counter() - t0)
    entries = sum(len(g.entries) for g in comp.glossaries)
    print(f"text: {name}, {len(text.encode('utf-8')) / 1024:.0f} KB, {len(segments)} segments")
    print(f"glossaries: {len(paths)} files, {entries} entries; {len(edits)} edits")
    print(f"compile (cold, cached afterwards): {compile_s * 1000:.0f} ms")
    print(f"first call: {first_s * 1000:.1f} ms")
    print(f"warm: median {statistics.median(warm) * 1000:.1f} ms, best {min(warm) * 1000:.1f} ms (target <= 20 ms)")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
