"""What loads when: a cold command pays for every import, so nothing loads before it is used."""

from __future__ import annotations

import json
import subprocess
import sys

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
