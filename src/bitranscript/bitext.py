"""Two-file sentence alignment: which source sentences does each target sentence translate?

``align_texts(source, target)`` returns monotone *beads* (source indices, target indices,
score) that cover both sides, as in Vecalign's output ``[0,1]:[0]``. It needs no model:

* every sentence becomes a bag of English content stems: the target's own words; the
  source's machine translation when one is given (``source_mt``), plus character 3- and
  4-grams (chrF's statistic as a vector: inflections and spellings the stems miss);
  otherwise the source's CC-CEDICT translation candidates after jieba segmentation,
  weighted down by how many candidates a word has, plus romanised names (陈清扬 →
  ``@chenqingyang``, ``@qingyang``), numbers and dialogue punctuation as anchors;
* a block of consecutive sentences is the sum of its sentences' TF-IDF vectors, so the
  cosine of any source block against any target block is four look-ups in prefix sums
  of the sentence-pair dot products (the trick ``similarity.BlockSimilarity`` uses for
  the mixed stream);
* one monotone dynamic programme (``bead_dp``) scores every bead type from 0-1 and 1-0 to
  3-x and 1-6 in a band around the length diagonal, all types of a row in one vectorised
  step: similarity, a Gale-Church style length prior (squared log ratio against the
  document's own length ratio) and a cost per merged sentence;
* a second pass, in a narrow corridor around that path, adds the expensive check: a
  merged bead whose weakest sentence shares nothing with the other side is penalised,
  so a dropped sentence comes out as ``[4]:[]`` rather than glued to a neighbour.

sacrebleu's sentence chrF as a rescoring pass was tried: no gain on the dev set over the
character n-gram vectors, at twenty times the cost.

The weights in ``BitextParams`` were tuned on the MAC dev set (novels), none on its text.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import regex

from .cache import Memo, Table, cached_file, file_key, package_file, write_tables
from .errors import InputError
from .lexicon import Lexicon
from .words import HAN, english_frequencies


@dataclass(frozen=True, slots=True)
class Bead:
    """Source sentence indices, target sentence indices (either may be empty) and a score."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    score: float = 0.0

    def __str__(self) -> str:
        """Vecalign's format, ``[0,1]:[0]``."""
        return f"[{','.join(map(str, self.source))}]:[{','.join(map(str, self.target))}]"


@dataclass(frozen=True, slots=True)
class BitextParams:
    """Weights of the bead score; tuned on the MAC dev set (see benchmarks/bench_bitext.py)."""

    max_source: int = 3
    max_target: int = 6
    max_total: int = 7
    """Largest bead: at most this many sentences on both sides together."""
    max_cells: int = 36_000_000
    """Largest source x target sentence count: the score tables are dense (about 30 bytes a cell)."""
    band: int = 60
    """Half-width of the search band around the length diagonal, in target sentences."""
    sim_floor: float = 0.0
    """Cosine a bead must beat to score positively."""
    sim_weight: float = 1.0
    length_weight: float = 0.45
    size_power: float = 0.25
    """A bead's similarity counts ``((a+b)/2) ** size_power`` times, so merging is not penalised by counting."""
    merge_cost: float = 0.1
    """Per sentence beyond 1-1."""
    lexicon_noise: bool = False
    """Keep lexicon candidates that never occur in the target in the vectors (off: they are noise)."""
    orphan_weight: float = 1.0
    orphan_floor: float = 0.05
    """A merged bead loses ``orphan_weight`` per unit its weakest sentence's cosine falls below the floor."""
    skip_cost: float = 0.3
    """A source or target sentence left unaligned (1-0, 0-1)."""
    length_smoothing: float = 20.0
    """Characters added to both lengths before the log ratio, so short sentences are not punished."""
    char_weight: float = 1.0
    """Weight of character n-gram cosine (English-like source or MT) against the word cosine's 1."""
    lexicon_weight: float = 0.0
    """With an MT of a Chinese source, weight of the lexicon cosine of the Chinese itself."""
    refine_band: int = 6
    """Half-width of the corridor around the first path where the full score is computed."""


def align_texts(
    source_sentences: Sequence[str],
    target_sentences: Sequence[str],
    *,
    source_mt: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    params: BitextParams = BitextParams(),
) -> list[Bead]:
    """Monotone beads aligning ``source_sentences`` with ``target_sentences`` (English).

    ``source_mt`` is a machine translation of the source, line by line; without it the
    source is read as Chinese through ``lexicon`` (CC-CEDICT by default, loaded once).
    An English-like source (little Chinese) is compared directly, as if it were its own MT.
    """
    n, m = len(source_sentences), len(target_sentences)
    if source_mt is not None and len(source_mt) != n:
        raise ValueError(f"source_mt has {len(source_mt)} sentences, the source {n}")
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    if n * m > params.max_cells:
        raise ValueError(
            f"{n} x {m} sentences is too large to align in one piece (limit {params.max_cells:,} pairs): "
            "split the texts at chapter or section boundaries"
        )
    freq = english_frequencies()
    chinese = source_mt is None and _han_share(source_sentences) > 0.3
    english_source = source_mt if source_mt is not None else [] if chinese else source_sentences
    _prefetch_english([*target_sentences, *english_source], freq)  # a few queries, not a query a word
    tgt_bags = [english_bag(t, freq) for t in target_sentences]
    # What a Chinese bag may hold: any lexicon candidate, or (``_tfidf`` drops the others) the target's words only.
    wanted = None if params.lexicon_noise else {tok for bag in tgt_bags for tok in bag}
    if source_mt is not None:
        src_bags = [english_bag(t, freq) for t in source_mt]
        src_len = np.array([len(t) for t in source_mt], dtype=float)
    elif chinese:
        src_bags = chinese_bags(source_sentences, lexicon, freq, wanted)
        src_len = np.array([_visible_len(t) for t in source_sentences], dtype=float)
    else:
        src_bags = [english_bag(t, freq) for t in source_sentences]
        src_len = np.array([len(t) for t in source_sentences], dtype=float)
    tgt_len = np.array([len(t) for t in target_sentences], dtype=float)

    spaces = [(*_tfidf(src_bags, tgt_bags, source_only=not chinese or params.lexicon_noise), 1.0)]
    if source_mt is not None or not chinese:
        src_text = source_mt if source_mt is not None else source_sentences
        spaces.append(
            (*_tfidf([char_bag(t) for t in src_text], [char_bag(t) for t in target_sentences]), params.char_weight)
        )
    if source_mt is not None and params.lexicon_weight > 0 and _han_share(source_sentences) > 0.3:
        zh_bags = chinese_bags(source_sentences, lexicon, freq, wanted)
        spaces.append((*_tfidf(zh_bags, tgt_bags, source_only=params.lexicon_noise), params.lexicon_weight))
    scorer = _BlockScorer(spaces, src_len, tgt_len, params)
    # Wide band, cheap score; then the full score (weakest-member check) near that path.
    scorer.check_members = False
    path = bead_dp(n, m, scorer, params)
    if params.orphan_weight > 0:
        scorer.check_members = True
        path = bead_dp(n, m, scorer, params, corridor=_corridor(path, n, params.refine_band))
    return path


def _default_lexicon() -> Lexicon:
    from .lexicon import load_cedict

    return load_cedict()


# --- sentences as bags of stems -------------------------------------------------------

_WORD = regex.compile(r"\d+(?:[.,:]\d+)*|\p{Latin}[\p{Latin}'’\-]*")
_STOP_FREQ = 1.5e-3
"""Words more frequent than this in English (the, was, said, not...) carry no content."""
_SUFFIX = regex.compile(r"(?:'s|’s|ies|ied|ing|ed|es|s|ly|er|est)$")


def _stem(word: str) -> str:
    """A crude stem: a common suffix off, then the first six letters ("grabbed" ~ "grab")."""
    base = _SUFFIX.sub("", word) if len(word) > 3 else word
    if len(base) > 3 and base[-1] == base[-2]:
        base = base[:-1]  # grabb(ed) -> grab
    return base[:6]


def english_bag(text: str, freq: Mapping[str, float]) -> Counter[str]:
    """Content stems, numbers (``#12``) and names (``@chen``, ``@chenqingyang``) of English text."""
    bag: Counter[str] = Counter()
    _punctuation(text, bag)
    prev_cap = ""
    memo = _TOKENS.setdefault(id(freq), {}) if freq is english_frequencies() else {}
    keys = []  # counted at once below (in C): most of a bag's cost was counting key by key
    for tok in _WORD.findall(text):
        info = memo.get(tok)
        if info is None:
            info = memo[tok] = _token_key(tok, freq)
        key, name = info
        if name:
            keys.append(key)
            if prev_cap:
                keys.append("@" + prev_cap + name)
            prev_cap = name
            continue
        prev_cap = ""
        if key:
            keys.append(key)
    bag.update(keys)
    return bag


_TOKENS: dict[int, dict[str, tuple[str, str]]] = {}
"""What ``_token_key`` said of each token, for the shared word frequencies (a call's words recur)."""


def _token_key(tok: str, freq: Mapping[str, float]) -> tuple[str, str]:
    """What one token adds to an English bag (``#12``, ``@chen``, a stem, or nothing: ""),
    and, for a name, the name (which joins the name before it)."""
    if tok[0].isdigit():
        return "#" + tok.replace(",", ""), ""
    low = tok.lower().replace("’", "'")
    if tok[0].isupper():
        name = low.replace("-", "").replace("'", "")
        if freq.get(name, 0.0) < 1e-5:  # not an ordinary word that happens to start a sentence
            return "@" + name, name
    if len(low) < 3 or freq.get(low, 0.0) > _STOP_FREQ:
        return "", ""
    return _stem(low), ""


_LETTERS = regex.compile(r"[\p{L}\p{N}]+")


def char_bag(text: str, sizes: tuple[int, ...] = (3, 4)) -> Counter[str]:
    """Character n-grams inside words, word edges marked: what chrF counts, as a vector."""
    words = _LETTERS.findall(text.lower())
    # One count over all the grams (in C), not one ``update`` a word: the same counts, in the same order.
    return Counter(itertools.chain.from_iterable([_word_grams(word, sizes) for word in words]))


@lru_cache(maxsize=65536)
def _word_grams(word: str, sizes: tuple[int, ...]) -> tuple[str, ...]:
    """The n-grams of one word, its edges marked (a call says most of its words many times)."""
    padded = f" {word} "
    return tuple(padded[i : i + k] for k in sizes for i in range(len(padded) - k + 1))


_MARKS = {
    "?": "<?>",
    "？": "<?>",
    "!": "<!>",
    "！": "<!>",
    '"': "<q>",
    "“": "<q>",
    "”": "<q>",
    "「": "<q>",
    "」": "<q>",
}
PUNCTUATION_WEIGHT = 1.0


_MARK = re.compile("[" + re.escape("".join(_MARKS)) + "]")


def _punctuation(text: str, bag: Counter[str]) -> None:
    """Questions, exclamations and quotes survive translation: anchors for dialogue."""
    for ch in _MARK.findall(text):  # found in C: most texts have none
        bag[_MARKS[ch]] += PUNCTUATION_WEIGHT  # type: ignore[assignment]  # bags hold weights, not only counts


def _han_share(sentences: Sequence[str]) -> float:
    text = "".join(sentences[:200])
    letters = sum(1 for ch in text if ch.isalnum())
    return len(HAN.findall(text)) / letters if letters else 0.0


def _visible_len(text: str) -> float:
    return float(sum(1 for ch in text if not ch.isspace()))


def chinese_bags(
    sentences: Sequence[str],
    lexicon: Lexicon | None,
    freq: Mapping[str, float],
    wanted: Collection[str] | None = None,
) -> list[Counter[str]]:
    """Each Chinese sentence as weighted English stems of its words' translation candidates.

    A word's candidates share one unit of weight (a word with twenty senses says little
    about any one of them); words the lexicon lacks, and names, give pinyin name tokens.
    ``lexicon`` None: CC-CEDICT, whose headwords' features come precomputed from the user cache.
    ``wanted``: the only candidates kept (the target's words, where ``_tfidf`` would drop the
    rest as noise: most of them, whose counting was 4 ms of a raw-Chinese ``pair``).
    """
    from . import zhseg

    zhseg.prefetch(sentences)
    cuts = [zhseg.lcut(sentence) for sentence in sentences]
    known = _cedict_features() if lexicon is None and freq is english_frequencies() else None
    features = _WordFeatures(lexicon or _default_lexicon(), freq, known)
    features.prefetch({word for words in cuts for word in words})
    kept: dict[str, Features] = {}  # each word's features, the wanted ones
    out = []
    for sentence, words in zip(sentences, cuts, strict=True):
        bag: Counter[str] = Counter()
        _punctuation(sentence, bag)
        weight = bag.get  # ``bag[tok] += w``, less Counter's ``__missing__``, a Python call per new token
        for word in words:
            feats = kept.get(word)
            if feats is None:
                feats = features(word)
                feats = kept[word] = feats if wanted is None else [f for f in feats if f[0] in wanted]
            for tok, w in feats:
                bag[tok] = weight(tok, 0) + w  # type: ignore[assignment]  # a weight below 1: weaker evidence than a word
        out.append(bag)
    features.pinyin.keep()
    return out


Features = list[tuple[str, float]]
"""What one word adds to a bag: tokens and their weights."""


class _WordFeatures:
    """What each Chinese word adds to a bag, worked out once per word of a document: its
    characters too (an unknown compound's, which recur), each looked up and cleaned once.
    ``known``: the features of the lexicon's headwords, worked out before (:func:`_cedict_features`)."""

    def __init__(self, lexicon: Lexicon, freq: Mapping[str, float], known: Mapping[str, Features] | None = None):
        self.lexicon, self.freq, self.known = lexicon, freq, known
        self.pinyin = _Readings()
        self.memo: dict[str, Features] = {}
        self.glossed: dict[tuple[str, ...], tuple[tuple[str, ...], Features]] = {}

    def __call__(self, word: str) -> Features:
        feats = self.memo.get(word)
        if feats is None:
            feats = self.memo[word] = self._features(word)
        return feats

    def prefetch(self, words: Collection[str]) -> None:
        """Read what the words will ask of the user cache in a few batched queries, not a
        query a key (thousands in a document): their lexicon entries (their characters' too,
        for unknown compounds), whether they are names, and the English words of their entries.
        With ``known``, their features instead, and the rest only for the words no headword
        (names and compounds the segmenter's HMM made), whose characters' features they ask for."""
        han = [w for w in words if HAN.search(w)]
        entries = self.lexicon.entries
        if self.known is not None:
            _prefetch(self.known, han)
            han = [w for w in han if w not in self.known]
            chars = {ch for w in han for ch in w}  # not those of every word: a third of the look-ups
            _prefetch(self.known, chars)
            heads = {*han, *(ch for ch in chars if ch not in self.known)}  # no headword: no entry, no English
            _prefetch(entries, {*heads, *(w[0] for w in han)})  # the first character: a surname?
            _prefetch(self.lexicon.pinyin, [w for w in han if len(w) >= 2])
        else:
            heads = {*han, *(ch for w in han for ch in w)}
            _prefetch(entries, heads)
        _prefetch(self.lexicon.names, [w for w in han if len(w) >= 2])
        _prefetch_english([body for w in heads for body in entries.get(w, ())], self.freq)

    def _features(self, word: str) -> Features:
        lexicon, freq = self.lexicon, self.freq
        if word.isdigit():
            return [("#" + str(int(word)), 1.0)] if word.isascii() else []
        if not HAN.search(word):
            return [(k, float(v)) for k, v in english_bag(word, freq).items()]
        kept = self.known.get(word) if self.known is not None else None
        if kept is not None:
            return kept
        glosses, stemmed = self._glossed(word)
        feats = list(stemmed)
        if len(word) >= 2 and (word in lexicon.names or (not glosses and lexicon.is_surname(word[0]))):
            feats.extend(_name_tokens(word, lexicon, self.pinyin))
        elif not glosses:
            for ch in word:  # unknown compound: its characters, each weaker
                for tok, w in self(ch) if ch != word else ():
                    feats.append((tok, 0.5 * w))
        return feats

    def _glossed(self, word: str) -> tuple[tuple[str, ...], Features]:
        """``word``'s glosses, and the stems of their English words, sharing one unit of weight.
        Worked out once for the headwords of the same entries (a traditional and a simplified
        form): building ``_cedict_features`` meets each entry once, not twice."""
        raw = self.lexicon.entries.get(word)
        done = self.glossed.get(raw) if raw else None
        if done is not None:
            return done
        glosses = self.lexicon.translations(word)
        stems: Counter[str] = Counter()
        for gloss in glosses:
            for tok in english_bag(gloss, self.freq):
                if not tok.startswith("#"):
                    stems[tok.lower() if tok.startswith("@") else tok] += 1
        feats: Features = []
        if stems:
            total = math.sqrt(sum(stems.values()))
            feats.extend((tok, 1.0 / total) for tok in stems)
        if raw:
            self.glossed[raw] = glosses, feats
        return glosses, feats


@lru_cache(maxsize=1)
def _cedict_features() -> Table[Features] | None:
    """The features of every CC-CEDICT headword (``_WordFeatures``), worked out once per
    machine into the user cache (None: no cache). Working out a document's thousand words
    (their entries read and cleaned, the frequencies of their English words read) was a
    third of a raw-Chinese ``pair``; reading them done is one query. Keyed by the dictionary,
    the word frequencies and the code that works them out (this module and those it reads)."""
    from . import lexicon, words

    try:
        sources = [
            lexicon.cedict_file(),
            package_file("wordfreq", "data", "large_en.msgpack.gz"),  # english_frequencies' data
            *(Path(str(module.__file__)) for module in (sys.modules[__name__], lexicon, words)),
        ]
        key = "; ".join(file_key(p) for p in sources) + "; features 1"
    except (OSError, ModuleNotFoundError, InputError):
        return None

    def build(tmp: Path) -> None:
        every = lexicon.load_cedict().loaded()
        work = _WordFeatures(every, english_frequencies())
        work.prefetch(list(every.entries))
        rows = ((w, _encode_features(work(w))) for w in every.entries)
        write_tables(tmp, {"features": rows})
        work.pinyin.keep()

    path = cached_file("cedict_features.sqlite", key, build)
    return None if path is None else Table(path, "features", _decode_features)


def _encode_features(feats: Features) -> str:
    """What ``_cedict_features`` keeps of a word: a run of tokens of one weight (a word's
    stems share one) as ``weight token token...``, the weight as ``repr`` writes it (read
    back, the same float); the runs between tabs."""
    runs = itertools.groupby(feats, key=lambda f: f[1])
    return "\t".join(" ".join([repr(weight), *(tok for tok, _ in run)]) for weight, run in runs)


def _decode_features(kept: str) -> Features:
    out: Features = []
    for run in kept.split("\t") if kept else ():
        weight, *toks = run.split(" ")
        w = float(weight)
        out += [(tok, w) for tok in toks]
    return out


def _name_tokens(word: str, lexicon: Lexicon, pinyin: Callable[[str], list[str]]) -> list[tuple[str, float]]:
    """Romanised name tokens: whole name, and surname + given name for three characters."""
    syl = lexicon.syllables(word) or pinyin(word)
    syl = [s.replace("ü", "u").replace("u:", "u") for s in syl]
    toks = [("@" + "".join(syl), 1.0)]
    if len(syl) == 3:
        toks += [("@" + syl[0], 0.5), ("@" + "".join(syl[1:]), 1.0)]
    return toks


def _prefetch(table: object, keys: Iterable[str]) -> None:
    """``prefetch(keys)`` where ``table`` has one (a user-cache ``Table``, or the English word
    frequencies, ``words.WordFrequencies``); nothing for a mapping in memory."""
    prefetch = getattr(table, "prefetch", None)
    if prefetch is not None:
        prefetch(keys)


def _prefetch_english(texts: Iterable[str], freq: Mapping[str, float]) -> None:
    """Read the frequencies ``english_bag`` will ask for the words of ``texts`` (as words,
    and as names) in a few batched queries."""
    memo = _TOKENS.get(id(freq), {}) if freq is english_frequencies() else {}
    toks = {t for text in texts for t in _WORD.findall(text) if t not in memo}
    low = {t.lower().replace("’", "'") for t in toks if not t[0].isdigit()}
    _prefetch(freq, {*low, *(w.replace("-", "").replace("'", "") for w in low)})


class _Readings:
    """``pypinyin.lazy_pinyin(word, style=Style.NORMAL)``, kept per machine in the user cache.

    A document has dozens of names the lexicon has no pinyin for, and pypinyin costs a cold
    process 0.2 s to load: so what it said of a word is kept (:class:`~.cache.Memo`, keyed by
    its files) and it is loaded only for a word this machine never asked about. A pypinyin
    loaded before may have been given other dictionaries (``load_phrases_dict``): it is
    asked directly, and what it says is not kept.
    """

    def __init__(self) -> None:
        self.memo = None if "pypinyin" in sys.modules else _pinyin_memo()
        self.new: dict[str, str] = {}

    def __call__(self, word: str) -> list[str]:
        import json  # raw Chinese only (``--source-mt`` loads no json)

        kept = self.memo.get(word) if self.memo is not None else None
        if kept is not None:
            return list(json.loads(kept))
        from pypinyin import Style, lazy_pinyin

        syl = list(lazy_pinyin(word, style=Style.NORMAL))
        if self.memo is not None:
            self.new[word] = json.dumps(syl, ensure_ascii=False)
        return syl

    def keep(self) -> None:
        """Write the readings computed since the last call into the user cache."""
        if self.memo is not None:
            self.memo.put(self.new)
        self.new = {}


def _pinyin_memo() -> Memo | None:
    """The user cache's readings of this pypinyin (None: pypinyin is laid out otherwise)."""
    try:
        files = [package_file("pypinyin", f) for f in ("__init__.py", "phrases_dict.json", "pinyin_dict.json")]
        key = "; ".join(file_key(f) for f in files)
    except (OSError, ModuleNotFoundError):
        return None
    no_phrases = os.environ.get("PYPINYIN_NO_PHRASES", "")  # pypinyin reads it when loaded
    return Memo("pinyin_readings.sqlite", f"{key}; PYPINYIN_NO_PHRASES={no_phrases!r}; lazy_pinyin NORMAL 1")


def _tfidf(
    src: Sequence[Counter[str]], tgt: Sequence[Counter[str]], *, source_only: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Dense TF-IDF rows of both sides over one vocabulary.

    ``source_only=False`` drops stems the target never has: right for lexicon bags, whose
    unused translation candidates are noise, wrong for real text, where a word with no
    counterpart is evidence that a sentence was not translated there.
    """
    df: Counter[str] = Counter()
    for bag in tgt:
        df.update(bag.keys())
    for bag in src:
        df.update(bag.keys() if source_only else [k for k in bag if k in df])
    vocab = {t: i for i, t in enumerate(df)}
    total = len(src) + len(tgt)
    idf = np.array([math.log((total + 1) / (c + 0.5)) for c in df.values()], dtype=np.float32)  # vocab's order

    def rows(bags: Sequence[Counter[str]]) -> np.ndarray:
        mat = np.zeros((len(bags), max(1, len(vocab))), dtype=np.float32)
        # Every cell at once: the bags' terms and counts in one flat run, looked up in C.
        terms = list(itertools.chain.from_iterable(bags))
        counts = list(itertools.chain.from_iterable(bag.values() for bag in bags))
        if not terms:
            return mat
        weight = {c: (1.0 + math.log(c)) if c >= 1 else c for c in set(counts)}  # sublinear tf
        at_row = np.repeat(np.arange(len(bags)), [len(bag) for bag in bags])
        at_col = np.fromiter(map(vocab.get, terms, itertools.repeat(-1)), dtype=np.int64, count=len(terms))
        values = np.fromiter(map(weight.__getitem__, counts), dtype=np.float64, count=len(counts))
        known = at_col >= 0
        at_col = at_col[known]
        # Only the cells that hold a term are weighted (the float32 product ``mat * idf``
        # would give on them; the others stay 0): no pass over the whole dense matrix.
        mat[at_row[known], at_col] = values[known].astype(np.float32) * idf[at_col]
        return mat

    return rows(src), rows(tgt)


# --- scoring blocks --------------------------------------------------------------------


Index = np.ndarray | int
"""Source or target positions, or bead sizes: an array of them, or one for all."""


class _BlockScorer:
    """Scores of beads, vectorised: ``score(I, A, J, B)`` for arrays of source ends ``I``,
    bead sizes ``A``, ``B`` and target ends ``J``, broadcast together."""

    def __init__(
        self,
        spaces: Sequence[tuple[np.ndarray, np.ndarray, float]],
        src_len: np.ndarray,
        tgt_len: np.ndarray,
        params: BitextParams,
    ):
        self.p = params
        n, m = spaces[0][0].shape[0], spaces[0][1].shape[0]
        # Stacked over the feature spaces, so one look-up serves them all; each space's table
        # flat (row-major), so that a look-up is one ``take`` of flat positions: twice as
        # fast as indexing it with a pair of arrays, and the same cells.
        P = np.zeros((len(spaces), n + 1, m + 1))
        src_norm = np.zeros((len(spaces), params.max_source + 1, n + 1))
        tgt_norm = np.zeros((len(spaces), params.max_target + 1, m + 1))
        for k, (S, T, _) in enumerate(spaces):
            P[k, 1:, 1:] = _dots(S, T).cumsum(0).cumsum(1)
            src_norm[k] = _block_norms(S, params.max_source)
            tgt_norm[k] = _block_norms(T, params.max_target)
        self.rows, self.cols = n + 1, m + 1
        self.P = P.reshape(len(spaces), -1)
        """``P[k, i * cols + j]``: the sum of the dot products of source sentences below ``i``
        with target sentences below ``j`` in space ``k``."""
        self.src_norm = src_norm.reshape(len(spaces), -1)
        """``src_norm[k, a * rows + i]``: squared norm of source sentences ``i-a .. i-1``."""
        self.tgt_norm = tgt_norm.reshape(len(spaces), -1)
        """``tgt_norm[k, b * cols + j]``: squared norm of target sentences ``j-b .. j-1``."""
        weights = np.array([w for *_, w in spaces], dtype=float)
        self.weights = weights / weights.sum()
        self.check_members = True
        """Whether to apply the weakest-member penalty (off in the wide first pass)."""
        self.src_cum = np.concatenate([[0.0], np.cumsum(src_len)])
        self.tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_len)])
        self.ratio = max(1e-6, self.tgt_cum[-1]) / max(1e-6, self.src_cum[-1])

    def length_penalty(self, i: Index, a: Index, js: Index, b: Index) -> np.ndarray:
        la = (self.src_cum[i] - self.src_cum[i - a]) * self.ratio
        lb = self.tgt_cum[js] - self.tgt_cum[js - b]
        k = self.p.length_smoothing
        return np.asarray(np.log((lb + k) / (la + k)) ** 2)

    def cosine(self, i: Index, a: Index, js: Index, b: Index) -> np.ndarray:
        """Weighted mean over the feature spaces of the block cosines."""
        P, cols = self.P, self.cols
        end = i * cols + js  # the cell (i, js); (i - a, js) is ``start``
        start = end - a * cols
        dot = P.take(end, axis=1) - P.take(start, axis=1) - P.take(end - b, axis=1) + P.take(start - b, axis=1)
        src = self.src_norm.take(a * self.rows + i, axis=1)
        tgt = self.tgt_norm.take(b * cols + js, axis=1)
        src = src.reshape(src.shape + (1,) * (tgt.ndim - src.ndim))  # a single source block
        denom = np.sqrt(src * tgt)
        cos = dot / np.maximum(denom, 1e-12)  # an empty block: dot 0
        # The weighted sum one space at a time, not np.tensordot: that is a BLAS call, whose
        # threads cost more than the sum on a busy machine (the sum of products is the same).
        out = self.weights[0] * cos[0]
        for w, c in zip(self.weights[1:], cos[1:], strict=True):
            out = out + w * c
        return np.asarray(out)

    def weakest_member(self, i: Index, a: Index, js: Index, b: Index) -> np.ndarray:
        """Lowest cosine of one sentence of a merged bead against the other side's block.

        A sentence that shares nothing with the other side is better left unaligned than
        merged in: this is what lets a dropped sentence become a 1-0 bead.
        """
        i, a, js, b = np.broadcast_arrays(i, a, js, b)
        worst = np.full(js.shape, np.inf)
        for t in range(1, self.p.max_source + 1):  # source sentence i-t, in beads with a >= max(2, t)
            use = (a >= max(2, t)) & (i - t >= 0)
            if use.any():
                worst = np.where(use, np.minimum(worst, self.cosine(np.maximum(0, i - t) + 1, 1, js, b)), worst)
        for c in range(self.p.max_target):  # target sentence js-1-c, in beads with b >= max(2, c+1)
            use = b >= max(2, c + 1)
            if use.any():
                worst = np.where(use, np.minimum(worst, self.cosine(i, a, np.maximum(js - c, 1), 1)), worst)
        return worst

    def __call__(self, i: Index, a: Index, js: Index, b: Index) -> np.ndarray:
        p = self.p
        sim = self.cosine(i, a, js, b)
        size = ((a + b) / 2.0) ** p.size_power
        out = (
            p.sim_weight * (sim - p.sim_floor) * size
            - p.length_weight * self.length_penalty(i, a, js, b)
            - p.merge_cost * (a + b - 2)
        )
        if self.check_members and p.orphan_weight:
            weak = np.maximum(0.0, p.orphan_floor - self.weakest_member(i, a, js, b))
            out = out - p.orphan_weight * np.where((a > 1) | (b > 1), weak, 0.0)
        return out


def _dots(S: np.ndarray, T: np.ndarray) -> np.ndarray:
    """``S @ T.T`` in float64, one source row at a time over the terms it has.

    The rows are sparse (a sentence has a hundred of a vocabulary of thousands): a dense
    product does fifty times the work, and as a BLAS call on several threads it took a busy
    two-core machine 0.1 s where this takes 0.01 s. The products of float32 values are exact
    in float64, so this is the dense product's value, less its float32 rounding.
    """
    out = np.zeros((S.shape[0], T.shape[0]))
    shared = S.any(0) & T.any(0)  # a term one side lacks adds nothing: not copied
    S = S[:, shared]
    terms = T[:, shared].T.astype(np.float64)  # one row per term: a row's terms are gathered contiguously
    # Every row's terms at once (row by row, in order, as a row's own ``nonzero`` gives them).
    at_row, at_col = np.nonzero(S != 0)  # the same cells; a mask's are found faster
    values = S[at_row, at_col].astype(np.float64)
    bounds = np.searchsorted(at_row, np.arange(S.shape[0] + 1)).tolist()
    for r in range(S.shape[0]):
        lo, hi = bounds[r], bounds[r + 1]
        if hi > lo:
            out[r] = np.einsum("k,kj->j", values[lo:hi], terms[at_col[lo:hi]])
    return out


def _block_norms(M: np.ndarray, k: int) -> np.ndarray:
    """``norms[s, e]`` = squared norm of the sum of rows ``e-s .. e-1`` (0 where e < s or s = 0)."""
    n = M.shape[0]
    G = np.zeros((n + 1, k + 1))  # G[e, d] = dot(row e-1, row e-1-d)
    for d in range(k):
        if d < n:
            G[1 + d :, d] = np.einsum("ij,ij->i", M[d:], M[: n - d])
    norms = np.zeros((k + 1, n + 1))
    for s in range(1, k + 1):
        # squared norm of rows [e-s, e): the dots of every pair of rows in the block
        tot = np.zeros(n + 1)
        for r_off in range(min(s, n + 1)):  # row e-1-r_off
            for d in range(s - r_off):  # its dot with row e-1-r_off-d
                term = np.zeros(n + 1)
                term[r_off:] = G[: n + 1 - r_off, d]
                tot += term if d == 0 else 2 * term
        norms[s, s:] = tot[s:]
    return norms


# --- the dynamic programme ---------------------------------------------------------------

Scorer = Callable[[np.ndarray, int, np.ndarray, int], np.ndarray]
"""``score(I, a, J, b)``: the scores of the ``a``-``b`` beads ending at source ``I[k]`` and
target ``J[k]``, for each ``k``."""


def bead_types(params: BitextParams) -> list[tuple[int, int]]:
    """Every (source, target) bead size the search allows, insertions and deletions apart."""
    return [
        (a, b)
        for a in range(1, params.max_source + 1)
        for b in range(1, params.max_target + 1)
        if a + b <= params.max_total and (a == 1 or b == 1 or a + b <= 5)
    ]


def _diagonal(n: int, m: int) -> np.ndarray:
    return np.round(np.arange(n + 1) * (m / max(1, n))).astype(int)


def _corridor(path: Sequence[Bead], n: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Per source position, the target range [lo, hi] within ``width`` of a path's cells."""
    lo = np.full(n + 1, 10**9)
    hi = np.full(n + 1, -1)
    i = j = 0
    cells = [(0, 0)]
    for bead in path:
        i += len(bead.source)
        j += len(bead.target)
        cells.append((i, j))
    for ci, cj in cells:
        lo[ci] = min(lo[ci], cj - width)
        hi[ci] = max(hi[ci], cj + width)
    for r in range(1, n + 1):  # rows a bead jumped over inherit the previous row's range
        if hi[r] < 0:
            lo[r], hi[r] = lo[r - 1], hi[r - 1]
    return lo, hi


def bead_dp(
    n: int,
    m: int,
    score: Scorer,
    params: BitextParams = BitextParams(),
    *,
    corridor: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Bead]:
    """The best monotone bead path from (0, 0) to (n, m) under ``score``.

    ``score(I, a, J, b)`` gives the scores of the ``a``-``b`` beads taking source
    ``i-a .. i-1`` and target ``j-b .. j-1`` for arrays ``I``, ``J`` of the cells' ends.
    Cells outside the band around the length diagonal (or outside ``corridor``, per source
    position a target range) are never visited. Scores do not depend on the path, so each
    bead type is scored once over every cell of the band (one call a type, not one a row:
    numpy's cost per call is what a row-by-row search pays for); the search then keeps,
    row by row, the best of the precomputed candidates. O(n · band · bead types).
    """
    if corridor is None:
        diag = _diagonal(n, m)
        width = max(params.band, abs(m - n) // 4 + 10)
        lo = np.maximum(0, diag - width)
        hi = np.minimum(m, diag + width)
    else:
        lo = np.maximum(0, corridor[0])
        hi = np.minimum(m, corridor[1])
    lo[0], hi[n] = 0, m
    sizes = np.maximum(0, hi - lo + 1)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    cell_i = np.repeat(np.arange(n + 1), sizes)
    cell_j = np.arange(starts[-1]) - np.repeat(starts[:-1] - lo, sizes)
    # The deletion 1-0 is one more bead type, scoring -skip_cost wherever it ends: the first,
    # so that it wins a tie (``argmax`` takes the first maximum), as when it was weighed apart.
    types = np.array([(1, 0), *bead_types(params)])
    scores = np.full((len(types), cell_i.size), -np.inf)
    scores[0] = -params.skip_cost
    for t, (a, b) in enumerate(types[1:], start=1):
        ok = (cell_i >= a) & (cell_j >= b)
        if ok.any():
            scores[t, ok] = score(cell_i[ok], int(a), cell_j[ok], int(b))
    # ``best`` flat, with rows and columns of -inf before (0, 0) as deep as the largest bead:
    # a bead type's previous cell is then one fixed step back from any cell, read with one
    # ``take`` for a whole row, and one that would start before the table reads -inf.
    pad_i, pad_j = int(types[:, 0].max()), int(types[:, 1].max())
    width = m + 1 + pad_j
    best = np.full((n + 1 + pad_i) * width, -np.inf)
    step = (types[:, 0] * width + types[:, 1])[:, None]
    # How each cell was reached: a bead type's index, or one of these (decoded by ``moves``).
    insertion, origin = len(types), len(types) + 1
    moves = np.concatenate([types, [(0, 1), (0, 0)]])
    how = np.full((n + 1, m + 1), origin, dtype=np.int8)
    skip = params.skip_cost
    along = np.arange(int(sizes.max()) if sizes.size else 0)
    offsets = skip * along
    back = along - step  # each bead type's previous cells, from the cells of a row of ``best``
    # Python numbers, not numpy scalars, for the row loop's bookkeeping (numpy's cost is per call).
    los, his, row_starts = lo.tolist(), hi.tolist(), starts.tolist()
    for i in range(n + 1):
        j0, j1 = los[i], his[i]
        if j1 < j0:
            continue
        size = j1 - j0 + 1
        at = (i + pad_i) * width + pad_j + j0  # cell (i, j0) in ``best``
        if i == 0:
            row = np.full(size, -np.inf)
            row[0] = 0.0
            hrow = np.full(size, origin, dtype=np.int8)
        else:
            # Every bead type at once: a (types x band) table of candidates, -inf where
            # either is (all -inf: the deletion's, -inf, is kept).
            cand = best.take(back[:, :size] + at) + scores[:, row_starts[i] : row_starts[i + 1]]
            hrow = cand.argmax(axis=0)
            row = cand[hrow, along[:size]]
        # insertions 0-1 within the row: a running maximum
        offs = offsets[:size]
        shifted = row + offs
        acc = np.maximum.accumulate(shifted)
        from_left = acc > shifted
        row = np.where(from_left, acc - offs, row)
        hrow[from_left] = insertion
        best[at : at + size] = row
        how[i, j0 : j1 + 1] = hrow

    def cell(i: int, j: int) -> float:
        return float(best[(i + pad_i) * width + pad_j + j])

    if cell(n, m) == -np.inf:  # pragma: no cover - the band always reaches (n, m)
        raise RuntimeError("no alignment path inside the band")
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = (int(x) for x in moves[how[i, j]])
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), cell(i, j) - cell(i - a, j - b)))
        i, j = i - a, j - b
    beads.reverse()
    return beads


# --- files in, beads out (the ``pair`` command) ------------------------------------------


def read_sentences(
    path: str, *, split: bool = False, encoding: str | None = None, max_bytes: int | None = None
) -> list[str]:
    """The sentences of a file: one per line (line n is sentence n-1), or split with ``split``.

    Line mode keeps blank lines as (empty) sentences so bead indices stay line numbers, as
    Vecalign's format expects; a final line break adds no sentence.
    """
    from .read import DEFAULT_MAX_BYTES, read_file

    text = read_file(path, encoding=encoding, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    if not text.strip():  # a transcript may be empty (the "empty" check says so); a side of a pair may not
        from .errors import InputError

        raise InputError("empty file, no sentences to align", source="<stdin>" if path == "-" else path)
    if split:
        from .sentences import split_sentences

        return [text[s.start : s.end] for s in split_sentences(text)]
    return [line.strip() for line in text.removesuffix("\n").split("\n")]


_CJK = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef]")


def _join(sentences: Sequence[str]) -> str:
    """Sentences as one text: a space between them, none next to Chinese."""
    out = ""
    for s in sentences:
        if out and s and not (_CJK.match(out[-1]) or _CJK.match(s[0])):
            out += " "
        out += s
    return out


def render_beads(beads: Sequence[Bead], source: Sequence[str], target: Sequence[str], fmt: str) -> str:
    """``beads``: Vecalign's ``[0,1]:[0]`` lines; ``tsv``: source<TAB>target per bead (sides
    joined, empty for an insertion or deletion); ``tmx``: TMX 1.4 with the beads that have
    both sides; ``json``: a list of {source, target, score, source_text, target_text}."""
    if fmt == "beads":
        return "".join(f"{b}\n" for b in beads)
    texts = [(_join([source[i] for i in b.source]), _join([target[j] for j in b.target])) for b in beads]
    if fmt == "tsv":

        def clean(s: str) -> str:  # tabs and line breaks would break the row
            return " ".join(s.split())

        return "".join(f"{clean(s)}\t{clean(t)}\n" for s, t in texts)
    if fmt == "tmx":
        from .tmx import to_tmx

        lang = "zh" if _han_share(source) > 0.3 else "en"
        return to_tmx(texts, source_lang=lang, target_lang="en" if _han_share(target) <= 0.3 else "zh")
    if fmt == "json":
        import json

        rows = [
            {
                "source": list(b.source),
                "target": list(b.target),
                "score": round(b.score, 4),
                "source_text": s,
                "target_text": t,
            }
            for b, (s, t) in zip(beads, texts, strict=True)
        ]
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    from .render import PAIR_FORMATS

    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(PAIR_FORMATS)}")


def pair_files(
    source: str,
    target: str,
    *,
    source_mt: str | None = None,
    split: bool = False,
    fmt: str = "beads",
    encoding: str | None = None,
    max_bytes: int | None = None,
) -> str:
    """Read two files (and an optional MT of the source), align them, render as ``fmt``."""
    from .errors import InputError

    src = read_sentences(source, split=split, encoding=encoding, max_bytes=max_bytes)
    tgt = read_sentences(target, split=split, encoding=encoding, max_bytes=max_bytes)
    mt = None
    if source_mt is not None:
        if split:
            raise InputError(
                "--source-mt needs the source one sentence per line, matching it line by line; drop --split",
                source=source_mt,
            )
        mt = read_sentences(source_mt, encoding=encoding, max_bytes=max_bytes)
        if len(mt) != len(src):
            raise InputError(
                f"has {len(mt)} lines, the source {source} has {len(src)}; the MT must match it line by line",
                source=source_mt,
            )
    try:
        beads = align_texts(src, tgt, source_mt=mt)
    except ValueError as err:
        raise InputError(str(err), source=source) from None
    return render_beads(beads, src, tgt, fmt)
