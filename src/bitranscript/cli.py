"""``python -m bitranscript``: the library's API on the command line.

The CLI only parses arguments, calls the library and renders; each subcommand has an
``_add_<name>`` function that declares its arguments and a ``_run_<name>`` that runs it.
Exit codes: 0 ok, 1 findings at or above ``--fail-on`` (``check``), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import InputError
from .model import Options
from .output import write_atomic
from .pipeline import clean, process
from .inputs import read_transcript
from .read import DEFAULT_MAX_BYTES
from .render import FORMATS

EPILOG = """examples:
  python -m bitranscript align call.txt                   each original beside its interpretation
  python -m bitranscript align call.txt --format json     segments, pairs, edits, findings
  python -m bitranscript clean call.txt -o call.clean.txt noise removed, originals marked
  cat call.txt | python -m bitranscript clean -           read standard input
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(_dispatch(args) or 0)
    except InputError as err:
        if getattr(args, "debug", False):
            raise
        print(f"bitranscript: error: {err}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    """One input file: the command's own ``_run_``; several, a folder or JSONL: a batch (``batch.py``)."""
    from .batch import run_cli, wants_batch

    if wants_batch(args):
        if not getattr(args, "batch", None):
            raise InputError("takes one input file", source=getattr(args, "command_name", None))
        return run_cli(args, args.batch(args))
    if isinstance(getattr(args, "input", None), list):
        args.input = args.input[0]
    return args.run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bitranscript",
        description="Repair machine-made transcripts of interpreted Chinese/English calls.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bitranscript {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_align(sub)
    _add_clean(sub)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    """Options every command that processes transcripts shares (mirrors ``Options``)."""
    p.add_argument(
        "input",
        nargs="+",
        help="transcript files (text, or JSON turns), directories, @list files, or - for standard input",
    )
    p.add_argument(
        "-o",
        "--output",
        default="-",
        help="output file (written atomically); with several inputs a directory mirroring them "
        "(or the JSONL file with --format jsonl); default: standard output",
    )
    p.add_argument("--glob", action="append", help="files to take from directories (repeatable; default *.txt)")
    p.add_argument("--jobs", "-j", type=int, help="worker processes for several inputs (default: number of cores)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary line on batches")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger inputs (default 50 MB)")
    p.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
    p.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")


def _options(args: argparse.Namespace) -> Options:
    return Options(originals=getattr(args, "originals", "mark"), min_confidence=getattr(args, "min_confidence", 0.0))


def _read(args: argparse.Namespace) -> tuple[str, str]:
    name = "<stdin>" if args.input == "-" else args.input
    return read_transcript(args.input, encoding=args.encoding, max_bytes=args.max_bytes), name


def _add_align(sub) -> None:
    p = sub.add_parser(
        "align",
        help="classify every segment and pair originals with their interpretations",
        description="Classify every segment of a transcript and pair each original remark with its interpretation.",
        epilog="example: python -m bitranscript align call.txt --format json > call.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    p.add_argument(
        "--format",
        choices=sorted([*FORMATS, "jsonl"]),
        default="text",
        help="output format (default: text; jsonl: one JSON result a line, for batches)",
    )
    p.set_defaults(run=_run_align, batch=_align_task)


def _run_align(args: argparse.Namespace) -> int:
    text, name = _read(args)
    result = process(text, _options(args), source=name)
    write_atomic(args.output, FORMATS[args.format](result), inputs=(args.input,))
    return 0


def _add_clean(sub) -> None:
    p = sub.add_parser(
        "clean",
        help="write the transcript with noise removed and originals marked",
        description="Write the cleaned transcript: noise removed, white space tidied, original remarks "
        "kept, marked in brackets or dropped.",
        epilog="example: python -m bitranscript clean call.txt --originals drop -o call.clean.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    p.add_argument(
        "--originals",
        choices=("keep", "mark", "drop"),
        default="mark",
        help="original remarks that have an interpretation: keep, mark in [brackets] (default) or drop",
    )
    p.add_argument("--min-confidence", type=float, default=0.0, help="apply only edits at or above this confidence")
    p.add_argument("--explain", action="store_true", help="print the edits (rule, place, before -> after) instead")
    p.add_argument("--format", choices=("text", "jsonl"), default="text", help="text (default) or jsonl records")
    p.set_defaults(run=_run_clean, batch=_clean_task)


def _run_clean(args: argparse.Namespace) -> int:
    text, name = _read(args)
    options = _options(args)
    result = clean(process(text, options, source=name), options)
    if args.explain:
        lines = [
            f"{name}:{e.start}-{e.end}: {e.rule} ({e.confidence:.2f}) {e.before!r} -> {e.after!r}"
            + (f"  # {e.reason}" if e.reason else "")
            for e in result.edits
        ]
        write_atomic(args.output, "\n".join(lines) + ("\n" if lines else ""), inputs=(args.input,))
    else:
        write_atomic(args.output, result.cleaned_text(min_confidence=options.min_confidence), inputs=(args.input,))
    return 0


def _align_task(args: argparse.Namespace):
    from .batch import AlignTask

    return AlignTask(_options(args), format=args.format)


def _clean_task(args: argparse.Namespace):
    from .batch import CleanTask

    return CleanTask(_options(args), explain=args.explain)
