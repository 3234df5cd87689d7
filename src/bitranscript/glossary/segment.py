"""Word boundaries of a few characters of Chinese as jieba cuts them (``jieba.cut(text,
HMM=False)``), read from a table on disk instead of jieba's loaded dictionary.

A short Chinese form ("金山") counts only as a whole word of its context, and jieba decides.
Loading jieba costs a cold command 0.9 to 1.5 s (its dictionary of 350,000 words, and
pkg_resources at import) to cut a few windows of twenty characters. So jieba's prefix
dictionary (``gen_pfdict`` over its ``dict.txt``) is written once into the user cache
(:mod:`bitranscript.cache`, keyed by that file) and the words a window needs are looked up
there; the cut itself is jieba's code for ``HMM=False``, line for line, so the boundaries are
the same. Without a cache, or where jieba is already loaded, jieba itself cuts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

_RE_ENG = re.compile(r"[a-zA-Z0-9]")
"""jieba's ``re_eng``: single Latin letters and digits are glued back together."""


def bounds(text: str) -> set[int]:
    """The offsets in ``text`` where jieba's words (``cut(HMM=False)``) begin or end."""
    out, pos = {0}, 0
    for word in _cut(text):
        pos += len(word)
        out.add(pos)
    return out


def _cut(text: str) -> Iterator[str]:
    table = None if "jieba" in sys.modules else _table()
    if table is None:
        import jieba

        jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
        yield from jieba.cut(text, HMM=False)
        return
    yield from _cut_with(text, *table)


def _cut_with(text: str, freq: Mapping[str, int], total: int) -> Iterator[str]:
    """jieba's ``Tokenizer.cut`` with ``cut_all`` and ``HMM`` off, over the prefix dictionary
    ``freq`` of ``total`` word counts."""
    from ..zhseg import cut_blocks

    return cut_blocks(text, lambda blk: _cut_block(blk, freq, total))


def _cut_block(sentence: str, freq: Mapping[str, int], total: int) -> Iterator[str]:
    """jieba's ``__cut_DAG_NO_HMM``."""
    from ..zhseg import best_route

    n = len(sentence)
    route = best_route(sentence, freq.get, total)
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if _RE_ENG.match(word) and len(word) == 1:
            buf += word
            x = y
        else:
            if buf:
                yield buf
                buf = ""
            yield word
            x = y
    if buf:
        yield buf


@lru_cache(maxsize=1)
def _table() -> tuple[Mapping[str, int], int] | None:
    """jieba's prefix dictionary and word total, from the user cache (None: no cache)."""
    from ..cache import Table, cached_file, file_key, package_file, write_tables

    try:
        source = package_file("jieba", "dict.txt")
        key = file_key(source) + "; prefix dict 1"
    except (OSError, ModuleNotFoundError):
        return None

    def build(path: Path) -> None:
        from ..zhseg import prefix_dict

        freq, total = prefix_dict(source)
        write_tables(path, {"freq": freq.items(), "meta": [("total", total)]})

    path = cached_file("jieba_prefix_dict.sqlite", key, build)
    if path is None:
        return None
    try:
        meta: Table[int] = Table(path, "meta")
        total = meta["total"]
        return Table(path, "freq"), total
    except Exception:  # a file another version wrote, or a damaged one: jieba itself
        return None
