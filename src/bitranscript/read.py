"""Stage 1, read: bytes to text, or one clear error.

Accepted: UTF-8 (with or without a byte-order mark), UTF-16 and UTF-32 with a BOM,
UTF-16 without one (recognised by its NUL pattern), GB18030 (which includes GBK and
GB2312) and Big5. Line endings (CRLF, CR, LF) are kept as they are: every offset
bitranscript reports is into the text this returns, so nothing is lost on the way in.

GB18030 decodes almost any byte string without error, so "it decodes" proves little.
Strict UTF-8 is tried first (it is self-validating: non-UTF-8 text almost never passes).
Only when it fails are the legacy encodings tried, and each decoding must also *look*
like text: few unexpected characters (kana, Cyrillic, box drawing, private use, controls
are what Big5 bytes turn into when read as GB18030, and the like) and many of the most
frequent Chinese characters. The most plausible decoding wins; none plausible is an
error that names the first byte that is not UTF-8. ``--encoding`` overrides all this.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Inputs larger than this are refused before they are read (``--max-bytes``)."""

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (  # Common binary formats, for a friendlier message than "NUL byte".
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .xlsx file?)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "a legacy Office document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"ID3", "an MP3 audio file"),
    (b"RIFF", "a RIFF (WAV/AVI) media file"),
)

SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")
"""Control characters below U+0020 other than tab, line breaks, form feed and escape (colours)."""


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD: the same length, so offsets hold.

    For what goes to C libraries that must encode it (opencc): a caller of ``process`` may
    pass such text, though no file decodes to it.
    """
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


_LEGACY = ("gb18030", "big5", "utf-16-le", "utf-16-be")
"""Tried, in this order of preference on a tie, when the bytes are not UTF-8."""

# The most frequent characters of Chinese text (earnings calls included), in simplified
# and traditional forms. Correctly decoded Chinese is full of them; Chinese decoded with
# the wrong legacy codec is a scatter of rare characters.
_COMMON = frozenset(
    "的一是不了在人有我他这個个们們中来來上大为為和国國地到以说說时時要就出会會可也你对對生能而子那得于於着著下"
    "自之年过過发發后後作里裡用道行所然家种種事成方多经經么麼去法学學如都同现現当當没沒动動面起看定天分还還进進好"
    "小部其些主样樣理心她本前开開但因只从從想实實日者意无無力与與长長把机機十民第公此已工使情明性知全三又关關点點"
    "正业業外将將两兩高间間由问問很最重并並物手应應向头頭文体體政相见見被利什二等产產或新己制身果加月话話合回特代"
    "内內信表化老给給世位次度门門任常先海通教原东東声聲提立及比员員解水名真论論处處走义義各入几幾口认認条條平系气氣"
    "题題活更别別打变變四总總何电電数數安少报報才结結反受目量再感建务務做接必场場件计計管期市直资資司五基非则則季收"
    "增客户戶云雲亿億元万萬润潤毛率营營销銷售服谢謝问答今去品牌股投团團网網络絡百千",
)


def decode(data: bytes, *, source: str | None = None, encoding: str | None = None) -> str:
    """Decode transcript bytes, or raise :class:`InputError` naming where they fail."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (--encoding)", source=source) from None
        return _decode_as(data, encoding, source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, enc, source)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, source)
    if b"\x00" in data:
        text = _plausible_utf16(data)
        if text is not None:  # Chinese-only UTF-16 without a BOM: NULs only in line breaks
            _reject_binary(text, data, source)
            return text
        raise InputError(
            f"binary data, not a text transcript (NUL byte{_kind(data)})",
            source=source,
            where=_where(data, data.index(b"\x00")),
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = _decode_legacy(data, err, source)
    _reject_binary(text, data, source)
    return text


def _decode_as(data: bytes, encoding: str, source: str | None) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        raise InputError(
            f"cannot decode as {encoding} ({err.reason})", source=source, where=_where(data, err.start)
        ) from None
    except LookupError:
        raise InputError(f"{encoding!r} is not a text encoding (--encoding)", source=source) from None
    except (UnicodeError, TypeError, ValueError) as err:  # "undefined" refuses everything; odd codecs, odd errors
        raise InputError(f"cannot decode as {encoding}: {err}", source=source) from None
    _reject_binary(text, data, source)
    return text


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError, source: str | None) -> str:
    """The most plausible of the legacy decodings, or an error at the first non-UTF-8 byte."""
    best: tuple[float, str] | None = None
    for enc in _LEGACY:
        if enc.startswith("utf-16") and len(data) % 2:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _implausibility(text)
        if score < 0.2 and (best is None or score < best[0]):
            best = (score, text)
    if best is None:
        bad = data[utf8_error.start]
        raise InputError(
            f"not UTF-8 (byte 0x{bad:02x}), and not plausible as UTF-16, GB18030 or Big5 text; "
            "name the encoding with --encoding",
            source=source,
            where=_where(data, utf8_error.start),
        )
    return best[1]


def _plausible_utf16(data: bytes) -> str | None:
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc) if len(data) % 2 == 0 else None
        except UnicodeDecodeError:
            continue
        if text is not None and _nul_bytes_plausible(text) and _implausibility(text) < 0.2:
            return text
    return None


def _nul_bytes_plausible(text: str) -> bool:
    """Whether every character that put a NUL byte into the UTF-16 is one Chinese text has:
    ASCII (a line break, a space: the high byte is NUL) or a frequent character whose low
    byte is NUL (一 is U+4E00). "Good morning." with two NULs inside read as UTF-16 gives
    U+2E00 and U+0000 there, and is binary, not Chinese."""
    return all((ch.isascii() and ch != "\x00") or ch in _COMMON for ch in text if ord(ch) < 0x100 or not ord(ch) & 0xFF)


def _implausibility(text: str) -> float:
    """Share of unexpected characters, less a bonus for frequent Chinese ones (lower is better)."""
    sample = text[:20000]
    weird = han = common = 0
    for ch in sample:
        if ch.isascii():
            if ch < " " and ch not in "\t\n\r\f\v":
                weird += 1
            continue
        cp = ord(ch)
        if 0x4E00 <= cp <= 0x9FFF:
            han += 1
            common += ch in _COMMON
        elif not (
            0x3000 <= cp <= 0x303F
            or 0xFF00 <= cp <= 0xFFEF
            or 0x2000 <= cp <= 0x206F
            or unicodedata.category(ch).startswith("L")
            and cp < 0x0250
        ):
            weird += 1  # kana, Greek, Cyrillic, box drawing, Hangul, private use, C1 controls...
    other = max(1, sum(1 for ch in sample if not ch.isascii()))
    share = common / han if han else 0.0
    if han >= 4 and share < 0.1:
        return 1.0  # Chinese characters, but hardly any of the frequent ones: a wrong decoding
    return weird / other - 0.5 * share


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit on one side of most byte pairs (ASCII-heavy UTF-16)."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 16:  # too few pairs to tell; short inputs go to _plausible_utf16
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _reject_binary(text: str, data: bytes, source: str | None) -> None:
    """A NUL anywhere, or control characters beyond a few strays (escapes of terminal
    colours) in the first 8 KB, mean binary data. A lone surrogate (only an odd
    ``--encoding`` such as ``unicode_escape`` makes one) is no text either: it cannot be written."""
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(
            f"binary data, not a text transcript (NUL character{_kind(data)})",
            source=source,
            where=f"line {text.count(chr(10), 0, nul) + 1}, character {nul}",
        )
    bad_surrogate = SURROGATE.search(text)
    if bad_surrogate:
        at = bad_surrogate.start()
        raise InputError(
            f"lone surrogate U+{ord(text[at]):04X} is not text",
            source=source,
            where=f"line {text.count(chr(10), 0, at) + 1}, character {at}",
        )
    sample = text[:8192]
    bad = [m.start() for m in _CONTROL.finditer(sample)]
    if bad and ("\x00" in sample or len(bad) >= 8 and len(bad) / len(sample) > 0.05):
        ch = sample[bad[0]]
        raise InputError(
            f"binary data, not a text transcript (control character U+{ord(ch):04X}{_kind(data)})",
            source=source,
            where=f"line {sample.count(chr(10), 0, bad[0]) + 1}, character {bad[0]}",
        )


def _kind(data: bytes) -> str:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"; it looks like {what}"
    return ""


def _where(data: bytes, offset: int) -> str:
    """``line L, byte B`` for a byte offset (lines counted by LF, 1-based)."""
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset}"


def read_file(path: str | Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read and decode one transcript file; ``-`` reads standard input.

    Only a regular file (or ``-``) is read; its size is checked before reading, and at most
    ``max_bytes + 1`` bytes are ever read, so memory stays bounded whatever arrives.
    The file is only opened for reading: its bytes and modification time never change.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    data = read_bytes(path, max_bytes=max_bytes)
    # An empty file is read as the empty transcript, as process("") takes it: the
    # "empty" check reports it (an error: a delivery that lost its content fails the gate).
    return decode(data, source=name, encoding=encoding)


def read_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "file") -> bytes:
    """The bytes of a regular file (or ``-``, standard input), at most ``max_bytes`` of them.

    Every file bitranscript reads comes through here (transcripts, glossaries' size check,
    configurations, baselines, ``@list`` files), so a FIFO never hangs a run, ``/dev/zero``
    never fills memory, and the error names the file at fault. ``what`` names the kind of
    file in messages (``glossary``, ``baseline``).
    """
    import os
    import stat
    import sys

    name = str(path)
    if name == "-":
        if sys.stdin is None:
            raise InputError("standard input is closed", source="<stdin>")
        try:
            data = sys.stdin.buffer.read(max_bytes + 1)
        except (OSError, ValueError) as err:
            raise InputError(
                f"cannot read standard input: {getattr(err, 'strerror', None) or err}", source="<stdin>"
            ) from None
        name = "<stdin>"
    else:
        kind = what if what != "file" else "transcript"
        fd = -1
        try:
            st = os.stat(name)
            if stat.S_ISREG(st.st_mode):
                fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # swapped for a FIFO: no hang
                st = os.fstat(fd)
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror or err}", source=name) from None
        except ValueError as err:  # a NUL in the name
            raise InputError(f"bad file name ({err})", source=name) from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"is a directory, not a {kind} file", source=name)
        if not stat.S_ISREG(st.st_mode):
            if fd >= 0:
                os.close(fd)
            raise InputError(f"not a regular file ({special_kind(st.st_mode)}); only files and - are read", source=name)
        with os.fdopen(fd, "rb") as fh:
            if st.st_size > max_bytes:
                raise InputError(
                    f"{kind} is {st.st_size:,} bytes, over the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
                    source=name,
                )
            try:
                data = fh.read(max_bytes + 1)
            except OSError as err:
                raise InputError(f"cannot read: {err.strerror or err}", source=name) from None
    if len(data) > max_bytes:
        raise InputError(f"input is over the limit of {max_bytes:,} bytes (raise it with --max-bytes)", source=name)
    return data


def check_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "file") -> None:
    """Refuse, before anything is read, a ``what`` file that is not regular or is over ``max_bytes``.

    For files another module reads (glossaries): a stat, so ``--glossary /dev/zero`` fails at once.
    """
    import os
    import stat

    name = str(path)
    try:
        st = os.stat(name)
    except OSError as err:
        raise InputError(f"cannot read the {what} ({err.strerror or err})", source=name) from None
    except ValueError as err:
        raise InputError(f"bad file name ({err})", source=name) from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{what} is not a regular file ({special_kind(st.st_mode)})", source=name)
    if st.st_size > max_bytes:
        raise InputError(
            f"{what} is {st.st_size:,} bytes, over the limit of {max_bytes:,} bytes (raise it with --max-bytes)",
            source=name,
        )


def special_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    import stat

    for test, what in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return what
    return "not a regular file"
