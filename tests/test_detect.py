"""Detection and alignment on small invented transcripts: one table row per phenomenon.

Each case is a transcript and, for some of its sentences, the kind they must get.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bitranscript
import bitranscript.params
from bitranscript import features
from bitranscript.detect import detect
from bitranscript.model import SOURCE_KINDS, Unit
from bitranscript.sentences import split_sentences


def kind_of(result: bitranscript.Result, needle: str) -> str:
    """The kind of the segment holding ``needle`` (which must lie inside one segment)."""
    at = result.text.index(needle)
    for seg in result.segments:
        if seg.start <= at and at + len(needle) <= seg.end:
            return seg.kind
    raise AssertionError(f"{needle!r} is not inside one segment")


def assert_no_source_side(result: bitranscript.Result) -> None:
    """No pairs, and nothing taken for an original, Chinese or a placeholder."""
    assert result.pairs == ()
    assert not [s for s in result.segments if s.kind in SOURCE_KINDS]


VENDOR = (
    "This transcript was produced by machine and may contain errors; the vendor makes no representation "
    "as to its accuracy.\n4/2/2031\n"
)

# An interpreted block in the seed's layout: the machine's rendering of the Chinese,
# then the interpreter's English of the same remark, one paragraph each.
PREPARED = (
    VENDOR + "Good morning and welcome to the Acme Cloud third quarter 2031 earnings conference call. "
    "Please note that this call is being recorded.\n"
    "Welcome everyone to the Jinshan Yun third quarter performance meeting. This quarter the Gongyouyun income "
    "reached 21.4 billion, which is a steady rise of 12.5 percent. We selected more than 40 new head customers "
    "in the Zhengwu Yun field, and the gross profit rate rose to 18.3 percent.\n"
    "Hello everyone, and thank you for joining Kingsoft Cloud's third quarter call. This quarter our public cloud "
    "revenue reached RMB 2.14 billion, a steady increase of 12.5 percent. We signed more than 40 new key "
    "account customers in the government cloud field, and our gross margin rose to 18.3 percent.\n"
    "Thank you. Now I will hand over to our CFO for the financial review. Our total revenue for the quarter was "
    "RMB 4.1 billion, and operating expenses were well controlled at RMB 610 million.\n"
)


@pytest.mark.parametrize(
    ("text", "needle", "kind"),
    [
        (VENDOR + "Thank you, operator.\n", "This transcript was produced", "vendor"),
        (VENDOR + "Thank you, operator.\n", "4/2/2031", "vendor"),
        ("Operator\nGood morning, and welcome.\n", "Operator", "native"),
        ("Jane Doe\nChief Financial Officer, Acme Inc.\nThanks, everyone.\n", "Chief Financial Officer", "native"),
        ("我们对明年的增长很有信心。\n", "我们对明年的增长很有信心。", "chinese"),
        ("好 ， 大 家 好 ， 今 年 的 收 入 增 长 很 快 。\n", "好 ， 大 家 好", "chinese"),
        ("Wang Han\nCFO, Acme Inc.\n[Non-English content].\n", "[Non-English content]", "chinese"),
        ("Wang Han\nCFO, Acme Inc.\n(Foreign Language)\n", "(Foreign Language)", "chinese"),
        ("Operator\nThank you. (laughs) We'll take the next question.\n", "(laughs)", "native"),
        ("So the outlook is China China China China China China China for next year.\n", "China China China", "noise"),
        ("We expect, uh, uh, uh, good growth.\n", "uh, uh, uh", "noise"),
        # a loop across the sentences it was split into
        ("Margins held up well. Thank you. Thank you. Thank you. Thank you.\n", "Thank you. Thank you.", "noise"),
        ("Analyst\nLet me translate my question myself.\n", "Let me translate my question myself.", "native"),
        (PREPARED, "Jinshan Yun third quarter", "original"),
        (PREPARED, "thank you for joining Kingsoft Cloud", "interpretation"),
        (PREPARED, "Our total revenue for the quarter", "native"),
        (PREPARED, "Good morning and welcome", "native"),
    ],
)
def test_kinds(text: str, needle: str, kind: str) -> None:
    assert kind_of(bitranscript.process(text), needle) == kind


# The operator's Q&A script, twice alike: in a call with machine English elsewhere, the
# two lines must not be taken for an original and its rendering.
OPERATOR_QA = PREPARED + (
    "Thanks. Anyone with a question may press star 1 and 1 on the keypad. "
    "Please stand by for a moment as the queue fills.\n"
    "Thanks. We now move on to the first question. Please stand by. "
    "Up first is a question from the line of Amy Lee at Harbor Securities. Please go ahead.\n"
    "That concludes our session for the day; you may now disconnect your lines.\n"
)


@pytest.mark.parametrize(
    "needle",
    [
        "press star 1",
        "Please stand by for a moment",
        "We now move on to the first question",
        "Up first is a question from the line of",
        "That concludes our session",
    ],
)
def test_operator_script_is_native_and_unpaired(needle: str) -> None:
    result = bitranscript.process(OPERATOR_QA)
    assert kind_of(result, needle) == "native"
    start = OPERATOR_QA.index(needle)
    paired = {i for p in result.pairs for i in (*p.original, *p.interpretation)}
    assert not any(result.segments[i].start <= start < result.segments[i].end for i in paired)


@pytest.mark.parametrize(
    ("sentence", "script"),
    [
        ("Sorry, our speaker's line has dropped.", True),
        ("We are reconnecting the speaker now.", True),
        ("The audio connection was cut out for a moment.", True),
        ("Please continue.", True),
        ("Please proceed, now.", True),
        ("One moment, please.", True),
        ("If the audio breaks up, please refresh your player.", True),
        ("Please continue to support our new products.", False),
        ("Revenue dropped 5% in the quarter.", False),
        ("We cut out the low-margin lines of business.", False),
        ("We will reconnect with customers after the holiday.", False),
    ],
)
def test_an_interrupted_line_is_the_operators_script(sentence: str, script: bool) -> None:
    from bitranscript.detect import _is_operator_script

    assert _is_operator_script(sentence) is script


# Placeholders for the Chinese, an analyst translating their own question, an interpreter
# rendering the answer: thanks for the question open each rendering and belong to it.
SELF_TRANSLATED = (
    "Operator\nOur next question comes from Amy Lee with Harbor Securities.\n"
    "Amy Lee\nAnalyst, Harbor Securities\n"
    "[Non-English content]. I'll translate myself. Thank you, management, for taking my questions. "
    "How do you plan to grow overseas in the coming year? Thanks.\n"
    "Wang Han\nCFO, Acme Inc.\n"
    "[Non-English content].\n"
    "Thank you for your question. Overseas revenue grew fast this year, and next year we will open three new markets.\n"
)


# The interpreter greets, then says whose answer follows: both stand before the rendering.
GREETED = (
    "Zhou Lei\nCEO, Acme Inc.\n[Non-English content].\n"
    "Sophie Wang\nHead of IR, Acme Inc.\n"
    "Hello, Amy. Okay. Next I'll interpret what our chief executive answered. "
    "Overseas revenue will double next year as we open three new markets.\n"
)


@pytest.mark.parametrize(
    ("needle", "kind"), [("Hello, Amy.", "native"), ("Overseas revenue will double", "interpretation")]
)
def test_courtesies_before_a_remark_about_the_translation(needle: str, kind: str) -> None:
    assert kind_of(bitranscript.process(GREETED), needle) == kind


@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("I'll translate myself.", "native"),
        ("Thank you, management, for taking my questions.", "interpretation"),
        ("How do you plan to grow overseas", "interpretation"),
        ("Thank you for your question.", "interpretation"),
    ],
)
def test_thanks_for_the_question_belong_to_the_rendering(needle: str, kind: str) -> None:
    assert kind_of(bitranscript.process(SELF_TRANSLATED), needle) == kind


# One paragraph per line, no speaker labels: a Chinese sentence, then its English on the same line.
SAME_LINE = (
    "Good evening, all. Tonight's speaker talks in Mandarin, and an interpreter repeats each part in English.\n"
    "我们的新工厂明年春天投产。 Our new plant will start production next spring.\n"
)


def test_chinese_then_its_english_on_one_line_is_a_pair() -> None:
    result = bitranscript.process(SAME_LINE)
    assert [result.pair_texts(p) for p in result.pairs] == [
        ("我们的新工厂明年春天投产。", "Our new plant will start production next spring.")
    ]
    labelled = bitranscript.process(
        "Amy Lee\nAnalyst, Harbor Securities\n好 的 ， 谢 谢 王 总 。 Nothing more from me.\n"
    )
    assert labelled.pairs == ()  # with labels, a rendering comes in a turn of its own


def test_prepared_remark_is_paired_with_its_interpretation() -> None:
    result = bitranscript.process(PREPARED)
    assert len(result.pairs) == 1
    original, interpretation = result.pair_texts(result.pairs[0])
    assert "Gongyouyun" in original and "public cloud revenue" in interpretation
    assert "CFO" not in original + interpretation


LABELLED = (
    "He Xiaopeng\nChairman and CEO, XPeng\n"
    "各 位 好 ， 本 季 度 公 司 一 共 卖 出 了 十 万 辆 车 ， 是 去 年 的 三 倍 。\n"
    "[Translator]\nTranslator\n"
    "Good day, everyone. This quarter we sold 100,000 cars, three times as many as a year ago.\n"
    "James Wu\nVP of Finance, XPeng\n"
    "Thank you. Total revenues were RMB 18.3 billion for the quarter.\n"
)


def test_chinese_turn_is_paired_with_the_translator_turn() -> None:
    result = bitranscript.process(LABELLED)
    assert len(result.pairs) == 1
    original, interpretation = result.pair_texts(result.pairs[0])
    assert "卖 出" in original
    assert interpretation.startswith("Good day, everyone.")
    assert kind_of(result, "Total revenues were") == "native"
    assert kind_of(result, "[Translator]") == "native"


ENGLISH_ONLY = (
    "Operator\nGood afternoon, and welcome to the Northwind Freight second quarter call.\n"
    "Dana Lopez\nChief Executive Officer, Northwind Freight\n"
    "Thanks, everyone. Revenue grew 8% to $1.2 billion as volumes recovered in the Midwest. "
    "Our margins improved as fuel costs eased, and our new terminals in Ohio and Indiana are ramping well. "
    "We remain focused on service quality, and our on-time rate reached 97%.\n"
    "Revenue grew in every segment. Volumes in the Midwest recovered faster than we planned, "
    "and fuel costs eased through the quarter, which helped margins. The Ohio and Indiana terminals are "
    "ramping well and service quality stayed high.\n"
    "Operator\nOur next question comes from Sam Reed with Harbor Securities.\n"
)


@pytest.mark.parametrize(
    "operator_line",
    [
        "Your next question comes from Sam Reed with Harbor Securities. Please go ahead.",
        "Our next question comes from Sam Reed with Harbor Securities.",
    ],
)
def test_operator_speech_after_a_label_is_not_a_title_line(operator_line: str) -> None:
    text = f"Operator\n{operator_line}\nSam Reed\nAnalyst, Harbor Securities\nThanks for taking my question.\n"
    result = bitranscript.process(text)
    speakers = {text[s.start : s.end]: s.speaker for s in result.segments}
    start = len("Operator\n")
    said = [s for s in result.segments if start <= s.start < start + len(operator_line)]
    assert said and all(s.speaker == "Operator" for s in said)
    assert speakers["Thanks for taking my question."] == "Sam Reed"


def test_english_only_call_has_no_pairs_and_no_source_side() -> None:
    result = bitranscript.process(ENGLISH_ONLY)
    assert result.pairs == ()
    assert not [s for s in result.segments if s.kind in SOURCE_KINDS | {"interpretation"}]


@pytest.mark.parametrize(
    ("word", "pinyin"),
    [
        ("Gongyouyun", True),
        ("Jinshan", True),
        ("Zhenwu", True),
        ("language", False),  # splits into lan-gua-ge but is English
        ("China", False),
        ("piloting", False),  # attested English with an English ending
        ("renminbi", False),  # romanised, but English has taken it in
        ("Sichuan", False),  # a place name English knows
        ("LIFO", False),  # acronym
        ("revenue", False),
    ],
)
def test_pinyin_words(word: str, pinyin: bool) -> None:
    assert features.is_pinyin_word(word) is pinyin


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("China China China China", [(0, 23)]),
        ("the deal, the deal, the deal, the deal done", [(0, 38)]),
        ("we, uh, uh, expect", [(4, 11)]),
        ("a good good year", []),  # a repeated word is not a loop
        ("Sales Sales Sales uh, uh, uh went up", [(0, 17), (18, 28)]),  # a short loop running into fillers
        ("Sales Sales Sales went up", []),
        ("what ??? now", [(5, 8)]),
        # Chinese has no spaces: characters are the words
        ("对对对对对对对对 这个季度的收入很好。", [(0, 8)]),
        ("嗯，嗯，嗯，嗯 我们明年继续投资。", [(0, 7)]),
        ("我们我们我们我们的收入", [(0, 8)]),
        ("谢谢，我们的收入增长很快。", []),
        ("收 入 7 7 7 . 7 亿 元", []),  # digits said one by one are a number
        ("1 1 1 1", []),
    ],
)
def test_noise_runs(text: str, spans: list[tuple[int, int]]) -> None:
    assert features.noise_runs(text) == spans


def test_segments_cover_every_visible_character_in_order() -> None:
    result = bitranscript.process(PREPARED + LABELLED)
    covered = set()
    last_end = 0
    for seg in result.segments:
        assert seg.start >= last_end and seg.end > seg.start
        last_end = seg.end
        covered.update(range(seg.start, seg.end))
    visible = {i for i, ch in enumerate(result.text) if not ch.isspace()}
    assert visible <= covered


# Vendor markers as turn structure: one general mechanism per marker, not a list of spellings.
@pytest.mark.parametrize(
    "placeholder",
    [
        "[Foreign language]",
        "[Foreign Language].",
        "[Foreign laguage]",
        "[Non-English content]",
        "(speaking foreign language)",
        "(Speaking in Mandarin)",
        "[untranscribed remarks]",
        "Ken, [Foreign language].",
        "Hi Ken. [Foreign language]",
    ],
)
def test_placeholders_in_any_spelling_are_paired_with_the_english_after_them(placeholder: str) -> None:
    text = f"Mia Tan\nCFO, Northwind\n{placeholder}\nTranslator\nOur freight volumes rose in every region this year.\n"
    result = bitranscript.process(text)
    assert kind_of(result, placeholder.removeprefix("Hi Ken. ")) == "chinese"
    assert kind_of(result, "Our freight volumes rose") == "interpretation"
    assert len(result.pairs) == 1


@pytest.mark.parametrize("text", ["[Chinese name of the fund]", "(Gold Harbor Securities)", "[Operator Instructions]"])
def test_brackets_that_are_no_placeholder(text: str) -> None:
    assert not features.is_placeholder(text)


INTERPRETED_TAG = (
    "Operator\nWelcome to the Northwind Freight call. Our first speaker is the chief executive.\n"
    "Wei Lin\nChief Executive Officer\n[Interpreted]\n"
    "Thank you all for joining. This year we opened four terminals and doubled our rail capacity.\n"
    "Next year we expect to open three more terminals in the west.\n"
    "Mia Tan\nCFO\nRevenue grew 8% to $1.2 billion, and margins improved as fuel costs eased.\n"
    "Wei Lin\nChief Executive Officer\n[Interpreted] We will keep investing in rail. Rail lowers costs for customers.\n"
)


@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("This year we opened four terminals", "interpretation"),  # after a tag on its own line
        ("Next year we expect to open", "interpretation"),  # the rest of that turn
        ("Revenue grew 8%", "native"),  # the next speaker's own English
        ("We will keep investing in rail.", "interpretation"),  # a tag at the start of a line
        ("Rail lowers costs", "interpretation"),
    ],
)
def test_interpreted_tags_mark_the_rest_of_the_turn(needle: str, kind: str) -> None:
    result = bitranscript.process(INTERPRETED_TAG)
    assert kind_of(result, needle) == kind
    assert_no_source_side(result)  # no source stands before them


LOST_SPEECH = (
    "Ken Ho\nAnalyst, Gold Harbor\n[Foreign language].\n?????????????AI?????????15%????????????\n"
    "Thanks for taking my question. How fast will the new rail terminals ramp up next year?\n"
    "Wei Lin\nChief Executive Officer\n[Foreign language].\n??????????????????????????2031??????????????\n"
    "Mia Tan\nCFO\nThank you for the question. The terminals should reach full use within eighteen months.\n"
    "Ken Ho\nAnalyst, Gold Harbor\nThat is clear, thank you very much for the detail.\n"
)


@pytest.mark.parametrize(
    ("needle", "kind"),
    [
        ("?????????????AI?????????15%", "noise"),  # one run, stray Latin and digits inside
        ("How fast will the new rail", "interpretation"),  # the analyst renders their own question
        ("The terminals should reach full use", "interpretation"),  # another speaker renders the lost answer
        ("That is clear, thank you", "native"),  # a new turn after the rendering
    ],
)
def test_lost_speech_runs(needle: str, kind: str) -> None:
    assert kind_of(bitranscript.process(LOST_SPEECH), needle) == kind


def test_lost_speech_is_one_noise_segment_per_line() -> None:
    result = bitranscript.process(LOST_SPEECH)
    line = "?????????????AI?????????15%????????????"
    start = LOST_SPEECH.index(line)
    inside = [s for s in result.segments if start <= s.start < start + len(line)]
    assert [(s.kind, s.end - s.start) for s in inside] == [("noise", len(line))]


@pytest.mark.parametrize(
    ("sentence", "literal"),
    [
        ("That man walk reach doorway, see table side one bowl rice, sit down eat.", True),
        ("Company this season income reach twelve billion, main depend public cloud customer grow.", True),
        ("He walked to the door, saw a bowl of rice on the table and sat down to eat it.", False),
        ("We expect revenue growth to continue as the new terminals are ramping up this year.", False),
        ("Revenue grew.", False),  # too short to tell
    ],
)
def test_literalness(sentence: str, literal: bool) -> None:
    assert (features.literalness(sentence) >= 2.0) is literal


@pytest.mark.parametrize(
    ("word", "place"), [("Taiyuan", True), ("Hefei", True), ("Gongyouyun", False), ("Zhenwu", False)]
)
def test_place_names_are_no_garble(word: str, place: bool) -> None:
    assert (word.lower() in features.place_names()) is place


def test_chinese_place_names_do_not_open_the_door_to_english_originals() -> None:
    text = (
        "Wei Lin\nChief Executive Officer\n"
        "We opened terminals in Taiyuan, Hefei, Wuxi and Shijiazhuang this year, and more in Luoyang and Zhengzhou.\n"
        "Our customers in Taiyuan, Lanzhou and Hefei now ship by rail, which lowers their costs by a fifth.\n"
        "Next year we plan terminals in Yinchuan, Xining and Hohhot as well.\n"
    )
    units = detect(text, split_sentences(text))
    assert sum(u.garble for u in units) < 1.0
    result = bitranscript.process(text)
    assert_no_source_side(result)


FILLER_IN_A_SENTENCE = (
    "Welcome everyone. This season the Gongyouyun income reach 21.4 billion, the Zhengwuyun head customer grow to 40, "
    "the Jinshan Yun gross profit rate rise to 18 percent. The CDN business we, uh, uh, uh, actively shrink, this is "
    "according to our plan. Moving on to our public cloud. This quarter our public cloud revenue reached 21.4 billion, "
    "government cloud key accounts grew to 40, and our gross margin rose to 18 percent. We also kept scaling down "
    "the CDN business, as planned.\n"
)


def test_the_rest_of_a_sentence_after_fillers_stays_with_it() -> None:
    result = bitranscript.process(FILLER_IN_A_SENTENCE)
    assert kind_of(result, "uh, uh, uh") == "noise"
    assert kind_of(result, "actively shrink") == "original"  # not the start of the rendering
    assert kind_of(result, "This quarter our public cloud revenue") == "interpretation"


@pytest.mark.parametrize(("run", "filler"), [("uh, uh, uh,", True), ("um um", True), ("China China China", False)])
def test_filler_runs(run: str, filler: bool) -> None:
    assert features.is_filler_run(run) is filler


# The fast forms of detection's evidence against their plain references: noise_runs (a
# scan only where a loop may start) and noise_runs_many (the pre-test of all lines at once),
# garble_score's early return, han_share, literalness.
def reference_noise_runs(text: str, *, min_repeats: int = 4) -> list[tuple[int, int]]:
    """Spans (offsets into ``text``) of hallucinated loops and filler runs.

    A loop is an n-gram (n <= 6) repeated back to back ``min_repeats`` times or more
    (three times for n >= 2, or before a filler run); a filler run is two or more fillers
    in a row ("uh, uh");
    ``???`` runs count too. Linear in the length of the text.
    """
    spans = [(m.start(), m.end()) for m in features._QUESTION_RUN.finditer(text)]
    if not features._may_loop(text):
        return spans
    toks = [(m.start(), m.end(), m.group().lower()) for m in features._TOKEN.finditer(text)]
    words = [t[2] for t in toks]
    count = len(words)
    i = 0
    while i < count:
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
            into_fillers = j + 1 < count and words[j] in features.FILLERS and words[j + 1] in features.FILLERS
            if reps >= needed or (reps >= 3 and into_fillers):
                best_end = j - 1
                break  # the shortest period covers the loop
        if best_end > i:
            spans.append((toks[i][0], toks[best_end][1]))
            i = best_end + 1
            continue
        if words[i] in features.FILLERS:
            j = i
            while j + 1 < count and words[j + 1] in features.FILLERS:
                j += 1
            if j > i:
                spans.append((toks[i][0], features._extend_punct(text, toks[j][1])))
                i = j + 1
                continue
        i += 1
    return features.merge_spans(spans)


_NOISY = st.lists(
    st.sampled_from(["uh", "um", "China", "China", "the", "9", "?", "???", "对", "İ", "we", ",", ".", " ", " ", "\n"]),
    max_size=40,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(_NOISY, max_size=6), st.integers(2, 5))
def test_noise_runs_equal_the_reference(texts, repeats) -> None:
    lines = [t.replace("\n", " ") for t in texts]
    want = [reference_noise_runs(t, min_repeats=repeats) for t in lines]
    assert [features.noise_runs(t, min_repeats=repeats) for t in lines] == want
    assert features.noise_runs_many(lines, min_repeats=repeats) == want


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Jinshan", "Yun", "yun", "the", "Mr", "Zhang", "Hefei", "cloud", "Gongyouyun", "AI", " ", ", "]
        ),
        max_size=20,
    ).map(" ".join)
)
def test_garble_score_fast_path_equals_the_full_reading(sentence) -> None:
    from collections.abc import Mapping

    from bitranscript.detect import garble_score

    freq = features.english_frequencies()

    class Other(Mapping):  # the same table, not the same object: no early return
        def __getitem__(self, k):
            return freq[k]

        def get(self, k, default=None):
            return freq.get(k, default)

        def __iter__(self):
            return iter(freq)

        def __len__(self):
            return len(freq)

    names = frozenset({"zhang"})
    assert garble_score(sentence, names, freq) == garble_score(sentence, names, Other())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "walked", "going", "Going", "cloud", "of", "对", "谢谢", "1", "x", " "]), max_size=30
    ).map(" ".join)
)
def test_han_share_and_literalness_equal_their_references(sentence) -> None:
    han = len(features.HAN.findall(sentence))
    latin = len(features.LATIN_WORD.findall(sentence))
    assert features.han_share(sentence) == (han / (han + latin) if han + latin else 0.0)
    words = features._LITERAL_WORD.findall(sentence)
    params = bitranscript.params.DETECT
    if len(words) >= params.literal_min_words:
        low = [w.lower() for w in words]
        function = sum(w in features.FUNCTION_WORDS for w in low) / len(low)
        inflected = sum(len(w) > 4 and (w.endswith(("ed", "ing"))) for w in low) / len(low)
        score = (params.fluent_function_share - function) / params.function_share_scale
        score += (params.fluent_inflection_share - inflected) / params.inflection_share_scale
        assert features.literalness(sentence) == float(max(-params.literal_clip, min(params.literal_clip, score)))
    else:
        assert features.literalness(sentence) == 0.0


@pytest.mark.parametrize(
    ("sentence", "own"),
    [
        ("Let me translate my question.", True),
        ("I'll translate myself.", True),
        ("Let me translate my own questions now.", True),
        ("I will translate for Mr. Tang.", False),
        ("Here is the translation.", False),
    ],
)
def test_a_remark_that_renders_the_speakers_own_words(sentence: str, own: bool) -> None:
    [u] = [u for u in detect(sentence, split_sentences(sentence)) if u.fixed != "noise"]
    assert u.framing and u.own_words is own


@pytest.mark.parametrize(
    ("sentence", "framing", "announces"),
    [
        ("Let me translate my question.", True, False),
        ("I will translate for Mr. Tang.", True, False),
        ("Here is the translation.", True, False),
        ("Mr. Tang will speak in Chinese, and his remarks will be interpreted into English.", True, True),
        ("There will be an English translation after he finishes his remarks.", True, True),
        ("Each passage will be followed by a consecutive interpretation into English.", True, True),
        ("Revenue grew 20% this quarter.", False, False),
    ],
)
def test_an_announcement_of_the_call_is_framing_that_frames_nothing(
    sentence: str, framing: bool, announces: bool
) -> None:
    """A remark on how the call will go stands between blocks like framing, but says no
    rendering of what was just said follows (issue 12: it paired an IR host's paragraphs)."""
    [u] = [u for u in detect(sentence, split_sentences(sentence)) if u.fixed != "noise"]
    assert u.framing is framing and u.announces is announces


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60))
def test_ascii_twins_of_the_token_patterns(text) -> None:
    assert features._TOKEN_ASCII.findall(text) == features._TOKEN.findall(text)
    assert features._LITERAL_WORD_ASCII.findall(text) == features._LITERAL_WORD.findall(text)
    assert features._LATIN_TOKEN_ASCII.findall(text) == features.LATIN_TOKEN.findall(text)


def test_an_interpreted_tag_after_an_inline_label_marks_the_rest() -> None:
    """ "Name: [Interpreted] ..." : the tag opens the line's text after the label, as it would
    open the line (it was read as a framing remark, and its sentence with it, as native)."""
    text = (
        "Operator: Good morning, and welcome to the call.\n"
        "Jane Doe: Good morning. Our results were released today.\n"
        "Interpreter: [Interpreted] Our revenue grew twenty percent this quarter. Margins improved too.\n"
        "Jane Doe: Thank you. Let me add some color on the numbers.\n"
        "Interpreter: [Interpreted] We expect the growth to continue next year.\n"
    )
    units = detect(text, split_sentences(text))
    tags = [u for u in units if text[u.start : u.end] == "[Interpreted]"]
    assert len(tags) == 2 and all(u.fixed == "native" and u.interpreter_turn for u in tags)
    rendered = [u for u in units if text[u.start : u.end].startswith(("Our revenue", "We expect"))]
    assert len(rendered) == 2 and all(u.fixed is None and u.interpreter_turn for u in rendered)


def test_a_tag_alone_after_an_inline_label_tags_the_next_line_of_that_speaker() -> None:
    """ "Name: [Interpreted]" alone on its line, then "Name: ...": a vendor that labels every
    line; the next line is what the tag marks, in the same turn. Not the line after it, and
    not another speaker's line."""
    text = (
        "Operator: Good morning, and welcome to the call.\n"
        "Jane Doe: [Interpreted]\n"
        "Jane Doe: Our revenue grew twenty percent this quarter.\n"
        "Jane Doe: Now a word on our outlook for the year.\n"
        "John Roe: [Interpreted]\n"
        "Jane Doe: Thank you all for joining today.\n"
    )
    units = detect(text, split_sentences(text))

    def unit_of(start: str) -> Unit:
        return next(u for u in units if text[u.start : u.end].startswith(start))

    tag, tagged = unit_of("[Interpreted]"), unit_of("Our revenue")
    assert tagged.interpreter_turn and tagged.fixed is None and tagged.turn == tag.turn
    assert not unit_of("Now a word").interpreter_turn  # a line later: the speaker's own again
    assert not unit_of("Thank you all").interpreter_turn  # another speaker's tag


# --------------------------------------------------------------------------- speed paths hold to the slow ones
# Each fast form of detection's evidence against the plain reading it stands for: the words
# split in C, the clues that stand before the slow patterns, garble's sparse loop and the
# lines whose words hold no romanised one.

_ASCII_TEXT = st.text(st.sampled_from("ab Zq'_-9?.,\t"), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_ASCII_TEXT)
def test_words_split_in_c_are_the_patterns_words(text: str) -> None:
    import re

    assert features._ascii_tokens(text) == features._TOKEN_ASCII.findall(text)
    assert features.latin_words(text) == features.LATIN_TOKEN.findall(text)
    low = text.lower()
    assert features.lower_words(low) == [w.encode() for w in re.findall("[a-z]+", low)]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab Zq'’_-9?.对İ"), max_size=40))
def test_token_bounds_and_question_runs_are_the_patterns(text: str) -> None:
    assert features._token_bounds(text) == [m.span() for m in features._TOKEN.finditer(text)]
    assert features._question_runs(text) == [m.span() for m in features._QUESTION_RUN.finditer(text)]


_APOSTROPHES = st.lists(
    st.sampled_from(["the", "walked", "going", "we'd", "'quoted'", "rock'n'roll", "x'", "3rd", "of", "Going"]),
    min_size=8,
    max_size=30,
).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_APOSTROPHES, _ASCII_TEXT, _APOSTROPHES.map(lambda s: s.replace(" ", " '"))))
def test_literalness_with_apostrophes_equals_its_reference(sentence: str) -> None:
    params = bitranscript.params.DETECT
    found = [w.lower() for w in features._LITERAL_WORD.findall(sentence)]
    if len(found) < params.literal_min_words:
        assert features.literalness(sentence) == 0.0
        return
    function = sum(w in features.FUNCTION_WORDS for w in found) / len(found)
    inflected = sum(len(w) > 4 and w.endswith(("ed", "ing")) for w in found) / len(found)
    score = (params.fluent_function_share - function) / params.function_share_scale
    score += (params.fluent_inflection_share - inflected) / params.inflection_share_scale
    assert features.literalness(sentence) == float(max(-params.literal_clip, min(params.literal_clip, score)))


# One match of each alternative of the operator's script and of a remark about the translation.
SCRIPT_EXAMPLES = [
    "press star 1", "press the star key", "press *", "press pound", "listen-only mode", "listen only",
    "question-and-answer session", "question and answer session", "Q&A roster", "please stand by",
    "please hold", "please go ahead", "this is your operator", "this is the moderator",
    "that concludes today's call", "that ends our call", "you may now disconnect", "you may disconnect",
    "from the line of", "first question comes from", "final question is from", "take our next question",
    "move on to the last question", "conference is being recorded", "hand the call over to",
    "turn the conference back over to", "thank you for standing by",
    "good morning, ladies and gentlemen, and thank you for standing by", "the speaker's line has dropped",
    "our audio connection was disconnected", "their line just cut out", "reconnecting the speaker",
    "reconnect our line", "please continue", "please proceed, now.", "one moment, please.", "audio breaks up",
    "audio cuts out", "refresh your browser",
]  # fmt: skip
FRAMING_EXAMPLES = [
    "translate", "translation", "interpret", "interpreter", "this is from the team", "these are on behalf of",
    "answers from our team", "answer from the CFO", "on behalf of our chairman", "I will take this question",
    "we will get started", "for the CEO", "from our management", "for chairman", "from cfo",
]  # fmt: skip
_CONTEXT = ["", "Thanks", "ok", "Press", "line", "x", "3", "_", "'", "é", "\u212a", "\u017f"]


def _reference_script(sentence: str) -> bool:
    from bitranscript.detect import _OPERATOR_SCRIPT, _SCRIPT_WORDS

    params = bitranscript.params.DETECT
    return (
        len(sentence) <= params.operator_script_max_chars
        and bool(_SCRIPT_WORDS.search(sentence.lower()))
        and bool(_OPERATOR_SCRIPT.search(sentence))
    )


def _reference_framing(sentence: str) -> bool:
    from bitranscript.detect import _FRAMING

    params = bitranscript.params.DETECT
    return len(sentence.split()) <= params.framing_max_words and bool(_FRAMING.search(sentence))


@pytest.mark.parametrize("example", SCRIPT_EXAMPLES + FRAMING_EXAMPLES)
def test_each_alternative_has_a_clue(example: str) -> None:
    from bitranscript.detect import _FRAMING_CLUES, _NATIVE_CLUES, _SCRIPT_CLUES

    clues = _SCRIPT_CLUES if example in SCRIPT_EXAMPLES else _FRAMING_CLUES
    reference = _reference_script if example in SCRIPT_EXAMPLES else _reference_framing
    for text in (example, example.upper(), example.title()):
        assert reference(text), text  # the example matches its pattern ...
        assert clues.seen(text.lower()) and _NATIVE_CLUES.seen(text.lower())  # ... and has a clue of it


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(_CONTEXT),
    st.sampled_from(
        SCRIPT_EXAMPLES
        + FRAMING_EXAMPLES
        + ["pressure", "Operator,", "please", "the line", "thank you for your question", "thanks for the two questions"]
    ),
    st.sampled_from(_CONTEXT),
    st.sampled_from(["", " ", ", ", "-", "'"]),
    st.sampled_from([str.lower, str.upper, str.title, str.swapcase]),
)
def test_the_clues_stand_before_the_patterns_without_changing_them(before, middle, after, sep, case) -> None:
    from bitranscript.detect import _NATIVE_CLUES, _THANKS, _is_framing, _is_operator_script

    sentence = case(sep.join(p for p in (before, middle, after) if p))
    script, framing = _reference_script(sentence), _reference_framing(sentence)
    assert _is_operator_script(sentence) is script
    assert _is_framing(sentence) is framing
    if sentence.isascii():  # the clues that let _plain_units pass over both patterns, and thanks
        assert _NATIVE_CLUES.seen(sentence.lower()) or not (script or framing)
        assert sentence.lower().startswith("thank") or not _THANKS.match(sentence)


def _reference_garble(sentence, names, freq, params=bitranscript.params.DETECT):
    """garble_score as it read every word."""
    score = 0.0
    long_words: list[str] = []
    words = features.LATIN_TOKEN.findall(sentence)
    places = features.place_names()
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in names or (w[:1].isupper() and lw in places) or not features.is_pinyin_word(w, freq):
            if lw in params.compound_syllables and i and features.is_pinyin_word(words[i - 1], freq):
                score += params.garble_compound
                long_words.append(f"{words[i - 1].lower()} {lw}")
            continue
        if i and words[i - 1].lower() in {"mr", "ms", "mrs", "dr", "thanks", "you"}:
            continue
        syllables = len(features.pinyin_split(lw) or ())
        score += params.garble_long if syllables >= 3 else params.garble_two if syllables == 2 else params.garble_one
        if syllables >= 3:
            long_words.append(lw)
    return score, tuple(long_words)


_GARBLE_WORDS = ["Jinshan", "Yun", "yun", "Zong", "the", "Mr", "Zhang", "Hefei", "Gongyouyun", "AI", "Xi'an", "you"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_GARBLE_WORDS, "Thanks", "cloud", " ", ", ", "3rd", "_x"]), max_size=20).map(" ".join)
)
def test_garble_score_equals_its_reference(sentence: str) -> None:
    from bitranscript.detect import garble_score

    names = frozenset({"zhang"})
    freq = features.english_frequencies()
    assert garble_score(sentence, names, freq) == _reference_garble(sentence, names, freq)


_LINE_PIECES = [*_GARBLE_WORDS, "cloud", "rock'n'roll", "3rd", "_x", "对", "’", "。", " ", ", ", "'", "\n", "\r\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=25).map("".join), st.data())
def test_a_stretch_said_to_hold_no_romanised_word_holds_none(text: str, data) -> None:
    """``_Reading.may_romanise``: where it says no, no word of the stretch is romanised (so
    garble_score would give it nothing), wherever the stretch begins and ends."""
    from bitranscript.detect import DETECT, _Reading, _romanised_words, split_lines

    freq = features.english_frequencies()
    all_lines = split_lines(text)
    reading = _Reading(
        text, frozenset(), freq, DETECT, all_lines, [frozenset(w) for w in _romanised_words(text, all_lines, freq)]
    )
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    line = next((ln.line for ln in reversed(all_lines) if ln.start <= start), 0)
    if not reading.may_romanise(start, end, line):
        assert not any(features.is_pinyin_word(w) for w in features.latin_words(text[start:end]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_GARBLE_WORDS, "Zou", "对", " ", "\n", "\r\n", "\r", "\x0b", "\x1c", "\x85", "\u2028"]),
        max_size=40,
    ).map(" ".join)
)
def test_recurring_names_read_from_the_lines_equal_those_read_line_by_line(text: str) -> None:
    """The names said again and again, from the words of ``sentences.lines`` (what detect
    splits), are those from the words of ``str.splitlines``, which breaks more."""
    from collections import Counter

    from bitranscript.detect import _recurring_pinyin, _romanised_words, split_lines

    freq = features.english_frequencies()
    caps = [w for line in text.splitlines() for w in features.LATIN_TOKEN.findall(line) if w[:1].isupper()]
    counts = Counter(w.lower() for w in caps if features.is_pinyin_word(w, freq))
    for n in (1, 2, 4):
        want = {w for w, c in counts.items() if c >= n}
        assert _recurring_pinyin(_romanised_words(text, split_lines(text), freq), min_count=n) == want


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["İx", "ix", "İ", "i", "对", "uh", "?", "???", " ", ", "]), max_size=30).map("".join),
        max_size=4,
    )
)
def test_noise_runs_where_lower_case_changes_a_token(lines: list[str]) -> None:
    """ "İ" lower-cased is "i" and a combining dot, which ends a word: there the words the
    pre-test read are not the words the scan reads."""
    want = [reference_noise_runs(t) for t in lines]
    assert features.noise_runs_many(lines) == want
