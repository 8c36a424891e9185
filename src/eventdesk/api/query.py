"""Event queries shared by the API, the exports and the dashboard, for SQLite and PostgreSQL.

Everything here builds parameterised SQL (values are always bound, never formatted in) over the
``events`` table that both stores share, in one of two dialects. Pagination is by keyset
("cursor"): a page ends with the sort key of its last row, and the next page starts strictly
after it, so pages stay stable while new events are written. Undated (or otherwise null-keyed)
events come after all others, whatever the direction.

No FastAPI here: the CLI's ``export`` command uses this module as well.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from eventdesk import countries
from eventdesk.api.paging import Cursor, Execute, Keyset, QueryError, keyset_rows
from eventdesk.store.sqlite_schema import FTS_IDS, FTS_TABLE, FtsMode, fts_condition

DialectName = Literal["sqlite", "postgresql"]


@dataclass(frozen=True, slots=True)
class Dialect:
    name: DialectName
    ph: str  # placeholder
    like: str  # case-insensitive LIKE
    actor1_cameo: str
    actor2_cameo: str
    sentence: str  # SQL expression of the evidence sentence text (needs the articles join)
    has_canonical: bool = False


SQLITE = Dialect(
    name="sqlite",
    ph="?",
    like="LIKE",
    actor1_cameo="json_extract(events.doc, '$.actor1.cameo')",
    actor2_cameo="json_extract(events.doc, '$.actor2.cameo')",
    sentence=(
        "substr(articles.text, json_extract(events.doc, '$.evidence.sentence[0]') + 1, "
        "json_extract(events.doc, '$.evidence.sentence[1]') "
        "- json_extract(events.doc, '$.evidence.sentence[0]'))"
    ),
)
POSTGRES = Dialect(
    name="postgresql",
    ph="%s",
    like="ILIKE",
    actor1_cameo="events.actor1_cameo",
    actor2_cameo="events.actor2_cameo",
    sentence="events.sentence",
)

# sort name -> (column, nullable)
SORTS: dict[str, tuple[str, bool]] = {
    "date": ("date", True),
    "fatalities": ("fatalities", True),
    "confidence": ("confidence", False),
    "country": ("country", True),
    "admin1": ("admin1", True),
    "plover_type": ("plover_type", False),
    "acled_event_type": ("acled_event_type", True),
    "actor1": ("actor1_name", True),
    "event_id": ("event_id", False),
}
SORT_CHOICES = tuple(s for name in SORTS for s in (name, "-" + name))
POINT_COLUMNS = ("event_id", "lat", "lon", "plover_type", "acled_event_type", "fatalities", "date")

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_Q = 200
MAX_IN = 50
FTS_DRIVE_MAX = 1000  # see EventQuery._fts_mode
FTS_PROBE_SHARE = 0.3
OUTLET_DRIVE_MAX = 250  # see EventQuery._outlet_drives


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Every filter of ``GET /api/events`` and ``eventdesk export``; None means "any"."""

    country: tuple[str, ...] = ()
    admin1: str | None = None
    plover_type: tuple[str, ...] = ()
    acled_event_type: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    q: str | None = None
    canonical: bool = False
    article_id: str | None = None
    include_flagged: bool = True  # False: leave out negated, hypothetical and future events
    region: tuple[str, ...] = ()  # ACLED regions, through the event's country
    sub_event_type: tuple[str, ...] = ()  # ACLED sub-event types, exact names
    outlet: tuple[str, ...] = ()  # the outlet of the event's article, exact names
    min_fatalities: int | None = None

    def without(self, *names: str) -> EventFilter:
        """This filter with the named fields back at "any" (for facets)."""
        defaults: dict[str, Any] = {n: getattr(_ANY, n) for n in names}
        return replace(self, **defaults)


_ANY = EventFilter()


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"minlon,minlat,maxlon,maxlat"`` (WGS84 degrees) as a tuple, validated."""
    parts = value.split(",")
    try:
        if len(parts) != 4:
            raise ValueError
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise QueryError(
            f"bbox={value!r} is not 'minlon,minlat,maxlon,maxlat' (e.g. 35.5,32,42.5,37.5)"
        ) from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise QueryError(
            f"bbox={value!r} is out of range: longitudes -180..180, latitudes -90..90, "
            "minlat <= maxlat"
        )
    return (w, s, e, n)


def split_list(value: str | None, *, upper: bool = True) -> tuple[str, ...]:
    """``"SYR,IRQ"`` -> ``("SYR", "IRQ")``; empty items are dropped."""
    if not value:
        return ()
    items = tuple(
        dict.fromkeys(p.strip().upper() if upper else p.strip() for p in value.split(","))
    )
    items = tuple(p for p in items if p)
    if len(items) > MAX_IN:
        raise QueryError(f"at most {MAX_IN} values per list filter, got {len(items)}")
    return items


def validate(flt: EventFilter) -> EventFilter:
    """``flt`` checked, with countries as ISO3 codes (names and ISO2 codes are accepted in
    any case: "Syria", "sy") and regions spelled as ACLED does; QueryError says what is
    wrong and suggests the nearest country or region."""
    codes: list[str] = []
    for c in flt.country:
        try:
            codes.append(countries.to_iso3(c))
        except ValueError as exc:
            raise QueryError(f"country={exc}") from None
    regions: list[str] = []
    for r in flt.region:
        try:
            regions.append(countries.to_region(r))
        except ValueError as exc:
            raise QueryError(f"region={exc}") from None
    if flt.min_fatalities is not None and flt.min_fatalities < 0:
        raise QueryError(f"min_fatalities={flt.min_fatalities} must be 0 or more")
    if flt.since and flt.until and flt.since > flt.until:
        raise QueryError(f"since={flt.since} is after until={flt.until}")
    if flt.q is not None:
        if len(flt.q) > MAX_Q:
            raise QueryError(f"q is {len(flt.q)} characters long; at most {MAX_Q}")
        if not _WORD.search(flt.q):
            raise QueryError(f"q={flt.q!r} has no word to search for")
    country = tuple(dict.fromkeys(codes))
    region = tuple(dict.fromkeys(regions))
    if country == flt.country and region == flt.region:
        return flt
    return replace(flt, country=country, region=region)


def _fts_query(q: str) -> str:
    """User text as an FTS5 query: every word must occur (quoted, so no syntax errors)."""
    return " ".join('"' + w + '"' for w in _WORD.findall(q))


def where_clause(
    flt: EventFilter, d: Dialect, *, fts_mode: FtsMode = "drive", outlet_drive: bool = True
) -> tuple[list[str], list[Any]]:
    """SQL conditions (ANDed) and their bound values for ``flt`` over ``events``
    (``fts_mode``: see :func:`eventdesk.store.sqlite_schema.fts_condition`; without
    ``outlet_drive`` the planner does not start from the outlets' articles)."""
    ph = d.ph
    where: list[str] = []
    params: list[Any] = []

    def in_list(column: str, values: Sequence[str]) -> None:
        if len(values) == 1:
            where.append(f"{column} = {ph}")
        else:
            where.append(f"{column} IN ({', '.join([ph] * len(values))})")
        params.extend(values)

    if flt.country:
        in_list("events.country", flt.country)
    if flt.region:
        in_list(
            "events.country",
            sorted({c for r in flt.region for c in countries.in_region(countries.to_region(r))}),
        )
    if flt.plover_type:
        in_list("events.plover_type", flt.plover_type)
    if flt.sub_event_type:
        in_list("events.acled_sub_event_type", flt.sub_event_type)
    if flt.outlet:
        marks = ", ".join([ph] * len(flt.outlet))
        where.append(
            ("" if outlet_drive else "+") + "events.article_id IN (SELECT o.article_id "
            f"FROM articles o WHERE o.outlet IN ({marks}))"
        )
        params.extend(flt.outlet)
    if flt.min_fatalities is not None:
        where.append(f"events.fatalities >= {ph}")
        params.append(flt.min_fatalities)
    for column, value in (
        ("events.admin1", flt.admin1),
        ("events.acled_event_type", flt.acled_event_type),
        ("events.article_id", flt.article_id),
    ):
        if value is not None:
            where.append(f"{column} = {ph}")
            params.append(value)
    if flt.since is not None:
        where.append(f"events.date >= {ph}")
        params.append(flt.since)
    if flt.until is not None:
        where.append(f"events.date <= {ph}")
        params.append(flt.until)
    if flt.actor:
        # A name fragment (case-insensitive) or a CAMEO code / code prefix ("MLI", "MLIMIL").
        pattern = "%" + flt.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern += "%"
        code = flt.actor.strip().upper()
        where.append(
            f"(events.actor1_name {d.like} {ph} ESCAPE '\\' "
            f"OR events.actor2_name {d.like} {ph} ESCAPE '\\' "
            f"OR substr({d.actor1_cameo}, 1, {ph}) = {ph} "
            f"OR substr({d.actor2_cameo}, 1, {ph}) = {ph})"
        )
        params.extend([pattern, pattern, len(code), code, len(code), code])
    if flt.bbox is not None:
        w, s, e, n = flt.bbox
        where.append(f"events.lat BETWEEN {ph} AND {ph}")
        params.extend([s, n])
        if w <= e:
            where.append(f"events.lon BETWEEN {ph} AND {ph}")
            params.extend([w, e])
        else:  # crosses the antimeridian
            where.append(f"(events.lon >= {ph} OR events.lon <= {ph})")
            params.extend([w, e])
    if flt.q is not None:
        if d.name == "sqlite":
            where.append(fts_condition(ph, fts_mode))
            params.append(_fts_query(flt.q))
        else:
            where.append(f"events.fts @@ plainto_tsquery('english', {ph})")
            params.append(flt.q)
    if flt.canonical and d.has_canonical:
        # One event per canonical event: the member with the smallest event_id; events not
        # linked to any canonical event stand for themselves.
        where.append(
            "NOT EXISTS (SELECT 1 FROM canonical_members m1 JOIN canonical_members m2 "
            "ON m2.canonical_id = m1.canonical_id WHERE m1.event_id = events.event_id "
            "AND m2.event_id < events.event_id)"
        )
    if not flt.include_flagged:
        where.append("events.negated = 0 AND events.hypothetical = 0 AND events.future = 0")
    return where, params


# -- pagination --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Plan:
    """How a filter's page queries are written (see :meth:`EventQuery.plan`): worked out
    once per filter, so an export paging through every match asks only once."""

    fts_mode: FtsMode = "drive"
    outlet_drive: bool = True


@dataclass(frozen=True, slots=True)
class Page:
    events: list[Any]  # contract dicts, or their JSON text (``raw``)
    next_cursor: str | None
    total: int | None = None


@dataclass(slots=True)
class EventQuery:
    """One query over a connection: ``run(sql, params) -> rows`` and the dialect."""

    run: Execute
    dialect: Dialect

    def page(
        self,
        flt: EventFilter,
        sort: str = "date",
        limit: int = 50,
        cursor: str | None = None,
        with_total: bool = False,
        raw: bool = False,
    ) -> Page:
        """One page of events; with ``raw`` the events are their stored JSON text (so the
        API can answer without decoding and re-encoding them)."""
        if sort not in SORT_CHOICES:
            raise QueryError(f"sort={sort!r} is not one of {', '.join(SORT_CHOICES)}")
        if not 1 <= limit <= 10_000:
            raise QueryError(f"limit={limit} is out of range 1..10000")
        rows = self.rows(flt, sort, limit + 1, cursor, columns=("events.doc",))
        next_cursor = Cursor.after(sort, rows, limit)
        rows = rows[:limit]
        total = self.count(flt) if with_total else None
        events = [r[0] for r in rows] if raw else [json.loads(r[0]) for r in rows]
        return Page(events, next_cursor, total)

    def rows(
        self,
        flt: EventFilter,
        sort: str,
        limit: int,
        cursor: str | None,
        columns: Sequence[str],
        plan: Plan | None = None,
    ) -> list[tuple[Any, ...]]:
        """Up to ``limit`` rows of ``columns`` + (phase, sort value, event_id), in order
        (``plan``: from :meth:`plan` for this filter, else worked out here)."""
        d = self.dialect
        column, nullable = SORTS[sort.lstrip("-")]
        after = Cursor.decode(cursor, sort) if cursor else None
        flt = validate(flt)
        plan = plan or self.plan(flt)
        where, params = where_clause(flt, d, fts_mode=plan.fts_mode, outlet_drive=plan.outlet_drive)
        join = (
            " JOIN articles ON articles.article_id = events.article_id"
            if any("articles." in c for c in columns)
            else ""
        )
        ks = Keyset(
            select=", ".join(columns),
            source="events" + join,
            where=where,
            params=params,
            key=f"events.{column}",
            idcol="events.event_id",
            desc=sort.startswith("-"),
            nullable=nullable,
        )
        return keyset_rows(self.run, d.ph, ks, after, limit)

    def plan(self, flt: EventFilter) -> Plan:
        """How to write ``flt``'s page queries (counts the full-text and outlet matches)."""
        return Plan(self._fts_mode(flt), self._outlet_drives(flt))

    def _fts_mode(self, flt: EventFilter) -> FtsMode:
        """How a page query should use the full-text matches (SQLite; counting them reads
        the index only, which is cheap): start from them when they are at most
        FTS_DRIVE_MAX; past that, walk the sort order and check rows against them, one
        lookup per row when more than FTS_PROBE_SHARE of all events match (a page is then
        found after a few rows), else against their list."""
        if flt.q is None or self.dialect.name != "sqlite":
            return "drive"
        sql = (
            f"SELECT COUNT(*), (SELECT MAX(id) FROM {FTS_IDS}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH ?"
        )
        matches, total = self.run(sql, [_fts_query(flt.q)])[0]
        if int(matches) <= FTS_DRIVE_MAX:
            return "drive"
        return "probe" if int(matches) > FTS_PROBE_SHARE * int(total or 0) else "walk"

    def _outlet_drives(self, flt: EventFilter) -> bool:
        """Whether a page query should start from the articles of the outlets asked for:
        yes when they are at most OUTLET_DRIVE_MAX articles, else it walks the sort order
        (or another filter's index) and checks each row's article against them. (SQLite:
        PostgreSQL's planner weighs this itself.)"""
        if not flt.outlet or self.dialect.name != "sqlite":
            return True
        marks = ", ".join([self.dialect.ph] * len(flt.outlet))
        sql = f"SELECT COUNT(*) FROM articles WHERE outlet IN ({marks})"
        return int(self.run(sql, list(flt.outlet))[0][0]) <= OUTLET_DRIVE_MAX

    def count(self, flt: EventFilter) -> int:
        where, params = where_clause(validate(flt), self.dialect)
        sql = "SELECT COUNT(*) FROM events" + (" WHERE " + " AND ".join(where) if where else "")
        return int(self.run(sql, params)[0][0])

    def stats(self, flt: EventFilter) -> dict[str, Any]:
        """Counts and fatalities in total and by day, PLOVER type, ACLED type and country."""
        where, params = where_clause(validate(flt), self.dialect)
        cond = " WHERE " + " AND ".join(where) if where else ""
        fat = "COALESCE(SUM(events.fatalities), 0)"
        total = self.run(
            f"SELECT COUNT(*), COUNT(DISTINCT events.article_id), {fat} FROM events{cond}",
            params,
        )[0]
        out: dict[str, Any] = {
            "events": int(total[0]),
            "articles": int(total[1]),
            "fatalities": int(total[2]),
        }
        for name, column in (
            ("by_day", "date"),
            ("by_type", "plover_type"),
            ("by_acled_type", "acled_event_type"),
            ("by_country", "country"),
        ):
            rows = self.run(
                f"SELECT events.{column}, COUNT(*), {fat} FROM events{cond} "
                f"GROUP BY events.{column} "
                f"ORDER BY CASE WHEN events.{column} IS NULL THEN 1 ELSE 0 END, events.{column}",
                params,
            )
            key = "date" if column == "date" else "key"
            out[name] = [{key: r[0], "events": int(r[1]), "fatalities": int(r[2])} for r in rows]
        out["by_country"].sort(key=lambda r: -r["events"])
        return out

    def points(self, flt: EventFilter, limit: int, cursor: str | None = None) -> dict[str, Any]:
        """Located events as compact rows for the map, the deadliest first (then by event id),
        one page of at most ``limit`` rows; ``next_cursor`` continues after the last one."""
        ph = self.dialect.ph
        where, params = where_clause(validate(flt), self.dialect)
        where = [*where, "events.lat IS NOT NULL", "events.lon IS NOT NULL"]
        deadly = "COALESCE(events.fatalities, -1)"
        if cursor:
            after = Cursor.decode(cursor, "points")
            if not isinstance(after.value, int):
                raise QueryError("cursor is not one this server issued; start again without it")
            where.append(f"({deadly} < {ph} OR ({deadly} = {ph} AND events.event_id > {ph}))")
            params.extend([after.value, after.value, after.event_id])
        sql = (
            "SELECT events.event_id, events.lat, events.lon, events.plover_type, "
            "events.acled_event_type, events.fatalities, events.date FROM events WHERE "
            + " AND ".join(where)
            + f" ORDER BY {deadly} DESC, events.event_id LIMIT {ph}"
        )
        rows = self.run(sql, [*params, limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = None
        if more:
            last = rows[-1]
            fat = -1 if last[5] is None else int(last[5])
            next_cursor = Cursor("points", 0, fat, last[0]).encode()
        return {
            "columns": list(POINT_COLUMNS),
            "points": [list(r) for r in rows],
            "truncated": more,
            "next_cursor": next_cursor,
        }


def iter_all(
    query_factory: Callable[[], Any],
    flt: EventFilter,
    sort: str = "date",
    chunk: int = 1000,
    with_context: bool = False,
) -> Iterator[dict[str, Any]]:
    """Every matching event, page by page (keyset), each page on a fresh short-lived query.

    ``query_factory`` is a context manager factory yielding an :class:`EventQuery`. With
    ``with_context`` each event dict gets ``_notes`` (its evidence sentence) and ``_source``
    (the article's outlet, title and URL), which the ACLED and GeoJSON exports use.
    """
    cursor: str | None = None
    plan: Plan | None = None
    while True:
        with query_factory() as q:
            plan = plan or q.plan(validate(flt))
            d = q.dialect
            if with_context:
                cols: tuple[str, ...] = (
                    "events.doc",
                    d.sentence,
                    "articles.outlet",
                    "articles.url",
                    "articles.title",
                    "articles.published",
                )
            else:
                cols = ("events.doc",)
            rows = q.rows(flt, sort, chunk + 1, cursor, columns=cols, plan=plan)
        cursor = Cursor.after(sort, rows, chunk)
        for r in rows[:chunk]:
            ev = json.loads(r[0])
            if with_context:
                ev["_notes"] = r[1]
                ev["_source"] = {
                    "outlet": r[2],
                    "url": r[3],
                    "title": r[4],
                    "published": r[5],
                }
            yield ev
        if cursor is None:
            return
