"""Writing outputs atomically: a temp file beside the target, then a rename.

A reader never sees a half-written file, a failed run leaves the old file untouched,
and the input file is never the output.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError


def write_atomic(path: str | Path, content: str, *, inputs: tuple[str | Path, ...] = ()) -> None:
    """Write ``content`` (UTF-8) to ``path``; ``-`` writes standard output."""
    if str(path) == "-":
        sys.stdout.write(content)
        sys.stdout.flush()
        return
    target = Path(path)
    for inp in inputs:
        if str(inp) != "-" and _same_file(Path(inp), target):
            raise InputError("refusing to overwrite the input file", source=str(path))
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise InputError("is a directory, cannot write the output there", source=str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as err:
        raise InputError(f"cannot write the output: {err.strerror or err}", source=str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException as err:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(err, OSError):
            raise InputError(f"cannot write the output: {err.strerror or err}", source=str(path)) from None
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
