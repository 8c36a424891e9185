"""`eval articles`: whole annotated articles scored event by event and field by field.

Every text below is written for these tests (no gold data is copied). The metrics are checked
exactly against a hand computation with a fake pipeline that returns given events, so they do
not move when the extractor changes; one test runs the real pipeline on a story of ours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventdesk.errors import InputError
from eventdesk.eval import cli as eval_cli
from eventdesk.eval.articles import (
    GoldEvent,
    evaluate_articles,
    format_table,
    match,
    pair_checks,
)
from eventdesk.eval.cli import eval_group
from eventdesk.pipeline import Pipeline
from eventdesk.records import Actor, Article, ArticleResult, Event, Place

TEXT_A = (
    "Rebels attacked a police post in Dorvath on Monday. Two officers died in the attack. "
    "Later, the governor condemned the rebels."
)
TEXT_B = (
    "Hundreds of students protested in Kelmora on Friday. Police arrested ten of them. "
    "The union and the ministry signed a deal."
)


def _at(text: str, word: str, n: int = 1) -> list[int]:
    """[start, end] of the n-th occurrence of ``word``."""
    start = -1
    for _ in range(n):
        start = text.index(word, start + 1)
    return [start, start + len(word)]


def _sentence(text: str, word: str) -> list[int]:
    """[start, end] of the sentence holding ``word`` (our texts end sentences with '. ')."""
    i = text.index(word)
    start = text.rfind(". ", 0, i)
    start = 0 if start < 0 else start + 2
    end = text.find(".", i) + 1
    return [start, end]


def _actor(country: str | None, inter: int | None) -> dict[str, Any]:
    return {"text": "x", "span": None, "name": "x", "country": country, "inter": inter}


def _gold_event(mentions: list[list[int]], plover: str, **kw: Any) -> dict[str, Any]:
    ev: dict[str, Any] = {
        "mentions": mentions,
        "plover": plover,
        "acled_event_type": None,
        "acled_sub_event_type": None,
        "actor1": None,
        "actor2": None,
        "location": None,
        "date": None,
        "time_precision": None,
        "fatalities": None,
        "injured": None,
        "arrested": None,
        "displaced": None,
        "negated": False,
        "hypothetical": False,
        "future": False,
        "historical": False,
    }
    ev.update(kw)
    return ev


def _loc(lat: float, lon: float, country: str) -> dict[str, Any]:
    return {"text": "x", "span": None, "lat": lat, "lon": lon, "country": country}


GOLD_A = [
    _gold_event(
        [_at(TEXT_A, "attacked"), _at(TEXT_A, "attack", 2)],
        "ASSAULT",
        acled_event_type="Battles",
        acled_sub_event_type="Armed clash",
        actor1=_actor("MLI", 2),
        actor2=_actor("MLI", 1),
        location=_loc(15.0, -1.0, "MLI"),
        date="2021-03-01",
        fatalities=2,
    ),
    _gold_event(
        [_at(TEXT_A, "condemned")],
        "ACCUSE",
        actor1=_actor("MLI", 1),
        actor2=_actor("MLI", 2),
    ),
]
GOLD_B = [
    _gold_event(
        [_at(TEXT_B, "protested")],
        "PROTEST",
        acled_event_type="Protests",
        acled_sub_event_type="Peaceful protest",
        actor1=_actor("NER", 6),
        location=_loc(13.5, 2.1, "NER"),
        date="2021-03-05",
    ),
    _gold_event(
        [_at(TEXT_B, "arrested")],
        "COERCE",
        acled_event_type="Strategic developments",
        acled_sub_event_type="Arrests",
        actor1=_actor("NER", 1),
        actor2=_actor("NER", 6),
        location=_loc(13.5, 2.1, "NER"),
        arrested=10,
    ),
    _gold_event([_at(TEXT_B, "signed")], "AGREE"),  # we predict nothing there: unmatched
]


def _event(
    text: str,
    plover: str,
    trigger: list[int],
    sentence_of: str,
    acled: tuple[str | None, str | None] = (None, None),
    actors: tuple[tuple[str | None, int] | None, ...] = (None, None),
    place: tuple[float | None, float | None, str] | None = None,
    extra_evidence: tuple[tuple[str, Any], ...] = (),
    **kw: Any,
) -> Event:
    a1, a2 = (Actor(text="x", name="x", country=a[0], inter=a[1]) if a else None for a in actors)
    loc = Place(text="x", name="x", lat=place[0], lon=place[1], country=place[2]) if place else None
    s = _sentence(text, sentence_of)
    return Event(
        event_id="e",
        article_id="a",
        plover_type=plover,
        plover_mode=None,
        acled_event_type=acled[0],
        acled_sub_event_type=acled[1],
        cameo="19",
        actor1=a1,
        actor2=a2,
        location=loc,
        date=kw.pop("date", None),
        time_precision=None,
        evidence=(
            ("sentence", (s[0], s[1])),
            ("trigger", (trigger[0], trigger[1])),
            *extra_evidence,
        ),
        **kw,
    )


PRED = {
    TEXT_A: [
        # P1: trigger overlaps G1 -> match; every field right (actor sides swapped: sets agree)
        _event(
            TEXT_A,
            "ASSAULT",
            _at(TEXT_A, "attacked"),
            "attacked",
            acled=("Battles", "Armed clash"),
            actors=(("MLI", 1), ("MLI", 2)),
            place=(15.1, -1.0, "MLI"),  # about 11 km away
            date="2021-03-01",
            fatalities=2,
        ),
        # P2: 'died' overlaps no mention, its sentence holds G1's 'attack', same type -> G1 is
        # taken: a duplicate
        _event(TEXT_A, "ASSAULT", _at(TEXT_A, "died"), "died", fatalities=2),
        # P3: matches G2; actor2 missing (actor wrong, countries right), historical wrong
        _event(
            TEXT_A,
            "ACCUSE",
            _at(TEXT_A, "condemned"),
            "condemned",
            actors=(("MLI", 1), None),
            historical=True,
            date="2021-03-01",  # gold date null: not scored
        ),
    ],
    TEXT_B: [
        # P4: trigger 'students' overlaps nothing; sentence holds 'protested', same type -> G3
        _event(
            TEXT_B,
            "PROTEST",
            _at(TEXT_B, "students"),
            "students",
            acled=("Protests", "Protest with intervention"),
            actors=(("NER", 6), None),
            place=(14.0, 2.1, "NER"),  # about 56 km away
            date="2021-03-04",
            fatalities=0,  # gold null counts as 0
        ),
        # P5: trigger overlaps part of 'arrested' -> G4 (types need not agree on overlap)
        _event(
            TEXT_B,
            "SANCTION",
            [_at(TEXT_B, "arrested")[0], _at(TEXT_B, "arrested")[0] + 6],
            "arrested",
            actors=(("NER", 1), (None, 7)),
            fatalities=1,
        ),
        # P6: sentence holds 'arrested' but the types differ -> spurious
        _event(TEXT_B, "ASSAULT", _at(TEXT_B, "Police"), "Police"),
    ],
}


class FakePipeline:
    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events
        self.seen: list[Article] = []
        self.rules_off: frozenset[str] = frozenset()  # what the gate asks of a pipeline

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            self.seen.append(a)
            yield ArticleResult(article=a, events=tuple(self.events.get(a.text, [])))


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _data(tmp_path: Path, sha_a: str | None = None) -> tuple[Path, Path, Path]:
    """data/ with both text sources and two gold files under data/article_gold/."""
    data = tmp_path / "data"
    _write(
        data / "lgl" / "lgl.jsonl",
        [{"docid": "7", "text": "Other."}, {"docid": "11", "text": TEXT_A}],
    )
    _write(
        data / "glocon_gold_sample" / "document_level_sabinet.jsonl",
        [{"id": "b2", "text": TEXT_B, "label": 1}],
    )
    one = _write(
        data / "article_gold" / "one.jsonl",
        [
            {
                "doc": "lgl:11",
                "published": "2021-03-02",
                "text_sha1": sha_a or _sha1(TEXT_A),
                "n_chars": len(TEXT_A),
                "events": GOLD_A,
            }
        ],
    )
    two = _write(
        data / "article_gold" / "two.jsonl",
        [
            {
                "doc": "glocon:b2",
                "published": None,
                "text_sha1": _sha1(TEXT_B),
                "n_chars": len(TEXT_B),
                "events": GOLD_B,
            }
        ],
    )
    return data, one, two


EXPECTED = {
    "precision": 0.6667,  # 4 matched gold events / 6 predicted
    "recall": 0.8,  # 4 / 5 gold
    "f1": 0.7273,
    "duplicate_rate": 0.1667,  # P2
    "spurious_rate": 0.1667,  # P6
    "plover_accuracy": 0.75,  # P5 SANCTION for COERCE
    "acled_type_accuracy": 0.75,  # P5 null for Strategic developments; P3 null = null
    "acled_sub_accuracy": 0.5,  # P4 and P5
    "actor_accuracy": 0.5,  # P3 (actor2 missing), P5 (country null, inter 7)
    "actor_country_accuracy": 0.75,  # P5
    "location_25km_accuracy": 0.5,  # P4 56 km off, P5 none; P3 and G2 both null: right
    "location_country_accuracy": 0.75,  # P5 none for NER
    "date_accuracy": 0.5,  # only G1 (right) and G3 (P4 wrong) have a gold date
    "fatalities_accuracy": 0.75,  # P5 1 for null
    "flags_accuracy": 0.75,  # P3 historical
    "all_fields_accuracy": 0.25,  # only P1
}


def test_every_metric_by_hand(tmp_path: Path) -> None:
    _, one, two = _data(tmp_path)
    fake = FakePipeline(PRED)
    report = evaluate_articles([one, two], fake)
    assert [(a.text, a.published) for a in fake.seen] == [
        (TEXT_A, "2021-03-02"),
        (TEXT_B, None),
    ]
    assert (report["n_articles"], report["n_gold"], report["n_predicted"]) == (2, 5, 6)
    assert report["metrics"] == EXPECTED
    assert report["dataset"] == "one.jsonl + two.jsonl"
    first, second = report["files"]["one.jsonl"], report["files"]["two.jsonl"]
    assert first["counts"] == {
        "n_articles": 1,
        "n_gold": 2,
        "n_predicted": 3,
        "matched": 2,
        "duplicates": 1,
        "spurious": 0,
    }
    m = first["metrics"]
    assert (m["precision"], m["recall"], m["f1"]) == (0.6667, 1.0, 0.8)
    assert (m["duplicate_rate"], m["spurious_rate"], m["date_accuracy"]) == (0.3333, 0.0, 1.0)
    m = second["metrics"]
    assert (m["precision"], m["recall"], m["f1"]) == (0.6667, 0.6667, 0.6667)
    assert (m["duplicate_rate"], m["spurious_rate"], m["date_accuracy"]) == (0.0, 0.3333, 0.0)
    assert (m["plover_accuracy"], m["all_fields_accuracy"]) == (0.5, 0.0)
    # the error listing: the unmatched AGREE and the spurious ASSAULT, with their sentences
    (unmatched,) = report["errors"]["unmatched"]
    assert (unmatched["doc"], unmatched["trigger"]) == ("glocon:b2", "signed")
    assert unmatched["sentence"] == "The union and the ministry signed a deal."
    (spurious,) = report["errors"]["spurious"]
    assert (spurious["plover"], spurious["trigger"]) == ("ASSAULT", "Police")
    assert spurious["sentence"] == "Police arrested ten of them."


def test_single_file_and_data_folder(tmp_path: Path) -> None:
    data, one, _ = _data(tmp_path)
    moved = tmp_path / "elsewhere" / "one.jsonl"
    moved.parent.mkdir()
    moved.write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=r"doc lgl:11: text source .*lgl\.jsonl not found"):
        evaluate_articles([moved], FakePipeline(PRED))  # its grandparent has no lgl/
    report = evaluate_articles([moved], FakePipeline(PRED), data)
    assert report["metrics"]["recall"] == 1.0 and list(report["files"]) == ["one.jsonl"]


def test_sha1_mismatch_names_the_doc(tmp_path: Path) -> None:
    _, one, _ = _data(tmp_path, sha_a="0" * 40)
    with pytest.raises(InputError, match=r"one\.jsonl:1: doc lgl:11: the text does not match"):
        evaluate_articles([one], FakePipeline(PRED))


def test_unknown_doc_and_bad_mentions(tmp_path: Path) -> None:
    data, one, _ = _data(tmp_path)
    bad = _write(data / "article_gold" / "bad.jsonl", [{"doc": "lgl:99", "events": []}])
    with pytest.raises(InputError, match=r"doc lgl:99: no record with docid '99'"):
        evaluate_articles([bad], FakePipeline({}))
    bad = _write(data / "article_gold" / "bad.jsonl", [{"doc": "acled:1", "events": []}])
    with pytest.raises(InputError, match=r"doc 'acled:1' is not one of"):
        evaluate_articles([bad], FakePipeline({}))
    rec = json.loads(one.read_text(encoding="utf-8"))
    rec["events"] = [_gold_event([[0, len(TEXT_A) + 5]], "ASSAULT")]
    bad = _write(data / "article_gold" / "bad.jsonl", [rec])
    with pytest.raises(InputError, match=r"doc lgl:11: mention \[0, \d+\] is outside the text"):
        evaluate_articles([bad], FakePipeline({}))


def _g(mentions: list[tuple[int, int]], plover: str = "ASSAULT") -> GoldEvent:
    return GoldEvent(
        tuple(mentions), plover, None, None, frozenset(), None, None, None, (False,) * 4
    )


def test_matching_rules() -> None:
    text = "Aaaa bbbb cccc. Dddd eeee ffff."
    gold = [_g([(5, 9)]), _g([(10, 14)]), _g([(21, 25)], "PROTEST")]
    first = _event(text, "ASSAULT", [5, 9], "bbbb")  # overlaps G0
    # overlaps G0 (taken), but its sentence holds G1 of the same type: it matches G1
    second = _event(text, "ASSAULT", [6, 8], "bbbb")
    third = _event(text, "ASSAULT", [0, 4], "Aaaa")  # both taken: a duplicate
    wrong_type = _event(text, "ASSAULT", [16, 20], "Dddd")  # G2 is a PROTEST: spurious
    assert match([first, second, third, wrong_type], gold) == [
        ("match", 0),
        ("match", 1),
        ("duplicate", 0),
        ("spurious", None),
    ]
    # an overlapping trigger matches whatever the types; an evidence 'mentions' key counts too
    by_mentions = _event(
        text, "COERCE", [0, 4], "Aaaa", extra_evidence=(("mentions", ((26, 30), (22, 24))),)
    )
    assert match([by_mentions], gold) == [("match", 2)]
    assert match([], gold) == [] and match([first], []) == [("spurious", None)]


def test_pair_checks_locations_without_coordinates() -> None:
    gold = GoldEvent(
        ((0, 4),), "ASSAULT", None, None, frozenset(), (1.0, 1.0, "MLI"), None, None, (False,) * 4
    )
    named_only = _event("Aaaa.", "ASSAULT", [0, 4], "Aaaa", place=(None, None, "MLI"))
    checks = pair_checks(gold, named_only)
    assert checks["location_25km_accuracy"] is False
    assert checks["location_country_accuracy"] is True
    assert "date_accuracy" not in checks  # no gold date: not scored


def test_cli_table_json_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, one, two = _data(tmp_path)
    monkeypatch.setattr(eval_cli, "_pipeline", lambda *a, **k: FakePipeline(PRED))
    runner = CliRunner()
    result = runner.invoke(eval_group, ["articles", str(one), str(two), "--json"])
    assert result.exit_code == 0, result.output
    shape = json.loads(result.stdout)
    assert list(shape) == ["dataset", "n_articles", "n_gold", "n_predicted", "metrics", "files"]
    assert shape["metrics"] == EXPECTED
    assert list(shape["files"]["two.jsonl"]) == ["n_articles", "n_gold", "n_predicted", "metrics"]

    result = runner.invoke(eval_group, ["articles", str(one), str(two), "--errors", "5"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "all_fields_accuracy" in out and "one.jsonl" in out and "two.jsonl" in out
    assert "unmatched gold events (first 5 of 1)" in out and "signed a deal" in out
    assert "spurious predicted events (first 5 of 1)" in out
    assert out.index("precision") < out.index("unmatched gold events")

    bad = tmp_path / "data" / "article_gold" / "bad.jsonl"
    rec = json.loads(one.read_text(encoding="utf-8"))
    rec["text_sha1"] = "f" * 40
    _write(bad, [rec])
    result = runner.invoke(eval_group, ["articles", str(bad)])
    assert result.exit_code == 1 and "doc lgl:11" in result.stderr


def test_table_has_no_file_columns_for_one_file(tmp_path: Path) -> None:
    _, one, _ = _data(tmp_path)
    table = format_table(evaluate_articles([one], FakePipeline(PRED)))
    header = table.splitlines()[2].split()
    assert header == ["all"]


def test_real_pipeline_on_our_story(tmp_path: Path, pipeline: Pipeline) -> None:
    text = "Soldiers clashed with rebels near Gao on Monday. Protesters marched in Bamako."
    data = tmp_path / "data"
    _write(data / "lgl" / "lgl.jsonl", [{"docid": "1", "text": text}])
    gold = [
        _gold_event([_at(text, "clashed")], "ASSAULT"),
        _gold_event([_at(text, "marched")], "PROTEST"),
    ]
    path = _write(
        data / "article_gold" / "ours.jsonl",
        [{"doc": "lgl:1", "published": "2021-03-03", "text_sha1": _sha1(text), "events": gold}],
    )
    report = evaluate_articles([path], pipeline)
    m = report["metrics"]
    assert report["n_gold"] == 2 and report["n_predicted"] >= 2
    assert m["recall"] == 1.0 and m["plover_accuracy"] == 1.0
    counts = report["files"]["ours.jsonl"]["counts"]
    assert counts["matched"] + counts["duplicates"] + counts["spurious"] == report["n_predicted"]


def test_gate_kind_articles(tmp_path: Path) -> None:
    from eventdesk.errors import EventdeskError
    from eventdesk.eval.gate import BASELINE, LOWER_IS_BETTER, load_baseline, run_gate

    data, _, two = _data(tmp_path)
    baseline = tmp_path / "baseline.json"
    files = ["article_gold/one.jsonl", "article_gold/two.jsonl"]
    spec = {"evaluations": {"art": {"kind": "articles", "files": files, "metrics": {}}}}
    baseline.write_text(json.dumps(spec), encoding="utf-8")
    fake: Any = FakePipeline(PRED)
    result = run_gate(data, baseline, update=True, pipeline=fake)
    assert result.passed
    bounds = load_baseline(baseline)["evaluations"]["art"]["metrics"]
    assert bounds["recall"] == {"min": 0.8} and bounds["f1"] == {"min": 0.727}
    assert bounds["duplicate_rate"] == {"max": 0.167}  # lower is better: a ceiling, rounded up
    assert {"duplicate_rate", "spurious_rate"} <= LOWER_IS_BETTER
    assert run_gate(data, baseline, pipeline=fake).passed

    two.unlink()  # one gold file missing: the evaluation is skipped, as the others are
    said: list[str] = []
    skipped = run_gate(data, baseline, pipeline=fake, say=said.append)
    assert skipped.passed and {r.status for r in skipped.rows} == {"skipped"}
    assert any("art: skipped" in s and "two.jsonl not found" in s for s in said)

    spec["evaluations"]["art"]["files"] = []
    baseline.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(EventdeskError, match="'files', a non-empty list"):
        load_baseline(baseline)
    packaged = load_baseline(BASELINE)["evaluations"]["articles"]
    assert packaged["kind"] == "articles" and len(packaged["files"]) == 2
