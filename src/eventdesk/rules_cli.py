"""`eventdesk rules`: list the named rules, and how often each fired on given inputs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import rules
from .errors import EventdeskError
from .explain import rule_table
from .pipeline import Pipeline  # imports every stage, so every rule is registered


@click.command("rules")
@click.argument("inputs", nargs=-1, metavar="[FILE... | -]")
@click.option(
    "--stage", metavar="STAGE", help="Only the rules of this stage (typing, actors, ...)."
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date for inputs that do not carry one.",
)
@click.option(
    "--lexicon",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of lexicon files that extend and override the packaged ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the rules as JSON.")
def rules_command(
    inputs: tuple[str, ...],
    stage: str | None,
    published: str | None,
    lexicon: Path | None,
    as_json: bool,
) -> None:
    """List every named rule: its stage, the event fields it decides, what it does, in the
    order it applies. With inputs (as for `extract`), also how often each rule fired on them.

    \b
    Switch rules off with `--rules-off NAME[,NAME]` (or a whole stage by its name) on
    extract, ingest and every eval command; `--rules-only STAGE` keeps one stage's rules.
    Base decisions (the defaults the rules refine) are listed but cannot be switched off.
    """
    from .ingest import Failure, read_inputs

    if stage is not None and stage not in rules.stages():
        raise click.UsageError(f"unknown stage {stage!r}; stages: {', '.join(rules.stages())}")
    counts = None
    if inputs:
        pipeline = Pipeline(lexicon_dir=lexicon)
        read = 0
        with rules.counting() as counts:
            articles = []
            for item in read_inputs(inputs, published):
                if isinstance(item, Failure):
                    click.echo(f"skipped {item.reason}", err=True)
                    continue
                articles.append(item)
            for _ in pipeline.process(articles):
                read += 1
        if not read:
            click.echo("nothing could be read", err=True)
            sys.exit(1)
    if as_json:
        out = [
            {
                "name": r.name,
                "stage": r.stage,
                "fields": list(r.fields),
                "base": r.base,
                "description": r.description,
                "examples": [e.text for e in r.examples],
                **({"fired": counts.get(r.name, 0)} if counts is not None else {}),
            }
            for r in rules.registry().values()
            if stage is None or r.stage == stage
        ]
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    try:
        click.echo(rule_table(counts, stage), nl=False)
    except EventdeskError as exc:
        raise click.ClickException(str(exc)) from None
