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

from typing import TYPE_CHECKING

from .errors import InputError
from .version import __version__

if TYPE_CHECKING:
    from .bitext import Bead, align_texts
    from .model import KINDS, SOURCE_KINDS, Edit, Finding, Kind, Options, Pair, Result, Segment, Span
    from .pipeline import check_text, clean, clean_text, process, process_file

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
    "check_text",
    "clean",
    "clean_text",
    "process",
    "process_file",
]


def __getattr__(name: str) -> object:
    """The pipeline (its stages compile many patterns), two-file alignment (``bitext``,
    numpy) and the model (its many dataclasses) load when first used, so ``import
    bitranscript`` and commands that need none of them (``pair`` needs no pipeline and no
    model, ``glossary`` neither) stay fast."""
    import importlib

    if name in ("check_text", "clean", "clean_text", "process", "process_file"):
        module = importlib.import_module(".pipeline", __name__)
    elif name in ("Bead", "align_texts"):
        module = importlib.import_module(".bitext", __name__)
    elif name in ("KINDS", "SOURCE_KINDS", "Edit", "Finding", "Kind", "Options", "Pair", "Result", "Segment", "Span"):
        module = importlib.import_module(".model", __name__)
    else:
        raise AttributeError(f"module 'bitranscript' has no attribute {name!r}")
    value = globals()[name] = getattr(module, name)
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
