"""Options and helpers shared by the commands that process articles (extract, ingest, bench)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..errors import EventdeskError
from ..eval.options import arbiter_options, switch_options
from .checks import at_least, date_value, err, positive_seconds

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 5_000_000


@contextmanager
def progress(total: int | None, quiet: bool, label: str) -> Iterator[Callable[[int], None]]:
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
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def make_pipeline(
    lexicon: Path | None,
    quiet: bool,
    rules_off: tuple[str, ...] = (),
    rules_only: tuple[str, ...] = (),
    arbiter_model: Path | None = None,
    arbiter_override: float | None = None,
) -> Any:
    """The extraction pipeline; an unknown rule name is a usage error."""
    from ..pipeline import Pipeline
    from ..rules import resolve_switches

    say = (lambda m: None) if quiet else (lambda m: err(f"gazetteer: {m}"))
    try:
        off = resolve_switches(rules_off, rules_only)
    except EventdeskError as exc:
        raise click.UsageError(str(exc)) from None
    return Pipeline(
        lexicon_dir=lexicon,
        progress=say,
        rules_off=off,
        arbiter_dir=arbiter_model,
        arbiter_override=arbiter_override,
    )


@contextmanager
def runner(
    pipeline: Any, workers: int, engine: str = "local", scheduler: str | None = None
) -> Iterator[Any]:
    """None (extract in this process), a process pool, or a Dask runner."""
    if engine == "dask":
        from ..scale.dask_engine import DaskRunner

        with DaskRunner(pipeline, scheduler=scheduler, workers=workers) as dask_runner:
            yield dask_runner
    elif workers > 1:
        from ..scale.pool import PoolRunner

        with PoolRunner(pipeline, workers) as pool:
            yield pool
    else:
        yield None


def rules_options(func: Any) -> Any:
    """--rules-off / --rules-only: switch named rules off (see `eventdesk rules`);
    --arbiter-model / --arbiter-override: the learned arbiter's model and its say."""
    return switch_options(arbiter_options(func))


workers_option = click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    callback=at_least(1, "a number of processes"),
    help="Worker processes, each loading the model once (use about one per core).",
)
lexicon_option = click.option(
    "--lexicon",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of lexicon files (events.tsv, agents.tsv, groups.tsv, ...) whose rows extend "
    "and override the packaged ones.",
)
published_option = click.option(
    "--published",
    callback=date_value,
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
            default=DEFAULT_TIMEOUT,
            show_default=True,
            callback=positive_seconds,
            help="Deadline for fetching one URL, in seconds: connecting, headers and body "
            "together (a server that drips its answer is cut off).",
        ),
        click.option(
            "--max-bytes",
            type=int,
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            callback=at_least(1, "a number of bytes"),
            help="Size cap for one article, page or record.",
        ),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def ingest_options(kw: dict[str, Any]) -> Any:
    """The :class:`~eventdesk.ingest.IngestOptions` of :func:`input_options`' values (popped
    from ``kw``)."""
    from ..ingest import IngestOptions

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


def expected_items(items: Sequence[Any]) -> int | None:
    """Items to expect among ``items`` (what ``ingest.expand_paths`` gave), for the progress
    bar; None when feeds, corpora or URLs hide it."""
    from ..ingest import input_kind, is_url

    if any(
        (isinstance(i, str) and is_url(i)) or input_kind(str(i)) in {"feed", "jsonl", "csv"}
        for i in items
    ):
        return None
    return len(items)
