"""What the command line checks before it runs, and how it ends: option values, exit codes.

Every check fails with a message that says which option, what was wrong and what to give
instead, as a click usage error (exit code 2). Errors that come up while a command runs end it
with the exit codes of :data:`EXIT_CODES`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..countries import to_iso3
from ..errors import EventdeskError, StoreError

EXIT_OK = 0
EXIT_NOTHING = 1  # nothing could be processed (every input failed or was skipped), no input
EXIT_USAGE = 2  # click's code for a bad option or argument
EXIT_ERROR = 3  # eventdesk could not run: database, model, lexicon (an EventdeskError)
EXIT_BUG = 4  # an unexpected exception: a bug in eventdesk

EXIT_CODES = f"""\b
Exit codes:
  {EXIT_OK}  done; inputs that could not be read or coded are listed on stderr and
     recorded (`eventdesk failures`), the others are processed
  {EXIT_NOTHING}  nothing could be processed: every input failed or was skipped, or none
  {EXIT_USAGE}  usage error: a bad option or argument (the message says which, and what to give)
  {EXIT_ERROR}  eventdesk could not run: the database, the model or a lexicon could not be used
  {EXIT_BUG}  internal error: a bug in eventdesk; run again with -v for the traceback and
     report it
"""

log = logging.getLogger(__name__)


def err(msg: str) -> None:
    """A message for the user, on stderr."""
    click.echo(msg, err=True)


class EventdeskGroup(click.Group):
    """A click group that ends every command with a documented exit code: an
    :class:`EventdeskError` (the database, model or lexicon could not be used) prints its
    message and exits with :data:`EXIT_ERROR`; any other exception is a bug: a short report,
    the traceback with ``-v``, and :data:`EXIT_BUG`."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except EventdeskError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except BrokenPipeError:  # the reader of our output went away (`| head`): not a bug
            sys.stderr.close()
            ctx.exit(EXIT_OK)
        except Exception as exc:
            _report_bug(exc, verbose=bool(ctx.params.get("verbose")))
            ctx.exit(EXIT_BUG)


def _report_bug(exc: Exception, verbose: bool) -> None:
    if verbose:
        traceback.print_exc(file=sys.stderr)
    frames = traceback.extract_tb(exc.__traceback__)
    at = f"\n  at {frames[-1].filename}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
    what = " ".join(str(exc).split())[:300]
    click.echo(
        f"internal error: {type(exc).__name__}: {what}{at}\n"
        "This is a bug in eventdesk, not a problem with your input or options. "
        + (
            ""
            if verbose
            else "Run the command again with -v (eventdesk -v ...) to see the traceback, "
        )
        + "please report it with the command that caused it.",
        err=True,
    )


# -- option callbacks ------------------------------------------------------------------------


def date_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from exc


def at_least(minimum: int, what: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """A callback refusing a number below ``minimum`` ("0 is not a number of articles per
    batch; use 1 or more")."""

    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and value < minimum:
            raise click.BadParameter(f"{value:g} is not {what}; use {minimum} or more")
        return value

    return check


def positive_seconds(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not value > 0:
        raise click.BadParameter(f"{value:g} is not a number of seconds; use more than 0")
    return value


def _target(value: str) -> tuple[str, str]:
    from ..store import store_target

    try:
        return store_target(value)
    except StoreError as exc:
        raise click.BadParameter(str(exc)) from None


def db_to_write(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--db`` for commands that create the database if needed: a known scheme, and a file
    path that is not a folder. Returns the path (``sqlite:///x.db`` -> ``x.db``) or URL."""
    kind, where = _target(value)
    if kind == "sqlite" and Path(where).is_dir():
        raise click.BadParameter(f"{where}: is a folder; give the path of a database file")
    return where


def existing_db(db: str) -> str:
    """``db`` (as returned by :func:`db_to_write`) for a command that reads: a SQLite file
    must exist. Checked in the command, after every option's own check, so that a bad option
    is reported as such even when the database is missing too."""
    kind, _ = _target(db)
    if kind == "sqlite" and not Path(db).exists():
        raise click.BadParameter(
            f"{db}: no such database; create it with `eventdesk ingest` (or check --db and "
            "EVENTDESK_DB)",
            param_hint="'--db'",
        )
    return db


def output_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``-o FILE``: its folder must exist (nothing is created on a typo)."""
    if value is None:
        return None
    if value.is_dir():
        raise click.BadParameter(f"{value}: is a folder; give a file name")
    folder = value.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise click.BadParameter(
            f"{value}: the folder {folder} {what}; create it first (mkdir -p {folder}) or "
            "write elsewhere"
        )
    return value


def country_code(value: str) -> str:
    """One country, by name or code, as ISO3; click.BadParameter with a hint otherwise."""
    try:
        return to_iso3(value.strip())
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def country(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--country NAME|ISO3`` -> ISO3."""
    return country_code(value) if value else None


def countries(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--country A,B``: each a name or code -> "ISO3,ISO3"."""
    if not value:
        return None
    codes = [country_code(part) for part in value.split(",") if part.strip()]
    return ",".join(dict.fromkeys(codes)) or None
