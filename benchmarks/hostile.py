"""Run the hostile-input corpus (tests/hostile.py) through the CLI and print each outcome.

    .venv/bin/python benchmarks/hostile.py                 # full size, 120 s per case
    .venv/bin/python benchmarks/hostile.py --scale 0.02    # the sizes CI uses
    .venv/bin/python benchmarks/hostile.py --only long-word --timeout 300
    .venv/bin/python benchmarks/hostile.py --size --timeout 600   # the size cases of issue 13
    .venv/bin/python benchmarks/hostile.py --only glossary-100k-entries --repeat 3   # min/median/max

Each case runs ``python -m bitranscript align FILE --format json -o OUT`` in its own
process; the table gives the expected and actual outcome (exit code, the error line),
PASS/FAIL, wall time and the peak resident memory of that process. A case that runs past
``--timeout`` is killed and reported as TIMEOUT (a FAIL: the guarantee is "never hang").
Run time and memory are measured here, not asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from hostile import CASES, Case, build  # noqa: E402

SIZE_CASES = (
    "sentences-20mb-one-line",
    "short-lines-200k",
    "question-marks-4mb",
    "glossary-edits-40k-lines",
    "glossary-100k-entries",
)
"""Issue 13's size class: linear time and memory bounded by a small multiple of the input."""


def run_case(case: Case, directory: Path, scale: float, timeout: float) -> dict:
    built = build(case, directory / case.name, scale=scale)
    size = built.input.stat().st_size
    out = directory / case.name / "out.json"
    before = (built.input.read_bytes(), built.input.stat().st_mtime_ns) if size < 200_000_000 else None
    argv = [
        sys.executable,
        "-m",
        "bitranscript",
        "align",
        str(built.input),
        "--format",
        "json",
        "-o",
        str(out),
        *built.args,
    ]
    errfile = directory / case.name / "stderr.txt"
    start = time.perf_counter()
    with open(errfile, "wb") as fh:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True)
    timed_out, status, peak_kb = False, 0, 0
    while True:
        peak_kb = max(peak_kb, _vm_hwm(proc.pid))
        pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, _ = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    peak_mb = peak_kb / 1024
    stderr = errfile.read_bytes()
    err = stderr.decode("utf-8", "replace").strip()
    changed = before is not None and before != (built.input.read_bytes(), built.input.stat().st_mtime_ns)
    if timed_out:
        outcome, ok = "TIMEOUT", False
    elif "Traceback" in err:
        outcome, ok = "CRASH " + err.splitlines()[-1][:100], False
    elif proc.returncode == 0:
        outcome = "ok"
        ok = case.expect == "ok" and out.exists()
    else:
        outcome = f"exit {proc.returncode}: " + err.replace(str(directory / case.name) + "/", "")[:110]
        ok = case.expect == "error" and proc.returncode == 2 and len(err.splitlines()) == 1
        ok = ok and case.message.lower() in err.lower() and case.where in err
    if case.known_bug and not ok:
        outcome += f" [known bug: {case.known_bug[:60]}...]"
    if changed:
        outcome, ok = outcome + " [INPUT CHANGED]", False
    for p in (directory / case.name).iterdir():
        p.unlink()
    return {"case": case, "size": size, "wall": wall, "peak_mb": peak_mb, "outcome": outcome, "ok": ok}


def _vm_hwm(pid: int) -> int:
    """The process's peak resident memory so far, in kB (Linux ``/proc``; 0 elsewhere).

    Not ``wait4``'s ``ru_maxrss``: Linux carries the parent's peak across fork and exec,
    and this script holds the 100 MB case in memory while it writes it.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="size of the big cases (1.0: a million repetitions)")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a case counts as a hang")
    ap.add_argument("--only", action="append", help="run only these cases (repeatable)")
    ap.add_argument("--jobs", type=int, default=1, help="cases run at once (times and memory are per process)")
    ap.add_argument("--size", action="store_true", help="only the size cases of issue 13: " + ", ".join(SIZE_CASES))
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each case this many times (same files, one process each): min/median/max time "
        "and peak memory; later runs of a glossary case find its compiled index in the cache",
    )
    args = ap.parse_args()
    only = [*(args.only or ()), *(SIZE_CASES if args.size else ())]
    cases = [c for c in CASES if not only or c.name in only]
    with tempfile.TemporaryDirectory(prefix="bitranscript-hostile-") as tmp:

        def repeated(c: Case) -> dict:
            return _merge([run_case(c, Path(tmp), args.scale, args.timeout) for _ in range(max(1, args.repeat))])

        if args.jobs > 1:
            with ThreadPoolExecutor(args.jobs) as pool:
                rows = list(pool.map(repeated, cases))
        else:
            rows = []
            for c in cases:
                rows.append(repeated(c))
                _print(rows[-1], serial=True)
    if args.jobs > 1:
        for r in rows:
            _print(r, serial=False)
    failed = [r["case"].name for r in rows if not r["ok"]]
    print(
        f"\n{len(rows) - len(failed)}/{len(rows)} cases as expected (scale {args.scale:g}, timeout {args.timeout:g}s)"
    )
    if failed:
        print("not as expected: " + ", ".join(failed))
    return 1 if failed else 0


def _merge(runs: list[dict]) -> dict:
    """One row for the runs of one case: as expected only if every run was; the figures of all."""
    row = dict(runs[-1])
    row["ok"] = all(r["ok"] for r in runs)
    row["walls"], row["peaks"] = [r["wall"] for r in runs], [r["peak_mb"] for r in runs]
    return row


_HEADER_DONE = []


def _print(r: dict, *, serial: bool) -> None:
    if not _HEADER_DONE:
        print(f"{'case':34} {'expect':6} {'result':4} {'bytes':>11} {'time s':>7} {'peak MB':>8}  outcome")
        _HEADER_DONE.append(True)
    c = r["case"]
    peak = f"{r['peak_mb']:8.0f}"
    timing = f"{r['wall']:7.2f}"
    spread = ""
    if len(r.get("walls", ())) > 1:  # min / median / max of the repeats
        w, m = r["walls"], r["peaks"]
        timing, peak = f"{statistics.median(w):7.2f}", f"{statistics.median(m):8.0f}"
        spread = (
            f"  [{len(w)} runs: time {min(w):.2f}/{statistics.median(w):.2f}/{max(w):.2f} s, "
            f"peak {min(m):.0f}/{statistics.median(m):.0f}/{max(m):.0f} MB min/median/max]"
        )
    print(
        f"{c.name:34} {c.expect:6} {'PASS' if r['ok'] else 'FAIL':4} {r['size']:>11,} {timing} {peak}  {r['outcome']}"
        + spread,
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
