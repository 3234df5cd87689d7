"""``check`` on many inputs, the CLI in a subprocess as CI runs it (issue 17).

A folder of three invented transcripts: ONE report for all of them in every format (text
like a compiler with a summary line, one JSON document, JSONL a record per file, TSV,
one SARIF log with one run, GitHub annotations, one HTML page with a file index);
``-o FILE`` is one file and ``-o DIR/`` mirrors the inputs; baselines across a folder;
``--select``/``--ignore``/``--severity``; ``NO_COLOR``; positions 1-based.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_checks_cli import ENGLISH, INFO_ONLY, PLANTED

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def cli(*argv: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update({"PYTHONPATH": str(ROOT / "src"), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "bitranscript", *argv],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """calls/english.txt (clean), calls/info.txt (an info finding), calls/q3/planted.txt (an error)."""
    root = tmp_path_factory.mktemp("formats")
    (root / "calls" / "q3").mkdir(parents=True)
    (root / "calls" / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (root / "calls" / "info.txt").write_text(INFO_ONLY, encoding="utf-8")
    (root / "calls" / "q3" / "planted.txt").write_text(PLANTED, encoding="utf-8")
    return root


FILES = ["calls/english.txt", "calls/info.txt", "calls/q3/planted.txt"]


# --------------------------------------------------------------------------- item 1: one report, every format


def test_text_is_one_compiler_style_report_with_a_summary(folder: Path) -> None:
    for argv in (["calls/"], ["calls/", "--format", "text"], FILES):
        run = cli("check", *argv, "--fail-on", "info", "-j", "1", cwd=folder)
        assert run.returncode == 1, run.stderr
        lines = run.stdout.splitlines()
        assert lines[0] == "calls/info.txt:8:50: info repeated-word repeated word 'for'"
        assert lines[1].startswith("calls/q3/planted.txt:3:11: error number-mismatch ")
        assert lines[-1] == "3 files checked: 1 error, 0 warnings, 1 info"
        assert "{" not in run.stdout  # not JSONL


def test_json_is_one_document_for_all_files(folder: Path) -> None:
    run = cli("check", "calls/", "--format", "json", "-j", "1", cwd=folder)
    doc = json.loads(run.stdout)
    assert doc["files"] == FILES
    assert [(f["file"], f["line"], f["column"]) for f in doc["findings"]] == [
        ("calls/info.txt", 8, 50),
        ("calls/q3/planted.txt", 3, 11),
    ]
    assert doc["summary"] == {"error": 1, "warning": 0, "info": 1}


def test_jsonl_is_one_record_per_file(folder: Path) -> None:
    run = cli("check", "calls/", "--format", "jsonl", "-j", "1", cwd=folder)
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["file"] for r in records] == FILES
    assert [len(r["findings"]) for r in records] == [0, 1, 1]


def test_tsv_is_one_table(folder: Path) -> None:
    rows = cli("check", "calls/", "--format", "tsv", "-j", "1", cwd=folder).stdout.splitlines()
    assert rows[0].split("\t")[:3] == ["file", "line", "column"]
    assert [r.split("\t")[0] for r in rows[1:]] == ["calls/info.txt", "calls/q3/planted.txt"]


def _sarif_errors(doc: dict) -> list[str]:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_sarif_is_one_valid_log_with_one_run_to_stdout_and_to_a_file(folder: Path) -> None:
    out = cli("check", "calls/", "--format", "sarif", "-j", "1", cwd=folder)
    doc = json.loads(out.stdout)
    assert _sarif_errors(doc) == []
    assert len(doc["runs"]) == 1
    results = doc["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert uris == ["calls/info.txt", "calls/q3/planted.txt"]
    region = results[1]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (3, 11)
    # the README's gate: -o report.sarif is ONE file, not a directory of logs
    run = cli("check", "calls/", "--format", "sarif", "-o", "report.sarif", "-j", "1", "-q", cwd=folder)
    assert run.returncode == 1 and run.stdout == ""
    assert (folder / "report.sarif").is_file()
    assert json.loads((folder / "report.sarif").read_text(encoding="utf-8")) == doc


def test_github_annotations(folder: Path) -> None:
    run = cli("check", "calls/", "--format", "github", "-j", "1", cwd=folder)
    lines = run.stdout.splitlines()
    assert lines[0] == (
        "::notice file=calls/info.txt,line=8,col=50,endLine=8,endColumn=57,"
        "title=repeated-word (info)::repeated word 'for'"
    )
    assert lines[1].startswith("::error file=calls/q3/planted.txt,line=3,col=11,")
    assert run.returncode == 1


def test_html_is_one_page_with_a_file_index(folder: Path) -> None:
    run = cli("check", "calls/", "--format", "html", "-o", "report.html", "-j", "1", "-q", cwd=folder)
    assert run.returncode == 1, run.stderr
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert page.count("<!DOCTYPE html>") == 1
    assert '<nav class="index"' in page
    for n, name in enumerate(FILES):
        assert f'<a href="#t{n}">{name}</a>' in page
        assert f'<header id="t{n}">' in page


def test_output_directory_mirrors_the_inputs(folder: Path) -> None:
    run = cli("check", "calls/", "--format", "sarif", "-o", "reports/", "-j", "1", "-q", cwd=folder)
    assert run.returncode == 1, run.stderr
    written = sorted(
        p.relative_to(folder / "reports").as_posix() for p in (folder / "reports").rglob("*") if p.is_file()
    )
    assert written == ["english.check.sarif", "info.check.sarif", "q3/planted.check.sarif"]


# --------------------------------------------------------------------------- item 2: baselines across a folder


def test_baseline_of_a_folder_is_keyed_by_file_and_write_baseline_exits_0(folder: Path) -> None:
    run = cli("check", "calls/", "--write-baseline", "accepted.json", "--fail-on", "info", "-j", "1", "-q", cwd=folder)
    assert run.returncode == 0, run.stderr
    entries = json.loads((folder / "accepted.json").read_text(encoding="utf-8"))["findings"]
    assert sorted(e["file"] for e in entries) == ["calls/info.txt", "calls/q3/planted.txt"]
    run = cli("check", "calls/", "--baseline", "accepted.json", "--fail-on", "info", "-j", "1", cwd=folder)
    assert run.returncode == 0, run.stdout
    assert run.stdout.splitlines()[-1] == "3 files checked: 0 errors, 0 warnings, 0 infos"
    # the same finding in another file is new: the baseline is keyed by path + fingerprint
    (folder / "calls" / "copy.txt").write_text(INFO_ONLY, encoding="utf-8")
    try:
        run = cli("check", "calls/", "--baseline", "accepted.json", "--fail-on", "info", "-j", "1", cwd=folder)
        assert run.returncode == 1
        assert run.stdout.splitlines()[0] == "calls/copy.txt:8:50: info repeated-word repeated word 'for'"
    finally:
        (folder / "calls" / "copy.txt").unlink()


# --------------------------------------------------------------------------- item 3: CI integrations


def test_select_ignore_and_severity_on_the_command_line(folder: Path) -> None:
    run = cli("check", "calls/", "--select", "number", "--fail-on", "info", "-j", "1", cwd=folder)
    assert "repeated-word" not in run.stdout and "number-mismatch" in run.stdout
    run = cli(
        "check", "calls/", "--ignore", "number-mismatch,repeated-word", "--fail-on", "info", "-j", "1", cwd=folder
    )
    assert run.returncode == 0 and run.stdout.splitlines()[-1].endswith("0 errors, 0 warnings, 0 infos")
    run = cli("check", "calls/", "--severity", "number-mismatch=warning", "-j", "1", cwd=folder)
    assert run.returncode == 0  # no error left at the default --fail-on error
    assert "calls/q3/planted.txt:3:11: warning number-mismatch" in run.stdout
    run = cli("check", "calls/", "--exit-zero", "--fail-on", "info", "-j", "1", cwd=folder)
    assert run.returncode == 0 and "error number-mismatch" in run.stdout
    for bad in (["--select", "nomber-mismatch"], ["--severity", "number-mismatch=fatal"], ["--ignore", "x"]):
        run = cli("check", "calls/", *bad, cwd=folder)
        assert run.returncode == 2 and run.stderr.count("\n") == 1 and "bitranscript: error:" in run.stderr


def test_colour_on_a_terminal_and_never_with_no_color(folder: Path) -> None:
    import pty

    def on_a_tty(env: dict[str, str]) -> str:
        master, slave = pty.openpty()
        environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
        environ.update({"PYTHONPATH": str(ROOT / "src"), **env})
        proc = subprocess.run(
            [sys.executable, "-m", "bitranscript", "check", "calls/q3/planted.txt"],
            cwd=folder,
            env=environ,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        assert proc.returncode == 1
        return b"".join(chunks).decode("utf-8")

    assert "\x1b[" in on_a_tty({})
    assert "\x1b[" not in on_a_tty({"NO_COLOR": "1"})
    assert "\x1b[" not in cli("check", "calls/q3/planted.txt", cwd=folder).stdout  # a pipe: plain
    assert "\x1b[" in cli("check", "calls/q3/planted.txt", cwd=folder, env={"FORCE_COLOR": "1"}).stdout


def test_pre_commit_hook_runs_the_entry_on_many_files(folder: Path) -> None:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "bitranscript-check")
    assert hook["language"] == "python" and hook["entry"].split()[:2] == ["bitranscript", "check"]
    import re

    assert all(re.search(hook["files"], f) for f in FILES)
    # pre-commit runs `entry args... files...`; the console script is the module's main
    run = cli(*hook["entry"].split()[1:], "--fail-on", "warning", *FILES, cwd=folder)
    assert run.returncode == 1 and run.stdout.splitlines()[-1] == "3 files checked: 1 error, 0 warnings, 1 info"


def test_ci_recipe_in_the_docs_runs(folder: Path) -> None:
    """The GitHub Actions steps of docs/checks.md, run on a folder (``deliveries/``)."""
    yaml = pytest.importorskip("yaml")
    doc = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    block = doc.split("# .github/workflows/deliveries.yml\n", 1)[1].split("```", 1)[0]
    steps = yaml.safe_load(block)["jobs"]["check"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and s["run"].startswith("python -m bitranscript check")]
    assert len(runs) == 2
    (folder / "deliveries").mkdir(exist_ok=True)
    for name in FILES:
        target = folder / "deliveries" / Path(name).name
        target.write_text((folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    run = cli(
        "check",
        "deliveries/",
        "--write-baseline",
        "deliveries/baseline.json",
        "--select",
        "repeated-word",
        "-q",
        cwd=folder,
    )
    assert run.returncode == 0, run.stderr
    gate = cli(*runs[0].split()[3:], cwd=folder)
    assert gate.returncode == 1 and gate.stdout.startswith("::error file=deliveries/planted.txt,line=3,col=11,")
    assert "repeated-word" not in gate.stdout  # accepted in the baseline
    sarif = cli(*runs[1].split()[3:], cwd=folder)
    assert sarif.returncode == 0, sarif.stderr
    assert len(json.loads((folder / "findings.sarif").read_text(encoding="utf-8"))["runs"]) == 1


# --------------------------------------------------------------------------- item 4: positions


def _place(text: str, line: int, col: int) -> int:
    """The offset of 1-based ``line``/``col`` in ``text`` (lines end at \\r\\n, \\r or \\n)."""
    import re

    starts = [0, *(m.end() for m in re.finditer(r"\r\n|\r|\n", text))]
    return starts[line - 1] + col - 1


def test_json_format_2_has_offsets_and_1_based_line_and_col(folder: Path) -> None:
    from bitranscript import Result

    text = "Operator\r\n" + PLANTED.replace("Good evening", "Good evening, uh, uh, uh,")
    (folder / "crlf.txt").write_text(text, encoding="utf-8", newline="")
    run = cli("align", "crlf.txt", "--format", "json", cwd=folder)
    doc = json.loads(run.stdout)
    assert doc["format"] == 2
    for kind in ("segments", "edits", "findings"):
        for item in doc[kind]:
            assert _place(text, item["line"], item["col"]) == item["start"], (kind, item)
    assert doc["segments"][0]["line"] == 1 and doc["findings"]
    tsv = cli("align", "crlf.txt", "--format", "tsv", cwd=folder).stdout.splitlines()[1:]
    assert [int(row.split("\t")[3]) for row in tsv] == [s["line"] for s in doc["segments"]]  # one count everywhere
    result = Result.from_json(run.stdout)
    assert json.loads(result.to_json()) == doc
    old = {
        **doc,
        "format": 1,
        "segments": [{k: v for k, v in s.items() if k != "col"} | {"line": s["line"] - 1} for s in doc["segments"]],
    }
    assert Result.from_dict(old) == result  # version 1 still reads


def test_clean_explain_prints_line_and_col(folder: Path) -> None:
    text = "Operator\n" + PLANTED.replace("Good evening", "Good evening, uh, uh, uh,")
    (folder / "explain.txt").write_text(text, encoding="utf-8")
    lines = cli("clean", "explain.txt", "--explain", cwd=folder).stdout.splitlines()
    assert lines
    for line in lines:
        name, ln, col, rest = line.split(":", 3)
        assert name == "explain.txt" and rest.startswith(" ")
        before = eval(rest.split(") ", 1)[1].split(" -> ")[0])  # noqa: S307 - the repr of the edit's text
        assert text[_place(text, int(ln), int(col)) :].startswith(before)


# --------------------------------------------------------------------------- item 5: Options and process


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"originals": "delete"}, ValueError, ["Options.originals", "'keep', 'mark', 'drop'", "'delete'"]),
        ({"originals": None}, TypeError, ["Options.originals"]),
        ({"keep": "Tesla"}, TypeError, ["Options.keep", "single str", "keep=('Tesla',)"]),
        ({"glossaries": "my.toml"}, TypeError, ["Options.glossaries", "single str", "glossaries=('my.toml',)"]),
        ({"glossaries": (1,)}, TypeError, ["Options.glossaries", "1 is a int"]),
        ({"keep": 5}, TypeError, ["Options.keep"]),
        ({"min_confidence": 2}, ValueError, ["Options.min_confidence", "0 to 1"]),
        ({"min_confidence": "high"}, TypeError, ["Options.min_confidence"]),
        ({"default_glossary": "no"}, TypeError, ["Options.default_glossary"]),
        ({"params": {}}, TypeError, ["Options.params"]),
        ({"check_config": {"fail_on": "warning"}}, TypeError, ["Options.check_config", "CheckConfig", "dict"]),
        ({"extra": {}}, TypeError, ["extra"]),  # the untyped dict is gone (issue 18): check_config took its place
    ],
)
def test_options_are_validated_at_construction(kwargs: dict, error: type, words: list[str]) -> None:
    from bitranscript import Options

    with pytest.raises(error) as info:
        Options(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_options_take_lists_and_paths_as_tuples_of_str() -> None:
    from bitranscript import Options

    options = Options(keep=["Tesla"], glossaries=[Path("a.toml")])
    assert options.keep == ("Tesla",) and options.glossaries == ("a.toml",)
    hash(options)


def test_process_takes_str_only() -> None:
    import bitranscript

    with pytest.raises(TypeError, match=r"must be a str, not bytes \(decode"):
        bitranscript.process(b"Operator\nGood morning.\n")
    with pytest.raises(TypeError, match="must be a str, not NoneType"):
        bitranscript.process(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be a bitranscript.Options"):
        bitranscript.process("Operator\n", {"originals": "drop"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="clean_text"):
        bitranscript.clean("Operator\n")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- item 6: packaging


def test_version_is_written_once() -> None:
    """One place: ``bitranscript/version.py`` (read with no ``importlib.metadata`` lookup,
    which costs a cold start 25 ms); pyproject takes it from there, and so does the
    installed distribution."""
    import importlib.metadata
    import tomllib

    import bitranscript

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["hatch"]["version"]["path"] == "src/bitranscript/version.py"
    assert bitranscript.__version__ == importlib.metadata.version("bitranscript")


def test_one_dask_extra_without_separate_bounds() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert extras["dask"] == ["dask[distributed]>=2023.1"]
    assert "bitranscript[dask]" in extras["test"]
    every = [req for reqs in extras.values() for req in reqs]
    assert not any(req.startswith(("distributed", "dask[bag]")) for req in every)


def test_usage_names_the_program_as_started(folder: Path) -> None:
    from bitranscript.cli import program_name

    assert program_name("/venv/bin/bitranscript") == "bitranscript"
    assert program_name("/src/bitranscript/__main__.py") == "python -m bitranscript"
    run = cli("--help", cwd=folder)
    assert run.stdout.startswith("usage: python -m bitranscript ")
    script = Path(sys.executable).with_name("bitranscript")
    if not script.exists():
        pytest.skip("no console script beside this interpreter")
    out = subprocess.run([str(script), "check", "--help"], capture_output=True, text=True, timeout=120).stdout
    assert out.startswith("usage: bitranscript check ")
    assert "  bitranscript check call.txt --fail-on warning" in out and "python -m" not in out


# --------------------------------------------------------------------------- item 7: TMX languages, SARIF URIs


def test_tmx_labels_machine_english_and_blocks(folder: Path) -> None:
    import xml.etree.ElementTree as ET

    run = cli("align", str(ROOT / "examples" / "kingsoft_cloud_q3_2031.txt"), "--format", "tmx", cwd=folder)
    assert run.returncode == 0, run.stderr
    root = ET.fromstring(run.stdout.encode("utf-8"))
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    header = root.find("header")
    assert header.get("segtype") == "block"
    tus = root.find("body").findall("tu")
    assert tus and all(tu.get("segtype") == "block" for tu in tus)
    han = __import__("re").compile(r"[\u4e00-\u9fff]")
    for tu in tus:
        source, target = tu.findall("tuv")
        text = source.find("seg").text
        mostly_chinese = len(han.findall(text)) >= len(__import__("re").findall(r"[A-Za-z]+", text))
        assert source.get(lang) == ("zh" if mostly_chinese else "en-x-mt"), text[:80]
        assert target.get(lang) == "en"
    assert {tu.find("tuv").get(lang) for tu in tus} >= {"en-x-mt"}  # the example's originals are machine English
    assert header.get("srclang") in ("*all*", "en-x-mt")


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    odd = tmp_path / "my calls" / "金山云 Q3.txt"
    odd.parent.mkdir()
    odd.write_text(PLANTED, encoding="utf-8")
    run = cli("check", "my calls/", "--format", "sarif", cwd=tmp_path)
    doc = json.loads(run.stdout)
    assert _sarif_errors(doc) == []
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20calls/%E9%87%91%E5%B1%B1%E4%BA%91%20Q3.txt"
    from urllib.parse import unquote

    assert unquote(uri) == "my calls/金山云 Q3.txt"
    absolute = cli("check", str(odd), "--format", "sarif", cwd=tmp_path)
    uri = json.loads(absolute.stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == odd.as_uri() and " " not in uri


# --------------------------------------------------------------------------- atomic writes


def test_outputs_keep_the_mode_and_are_fsynced(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import stat

    from bitranscript import output

    target = tmp_path / "report.txt"
    old = os.umask(0o022)
    try:
        output.write_atomic(target, "one\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600: a CI artifact server reads it
        target.chmod(0o640)
        synced: list[int] = []
        real = os.fsync
        monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
        output.write_atomic(target, "two\n")
        assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "two\n"
        assert len(synced) >= 2  # the file before the rename, the directory after
    finally:
        os.umask(old)
    run = cli("check", "calls/", "--format", "sarif", "-o", "mode.sarif", "-q", cwd=folder)
    assert run.returncode == 1 and stat.S_IMODE((folder / "mode.sarif").stat().st_mode) & 0o044 == 0o044


# --------------------------------------------------------------------------- every command of the docs


def _doc_commands() -> list[tuple[str, list[str]]]:
    """Every ``python -m bitranscript ...`` command in README.md, docs/checks.md and docs/batch.md
    (``a|b|c`` alternatives expanded; comments, pipes and ``|| exit 1`` cut off)."""
    import re
    import shlex

    out: list[tuple[str, list[str]]] = []
    for doc in ("README.md", "docs/checks.md", "docs/batch.md"):
        for line in (ROOT / doc).read_text(encoding="utf-8").splitlines():
            for m in re.finditer(r"python -m bitranscript (\S.*)", line):
                cmd = re.split(r"`|\s#\s|\s+#\s|\s>\s|\s\|\|\s", m.group(1))[0].strip()
                if cmd in ("", "check"):  # a heading naming the command
                    continue
                words = shlex.split(cmd)
                alternatives = [w for w in words if "|" in w]
                for alt in alternatives[0].split("|") if alternatives else [None]:
                    out.append((doc, [alt if w == alternatives[0] else w for w in words] if alt else words))
    return out


def test_docs_commands_are_found() -> None:
    commands = [" ".join(words) for _, words in _doc_commands()]
    assert "align call.txt --format tmx" in commands
    assert "check delivery/ --fail-on warning --baseline accepted.json --format sarif -o report.sarif" in commands
    assert len(commands) >= 25


def test_every_command_in_the_docs_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """Each command of the README and docs, in a folder that has the files they name (in this
    process, for speed; the subprocess tests above cover the program as started)."""
    import shutil

    from bitranscript.cli import main

    calls = {"english.txt": ENGLISH, "info.txt": INFO_ONLY, "planted.txt": PLANTED}
    for folder in ("calls", "deliveries", "delivery"):
        (tmp_path / folder).mkdir()
        for name, text in calls.items():
            (tmp_path / folder / name).write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "examples" / "kingsoft_cloud_q3_2031.txt", tmp_path / "call.txt")
    shutil.copytree(ROOT / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns("*.py"))
    (tmp_path / "source.zh").write_text(
        "本季度收入增长了百分之十二。\n我们会继续投入算力。\n谢谢大家。\n", encoding="utf-8"
    )
    (tmp_path / "target.en").write_text(
        "Revenue grew 12% this quarter.\nWe will keep investing in computing.\nThank you all.\n", encoding="utf-8"
    )
    shutil.copy(next(iter(sorted((ROOT / "glossaries").glob("*.toml")))), tmp_path / "my.toml")
    (tmp_path / "delivery.txt").write_text("delivery/planted.txt\ndelivery/info.txt\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for baseline, where in (("accepted.json", "delivery/"), ("deliveries/baseline.json", "deliveries/")):
        assert main(["check", where, "--write-baseline", baseline, "-q", "-j", "1"]) == 0
    failed = []
    for doc, words in _doc_commands():
        capsys.readouterr()
        try:
            code = main(words)
        except SystemExit as stop:  # --list, --help
            code = stop.code
        err = capsys.readouterr().err
        if code not in (0, 1) or "bitranscript: error:" in err or (code == 1 and words[0] != "check"):
            failed.append(f"{doc}: {' '.join(words)} -> {code}: {err.strip()[:300]}")
    assert failed == []


def test_a_failed_input_exits_2_after_reporting_the_others(folder: Path) -> None:
    run = cli("check", "nope.txt", "calls/info.txt", "--format", "text", cwd=folder)
    assert run.returncode == 2
    assert run.stdout.splitlines()[-1] == "1 file checked: 0 errors, 0 warnings, 1 info"
    assert "bitranscript: error: nope.txt: " in run.stderr
    alone = cli("check", "nope.txt", cwd=folder)
    assert alone.returncode == 2 and alone.stdout == ""  # nothing to report: no empty report either
    partial = cli("check", "calls/", "nope.txt", "--write-baseline", "partial.json", "-q", cwd=folder)
    assert partial.returncode == 2 and not (folder / "partial.json").exists()
    assert "baseline not written" in partial.stderr


def test_standard_input_is_one_report(folder: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "bitranscript", "check", "-"],
        input=PLANTED,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        timeout=300,
    )
    assert run.returncode == 1
    assert run.stdout.startswith("<stdin>:3:11: error number-mismatch ")


# --------------------------------------------------------------------------- item 5: empty text, API and CLI alike


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b" \n\t\r\n"])
def test_empty_text_is_the_same_in_the_library_and_the_command_line(data: bytes, tmp_path: Path) -> None:
    """Was: process("") returned a result while the CLI refused an empty file (exit 2). Now
    both read the empty transcript and report it with the ``empty`` check (an error)."""
    import bitranscript

    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    text = data.decode("utf-8-sig")
    api = bitranscript.process(text, source=str(path))
    assert [(f.code, f.severity) for f in api.findings] == [("empty", "error")]
    run = subprocess.run(
        [sys.executable, "-m", "bitranscript", "align", str(path), "--format", "json"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["findings"] == json.loads(api.to_json())["findings"]
    gate = subprocess.run([sys.executable, "-m", "bitranscript", "check", str(path)], capture_output=True, text=True)
    assert gate.returncode == 1 and ":1:1: error empty " in gate.stdout
    assert bitranscript.process("Operator\nGood morning.\n").findings == ()
