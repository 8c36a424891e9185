"""The API the dashboard builds on: the new filters (country names, region, sub-event type,
outlet, minimum fatalities), facets, actor autocomplete, map clusters, paginated points,
canonical events with their sources, gzip, and answers cached until the data changes.

Expectations are computed from the synthetic records themselves, not written down."""

from __future__ import annotations

import gzip
import json
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from eventdesk import countries  # noqa: E402
from eventdesk.api import aggregates  # noqa: E402
from eventdesk.api.app import create_app  # noqa: E402
from eventdesk.api.bench import synthetic_results  # noqa: E402
from eventdesk.errors import InputError  # noqa: E402
from eventdesk.records import ArticleResult  # noqa: E402
from eventdesk.store.sqlite import SQLiteStore  # noqa: E402

N_ARTICLES = 40
PER_ARTICLE = 4


def retold(res: ArticleResult, outlet: str, fatalities: int) -> ArticleResult:
    """The same happenings told again by another outlet (another article), with the first
    event's death toll read differently."""
    art = replace(
        res.article,
        text=res.article.text + " Told again.",
        outlet=outlet,
        title=f"{res.article.title} ({outlet})",
        url=f"https://example.org/retold/{outlet}/{res.article.article_id}",
        article_id=res.article.article_id + "r",
    )
    events = tuple(
        replace(
            ev,
            event_id=ev.event_id + "r",
            article_id=art.article_id,
            fatalities=fatalities if i == 0 else ev.fatalities,
        )
        for i, ev in enumerate(res.events)
    )
    return ArticleResult(article=art, events=events, quotes=res.quotes)


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    base = list(synthetic_results(N_ARTICLES, PER_ARTICLE, seed=11))
    # the first article is told again by a second outlet, with another death toll
    return [*base, retold(base[0], "Second Outlet", 77)]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, results: list[ArticleResult]) -> str:
    path = tmp_path_factory.mktemp("dash") / "dash.db"
    with SQLiteStore.open(path) as store:
        store.add_results(results)
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def events(results: list[ArticleResult]) -> list[tuple[dict[str, Any], str | None]]:
    """(event dict, outlet of its article) of every stored event."""
    return [(e.to_dict(), r.article.outlet) for r in results for e in r.events]


def all_pages(client: TestClient, path: str, params: dict[str, Any], key: str) -> list[Any]:
    got: list[Any] = []
    cursor = None
    for _ in range(1000):
        page = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        body = page.json()
        got.extend(body[key])
        cursor = body["next_cursor"]
        if cursor is None:
            return got
    raise AssertionError("pagination did not end")


def ids(client: TestClient, **params: Any) -> set[str]:
    rows = all_pages(client, "/api/events", {"limit": 500, **params}, "events")
    return {e["event_id"] for e in rows}


# -- filters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["SYR", "syr", "Syria", "SYRIA", "Syrian Arab Republic", "sy"])
def test_country_accepts_codes_and_names(
    client: TestClient, results: list[ArticleResult], given: str
) -> None:
    expected = {e["event_id"] for e, _ in events(results) if e["location"]["country"] == "SYR"}
    assert expected and ids(client, country=given) == expected


def test_unknown_country_name_is_a_400_with_a_suggestion(client: TestClient) -> None:
    r = client.get("/api/events", params={"country": "Nigera"})
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    assert "ISO 3166-1 alpha-3 code" in message and "country name" in message
    assert "did you mean Nigeria (NGA)?" in message


def test_region_filter_goes_through_the_country(
    client: TestClient, results: list[ArticleResult]
) -> None:
    for region in ("Middle East", "Western Africa", "europe"):
        name = countries.to_region(region)
        expected = {
            e["event_id"]
            for e, _ in events(results)
            if countries.region(e["location"]["country"]) == name
        }
        assert expected and ids(client, region=region) == expected
    both = ids(client, region="Middle East,Europe")
    assert both == ids(client, region="Middle East") | ids(client, region="Europe")


def test_sub_event_type_outlet_and_min_fatalities(
    client: TestClient, results: list[ArticleResult]
) -> None:
    evs = events(results)
    sub = {e["event_id"] for e, _ in evs if (e["acled"] or {}).get("sub_event_type") == "Attack"}
    assert sub and ids(client, sub_event_type="Attack") == sub
    two = {"Armed clash", "Air/drone strike"}
    expected = {e["event_id"] for e, _ in evs if (e["acled"] or {}).get("sub_event_type") in two}
    assert ids(client, sub_event_type="Armed clash,Air/drone strike") == expected
    by_outlet = {e["event_id"] for e, o in evs if o == "Reuters"}
    assert by_outlet and ids(client, outlet="Reuters") == by_outlet
    deadly = {e["event_id"] for e, _ in evs if (e["fatalities"] or 0) >= 12}
    assert deadly and ids(client, min_fatalities=12) == deadly
    assert ids(client, min_fatalities=0) == {
        e["event_id"] for e, _ in evs if e["fatalities"] is not None
    }
    combined = {
        e["event_id"]
        for e, o in evs
        if o == "Reuters" and (e["fatalities"] or 0) >= 3 and e["location"]["country"] == "SYR"
    }
    assert ids(client, outlet="Reuters", min_fatalities=3, country="syria") == combined


def test_export_takes_the_new_filters(client: TestClient, results: list[ArticleResult]) -> None:
    r = client.get(
        "/api/export", params={"format": "jsonl", "region": "Middle East", "min_fatalities": 1}
    )
    assert r.status_code == 200
    got = {line.split('"event_id": "')[1].split('"')[0] for line in r.text.splitlines() if line}
    expected = {
        e["event_id"]
        for e, _ in events(results)
        if countries.region(e["location"]["country"]) == "Middle East"
        and (e["fatalities"] or 0) >= 1
    }
    assert expected and got == expected


# -- facets -----------------------------------------------------------------------------------


def test_facets_count_what_the_filters_would_show(
    client: TestClient, results: list[ArticleResult]
) -> None:
    body = client.get("/api/facets").json()
    evs = events(results)
    by_country = Counter(e["location"]["country"] for e, _ in evs)
    assert {c["iso3"]: c["events"] for c in body["countries"]} == dict(by_country)
    for c in body["countries"]:
        assert c["name"] == countries.name(c["iso3"]) and c["name"] != c["iso3"]
        assert c["region"] == countries.region(c["iso3"])
    by_region = Counter(countries.region(e["location"]["country"]) for e, _ in evs)
    assert {r["name"]: r["events"] for r in body["regions"]} == dict(by_region)
    subs = Counter(
        (e["acled"]["event_type"], e["acled"]["sub_event_type"]) for e, _ in evs if e["acled"]
    )
    assert {
        (s["acled_event_type"], s["name"]): s["events"] for s in body["sub_event_types"]
    } == dict(subs)
    assert {o["name"]: o["events"] for o in body["outlets"]} == dict(Counter(o for _, o in evs))
    counts = [c["events"] for c in body["countries"]]
    assert counts == sorted(counts, reverse=True)  # most events first


def test_each_facet_ignores_its_own_filter(
    client: TestClient, results: list[ArticleResult]
) -> None:
    body = client.get("/api/facets", params={"country": "Syria", "outlet": "Reuters"}).json()
    evs = events(results)
    # countries: every country with a Reuters event, not only Syria
    expected = Counter(e["location"]["country"] for e, o in evs if o == "Reuters")
    assert {c["iso3"]: c["events"] for c in body["countries"]} == dict(expected)
    # outlets: every outlet with a Syrian event
    syrian = Counter(o for e, o in evs if e["location"]["country"] == "SYR")
    assert {o["name"]: o["events"] for o in body["outlets"]} == dict(syrian)
    # sub-event types: both filters apply
    subs = Counter(
        e["acled"]["sub_event_type"]
        for e, o in evs
        if o == "Reuters" and e["location"]["country"] == "SYR" and e["acled"]
    )
    assert {s["name"]: s["events"] for s in body["sub_event_types"]} == dict(subs)


# -- actors -----------------------------------------------------------------------------------


def test_actor_autocomplete(client: TestClient, results: list[ArticleResult]) -> None:
    counts: Counter[str] = Counter()
    for e, _ in events(results):
        for name in {(e["actor1"] or {}).get("name"), (e["actor2"] or {}).get("name")} - {None}:
            counts[name] += 1
    got = client.get("/api/actors", params={"prefix": "mil", "limit": 50}).json()["actors"]
    expected = {n: c for n, c in counts.items() if n.lower().startswith("mil")}
    assert {a["name"]: a["events"] for a in got} == expected
    assert [a["events"] for a in got] == sorted((a["events"] for a in got), reverse=True)
    # a word inside the name matches too; the limit holds
    inside = client.get("/api/actors", params={"prefix": "SYRIA", "limit": 3}).json()["actors"]
    assert len(inside) == 3
    assert all("syria" in a["name"].lower() for a in inside)
    top3 = sorted((c, n) for n, c in counts.items() if "syria" in n.lower())[-3:]
    assert sorted(a["events"] for a in inside) == sorted(c for c, _ in top3)
    assert client.get("/api/actors", params={"prefix": "zzzz"}).json() == {"actors": []}


def test_match_actors_ranks_by_frequency_and_matches_words() -> None:
    names = aggregates.keyed_names(
        [("Rebels (Mali)", 9), ("Military Forces of Mali", 5), ("Malían Civilians", 2)]
    )
    assert names[2][2:] == ("malian civilians", ("malian", "civilians"))  # keyed once
    assert [a["name"] for a in aggregates.match_actors(names, "mal", 10)] == [
        "Rebels (Mali)",
        "Military Forces of Mali",
        "Malían Civilians",
    ]
    assert aggregates.match_actors(names, "ali", 10) == []  # word starts only
    assert aggregates.match_actors(names, "", 1) == [{"name": "Rebels (Mali)", "events": 9}]


# -- clusters and points ----------------------------------------------------------------------


def test_clusters_sum_every_located_event(client: TestClient, results: list[ArticleResult]) -> None:
    evs = events(results)
    total = sum(1 for e, _ in evs if e["location"])
    dead = sum(e["fatalities"] or 0 for e, _ in evs if e["location"])
    sizes = []
    for zoom in (0, 3, 6, 9, 12):
        body = client.get("/api/clusters", params={"zoom": zoom}).json()
        assert body["zoom"] == zoom
        cells = body["cells"]
        assert sum(c[2] for c in cells) == total
        assert sum(c[3] for c in cells) == dead
        for lat, lon, n, _, event_id in cells:
            assert -90 <= lat <= 90 and -180 <= lon <= 180
            assert (event_id is not None) == (n == 1)
        sizes.append((body["cell_deg"], len(cells)))
    degs = [d for d, _ in sizes]
    assert degs == sorted(degs, reverse=True) and degs[0] > degs[-1]
    assert degs[-1] == degs[-2]  # the world at zoom 9 and 12 already needs the coarsest cells
    counts = [n for _, n in sizes]
    assert counts == sorted(counts) and counts[-1] > counts[0]  # zooming in splits cells


def test_cluster_of_one_event_points_at_it(
    client: TestClient, results: list[ArticleResult]
) -> None:
    cells = []
    for bbox in ("30,30,40,40", "-80,0,-70,10", "35,45,40,55"):
        got = client.get("/api/clusters", params={"zoom": 18, "bbox": bbox}).json()["cells"]
        cells.extend(got)
    singles = [c for c in cells if c[2] == 1]
    assert singles
    by_id = {e["event_id"]: e for e, _ in events(results)}
    for lat, lon, _, fat, event_id in singles:
        ev = by_id[event_id]
        assert ev["location"]["lat"] == pytest.approx(lat, abs=1e-4)
        assert ev["location"]["lon"] == pytest.approx(lon, abs=1e-4)
        assert fat == (ev["fatalities"] or 0)


def test_clusters_are_bounded_and_follow_the_bbox(client: TestClient) -> None:
    body = client.get("/api/clusters", params={"zoom": 18}).json()
    assert len(body["cells"]) <= aggregates.MAX_CELLS
    world = aggregates.grid(18, aggregates.EventFilter())
    assert (180 / world.cell_deg + 1) * (360 / world.cell_deg + 1) <= aggregates.MAX_CELLS * 1.3
    box = client.get("/api/clusters", params={"zoom": 5, "bbox": "35,33,40,37"}).json()
    assert box["cells"] and all(33 <= c[0] <= 37 and 35 <= c[1] <= 40 for c in box["cells"])
    r = client.get("/api/clusters", params={"zoom": 19})
    assert r.status_code == 400
    assert client.get("/api/clusters").status_code == 400  # zoom is required


def test_points_pages_visit_every_located_event_deadliest_first(
    client: TestClient, results: list[ArticleResult]
) -> None:
    rows = all_pages(client, "/api/points", {"limit": 17}, "points")
    located = {e["event_id"] for e, _ in events(results) if e["location"]}
    assert [r[0] for r in rows].count(rows[0][0]) == 1
    assert {r[0] for r in rows} == located and len(rows) == len(located)
    keys = [(-(r[5] if r[5] is not None else -1), r[0]) for r in rows]
    assert keys == sorted(keys)
    first = client.get("/api/points", params={"limit": 17}).json()
    assert first["truncated"] is True and first["next_cursor"]
    assert len(first["columns"]) == len(first["points"][0]) == 7
    bad = client.get("/api/points", params={"cursor": "nonsense"})
    assert bad.status_code == 400


def test_points_page_size_is_capped(db: str) -> None:
    with TestClient(create_app(db, max_points=5)) as c:
        body = c.get("/api/points", params={"limit": 1000}).json()
        assert len(body["points"]) == 5 and body["truncated"]


# -- canonical events -------------------------------------------------------------------------


def test_canonical_event_told_by_two_outlets(
    client: TestClient, results: list[ArticleResult]
) -> None:
    first = results[0].events[0]
    found = client.get(
        "/api/canonical",
        params={"country": first.location.country, "limit": 500},  # type: ignore[union-attr]
    ).json()["canonical"]
    mine = []
    for c in found:
        if c["n_events"] >= 2 and "Second Outlet" in c["outlets"]:
            detail = client.get(f"/api/canonical/{c['canonical_id']}").json()
            if first.event_id in {m["event_id"] for m in detail["members"]}:
                mine.append(c)
    assert len(mine) == 1, "the retold event was not linked to the original"
    c = mine[0]
    tolls = [t for t in (first.fatalities, 77) if t is not None]
    assert c["fatalities_min"] == min(tolls) and c["fatalities_max"] == 77
    assert c["n_sources"] >= 2
    assert c["country_name"] == countries.name(c["country"])
    assert c["location_name"] == first.location.name  # type: ignore[union-attr]
    assert c["acled_sub_event_type"] == first.acled_sub_event_type
    detail = client.get(f"/api/canonical/{c['canonical_id']}").json()
    assert detail["canonical"]["canonical_id"] == c["canonical_id"]
    members = {m["event_id"]: m for m in detail["members"]}
    assert {first.event_id, first.event_id + "r"} <= set(members)
    retold_member = members[first.event_id + "r"]
    assert retold_member["outlet"] == "Second Outlet" and retold_member["fatalities"] == 77
    assert retold_member["title"].endswith("(Second Outlet)") and retold_member["url"]
    assert retold_member["actor1"] == first.actor1.name  # type: ignore[union-attr]
    assert members[first.event_id]["outlet"] == results[0].article.outlet


def test_canonical_pages_cover_every_event_once(
    client: TestClient, results: list[ArticleResult]
) -> None:
    for sort in ("-date", "date", "-sources", "fatalities"):
        rows = all_pages(client, "/api/canonical", {"limit": 7, "sort": sort}, "canonical")
        cids = [c["canonical_id"] for c in rows]
        assert len(cids) == len(set(cids))
        assert sum(c["n_events"] for c in rows) == len(events(results))
    dated = [c["date"] for c in all_pages(client, "/api/canonical", {"limit": 9}, "canonical")]
    known = [d for d in dated if d]
    assert known == sorted(known, reverse=True)  # newest first by default


def test_canonical_filters_and_errors(client: TestClient, results: list[ArticleResult]) -> None:
    rows = all_pages(client, "/api/canonical", {"region": "Middle East", "limit": 50}, "canonical")
    assert rows and all(c["region"] == "Middle East" for c in rows)
    r = client.get("/api/canonical/cnothere")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert client.get("/api/canonical", params={"sort": "title"}).status_code == 400


# -- gzip, caching, /health -------------------------------------------------------------------


def test_large_answers_are_gzip_compressed(client: TestClient) -> None:
    r = client.get("/api/events", params={"limit": 100}, headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert len(r.json()["events"]) == 100  # the client decodes it
    raw = client.get("/api/points", headers={"Accept-Encoding": "gzip"}, params={"limit": 100})
    assert raw.headers["content-encoding"] == "gzip"
    plain = client.get(
        "/api/points", headers={"Accept-Encoding": "identity"}, params={"limit": 100}
    )
    assert "content-encoding" not in plain.headers
    assert raw.json() == plain.json()
    assert len(gzip.compress(plain.content)) < len(plain.content)


def test_health_counts_are_cached_until_a_write(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    batch = list(synthetic_results(6, 2, seed=21))
    with SQLiteStore.open(path) as store:
        store.add_results(batch[:3])
    app = create_app(str(path))
    backend = app.state.backend
    calls = 0
    real = backend.counts

    def counting() -> dict[str, int]:
        nonlocal calls
        calls += 1
        return real()

    backend.counts = counting
    with TestClient(app) as c:
        for _ in range(5):
            assert c.get("/health").json()["counts"]["events"] == 6
        assert calls == 1  # no COUNT(*) per call
        facets = c.get("/api/facets").json()
        with SQLiteStore.open(path) as store:  # another connection writes
            store.add_results(batch[3:])
        time.sleep(app.state.served.versions._every + 0.05)
        assert c.get("/health").json()["counts"]["events"] == 12
        assert calls == 2
        after = c.get("/api/facets").json()
        assert sum(x["events"] for x in after["countries"]) == 12
        assert sum(x["events"] for x in facets["countries"]) == 6


def test_caching_can_be_switched_off(db: str) -> None:
    with TestClient(create_app(db, cache_size=0)) as c:
        a = c.get("/api/stats").json()
        b = c.get("/api/stats").json()
        assert a == b and a["events"] > 0
        assert c.app.state.served.cache.misses == 0  # type: ignore[attr-defined]


def test_a_slow_aggregate_blocks_neither_light_endpoints_nor_cached_answers(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One heavy slot and one worker thread: while a facets computation holds the heavy slot
    and a second aggregate waits for it, /health, a page of events and a cached answer are
    still served (waiting for a heavy slot takes no worker thread)."""
    import threading

    started, release = threading.Event(), threading.Event()
    real = aggregates.facets

    def slow(q: Any, flt: Any) -> dict[str, Any]:
        started.set()
        assert release.wait(30)
        return real(q, flt)

    monkeypatch.setattr(aggregates, "facets", slow)
    app = create_app(db, heavy_slots=1, threads=1)
    answers: dict[str, int] = {}

    def ask(path: str) -> None:
        answers[path] = c.get(path).status_code

    with TestClient(app) as c:
        cached = c.get("/api/stats").json()  # computed now, cached from here on
        heavy = [
            threading.Thread(target=ask, args=(path,))
            for path in ("/api/facets", "/api/clusters?zoom=3")
        ]
        heavy[0].start()
        assert started.wait(10)
        heavy[1].start()
        time.sleep(0.2)  # the clusters request is now waiting for the heavy slot
        t0 = time.perf_counter()
        assert c.get("/health").status_code == 200
        assert len(c.get("/api/events", params={"limit": 5}).json()["events"]) == 5
        assert c.get("/api/stats").json() == cached
        assert time.perf_counter() - t0 < 5
        assert not answers  # both aggregates are still waiting
        release.set()
        for t in heavy:
            t.join(30)
    assert answers == {"/api/facets": 200, "/api/clusters?zoom=3": 200}


def test_thread_settings_are_checked(db: str) -> None:
    with pytest.raises(InputError, match="threads and heavy_slots must be 1 or more"):
        create_app(db, threads=0)


def test_peeking_at_the_cache_never_asks_the_database() -> None:
    """What the event loop uses (peek, known) never reads the data version; a stale check
    makes peek answer None, so the caller refreshes it in a thread."""
    from eventdesk.api.cache import Cache, Versions

    reads = 0

    def token() -> int:
        nonlocal reads
        reads += 1
        return 1

    versions = Versions(token, check_every=0.2)
    cache: Cache[str] = Cache(versions, size=2)
    assert versions.known() is None and cache.peek("k") is None and reads == 0
    assert cache.get("k", lambda: "v") == "v" and reads == 1
    assert cache.peek("k") == "v" and versions.known() is not None and reads == 1
    time.sleep(0.25)
    assert cache.peek("k") is None and reads == 1  # stale: not answered, not asked
    assert cache.get("k", lambda: "other") == "v" and reads == 2  # same version: kept
    versions.bump()
    assert cache.get("k", lambda: "new") == "new"


def test_a_watched_version_stays_known_and_follows_the_database() -> None:
    """While the server runs, its own thread checks the data version, so a cached answer
    never waits behind the worker threads for a check (before, one request in every
    check_every did, and /health's p99 under load was the worker threads' queue)."""
    from eventdesk.api.cache import Cache, Versions

    token = [1]
    versions = Versions(lambda: token[0], check_every=0.6)
    cache: Cache[str] = Cache(versions, size=4)
    before = set(threading.enumerate())
    with versions.watch():
        watcher = set(threading.enumerate()) - before
        assert [t.name for t in watcher] == ["eventdesk-version-watch"]
        assert cache.get("k", lambda: "v") == "v"
        for _ in range(8):  # three check periods: never stale, though nobody asked
            time.sleep(0.25)
            assert versions.known() is not None and cache.peek("k") == "v"
        token[0] = 2  # another process committed
        deadline = time.monotonic() + 5
        while cache.peek("k") is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert versions.known() is not None and cache.peek("k") is None  # seen, no request
        assert cache.get("k", lambda: "new") == "new"
    time.sleep(0.7)  # the block is left: the thread is gone and the version goes stale
    assert versions.known() is None
    assert not any(t.is_alive() for t in watcher)


def test_the_cache_is_bounded_in_bytes_and_drops_old_versions_first() -> None:
    from eventdesk.api.cache import Cache, Versions
    from eventdesk.api.http import Packed

    versions = Versions(lambda: 1, check_every=60)
    cache: Cache[Packed] = Cache(versions, size=100, max_bytes=2500)
    for k in "abc":
        cache.get(k, lambda: Packed(b"x" * 1000))
    # three answers of 1,000 bytes do not fit in 2,500: the least recently used went
    assert cache.peek("a") is None and cache.peek("b") and cache.peek("c")
    assert cache.nbytes == 2000
    versions.bump()
    cache.get("d", lambda: Packed(b"y" * 10))
    assert cache.nbytes == 10  # the answers of the old version are gone
    big = cache.get("e", lambda: Packed(b"z" * 5000))
    assert cache.peek("e") is big and cache.peek("d") is None  # one too big answer stays alone
    assert cache.nbytes == 5000


@pytest.mark.parametrize("sort", ["date", "-date", "-fatalities", "country"])
def test_common_search_words_walk_the_sort_order_with_the_same_pages(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, sort: str
) -> None:
    """Words matching more than FTS_DRIVE_MAX events are checked row by row along the sort
    order (against the list of matches, or one lookup per row when most events match)
    instead of reading every match first: the pages are the same in every plan."""
    from eventdesk.api import query

    def pages(drive_max: int, probe_share: float) -> list[list[str]]:
        monkeypatch.setattr(query, "FTS_DRIVE_MAX", drive_max)
        monkeypatch.setattr(query, "FTS_PROBE_SHARE", probe_share)
        got = []
        for params in ({"q": "near"}, {"q": "villagers near", "region": "Western Africa"}):
            rows = all_pages(client, "/api/events", {**params, "sort": sort, "limit": 7}, "events")
            got.append([e["event_id"] for e in rows])
        return got

    driven = pages(10**9, 0.3)
    assert all(driven)
    assert pages(0, 2.0) == driven  # walk
    assert pages(0, 0.0) == driven  # probe
    backend = client.app.state.backend  # type: ignore[attr-defined]
    common = query.EventFilter(q="near")  # in every evidence sentence
    with backend.query() as q:
        assert q._fts_mode(common) == "probe"  # FTS_PROBE_SHARE is 0 here
        monkeypatch.setattr(query, "FTS_PROBE_SHARE", 2.0)
        assert q._fts_mode(common) == "walk"
        monkeypatch.setattr(query, "FTS_DRIVE_MAX", 10**9)
        assert q._fts_mode(common) == "drive"


def test_frequent_outlets_give_the_same_pages_by_either_plan(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eventdesk.api import query

    def pages(drive_max: int) -> list[str]:
        monkeypatch.setattr(query, "OUTLET_DRIVE_MAX", drive_max)
        params = {"outlet": "Reuters,Second Outlet", "sort": "-date", "limit": 6}
        return [e["event_id"] for e in all_pages(client, "/api/events", params, "events")]

    driven = pages(10**9)
    assert driven and pages(0) == driven
    with client.app.state.backend.query() as q:  # type: ignore[attr-defined]
        assert q._outlet_drives(query.EventFilter(outlet=("Reuters",))) is False
        monkeypatch.setattr(query, "OUTLET_DRIVE_MAX", 10**9)
        assert q._outlet_drives(query.EventFilter(outlet=("Reuters",))) is True


def test_fts_condition_modes() -> None:
    from eventdesk.store.sqlite_schema import fts_condition

    assert fts_condition().startswith("events.event_id IN (")
    assert fts_condition(mode="walk").startswith("+events.event_id IN (")
    assert fts_condition(mode="probe").startswith("EXISTS (")


def test_an_export_works_out_its_query_plan_once(db: str) -> None:
    """Paging through every match (an export) counts the full-text and outlet matches once,
    not once per chunk, and gets the same events as asking for them one page at a time."""
    from eventdesk.api.backend import SQLiteBackend
    from eventdesk.api.query import EventFilter, iter_all

    backend = SQLiteBackend(db)
    sql: list[str] = []
    real_query = backend.query

    @contextmanager
    def counted() -> Iterator[Any]:
        with real_query() as q:
            run = q.run
            q.run = lambda s, p: (sql.append(s), run(s, p))[1]
            yield q

    try:
        flt = EventFilter(q="near", outlet=("Reuters", "Sahel Wire"))
        got = [e["event_id"] for e in iter_all(counted, flt, chunk=3)]
        with real_query() as q:
            whole = [
                json.loads(r[0])["event_id"]
                for r in q.rows(flt, "date", 10_000, None, ("events.doc",))
            ]
    finally:
        backend.close()
    assert got == whole and len(got) > 6  # several chunks
    assert sum("MATCH" in s and "COUNT(*)" in s for s in sql) == 1
    assert sum(s.startswith("SELECT COUNT(*) FROM articles") for s in sql) == 1
