#!/usr/bin/env python3
"""Write ``examples/<name>.gold.json`` for the invented example transcripts.

    python3 examples/make_gold.py            # write every gold file
    python3 examples/make_gold.py --check    # fail if a written file is out of date

Why anchors: gold offsets typed by hand go stale the moment a transcript is edited.
Here a segment is declared by the line it is on and the exact text it *starts* with;
it runs to the start of the next declared segment on that line (or to the line's end)
and is trimmed of surrounding whitespace.  An anchor must occur exactly once on its line
unless written ``(text, n)`` for the n-th occurrence (0-based).  ``None`` means "from the
start of the line"; a line declared with a bare kind string is one segment over the whole
line.  Segment keys are ``"<line>"`` for a line with one segment and ``"<line><letter>"``
(``"9a"``, ``"9b"`` ...) otherwise; pairs name segments by key.

Standard library only; the format is ``/work/shared/gold/FORMAT.md`` (see the examples
README).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

V, N, O, C, I, X = "vendor", "native", "original", "chinese", "interpretation", "noise"

Anchor = "str | tuple[str, int] | None"


@dataclass
class Spec:
    """Everything the gold of one transcript declares, by anchors."""

    name: str
    lines: dict[int, object]
    """line -> kind (whole line) | (kind, speaker) | list of (kind, speaker, anchor)."""
    speakers: dict[int, str] = field(default_factory=dict)
    """speaker for lines declared by a bare kind string."""
    pairs: list[tuple[list[str], list[str]]] = field(default_factory=list)
    entities: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    numbers: list[tuple[int, str, int, str, str]] = field(default_factory=list)
    asr: list[tuple[int, str, str]] = field(default_factory=list)


class Lines:
    """Line numbers of a transcript found by the text a line starts with (must be unique).

    Specs for speaker-label files name lines this way, so that adding a turn above does
    not shift every declaration below it.
    """

    def __init__(self, name: str) -> None:
        with open(HERE / name, encoding="utf-8", newline="") as fh:
            self.lines = [ln.rstrip("\r\n") for ln in fh.read().splitlines(keepends=True)]

    def __call__(self, prefix: str) -> int:
        hits = [n for n, ln in enumerate(self.lines, 1) if ln.startswith(prefix)]
        if len(hits) != 1:
            raise ValueError(f"line prefix {prefix!r} matches {len(hits)} lines")
        return hits[0]

    def all(self, prefix: str) -> list[int]:
        return [n for n, ln in enumerate(self.lines, 1) if ln.startswith(prefix)]

    def labelled(self, labels: dict[str, str], overrides: dict[int, object]) -> dict[int, object]:
        """Declarations for a speaker-label transcript: label and title lines are native
        (speaker = the role they name), every other line is native by the current
        speaker, unless ``overrides`` declares it."""
        out: dict[int, object] = {}
        speaker = ""
        for no, ln in enumerate(self.lines, 1):
            if not ln.strip():
                continue
            if ln.strip() in labels:
                speaker = labels[ln.strip()]
            out[no] = overrides.get(no, (N, speaker))
        unknown = set(overrides) - set(out)
        if unknown:
            raise ValueError(f"overrides name empty or missing lines {sorted(unknown)}")
        return out


def _find(line: str, anchor, lo: int, where: str) -> int:
    """Offset of ``anchor`` in ``line`` at or after ``lo``; it must be unambiguous."""
    if anchor is None:
        return 0
    text, nth = (anchor, None) if isinstance(anchor, str) else anchor
    hits, pos = [], line.find(text)
    while pos != -1:
        hits.append(pos)
        pos = line.find(text, pos + 1)
    if not hits:
        raise ValueError(f"{where}: anchor {text!r} not on the line")
    if nth is None and len(hits) > 1:
        raise ValueError(f"{where}: anchor {text!r} occurs {len(hits)} times; give (text, n)")
    at = hits[nth or 0]
    if at < lo:
        raise ValueError(f"{where}: anchor {text!r} comes before the previous segment")
    return at


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def build(spec: Spec) -> dict:
    """The gold dict for ``spec`` (raises ValueError naming the line on a bad anchor)."""
    path = HERE / spec.name
    with open(path, encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines(keepends=True)
    segments, key_to_id = [], {}
    for no in range(1, len(lines) + 1):
        body = lines[no - 1].rstrip("\r\n")
        decl = spec.lines.get(no)
        if decl is None:
            if body.strip():
                raise ValueError(f"{spec.name}:{no}: line has text but no segment")
            continue
        if isinstance(decl, str):
            rows = [(decl, spec.speakers.get(no, ""), None)]
        elif isinstance(decl, tuple):
            rows = [(decl[0], decl[1], None)]
        else:
            rows = list(decl)
        starts, lo = [], 0
        for k, (_, _, anchor) in enumerate(rows):
            lo = _find(body, anchor, lo, f"{spec.name}:{no} segment {k}")
            starts.append(lo)
        for k, (kind, speaker, _) in enumerate(rows):
            end = starts[k + 1] if k + 1 < len(rows) else len(body)
            s, e = _trim(body, starts[k], end)
            if s == e:
                raise ValueError(f"{spec.name}:{no} segment {k} is empty")
            key = str(no) if len(rows) == 1 else f"{no}{'abcdefghijklmnop'[k]}"
            key_to_id[key] = len(segments) + 1
            segments.append(
                {"id": len(segments) + 1, "line": no, "start": s, "end": e, "kind": kind, "speaker": speaker}
            )
    try:
        pairs = [
            {"original": [key_to_id[k] for k in o], "interpretation": [key_to_id[k] for k in i]} for o, i in spec.pairs
        ]
    except KeyError as exc:
        raise ValueError(f"{spec.name}: pair names unknown segment key {exc}") from None
    return {
        "transcript": spec.name,
        "segments": segments,
        "pairs": pairs,
        "entity_fixes": [
            {"line": ln, "wrong": w, "right": r, "confidence": c, "note": note} for ln, w, r, c, note in spec.entities
        ],
        "number_conflicts": [
            {"line_original": lo, "original": o, "line_interpretation": li, "interpretation": i, "note": note}
            for lo, o, li, i, note in spec.numbers
        ],
        "asr_errors_native": [{"line": ln, "wrong": w, "right": r} for ln, w, r in spec.asr],
    }


def dump(gold: dict) -> str:
    """One segment / pair / fix per line: diffs of the gold stay readable."""
    out = ["{", f'  "transcript": {json.dumps(gold["transcript"])},']
    keys = [k for k in gold if k != "transcript"]
    for n, key in enumerate(keys):
        items = gold[key]
        tail = "," if n + 1 < len(keys) else ""
        if not items:
            out.append(f'  "{key}": []{tail}')
            continue
        out.append(f'  "{key}": [')
        out += [
            f"    {json.dumps(x, ensure_ascii=False)}{',' if j + 1 < len(items) else ''}" for j, x in enumerate(items)
        ]
        out.append(f"  ]{tail}")
    out.append("}")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------
# kingsoft_cloud_q3_2031.txt: one paragraph per line, no speaker labels.

CEO, INT = "CEO", "interpreter"
WEI, GRACE, DAN, KEVIN = ("analyst:Wei Lin", "analyst:Grace Tang", "analyst:Daniel Wu", "analyst:Kevin Ma")
SUN, OLIVIA = "analyst:Sun Yue", "analyst:Olivia Chen"

KINGSOFT = Spec(
    name="kingsoft_cloud_q3_2031.txt",
    lines={
        1: (V, "vendor"),
        2: (V, "vendor"),
        3: (N, "operator"),
        4: (N, "IR"),
        5: [(O, CEO, None), (I, INT, "Good evening, everyone, and thank you")],
        6: (I, INT),
        7: [(O, CEO, None), (C, CEO, "我们已经连续"), (O, CEO, "The adjust after EBITDA")],
        8: (I, INT),
        9: [
            (O, CEO, None),
            (X, CEO, "uh, uh, uh, uh,"),
            (O, CEO, "actively shrink"),
            (I, INT, "Moving on to public cloud."),
        ],
        10: (I, INT),
        11: [(O, CEO, None), (X, CEO, ("Asia", 0)), (O, CEO, "In the finance side")],
        12: (O, CEO),
        13: (I, INT),
        14: (I, INT),
        15: [
            (O, CEO, None),
            (X, CEO, ("We will continue to invest in the AI.", 1)),
            (I, INT, "On the technology front"),
        ],
        16: (I, INT),
        17: (O, CEO),
        18: (I, INT),
        19: (O, CEO),
        20: (I, INT),
        21: (N, "CFO"),
        22: (N, "CFO"),
        23: (N, "operator"),
        24: (N, "operator"),
        25: [
            (O, WEI, None),
            (N, WEI, "Let me translate my question myself."),
            (I, WEI, "Thank you, management, for taking"),
        ],
        26: [
            (O, CEO, None),
            (X, CEO, "um, um,"),
            (O, CEO, "they all want more"),
            (N, INT, "Let me translate for Mr. Zou."),
        ],
        27: (I, INT),
        28: (N, WEI),
        29: (N, "CFO"),
        30: (N, "operator"),
        31: (O, GRACE),
        32: (I, INT),
        33: [(O, CEO, None), (C, CEO, "小米的"), (O, CEO, "Next year we think"), (X, CEO, ("Thank you.", 1))],
        34: (I, INT),
        35: (N, "operator"),
        36: (N, DAN),
        37: [
            (O, CEO, None),
            (C, CEO, "今年我们"),
            (O, CEO, "The before years"),
            (N, INT, "I'll interpret for Mr. Zou."),
            (I, INT, "We are now very selective"),
        ],
        38: (N, "CFO"),
        39: (N, "operator"),
        40: [
            (C, KEVIN, None),
            (N, KEVIN, "Let me translate my question myself."),
            (I, KEVIN, "Thanks, management. My question"),
        ],
        41: (O, CEO),
        42: (I, INT),
        43: (N, "operator"),
        44: (O, SUN),
        45: (I, INT),
        46: [
            (O, CEO, None),
            (C, CEO, "这个原则"),
            (O, CEO, "So we are not worried."),
            (I, INT, "So, to the first question"),
            (X, INT, "uh, uh,"),
            (I, INT, "we do not take on"),
        ],
        47: (I, INT),
        48: (N, SUN),
        49: (N, "operator"),
        50: (N, OLIVIA),
        51: (N, "CFO"),
        52: [
            (O, CEO, None),
            (X, CEO, "uh um uh um,"),
            (O, CEO, "the cash flow we"),
            (N, INT, "Mr. Zou would like to add one point."),
            (I, INT, "All of our capital"),
        ],
        53: (N, "operator"),
        54: (N, "IR"),
        55: (O, CEO),
        56: (N, "operator"),
    },
    pairs=[
        (["5a"], ["5b", "6"]),
        (["7a", "7b", "7c"], ["8"]),
        (["9a", "9c"], ["9d", "10"]),
        (["11a", "11c", "12"], ["13", "14"]),
        (["15a"], ["15c", "16"]),
        (["17"], ["18"]),
        (["19"], ["20"]),
        (["25a"], ["25c"]),
        (["26a", "26c"], ["27"]),
        (["31"], ["32"]),
        (["33a", "33b", "33c"], ["34"]),
        (["37a", "37b", "37c"], ["37e"]),
        (["40a"], ["40c"]),
        (["41"], ["42"]),
        (["44"], ["45"]),
        (["46a", "46b", "46c"], ["46d", "46f", "47"]),
        (["52a", "52c"], ["52e"]),
    ],
    entities=[
        (5, "Jinshan Yun", "Kingsoft Cloud", "high", "pinyin of 金山云"),
        (5, "Gongyouyun", "public cloud", "high", "pinyin of 公有云"),
        (7, "Gongyouyun", "public cloud", "high", "pinyin of 公有云"),
        (9, "Gongyouyun", "public cloud", "high", "pinyin of 公有云"),
        (9, "head customers", "leading customers", "medium", "calque of 头部客户"),
        (9, "Zhisuan Yun", "intelligent computing cloud", "high", "pinyin of 智算云"),
        (9, "negative energy", "empower", "high", "赋能 heard as 负能"),
        (9, "waist customers", "mid-sized customers", "medium", "calque of 腰部客户"),
        (11, "Xingye Yun", "industry cloud", "high", "pinyin of 行业云"),
        (11, "Zhengwu Yun", "government cloud", "high", "pinyin of 政务云 (twice)"),
        (11, "head customers", "leading customers", "medium", "calque of 头部客户"),
        (11, "stock system bank", "joint-stock bank", "medium", "calque of 股份制银行"),
        (12, "Jinshan Bangong", "Kingsoft Office", "high", "pinyin of 金山办公"),
        (12, "Xingye Yun", "industry cloud", "high", "pinyin of 行业云"),
        (15, "Suanli", "computing power", "high", "pinyin of 算力"),
        (15, "big model", "large model", "medium", "calque of 大模型"),
        (17, "Suanli", "computing power", "high", "pinyin of 算力"),
        (17, "electric business", "e-commerce", "medium", "calque of 电商"),
        (21, "growth margin", "gross margin", "high", "ASR error in native English"),
        (25, "Zou total", "Mr. Zou", "high", "邹总 rendered word by word"),
        (25, "He total", "Mr. He", "high", "何总 rendered word by word"),
        (25, "Suanli", "computing power", "high", "pinyin of 算力"),
        (26, "head customers", "leading customers", "medium", "calque of 头部客户"),
        (26, "Suanli", "computing power", "high", "pinyin of 算力"),
        (29, "growth margin", "gross margin", "high", "ASR error in native English"),
        (31, "Jinshan ecology", "Kingsoft ecosystem", "medium", "金山生态"),
        (31, "Suanli", "computing power", "high", "pinyin of 算力"),
        (37, "Zhengwu Yun", "government cloud", "high", "pinyin of 政务云"),
        (44, "big model", "large model", "medium", "calque of 大模型"),
        (44, "Zhengwu Yun", "government cloud", "high", "pinyin of 政务云"),
        (46, "Zhengwu Yun", "government cloud", "high", "pinyin of 政务云"),
    ],
    numbers=[
        (7, "reach RMB 24.8 billion", 8, "reached RMB 2.48 billion", "24.8亿 read as billions in the original"),
        (7, "RMB1.69 billion", 8, "RMB 169 million", "16.9亿: the interpreter dropped a digit"),
        (7, "RMB2.46 billion", 8, "RMB 246 million", "2.46亿 read as billions in the original"),
        (8, "RMB 169 million", 21, "RMB 1.69 billion", "interpretation against the CFO's own figure"),
        (17, "about 3%", 18, "around 5%", "interpreter's share differs"),
        (37, "86 million yuan", 37, "RMB 68 million", "digits swapped by the interpreter"),
    ],
    asr=[(22, "free cash floor", "free cash flow")],
)

# --------------------------------------------------------------------------------------
# xpeng_style_labelled.txt: name line, title line, paragraphs; spaced Chinese; translator.

XP = Lines("xpeng_style_labelled.txt")
MING, LINA, RACHEL = "analyst:Ming Zhao", "analyst:Li Na", "analyst:Rachel Park"
_XP_CEO_ZH = [n + 1 for n in XP.all("Chairman and Chief Executive Officer, XPeng")]
_XP_TR = [n + 2 for n in XP.all("[Translator]")]
XPENG = Spec(
    name="xpeng_style_labelled.txt",
    lines=XP.labelled(
        {
            "Operator": "operator",
            "Lily Zhang": "IR",
            "Head of Investor Relations, XPeng": "IR",
            "He Xiaopeng": CEO,
            "Chairman and Chief Executive Officer, XPeng": CEO,
            "[Translator]": INT,
            "Translator": INT,
            "Brian Gu": "President",
            "Vice Chairman and President, XPeng": "President",
            "Ming Zhao": MING,
            "Analyst, Jefferies": MING,
            "Rachel Park": RACHEL,
            "Analyst, UBS": RACHEL,
            "Li Na": LINA,
            "Analyst, CICC": LINA,
        },
        {
            **{n: (C, CEO) for n in _XP_CEO_ZH},
            **{n: (I, INT) for n in _XP_TR},
            XP("何 总 好"): (C, MING),
            XP("Let me translate myself."): [(N, MING, None), (I, MING, "Hi, management")],
            XP("管 理 层 好"): (C, LINA),
        },
    ),
    pairs=[
        ([str(XP("大 家 好"))], [str(XP("Hello, everyone, and thank you"))]),
        ([str(XP("在 智 能 驾 驶"))], [str(XP("Turning to autonomous driving"))]),
        ([str(XP("海 外 市 场"))], [str(XP("In overseas markets"))]),
        ([str(XP("何 总 好"))], [f"{XP('Let me translate myself.')}b"]),
        ([str(XP("谢 谢 你 的 问 题"))], [str(XP("Thank you for your question. Next year"))]),
        ([str(XP("管 理 层 好"))], [str(XP("Hello, management. My question"))]),
        ([str(XP("谢 谢 。 机 器 人"))], [str(XP("Thank you. Our robots share"))]),
    ],
    entities=[
        (XP("Thank you, Xiaopeng."), "growth margin", "gross margin", "high", "ASR error (twice)"),
        (XP("Sure, Rachel."), "growth margin", "gross margin", "high", "ASR error"),
    ],
    numbers=[
        (
            XP("Hello, everyone, and thank you"),
            "increase of 56%",
            XP("Thank you, Xiaopeng."),
            "Deliveries grew 65%",
            "interpreter swapped the digits of 百分之六十五",
        ),
    ],
)

# --------------------------------------------------------------------------------------
# placeholder_call.txt: untranscribed Chinese as [Non-English content] / [Foreign language];
# IR interprets after each one.

PH = Lines("placeholder_call.txt")
HELEN, ZHOU, JASON = "analyst:Helen Xu", "analyst:Zhou Lei", "analyst:Jason Miller"
_PH_LABELS = {
    "Operator": "operator",
    "Sophie Wang": "IR",
    "Investor Relations Director, Yunxi Education": "IR",
    "Chen Yu": CEO,
    "Founder, Chairman and CEO, Yunxi Education": CEO,
    "Liang Hao": "CFO",
    "Chief Financial Officer, Yunxi Education": "CFO",
    "Helen Xu": HELEN,
    "Analyst, CLSA": HELEN,
    "Zhou Lei": ZHOU,
    "Analyst, Haitong": ZHOU,
    "Jason Miller": JASON,
    "Analyst, Bank of America": JASON,
}
_ph = {n: (C, CEO) for n in PH.all("[Non-English content].") if PH.lines[n - 3] == "Chen Yu"}
_ph |= {n: (C, "CFO") for n in PH.all("[Foreign language]")}
_HELEN_Q = PH("[Non-English content]. Let me translate that myself.")
_ph[_HELEN_Q] = [(C, HELEN, None), (N, HELEN, "Let me translate that myself."), (I, HELEN, "Good evening, management.")]
_NE = PH.all("[Non-English content].")  # 34 is Helen's line: it starts with the placeholder too
_ph[_NE[5]] = (C, ZHOU)
_ph |= {
    PH("Thank you, Mr. Chen."): [(N, "IR", None), (I, INT, "In the second quarter")],
    PH("We also expanded"): (I, INT),
    PH("On the product side"): (I, INT),
    PH("Thanks, Mr. Liang."): [(N, "IR", None), (I, INT, "Gross margin for the quarter")],
    PH("Thanks for your question, Helen."): [(N, "IR", None), (I, INT, "Our main lever")],
    PH("Thank you, Jason."): [(N, "IR", None), (I, INT, "Most of the margin gain")],
    PH("As for marketing"): (I, INT),
    PH("Let me translate Zhou Lei"): [(N, "IR", None), (I, INT, "He is asking")],
    PH("This is from our CEO, Chen Yu. For the pilot"): [(N, "IR", None), (I, INT, "For the pilot")],
}
PLACEHOLDER = Spec(
    name="placeholder_call.txt",
    lines=PH.labelled(_PH_LABELS, _ph),
    pairs=[
        ([str(n)], [str(m)] if isinstance(_ph[m], tuple) else [f"{m}b"])
        for n, m in [
            (_NE[0], PH("Thank you, Mr. Chen.")),
            (_NE[1], PH("We also expanded")),
            (_NE[2], PH("On the product side")),
            (PH.all("[Foreign language]")[0], PH("Thanks, Mr. Liang.")),
            (_NE[4], PH("Thanks for your question, Helen.")),
            (PH.all("[Foreign language]")[1], PH("Thank you, Jason.")),
            (PH.all("[Foreign language]")[2], PH("As for marketing")),
            (_NE[5], PH("Let me translate Zhou Lei")),
            (_NE[6], PH("This is from our CEO, Chen Yu. For the pilot")),
        ]
    ]
    + [([f"{_HELEN_Q}a"], [f"{_HELEN_Q}c"])],
)

# --------------------------------------------------------------------------------------
# english_only_call.txt: no Chinese at all; everything is native, nothing pairs.

EN = Lines("english_only_call.txt")
ENGLISH_ONLY = Spec(
    name="english_only_call.txt",
    lines=EN.labelled(
        {
            "Operator": "operator",
            "Megan Alvarez": "IR",
            "Daniel Brooks": CEO,
            "Priya Raman": "CFO",
            "Tom Becker": "analyst:Tom Becker",
            "Rachel Nguyen": "analyst:Rachel Nguyen",
            "Luis Ortega": "analyst:Luis Ortega",
            "Ben Carter": "analyst:Ben Carter",
            "Karen Doyle": "analyst:Karen Doyle",
        },
        {},
    ),
)

SPECS = [KINGSOFT, XPENG, PLACEHOLDER, ENGLISH_ONLY]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for spec in SPECS:
        try:
            text = dump(build(spec))
        except ValueError as exc:
            print(f"make_gold: {exc}", file=sys.stderr)
            return 2
        out = HERE / (Path(spec.name).stem + ".gold.json")
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                print(f"{out.name}: out of date (run make_gold.py)")
                stale += 1
        else:
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out.name}: {text.count(chr(10))} lines")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
