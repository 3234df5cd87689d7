"""The glossary index: the per-text regexes find what one regex of every form finds, the
disk cache is rebuilt when stale and never in the way, glossary files are read bounded,
and ``check_glossary`` is linear."""

from __future__ import annotations

import dataclasses
import math
import re
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bitranscript import glossary
from bitranscript.checks import Context, check_glossary
from bitranscript.cli import main
from bitranscript.config import CheckConfig
from bitranscript.errors import InputError
from bitranscript.features import lower_in_place
from bitranscript.glossary import index
from bitranscript.glossary.text import _SEP_OPT, _SEP_REQ, _fold
from bitranscript.model import SOURCE_KINDS, Edit, Result, Segment

# -- the per-text regexes against one regex of every form (the index before it was lazy)


def _all(table: index._Filed) -> list[str]:
    return sorted(
        {
            *table.always,
            *(f for fs in table.exact.values() for f in fs),
            *(f for fs in table.prefix.values() for f in fs),
        }
    )


@pytest.fixture(scope="module")
def comp() -> index._Compiled:
    """The shipped glossaries' index, always compiling per text (never all forms at once)."""
    return dataclasses.replace(glossary.compiled(glossary.shipped_paths()), spent={}, built=set(), full_after=math.inf)


def _spelled(form: str, draw) -> str:
    """A literal form as a transcript may write it: separators as spaces, hyphens or nothing,
    any capitals, perhaps a plural or possessive after it."""
    out = []
    for ch in form:
        if ch == _SEP_REQ:
            out.append(draw(st.sampled_from([" ", "-", "  ", " - "])))
        elif ch == _SEP_OPT:
            out.append(draw(st.sampled_from(["", " ", "-", "'"])))
        else:
            out.append(ch)
    text = "".join(out)
    case = draw(st.sampled_from(["lower", "title", "upper", "as is"]))
    text = {"lower": text.lower(), "title": text.title(), "upper": text.upper()}.get(case, text)
    return text + draw(st.sampled_from(["", "", "s", "'s", "ish", "x"]))


@st.composite
def _texts(draw, forms: list[str]) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["form", "form", "form", "noise", "han", "prefix"]))
        if kind == "form":
            pieces.append(_spelled(draw(st.sampled_from(forms)), draw))
        elif kind == "prefix":  # a form glued to letters before it: no match there
            pieces.append("x" + _spelled(draw(st.sampled_from(forms)), draw))
        elif kind == "han":
            pieces.append(draw(st.sampled_from(["金山云", "金山", "云", "小米集团", "蔚来", "的", "B站"])))
        else:
            pieces.append(draw(st.text(alphabet="abcxyz 'ÉéKK\u212aⱥȺ-.,\n", max_size=8)))
    seps = [draw(st.sampled_from([" ", "", "\n", ", ", "-", "’"])) for _ in pieces]
    return "".join(p + s for p, s in zip(pieces, seps, strict=True))


def _full_latin(comp: index._Compiled, cs: bool) -> re.Pattern:
    return index._latin_regex(tuple(_all(comp.latin_cs if cs else comp.latin)), cs)


def _spans(pattern: re.Pattern | None, text: str) -> list[tuple[int, int, str]]:
    return [] if pattern is None else [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_per_text_regexes_find_what_one_regex_of_every_form_finds(comp: index._Compiled, data) -> None:
    forms = [f for t in (comp.latin, comp.latin_cs) for f in _all(t)]
    text = _fold(data.draw(_texts(forms)))
    lowered = lower_in_place(text)
    runs_cs, runs_ci = index.latin_runs(text), index.latin_runs(lowered)
    got = {cs: [] for cs in (True, False)}
    for pat, cs in comp.literal_patterns(lambda lowered: runs_ci if lowered else runs_cs):
        got[cs] += _spans(pat, text if cs else lowered)
    assert got[True] == _spans(_full_latin(comp, True), text)
    assert got[False] == _spans(_full_latin(comp, False), lowered)
    han_all = index._han_regex(tuple(_all(comp.han)))
    assert _spans(comp.han_pattern(lambda: index.han_keys(text)), text) == _spans(han_all, text)
    person_all = index._whole_words_regex(tuple(_all(comp.person_anchors))) if comp.person_words else None
    assert _spans(comp.person_anchor(lambda: runs_cs), text) == _spans(person_all, text)


def test_a_long_batch_compiles_every_form_once(comp: index._Compiled) -> None:
    comp = dataclasses.replace(comp, spent={}, built=set(), full_after=1.0)
    every = len(comp.latin.every)
    text = "Jinshan Yun and jinshanyun grew; Xiaomi Jituan too."
    lowered = lower_in_place(text)
    runs = {False: index.latin_runs(text), True: index.latin_runs(lowered)}
    first = comp.literal_patterns(runs.get)
    assert comp.spent["latin"] < every and first[-1][0] is not _full_latin(comp, False)
    comp.spent["latin"] = every  # as if many texts had compiled their forms
    (*_, (full, _)) = comp.literal_patterns(runs.get)
    assert full is _full_latin(comp, False)
    assert _spans(full, lowered) == _spans(first[-1][0], lowered) != []


def test_a_text_seen_again_spends_nothing(comp: index._Compiled) -> None:
    # Processing the same call again reuses its regex: it must not bring the compile of the
    # whole table (hundreds of milliseconds) any nearer.
    comp = dataclasses.replace(comp, spent={}, built=set(), full_after=1.0)
    text = "Jinshan Yun and jinshanyun grew; Xiaomi Jituan too."
    runs = {False: index.latin_runs(text), True: index.latin_runs(lower_in_place(text))}
    comp.literal_patterns(runs.get)
    spent = dict(comp.spent)
    comp.literal_patterns(runs.get)
    assert comp.spent == spent and spent


def test_a_text_compiles_only_the_forms_its_words_can_start(tmp_path: Path) -> None:
    path = tmp_path / "many.toml"
    path.write_text(
        "".join(
            f'[[entry]]\nid = "t{i}"\nen = "Termx{i:05d} Holdings"\nvariants = ["Termy{i:05d} Holding"]\n'
            f'zh = ["{chr(0x4E00 + i)}{chr(0x4E00 + i + 1)}公司"]\n\n'
            for i in range(3000)
        ),
        encoding="utf-8",
    )
    comp = glossary.compiled([str(path)])
    text = "Termy00042 Holding and an analyst said 丂七公司 grew."
    forms = comp.latin.for_runs(index.latin_runs(lower_in_place(text)))
    # "and", "analyst" select nothing; the word "an" selects the pinyin forms that start with
    # the syllable "an" ("An Bei Gong Si" written apart), and nothing else does.
    spelled_apart = {f for f in _all(comp.latin) if f.startswith("an\x02")}
    assert spelled_apart and forms == {"termy00042\x01holding"} | spelled_apart
    assert len(_all(comp.latin)) > 5000
    assert comp.han.for_keys(index.han_keys(text)) == {"丂七公司"}
    edits = glossary.find(text, paths=[str(path)])
    assert [(e.before, e.after) for e in edits] == [
        ("Termy00042 Holding", "Termx00042 Holdings"),
        ("丂七公司", "Termx00002 Holdings"),
    ]


# -- jieba's cut, from the table on disk


_HAN_SAMPLE = "金山云的收入增长了我们中国人民银行小米集团蔚来汽车百度智能云阿里巴巴京东第四季度"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=_HAN_SAMPLE + "ㄅ\u3400\uf900abZ09 .%-\r\n", max_size=24))
def test_the_cut_from_the_table_is_jiebas(text: str) -> None:
    from bitranscript.glossary import segment

    table = segment._table()
    if table is None:
        pytest.skip("no cache directory for jieba's table")
    import jieba

    assert list(segment._cut_with(text, *table)) == list(jieba.cut(text, HMM=False))


# -- the disk cache


def _glossary(tmp_path: Path, variant: str) -> str:
    path = tmp_path / "g.toml"
    path.write_text(f'[[entry]]\nen = "Kingsoft Cloud"\nvariants = ["{variant}"]\n', encoding="utf-8")
    return str(path)


def _fixed(path: str, text: str) -> list[str]:
    index._compiled_for.cache_clear()  # what a new process sees
    return [e.after for e in glossary.find(text, paths=[path])]


def test_cache_is_read_and_rebuilt_when_a_glossary_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BITRANSCRIPT_NO_CACHE", raising=False)
    path = _glossary(tmp_path, "Jinshan Yun")
    assert _fixed(path, "Jinshan Yun grew.") == ["Kingsoft Cloud"]
    assert len(list((tmp_path / "cache").glob("glossary-*.pickle"))) == 1

    def no_compile(*args, **kwargs):
        raise AssertionError("compiled again although the cache holds it")

    monkeypatch.setattr(index, "_compile", no_compile)
    assert _fixed(path, "Jinshan Yun grew.") == ["Kingsoft Cloud"]  # from the cache
    monkeypatch.undo()
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    _glossary(tmp_path, "Kingsoft Clowd")  # same path, new content: stale
    assert _fixed(path, "Jinshan Yun and Kingsoft Clowd grew.") == ["Kingsoft Cloud"]
    assert len(list((tmp_path / "cache").glob("glossary-*.pickle"))) == 1  # rebuilt in place


def test_a_broken_cache_file_is_rebuilt(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BITRANSCRIPT_NO_CACHE", raising=False)
    path = _glossary(tmp_path, "Jinshan Yun")
    _fixed(path, "x")
    (cached,) = (tmp_path / "cache").glob("glossary-*.pickle")
    cached.write_bytes(cached.read_bytes()[:100])
    assert _fixed(path, "Jinshan Yun grew.") == ["Kingsoft Cloud"]
    assert cached.stat().st_size > 100


def test_no_cache_where_the_directory_cannot_be_written_or_when_switched_off(tmp_path: Path, monkeypatch) -> None:
    path = _glossary(tmp_path, "Jinshan Yun")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("BITRANSCRIPT_NO_CACHE", raising=False)
    assert _fixed(path, "Jinshan Yun grew.") == ["Kingsoft Cloud"]
    monkeypatch.setenv("BITRANSCRIPT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BITRANSCRIPT_NO_CACHE", "1")
    assert _fixed(path, "Jinshan Yun grew.") == ["Kingsoft Cloud"]
    assert not (tmp_path / "cache").exists()


# -- glossary files are read bounded


@pytest.mark.parametrize("command", [["glossary", "check"], ["glossary", "show"], ["glossary", "import"]])
def test_a_glossary_that_is_a_device_is_an_error_naming_it(command: list[str], capsys) -> None:
    assert main([*command, "/dev/zero"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/dev/zero" in err and "not a regular file" in err


def test_glossary_check_takes_max_bytes(tmp_path: Path, capsys) -> None:
    path = _glossary(tmp_path, "Jinshan Yun")
    assert main(["glossary", "check", path, "--max-bytes", "20"]) == 2
    assert "over the limit of 20 bytes" in capsys.readouterr().err
    assert main(["glossary", "check", path, "--max-bytes", "2000"]) == 0
    with pytest.raises(InputError, match="over the limit"):
        glossary.load(path, max_bytes=20)


# -- check_glossary


def _result(n_edits: int, n_segments: int, seed: int = 0) -> Result:
    import random

    rnd = random.Random(seed)
    kinds = ["original", "interpretation", "native", "vendor"]
    segs, pos = [], 0
    for _ in range(n_segments):
        length = rnd.randint(1, 60)
        segs.append(Segment(pos, pos + length, rnd.choice(kinds), 0))
        pos += length + rnd.randint(0, 5)
    edits = []
    for _ in range(n_edits):
        start = rnd.randint(0, pos)
        edits.append(
            Edit(
                start,
                start + rnd.randint(1, 20),
                rnd.choice("abc"),
                "X",
                rnd.choice(["glossary:variant", "clean:noise"]),
                rnd.random(),
                "",
                rnd.choice(["e1", "e2", ""]),
            )
        )
    return Result(
        text="x" * (pos + 30), segments=tuple(segs), pairs=(), edits=tuple(sorted(edits, key=lambda e: e.start))
    )


def _reference(res: Result, min_conf: float = 0.0) -> list[tuple[int, int, str]]:
    """``check_glossary`` as it was written first (quadratic), the reference."""
    spans = [(s.start, s.end) for s in res.segments if s.kind in SOURCE_KINDS]
    out, variants = [], {}
    for e in res.edits:
        if not e.rule.startswith("glossary") or e.confidence < min_conf:
            continue
        if any(a <= e.start and e.end <= b for a, b in spans):
            continue
        out.append((e.start, e.end, f"glossary: {e.before!r} should read {e.after!r}"))
        if e.entry:
            variants.setdefault(e.entry, set()).add(e.before)
    for entry, forms in variants.items():
        if len(forms) > 1:
            first = next(e for e in res.edits if e.entry == entry)
            out.append(
                (first.start, first.end, f"entity {entry!r} is rendered {len(forms)} ways: {', '.join(sorted(forms))}")
            )
    return out


@pytest.mark.parametrize("seed", range(20))
def test_check_glossary_finds_what_the_reference_finds(seed: int) -> None:
    res = _result(200, 60, seed)
    got = [(h.start, h.end, h.message) for h in check_glossary(Context(res, CheckConfig()))]
    assert got == _reference(res)


def test_check_glossary_is_linear() -> None:
    # 40,000 edits and 10,000 source segments: the quadratic version took about 30 s here.
    res = _result(40_000, 10_000)
    start = time.perf_counter()
    hits = list(check_glossary(Context(res, CheckConfig())))
    assert hits and time.perf_counter() - start < 3.0


# -- the Latin runs a Finder reads off its tokens, against a pass over the text


def test_case_moving_characters_are_all_listed() -> None:
    """``match._CASE_MOVES_LATIN`` holds every character whose lower case is longer, or is
    Latin where it is not (or the reverse): elsewhere lower-casing keeps every Latin run."""
    import sys

    from bitranscript.glossary.match import _CASE_MOVES_LATIN
    from bitranscript.glossary.text import _LATIN

    latin = re.compile(f"[{_LATIN}]")
    moving = [
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if len(c.lower()) != 1 or bool(latin.match(c)) != bool(latin.match(c.lower()))
    ]
    assert "".join(moving) == "".join(c for c in moving if _CASE_MOVES_LATIN.match(c))
    assert not _CASE_MOVES_LATIN.search("".join(chr(c) for c in range(0x2000) if chr(c) not in moving))


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("aZé İK Ⱥ'’-中9x\n"), max_size=40))
def test_finder_runs_are_the_latin_runs_of_the_text(text: str) -> None:
    finder = glossary.Finder(text, (), glossary.compiled(()), frozenset())
    assert finder.runs() == index.latin_runs(finder.folded)
    assert finder.runs(lowered=True) == index.latin_runs(finder.lowered)


# -- what the Finder reads off its distinct words, against a pass over the text

_WORDS_SAMPLE = ["ceo", "CEO", "Total", "total", "GPT", "Chat", "chang", "kingsoft", "Cloud holdings", "cloud's"]
_WORDS_SAMPLE += ["İstanbul", "\u212aing", "Ⱥx", "o'neil", "don’t", "Zou", "中文", "B站", "9x", "x9", "’tis"]


@st.composite
def _word_texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(_WORDS_SAMPLE), max_size=12))
    seps = [draw(st.sampled_from([" ", "", "-", "'", ", ", "\n", "  "])) for _ in words]
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.sampled_from(
            [
                "a",
                "Z",
                "9",
                "é",
                "ɏ",
                "ỿ",
                "'",
                "’",
                " ",
                "中",
                "\u3400",
                "\uf900",
                "\ufaff",
                "\n",
                "İ",
                "\U0001f600",
                "\ud800",
            ]
        )
    )
)
def test_token_spans_and_han_runs_are_what_the_regexes_find(text: str) -> None:
    from bitranscript.glossary.text import _TOKEN, char_codes, han_runs, token_spans

    starts, ends, quoted = token_spans(char_codes(text))
    found = list(_TOKEN.finditer(text))
    assert list(zip(starts.tolist(), ends.tolist(), strict=True)) == [m.span() for m in found]
    assert quoted.tolist() == [m.start() > 0 and text[m.start() - 1] in "'’" for m in found]
    assert han_runs(text, char_codes(text)) == index._HAN_RUN_RE.findall(text)


def _finder(text: str) -> glossary.Finder:
    return glossary.Finder(text, (), glossary.compiled(()), frozenset())


@settings(max_examples=300, deadline=None)
@given(_word_texts())
@example("said 'CEO Zou', 中文'GPT ’total'")  # a word right after a quote is no word to a pattern
def test_finder_tokens_and_case_are_those_of_a_pass_over_the_text(text: str) -> None:
    from bitranscript.glossary.match import _CASE_MOVES_LATIN
    from bitranscript.glossary.text import _CAPS, _TOKEN

    finder = _finder(text)
    assert list(finder.tokens) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(finder.folded)]
    assert finder.token_starts[-1] == len(text)
    assert finder.case_kept == (_CASE_MOVES_LATIN.search(finder.folded) is None)
    assert finder.caps == finder.indices(_CAPS)


@settings(max_examples=300, deadline=None)
@given(_word_texts())
@example("said 'CEO Zou', 中文'chat ’total' \u212aing Total")
def test_word_tests_find_the_tokens_the_patterns_find(text: str) -> None:
    from operator import methodcaller

    from bitranscript.glossary.rules.titles import _TITLE_WORDS, _TOTAL, TITLES
    from bitranscript.glossary.text import _whole_words

    finder = _finder(text)
    heads = ("ch", "ki", "zo")
    for pattern, lowered, word in [
        (_TITLE_WORDS, True, TITLES.__contains__),
        (_TOTAL, True, "total".__eq__),
        (_whole_words(heads, prefixes=True), True, methodcaller("startswith", heads)),
        (index._whole_words_regex(("Chat", "Zou")), False, {"Chat", "Zou"}.__contains__),
    ]:
        assert finder.indices(pattern, lowered, word) == finder.indices(pattern, lowered)
    anchor = index._name_anchor_regex(("cloud holdings", "kingsoft"))
    assert [m.span() for m in finder.scan(anchor, ["cloud", "kingsoft"], lowered=True)] == [
        m.span() for m in anchor.finditer(finder.lowered)
    ]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_gap_led_regex_finds_what_the_latin_regex_finds(comp: index._Compiled, data) -> None:
    forms = tuple(_all(comp.latin))
    text = lower_in_place(_fold(data.draw(_texts(forms))))
    led = index.gap_led_regex(forms)
    assert led is not None
    found = [(m.start("form") - 1, m.end("form") - 1, m.group("form")) for m in led.finditer(" " + text)]
    assert found == _spans(index._latin_regex(forms, False), text)
    assert index.gap_led_regex(("a\x01inc.", "b")) is None  # a form that ends with no letter
