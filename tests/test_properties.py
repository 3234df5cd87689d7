"""Property tests (hypothesis): the lossless guarantees hold for any text.

Inputs mix English, romanised Chinese (pinyin), Chinese, digits, punctuation, fillers,
speaker labels and every kind of line break, with arbitrary Unicode now and then. For
each: ``rebuild()`` gives the input back; segments are ordered, do not overlap, never
cross a line and cover every non-space character; applying all edits and reverting
them gives the input; the JSON round trip is exact; ``clean`` is idempotent.

Every test runs at least 500 examples (``MAX_EXAMPLES``; raise it with the
``BITRANSCRIPT_HYPOTHESIS_EXAMPLES`` environment variable). The examples are
derandomized so that CI runs are reproducible.
"""

from __future__ import annotations

import os
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bitranscript import Options, Result, clean, clean_text, process
from bitranscript.edits import apply_edits, revert_edits

MAX_EXAMPLES = max(500, int(os.environ.get("BITRANSCRIPT_HYPOTHESIS_EXAMPLES", "500")))
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ENGLISH = (
    "revenue grew cloud the quarter Thank you We our margin customers year over compared Kingsoft Cloud "
    "Mr. Dr. U.S. Inc. e.g. billion million RMB percent translate interpretation Yes okay so"
).split()
PINYIN = "Jinshan Yun Gongyouyun zengzhang shouru Zhenwu women de xiexie jidu kehu Xiaomi Zhou".split()
CHINESE = "金山云 收入 增长 我们 的 客户 第四季度 公有云 谢谢 同比 亿元 百分之二十".split()
FILLERS = "uh um uh, 嗯 呃 ??? ...".split()
PUNCT = list(".,?!:;-()[]\"'") + ["...", "…", "。", "，", "！", "？", "、", "“", "”", "「", "」"]
LABELS = ["Operator\n", "Jane Doe\n", "Interpreter\n", "Li Wei - CFO\n", "Jane Doe: ", "[Foreign Speech]", "[Chinese]"]
SEPARATORS = [" ", " ", " ", " ", "", "\n", "\n", "\r\n", "\r", "\t", "  ", "\u3000", "\n\n"]

token = st.one_of(
    st.sampled_from(ENGLISH),
    st.sampled_from(PINYIN),
    st.sampled_from(CHINESE),
    st.sampled_from(FILLERS),
    st.sampled_from(PUNCT),
    st.sampled_from(LABELS),
    st.integers(min_value=0, max_value=10**7).map(str),
    st.decimals(min_value=0, max_value=10000, places=2, allow_nan=False).map(str),
    st.text(max_size=6),
)
piece = st.tuples(token, st.sampled_from(SEPARATORS)).map("".join)
transcripts = st.one_of(
    st.lists(piece, max_size=60).map("".join),
    # Repetition, the stuff of noise loops.
    st.tuples(st.lists(piece, min_size=1, max_size=4).map("".join), st.integers(1, 12)).map(lambda t: t[0] * t[1]),
    st.text(max_size=200),
)

NO_GLOSSARY = Options(default_glossary=False, checks=False)
EXAMPLES = [
    "",
    "\n",
    "Operator\nGood morning.\r\nJane Doe\r\nJinshan Yun de shouru zengzhang le. Kingsoft Cloud's revenue grew.\n",
    "我们的收入增长了。 The revenue grew. uh uh uh uh okay okay okay okay\r\r",
    "Jane Doe: \u200bsee\ufeff it [Chinese] \x0b\x0c end",
]


def _check_segments(result: Result, text: str) -> None:
    spans = [(s.start, s.end) for s in result.segments]
    assert all(0 <= a < b <= len(text) for a, b in spans), "empty or out-of-range segment"
    assert all(p[1] <= q[0] for p, q in pairwise(spans)), "segments overlap or are out of order"
    for s in result.segments:
        body = text[s.start : s.end]
        assert "\n" not in body and "\r" not in body, f"segment crosses a line: {body!r}"
        assert text.count("\n", 0, s.start) + text.count("\r", 0, s.start) - text.count("\r\n", 0, s.start) == s.line
    covered = bytearray(len(text))
    for a, b in spans:
        covered[a:b] = b"\x01" * (b - a)
    missing = [i for i, ch in enumerate(text) if not ch.isspace() and not covered[i]]
    assert not missing, f"non-space text outside every segment at {missing[:5]}: {text[missing[0]]!r}"
    n = len(result.segments)
    for p in result.pairs:
        assert all(0 <= i < n for i in (*p.original, *p.interpretation))


@SETTINGS
@given(transcripts)
@example(EXAMPLES[0])
@example(EXAMPLES[1])
@example(EXAMPLES[2])
@example(EXAMPLES[3])
@example(EXAMPLES[4])
def test_process_is_lossless_and_covers_the_text(text: str) -> None:
    result = process(text)
    assert result.text == text
    assert result.rebuild() == text
    _check_segments(result, text)


@SETTINGS
@given(transcripts, st.sampled_from(["keep", "mark", "drop"]))
@example(EXAMPLES[2], "mark")
@example(EXAMPLES[3], "drop")
def test_edits_apply_and_revert(text: str, originals: str) -> None:
    options = replace(Options(), originals=originals)
    result = clean(process(text, options), options)
    assert revert_edits(apply_edits(text, result.edits), result.edits) == text
    assert result.rebuild() == text
    assert result.cleaned_text() == apply_edits(text, result.edits)
    for threshold in (0.5, 0.85, 1.0):
        kept = [e for e in result.edits if e.confidence >= threshold]
        assert revert_edits(apply_edits(text, kept), kept) == text


@SETTINGS
@given(transcripts, st.sampled_from(["keep", "mark", "drop"]))
@example(EXAMPLES[2], "mark")
def test_json_round_trip(text: str, originals: str) -> None:
    options = replace(Options(), originals=originals)
    for result in (process(text, options, source="call.txt"), clean(process(text, options), options)):
        assert Result.from_json(result.to_json()) == result
        assert Result.from_json(result.to_json(indent=None)) == result


def _removal_points(text: str, edits) -> list[int]:
    """Where, in the cleaned text, each removal of the first pass happened."""
    points, shift = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < e.end and e.after == "":
            points.append(e.start + shift)
        shift += len(e.after) - (e.end - e.start)
    return points


@pytest.mark.parametrize("originals", ["keep"])  # "mark" and "drop": see the xfails below
@SETTINGS
@given(text=transcripts)
def test_clean_is_idempotent(originals: str, text: str) -> None:
    """Cleaning the cleaned text changes nothing, with one known exception.

    Removing noise can join two halves into a new loop (``a a uh um a a`` becomes
    ``a a a a``), which the second pass removes; such a second-pass noise edit must
    span a place where the first pass removed something.
    """
    options = replace(NO_GLOSSARY, originals=originals)
    first = clean(process(text, options), options)
    once = first.cleaned_text()
    again = clean(process(once, options), options)
    changed = [e for e in again.edits if e.before != e.after]
    if not changed:
        return
    points = _removal_points(text, first.edits)
    for e in changed:
        assert e.rule in ("noise", "whitespace"), f"second pass changed {e.before!r} ({e.rule}) in {once!r}"
        if e.rule == "noise":
            assert any(e.start <= p <= e.end for p in points), f"new noise {e.before!r} not made by a removal"
    assert any(e.rule == "noise" for e in changed), f"second pass only tidied spaces: {changed}"


@pytest.mark.parametrize(
    ("text", "originals"),
    [
        (" :", "keep"),  # noise at the end of a line left a dangling space
        ("revenue ???\u3000", "keep"),  # ideographic space after noise
        ("x uh uh um um\n", "drop"),
        ("嗯\r\n嗯\r\n6 ", "mark"),  # marks read back as part of the segment
        (
            "Jane Doe\nJinshan Yun de shouru zengzhang le gongyouyun.\nInterpreter\nKingsoft Cloud revenue grew.\n",
            "mark",
        ),
    ],
)
def test_clean_is_idempotent_examples(text: str, originals: str) -> None:
    options = replace(NO_GLOSSARY, originals=originals)
    once = clean_text(text, options)
    assert clean_text(once, options) == once


@pytest.mark.xfail(strict=True, reason="known: removing noise can join a new loop; the second pass removes it")
def test_clean_idempotent_when_noise_removal_joins_a_loop() -> None:
    once = clean_text("a a uh um a a\n", NO_GLOSSARY)
    assert clean_text(once, NO_GLOSSARY) == once


@pytest.mark.xfail(
    strict=True,
    reason="known: removing a noise line can let the blocks around it pair; "
    "with originals='drop' the second pass then drops the newly paired original",
)
def test_clean_drop_idempotent_when_noise_removal_lets_blocks_pair() -> None:
    """Found by the property above (CI, hypothesis): the noise unit kept '㐀' from pairing with '0'."""
    options = replace(NO_GLOSSARY, originals="drop")
    once = clean_text("㐀\nB\n\x1b\n0", options)
    assert clean_text(once, options) == once


@pytest.mark.xfail(strict=True, reason="known: with originals='mark', cleaning can change the alignment of the rest")
def test_clean_mark_idempotent_when_cleaning_changes_the_alignment() -> None:
    options = replace(NO_GLOSSARY, originals="mark")
    once = clean_text("谢谢  ? q\r\nJane Doe:  ? \u3000!\n", options)
    assert clean_text(once, options) == once
