"""The data files shipped in the package agree with the libraries they are built from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from bitranscript import features

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pinyin_syllables_are_pypinyins() -> None:
    """The shipped list is what pypinyin's dictionary gives today (rebuild it when pypinyin changes)."""
    assert features.pinyin_syllables() == frozenset(_script("build_pinyin_syllables").syllables())


def test_pinyin_syllables_hold_no_interjections_or_single_letters() -> None:
    syllables = features.pinyin_syllables()
    assert {"jin", "shan", "yun", "zhuang", "lv"} <= syllables
    assert not {"hm", "ng", "hng", "a", "e", "n"} & syllables
