"""Where an event happened: its scene among the places a sentence names.

A place inside the trigger's own "in/near/at" arguments, else the most specific place of the
sentence nearest the trigger, else the last place named earlier in the paragraph. Places inside
actor phrases, demonyms ("American servicemen"), places that say whose or what kind a thing
is ("Gulf shipping", "Iraq's occupation"), places that only locate another one ("in Castanos,
Coahuila"), the whole a part belongs to ("Baghdad's neighborhood of Hurriyah"), distance and
border landmarks ("500 km north of Accra", "on the border with Turkey") and, unless the
trigger's own arguments name them, where another verb went or people came from ("shipped to
X", "observers from X") are not the scene. A place the gazetteer cannot find keeps its name
and takes the coordinates of the area around it that the sentence names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from typing import Any

from ..nlp import doc_text
from ..records import Place, PlaceMention, Span
from ..resolve.gazetteer import haversine_km
from ..resolve.normalize import FEATURE_WORDS, name_key
from ..resolve.places import same_region
from .roles import COMPASS, EDGE_NOUNS


@dataclass(frozen=True, slots=True)
class SceneWords:
    """Lemmas that decide whether a place modifying a noun is where something happened:
    ``agents`` it says whose ("a U.S. soldier", "the forces of Chad"), ``places`` it is part
    of or names ("the Hama airport", "the city of X"), ``events`` it says where they were
    ("the Kabul bombing"). A place modifying any other thing says whose or what kind it is
    ("Gulf shipping", "Iraq's occupation"), not where."""

    agents: Container[str] = frozenset()
    places: Container[str] = frozenset()
    events: Container[str] = frozenset()


def event_place(
    place_args: list[tuple[Any, bool]],
    places: list[PlaceMention],
    sent: Any,
    evidence: dict[str, Span],
    actor_spans: list[Span],
    words: SceneWords = SceneWords(),
) -> Place | None:
    """The place the event happened (see the module doc); sets ``evidence["location"]``.
    Places inside ``actor_spans`` name who acted, not where, and so do places that modify
    an agent noun ("a U.S. soldier", "the Baghdad regime"), a thing that is neither a place
    nor an event ("Gulf shipping", see ``SceneWords``), a person ("Garissa County
    Commissioner N") or an organisation not named after a building or area ("Chechnya's
    Justice Ministry", not "Badr Mosque")."""
    in_sent = [
        p
        for p in places
        if sent.start_char <= p.span[0] < sent.end_char
        and not any(s <= p.span[0] < e for s, e in actor_spans)
    ]
    trig = evidence["trigger"][0]
    text = doc_text(sent.doc)
    named = [p for p in in_sent if not _demonym(sent.doc, p) and not _whose(sent.doc, p, words)]
    in_sent = _without_containers(
        named, lambda region, held: not _elsewhere_bound(sent.doc, held, trig), text
    )
    found = _scene(place_args, in_sent, places, sent, trig)
    if found is None:
        return None
    chosen, near = found
    evidence["location"] = chosen.span
    place = _near(chosen.place) if near else chosen.place
    whole = _whole_named(sent.doc, chosen, in_sent)
    if (
        whole is not None
        and place.lat is not None
        and whole.place.lat is not None
        and place.lon is not None
        and whole.place.lon is not None
        and haversine_km(place.lat, place.lon, whole.place.lat, whole.place.lon) > _WHOLE_KM
    ):  # "the Yangi Kala area of Qaysar district": not a namesake across the country
        place = _within(place, whole.place)
    if place.lat is None:
        # a place the gazetteer cannot locate: the coordinates of the area around it that
        # the text names (precision 2 at least), if any
        located = [p for p in in_sent if p.place.lat is not None] or [
            p
            for p in named
            if p.place.lat is not None  # "Tessaro (Ansongo, Gao)"
        ]
        around = _scene(place_args, located, [p for p in places if p.place.lat], sent, trig)
        if around is not None:
            place = _within(place, _finest(around[0], places, text))
    elif _stood_in(place):
        place = _within(place, _finest(chosen, places, text))
    return place


def _finest(mention: PlaceMention, places: list[PlaceMention], text: str) -> Place:
    """The place of ``mention``, or, for a village known only by its region, of the town
    named beside it: "Tessaro (Ansongo, Gao)" lies nearer Ansongo than the middle of the Gao
    region."""
    place = mention.place
    if not _stood_in(place):
        return place
    finer = [
        p
        for p in places
        if p is not mention
        and p.place.lat is not None
        and _spec(p.place) < _spec(place)
        and p.place.country == place.country
        and (_beside(text, mention.span, p.span) or _bracketed(text, mention.span, p.span))
    ]
    return min(finer, key=lambda p: (_spec(p.place), p.span)).place if finer else place


def _stood_in(place: Place) -> bool:
    """The place is known only by name, at the point of its region or country."""
    if place.geonameid is not None or place.feature not in {"admin1", "country"}:
        return False
    return place.feature == "country" or not same_region(place.name, place.admin1)


def _scene(
    place_args: list[tuple[Any, bool]],
    in_sent: list[PlaceMention],
    places: list[PlaceMention],
    sent: Any,
    trig: int,
) -> tuple[PlaceMention, bool] | None:
    """The place mention where the event happened and whether the text says "near" it: a
    place inside the trigger's own 'in/near/at' arguments, else the most specific place of
    the sentence nearest the trigger, else the last place named earlier in the paragraph."""
    chosen: PlaceMention | None = None
    near = False
    doc = sent.doc
    # "Yendi, 500 km north of Accra": Accra is a landmark, not the scene; the other side of a
    # border ("sent troops to its border with X", "to the X border") is never the scene
    in_sent = [p for p in in_sent if not _other_side(doc, p)]
    scene = [p for p in in_sent if not _landmark(doc, p)] or in_sent
    for tok, is_near in place_args:
        sub = list(tok.subtree)
        lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
        inside = [p for p in scene if lo <= p.span[0] < hi]
        if inside:
            # "in Baghdad's neighborhood of Hurriyah": the part, not the whole it belongs to
            chosen = min(inside, key=lambda p: (_spec(p.place), _whole(doc, p, inside), p.span))
            near = is_near
            break
    in_sent = scene
    finer = [p for p in in_sent if _spec(p.place) == 0]
    if chosen is not None and _spec(chosen.place) > 0 and finer:
        same = [p for p in finer if p.place.country == chosen.place.country]
        if same:
            chosen, near = min(same, key=lambda p: abs(p.span[0] - trig)), False
    # "captured in 2001 and shipped to X": where another verb went is not where this happened
    in_sent = [p for p in in_sent if not _elsewhere_bound(doc, p, trig)]
    if chosen is None and in_sent:
        chosen = min(
            in_sent,
            key=lambda p: (_spec(p.place), _whole(doc, p, in_sent), abs(p.span[0] - trig)),
        )
    if chosen is None:
        told = _told_next(sent, places)
        if told is not None:
            return told, False
        text = doc_text(doc)
        before = [p for p in places if p.span[1] <= sent.start_char]
        para_start = text.rfind("\n\n", 0, sent.start_char)
        # "In Santarem, Para, a body was found. ...": Santarem, not the state named beside it
        before = _without_containers(
            [
                p
                for p in before
                if p.span[0] > para_start and not _demonym(doc, p) and not _other_side(doc, p)
            ],
            lambda region, held: _beside(text, region.span, held.span),
            text,
        )
        if not before:
            return None
        chosen = max(before, key=lambda p: (p.span[0], -_spec(p.place)))
    return chosen, near


def _told_next(sent: Any, places: list[PlaceMention]) -> PlaceMention | None:
    """The place the next sentence says it happened in: "... set fire to a vehicle. The
    incident occurred in Tirana." """
    doc = sent.doc
    if sent.end >= len(doc):
        return None
    nxt = doc[sent.end].sent
    root = nxt.root
    said = root.lemma_.lower() in _OCCUR_VERBS or (
        root.lemma_.lower() == "take" and any(c.lower_ == "place" for c in root.children)
    )
    if not said or doc_text(doc).count("\n\n", sent.end_char, nxt.start_char):
        return None
    return next((p for p in places if nxt.start_char <= p.span[0] < nxt.end_char), None)


_OCCUR_VERBS = frozenset({"occur", "happen"})
_TO_PREPS = frozenset({"to", "toward", "towards", "into"})


def _elsewhere_bound(doc: Any, mention: PlaceMention, trig: int) -> bool:
    """The place is where something other than the trigger went or where people came from:
    "shipped to X", "his visit to X", "observers from X" ("marched to X" is the march's own)."""
    root = _root(doc, mention)
    if root is None or root.dep_ != "pobj" or root.head.head.idx == trig:
        return False
    prep, owner = root.head.lower_, root.head.head
    if prep == "from" and owner.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        return True  # "observers from X", "one from X": where they came from
    return prep in _TO_PREPS and owner.lower_ not in {"close", "next"}  # "close to X"


def _root(doc: Any, mention: PlaceMention) -> Any | None:
    span = doc.char_span(*mention.span, alignment_mode="expand")
    return span.root if span is not None else None


def _whole(doc: Any, mention: PlaceMention, others: list[PlaceMention]) -> bool:
    """The place names the whole that another place is part of: a possessor ("Baghdad's
    neighborhood of X") or the modifier of "the Nairobi suburb of X" - unless the place
    after "of" is a gazetteer place and the modifier is not ("the Zahra neighborhood of
    Jiddah": Zahra is the part)."""
    root = _root(doc, mention)
    if root is None:
        return False
    if root.dep_ == "poss":
        return True
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        # "Shaffa and Shindiffu villages of Hawul LGA", "the Washash district of Baghdad"
        part = root.head.head
        if part.lemma_.lower() not in PART_NOUNS:
            return False
        lo = part.left_edge.idx
        named = [o for o in others if o is not mention and lo <= o.span[0] < part.idx]
        # ... but in "the Mogadishu suburb of X" the known city before is the whole
        known = mention.place.geonameid is not None
        return bool(named) and (known or all(o.place.geonameid is None for o in named))
    if root.dep_ != "compound":
        return False
    of = _of_phrase(root.head)
    if of is None:
        return False
    sub, lo, hi = of
    kind = root.head
    plain = kind.lemma_.lower() in PART_NOUNS and all(
        c.i <= root.i for c in kind.children if c.dep_ == "compound"
    )  # "the X area", not "the X Local Government Area"
    if plain and any(t.lemma_.lower() in FEATURE_WORDS for t in sub):
        return False  # "the Shalman area of Khyber region": after "of" is a region
    after = [o for o in others if lo <= o.span[0] < hi and o.place.geonameid is not None]
    return not (after and mention.place.geonameid is None)


# nouns for a part of a larger place: "the X district of Y"
PART_NOUNS = frozenset(
    {
        "village",
        "district",
        "neighborhood",
        "neighbourhood",
        "area",
        "suburb",
        "community",
        "quarter",
        "town",
        "locality",
        "section",
    }
)


def _whole_named(
    doc: Any, mention: PlaceMention, others: list[PlaceMention]
) -> PlaceMention | None:
    """The place after "of" in "the X area of Y" (Y), when ``mention`` is X."""
    root = _root(doc, mention)
    if root is None or root.dep_ != "compound" or root.head.lemma_.lower() not in PART_NOUNS:
        return None
    of = _of_phrase(root.head)
    if of is None:
        return None
    _, lo, hi = of
    return next((o for o in others if o is not mention and lo <= o.span[0] < hi), None)


def _of_phrase(head: Any) -> tuple[list[Any], int, int] | None:
    """The tokens and character span of the first "of ..." phrase on ``head``."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            sub = list(prep.subtree)
            return sub, sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return None


_WHOLE_KM = 60.0  # a part of a named place lies this near its point


def _landmark(doc: Any, mention: PlaceMention) -> bool:
    """The place is the reference point of a distance or direction, or the other side of a
    border: "north of X", "30 km from X", "on the border with X", "a border town with X"."""
    root = _root(doc, mention)
    if root is not None and root.dep_ == "appos":  # "80 km east of the capital, Dhaka"
        root = root.head
    if root is None or root.dep_ != "pobj":
        return False
    anchor = root.head.head
    if root.head.lower_ == "with":
        return anchor.lemma_.lower() in BORDER_WORDS or any(
            c.dep_ in {"compound", "amod"} and c.lemma_.lower() in BORDER_WORDS
            for c in anchor.children
        )
    if root.head.lower_ not in {"of", "from"}:
        return False
    return anchor.lower_ in COMPASS or anchor.lemma_.lower() in DISTANCE_UNITS


def own_country_place(places: list[PlaceMention], country: str) -> PlaceMention | None:
    """The first mention of the text that names the country ``country`` itself."""
    return next(
        (p for p in places if p.place.feature == "country" and p.place.country == country), None
    )


def _other_side(doc: Any, mention: PlaceMention) -> bool:
    """The place names the other side of a border the event goes to: "to its border with
    X", "to the X border" (a movement there happens on the mover's side)."""
    root = _root(doc, mention)
    if root is None:
        return False
    if root.dep_ in {"amod", "compound"} and root.head.lemma_.lower() in BORDER_WORDS:
        border = root.head  # "the Colombian border"
    elif root.dep_ == "pobj" and root.head.lower_ == "with":
        border = root.head.head  # "its border with Colombia"
    else:
        return False
    return (
        border.lemma_.lower() in BORDER_WORDS
        and border.dep_ == "pobj"
        and border.head.lower_ in {"to", "toward", "towards"}
    )


DISTANCE_UNITS = {"kilometer", "kilometre", "km", "mile", "meter", "metre"}
BORDER_WORDS = EDGE_NOUNS  # "the border with X" (one list with the movement rule's)


def _within(place: Place, area: Place) -> Place:
    """A place known only by name, at the coordinates of the named area around it."""
    return Place(
        text=place.text,
        name=place.name,
        lat=area.lat,
        lon=area.lon,
        geonameid=None,
        admin1=area.admin1,
        country=area.country,
        feature=area.feature,
        geo_precision=max(2, area.geo_precision),
    )


def _demonym(doc: Any, mention: PlaceMention) -> bool:
    """A country named by its people's adjective ("American servicemen", "an Iraqi official")
    says whose, not where."""
    if mention.place.feature != "country":
        return False
    span = doc.char_span(*mention.span, alignment_mode="expand")
    return span is not None and (span.root.ent_type_ == "NORP" or span.root.tag_ in {"JJ", "NNPS"})


_MODIFIER = frozenset({"compound", "poss", "nmod"})  # how a place says whose a noun is


def _whose(doc: Any, mention: PlaceMention, words: SceneWords) -> bool:
    """The place says whose an agent is, not where: "a U.S. soldier", "the Baghdad regime",
    "Kano's governor" (a modifier or possessor of an agent noun), "Italy's Luca Cadalora"
    (of a person), "Iraq's occupation", "Gulf shipping" (of a thing that is neither a place
    nor an event); "the Hama Military Airport" is a place (an organisation named after a
    building or area)."""
    root = _root(doc, mention)
    if root is not None and root.dep_ == "pobj" and root.head.lower_ == "of":
        return _named_after(root.head.head, words)
    if root is None or root.dep_ not in _MODIFIER or root.head.i < root.i:
        return False
    head = root.head
    # "Garissa County Commissioner X", "U.S. Secretary of State X"
    while head.dep_ in {"compound", "nmod"} and head.head.i > head.i:
        head = head.head
    if root.dep_ == "nmod" and head.ent_type_ != "PERSON":
        return False  # a modifier the parser hangs loosely: only a person's title says whose
    between = doc[root.i + 1 : head.i]
    if any(t.is_punct and t.text not in {"'s", "’s", "'", "’"} for t in between):
        return False
    if between and between[0].tag_ == "VBG":
        return False  # "outside the court of Tessaly demanding justice": a misparse
    if head.pos_ == "NOUN":
        return _a_thing(head.lemma_.lower(), words)
    if head.ent_type_ not in {"PERSON", "ORG"}:
        return False
    # the name's own words, up to its head: "Local Government Area" is an area, whatever the
    # model took it for ("Secretary of State" before a name is an office: 'of State' names no
    # area)
    title = head.ent_type_ == "PERSON"
    lemmas = [
        t.lemma_.lower()
        for t in doc[root.i + 1 : head.i + 1]
        if not (title and t.i < head.i and t.dep_ == "pobj" and t.head.lower_ == "of")
    ]
    return not any(
        " ".join(lemmas[i : i + n]) in words.places for n in (1, 2) for i in range(len(lemmas))
    )


def _a_thing(lemma: str, words: SceneWords) -> bool:
    """A noun a place can modify without saying where: an agent or any thing that is neither
    a place, a part of one nor an event."""
    if lemma in words.agents:
        return True
    return not (_placeish(lemma, words) or lemma in COMPASS or lemma in words.events)


def _placeish(lemma: str, words: SceneWords) -> bool:
    """A noun for a place, a site or a part of one ("airport", "city", "district")."""
    return lemma in words.places or lemma in FEATURE_WORDS or lemma in PART_NOUNS


def _named_after(owner: Any, words: SceneWords) -> bool:
    """ "X of <place>" names a body after the place, not where it is: "the Islamic State of
    Iraq", "the Armed Forces of Colombia", "the forces of Chad"; not "the city of X", "the
    Al-Malaah Farms of northern Aleppo" (a place or site in it)."""
    lemma = owner.lemma_.lower()
    named = owner.pos_ == "PROPN" and owner.ent_type_ in {"ORG", "PERSON", "WORK_OF_ART", "LAW"}
    if named and any(c.dep_ in {"compound", "amod"} and c.i < owner.i for c in owner.children):
        return True  # a name of several words: "the Islamic State of Iraq"
    if _placeish(lemma, words):
        return False  # "the State of Borno", "the city of X"
    if owner.pos_ == "NOUN":
        return lemma in words.agents
    return named


def place_tokens(sent: Any, places: list[PlaceMention]) -> set[int]:
    """Indices of the sentence's tokens inside a resolved place mention."""
    out: set[int] = set()
    for p in places:
        if sent.start_char <= p.span[0] < sent.end_char:
            span = sent.doc.char_span(*p.span, alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
    return out


def _without_containers(
    mentions: list[PlaceMention],
    holds: Callable[[PlaceMention, PlaceMention], bool],
    text: str,
) -> list[PlaceMention]:
    """Drop the places that only say where another mentioned place lies: "in Castanos,
    Coahuila" happened in Castanos, whose state is Coahuila. ``holds(region, place)`` says
    whether the text uses the region to locate the place; "protested in Medenine after lorries
    driving to Ben Gardane were stopped" happened in Medenine, though Ben Gardane lies in its
    governorate. Whatever the gazetteer says, the names in brackets right after a place
    locate it: "Verulam (eThekwini, KwaZulu-Natal)", "the village of X (Ansongo, Gao)"."""
    if len(mentions) < 2:
        return mentions
    regions = {(m.place.country, name_key(m.place.admin1)) for m in mentions if m.place.admin1}

    def container(m: PlaceMention) -> bool:
        if any(_bracketed(text, o.span, m.span) for o in mentions):
            return True
        if m.place.feature == "country":
            return any(o.place.country == m.place.country for o in mentions if o is not m)
        keys = {name_key(m.place.text), name_key(m.place.name)}
        return any((m.place.country, k) in regions for k in keys) and any(
            o.place.admin1
            and name_key(o.place.admin1) in keys
            and name_key(o.place.name) not in keys  # not a second mention of the same place
            and holds(m, o)
            for o in mentions
            if o is not m
        )

    kept = [m for m in mentions if not container(m)]
    return kept or mentions


_BRACKETED_RE = re.compile(r"\s*[(\[](?:[^()\[\],.]{1,40},\s*){0,2}")


def _bracketed(text: str, place: Span, other: Span) -> bool:
    """``other`` is named in brackets right after ``place``: "X (Ansongo, Gao)"."""
    return place[1] <= other[0] and _BRACKETED_RE.fullmatch(text, place[1], other[0]) is not None


_BESIDE_RE = re.compile(r"[\W_]*(?:[^\W\d_]+[\W_]+){0,3}")
_BESIDE_CHARS = 30


def _beside(text: str, a: Span, b: Span) -> bool:
    """Two mentions named together, at most three words apart in one clause: "Santarem,
    Para", "Verulam (eThekwini, KwaZulu-Natal)", "Tessaro of the Gao region"."""
    lo, hi = sorted((a, b))
    gap = text[lo[1] : hi[0]]
    return len(gap) <= _BESIDE_CHARS and "." not in gap and _BESIDE_RE.fullmatch(gap) is not None


_SPECIFICITY = {"city": 0, "admin2": 0, "admin1": 1, "region": 2, "country": 3, "continent": 4}


def _spec(place: Place) -> int:
    """0 for a town (or a named place the gazetteer cannot locate), growing with the size of
    the area a place names."""
    if place.lat is None:
        return 0
    return _SPECIFICITY.get(place.feature or "", 1)


def _near(place: Place) -> Place:
    return place if place.geo_precision >= 2 else replace(place, geo_precision=2)
