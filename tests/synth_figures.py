"""Planted figure conflicts: pairs of an original remark and its interpretation, with one
figure changed (or rendered faithfully in another form), for measuring the number checks.

    from synth_figures import KINDS, generate, as_result

Every pair holds one *subject* figure of a kind of change and up to three distractor figures
that agree (of the subject's own kind too); the interpreter sometimes reorders the sentences
(one pair in five) or leaves a distractor out (one in seven). The original is raw Chinese (``zh``), Chinese written one character apart
(``spaced``) or the machine's word-by-word English (``mt``); the interpretation is fluent
English. A conflicting pair changes the subject the way interpreters do; an agreeing pair
renders it in another form (``16.9亿`` as "RMB 1.69 billion", 13.28 billion as "13.3 billion",
``数十倍`` as "dozens of times").

Kinds of change:

- ``percent``: 15% against 16% (``百分之十五``, ``三成``, "15 percent");
- ``multiple``: 50倍 against "60 times";
- ``yi_decimal``: 132.8亿 against "RMB 13.8 billion" (changed), "13.2 billion" (cut: a
  warning), "1.328 billion" (亿 read as ten million);
- ``range``: 三到十倍 against "3 to 12 times";
- ``approx``: 超过15% against "over 16%", 约16.9亿 against "about RMB 1.2 billion",
  数十倍 against "5 times".

All text is invented here; nothing comes from a real call.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from bitranscript.model import Pair, Result, Segment

KINDS = ("percent", "multiple", "yi_decimal", "range", "approx")
SOURCES = ("zh", "spaced", "mt")

_DIGITS = "零一二三四五六七八九"


def zh_int(n: int) -> str:
    """Chinese numerals for 0 <= n < 10^12 ("一百三十二", "十五", "三万五千")."""
    if n == 0:
        return "零"

    def small(x: int, lead: bool) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, unit)
            if d:
                if zero and out:
                    out += "零"
                out += ("" if (d == 1 and unit == 10 and not out and lead) else _DIGITS[d]) + name
                zero = False
            elif out:
                zero = True
        return out

    out = ""
    for unit, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if out and d < 1000:
                out += "零"
            out += small(d, not out) + name
    return out


def zh_num(x: float, decimals: int) -> str:
    """Chinese numerals with a decimal part ("一百三十二点八")."""
    whole = int(x)
    text = zh_int(whole)
    if decimals:
        frac = f"{x:.{decimals}f}".split(".")[1]
        text += "点" + "".join(_DIGITS[int(c)] for c in frac)
    return text


def spaced(text: str) -> str:
    """Every character one space apart, as some vendors transcribe Chinese."""
    return " ".join(c for c in text if c != " ")


def fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


@dataclass(frozen=True)
class FigurePair:
    kind: str
    source: str
    """``zh``, ``spaced`` or ``mt``."""
    original: str
    interpretation: str
    conflict: bool
    severity: str | None
    """``error`` for a changed figure, ``warning`` for a cut one, None when they agree."""
    subject: tuple[tuple[int, int], tuple[int, int]]
    """Where the subject figure is: (start, end) in the original, (start, end) in the interpretation."""


_ZH_METRICS = [("收入", "revenue"), ("毛利", "gross profit"), ("海外收入", "overseas revenue"), ("研发投入", "R&D investment"),
               ("经营现金流", "operating cash flow"), ("云服务收入", "cloud revenue"), ("广告收入", "advertising revenue")]  # fmt: skip
_ZH_RATES = [("同比增长", "grew", "year over year"), ("环比增长", "increased", "quarter over quarter"),
             ("毛利率达到", "gross margin reached", ""), ("渗透率达到", "penetration reached", "")]  # fmt: skip
_ZH_GAINS = [("效率提升了", "efficiency improved by", ""), ("算力提高了", "computing power rose by", ""),
             ("用户规模扩大了", "the user base expanded by", "")]  # fmt: skip
_FILLER_ZH = ["那么", "我们看到", "总的来说", "另外", "同时"]
_FILLER_EN = ["So", "We see that", "Overall,", "In addition,", "At the same time,"]


class _Builder:
    """Sentences of both sides, figure by figure; assembled with the subject's spans kept,
    the interpretation's sentences possibly reordered and distractors dropped."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[str, str, str, str, str, str, bool, bool]] = []

    def add(self, orig_before: str, orig_fig: str, orig_after: str, en_before: str, en_fig: str, en_after: str,
            subject: bool = False, figure: bool = False) -> None:  # fmt: skip
        self.items.append((orig_before, orig_fig, orig_after, en_before, en_fig, en_after, subject, figure or subject))

    def texts(self, rng: random.Random | None = None) -> tuple[str, str, tuple[int, int], tuple[int, int]]:
        o, so = "", (0, 0)
        for ob, of, oa, _, _, _, subject, _ in self.items:
            sep = " " if self.source == "mt" and o else ""
            if subject:
                so = (len(o) + len(sep) + len(ob), len(o) + len(sep) + len(ob) + len(of))
            o += sep + ob + of + oa
        order = list(range(len(self.items)))
        if rng is not None and rng.random() < 0.2:  # the interpreter reorders the remark
            rng.shuffle(order)
        drop = -1
        if rng is not None and rng.random() < 0.15:  # ... or leaves a figure out
            others = [k for k in order if self.items[k][7] and not self.items[k][6]]
            drop = rng.choice(others) if others else -1
        e, se = "", (0, 0)
        for k in order:
            _, _, _, eb, ef, ea, subject, _ = self.items[k]
            if k == drop:
                continue
            sep = " " if e else ""
            if subject:
                se = (len(e) + len(sep) + len(eb), len(e) + len(sep) + len(eb) + len(ef))
            e += sep + eb + ef + ea
        if self.source == "spaced":  # map the subject's span into the spaced text
            out, where = [], {}
            for k, c in enumerate(o):
                if c == " ":
                    continue
                if out:
                    out.append(" ")
                where[k] = len("".join(out))
                out.append(c)
            so = (where[so[0]], where[so[1] - 1] + 1)
            o = "".join(out)
        return o, e, so, se


def _distractor(rng: random.Random, b: _Builder) -> None:
    """A figure that agrees: an amount in 亿 or a count of customers or stores."""
    zh_metric, en_metric = rng.choice(_ZH_METRICS)
    if rng.random() < 0.5:
        v = rng.randint(12, 980) / 10  # in 亿
        zh_fig = f"{v:.1f}亿元" if b.source == "zh" or rng.random() < 0.5 else zh_num(v, 1) + "亿元"
        if b.source == "mt":
            zh_fig = f"{v / 10:.2f} billion yuan"
        en_fig = f"RMB {v / 10:.2f} billion" if rng.random() < 0.5 else f"RMB {v * 100:,.0f} million"
        if b.source == "mt":
            b.add(f"{en_metric} reach ", zh_fig, ".", f"{en_metric.capitalize()} was ", en_fig, ".", figure=True)
        else:
            b.add(f"{zh_metric}达到", zh_fig, "。", f"{en_metric.capitalize()} was ", en_fig, ".", figure=True)
    else:
        n = rng.randint(3, 900)
        noun_zh, noun_en = rng.choice([("家客户", "customers"), ("家门店", "stores"), ("个城市", "cities")])
        if b.source == "mt":
            b.add("we cover ", f"{n} {noun_en}", ".", "We now serve ", f"{n} {noun_en}", ".", figure=True)
        else:
            zh_fig = (str(n) if rng.random() < 0.5 else zh_int(n)) + noun_zh
            b.add("我们覆盖了", zh_fig, "。", "We now serve ", f"{n} {noun_en}", ".", figure=True)


def _same_kind_distractor(rng: random.Random, b: _Builder, kind: str) -> None:
    """A figure of the subject's own kind that agrees: a percentage or a multiple."""
    if kind in ("multiple",) or (kind == "range" and rng.random() < 0.5):
        v = rng.randint(2, 40)
        o = f"{v} times" if b.source == "mt" else rng.choice([f"{v}倍", zh_int(v) + "倍"])
        before = "the speed raise " if b.source == "mt" else "速度提升了"
        b.add(
            before,
            o,
            "." if b.source == "mt" else "。",
            "Speed rose ",
            rng.choice([f"{v} times", f"{v}-fold"]),
            ".",
            figure=True,
        )
    else:
        v = rng.randint(5, 95) + rng.choice([0, 0.5])
        d = 1 if v % 1 else 0
        o = f"{fmt(v, d)}%" if b.source == "mt" or rng.random() < 0.5 else f"百分之{zh_num(v, d)}"
        before = "the net profit rate is " if b.source == "mt" else "净利率为"
        b.add(before, o, "." if b.source == "mt" else "。", "Net margin was ", f"{fmt(v, d)}%", ".", figure=True)


def _percent(rng: random.Random, b: _Builder, conflict: bool) -> str | None:
    decimals = rng.choice([0, 0, 1])
    v = rng.randint(20, 950) / 10 if decimals else float(rng.randint(2, 95))
    zh_verb, en_verb, en_tail = rng.choice(_ZH_RATES)
    severity = None
    w = v
    if conflict:
        severity = "error"
        step = 10**-decimals
        w = round(
            v
            + rng.choice([-1, 1])
            * rng.choice([1, 2, 3, 5, 10])
            * step
            * (10 if decimals and rng.random() < 0.5 else 1),
            decimals,
        )
        if w <= 0:
            w = round(v + step * 2, decimals)
        if decimals and rng.random() < 0.3 and len(fmt(v, 1).replace(".", "")) >= 3:  # 26.4 -> 24.6
            digits = fmt(v, 1).replace(".", "")
            swapped = digits[:-3] + digits[-1] + digits[-2] + digits[-3] if len(digits) == 3 else digits
            w2 = float(swapped[:-1] + "." + swapped[-1])
            if w2 != v:
                w = w2
    if b.source == "mt":
        o_fig = f"{fmt(v, decimals)}%"
        b_before = f"the {rng.choice(['income', 'sales'])} same ratio grow " if en_tail else f"{en_verb} "
        b.add(
            b_before,
            o_fig,
            " .",
            f"{en_verb.capitalize()} ",
            _en_percent(rng, w, decimals),
            f" {en_tail}".rstrip() + ".",
            subject=True,
        )
    else:
        if not decimals and v % 10 == 0 and rng.random() < 0.3:
            o_fig = zh_int(int(v / 10)).replace("二", "两") + "成"
        else:
            o_fig = rng.choice([f"百分之{zh_num(v, decimals)}", f"{fmt(v, decimals)}%"])
        b.add(
            zh_verb,
            o_fig,
            "。",
            f"{en_verb.capitalize()} ",
            _en_percent(rng, w, decimals),
            f" {en_tail}".rstrip() + ".",
            subject=True,
        )
    return severity


def _en_percent(rng: random.Random, w: float, decimals: int) -> str:
    return rng.choice([f"{fmt(w, decimals)}%", f"{fmt(w, decimals)} percent"])


def _multiple(rng: random.Random, b: _Builder, conflict: bool) -> str | None:
    v = rng.choice([rng.randint(2, 12), rng.randint(2, 12), rng.randint(15, 100)])
    w = v
    severity = None
    if conflict:
        severity = "error"
        while abs(w - v) < 2 or max(w, v) / min(w, v) < 1.15:
            w = max(2, round(v * rng.choice([0.5, 0.7, 1.3, 1.5, 2.0]) + rng.choice([-2, 2])))
    zh_verb, en_verb, _ = rng.choice(_ZH_GAINS)
    en_fig = rng.choice([f"{w} times", f"{w}-fold", f"{w}x"])
    if b.source == "mt":
        b.add(f"{en_verb} ", f"{v} times", ".", f"{en_verb.capitalize()} ", en_fig, ".", subject=True)
    else:
        o_fig = rng.choice([f"{v}倍", zh_int(v) + "倍"])
        b.add(zh_verb, o_fig, "。", f"{en_verb.capitalize()} ", en_fig, ".", subject=True)
    return severity


def _yi_decimal(rng: random.Random, b: _Builder, conflict: bool) -> str | None:
    """An amount in 亿 with a decimal (132.8亿 = RMB 13.28 billion)."""
    tenths = rng.randint(101, 9999)
    while tenths % 10 == 0:
        tenths = rng.randint(101, 9999)
    v = tenths / 10  # in 亿
    billions = v / 10
    severity = None
    en_fig = rng.choice([f"RMB {billions:.2f} billion", f"RMB {billions:.2f} billion", f"{billions:.2f} billion yuan"])
    if not conflict and rng.random() < 0.4:  # rounded to the interpreter's precision
        en_fig = f"RMB {billions:.1f} billion" if round(billions, 1) != billions else f"RMB {billions:.2f} billion"
    if conflict:
        how = rng.choice(["cut", "changed", "slip"])
        if how == "cut":
            cut = int(billions * 10) / 10
            if billions - cut <= 0.05 + 1e-9:  # truncation equals rounding (or a tie): change instead
                how = "changed"
            else:
                en_fig, severity = f"RMB {cut:.1f} billion", "warning"
        if how == "changed":
            w = billions + rng.choice([-1, 1]) * rng.choice([0.1, 0.2, 0.5, 1.0, 2.0])
            if w <= 0.05:
                w = billions + 0.5
            en_fig, severity = f"RMB {w:.2f} billion", "error"
        elif how == "slip":
            en_fig, severity = (
                rng.choice([f"RMB {billions * 100:,.0f} million", f"RMB {billions:.2f} million"]),
                "error",
            )
    zh_metric, en_metric = rng.choice(_ZH_METRICS)
    if b.source == "mt":
        o_fig = rng.choice([f"{billions:.2f} billion yuan", f"RMB {billions:.2f} billion"])
        b.add(f"the {en_metric} reach ", o_fig, ".", f"{en_metric.capitalize()} reached ", en_fig, ".", subject=True)
    else:
        o_fig = rng.choice([f"{v:.1f}亿元", f"{v:.1f}亿", zh_num(v, 1) + "亿元", f"人民币{v:.1f}亿元"])
        b.add(f"{zh_metric}达到", o_fig, "。", f"{en_metric.capitalize()} reached ", en_fig, ".", subject=True)
    return severity


def _range(rng: random.Random, b: _Builder, conflict: bool) -> str | None:
    unit = rng.choice(["multiple", "percent"])
    lo = rng.randint(2, 20) if unit == "multiple" else rng.randint(5, 40)
    hi = lo + rng.randint(3, 20)
    lo2, hi2 = lo, hi
    severity = None
    if conflict:
        severity = "error"
        if rng.random() < 0.5:
            hi2 = hi + rng.choice([2, 3, 5, 10])
        else:
            lo2 = max(1, lo + rng.choice([-1, 1]) * rng.choice([1, 2, 3]))
            if lo2 == lo:
                lo2 = lo + 2
    if unit == "multiple":
        en_fig = rng.choice([f"{lo2} to {hi2} times", f"{lo2}-{hi2} times"])
        zh_fig = rng.choice([f"{zh_int(lo)}到{zh_int(hi)}倍", f"{lo}到{hi}倍", f"{zh_int(lo)}至{zh_int(hi)}倍"])
        mt_fig = f"{lo} to {hi} times"
        zh_verb, en_verb, _ = rng.choice(_ZH_GAINS)
        en_verb = en_verb.replace(" by", " by")
    else:
        en_fig = rng.choice([f"{lo2}% to {hi2}%", f"{lo2} to {hi2} percent", f"{lo2}%-{hi2}%"])
        zh_fig = rng.choice(
            [f"百分之{zh_int(lo)}到{zh_int(hi)}", f"{lo}%到{hi}%", f"百分之{zh_int(lo)}到百分之{zh_int(hi)}"]
        )
        mt_fig = f"{lo}% to {hi}%"
        zh_verb, en_verb = "预计明年增长", "we expect growth of"
    if b.source == "mt":
        b.add(f"{en_verb} ", mt_fig, ".", f"{en_verb[0].upper()}{en_verb[1:]} ", en_fig, ".", subject=True)
    else:
        b.add(zh_verb, zh_fig, "。", f"{en_verb[0].upper()}{en_verb[1:]} ", en_fig, ".", subject=True)
    return severity


def _approx(rng: random.Random, b: _Builder, conflict: bool) -> str | None:
    form = rng.choice(["over_pct", "near_pct", "about_yi", "vague_mult", "vague_count"])
    severity = "error" if conflict else None
    if form == "over_pct":
        v = rng.randint(5, 90)
        w = v + rng.choice([-1, 1]) * rng.choice([1, 2, 5]) if conflict else v
        zh, mt = rng.choice([f"超过了{v}%", f"超过百分之{zh_int(v)}", f"{v}%以上"]), f"more than {v}%"
        en = rng.choice([f"over {w}%", f"more than {w}%", f"above {w}%"])
        before_zh, before_en = "增速", "Growth was "
    elif form == "near_pct":
        t = rng.randint(2, 9)
        v = t * 10
        w = v + rng.choice([-10, 10]) if conflict else v
        zh, mt = rng.choice([f"近{zh_int(t).replace('二', '两')}成", f"将近百分之{zh_int(v)}"]), f"nearly {v}%"
        en = rng.choice([f"nearly {w}%", f"almost {w}%", f"close to {w}%"])
        before_zh, before_en = "占比", "The share was "
    elif form == "about_yi":
        v = rng.randint(101, 999) / 10  # 亿
        w = v * rng.choice([0.7, 1.25, 1.5, 0.1]) if conflict else v
        zh, mt = rng.choice([f"约{v:.1f}亿元", f"大约{zh_num(v, 1)}亿元"]), f"about {v / 10:.2f} billion yuan"
        en = rng.choice(
            [
                f"about RMB {w / 10:.1f} billion",
                f"roughly RMB {w / 10:.2f} billion",
                f"around RMB {w * 100:,.0f} million",
            ]
        )
        if not conflict and rng.random() < 0.5:
            en = f"about RMB {round(v / 10, 1):.1f} billion"
        before_zh, before_en = "投入", "We invested "
    elif form == "vague_mult":
        zh, mt = rng.choice([("数十倍", "tens of times"), ("几十倍", "tens of times")])
        en = rng.choice(["dozens of times", "tens of times", f"{rng.choice([20, 30, 40, 50])} times"])
        if conflict:
            en = rng.choice([f"{rng.randint(2, 6)} times", f"{rng.choice([200, 300, 500])} times"])
        before_zh, before_en = "效率提升了", "Efficiency improved by "
    else:
        zh, mt = rng.choice([("上百家", "hundreds of"), ("数百家", "hundreds of")])
        en = rng.choice(["hundreds of", "over 100", f"about {rng.choice([200, 300, 500])}"])
        if conflict:
            en = rng.choice([f"about {rng.choice([20, 30, 50])}", f"{rng.choice([30, 40, 60])}"])
        mt, en = mt + " companies", en + " companies"
        before_zh, before_en = "我们服务了", "We served "
    if b.source == "mt":
        b.add(before_en.lower(), mt, ".", before_en, en, ".", subject=True)
    else:
        b.add(before_zh, zh, "。", before_en, en, ".", subject=True)
    return severity


_MAKERS = {"percent": _percent, "multiple": _multiple, "yi_decimal": _yi_decimal, "range": _range, "approx": _approx}


def generate(kind: str, n: int, *, conflict: bool, seed: int = 0) -> list[FigurePair]:
    """``n`` pairs with a planted ``kind`` of change (``conflict``) or a faithful rendering."""
    rng = random.Random(f"{kind}-{conflict}-{seed}")
    return [make_pair(rng, kind, SOURCES[k % len(SOURCES)], conflict) for k in range(n)]


def make_pair(rng: random.Random, kind: str, source: str, conflict: bool) -> FigurePair:
    """One original remark (``source``: ``zh``, ``spaced`` or ``mt``) and its interpretation:
    an optional filler, up to three agreeing distractors and the subject figure of ``kind``,
    changed (``conflict``) or rendered faithfully in another form. ``tests/synth.py``'s
    ``figures`` knob plants these inside whole calls."""
    b = _Builder(source)
    if rng.random() < 0.5:
        b.add(rng.choice(_FILLER_ZH) + "，" if source != "mt" else "so ", "", "", rng.choice(_FILLER_EN) + " ", "", "")
    extras = rng.randint(0, 3)
    before = rng.randint(0, extras)
    for _ in range(before):
        _same_kind_distractor(rng, b, kind) if rng.random() < 0.4 else _distractor(rng, b)
    severity = _MAKERS[kind](rng, b, conflict)
    for _ in range(extras - before):
        _same_kind_distractor(rng, b, kind) if rng.random() < 0.4 else _distractor(rng, b)
    o, e, so, se = b.texts(rng)
    return FigurePair(kind, source, o, e, conflict, severity, (so, se))


def as_result(p: FigurePair) -> Result:
    """The pair as a pipeline result: speaker line, original, interpretation, paired."""
    head = "Chief Executive Officer\n"
    text = head + p.original + "\n" + p.interpretation + "\n"
    a = len(head)
    b = a + len(p.original) + 1
    kind = "original" if p.source == "mt" else "chinese"
    segs = (
        Segment(0, len(head) - 1, "native", 0),
        Segment(a, a + len(p.original), kind, 1),  # type: ignore[arg-type]
        Segment(b, b + len(p.interpretation), "interpretation", 2),
    )
    return Result(text, segs, (Pair((1,), (2,)),))


def spans_in_result(p: FigurePair) -> tuple[tuple[int, int], tuple[int, int]]:
    """The subject's spans as offsets into :func:`as_result`'s text."""
    a = len("Chief Executive Officer\n")
    b = a + len(p.original) + 1
    (os_, oe), (es, ee) = p.subject
    return (a + os_, a + oe), (b + es, b + ee)
