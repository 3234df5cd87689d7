"""TMX 1.4 translation memories of aligned pairs, written with translate-toolkit.

Both the two-file aligner (``pair``) and the mixed-stream aligner (``align --format tmx``)
end in a list of (source text, target text) units; this module turns them into a TMX
document. translate-toolkit does the XML (escaping, ``xml:lang``, the header), so the
output is what CAT tools expect; it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Result


def to_tmx(
    units: Iterable[tuple[str, str]],
    *,
    source_lang: str = "zh",
    target_lang: str = "en",
    notes: Sequence[str | None] | None = None,
) -> str:
    """A TMX 1.4 document with one translation unit per (source, target) pair.

    Empty pairs (one side blank) are left out: a translation memory holds translations,
    not insertions or deletions. ``notes`` (optional, one per unit) become ``<note>``s.
    """
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    for n, (source, target) in enumerate(units):
        source, target = " ".join(source.split()), " ".join(target.split())
        if not source or not target:
            continue
        store.addtranslation(source, source_lang, target, target_lang)
        if notes is not None and notes[n]:
            store.units[-1].addnote(notes[n])
    store.addheader()
    header = store.document.getroot().find("header")
    header.set("creationtool", "bitranscript")
    header.set("creationtoolversion", _version())
    return bytes(store).decode("utf-8")


def result_to_tmx(result: Result) -> str:
    """The pairs of a mixed-stream ``Result``: each original block and its interpretation.

    The source language is ``zh`` when the original block has Chinese characters, else
    ``zh-Latn`` (machine English rendering of Chinese speech, as romanised Chinese).
    """
    from .features import han_share

    units, notes, lang = [], [], "zh"
    for pair in result.pairs:
        original, interpretation = result.pair_texts(pair)
        units.append((original, interpretation))
        line = result.segments[pair.original[0]].line + 1
        notes.append(f"line {line}, score {pair.score:.2f}")
    if units and all(han_share(o) < 0.2 for o, _ in units):
        lang = "zh-Latn"
    return to_tmx(units, source_lang=lang, target_lang="en", notes=notes)


def _version() -> str:
    from . import __version__

    return __version__
