"""The Dask engine gives the same stored results as the local engine, idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.dask

distributed = pytest.importorskip("distributed")

from eventdesk.ingest import read_inputs  # noqa: E402
from eventdesk.jobs import ingest  # noqa: E402
from eventdesk.pipeline import Pipeline  # noqa: E402
from eventdesk.records import Article  # noqa: E402
from eventdesk.scale.corpus import generate  # noqa: E402
from eventdesk.scale.dask_engine import DaskRunner  # noqa: E402
from eventdesk.store.sqlite import SQLiteStore  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def runner() -> Iterator[DaskRunner]:
    with DaskRunner(Pipeline(), workers=2, partition_size=4) as r:
        assert r.n_workers() == 2
        yield r


def _inputs() -> list[Any]:
    files = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:12]]
    items: list[Any] = list(read_inputs([*files, str(EXAMPLES / "missing.txt")]))
    return items + list(generate(4, seed=5))


def _dump(store: SQLiteStore) -> tuple[list[Any], list[Any], dict[str, int]]:
    events = list(store.events())
    ids = sorted({e["article_id"] for e in events})
    quotes = [store.quotes(i) for i in ids]
    return events, quotes, store.counts()


def test_dask_engine_stores_exactly_what_the_local_engine_stores(
    tmp_path: Path, pipeline: Pipeline, runner: DaskRunner
) -> None:
    with SQLiteStore.open(tmp_path / "local.db") as local:
        expected = ingest(_inputs(), local, pipeline, batch_size=8)
        local_dump = _dump(local)
    with SQLiteStore.open(tmp_path / "dask.db") as store:
        got = ingest(_inputs(), store, pipeline, batch_size=8, runner=runner)
        assert (got.new, got.present, got.failed, got.events) == (
            expected.new,
            expected.present,
            expected.failed,
            expected.events,
        )
        assert got.new == 16 and got.failed == 1 and got.events > 50
        assert _dump(store) == local_dump
        # Running the same input again adds nothing.
        again = ingest(_inputs(), store, pipeline, batch_size=8, runner=runner)
        assert (again.new, again.present) == (0, 16)
        assert _dump(store) == local_dump


def test_a_retried_partition_adds_nothing_twice(tmp_path: Path, runner: DaskRunner) -> None:
    articles = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)][:6]
    with SQLiteStore.open(tmp_path / "retry.db") as store:
        first = store.add_results(runner.process(articles))
        counts = store.counts()
        # The same partitions computed and written again (as after a lost worker or a re-run
        # that skipped the already-stored check) change nothing.
        second = store.add_results(runner.process(articles))
        assert first.new == 6 and second.new == 0 and second.present == 6
        assert store.counts() == counts


def test_local_workers_have_a_lifetime_and_restarted_ones_store_the_same(
    tmp_path: Path, pipeline: Pipeline, runner: DaskRunner
) -> None:
    # local workers are retired and started afresh after their lifetime (memory stays
    # bounded): 10 minutes, staggered by up to a minute
    lifetimes = runner.client.run(lambda dask_worker: dask_worker.lifetime)
    assert all(540 <= t <= 660 for t in lifetimes.values()), lifetimes
    # a restarted worker loads the model again and codes exactly as before
    with SQLiteStore.open(tmp_path / "local.db") as local:
        ingest(_inputs(), local, pipeline, batch_size=8)
        local_dump = _dump(local)
    first = set(runner.client.scheduler_info()["workers"])
    runner.client.restart_workers(list(first))
    with SQLiteStore.open(tmp_path / "dask.db") as store:
        ingest(_inputs(), store, pipeline, batch_size=8, runner=runner)
        assert _dump(store) == local_dump
