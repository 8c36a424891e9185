"""Evaluation commands, the PETRARCH dictionary reader and the gate, on tiny files written here.

No gold data is copied: every fixture below is written by these tests (fictional countries
Zembla and Florin). Scoring rules are tested with a fake pipeline that returns given events, so
they do not move when the extractor changes; a few tests run the real pipeline for the shapes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventdesk.errors import EventdeskError, LexiconError
from eventdesk.eval.cli import eval_group
from eventdesk.eval.gate import KINDS, compare, load_baseline, run_gate
from eventdesk.eval.location import evaluate_location, event_for_verb
from eventdesk.eval.petrarch import (
    actors_match,
    evaluate_petrarch,
    format_table,
    gold_actor,
    predicted_codings,
)
from eventdesk.pipeline import Pipeline
from eventdesk.records import Actor, Article, ArticleResult, Event, Span
from eventdesk.resolve.petrarch_dict import (
    PetrarchDictionaries,
    classify_code,
    load_petrarch_dictionaries,
)

ACTORS = """<!-- A test actor dictionary
# written for eventdesk's tests -->
ZEMBLA_ [ZEM]
+ZEMBLAN
FLORIN [FLO]  # a comment
+FLORINESE

KING_CHARLES
+CHARLES_XAVIER
\t[ZEMGOV <19990101]
\t[ZEMELI 19990101-20041231]
\t[ZEMREB >20050101]

FLORIN_ARMY [FLOMIL]
WORLD_LEAGUE [IGOWLG]
NOBODY [---]
TWINS [ZEMMIL/FLOMIL]
"""
AGENTS = """!PERSON! = MAN, WOMAN
MILITIA {} [~MIL]
SPOKES!PERSON! [~GOV]
RIGHTS_BODY [NGO~]
POLICE_CHIEF {POLICE_CHIEFS} [ ~COP]
"""


def _write_dicts(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    return folder


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _actor(code: str | None) -> Actor:
    return Actor(text="x", name="x", cameo=code)


def _event(
    cameo: str,
    a1: str | None = None,
    a2: str | None = None,
    negated: bool = False,
    trigger: tuple[int, int] = (0, 1),
    location: tuple[int, int] | None = None,
    confidence: float = 0.5,
) -> Event:
    evidence: list[tuple[str, tuple[int, int]]] = [("trigger", trigger)]
    if location is not None:
        evidence.append(("location", location))
    return Event(
        event_id="e",
        article_id="a",
        plover_type="ASSAULT",
        plover_mode=None,
        acled_event_type=None,
        acled_sub_event_type=None,
        cameo=cameo,
        actor1=_actor(a1) if a1 else None,
        actor2=_actor(a2) if a2 else None,
        location=None,
        date=None,
        time_precision=None,
        negated=negated,
        confidence=confidence,
        evidence=tuple(evidence),
    )


class FakePipeline:
    """Returns the events listed for each text, in order (duck-types Pipeline.process,
    .analyse and .locate; the 'doc' it hands out is the text itself)."""

    def __init__(
        self, events: dict[str, list[Event]], located: dict[str, Span] | None = None
    ) -> None:
        self.events = events
        self.located = located or {}

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            yield ArticleResult(article=a, events=tuple(self.events.get(a.text, [])))

    def analyse(self, articles: Iterable[Article]) -> Iterator[tuple[ArticleResult, str, list]]:
        for result in self.process(articles):
            yield result, result.article.text, []

    def locate(self, doc: str, places: list, span: Span) -> Span | None:
        return self.located.get(doc)


# --- PETRARCH dictionaries ------------------------------------------------------------------


def test_petrarch_dictionaries_entries(tmp_path: Path) -> None:
    groups, agents, words = load_petrarch_dictionaries(_write_dicts(tmp_path / "d"))
    by_code = {g.cameo: g for g in groups}
    assert by_code["ZEM"].aliases == ("ZEMBLA", "ZEMBLAN")
    assert (by_code["ZEM"].country, by_code["ZEM"].sector, by_code["ZEM"].inter) == (
        "ZEM",
        "GOV",
        1,
    )
    assert by_code["FLOMIL"].aliases == ("FLORIN ARMY",)
    assert (by_code["FLOMIL"].country, by_code["FLOMIL"].sector) == ("FLO", "MIL")
    assert (by_code["IGOWLG"].country, by_code["IGOWLG"].inter) == (None, 8)
    assert "---" not in by_code  # a "no actor" code gives no group
    assert by_code["ZEMMIL"].aliases == ("TWINS",)  # the first of ZEMMIL/FLOMIL
    # the undated lookup takes the last restricted code when there is no plain one
    assert next(g for g in groups if "KING CHARLES" in g.aliases).cameo == "ZEMREB"
    assert words == {"zembla": "ZEM", "zemblan": "ZEM", "florin": "FLO", "florinese": "FLO"}
    agent = {a.agent: a for a in agents}
    assert set(agent) == {
        "militia",
        "spokesman",
        "spokesmen",
        "spokeswoman",
        "spokeswomen",
        "rights body",
        "rights bodies",
        "police chief",
        "police chiefs",
    }
    assert (agent["militia"].cameo_sector, agent["militia"].sector, agent["militia"].inter) == (
        "MIL",
        "MIL",
        1,
    )
    assert agent["spokeswomen"].acled_name == "Government of {country}"
    assert agent["rights bodies"].cameo_sector == "NGO"
    assert agent["police chiefs"].sector == "COP"


def test_petrarch_date_restrictions(tmp_path: Path) -> None:
    dicts = PetrarchDictionaries.read(_write_dicts(tmp_path / "d"))

    def king(on: dt.date) -> str:
        groups, _, _ = dicts.entries(on)
        return next(g.cameo for g in groups if "KING CHARLES" in g.aliases)

    assert king(dt.date(1998, 12, 31)) == "ZEMGOV"
    assert king(dt.date(1999, 1, 1)) == "ZEMELI"
    assert king(dt.date(2004, 12, 31)) == "ZEMELI"
    assert king(dt.date(2005, 1, 1)) == "ZEMREB"
    assert dicts.variant(dt.date(1990, 1, 1)) == ("ZEMGOV",)
    assert dicts.variant(dt.date(1990, 1, 1)) == dicts.variant(dt.date(1995, 6, 1))


def test_classify_code() -> None:
    assert classify_code("ZEM") == ("ZEM", "GOV", 1)
    assert classify_code("ZEMREB") == ("ZEM", "REB", 2)
    assert classify_code("NGOXYZ") == (None, "NGO", 8)
    assert classify_code("IMGMOSXYZ") == (None, "REB", 2)


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("a.actors.txt", "ZEMBLA [ZEM\n", 1, "'[' is never closed"),
        ("a.actors.txt", "\n+ZEMBLAN\nZEMBLA [ZEM]\n", 2, "synonym '+ZEMBLAN' before any"),
        ("a.actors.txt", "ZEMBLA [ZEM]\nFLORIN\nLILLIPUT [LIL]\n", 2, "has no [CODE]"),
        ("a.actors.txt", "ZEMBLA [ZEM <19991340]\n", 1, "is not a date"),
        ("a.actors.txt", "ZEMBLA [ZEM after 1999]\n", 1, "date restriction"),
        ("a.actors.txt", "ZEMBLA [19990101-20000101]\n", 1, "does not start with an actor"),
        ("a.actors.txt", "ZEMBLA [ZEM] junk\n", 1, "unexpected text"),
        ("a.actors.txt", "<!-- never closed\nZEMBLA [ZEM]\n", None, "never closed"),
        ("a.agents.txt", "MILITIA [MIL]\n", 1, "'~CODE' (suffix) or 'CODE~'"),
        ("a.agents.txt", "SPOKES!PERSON! [~GOV]\n", 1, "!PERSON! is not defined"),
        ("a.agents.txt", "MILITIA {MILITIAS [~MIL]\n", 1, "malformed plural"),
    ],
)
def test_petrarch_malformed_lines(
    tmp_path: Path, name: str, text: str, line: int | None, message: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_petrarch_dictionaries(tmp_path)
    where = f"{tmp_path / name}:{line}:" if line else f"{tmp_path / name}:"
    assert str(err.value).startswith(where)
    assert message in str(err.value)


def test_petrarch_dictionary_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="does not exist"):
        load_petrarch_dictionaries(tmp_path / "missing")
    with pytest.raises(LexiconError, match="no PETRARCH dictionaries found"):
        load_petrarch_dictionaries(tmp_path)


# --- eval petrarch ----------------------------------------------------------------------------

PETR_RECORDS = [
    {
        "id": "T-1",
        "date": "20000105",
        "text": "Zembla attacked Florin.",
        "event_codings": [{"eventcode": "190", "sourcecode": "ZEM", "targetcode": "FLO"}],
    },
    {
        "id": "T-2",
        "date": "20000105",
        "text": "Florin soldiers met Zemblan envoys.",
        "event_codings": [
            {"eventcode": "040", "sourcecode": "FLOMIL", "targetcode": "ZEMGOV"},
            {"eventcode": "040", "sourcecode": "ZEMGOV", "targetcode": "FLOMIL"},
        ],
    },
    {
        "id": "T-3",
        "date": "20000105",
        "text": "The weather was fine.",
        "event_codings": [{"noevents": "True"}],
    },
    {"id": "T-4", "date": "20000105", "text": "Bad input.", "event_codings": [{"error": "x"}]},
    {
        "id": "T-5",
        "date": "20000105",
        "text": "Zembla did a private-code thing.",
        "event_codings": [{"eventcode": "903", "sourcecode": "ZEM", "targetcode": "FLO"}],
    },
]


def test_petrarch_scoring_rules(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "petr.jsonl", PETR_RECORDS)
    fake = FakePipeline(
        {
            # a country acting is ZEMGOV for eventdesk, ZEM for PETRARCH: equal
            "Zembla attacked Florin.": [_event("19", "ZEMGOV", "FLO")],
            "Florin soldiers met Zemblan envoys.": [
                _event("04", "FLOMIL", "ZEMGOV"),
                _event("04", "FLOMIL", "ZEMGOV"),  # duplicates count once
                _event("19", "FLOMIL", "ZEM", negated=True),  # negated: not coded
            ],
            "The weather was fine.": [
                _event("01", "ZEM", "FLO"),  # false positive
                _event("01", "ZEM"),  # no target: not a dyad, not a coding
            ],
        }
    )
    report = evaluate_petrarch(path, fake, None)  # type: ignore[arg-type]
    assert report["dataset"] == "petr.jsonl"
    assert report["n"] == 3 and report["skipped"] == 2
    m = report["metrics"]
    assert set(m) == {
        "precision",
        "recall",
        "f1",
        "root_accuracy",
        "country_f1",
        "noevents_accuracy",
    }
    # predicted 3 codings (1 + 1 + 1), gold 3, matched 2
    assert report["codings"] == {"gold": 3, "predicted": 3, "matched": 2}
    assert m["precision"] == pytest.approx(0.6667) and m["recall"] == pytest.approx(0.6667)
    assert m["f1"] == pytest.approx(0.6667)
    assert m["root_accuracy"] == 1.0
    assert m["noevents_accuracy"] == 0.0
    assert "precision" in format_table(report)


def test_petrarch_actor_rules() -> None:
    assert gold_actor("---") is None and gold_actor('"INJURY TOLL"') is None
    assert gold_actor(" zemgov ") == "ZEMGOV" and gold_actor(None) is None
    assert actors_match("ZEM", "ZEMGOV") and actors_match("ZEMGOV", "ZEM")
    assert actors_match(None, None) and actors_match("---GOV", "---GOV")
    assert not actors_match("ZEM", "ZEMMIL")
    assert not actors_match("ZEMGOV", "ZEMGOVFRM")
    assert not actors_match("ZEM", None) and not actors_match(None, "ZEM")
    codings = predicted_codings([_event("04", "---", "FLO"), _event("04", None, "FLO")])
    assert codings == [("04", None, "FLO")]
    assert predicted_codings([_event("04", "ZEM", None)]) == []  # no target, no dyad


def test_petrarch_with_dictionaries_real_pipeline(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _jsonl(tmp_path / "petr.jsonl", PETR_RECORDS[:3])
    report = evaluate_petrarch(path, pipeline, _write_dicts(tmp_path / "d"))
    assert report["n"] == 3
    assert all(v is None or 0.0 <= v <= 1.0 for v in report["metrics"].values())
    # the dictionary's actors reach the coder: a Zembla code is predicted for T-1
    assert report["codings"]["predicted"] >= 1


# --- eval location ----------------------------------------------------------------------------


def _loc_record(text: str, verb: str, locs: list[str], answer: str | None = "accept") -> dict:
    def span(word: str, label: str) -> dict[str, Any]:
        i = text.index(word)
        return {
            "start": 0,  # unreliable in the source: must not be used
            "end": 1,
            "label": label,
            "_char_start_from_tokens": i,
            "_char_end_from_tokens": i + len(word),
            "_text_from_tokens": word,
        }

    rec: dict[str, Any] = {
        "text": text,
        "spans": [span(verb, "VERB")] + [span(w, "LOCATION") for w in locs],
    }
    if answer is not None:
        rec["answer"] = answer
    return rec


LOC_TEXTS = [
    "Gunmen attacked a market in Onhava on Monday.",
    "Troops shelled the hills near Ardis, officials said in Onhava.",
    "Police arrested two men, officials said.",
    "Rebels burned a village in Ardis.",
]


def test_location_scoring_rules(tmp_path: Path) -> None:
    t0, t1, t2, t3 = LOC_TEXTS
    path = _jsonl(
        tmp_path / "loc.jsonl",
        [
            _loc_record(t0, "attacked", ["Onhava"]),
            _loc_record(t1, "shelled", ["Ardis"]),
            _loc_record(t2, "arrested", []),
            _loc_record(t3, "burned", ["Ardis"], answer="reject"),  # not scored
        ],
    )
    span = lambda text, word: (text.index(word), text.index(word) + len(word))  # noqa: E731
    fake = FakePipeline(
        {
            # trigger overlaps the verb, location right
            t0: [_event("18", trigger=span(t0, "attacked"), location=span(t0, "Onhava"))],
            # no trigger on the verb: the location stage is asked about the verb; wrong here
            t1: [
                _event("19", trigger=span(t1, "said"), location=span(t1, "Ardis")),
            ],
            t2: [_event("17", trigger=span(t2, "arrested"))],  # no gold, none predicted: right
        },
        located={t1: span(t1, "Onhava")},
    )
    report = evaluate_location(path, fake)  # type: ignore[arg-type]
    assert report["dataset"] == "loc.jsonl" and report["n"] == 3
    m = report["metrics"]
    assert set(m) == {
        "location_accuracy",
        "location_precision",
        "location_recall",
        "no_location_accuracy",
        "verb_found_rate",
    }
    assert m["location_accuracy"] == pytest.approx(0.6667)
    assert m["location_precision"] == 0.5 and m["location_recall"] == 0.5
    assert m["no_location_accuracy"] == 1.0
    assert m["verb_found_rate"] == pytest.approx(0.6667)


def test_event_for_verb() -> None:
    a = _event("18", trigger=(10, 15), confidence=0.4)
    b = _event("19", trigger=(12, 20), confidence=0.9)
    c = _event("04", trigger=(40, 45))
    assert event_for_verb([a, b, c], (10, 14)) == (a, True)  # most overlap wins
    assert event_for_verb([a, b, c], (22, 24)) == (b, False)  # nearest
    assert event_for_verb([], (0, 3)) == (None, False)


# --- CLI --------------------------------------------------------------------------------------

ACLED_FIELDS = ["event_date", "event_type", "sub_event_type", "inter1", "inter2", "iso3"]
ACLED_FIELDS += ["fatalities", "latitude", "longitude", "timestamp", "notes"]


def _acled_csv(path: Path) -> Path:
    rows = [
        ["3-May-20", "Protests", "Peaceful protest", "6", "0", "KEN", "0", "-1.28", "36.82",
         "1588636800", "On 3 May 2020, traders protested in Nairobi against market closures."],
        ["4-May-20", "Battles", "Armed clash", "1", "2", "MLI", "3", "14.49", "-4.19",
         "1588636800", "On 4 May 2020, soldiers clashed with militants near Mopti, killing 3."],
        ["5-May-20", "Strategic developments", "Arrests", "1", "7", "KEN", "0", "", "",
         "1588636800", "Arrests: On 5 May 2020, police arrested a journalist in Mombasa."],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ACLED_FIELDS)
        w.writerows(rows)
    return path


def _json_out(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"dataset", "n", "metrics"}
    return data


def test_cli_acled_json(tmp_path: Path) -> None:
    path = _acled_csv(tmp_path / "mini.csv")
    data = _json_out(CliRunner().invoke(eval_group, ["acled", str(path), "--json"]))
    assert data["dataset"] == "mini.csv" and data["n"] == 3
    assert {"event_type_accuracy", "no_event_rate", "fatalities_nonzero_accuracy"} <= set(
        data["metrics"]
    )
    data = _json_out(CliRunner().invoke(eval_group, ["acled", str(path), "--json", "--limit", "1"]))
    assert data["n"] == 1


def test_cli_acled_table(tmp_path: Path) -> None:
    path = _acled_csv(tmp_path / "mini.csv")
    result = CliRunner().invoke(eval_group, ["acled", str(path)])
    assert result.exit_code == 0, result.output
    assert "event_type_accuracy" in result.stdout and "confusion" in result.stdout
    assert "eval acled:" in result.stderr and "eval acled:" not in result.stdout


def test_cli_petrarch_and_location_json(tmp_path: Path) -> None:
    petr = _jsonl(tmp_path / "petr.jsonl", PETR_RECORDS)
    dicts = _write_dicts(tmp_path / "dicts")
    data = _json_out(
        CliRunner().invoke(
            eval_group, ["petrarch", str(petr), "--dictionaries", str(dicts), "--json"]
        )
    )
    assert data["n"] == 3 and {"precision", "recall", "f1", "root_accuracy"} <= set(data["metrics"])
    loc = _jsonl(tmp_path / "loc.jsonl", [_loc_record(LOC_TEXTS[0], "attacked", ["Onhava"])])
    data = _json_out(CliRunner().invoke(eval_group, ["location", str(loc), "--json"]))
    assert data["n"] == 1 and "location_accuracy" in data["metrics"]


def test_cli_geo_json(tmp_path: Path) -> None:
    text = "Floods hit Fargo on Monday."
    i = text.index("Fargo")
    rec = {
        "text": text,
        "toponyms": [
            {
                "start": i,
                "end": i + 5,
                "phrase": "Fargo",
                "gaztag": {"lat": "46.87719", "lon": "-96.7898", "geonameid": "5059163"},
            }
        ],
    }
    path = _jsonl(tmp_path / "lgl.jsonl", [rec])
    data = _json_out(
        CliRunner().invoke(eval_group, ["geo", str(path), "--format", "lgl", "--json"])
    )
    assert data["n"] == 1 and "acc_161km" in data["metrics"]


def test_cli_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    result = CliRunner().invoke(eval_group, ["petrarch", str(bad)])
    assert result.exit_code == 1
    assert f"Error: {bad}:1: not a PETRARCH unit-test record" in result.stderr
    result = CliRunner().invoke(eval_group, ["gate", "--lower-floors"])
    assert result.exit_code == 2
    assert "--lower-floors only works together with --update" in result.stderr
    result = CliRunner().invoke(eval_group, ["geo", str(bad)])
    assert result.exit_code == 2 and "--format" in result.stderr


# --- the gate ---------------------------------------------------------------------------------


def _baseline(metrics: dict[str, dict[str, float]]) -> dict[str, Any]:
    return {
        "tolerance": 0.0005,
        "evaluations": {"e": {"kind": "location", "file": "x.jsonl", "metrics": metrics}},
    }


def _report(**metrics: float | None) -> dict[str, Any]:
    return {"dataset": "x", "n": 1, "metrics": metrics}


def _status(rows: list[Any]) -> dict[str, str]:
    return {r.metric: r.status for r in rows}


def test_gate_compare_pass_fail_and_tolerance() -> None:
    base = _baseline({"acc": {"min": 0.5}, "err_km": {"max": 100.0}})
    rows, new = compare(base, {"e": _report(acc=0.4996, err_km=100.0004)})
    assert _status(rows) == {"acc": "ok", "err_km": "ok"} and new == base
    rows, _ = compare(base, {"e": _report(acc=0.499, err_km=99.0)})
    assert _status(rows) == {"acc": "FAIL", "err_km": "ok"}
    rows, _ = compare(base, {"e": _report(acc=0.6, err_km=100.1)})
    assert _status(rows) == {"acc": "ok", "err_km": "FAIL"}
    rows, _ = compare(base, {"e": _report(acc=None, err_km=1.0)})  # a metric that vanished
    assert _status(rows)["acc"] == "FAIL"
    rows, _ = compare(base, {"e": None})  # gold file missing
    assert set(_status(rows).values()) == {"skipped"}


def test_gate_update_raises_never_lowers() -> None:
    base = _baseline({"acc": {"min": 0.5}, "err_km": {"max": 100.0}, "rec": {"min": 0.7}})
    report = _report(acc=0.61239, err_km=80.01, rec=0.6, extra=0.3333, no_event_rate=0.0521)
    rows, new = compare(base, {"e": report}, update=True)
    bounds = new["evaluations"]["e"]["metrics"]
    assert bounds["acc"] == {"min": 0.612}  # rounded down
    assert bounds["err_km"] == {"max": 80.01}
    assert bounds["rec"] == {"min": 0.7}  # not lowered without lower=True
    assert bounds["extra"] == {"min": 0.333}  # new metrics get a bound
    assert bounds["no_event_rate"] == {"max": 0.053}  # lower is better: a ceiling, rounded up
    st = _status(rows)
    assert (st["acc"], st["err_km"], st["rec"], st["extra"]) == (
        "raised",
        "tightened",
        "FAIL",
        "added",
    )
    assert base["evaluations"]["e"]["metrics"]["acc"] == {"min": 0.5}  # input untouched
    rows, new = compare(base, {"e": report}, update=True, lower=True)
    assert new["evaluations"]["e"]["metrics"]["rec"] == {"min": 0.6}
    assert _status(rows)["rec"] == "loosened"
    rows, _ = compare(base, {"e": report})
    assert _status(rows)["extra"] == "new"


def test_run_gate_end_to_end(tmp_path: Path, pipeline: Pipeline) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _jsonl(data / "loc.jsonl", [_loc_record(LOC_TEXTS[0], "attacked", ["Onhava"])])
    _jsonl(data / "petr.jsonl", PETR_RECORDS[:3])
    _write_dicts(data / "dicts")
    baseline = tmp_path / "baseline.json"
    spec = {
        "tolerance": 0.0005,
        "evaluations": {
            "loc": {"kind": "location", "file": "loc.jsonl", "metrics": {}},
            "petr": {
                "kind": "petrarch",
                "file": "petr.jsonl",
                "dictionaries": "dicts",
                "metrics": {},
            },
            "gone": {"kind": "acled", "file": "missing.csv", "metrics": {"x": {"min": 0.9}}},
        },
    }
    baseline.write_text(json.dumps(spec), encoding="utf-8")
    result = run_gate(data, baseline, update=True, pipeline=pipeline)
    assert result.passed and result.written == baseline
    pinned = load_baseline(baseline)["evaluations"]
    assert "location_accuracy" in pinned["loc"]["metrics"] and "f1" in pinned["petr"]["metrics"]
    assert {r.status for r in result.rows if r.evaluation == "gone"} == {"skipped"}
    assert "bound" in result.table() and "PASSED" in result.table()

    again = run_gate(data, baseline, pipeline=pipeline)
    assert again.passed and again.written is None
    pinned["loc"]["metrics"]["location_accuracy"] = {"min": 1.5}  # impossible floor
    baseline.write_text(json.dumps({"evaluations": pinned}), encoding="utf-8")
    failed = run_gate(data, baseline, pipeline=pipeline)
    assert not failed.passed and "FAILED" in failed.table()
    with pytest.raises(EventdeskError, match="needs --update"):
        run_gate(data, baseline, lower=True, pipeline=pipeline)
    assert run_gate(data, baseline, update=True, lower=True, pipeline=pipeline).passed
    assert (
        load_baseline(baseline)["evaluations"]["loc"]["metrics"]["location_accuracy"]["min"] <= 1.0
    )


def test_gate_cli_fails_with_exit_code(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _jsonl(data / "loc.jsonl", [_loc_record(LOC_TEXTS[2], "arrested", [])])
    baseline = tmp_path / "b.json"
    baseline.write_text(
        json.dumps(_baseline({"location_accuracy": {"min": 1.5}})).replace("x.jsonl", "loc.jsonl"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        eval_group, ["gate", "--data", str(data), "--baseline", str(baseline)]
    )
    assert result.exit_code == 1
    assert "location_accuracy" in result.stdout and "FAIL" in result.stdout
    assert "gate: failed" in result.stderr


def test_packaged_baseline_is_valid() -> None:
    from eventdesk.eval.gate import BASELINE

    evals = load_baseline(BASELINE)["evaluations"]
    assert {spec["kind"] for spec in evals.values()} == set(KINDS)
    for spec in evals.values():
        for bound in spec["metrics"].values():
            (value,) = bound.values()
            assert round(value, 3) == value
