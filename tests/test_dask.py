"""The Dask path: results on a local cluster (2 worker processes) equal the one-process results."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from bitranscript.batch import AlignTask, CleanTask, Settings, expand_inputs, process_item  # noqa: E402
from bitranscript.dask import process_bag  # noqa: E402
from bitranscript.model import Options  # noqa: E402

CALLS = {
    "a.txt": "Operator\nWelcome to the Lanshan Data call.\n\nWen Bo\nWo men de shou ru zeng zhang le.\n"
    "Interpreter\nOur revenue grew.\n",
    "sub/b.txt": "Qiao Lan: Margins rose this quarter.\nTom Baker: What about prices next year?\n",
    "sub/c.txt": "Wen Bo\nJia ge jing zheng reng ran hen ji lie. uh uh uh uh uh uh\nInterpreter\nPrices are still competitive.\n",
    "bad.txt": "Good morning.\x00\x00\x00 welcome",  # NUL bytes: a file that cannot be read
}


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for rel, text in CALLS.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("command", "task"),
    [("align", AlignTask(Options())), ("clean", CleanTask(Options(originals="drop")))],
)
def test_cluster_results_equal_single_process_results(client, corpus: Path, command: str, task) -> None:
    options = task.options
    bag = process_bag([str(corpus)], options, command=command, npartitions=2)
    assert bag.npartitions == 2
    records = bag.compute()
    local = [json.loads(process_item(item, Settings(task)).line or "") for item in expand_inputs([str(corpus)])]
    assert records == local
    assert [(Path(r["file"]).name, r["ok"]) for r in records] == [
        ("a.txt", True),
        ("bad.txt", False),
        ("b.txt", True),
        ("c.txt", True),
    ]
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_an_empty_selection_is_an_empty_bag(client, corpus: Path) -> None:
    assert process_bag([str(corpus)], globs=("*.json",)).compute() == []
