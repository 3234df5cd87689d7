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


WIDTH_PROBE = """<script>
window.addEventListener('load', () => {
  const vw = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1)) wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  const han = document.querySelector('[lang="zh"]');
  const out = {vw: vw, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
               font: getComputedStyle(document.body).fontFamily,
               han: han ? han.innerText : '', hanWidth: han ? han.getBoundingClientRect().width : 0};
  const host = window.parent.document;  // the report runs in a frame of the width under test
  const pre = host.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  host.body.appendChild(pre);
});
</script>"""


def _framed(page: str, width: int) -> str:
    """The page in a frame ``width`` px wide: headless Chromium keeps a window at least 500 px
    wide, a frame (a viewport of its own, media queries included) can be a phone's 390 px."""
    import html

    return (
        f'<!DOCTYPE html><html><body style="margin:0"><iframe style="width:{width}px;height:900px;border:0" '
        f'srcdoc="{html.escape(page, quote=True)}"></iframe></body></html>'
    )


@pytest.mark.parametrize("width", [1400, 390])
def test_report_fits_the_screen_with_a_cjk_line(tmp_path: Path, width: int) -> None:
    """Screenshotted at 1400 px and 390 px; no element wider than the viewport (nothing cut off)."""
    from test_report import noisy_pair

    shot = _screenshot_module()
    browser = shot.find_browser()
    if browser is None:
        pytest.skip("no chromium binary on PATH")
    long_message = sample()
    page = render([long_message, noisy_pair()], "html").replace("</body>", WIDTH_PROBE + "</body>")
    path = tmp_path / "report.html"
    path.write_text(_framed(page, width), encoding="utf-8")
    proc = shot.run_browser(browser, f"--window-size={max(width, 500)},900", "--dump-dom", path.as_uri())
    assert proc.returncode == 0, proc.stderr[-500:]
    m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stdout[-500:]
    import html

    seen = json.loads(html.unescape(m.group(1)))
    assert seen["vw"] == width
    assert seen["wide"] == [] and seen["scroll"] <= seen["vw"], seen
    assert "Noto Sans CJK SC" in seen["font"]
    assert "我们会继续投入算力" in seen["han"] and seen["hanWidth"] > 0
    png = tmp_path / f"report-{width}.png"
    proc = shot.run_browser(browser, f"--window-size={max(width, 500)},900", f"--screenshot={png}", path.as_uri())
    assert proc.returncode == 0 and png.stat().st_size > 5_000
