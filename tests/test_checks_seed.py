"""Ratchet on the real dev data: number conflicts found on the seed, no false alarms on the
English-only control. Skips without ../shared. Raise the floors when the level rises."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bitranscript.pipeline import process
from bitranscript.read import read_file

NUMBER_CODES = ("number-mismatch", "number-precision", "number-currency", "number-consistency")


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
    # ratchet: the level reached through the pipeline (acceptance: >= 0.8 with <= 12 findings)
    assert scores["number_conflict_recall"] >= 1.0, scores
    assert scores["number_findings"] <= 6, scores


def test_english_control_has_no_number_findings(shared: Path) -> None:
    path = shared / "dev" / "real" / "cost_2026q2_control.txt"
    if not path.exists():
        pytest.skip("control transcript not present")
    result = process(read_file(path), source=str(path))
    assert [f.message for f in result.findings if f.code in NUMBER_CODES] == []


def _gold_result(gold: dict, text: str):
    """The transcript with the gold's own segments and pairs: the checks alone, whatever the pipeline does."""
    from bitranscript.model import Pair, Result, Segment

    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    segs = sorted(gold["segments"], key=lambda s: (s["line"], s["start"]))
    index = {s["id"]: k for k, s in enumerate(segs)}
    segments = tuple(
        Segment(starts[s["line"] - 1] + s["start"], starts[s["line"] - 1] + s["end"], s["kind"], s["line"] - 1)
        for s in segs
    )
    pairs = tuple(
        Pair(tuple(index[i] for i in p["original"]), tuple(index[i] for i in p["interpretation"]))
        for p in gold["pairs"]
    )
    return Result(text, segments, pairs)


@pytest.mark.parametrize(
    ("gold", "txt", "min_recall", "max_findings"),
    [
        ("gold/kingsoft_cloud_q4_2022.json", "seed/kingsoft_cloud_q4_2022.txt", 1.0, 6),
        ("dev/real/xpev_2025q2.json", "dev/real/xpev_2025q2.txt", 1.0, 2),
        ("dev/real/zh_2025q4.json", "dev/real/zh_2025q4.txt", None, 0),
        ("dev/real/cost_2026q2_control.json", "dev/real/cost_2026q2_control.txt", None, 0),
    ],
)
def test_number_checks_on_gold_segments(shared: Path, gold: str, txt: str, min_recall, max_findings) -> None:
    from bitranscript.checks import run_checks

    if not (shared / gold).exists():
        pytest.skip(f"{gold} not present")
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    g = json.loads((shared / gold).read_text(encoding="utf-8"))
    text = open(shared / txt, encoding="utf-8", newline="").read()
    findings = [f for f in run_checks(_gold_result(g, text)) if f.code in NUMBER_CODES]
    pred = {"findings": [{"code": f.code, "message": f.message, "start": f.start, "end": f.end} for f in findings]}
    scores = mod.number_scores(g, pred, text)
    assert len(findings) <= max_findings, [f.message for f in findings]
    if min_recall is not None:
        assert scores["number_conflict_recall"] >= min_recall, scores
