"""Export writers: ACLED columns and meanings, RFC 7946 GeoJSON, JSON lines, flat CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from eventdesk import export
from eventdesk.api.bench import synthetic_results
from eventdesk.api.dump import export_db
from eventdesk.api.query import EventFilter
from eventdesk.output import CSV_COLUMNS
from eventdesk.store.sqlite import SQLiteStore

ACLED_REQUIRED = [
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes",
    "fatalities",
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("export") / "export.db"
    with SQLiteStore.open(path) as store:
        store.add_results(synthetic_results(40, 3, seed=5))
    return str(path)


def run(db: str, fmt: str, **filters: Any) -> str:
    out = io.StringIO()
    export_db(db, fmt, out, EventFilter(**filters))
    return out.getvalue()


def test_acled_csv_columns_and_meanings(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "acled-csv"))))
    assert rows
    header = list(rows[0])
    assert header == export.ACLED_COLUMNS
    assert [c for c in header if c in ACLED_REQUIRED] == ACLED_REQUIRED  # ACLED's order
    with SQLiteStore.open(db) as store:
        by_id = {e["event_id"]: e for e in store.events()}
        texts = {
            aid: (store.article(aid) or {})["text"]
            for aid in {e["article_id"] for e in by_id.values()}
        }
    coded = [e for e in by_id.values() if e["acled"] and not (e["future"] or e["negated"])]
    assert len(rows) == len(coded)  # verbal events (no ACLED type) are not written
    for row in rows:
        ev = by_id[row["event_id_cnty"][3:]]
        loc = ev["location"]
        assert row["event_id_cnty"].startswith(loc["country"])
        assert row["event_date"] == ev["date"] and row["year"] == ev["date"][:4]
        assert row["event_type"] == ev["acled"]["event_type"]
        assert row["sub_event_type"] == ev["acled"]["sub_event_type"]
        assert row["actor1"] == ev["actor1"]["name"]
        assert int(row["inter1"]) == ev["actor1"]["inter"]
        lo, hi = sorted((ev["actor1"]["inter"], ev["actor2"]["inter"]))
        assert int(row["interaction"]) == lo * 10 + hi
        assert int(row["fatalities"]) == (ev["fatalities"] or 0)  # ACLED: 0 when unknown
        assert float(row["latitude"]) == pytest.approx(loc["lat"], abs=1e-4)
        s, e = ev["evidence"]["sentence"]
        assert row["notes"] == " ".join(texts[ev["article_id"]][s:e].split())
        assert row["source"]  # outlet and credited reporters
        assert row["admin1"] == loc["admin1"]
    countries = {r["country"] for r in rows}
    assert "Syria" in countries and "SYR" not in countries  # ACLED's country names
    assert {r["iso"] for r in rows if r["country"] == "Syria"} == {"760"}


def test_acled_row_skips_what_acled_would_not_code() -> None:
    ev = next(iter(synthetic_results(1, 1, seed=1))).events[0].to_dict()
    ev["acled"] = {"event_type": "Battles", "sub_event_type": "Armed clash"}
    assert export.acled_row(ev) is not None
    assert export.acled_row({**ev, "future": True}) is None
    assert export.acled_row({**ev, "hypothetical": True}) is None
    assert export.acled_row({**ev, "acled": None}) is None
    one_actor = export.acled_row({**ev, "actor2": None})
    assert one_actor is not None and one_actor["interaction"] == ev["actor1"]["inter"] * 10


def test_geojson_is_rfc7946(db: str) -> None:
    doc = json.loads(run(db, "geojson"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == 120
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["id"], str)
        geom = f["geometry"]
        assert geom["type"] == "Point"
        lon, lat = geom["coordinates"]  # RFC 7946: longitude first
        assert f["properties"]["longitude"] == pytest.approx(lon)
        assert f["properties"]["latitude"] == pytest.approx(lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["notes"]
    empty = json.loads(run(db, "geojson", country=("ISL",)))  # a country with no events
    assert empty == {"type": "FeatureCollection", "features": []}


def test_geojson_unlocated_event_has_null_geometry() -> None:
    ev = next(iter(synthetic_results(1, 1, seed=2))).events[0].to_dict()
    ev["location"] = None
    assert export.geojson_feature(ev)["geometry"] is None


def test_jsonl_and_csv_match_the_store(db: str) -> None:
    lines = run(db, "jsonl").splitlines()
    with SQLiteStore.open(db) as store:
        stored = {e["event_id"]: e for e in store.events()}
    docs = [json.loads(line) for line in lines]
    assert {d["event_id"] for d in docs} == set(stored)
    assert all(d == stored[d["event_id"]] for d in docs)
    rows = list(csv.DictReader(io.StringIO(run(db, "csv", plover_type=("ASSAULT",)))))
    assert list(rows[0]) == CSV_COLUMNS
    assert {r["plover_type"] for r in rows} == {"ASSAULT"}


def test_streams_in_chunks(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "CHUNK_CHARS", 1000)
    with SQLiteStore.open(db) as store:
        events = list(store.events())
    for fmt in export.FORMATS:
        chunks = list(export.stream(fmt, iter(events)))
        assert len(chunks) > 3, fmt


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="acled-csv"):
        export.stream("xlsx", [])


def test_export_to_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    with out.open("w", encoding="utf-8") as fh:
        n = export_db(db, "geojson", fh, EventFilter(country=("MLI",)))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert n == len(doc["features"]) > 0
