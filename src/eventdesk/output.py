"""Rendering event dicts (the contract shape) as tables, CSV and JSON lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, Any

CSV_COLUMNS = [
    "event_id",
    "article_id",
    "date",
    "time_precision",
    "plover_type",
    "plover_mode",
    "acled_event_type",
    "acled_sub_event_type",
    "cameo",
    "actor1",
    "actor1_inter",
    "actor2",
    "actor2_inter",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
    "reported_by",
    "negated",
    "hypothetical",
    "future",
    "historical",
    "confidence",
]


def flat_row(ev: dict[str, Any]) -> dict[str, Any]:
    acled = ev.get("acled") or {}
    loc = ev.get("location") or {}
    a1 = ev.get("actor1") or {}
    a2 = ev.get("actor2") or {}
    return {
        "event_id": ev["event_id"],
        "article_id": ev["article_id"],
        "date": ev["date"],
        "time_precision": ev["time_precision"],
        "plover_type": ev["plover"]["type"],
        "plover_mode": ev["plover"]["mode"],
        "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"),
        "cameo": ev["cameo"],
        "actor1": a1.get("name"),
        "actor1_inter": a1.get("inter"),
        "actor2": a2.get("name"),
        "actor2_inter": a2.get("inter"),
        "location": loc.get("name"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "fatalities": ev["fatalities"],
        "injured": ev["injured"],
        "displaced": ev["displaced"],
        "arrested": ev["arrested"],
        "reported_by": "; ".join(ev["reported_by"]),
        "negated": ev["negated"],
        "hypothetical": ev["hypothetical"],
        "future": ev["future"],
        "historical": ev["historical"],
        "confidence": ev["confidence"],
    }


def write_csv(events: Iterable[dict[str, Any]], out: IO[str], header: bool = True) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for ev in events:
        writer.writerow(flat_row(ev))
        n += 1
    return n


def write_jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    return n


def _flags(ev: dict[str, Any]) -> str:
    return ",".join(f for f in ("negated", "hypothetical", "future", "historical") if ev[f])


def _counts(ev: dict[str, Any]) -> str:
    parts = []
    for key, label in (
        ("fatalities", "dead"),
        ("injured", "inj"),
        ("displaced", "displ"),
        ("arrested", "arr"),
    ):
        if ev[key] is not None:
            parts.append(f"{ev[key]} {label}")
    return ", ".join(parts)


def render_table(events: Iterable[dict[str, Any]], out: IO[str], width: int | None = None) -> int:
    """A readable table: type, date, actors, place, counts, flags."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for col in ("type", "date", "actor 1", "actor 2", "place", "counts", "flags"):
        table.add_column(col, overflow="fold")
    n = 0
    for ev in events:
        acled = ev.get("acled")
        kind = ev["plover"]["type"]
        if acled:
            kind += f"\n{acled['sub_event_type'] or acled['event_type']}"
        loc = ev.get("location") or {}
        place = loc.get("name") or ""
        if loc.get("country"):
            place += f" ({loc['country']})"
        table.add_row(
            kind,
            ev["date"] or "",
            (ev.get("actor1") or {}).get("name", ""),
            (ev.get("actor2") or {}).get("name", ""),
            place,
            _counts(ev),
            _flags(ev),
        )
        n += 1
    buf = io.StringIO()
    Console(file=buf, width=width or 140, force_terminal=False, color_system=None).print(table)
    out.write(buf.getvalue())
    return n
