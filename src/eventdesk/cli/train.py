"""`eventdesk train`: fit an arbiter (eventdesk.arbiter) on a user's own labelled rows."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import click

MIN_COUNT = 2  # arbiter.train.DEFAULTS.min_count (not imported here: it loads numpy)


@click.command("train")
@click.option(
    "--labels",
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Labelled rows: JSON Lines {text, acled_sub_event_type, acled_event_type, plover} "
    "(null: no event), or an ACLED CSV export (notes + sub_event_type).",
)
@click.option(
    "--model",
    "model_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the model to (weights.npz, model.json).",
)
@click.option(
    "--min-count",
    type=click.IntRange(1),
    default=MIN_COUNT,
    show_default=True,
    help="Keep word pairs seen at least this often.",
)
def train_command(labels: Path, model_dir: Path, min_count: int) -> None:
    """Train an event-type arbiter on your own labelled rows (deterministic: the same rows
    and settings give the same weights). The shipped model is built by `make model` from
    training/corpus.jsonl; see training/README.md."""
    from ..arbiter.model import save  # numpy: loaded only by this command
    from ..arbiter.train import DEFAULTS, read_examples, train

    # a bad row is an InputError naming its file and line (exit code 3, see --help)
    arbiter = train(read_examples(labels), replace(DEFAULTS, min_count=min_count))
    save(arbiter, model_dir)
    info = {k: arbiter.info[k] for k in ("rows", "columns") if k in arbiter.info}
    click.echo(json.dumps({"model": str(model_dir), **info}))


COMMANDS = (train_command,)
