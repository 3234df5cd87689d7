"""Near-misses of names (rapidfuzz ratio), never of plain English."""

from __future__ import annotations

from operator import methodcaller
from typing import TYPE_CHECKING

from ..entries import Entry, Match
from ..index import _LATIN_RUN
from ..text import _WORDS, _whole_words

if TYPE_CHECKING:
    from ..match import Finder

_Reach = tuple[tuple[list[str], list[int]], tuple[float, float, float], tuple[float, float, float]]
"""A bucket of choices, and its cutoff for long windows and for short ones, each with the
shortest and longest window that may reach it."""


def find(f: Finder) -> list[Match]:
    """Near-misses of English forms ("Kingsoft Club", "CHAP GPT"), never of plain English.

    Windows of one to three tokens are compared (rapidfuzz ratio) with the names of
    the active glossaries that start with the same letter. A window made only of
    common English words is tried only against entries with a ``near`` condition
    and the active company's own names, and only when its first two letters match.
    """
    comp, p = f.comp, f.params
    if not comp.fuzzy_choices:
        return []
    from rapidfuzz import fuzz, process

    # The active glossaries' buckets, merged in glossary order (the order of the choices).
    by_first: dict[str, tuple[list[str], list[int]]] = {}
    by_two: dict[str, tuple[list[str], list[int]]] = {}
    for g, buckets in zip(comp.glossaries, comp.fuzzy_buckets, strict=True):
        if g.path not in f.active:
            continue
        for merged, own in ((by_first, buckets.by_first), (by_two, buckets.by_two)):
            for key, (choices, ks) in own.items():
                into = merged.setdefault(key, ([], []))
                into[0].extend(choices)
                into[1].extend(ks)

    # The indel ratio of strings of lengths a and b is at most 200 * min(a, b) / (a + b): per
    # bucket and cutoff, the window lengths some choice may reach (the rest skip rapidfuzz).
    def reach(bucket: tuple[list[str], list[int]], least: float = 0.0) -> _Reach:
        """The cutoffs for windows of ``fuzzy_short_len`` letters or more and for shorter ones
        (raised to ``least``), each with the window lengths that may reach it."""
        lo, hi = min(map(len, bucket[0])), max(map(len, bucket[0]))

        def cut(cutoff: float) -> tuple[float, float, float]:
            c = max(cutoff, least)
            return c, lo * c / (200 - c), hi * (200 - c) / c

        return bucket, cut(p.fuzzy_ratio), cut(p.fuzzy_ratio_short)

    first_reach = {key: reach(b) for key, b in by_first.items()}
    # Plain words become a name without a ``near`` condition only at ``fuzzy_resplit_ratio``
    # (below): a bucket with no such name asks rapidfuzz for that ratio at once.
    two_reach = {
        key: reach(b, 0.0 if any(comp.fuzzy_entries[k].near for k in b[1]) else p.fuzzy_resplit_ratio)
        for key, b in by_two.items()
    }
    out: list[Match] = []
    toks, low, freq = f.tokens, f.low, f.freq
    at, to = toks.starts, toks.ends  # read directly: no tuple per token
    n = len(toks)
    # Words that are not everyday English: acronyms, and words rarer than ``common_zipf``
    # (facts of a word: worked out once per distinct word).
    uncommon = {
        word
        for word, lowered in zip(f.distinct, f.distinct_low, strict=True)
        if lowered in f.rare_words
        and not lowered[0].isdigit()
        and (word.isupper() or freq.get(lowered, 0.0) < f.common_freq)
    }
    rare = set(f.where(uncommon.__contains__, lowered=False))
    rare.update(f.caps)
    # Window starts worth trying: those, and words that may begin a name with a
    # condition (a run of common words is tried only against those names).
    starts = set(rare)
    if by_two:
        heads = tuple(by_two)
        latin = all(map(_LATIN_RUN.fullmatch, heads))  # then a match is a token's first letters
        word = methodcaller("startswith", heads) if latin else None
        starts.update(f.indices(_whole_words(heads, prefixes=True), lowered=True, word=word))
    # Every test before the claim is pure, so the cheap and selective ones go first: the
    # window's length, then rapidfuzz (in C; most windows end there), then the text around it.
    min_letters, short_len, max_words = p.fuzzy_min_letters, p.fuzzy_short_len, p.fuzzy_max_words
    extract_one, ratio = process.extractOne, fuzz.ratio
    for i in sorted(starts):
        first = low[i][0]
        first_cut = first_reach.get(first)
        if first_cut is None or first.isdigit():
            continue
        width = 1  # windows of up to three words, none starting with a digit
        while width < max_words and i + width < n and not low[i + width][0].isdigit():
            width += 1
        rare_start = i in rare
        for j in range(i + width, i, -1):
            joined = "".join(low[i:j]).replace("'", "")
            size = len(joined)
            if size < min_letters:
                break  # every word has a letter: the narrower windows are shorter still
            all_common = not rare_start and rare.isdisjoint(range(i + 1, j))
            cuts = two_reach.get(joined[:2]) if all_common else first_cut
            if cuts is None:
                continue
            bucket, long_cut, short_cut = cuts
            cutoff, shortest, longest = long_cut if size >= short_len else short_cut
            if not shortest <= size <= longest:
                continue
            hit = extract_one(joined, bucket[0], scorer=ratio, score_cutoff=cutoff)
            if hit is None:
                continue
            if j - i > 1 and not all(f.gap_ok(k) for k in range(i, j - 1)):
                continue
            start, end = at[i], to[j - 1]
            inner = f.soft_inside(start, end)
            if inner is None:
                continue
            choice, score, pos = hit
            entry = comp.fuzzy_entries[bucket[1][pos]]
            if choice in joined or joined in choice:
                continue  # a widening or a part of the name, not a misspelling of it
            if any(c[2] not in entry.en.lower() or c[2] == entry.en.lower() for c in inner):
                continue
            # Plain English words become a name only beside the entry's context, or when
            # they split the active company's own name ("kings of cloud").
            split_name = j - i != len(entry.en.split()) and f.company_active(entry) and score >= p.fuzzy_resplit_ratio
            if all_common and not (entry.near or (entry.category in ("company", "product") and split_name)):
                continue
            if any(f.is_name(t[2]) and t[2].lower() not in entry.en.lower().split() for t in toks[i:j]):
                continue
            if any(_possessive_of(w, entry) for w in low[i : j - 1]):
                continue  # "Acme's clod": the name is right and the 's is grammar, not a misspelling
            if not f.usable(entry, start, end, "fuzzy"):
                continue
            f.claim(start, end)
            out.append(Match(start, end, entry, "fuzzy", entry.en))
            break
    return out


def _possessive_of(word: str, entry: Entry) -> bool:
    """``word`` is "<w>'s" where <w> is a word of ``entry``'s canonical form (which has no 's)."""
    return word.endswith("'s") and word[:-2] in _WORDS.findall(entry.en.lower()) and "'" not in entry.en
