"""The eventdesk command line: extract, ingest, events, failures, eval."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import EventdeskError
from .eval.cli import eval_group
from .ingest import Failure, read_inputs
from .output import render_table, write_csv, write_jsonl
from .rules_cli import rules_command

DEFAULT_DB = "eventdesk.db"
PLOVER_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


def _check_db(db: str) -> None:
    """A SQLite file that is not there is a user error, said plainly; URLs are the server's."""
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventdesk ingest`")


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@contextmanager
def _progress(total: int | None, quiet: bool, label: str) -> Iterator[Any]:
    """A rich progress bar on stderr, only on a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


def _pipeline(
    lexicon: Path | None,
    quiet: bool,
    rules_off: tuple[str, ...] = (),
    rules_only: tuple[str, ...] = (),
) -> Any:
    from .pipeline import Pipeline
    from .rules import resolve_switches

    say = (lambda m: None) if quiet else (lambda m: _err(f"gazetteer: {m}"))
    try:
        off = resolve_switches(rules_off, rules_only)
    except EventdeskError as exc:
        raise click.UsageError(str(exc)) from None
    return Pipeline(lexicon_dir=lexicon, progress=say, rules_off=off)


def rules_options(func: Any) -> Any:
    """--rules-off / --rules-only: switch named rules off (see `eventdesk rules`)."""
    func = click.option(
        "--rules-only",
        multiple=True,
        metavar="STAGE[,STAGE]",
        help="Keep only the rules of these stages (typing, actors, place, ...); the others "
        "are switched off (base decisions stay).",
    )(func)
    return click.option(
        "--rules-off",
        multiple=True,
        metavar="NAME[,NAME]",
        help="Switch these rules (or whole stages) off; `eventdesk rules` lists them.",
    )(func)


def _check_workers(workers: int) -> int:
    if workers < 1:
        raise click.BadParameter(f"{workers} is not a number of processes; use 1 or more")
    return workers


workers_option = click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    callback=lambda ctx, param, value: _check_workers(value),
    help="Worker processes, each loading the model once (use about one per core).",
)


@contextmanager
def _runner(
    pipeline: Any, workers: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Any]:
    """None (extract in this process), a process pool, or a Dask runner."""
    if engine == "dask":
        from .scale.dask_engine import DaskRunner

        with DaskRunner(pipeline, scheduler=scheduler, workers=workers) as runner:
            yield runner
    elif workers > 1:
        from .scale.pool import PoolRunner

        with PoolRunner(pipeline, workers) as runner:
            yield runner
    else:
        yield None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="eventdesk")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (to stderr).")
def main(verbose: bool) -> None:
    """eventdesk turns news articles about conflict and politics into structured, geocoded,
    source-attributed event data (PLOVER, ACLED and CAMEO), every value tied to the characters
    of the article it came from.

    \b
    Typical use:
      eventdesk extract story.txt --published 2020-02-17 --format json
      eventdesk ingest examples/ --db events.db
      eventdesk events --db events.db --country SYR --since 2020-01-01
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr)


lexicon_option = click.option(
    "--lexicon",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of lexicon files (events.tsv, agents.tsv, groups.tsv, ...) whose rows extend "
    "and override the packaged ones.",
)
published_option = click.option(
    "--published",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="Publication date for inputs that do not carry one; relative dates resolve against it.",
)


def input_options(func: Any) -> Any:
    """Options for reading inputs, shared by `extract` and `ingest`."""
    opts = [
        click.option(
            "--text-field",
            metavar="NAME",
            help="JSONL/CSV field holding the article text (default: text).",
        ),
        click.option(
            "--title-field",
            metavar="NAME",
            help="JSONL/CSV field holding the title (default: title).",
        ),
        click.option(
            "--date-field",
            metavar="NAME",
            help="JSONL/CSV field holding the publication date (default: published, else date).",
        ),
        click.option(
            "--url-field", metavar="NAME", help="JSONL/CSV field holding the URL (default: url)."
        ),
        click.option(
            "--outlet-field",
            metavar="NAME",
            help="JSONL/CSV field holding the outlet (default: outlet, else source).",
        ),
        click.option(
            "--allow-private",
            is_flag=True,
            help="Let URLs reach loopback, private and link-local addresses (refused by default).",
        ),
        click.option(
            "--fetch-links",
            is_flag=True,
            help="Feeds: fetch each entry's linked page for its full text.",
        ),
        click.option(
            "--timeout",
            type=float,
            default=20.0,
            show_default=True,
            help="Network timeout per operation, in seconds.",
        ),
        click.option(
            "--max-bytes",
            type=int,
            default=5_000_000,
            show_default=True,
            help="Size cap for one article, page or record.",
        ),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _input_options(kw: dict[str, Any]) -> Any:
    from .ingest import IngestOptions

    return IngestOptions.for_corpus(
        text_field=kw.pop("text_field"),
        title_field=kw.pop("title_field"),
        date_field=kw.pop("date_field"),
        url_field=kw.pop("url_field"),
        outlet_field=kw.pop("outlet_field"),
        allow_private=kw.pop("allow_private"),
        fetch_links=kw.pop("fetch_links"),
        timeout=kw.pop("timeout"),
        max_bytes=kw.pop("max_bytes"),
    )


def _total(paths: tuple[str, ...]) -> int | None:
    """Items to expect, for the progress bar; None when feeds, corpora or URLs hide it."""
    from .ingest import expand_paths, input_kind, is_url

    items = list(expand_paths(paths))
    if any(
        (isinstance(i, str) and is_url(i)) or input_kind(str(i)) in {"feed", "jsonl", "csv"}
        for i in items
    ):
        return None
    return len(items)


@main.command()
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
    quiet: bool,
    **input_kw: Any,
) -> None:
    """Extract events from article files (or '-' for stdin) without a database.

    Files are .txt articles, optionally with a front-matter header (title, published, outlet,
    url; see examples/README.md). Folders are read recursively. A bad file is reported on
    stderr with its reason and the others go on; the exit code is 1 only if nothing could be
    read.
    """
    from .records import Article

    options = _input_options(input_kw)
    pipeline = _pipeline(lexicon, quiet, rules_off, rules_only)
    counts = {"read": 0, "failed": 0}

    def articles() -> Iterator[Article]:  # streams: results are printed as they come
        for item in read_inputs(inputs, published, options=options):
            if isinstance(item, Failure):
                counts["failed"] += 1
                _err(f"skipped {item.reason}")
            else:
                counts["read"] += 1
                yield item

    out = sys.stdout
    header = True
    with _runner(pipeline, workers) as runner:
        process = runner.process if runner is not None else pipeline.process
        for result in process(articles()):
            if explain:
                from .explain import explain as render

                out.write(render(result) + "\n")
            else:
                _print_result(result, fmt, out, header)
            header = False
    if not counts["read"]:
        _err("nothing could be read" if counts["failed"] else "no input")
        sys.exit(1)


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


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--db",
    envvar="EVENTDESK_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file (created if missing) or postgresql://USER:PASS@HOST/DB; also "
    "from EVENTDESK_DB.",
)
@published_option
@lexicon_option
@click.option("--batch-size", default=64, show_default=True, help="Articles per batch/transaction.")
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
    no_dedup: bool,
    quiet: bool,
    **input_kw: Any,
) -> None:
    """Extract events from files and folders of articles and store them in a database.

    Each article is stored once (its id is a hash of its text): ingesting the same files again
    adds nothing. Unreadable items are recorded (see `eventdesk failures`) and the run goes on.
    Input streams through: memory does not grow with the number of articles.

    \b
    Faster:
      eventdesk ingest corpus/ --workers 2                      # one process per core
      eventdesk ingest corpus/ --engine dask --workers 4        # a local Dask cluster
      eventdesk ingest corpus/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from .dedup import Deduplicator
    from .jobs import ingest as run
    from .store import SQLiteStore, open_store

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    options = _input_options(input_kw)
    total = _total(paths)
    pipeline = _pipeline(lexicon, quiet, rules_off, rules_only)
    with (
        open_store(db) as store,
        _runner(pipeline, workers, engine, scheduler) as runner,
        _progress(total, quiet, "ingesting") as advance,
    ):
        summary = run(
            read_inputs(paths, published, options=options),
            store,
            pipeline,
            batch_size,
            advance,
            runner=runner,
            # near-duplicate signatures live in the SQLite store; PostgreSQL has ids only
            dedup=Deduplicator(store) if isinstance(store, SQLiteStore) and not no_dedup else None,
        )
    for f in summary.failures:
        _err(f"{f.kind}: {f.reason}")
    if summary.failed + summary.skipped > len(summary.failures):
        more = summary.failed + summary.skipped - len(summary.failures)
        _err(f"... and {more} more (see `eventdesk failures`)")
    if not quiet:
        _err(
            f"{summary.new} new articles, {summary.present} already present, "
            f"{summary.duplicates} near-duplicates, {summary.failed} failed"
            + (f", {summary.skipped} skipped" if summary.skipped else "")
            + f"; {summary.events} events stored in {db}"
        )
    if summary.new + summary.present + summary.duplicates == 0:
        sys.exit(1)


@main.command()
@click.option(
    "--db",
    envvar="EVENTDESK_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file; also from EVENTDESK_DB.",
)
@click.option("--country", metavar="ISO3", help="Only events located in this country (ISO3).")
@click.option(
    "--type",
    "plover_type",
    type=click.Choice(PLOVER_TYPES, case_sensitive=False),
    help="Only events of this PLOVER type.",
)
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="Events on or after this date.")
@click.option(
    "--until", callback=_date, metavar="YYYY-MM-DD", help="Events on or before this date."
)
@click.option("--limit", type=int, default=None, help="At most this many events.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="jsonl prints one event per line in the contract's shape.",
)
@click.option(
    "--canonical",
    is_flag=True,
    help="One row per canonical event: a happening reported by several articles, "
    "with its number of sources and fatality range.",
)
@click.option(
    "--min-sources",
    type=int,
    default=None,
    help="With --canonical: only events carried by at least N distinct outlets.",
)
def events(
    db: str,
    country: str | None,
    plover_type: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
    canonical: bool,
    min_sources: int | None,
) -> None:
    """List stored events, oldest first, with filters."""
    from .store import SQLiteStore, open_store

    _check_db(db)
    if min_sources is not None and not canonical:
        raise click.UsageError("--min-sources needs --canonical")
    with open_store(db) as store:
        filters: dict[str, Any] = {
            "country": country.upper() if country else None,
            "plover_type": plover_type.upper() if plover_type else None,
            "since": since,
            "until": until,
            "limit": limit,
        }
        rows: Iterator[dict[str, Any]]
        if not canonical:
            rows = store.events(**filters)
        elif isinstance(store, SQLiteStore):
            rows = store.canonical_events(min_sources=min_sources, **filters)
        else:
            raise click.ClickException("--canonical needs the SQLite store for now")
        if fmt == "jsonl":
            write_jsonl(rows, sys.stdout)
        elif fmt == "csv":
            write_csv(rows, sys.stdout)
        else:
            n = render_table(rows, sys.stdout)
            _err(f"{n} events")


@main.command()
@click.option(
    "--db",
    envvar="EVENTDESK_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite database file; also from EVENTDESK_DB.",
)
def failures(db: str) -> None:
    """List the inputs that could not be ingested, with their reasons."""
    from .store import open_store

    _check_db(db)
    with open_store(db) as store:
        for source, reason, at in store.failures():
            click.echo(f"{at}\t{source}\t{reason}")


@main.command()
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
    from .scale.bench import STAGES, format_report, run_bench

    chosen = tuple(x.strip() for x in stages.split(",") if x.strip())
    unknown = [x for x in chosen if x not in STAGES]
    if unknown or not chosen:
        raise click.BadParameter(
            f"{stages!r}: choose from {', '.join(STAGES)} (comma-separated)", param_hint="--stages"
        )
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    say = (lambda m: None) if quiet else (lambda m: _err(f"bench: {m}"))
    report = run_bench(
        articles=articles,
        workers=workers,
        stages=chosen,
        engine=engine,
        scheduler=scheduler,
        examples=examples,
        db=db,
        seed=seed,
        pipeline=_pipeline(lexicon, quiet),
        progress=say,
    )
    if as_json:
        click.echo(json.dumps(report))
    else:
        click.echo(format_report(report))


@main.command("serve")
@click.option(
    "--db",
    envvar="EVENTDESK_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file or postgresql://USER:PASS@HOST/DB; also from EVENTDESK_DB.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the data.",
)
@click.option("--port", type=int, default=8765, show_default=True, help="Port to listen on.")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="First line = the token POST /api/articles requires (else EVENTDESK_TOKEN; with "
    "neither the server is read-only).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Allow browser calls from this origin (repeatable); off by default.",
)
def serve(
    db: str, host: str, port: int, token_file: Path | None, cors_origins: tuple[str, ...]
) -> None:
    """Serve the REST API (reference at /docs) and the dashboard at /."""
    from .api.app import serve as run_server
    from .store.postgres import is_postgres_url

    if not is_postgres_url(db) and not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventdesk ingest`")
    run_server(db, host, port, token_file, cors_origins=cors_origins)


@main.command("export")
@click.option(
    "--db",
    envvar="EVENTDESK_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="SQLite file or postgresql:// URL; also from EVENTDESK_DB.",
)
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["acled-csv", "jsonl", "geojson", "csv"]),
    help="acled-csv: ACLED's columns; geojson: RFC 7946 points.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: stdout).",
)
@click.option("--country", metavar="ISO3[,ISO3]", help="Located in these countries.")
@click.option("--admin1", help="First-level region name.")
@click.option("--type", "plover_type", metavar="TYPE[,TYPE]", help="PLOVER type(s).")
@click.option("--acled-type", "acled_event_type", help="ACLED event type, e.g. Battles.")
@click.option("--actor", help="Actor name fragment or CAMEO code prefix.")
@click.option("--since", callback=_date, metavar="YYYY-MM-DD", help="On or after this date.")
@click.option("--until", callback=_date, metavar="YYYY-MM-DD", help="On or before this date.")
@click.option("--bbox", metavar="W,S,E,N", help="minlon,minlat,maxlon,maxlat")
@click.option("-q", "--text", "q", help="Words in the evidence sentence.")
@click.option("--canonical", is_flag=True, help="One event per canonical event.")
def export_cmd(
    db: str,
    fmt: str,
    output: Path | None,
    country: str | None,
    admin1: str | None,
    plover_type: str | None,
    acled_event_type: str | None,
    actor: str | None,
    since: str | None,
    until: str | None,
    bbox: str | None,
    q: str | None,
    canonical: bool,
) -> None:
    """Export stored events as ACLED-style CSV, JSON lines, GeoJSON or flat CSV."""
    from .api.dump import export_db
    from .api.query import EventFilter, parse_bbox, split_list
    from .store.postgres import is_postgres_url

    if not is_postgres_url(db) and not Path(db).exists():
        raise click.ClickException(f"{db}: no such database; create it with `eventdesk ingest`")
    flt = EventFilter(
        country=split_list(country),
        admin1=admin1,
        plover_type=split_list(plover_type),
        acled_event_type=acled_event_type,
        actor=actor,
        since=since,
        until=until,
        bbox=parse_bbox(bbox) if bbox else None,
        q=q,
        canonical=canonical,
    )
    if output is None:
        n = export_db(db, fmt, sys.stdout, flt)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = export_db(db, fmt, fh, flt)
    _err(f"{n} events read" + (f", written to {output}" if output else ""))


main.add_command(eval_group)
main.add_command(rules_command)


def run() -> None:
    try:
        main(standalone_mode=True)
    except EventdeskError as exc:
        _err(f"error: {exc}")
        sys.exit(2)


if __name__ == "__main__":
    run()
