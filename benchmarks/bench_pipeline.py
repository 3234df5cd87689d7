"""Speed and memory of the core pipeline; prints figures, asserts nothing.

    python benchmarks/bench_pipeline.py [--repeat 5] [--no-100x]

- import time of ``bitranscript`` (fresh interpreter, best of 5);
- warm time of ``process`` per transcript (min / median / max of ``--repeat`` runs after
  one unmeasured run) for the example and a 50 KB transcript, and for inputs of 10x and
  100x the example (the example repeated, one run each), with the scaling ratio;
- time per stage (sentences, detect, align, glossary, checks) on the 50 KB input, the
  median of ``--repeat`` runs;
- peak memory (RSS of a fresh interpreter running the 10x input).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kingsoft_cloud_q3_2031.txt"


def tiled(text: str, kb: int) -> str:
    """``text`` repeated to ``kb`` KB (UTF-8), cut at the last paragraph end before that size."""
    out = text
    while len(out.encode("utf-8")) < kb * 1024:
        out += text
    head = out.encode("utf-8")[: kb * 1024].decode("utf-8", errors="ignore")
    return head[: head.rfind("\n") + 1]


def import_time() -> float:
    cmd = [
        sys.executable,
        "-c",
        "import time; t = time.perf_counter(); import bitranscript; print(time.perf_counter() - t)",
    ]
    return min(float(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout) for _ in range(5))


def warm(text: str, repeat: int) -> list[float]:
    """Seconds per ``process(text)``, ``repeat`` times, after one run that warms up (lazy
    imports, glossary compilation)."""
    import bitranscript

    bitranscript.process(text)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        bitranscript.process(text)
        times.append(time.perf_counter() - t0)
    return times


def spread(times: list[float]) -> str:
    """min / median / max in milliseconds."""
    return "/".join(f"{t * 1000:.0f}" for t in (min(times), statistics.median(times), max(times)))


def stages(text: str) -> dict[str, float]:
    from bitranscript import align, checks, detect, pipeline, sentences
    from bitranscript.model import Options, Result

    bitranscript_result = pipeline.process(text)  # warm
    del bitranscript_result
    out: dict[str, float] = {}
    t = time.perf_counter()
    spans = sentences.split_sentences(text)
    out["sentences"] = time.perf_counter() - t
    t = time.perf_counter()
    units = detect.detect(text, spans)
    out["detect"] = time.perf_counter() - t
    t = time.perf_counter()
    alignment = align.align(text, units)
    out["align"] = time.perf_counter() - t
    segments, pairs = pipeline._segments_and_pairs(units, alignment)
    options = Options()
    t = time.perf_counter()
    edits = pipeline._glossary_edits(text, segments, options)
    out["glossary"] = time.perf_counter() - t
    result = Result(text=text, segments=segments, pairs=pairs, edits=tuple(edits))
    t = time.perf_counter()
    checks.run_checks(result)
    out["checks"] = time.perf_counter() - t
    return out


def peak_rss_mb(path: Path, times: int) -> float:
    code = (
        "import resource, sys, bitranscript; from pathlib import Path\n"
        f"text = Path({str(path)!r}).read_text(encoding='utf-8') * {times}\n"
        "bitranscript.process(text)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-100x", action="store_true", help="skip the 100x input (minutes on a small machine)")
    args = ap.parse_args(argv)
    example = EXAMPLE.read_text(encoding="utf-8")
    fifty_kb = tiled(example, 50)
    print(f"import bitranscript: {import_time() * 1000:.0f} ms (target <= 300 ms)")
    times = warm(example, args.repeat)
    base = statistics.median(times)
    size = len(example.encode("utf-8")) / 1024
    print(f"example ({size:.0f} KB): {spread(times)} ms warm (min/median/max)")
    kb = len(fifty_kb.encode("utf-8")) / 1024
    print(f"50 KB ({kb:.1f} KB): {spread(warm(fifty_kb, args.repeat))} ms warm (min/median/max; target <= 100 ms)")
    [t10] = warm(example * 10, 1)
    print(f"10x ({size * 10:.0f} KB): {t10:.2f} s, {t10 / base:.1f}x the median time (target <= 11x)")
    if not args.no_100x:
        [t100] = warm(example * 100, 1)
        print(f"100x ({size * 100:.0f} KB): {t100:.1f} s, {t100 / base:.0f}x the median time")
    runs = [stages(fifty_kb) for _ in range(args.repeat)]
    medians = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
    print("stages on 50 KB (median): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in medians.items()))
    print(f"peak RSS, 10x input in a fresh interpreter: {peak_rss_mb(EXAMPLE, 10):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
