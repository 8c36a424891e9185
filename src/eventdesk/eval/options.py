"""Command-line options shared by the processing commands (cli/options.py) and the ``eval``
commands: the rule switches (``--rules-off``, ``--rules-only``) and the arbiter's model and say
(``--arbiter-model``, ``--arbiter-override``). Kept here, not in the arbiter package, so that
reading the options loads no numpy."""

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


def switch_options(func: Any) -> Any:
    """Add ``--rules-off NAME[,NAME]`` and ``--rules-only STAGE[,STAGE]`` (keyword arguments
    ``rules_off`` and ``rules_only``, tuples; see :func:`eventdesk.rules.resolve_switches`)."""
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
