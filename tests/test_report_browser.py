"""The HTML report in a real headless Chromium: pairs side by side, findings linked.

Skips when no Chromium binary is on PATH (``.ci/run`` installs Debian's ``chromium``).
A small probe script is added to a copy of the page (the report itself runs no script);
it measures the laid-out page and writes what it saw into the DOM, which
``--dump-dom`` returns.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from bitranscript.report import render

from test_report import sample

ROOT = Path(__file__).resolve().parents[1]


def _screenshot_module():
    spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "benchmarks" / "screenshot_report.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


PROBE = """<script>
window.addEventListener('load', () => {
  const out = {pairs: [], links: [], marks: document.querySelectorAll('mark').length};
  for (const row of document.querySelectorAll('.row.pair')) {
    const o = row.querySelector('.original-side').getBoundingClientRect();
    const i = row.querySelector('.interpretation-side').getBoundingClientRect();
    out.pairs.push({side_by_side: o.right <= i.left && Math.abs(o.top - i.top) < 2 && o.width > 100,
                    original: row.querySelector('.original-side').innerText,
                    interpretation: row.querySelector('.interpretation-side').innerText});
  }
  for (const a of document.querySelectorAll('tr.finding a')) {
    const target = document.getElementById(a.getAttribute('href').slice(1));
    let mark = target && target.nextElementSibling;
    while (mark && mark.tagName === 'A') mark = mark.nextElementSibling;  // several findings start here
    out.links.push({code: a.closest('tr').dataset.code, found: !!target,
                    marked: !!mark && mark.tagName === 'MARK', text: mark ? mark.innerText : ''});
  }
  const pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    shot = _screenshot_module()
    browser = shot.find_browser()
    if browser is None:
        pytest.skip("no chromium binary on PATH")
    result = sample()
    page = render([result], "html").replace("</body>", PROBE + "</body>")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    proc = shot.run_browser(browser, "--window-size=1400,1000", "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-500:]
    m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stdout[-500:]
    import html

    seen = json.loads(html.unescape(m.group(1)))
    assert len(seen["pairs"]) == len(result.pairs)
    assert all(p["side_by_side"] for p in seen["pairs"])
    assert "RMB 3.5 billion" in seen["pairs"][0]["original"]
    assert "RMB 1.35 billion" in seen["pairs"][0]["interpretation"]
    assert "我们会继续投入算力" in seen["pairs"][1]["original"]
    assert len(seen["links"]) == len(result.findings)
    assert all(link["found"] and link["marked"] for link in seen["links"]), seen["links"]
    mismatch = next(link for link in seen["links"] if link["code"] == "number-mismatch")
    assert mismatch["text"] == "RMB 3.5 billion"
    shot_path = tmp_path / "report.png"
    proc = shot.run_browser(browser, "--window-size=1200,900", f"--screenshot={shot_path}", path.as_uri())
    assert proc.returncode == 0 and shot_path.stat().st_size > 10_000
