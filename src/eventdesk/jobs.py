"""Batch jobs the CLI and API share: ingest a stream of inputs into a store, exactly once.

Extraction runs through a *runner*: anything with ``process(articles) -> results`` that yields
one :class:`ArticleResult` per article, in input order, while streaming. The local runner is the
pipeline itself; :class:`eventdesk.scale.pool.PoolRunner` spreads the work over processes on one
machine and :class:`eventdesk.scale.dask_engine.DaskRunner` over a Dask cluster. Whatever the
runner, the store is written here, by this process, one transaction per batch.

Nothing one item does stops the run. An input that cannot be read, an article the model or a
stage fails on (a :class:`~eventdesk.pipeline.FailedResult`) and an article the store refuses
are each recorded as a failure with the reason (``eventdesk failures``), and the run goes on;
a batch the store refuses is written again one article at a time to find the one at fault.
Only a fault of the store itself (locked, full, unreachable) ends the run, with what was
committed before it kept.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .errors import describe
from .ingest import Failure
from .pipeline import FailedResult, Pipeline
from .records import Article, ArticleResult
from .store.rows import AddSummary
from .store.sqlite import SQLiteStore

if TYPE_CHECKING:
    from .dedup import Deduplicator
    from .store.postgres import PostgresStore

log = logging.getLogger(__name__)
T = TypeVar("T")

# Ids of articles sent to extraction in this run, remembered so that a duplicate that is still
# in flight (not yet stored) is not extracted twice. Bounded so memory does not grow with input.
_RECENT_IDS = 100_000


class Runner(Protocol):
    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """One result per article, in input order, streaming."""
        ...


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    present: int = 0
    failed: int = 0
    skipped: int = 0  # read fine but deliberately not coded (e.g. not English)
    duplicates: int = 0  # near-duplicate copies attached to a stored article
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.present + self.failed + self.skipped + self.duplicates


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _store_fault(exc: BaseException) -> bool:
    """True when ``exc`` is a fault of the store itself (locked, full, gone, out of memory),
    not of the article being written: then the run must stop."""
    seen: BaseException | None = exc
    while seen is not None:
        if type(seen).__name__ == "OperationalError" or isinstance(seen, OSError | MemoryError):
            return True
        seen = seen.__cause__
    return False


def ingest(
    items: Iterable[Article | Failure],
    store: SQLiteStore | PostgresStore,
    pipeline: Pipeline,
    batch_size: int = 64,
    on_item: Callable[[int], None] | None = None,
    runner: Runner | None = None,
    keep_failures: int = 1000,
    dedup: Deduplicator | None = None,
) -> IngestSummary:
    """Extract and store every new article; already stored ones are skipped before parsing;
    failures are recorded in the store and the run goes on.

    Streams: inputs are read ``batch_size`` at a time, extraction (by ``runner``, default the
    pipeline in this process) keeps only a bounded window in flight, and results are written in
    transactions of ``batch_size`` articles. ``summary.failures`` keeps the first
    ``keep_failures`` failures (all are recorded in the store).

    With ``dedup``, each batch is planned against the store (near-duplicates become extra
    sources of a stored article) and written in one transaction with its plan before the next
    batch is planned; the runner then works within a batch, not across batches.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    summary = IngestSummary()
    run: Runner = runner if runner is not None else pipeline
    recent: OrderedDict[str, None] = OrderedDict()
    tick = on_item if on_item is not None else (lambda n: None)

    def note(item: Failure) -> None:
        if item.kind == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
        if len(summary.failures) < keep_failures:
            summary.failures.append(item)
        store.record_failure(item.source, item.reason, item.kind)

    def readable(batch: list[Article | Failure]) -> list[Article]:
        articles: list[Article] = []
        for item in batch:
            if isinstance(item, Failure):
                note(item)
                tick(1)
            else:
                articles.append(item)
        return articles

    def coded(results: Iterable[ArticleResult]) -> Iterator[ArticleResult]:
        for result in results:
            tick(1)
            if isinstance(result, FailedResult):
                note(Failure(result.article.where, result.reason))
            else:
                yield result

    def write(results: list[ArticleResult], plan: Any = None) -> AddSummary:
        if plan is not None:
            return store.add_batch(results, plan=plan)  # type: ignore[union-attr]
        return store.add_results(results, batch_size=max(len(results), 1))

    def stored(results: list[ArticleResult], plan: Any = None) -> None:
        """Write one batch; if the store refuses it for something an article holds, write
        the articles one at a time and record the one(s) refused."""
        try:
            added = write(results, plan)
        except Exception as exc:
            if _store_fault(exc) or not results:
                raise
            log.warning("a batch was refused (%s); writing its articles one at a time", exc)
            added = AddSummary(0, 0, 0)
            for one in results:
                try:
                    got = write([one], plan)
                except Exception as single:
                    if _store_fault(single):
                        raise
                    where = one.article.where
                    note(Failure(where, f"{where}: could not be stored ({describe(single)})"))
                    continue
                added = added + got
        summary.new += added.new
        summary.present += added.present
        summary.events += added.events
        summary.duplicates += added.duplicates

    if dedup is not None:
        if not isinstance(store, SQLiteStore):
            raise TypeError("near-duplicate detection needs the SQLite store")
        for batch in _batches(items, batch_size):
            plan = dedup.plan(readable(batch))
            tick(len(plan.present) + len(plan.duplicates))
            summary.present += len(plan.present)
            stored(list(coded(run.process(plan.fresh))), plan)
        return summary

    def fresh_articles() -> Iterator[Article]:
        for batch in _batches(items, batch_size):
            articles = readable(batch)
            present = store.has_articles([a.article_id for a in articles])
            for a in articles:
                if a.article_id in present or a.article_id in recent:
                    summary.present += 1
                    tick(1)
                    continue
                recent[a.article_id] = None
                if len(recent) > _RECENT_IDS:
                    recent.popitem(last=False)
                yield a

    for results in _batches(coded(run.process(fresh_articles())), batch_size):
        stored(results)
    return summary
