"""The call's two ways of writing: how its originals and its renderings use English's
grammar words, learnt from the call's own beads.

A word-by-word rendering of Chinese keeps Chinese grammar ("He speak he can lend I."), so
it uses English's closed-class words differently from the interpreter ("He said he could
lend me some."): other pronoun cases, "be" and "no" where English inflects, few -ed/-ing
forms, few clitics. A fixed measure of that (``features.literalness``) misreads many
sentences, because how much grammar survives depends on the machine and the speaker. So
each call fits its own model once the first search has found its beads: every sentence
becomes a sequence of word classes (each function word is its own class; other words fall
into a few shapes), and each side of the call's English-source beads gives a
class-unigram distribution (``StyleModel``). A sentence's log-likelihood ratio under the
two says which side it reads like; it replaces the fixed literalness in the second search
and places a cut inside a line (``refine.recut_lines``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import regex

from ..features import FUNCTION_WORDS
from ..model import Unit
from ..params import DETECT
from ..params import Align as AlignParams
from .dp import Bead, english_source
from .evidence import Evidence, cumulative

_WORD = regex.compile(r"\p{Latin}[\p{Latin}'’]*|\d[\d.,]*")


def word_classes(sentence: str) -> list[str]:
    """The classes of ``sentence``'s words: a function word is its own class; any other
    word is a number, a clitic form, a capitalised word inside the sentence (a name), an
    -ed or -ing form, a word ending in -s, or a plain word.

    >>> word_classes("He speak he can lend I 3 books.")
    ['he', '#w', 'he', 'can', '#w', 'i', '#num', '#s']
    >>> word_classes("Trinket didn't stop, and laughed.")
    ['#w', '#clitic', '#w', 'and', '#ed']
    """
    out = []
    for k, word in enumerate(_WORD.findall(sentence)):
        low = word.lower()
        if low in FUNCTION_WORDS:
            out.append(low)
        elif word[0].isdigit():
            out.append("#num")
        elif "'" in low or "’" in low:
            out.append("#clitic")
        elif k and word[0].isupper():
            out.append("#cap")
        elif len(low) > 4 and low.endswith(("ed", "ing")):
            out.append("#ed" if low.endswith("ed") else "#ing")
        elif len(low) > 3 and low.endswith("s"):
            out.append("#s")
        else:
            out.append("#w")
    return out


@dataclass(frozen=True)
class Contrast:
    """How much likelier each word class is in one body of sentences than in another: the
    log ratio of its add-one smoothed probabilities."""

    ratio: dict[str, float]
    unseen: float

    @classmethod
    def of(cls, a: Counter[str], b: Counter[str]) -> Contrast:
        """The contrast of class counts ``a`` against ``b``."""
        vocab = a.keys() | b.keys()
        norm = math.log((b.total() + len(vocab) + 1) / (a.total() + len(vocab) + 1))
        return cls({c: math.log((a[c] + 1) / (b[c] + 1)) + norm for c in vocab}, norm)

    def log_ratio(self, classes: Iterable[str]) -> float:
        """Log-likelihood ratio of a sentence's word classes (nats)."""
        ratio, unseen = self.ratio, self.unseen
        return sum(ratio.get(c, unseen) for c in classes)


@dataclass(frozen=True)
class StyleModel:
    """A call's originals against its renderings: how much likelier each word class is in
    the one than in the other (the log ratio of its add-one smoothed probabilities)."""

    ratio: dict[str, float]
    unseen: float

    @classmethod
    def fit(cls, originals: Iterable[str], renderings: Iterable[str], min_words: int = 0) -> StyleModel | None:
        """The model of the two kinds of sentences, or None where either holds fewer than
        ``min_words`` words.

        >>> m = StyleModel.fit(["He speak he lend I."], ["He said he lent me some."])
        >>> m.log_ratio("She speak I.") > 0 > m.log_ratio("She said it to me.")
        True
        """
        a, b = (Counter(c for sentence in said for c in word_classes(sentence)) for said in (originals, renderings))
        if min(a.total(), b.total()) < min_words:
            return None
        vocab = a.keys() | b.keys()
        norm = math.log((b.total() + len(vocab) + 1) / (a.total() + len(vocab) + 1))
        return cls({c: math.log((a[c] + 1) / (b[c] + 1)) + norm for c in vocab}, norm)

    def log_ratio(self, sentence: str) -> float:
        """Log-likelihood ratio, original against rendering, of ``sentence`` (nats)."""
        return self.log_ratio_of(word_classes(sentence))

    def log_ratio_of(self, classes: Iterable[str]) -> float:
        """``log_ratio`` of a sentence's word classes."""
        ratio, unseen = self.ratio, self.unseen
        return sum(ratio.get(c, unseen) for c in classes)


def call_style(
    units: Sequence[Unit], beads: Iterable[Bead], text_of: Callable[[Unit], str], min_words: int
) -> StyleModel | None:
    """The style model of the call's English-source ``beads`` (``StyleModel.fit``)."""
    found = [(src, tgt) for src, tgt, _ in beads if tgt and english_source(units, src)]
    return StyleModel.fit(
        (text_of(units[i]) for src, _ in found for i in src),
        (text_of(units[i]) for _, tgt in found for i in tgt),
        min_words,
    )


def styled(
    ev: Evidence, units: Sequence[Unit], model: StyleModel, text_of: Callable[[Unit], str], params: AlignParams
) -> Evidence:
    """``ev`` with each sentence's literalness read from the call's ``model``: its log
    ratio per word, times ``params.style_scale``, clipped as ``features.literalness`` is
    (0 for a sentence of fewer than ``params.style_min_words`` words)."""
    lit = np.zeros(len(units))
    for i, u in enumerate(units):
        if u.fixed is None:
            classes = word_classes(text_of(u))
            if len(classes) >= params.style_min_words:
                lit[i] = params.style_scale * model.log_ratio_of(classes) / len(classes)
    lit = np.clip(lit, -DETECT.literal_clip, DETECT.literal_clip)
    length = ev.c_len[1:] - ev.c_len[:-1]
    return replace(ev, c_lit=cumulative(lit * length), c_lit_len=cumulative((lit >= params.literal_sentence) * length))
