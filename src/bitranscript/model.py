"""The data passed between pipeline stages: plain frozen dataclasses with offsets.

Every offset is a code-point offset into the decoded input text, line endings kept,
``start`` inclusive and ``end`` exclusive. Nothing here rewrites text: a change is an
:class:`Edit` that records what stood there before, so the input can always be rebuilt
and every change explained.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .params import Params

Kind = Literal["vendor", "native", "original", "chinese", "interpretation", "noise"]
KINDS: tuple[Kind, ...] = ("vendor", "native", "original", "chinese", "interpretation", "noise")
SOURCE_KINDS: frozenset[str] = frozenset({"original", "chinese"})
"""Kinds that stand for speech given in Chinese (what an interpretation renders)."""

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the input: a sentence or a line, before any kind is decided."""

    start: int
    end: int
    line: int
    """0-based index of the input line the span starts on."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of one kind of speech, e.g. a machine-English original remark."""

    start: int
    end: int
    kind: Kind
    line: int
    """0-based index of the input line the segment lies on (segments never cross lines)."""
    speaker: str | None = None
    """The speaker label in force, where the transcript names one."""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Pair:
    """An original remark block and the interpretation that renders it.

    Both sides are tuples of indices into ``Result.segments``, consecutive but for
    noise segments in between (noise is never listed).
    """

    original: tuple[int, ...]
    interpretation: tuple[int, ...]
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Edit:
    """A replacement of ``text[start:end]`` (which read ``before``) by ``after``.

    ``start == end`` is an insertion. ``rule`` names the fixer that made it and
    ``reason`` says why, so that ``clean`` output can be explained line by line.
    """

    start: int
    end: int
    before: str
    after: str
    rule: str
    confidence: float = 1.0
    reason: str = ""
    entry: str | None = None
    """The glossary entry id, for glossary edits."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem a vendor should look at before delivery (see ``bitranscript.checks``)."""

    code: str
    severity: Severity
    start: int
    end: int
    message: str
    fingerprint: str = ""
    """Stable id from the code and the text around the span, not its offsets."""


@dataclass(frozen=True, slots=True)
class Result:
    """Everything the pipeline found in one transcript.

    ``text`` is the decoded input, unchanged; segments, pairs, edits and findings
    point into it. ``signature`` records the settings that produced the result.
    """

    text: str
    segments: tuple[Segment, ...] = ()
    pairs: tuple[Pair, ...] = ()
    edits: tuple[Edit, ...] = ()
    findings: tuple[Finding, ...] = ()
    signature: str = ""
    source: str | None = None
    """Where the text came from (a file name), for messages and reports."""

    def segment_text(self, index: int) -> str:
        seg = self.segments[index]
        return self.text[seg.start : seg.end]

    def pair_texts(self, pair: Pair) -> tuple[str, str]:
        """The two sides of ``pair`` as text, segments joined by a space."""
        side = lambda idx: " ".join(self.segment_text(i) for i in idx)  # noqa: E731
        return side(pair.original), side(pair.interpretation)

    def cleaned_text(self, *, min_confidence: float = 0.0) -> str:
        """The input with every edit at or above ``min_confidence`` applied."""
        from .edits import apply_edits

        return apply_edits(self.text, [e for e in self.edits if e.confidence >= min_confidence])

    def rebuild(self) -> str:
        """Rebuild the exact input from the cleaned text by reverting every edit.

        This is the lossless guarantee made checkable: ``result.rebuild() == text``.
        """
        from .edits import apply_edits, revert_edits

        return revert_edits(apply_edits(self.text, self.edits), self.edits)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "signature": self.signature,
            "source": self.source,
            "segments": [asdict(s) for s in self.segments],
            "pairs": [
                {"original": list(p.original), "interpretation": list(p.interpretation), "score": p.score}
                for p in self.pairs
            ],
            "edits": [asdict(e) for e in self.edits],
            "findings": [asdict(f) for f in self.findings],
            "text": self.text,
        }

    def to_json(self, *, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
            raise ValueError(f"unsupported result format {data.get('format')!r}")
        return cls(
            text=data["text"],
            segments=tuple(Segment(**s) for s in data.get("segments", ())),
            pairs=tuple(
                Pair(tuple(p["original"]), tuple(p["interpretation"]), p.get("score", 0.0))
                for p in data.get("pairs", ())
            ),
            edits=tuple(Edit(**e) for e in data.get("edits", ())),
            findings=tuple(Finding(**f) for f in data.get("findings", ())),
            signature=data.get("signature", ""),
            source=data.get("source"),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class Options:
    """Every setting that influences a result (its signature is printed with it).

    Immutable, like ftfy's ``TextFixerConfig``: use ``dataclasses.replace`` to vary it.
    """

    originals: Literal["keep", "mark", "drop"] = "mark"
    """What ``clean`` does with original remarks that have an interpretation."""
    glossaries: tuple[str, ...] = ()
    """Glossary files to load on top of the shipped ones."""
    default_glossary: bool = True
    """Load the shipped general glossary (and company glossaries)."""
    keep: tuple[str, ...] = ()
    """Words never to edit in this run."""
    min_confidence: float = 0.0
    """Edits below this confidence are listed but not applied by ``clean``."""
    checks: bool = True
    """Run the quality checks and attach their findings."""
    params: Params = field(default_factory=Params)
    """The thresholds of every stage (``bitranscript.params``), fitted on the dev sets."""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Settings owned by later stages (check configuration and the like)."""

    def signature(self) -> str:
        """A short string naming every setting, as sacrebleu's signatures do."""
        from . import __version__

        parts = [
            f"bitranscript:{__version__}",
            f"originals:{self.originals}",
            f"glossary:{'default+' if self.default_glossary else ''}{len(self.glossaries)}",
            f"minconf:{self.min_confidence:g}",
        ]
        if self.params != Params():
            parts.append(f"params:{self.params.signature()}")
        if self.keep:
            parts.append(f"keep:{len(self.keep)}")
        return "|".join(parts)
