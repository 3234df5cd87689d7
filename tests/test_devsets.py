"""Ratchet: the dev-set level reached so far (skipped without ../shared).

Raise a floor when the pipeline improves; never lower one. The figures are what
``../shared/eval/score.py`` reports for ``python -m bitranscript align --format json``;
``benchmarks/devsets.py`` prints the whole table.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

import bitranscript

# set: (transcript, gold, {metric: floor})
FLOORS = {
    "seed": ("seed/kingsoft_cloud_q4_2022.txt", "gold/kingsoft_cloud_q4_2022.json",
             {"kind_accuracy": 0.99, "side_accuracy": 0.99, "pair_lax_f1": 0.99, "pair_strict_f1": 0.88}),
    "control": ("dev/real/cost_2026q2_control.txt", "dev/real/cost_2026q2_control.json",
                {"kind_accuracy": 1.0, "pair_lax_f1": 1.0}),
    "xpev": ("dev/real/xpev_2025q2.txt", "dev/real/xpev_2025q2.json",
             {"kind_accuracy": 0.99, "side_accuracy": 0.99, "pair_lax_f1": 0.99, "pair_strict_f1": 0.99}),
    "zh": ("dev/real/zh_2025q4.txt", "dev/real/zh_2025q4.json",
           {"kind_accuracy": 0.99, "side_accuracy": 0.99, "pair_lax_f1": 0.99, "pair_strict_f1": 0.99}),
    "stream_001_mt": ("dev/streams/stream_001_mt.txt", "dev/streams/gold_001_mt.json",
                      {"kind_accuracy": 0.93, "pair_strict_f1": 0.90}),
    "stream_003_mt": ("dev/streams/stream_003_mt.txt", "dev/streams/gold_003_mt.json",
                      {"kind_accuracy": 0.75, "pair_strict_f1": 0.57}),
    "stream_004_zh": ("dev/streams/stream_004_zh.txt", "dev/streams/gold_004_zh.json",
                      {"kind_accuracy": 0.99, "pair_strict_f1": 0.99}),
}


@pytest.fixture(scope="module")
def scorer(shared):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_floor(name, shared, scorer):
    txt, gold, floors = FLOORS[name]
    text = open(shared / txt, encoding="utf-8", newline="").read()
    prediction = json.loads(bitranscript.process(text).to_json())
    scores = scorer.score(json.load(open(shared / gold, encoding="utf-8")), text, prediction)
    below = {k: round(scores[k], 3) for k, floor in floors.items() if scores[k] < floor}
    assert not below, f"{name} fell below its floor: {below} (floors {floors})"


def test_english_only_control_has_no_source_side(shared):
    text = open(shared / FLOORS["control"][0], encoding="utf-8", newline="").read()
    result = bitranscript.process(text)
    assert result.pairs == ()
    assert {s.kind for s in result.segments} <= {"native", "vendor"}
