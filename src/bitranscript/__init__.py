"""bitranscript: repair machine-made transcripts of interpreted Chinese/English calls.

    >>> import bitranscript
    >>> result = bitranscript.process("Operator\\nGood morning, and welcome.\\n")
    >>> [s.kind for s in result.segments]
    ['native', 'native']
    >>> result.rebuild() == "Operator\\nGood morning, and welcome.\\n"
    True

Heavy dependencies (jieba, pypinyin, wordfreq) are imported on first use.
"""

from __future__ import annotations

from .errors import InputError
from .model import KINDS, SOURCE_KINDS, Edit, Finding, Kind, Options, Pair, Result, Segment, Span
from .pipeline import clean, clean_text, process, process_file

__all__ = [
    "KINDS",
    "SOURCE_KINDS",
    "Bead",
    "Edit",
    "Finding",
    "InputError",
    "Kind",
    "Options",
    "Pair",
    "Result",
    "Segment",
    "Span",
    "__version__",
    "align_texts",
    "clean",
    "clean_text",
    "process",
    "process_file",
]


def __getattr__(name: str):
    """Two-file alignment (``bitext``) loads numpy, and ``importlib.metadata`` costs a cold start
    50 ms: each only when asked for, so the import stays fast."""
    if name == "__version__":
        global __version__
        __version__ = _installed_version()
        return __version__
    if name in ("Bead", "align_texts"):
        from . import bitext

        return getattr(bitext, name)
    raise AttributeError(f"module 'bitranscript' has no attribute {name!r}")


def _installed_version() -> str:
    """The installed distribution's version (pyproject's ``version``: one place to write it)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bitranscript")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "0+unknown"
