"""Glossary files: TOML (the native format), TSV/CSV and TBX term lists in, TOML out, and
the shipped glossaries.

TSV/CSV: a header row naming the columns, ``en`` required; ``zh``, ``aliases``, ``variants``,
``protect``, ``near``, ``followed_by`` and ``kinds`` hold several values separated by
``;``; ``id``, ``category`` and ``note`` one value each. TBX is read with
translate-toolkit (no hand-written XML parsing): each term entry gives an English term
(the canonical form) and its Chinese terms.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import regex

from ..errors import InputError
from ..read import DEFAULT_MAX_BYTES
from .entries import HEADER_KEYS, SCOPES, Entry, Glossary, _entry, _strings, make_entry, validate

LIST_COLUMNS = ("zh", "aliases", "variants", "protect", "near", "unless_near", "followed_by", "kinds")
TEXT_COLUMNS = ("id", "en", "category", "note")


def shipped_dir() -> Path | None:
    """The shipped ``glossaries/`` folder: in the wheel, else beside ``src/`` (editable)."""
    from importlib import resources

    try:
        cand = resources.files("bitranscript") / "glossaries"
        if cand.is_dir():
            return Path(str(cand))
    except (ModuleNotFoundError, TypeError):
        pass
    repo = Path(__file__).resolve().parents[3] / "glossaries"
    return repo if repo.is_dir() else None


def shipped_paths() -> tuple[str, ...]:
    """Every shipped glossary file, the general one first."""
    d = shipped_dir()
    if d is None:
        return ()
    files = sorted(d.glob("*.toml"), key=lambda p: (p.stem != "general", p.stem))
    return tuple(str(p) for p in files)


def paths_for(glossaries: Sequence[str] = (), *, default: bool = True) -> tuple[str, ...]:
    """The glossary files a run uses: the shipped ones (unless ``default`` is off), then ``glossaries``."""
    return (*(shipped_paths() if default else ()), *glossaries)


def load_all(paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[Glossary, ...]:
    """Load several glossaries (for ``glossary check``); the first bad one raises."""
    return tuple(load(p, max_bytes=max_bytes) for p in paths)


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of glossary file ``path``: only a regular file, and at most ``max_bytes``
    of it read (``glossary check /dev/zero`` would otherwise read until memory runs out);
    the reader every input goes through (``bitranscript.read.read_bytes``)."""
    from ..read import read_bytes as read_input

    return read_input(path, max_bytes=max_bytes, what="glossary")


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Glossary:
    """Read and validate one glossary (TOML, or TSV/CSV/TBX through ``import_file``);
    ``data``: its bytes, already read (``read_bytes``)."""
    p = Path(path)
    if data is None:
        data = read_bytes(p, max_bytes)
    if p.suffix.lower() in (".tsv", ".csv", ".tbx"):
        return import_file(p, data=data)
    return parse_toml(_decode(data, str(p)), str(p))


def _decode(data: bytes, source: str) -> str:
    """A glossary file's text (UTF-8, a byte-order mark allowed); an input error naming the byte if not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError("glossary is not UTF-8", source=source, where=f"byte {err.start}") from None


def parse_toml(text: str, source: str = "<glossary>") -> Glossary:
    """Parse glossary TOML ``text``; errors name ``source`` and the line or entry."""
    import tomllib

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = str(err).splitlines()[0]
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        where = f"line {m.group(1)}" if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise InputError(f"bad TOML: {msg}", source=source, where=where) from None
    header = doc.get("glossary", {})
    if not isinstance(header, dict):
        raise InputError("[glossary] must be a table", source=source)
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise InputError(f"unknown [glossary] key {sorted(unknown)[0]!r}", source=source)
    extra = set(doc) - {"glossary", "entry"}
    if extra:
        raise InputError(f"unknown top-level key {sorted(extra)[0]!r} (entries go in [[entry]] tables)", source=source)
    raw = doc.get("entry", [])
    if not isinstance(raw, list):
        raise InputError("'entry' must be an array of tables ([[entry]])", source=source)
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip().startswith("[[entry]]")]
    entries = [_entry(item, source, lines[i] if i < len(lines) else 0, i) for i, item in enumerate(raw)]
    scope = header.get("scope", "general")
    if scope not in SCOPES:
        raise InputError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}", source=source)
    name = str(header.get("name") or Path(source).stem)
    triggers = _strings(header.get("triggers", ()), source, "[glossary]", "triggers")
    glossary = Glossary(name, source, tuple(entries), scope, triggers)
    validate(glossary)
    return glossary


def import_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Glossary:
    """A glossary from a TSV, CSV or TBX file, validated like a TOML one."""
    p = Path(path)
    if data is None:
        data = read_bytes(p, max_bytes)
    suffix = p.suffix.lower()
    if suffix == ".tbx":
        entries = _from_tbx(data, str(p))
    else:
        entries = _from_table(_decode(data, str(p)), str(p), "\t" if suffix == ".tsv" else ",")
    glossary = Glossary(p.stem, str(p), tuple(entries))
    validate(glossary)
    return glossary


def _from_table(text: str, source: str, delimiter: str) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        _ = reader.fieldnames  # reads the header row, which may raise
    except csv.Error as err:  # a header cell over csv's field limit
        raise InputError(f"bad header row: {err}", source=source, where="line 1") from None
    if not reader.fieldnames or "en" not in [f.strip() for f in reader.fieldnames]:
        raise InputError("the header row must name an 'en' column", source=source, where="line 1")
    known = set(LIST_COLUMNS) | set(TEXT_COLUMNS)
    unknown = [f for f in reader.fieldnames if f.strip() not in known]
    if unknown:
        raise InputError(f"unknown column {unknown[0]!r}", source=source, where="line 1")
    entries = []
    rows = enumerate(reader)
    while True:
        try:
            step = next(rows, None)
        except csv.Error as err:  # a cell over csv's field limit (131,072 characters), a stray NUL
            raise InputError(
                f"bad {'TSV' if delimiter == chr(9) else 'CSV'}: {err}",
                source=source,
                where=f"line {reader.line_num + 1}",
            ) from None
        if step is None:
            break
        i, row = step
        line = reader.line_num
        fields: dict[str, object] = {}
        for key, val in row.items():
            if key is None:
                raise InputError("more cells than columns", source=source, where=f"line {line}")
            key, val = key.strip(), (val or "").strip()
            if not val:
                continue
            fields[key] = [v.strip() for v in val.split(";") if v.strip()] if key in LIST_COLUMNS else val
        if not fields:
            continue
        entries.append(make_entry(fields, source, line, i))
    return entries


def _from_tbx(data: bytes, source: str) -> list[Entry]:
    from translate.storage import tbx

    try:
        # translate-toolkit ships py.typed but leaves parsestring unannotated
        store = tbx.tbxfile.parsestring(data)  # type: ignore[no-untyped-call]
    except Exception as err:  # translate-toolkit raises lxml's errors
        raise InputError(f"bad TBX: {str(err).splitlines()[0]}", source=source) from None
    entries = []
    for i, unit in enumerate(store.units):
        src, tgt = str(unit.source or "").strip(), str(unit.target or "").strip()
        if regex.search(r"\p{Han}", src) and not regex.search(r"\p{Han}", tgt):
            src, tgt = tgt, src
        if not src:
            raise InputError("term entry has no English term", source=source, where=f"entry {i + 1}")
        fields: dict[str, object] = {"en": src}
        if tgt:
            fields["zh"] = [t.strip() for t in tgt.split(";") if t.strip()]
        entries.append(make_entry(fields, source, 0, i))
    return entries


def to_toml(glossary: Glossary) -> str:
    """The glossary written as bitranscript TOML (what ``glossary import`` writes)."""
    out = ["[glossary]", f"name = {_q(glossary.name)}", f"scope = {_q(glossary.scope)}", ""]
    for e in glossary.entries:
        out += ["[[entry]]", f"id = {_q(e.id)}", f"en = {_q(e.en)}"]
        for key in LIST_COLUMNS:
            vals = getattr(e, key)
            if vals:
                out.append(f"{key} = [" + ", ".join(_q(v) for v in vals) + "]")
        if e.category != "term":
            out.append(f"category = {_q(e.category)}")
        if e.note:
            out.append(f"note = {_q(e.note)}")
        out.append("")
    return "\n".join(out)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
