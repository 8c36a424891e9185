"""The JSON contract on every bundled example: shape, ids, and evidence offsets that hold."""

from __future__ import annotations

import json

from eventdesk.records import LIST_EVIDENCE, SCHEMA_VERSION, ArticleResult

EVENT_KEYS = {
    "event_id",
    "article_id",
    "plover",
    "acled",
    "cameo",
    "actor1",
    "actor2",
    "actors1",
    "actors2",
    "location",
    "date",
    "time_precision",
    "fatalities",
    "injured",
    "displaced",
    "arrested",
    "reported_by",
    "negated",
    "hypothetical",
    "future",
    "historical",
    "confidence",
    "evidence",
}
ACTOR_KEYS = {"text", "name", "country", "sector", "inter", "cameo"}
PLACE_KEYS = {
    "text",
    "name",
    "geonameid",
    "lat",
    "lon",
    "admin1",
    "country",
    "feature",
    "geo_precision",
}


def test_examples_give_many_events(example_results: list[ArticleResult]) -> None:
    assert len(example_results) >= 20
    assert sum(len(r.events) for r in example_results) >= 100
    assert all(r.events for r in example_results)


def test_every_document_has_the_contract_shape(example_results: list[ArticleResult]) -> None:
    for result in example_results:
        doc = json.loads(json.dumps(result.to_dict()))
        assert doc["schema_version"] == SCHEMA_VERSION
        assert set(doc["article"]) == {
            "article_id",
            "title",
            "url",
            "outlet",
            "published",
            "language",
            "text",
        }
        for ev in doc["events"]:
            assert set(ev) >= EVENT_KEYS
            assert ev["article_id"] == doc["article"]["article_id"]
            assert len(ev["cameo"]) == 2 and ev["cameo"].isdigit()
            assert set(ev["plover"]) == {"type", "mode"}
            assert ev["acled"] is None or set(ev["acled"]) == {"event_type", "sub_event_type"}
            for key in ("actor1", "actor2"):
                assert ev[key] is None or set(ev[key]) >= ACTOR_KEYS
                many = ev[key.replace("actor", "actors")]
                # every actor of the side, the main one first; [] when there is none
                assert many[:1] == ([ev[key]] if ev[key] is not None else [])
            assert ev["location"] is None or set(ev["location"]) >= PLACE_KEYS
            assert ev["time_precision"] in (None, 1, 2, 3)
            assert 0.0 <= ev["confidence"] <= 1.0
            for value in ev.values():
                assert value != ""  # unknown is null, never ""


def test_evidence_offsets_point_at_the_claimed_text(example_results: list[ArticleResult]) -> None:
    checked = 0
    for result in example_results:
        text = result.article.text
        for ev in result.to_dict()["events"]:
            evidence = ev["evidence"]
            s, e = evidence["sentence"]
            sentence = text[s:e]
            for key, value in evidence.items():
                # "mentions": the trigger of every mention of one happening (extract/coref.py);
                # "actors1"/"actors2": every actor of a side that has several
                for a, b in value if key in LIST_EVIDENCE else [value]:
                    assert 0 <= a < b <= len(text), (key, a, b)
                    if key in {"trigger", "actor1", "actor2"}:
                        assert s <= a and b <= e, (key, ev["event_id"])
                    assert text[a:b].strip() == text[a:b]
            if "mentions" in evidence:
                assert len(evidence["mentions"]) >= 2
                assert evidence["trigger"] in evidence["mentions"]
            for key in ("actor1", "actor2"):
                if ev[key] is not None:
                    a, b = evidence[key]
                    assert text[a:b] == ev[key]["text"]
                    checked += 1
                many = key.replace("actor", "actors")
                if many in evidence:
                    spans = evidence[many]
                    assert len(spans) == len(ev[many]) >= 2
                    for (a, b), actor in zip(spans, ev[many], strict=True):
                        assert text[a:b] == actor["text"]
            if ev["location"] is not None:
                a, b = evidence["location"]
                assert text[a:b] == ev["location"]["text"]
                checked += 1
            a, b = evidence["trigger"]
            assert text[a:b] in sentence
        for q in result.to_dict()["quotes"]:
            a, b = q["evidence"]["quote"]
            assert text[a:b] == q["text"]
            if q["speaker"] is not None and "speaker" in q["evidence"]:
                a, b = q["evidence"]["speaker"]
                assert text[a:b] == q["speaker"]["text"]
    assert checked > 50


def test_event_ids_are_deterministic(pipeline, example_results) -> None:  # type: ignore[no-untyped-def]
    again = pipeline.process_one(example_results[0].article)
    assert [e.event_id for e in again.events] == [e.event_id for e in example_results[0].events]
    assert len({e.event_id for r in example_results for e in r.events}) == sum(
        len(r.events) for r in example_results
    )
