"""Every threshold of every stage, typed, named and documented in one place.

A threshold that decides a kind, a pair, an edit or a finding lives here and nowhere
else: stages take the dataclass of their stage (``Params.detect``, ``Params.align``,
``Params.glossary``) and never hold a literal cut-off of their own. ``Params`` is part of
``Options`` and of ``Result.signature`` (by value), so a result names the thresholds that
made it. ``benchmarks/tune.py`` fits the fitted ones with leave-one-set-out
cross-validation over the dev sets; its docstring lists which.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Shared:
    """Word-frequency bands shared by every stage (wordfreq's zipf scale: 3 = once per
    million words)."""

    common_zipf: float = 3.0
    """An English word at least this frequent is ordinary English: never pinyin, never a
    glossary 'wrong form' on its own."""
    attested_zipf: float = 1.0
    """An English word at least this frequent is attested English (rare, but a word)."""


def describe(obj: object) -> str:
    """``name=value`` of every field, for a signature."""
    return ",".join(f"{f.name}={getattr(obj, f.name)!r}" for f in fields(obj))  # type: ignore[arg-type]
