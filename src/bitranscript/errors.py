"""The one exception users see for bad input, with a one-line message."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input: undecodable bytes, binary data, an empty file, a malformed glossary.

    ``str(err)`` is one line naming the file and, where it applies, the place
    (``line 3``, ``byte 1042``, ``entry 'kingsoft-cloud'``).
    """

    def __init__(self, message: str, *, source: str | None = None, where: str | None = None) -> None:
        self.message = message
        self.source = source
        self.where = where
        super().__init__(self.__str__())

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.where, self.message) if p]
        return shown(": ".join(parts).replace("\n", " "))


def shown(name: str) -> str:
    """``name`` as UTF-8-safe text for messages and outputs: a file name that is not UTF-8
    (Python holds its bytes as lone surrogates) shows those bytes as ``\\xff`` escapes,
    instead of failing the write of a JSON line or a report halfway."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
