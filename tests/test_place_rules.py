"""The named place rules (resolve/place_rules.py): each is registered with a description and
examples of ours, and each example resolves as it says with the rule on and, where it says,
otherwise with the rule off; every resolved place lists the rules that decided it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from eventdesk import rules
from eventdesk.pipeline import Pipeline
from eventdesk.records import Place
from eventdesk.resolve import place_rules
from eventdesk.resolve.places import PlaceResolver


def _place_rules() -> list[rules.Rule]:
    return [r for r in rules.registry().values() if r.stage == "place"]


def _examples() -> list[Any]:
    return [
        pytest.param(r.name, i, ex, id=f"{r.name}-{i}")
        for r in _place_rules()
        for i, ex in enumerate(r.examples)
    ]


def _places(pipeline: Pipeline, text: str, off: frozenset[str] = frozenset()) -> list[Place]:
    """The places of ``text`` as the pipeline finds them (its place step, which reads the
    switches of the running block), with the rules in ``off`` switched off."""
    doc = pipeline.nlp.nlp(text)
    with rules.using(off=off):
        return [m.place for m in Pipeline._places(doc, pipeline.stages)]


def _parse(value: str | None) -> tuple[str, list[str]]:
    """ "TEXT -> ISO3/feature/admin1" -> (TEXT, parts); parts may be ["none"], ["unlocated"]."""
    assert value is not None and " -> " in value, value
    text, _, want = value.partition(" -> ")
    return text, want.split("/")


def _check(places: list[Place], value: str | None, every: bool = True) -> list[Place]:
    """Assert the places whose text is the example's name are as ``value`` says (``every``
    one, else one at least); return them."""
    text, want = _parse(value)
    found = [p for p in places if p.text == text]
    shown = [(p.text, p.country, p.feature, p.admin1) for p in places]
    if want == ["none"]:
        assert not found, (value, shown)
        return found

    def ok(p: Place) -> bool:
        if want == ["unlocated"]:
            return p.country is None and p.lat is None
        return [p.country, p.feature, p.admin1][: len(want)] == want

    assert found and (all if every else any)(ok(p) for p in found), (value, shown)
    return found


def test_every_place_rule_is_registered_with_a_description_and_an_example() -> None:
    found = _place_rules()
    names = [r.name for r in found]
    assert len(names) == len(set(names)) >= 15
    constants = {v for k, v in vars(place_rules).items() if k.isupper() and isinstance(v, str)}
    assert constants == set(names)  # every name the code applies is registered, and no more
    for r in found:
        assert r.name.startswith("place.") and r.fields == ("place",), r.name
        assert len(r.description) > 20, r.name
        assert 1 <= len(r.examples) <= 2, r.name
        for ex in r.examples:
            assert [k for k, _ in ex.expect] == ["place"], r.name
            _parse(dict(ex.expect)["place"])
            if ex.without:
                assert _parse(dict(ex.without)["place"]) != _parse(dict(ex.expect)["place"])
    # the recognition rules come first, in the order the resolver applies them
    assert names[: len(place_rules.RECOGNITION_RULES)] == list(place_rules.RECOGNITION_RULES)


@pytest.mark.parametrize(("name", "i", "example"), _examples())
def test_place_rule_example(pipeline: Pipeline, name: str, i: int, example: rules.Example) -> None:
    expect = dict(example.expect)["place"]
    with rules.counting() as counts:
        on = _check(_places(pipeline, example.text), expect)
    assert counts[name] > 0, f"{name} did not fire on {example.text!r}"
    if on and _parse(expect)[1] != ["unlocated"]:
        # a resolved place names the rules that decided it, this one among them
        assert any(name in p.decided_by for p in on), [p.decided_by for p in on]
    if example.without:
        with rules.counting() as counts:
            off = _places(pipeline, example.text, frozenset({name}))
        assert counts[name] == 0
        _check(off, dict(example.without)["place"], every=False)
        assert all(name not in p.decided_by for p in off)


def test_every_resolved_place_has_the_base_rule(pipeline: Pipeline) -> None:
    text = "Police in Atlanta and Savannah said Georgia roads were closed, and Syrian envoys met."
    places = [p for p in _places(pipeline, text) if p.geonameid is not None]
    assert len(places) == 4
    for p in places:
        assert place_rules.GAZETTEER_BEST_SCORE in p.decided_by, p
        assert p.decided_by[0] in place_rules.RECOGNITION_RULES, p  # how it was found first
    georgia = next(p for p in places if p.text == "Georgia")
    assert place_rules.KIND_OF_OTHER_PLACES not in georgia.decided_by
    assert place_rules.COUNTRY_OF_DOCUMENT in georgia.decided_by


def test_decided_by_is_no_part_of_a_place(pipeline: Pipeline) -> None:
    (paris,) = _places(pipeline, "The talks were held in Paris on Monday.")
    assert paris.decided_by and "decided_by" not in paris.to_dict()
    assert replace(paris, decided_by=()) == paris  # not compared


def test_a_switched_off_stop_name_is_counted_when_it_fires(pipeline: Pipeline) -> None:
    text = "The bill was discussed in Congress on Monday."
    with rules.counting() as counts:
        _places(pipeline, text)
    assert counts[place_rules.STOP_NAMES] >= 1
    with rules.counting() as counts:
        _places(pipeline, text, frozenset({place_rules.STOP_NAMES}))
    assert counts[place_rules.STOP_NAMES] == 0


def test_resolve_without_recognition_still_names_the_decision(resolver: PlaceResolver) -> None:
    # spans given by hand (as the geo evaluation does): no recognition rules, the decision ones
    text = "Shops stayed shut in Aleppo on Saturday."
    start = text.index("Aleppo")
    (aleppo,) = resolver.resolve(text, [(start, start + len("Aleppo"))])
    assert aleppo is not None and aleppo.feature == "city"
    assert not set(aleppo.decided_by) & set(place_rules.RECOGNITION_RULES)
    assert place_rules.GAZETTEER_BEST_SCORE in aleppo.decided_by
    assert place_rules.CITY_OVER_REGION in aleppo.decided_by
