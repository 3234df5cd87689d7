"""Cold commands as users run them: one process per call, wall time and peak RSS.

    .venv/bin/python benchmarks/bench_cli.py [--repeat 5] [--bleualign PATH/bleualign.py] [--only NAME,...]

Every figure is min / median / max over ``--repeat`` runs (the machines are noisy), each a
fresh ``python -m bitranscript ...`` process timed from start to exit; peak RSS is the
kernel's maximum resident set of that process (``wait4``), workers included for batches
(their own peak, the largest). The user cache (``bitranscript.cache``) is warm, as on any
machine after the first run; the first run's cost of building it is printed once, apart.
The bytecode of bitranscript (and of Bleualign, when given) is compiled first, as
``pip install`` leaves an installed package: a shell with ``PYTHONDONTWRITEBYTECODE`` set
(this development machine's) would otherwise recompile every module on every run, about
0.1 s that no user pays.

Cases:

* ``align`` on a 2-line file and on a 50 KB call (the example tiled);
* ``pair --source-mt`` and ``pair`` (raw Chinese) over the ``../shared/dev/mac-dev``
  documents, one process each, in the same run as Bleualign (``--bleualign``: its
  ``bleualign.py``, run with the same interpreter; a copy of rsennrich/Bleualign) and
  NLTK's Gale-Church (``pip install '.[bench]'``), each also one process per document;
* ``align examples/`` as a batch with ``-j1`` and ``-j2``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAC = ROOT.parent / "shared" / "dev" / "mac-dev"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import EXAMPLE, tiled  # noqa: E402

TWO_LINES = "Operator\nGood morning, everyone, and thank you for joining us today.\n"

GALE_CHURCH = """
import sys
sys.path.insert(0, {bench!r})
from bench_bitext import gale_church
zh, en = (open(p, encoding="utf-8").read().splitlines() for p in sys.argv[1:3])
for s, t in gale_church(zh, en, []):
    print(list(s), list(t))
"""


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds from start to exit, and peak RSS in MB, of one process (its children's
    own peaks are read by ``wait4`` too: the largest of them counts)."""
    t = time.perf_counter()
    proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(argv)}\n{err}")
    return wall, usage.ru_maxrss // 1024


def series(runs: Sequence[Callable[[], tuple[float, int]]], repeat: int) -> tuple[list[float], list[int]]:
    """``repeat`` rounds of all ``runs`` (one round = their summed time, their largest RSS)."""
    walls, rss = [], []
    for _ in range(repeat):
        total, peak = 0.0, 0
        for run in runs:
            w, m = run()
            total, peak = total + w, max(peak, m)
        walls.append(total)
        rss.append(peak)
    return walls, rss


def show(name: str, walls: Sequence[float], rss: Sequence[int], note: str = "") -> None:
    w = f"{min(walls):7.2f} {statistics.median(walls):7.2f} {max(walls):7.2f} s"
    print(f"{name:<44} {w}   peak RSS {max(rss):5d} MB  {note}".rstrip())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--bleualign", type=Path, help="path to Bleualign's bleualign.py")
    ap.add_argument("--only", default="", help="comma-separated: tiny,50kb,pair,batch")
    args = ap.parse_args(argv)
    only = set(filter(None, args.only.split(",")))
    py = [sys.executable, "-m", "bitranscript"]
    import compileall

    import bitranscript

    compileall.compile_dir(Path(bitranscript.__file__).parent, quiet=1)
    if args.bleualign:
        compileall.compile_dir(args.bleualign.parent, quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench_cli_"))
    try:
        tiny = work / "two_lines.txt"
        tiny.write_text(TWO_LINES, encoding="utf-8")
        big = work / "call_50kb.txt"
        big.write_text(tiled(EXAMPLE.read_text(encoding="utf-8"), 50), encoding="utf-8")

        cache_env = {**os.environ, "BITRANSCRIPT_CACHE_DIR": str(work / "fresh-cache")}
        w, m = run_once([*py, "align", str(tiny)], env=cache_env)
        print(f"first run on this machine (building the user cache): {w:.2f} s, {m} MB")
        run_once([*py, "align", str(tiny)])  # the user's cache, warm from here on
        print(f"{'case (' + str(args.repeat) + ' runs)':<44} {'min':>7} {'median':>7} {'max':>7}")

        if not only or "tiny" in only:
            show("align, 2-line file", *series([lambda: run_once([*py, "align", str(tiny)])], args.repeat))
        if not only or "50kb" in only:
            show("align, 50 KB call", *series([lambda: run_once([*py, "align", str(big)])], args.repeat))
            show("check, 50 KB call", *series([lambda: run_once([*py, "check", str(big), "--exit-zero"])], args.repeat))
        if (not only or "pair" in only) and MAC.is_dir():
            docs = sorted(p.stem for p in MAC.glob("*.zh"))
            out = work / "out"

            def each(make: Callable[[str], list[str]]) -> list[Callable[[], tuple[float, int]]]:
                return [lambda d=d: run_once(make(d)) for d in docs]

            def mac(d: str, ext: str) -> str:
                return str(MAC / f"{d}.{ext}")

            n = f"{len(docs)} docs"
            show(
                f"pair --source-mt, {n}",
                *series(
                    each(lambda d: [*py, "pair", mac(d, "zh"), mac(d, "en"), "--source-mt", mac(d, "trans")]),
                    args.repeat,
                ),
            )
            show(
                f"pair (raw Chinese), {n}",
                *series(each(lambda d: [*py, "pair", mac(d, "zh"), mac(d, "en")]), args.repeat),
            )
            if args.bleualign:
                show(
                    f"Bleualign (with the MT), {n}",
                    *series(
                        each(
                            lambda d: [
                                sys.executable,
                                str(args.bleualign),
                                "-s",
                                mac(d, "zh"),
                                "-t",
                                mac(d, "en"),
                                "--srctotarget",
                                mac(d, "trans"),
                                "-o",
                                str(out),
                            ]
                        ),
                        args.repeat,
                    ),
                )
            else:
                print("Bleualign: not run (--bleualign PATH/bleualign.py)")
            try:
                import nltk  # noqa: F401
            except ImportError:
                print("Gale-Church: not run (pip install '.[bench]')")
            else:
                script = GALE_CHURCH.format(bench=str(Path(__file__).resolve().parent))
                show(
                    f"Gale-Church (NLTK), {n}",
                    *series(each(lambda d: [sys.executable, "-c", script, mac(d, "zh"), mac(d, "en")]), args.repeat),
                )
        if not only or "batch" in only:
            calls = work / "calls"
            calls.mkdir()
            for p in sorted((ROOT / "examples").glob("*.txt")):
                shutil.copy(p, calls / p.name)
            count = len(list(calls.iterdir()))
            for jobs in ("1", "2"):
                argv = [*py, "align", str(calls), "--format", "jsonl", "-o", str(work / "out.jsonl"), "-q", "-j", jobs]
                show(f"align examples/ ({count} files) -j{jobs}", *series([lambda a=argv: run_once(a)], args.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
