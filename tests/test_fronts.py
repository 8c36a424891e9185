"""Front lines: sides of fire on a known front, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eventdesk.errors import LexiconError
from eventdesk.extract.lexicon import Lexicon
from eventdesk.resolve.normalize import cyrillic_key, name_key


def _primary(extract: Any, text: str, published: str) -> dict[str, Any]:
    evs = [e for e in extract(text, published).to_dict()["events"] if e["acled"]]
    return max(evs, key=lambda e: e["confidence"])


def _names(ev: dict[str, Any]) -> tuple[str | None, str | None]:
    return tuple((ev[k] or {}).get("name") for k in ("actor1", "actor2"))  # type: ignore[return-value]


def test_remote_fire_is_by_the_side_facing_the_settlement(extract: Any) -> None:
    ev = _primary(
        extract, "On 3 March 2019, monitors recorded 14 explosions near Horlivka.", "2019-03-04"
    )
    assert _names(ev) == ("Military Forces of Ukraine", None)
    assert (
        ev["actor1"]["text"] == "Horlivka"
        and ev["evidence"]["actor1"] == ev["evidence"]["location"]
    )
    ev = _primary(
        extract, "On 3 March 2019, monitors recorded 14 explosions near Popasna.", "2019-03-04"
    )
    assert _names(ev) == ("NAF: United Armed Forces of Novorossiya", None)


def test_an_exchange_of_fire_on_the_front_is_between_its_two_sides(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 3 March 2019, monitors recorded an exchange of fire in both directions near Popasna.",
        "2019-03-04",
    )
    assert set(_names(ev)) == {
        "Military Forces of Ukraine",
        "NAF: United Armed Forces of Novorossiya",
    }


def test_fire_on_one_sides_positions_is_by_the_other(extract: Any) -> None:
    ev = _primary(
        extract, "On 3 March 2019, explosions hit army positions near Horlivka.", "2019-03-04"
    )
    assert _names(ev) == ("NAF: United Armed Forces of Novorossiya", "Military Forces of Ukraine")


def test_civilians_hit_by_shelling_stay_its_target(extract: Any) -> None:
    ev = _primary(
        extract, "On 3 March 2019, shelling killed two civilians in Horlivka.", "2019-03-04"
    )
    assert ev["actor1"]["name"] == "Military Forces of Ukraine"
    assert ev["actor2"]["inter"] == 7 and ev["fatalities"] == 2


def test_named_sides_and_other_years_are_left_alone(extract: Any) -> None:
    ev = _primary(
        extract,
        "On 3 March 2019, rebels shelled positions of the army near Avdiivka.",
        "2019-03-04",
    )
    assert _names(ev)[0] != "Military Forces of Ukraine"
    ev = _primary(
        extract, "On 3 March 2012, monitors recorded 14 explosions near Horlivka.", "2012-03-04"
    )
    assert _names(ev)[0] != "Military Forces of Ukraine"


def test_name_key_and_bad_control_rows(tmp_path: Path) -> None:
    assert name_key("Zolote-5") == name_key("zolote 5")
    assert name_key("Novoluhans'ke") == name_key("Novoluhanske")
    # the Latin spellings of one Ukrainian or Russian name share a control key
    for a, b in [
        ("Dolomytne", "Dolomitne"),
        ("Verkhnyotoretske", "Verkhnotoretske"),
        ("Slavnoye", "Slavne"),
        ("Kalinovo", "Kalynove"),
        ("Zolote-5", "Zolote 5"),
    ]:
        assert cyrillic_key(a) == cyrillic_key(b), (a, b)
    assert cyrillic_key("Pisky") != cyrillic_key("Peski")
    (tmp_path / "front_control.tsv").write_text("donbas\tneutral\tSomewhere\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"front_control\.tsv:1"):
        Lexicon.load(tmp_path)


def test_a_report_naming_the_front_is_on_it_wherever_its_place_is(extract: Any) -> None:
    # an invented hamlet the gazetteer cannot know, named by the front's monitors
    text = "On 3 March 2019, the SMM recorded bursts of fire in both directions near Zarichkove."
    ev = _primary(extract, text, "2019-03-04")
    assert set(_names(ev)) == {
        "Military Forces of Ukraine",
        "NAF: United Armed Forces of Novorossiya",
    }
    assert ev["actor1"]["implied"]
    # with no place at all, the cue itself is the evidence
    text = "On 3 March 2019, the SMM recorded bursts of fire in both directions."
    ev = _primary(extract, text, "2019-03-04")
    assert "NAF: United Armed Forces of Novorossiya" in _names(ev)
    assert ev["actor1"]["text"] == "SMM"
    assert text[slice(*ev["evidence"]["actor1"])] == "SMM"
    # the same report without the cue stays unattributed
    ev = _primary(
        extract,
        "On 3 March 2019, monitors recorded bursts of fire in both directions near Zarichkove.",
        "2019-03-04",
    )
    assert "Military Forces of Ukraine" not in _names(ev)
    # a lower-case "smm" inside other text is not the cue
    assert extract("The smm team met on 3 March 2019.", "2019-03-04") is not None


def test_fire_at_positions_after_a_second_weapon_hits_their_holder(extract: Any) -> None:
    # the parser reads 'grenade' as a second verb that holds "at ..."
    ev = _primary(
        extract,
        "On 3 March 2019, rebels fired machine guns and grenade launchers at the "
        "governmental positions near Avdiivka, Donetsk.",
        "2019-03-04",
    )
    assert _names(ev)[1] == "Military Forces of Ukraine"
    ev = _primary(
        extract,
        "On 3 March 2019, the Ukrainian army fired grenade launchers and machine guns at the "
        "positions of the Donbas People's Militia near Spartak.",
        "2019-03-04",
    )
    assert _names(ev) == ("Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya")


def test_a_village_the_gazetteer_places_in_its_region_keeps_its_control(extract: Any) -> None:
    # "Pisky, Donetsk": the Pisky the gazetteer knows lies in another oblast, so the village
    # stands in at the Donetsk oblast under its own name, and the front table still knows it
    for text in (
        "On 3 March 2019, monitors recorded 14 explosions near Pisky, Donetsk.",
        "On 3 March 2019, a convoy was seen near Pisky, Donetsk. "
        "Monitors recorded 14 explosions near Pisky.",
    ):
        evs = [e for e in extract(text, "2019-03-04").to_dict()["events"] if e["acled"]]
        last = max(evs, key=lambda e: e["evidence"]["trigger"][0])
        assert (last["location"]["name"], last["location"]["admin1"]) == ("Pisky", "Donetska")
        assert _names(last)[0] == "NAF: United Armed Forces of Novorossiya", text


def test_a_listed_village_under_another_spelling_keeps_its_control(extract: Any) -> None:
    # listed as "Verkhnotoretske"; written here the Russian-influenced way
    ev = _primary(
        extract,
        "On 3 March 2019, the SMM recorded 14 explosions near the village of Verkhnyotoretske.",
        "2019-03-04",
    )
    assert _names(ev) == ("NAF: United Armed Forces of Novorossiya", None)


def test_a_cue_elsewhere_in_the_article_does_not_put_an_event_on_the_front(
    extract: Any,
) -> None:
    text = (
        "On 3 March 2019, the SMM recorded calm along the contact line.\n\n"
        "On 3 March 2019, unknown men exchanged fire in Zarichkove."
    )
    evs = [e for e in extract(text, "2019-03-04").to_dict()["events"] if e["acled"]]
    assert evs and all("Military Forces of Ukraine" not in _names(e) for e in evs)


def test_a_front_line_reports_towns_lie_on_the_front(pipeline: Any) -> None:
    from eventdesk.records import Article

    def where(text: str) -> str | None:
        ((_, _, places),) = pipeline.analyse([Article(text=text)])
        return next(p.place.admin1 for p in places if p.place.name.startswith("Serhi"))

    # the Serhiivka of the Poltava oblast is larger; monitors of the front mean the other
    assert where("The SMM counted 102 projectiles near Serhiivka.") == "Donetska"
    assert where("Farmers sold grain near Serhiivka.") != "Donetska"


def test_a_front_village_the_gazetteer_lacks_stands_in_at_the_front(pipeline: Any) -> None:
    from eventdesk.records import Article

    def place(text: str, name: str) -> Any:
        ((_, _, places),) = pipeline.analyse([Article(text=text)])
        return next(p.place for p in places if p.place.name == name)

    # no Sokilnyky on the front in the gazetteer, only one near Lviv: in a monitors' report it
    # is the front's village, placed at the front's region by its own name
    got = place("The SMM counted 64 explosions near Sokilnyky.", "Sokilnyky")
    assert got.admin1 is not None and got.admin1.startswith(("Donetsk", "Luhansk"))
    assert got.geonameid is None and got.geo_precision >= 2
    # ... and so is one the gazetteer knows only abroad
    got = place("The SMM counted 15 explosions near Komsomolets.", "Komsomolets")
    assert got.country == "UKR" and got.geonameid is None
    # elsewhere it is the village the gazetteer knows
    got = place("Farmers sold grain near Sokilnyky.", "Sokilnyky")
    assert got.geonameid is not None and not got.admin1.startswith(("Donetsk", "Luhansk"))
    # a name the gazetteer lacks altogether is in the front's country, its region unknown
    got = place("The SMM counted 3 explosions near Ombarivka.", "Ombarivka")
    assert (got.country, got.feature, got.admin1, got.geo_precision) == ("UKR", "country", None, 3)
    # ... or in the region the report's other places lie in
    text = "The SMM counted 3 explosions near Ombarivka and 5 near Avdiivka, Donetsk."
    got = place(text, "Ombarivka")
    assert got.admin1 is not None and got.admin1.startswith("Donetsk")


def test_a_listed_village_standing_in_keeps_its_control(extract: Any) -> None:
    # a settlement listed on the front that the gazetteer lacks still says who held it:
    # fire near a village the separatists held came from the government side
    text = "On 9 May 2020, the SMM counted 3 explosions near Mineralne."
    ev = _primary(extract, text, "2020-05-10")
    assert ev["location"]["country"] == "UKR"
    assert name_key(ev["actor1"]["name"]) == name_key("Military Forces of Ukraine")
    # a hyphenated name the model took for a body is still a village near which it happened
    text = "On 9 May 2020, the SMM counted 5 explosions near Kalynove-Borshchuvate."
    ev = _primary(extract, text, "2020-05-10")
    assert ev["location"]["text"] == "Kalynove-Borshchuvate"


def test_of_two_front_villages_the_one_near_the_listed_settlements_is_meant(pipeline: Any) -> None:
    from eventdesk.records import Article
    from eventdesk.resolve.gazetteer import haversine_km

    def place(text: str) -> Any:
        ((_, _, places),) = pipeline.analyse([Article(text=text)])
        return next(p.place for p in places if p.place.name == "Opytne")

    # two Opytnes in the Donetsk oblast; the front runs by the smaller one, near Avdiivka
    got = place("The SMM counted 57 projectiles near Opytne.")
    assert haversine_km(got.lat, got.lon, 48.14, 37.75) < 15
    got = place("Farmers sold grain near Opytne.")
    assert haversine_km(got.lat, got.lon, 48.14, 37.75) > 15
