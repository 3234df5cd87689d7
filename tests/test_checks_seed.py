"""Ratchet on the real dev data: number conflicts found on the seed, no false alarms on the
English-only control. Skips without ../shared. Raise the floors when the level rises."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bitranscript.pipeline import process
from bitranscript.read import read_file

NUMBER_CODES = ("number-mismatch", "number-currency", "number-consistency")


def _score(shared: Path, gold_name: str, txt: Path) -> dict:
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    gold = json.loads((shared / "gold" / gold_name).read_text(encoding="utf-8"))
    text = read_file(txt)
    pred = json.loads(process(text, source=str(txt)).to_json())
    return mod.number_scores(gold, pred, open(txt, encoding="utf-8", newline="").read())


def test_seed_number_conflicts(shared: Path) -> None:
    scores = _score(shared, "kingsoft_cloud_q4_2022.json", shared / "seed" / "kingsoft_cloud_q4_2022.txt")
    assert scores["number_conflict_recall"] >= 0.8, scores
    assert scores["number_findings"] <= 12, scores


def test_english_control_has_no_number_findings(shared: Path) -> None:
    path = shared / "dev" / "real" / "cost_2026q2_control.txt"
    if not path.exists():
        pytest.skip("control transcript not present")
    result = process(read_file(path), source=str(path))
    assert [f.message for f in result.findings if f.code in NUMBER_CODES] == []
