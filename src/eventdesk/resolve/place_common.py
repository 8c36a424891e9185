"""What the three steps of place resolution share: the mention record, fronts, and the small
geometric and naming helpers (see :mod:`eventdesk.resolve.places`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from eventdesk.resolve.gazetteer import Candidate
from eventdesk.resolve.normalize import name_key

Span = tuple[int, int]

FAMOUS_POP = 1_000_000  # a city this big is never an unknown town of the same name

STREET_RE = re.compile(
    r"\b(Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Drive|Dr\.|Highway|Hwy\.?|Parkway|"
    r"Boulevard|Blvd\.?|Lane|Bridge|River|Lake|Creek|Interstate)(\s+\d+)?$"
)

# words of a direction or a part of an area before a name: "Northeast Georgia", "rural Homs"
DIRECTION_WORDS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "upper",
        "lower",
        "greater",
        "downtown",
        "metro",
        "suburban",
        "rural",
        "united",
    ]
)
DIRECTION_RE = re.compile(
    r"^(?:" + "|".join(sorted(DIRECTION_WORDS, key=len, reverse=True)) + r")\s+(?=\S)",
    re.IGNORECASE,
)

# a front a text reports on: (country, admin1 name prefixes, settlements listed on it)
Front = tuple[str, tuple[str, ...], tuple[str, ...]]
# ... with the points of those settlements: where the front runs
FrontPoints = tuple[str, tuple[str, ...], list[tuple[float, float]]]


def in_region(c: Candidate, country: str, prefixes: tuple[str, ...]) -> bool:
    return c.country == country and (c.admin1 or "").casefold().startswith(prefixes)


def same_region(a: str | None, b: str | None) -> bool:
    """Two sources' names of one region ("Donetska" and "Donetsk", "Tillabéri" and
    "Tillaberi Region"): the same first five letters of their keys."""
    if not a or not b:
        return False
    return name_key(a)[:5] == name_key(b)[:5]


def holds(container: tuple[str | None, str | None], c: Candidate) -> bool:
    """The (ISO3, admin1) after a comma holds the candidate."""
    iso3, adm = container
    return c.country == iso3 and (adm is None or same_region(c.admin1, adm))


def nearest_km(lat: float, lon: float, points: list[tuple[float, float]]) -> float:
    """Great-circle distance (km) from (lat, lon) to the nearest of ``points``: the haversine
    formula with the candidate's terms computed once (this runs for every candidate)."""
    p1 = math.radians(lat)
    cos1 = math.cos(p1)
    best = math.inf
    for la, lo in points:
        p2 = math.radians(la)
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + cos1 * math.cos(p2) * math.sin(math.radians(lo - lon) / 2) ** 2
        )
        best = min(best, h)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(best)))


@dataclass(frozen=True, slots=True)
class Mention:
    """One toponym span with its gazetteer candidates and the cues around it."""

    start: int
    end: int
    surface: str
    cands: tuple[Candidate, ...]
    hint: str | None  # feature kind named next to the span
    container: tuple[str | None, str | None] | None  # (ISO3, admin1) after a comma
    country_word: str | None  # ISO3 when the surface is a country name or demonym
    key: str = ""  # name_key of the surface
    stand_in: bool = False  # the container stands for an unknown name ("Bradford, Ontario")
    fuzzy: bool = False  # the candidates are near misses of a name nothing matched
