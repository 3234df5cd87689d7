"""Each check on invented transcripts: the right code at the right span, nothing on clean text.

The results are built by hand (segments and pairs given), so these tests pin the checks
down independently of how detection and alignment are tuned.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitranscript.checks import CHECKS, CODES, NO_MOJIBAKE, at_or_above, describe, run_checks, selected
from bitranscript.config import CheckConfig
from bitranscript.model import Edit, Pair, Result, Segment


def build(lines: list[tuple[str, str]], pairs: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = ()) -> Result:
    """A result with one segment per line, of the kind given, and the pairs given (line indices)."""
    text = "".join(t + "\n" for _, t in lines)
    segs, pos = [], 0
    for n, (kind, t) in enumerate(lines):
        segs.append(Segment(pos, pos + len(t), kind, n))  # type: ignore[arg-type]
        pos += len(t) + 1
    return Result(text, tuple(segs), tuple(Pair(o, i) for o, i in pairs))


def test_speaker_label_lines_spelled_two_ways() -> None:
    lines = ["Grace Lin", "Revenue grew.", "Tom Ellis", "Costs fell.", "Grace Lin", "Thank you.", "GRACE LIN", "Bye."]
    text = "".join(t + "\n" for t in lines)
    segs, pos = [], 0
    for n, t in enumerate(lines):
        segs.append(Segment(pos, pos + len(t), "native", n, speaker=lines[n - n % 2]))
        pos += len(t) + 1
    found = [
        (text[f.start : f.end], f.message) for f in run_checks(Result(text, tuple(segs))) if f.code == "speaker-format"
    ]
    assert found == [("GRACE LIN", "speaker label 'GRACE LIN' is written 'Grace Lin' elsewhere")]


ORIG, INTERP, NATIVE, ZH = "original", "interpretation", "native", "chinese"
P01 = (((0,), (1,)),)

# (id, lines, pairs, code, the text the finding must cover exactly)
PLANTED = [
    (
        "mismatch-billion",
        [(ORIG, "Gongyouyun income reach RMB 3.5 billion, the gross profit rate 15.4%."),
         (INTERP, "Public cloud revenue reached RMB 1.35 billion, and gross margin was 15.4%.")],
        P01, "number-mismatch", "RMB 3.5 billion",
    ),
    (
        "mismatch-yi-as-billion",
        [(ORIG, "After adjust the gross profit reach RMB1.69 billion, gross profit rate 7.9%."),
         (INTERP, "Adjusted gross profit reached RMB 169 million, and adjusted gross margin was 7.9%.")],
        P01, "number-mismatch", "RMB1.69 billion",
    ),
    (
        "mismatch-chinese-scale",
        [(ZH, "公有云收入达到3.2亿元，毛利率为15.4%。"),
         (INTERP, "Public cloud revenue reached RMB 3.2 billion, with a gross margin of 15.4%.")],
        P01, "number-mismatch", "3.2亿元",
    ),
    (
        "mismatch-count",
        [(ORIG, "We sort out 11 segment industries, evaluate more than 200 companies."),
         (INTERP, "We reviewed more than 200 companies from about 10 industries.")],
        P01, "number-mismatch", "11",
    ),
    (
        "mismatch-percent",
        [(ORIG, "Income reach RMB 790 million, increase 26.4%, the profit rate 9.9%."),
         (INTERP, "Revenue reached RMB 790 million, up 24.6%, and the margin was 9.9%.")],
        P01, "number-mismatch", "26.4%",
    ),
    (
        "mismatch-vice-versa",  # the original's spelled count is only compared from the other side
        [(ORIG, "This year we open three new data centers in Southeast Asia."),
         (INTERP, "This year we opened 4 new data centers in Southeast Asia.")],
        P01, "number-mismatch", "4",
    ),
    (
        "currency",
        [(ORIG, "Income reach RMB 5 billion, the profit reach RMB 2 billion."),
         (INTERP, "Revenue reached $5 billion, and profit reached RMB 2 billion.")],
        P01, "number-currency", "RMB 5 billion",
    ),
    (
        "consistency",
        [(INTERP, "In the third quarter, free cash flow came in at RMB 412 million."),
         (NATIVE, "Let me now turn to the financial details."),
         (NATIVE, "For the quarter, free cash flow was 421.7 million RMB, as you can see in our release.")],
        (), "number-consistency", "RMB 412 million",
    ),
    (
        "unpaired-original",
        [(NATIVE, "Thank you, operator."), (ORIG, "This season the company income reach the record high.")],
        (), "untranslated", "This season the company income reach the record high.",
    ),
    (
        "placeholder",
        [(NATIVE, "Our chairman will now speak."), (NATIVE, "[Non-English content]")],
        (), "untranslated", "[Non-English content]",
    ),
    (
        "chinese-in-english",
        [(NATIVE, "Revenue from 公有云 grew strongly this quarter.")],
        (), "untranslated", "公有云",
    ),
    (
        "question-marks",
        [(NATIVE, "The margin was ???? this quarter.")],
        (), "untranslated", "????",
    ),
    (
        "loop",
        [(NATIVE, "We expect steady growth. Asia Asia Asia Asia Asia Asia")],
        (), "noise-loop", "Asia Asia Asia Asia Asia Asia",
    ),
    (
        "filler-run",
        [(NATIVE, "So uh, uh, uh, we grew revenue.")],
        (), "noise-loop", "uh, uh, uh,",
    ),
    (
        "noise-segment",
        [(NATIVE, "Revenue grew."), ("noise", "Thank you. Thank you. Thank you. Thank you.")],
        (), "noise-loop", "Thank you. Thank you. Thank you. Thank you.",
    ),
    (
        "pinyin",
        [(NATIVE, "Revenue of Gongyouyun grew this quarter.")],
        (), "garbled-mt", "Gongyouyun",
    ),
    (
        "pinyin-yun",
        [(INTERP, "We thank every customer of Jinshan Yun for their trust.")],
        (), "garbled-mt", "Jinshan Yun",
    ),
    (
        "repeated-word",
        [(NATIVE, "We delivered the the strongest quarter in our history.")],
        (), "repeated-word", "the the",
    ),
    (
        "mojibake",
        [(NATIVE, "The companyâ€™s revenue grew.")],
        (), "encoding", "â€™s revenue grew.",
    ),
    (
        "replacement-char",
        [(NATIVE, "Revenue \ufffd grew.")],
        (), "encoding", "\ufffd",
    ),
    (
        "speaker-space",
        [(NATIVE, "Operator: Welcome to the call."), (NATIVE, "Maria Perez: Thank you."),
         (NATIVE, "Maria Perez : Revenue grew."), (NATIVE, "Operator: Next question.")],
        (), "speaker-format", "Maria Perez :",
    ),
    (
        "speaker-spelling",
        [(NATIVE, "Operator: Welcome to the call."), (NATIVE, "Maria Perez: Thank you."),
         (NATIVE, "Maria Perez: Revenue grew."), (NATIVE, "MARIA PEREZ: One more thing.")],
        (), "speaker-format", "MARIA PEREZ",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "pairs", "code", "span"), [c[1:] for c in PLANTED], ids=[c[0] for c in PLANTED])
def test_planted_problem_is_found_at_its_span(lines, pairs, code, span) -> None:
    result = build(lines, pairs)
    found = [result.text[f.start : f.end] for f in run_checks(result) if f.code == code]
    assert span in found, (code, found, [(f.code, f.message) for f in run_checks(result)])


CLEAN = [
    (
        "matching-figures",
        [(ORIG, "Gongyouyun income reach RMB1.35 billion, increase 3%, the gross profit rate 15.4%."),
         (INTERP, "Public cloud revenue reached RMB 1.35 billion, up 3%, and gross margin was 15.4%.")],
        P01,
    ),
    (
        "chinese-scales",
        [(ZH, "本季度总收入达到32亿元，同比增长百分之十二，毛利率为十五点四%。"),
         (INTERP, "Total revenue reached RMB 3.2 billion this quarter, up 12% year over year, with a gross margin of 15.4%.")],
        P01,
    ),
    (
        "rounded",
        [(ORIG, "After adjust gross profit reach RMB 168.5 million."),
         (INTERP, "Adjusted gross profit reached approximately RMB 169 million.")],
        P01,
    ),
    (
        "english-call",
        [(NATIVE, "Operator: Welcome to the Harbor Lane Foods second quarter call."),
         (NATIVE, "Maria Perez: Net sales were $412.6 million, up 6.1%, and gross margin rose 40 basis points."),
         (NATIVE, "Tom Ellis: Operating cash flow was $58.3 million; we had had a strong spring."),
         (NATIVE, "Maria Perez: We expect net sales between $1.62 billion and $1.66 billion in 2031."),
         (NATIVE, "Operator: Thank you. That concludes the call.")],
        (),
    ),
    (
        "different-periods",
        [(NATIVE, "Revenue was RMB 2.1 billion this quarter, compared with RMB 1.8 billion in the same period last year."),
         (NATIVE, "Total revenue for the full year was RMB 7.9 billion.")],
        (),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "pairs"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean_text_has_no_findings(lines, pairs) -> None:
    result = build(lines, pairs)
    assert [(f.code, f.message) for f in run_checks(result)] == []


def test_glossary_findings_come_from_glossary_edits() -> None:
    result = build([(NATIVE, "Kingsoft Club and Jinshan Cloud grew."), (ORIG, "Jinshan Yun income reach record.")])
    t = result.text
    edits = tuple(
        Edit(
            t.index(w), t.index(w) + len(w), w, "Kingsoft Cloud", "glossary:variant", 0.95, "variant", "kingsoft-cloud"
        )
        for w in ("Kingsoft Club", "Jinshan Cloud", "Jinshan Yun")
    )
    findings = [f for f in run_checks(replace(result, edits=edits)) if f.code == "glossary"]
    spans = [t[f.start : f.end] for f in findings]
    assert spans.count("Kingsoft Club") == 2  # the wrong variant, and the first of two renderings
    assert "Jinshan Cloud" in spans
    assert "Jinshan Yun" not in spans  # inside an original remark: expected garble
    assert any("rendered 2 ways" in f.message for f in findings)


def test_registry_codes_are_unique_and_documented() -> None:
    assert len(CODES) == len(set(CODES))
    for c in CHECKS:
        assert c.doc and c.severity in ("error", "warning", "info")
    listing = describe()
    assert all(code in listing for code in CODES)


def test_config_selects_and_overrides_severity() -> None:
    result = build([(NATIVE, "We delivered the the strongest quarter. Asia Asia Asia Asia Asia")])
    config = CheckConfig(disable=("noise-loop",), severity={"repeated-word": "error"})
    findings = run_checks(result, config)
    assert {f.code for f in findings} == {"repeated-word"}
    assert findings[0].severity == "error"
    assert [c.code for c in selected(CheckConfig(enable=("encoding",)))] == ["encoding"]


@pytest.mark.parametrize(
    ("threshold", "codes"), [("error", set()), ("warning", {"noise-loop"}), ("info", {"noise-loop", "repeated-word"})]
)
def test_at_or_above(threshold, codes) -> None:
    result = build([(NATIVE, "We delivered the the strongest quarter. Asia Asia Asia Asia Asia")])
    assert {f.code for f in at_or_above(run_checks(result), threshold)} == codes


def test_fingerprints_survive_edits_elsewhere() -> None:
    body = [(NATIVE, "We delivered the the strongest quarter."), (NATIVE, "Revenue \ufffd grew.")]
    before = run_checks(build(body))
    after = run_checks(build([(NATIVE, "A new opening line was added by the editor."), *body]))
    assert [f.start for f in before] != [f.start for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
    assert len({f.fingerprint for f in before}) == len(before)


def test_identical_findings_get_distinct_fingerprints() -> None:
    result = build([(NATIVE, "It was the the best."), (NATIVE, "It was the the best.")])
    fps = [f.fingerprint for f in run_checks(result)]
    assert len(fps) == 2 and len(set(fps)) == 2


# --------------------------------------------------------------------------- encoding: the ftfy prefilter

_NO_MOJIBAKE_CHARS = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # printable ASCII
    st.sampled_from("‘’“”–—…"),
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK symbols and punctuation
    st.characters(min_codepoint=0xFF00, max_codepoint=0xFFEF),  # halfwidth and fullwidth forms
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # Han: the unified block
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # extension B
)


@settings(max_examples=500, deadline=None)
@given(st.text(_NO_MOJIBAKE_CHARS, min_size=1, max_size=40))
def test_text_the_prefilter_passes_is_no_mojibake_to_ftfy(text: str) -> None:
    """``NO_MOJIBAKE`` only spares ftfy lines ftfy would pass: it never hides what ftfy finds."""
    import ftfy.badness

    assert NO_MOJIBAKE.fullmatch(text)
    assert not ftfy.badness.is_bad(text)


def test_the_prefilter_takes_chinese_and_typographic_quotes_not_mojibake() -> None:
    assert NO_MOJIBAKE.fullmatch("张总：我们的“公有云”收入——同比增长12%……（Zhang’s remarks）")
    assert not NO_MOJIBAKE.fullmatch("The company’s revenue".encode().decode("cp1252"))
    assert not NO_MOJIBAKE.fullmatch("Café")


@pytest.mark.parametrize(
    "line",
    [
        "The company’s revenue".encode().decode("cp1252"),  # "The companyâ€™s revenue"
        "公司的“收入”：" + "The company’s revenue".encode().decode("cp1252"),
    ],
)
def test_mojibake_among_chinese_and_quotes_is_still_found(line: str) -> None:
    result = build([(NATIVE, "营收增长。“Revenue grew” — by 12%…"), (NATIVE, line)])
    findings = run_checks(result, CheckConfig(enable=("encoding",)))
    spans = [result.text[f.start : f.end] for f in findings]
    assert len(spans) == 1 and spans[0].endswith("â€™s revenue"), spans  # from ftfy's first change on


# --------------------------------------------------------------------------- speed paths hold to the slow ones


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab Zq'’_-9é.\n\t"), max_size=30))
def test_latin_words_are_latin_token_words(text: str) -> None:
    """The ASCII fast path of ``features.latin_words`` (garbled-mt's words) finds the words
    ``features.LATIN_TOKEN`` finds."""
    from bitranscript.features import LATIN_TOKEN, latin_words

    assert latin_words(text) == LATIN_TOKEN.findall(text)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(st.sampled_from("ab AB\t_-5'.,\n"), max_size=30), st.text(st.sampled_from("aA bé\tİ"), max_size=20)
    )
)
def test_doubles_are_double_pattern_matches(text: str) -> None:
    """``checks._doubles`` (the standard library's engine on ASCII text) finds what
    ``checks._DOUBLE`` finds."""
    from bitranscript.checks import _DOUBLE, _doubles

    assert list(_doubles(text)) == [(m.start(), m.end(), m.group(1)) for m in _DOUBLE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["[", "(", "]", ")", " ", "\n", "x", "Foreign", "language", "non-English", "Chinese", "names"]),
        max_size=14,
    ).map("".join)
)
def test_placeholders_are_placeholder_matches(text: str) -> None:
    """``checks._placeholders`` (tried at brackets only) finds what ``features.PLACEHOLDER`` finds."""
    from bitranscript.checks import _placeholders
    from bitranscript.features import PLACEHOLDER

    assert [m.span() for m in _placeholders(text)] == [m.span() for m in PLACEHOLDER.finditer(text)]


def test_number_checks_find_the_same_with_every_figure_parsed() -> None:
    """``Context.figures`` parses a segment's figures only when a number check reads them: on
    the examples (real calls' shapes) the number checks find what they find with every
    segment parsed up front."""
    from pathlib import Path

    import bitranscript
    from bitranscript.checks import Context

    number_checks = [c for c in CHECKS if c.code.startswith("number-")]
    skipped = 0
    for path in sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt")):
        result = bitranscript.process(path.read_text(encoding="utf-8"))
        eager = Context(result)
        for i in range(len(result.segments)):
            eager.figures[i]
        lazy = Context(result)
        for chk in number_checks:
            assert set(chk.run(lazy)) == set(chk.run(eager)), (path.name, chk.code)
        skipped += len(result.segments) - len(lazy.figures)
    assert skipped > 0


def test_repeated_word_keeps_its_own_loop_length() -> None:
    """``noise-min-repeats`` tunes the noise-loop check only: a word said three times is a loop
    to it at 3, and still a repeated word (not a loop) to ``repeated-word``."""
    result = build([(NATIVE, "We grew the the the cloud business."), (NATIVE, "Thank you.")])
    findings = run_checks(result, CheckConfig(thresholds={"noise-min-repeats": 3}))
    assert sorted(f.code for f in findings) == ["noise-loop", "repeated-word"]
    findings = run_checks(result, CheckConfig())
    assert [f.code for f in findings] == ["repeated-word"]
