"""The eventdesk command line: extract, ingest, events, failures, export, serve, bench, rules,
eval.

The commands live in :mod:`.process` (extract, ingest, bench) and :mod:`.read` (events,
failures, export, serve); option checks and exit codes in :mod:`.checks`. ``main`` is the
click group; ``run`` is the console script's entry point.
"""

from __future__ import annotations

import logging
import sys

import click

from .. import __version__
from ..eval.cli import eval_group
from ..rules_cli import rules_command
from . import process, read, train
from .checks import EXIT_BUG, EXIT_CODES, EXIT_ERROR, EXIT_NOTHING, EXIT_USAGE, EventdeskGroup

__all__ = ["EXIT_BUG", "EXIT_ERROR", "EXIT_NOTHING", "EXIT_USAGE", "main", "run"]


@click.group(
    cls=EventdeskGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
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
      eventdesk events --db events.db --country Syria --since 2020-01-01
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr)


for _command in (*process.COMMANDS, *read.COMMANDS, *train.COMMANDS):
    main.add_command(_command)
main.add_command(eval_group)
main.add_command(rules_command)


def run() -> None:
    """The ``eventdesk`` console script."""
    main(standalone_mode=True)
