"""The rule registry: every rule named, described and exemplified; switches; the trace."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventdesk import rules
from eventdesk.cli import main
from eventdesk.errors import RuleError
from eventdesk.explain import _SHOWN, explain, field_value, set_fields
from eventdesk.extract.typing import TYPING_RULES
from eventdesk.extract.typing_base import RULES as TYPING_FUNCTIONS
from eventdesk.pipeline import Pipeline
from eventdesk.records import Article, ArticleResult

# rules whose examples need data the packaged lexicon does not carry
NEEDS_DICTIONARY = {
    "typing.verb_pattern": "a PETRARCH verb dictionary (tests/test_petrarch_verbs.py)",
    "events.dictionary_codings": "a PETRARCH verb dictionary (tests/test_petrarch_verbs.py)",
}
EVENT_FIELDS = {k for k, _ in _SHOWN}
ALL = rules.registry()


def _run(pipeline: Pipeline, example: rules.Example, off: frozenset[str]) -> ArticleResult:
    article = Article(text=example.text, published=example.published)
    with rules.using(off | frozenset(example.off)):
        return pipeline.process_doc(pipeline.nlp.nlp(example.text), article)


def _matches(result: ArticleResult, expect: tuple[tuple[str, str | None], ...], name: str) -> bool:
    """Some event of ``result`` (one the rule decided, when it decided any) shows every
    expected value (a case-insensitive part of the field as --explain shows it)."""
    decided = [e for e in result.events if any(name in n for _, n in e.decided_by)]
    for event in decided or list(result.events):
        values = {k: field_value(event, k) for k, _ in expect if k in EVENT_FIELDS}
        if all(
            (want is None and values[k] is None)
            or (want is not None and want.lower() in str(values[k]).lower())
            for k, want in expect
            if k in EVENT_FIELDS
        ):
            return True
    return False


def test_every_rule_is_described_and_staged() -> None:
    assert len(ALL) >= 60
    for rule in ALL.values():
        assert rule.name.startswith(rule.stage + "."), rule.name
        assert len(rule.description) > 30, rule.name
        assert rule.fields and set(rule.fields) <= rules.FIELDS, rule.name
        if rule.name not in NEEDS_DICTIONARY:
            assert rule.examples, f"{rule.name} has no example"


def test_typing_order_lists_every_typing_rule_once() -> None:
    listed = [n for step in TYPING_RULES for n in step]
    assert len(listed) == len(set(listed))
    assert set(listed) == set(TYPING_FUNCTIONS)


def test_switches_reject_unknown_names_and_base_rules() -> None:
    with pytest.raises(RuleError, match=r"unknown rule 'typing\.riot_sign'.*typing\.riot_signs"):
        rules.resolve_switches(["typing.riot_sign"])
    with pytest.raises(RuleError, match="base decision"):
        rules.resolve_switches(["typing.lexicon_trigger"])
    with pytest.raises(RuleError, match="unknown stage"):
        rules.resolve_switches(only_stages=["nonsense"])
    off = rules.resolve_switches(["typing.riot_signs,flags.modal"])
    assert off == {"typing.riot_signs", "flags.modal"}
    whole = rules.resolve_switches(["flags"])
    assert whole == {r.name for r in ALL.values() if r.stage == "flags"}
    only = rules.resolve_switches(only_stages=["typing"])
    assert "flags.modal" in only and "typing.riot_signs" not in only
    assert not any(ALL[n].base for n in only)


def test_switch_and_trace_are_scoped_to_the_block() -> None:
    assert rules.on("typing.riot_signs")
    with rules.using(frozenset({"typing.riot_signs"})):
        assert not rules.on("typing.riot_signs")
        assert not rules.apply("typing.riot_signs", "acled")
    assert rules.on("typing.riot_signs")
    with rules.tracing() as trace, rules.counting() as counts:
        assert rules.apply("flags.modal", "hypothetical")
        rules.fired("flags.modal", "hypothetical")
    assert trace.for_field("hypothetical") == ("flags.modal",)
    assert counts["flags.modal"] == 2
    rules.fired("flags.modal", "hypothetical")  # no trace open: nothing recorded, no error


CASES = [
    pytest.param(rule.name, i, id=f"{rule.name}-{i}")
    for rule in ALL.values()
    for i in range(len(rule.examples))
]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_rule_fires_on_its_own_example(pipeline: Pipeline, name: str, index: int) -> None:
    """Each rule's example makes it fire and shows what it decides; with the rule switched
    off it does not fire, and the value it set changes (or becomes ``without``)."""
    rule = ALL[name]
    example = rule.examples[index]
    with rules.counting() as counts:
        result = _run(pipeline, example, frozenset())
    assert counts[name] > 0, f"{name} did not fire on {example.text!r}"
    if example.expect:
        assert _matches(result, example.expect, name), (name, explain(result))
    if rule.base:
        return
    with rules.counting() as counts:
        without = _run(pipeline, example, frozenset({name}))
    assert counts[name] == 0
    if example.without:
        assert _matches(without, example.without, name), (name, explain(without))


def test_every_typing_rule_decides_its_example(pipeline: Pipeline) -> None:
    """A typing rule that fires on its example decides something there: switched off, the
    example's type is another, or another rule now decides it (a later rule that covers the
    same case: what `eventdesk eval rules` reports as a rule that changes nothing)."""

    def types(result: ArticleResult) -> list[tuple[object, object]]:
        return [(field_value(e, "acled"), field_value(e, "plover")) for e in result.events]

    def deciders(result: ArticleResult) -> set[str]:
        return {n for e in result.events for k, ns in e.decided_by if k == "acled" for n in ns}

    for name in TYPING_FUNCTIONS:
        example = ALL[name].examples[0]
        on = _run(pipeline, example, frozenset())
        off = _run(pipeline, example, frozenset({name}))
        assert types(on) != types(off) or deciders(off) - deciders(on), name


def test_no_field_is_set_without_a_recorded_decision(
    example_results: list[ArticleResult],
) -> None:
    """Every value an event of the bundled examples carries names the rule that set it."""
    seen = 0
    for result in example_results:
        for event in result.events:
            decided = dict(event.decided_by)
            for key in set_fields(event):
                assert decided.get(key), (key, event.event_id, result.article.title)
                assert all(n in ALL for n in decided[key])
                seen += 1
    assert seen > 500


def test_decided_by_is_in_the_contract(example_results: list[ArticleResult]) -> None:
    event = next(e for r in example_results for e in r.events)
    doc = event.to_dict()
    assert doc["decided_by"]["plover"][0] == "typing.lexicon_trigger"
    assert doc["decided_by"] == {k: list(v) for k, v in event.decided_by}
    # decided_by does not take part in equality: the trace never changes what an event is
    assert replace(event, decided_by=()) == event


def test_explain_shows_values_evidence_and_rules(pipeline: Pipeline) -> None:
    text = "Gunmen attacked the village of Ombarin on Monday, killing three farmers."
    result = pipeline.process_one(Article(text=text, published="2024-03-13"))
    out = explain(result)
    assert "Violence against civilians/Attack" in out
    assert "decided by: typing.lexicon_trigger (base)" in out
    start = text.index("three")
    assert f'fatalities     3  "three" [{start}:{start + 5}]' in out
    assert "decided by: typing.lexicon_trigger (base), typing.clash_on_civilians" in out
    assert "(no recorded decision)" not in out


# --- the command line ------------------------------------------------------------------

STORY = """---
title: Clash near Ombarin
published: 2024-03-13
---

Soldiers exchanged fire with a suspect in Ombarin on Monday, killing him, police said.
Traders demonstrated against the arrest of two vendors in Ombarin.
"""


def _story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_extract_explain_prints_values_evidence_and_rules(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["extract", str(_story(tmp_path)), "--explain", "-q"])
    assert out.exit_code == 0, out.output
    assert "Clash near Ombarin: " in out.output
    assert "decided by: typing.lexicon_trigger (base)" in out.output
    assert '"Monday"' in out.output and "dates.sentence_date (base)" in out.output


def test_extract_rules_off_changes_output_and_bad_names_are_usage_errors(
    tmp_path: Path,
) -> None:
    story = str(_story(tmp_path))
    runner = CliRunner()
    on = json.loads(runner.invoke(main, ["extract", story, "-q"]).output)
    off = json.loads(
        runner.invoke(main, ["extract", story, "-q", "--rules-off", "events.protest_apart"]).output
    )
    assert len(off["events"]) < len(on["events"])  # the protest and the arrest stay one group
    bad = runner.invoke(main, ["extract", story, "-q", "--rules-off", "typing.riot_sign"])
    assert bad.exit_code == 2
    assert "unknown rule 'typing.riot_sign'" in bad.output and "typing.riot_signs" in bad.output
    base = runner.invoke(main, ["extract", story, "-q", "--rules-off", "typing.lexicon_trigger"])
    assert base.exit_code == 2 and "base decision" in base.output


def test_rules_command_lists_and_counts(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["rules", "--stage", "typing"])
    assert listed.exit_code == 0
    lines = [line.split()[0] for line in listed.output.splitlines()[1:] if line[:1].isalpha()]
    assert lines[0] == "typing.lexicon_trigger" and "typing.riot_signs" in lines
    counted = runner.invoke(main, ["rules", str(_story(tmp_path)), "--json"])
    assert counted.exit_code == 0, counted.output
    by_name = {r["name"]: r for r in json.loads(counted.output)}
    assert by_name["events.protest_apart"]["fired"] == 1
    assert by_name["typing.lexicon_trigger"]["fired"] >= 2
    assert runner.invoke(main, ["rules", "--stage", "nope"]).exit_code == 2
