"""Two-file sentence alignment: hand-made bitexts with known beads, formats, CLI, dev ratchet."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bitranscript.bitext import Bead, BitextParams, align_texts, bead_types, read_sentences, render_beads
from bitranscript.cli import main
from bitranscript.errors import InputError
from bitranscript.lexicon import load_cedict, parse_cedict

# A small story told twice: the "source" is a machine-English rendering, the target a
# looser human translation. Each case edits it to make one kind of bead.
MT = [
    "The old fisherman pushed his boat into the river at dawn.",
    "A heron stood on the sandbank and watched the water.",
    "He threw the net three times and caught nothing.",
    "At noon his daughter brought rice wrapped in lotus leaves.",
    "They ate together under the willow tree.",
    "In the evening the lanterns of the town were lit one by one.",
]
EN = [
    "At dawn the old fisherman pushed his boat out onto the river.",
    "On the sandbank a heron stood watching the water.",
    "Three times he cast the net, and three times it came up empty.",
    "His daughter came at noon with rice wrapped in lotus leaves.",
    "The two of them ate under the willow.",
    "When evening fell, the town's lanterns were lit one after another.",
]
IDENTITY = [((i,), (i,)) for i in range(6)]


def _split_target(k: int, first: str, second: str) -> tuple[list[str], list[tuple]]:
    """Target sentence k translated as two sentences: a 1-2 bead at k."""
    tgt = EN[:k] + [first, second] + EN[k + 1 :]
    gold = [((i,), (i,)) for i in range(k)] + [((k,), (k, k + 1))] + [((i,), (i + 1,)) for i in range(k + 1, 6)]
    return tgt, gold


ONE_TWO = _split_target(2, "Three times he cast the net.", "Three times it came up empty, nothing caught.")
TWO_ONE_SRC = MT[:3] + ["At noon his daughter brought rice.", "The rice was wrapped in lotus leaves."] + MT[4:]
TWO_ONE_GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3, 4), (3,)), ((5,), (4,)), ((6,), (5,))]
INSERTED_EN = EN[:3] + ["(Translator's note: a cormorant is a fishing bird, trained in Guangxi since 1620.)"] + EN[3:]
INSERTED_GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,)), ((3,), (4,)), ((4,), (5,)), ((5,), (6,))]
DROPPED_MT = MT[:4] + ["Chapter 1873 of the Qianlong registry, volume 42, page 7, was lost."] + MT[4:]
DROPPED_GOLD = [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), ()), ((5,), (4,)), ((6,), (5,))]

CASES = [
    pytest.param(MT, EN, IDENTITY, id="1-1"),
    pytest.param(MT, ONE_TWO[0], ONE_TWO[1], id="1-2"),
    pytest.param(TWO_ONE_SRC, EN, TWO_ONE_GOLD, id="2-1"),
    pytest.param(MT, INSERTED_EN, INSERTED_GOLD, id="0-1 insertion"),
    pytest.param(DROPPED_MT, EN, DROPPED_GOLD, id="dropped sentence 1-0"),
]


def _pairs(beads: list[Bead]) -> list[tuple]:
    return [(b.source, b.target) for b in beads]


@pytest.mark.parametrize(("mt", "en", "gold"), CASES)
def test_known_beads_with_mt(mt, en, gold):
    # The MT stands in for a Chinese source that the aligner never reads.
    source = [f"第{i}句" for i in range(len(mt))]
    assert _pairs(align_texts(source, en, source_mt=mt)) == gold


@pytest.mark.parametrize(("mt", "en", "gold"), CASES[:3])
def test_english_like_source_compared_directly(mt, en, gold):
    assert _pairs(align_texts(mt, en)) == gold


# Raw Chinese, written for these tests; names, numbers and dictionary words carry it.
ZH = [
    "陈清扬在一九七二年来到云南。",
    "她带着一只黑狗和三本书。",
    "村里的医生请她喝茶。",
    "晚上下了一场大雨。",
]
ZH_EN = [
    "Chen Qingyang came to Yunnan in 1972.",
    "She brought a black dog.",
    "She also brought three books.",
    "The village doctor invited her to drink tea.",
    "That night there was a heavy rain.",
]


def test_raw_chinese_with_lexicon():
    beads = _pairs(align_texts(ZH, ZH_EN))
    assert beads == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,)), ((3,), (4,))]


def test_cedict_entries_names_and_surnames():
    lex = load_cedict()
    assert "dog" in " ".join(lex.translations("狗"))
    assert lex.is_surname("陈") and not lex.is_surname("狗")
    assert lex.syllables("晚上") == ["wan", "shang"]
    assert lex.translations("不是一个词语") == ()


@pytest.mark.parametrize(
    ("lines", "word", "glosses"),
    [
        (["貓 猫 [mao1] /cat/CL:隻|只[zhi1]/"], "猫", ("cat",)),
        (["貓 猫 [mao1] /cat/", "# comment", "", "貓 猫 [Mao1] /surname Mao/"], "貓", ("cat", "Mao")),
        (["狗 狗 [gou3] /dog (domestic animal)/variant of 犬[quan3]/"], "狗", ("dog",)),
    ],
)
def test_parse_cedict(lines, word, glosses):
    assert parse_cedict(lines).translations(word) == glosses


def test_parse_cedict_names_the_bad_line():
    with pytest.raises(InputError, match=r"my\.u8: line 2"):
        parse_cedict(["貓 猫 [mao1] /cat/", "not an entry"], source="my.u8")


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(MT + EN), min_size=0, max_size=12),
    st.lists(st.sampled_from(EN + ["Yes.", ""]), min_size=0, max_size=12),
)
def test_beads_cover_both_sides_once_in_order(src, tgt):
    beads = align_texts(src, tgt)
    assert [i for b in beads for i in b.source] == list(range(len(src)))
    assert [j for b in beads for j in b.target] == list(range(len(tgt)))
    sizes = set(bead_types(BitextParams())) | {(1, 0), (0, 1)}
    assert all((len(b.source), len(b.target)) in sizes for b in beads)


def test_mt_must_match_source():
    with pytest.raises(ValueError, match="source_mt has 1 sentences"):
        align_texts(["a", "b"], ["c"], source_mt=["x"])


# --- formats -------------------------------------------------------------------------------

BEADS = [Bead((0, 1), (0,), 0.5), Bead((2,), (), -0.3), Bead((), (1,), -0.3), Bead((3,), (2, 3), 1.0)]
SRC = ["我来了。", "你好。", "没有翻译。", "再见。"]
TGT = ["I came, hello.", "An added line.", "Goodbye.", "See you <soon> & well."]


@pytest.mark.parametrize(
    ("bead", "text"), [(Bead((0, 1), (0,)), "[0,1]:[0]"), (Bead((3,), ()), "[3]:[]"), (Bead((), (4, 5)), "[]:[4,5]")]
)
def test_bead_format(bead, text):
    assert str(bead) == text


def test_tsv_and_json_render():
    tsv = render_beads(BEADS, SRC, TGT, "tsv").splitlines()
    assert tsv[0] == "我来了。你好。\tI came, hello."
    assert tsv[1] == "没有翻译。\t" and tsv[2] == "\tAn added line."
    rows = json.loads(render_beads(BEADS, SRC, TGT, "json"))
    assert [(r["source"], r["target"]) for r in rows] == [([0, 1], [0]), ([2], []), ([], [1]), ([3], [2, 3])]
    assert rows[3]["target_text"] == "Goodbye. See you <soon> & well."


def test_tmx_parses_back():
    from translate.storage.tmx import tmxfile

    text = render_beads(BEADS, SRC, TGT, "tmx")
    assert text.startswith("<?xml") and 'version="1.4"' in text
    store = tmxfile.parsestring(text.encode("utf-8"))
    units = [(u.source, u.target) for u in store.units]
    assert units == [("我来了。你好。", "I came, hello."), ("再见。", "Goodbye. See you <soon> & well.")]
    assert store.sourcelanguage == "zh"


def test_align_format_tmx_has_one_unit_per_pair(tmp_path):
    from translate.storage.tmx import tmxfile

    from bitranscript import process
    from bitranscript.render import FORMATS

    text = "\n".join(
        [
            "Operator: Welcome to the call.",
            "Jinshan Yun de shouru zengzhang le 20%, women hen gaoxing.",
            "Kingsoft Cloud revenue grew 20%, and we are very pleased.",
        ]
    )
    result = process(text)
    store = tmxfile.parsestring(FORMATS["tmx"](result).encode("utf-8"))
    assert len(store.units) == len(result.pairs)
    for unit, pair in zip(store.units, result.pairs, strict=True):
        assert unit.target == " ".join(result.pair_texts(pair)[1].split())


# --- CLI -----------------------------------------------------------------------------------


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_cli_pair_round_trip(tmp_path, capsys):
    src = _write(tmp_path, "a.zh", [f"第{i}句" for i in range(len(MT))])
    mt = _write(tmp_path, "a.mt", MT)
    tgt = _write(tmp_path, "a.en", ONE_TWO[0])
    out = tmp_path / "a.align"
    assert main(["pair", src, tgt, "--source-mt", mt, "-o", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    parsed = [tuple(tuple(json.loads(side)) for side in line.split(":")) for line in lines]
    assert parsed == ONE_TWO[1]
    assert main(["pair", src, tgt, "--source-mt", mt, "--format", "tmx"]) == 0
    assert capsys.readouterr().out.count("<tu ") == len(ONE_TWO[1])


def test_cli_pair_split(tmp_path, capsys):
    src = _write(tmp_path, "s.txt", [" ".join(MT[:3]), " ".join(MT[3:])])
    tgt = _write(tmp_path, "t.txt", [" ".join(EN)])
    assert read_sentences(src, split=True) == MT
    assert main(["pair", src, tgt, "--split"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"[{i}]:[{i}]" for i in range(6)]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--source-mt", "SHORT"], "has 1 lines"),
        (["--source-mt", "MT", "--split"], "drop --split"),
        (["--source-mt", "MISSING"], "cannot read"),
    ],
)
def test_cli_pair_errors(tmp_path, capsys, extra, message):
    src = _write(tmp_path, "a.zh", ["一", "二"])
    tgt = _write(tmp_path, "a.en", ["one", "two"])
    files = {
        "SHORT": _write(tmp_path, "short.mt", ["one"]),
        "MT": _write(tmp_path, "a.mt", ["one", "two"]),
        "MISSING": str(tmp_path / "nope.mt"),
    }
    argv = ["pair", src, tgt] + [files.get(x, x) for x in extra]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("bitranscript: error:") and message in err and len(err.strip().splitlines()) == 1


def test_cli_pair_empty_file(tmp_path, capsys):
    src = _write(tmp_path, "a.zh", ["一"])
    empty = tmp_path / "empty.en"
    empty.write_text("", encoding="utf-8")
    assert main(["pair", src, str(empty)]) == 2
    assert "empty.en" in capsys.readouterr().err


# --- the dev set ratchet --------------------------------------------------------------------

# Strict F1 reached on two documents of mac-dev, the hardest and an average one (0.808 with MT,
# 0.795 raw, measured; the whole set: benchmarks/bench_bitext.py). Raise it when the aligner improves.
RATCHET = {"mt": 0.80, "zh": 0.79}
RATCHET_DOCS = ("002", "005")


@pytest.mark.parametrize("mode", sorted(RATCHET))
def test_dev_ratchet(shared, mode):
    data = shared / "dev" / "mac-dev"
    sys.path.insert(0, str(shared / "eval"))
    from eval_beads import read_alignments, score_multiple

    gold, pred = [], []
    started = time.perf_counter()
    for doc in RATCHET_DOCS:
        zh = read_sentences(str(data / f"{doc}.zh"))
        en = read_sentences(str(data / f"{doc}.en"))
        mt = read_sentences(str(data / f"{doc}.trans")) if mode == "mt" else None
        pred.append(_pairs(align_texts(zh, en, source_mt=mt)))
        gold.append(read_alignments(str(data / f"{doc}.align")))
    score = score_multiple(gold, pred)
    assert score["f1_strict"] >= RATCHET[mode], score
    assert time.perf_counter() - started < 120


def test_cli_align_format_tmx(tmp_path):
    from translate.storage.tmx import tmxfile

    from conftest import EXAMPLES

    out = tmp_path / "call.tmx"
    assert main(["align", str(EXAMPLES / "kingsoft_cloud_q3_2031.txt"), "--format", "tmx", "-o", str(out)]) == 0
    store = tmxfile.parsestring(out.read_bytes())
    assert len(store.units) >= 1
    assert all(u.source.strip() and u.target.strip() for u in store.units)


def test_too_large_is_refused_with_a_message():
    with pytest.raises(ValueError, match="split the texts"):
        align_texts(["a"] * 30, ["b"] * 30, params=BitextParams(max_cells=100))


@pytest.mark.parametrize("gz", [False, True])
def test_load_cedict_from_a_file(tmp_path, gz):
    import gzip

    body = "# a hand-made dictionary\n貓 猫 [mao1] /cat/\n狗 狗 [gou3] /dog/\n"
    path = tmp_path / ("mini.u8.gz" if gz else "mini.u8")
    if gz:
        path.write_bytes(gzip.compress(body.encode("utf-8")))
    else:
        path.write_text(body, encoding="utf-8")
    lex = load_cedict(str(path))
    assert len(lex) == 3 and lex.translations("猫") == ("cat",)
    beads = align_texts(["猫。", "狗。"], ["A cat.", "A dog."], lexicon=lex)
    assert [(b.source, b.target) for b in beads] == [((0,), (0,)), ((1,), (1,))]


def test_load_cedict_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.u8"):
        load_cedict(str(tmp_path / "nope.u8"))


ZH_CUT = [  # invented: HMM words (好得, names the dictionary lacks), Latin, digits, spaces
    "金山云的营收同比增长了百分之十二，毛利率稳步提升。",
    "他在2031年发布了《云计算白皮书》，反响好得出奇。",
    "张晓明和李思远带着iPhone去了深圳 3.5% 的客户 abc123",
    "服务器机房里，刘家开了一间小店；认不认可？",
    "",
    " \r\n 周德明赵十二相约",
]


def _cuts_as_jieba(sentences):
    from bitranscript import zhseg

    model = zhseg._model()
    assert model is not None
    import jieba

    zhseg.prefetch(sentences)
    assert [list(zhseg._cut(s, model)) for s in sentences] == [jieba.lcut(s) for s in sentences]


_NO_CACHE = pytest.mark.skipif(bool(os.environ.get("BITRANSCRIPT_NO_CACHE")), reason="no user cache")


@_NO_CACHE
def test_cached_segmenter_cuts_as_jieba():
    """zhseg reads jieba's dictionary and HMM from the user cache: it must cut as jieba does,
    HMM words (丑得, 从桌, names) and mixed blocks included."""
    _cuts_as_jieba(ZH_CUT)


@_NO_CACHE
def test_cached_segmenter_cuts_a_dev_document_as_jieba(shared):
    _cuts_as_jieba(read_sentences(str(shared / "dev" / "mac-dev" / "003.zh")))


def test_sparse_dots_are_the_dense_product():
    from bitranscript.bitext import _dots

    rng = np.random.default_rng(0)
    S = (rng.random((7, 40)) * (rng.random((7, 40)) < 0.2)).astype(np.float32)
    T = (rng.random((5, 40)) * (rng.random((5, 40)) < 0.3)).astype(np.float32)
    S[3] = 0  # an empty sentence
    np.testing.assert_allclose(_dots(S, T), S.astype(float) @ T.T.astype(float), rtol=1e-12, atol=0)


_READINGS = """
import json, sys
from bitranscript import bitext
r = bitext._Readings()
out = [r(w) for w in json.loads(sys.argv[1])]
r.keep()
print(json.dumps([out, "pypinyin" in sys.modules]))
"""


@_NO_CACHE
def test_pinyin_readings_are_pypinyins_and_kept_per_machine(tmp_path):
    """Names the lexicon lacks are read by pypinyin once per machine: a second process gets
    the same readings from the user cache without loading it (0.2 s)."""
    from pypinyin import Style, lazy_pinyin

    words = ["司马晓澜", "欧阳铁柱", "柯南道尔", "绿水长流"]  # invented; 绿 reads with ü
    env = {**os.environ, "BITRANSCRIPT_CACHE_DIR": str(tmp_path)}
    runs = []
    for _ in range(2):
        out = subprocess.run(
            [sys.executable, "-c", _READINGS, json.dumps(words)], env=env, capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    expected = [lazy_pinyin(w, style=Style.NORMAL) for w in words]
    assert runs == [[expected, True], [expected, False]]


def _plain_dp(n, m, score, params):
    """The recurrence bead_dp computes, cell by cell: deletion, then bead types, then insertion."""
    types = bead_types(params)
    skip = params.skip_cost
    best = {(0, 0): (0.0, None)}
    for i in range(n + 1):
        for j in range(m + 1):
            if (i, j) == (0, 0):
                continue
            cands = []
            if i > 0:
                cands.append((best[i - 1, j][0] - skip, (1, 0)))
            cands += [(best[i - a, j - b][0] + score[a, b][i, j], (a, b)) for a, b in types if a <= i and b <= j]
            if j > 0:
                cands.append((best[i, j - 1][0] - skip, (0, 1)))
            best[i, j] = max(cands, key=lambda c: c[0])
    path, i, j = [], n, m
    while (i, j) != (0, 0):
        a, b = best[i, j][1]
        path.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return path[::-1]


@pytest.mark.parametrize("seed", range(5))
def test_bead_dp_is_the_plain_recurrence(seed):
    from bitranscript.bitext import bead_dp

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 9)), int(rng.integers(1, 9))
    params = BitextParams()
    score = {t: rng.normal(size=(n + 1, m + 1)) for t in bead_types(params)}
    beads = bead_dp(n, m, lambda i, a, j, b: score[a, b][i, j], params)
    assert [(b.source, b.target) for b in beads] == _plain_dp(n, m, score, params)


@_NO_CACHE
def test_precomputed_headword_features_are_the_computed_ones(shared):
    """``pair`` on raw Chinese reads CC-CEDICT headwords' features from the user cache
    (``_cedict_features``): the bags must be those worked out from the lexicon itself, to the
    last bit of every weight (HMM words, names and unknown compounds included)."""
    from bitranscript.bitext import _cedict_features, chinese_bags
    from bitranscript.features import english_frequencies

    sentences = [*ZH_CUT, *ZH, *read_sentences(str(shared / "dev" / "mac-dev" / "006.zh"))]
    freq = english_frequencies()
    assert _cedict_features() is not None
    assert chinese_bags(sentences, None, freq) == chinese_bags(sentences, load_cedict(), freq)


@pytest.mark.parametrize(
    "feats", [[], [("grab", 0.5773502691896258)], [("a", 0.1), ("b", 0.1), ("@wang", 1.0), ("c", 1 / 3)]]
)
def test_features_round_trip_through_the_cache_encoding(feats):
    from bitranscript.bitext import _decode_features, _encode_features

    assert _decode_features(_encode_features(feats)) == feats


def test_cli_format_names_are_the_renderers():
    """The CLI writes the format names out (building the parser loads no renderer)."""
    from bitranscript import cli, render

    assert sorted(cli.ALIGN_FORMATS) == sorted(render.FORMATS)
    assert cli.PAIR_FORMATS == render.PAIR_FORMATS


def test_python_m_pair_ends_with_its_output_and_status(tmp_path):
    """``python -m bitranscript pair`` ends the process without the interpreter's teardown:
    its output is still all there, on standard output or in ``-o``, and errors still exit 2."""
    src = _write(tmp_path, "a.zh", [f"第{i}句" for i in range(len(MT))])
    mt = _write(tmp_path, "a.mt", MT)
    tgt = _write(tmp_path, "a.en", ONE_TWO[0])
    out = tmp_path / "a.json"
    cmd = [sys.executable, "-m", "bitranscript", "pair", src, tgt, "--source-mt", mt, "--format", "json"]
    run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0 and run.stderr == ""
    assert [(tuple(r["source"]), tuple(r["target"])) for r in json.loads(run.stdout)] == ONE_TWO[1]
    assert subprocess.run([*cmd, "-o", str(out)], capture_output=True).returncode == 0
    assert out.read_text(encoding="utf-8") == run.stdout
    bad = subprocess.run([*cmd[:4], src, str(tmp_path / "nope")], capture_output=True, text=True)
    assert bad.returncode == 2 and "error" in bad.stderr and bad.stdout == ""
