"""Reports of findings: text like a compiler, JSON, JSON lines, TSV, SARIF and HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from bitranscript.checks import CODES, run_checks
from bitranscript.model import Pair, Result, Segment
from bitranscript.report import RENDERERS, LineIndex, records, render


def sample() -> Result:
    """An invented two-pair transcript with a wrong figure, a loop and a repeated word."""
    lines = [
        ("native", "Operator: Welcome to the Lotus Peak Cloud call <Q4>."),
        ("original", "Gongyouyun income reach RMB 3.5 billion, the gross profit rate 15.4%."),
        ("interpretation", "Public cloud revenue reached RMB 1.35 billion, and gross margin was 15.4%."),
        ("chinese", "我们会继续投入算力。"),
        ("interpretation", "We will keep investing in computing power."),
        ("native", "Thank you all, and the the questions now. Asia Asia Asia Asia Asia"),
    ]
    text = "".join(t + "\n" for _, t in lines)
    segs, pos = [], 0
    for n, (kind, t) in enumerate(lines):
        segs.append(Segment(pos, pos + len(t), kind, n))  # type: ignore[arg-type]
        pos += len(t) + 1
    result = Result(text, tuple(segs), (Pair((1,), (2,), 1.0), Pair((3,), (4,), 1.0)), source="call.txt")
    return Result(**{**{k: getattr(result, k) for k in result.__slots__}, "findings": run_checks(result)})


@pytest.fixture(scope="module")
def result() -> Result:
    r = sample()
    assert {"number-mismatch", "noise-loop", "repeated-word"} <= {f.code for f in r.findings}
    return r


def test_line_index_counts_from_one() -> None:
    idx = LineIndex("ab\ncd\r\nef")
    assert idx.at(0) == (1, 1)
    assert idx.at(4) == (2, 2)
    assert idx.at(8) == (3, 2)


def test_text_is_file_line_col_severity_code_message(result: Result) -> None:
    out = render([result], "text").splitlines()
    assert len(out) == len(result.findings) + 1
    pattern = re.compile(r"^call\.txt:(\d+):(\d+): (error|warning|info) ([a-z-]+) \S.*$")
    for line, f in zip(out, result.findings, strict=False):
        m = pattern.match(line)
        assert m, line
        ln, col = int(m[1]), int(m[2])
        start_of_line = sum(len(x) for x in result.text.splitlines(keepends=True)[: ln - 1])
        assert start_of_line + col - 1 == f.start
        assert m[4] == f.code
    assert out[-1].startswith("1 file checked: ")


def test_json_and_jsonl_carry_the_same_records(result: Result) -> None:
    doc = json.loads(render([result], "json"))
    assert doc["findings"] == records([result])
    assert sum(doc["summary"].values()) == len(result.findings)
    lines = render([result], "jsonl").splitlines()
    assert [json.loads(x) for x in lines] == doc["findings"]
    mismatch = next(r for r in doc["findings"] if r["code"] == "number-mismatch")
    assert mismatch["text"] == "RMB 3.5 billion" and mismatch["line"] == 2


def test_tsv_has_a_header_and_one_row_a_finding(result: Result) -> None:
    rows = [r.split("\t") for r in render([result], "tsv").splitlines()]
    assert rows[0] == ["file", "line", "column", "severity", "code", "message", "fingerprint"]
    assert len(rows) == len(result.findings) + 1
    assert all(len(r) == 7 for r in rows)


def test_sarif_structure(result: Result) -> None:
    doc = json.loads(render([result], "sarif"))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(CODES)
    assert len(run["results"]) == len(result.findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for item, f in zip(run["results"], result.findings, strict=True):
        assert item["ruleId"] == f.code and item["level"] == levels[f.severity]
        region = item["locations"][0]["physicalLocation"]["region"]
        assert region["charOffset"] == f.start and region["charLength"] == f.end - f.start
        assert region["snippet"]["text"] == result.text[f.start : f.end]
        assert item["partialFingerprints"]["bitranscript/v1"] == f.fingerprint
        assert run["tool"]["driver"]["rules"][item["ruleIndex"]]["id"] == f.code


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.pairs = 0
        self.kinds: list[str] = []
        self.scripts = 0
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if "data-pair" in a:
            self.pairs += 1
        if "data-kind" in a:
            self.kinds.append(a["data-kind"])
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if a.get(key) and not a[key].startswith("#"):
                self.external.append(a[key])


def test_html_is_self_contained_and_links_every_finding(result: Result) -> None:
    page = render([result], "html")
    p = _Collect()
    p.feed(page)
    assert p.external == [] and p.scripts == 0  # nothing fetched, nothing run
    assert p.pairs == len(result.pairs)
    assert set(p.kinds) == {s.kind for s in result.segments}
    links = [h for h in p.hrefs if "-f" in h]
    assert len(links) == len(result.findings)
    assert all(h[1:] in p.ids for h in links)
    assert "&lt;Q4&gt;" in page and "<Q4>" not in page  # transcript text is escaped


def test_every_format_renders_an_empty_run() -> None:
    empty = Result("Nothing to see here.\n", (Segment(0, 20, "native", 0),), source="ok.txt")
    for fmt in RENDERERS:
        out = render([empty], fmt)
        assert out == "" if fmt in ("jsonl", "github") else out.endswith("\n")
    assert json.loads(render([empty], "sarif"))["runs"][0]["results"] == []
    assert render([empty], "jsonl") == ""


def noisy_pair() -> Result:
    """A pair whose original and interpretation each have noise inside (issue 17, item 9)."""
    pieces = [
        ("original", "Gongyouyun income reach RMB 3.5 billion,"),
        ("noise", "uh, uh, uh,"),
        ("original", "the gross profit rate 15.4%."),
        ("noise", "China China China China"),
        ("interpretation", "Public cloud revenue reached RMB 3.5 billion,"),
        ("noise", "um, um, um,"),
        ("interpretation", "and gross margin was 15.4%."),
        ("chinese", "我们会继续投入算力，谢谢大家。"),
    ]
    text, segs = "", []
    for n, (kind, t) in enumerate(pieces):
        segs.append(Segment(len(text), len(text) + len(t), kind, n))  # type: ignore[arg-type]
        text += t + "\n"
    return Result(text, tuple(segs), (Pair((0, 2), (4, 6), 1.0),), source="noisy.txt")


def test_html_draws_noise_in_its_place_inside_the_pair() -> None:
    page = render([noisy_pair()], "html")
    row = page[page.index('<div class="row pair"') :]
    row = row[: row.index('<div class="row"') if '<div class="row"' in row else len(row)]
    left = row[row.index("original-side") : row.index("interpretation-side")]
    right = row[row.index("interpretation-side") :]
    order = lambda part, ids: [part.index(f'id="t0-s{i}"') for i in ids]  # noqa: E731
    assert order(left, (0, 1, 2, 3)) == sorted(order(left, (0, 1, 2, 3)))  # noise between the original's pieces
    assert order(right, (4, 5, 6)) == sorted(order(right, (4, 5, 6)))
    assert page.count('id="t0-s1"') == page.count('id="t0-s5"') == 1  # drawn once, not again after the pair


def test_html_font_stack_has_a_cjk_fallback_and_wraps_on_narrow_screens() -> None:
    page = render([noisy_pair()], "html")
    body = re.search(r"body \{ font: [^;]*;", page).group(0)
    assert "Noto Sans CJK SC" in body and "PingFang SC" in body and "Microsoft YaHei" in body
    assert body.rstrip(";").endswith("sans-serif")
    assert 'data-kind="chinese" lang="zh"' in page
    assert "overflow-wrap: anywhere" in page and "@media (max-width: 700px)" in page
