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
    # empty: the empty transcript, as process("") takes it; the "empty" check reports it (check: exit 1)
    Case("empty", lambda s: b"", "ok"),
    Case("bom-only", lambda s: codecs.BOM_UTF8, "ok", text=""),
    Case("whitespace-only", lambda s: b"  \n\t\r\n \n", "ok"),
    Case(
        "png",
        lambda s: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
        "error",
        "PNG",
        where="byte 8",
    ),
    Case("nul-bytes", lambda s: b"Good morning.\x00\x00\x00 welcome", "error", "NUL", where="byte 13"),
    Case(
        "nul-bytes-even-length",
        lambda s: b"Good morning.\x00\x00 welcome\n",
        "error",
        "NUL",
        where="byte 13",
        note="was read as BOM-less UTF-16: Chinese-looking garbage, exit 0",
    ),
    Case("nul-after-8k", lambda s: SAMPLE_EN.encode() * 60 + b"\x00 tail\n", "error", "NUL", where="line 241"),
    Case(
        "nul-after-8k-utf8-bom",
        lambda s: codecs.BOM_UTF8 + (SAMPLE_EN * 60 + "\x00 tail\n").encode(),
        "error",
        "NUL",
        where="line 241",
    ),
    Case(
        "nul-after-8k-utf16-bom",
        lambda s: (SAMPLE_EN * 60 + "\x00 tail\n").encode("utf-16"),
        "error",
        "NUL",
        where="line 241",
    ),
    Case(
        "surrogate-from-unicode-escape",
        _utf8("Good morning \\ud800 everyone.\n"),
        "error",
        "lone surrogate",
        args=("--encoding", "unicode_escape"),
        where="line 1, character 13",
    ),
    Case("control-flood", lambda s: bytes(range(1, 9)) * 200, "error", "control character"),
    Case(
        "invalid-utf8",
        lambda s: b"Good morning.\nWelcome \xff\xfe\xfd to the call.\n",
        "error",
        "not UTF-8",
        where="line 2, byte 22",
    ),
    Case(
        "latin1",
        lambda s: "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve.\n".encode("latin-1"),
        "error",
        "--encoding",
        where="byte 3",
    ),
    Case("truncated-utf16", lambda s: SAMPLE_EN.encode("utf-16-le")[:-1], "error", "utf-16", note="odd length"),
    Case("bad-encoding-name", _utf8(SAMPLE_EN), "error", "unknown encoding", args=("--encoding", "klingon-8")),
    Case(
        "wrong-encoding",
        lambda s: SAMPLE_ZH.encode("utf-8"),
        "error",
        "ascii",
        args=("--encoding", "ascii"),
        where="byte 0",
    ),
    # -- encodings and line endings (all must decode to the right text, offsets kept)
    Case("utf8-bom", lambda s: codecs.BOM_UTF8 + (SAMPLE_EN + SAMPLE_ZH).encode(), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16le-no-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16-le"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16be-no-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-16-be"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("utf16le-chinese-only", lambda s: (SAMPLE_ZH * 3).encode("utf-16-le"), "ok", text=SAMPLE_ZH * 3),
    Case("utf32-bom", lambda s: (SAMPLE_EN + SAMPLE_ZH).encode("utf-32"), "ok", text=SAMPLE_EN + SAMPLE_ZH),
    Case("gb18030", lambda s: (SAMPLE_MIXED + SAMPLE_ZH).encode("gb18030"), "ok", text=SAMPLE_MIXED + SAMPLE_ZH),
    Case(
        "gb18030-4byte",
        lambda s: "收入增长 \u20ac 𠀀 完成。\n".encode("gb18030"),
        "ok",
        text="收入增长 \u20ac 𠀀 完成。\n",
    ),
    Case("big5", lambda s: (SAMPLE_ZH_TRAD * 2).encode("big5"), "ok", text=SAMPLE_ZH_TRAD * 2),
    Case(
        "big5-explicit", lambda s: SAMPLE_ZH_TRAD.encode("big5"), "ok", text=SAMPLE_ZH_TRAD, args=("--encoding", "big5")
    ),
    Case("crlf", lambda s: SAMPLE_EN.replace("\n", "\r\n").encode(), "ok"),
    Case("lone-cr", lambda s: SAMPLE_EN.replace("\n", "\r").encode(), "ok"),
    Case("mixed-endings", lambda s: b"Operator\r\nGood morning.\rJane Doe\nThank you.\r\n\rBye.\n\r", "ok"),
    Case("no-final-newline", lambda s: SAMPLE_EN.rstrip("\n").encode(), "ok"),
    # -- odd but valid text
    Case("only-chinese", lambda s: (SAMPLE_ZH * 20).encode(), "ok"),
    Case("only-punctuation", lambda s: ("...!!!???,,,;;;::: ---  。。。！！！？？？ ……" * 200 + "\n").encode(), "ok"),
    Case(
        "rtl-and-emoji",
        _utf8(
            "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd 😀👍🏽 🇨🇳 revenue 增长 "
            "\u202eevil\u202c \u200d\u200b\ufeff mid-text BOM.\n"
        ),
        "ok",
    ),
    Case("control-characters", _utf8("Good\x0bmorning.\x0c Revenue \x1b[31mgrew\x1b[0m.\x7f\x85 Thank you.\n"), "ok"),
    Case("combining-and-surrogate-plane", _utf8("Cafe\u0301 Z\u0351\u0352\u0353algo 𝓡𝓮𝓿𝓮𝓷𝓾𝓮 𠮷野家.\n"), "ok"),
    Case("deep-brackets", lambda s: ("(" * _n(100_000, s) + "revenue" + ")" * _n(100_000, s) + "\n").encode(), "ok"),
    Case("deep-brackets-mixed", lambda s: ("([{「【" * _n(20_000, s) + "x" + "】」}])" * _n(20_000, s)).encode(), "ok"),
    # -- adversarial for regular expressions and quadratic loops
    Case("million-words", lambda s: b"revenue " * _n(1_000_000, s), "ok", big=True),
    Case("million-newlines", lambda s: b"\n" * _n(1_000_000, s) + b"Thank you.\n", "ok", big=True),
    Case("million-fillers", lambda s: b"uh, " * _n(1_000_000, s), "ok", big=True),
    Case("loop-of-six", lambda s: b"we will go to the cloud " * _n(200_000, s), "ok", big=True),
    Case(
        "long-word",
        lambda s: b"a" * _n(1_000_000, s, floor=20_000) + b".\n",
        "ok",
        big=True,
        note="a pinyin-splittable word of a million letters",
    ),
    Case(
        "long-pinyin-word",
        lambda s: b"ma" * _n(500_000, s, floor=10_000) + b" revenue.\n",
        "ok",
        big=True,
        note="a word that splits into pinyin syllables: the syllable search must not be quadratic",
    ),
    Case(
        "long-word-then-period", lambda s: b"x" * _n(1_000_000, s, floor=20_000) + b". Next sentence.\n", "ok", big=True
    ),
    Case("dotted-initials", lambda s: b"A." * _n(500_000, s) + b" end\n", "ok", big=True),
    Case("abbreviations", lambda s: b"Mr. Dr. U.S. Inc. " * _n(100_000, s) + b"\n", "ok", big=True),
    Case(
        "many-sentences-one-line",
        lambda s: b"Revenue grew. " * _n(100_000, s, floor=300) + b"\n",
        "ok",
        big=True,
        note="one line, many sentence units (the alignment search)",
    ),
    Case("many-sentences", lambda s: b"Revenue grew this quarter.\n" * _n(100_000, s, floor=300), "ok", big=True),
    Case("question-marks", lambda s: b"?" * _n(1_000_000, s) + b"\n", "ok", big=True),
    Case("dots", lambda s: b"." * _n(1_000_000, s) + b"\n", "ok", big=True),
    Case("ellipses-before-capitals", lambda s: b"... A " * _n(200_000, s) + b"\n", "ok", big=True),
    Case("spaces", lambda s: b" " * _n(1_000_000, s) + b"x\n", "ok", big=True),
    Case("tabs-and-ideographic-spaces", lambda s: ("\t\u3000 " * _n(300_000, s) + "x\n").encode(), "ok", big=True),
    Case(
        "vendor-words-flood",
        lambda s: b"This transcript was " * _n(200_000, s) + b"\nThank you.\n",
        "ok",
        big=True,
        note="the disclaimer pattern (transcript .{0,80} generated) on a huge first line",
    ),
    Case(
        "capitalised-words-no-colon",
        lambda s: b"Jane Doe " * _n(200_000, s) + b"\n",
        "ok",
        big=True,
        note="speaker-label patterns on a line that never ends in a colon",
    ),
    Case(
        "placeholder-brackets",
        lambda s: b"[ " * _n(200_000, s) + b"foreign speech ]\n",
        "ok",
        big=True,
        note="text starting with '[' is tried as JSON; nesting past the parser's depth is text",
    ),
    Case("speaker-label-flood", lambda s: b"Jane Doe\n" * _n(200_000, s, floor=300), "ok", big=True),
    Case("inline-label-flood", lambda s: b"Jane Doe: yes. " * _n(100_000, s, floor=300) + b"\n", "ok", big=True),
    Case(
        "one-mb-line-no-punctuation",
        lambda s: _line(int(MB * max(s, 0.05)), b"alpha beta gamma revenue cloud "),
        "ok",
        big=True,
    ),
    # -- the size cases of issue 13 (benchmarks/hostile.py prints their time and peak memory)
    Case(
        "sentences-20mb-one-line",
        lambda s: b"Our revenue grew. " * _n(1_100_000, s) + b"\n",
        "ok",
        big=True,
        note="was killed after 900 s: sentence splitting copied the rest of the line at every period",
    ),
    Case(
        "short-lines-200k",
        lambda s: b"Our revenue grew.\n" * _n(200_000, s),
        "ok",
        big=True,
        note="was 35 s and 844 MB",
    ),
    Case("question-marks-4mb", lambda s: b"?" * _n(4 * MB, s) + b"\n", "ok", big=True, note="was 881 MB"),
    Case(
        "glossary-edits-40k-lines",
        lambda s: b"Jinshan Yun and Gongyouyun grew.\n" * _n(40_000, s),
        "ok",
        big=True,
        note="was 182 s: edits.reconcile compared every edit with every kept one",
    ),
    # -- resource limits
    Case(
        "100mb-line",
        lambda s: _line(100 * MB, b"a"),
        "error",
        "over the limit",
        big=True,
        note="refused on its size before it is read",
    ),
    Case("max-bytes", _utf8(SAMPLE_EN), "error", "--max-bytes", args=("--max-bytes", "10")),
    # -- glossaries
    Case(
        "glossary-100k-entries",
        _utf8(SAMPLE_MIXED + "Termy000007 Holding reported.\n"),
        "ok",
        glossary=_big_glossary,
        big=True,
    ),
    Case(
        "glossary-bad-toml",
        _utf8(SAMPLE_EN),
        "error",
        "TOML",
        glossary=_glossary('[glossary]\nname = "x"\n\n[[entry]]\nen = "Kingsoft Cloud\nzh = ["金山云"]\n'),
    ),
    Case(
        "glossary-wrong-types",
        _utf8(SAMPLE_EN),
        "error",
        "must be",
        glossary=_glossary('[[entry]]\nen = "Kingsoft Cloud"\nvariants = 42\n'),
    ),
    Case(
        "glossary-empty-canonical",
        _utf8(SAMPLE_EN),
        "error",
        "canonical",
        glossary=_glossary('[[entry]]\nen = ""\nvariants = ["Jinshan Yun"]\n'),
    ),
    Case(
        "glossary-variant-cycle",
        _utf8(SAMPLE_EN),
        "error",
        "variant",
        glossary=_glossary(
            '[[entry]]\nen = "Alpha Cloud"\nvariants = ["Beta Cloud"]\n\n'
            '[[entry]]\nen = "Beta Cloud"\nvariants = ["Alpha Cloud"]\n'
        ),
    ),
    Case("glossary-entry-not-table", _utf8(SAMPLE_EN), "error", "", glossary=_glossary("entry = [1, 2, 3]\n")),
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


# --------------------------------------------------------------------------- the command line, whole runs
#
# Cases that need more than one input file: outputs that name an input, special files,
# configurations, closed streams, signals. Each row is a command (``{d}`` is the case's
# folder) with the files it finds there, the exit code it must give and a pattern its
# standard error must match; ``tests/test_hostile.py::test_cli_case`` runs them and also
# checks that no input changed and no temp file was left behind.

FIFO, SOCKET = "<fifo>", "<socket>"
"""Special values of :attr:`CliCase.files`: make a FIFO or a Unix socket there."""


@dataclass(frozen=True)
class CliCase:
    name: str
    files: dict[str, bytes | str]
    """Relative path -> bytes, FIFO, SOCKET, ``"hardlink:REL"`` or ``"symlink:REL"``."""
    argv: tuple[str, ...]
    code: int
    """The exit status (a negative number: killed by that signal)."""
    message: str = ""
    """A regular expression searched in standard error."""
    names: str = ""
    """A path (with ``{d}``) that the error line must name: the file at fault."""
    stdin: str | None = None
    """``"closed"``, or a file to read standard input from (``/dev/zero``)."""
    stdout_closed: bool = False
    stderr_closed: bool = False
    signal: int = 0
    """Send this signal once a temp file exists under ``{d}`` (a write in progress)."""
    process: bool = False
    """Run ``python -m bitranscript`` in a subprocess (needed for closed streams, signals, raw bytes)."""
    check: Callable[[Path, bytes], None] | None = None
    """More checks on the folder and the captured standard output, after the run."""
    note: str = ""


def _is_char_device(path: str) -> Callable[[Path, bytes], None]:
    def check(d: Path, out: bytes) -> None:
        import stat

        assert stat.S_ISCHR(Path(path).stat().st_mode), f"{path} is no longer a device"

    return check


def _stdout_is_link(d: Path, out: bytes) -> None:
    assert Path("/dev/stdout").is_symlink(), "/dev/stdout was replaced"
    assert b'"segments"' in out or out, "nothing reached standard output"


def _utf8_lines(path: str | None, n: int, piece: str) -> Callable[[Path, bytes], None]:
    """The output (a file under the folder, or standard output) is UTF-8, ``n`` lines, and shows ``piece``."""

    def check(d: Path, out: bytes) -> None:
        data = (d / path).read_bytes() if path else out
        text = data.decode("utf-8")  # raises on raw non-UTF-8 bytes of a file name
        if n:
            assert len(text.splitlines()) == n, text[:500]
        assert piece in text

    return check


def _no_file(rel: str) -> Callable[[Path, bytes], None]:
    def check(d: Path, out: bytes) -> None:
        assert not (d / rel).exists(), f"{rel} was written"

    return check


_T = SAMPLE_EN.encode()
_G = b'[glossary]\nname = "x"\n\n[[entry]]\nen = "Kingsoft Cloud"\nvariants = ["Jinshan Yun"]\n'
_DEEP = lambda n: ("[" * n + "]" * n).encode()  # noqa: E731
_LATIN1_NAME = b"caf\xe9.txt".decode("utf-8", "surrogateescape")  # a file name that is not UTF-8
_BATCH = {"calls/a.txt": _T, "calls/b.txt": _T, "calls/c.txt": _T, "calls/d.txt": _T}
_POOLED_BATCH = dict.fromkeys(_BATCH, _T * 500)
"""320 KB in all: enough for ``batch.plan_jobs`` to start a worker pool (smaller batches run in one process)."""

CLI_CASES: tuple[CliCase, ...] = (
    # -- data loss: no output may be an input, a device is written in place, no temp file survives
    CliCase(
        "jsonl-o-is-the-input",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "--format", "jsonl", "-o", "{d}/in.txt"),
        2,
        "refusing to overwrite",
        "{d}/in.txt",
    ),
    CliCase(
        "jsonl-o-is-the-second-input",
        {"a.txt": _T, "in.txt": _T},
        ("align", "{d}/a.txt", "{d}/in.txt", "--format", "jsonl", "-o", "{d}/in.txt"),
        2,
        "refusing to overwrite",
        "{d}/in.txt",
    ),
    CliCase(
        "jsonl-o-is-a-glossary",
        {"in.txt": _T, "g.toml": _G},
        ("align", "{d}/in.txt", "--glossary", "{d}/g.toml", "--format", "jsonl", "-o", "{d}/g.toml"),
        2,
        "refusing to overwrite",
        "{d}/g.toml",
    ),
    CliCase(
        "o-dir-holds-an-input",
        {"calls/a.txt": _T, "calls/sub/a.txt": b"Operator\nOther text.\n"},
        ("clean", "{d}/calls", "-o", "{d}/calls/sub", "-q"),
        2,
        "refusing to overwrite",
        "{d}/calls/sub/a.txt",
    ),
    CliCase(
        "o-is-a-hard-link-of-the-input",
        {"in.txt": _T, "hard.txt": "hardlink:in.txt"},
        ("clean", "{d}/in.txt", "-o", "{d}/hard.txt"),
        2,
        r"refusing to overwrite the input .*in\.txt",
        "{d}/hard.txt",
    ),
    CliCase(
        "o-is-a-symlink-to-the-input",
        {"in.txt": _T, "link.txt": "symlink:in.txt"},
        ("clean", "{d}/in.txt", "-o", "{d}/link.txt"),
        2,
        r"refusing to overwrite the input .*in\.txt",
        "{d}/link.txt",
    ),
    CliCase(
        "o-dir-hard-link-of-an-input",
        {"calls/a.txt": _T, "out/a.txt": "hardlink:calls/a.txt", "calls/b.txt": _T},
        ("clean", "{d}/calls", "-o", "{d}/out", "-q"),
        2,
        "refusing to overwrite",
        "{d}/out/a.txt",
    ),
    CliCase(
        "o-is-the-glossary",
        {"in.txt": _T, "g.toml": _G},
        ("align", "{d}/in.txt", "--glossary", "{d}/g.toml", "-o", "{d}/g.toml"),
        2,
        "refusing to overwrite",
        "{d}/g.toml",
    ),
    CliCase(
        "o-is-the-config",
        {"in.txt": _T, "c.toml": b'fail-on = "error"\n'},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml", "-o", "{d}/c.toml"),
        2,
        "refusing to overwrite",
        "{d}/c.toml",
    ),
    CliCase(
        "write-baseline-is-the-input",
        {"in.txt": _T},
        ("check", "{d}/in.txt", "--write-baseline", "{d}/in.txt"),
        2,
        "refusing to overwrite",
        "{d}/in.txt",
    ),
    CliCase(
        "pair-o-is-source-mt",
        {"a.txt": b"One.\n", "b.txt": b"One.\n", "m.txt": b"One.\n"},
        ("pair", "{d}/a.txt", "{d}/b.txt", "--source-mt", "{d}/m.txt", "-o", "{d}/m.txt"),
        2,
        "refusing to overwrite",
        "{d}/m.txt",
    ),
    CliCase(
        "o-dev-null",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "-o", "/dev/null"),
        0,
        check=_is_char_device("/dev/null"),
        note="as root, a rename would replace the device",
    ),
    CliCase(
        "o-dev-full",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "-o", "/dev/full"),
        2,
        "No space left",
        "/dev/full",
        check=_is_char_device("/dev/full"),
    ),
    CliCase(
        "jsonl-o-dev-null",
        {"a.txt": _T, "b.txt": _T},
        ("align", "{d}/a.txt", "{d}/b.txt", "--format", "jsonl", "-o", "/dev/null", "-q"),
        0,
        check=_is_char_device("/dev/null"),
    ),
    CliCase(
        "o-dev-stdout",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "-o", "/dev/stdout"),
        0,
        process=True,
        check=_stdout_is_link,
    ),
    CliCase(
        "sigterm-during-jsonl-batch",
        _POOLED_BATCH,
        ("align", "{d}/calls", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q", "-j", "1"),
        -15,
        signal=15,
        process=True,
        check=_no_file("out.jsonl"),
    ),
    CliCase(
        "sigint-during-jsonl-batch",
        _POOLED_BATCH,
        ("align", "{d}/calls", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q", "-j", "1"),
        130,
        signal=2,
        process=True,
        check=_no_file("out.jsonl"),
    ),
    # -- inputs: regular files (and -) only; --max-bytes bounds every file read
    CliCase(
        "fifo-in-a-folder",
        {"calls/a.txt": _T, "calls/p.txt": FIFO},
        ("align", "{d}/calls", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q"),
        0,
        r"warning: .*p\.txt: skipped: a FIFO",
        check=_utf8_lines("out.jsonl", 1, "a.txt"),
    ),
    CliCase(
        "socket-in-a-folder",
        {"calls/a.txt": _T, "calls/s.txt": SOCKET},
        ("clean", "{d}/calls", "-o", "{d}/out", "-q"),
        0,
        r"warning: .*s\.txt: skipped: a socket",
    ),
    CliCase("fifo-named", {"p.txt": FIFO}, ("align", "{d}/p.txt"), 2, r"not a regular file \(a FIFO\)", "{d}/p.txt"),
    CliCase(
        "fifo-named-in-a-batch",
        {"a.txt": _T, "p.txt": FIFO},
        ("align", "{d}/a.txt", "{d}/p.txt", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q"),
        2,
        r"not a regular file \(a FIFO\)",
        "{d}/p.txt",
    ),
    CliCase("socket-named", {"s.txt": SOCKET}, ("clean", "{d}/s.txt"), 2, r"a socket", "{d}/s.txt"),
    CliCase("dev-zero-named", {}, ("align", "/dev/zero"), 2, "character device", "/dev/zero"),
    CliCase("list-file-is-a-fifo", {"list": FIFO}, ("align", "@{d}/list"), 2, "a FIFO", "{d}/list"),
    CliCase(
        "glossary-dev-zero",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "--glossary", "/dev/zero"),
        2,
        "glossary is not a regular file",
        "/dev/zero",
        note="read 5.4 GB before failing",
    ),
    CliCase(
        "glossary-fifo",
        {"in.txt": _T, "g.toml": FIFO},
        ("clean", "{d}/in.txt", "--glossary", "{d}/g.toml"),
        2,
        "a FIFO",
        "{d}/g.toml",
    ),
    CliCase(
        "glossary-over-max-bytes",
        {"in.txt": _T, "g.toml": _G + b"#" * 2000},
        ("align", "{d}/in.txt", "--glossary", "{d}/g.toml", "--max-bytes", "1000"),
        2,
        "over the limit",
        "{d}/g.toml",
    ),
    CliCase(
        "config-dev-zero",
        {"in.txt": _T},
        ("check", "{d}/in.txt", "--config", "/dev/zero"),
        2,
        "not a regular file",
        "/dev/zero",
    ),
    CliCase(
        "config-over-max-bytes",
        {"in.txt": _T, "c.toml": b'fail-on = "error"\n' + b"#" * 2000},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml", "--max-bytes", "1000"),
        2,
        "over the limit",
        "{d}/c.toml",
    ),
    CliCase(
        "baseline-dev-zero",
        {"in.txt": _T},
        ("check", "{d}/in.txt", "--baseline", "/dev/zero"),
        2,
        "not a regular file",
        "/dev/zero",
    ),
    CliCase(
        "stdin-dev-zero",
        {},
        ("align", "-", "--max-bytes", "100000"),
        2,
        "over the limit",
        "<stdin>",
        stdin="/dev/zero",
        process=True,
    ),
    # -- bad values: one line naming the file, the place and the value; exit 2, never 3
    CliCase(
        "config-threshold-inf",
        {"in.txt": _T, "c.toml": b"[thresholds]\nnoise-min-repeats = inf\n"},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml"),
        2,
        "noise-min-repeats must be a finite number, not inf",
        "{d}/c.toml",
    ),
    CliCase(
        "config-threshold-nan",
        {"in.txt": _T, "c.toml": b"[thresholds]\ngarbled-max-frequency = nan\n"},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml"),
        2,
        "finite number, not nan",
        "{d}/c.toml",
    ),
    CliCase(
        "config-misspelt-threshold",
        {"in.txt": _T, "c.toml": b"[thresholds]\nnoise-min-repeat = 3\n"},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml"),
        2,
        "did you mean 'noise-min-repeats'",
        "{d}/c.toml",
    ),
    CliCase(
        "config-misspelt-key",
        {"in.txt": _T, "c.toml": b'fial-on = "warning"\n'},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml"),
        2,
        "unknown key 'fial-on' .did you mean 'fail-on'",
        "{d}/c.toml",
    ),
    CliCase(
        "config-deeply-nested",
        {"in.txt": _T, "c.toml": b"thresholds = " + _DEEP(5000) + b"\n"},
        ("check", "{d}/in.txt", "--config", "{d}/c.toml"),
        2,
        "nested too deeply",
        "{d}/c.toml",
    ),
    CliCase(
        "baseline-deeply-nested",
        {"in.txt": _T, "b.json": _DEEP(100_000)},
        ("check", "{d}/in.txt", "--baseline", "{d}/b.json"),
        2,
        "nested too deeply",
        "{d}/b.json",
    ),
    CliCase(
        "baseline-5000-digits",
        {"in.txt": _T, "b.json": b'{"findings": [' + b"7" * 5000 + b"]}"},
        ("check", "{d}/in.txt", "--baseline", "{d}/b.json"),
        2,
        "malformed baseline",
        "{d}/b.json",
    ),
    CliCase(
        "encoding-undefined",
        {"in.txt": _T},
        ("align", "{d}/in.txt", "--encoding", "undefined"),
        2,
        "cannot decode as undefined",
        "{d}/in.txt",
    ),
    CliCase(
        "glossary-csv-huge-cell",
        {"in.txt": _T, "g.csv": b"en,note\nAcme," + b"x" * 140_000 + b"\n"},
        ("align", "{d}/in.txt", "--glossary", "{d}/g.csv"),
        2,
        "line 2: bad CSV: field larger",
        "{d}/g.csv",
    ),
    CliCase(
        "glossary-deeply-nested",
        {"in.txt": _T, "g.toml": _G + b'\n[[entry]]\nen = "A"\nnote = ' + _DEEP(5000)},
        ("align", "{d}/in.txt", "--glossary", "{d}/g.toml"),
        2,
        "nested too deeply",
        "{d}/g.toml",
    ),
    CliCase(
        "json-5000-digit-number",
        {"t.json": b'[{"speaker": "A", "text": "Hi.", "n": ' + b"9" * 5000 + b"}]"},
        ("align", "{d}/t.json", "-o", "{d}/out.json"),
        2,
        r"line 1, column \d+: number too long",
        "{d}/t.json",
    ),
    CliCase(
        "json-huge-exponent",
        {"t.json": b'[{"speaker": "A", "text": "Hi.", "n": 1e999999}]'},
        ("align", "{d}/t.json", "-o", "{d}/out.json"),
        2,
        "number out of range: 1e999999",
        "{d}/t.json",
    ),
    CliCase(
        "json-nan",
        {"t.json": b'[{"speaker": "A", "text": "Hi.", "n": NaN}]'},
        ("align", "{d}/t.json"),
        2,
        "not a JSON number: NaN",
        "{d}/t.json",
    ),
    CliCase(
        "json-lone-surrogate",
        {"t.json": b'[{"speaker": "A", "text": "Hi \\ud800 there."}]'},
        ("align", "{d}/t.json", "-o", "{d}/out.json"),
        2,
        r"turn 1, character 3: \"text\" holds a lone surrogate",
        "{d}/t.json",
    ),
    CliCase(
        "json-lone-surrogate-to-stdout",
        {"t.json": b'[{"speaker": "A\\udfff", "text": "Hi."}]'},
        ("align", "{d}/t.json"),
        2,
        "lone surrogate U\\+DFFF",
        "{d}/t.json",
        process=True,
    ),
    CliCase(
        "json-deeply-nested-in-a-batch",
        {"a.txt": _T, "deep.json": _DEEP(100_000)},
        ("align", "{d}/a.txt", "{d}/deep.json", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q"),
        2,
        "JSON nested too deeply",
        "{d}/deep.json",
    ),
    CliCase("stdin-closed", {}, ("align", "-"), 2, "standard input is closed", "<stdin>", stdin="closed", process=True),
    CliCase(
        "stdout-closed",
        {"in.txt": _T},
        ("align", "{d}/in.txt"),
        2,
        "standard output is closed",
        "<stdout>",
        stdout_closed=True,
        process=True,
    ),
    CliCase(
        "stdout-closed-jsonl",
        {"a.txt": _T, "b.txt": _T},
        ("align", "{d}/a.txt", "{d}/b.txt", "-q"),
        2,
        "standard output is closed",
        "<stdout>",
        stdout_closed=True,
        process=True,
    ),
    CliCase(
        "stderr-closed",
        {"a.txt": _T},
        ("align", "{d}/a.txt", "{d}/missing.txt", "--format", "jsonl"),
        2,
        stderr_closed=True,
        process=True,
        check=_utf8_lines(None, 2, '"ok": false'),
        note="print() falls back to standard output when stderr is None: messages must not land in the JSONL",
    ),
    CliCase(
        "non-utf8-file-name-o",
        {_LATIN1_NAME: _T},
        ("align", "{d}/" + _LATIN1_NAME, "--format", "json", "-o", "{d}/out.json"),
        0,
        check=_utf8_lines("out.json", 0, "caf\\\\xe9.txt"),
    ),
    CliCase(
        "non-utf8-file-name-jsonl",
        {"a.txt": _T, _LATIN1_NAME: _T, "b.txt": _T},
        ("align", "{d}/a.txt", "{d}/" + _LATIN1_NAME, "{d}/b.txt", "--format", "jsonl", "-o", "{d}/out.jsonl", "-q"),
        0,
        check=_utf8_lines("out.jsonl", 3, "caf\\\\xe9.txt"),
    ),
    CliCase(
        "non-utf8-file-name-jsonl-stdout",
        {"a.txt": _T, _LATIN1_NAME: _T, "b.txt": _T},
        ("align", "{d}/a.txt", "{d}/" + _LATIN1_NAME, "{d}/b.txt", "-q"),
        0,
        process=True,
        check=_utf8_lines(None, 3, "caf\\\\xe9.txt"),
    ),
    CliCase(
        "non-utf8-file-name-error",
        {_LATIN1_NAME: b"Good morning.\x00\x00\x00 welcome"},
        ("align", "{d}/" + _LATIN1_NAME),
        2,
        r"caf\\xe9\.txt: .*binary data",
        process=True,
    ),
)


def build_cli(case: CliCase, directory: Path) -> None:
    """Make the files of a command-line case under ``directory``."""
    import os
    import socket

    directory.mkdir(parents=True, exist_ok=True)
    for rel, content in case.files.items():
        path = directory / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == FIFO:
            os.mkfifo(path)
        elif content == SOCKET:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(str(path))
            sock.close()
        elif isinstance(content, str) and content.startswith("hardlink:"):
            os.link(directory / content.split(":", 1)[1], path)
        elif isinstance(content, str) and content.startswith("symlink:"):
            os.symlink(directory / content.split(":", 1)[1], path)
        else:
            assert isinstance(content, bytes)
            path.write_bytes(content)
