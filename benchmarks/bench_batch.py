"""Batch throughput: files/s and MB/s for --jobs 1 and --jobs 2, parent memory, and Dask.

    .venv/bin/python benchmarks/bench_batch.py                 # 1,000 transcripts of ~50 KB
    .venv/bin/python benchmarks/bench_batch.py --files 100     # a quicker run
    .venv/bin/python benchmarks/bench_batch.py --jobs 1 2 4 --no-dask

The corpus is made in a temp folder from the project's invented examples (``examples/*.txt``,
or a built-in invented call when there are none), varied deterministically per file:
blocks of lines drawn in a seeded order and numbers changed, until each file reaches
``--kb``. Each run is ``python -m bitranscript align DIR --format jsonl -o FILE --jobs N``
in a child process, timed from start to exit (worker start-up and warm-up included).
The parent's memory is read from /proc (VmHWM, the kernel's own peak) while it runs;
the peak in the first and second half of the run shows whether it grows with the batch.
Dask runs ``bitranscript.dask.process_bag`` on a ``LocalCluster`` of 2 worker processes
(cluster start-up timed apart).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FALLBACK = """Operator
Good day, and welcome to the Lanshan Data fourth quarter earnings call. All lines are muted.
Grace Liu - Investor Relations
Thank you, operator. With us today are our chairman Mr. Wen Bo and our finance chief Ms. Qiao Lan.
Wen Bo
Ge wei tou zi zhe wan shang hao, Lan Shan Shu Ju jin nian di si ji du shou ru zeng zhang le bai fen zhi shi ba.
Interpreter
Good evening, everyone. Lanshan Data grew revenue by 18% in the fourth quarter.
Wen Bo
Wo men zai zhi neng suan li fang mian tou ru hen da, ming nian hui ji xu kuo da shu ju zhong xin.
Interpreter
We invested heavily in computing power and will keep expanding our data centres next year.
Qiao Lan
Total revenue was RMB 2.1 billion, up 18% year over year. Gross margin improved to 14%.
Tom Baker
Thanks for taking my question. Could you talk about public cloud pricing next year?
Wen Bo
Zhe ge wen ti hen hao, gong you yun de jia ge jing zheng reng ran hen ji lie. uh uh uh uh uh uh uh
Interpreter
That is a good question. Price competition in public cloud is still intense.
"""


def base_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return [t for t in texts if t.strip()] or [FALLBACK]


def make_corpus(folder: Path, files: int, kb: int) -> int:
    """Write ``files`` transcripts of about ``kb`` KB under ``folder`` (10 sub-folders); return bytes."""
    blocks: list[list[str]] = []
    for text in base_texts():
        lines = text.splitlines()
        blocks.extend(lines[i : i + 6] for i in range(0, len(lines), 6))
    total = 0
    for n in range(files):
        rng = random.Random(n)
        out: list[str] = []
        size = 0
        while size < kb * 1000:
            block = rng.choice(blocks)
            body = "\n".join(block) + "\n"
            body = re.sub(r"\d+", lambda m, r=rng: str(r.randrange(10 ** len(m.group()))), body)
            out.append(body)
            size += len(body.encode("utf-8"))
        path = folder / f"group{n % 10:02d}" / f"call{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(out).encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    return total


def _vmhwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_cli(corpus: Path, out: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "bitranscript", "align", str(corpus), "--format", "jsonl", "-o", str(out)]
    cmd += ["--jobs", str(jobs), "--quiet"]
    samples: list[tuple[float, int]] = []
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            samples.append((time.perf_counter() - start, _vmhwm_kb(proc.pid)))
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    err = proc.communicate()[1]
    seconds = time.perf_counter() - start
    done.set()
    watcher.join()
    half = seconds / 2
    first = max((kb for t, kb in samples if t <= half), default=0)
    peak = max((kb for _, kb in samples), default=0)
    with open(out, encoding="utf-8") as fh:
        lines = sum(1 for _ in fh)
    return {
        "seconds": seconds,
        "rc": proc.returncode,
        "lines": lines,
        "peak_mb": peak / 1024,
        "first_half_mb": first / 1024,
        "stderr": err.strip()[-300:],
    }


def run_dask(corpus: Path, workers: int) -> dict:
    from distributed import Client, LocalCluster

    from bitranscript.dask import process_bag

    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    started = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        bag = process_bag([str(corpus)], npartitions=workers * 8)
        counts = dict(bag.map(lambda r: r["ok"]).frequencies().compute())
        seconds = time.perf_counter() - t1
    finally:
        client.close()
        cluster.close()
    return {"seconds": seconds, "startup": started, "ok": counts.get(True, 0), "failed": counts.get(False, 0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000, help="transcripts in the corpus (default 1000)")
    ap.add_argument("--kb", type=int, default=50, help="size of each transcript in KB (default 50)")
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to time (default 1 2)")
    ap.add_argument("--dask-workers", type=int, default=2)
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bitranscript-bench-"))
    try:
        corpus = tmp / "corpus"
        t = time.perf_counter()
        size = make_corpus(corpus, args.files, args.kb)
        mb = size / 1e6
        print(
            f"corpus: {args.files} files, {mb:.1f} MB ({time.perf_counter() - t:.1f} s to write); "
            f"cores: {os.cpu_count()}; python {sys.version.split()[0]}"
        )
        figures: dict = {"files": args.files, "mb": mb, "cores": os.cpu_count(), "runs": {}}
        base = None
        for jobs in args.jobs:
            r = run_cli(corpus, tmp / f"jobs{jobs}.jsonl", jobs)
            base = base or r["seconds"]
            figures["runs"][f"jobs{jobs}"] = r
            print(
                f"--jobs {jobs}: {r['seconds']:.1f} s, {args.files / r['seconds']:.2f} files/s, "
                f"{mb / r['seconds']:.2f} MB/s, speed-up x{base / r['seconds']:.2f}; parent peak RSS "
                f"{r['peak_mb']:.0f} MB (first half {r['first_half_mb']:.0f} MB); rc {r['rc']}, {r['lines']} lines"
            )
            if r["rc"] != 0:
                print("  stderr:", r["stderr"])
        if len(args.jobs) > 1:
            a, b = (tmp / f"jobs{j}.jsonl" for j in args.jobs[:2])
            same = a.read_bytes() == b.read_bytes()
            figures["identical"] = same
            print(f"--jobs {args.jobs[0]} and --jobs {args.jobs[1]} outputs identical: {same}")
        if not args.no_dask:
            try:
                d = run_dask(corpus, args.dask_workers)
            except ImportError:
                print("dask: not installed (pip install 'bitranscript[dask]')")
            else:
                figures["dask"] = d
                print(
                    f"dask LocalCluster ({args.dask_workers} worker processes): {d['seconds']:.1f} s, "
                    f"{args.files / d['seconds']:.2f} files/s, {mb / d['seconds']:.2f} MB/s "
                    f"(cluster start-up {d['startup']:.1f} s apart); ok {d['ok']}, failed {d['failed']}"
                )
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
