"""Findings as reports: text (like a compiler), JSON, JSON lines, TSV, SARIF and HTML.

Every renderer takes a sequence of results (one per transcript, each with the findings
to report in ``result.findings``) and returns a string, so the CLI can check one file
or many and write the report atomically.
"""

from __future__ import annotations

import html
import json
import os
import urllib.parse
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .features import HAN
from .model import SEVERITIES, Finding, Result, line_col, line_starts
from .version import __version__

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a finding is, as people count: 1-based line and column (code points)."""

    line: int
    column: int
    end_line: int
    end_column: int


class LineIndex:
    """Offsets to line/column for one text (lines end at \\r\\n, \\r or \\n, as the pipeline counts them)."""

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text)

    def at(self, offset: int) -> tuple[int, int]:
        return line_col(self.starts, offset)

    def place(self, f: Finding) -> Place:
        line, col = self.at(f.start)
        end_line, end_col = self.at(max(f.start, f.end))
        return Place(line, col, end_line, end_col)


def _name(result: Result) -> str:
    return result.source or "<stdin>"


def records(results: Sequence[Result]) -> list[dict[str, Any]]:
    """One plain dict a finding: file, line, column, severity, code, message, fingerprint, text."""
    out = []
    for result in results:
        index = LineIndex(result.text)
        for f in result.findings:
            p = index.place(f)
            out.append(
                {
                    "file": _name(result),
                    "line": p.line,
                    "column": p.column,
                    "end_line": p.end_line,
                    "end_column": p.end_column,
                    "start": f.start,
                    "end": f.end,
                    "severity": f.severity,
                    "code": f.code,
                    "message": f.message,
                    "fingerprint": f.fingerprint,
                    "text": result.text[f.start : f.end],
                }
            )
    return out


def to_text(results: Sequence[Result], *, color: bool = False) -> str:
    """``file:line:col: severity code message``, one finding a line, then a summary line
    (``3 files checked: 1 error, 2 warnings, 0 infos``). ``color`` adds ANSI colours (a terminal)."""
    recs = records(results)
    paint = _paint if color else (lambda text, _style: text)
    lines = [
        f"{paint(r['file'], 'bold')}:{r['line']}:{r['column']}: {paint(r['severity'], r['severity'])} "
        f"{paint(r['code'], 'code')} {_one_line(r['message'])}"
        for r in recs
    ]
    counts = Counter(r["severity"] for r in recs)
    summary = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES)
    lines.append(f"{len(results)} file{'s' if len(results) != 1 else ''} checked: {summary}")
    return "\n".join(lines) + "\n"


_ANSI = {"bold": "1", "error": "1;31", "warning": "1;33", "info": "1;34", "code": "36"}


def _paint(text: str, style: str) -> str:
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m"


def wants_color(stream: object) -> bool:
    """Colour for a terminal, unless ``NO_COLOR`` is set (https://no-color.org) or ``TERM=dumb``;
    ``FORCE_COLOR`` turns it on anywhere."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def to_github(results: Sequence[Result]) -> str:
    """GitHub Actions workflow commands, one per finding: ``::error file=...,line=...,col=...::message``
    (error, warning; info as ``notice``), shown on the pull request's diff."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for r in records(results):
        props = {
            "file": r["file"],
            "line": r["line"],
            "col": r["column"],
            "endLine": r["end_line"],
            "endColumn": r["end_column"],
            "title": f"{r['code']} ({r['severity']})",
        }
        prop = ",".join(f"{k}={_gh_escape(str(v), prop=True)}" for k, v in props.items())
        lines.append(f"::{level[r['severity']]} {prop}::{_gh_escape(r['message'])}")
    return "".join(line + "\n" for line in lines)


def _gh_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def sarif_uri(name: str) -> str:
    """A file name as a SARIF ``artifactLocation.uri``: a relative URI reference with forward
    slashes, percent-encoded (``my calls/金山云 Q3.txt`` -> ``my%20calls/%E9%87%91...``); an
    absolute path as a ``file://`` URI."""
    from pathlib import Path, PureWindowsPath

    if name in ("-", "<stdin>"):
        return "stdin"
    if os.path.isabs(name):
        try:
            return Path(name).as_uri()
        except ValueError:
            pass
    posix = PureWindowsPath(name).as_posix() if os.sep == "\\" else name
    return urllib.parse.quote(posix, safe="/-._~!$&'()*+;=@")


def _one_line(s: str) -> str:
    return " ".join(s.split())


def to_json(results: Sequence[Result]) -> str:
    """``{"version", "files": [...], "findings": [...], "summary": {severity: count}}``."""
    recs = records(results)
    counts = Counter(r["severity"] for r in recs)
    doc = {
        "version": 1,
        "tool": f"bitranscript {__version__}",
        "files": [_name(r) for r in results],
        "findings": recs,
        "summary": {s: counts[s] for s in SEVERITIES},
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_jsonl(results: Sequence[Result]) -> str:
    """One JSON object a finding, one a line (easy to ``grep`` and stream)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(results))


def to_tsv(results: Sequence[Result]) -> str:
    """A header row, then file, line, column, severity, code, message, fingerprint."""
    cols = ("file", "line", "column", "severity", "code", "message", "fingerprint")
    rows = ["\t".join(cols)]
    for r in records(results):
        rows.append("\t".join(_one_line(str(r[c])).replace("\t", " ") for c in cols))
    return "\n".join(rows) + "\n"


def to_sarif(results: Sequence[Result]) -> str:
    """SARIF 2.1.0, which code-review tools (GitHub code scanning and others) display."""
    from .checks import CHECKS

    rules = [
        {
            "id": c.code,
            "name": c.code,
            "shortDescription": {"text": c.doc.split(". ")[0]},
            "fullDescription": {"text": c.doc},
            "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity]},
        }
        for c in CHECKS
    ]
    index_of = {c.code: k for k, c in enumerate(CHECKS)}
    sarif_results = []
    for r in records(results):
        item = {
            "ruleId": r["code"],
            "level": _SARIF_LEVEL[r["severity"]],
            "message": {"text": r["message"]},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": sarif_uri(r["file"])},
                        "region": {
                            "startLine": r["line"],
                            "startColumn": r["column"],
                            "endLine": r["end_line"],
                            "endColumn": r["end_column"],
                            "charOffset": r["start"],
                            "charLength": r["end"] - r["start"],
                            "snippet": {"text": r["text"]},
                        },
                    }
                }
            ],
            "partialFingerprints": {"bitranscript/v1": r["fingerprint"]},
        }
        if r["code"] in index_of:
            item["ruleIndex"] = index_of[r["code"]]
        sarif_results.append(item)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "bitranscript",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/bitranscript/",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { --vendor:#e5e7eb; --native:#ffffff; --original:#fde68a; --chinese:#fecaca; --interpretation:#bbf7d0;
        --noise:#d1d5db; --error:#dc2626; --warning:#d97706; --info:#2563eb; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
       "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
       "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif;
       margin: 0; color: #111827; background: #f9fafb; }
:lang(zh) { font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC",
            "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", system-ui, sans-serif; }
header { background: #111827; color: #f9fafb; padding: 14px 24px; }
header h1 { font-size: 18px; margin: 0 0 4px; }
header .summary span { margin-right: 14px; }
main { padding: 16px 24px; max-width: 1400px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
.legend span { display: inline-block; padding: 1px 8px; margin: 0 6px 4px 0; border-radius: 4px; border: 1px solid #d1d5db; }
table.findings, table.files { border-collapse: collapse; width: 100%; background: #fff; }
table.findings td, table.findings th, table.files td, table.files th { border-bottom: 1px solid #e5e7eb; padding: 4px 8px;
  text-align: left; vertical-align: top; }
td.place, td.code { white-space: nowrap; }
td.msg, .seg, .side { min-width: 0; overflow-wrap: anywhere; word-break: normal; }
nav.index { background: #111827; color: #f9fafb; padding: 14px 24px; }
nav.index h1 { font-size: 18px; margin: 0 0 4px; }
nav.index .summary span { margin-right: 14px; }
nav.index table.files { color: #111827; margin-top: 8px; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
.transcript { display: flex; flex-direction: column; gap: 6px; }
.row { display: grid; grid-template-columns: 4em 1fr; gap: 8px; }
.row.pair { grid-template-columns: 4em 1fr 1fr; }
.ln { color: #6b7280; font-size: 12px; text-align: right; padding-top: 4px; }
.seg { padding: 4px 8px; border-radius: 4px; border: 1px solid #e5e7eb; white-space: pre-wrap; }
.side { display: flex; flex-direction: column; gap: 4px; }
.side .label { font-size: 11px; color: #374151; text-transform: uppercase; letter-spacing: .04em; }
.k-vendor { background: var(--vendor); } .k-native { background: var(--native); }
.k-original { background: var(--original); } .k-chinese { background: var(--chinese); }
.k-interpretation { background: var(--interpretation); }
.k-noise { background: repeating-linear-gradient(45deg, #e5e7eb, #e5e7eb 6px, #f3f4f6 6px, #f3f4f6 12px); color: #6b7280; }
.k-gap { background: transparent; border-color: transparent; }
mark { background: transparent; border-bottom: 3px solid var(--info); padding: 0 1px; }
mark.m-error { border-bottom-color: var(--error); background: #fee2e2; }
mark.m-warning { border-bottom-color: var(--warning); background: #fef3c7; }
mark.m-info { border-bottom-color: var(--info); background: #dbeafe; }
:target { outline: 3px solid #7c3aed; }
a { color: #1d4ed8; }
@media (max-width: 700px) {
  main, header, nav.index { padding-left: 8px; padding-right: 8px; }
  table.findings, table.findings tbody, table.findings tr, table.findings td { display: block; width: auto; }
  table.findings thead { display: none; }
  table.findings tr { border-bottom: 1px solid #e5e7eb; padding: 4px 0; }
  table.findings td { border: 0; padding: 1px 4px; }
  td.place, td.code { white-space: normal; display: inline-block !important; }
  .row, .row.pair { grid-template-columns: 2.2em minmax(0, 1fr); }
  .row.pair .interpretation-side { grid-column: 2; }
}
"""


def to_html(results: Sequence[Result]) -> str:
    """A self-contained page per run: summary, findings linked to their place, and the
    transcript with segment kinds coloured and each original beside its interpretation."""
    body = [_html_index(results)] if len(results) != 1 else []
    for n, result in enumerate(results):
        body.append(_html_file(result, f"t{n}"))
    names = [_name(r) for r in results]
    title = "bitranscript check: " + html.escape(
        ", ".join(names) if len(names) <= 3 else f"{len(names)} files ({', '.join(names[:2])}, ...)"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _html_index(results: Sequence[Result]) -> str:
    """The page's file index: each transcript with its finding counts, linked to its section."""
    e = html.escape
    total = Counter(f.severity for r in results for f in r.findings)
    out = [
        '<nav class="index" id="index"><h1>bitranscript check</h1><div class="summary">'
        f"<span>{len(results)} file{'s' if len(results) != 1 else ''}</span>"
    ]
    out += [f'<span class="sev-{s}">{total[s]} {s}</span>' for s in SEVERITIES]
    out.append(
        '</div><table class="files"><thead><tr><th>file</th>'
        + "".join(f"<th>{s}</th>" for s in SEVERITIES)
        + "</tr></thead><tbody>"
    )
    for n, result in enumerate(results):
        counts = Counter(f.severity for f in result.findings)
        out.append(
            f'<tr class="file"><td class="msg"><a href="#t{n}">{e(_name(result))}</a></td>'
            + "".join(f'<td class="sev-{s}">{counts[s]}</td>' for s in SEVERITIES)
            + "</tr>"
        )
    if not results:
        out.append('<tr><td colspan="4">No transcripts.</td></tr>')
    out.append("</tbody></table></nav>")
    return "\n".join(out)


def _html_file(result: Result, prefix: str) -> str:
    e = html.escape
    index = LineIndex(result.text)
    findings = list(result.findings)
    counts = Counter(f.severity for f in findings)
    kinds = Counter(s.kind for s in result.segments)
    out = [f'<header id="{prefix}"><h1>{e(_name(result))}</h1><div class="summary">']
    out += [f'<span class="sev-{s}">{counts[s]} {s}</span>' for s in SEVERITIES]
    out.append(
        f"<span>{len(result.pairs)} pairs</span><span>{len(result.segments)} segments</span></div></header><main>"
    )
    out.append(
        '<div class="legend">'
        + "".join(f'<span class="k-{k}">{k} ({kinds[k]})</span>' for k in sorted(kinds))
        + "</div>"
    )
    out.append(f"<h2>Findings ({len(findings)})</h2>")
    if findings:
        out.append(
            '<table class="findings"><thead><tr><th>severity</th><th>code</th><th>place</th><th>message</th></tr></thead><tbody>'
        )
        for k, f in enumerate(findings):
            p = index.place(f)
            out.append(
                f'<tr class="finding" data-code="{e(f.code)}"><td class="sev sev-{f.severity}">{f.severity}</td>'
                f'<td class="code"><code>{e(f.code)}</code></td>'
                f'<td class="place"><a href="#{prefix}-f{k}">line {p.line}, col {p.column}</a></td><td>{e(f.message)}</td></tr>'
            )
        out.append("</tbody></table>")
    else:
        out.append("<p>No findings.</p>")
    out.append('<h2>Transcript</h2><div class="transcript">')
    out.extend(_html_rows(result, index, prefix))
    out.append("</div></main>")
    return "\n".join(out)


def _html_rows(result: Result, index: LineIndex, prefix: str) -> list[str]:
    """Rows in document order: a pair as one row of two columns, other segments alone.

    Noise inside a pair is drawn in its place, on the side it sits in: between two pieces
    of the original (or after the original, before its interpretation) on the original's
    side, between two pieces of the interpretation on that side.
    """
    text, segs = result.text, result.segments
    pair_at = {p.original[0]: p for p in result.pairs if p.original}
    in_pairs = {i for p in result.pairs for i in (*p.original, *p.interpretation)}
    drawn: set[int] = set()
    anchored: set[int] = set()
    marker = _Marker(result.findings, prefix, anchored)
    rows: list[str] = []
    pos = 0
    for i, seg in enumerate(segs):
        if i in drawn:
            continue
        if seg.start > pos and text[pos : seg.start].strip():
            rows.append(_row(index.at(pos)[0], f'<div class="seg k-gap">{marker.mark(text, pos, seg.start)}</div>'))
        pos = max(pos, seg.end)
        if i in pair_at:
            p = pair_at[i]
            first_interp = min(p.interpretation) if p.interpretation else max(p.original) + 1
            original = set(p.original)
            left_idx, contiguous = [], True
            for j in range(i, first_interp):
                if j in original:
                    left_idx.append(j)
                elif segs[j].kind == "noise" and contiguous:
                    left_idx.append(j)  # inside the original, or after it before the interpretation
                else:
                    contiguous = False
            right_idx = [
                j
                for j in range(first_interp, max(p.interpretation, default=first_interp - 1) + 1)
                if j in p.interpretation or segs[j].kind == "noise"
            ]
            drawn.update(left_idx, right_idx)
            left = "".join(_seg_html(result, j, marker, prefix) for j in left_idx)
            right = "".join(_seg_html(result, j, marker, prefix) for j in right_idx)
            pos = max([pos] + [segs[j].end for j in (*left_idx, *right_idx)])
            n = result.pairs.index(p) + 1
            rows.append(
                f'<div class="row pair" id="{prefix}-p{n}" data-pair="{n}"><div class="ln">{seg.line + 1}</div>'
                f'<div class="side original-side"><div class="label">original · pair {n}</div>{left}</div>'
                f'<div class="side interpretation-side"><div class="label">interpretation · pair {n}</div>{right}</div></div>'
            )
        elif i in in_pairs:
            continue
        else:
            rows.append(_row(seg.line + 1, _seg_html(result, i, marker, prefix)))
    if text[pos:].strip():
        rows.append(_row(index.at(pos)[0], f'<div class="seg k-gap">{marker.mark(text, pos, len(text))}</div>'))
    return rows


def _row(line: int, inner: str) -> str:
    return f'<div class="row"><div class="ln">{line}</div>{inner}</div>'


def _seg_html(result: Result, i: int, marker: _Marker, prefix: str) -> str:
    s = result.segments[i]
    title = f"{s.kind}" + (f" · {s.speaker}" if s.speaker else "")
    lang = ' lang="zh"' if s.kind == "chinese" or HAN.search(result.text, s.start, s.end) else ""
    return (
        f'<div class="seg k-{s.kind}" id="{prefix}-s{i}" data-kind="{s.kind}"{lang} title="{html.escape(title)}">'
        f"{marker.mark(result.text, s.start, s.end)}</div>"
    )


class _Marker:
    """Escapes text and wraps the parts that findings cover in ``<mark>``; the first piece
    of each finding carries its anchor so that the findings table can link to it."""

    def __init__(self, findings: Sequence[Finding], prefix: str, anchored: set[int]) -> None:
        self.findings = list(findings)
        self.prefix = prefix
        self.anchored = anchored

    def mark(self, text: str, lo: int, hi: int) -> str:
        cuts = {lo, hi}
        for f in self.findings:
            for x in (f.start, f.end):
                if lo < x < hi:
                    cuts.add(x)
        pieces = sorted(cuts)
        out: list[str] = []
        rank = {s: k for k, s in enumerate(SEVERITIES)}
        for a, b in zip(pieces, pieces[1:], strict=False):
            over = [k for k, f in enumerate(self.findings) if f.start < b and a < f.end or (f.start == f.end == a)]
            chunk = html.escape(text[a:b])
            if not over:
                out.append(chunk)
                continue
            worst = min((self.findings[k].severity for k in over), key=lambda s: rank[s])
            ids = ""
            for k in over:
                if k not in self.anchored:
                    self.anchored.add(k)
                    ids += f'<a id="{self.prefix}-f{k}" class="anchor"></a>'
            codes = " ".join(sorted({self.findings[k].code for k in over}))
            tip = html.escape("; ".join(self.findings[k].message for k in over))
            out.append(f'{ids}<mark class="m-{worst}" data-codes="{codes}" title="{tip}">{chunk}</mark>')
        return "".join(out)


RENDERERS: dict[str, Callable[[Sequence[Result]], str]] = {
    "text": to_text,
    "json": to_json,
    "jsonl": to_jsonl,
    "tsv": to_tsv,
    "sarif": to_sarif,
    "html": to_html,
    "github": to_github,
}


def render(results: Sequence[Result], fmt: str, *, color: bool = False) -> str:
    """The report of ``results`` (one transcript or many: one report) in format ``fmt``
    (one of :data:`RENDERERS`); ``color`` only changes ``text``."""
    if fmt == "text":
        return to_text(results, color=color)
    return RENDERERS[fmt](results)
