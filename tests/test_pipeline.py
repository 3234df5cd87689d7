"""The data model, edits and the align/clean commands end to end."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import bitranscript
from bitranscript import Edit, Options, Result
from bitranscript.cli import main
from bitranscript.edits import apply_edits, reconcile, revert_edits
from conftest import EXAMPLES

CALL = (
    "Operator\n"
    "Good morning. Lines are muted until the question session, which follows the remarks.\r\n"
    "Welcome everyone to the Jinshan Yun meeting. The Gongyouyun income rose 12.5 percent to 21.4 billion, "
    "and the Zhengwu Yun customers grew to 40. uh, uh, uh, The gross profit rate reached 18.3 percent.\n"
    "Hello everyone, and welcome to Kingsoft Cloud's call. Public cloud revenue rose 12.5 percent to "
    "RMB 2.14 billion, government cloud customers grew to 40, and gross margin reached 18.3 percent.\n"
)


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ([], "abcdef"),
        ([Edit(1, 3, "bc", "X", "r")], "aXdef"),
        ([Edit(0, 0, "", "[", "r"), Edit(6, 6, "", "]", "r")], "[abcdef]"),
        ([Edit(4, 6, "ef", "", "r"), Edit(0, 1, "a", "AA", "r")], "AAbcd"),
    ],
)
def test_apply_and_revert_edits(edits, expected):
    assert apply_edits("abcdef", edits) == expected
    assert revert_edits(expected, edits) == "abcdef"


def test_reconcile_keeps_the_first_claim():
    kept = reconcile([Edit(2, 5, "cde", "", "noise"), Edit(3, 4, "d", "D", "glossary"), Edit(0, 1, "a", "A", "g")])
    assert [e.rule for e in kept] == ["g", "noise"]


def test_result_round_trips_through_json():
    result = bitranscript.clean(bitranscript.process(CALL, source="call.txt"))
    again = Result.from_json(result.to_json())
    assert again == result
    data = json.loads(result.to_json())
    assert {"segments", "pairs", "edits", "findings", "signature"} <= set(data)
    assert all({"start", "end", "kind"} <= set(s) for s in data["segments"])


def test_rebuild_gives_the_exact_input_crlf_included():
    result = bitranscript.clean(bitranscript.process(CALL))
    assert result.edits, "the call has noise to remove"
    assert result.rebuild() == CALL


@pytest.mark.parametrize(
    ("originals", "present", "absent"),
    [
        ("keep", ["Welcome everyone to the", "Kingsoft Cloud meeting"], ["[Welcome", "uh, uh", "Jinshan Yun"]),
        ("mark", ["[Welcome everyone"], ["uh, uh"]),
        ("drop", ["Kingsoft Cloud's call"], ["Welcome everyone to the", "uh, uh"]),
    ],
)
def test_clean_modes(originals, present, absent):
    options = Options(originals=originals)
    cleaned = bitranscript.clean(bitranscript.process(CALL, options), options).cleaned_text()
    for text in present:
        assert text in cleaned
    for text in absent:
        assert text not in cleaned


def test_every_edit_names_its_rule_and_reason():
    result = bitranscript.clean(bitranscript.process(CALL))
    assert all(e.rule and e.reason and CALL[e.start : e.end] == e.before for e in result.edits)


def test_cli_align_json_matches_the_library(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_bytes(CALL.encode("utf-8"))
    assert main(["align", str(path), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["segments"] == json.loads(bitranscript.process(CALL).to_json())["segments"]


@pytest.mark.parametrize("fmt", ["text", "tsv"])
def test_cli_align_readable_formats(tmp_path, capsys, fmt):
    path = tmp_path / "call.txt"
    path.write_text(CALL, encoding="utf-8")
    assert main(["align", str(path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert "Kingsoft Cloud" in out and "interpretation" in out


def test_cli_clean_writes_atomically_and_never_over_the_input(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_text(CALL, encoding="utf-8")
    before = path.read_bytes(), os.stat(path).st_mtime_ns
    out = tmp_path / "clean.txt"
    assert main(["clean", str(path), "-o", str(out)]) == 0
    assert "uh, uh" not in out.read_text(encoding="utf-8")
    assert main(["clean", str(path), "-o", str(path)]) == 2
    assert "overwrite the input" in capsys.readouterr().err
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_explain_lists_each_edit(tmp_path, capsys):
    path = tmp_path / "call.txt"
    path.write_text(CALL, encoding="utf-8")
    assert main(["clean", str(path), "--explain"]) == 0
    assert "noise" in capsys.readouterr().out


def test_cli_missing_file_is_a_one_line_error(capsys):
    assert main(["align", "/no/such/call.txt"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "/no/such/call.txt" in err


def test_example_runs_end_to_end():
    result = bitranscript.process_file(EXAMPLES / "kingsoft_cloud_q3_2031.txt")
    assert result.pairs and result.source.endswith("kingsoft_cloud_q3_2031.txt")


def test_process_leaves_no_reference_cycle() -> None:
    """Everything a run builds is freed when it returns, not at the garbage collector's
    next pass: the glossary finder's per-token state (about 60x the text) once sat in a
    cycle through a lambda, and a batch's memory grew with it."""
    import gc

    text = (EXAMPLES / "kingsoft_cloud_q3_2031.txt").read_text(encoding="utf-8")
    bitranscript.process(text)  # caches filled once
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds stays in gc.garbage, to be looked at
    try:
        bitranscript.clean(bitranscript.process(text))
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith("bitranscript")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # A compiled pattern's parse may leave cycles (once per process); none of our objects may.
    assert ours == []


@pytest.mark.parametrize("indent", [None, 1, 2, 4])
@pytest.mark.parametrize("name", ["kingsoft_cloud_q3_2031.txt", "placeholder_call.txt", None])
def test_to_json_is_json_dumps_of_to_dict(name: str | None, indent: int | None) -> None:
    """``to_json`` builds its text a record at a time (for memory); the text is exactly the
    one json.dumps gives for ``to_dict``, empty lists and nesting included."""
    text = (EXAMPLES / name).read_text(encoding="utf-8") if name else "Operator\n"
    result = bitranscript.clean(bitranscript.process(text))
    assert result.to_json(indent=indent) == json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)
    assert Result.from_dict(json.loads(result.to_json(indent=indent))) == result


# --------------------------------------------------------------------------- signatures (issue 18)


def _glossary(path: Path, canonical: str) -> str:
    path.write_text(f'[[entry]]\ncanonical = "{canonical}"\nvariants = ["Zorblat Yun"]\n', encoding="utf-8")
    return str(path)


def test_signature_tells_glossaries_apart_by_content(tmp_path: Path) -> None:
    """Two glossary files of different content never share a signature; the same content does."""
    a = _glossary(tmp_path / "a.toml", "Zorblat Cloud")
    b = _glossary(tmp_path / "b.toml", "Zorblat Systems")
    same_as_a = _glossary(tmp_path / "c.toml", "Zorblat Cloud")
    sig = {name: Options(glossaries=(path,)).signature() for name, path in (("a", a), ("b", b), ("c", same_as_a))}
    assert sig["a"] != sig["b"]
    assert sig["a"] == sig["c"]
    assert Options().signature() not in sig.values()
    assert Options(default_glossary=False).signature() != Options().signature()


def test_signature_names_every_setting_that_changes_a_result() -> None:
    from dataclasses import replace

    from bitranscript.config import CheckConfig
    from bitranscript.params import Params

    base = Options()
    changed = [
        replace(base, originals="drop"),
        replace(base, min_confidence=0.5),
        replace(base, keep=("Tesla",)),
        replace(base, keep=("Nio",)),
        replace(base, check_config=CheckConfig(disable=("noise",))),
        replace(base, check_config=CheckConfig(thresholds={"noise-min-repeats": 4.0})),
        replace(base, params=replace(Params(), detect=replace(Params().detect, **_one_changed(Params().detect)))),
    ]
    signatures = [o.signature() for o in changed]
    assert base.signature() not in signatures
    assert len(set(signatures)) == len(signatures)
    # what the config was read from changes nothing
    assert replace(base, check_config=CheckConfig(source="x.toml")).signature() == base.signature()


def _one_changed(params: object) -> dict[str, float]:
    from dataclasses import fields

    for f in fields(params):  # type: ignore[arg-type]
        value = getattr(params, f.name)
        if isinstance(value, float):
            return {f.name: value + 0.125}
    raise AssertionError("no float threshold")


def test_check_config_in_options_selects_the_checks() -> None:
    from bitranscript.config import CheckConfig

    text = "Operator\nGood morning. Good morning. Good morning. Good morning. Good morning.\n"
    every = {f.code for f in bitranscript.process(text).findings}
    assert every, "the example must raise at least one finding"
    code = sorted(every)[0]
    fewer = {f.code for f in bitranscript.process(text, Options(check_config=CheckConfig(disable=(code,)))).findings}
    assert code not in fewer
