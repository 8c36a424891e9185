"""`eval acled --by-region`, the keyword baseline and --rules-off on eval commands.

Every note below is written for these tests (no gold data is copied). Scoring per region is
checked with a fake pipeline that returns given events, so it does not move when the
extractor changes; the CLI tests run the real pipeline for the shapes only.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk.errors import LexiconError
from eventdesk.eval.acled import evaluate_acled, format_regions
from eventdesk.eval.cli import eval_group
from eventdesk.eval.keywords import KeywordBaseline, packaged, parse
from eventdesk.records import Article, ArticleResult, Event

FIELDS = ["event_date", "event_type", "sub_event_type", "inter1", "inter2", "iso3"]
FIELDS += ["fatalities", "latitude", "longitude", "timestamp", "region", "notes"]

NOTES = {
    "clash": "On 4 May 2020, soldiers clashed with rebels near Kidal, killing 2 fighters.",
    "protest": "On 5 May 2020, nurses protested in Nairobi over unpaid wages.",
    "shelling": "On 6 May 2020, artillery shells hit the outskirts of Avdiivka.",
    "quiet": "On 7 May 2020, the harvest festival in Lviv went ahead as planned.",
}


def _rows() -> list[list[str]]:
    return [
        ["4-May-20", "Battles", "Armed clash", "1", "2", "MLI", "2", "", "", "1588636800",
         "Western Africa", NOTES["clash"]],
        ["5-May-20", "Protests", "Peaceful protest", "6", "0", "KEN", "0", "", "", "1588636800",
         "Eastern Africa", NOTES["protest"]],
        ["6-May-20", "Explosions/Remote violence", "Shelling/artillery/missile attack", "2", "1",
         "UKR", "0", "", "", "1588636800", "Europe", NOTES["shelling"]],
        ["7-May-20", "Protests", "Peaceful protest", "6", "0", "UKR", "0", "", "", "1588636800",
         "Europe", NOTES["quiet"]],
        ["7-May-20", "Riots", "Mob violence", "5", "7", "UKR", "0", "", "", "1588636800",
         "", "Rioters threw stones at a shop in Lviv."],
    ]  # fmt: skip


def _csv(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FIELDS)
        w.writerows(_rows())
    return path


def _event(etype: str, sub: str) -> Event:
    return Event(
        event_id="e",
        article_id="a",
        plover_type="ASSAULT",
        plover_mode=None,
        acled_event_type=etype,
        acled_sub_event_type=sub,
        cameo="19",
        actor1=None,
        actor2=None,
        location=None,
        date=None,
        time_precision=None,
    )


class FakePipeline:
    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def process(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        for a in articles:
            yield ArticleResult(article=a, events=tuple(self.events.get(a.text, [])))


# --- the keyword baseline -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Soldiers and rebels clashed near the river crossing.", ("Battles", "Armed clash")),
        (
            "Artillery shells hit the outskirts of the town overnight.",
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "Hundreds of nurses protested outside the ministry over unpaid wages.",
            ("Protests", "Peaceful protest"),
        ),
        (
            "Police fired tear gas at students protesting against fees.",
            ("Protests", "Protest with intervention"),
        ),
        ("Rioters threw stones at shops.", ("Riots", "Violent demonstration")),
        (
            "Gunmen abducted a village chief on his farm.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            "Kidnappers seized two traders on the highway.",
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            "A ROADSIDE BOMB exploded under a minibus.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "The two parties signed a peace agreement in the capital.",
            ("Strategic developments", "Agreement"),
        ),
        ("The weather was fine and the market was busy.", None),
        ("The graduates celebrated gradually.", None),  # 'grad' is a whole word only
    ],
)
def test_keyword_baseline_codes_our_sentences(note: str, expected: tuple[str, str] | None) -> None:
    assert packaged().code(note) == expected


def test_keyword_baseline_priority_and_ties() -> None:
    kb = KeywordBaseline(
        parse(
            "# keyword\tevent_type\tsub_event_type\tpriority\n"
            "attack*\tA\ta\t10\n"
            "bomb*\tB\tb\t20\n"
            "march\tC\tc\t10\n",
            "test",
        )
    )
    assert kb.code("They attacked with bombs.") == ("B", "b")  # highest priority
    assert kb.code("A march, then an attack.") == ("C", "c")  # tie: first in the note
    assert kb.code("They marched.") is None  # no '*': whole word only


def test_keyword_baseline_bad_line() -> None:
    with pytest.raises(LexiconError, match=r"kw.tsv:2: expected keyword"):
        parse("# header\nbomb\tB\n", "kw.tsv")


def test_packaged_baseline_covers_every_sub_event_type() -> None:
    pairs = {(k.event_type, k.sub_event_type) for k in packaged().keywords}
    assert len({e for e, _ in pairs}) == 6
    assert len(pairs) == 25


# --- by region ------------------------------------------------------------------------------


def test_by_region_scores_with_fake_pipeline(tmp_path: Path) -> None:
    path = _csv(tmp_path / "regions.csv")
    fake = FakePipeline(
        {
            NOTES["clash"]: [_event("Battles", "Armed clash")],
            NOTES["protest"]: [_event("Riots", "Violent demonstration")],
            NOTES["shelling"]: [
                _event("Explosions/Remote violence", "Shelling/artillery/missile attack")
            ],
        }
    )
    report = evaluate_acled(path, fake, by_region=True)  # type: ignore[arg-type]
    regions = report["regions"]
    assert list(regions) == ["Eastern Africa", "Europe", "Western Africa", "(none)"]
    assert regions["Western Africa"]["n"] == 1
    assert regions["Western Africa"]["metrics"]["event_type_accuracy"] == 1.0
    assert regions["Eastern Africa"]["metrics"]["event_type_accuracy"] == 0.0
    assert regions["Europe"]["n"] == 2
    assert regions["Europe"]["metrics"]["event_type_accuracy"] == 0.5
    assert regions["Europe"]["metrics"]["no_event_rate"] == 0.5
    assert regions["(none)"]["metrics"]["no_event_rate"] == 1.0
    # the keyword baseline beside ours: the protest note is a protest, the quiet one nothing
    assert regions["Eastern Africa"]["baseline"] == {
        "event_type_accuracy": 1.0,
        "sub_event_type_accuracy": 1.0,
    }
    assert regions["Europe"]["baseline"]["event_type_accuracy"] == 0.5
    assert regions["(none)"]["baseline"]["event_type_accuracy"] == 1.0  # riots, ...
    assert regions["(none)"]["baseline"]["sub_event_type_accuracy"] == 0.0  # ... not mob
    assert report["baseline"]["event_type_accuracy"] == 0.8
    # the overall figures are the plain evaluation's
    plain = evaluate_acled(path, fake)  # type: ignore[arg-type]
    assert plain["metrics"] == report["metrics"] and "regions" not in plain
    table = format_regions(report)
    for name in [*regions, "(all)", "kw_event", "kw_sub"]:
        assert name in table


def test_cli_by_region_table_and_json(tmp_path: Path) -> None:
    path = _csv(tmp_path / "regions.csv")
    result = CliRunner().invoke(eval_group, ["acled", str(path), "--by-region"])
    assert result.exit_code == 0, result.output
    for name in ["Eastern Africa", "Europe", "Western Africa", "(none)", "(all)", "kw_event"]:
        assert name in result.stdout
    result = CliRunner().invoke(eval_group, ["acled", str(path), "--by-region", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"dataset", "n", "metrics", "baseline", "regions"}
    assert set(data["regions"]) == {"Eastern Africa", "Europe", "Western Africa", "(none)"}
    for region in data["regions"].values():
        assert set(region) == {"n", "metrics", "baseline"}
        assert set(region["baseline"]) == {"event_type_accuracy", "sub_event_type_accuracy"}
    assert sum(r["n"] for r in data["regions"].values()) == data["n"] == 5


# --- --rules-off / --rules-only -------------------------------------------------------------


@pytest.mark.parametrize("command", ["acled", "rules", "petrarch", "geo", "location", "gate"])
def test_bad_rule_name_is_a_usage_error(tmp_path: Path, command: str) -> None:
    path = _csv(tmp_path / "regions.csv")
    args = [command] if command == "gate" else [command, str(path)]
    if command == "geo":
        args += ["--format", "lgl"]
    result = CliRunner().invoke(eval_group, [*args, "--rules-off", "no_such.rule"])
    assert result.exit_code == 2, result.output
    assert "unknown rule 'no_such.rule'" in result.stderr
    result = CliRunner().invoke(eval_group, [*args, "--rules-only", "no_such_stage"])
    assert result.exit_code == 2, result.output
    assert "unknown stage(s) no_such_stage" in result.stderr


def test_gate_update_refuses_rules_off() -> None:
    from eventdesk import rules

    some = next((n for n, r in rules.registry().items() if not r.base), None)
    if some is None:
        pytest.skip("no rule registered")
    result = CliRunner().invoke(eval_group, ["gate", "--update", "--rules-off", some])
    assert result.exit_code == 2
    assert "--update cannot be combined with --rules-off" in result.stderr
