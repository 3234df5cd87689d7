"""Number parsing: Chinese numerals and scales, English scales, currencies, ranges, precision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bitranscript.numbers import Figure, parse_figures, parse_number, same_value, scale_slip

# text, value, unit, currency, high (range end) -- the one figure the text must yield
CASES = [
    ("1,234.5", 1234.5, "count", None, None),
    ("169", 169, "count", None, None),
    ("0.5", 0.5, "count", None, None),
    ("一百六十九", 169, "count", None, None),
    ("十三", 13, "count", None, None),
    ("十三点五", 13.5, "count", None, None),
    ("两千五", 2500, "count", None, None),
    ("三万五千", 35000, "amount", None, None),
    ("一千零五", 1005, "count", None, None),
    ("两亿", 2e8, "amount", None, None),
    ("1.69亿", 1.69e8, "amount", None, None),
    ("1.69 亿", 1.69e8, "amount", None, None),
    ("13.5亿元", 1.35e9, "amount", "RMB", None),
    ("十三点五亿", 1.35e9, "amount", None, None),
    ("35万", 3.5e5, "amount", None, None),
    ("3.5万元", 3.5e4, "amount", "RMB", None),
    ("1.2万亿", 1.2e12, "amount", None, None),
    ("人民币5亿元", 5e8, "amount", "RMB", None),
    ("5亿美元", 5e8, "amount", "USD", None),
    ("RMB1.69 billion", 1.69e9, "amount", "RMB", None),
    ("RMB 169 million", 1.69e8, "amount", "RMB", None),
    ("RMB 3.5 billion", 3.5e9, "amount", "RMB", None),
    ("370.4 million RMB", 3.704e8, "amount", "RMB", None),
    ("$1.35 billion", 1.35e9, "amount", "USD", None),
    ("US$170 million", 1.7e8, "amount", "USD", None),
    ("HK$2.5 billion", 2.5e9, "amount", "HKD", None),
    ("a billion dollars", 1e9, "amount", "USD", None),
    ("one million", 1e6, "amount", None, None),
    ("2,131 million RMB", 2.131e9, "amount", "RMB", None),
    ("CNY 2.21 billion", 2.21e9, "amount", "RMB", None),
    ("3.2bn", 3.2e9, "amount", None, None),
    ("$3.2B", 3.2e9, "amount", "USD", None),
    ("500 yuan", 500, "amount", "RMB", None),
    ("7.9%", 7.9, "percent", None, None),
    ("6.7 percent", 6.7, "percent", None, None),
    ("15％", 15, "percent", None, None),
    ("百分之五", 5, "percent", None, None),
    ("百分之十二点五", 12.5, "percent", None, None),
    ("负百分之五", -5, "percent", None, None),
    ("negative 11.5%", -11.5, "percent", None, None),
    ("negative 245.1 million RMB", -2.451e8, "amount", "RMB", None),
    ("50 basis points", 50, "bp", None, None),
    ("40 bps", 40, "bp", None, None),
    ("100 to 700 TOPS", 100, "count", None, 700),
    ("100 到 700", 100, "count", None, 700),
    ("1.2 to 1.5 billion", 1.2e9, "amount", None, 1.5e9),
    ("3-5 days", 3, "count", None, 5),
    ("30多家", 30, "count", None, None),
    ("three verticals", 3, "count", None, None),
]


@pytest.mark.parametrize(("text", "value", "unit", "currency", "high"), CASES)
def test_parse_one_figure(text: str, value: float, unit: str, currency: str | None, high: float | None) -> None:
    figs = parse_figures(text)
    assert len(figs) == 1, figs
    f = figs[0]
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert f.currency == currency
    assert (f.high is None) == (high is None)
    if high is not None:
        assert f.high == pytest.approx(high)


NOT_FIGURES = [
    "in 2022",
    "Q4",
    "the 7th generation cloud host",
    "3/29/2023",
    "GPT-3.5",
    "press star 1 and 1",
    "from 2021-2022",
    "我们一起努力",
    "COVID-19",
    "Section 21E",
    "三两个人",  # two or three people
    "二〇二二年",  # a year
    "version 0.010K",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_a_figure(text: str) -> None:
    assert parse_figures(text) == []


def test_offsets_point_into_the_text() -> None:
    text = "Revenue was RMB 3.5 billion, up 12%, and 十三点五亿元 in total."
    figs = parse_figures(text)
    assert [text[f.start : f.end] for f in figs] == ["RMB 3.5 billion", "12%", "十三点五亿元"]


def test_counts_know_their_noun() -> None:
    (f,) = parse_figures("we reviewed 11 segmented industries")
    assert (f.value, f.noun) == (11, "industry")
    (g,) = parse_figures("about 10 industries")
    assert g.approx and g.noun == "industry"


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234.5", 1234.5), ("一百六十九", 169), ("13.5亿", 1.35e9), ("负百分之五", -5), ("-3", -3), ("两千", 2000)],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_parse_number_refuses_two_numbers() -> None:
    assert parse_number("3 and 4 million and 5%") is None


def _one(text: str) -> Figure:
    (f,) = parse_figures(text)
    return f


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("RMB 169 million", "1.69亿元", True),
        ("RMB 169 million", "168.5 million RMB", True),  # rounding to the precision spoken
        ("370 million", "370.4 million", True),
        ("RMB1.69 billion", "RMB 169 million", False),  # 亿 read as billion
        ("1.35 billion", "1.34 billion", False),
        ("13.5亿", "RMB 1.35 billion", True),
        ("12%", "百分之十二", True),
        ("12%", "12", False),  # a percentage is not a count
        ("about 600 million", "6亿", True),
        ("11 industries", "about 10 industries", False),
        ("100 to 700", "100 到 700", True),
        ("2250", "2,000 to 250", False),
        ("50 basis points", "0.5%", False),
    ],
)
def test_same_value(a: str, b: str, equal: bool) -> None:
    assert same_value(_one(a), _one(b)) is equal
    assert same_value(_one(b), _one(a)) is equal


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [
        ("RMB1.69 billion", "RMB 169 million", True),
        ("3.7 billion", "370.4 million", True),  # the same digits at the precision spoken
        ("3.7 billion", "317 million", False),
        ("5%", "6%", False),
    ],
)
def test_scale_slip(a: str, b: str, slip: bool) -> None:
    assert scale_slip(_one(a), _one(b)) is slip


def _to_chinese(n: int) -> str:
    """Standard Chinese numerals for 1 <= n < 10^12 (a test oracle written independently of the parser)."""
    digits = "零一二三四五六七八九"

    def below_10k(x: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, unit)
            if d:
                out += ("零" if zero and out else "") + digits[d] + name
                zero = False
            else:
                zero = True
        return out

    parts, out = [(10**8, "亿"), (10**4, "万"), (1, "")], ""
    pending_zero = False
    for unit, name in parts:
        d, n = divmod(n, unit)
        if d:
            if out and (pending_zero or d < 1000):
                out += "零"
            out += below_10k(d) + name
            pending_zero = False
        elif out:
            pending_zero = True
    return out


@given(st.integers(min_value=10, max_value=10**12 - 1))  # a lone 一 is not a figure (一起)
def test_chinese_numerals_round_trip(n: int) -> None:
    assert parse_number(_to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_grouped_digits_round_trip(n: int, decimals: int) -> None:
    text = f"{n / 10**decimals:,.{decimals}f}"
    assert parse_number(text) == pytest.approx(n / 10**decimals)


# --------------------------------------------------------------------------- the prefilter

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "one",
    "someone",
    "three",
    "tens of",
    "millions",
    "a",
    "an",
    "percent",
    " ",
    "-",
    "$",
    "RMB",
    "1",
    "6.9",
    "十",
    "百分之",
    "五",
    "亿",
    "成",
    "倍",
    "about",
    "half a",
    "hundred",
    "k",
    "bn",
    "x",
    "Q4",
    "of",
    "users",
    "。",
    "percentage",
    "point",
    "market",
    "m",
    "b",
    "per cent",
    "times",
    "fold",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join))
def test_the_prefilter_never_hides_a_figure(text: str) -> None:
    """``parse_figures`` skips text the prefilter finds nothing in: the parse itself must find
    nothing there either (the prefilter is a superset of every way a figure starts)."""
    from bitranscript.numbers import _parse, may_hold_figure

    if not may_hold_figure(text):
        assert _parse(text, True) == [] and _parse(text, False) == []


def _figures_either_way(line: str) -> list[Figure]:
    from bitranscript.numbers import _parse

    return _parse(line, True) + _parse(line, False)


@pytest.mark.parametrize(
    ("prefilter", "found"),
    [("may_hold_figure", _figures_either_way), ("may_hold_amount", lambda line: _amounts(line))],
    ids=["figures", "amounts"],
)
def test_the_prefilters_on_real_lines(shared, prefilter, found) -> None:
    """Where a prefilter finds nothing in a line of a real call, the parser finds nothing it
    stands for (``may_hold_amount``: no amount or percentage)."""
    import bitranscript.numbers

    holds = getattr(bitranscript.numbers, prefilter)
    skipped = 0
    for path in sorted(shared.rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not holds(line):
                skipped += 1
                assert found(line) == [], (path.name, line)
    assert skipped > 1000  # it does skip most lines of prose


# --------------------------------------------------------------------------- speed paths hold to the slow ones

import re  # noqa: E402

from bitranscript.numbers import _EN_WORDS  # noqa: E402

_SLOW_FIGURE_START = re.compile(
    r"(?=[\d\-−$¥￥€£零〇一二两三四五六七八九十百千万亿负约大近超将人接逾不]|\.\d"
    r"|\b(?:about|around|approx|roughly|nearly|almost|over|more\ than|less\ than|some|close\ to|up\ to|at\ least"
    r"|above|below|under|exceeding|in\ excess|upwards"
    r"|negative|minus|us\$|hk\$|rmb|cny|usd|hkd|eur"
    r"|(?:half\ a|an?|" + "|".join(w for w in _EN_WORDS if w.isalpha() and len(w) > 2) + r")"
    r"(?=\ (?:hundred|thousand|million|billion|trillion|percent|mn|mm|bn|tn|[kmb]))))"
)
"""The one look-ahead scan ``numbers._figure_starts`` does in two faster ones."""
_SLOW_SPELLED = re.compile(
    r"(?=[eftnosz])(?<![^\W\d_])(?<!-)(?P<w>"
    + "|".join(k for k in _EN_WORDS if k.isalpha() and len(k) > 2 and k != "hundred")
    + r")(?![^\W\d_])(?!-)"
)
"""``numbers._SPELLED`` as it was, with its look-behinds (now ``_INSIDE_WORD``)."""
_SCAN_PIECES = [
    *_PIECES,
    *" \t-_.,([/",
    "5",
    "0.5",
    "é",
    "İ",
    "ſ",
    "over",
    "some",
    "more than",
    "at least",
    "in excess",
    "us$",
    "HK$",
    "One",
    "TWENTY",
    "twenty-one",
    "seventeen",
    "seventy",
    "I'm",
    "mm",
    "Mn",
    "pp",
    "app",
    "yuan",
    "Dollars",
    "million",
    "万",
    "元",
    "%",
    "between",
    "to",
    "and",
]
_SCAN_TEXT = st.lists(st.sampled_from(_SCAN_PIECES), max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SCAN_TEXT)
def test_the_fast_scans_find_what_the_slow_ones_did(text: str) -> None:
    """``_figure_starts`` and ``_SPELLED`` with ``_INSIDE_WORD`` find the places the single
    look-ahead patterns they replace found, in the same order."""
    from bitranscript.features import lower_in_place
    from bitranscript.numbers import _INSIDE_WORD, _SPELLED, _figure_starts

    lowered = lower_in_place(text)
    assert _figure_starts(lowered) == [m.start() for m in _SLOW_FIGURE_START.finditer(lowered)]
    spelled = [
        m.span() for m in _SPELLED.finditer(lowered) if not (m.start() and _INSIDE_WORD.match(lowered, m.start() - 1))
    ]
    assert spelled == [m.span() for m in _SLOW_SPELLED.finditer(lowered)]


def _amounts(text: str) -> list[Figure]:
    return [f for f in parse_figures(text) if f.unit in ("amount", "percent")]


@settings(max_examples=500, deadline=None)
@given(st.one_of(_SCAN_TEXT, st.lists(st.sampled_from(_SCAN_PIECES), max_size=12).map(" ".join)))
def test_the_amount_prefilter_never_hides_an_amount(text: str) -> None:
    """``may_hold_amount`` is a superset: no amount or percentage where it finds nothing."""
    from bitranscript.numbers import may_hold_amount

    if not may_hold_amount(text):
        assert _amounts(text) == []


@pytest.mark.parametrize(
    "text",
    ["RMB 5 tn", "up 12pp", "HK$3", "三成", "5 per cent", "数十亿元", "5mm", "5 MN", "Five Billion", "1.69亿", "百分之五",
     "5个百分点", "$3.2B", "tens of millions of dollars", "4.1 percentage points", "3千", "1 and 5 hundred",
     "5 MİLLİON", "5 uſd"],
)  # fmt: skip
def test_the_amount_prefilter_keeps_every_kind_of_amount(text: str) -> None:
    from bitranscript.numbers import may_hold_amount

    assert may_hold_amount(text)


def test_fold_reads_every_letter_as_regex_does() -> None:
    """Every character that ``regex`` matches to an ASCII letter when it ignores case (of all
    of Unicode: A-Z, ſ, K, İ) is that letter once folded, as ``may_hold_amount`` needs."""
    import regex

    from bitranscript.numbers import _fold

    for c in regex.findall(r"(?i)[a-z]", "".join(map(chr, range(0x110000)))):
        folded = _fold(c)
        assert len(folded) == 1 and "a" <= folded <= "z" and regex.fullmatch("(?i)" + folded, c), hex(ord(c))
