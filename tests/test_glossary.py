"""The glossary step: one table row per rule and per trap, validation errors, importers, CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bitranscript import glossary
from bitranscript.cli import main
from bitranscript.errors import InputError
from bitranscript.glossary import import_file, to_toml
from bitranscript.model import Options, Segment
from bitranscript.pipeline import process

ROOT = Path(__file__).resolve().parents[1]

# An invented company and general terms; nothing here is from a real transcript.
TEST_GLOSSARY = """
[glossary]
name = "test"

[[entry]]
id = "acme-cloud"
en = "Acme Cloud"
zh = ["金山云"]
variants = ["Acme Clown"]
category = "company"

[[entry]]
en = "Acme"
zh = ["金山"]
category = "company"

[[entry]]
en = "public cloud"
zh = ["公有云"]

[[entry]]
en = "government cloud"
zh = ["政务云"]

[[entry]]
en = "Health Commission"
zh = ["卫健委"]
category = "org"

[[entry]]
en = "gross margin"
zh = ["毛利率"]
variants = ["growth margin"]
near = ["#number"]

[[entry]]
en = "mid-size"
variants = ["waist"]
followed_by = ["clients", "customers"]

[[entry]]
en = "Hang Seng Composite Index"
variants = ["Hong Kong Composite Index"]

[[entry]]
en = "Hang Seng"
variants = ["Hong Kong"]
kinds = ["original"]

[[entry]]
en = "ChatGPT"
near = ["AI", "model", "models"]

[[entry]]
en = "GPT"
case_sensitive = true
variants = ["PPT"]
near = ["AI", "model", "models"]
unless_near = ["slides", "deck"]

[[entry]]
en = "VLM"
case_sensitive = true
near = ["VLA"]

[[entry]]
en = "Tao Zou"
zh = ["邹涛"]
category = "person"
title = "Mr."

[[entry]]
en = "industry cloud"
zh = ["行业云"]

[[entry]]
en = "Hanover"
variants = ["Hannover"]
whole_word = false

[[entry]]
en = "Bilibili"
zh = ["哔哩哔哩", "B站"]

[[entry]]
en = "Zebra Analytics"
variants = ["Zebra Analytic"]
protect = ["zebra"]
"""


@pytest.fixture(scope="module")
def gpath(tmp_path_factory) -> str:
    p = tmp_path_factory.mktemp("g") / "test.toml"
    p.write_text(TEST_GLOSSARY, encoding="utf-8")
    return str(p)


def _fix(text: str, gpath: str, kind: str = "original", keep: tuple[str, ...] = ()) -> str:
    edits = glossary.find(text, [Segment(0, len(text), kind, 0)], paths=[gpath], keep=keep)
    out, pos = [], 0
    for e in edits:
        assert text[e.start : e.end] == e.before and e.entry and e.rule.startswith("glossary:")
        out += [text[pos : e.start], e.after]
        pos = e.end
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(
    "text, fixed",
    [
        # known variant (exact)
        ("We thank Acme Clown today.", "We thank Acme Cloud today."),
        # Chinese form inside English, next to Chinese punctuation, no spaces
        ("Revenue of 公有云，grew fast.", "Revenue of public cloud，grew fast."),
        ("the 政务云business", "the government cloudbusiness"),
        # Traditional input goes through opencc first
        ("the 政務雲 business", "the government cloud business"),
        # a Chinese form with Latin letters in it, never run on into a word
        ("fans of B站 watch", "fans of Bilibili watch"),
        ("fans of AB站 watch", "fans of AB站 watch"),
        # pinyin of the Chinese form: spaces, none, hyphens, tones, capitals
        ("growth of Gongyouyun was strong", "growth of public cloud was strong"),
        ("growth of gong you yun was strong", "growth of public cloud was strong"),
        ("growth of Gong-You-Yun was strong", "growth of public cloud was strong"),
        ("growth of Gōngyǒuyún was strong", "growth of public cloud was strong"),
        ("welcome to Jinshan Yun.", "welcome to Acme Cloud."),
        # pinyin with the suffix translated
        ("welcome to Jinshan Cloud.", "welcome to Acme Cloud."),
        # recognition confusions: j/x, eng/en
        ("welcome to Xinshan Cloud.", "welcome to Acme Cloud."),
        ("projects such as Zhenwu Yun.", "projects such as government cloud."),
        # one inner syllable off, three syllables
        ("the Chongqing Weizhenwei project", "the Chongqing Health Commission project"),
        # fuzzy near-miss of the English form
        ("from Acme Clod, we have", "from Acme Cloud, we have"),
        # a variant that is plain English needs its condition
        ("adjusted growth margin was 7.9%", "adjusted gross margin was 7.9%"),
        ("the growth margin of safety", "the growth margin of safety"),
        ("head and waist clients", "head and mid-size clients"),
        ("a waist of time", "a waist of time"),
        # overlapping entries: the longest wins
        ("included in the Hong Kong Composite Index", "included in the Hang Seng Composite Index"),
        # casing: lower-case term capitalised only at a sentence start
        ("Growth margin was 8%.", "Gross margin was 8%."),
        # acronyms: listed variant and one-letter near-miss, both with context
        ("PPT needs large AI models", "GPT needs large AI models"),
        ("the PPT slides for the board", "the PPT slides for the board"),
        ("our AI models: the PPT deck is online", "our AI models: the PPT deck is online"),
        ("deploy VLA and VOM on the car", "deploy VLA and VLM on the car"),
        # Word+ACRONYM heard as two words
        ("about CHAP GPT and AI models", "about ChatGPT and AI models"),
        # a family name misheard after a title
        ("our CEO, Mr. Zhou. Please", "our CEO, Mr. Zou. Please"),
        ("our CEO Zozo said", "our CEO Zou said"),
        ("thank Ms. Luo for that", "thank Ms. Luo for that"),  # a surname of its own
        # 总 translated word for word after the family name
        ("as Zou total mentioned", "as Mr. Zou mentioned"),
        ("Zou total revenue rose", "Zou total revenue rose"),
        # a polyphonic character read the other way (行 hang/xing)
        ("the Xingye Yun projects", "the industry cloud projects"),
        ("the Hangye Yun projects", "the industry cloud projects"),
        # one English word is never taken for pinyin on its own
        ("exception chaining works", "exception chaining works"),
        # protected words
        ("the Zebra Analytic team", "the Zebra Analytic team"),
        # never inside a word
        ("the AcmeClownish thing", "the AcmeClownish thing"),
        ("unGongyouyun", "unGongyouyun"),
        # ... unless the entry says whole_word = false
        ("the Hannoverstrasse office", "the Hanoverstrasse office"),
    ],
)
def test_rules(gpath: str, text: str, fixed: str) -> None:
    assert _fix(text, gpath) == fixed


@pytest.mark.parametrize(
    "text, kind, fixed",
    [
        ("Hong Kong", "original", "Hang Seng"),
        ("Hong Kong", "native", "Hong Kong"),
        # a raw Chinese sentence stays Chinese
        ("我们的公有云业务。", "chinese", "我们的公有云业务。"),
        ("我们的公有云业务。", "original", "我们的public cloud业务。"),
    ],
)
def test_kind_conditions(gpath: str, text: str, kind: str, fixed: str) -> None:
    assert _fix(text, gpath, kind) == fixed


# Two invented issuers; a company glossary is on only where the text names the company.
ISSUER_GLOSSARIES = {
    "acme.toml": """
[glossary]
name = "Acme Cloud"
scope = "company"
triggers = ["Acme Cloud", "金山云"]

[[entry]]
en = "Acme Cloud"
zh = ["金山云"]
category = "company"

[[entry]]
en = "Bolt Motors"
category = "company"
""",
    "zenith.toml": """
[glossary]
name = "Zenith Auto"
scope = "company"
triggers = ["Zenith Auto"]

[[entry]]
en = "Zenith Auto"
category = "company"
""",
}
_OPENING = "Thanks, operator. {} third quarter 2031 results press release went out before this call."


@pytest.mark.parametrize(
    "text, fixed",
    [
        # the misheard subject of the earnings-release sentence becomes the issuer
        (_OPENING.format("Prince of Wales") + " Acme Cloud grew.", _OPENING.format("Acme Cloud") + " Acme Cloud grew."),
        (
            "Hello. Acne Crowd's Q4 2031 earnings press release is out. 金山云 grew.",
            "Hello. Acme Cloud's Q4 2031 earnings press release is out. Acme Cloud grew.",
        ),
        # the operator's welcome names the issuer too
        (
            "Good day, and welcome to the Acne Crowd Q3 2031 earnings conference call. Acme Cloud grew.",
            "Good day, and welcome to the Acme Cloud Q3 2031 earnings conference call. Acme Cloud grew.",
        ),
        (
            "Welcome to our third quarter 2031 earnings call. Acme Cloud grew.",
            "Welcome to our third quarter 2031 earnings call. Acme Cloud grew.",
        ),
        # already right, a pronoun, or another name of the glossary: untouched
        (_OPENING.format("Acme Cloud's") + " Acme Cloud grew.", _OPENING.format("Acme Cloud's") + " Acme Cloud grew."),
        (_OPENING.format("Our") + " Acme Cloud grew.", _OPENING.format("Our") + " Acme Cloud grew."),
        (_OPENING.format("Bolt") + " Acme Cloud grew.", _OPENING.format("Bolt") + " Acme Cloud grew."),
        # no company named: no issuer; two named equally often: no guess
        (_OPENING.format("Prince of Wales"), _OPENING.format("Prince of Wales")),
        (
            _OPENING.format("Prince of Wales") + " Acme Cloud and Zenith Auto.",
            _OPENING.format("Prince of Wales") + " Acme Cloud and Zenith Auto.",
        ),
        # not the subject of such a sentence, or not a name at all
        (
            "Acme Cloud. acne crowd third quarter results release is out.",
            "Acme Cloud. acne crowd third quarter results release is out.",
        ),
        ("Acme Cloud said Prince of Wales liked the quarter.", "Acme Cloud said Prince of Wales liked the quarter."),
        (
            "Acme Cloud. Please read the Prince of Wales earnings release.",
            "Acme Cloud. Please read the Prince of Wales earnings release.",
        ),
    ],
)
def test_issuer_in_the_earnings_release_sentence(tmp_path: Path, text: str, fixed: str) -> None:
    paths = []
    for name, body in ISSUER_GLOSSARIES.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
        paths.append(str(tmp_path / name))
    edits = glossary.find(text, [Segment(0, len(text), "native", 0)], paths=paths)
    out, pos = [], 0
    for e in edits:
        out += [text[pos : e.start], e.after]
        pos = e.end
    assert "".join(out) + text[pos:] == fixed
    issuer = [e for e in edits if e.rule == "glossary:issuer"]
    assert all(e.after == "Acme Cloud" and e.confidence == 0.6 and e.entry == "acme-cloud" for e in issuer)
    assert len(issuer) == (text != fixed)


def test_a_speaker_of_the_call_keeps_their_name(gpath: str) -> None:
    text = "Zhou Lei\nThank you, Mr. Zhou. Next question."
    segments = [Segment(0, 8, "native", 0, speaker="Zhou Lei"), Segment(9, len(text), "native", 1, speaker="Zhou Lei")]
    assert glossary.find(text, segments, paths=[gpath]) == []
    assert [e.after for e in glossary.find(text, [Segment(9, len(text), "native", 1)], paths=[gpath])] == ["Zou"]


def test_a_speaker_name_is_not_taken_for_pinyin(gpath: str) -> None:
    text = "Jin Shan\nThanks. Jin Shan from Harbor Securities here."
    segments = [Segment(0, 8, "native", 0, speaker="Jin Shan"), Segment(9, len(text), "native", 1, speaker="Jin Shan")]
    assert glossary.find(text, segments, paths=[gpath]) == []
    assert [e.after for e in glossary.find(text, [Segment(0, len(text), "original", 0)], paths=[gpath])] == [
        "Acme",
        "Acme",
    ]


def test_keep_word_is_never_edited(gpath: str) -> None:
    assert _fix("growth of Gongyouyun", gpath, keep=("Gongyouyun",)) == "growth of Gongyouyun"
    assert _fix("growth of Gongyouyun", gpath) == "growth of public cloud"


def test_plural_is_kept(gpath: str) -> None:
    assert _fix("healthy growth margins of 20%", gpath) == "healthy gross margins of 20%"


def test_edits_carry_rule_confidence_and_entry(gpath: str) -> None:
    text = "welcome to Jinshan Yun and Xinshan Cloud"
    edits = glossary.find(text, [], paths=[gpath])
    assert [(e.rule, e.entry) for e in edits] == [
        ("glossary:pinyin", "acme-cloud"),
        ("glossary:pinyin-confusable", "acme-cloud"),
    ]
    assert edits[0].confidence > edits[1].confidence


def test_numbers_are_never_changed(tmp_path: Path) -> None:
    p = tmp_path / "n.toml"
    p.write_text('[[entry]]\nen = "Q4"\nvariants = ["Q 5"]\n', encoding="utf-8")
    assert glossary.find("results for Q 5 are in", [], paths=[str(p)]) == []


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[[entry]\nen = "a"\n', r"line 1: bad TOML"),
        ('[[entry]]\nzh = ["云"]\n', r"line 1: entry has no canonical form"),
        ('[[entry]]\nen = "a"\n\n[[entry]]\nen = "a"\n', r"line 4.*duplicate"),
        ('[[entry]]\nid = "x"\nen = "a"\n[[entry]]\nid = "x"\nen = "b"\n', r"duplicate entry id 'x'"),
        ('[[entry]]\nen = "a"\n[[entry]]\nen = "b"\nvariants = ["a"]\n', r"variant 'a' is the canonical form"),
        ('[[entry]]\nen = "a"\nvariants = ["c"]\n[[entry]]\nen = "b"\nvariants = ["c"]\n', r"claimed by two entries"),
        ('[[entry]]\nen = "a"\ncolour = "red"\n', r"unknown entry key 'colour'"),
        ('[[entry]]\nen = "a"\nzh = ["abc"]\n', r"Chinese characters"),
        ('[[entry]]\nen = "a"\nkinds = ["speech"]\n', r"unknown segment kind"),
    ],
)
def test_malformed_glossary_is_one_line_error(tmp_path: Path, toml: str, message: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(toml, encoding="utf-8")
    with pytest.raises(InputError) as err:
        glossary.load(p)
    assert str(p) in str(err.value) and "\n" not in str(err.value)
    assert re.search(message, str(err.value)), str(err.value)


def test_conflicts_between_glossaries_are_reported(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('[[entry]]\nen = "Acme"\nvariants = ["Akme"]\n', encoding="utf-8")
    b.write_text('[[entry]]\nen = "Acne"\nvariants = ["Akme"]\n', encoding="utf-8")
    found = glossary.conflicts([glossary.load(a), glossary.load(b)])
    assert [c.form for c in found] == ["akme"]


def test_shipped_glossaries_are_valid_and_agree() -> None:
    paths = glossary.shipped_paths()
    loaded = [glossary.load(p) for p in paths]
    general = [g for g in loaded if g.scope == "general"]
    companies = [g for g in loaded if g.scope == "company"]
    assert len(general) == 1 and len(general[0].entries) >= 150
    assert len(companies) >= 10
    assert glossary.conflicts(loaded) == []
    assert glossary.lint(loaded) == []


def test_glossary_check_passes_on_the_shipped_glossaries(capsys) -> None:
    """What CI runs: ``glossary check`` (no files: the shipped ones) exits 0, no warnings."""
    import argparse

    from bitranscript.glossary_cli import _run_check

    assert _run_check(argparse.Namespace(files=[])) == 0
    assert "warning" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "entry, warns",
    [
        # a variant that is a plain English phrase needs a condition
        ('en = "gross margin"\nvariants = ["growth margin"]', "correct English phrase"),
        ('en = "gross margin"\nvariants = ["growth margin"]\nnear = ["#number"]', ""),
        ('en = "mid-size"\nvariants = ["waist"]', "correct English phrase"),
        ('en = "Acme Cloud"\nvariants = ["Akme Clown"]', ""),  # garble: no warning
        ('en = "Hang Seng Index"\nvariants = ["Hang Sang Index"]', ""),  # a name-shaped run, not a phrase
        # a variant that is another entry's form (with legal-name words too)
        ('en = "Acme Cloud"\nvariants = ["Zebra"]\nnear = ["cloud"]', "correct form of"),
        ('en = "Acme Cloud"\nvariants = ["Zebra Holdings"]\nnear = ["cloud"]', "correct form of"),
        ('en = "Acme Cloud"\nvariants = ["Zebra Pay"]\nnear = ["cloud"]', "correct form of"),  # an alias
        # the right name with a descriptive word added or dropped
        ('en = "Lanxin chip"\nvariants = ["Lanxin"]', "descriptive word"),
        ('en = "Lanxin"\nvariants = ["Lanxin Group"]', "descriptive word"),
    ],
)
def test_glossary_check_warns_on_variants_that_are_right(tmp_path: Path, entry: str, warns: str) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(f"[[entry]]\n{entry}\n", encoding="utf-8")
    b.write_text('[[entry]]\nen = "Zebra"\naliases = ["Zebra Pay"]\n', encoding="utf-8")
    found = glossary.lint([glossary.load(a), glossary.load(b)])
    if warns:
        assert len(found) == 1 and warns in found[0] and "a.toml" in found[0]
    else:
        assert found == []


# --------------------------------------------------------------------------- importers


def test_tsv_and_csv_import(tmp_path: Path) -> None:
    tsv = tmp_path / "t.tsv"
    tsv.write_text("en\tzh\tvariants\tcategory\nAcme Cloud\t金山云\tAcme Clown;Akme Cloud\tcompany\n", encoding="utf-8")
    csv_ = tmp_path / "t.csv"
    csv_.write_text('en,zh,near\n"gross margin",毛利率,#number\n', encoding="utf-8")
    g = import_file(tsv)
    assert [(e.en, e.zh, e.variants, e.category) for e in g.entries] == [
        ("Acme Cloud", ("金山云",), ("Acme Clown", "Akme Cloud"), "company")
    ]
    assert import_file(csv_).entries[0].near == ("#number",)
    # The TOML written back loads to the same entries.
    back = glossary.parse_toml(to_toml(g), "back.toml")
    assert [(e.en, e.zh, e.variants) for e in back.entries] == [(e.en, e.zh, e.variants) for e in g.entries]


def test_tsv_without_en_column_is_an_error(tmp_path: Path) -> None:
    p = tmp_path / "t.tsv"
    p.write_text("name\tzh\nAcme\t金山\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1"):
        import_file(p)


def test_tbx_import(tmp_path: Path) -> None:
    from translate.storage import tbx

    store = tbx.tbxfile()
    store.addsourceunit("Acme Cloud").settarget("金山云")
    p = tmp_path / "t.tbx"
    p.write_bytes(bytes(store))
    g = import_file(p)
    assert [(e.en, e.zh) for e in g.entries] == [("Acme Cloud", ("金山云",))]


# --------------------------------------------------------------------------- pipeline and CLI


def test_pipeline_lists_glossary_edits(gpath: str) -> None:
    text = "Operator: Welcome.\nCEO: Jinshan Yun had a good year for Gongyouyun.\n"
    result = process(text, Options(glossaries=(gpath,), default_glossary=False, checks=False))
    assert {e.after for e in result.edits} >= {"Acme Cloud", "public cloud"}
    assert all(e.rule.startswith("glossary:") for e in result.edits)
    assert result.rebuild() == text


def test_cli_glossary_check_and_errors(tmp_path: Path, gpath: str, capsys) -> None:
    assert main(["glossary", "check", gpath]) == 0
    assert "ok, 17 entries" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text("[[entry]]\nzh = '云'\n", encoding="utf-8")
    assert main(["glossary", "check", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("bitranscript: error: ")


def test_cli_import_writes_toml(tmp_path: Path) -> None:
    src = tmp_path / "t.tsv"
    src.write_text("en\tzh\nAcme Cloud\t金山云\n", encoding="utf-8")
    out = tmp_path / "t.toml"
    assert main(["glossary", "import", str(src), "-o", str(out)]) == 0
    assert glossary.load(out).entries[0].zh == ("金山云",)


def test_cli_align_takes_glossary_options(tmp_path: Path, gpath: str, capsys) -> None:
    src = tmp_path / "call.txt"
    src.write_text("CEO: Jinshan Yun grew.\n", encoding="utf-8")
    assert main(["align", str(src), "--format", "json", "--no-default-glossary", "--glossary", gpath]) == 0
    edits = json.loads(capsys.readouterr().out)["edits"]
    assert [e["after"] for e in edits] == ["Acme Cloud"]
    assert (
        main(["align", str(src), "--format", "json", "--no-default-glossary", "--glossary", gpath, "--keep", "Jinshan"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)["edits"] == []


# --------------------------------------------------------------------------- real data (ratchet)

SEED_RECALL_FLOOR = 0.76
"""entity_recall reached on the seed (31/42 = 0.738); raise it when the rules improve."""
SEED_OUTSIDE_CEILING = 3


def _score(shared: Path, gold: Path, txt: Path, tmp_path: Path) -> dict[str, float]:
    pred = tmp_path / "pred.json"
    out = subprocess.run(
        [sys.executable, "-m", "bitranscript", "align", str(txt), "--format", "json", "-o", str(pred)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    res = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(gold), str(txt), str(pred)],
        capture_output=True,
        text=True,
    )
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(entity_\w+): ([\d.]+)$", res.stdout, re.M)}


def test_seed_entity_level_ratchet(shared: Path, tmp_path: Path) -> None:
    s = _score(
        shared,
        shared / "gold" / "kingsoft_cloud_q4_2022.json",
        shared / "seed" / "kingsoft_cloud_q4_2022.txt",
        tmp_path,
    )
    assert s["entity_recall"] >= SEED_RECALL_FLOOR
    assert s["entity_edits_outside_gold"] <= SEED_OUTSIDE_CEILING


def test_english_only_control_gets_no_edits(shared: Path, tmp_path: Path) -> None:
    real = shared / "dev" / "real"
    s = _score(shared, real / "cost_2026q2_control.json", real / "cost_2026q2_control.txt", tmp_path)
    assert s["entity_edits"] == 0


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "Jinshan Yun",
    "Xinshan Cloud",
    "Gongyouyun",
    "growth margin",
    "7.9%",
    "公有云",
    "政務雲",
    "Acme Clown",
    "waist",
    "clients",
    "PPT",
    "AI models",
    "Mr.",
    "Zhou",
    "Zou total",
    "，",
    "。",
    "the",
    "and",
    "Hong Kong",
    "Composite Index",
    "-",
    "\n",
    "  ",
    "chaining",
    "Kingsoft",
    "kings of cloud",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25), st.lists(st.sampled_from([" ", "", "\n"]), max_size=25))
def test_edits_are_disjoint_whole_words_and_revertible(gpath_text, seps) -> None:
    text = "".join(p + (seps[i] if i < len(seps) else " ") for i, p in enumerate(gpath_text))
    path = str(ROOT / "glossaries" / "general.toml")
    edits = glossary.find(text, [Segment(0, len(text), "original", 0)], paths=[path])
    last = -1
    for e in edits:
        assert e.start >= last and text[e.start : e.end] == e.before
        last = e.end
        for pos in (e.start - 1, e.end):
            if 0 <= pos < len(text):
                # Never inside a Latin word: the neighbours are not letters or digits.
                assert not (text[pos].isascii() and text[pos].isalnum()) or not (
                    text[e.start if pos < e.start else e.end - 1].isascii()
                    and text[e.start if pos < e.start else e.end - 1].isalnum()
                )
    from bitranscript.edits import apply_edits, revert_edits

    assert revert_edits(apply_edits(text, edits), edits) == text


# --------------------------------------------------------------------------- precision (issue 14)

# An invented issuer, its products and people; nothing here is from a real transcript.
PRECISION_GLOSSARY = """
[glossary]
name = "Nightsoft (invented)"
scope = "company"
triggers = ["Nightsoft", "Mingda"]

[[entry]]
en = "Nightsoft Cloud"
zh = ["夜软云"]
category = "company"

[[entry]]
en = "Mingda"
zh = ["明达集团"]
category = "company"

[[entry]]
en = "Bright Star"
zh = ["明达"]
category = "product"

[[entry]]
en = "Lanxin chip"
zh = ["蓝芯"]
category = "product"

[[entry]]
en = "Sora Pay"
zh = ["云支付"]
aliases = ["Yunzhifu"]
category = "product"

[[entry]]
en = "Tobias Gu"
category = "person"

[[entry]]
en = "Helen Zhao"
category = "person"

[[entry]]
en = "Marcus Zhou"
category = "person"

[[entry]]
en = "Mariposa Investor Relations"
category = "org"

[[entry]]
en = "gross margin"
variants = ["growth margin"]
near = ["#number"]
"""


@pytest.fixture(scope="module")
def ppath(tmp_path_factory) -> str:
    p = tmp_path_factory.mktemp("p") / "nightsoft.toml"
    p.write_text(PRECISION_GLOSSARY, encoding="utf-8")
    return str(p)


def _edits(text: str, path: str, kind: str, speaker: str | None = None) -> list:
    segs = [Segment(0, len(text), kind, 0, speaker=speaker)]
    return glossary.find(
        "Nightsoft. " + text,
        [Segment(0, 11, "vendor", 0)]
        + [Segment(s.start + 11, s.end + 11, s.kind, s.line, speaker=s.speaker) for s in segs],
        paths=[path],
    )


def _apply(text: str, edits: list, offset: int = 11) -> str:
    out, pos = [], 0
    for e in edits:
        out += [text[pos : e.start - offset], e.after]
        pos = e.end - offset
    return "".join(out) + text[pos:]


@pytest.mark.parametrize(
    "text, kind, fixed",
    [
        # 1. a correct form of any entry is never rewritten: legal names, aliases, another entry's name
        ("Mingda Group reported strong sales.", "native", "Mingda Group reported strong sales."),
        ("Mingda Group reported strong sales.", "original", "Mingda Group reported strong sales."),
        ("Mingda Holdings Limited reported.", "original", "Mingda Holdings Limited reported."),
        ("sales at Mingda rose", "original", "sales at Mingda rose"),  # an entry's name, though 明达 reads Mingda
        ("we launched Yunzhifu widely", "native", "we launched Yunzhifu widely"),  # an alias, though pinyin
        ("we launched Yunzhifu widely", "original", "we launched Yunzhifu widely"),
        ("sales at Mingda Jituan rose", "original", "sales at Mingda rose"),  # garble dropped: an edit
        ("revenue of Yeruan Yun rose", "native", "revenue of Nightsoft Cloud rose"),
        ("revenue of Yeruan Cloud rose", "interpretation", "revenue of Nightsoft Cloud rose"),
        # 2. an edit replaces a wrong form; it never appends a descriptive word to a right one
        ("the new Lanxin is fast", "native", "the new Lanxin is fast"),
        ("the new Lanxin is fast", "original", "the new Lanxin is fast"),
        ("the new Lanxin chip is fast", "native", "the new Lanxin chip is fast"),
        ("the new Lanxing is fast", "original", "the new Lanxin chip is fast"),  # a wrong form: fixed
        # 3. possessives and grammar around a name are kept
        ("Nightsoft's cloud revenue grew", "native", "Nightsoft's cloud revenue grew"),
        ("Nightsoft's cloud revenue grew", "original", "Nightsoft's cloud revenue grew"),
        ("Nightsoft's clod revenue grew", "original", "Nightsoft's clod revenue grew"),
        ("Yeruan Yun's revenue grew", "original", "Nightsoft Cloud's revenue grew"),
        ("the Nightsoft Clod revenue grew", "native", "the Nightsoft Cloud revenue grew"),
        # 4. sound and spelling guesses need machine output: fluent English made of English words stays
        ("we work with the nights of cloud team.", "native", "we work with the nights of cloud team."),
        ("we work with the nights of cloud team.", "interpretation", "we work with the nights of cloud team."),
        ("we work with the nights of cloud team.", "original", "we work with the Nightsoft Cloud team."),
        (
            "so i think we work with the nights of cloud team",
            "native",
            "so i think we work with the Nightsoft Cloud team",
        ),
        (
            "so we work with zhenwu and the nights of cloud team",
            "native",
            "so we work with zhenwu and the Nightsoft Cloud team",
        ),
        # ... while exact variants act anywhere (with their condition)
        ("growth margin was 30%", "native", "gross margin was 30%"),
        ("growth margin was 30%", "interpretation", "gross margin was 30%"),
        ("growth margin matters", "native", "growth margin matters"),
    ],
)
def test_precision_rules(ppath: str, text: str, kind: str, fixed: str) -> None:
    assert _apply(text, _edits(text, ppath, kind)) == fixed


@pytest.mark.parametrize(
    "text, speaker, fixed",
    [
        # a listed person misheard by one sound: fixed at medium confidence
        ("Thank you, Tobias Wu, for the question.", None, "Thank you, Tobias Gu, for the question."),
        ("As Helen Zhai said, margins rose.", None, "As Helen Zhao said, margins rose."),
        ("our president Tobias Gu said", None, "our president Tobias Gu said"),
        ("Tobias Huang asked about margins", None, "Tobias Huang asked about margins"),  # two sounds off
        ("Tobias Wu asked about margins", "Tobias Wu", "Tobias Wu asked about margins"),  # the call's own speaker
        ("As Helen Zhou said", None, "As Helen Zhou said"),  # Zhou: a word of another listed name
        ("tobias wu asked", None, "tobias wu asked"),  # not written as a name
    ],
)
def test_person_misheard_by_one_sound(ppath: str, text: str, speaker: str | None, fixed: str) -> None:
    edits = _edits(text, ppath, "native", speaker)
    assert _apply(text, edits) == fixed
    assert all(e.rule == "glossary:person-sound" and e.confidence == 0.6 for e in edits)


@pytest.mark.parametrize(
    "text, speaker, fixed",
    [
        # a listed organisation with its first word misheard (one or two words heard for it)
        ("contact Marry Posa Investor Relations today", None, "contact Mariposa Investor Relations today"),
        ("contact Mariposo Investor Relations today", None, "contact Mariposa Investor Relations today"),
        ("contact Mariposa Investor Relations today", None, "contact Mariposa Investor Relations today"),
        ("contact our Investor Relations team", None, "contact our Investor Relations team"),
        ("contact Morgan Investor Relations today", None, "contact Morgan Investor Relations today"),
        (
            "Marry Posa Investor Relations here",
            "Marry Posa",
            "Marry Posa Investor Relations here",
        ),  # the call spells it
    ],
)
def test_organisation_misheard_by_one_word(ppath: str, text: str, speaker: str | None, fixed: str) -> None:
    edits = _edits(text, ppath, "native", speaker)
    assert _apply(text, edits) == fixed
    assert all(e.rule == "glossary:name-sound" and e.confidence == 0.6 for e in edits)


@pytest.mark.parametrize(
    "text, fixed",
    [
        # invented sentences with the shipped glossaries: right names stay, garble is fixed
        (
            "Kingsoft Cloud grew. Kingsoft's cloud business grew too.",
            "Kingsoft Cloud grew. Kingsoft's cloud business grew too.",
        ),
        ("NIO said the Shenji chip and Shenji are both ready.", "NIO said the Shenji chip and Shenji are both ready."),
        (
            "Alibaba Group Holding Limited and Alibaba Group grew.",
            "Alibaba Group Holding Limited and Alibaba Group grew.",
        ),
        ("Kingsoft Cloud grew. Jinshan Yun grew.", "Kingsoft Cloud grew. Kingsoft Cloud grew."),
    ],
)
@pytest.mark.parametrize("kind", ["native", "interpretation", "original"])
def test_shipped_glossaries_keep_right_names(text: str, kind: str, fixed: str) -> None:
    edits = glossary.find(text, [Segment(0, len(text), kind, 0)])
    assert _apply(text, edits, offset=0) == fixed


def test_show_lists_exactly_the_forms_that_are_matched() -> None:
    # One source (``forms_of``): every generated literal form of the index is one that
    # ``glossary show`` lists for its entry, and every listed form is matched.
    paths = glossary.shipped_paths()
    comp = glossary.compiled(paths)
    shown = {
        (e.glossary, e.id): {(rule, re.sub(r"\W", "", form.lower())) for rule, form in glossary.generated_forms(e)}
        for g in comp.glossaries
        for e in g.entries
    }
    generated = [(k, hit) for k, hit in comp.literal.items() if hit[1] in ("pinyin", "pinyin-suffix")]
    assert generated
    for (form, _), (entry, rule) in generated:
        assert (rule, form) in shown[entry.glossary, entry.id]
    # (a form that is also another entry's listed form, "Renminbi", is looked up as that one)
    assert all((form, False) in comp.literal for _, form in set().union(*shown.values()))


def test_rules_run_in_registry_order_with_a_confidence_each() -> None:
    names = [r.name for r in glossary.RULES]
    assert names[0] == "compound" and names[1] == "literal" and names[-1] == "issuer"
    assert all(kind in glossary.CONFIDENCE for r in glossary.RULES for kind in r.makes)


def test_thresholds_in_params_reach_the_index_and_the_rules(gpath: str) -> None:
    from dataclasses import replace

    from bitranscript.params import GLOSSARY

    text = "We met Jinshan Yun and Kingsoft Clowd."
    segs = [Segment(0, len(text), "original", 0)]
    default = {e.rule for e in glossary.find(text, segs, paths=[gpath])}
    assert "glossary:pinyin" in default
    strict = replace(GLOSSARY, pinyin_min_letters=20)  # compile time: no pinyin form is that long
    assert "glossary:pinyin" not in {e.rule for e in glossary.find(text, segs, paths=[gpath], params=strict)}
    assert "glossary:pinyin" in {e.rule for e in glossary.find(text, segs, paths=[gpath])}  # cached per params
