"""TMX 1.4 translation memories of aligned pairs, written with translate-toolkit.

Both the two-file aligner (``pair``) and the mixed-stream aligner (``align --format tmx``)
end in a list of (source text, target text) units; this module turns them into a TMX
document. translate-toolkit does the XML (escaping, ``xml:lang``, the header), so the
output is what CAT tools expect; it is imported on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .model import Result

MT_ENGLISH = "en-x-mt"
"""``xml:lang`` of machine English (a machine's rendering of Chinese speech): English, marked
with a BCP 47 private-use subtag as machine output, not ``zh`` (it holds no Chinese)."""

SEGTYPES = ("block", "paragraph", "sentence", "phrase")
"""TMX 1.4 segmentation levels (``segtype``)."""


def to_tmx(
    units: Iterable[tuple[str, str]],
    *,
    source_lang: str = "zh",
    target_lang: str = "en",
    notes: Sequence[str | None] | None = None,
    source_langs: Sequence[str] | None = None,
    segtype: str = "sentence",
) -> str:
    """A TMX 1.4 document with one translation unit per (source, target) pair.

    Empty pairs (one side blank) are left out: a translation memory holds translations,
    not insertions or deletions. ``notes`` (optional, one per unit) become ``<note>``s.
    ``source_langs`` (optional, one per unit) gives each unit's source language (the
    header's ``srclang`` is then ``*all*`` where they differ); ``segtype`` is the
    segmentation level: ``sentence`` for sentence pairs, ``block`` for paragraph blocks.
    """
    from translate.storage.tmx import tmxfile

    if segtype not in SEGTYPES:
        raise ValueError(f"segtype must be one of {', '.join(SEGTYPES)}, not {segtype!r}")
    units = list(units)
    langs = list(source_langs) if source_langs is not None else [source_lang] * len(units)
    kept = [n for n, (source, target) in enumerate(units) if " ".join(source.split()) and " ".join(target.split())]
    used = {langs[n] for n in kept}
    header_lang = next(iter(used)) if len(used) == 1 else (source_lang if not used else "*all*")
    store = tmxfile(sourcelanguage=header_lang, targetlanguage=target_lang)
    for n in kept:
        source, target = (" ".join(x.split()) for x in units[n])
        store.addtranslation(source, langs[n], target, target_lang)
        store.units[-1].xmlelement.set("segtype", segtype)
        if notes is not None and notes[n]:
            store.units[-1].addnote(notes[n])
    store.addheader()
    header = store.document.getroot().find("header")
    header.set("creationtool", "bitranscript")
    header.set("creationtoolversion", _version())
    header.set("segtype", segtype)
    return bytes(store).decode("utf-8")


def result_to_tmx(result: Result) -> str:
    """The pairs of a mixed-stream ``Result``: each original block and its interpretation,
    one ``segtype="block"`` unit a pair.

    Each unit's source language is its own, the language most of the block is in: ``zh``
    when Chinese characters are at least half of its words (``features.han_share``, a
    character counting as a word), else :data:`MT_ENGLISH` (the machine's English
    rendering of Chinese speech, with perhaps a Chinese sentence left in it).
    """
    from .features import han_share

    units, notes, langs = [], [], []
    for pair in result.pairs:
        original, interpretation = result.pair_texts(pair)
        units.append((original, interpretation))
        langs.append("zh" if han_share(original) >= 0.5 else MT_ENGLISH)
        line = result.segments[pair.original[0]].line + 1
        notes.append(f"line {line}, score {pair.score:.2f}")
    return to_tmx(units, source_lang="zh", target_lang="en", notes=notes, source_langs=langs, segtype="block")


def _version() -> str:
    from .version import __version__

    return __version__
