"""Applying, reverting and reconciling :class:`~bitranscript.model.Edit` lists.

Edits never overlap once reconciled, so applying them is one left-to-right pass and
reverting them from the edited text gives the input back exactly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # edits only read an Edit's fields: model, which calls these, is not imported
    from .model import Edit


def _ordered(edits: Iterable[Edit]) -> list[Edit]:
    # Stable: insertions at one point keep the order they were made in.
    return sorted(edits, key=lambda e: (e.start, e.end))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied."""
    out, pos = [], 0
    for e in _ordered(edits):
        if e.start < pos:
            raise ValueError(f"overlapping edit at {e.start} ({e.rule})")
        out.append(text[pos : e.start])
        out.append(e.after)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def revert_edits(edited: str, edits: Iterable[Edit]) -> str:
    """The original text, from ``edited`` (``apply_edits(text, edits)``) and the same edits."""
    out, new_pos, old_pos = [], 0, 0
    for e in _ordered(edits):
        gap = e.start - old_pos
        out.append(edited[new_pos : new_pos + gap])
        new_pos += gap
        if edited[new_pos : new_pos + len(e.after)] != e.after:
            raise ValueError(f"edited text does not hold the edit at {e.start} ({e.rule})")
        out.append(e.before)
        new_pos += len(e.after)
        old_pos = e.end
    out.append(edited[new_pos:])
    return "".join(out)


def reconcile(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """Keep the edits that do not overlap an edit listed before them.

    Callers list edits by priority (noise removal before glossary fixes, say); the
    first claim on a stretch of text wins. An insertion conflicts only with an edit
    that strictly contains its point.

    The kept ranges never overlap, so sorted by start they are sorted by end too, and one
    binary search finds the only kept range that could overlap a new edit: n log n, where
    comparing each edit with every kept one was quadratic (40,000 edits took minutes).
    """
    kept: list[Edit] = []
    starts: list[int] = []  # kept ranges (start < end), sorted
    ends: list[int] = []
    points: list[int] = []  # kept insertions (start == end), sorted
    for e in edits:
        i = bisect_left(starts, e.end if e.start < e.end else e.start)  # ranges starting before e ends
        if i and ends[i - 1] > e.start:
            continue  # the last of them reaches into e (or strictly contains e's point)
        if e.start < e.end:
            j = bisect_right(points, e.start)
            if j < len(points) and points[j] < e.end:
                continue  # a kept insertion strictly inside e
            starts.insert(i, e.start)
            ends.insert(i, e.end)
        else:
            insort(points, e.start)
        kept.append(e)
    return tuple(_ordered(kept))


def _overlaps(a: Edit, b: Edit) -> bool:
    """The rule :func:`reconcile` applies, edit against edit (kept for tests and callers)."""
    if a.start == a.end or b.start == b.end:
        point, other = (a, b) if a.start == a.end else (b, a)
        return other.start < point.start < other.end
    return a.start < b.end and b.start < a.end
