"""Many transcripts at once: expand the inputs, process them on a pool, stream the results.

The CLI hands over here whenever a command gets more than one transcript (several files,
a directory, an ``@list`` file) or is asked for ``--format jsonl``:

* :func:`expand_inputs` turns the arguments into :class:`Item` s, each with the path
  relative to the argument it came from, so that ``-o DIR`` mirrors the input tree.
* :func:`run` processes the items with a process pool of ``jobs`` workers (one input, or
  standard input, is processed in this process) and yields one :class:`Outcome` per item
  **in input order**, holding at most a few results per worker in memory. Workers get the task once, when they start,
  and warm the pipeline up then (lexicons loaded, glossaries compiled once per worker).
* A per-file failure (undecodable, empty, too large, or even a bug) becomes an
  ``Outcome`` with ``ok=False`` and the one-line message; the batch goes on.

What is done to each file is a :class:`Task` (:class:`AlignTask`, :class:`CleanTask`):
a small picklable object that turns a text into a :class:`~bitranscript.model.Result`,
renders it as a file, and as a JSONL record. Other commands add their own.

Exit status of a batch (:func:`exit_status`): 2 when any input failed, otherwise the
highest status of the files (0, or 1 for a ``check`` that found problems).
"""

from __future__ import annotations

import fnmatch
import json
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from .errors import InputError, shown
from .model import SEVERITIES, CheckConfig, Options, Result, Severity
from .output import Inputs, open_output
from .params import BATCH
from .params import Batch as BatchParams
from .read import DEFAULT_MAX_BYTES, read_bytes, special_kind

if TYPE_CHECKING:
    from concurrent.futures import Future

DEFAULT_GLOBS: tuple[str, ...] = ("*.txt",)
"""Files picked up from a directory when no ``--glob`` is given."""


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Item:
    """One input transcript: its path, and where it sits relative to the argument naming it."""

    path: str
    rel: str
    """POSIX path under the directory argument (or the bare file name): the output's place under ``-o DIR``."""


def expand_inputs(
    inputs: Sequence[str], globs: Sequence[str] = DEFAULT_GLOBS, *, warn: Callable[[str], None] | None = None
) -> list[Item]:
    """The transcripts named by ``inputs``: files, directories (recursive) and ``@list`` files.

    A directory contributes the files under it whose name matches one of ``globs`` (a
    pattern with a ``/`` is matched against the path relative to the directory), sorted,
    hidden files and folders left out. ``@list.txt`` names one path a line (``#`` comments
    and blank lines ignored; relative paths are relative to the current directory).
    A path that does not exist is kept, to be reported as a failed file. A file named
    twice is processed once. Only regular files are taken from a directory: a FIFO, a
    socket or a device there is skipped with a ``warn`` (default: a line on standard error),
    as reading it could hang or never end; named one by one, it is a failed file.
    """
    if warn is None:
        warn = lambda msg: print(f"bitranscript: warning: {msg}", file=sys.stderr or sys.__stderr__)  # noqa: E731
    items: list[Item] = []
    seen: set[str] = set()

    def add(path: str, rel: str) -> None:
        key = path if path == "-" else os.path.normpath(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            items.append(Item(path, rel))

    for arg in inputs:
        if arg.startswith("@") and len(arg) > 1:
            for path in _list_file(arg[1:]):
                _expand_one(path, globs, add, warn)
        else:
            _expand_one(arg, globs, add, warn)
    return items


def _expand_one(arg: str, globs: Sequence[str], add: Callable[[str, str], None], warn: Callable[[str], None]) -> None:
    if arg == "-":
        add("-", "stdin")
    elif os.path.isdir(arg):
        for path, rel in _walk(arg, globs):
            try:
                mode = os.stat(path).st_mode
            except OSError:
                mode = stat.S_IFREG  # vanished or unreadable: reported as a failed file
            if stat.S_ISREG(mode):
                add(path, rel)
            else:
                warn(f"{shown(path)}: skipped: {special_kind(mode)}, not a regular file")
    else:
        add(arg, Path(arg).name or arg)


def _walk(root: str, globs: Sequence[str]) -> Iterator[tuple[str, str]]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = os.path.join(dirpath, name)
            rel = PurePosixPath(*Path(os.path.relpath(path, root)).parts).as_posix()
            if any(fnmatch.fnmatch(rel if "/" in g else name, g) for g in globs):
                yield path, rel


def _list_file(path: str) -> list[str]:
    try:
        lines = read_bytes(path, what="list").decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as err:
        raise InputError("list file is not UTF-8", source=path, where=f"byte {err.start}") from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def output_paths(items: Sequence[Item], outdir: str | Path, suffix: str) -> list[Path]:
    """Where each item's output goes under ``outdir`` (the input tree mirrored, suffix replaced).

    Raises :class:`InputError` before anything is written when two inputs would write
    the same file (two ``a.txt`` from different folders named one by one, say).
    """
    out: list[Path] = []
    first: dict[Path, str] = {}
    for item in items:
        rel = PurePosixPath(item.rel)
        target = (
            Path(outdir, *rel.with_suffix(suffix).parts)
            if rel.suffix
            else Path(outdir, *rel.parts).with_name(rel.name + suffix)
        )
        if target in first:
            raise InputError(f"{first[target]} and {item.path} would both write {target}", source=str(outdir))
        first[target] = item.path
        out.append(target)
    return out


# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    """What is done to each file. Subclasses override :meth:`result`, :meth:`render`, :meth:`record`.

    A task must pickle (it is sent to every worker once): keep it a plain dataclass of
    settings, with module-level classes only.
    """

    options: Options = field(default_factory=Options)
    suffix: str = ".json"
    """File suffix of the rendered output under ``-o DIR``."""

    def result(self, text: str, source: str) -> Result:
        from .pipeline import process

        return process(text, self.options, source=source)

    def render(self, result: Result) -> str:
        """The file written for this input under ``-o DIR``."""
        return result.to_json() + "\n"

    def record(self, result: Result) -> dict[str, Any]:
        """The JSONL record for this input (``file`` and ``ok`` are added in front)."""
        return result.to_dict()

    def status(self, result: Result) -> int:
        """This file's exit status when it was processed (0 ok, 1 problems found)."""
        return 0

    def warm_up(self) -> None:
        """Load what every file needs once per worker (lexicons, compiled glossaries)."""
        self.result(_WARM_UP_TEXT, "<warm-up>")


_WARM_UP_TEXT = (
    "Operator\nGood morning, and welcome to the call.\n\n"
    "Jane Doe - CFO\nWo men de shou ru zeng zhang le. 我们的收入增长了。\n"
    "Interpreter\nOur revenue grew.\n"
)


@dataclass(frozen=True)
class AlignTask(Task):
    """``align``: segments, pairs, edits and findings of each file."""

    format: str = "json"

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "suffix", {"json": ".json", "tsv": ".tsv", "tmx": ".tmx"}.get(self.format, ".align.txt")
        )

    def render(self, result: Result) -> str:
        from .render import FORMATS

        return FORMATS[self.format if self.format in FORMATS else "json"](result)


@dataclass(frozen=True)
class CleanTask(Task):
    """``clean``: the cleaned transcript of each file (or its edits, with ``explain``)."""

    explain: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "suffix", ".explain.txt" if self.explain else ".txt")

    def result(self, text: str, source: str) -> Result:
        from .pipeline import clean, process

        return clean(process(text, self.options, source=source), self.options)

    def render(self, result: Result) -> str:
        if not self.explain:
            return result.cleaned_text(min_confidence=self.options.min_confidence)
        return explain(result)

    def record(self, result: Result) -> dict[str, Any]:
        data = result.to_dict()
        return {
            "signature": data["signature"],
            "cleaned": result.cleaned_text(min_confidence=self.options.min_confidence),
            "edits": data["edits"],
            "findings": data["findings"],
        }


@dataclass(frozen=True)
class CheckTask(Task):
    """``check`` over many files: each file's report, JSONL records of findings, exit 1 on findings."""

    config: CheckConfig = field(default_factory=CheckConfig)
    baseline: frozenset[str] = frozenset()
    format: str = "text"
    fail_on: Severity = "error"

    def __post_init__(self) -> None:
        suffix = {"json": ".json", "jsonl": ".jsonl", "tsv": ".tsv", "sarif": ".sarif", "html": ".html"}
        object.__setattr__(self, "suffix", ".check" + suffix.get(self.format, ".txt"))

    def result(self, text: str, source: str) -> Result:
        from .pipeline import check_text

        return check_text(text, source, self.config, baseline=self.baseline, options=self.options)[0]

    def render(self, result: Result) -> str:
        from .report import render

        return render([result], self.format if self.format != "jsonl" else "json")

    def record(self, result: Result) -> dict[str, Any]:
        from .report import records

        return {"findings": records([result])}

    def status(self, result: Result) -> int:
        from .checks import at_or_above

        return 1 if at_or_above(result.findings, self.fail_on) else 0


def explain(result: Result) -> str:
    """``clean --explain``: every edit as ``file:line:col: rule (confidence) 'before' -> 'after'  # reason``,
    line and column 1-based (the place an editor goes to)."""
    from .model import line_col, line_starts

    starts = line_starts(result.text)
    name = result.source or "<stdin>"
    lines = []
    for e in result.edits:
        line, col = line_col(starts, e.start)
        lines.append(
            f"{name}:{line}:{col}: {e.rule} ({e.confidence:.2f}) {e.before!r} -> {e.after!r}"
            + (f"  # {e.reason}" if e.reason else "")
        )
    return "\n".join(lines) + ("\n" if lines else "")


# --------------------------------------------------------------------------- running


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs besides the item: sent once to each worker."""

    task: Task
    encoding: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False
    """Let unexpected errors raise instead of reporting them as a failed file."""
    protect: Inputs | None = None
    """Every input of the run (transcripts, glossaries, configuration): no output may be one."""
    collect: bool = False
    """Send each whole result back (``Outcome.payload``) instead of a JSONL line or a written file:
    the calling process renders one report for many inputs (``check``)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input. ``line`` is its JSONL record (when not writing files)."""

    file: str
    ok: bool
    status: int = 0
    error: str | None = None
    line: str | None = None
    output: str | None = None
    findings: tuple[tuple[str, int], ...] = ()
    """Finding count per severity."""
    size: int = 0
    """Bytes read."""
    payload: str | None = None
    """The whole result as JSON, when the run collects results (``Settings.collect``)."""


def process_item(item: Item, settings: Settings, target: str | None = None) -> Outcome:
    """Read, process and render one input; a failure becomes an ``Outcome`` with ``ok=False``."""
    from .inputs import read_transcript

    task = settings.task
    name = "<stdin>" if item.path == "-" else shown(item.path)
    try:
        size = 0 if item.path == "-" else os.path.getsize(item.path)
    except OSError:
        size = 0
    try:
        text = read_transcript(item.path, encoding=settings.encoding, max_bytes=settings.max_bytes)
        result = task.result(text, name)
        findings = tuple((sev, sum(1 for f in result.findings if f.severity == sev)) for sev in SEVERITIES)
        status = task.status(result)
        if settings.collect:
            return Outcome(name, True, status, findings=findings, size=size, payload=result.to_json(indent=None))
        if target is not None:
            from .output import write_atomic

            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            write_atomic(target, task.render(result), inputs=settings.protect or (item.path,))
            return Outcome(name, True, status, output=target, findings=findings, size=size)
        line = json.dumps({"file": name, "ok": True, **task.record(result)}, ensure_ascii=False)
        return Outcome(name, True, status, line=line, findings=findings, size=size)
    except InputError as err:
        error = str(err) if err.source else f"{name}: {err}"
    except RecursionError:  # nesting no input should have (brackets, JSON) reached a recursive step
        error = f"{name}: nested too deeply to process (RecursionError)"
    except Exception as err:  # noqa: BLE001 - one broken file must not stop a batch of thousands
        if settings.debug:
            raise
        error = f"{name}: internal error: {type(err).__name__}: {err}".replace("\n", " ")
    line = json.dumps({"file": name, "ok": False, "error": error}, ensure_ascii=False)
    return Outcome(name, False, 2, error=error, line=line, size=size)


_worker_settings: Settings | None = None
"""Set once in each pool worker by :func:`_init_worker` (the worker's own process, not shared)."""


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    _leave_with_parent()
    try:
        settings.task.warm_up()
    except Exception:  # noqa: BLE001 - a failed warm-up shows up again, per file, where it is reported
        if settings.debug:
            raise


def _leave_with_parent() -> None:
    """End this worker when the parent process ends, however it ends.

    A parent killed by a signal (SIGTERM, SIGKILL) runs no shutdown, and a pool worker does
    not notice: it holds both ends of its task queue's pipe, so its read never sees EOF, and
    it would wait forever, holding the parent's standard output and error open (a caller
    reading them to EOF hangs). A daemon thread waits on the parent's sentinel instead.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def wait_then_leave() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=wait_then_leave, name="bitranscript-leave-with-parent", daemon=True).start()


def _work(item: Item, target: str | None) -> Outcome:
    assert _worker_settings is not None, "worker not initialised"
    return process_item(item, _worker_settings, target)


def run(
    items: Sequence[Item],
    settings: Settings,
    *,
    jobs: int | None = None,
    targets: Sequence[Path | str] | None = None,
    plan: BatchParams = BATCH,
) -> Iterator[Outcome]:
    """Process ``items`` and yield their outcomes in input order, as they become ready.

    ``jobs`` is the most worker processes to use (default: the number of cores); how many
    run is :func:`plan_jobs`'s choice from the number and size of the files, so a small
    batch is processed here and a pool never makes a batch slower than ``-j1``. A pool is
    used even with one worker, so that this process stays small and a worker that dies
    takes only its files with it; standard input (which workers cannot read) is processed
    here. At most ``4 * jobs`` items are in flight, so memory stays flat however long the
    batch. ``targets`` (one per item) are the files to write, for ``-o DIR``; without them
    each outcome carries its JSONL line. ``plan``: when a pool pays (tests force one).
    """
    paths = [str(t) for t in targets] if targets is not None else [None] * len(items)
    workers = (
        0
        if any(item.path == "-" for item in items)
        else plan_jobs([_size(item.path) for item in items], jobs, os.cpu_count() or 1, plan)
    )
    if workers == 0:
        for item, target in zip(items, paths, strict=True):
            yield process_item(item, settings, target)
        return
    yield from _run_pool(items, paths, settings, workers)


def plan_jobs(sizes: Sequence[int], jobs: int | None, cores: int, params: BatchParams = BATCH) -> int:
    """How many workers a batch of files of these sizes gets: 0 to process them here.

    >>> plan_jobs([20_000] * 4, 2, 2)              # 80 KB: starting workers costs more than the work
    0
    >>> plan_jobs([50_000] * 100, None, 2)         # 5 MB on two cores
    2
    >>> plan_jobs([50_000] * 8, 4, 16)             # 400 KB: one worker's start paid for, not four
    1
    """
    total = sum(sizes)
    if len(sizes) <= 1 or total < params.min_pool_bytes:
        return 0
    return max(1, min(jobs or cores, len(sizes), total // params.bytes_per_worker))


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # reported where the file is read
        return 0


def _run_pool(items: Sequence[Item], paths: Sequence[str | None], settings: Settings, jobs: int) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing's import costs a one-file run 30 ms
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")  # no fork of a parent holding threads (tqdm's)

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(settings,))

    pool = new_pool()
    pending: deque[tuple[Item, Future[Outcome]]] = deque()
    todo = iter(zip(items, paths, strict=True))
    try:
        while True:
            while len(pending) < 4 * jobs:
                nxt = next(todo, None)
                if nxt is None:
                    break
                try:
                    pending.append((nxt[0], pool.submit(_work, *nxt)))
                except BrokenProcessPool:
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = new_pool()
                    pending.append((nxt[0], pool.submit(_work, *nxt)))
            if not pending:
                return
            item, future = pending.popleft()
            try:
                yield future.result()
            except BrokenProcessPool:
                name = "<stdin>" if item.path == "-" else shown(item.path)
                error = f"{name}: worker process died (out of memory?)"
                yield Outcome(name, False, 2, error=error, line=json.dumps({"file": name, "ok": False, "error": error}))
    finally:
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        except RuntimeError:
            pass  # interrupted (Ctrl-C) while the pool was still starting: it has no thread to join


# --------------------------------------------------------------------------- summary


@dataclass
class Summary:
    """Running totals of a batch, for the closing line on standard error."""

    ok: int = 0
    failed: int = 0
    size: int = 0
    status: int = 0
    findings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    started: float = field(default_factory=time.perf_counter)

    def add(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.ok += 1
        else:
            self.failed += 1
        self.size += outcome.size
        self.status = max(self.status, outcome.status)
        for sev, n in outcome.findings:
            self.findings[sev] = self.findings.get(sev, 0) + n

    def line(self) -> str:
        seconds = time.perf_counter() - self.started
        files = self.ok + self.failed
        rate = f"{files / seconds:.2f} files/s, {self.size / 1e6 / seconds:.2f} MB/s" if seconds > 0 else ""
        found = ", ".join(f"{n} {sev}" for sev, n in self.findings.items())
        return (
            f"bitranscript: {files} file{'s' if files != 1 else ''}: {self.ok} ok, {self.failed} failed; "
            f"findings: {found}; {seconds:.1f} s ({rate})"
        )


def exit_status(summary: Summary) -> int:
    """2 when any input failed; otherwise the highest per-file status (0, or 1 for findings)."""
    return 2 if summary.failed else summary.status


# --------------------------------------------------------------------------- command line


def wants_batch(args: Any) -> bool:
    """Whether CLI ``args`` call for a batch rather than the one-file path.

    Several inputs, a directory, an ``@list``, ``--format jsonl``, or ``-o`` naming an
    existing directory (or ending in ``/``). One plain file keeps the one-file behaviour.
    """
    inputs = getattr(args, "input", None)
    if not isinstance(inputs, list):
        return False
    output = str(getattr(args, "output", "-") or "-")
    return (
        len(inputs) != 1
        or inputs[0].startswith("@")
        or os.path.isdir(inputs[0])
        or getattr(args, "format", None) == "jsonl"
        or (output != "-" and (os.path.isdir(output) or output.endswith(("/", os.sep))))
    )


def run_cli(args: Any, task: Task, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run a batch for the CLI: JSONL to ``-o FILE``/stdout, or one file per input under ``-o DIR``.

    With ``--format jsonl`` (or no ``-o``), one JSON line per input goes to ``-o`` or
    standard output; otherwise ``-o`` is a directory that mirrors the input tree. Per-file
    errors go to standard error as they happen; a summary line closes the batch (both but
    the errors silenced by ``--quiet``). A progress bar is shown when standard error is a
    terminal and not ``--quiet``.
    """
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    quiet = bool(getattr(args, "quiet", False))
    items = _items(args)
    output = str(getattr(args, "output", "-") or "-")
    jsonl = getattr(args, "format", None) == "jsonl" or output == "-"
    protect = Inputs([*(i.path for i in items), *side_inputs(args)])
    targets = None if jsonl else output_paths(items, output, task.suffix)
    for target in targets or ():
        protect.check(target)  # before anything is written: one clash stops the whole batch
    settings = Settings(
        task,
        encoding=getattr(args, "encoding", None),
        max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
        debug=bool(getattr(args, "debug", False)),
        protect=protect,
    )
    with _Report(len(items), stderr, quiet, _JsonlSink(output, stdout, protect) if jsonl else None) as report:
        for outcome in run(items, settings, jobs=getattr(args, "jobs", None), targets=targets):
            if report.sink is not None and outcome.line is not None:
                report.sink.write(outcome.line)
            report.done(outcome)
    return report.close_batch()


def _items(args: Any) -> list[Item]:
    """The transcripts a batch command names (``args.input``, ``--glob``); none is an error."""
    items = expand_inputs(args.input, getattr(args, "glob", None) or DEFAULT_GLOBS)
    if not items:
        raise InputError("no input files (see --glob)", source=" ".join(args.input))
    return items


class _Report:
    """What a batch tells as it goes, for ``run_cli`` and ``run_check_cli`` alike: the running
    summary, a progress bar, each failed file on standard error, and the JSONL sink (committed
    when the loop ends, discarded on any other way out); ``close_batch`` prints the summary
    line and gives the exit status."""

    def __init__(self, total: int, stderr: TextIO, quiet: bool, sink: _JsonlSink | None) -> None:
        self.summary = Summary()
        self.stderr, self.quiet, self.sink = stderr, quiet, sink
        self.bar = _progress(total, stderr, quiet)

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message)
        else:
            print(message, file=self.stderr, flush=True)

    def done(self, outcome: Outcome) -> None:
        self.summary.add(outcome)
        if outcome.error:
            self.say(f"bitranscript: error: {outcome.error}")
        if self.bar is not None:
            self.bar.update(1)

    def __enter__(self) -> _Report:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if self.sink is not None and kind is None:
                self.sink.commit()
        finally:
            if self.bar is not None:
                self.bar.close()
            if self.sink is not None:
                self.sink.discard()

    def close_batch(self) -> int:
        if not self.quiet:
            print(self.summary.line(), file=self.stderr, flush=True)
        return exit_status(self.summary)


def _progress(total: int, stderr: TextIO, quiet: bool) -> Any:
    if quiet or total < 2 or not getattr(stderr, "isatty", lambda: False)():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # a progress bar is a nicety, not a reason to fail
        return None
    return tqdm(total=total, file=stderr, unit="file", dynamic_ncols=True, leave=False)


class _JsonlSink:
    """JSONL lines to standard output as they come, or to ``-o`` through :mod:`.output` (atomic, never an input)."""

    def __init__(self, output: str, stdout: TextIO | None, protect: Inputs) -> None:
        if output == "-" and stdout is None:
            raise InputError("standard output is closed", source="<stdout>")
        self.stdout = stdout if output == "-" else None
        self.out = None if output == "-" else open_output(output, protect)

    def write(self, line: str) -> None:
        if self.out is not None:
            self.out.write(line + "\n")
        else:
            assert self.stdout is not None
            self.stdout.write(line + "\n")
            self.stdout.flush()

    def commit(self) -> None:
        if self.out is not None:
            self.out.commit()
            self.out = None

    def discard(self) -> None:
        if self.out is not None:
            self.out.discard()
            self.out = None


def side_inputs(args: Any) -> list[str]:
    """The files a command reads besides its transcripts (glossaries, configuration, baseline):
    an output must not overwrite them either."""
    files = [*(getattr(args, "glossary", None) or ()), *getattr(args, "config_files", ())]
    for key in ("config", "baseline", "source_mt"):
        if getattr(args, key, None):
            files.append(getattr(args, key))
    return files


def iter_records(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse a JSONL stream written by a batch back into records (blank lines skipped)."""
    for line in lines:
        if line.strip():
            yield json.loads(line)


def run_check_cli(
    args: Any,
    task: Any,
    *,
    baseline: frozenset[tuple[str | None, str]] = frozenset(),
    write_baseline: str | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """``check`` over many inputs: ONE report for all of them, in every format.

    Workers send each whole result back (``Settings.collect``); this process applies the
    baseline (keyed by file and fingerprint), then writes the report: text, JSON, TSV,
    SARIF (one run, a result per finding), GitHub annotations or HTML (one page, a file
    index) to standard output or ``-o FILE``; one JSON line per transcript with
    ``--format jsonl``; or, with ``-o DIR/`` (a trailing slash or an existing directory),
    one report per transcript mirroring the inputs. ``write_baseline`` records every
    finding of every file (keyed by file) and makes the run exit 0 unless an input failed.
    """
    from dataclasses import replace

    from .checks import at_or_above
    from .config import apply_baseline_keys, baseline_text
    from .output import write_atomic
    from .report import render, wants_color

    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    quiet = bool(getattr(args, "quiet", False))
    items = _items(args)
    output = str(getattr(args, "output", "-") or "-")
    fmt = getattr(args, "format", "text")
    to_dir = output != "-" and (os.path.isdir(output) or output.endswith(("/", os.sep)))
    jsonl = fmt == "jsonl" and not to_dir
    side = side_inputs(args)
    protect = Inputs([*(i.path for i in items), *side])
    targets = output_paths(items, output, task.suffix) if to_dir else None
    for target in targets or ():
        protect.check(target)  # before anything is written: one clash stops the whole batch
    if not to_dir:
        protect.check(output)
    keep = None
    if write_baseline:
        # The baseline read may be rewritten (that is how it is updated); every other input may not.
        keep = Inputs([*(i.path for i in items), *(f for f in side if f != getattr(args, "baseline", None))])
        keep.check(write_baseline)
        if output != "-" and os.path.realpath(output) == os.path.realpath(write_baseline):
            raise InputError("-o and --write-baseline name the same file", source=write_baseline)
    settings = Settings(
        replace(task, baseline=frozenset()),
        encoding=getattr(args, "encoding", None),
        max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
        debug=bool(getattr(args, "debug", False)),
        protect=protect,
        collect=True,
    )
    results: list[Result] = []
    every: list[tuple[str | None, Any]] = []
    with _Report(len(items), stderr, quiet, _JsonlSink(output, stdout, protect) if jsonl else None) as report:
        sink, summary = report.sink, report.summary
        outcomes = run(items, settings, jobs=getattr(args, "jobs", None))
        for k, outcome in enumerate(outcomes):
            if outcome.ok and outcome.payload is not None:
                result = Result.from_json(outcome.payload)
                every.extend((result.source, f) for f in result.findings)
                result = replace(result, findings=apply_baseline_keys(result.findings, baseline, result.source))
                counts = tuple((sev, sum(1 for f in result.findings if f.severity == sev)) for sev in SEVERITIES)
                status = 1 if at_or_above(result.findings, task.fail_on) else 0
                outcome = replace(outcome, status=status, findings=counts, payload=None)
                if sink is not None:
                    sink.write(
                        json.dumps({"file": outcome.file, "ok": True, **task.record(result)}, ensure_ascii=False)
                    )
                elif targets is not None:
                    os.makedirs(os.path.dirname(targets[k]) or ".", exist_ok=True)
                    write_atomic(targets[k], task.render(result), inputs=protect)
                else:
                    results.append(result)
            elif sink is not None and outcome.line is not None:
                sink.write(outcome.line)
            report.done(outcome)
    if write_baseline:
        assert keep is not None
        if summary.failed:  # a partial baseline would drop the accepted findings of the files not read
            report.say(f"bitranscript: error: {write_baseline}: baseline not written: {summary.failed} input(s) failed")
        else:
            write_atomic(write_baseline, baseline_text(every), inputs=keep)
    if not jsonl and not to_dir and (results or not summary.failed):
        color = output == "-" and wants_color(stdout)
        write_atomic(output, render(results, fmt, color=color), inputs=protect)
    status = report.close_batch()
    return 0 if write_baseline and not summary.failed else status
