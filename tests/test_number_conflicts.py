"""Number conflicts between an original and its interpretation (issue 15): the rule of
``numbers.verdict`` and the checks measured on planted figure changes (``synth_figures``).

Recall: planted conflicts found (a number finding on the changed figure, either side).
Precision: number findings on a planted figure of a conflicting pair, over all number
findings, on conflicting pairs and on as many pairs that agree in another form.
"""

from __future__ import annotations

from functools import cache

import pytest
from synth_figures import KINDS, SOURCES, as_result, generate, spans_in_result

from bitranscript.checks import run_checks
from bitranscript.config import CheckConfig
from bitranscript.model import Pair, Result, Segment
from bitranscript.numbers import parse_figures, teen_ty_slip, verdict
from bitranscript.params import NUMBERS

NUMBER_CODES = ("number-mismatch", "number-precision", "number-currency", "number-consistency")
CONFIG = CheckConfig(enable=NUMBER_CODES)
N_PAIRS = 200


def _one(text: str):
    (f,) = parse_figures(text)
    return f


# ----------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("132.8亿元", "RMB 13.3 billion", "same"),  # rounded to the interpreter's precision
        ("132.8亿元", "RMB 13.28 billion", "same"),
        ("132.8亿元", "RMB 13.2 billion", "cut"),  # cut: a warning
        ("132.8亿元", "RMB 13.8 billion", "changed"),
        ("15%", "16%", "changed"),  # an error
        ("百分之十五", "15 percent", "same"),
        ("超过了15%", "over 16%", "changed"),  # approximate words widen the tolerance, not this far
        ("约16.9亿元", "about RMB 1.7 billion", "same"),
        ("约16.9亿元", "about RMB 1.65 billion", "same"),  # within approx_rel
        ("11 industries", "about 10 industries", "changed"),
        ("16.9亿", "RMB 1.69 billion", "same"),
        ("1 6 . 9 亿", "RMB 1.69 billion", "same"),
        ("提升50倍", "by 60 times", "changed"),
        ("增长2倍", "up 3 times", "same"),  # the 倍 ambiguity: one apart
        ("三到十倍", "3 to 10 times", "same"),
        ("三到十倍", "3 to 12 times", "changed"),
        ("数十倍", "dozens of times", "same"),
        ("数十倍", "40 times", "same"),
        ("数十倍", "5 times", "changed"),
        ("三成", "30%", "same"),
        ("近三成", "nearly 30%", "same"),
        ("15%", "15 times", "apart"),
        ("20%-30%", "百分之二十到三十", "same"),
    ],
)
def test_verdict(a: str, b: str, expected: str) -> None:
    assert verdict(_one(a), _one(b)) == expected
    assert verdict(_one(b), _one(a)) == expected


def test_rule_reads_its_thresholds_from_params() -> None:
    from dataclasses import replace

    strict = replace(NUMBERS, approx_rel=0.0)
    assert verdict(_one("约16.9亿元"), _one("about RMB 1.65 billion")) == "same"
    assert verdict(_one("约16.9亿元"), _one("about RMB 1.65 billion"), strict) != "same"
    assert verdict(_one("132.8亿元"), _one("RMB 13.2 billion"), replace(NUMBERS, cut_steps=0.0)) == "changed"


def test_teen_ty_slip() -> None:
    assert teen_ty_slip(_one("17.1%"), _one("70%"))
    assert not teen_ty_slip(_one("17%"), _one("60%"))


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "approx"),
    [
        ("超 过 了 1 5 %", 15, None, "percent", True),
        ("百 分 之 五 十", 50, None, "percent", False),
        ("1 3 2 . 8 亿 元", 1.328e10, None, "amount", False),
        ("三到十倍", 3, 10, "multiple", False),
        ("二十到三十万", 2e5, 3e5, "amount", False),
        ("两成五", 25, None, "percent", False),
        ("12倍以上", 12, None, "multiple", True),
        ("50-fold", 50, None, "multiple", False),
        ("十 一 万 三 千 至 十 一 万 八 千 辆", 113000, 118000, "count", False),
        ("上百家", 100, 1000, "count", True),
        ("hundreds of customers", 100, 1000, "count", True),
        ("三点八个百分点", 3.8, None, "percent", False),
    ],
)
def test_parse_chinese_forms(text: str, value: float, high: float | None, unit: str, approx: bool) -> None:
    f = _one(text)
    assert f.value == pytest.approx(value) and f.unit == unit and f.approx == approx
    assert (f.high is None) == (high is None) and (high is None or f.high == pytest.approx(high))
    assert text[f.start : f.end].strip() == f.text


@pytest.mark.parametrize("text", ["我们一成不变", "统一成本", "成功完成了", "4% and 0.5%", "decreased by 14.9% to RMB 330.1 million"])
def test_not_merged_or_misread(text: str) -> None:
    figs = parse_figures(text)
    assert all(f.unit != "percent" or f.value < 100 for f in figs)
    assert all(not (f.unit == "percent" and f.high is not None) for f in figs)


# ----------------------------------------------------------------------------- planted pairs


@cache
def _measure(kind: str) -> dict[str, float]:
    found = tp = fp = sev_ok = 0
    by_source = {s: [0, 0] for s in SOURCES}
    conflicts = generate(kind, N_PAIRS, conflict=True)
    agreeing = generate(kind, N_PAIRS, conflict=False)
    for p in conflicts + agreeing:
        res = as_result(p)
        findings = [f for f in run_checks(res, CONFIG) if f.code in NUMBER_CODES]
        if not p.conflict:
            fp += len(findings)
            continue
        so, se = spans_in_result(p)
        on = [f for f in findings if any(f.start < e and s < f.end for s, e in (so, se))]
        tp += len(on)
        fp += len(findings) - len(on)
        by_source[p.source][1] += 1
        if on:
            found += 1
            by_source[p.source][0] += 1
            sev_ok += any(f.severity == p.severity for f in on)
    out = {"recall": found / len(conflicts), "precision": tp / (tp + fp) if tp + fp else 1.0, "severity": sev_ok / max(found, 1)}
    out.update({f"recall_{s}": a / b for s, (a, b) in by_source.items() if b})
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_planted_conflicts_recall_and_precision(kind: str) -> None:
    m = _measure(kind)
    assert m["recall"] >= 0.95, m
    assert m["precision"] >= 0.90, m
    assert m["severity"] >= 0.95, m  # a cut is a warning, a changed figure an error


def test_generator_plants_what_it_says() -> None:
    for kind in KINDS:
        for p in generate(kind, 30, conflict=True) + generate(kind, 30, conflict=False):
            (os_, oe), (es, ee) = p.subject
            assert p.original[os_:oe].strip() and p.interpretation[es:ee].strip()
            assert (p.severity is None) == (not p.conflict)


# ----------------------------------------------------------------------------- across the call


def _call(lines: list[tuple[str, str]], pairs=()) -> Result:
    text = "".join(t + "\n" for _, t in lines)
    segs, pos = [], 0
    for n, (kind, t) in enumerate(lines):
        segs.append(Segment(pos, pos + len(t), kind, n))  # type: ignore[arg-type]
        pos += len(t) + 1
    return Result(text, tuple(segs), tuple(Pair(o, i) for o, i in pairs))


def test_consistency_by_the_metrics_words_not_position() -> None:
    lines = [
        ("chinese", "我们的整车毛利率提升到百分之十七点一。"),
        ("interpretation", "Our vehicle gross margin rose to 17.1%, and deliveries reached 9,000 units."),
        ("native", "Let me walk you through the financials."),
        ("native", "Revenue grew 20% this quarter."),
        ("native", "Our vehicle gross margin was 70% from 60% last year, and revenue grew 20%."),
    ]
    res = _call(lines, [((0,), (1,))])
    hits = [f for f in run_checks(res, CONFIG) if f.code == "number-consistency"]
    assert len(hits) == 1 and "17.1%" in hits[0].message and "70%" in hits[0].message


def test_consistency_ignores_english_only_passages() -> None:
    lines = [
        ("native", "Vehicles priced above CNY 400,000 sold well, and free cash flow was RMB 412 million."),
        ("native", "Let me now turn to the outlook."),
        ("native", "For the quarter, free cash flow was 421.7 million RMB as you can see."),
    ]
    assert [f for f in run_checks(_call(lines), CONFIG) if f.code == "number-consistency"] == []


def test_consistency_needs_the_same_metric() -> None:
    lines = [
        ("interpretation", "Gross margin reached 17.1% this quarter."),
        ("native", "Our operating margin was 70%."),
    ]
    assert [f for f in run_checks(_call(lines), CONFIG) if f.code == "number-consistency"] == []


def test_a_pairing_slip_is_no_conflict() -> None:
    """Two English remarks that are not a translation of each other (an alignment slip): their
    figures disagree throughout, so place among them is no evidence."""
    lines = [
        ("original", "Net sales were $412.6 million, up 6.1% from a year ago, and margin improved 40 basis points to 31.2%."),
        ("interpretation", "Operating cash flow was $58.3 million and we ended with $190 million in cash, guiding $1.62 billion to $1.66 billion."),
    ]
    res = _call(lines, [((0,), (1,))])
    assert [f.message for f in run_checks(res, CONFIG)] == []


@pytest.mark.parametrize(
    ("original", "interpretation", "code"),
    [
        ("收入达到132.8亿元，同比增长百分之十五。", "Revenue reached RMB 13.2 billion, up 15% year over year.", "number-precision"),
        ("收 入 达 到 1 3 2 . 8 亿 元 ， 同 比 增 长 百 分 之 十 五 。", "Revenue reached RMB 13.8 billion, up 15% year over year.", "number-mismatch"),
        ("增速超过了15%。", "Growth was over 16%.", "number-mismatch"),
        ("效率提升了50倍。", "Efficiency improved by 60 times.", "number-mismatch"),
        ("效率提升了三到十倍。", "Efficiency improved by 3 to 12 times.", "number-mismatch"),
        ("效率提升了数十倍。", "Efficiency improved by 5 times.", "number-mismatch"),
    ],
)
def test_issue_examples(original: str, interpretation: str, code: str) -> None:
    res = _call([("chinese", original), ("interpretation", interpretation)], [((0,), (1,))])
    assert [f.code for f in run_checks(res, CONFIG)] == [code]


@pytest.mark.parametrize(
    ("original", "interpretation"),
    [
        ("收入达到16.9亿元。", "Revenue reached RMB 1.69 billion."),
        ("收 入 达 到 1 6 . 9 亿 元 。", "Revenue reached RMB 1.69 billion."),
        ("收入达到132.8亿元。", "Revenue reached RMB 13.3 billion."),
        ("占比近三成。", "The share was nearly 30%."),
        ("效率提升了数十倍。", "Efficiency improved by dozens of times."),
        ("我们服务了上百家客户，覆盖了622个城市。", "We serve hundreds of customers in 622 cities."),
    ],
)
def test_issue_examples_that_agree(original: str, interpretation: str) -> None:
    res = _call([("chinese", original), ("interpretation", interpretation)], [((0,), (1,))])
    assert [f.message for f in run_checks(res, CONFIG)] == []
