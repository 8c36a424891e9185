"""The command-line options that choose the arbiter and its say (``--arbiter-model``,
``--arbiter-override``), shared by the processing commands (cli/options.py) and ``eval acled``.
Kept here, not in the arbiter package, so that reading the options loads no numpy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click


def arbiter_options(func: Any) -> Any:
    """Add ``--arbiter-model DIR`` and ``--arbiter-override P`` (keyword arguments
    ``arbiter_model: Path | None`` and ``arbiter_override: float | None``)."""
    func = click.option(
        "--arbiter-override",
        type=click.FloatRange(0.0, 1.0),
        default=None,
        metavar="P",
        help="Let the arbiter replace the rules' ACLED type where it disagrees with at least "
        "this probability (default: never; it only records its opinion in decided_by).",
    )(func)
    return click.option(
        "--arbiter-model",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=None,
        metavar="DIR",
        help="Arbiter model folder made by `eventdesk train` (default: the shipped model); "
        "switch the arbiter off with --rules-off typing.arbiter_opinion.",
    )(func)
