"""The commands that process articles: extract, ingest, bench."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..ingest import Failure, expand_paths, read_inputs
from ..output import render_table, write_csv, write_jsonl
from .checks import EXIT_NOTHING, at_least, err
from .options import (
    expected_items,
    ingest_options,
    input_options,
    lexicon_option,
    make_pipeline,
    progress,
    published_option,
    rules_options,
    runner,
    workers_option,
)
from .read import db_option


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE... | -")
@published_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "table", "csv"]),
    default="json",
    show_default=True,
    help="json: one JSON document per article (the output contract); jsonl: one "
    "article document per line; table/csv: one row per event.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Print each event's fields with their evidence and the rules that decided each "
    "(instead of --format).",
)
@lexicon_option
@workers_option
@input_options
@rules_options
@click.option("-q", "--quiet", is_flag=True, help="No progress or messages on stderr.")
def extract(
    inputs: tuple[str, ...],
    published: str | None,
    fmt: str,
    explain: bool,
    lexicon: Path | None,
    workers: int,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
    arbiter_model: Path | None,
    arbiter_override: float | None,
    quiet: bool,
    **input_kw: Any,
) -> None:
    """Extract events from article files (or '-' for stdin) without a database.

    Files are .txt articles, optionally with a front-matter header (title, published, outlet,
    url; see examples/README.md). Folders are read recursively. A bad file, or an article the
    model fails on, is reported on stderr with its reason and the others go on; the exit code
    is 1 only if nothing could be processed.
    """
    from ..pipeline import FailedResult
    from ..records import Article

    options = ingest_options(input_kw)
    pipeline = make_pipeline(lexicon, quiet, rules_off, rules_only, arbiter_model, arbiter_override)
    counts = {"read": 0, "failed": 0, "coded": 0}

    def articles() -> Iterator[Article]:  # streams: results are printed as they come
        for item in read_inputs(inputs, published, options=options):
            if isinstance(item, Failure):
                counts["failed"] += 1
                err(f"skipped {item.reason}")
            else:
                counts["read"] += 1
                yield item

    out = sys.stdout
    header = True
    with runner(pipeline, workers) as run:
        process = run.process if run is not None else pipeline.process
        for result in process(articles()):
            if isinstance(result, FailedResult):
                err(f"failed {result.reason}")
                continue
            counts["coded"] += 1
            if explain:
                from ..explain import explain as render

                out.write(render(result) + "\n")
            else:
                _print_result(result, fmt, out, header)
            header = False
    if not counts["coded"]:
        if counts["read"]:
            err("nothing could be processed")
        else:
            err("nothing could be read" if counts["failed"] else "no input")
        sys.exit(EXIT_NOTHING)


def _print_result(result: Any, fmt: str, out: Any, header: bool) -> None:
    doc = result.to_dict()
    if fmt == "json":
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        write_jsonl([doc], out)
    elif fmt == "csv":
        write_csv(doc["events"], out, header=header)
    else:
        title = result.article.title or result.article.source_path or result.article.article_id
        out.write(f"{title}: {len(doc['events'])} events\n")
        render_table(doc["events"], out)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option(
    "SQLite database file (created if missing; or sqlite:///PATH) or "
    "postgresql://USER:PASS@HOST/DB; also from EVENTDESK_DB. Other URL schemes are refused."
)
@published_option
@lexicon_option
@click.option(
    "--batch-size",
    type=int,
    default=64,
    show_default=True,
    callback=at_least(1, "a number of articles per batch"),
    help="Articles per batch/transaction.",
)
@workers_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: this machine (--workers processes); dask: a Dask cluster (--scheduler), or a "
    "local Dask cluster of --workers processes.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    envvar="EVENTDESK_SCHEDULER",
    help="Address of a running Dask scheduler (with --engine dask); also from EVENTDESK_SCHEDULER.",
)
@input_options
@rules_options
@click.option(
    "--no-dedup",
    is_flag=True,
    help="Store near-duplicate copies of a story as articles of their own.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr.")
def ingest(
    paths: tuple[str, ...],
    db: str,
    published: str | None,
    lexicon: Path | None,
    batch_size: int,
    workers: int,
    engine: str,
    scheduler: str | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
    arbiter_model: Path | None,
    arbiter_override: float | None,
    no_dedup: bool,
    quiet: bool,
    **input_kw: Any,
) -> None:
    """Extract events from files and folders of articles and store them in a database.

    Each article is stored once (its id is a hash of its text): ingesting the same files again
    adds nothing. Every item that cannot be read, coded or stored is recorded with its reason
    (see `eventdesk failures`) and the run goes on. Input streams through: memory does not
    grow with the number of articles.

    \b
    Faster:
      eventdesk ingest corpus/ --workers 2                      # one process per core
      eventdesk ingest corpus/ --engine dask --workers 4        # a local Dask cluster
      eventdesk ingest corpus/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from ..dedup import Deduplicator
    from ..jobs import ingest as run_ingest
    from ..store import SQLiteStore, open_store

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    options = ingest_options(input_kw)
    items = list(expand_paths(paths))  # walked once, for the progress bar and the reading
    total = expected_items(items)
    pipeline = make_pipeline(lexicon, quiet, rules_off, rules_only, arbiter_model, arbiter_override)
    with (
        open_store(db) as store,
        runner(pipeline, workers, engine, scheduler) as run,
        progress(total, quiet, "ingesting") as advance,
    ):
        summary = run_ingest(
            read_inputs(paths, published, options=options, expanded=items),
            store,
            pipeline,
            batch_size,
            advance,
            runner=run,
            # near-duplicate signatures live in the SQLite store; PostgreSQL has ids only
            dedup=Deduplicator(store) if isinstance(store, SQLiteStore) and not no_dedup else None,
        )
    for f in summary.failures:
        err(f"{f.kind}: {f.reason}")
    if summary.failed + summary.skipped > len(summary.failures):
        more = summary.failed + summary.skipped - len(summary.failures)
        err(f"... and {more} more (see `eventdesk failures`)")
    if not quiet:
        err(
            f"{summary.new} new articles, {summary.present} already present, "
            f"{summary.duplicates} near-duplicates, {summary.failed} failed"
            + (f", {summary.skipped} skipped" if summary.skipped else "")
            + f"; {summary.events} events stored in {db}"
        )
    if summary.new + summary.present + summary.duplicates == 0:
        err("nothing could be processed" if summary.seen else "no input")
        sys.exit(EXIT_NOTHING)


@click.command()
@click.option(
    "--articles",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Generated articles to time (streamed, so large numbers are fine).",
)
@workers_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--stages",
    default="bare,pipeline,ingest",
    show_default=True,
    help="Which of bare (spaCy alone), pipeline (extraction) and ingest (into SQLite) to time.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where extraction runs (see `eventdesk ingest --help`).",
)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler (--engine dask).")
@click.option(
    "--examples",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Folder of .txt articles to vary into the corpus [default: the bundled examples/].",
)
@click.option("--seed", default=0, show_default=True, help="Corpus seed (same seed, same texts).")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ingest into this SQLite file (kept) instead of a temporary one.",
)
@lexicon_option
@rules_options
@click.option("-q", "--quiet", is_flag=True, help="No progress messages on stderr.")
def bench(
    articles: int,
    workers: int,
    as_json: bool,
    stages: str,
    engine: str,
    scheduler: str | None,
    examples: Path | None,
    seed: int,
    db: Path | None,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
    arbiter_model: Path | None,
    arbiter_override: float | None,
    quiet: bool,
) -> None:
    """Time bare spaCy, the full extraction and ingest into SQLite on one generated corpus.

    The corpus is generated from the example articles, varied (paragraphs mixed and shuffled
    across articles, place names and numbers swapped, dates changed) so that no two texts are
    alike. Prints articles/s, words/s, the ratio of extraction to bare-model speed, and peak
    memory (this process plus its workers).

    \b
      eventdesk bench --articles 1000 --json
      eventdesk bench --articles 1000 --workers 2
      eventdesk bench --articles 100000 --stages ingest --workers 2
    """
    from ..scale.bench import STAGES, format_report, run_bench

    chosen = tuple(x.strip() for x in stages.split(",") if x.strip())
    unknown = [x for x in chosen if x not in STAGES]
    if unknown or not chosen:
        raise click.BadParameter(
            f"{stages!r}: choose from {', '.join(STAGES)} (comma-separated)", param_hint="--stages"
        )
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    say = (lambda m: None) if quiet else (lambda m: err(f"bench: {m}"))
    report = run_bench(
        articles=articles,
        workers=workers,
        stages=chosen,
        engine=engine,
        scheduler=scheduler,
        examples=examples,
        db=db,
        seed=seed,
        pipeline=make_pipeline(
            lexicon, quiet, rules_off, rules_only, arbiter_model, arbiter_override
        ),
        progress=say,
    )
    if as_json:
        click.echo(json.dumps(report))
    else:
        click.echo(format_report(report))


COMMANDS = (extract, ingest, bench)
