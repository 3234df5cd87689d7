"""Glossary files in and out: TSV/CSV and TBX importers, a TOML writer, the ``glossary`` command.

TSV/CSV: a header row naming the columns, ``en`` required; ``zh``, ``aliases``, ``variants``,
``protect``, ``near``, ``followed_by`` and ``kinds`` hold several values separated by
``;``; ``id``, ``category`` and ``note`` one value each. TBX is read with
translate-toolkit (no hand-written XML parsing): each term entry gives an English term
(the canonical form) and its Chinese terms.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import regex

from .errors import InputError
from .glossary import Entry, Glossary, conflicts, generated_forms, lint, load, make_entry, validate

LIST_COLUMNS = ("zh", "aliases", "variants", "protect", "near", "unless_near", "followed_by", "kinds")
TEXT_COLUMNS = ("id", "en", "category", "note")


def import_file(path: str | Path) -> Glossary:
    """A glossary from a TSV, CSV or TBX file, validated like a TOML one."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read glossary ({err.strerror})", source=str(p)) from None
    suffix = p.suffix.lower()
    if suffix == ".tbx":
        entries = _from_tbx(data, str(p))
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise InputError("glossary is not UTF-8", source=str(p), where=f"byte {err.start}") from None
        entries = _from_table(text, str(p), "\t" if suffix == ".tsv" else ",")
    glossary = Glossary(p.stem, str(p), tuple(entries))
    validate(glossary)
    return glossary


def _from_table(text: str, source: str, delimiter: str) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        reader.fieldnames
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
            i, row = next(rows, (None, None))
        except csv.Error as err:  # a cell over csv's field limit (131,072 characters), a stray NUL
            raise InputError(f"bad {'TSV' if delimiter == chr(9) else 'CSV'}: {err}", source=source,
                             where=f"line {reader.line_num + 1}") from None
        if row is None:
            break
        line = reader.line_num
        fields: dict = {}
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
        store = tbx.tbxfile.parsestring(data)
    except Exception as err:  # translate-toolkit raises lxml's errors
        raise InputError(f"bad TBX: {str(err).splitlines()[0]}", source=source) from None
    entries = []
    for i, unit in enumerate(store.units):
        src, tgt = str(unit.source or "").strip(), str(unit.target or "").strip()
        if regex.search(r"\p{Han}", src) and not regex.search(r"\p{Han}", tgt):
            src, tgt = tgt, src
        if not src:
            raise InputError("term entry has no English term", source=source, where=f"entry {i + 1}")
        fields: dict = {"en": src}
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


# --------------------------------------------------------------------------- CLI


def add_glossary_command(sub) -> None:
    """``python -m bitranscript glossary check|show|import``."""
    p = sub.add_parser(
        "glossary",
        help="validate, show or import glossaries",
        description="Validate glossaries, show their entries with the forms bitranscript generates, "
        "or import a TSV/CSV/TBX term list into TOML.",
        epilog="examples:\n  python -m bitranscript glossary check my.toml\n"
        "  python -m bitranscript glossary show glossaries/kingsoft_cloud.toml\n"
        "  python -m bitranscript glossary import terms.tsv -o terms.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    gsub = p.add_subparsers(title="actions", metavar="ACTION")
    c = gsub.add_parser("check", help="validate glossaries and report conflicts between them")
    c.add_argument("files", nargs="*", help="glossary files (default: the shipped ones)")
    c.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    c.set_defaults(run=_run_check, output="-")  # prints to standard output, writes no file
    s = gsub.add_parser("show", help="list the entries with their generated forms")
    s.add_argument("file", help="glossary file")
    s.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    s.set_defaults(run=_run_show, output="-")
    i = gsub.add_parser("import", help="convert a TSV, CSV or TBX term list into TOML")
    i.add_argument("file", help="FILE.tsv, FILE.csv or FILE.tbx")
    i.add_argument("-o", "--output", default="-", help="TOML file to write (atomically); default: standard output")
    i.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    i.set_defaults(run=_run_import)
    p.set_defaults(run=lambda args: (p.print_help(sys.stderr), 2)[1])


def _run_check(args: argparse.Namespace) -> int:
    from .glossary import shipped_paths

    files = args.files or list(shipped_paths())
    loaded = [load(f) for f in files]
    for g in loaded:
        print(f"{g.path}: ok, {len(g.entries)} entries ({g.scope})")
    found = conflicts(loaded)
    for c in found:
        print(f"conflict: {c}")
    warned = lint(loaded)
    for w in warned:
        print(f"warning: {w}")
    return 1 if found or warned else 0


def _run_show(args: argparse.Namespace) -> int:
    g = load(args.file)
    for e in g.entries:
        forms = list(dict.fromkeys(f"{rule}: {form}" for rule, form in generated_forms(e)))
        parts = [f"{e.id}  {e.en}  [{e.category}]"]
        if e.zh:
            parts.append("zh: " + ", ".join(e.zh))
        if e.variants:
            parts.append("variants: " + ", ".join(e.variants))
        parts += forms
        cond = [f"{k}={','.join(getattr(e, k))}" for k in ("near", "unless_near", "followed_by", "kinds") if getattr(e, k)]
        if cond:
            parts.append("when " + " ".join(cond))
        print("\n    ".join(parts))
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from .output import write_atomic

    g = import_file(args.file)
    write_atomic(args.output, to_toml(g) + "\n", inputs=(args.file,))
    return 0
