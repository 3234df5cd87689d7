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
from typing import Literal

import regex

from .features import lower_in_place

Unit = Literal["amount", "percent", "bp", "count"]
"""``amount``: money or a scaled quantity; ``count``: a bare number (often with a noun)."""

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}
_EN_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "mm": 1e6, "m": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
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
_WORD_NUM = r"(?:half\ a|an?|" + "|".join(sorted((w for w in _EN_WORDS if " " not in w and len(w) > 2), key=len, reverse=True)) + r")"
_NUM = rf"(?:{_AR_NUM}|{_CN_NUM})"
_EN_SCALE = r"(?:hundred|thousand|million|billion|trillion|mn|mm|bn|tn|[kKmMbB](?![\p{L}\d]))"
_CN_SCALE = r"(?:万亿|亿|万|千|百)"
_SCALE = rf"(?:{_S}(?:{_EN_SCALE})|{_S}{_CN_SCALE})"
_CUR_B = r"(?:US\$|HK\$|RMB|CNY|USD|HKD|EUR|人民币|[$¥￥€£])"
_CUR_A = r"(?:元人民币|人民币|元|美元|港元|港币|RMB|yuan|renminbi|dollars?|USD|HKD)"
_PCT = r"(?:%|％|\ ?percent(?:age\ points?)?|\ ?per\ cent|\ ?pp(?![\p{L}]))"
_BP = r"(?:\ ?basis\ points?|\ ?bps?(?![\p{L}]))"
_RANGE = r"(?:\ ?(?:-|–|—|~|～|到|至)\ ?|\ (?:to|and)\ )"
_APPROX_BEFORE = (
    r"(?:about|around|approximately|approx\.|roughly|nearly|almost|over|more\ than|less\ than|some|close\ to"
    r"|up\ to|at\ least|约|大约|近|超过|将近|大概)"
)
_FIGURE = regex.compile(
    rf"""
    (?P<approx>{_APPROX_BEFORE}{_S})?
    (?P<neg>negative\ |minus\ |负{_S}|-|−)?
    (?P<cur>(?:{_CUR_B}{_S}){{1,2}})?
    (?P<pct_cn>百分之{_S})?
    (?P<n1>{_NUM}|(?<![\p{{L}}])(?i:{_WORD_NUM})(?=\ (?i:{_EN_SCALE}|hundred|percent)))
    (?:(?P<rng>{_RANGE})(?P<cur2>{_CUR_B}{_S})?(?P<pct_cn2>百分之{_S})?(?P<n2>{_NUM})(?P<sc1>)(?P<pct1>))?
    (?P<sc>{_SCALE})?
    (?P<more>多|余)?
    (?P<cur_a>{_S}{_CUR_A}(?![\p{{L}}]))?
    (?P<pct>{_PCT})?
    (?P<bp>{_BP})?
    """,
    regex.VERBOSE | regex.IGNORECASE,
)
_FIGURE_START = re.compile(
    r"(?=[\d\-−$¥￥€£零〇一二两三四五六七八九十百千万亿负约大近超将人]|\.\d"
    r"|about|around|approx|roughly|nearly|almost|over|more\ than|less\ than|some|close\ to|up\ to|at\ least"
    r"|negative|minus|us\$|hk\$|rmb|cny|usd|hkd|eur"
    r"|(?:half\ a|an?|" + "|".join(w for w in _EN_WORDS if w.isalpha() and len(w) > 2) + r")"
    r"(?=\ (?:hundred|thousand|million|billion|trillion|percent|mn|mm|bn|tn|[kmb])))"
)
"""Every place a figure may start, in the lower-cased text: ``_FIGURE`` has many optional
parts before the number and is slow to try at every position; the stdlib ``re`` finds these
fast (a superset, each place found once: ``_FIGURE`` decides)."""
_SPELLED = re.compile(
    r"(?<![^\W\d_])(?<!-)(?P<w>"
    + "|".join(k for k in _EN_WORDS if k.isalpha() and len(k) > 2 and k != "hundred")
    + r")(?![^\W\d_])(?!-)"
)
"""Spelled numbers ("three"), not inside a word or a hyphenated one, in the lower-cased text."""
_BETWEEN = regex.compile(r"between\s*$", regex.I)
_CN_BIG_SCALE = regex.compile(r"[万亿]")
_LETTERS = regex.compile(r"[a-z]+", regex.I)
_CN_NUMERAL = regex.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_LABEL_BEFORE = regex.compile(r"(?i)(?:\bstar|\bsection|\bpage|\bno\.|\bitem|\bphase|\bq|\bpress|\bextension)\s*$")
"""A number after these is a label ("press star 1", "Phase 2"), not a figure."""
_ORDINAL_AFTER = regex.compile(r"(?i)\s*(?:st|nd|rd|th)\b")
_DIGITS_ONLY = regex.compile(r"[\d,]*\.?\d+")
_DIGIT = regex.compile(r"\d")
_CN_MEASURE = regex.compile(r"\s?([个家位名款项座倍])")
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
    noun: str | None = None
    """The noun a count counts ("industries"), singular, lower case."""
    text: str = ""

    def describe(self) -> str:
        """The figure as text for messages ("RMB 169,000,000", "7.9%")."""
        def fmt(v: float) -> str:
            return f"{v:,.6g}" if abs(v) < 1e6 else f"{v / 1e6:,.6g} million"
        body = fmt(self.value) + (f" to {fmt(self.high)}" if self.high is not None else "")
        if self.unit == "percent":
            return body + "%"
        if self.unit == "bp":
            return body + " bp"
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
    phone-menu digits ("press star 1") are not figures and are skipped.
    """
    out: list[Figure] = []
    lowered = lower_in_place(text)
    for m in _figure_matches(text, lowered):
        fig = _figure(text, m)
        if fig is not None:
            out.append(fig)
    taken = [(f.start, f.end) for f in out]  # in text order, not overlapping
    for m in _SPELLED.finditer(lowered):  # "three verticals": spelled counts with a noun
        k = bisect.bisect_right(taken, (m.start(), math.inf)) - 1
        if k >= 0 and taken[k][0] <= m.start() < taken[k][1]:
            continue
        noun = _noun_after(text, m.end())
        if noun:
            out.append(Figure(m.start(), m.end(), float(_EN_WORDS[m["w"]]), noun=noun, text=text[m.start() : m.end()]))
    return sorted(out, key=lambda f: f.start)


def _figure_matches(text: str, lowered: str) -> Iterator[regex.Match]:
    """What ``_FIGURE.finditer(text)`` finds, tried only where ``_FIGURE_START`` says one may start."""
    done = 0
    for c in _FIGURE_START.finditer(lowered):
        if c.start() < done:
            continue
        m = _FIGURE.match(text, c.start())
        if m is not None:
            done = m.end()
            yield m


def _figure(text: str, m: regex.Match) -> Figure | None:
    n1 = m["n1"]
    start = m.start("neg") if m["neg"] else m.start("cur") if m["cur"] else m.start("pct_cn") if m["pct_cn"] else m.start("n1")
    if m["approx"]:
        start = m.start("approx")
    end = m.end()
    before = text[max(0, m.start("n1") - 12) : m.start("n1")]
    after = text[m.end("n1") : m.end("n1") + 3]
    if _is_not_a_figure(text, m, before, after):
        return None
    scale = _scale(m["sc"])
    if m["sc"] and len(m["sc"].strip()) == 1 and m["sc"].strip().isascii() and not (m["cur"] or m["cur_a"]):
        return None  # "0.010K", "3M": a one-letter scale counts only after a currency ("$3.2B")
    if scale is None and m["n2"] is None and m["neg"] == "-" and not m["cur"]:
        start = m.start("n1")  # "2021-2022" style hyphen: not a sign
    v1, step1 = _value(n1)
    if v1 is None:
        return None
    high = None
    if m["n2"]:
        v2, step2 = _value(m["n2"])
        if v2 is None:
            return None
        if m["rng"].strip().lower() == "and" and not _BETWEEN.search(text[max(0, start - 9) : start]):
            return _figure_single(text, m, v1, step1, scale)  # "1 and 1" is not a range
        if m["rng"].strip() in "-–—" and scale is None and not m["pct"] and not m["cur"]:
            if _is_year(m["n1"]) or _is_year(m["n2"]):
                return None  # 2021-2022
        high = v2 * (scale or 1)
        step1 = min(step1, step2)
    unit: Unit = "count"
    currency = _currency(m["cur"]) or _currency(m["cur2"]) or _currency(m["cur_a"], after=True)
    if m["cur"] and m["cur_a"] and _currency(m["cur_a"], after=True) not in (None, currency):
        currency = None  # "$28.8 million RMB": the transcript contradicts itself
    if m["pct"] or m["pct_cn"]:
        unit = "percent"
    elif m["bp"]:
        unit = "bp"
    elif currency or (scale or 0) >= 1000 or _CN_BIG_SCALE.search(n1):
        unit = "amount"
    if unit == "count" and m["n1"].isdigit() and _is_year(m["n1"]) and not m["n2"]:
        return None
    if unit == "count" and _LETTERS.fullmatch(m["n1"]) and not m["sc"]:
        return None  # "a", "one" alone: the spelled pass decides
    value = v1 * (scale or 1)
    neg = bool(m["neg"]) and not (m["neg"] == "-" and start == m.start("n1"))
    if neg:
        value, high = -value, (-high if high is not None else None)
    noun = _noun_after(text, end) if unit == "count" else None
    if unit == "count" and not noun and m["cur_a"] is None:
        noun = _cjk_noun_after(text, end)
    approx = bool(m["approx"]) or bool(m["more"])
    return Figure(start, end, value, high, unit, currency, step1 * (scale or 1), approx, noun, text[start:end].strip())


def _figure_single(text: str, m: regex.Match, v1: float, step1: float, scale: float | None) -> Figure | None:
    """The first number of "1 and 1" alone (a range pattern that was not one)."""
    if scale is None and not m["cur"] and not m["pct_cn"]:
        return None
    unit: Unit = "percent" if m["pct_cn"] else "amount"
    start = m.start("cur") if m["cur"] else m.start("n1")
    return Figure(start, m.end("n1"), v1, None, unit, _currency(m["cur"]), step1, bool(m["approx"]), None, text[start : m.end("n1")])


def _is_not_a_figure(text: str, m: regex.Match, before: str, after: str) -> bool:
    s = m.start("n1")
    if s > 0 and (text[s - 1].isalpha() and text[s - 1].isascii() or text[s - 1] in "-./:#" and s > 1 and text[s - 2].isalnum()):
        if not (m["cur"] or m["neg"] or m["pct_cn"]):
            return True  # GPT-3.5, Q4, 21E, 3/29, 10:30
    if m["neg"] == "-" and m.start("neg") > 0 and text[m.start("neg") - 1].isalnum():
        return True  # GPT-3.5, COVID-19
    if _CN_NUMERAL.fullmatch(m["n1"]) and not (m["sc"] or m["cur_a"] or m["pct_cn"] or m["n2"]):
        return not _cjk_noun_after(text, m.end())  # a lone 一 is mostly part of a word (一起, 统一)
    e = m.end("n2") if m["n2"] else m.end("n1")
    if e < len(text) and (text[e] in "/:" or (text[e].isascii() and text[e].isalpha() and not m["sc"] and not m["pct"] and not m["bp"] and not m["cur_a"])):
        return True  # 7th, 4Q, 3/29
    if _LABEL_BEFORE.search(before):
        return True
    if _ORDINAL_AFTER.match(after):
        return True
    return False


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
            total = (total + section) * _CN_BIG[c] if _CN_BIG[c] > 10**4 and total < _CN_BIG[c] else total + section * _CN_BIG[c]
            last_unit, section, digit, zero = _CN_BIG[c], 0.0, None, False
        else:
            return None, 1.0
    if digit is not None:
        if last_unit >= 100 and digit < 10 and section + total > 0 and not zero:
            section += digit * last_unit / 10  # 两千五 = 2500
            return total + section, last_unit / 10
        section += digit
        last_unit = 1.0
    return total + section, last_unit if last_unit > 1 and t[-1] not in _CN_DIGITS else 1.0


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


def same_value(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` can be the same figure, rounded to the precision spoken.

    The coarser of the two precisions decides ("RMB 169 million" equals 168.5 million);
    an approximate figure ("about 600 million") is allowed 2% more.
    """
    if (a.unit == "percent") != (b.unit == "percent") or (a.unit == "bp") != (b.unit == "bp"):
        return False
    if (a.high is None) != (b.high is None):
        return False
    tol = max(a.step, b.step) / 2 * 1.0001
    if a.approx or b.approx:
        tol = max(tol, 0.02 * max(abs(a.value), abs(b.value)))
    if not math.isclose(a.value, b.value, abs_tol=tol) and abs(a.value - b.value) > tol:
        return False
    if a.high is not None and b.high is not None and abs(a.high - b.high) > tol:
        return False
    return True


def scale_slip(a: Figure, b: Figure) -> bool:
    """True when ``a`` and ``b`` have the same digits at a different power of ten (亿 read as billion)."""
    if a.value == 0 or b.value == 0 or (a.value < 0) != (b.value < 0) or a.unit != b.unit:
        return False
    k = round(math.log10(abs(a.value) / abs(b.value)))
    if k == 0:
        return False
    f = 10.0**k
    moved = replace(b, value=b.value * f, high=None if b.high is None else b.high * f, step=b.step * f)
    return same_value(a, moved)
