"""The HTTP API against a temporary SQLite database of synthetic events (and one real ingest)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")  # starlette's TestClient on httpx

from fastapi.testclient import TestClient  # noqa: E402

from eventdesk.api.app import create_app, read_token  # noqa: E402
from eventdesk.api.bench import synthetic_results  # noqa: E402
from eventdesk.errors import InputError  # noqa: E402
from eventdesk.records import ArticleResult  # noqa: E402
from eventdesk.store.sqlite import SQLiteStore  # noqa: E402

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
N_ARTICLES = 30
PER_ARTICLE = 4


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    return list(synthetic_results(N_ARTICLES, PER_ARTICLE, seed=3))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, results: list[ArticleResult]) -> str:
    path = tmp_path_factory.mktemp("api") / "api.db"
    with SQLiteStore.open(path) as store:
        store.add_results(results)
    return str(path)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    app = create_app(db, token=TOKEN, max_body_bytes=50_000)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def all_events(results: list[ArticleResult]) -> list[dict[str, Any]]:
    return [e.to_dict() for r in results for e in r.events]


def assert_error(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    err = body["error"]
    assert set(err) == {"status", "code", "message", "details"}
    assert err["status"] == status
    assert isinstance(err["message"], str) and err["message"]
    assert "Traceback" not in resp.text
    if code is not None:
        assert err["code"] == code
    return err


# -- health, docs, dashboard ----------------------------------------------------------------


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["database"] == "sqlite"
    assert body["counts"]["events"] == N_ARTICLES * PER_ARTICLE
    assert body["full_text"] is True
    assert body["writable"] is True


def test_openapi_and_docs_are_served_without_a_cdn(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/stats",
        "/api/export",
        "/health",
        "/api/articles",
    ):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text


def test_dashboard_index_and_security_headers(client: TestClient) -> None:
    from eventdesk.web.build import assets_ready

    r = client.get("/")
    if assets_ready():
        assert r.status_code == 200
        assert '<canvas id="map-canvas">' in r.text
        assert "https://" not in r.text  # every asset is served by eventdesk itself
    else:
        assert r.status_code == 503 and "npm ci" in r.text
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../api/app.py").status_code == 404


# -- /api/events ----------------------------------------------------------------------------


def test_events_default_order_and_shape(client: TestClient, results: list[ArticleResult]) -> None:
    body = client.get("/api/events", params={"limit": 500, "total": "true"}).json()
    assert body["total"] == N_ARTICLES * PER_ARTICLE
    assert body["next_cursor"] is None
    got = body["events"]
    expected = sorted(all_events(results), key=lambda e: (e["date"], e["event_id"]))
    assert [e["event_id"] for e in got] == [e["event_id"] for e in expected]
    assert got[0] == expected[0]  # the contract dict, unchanged


@pytest.mark.parametrize(
    "sort",
    [
        "date",
        "-date",
        "fatalities",
        "-fatalities",
        "country",
        "-confidence",
        "actor1",
        "-acled_event_type",
    ],
)
def test_cursor_pagination_visits_every_event_once(client: TestClient, sort: str) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 7, "sort": sort}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/events", params=params).json()
        seen.extend(e["event_id"] for e in body["events"])
        cursor = body["next_cursor"]
        pages += 1
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == N_ARTICLES * PER_ARTICLE
    assert pages == -(-len(seen) // 7)
    full = client.get("/api/events", params={"limit": 500, "sort": sort}).json()["events"]
    assert seen == [e["event_id"] for e in full]


def test_nulls_sort_last_both_ways(client: TestClient) -> None:
    for sort in ("fatalities", "-fatalities"):
        evs = client.get("/api/events", params={"limit": 500, "sort": sort}).json()["events"]
        vals = [e["fatalities"] for e in evs]
        n_null = vals.count(None)
        assert n_null and vals[-n_null:] == [None] * n_null
        known = vals[: len(vals) - n_null]
        assert known == sorted(known, reverse=sort.startswith("-"))


def test_cursor_is_stable_when_new_events_arrive(
    tmp_path: Path, results: list[ArticleResult]
) -> None:
    db = tmp_path / "grow.db"
    with SQLiteStore.open(db) as store:
        store.add_results(results)
    app = create_app(str(db))
    with TestClient(app) as c:
        first = c.get("/api/events", params={"limit": 10, "sort": "date"}).json()
        with SQLiteStore.open(db) as store:  # a later article, dated after every page-one row
            store.add_results(synthetic_results(1, 2, seed=99, start=first_date_after(first)))
        second = c.get(
            "/api/events", params={"limit": 10, "sort": "date", "cursor": first["next_cursor"]}
        ).json()
    ids1 = {e["event_id"] for e in first["events"]}
    assert not ids1 & {e["event_id"] for e in second["events"]}
    assert second["events"][0]["date"] >= first["events"][-1]["date"]


def first_date_after(page: dict[str, Any]) -> Any:
    from datetime import date, timedelta

    return date.fromisoformat(page["events"][-1]["date"]) + timedelta(days=400)


def test_cursor_errors(client: TestClient) -> None:
    assert_error(client.get("/api/events", params={"cursor": "garbage!"}), 400, "invalid_query")
    page = client.get("/api/events", params={"limit": 2, "sort": "date"}).json()
    err = assert_error(
        client.get("/api/events", params={"cursor": page["next_cursor"], "sort": "-date"}),
        400,
        "invalid_query",
    )
    assert "keep the sort" in err["message"]


def _ids(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    resp = client.get("/api/events", params={"limit": 500, **params})
    assert resp.status_code == 200, resp.text
    return resp.json()["events"]


def test_filters(client: TestClient, results: list[ArticleResult]) -> None:
    evs = all_events(results)

    def expect(pred: Any) -> set[str]:
        return {e["event_id"] for e in evs if pred(e)}

    def got(**params: Any) -> set[str]:
        return {e["event_id"] for e in _ids(client, **params)}

    assert got(country="SYR") == expect(lambda e: e["location"]["country"] == "SYR")
    assert got(country="syr,mli") == expect(lambda e: e["location"]["country"] in ("SYR", "MLI"))
    assert got(admin1="Borno") == expect(lambda e: e["location"]["admin1"] == "Borno")
    assert got(plover_type="PROTEST") == expect(lambda e: e["plover"]["type"] == "PROTEST")
    assert got(acled_event_type="Battles") == expect(
        lambda e: (e["acled"] or {}).get("event_type") == "Battles"
    )
    assert got(since="2024-03-01", until="2024-03-31") == expect(
        lambda e: "2024-03-01" <= e["date"] <= "2024-03-31"
    )
    # actor: a fragment of a name (case-insensitive) or a CAMEO code prefix
    assert got(actor="police forces") == expect(
        lambda e: any("Police Forces" in (e[a] or {}).get("name", "") for a in ("actor1", "actor2"))
    )
    assert got(actor="MLIREB") == expect(
        lambda e: any((e[a] or {}).get("cameo") == "MLIREB" for a in ("actor1", "actor2"))
    )
    assert got(actor="100%_") == set()  # LIKE wildcards are literal
    w, s, east, n = 35.0, 33.0, 40.0, 37.0
    assert got(bbox=f"{w},{s},{east},{n}") == expect(
        lambda e: s <= e["location"]["lat"] <= n and w <= e["location"]["lon"] <= east
    )
    both = got(country="NGA", plover_type="ASSAULT")
    assert both == expect(
        lambda e: e["location"]["country"] == "NGA" and e["plover"]["type"] == "ASSAULT"
    )
    assert got(canonical="true") == expect(lambda e: True)  # accepted; each event its own


def test_full_text_search_over_evidence_sentences(
    client: TestClient, results: list[ArticleResult]
) -> None:
    found = _ids(client, q="shelled")
    assert found
    for ev in found:
        article = client.get(f"/api/articles/{ev['article_id']}").json()["article"]
        s, e = ev["evidence"]["sentence"]
        assert "shelled" in article["text"][s:e]
    # porter stemming: "shelling" finds "shelled"; all words must occur
    assert {e["event_id"] for e in _ids(client, q="shelling")} == {e["event_id"] for e in found}
    assert _ids(client, q="shelled nonexistentword") == []
    # FTS syntax characters are plain text, not query operators
    assert client.get("/api/events", params={"q": 'shelled" OR "x'}).status_code == 200
    assert_error(client.get("/api/events", params={"q": "()*"}), 400, "invalid_query")


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"since": "2024-13-01"}, "since"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"sort": "title"}, "sort"),
        ({"q": "x" * 201}, "q"),
        ({"min_fatalities": -1}, "min_fatalities"),
        ({"min_fatalities": "many"}, "min_fatalities"),
    ],
)
def test_invalid_parameters(client: TestClient, params: dict[str, Any], param: str) -> None:
    err = assert_error(client.get("/api/events", params=params), 400, "invalid_request")
    assert err["details"][0]["param"] == param


@pytest.mark.parametrize(
    "params",
    [
        {"country": "Syrai"},
        {"region": "Atlantis"},
        {"bbox": "1,2,3"},
        {"bbox": "0,50,10,40"},
        {"since": "2024-05-01", "until": "2024-04-01"},
    ],
)
def test_invalid_filters(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/api/events", params=params), 400, "invalid_query")


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


# -- one event, one article -------------------------------------------------------------------


def test_event_detail_has_article_text_and_highlights(
    client: TestClient, results: list[ArticleResult]
) -> None:
    ev = next(e for r in results for e in r.events if e.fatalities)
    body = client.get(f"/api/events/{ev.event_id}").json()
    assert body["event"] == ev.to_dict()
    text = body["article"]["text"]
    roles = {h["role"]: h for h in body["highlights"]}
    assert {"sentence", "trigger", "actor1", "location", "date", "fatalities"} <= set(roles)
    for h in body["highlights"]:
        assert text[h["start"] : h["end"]] == h["text"]
    assert roles["fatalities"]["text"] == str(ev.fatalities)
    assert roles["actor1"]["text"] == ev.actor1.text if ev.actor1 else True
    assert body["sources"]["outlet"] and body["sources"]["url"]
    assert body["quotes"][0]["text"] == "We will not leave"
    assert_error(client.get("/api/events/nope"), 404, "not_found")


def test_highlights_take_every_span_of_list_evidence(tmp_path: Path) -> None:
    """actors1/actors2 (the further actors of a side) and mentions are lists of spans in the
    evidence: each span becomes one highlight with its role."""
    res = next(iter(synthetic_results(1, 1, seed=5)))
    ev = res.events[0]
    text = res.article.text
    assert ev.actor1 is not None and ev.actor2 is not None
    spans = dict(ev.evidence)
    at = text.index("reported")  # any other word of the text
    extra = (at, at + len("reported"))
    many = replace(
        ev,
        actors1=(ev.actor1, replace(ev.actor1, text="reported", name="Someone Else")),
        actors2=(ev.actor2,),
        evidence=(
            *ev.evidence,
            ("actors1", spans["actor1"]),
            ("actors1", extra),
            ("actors2", spans["actor2"]),
            ("mentions", spans["trigger"]),
            ("mentions", extra),
        ),
    )
    path = tmp_path / "lists.db"
    with SQLiteStore.open(path) as store:
        store.add_results([replace(res, events=(many,))])
    with TestClient(create_app(str(path))) as c:
        body = c.get(f"/api/events/{ev.event_id}").json()
    assert body["event"]["evidence"]["actors1"] == [list(spans["actor1"]), list(extra)]
    got: dict[str, list[tuple[int, int]]] = {}
    for h in body["highlights"]:
        assert text[h["start"] : h["end"]] == h["text"]
        got.setdefault(h["role"], []).append((h["start"], h["end"]))
    assert got["actors1"] == [spans["actor1"], extra]
    assert got["actors2"] == [spans["actor2"]]
    assert got["mentions"] == [spans["trigger"], extra]
    assert got["actor1"] == [spans["actor1"]]


def test_article_detail(client: TestClient, results: list[ArticleResult]) -> None:
    res = results[0]
    body = client.get(f"/api/articles/{res.article.article_id}").json()
    assert body["article"] == res.article.to_dict()
    assert sorted(e["event_id"] for e in body["events"]) == sorted(e.event_id for e in res.events)
    assert body["quotes"] == [q.to_dict() for q in res.quotes]
    assert_error(client.get("/api/articles/unknown"), 404, "not_found")


# -- stats and map points -----------------------------------------------------------------------


def test_stats(client: TestClient, results: list[ArticleResult]) -> None:
    evs = all_events(results)
    body = client.get("/api/stats").json()
    assert body["events"] == len(evs)
    assert body["articles"] == N_ARTICLES
    assert body["fatalities"] == sum(e["fatalities"] or 0 for e in evs)
    assert sum(d["events"] for d in body["by_day"]) == len(evs)
    assert [d["date"] for d in body["by_day"]] == sorted(d["date"] for d in body["by_day"])
    by_type = {r["key"]: r["events"] for r in body["by_type"]}
    assert by_type["ASSAULT"] == sum(e["plover"]["type"] == "ASSAULT" for e in evs)
    syr = client.get("/api/stats", params={"country": "SYR"}).json()
    assert [r["key"] for r in syr["by_country"]] == ["SYR"]


def test_points(client: TestClient) -> None:
    body = client.get("/api/points").json()
    assert body["columns"][:3] == ["event_id", "lat", "lon"]
    assert len(body["points"]) == N_ARTICLES * PER_ARTICLE and not body["truncated"]
    deadly = [p[5] or -1 for p in body["points"]]
    assert deadly == sorted(deadly, reverse=True)
    few = client.get("/api/points", params={"limit": 5}).json()
    assert len(few["points"]) == 5 and few["truncated"]


# -- export -------------------------------------------------------------------------------------


def test_export_streams_every_format(client: TestClient, results: list[ArticleResult]) -> None:
    n = N_ARTICLES * PER_ARTICLE
    with client.stream("GET", "/api/export", params={"format": "jsonl"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/x-ndjson")
        assert "attachment" in r.headers["content-disposition"]
        lines = [json.loads(line) for line in r.iter_lines() if line]
    assert len(lines) == n and not any(k.startswith("_") for k in lines[0])
    geo = client.get("/api/export", params={"format": "geojson", "country": "MLI"}).json()
    assert geo["type"] == "FeatureCollection"
    assert all(f["properties"]["country"] == "MLI" for f in geo["features"])
    csv_text = client.get("/api/export", params={"format": "csv"}).text
    assert csv_text.startswith("event_id,article_id,date")
    assert len(csv_text.strip().splitlines()) == n + 1
    acled = client.get("/api/export", params={"format": "acled-csv"})
    assert acled.headers["content-type"].startswith("text/csv")
    assert acled.text.startswith("event_id_cnty,event_date,year,time_precision")
    assert_error(client.get("/api/export", params={"format": "xlsx"}), 400, "invalid_request")
    assert_error(client.get("/api/export"), 400, "invalid_request")
    assert_error(client.get("/api/export", params={"format": "csv", "bbox": "x"}), 400)


# -- POST /api/articles: auth, limits, ingest ---------------------------------------------------


def test_post_requires_a_valid_token(client: TestClient) -> None:
    body = {"text": "Rebels shelled Mopti on Sunday."}
    err = assert_error(client.post("/api/articles", json=body), 401, "unauthorized")
    assert "Bearer" in err["message"]
    r = client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"})
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    r = client.post("/api/articles", json=body, headers={"Authorization": f"Basic {TOKEN}"})
    assert_error(r, 401)


def test_read_only_server_refuses_writes(db: str) -> None:
    with TestClient(create_app(db, token=None)) as c:
        assert c.get("/health").json()["writable"] is False
        err = assert_error(
            c.post("/api/articles", json={"text": "x"}, headers=AUTH), 401, "unauthorized"
        )
        assert "read-only" in err["message"]


def test_body_size_limit(client: TestClient) -> None:
    big = {"text": "word " * 20_000}  # ~100 kB > 50 kB limit of this app
    assert_error(client.post("/api/articles", json=big, headers=AUTH), 413, "payload_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts streamed bytes
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    r = client.post(
        "/api/articles",
        content=chunks(),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert_error(r, 413, "payload_too_large")


def test_post_validation(client: TestClient) -> None:
    err = assert_error(client.post("/api/articles", json={}, headers=AUTH), 400)
    assert "exactly one" in err["details"][0]["message"]
    both = {"text": "a", "html": "<p>a</p>"}
    assert_error(client.post("/api/articles", json=both, headers=AUTH), 400)
    bad = {"text": "a", "published": "yesterday"}
    assert_error(client.post("/api/articles", json=bad, headers=AUTH), 400)
    empty = {"html": "<html><script>x()</script></html>"}
    assert_error(client.post("/api/articles", json=empty, headers=AUTH), 422, "empty_article")


def test_post_ingests_with_the_pipeline(tmp_path: Path, pipeline: Any) -> None:
    db = tmp_path / "ingest.db"
    SQLiteStore.open(db).close()
    app = create_app(str(db), token=TOKEN, pipeline_factory=lambda: pipeline)
    text = (
        "Government troops shelled rebel positions near Saraqib in Idlib province on Sunday, "
        "killing at least 12 fighters, a monitoring group said."
    )
    with TestClient(app) as c:
        r = c.post(
            "/api/articles",
            json={"text": text, "title": "Shelling in Idlib", "published": "2020-02-17"},
            headers=AUTH,
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["new"] is True and body["events"]
        ev = body["events"][0]
        assert ev["plover"]["type"] == "ASSAULT"
        assert c.get(f"/api/events/{ev['event_id']}").json()["article"]["text"] == text
        again = c.post("/api/articles", json={"text": text}, headers=AUTH)
        assert again.status_code == 200 and again.json()["new"] is False
        assert [e["event_id"] for e in again.json()["events"]] == [
            e["event_id"] for e in body["events"]
        ]
        html = f"<html><head><title>Idlib</title></head><body><article><p>{text}</p>"
        html += "<p>Residents fled north.</p></article></body></html>"
        r = c.post("/api/articles", json={"html": html, "published": "2020-02-17"}, headers=AUTH)
        assert r.status_code == 201, r.text
        assert c.get("/health").json()["counts"]["articles"] == 2


def test_internal_errors_hide_details(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(db)
    backend = app.state.backend

    def boom(event_id: str) -> None:
        raise RuntimeError("secret /etc/passwd detail")

    monkeypatch.setattr(backend, "event", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/events/x")
    assert_error(r, 500, "internal_error")
    assert "secret" not in r.text


def test_cors_is_off_by_default(client: TestClient, db: str) -> None:
    r = client.get("/api/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers
    app = create_app(db, cors_origins=["https://team.example"])
    with TestClient(app) as c:
        r = c.get("/api/stats", headers={"Origin": "https://team.example"})
    assert r.headers["access-control-allow-origin"] == "https://team.example"


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    from eventdesk.errors import StoreError

    with pytest.raises(StoreError, match="no such database"):
        create_app(str(tmp_path / "none.db"))


def test_read_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "token"
    f.write_text(TOKEN + "\n")
    assert read_token(f) == TOKEN
    monkeypatch.setenv("EVENTDESK_TOKEN", "from-env-0123456789")
    assert read_token(None) == "from-env-0123456789"
    monkeypatch.delenv("EVENTDESK_TOKEN")
    assert read_token(None) is None
    f.write_text("short\n")
    with pytest.raises(InputError, match="at least 16"):
        read_token(f)
    with pytest.raises(InputError, match="cannot read"):
        read_token(tmp_path / "missing")


def test_worker_processes_build_the_app_from_the_environment(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What each process of ``serve(workers=N)`` runs: the settings the parent put in the
    environment, the token in EVENTDESK_TOKEN."""
    from eventdesk.api.app import app_from_env, serve

    config = {"db": db, "max_body_bytes": 1000, "cors_origins": [], "threads": 2}
    monkeypatch.setenv("EVENTDESK_SERVE_CONFIG", json.dumps(config))
    monkeypatch.setenv("EVENTDESK_TOKEN", TOKEN)
    with TestClient(app_from_env()) as c:
        assert c.get("/health").json()["writable"] is True
        assert_error(c.post("/api/articles", content=b"x" * 2000, headers=AUTH), 413)
    with pytest.raises(InputError, match="workers must be 1 or more"):
        serve(db, workers=0)


def test_the_backend_takes_db_values_as_the_cli_does(tmp_path: Path) -> None:
    from eventdesk.api.backend import open_backend
    from eventdesk.errors import StoreError

    path = tmp_path / "urls.db"
    SQLiteStore.open(path).close()
    backend = open_backend(f"sqlite:///{path}")  # the URL form names the file, not a file
    backend.close()
    assert not (tmp_path / "sqlite:").exists()
    with pytest.raises(StoreError, match="mysql"):
        open_backend("mysql://x/y")
