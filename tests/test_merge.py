"""Follow-up mentions folded into the event they tell more of (extract/merge.py)."""

from __future__ import annotations

from dataclasses import replace

from eventdesk.extract.merge import _absorb, _same_happening
from eventdesk.records import Actor, Event, Place

_GNA = Actor(text="GNA", name="Military Forces of Libya Government of National Accord", inter=1)
_LNA = Actor(text="LNA", name="Military Forces of Libya Haftar Faction", inter=1)


def _event(event_type: str, sub: str, place: Place, actor2: Actor | None) -> Event:
    return Event(
        event_id="e",
        article_id="a",
        plover_type="ASSAULT",
        plover_mode=None,
        acled_event_type=event_type,
        acled_sub_event_type=sub,
        cameo="19",
        actor1=_GNA if actor2 is None else None,
        actor2=actor2,
        location=place,
        date="2020-05-07",
        time_precision=1,
    )


def test_a_site_and_the_area_it_stands_in_are_one_place() -> None:
    # "airstrikes at the Tessara airbase (Region). Thirteen LNA soldiers were killed.": the
    # site has no point of its own and stands at the region's, where the follow-up is placed
    site = Place(text="Tessara airbase", name="Tessara airbase", lat=32.1, lon=12.4)
    region = Place(text="Ombaru", name="Ombaru", lat=32.1, lon=12.4, feature="admin1")
    strike = _event("Explosions/Remote violence", "Air/drone strike", site, _LNA)
    killed = _event("Battles", "Armed clash", region, _LNA)
    assert _same_happening(strike, killed)
    # another point is another place
    elsewhere = Place(text="Kessabi", name="Kessabi", lat=30.0, lon=10.0)
    assert not _same_happening(strike, _event("Battles", "Armed clash", elsewhere, _LNA))


def test_a_follow_up_gives_its_place_to_an_event_that_names_none() -> None:
    # "Body found in a car. A body was found on Monday on Kessel Street in Ombaru.": the
    # headline's event takes the place the next sentence tells; a place it has stays
    street = Place(text="Kessel Street", name="Kessel Street", lat=32.1, lon=12.4)
    headline = replace(_event("Violence against civilians", "Attack", street, None), location=None)
    body = replace(
        _event("Violence against civilians", "Attack", street, None),
        evidence=(("location", (60, 73)),),
    )
    merged = _absorb(headline, body)
    assert merged.location == street and dict(merged.evidence)["location"] == (60, 73)
    elsewhere = Place(text="Kessabi", name="Kessabi", lat=30.0, lon=10.0)
    assert _absorb(replace(headline, location=elsewhere), body).location == elsewhere
