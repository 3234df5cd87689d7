"""The ``glossary`` command: ``python -m bitranscript glossary check|show|import``.

The files themselves are read and written by ``bitranscript.glossary`` (``formats``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .read import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from .cli import Subparsers


def add_glossary_command(sub: Subparsers) -> None:
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
    _max_bytes(c)
    c.set_defaults(run=_run_check, output="-")  # prints to standard output, writes no file
    s = gsub.add_parser("show", help="list the entries with their generated forms")
    s.add_argument("file", help="glossary file")
    s.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    _max_bytes(s)
    s.set_defaults(run=_run_show, output="-")
    i = gsub.add_parser("import", help="convert a TSV, CSV or TBX term list into TOML")
    i.add_argument("file", help="FILE.tsv, FILE.csv or FILE.tbx")
    i.add_argument("-o", "--output", default="-", help="TOML file to write (atomically); default: standard output")
    i.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    _max_bytes(i)
    i.set_defaults(run=_run_import)

    def usage(args: argparse.Namespace) -> int:  # "glossary" with no action: its help, exit 2
        p.print_help(sys.stderr)
        return 2

    p.set_defaults(run=usage)


def _max_bytes(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse a glossary larger than N bytes (default {DEFAULT_MAX_BYTES:,})",
    )


def _run_check(args: argparse.Namespace) -> int:
    from .glossary import conflicts, lint, load, shipped_paths

    files = args.files or list(shipped_paths())
    loaded = [load(f, max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES)) for f in files]
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
    from .glossary import generated_forms, load

    g = load(args.file, max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES))
    for e in g.entries:
        forms = list(dict.fromkeys(f"{rule}: {form}" for rule, form in generated_forms(e)))
        parts = [f"{e.id}  {e.en}  [{e.category}]"]
        if e.zh:
            parts.append("zh: " + ", ".join(e.zh))
        if e.variants:
            parts.append("variants: " + ", ".join(e.variants))
        parts += forms
        cond = [
            f"{k}={','.join(getattr(e, k))}" for k in ("near", "unless_near", "followed_by", "kinds") if getattr(e, k)
        ]
        if cond:
            parts.append("when " + " ".join(cond))
        print("\n    ".join(parts))
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from .glossary import import_file, to_toml
    from .output import write_atomic

    g = import_file(args.file, max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES))
    write_atomic(args.output, to_toml(g) + "\n", inputs=(args.file,))
    return 0
