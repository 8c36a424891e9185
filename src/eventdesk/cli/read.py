"""The commands that read a database: events, failures, export, serve."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..output import render_table, write_csv, write_jsonl
from ..records import PLOVER_TYPES
from .checks import (
    at_least,
    countries,
    country,
    date_value,
    db_to_write,
    err,
    existing_db,
    output_file,
)

DEFAULT_DB = "eventdesk.db"


def db_option(help_text: str) -> Any:
    """``--db``: a known scheme (checked with the options); a command that reads checks that
    a SQLite file exists (:func:`existing_db`), ``ingest`` creates it."""
    return click.option(
        "--db",
        envvar="EVENTDESK_DB",
        default=DEFAULT_DB,
        show_default=True,
        callback=db_to_write,
        help=help_text,
    )


@click.command()
@db_option("SQLite database file (or sqlite:///PATH, postgresql://...); also from EVENTDESK_DB.")
@click.option(
    "--country",
    callback=country,
    metavar="NAME|ISO3",
    help="Only events located in this country: a name (Syria) or an ISO3 code (SYR).",
)
@click.option(
    "--type",
    "plover_type",
    type=click.Choice(PLOVER_TYPES, case_sensitive=False),
    help="Only events of this PLOVER type.",
)
@click.option(
    "--since", callback=date_value, metavar="YYYY-MM-DD", help="Events on or after this date."
)
@click.option(
    "--until", callback=date_value, metavar="YYYY-MM-DD", help="Events on or before this date."
)
@click.option(
    "--limit",
    type=int,
    default=None,
    callback=at_least(0, "a number of events"),
    help="At most this many events.",
)
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
    callback=at_least(1, "a number of outlets"),
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
    from ..store import SQLiteStore, open_store

    if min_sources is not None and not canonical:
        raise click.UsageError("--min-sources needs --canonical")
    with open_store(existing_db(db)) as store:
        filters: dict[str, Any] = {
            "country": country,
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
            raise click.UsageError("--canonical needs the SQLite store for now")
        if fmt == "jsonl":
            write_jsonl(rows, sys.stdout)
        elif fmt == "csv":
            write_csv(rows, sys.stdout)
        else:
            n = render_table(rows, sys.stdout)
            err(f"{n} events")


@click.command()
@db_option("SQLite database file (or sqlite:///PATH, postgresql://...); also from EVENTDESK_DB.")
def failures(db: str) -> None:
    """List the inputs that could not be ingested, with their reasons.

    One line per input: when, the input (a path, URL or file:line; a path that is not valid
    UTF-8 is shown as its file: URI), and the reason."""
    from ..store import open_store

    with open_store(existing_db(db)) as store:
        for source, reason, at in store.failures():
            click.echo(f"{at}\t{source}\t{reason}")


@click.command("serve")
@db_option(
    "SQLite file (or sqlite:///PATH) or postgresql://USER:PASS@HOST/DB; also from EVENTDESK_DB."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback exposes the data.",
)
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8765,
    show_default=True,
    help="Port to listen on.",
)
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
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes on the one port (about one per core; each has its own caches).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    default=4,
    show_default=True,
    help="Worker threads per process for the light endpoints.",
)
@click.option(
    "--access-log/--no-access-log",
    default=True,
    show_default=True,
    help="Log one line per request on stderr (off saves about 6% of the server's CPU).",
)
def serve(
    db: str,
    host: str,
    port: int,
    token_file: Path | None,
    cors_origins: tuple[str, ...],
    workers: int,
    threads: int,
    access_log: bool,
) -> None:
    """Serve the REST API (reference at /docs) and the dashboard at /."""
    from ..api.app import serve as run_server

    run_server(
        existing_db(db),
        host,
        port,
        token_file,
        cors_origins=cors_origins,
        workers=workers,
        threads=threads,
        access_log=access_log,
    )


@click.command("export")
@db_option("SQLite file (or sqlite:///PATH) or postgresql:// URL; also from EVENTDESK_DB.")
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
    callback=output_file,
    help="File to write (default: stdout); its folder must exist. Written whole or not at all.",
)
@click.option(
    "--country",
    callback=countries,
    metavar="NAME|ISO3[,...]",
    help="Located in these countries: names (Syria) or ISO3 codes (SYR), comma-separated.",
)
@click.option("--admin1", help="First-level region name.")
@click.option("--type", "plover_type", metavar="TYPE[,TYPE]", help="PLOVER type(s).")
@click.option("--acled-type", "acled_event_type", help="ACLED event type, e.g. Battles.")
@click.option("--actor", help="Actor name fragment or CAMEO code prefix.")
@click.option("--since", callback=date_value, metavar="YYYY-MM-DD", help="On or after this date.")
@click.option("--until", callback=date_value, metavar="YYYY-MM-DD", help="On or before this date.")
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
    from ..api.dump import export_db
    from ..api.query import EventFilter, QueryError, parse_bbox, split_list
    from ..export import atomic_output

    existing_db(db)
    try:
        box = parse_bbox(bbox) if bbox else None
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="--bbox") from None
    flt = EventFilter(
        country=split_list(country),
        admin1=admin1,
        plover_type=split_list(plover_type),
        acled_event_type=acled_event_type,
        actor=actor,
        since=since,
        until=until,
        bbox=box,
        q=q,
        canonical=canonical,
    )
    if output is None:
        n = export_db(db, fmt, sys.stdout, flt)
    else:
        with atomic_output(output) as fh:
            n = export_db(db, fmt, fh, flt)
    err(f"{n} events read" + (f", written to {output}" if output else ""))


COMMANDS = (events, failures, serve, export_cmd)
