"""Batches: input expansion, -o DIR mirroring, JSONL, per-file errors, --jobs, JSON turn transcripts."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bitranscript import process
from bitranscript.batch import (
    AlignTask,
    Item,
    Outcome,
    Settings,
    Summary,
    exit_status,
    expand_inputs,
    output_paths,
    plan_jobs,
    process_item,
    run,
    wants_batch,
)
from bitranscript.cli import build_parser, main
from bitranscript.errors import InputError
from bitranscript.inputs import read_transcript, render_turns
from bitranscript.params import Batch
from bitranscript.render import to_text

# Invented transcripts (a made-up company), short so that a batch runs in seconds.
CALL_A = """Operator
Good day, and welcome to the Lanshan Data quarterly call.

Wen Bo
Ge wei wan shang hao, Lan Shan Shu Ju ben ji du shou ru zeng zhang le bai fen zhi shi ba.
Interpreter
Good evening, everyone. Lanshan Data grew its revenue by eighteen percent this quarter.
"""
CALL_B = """Qiao Lan: Thank you. Gross margin rose to fourteen percent on a lower cost of servers.
Tom Baker: Could you say more about the pricing of public cloud next year?
Wen Bo: Zhe ge wen ti hen hao, jia ge jing zheng reng ran hen ji lie.
Interpreter: That is a good question. Price competition is still intense.
"""
TURNS = [
    {"speaker": "Operator", "text": "Welcome to the Lanshan Data call."},
    {"speaker": "Wen Bo", "text": "Wo men de shou ru zeng zhang le bai fen zhi shi ba."},
    {"speaker": "Interpreter", "text": "Our revenue grew by eighteen percent."},
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """calls/{x/a.txt, x/y/b.txt, c.txt, bad.txt (binary), .hidden.txt, notes.md}."""
    root = tmp_path / "calls"
    (root / "x" / "y").mkdir(parents=True)
    (root / "x" / "a.txt").write_text(CALL_A, encoding="utf-8")
    (root / "x" / "y" / "b.txt").write_text(CALL_B, encoding="utf-8")
    (root / "c.txt").write_text(CALL_B + CALL_A, encoding="utf-8")
    (root / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (root / ".hidden.txt").write_text(CALL_A, encoding="utf-8")
    (root / "notes.md").write_text("not a transcript", encoding="utf-8")
    return root


def _rels(items: list[Item]) -> list[str]:
    return [i.rel for i in items]


@pytest.mark.parametrize(
    ("globs", "expected"),
    [
        (("*.txt",), ["bad.txt", "c.txt", "x/a.txt", "x/y/b.txt"]),
        (("*.md",), ["notes.md"]),
        (("*.md", "a.txt"), ["notes.md", "x/a.txt"]),
        (("x/y/*.txt",), ["x/y/b.txt"]),
        (("*.json",), []),
    ],
)
def test_directories_expand_recursively_with_globs(corpus: Path, globs, expected) -> None:
    assert _rels(expand_inputs([str(corpus)], globs)) == expected


def test_list_files_missing_paths_and_duplicates(corpus: Path, tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# calls to redo\n{corpus / 'c.txt'}\n\n{corpus / 'x' / 'a.txt'}\n{tmp_path / 'gone.txt'}\n")
    items = expand_inputs([f"@{listing}", str(corpus / "c.txt")])
    assert [Path(i.path).name for i in items] == ["c.txt", "a.txt", "gone.txt"]
    assert _rels(items) == ["c.txt", "a.txt", "gone.txt"]
    with pytest.raises(InputError, match="nope.txt"):
        expand_inputs([f"@{tmp_path / 'nope.txt'}"])


@pytest.mark.parametrize(
    ("rel", "suffix", "expected"),
    [
        ("x/a.txt", ".json", "out/x/a.json"),
        ("b.json", ".align.txt", "out/b.align.txt"),
        ("stdin", ".txt", "out/stdin.txt"),
    ],
)
def test_output_paths_mirror_the_input_tree(rel: str, suffix: str, expected: str) -> None:
    assert output_paths([Item("whatever", rel)], "out", suffix) == [Path(expected)]


def test_output_paths_refuse_two_inputs_writing_one_file() -> None:
    with pytest.raises(InputError, match="would both write"):
        output_paths([Item("p/a.txt", "a.txt"), Item("q/a.txt", "a.txt")], "out", ".json")


@pytest.mark.parametrize(
    ("argv", "batch"),
    [
        (["align", "CALL"], False),
        (["align", "CALL", "-o", "result.json", "--format", "json"], False),
        (["align", "CALL", "--format", "jsonl"], True),
        (["align", "CALL", "CALL"], True),
        (["align", "DIR"], True),
        (["align", "CALL", "-o", "DIR"], True),
        (["clean", "@CALL"], True),
        (["clean", "-"], False),
    ],
)
def test_which_arguments_make_a_batch(tmp_path: Path, argv: list[str], batch: bool) -> None:
    (tmp_path / "call.txt").write_text(CALL_A)
    subst = {"CALL": str(tmp_path / "call.txt"), "DIR": str(tmp_path), "@CALL": f"@{tmp_path / 'call.txt'}"}
    args = build_parser().parse_args([subst.get(a, a) for a in argv])
    assert wants_batch(args) is batch


@pytest.mark.parametrize(
    ("outcomes", "status"),
    [
        ([Outcome("a", True), Outcome("b", True)], 0),
        ([Outcome("a", True), Outcome("b", True, status=1)], 1),
        ([Outcome("a", True, status=1), Outcome("b", False, status=2, error="b: empty")], 2),
        ([Outcome("a", False, status=2, error="a: binary")], 2),
    ],
)
def test_exit_status_of_a_batch(outcomes: list[Outcome], status: int) -> None:
    summary = Summary()
    for outcome in outcomes:
        summary.add(outcome)
    assert exit_status(summary) == status


def test_one_bad_file_is_reported_and_the_others_are_done(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["align", str(corpus), "-o", str(out), "--format", "json", "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 2
    [bad] = [ln for ln in err.splitlines() if ln.startswith("bitranscript: error:")]
    assert bad.startswith(f"bitranscript: error: {corpus / 'bad.txt'}: ") and "binary" in bad
    assert "4 files: 3 ok, 1 failed" in err.splitlines()[-1]
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["c.json", "x/a.json", "x/y/b.json"]
    for rel, src in [("x/a.json", "x/a.txt"), ("x/y/b.json", "x/y/b.txt")]:
        data = json.loads((out / rel).read_text(encoding="utf-8"))
        assert data["text"] == (corpus / src).read_text(encoding="utf-8")
        assert data["source"] == str(corpus / src)


def _jsonl(capsys, argv: list[str]) -> tuple[int, list[dict], str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_jsonl_lines_parse_and_name_their_file(corpus: Path, capsys) -> None:
    code, records, _ = _jsonl(capsys, ["align", str(corpus), "--jobs", "1", "--quiet"])
    assert code == 2
    assert [(Path(r["file"]).name, r["ok"]) for r in records] == [
        ("bad.txt", False),
        ("c.txt", True),
        ("a.txt", True),
        ("b.txt", True),
    ]
    good = records[2]
    expected = process(CALL_A, source=good["file"]).to_dict()
    assert {k: good[k] for k in expected} == expected
    assert "error" in records[0] and str(corpus / "bad.txt") in records[0]["error"]


def test_jobs_1_and_jobs_2_give_identical_results(corpus: Path, capsys) -> None:
    runs = []
    for jobs in ("1", "2"):
        code, records, _ = _jsonl(capsys, ["clean", str(corpus), "--format", "jsonl", "--jobs", jobs, "-q"])
        runs.append((code, records))
    assert runs[0] == runs[1]
    assert len(runs[0][1]) == 4


def test_quiet_silences_the_summary_but_not_the_errors(corpus: Path, capsys) -> None:
    _, records, err = _jsonl(capsys, ["align", str(corpus / "bad.txt"), str(corpus / "c.txt"), "-q", "-j", "1"])
    assert len(records) == 2
    [line] = err.strip().splitlines()
    assert line.startswith(f"bitranscript: error: {corpus / 'bad.txt'}: ") and "binary" in line


def test_single_file_behaviour_is_unchanged(corpus: Path, capsys) -> None:
    assert main(["align", str(corpus / "x" / "a.txt")]) == 0
    captured = capsys.readouterr()
    assert captured.out == to_text(process(CALL_A, source=str(corpus / "x" / "a.txt")))
    assert captured.err == ""


def test_clean_into_a_directory_matches_clean_of_each_file(corpus: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "clean"
    paths = [str(corpus / "x" / "a.txt"), str(corpus / "c.txt")]
    assert main(["clean", *paths, "-o", str(out), "-q"]) == 0
    for path in paths:
        assert main(["clean", path]) == 0
        assert (out / Path(path).name).read_text(encoding="utf-8") == capsys.readouterr().out


def test_jsonl_to_a_file_is_written_whole(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "results.jsonl"
    code = main(["align", str(corpus / "c.txt"), str(corpus / "x"), "--format", "jsonl", "-o", str(target), "-q"])
    assert code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [Path(json.loads(ln)["file"]).name for ln in lines] == ["c.txt", "a.txt", "b.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02binary", "binary"),
        (b"Good morning.\x00\x00\x00 welcome", "NUL"),
    ],
)
def test_bad_files_become_failed_outcomes(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "call.txt"
    path.write_bytes(content)
    outcome = process_item(Item(str(path), "call.txt"), Settings(AlignTask()))
    assert not outcome.ok and outcome.status == 2
    assert outcome.error is not None and outcome.error.startswith(str(path))
    assert re.search(message, outcome.error)
    assert json.loads(outcome.line or "")["ok"] is False


@pytest.mark.parametrize("content", [b"", "\u3000\n".encode()])
def test_an_empty_file_is_the_empty_transcript_with_its_finding(tmp_path: Path, content: bytes) -> None:
    """Not a failed file (as process("") is no error): an ok outcome with the ``empty`` check's error."""
    path = tmp_path / "call.txt"
    path.write_bytes(content)
    outcome = process_item(Item(str(path), "call.txt"), Settings(AlignTask()))
    assert outcome.ok and dict(outcome.findings)["error"] == 1


def test_too_large_files_fail_alone(corpus: Path, capsys) -> None:
    code, records, err = _jsonl(
        capsys, ["align", str(corpus / "x" / "a.txt"), str(corpus / "c.txt"), "--max-bytes", "300", "-j", "1"]
    )
    assert code == 2
    assert [r["ok"] for r in records] == [True, False]
    assert "over the limit of 300" in records[1]["error"]
    assert "2 files: 1 ok, 1 failed" in err


# --------------------------------------------------------------------------- input formats


@pytest.mark.parametrize(
    ("turns", "text"),
    [
        ([{"speaker": "Operator", "text": "Welcome."}], "Operator\nWelcome.\n"),
        ([{"speaker": "A B", "text": "One."}, {"speaker": None, "text": "Two."}], "A B\nOne.\n\nTwo.\n"),
        ({"turns": [{"text": "Hi.\n"}, {"speaker": "", "text": "  "}]}, "Hi.\n"),
        ([{"speaker": "  Jane   Doe ", "text": "First.\nSecond."}], "Jane Doe\nFirst.\nSecond.\n"),
    ],
)
def test_render_turns(turns, text: str) -> None:
    assert render_turns(turns) == text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "turn 1: a turn must be an object"),
        ('[{"speaker": "A"}]', 'turn 1: "text" must be a string'),
        ('[{"text": "x"}, {"speaker": 3, "text": "y"}]', 'turn 2: "speaker" must be a string'),
        ('[{"text": "x"', "line 1, column"),
        ('{"speakers": []}', 'object with "turns"'),
        ("[]", "no turn with any text"),
    ],
)
def test_bad_json_transcripts_name_the_place(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "call.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message) as info:
        read_transcript(path)
    assert str(path) in str(info.value)


def test_json_turns_reach_the_pipeline_as_speakers(tmp_path: Path, capsys) -> None:
    path = tmp_path / "call.json"
    path.write_text(json.dumps(TURNS), encoding="utf-8")
    text = read_transcript(path)
    assert text == render_turns(TURNS)
    code, records, _ = _jsonl(capsys, ["align", str(path), "--format", "jsonl"])
    assert code == 0
    [record] = records
    assert record["text"] == text
    speakers = {s["speaker"] for s in record["segments"]}
    assert {"Wen Bo", "Interpreter"} <= speakers


def test_json_turns_are_sniffed_without_a_json_suffix(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(json.dumps({"turns": TURNS}))
    assert read_transcript(path) == render_turns(TURNS)
    label = tmp_path / "label.txt"
    label.write_text("[Operator]\nWelcome.\n")
    assert read_transcript(label) == "[Operator]\nWelcome.\n"


@dataclass(frozen=True)
class _ProbeTask(AlignTask):
    """Records which worker did a file and how often that worker has compiled glossaries."""

    def record(self, result):
        from bitranscript import glossary

        return {"pid": os.getpid(), "compiled": glossary._compiled_for.cache_info().misses}


def test_glossaries_compile_once_per_worker(corpus: Path) -> None:
    from bitranscript import glossary

    if not hasattr(getattr(glossary, "_compiled_for", None), "cache_info"):
        pytest.skip("glossary compilation is not cached through _compiled_for")
    items = [i for i in expand_inputs([str(corpus)]) if i.rel != "bad.txt"] * 3
    pool = Batch(min_pool_bytes=0, bytes_per_worker=1)  # a pool, however small the files
    records = [json.loads(o.line or "") for o in run(items, Settings(_ProbeTask()), jobs=2, plan=pool)]
    assert len(records) == 9 and all(r["ok"] for r in records)
    assert {r["compiled"] for r in records} == {1}
    pids = {r["pid"] for r in records}
    assert 1 <= len(pids) <= 2 and os.getpid() not in pids  # which worker takes what is up to the pool


@pytest.mark.parametrize(
    ("sizes", "jobs", "cores", "workers"),
    [
        ([], None, 2, 0),
        ([10_000_000], 8, 8, 0),  # one file: here, however big
        ([20_000] * 4, 2, 2, 0),  # 80 KB: a pool would start slower than the work takes
        ([20_000] * 4, None, 16, 0),
        ([300_000] * 2, None, 16, 2),  # 600 KB: two workers' starts paid for
        ([300_000] * 2, 1, 16, 1),  # -j1 is a cap, and a pool of one keeps this process small
        ([50_000] * 100, None, 2, 2),  # the cores are the cap
        ([50_000] * 8, 4, 16, 1),  # 400 KB: one worker's start, not four
        ([1_000] * 1000, None, 64, 3),  # many small files: by bytes, not by count
    ],
)
def test_plan_jobs(sizes: list[int], jobs: int | None, cores: int, workers: int) -> None:
    assert plan_jobs(sizes, jobs, cores) == workers


def test_a_small_batch_runs_in_this_process(corpus: Path) -> None:
    """``-j`` never makes a small batch slower: no pool is started for it."""
    items = [i for i in expand_inputs([str(corpus)]) if i.rel != "bad.txt"]
    records = [json.loads(o.line or "") for o in run(items, Settings(_ProbeTask()), jobs=2)]
    assert len(records) == len(items) and {r["pid"] for r in records} == {os.getpid()}
    here = [o.line for o in run(items, Settings(AlignTask()), jobs=2)]
    pooled = [
        o.line for o in run(items, Settings(AlignTask()), jobs=2, plan=Batch(min_pool_bytes=0, bytes_per_worker=1))
    ]
    assert here == pooled  # the same records, whoever made them


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.text = ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("tty", "quiet", "total", "bar"),
    [(True, False, 5, True), (False, False, 5, False), (True, True, 5, False), (True, False, 1, False)],
)
def test_progress_bar_only_on_a_terminal_and_not_quiet(tty: bool, quiet: bool, total: int, bar: bool) -> None:
    from bitranscript.batch import _progress

    stream = _Stream(tty)
    progress = _progress(total, stream, quiet)
    assert (progress is not None) is bar
    if progress is not None:
        progress.update(1)
        progress.refresh()
        progress.close()
        assert "1/5" in stream.text
