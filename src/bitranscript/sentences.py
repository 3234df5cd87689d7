"""Stage 2, sentences: lines and sentence spans, offsets kept.

A sentence never crosses a line break. Splits happen after ``. ! ?`` followed by white
space, and after ``。！？`` (with or without space), but not inside numbers (``1.69``, and
``4 8 . 5`` in Chinese written one character apart),
after abbreviations (``Mr.``, ``U.S.``, ``Inc.``) or single initials.
"""

from __future__ import annotations

import regex

from .model import Span

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TERMINATOR = regex.compile(
    r"""(?:
        [。！？]++[”’"'」』）)\]]*+            # Chinese: no space needed after
      | (?:\.{3}|…)[”’"')\]]*+(?=\s+\p{Lu})  # ellipsis before a capital
      | (?:[!?]++|(?<!\.)\.(?!\.))[!?]*+[”’"')\]]*+(?=\s|$)  # Latin: space or end after; not an ellipsis
    )""",
    regex.VERBOSE,
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st no vs etc inc ltd co corp dept approx est fig jan feb mar apr jun jul aug sep sept"
    " oct nov dec e.g i.e u.s u.k u.n p.m a.m".split()
)
_WORD_BEFORE = regex.compile(r"(?r)(?:\p{L}\.)*\p{L}+$")
"""The word (or dotted initials) that ends where a period stands, found from the period backwards:
a forward search would try every position of the 40 characters before it."""
_SPACED_DECIMAL = regex.compile(r"\d \. \d")
"""A decimal point in a number written one character apart, as Chinese is ("4 8 . 5 %")."""


def lines(text: str) -> list[Span]:
    """Each line of ``text`` as a span without its line break; empty lines included."""
    out: list[Span] = []
    if "\r" not in text:  # lines end at \n only: split in C (what follows a last break is no line)
        start = 0
        for n, body in enumerate(text.split("\n")):
            out.append(Span(start, start + len(body), n))
            start += len(body) + 1
        if len(out) > 1 and out[-1].start == len(text):
            out.pop()
        return out
    for n, m in enumerate(_LINE.finditer(text)):
        if m.start() == len(text) and n:
            break
        body = m.group().rstrip("\r\n")
        out.append(Span(m.start(), m.start() + len(body), n))
    return out


def split_sentences(text: str) -> list[Span]:
    """Every sentence of ``text``, trimmed, in order; blank lines give none."""
    out: list[Span] = []
    for line in lines(text):
        out.extend(_split_line(text, line))
    return out


def _split_line(text: str, line: Span) -> list[Span]:
    body = text[line.start : line.end]
    cuts = [
        m.end()
        for m in _TERMINATOR.finditer(body)
        if not _is_abbreviation(body, m.start(), m.group()) and not _SPACED_DECIMAL.match(body, max(0, m.start() - 2))
    ]
    spans, pos = [], 0
    for cut in [*cuts, len(body)]:
        piece = body[pos:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            start = line.start + pos + lead
            spans.append(Span(start, start + len(stripped), line.line))
        pos = cut
    return spans


def _is_abbreviation(body: str, at: int, mark: str) -> bool:
    """Whether the period at ``at`` ends an abbreviation or an initial, not a sentence.

    Looks only at the word before and the character after (never copies the rest of the
    line: on a 20 MB line of short sentences that copy made splitting quadratic).
    """
    if not mark.startswith(".") or mark.startswith("..."):
        return False
    m = _WORD_BEFORE.search(body, max(0, at - 40), at)
    if not m:
        return False
    word = m.group().lower()
    if word in _ABBREVIATIONS:
        return True
    # A single capital initial ("John F. Kennedy") or dotted initials ("U.S.") inside a line.
    if not (len(m.group()) == 1 and m.group().isupper()):
        return False
    nxt = _NEXT_CHAR.match(body, at + len(mark))
    if not (nxt and nxt.group(1).isupper()):
        return False
    prev = _PREV_TOKEN.search(body, 0, m.start())  # scans back over one word and its spaces only
    return prev is not None and prev.group(1)[:1].isupper()  # "John F. Kennedy", not "plan B. Then"


_NEXT_CHAR = regex.compile(r"\s*(\S)")
_PREV_TOKEN = regex.compile(r"(?r)(?:^|\s)(\S+)\s*")
