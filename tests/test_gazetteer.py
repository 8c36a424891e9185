"""Gazetteer index and name normalisation (the index is built once into the user cache)."""

from __future__ import annotations

import pytest

from eventdesk.resolve.gazetteer import Gazetteer, haversine_km
from eventdesk.resolve.normalize import loose_key, name_key, strip_feature_word


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.open()


def test_name_key_folds_accents_marks_and_abbreviations() -> None:
    assert name_key("São Paulo") == "sao paulo"
    assert name_key("Ma’arrat al-Nu‘man") == "maarrat al numan"
    assert name_key("St. Louis") == "saint louis"


def test_loose_key_unifies_transliterations() -> None:
    assert loose_key("Al-Raqqah") == loose_key("Raqqa") == loose_key("ar-Raqqa")
    assert loose_key("Deir ez-Zor") == loose_key("Deir el-Zor")
    assert loose_key("Hasakah") == loose_key("al-Hasakeh")
    # a final -y after a consonant is the -i of another spelling, in longer names only
    assert loose_key("Tillabery") == loose_key("Tillaberi")
    assert loose_key("Kirovsky") == loose_key("Kirovski")
    assert loose_key("Troy") != loose_key("Troi") and loose_key("Sunday") != loose_key("Sundai")


def test_strip_feature_word() -> None:
    assert strip_feature_word("idlib governorate") == ("idlib", "admin1")
    assert strip_feature_word("province of aleppo") == ("aleppo", "admin1")
    assert strip_feature_word("paris") == ("paris", None)


def test_countries_and_regions_are_their_own_features(gaz: Gazetteer) -> None:
    russia = [c for c in gaz.candidates("Russia") if c.feature == "country"]
    assert russia and russia[0].country == "RUS" and russia[0].geonameid == 2017370
    ontario = [c for c in gaz.candidates("Ontario") if c.feature == "admin1"]
    assert ontario and ontario[0].country == "CAN" and ontario[0].geonameid == 6093943
    usa = gaz.country("USA")
    assert usa is not None and haversine_km(usa.lat, usa.lon, 39.8, -98.6) < 100


def test_countries_sit_at_their_reference_point(gaz: Gazetteer) -> None:
    canada = gaz.country("CAN")
    assert canada is not None and haversine_km(canada.lat, canada.lon, 60.0, -95.0) < 50


def test_admin_regions_carry_geonames_ids_population_and_aliases(gaz: Gazetteer) -> None:
    laurel = [c for c in gaz.candidates("Laurel County") if c.admin1 == "Kentucky"]
    assert laurel and laurel[0].geonameid == 4297480
    california = next(c for c in gaz.candidates("California") if c.feature == "admin1")
    assert california.population > 10_000_000
    west_java = [c for c in gaz.candidates("West Java") if c.feature == "admin1"]
    assert west_java and west_java[0].country == "IDN"
    nsw = [c for c in gaz.candidates("NSW") if c.feature == "admin1"]
    assert nsw and nsw[0].name == "New South Wales"


def test_region_on_its_big_city_is_moved_to_its_towns(gaz: Gazetteer) -> None:
    ny = next(c for c in gaz.candidates("New York") if c.feature == "admin1")
    assert haversine_km(ny.lat, ny.lon, 40.71, -74.01) > 100  # not on New York City


def test_towns_and_regions_share_region_names(gaz: Gazetteer) -> None:
    beirut_city = next(c for c in gaz.candidates("Beirut") if c.feature == "city")
    beirut_region = next(c for c in gaz.candidates("Beirut") if c.feature == "admin1")
    assert beirut_city.admin1 == beirut_region.admin1


def test_cities_carry_admin1_and_population(gaz: Gazetteer) -> None:
    aleppo = next(c for c in gaz.candidates("Aleppo") if c.feature == "city")
    assert aleppo.country == "SYR" and aleppo.population > 1_000_000
    fargo = next(c for c in gaz.candidates("Fargo") if c.country == "USA")
    assert fargo.admin1 == "North Dakota"


def test_us_counties_have_centroids(gaz: Gazetteer) -> None:
    cands = [c for c in gaz.candidates("Cass County") if c.admin1 == "North Dakota"]
    assert cands and cands[0].feature == "admin2"
    assert haversine_km(cands[0].lat, cands[0].lon, 46.9, -97.2) < 80


def test_loose_lookup_finds_transliterated_towns(gaz: Gazetteer) -> None:
    assert any(c.country == "SYR" for c in gaz.candidates("al-Raqqa"))


def test_country_for_word_demonyms_and_aliases(gaz: Gazetteer) -> None:
    assert gaz.country_for_word("Syrian") == "SYR"
    assert gaz.country_for_word("Nigerian") == "NGA"
    assert gaz.country_for_word("U.S.") == "USA"
    assert gaz.country_for_word("American") == "USA"
    assert gaz.country_for_word("British") == "GBR"
    assert gaz.country_for_word("Congolese") == "COD"
    assert gaz.country_for_word("Germany") == "DEU"
    assert gaz.country_for_word("us") is None
    assert gaz.country_for_word("Tuesday") is None


def test_is_place_name(gaz: Gazetteer) -> None:
    assert gaz.is_place_name("kandahar")
    assert not gaz.is_place_name("qwzxv")
