"""One run of the glossary over one text: the per-text state the rules share (tokens,
claimed characters, active glossaries) and the last word on every match (``Finder._edit``:
right names stay right, fluent English stays untouched)."""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from itertools import pairwise
from operator import attrgetter, methodcaller
from pathlib import Path
from typing import overload

import regex

from ..features import lower_in_place, matches_at
from ..model import Edit, Pair, Segment
from ..params import GLOSSARY
from ..params import Glossary as GlossaryParams
from .entries import Entry, Match
from .formats import shipped_paths
from .index import _LATIN_RUN, _Compiled, compiled, latin_runs
from .rules import CONFIDENCE, GENERATED_RULES, RULES, literal
from .text import (
    _DIGITS,
    _LATIN_CHAR,
    _TOKEN,
    _WORDS,
    LEGAL_SUFFIXES,
    _common_words,
    _drop_possessive,
    _fold,
    _form_letters,
    _Lazy,
    _letters,
    _only_adds_or_drops_words,
    _zipf_to_freq,
    char_codes,
    han_runs,
    token_spans,
)

_STOP = regex.compile(r"[.;:!?]")
_APOSTROPHES = re.compile("['’]+")
_CASE_MOVERS = "\u0130\u0181\u0186\u0189\u018a\u018f\u0190\u0193\u0194\u0196\u0197\u019c\u019d\u019f\u01a6\u01a9\u01ae\u01b1\u01b2\u01b7\u023a\u023e\u0244\u0245\u212a\u212b\u2c7e\u2c7f"
_CASE_MOVES_LATIN = re.compile(f"[{_CASE_MOVERS}]")
"""The characters whose lower case is more than one character, or is a Latin letter where
they are not one (Kelvin sign) or the reverse (``text._LATIN``); ``tests/test_glossary_index.py``
finds them all. In a text without them the lower-cased text's Latin runs are its runs lower-cased."""
_CASE_MOVERS_OUTSIDE_TOKENS = "".join(c for c in _CASE_MOVERS if not _LATIN_CHAR.match(c))
"""Those that are no Latin letter (never in a token): the others, if any, are in the distinct tokens."""
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")


def find(
    text: str,
    segments: Sequence[Segment] = (),
    *,
    pairs: Sequence[Pair] = (),
    paths: Sequence[str] | None = None,
    keep: Iterable[str] = (),
    params: GlossaryParams = GLOSSARY,
) -> list[Edit]:
    """The glossary edits for ``text``, non-overlapping, in text order.

    ``segments`` (from detection) let entries restrict variants to segment kinds and
    keep raw Chinese sentences intact; ``pairs`` (from alignment: indices into ``segments``)
    let the interpretation's terms name what its original garbles (``rules.transfer``);
    ``keep`` lists words never to edit.
    """
    paths = shipped_paths() if paths is None else tuple(paths)
    if not paths or not text:
        return []
    comp = compiled(paths, params)
    return Finder(text, segments, comp, frozenset(k.lower() for k in keep), params, pairs).run()


class _Tokens(Sequence[tuple[int, int, str]]):
    """The text's tokens as ``(start, end, word)``, kept as two integer arrays and the words:
    a tuple per token (with two int objects) cost the glossary step 60x the text in memory."""

    __slots__ = ("starts", "ends", "words")

    def __init__(self, starts: array[int], ends: array[int], words: list[str]) -> None:
        self.starts, self.ends, self.words = starts, ends, words

    def __len__(self) -> int:
        return len(self.words)

    @overload
    def __getitem__(self, k: int) -> tuple[int, int, str]: ...
    @overload
    def __getitem__(self, k: slice) -> list[tuple[int, int, str]]: ...
    def __getitem__(self, k: int | slice) -> tuple[int, int, str] | list[tuple[int, int, str]]:
        if isinstance(k, slice):
            return list(zip(self.starts[k], self.ends[k], self.words[k], strict=True))
        return self.starts[k], self.ends[k], self.words[k]


class Finder:
    """One run of the matcher over one text (holds the per-text state, nothing global)."""

    def __init__(
        self,
        text: str,
        segments: Sequence[Segment],
        comp: _Compiled,
        keep: frozenset[str],
        params: GlossaryParams = GLOSSARY,
        pairs: Sequence[Pair] = (),
    ) -> None:
        self.text = text
        self.segments_by_index = tuple(segments)
        """The segments in the order ``pairs`` index them."""
        self.pairs = tuple(pairs)
        """Original blocks and their interpretations: the transfer rule's evidence."""
        self.declined: list[tuple[int, int, str]] = []
        """Places a rule saw but would not edit, with the reason (an ambiguous transfer)."""
        self.params = params
        self.english_freq = _zipf_to_freq(params.english_zipf)
        self.garble_freq = _zipf_to_freq(params.garble_zipf)
        self.comp = comp
        self.keep = keep | comp.protect
        self.folded = _fold(text)
        self.segments = sorted(segments, key=lambda s: s.start)
        self.seg_starts = [s.start for s in self.segments]
        speakers = {seg.speaker for seg in self.segments if seg.speaker}
        self.speaker_words = {w.lower() for name in speakers for w in _WORDS.findall(name)}
        """Words of the speaker labels: names the call itself spells out."""
        self.speaker_pairs = {
            " ".join(pair)
            for name in speakers
            for ws in [[w.lower().replace("’", "'") for w in _WORDS.findall(name)]]
            for pair in pairwise(ws)
        }
        """Adjacent word pairs of the speaker labels ("tim wu"): a full name the call spells."""
        self.active = {g.path for g in comp.glossaries if g.scope == "general"}
        """Glossaries in force: the general ones, and companies the text names (set in ``run``)."""
        from ..features import english_frequencies

        freq = english_frequencies()
        import numpy as np  # loaded by the alignment step before this one in a run

        # Tokens as (start, end, word): the words by one regex pass in C, the offsets by numpy
        # (no object per offset). The starts end with the text's length.
        words = _TOKEN.findall(self.folded)
        codes = char_codes(self.folded)
        starts, ends, quoted = token_spans(codes)
        assert len(starts) == len(words)  # (``token_spans`` reads ``_TOKEN``'s matches)
        self.han_runs = han_runs(self.folded, codes)
        """The runs of Han characters, in order (what selects the Chinese forms worth a regex)."""
        del codes
        self.token_starts = array("q", starts.tobytes())
        self.token_starts.append(len(self.folded))
        self.tokens = _Tokens(self.token_starts, array("q", ends.tobytes()), words)
        self.quoted = quoted
        """Per token: whether an apostrophe stands right before it ("'CEO")."""
        del starts, ends
        # Per-token facts, computed only for the tokens a rule looks at.
        self.lowered = lower_in_place(self.folded)
        """The folded text in lower case, same length: case-insensitive forms are matched here."""
        # One string per distinct word, not one per token, and each token's first token of its
        # word (one pass in C): facts of words are worked out per distinct word and reach the
        # tokens in C (``where``).
        first: dict[str, int] = {}
        self.word_ids = np.fromiter(map(first.setdefault, words, itertools.count()), np.int32, len(words))
        """Per token: the index of the first token of its word."""
        self.first_ids = np.fromiter(first.values(), np.int32, len(first))
        """Per distinct word: the index of its first token."""
        # (a word in lower case already is its own: no new string to hash again)
        lowered = {w: w if w.islower() and "’" not in w else w.lower().replace("’", "'") for w in first}
        self.distinct = list(lowered)
        """The distinct tokens, as folded (in the order they first stand)."""
        self.distinct_low = list(lowered.values())
        """The distinct tokens lower-cased, as ``low``."""
        low = list(map(lowered.__getitem__, words))
        del first, lowered
        self.low = low
        self.case_kept = _CASE_MOVES_LATIN.search("".join(self.distinct)) is None and not any(
            c in self.folded for c in _CASE_MOVERS_OUTSIDE_TOKENS
        )
        """Whether the text has none of ``_CASE_MOVES_LATIN``: then the lower-cased text has the same
        tokens, each its token lower-cased (``low``, but for ’ read as ')."""
        self.common_freq = _zipf_to_freq(params.common_zipf)
        self.rare_freq = _zipf_to_freq(params.rare_zipf)
        common = _common_words(self.rare_freq)
        self.rare_words = {w for w in self.distinct_low if w not in common}
        """Words (as ``low``) rarer than everyday English (``rare_zipf``)."""
        self.rare = self.where(self.rare_words.__contains__)
        """Their tokens: the only candidates for pinyin and names."""
        self.name_gap = regex.compile(rf"[\s\-]{{1,{params.name_gap_chars}}}")
        """What may separate the words of one name."""
        self.freq = freq
        by_word: dict[str, float] = {}  # a token's frequency is its word's: looked up once per word

        def token_freq(k: int) -> float:
            word = low[k]
            if word not in by_word:
                by_word[word] = freq.get(word, 0.0)
            return by_word[word]

        self.tfreq = _Lazy(token_freq)  # not self.low: a cycle would hold the
        # whole per-token state (60x the text) until the garbage collector runs
        self._pinyin_cache: list[int] | None = None
        caps = {w for w in self.distinct if w.isupper() and w.isascii() and w.isalpha() and len(w) > 1}
        self.caps = self.where(caps.__contains__, lowered=False, unquoted=True)
        """Indices of all-capital tokens (acronyms), the only places two rules look at: the tokens
        ``_CAPS`` matches, found by their distinct words rather than a second pass over the text."""
        self.owner = bytearray(len(text))
        """Per character: 0 free, 1 edited, 2 a canonical form (a longer fuzzy match may hold it)."""
        self._garble_cache: frozenset[int] | None = None
        self.soft: list[tuple[int, int, str]] = []
        """Canonical forms found by the literal rule (start, end, form), sorted: a fuzzy match may hold them."""
        self.hits: list[tuple[int, int, Entry, str, bool]] = []
        """Every literal form in the text (start, end, entry, rule, plural), set by ``run``."""
        self.matches: list[Match] = []
        """The matches of the rules run so far, in rule order."""

    def run(self) -> list[Edit]:
        self.hits = literal.hits(self)  # also switches on the company glossaries the text names
        for rule in RULES:  # in order: each claims its text before the next looks
            self.matches += rule.find(self)
        edits = []
        for m in sorted(self.matches, key=attrgetter("start")):
            e = self._edit(m)
            if e is not None:
                edits.append(e)
        return edits

    # -- helpers

    def runs(self, lowered: bool = False) -> set[str]:
        """The text's distinct runs of Latin letters (as folded, or lower-cased): what selects
        the literal forms worth a regex (``index._Filed``)."""
        key = "_runs_low" if lowered else "_runs"
        found = self.__dict__.get(key)
        if found is None:
            if not lowered:  # the runs are the tokens' pieces between apostrophes: no pass over the
                # text, and one split of the distinct tokens joined by an apostrophe, not one per token
                found = set(_APOSTROPHES.split("'".join(self.distinct)))
                found.discard("")
            elif self.case_kept:
                found = {run.lower() for run in self.runs()}
            else:
                found = latin_runs(self.lowered)
            self.__dict__[key] = found
        return found

    def kind(self, pos: int) -> str | None:
        i = bisect.bisect_right(self.seg_starts, pos) - 1
        if i >= 0 and self.segments[i].start <= pos < self.segments[i].end:
            return self.segments[i].kind
        return None

    def where(self, test: Callable[[str], object], lowered: bool = True, unquoted: bool = False) -> list[int]:
        """Indices of the tokens whose word passes ``test`` (as in ``low``, or as folded), in order:
        ``test`` is asked once per distinct word, and the answers reach the tokens in C (numpy).
        ``unquoted``: only tokens with no apostrophe right before them ("'CEO"), the only ones
        where a pattern of words can match (``text._AFTER_FIRST`` forbids one)."""
        import numpy as np

        words = self.distinct_low if lowered else self.distinct
        passed = np.zeros(len(self.low), dtype=bool)  # by the first token of each word
        passed[self.first_ids] = np.fromiter(map(test, words), dtype=bool, count=len(words))  # (bool of each)
        tokens = passed[self.word_ids]
        if unquoted:
            tokens &= ~self.quoted
        found: list[int] = np.flatnonzero(tokens).tolist()
        return found

    def indices(
        self, pattern: re.Pattern[str], lowered: bool = False, word: Callable[[str], object] | None = None
    ) -> list[int]:
        """Indices of the tokens where ``pattern`` matches at a token start (found in C, not per token).

        ``word``, where the caller has it, says the same of one token (as ``where`` reads it) for
        a pattern of whole words, or word starts, made of Latin letters after ``_AFTER_FIRST``:
        then the tokens are found by their distinct words, without a pass over the text, unless
        lower-casing moves the tokens of the text (``case_kept``)."""
        if word is not None and (self.case_kept or not lowered):
            return self.where(word, lowered, unquoted=True)
        out = []
        starts = self.token_starts
        for m in pattern.finditer(self.lowered if lowered else self.folded):
            k = bisect.bisect_left(starts, m.start())
            if k < len(starts) and starts[k] == m.start():
                out.append(k)
        return out

    def scan(self, pattern: re.Pattern[str], heads: Sequence[str], lowered: bool = False) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the text (or the lower-cased text), for a pattern whose every
        match starts a token (it forbids a letter before) with one of ``heads``: where those are
        Latin letters (and lower-casing keeps the tokens, ``case_kept``) it is tried at those
        tokens alone, in order, rather than at every character of the text."""
        text = self.lowered if lowered else self.folded
        if (lowered and not self.case_kept) or not all(map(_LATIN_RUN.fullmatch, heads)):
            yield from pattern.finditer(text)
            return
        tokens = self.where(methodcaller("startswith", tuple(heads)), lowered)
        yield from matches_at(pattern.match, text, map(self.token_starts.__getitem__, tokens))

    def pinyin_words(self) -> list[int]:
        from ..features import pinyin_split

        if self._pinyin_cache is None:
            pinyin = {w for w in self.rare_words if len(w) >= 2 and w.isalpha() and w.isascii() and pinyin_split(w)}
            self._pinyin_cache = self.where(pinyin.__contains__)  # ``rare`` tokens that read as pinyin
        return self._pinyin_cache

    def gap_ok(self, k: int) -> bool:
        """Whether tokens k and k+1 are one name's words: one or two spaces or hyphens apart."""
        a, b = self.tokens.ends[k], self.tokens.starts[k + 1]  # the arrays: no tuple per question
        return 0 < b - a <= self.params.name_gap_chars and not self.folded[a:b].strip(" -\t")

    def free(self, start: int, end: int) -> bool:
        return self.owner.count(0, start, end) == end - start

    def soft_inside(self, start: int, end: int) -> list[tuple[int, int, str]] | None:
        """The canonical forms inside ``[start, end)``; None if one crosses its edge or it holds an edit."""
        if self.owner.find(1, start, end) != -1:
            return None
        if self.owner.find(2, start, end) == -1:
            return []
        lo = bisect.bisect_left(self.soft, (start - self.params.canonical_max_chars,))
        hi = bisect.bisect_left(self.soft, (end,))
        inside = [c for c in self.soft[lo:hi] if c[1] > start]
        if any(c[0] < start or c[1] > end for c in inside):
            return None
        return inside

    def claim(self, start: int, end: int, soft: bool = False) -> None:
        self.owner[start:end] = (b"\x02" if soft else b"\x01") * (end - start)

    def usable(self, entry: Entry, start: int, end: int, rule: str) -> bool:
        if entry.glossary not in self.active:
            return False
        if rule in ("canonical", "chinese", "pinyin", "pinyin-suffix"):
            return True
        if entry.kinds and self.kind(start) not in entry.kinds:
            return False
        if entry.followed_by:
            i = bisect.bisect_left(self.token_starts, end)
            if i >= len(self.tokens) or self.tokens[i][2].lower() not in entry.followed_by:
                return False
            if _STOP.search(self.text[end : self.tokens[i][0]]):
                return False
        if entry.near or entry.unless_near:
            i = bisect.bisect_left(self.token_starts, start)
            lo = self.tokens[max(0, i - self.params.near_window)][0] if self.tokens else 0
            j = min(len(self.tokens) - 1, i + self.params.near_window)
            hi = self.tokens[j][1] if self.tokens else len(self.text)
            before, after = self.text[lo:start], self.text[end:hi]
            key = entry.glossary + "\0" + entry.id
            if entry.near and not (self.comp.near[key].search(before) or self.comp.near[key].search(after)):
                return False
            unless = self.comp.near.get(key + "\0unless")
            if unless is not None and (unless.search(before) or unless.search(after)):
                return False
        return True

    def is_name(self, word: str) -> bool:
        """A word of a name in an active glossary (never fuzzily turned into another name)."""
        return bool(self.comp.name_tokens.get(word.lower(), frozenset()) & self.active)

    def company_active(self, entry: Entry) -> bool:
        g = next((g for g in self.comp.glossaries if g.path == entry.glossary), None)
        return g is not None and g.scope == "company" and g.path in self.active

    def _sentence_start(self, pos: int) -> bool:
        prev = self.text[max(0, pos - self.params.sentence_lookback) : pos].rstrip(" \t\u3000\"'“‘(")
        return not prev or prev[-1] in ".!?。！？\r\n:："

    def _reads_correct(self, lowered_words: list[str]) -> bool:
        """Whether the text of ``lowered_words`` (``_WORDS`` of it in lower case) already reads as
        a correct form of an active entry: its canonical form or an alias, possessive or not, or
        that followed by legal-name words ("<Name> Group")."""
        words = [w.replace("’", "'") for w in lowered_words]
        for ws in (words, [w[:-2] if w.endswith("'s") else w for w in words]):
            ws = list(ws)
            while ws:
                found = self.comp.correct.get(" ".join(ws))
                if found and not found.isdisjoint(self.active):
                    return True
                if len(ws) < 2 or ws[-1] not in LEGAL_SUFFIXES:
                    break
                ws.pop()
        return False

    def _fluent_english(self, m: Match, words: list[str]) -> bool:
        """Whether a sound or spelling guess (of the text whose ``_WORDS`` are ``words``) sits in
        fluent English with nothing to show for machine output: a fluent (or unknown) segment,
        every word one English has, no declared context (``near``), and no garble or recogniser
        casing around it."""
        if m.rule not in GENERATED_RULES:
            return False
        kind = self.kind(m.start)
        if kind is not None and kind not in self.params.fluent_kinds:
            return False
        if not all(map(self._english, words)):
            return False  # a word English does not have: the match is garble itself
        if m.rule == "fuzzy" and m.entry.near:
            return False  # a confusion the glossary declares, with the context it needs
        return not self._machine_evidence(m.start, m.end)

    def _english(self, word: str) -> bool:
        """A word English has (at least ``english_zipf``)."""
        return self.freq.get(word.lower().replace("’", "'"), 0.0) >= self.english_freq

    def _machine_evidence(self, start: int, end: int) -> bool:
        """Romanised garble, or a lower-case "i" as a word (uncased recogniser output), in the
        sentence around ``[start, end)`` (at most ``evidence_chars`` characters each side)."""
        cap = self.params.evidence_chars
        lo = max(start - cap, 0)
        m = max(_SENTENCE_END.finditer(self.text, lo, start), key=lambda x: x.end(), default=None)  # the last
        lo = m.end() if m else lo
        m = _SENTENCE_END.search(self.text, end, min(len(self.text), end + cap))
        hi_pos = m.start() if m else min(len(self.text), end + cap)
        lo = bisect.bisect_left(self.token_starts, lo)
        hi = bisect.bisect_left(self.token_starts, hi_pos)
        if "i" in self.tokens.words[lo:hi]:  # the words list, sliced: no tuple per token
            return True
        return not self._garble().isdisjoint(range(lo, hi))

    def _garble(self) -> frozenset[int]:
        if self._garble_cache is None:
            self._garble_cache = frozenset(k for k in self.pinyin_words() if self.tfreq[k] < self.garble_freq)
        return self._garble_cache

    def _confidence(self, rule: str) -> float:
        p = self.params
        if rule in ("person-sound", "name-sound"):
            return p.name_sound_confidence
        transfer = {
            "transfer-chinese": p.transfer_chinese_confidence,
            "transfer-pinyin": p.transfer_pinyin_confidence,
            "transfer-initials": p.transfer_initials_confidence,
            "transfer-homophone": p.transfer_homophone_confidence,
        }
        return transfer[rule] if rule in transfer else CONFIDENCE[rule]

    def _edit(self, m: Match) -> Edit | None:
        before = self.text[m.start : m.end]
        words = _WORDS.findall(before)  # read once, for every test below that asks for them
        if before.lower() in self.keep or any(t.lower() in self.keep for t in words):
            return None
        if m.rule != "chinese":
            if words and all(w.lower().replace("’", "'") in self.speaker_words for w in words):
                return None  # "Wang Yi" is an analyst on the call, not 网易 heard as pinyin
            # (in ASCII, lower-casing keeps every word's letters: no second pass there)
            lowered_words = [w.lower() for w in words] if before.isascii() else _WORDS.findall(before.lower())
            if self._reads_correct(lowered_words) or _only_adds_or_drops_words(
                before, m.after, self._english, lowered_words
            ):
                return None  # "<Name> Group" is right, and so is "Shenji" for "Shenji chip"
            if _letters(_drop_possessive(before)) == _form_letters(m.after):
                return None  # "Acme's cloud" is grammar around a right name, not "Acme Cloud"
            if self._fluent_english(m, words):
                return None
        digits = _DIGITS.findall(before)
        if digits and _DIGITS.findall(m.after) != digits:
            return None
        after = m.after
        if after[:1].islower() and before[:1].isupper() and not before.isupper() and self._sentence_start(m.start):
            after = after[0].upper() + after[1:]
        if after == before:
            return None
        return Edit(
            m.start,
            m.end,
            before,
            after,
            f"glossary:{m.rule}",
            self._confidence(m.rule),
            f"{m.reason or f'{m.rule} of {m.entry.en!r}'} ({_file_name(m.entry.glossary)})",
            m.entry.id,
        )


@cache
def _file_name(path: str) -> str:
    """``Path(path).name``, worked out once per glossary file rather than once per edit."""
    return Path(path).name
