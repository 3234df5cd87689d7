"""``python -m bitranscript``: the library's API on the command line.

The CLI only parses arguments, calls the library and renders; each subcommand has an
``_add_<name>`` function that declares its arguments and a ``_run_<name>`` that runs it.
Exit codes: 0 ok, 1 findings at or above ``--fail-on`` (``check``), 2 usage, input or output
error (one line on stderr, no output written), 3 internal error (a bug; ``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import InputError, shown
from .output import Inputs, write_atomic
from .read import DEFAULT_MAX_BYTES, check_file
from .version import __version__

if TYPE_CHECKING:
    from .batch import AlignTask, CheckTask, CleanTask
    from .model import CheckConfig, Options, Severity

    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
    """What ``add_subparsers`` returns: each ``_add_<command>`` adds its parser to it."""

ALIGN_FORMATS = ("json", "text", "tmx", "tsv")
PAIR_FORMATS = ("beads", "json", "tmx", "tsv")
"""``render.FORMATS`` and ``render.PAIR_FORMATS``, written out as ``check``'s and ``clean``'s
are: building the parser imports no renderer, nor the model they render (``pair`` needs
neither). ``tests/test_bitext.py`` checks that they agree."""

EPILOG = """examples:
  python -m bitranscript align call.txt                   each original beside its interpretation
  python -m bitranscript align call.txt --format json     segments, pairs, edits, findings
  python -m bitranscript clean call.txt -o call.clean.txt noise removed, originals marked
  cat call.txt | python -m bitranscript clean -           read standard input
  python -m bitranscript check call.txt --fail-on warning quality gate: exit 1 on findings
  python -m bitranscript pair book.zh book.en --format tmx two files, one sentence a line: sentence pairs
"""


def main(argv: Sequence[str] | None = None, *, end_process: bool = False) -> int:
    """Run one command; its exit status. ``end_process`` (``python -m bitranscript``): a
    command that leaves no pool, thread or temporary file behind (``quick_exit``: ``pair``)
    runs without the cyclic garbage collector (its passes over every object the imports
    made found nothing to free) and ends the process here, its output flushed, without the
    interpreter's teardown: freeing the lexicon's, the word caches' and the score tables'
    objects one by one was a tenth of a ``pair`` run, for memory the system takes back at once."""
    if sys.stderr is None:  # closed: messages go nowhere, not into standard output (print's fallback)
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    quick = end_process and getattr(args, "quick_exit", False)
    if quick:
        gc.disable()
    status = _run(args)
    if quick:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing more to say
                stream.flush()
        os._exit(status)
    return status


def _run(args: argparse.Namespace) -> int:
    """The command's exit status, its errors as one line on stderr (see the module docstring)."""
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
    except (OSError, MemoryError, RecursionError) as err:  # a full disk, no permission, too big to hold
        if getattr(args, "debug", False):
            raise
        where = getattr(err, "filename", None) or getattr(args, "input", "")
        why = getattr(err, "strerror", None) or {
            "MemoryError": "out of memory (lower --max-bytes to refuse inputs this big)",
            "RecursionError": "nested too deeply to process (RecursionError)",
        }.get(type(err).__name__, type(err).__name__)
        print(f"bitranscript: error: {where}: {why}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: still one line (and no output written), the details with --debug
        if getattr(args, "debug", False):
            raise
        msg = " ".join(str(err).split())[:200]
        print(
            f"bitranscript: error: internal error ({type(err).__name__}: {msg}); rerun with --debug and report it",
            file=sys.stderr,
        )
        return 3


def _dispatch(args: argparse.Namespace) -> int:
    """One input file: the command's own ``_run_``; several, a folder or JSONL: a batch (``batch.py``)."""
    for path in getattr(args, "glossary", None) or ():
        check_file(path, max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES), what="glossary")
    if getattr(args, "many", False):  # check: one report for one input or many (batch.run_check_cli)
        return int(args.run(args))
    if isinstance(getattr(args, "input", None), list):  # transcripts (pair and glossary name their files)
        from .batch import run_cli, wants_batch

        if wants_batch(args):
            if not getattr(args, "batch", None):
                raise InputError("takes one input file", source=getattr(args, "command_name", None))
            return run_cli(args, args.batch(args))
        args.input = args.input[0]
    _protect(args).check(getattr(args, "output", "-"))  # before any work: -o naming an input is refused at once
    if getattr(args, "glossary", None):
        _compile_glossaries(_options(args))
    return int(args.run(args))


def _compile_glossaries(options: Options) -> None:
    """Compile the glossaries before the transcript is read (cached: ``process`` reuses it), so
    that an error in one names that glossary, not the transcript (a RecursionError does not)."""
    from . import glossary

    paths = glossary.paths_for(options.glossaries, default=options.default_glossary)
    try:
        glossary.compiled(paths)
    except RecursionError:
        for path in paths:
            try:
                glossary.load(path)
            except RecursionError:
                raise InputError("glossary nested too deeply to read", source=path) from None
        raise


def _protect(args: argparse.Namespace) -> Inputs:
    """Every file this one-file run reads (see ``output.Inputs``): no output may be one of them.
    ``pair`` names all of its own; a transcript may come with glossaries, a configuration and
    a baseline (``batch.side_inputs``, not loaded for ``pair``)."""
    names = [getattr(args, k, None) for k in ("input", "source", "target", "source_mt")]
    if getattr(args, "input", None) is not None:
        from .batch import side_inputs

        names += side_inputs(args)
    return Inputs([n for n in names if n])


def program_name(argv0: str | None = None) -> str:
    """How the user started us, for usage and examples: ``bitranscript`` (the console script)
    or ``python -m bitranscript`` (``__main__.py``)."""
    name = os.path.basename(argv0 if argv0 is not None else (sys.argv[0] if sys.argv and sys.argv[0] else ""))
    if not name or name in ("__main__.py", "-c", "-m") or name.startswith("python"):
        return "python -m bitranscript"
    return "bitranscript" if name.startswith("bitranscript") else name


def _examples_for(parser: argparse.ArgumentParser, prog: str) -> None:
    """The examples in every (sub)command's help, written with the program name in use."""
    if prog != "python -m bitranscript":
        for attr in ("epilog", "description"):
            text = getattr(parser, attr, None)
            if text:
                setattr(parser, attr, text.replace("python -m bitranscript", prog))
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _examples_for(child, prog)


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    prog = prog or program_name()
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Repair machine-made transcripts of interpreted Chinese/English calls.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bitranscript {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_align(sub)
    _add_clean(sub)
    _add_check(sub)
    _add_pair(sub)
    from .glossary_cli import add_glossary_command

    add_glossary_command(sub)
    _examples_for(parser, prog)
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
    p.add_argument(
        "--glossary", action="append", default=[], metavar="FILE", help="extra glossary (TOML/TSV/CSV/TBX; repeatable)"
    )
    p.add_argument("--no-default-glossary", action="store_true", help="do not load the shipped glossaries")
    p.add_argument("--keep", action="append", default=[], metavar="WORD", help="never edit this word (repeatable)")


def _options(args: argparse.Namespace) -> Options:
    from .model import Options

    return Options(
        originals=getattr(args, "originals", "mark"),
        min_confidence=getattr(args, "min_confidence", 0.0),
        glossaries=tuple(getattr(args, "glossary", None) or ()),
        default_glossary=not getattr(args, "no_default_glossary", False),
        keep=tuple(getattr(args, "keep", None) or ()),
    )


def _read(args: argparse.Namespace) -> tuple[str, str]:
    from .inputs import read_transcript

    name = "<stdin>" if args.input == "-" else shown(args.input)
    return read_transcript(args.input, encoding=args.encoding, max_bytes=args.max_bytes), name


def _add_align(sub: Subparsers) -> None:
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
        choices=sorted([*ALIGN_FORMATS, "jsonl"]),
        default="text",
        help="output format (default: text; jsonl: one JSON result a line, for batches)",
    )
    p.set_defaults(run=_run_align, batch=_align_task)


def _run_align(args: argparse.Namespace) -> int:
    text, name = _read(args)
    from .pipeline import process  # not loaded by commands that do not run it (pair, glossary)
    from .render import chunks

    result = process(text, _options(args), source=name)
    write_atomic(args.output, chunks(args.format, result), inputs=_protect(args))
    return 0


def _add_clean(sub: Subparsers) -> None:
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
    task = _clean_task(args)  # one file is a batch of one: the same result and rendering
    write_atomic(args.output, task.render(task.result(text, name)), inputs=_protect(args))
    return 0


def _align_task(args: argparse.Namespace) -> AlignTask:
    from .batch import AlignTask

    return AlignTask(_options(args), format=args.format)


def _clean_task(args: argparse.Namespace) -> CleanTask:
    from .batch import CleanTask

    return CleanTask(_options(args), explain=args.explain)


class _ListChecks(argparse.Action):
    """``check --list``: print the registry and exit (before the input is asked for, like --help)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from .checks import describe

        sys.stdout.write(describe())
        parser.exit(0)


def _add_pair(sub: Subparsers) -> None:
    p = sub.add_parser(
        "pair",
        help="align two files sentence by sentence (source and its translation)",
        description="Align a source file (Chinese, or English-like) with its English translation, one sentence "
        "a line, into monotone beads (1-1, 1-2, 2-1, ... and unaligned sentences).",
        epilog="examples:\n  python -m bitranscript pair ch1.zh ch1.en                      beads, [0,1]:[0] per line\n"
        "  python -m bitranscript pair ch1.zh ch1.en --source-mt ch1.mt --format tsv\n"
        "  python -m bitranscript pair a.txt b.txt --split --format tmx -o pairs.tmx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", help="source file, one sentence a line (or - for standard input)")
    p.add_argument("target", help="target (English) file, one sentence a line")
    p.add_argument("--source-mt", metavar="FILE", help="machine translation of the source into English, line by line")
    p.add_argument("--format", choices=PAIR_FORMATS, default="beads", help="output format (default: beads)")
    p.add_argument("--split", action="store_true", help="split paragraphs into sentences first")
    p.add_argument("-o", "--output", default="-", help="output file (written atomically); default: standard output")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="refuse larger inputs (default 50 MB)")
    p.add_argument("--encoding", help="input encoding (default: detect UTF-8/UTF-16/GB18030)")
    p.add_argument("--debug", action="store_true", help="show tracebacks instead of one-line errors")
    p.set_defaults(run=_run_pair, quick_exit=True)


def _run_pair(args: argparse.Namespace) -> int:
    # pair's numpy work is element-wise (no BLAS call: ``bitext._dots``), yet OpenBLAS starts
    # a thread pool when numpy loads: 55 ms of a 0.4 s command on a two-core machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from .bitext import pair_files

    out = pair_files(
        args.source,
        args.target,
        source_mt=args.source_mt,
        split=args.split,
        fmt=args.format,
        encoding=args.encoding,
        max_bytes=args.max_bytes,
    )
    write_atomic(args.output, out, inputs=_protect(args))
    return 0


def _add_check(sub: Subparsers) -> None:
    p = sub.add_parser(
        "check",
        help="run the quality checks; exit 1 when findings reach --fail-on",
        description="Run the quality checks (check --list names them) and report the findings; the exit "
        "status gates a delivery: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.",
        epilog="examples:\n  python -m bitranscript check call.txt --fail-on warning\n"
        "  python -m bitranscript check call.txt --format html -o call.report.html\n"
        "  python -m bitranscript check call.txt --write-baseline baseline.json   accept today's findings\n"
        "  python -m bitranscript check call.txt --baseline baseline.json         fail only on new ones",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(p)
    p.add_argument(
        "--list", action=_ListChecks, help="list the checks (code, default severity, what it finds) and exit"
    )
    p.add_argument("--fail-on", choices=("error", "warning", "info"), help="exit 1 on findings this severe or worse "
                   "(default: the configuration's fail-on, else error)")  # fmt: skip
    p.add_argument("--format", choices=("text", "json", "jsonl", "tsv", "sarif", "github", "html"), default="text",
                   help="report format (default: text, file:line:col: severity code message; github: workflow "
                   "annotations); one report for all inputs")  # fmt: skip
    p.add_argument("--baseline", metavar="FILE", help="leave out the findings recorded in this baseline file")
    p.add_argument("--write-baseline", metavar="FILE", help="record every finding of this run in FILE")
    p.add_argument("--config", metavar="FILE", help="bitranscript.toml or pyproject.toml to read "
                   "(default: the nearest one with [tool.bitranscript])")  # fmt: skip
    p.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="run only these checks (comma-separated codes or prefixes, ALL; repeatable)",
    )
    p.add_argument(
        "--ignore", action="append", metavar="CODES", help="do not run these checks (comma-separated; repeatable)"
    )
    p.add_argument(
        "--severity",
        action="append",
        metavar="CODE=LEVEL",
        help="report a check at this severity: error, warning or info (repeatable)",
    )
    p.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings reach --fail-on (2 still means an input failed)",
    )
    p.set_defaults(run=_run_check, batch=None, many=True)


def _check_setup(args: argparse.Namespace) -> tuple[CheckConfig, frozenset[tuple[str | None, str]], Severity]:
    from .checks import CODES
    from .config import load_config, read_baseline_keys

    config = load_config(args.config, known_checks=CODES, max_bytes=args.max_bytes)
    config = _command_line_checks(args, config, CODES)
    for path in config.glossaries:
        check_file(path, max_bytes=args.max_bytes, what="glossary")
    args.config_files = [*([config.source] if config.source else []), *config.glossaries]
    baseline = read_baseline_keys(args.baseline, max_bytes=args.max_bytes) if args.baseline else frozenset()
    fail_on: Severity = args.fail_on or config.fail_on
    return config, baseline, fail_on


def _codes(values: Sequence[str], known: Sequence[str], option: str) -> tuple[str, ...]:
    """Check codes named on the command line (comma-separated and repeatable, like ruff's
    ``--select``): a code, a prefix of codes (``number`` is every ``number-*``) or ``ALL``."""
    import difflib

    out: list[str] = []
    for value in values:
        for name in filter(None, (v.strip() for v in value.split(","))):
            hits = list(known) if name.upper() == "ALL" else [c for c in known if c == name or c.startswith(name + "-")]
            if not hits:
                near = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else f"; known: {', '.join(known)}"
                raise InputError(f"{option}: unknown check {name!r}{hint}", source="check")
            out += [c for c in hits if c not in out]
    return tuple(out)


def _command_line_checks(args: argparse.Namespace, config: CheckConfig, known: Sequence[str]) -> CheckConfig:
    """``--select``, ``--extend-select``, ``--ignore`` and ``--severity CODE=LEVEL`` on top of the configuration."""
    from dataclasses import replace

    from .model import SEVERITIES

    if args.select:
        config = replace(config, enable=_codes(args.select, known, "--select"), disable=())
    if args.ignore:
        config = replace(config, disable=(*config.disable, *_codes(args.ignore, known, "--ignore")))
    if args.severity:
        severity = dict(config.severity)
        for value in args.severity:
            for item in filter(None, (v.strip() for v in value.split(","))):
                code, sep, level = item.partition("=")
                if not sep or level.strip() not in SEVERITIES:
                    raise InputError(
                        f"--severity {item!r}: expected CODE=LEVEL, LEVEL one of {', '.join(SEVERITIES)}",
                        source="check",
                    )
                for c in _codes([code], known, "--severity"):
                    severity[c] = level.strip()
        config = replace(config, severity=severity)
    return config


def _run_check(args: argparse.Namespace) -> int:
    from .batch import run_check_cli, wants_batch

    config, baseline, fail_on = _check_setup(args)
    task = _check_task(args, (config, baseline, fail_on))
    single = not wants_batch(args)
    if single and getattr(args, "glossary", None):
        _compile_glossaries(_options(args))
    if single:
        args.quiet = True  # one file: no batch summary line, as before
    status = run_check_cli(args, task, baseline=baseline, write_baseline=args.write_baseline)
    return 0 if args.exit_zero and status == 1 else status


def _check_task(
    args: argparse.Namespace, setup: tuple[CheckConfig, frozenset[tuple[str | None, str]], Severity] | None = None
) -> CheckTask:
    from .batch import CheckTask

    config, baseline, fail_on = setup or _check_setup(args)
    return CheckTask(_options(args), config=config, format=args.format, fail_on=fail_on)
