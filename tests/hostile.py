"""The hostile-input corpus, generated on demand (no binary blobs are checked in).

Each :class:`Case` makes the bytes of one input file (and, for glossary cases, one
glossary file) and says what must happen: ``ok`` (exit 0 and a lossless result whose
text is ``text``) or ``error`` (exit 2 and a one-line message naming the file that
contains ``message``). ``tests/test_hostile.py`` runs every case through the CLI;
``benchmarks/hostile.py`` runs them at full size and prints outcome, time and memory.

``scale`` shrinks the big cases (a million repetitions become ``scale`` million) so that
CI stays fast; the shapes stay the same. The 100 MB line is always 100 MB: it must be
refused by its size, before it is read.

All text here is invented for the corpus.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024

SAMPLE_ZH = "金山云第四季度收入同比增长百分之二十。我们的客户数量继续增加，公司将继续投资于云服务。\n"
SAMPLE_ZH_TRAD = "金山雲第四季度收入同比增長百分之二十。我們的客戶數量繼續增加，公司將繼續投資於雲服務。\n"
SAMPLE_EN = (
    "Operator\nGood morning, and welcome to the fourth quarter earnings call.\n"
    "Jane Doe\nThank you. Revenue grew twenty percent year over year, driven by cloud services.\n"
)
SAMPLE_MIXED = (
    "Speaker One\nJinshan Yun de shouru zengzhang le. 我们的收入增长了。\n"
    "Interpreter\nKingsoft Cloud's revenue grew this quarter.\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[float], bytes]
    """The input file's bytes, at a scale (1.0 = full size)."""
    expect: str  # "ok" | "error"
    message: str = ""
    """For errors: a piece of the message after the file name (case-insensitive)."""
    text: str | None = None
    """For ok cases: the decoded text (None: the bytes decoded as UTF-8)."""
    glossary: Callable[[float], bytes] | None = None
    """A glossary file passed with ``--glossary``; the error (if any) must name it."""
    args: tuple[str, ...] = ()
    big: bool = False
    """Big enough that the benchmark reports its run time and peak memory."""
    where: str = ""
    """For errors: the place the message must name (``byte 14``, ``line 3``)."""
    note: str = ""
    known_bug: str = ""
    """A known failure, reported and left to the module's owner (the test is a strict xfail)."""


def _n(full: int, scale: float, floor: int = 1000) -> int:
    return max(floor, int(full * scale))


def _utf8(s: str) -> Callable[[float], bytes]:
    return lambda scale: s.encode("utf-8")


def _glossary(body: str) -> Callable[[float], bytes]:
    return lambda scale: body.encode("utf-8")


def _big_glossary(scale: float) -> bytes:
    n = _n(100_000, scale, floor=2000)
    parts = ['[glossary]\nname = "hostile: many entries"\n']
    for i in range(n):
        parts.append(f'\n[[entry]]\nid = "t{i}"\nen = "Termx{i:06d} Holdings"\nvariants = ["Termy{i:06d} Holding"]\n')
    return "".join(parts).encode("utf-8")


def _line(size: int, unit: bytes) -> bytes:
    return (unit * (size // len(unit) + 1))[:size]


CASES: tuple[Case, ...] = (
    # -- empty and not text
    Case("empty", lambda s: b"", "error", "empty"),
    Case("bom-only", lambda s: codecs.BOM_UTF8, "error", "empty"),
    Case("whitespace-only", lambda s: b"  \n\t\r\n \n", "error", "white space"),
    Case("png", lambda s: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "error",
         "PNG", where="byte 8"),
    Case("nul-bytes", lambda s: b"Good morning.\x00\x00\x00 welcome", "error", "NUL", where="byte 13"),
    Case("control-flood", lambda s: bytes(range(1, 9)) * 200, "error", "control character"),
    Case("invalid-utf8", lambda s: b"Good morning.\nWelcome \xff\xfe\xfd to the call.\n", "error", "not UTF-8",
         where="line 2, byte 22"),
    Case("latin1", lambda s: "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve.\n".encode("latin-1"), "error", "--encoding",
         where="byte 3"),
    Case("truncated-utf16", lambda s: SAMPLE_EN.encode("utf-16-le")[:-1], "error", "utf-16", note="odd length"),
    Case("bad-encoding-name", _utf8(SAMPLE_EN), "error", "unknown encoding", args=("--encoding", "klingon-8")),
    Case("wrong-encoding", lambda s: SAMPLE_ZH.encode("utf-8"), "error", "ascii", args=("--encoding", "ascii"),
         where="byte 0"),
    # -- encodings and line endings (all must decode to the right text, offsets kept)
    Case("utf8-bom", lambda s: codecs.BOM_UTF8 + (SAMPLE_EN + SAMPLE_ZH).encode(), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16le-no-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16-le"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16be-no-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16-be"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16le-chinese-only", lambda s: (SAMPLE_ZH * 3).encode("utf-16-le"), "ok", text=SAMPLE_ZH * 3),
    Case("utf32-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-32"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("gb18030", lambda s: (SAMPLE_MIXED + SAMPLE_ZH).encode("gb18030"), "ok", text=SAMPLE_MIXED + SAMPLE_ZH),
    Case("gb18030-4byte", lambda s: "收入增长 \u20ac 𠀀 完成。\n".encode("gb18030"), "ok", text="收入增长 \u20ac 𠀀 完成。\n"),
    Case("big5", lambda s: (SAMPLE_ZH_TRAD * 2).encode("big5"), "ok", text=SAMPLE_ZH_TRAD * 2),
    Case("big5-explicit", lambda s: SAMPLE_ZH_TRAD.encode("big5"), "ok", text=SAMPLE_ZH_TRAD, args=("--encoding", "big5")),
    Case("crlf", lambda s: SAMPLE_EN.replace("\n", "\r\n").encode(), "ok"),
    Case("lone-cr", lambda s: SAMPLE_EN.replace("\n", "\r").encode(), "ok"),
    Case("mixed-endings", lambda s: b"Operator\r\nGood morning.\rJane Doe\nThank you.\r\n\rBye.\n\r", "ok"),
    Case("no-final-newline", lambda s: SAMPLE_EN.rstrip("\n").encode(), "ok"),
    # -- odd but valid text
    Case("only-chinese", lambda s: (SAMPLE_ZH * 20).encode(), "ok"),
    Case("only-punctuation", lambda s: ("...!!!???,,,;;;::: ---  。。。！！！？？？ ……" * 200 + "\n").encode(), "ok"),
    Case("rtl-and-emoji", _utf8("\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd 😀👍🏽 🇨🇳 revenue 增长 "
                                "\u202eevil\u202c \u200d\u200b\ufeff mid-text BOM.\n"), "ok"),
    Case("control-characters", _utf8("Good\x0bmorning.\x0c Revenue \x1b[31mgrew\x1b[0m.\x7f\x85 Thank you.\n"), "ok"),
    Case("combining-and-surrogate-plane", _utf8("Cafe\u0301 Z\u0351\u0352\u0353algo 𝓡𝓮𝓿𝓮𝓷𝓾𝓮 𠮷野家.\n"), "ok"),
    Case("deep-brackets", lambda s: ("(" * _n(100_000, s) + "revenue" + ")" * _n(100_000, s) + "\n").encode(), "ok"),
    Case("deep-brackets-mixed", lambda s: ("([{「【" * _n(20_000, s) + "x" + "】」}])" * _n(20_000, s)).encode(), "ok"),
    # -- adversarial for regular expressions and quadratic loops
    Case("million-words", lambda s: b"revenue " * _n(1_000_000, s), "ok", big=True),
    Case("million-newlines", lambda s: b"\n" * _n(1_000_000, s) + b"Thank you.\n", "ok", big=True),
    Case("million-fillers", lambda s: b"uh, " * _n(1_000_000, s), "ok", big=True),
    Case("loop-of-six", lambda s: b"we will go to the cloud " * _n(200_000, s), "ok", big=True),
    Case("long-word", lambda s: b"a" * _n(1_000_000, s, floor=20_000) + b".\n", "ok", big=True,
         note="a pinyin-splittable word of a million letters"),
    Case("long-pinyin-word", lambda s: b"ma" * _n(500_000, s, floor=10_000) + b" revenue.\n", "ok", big=True,
         note="a word that splits into pinyin syllables: the syllable search must not be quadratic"),
    Case("long-word-then-period", lambda s: b"x" * _n(1_000_000, s, floor=20_000) + b". Next sentence.\n", "ok",
         big=True),
    Case("dotted-initials", lambda s: b"A." * _n(500_000, s) + b" end\n", "ok", big=True),
    Case("abbreviations", lambda s: b"Mr. Dr. U.S. Inc. " * _n(100_000, s) + b"\n", "ok", big=True),
    Case("many-sentences-one-line", lambda s: b"Revenue grew. " * _n(100_000, s, floor=300) + b"\n", "ok", big=True,
         note="one line, many sentence units (the alignment search)"),
    Case("many-sentences", lambda s: b"Revenue grew this quarter.\n" * _n(100_000, s, floor=300), "ok", big=True),
    Case("question-marks", lambda s: b"?" * _n(1_000_000, s) + b"\n", "ok", big=True),
    Case("dots", lambda s: b"." * _n(1_000_000, s) + b"\n", "ok", big=True),
    Case("ellipses-before-capitals", lambda s: b"... A " * _n(200_000, s) + b"\n", "ok", big=True),
    Case("spaces", lambda s: b" " * _n(1_000_000, s) + b"x\n", "ok", big=True),
    Case("tabs-and-ideographic-spaces", lambda s: ("\t\u3000 " * _n(300_000, s) + "x\n").encode(), "ok", big=True),
    Case("vendor-words-flood", lambda s: b"This transcript was " * _n(200_000, s) + b"\nThank you.\n", "ok", big=True,
         note="the disclaimer pattern (transcript .{0,80} generated) on a huge first line"),
    Case("capitalised-words-no-colon", lambda s: b"Jane Doe " * _n(200_000, s) + b"\n", "ok", big=True,
         note="speaker-label patterns on a line that never ends in a colon"),
    Case("placeholder-brackets", lambda s: b"[ " * _n(200_000, s) + b"foreign speech ]\n", "ok", big=True,
         note="text starting with '[' is tried as JSON; nesting past the parser's depth is text"),
    Case("speaker-label-flood", lambda s: b"Jane Doe\n" * _n(200_000, s, floor=300), "ok", big=True),
    Case("inline-label-flood", lambda s: b"Jane Doe: yes. " * _n(100_000, s, floor=300) + b"\n", "ok", big=True),
    Case("one-mb-line-no-punctuation", lambda s: _line(int(MB * max(s, 0.05)), b"alpha beta gamma revenue cloud "),
         "ok", big=True),
    # -- resource limits
    Case("100mb-line", lambda s: _line(100 * MB, b"a"), "error", "over the limit", big=True,
         note="refused on its size before it is read"),
    Case("max-bytes", _utf8(SAMPLE_EN), "error", "--max-bytes", args=("--max-bytes", "10")),
    # -- glossaries
    Case("glossary-100k-entries", _utf8(SAMPLE_MIXED + "Termy000007 Holding reported.\n"), "ok",
         glossary=_big_glossary, big=True),
    Case("glossary-bad-toml", _utf8(SAMPLE_EN), "error", "TOML",
         glossary=_glossary('[glossary]\nname = "x"\n\n[[entry]]\nen = "Kingsoft Cloud\nzh = ["金山云"]\n')),
    Case("glossary-wrong-types", _utf8(SAMPLE_EN), "error", "must be",
         glossary=_glossary('[[entry]]\nen = "Kingsoft Cloud"\nvariants = 42\n')),
    Case("glossary-empty-canonical", _utf8(SAMPLE_EN), "error", "canonical",
         glossary=_glossary('[[entry]]\nen = ""\nvariants = ["Jinshan Yun"]\n')),
    Case("glossary-variant-cycle", _utf8(SAMPLE_EN), "error", "variant",
         glossary=_glossary('[[entry]]\nen = "Alpha Cloud"\nvariants = ["Beta Cloud"]\n\n'
                            '[[entry]]\nen = "Beta Cloud"\nvariants = ["Alpha Cloud"]\n')),
    Case("glossary-entry-not-table", _utf8(SAMPLE_EN), "error", "", glossary=_glossary('entry = [1, 2, 3]\n')),
    Case("glossary-not-utf8", _utf8(SAMPLE_EN), "error", "", glossary=lambda s: b'[[entry]]\nen = "\xff\xfe"\n'),
    Case("glossary-binary", _utf8(SAMPLE_EN), "error", "", glossary=lambda s: b"\x89PNG\r\n\x1a\n\x00\x00"),
    Case("glossary-missing", _utf8(SAMPLE_EN), "error", "", glossary=None, args=("--glossary", "{dir}/nope.toml")),
)


@dataclass(frozen=True)
class Built:
    case: Case
    input: Path
    glossary: Path | None
    expected_text: str | None
    args: tuple[str, ...] = field(default=())


def build(case: Case, directory: Path, *, scale: float = 1.0) -> Built:
    """Write one case's files under ``directory``; return their paths and the expected text."""
    directory.mkdir(parents=True, exist_ok=True)
    data = case.make(scale)
    path = directory / f"{case.name}.txt"
    path.write_bytes(data)
    glossary = None
    args = tuple(a.replace("{dir}", str(directory)) for a in case.args)
    if case.glossary is not None:
        glossary = directory / f"{case.name}.glossary.toml"
        glossary.write_bytes(case.glossary(scale))
        args += ("--glossary", str(glossary))
    expected = None
    if case.expect == "ok":
        expected = case.text if case.text is not None else data.decode("utf-8")
    return Built(case, path, glossary, expected, args)


def build_all(directory: Path, *, scale: float = 1.0) -> list[Built]:
    return [build(c, directory, scale=scale) for c in CASES]


if __name__ == "__main__":  # python tests/hostile.py DIR [SCALE]: write the corpus to look at
    import sys

    out = Path(sys.argv[1])
    for b in build_all(out, scale=float(sys.argv[2]) if len(sys.argv) > 2 else 1.0):
        print(f"{b.case.expect:5} {b.input}")
