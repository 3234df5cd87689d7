"""Every threshold of every stage, typed, named and documented in one place.

A threshold that decides a kind, a pair, an edit or a finding lives here and nowhere
else: stages take the dataclass of their stage (``Params.detect``, ``Params.align``,
``Params.glossary``) and never hold a literal cut-off of their own. ``Params`` is part of
``Options`` and of ``Result.signature`` (by value), so a result names the thresholds that
made it. ``benchmarks/tune.py`` fits the fitted ones with leave-one-set-out
cross-validation over the dev sets; its docstring lists which.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Shared:
    """Word-frequency bands read by more than one stage (wordfreq's English frequencies, a
    share of all words: 1e-6 is once per million, zipf 3). Fixed, not fitted: they describe
    English, not the calls."""

    stop_word_frequency: float = 1e-3
    """A word more frequent than this (the, we, our, this...) carries no content: it is not
    compared when blocks are matched (``similarity.content_tokens``)."""
    english_word_frequency: float = 3e-7
    """A word at least this frequent is English, never romanised Chinese
    (``features.is_pinyin_word``; "Yolanda", "Xiaomi" are known to English)."""
    attested_word_frequency: float = 5e-8
    """... and so is a rarer word this frequent with an English ending ("piloting")."""


SHARED = Shared()


@dataclass(frozen=True, slots=True)
class Detect:
    """What one sentence shows on its own (``detect``, ``features``)."""

    fluent_function_share: float = 0.45
    """Share of function words in fluent English, native or interpreted (0.40-0.50 in
    every dev call; word-by-word machine English has 0.15-0.30)."""
    function_share_scale: float = 0.10
    """Shortfall of function words that counts one point of literalness."""
    fluent_inflection_share: float = 0.05
    """Share of -ed/-ing words in fluent English (0.04-0.10; word-by-word renderings ~0)."""
    inflection_share_scale: float = 0.03
    """Shortfall of inflected words that counts one point of literalness."""
    literal_min_words: int = 10
    """Words a sentence needs before its literalness is read (a short operator line such as
    "Welcome to the Acme earnings call" is terse, not literal)."""
    literal_clip: float = 3.0
    """Literalness is clipped to +/- this: one sentence is never overwhelming evidence."""
    chinese_share: float = 0.3
    """Share of Chinese characters among the words (``features.han_share``) from which a
    sentence is raw Chinese ("谢谢 Charles" stays Chinese)."""
    placeholder_max_other_words: int = 2
    """Words a placeholder sentence may hold beside it and still stand for the Chinese turn
    (the name it greets: "Vicky, [Foreign language].")."""
    framing_max_words: int = 20
    """A remark about the translation is short; a longer sentence that mentions
    translation is speech."""
    operator_script_max_chars: int = 240
    """The operator's scripted lines are short."""
    garble_long: float = 1.0
    """Garble of one romanised word of three syllables or more ("Gongyouyun")."""
    garble_two: float = 0.35
    """... of two syllables ("Zhenwu")."""
    garble_one: float = 0.15
    """... of one syllable ("Zou")."""
    garble_compound: float = 0.7
    """... of a romanised word followed by a generic syllable ("Jinshan Yun")."""
    compound_syllables: tuple[str, ...] = ("yun", "zong")
    """Generic Chinese syllables a recogniser leaves romanised after a name (云 cloud, 总
    boss): with the word before them, a romanised term."""
    lost_speech_marks: int = 10
    """Question marks a lost-speech run (speech the vendor could not encode) has at least ..."""
    lost_speech_share: float = 0.6
    """... making up this share of its visible characters ("????AI????15%???")."""
    name_min_mentions: int = 4
    """A capitalised romanised word said this often in a call is a name, not garble."""


DETECT = Detect()


@dataclass(frozen=True, slots=True)
class Align:
    """The weights of the bead score of ``align`` (fitted by ``benchmarks/tune.py``)."""

    max_source: int = 80
    """Most units in a source block."""
    max_target: int = 60
    """Most units in an interpretation block (a leading label or framing gap included)."""
    sim_threshold: float = 0.1
    """Ordered overlap of the two blocks (``similarity.block_overlap``) below which the
    words count against a bead."""
    sim_weight: float = 12.0
    garble_weight: float = 1.5
    length_weight: float = 1.0
    chinese_bonus: float = 1.5
    """Per interpretation unit, for a source block of raw Chinese or placeholders."""
    bead_cost: float = 0.5
    unpaired_original_cost: float = 0.8
    mid_line_switch_cost: float = 2.0
    """A switch from original to interpretation inside a paragraph needs more evidence."""
    same_line_threshold: float = 0.2
    """Block similarity a bead needs when it switches inside a paragraph with no framing
    remark there: the halves of one speaker's long paragraph are alike too, so a cut
    inside a paragraph needs clearer evidence of translation."""
    same_line_quantile: float = 0.7
    """The bar of a cut inside a paragraph is calibrated inside the call: this quantile of
    the best overlap between the two halves of each of the call's paragraphs (cut where
    they overlap most; ``align.evidence.split_threshold``), never above
    ``same_line_threshold`` nor below ``sim_threshold``. Where one speaker's paragraphs
    are seldom alike to themselves (fluent machine translation of narrative speech), a
    rendering run into its original's
    line stands out at a lower overlap than where they often are (a CFO restating figures,
    a garbled paragraph repeating its pinyin). 0 turns the calibration off. Cross-validated
    with ``same_line_margin`` over 0, 0.7, 0.75, 0.8 x 0, 1, 1.5, 2 (``benchmarks/tune.py``):
    0.75/0 on most held-out sets, 0.7/1.5 on streams 002-004; 0.7/1.5 on every held-out set
    among the margins that keep the invented example's CFO restatement native."""
    same_line_margin: float = 1.5
    """... and at least this many times the paragraph's own background overlap with the
    call around it (``Evidence.c_bg``, a margin): a native paragraph restating figures said
    elsewhere in the call is alike to many blocks, and its halves are no rendering of each
    other."""
    refine_move_contrast: float = 2.0
    """The refinement (``align.refine``) moves a sentence that is no signpost into the
    rendering only where the bead's source reads this much more literally (mean
    ``Unit.literal``) than its rendering: where both read fluently (machine translation
    and an interpreter), a sentence at the end of the original's paragraph shares its
    names and topic with the rest of that paragraph, and the overlap that would move it is
    that of a speaker with themselves. Cross-validated over off, 1, 1.5, 2, 3: 2 on every
    held-out set but one (3 drops a seed pair)."""
    open_share_prior: float = 1.0
    """The call's own rate of beads as the prior a bead is weighed against. Where the first
    search leaves a share ``s`` of the call's open-English paragraphs outside
    English-source beads, below this value, a second search scales ``english_bead_cost`` by
    ``s`` over it: in a call read out passage by passage, each followed by its rendering
    (the streams leave .03-.18 outside), a paragraph left alone between beads is more
    likely a pair whose words say little (a free or condensed interpretation) than native
    English. Calls without machine English leave all of it outside and are searched once.
    Only the English bead's cost scales: scaling ``bead_cost`` too let the seed (.39 left
    outside) pair a native paragraph with itself. 0 turns it off. Cross-validated over 0,
    0.7, 0.9, 1.0 (``benchmarks/tune.py``, all sets): 1.0 on every held-out set but
    stream_003 (0.7); mean CV figure .956 (.954 without)."""
    source_paragraph_cost: float = 2.0
    """Cost of each paragraph an English source runs over beyond its first. A remark is
    rendered before the next one begins, so a source of several paragraphs is more often
    two remarks with the first one's rendering between them (O1 I1 O2 -> I2), which the
    overlap of a large block pays for: it grows with the square root of the blocks' size.
    Of 1,405 gold pairs (seed, real calls, streams, examples) two have a source of two
    paragraphs, none more; renderings of two or three paragraphs are common and cost
    nothing. Cross-validated over 0, 0.5, 1, 2, 4, 8, 100 (``benchmarks/tune.py``): 2 on
    every held-out set; mean CV figure .958 (.956 at 0)."""
    english_bead_cost: float = 1.0
    """Extra cost of a bead whose original is English: word overlap between short blocks
    is weak evidence, so a bead must show it over enough words to pay this back."""
    inner_pair_threshold: float = 0.2
    inner_pair_weight: float = 20.0
    """Cost of a bead side that spans two paragraphs which pair with each other."""
    framing_bonus: float = 3.0
    """A remark about the translation ("Let me translate my question") between two blocks."""
    min_words: int = 3
    """Content words each side of an English bead needs at least. Cross-validated over 2 / 3
    / 4: 2 and 3 tie on the training sets and give the same held-out mean (.969; 4: .968),
    and most folds pick 2; 3 is kept, as two words shared by chance are commoner than three."""
    margin_ratio: float = 0.0
    """An English bead's ordered overlap must exceed this many times the background overlap
    of its paragraphs with the call around them (a margin score, as in parallel-corpus
    mining): calibrated inside each call, not an absolute cut-off."""
    background_window: int = 20
    """Lines on each side that a paragraph's background overlap is taken over."""
    background_k: int = 3
    """Best overlaps averaged into a paragraph's background."""
    literal_weight: float = 1.0
    """Weight of the literalness contrast of a bead: the source's mean literalness
    (``Unit.literal``) minus the rendering's, beyond ``literal_margin``, times the square
    root of the size of the source's literal part."""
    fluent_speaker_cost: float = 20.0
    """Cost of an English source whose labelled speaker shows no sign of speaking Chinese
    anywhere in the call (``align.evidence.fluent_speakers``), unless an interpreter's turn
    renders it: a native speaker's paragraphs restate each other without rendering one
    another. The dev calls have no labelled English source, so this is set on the synthetic
    calls of ``tests/synth.py`` (``benchmarks/synth_eval.py``), where it takes the CFO's
    restatements out (garbled calls' kind .86 -> .98)."""
    style_scale: float = 12.0
    """In a call whose originals and renderings are written apart (``style_min_separability``),
    the second search reads each sentence's literalness from the call's own two ways of
    writing (``align.style``): its log-likelihood ratio per word, original against
    rendering, times this (then clipped to ``Detect.literal_clip``). 0 keeps the fixed
    measure (``features.literalness``). Cross-validated over 0, 8, 12, 20, 30
    (``benchmarks/tune.py``); see ``style_prior_words``."""
    style_prior_words: float = 10.0
    """Words of no evidence added to each sentence's count when its log ratio is taken per
    word: a short sentence's few words say less than their mean suggests. Cross-validated
    with ``style_scale`` over 0, 5, 10 x 12, 20, 30: 10 / 20 on most held-out sets (mean
    over held-out sets .967). 10 / 12 is kept (.968 on the same sets): at 20 a seven-word
    question of an analyst's reads as fully literal and its paragraph is cut into a pair
    (``tests/test_examples.py``: no pair takes native English for an original)."""
    style_min_words: int = 3
    """Words a sentence needs before its style is read."""
    style_min_side_words: int = 50
    """Words each side of the call's English-source beads needs before its style is fitted."""
    style_min_separability: float = 0.8
    """The call's style is read only where it tells the first search's originals from their
    renderings this well (``align.style.separability``: the area under the ROC curve, each
    bead held out of the model that scores it). The garbled streams reach .93-.99, fluent
    machine translation .68-.89, the seed .75. Cross-validated over 0.75, 0.8, 0.85, 0.9
    (``benchmarks/tune.py``): 0.8 on every held-out set but stream_004 (0.85)."""
    recut_margin: float = 4.0
    """A switch the second search placed inside a line moves to the line's best change point
    between the call's two ways of writing (``align.refine.recut_lines``) where that is
    this many nats likelier. 0 turns it off. Cross-validated over 0, 4, 8
    (``benchmarks/tune.py``): 4 on every held-out set."""
    refine_max_moved: int = 12
    """Sentences the refinement looks back over at most."""
    refine_min_gain: float = 0.01
    """Overlap a move of the switch point must gain."""
    signpost_bonus: float = 0.06
    """Overlap a signpost ("Now, I would like to...") is worth when the refinement weighs
    moving it into the interpretation (at 0.1 a stream loses .016; at 0.03 the seed loses a pair)."""
    courtesy_max_words: int = 8
    """Words of a courtesy ("Thank you, Mr. Chen.") that may stand before a remark about
    the translation, or before a placeholder, outside the blocks."""
    length_smoothing: float = 3.0
    """Words added to both sides before their length ratio is taken (short blocks vary)."""
    length_ratio_free: float = 0.4
    """Log length ratio of two English blocks that costs nothing (an interpreter condenses)."""
    inner_pair_max_units: int = 400
    """Two neighbouring paragraphs longer than this together are not compared as a pair."""
    refine_literal_contrast: float = 3.0
    """Where a bead's original reads this much more literally than its rendering (mean
    ``Unit.literal``), the refinement keeps a sentence closer to the original's literalness
    on the original's side."""
    pooled_literal_weight: float = 1.0
    """Weight of the same contrast read from each block's words pooled
    (``align.evidence.pooled_literalness``), times the square root of the blocks' size:
    a word-by-word rendering's short sentences have no literalness of their own."""
    pooled_min_words: int = 20
    """Words a block needs before its pooled literalness is read."""
    pooled_literal_margin: float = 0.5
    """Pooled contrast that counts as none (read only in a literal call, where originals and
    renderings differ by about 4). Cross-validated over 0.5, 1, 2 with weights 0, 1, 2
    (``benchmarks/tune.py``): 0.5 and weight 1 on every held-out set."""
    literal_margin: float = 0.5
    """Literalness that counts as none (fluent English varies this much); units above it
    make up a source's literal part."""
    background_floor: float = 0.02
    """Least background a margin divides by (a paragraph alike to nothing)."""
    min_doc_garble: float = 4.0
    """Romanised-Chinese evidence (``detect.garble_score`` summed) that shows machine
    English in a call ..."""
    min_doc_strong_garble: int = 2
    """... or this many different long romanised words (``Unit.romanised``), which ordinary
    English never has ..."""
    literal_sentence: float = 2.0
    """... or sentences this literal (``features.literalness``) ..."""
    min_doc_literal_share: float = 0.27
    """... making up this share of the call's long English sentences (fluent calls of any
    register stay at or below 0.15) ..."""
    standout_overlap: float = 0.15
    standout_margin: float = 2.5
    """... or neighbouring paragraphs with this much ordered overlap, this many times their
    background ..."""
    standout_max_lines: int = 3
    """... neighbours being paragraphs at most this many lines apart (a speaker label or
    two may stand between an original and its rendering) ..."""
    min_doc_standout_share: float = 0.10
    """... making up this share of the call's neighbouring paragraphs (0.03 at most in the
    fluent dev calls, 0.12 at least in the machine-translated streams)."""
    literal_paragraph: float = 2.0
    """Pooled literalness (``align.evidence.pooled_literalness``) from which a paragraph
    reads word by word (a fluent paragraph's is above 2 one time in twenty) ..."""
    min_doc_literal_paragraphs: int = 4
    """... this many of them at least (a short call of Chinese and terse native figures may
    hold three paragraphs that read a little word by word) ..."""
    min_doc_literal_paragraph_share: float = 0.15
    """... and the share of a call's long paragraphs that must (fluent dev calls of every
    register: 0.05 at most; calls glossed word by word: 0.22 at least), before the call
    shows machine English on that evidence alone and the pooled contrast of its blocks
    counts (``pooled_literal_weight``, ``refine.pooled_like_source``)."""
    min_doc_evidence: int = 3
    """Literal sentences or standing-out paragraph pairs a call needs at least before their
    share is read."""


ALIGN = Align()


@dataclass(frozen=True, slots=True)
class Numbers:
    """When two figures that say the same thing disagree (``numbers.verdict``, the number
    checks). ``step`` is the value of one unit in the last digit spoken (13.28 -> 0.01)."""

    rounding: float = 0.5
    """Figures within this many steps of the coarser precision agree: rounding to the
    interpreter's precision is no conflict (13.28 -> 13.3; 168.5 million -> 169 million)."""
    cut_steps: float = 1.0
    """A difference beyond rounding but under this many steps is a cut (13.28 -> 13.2):
    a warning (``number-precision``); a larger one is a changed figure (15% -> 16%): an error."""
    approx_rel: float = 0.05
    """An approximate word on either side (about, over, nearly, 约, 超过, 近, 左右) widens the
    tolerance to this share of the larger value (11 vs 'about 10' is still a conflict)."""
    multiple_off_by_one: bool = True
    """Multiples one apart agree: '增长2倍' is said both for 'up 2 times' and for 'to 3 times'."""
    max_ratio: float = 3.0
    """A changed figure and its rendering are at most this many times apart; further apart
    they are different figures, unless a slip explains them (a power of ten, 亿 read as
    billion; a misheard -teen/-ty, 17 vs 70)."""
    max_points: float = 10.0
    """Percentages up to this many points apart are close enough too (2% against 12%)."""
    vague_max_ratio: float = 10.0
    """The same for a vague quantity (数十倍 against "5 times"), from the nearer end of its span."""
    consistency_min_shared: int = 2
    """Word pairs (bigrams) of the metric's own words that two statements of one metric
    share at least (``number-consistency``)."""


NUMBERS = Numbers()


def describe(obj: object) -> str:
    """``name=value`` of every field, for a signature."""
    return ",".join(f"{f.name}={getattr(obj, f.name)!r}" for f in fields(obj))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Glossary:
    """Thresholds of the glossary step (the ``glossary`` package): when a rule matches and when
    an edit may be made at all. Zipf values are wordfreq's scale (3 = once per million words)."""

    fluent_kinds: tuple[str, ...] = ("native", "interpretation", "vendor")
    """Segment kinds of fluent English. There, the pinyin, suffix and fuzzy rules need a sign
    that the text is machine or speech-recogniser output (text with no segments counts too)."""
    english_zipf: float = 3.0
    """A word at least this frequent (wordfreq zipf) is a word English has: a match made
    only of such words is fluent English, not garble."""
    garble_zipf: float = 1.0
    """A romanised (pinyin-shaped) word rarer than this is garble: a sign of machine output."""
    evidence_chars: int = 300
    """The sentence around a match, at most this many characters on each side, is searched
    for a sign of machine output (romanised garble, or the lower-case 'i' a recogniser leaves)."""
    name_sound_confidence: float = 0.6
    """Confidence (medium) of a listed name with one word misheard: a person's by one sound
    ('Brian Wu' for 'Brian Gu'), an organisation's first or last word by spelling."""
    name_word_ratio: float = 65.0
    """An organisation's misheard word: the words heard in its place (same first letter) come
    at least this close (rapidfuzz ratio) to the listed word ('piece on' for 'Piacente': 67)."""
    person_word_min: int = 4
    """A name word that is not one pinyin syllable is 'one sound off' only at one letter's
    edit distance and at least this long ('Stanly' for 'Stanley', never 'Li' for 'Lu')."""
    common_zipf: float = 3.0
    """A word at least this frequent is ordinary English: never a generated pinyin form, never a
    word that makes an entry a name (fuzzy, name-sound), never a surname guessed by spelling."""
    rare_zipf: float = 4.0
    """Only words rarer than this are tried as pinyin or as the start of a misspelt name; a
    pinyin run's later words ("Yun" after "Zhenwu") need only be rarer than this."""
    single_pinyin_zipf: float = 2.0
    """One word alone this frequent is never read as confusable pinyin ("chaining")."""
    pinyin_min_syllables: int = 2
    """Syllables a generated pinyin form needs at least (one syllable is any word)."""
    pinyin_min_letters: int = 5
    """Letters a generated pinyin form needs at least."""
    suffix_head_min: int = 2
    """Chinese characters, and pinyin syllables, before the translated ending of a
    ``pinyin-suffix`` form ("Jinshan" in "Jinshan Cloud")."""
    readings_limit: int = 8
    """Other readings of a Chinese form through its polyphonic characters (行 hang/xing)
    tried at most ..."""
    readings_per_char: int = 3
    """... with at most this many readings of each character."""
    pinyin_max_words: int = 4
    """Words of one pinyin run read together as one name at most."""
    pinyin_fuzzy_min_syllables: int = 3
    """Syllables a name needs before one inner syllable off still matches (``pinyin-fuzzy``)."""
    person_pinyin_min_letters: int = 4
    """Letters a person's pinyin form ("Zou Tao", "Tao") needs to count as a right name."""
    trigger_caps_max_len: int = 4
    """A company trigger in capitals up to this long ("NIO", "JD") matches only in capitals."""
    near_window: int = 40
    """Tokens on either side searched for an entry's ``near`` / ``unless_near`` words."""
    acronym_min_len: int = 2
    acronym_max_len: int = 5
    """Length of an acronym the ``acronym`` rule (and the acronym of a Word+ACRONYM name) may
    correct."""
    acronym_letters_off: int = 1
    """Letters an acronym is heard wrong in: exactly this many (``acronym``), at most this many
    in a Word+ACRONYM name ("Chat GBT")."""
    compound_word_ratio: float = 60.0
    """The word of a Word+ACRONYM name heard apart comes at least this close (rapidfuzz
    ratio) to the name's word ("Chap" for "Chat")."""
    fuzzy_ratio: float = 85.0
    """A window of words comes at least this close (rapidfuzz ratio) to a name to be a
    misspelling of it (``fuzzy``) ..."""
    fuzzy_ratio_short: float = 90.0
    """... or this close when it has fewer than ``fuzzy_short_len`` letters."""
    fuzzy_short_len: int = 7
    fuzzy_min_letters: int = 6
    """Letters a name (and a window compared with it) needs for fuzzy matching."""
    fuzzy_max_words: int = 3
    """Words in a window compared with the names at most."""
    fuzzy_resplit_ratio: float = 93.0
    """Common English words become the active company's own name only when they are this
    close to it, split into other words ("kings of cloud")."""
    title_surname_ratio: float = 55.0
    """A word after a title is a listed family name misspelt when it comes this close to it
    (same first letter, not a pinyin syllable of its own, not ordinary English)."""
    name_sound_min_words: int = 3
    """Words an organisation's name needs before its first or last word may be misheard."""
    name_gap_chars: int = 2
    """Spaces or hyphens between two words of one name at most."""
    issuer_window: int = 200
    """An issuer slot is tried only within this many characters of its word (release, welcome)."""
    canonical_max_chars: int = 200
    """Longest canonical form a fuzzy window may hold (how far back it is looked up)."""
    sentence_lookback: int = 80
    """Characters looked back for the start of a sentence (a lower-case form is capitalised there)."""
    han_word_min_chars: int = 3
    """A Chinese form this long is a word wherever it stands; a shorter one must be a whole word
    of its context (jieba) ..."""
    han_context: int = 8
    """... read up to this many characters on each side."""
    transfer_position_window: float = 0.3
    """Pair-aware transfer (``rules.transfer``): a phrase of the original stands for a term its
    interpretation names only where it lies, by order, near where the term is named: their
    relative positions in the two blocks (0 = start, 1 = end) at most this far apart."""
    transfer_initials_max: int = 2
    """Transfer: a lone capital letter run at most this long may stand for a term whose initials
    it begins ('K' for 'key account'); never the whole initials (those are an abbreviation)."""
    transfer_pinyin_miss: int = 1
    """Transfer: a romanised run (or the Chinese word a modifier translates) stands for a Chinese
    form of the term with at most this many syllables off (after the usual recognition
    confusions); a romanised run never with all but one off, a homophone never with all off."""
    transfer_readings_limit: int = 4
    """Transfer: a romanised run may sound like a Chinese form of the term read as a phrase, or
    read character by character in one of at most this many other readings (行 hang/xing) ..."""
    transfer_readings_per_char: int = 2
    """... with at most this many readings of each character."""
    transfer_chinese_confidence: float = 0.7
    """Confidence of a transfer whose modifier words are dictionary senses of the entry's
    Chinese form ('Shadow Cloud' for 影像云, medical image cloud)."""
    transfer_pinyin_confidence: float = 0.7
    """Confidence of a transfer whose phrase sounds like the entry's Chinese form."""
    transfer_homophone_confidence: float = 0.6
    """Confidence of a transfer whose modifier translates a homophone of the entry's Chinese
    ('free product': 自由 zi you heard for 自研 zi yan, proprietary product)."""
    transfer_initials_confidence: float = 0.6
    """Confidence of a transfer from a capital letter that begins the term's initials."""
    index_glued_letters: int = 6
    """A pinyin form may be written glued ("Jinshanyun"): the index files it under the first
    letters of its first two syllables glued, at most this many, and a text looks up every
    prefix of its words up to this long. Speed only, never what matches: more letters select
    fewer forms to compile per text, and cost more look-ups per word."""
    index_full_after: float = 1.0
    """Each text compiles a regex of only the literal forms it can hold (a cold command pays for
    a few dozen, not all); once one process has compiled this many times as many forms as
    there are (a batch of calls), it compiles all of them into one regex, used from then on.
    Speed only, never what matches."""


GLOSSARY = Glossary()


@dataclass(frozen=True, slots=True)
class Params:
    """The thresholds of every stage, as one value (``Options.params``)."""

    detect: Detect = DETECT
    align: Align = ALIGN
    glossary: Glossary = GLOSSARY

    def signature(self) -> str:
        """``default``, or a short hash of every value, for ``Result.signature``."""
        if self == Params():
            return "default"
        import hashlib

        described = "|".join(describe(getattr(self, f.name)) for f in fields(self))
        return hashlib.sha256(described.encode()).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Batch:
    """When a batch is worth worker processes (``batch.plan_jobs``). Speed only: a result is
    the same whatever runs it, so these are not in ``Params`` or a signature. Estimated on
    the 2-core development machine (``benchmarks/bench_cli.py``, ``bench_batch.py``): a
    worker costs about 0.4 s to start and warm up, and processes about 250 KB a second."""

    min_pool_bytes: int = 256 * 1024
    """Below this many input bytes in all, the files are processed in this process: a pool
    would spend longer starting than the work takes (``-j2`` on four example calls was
    slower than ``-j1``)."""
    bytes_per_worker: int = 256 * 1024
    """Each worker beyond the first must have about this much input to pay for its start."""


BATCH = Batch()
