"""The pipeline on a Dask cluster, for corpora one machine cannot keep up with.

Install the extra (``pip install 'bitranscript[dask]'``) and build a bag of results;
Dask runs it on whatever scheduler is active (a ``distributed.Client``, or local)::

    from dask.distributed import Client
    from bitranscript.dask import process_bag

    client = Client("tcp://scheduler:8786")          # or Client() for a local cluster
    bag = process_bag(["calls/"], command="clean")    # files, directories, @lists
    bag.filter(lambda r: not r["ok"]).pluck("error").compute()
    bag.map(json.dumps).to_textfiles("out/part-*.jsonl")

Each element is the record ``bitranscript align --format jsonl`` writes for that file
(``file``, ``ok`` and the result, or ``error``), so a cluster run and a one-machine run
produce the same lines. The paths must be readable by the workers (a shared file system).
Nothing here imports Dask until it is called, so the extra stays optional.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .batch import DEFAULT_GLOBS, AlignTask, CleanTask, Item, Settings, Task, expand_inputs, process_item
from .model import Options
from .read import DEFAULT_MAX_BYTES

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag


def process_bag(
    paths: Iterable[str],
    options: Options = Options(),
    *,
    command: Literal["align", "clean"] = "align",
    task: Task | None = None,
    globs: Sequence[str] = DEFAULT_GLOBS,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    npartitions: int | None = None,
) -> dask.bag.Bag:
    """A Dask bag of one result record (a dict) per transcript named by ``paths``.

    ``paths`` are expanded as on the command line (directories with ``globs``, ``@list``
    files) here, on the client. ``task`` overrides ``command`` (any :class:`~bitranscript.batch.Task`).
    Records come in input order; a file that fails is a record with ``ok: False`` and its
    one-line ``error``, never an exception that stops the computation.
    """
    try:
        import dask.bag as db
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("bitranscript.dask needs Dask: pip install 'bitranscript[dask]'") from err

    if task is None:
        task = CleanTask(options) if command == "clean" else AlignTask(options)
    items = expand_inputs(list(paths), globs)
    settings = Settings(task, encoding=encoding, max_bytes=max_bytes)
    if not items:
        return db.from_sequence([], npartitions=1)
    bag = db.from_sequence(items, npartitions=npartitions or min(len(items), 100))
    return bag.map_partitions(_process_partition, settings)


def _process_partition(items: Iterable[Item], settings: Settings) -> list[dict[str, Any]]:
    """Run on a worker: warm the pipeline up once per worker process, then process the items."""
    try:
        _warm_up(settings.task)
    except TypeError:  # a task holding unhashable settings: warm up once per partition instead
        _warm_up.__wrapped__(settings.task)
    out = []
    for item in items:
        outcome = process_item(item, settings)
        out.append(json.loads(outcome.line or "{}"))
    return out


@functools.lru_cache(maxsize=8)
def _warm_up(task: Task) -> None:
    """Once per worker process and task: load lexicons, compile glossaries."""
    try:
        task.warm_up()
    except Exception:  # noqa: BLE001 - the same error is reported per file, where it belongs
        pass
