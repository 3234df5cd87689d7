"""Property tests on synthetic calls (tests/synth.py; issue 12, item 5).

Every knob setting of ``synth.all_specs()`` is generated for ``SEEDS`` seeds and processed
once (cached for the module). The properties:

1. fluent native paragraphs that restate each other (a CFO's prepared remarks) are never
   paired with each other;
2. every generated source (raw Chinese, placeholder, machine English) is paired with its
   interpretation: the rate is measured per source form and held to a floor at the level
   the code reaches today (a ratchet: raise it when the aligner improves); where the ideal
   does not hold yet, a strict ``xfail`` says so and turns red the day it starts to hold;
3. an English-only call gets no pairs and no source-kind segments;
4. offsets are lossless: ``result.rebuild() == text``.

Nothing here reads ``../shared``. ``python benchmarks/synth_eval.py`` prints the same
figures with score.py's definitions.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from bitranscript import process  # noqa: E402
from bitranscript.params import ALIGN  # noqa: E402

ALIGN_STYLE = ALIGN.style_scale

SEEDS = range(4)

# Floors (today's level, a little below it) on the share of generated pairs found
# (both sides Jaccard >= 0.9), per source form, over all settings of that form.
PAIR_RECALL_FLOOR = {
    "chinese": 1.0,
    "placeholder": 1.0,
    "placeholder_lost": 1.0,  # 0.98 before a run of nothing but question marks counted as lost speech
    "mt": 1.0,  # 0.89 before turn structure (re-said speakers, interpreters handed a turn) counted
    "mt_romanised": 1.0,  # 0.99 before the second search read the call's own style (align.style)
    "garbled": 0.98,
    "glossed": 0.98,  # 0.76 before turn structure (rendered English turns, self-translation remarks) counted; 0.97 before a literal contrast could pair blocks of two paragraphs that share no word
}
# Floors on mean character kind accuracy per source form (same call set).
KIND_FLOOR = {
    "chinese": 0.99,
    "placeholder": 0.99,
    "placeholder_lost": 0.98,
    "lost": 0.99,
    "mt": 0.98,
    "mt_romanised": 0.98,
    "garbled": 0.98,
    "glossed": 0.97,
    "tag_only": 0.98,
    "english_only": 0.99,
}
# Forms where native restatements are still paired today: ceiling on such pairs per call.
NATIVE_PAIR_CEILING = {"mt": 0.13, "mt_romanised": 0.13, "garbled": 0.10, "glossed": 0.13}
"""0.22-0.25 before an announcement of how the call will go ("the remarks will be interpreted
into English") stopped counting as word that a rendering follows (detect._ANNOUNCES); garbled
0.12 before such an announcement stopped opening a rendering (``evidence.first_content``)."""
MACHINE_ENGLISH = ("mt", "mt_romanised", "garbled", "glossed")


@cache
def _run(spec: synth.CallSpec, seed: int):
    call = synth.generate(spec, seed)
    return call, process(call.text)


def _runs(form: str | None = None):
    for spec in synth.all_specs():
        if form is None or spec.source == form:
            for seed in SEEDS:
                yield _run(spec, seed)


# -- the generator itself ----------------------------------------------------------------


def test_generator_is_deterministic_and_its_gold_is_well_formed():
    for spec in synth.all_specs():
        call = synth.generate(spec, 7)
        assert synth.generate(spec, 7).text == call.text
        covered = [False] * len(call.text)
        last = 0
        for s in call.spans:
            assert last <= s.start < s.end, s
            assert call.text[s.start : s.end] == call.text[s.start : s.end].strip()
            assert "\n" not in call.text[s.start : s.end] and "\r" not in call.text[s.start : s.end]
            covered[s.start : s.end] = [True] * (s.end - s.start)
            last = s.end
        assert all(covered[i] or ch.isspace() for i, ch in enumerate(call.text))
        for p in call.pairs:
            assert p.source and p.interpretation
            assert all(call.spans[i].kind in ("original", "chinese") for i in p.source)
            assert all(call.spans[i].kind == "interpretation" for i in p.interpretation)
            assert max(p.source) < min(p.interpretation)
        seg = {g["id"]: g for g in call.gold["segments"]}
        lines = call.text.splitlines(keepends=True)
        for i, s in enumerate(call.spans):
            g = seg[i + 1]
            assert lines[g["line"] - 1][g["start"] : g["end"]] == call.text[s.start : s.end]


def test_knobs_change_the_text():
    base = synth.CallSpec(source="garbled")
    text = synth.generate(base, 1).text
    for field, value in [
        ("labels", "inline"),
        ("labels", "none"),
        ("interpreter", "executive"),
        ("tag", "own_line"),
        ("prepared_remarks", False),
        ("self_translating", False),
        ("noise", True),
        ("vendor_header", False),
        ("newline", "\r\n"),
        ("condensed", True),
        ("interruption", True),
        ("run_together", True),
    ]:
        other = synth.generate(synth.CallSpec(**{**base.__dict__, field: value}), 1).text
        assert other != text, field
    with pytest.raises(ValueError):
        synth.CallSpec(source="klingon")


def test_garble_and_pinyin_rules():
    assert synth.pinyin("冷链物流") == "Lenglian Wuliu"
    assert synth.garble("The orders of Lenglian Wuliu created a new high in the last month.") == (
        "Orders of Lenglian Wuliu create new high in last month."
    )


# -- property 4: offsets ------------------------------------------------------------------


def test_rebuild_is_lossless_on_every_setting():
    for call, result in _runs():
        assert result.rebuild() == call.text, (call.spec, call.seed)
        assert all(0 <= s.start <= s.end <= len(call.text) for s in result.segments)


# -- property 3: English-only calls --------------------------------------------------------


@pytest.mark.parametrize("noise", [False, True])
def test_english_only_call_has_no_pairs_and_no_source_kinds(noise):
    for labels in synth.LABEL_STYLES:
        for seed in SEEDS:
            call, result = _run(synth.CallSpec(source="english_only", labels=labels, noise=noise), seed)
            assert result.pairs == (), (labels, seed)
            kinds = {s.kind for s in result.segments}
            assert not kinds & {"original", "chinese", "interpretation"}, (labels, seed, kinds)


# -- property 1: native restatements are never paired -------------------------------------


def test_native_english_is_never_the_source_of_an_interpretation():
    """An analyst's native question is never taken for the source of the answer's rendering,
    in any setting (an interpreter's label after another speaker's label frames nothing)."""
    bad = [(c.spec, c.seed) for c, r in _runs() if synth.native_source_pairs(c, r)]
    assert not bad, bad[:3]


@pytest.mark.parametrize("labels", synth.LABEL_STYLES)
def test_a_question_and_its_answer_are_never_paired(labels):
    """A native follow-up question and the CFO's answer, which takes up its words, stay
    native and unpaired in every source form (the answer opens with thanks or a yes and
    neither asks nor reports a question: no rendering of it)."""
    bad = []
    for form in ("chinese", "mt", "mt_romanised", "garbled", "glossed"):
        for seed in SEEDS:
            call = synth.generate(synth.CallSpec(source=form, labels=labels, followups=True), seed)
            bad += [(form, seed)] * synth.followup_pairs(call, process(call.text))
    assert not bad, bad


@pytest.mark.parametrize("form", [f for f in synth.SOURCE_FORMS if f not in MACHINE_ENGLISH])
def test_native_restatements_never_paired(form):
    bad = [(c.spec, c.seed) for c, r in _runs(form) if not c.spec.noise and synth.native_pairs(c, r)]
    assert not bad, bad[:3]


NOISY_FORMS = ("chinese", "placeholder", "placeholder_lost", "lost", "tag_only", "english_only")
NOISY_SEEDS = range(8)


def _noisy_native_pairs() -> list:
    out = []
    for form in NOISY_FORMS:
        for seed in NOISY_SEEDS:
            call, result = _run(synth.CallSpec(source=form, noise=True), seed)
            out += [(form, seed)] * synth.native_pairs(call, result)
    return out


def test_native_restatements_never_paired_in_noisy_calls():
    """A loop or filler run inside a CFO's paragraphs once let them pair (9 in these 48 calls at
    3e396c2): the rest of a sentence after fillers read as a word-by-word sentence of its own."""
    assert not _noisy_native_pairs()


@pytest.mark.parametrize("form", MACHINE_ENGLISH)
def test_native_restatements_paired_no_more_than_today(form):
    counts = [synth.native_pairs(c, r) for c, r in _runs(form)]
    assert sum(counts) / len(counts) <= NATIVE_PAIR_CEILING[form], sum(counts) / len(counts)


@pytest.mark.xfail(strict=True, reason="issue 12: a CFO's restating paragraphs are paired in machine-English calls")
@pytest.mark.parametrize("form", MACHINE_ENGLISH)
def test_native_restatements_never_paired_machine_english(form):
    assert not any(synth.native_pairs(c, r) for c, r in _runs(form))


# -- property 2: every source is paired with its interpretation ----------------------------


def _pair_recall(form: str) -> tuple[float, list]:
    found = total = 0
    misses = []
    for call, result in _runs(form):
        flags = synth.pair_matches(call, result)
        found += sum(flags)
        total += len(flags)
        misses += [
            (call.spec, call.seed, call.span_text(p.source[0])[:40])
            for p, f in zip(call.pairs, flags, strict=True)
            if not f
        ]
    return found / total, misses


@pytest.mark.parametrize("form", sorted(PAIR_RECALL_FLOOR))
def test_sources_paired_with_their_interpretation_floor(form):
    rate, misses = _pair_recall(form)
    assert rate >= PAIR_RECALL_FLOOR[form], (rate, misses[:3])


@pytest.mark.xfail(strict=True, reason="issue 12: not every generated original is paired yet")
@pytest.mark.parametrize("form", sorted(f for f, v in PAIR_RECALL_FLOOR.items() if v < 1.0))
def test_every_source_paired_with_its_interpretation(form):
    rate, misses = _pair_recall(form)
    assert rate == 1.0, misses[:3]


@pytest.mark.parametrize("form", sorted(KIND_FLOOR))
def test_kind_accuracy_floor(form):
    acc = [synth.simple_score(c, r)["kind_accuracy"] for c, r in _runs(form)]
    assert sum(acc) / len(acc) >= KIND_FLOOR[form], sum(acc) / len(acc)


@pytest.mark.parametrize("labels", synth.LABEL_STYLES)
@pytest.mark.parametrize("form", ["garbled", "mt", "glossed"])
def test_the_operator_on_a_dropped_line_is_native_and_unpaired(form, labels):
    """Between two interpreted remarks the line drops and the operator speaks: native
    English, neither a source nor a rendering."""
    for seed in range(3):
        call = synth.generate(synth.CallSpec(source=form, labels=labels, interruption=True), seed)
        result = process(call.text)
        said = [s for s in call.spans if s.role == "native" and _interrupts(call.text[s.start : s.end])]
        assert said, "the generator wrote no interruption"
        kinds = synth.char_kinds(call.text, result.segments)
        paired = {i for p in result.pairs for i in (*p.original, *p.interpretation)}
        for s in said:
            assert kinds[s.start] == "native", (call.spec, seed, call.text[s.start : s.end])
            assert not any(result.segments[i].start <= s.start < result.segments[i].end for i in paired)


def _interrupts(text: str) -> bool:
    return any(sentence in text for lines in synth.INTERRUPTIONS for sentence in lines)


def _run_together_recall(form: str) -> float:
    found = total = 0
    for seed in range(4):
        call = synth.generate(synth.CallSpec(source=form, labels="none", run_together=True), seed)
        flags = synth.pair_matches(call, process(call.text))
        found, total = found + sum(flags), total + len(flags)
    return found / total


@pytest.mark.parametrize(("form", "floor"), [("chinese", 1.0), ("garbled", 0.85), ("mt_romanised", 0.85)])
def test_a_rendering_run_into_its_sources_line_is_paired_floor(form, floor):
    """The vendor runs each interpretation into its source's line: the switch lies inside a
    paragraph. A ratchet at today's level (0.875 garbled and mt_romanised when written)."""
    assert _run_together_recall(form) >= floor


def _passage_recall(style_scale: float) -> float:
    from dataclasses import replace

    from bitranscript.model import Options
    from bitranscript.params import ALIGN, Params

    options = Options(params=replace(Params(), align=replace(ALIGN, style_scale=style_scale)))
    found = total = 0
    for seed in range(6):
        spec = synth.CallSpec(source="garbled", labels="none", run_together=True, remarks=8, questions=1)
        call = synth.generate(replace(spec, prepared_remarks=False), seed)
        flags = synth.pair_matches(call, process(call.text, options))
        found, total = found + sum(flags), total + len(flags)
    return found / total


def test_the_calls_own_ways_of_writing_cut_renderings_run_into_their_sources_line():
    """A call read out passage by passage, each rendering run into its source's line: the
    style the call's own beads show (``align.style``) finds the cut where the fixed
    literalness does not (45 of 60 pairs without it, 49 with it, when written)."""
    with_style, without = _passage_recall(ALIGN_STYLE), _passage_recall(0.0)
    assert with_style > without
    assert with_style >= 0.8


@pytest.mark.xfail(
    strict=True, reason="issue 12: fluent machine translation run into its line shows no machine English"
)
def test_fluent_machine_translation_run_into_its_line_is_paired():
    """Nothing but the halves of each paragraph re-saying each other says these calls hold
    machine English; in short calls that does not stand out from a native speaker's
    paragraphs (best-split margins up to 4.9 in the fluent real dev calls, 4.6-16 here)."""
    assert _run_together_recall("mt") >= 0.85


def test_the_calls_own_rate_of_beads_finds_condensed_renderings():
    """An interpreter who condenses shares few words with the source; in a call where most
    paragraphs pair (a call read out remark by remark, no prepared remarks, one question), the
    call's own rate of beads (``params.Align.open_share_prior``) is the prior a weak bead is
    weighed against: it finds more of them than a fixed cost (93 against 88 of 168 when
    written; most of the rest are left by the gate or paired with a neighbour)."""
    from dataclasses import replace

    from bitranscript import Options
    from bitranscript.params import ALIGN, Params

    fixed_cost = Options(params=Params(align=replace(ALIGN, open_share_prior=0.0)), checks=False)
    found = {"prior": 0, "fixed": 0}
    for form in MACHINE_ENGLISH:
        for seed in range(6):
            spec = synth.CallSpec(
                source=form, labels="none", condensed=True, remarks=5, prepared_remarks=False, questions=1
            )
            call = synth.generate(spec, seed)
            found["prior"] += sum(synth.pair_matches(call, process(call.text, options=Options(checks=False))))
            found["fixed"] += sum(synth.pair_matches(call, process(call.text, options=fixed_cost)))
    assert found["prior"] > found["fixed"], found


@pytest.mark.parametrize("form", ["lost", "tag_only"])
def test_unpaired_interpretation_is_read_as_interpretation(form):
    """After a lost-speech run or an [Interpreted] tag the English is interpretation (with labels)."""
    right = total = 0
    for call, result in _runs(form):
        if call.spec.labels != "block":
            continue
        kinds = synth.span_kinds(call, result)
        for block in call.unpaired_interpretations:
            total += len(block)
            right += sum(kinds[i] == "interpretation" for i in block)
        # no source anywhere: no pair (noisy calls: see the noisy native-pair tests)
        assert not result.pairs or form == "lost" or call.spec.noise, (call.spec, call.seed)
    assert total and right / total >= {"lost": 0.9, "tag_only": 0.95}[form], right / total


def test_glossed_originals_open_the_call_and_pair():
    """Originals glossed word by word in short clauses (no sentence long enough to read as
    literal alone, nothing romanised, renderings that share few words with them): their
    paragraphs, pooled, read word by word, which opens the call to English originals
    (``align.evidence.paragraphs_word_by_word``) and pairs them by their contrast with the
    fluent rendering (``Align.pooled_literal_weight``). Before: 0.72 of the pairs found,
    and in a third of these calls no English original at all."""
    from bitranscript.align.evidence import gather
    from bitranscript.detect import detect
    from bitranscript.params import ALIGN
    from bitranscript.sentences import split_sentences

    opened = total = 0
    for call, _ in _runs("glossed"):
        units = detect(call.text, split_sentences(call.text))
        ev = gather(call.text, units, ALIGN)[0]
        opened += ev.literal_call and ev.english_originals
        total += 1
    assert opened / total >= 0.65, opened / total
    rate, misses = _pair_recall("glossed")
    assert rate >= 0.76, (rate, misses[:3])


def test_lost_runs_are_noise():
    kinds_by_role = defaultdict(list)
    for form in ("lost", "placeholder_lost"):
        for call, result in _runs(form):
            for s, k in zip(call.spans, synth.span_kinds(call, result), strict=True):
                if s.role == "lost":
                    kinds_by_role[call.spec.labels].append(k == "noise")
    for labels, flags in kinds_by_role.items():
        assert sum(flags) / len(flags) >= 0.95, labels
