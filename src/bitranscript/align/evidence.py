"""What the alignment reads off the units before its search: per-unit arrays, their running
totals, and the call-level evidence of machine English.

Everything here is computed once per transcript in linear time; the bead score
(``bead.py``) and the search (``dp.py``) only index into it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

import numpy as np
import regex

from ..features import _LITERAL_WORD, FUNCTION_WORDS, HAN, INTERPRETER_NAME, Clues, english_frequencies
from ..model import Unit
from ..params import DETECT, SHARED
from ..params import Align as AlignParams
from ..params import Detect as DetectParams
from ..similarity import UnitMatches, content_tokens, join_romanised_names, tokens

TURN_OPENER = regex.compile(
    r"^(?:(?:hello|hi|good (?:morning|afternoon|evening|day)|yes|yeah|sure|okay|ok)\b"
    r"|(?:[\p{L}'’]+[,.!]?\s+){0,3}?(?:thank you|thanks)\b(?! to\b))",
    regex.IGNORECASE,
)
"""How a new turn opens where no speaker label marks it: a greeting, a yes, or thanks in
its first few words ("Thanks, ...", "Great, thank you. ..."; not "Thanks to ...")."""
ASKS = regex.compile(r"[?？][\s\"'”’)\]]*$")
"""A sentence that asks: it ends with a question mark (closing quotes or brackets after it)."""
REPORTS_A_QUESTION = regex.compile(
    r"\b(?:questions?|ask(?:s|ed|ing)?|whether|wonder(?:s|ed|ing)?|(?:wants?|wanted|like) to know|curious)\b",
    regex.IGNORECASE,
)
"""A sentence that reports a question ("Her question is about ...", "... and whether ..."):
how an interpreter renders one, besides asking it again."""


_OPENER_CLUES = Clues(frozenset(), ("thank",), ("hello", "hi", "good ", "yes", "yeah", "sure", "ok"))
"""What a sentence that ``TURN_OPENER`` matches holds: thanks, or one of its opening words."""
_REPORT_CLUES = Clues(frozenset(), ("quest", "ask", "whether", "wonder", "know", "curious"), ())
"""What a sentence that ``REPORTS_A_QUESTION`` finds something in holds."""


def _opens_turn(sentence: str) -> bool:
    """``TURN_OPENER.match`` of a sentence, tried on an ASCII one only where it has a clue
    of it (most sentences have none; the clues are cheaper than the pattern)."""
    if sentence.isascii() and not _OPENER_CLUES.seen(sentence.lower()):
        return False
    return bool(TURN_OPENER.match(sentence))


def _reports(sentence: str) -> bool:
    """``REPORTS_A_QUESTION`` of a sentence, searched in an ASCII one only where it has a
    clue of it (few sentences report a question)."""
    if sentence.isascii() and not _REPORT_CLUES.seen(sentence.lower()):
        return False
    return bool(REPORTS_A_QUESTION.search(sentence))


def _asks(sentence: str) -> bool:
    """``ASKS`` of a sentence, its question marks looked for first (few sentences ask)."""
    return ("?" in sentence or "？" in sentence) and bool(ASKS.search(sentence))


def cumulative(a: np.ndarray) -> np.ndarray:
    """Running totals with a leading 0: the sum over units [x, y) is ``c[y] - c[x]``."""
    return np.concatenate([[0.0], np.cumsum(a, dtype=float)])


@dataclass(frozen=True)
class Evidence:
    """Per-unit evidence (arrays of length n) and running totals (length n + 1, prefixed
    ``c_``) for the units of one transcript."""

    n: int
    lines: np.ndarray
    free: np.ndarray
    """English whose kind is open (``Unit.fixed`` is None)."""
    chinese: np.ndarray
    noise: np.ndarray
    framing: np.ndarray
    """A remark that a rendering of what was just said follows (an announcement of how the
    call will go is none)."""
    thanks: np.ndarray
    c_own: np.ndarray
    """Running count of remarks that the speaker renders their own words (``Unit.own_words``)."""
    turns: np.ndarray
    """The speaker turn of each unit (``Unit.turn``)."""
    interpreter_named: np.ndarray
    """The unit's speaker label names the interpreter (not only a tag in someone's turn)."""
    interp: np.ndarray
    """English a vendor tag or an interpreter's label gives to the interpreter."""
    source_ok: np.ndarray
    target_ok: np.ndarray
    opens: np.ndarray
    """A block may start here (a paragraph start, or after a fixed unit)."""
    closes: np.ndarray
    """A block may end before index i (length n + 1)."""
    src_from: np.ndarray
    """Where the run of possible source units that ends at i starts."""
    tgt_to: np.ndarray
    """Where the run of possible target units that starts at i ends."""
    para_start: np.ndarray
    """First unit of each unit's line."""
    c_para: np.ndarray
    """Running count of units that open a line (``cumulative``): the paragraphs a block spans."""
    fluent_speaker: np.ndarray
    """The unit's speaker (by label) shows no sign of speaking Chinese anywhere in the call."""
    has_labels: bool
    english_originals: bool
    """The call shows machine English somewhere (``machine_english``)."""
    c_words: np.ndarray
    c_han: np.ndarray
    c_garble: np.ndarray
    c_free: np.ndarray
    c_len: np.ndarray
    """Content words (``similarity.UnitMatches.length``)."""
    c_bg: np.ndarray
    """Background overlap times content words."""
    c_lit: np.ndarray
    """Literalness times content words."""
    c_lit_len: np.ndarray
    """Content words of word-by-word sentences."""
    literal_call: bool
    """The call's paragraphs read word by word often enough for the pooled literalness of
    its blocks to be read (``reads_word_by_word_pooled``)."""
    c_lw: np.ndarray
    """Words of open English (``features.literalness`` counts them: the block's pooled
    literalness is read from these three totals)."""
    c_lf: np.ndarray
    """... of them, function words ..."""
    c_li: np.ndarray
    """... and -ed/-ing forms."""
    c_turn: np.ndarray
    """New turns opened without a label."""
    asks: np.ndarray
    """Open English that asks a question (``ASKS``)."""
    turn_open: np.ndarray
    """Open English opening a paragraph with thanks, a greeting or a yes (``TURN_OPENER``)."""
    c_asks: np.ndarray
    """Open English that asks a question (running total of ``asks``)."""
    c_question: np.ndarray
    """Open English that asks or reports a question (thanks for one does neither)."""
    c_inner: np.ndarray
    """Evidence that a paragraph renders the one before it."""
    same_line_threshold: float = 0.2
    """The overlap a cut inside a paragraph needs in this call (``split_threshold``)."""


def gather(text: str, units: Sequence[Unit], params: AlignParams) -> tuple[Evidence, UnitMatches, list[list[str]]]:
    """The evidence of ``units``, the ordered-match index of their English, and its bags."""
    n = len(units)
    freq = english_frequencies()
    said = [text[u.start : u.end] for u in units]  # each unit's text, cut once for every test below
    words = [
        unit_words(s, freq) if u.fixed in (None, "native") else ([], (0, 0, 0))
        for s, u in zip(said, units, strict=True)
    ]
    english = [stems for stems, _ in words]
    bags = [bag if u.fixed is None else [] for bag, u in zip(english, units, strict=True)]
    matches = UnitMatches(bags, document=english)
    free = np.array([u.fixed is None for u in units], dtype=bool)
    chinese = np.array([u.fixed == "chinese" for u in units], dtype=bool)
    noise = np.array([u.fixed == "noise" for u in units], dtype=bool)
    # English in a turn the vendor or a label gives to the interpreter is a rendering:
    # never an original, never native.
    interp = np.array([u.interpreter_turn and u.fixed is None for u in units], dtype=bool)
    source_ok = (free & ~interp) | chinese | noise
    target_ok = free | noise
    literal = np.array([u.literal for u in units])
    # How alike each unit's paragraph is to the paragraphs around it (not its neighbours):
    # the call's own background, against which a bead's overlap must stand out.
    background, standout, resaid = background_overlap(matches, units, params)
    ok_source, ok_target = source_ok.tolist(), target_ok.tolist()
    from_list = list(range(n))
    for i in range(1, n):
        if ok_source[i - 1] and ok_source[i]:
            from_list[i] = from_list[i - 1]
    to_list = list(range(1, n + 1))
    for i in range(n - 2, -1, -1):
        if ok_target[i] and ok_target[i + 1]:
            to_list[i] = to_list[i + 1]
    src_from, tgt_to = np.array(from_list, dtype=int), np.array(to_list, dtype=int)
    line_of = [u.line for u in units]
    lines = np.array(line_of)
    is_chinese = chinese.tolist()
    # Blocks begin and end where paragraphs do (or at a label, a framing remark, noise):
    # an interpreter renders a whole remark, and the switch is the only cut inside a line.
    # A greeting before Chinese or a placeholder stands outside it ("Hi Paul. [Foreign language]").
    # The rest of a sentence after fillers carved out of it stays with the sentence.
    opens = np.array(
        [
            not units[i].continues
            and (
                i == 0
                or line_of[i - 1] != line_of[i]
                or units[i - 1].fixed is not None
                or (
                    is_chinese[i]
                    and (i < 2 or line_of[i - 2] != line_of[i])
                    and is_courtesy(units[i - 1], text, params)
                )
            )
            for i in range(n)
        ]
        + [False]
    )
    closes = np.array(
        [False]
        + [
            i == n or (not units[i].continues and (line_of[i] != line_of[i - 1] or units[i].fixed is not None))
            for i in range(1, n + 1)
        ]
    )
    # Without speaker labels, a paragraph opening with thanks or a greeting is a new turn:
    # neither block of a bead runs across one (a looped "Thank you." is noise, no turn).
    is_free = free.tolist()
    turn_open = np.array(
        [bool(o and f and _opens_turn(s)) for o, f, s in zip(opens[:n].tolist(), is_free, said, strict=True)],
        dtype=bool,
    )
    thanks = np.array([u.thanks for u in units], dtype=bool)
    asks = np.array([bool(f and _asks(s)) for f, s in zip(is_free, said, strict=True)], dtype=bool)
    reports = np.array([f and _reports(s) for f, s in zip(is_free, said, strict=True)], dtype=bool)
    starts = [0] * n
    for i in range(1, n):
        starts[i] = starts[i - 1] if line_of[i] == line_of[i - 1] else i
    para_start = np.array(starts, dtype=int)
    # Two neighbouring paragraphs that look like an original and its rendering should not
    # both end up on one side of a bead (O1 I1 O2 | I2 is two beads, not one).
    inner = np.maximum(0.0, paragraph_pair_evidence(matches, units, lines, params) - params.inner_pair_threshold)
    counts = np.array(
        [c if u.fixed is None else (0, 0, 0) for (_, c), u in zip(words, units, strict=True)], dtype=float
    )
    counts = counts.reshape(n, 3)
    # Paragraphs that read word by word, pooled: machine English even where no sentence is
    # long enough to read alone.
    literal_call = paragraphs_word_by_word(units, lines, counts, params)
    english_originals = (
        machine_english(units, standout, params)
        or literal_call
        or rendered_english_turns(units, matches, params, background) >= params.min_doc_evidence
    )
    # A remark about the translation in a paragraph that tells how the call will go is part
    # of that arrangement ("... followed by an interpretation. The interpretation is provided
    # for convenience only."), not word that a rendering follows.
    announcing = {u.line for u in units if u.announces}
    evidence = Evidence(
        n=n,
        lines=lines,
        free=free,
        chinese=chinese,
        noise=noise,
        framing=np.array([u.framing and u.line not in announcing for u in units], dtype=bool),
        thanks=thanks,
        c_own=cumulative(np.array([u.own_words for u in units], dtype=float)),
        turns=np.array([u.turn for u in units], dtype=int),
        interpreter_named=np.array([bool(u.speaker and INTERPRETER_NAME.search(u.speaker)) for u in units], dtype=bool),
        interp=interp,
        source_ok=source_ok,
        target_ok=target_ok,
        opens=opens,
        closes=closes,
        src_from=src_from,
        tgt_to=tgt_to,
        para_start=para_start,
        c_para=cumulative((para_start == np.arange(n)).astype(float)),
        fluent_speaker=fluent_speakers(units, params, resaid),
        has_labels=any(u.is_label for u in units),
        english_originals=english_originals,
        c_words=cumulative(np.array([_english_words(text, u) for u in units], dtype=float)),
        c_han=cumulative(np.array([_han_count(text, u) for u in units], dtype=float)),
        c_garble=cumulative(np.array([u.garble for u in units])),
        c_free=cumulative(free),
        c_len=cumulative(matches.length),
        c_bg=cumulative(background * matches.length),
        c_lit=cumulative(literal * matches.length),
        c_lit_len=cumulative((literal >= params.literal_sentence) * matches.length),
        literal_call=literal_call,
        c_lw=cumulative(counts[:, 0]),
        c_lf=cumulative(counts[:, 1]),
        c_li=cumulative(counts[:, 2]),
        c_turn=np.concatenate([[0], np.cumsum(turn_open)]),
        asks=asks,
        c_asks=cumulative(asks),
        turn_open=turn_open,
        c_question=cumulative(asks | (reports & ~thanks)),
        c_inner=cumulative(inner),
        same_line_threshold=split_threshold(matches, lines, free, params)
        if english_originals
        else params.same_line_threshold,
    )
    return evidence, matches, bags


def word_counts(sentence: str) -> tuple[int, int, int]:
    """Words, function words and -ed/-ing forms of a sentence, as ``features.literalness``
    counts them: summed over a block, they give the block's literalness pooled over all its
    words, short sentences included (``pooled_literalness``)."""
    # Names and titles ("Olivia Guo, our Chief Financial Officer") are neither function words
    # nor inflected in any register: only lower-case words (and the first) are counted.
    found = _LITERAL_WORD.findall(sentence)
    words = [w.lower() for k, w in enumerate(found) if k == 0 or not w[0].isupper()]
    function = sum(w in FUNCTION_WORDS for w in words)
    inflected = sum(len(w) > 4 and (w.endswith(("ed", "ing"))) for w in words)
    return len(words), function, inflected


_WORD_INFO: dict[tuple[int, float], dict[str, tuple[str | None, bool, bool, bool, bool]]] = {}
"""Per word-frequency table and stop-word bar: what each token says, once (``unit_words``)."""


def unit_words(sentence: str, freq: Mapping[str, float]) -> tuple[list[str], tuple[int, int, int]]:
    """``(similarity.content_tokens(sentence, freq), word_counts(sentence))`` from one pass
    over the sentence's tokens, each token's reading kept for the next sentence.

    ``content_tokens``' tokens are numbers and the words ``word_counts`` counts."""
    if freq is not english_frequencies() or join_romanised_names(sentence) != sentence:
        # A table that may not live long (no memo), or a hyphenated name (its stem joins
        # two tokens, its words stay two).
        return content_tokens(sentence, freq), word_counts(sentence)
    key = (id(freq), SHARED.stop_word_frequency)
    memo = _WORD_INFO.get(key)
    if memo is None or len(memo) > 500_000:
        memo = _WORD_INFO[key] = {}
    stems: list[str] = []
    n = function = inflected = 0
    first = True
    for tok in tokens(sentence):
        info = memo.get(tok)
        if info is None:
            info = memo[tok] = _token_info(tok, freq)
        stem, word, capital, func, infl = info
        if stem is not None:
            stems.append(stem)
        if word:
            if first or not capital:
                n += 1
                function += func
                inflected += infl
            first = False
    return stems, (n, function, inflected)


def _token_info(tok: str, freq: Mapping[str, float]) -> tuple[str | None, bool, bool, bool, bool]:
    """A token's content stem (``content_tokens``: None if it has none), and whether it is a
    word, capitalised, a function word, an -ed/-ing form (``word_counts``)."""
    stems = content_tokens(tok, freq)
    stem = stems[0] if stems else None
    if tok[0].isdigit():
        return stem, False, False, False, False
    low = tok.lower()
    return (
        stem,
        True,
        tok[0].isupper(),
        low in FUNCTION_WORDS,
        len(low) > 4 and (low.endswith(("ed", "ing"))),
    )


def pooled_literalness(
    words: np.ndarray, function: np.ndarray, inflected: np.ndarray, detect: DetectParams, min_words: int
) -> np.ndarray:
    """Literalness of blocks from their summed word counts (the shortfall of function words
    and of inflection against fluent English, as ``features.literalness`` scores one
    sentence), 0 where a block has fewer than ``min_words`` words.

    A word-by-word rendering of Chinese is told apart by its paragraph more surely than by
    any one sentence: its short sentences ("I speak you originally exactly right.") say
    little alone, but together they lack the function words and inflections of fluent
    English.
    """
    w = np.maximum(words, 1.0)
    score = (detect.fluent_function_share - function / w) / detect.function_share_scale
    score = score + (detect.fluent_inflection_share - inflected / w) / detect.inflection_share_scale
    score = np.clip(score, -detect.literal_clip, detect.literal_clip)
    return np.where(words >= min_words, score, 0.0)


def block_literalness(ev: Evidence, lo: np.ndarray | int, hi: np.ndarray | int, min_words: int) -> np.ndarray:
    """Pooled literalness of the blocks ``[lo, hi)`` (``pooled_literalness``)."""
    return pooled_literalness(
        ev.c_lw[hi] - ev.c_lw[lo], ev.c_lf[hi] - ev.c_lf[lo], ev.c_li[hi] - ev.c_li[lo], DETECT, min_words
    )


def paragraphs_word_by_word(units: Sequence[Unit], lines: np.ndarray, counts: np.ndarray, params: AlignParams) -> bool:
    """Whether enough of the call's paragraphs (its open English outside the interpreter's
    turns, pooled by line) read word by word: ``min_doc_literal_paragraphs`` of them at least, making
    up ``min_doc_literal_paragraph_share`` of those long enough to tell, with a pooled
    literalness of ``literal_paragraph`` or more. Fluent paragraphs of every register
    seldom reach it (terse financial English included); in a call whose originals are
    rendered word by word, a third or more of the paragraphs do."""
    said = [i for i, u in enumerate(units) if u.fixed is None and not u.interpreter_turn]
    if not said:
        return False
    index: dict[int, int] = {}
    which = [index.setdefault(line, len(index)) for line in lines[said].tolist()]
    sums = np.zeros((len(index), 3))
    np.add.at(sums, which, counts[said])  # whole numbers: any order sums them exactly
    lit = pooled_literalness(sums[:, 0], sums[:, 1], sums[:, 2], DETECT, params.pooled_min_words)
    long = sums[:, 0] >= params.pooled_min_words
    literal = int((lit[long] >= params.literal_paragraph).sum())
    return literal >= params.min_doc_literal_paragraphs and literal >= params.min_doc_literal_paragraph_share * int(
        long.sum()
    )


def fluent_speakers(units: Sequence[Unit], params: AlignParams, resaid: np.ndarray | None = None) -> np.ndarray:
    """For each unit, whether its speaker speaks only fluent English in this call.

    An English original is the machine's rendering of Chinese speech, so its speaker speaks
    Chinese: somewhere in their turns stands Chinese, a placeholder, lost speech or romanised
    garble, or their sentences read word by word as often as a garbled call's do
    (``machine_english``'s share). A labelled speaker with none of these (a CFO giving
    prepared remarks in English) is a native speaker, whose paragraphs may restate each
    other's figures without being a rendering of one another. Units before any label, or
    in a call without labels, have no known speaker.

    ``resaid`` (``background_overlap``): the unit's paragraph is re-said by the next one,
    standing out against the call's background. A speaker re-said so ``min_doc_evidence``
    times or more is being rendered (under an interpreter's, a host's or their own label),
    not restating themselves: a native speaker's paragraphs alike to each other are alike
    to much of the call too, and do not stand out.
    """
    chinese_speakers: set[str] = set()
    literal: dict[str, list[Unit]] = {}
    for u in units:
        if not u.speaker:
            continue
        if u.fixed == "chinese" or u.lost_speech or u.garble > 0:
            chinese_speakers.add(u.speaker)
        elif u.fixed is None and u.literal and not u.continues:  # the rest of a sentence after fillers is no sentence
            literal.setdefault(u.speaker, []).append(u)
    for speaker, said in literal.items():  # word by word as often as a garbled call is
        if reads_word_by_word(said, params):
            chinese_speakers.add(speaker)
    if resaid is not None:
        times: dict[str, set[int]] = {}
        for u, again in zip(units, resaid, strict=True):
            if again and u.speaker and not u.interpreter_turn and u.fixed is None:
                times.setdefault(u.speaker, set()).add(u.line)
        chinese_speakers.update(s for s, lines in times.items() if len(lines) >= params.min_doc_evidence)
    labelled = any(u.is_label for u in units)
    return np.array(
        [bool(labelled and u.speaker and not u.interpreter_turn and u.speaker not in chinese_speakers) for u in units],
        dtype=bool,
    )


def machine_english(units: Sequence[Unit], standout: tuple[int, float], params: AlignParams) -> bool:
    """Whether the call shows machine English of Chinese speech anywhere, from three kinds
    of evidence, each calibrated inside the call:

    - romanised Chinese that is not a name of the call (``Unit.garble``), or several
      different long romanised words (``Unit.romanised``);
    - a share of sentences rendered word by word (``Unit.literal``), more than fluent
      English of any register has;
    - a share of neighbouring paragraphs whose ordered overlap stands out against the
      call's background (``standout``: how many, and their share), as an original and its
      rendering do.

    A share counts only over ``min_doc_evidence`` sentences or paragraphs at least: a short
    text has no background to stand out from.

    An English-only call, or one whose Chinese was left in characters or placeholders,
    shows none of them and gets no English originals.
    """
    if reads_as_machine_english(units, params):
        return True
    pairs, share = standout
    return pairs >= params.min_doc_evidence and share >= params.min_doc_standout_share


def rendered_english_turns(
    units: Sequence[Unit], matches: UnitMatches, params: AlignParams, background: np.ndarray | None = None
) -> int:
    """How many interpreter's turns render the English turn just before them.

    An interpreter renders Chinese speech: where the interpreter's English (under an
    interpreter's label or after an ``[Interpreted]`` tag) follows another speaker's turn of
    English only (no Chinese, placeholder or lost speech in it) and re-says it (the two share
    ``standout_overlap`` of their content words in order), that English is the machine's
    rendering of the Chinese speech, however fluent or terse it reads.

    The interpreter's English must follow at once: after a tag in the same turn, or in the
    next turn under an interpreter's label; in the next turn under another speaker's label
    (a host's, with a tag), only where the two stand out against their ``background`` as
    neighbours that re-say each other do (``standout_margin``): after an executive's label
    whose words the transcript lost, the tagged English renders those, and an answer shares
    a little with the question before it.
    """
    from rapidfuzz.distance import LCSseq

    turns: list[tuple[int, bool, bool, bool, str]] = []  # (turn, interpreter's, named so, English only, codes)
    bg: list[float] = []  # the background of each turn's first content unit
    key = None
    for i, u in enumerate(units):
        if u.is_label or u.framing:  # a label line or "[Interpreted]" belongs to no side
            continue
        k = (u.turn, u.interpreter_turn)
        if k != key:
            named = bool(u.speaker and INTERPRETER_NAME.search(u.speaker))
            turns.append((u.turn, u.interpreter_turn, named, True, ""))
            bg.append(float(background[i]) if background is not None else 0.0)
            key = k
        turn, interp, named, english_only, codes = turns[-1]
        if u.fixed == "chinese" or u.lost_speech:
            english_only = False
        turns[-1] = (turn, interp, named, english_only, codes + (matches.codes[i] if u.fixed is None else ""))
    count = 0
    for pos, ((a_turn, a_interp, _, a_english, a), (b_turn, b_interp, b_named, _, b)) in enumerate(pairwise(turns)):
        if a_interp or not b_interp or not a_english or min(len(a), len(b)) < params.min_words:
            continue
        if b_turn != a_turn and b_turn != a_turn + 1:
            continue
        dice = 2 * LCSseq.similarity(a, b) / (len(a) + len(b))
        if dice < params.standout_overlap:
            continue
        margin = dice / max(0.5 * (bg[pos] + bg[pos + 1]), params.background_floor)
        if b_turn == a_turn or b_named or margin >= params.standout_margin:
            count += 1
    return count


def reads_as_machine_english(units: Sequence[Unit], params: AlignParams) -> bool:
    """Whether the call's sentences themselves show machine English (romanised Chinese, or
    a share of word-by-word sentences), whatever the overlap of its paragraphs."""
    garble = sum(u.garble for u in units)
    strong = len({w for u in units for w in u.romanised})
    if garble >= params.min_doc_garble or strong >= params.min_doc_strong_garble:
        return True
    # The rest of a sentence after fillers carved out of it is no sentence to read alone.
    said = [u for u in units if u.fixed is None and not u.interpreter_turn and u.literal and not u.continues]
    return reads_word_by_word(said, params)


def reads_word_by_word(sentences: Sequence[Unit], params: AlignParams) -> bool:
    """Whether enough of these long English sentences (``min_doc_evidence`` at least, and
    ``min_doc_literal_share`` of them) read word by word (``literal >= literal_sentence``)."""
    literal = sum(u.literal >= params.literal_sentence for u in sentences)
    return literal >= params.min_doc_evidence and literal >= params.min_doc_literal_share * len(sentences)


def background_overlap(
    matches: UnitMatches, units: Sequence[Unit], params: AlignParams
) -> tuple[np.ndarray, tuple[int, float], np.ndarray]:
    """For every unit, how alike its paragraph is to the paragraphs around it; how many
    neighbouring paragraphs (and what share of them) overlap far beyond that; and, for every
    unit, whether the paragraph after its own is one of those (it re-says the unit's).

    The background is the mean of the ``background_k`` best ordered overlaps (Dice over
    in-order content words) of the unit's line with the lines within
    ``background_window`` of it, skipping its direct neighbours (where its rendering, if
    any, stands). Linear: each line meets a bounded window.
    """
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cdist

    line_ids = sorted({u.line for u in units})
    index = {ln: k for k, ln in enumerate(line_ids)}
    codes = [""] * len(line_ids)
    for i, u in enumerate(units):
        codes[index[u.line]] += matches.codes[i]
    # Paragraphs with content words only: a speaker label between an original and its
    # rendering does not part them.
    content = [k for k, c in enumerate(codes) if len(c) >= params.min_words]
    paras = [codes[k] for k in content]
    m = len(paras)
    length = np.array([len(c) for c in paras], dtype=float)
    bg = np.zeros(m)
    adjacent = np.zeros(max(m - 1, 0))
    w, k = params.background_window, params.background_k
    for lo in range(0, m, w):
        hi = min(m, lo + w)
        a, b = max(0, lo - w), min(m, hi + w)
        sims = cdist(paras[lo:hi], paras[a:b], scorer=LCSseq.similarity, dtype=np.int32).astype(float)
        dice = 2 * sims / np.maximum(length[lo:hi, None] + length[None, a:b], 1.0)
        nxt = np.arange(lo, min(hi, m - 1))
        adjacent[nxt] = dice[nxt - lo, nxt + 1 - a]
        dice[np.abs(np.arange(lo, hi)[:, None] - np.arange(a, b)[None, :]) < 2] = 0.0
        bg[lo:hi] = (-np.sort(-dice, axis=1)[:, :k]).mean(axis=1)
    ids = np.array([line_ids[c] for c in content], dtype=int)
    close = np.diff(ids) <= params.standout_max_lines
    margin = adjacent / np.maximum(0.5 * (bg[:-1] + bg[1:]), params.background_floor)
    stands_out = (adjacent >= params.standout_overlap) & (margin >= params.standout_margin)
    counted = stands_out[close]
    standout = (int(counted.sum()), float(counted.mean()) if counted.size else 0.0)
    by_line = np.zeros(len(line_ids))
    by_line[content] = bg
    resaid = np.zeros(len(line_ids), dtype=bool)  # the next paragraph stands out against this one
    resaid[np.array(content[:-1], dtype=int)[stands_out & close]] = True
    at = np.array([index[u.line] for u in units], dtype=np.int64)
    return by_line[at], standout, resaid[at]


def paragraph_pair_evidence(
    matches: UnitMatches, units: Sequence[Unit], lines: np.ndarray, params: AlignParams
) -> np.ndarray:
    """For the first unit of each paragraph, the overlap of that paragraph with the one before."""
    n = len(units)
    out = np.zeros(n)
    line_of = lines.tolist()
    bounds = [0, *(i for i in range(1, n) if line_of[i] != line_of[i - 1]), n]
    words = np.concatenate([[0.0], np.cumsum(matches.length)]).tolist()
    cuts = [
        (a, b, c)
        for a, b, c in zip(bounds, bounds[1:-1], bounds[2:], strict=False)
        if words[b] > words[a] and words[c] > words[b] and c - a <= params.inner_pair_max_units
    ]
    out[[b for _, b, _ in cuts]] = matches.split_overlaps(cuts)
    return out


def first_content(units: Sequence[Unit], j: int, text: str, params: AlignParams) -> int:
    """Where the interpretation starts after a switch at ``j``: past speaker labels, lost
    speech and remarks about the translation, and one or two short courtesies just before
    one ("Thank you, Mr. Chen. I'll translate for him.")."""
    n = len(units)

    f = j
    while f < n:
        if units[f].is_label or (units[f].framing and not units[f].announces) or units[f].lost_speech:
            f += 1
            continue
        if not any(units[m].framing for m in range(f + 1, min(n, f + 3))):
            break  # no framing remark one or two units on: courtesies skip nothing (few are)
        k = f  # one or two courtesies before a framing remark ("Hello, Amy. Okay. Next I'll interpret...")
        while k < min(n, f + 2) and is_courtesy(units[k], text, params):
            k += 1
        if k == f or k >= n or not units[k].framing:
            break
        f = k
    return f


def is_courtesy(u: Unit, text: str, params: AlignParams) -> bool:
    """A short greeting or thanks ("Hi Paul.", "Thank you, Mr. Chen.")."""
    body = text[u.start : u.end]
    return u.fixed is None and len(body.split()) <= params.courtesy_max_words and _opens_turn(body)


def _english_words(text: str, u: Unit) -> float:
    if u.fixed in ("noise", "vendor") or u.is_label:
        return 0.0
    return float(len(text[u.start : u.end].split())) if u.fixed != "chinese" else 0.0


def _han_count(text: str, u: Unit) -> float:
    if u.fixed != "chinese":
        return 0.0
    count = len(HAN.findall(text[u.start : u.end]))
    return float(count) if count else 20.0  # a placeholder stands for a remark of unknown length


def split_threshold(matches: UnitMatches, lines: np.ndarray, free: np.ndarray, params: AlignParams) -> float:
    """The ordered overlap a cut inside a paragraph needs in this call: the
    ``same_line_quantile`` of the best overlaps between the two halves of each of its
    paragraphs (``best_split``), at most ``same_line_threshold`` and never less than a bead
    between paragraphs needs (``sim_threshold``).

    Most paragraphs are one speaker's, so this is how alike a speaker's sentences are to
    each other in this call: a rendering run into its original's line must overlap more
    than that. Linear: each paragraph meets only itself.
    """
    if not params.same_line_quantile:
        return params.same_line_threshold
    from rapidfuzz.distance import LCSseq
    from rapidfuzz.process import cdist

    line_of, free_of, length = lines.tolist(), free.tolist(), matches.length.tolist()
    paragraphs = []  # the units with content words of each paragraph, two at least
    for _, run in groupby(range(len(line_of)), key=line_of.__getitem__):
        idx = [i for i in run if free_of[i] and length[i] > 0]
        if len(idx) >= 2:
            paragraphs.append(idx)
    codes = [[matches.codes[i] for i in idx] for idx in paragraphs]
    best = best_splits(
        [cdist(c, c, scorer=LCSseq.similarity, dtype=np.int32) for c in codes],
        [matches.length[idx] for idx in paragraphs],
        params.min_words,
    )
    vals = [v for v in best if v is not None]
    if len(vals) < params.min_doc_evidence:
        return params.same_line_threshold
    return float(
        np.clip(np.quantile(vals, params.same_line_quantile), params.sim_threshold, params.same_line_threshold)
    )


def best_split(lcs: np.ndarray, length: np.ndarray, least: int) -> float | None:
    """The highest ordered overlap (``similarity.block_overlap``) of the two halves of one
    paragraph over its cut points, each half holding ``least`` content words; None if no
    cut leaves that many on both sides. ``lcs``: the units' pairwise LCS lengths."""
    return best_splits([lcs], [length], least)[0]


def best_splits(lcs: Sequence[np.ndarray], length: Sequence[np.ndarray], least: int) -> list[float | None]:
    """``best_split`` of many paragraphs, those of about one size at once: each padded
    with units of no words to a power of two, which change no cut's figures (the sums are
    of whole numbers, so they are exactly ``best_split``'s one by one)."""
    out: list[float | None] = [None] * len(lcs)
    by_size: dict[int, list[int]] = {}
    for k, w in enumerate(lcs):
        by_size.setdefault(1 << (len(w) - 1).bit_length(), []).append(k)
    for size, ks in by_size.items():
        w = np.zeros((len(ks), size, size))
        words = np.zeros((len(ks), size))
        for row, k in enumerate(ks):
            m = len(lcs[k])
            w[row, :m, :m] = lcs[k]
            words[row, :m] = length[k]
        # Each later unit's best partner among the first s units (row s - 1), each earlier
        # unit's best partner among the units from s on (column s).
        before = np.maximum.accumulate(w, axis=1)[:, : size - 1]
        after = np.maximum.accumulate(w[:, :, ::-1], axis=2)[:, :, ::-1][:, :, 1:]
        matched = np.triu(before, 1).sum(axis=2) + np.triu(after).sum(axis=1)
        cum = np.cumsum(words, axis=1)[:, : size - 1]
        total = words.sum(axis=1, keepdims=True)
        units = np.array([len(lcs[k]) for k in ks])
        ok = (cum >= least) & (total - cum >= least) & (np.arange(1, size) < units[:, None])
        share = np.where(ok, matched / np.maximum(total, 1.0), -np.inf).max(axis=1, initial=-np.inf)
        for row, k in enumerate(ks):
            if ok[row].any():
                out[k] = float(share[row])
    return out
