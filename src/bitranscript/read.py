"""Stage 1, read: bytes to text.

Accepts UTF-8 with or without a byte-order mark, UTF-16 (with a BOM, or without one
when the NUL pattern shows it) and GB18030. Line endings (CRLF, CR, LF) are kept as
they are: every offset bitranscript reports is into the text this returns.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, *, source: str | None = None, encoding: str | None = None) -> str:
    """Decode transcript bytes, or raise :class:`InputError` naming where they fail."""
    if encoding:
        return _decode_as(data, encoding, source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, enc, source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, source)
    if b"\x00" in data:
        nul = data.index(b"\x00")
        raise InputError(f"binary data (NUL byte at byte {nul})", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InputError(
                f"not UTF-8, UTF-16 or GB18030 text (invalid byte at byte {utf8_error.start})", source=source
            ) from None
    _reject_binary(text, source)
    return text


def _decode_as(data: bytes, encoding: str, source: str | None) -> str:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        where = f"byte {err.start}" if isinstance(err, UnicodeDecodeError) else None
        raise InputError(f"cannot decode as {encoding}", source=source, where=where) from None
    _reject_binary(text, source)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of most byte pairs (ASCII-heavy UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _reject_binary(text: str, source: str | None) -> None:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in sample or (sample and controls / len(sample) > 0.05):
        raise InputError("binary data, not a text transcript", source=source)


def read_file(path: str | Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one transcript file; ``-`` reads standard input."""
    import sys

    name = str(path)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > max_bytes:
                raise InputError(f"{size} bytes is over the limit of {max_bytes} (--max-bytes)", source=name)
            data = p.read_bytes()
        except IsADirectoryError:
            raise InputError("is a directory", source=name) from None
        except OSError as err:
            raise InputError(err.strerror or str(err), source=name) from None
    if len(data) > max_bytes:
        raise InputError(f"over the limit of {max_bytes} bytes (--max-bytes)", source=name)
    return decode(data, source=name, encoding=encoding)
