"""Table-driven cases for ``sentences.split_sentences``: what a sentence is in a transcript.

Each case is (id, text, expected sentences as strings). The spans are also checked to be
trimmed, in order, inside one line, and to point at the expected text (offsets, not copies).
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitranscript.sentences import lines, split_sentences

RAW: list = [
    # numbers: a full stop inside a figure is not a sentence end
    (
        "decimal-billion",
        "Revenue reached RMB1.69 billion. Margin was flat.",
        ["Revenue reached RMB1.69 billion.", "Margin was flat."],
    ),
    ("percent", "Margin rose to 3.5%. Costs fell 0.8 points.", ["Margin rose to 3.5%.", "Costs fell 0.8 points."]),
    (
        "number-at-end",
        "Adjusted EPS was 1.27. Guidance is unchanged.",
        ["Adjusted EPS was 1.27.", "Guidance is unchanged."],
    ),
    (
        "money-dollar",
        "Free cash flow was $143.5 million, up 12.4% from last year.",
        ["Free cash flow was $143.5 million, up 12.4% from last year."],
    ),
    # abbreviations and initials
    (
        "mr-dr",
        "Thank you, Mr. Zou. Dr. Li will take the next one.",
        ["Thank you, Mr. Zou.", "Dr. Li will take the next one."],
    ),
    (
        "us-inc",
        "Kingsoft Cloud Holdings Inc. files with the U.S. Securities and Exchange Commission.",
        ["Kingsoft Cloud Holdings Inc. files with the U.S. Securities and Exchange Commission."],
    ),
    (
        "vs",
        "Revenue was $1.2 billion vs. $1.1 billion last year. We are pleased.",
        ["Revenue was $1.2 billion vs. $1.1 billion last year.", "We are pleased."],
    ),
    ("initial", "John F. Kennedy once said it. We agree.", ["John F. Kennedy once said it.", "We agree."]),
    ("question-exclaim", "Is that right? Yes! Okay.", ["Is that right?", "Yes!", "Okay."]),
    # Chinese punctuation: no space needed after 。！？
    ("zh-three", "收入增长了。利润也增长了！明年呢？", ["收入增长了。", "利润也增长了！", "明年呢？"]),
    ("zh-decimal", "毛利率达到了9.9%。经营现金流为正。", ["毛利率达到了9.9%。", "经营现金流为正。"]),
    (
        "zh-in-english",
        "Revenue grew. 我们已经连续九个季度盈利。 The margin was 9.9%.",
        ["Revenue grew.", "我们已经连续九个季度盈利。", "The margin was 9.9%."],
    ),
    (
        "zh-no-space-before-english",
        "谢谢管理层。Let me translate my question myself.",
        ["谢谢管理层。", "Let me translate my question myself."],
    ),
    ("zh-spaced", "好 ， 大 家 好 。 二 季 度 收 入 增 长 了 。", ["好 ， 大 家 好 。", "二 季 度 收 入 增 长 了 。"]),
    ("zh-closing-quote", "他说：“我们增长了。”然后离开了。", ["他说：“我们增长了。”", "然后离开了。"]),
    # quotes and ellipses
    ("quote-after-stop", 'He said "we grew." Then he left.', ['He said "we grew."', "Then he left."]),
    (
        "single-quote-after-stop",
        "The motto is 'quality first.' We live by it.",
        ["The motto is 'quality first.'", "We live by it."],
    ),
    ("ellipsis-capital", "We waited... Then demand came back.", ["We waited...", "Then demand came back."]),
    pytest.param(
        "ellipsis-lower",
        "and so... on it went.",
        ["and so... on it went."],
        id="ellipsis-lower",
    ),
    ("ellipsis-unicode", "We waited… Then demand came back.", ["We waited…", "Then demand came back."]),
    # line endings and blank lines: a sentence never crosses a line break
    ("lf", "First line.\nSecond line.", ["First line.", "Second line."]),
    ("crlf", "First line.\r\nSecond line.\r\n", ["First line.", "Second line."]),
    ("cr", "One.\rTwo.\r", ["One.", "Two."]),
    ("no-stop-across-lines", "Thank you operator\nHello everyone", ["Thank you operator", "Hello everyone"]),
    ("blank-lines", "A first.\n\n\n   \nA second.", ["A first.", "A second."]),
    ("empty", "", []),
    ("only-space", "   \n\t\n", []),
    ("no-terminator", "Thank you operator", ["Thank you operator"]),
    ("loop", "Asia Asia Asia Asia Asia Asia", ["Asia Asia Asia Asia Asia Asia"]),
    (
        "spaced-chinese-decimal",
        "毛 利 率 为 3 6 . 5 % 。 收 入 增 长 。",
        ["毛 利 率 为 3 6 . 5 % 。", "收 入 增 长 。"],
    ),
    ("spaced-period-before-a-digit-word", "We grew 8 . 5 percent. Next.", ["We grew 8 . 5 percent.", "Next."]),
    pytest.param(
        "single-capital-word-at-end",
        "The answer is plan B. Then we moved on.",
        ["The answer is plan B.", "Then we moved on."],
        id="single-capital-word-at-end",
    ),
]


def _param(case):
    """(name, text, expected) rows become pytest params with the name as their id."""
    if isinstance(case, tuple) and not hasattr(case, "marks"):
        return pytest.param(*case, id=case[0])
    return case


CASES = [_param(c) for c in RAW]


@pytest.mark.parametrize(("name", "text", "expected"), CASES)
def test_split_sentences(name: str, text: str, expected: list[str]) -> None:
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == expected


@pytest.mark.parametrize("text", [c.values[1] for c in CASES], ids=[c.id for c in CASES])
def test_spans_are_trimmed_ordered_and_inside_one_line(text: str) -> None:
    spans = split_sentences(text)
    line_spans = lines(text)
    for a, b in pairwise(spans):
        assert a.end <= b.start
    for s in spans:
        piece = text[s.start : s.end]
        assert piece == piece.strip() and piece
        line = line_spans[s.line]
        assert line.start <= s.start and s.end <= line.end, "a sentence crossed a line break"


LINE_CASES = [
    ("lf", "A.\nB.\n\nC.", [0, 1, 3]),
    ("crlf", "A.\r\nB.\r\n\r\nC.", [0, 1, 3]),
    ("cr", "A.\rB.\r\rC.", [0, 1, 3]),
    ("mixed", "A.\r\nB.\rC.\nD.", [0, 1, 2, 3]),
]


@pytest.mark.parametrize(("name", "text", "expected_lines"), LINE_CASES, ids=[c[0] for c in LINE_CASES])
def test_line_numbers(name: str, text: str, expected_lines: list[int]) -> None:
    assert [s.line for s in split_sentences(text)] == expected_lines


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab .\n\r\x0b\u2028"), max_size=30))
def test_lines_split_in_c_are_the_patterns_lines(text: str) -> None:
    """``lines`` splits text with no carriage return at its line feeds, as ``_LINE`` reads it."""
    from bitranscript.model import Span
    from bitranscript.sentences import _LINE

    want = []
    for n, m in enumerate(_LINE.finditer(text)):
        if m.start() == len(text) and n:
            break
        body = m.group().rstrip("\r\n")
        want.append(Span(m.start(), m.start() + len(body), n))
    assert lines(text) == want
