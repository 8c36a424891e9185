"""`eventdesk eval acled`: the coder against ACLED rows (notes text in, gold fields out).

Each row's input is its ``notes`` text with a leading answer-naming label ("Arrests: ")
stripped, published on the day of the row's ``timestamp``. The row is compared with the
**primary event** of that text: the highest-confidence event that has an ACLED type (ties go to
the earliest), so emitting many guesses cannot help. Rows that share one ``notes`` text (ACLED
split one report into events at several places) are each compared with the same primary event:
the text is coded once, every gold row counts.

One function scores a row against an event (:func:`score_row`); the plain evaluation, the
per-region one (``--by-region``, beside the keyword baseline of :mod:`.keywords`) and the rule
measurements of :mod:`.rule_effects` all sum its counts.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

from ..ingest.acled_rows import LABEL, read_rows, strip_label  # noqa: F401  (their old home)
from ..pipeline import Pipeline
from ..records import Article, Event

METRICS = (
    "event_type_accuracy",
    "sub_event_type_accuracy",
    "actor_types_accuracy",
    "country_accuracy",
    "fatalities_accuracy",
    "fatalities_nonzero_accuracy",
    "date_accuracy",
    "no_event_rate",
    "location_25km_accuracy",
)


def primary_event(events: tuple[Event, ...] | list[Event]) -> Event | None:
    typed = [e for e in events if e.acled_event_type is not None]
    if not typed:
        return None
    return max(enumerate(typed), key=lambda p: (p[1].confidence, -p[0]))[1]


def _gold_date(value: str) -> str | None:
    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y"):
        try:
            return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def _published(row: dict[str, str]) -> str | None:
    ts = row.get("timestamp", "").strip()
    if ts.isdigit():
        return dt.datetime.fromtimestamp(int(ts), tz=dt.UTC).date().isoformat()
    return _gold_date(row.get("event_date", ""))


def _country(ev: Event) -> str | None:
    if ev.location is not None and ev.location.country:
        return ev.location.country
    for actor in (ev.actor1, ev.actor2):
        if actor is not None and actor.country:
            return actor.country
    return None


def _int(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return 0


Key = tuple[str, str | None]  # (notes text without its label, publication date)
NO_REGION = "(none)"
LOWER_IS_BETTER = frozenset({"no_event_rate"})
_DENOMINATORS = {"fatalities_nonzero_accuracy": "_nonzero", "location_25km_accuracy": "_located"}
BASELINE_METRICS = ("event_type_accuracy", "sub_event_type_accuracy")


def group_rows(rows: list[dict[str, str]]) -> dict[Key, list[dict[str, str]]]:
    """Rows by the text they are coded from, in file order (rows sharing one text are coded
    once, and each counts)."""
    texts: dict[Key, list[dict[str, str]]] = {}
    for row in rows:
        texts.setdefault((strip_label(row["notes"]), _published(row)), []).append(row)
    return texts


def load_texts(path: Path, limit: int | None = None) -> dict[Key, list[dict[str, str]]]:
    rows = read_rows(path)
    return group_rows(rows[:limit] if limit else rows)


def article_for(key: Key) -> Article:
    return Article(text=key[0], published=key[1])


def region_of(row: dict[str, str]) -> str:
    return (row.get("region") or "").strip() or NO_REGION


def score_types(row: dict[str, str], event_type: str | None, sub_type: str | None) -> Counter[str]:
    """Hits of the two type metrics for one row (shared by the coder and the baseline)."""
    hits: Counter[str] = Counter(_n=1)
    hits["event_type_accuracy"] += event_type == row.get("event_type", "")
    hits["sub_event_type_accuracy"] += sub_type is not None and sub_type == row.get(
        "sub_event_type"
    )
    return hits


def score_row(row: dict[str, str], ev: Event | None) -> Counter[str]:
    """One gold row against the primary event of its text: a hit count per metric of
    ``METRICS`` (0 or 1), and the denominators ``_n``, ``_nonzero`` and ``_located``."""
    hits = score_types(
        row, ev.acled_event_type if ev else None, ev.acled_sub_event_type if ev else None
    )
    gold_pair = sorted([_int(row.get("inter1", "0")), _int(row.get("inter2", "0"))])
    pred_pair = sorted(
        [
            (ev.actor1.inter or 0) if ev and ev.actor1 else 0,
            (ev.actor2.inter or 0) if ev and ev.actor2 else 0,
        ]
    )
    hits["actor_types_accuracy"] += gold_pair == pred_pair
    gold_iso = (row.get("iso3") or "").strip()
    hits["country_accuracy"] += ev is not None and _country(ev) == gold_iso
    gold_dead = _int(row.get("fatalities", "0"))
    pred_dead = (ev.fatalities or 0) if ev else 0
    hits["fatalities_accuracy"] += pred_dead == gold_dead
    if gold_dead > 0:
        hits["_nonzero"] += 1
        hits["fatalities_nonzero_accuracy"] += pred_dead == gold_dead
    pred_date = ev.date if ev else None
    hits["date_accuracy"] += pred_date is not None and pred_date == _gold_date(
        row.get("event_date", "")
    )
    hits["no_event_rate"] += ev is None
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat and lon:
        hits["_located"] += 1
        loc = ev.location if ev else None
        if loc is not None and loc.lat is not None and loc.lon is not None:
            hits["location_25km_accuracy"] += _km(loc.lat, loc.lon, float(lat), float(lon)) <= 25.0
    return hits


def metrics_of(
    tally: Counter[str], names: tuple[str, ...] = METRICS, digits: int | None = 4
) -> dict[str, float | None]:
    """Each metric's hits over its denominator (None when the denominator is 0)."""
    out: dict[str, float | None] = {}
    for name in names:
        d = tally[_DENOMINATORS.get(name, "_n")]
        value = tally[name] / d if d else None
        out[name] = round(value, digits) if value is not None and digits is not None else value
    return out


def code_texts(
    texts: dict[Key, list[dict[str, str]]], pipeline: Pipeline
) -> dict[Key, Event | None]:
    """The primary event of each text (None for an empty text or no ACLED-typed event)."""
    keys = [k for k in texts if k[0]]
    results = pipeline.process(article_for(k) for k in keys)
    primaries: dict[Key, Event | None] = dict.fromkeys(texts)
    for key, result in zip(keys, results, strict=True):
        primaries[key] = primary_event(result.events)
    return primaries


def tally_by_region(
    texts: dict[Key, list[dict[str, str]]], primaries: dict[Key, Event | None]
) -> dict[str, Counter[str]]:
    """Summed row scores per region."""
    out: dict[str, Counter[str]] = {}
    for key, gold_rows in texts.items():
        for row in gold_rows:
            out.setdefault(region_of(row), Counter()).update(score_row(row, primaries.get(key)))
    return out


def baseline_by_region(texts: dict[Key, list[dict[str, str]]]) -> dict[str, Counter[str]]:
    """The keyword baseline's type hits per region (each text coded once)."""
    from .keywords import packaged

    baseline = packaged()
    out: dict[str, Counter[str]] = {}
    for (text, _), gold_rows in texts.items():
        coded = baseline.code(text) if text else None
        etype, sub = coded if coded else (None, None)
        for row in gold_rows:
            out.setdefault(region_of(row), Counter()).update(score_types(row, etype, sub))
    return out


def _total(tallies: dict[str, Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for tally in tallies.values():
        total.update(tally)
    return total


def evaluate_acled(
    path: Path, pipeline: Pipeline, limit: int | None = None, by_region: bool = False
) -> dict[str, Any]:
    """Score the coder on an ACLED CSV; returns {"dataset", "n", "metrics", "confusion"}, and
    with ``by_region`` also "baseline" (the keyword baseline's type accuracies) and "regions"
    ({region: {"n", "metrics", "baseline"}}, rows without a region under "(none)")."""
    texts = load_texts(path, limit)
    primaries = code_texts(texts, pipeline)
    regions = tally_by_region(texts, primaries)
    confusion: Counter[tuple[str, str]] = Counter()
    for key, gold_rows in texts.items():
        ev = primaries[key]
        pred_type = ev.acled_event_type if ev else None
        for row in gold_rows:
            confusion[(row.get("event_type", ""), pred_type or "(none)")] += 1
    total = _total(regions)
    report: dict[str, Any] = {
        "dataset": path.name,
        "n": total["_n"],
        "metrics": metrics_of(total),
        "confusion": {f"{g} -> {p}": c for (g, p), c in sorted(confusion.items())},
    }
    if by_region:
        base = baseline_by_region(texts)
        report["baseline"] = metrics_of(_total(base), BASELINE_METRICS)
        report["regions"] = {
            name: {
                "n": regions[name]["_n"],
                "metrics": metrics_of(regions[name]),
                "baseline": metrics_of(base[name], BASELINE_METRICS),
            }
            for name in sorted(regions, key=lambda r: (r == NO_REGION, r))
        }
    return report


SHORT = {
    "event_type_accuracy": "event",
    "sub_event_type_accuracy": "sub",
    "actor_types_accuracy": "actors",
    "country_accuracy": "country",
    "fatalities_accuracy": "fatal",
    "fatalities_nonzero_accuracy": "fatal>0",
    "date_accuracy": "date",
    "no_event_rate": "no_ev",
    "location_25km_accuracy": "loc25",
}


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_regions(report: dict[str, Any]) -> str:
    """Every metric per region, with the keyword baseline's type accuracies beside ours."""
    regions: dict[str, Any] = report["regions"]
    width = max([len("region"), len("(all)"), *(len(r) for r in regions)])
    cols = [SHORT[m] for m in METRICS] + ["kw_event", "kw_sub"]
    lines = [
        f"dataset {report['dataset']}  n={report['n']}  by region",
        "",
        f"{'region':<{width}} {'n':>5}  " + " ".join(f"{c:>8}" for c in cols),
    ]
    every = [*regions.items(), ("(all)", report)]
    for name, data in every:
        values = [data["metrics"][m] for m in METRICS]
        values += [data["baseline"][m] for m in BASELINE_METRICS]
        cells = " ".join(f"{_cell(v):>8}" for v in values)
        lines.append(f"{name:<{width}} {data['n']:>5}  {cells}")
    legend = ", ".join(f"{SHORT[m]} = {m}" for m in METRICS)
    legend += (
        "; kw_event / kw_sub = event / sub-event type accuracy of the keyword baseline "
        "(eventdesk/lexicon/keyword_baseline.tsv); no_ev: lower is better."
    )
    return "\n".join([*lines, "", *textwrap.wrap(legend, 100)])


def format_table(report: dict[str, Any]) -> str:
    lines = [f"dataset {report['dataset']}  n={report['n']}", ""]
    width = max(len(k) for k in report["metrics"])
    for name, value in report["metrics"].items():
        shown = "n/a" if value is None else f"{value:.3f}"
        lines.append(f"  {name:<{width}}  {shown}")
    confusion = report.get("confusion") or {}
    if confusion:
        gold = sorted({k.split(" -> ")[0] for k in confusion})
        pred = sorted({k.split(" -> ")[1] for k in confusion})
        short = {p: p.split("/")[0][:12] for p in pred}
        lines += ["", "confusion (rows gold, columns predicted):"]
        lines.append(" " * 28 + " ".join(f"{short[p]:>12}" for p in pred))
        for g in gold:
            cells = " ".join(f"{confusion.get(f'{g} -> {p}', 0):>12}" for p in pred)
            lines.append(f"  {g[:26]:<26}{cells}")
    return "\n".join(lines)
