"""Country codes, names and ACLED regions, read from ``lexicon/countries.tsv``.

Every table of eventdesk keys countries by ISO 3166-1 alpha-3 code; users type names. This
module turns what a user types into a code (:func:`to_iso3`: an ISO3 or ISO2 code, a name or
a common other name, in any case, accents and punctuation ignored), and a code into the name
to show (:func:`name`) and its ACLED region (:func:`region`). An unknown value raises
``ValueError`` with a message that says what is expected and suggests the nearest country.

The table is read once, on first use (nothing happens at import time).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from eventdesk.lexicon_files import rows

FILE = "countries.tsv"

# ACLED's regions, in the order the dashboard lists them.
REGIONS: tuple[str, ...] = (
    "Western Africa",
    "Middle Africa",
    "Eastern Africa",
    "Southern Africa",
    "Northern Africa",
    "Middle East",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Caucasus and Central Asia",
    "Europe",
    "North America",
    "Central America",
    "Caribbean",
    "South America",
    "Oceania",
    "Antarctica",
)

_CODE = re.compile(r"^[A-Za-z]{2,3}$")
_PUNCT = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    region: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Table:
    by_iso3: dict[str, Country]
    by_iso2: dict[str, str]
    by_key: dict[str, str]  # normalised name or other name -> ISO3
    by_compact: dict[str, str]  # the same without spaces ("cote divoire", "guineabissau")
    region_keys: dict[str, str]  # normalised region name -> region name


def key(text: str) -> str:
    """``text`` as a lookup key: accents, case, punctuation and a leading "the" ignored
    ("Côte d'Ivoire" -> "cote d ivoire", "The Gambia" -> "gambia")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _PUNCT.sub(" ", plain.casefold()).replace("_", " ").split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _table() -> _Table:
    by_iso3: dict[str, Country] = {}
    by_iso2: dict[str, str] = {}
    by_key: dict[str, str] = {}
    known_regions = {key(r): r for r in REGIONS}
    for where, lineno, (iso3, iso2, shown, reg, others) in rows(FILE, ncols=5):
        if not re.fullmatch(r"[A-Z]{3}", iso3) or not shown:
            raise ValueError(f"{where}:{lineno}: expected ISO3, ISO2, name, region, other names")
        if reg and key(reg) not in known_regions:
            raise ValueError(f"{where}:{lineno}: {reg!r} is not an ACLED region")
        aliases = tuple(a.strip() for a in others.split("|") if a.strip())
        country = Country(iso3, iso2, shown, known_regions[key(reg)] if reg else None, aliases)
        by_iso3[iso3] = country
        if iso2:
            by_iso2[iso2.upper()] = iso3
    # names first, then other names, so that a country's own name always wins
    for country in by_iso3.values():
        by_key.setdefault(key(country.name), country.iso3)
    for country in by_iso3.values():
        for alias in country.aliases:
            by_key.setdefault(key(alias), country.iso3)
    by_compact: dict[str, str] = {}
    for k, iso3 in by_key.items():
        by_compact.setdefault(k.replace(" ", ""), iso3)
    return _Table(by_iso3, by_iso2, by_key, by_compact, known_regions)


def countries() -> list[Country]:
    """Every country of the table, by ISO3 code."""
    return sorted(_table().by_iso3.values(), key=lambda c: c.iso3)


def get(iso3: str) -> Country | None:
    """The country of an ISO3 code (exact, upper case), or None."""
    return _table().by_iso3.get(iso3)


def _suggest(value: str) -> str | None:
    """The nearest country to ``value``, as "Name (ISO3)", or None when nothing is close."""
    table = _table()
    k = key(value)
    if not k:
        return None
    hits = difflib.get_close_matches(k, list(table.by_key), n=1, cutoff=0.6)
    if not hits:
        # a prefix ("afgh", "bosn") is what people type when they do not know the spelling
        starts = sorted(c for c in table.by_key if c.startswith(k))
        if not starts:
            return None
        hits = starts[:1]
    iso3 = table.by_key[hits[0]]
    return f"{table.by_iso3[iso3].name} ({iso3})"


def to_iso3(value: str) -> str:
    """The ISO3 code of a country given as an ISO3 or ISO2 code or a name, in any case:
    ``"SYR"``, ``"sy"``, ``"Syria"``, ``"syrian arab republic"`` -> ``"SYR"``.

    Raises ``ValueError`` saying that ISO3 codes or names are expected, with the nearest
    country when one is close ("did you mean Syria (SYR)?")."""
    text = (value or "").strip()
    table = _table()
    if _CODE.match(text):
        code = text.upper()
        if len(code) == 3 and code in table.by_iso3:
            return code
        if len(code) == 2 and code in table.by_iso2:
            return table.by_iso2[code]
    k = key(text)
    found = table.by_key.get(k) or table.by_compact.get(k.replace(" ", ""))
    if found is not None:
        return found
    hint = _suggest(text)
    message = (
        f"{text!r} is not a known country: give an ISO 3166-1 alpha-3 code (e.g. SYR) or a "
        "country name (e.g. Syria)"
    )
    if hint:
        message += f"; did you mean {hint}?"
    raise ValueError(message)


def name(iso3: str) -> str:
    """The name to show for an ISO3 code ("COD" -> "Democratic Republic of Congo"); a code
    the table does not know is returned as it is."""
    country = _table().by_iso3.get(iso3)
    return country.name if country is not None else iso3


def region(iso3: str) -> str | None:
    """The ACLED region of an ISO3 code ("SYR" -> "Middle East"), or None when unknown."""
    country = _table().by_iso3.get(iso3)
    return country.region if country is not None else None


def to_region(value: str) -> str:
    """An ACLED region name as written in :data:`REGIONS`, from any case and spacing
    ("middle east" -> "Middle East"); ``ValueError`` naming the regions otherwise."""
    found = _table().region_keys.get(key(value))
    if found is not None:
        return found
    hits = difflib.get_close_matches(key(value), list(_table().region_keys), n=1, cutoff=0.6)
    hint = f"; did you mean {_table().region_keys[hits[0]]}?" if hits else ""
    raise ValueError(
        f"{value.strip()!r} is not an ACLED region{hint} (regions: {', '.join(REGIONS)})"
    )


@lru_cache(maxsize=64)
def in_region(region_name: str) -> tuple[str, ...]:
    """The ISO3 codes of the countries of an ACLED region (as :func:`to_region` spells it)."""
    return tuple(c.iso3 for c in countries() if c.region == region_name)


__all__ = [
    "REGIONS",
    "Country",
    "countries",
    "get",
    "in_region",
    "key",
    "name",
    "region",
    "to_iso3",
    "to_region",
]
