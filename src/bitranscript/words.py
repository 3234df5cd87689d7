"""What ``pair`` asks of every word, apart from :mod:`.features`: whether it is Chinese
(``HAN``), and how frequent it is in English (``english_frequencies``).

``features`` re-exports both. They live here so that ``bitext`` loads neither the rest of
the detection evidence nor its thresholds (``params``): 13 ms of a ``pair`` run once per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import regex

from .cache import Table, cached_file, file_key, package_file, write_tables

HAN = regex.compile(r"\p{Han}")


class WordFrequencies(Mapping[str, float]):
    """wordfreq's English word frequencies (a share of all words), with the words above a floor.

    Loading wordfreq's table (321,000 words) costs a cold command a quarter of a second or
    more, though a call asks about a few thousand words. So the table is written once into
    the user cache (:mod:`.cache`, keyed by wordfreq's data file) and each word is read from
    it when first asked for. Where there is no cache, the whole table is loaded as before.
    """

    def __init__(self, table: Mapping[str, float]) -> None:
        self._table = table

    def get(self, word: str, default: float = 0.0) -> float:  # type: ignore[override]
        return self._table.get(word, default)

    def __getitem__(self, word: str) -> float:
        return self._table[word]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def prefetch(self, words: Iterable[str]) -> None:
        """Read ``words`` in a few batched queries where the table lives in the user cache
        (``cache.Table.prefetch``); nothing for a table in memory."""
        prefetch = getattr(self._table, "prefetch", None)
        if prefetch is not None:
            prefetch(words)

    def at_least(self, frequency: float) -> frozenset[str]:
        """The words at least this frequent."""
        if isinstance(self._table, Table):
            return frozenset(self._table.keys_where("v >= ?", frequency))
        return frozenset(w for w, f in self._table.items() if f >= frequency)


def _wordfreq_table() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


@lru_cache(maxsize=1)
def english_frequencies() -> WordFrequencies:
    """wordfreq's English word frequencies (:class:`WordFrequencies`)."""
    try:
        key = file_key(package_file("wordfreq", "data", "large_en.msgpack.gz")) + "; table 1"
    except OSError:  # laid out otherwise: no cache, wordfreq's own loader
        return WordFrequencies(_wordfreq_table())
    path = cached_file(
        "english_frequencies.sqlite",
        key,
        lambda tmp: write_tables(tmp, {"freq": _wordfreq_table().items()}, indexed=["freq"]),
    )
    return WordFrequencies(Table(path, "freq") if path is not None else _wordfreq_table())
