"""Render a ``check --format html`` report and photograph it with headless Chromium.

    python benchmarks/screenshot_report.py [TRANSCRIPT] [-o report.png] [--html report.html]

Default transcript: ``examples/kingsoft_cloud_q3_2031.txt`` (invented). Needs a Chromium
binary (Debian: ``apt-get install chromium``); prints where the PNG went and how long the
report and the screenshot took.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
)


def find_browser() -> str | None:
    """The first Chromium-like binary on PATH, or None."""
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


def run_browser(browser: str, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throw-away profile (nothing outside the page is fetched)."""
    with tempfile.TemporaryDirectory(prefix="bitranscript-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("transcript", nargs="?", default=str(ROOT / "examples" / "kingsoft_cloud_q3_2031.txt"))
    ap.add_argument("-o", "--output", default="report.png", help="PNG to write (default report.png)")
    ap.add_argument("--html", help="also keep the HTML report here")
    ap.add_argument("--size", default="1400,2400", help="window size WIDTH,HEIGHT (default 1400,2400)")
    args = ap.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("no chromium binary found (apt-get install chromium)", file=sys.stderr)
        return 2
    from bitranscript import check_text
    from bitranscript.read import read_file
    from bitranscript.report import to_html

    t0 = time.perf_counter()
    result, _ = check_text(read_file(args.transcript), args.transcript)
    page = to_html([result])
    t1 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(args.html) if args.html else Path(tmp) / "report.html"
        html_path.write_text(page, encoding="utf-8")
        out = Path(args.output).resolve()
        proc = run_browser(browser, f"--window-size={args.size}", f"--screenshot={out}", html_path.resolve().as_uri())
        t2 = time.perf_counter()
    if proc.returncode != 0 or not out.exists():
        print(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-400:]}", file=sys.stderr)
        return 1
    print(f"{out}: {len(result.findings)} findings, {len(result.pairs)} pairs; "
          f"report {t1 - t0:.1f}s, screenshot {t2 - t1:.1f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
