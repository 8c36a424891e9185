"""Canonical events: one happening reported by many articles, linked into one record.

Every stored event belongs to exactly one canonical event (most to one of their own). An event
joins an existing canonical event when it **matches every member** of it (complete link, so a
vague report cannot chain two different happenings together). Two events match when all of:

1. **Different articles.** Two events of one article are distinct by the extractor's decision;
   near-duplicate copies of an article are stored once, so they never get here.
2. **Same flags**: ``negated`` and ``hypothetical`` are equal.
3. **Compatible type**: the same PLOVER type, and the same ACLED event type when both have one
   (sub-event types may differ: "shelling" and "artillery attack" reports of one event).
4. **Dates within their precision**: each event covers a window, ``time_precision`` 1 (day):
   that day only; 2 (week/approximate): ``WEEK_DAYS`` either side; 3 (month): that calendar
   month. The windows must overlap. Undated events are never merged.
5. **Places within their precision**: both located, in the same country; then by the coarser
   ``geo_precision`` of the two: 1 (town) within ``KM_TOWN`` km, 2 (near / district) within
   ``KM_NEAR`` km, 3 (region) same admin1 (or within ``KM_REGION`` km when admin1 is missing).
   A country-level place only matches another country-level place of the same country.
   Events without a place are never merged.
6. **Compatible actors**, role by role (actor1 with actor1, actor2 with actor2; for ACLED
   *Battles* also crossed, as a battle has no direction). A missing actor matches anything.
   Same name or same CAMEO code always matches. Two actors conflict when they have different
   countries, or (unless one is "Unidentified", whose sector and type are guesses) different
   sectors or ACLED ``inter`` codes, or when both are specific named groups (not a generic
   label such as "Rebels (Mali)") with different names.

Among several canonical events an event could join, it joins the closest (distance, then date
gap, then id). A canonical event keeps the id of its first event (``c`` + hash), so ids do not
change as reports arrive. Its figures: ``fatalities_low``/``fatalities_high`` are the smallest
and largest count reported, ``fatalities_best`` the lower median (ACLED's conservative
reading); ``sources`` counts distinct outlets over all copies of all member articles.

Linking runs inside the store transaction that writes the events (see ``SQLiteStore``), so an
interrupted ingest cannot leave events unlinked or linked twice.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .records import stable_id

WEEK_DAYS = 6
KM_TOWN = 25.0
KM_NEAR = 50.0
KM_REGION = 150.0
# Bounds that keep linking cost flat however large a cluster grows: a new report is checked
# against the first MAX_COMPARED members (by event id), and the stored summary is computed
# from the first MAX_SUMMARIZED members (counts and sources stay exact).
MAX_COMPARED = 24
MAX_SUMMARIZED = 200
_SYMMETRIC_ACLED = {"Battles"}
_GENERIC_NAME = re.compile(
    r"^(unidentified|unknown|gunmen|militants|jihadists?|insurgents|rebels|civilians|"
    r"protesters|rioters|armed group|(islamist |communal |ethnic |political )?militia)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ActorKey:
    name: str | None
    country: str | None
    sector: str | None
    inter: int | None
    cameo: str | None

    @classmethod
    def from_doc(cls, d: dict[str, Any] | None) -> ActorKey | None:
        if not d:
            return None
        return cls(d.get("name"), d.get("country"), d.get("sector"), d.get("inter"), d.get("cameo"))


def _unidentified(name: str | None) -> bool:
    return not name or name.casefold().startswith(("unidentified", "unknown"))


def _generic(name: str | None) -> bool:
    return not name or bool(_GENERIC_NAME.search(name.strip()))


def actors_compatible(a: ActorKey | None, b: ActorKey | None) -> bool:
    if a is None or b is None:
        return True
    if a.name and b.name and a.name.casefold() == b.name.casefold():
        return True
    if a.cameo and b.cameo and a.cameo == b.cameo:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if _unidentified(a.name) or _unidentified(b.name):
        return True  # its sector and inter are guesses: only the country can conflict
    for x, y in ((a.country, b.country), (a.sector, b.sector), (a.inter, b.inter)):
        if x is not None and y is not None and x != y:
            return False
    return _generic(a.name) or _generic(b.name)


@dataclass(frozen=True, slots=True)
class EventKey:
    """What the matching rules look at, read from an event's contract dict."""

    event_id: str
    article_id: str
    plover_type: str
    acled_event_type: str | None
    date: dt.date | None
    time_precision: int
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    feature: str | None
    actor1: ActorKey | None
    actor2: ActorKey | None
    negated: bool
    hypothetical: bool
    fatalities: int | None

    @classmethod
    def from_doc(cls, d: dict[str, Any]) -> EventKey:
        loc = d.get("location") or {}
        acled = d.get("acled") or {}
        raw_date = d.get("date")
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            plover_type=d["plover"]["type"],
            acled_event_type=acled.get("event_type"),
            date=dt.date.fromisoformat(raw_date) if raw_date else None,
            time_precision=int(d.get("time_precision") or 3),
            country=loc.get("country"),
            admin1=loc.get("admin1"),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            geo_precision=int(loc.get("geo_precision") or 3),
            feature=loc.get("feature"),
            actor1=ActorKey.from_doc(d.get("actor1")),
            actor2=ActorKey.from_doc(d.get("actor2")),
            negated=bool(d.get("negated")),
            hypothetical=bool(d.get("hypothetical")),
            fatalities=d.get("fatalities"),
        )

    @staticmethod
    def compact(d: dict[str, Any]) -> dict[str, Any]:
        """The part of an event doc that linking and ``summarize`` read (a few hundred bytes
        instead of the whole doc): stored with each membership so linking stays cheap."""
        loc = d.get("location") or {}
        acled = d.get("acled") or {}
        actors = {
            role: {k: a.get(k) for k in ("name", "country", "sector", "inter", "cameo")}
            for role in ("actor1", "actor2")
            if (a := d.get(role))
        }
        return {
            "event_id": d["event_id"],
            "article_id": d["article_id"],
            "plover": {"type": d["plover"]["type"]},
            "acled": {"event_type": acled.get("event_type")},
            "date": d.get("date"),
            "time_precision": d.get("time_precision"),
            "location": {
                k: loc.get(k)
                for k in ("country", "admin1", "lat", "lon", "geo_precision", "feature")
            },
            **actors,
            "negated": bool(d.get("negated")),
            "hypothetical": bool(d.get("hypothetical")),
            "fatalities": d.get("fatalities"),
            "confidence": d.get("confidence"),
        }

    @property
    def linkable(self) -> bool:
        """Dated and placed in a country: only such events are ever merged."""
        return self.date is not None and self.country is not None

    def window(self) -> tuple[dt.date, dt.date]:
        assert self.date is not None
        if self.time_precision <= 1:
            return self.date, self.date
        if self.time_precision == 2:
            span = dt.timedelta(days=WEEK_DAYS)
            return self.date - span, self.date + span
        first = self.date.replace(day=1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        return first, nxt - dt.timedelta(days=1)


def km(a: EventKey, b: EventKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def places_compatible(a: EventKey, b: EventKey) -> bool:
    if a.country is None or b.country is None or a.country != b.country:
        return False
    if a.feature == "country" or b.feature == "country":
        return a.feature == b.feature
    precision = max(a.geo_precision, b.geo_precision)
    dist = km(a, b)
    if precision >= 3:
        if a.admin1 and b.admin1:
            return a.admin1.casefold() == b.admin1.casefold()
        return dist is not None and dist <= KM_REGION
    if dist is None:
        return bool(a.admin1 and b.admin1 and a.admin1 == b.admin1 and precision >= 2)
    return dist <= (KM_TOWN if precision == 1 else KM_NEAR)


def match(a: EventKey, b: EventKey) -> str | None:
    """None when ``a`` and ``b`` may report the same happening, else the rule that fails."""
    if a.article_id == b.article_id:
        return "same article"
    if not (a.linkable and b.linkable):
        return "undated or unplaced"
    if a.negated != b.negated or a.hypothetical != b.hypothetical:
        return "flags differ"
    if a.plover_type != b.plover_type:
        return "PLOVER type differs"
    if a.acled_event_type and b.acled_event_type and a.acled_event_type != b.acled_event_type:
        return "ACLED type differs"
    (s1, e1), (s2, e2) = a.window(), b.window()
    if s1 > e2 or s2 > e1:
        return "dates differ beyond their precision"
    if not places_compatible(a, b):
        return "places differ beyond their precision"
    same = actors_compatible(a.actor1, b.actor1) and actors_compatible(a.actor2, b.actor2)
    if not same and (
        a.acled_event_type in _SYMMETRIC_ACLED or b.acled_event_type in _SYMMETRIC_ACLED
    ):
        same = actors_compatible(a.actor1, b.actor2) and actors_compatible(a.actor2, b.actor1)
    if not same:
        return "actors conflict"
    return None


def fatality_range(values: Iterable[int | None]) -> tuple[int | None, int | None, int | None]:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None, None, None
    return known[0], int(statistics.median_low(known)), known[-1]


def canonical_id(founder_event_id: str) -> str:
    return stable_id(founder_event_id, prefix="c")


def _representative(docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    def rank(d: dict[str, Any]) -> tuple[int, int, float, str]:
        loc = d.get("location") or {}
        return (
            d.get("time_precision") or 9,
            loc.get("geo_precision") or 9,
            -float(d.get("confidence") or 0),
            d["event_id"],
        )

    return min(docs, key=rank)


def summarize(docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The filterable columns of a canonical event from its member event docs."""
    keys = [EventKey.from_doc(d) for d in docs]
    rep = _representative(docs)
    loc = rep.get("location") or {}
    windows = [k.window() for k in keys if k.date is not None]
    low, best, high = fatality_range(k.fatalities for k in keys)
    return {
        "plover_type": rep["plover"]["type"],
        "acled_event_type": (rep.get("acled") or {}).get("event_type"),
        "date": rep.get("date"),
        "time_precision": rep.get("time_precision"),
        "date_start": min(w[0] for w in windows).isoformat() if windows else None,
        "date_end": max(w[1] for w in windows).isoformat() if windows else None,
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "fatalities_low": low,
        "fatalities_best": best,
        "fatalities_high": high,
        "n_events": len(docs),
        "n_articles": len({d["article_id"] for d in docs}),
    }


def canonical_doc(
    cid: str, docs: Sequence[dict[str, Any]], sources: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """The dict ``SQLiteStore.canonical_events`` returns: the representative report's
    fields, the figures across reports, and who carried it."""
    rep = _representative(docs)
    s = summarize(docs)
    outlets = sorted({src["outlet"] for src in sources if src.get("outlet")})
    reporters = sorted({r for d in docs for r in d.get("reported_by") or ()})
    return {
        "canonical_id": cid,
        # event_id/article_id/counts/reported_by let the event table and CSV writers render it
        "event_id": cid,
        "article_id": rep["article_id"],
        "injured": rep.get("injured"),
        "displaced": rep.get("displaced"),
        "arrested": rep.get("arrested"),
        "reported_by": reporters,
        "plover": rep["plover"],
        "acled": rep.get("acled"),
        "cameo": rep.get("cameo"),
        "actor1": rep.get("actor1"),
        "actor2": rep.get("actor2"),
        "location": rep.get("location"),
        "date": rep.get("date"),
        "time_precision": rep.get("time_precision"),
        "date_range": [s["date_start"], s["date_end"]],
        "fatalities": s["fatalities_best"],
        "fatalities_low": s["fatalities_low"],
        "fatalities_best": s["fatalities_best"],
        "fatalities_high": s["fatalities_high"],
        "negated": rep.get("negated", False),
        "hypothetical": rep.get("hypothetical", False),
        "future": rep.get("future", False),
        "historical": rep.get("historical", False),
        "confidence": max(float(d.get("confidence") or 0) for d in docs),
        "sources": count_sources(sources),
        "n_articles": s["n_articles"],
        "n_reports": len(sources) or s["n_articles"],
        "outlets": outlets,
        "urls": sorted({src["url"] for src in sources if src.get("url")}),
        "article_ids": sorted({d["article_id"] for d in docs}),
        "event_ids": [d["event_id"] for d in docs],
    }


def source_key(outlet: str | None, variant_id: str) -> str:
    """One source: a distinct outlet (spacing and case ignored), or a copy without an outlet
    on its own."""
    name = " ".join((outlet or "").split()).casefold()
    return f"o:{name}" if name else f"v:{variant_id}"


def count_sources(sources: Sequence[dict[str, Any]]) -> int:
    """Distinct outlets; a copy without an outlet counts as its own source."""
    return len({source_key(src.get("outlet"), src["variant_id"]) for src in sources})


# -- SQL, run by SQLiteStore inside its write transaction --------------------------------------

# A canonical event is a candidate when its type, country and dates allow a match. A new
# report must overlap the window of each of the first MAX_COMPARED members (by event id), and a
# window is at most a month long, so the earliest start among them (``cmp_start``) lies between
# the report's start minus _MAX_WINDOW_DAYS and its end: an exact block, and a bounded index
# range on (plover_type, country, cmp_start) however large the store grows.
_MAX_WINDOW_DAYS = 31
_CANDIDATES = (
    "SELECT canonical_id FROM canonical_events WHERE plover_type = ? AND country = ? "
    "AND cmp_start BETWEEN ? AND ? AND date_end >= ? "
    "AND (? IS NULL OR acled_event_type IS NULL OR acled_event_type = ?)"
)
# Near the event: a candidate's stored place is its representative member's, and an event
# compatible with that member lies within KM_REGION of it or in the same admin1 (or one of the
# two has no coordinates), so this block loses no match.
_NEAR = (
    " AND (lat IS NULL OR lon IS NULL OR admin1 = ? "
    "OR (lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?))"
)
_ORDER = " ORDER BY canonical_id"


def _candidates(conn: sqlite3.Connection, key: EventKey) -> list[str]:
    start, end = key.window()
    earliest = start - dt.timedelta(days=_MAX_WINDOW_DAYS)
    acled = key.acled_event_type  # the same ACLED type when both have one (match rule 3)
    block = (
        key.plover_type,
        key.country,
        earliest.isoformat(),
        end.isoformat(),
        start.isoformat(),
        acled,
        acled,
    )
    if key.lat is None or key.lon is None:
        return [r[0] for r in conn.execute(_CANDIDATES + _ORDER, block)]
    dlat = 1.1 * KM_REGION / 111.0  # a generous box: a superset of the KM_REGION circle
    dlon = dlat / max(0.05, math.cos(math.radians(key.lat)))
    if abs(key.lat) + dlat >= 90 or abs(key.lon) + dlon >= 180:
        return [r[0] for r in conn.execute(_CANDIDATES + _ORDER, block)]  # near a pole or 180°
    box = (key.lat - dlat, key.lat + dlat, key.lon - dlon, key.lon + dlon)
    sql = _CANDIDATES + _NEAR + _ORDER
    return [r[0] for r in conn.execute(sql, (*block, key.admin1 or "", *box))]


# A member's compact link key (``EventKey.compact``), read from the membership index alone;
# memberships linked before migration 3 and not yet backfilled fall back to the whole doc.
_MEMBER_KEYS = (
    "SELECT link_key, event_id FROM canonical_members WHERE canonical_id = ? "
    "ORDER BY event_id LIMIT ?"
)


def _member_keys(conn: sqlite3.Connection, cid: str, limit: int) -> Iterator[dict[str, Any]]:
    for link_key, event_id in conn.execute(_MEMBER_KEYS, (cid, limit)):
        if link_key is None:
            (link_key,) = conn.execute(
                "SELECT doc FROM events WHERE event_id = ?", (event_id,)
            ).fetchone()
        yield json.loads(link_key)


def _matching_members(conn: sqlite3.Connection, cid: str, key: EventKey) -> list[EventKey]:
    """The (first MAX_COMPARED) members of ``cid`` if ``key`` matches them all, else []:
    read one at a time, so a candidate is dropped at its first mismatch."""
    members: list[EventKey] = []
    for doc in _member_keys(conn, cid, MAX_COMPARED):
        member = EventKey.from_doc(doc)
        if match(key, member) is not None:
            return []
        members.append(member)
    return members


def _member_docs(conn: sqlite3.Connection, cid: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT e.doc FROM canonical_members m JOIN events e ON e.event_id = m.event_id "
        "WHERE m.canonical_id = ? ORDER BY e.event_id",
        (cid,),
    )
    return [json.loads(r[0]) for r in rows]


def _sources(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    ids = sorted(set(article_ids))
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = conn.execute(
            "SELECT variant_id, article_id, outlet, url, title, published FROM article_sources "
            f"WHERE article_id IN ({', '.join('?' * len(chunk))}) ORDER BY article_id, variant_id",
            chunk,
        )
        keys = ("variant_id", "article_id", "outlet", "url", "title", "published")
        out.extend(dict(zip(keys, r, strict=True)) for r in rows)
    return out


def add_sources(conn: sqlite3.Connection, cid: str, article_ids: Iterable[str]) -> int:
    """Record the sources (``source_key``) of these member articles' copies under ``cid``;
    return how many are new to it."""
    added = 0
    for aid in sorted(set(article_ids)):
        rows = conn.execute(
            "SELECT outlet, variant_id FROM article_sources WHERE article_id = ?", (aid,)
        )
        cur = conn.executemany(
            "INSERT OR IGNORE INTO canonical_sources (canonical_id, source_key) VALUES (?, ?)",
            [(cid, source_key(outlet, vid)) for outlet, vid in rows],
        )
        added += max(0, cur.rowcount)
    return added


# a report joining a large canonical event after its first MAX_SUMMARIZED members: the counts
# grow by what it adds, so the join costs the same however large the event is
_GROW = (
    "UPDATE canonical_events SET n_events = n_events + ?, n_articles = n_articles + ?, "
    "n_sources = n_sources + ?, updated_at = ? WHERE canonical_id = ?"
)


def _counts(conn: sqlite3.Connection, cid: str) -> tuple[int, int, int]:
    """Events, articles and sources of ``cid``, counted in SQL on indexed rows."""
    n_events, n_articles = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM canonical_members WHERE canonical_id = ?",
        (cid,),
    ).fetchone()
    (n_sources,) = conn.execute(
        "SELECT COUNT(*) FROM canonical_sources WHERE canonical_id = ?", (cid,)
    ).fetchone()
    return int(n_events), int(n_articles), int(n_sources) or int(n_articles)


def refresh(conn: sqlite3.Connection, cid: str, now: str) -> None:
    """Recompute the stored columns of canonical event ``cid`` from its members."""
    docs = list(_member_keys(conn, cid, MAX_SUMMARIZED))
    if not docs:
        conn.execute("DELETE FROM canonical_events WHERE canonical_id = ?", (cid,))
        conn.execute("DELETE FROM canonical_sources WHERE canonical_id = ?", (cid,))
        return
    s = summarize(docs)
    s["n_events"], s["n_articles"], n_sources = _counts(conn, cid)
    compared = [k.window()[0] for k in map(EventKey.from_doc, docs[:MAX_COMPARED]) if k.date]
    cmp_start = min(compared).isoformat() if compared else None
    conn.execute(
        "INSERT INTO canonical_events (canonical_id, plover_type, acled_event_type, date, "
        "time_precision, date_start, date_end, country, admin1, lat, lon, fatalities_low, "
        "fatalities_best, fatalities_high, n_events, n_articles, n_sources, updated_at, "
        "cmp_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(canonical_id) DO UPDATE SET plover_type=excluded.plover_type, "
        "acled_event_type=excluded.acled_event_type, date=excluded.date, "
        "time_precision=excluded.time_precision, date_start=excluded.date_start, "
        "date_end=excluded.date_end, country=excluded.country, admin1=excluded.admin1, "
        "lat=excluded.lat, lon=excluded.lon, fatalities_low=excluded.fatalities_low, "
        "fatalities_best=excluded.fatalities_best, fatalities_high=excluded.fatalities_high, "
        "n_events=excluded.n_events, n_articles=excluded.n_articles, "
        "n_sources=excluded.n_sources, updated_at=excluded.updated_at, "
        "cmp_start=excluded.cmp_start",
        (
            cid,
            s["plover_type"],
            s["acled_event_type"],
            s["date"],
            s["time_precision"],
            s["date_start"],
            s["date_end"],
            s["country"],
            s["admin1"],
            s["lat"],
            s["lon"],
            s["fatalities_low"],
            s["fatalities_best"],
            s["fatalities_high"],
            s["n_events"],
            s["n_articles"],
            n_sources,
            now,
            cmp_start,
        ),
    )


def _score(key: EventKey, members: Sequence[EventKey]) -> tuple[float, int]:
    dists = [km(key, m) for m in members]
    known = [d for d in dists if d is not None]
    gap = min(abs((key.date - m.date).days) for m in members if m.date and key.date)
    return (sum(known) / len(known) if known else 0.0), gap


def link_event(conn: sqlite3.Connection, doc: dict[str, Any], now: str) -> str:
    """Attach one stored, not yet linked event to its canonical event; return that id."""
    key = EventKey.from_doc(doc)
    chosen: str | None = None
    if key.linkable:
        best: tuple[float, int, str] | None = None
        for cid in _candidates(conn, key):
            members = _matching_members(conn, cid, key)
            if not members:
                continue
            dist, gap = _score(key, members)
            cand = (dist, gap, cid)
            if best is None or cand < best:
                best = cand
        chosen = best[2] if best else None
    cid = chosen or canonical_id(key.event_id)
    conn.execute(
        "INSERT OR IGNORE INTO canonical_members (event_id, canonical_id, article_id, link_key) "
        "VALUES (?, ?, ?, ?)",
        (key.event_id, cid, key.article_id, json.dumps(EventKey.compact(doc))),
    )
    added = add_sources(conn, cid, [key.article_id])
    # a member that sorts after the first MAX_SUMMARIZED leaves the summary as it was
    last = conn.execute(
        "SELECT event_id FROM canonical_members WHERE canonical_id = ? "
        "ORDER BY event_id LIMIT 1 OFFSET ?",
        (cid, MAX_SUMMARIZED - 1),
    ).fetchone()
    if last is not None and key.event_id > last[0]:
        # by the article's few memberships (the cluster's index would scan the whole cluster)
        new_article = not any(
            c == cid and e != key.event_id
            for c, e in conn.execute(
                "SELECT canonical_id, event_id FROM canonical_members WHERE article_id = ?",
                (key.article_id,),
            )
        )
        conn.execute(_GROW, (1, int(new_article), added, now, cid))
    else:
        refresh(conn, cid, now)
    return cid


def link_events(conn: sqlite3.Connection, docs: Iterable[dict[str, Any]], now: str) -> int:
    n = 0
    for doc in docs:
        link_event(conn, doc, now)
        n += 1
    return n


def refresh_for_articles(conn: sqlite3.Connection, article_ids: Iterable[str], now: str) -> None:
    """Recount sources of the canonical events whose members come from these articles."""
    ids = sorted(set(article_ids))
    cids: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        rows = conn.execute(
            "SELECT DISTINCT canonical_id FROM canonical_members "
            f"WHERE article_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        cids.update(r[0] for r in rows)
    for cid in sorted(cids):
        added = add_sources(conn, cid, ids)
        if added:
            conn.execute(_GROW, (0, 0, added, now, cid))


def sources_for(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[dict[str, Any]]:
    return _sources(conn, article_ids)


def member_docs(conn: sqlite3.Connection, cid: str) -> list[dict[str, Any]]:
    return _member_docs(conn, cid)
