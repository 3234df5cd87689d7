"""Synthetic interpreted earnings calls with their gold annotation (issue 12, item 5).

``generate(spec, seed)`` writes a whole call (operator, IR, executive remarks given in
"Chinese" and interpreted into English, a CFO's native prepared remarks, a Q&A) from a
phrase bank of invented sentences, and returns the text together with

- ``gold``: a dict in the ``../shared/gold/FORMAT.md`` format (per-line offsets, kinds,
  pairs), so ``../shared/eval/score.py``'s ``score(gold, text, pred)`` can score it;
- ``spans``: every span the generator wrote, with its kind, its role (``source``,
  ``interpretation``, ``restate``, ``framing``...) and, for a source, its form;
- ``pairs``: which source spans each interpretation renders.

Every company, person, product and figure here is invented; nothing is taken from real
transcripts. The same ``(spec, seed)`` always gives the same call (``random.Random(seed)``).

The knobs live in the frozen :class:`CallSpec`; each can be switched on its own::

    >>> call = generate(CallSpec(source="garbled", labels="inline"), seed=3)
    >>> call.text.count("\\n") > 10 and len(call.pairs) > 0
    True
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache

SOURCE_FORMS = (
    "chinese",  # raw Chinese characters
    "placeholder",  # "[Foreign language]" and friends, in many spellings
    "placeholder_lost",  # a placeholder, then a lost-speech "???" line, then the English
    "lost",  # only a lost-speech "???AI???" run (noise): the English after it is unpaired
    "mt",  # fluent machine translation with English names
    "mt_romanised",  # fluent machine translation with romanised (pinyin) names
    "garbled",  # word-by-word machine English with pinyin terms
    "glossed",  # word-by-word machine English in short clauses, English names, no pinyin
    "tag_only",  # no source at all: the English is marked only by an "[Interpreted]" tag
    "english_only",  # nobody speaks Chinese: no interpretation in the call
)
"""How each interpreted remark's source appears in the transcript."""

PAIRED_FORMS = frozenset({"chinese", "placeholder", "placeholder_lost", "mt", "mt_romanised", "garbled", "glossed"})
"""Forms whose source is a segment that must be paired with its interpretation."""

LABEL_STYLES = ("block", "inline", "none")
FIGURE_MODES = ("none", "conflict", "agree", "mixed")
"""``CallSpec.figures``: no planted figures; every planted figure changed by the interpreter;
every one rendered faithfully in another form; each one or the other at random."""
FIGURE_KINDS = ("any", "percent", "multiple", "yi_decimal", "range", "approx")
"""``CallSpec.figure_kind``: a kind of change of ``synth_figures.KINDS``, or ``any`` (one at random per remark)."""
FIGURE_FORMS = frozenset({"chinese", "mt", "mt_romanised", "garbled"})
"""Source forms that carry the figures they say (a placeholder carries none)."""
INTERPRETERS = ("translator", "executive", "ir")
TAG_STYLES = ("none", "own_line", "line_start")


@dataclass(frozen=True)
class CallSpec:
    """The knobs of one synthetic call."""

    source: str = "chinese"
    """One of :data:`SOURCE_FORMS`."""
    labels: str = "block"
    """``block``: a name line and a title line; ``inline``: ``Name: text``; ``none``: no labels."""
    interpreter: str = "translator"
    """Whose label the interpretation stands under: ``translator`` (a ``Translator`` /
    ``Interpreter`` label), ``executive`` (the speaker's own label), ``ir`` (the IR host's)."""
    tag: str = "none"
    """``[Interpreted]`` before each interpretation: ``none``, ``own_line``, ``line_start``.
    ``tag_only`` calls always carry one (``own_line`` or ``line_start`` at random where ``none``)."""
    prepared_remarks: bool = True
    """A CFO's native prepared remarks whose paragraphs restate each other's figures."""
    self_translating: bool = True
    """Analysts ask in Chinese, then say "Let me translate my question" and ask in English."""
    noise: bool = False
    """Loops ("cloud cloud cloud ...") and filler runs ("uh, uh, uh,") inside paragraphs."""
    vendor_header: bool = True
    """The vendor's disclaimer and a date line at the top."""
    remarks: int = 4
    """Interpreted turns of the executive's prepared remarks."""
    questions: int = 2
    """Analyst questions in the Q&A, each answered by the executive."""
    newline: str = "\n"
    """Line break: ``\\n`` or ``\\r\\n``."""
    figures: str = "none"
    """Planted figures (issue 15), one of :data:`FIGURE_MODES`: each of the executive's
    interpreted remarks (prepared remarks and answers) in a form of :data:`FIGURE_FORMS`
    gets a block of figure sentences from ``synth_figures.make_pair`` (distractors that agree
    and one *subject* figure of ``figure_kind``), in the source's form (Chinese, or the
    machine's word-by-word English for ``mt``/``mt_romanised``/``garbled``) and in the
    interpreter's English, which changes the subject (``conflict``) or renders it in another
    form (``agree``). Each planting is in :attr:`SynthCall.figures`; the changed ones also in
    the gold's ``number_conflicts``. Drawn from a generator of their own, so the rest of the
    call is written as without them. ``none`` leaves the call as it always was."""
    figure_kind: str = "any"
    """The kind of change planted: one of :data:`FIGURE_KINDS`."""
    followups: bool = False
    """After each interpreted answer, the analyst asks the CFO a native follow-up question and
    the CFO answers in native English that takes up its words: a question and its answer,
    which must not be paired."""
    run_together: bool = False
    """The vendor runs each prepared remark's interpretation into its source's line (no label
    between them, and no tag): the switch lies inside a paragraph."""
    interruption: bool = False
    """The line drops after the second prepared remark and the operator speaks while it is
    brought back ("Sorry, the speaker's line has dropped. ... Please continue."): native
    English between two interpreted remarks."""
    condensed: bool = False
    """The interpreter condenses: a remark of two or more sentences is rendered by its first
    sentence alone, so the rendering shares few of the source's words. Not with figures.
    Combine with many ``remarks`` for a call read out passage by passage."""
    spaced: bool = False
    """Chinese sources written one character apart ("收 入 达 到 1 6 . 9 亿"), as some vendors do.
    Only with ``source="chinese"``."""

    def __post_init__(self) -> None:
        for name, value, allowed in (
            ("source", self.source, SOURCE_FORMS),
            ("labels", self.labels, LABEL_STYLES),
            ("interpreter", self.interpreter, INTERPRETERS),
            ("tag", self.tag, TAG_STYLES),
            ("newline", self.newline, ("\n", "\r\n")),
            ("figures", self.figures, FIGURE_MODES),
            ("figure_kind", self.figure_kind, FIGURE_KINDS),
        ):
            if value not in allowed:
                raise ValueError(f"CallSpec.{name}={value!r}: expected one of {allowed}")


@dataclass(frozen=True)
class TruthSpan:
    """A stretch the generator wrote: absolute offsets, 0-based line, kind and role."""

    start: int
    end: int
    line: int
    kind: str
    role: str
    """``vendor``, ``label``, ``native``, ``restate`` (a CFO paragraph that restates
    figures), ``framing``, ``tag``, ``source``, ``interpretation``, ``noise``, ``lost``."""
    speaker: str
    form: str | None = None
    """For a source (and its interpretation): the :data:`SOURCE_FORMS` entry."""


@dataclass(frozen=True)
class TruthPair:
    """Span indices of one source block and of the interpretation that renders it."""

    source: tuple[int, ...]
    interpretation: tuple[int, ...]
    form: str


@dataclass(frozen=True)
class PlantedFigure:
    """A subject figure planted by ``CallSpec.figures``: where it stands on each side (absolute
    offsets of the figure phrase), its kind of change, and whether the interpreter changed it."""

    kind: str
    conflict: bool
    severity: str | None
    """``error`` (changed), ``warning`` (cut rather than rounded), None (agrees)."""
    form: str
    """The call's source form; ``chinese_spaced`` for Chinese one character apart."""
    original: tuple[int, int]
    interpretation: tuple[int, int]
    pair: int
    """Index of the :class:`TruthPair` the figure is in."""


@dataclass(frozen=True)
class SynthCall:
    spec: CallSpec
    seed: int
    text: str
    spans: tuple[TruthSpan, ...]
    pairs: tuple[TruthPair, ...]
    unpaired_interpretations: tuple[tuple[int, ...], ...]
    """Interpretation blocks with no source to pair (``lost``, ``tag_only``)."""
    gold: dict = field(repr=False)
    figures: tuple[PlantedFigure, ...] = ()
    """Subject figures planted by ``CallSpec.figures`` (changed or agreeing)."""

    def span_text(self, i: int) -> str:
        s = self.spans[i]
        return self.text[s.start : s.end]


# ---------------------------------------------------------------------------------------
# Phrase bank (all invented)

COMPANIES = [
    ("海川数据", "Seariver Data"),
    ("晨光智造", "Dawnlight Manufacturing"),
    ("云杉健康", "Spruce Health"),
    ("鹏程出行", "Rocmile Mobility"),
    ("金穗农业", "Goldear Agritech"),
    ("星桥教育", "Starbridge Learning"),
]
TERMS = [
    ("智能客服", "smart customer service"),
    ("冷链物流", "cold-chain logistics"),
    ("工业互联网", "industrial internet"),
    ("储能电池", "energy storage batteries"),
    ("在线问诊", "online consultations"),
    ("会员订阅", "membership subscriptions"),
    ("自动驾驶", "autonomous driving"),
    ("社区团购", "community group buying"),
]
CEOS = [
    ("Tang Weiming", "Mr. Tang"),
    ("Ruan Jiaqi", "Ms. Ruan"),
    ("Fang Zhiyuan", "Mr. Fang"),
    ("Bao Xinyi", "Ms. Bao"),
]
CFOS = ["Olivia Guo", "Peter Shen", "Grace Miao", "Victor Lam"]
IRS = ["Nina Ke", "Derek Lu", "Sharon Yip"]
ANALYSTS = ["Mark Feldman", "Ivy Zhao", "Samuel Ortiz", "Karen Ye", "Tom Becker", "Lucy Hou"]
BANKS = ["Harbourline Securities", "Northgate Capital", "Meridian Research", "Bluestone Partners"]

# (Chinese, the interpreter's English, a fluent machine translation). Slots: {co} company,
# {term} product or business, {p} a percentage, {amt} an amount, {n} a count.
REMARKS = [
    (
        "本季度{co}总收入同比增长{p}%，达到{amt}。",
        "This quarter, {co}'s total revenue grew {p}% year over year to {amt}.",
        "In this quarter, the total income of {co} increased by {p}% over the same period of last year and reached {amt}.",
    ),
    (
        "{term}业务继续保持快速增长，客户数量超过{n}家。",
        "Our {term} business kept growing quickly, and we now serve more than {n} customers.",
        "The {term} business continued to maintain rapid growth, and the number of customers exceeded {n}.",
    ),
    (
        "我们在{term}方面的投入已经开始带来回报。",
        "Our investment in {term} has started to pay off.",
        "Our input in the aspect of {term} has already begun to bring returns.",
    ),
    (
        "下半年我们会更加注重利润，而不是单纯追求规模。",
        "In the second half, we will focus more on profit rather than pure scale.",
        "In the second half of the year, we will pay more attention to profit instead of simply pursuing scale.",
    ),
    (
        "我们今年新开了{n}家门店，大部分在二三线城市。",
        "We opened {n} new stores this year, mostly in tier-two and tier-three cities.",
        "This year we newly opened {n} stores, and most of them are located in second and third tier cities.",
    ),
    (
        "毛利率提升到{p}%，主要得益于成本的下降。",
        "Gross margin rose to {p}%, mainly thanks to lower costs.",
        "The gross profit rate was raised to {p}%, which mainly benefited from the decline of the costs.",
    ),
    (
        "我们和{n}家大型企业签订了长期合同。",
        "We signed long-term contracts with {n} large enterprises.",
        "We have signed long-term contracts with {n} large-scale enterprises.",
    ),
    (
        "我们对全年的增长目标充满信心。",
        "We are confident that we will meet our growth target for the full year.",
        "We are full of confidence in the growth target of the whole year.",
    ),
    (
        "{co}的研发团队已经有{n}名工程师。",
        "{co}'s R&D team now has {n} engineers.",
        "The research and development team of {co} already has {n} engineers.",
    ),
    (
        "{term}的订单在上个月创下了新高。",
        "Orders for {term} hit a record high last month.",
        "The orders of {term} created a new high in the last month.",
    ),
    (
        "我们希望明年把{term}推广到海外市场。",
        "Next year, we hope to bring {term} to overseas markets.",
        "We hope to promote {term} to the overseas market in the next year.",
    ),
    (
        "现金流状况良好，账上现金约为{amt}。",
        "Our cash flow is healthy, with about {amt} of cash on hand.",
        "The situation of the cash flow is good, and the cash on the account is about {amt}.",
    ),
]
QUESTIONS = [
    (
        "请问管理层，{term}业务明年的增长预期是多少？",
        "Could management share the growth outlook for the {term} business next year?",
        "May I ask the management, what is the growth expectation of the {term} business next year?",
    ),
    (
        "毛利率未来还有多少提升空间？",
        "How much more room is there for gross margin to improve?",
        "How much room for improvement does the gross profit rate still have in the future?",
    ),
    (
        "竞争是否变得更激烈了？价格有没有压力？",
        "Has competition become fiercer, and is there pressure on prices?",
        "Has the competition become more intense? Is there any pressure on the price?",
    ),
    (
        "海外市场的进展怎么样？",
        "How are things going in overseas markets?",
        "How is the progress of the overseas market?",
    ),
]
PLACEHOLDER_WORDS = [
    "Foreign language",
    "Foreign Language",
    "foreign language",
    "FOREIGN LANGUAGE",
    "Foreign laguage",
    "Non-English content",
    "Non-English Content",
    "Speaking foreign language",
    "speaking foreign language",
    "Speaking in Chinese",
    "Non-English speech",
]
BRACKETS = [("[", "]"), ("(", ")")]
LOOP_WORDS = ["cloud", "Shenzhen", "market", "okay", "platform", "yes"]
FILLERS = ["uh", "um", "er"]
STRAY = ["AI", "5G", "Q3", "15%", "2", "app", "ok", "88"]
FRAMINGS = [
    "This is from our CEO.",
    "I will translate for {ceo}.",
    "Let me interpret that.",
    "Here is the translation.",
]
# A native follow-up to the CFO and the CFO's answer, which takes up the question's words
# (an answer, not a rendering). Slots: {cfo} the CFO's first name, {m} a metric, {when} a period.
FOLLOWUP_METRICS = ["gross margin", "operating expenses", "capital expenditure", "cash flow", "research spending"]
FOLLOWUP_PERIODS = ["the next quarter", "the second half", "next year", "the coming quarters"]
FOLLOWUP_QUESTIONS = [
    "Thanks, that's very clear. Just one follow-up for {cfo}: how should we think about {m} in {when}, "
    "given the new data centers coming online?",
    "Great, thank you. A quick follow-up on {m}, {cfo}: where do you expect it to land in {when}, "
    "and what are the main moving parts?",
    "Thank you. Could I ask {cfo} about {m}? How much room is there to improve it in {when}?",
]
FOLLOWUP_ANSWERS = [
    "Sure, thanks for the follow-up. We expect {m} in {when} to stay roughly where it is today, as the new "
    "data centers fill up and utilization rises.",
    "Yes, so on {m}, the moving parts in {when} are the mix of customers and the pace of new capacity, and we "
    "see them broadly balancing out.",
    "Okay. For {m}, we think there is still some room in {when}, mainly from better utilization and tighter "
    "procurement.",
]
SELF_TRANSLATIONS = ["Let me translate my question.", "Let me translate my question myself.", "I'll translate myself."]
INTERPRETER_LABELS = ["Translator", "Interpreter", "[Translator]", "Unidentified Interpreter"]

_DROP = {"a", "an", "the", "is", "are", "was", "were", "be", "been", "will", "has", "have", "had", "does", "did"}
_LEMMA = {
    "increased": "increase",
    "reached": "reach",
    "continued": "continue",
    "exceeded": "exceed",
    "begun": "begin",
    "raised": "raise",
    "benefited": "benefit",
    "signed": "sign",
    "created": "create",
    "located": "locate",
    "opened": "open",
    "pursuing": "pursue",
    "has": "have",
    "grew": "grow",
    "them": "they",
}


# ---------------------------------------------------------------------------------------
# Sentence makers


@cache
def pinyin(chinese: str) -> str:
    """Romanise a Chinese term the way a recogniser spells it: syllables in pairs, capitalised.

    >>> pinyin("冷链物流")
    'Lenglian Wuliu'
    """
    from pypinyin import lazy_pinyin

    syl = lazy_pinyin(chinese)
    words = ["".join(syl[i : i + 2]) for i in range(0, len(syl), 2)]
    return " ".join(w.capitalize() for w in words)


def garble(english: str) -> str:
    """Word-by-word machine English from a fluent sentence: no articles or auxiliaries,
    verbs un-inflected. Capitalised words (names, pinyin) are kept.

    >>> garble("The orders of Lenglian Wuliu created a new high in the last month.")
    'Orders of Lenglian Wuliu create new high in last month.'
    """
    out: list[str] = []
    for tok in english.split():
        core = tok.rstrip(".,?!")
        tail = tok[len(core) :]
        low = core.lower()
        if low in _DROP:
            if tail and out:
                out[-1] += tail
            continue
        if low in _LEMMA:
            core = _LEMMA[low]
        elif core.islower() and len(core) > 6 and core.endswith("ing"):
            core = core[:-3]
        elif core.islower() and len(core) > 6 and core.endswith("ed"):
            core = core[:-1] if core[-3] in "aeiou" or core.endswith("sed") else core[:-2]
        out.append(core + tail)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


_GLOSS_WORDS = {
    "revenue": "business income",
    "revenues": "business income",
    "customers": "client households",
    "growth": "increase amplitude",
    "profit": "gain profit",
    "orders": "order forms",
    "market": "city field",
    "investment": "throw in capital",
    "overseas": "sea outside",
    "costs": "cost expense",
    "team": "group team",
    "record": "history new",
    "stores": "shop front",
    "engineers": "engineering teacher",
    "target": "aim mark",
}
"""What a word-by-word rendering hears for a fluent word (each Chinese morpheme glossed)."""


def gloss(english: str) -> str:
    """Word-by-word machine English cut into the short clauses a recogniser of the Chinese
    hears: ``garble`` of a sentence with English names, each clause its own sentence, so no
    sentence is long enough to read as literal on its own, and nothing is romanised.

    >>> gloss("Our investment in online consultations has started to pay off, and orders grew 5%.")
    'Our throw in capital in online consultations start to pay off. And order forms grow hundred part of 5.'
    """
    for fluent, word in _GLOSS_WORDS.items():
        english = re.sub(rf"\b{fluent}\b", word, english)
    english = garble(english)
    english = re.sub(r"RMB (\d+)\.(\d) billion", lambda m: f"{m[1]}{m[2]} hundred million yuan", english)
    english = re.sub(r"(\d+)%", r"hundred part of \1", english)
    clauses = [c.strip() for c in english.split(",") if c.strip()]
    return " ".join(c[:1].upper() + c[1:] + ("" if c[-1] in ".?!" else ".") for c in clauses)


def _slots(rng: random.Random, company: tuple[str, str]) -> dict:
    """Random values for one sentence's slots, in Chinese and in English."""
    term = rng.choice(TERMS)
    yi = rng.randint(12, 98)
    return {
        "co": company,
        "term": term,
        "p": str(rng.randint(6, 48)),
        "n": str(rng.choice([35, 60, 120, 240, 500, 1200, 3000])),
        "amt": (f"{yi}亿元", f"RMB {yi / 10:.1f} billion"),
    }


def _fill(template: str, slots: dict, lang: str) -> str:
    """Fill a template: ``lang`` is ``zh`` (Chinese), ``en`` (English names) or ``py``
    (romanised names, as a recogniser of the Chinese would write them)."""
    vals = {}
    for key, val in slots.items():
        if isinstance(val, tuple):
            if lang == "zh":
                vals[key] = val[0]
            elif lang == "py" and key in ("co", "term"):
                vals[key] = pinyin(val[0])
            else:
                vals[key] = val[1]
        else:
            vals[key] = val
    text = template.format(**vals)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Remark:
    """One remark as each form renders it: its sentences in every rendering."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    mt: tuple[str, ...]
    mt_py: tuple[str, ...]
    garbled: tuple[str, ...]
    planted: tuple = ()
    """Figures planted in it (``CallSpec.figures``): ``_Plant`` s."""


class Deck:
    """Draws rows of a bank without repeats until the bank is used up, then reshuffles."""

    def __init__(self, rng: random.Random, bank: list) -> None:
        self.rng, self.bank, self.rows = rng, bank, []

    def draw(self, k: int) -> list:
        out = []
        while len(out) < k:
            if not self.rows:
                self.rows = self.rng.sample(self.bank, len(self.bank))
            row = self.rows.pop()
            if row not in out:
                out.append(row)
        return out


def make_remark(rng: random.Random, company: tuple[str, str], deck: Deck, k: int) -> Remark:
    """``k`` sentences drawn from ``deck`` with fresh figures, in every rendering."""
    rows = deck.draw(k)
    zh, en, mt, mt_py, gl = [], [], [], [], []
    for z, e, m in rows:
        s = _slots(rng, company)
        zh.append(_fill(z, s, "zh"))
        en.append(_fill(e, s, "en"))
        mt.append(_fill(m, s, "en"))
        mt_py.append(_fill(m, s, "py"))
        gl.append(garble(_fill(m, s, "py")))
    return Remark(tuple(zh), tuple(en), tuple(mt), tuple(mt_py), tuple(gl))


@dataclass(frozen=True)
class _Plant:
    """A figure block planted in a remark: the subject figure's phrase on each side and the
    text up to its end (to find it once the remark is written)."""

    kind: str
    conflict: bool
    severity: str | None
    orig_prefix: str
    orig_fig: str
    en_prefix: str
    en_fig: str


def _tidy(text: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """``text`` with runs of spaces made one and the ends stripped; ``span`` moved along."""
    out: list[str] = []
    where: dict[int, int] = {}
    for k, c in enumerate(text):
        if c == " " and (not out or out[-1] == " "):
            continue
        where[k] = len(out)
        out.append(c)
    while out and out[-1] == " ":
        out.pop()
    return "".join(out), (where[span[0]], where[span[1] - 1] + 1)


_METRIC_WORDS = (("operating cash flow", "经营现金流"), ("cloud revenue", "云服务收入"), ("advertising revenue", "广告收入"),
                 ("overseas revenue", "海外收入"), ("r&d investment", "研发投入"), ("gross profit", "毛利达到"),
                 ("net margin", "净利率"), ("net profit rate", "净利率"), ("gross margin", "毛利率"), ("penetration", "渗透率"),
                 ("year over year", "同比增长"), ("quarter over quarter", "环比增长"))  # fmt: skip
"""The metrics ``synth_figures`` states as amounts or percentages (those ``number-consistency``
compares across a call), in English (interpretation, machine English) and in Chinese."""


def _metrics(*texts: str) -> set[str]:
    low = " ".join(texts).lower().replace(" ", "")
    return {en for en, zh in _METRIC_WORDS if en.replace(" ", "") in low or zh in low}


def _repeats_a_metric(text: str) -> bool:
    low = text.lower().replace(" ", "")
    return any(low.count(en.replace(" ", "")) + low.count(zh) > 1 for en, zh in _METRIC_WORDS)


def plant_figures(rng: random.Random, remark: Remark, spec: CallSpec, used: set[str] | None = None) -> Remark:
    """``remark`` with a block of figure sentences (``synth_figures.make_pair``) put among its
    sentences: the source's form in ``zh``/``mt``/``mt_py``/``garbled``, the interpreter's in ``en``.

    ``used``: the metrics the call's earlier blocks stated; a block that states one of them
    again, or one twice, is drawn anew (up to 30 times), as a call states each metric once:
    "operating cash flow" at two values in one call is a conflict of its own
    (``number-consistency``), not a faithful distractor."""
    from synth_figures import KINDS, make_pair

    kind = rng.choice(KINDS) if spec.figure_kind == "any" else spec.figure_kind
    conflict = spec.figures == "conflict" or (spec.figures == "mixed" and rng.random() < 0.5)
    source = "mt" if spec.source != "chinese" else ("spaced" if spec.spaced else "zh")
    used = set() if used is None else used
    for _ in range(30):
        fp = make_pair(rng, kind, source, conflict)
        if not _metrics(fp.original, fp.interpretation) & used and not _repeats_a_metric(fp.original):
            break
    used |= _metrics(fp.original, fp.interpretation)
    (oa, ob), (ea, eb) = fp.subject
    orig, interp = fp.original, fp.interpretation
    if source == "spaced":  # written unspaced here; the whole source is spaced when written
        orig, oa, ob = orig.replace(" ", ""), len(orig[:oa].replace(" ", "")), len(orig[:ob].replace(" ", ""))
    orig, (oa, ob) = _tidy(orig, (oa, ob))
    interp, (ea, eb) = _tidy(interp, (ea, eb))
    orig, interp = orig[:1].upper() + orig[1:], interp[:1].upper() + interp[1:]
    plant = _Plant(kind, conflict, fp.severity, orig[:ob], orig[oa:ob], interp[:eb], interp[ea:eb])
    at = rng.randint(0, len(remark.en))

    def put(xs: tuple[str, ...], x: str) -> tuple[str, ...]:
        return (*xs[:at], x, *xs[at:])

    return Remark(put(remark.zh, orig), put(remark.en, interp), put(remark.mt, orig), put(remark.mt_py, orig),
                  put(remark.garbled, orig), (*remark.planted, plant))  # fmt: skip


def _locate(text: str, spans: list[TruthSpan], prefix: str, fig: str) -> tuple[int, int] | None:
    """Absolute offsets of ``fig``, the end of ``prefix``, within one of ``spans``; where noise
    was cut into the prefix, the first ``fig`` in the spans."""
    for s in spans:
        at = text.find(prefix, s.start, s.end)
        if at >= 0:
            return at + len(prefix) - len(fig), at + len(prefix)
    for s in spans:
        at = text.find(fig, s.start, s.end)
        if at >= 0:
            return at, at + len(fig)
    return None


def placeholder(rng: random.Random) -> str:
    """A vendor's placeholder for untranscribed speech, in one of many spellings."""
    left, right = rng.choice(BRACKETS)
    return f"{left}{rng.choice(PLACEHOLDER_WORDS)}{right}{rng.choice(['', '', '.'])}"


def lost_run(rng: random.Random) -> str:
    """Speech the vendor lost: a run of ``?`` with a stray Latin word or digits in it."""
    parts = ["?" * rng.randint(8, 30)]
    for _ in range(rng.randint(0, 2)):
        parts.append(rng.choice(STRAY) + rng.choice(["", " "]))
        parts.append("?" * rng.randint(6, 25))
    return "".join(parts)


def noise_run(rng: random.Random) -> str:
    """A hallucinated loop or a run of fillers."""
    if rng.random() < 0.5:
        return " ".join([rng.choice(LOOP_WORDS)] * rng.randint(6, 14))
    filler = rng.choice(FILLERS)
    return rng.choice([", ", " "]).join([filler] * rng.randint(3, 6)) + rng.choice([",", ""])


# ---------------------------------------------------------------------------------------
# Layout: a builder that records every span's offsets as the text is written


@dataclass
class _Item:
    text: str
    kind: str
    role: str
    form: str | None = None
    sep: str = " "
    """What stands between this item and the one before it on the line."""


class _Builder:
    def __init__(self, newline: str = "\n") -> None:
        self.newline = newline
        self.chunks: list[str] = []
        self.pos = 0
        self.line = 0
        self.spans: list[TruthSpan] = []

    def add_line(self, items: list[_Item], speaker: str) -> list[int]:
        """Write one line of items; return the indices of their spans."""
        ids = []
        for i, item in enumerate(items):
            if i and item.sep:
                self.chunks.append(item.sep)
                self.pos += len(item.sep)
            self.spans.append(
                TruthSpan(self.pos, self.pos + len(item.text), self.line, item.kind, item.role, speaker, item.form)
            )
            ids.append(len(self.spans) - 1)
            self.chunks.append(item.text)
            self.pos += len(item.text)
        self.chunks.append(self.newline)
        self.pos += len(self.newline)
        self.line += 1
        return ids

    def text(self) -> str:
        return "".join(self.chunks)


def _paragraph(rng, sentences, kind, role, spec, form=None, sep=" ") -> list[_Item]:
    """Sentences as items of one kind, with a noise run between two of them where asked."""
    cut = -1
    if spec.noise and len(sentences) > 1 and rng.random() < 0.6:
        cut = rng.randint(1, len(sentences) - 1)
    if cut < 0:
        items = [_Item(sep.join(sentences), kind, role, form)]
    else:
        items = [
            _Item(sep.join(sentences[:cut]), kind, role, form),
            _Item(noise_run(rng), "noise", "noise"),
            _Item(sep.join(sentences[cut:]), kind, role, form),
        ]
    if spec.noise and sep == " " and rng.random() < 0.3:
        items = _filler_inside(rng, items)
    return items


def _filler_inside(rng: random.Random, items: list[_Item]) -> list[_Item]:
    """Cut a run of fillers into the middle of a sentence ("we signed uh, uh, uh, contracts")."""
    i = rng.randrange(len(items))
    words = items[i].text.split(" ")
    if items[i].kind == "noise" or len(words) < 6:
        return items
    k = rng.randint(2, len(words) - 3)
    filler = rng.choice(FILLERS)
    head, tail = " ".join(words[:k]), " ".join(words[k:])
    run = _Item(", ".join([filler] * rng.randint(3, 5)) + ",", "noise", "noise")
    return (
        items[:i]
        + [
            _Item(head, items[i].kind, items[i].role, items[i].form),
            run,
            _Item(tail, items[i].kind, items[i].role, items[i].form),
        ]
        + items[i + 1 :]
    )


class _Call:
    """Writes the call turn by turn; keeps the truth pairs."""

    def __init__(self, spec: CallSpec, rng: random.Random) -> None:
        self.spec, self.rng, self.b = spec, rng, _Builder(spec.newline)
        self.company = rng.choice(COMPANIES)
        self.ceo, self.ceo_short = rng.choice(CEOS)
        self.cfo = rng.choice(CFOS)
        self.ir = rng.choice(IRS)
        self.interpreter_label = rng.choice(INTERPRETER_LABELS)
        self.pairs: list[TruthPair] = []
        self.unpaired: list[tuple[int, ...]] = []
        self.figures: list[PlantedFigure] = []
        self.current: str | None = None

    # -- labels ----------------------------------------------------------------------
    def turn(self, name: str, title: str | None, role: str) -> list[_Item]:
        """Open a turn: label lines for ``block``; the inline prefix items for ``inline``."""
        self.current = role
        if self.spec.labels == "block":
            self.b.add_line([_Item(name, "native", "label")], role)
            if title:
                self.b.add_line([_Item(title, "native", "label")], role)
            return []
        if self.spec.labels == "inline":
            return [_Item(f"{name}:", "native", "label")]
        return []

    def line(self, items: list[_Item], prefix: list[_Item], role: str) -> list[int]:
        """Write a line; with inline labels the prefix goes first. Returns the item spans."""
        ids = self.b.add_line(prefix + items, role)
        return ids[len(prefix) :]

    def native(self, name, title, role, paragraphs, span_role="native") -> None:
        prefix = self.turn(name, title, role)
        for i, para in enumerate(paragraphs):
            pre = prefix if i == 0 or self.spec.labels == "inline" else []
            self.line(_paragraph(self.rng, para, "native", span_role, self.spec), pre, role)

    # -- an interpreted exchange ------------------------------------------------------
    def source_lines(self, remark: Remark, prefix: list[_Item], role: str, tail: list[_Item] = ()) -> list[int]:
        """Write the source of a remark as the spec's form; return the source span ids.

        ``tail`` items go on the source's own line, after it (returned too, last)."""
        form, rng, spec = self.spec.source, self.rng, self.spec
        if form == "chinese":
            zh = "".join(remark.zh)
            items = [_Item(" ".join(c for c in zh if c != " ") if spec.spaced else zh, "chinese", "source", form)]
        elif form in ("placeholder", "placeholder_lost"):
            items = [_Item(placeholder(rng), "chinese", "source", form)]
        elif form == "lost":
            items = [_Item(lost_run(rng), "noise", "lost", form)]
        elif form == "mt":
            items = _paragraph(rng, list(remark.mt), "original", "source", spec, form)
        elif form == "mt_romanised":
            items = _paragraph(rng, list(remark.mt_py), "original", "source", spec, form)
        elif form == "garbled":
            items = _paragraph(rng, list(remark.garbled), "original", "source", spec, form)
        elif form == "glossed":
            items = _paragraph(rng, [gloss(m) for m in remark.mt], "original", "source", spec, form)
        else:  # tag_only: nothing
            return []
        ids = self.line(items + list(tail), prefix, role)
        if form == "placeholder_lost":
            self.line([_Item(lost_run(rng), "noise", "lost", form)], prefix, role)
        tail_ids = ids[len(ids) - len(tail) :] if tail else []
        return [i for i in ids[: len(ids) - len(tail)] if self.b.spans[i].kind != "noise"] + tail_ids

    def tag_style(self) -> str:
        if self.spec.tag != "none" or self.spec.source != "tag_only":
            return self.spec.tag
        return self.rng.choice(["own_line", "line_start"])

    def interpretation_lines(self, remark: Remark, prefix: list[_Item], role: str, lead: list[_Item]) -> list[int]:
        """Write the interpreter's English (after an optional tag and framing); return its span ids."""
        tag = self.tag_style()
        if tag == "own_line":
            self.line([_Item("[Interpreted]", "native", "tag")], prefix, role)
            prefix = prefix if self.spec.labels == "inline" else []
        items = list(lead) + self.rendering(remark)
        if tag == "line_start":
            items = [_Item("[Interpreted]", "native", "tag")] + items
        ids = self.line(items, prefix, role)
        return [i for i in ids if self.b.spans[i].kind == "interpretation"]

    def rendering(self, remark: Remark) -> list[_Item]:
        """The interpreter's English of ``remark``: its first sentence alone where the spec condenses."""
        said = remark.en[:1] if self.spec.condensed else remark.en
        return _paragraph(self.rng, list(said), "interpretation", "interpretation", self.spec)

    def interpreted(self, remark: Remark, name: str, title: str, role: str, framing: bool) -> None:
        """An executive's remark in the spec's source form, then its interpretation."""
        prefix = self.turn(name, title, role)
        if self.spec.run_together and self.spec.source not in ("tag_only", "lost", "placeholder_lost"):
            rendering = self.rendering(remark)
            ids = self.source_lines(remark, prefix, role, tail=rendering)
            src, tail = ids[: len(ids) - len(rendering)], ids[len(ids) - len(rendering) :]
            interp = [i for i in tail if self.b.spans[i].kind == "interpretation"]
        else:
            src = self.source_lines(remark, prefix, role)
            lead: list[_Item] = []
            if self.spec.interpreter == "executive":
                iprefix = prefix if self.spec.labels == "inline" else []
                irole = role
            else:
                if self.spec.interpreter == "ir":
                    iprefix = self.turn(self.ir, "Investor Relations Director", "IR")
                else:
                    iprefix = self.turn(self.interpreter_label, None, "interpreter")
                irole = "interpreter"
                if framing and self.rng.random() < 0.5:
                    text = self.rng.choice(FRAMINGS).format(ceo=self.ceo_short)
                    lead = [_Item(text, "native", "framing")]
            interp = self.interpretation_lines(remark, iprefix, irole, lead)
        self.record(src, interp)
        if remark.planted and src:
            self.locate_figures(remark, src, interp)

    def locate_figures(self, remark: Remark, src: list[int], interp: list[int]) -> None:
        """Record where the remark's planted figures were written (the pair just recorded)."""
        text = self.b.text()
        spaced = self.spec.source == "chinese" and self.spec.spaced
        form = "chinese_spaced" if spaced else self.spec.source
        sp = (lambda t: " ".join(c for c in t if c != " ")) if spaced else (lambda t: t)
        for p in remark.planted:
            o = _locate(text, [self.b.spans[i] for i in src], sp(p.orig_prefix), sp(p.orig_fig))
            e = _locate(text, [self.b.spans[i] for i in interp], p.en_prefix, p.en_fig)
            if o is None or e is None:
                raise AssertionError(f"planted figure not found: {p}")
            self.figures.append(PlantedFigure(p.kind, p.conflict, p.severity, form, o, e, len(self.pairs) - 1))

    def record(self, src: list[int], interp: list[int]) -> None:
        if src:
            self.pairs.append(TruthPair(tuple(src), tuple(interp), self.spec.source))
        else:
            self.unpaired.append(tuple(interp))

    def analyst_question(self, analyst: str, bank: str, remark: Remark) -> None:
        """An analyst asks: in English, or in the source form and then in their own English."""
        role = f"analyst:{analyst}"
        prefix = self.turn(analyst, f"Analyst, {bank}", role)
        form = self.spec.source
        if not self.spec.self_translating or form in ("english_only", "tag_only"):
            text = f"Hi, thank you for taking my question. {remark.en[0]} Thank you."
            self.line([_Item(text, "native", "native")], prefix, role)
            return
        framing = _Item(self.rng.choice(SELF_TRANSLATIONS), "native", "framing")
        english = _Item(" ".join(remark.en), "interpretation", "interpretation")
        if self.rng.random() < 0.5 and form not in ("placeholder_lost", "lost"):
            ids = self.source_lines(remark, prefix, role, tail=[framing, english])
            src, interp = ids[:-2], ids[-1]
        else:  # the translation on a line of its own
            src = self.source_lines(remark, prefix, role)
            interp = self.line([framing, english], prefix if self.spec.labels == "inline" else [], role)[1]
        self.record(src, [interp])

    def followup(self, analyst: str, bank: str) -> None:
        """A native follow-up question to the CFO and the CFO's native answer (no pair)."""
        rng = self.rng
        slots = {"cfo": self.cfo.split()[0], "m": rng.choice(FOLLOWUP_METRICS), "when": rng.choice(FOLLOWUP_PERIODS)}
        question, answer = rng.choice(FOLLOWUP_QUESTIONS), rng.choice(FOLLOWUP_ANSWERS)
        self.native(analyst, f"Analyst, {bank}", f"analyst:{analyst}", [[question.format(**slots)]], "followup")
        self.native(self.cfo, "Chief Financial Officer", "CFO", [[answer.format(**slots)]], "followup")


def _cfo_paragraphs(rng: random.Random, ceo_short: str) -> list[list[str]]:
    """Native prepared remarks whose paragraphs restate each other's figures."""
    yi = rng.randint(12, 98)
    rev = f"RMB {yi / 10:.1f} billion"
    p, gm = rng.randint(6, 40), rng.randint(20, 60)
    gm0 = gm - rng.randint(1, 5)
    d = rng.randint(3, 15)
    cash = f"RMB {rng.randint(30, 99) / 10:.1f} billion"
    lo, hi = yi + rng.randint(1, 4), yi + rng.randint(5, 9)
    return [
        [
            f"Thank you, {ceo_short}.",
            "Now let me walk you through our financial results for the quarter.",
            f"Total revenues were {rev}, up {p}% year over year.",
            f"Gross margin was {gm}%, compared with {gm0}% in the same period last year.",
            f"Operating expenses were down {d}% from a year ago.",
        ],
        [
            f"To put these figures in context, the {rev} of revenue, up {p}%, was our highest quarterly total so far.",
            f"The {gm}% gross margin was {gm - gm0} percentage points above last year's {gm0}%.",
            f"The {d}% decrease in operating expenses came mainly from lower marketing spending.",
        ],
        [
            f"As of the end of the quarter, we had {cash} in cash and short-term investments.",
            f"For the next quarter, we expect total revenues between RMB {lo / 10:.1f} billion and RMB {hi / 10:.1f} billion.",
            f"To recap, revenue of {rev} grew {p}%, with gross margin at {gm}% and operating expenses {d}% lower.",
        ],
    ]


def generate(spec: CallSpec = CallSpec(), seed: int = 0) -> SynthCall:
    """One synthetic call for ``spec``; the same ``(spec, seed)`` gives the same call."""
    rng = random.Random(seed)
    c = _Call(spec, rng)
    plant = spec.figures != "none" and spec.source in FIGURE_FORMS
    frng = random.Random(f"figures-{spec.figure_kind}-{seed}")  # apart, so the call is the same without
    metrics: set[str] = set()
    remarks, questions = Deck(rng, REMARKS), Deck(rng, QUESTIONS)
    co_en = c.company[1]
    english_only = spec.source == "english_only"
    if spec.vendor_header:
        c.b.add_line(
            [_Item("This transcript was produced automatically and may contain errors.", "vendor", "vendor")], "vendor"
        )
        c.b.add_line([_Item(f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/2032", "vendor", "vendor")], "vendor")
    quarter = rng.choice(["first", "second", "third", "fourth"])
    c.native(
        "Operator",
        None,
        "operator",
        [
            [
                f"Good day and welcome to the {co_en} {quarter} quarter 2032 earnings conference call.",
                "All participants are in listen-only mode, and there will be a question-and-answer session afterwards.",
                f"I would now like to hand the conference over to {c.ir}, Investor Relations Director. Please go ahead.",
            ]
        ],
    )
    speak = (
        "Both will speak in English today."
        if english_only
        else f"{c.ceo_short} will speak in Chinese, and the remarks will be interpreted into English."
    )
    c.native(
        c.ir,
        f"Investor Relations Director, {co_en}",
        "IR",
        [
            [
                "Thank you, operator, and hello, everyone.",
                f"Joining us today are {c.ceo}, our Chairman and CEO, and {c.cfo}, our Chief Financial Officer.",
                speak,
                "Please note that this call contains forward-looking statements that involve risks and uncertainties.",
                f"I will now turn the call over to {c.ceo_short}.",
            ]
        ],
    )
    ceo_title = f"Founder, Chairman and CEO, {co_en}"
    if english_only:
        paras = [list(make_remark(rng, c.company, remarks, rng.randint(2, 3)).en) for _ in range(spec.remarks)]
        paras[0].insert(0, "Thank you, and good morning, everyone.")
        c.native(c.ceo, ceo_title, "CEO", paras)
    else:
        for i in range(spec.remarks):
            remark = make_remark(rng, c.company, remarks, rng.randint(2, 3))
            remark = plant_figures(frng, remark, spec, metrics) if plant else remark
            c.interpreted(remark, c.ceo, ceo_title, "CEO", framing=i == 0)
            if spec.interruption and i == 1:
                c.native("Operator", None, "operator", [rng.choice(INTERRUPTIONS)])
    if spec.prepared_remarks:
        c.native(c.cfo, f"Chief Financial Officer, {co_en}", "CFO", _cfo_paragraphs(rng, c.ceo_short), "restate")
    analysts = rng.sample(ANALYSTS, spec.questions)
    for q, analyst in enumerate(analysts):
        bank = rng.choice(BANKS)
        first = "We will now begin the question-and-answer session. Our first" if q == 0 else "Thank you. Our next"
        c.native("Operator", None, "operator", [[f"{first} question comes from {analyst} with {bank}."]])
        c.analyst_question(analyst, bank, make_remark(rng, c.company, questions, 1))
        answer = make_remark(rng, c.company, remarks, rng.randint(1, 2))
        answer = plant_figures(frng, answer, spec, metrics) if plant and not english_only else answer
        if english_only:
            c.native(c.ceo, ceo_title, "CEO", [[f"Thank you, {analyst.split()[0]}.", *answer.en]])
        else:
            c.interpreted(answer, c.ceo, ceo_title, "CEO", framing=True)
        if spec.followups:
            c.followup(analyst, bank)
    c.native(
        "Operator",
        None,
        "operator",
        [["That concludes our question-and-answer session. Thank you for attending. You may now disconnect."]],
    )
    text = c.b.text()
    spans = tuple(c.b.spans)
    pairs = tuple(c.pairs)
    gold = to_gold(text, spans, pairs, seed)
    gold["number_conflicts"] = [_gold_conflict(text, f) for f in c.figures if f.conflict]
    return SynthCall(spec, seed, text, spans, pairs, tuple(c.unpaired), gold, tuple(c.figures))


def _gold_conflict(text: str, f: PlantedFigure) -> dict:
    """A planted change as a gold ``number_conflicts`` entry (1-based lines, the phrases as written)."""

    def line(at: int) -> int:
        return text.count("\n", 0, at) + 1

    return {
        "line_original": line(f.original[0]),
        "original": text[f.original[0] : f.original[1]],
        "line_interpretation": line(f.interpretation[0]),
        "interpretation": text[f.interpretation[0] : f.interpretation[1]],
        "note": f"planted {f.kind} change ({f.severity})",
    }


def to_gold(text: str, spans, pairs, seed: int = 0) -> dict:
    """The truth in the ``../shared/gold/FORMAT.md`` format (ids are span index + 1)."""
    starts = [0]
    for ln in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(ln))
    segments = [
        {
            "id": i + 1,
            "line": s.line + 1,
            "start": s.start - starts[s.line],
            "end": s.end - starts[s.line],
            "kind": s.kind,
            "speaker": s.speaker,
        }
        for i, s in enumerate(spans)
    ]
    gold_pairs = [
        {"original": [i + 1 for i in p.source], "interpretation": [i + 1 for i in p.interpretation]} for p in pairs
    ]
    return {
        "transcript": f"synth_{seed}.txt",
        "segments": segments,
        "pairs": gold_pairs,
        "entity_fixes": [],
        "number_conflicts": [],
        "asr_errors_native": [],
    }


def prediction(result) -> dict:
    """A ``bitranscript`` Result as the prediction dict ``score.py`` reads."""
    return {
        "segments": [{"start": s.start, "end": s.end, "kind": s.kind} for s in result.segments],
        "pairs": [{"original": list(p.original), "interpretation": list(p.interpretation)} for p in result.pairs],
        "edits": [],
        "findings": [],
    }


INTERRUPTIONS = [
    ["Sorry, our speaker's line has dropped.", "We are reconnecting the speaker now.", "Please continue."],
    ["Apologies, the audio connection was cut out.", "One moment, please."],
    ["It seems the speaker's line was disconnected.", "We are reconnecting the line.", "Please proceed, now."],
]
"""The operator while a dropped line is brought back (``CallSpec.interruption``)."""


def all_specs() -> list[CallSpec]:
    """One spec per source form and label style (the rest default), plus single-knob variants."""
    specs = [CallSpec(source=f, labels=lab) for f in SOURCE_FORMS for lab in LABEL_STYLES]
    for f in PAIRED_FORMS:
        specs += [
            CallSpec(source=f, interpreter="executive"),
            CallSpec(source=f, interpreter="ir"),
            CallSpec(source=f, tag="line_start"),
            CallSpec(source=f, noise=True),
            CallSpec(source=f, interpreter="executive", tag="own_line"),
        ]
    specs += [
        CallSpec(source="tag_only", interpreter="executive", tag="own_line"),
        CallSpec(source="tag_only", interpreter="executive", tag="line_start"),
        CallSpec(source="tag_only", noise=True),
        CallSpec(source="lost", interpreter="executive"),
        CallSpec(source="lost", noise=True),
        CallSpec(source="chinese", newline="\r\n"),
        CallSpec(source="garbled", newline="\r\n", labels="inline"),
        CallSpec(source="english_only", noise=True, labels="none"),
        # A vendor that labels every line, with the tag alone on its line ("Name: [Interpreted]").
        CallSpec(source="tag_only", labels="inline", tag="own_line"),
        CallSpec(source="lost", labels="inline", tag="own_line"),
        CallSpec(source="garbled", labels="inline", tag="own_line"),
        CallSpec(source="mt", interpreter="ir", tag="own_line"),  # a host's label, then the tag
        CallSpec(source="garbled", interruption=True),
        CallSpec(source="mt", labels="inline", interruption=True),
    ]
    return specs


# ---------------------------------------------------------------------------------------
# Comparing a result with the truth (no ../shared needed)


def char_kinds(text: str, segments) -> list[str | None]:
    """The predicted kind of every character (a later segment wins, as in score.py)."""
    kinds: list[str | None] = [None] * len(text)
    for s in segments:
        kinds[max(0, s.start) : min(len(text), s.end)] = [s.kind] * (min(len(text), s.end) - max(0, s.start))
    return kinds


def span_kinds(call: SynthCall, result) -> list[str | None]:
    """For each truth span, the predicted kind of most of its non-space characters."""
    kinds = char_kinds(call.text, result.segments)
    out = []
    for s in call.spans:
        votes: dict = {}
        for i in range(s.start, s.end):
            if not call.text[i].isspace():
                votes[kinds[i]] = votes.get(kinds[i], 0) + 1
        out.append(max(votes, key=votes.get) if votes else None)
    return out


def _chars(text: str, ranges) -> frozenset[int]:
    return frozenset(i for a, b in ranges for i in range(a, b) if not text[i].isspace())


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def pair_matches(call: SynthCall, result, threshold: float = 0.9) -> list[bool]:
    """For each truth pair: does some predicted pair cover both sides (Jaccard >= threshold)?"""
    segs = result.segments
    pred = [
        (
            _chars(call.text, [(segs[i].start, segs[i].end) for i in p.original]),
            _chars(call.text, [(segs[i].start, segs[i].end) for i in p.interpretation]),
        )
        for p in result.pairs
    ]
    out = []
    for tp in call.pairs:
        src = _chars(call.text, [(call.spans[i].start, call.spans[i].end) for i in tp.source])
        tgt = _chars(call.text, [(call.spans[i].start, call.spans[i].end) for i in tp.interpretation])
        out.append(any(_jaccard(src, a) >= threshold and _jaccard(tgt, b) >= threshold for a, b in pred))
    return out


def simple_score(call: SynthCall, result) -> dict:
    """Kind accuracy and strict pair P/R/F1, computed like score.py (one-to-one greedy)."""
    kinds = char_kinds(call.text, result.segments)
    total = right = 0
    for s in call.spans:
        for i in range(s.start, s.end):
            if not call.text[i].isspace():
                total += 1
                right += kinds[i] == s.kind
    segs = result.segments
    pred = [
        (
            _chars(call.text, [(segs[i].start, segs[i].end) for i in p.original]),
            _chars(call.text, [(segs[i].start, segs[i].end) for i in p.interpretation]),
        )
        for p in result.pairs
    ]
    gold = [
        (
            _chars(call.text, [(call.spans[i].start, call.spans[i].end) for i in tp.source]),
            _chars(call.text, [(call.spans[i].start, call.spans[i].end) for i in tp.interpretation]),
        )
        for tp in call.pairs
    ]
    used: set[int] = set()
    tp_count = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and _jaccard(g[0], p[0]) >= 0.9 and _jaccard(g[1], p[1]) >= 0.9:
                used.add(j)
                tp_count += 1
                break
    prec = tp_count / len(pred) if pred else (1.0 if not gold else 0.0)
    rec = tp_count / len(gold) if gold else (1.0 if not pred else 0.0)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "kind_accuracy": right / total if total else 1.0,
        "pair_strict_precision": prec,
        "pair_strict_recall": rec,
        "pair_strict_f1": f1,
    }


def followup_pairs(call: SynthCall, result) -> int:
    """Predicted pairs with a follow-up question or its answer (``CallSpec.followups``) on
    either side: a question and its answer are no original and rendering."""
    followup = [(s.start, s.end) for s in call.spans if s.role == "followup"]

    def touches(side) -> bool:
        return any(result.segments[j].start < e and s < result.segments[j].end for j in side for s, e in followup)

    return sum(1 for p in result.pairs if touches(p.original) or touches(p.interpretation))


def native_source_pairs(call: SynthCall, result) -> int:
    """Predicted pairs whose original lies mostly on native text and whose interpretation lies
    mostly on generated interpretation (an analyst's English question taken for the source of
    the answer's rendering)."""
    return sum(
        1
        for p in result.pairs
        if _mostly(call, result, p.original, "native") and _mostly(call, result, p.interpretation, "interpretation")
    )


def _mostly(call: SynthCall, result, side, kind: str) -> bool:
    chars = [
        i for j in side for i in range(result.segments[j].start, result.segments[j].end) if not call.text[i].isspace()
    ]
    kinds = _span_kind_of_chars(call)
    return bool(chars) and sum(kinds[i] == kind for i in chars) > len(chars) / 2


def _span_kind_of_chars(call: SynthCall) -> list[str | None]:
    kinds: list[str | None] = [None] * len(call.text)
    for s in call.spans:
        kinds[s.start : s.end] = [s.kind] * (s.end - s.start)
    return kinds


def native_pairs(call: SynthCall, result) -> int:
    """Predicted pairs whose original and interpretation both lie mostly on native text
    (e.g. two CFO paragraphs that restate each other's figures)."""
    kinds: list[str | None] = [None] * len(call.text)
    for s in call.spans:
        kinds[s.start : s.end] = [s.kind] * (s.end - s.start)

    def mostly_native(side) -> bool:
        chars = [
            i
            for j in side
            for i in range(result.segments[j].start, result.segments[j].end)
            if not call.text[i].isspace()
        ]
        return bool(chars) and sum(kinds[i] == "native" for i in chars) > len(chars) / 2

    return sum(1 for p in result.pairs if mostly_native(p.original) and mostly_native(p.interpretation))


if __name__ == "__main__":  # a sample call: python tests/synth.py [form] [labels] [seed]
    import sys

    args = sys.argv[1:]
    call = generate(
        CallSpec(source=args[0] if args else "garbled", labels=args[1] if len(args) > 1 else "block"),
        int(args[2]) if len(args) > 2 else 0,
    )
    sys.stdout.write(call.text)
