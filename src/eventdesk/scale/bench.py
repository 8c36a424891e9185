"""``eventdesk bench``: how fast is extraction compared with the bare spaCy model?

On one generated corpus (see :mod:`eventdesk.scale.corpus`; the same seed gives the same texts
to every stage), it times (a) bare ``nlp.pipe`` with the model and components eventdesk uses,
(b) the full extraction without a database (``Pipeline.process``) and (c) ingest into a fresh
SQLite file. Model loading and worker start-up are done before the clocks start, on a separate
warm-up corpus. The corpus streams from a generator, so ``--articles`` can be large.
"""

from __future__ import annotations

import logging
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..pipeline import Pipeline
from ..records import Article, ArticleResult
from .corpus import generate

log = logging.getLogger(__name__)

STAGES = ("bare", "pipeline", "ingest")
WARM_UP_SEED = 10_001


@dataclass(frozen=True, slots=True)
class StageTime:
    articles: int
    words: int
    seconds: float

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


def rss_mb() -> tuple[float, float]:
    """Peak resident memory in MB of this process and of its largest finished child."""
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / scale / 1024
    return own, kids


def _words(text: str) -> int:
    return len(text.split())


class _Counter:
    """Counts articles and words of a stream as it is consumed."""

    def __init__(self, articles: Iterator[Article]) -> None:
        self.articles = articles
        self.n = 0
        self.words = 0

    def __iter__(self) -> Iterator[Article]:
        for a in self.articles:
            self.n += 1
            self.words += _words(a.text)
            yield a


def _timed(run: Callable[[_Counter], None], corpus: Callable[[], Iterator[Article]]) -> StageTime:
    counter = _Counter(corpus())
    t0 = time.perf_counter()
    run(counter)
    return StageTime(counter.n, counter.words, time.perf_counter() - t0)


def run_bench(
    articles: int = 1000,
    workers: int = 1,
    stages: tuple[str, ...] = STAGES,
    engine: str = "local",
    scheduler: str | None = None,
    examples: Path | None = None,
    db: Path | None = None,
    seed: int = 0,
    pipeline: Pipeline | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Time the stages; return the figures as a flat dict (the ``--json`` document)."""
    say = progress or (lambda m: None)
    pipeline = pipeline or Pipeline()
    n_warm = max(8, min(64, articles // 10))

    def corpus() -> Iterator[Article]:
        return generate(articles, seed=seed, examples=examples)

    def warm() -> Iterator[Article]:
        return generate(n_warm, seed=WARM_UP_SEED, examples=examples)

    out: dict[str, Any] = {
        "articles": articles,
        "workers": workers,
        "engine": engine,
        "batch_size": pipeline.nlp.batch_size,
    }
    times: dict[str, StageTime] = {}
    with ExitStack() as stack:
        runner: Any = None
        if engine == "dask":
            from .dask_engine import DaskRunner

            runner = stack.enter_context(DaskRunner(pipeline, scheduler=scheduler, workers=workers))
            out["workers"] = runner.n_workers()
        elif workers > 1:
            from .pool import PoolRunner

            runner = stack.enter_context(PoolRunner(pipeline, workers))
        if runner is not None:
            say("starting workers")
            runner.warm_up()
        else:
            _ = pipeline.stages
        process: Callable[[Iterator[Article]], Iterator[ArticleResult]] = (
            runner.process if runner is not None else pipeline.process
        )

        if "bare" in stages:
            # Same model, components and batch size as the pipeline, on the same workers.
            def bare(c: _Counter) -> None:
                texts = (a.text for a in c)
                if runner is not None:
                    docs: Iterator[Any] = runner.bare(texts)
                else:
                    docs = pipeline.nlp.pipe(texts)
                for _ in docs:
                    pass

            say("bare spaCy: warming up")
            bare(_Counter(warm()))
            say("bare spaCy: timing")
            times["bare"] = _timed(bare, corpus)

        if "pipeline" in stages:

            def extract(c: _Counter) -> None:
                for _ in process(iter(c)):
                    pass

            say("pipeline: warming up")
            extract(_Counter(warm()))
            say("pipeline: timing")
            times["pipeline"] = _timed(extract, corpus)

        if "ingest" in stages:
            from ..jobs import ingest
            from ..store.sqlite import SQLiteStore

            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="eventdesk-bench-"))
            path = db or Path(tmp) / "bench.db"
            store = stack.enter_context(SQLiteStore.open(path))
            summary: list[Any] = []

            def store_all(c: _Counter) -> None:
                summary.append(ingest(iter(c), store, pipeline, batch_size=64, runner=runner))

            say("ingest: warming up")
            ingest(warm(), store, pipeline, batch_size=64, runner=runner)
            say("ingest: timing")
            times["ingest"] = _timed(store_all, corpus)
            out["ingest_new"] = summary[0].new
            out["ingest_events"] = summary[0].events
            files = (Path(f"{path}{suffix}") for suffix in ("", "-wal"))
            out["db_mb"] = round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 1)
    # Workers have exited (the ExitStack closed the pool), so RUSAGE_CHILDREN counts them.
    for name in STAGES:
        st = times.get(name)
        out[f"{name}_articles_per_s"] = round(st.articles_per_s, 2) if st else None
        out[f"{name}_words_per_s"] = round(st.words_per_s, 1) if st else None
        out[f"{name}_seconds"] = round(st.seconds, 2) if st else None
    if "bare" in times and "pipeline" in times:
        out["ratio"] = round(times["pipeline"].articles_per_s / times["bare"].articles_per_s, 3)
    else:
        out["ratio"] = None
    if times:
        first = next(iter(times.values()))
        out["words_per_article"] = round(first.words / max(1, first.articles), 1)
    own, kids = rss_mb()
    n_kids = out["workers"] if (engine == "dask" and not scheduler) or workers > 1 else 0
    out["peak_rss_self_mb"] = round(own, 1)
    out["peak_rss_child_mb"] = round(kids, 1) if n_kids else None
    # Upper bound of the sum over processes: this one plus each worker at the largest child's peak.
    out["peak_rss_mb"] = round(own + n_kids * kids, 1)
    out["load_average_1m"] = round(os.getloadavg()[0], 2)
    return out


def format_report(r: dict[str, Any]) -> str:
    lines = [
        f"{r['articles']} generated articles ({r.get('words_per_article')} words each on "
        f"average), engine {r['engine']}, {r['workers']} worker(s)",
    ]
    labels = {
        "bare": "(a) bare spaCy nlp.pipe",
        "pipeline": "(b) extraction, no database",
        "ingest": "(c) ingest into SQLite",
    }
    for name in STAGES:
        if r.get(f"{name}_articles_per_s") is None:
            continue
        lines.append(
            f"{labels[name]:<32} {r[f'{name}_articles_per_s']:>9.2f} articles/s "
            f"{r[f'{name}_words_per_s']:>10.0f} words/s {r[f'{name}_seconds']:>8.1f} s"
        )
    if r.get("ratio") is not None:
        lines.append(f"ratio (b)/(a) in articles/s: {r['ratio']:.3f}")
    mem = f"peak memory: {r['peak_rss_mb']:.0f} MB"
    if r.get("peak_rss_child_mb"):
        mem += (
            f" (this process {r['peak_rss_self_mb']:.0f} MB + {r['workers']} workers at most "
            f"{r['peak_rss_child_mb']:.0f} MB each)"
        )
    lines.append(mem)
    lines.append(f"load average during the run: {r['load_average_1m']}")
    return "\n".join(lines)
