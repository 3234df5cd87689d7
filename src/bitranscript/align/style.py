"""The call's two ways of writing: how its originals and its renderings use English's
grammar words and punctuation, learnt from the call's own beads.

A word-by-word rendering of Chinese keeps Chinese grammar ("He speak he can lend I."), so
it uses English's closed-class words differently from the interpreter ("He said he could
lend me some."): other pronoun cases, "be" and "no" where English inflects, few -ed/-ing
forms, few clitics. A fixed measure of that (``features.literalness``) misreads many
sentences, because how much grammar survives depends on the machine and the speaker. So
each call fits its own model once the first search has found its beads: every sentence
becomes a sequence of word classes (each function word and each telling mark of
punctuation is its own class; other words fall into a few shapes), and each side of the
call's English-source beads gives a class-unigram distribution (``StyleModel``). Fluent
machine translation keeps its grammar, but often quotes, punctuates and names people
otherwise than the interpreter. The model is used only where it tells the beads' two sides
apart on beads it was not fitted on (``separability``). There a sentence's log-likelihood
ratio under the two says which side it reads like; it replaces the fixed literalness in the
second search and places a cut inside a line (``refine.recut_lines``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import regex

from ..features import FUNCTION_WORDS, is_pinyin_word
from ..model import Unit
from ..params import DETECT
from ..params import Align as AlignParams
from .dp import Bead, english_source
from .evidence import Evidence, cumulative

_TOKEN = regex.compile(r"\p{Latin}[\p{Latin}'’]*|\d[\d.,]*|[\"“”‘’';:—–!?…()]")
"""A word, a number, or a mark of punctuation that writers use differently (quotes, colons,
dashes, ellipses): a machine's English and an interpreter's often quote and punctuate apart."""
_TOKEN_ASCII = re.compile(r"[A-Za-z][A-Za-z']*|\d[\d.,]*|[\"';:!?()]")
"""``_TOKEN`` on ASCII text (the standard library's engine is faster)."""


class KnownClasses(dict[str, str]):
    """The class of each token that a word stands before (``word_class(token, True)``),
    read once: a token not yet seen is classed as it is looked up, so a sentence's tokens
    are read with one ``map`` (``word_classes``)."""

    def __missing__(self, word: str) -> str:
        cls = self[word] = word_class(word, True)
        return cls


def word_classes(sentence: str, known: KnownClasses | None = None) -> list[str]:
    """The classes of ``sentence``'s tokens: a function word or a mark of punctuation is its
    own class; any other word is a number, a clitic form, a romanised Chinese name
    (``features.is_pinyin_word``), another capitalised word inside the sentence, an -ed or
    -ing form, a word ending in -s, or a plain word. ``known``, where given, keeps the class
    of each token after a sentence's first word for the next sentence (``unit_classes``).

    >>> word_classes("He speak he can lend I 3 books.")
    ['he', '#w', 'he', 'can', '#w', 'i', '#num', '#s']
    >>> word_classes("'Trinket didn't stop,' Xiaobao laughed.")
    ["'", '#w', '#clitic', '#w', "'", '#pinyin', '#ed']
    """
    tokens = (_TOKEN_ASCII if sentence.isascii() else _TOKEN).findall(sentence)
    out: list[str] = []
    for word in tokens:  # up to the first word: its capital says nothing
        out.append(word_class(word, False))
        if word[0].isalnum():
            break
    out += map((KnownClasses() if known is None else known).__getitem__, tokens[len(out) :])
    return out


def word_class(word: str, after_first: bool) -> str:
    """The class of one token of a sentence (``word_classes``); ``after_first``: a word
    stands before it."""
    low = word.lower()
    if not word[0].isalnum() or low in FUNCTION_WORDS:
        return low
    if word[0].isdigit():
        return "#num"
    if "'" in low or "’" in low:
        return "#clitic"
    if word[0].isupper() and is_pinyin_word(word):
        return "#pinyin"
    if after_first and word[0].isupper():
        return "#cap"
    if len(low) > 4 and low.endswith(("ed", "ing")):
        return "#ed" if low.endswith("ed") else "#ing"
    if len(low) > 3 and low.endswith("s"):
        return "#s"
    return "#w"


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
        return cls.of_counts(a, b) if min(a.total(), b.total()) >= min_words else None

    @classmethod
    def of_counts(cls, a: Counter[str], b: Counter[str]) -> StyleModel:
        """The model of class counts ``a`` (originals) against ``b`` (renderings)."""
        vocab = a.keys() | b.keys()
        return cls(*_log_ratios(((c, a[c], b[c]) for c in vocab), a.total(), b.total(), len(vocab)))

    def log_ratio(self, sentence: str) -> float:
        """Log-likelihood ratio, original against rendering, of ``sentence`` (nats)."""
        return self.log_ratio_of(word_classes(sentence))

    def log_ratio_of(self, classes: Iterable[str]) -> float:
        """``log_ratio`` of a sentence's word classes."""
        return sum(map(self.ratio.get, classes, itertools.repeat(self.unseen)))


def _log_ratios(
    counts: Iterable[tuple[str, int, int]], total_a: int, total_b: int, vocab: int
) -> tuple[dict[str, float], float]:
    """Each class's log ratio of its add-one smoothed probabilities on the two sides
    (``counts``: class, count in ``a``, count in ``b``; ``vocab`` classes in all), and that
    of a class neither side has."""
    norm = math.log((total_b + vocab + 1) / (total_a + vocab + 1))
    return {c: math.log((n_a + 1) / (n_b + 1)) + norm for c, n_a, n_b in counts}, norm


def unit_classes(units: Sequence[Unit], text_of: Callable[[Unit], str]) -> Callable[[int], list[str]]:
    """The word classes of unit number i (``word_classes``), read once for the call: the
    model's fit, its separability, the second search's literalness and the recut all read
    the same sentences."""
    memo: list[list[str] | None] = [None] * len(units)
    known = KnownClasses()

    def classes_of(i: int) -> list[str]:
        classes = memo[i]
        if classes is None:
            classes = memo[i] = word_classes(text_of(units[i]), known)
        return classes

    return classes_of


def call_style(
    units: Sequence[Unit], beads: Iterable[Bead], classes_of: Callable[[int], list[str]], params: AlignParams
) -> StyleModel | None:
    """The style model of the call's English-source ``beads`` (``StyleModel.fit``; unit i's
    word classes are ``classes_of(i)``), where it tells their originals from their
    renderings (``separability``) at least ``params.style_min_separability``; else None."""

    def classes(block: Sequence[int]) -> list[list[str]]:
        return [classes_of(i) for i in block]

    sides = [(classes(src), classes(tgt)) for src, tgt, _ in beads if tgt and english_source(units, src)]
    a = Counter(c for src, _ in sides for classes in src for c in classes)
    b = Counter(c for _, tgt in sides for classes in tgt for c in classes)
    if min(a.total(), b.total()) < params.style_min_side_words:
        return None
    if separability(sides, a, b, params.style_min_words) < params.style_min_separability:
        return None
    return StyleModel.of_counts(a, b)


def separability(
    sides: Sequence[tuple[list[list[str]], list[list[str]]]], a: Counter[str], b: Counter[str], min_words: int
) -> float:
    """How well the call's ways of writing tell its beads' sentences apart: the area under
    the ROC curve of each bead's sentences (of ``min_words`` words or more) scored per word
    by a model of the other beads (``a`` and ``b`` count every bead's word classes), the
    originals against the renderings. 0.5 is chance; 0.5 too where a side has no sentence.

    >>> w = [["he", "#w", "i"], ["she", "#w", "#w"]]
    >>> f = [["he", "#ed", "me"], ["she", "#ed", "it"]]
    >>> sides = [(w[:1], f[:1]), (w[1:], f[1:]), (w, f)]
    >>> from collections import Counter
    >>> a, b = (Counter(c for bead in sides for s in bead[k] for c in s) for k in (0, 1))
    >>> separability(sides, a, b, 3)
    1.0
    """
    scores: tuple[list[float], list[float]] = ([], [])
    vocab = len(a.keys() | b.keys())
    for bead in sides:
        # StyleModel.of_counts(a - held_a, b - held_b), read only for this bead's classes: a
        # class the other beads lack scores its ``unseen``, log(1 / 1) + norm.
        held_a, held_b = (Counter(itertools.chain.from_iterable(block)) for block in bead)
        rest = [(c, a[c] - held_a[c], b[c] - held_b[c]) for c in held_a.keys() | held_b.keys()]
        size = vocab - sum(n_a == n_b == 0 for _, n_a, n_b in rest)
        ratio, _ = _log_ratios(rest, a.total() - held_a.total(), b.total() - held_b.total(), size)
        for k, block in enumerate(bead):
            scores[k].extend(
                sum(map(ratio.__getitem__, classes)) / len(classes) for classes in block if len(classes) >= min_words
            )
    if not scores[0] or not scores[1]:
        return 0.5
    x, y = np.array(scores[0])[:, None], np.array(scores[1])[None, :]
    return float((x > y).mean() + 0.5 * (x == y).mean())


def styled(
    ev: Evidence, units: Sequence[Unit], model: StyleModel, classes_of: Callable[[int], list[str]], params: AlignParams
) -> Evidence:
    """``ev`` with each sentence's literalness read from the call's ``model``: its log
    ratio per word, times ``params.style_scale``, clipped as ``features.literalness`` is
    (0 for a sentence of fewer than ``params.style_min_words`` words)."""
    lit = np.zeros(len(units))
    for i, u in enumerate(units):
        if u.fixed is None:
            classes = classes_of(i)
            if len(classes) >= params.style_min_words:
                lit[i] = params.style_scale * model.log_ratio_of(classes) / (len(classes) + params.style_prior_words)
    lit = np.clip(lit, -DETECT.literal_clip, DETECT.literal_clip)
    length = ev.c_len[1:] - ev.c_len[:-1]
    return replace(ev, c_lit=cumulative(lit * length), c_lit_len=cumulative((lit >= params.literal_sentence) * length))
