"""One event per happening: retellings across a whole article merged (extract/coref.py).

Every story here is ours: a headline or lead, the same happening told again later, and a
happening of the same kind that is another one (another day, another town, other people).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventdesk import rules
from eventdesk.explain import explain
from eventdesk.extract.coref import (
    ANAPHOR,
    COREF_RULES,
    LEAD_RETOLD,
    RETOLD,
    _actors_agree,
    _dates_agree,
    _places_agree,
)
from eventdesk.extract.coref_operation import ONE_OPERATION
from eventdesk.pipeline import Pipeline
from eventdesk.records import Actor, Article, ArticleResult, Event, Place

ALL_OFF = frozenset(COREF_RULES)

BUS_ATTACK = """Gunmen attacked a bus near Gao on Monday, killing four passengers, a local \
official said.

The attack was the deadliest on the road this year, the official said. Drivers said the \
road had been closed for most of the day.

On Wednesday, gunmen attacked a police post in Kidal, killing two officers."""

RAIDS = """Police arrest 14 in Gao raids.

Police arrested 14 people in Gao on Saturday during raids on several houses, a police \
spokesman said.

Officers seized three rifles and a quantity of ammunition in the raids, the spokesman said.

Residents of Gao told reporters that police arrested the men on Saturday after a tip-off \
from a shopkeeper.

In Kidal, soldiers arrested two traders on Sunday on suspicion of smuggling fuel."""

MARKET_KILLING = """Two traders shot dead.

Gunmen shot dead two traders at a cattle market in Gao on Monday, a municipal official said.

The official said the gunmen fled on motorcycles towards the river. Police have opened an \
investigation.

A week earlier, gunmen shot dead a herder near Menaka."""

BORDER_PACT = """The interior ministers of Mali and Niger agreed in Bamako on Tuesday to run \
joint patrols along their common border, the Malian government said.

Under the agreement, police of both countries may cross the border in pursuit of smugglers, \
the government said in a statement.

Separately, Mali's foreign minister held talks with his Algerian counterpart in Algiers on \
Wednesday."""


def _run(pipeline: Pipeline, text: str, off: frozenset[str] = frozenset()) -> ArticleResult:
    article = Article(text=text, published="2024-03-13")
    with rules.using(off):
        return pipeline.process_doc(pipeline.nlp.nlp(text), article)


def _said(text: str, event: Event) -> list[str]:
    return [text[s:e] for s, e in event.mentions()]


def _merged_by(event: Event) -> set[str]:
    return {n for k, names in event.decided_by if k == "event" for n in names} & ALL_OFF


def _of_kind(result: ArticleResult, plover: str) -> list[Event]:
    return [e for e in result.events if e.plover_type == plover]


def test_the_attack_told_again_is_one_event_and_another_day_another(pipeline: Pipeline) -> None:
    result = _run(pipeline, BUS_ATTACK)
    attacks = _of_kind(result, "ASSAULT")
    assert len(attacks) == 2
    bus, post = attacks
    assert _said(BUS_ATTACK, bus) == ["attacked", "attack"]
    assert ANAPHOR in _merged_by(bus)
    assert bus.fatalities == 4 and bus.location is not None and bus.location.name == "Gao"
    # the Kidal attack, two days later in another town, stays its own event
    assert post.location is not None and post.location.name == "Kidal"
    assert post.mentions() == [] and _merged_by(post) == set()
    # the trigger is one of the mentions, and the contract lists them as [start, end]
    doc = bus.to_dict()["evidence"]
    assert doc["trigger"] in doc["mentions"]
    assert doc["mentions"] == [[s, e] for s, e in bus.mentions()]
    # switched off, the retelling is an event again
    off = _of_kind(_run(pipeline, BUS_ATTACK, frozenset({ANAPHOR})), "ASSAULT")
    assert len(off) == 3
    assert all(e.mentions() == [] for e in off)


def test_a_raid_retold_in_the_body_is_one_arrest_event(pipeline: Pipeline) -> None:
    result = _run(pipeline, RAIDS)
    arrests = [e for e in result.events if e.acled_sub_event_type == "Arrests"]
    assert len(arrests) == 2
    gao, kidal = arrests
    # the seizure in the raids is a part of the same police operation (merge.one_operation)
    assert _said(RAIDS, gao) == ["arrest", "arrested", "seized", "arrested"]
    assert RETOLD in _merged_by(gao) and ONE_OPERATION in _merged_by(gao)
    assert not [e for e in result.events if e.acled_sub_event_type == "Disrupted weapons use"]
    # the most specific date of its mentions (the headline has none of its own)
    assert gao.date == "2024-03-09" and gao.time_precision == 1
    assert kidal.location is not None and kidal.location.name == "Kidal"
    assert kidal.mentions() == []
    off = [
        e
        for e in _run(pipeline, RAIDS, frozenset({RETOLD})).events
        if e.acled_sub_event_type == "Arrests"
    ]
    assert len(off) > len(arrests)  # without the rule, a retelling stays apart


def test_a_raid_and_what_it_seized_and_arrested_are_one_operation(pipeline: Pipeline) -> None:
    text = (
        "A police unit raided a farm near Ombarin on Monday.\n\n"
        "Officers found four rifles at the farm, and the owner was arrested.\n\n"
        "In Kidal, soldiers arrested two traders on Sunday."
    )
    result = _run(pipeline, text)
    farm = [e for e in result.events if e.location and e.location.name == "Ombarin"]
    assert len(farm) == 1 and ONE_OPERATION in _merged_by(farm[0])
    assert farm[0].acled_event_type == "Strategic developments"
    assert farm[0].actor1 is not None and farm[0].actor1.inter == 1
    # the arrests in another town on another day stay another happening
    assert any(e.location and e.location.name == "Kidal" for e in result.events)
    off = _run(pipeline, text, frozenset({ONE_OPERATION})).events
    assert len(off) > len(result.events)  # without the rule, the raid stays apart


def test_a_headline_restated_by_the_lead_is_one_event(pipeline: Pipeline) -> None:
    result = _run(pipeline, MARKET_KILLING)
    killings = _of_kind(result, "ASSAULT")
    assert len(killings) == 2
    market, herder = killings
    assert _said(MARKET_KILLING, market)[:2] == ["shot", "shot"]
    assert LEAD_RETOLD in _merged_by(market)
    # the headline's event takes the body's place, day and count
    assert market.location is not None and market.location.name == "Gao"
    assert market.date == "2024-03-11" and market.fatalities == 2
    # a week earlier, near another town: another killing
    assert herder.location is not None and herder.location.name != "Gao"
    assert herder.mentions() == []
    off = _of_kind(_run(pipeline, MARKET_KILLING, ALL_OFF), "ASSAULT")
    assert len(off) >= 3
    headline = off[0]
    assert headline.location is None and headline.date == "2024-03-13"


def test_the_agreement_told_again_and_other_talks_apart(pipeline: Pipeline) -> None:
    result = _run(pipeline, BORDER_PACT)
    agreements = _of_kind(result, "AGREE")
    assert len(agreements) == 1
    assert _said(BORDER_PACT, agreements[0]) == ["agreed", "agreement"]
    assert ANAPHOR in _merged_by(agreements[0])
    # the agreement keeps its day and place ("Under the agreement" tells neither)
    assert agreements[0].date == "2024-03-12" and agreements[0].location is not None
    assert len(_of_kind(result, "CONSULT")) == 1  # the talks in Algiers are another meeting
    assert len(_of_kind(_run(pipeline, BORDER_PACT, ALL_OFF), "AGREE")) == 2


@pytest.mark.parametrize(
    ("second", "merged"),
    [
        ("The attack on a checkpoint near Gao on Monday killed two gendarmes.", True),
        ("Another attack on a checkpoint near Gao on Monday killed two gendarmes.", False),
        ("The attack on a checkpoint near Menaka on Monday killed two gendarmes.", False),
    ],
)
def test_a_noun_pointing_back_merges_unless_it_is_another(
    pipeline: Pipeline, second: str, merged: bool
) -> None:
    text = "Gunmen attacked an army checkpoint near Gao on Monday, killing three soldiers.\n\n"
    result = _run(pipeline, text + second)
    attacks = _of_kind(result, "ASSAULT")
    assert len(attacks) == (1 if merged else 2), [_said(text + second, e) for e in attacks]
    if merged:
        assert attacks[0].fatalities == 3  # the larger count of its mentions


def test_protests_by_other_people_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "Students protested in Bamako on Monday against the closure of two universities.\n\n"
        "On Monday afternoon, taxi drivers protested in Bamako against a rise in fuel prices."
    )
    assert len(_of_kind(_run(pipeline, text), "PROTEST")) == 2


def test_explain_lists_the_mentions_and_the_rule_that_merged_them(pipeline: Pipeline) -> None:
    out = explain(_run(pipeline, BUS_ATTACK))
    start = BUS_ATTACK.index("attack was")
    assert f'mentions       2  "attacked" [7:15], "attack" [{start}:{start + 6}]' in out
    assert f"merged by: {ANAPHOR}" in out


def test_the_api_highlights_every_mention(pipeline: Pipeline, tmp_path: Path) -> None:
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx.*")
    from fastapi.testclient import TestClient

    from eventdesk.api.app import create_app
    from eventdesk.store.sqlite import SQLiteStore

    result = _run(pipeline, BUS_ATTACK)
    bus = _of_kind(result, "ASSAULT")[0]
    path = tmp_path / "coref.db"
    with SQLiteStore.open(path) as store:
        store.add_results([result])
    with TestClient(create_app(str(path))) as client:
        body = client.get(f"/api/events/{bus.event_id}").json()
    assert body["event"]["evidence"]["mentions"] == [[s, e] for s, e in bus.mentions()]
    mentions = [h["text"] for h in body["highlights"] if h["role"] == "mentions"]
    assert mentions == ["attacked", "attack"]


# --- what may and may not be one happening -----------------------------------------------

_POLICE = Actor(text="police", name="Police Forces of Mali", country="MLI", inter=1)
_OFFICERS = Actor(text="officers", name="Police Forces of Mali", country="MLI", inter=1)
_STUDENTS = Actor(text="students", name="Protesters (Mali)", country="MLI", inter=6)
_DRIVERS = Actor(text="taxi drivers", name="Protesters (Mali)", country="MLI", inter=6)
_CROWD = Actor(text="the protesters", name="Protesters (Mali)", country="MLI", inter=6)
_SCHOOLTEACHER = Actor(text="a schoolteacher", name="Civilians (Mali)", country="MLI", inter=7)
_SCHOOL_TEACHER = Actor(text="a school teacher", name="Civilians (Mali)", country="MLI", inter=7)
_GAO = Place(text="Gao", name="Gao", lat=16.27, lon=-0.04, admin1="Gao", country="MLI")
_MENAKA = Place(text="Menaka", name="Ménaka", lat=15.92, lon=2.4, admin1="Ménaka", country="MLI")
_REGION = Place(text="Gao region", name="Gao", lat=16.5, lon=0.5, country="MLI", feature="admin1")
_MALI = Place(text="Mali", name="Mali", lat=17.0, lon=-4.0, country="MLI", feature="country")
_UNPLACED = Place(text="Zona Sur", name="Zona Sur", country="MLI")
_OTHER_UNPLACED = Place(text="Kouloum", name="Kouloum", country="MLI")


def _event(
    actor1: Actor | None = None,
    place: Place | None = None,
    date: str | None = None,
    precision: int = 1,
) -> Event:
    evidence = (("trigger", (0, 1)),) + ((("date", (2, 3)),) if date else ())
    return Event(
        event_id="e",
        article_id="a",
        plover_type="COERCE",
        plover_mode=None,
        acled_event_type="Strategic developments",
        acled_sub_event_type="Arrests",
        cameo="17",
        actor1=actor1,
        actor2=None,
        location=place,
        date=date or "2024-03-13",
        time_precision=precision if date else 2,
        evidence=evidence,
    )


def test_dates_conflict_only_when_both_are_told_and_differ() -> None:
    monday, tuesday = _event(date="2024-03-11"), _event(date="2024-03-12")
    assert not _dates_agree(monday, tuesday)
    assert _dates_agree(monday, _event())  # dated only by the report
    assert _dates_agree(monday, _event(date="2024-03-01", precision=3))  # "in March"
    assert not _dates_agree(monday, _event(date="2024-02-01", precision=3))
    assert _dates_agree(monday, _event(date="2024-03-14", precision=2))  # "last week"


def test_places_agree_when_one_lies_in_the_other() -> None:
    assert _places_agree(_event(place=_GAO), _event(place=_REGION))
    assert _places_agree(_event(place=_GAO), _event(place=_MALI))
    assert _places_agree(_event(place=_GAO), _event())
    assert not _places_agree(_event(place=_GAO), _event(place=_MENAKA))
    # a name the gazetteer cannot place agrees with itself and the areas of its country
    assert _places_agree(_event(place=_UNPLACED), _event(place=_MALI))
    assert not _places_agree(_event(place=_UNPLACED), _event(place=_OTHER_UNPLACED))


def test_sides_agree_unless_named_as_others() -> None:
    assert _actors_agree(_event(_POLICE), _event(_OFFICERS))
    assert _actors_agree(_event(_STUDENTS), _event(_CROWD))
    assert not _actors_agree(_event(_STUDENTS), _event(_DRIVERS))
    assert _actors_agree(_event(_STUDENTS), _event())
    # one person told with words of one stem: "a schoolteacher", "a school teacher"
    assert _actors_agree(_event(_SCHOOLTEACHER), _event(_SCHOOL_TEACHER))


def test_seizure_and_arrests_of_one_sentence_are_one_operation(pipeline: Pipeline) -> None:
    text = (
        "Customs officers seized two rifles and a pistol at the port of Dakar, officials "
        "said on Friday, and arrested 11 people."
    )
    result = _run(pipeline, text)
    assert len(result.events) == 1 and ONE_OPERATION in _merged_by(result.events[0])


def test_one_trigger_with_several_actors_is_one_event_listing_them(pipeline: Pipeline) -> None:
    text = (
        "Soldiers, police officers and gendarmes were deployed in Ombarin on Monday.\n\n"
        "The Kenyan president held talks with Uganda and Tanzania in Nairobi on Tuesday."
    )
    result = _run(pipeline, text)
    by_type = {e.plover_type: e for e in result.events}
    assert sorted(e.plover_type for e in result.events) == ["CONSULT", "MOBILIZE"]
    talks = by_type["CONSULT"].to_dict()
    names = [a["name"] for a in talks["actors2"]]
    assert names == ["Government of Uganda", "Government of Tanzania"]
    assert talks["actors2"][0] == talks["actor2"]
    assert [text[s:e] for s, e in talks["evidence"]["actors2"]] == ["Uganda", "Tanzania"]
    # one coding per dyad for whoever codes pairs (CAMEO)
    assert len(by_type["CONSULT"].pairs()) == 2
    deployed = by_type["MOBILIZE"].to_dict()
    assert len(deployed["actors1"]) == 2  # the forces moved move (actors.moved_forces_act)
    off = _run(pipeline, text, frozenset({"merge.one_trigger_many_actors"}))
    assert len(off.events) == 5  # one per actor: three deployed, two at the talks


def test_a_noun_pointing_back_is_judged_by_its_own_phrase(pipeline: Pipeline) -> None:
    text = (
        "Gunmen attacked a bus near Kidal on Monday, killing four passengers.\n\n"
        "The attack came as voters in Gao prepared for elections on Wednesday."
    )
    on = _run(pipeline, text)
    assert len(on.events) == 1
    event = on.events[0]
    assert len(event.mentions()) == 2
    assert event.location is not None and event.location.name == "Kidal"
    assert event.date == "2024-03-11"  # the attack's day, not the elections'
    assert len(_run(pipeline, text, frozenset({"merge.anaphor_own_phrase"})).events) == 2
    # a place inside the noun's own phrase still tells another happening
    other = text.replace("The attack came as voters in Gao", "The attack in Gao came as voters")
    assert len(_run(pipeline, other).events) == 2
