from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventdesk.errors import StoreError
from eventdesk.records import Actor, Article, ArticleResult, Event, Place, Quote
from eventdesk.store import sqlite as store_mod
from eventdesk.store.rows import event_row
from eventdesk.store.sqlite import AddSummary, Migration, SQLiteStore
from eventdesk.store.sqlite_schema import FTS_IDS, fts_condition

TEXT = "Rebels shelled Mopti on Sunday, killing 12 soldiers, Reuters reported."


def _event(
    article_id: str, n: int, *, date: str | None, country: str | None, plover: str = "ASSAULT"
) -> Event:
    place = None
    if country is not None:
        place = Place(
            text="Mopti",
            name="Mopti",
            lat=14.49,
            lon=-4.19,
            geonameid=2453348,
            admin1="Mopti",
            country=country,
            feature="city",
            geo_precision=1,
        )
    return Event(
        event_id=f"e-{article_id}-{n}",
        article_id=article_id,
        plover_type=plover,
        plover_mode="heavy-weapons" if plover == "ASSAULT" else None,
        acled_event_type="Explosions/Remote violence" if plover == "ASSAULT" else None,
        acled_sub_event_type="Shelling/artillery/missile attack" if plover == "ASSAULT" else None,
        cameo="19",
        actor1=Actor(
            text="Rebels",
            name="Rebels (Mali)",
            country="MLI",
            sector="REB",
            inter=2,
            cameo="MLIREB",
        ),
        actor2=Actor(
            text="soldiers",
            name="Military Forces of Mali",
            country="MLI",
            sector="MIL",
            inter=1,
            cameo="MLIMIL",
            role="soldiers",
        ),
        location=place,
        date=date,
        time_precision=1 if date else None,
        fatalities=12,
        reported_by=("Reuters",),
        negated=False,
        future=n % 2 == 1,
        confidence=0.83456,
        evidence=(("sentence", (0, len(TEXT))), ("trigger", (7, 14)), ("fatalities", (40, 42))),
    )


def _result(
    i: int, dates: list[str | None], country: str | None = "MLI", plover: str = "ASSAULT"
) -> ArticleResult:
    art = Article(
        text=f"{TEXT} ({i})",
        title=f"Story {i}",
        url=f"https://example.org/{i}",
        outlet="Reuters",
        published="2020-02-17",
        source_path=f"in/{i}.txt",
    )
    events = tuple(
        _event(art.article_id, n, date=d, country=country, plover=plover)
        for n, d in enumerate(dates)
    )
    quote = Quote(
        speaker=events[0].actor1 if events else None,
        text="We will win",
        evidence=(("quote", (0, 11)),),
    )
    return ArticleResult(article=art, events=events, quotes=(quote,))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.open(tmp_path / "db" / "events.sqlite") as s:
        yield s


def test_open_sets_pragmas(store: SQLiteStore) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migration_version_recorded(store: SQLiteStore) -> None:
    latest = max(m.version for m in store_mod.MIGRATIONS)
    assert store.schema_version() == latest
    rows = store._conn.execute("SELECT version, applied_at FROM schema_migrations").fetchall()
    assert [r[0] for r in rows] == sorted(m.version for m in store_mod.MIGRATIONS)
    assert all(r[1] for r in rows)


def test_round_trip_event_and_article(store: SQLiteStore) -> None:
    res = _result(1, ["2020-02-16"])
    assert store.add_results([res]) == AddSummary(new=1, present=0, events=1)
    (got,) = list(store.events())
    assert got == res.events[0].to_dict()
    assert got["actor2"]["role"] == "soldiers"
    assert got["confidence"] == 0.835
    assert store.article(res.article.article_id) == res.article.to_dict()
    assert store.article("nope") is None
    assert store.quotes(res.article.article_id) == [res.quotes[0].to_dict()]
    row = store._conn.execute(
        "SELECT country, plover_type, actor1_name, lat, fatalities, negated, future FROM events"
    ).fetchone()
    assert row == ("MLI", "ASSAULT", "Rebels (Mali)", 14.49, 12, 0, 0)


def test_idempotent_double_add(store: SQLiteStore) -> None:
    results = [_result(i, ["2020-02-16", None]) for i in range(5)]
    first = store.add_results(results, batch_size=2)
    assert first == AddSummary(new=5, present=0, events=10)
    second = store.add_results(iter(results), batch_size=3)
    assert second == AddSummary(new=0, present=5, events=0)
    assert store.counts() == {"articles": 5, "events": 10, "failures": 0}
    assert store._conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 5


def test_duplicate_within_one_batch(store: SQLiteStore) -> None:
    res = _result(1, ["2020-02-16"])
    assert store.add_results([res, res]) == AddSummary(new=1, present=1, events=1)


def test_has_articles(store: SQLiteStore) -> None:
    results = [_result(i, []) for i in range(3)]
    store.add_results(results[:2])
    ids = [r.article.article_id for r in results]
    assert store.has_article(ids[0])
    assert not store.has_article(ids[2])
    many = ids + [f"missing{i}" for i in range(1200)]  # more than one IN chunk
    assert store.has_articles(many) == set(ids[:2])
    assert store.has_articles([]) == set()


def test_event_filters_and_order(store: SQLiteStore) -> None:
    store.add_results(
        [
            _result(1, ["2020-02-16", None, "2020-01-05"], country="MLI"),
            _result(2, ["2020-02-16", "2020-03-01"], country="SYR", plover="PROTEST"),
            _result(3, ["2020-02-20"], country=None),
        ]
    )
    dates = [e["date"] for e in store.events()]
    assert dates == ["2020-01-05", "2020-02-16", "2020-02-16", "2020-02-20", "2020-03-01", None]
    same_day = [e for e in store.events() if e["date"] == "2020-02-16"]
    assert [e["article_id"] for e in same_day] == sorted(e["article_id"] for e in same_day)

    assert {e["location"]["country"] for e in store.events(country="SYR")} == {"SYR"}
    assert len(list(store.events(country="MLI"))) == 3
    assert len(list(store.events(plover_type="PROTEST"))) == 2
    assert [e["date"] for e in store.events(since="2020-02-16", until="2020-02-20")] == [
        "2020-02-16",
        "2020-02-16",
        "2020-02-20",
    ]
    assert [e["date"] for e in store.events(since="2020-02-17")] == ["2020-02-20", "2020-03-01"]
    assert [e["date"] for e in store.events(until="2020-01-31")] == ["2020-01-05"]
    assert len(list(store.events(country="MLI", plover_type="PROTEST"))) == 0
    assert len(list(store.events(limit=2))) == 2
    # Values are bound, never formatted into SQL.
    assert list(store.events(country="MLI' OR '1'='1")) == []
    with pytest.raises(StoreError, match="since"):
        store.events(since="16/02/2020")  # raises at call time, not on iteration


def test_failures_recorded(store: SQLiteStore) -> None:
    store.record_failure("in/bad.html", "no text extracted")
    store.record_failure("https://x.org/a", "HTTP 404")
    got = store.failures()
    assert [(s, r) for s, r, _ in got] == [
        ("in/bad.html", "no text extracted"),
        ("https://x.org/a", "HTTP 404"),
    ]
    assert all(at for _, _, at in got)
    assert store.counts()["failures"] == 2


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite"
    with SQLiteStore.open(path) as s:
        s.add_results([_result(1, ["2020-02-16"])])
    with SQLiteStore.open(str(path)) as s:
        assert s.counts()["events"] == 1


def test_old_db_is_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.sqlite"
    with SQLiteStore.open(path) as s:
        s.add_results([_result(1, ["2020-02-16"])])
        old = s.schema_version()
    step = Migration(old + 1, "test column", ("ALTER TABLE articles ADD COLUMN extra TEXT",))
    monkeypatch.setattr(store_mod, "MIGRATIONS", (*store_mod.MIGRATIONS, step))
    with SQLiteStore.open(path) as s:
        assert s.schema_version() == old + 1
        cols = [r[1] for r in s._conn.execute("PRAGMA table_info(articles)")]
        assert "extra" in cols
        assert s.counts()["articles"] == 1


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.sqlite"
    SQLiteStore.open(path).close()
    latest = max(m.version for m in store_mod.MIGRATIONS)
    bad = Migration(latest + 1, "broken", ("CREATE TABLE t2 (x)", "NOT SQL"))
    monkeypatch.setattr(store_mod, "MIGRATIONS", (*store_mod.MIGRATIONS, bad))
    with pytest.raises(StoreError, match="migration"):
        SQLiteStore.open(path)
    monkeypatch.undo()
    with SQLiteStore.open(path) as s:
        assert s.schema_version() == latest
        assert s._conn.execute("SELECT name FROM sqlite_master WHERE name='t2'").fetchone() is None


def test_future_version_raises(tmp_path: Path) -> None:
    path = tmp_path / "e.sqlite"
    SQLiteStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (999, '2099-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"schema version 999.*upgrade eventdesk"):
        SQLiteStore.open(path)


def test_not_a_database_raises(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.sqlite"):
        SQLiteStore.open(path)


def test_failures_are_idempotent_and_have_a_kind(store: SQLiteStore) -> None:
    store.record_failure("in/fr.txt", "in/fr.txt: language is French", kind="skipped")
    store.record_failure("in/fr.txt", "in/fr.txt: language is French", kind="skipped")
    store.record_failure("in/bad.bin", "binary data")
    assert store.counts()["failures"] == 2  # a re-run does not double them
    assert [s for s, _, _ in store.failures(kind="skipped")] == ["in/fr.txt"]
    assert [s for s, _, _ in store.failures(kind="failed")] == ["in/bad.bin"]


def test_version_1_database_is_upgraded_with_sources_and_canonical_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v1.sqlite"
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
    SQLiteStore.open(path).close()  # a database as version 1 left it, written by hand
    conn = sqlite3.connect(path)
    for res in (_result(1, ["2020-02-16"]), _result(2, ["2020-02-16", None])):
        a = res.article
        conn.execute(
            store_mod._INSERT_ARTICLE,
            (
                a.article_id,
                a.title,
                a.url,
                a.outlet,
                a.published,
                a.language,
                a.text,
                a.source_path,
                "2020-01-01",
                len(res.events),
            ),
        )
        for ev in res.events:
            conn.execute(store_mod._INSERT_EVENT, event_row(ev))
    conn.executemany("INSERT INTO failures (source, reason, at) VALUES ('x', 'y', 'z')", [(), ()])
    conn.commit()
    conn.close()
    monkeypatch.undo()
    with SQLiteStore.open(path) as s:
        assert s.schema_version() == len(store_mod.MIGRATIONS)
        assert s.counts() == {"articles": 2, "events": 3, "failures": 1}
        counts = s.dedup_counts()
        assert counts["copies"] == 2 and counts["duplicates"] == 0
        assert counts["linked_events"] == 3
        # the two dated events (same place, day, type, actors; two articles) are one event
        assert sorted(len(c["event_ids"]) for c in s.canonical_events()) == [1, 2]
        res = _result(1, [])
        assert [x["outlet"] for x in s.sources(res.article.article_id)] == ["Reuters"]


def test_memberships_without_link_keys_still_link(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    with SQLiteStore.open(path) as s:
        s.add_batch([_result(1, ["2020-02-16"])])
    conn = sqlite3.connect(path)  # as a database linked before migration 3 has it
    conn.execute("UPDATE canonical_members SET link_key = NULL")
    conn.commit()
    with SQLiteStore.open(path) as s:
        s.add_batch([_result(2, ["2020-02-16"])])  # the same happening from another article
        (canonical,) = s.canonical_events()
        assert len(canonical["event_ids"]) == 2
    keys = conn.execute("SELECT link_key FROM canonical_members").fetchall()
    assert sorted(k is None for (k,) in keys) == [False, True]


def test_add_batch_is_one_transaction(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(conn: sqlite3.Connection, docs: object, now: str) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_mod.cluster, "link_events", boom)
    with pytest.raises(StoreError, match="rolled back"):
        store.add_batch([_result(1, ["2020-02-16"])])
    assert store.counts()["articles"] == 0
    assert store.dedup_counts()["copies"] == 0


def _names(s: SQLiteStore, kind: str) -> set[str]:
    rows = s._conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))
    return {r[0] for r in rows}


def test_migration_5_moves_the_full_text_index_and_indexes_into_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database from before migration 5, with the full-text table, triggers and indexes an
    older API created at start-up, is migrated: those are replaced by the schema's own, the
    existing events are searchable and new ones are indexed by the trigger."""
    path = tmp_path / "v4.sqlite"
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:4])
    with SQLiteStore.open(path) as s:
        s.add_results([_result(1, ["2020-02-16"])])
        conn = s._conn
        conn.execute("CREATE VIRTUAL TABLE api_event_fts USING fts5(event_id UNINDEXED, sentence)")
        conn.execute(
            "CREATE TRIGGER api_event_fts_ad AFTER DELETE ON events BEGIN "
            "DELETE FROM api_event_fts WHERE event_id = old.event_id; END"
        )
        conn.execute("CREATE INDEX api_events_date_id ON events(date, event_id)")
        assert s.schema_version() == 4
    monkeypatch.undo()
    with SQLiteStore.open(path) as s:
        assert s.schema_version() == 5
        names = _names(s, "table") | _names(s, "index") | _names(s, "trigger")
        assert not {n for n in names if n.startswith("api_")}
        assert {store_mod.FTS_TABLE, FTS_IDS, "events_date_id", "events_country_date"} <= names
        assert {"events_sub_date", "articles_outlet", "events_lat_lon"} <= names
        assert "events_date" not in names  # a prefix of events_date_id, dropped

        def found(word: str) -> list[str]:
            rows = s._conn.execute(
                f"SELECT event_id FROM events WHERE {fts_condition()} ORDER BY event_id", (word,)
            )
            return [r[0] for r in rows]

        first = _result(1, ["2020-02-16"]).events[0].event_id
        assert found("shelled") == [first]  # the stored event was indexed by the migration
        s.add_results([_result(2, ["2020-03-01"])])
        second = _result(2, ["2020-03-01"]).events[0].event_id
        assert found("shelled") == sorted([first, second])  # and a new one by the trigger
        s._conn.execute("DELETE FROM events WHERE event_id = ?", (first,))
        assert found("shelled") == [second]  # a deleted event leaves the index
        assert s._conn.execute(f"SELECT COUNT(*) FROM {FTS_IDS}").fetchone()[0] == 1
        plan = s._conn.execute(
            "EXPLAIN QUERY PLAN SELECT event_id FROM events WHERE country = ? "
            "ORDER BY date, event_id LIMIT 5",
            ("MLI",),
        ).fetchall()
        assert "events_country_date" in " ".join(str(r[-1]) for r in plan)
