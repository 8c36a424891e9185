"""Exports of stored events: ACLED-style CSV, JSON lines, GeoJSON and eventdesk's flat CSV.

Every writer is a generator of text chunks, so that the API streams a response and the CLI
writes a file without holding all events in memory. Events are the contract's dicts; the
``acled-csv`` and ``geojson`` formats also read two private keys that
:func:`eventdesk.api.query.iter_all` adds with ``with_context=True``: ``_notes`` (the evidence
sentence) and ``_source`` (the article's outlet, URL, title and publication date).

``acled-csv`` follows ACLED's column names, order and meanings so that tools written for ACLED
exports read it unchanged: ``event_date`` is ``YYYY-MM-DD``, ``fatalities`` is 0 when the
article gives no count, ``interaction`` is the two-digit code of the two actor types (lower
first), ``notes`` is the evidence sentence, ``source`` the outlet and the credited reporters.
Only events ACLED would code are written: events with an ACLED event type, neither negated
nor hypothetical nor future.

This module only formats; reading a database (``eventdesk export``) is
:func:`eventdesk.api.dump.export_db`, so nothing here imports the API.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from eventdesk.output import CSV_COLUMNS, flat_row

FORMATS = ("acled-csv", "jsonl", "geojson", "csv")
MEDIA_TYPES = {
    "acled-csv": "text/csv; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "geojson": "application/geo+json",
}
EXTENSIONS = {"acled-csv": "csv", "csv": "csv", "jsonl": "jsonl", "geojson": "geojson"}
NEEDS_CONTEXT = {"acled-csv", "geojson"}
CHUNK_CHARS = 64 * 1024

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED's country names where ISO's differ.
_ACLED_COUNTRY = {
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "RUS": "Russia",
    "PSE": "Palestine",
    "TUR": "Turkey",
    "CIV": "Ivory Coast",
    "CZE": "Czech Republic",
    "SWZ": "eSwatini",
    "CPV": "Cape Verde",
    "TLS": "East Timor",
    "BRN": "Brunei",
    "FSM": "Micronesia",
    "GBR": "United Kingdom",
    "USA": "United States",
    "GMB": "Gambia",
    "BHS": "Bahamas",
}


@lru_cache(maxsize=512)
def country_info(iso3: str | None) -> tuple[str | None, int | None]:
    """ACLED's country name and the ISO 3166 numeric code for an ISO3 code."""
    if not iso3:
        return None, None
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return iso3, None
    name = _ACLED_COUNTRY.get(iso3) or getattr(c, "common_name", None) or c.name
    return name, int(c.numeric)


def _public(ev: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in ev.items() if not k.startswith("_")}


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def acled_row(ev: dict[str, Any]) -> dict[str, Any] | None:
    """The ACLED columns for one event, or None if ACLED would not code it."""
    acled = ev.get("acled")
    if not acled or not acled.get("event_type"):
        return None
    if ev.get("negated") or ev.get("hypothetical") or ev.get("future"):
        return None
    a1 = ev.get("actor1") or {}
    a2 = ev.get("actor2") or {}
    loc = ev.get("location") or {}
    src = ev.get("_source") or {}
    country, iso = country_info(loc.get("country"))
    inter1, inter2 = a1.get("inter"), a2.get("inter")
    interaction = None
    if inter1 is not None and inter2 is not None:
        lo, hi = sorted((int(inter1), int(inter2)))
        interaction = lo * 10 + hi
    elif inter1 is not None:
        interaction = int(inter1) * 10
    civilian = (
        "Civilian targeting"
        if inter2 == 7
        and acled["event_type"]
        in ("Violence against civilians", "Explosions/Remote violence", "Battles")
        else None
    )
    sources = [s for s in [src.get("outlet"), *ev.get("reported_by", [])] if s]
    published = src.get("published")
    timestamp = None
    if published:
        try:
            timestamp = int(datetime.fromisoformat(published).replace(tzinfo=UTC).timestamp())
        except ValueError:
            timestamp = None
    day = ev.get("date")
    lat, lon = loc.get("lat"), loc.get("lon")
    code = loc.get("country") or "XXX"
    return {
        "event_id_cnty": f"{code}{ev['event_id']}",
        "event_date": day,
        "year": int(day[:4]) if day else None,
        "time_precision": ev.get("time_precision"),
        "disorder_type": _DISORDER.get(acled["event_type"]),
        "event_type": acled["event_type"],
        "sub_event_type": acled.get("sub_event_type"),
        "actor1": a1.get("name"),
        "assoc_actor_1": a1.get("associate"),
        "inter1": inter1,
        "actor2": a2.get("name"),
        "assoc_actor_2": a2.get("associate"),
        "inter2": inter2,
        "interaction": interaction,
        "civilian_targeting": civilian,
        "iso": iso,
        "region": None,
        "country": country,
        "admin1": loc.get("admin1"),
        "admin2": None,
        "admin3": None,
        "location": loc.get("name"),
        "latitude": round(lat, 4) if lat is not None else None,
        "longitude": round(lon, 4) if lon is not None else None,
        "geo_precision": loc.get("geo_precision") if loc else None,
        "source": "; ".join(dict.fromkeys(sources)) or None,
        "source_scale": None,
        "notes": _clean(ev.get("_notes")),
        "fatalities": ev.get("fatalities") or 0,
        "tags": None,
        "timestamp": timestamp,
    }


def _csv_chunks(
    rows: Iterable[dict[str, Any]], columns: list[str], header: bool = True
) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buf.tell() >= CHUNK_CHARS:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def acled_csv(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    rows = (r for r in map(acled_row, events) if r is not None)
    return _csv_chunks(rows, ACLED_COLUMNS)


def flat_csv(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    return _csv_chunks((flat_row(ev) for ev in events), CSV_COLUMNS)


def jsonl(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    parts: list[str] = []
    size = 0
    for ev in events:
        line = json.dumps(_public(ev), ensure_ascii=False) + "\n"
        parts.append(line)
        size += len(line)
        if size >= CHUNK_CHARS:
            yield "".join(parts)
            parts, size = [], 0
    if parts:
        yield "".join(parts)


def geojson_feature(ev: dict[str, Any]) -> dict[str, Any]:
    """An RFC 7946 Feature: a Point at the event's place ([lon, lat]), or null geometry."""
    loc = ev.get("location") or {}
    lat, lon = loc.get("lat"), loc.get("lon")
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    props = flat_row(ev)
    props["notes"] = _clean(ev.get("_notes"))
    src = ev.get("_source") or {}
    props["source"] = src.get("outlet")
    props["url"] = src.get("url")
    return {"type": "Feature", "id": ev["event_id"], "geometry": geometry, "properties": props}


def geojson(events: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    parts: list[str] = []
    size = 0
    first = True
    for ev in events:
        text = ("\n" if first else ",\n") + json.dumps(geojson_feature(ev), ensure_ascii=False)
        first = False
        parts.append(text)
        size += len(text)
        if size >= CHUNK_CHARS:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n]}\n")
    yield "".join(parts)


_WRITERS = {"acled-csv": acled_csv, "csv": flat_csv, "jsonl": jsonl, "geojson": geojson}


def stream(fmt: str, events: Iterable[dict[str, Any]]) -> Iterator[str]:
    """Text chunks of ``events`` in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        writer = _WRITERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        ) from None
    return writer(events)


def write(fmt: str, events: Iterable[dict[str, Any]], out: IO[str]) -> None:
    """Write ``events`` in format ``fmt`` to ``out``."""
    for chunk in stream(fmt, events):
        out.write(chunk)


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[IO[str]]:
    """A text file to write ``path`` through: written to a temporary file in the same folder
    and renamed over ``path`` only when the block ends without an error, so a failed export
    leaves no half-written file (and an earlier file of that name untouched)."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
