"""Canonical events for the API: one record per real-world happening, with the fatality
range across its reports, its sources and outlets, and the member reports behind it.

On SQLite the store links events into canonical events as it writes them (see
:mod:`eventdesk.cluster`); a canonical event matches the filters when one of its member events
does. A store without canonical tables (PostgreSQL today) answers with every event standing
for itself (its canonical id is its event id), so the dashboard works the same on both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from eventdesk import cluster, countries
from eventdesk.api.paging import Cursor, Keyset, QueryError, keyset_rows
from eventdesk.api.query import EventFilter, EventQuery, validate, where_clause

# sort name -> canonical_events column (SQLite) / events column (stores without canonical)
CANONICAL_SORTS: dict[str, tuple[str, str]] = {
    "date": ("date", "date"),
    "sources": ("n_sources", "date"),
    "fatalities": ("fatalities_high", "fatalities"),
}
CANONICAL_SORT_CHOICES = tuple(s for n in CANONICAL_SORTS for s in (n, "-" + n))
MAX_MEMBERS = 500  # members listed by the detail endpoint
_REP_MEMBERS = cluster.MAX_SUMMARIZED  # members read to pick the representative report

_CE_COLUMNS = (
    "ce.canonical_id, ce.date, ce.plover_type, ce.acled_event_type, ce.country, ce.lat, "
    "ce.lon, ce.fatalities_low, ce.fatalities_best, ce.fatalities_high, ce.n_events, "
    "ce.n_articles, ce.n_sources, ce.date_start, ce.date_end"
)


def _marks(d: EventQuery, n: int) -> str:
    return ", ".join([d.dialect.ph] * n)


def _location_name(doc: dict[str, Any]) -> str | None:
    loc = doc.get("location") or {}
    return loc.get("name") or loc.get("text") or None


def _record(
    row: Sequence[Any], rep: dict[str, Any] | None, outlets: Sequence[str]
) -> dict[str, Any]:
    (cid, date, plover, acled, country, lat, lon, low, best, high) = row[:10]
    n_events, n_articles, n_sources, date_start, date_end = row[10:15]
    acled_doc = (rep or {}).get("acled") or {}
    return {
        "canonical_id": cid,
        "date": date,
        "date_start": date_start,
        "date_end": date_end,
        "plover_type": plover,
        "acled_event_type": acled,
        "acled_sub_event_type": acled_doc.get("sub_event_type"),
        "country": country,
        "country_name": countries.name(country) if country else None,
        "region": countries.region(country) if country else None,
        "location_name": _location_name(rep) if rep else None,
        "lat": lat,
        "lon": lon,
        "fatalities_min": low,
        "fatalities_best": best,
        "fatalities_max": high,
        "n_events": int(n_events),
        "n_articles": int(n_articles),
        "n_sources": int(n_sources),
        "outlets": list(outlets),
    }


def _single(doc: dict[str, Any], outlet: str | None) -> dict[str, Any]:
    """An event that stands for itself, as a canonical record."""
    loc = doc.get("location") or {}
    fat = doc.get("fatalities")
    row = (
        doc["event_id"],
        doc.get("date"),
        doc["plover"]["type"],
        (doc.get("acled") or {}).get("event_type"),
        loc.get("country"),
        loc.get("lat"),
        loc.get("lon"),
        fat,
        fat,
        fat,
        1,
        1,
        1,
        doc.get("date"),
        doc.get("date"),
    )
    return _record(row, doc, [outlet] if outlet else [])


def _representatives(q: EventQuery, cids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The representative event of each canonical event, from its first _REP_MEMBERS
    members, in one windowed query for the whole page."""
    if not cids:
        return {}
    ph = q.dialect.ph
    # members numbered first, so only the first _REP_MEMBERS of each are joined to their docs
    rows = q.run(
        "SELECT ranked.canonical_id, e.doc FROM (SELECT m.canonical_id, m.event_id, "
        "ROW_NUMBER() OVER (PARTITION BY m.canonical_id ORDER BY m.event_id) AS rn "
        f"FROM canonical_members m WHERE m.canonical_id IN ({_marks(q, len(cids))})) AS ranked "
        f"JOIN events e ON e.event_id = ranked.event_id WHERE ranked.rn <= {ph} "
        "ORDER BY ranked.canonical_id, ranked.rn",
        [*cids, _REP_MEMBERS],
    )
    docs: dict[str, list[dict[str, Any]]] = {}
    for cid, doc in rows:
        docs.setdefault(cid, []).append(json.loads(doc))
    return {cid: cluster._representative(members) for cid, members in docs.items()}


def _outlets(q: EventQuery, cids: Sequence[str], has_sources: bool) -> dict[str, list[str]]:
    if not cids:
        return {}
    table = "article_sources" if has_sources else "articles"
    rows = q.run(
        f"SELECT DISTINCT m.canonical_id, s.outlet FROM canonical_members m "
        f"JOIN {table} s ON s.article_id = m.article_id "
        f"WHERE m.canonical_id IN ({_marks(q, len(cids))}) AND s.outlet IS NOT NULL",
        list(cids),
    )
    out: dict[str, list[str]] = {}
    for cid, outlet in rows:
        out.setdefault(cid, []).append(outlet)
    return {cid: sorted(set(v)) for cid, v in out.items()}


def canonical_page(
    q: EventQuery,
    flt: EventFilter,
    *,
    limit: int = 50,
    cursor: str | None = None,
    sort: str = "-date",
    has_sources: bool = False,
) -> dict[str, Any]:
    """One page of canonical events matching ``flt`` (one of their member events matches)."""
    if sort not in CANONICAL_SORT_CHOICES:
        raise QueryError(f"sort={sort!r} is not one of {', '.join(CANONICAL_SORT_CHOICES)}")
    flt = validate(flt.without("canonical"))
    where, params = where_clause(flt, q.dialect)
    ce_col, ev_col = CANONICAL_SORTS[sort.lstrip("-")]
    tag = "canonical:" + sort
    after = Cursor.decode(cursor, tag) if cursor else None
    desc = sort.startswith("-")
    if not q.dialect.has_canonical:
        ks = Keyset(
            select="events.doc, articles.outlet",
            source="events JOIN articles ON articles.article_id = events.article_id",
            where=where,
            params=params,
            key=f"events.{ev_col}",
            idcol="events.event_id",
            desc=desc,
        )
        rows = keyset_rows(q.run, q.dialect.ph, ks, after, limit + 1)
        items = [_single(json.loads(r[0]), r[1]) for r in rows[:limit]]
        return {"canonical": items, "next_cursor": Cursor.after(tag, rows, limit)}
    conds: list[str] = []
    if where:
        conds.append(
            "ce.canonical_id IN (SELECT m.canonical_id FROM canonical_members m "
            "JOIN events ON events.event_id = m.event_id WHERE " + " AND ".join(where) + ")"
        )
    ks = Keyset(
        select=_CE_COLUMNS,
        source="canonical_events ce",
        where=conds,
        params=params,
        key=f"ce.{ce_col}",
        idcol="ce.canonical_id",
        desc=desc,
    )
    rows = keyset_rows(q.run, q.dialect.ph, ks, after, limit + 1)
    page = rows[:limit]
    cids = [r[0] for r in page]
    reps = _representatives(q, cids)
    outlets = _outlets(q, cids, has_sources)
    items = [_record(r, reps.get(r[0]), outlets.get(r[0], [])) for r in page]
    return {"canonical": items, "next_cursor": Cursor.after(tag, rows, limit)}


def _member(doc: dict[str, Any], art: Sequence[Any]) -> dict[str, Any]:
    title, outlet, url, published = art
    return {
        "event_id": doc["event_id"],
        "article_id": doc["article_id"],
        "title": title,
        "outlet": outlet,
        "url": url,
        "published": published,
        "date": doc.get("date"),
        "fatalities": doc.get("fatalities"),
        "actor1": (doc.get("actor1") or {}).get("name"),
        "actor2": (doc.get("actor2") or {}).get("name"),
        "location_name": _location_name(doc),
        "plover_type": doc["plover"]["type"],
        "acled_sub_event_type": (doc.get("acled") or {}).get("sub_event_type"),
    }


def canonical_detail(
    q: EventQuery, canonical_id: str, *, has_sources: bool = False
) -> dict[str, Any] | None:
    """The canonical event and its member reports (article title, outlet, link, date and the
    report's own figures), oldest publication first; None when there is no such id."""
    ph = q.dialect.ph
    art_cols = "a.title, a.outlet, a.url, a.published"
    if not q.dialect.has_canonical:
        rows = q.run(
            f"SELECT e.doc, {art_cols} FROM events e JOIN articles a "
            f"ON a.article_id = e.article_id WHERE e.event_id = {ph}",
            [canonical_id],
        )
        if not rows:
            return None
        doc = json.loads(rows[0][0])
        return {"canonical": _single(doc, rows[0][2]), "members": [_member(doc, rows[0][1:])]}
    found = q.run(
        f"SELECT {_CE_COLUMNS} FROM canonical_events ce WHERE ce.canonical_id = {ph}",
        [canonical_id],
    )
    if not found:
        return None
    rows = q.run(
        f"SELECT e.doc, {art_cols} FROM canonical_members m "
        "JOIN events e ON e.event_id = m.event_id "
        "JOIN articles a ON a.article_id = e.article_id "
        f"WHERE m.canonical_id = {ph} "
        "ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published, e.event_id "
        f"LIMIT {ph}",
        [canonical_id, MAX_MEMBERS],
    )
    docs = [json.loads(r[0]) for r in rows]
    rep = cluster._representative(docs) if docs else None
    outlets = _outlets(q, [canonical_id], has_sources).get(canonical_id, [])
    return {
        "canonical": _record(found[0], rep, outlets),
        "members": [_member(doc, r[1:]) for doc, r in zip(docs, rows, strict=True)],
    }
