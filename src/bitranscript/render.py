"""Stage 7, render: a Result as JSON, readable text or TSV. Computing stays elsewhere."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable

from .model import Result

PAIR_FORMATS = ("beads", "json", "tmx", "tsv")
"""What ``pair`` (``bitext``) writes."""


def to_json(result: Result) -> str:
    """The documented JSON contract (see README, "JSON format")."""
    return result.to_json() + "\n"


def to_text(result: Result, *, width: int = 100) -> str:
    """Each original remark beside its interpretation, then what was left unpaired."""
    out: list[str] = []
    paired: set[int] = set()
    for n, pair in enumerate(result.pairs, 1):
        original, interpretation = result.pair_texts(pair)
        paired.update(pair.original)
        paired.update(pair.interpretation)
        line = result.segments[pair.original[0]].line + 1
        out.append(f"== pair {n} (line {line}, score {pair.score:.2f})")
        out.append(_block("original", original, width))
        out.append(_block("interpretation", interpretation, width))
        out.append("")
    unpaired = [(i, s) for i, s in enumerate(result.segments) if s.kind in ("original", "chinese") and i not in paired]
    if unpaired:
        out.append("== originals without an interpretation")
        for i, s in unpaired:
            out.append(_block(f"line {s.line + 1}", result.segment_text(i), width))
        out.append("")
    counts: dict[str, int] = {}
    for s in result.segments:
        counts[s.kind] = counts.get(s.kind, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    out.append(
        f"{len(result.pairs)} pairs; segments: {summary or 'none'}; edits {len(result.edits)}; findings {len(result.findings)}"
    )
    return "\n".join(out) + "\n"


def _block(label: str, text: str, width: int) -> str:
    body = textwrap.fill(" ".join(text.split()), width=width, initial_indent="    ", subsequent_indent="    ")
    return f"  {label}:\n{body}"


def to_tsv(result: Result) -> str:
    """One segment a row: index, start, end, line, kind, pair number, text."""
    pair_of: dict[int, int] = {}
    for n, p in enumerate(result.pairs):
        for i in (*p.original, *p.interpretation):
            pair_of[i] = n
    rows = ["index\tstart\tend\tline\tkind\tpair\ttext"]
    for i, s in enumerate(result.segments):
        text = " ".join(result.segment_text(i).split()).replace("\t", " ")
        rows.append(f"{i}\t{s.start}\t{s.end}\t{s.line + 1}\t{s.kind}\t{pair_of.get(i, '')}\t{text}")
    return "\n".join(rows) + "\n"


def to_tmx(result: Result) -> str:
    """The pairs as TMX 1.4 translation units (see ``bitranscript.tmx``)."""
    from .tmx import result_to_tmx

    return result_to_tmx(result)


FORMATS = {"json": to_json, "text": to_text, "tsv": to_tsv, "tmx": to_tmx}


def chunks(fmt: str, result: Result) -> Iterable[str]:
    """``FORMATS[fmt](result)`` in pieces, for writing as they are made: JSON a record at a
    time (``Result.iter_json``), the other formats whole."""
    if fmt == "json":
        return itertools.chain(result.iter_json(), ("\n",))
    return (FORMATS[fmt](result),)
