"""Chinese words as ``jieba.lcut(text)`` cuts them (accurate mode, HMM on), without loading jieba.

``pair`` on raw Chinese cuts every source sentence into words. jieba itself costs a cold
process about 0.8 s before its first word: importing it loads pkg_resources, and its first
cut unmarshals a prefix dictionary of 580,000 entries. A document needs a few thousand of
them. So, as :mod:`bitranscript.glossary.segment` does for ``HMM=False``, jieba's prefix
dictionary and its HMM's emission table are written once into the user cache
(:mod:`bitranscript.cache`, keyed by jieba's files) and read a key at a time, the keys of a
whole document fetched level by level in a few batched queries (:func:`prefetch`). The
cut is jieba's code (``get_DAG``, ``calc``, ``__cut_DAG``, ``finalseg``), line for line, so
the words are the same; ``tests/test_bitext.py`` checks that against jieba. Without a cache,
or where jieba is already loaded (its dictionary may have been changed), jieba itself cuts.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from math import log
from pathlib import Path
from typing import Any

from .cache import Table

_RE_HAN = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
"""jieba's ``re_han_default``: the blocks it cuts with its dictionary."""
_RE_SKIP = re.compile(r"(\r\n|\s)")
"""jieba's ``re_skip_default``."""
_RE_HMM_HAN = re.compile("([\u4e00-\u9fd5]+)")
"""``jieba.finalseg.re_han``: what its HMM cuts."""
_RE_HMM_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
"""``jieba.finalseg.re_skip``."""
_MIN_FLOAT = -3.14e100
_PREV_STATUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}


class _Model:
    """jieba's prefix dictionary (word -> count, 0 for a prefix only), its total, and its HMM."""

    def __init__(self, freq: Table[int], total: int, emit: Table[dict[str, float]], hmm: dict[str, Any]) -> None:
        self.freq, self.total, self.emit = freq, total, emit
        self.start: dict[str, float] = hmm["start"]
        self.trans: dict[str, dict[str, float]] = hmm["trans"]
        self.inbound = {y: [(y0, self.trans[y0].get(y, _MIN_FLOAT)) for y0 in _PREV_STATUS[y]] for y in "BMES"}
        """Each state's predecessors, and the log-probability of moving from each to it."""


def lcut(sentence: str) -> list[str]:
    """``jieba.lcut(sentence)``."""
    model = None if "jieba" in sys.modules else _model()
    if model is None:
        import jieba

        jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
        return list(jieba.lcut(sentence))
    return list(_cut(sentence, model))


def prefetch(sentences: Iterable[str]) -> None:
    """Read every dictionary entry the cut of ``sentences`` will ask for, in a few queries.

    jieba's DAG looks a fragment up only while its prefix is in the dictionary: so the
    one-character fragments of all blocks are read first, then the two-character ones
    whose first character was there, and so on (one batch per length, not one query per key).
    The HMM's table is not read ahead: it sees only the runs the dictionary leaves single, a
    third of the characters, and reading all of them cost more than asking for those one by one.
    """
    model = None if "jieba" in sys.modules else _model()
    if model is None:
        return
    blocks = {blk for s in sentences for blk in _RE_HAN.split(s) if blk and _RE_HAN.match(blk)}
    live = {blk[k:] for blk in blocks for k in range(len(blk))}  # what the DAG walks from each position
    length = 1
    while live:
        frags = {rest[:length] for rest in live}
        model.freq.prefetch(frags)
        there = {frag for frag in frags if model.freq.get(frag) is not None}
        live = {rest for rest in live if len(rest) > length and rest[:length] in there}
        length += 1


def _cut(sentence: str, model: _Model) -> Iterator[str]:
    """jieba's ``Tokenizer.cut`` with ``cut_all`` off and ``HMM`` on."""
    return cut_blocks(sentence, lambda blk: _cut_dag(blk, model))


def cut_blocks(text: str, cut_block: Callable[[str], Iterator[str]]) -> Iterator[str]:
    """jieba's ``Tokenizer.cut`` around its dictionary: ``cut_block`` for each run of Chinese,
    Latin letters and digits; whitespace runs and any other character one by one."""
    for blk in _RE_HAN.split(text):
        if not blk:
            continue
        if _RE_HAN.match(blk):
            yield from cut_block(blk)
        else:
            for x in _RE_SKIP.split(blk):
                if _RE_SKIP.match(x):
                    yield x
                else:
                    yield from x


def best_route(sentence: str, get: Callable[[str], int | None], total: int) -> dict[int, tuple[float, int]]:
    """jieba's ``get_DAG`` and ``calc``: for each position of ``sentence``, the log-probability
    of the best cut of the rest and the last position of its first word. ``get``: a
    fragment's count in the prefix dictionary (None: not there; 0: a prefix only)."""
    n = len(sentence)
    dag: dict[int, list[tuple[int, int]]] = {}  # each word's end, with its count (read once, not again for ``calc``)
    for k in range(n):
        ends = []
        i = k
        frag = sentence[k]
        while i < n and (count := get(frag)) is not None:
            if count:
                ends.append((i, count))
            i += 1
            frag = sentence[k : i + 1]
        if not ends:
            ends.append((k, 1))  # ``calc``'s ``get(...) or 1`` for a character that is no word
        dag[k] = ends
    route: dict[int, tuple[float, int]] = {n: (0, 0)}
    logtotal = log(total)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((log(count) - logtotal + route[x + 1][0], x) for x, count in dag[idx])
    return route


def _cut_dag(sentence: str, model: _Model) -> Iterator[str]:
    """jieba's ``__cut_DAG``."""
    n = len(sentence)
    route = best_route(sentence, model.freq.get, model.total)
    x = 0
    buf = ""
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if y - x == 1:
            buf += word
        else:
            yield from _single_run(buf, model)
            buf = ""
            yield word
        x = y
    yield from _single_run(buf, model)


def _single_run(buf: str, model: _Model) -> Iterator[str]:
    """A run of characters the DAG left single, as jieba's ``__cut_DAG`` flushes it: one
    character alone, an unknown run through the HMM, a known word's characters one by one."""
    if len(buf) == 1:
        yield buf
    elif buf and not _count(buf, model.freq):
        yield from _hmm_cut(buf, model)
    else:
        yield from buf


def _count(frag: str, freq: Table[int]) -> int | None:
    """``freq.get(frag)``, from what :func:`prefetch` read: the prefix dictionary holds every
    prefix of its words, so a fragment one of whose prefixes is not there is not there
    either, and one whose prefixes all are was read with them (not a query of its own, as
    a run of single characters was, a few hundred a document)."""
    for end in range(1, len(frag)):
        if freq.get(frag[:end]) is None:
            return None
    count: int | None = freq.get(frag)
    return count


def _hmm_cut(sentence: str, model: _Model) -> Iterator[str]:
    """``jieba.finalseg.cut``: the HMM's words for characters the dictionary left single."""
    for blk in _RE_HMM_HAN.split(sentence):
        if _RE_HMM_HAN.match(blk):
            _, states = _viterbi(blk, model)
            begin, nexti = 0, 0
            for i, char in enumerate(blk):
                pos = states[i]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield blk[begin : i + 1]
                    nexti = i + 1
                elif pos == "S":
                    yield char
                    nexti = i + 1
            if nexti < len(blk):
                yield blk[nexti:]
        else:
            yield from (x for x in _RE_HMM_SKIP.split(blk) if x)


def _viterbi(obs: str, model: _Model) -> tuple[float, list[str]]:
    """``jieba.finalseg.viterbi`` over the states BMES: the same sums in the same order, each
    state's two predecessors and their transitions looked up once, not for every character."""
    first = model.emit.get(obs[0]) or {}
    v = {y: model.start[y] + first.get(y, _MIN_FLOAT) for y in "BMES"}
    path = {y: [y] for y in "BMES"}
    for ch in obs[1:]:
        probs = model.emit.get(ch) or {}
        now, newpath = {}, {}
        for y, ((a, to_y_from_a), (b, to_y_from_b)) in model.inbound.items():
            em_p = probs.get(y, _MIN_FLOAT)
            prob, state = max((v[a] + to_y_from_a + em_p, a), (v[b] + to_y_from_b + em_p, b))
            now[y] = prob
            newpath[y] = path[state] + [y]
        v, path = now, newpath
    prob, state = max((v[y], y) for y in "ES")
    return prob, path[state]


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    """jieba's dictionary and HMM from the user cache, built on first use (None: no cache)."""
    from .cache import cached_file, file_key, package_file, write_tables

    try:
        source = package_file("jieba", "dict.txt")
        hmm_files = [package_file("jieba", "finalseg", f"prob_{p}.py") for p in ("start", "trans", "emit")]
        # The same file and key as glossary.segment's: whichever runs first builds it for both.
        dict_key = file_key(source) + "; prefix dict 1"
        hmm_key = "; ".join(file_key(f) for f in hmm_files) + "; hmm 1"
    except (OSError, ModuleNotFoundError):
        return None

    def build_dict(path: Path) -> None:
        freq, total = prefix_dict(source)
        write_tables(path, {"freq": freq.items(), "meta": [("total", total)]})

    def build_hmm(path: Path) -> None:
        from jieba import finalseg

        emit: dict[str, dict[str, float]] = {}
        for state, probs in finalseg.emit_P.items():
            for ch, p in probs.items():
                emit.setdefault(ch, {})[state] = p
        meta = {"start": finalseg.start_P, "trans": finalseg.trans_P}
        write_tables(path, {"emit": ((k, json.dumps(v)) for k, v in emit.items()), "meta": [("hmm", json.dumps(meta))]})

    dict_path = cached_file("jieba_prefix_dict.sqlite", dict_key, build_dict)
    hmm_path = cached_file("jieba_hmm.sqlite", hmm_key, build_hmm)
    if dict_path is None or hmm_path is None:
        return None
    try:
        total: int = Table(dict_path, "meta")["total"]
        hmm = json.loads(Table(hmm_path, "meta")["hmm"])
        return _Model(Table(dict_path, "freq"), total, Table(hmm_path, "emit", json.loads), hmm)
    except Exception:  # a file another version wrote, or a damaged one: jieba itself
        return None


def prefix_dict(source: Path) -> tuple[dict[str, int], int]:
    """jieba's ``Tokenizer.gen_pfdict`` over its dictionary file."""
    lfreq: dict[str, int] = {}
    ltotal = 0
    with open(source, "rb") as f:
        for raw in f:
            line = raw.strip().decode("utf-8")
            word, written = line.split(" ")[:2]
            count = int(written)
            lfreq[word] = count
            ltotal += count
            for ch in range(len(word)):
                wfrag = word[: ch + 1]
                if wfrag not in lfreq:
                    lfreq[wfrag] = 0
    return lfreq, ltotal
