"""Pinyin heard with recognition confusions (``pinyin-confusable``), or one inner syllable off
(``pinyin-fuzzy``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..entries import Entry, Match
from ..forms import sound_key
from ..text import _zipf_to_freq

if TYPE_CHECKING:
    from ..match import Finder


def _pinyin_runs(f: Finder) -> list[list[int]]:
    runs: list[list[int]] = []
    cur: list[int] = []
    at, to = f.tokens.starts, f.tokens.ends  # read directly: no tuple per token
    for i in f.pinyin_words():  # (words of two or more ASCII letters that split into pinyin)
        freq = f.tfreq[i]
        if freq >= f.rare_freq:
            continue
        if cur and cur[-1] != i - 1:
            runs.append(cur)
            cur = []
        limit = f.rare_freq if cur else f.common_freq  # "Yun" after "Zhenwu": a syllable, not English
        ok = freq < limit and f.free(at[i], to[i])
        contiguous = cur and cur[-1] == i - 1 and f.gap_ok(i - 1)
        if ok and (not cur or contiguous):
            cur.append(i)
        else:
            if cur:
                runs.append(cur)
            cur = [i] if ok else []
    if cur:
        runs.append(cur)
    return runs


def find(f: Finder) -> list[Match]:
    """Pinyin with recognition confusions ("Xinshan Cloud", "Zhenwu Yun", "Weizhenwei")."""
    from ...features import pinyin_split

    single = _zipf_to_freq(f.params.single_pinyin_zipf)
    at, to, words = f.tokens.starts, f.tokens.ends, f.tokens.words  # read directly: no tuple per token
    out: list[Match] = []
    for run in _pinyin_runs(f):
        i = 0
        while i < len(run):
            best = None
            for j in range(min(len(run), i + f.params.pinyin_max_words), i, -1):
                joined = "".join(words[k].lower() for k in run[i:j])
                syl = pinyin_split(joined)
                if not syl:
                    continue
                key = tuple(sound_key(s) for s in syl)
                start, end = at[run[i]], to[run[j - 1]]
                nxt = run[j - 1] + 1
                if nxt < len(words):
                    word = words[nxt].lower()
                    e = f.comp.sound_suffix.get((key, word))
                    gap = f.folded[end : at[nxt]]
                    if e and f.name_gap.fullmatch(gap):
                        best = (start, to[nxt], e, "pinyin-confusable")
                        break
                if i == j - 1 and f.tfreq[run[i]] >= single:
                    continue  # one word that English uses ("chaining") is never pinyin on its own
                e = f.comp.sound.get(key) if len(key) >= 2 else None
                if e:
                    best = (start, end, e, "pinyin-confusable")
                    break
                if len(key) >= f.params.pinyin_fuzzy_min_syllables and j - i == 1:
                    ce = _closest_sound(f, key)
                    if ce is not None:
                        best = (start, end, ce, "pinyin-fuzzy")
                        break
            if best and f.free(best[0], best[1]) and f.usable(best[2], best[0], best[1], best[3]):
                f.claim(best[0], best[1])
                out.append(Match(best[0], best[1], best[2], best[3], best[2].en))
                i = next((k for k in range(i, len(run)) if at[run[k]] >= best[1]), len(run))
            else:
                i += 1
    return out


def _closest_sound(f: Finder, key: tuple[str, ...]) -> Entry | None:
    """The one entry whose pinyin differs from ``key`` in one inner syllable, if unambiguous.

    Entries of an active company glossary go before general ones (a company's own
    name is the likelier word in its own call); a tie within a rank matches nothing.
    """
    found: dict[str, tuple[int, Entry]] = {}
    for cand, ce in f.comp.sound_by_ends.get((len(key), key[0], key[-1]), ()):
        if ce.glossary in f.active and sum(a != b for a, b in zip(cand, key, strict=True)) == 1:
            found[ce.glossary + "\0" + ce.id] = (0 if f.company_active(ce) else 1, ce)
    if not found:
        return None
    ranked = sorted(found.values(), key=lambda r: r[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0] and ranked[0][1].en != ranked[1][1].en:
        return None
    return ranked[0][1]
