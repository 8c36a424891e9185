"""`eval rules`: each rule measured by switching it off, on a tiny ACLED-like file of ours.

The notes are written for these tests. Which rules exist and fire depends on the extractor,
so the assertions are generic: every rule that fired on some text gets a row, and a row's
overall deltas are exactly what two plain evaluations (rule on, rule off) give.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk import rules
from eventdesk.eval.acled import METRICS, article_for, evaluate_acled, load_texts
from eventdesk.eval.cli import eval_group
from eventdesk.eval.rule_effects import evaluate_rules, format_table
from eventdesk.pipeline import Pipeline

FIELDS = ["event_date", "event_type", "sub_event_type", "inter1", "inter2", "iso3"]
FIELDS += ["fatalities", "latitude", "longitude", "timestamp", "region", "notes"]
ROWS = [
    ["4-May-20", "Battles", "Armed clash", "1", "2", "MLI", "3", "14.49", "-4.19", "1588636800",
     "Western Africa",
     "On 4 May 2020, Malian soldiers clashed with militants near Mopti, killing 3 militants."],
    ["5-May-20", "Protests", "Protest with intervention", "6", "1", "KEN", "0", "-1.28",
     "36.82", "1588636800", "Eastern Africa",
     "On 5 May 2020, police fired tear gas at traders protesting in Nairobi against market "
     "closures."],
    ["6-May-20", "Explosions/Remote violence", "Shelling/artillery/missile attack", "2", "1",
     "UKR", "0", "48.14", "37.75", "1588636800", "Europe",
     "On 6 May 2020, separatist forces shelled Ukrainian positions near Avdiivka with mortars."],
    ["7-May-20", "Violence against civilians", "Attack", "3", "7", "MEX", "1", "28.41",
     "-106.87", "1588636800", "Central America",
     "Around 7 May 2020, in Cuauhtemoc, Chihuahua, gunmen shot dead a farmer. 1 fatality."],
    ["8-May-20", "Strategic developments", "Arrests", "1", "7", "KEN", "0", "", "",
     "1588636800", "",
     "Arrests: On 8 May 2020, police arrested a journalist in Mombasa."],
]  # fmt: skip


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        w.writerows(ROWS)
    return path


def _fired(pipeline: Pipeline, path: Path) -> dict[str, int]:
    """How many texts each rule fires on, counted directly."""
    texts = load_texts(path)
    fired: dict[str, int] = {}
    for key in texts:
        with rules.counting() as counts:
            pipeline.process_one(article_for(key))
        for name in counts:
            fired[name] = fired.get(name, 0) + 1
    return fired


def test_eval_rules_rows_for_fired_rules(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _csv(tmp_path / "mini.csv")
    report = evaluate_rules(path, pipeline)
    assert pipeline.rules_off == frozenset()  # restored
    assert report["n"] == 5 and report["texts"] == 5
    fired = _fired(pipeline, path)
    base = {n for n, r in rules.registry().items() if r.base}
    assert {e["rule"]: e["fired"] for e in report["rules"]} == {
        n: k for n, k in fired.items() if n not in base
    }
    assert set(report["base"]) == base
    if rules.registry():
        assert report["rules"], "rules are registered but none fired on five event notes"
    assert set(report["summary"]) == {
        "rules",
        "help_every_region",
        "help_one_region",
        "hurt_somewhere",
        "change_nothing",
    }
    assert report["summary"]["rules"] == len(report["rules"])
    assert report["metrics"] == evaluate_acled(path, pipeline)["metrics"]
    for effect in report["rules"]:
        assert set(effect["regions"]) <= {
            "Western Africa",
            "Eastern Africa",
            "Europe",
            "Central America",
            "(none)",
        }
        assert set(effect["helps"]) == set(effect["hurts"]) == set(METRICS)
    table = format_table(report)
    assert "summary:" in table
    for effect in report["rules"]:
        assert effect["rule"] in table


def test_eval_rules_deltas_match_plain_evaluations(tmp_path: Path, pipeline: Pipeline) -> None:
    """on - off per rule equals evaluate_acled with the rule on minus with it off."""
    path = _csv(tmp_path / "mini.csv")
    report = evaluate_rules(path, pipeline)
    on = evaluate_acled(path, pipeline)["metrics"]
    changed = [e for e in report["rules"] if e["changes"]] or report["rules"]
    for effect in changed[:4]:
        pipeline.rules_off = frozenset({effect["rule"]})
        try:
            off = evaluate_acled(path, pipeline)["metrics"]
        finally:
            pipeline.rules_off = frozenset()
        for m, delta in effect["overall"].items():
            assert delta == pytest.approx((on[m] or 0) - (off[m] or 0), abs=2e-4), (
                effect["rule"],
                m,
            )


def test_eval_rules_only_and_limit(tmp_path: Path, pipeline: Pipeline) -> None:
    path = _csv(tmp_path / "mini.csv")
    full = evaluate_rules(path, pipeline)
    if not full["rules"]:
        pytest.skip("no rule fired")
    first = full["rules"][0]["rule"]
    report = evaluate_rules(path, pipeline, only=frozenset({first}), limit=2)
    assert report["n"] == 2
    assert [e["rule"] for e in report["rules"]] in ([first], [])


def test_cli_eval_rules_json_and_errors(tmp_path: Path) -> None:
    path = _csv(tmp_path / "mini.csv")
    result = CliRunner().invoke(eval_group, ["rules", str(path), "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"rules", "summary", "metrics", "n"} <= set(data) and data["n"] == 2
    result = CliRunner().invoke(eval_group, ["rules", str(path), "--rules", "no_such.rule"])
    assert result.exit_code == 2
    assert "unknown rule 'no_such.rule'" in result.stderr
