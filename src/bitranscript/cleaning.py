"""The edits ``clean`` makes: noise out, originals marked or dropped, white space tidied.

Each is an :class:`~bitranscript.model.Edit` naming its rule, so the cleaned transcript
can be explained (``bitranscript clean --explain``) and reverted.
"""

from __future__ import annotations

import regex

from .model import Edit, Options, Result

MARK_OPEN, MARK_CLOSE = "[", "]"
REMOVALS = frozenset({"noise", "drop-original"})
"""Rules whose edits delete text outright."""
_SPACES = regex.compile(r"[ \t\u3000]{2,}|[ \t\u3000]+(?=\r|\n|$)")


def edits(result: Result, options: Options) -> list[Edit]:
    """Every edit of the cleaning rules, in priority order (see ``edits.reconcile``)."""
    text = result.text
    out: list[Edit] = []
    for seg in result.segments:
        if seg.kind == "noise":
            end = _skip_spaces(text, seg.end)
            out.append(Edit(seg.start, end, text[seg.start : end], "", "noise", 0.9, "hallucinated loop or filler run"))
    paired = {i for pair in result.pairs for i in pair.original}
    for i in sorted(paired):
        seg = result.segments[i]
        if options.originals == "drop":
            end = _skip_spaces(text, seg.end)
            out.append(
                Edit(
                    seg.start,
                    end,
                    text[seg.start : end],
                    "",
                    "drop-original",
                    0.8,
                    "original remark with an interpretation",
                )
            )
        elif options.originals == "mark" and not _already_marked(text, seg.start, seg.end):
            out.append(Edit(seg.start, seg.start, "", MARK_OPEN, "mark-original", 1.0, "original remark starts"))
            out.append(Edit(seg.end, seg.end, "", MARK_CLOSE, "mark-original", 1.0, "original remark ends"))
    out.extend(_spaces_before_removals(text, [e for e in out if e.after == "" and e.start < e.end]))
    for m in _SPACES.finditer(text):
        after = "" if m.end() == len(text) or text[m.end()] in "\r\n" else " "
        out.append(Edit(m.start(), m.end(), m.group(), after, "whitespace", 1.0, "runs of spaces tidied"))
    return out


def _spaces_before_removals(text: str, removals: list[Edit]) -> list[Edit]:
    """Spaces left dangling at a line end once the text after them is removed.

    Without this, ``x uh uh`` cleans to ``x `` and cleaning again removes the space:
    ``clean`` would not be idempotent. The edit is as sure as the removals it follows.
    """
    out: list[Edit] = []
    blocks: list[list[int | float]] = []
    for e in sorted(removals, key=lambda e: e.start):
        if blocks and e.start <= blocks[-1][1]:
            blocks[-1][1] = max(blocks[-1][1], e.end)
            blocks[-1][2] = min(blocks[-1][2], e.confidence)
        else:
            blocks.append([e.start, e.end, e.confidence])
    for start, end, confidence in blocks:
        start, end = int(start), int(end)
        if end < len(text) and text[end] not in "\r\n":
            continue
        s = start
        while s > 0 and text[s - 1] in " \t\u3000":
            s -= 1
        if s < start:
            out.append(Edit(s, start, text[s:start], "", "whitespace", float(confidence), "spaces before removed text"))
    return out


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u3000":
        pos += 1
    return pos


def _already_marked(text: str, start: int, end: int) -> bool:
    """Marks around the segment, or (once cleaned text is read again) inside its ends."""
    around = text[start - 1 : start] == MARK_OPEN and text[end : end + 1] == MARK_CLOSE
    inside = end - start >= 2 and text[start] == MARK_OPEN and text[end - 1] == MARK_CLOSE
    return around or inside
