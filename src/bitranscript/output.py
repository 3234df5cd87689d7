"""Writing outputs: never over an input, never half a file, nothing left behind.

Every writer (one output file, ``-o DIR``, a JSONL file, baselines, reports, glossary
exports) goes through :func:`open_output` (or :func:`write_atomic`), with the run's
:class:`Inputs`:

* An output that resolves to an input (the same real path, or the same inode: a symlink
  or a hard link of it) is refused before a byte is written.
* A regular file (or a new path) is written to a temp file beside it, fsynced, and renamed
  into place (the directory fsynced after), so a reader never sees half a file and a failed
  run or a crash leaves the old one. The file keeps the mode of the one it replaces; a new
  file gets what ``open`` gives (0644 under the usual umask 022), not mkstemp's 0600.
* A device, a FIFO or ``-`` is written in place: renaming over ``/dev/null`` would
  replace the device with a regular file (as root, it can).
* The temp file is removed on every way out: an error, Ctrl-C, and SIGTERM (a handler
  removes the temp files, then re-raises the signal, so the process still dies of it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from .errors import InputError


class Inputs:
    """The files a run reads, which no output may name: by real path and by inode."""

    def __init__(self, paths: Iterable[str | Path] = ()) -> None:
        self.real: dict[str, str] = {}
        self.inodes: dict[tuple[int, int], str] = {}
        for p in paths:
            self.add(p)

    def add(self, path: str | Path) -> None:
        name = str(path)
        if name == "-":
            return
        self.real.setdefault(os.path.realpath(name), name)
        try:
            st = os.stat(name)
        except (OSError, ValueError):
            return
        if stat.S_ISREG(st.st_mode):  # a device is no one's data
            self.inodes.setdefault((st.st_dev, st.st_ino), name)

    def check(self, target: str | Path) -> None:
        """Raise :class:`InputError` when writing ``target`` would write one of the inputs."""
        name = str(target)
        if name == "-":
            return
        hit = self.real.get(os.path.realpath(name))
        if hit is None:
            try:
                st = os.stat(name)
                hit = self.inodes.get((st.st_dev, st.st_ino)) if stat.S_ISREG(st.st_mode) else None
            except (OSError, ValueError):
                pass
        if hit is not None:
            what = "the input file" if hit == name else f"the input {hit}"
            raise InputError(f"refusing to overwrite {what}", source=name)


def as_inputs(inputs: Inputs | Iterable[str | Path]) -> Inputs:
    return inputs if isinstance(inputs, Inputs) else Inputs(inputs)


# --------------------------------------------------------------------------- temp files and signals

_TEMPS: set[str] = set()
"""Temp files of writes in progress in this process, removed if a signal ends it."""


_REMOVED_BY_SIGNAL: dict[str, int] = {}
"""Temp files the handler removed, with the signal: the writer raises it again on its next step."""


def _on_signal(signum: int, frame: object) -> None:
    """Remove the temp files, then let the signal do what it did before (die, or KeyboardInterrupt).

    A KeyboardInterrupt raised while Python runs a weakref callback or a ``__del__`` is
    printed and dropped ("Exception ignored in ..."), and the run would go on to write an
    output whose temp file is gone; so each removed temp file is noted, and its writer
    raises the interrupt again (:meth:`Output.raise_if_signalled`).
    """
    for tmp in list(_TEMPS):
        _unlink(tmp)
        _REMOVED_BY_SIGNAL[tmp] = signum
    previous = _PREVIOUS.get(signum)
    signal.signal(signum, previous if previous is not None else signal.SIG_DFL)  # type: ignore[arg-type]
    os.kill(os.getpid(), signum)


_PREVIOUS: dict[int, object] = {}


def _install_handlers() -> None:
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers; a worker thread's temp file is still removed on errors
    for sig in (signal.SIGTERM, signal.SIGINT):
        current = signal.getsignal(sig)
        if current is not _on_signal and current is not signal.SIG_IGN:
            _PREVIOUS[sig] = current
            signal.signal(sig, _on_signal)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait (are delivered on leaving) while the block runs."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
    _TEMPS.discard(path)


def _new_file_mode(existing: os.stat_result | None) -> int:
    """Keep a replaced file's mode; a new file gets what ``open`` would give it (not mkstemp's 0600)."""
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# --------------------------------------------------------------------------- writing


class Output:
    """An output being written: ``write`` pieces, then ``commit`` (or ``discard`` on failure)."""

    def __init__(self, path: str | Path, inputs: Inputs | Iterable[str | Path] = ()) -> None:
        self.name = str(path)
        self.tmp: str | None = None
        self.target: str | None = None
        self.fh: TextIO
        if self.name == "-":
            if sys.stdout is None:
                raise InputError("standard output is closed", source="<stdout>")
            self.name = "<stdout>"
            self.fh = sys.stdout
            return
        as_inputs(inputs).check(self.name)
        try:
            st: os.stat_result | None = os.stat(self.name)
        except FileNotFoundError:
            st = None
        except (OSError, ValueError) as err:
            raise InputError(
                f"cannot write the output: {getattr(err, 'strerror', None) or err}", source=self.name
            ) from None
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, cannot write the output there", source=self.name)
        try:
            if st is not None and not stat.S_ISREG(st.st_mode) or self.name.startswith(("/dev/", "/proc/")):
                self.fh = open(self.name, "w", encoding="utf-8", newline="")  # a device or FIFO: in place
                return
            self.target = os.path.realpath(self.name)  # a symlink stays a symlink; its file is replaced
            import tempfile  # only for a file: standard output needs none

            _install_handlers()
            with _signals_held():  # a signal between creating the temp file and noting it would leave it behind
                fd, self.tmp = tempfile.mkstemp(
                    prefix=f".{os.path.basename(self.target)}.", suffix=".tmp", dir=os.path.dirname(self.target)
                )
                _TEMPS.add(self.tmp)
            os.fchmod(fd, _new_file_mode(st))
            self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        except OSError as err:
            if self.tmp:
                _unlink(self.tmp)
            raise InputError(f"cannot write the output: {err.strerror or err}", source=self.name) from None

    def raise_if_signalled(self) -> None:
        """Raise the interrupt again if a signal removed this output's temp file (see :func:`_on_signal`)."""
        signum = _REMOVED_BY_SIGNAL.pop(self.tmp, None) if self.tmp is not None else None
        if signum is not None:
            self.tmp = None
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            raise SystemExit(128 + signum)

    def write(self, text: str) -> None:
        self.raise_if_signalled()
        try:
            self.fh.write(text)
            if self.tmp is None:
                self.fh.flush()
        except OSError as err:
            self.discard()
            if isinstance(err, BrokenPipeError):
                raise
            raise InputError(f"cannot write the output: {err.strerror or err}", source=self.name) from None

    def commit(self) -> None:
        self.raise_if_signalled()
        try:
            if self.tmp is None:
                self.fh.flush()
                if self.fh is not sys.stdout:
                    self.fh.close()
                return
            self.fh.flush()
            os.fsync(self.fh.fileno())  # the bytes are on disk before the name points at them
            self.fh.close()
            assert self.target is not None
            os.replace(self.tmp, self.target)
            _TEMPS.discard(self.tmp)
            self.tmp = None
            _fsync_dir(os.path.dirname(self.target))
        except OSError as err:
            self.discard()
            if isinstance(err, BrokenPipeError):
                raise
            raise InputError(f"cannot write the output: {err.strerror or err}", source=self.name) from None

    def discard(self) -> None:
        """Remove the temp file (an in-place output keeps what was written: it cannot be taken back)."""
        if self.fh is not sys.stdout:
            try:
                self.fh.close()
            except (OSError, ValueError):
                pass
        if self.tmp is not None:
            _unlink(self.tmp)
            _REMOVED_BY_SIGNAL.pop(self.tmp, None)
            self.tmp = None


def _fsync_dir(directory: str) -> None:
    """Make a rename durable (POSIX); where a directory cannot be opened or synced, skip it."""
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_output(path: str | Path, inputs: Inputs | Iterable[str | Path] = ()) -> Output:
    """Start writing ``path`` (``-``: standard output); refuses a path that is one of ``inputs``."""
    return Output(path, inputs)


def write_atomic(path: str | Path, content: str | Iterable[str], *, inputs: Inputs | Iterable[str | Path] = ()) -> None:
    """Write ``content`` (UTF-8; a string, or pieces of one) to ``path`` in one piece; ``-``
    writes standard output. Pieces are written as they come, so the whole text never needs
    to be in memory (:func:`bitranscript.render.chunks`)."""
    out = Output(path, inputs)
    try:
        for block in (content,) if isinstance(content, str) else _blocks(content):
            out.write(block)
        out.commit()
    except BaseException:
        out.discard()
        raise


def _blocks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[str]:
    """Small pieces joined into blocks of about ``size`` characters: one write (and, to a
    terminal or pipe, one flush) a block, not one a record."""
    block: list[str] = []
    held = 0
    for piece in pieces:
        block.append(piece)
        held += len(piece)
        if held >= size:
            yield "".join(block)
            block, held = [], 0
    if block:
        yield "".join(block)
