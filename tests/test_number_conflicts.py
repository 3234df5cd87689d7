"""Number conflicts between an original and its interpretation (issue 15): the rule of
``numbers.verdict`` and the checks measured on planted figure changes (``synth_figures``),
on hand-built pairs and through the whole pipeline (``synth.generate`` with
``CallSpec.figures``, then ``bitranscript.process``: detection, alignment and checks).

Recall: planted conflicts found (a number finding on the changed figure, either side).
Precision: number findings on a planted figure of a conflicting pair, over all number
findings, on conflicting pairs and on as many pairs that agree in another form (through the
pipeline: over every number finding of the calls).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from synth_figures import KINDS, SOURCES, as_result, generate, spans_in_result

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bitranscript  # noqa: E402
import synth  # noqa: E402
from bitranscript.checks import run_checks  # noqa: E402
from bitranscript.config import CheckConfig  # noqa: E402
from bitranscript.model import Pair, Result, Segment  # noqa: E402
from bitranscript.numbers import parse_figures, teen_ty_slip, verdict  # noqa: E402
from bitranscript.params import NUMBERS  # noqa: E402
from test_checks import build  # noqa: E402  (a result of one segment per line)

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
        ("十 二 万 四 千 至 十 二 万 九 千 辆", 124000, 129000, "count", False),
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


@pytest.mark.parametrize(
    "text", ["我们一成不变", "统一成本", "成功完成了", "4% and 0.5%", "decreased by 12.7% to RMB 412.6 million"]
)
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
    out = {
        "recall": found / len(conflicts),
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "severity": sev_ok / max(found, 1),
    }
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


def test_consistency_by_the_metrics_words_not_position() -> None:
    lines = [
        ("chinese", "我们的整车毛利率提升到百分之十七点一。"),
        ("interpretation", "Our vehicle gross margin rose to 17.1%, and deliveries reached 9,000 units."),
        ("native", "Let me walk you through the financials."),
        ("native", "Revenue grew 20% this quarter."),
        ("native", "Our vehicle gross margin was 70% from 60% last year, and revenue grew 20%."),
    ]
    res = build(lines, [((0,), (1,))])
    hits = [f for f in run_checks(res, CONFIG) if f.code == "number-consistency"]
    assert len(hits) == 1 and "17.1%" in hits[0].message and "70%" in hits[0].message


def test_consistency_ignores_english_only_passages() -> None:
    lines = [
        ("native", "Vehicles priced above CNY 400,000 sold well, and free cash flow was RMB 412 million."),
        ("native", "Let me now turn to the outlook."),
        ("native", "For the quarter, free cash flow was 421.7 million RMB as you can see."),
    ]
    assert [f for f in run_checks(build(lines), CONFIG) if f.code == "number-consistency"] == []


def test_consistency_needs_the_same_metric() -> None:
    lines = [
        ("interpretation", "Gross margin reached 17.1% this quarter."),
        ("native", "Our operating margin was 70%."),
    ]
    assert [f for f in run_checks(build(lines), CONFIG) if f.code == "number-consistency"] == []


def test_a_pairing_slip_is_no_conflict() -> None:
    """Two English remarks that are not a translation of each other (an alignment slip): their
    figures disagree throughout, so place among them is no evidence."""
    lines = [
        (
            "original",
            "Net sales were $412.6 million, up 6.1% from a year ago, and margin improved 40 basis points to 31.2%.",
        ),
        (
            "interpretation",
            "Operating cash flow was $58.3 million and we ended with $190 million in cash, guiding $1.62 billion to $1.66 billion.",
        ),
    ]
    res = build(lines, [((0,), (1,))])
    assert [f.message for f in run_checks(res, CONFIG)] == []


@pytest.mark.parametrize(
    ("original", "interpretation", "code"),
    [
        (
            "收入达到132.8亿元，同比增长百分之十五。",
            "Revenue reached RMB 13.2 billion, up 15% year over year.",
            "number-precision",
        ),
        (
            "收 入 达 到 1 3 2 . 8 亿 元 ， 同 比 增 长 百 分 之 十 五 。",
            "Revenue reached RMB 13.8 billion, up 15% year over year.",
            "number-mismatch",
        ),
        ("增速超过了15%。", "Growth was over 16%.", "number-mismatch"),
        ("效率提升了50倍。", "Efficiency improved by 60 times.", "number-mismatch"),
        ("效率提升了三到十倍。", "Efficiency improved by 3 to 12 times.", "number-mismatch"),
        ("效率提升了数十倍。", "Efficiency improved by 5 times.", "number-mismatch"),
    ],
)
def test_issue_examples(original: str, interpretation: str, code: str) -> None:
    res = build([("chinese", original), ("interpretation", interpretation)], [((0,), (1,))])
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
    res = build([("chinese", original), ("interpretation", interpretation)], [((0,), (1,))])
    assert [f.message for f in run_checks(res, CONFIG)] == []


def test_a_bare_scale_is_no_figure() -> None:
    """亿元 whose numeral the transcript lost (or put in another segment) is not 0 yuan."""
    assert parse_figures("亿 元 。 毛 利 率") == [] and parse_figures("收入亿元") == []
    assert _one("两亿元").value == 2e8


def test_a_spaced_remark_cut_at_its_decimal_point() -> None:
    """Spaced Chinese cut by the segmenter at a decimal point ("4 8 ." | "5 % 。") and paired
    by its last piece: the pair's original takes in the pieces of its line."""
    lines = (
        "净 利 率 为 4 8 . 5 % 。 收 入 达 到 1 6 . 9 亿 元 。\n"
        "Net margin was 45.5%. Revenue reached RMB 1.69 billion.\n"
    )
    cut = lines.index("5 %")
    second = lines.index("收")
    end = lines.index("\n")
    segs = (
        Segment(0, cut - 1, "chinese", 0),  # type: ignore[arg-type]
        Segment(cut, second - 1, "native", 0),  # type: ignore[arg-type]
        Segment(second, end, "chinese", 0),  # type: ignore[arg-type]
        Segment(end + 1, len(lines) - 1, "interpretation", 1),  # type: ignore[arg-type]
    )
    res = Result(lines, segs, (Pair((2,), (3,)),))
    hits = [(f.code, lines[f.start : f.end]) for f in run_checks(res, CONFIG)]
    assert hits == [("number-mismatch", "4 8 . 5 %")]


# ----------------------------------------------------------------------------- through the pipeline

N_CALLS = 200
"""Generated calls per kind of change (issue 15's acceptance: at least 200)."""
PIPELINE_FORMS = (("chinese", False), ("chinese", True), ("garbled", False), ("mt", False), ("mt_romanised", False))
"""Source forms the calls rotate through: raw Chinese, Chinese one character apart, and the
machine's English (word by word, fluent, fluent with romanised names)."""
OVERALL_RECALL_FLOOR = 0.95
"""Recall over all planted conflicts, the issue's target (0.98-1.0 per kind today): every
source form is paired with its interpretation by the aligner, fluent machine English
included."""


def _spec(kind: str, seed: int) -> synth.CallSpec:
    source, spaced = PIPELINE_FORMS[seed % len(PIPELINE_FORMS)]
    return synth.CallSpec(source=source, spaced=spaced, figures="mixed", figure_kind=kind, remarks=3, questions=1)


def _overlaps(f, span: tuple[int, int]) -> bool:
    return f.start < span[1] and span[0] < f.end


@cache
def _through_pipeline(kind: str) -> dict:
    """Recall and precision of the number findings of ``bitranscript.process`` on ``N_CALLS``
    calls whose executive's remarks carry planted figures of ``kind`` (changed or agreeing at
    random): overall, on the pairs the aligner found (``synth.pair_matches``), per source form."""
    planted = found = aligned = aligned_found = tp = fp = 0
    by_form: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[tuple[int, str, str, str]] = []
    false: list[tuple[int, str, str]] = []
    for seed in range(N_CALLS):
        call = synth.generate(_spec(kind, seed), seed)
        res = bitranscript.process(call.text)
        findings = [f for f in res.findings if f.code in NUMBER_CODES]
        conflicts = [p for p in call.figures if p.conflict]
        for f in findings:
            if any(_overlaps(f, p.original) or _overlaps(f, p.interpretation) for p in conflicts):
                tp += 1
            else:
                fp += 1
                false.append((seed, f.code, call.text[f.start : f.end]))
        got = synth.pair_matches(call, res)
        for p in conflicts:
            hit = any(_overlaps(f, p.original) or _overlaps(f, p.interpretation) for f in findings)
            planted += 1
            found += hit
            by_form[p.form][0] += hit
            by_form[p.form][1] += 1
            if got[p.pair]:
                aligned += 1
                aligned_found += hit
            if not hit:
                misses.append((seed, p.form, call.text[slice(*p.original)], call.text[slice(*p.interpretation)]))
    return {
        "planted": planted,
        "recall": found / planted,
        "recall_aligned": aligned_found / aligned,
        "aligned": aligned,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "by_form": {k: f"{a}/{b}" for k, (a, b) in sorted(by_form.items())},
        "misses": misses[:8],
        "false": false[:8],
    }


@pytest.mark.parametrize("kind", KINDS)
def test_planted_conflicts_through_the_pipeline(kind: str) -> None:
    """Issue 15's acceptance, per kind of change, over ``N_CALLS`` generated calls: precision
    >= .90 over all number findings; recall >= .95 over the planted conflicts whose pair the
    aligner found (every conflict the checks are given); over all planted conflicts too
    (``OVERALL_RECALL_FLOOR``)."""
    m = _through_pipeline(kind)
    assert m["planted"] >= N_CALLS, m  # about two conflicts a call
    assert m["precision"] >= 0.90, m
    assert m["recall_aligned"] >= 0.95, m
    assert m["recall"] >= OVERALL_RECALL_FLOOR, m


def test_planted_figures_in_the_gold() -> None:
    """The generator records each planted change in the gold (``number_conflicts``) on the
    lines it names, and leaves a call without the knob as it was."""
    for seed in range(10):
        spec = _spec("approx", seed)
        call = synth.generate(spec, seed)
        lines = call.text.splitlines()
        entries = call.gold["number_conflicts"]
        assert len(entries) == sum(p.conflict for p in call.figures)
        for e in entries:
            assert e["original"] in lines[e["line_original"] - 1]
            assert e["interpretation"] in lines[e["line_interpretation"] - 1]
        plain = synth.generate(synth.CallSpec(source=spec.source, remarks=3, questions=1), seed)
        assert plain.figures == () and plain.gold["number_conflicts"] == []
        # a source form that carries no figures (a placeholder) gets none: the call is as without the knob
        off = synth.generate(synth.CallSpec(source="placeholder", figures="mixed"), seed)
        assert off.text == synth.generate(synth.CallSpec(source="placeholder"), seed).text and off.figures == ()
