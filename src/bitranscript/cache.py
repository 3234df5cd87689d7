"""Derived resources built once per machine and kept in a user cache directory.

Some resources are too slow to derive at every cold start and too large to ship (English
word frequencies as an indexed table). :func:`cached_file` builds one on first use into
``$BITRANSCRIPT_CACHE_DIR``, else ``$XDG_CACHE_HOME/bitranscript``, else
``~/.cache/bitranscript``, as an SQLite file of read-only tables (:class:`Table`), under a name that carries a hash of everything it was built from
(our version, the source library's version), so a stale file is never read: a new key is a
new file. Builds go to a temp file renamed into place, so concurrent processes (pool
workers, parallel tests) never read half a file. Where no directory is writable, or
``BITRANSCRIPT_NO_CACHE=1``, the caller builds in memory instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

V = TypeVar("V")


def cache_dir() -> Path | None:
    """The cache directory (not created), or None when caching is off."""
    if os.environ.get("BITRANSCRIPT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("BITRANSCRIPT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bitranscript"


def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing it (importing
    wordfreq costs 80 ms; ``importlib.metadata`` for its version 50 ms)."""
    return Path(_package_dir(package), *parts)


@functools.cache
def _package_dir(package: str) -> str:
    """Where ``package`` is installed, searched for once: a raw-Chinese ``pair`` asks eleven
    times (each search walks ``sys.path``)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"no package {package!r}", name=package)
    return str(next(iter(spec.submodule_search_locations)))


def file_key(path: Path) -> str:
    """What identifies a source file's content for a cache key: its path, size and mtime
    (a new version of the library that ships it changes at least one of them)."""
    st = path.stat()
    return f"{path} {st.st_size} {st.st_mtime_ns}"


def cached_file(name: str, key: str, build: Callable[[Path], None]) -> Path | None:
    """The path of cache file ``name`` for ``key``, built by ``build(path)`` if missing.

    None when there is no usable cache directory or the build could not be written there.
    """
    directory = cache_dir()
    if directory is None:
        return None
    path = directory / _keyed(name, key)
    if path.is_file():
        return path
    try:
        directory.mkdir(parents=True, exist_ok=True)
        import tempfile  # only to build: a warm cache needs none

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError:
        return None
    os.close(fd)
    try:
        build(Path(tmp))
        os.replace(tmp, path)
    except OSError:
        return None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _keyed(name: str, key: str) -> str:
    """``name`` with a hash of ``key`` before its extension: a new key is a new file."""
    stem, dot, ext = name.partition(".")
    return f"{stem}-{hashlib.sha256(key.encode()).hexdigest()[:16]}{dot}{ext}"


class Memo:
    """A ``key -> text`` table in the user cache that grows: what a pure function said of
    every key it was asked about on this machine (``key`` names all the function depends on).

    For results drawn from an unbounded set (pypinyin's reading of any word a document may
    hold), where :func:`cached_file` would need them all up front. A process reads the
    keys it needs and adds those it had to compute. Best effort both ways: a missing,
    locked or unwritable file reads as a miss and keeps nothing, so callers just compute.
    """

    def __init__(self, name: str, key: str) -> None:
        directory = cache_dir()
        self.path = None if directory is None else directory / _keyed(name, key)
        self._db: sqlite3.Connection | None = None

    def get(self, key: str) -> str | None:
        """The text kept for ``key``, or None."""
        if self.path is None:
            return None
        try:
            if self._db is None:
                if not self.path.is_file():
                    return None
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, timeout=1.0, check_same_thread=False)
            row = self._db.execute("SELECT v FROM memo WHERE k = ?", (key,)).fetchone()
        except (OSError, sqlite3.Error):
            return None
        return None if row is None else str(row[0])

    def put(self, items: Mapping[str, str]) -> None:
        """Keep ``items`` (keys already kept keep their text), in one transaction."""
        if self.path is None or not items:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.closing(sqlite3.connect(self.path, timeout=1.0)) as db, db:
                db.execute("CREATE TABLE IF NOT EXISTS memo (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO memo VALUES (?, ?)", items.items())
        except (OSError, sqlite3.Error):
            pass


class Table(Mapping[str, V]):
    """A read-only ``key -> value`` table of a cache SQLite file (:func:`write_tables`).

    A key is read when first asked for and remembered: a call looks up a few thousand words
    of a table of hundreds of thousands, so loading all of it up front would cost more than
    the rest of a cold command. ``decode`` turns the stored value into what callers see.
    Safe to share between threads (one lock around the connection).
    """

    def __init__(self, path: Path, name: str, decode: Callable[[Any], V] = lambda v: v) -> None:
        if not name.isidentifier():
            raise ValueError(f"bad table name {name!r}")
        self._name, self._decode = name, decode
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self._memo: dict[str, V | None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        try:
            value = self._memo[key]
        except KeyError:
            with self._lock:
                row = self._db.execute(f"SELECT v FROM {self._name} WHERE k = ?", (key,)).fetchone()
            value = None if row is None else self._decode(row[0])
            if len(self._memo) < _MEMO_MAX:
                self._memo[key] = value
        return default if value is None else value

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read ``keys`` not yet asked for into the memo, 500 to a query: one query per key
        costs more than the whole lookup when a document asks for thousands."""
        todo = [k for k in set(keys) if k not in self._memo]
        for at in range(0, len(todo), 500):
            chunk = todo[at : at + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(f"SELECT k, v FROM {self._name} WHERE k IN ({marks})", chunk).fetchall()
            found = {k: self._decode(v) for k, v in rows}
            for k in chunk:
                if len(self._memo) < _MEMO_MAX:
                    self._memo[k] = found.get(k)

    def __getitem__(self, key: str) -> V:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def load(self) -> dict[str, V]:
        """The whole table in memory, in one query: for going over every key (building a
        table derived from this one), where ``items()`` would query a key at a time."""
        with self._lock:
            rows = self._db.execute(f"SELECT k, v FROM {self._name}").fetchall()
        return {k: self._decode(v) for k, v in rows}

    def keys_where(self, condition: str, *args: Any) -> list[str]:
        """The keys whose value ``v`` meets an SQL ``condition`` ("v >= ?")."""
        with self._lock:
            return [r[0] for r in self._db.execute(f"SELECT k FROM {self._name} WHERE {condition}", args)]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_where("1"))

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute(f"SELECT count(*) FROM {self._name}").fetchone()[0])


_MISSING: Any = object()
_MEMO_MAX = 1_000_000
"""Looked-up keys remembered per table, at most: a bound on memory for a process that lives long."""


def write_tables(path: Path, tables: dict[str, Iterable[tuple[str, Any]]], *, indexed: Iterable[str] = ()) -> None:
    """Write ``key -> value`` tables into a new SQLite file at ``path`` (the :func:`cached_file` temp file).

    ``indexed`` tables also get an index on their values (for :meth:`Table.keys_where`).
    An SQLite error is raised as an OSError, which :func:`cached_file` takes for "no cache".
    """
    indexed = set(indexed)
    try:
        with contextlib.closing(sqlite3.connect(path)) as db:
            for name, rows in tables.items():
                db.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
                db.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
                if name in indexed:
                    db.execute(f"CREATE INDEX {name}_v ON {name} (v)")
            db.commit()
    except sqlite3.Error as err:
        raise OSError(f"cannot write the cache: {err}") from err
