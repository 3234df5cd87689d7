"""Per-sentence evidence used by detection: script share, pinyin, loops, labels.

Each function looks at one piece of text and says something measurable about it;
deciding kinds from this evidence over the whole sequence is ``detect``'s job.
"""

from __future__ import annotations

import operator
import re
import string
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import compress, count
from typing import NamedTuple, TypeVar

import regex

from .params import DETECT, SHARED, Detect
from .words import HAN as HAN
from .words import WordFrequencies as WordFrequencies
from .words import english_frequencies as english_frequencies

LETTER = regex.compile(r"[\p{L}\p{N}]")
LATIN_WORD = regex.compile(r"[\p{Latin}\p{N}]+")
LATIN_TOKEN = regex.compile(r"\b\p{Latin}[\p{Latin}'’]*\b")
"""A word of Latin letters with its apostrophes ("Jinshan", "company's"): what pinyin and
English words alike are made of."""
_LATIN_TOKEN_ASCII = re.compile(r"\b[A-Za-z][A-Za-z']*\b")
"""``LATIN_TOKEN`` on ASCII text, where Latin letters are A-Z and a-z (the standard
library's engine is faster; its word characters there are the same)."""


def latin_words(text: str) -> list[str]:
    """The words ``LATIN_TOKEN`` finds in ``text``, split in C where it is plain ASCII (most
    sentences and lines), else on the faster engine where it is ASCII.

    >>> latin_words("Jinshan Yun's 3rd cloud, Pīnyīn")
    ['Jinshan', "Yun's", 'cloud', 'Pīnyīn']
    """
    if not text.isascii():
        return LATIN_TOKEN.findall(text)
    raw = text.encode()
    if _plain_runs(raw.translate(_KINDS)):
        return raw.translate(_LATIN_BYTES).decode().split()
    return _LATIN_TOKEN_ASCII.findall(text)


def _byte_table(*classes: tuple[str, str]) -> bytes:
    """A ``bytes.translate`` table: each character of a class becomes the class's mark (stays
    itself where the mark is empty), every other byte a space."""
    table = bytearray(b" " * 256)
    for chars, mark in classes:
        for c in chars:
            table[ord(c)] = ord(mark or c)
    return bytes(table)


_LATIN_BYTES = _byte_table((string.ascii_letters + "'", ""))
"""Letters and apostrophes kept, the rest blanked: the runs that ``LATIN_TOKEN`` and
``_LITERAL_WORD`` find their words in, on ASCII text."""
_KINDS = _byte_table((string.ascii_letters, "a"), (string.digits + "_", "0"), ("'", ""))
"""What each byte of ASCII text is: ``a`` a letter, ``0`` a digit or underscore (a word
character, to ``\\b``, that is no letter), ``'`` an apostrophe, a space anything else."""


_M = TypeVar("_M", re.Match[str], regex.Match[str])


def matches_at(match: Callable[[str, int], _M | None], text: str, starts: Iterable[int]) -> Iterator[_M]:
    """What ``finditer`` of a pattern finds in ``text``, where every match starts at one of
    ``starts`` (ascending) and none is empty: ``match`` (the pattern's) tried there alone, not
    at every character. As with ``finditer``, a match starts where the last one ended, or later.

    >>> [m.group() for m in matches_at(re.compile(r"a+").match, "aa a", [0, 1, 3])]
    ['aa', 'a']
    """
    end = 0
    for start in starts:
        if start >= end and (m := match(text, start)) is not None:
            end = m.end()
            yield m


_LOWER_BYTES = _byte_table((string.ascii_lowercase, ""))
"""Lower-case letters kept, the rest blanked."""


def lower_words(low: str) -> list[bytes]:
    """The runs of letters of ``low`` (lower-case ASCII text), split apart in C."""
    return low.encode().translate(_LOWER_BYTES).split()


class Clues(NamedTuple):
    """What a slow pattern needs in ASCII text, in lower case: each of its alternatives has
    one of these words, standing alone (a space, ``\\b`` or an end of the text on either
    side, so that ``lower_words`` finds it), one of these phrases, or one of these openings.
    Where a sentence has none, the pattern cannot match and need not be tried."""

    words: frozenset[bytes]
    phrases: tuple[str, ...]
    openings: tuple[str, ...]

    def seen(self, low: str) -> bool:
        """Whether ASCII text that reads ``low`` in lower case has a clue."""
        return (
            low.startswith(self.openings)
            or any(map(low.__contains__, self.phrases))
            or (bool(self.words) and not self.words.isdisjoint(lower_words(low)))
        )


def _plain_runs(kinds: bytes) -> bool:
    """Whether every run of letters and apostrophes in a text (``kinds``: its ``_KINDS``)
    begins and ends with a letter and touches no digit or underscore. Then each run is one
    word of ``LATIN_TOKEN``: word boundaries stand at both its ends, the pattern's
    backtracking never cuts it short, and it begins where ``_LITERAL_WORD``'s words do."""
    if b"a0" in kinds or b"0a" in kinds:
        return False
    if b"'" not in kinds:
        return True
    edges = (b" '", b"' ", b"0'", b"'0")
    return not (any(map(kinds.__contains__, edges)) or kinds.startswith(b"'") or kinds.endswith(b"'"))


PLACEHOLDER = regex.compile(
    r"[\[(](?=[^\])\n]{1,60}[\])])[^\])\n]*?"
    r"(?:\bforeign\b|\bnon[- ]?english\b|\b(?:chinese|mandarin|cantonese|putonghua)\b(?! (?:name|word|term)s?\b)"
    r"|\buntranscribed\b|\binaudible foreign\b)[^\])\n]*[\])]",
    regex.IGNORECASE,
)
"""A vendor's stand-in for speech it did not transcribe, in any bracket, casing or
spelling of the rest: "[Non-English content]", "(Foreign Language)", "[Foreign laguage]",
"(speaking foreign language)", "[Speaking in Chinese]". One word decides (foreign,
non-English, a Chinese language, untranscribed), not a list of whole spellings."""
INTERPRETED_TAG = regex.compile(
    r"^\s*[\[(]\s*(?:interpreted|interpretation|translated|translation)\s*[\])]", regex.IGNORECASE
)
"""A vendor's tag that marks what follows as the interpreter's English ("[Interpreted]")."""
INTERPRETER_NAME = regex.compile(r"translat|interpret", regex.IGNORECASE)
"""A speaker label that names the interpreter ("Translator", "Unidentified Interpreter")."""
FILLERS = frozenset("uh um er ah eh hmm mm uhm erm en 嗯 呃 啊 额".split())


def lower_in_place(text: str) -> str:
    """``text`` in lower case, with the same length, so that offsets carry over.

    A few letters grow when lower-cased ("İ" -> "i̇"); those stay as they are.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def han_share(text: str) -> float:
    """Share of Chinese characters among the words of ``text``.

    Each Chinese character counts as a word and each Latin word as one, so a Chinese
    sentence with a name or a model number in it ("谢谢 Charles") stays Chinese.
    """
    if text.isascii():
        return 0.0
    han = len(HAN.findall(text))
    if not han:
        return 0.0
    latin = len(LATIN_WORD.findall(text))
    return han / (han + latin) if han + latin else 0.0


def is_placeholder(text: str, *, max_other_words: int = 0) -> bool:
    """True for a sentence that only stands for untranscribed Chinese speech (beside at
    most ``max_other_words`` words, such as the name it greets: "Vicky, [Foreign language].")."""
    if "[" not in text and "(" not in text:  # a placeholder opens with a bracket
        return False
    m = PLACEHOLDER.search(text)
    return m is not None and len(LATIN_WORD.findall(text[: m.start()] + text[m.end() :])) <= max_other_words


def is_lost_speech(text: str, *, min_marks: int = 10, min_share: float = 0.6) -> bool:
    """A run where the vendor lost the speech's characters ("????AI????15%????"): at least
    ``min_marks`` question marks, ``min_share`` of the visible characters, with stray digits
    or Latin words that survived; or a run of nothing but three question marks or more
    ("????????": no one says that).

    >>> is_lost_speech("?????????AI?????15%??????"), is_lost_speech("Why? What? How? Who?")
    (True, False)
    >>> is_lost_speech("????????"), is_lost_speech("??")
    (True, False)
    """
    marks = text.count("?") + text.count("？")
    if marks < min(3, min_marks):
        return False  # most lines: no run of marks at all, and nothing more to count
    visible = sum(1 for c in text if not c.isspace())
    return marks == visible or (marks >= min_marks and marks >= min_share * visible)


_TOKEN = regex.compile(r"\p{Han}|[\p{L}\p{N}'’]+|\?")
"""Words, and Chinese characters one by one (Chinese has no spaces: "对对对对" is a loop)."""
_TOKEN_ASCII = re.compile(r"[A-Za-z0-9']+|\?")
"""``_TOKEN`` on ASCII text (the standard library's engine is faster)."""
_TOKEN_BYTES = _byte_table((string.ascii_letters + string.digits + "'?", ""))


def _ascii_tokens(text: str) -> list[str]:
    """``_TOKEN_ASCII.findall(text)`` on ASCII text, split in C: each question mark set apart,
    every byte no token holds blanked."""
    return text.replace("?", " ? ").encode().translate(_TOKEN_BYTES).decode().split()


_QUESTION_RUN = regex.compile(r"\?{3,}(?:\s*\?+)*")


def noise_runs(text: str, *, min_repeats: int = 4) -> list[tuple[int, int]]:
    """Spans (offsets into ``text``) of hallucinated loops and filler runs.

    A loop is an n-gram (n <= 6) repeated back to back ``min_repeats`` times or more
    (three times for n >= 2, or before a filler run); a filler run is two or more fillers
    in a row ("uh, uh");
    ``???`` runs count too. Linear in the length of the text.
    """
    spans = _question_runs(text)
    if text.isascii():  # lower case changes no token: the pre-test's words are the words
        words = _ascii_tokens(text.lower())
        starts = _loop_starts(words)
        if not starts and not _filler_pair(words):
            return spans
    else:
        if not _may_loop(text):
            return spans
        words = list(map(str.lower, _TOKEN.findall(text)))
        starts = _loop_starts(words)
    return _scan(text, words, starts, spans, min_repeats)


def noise_runs_many(texts: Sequence[str], *, min_repeats: int = 4) -> list[list[tuple[int, int]]]:
    """:func:`noise_runs` of each text, the pre-test of them all at once (the lines of a
    transcript: most have no loop and no filler run)."""
    import numpy as np  # imported with align anyway; not with the package

    out: list[list[tuple[int, int]]] = [[] for _ in texts]
    at: list[tuple[int, int, list[str]]] = []  # (text, where its words begin, its words)
    ids: list[int] = []
    number: dict[str, int] = {}
    for k, text in enumerate(texts):
        # The pre-test's words: those of the text in lower case (``_may_loop``), which on
        # ASCII text are the words themselves.
        words = _ascii_tokens(text.lower()) if text.isascii() else _TOKEN.findall(text.lower())
        if words:
            at.append((k, len(ids), words))
            ids.extend(map(number.setdefault, words, count(len(ids))))  # a word: where it first stood
            ids.extend(_APART)
    # Loop starts and filler pairs of every text at once: the texts stand far enough apart
    # (numbers no word has) that no n-gram runs from one into the next.
    code = np.array(ids, dtype=np.int64)
    found = []
    for n in range(1, 7):
        same = code[:-n] == code[n:]  # word i == word i + n
        found.append(np.flatnonzero(same[:-n] & same[n:]))
    starts = sorted(set(np.concatenate(found).tolist()))  # np.unique would import numpy.ma: 7 ms of a cold command
    filler = np.array([number.get(w, -1) for w in FILLERS], dtype=np.int64)
    is_filler = np.isin(code, filler[filler >= 0])
    pairs = np.flatnonzero(is_filler[:-1] & is_filler[1:]).tolist()
    for k, a, words in at:
        text = texts[k]
        spans = _question_runs(text)
        b = a + len(words)
        lo, hi = bisect_left(starts, a), bisect_left(starts, b)
        if lo == hi and bisect_left(pairs, a) == bisect_left(pairs, b):
            out[k] = spans  # no loop start and no filler pair: what noise_runs returns without a scan
        else:
            loop_at = {i - a for i in starts[lo:hi]}
            if not text.isascii():
                # The scan reads the text's own words, each lower-cased; where lower case
                # changed no token, they are the pre-test's, whose loop starts are known.
                real = list(map(str.lower, _TOKEN.findall(text)))
                if real != words:
                    words, loop_at = real, _loop_starts(real)
            out[k] = _scan(text, words, loop_at, spans, min_repeats)
    return out


def _question_runs(text: str) -> list[tuple[int, int]]:
    """The spans of ``_QUESTION_RUN`` in ``text`` (none without three marks in a row)."""
    if "???" not in text:
        return []
    return [m.span() for m in _QUESTION_RUN.finditer(text)]


_APART = tuple(range(-1, -14, -1))
"""Thirteen numbers no word has: what keeps texts apart in one list of word numbers."""


def _scan(
    text: str, words: list[str], starts: set[int], spans: list[tuple[int, int]], min_repeats: int
) -> list[tuple[int, int]]:
    """The loops and filler runs among ``words`` (the lower-cased tokens of ``text``), given
    where a loop may start; ``spans`` holds the runs found so far."""
    bounds: list[tuple[int, int]] = []  # where each token starts and ends, read when a run is found
    count = len(words)
    # Only where a loop may start (a word repeated n and 2n words later) or a filler stands
    # is there anything to find; elsewhere the scan moves on by one word.
    stops = sorted(starts.union(compress(range(count), map(FILLERS.__contains__, words))))
    i = 0
    while i < count:
        k = bisect_left(stops, i)
        if k == len(stops):
            break
        i = stops[k]
        best_end = i
        for n in range(1, 7):
            # Cheap test first: a loop of period n repeats its first word n and 2n later.
            if i + 2 * n >= count or not (words[i] == words[i + n] == words[i + 2 * n]):
                continue
            if all(w.isdigit() for w in words[i : i + n]):
                continue  # digits said one by one ("9 9 9 . 9") are a number, not a loop
            reps, j = 1, i + n
            while j + n <= count and words[j : j + n] == words[i : i + n]:
                reps += 1
                j += n
            needed = min_repeats if n == 1 else max(3, min_repeats - 1)
            # A shorter loop that runs into fillers is the same hallucination ("China China China uh, uh").
            into_fillers = j + 1 < count and words[j] in FILLERS and words[j + 1] in FILLERS
            if reps >= needed or (reps >= 3 and into_fillers):
                best_end = j - 1
                break  # the shortest period covers the loop
        if best_end > i:
            bounds = bounds or _token_bounds(text)
            spans.append((bounds[i][0], bounds[best_end][1]))
            i = best_end + 1
            continue
        if words[i] in FILLERS:
            j = i
            while j + 1 < count and words[j + 1] in FILLERS:
                j += 1
            if j > i:
                bounds = bounds or _token_bounds(text)
                spans.append((bounds[i][0], _extend_punct(text, bounds[j][1])))
                i = j + 1
                continue
        i += 1
    return merge_spans(spans)


def _token_bounds(text: str) -> list[tuple[int, int]]:
    """Where each ``_TOKEN`` of ``text`` starts and ends, on the faster engine where it is ASCII."""
    return [m.span() for m in (_TOKEN_ASCII if text.isascii() else _TOKEN).finditer(text)]


def is_filler_run(text: str) -> bool:
    """True for a run of fillers and punctuation only ("uh, uh, um,"), no repeated word.

    >>> is_filler_run("uh, uh, uh,"), is_filler_run("China China China")
    (True, False)
    """
    words = _TOKEN.findall(text.lower())
    return bool(words) and all(w in FILLERS for w in words)


def _may_loop(text: str) -> bool:
    """Cheap pre-test: a word repeated n and 2n words later, or two fillers in a row.

    The comparisons run in C (``map`` with ``operator`` functions), not word by word.
    """
    words = _TOKEN.findall(text.lower())
    fillers = list(map(FILLERS.__contains__, words))
    if any(map(operator.and_, fillers, fillers[1:])):
        return True
    for n in range(1, 7):
        same = list(map(operator.eq, words, words[n:]))  # word i == word i + n
        if any(map(operator.and_, same, same[n:])):
            return True
    return False


def _loop_starts(words: Sequence[object]) -> set[int]:
    """Where a word is repeated n and 2n words later (n <= 6): where a loop may start."""
    out: set[int] = set()
    for n in range(1, 7):
        same = list(map(operator.eq, words, words[n:]))  # word i == word i + n
        out.update(compress(range(len(same)), map(operator.and_, same, same[n:])))
    return out


def _filler_pair(words: list[str]) -> bool:
    """Two fillers in a row."""
    fillers = list(map(FILLERS.__contains__, words))
    return any(map(operator.and_, fillers, fillers[1:]))


def _extend_punct(text: str, end: int) -> int:
    while end < len(text) and text[end] in ",，、":
        end += 1
    return end


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching (start, end) spans merged, in order."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


@lru_cache(maxsize=1)
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, from pypinyin's dictionary (not a hand list): the
    package's data file, built by ``scripts/build_pinyin_syllables.py`` (computing it at run
    time costs a cold command a second)."""
    return _data_lines("pinyin_syllables.txt")


@lru_cache(maxsize=4096)
def pinyin_split(word: str) -> tuple[str, ...] | None:
    """Split a lower-case word into pinyin syllables, fewest first, or None.

    None for words over 100 letters: no name is that long, and the search is quadratic.
    """
    syl = pinyin_syllables()
    n = len(word)
    if n > 100:
        return None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if word[i:j] in syl:
                cand = best[i] + (word[i:j],)  # type: ignore[operator]
                if best[j] is None or len(cand) < len(best[j]):  # type: ignore[arg-type]
                    best[j] = cand
    return best[n]


_LOANWORDS = frozenset("renminbi yuan pinyin putonghua mahjong kungfu taichi fengshui guanxi hukou hutong".split())
"""Romanised Chinese that English has taken in: ordinary words in an English transcript."""
_ENGLISH_ENDING = regex.compile(r"(?:ing|ed|ize|ise|ute|ate|tion|ly|ment|ness|ia|ous|ive|able|ible)$")


def is_pinyin_word(word: str, freq: Mapping[str, float] | None = None) -> bool:
    """A romanised Chinese word such as "Jinshan", "Gongyouyun" or "Zhenwu", not English.

    It must split into pinyin syllables, not be an acronym, and not be an English word:
    common in English, or attested in English with an English ending ("piloting").
    """
    if freq is None or freq is english_frequencies():
        return _is_pinyin_word(word)
    return _pinyin_word_test(word, freq)


@lru_cache(maxsize=65536)
def _is_pinyin_word(word: str) -> bool:
    return _pinyin_word_test(word, english_frequencies())


def _pinyin_word_test(word: str, freq: Mapping[str, float]) -> bool:
    if word.isupper() and len(word) > 1:
        return False
    w = word.lower().replace("'", "").replace("’", "")
    if len(w) < 3 or not w.isascii() or not w.isalpha() or w in _LOANWORDS:
        return False
    f = freq.get(w, 0.0)
    if f > SHARED.english_word_frequency or (f > SHARED.attested_word_frequency and _ENGLISH_ENDING.search(w)):
        return False
    return pinyin_split(w) is not None


FUNCTION_WORDS = frozenset(
    """a an the this that these those of in on at to for from with by about as into onto over under after before
    between through during without within upon i you he she it we they me him her us them my your his its our their
    is are was were be been being am do does did have has had will would shall should can could may might must
    and or but so if because than then when while although though since unless whether not no nor there here
    what which who whom whose where why how all any each every some such""".split()
)
"""English's closed-class words (articles, pronouns, prepositions, auxiliaries,
conjunctions): grammar, which a word-by-word machine rendering of Chinese mostly lacks."""
_LITERAL_WORD = regex.compile(r"\p{Latin}[\p{Latin}'’]*")
_LITERAL_WORD_ASCII = re.compile(r"[A-Za-z][A-Za-z']*")
"""``_LITERAL_WORD`` on ASCII text (the standard library's engine is faster)."""


def literalness(sentence: str, params: Detect = DETECT) -> float:
    """How much ``sentence`` reads as word-by-word machine English of Chinese, in [-3, 3].

    A rendering word by word keeps Chinese grammar: few English function words and almost
    no inflection ("He walk reach doorway, that person walk come."), where fluent English,
    native or interpreted, has about 40-50% function words and some -ed/-ing forms. The
    score is the function-word shortfall plus the inflection shortfall, each against fluent
    English (``params.Detect``), 0 for sentences too short to tell. Read it only against a
    neighbour's: financial English is terse too, so the evidence is the difference.

    >>> literalness("He walk reach doorway, that man walk come, sit table side, eat food.") > 1
    True
    >>> literalness("He walked to the door and sat down at the table beside her.") < 0
    True
    """
    if sentence.isascii():  # lower case changes no word's extent there: one call lowers them all
        low = sentence.lower()
        runs = low.encode().translate(_LATIN_BYTES)
        if b" '" in runs or runs.startswith(b"'"):  # a run led by an apostrophe: its word begins after it
            lowered = _LITERAL_WORD_ASCII.findall(low)
        else:  # each run of letters and apostrophes is a word, split in C
            lowered = runs.decode().split()
    else:
        lowered = list(map(str.lower, _LITERAL_WORD.findall(sentence)))
    if len(lowered) < params.literal_min_words:
        return 0.0
    function = sum(map(FUNCTION_WORDS.__contains__, lowered)) / len(lowered)
    inflected = sum(map(_inflected, lowered)) / len(lowered)
    score = (params.fluent_function_share - function) / params.function_share_scale
    score += (params.fluent_inflection_share - inflected) / params.inflection_share_scale
    return float(max(-params.literal_clip, min(params.literal_clip, score)))


@lru_cache(maxsize=65536)
def _inflected(word: str) -> bool:
    """An -ed or -ing form (as ``literalness`` counts them), of a lower-case word."""
    return len(word) > 4 and (word.endswith(("ed", "ing")))


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Romanised Chinese place names ("taiyuan", "hefei"), from CC-CEDICT (built by
    ``scripts/build_place_names.py`` into the package's data folder): native English says
    them as they are, so they are no sign of a machine rendering."""
    return _data_lines("place_names.txt")


def _data_lines(name: str) -> frozenset[str]:
    """The lines of a file in the package's data folder, ``#`` comments left out."""
    from importlib.resources import files

    text = files("bitranscript").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
