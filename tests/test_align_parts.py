"""The parts of the aligner one by one: evidence, the bead score, the search, the refinement.

Every transcript here is invented. The end-to-end behaviour is in test_detect.py and
test_pipeline.py; these tests pin each part's own rule, so that a change to one shows
where it lands.
"""

from __future__ import annotations

import doctest
from dataclasses import replace

import numpy as np
import pytest

import bitranscript.align.dp
import bitranscript.align.refine
import bitranscript.features
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
    base = dict(start=0, end=1, line=0, fixed=None, turn=0)
    base.update(kw)
    return Unit(**base)


@pytest.mark.parametrize("module", [bitranscript.align.dp, bitranscript.align.refine, bitranscript.features])
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


GARBLED = (
    "Our company this season income reach 12 billion, year on year grow 20 percent, main depend public cloud.\n"
    "This quarter our revenue reached RMB 12 billion, up 20% year over year, driven mainly by public cloud.\n"
)


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
        "Welcome everyone, Jinshan Yun this season income reach 12 billion, public cloud grow 20 percent. " + tail + "\n"
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
    matches = UnitMatches([[w.lower().strip('.,')[:5] for w in text[u.start : u.end].split()] for u in units], max_share=1.0)
    params = replace(ALIGN, refine_move_contrast=contrast)
    new_j = refine_switch(matches, units, 0, j, len(units), lambda u: text[u.start : u.end], params)
    assert (new_j < j) is moved
