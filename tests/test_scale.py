"""Scale-out pieces: the generated corpus, ordered bounded maps, streaming ingest, the pool."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk.cli import main
from eventdesk.ingest import Failure, read_inputs
from eventdesk.jobs import ingest
from eventdesk.nlp import doc_text
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult
from eventdesk.scale.corpus import generate
from eventdesk.scale.pool import ordered_map
from eventdesk.store.sqlite import SQLiteStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_corpus_is_deterministic_distinct_and_varied() -> None:
    first = list(generate(60, seed=3))
    again = list(generate(60, seed=3))
    other = list(generate(60, seed=4))
    assert [a.article_id for a in first] == [a.article_id for a in again]
    assert len({a.article_id for a in first}) == 60
    assert {a.article_id for a in first}.isdisjoint(a.article_id for a in other)
    originals = {a.text for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)}
    assert not originals & {a.text for a in first}
    # Articles built on the same example differ in paragraphs, places, numbers or dates.
    same_base = [a for a in first if a.title == first[0].title]
    assert len(same_base) >= 2 and len({a.text for a in same_base}) == len(same_base)
    assert len({a.published for a in first}) > 30
    assert all(a.text.strip() and a.published for a in first)


def test_corpus_streams() -> None:
    gen = generate(10**9)
    assert isinstance(gen, Iterator)
    assert next(gen).article_id != next(gen).article_id


def test_ordered_map_keeps_order_and_bounds_what_is_in_flight() -> None:
    in_flight: list[int] = []
    peak = [0]

    def submit(chunk: list[int]) -> list[int]:
        in_flight.append(1)
        peak[0] = max(peak[0], len(in_flight))
        return [x * 10 for x in chunk]

    def result(handle: list[int]) -> list[int]:
        in_flight.pop()
        return handle

    out = list(ordered_map(submit, result, range(100), chunk_size=7, window=3))
    assert out == [x * 10 for x in range(100)]
    assert peak[0] == 3


class _FakeRunner:
    """Extracts nothing; records what it was asked to process."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a.article_id)
            yield ArticleResult(article=a, events=(), quotes=())


def test_ingest_streams_into_the_store_and_extracts_each_article_once(tmp_path: Path) -> None:
    store = SQLiteStore.open(tmp_path / "s.db")
    stored_when_read: list[int] = []
    n = 400

    def items() -> Iterator[Article | Failure]:
        for i, a in enumerate(generate(n, seed=1)):
            stored_when_read.append(store.counts()["articles"])
            yield a
            if i % 50 == 0:
                yield a  # a duplicate while the first copy is still in flight
                yield Failure(f"bad{i}", f"bad{i}: broken")

    runner = _FakeRunner()
    ticks: list[int] = []
    summary = ingest(items(), store, Pipeline(), 32, ticks.append, runner=runner)
    assert (summary.new, summary.present, summary.failed) == (n, 8, 8)
    assert len(runner.seen) == len(set(runner.seen)) == n  # duplicates never reach extraction
    assert sum(ticks) == n + 16
    assert store.counts() == {"articles": n, "events": 0, "failures": 8}
    # Results were written while input was still being read: memory is per batch, not per run.
    assert stored_when_read[-1] >= n - 3 * 32
    again = ingest(generate(n, seed=1), store, Pipeline(), 32, runner=runner)
    assert (again.new, again.present) == (0, n) and len(runner.seen) == n
    store.close()


def test_doc_text_is_cached_and_right(pipeline: Pipeline) -> None:
    text = "Rebels attacked Gao on Monday.\n\nTroops withdrew."
    (doc,) = list(pipeline.nlp.pipe([text]))
    assert doc_text(doc) == text == doc.text
    doc.user_data["eventdesk.text"] = "cached"
    assert doc_text(doc) == "cached"
    fresh = pipeline.nlp(text)
    assert doc_text(fresh) == text


@pytest.mark.slow
def test_two_workers_give_the_same_output_in_the_same_order(tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.txt"))[:6]
    for i, a in enumerate(generate(6, seed=7)):
        (tmp_path / f"g{i}.txt").write_text(a.text, encoding="utf-8")
    files += sorted(tmp_path.glob("g*.txt"))
    args = ["extract", *map(str, files), "--format", "jsonl", "--published", "2021-01-01"]
    runner = CliRunner()
    one = runner.invoke(main, args)
    two = runner.invoke(main, [*args, "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, two.output
    docs = [json.loads(line) for line in two.stdout.splitlines()]
    assert [d["article"]["text"][:40] for d in docs] == [
        json.loads(line)["article"]["text"][:40] for line in one.stdout.splitlines()
    ]
    assert two.stdout == one.stdout
    assert sum(len(d["events"]) for d in docs) > 20


def test_workers_must_be_positive() -> None:
    res = CliRunner().invoke(main, ["extract", "x.txt", "--workers", "0"])
    assert res.exit_code == 2
    assert "0 is not a number of processes; use 1 or more" in res.output


def test_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--scheduler", "tcp://x:1"]
    )
    assert res.exit_code == 2
    assert "--scheduler needs --engine dask" in res.output


def test_ingest_with_dedup_attaches_near_copies_instead_of_extracting_them(
    tmp_path: Path,
) -> None:
    from eventdesk.dedup import Deduplicator

    store = SQLiteStore.open(tmp_path / "d.db")
    originals = list(generate(20, seed=2))
    copies = [
        Article(
            text=a.text + " Reporting by a wire desk.", outlet="Other Wire", published="2021-01-01"
        )
        for a in originals[:5]
    ]
    runner = _FakeRunner()
    summary = ingest(
        [*originals, *copies, Failure("fr.txt", "fr.txt: French", kind="skipped")],
        store,
        Pipeline(),
        8,
        runner=runner,
        dedup=Deduplicator(store),
    )
    assert (summary.new, summary.duplicates, summary.skipped, summary.failed) == (20, 5, 1, 0)
    assert len(runner.seen) == 20
    assert store.failures(kind="skipped")
    store.close()


_ORPHAN_SCRIPT = """
import multiprocessing, os, sys, time
from eventdesk.scale.pool import _exit_with_parent

def child(parent):
    _exit_with_parent(parent, interval=0.1)
    time.sleep(60)

if __name__ == "__main__":
    proc = multiprocessing.get_context("spawn").Process(target=child, args=(os.getpid(),))
    proc.start()
    print(proc.pid, flush=True)
    time.sleep(60)
"""


def test_a_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text(_ORPHAN_SCRIPT)
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(child, 0)  # alive while the parent is
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the worker outlived its killed parent")
