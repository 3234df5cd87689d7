"""The leave-one-set-out cross-validation of ``benchmarks/tune.py`` on made-up figures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def tune():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("tune", BENCH / "tune.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.parametrize(
    ("name", "fold"),
    [("stream_001_gl", "stream_001"), ("stream_004_zh", "stream_004"), ("seed", "seed"), ("nio_2025q4", "nio_2025q4")],
)
def test_stream_variants_share_a_fold(tune, name, fold):
    assert tune.set_of(name) == fold


def test_each_held_out_set_is_scored_with_the_choice_of_the_others(tune):
    # Combination 0 is best on "a" alone; combination 1 on "b" and "c" together.
    figures = [
        {"a": 1.0, "b": 0.2, "c": 0.2},
        {"a": 0.0, "b": 0.9, "c": 0.9},
    ]
    cv = tune.cross_validate(figures)
    assert cv["a"] == (1, 0.0)  # chosen on b and c (0.2 against 0.9): combination 1, which fails on a
    assert cv["b"] == (0, 0.2)  # chosen on a and c (0.6 against 0.45): combination 0
    assert cv["c"] == (0, 0.2)


def test_silver_figure_is_zero_one_on_machine_english(tune):
    clean = {
        "interp_recall": 1.0,
        "pair_precision": 1.0,
        "pair_recall": 1.0,
        "original_share": 0.0,
        "english_source_pairs": 0,
    }
    assert tune.silver_figure(clean) == 1.0
    assert tune.silver_figure({**clean, "english_source_pairs": 2}) == pytest.approx(0.8)
    assert tune.silver_figure({**clean, "original_share": 0.2}) == pytest.approx(0.8)
