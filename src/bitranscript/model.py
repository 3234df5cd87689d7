"""The data passed between pipeline stages: plain frozen dataclasses with offsets.

Every offset is a code-point offset into the decoded input text, line endings kept,
``start`` inclusive and ``end`` exclusive. Nothing here rewrites text: a change is an
:class:`Edit` that records what stood there before, so the input can always be rebuilt
and every change explained.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from .params import Params

Kind = Literal["vendor", "native", "original", "chinese", "interpretation", "noise"]
KINDS: tuple[Kind, ...] = ("vendor", "native", "original", "chinese", "interpretation", "noise")
SOURCE_KINDS: frozenset[str] = frozenset({"original", "chinese"})
"""Kinds that stand for speech given in Chinese (what an interpretation renders)."""

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

ORIGINALS: tuple[str, ...] = ("keep", "mark", "drop")
"""What ``clean`` may do with an original remark that has an interpretation (``Options.originals``)."""

FORMAT_VERSION = 2
"""Version of the JSON result format (``Result.to_dict``). 2: ``line`` is 1-based and every
segment, edit and finding has a 1-based ``line`` and ``col`` beside its code-point offsets;
1 (still read): segments' ``line`` was 0-based, edits and findings had no line."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (lines end at \\r\\n, \\r or \\n, as in
    ``sentences.lines``): for :func:`line_col`."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of ``offset``, given :func:`line_starts`."""
    n = max(0, bisect.bisect_right(starts, offset) - 1)
    return n + 1, offset - starts[n] + 1


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

        def side(idx: tuple[int, ...]) -> str:
            return " ".join(self.segment_text(i) for i in idx)

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
        """The JSON result format (version :data:`FORMAT_VERSION`): offsets, and 1-based ``line``/``col``."""
        return {key: list(value) if isinstance(value, Iterator) else value for key, value in self._json_fields()}

    def _json_fields(self) -> Iterator[tuple[str, Any]]:
        """The fields of :meth:`to_dict`, each list of records as an iterator (made one at a time)."""
        starts = line_starts(self.text)

        def at(obj: Any) -> dict[str, Any]:
            data = asdict(obj)
            line, col = line_col(starts, obj.start)
            data["line"], data["col"] = line, col
            return data

        def segment(s: Segment) -> dict[str, Any]:
            data = asdict(s)
            data["line"] = s.line + 1
            data["col"] = line_col(starts, s.start)[1]
            return data

        yield "format", FORMAT_VERSION
        yield "signature", self.signature
        yield "source", self.source
        yield "segments", map(segment, self.segments)
        yield (
            "pairs",
            (
                {"original": list(p.original), "interpretation": list(p.interpretation), "score": p.score}
                for p in self.pairs
            ),
        )
        yield "edits", map(at, self.edits)
        yield "findings", map(at, self.findings)
        yield "text", self.text

    def to_json(self, *, indent: int | None = 1) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)``, the same text,
        built one record at a time: the dicts of every segment of a long call at once cost
        seven times the JSON they become (a 3.6 MB call: 220 MB)."""
        return "".join(self.iter_json(indent=indent))

    def iter_json(self, *, indent: int | None = 1) -> Iterator[str]:
        """:meth:`to_json`'s text in pieces, a record at a time: a writer that takes them as
        they come never holds the whole document (a call with 40,000 edits: 27 MB of JSON)."""
        dump = functools.partial(json.dumps, ensure_ascii=False, indent=indent)
        if indent is None:
            sep, open_, close, item_sep, inner, end = ", ", "{", "}", ", ", "", ""
        else:
            pad = " " * indent
            sep, open_, close, item_sep = ",\n" + pad, "{\n" + pad, "\n}", ","
            inner, end = "\n" + " " * (2 * indent), "\n" + pad
        yield open_
        for n, (key, value) in enumerate(self._json_fields()):
            yield (sep if n else "") + dump(key) + ": "
            if not isinstance(value, Iterator):
                yield dump(value)
                continue
            first = True
            for record in value:
                yield ("[" if first else item_sep) + inner + dump(record).replace("\n", inner)
                first = False
            yield "[]" if first else end + "]"
        yield close

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """A result from its JSON form, version 2 or 1."""
        version = data.get("format", FORMAT_VERSION)
        if version not in (1, 2):
            raise ValueError(f"unsupported result format {version!r} (this version reads 1 and 2)")
        shift = 1 if version >= 2 else 0

        def fields(d: dict[str, Any], *drop: str) -> dict[str, Any]:
            return {k: v for k, v in d.items() if k not in drop}

        return cls(
            text=data["text"],
            segments=tuple(
                Segment(**{**fields(s, "col"), "line": s["line"] - shift}) for s in data.get("segments", ())
            ),
            pairs=tuple(
                Pair(tuple(p["original"]), tuple(p["interpretation"]), p.get("score", 0.0))
                for p in data.get("pairs", ())
            ),
            edits=tuple(Edit(**fields(e, "line", "col")) for e in data.get("edits", ())),
            findings=tuple(Finding(**fields(f, "line", "col")) for f in data.get("findings", ())),
            signature=data.get("signature", ""),
            source=data.get("source"),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence (or noise run) with the evidence detection found in it."""

    start: int
    end: int
    line: int
    fixed: Kind | None
    """The kind, when the unit alone settles it; None for English that ``align`` decides."""
    turn: int
    """Index of the speaker turn the unit is in (a speaker label starts a new one)."""
    speaker: str | None = None
    is_label: bool = False
    """A speaker-label line (or an inline ``Name:`` prefix)."""
    interpreter_turn: bool = False
    """Inside a turn whose label names a translator or interpreter."""
    garble: float = 0.0
    """Evidence of machine English of Chinese speech (romanised pinyin and the like)."""
    framing: bool = False
    """A remark about the translation ("Let me translate my question"): native English
    that announces an interpretation (an operator's script line is native, not framing)."""
    own_words: bool = False
    """A remark that the speaker renders their own words next ("Let me translate my question
    myself"): what they said just before, in this turn, is the source, however little it shows."""
    announces: bool = False
    """A remark about the translation that tells how the call will go ("The remarks will be
    interpreted into English"): framing that stands between blocks, but no word that a
    rendering of what was just said follows."""
    thanks: bool = False
    """Thanks for a question ("Thank you for your question"): how a rendering often opens,
    and part of it (the interpreter renders the speaker's own thanks)."""
    literal: float = 0.0
    """How much the unit reads as word-by-word machine English (``features.literalness``):
    few function words, no inflection. Evidence only against its neighbours: a bead whose
    source reads more literally than its rendering."""
    romanised: tuple[str, ...] = ()
    """The long romanised words in it (three syllables or more, or a word before "yun"/
    "zong"), lower-cased: what ordinary English never has."""
    lost_speech: bool = False
    """A noise run standing for speech the vendor lost ("????AI????"): the English after it
    in the turn renders that speech."""
    continues: bool = False
    """The rest of a sentence after a loop or fillers carved out of it ("The CDN business
    we, uh, uh, uh, | actively shrink it."): no block begins or ends here."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """What ``align`` decided, unit by unit."""

    kinds: tuple[Kind, ...]
    """Final kind of every unit."""
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    """(source unit indices, interpretation unit indices, score), noise left out."""


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """Which checks run, at what severity, and when the gate fails."""

    enable: tuple[str, ...] | None = None
    """Only these checks (None: every check that is on by default)."""
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    """Severity per check code, overriding the check's default."""
    fail_on: Severity = "error"
    thresholds: dict[str, float] = field(default_factory=dict)
    glossaries: tuple[str, ...] = ()
    source: str | None = None
    """The file the configuration was read from."""

    def threshold(self, name: str, default: float) -> float:
        return float(self.thresholds.get(name, default))

    def settings(self) -> tuple[object, ...]:
        """What changes the findings (everything but ``source``), comparable and hashable."""
        return (
            self.enable,
            self.disable,
            tuple(sorted(self.severity.items())),
            self.fail_on,
            tuple(sorted(self.thresholds.items())),
            self.glossaries,
        )


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
    check_config: CheckConfig = field(default_factory=CheckConfig, hash=False)
    """Which checks run and at what severity (``bitranscript.toml``; ``config.load_config`` reads one)."""

    def __post_init__(self) -> None:
        """Validate every field at construction, with a message naming the field and what it takes
        (``Options(originals="delete")`` is a ValueError, ``Options(keep="Tesla")`` a TypeError)."""
        import math
        import os

        if not isinstance(self.originals, str):
            raise TypeError(
                f"Options.originals must be a str ('keep', 'mark' or 'drop'), not {type(self.originals).__name__}"
            )
        if self.originals not in ORIGINALS:
            raise ValueError(
                f"Options.originals must be one of {', '.join(map(repr, ORIGINALS))}, not {self.originals!r}"
            )
        for name, kind in (("glossaries", "file names"), ("keep", "words")):
            value = getattr(self, name)
            if isinstance(value, str | bytes | os.PathLike):
                raise TypeError(
                    f"Options.{name} must be a tuple of {kind} (str), not a single {type(value).__name__} "
                    f"({value!r}): write {name}=({value!r},)"
                )
            try:
                items = tuple(value)
            except TypeError:
                raise TypeError(f"Options.{name} must be a tuple of {kind} (str), not {type(value).__name__}") from None
            if name == "glossaries":
                items = tuple(os.fspath(v) if isinstance(v, os.PathLike) else v for v in items)
            bad = [v for v in items if not isinstance(v, str)]
            if bad:
                raise TypeError(
                    f"Options.{name} must be a tuple of {kind} (str); {bad[0]!r} is a {type(bad[0]).__name__}"
                )
            object.__setattr__(self, name, items)
        for name in ("default_glossary", "checks"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"Options.{name} must be True or False, not {getattr(self, name)!r}")
        mc = self.min_confidence
        if isinstance(mc, bool) or not isinstance(mc, int | float):
            raise TypeError(f"Options.min_confidence must be a number from 0 to 1, not {type(mc).__name__}")
        if not (math.isfinite(mc) and 0.0 <= mc <= 1.0):
            raise ValueError(f"Options.min_confidence must be a number from 0 to 1, not {mc!r}")
        if not isinstance(self.params, Params):
            raise TypeError(f"Options.params must be a bitranscript.params.Params, not {type(self.params).__name__}")
        if not isinstance(self.check_config, CheckConfig):
            raise TypeError(
                f"Options.check_config must be a bitranscript.config.CheckConfig, not {type(self.check_config).__name__}"
            )

    def signature(self) -> str:
        """A short string naming every setting, as sacrebleu's signatures do."""
        from .version import __version__

        parts = [
            f"bitranscript:{__version__}",
            f"originals:{self.originals}",
            f"glossary:{'default' if self.default_glossary else 'none'}"
            + (f"+{_files_hash(self.glossaries)}" if self.glossaries else ""),
            f"minconf:{self.min_confidence:g}",
        ]
        if self.params != Params():
            parts.append(f"params:{self.params.signature()}")
        if self.keep:
            parts.append(f"keep:{_short_hash(chr(0).join(self.keep))}")
        if self.checks and self.check_config.settings() != CheckConfig().settings():
            parts.append(f"checks:{_short_hash(repr(self.check_config.settings()))}")
        return "|".join(parts)


def _short_hash(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def _files_hash(paths: tuple[str, ...]) -> str:
    """A short hash of the files' contents in order, so two different glossaries never share
    a signature (a file that cannot be read counts by its name: loading it fails anyway)."""
    import os

    parts = []
    for path in paths:
        try:
            st = os.stat(path)
            parts.append(_file_digest(os.path.abspath(path), st.st_size, st.st_mtime_ns))
        except OSError:
            parts.append(f"unreadable:{path}")
    return _short_hash("\n".join(parts))


@functools.lru_cache(maxsize=64)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    """The SHA-256 of a file, cached by path, size and mtime: a batch hashes each glossary once."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return f"unreadable:{path}"
