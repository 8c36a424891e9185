"""Batch jobs the CLI and API share: ingest a stream of inputs into a store, exactly once."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from .ingest import Failure
from .pipeline import Pipeline
from .records import Article
from .store.sqlite import SQLiteStore

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    present: int = 0
    failed: int = 0
    events: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.present + self.failed


def _batches(items: Iterable[Article | Failure], size: int) -> Iterator[list[Article | Failure]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def ingest(
    items: Iterable[Article | Failure],
    store: SQLiteStore,
    pipeline: Pipeline,
    batch_size: int = 64,
    on_item: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Extract and store every new article; already stored ones are skipped before parsing;
    failures are recorded in the store and the run goes on. Streams: memory is per batch."""
    summary = IngestSummary()
    for batch in _batches(items, batch_size):
        articles: list[Article] = []
        for item in batch:
            if isinstance(item, Failure):
                summary.failed += 1
                summary.failures.append(item)
                store.record_failure(item.source, item.reason)
            else:
                articles.append(item)
        present = store.has_articles([a.article_id for a in articles])
        fresh: dict[str, Article] = {}
        for a in articles:
            if a.article_id in present or a.article_id in fresh:
                summary.present += 1
            else:
                fresh[a.article_id] = a
        if fresh:
            added = store.add_results(pipeline.process(fresh.values()), batch_size=batch_size)
            summary.new += added.new
            summary.present += added.present
            summary.events += added.events
        if on_item is not None:
            on_item(len(batch))
    return summary
