"""Generated forms: what a machine transcript makes of an entry's Chinese name (pinyin
readings, pinyin with a translated ending, sound keys of recognition confusions).

``forms_of`` is the one source of the literal forms: the index matches them and
``glossary show`` lists them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from ..params import GLOSSARY
from ..params import Glossary as GlossaryParams
from .entries import Entry
from .text import _common, _key, _zipf_to_freq, to_simplified

SUFFIXES = {"云": "cloud", "银行": "bank", "集团": "group", "科技": "technology", "汽车": "auto", "音乐": "music"}
"""Chinese name endings the machine often translates while it romanises the rest."""


@lru_cache(maxsize=8192)
def pinyin_of(zh: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of ``zh`` (Simplified first), by pypinyin's phrase dictionary."""
    from pypinyin import Style, lazy_pinyin

    syl = lazy_pinyin(to_simplified(zh), style=Style.NORMAL, errors="ignore")
    return tuple(s.replace("v", "u").replace("ü", "u") for s in syl if s.isascii() and s.isalpha())


@lru_cache(maxsize=8192)
def pinyin_readings(zh: str, limit: int = 8, per_char: int = 3) -> tuple[tuple[str, ...], ...]:
    """Other readings of ``zh`` through its polyphonic characters (行 hang/xing), at most ``limit``,
    with at most ``per_char`` readings of each character (``params.Glossary.readings_*``).

    A recogniser that misses the phrase reads each character alone: 行业云 comes out
    as "Xingye Yun" as often as "Hangye Yun".
    """
    from itertools import product

    simp = to_simplified(zh)
    # Character by character: the phrase dictionary would give only the phrase's reading.
    options = [rs[:per_char] for ch in simp for rs in char_readings(ch)]
    if not options or not all(options):
        return ()
    out = []
    for combo in product(*options):
        if combo != pinyin_of(simp):
            out.append(tuple(combo))
        if len(out) >= limit:
            break
    return tuple(out)


@cache
def char_readings(ch: str) -> tuple[tuple[str, ...], ...]:
    """pypinyin's readings of the one character ``ch`` (all heteronyms, toneless, ü as u, in
    its order), one tuple per item it gives: none for a character it does not know. Cached:
    ``pinyin_readings`` of a glossary's forms asks for the same characters again and again."""
    from pypinyin import Style, pinyin

    return tuple(
        tuple(dict.fromkeys(r.replace("v", "u").replace("ü", "u") for r in rs if r.isascii() and r.isalpha()))
        for rs in pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    )


_INITIALS = (
    "zh",
    "ch",
    "sh",
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
)
_INITIAL_MAP = {"zh": "z", "ch": "c", "sh": "s", "x": "j", "q": "j", "l": "n"}
_FINAL_MAP = {"ing": "in", "eng": "en", "ang": "an", "iang": "ian", "uang": "uan"}


@lru_cache(maxsize=16384)
def sound_key(syllable: str) -> str:
    """The syllable with the usual recognition confusions folded (zh/z, sh/s, j/x/q, -ng/-n, l/n)."""
    init = next((i for i in _INITIALS if syllable.startswith(i)), "")
    final = syllable[len(init) :]
    return _INITIAL_MAP.get(init, init) + _FINAL_MAP.get(final, final)


def _resplit(joined: str) -> tuple[str, ...] | None:
    from ..features import pinyin_split

    return pinyin_split(joined)


def _names(entry: Entry, form: str) -> bool:
    """Whether ``form`` is the entry's canonical form or an alias (no wrong form to generate)."""
    key = _key(form)
    return key == _key(entry.en) or any(key == _key(a) for a in entry.aliases)


@dataclass(frozen=True, slots=True)
class Form:
    """One generated literal form of an entry: its rule, its pinyin syllables, and the
    translated ending (``pinyin-suffix``: "Jinshan Cloud" for 金山云)."""

    rule: str
    syllables: tuple[str, ...]
    word: str = ""

    @property
    def text(self) -> str:
        """The form as ``glossary show`` writes it ("Jinshan Yun", "Jinshan Cloud")."""
        if self.rule == "pinyin-suffix":
            return "".join(self.syllables).capitalize() + " " + self.word.capitalize()
        return " ".join(s.capitalize() for s in self.syllables)


def forms_of(entry: Entry, zh: str, params: GlossaryParams = GLOSSARY) -> list[Form]:
    """The pinyin and pinyin-suffix forms generated for ``entry``'s Chinese form ``zh``, in
    order: none for persons ("Zou Tao" for Tao Zou is not wrong) or entries with ``pinyin``
    off, none that are an English word (``common_zipf``) or spell the entry's own name or alias
    ("<Name> Group" is right). The index matches exactly these; ``glossary show`` lists them."""
    from ..features import english_frequencies

    if not entry.pinyin or entry.category == "person":
        return []
    freq, common = english_frequencies(), _zipf_to_freq(params.common_zipf)
    out: list[Form] = []
    syl = pinyin_of(zh)
    joined = "".join(syl)
    if (
        len(syl) >= params.pinyin_min_syllables
        and len(joined) >= params.pinyin_min_letters
        and not _common(joined, freq, common)
        and not _names(entry, joined)
    ):
        out.append(Form("pinyin", syl))
    simp = to_simplified(zh)
    for suffix, word in SUFFIXES.items():
        if simp.endswith(suffix) and len(simp) - len(suffix) >= params.suffix_head_min:
            head = pinyin_of(simp[: -len(suffix)])
            hj = "".join(head)
            if len(head) >= params.suffix_head_min and not _common(hj, freq, common) and not _names(entry, hj):
                out.append(Form("pinyin-suffix", head, word))
    return out


def generated_forms(entry: Entry, params: GlossaryParams = GLOSSARY) -> list[tuple[str, str]]:
    """(rule, form) pairs the step matches literally for ``entry``, for ``glossary show``."""
    return [(f.rule, f.text) for zh in entry.zh for f in forms_of(entry, zh, params)]


def _syllable_parts(syllable: str) -> tuple[str, str]:
    init = next((i for i in _INITIALS if syllable.startswith(i)), "")
    return init, syllable[len(init) :]


def _one_sound(heard: str, expected: str, min_len: int) -> bool:
    """Whether ``heard`` is ``expected`` with one sound changed: pinyin with one initial or one
    final different ("wu" for "gu", "zhou" for "zou"), else one letter off in a word of at
    least ``min_len`` letters ("stanly" for "stanley")."""
    from rapidfuzz.distance import Levenshtein

    from ..features import pinyin_split

    hs, es = pinyin_split(heard), pinyin_split(expected)
    if hs and es and len(hs) == len(es):
        diffs = 0
        for x, y in zip(hs, es, strict=True):
            (xi, xf), (yi, yf) = _syllable_parts(x), _syllable_parts(y)
            diffs += (xi != yi) + (xf != yf)
        return diffs == 1
    if len(heard) >= min_len and len(expected) >= min_len:
        return Levenshtein.distance(heard, expected) == 1
    return False
