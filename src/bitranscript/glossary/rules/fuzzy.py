"""Near-misses of names (rapidfuzz ratio), never of plain English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..entries import Entry, Match
from ..text import _WORDS, _whole_words

if TYPE_CHECKING:
    from ..match import Finder


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
    fits = {
        (id(b), c): (min(map(len, b[0])) * c / (200 - c), max(map(len, b[0])) * (200 - c) / c)
        for b in (*by_first.values(), *by_two.values())
        for c in (p.fuzzy_ratio, p.fuzzy_ratio_short)
    }
    out: list[Match] = []
    toks, low, freq = f.tokens, f.low, f.freq
    at, to, words = toks.starts, toks.ends, toks.words  # read directly: no tuple per token
    n = len(toks)
    # Words that are not everyday English: acronyms, and words rarer than ``common_zipf``.
    rare = {
        k for k in f.rare if not low[k][0].isdigit() and (words[k].isupper() or freq.get(low[k], 0.0) < f.common_freq)
    }
    rare.update(f.caps)
    # Window starts worth trying: those, and words that may begin a name with a
    # condition (a run of common words is tried only against those names).
    starts = set(rare)
    if by_two:
        starts.update(f.indices(_whole_words(by_two, prefixes=True), lowered=True))
    for i in sorted(starts):
        if low[i][0] not in by_first or low[i][0].isdigit():
            continue
        width = 1  # windows of up to three words, none starting with a digit
        while width < p.fuzzy_max_words and i + width < n and not low[i + width][0].isdigit():
            width += 1
        for j in range(i + width, i, -1):
            joined = "".join(low[i:j]).replace("'", "")
            if len(joined) < p.fuzzy_min_letters:
                continue
            all_common = rare.isdisjoint(range(i, j))
            bucket = by_two.get(joined[:2]) if all_common else by_first[joined[0]]
            cutoff = p.fuzzy_ratio if len(joined) >= p.fuzzy_short_len else p.fuzzy_ratio_short
            if not bucket:
                continue
            shortest, longest = fits[id(bucket), cutoff]
            if not shortest <= len(joined) <= longest:
                continue
            if j - i > 1 and not all(f.gap_ok(k) for k in range(i, j - 1)):
                continue
            start, end = at[i], to[j - 1]
            inner = f.soft_inside(start, end)
            if inner is None:
                continue
            hit = process.extractOne(joined, bucket[0], scorer=fuzz.ratio, score_cutoff=cutoff)
            if hit is None:
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
