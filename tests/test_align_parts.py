"""The parts of the aligner one by one: evidence, the bead score, the search, the refinement.

Every transcript here is invented. The end-to-end behaviour is in test_detect.py and
test_pipeline.py; these tests pin each part's own rule, so that a change to one shows
where it lands.
"""

from __future__ import annotations

import doctest
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bitranscript.align.dp
import bitranscript.align.refine
import bitranscript.align.style
import bitranscript.features
import bitranscript.similarity
from bitranscript.align.bead import bead_scores
from bitranscript.align.dp import rendered_turns, single_score, trace
from bitranscript.align.evidence import cumulative, first_content, fluent_speakers, gather, machine_english
from bitranscript.align.refine import refine_switch
from bitranscript.detect import Unit, detect
from bitranscript.params import ALIGN
from bitranscript.sentences import split_sentences
from bitranscript.similarity import UnitMatches


def units_of(text: str) -> list[Unit]:
    return detect(text, split_sentences(text))


def unit(**kw) -> Unit:
    base = {"start": 0, "end": 1, "line": 0, "fixed": None, "turn": 0}
    base.update(kw)
    return Unit(**base)


@pytest.mark.parametrize(
    "module",
    [
        bitranscript.align.dp,
        bitranscript.align.refine,
        bitranscript.align.style,
        bitranscript.features,
        bitranscript.similarity,
    ],
)
def test_doctests(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0


def test_cumulative_sums_blocks() -> None:
    c = cumulative(np.array([1.0, 2.0, 3.0]))
    assert c[3] - c[1] == 5.0 and c[0] == 0.0


# machine_english: which call-level evidence opens the door to English originals.
STRONG = ALIGN.min_doc_strong_garble
LITERAL = [unit(literal=3.0)] * 4 + [unit(literal=-1.0)] * 4
FLUENT = [unit(literal=-1.0)] * 8


@pytest.mark.parametrize(
    ("units", "standout", "expected"),
    [
        ([unit(garble=ALIGN.min_doc_garble)], (0, 0.0), True),  # romanised Chinese
        ([unit(romanised=(f"word{i}",)) for i in range(STRONG)], (0, 0.0), True),  # several long romanised words
        ([unit(romanised=("same",)) for _ in range(STRONG + 3)], (0, 0.0), False),  # one word said often is a name
        (LITERAL, (0, 0.0), True),  # half the long sentences word by word
        (FLUENT, (0, 0.0), False),
        ([unit(literal=3.0)] * 2, (0, 0.0), False),  # too few sentences to read a share
        ([unit(literal=3.0)] + [unit(literal=-1.0)] * 9, (0, 0.0), False),  # a terse sentence or two
        (FLUENT, (ALIGN.min_doc_evidence, 0.5), True),  # paragraphs that re-say their neighbour
        (FLUENT, (1, 1.0), False),  # one such pair is no evidence
        (FLUENT, (ALIGN.min_doc_evidence, 0.05), False),  # a few among many
        ([unit(literal=3.0, interpreter_turn=True)] * 8, (0, 0.0), False),  # the interpreter's turn does not count
    ],
)
def test_machine_english(units, standout, expected) -> None:
    assert machine_english(units, standout, ALIGN) is expected


def test_first_content_skips_labels_framing_and_courtesies() -> None:
    text = "Translator\nThank you. Okay. Let me translate for him. Revenue rose.\n"
    units = units_of(text)
    f = first_content(units, 0, text, ALIGN)
    assert text[units[f].start : units[f].end] == "Revenue rose."


@pytest.mark.parametrize(
    ("remark", "skipped"),
    [("Let me translate for him.", True), ("The remarks will be interpreted into English.", False)],
    ids=["framing", "announcement"],
)
def test_first_content_does_not_skip_an_announcement_of_the_arrangement(remark, skipped) -> None:
    """A host's announcement of how the call will go opens no rendering: what follows it is
    the host's own English."""
    text = f"Good morning, everyone. {remark} Please note our safe harbor statement.\n"
    units = units_of(text)
    f = first_content(units, 1, text, ALIGN)
    assert (f == 2) is skipped


GARBLED = (
    "Our company this season income reach 12 billion, year on year grow 20 percent, main depend public cloud.\n"
    "This quarter our revenue reached RMB 12 billion, up 20% year over year, driven mainly by public cloud.\n"
)


SHARES_WORDS = "This quarter our revenue reached RMB 12 billion, up 20% year over year, driven mainly by public cloud."
SHARES_NONE = "We were pleased with how the team handled a difficult period, and we thank all of our partners."


@pytest.mark.parametrize(
    ("rendering", "same_line", "earns"),
    [(SHARES_WORDS, True, True), (SHARES_NONE, True, False), (SHARES_WORDS, False, True), (SHARES_NONE, False, True)],
    ids=["in-line-shares-words", "in-line-shares-none", "next-line-shares-words", "next-line-shares-none"],
)
def test_a_contrast_of_writing_cuts_a_line_only_between_blocks_that_share_words(rendering, same_line, earns) -> None:
    """How two blocks read says which is the original, not that one renders the other: inside
    one paragraph (one speaker's terse sentences, then fluent ones) the contrast earns only
    where the halves share words; between paragraphs the turns are apart already, and a
    free rendering may share none."""
    from bitranscript.similarity import block_overlap

    text = GARBLED.splitlines()[0] + (" " if same_line else "\n") + rendering + "\n"
    units = units_of(text)
    assert units[0].literal - units[1].literal > ALIGN.literal_margin
    assert (units[0].line == units[1].line) is same_line
    ev, matches, _ = gather(text, units, ALIGN)
    ev = replace(ev, english_originals=True)
    xs, ys = np.array([0]), np.array([2])
    ov = block_overlap(matches.window(0, 2), ev.c_len, xs, 1, 1, ys)
    with_contrast = bead_scores(ev, ALIGN, xs, 1, 1, ys, ov)[0, 0]
    without = bead_scores(ev, replace(ALIGN, literal_weight=0.0), xs, 1, 1, ys, ov)[0, 0]
    assert bool(with_contrast > without) is earns


def test_evidence_of_a_literal_source_and_its_rendering() -> None:
    units = units_of(GARBLED)
    ev, matches, _ = gather(GARBLED, units, ALIGN)
    assert units[0].literal > units[1].literal
    assert ev.opens[0] and ev.opens[1] and ev.closes[1] and ev.closes[2]
    assert ev.c_len[-1] == matches.length.sum() > 0


def _score(text: str, params=ALIGN, *, english_originals: bool | None = None) -> float:
    units = units_of(text)
    ev, matches, _ = gather(text, units, params)
    if english_originals is not None:
        ev = replace(ev, english_originals=english_originals)
    j = next(i for i in range(1, len(units)) if units[i].line != units[i - 1].line)
    win = matches.window(0, len(units))
    from bitranscript.similarity import block_overlap

    xs, ys = np.array([0]), np.array([len(units)])
    ov = block_overlap(win, ev.c_len, xs, j, j, ys)
    return float(bead_scores(ev, params, xs, j, j, ys, ov)[0, 0])


def test_bead_score_rewards_a_literal_source_before_its_rendering() -> None:
    forward = _score(GARBLED, english_originals=True)
    backward = _score("\n".join(reversed(GARBLED.splitlines())) + "\n", english_originals=True)
    assert forward > backward
    assert forward > _score(GARBLED, replace(ALIGN, literal_weight=0.0), english_originals=True)


@pytest.mark.parametrize(("paragraphs", "cost"), [(1, 0.0), (2, 2.0), (3, 4.0)])
def test_an_english_source_pays_for_each_paragraph_beyond_its_first(paragraphs: int, cost: float) -> None:
    source, rendering = GARBLED.splitlines()[:2]
    text = "\n".join([source] * paragraphs + [rendering]) + "\n"
    units = units_of(text)
    j = next(i for i, u in enumerate(units) if u.line == paragraphs)
    ev, matches, _ = gather(text, units, ALIGN)
    ev = replace(ev, english_originals=True)
    from bitranscript.similarity import block_overlap

    xs, ys = np.array([0]), np.array([len(units)])
    ov = block_overlap(matches.window(0, len(units)), ev.c_len, xs, j, j, ys)
    free, priced = (
        float(bead_scores(ev, params, xs, j, j, ys, ov)[0, 0])
        for params in (replace(ALIGN, source_paragraph_cost=0.0), replace(ALIGN, source_paragraph_cost=2.0))
    )
    assert free - priced == pytest.approx(cost)


def test_no_english_bead_in_a_call_without_machine_english() -> None:
    assert _score(GARBLED, english_originals=False) == -np.inf


def test_a_placeholder_is_paired_by_turn_structure() -> None:
    text = "Ann Lee\nCEO\n[Foreign language]\nTranslator\nOur revenue grew in every region this year.\n"
    units = units_of(text)
    ev, matches, _ = gather(text, units, ALIGN)
    x = next(i for i, u in enumerate(units) if u.fixed == "chinese")
    j = x + 1
    f = first_content(units, j, text, ALIGN)
    ys = np.array([len(units)])
    ov = np.zeros((1, 1))
    assert bead_scores(ev, ALIGN, np.array([x]), j, f, ys, ov)[0, 0] > 0


@pytest.mark.parametrize(
    ("garble", "interp", "gate", "kind"),
    [
        (3.0, False, True, "original"),
        (0.0, False, True, "native"),
        (3.0, False, False, "native"),  # no machine English in the call
        (3.0, True, True, "interpretation"),  # the interpreter's turn
    ],
)
def test_single_score(garble, interp, gate, kind) -> None:
    assert single_score(unit(garble=garble), interp, gate, ALIGN)[1] == kind


def test_trace_reads_back_pointers() -> None:
    units = [unit(line=0), unit(line=1, fixed="native", is_label=True), unit(line=2), unit(line=3)]
    back = [(), ("single", 0, "native"), ("single", 1, "native"), (), ("bead", 2, 3, 3, 5.0)]
    kinds, beads = trace(units, back, lambda x, j, y: j)
    assert kinds == ["native", "native", "original", "interpretation"]
    assert beads == [((2,), (3,), 5.0)]


def test_trace_keeps_the_rest_of_a_rendering_after_noise_in_its_line() -> None:
    # A rendering ends before a loop inside its line; the English after the loop, left
    # native by the search, is the rest of that rendering, up to the line's end.
    units = [
        unit(line=0),
        unit(line=1),
        unit(line=1, fixed="noise"),
        unit(line=1),
        unit(line=2),
    ]
    back = [(), ("single", 0, "native"), (), ("single", 2, "noise"), ("single", 3, "native"), ("single", 4, "native")]
    back[2] = ("bead", 0, 1, 1, 3.0)
    kinds, beads = trace(units, back, lambda x, j, y: j)
    assert kinds == ["original", "interpretation", "noise", "interpretation", "native"]
    assert beads == [((0,), (1, 3), 3.0)]


# Invented sentences in the call's two ways of writing: word by word, and the interpreter's.
WORD_BY_WORD = [
    "He speak he can lend I this one.",
    "She no be at home, I go find she.",
    "We two walk reach river side.",
]
INTERPRETED = [
    "He said he could lend me one.",
    "She wasn't at home when I looked.",
    "We walked down to the river together.",
]


def _lines(rows: list[tuple[int, str]]) -> tuple[list[Unit], dict[int, str]]:
    """Units (one sentence each, on the given line) and their text."""
    units = [unit(start=k, end=k + 1, line=line) for k, (line, _) in enumerate(rows)]
    return units, {k: sentence for k, (_, sentence) in enumerate(rows)}


@pytest.mark.parametrize(
    ("late", "moved"),
    [("He go reach door, I no open.", False), ("He walked to the door, and I didn't open it.", True)],
    ids=["cut-right", "one-sentence-late"],
)
def test_a_cut_inside_a_line_moves_to_where_the_calls_two_ways_of_writing_change(late, moved) -> None:
    from bitranscript.align.refine import recut_lines
    from bitranscript.align.style import StyleModel, unit_classes

    # Line 0 -> line 1 is a settled bead; on line 2 the search cut after unit 4.
    rows = [(0, s) for s in WORD_BY_WORD] + [(1, s) for s in INTERPRETED]
    rows += [(2, WORD_BY_WORD[0]), (2, late), (2, INTERPRETED[1]), (2, INTERPRETED[2])]
    units, said = _lines(rows)
    style = StyleModel.fit(WORD_BY_WORD, INTERPRETED)
    assert style is not None
    beads = [((0, 1, 2), (3, 4, 5), 1.0), ((6, 7), (8, 9), 1.0)]
    kinds = ["original"] * 3 + ["interpretation"] * 3 + ["original"] * 2 + ["interpretation"] * 2
    params = replace(ALIGN, recut_margin=2.0)

    classes_of = unit_classes(units, lambda u: said[u.start])
    new_kinds, new_beads = recut_lines(units, kinds, beads, style, classes_of, params)
    assert new_beads[0] == beads[0]
    assert (new_beads[1] == ((6,), (7, 8, 9), 1.0)) is moved
    assert (new_kinds[7] == "interpretation") is moved
    assert recut_lines(units, kinds, beads, style, classes_of, replace(params, recut_margin=0.0)) == (kinds, beads)


@pytest.mark.parametrize(("written_apart", "read"), [(True, True), (False, False)], ids=["apart", "alike"])
def test_the_calls_style_is_read_only_where_it_tells_its_originals_from_their_renderings(written_apart, read) -> None:
    from bitranscript.align.style import call_style, unit_classes

    if written_apart:
        rows = [(WORD_BY_WORD[k % 3], INTERPRETED[k % 3]) for k in range(12)]
    else:  # fluent on both sides: the held-out beads are scored at chance
        rows = [(INTERPRETED[k % 3], INTERPRETED[(k + 1) % 3]) for k in range(12)]
    units = [unit(start=k, end=k + 1, line=k) for k in range(2 * len(rows))]
    said = dict(enumerate(sentence for row in rows for sentence in row))
    beads = [((2 * k,), (2 * k + 1,), 1.0) for k in range(len(rows))]
    classes_of = unit_classes(units, lambda u: said[u.start])
    style = call_style(units, beads, classes_of, replace(ALIGN, style_min_side_words=10))
    assert (style is not None) is read


@pytest.mark.parametrize(
    ("machine", "translator", "same"),
    [
        ("Baoyu smiled at Xifeng.", "Bao-yu smiled at Xi-feng.", True),
        ("Wang Qiang signed.", "Wang Qiang signed.", True),
        ("A longterm plan.", "A long-term plan.", False),  # "term" is no syllable: two words stay two
    ],
)
def test_a_name_in_hyphenated_syllables_is_the_name_written_as_one_word(machine, translator, same) -> None:
    from bitranscript.align.evidence import unit_words
    from bitranscript.features import english_frequencies
    from bitranscript.similarity import content_tokens

    freq = english_frequencies()
    assert (content_tokens(machine, freq) == content_tokens(translator, freq)) is same
    stems, counts = unit_words(translator, freq)
    assert stems == content_tokens(translator, freq)
    assert counts == unit_words(translator.replace("-", " - "), freq)[1]  # the words are still counted apart


@pytest.mark.parametrize(
    ("paragraph", "framing"),
    [
        ("Let me translate that. Our revenue grew by a third.", True),
        ("The interpretation is offered for reference only.", True),
        (
            "Each passage will be followed by an interpretation. The interpretation is offered for reference only.",
            False,
        ),
        ("There will be an English translation. The translation follows each answer.", False),
    ],
)
def test_a_remark_about_the_translation_in_a_paragraph_that_announces_the_arrangement_frames_nothing(
    paragraph: str, framing: bool
) -> None:
    text = f"Good morning, everyone, and welcome to the call.\n{paragraph}\nThank you.\n"
    units = units_of(text)
    ev, _, _ = gather(text, units, ALIGN)
    remarks = [bool(ev.framing[i]) for i, u in enumerate(units) if u.framing and not u.announces]
    assert remarks and all(f == framing for f in remarks)


def test_rendered_turns_after_lost_speech_and_in_the_translators_turn() -> None:
    units = [
        unit(line=0, fixed="native", is_label=True),
        unit(line=1, fixed="noise", lost_speech=True),
        unit(line=2, fixed="native", is_label=True),
        unit(line=3),  # the next turn renders the lost speech
        unit(line=4),
        unit(line=5, fixed="native", is_label=True),
        unit(line=6),  # a new turn after the rendering: native again
        unit(line=7, interpreter_turn=True),
    ]
    kinds = rendered_turns(units, [u.fixed or "native" for u in units])
    assert kinds[3:5] == ["interpretation", "interpretation"]
    assert kinds[6] == "native" and kinds[7] == "interpretation"


@pytest.mark.parametrize(
    ("tail", "moved"),
    [
        ("Now, let me walk you through the numbers of our cloud business.", True),  # a signpost
        ("Cloud revenue this season reach 12 billion, main depend public cloud customer grow go up.", False),
    ],
)
def test_refinement_moves_a_signpost_not_a_literal_sentence(tail: str, moved: bool) -> None:
    text = (
        "Welcome everyone, Jinshan Yun this season income reach 12 billion, public cloud grow 20 percent. "
        + tail
        + "\n"
        "Our cloud revenue reached 12 billion this quarter, and public cloud grew 20 percent.\n"
    )
    units = units_of(text)
    j = next(i for i in range(1, len(units)) if units[i].line != units[i - 1].line)
    matches = UnitMatches([[w.lower()[:5] for w in text[u.start : u.end].split()] for u in units], max_share=1.0)
    new_j = refine_switch(matches, units, 0, j, len(units), lambda u: text[u.start : u.end], ALIGN)
    assert (new_j < j) is moved


@pytest.mark.parametrize(
    ("cfo_units", "fluent"),
    [
        ([unit(speaker="Cfo", literal=-1.0)] * 6, True),  # fluent English all through
        ([unit(speaker="Cfo", literal=2.5)] + [unit(speaker="Cfo", literal=-1.0)] * 6, True),  # one terse line
        ([unit(speaker="Cfo", literal=-1.0)] * 5 + [unit(speaker="Cfo", garble=0.35)], False),  # romanised garble
        ([unit(speaker="Cfo", literal=-1.0)] * 5 + [unit(speaker="Cfo", fixed="chinese")], False),  # a placeholder
        ([unit(speaker="Cfo", literal=2.5)] * 4 + [unit(speaker="Cfo", literal=-1.0)] * 4, False),  # word by word
    ],
)
def test_fluent_speakers(cfo_units, fluent) -> None:
    label = unit(speaker="Cfo", fixed="native", is_label=True)
    units = [label, *cfo_units, unit(speaker=None)]
    flags = fluent_speakers(units, ALIGN)
    assert bool(flags[1]) is fluent
    assert not flags[-1]  # no known speaker


@pytest.mark.parametrize(("times", "fluent"), [(ALIGN.min_doc_evidence, False), (ALIGN.min_doc_evidence - 1, True)])
def test_a_speaker_resaid_by_the_next_paragraph_is_rendered(times: int, fluent: bool) -> None:
    """Paragraphs of one speaker re-said by the paragraph after them (standing out against the
    call), ``min_doc_evidence`` times: someone renders that speaker, who speaks Chinese."""
    label = unit(speaker="Ceo", fixed="native", is_label=True)
    paras = [unit(speaker="Ceo", literal=-1.0, line=k) for k in range(1, 7)]
    resaid = np.array([False] + [k < times for k in range(6)])
    flags = fluent_speakers([label, *paras], ALIGN, resaid)
    assert bool(flags[1]) is fluent


def _turn(speaker: str, words: str, turn: int, *, interpreter: bool = False, fixed: str | None = None) -> Unit:
    return unit(speaker=speaker, turn=turn, interpreter_turn=interpreter, fixed=fixed, start=0, end=len(words))


@pytest.mark.parametrize(
    ("source_fixed", "interpreter", "expected"),
    [
        (None, True, 1),  # English, then the interpreter re-says it: the English renders Chinese speech
        ("chinese", True, 0),  # a placeholder or Chinese before the interpreter: no English source
        (None, False, 0),  # the next speaker is no interpreter
    ],
)
def test_rendered_english_turns(source_fixed: str | None, interpreter: bool, expected: int) -> None:
    from bitranscript.align.evidence import rendered_english_turns

    source = "cash flow stay good cash account fifteen hundred million yuan gross margin rise"
    rendering = "cash flow healthy fifteen hundred million yuan cash gross margin rose"
    units = [
        _turn("Ceo", source, 1, fixed=source_fixed),
        unit(speaker="Interpreter", turn=2, fixed="native", is_label=True),
        _turn("Interpreter", rendering, 2, interpreter=interpreter),
    ]
    matches = UnitMatches(
        [[] if u.fixed else text.split() for u, text in zip(units, [source, "", rendering], strict=True)]
    )
    assert rendered_english_turns(units, matches, ALIGN) == expected


@pytest.mark.parametrize(("background", "expected"), [(0.05, 1), (0.3, 0)])
def test_a_tagged_rendering_under_a_hosts_label_counts_where_it_stands_out(background: float, expected: int) -> None:
    """A tag in the next turn under someone else's label (a host's) re-says the turn before only
    where the two stand out against their background (an answer shares a little with its question)."""
    from bitranscript.align.evidence import rendered_english_turns

    source = "cash flow stay good cash account fifteen hundred million yuan gross margin rise"
    rendering = "cash flow healthy fifteen hundred million yuan cash gross margin rose"
    units = [
        _turn("Ceo", source, 1),
        unit(speaker="Host", turn=2, fixed="native", is_label=True),
        unit(speaker="Host", turn=2, fixed="native", interpreter_turn=True, framing=True),  # "[Interpreted]"
        _turn("Host", rendering, 2, interpreter=True),
    ]
    matches = UnitMatches(
        [text.split() if u.fixed is None else [] for u, text in zip(units, [source, "", "", rendering], strict=True)]
    )
    assert rendered_english_turns(units, matches, ALIGN, np.full(len(units), background)) == expected


def test_no_fluent_speakers_without_labels() -> None:
    assert not fluent_speakers([unit(speaker="Cfo", literal=-1.0)] * 4, ALIGN).any()


def test_a_fluent_speakers_restatement_is_no_bead() -> None:
    text = (
        "Wei Lin\nChief Executive Officer\n"
        "Our company this season Gongyouyun income reach twelve billion, Zhengwuyun customer grow, Jinshan Yun very good.\n"
        "Translator\nThis quarter our revenue reached twelve billion, driven mainly by growth in public cloud customers.\n"
        "Mia Tan\nChief Financial Officer\n"
        "Revenue was RMB 12.1 billion, up 14% year over year, and gross margin was 25%, up from 20% a year ago.\n"
        "To put these figures in context, the RMB 12.1 billion of revenue, up 14%, and the 25% gross margin, up from 20%, "
        "were our best results so far.\n"
    )
    result = __import__("bitranscript").process(text)
    kinds = {text[s.start : s.end][:12]: s.kind for s in result.segments}
    assert kinds["Revenue was "] == "native" and kinds["To put these"] == "native"
    assert kinds["Our company "] == "original"


# Invented: four short clauses glossed word by word (none reads as literal alone), then the
# interpreter's fluent rendering, which shares almost no content word with them.
GLOSSED = (
    "Situation of cash good. We newly open shop front in north city. "
    "Most of they locate at second tier. Client households exceed number last year.\n"
    "Our cash position is healthy, and we opened new stores in northern cities, mostly in "
    "tier-two locations, where the customers we served outnumbered those of the previous year.\n"
)


def test_pooled_literalness_reads_short_glossed_sentences_together() -> None:
    from bitranscript.align.evidence import block_literalness, word_counts

    units = units_of(GLOSSED)
    j = next(i for i in range(1, len(units)) if units[i].line != units[i - 1].line)
    assert not any(u.literal for u in units[:j])  # no glossed sentence long enough to read alone
    ev = gather(GLOSSED, units, replace(ALIGN, min_doc_literal_paragraph_share=0.0, min_doc_literal_paragraphs=1))[0]
    source, rendering = (float(block_literalness(ev, lo, hi, 10)) for lo, hi in ((0, j), (j, len(units))))
    assert source > 2 and rendering < 0
    assert word_counts("Joining us are Olivia Guo, our Chief Financial Officer.")[0] == 4  # names, titles not counted


def test_pooled_contrast_pays_for_a_glossed_bead_only_in_a_literal_call() -> None:
    params = replace(ALIGN, min_doc_literal_paragraph_share=0.0, min_doc_literal_paragraphs=1)
    with_pooled = _score(GLOSSED, params, english_originals=True)
    assert with_pooled > _score(GLOSSED, replace(params, pooled_literal_weight=0.0), english_originals=True)
    # a call whose paragraphs do not read word by word reads no pooled contrast
    assert _score(GLOSSED, replace(params, min_doc_literal_paragraph_share=2.0), english_originals=True) < with_pooled


# best_split: the in-call bar of a cut inside a paragraph reads each paragraph's best cut.
def test_best_split_equals_the_block_overlap_of_every_cut() -> None:
    import random

    from bitranscript.align.evidence import best_split
    from bitranscript.similarity import UnitMatches

    rng = random.Random(3)
    for _ in range(200):
        m = rng.randint(2, 8)
        bags = [[f"w{rng.randint(0, 11)}" for _ in range(rng.randint(1, 8))] for _ in range(m)]
        um = UnitMatches(bags, max_share=1.0)
        cuts = [um.split_overlap(0, s, m) for s in range(1, m) if um.length[:s].sum() >= 4 and um.length[s:].sum() >= 4]
        got = best_split(um.window(0, m), um.length, 4)
        assert (got is None) == (not cuts)
        if cuts:
            assert abs(got - max(cuts)) < 1e-9


@pytest.mark.parametrize(("contrast", "moved"), [(2.0, False), (-99.0, True)])
def test_refinement_keeps_a_fluent_original_sentence_that_shares_names_with_its_paragraph(contrast, moved) -> None:
    # Fluent machine translation, then an interpreter who names the hero otherwise: the
    # original's last sentence shares "Marlow harbour" with the rest of its paragraph, not
    # with the rendering; by overlap alone it would move.
    text = (
        "Marlow walked to the harbour at dawn and counted the boats. The fishermen waved at him from the pier. "
        "Marlow said the harbour was quiet today.\n"
        "At first light the old sailor strolled down to the docks and counted the boats, and the fishermen waved from the pier.\n"
    )
    units = units_of(text)
    j = next(i for i in range(1, len(units)) if units[i].line != units[i - 1].line)
    matches = UnitMatches(
        [[w.lower().strip(".,")[:5] for w in text[u.start : u.end].split()] for u in units], max_share=1.0
    )
    params = replace(ALIGN, refine_move_contrast=contrast)
    new_j = refine_switch(matches, units, 0, j, len(units), lambda u: text[u.start : u.end], params)
    assert (new_j < j) is moved


# The search scores every switch point's beads at once (dp.switch_points, bead.bead_scores_flat,
# similarity.block_overlaps). The references below are the search and the bead score as
# they were, one switch point at a time: the fast forms must give exactly their figures.
from collections.abc import Sequence  # noqa: E402

from bitranscript.align.dp import Step  # noqa: E402
from bitranscript.align.evidence import Evidence, block_literalness  # noqa: E402
from bitranscript.params import Align as AlignParams  # noqa: E402
from bitranscript.similarity import block_overlap  # noqa: E402


def reference_bead_scores(
    ev: Evidence, params: AlignParams, xs: np.ndarray, j: int, f: int, ys: np.ndarray, ov: np.ndarray
) -> np.ndarray:
    """Scores (len(xs) x len(ys)) of the beads ``[x, j) -> [f, y)``; ``-inf`` where one may
    not stand. ``ov`` is the blocks' ordered overlap (``similarity.block_overlap``)."""
    wa = (ev.c_words[j] - ev.c_words[xs])[:, None]
    ha = (ev.c_han[j] - ev.c_han[xs])[:, None]
    wb = (ev.c_words[ys] - ev.c_words[f])[None, :]
    ga = (ev.c_garble[j] - ev.c_garble[xs])[:, None]
    gb = (ev.c_garble[ys] - ev.c_garble[f])[None, :]
    tok_a = (ev.c_len[j] - ev.c_len[xs])[:, None]
    tok_b = (ev.c_len[ys] - ev.c_len[f])[None, :]
    english_source = wa > 0
    if not ev.english_originals and english_source.all():
        return np.full((len(xs), len(ys)), -np.inf)
    size = np.sqrt(np.minimum(tok_a, tok_b) + 1.0)
    lines = ev.lines
    # Thanks for the question where the interpretation starts opens it as a remark about
    # the translation would, but belongs to it.
    mid_line_switch = lines[j - 1] == lines[j] and f == j and not ev.noise[j - 1] and not ev.thanks[f]
    # The overlap must stand out against what these paragraphs share with the rest of
    # the call (a margin, as in parallel-corpus mining): native paragraphs that restate
    # each other's figures are alike to many blocks, a rendering to its original.
    # A cut between the two English halves of one paragraph must overlap more than this
    # call's paragraphs do with themselves (``evidence.split_threshold``), and stand out
    # against the paragraph's own background: a native paragraph restating figures said
    # elsewhere is alike to much.
    threshold: float | np.ndarray = params.sim_threshold
    if mid_line_switch:
        threshold = ev.same_line_threshold
        if params.same_line_margin:
            para = ev.para_start[j - 1]
            bg_line = (ev.c_bg[j] - ev.c_bg[para]) / max(ev.c_len[j] - ev.c_len[para], 1.0)
            threshold = min(params.same_line_threshold, max(threshold, params.same_line_margin * bg_line))
        # What was calibrated is the halves of one paragraph: a source that starts in an
        # earlier paragraph, or holds Chinese, is not one.
        one_paragraph = (xs >= ev.para_start[j - 1])[:, None] & (ha == 0)
        threshold = np.where(one_paragraph, threshold, params.same_line_threshold)
    if params.margin_ratio:
        bg_a = (ev.c_bg[j] - ev.c_bg[xs])[:, None] / np.maximum(tok_a, 1.0)
        bg_b = (ev.c_bg[ys] - ev.c_bg[f])[None, :] / np.maximum(tok_b, 1.0)
        threshold = np.maximum(threshold, params.margin_ratio * 0.5 * (bg_a + bg_b))
    gap = ov - threshold
    if mid_line_switch:
        # Short of the call's bar, the shortfall counts relative to that bar, as much as
        # one short of the plain bar would: the calibration lowers the bar for blocks that
        # share words, not the price of blocks that share none.
        plain = params.same_line_threshold
        gap = np.where(gap >= 0, gap, plain * (ov / np.maximum(threshold, 1e-9) - 1.0))
    score = np.where(english_source, params.sim_weight * gap * size, 0.0)
    # A word-by-word rendering reads more literally than the interpreter's English: the
    # contrast of the blocks' mean literalness, over the size of the literal part of the
    # source. The source's is at most that of its last paragraph, the one the rendering
    # follows: a terse native paragraph before it earns nothing by joining the source.
    last = ev.para_start[j - 1]
    lit_last = (ev.c_lit[j] - ev.c_lit[last]) / max(ev.c_len[j] - ev.c_len[last], 1.0)
    lit_a = np.minimum((ev.c_lit[j] - ev.c_lit[xs]) / np.maximum(ev.c_len[j] - ev.c_len[xs], 1.0), lit_last)[:, None]
    lit_b = (ev.c_lit[ys] - ev.c_lit[f])[None, :] / np.maximum(tok_b, 1.0)
    shares = (ov > 0) | (not mid_line_switch)
    contrast = np.where(english_source & shares, np.maximum(0.0, lit_a - lit_b - params.literal_margin), 0.0)
    literal_size = np.sqrt(np.minimum((ev.c_lit_len[j] - ev.c_lit_len[xs])[:, None], tok_b) + 1.0)
    score = score + params.literal_weight * contrast * literal_size
    if params.pooled_literal_weight and ev.literal_call and not mid_line_switch:
        # The same contrast with every word of each block pooled: a word-by-word rendering's
        # short sentences say little alone, its paragraph says it plainly. Not for a cut
        # inside a paragraph: a few sentences' inflections vary too much to place a cut
        # (stream_005_gl lost two pairs so); there the words must show it.
        least = params.pooled_min_words
        plit_a = np.minimum(block_literalness(ev, xs, j, least), block_literalness(ev, last, j, least))[:, None]
        plit_b = block_literalness(ev, f, ys, least)[None, :]
        pcontrast = np.where(english_source, np.maximum(0.0, plit_a - plit_b - params.pooled_literal_margin), 0.0)
        score = score + params.pooled_literal_weight * pcontrast * size
        contrast = np.maximum(contrast, pcontrast)
    if not ev.english_originals:
        score = np.where(english_source, -np.inf, score)
    # Raw Chinese / placeholders: no words to compare, the turn structure decides.
    b_units = (ev.c_free[ys] - ev.c_free[f])[None, :]
    if not ev.has_labels:
        y_hi = int(ys[-1])
        near = np.cumsum(ev.free[f:y_hi] & (lines[f:y_hi] <= lines[j - 1] + 1))
        b_units = np.minimum(b_units, near[ys - f - 1][None, :])
    score = score + np.where(~english_source & (ha > 0), params.chinese_bonus * b_units, 0.0)
    # Lengths should fit, for English originals; an interpreter condenses Chinese too
    # freely for characters to say much.
    smooth = params.length_smoothing
    ratio = np.where(english_source & (wb > 0), np.abs(np.log((wa + smooth) / (wb + smooth))), 0.0)
    score = score - params.length_weight * np.maximum(0.0, ratio - params.length_ratio_free)
    score = score + params.garble_weight * ga - 2 * params.garble_weight * gb - params.bead_cost
    inner_a = (ev.c_inner[j] - ev.c_inner[xs + 1])[:, None]
    inner_b = (ev.c_inner[ys] - ev.c_inner[f + 1])[None, :]
    score = score - params.inner_pair_weight * (inner_a + inner_b)
    if mid_line_switch:
        # From Chinese characters to English the switch is plain to see, where nothing else
        # marks turns; with speaker labels, a rendering comes in its own turn (or after a
        # remark about the translation), so a speaker's own English after their Chinese
        # ("好 的 ， 谢 谢 。 Nothing more from me.") is no rendering.
        chinese_cost = params.mid_line_switch_cost if ev.has_labels else 0.0
        score = score - np.where(english_source, params.mid_line_switch_cost, chinese_cost)
    score = score - np.where(english_source, params.english_bead_cost, 0.0)
    extra_paragraphs = np.array([sum(1 for i in range(x + 1, j) if ev.lines[i] != ev.lines[i - 1]) for x in xs])[
        :, None
    ]
    score = score - np.where(english_source, params.source_paragraph_cost * extra_paragraphs, 0.0)
    if ev.fluent_speaker[j - 1] and not ev.interp[f]:
        # The source's speaker shows no sign of speaking Chinese anywhere in the call, and no
        # interpreter's turn follows.
        score = score - np.where(english_source, params.fluent_speaker_cost, 0.0)
    # "Let me translate my question": the remark itself says that a rendering of what
    # was just said follows, whatever the words show (but only of what was just said) ...
    if f > j or ev.thanks[f]:
        framed = (ev.framing[j:f].any() or ev.thanks[f]) & (lines[xs] >= lines[max(f - 1, j - 1)] - 1)[:, None]
        # ... of a source that shows it is speech rendered by machine, or re-said, if English,
        # or of the speaker's own words in this turn that the remark says they render.
        own_words = bool(ev.c_own[f] > ev.c_own[j]) and ev.english_originals
        own = (own_words & (ev.turns[xs] == ev.turns[max(f - 1, j)]))[:, None]
        framed = framed & (~english_source | (ga > 0) | (contrast > 0) | (ov >= params.sim_threshold) | own)
    else:
        framed = np.zeros((len(xs), 1), bool)
    # An interpreter's turn right after the source's turn of English hands it on.
    if ev.interpreter_named[f] and ev.turns[f] == ev.turns[j - 1] + 1 and ev.english_originals:
        framed = framed | (english_source & (ev.turns[xs] == ev.turns[j - 1])[:, None])
    score = np.where(framed, np.maximum(score, 0.0) + params.framing_bonus, score)
    too_short = english_source & ~framed & ((tok_a < params.min_words) | (tok_b < params.min_words))
    # A question and its answer: a new turn that answers the source's question, or asks
    # after a source that neither asks nor reports a question.
    if ev.turn_open[f]:
        q_b = (ev.c_question[ys] - ev.c_question[f])[None, :]
        q_a = (ev.c_question[j] - ev.c_question[xs])[:, None]
        asks_b = (ev.c_asks[ys] - ev.c_asks[f])[None, :]
        answers = bool(ev.asks[j - 1]) & (q_b == 0)
        too_short = too_short | (english_source & (answers | ((asks_b > 0) & (q_a == 0))))
    return np.where(too_short, -np.inf, score)


def reference_search(
    text: str, units: Sequence[Unit], ev: Evidence, matches: UnitMatches, params: AlignParams
) -> list[Step]:
    """The back pointers of the best segmentation into single units and beads."""
    n = ev.n
    best = np.full(n + 1, -np.inf)
    best[0] = 0.0
    back: list[Step] = [()] * (n + 1)
    la, lb = params.max_source, params.max_target
    win_lo, win, win_cum = 0, np.zeros((0, 0)), np.zeros(1)
    win_len = 2 * (la + lb) + 8
    free, chinese, noise, interp = ev.free, ev.chinese, ev.noise, ev.interp
    for t in range(n):
        # best[t] is final: every bead ending at t has its switch point before t.
        single, kind = single_score(units[t], bool(interp[t]), ev.english_originals, params)
        if best[t] + single > best[t + 1]:
            best[t + 1], back[t + 1] = best[t] + single, ("single", t, kind)
        # Beads switching at j = t + 1: A = [x, j) with x <= t, B = [f, y) after the gap.
        j = t + 1
        if j >= n or not (free[t] or chinese[t] or noise[t]):
            continue
        x_lo = max(0, j - la, int(ev.src_from[t])) if ev.source_ok[t] else j
        xs = np.arange(x_lo, j)
        xs = xs[((free[xs] & ~interp[xs]) | chinese[xs]) & ev.opens[xs] & (best[xs] > -np.inf)]
        if not ev.english_originals:
            xs = xs[ev.c_words[j] - ev.c_words[xs] == 0]  # no machine English: a source is Chinese
        if len(xs) == 0:
            continue
        f = first_content(units, j, text, params)
        if f >= n or not free[f] or units[f].continues:
            continue
        y_hi = min(n, f + lb, int(ev.tgt_to[f]))  # free[f], so target_ok[f]
        ys = np.arange(f + 1, y_hi + 1)
        ys = ys[ev.closes[ys] & (ev.c_turn[ys] - ev.c_turn[f + 1] == 0)]
        xs = xs[ev.c_turn[j] - ev.c_turn[xs + 1] == 0]
        if len(xs) == 0 or len(ys) == 0:
            continue
        if x_lo < win_lo or y_hi > win_lo + win.shape[0]:
            win_lo = max(0, x_lo)
            win = matches.window(win_lo, min(n, win_lo + win_len))
            win_cum = ev.c_len[win_lo : win_lo + win.shape[0] + 1] - ev.c_len[win_lo]
            if y_hi > win_lo + win.shape[0]:
                continue  # a gap longer than the window: no bead across it
        ov = block_overlap(win, win_cum, xs - win_lo, j - win_lo, f - win_lo, ys - win_lo)
        score = reference_bead_scores(ev, params, xs, j, f, ys, ov)
        total = best[xs][:, None] + score
        arg = np.argmax(total, axis=0)
        for col, y in enumerate(ys):
            row = arg[col]
            if total[row, col] > best[y]:
                best[y] = total[row, col]
                back[y] = ("bead", int(xs[row]), j, f, float(score[row, col]))
    return back


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.txt"))


def _variants() -> list[AlignParams]:
    return [
        ALIGN,
        replace(ALIGN, margin_ratio=1.5, same_line_margin=0.0),
        replace(ALIGN, pooled_literal_weight=0.0, same_line_quantile=0.0, source_paragraph_cost=0.0),
        replace(ALIGN, min_doc_literal_paragraph_share=0.0, min_doc_literal_paragraphs=1),
    ]


@pytest.mark.parametrize("large", [0, 1 << 30], ids=["alone", "chunked"])
@pytest.mark.parametrize("path", EXAMPLES + [None], ids=lambda p: p.stem if p else "glossed")
def test_search_equals_the_reference_search(path, large, monkeypatch) -> None:
    """Every switch point scored alone (broadcast), or all in chunks (flat)."""
    from bitranscript.align.dp import search

    monkeypatch.setattr(bitranscript.align.dp, "_LARGE", large)
    monkeypatch.setattr(bitranscript.align.dp, "_CHUNK", 256)  # some chunks of many, some of one too large
    text = path.read_text(encoding="utf-8") if path else GLOSSED + GARBLED * 3
    units = units_of(text)
    for params in _variants():
        ev, matches, _ = gather(text, units, params)
        for variant in (
            ev,
            replace(ev, english_originals=not ev.english_originals),
            replace(ev, has_labels=not ev.has_labels),
        ):
            assert search(text, units, variant, matches, params) == reference_search(
                text, units, variant, matches, params
            )


def test_a_second_search_reads_the_first_ones_overlaps_or_measures_anew(monkeypatch) -> None:
    """The example's call is searched twice (its English beads take up most of its open
    English): reusing the first search's overlaps gives what measuring anew gives."""
    import bitranscript.align as align_stage

    path = Path(__file__).resolve().parents[1] / "examples" / "kingsoft_cloud_q3_2031.txt"
    text = path.read_text(encoding="utf-8")
    units = units_of(text)
    reused = align_stage.align(text, units)
    assert align_stage.open_share(units, reused) < ALIGN.open_share_prior  # the second search ran
    monkeypatch.setattr(align_stage, "_KEEP_BEADS", 0)
    assert align_stage.align(text, units) == reused


def test_kept_items_are_read_again_only_while_they_fit() -> None:
    from bitranscript.align import _Kept
    from bitranscript.align.dp import Measured

    items = [Measured([], np.zeros(3)), Measured([], np.zeros(2))]
    for limit, again in ((5, items), (4, None)):
        kept = _Kept(iter(items), limit)
        assert list(kept) == items
        assert kept.again() == again


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_bead_scores_equal_the_reference(data) -> None:
    from bitranscript.align.dp import switch_points

    path = data.draw(st.sampled_from(EXAMPLES))
    params = data.draw(st.sampled_from(_variants()))
    text = path.read_text(encoding="utf-8")
    units = units_of(text)
    ev, matches, _ = gather(text, units, params)
    ev = replace(ev, english_originals=data.draw(st.booleans()), has_labels=data.draw(st.booleans()))
    blocks = list(switch_points(text, units, ev, matches, params))
    if not blocks:
        return
    blk = data.draw(st.sampled_from(blocks))
    xs, ys = np.array(blk.xs), np.array(blk.ys)
    win = matches.window(0, len(units))
    ov = block_overlap(win, ev.c_len, xs, blk.j, blk.f, ys)
    got = bead_scores(ev, params, xs, blk.j, blk.f, ys, ov)
    want = reference_bead_scores(ev, params, xs, blk.j, blk.f, ys, ov)
    assert got.tobytes() == want.tobytes()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_block_overlaps_equal_block_overlap(data) -> None:
    from bitranscript.similarity import bead_ends, block_cells, block_overlaps

    m = data.draw(st.integers(2, 14))
    bags = [[f"w{data.draw(st.integers(0, 9))}" for _ in range(data.draw(st.integers(0, 6)))] for _ in range(m)]
    um = UnitMatches(bags, max_share=1.0)
    win = um.window(0, m)
    blocks = []
    for _ in range(data.draw(st.integers(1, 4))):
        j = data.draw(st.integers(1, m - 1))
        f = data.draw(st.integers(j, m - 1))
        xs = sorted(data.draw(st.sets(st.integers(0, j - 1), min_size=1)))
        ys = sorted(data.draw(st.sets(st.integers(f + 1, m), min_size=1)))
        blocks.append((xs, j, f, ys))
    cum = np.concatenate([[0.0], np.cumsum(um.length)])
    x0, js, fs, y1 = (np.array(v) for v in zip(*((xs[0], j, f, ys[-1]) for xs, j, f, ys in blocks), strict=True))
    got = block_overlaps(
        block_cells(win, 0, x0, js, fs, y1),
        [b[0] for b in blocks],
        np.array([b[1] for b in blocks]),
        np.array([b[2] for b in blocks]),
        [b[3] for b in blocks],
        cum,
    )
    want = np.concatenate(
        [block_overlap(win, cum, np.array(xs), j, f, np.array(ys)).ravel() for xs, j, f, ys in blocks]
    )
    assert got.tobytes() == want.tobytes()
    xs_, ys_ = [b[0] for b in blocks], [b[3] for b in blocks]
    again = block_overlaps(
        block_cells(win, 0, x0, js, fs, y1), xs_, js, fs, ys_, cum, bead_ends(xs_, ys_)
    )  # the bead ends given, as dp._measure_chunk gives them
    assert again.tobytes() == want.tobytes()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("abcdeIOTU ’'.,-19%éİßK") + ["the ", "Going ", "walked ", "of ", "Jinshan ", "12.5"]),
        max_size=40,
    ).map("".join)
)
def test_unit_words_equal_content_tokens_and_word_counts(sentence) -> None:
    from bitranscript.align.evidence import unit_words, word_counts
    from bitranscript.features import english_frequencies
    from bitranscript.similarity import content_tokens

    freq = english_frequencies()
    assert unit_words(sentence, freq) == (content_tokens(sentence, freq), word_counts(sentence))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60))
def test_ascii_twins_of_the_aligners_token_patterns(text) -> None:
    """The faster engine reads ASCII text as the Unicode pattern does (similarity, style)."""
    sim = bitranscript.similarity
    assert sim._TOKEN_ASCII.findall(text) == sim._TOKEN.findall(text)
    style = bitranscript.align.style
    assert style._TOKEN_ASCII.findall(text) == style._TOKEN.findall(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["ask", "Asked ", "QUESTION", "questions", "whether", "wonder", "wants", "like", " to ", "know", "curious"]
            + list("abksK ,.'’?ſİ-")
        ),
        max_size=20,
    ).map("".join)
)
def test_reports_a_question_equals_its_pattern(sentence) -> None:
    """The words looked for first leave the pattern's answer as it is."""
    from bitranscript.align.evidence import REPORTS_A_QUESTION, _reports

    assert _reports(sentence) == bool(REPORTS_A_QUESTION.search(sentence))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Hello",
                "hi",
                "Good ",
                "morning",
                "day",
                "YES",
                "yeah",
                "Sure",
                "okay",
                "OK",
                "thank you",
                "Thanks",
                " to",
            ]
            + list("abksK ,.!'’?ſİ-\n")
        ),
        max_size=12,
    ).map("".join)
)
def test_turn_opener_equals_its_pattern(sentence) -> None:
    """The words looked for first leave the pattern's answer as it is."""
    from bitranscript.align.evidence import TURN_OPENER, _opens_turn

    assert _opens_turn(sentence) == bool(TURN_OPENER.match(sentence))
