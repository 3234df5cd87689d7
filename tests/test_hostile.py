"""Every hostile input through the CLI: a correct result or a one-line error, exit 2.

For each case of ``tests/hostile.py``: the exit code is 0 (ok) or 2 (error); an error is
exactly one line on stderr naming the file (and the place, where it applies), with no
traceback; on error the output file is left as it was and no temp file is left behind;
the input (and glossary) file keeps its bytes and modification time; an ok result is
lossless (its text is the decoded input and ``rebuild()`` gives it back).

Big cases run at ``BITRANSCRIPT_HOSTILE_SCALE`` (default 0.02: twenty thousand
repetitions where the full corpus has a million); ``benchmarks/hostile.py`` runs them at
full size and prints times and memory.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from bitranscript import Result
from bitranscript.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from hostile import CASES, Built, build  # noqa: E402

SCALE = float(os.environ.get("BITRANSCRIPT_HOSTILE_SCALE", "0.02"))
SENTINEL = "previous output, must survive a failed run\n"


def _snapshot(*paths: Path | None) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths if p is not None and p.exists()}


def _run(built: Built, out: Path, capsys, command: str = "align") -> tuple[int, str, str]:
    argv = [command, str(built.input), "-o", str(out), *built.args]
    if command == "align":
        argv += ["--format", "json"]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _params(cases):
    return [
        pytest.param(c, id=c.name, marks=[pytest.mark.xfail(strict=True, reason=c.known_bug)] if c.known_bug else [])
        for c in cases
    ]


@pytest.mark.parametrize("case", _params(CASES))
def test_case(case, corpus_dir: Path, capsys) -> None:
    directory = corpus_dir / case.name
    built = build(case, directory, scale=SCALE)
    out = directory / "out.json"
    out.write_text(SENTINEL, encoding="utf-8")
    before = _snapshot(built.input, built.glossary, out)

    code, stdout, stderr = _run(built, out, capsys)

    assert _snapshot(built.input, built.glossary) == {k: v for k, v in before.items() if k != out}, "input changed"
    leftovers = sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))
    assert leftovers == [], "a temp file was left behind"
    if case.expect == "error":
        assert code == 2, stderr
        assert stdout == ""
        lines = stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("bitranscript: error: "), stderr
        assert "Traceback" not in stderr
        named = built.glossary if built.glossary is not None else built.input
        if case.name == "glossary-missing":
            named = Path(built.args[-1])
        assert str(named) in lines[0], f"the message does not name {named}: {lines[0]}"
        assert case.message.lower() in lines[0].lower()
        assert case.where in lines[0]
        assert _snapshot(out) == {out: before[out]}, "the output file was changed by a failed run"
    else:
        assert code == 0, stderr
        result = Result.from_json(out.read_text(encoding="utf-8"))
        assert result.text == built.expected_text
        assert result.rebuild() == built.expected_text
        ends = [(s.start, s.end) for s in result.segments]
        assert ends == sorted(ends) and all(a[1] <= b[0] for a, b in pairwise(ends))


SMALL_OK = [c for c in CASES if c.expect == "ok" and not c.big]


@pytest.mark.parametrize("case", _params(SMALL_OK))
@pytest.mark.parametrize("originals", ["keep", "mark", "drop"])
def test_clean_small_cases(case, originals: str, tmp_path: Path, capsys) -> None:
    """``clean`` on every small valid input: exit 0, and keep with no noise changes only spaces."""
    built = build(case, tmp_path, scale=SCALE)
    out = tmp_path / "out.txt"
    before = _snapshot(built.input)
    argv = ["clean", str(built.input), "-o", str(out), "--originals", originals, "--no-default-glossary"]
    code = main([*argv, *built.args])
    err = capsys.readouterr().err
    assert code == 0, err
    assert _snapshot(built.input) == before
    cleaned = out.read_text(encoding="utf-8")
    # Nothing but white space, noise, marks and originals is ever removed: every
    # non-space character of the output comes from the input, in order.
    source = iter(c for c in built.expected_text if not c.isspace())
    for ch in (c for c in cleaned if not c.isspace()):
        if originals == "mark" and ch in "[]":
            continue
        assert any(ch == s for s in source), f"{ch!r} in the output is not from the input"


def test_output_equal_to_input_is_refused(tmp_path: Path, capsys) -> None:
    src = tmp_path / "call.txt"
    src.write_text("Operator\nGood morning.\n", encoding="utf-8")
    before = _snapshot(src)
    for command in ("align", "clean"):
        code = main([command, str(src), "-o", str(src)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.count("\n") == 1 and str(src) in err
        assert _snapshot(src) == before


def test_output_into_missing_directory_is_one_line(tmp_path: Path, capsys) -> None:
    src = tmp_path / "call.txt"
    src.write_text("Operator\nGood morning.\n", encoding="utf-8")
    code = main(["align", str(src), "-o", str(tmp_path / "no" / "such" / "dir" / "out.json")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("bitranscript: error: ") and err.count("\n") == 1
    assert "out.json" in err


def test_missing_input_and_directory_input(tmp_path: Path, capsys) -> None:
    for target in (tmp_path / "absent.txt",):
        code = main(["align", str(target), "-o", str(tmp_path / "o.json")])
        err = capsys.readouterr().err
        assert code == 2 and str(target) in err and err.count("\n") == 1
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize("debug", [False, True])
def test_traceback_only_with_debug(debug: bool, tmp_path: Path) -> None:
    """In a real process: one line and exit 2 by default; ``--debug`` shows the traceback."""
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Good morning.\n\xff\xfe\xfd\n")
    argv = [sys.executable, "-m", "bitranscript", "align", str(bad), *(["--debug"] if debug else [])]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stdout == ""
    if debug:
        assert "Traceback" in proc.stderr and "InputError" in proc.stderr
    else:
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr
        assert proc.stderr.splitlines() == [proc.stderr.strip()]
        assert "byte 14" in proc.stderr and str(bad) in proc.stderr


def test_stdin_over_limit_is_refused(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bitranscript", "align", "-", "--max-bytes", "100"],
        input=b"word " * 1000,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert b"<stdin>" in proc.stderr and b"--max-bytes" in proc.stderr
    assert proc.stdout == b""


@pytest.mark.parametrize("word", ["ma" * 5_000, "jinshanyun" * 2_000, "gongyouyun" * 20])
def test_very_long_pinyin_like_word_is_not_a_name(word: str) -> None:
    """Reproducer: the pinyin syllable search was quadratic in time and memory in the
    length of the word ("ma" * 500,000 exhausted memory). No name is over 100 letters."""
    from bitranscript.features import is_pinyin_word, pinyin_split

    assert pinyin_split(word) is None
    assert not is_pinyin_word(word)


def test_pinyin_split_still_splits_names() -> None:
    from bitranscript.features import pinyin_split

    assert pinyin_split("jinshanyun") == ("jin", "shan", "yun")
    assert pinyin_split("gongyouyun" * 10) is not None  # 100 letters: still searched


ZH = "我们的收入同比增长了百分之二十，客户数量继续增加。"
DECODE_CASES = [
    # (name, bytes, expected text or None, piece of the error message)
    ("utf8", ZH.encode(), ZH, ""),
    ("utf8-bom", b"\xef\xbb\xbf" + ZH.encode(), ZH, ""),
    ("utf16-bom", ZH.encode("utf-16"), ZH, ""),
    ("utf16le-ascii", "Good morning.\r\n".encode("utf-16-le"), "Good morning.\r\n", ""),
    ("utf16be-mixed", ("Revenue " + ZH + "\n").encode("utf-16-be"), "Revenue " + ZH + "\n", ""),
    ("gb18030", ZH.encode("gb18030"), ZH, ""),
    ("gbk-with-english", ("Q4 " + ZH + " RMB 1.2 billion").encode("gbk"), "Q4 " + ZH + " RMB 1.2 billion", ""),
    (
        "big5",
        "我們的收入同比增長了百分之二十，客戶數量繼續增加。".encode("big5"),
        "我們的收入同比增長了百分之二十，客戶數量繼續增加。",
        "",
    ),
    ("cp1252-quotes", "\u201cRevenue\u201d grew.".encode("cp1252"), None, "byte 0"),
    ("nul", b"abc\x00def", None, "byte 3"),
    ("pdf", b"%PDF-1.7\n\x00\x01", None, "PDF"),
    ("lone-surrogate-utf8", b"ab\xed\xa0\x80cd", None, "byte 2"),
]


@pytest.mark.parametrize(("name", "data", "text", "message"), DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_decode(name: str, data: bytes, text: str | None, message: str) -> None:
    from bitranscript import InputError
    from bitranscript.read import decode

    if text is not None:
        assert decode(data, source=name) == text
    else:
        with pytest.raises(InputError) as info:
            decode(data, source=name)
        line = str(info.value)
        assert "\n" not in line and line.startswith(f"{name}: ") and message in line


def test_failed_write_keeps_the_old_output(tmp_path: Path) -> None:
    """An error in the middle of writing (here: text that cannot be encoded) leaves the old file."""
    from bitranscript.output import write_atomic

    out = tmp_path / "out.txt"
    out.write_text(SENTINEL, encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(out, "fine so far " * 10_000 + "\ud800")
    assert out.read_text(encoding="utf-8") == SENTINEL
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    write_atomic(out, "new\n")
    assert out.read_text(encoding="utf-8") == "new\n"


# --------------------------------------------------------------------------- whole command lines

from hostile import CLI_CASES, CliCase, build_cli  # noqa: E402


def _files(d: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.rglob("*") if p.is_file() and not p.is_symlink()}


def _run_process(case: CliCase, argv: list[str], d: Path) -> tuple[int, bytes, str]:
    import signal
    import time

    def close_streams() -> None:
        if case.stdin == "closed":
            os.close(0)
        if case.stdout_closed:
            os.close(1)
        if case.stderr_closed:
            os.close(2)

    stdin = open(case.stdin, "rb") if case.stdin not in (None, "closed") else subprocess.DEVNULL  # noqa: SIM115
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bitranscript", *argv],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            preexec_fn=close_streams,
        )
        if case.signal:
            deadline = time.monotonic() + 120
            while not any(d.rglob("*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            assert proc.poll() is None, "the run ended before a temp file was seen"
            proc.send_signal(signal.Signals(case.signal))
        out, err = proc.communicate(timeout=300)
    finally:
        if stdin is not subprocess.DEVNULL:
            stdin.close()
    return proc.returncode, out, err.decode("utf-8", "backslashreplace")


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_cli_case(case: CliCase, tmp_path: Path, capsys) -> None:
    """One row of ``hostile.CLI_CASES``: its exit code, its message naming the file at fault,
    no input changed, no temp file left, and never exit 3 (an internal error)."""
    d = tmp_path / "case"
    build_cli(case, d)
    argv = [a.replace("{d}", str(d)) for a in case.argv]
    before = _files(d)
    if case.process:
        code, out, err = _run_process(case, argv, d)
    else:
        code = main(argv)
        captured = capsys.readouterr()
        out, err = captured.out.encode("utf-8"), captured.err
    assert code != 3 and "internal error" not in err, err
    assert code == case.code, err
    if not case.signal:  # a pool worker being spawned when the signal comes may print its own
        assert "Traceback" not in err, err
    after = _files(d)
    assert {p: v for p, v in after.items() if p in before} == before, "an input changed"
    assert sorted(p.name for p in d.rglob("*.tmp")) == [], "a temp file was left behind"
    if case.message:
        assert re.search(case.message, err), err
    if case.code == 2 and not case.stderr_closed:
        errors = [ln for ln in err.splitlines() if ln.startswith("bitranscript: error: ")]
        assert len(errors) == 1, err
        if case.names:
            assert case.names.replace("{d}", str(d)) in errors[0], errors[0]
    if case.check is not None:
        case.check(d, out)


def test_signal_during_write_removes_the_temp_file(tmp_path: Path) -> None:
    """SIGTERM in the middle of ``write_atomic``'s write: the process dies of the signal and
    leaves no ``.NAME.XXXX.tmp``; an existing output keeps its old content."""
    out = tmp_path / "out.txt"
    out.write_text(SENTINEL, encoding="utf-8")
    code = (
        "import os, signal, sys\n"
        "from bitranscript.output import open_output\n"
        "o = open_output(sys.argv[1])\n"
        "o.write('half ' * 1000)\n"
        "os.kill(os.getpid(), int(sys.argv[2]))\n"
        "o.write('never')\n"
    )
    for sig, expected in ((15, -15), (2, -2)):  # SIGINT: KeyboardInterrupt, which Python ends as a SIGINT
        proc = subprocess.run([sys.executable, "-c", code, str(out), str(sig)], capture_output=True, timeout=120)
        assert proc.returncode == expected, proc.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
        assert out.read_text(encoding="utf-8") == SENTINEL


def test_interrupt_python_drops_still_ends_the_write(tmp_path: Path) -> None:
    """Ctrl-C while Python runs a weakref callback: the KeyboardInterrupt is printed and dropped
    there ("Exception ignored in ..."), but the handler has removed the temp file; the writer
    raises the interrupt again instead of going on to fail on a file that is gone (a flaky CI
    failure: exit 2, "cannot write the output: No such file or directory")."""
    out = tmp_path / "out.txt"
    out.write_text(SENTINEL, encoding="utf-8")
    code = (
        "import os, signal, sys, weakref\n"
        "from bitranscript.output import open_output\n"
        "o = open_output(sys.argv[1])\n"
        "o.write('half ' * 1000)\n"
        "class A: pass\n"
        "a = A()\n"
        "r = weakref.ref(a, lambda _: os.kill(os.getpid(), signal.SIGINT))\n"
        "del a\n"
        "print('went on', flush=True)\n"
        "o.write('more')\n"
        "o.commit()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True, timeout=120)
    assert "Exception ignored" in proc.stderr and proc.stdout == "went on\n", proc.stderr  # the case is real
    assert proc.returncode == -2, proc.stderr
    assert "cannot write" not in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert out.read_text(encoding="utf-8") == SENTINEL


def test_pool_workers_leave_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL to a batch's parent: its pool workers end too (they would wait forever on their
    task queue, holding the caller's pipes open, so reading the output to EOF would hang)."""
    import signal
    import time

    from hostile import _T

    calls = tmp_path / "calls"
    calls.mkdir()
    for i in range(40):
        (calls / f"c{i:02}.txt").write_bytes(_T * 100)  # 650 KB in all: enough for a pool of two
    out = tmp_path / "out.jsonl"
    argv = [
        sys.executable,
        "-m",
        "bitranscript",
        "align",
        str(calls),
        "--format",
        "jsonl",
        "-o",
        str(out),
        "-q",
        "-j",
        "2",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.01)  # results written: the workers are up
    assert proc.poll() is None, "the batch ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)  # EOF on both pipes: no worker holds them
    assert proc.returncode == -9


def test_new_outputs_get_the_usual_mode(tmp_path: Path) -> None:
    """Not mkstemp's 0600: a new output gets 0666 less the umask; a replaced one keeps its mode."""
    from bitranscript.output import write_atomic

    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x\n")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        (tmp_path / "old.txt").write_text("old\n", encoding="utf-8")
        os.chmod(tmp_path / "old.txt", 0o640)
        write_atomic(tmp_path / "old.txt", "new\n")
        assert (tmp_path / "old.txt").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(mask)


def test_process_survives_a_lone_surrogate() -> None:
    """The library on text holding a lone surrogate (which no file decodes to, but a caller may
    pass): no UnicodeEncodeError from opencc, and the result is lossless."""
    import bitranscript

    options = bitranscript.Options(checks=False)
    result = bitranscript.clean(bitranscript.process(SURROGATE_TEXT, options), options)
    assert result.rebuild() == SURROGATE_TEXT


SURROGATE_TEXT = "Operator\nGood \ud800 morning. 金山雲\udfff收入增长。Jinshan Yun grew.\n"


def test_checks_survive_a_lone_surrogate() -> None:
    """Was a UnicodeEncodeError: a finding's fingerprint encoded the text around it as strict UTF-8."""
    import bitranscript

    result = bitranscript.process(SURROGATE_TEXT)
    assert result.rebuild() == SURROGATE_TEXT
    assert result.findings and all(len(f.fingerprint) == 16 for f in result.findings)


def test_deeply_nested_json_in_a_dask_bag_is_a_failed_record(tmp_path: Path) -> None:
    """Was an internal RecursionError: now the record names the file and says why."""
    pytest.importorskip("dask")
    import dask

    from bitranscript.dask import process_bag

    (tmp_path / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    (tmp_path / "ok.txt").write_text("Operator\nGood morning.\n", encoding="utf-8")
    with dask.config.set(scheduler="synchronous"):
        records = process_bag([str(tmp_path / "deep.json"), str(tmp_path / "ok.txt")]).compute()
    assert [r["ok"] for r in records] == [False, True]
    assert "deep.json: JSON nested too deeply" in records[0]["error"]
