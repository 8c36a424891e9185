"""Extraction over a pool of processes on one machine, each loading the model once.

The parent streams articles in chunks to the workers and gets results back in input order,
with a bounded number of chunks in flight, so memory does not grow with the input.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from eventdesk.closing import Closing

from ..pipeline import Pipeline
from ..records import Article, ArticleResult

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

_WORKER_PIPELINE: Pipeline | None = None
# One process per core: the math libraries must not start their own thread pools on top.
THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def single_threaded_children() -> None:
    """Make processes started from now on use one math-library thread each (unless the user
    set these variables)."""
    for var in THREAD_ENV:
        os.environ.setdefault(var, "1")


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Worker side: end this process once ``parent`` is gone (killed with SIGKILL, say), so
    no worker outlives the run that started it."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="eventdesk-parent-watch", daemon=True).start()


def _init_worker(pipeline: Pipeline, parent: int | None = None) -> None:
    """Pool initializer: keep the pipeline and load its model and gazetteer once."""
    global _WORKER_PIPELINE
    if parent is not None:
        _exit_with_parent(parent)
    _WORKER_PIPELINE = pipeline
    _ = pipeline.stages
    _ = pipeline.nlp.nlp


def _process_chunk(articles: list[Article]) -> list[ArticleResult]:
    assert _WORKER_PIPELINE is not None, "worker was not initialised"
    return list(_WORKER_PIPELINE.process(articles))


def _bare_chunk(texts: list[str]) -> list[int]:
    """Bare spaCy over a chunk (for the bench): token counts, no extraction."""
    assert _WORKER_PIPELINE is not None, "worker was not initialised"
    nlp = _WORKER_PIPELINE.nlp
    return [len(doc) for doc in nlp.nlp.pipe(texts, batch_size=nlp.batch_size)]


def _pid(_: int) -> int:
    time.sleep(0.05)
    return os.getpid()


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def ordered_map(
    submit: Callable[[list[T]], Any],
    result: Callable[[Any], list[R]],
    items: Iterable[T],
    chunk_size: int,
    window: int,
) -> Iterator[R]:
    """Submit chunks of ``items``; yield their results in input order, at most ``window``
    chunks in flight. ``submit`` returns a future-like handle, ``result`` waits for one."""
    pending: deque[Any] = deque()
    for chunk in chunks(items, chunk_size):
        pending.append(submit(chunk))
        while len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


class PoolRunner(Closing):
    """``workers`` processes, each with its own copy of ``pipeline`` (loaded once).

    Use as a context manager (or call :meth:`close`); :meth:`process` can be called many times.
    """

    def __init__(
        self,
        pipeline: Pipeline,
        workers: int,
        chunk_size: int = 16,
        window: int | None = None,
        start_method: str = "spawn",
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.chunk_size = chunk_size
        self.window = window or 3 * workers
        single_threaded_children()
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context(start_method),
            initializer=_init_worker,
            initargs=(pipeline, os.getpid()),
        )

    def warm_up(self) -> None:
        """Start every worker and wait until each has loaded its model (for timing)."""
        pids: set[int] = set()
        for _ in range(400):  # worker start-up takes seconds; each round takes ~0.05 s
            pids.update(self._pool.map(_pid, range(self.workers)))
            if len(pids) >= self.workers:
                return

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        def submit(chunk: list[Article]) -> Future[list[ArticleResult]]:
            return self._pool.submit(_process_chunk, chunk)

        def result(fut: Future[list[ArticleResult]]) -> list[ArticleResult]:
            return fut.result()

        return ordered_map(submit, result, articles, self.chunk_size, self.window)

    def bare(self, texts: Iterable[str]) -> Iterator[int]:
        """Bare ``nlp.pipe`` on the workers (for the bench): one token count per text."""

        def submit(chunk: list[str]) -> Future[list[int]]:
            return self._pool.submit(_bare_chunk, chunk)

        def result(fut: Future[list[int]]) -> list[int]:
            return fut.result()

        return ordered_map(submit, result, texts, self.chunk_size, self.window)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
