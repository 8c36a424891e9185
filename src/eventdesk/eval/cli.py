"""`eventdesk eval ...`: score the extractor against gold files, and the evaluation gate.

Data (the table, or ``--json``) goes to stdout; progress and notes go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from ..errors import EventdeskError
from .options import arbiter_options, switch_options

DEFAULT_DATA = Path("..") / "shared" / "data" / "dev"

_file = click.Path(exists=True, dir_okay=False, path_type=Path)
_json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"dataset", "n", "metrics"} as one JSON object instead of the table.',
)
_lexicon_option = click.option(
    "--lexicon",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of lexicon files whose rows extend and override the packaged ones.",
)


F = TypeVar("F", bound=Callable[..., Any])


def _rules_options(f: F) -> F:
    """--rules-off and --rules-only (see :func:`eventdesk.rules.resolve_switches`)."""
    return cast(F, switch_options(f))


def _switches(off: Iterable[str], only: Iterable[str]) -> frozenset[str]:
    """The rule names to switch off; an unknown rule or stage is a usage error (exit 2)."""
    from .. import rules
    from ..errors import RuleError

    try:
        switched = rules.resolve_switches(off, only)
    except RuleError as exc:
        raise click.UsageError(str(exc)) from exc
    if switched:
        _note(f"rules switched off: {', '.join(sorted(switched))}")
    return switched


def _note(msg: str) -> None:
    click.echo(msg, err=True)


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except EventdeskError as exc:
        raise click.ClickException(str(exc)) from exc


def _pipeline(
    lexicon: Path | None = None,
    rules_off: frozenset[str] = frozenset(),
    arbiter: tuple[Path | None, float | None] = (None, None),
) -> Any:
    from ..pipeline import Pipeline

    return Pipeline(
        lexicon_dir=lexicon,
        progress=lambda m: _note(f"gazetteer: {m}"),
        rules_off=rules_off,
        arbiter_dir=arbiter[0],
        arbiter_override=arbiter[1],
    )


def _sentences(
    name: str,
    file: Path,
    as_json: bool,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
    evaluate: Callable[[Path, Any], dict[str, Any]],
    table: Callable[[dict[str, Any]], str],
) -> None:
    """The body of the commands that code a file of sentences with the pipeline and score
    them (``eval location``, ``eval actors``)."""
    switched = _switches(rules_off, rules_only)
    with _errors():
        _note(f"eval {name}: {file}")
        report = evaluate(file, _pipeline(lexicon, switched))
    _emit(report, as_json, table)


def _emit(
    report: dict[str, Any],
    as_json: bool,
    table: Callable[[dict[str, Any]], str],
    keys: tuple[str, ...] = ("dataset", "n", "metrics"),
) -> None:
    if as_json:
        shape = {k: report[k] for k in keys}
        click.echo(json.dumps(shape, ensure_ascii=False))
    else:
        click.echo(table(report))


@click.group("eval", context_settings={"help_option_names": ["-h", "--help"]})
def eval_group() -> None:
    """Score eventdesk against gold files labelled by others, and run the evaluation gate.

    Each command reads a gold file given on the command line and prints a table of metrics
    (or, with --json, one object {"dataset", "n", "metrics"}). The gold data is never copied
    into the project.

    \b
    Examples:
      eventdesk eval acled ../shared/data/dev/acled_2020_dev/acled_2020_dev.csv
      eventdesk eval acled FILE.csv --by-region --rules-off typing.plural_shelling
      eventdesk eval rules FILE.csv --limit 500
      eventdesk eval petrarch records.jsonl --dictionaries dictionaries/ --json
      eventdesk eval geo lgl.jsonl --format lgl --spans predicted
      eventdesk eval articles article_gold/lgl.jsonl article_gold/glocon.jsonl --errors 10
      eventdesk eval gate --data ../shared/data/dev
    """


@eval_group.command("acled", short_help="Score event coding against an ACLED export (CSV).")
@click.argument("file", type=_file, metavar="FILE.csv")
@_json_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Score only the first N rows."
)
@click.option(
    "--by-region",
    is_flag=True,
    help="Every metric per ACLED region (rows without one under '(none)'), beside a keyword "
    'baseline\'s type accuracies; --json adds "baseline" and "regions".',
)
@_lexicon_option
@_rules_options
@arbiter_options
def acled_cmd(
    file: Path,
    as_json: bool,
    limit: int | None,
    by_region: bool,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
    arbiter_model: Path | None,
    arbiter_override: float | None,
) -> None:
    """Event type, sub-event type, actor types, country, fatalities, date and location
    against an ACLED export (CSV with a 'notes' column).

    Each row's notes (a leading answer-naming "Label: " stripped) are coded and compared with
    the primary event: the most confident event that has an ACLED type.

    With --by-region, the table has one line per region (the CSV's 'region' column) and the
    keyword baseline's event / sub-event type accuracy (a keyword list written from the ACLED
    codebook, eventdesk/lexicon/keyword_baseline.tsv) beside ours: the floor to beat.
    """
    from .acled import evaluate_acled, format_regions, format_table

    switched = _switches(rules_off, rules_only)
    with _errors():
        _note(f"eval acled: {file}")
        pipeline = _pipeline(lexicon, switched, (arbiter_model, arbiter_override))
        report = evaluate_acled(file, pipeline, limit=limit, by_region=by_region)
    if by_region:
        keys = ("dataset", "n", "metrics", "baseline", "regions")
        _emit(report, as_json, format_regions, keys)
    else:
        _emit(report, as_json, format_table)


@eval_group.command("rules", short_help="Measure each rule on an ACLED export by switching it off.")
@click.argument("file", type=_file, metavar="FILE.csv")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"dataset", "n", "texts", "metrics", "rules", "never_fired", "base", '
    '"summary", "seconds"} as one JSON object instead of the table.',
)
@click.option(
    "--rules",
    "only",
    multiple=True,
    metavar="NAME[,NAME]",
    help="Measure only these rules (or the rules of these stages) [default: every rule].",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Use only the first N rows."
)
@_lexicon_option
@_rules_options
def rules_cmd(
    file: Path,
    as_json: bool,
    only: tuple[str, ...],
    limit: int | None,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Each rule's effect on the ACLED metrics: the metric with the rule on minus with it
    off, overall and per region, and how many regions it helps / hurts.

    Every note is parsed once; a rule is switched off only on the texts it fired on, the other
    texts keep their events. Rules switched off with --rules-off / --rules-only stay off and
    are not measured. The summary counts the rules that help every region they fire in, help
    exactly one, hurt some region, or change nothing.
    """
    from .rule_effects import evaluate_rules, format_table

    switched = _switches(rules_off, rules_only)
    measured = _switches(only, ()) if only else None
    with _errors():
        _note(f"eval rules: {file}")
        report = evaluate_rules(
            file, _pipeline(lexicon, switched), limit=limit, only=measured, say=_note
        )
    _note(f"eval rules: {report['seconds']} s")
    keys: tuple[str, ...] = ("dataset", "n", "texts", "metrics", "rules", "never_fired")
    keys += ("base", "summary", "seconds")
    _emit(report, as_json, format_table, keys)


@eval_group.command(
    "petrarch", short_help="Score CAMEO codings against PETRARCH unit-test records."
)
@click.argument("file", type=_file, metavar="FILE.jsonl")
@click.option(
    "--dictionaries",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of PETRARCH/TABARI dictionaries (*actors*.txt, *agents*.txt) to code actors "
    "with, on top of the packaged lexicon.",
)
@_json_option
@_lexicon_option
@_rules_options
def petrarch_cmd(
    file: Path,
    dictionaries: Path | None,
    as_json: bool,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """CAMEO codings (event root, source and target actor codes) against PETRARCH unit-test
    records (JSON lines with 'text', 'date' and 'event_codings').

    Reports precision, recall and F1 of whole codings, root_accuracy (gold codings whose
    root some event of the sentence has), country_f1 (actors compared on their country) and
    noevents_accuracy. Records testing input errors or using non-CAMEO codes are skipped.
    """
    from .petrarch import evaluate_petrarch, format_table

    switched = _switches(rules_off, rules_only)
    with _errors():
        _note(f"eval petrarch: {file}" + (f" with {dictionaries}" if dictionaries else ""))
        report = evaluate_petrarch(file, _pipeline(lexicon, switched), dictionaries)
    _emit(report, as_json, format_table)


@eval_group.command("geo", short_help="Score geoparsing against toponym-annotated news.")
@click.argument("file", type=_file, metavar="FILE.jsonl")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["lgl", "geovirus", "gwn"]),
    required=True,
    help="Gold format: lgl (LGL / TR-News), geovirus, gwn (GeoWebNews).",
)
@click.option(
    "--spans",
    type=click.Choice(["gold", "predicted"]),
    default="gold",
    show_default=True,
    help="gold: resolve the gold toponym spans (disambiguation only); predicted: find "
    "toponyms with the spaCy model first (recognition + disambiguation).",
)
@click.option(
    "--linked-only",
    is_flag=True,
    help="Score only toponyms the gold links to GeoNames (a GeoNames id), as published "
    "geoparser figures do; default: every gold toponym with coordinates.",
)
@_json_option
@_rules_options
def geo_cmd(
    file: Path,
    fmt: str,
    spans: str,
    linked_only: bool,
    as_json: bool,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Geoparsing: toponyms resolved to places, scored by distance (acc_161km, mean / median
    error), GeoNames id (exact_match; id_or_161km: same id or within 161 km) and country;
    with --spans predicted also toponym precision / recall. Gold spans whose offsets do not
    hold their phrase move to the phrase nearby (200 characters) or are skipped; the counts
    are reported (spans_realigned, spans_unaligned)."""
    from .. import rules
    from ..nlp import load_model
    from ..resolve.gazetteer import Gazetteer
    from ..resolve.places import PlaceResolver
    from .geo import evaluate_geo, format_table

    switched = _switches(rules_off, rules_only)
    with _errors(), rules.using(switched):
        _note(f"eval geo: {file} ({fmt}, {spans} spans{', linked only' if linked_only else ''})")
        resolver = PlaceResolver(Gazetteer.open(progress=lambda m: _note(f"gazetteer: {m}")))
        nlp = load_model() if spans == "predicted" else None
        report = evaluate_geo(file, fmt, spans, resolver, nlp, linked_only=linked_only)
    _emit(report, as_json, format_table)


@eval_group.command("location", short_help="Score where-did-this-event-happen sentences.")
@click.argument("file", type=_file, metavar="FILE.jsonl")
@_json_option
@_lexicon_option
@_rules_options
def location_cmd(
    file: Path,
    as_json: bool,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Event location against event-geolocation sentences (one marked VERB span, LOCATION
    spans where that event happened; only answer == "accept").

    The event whose trigger overlaps the verb (else the nearest) is taken; its location span
    is right when it overlaps a gold LOCATION span, or when both are none.
    """
    from .location import evaluate_location, format_table

    _sentences(
        "location", file, as_json, lexicon, rules_off, rules_only, evaluate_location, format_table
    )


@eval_group.command("actors", short_help="Score the coding of named real-world actors.")
@click.argument("file", type=_file, metavar="FILE.jsonl")
@_json_option
@_lexicon_option
@_rules_options
def actors_cmd(
    file: Path,
    as_json: bool,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Country and ACLED actor type of both sides of sentences about named real-world actors
    (leaders, ministers, armed groups, state forces, IGOs), one event each, e.g. the project's
    own tests/fixtures/actors/real_world.jsonl.

    A side is right when its (country, inter) is the expected one; the table lists the
    sentences coded wrong.
    """
    from .actors import evaluate_actors, format_table

    _sentences(
        "actors", file, as_json, lexicon, rules_off, rules_only, evaluate_actors, format_table
    )


@eval_group.command("articles", short_help="Score every event of whole annotated articles.")
@click.argument("files", nargs=-1, required=True, type=_file, metavar="FILE.jsonl...")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"dataset", "n_articles", "n_gold", "n_predicted", "metrics", "files"} as one '
    "JSON object instead of the table.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder holding lgl/ and glocon_gold_sample/ with the article texts [default: each "
    "gold file's grandparent folder].",
)
@click.option(
    "--errors",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="After the table, list up to N unmatched gold events and N spurious predicted events "
    'with their sentences (with --json: an "errors" key).',
)
@_lexicon_option
@_rules_options
def articles_cmd(
    files: tuple[Path, ...],
    as_json: bool,
    data_dir: Path | None,
    errors: int | None,
    lexicon: Path | None,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Every event of whole annotated articles (article_gold/*.jsonl): precision, recall, F1,
    duplicate and spurious rates, and each field over the matched pairs.

    A predicted event matches a gold event when its trigger overlaps one of the gold mentions,
    else when its sentence contains a gold mention of the same PLOVER type; each gold event
    counts once (later matches are duplicates). Several files give one combined report and a
    column per file. The scoring rules are in eventdesk/eval/articles.py.
    """
    from .articles import dumps, evaluate_articles, format_table

    switched = _switches(rules_off, rules_only)
    with _errors():
        _note(f"eval articles: {', '.join(str(f) for f in files)}")
        report = evaluate_articles(files, _pipeline(lexicon, switched), data_dir)
    if as_json:
        click.echo(dumps(report, errors))
    else:
        click.echo(format_table(report, errors))


@eval_group.command("gate", short_help="Check every evaluation against its pinned floors.")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of development gold data [default: $EVENTDESK_DEV_DATA or "
    "../shared/data/dev]. Evaluations whose file is missing are skipped.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Baseline file with the pinned bounds [default: the packaged eval/baseline.json].",
)
@click.option(
    "--update",
    is_flag=True,
    help="Raise floors (and lower ceilings) to the current values and add bounds for new "
    "metrics; never loosens a bound.",
)
@click.option(
    "--lower-floors",
    "lower",
    is_flag=True,
    help="With --update: also loosen bounds a metric now misses (a deliberate regression).",
)
@_rules_options
def gate_cmd(
    data_dir: Path | None,
    baseline: Path | None,
    update: bool,
    lower: bool,
    rules_off: tuple[str, ...],
    rules_only: tuple[str, ...],
) -> None:
    """Run every evaluation pinned in the baseline and fail if a metric falls below its floor
    (or rises above its ceiling) by more than 0.0005.

    Prints a table metric / value / bound / status; exit code 1 when the gate fails.
    """
    from .gate import run_gate

    if lower and not update:
        raise click.UsageError("--lower-floors only works together with --update")
    switched = _switches(rules_off, rules_only)
    if update and switched:
        raise click.UsageError("--update cannot be combined with --rules-off / --rules-only")
    data = data_dir or Path(os.environ.get("EVENTDESK_DEV_DATA") or DEFAULT_DATA)
    if not data.is_dir():
        _note(f"gate: no gold data folder at {data}; every evaluation is skipped")
    with _errors():
        result = run_gate(
            data,
            baseline,
            update=update,
            lower=lower,
            pipeline=_pipeline(rules_off=switched),
            say=_note,
        )
    click.echo(result.table())
    if not result.passed:
        _note(
            "gate: failed. Fix the regression, or loosen deliberately with --update --lower-floors."
        )
        sys.exit(1)
