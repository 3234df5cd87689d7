"""The compiled index on disk: a cold command loads it instead of compiling the glossaries.

Compiling generates every entry's pinyin forms (pypinyin alone takes 0.3 s to import), which
is most of a cold command's time, though the result is the same for the same files. So the
index (plain data: dictionaries of forms and entries, no compiled regex, those are built per
text) is pickled into the user cache (``bitranscript.cache.cache_dir``:
``$BITRANSCRIPT_CACHE_DIR``, else ``$XDG_CACHE_HOME/bitranscript``, else
``~/.cache/bitranscript``; none with ``BITRANSCRIPT_NO_CACHE=1``).

One file per set of glossary paths and params; it holds, before the index, the key it was
built for: the content of every glossary file, the params, this package's code and data
(sizes and times of its files) and the versions of the libraries forms come from. A file
whose key differs is stale and is rebuilt in place; one that cannot be read is rebuilt;
a directory that cannot be written is no cache (silently: the index is compiled as before).
Writes go to a temp file renamed into place, so a concurrent reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar, cast

from ..cache import cache_dir, file_key

FORMAT = "bitranscript glossary index 3"
"""Changed whenever what is pickled changes shape (the code key below catches most edits)."""

T = TypeVar("T")


def _stat_key(path: Path | str) -> str:
    """``cache.file_key`` (path, size, mtime), and a mark for a file that is not there."""
    try:
        return file_key(Path(path))
    except OSError:
        return f"{path} -"


def _code_key() -> str:
    """What the index is computed by: this package's modules and data files, the transfer
    rule (``pinyin_tables``), features.py and words.py, and the libraries that give pinyin, English
    frequencies and Simplified forms (their files' sizes and times: a new version changes
    them; no import, no metadata scan)."""
    import importlib.util

    here = Path(__file__).resolve().parent
    pkg = here.parent
    files = sorted(here.glob("*.py")) + [
        here / "rules" / "transfer.py",
        pkg / "features.py",
        pkg / "words.py",
        pkg / "params.py",
    ]
    data = pkg / "data"
    if data.is_dir():
        files += sorted(data.iterdir())
    parts = [_stat_key(p) for p in files]
    for lib in ("pypinyin", "wordfreq", "opencc"):
        spec = importlib.util.find_spec(lib)
        parts.append(f"{lib} {_stat_key(spec.origin) if spec and spec.origin else '-'}")
    return "\n".join(parts)


def cached(paths: Sequence[str], contents: Sequence[bytes], params: object, build: Callable[[], T]) -> T:
    """``build()``'s result for glossary files ``paths`` (their bytes ``contents``) and
    ``params``: from the cache when its key matches, else built and stored there."""
    directory = cache_dir()
    if directory is None:
        return build()
    where = hashlib.sha256(repr((FORMAT, tuple(map(str, paths)), params)).encode()).hexdigest()[:20]
    path = directory / f"glossary-{where}.pickle"
    digest = hashlib.sha256()
    for p, data in zip(paths, contents, strict=True):
        digest.update(f"{p}\0{len(data)}\0".encode())
        digest.update(data)
    key = "\n".join((FORMAT, repr(params), _code_key(), digest.hexdigest()))
    found = _read(path, key)
    if found is not None:
        return cast(T, found)  # what ``_write`` stored under this key: an earlier ``build()``
    value = build()
    _write(directory, path, key, value)
    return value


def _read(path: Path, key: str) -> object:
    """The value stored in ``path`` under ``key`` (None: none, another key, or unreadable)."""
    try:
        with open(path, "rb") as fh:
            if pickle.load(fh) != key:
                return None
            return pickle.load(fh)
    except Exception:  # missing, half-written by a crash, or from other code: rebuilt
        return None


def _write(directory: Path, path: Path, key: str, value: object) -> None:
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(key, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # no cache: the next run compiles again
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
