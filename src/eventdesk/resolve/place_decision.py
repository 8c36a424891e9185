"""Document-level disambiguation: one gazetteer entry (or none) per toponym mention.

``Decider.resolve`` scores every candidate of every mention with:

* a prior by kind (countries and continents first, then admin1, counties, towns) and by
  population (log scale, admin1 regions by the sum of their towns, an extra prior for world
  cities); alternate-name and transliteration-only matches are penalised;
* cues around the span: a feature word ("X province", "the town of X"), and a container after
  a comma ("X, Syria", "Fargo, N.D.") which restricts the candidates to that container;
* document context, recomputed over two passes: how often each country and admin1 region is
  named or implied by the other spans and by demonyms in the text ("Syrian" -> SYR), the
  distance to the other spans' current choices (places in one story tend to be close; towns
  and counties weigh more than countries and regions), and the kind of the other places
  (a list of states makes "Washington" the state);

then revises the choices over the whole text (a weak match abroad dropped, one sense per
name, the region after a comma, fronts, parts of cities). Each resolved place carries the
names of the rules that decided it (``Place.decided_by``, see
:mod:`eventdesk.resolve.place_rules`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from eventdesk import rules
from eventdesk.records import Place
from eventdesk.resolve import place_rules as R
from eventdesk.resolve.gazetteer import Candidate, Gazetteer
from eventdesk.resolve.normalize import name_key, strip_feature_word
from eventdesk.resolve.place_candidates import CandidateBuilder
from eventdesk.resolve.place_common import (
    FAMOUS_POP,
    STREET_RE,
    Front,
    FrontPoints,
    Mention,
    PlaceContext,
    Span,
    in_region,
    inside_next,
    nearest_km,
    place_contexts,
    same_region,
)
from eventdesk.resolve.place_rules import fire

_KIND_PRIOR = {
    "country": 3.0,
    "continent": 3.0,
    "region": 2.2,
    "admin1": 1.6,
    "admin2": 1.3,
    "city": 0.0,
}
# weights of the disambiguation score (see Decider._score)
_W_POP = 0.35  # per decade of population (admin1: the sum of its towns)
_W_COUNTRY = 3.0  # share of the document's country votes
_W_ADMIN = 1.5  # the candidate's admin1 region is named or implied elsewhere
_W_NEAR = 1.6  # closeness to the other places (decays over _NEAR_KM)
_NEAR_KM = 250.0
_W_NEAR_AREA = 0.7  # closeness to the countries and regions named
_NEAR_AREA_KM = 800.0
_W_KIND = 1.5  # share of the other places that are of the candidate's kind (country, admin1)
_W_FAME = 2.0  # extra prior per decade of a city above 500,000 people
_PRECISION = {"city": 1, "admin2": 2}
_FRONT_VILLAGE_POP = 20_000  # a namesake this small far from a front is no front town
_PART_KM = 30.0  # a neighbourhood lies this near the city the text names
_PART_MAX_POP = FAMOUS_POP  # a town this big is a place of its own, not a part of another

Choice = list[Candidate | None]


def _drop_foreign_weak(
    choice: Choice, mentions: list[Mention], text_votes: Counter[str], traces: list[rules.Trace]
) -> Choice:
    """In a document clearly about one country, a weak match abroad (a small town, an
    alternate or loose spelling) is more likely a misreading than a foreign place: drop it
    ('Andar district, Ghazni' is not Andard in France)."""
    votes: Counter[str] = Counter(text_votes)
    own: list[str | None] = []
    placed: set[str] = set()  # countries a place of the text lies in (not a people's word)
    for c, m in zip(choice, mentions, strict=True):
        own.append(None)
        if c is not None and c.country and not (c.alt_match or c.loose_match):
            votes[c.country] += 1
            own[-1] = c.country
            if c.feature != "country" or m.key == name_key(c.name):  # "Turkish" is a people
                placed.add(c.country)
    total = sum(votes.values())
    if not total:
        return choice
    top, n = votes.most_common(1)[0]
    if n / total < 0.6 or n < 2:
        return choice
    # only peoples ("Turkish drones") point at the top country, no place of the text does
    peoples_only = top not in placed and rules.on(R.PLACES_DECIDE_ABROAD)
    out: Choice = []
    for c, m, mine, trace in zip(choice, mentions, own, traces, strict=True):
        # only a place in a country that nothing else in the text points at
        alone = c is not None and votes.get(c.country or "", 0) - (mine is not None) <= 0
        weak = (
            c is not None
            and alone
            and (
                c.alt_match
                or c.loose_match
                or (c.feature == "city" and c.population < 100_000)
                or (c.feature == "admin1" and m.hint != "admin1" and c.population < 1_000_000)
            )
        )
        foreign = c is not None and c.country not in (top, None) and c.feature != "country"
        misread = weak and foreign and m.container is None
        if misread and peoples_only:
            misread = not fire(trace, R.PLACES_DECIDE_ABROAD)
        drop = misread and fire(trace, R.DROP_FOREIGN_WEAK)
        out.append(None if drop else c)
    return out


def _fuzzy_needs_support(
    choice: Choice, mentions: list[Mention], text_votes: Counter[str], traces: list[rules.Trace]
) -> Choice:
    """A near miss (a name nothing matched, read as a misspelling) is kept only where the
    text points at its country otherwise: another place of the text lies there, or a
    people's or country's name says so. Alone, it is more often a local name the gazetteer
    lacks than a misspelt town abroad, and is left unlocated."""
    placed: Counter[str] = Counter(
        c.country
        for c, m in zip(choice, mentions, strict=True)
        if c is not None and c.country and not m.fuzzy
    )
    out: Choice = []
    for c, m, trace in zip(choice, mentions, traces, strict=True):
        alone = (
            c is not None
            and m.fuzzy
            and m.container is None
            and not (placed[c.country or ""] or text_votes[c.country or ""])
        )
        out.append(None if alone and fire(trace, R.FUZZY_NEEDS_SUPPORT) else c)
    return out


def _one_sense(choice: Choice, mentions: list[Mention], traces: list[rules.Trace]) -> Choice:
    """A name means one place throughout a text: where one mention says which ("Athens,
    Greece"), the bare mentions of the same name elsewhere mean that place too, whatever
    the other places near them."""
    told: dict[str, Candidate] = {}
    for c, m in zip(choice, mentions, strict=True):
        if c is not None and m.container is not None:
            told.setdefault(m.key, c)
    if not told:
        return choice
    out: Choice = []
    for c, m, trace in zip(choice, mentions, traces, strict=True):
        sense = told.get(m.key, c) if m.container is None else c
        out.append(sense if sense != c and fire(trace, R.ONE_SENSE) else c)
    return out


def _confirm_marked(
    choice: Choice, marked: list[bool], text_votes: Counter[str], traces: list[rules.Trace]
) -> Choice:
    """A village the gazetteer does not know often shares its name with a small town abroad
    ("the village of Olecko in Kaduna State" is not Olecko in Poland). A name its context
    calls a place keeps a weak entry (a small town, a spelling variant) only in a country
    where the text's other places lie or that its demonyms name. A text that places nothing
    else keeps any but a fuzzy match ("Artillery shelled the town of X")."""
    placed = {
        c.country
        for c, m in zip(choice, marked, strict=True)
        if c is not None and c.country and not c.alt_match and not (m and _small(c))
    }
    out: Choice = []
    for c, m, trace in zip(choice, marked, traces, strict=True):
        if c is not None and m and _small(c) and c.country not in placed | set(text_votes):
            c = None if (placed or c.loose_match) and fire(trace, R.MARKED_WEAK_ABROAD) else c
        out.append(c)
    return out


def _parts_of_cities(
    text: str, choice: Choice, mentions: list[Mention], traces: list[rules.Trace]
) -> tuple[Choice, list[Mention]]:
    """A neighbourhood, suburb or quarter ("in Belford Roxo, ... in the Vila Nova
    neighbourhood") lies in the city the text names, not in a namesake town elsewhere: where
    its reading is not within _PART_KM of a city the text names, it stands in that city (the
    last named before it, else the first after), by its own name; a city of _PART_MAX_POP
    people or more in the same country is a place of its own. A name right after "X, " says where
    X is ("in Belford Roxo, Rio de Janeiro"): it is not the city meant."""
    cities = [
        (i, c)
        for i, (c, m) in enumerate(zip(choice, mentions, strict=True))
        if c is not None
        and c.feature == "city"
        and m.hint != "part"
        and not m.stand_in
        and not (i and text[mentions[i - 1].end : m.start].strip() == ",")
    ]
    if not cities:
        return choice, mentions
    choice, mentions = list(choice), list(mentions)
    for i, (c, m) in enumerate(zip(choice, mentions, strict=True)):
        if m.hint != "part":
            continue
        before = [k for j, k in cities if j < i]
        city = before[-1] if before else cities[0][1]
        if c is not None:
            if c.feature == "city" and c.population >= _PART_MAX_POP and c.country == city.country:
                continue  # "Mumbai slum": a city of its own in the text's country
            if nearest_km(c.lat, c.lon, [(k.lat, k.lon) for _, k in cities]) <= _PART_KM:
                continue
        if fire(traces[i], R.PART_OF_NAMED_CITY):
            choice[i] = city
            mentions[i] = replace(m, stand_in=True)
    return choice, mentions


def _small(c: Candidate) -> bool:
    """A small town, or a spelling variant of any but a big city: a weak reading."""
    if c.feature != "city":
        return c.alt_match and c.population < 1_000_000
    return c.population < (1_000_000 if c.alt_match else 100_000)


def _preferred(c: Candidate | None, m: Mention, fronts: Sequence[FrontPoints]) -> Candidate | None:
    """The town of the mention's name inside a front's regions, when the choice is a town of
    the same country outside them ("near Serhiivka" in a front-line report); of several
    there, the one nearest the settlements listed on the front, else the largest."""
    if c is None or c.feature != "city" or m.container is not None:
        return c
    for country, prefixes, points in fronts:
        if c.country != country:
            continue
        inside = [
            k
            for k in m.cands
            if in_region(k, country, prefixes) and k.feature == "city" and not k.loose_match
        ]
        if not inside:
            continue
        if points:
            return min(inside, key=lambda k: nearest_km(k.lat, k.lon, points))
        return c if in_region(c, country, prefixes) else max(inside, key=lambda k: k.population)
    return c


def _unambiguous(m: Mention) -> Candidate | None:
    """The mention's one reading before context: its only primary candidate, else its only
    country or region (when no container after a comma restricts it)."""
    primary = [c for c in m.cands if not c.alt_match]
    if len(primary) == 1:
        return primary[0]
    top = [c for c in primary if c.feature in ("country", "admin1", "admin2")]
    if len(top) == 1 and not m.container:
        return top[0]
    return None


class Decider:
    """Choose each mention's gazetteer entry in the light of the whole text."""

    def __init__(self, gazetteer: Gazetteer, candidates: CandidateBuilder) -> None:
        self.gaz = gazetteer
        self.cands = candidates
        self._front_cache: dict[Front, tuple[list[Candidate], list[tuple[float, float]]]] = {}

    def resolve(
        self,
        text: str,
        spans: list[Span],
        marked: list[bool] | None = None,
        prefer: Sequence[Front] = (),
        recognized: Sequence[tuple[str, ...]] | None = None,
    ) -> list[Place | None]:
        """One Place (or None when no candidate is found) per span, in order. ``marked``
        flags the names their context calls places (see ``recognize_marked``): those take a
        small town's entry only in a country where the text's other places lie. ``prefer``:
        the fronts the text reports on (country, admin1 name prefixes, settlements listed
        on it): a town there beats its namesakes elsewhere (see ``_preferred`` and
        ``_front_stand_ins``). ``recognized``: per span, the rules that recognised it, put
        first in the place's ``decided_by``."""
        traces = [rules.Trace() for _ in spans]
        mentions: list[Mention] = []
        for (start, end), trace in zip(spans, traces, strict=True):
            with rules.tracing(trace):
                mentions.append(self.cands.mention(text, start, end))
        for i in range(len(mentions) - 1):  # "Hampton Park in Charleston"
            inner = inside_next(text, mentions[i], mentions[i + 1])
            if inner is not None and fire(traces[i], R.IN_TOWN_NAMED_AFTER):
                mentions[i] = inner
        text_votes = self.cands.text_countries(text)
        # the first pass reads the other mentions as their unambiguous readings
        shared = self.cands.shared_votes if rules.on(R.TERRITORY_VOTES) else ()
        context = place_contexts(mentions, [_unambiguous(m) for m in mentions], text_votes, shared)
        choice: Choice = [self._score(m, context[m.key]) for m in mentions]
        context = place_contexts(mentions, choice, text_votes, shared)
        choice = [self._score(m, context[m.key]) for m in mentions]
        context = place_contexts(mentions, choice, text_votes, shared)
        final: Choice = []  # the last pass records the rules that decided
        for m, trace in zip(mentions, traces, strict=True):
            with rules.tracing(trace):
                final.append(self._score(m, context[m.key], record=True))
        choice = _drop_foreign_weak(final, mentions, text_votes, traces)
        choice = _fuzzy_needs_support(choice, mentions, text_votes, traces)
        choice = _one_sense(choice, mentions, traces)
        choice = self._containers_as_regions(text, choice, mentions, traces)
        far_villages: set[int] = set()
        if prefer:
            fronts = [(f[0], f[1], self._front_geo(f)[1]) for f in prefer]
            preferred: Choice = []
            for c, m, trace in zip(choice, mentions, traces, strict=True):
                new = _preferred(c, m, fronts)
                preferred.append(new if new != c and fire(trace, R.FRONT_TOWN_PREFERRED) else c)
            choice = preferred
            choice, far_villages = self._front_stand_ins(choice, mentions, prefer, traces)
        if marked is not None:
            choice = _confirm_marked(choice, marked, text_votes, traces)
        choice, mentions = _parts_of_cities(text, choice, mentions, traces)
        # a bare mention of a name that stands in elsewhere ("Pisky, Donetsk ... near Pisky")
        standing = {m.key for m in mentions if m.stand_in}
        out: list[Place | None] = []
        for i, (m, c) in enumerate(zip(mentions, choice, strict=True)):
            place = self.place_for_candidate(m.surface, c, text[m.start : m.end]) if c else None
            stand_in = m.stand_in or (m.container is None and m.key in standing)
            stand_in = stand_in or i in far_villages
            if place is not None and stand_in:  # by its own name, where its area lies
                place = replace(
                    place,
                    name=m.surface,
                    geonameid=None,
                    geo_precision=max(2, place.geo_precision),
                )
            if place is not None:
                found = recognized[i] if recognized is not None else ()
                why = (*found, *traces[i].for_field("place"))
                place = replace(place, decided_by=tuple(dict.fromkeys(why)))
            out.append(place)
        return out

    def _front_geo(self, front: Front) -> tuple[list[Candidate], list[tuple[float, float]]]:
        """Where a front lies and runs: its regions the gazetteer knows, and the points of the
        settlements listed on it that the gazetteer places once in those regions (computed
        once per front)."""
        if front not in self._front_cache:
            country, prefixes, names = front
            regions = [self.gaz.admin1(country, p) for p in prefixes]
            points = []
            for name in names:
                inside = [
                    c
                    for c in self.gaz.candidates(name)
                    if c.feature == "city" and not c.loose_match and in_region(c, country, prefixes)
                ]
                if len(inside) == 1:
                    points.append((inside[0].lat, inside[0].lon))
            self._front_cache[front] = ([r for r in regions if r is not None], points)
        return self._front_cache[front]

    def _front_stand_ins(
        self,
        choice: Choice,
        mentions: list[Mention],
        prefer: Sequence[Front],
        traces: list[rules.Trace],
    ) -> tuple[Choice, set[int]]:
        """In a report on a front, a village known to the gazetteer only far from the front,
        in its country or abroad ("near Molodizhne" in a monitors' report), is the front's
        village the gazetteer lacks: it stands in at the front's region, by its own name. The
        region is one the text's other places lie in, else the first listed. A name the
        gazetteer does not know at all ("explosions near Tessarivka") stands in at the region
        the text's other places lie in, else at the front's country: the country is known,
        the region is not."""
        out, far = list(choice), set()
        unknown = [i for i, c in enumerate(choice) if c is None and mentions[i].container is None]
        # "near Vodyane, Donetsk ... near Vodyane": the name as the text places it
        placed = {m.key for m in mentions if m.container is not None}
        for front in prefer:
            country, prefixes, _ = front
            found = self._front_geo(front)[0]
            if not found:
                continue
            on_front = {
                m.key: c
                for c, m in zip(choice, mentions, strict=True)
                if c is not None and in_region(c, country, prefixes)
            }
            told = next(
                (r for r in found for c in on_front.values() if same_region(c.admin1, r.admin1)),
                None,
            )
            region = told or found[0]
            land = told or self.gaz.country(country)
            for i in unknown if land is not None else []:
                if fire(traces[i], R.FRONT_STAND_IN):
                    out[i] = land
                    far.add(i)
            unknown = []  # the first front the text names takes them
            for i, (c, m) in enumerate(zip(choice, mentions, strict=True)):
                if (
                    c is None
                    or c.feature != "city"
                    or c.population >= _FRONT_VILLAGE_POP
                    or in_region(c, country, prefixes)
                ):
                    continue  # a village of this or another country ("Komsomolets")
                if m.key in on_front:
                    if fire(traces[i], R.FRONT_STAND_IN):
                        out[i] = on_front[m.key]
                elif m.key not in placed and fire(traces[i], R.FRONT_STAND_IN):
                    out[i] = region
                    far.add(i)
        return out, far

    def _containers_as_regions(
        self, text: str, choice: Choice, mentions: list[Mention], traces: list[rules.Trace]
    ) -> Choice:
        """ "Pisky, Donetsk" and "Fort Worth, Texas": the name after the comma is the region
        the first place lies in (the Donetsk oblast, not the city), when the first place was
        resolved inside that region or stands in for it (an address is in a town)."""
        out = list(choice)
        for i, m in enumerate(mentions[:-1]):
            c, nxt = choice[i], mentions[i + 1]
            if m.container is None or m.container[1] is None or c is None:
                continue
            if STREET_RE.search(m.surface) or re.search(r"\d\s*$", text[: m.start][-4:]):
                continue  # "Abbey Street, Tipperary", "1 Carrowclough, Tipperary": the town
            if text[m.end : nxt.start] != ", " or self.cands.container_named(
                nxt.surface, False
            ) != (m.container, True):
                continue  # not "X, Y" with Y the one region that X's container names
            region = self.gaz.admin1(m.container[0] or "", m.container[1])
            if region is None:
                continue
            if (
                m.stand_in or (c.country == region.country and same_region(c.admin1, region.admin1))
            ) and fire(traces[i + 1], R.CONTAINER_AS_REGION):
                out[i + 1] = region
        return out

    def _score(self, m: Mention, context: PlaceContext, record: bool = False) -> Candidate | None:
        """The best candidate of mention ``m`` given what the other mentions say
        (``context``: in the first pass their unambiguous readings, then their choices).
        ``record``: fire the rules that scored the chosen candidate (the last pass)."""
        if not m.cands:
            return None
        if not rules.on(R.GAZETTEER_BEST_SCORE):
            return m.cands[0]
        use_country = rules.on(R.COUNTRY_OF_DOCUMENT)
        use_near = rules.on(R.NEAR_OTHER_PLACES)
        use_kind = rules.on(R.KIND_OF_OTHER_PLACES)
        use_city = rules.on(R.CITY_OVER_REGION)
        use_hint = rules.on(R.FEATURE_WORD_HINT)
        countries, admins, kinds = context.countries, context.admins, context.kinds
        points, areas = context.points, context.areas
        total = sum(v for v in countries.values() if v > 0) or 1
        big = {
            (c.country, name_key(c.name), c.alt_match)
            for c in m.cands
            if c.feature == "city" and c.population >= 100_000
        }
        big_countries = {b[0] for b in big}
        big_city_admins = {
            c.row_id
            for c in m.cands
            if c.feature == "admin1"
            and (
                (c.country, strip_feature_word(name_key(c.name))[0], False) in big
                or (c.alt_match and c.country in big_countries)  # "Mecca": Makkah region
            )
        }
        best, best_score = None, -1e9
        for c in m.cands:
            s = _KIND_PRIOR.get(c.feature, 0.0)
            if c.alt_match:
                s -= 1.0 if c.feature == "city" else 0.8
            if c.loose_match:
                s -= 0.7
            if c.feature == "country" and m.country_word and m.country_word != c.country:
                s -= 1.0
            s += _W_POP * math.log10(c.population + 1) if c.population else 0.35
            if c.feature == "city" and c.population > 500_000:
                s += _W_FAME * (math.log10(c.population) - 5.7)  # world cities
            if (
                use_city
                and c.feature == "admin1"
                and m.hint != "admin1"
                and c.row_id in big_city_admins
            ):
                s -= 2.0  # "Moscow", "Aleppo": the city, unless "X province"
            if use_country and c.country:
                share = max(countries.get(c.country, 0), 0) / total
                s += _W_COUNTRY * share
            if use_country and c.admin1 and admins.get((c.country, c.admin1)):
                s += _W_ADMIN
            if use_kind and c.feature in ("country", "admin1") and kinds:
                s += _W_KIND * kinds.get(c.feature, 0) / sum(kinds.values())  # lists of states
            if use_hint and m.hint:
                if m.hint == c.feature or (m.hint == "admin1" and c.feature == "admin2"):
                    s += 1.5
                elif c.feature in ("country", "continent"):
                    s -= 1.0
            if m.container:
                iso3, adm = m.container
                if iso3 and c.country == iso3 and (adm is None or c.admin1 == adm):
                    s += 4.0
                else:
                    s -= 2.0
            if use_near and points and c.feature not in ("country", "continent", "region"):
                near = nearest_km(c.lat, c.lon, points)
                s += _W_NEAR * math.exp(-near / _NEAR_KM)
            if use_near and areas and _W_NEAR_AREA and c.feature not in ("country", "continent"):
                near = nearest_km(c.lat, c.lon, areas)
                s += _W_NEAR_AREA * math.exp(-near / _NEAR_AREA_KM)
            if s > best_score:
                best, best_score = c, s
        if record and best is not None:
            rules.fired(R.GAZETTEER_BEST_SCORE, "place")
            if len(m.cands) > 1:  # the context rules that spoke for the choice
                b = best
                hinted = m.hint is not None and (
                    m.hint == b.feature or (m.hint == "admin1" and b.feature == "admin2")
                )
                for name, spoke in (
                    (R.CITY_OVER_REGION, use_city and big_city_admins and m.hint != "admin1"),
                    (
                        R.COUNTRY_OF_DOCUMENT,
                        use_country
                        and (
                            countries.get(b.country or "", 0) > 0
                            or bool(b.admin1 and admins.get((b.country, b.admin1)))
                        ),
                    ),
                    (
                        R.KIND_OF_OTHER_PLACES,
                        use_kind
                        and b.feature in ("country", "admin1")
                        and kinds.get(b.feature, 0) > 0,
                    ),
                    (R.FEATURE_WORD_HINT, use_hint and hinted),
                    (R.NEAR_OTHER_PLACES, use_near and self._near(b, points, areas)),
                    (R.TERRITORY_VOTES, use_country and b.country in context.borrowed),
                ):
                    if spoke:
                        rules.fired(name, "place")
        return best

    @staticmethod
    def _near(
        c: Candidate, points: list[tuple[float, float]], areas: list[tuple[float, float]]
    ) -> bool:
        """The candidate lies near the text's other towns or regions (for the trace)."""
        if (
            points
            and c.feature not in ("country", "continent", "region")
            and nearest_km(c.lat, c.lon, points) <= _NEAR_KM
        ):
            return True
        return bool(
            areas
            and c.feature not in ("country", "continent")
            and nearest_km(c.lat, c.lon, areas) <= _NEAR_AREA_KM
        )

    def place_for_candidate(self, name: str, cand: Candidate, text: str | None = None) -> Place:
        """The :class:`Place` record for a chosen gazetteer candidate."""
        admin1 = cand.admin1 if cand.feature != "country" else None
        return Place(
            text=text if text is not None else name,
            name=cand.name,
            lat=round(cand.lat, 5),
            lon=round(cand.lon, 5),
            geonameid=cand.geonameid,
            admin1=admin1,
            country=cand.country,
            feature=cand.feature,
            geo_precision=_PRECISION.get(cand.feature, 3),
        )
