"""Country codes, names and ACLED regions (eventdesk.countries and lexicon/countries.tsv)."""

from __future__ import annotations

import pycountry
import pytest

from eventdesk import countries


@pytest.mark.parametrize(
    ("given", "iso3"),
    [
        ("SYR", "SYR"),
        ("syr", "SYR"),
        ("Syria", "SYR"),
        ("SYRIA", "SYR"),
        ("  syria ", "SYR"),
        ("Syrian Arab Republic", "SYR"),
        ("SY", "SYR"),
        ("ml", "MLI"),
        ("Côte d'Ivoire", "CIV"),
        ("cote d ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("the Gambia", "GMB"),
        ("DRC", "COD"),
        ("Democratic Republic of Congo", "COD"),
        ("UAE", "ARE"),
        ("UK", "GBR"),
        ("United States of America", "USA"),
        ("Burma", "MMR"),
        ("Türkiye", "TUR"),
        ("turkiye", "TUR"),
        ("Guinea-Bissau", "GNB"),
        ("guinea bissau", "GNB"),
        ("Kosovo", "XKX"),
    ],
)
def test_to_iso3_accepts_codes_and_names_in_any_case(given: str, iso3: str) -> None:
    assert countries.to_iso3(given) == iso3


@pytest.mark.parametrize(
    ("given", "suggested"),
    [("Syrai", "Syria (SYR)"), ("Irak", "Iraq (IRQ)"), ("Afghanistn", "Afghanistan (AFG)")],
)
def test_unknown_names_say_what_is_expected_and_suggest_the_nearest(
    given: str, suggested: str
) -> None:
    with pytest.raises(ValueError) as err:
        countries.to_iso3(given)
    message = str(err.value)
    assert repr(given) in message
    assert "ISO 3166-1 alpha-3 code" in message and "country name" in message
    assert message.endswith(f"did you mean {suggested}?")


@pytest.mark.parametrize("given", ["", "   ", "QQQ", "Zzyzx Republic of Nowhere"])
def test_values_that_are_no_country_are_refused(given: str) -> None:
    with pytest.raises(ValueError, match="is not a known country"):
        countries.to_iso3(given)


def test_every_iso_country_is_in_the_table_with_a_region() -> None:
    for c in pycountry.countries:
        row = countries.get(c.alpha_3)
        assert row is not None, c.alpha_3
        assert row.iso2 == c.alpha_2
        assert row.region in countries.REGIONS, c.alpha_3
        # ISO's own names resolve to the code too
        assert countries.to_iso3(c.name) == c.alpha_3, c.name


def test_names_and_regions() -> None:
    assert countries.name("SYR") == "Syria"
    assert countries.name("COD") == "Democratic Republic of Congo"
    assert countries.name("ZZZ") == "ZZZ"  # unknown codes are shown as they are
    expected = {
        "SYR": "Middle East",
        "TUR": "Middle East",
        "MLI": "Western Africa",
        "NGA": "Western Africa",
        "SDN": "Northern Africa",
        "SOM": "Eastern Africa",
        "COD": "Middle Africa",
        "ZAF": "Southern Africa",
        "UKR": "Europe",
        "RUS": "Europe",
        "GEO": "Caucasus and Central Asia",
        "AFG": "South Asia",
        "MMR": "Southeast Asia",
        "CHN": "East Asia",
        "MEX": "Central America",
        "HTI": "Caribbean",
        "COL": "South America",
        "USA": "North America",
        "PNG": "Oceania",
    }
    for iso3, reg in expected.items():
        assert countries.region(iso3) == reg, iso3
    assert countries.region("ZZZ") is None


def test_regions_partition_the_table() -> None:
    seen: set[str] = set()
    for reg in countries.REGIONS:
        members = set(countries.in_region(reg))
        assert members, reg
        assert not members & seen
        seen |= members
    assert seen == {c.iso3 for c in countries.countries()}


def test_to_region() -> None:
    assert countries.to_region("middle east") == "Middle East"
    assert countries.to_region("WESTERN  AFRICA") == "Western Africa"
    with pytest.raises(ValueError, match="did you mean Middle East"):
        countries.to_region("Midle East")
    with pytest.raises(ValueError, match="is not an ACLED region"):
        countries.to_region("Atlantis")


def test_no_two_countries_share_a_name_key() -> None:
    names = [countries.key(c.name) for c in countries.countries()]
    assert len(names) == len(set(names))
