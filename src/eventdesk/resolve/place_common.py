"""What the three steps of place resolution share: the mention record, fronts, and the small
geometric and naming helpers (see :mod:`eventdesk.resolve.places`)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

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


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the other mentions of a text say about one name (see ``Decider._score``): the
    country votes (the text's own, plus one per other place), the admin1 regions, the points
    of the towns and counties and of the countries and regions named, and the kinds of place."""

    countries: dict[str, int]
    admins: dict[tuple[str | None, str], int]
    points: list[tuple[float, float]]
    areas: list[tuple[float, float]]
    kinds: dict[str, int]
    borrowed: frozenset[str] = frozenset()  # countries whose votes are another's (shared)


def place_contexts(
    mentions: Sequence[Mention],
    readings: Sequence[Candidate | None],
    text_votes: Counter[str],
    shared: Sequence[tuple[str, str]] = (),
) -> dict[str, PlaceContext]:
    """Per mention key, the :class:`PlaceContext` given by the mentions of every other key,
    each read as ``readings`` says (None: no reading). What a reading says is taken once per
    mention, and the context once per key (mentions of one name share it). ``shared``:
    pairs of countries whose votes count for both (place.territory_shares_votes)."""
    # (key, country, admin1, kind, point): kind None for a region standing in for an
    # unknown town, which is no region named
    said: list[tuple[str, str | None, str | None, str | None, tuple[float, float]]] = []
    for m, c in zip(mentions, readings, strict=True):
        if c is not None:
            said.append(
                (m.key, c.country, c.admin1, None if m.stand_in else c.feature, (c.lat, c.lon))
            )
    out: dict[str, PlaceContext] = {}
    for m in mentions:
        if m.key in out:
            continue
        ctx = PlaceContext(dict(text_votes), {}, [], [], {})
        for key, country, admin1, kind, point in said:
            if key == m.key:
                continue
            if country:
                ctx.countries[country] = ctx.countries.get(country, 0) + 1
            if kind is None:
                continue
            ctx.kinds[kind] = ctx.kinds.get(kind, 0) + 1
            if admin1:
                ctx.admins[(country, admin1)] = ctx.admins.get((country, admin1), 0) + 1
            if kind in ("city", "admin2"):
                ctx.points.append(point)
            elif kind in ("country", "admin1", "region"):
                ctx.areas.append(point)
        out[m.key] = _share(ctx, shared) if shared else ctx
    return out


def _share(ctx: PlaceContext, shared: Sequence[tuple[str, str]]) -> PlaceContext:
    """``ctx`` with each pair's votes counted for both countries of the pair."""
    votes, borrowed = ctx.countries, set(ctx.borrowed)
    for a, b in shared:
        na, nb = max(votes.get(a, 0), 0), max(votes.get(b, 0), 0)
        if na + nb and na != nb:
            borrowed |= {x for x, n in ((a, na), (b, nb)) if n == 0}
            votes[a] = votes[b] = na + nb
    return replace(ctx, borrowed=frozenset(borrowed))


IN_TOWN_KM = 30.0  # a place "in" a town lies this close to it
IN_DISTRICT_KM = 100.0  # and this close to the point of a county, district or province
# or of a region whose code the gazetteer gives otherwise (a province filed as the region
# of its towns' older region)
IN_REGION_KM = 150.0
_AREAS = frozenset({"country", "admin1", "continent", "region"})


def inside_next(text: str, inner: Mention, outer: Mention) -> Mention | None:
    """``inner`` with only the town readings that lie in one of the readings of ``outer``,
    when the text says "<inner> in <outer>"; None when it does not say so or nothing would
    change. A town lies in a town within ``IN_TOWN_KM`` (in a county or district within
    ``IN_DISTRICT_KM`` of its point), in a region or a country by its codes (or within
    ``IN_REGION_KM`` of the region's point); readings that
    are countries or regions stay ("Russia in Syria")."""
    if text[inner.end : outer.start] != " in " or not outer.cands:
        return None
    towns = [(c.lat, c.lon) for c in outer.cands if c.feature not in _AREAS | {"admin2"}]
    districts = [(c.lat, c.lon) for c in outer.cands if c.feature == "admin2"]
    regions = {(c.country, c.admin1) for c in outer.cands if c.feature == "admin1"}
    region_points = [(c.lat, c.lon) for c in outer.cands if c.feature == "admin1"]
    countries = {c.country for c in outer.cands if c.feature == "country"}

    def near(c: Candidate, points: list[tuple[float, float]], km: float) -> bool:
        return bool(points) and nearest_km(c.lat, c.lon, points) <= km

    def inside(c: Candidate) -> bool:
        return (
            c.feature in _AREAS
            or c.country in countries
            or any(c.country == iso3 and same_region(c.admin1, adm) for iso3, adm in regions)
            or near(c, towns, IN_TOWN_KM)
            or near(c, districts, IN_DISTRICT_KM)
            or near(c, region_points, IN_REGION_KM)
        )

    kept = tuple(c for c in inner.cands if inside(c))
    return replace(inner, cands=kept) if len(kept) < len(inner.cands) else None
