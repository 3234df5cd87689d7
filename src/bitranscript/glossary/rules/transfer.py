"""Pair-aware term transfer: a term the interpretation names is evidence for what the
original it renders garbled.

Where a pair joins an ``original`` block (machine English of Chinese speech) with its
``interpretation``, a glossary term the interpreter names ("proprietary products") that the
original does not name is looked for in the original, among the phrases no other rule took:

- ``transfer-chinese``: the phrase ends in the term's head word and its other words are
  dictionary senses (CC-CEDICT) of the characters of one of the entry's Chinese forms
  ("Shadow Cloud" for 影像云 "medical image cloud": 影 *shadow*, 云 *cloud*);
- ``transfer-pinyin``: a romanised run whose syllables sound like one of the entry's Chinese
  forms, all but ``transfer_pinyin_miss`` of them (with the usual recognition confusions);
- ``transfer-initials``: a lone capital letter or two that begin the term's initials
  ("top K customers" where the interpreter says "key account customers");
- ``transfer-homophone``: the phrase ends in the term's head word and its other words
  translate a homophone of one of the entry's Chinese forms ("free product" where the
  interpreter says "proprietary products": 自由 heard for 自研).

Every candidate must also sit, by order, where the interpretation names the term (its
relative position in the original within ``transfer_position_window`` of one of the term's
relative positions in the interpretation). A phrase that fits two terms (two terms share a
head word or initials) gives no edit: ``Finder.declined`` records it with the reason. A
head word alone, its modifier explained by nothing, is no evidence.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from ..entries import Entry, Match
from ..forms import pinyin_of, pinyin_readings, sound_key
from ..text import _WORDS

if TYPE_CHECKING:
    from ...lexicon import Lexicon
    from ...model import Segment
    from ...params import Glossary as GlossaryParams
    from ..match import Finder

KINDS = ("transfer-chinese", "transfer-pinyin", "transfer-homophone", "transfer-initials")
"""The kinds of edit this rule makes, strongest evidence first."""

_FUNCTION = frozenset(
    """a an the this that these those its it our their his her my your we they you he she i
    of in on at to for from by with as and or but nor so than then also very more most less
    such other each every all any some no not new same own one two three first second third
    is are was were be been being has have had do does did will would can could should may
    which who whom whose what where when how why there here""".split()
)
"""Words that never stand for a garbled modifier (a determiner or pronoun before a head word
is grammar, not the term)."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    entry: Entry
    kind: str
    after: str
    why: str


def _singular(word: str) -> str:
    w = word.lower().replace("’", "'")
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _lexicon() -> Lexicon:
    from ...lexicon import load_cedict

    return load_cedict()


@lru_cache(maxsize=4096)
def _sense_words(zh: str) -> frozenset[str]:
    """Every word of every dictionary sense of ``zh`` (empty when the dictionary lacks it)."""
    return frozenset(w for g in _lexicon().translations(zh) for w in _WORDS.findall(g.lower()))


@lru_cache(maxsize=4096)
def _single_senses(zh: str) -> frozenset[str]:
    """The one-word dictionary senses of ``zh`` ("to grind" counts as "grind")."""
    out = set()
    for g in _lexicon().translations(zh):
        words = g.lower().removeprefix("to ").removeprefix("the ").split()
        if len(words) == 1 and words[0].isalpha():
            out.add(words[0])
    return frozenset(out)


@lru_cache(maxsize=1024)
def _words_meaning(word: str, longest: int) -> tuple[str, ...]:
    """Dictionary headwords (at most ``longest`` characters) one of whose one-word senses is ``word``."""
    entries = _lexicon().entries
    keys_where = getattr(entries, "keys_where", None)
    keys = keys_where("v LIKE ?", f"%{word}%") if keys_where is not None else list(entries)
    return tuple(k for k in keys if len(k) <= longest and word in _single_senses(k))


@lru_cache(maxsize=4096)
def _bounds(zh: str) -> frozenset[int]:
    from ..segment import bounds

    return frozenset(bounds(zh))


def _split_head(zh: str, head: str) -> str | None:
    """The modifier part of ``zh``: what is left once its last word (as jieba cuts it), which
    must mean ``head``, is cut off (大语言|模型 for 'large language model')."""
    cuts = _bounds(zh)
    for n in (3, 2, 1):
        if len(zh) > n and len(zh) - n in cuts and head in _single_senses(zh[-n:]) | _sense_words(zh[-n:]):
            return zh[:-n]
    return None


def _chinese_evidence(word: str, zh: str, modifier: str) -> str | None:
    """``word`` renders one character of ``modifier`` alone, where the dictionary word that
    character belongs to in ``zh`` means something else ("shadow" for 影 of 影像, image)."""
    for i, ch in enumerate(modifier):
        if word not in _single_senses(ch):
            continue
        wider = [zh[a:b] for a in range(i + 1) for b in range(i + 1, len(zh) + 1) if b - a >= 2]
        if any(word in _sense_words(w) for w in wider):
            return None  # a faithful translation of the phrase ("whole" in 全年, the whole year)
        return f"{word!r} renders {ch} of {zh} alone"
    return None


def _homophone_evidence(
    word: str, modifier: str, miss: int, pinyin: Callable[[str], tuple[str, ...]] = pinyin_of
) -> str | None:
    """``word`` translates a Chinese word that sounds like part of ``modifier``: the recogniser
    heard the homophone ("free": 自由 zi you, heard for 自研 zi yan). ``pinyin``: ``pinyin_of``,
    or what the compiled index holds of it (``_pinyin``)."""
    cuts = _bounds(modifier)  # the heard word stands for whole words of the form, never across one
    for h in _words_meaning(word, len(modifier)):
        heard = _lexicon().syllables(h)
        if len(heard) != len(h):
            continue
        for i in range(len(modifier) - len(h) + 1):
            sub = modifier[i : i + len(h)]
            if sub == h or not {i, i + len(h)} <= cuts:
                continue
            want = pinyin(sub)
            if len(want) != len(heard):
                continue
            off = sum(sound_key(a) != sound_key(b) for a, b in zip(heard, want, strict=True))
            if off <= miss and off < len(h):
                return f"{word!r} translates {h} ({' '.join(heard)}), heard for {sub} ({' '.join(want)})"
    return None


def _initials(entry: Entry) -> str:
    return "".join(w[0] for w in _WORDS.findall(entry.en)).upper()


def transferable(entry: Entry) -> bool:
    """Whether the interpretation naming ``entry`` can transfer it: a term of two words or more
    (a one-word term has no head word apart from itself), not a person."""
    return entry.category != "person" and (" " in entry.en.strip() or "-" in entry.en)


def readings(zh: str, params: GlossaryParams) -> tuple[tuple[str, ...], ...]:
    """The pinyin a romanised run may sound like for the Chinese form ``zh``: its reading as a
    phrase, then its other readings (``transfer_readings_limit``, ``transfer_readings_per_char``)."""
    return (pinyin_of(zh), *pinyin_readings(zh, params.transfer_readings_limit, params.transfer_readings_per_char))


def pinyin_tables(
    entries: Iterable[Entry], params: GlossaryParams
) -> tuple[dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[str, ...]]]:
    """What this rule asks pypinyin about the glossaries' ``entries``, computed with the
    compiled index (``_Compiled.transfer_readings`` and ``transfer_pinyin``), so a command
    that loads the index from the cache imports no pypinyin (0.2 s): the ``readings`` of each
    Chinese form of a ``transferable`` entry, and the ``pinyin_of`` of each part of the form
    but its last character (a modifier's part a homophone may stand for)."""
    table: dict[str, tuple[tuple[str, ...], ...]] = {}
    parts: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        if not transferable(entry):
            continue
        for zh in entry.zh:
            if zh not in table:
                table[zh] = readings(zh, params)
            head = zh[:-1]  # every modifier (``_split_head``) is a prefix of zh, a character short at least
            for i in range(len(head)):
                for j in range(i + 1, len(head) + 1):
                    sub = head[i:j]
                    if sub not in parts:
                        parts[sub] = pinyin_of(sub)
    return table, parts


def _pinyin(f: Finder, zh: str) -> tuple[str, ...]:
    """``pinyin_of(zh)``, from the compiled index where it holds it (``pinyin_tables``)."""
    known = f.comp.transfer_pinyin.get(zh)
    return pinyin_of(zh) if known is None else known


def _readings(f: Finder, zh: str) -> tuple[tuple[str, ...], ...]:
    """``readings(zh)``, from the compiled index where it holds it (``pinyin_tables``)."""
    known = f.comp.transfer_readings.get(zh)
    return readings(zh, f.params) if known is None else known


def find(f: Finder) -> list[Match]:
    """The transfer matches of every pair (none without pairs)."""
    if not f.pairs or not f.segments_by_index:
        return []
    # What every rule found, by start: each pair looks only inside its own blocks.
    found = sorted(
        [(a, b, entry, rule) for a, b, entry, rule, _plural in f.hits]
        + [(m.start, m.end, m.entry, m.rule) for m in f.matches],
        key=lambda h: h[0],
    )
    starts = [h[0] for h in found]
    out: list[Match] = []
    for pair in f.pairs:
        out += _pair(f, pair.original, pair.interpretation, found, starts)
    return out


def _spans(f: Finder, indices: tuple[int, ...], kinds: tuple[str, ...]) -> list[Segment]:
    segs = f.segments_by_index
    return [segs[i] for i in indices if 0 <= i < len(segs) and segs[i].kind in kinds]


def _within(
    spans: list[Segment], found: list[tuple[int, int, Entry, str]], starts: list[int]
) -> Iterator[tuple[int, int, Entry, str]]:
    for s in spans:
        for k in range(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)):
            if found[k][1] <= s.end:
                yield found[k]


def _relative(spans: list[Segment], pos: int) -> float:
    """Where ``pos`` lies in the block of ``spans`` (0 at its start, 1 at its end), by characters."""
    total = sum(s.end - s.start for s in spans) or 1
    before = 0
    for s in spans:
        if pos >= s.end:
            before += s.end - s.start
        elif pos >= s.start:
            before += pos - s.start
    return before / total


def _pair(
    f: Finder,
    original: tuple[int, ...],
    interpretation: tuple[int, ...],
    found_all: list[tuple[int, int, Entry, str]],
    starts: list[int],
) -> list[Match]:
    p = f.params
    orig = _spans(f, original, ("original",))
    interp = _spans(f, interpretation, ("interpretation",))
    if not orig or not interp:
        return []
    # Terms the interpreter names (canonical forms and aliases), with their relative positions.
    named: dict[tuple[str, str], list[float]] = {}
    entries: dict[tuple[str, str], Entry] = {}
    for a, _b, entry, rule in _within(interp, found_all, starts):
        if rule != "canonical" or entry.glossary not in f.active or not transferable(entry):
            continue
        key = (entry.glossary, entry.id)
        named.setdefault(key, []).append(_relative(interp, a))
        entries[key] = entry
    if not named:
        return []
    # Terms the original already names, by any rule: nothing to transfer for them.
    in_orig: dict[tuple[str, str], int] = {}
    for _a, _b, entry, _rule in _within(orig, found_all, starts):
        in_orig[(entry.glossary, entry.id)] = in_orig.get((entry.glossary, entry.id), 0) + 1
    missing = {k: v for k, v in named.items() if in_orig.get(k, 0) < len(v)}
    if not missing:
        return []

    interp_words = {w.lower() for s in interp for w in _WORDS.findall(f.text[s.start : s.end])}
    by_head: dict[str, list[tuple[str, str]]] = {}
    by_initial: dict[str, list[tuple[str, str]]] = {}
    for key in missing:
        words = _WORDS.findall(entries[key].en)
        by_head.setdefault(_singular(words[-1]), []).append(key)
        by_initial.setdefault(_initials(entries[key])[0], []).append(key)

    found: list[_Candidate] = []
    for seg in orig:
        lo = bisect.bisect_left(f.token_starts, seg.start)
        hi = bisect.bisect_left(f.token_starts, seg.end)
        found += _head_candidates(f, lo, hi, by_head, entries, interp_words)
        found += _initial_candidates(f, lo, hi, by_initial, entries)
        found += _pinyin_candidates(f, lo, hi, missing, entries)

    # By order: a candidate must sit where the interpretation names its term.
    placed = [
        c
        for c in found
        if any(
            abs(_relative(orig, c.start) - r) <= p.transfer_position_window
            for r in missing[(c.entry.glossary, c.entry.id)]
        )
    ]
    # One place, one term: a place two terms fit is declined, with the reason.
    spots: dict[tuple[int, int], list[_Candidate]] = {}
    for c in placed:
        spots.setdefault((c.start, c.end), []).append(c)
    out: list[Match] = []
    for (a, b), cands in sorted(spots.items()):
        best = min(KINDS.index(c.kind) for c in cands)
        top = {c.entry.en: c for c in cands if KINDS.index(c.kind) == best}
        if len(top) > 1:
            f.declined.append(
                (
                    a,
                    b,
                    f"ambiguous: the interpretation names {' and '.join(sorted(map(repr, top)))}, "
                    f"which share {'initials' if KINDS[best] == 'transfer-initials' else 'a head word'}",
                )
            )
            continue
        c = next(iter(top.values()))
        if not f.free(a, b):
            continue
        f.claim(a, b)
        reason = f"{c.kind} of {c.entry.en!r}: the interpretation of this pair names it; {c.why}"
        out.append(Match(a, b, c.entry, c.kind, c.after, reason))
    return out


def _head_candidates(
    f: Finder,
    lo: int,
    hi: int,
    by_head: dict[str, list[tuple[str, str]]],
    entries: dict[tuple[str, str], Entry],
    interp_words: set[str],
) -> list[_Candidate]:
    """``<modifier...> <head>``: the term's head word, its modifier words explained by a
    Chinese form of the entry (rendered character by character, or a homophone translated)."""
    out: list[_Candidate] = []
    heads = {form for h in by_head for form in (h, h + "s", h + "es", h[:-1] + "ies")}
    for k in range(lo + 1, hi):
        if f.low[k] not in heads:
            continue
        keys = by_head.get(_singular(f.low[k]))
        if not keys:
            continue
        s_head, e_head, head = f.tokens[k]
        if not f.free(s_head, e_head):
            continue
        plural = f.low[k] != _singular(f.low[k])
        for key in keys:
            entry = entries[key]
            words = [w.lower() for w in _WORDS.findall(entry.en)]
            for zh in entry.zh:
                modifier = _split_head(zh, words[-1])
                if not modifier:
                    continue
                j, why, kind = k, [], "transfer-chinese"
                while j > lo and k - j < len(words) - 1:
                    s, e, _w = f.tokens[j - 1]
                    lw = f.low[j - 1]
                    if (
                        not f.free(s, e)
                        or f.text[e : f.tokens[j][0]] != " "
                        or not lw.isalpha()
                        or lw in _FUNCTION
                        or lw in words
                        or lw in interp_words
                    ):
                        break
                    found = _chinese_evidence(lw, zh, modifier)
                    if found is None:
                        found = _homophone_evidence(lw, modifier, f.params.transfer_pinyin_miss, partial(_pinyin, f))
                        if found is None:
                            break
                        kind = "transfer-homophone"
                    why.append(found)
                    j -= 1
                if j == k:
                    continue
                after = entry.en + ("s" if plural and not entry.en.endswith("s") else "")
                out.append(
                    _Candidate(
                        f.tokens[j][0], e_head, entry, kind, after, f"head word {head!r}; " + "; ".join(reversed(why))
                    )
                )
                break
    return out


def _initial_candidates(
    f: Finder,
    lo: int,
    hi: int,
    by_initial: dict[str, list[tuple[str, str]]],
    entries: dict[tuple[str, str], Entry],
) -> list[_Candidate]:
    """A lone capital letter or two that begin the term's initials ("K" for key account)."""
    out: list[_Candidate] = []
    words, most = f.tokens.words, f.params.transfer_initials_max
    for k in range(lo, hi):
        word = words[k]
        if len(word) > most or not word.isupper() or not word.isalpha():
            continue
        s, e, _word = f.tokens[k]
        if k + 1 >= hi or not f.gap_ok(k) or not f.tokens[k + 1][2].isalpha() or not f.tokens[k + 1][2].islower():
            continue  # a letter before a word ("K customers"), not a label or a figure
        if k > lo and f.gap_ok(k - 1) and f.tokens[k - 1][2][:1].isupper() and f.tokens[k - 1][2] not in ("A", "I"):
            continue  # part of a capitalised name
        if not f.free(s, e):
            continue
        for key in by_initial.get(word[0], ()):
            entry = entries[key]
            initials = _initials(entry)
            if len(word) < len(initials) and initials.startswith(word):
                # The words before it that render the entry's Chinese go with it ("top K": 头部KA)
                j, why = k, [f"{word!r} begins its initials {initials}"]
                while j > lo and k - j < len(entry.en.split()) and f.text[f.tokens[j - 1][1] : f.tokens[j][0]] == " ":
                    lw = f.low[j - 1]
                    found = (
                        None
                        if lw in _FUNCTION or not lw.isalpha() or not f.free(*f.tokens[j - 1][:2])
                        else next((x for z in entry.zh if (x := _chinese_evidence(lw, z, z))), None)
                    )
                    if found is None:
                        break
                    why.insert(0, found)
                    j -= 1
                out.append(_Candidate(f.tokens[j][0], e, entry, "transfer-initials", entry.en, "; ".join(why)))
    return out


def _pinyin_candidates(
    f: Finder,
    lo: int,
    hi: int,
    missing: dict[tuple[str, str], list[float]],
    entries: dict[tuple[str, str], Entry],
) -> list[_Candidate]:
    """A romanised run that sounds like a Chinese form of the term, all but a syllable or so."""
    from ...features import pinyin_split

    zh_keys: list[tuple[Entry, str, tuple[str, ...]]] = []
    for key in missing:
        entry = entries[key]
        for zh in entry.zh:
            for reading in _readings(f, zh):
                if len(reading) >= 2:
                    zh_keys.append((entry, zh, tuple(sound_key(s) for s in reading)))
    if not zh_keys:
        return []
    out: list[_Candidate] = []
    garble = f._garble()
    k = lo
    while k < hi:
        if k not in garble:
            k += 1
            continue
        j = k + 1
        while (
            j < hi
            and j - k < f.params.pinyin_max_words
            and f.gap_ok(j - 1)
            and (j in garble or f.tfreq[j] < f.rare_freq and pinyin_split(f.low[j]) is not None)
        ):
            j += 1
        s, e = f.tokens[k][0], f.tokens[j - 1][1]
        syl = pinyin_split("".join(f.low[k:j]))
        if syl and f.free(s, e):
            heard = tuple(sound_key(x) for x in syl)
            for entry, zh, want in zh_keys:
                if len(heard) == len(want):
                    miss = sum(a != b for a, b in zip(heard, want, strict=True))
                    if miss <= f.params.transfer_pinyin_miss and miss < len(want) - 1:
                        out.append(
                            _Candidate(
                                s,
                                e,
                                entry,
                                "transfer-pinyin",
                                entry.en,
                                f"{f.text[s:e]!r} sounds like {zh} ({' '.join(syl)})",
                            )
                        )
                        break
        k = j
    return out
