"""Figures in transcript text: "RMB 1.69 billion", "13.5亿元", "百分之五", "about 10 industries".

Interpreters convert Chinese scales (亿 = 10^8, 万 = 10^4) into English ones (million,
billion) on the fly, and that is where figures go wrong. To compare an original remark
with its interpretation, every figure is parsed into a :class:`Figure` with its value
after scale conversion, the precision it was spoken at, its unit and currency, so that
"RMB 169 million" equals "1.69亿元" and "168.5 million RMB", but not "RMB1.69 billion".

Only the standard library and ``regex`` are used; parsing is one fast scan for where a
figure may start, one pattern matched there, then small pure functions.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal

import regex

from .features import lower_in_place, matches_at
from .params import NUMBERS, Numbers

Unit = Literal["amount", "percent", "bp", "multiple", "count"]
"""``amount``: money or a scaled quantity; ``multiple``: 倍, "times", "-fold"; ``count``: a bare
number (often with a noun)."""

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_EN_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mm": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_VAGUE_RANGE_WORDS = (
    "tens",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "trillion",
    "thousand",
    "million",
    "billion",
)
"""Words of vague and scaled figures ("tens of millions", "a thousand")."""
_EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a": 1, "an": 1, "half a": 0.5,
}  # fmt: skip
_CURRENCY_BEFORE = {
    "rmb": "RMB", "cny": "RMB", "¥": "RMB", "￥": "RMB", "人民币": "RMB", "us$": "USD", "usd": "USD",
    "$": "USD", "hk$": "HKD", "hkd": "HKD", "€": "EUR", "eur": "EUR", "£": "GBP",
}  # fmt: skip
_CURRENCY_AFTER = {
    "rmb": "RMB", "yuan": "RMB", "renminbi": "RMB", "元": "RMB", "元人民币": "RMB", "人民币": "RMB",
    "dollars": "USD", "dollar": "USD", "usd": "USD", "美元": "USD", "港元": "HKD", "港币": "HKD", "hkd": "HKD",
}  # fmt: skip

_S = r"[ \t\u00a0\u3000]?"  # one optional space: spaced-out Chinese ("1 . 6 9 亿") stays parseable
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿](?:" + _S + r"[零〇一二两三四五六七八九十百千万亿点])*"
_AR_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_WORD_NUM = (
    r"(?:half\ a|an?|"
    + "|".join(sorted((w for w in _EN_WORDS if " " not in w and len(w) > 2), key=len, reverse=True))
    + r")"
)
_NUM = rf"(?:{_AR_NUM}|{_CN_NUM})"
_EN_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|mm|bn|tn|[kKmMbB](?![\p{L}\d]))"
_CN_SCALE = r"(?:万亿|亿|万|千|百)"
_SCALE = rf"(?:{_S}(?:{_EN_SCALE})|{_S}{_CN_SCALE})"
_CUR_B = r"(?:US\$|HK\$|RMB|CNY|USD|HKD|EUR|人民币|[$¥￥€£])"
_CUR_A = r"(?:元人民币|人民币|元|美元|港元|港币|RMB|yuan|renminbi|dollars?|USD|HKD)"
_PCT = r"(?:%|％|\ ?percent(?:age\ points?)?|\ ?per\ cent|\ ?pp(?![\p{L}])|" + _S + r"个?百分点)"
_MULT = r"(?:" + _S + r"倍|\ ?-?fold(?![\p{L}])|\ times(?![\p{L}])|x(?![\p{L}\d]))"
_BP = r"(?:\ ?basis\ points?|\ ?bps?(?![\p{L}]))"
_RANGE_P = r"(?:\ ?(?:-|–|—|~|～|到|至)\ ?|\ to\ )"
_RANGE = r"(?:\ ?(?:-|–|—|~|～|到|至)\ ?|\ (?:to|and)\ )"
_APPROX_BEFORE = (
    r"(?:about|around|approximately|approx\.|roughly|nearly|almost|over|more\ than|less\ than|some|close\ to"
    r"|up\ to|at\ least|above|below|under|exceeding|in\ excess\ of|upwards\ of|well\ over"
    r"|大约|约|将近|接近|近|超过了?|超了?|逾|不到|不足|大概)"
)
_APPROX_AFTER = r"(?:" + _S + r"(?:以上|以下|以内|之内|左右|上下|之多|级))"
_FIGURE = regex.compile(
    rf"""
    (?P<approx>{_APPROX_BEFORE}{_S})?
    (?P<neg>negative\ |minus\ |负{_S}|-|−)?
    (?P<cur>(?:{_CUR_B}{_S}){{1,2}})?
    (?P<pct_cn>百分之{_S})?
    (?P<n1>{_NUM}|(?<![\p{{L}}])(?i:{_WORD_NUM})(?=\ (?i:{_EN_SCALE}|hundred|percent)))
    (?:(?P<pct0>[%％](?={_RANGE_P}{_NUM}(?:[%％]|\ percent)))?(?P<rng>{_RANGE})(?P<cur2>{_CUR_B}{_S})?(?P<pct_cn2>百分之{_S})?(?P<n2>{_NUM})(?P<sc1>)(?P<pct1>))?
    (?P<sc>{_SCALE})?
    (?P<more>多|余)?
    (?P<cur_a>{_S}{_CUR_A}(?![\p{{L}}]))?
    (?P<pct>{_PCT})?
    (?P<bp>{_BP})?
    (?P<mult>{_MULT})?
    (?P<approx2>{_APPROX_AFTER})?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)


def _by_first_letter(alternatives: list[str]) -> str:
    """``alternatives`` (patterns, each starting with a plain letter) as one alternation grouped
    by that letter: "a(?:bout|round)|o(?:ver|ne)". ``re`` tries the alternatives of a group one
    after the other wherever it looks; grouped, it rules most of them out at the first letter,
    which halves the scans below on prose. Only for an alternation whose order does not matter
    (a look-ahead, or words of which at most one can match at a place)."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_FIGURE_START_CHAR = re.compile(r"[\d\-−$¥￥€£零〇一二两三四五六七八九十百千万亿负约大近超将人接逾不]|\.(?=\d)")
"""A character a figure may start with: a digit, a sign, a currency symbol, a Chinese
numeral or approximate word, or a decimal point before a digit."""
_FIGURE_START_WORD = re.compile(
    r"\W(?="
    + _by_first_letter(
        r"about|around|approx|roughly|nearly|almost|over|more\ than|less\ than|some|close\ to|up\ to|at\ least|above"
        r"|below|under|exceeding|in\ excess|upwards|negative|minus|us\$|hk\$|rmb|cny|usd|hkd|eur".split("|")
    )
    + "|(?:"
    + _by_first_letter([r"half\ a", "an?", *(w for w in _EN_WORDS if w.isalpha() and len(w) > 2)])
    + r")(?=\ (?:hundred|thousand|million|billion|trillion|percent|mn|mm|bn|tn|[kmb])))"
)
"""The non-word character before a word a figure may start with (an approximate word, a
sign, a currency, a number word before a scale): matched in the text with a space put
before it, its start is the word's own in the text."""
_SPELLED = re.compile(
    r"(?P<w>"
    + _by_first_letter([k for k in _EN_WORDS if k.isalpha() and len(k) > 2 and k != "hundred"])
    + r")(?![^\W\d_])(?!-)"
)
"""Spelled numbers ("three") not followed by a letter or a hyphen, in the lower-cased text;
:func:`_parse` drops those inside a word or a hyphenated one (``_INSIDE_WORD`` before them).
The pattern starts with its words, not with a look-behind, so ``re`` jumps from one of their
first letters to the next at C speed instead of trying every position (only the whole word
can be followed by no letter, so the order of the words does not matter)."""
_INSIDE_WORD = re.compile(r"[^\W\d_]|-")
"""A letter or a hyphen: before a spelled number, it is part of a word ("someone", "twenty-one")."""
_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿]")
_ASCII_WORD = re.compile(r"[a-z]+")
_FIGURE_WORDS = frozenset(
    {w for w in _EN_WORDS if w.isalpha() and len(w) > 2}
    | set(_VAGUE_RANGE_WORDS)
    | {"mn", "mm", "bn", "tn", "k", "m", "b"}
)
_FIGURE_WORD_STARTS = ("hundred", "thousand", "million", "billion", "trillion", "percent")
"""After "a", a figure may go on with a word that only starts like these ("a percentage point")."""


def may_hold_figure(text: str) -> bool:
    """Whether ``text`` holds what every figure holds somewhere: a digit, a Chinese numeral,
    a number word where a word starts (as ``_FIGURE_START_WORD``, ``_SPELLED`` and ``_VAGUE_EN``
    require), or a scale after "a". Most sentences of a call hold none, and are not parsed
    at all (a superset: ``tests/test_numbers.py`` checks that no figure is found where this
    finds nothing)."""
    if _NUMERAL.search(text):
        return True
    lowered = text.lower()
    words = _ASCII_WORD.findall(lowered)
    if not _FIGURE_WORDS.isdisjoint(words):
        return True
    # a word can start with a scale only where the scale is in the text at all: ``in`` is
    # far faster than asking every word
    return any(w in lowered for w in _FIGURE_WORD_STARTS) and any(w.startswith(_FIGURE_WORD_STARTS) for w in words)


_AMOUNT_CHAR = re.compile(r"[%％$¥￥€£元币万亿千百成]")
_AMOUNT_WORD = re.compile(
    _by_first_letter(
        r"percent|per\ cent|pp(?![a-z])|rmb|cny|usd|hkd|eur|yuan|renminbi|dollar|hundred|thousand|million|billion"
        r"|trillion|m(?<![a-z]m)[nm]|b(?<![a-z]b)n|t(?<![a-z]t)n".split("|")
    )
)
"""What every amount and percentage holds somewhere (see :func:`may_hold_amount`): the
characters in the text, the words (``_FIGURE``'s own) in the text folded by :func:`_fold`."""


def may_hold_amount(text: str) -> bool:
    """Whether ``text`` may hold a figure of unit ``amount`` or ``percent`` (a superset, as
    :func:`may_hold_figure`; ``tests/test_numbers.py`` checks it): every one holds a percent
    sign or word (%, percent, per cent, pp, 百分, 成), a currency (a symbol, a code, 元, 币,
    yuan, dollar) or a scale (hundred and up, 千, 万, 亿; mn, mm, bn and tn, which follow a
    number or a space, not a letter; k, m and b count only after a currency). A number check
    that reads only amounts and percentages need not parse the rest."""
    if not may_hold_figure(text):
        return False
    return _AMOUNT_CHAR.search(text) is not None or _AMOUNT_WORD.search(_fold(text)) is not None


def _fold(text: str) -> str:
    """``text`` with every letter that ``regex`` matches to an ASCII letter when it ignores case
    (A-Z, a-z, ſ, the Kelvin sign K and İ: ``tests/test_numbers.py`` asks all of Unicode) as
    that letter in lower case, so that the standard library's engine, faster here, finds the
    words of ``_FIGURE`` in it without ignoring case."""
    return text.lower() if text.isascii() else text.replace("\u0130", "i").casefold()


_VAGUE_CN_HINT = re.compile(r"[数几上][十百千万亿]|十[几多]")
_VAGUE_EN_HINT = re.compile(r"(?:tens|dozens|hundreds|thousands|millions|billions) of")
_BETWEEN = regex.compile(r"between\s*$", regex.I)
_LETTERS = regex.compile(r"[a-z]+", regex.I)
_CN_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")
_LABEL_BEFORE = regex.compile(r"(?i)(?:\bstar|\bsection|\bpage|\bno\.|\bitem|\bphase|\bq|\bpress|\bextension)\s*$")
"""A number after these is a label ("press star 1", "Phase 2"), not a figure."""
_ORDINAL_AFTER = regex.compile(r"(?i)(?:st|nd|rd|th)(?![\p{L}])")
"""Right after the digits ("7th"); "486 stores" is a count, not an ordinal."""
_DIGITS_ONLY = regex.compile(r"[\d,]*\.?\d+")
_DIGIT = regex.compile(r"\d")
_CN_MEASURE = regex.compile(r"\s?([个家位名款项座倍台辆])")
_NOUN_AFTER = regex.compile(r"[ \t]*(?:[\p{Latin}][\p{Latin}\-]*[ \t]?){1,3}")
_STOP_AFTER = frozenset(
    "of and or to in on at by for from with than the a an this that these those is are was were be as per "
    "year years quarter quarters month months day days times time percent consecutive".split()
)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure in the text, its value after scale conversion (``1.69亿`` -> 169000000)."""

    start: int
    end: int
    value: float
    high: float | None = None
    """The upper end of a range ("100 to 700"), else None."""
    unit: Unit = "count"
    currency: str | None = None
    step: float = 1.0
    """The precision it was spoken at: the value of one unit in the last digit."""
    approx: bool = False
    """Said with an approximate word ("about", "over", 约, 超过, 左右); widens the tolerance."""
    noun: str | None = None
    """The noun a count counts ("industries"), singular, lower case."""
    text: str = ""
    vague: bool = False
    """A vague quantity (数十, 上百, "dozens of"): any value from ``value`` to ``high``."""
    bound: str = ""
    """What an approximate word says: ``over`` (超过, "more than", 以上), ``under`` (近, "nearly",
    不到), ``about`` (约, "around", 左右), or "" (none)."""

    def describe(self) -> str:
        """The figure as text for messages ("RMB 169,000,000", "7.9%")."""

        def fmt(v: float) -> str:
            return f"{v:,.6g}" if abs(v) < 1e6 else f"{v / 1e6:,.6g} million"

        body = fmt(self.value) + (f" to {fmt(self.high)}" if self.high is not None else "")
        if self.unit == "percent":
            return body + "%"
        if self.unit == "bp":
            return body + " bp"
        if self.unit == "multiple":
            return body + "x"
        cur = f"{self.currency} " if self.currency else ""
        return cur + body + (f" {self.noun}" if self.noun else "")


def parse_number(text: str) -> float | None:
    """The value of one number written in digits, Chinese numerals or both ("1.3万", "十三点五").

    >>> parse_number("1,234.5"), parse_number("一百六十九"), parse_number("13.5亿")
    (1234.5, 169.0, 1350000000.0)
    """
    figs = parse_figures(text.strip())
    if len(figs) != 1 or figs[0].high is not None:
        return None
    f = figs[0]
    return -f.value if text.strip().startswith(("负", "-", "−", "minus", "negative")) and f.value > 0 else f.value


def parse_figures(text: str) -> list[Figure]:
    """Every figure in ``text`` with its offsets, left to right.

    Years (2022), quarters (Q4), ordinals (7th), version numbers (GPT-3.5), dates and
    phone-menu digits ("press star 1") are not figures and are skipped. Chinese written
    one character apart ("1 6 . 9 亿", "百 分 之 五 十") is read as if unspaced; offsets
    and ``text`` still point into ``text`` as given.
    """
    if not may_hold_figure(text):
        return []
    han = not text.isascii() and _HAN_CHAR.search(text) is not None
    spaced = _despace(text) if han else None
    if spaced is None:
        return _parse(text, han)
    flat, pieces = spaced
    starts = [p[0] for p in pieces]
    out = []
    for f in _parse(flat, True):
        a, b = _unspaced_to_text(pieces, starts, f.start), _unspaced_to_text(pieces, starts, f.end - 1) + 1
        out.append(replace(f, start=a, end=b, text=text[a:b].strip()))
    return out


_SPACED_HINT = regex.compile(r"[\u3400-\u9fff][ \u3000][^\s][ \u3000][^\s]")
_SPACED_HINT_BEFORE = regex.compile(r"[\u3400-\u9fff](?<=[^\s][ \u3000][^\s][ \u3000][\u3400-\u9fff])")
"""A Chinese character with two single characters spaced out after it, or before it: both
start on the (in English, rare) Chinese character, so the test is fast."""
_SPACED_RUN = regex.compile(r"[\u3400-\u9fff\d.%％](?:[ \u3000][\u3400-\u9fff\d.%％]){2,}")
_HAN_CHAR = regex.compile(r"[\u3400-\u9fff]")


def _despace(text: str) -> tuple[str, list[tuple[int, int, bool]]] | None:
    """``text`` with the spaces of Chinese written one character apart removed, and the
    pieces it is made of: (offset in the result, offset in ``text``, whether spaced); None
    when there is no such run. A run alternates one character and one space, so an offset
    inside it maps back by arithmetic (:func:`_unspaced_to_text`)."""
    if not (_SPACED_HINT.search(text) or _SPACED_HINT_BEFORE.search(text)):
        return None
    parts: list[str] = []
    pieces: list[tuple[int, int, bool]] = []
    last = flat = 0
    for m in _SPACED_RUN.finditer(text):
        run = m.group()
        if not _HAN_CHAR.search(run):
            continue
        pieces.append((flat, last, False))
        parts.append(text[last : m.start()])
        flat += m.start() - last
        pieces.append((flat, m.start(), True))
        parts.append(run[::2])
        flat += (len(run) + 1) // 2
        last = m.end()
    if not pieces:
        return None
    pieces.append((flat, last, False))
    parts.append(text[last:])
    return "".join(parts), pieces


def _unspaced_to_text(pieces: list[tuple[int, int, bool]], starts: list[int], pos: int) -> int:
    """The offset in the original text of offset ``pos`` of the despaced text."""
    k = bisect.bisect_right(starts, pos) - 1
    flat, orig, spaced_run = pieces[k]
    return orig + (2 * (pos - flat) if spaced_run else pos - flat)


# Vague quantities: 数十 (tens of), 十几 (ten-odd), 上百 (a hundred or more), "dozens of".
_VAGUE_CN = re.compile(
    r"[数几上十](?:(?<=[数几上])(?P<u>[十百千万亿])|(?<=十)(?P<w2>[几多]))"
    r"(?P<sc>万亿|亿|万)?(?P<tail>倍|个百分点|%|％|(?:元)?人民币|元|美元|[个家位名款项座台辆款])?"
)
_APPROX_CN_BEFORE = re.compile(r"(?:近|约|超过了?|将近|接近)$")
_VAGUE_EN = regex.compile(
    r"(?i)(?<![\p{L}])(?P<w>tens|dozens|hundreds|thousands|millions|billions)\s+of"
    r"(?:\s+(?P<sc>millions|billions|thousands)(?:\s+of)?)?"
    r"(?P<tail>\s+(?:times|(?:RMB|yuan|dollars|renminbi|US\s?dollars)\b|percent\b)|\s+(?=[\p{Latin}]))"
)
_VAGUE_RANGE = {"十": (10, 100), "百": (100, 1000), "千": (1000, 10**4), "万": (10**4, 10**5), "亿": (10**8, 10**9),
                "tens": (10, 100), "dozens": (12, 100), "hundreds": (100, 1000), "thousands": (1000, 10**4),
                "millions": (10**6, 10**7), "billions": (10**9, 10**10)}  # fmt: skip
_CHENG = re.compile(
    r"(?P<d>[一二两三四五六七八九])(?<![统单唯第同专划整归变合].)成"
    r"(?P<d2>[一二三四五六七八九](?![\u3400-\u9fff]))?(?![功为本立长熟员果交就型绩效都品份分不])"
)
_APPROX_CHENG = re.compile(r"(?:近|约|超过了?|将近|接近|不到|逾)$")


def _vague_figures(text: str, lowered: str, han: bool = True) -> list[Figure]:
    """Vague quantities and 成 (tenths), each pass run only where its cheap hint is found."""
    out: list[Figure] = []
    cn = han and _VAGUE_CN_HINT.search(text) is not None
    for m in _VAGUE_CN.finditer(text) if cn else ():
        a = _APPROX_CN_BEFORE.search(text, max(0, m.start() - 3), m.start())
        if m["w2"]:
            lo, hi = (11, 20) if m["w2"] == "几" else (10, 20)
        else:
            lo, hi = _VAGUE_RANGE[m["u"]]
        scale = _scale(m["sc"]) or 1.0
        tail = m["tail"] or ""
        unit: Unit = "count"
        currency, noun = None, None
        if tail == "倍":
            unit = "multiple"
        elif tail in ("个百分点", "%", "％"):
            unit = "percent"
        elif "元" in tail or "人民币" in tail or (m["u"] in "万亿" if m["u"] else False) or m["sc"]:
            unit, currency = "amount", _currency(tail, after=True) if tail else None
        elif tail:
            noun = tail
        else:
            continue  # 几十 on its own: too loose to compare
        end = m.end()
        start = a.start() if a else m.start()
        out.append(
            Figure(
                start,
                end,
                lo * scale,
                hi * scale,
                unit,
                currency,
                lo * scale,
                True,
                noun,
                text[start:end],
                vague=True,
                bound=bound_of(a.group()) if a else "",
            )
        )
    # each hint ends "s of": ``in`` rules most text out far faster than the scan
    hints = _VAGUE_EN_HINT.finditer(lowered) if "s of" in lowered else ()
    for vm in matches_at(_VAGUE_EN.match, text, (h.start() for h in hints)):
        lo, hi = _VAGUE_RANGE[vm["w"].lower()]
        scale = _VAGUE_RANGE[vm["sc"].lower()][0] if vm["sc"] else 1.0
        tail = (vm["tail"] or "").strip().lower()
        cur = _currency(tail, after=True) if tail not in ("times", "percent", "") else None
        unit = "multiple" if tail == "times" else "percent" if tail == "percent" else "amount" if cur else "count"
        noun = _noun_after(text, vm.end()) if unit == "count" else None
        if unit == "count" and not noun:
            continue
        end = vm.end() if tail else vm.end() - len(vm["tail"] or "")
        out.append(
            Figure(
                vm.start(),
                end,
                lo * scale,
                hi * scale,
                unit,
                cur,
                lo * scale,
                True,
                noun,
                text[vm.start() : end].strip(),
                vague=True,
            )
        )
    for m in _CHENG.finditer(text) if han and "成" in text else ():
        v = _CN_DIGITS[m["d"]] * 10 + (_CN_DIGITS[m["d2"]] if m["d2"] else 0)
        a = _APPROX_CHENG.search(text, max(0, m.start() - 3), m.start())
        start = a.start() if a else m.start()
        out.append(
            Figure(
                start,
                m.end(),
                float(v),
                None,
                "percent",
                None,
                1.0,
                a is not None,
                None,
                text[start : m.end()],
                bound=bound_of(a.group()) if a else "",
            )
        )
    return out


def _parse(text: str, han: bool) -> list[Figure]:
    out: list[Figure] = []
    lowered = lower_in_place(text)
    vague = _vague_figures(text, lowered, han)
    for m in _figure_matches(text, lowered):
        fig = _figure(text, m)
        if fig is not None and not any(v.start < fig.end and fig.start < v.end for v in vague):
            out.append(fig)
    out = sorted(out + vague, key=lambda f: f.start)
    taken = [(f.start, f.end) for f in out]  # in text order, not overlapping
    for sm in _SPELLED.finditer(lowered):  # "three verticals": spelled counts with a noun
        if sm.start() and _INSIDE_WORD.match(lowered, sm.start() - 1):
            continue
        k = bisect.bisect_right(taken, (sm.start(), math.inf)) - 1
        if k >= 0 and taken[k][0] <= sm.start() < taken[k][1]:
            continue
        noun = _noun_after(text, sm.end())
        if noun:
            out.append(
                Figure(sm.start(), sm.end(), float(_EN_WORDS[sm["w"]]), noun=noun, text=text[sm.start() : sm.end()])
            )
    return sorted(out, key=lambda f: f.start)


def _figure_starts(lowered: str) -> list[int]:
    """Every place a figure may start, in the lower-cased text, in order: ``_FIGURE`` has many
    optional parts before the number and is slow to try at every position, so it is tried only
    at these (a superset, each place found once: ``_FIGURE`` decides). Words count only where a
    word starts. Two scans, each starting with a character class: ``re`` then jumps from one
    character of the class to the next at C speed (a pattern that starts with a look-ahead or
    ``\\b`` is tried at every position, twice as slow). The two find different characters (a
    word starts with a letter), so no place is found twice."""
    chars = [m.start() for m in _FIGURE_START_CHAR.finditer(lowered)]
    words = [m.start() for m in _FIGURE_START_WORD.finditer(" " + lowered)]
    return sorted(chars + words) if words else chars


def _figure_matches(text: str, lowered: str) -> Iterator[regex.Match[str]]:
    """What ``_FIGURE.finditer(text)`` finds, tried only where :func:`_figure_starts` says one may start."""
    return matches_at(_FIGURE.match, text, _figure_starts(lowered))


_GROUPS = tuple(sorted(_FIGURE.groupindex, key=_FIGURE.groupindex.__getitem__))
"""The names of ``_FIGURE``'s groups in order; it has no unnamed group, so
``dict(zip(_GROUPS, m.groups()))`` is ``m.groupdict()`` (``regex`` builds that four times
slower)."""


def _figure(text: str, m: regex.Match[str]) -> Figure | None:
    g = dict(zip(_GROUPS, m.groups(), strict=True))  # read some forty times: a dict answers faster than the match
    n1 = g["n1"]
    n1_start = m.start("n1")
    # approx, neg, cur and pct_cn come first, each optional and never empty: the first one
    # there (or n1) is where the match starts
    start, end = m.span()
    if _is_not_a_figure(text, m, g, n1_start):
        return None
    scale = _scale(g["sc"])
    if g["sc"] and len(g["sc"].strip()) == 1 and g["sc"].strip().isascii() and not (g["cur"] or g["cur_a"]):
        return None  # "0.010K", "3M": a one-letter scale counts only after a currency ("$3.2B")
    if scale is None and g["n2"] is None and g["neg"] == "-" and not g["cur"]:
        start = n1_start  # "2021-2022" style hyphen: not a sign
    v1, step1 = _value(n1)
    if v1 is None:
        return None
    high = None
    if g["n2"]:
        v2, step2 = _value(g["n2"])
        if v2 is None:
            return None
        n2 = "".join(g["n2"].split())
        tail = "万亿" if n2.endswith("万亿") else n2[-1] if n2[-1] in "万亿" else ""
        if tail and not _big_scale(n1):  # 二十到三十万: the scale of the upper end is the lower end's too
            v1, step1 = v1 * _scale(tail), step1 * _scale(tail)  # type: ignore[operator]
        if g["rng"].strip().lower() == "and" and not _BETWEEN.search(text[max(0, start - 9) : start]):
            return _figure_single(text, m, v1, step1, scale)  # "1 and 1" is not a range
        if g["rng"].strip() in "-–—" and scale is None and not g["pct"] and not g["cur"]:
            if _is_year(g["n1"]) or _is_year(g["n2"]):
                return None  # 2021-2022
        high = v2 * (scale or 1)
        step1 = min(step1, step2)
    unit: Unit = "count"
    currency = _currency(g["cur"]) or _currency(g["cur2"]) or _currency(g["cur_a"], after=True)
    if g["cur"] and g["cur_a"] and _currency(g["cur_a"], after=True) not in (None, currency):
        currency = None  # "$28.8 million RMB": the transcript contradicts itself
    if g["pct"] or g["pct_cn"] or g["pct0"]:
        unit = "percent"
    elif g["mult"] and not (currency or g["sc"]):
        unit = "multiple"
    elif g["bp"]:
        unit = "bp"
    elif currency or (scale or 0) >= 1000 or _big_scale(n1) or _big_scale(g["n2"] or ""):
        unit = "amount"
        if not currency and not g["sc"] or g["sc"] and not currency and not g["sc"].strip().isascii():
            if _cjk_noun_after(text, end):
                unit = "count"  # 1.8万台: a count of vehicles, in 万
    if unit == "count" and g["n1"].isdigit() and _is_year(g["n1"]) and not g["n2"]:
        return None
    if unit == "count" and _LETTERS.fullmatch(g["n1"]) and not g["sc"]:
        return None  # "a", "one" alone: the spelled pass decides
    value = v1 * (scale or 1)
    neg = bool(g["neg"]) and not (g["neg"] == "-" and start == n1_start)
    if neg:
        value, high = -value, (-high if high is not None else None)
    noun = _noun_after(text, end) if unit == "count" else None
    if unit == "count" and not noun and g["cur_a"] is None:
        noun = _cjk_noun_after(text, end)
    approx = bool(g["approx"]) or bool(g["more"]) or bool(g["approx2"])
    bound = bound_of(g["approx"] or g["more"] or g["approx2"])
    return Figure(
        start,
        end,
        value,
        high,
        unit,
        currency,
        step1 * (scale or 1),
        approx,
        noun,
        text[start:end].strip(),
        bound=bound,
    )


def _figure_single(text: str, m: regex.Match[str], v1: float, step1: float, scale: float | None) -> Figure | None:
    """The first number of "1 and 1" alone (a range pattern that was not one)."""
    if scale is None and not m["cur"] and not m["pct_cn"]:
        return None
    unit: Unit = "percent" if m["pct_cn"] else "amount"
    start = m.start("cur") if m["cur"] else m.start("n1")
    return Figure(
        start,
        m.end("n1"),
        v1,
        None,
        unit,
        _currency(m["cur"]),
        step1,
        bool(m["approx"]),
        None,
        text[start : m.end("n1")],
    )


def _is_not_a_figure(text: str, m: regex.Match[str], g: dict[str, Any], s: int) -> bool:
    """Whether the match (``g``: its groups; ``s``: where n1 starts) is no figure: a label,
    an ordinal, a version, a date, a time."""
    if s > 0 and (
        text[s - 1].isalpha() and text[s - 1].isascii() or text[s - 1] in "-./:#" and s > 1 and text[s - 2].isalnum()
    ):
        if not (g["cur"] or g["neg"] or g["pct_cn"]):
            return True  # GPT-3.5, Q4, 21E, 3/29, 10:30
    if g["neg"] == "-" and m.start("neg") > 0 and text[m.start("neg") - 1].isalnum():
        return True  # GPT-3.5, COVID-19
    if g["n1"] in _CN_NUMERALS and not (g["sc"] or g["cur_a"] or g["pct_cn"] or g["n2"] or g["mult"]):
        return not _cjk_noun_after(text, m.end())  # a lone 一 is mostly part of a word (一起, 统一)
    e = m.end("n2") if g["n2"] else m.end("n1")
    if e < len(text) and (
        text[e] in "/:"
        or (
            text[e].isascii()
            and text[e].isalpha()
            and not g["sc"]
            and not g["pct"]
            and not g["bp"]
            and not g["cur_a"]
            and not g["mult"]
        )
    ):
        return True  # 7th, 4Q, 3/29
    if _LABEL_BEFORE.search(text[max(0, s - 12) : s]):
        return True
    n1_end = s + len(g["n1"])
    if _ORDINAL_AFTER.match(text[n1_end : n1_end + 4]):
        return True
    return False


_OVER = frozenset(
    "over|more than|above|exceeding|in excess of|upwards of|well over|at least|超过|超过了|超|超了|逾|以上|之多|多|余".split(
        "|"
    )
)
_UNDER = frozenset(
    "nearly|almost|close to|up to|less than|below|under|近|将近|接近|不到|不足|以下|以内|之内".split("|")
)


def bound_of(word: str | None) -> str:
    """``over``, ``under`` or ``about`` for an approximate word, "" for none."""
    if not word:
        return ""
    w = " ".join(word.lower().split())
    w = "".join(w.split()) if not w.isascii() else w
    return "over" if w in _OVER else "under" if w in _UNDER else "about"


def _big_scale(number: str) -> bool:
    """Whether a number is written with 万 or 亿 in it."""
    return "万" in number or "亿" in number


def _is_year(digits: str) -> bool:
    return digits.isdigit() and len(digits) == 4 and 1900 <= int(digits) <= 2100


def _scale(word: str | None) -> float | None:
    if not word:
        return None
    w = "".join(word.split()).lower()
    if w == "万亿":
        return 1e12
    if w in ("亿", "万", "千", "百"):
        return {"亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}[w]
    return _EN_SCALES.get(w)


def _currency(word: str | None, *, after: bool = False) -> str | None:
    if not word:
        return None
    w = word.split()[0].lower() if not after else "".join(word.split()).lower()
    if not after and w not in _CURRENCY_BEFORE:  # "RMB$1.35": the first symbol decides
        w = next((c for c in sorted(_CURRENCY_BEFORE, key=len, reverse=True) if w.startswith(c)), w)
    return (_CURRENCY_AFTER if after else _CURRENCY_BEFORE).get(w)


def _value(token: str) -> tuple[float | None, float]:
    """A number token's value and the step of its last digit."""
    t = "".join(token.split())
    low = t.lower()
    if low in _EN_WORDS or low.replace(" ", "") == "halfa":
        return float(_EN_WORDS.get(low, 0.5)), 1.0
    if _DIGITS_ONLY.fullmatch(t):
        digits = t.replace(",", "")
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return float(digits), 10.0**-decimals
    if _DIGIT.search(t):
        return None, 1.0
    return _chinese_value(t)


def _chinese_value(t: str) -> tuple[float | None, float]:
    """Chinese numerals: "一百六十九" 169, "十三点五" 13.5, "三万五千" 35000, "两亿" 2e8."""
    if all(c in _CN_BIG for c in t):
        return None, 1.0  # 亿元 with no numeral (its digits cut off by the transcript): no figure
    if "点" in t:
        whole, _, frac = t.partition("点")
        mult = 1.0
        while frac and frac[-1] in _CN_BIG:  # 十三点五亿: the scale applies to the whole number
            mult, frac = mult * _CN_BIG[frac[-1]], frac[:-1]
        if mult != 1.0:
            v, step = _chinese_value(whole + "点" + frac)
            return (None, 1.0) if v is None else (v * mult, step * mult)
        w, _ = _chinese_value(whole) if whole else (0.0, 1.0)
        if w is None or not frac or any(c not in _CN_DIGITS for c in frac):
            return None, 1.0
        digits = "".join(str(_CN_DIGITS[c]) for c in frac)
        return w + float("0." + digits), 10.0 ** -len(digits)
    total, section, digit = 0.0, 0.0, None
    last_unit, zero = 1.0, False
    for k, c in enumerate(t):
        if c in _CN_DIGITS and k and t[k - 1] in _CN_DIGITS and _CN_DIGITS[c] and _CN_DIGITS[t[k - 1]]:
            return None, 1.0  # 三两 ("two or three"), 二〇二二 (a year), 一二三: not one figure
        if c in _CN_DIGITS:
            zero = zero or _CN_DIGITS[c] == 0
            digit = _CN_DIGITS[c] if digit is None else digit * 10 + _CN_DIGITS[c]
        elif c in _CN_SMALL:
            section += (1 if digit is None else digit) * _CN_SMALL[c]
            last_unit, digit, zero = _CN_SMALL[c], None, False
        elif c in _CN_BIG:
            section += digit or 0
            total = (
                (total + section) * _CN_BIG[c]
                if _CN_BIG[c] > 10**4 and total < _CN_BIG[c]
                else total + section * _CN_BIG[c]
            )
            last_unit, section, digit, zero = _CN_BIG[c], 0.0, None, False
        else:
            return None, 1.0
    if digit is not None:
        if last_unit >= 100 and digit < 10 and section + total > 0 and not zero:
            section += digit * last_unit / 10  # 两千五 = 2500
            return total + section, last_unit / 10
        section += digit
        last_unit = 1.0
    # 两亿 is said to the 亿 (like "2 billion"); 二十 and 两千 are as exact as "20" and "2,000"
    return total + section, last_unit if last_unit >= 10**4 and t[-1] not in _CN_DIGITS else 1.0


def _noun_after(text: str, end: int) -> str | None:
    """The head of the noun phrase a count counts: "11 segmented industries" -> "industry"."""
    m = _NOUN_AFTER.match(text, end)
    if not m:
        return None
    words = m.group().split()
    head = None
    for w in words:
        lw = w.lower().strip("-")
        if lw in _STOP_AFTER or not lw:
            break
        head = lw
    return singular(head) if head and len(head) > 1 else None


def _cjk_noun_after(text: str, end: int) -> str | None:
    m = _CN_MEASURE.match(text[end : end + 3])
    return m.group(1) if m else None


def singular(word: str) -> str:
    """A crude English singular, enough to match "industries" with "industry"."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


Verdict = Literal["same", "cut", "changed", "apart"]


def _family(f: Figure) -> str:
    return (
        "percent"
        if f.unit == "percent"
        else "bp"
        if f.unit == "bp"
        else "multiple"
        if f.unit == "multiple"
        else "number"
    )


def verdict(a: Figure, b: Figure, params: Numbers = NUMBERS) -> Verdict:
    """How figure ``b`` renders figure ``a`` (the rule of the number checks, symmetric).

    - ``same``: equal after rounding to the coarser precision spoken (``params.rounding``
      steps: 13.28 -> 13.3, 168.5 -> 169 million), within ``params.approx_rel`` of the value
      when either side has an approximate word ("about", 约, 超过; but two bounds of one
      direction, 超过15% and "over 16%", are held to rounding), inside the span of a
      vague quantity (数十倍 and "dozens of times"), or multiples one apart (增长2倍 / "3 times");
    - ``cut``: off by more than rounding but less than ``params.cut_steps`` steps: the value
      truncated or rounded the wrong way (13.28 -> 13.2);
    - ``changed``: further apart (15% -> 16%, 50 -> 60 times, 1.69 billion -> 169 million);
    - ``apart``: not comparable (a percentage against a count, a range against one value).
    """
    if _family(a) != _family(b):
        return "apart"
    if a.vague or b.vague:
        lo_a, hi_a = a.value, a.high if a.high is not None else a.value
        lo_b, hi_b = b.value, b.high if b.high is not None else b.value
        r = params.approx_rel
        overlap = lo_a <= hi_b + r * max(abs(lo_a), abs(hi_b)) and lo_b <= hi_a + r * max(abs(lo_b), abs(hi_a))
        return "same" if overlap else "changed"
    if (a.high is None) != (b.high is None):
        return "apart"
    step = max(a.step, b.step)
    tol = params.rounding * step * 1.0001
    if (a.approx or b.approx) and not (a.bound == b.bound and a.bound in ("over", "under")):
        tol = max(tol, params.approx_rel * max(abs(a.value), abs(b.value)))
    worst = max(abs(a.value - b.value), abs(a.high - b.high) if a.high is not None and b.high is not None else 0.0)
    if worst <= tol or math.isclose(a.value, b.value, rel_tol=1e-9) and worst == abs(a.value - b.value):
        return "same"
    if a.unit == "multiple" and params.multiple_off_by_one and a.high is None and abs(worst - 1.0) <= tol:
        return "same"
    if worst < params.cut_steps * step * 0.9999 and not (a.approx or b.approx):
        return "cut"
    return "changed"


def same_value(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` can be the same figure (:func:`verdict` says ``same``)."""
    return verdict(a, b) == "same"


def digit_slip(a: Figure, b: Figure) -> bool:
    """True when the two values have the same digits in another order (26.4% against 24.6%)."""
    if a.high is not None or b.high is not None or a.value == b.value:
        return False
    da, db = f"{abs(a.value):.6g}".replace(".", ""), f"{abs(b.value):.6g}".replace(".", "")
    return len(da) > 1 and sorted(da) == sorted(db)


def teen_ty_slip(a: Figure, b: Figure) -> bool:
    """True when one figure is a misheard -teen/-ty of the other: 17 (or 17.1) against 70."""
    if a.high is not None or b.high is not None or _family(a) != _family(b):
        return False
    x, y = sorted((abs(a.value), abs(b.value)))
    return 13 <= x < 20 and y == (int(x) - 10) * 10


def scale_slip(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` have the same digits at a different power of ten (亿 read as billion)."""
    if a.value == 0 or b.value == 0 or (a.value < 0) != (b.value < 0) or a.unit != b.unit:
        return False
    k = round(math.log10(abs(a.value) / abs(b.value)))
    if k == 0:
        return False
    f = 10.0**k
    high = None if b.high is None else b.high * f
    # positional construction, not ``dataclasses.replace``: this runs for most pairs of figures
    moved = Figure(
        b.start, b.end, b.value * f, high, b.unit, b.currency, b.step * f, b.approx, b.noun, b.text, b.vague, b.bound
    )
    return same_value(a, moved)
