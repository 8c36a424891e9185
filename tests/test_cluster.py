"""Canonical events: matching rules, store linking, and the merge decision on written pairs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from eventdesk import cluster
from eventdesk.cluster import EventKey, match
from eventdesk.pipeline import Pipeline
from eventdesk.records import Actor, Article, ArticleResult, Event, Place
from eventdesk.store.sqlite import SQLiteStore

PAIRS = Path(__file__).parent / "fixtures" / "pairs" / "pairs.jsonl"

GAO = Place("Gao", "Gao", 16.27, -0.04, 2457163, "Gao", "MLI", "city", 1)
GAO_NEAR = Place("Gao", "Gao", 16.30, -0.10, 2457163, "Gao", "MLI", "city", 2)
KIDAL = Place("Kidal", "Kidal", 18.44, 1.41, 2455290, "Kidal", "MLI", "city", 1)
MALI = Place("Mali", "Mali", 17.0, -4.0, None, None, "MLI", "country", 3)
REBELS = Actor("rebels", "Rebels (Mali)", "MLI", "REB", 2, "MLIREB")
ARMY = Actor("soldiers", "Military Forces of Mali", "MLI", "MIL", 1, "MLIMIL")
JNIM = Actor("JNIM", "JNIM: Group for Support of Islam and Muslims", "MLI", "REB", 2, None)
ISS = Actor("IS Sahel", "Islamic State (Sahel)", "MLI", "REB", 2, None)


def _event(
    article: str,
    n: int = 0,
    *,
    date: str | None = "2020-02-16",
    precision: int = 1,
    place: Place | None = GAO,
    actor1: Actor | None = REBELS,
    actor2: Actor | None = ARMY,
    acled: str = "Explosions/Remote violence",
    plover: str = "ASSAULT",
    fatalities: int | None = 12,
) -> Event:
    return Event(
        event_id=f"e-{article}-{n}",
        article_id=article,
        plover_type=plover,
        plover_mode=None,
        acled_event_type=acled,
        acled_sub_event_type=None,
        cameo="18",
        actor1=actor1,
        actor2=actor2,
        location=place,
        date=date,
        time_precision=precision if date else None,
        fatalities=fatalities,
    )


def _key(ev: Event) -> EventKey:
    return EventKey.from_doc(ev.to_dict())


def test_same_place_different_day_is_not_merged() -> None:
    assert match(_key(_event("a")), _key(_event("b", date="2020-02-15"))) == (
        "dates differ beyond their precision"
    )
    assert match(_key(_event("a")), _key(_event("b"))) is None


@pytest.mark.parametrize(
    "other,expected",
    [
        (_event("b", date="2020-02-20", precision=2), None),  # week precision, within 6 days
        (_event("b", date="2020-02-24", precision=2), "dates differ beyond their precision"),
        (_event("b", date="2020-02-01", precision=3), None),  # the month
        (_event("b", date="2020-03-01", precision=3), "dates differ beyond their precision"),
        (_event("b", date=None), "undated or unplaced"),
        (_event("b", place=None), "undated or unplaced"),
        (_event("b", place=GAO_NEAR), None),  # 'near Gao', 7 km away
        (_event("b", place=KIDAL), "places differ beyond their precision"),
        (_event("b", place=MALI), "places differ beyond their precision"),
        (_event("b", plover="PROTEST"), "PLOVER type differs"),
        (_event("b", acled="Battles"), "ACLED type differs"),
        (_event("a", n=1), "same article"),
        (_event("b", actor1=None, actor2=None), None),  # missing actors match anything
        (_event("b", actor1=ARMY, actor2=REBELS), "actors conflict"),  # not a battle
        (_event("b", actor1=JNIM), None),  # a named group vs the generic label
        (_event("b", fatalities=20), None),  # figures may disagree
    ],
)
def test_rules(other: Event, expected: str | None) -> None:
    assert match(_key(_event("a")), _key(other)) == expected


def test_battles_are_symmetric_and_named_groups_conflict() -> None:
    a = _key(_event("a", acled="Battles", actor1=REBELS, actor2=ARMY))
    assert match(a, _key(_event("b", acled="Battles", actor1=ARMY, actor2=REBELS))) is None
    x = _key(_event("a", actor1=JNIM, actor2=None))
    assert match(x, _key(_event("b", actor1=ISS, actor2=None))) == "actors conflict"
    unknown = Actor("gunmen", "Unidentified Armed Group (Mali)", "MLI", "REB", 3, None)
    assert match(x, _key(_event("b", actor1=unknown, actor2=None))) is None


def test_compact_link_key_reads_like_the_whole_doc() -> None:
    docs = [
        _event("a", fatalities=3).to_dict(),
        _event("b", precision=2, actor2=None, fatalities=None).to_dict(),
        _event("c", place=None, date=None).to_dict(),
    ]
    compact = [json.loads(json.dumps(EventKey.compact(d))) for d in docs]
    assert [EventKey.from_doc(c) for c in compact] == [EventKey.from_doc(d) for d in docs]
    assert cluster.summarize(compact) == cluster.summarize(docs)
    assert len(json.dumps(compact[0])) < len(json.dumps(docs[0]))


def test_fatality_range() -> None:
    assert cluster.fatality_range([12, None, 15, 20]) == (12, 15, 20)
    assert cluster.fatality_range([12, 15]) == (12, 12, 15)  # lower median: conservative
    assert cluster.fatality_range([None]) == (None, None, None)


def _result(aid: str, outlet: str, events: list[Event]) -> ArticleResult:
    art = Article(text=f"text of {aid}", outlet=outlet, article_id=aid, url=f"https://{aid}/")
    return ArticleResult(art, tuple(events))


def test_store_links_reports_into_canonical_events(tmp_path: Path) -> None:
    with SQLiteStore.open(tmp_path / "c.sqlite") as store:
        store.add_results(
            [_result("a1", "Sahel Wire", [_event("a1"), _event("a1", 1, place=KIDAL)])]
        )
        store.add_results([_result("a2", "Bamako Daily", [_event("a2", fatalities=15)])])
        store.add_results(
            [
                _result("a3", "Sahel Wire", [_event("a3", fatalities=20)]),  # same outlet
                _result("a4", "Other", [_event("a4", date="2020-02-15")]),  # the day before
            ]
        )
        canon = list(store.canonical_events())
        assert sorted(len(c["event_ids"]) for c in canon) == [1, 1, 3]
        (big,) = [c for c in canon if len(c["event_ids"]) == 3]
        assert big["article_ids"] == ["a1", "a2", "a3"]
        assert (big["fatalities_low"], big["fatalities_best"], big["fatalities_high"]) == (
            12,
            15,
            20,
        )
        assert big["sources"] == 2 and big["outlets"] == ["Bamako Daily", "Sahel Wire"]
        assert big["n_articles"] == 3 and big["n_reports"] == 3
        assert big["canonical_id"] == cluster.canonical_id("e-a1-0")  # the first report's id
        assert [c["date"] for c in store.canonical_events(min_sources=2)] == ["2020-02-16"]
        assert len(list(store.canonical_events(since="2020-02-16"))) == 2
        assert list(store.canonical_events(country="SYR")) == []
        assert store.dedup_counts()["linked_events"] == store.counts()["events"] == 5
        # A copy of a2 from a new outlet raises the source count of its canonical event.
        copy = Article(text="text of a2, copied", outlet="Copy Desk")
        store.add_source("a2", copy, similarity=0.9)
        (big,) = list(store.canonical_events(min_sources=3))
        assert big["sources"] == 3 and big["n_reports"] == 4
        # Rebuilding from scratch gives the same grouping.
        before = sorted(sorted(c["event_ids"]) for c in store.canonical_events())
        assert store.rebuild_canonical() == 5
        assert sorted(sorted(c["event_ids"]) for c in store.canonical_events()) == before


def _stored_counts(path: Path) -> list[tuple[int, int, int]]:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT n_events, n_articles, n_sources FROM canonical_events").fetchall()
    conn.close()
    return sorted(rows)


def test_large_canonical_events_keep_exact_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MAX_SUMMARIZED members only the counts change, and they stay exact."""
    monkeypatch.setattr(cluster, "MAX_SUMMARIZED", 2)
    outlets = ["Sahel Wire", "Bamako Daily", "sahel  wire", "Other", "Bamako Daily"]
    path = tmp_path / "big.sqlite"
    with SQLiteStore.open(path) as store:
        for i, outlet in enumerate(outlets):
            store.add_results([_result(f"a{i}", outlet, [_event(f"a{i}")])])
        (big,) = list(store.canonical_events())
        assert len(big["event_ids"]) == 5 and big["sources"] == 3
        assert _stored_counts(path) == [(5, 5, 3)]
        store.add_source("a0", Article(text="text of a0, copied", outlet="Copy Desk"), 0.9)
        assert _stored_counts(path) == [(5, 5, 4)]
        # a database linked before schema version 4 gets its sources and bounds when opened
        conn = sqlite3.connect(path)
        conn.execute("DELETE FROM canonical_sources")
        conn.execute("DELETE FROM schema_migrations WHERE version = 4")
        conn.execute("DROP TABLE canonical_sources")
        conn.execute("DROP INDEX canonical_block")
        conn.execute("ALTER TABLE canonical_events DROP COLUMN cmp_start")
        conn.execute(
            "CREATE INDEX canonical_block ON canonical_events(plover_type, country, date_start)"
        )
        conn.commit()
        conn.close()
    with SQLiteStore.open(path) as store:
        store.add_results([_result("a9", "Newcomer", [_event("a9")])])
        assert _stored_counts(path) == [(6, 6, 5)]


def _decisions(pipeline: Pipeline) -> list[tuple[str, str, bool]]:
    out = []
    for line in PAIRS.read_text().splitlines():
        pair: dict[str, Any] = json.loads(line)
        docs = {}
        for side in "ab":
            s = pair[side]
            art = Article(text=s["text"], outlet=s["outlet"], published=s["published"])
            docs[side] = [EventKey.from_doc(e.to_dict()) for e in pipeline.process_one(art).events]
        merged = any(match(x, y) is None for x in docs["a"] for y in docs["b"])
        out.append((pair["id"], pair["label"], merged))
    return out


def test_merge_decision_on_written_pairs(pipeline: Pipeline) -> None:
    decisions = _decisions(pipeline)
    assert len(decisions) >= 15
    tp = sum(1 for _, label, m in decisions if m and label == "same")
    fp = sum(1 for _, label, m in decisions if m and label == "different")
    fn = sum(1 for _, label, m in decisions if not m and label == "same")
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(f"pairs={len(decisions)} tp={tp} fp={fp} fn={fn} P={precision:.2f} R={recall:.2f}")
    assert precision >= 0.9
    assert recall >= 0.75
    by_id = {pid: m for pid, _, m in decisions}
    assert by_id["p08"] is False  # same place, different day
    assert by_id["p13"] is False  # same place, the day before
    assert by_id["p01"] is True  # two outlets, fatalities disagree
