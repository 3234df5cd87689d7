"""``python -m bitranscript check``: the vendor's gate, end to end on invented transcripts.

Exit status 0 clean, 1 findings at or above ``--fail-on``, 2 usage or input error;
configuration files, baselines and every report format.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bitranscript.checks import CODES
from bitranscript.cli import main
from bitranscript.config import CheckConfig, find_config, load_config, read_baseline
from bitranscript.errors import InputError

ENGLISH = """\
Operator: Good morning and welcome to the Harbor Lane Foods second quarter 2031 results call. All lines are muted during the presentation.
Maria Perez: Thank you, operator. With me today is our chief financial officer, Tom Ellis. Our comments include forward-looking statements, and actual results may differ.
Maria Perez: Net sales for the quarter were $412.6 million, up 6.1% from a year ago. Gross margin improved by 40 basis points to 31.2%, helped by lower freight costs.
Tom Ellis: Thanks, Maria. Operating cash flow was $58.3 million and we ended the quarter with $190 million in cash. We expect full-year net sales between $1.62 billion and $1.66 billion.
Operator: Our first question comes from Dana Brooks at Westfield Research.
Dana Brooks: Thanks for taking the question. Could you talk about pricing in the frozen category?
Tom Ellis: Sure. Pricing added about 2 points of growth, and volumes were flat. We opened 3 new distribution centers this year.
Operator: That concludes today's call. Thank you for joining.
"""

BILINGUAL = """\
This transcript was generated automatically and may contain errors. It is provided for information only.
Good evening and welcome to the Lotus Peak Cloud fourth quarter 2031 earnings call. Our chief executive officer will speak in Chinese, followed by an English interpretation.
本季度公司总收入达到32亿元，同比增长百分之十二。公有云收入达到19亿元，毛利率提升至15.4%。
This quarter, our total revenue reached RMB 3.2 billion, an increase of 12% year over year. Public cloud revenue reached RMB 1.9 billion, and our gross margin rose to 15.4%.
我们明年会继续投入算力，我们相信人工智能的需求会非常强劲。谢谢大家。
Next year we will keep investing in computing capacity, as we believe demand for AI will remain very strong. Thank you all.
Thank you. I will now walk you through the financials. Operating cash flow was RMB 420 million this quarter, and we closed the year with RMB 6.1 billion in cash.
Operator, we are ready for questions.
"""

PLANTED = BILINGUAL.replace("32亿元", "3.2亿元")  # the interpreter's RMB 3.2 billion is now 10x off
INFO_ONLY = ENGLISH.replace("Thank you for joining.", "Thank you for for joining.")


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no configuration of the project itself is picked up
    for name, text in (("english", ENGLISH), ("bilingual", BILINGUAL), ("planted", PLANTED), ("info", INFO_ONLY)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_names_every_check(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--list"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == list(CODES)


@pytest.mark.parametrize("name", ["english", "bilingual"])
def test_clean_transcripts_pass_the_gate(files: Path, capsys, name: str) -> None:
    code, out, _ = run(capsys, f"{name}.txt", "--fail-on", "warning")
    assert code == 0, out
    assert out.strip().endswith("0 errors, 0 warnings, 0 infos")


def test_planted_figure_fails_the_gate(files: Path, capsys) -> None:
    code, out, _ = run(capsys, "planted.txt")
    assert code == 1
    assert "planted.txt:3:11: error number-mismatch" in out


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("info", 1)])
def test_fail_on_sets_the_threshold(files: Path, capsys, fail_on: str, expected: int) -> None:
    code, out, _ = run(capsys, "info.txt", "--fail-on", fail_on)
    assert code == expected
    assert "info repeated-word repeated word 'for'" in out


def test_baseline_accepts_known_findings_and_survives_edits_elsewhere(files: Path, capsys) -> None:
    code, _, _ = run(capsys, "planted.txt", "--write-baseline", "baseline.json")
    assert code == 0  # recording a baseline accepts the findings: a `set -e` script goes on
    assert len(read_baseline(files / "baseline.json")) >= 1
    code, out, _ = run(capsys, "planted.txt", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 0, out
    edited = "An extra remark was added at the top.\n" + PLANTED
    (files / "planted.txt").write_text(edited, encoding="utf-8")
    code, out, _ = run(capsys, "planted.txt", "--baseline", "baseline.json")
    assert code == 0, out
    (files / "planted.txt").write_text(
        edited.replace("ready for questions", "ready for for questions"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "planted.txt", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 1 and "repeated-word" in out and "number-mismatch" not in out  # only the new problem


def test_config_file_sets_fail_on_and_disables(files: Path, capsys) -> None:
    (files / "bitranscript.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert run(capsys, "info.txt")[0] == 1
    (files / "bitranscript.toml").write_text('fail-on = "info"\ndisable = ["repeated-word"]\n', encoding="utf-8")
    assert run(capsys, "info.txt")[0] == 0
    (files / "strict.toml").write_text('[severity]\nrepeated-word = "error"\n', encoding="utf-8")
    code, out, _ = run(capsys, "info.txt", "--config", "strict.toml")
    assert code == 1 and "error repeated-word" in out


def test_pyproject_table_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path
    (tmp_path / "pyproject.toml").write_text('[tool.bitranscript]\nfail-on = "warning"\n', encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    assert load_config(tmp_path / "pyproject.toml", known_checks=CODES).fail_on == "warning"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('fail-on = "sometimes"\n', "'fail-on' must be one of"),
        ('disable = ["no-such-check"]\n', "unknown check 'no-such-check'"),
        ('[severity]\nencoding = "fatal"\n', "severity of 'encoding'"),
        ("colour = true\n", "unknown key 'colour'"),
        ("fail-on = \n", "malformed TOML"),
        ('[thresholds]\nnoise-min-repeats = "four"\n', "noise-min-repeats must be a finite number, not 'four'"),
        ("[thresholds]\nnoise-min-repeats = inf\n", "must be a finite number, not inf"),
        ("[thresholds]\nnoise-min-repeats = nan\n", "must be a finite number, not nan"),
        (
            "[thresholds]\nnoise-min-repeat = 3\n",
            "unknown threshold 'noise-min-repeat' \\(did you mean 'noise-min-repeats'\\?\\)",
        ),
        ('fial-on = "error"\n', "unknown key 'fial-on' \\(did you mean 'fail-on'\\?\\)"),
        ('disable = ["garbled-mtt"]\n', "did you mean 'garbled-mt'"),
        ("thresholds = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_bad_configuration_is_an_input_error(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bitranscript.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_config(path, known_checks=CODES)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_every_threshold_checks_read_is_known_to_the_configuration() -> None:
    """``config.THRESHOLDS`` lists what ``checks.py`` reads, so a misspelt name is an error, not ignored."""
    import re

    from bitranscript import checks
    from bitranscript.config import THRESHOLDS

    read = set(re.findall(r'threshold\("([a-z0-9-]+)"', Path(checks.__file__).read_text(encoding="utf-8")))
    assert read and read == set(THRESHOLDS)


@pytest.mark.parametrize(
    "argv",
    [
        ["english.txt", "--config", "missing.toml"],
        ["english.txt", "--baseline", "missing.json"],
        ["binary.txt"],  # (an empty file is no input error: the "empty" check's finding, exit 1)
        ["english.txt", "--baseline", "bad.json"],
    ],
)
def test_input_errors_exit_2_with_one_line(files: Path, capsys, argv: list[str]) -> None:
    (files / "binary.txt").write_bytes(b"Good morning.\x00\x00\x00 welcome")
    (files / "bad.json").write_text("[1, 2]", encoding="utf-8")
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("bitranscript: error: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_report_formats_parse_and_write_atomically(files: Path, capsys, fmt: str) -> None:
    code, out, _ = run(capsys, "planted.txt", "--format", fmt, "-o", f"report.{fmt}")
    assert code == 1 and out == ""
    doc = json.loads((files / f"report.{fmt}").read_text(encoding="utf-8"))
    codes = [f["code"] for f in doc["findings"]] if fmt == "json" else [r["ruleId"] for r in doc["runs"][0]["results"]]
    assert "number-mismatch" in codes


def test_html_report_to_file(files: Path, capsys) -> None:
    code, _, _ = run(capsys, "planted.txt", "--format", "html", "-o", "report.html")
    page = (files / "report.html").read_text(encoding="utf-8")
    assert code == 1 and page.startswith("<!DOCTYPE html>") and 'data-code="number-mismatch"' in page


def test_check_config_defaults() -> None:
    config = CheckConfig()
    assert config.fail_on == "error" and config.enable is None and config.threshold("x", 3) == 3


def test_config_glossary_feeds_the_glossary_check(files: Path, capsys) -> None:
    (files / "terms.toml").write_text(
        '[[entry]]\nen = "Lotus Peak Cloud"\nvariants = ["Lotus Pike Cloud"]\n', encoding="utf-8"
    )
    (files / "bitranscript.toml").write_text('glossaries = ["terms.toml"]\n', encoding="utf-8")
    (files / "call.txt").write_text(
        BILINGUAL.replace("Lotus Peak Cloud fourth", "Lotus Pike Cloud fourth"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "call.txt", "--fail-on", "warning")
    assert code == 1
    assert "call.txt:2:33: warning glossary glossary: 'Lotus Pike Cloud' should read 'Lotus Peak Cloud'" in out
