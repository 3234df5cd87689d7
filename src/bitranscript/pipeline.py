"""The whole job: read -> sentences -> detect -> align -> clean/glossary edits -> checks.

``process`` is the one entry point (as ``ftfy.fix_text`` is): every stage is a module
with one job, and the stages meet only through the dataclasses in ``model``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import cleaning as clean_stage
from .detect import detect
from .edits import reconcile
from .model import Alignment, Edit, Finding, Options, Pair, Result, Segment, Unit
from .read import DEFAULT_MAX_BYTES, read_file
from .sentences import split_sentences

if TYPE_CHECKING:
    from .model import CheckConfig


def process(text: str, options: Options = Options(), *, source: str | None = None) -> Result:
    """Split, classify and pair one transcript, and list its repairs (glossary fixes).

    The edits of the layout rules (noise out, originals marked) are not made here:
    :func:`clean` adds them, so that a result lists only what was wrong in the text.
    ``text`` must be a ``str`` (bytes: decode them, or use :func:`process_file`).
    """
    _check_arguments(text, options)
    units = detect(text, split_sentences(text), options.params.detect)
    from .align import align  # numpy: imported on first use, not with the package

    alignment = align(text, units, options.params.align)
    segments, pairs = _segments_and_pairs(units, alignment)
    del units, alignment  # freed before the glossary step's peak (issue 13: memory per input byte)
    edits = reconcile(_glossary_edits(text, segments, options, pairs))
    result = Result(
        text=text, segments=segments, pairs=pairs, edits=edits, signature=options.signature(), source=source
    )
    return _with_findings(result, options) if options.checks else result


def _check_arguments(text: object, options: object) -> None:
    """A clear TypeError for a transcript that is not text, or settings that are not ``Options``."""
    if not isinstance(text, str):
        hint = (
            " (decode the bytes first, e.g. bitranscript.read.decode(data), or use process_file(path))"
            if isinstance(text, bytes | bytearray | memoryview)
            else ""
        )
        raise TypeError(f"the transcript must be a str, not {type(text).__name__}{hint}")
    if not isinstance(options, Options):
        raise TypeError(f"options must be a bitranscript.Options, not {type(options).__name__}")


def _with_findings(result: Result, options: Options) -> Result:
    """The checks step: findings a vendor should look at (``options.check_config`` selects them)."""
    from .checks import run_checks

    return replace(result, findings=run_checks(result, options.check_config))


def _glossary_edits(
    text: str, segments: tuple[Segment, ...], options: Options, pairs: tuple[Pair, ...] = ()
) -> list[Edit]:
    """The glossary step: entity and term fixes (shipped glossaries plus ``options.glossaries``);
    ``pairs`` let an interpretation's terms fix what its original garbles."""
    from . import glossary

    paths = glossary.paths_for(options.glossaries, default=options.default_glossary)
    from .read import without_surrogates  # opencc cannot take a lone surrogate; same length, offsets kept

    return glossary.find(
        without_surrogates(text),
        segments,
        pairs=pairs,
        paths=paths,
        keep=options.keep,
        params=options.params.glossary,
    )


def clean(result: Result, options: Options = Options()) -> Result:
    """``result`` with the cleaning edits added (noise removed, originals marked, spaces tidied).

    ``clean(result).cleaned_text()`` is the transcript a reader wants; every change in it
    is one of ``clean(result).edits``.
    """
    if not isinstance(result, Result):
        raise TypeError(f"clean() takes the Result of process(), not {type(result).__name__} (for text: clean_text)")
    layout = clean_stage.edits(result, options)
    # What clean removes outright (noise, dropped originals) takes precedence over fixes
    # inside it; marks and spacing give way to the fixes.
    removals = [e for e in layout if e.after == "" and e.rule in clean_stage.REMOVALS]
    rest = [e for e in layout if e not in removals]
    edits = reconcile([*removals, *result.edits, *rest])
    return replace(result, edits=edits)


def clean_text(text: str, options: Options = Options()) -> str:
    """The cleaned transcript of ``text`` in one call (the ``fix_text`` of bitranscript)."""
    return clean(process(text, options), options).cleaned_text(min_confidence=options.min_confidence)


def process_file(path: str | Path, options: Options = Options(), *, max_bytes: int = DEFAULT_MAX_BYTES) -> Result:
    """Read (see ``bitranscript.read``) and :func:`process` one file."""
    return process(read_file(path, max_bytes=max_bytes), options, source=str(path))


def _segments_and_pairs(units: list[Unit], alignment: Alignment) -> tuple[tuple[Segment, ...], tuple[Pair, ...]]:
    """Merge neighbouring units of one kind, line and bead into segments; map beads onto them."""
    bead_of: dict[int, int] = {}
    for b, (src, tgt, _) in enumerate(alignment.beads):
        for i in (*src, *tgt):
            bead_of[i] = b
    segments: list[Segment] = []
    seg_of_unit: list[int] = []
    for i, (u, kind) in enumerate(zip(units, alignment.kinds, strict=True)):
        prev = segments[-1] if segments else None
        if (
            prev is not None
            and prev.kind == kind
            and prev.line == u.line
            and not u.is_label
            and not units[i - 1].is_label
            and bead_of.get(i) == bead_of.get(i - 1)
        ):
            segments[-1] = Segment(prev.start, u.end, kind, u.line, prev.speaker, prev.confidence)
        else:
            segments.append(Segment(u.start, u.end, kind, u.line, u.speaker))
        seg_of_unit.append(len(segments) - 1)
    pairs = tuple(
        Pair(
            tuple(dict.fromkeys(seg_of_unit[i] for i in src)),
            tuple(dict.fromkeys(seg_of_unit[i] for i in tgt)),
            round(score, 4),
        )
        for src, tgt, score in alignment.beads
        if src and tgt
    )
    return tuple(segments), pairs


def check_text(
    text: str,
    source: str | None = None,
    config: CheckConfig | None = None,
    *,
    baseline: frozenset[str] = frozenset(),
    options: Options | None = None,
) -> tuple[Result, tuple[Finding, ...]]:
    """One transcript through the pipeline and the checks ``config`` selects.

    Returns the result with the findings to report (those in ``baseline`` left out) and,
    apart, every finding (what ``--write-baseline`` records).
    """
    from .checks import run_checks
    from .model import CheckConfig

    config = config if config is not None else CheckConfig()
    opts = options or Options()
    opts = replace(opts, checks=False, glossaries=tuple(opts.glossaries) + tuple(config.glossaries))
    result = process(text, opts, source=source)
    every = run_checks(result, config)
    return replace(result, findings=tuple(f for f in every if f.fingerprint not in baseline)), every
