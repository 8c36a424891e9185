"""`eventdesk eval acled`: the coder against ACLED rows (notes text in, gold fields out).

Each row's input is its ``notes`` text with a leading answer-naming label ("Arrests: ")
stripped, published on the day of the row's ``timestamp``. The row is compared with the
**primary event** of that text: the highest-confidence event that has an ACLED type (ties go to
the earliest), so emitting many guesses cannot help. Rows that share one ``notes`` text (ACLED
split one report into events at several places) are each compared with the same primary event:
the text is coded once, every gold row counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..pipeline import Pipeline
from ..records import Article, Event

LABEL = re.compile(r"^[A-Z][A-Za-z /&-]{2,40}:\s+")
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


def strip_label(notes: str) -> str:
    return LABEL.sub("", notes.strip(), count=1)


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


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    if rows and "notes" not in rows[0]:
        raise InputError(f"{path}: not an ACLED export (no 'notes' column)")
    return rows


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


def evaluate_acled(path: Path, pipeline: Pipeline, limit: int | None = None) -> dict[str, Any]:
    """Score the coder on an ACLED CSV; returns {"dataset", "n", "metrics", "confusion"}."""
    rows = read_rows(path)[:limit] if limit else read_rows(path)
    texts: dict[tuple[str, str | None], list[dict[str, str]]] = {}
    for row in rows:
        texts.setdefault((strip_label(row["notes"]), _published(row)), []).append(row)

    def articles() -> Iterator[Article]:
        for text, published in texts:
            if text:
                yield Article(text=text, published=published)

    primaries: dict[tuple[str, str | None], Event | None] = {}
    keys = [k for k in texts if k[0]]
    for key, result in zip(keys, pipeline.process(articles()), strict=True):
        primaries[key] = primary_event(result.events)

    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    for key, gold_rows in texts.items():
        ev = primaries.get(key)
        for row in gold_rows:
            gold_type = row.get("event_type", "")
            pred_type = ev.acled_event_type if ev else None
            confusion[(gold_type, pred_type or "(none)")] += 1
            totals["n"] += 1
            hits["event_type_accuracy"] += pred_type == gold_type
            pred_sub = ev.acled_sub_event_type if ev else None
            hits["sub_event_type_accuracy"] += pred_sub is not None and pred_sub == row.get(
                "sub_event_type"
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
                totals["nonzero"] += 1
                hits["fatalities_nonzero_accuracy"] += pred_dead == gold_dead
            pred_date = ev.date if ev else None
            hits["date_accuracy"] += pred_date is not None and pred_date == _gold_date(
                row.get("event_date", "")
            )
            hits["no_event_rate"] += ev is None
            lat, lon = row.get("latitude"), row.get("longitude")
            if lat and lon:
                totals["located"] += 1
                loc = ev.location if ev else None
                if loc is not None and loc.lat is not None and loc.lon is not None:
                    hits["location_25km_accuracy"] += (
                        _km(loc.lat, loc.lon, float(lat), float(lon)) <= 25.0
                    )
    n = totals["n"]
    metrics: dict[str, float | None] = {}
    for name in METRICS:
        denom = {"fatalities_nonzero_accuracy": "nonzero", "location_25km_accuracy": "located"}
        d = totals[denom.get(name, "n")]
        metrics[name] = round(hits[name] / d, 4) if d else None
    return {
        "dataset": path.name,
        "n": n,
        "metrics": metrics,
        "confusion": {f"{g} -> {p}": c for (g, p), c in sorted(confusion.items())},
    }


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
