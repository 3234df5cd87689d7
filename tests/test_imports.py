"""What loads when: a cold command pays for every import, so nothing loads before it is used."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "numpy",
    "pypinyin",
    "wordfreq",
    "jieba",
    "opencc",
    "ftfy",
    "rapidfuzz",
    "importlib.metadata",
    "bitranscript.pipeline",
    "bitranscript.bitext",
    "bitranscript.glossary",
    "bitranscript.checks",
    "concurrent.futures",
    "tomllib",
    "sqlite3",
)


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def _loaded_warm(code: str) -> set[str]:
    """``_loaded_after``, on a second run: the first fills the user cache (compiling the glossary
    index imports pypinyin, and wordfreq, which imports ftfy), as a user's earlier command has."""
    _loaded_after(code)
    return _loaded_after(code)


_NO_CACHE = pytest.mark.skipif(bool(os.environ.get("BITRANSCRIPT_NO_CACHE")), reason="no user cache")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "kingsoft_cloud_q3_2031.txt"


@pytest.mark.parametrize(
    "code",
    [
        "import bitranscript",
        "from bitranscript.cli import build_parser; build_parser()",
    ],
)
def test_nothing_heavy_before_it_is_used(code: str) -> None:
    assert _loaded_after(code) & set(HEAVY) == set()


def test_the_package_names_are_the_functions_whatever_loaded_first() -> None:
    """``bitranscript.clean`` is the function even once the pipeline (and its stages) loaded."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import bitranscript.pipeline, bitranscript; print(callable(bitranscript.clean), "
            "type(bitranscript.clean).__name__, bitranscript.process.__module__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["True", "function", "bitranscript.pipeline"]


@_NO_CACHE
@pytest.mark.parametrize(
    ("line", "ftfy"),
    [
        ("张总：我们的“公有云”收入同比增长12%……（Zhang’s remarks — “public cloud revenue” grew 12%…）", False),
        ("The company’s revenue grew.".encode().decode("cp1252"), True),  # "The companyâ€™s revenue grew."
    ],
)
def test_checks_ask_ftfy_only_about_lines_that_may_be_mojibake(line: str, ftfy: bool) -> None:
    """ASCII, Chinese and typographic quotes (``checks.NO_MOJIBAKE``) are no mojibake: the
    encoding check imports ftfy (0.1 s) only for a line with other characters."""
    text = f"Operator: Welcome to the call.\n{line}\nRevenue grew 12% this quarter.\n"
    loaded = _loaded_warm(f"import bitranscript\nassert bitranscript.process({text!r}).findings is not None")
    assert "bitranscript.checks" in loaded
    assert ("ftfy" in loaded) == ftfy


@_NO_CACHE
def test_a_cached_glossary_index_spares_pypinyin() -> None:
    """The transfer rule reads the pinyin of the glossaries' Chinese forms from the compiled
    index (``rules.transfer.pinyin_tables``): a call whose index comes from the cache imports
    no pypinyin (0.2 s), though its pairs ask for the readings of the terms they name."""
    code = f"import bitranscript\nbitranscript.process(open({str(EXAMPLE)!r}, encoding='utf-8').read())"
    assert "pypinyin" not in _loaded_warm(code)


PAIR_SPARES = ("bitranscript.model", "bitranscript.batch", "bitranscript.render",
               "bitranscript.pipeline", "json", "tempfile", "gzip", "jieba", "pypinyin", "wordfreq")  # fmt: skip


def _pair_loads(tmp_path: Path, *, source_mt: bool) -> set[str]:
    """The modules a ``pair`` of a small Chinese text and its English has loaded when it
    ends, the user cache warm (the first run may fill it)."""
    files = {}
    for name, text in (
        ("a.zh", "第一句。陈清扬把我拽住。\n第二句。\n"),
        ("a.mt", "The first.\nThe second.\n"),
        ("a.en", "One. Chen Qingyang held me back.\nTwo.\n"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files[name] = str(tmp_path / name)
    argv = ["pair", files["a.zh"], files["a.en"], *(["--source-mt", files["a.mt"]] if source_mt else [])]
    code = f"import sys\nfrom bitranscript.cli import main\nmain({argv!r})\nprint(repr(sorted(sys.modules)))"
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(ast.literal_eval(out.splitlines()[-1]))


@_NO_CACHE
def test_pair_with_a_source_mt_loads_only_what_it_runs(tmp_path: Path) -> None:
    """``pair --source-mt`` is a cold command run once per document: it loads neither the
    model nor the batch machinery nor the renderers (their dataclasses and imports were a
    tenth of its start), no json, no tempfile writing to standard output, and, the user
    cache warm, no jieba, pypinyin or wordfreq."""
    loaded = _pair_loads(tmp_path, source_mt=True)
    assert "bitranscript.bitext" in loaded
    assert loaded & set(PAIR_SPARES) == set()


@_NO_CACHE
def test_pair_of_raw_chinese_loads_no_detection_evidence(tmp_path: Path) -> None:
    """``pair`` on raw Chinese reads ``HAN`` and the English word frequencies from ``words``:
    ``features`` (the detection evidence) and its thresholds (``params``) cost a cold
    command 13 ms it does not use. Nor does it load jieba, pypinyin or wordfreq (their
    tables and readings come from the user cache)."""
    loaded = _pair_loads(tmp_path, source_mt=False)
    assert {"bitranscript.bitext", "bitranscript.zhseg", "bitranscript.words"} <= loaded
    spares = {*PAIR_SPARES, "bitranscript.features", "bitranscript.params"} - {"json"}  # json: the HMM's table
    assert loaded & spares == set()
