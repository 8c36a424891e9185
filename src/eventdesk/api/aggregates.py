"""Aggregates the dashboard asks for: facet counts, actor names for autocomplete, and map
clusters on a zoom-dependent grid, all computed in SQL over the ``events`` table with the
same filters as ``GET /api/events`` (:func:`eventdesk.api.query.where_clause`).

The API caches these per data version (:mod:`eventdesk.api.cache`); nothing here caches.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from eventdesk import countries
from eventdesk.api.query import EventFilter, EventQuery, validate, where_clause

MAX_CELLS = 4000  # the most cells one /api/clusters answer can hold
CELL_PX = 64  # a cell is about this many pixels wide on a 256-pixel-tile web map
MAX_ZOOM = 18
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)


def _cond(where: list[str], *more: str) -> str:
    parts = [*where, *more]
    return " WHERE " + " AND ".join(parts) if parts else ""


# -- facets -----------------------------------------------------------------------------------


def facets(q: EventQuery, flt: EventFilter) -> dict[str, Any]:
    """Events per country (with name and ACLED region), region, ACLED sub-event type and
    outlet, under ``flt``. Each facet leaves out its own filter (the countries facet ignores
    ``country``, the outlets facet ``outlet``, ...), so a drop-down keeps offering the other
    values once one is chosen; the others apply."""
    flt = validate(flt)
    out: dict[str, Any] = {}

    def by_country(f: EventFilter) -> list[tuple[str, int]]:
        where, params = where_clause(f, q.dialect)
        rows = q.run(
            "SELECT events.country, COUNT(*) FROM events"
            + _cond(where, "events.country IS NOT NULL")
            + " GROUP BY events.country",
            params,
        )
        return [(str(r[0]), int(r[1])) for r in rows]

    no_country = flt.without("country")
    country_rows = by_country(no_country)
    out["countries"] = sorted(
        (
            {
                "iso3": iso3,
                "name": countries.name(iso3),
                "region": countries.region(iso3),
                "events": n,
            }
            for iso3, n in country_rows
        ),
        key=lambda c: (-c["events"], c["name"]),
    )
    no_region = flt.without("region")
    region_rows = country_rows if no_region == no_country else by_country(no_region)
    per_region: dict[str, int] = {}
    for iso3, n in region_rows:
        reg = countries.region(iso3)
        if reg is not None:
            per_region[reg] = per_region.get(reg, 0) + n
    out["regions"] = [
        {"name": name, "events": n}
        for name, n in sorted(per_region.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    where, params = where_clause(flt.without("sub_event_type"), q.dialect)
    rows = q.run(
        "SELECT events.acled_event_type, events.acled_sub_event_type, COUNT(*) FROM events"
        + _cond(where, "events.acled_sub_event_type IS NOT NULL")
        + " GROUP BY events.acled_event_type, events.acled_sub_event_type",
        params,
    )
    out["sub_event_types"] = sorted(
        ({"acled_event_type": r[0], "name": r[1], "events": int(r[2])} for r in rows),
        key=lambda s: (-s["events"], s["name"], s["acled_event_type"] or ""),
    )

    where, params = where_clause(flt.without("outlet"), q.dialect)
    rows = q.run(
        "SELECT articles.outlet, COUNT(*) FROM events "
        "JOIN articles ON articles.article_id = events.article_id"
        + _cond(where, "articles.outlet IS NOT NULL")
        + " GROUP BY articles.outlet",
        params,
    )
    out["outlets"] = sorted(
        ({"name": r[0], "events": int(r[1])} for r in rows),
        key=lambda o: (-o["events"], o["name"]),
    )
    return out


# -- actor names ------------------------------------------------------------------------------


def actor_counts(q: EventQuery, flt: EventFilter) -> list[tuple[str, int]]:
    """Every actor name (actor1 or actor2) under ``flt`` with the number of events it takes
    part in (an event naming it on both sides counts once), most frequent first."""
    where, params = where_clause(validate(flt), q.dialect)
    rows = q.run(
        "SELECT events.actor1_name, events.actor2_name, COUNT(*) FROM events"
        + _cond(where, "(events.actor1_name IS NOT NULL OR events.actor2_name IS NOT NULL)")
        + " GROUP BY events.actor1_name, events.actor2_name",
        params,
    )
    counts: dict[str, int] = {}
    for a1, a2, n in rows:
        for name in {a1, a2} - {None}:
            counts[name] = counts.get(name, 0) + int(n)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


KeyedName = tuple[str, int, str, tuple[str, ...]]  # name, events, its key, the key's words


def keyed_names(names: list[tuple[str, int]]) -> list[KeyedName]:
    """``names`` with their comparison keys, made once when the list is cached (not on each
    keystroke of an autocomplete)."""
    out: list[KeyedName] = []
    for name, n in names:
        k = countries.key(name)
        out.append((name, n, k, tuple(_WORDS.findall(k))))
    return out


def match_actors(names: list[KeyedName], prefix: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` of ``names`` (already most frequent first) whose name, or a word
    of it, starts with ``prefix`` (case and accents ignored)."""
    p = countries.key(prefix)
    out: list[dict[str, Any]] = []
    for name, n, k, words in names:
        if not p or k.startswith(p) or any(w.startswith(p) for w in words):
            out.append({"name": name, "events": n})
            if len(out) >= limit:
                break
    return out


# -- map clusters -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grid:
    zoom: int
    cell_deg: float


def _span(flt: EventFilter) -> tuple[float, float]:
    """Degrees of latitude and longitude the filter's bbox covers (the world without one)."""
    if flt.bbox is None:
        return 180.0, 360.0
    w, s, e, n = flt.bbox
    width = e - w if w <= e else 360.0 - (w - e)
    return max(n - s, 0.0), max(width, 0.0)


def grid(zoom: int, flt: EventFilter) -> Grid:
    """The grid for ``zoom``: cells of about ``CELL_PX`` screen pixels, made coarser when the
    area asked for could hold more than ``MAX_CELLS`` of them."""
    cell = 360.0 * CELL_PX / 256.0 / (2**zoom)
    h, w = _span(flt)
    # the smallest cell that keeps the area under MAX_CELLS cells (the same for every zoom)
    floor = max(math.sqrt(h * w / MAX_CELLS), 1e-9)
    while (math.ceil(h / floor) + 1) * (math.ceil(w / floor) + 1) > MAX_CELLS:
        floor *= 1.01
    return Grid(zoom, max(cell, floor))


def clusters(q: EventQuery, flt: EventFilter, zoom: int) -> dict[str, Any]:
    """Located events under ``flt`` summed per grid cell: ``cells`` are
    ``[lat, lon, events, fatalities, event_id or None]`` (mean position of the cell's events;
    the event id when the cell holds one event), the fullest cells first."""
    flt = validate(flt)
    g = grid(zoom, flt)
    d = q.dialect
    ph = d.ph
    if d.name == "postgresql":
        gy = f"CAST(FLOOR((events.lat + 90.0) / {ph}) AS INTEGER)"
        gx = f"CAST(FLOOR((events.lon + 180.0) / {ph}) AS INTEGER)"
    else:  # CAST truncates, which is floor for the non-negative values here
        gy = f"CAST((events.lat + 90.0) / {ph} AS INTEGER)"
        gx = f"CAST((events.lon + 180.0) / {ph} AS INTEGER)"
    where, params = where_clause(flt, d)
    sql = (
        f"SELECT {gy} AS gy, {gx} AS gx, AVG(events.lat), AVG(events.lon), COUNT(*), "
        "COALESCE(SUM(events.fatalities), 0), MIN(events.event_id) FROM events"
        + _cond(where, "events.lat IS NOT NULL", "events.lon IS NOT NULL")
        + " GROUP BY 1, 2"
    )
    rows = q.run(sql, [g.cell_deg, g.cell_deg, *params])
    rows = sorted(rows, key=lambda r: (-int(r[4]), float(r[2]), float(r[3])))
    cells = [
        [
            round(float(r[2]), 5),
            round(float(r[3]), 5),
            int(r[4]),
            int(r[5]),
            r[6] if r[4] == 1 else None,
        ]
        for r in rows
    ]
    return {"zoom": zoom, "cell_deg": round(g.cell_deg, 8), "cells": cells[:MAX_CELLS]}
