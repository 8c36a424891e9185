"""Synthetic event databases and a bounded HTTP load run, for tests and latency figures.

``python -m eventdesk.api.bench build --db bench.db --events 100000`` writes a database of
synthetic (but contract-valid) articles and events; ``python -m eventdesk.api.bench load
--url http://127.0.0.1:8765 --clients 20 --seconds 20`` runs 20 concurrent clients against
filtered ``/api/events`` queries and prints p50/p99 latency; ``--profile mixed`` sends what a
dashboard in use sends (lists, full-text search, stats, points, clusters, facets, /health)
and reports each endpoint group as well. The records are made up and
carry evidence spans into their own text, so tests can check highlights too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from eventdesk.records import Actor, Article, ArticleResult, Event, Place, Quote

# (ISO3, country name, admin1, town, lat, lon)
PLACES = [
    ("SYR", "Syria", "Idlib", "Saraqib", 35.86, 36.80),
    ("SYR", "Syria", "Aleppo", "Azaz", 36.59, 37.05),
    ("MLI", "Mali", "Mopti", "Djenne", 13.91, -4.55),
    ("NGA", "Nigeria", "Borno", "Damboa", 11.15, 12.76),
    ("SDN", "Sudan", "North Darfur", "Tawila", 13.50, 24.88),
    ("UKR", "Ukraine", "Kharkiv", "Kupiansk", 49.71, 37.62),
    ("COL", "Colombia", "Cauca", "Suarez", 2.95, -76.69),
    ("MMR", "Myanmar", "Sagaing", "Kani", 22.43, 94.85),
    ("SOM", "Somalia", "Hiiraan", "Beledweyne", 4.74, 45.20),
    ("IRQ", "Iraq", "Basra", "Zubair", 30.39, 47.70),
]
# (PLOVER, mode, ACLED type, ACLED sub-type, CAMEO, verb, actor1 sector, actor2 sector)
KINDS = [
    (
        "ASSAULT",
        "heavy-weapons",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "19",
        "shelled",
        "MIL",
        "CVL",
    ),
    ("ASSAULT", "firearms", "Battles", "Armed clash", "19", "clashed with", "REB", "MIL"),
    (
        "ASSAULT",
        "aerial",
        "Explosions/Remote violence",
        "Air/drone strike",
        "19",
        "bombed",
        "MIL",
        "REB",
    ),
    ("ASSAULT", "targeted", "Violence against civilians", "Attack", "18", "attacked", "REB", "CVL"),
    ("PROTEST", "demo", "Protests", "Peaceful protest", "14", "protested against", "CVL", "GOV"),
    ("COERCE", "arrest", "Strategic developments", "Arrests", "17", "arrested", "COP", "CVL"),
    ("CONSULT", "visit", None, None, "04", "met", "GOV", "GOV"),
    ("ACCUSE", None, None, None, "11", "accused", "GOV", "REB"),
]
ACTOR_NAMES = {
    "MIL": ("Military Forces of {c}", 1, "the army"),
    "REB": ("Rebels ({c})", 2, "rebels"),
    "CVL": ("Civilians ({c})", 7, "villagers"),
    "GOV": ("Government of {c}", 1, "the government"),
    "COP": ("Police Forces of {c}", 1, "police"),
}
OUTLETS = ["Sahel Wire", "Levant Daily", "Reuters", "Lake Chad Courier", "Andes Report"]


def _actor(sector: str, iso3: str, country: str) -> tuple[Actor, str]:
    pattern, inter, text = ACTOR_NAMES[sector]
    return (
        Actor(
            text=text,
            name=pattern.format(c=country),
            country=iso3,
            sector=sector,
            inter=inter,
            cameo=iso3 + sector,
        ),
        text,
    )


def synthetic_results(
    n_articles: int, events_per_article: int = 4, seed: int = 7, start: date = date(2024, 1, 1)
) -> Iterator[ArticleResult]:
    """``n_articles`` made-up articles of ``events_per_article`` events each, every value
    with evidence spans into the article's text (deterministic for a seed)."""
    rng = random.Random(seed)
    for a in range(n_articles):
        published = start + timedelta(days=rng.randrange(365))
        sentences: list[str] = []
        events: list[Event] = []
        offset = 0
        article_id = f"a{seed:04d}{a:09d}"
        for k in range(events_per_article):
            iso3, country, admin1, town, lat, lon = rng.choice(PLACES)
            plover, mode, acled, sub, cameo, verb, s1, s2 = rng.choice(KINDS)
            actor1, t1 = _actor(s1, iso3, country)
            actor2, t2 = _actor(s2, iso3, country)
            day = published - timedelta(days=rng.randrange(4))
            dead = rng.choice([None, None, 1, 3, 12, 40]) if plover == "ASSAULT" else None
            head = f"On {day:%d %B %Y} {t1} {verb} {t2} near {town}"
            tail = f", killing {dead} people." if dead else "."
            text = head + tail + f" Event {a}-{k} was reported by {rng.choice(OUTLETS)}."
            base = offset
            s_end = base + len(head) + len(tail)

            def span(part: str, within: str, at: int, base: int = base) -> tuple[int, int]:
                i = within.index(part, at)
                return (base + i, base + i + len(part))

            ev_spans: list[tuple[str, tuple[int, int]]] = [
                ("sentence", (base, s_end)),
                ("trigger", span(verb, head, 0)),
                ("actor1", span(t1, head, len(f"On {day:%d %B %Y} "))),
                ("actor2", span(t2, head, head.index(verb) + len(verb))),
                ("location", span(town, head, head.index(" near "))),
                ("date", span(f"{day:%d %B %Y}", head, 0)),
            ]
            if dead:
                i = base + len(head) + tail.index(str(dead))
                ev_spans.append(("fatalities", (i, i + len(str(dead)))))
            jitter = rng.uniform(-0.3, 0.3)
            events.append(
                Event(
                    event_id=f"e{seed:04d}{a:09d}{k:02d}",
                    article_id=article_id,
                    plover_type=plover,
                    plover_mode=mode,
                    acled_event_type=acled,
                    acled_sub_event_type=sub,
                    cameo=cameo,
                    actor1=actor1,
                    actor2=actor2,
                    location=Place(
                        text=town,
                        name=town,
                        lat=round(lat + jitter, 4),
                        lon=round(lon + jitter, 4),
                        admin1=admin1,
                        country=iso3,
                        feature="city",
                        geo_precision=1,
                    ),
                    date=day.isoformat(),
                    time_precision=1,
                    fatalities=dead,
                    reported_by=("Reuters",) if k % 2 else (),
                    confidence=round(rng.uniform(0.3, 0.95), 3),
                    evidence=tuple(ev_spans),
                )
            )
            sentences.append(text)
            offset += len(text) + 1
        body = " ".join(sentences)
        quote_text = "We will not leave"
        body += f' "{quote_text}," a resident said.'
        q0 = body.index(quote_text)
        quote = Quote(
            speaker=None,
            text=quote_text,
            evidence=(("quote", (q0, q0 + len(quote_text))),),
        )
        yield ArticleResult(
            article=Article(
                text=body,
                title=f"Synthetic report {a}",
                url=f"https://example.org/synthetic/{a}",
                outlet=rng.choice(OUTLETS),
                published=published.isoformat(),
                article_id=article_id,
            ),
            events=tuple(events),
            quotes=(quote,),
        )


def build(db: str, n_events: int, per_article: int = 4, seed: int = 7) -> None:
    """Fill ``db`` (SQLite path or postgresql:// URL) with ``n_events`` synthetic events."""
    from eventdesk.store import open_store
    from eventdesk.store.sqlite import SQLiteStore

    n_articles = -(-n_events // per_article)
    with open_store(db) as store:
        summary = store.add_results(synthetic_results(n_articles, per_article, seed), 1000)
        if isinstance(store, SQLiteStore):
            store.analyze(force=True)
        else:
            store.analyze()
    print(f"{db}: {summary.new} articles, {summary.events} events added", file=sys.stderr)


# A mix of filtered queries an analyst's dashboard sends.
QUERIES = [
    "/api/events?country=SYR&since=2024-03-01&until=2024-06-30&limit=50&sort=-date",
    "/api/events?plover_type=ASSAULT&country=NGA&limit=50&sort=-fatalities",
    "/api/events?acled_event_type=Battles&since=2024-05-01&limit=50",
    "/api/events?actor=Rebels&country=MLI&limit=50&sort=-date",
    "/api/events?bbox=35,33,40,37&since=2024-02-01&until=2024-04-30&limit=50",
    "/api/events?q=shelled%20killing&country=UKR&limit=50",
]

# The mixed profile: what a dashboard in use sends, by endpoint group, with how often each
# group comes up. Filters vary (months, countries, regions), so caches are filled as they go.
_MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
MIXED: dict[str, tuple[int, list[str]]] = {
    "events": (
        4,
        [
            *QUERIES[:5],
            "/api/events?region=Middle%20East&min_fatalities=1&limit=50&sort=-date",
            "/api/events?sub_event_type=Armed%20clash&outlet=Reuters&limit=50",
            "/api/events?country=Syria&limit=50&sort=-date&cursor=",
        ],
    ),
    "search": (
        2,
        [
            "/api/events?q=shelled%20killing&country=UKR&limit=50",
            "/api/events?q=protested&limit=50&sort=-date",
            "/api/events?q=villagers%20near&region=Western%20Africa&limit=50",
        ],
    ),
    "stats": (
        1,
        ["/api/stats"]
        + [f"/api/stats?since={m}-01&until={m}-28" for m in _MONTHS]
        + ["/api/stats?country=SYR", "/api/stats?region=Western%20Africa"],
    ),
    "clusters": (
        1,
        [f"/api/clusters?zoom={z}" for z in (2, 3, 4)]
        + [f"/api/clusters?zoom=6&bbox=30,25,50,45&since={m}-01" for m in _MONTHS[:6]],
    ),
    "points": (
        1,
        ["/api/points?limit=2000", "/api/points?limit=2000&country=NGA"],
    ),
    "facets": (
        1,
        ["/api/facets", "/api/facets?region=Middle%20East"]
        + [f"/api/facets?since={m}-01" for m in _MONTHS[:6]],
    ),
    "health": (2, ["/health"]),
}
PROFILES = ("list", "mixed")


def _schedule(profile: str, seed: int = 1) -> list[tuple[str, str]]:
    """(group, path) requests in the order the clients send them (cycled)."""
    if profile == "list":
        return [("events", path) for path in QUERIES]
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for group, (weight, paths) in MIXED.items():
        for path in paths:
            out.extend([(group, path)] * weight)
    rng.shuffle(out)
    return out


def _pct(values: list[float], p: float) -> float:
    return round(values[min(len(values) - 1, int(p * len(values)))] * 1000, 1)


async def _load(
    url: str, clients: int, seconds: float, profile: str
) -> tuple[dict[str, list[float]], int]:
    from eventdesk.api.loadgen import Connection, HttpError

    schedule = _schedule(profile)
    latencies: dict[str, list[float]] = {}
    errors = 0
    deadline = time.perf_counter() + seconds

    async def worker(i: int) -> None:
        nonlocal errors
        conn = Connection(url)
        n = i * 7
        while time.perf_counter() < deadline:
            group, path = schedule[n % len(schedule)]
            n += 1
            t0 = time.perf_counter()
            try:
                if path.endswith("cursor="):  # the second page of a list
                    first = await conn.get_json(path[: -len("&cursor=")])
                    path = path + (first.get("next_cursor") or "")
                    t0 = time.perf_counter()
                status, _, _ = await conn.get(path)
            except HttpError:  # a dropped connection is a failed request
                latencies.setdefault(group, []).append(time.perf_counter() - t0)
                errors += 1
                continue
            latencies.setdefault(group, []).append(time.perf_counter() - t0)
            if status != 200:
                errors += 1
        await conn.close()

    await asyncio.gather(*(worker(i) for i in range(clients)))
    if errors:
        print(f"{errors} requests failed", file=sys.stderr)
    return latencies, errors


def load(
    url: str, clients: int = 20, seconds: float = 20.0, profile: str = "list"
) -> dict[str, Any]:
    """Run ``clients`` concurrent clients for ``seconds`` with a profile of requests
    (``list``: filtered event lists; ``mixed``: lists, full-text search, stats, map points and
    clusters, facets and /health); overall and per-group latency percentiles in ms."""
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {', '.join(PROFILES)}, got {profile!r}")
    by_group, errors = asyncio.run(_load(url, clients, seconds, profile))
    lat = sorted(x for values in by_group.values() for x in values)
    if not lat:
        return {"requests": 0}
    out: dict[str, Any] = {
        "profile": profile,
        "clients": clients,
        "seconds": seconds,
        "requests": len(lat),
        "errors": errors,
        "rps": round(len(lat) / seconds, 1),
        "p50_ms": _pct(lat, 0.50),
        "p90_ms": _pct(lat, 0.90),
        "p99_ms": _pct(lat, 0.99),
        "mean_ms": round(statistics.fmean(lat) * 1000, 1),
    }
    if profile != "list":
        out["endpoints"] = {
            group: {
                "requests": len(values),
                "rps": round(len(values) / seconds, 1),
                "p50_ms": _pct(sorted(values), 0.50),
                "p99_ms": _pct(sorted(values), 0.99),
            }
            for group, values in sorted(by_group.items())
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventdesk.api.bench")
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="write a synthetic database")
    b.add_argument("--db", required=True)
    b.add_argument("--events", type=int, default=100_000)
    b.add_argument("--seed", type=int, default=7)
    ld = sub.add_parser("load", help="bounded load run against a running server")
    ld.add_argument("--url", default="http://127.0.0.1:8765")
    ld.add_argument("--clients", type=int, default=20)
    ld.add_argument("--seconds", type=float, default=20.0)
    ld.add_argument(
        "--profile",
        choices=PROFILES,
        default="list",
        help="list: filtered event lists; mixed: lists, full-text search, stats, points, "
        "clusters, facets and /health, reported per endpoint",
    )
    args = parser.parse_args(argv)
    if args.cmd == "build":
        build(args.db, args.events, seed=args.seed)
    else:
        print(json.dumps(load(args.url, args.clients, args.seconds, args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
