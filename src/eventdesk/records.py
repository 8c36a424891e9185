"""Typed records that flow through the pipeline, and their JSON contract.

Every record is a frozen dataclass. ``to_dict`` methods produce exactly the shapes of the
output contract (see ``docs/contract.md``); nothing else in the package builds those dicts.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 1

Span = tuple[int, int]
# evidence keys that may repeat in ``Event.evidence`` (a list of spans in the contract)
LIST_EVIDENCE = frozenset({"mentions", "actors1", "actors2"})

# the 16 PLOVER event types, in the manual's order (cooperative to violent)
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


def stable_id(*parts: str, prefix: str = "", length: int = 16) -> str:
    """A deterministic id: sha1 of whitespace- and case-normalised parts."""
    h = hashlib.sha1()
    for part in parts:
        norm = " ".join(unicodedata.normalize("NFC", part).split()).lower()
        h.update(norm.encode("utf-8"))
        h.update(b"\x1f")
    return prefix + h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One input article; ``text`` is what every evidence offset points into."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD
    language: str | None = "en"
    source_path: str | None = None
    article_id: str = ""

    @property
    def where(self) -> str:
        """How messages name the article: its file, else its URL, else its id."""
        return self.source_path or self.url or self.article_id

    def __post_init__(self) -> None:
        if not self.article_id:
            object.__setattr__(self, "article_id", stable_id(self.text, prefix="a"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    name: str
    country: str | None = None  # ISO3
    sector: str | None = None  # MIL, GOV, REB, CVL, IGO, ...
    inter: int | None = None  # ACLED actor type 0..8
    cameo: str | None = None
    role: str | None = None  # a person's title ("Foreign Minister")
    associate: str | None = None  # "Russia-backed rebels" -> "Military Forces of Russia"
    implied: bool = False  # not named in the text: implied by the event (evidence: the trigger,
    # or the place mention that decided it, see extract/fronts.py)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "inter": self.inter,
            "cameo": self.cameo,
        }
        if self.role is not None:
            d["role"] = self.role
        if self.associate is not None:
            d["associate"] = self.associate
        if self.implied:
            d["implied"] = True
        return d


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    admin1: str | None = None
    country: str | None = None  # ISO3
    feature: str | None = None  # city, admin1, country, ...
    geo_precision: int = 1
    # the rules that recognised and resolved this toponym (see rules.py); not part of the
    # place's contract shape: it reaches an event's ``decided_by["location"]``
    decided_by: tuple[str, ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "geonameid": self.geonameid,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "country": self.country,
            "feature": self.feature,
            "geo_precision": self.geo_precision,
        }


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A toponym of the article (its character span) and the place it resolved to: what the
    place stage hands the event stage."""

    span: Span
    place: Place


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    article_id: str
    plover_type: str
    plover_mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str
    actor1: Actor | None
    actor2: Actor | None
    location: Place | None
    date: str | None
    time_precision: int | None
    fatalities: int | None = None
    injured: int | None = None
    displaced: int | None = None
    arrested: int | None = None
    reported_by: tuple[str, ...] = ()
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    confidence: float = 0.5
    # every actor of a side that has several ("A, B and C were deployed"): actor1 / actor2
    # first; () when the side has one actor or none (see ``side``)
    actors1: tuple[Actor, ...] = ()
    actors2: tuple[Actor, ...] = ()
    # (key, span) pairs; the keys in LIST_EVIDENCE may repeat (one pair per mention of the
    # happening, one per further actor of a side)
    evidence: tuple[tuple[str, Span], ...] = ()
    # which named rules (rules.py) decided each field: ((field, (rule, ...)), ...)
    decided_by: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)

    def evidence_dict(self) -> dict[str, Any]:
        """Evidence as the contract shows it: each key's [start, end]; the keys of
        LIST_EVIDENCE (``mentions``: the trigger of every mention of one happening,
        extract/coref.py; ``actors1``/``actors2``: the further actors of a side) as lists."""
        out: dict[str, Any] = {}
        for k, (s, e) in self.evidence:
            if k in LIST_EVIDENCE:
                out.setdefault(k, []).append([s, e])
            else:
                out[k] = [s, e]
        return out

    def mentions(self) -> list[Span]:
        """The trigger spans of every mention merged into this event (empty when one)."""
        return [span for k, span in self.evidence if k == "mentions"]

    def side(self, n: int) -> tuple[Actor, ...]:
        """Every actor of side ``n`` (1 or 2), the main one first."""
        many, main = (self.actors1, self.actor1) if n == 1 else (self.actors2, self.actor2)
        return many or ((main,) if main is not None else ())

    def pairs(self) -> list[tuple[Actor | None, Actor | None]]:
        """The (actor1, actor2) dyads of the event, one per actor of a side that has several
        (as CAMEO coders list coordinated actors); never an actor with itself (a meeting of
        A and B told both ways lists A and B on each side)."""
        ones: tuple[Actor | None, ...] = self.side(1) or (None,)
        twos: tuple[Actor | None, ...] = self.side(2) or (None,)
        return [
            (a, b)
            for a in ones
            for b in twos
            if a is None or b is None or (a.name, a.cameo) != (b.name, b.cameo)
        ]

    def decided_dict(self) -> dict[str, list[str]]:
        return {k: list(names) for k, names in self.decided_by}

    def to_dict(self) -> dict[str, Any]:
        acled = None
        if self.acled_event_type is not None:
            acled = {
                "event_type": self.acled_event_type,
                "sub_event_type": self.acled_sub_event_type,
            }
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "plover": {"type": self.plover_type, "mode": self.plover_mode},
            "acled": acled,
            "cameo": self.cameo,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "actors1": [a.to_dict() for a in self.side(1)],
            "actors2": [a.to_dict() for a in self.side(2)],
            "location": self.location.to_dict() if self.location else None,
            "date": self.date,
            "time_precision": self.time_precision,
            "fatalities": self.fatalities,
            "injured": self.injured,
            "displaced": self.displaced,
            "arrested": self.arrested,
            "reported_by": list(self.reported_by),
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "future": self.future,
            "historical": self.historical,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence_dict(),
            "decided_by": self.decided_dict(),
        }


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: Actor | None
    text: str
    evidence: tuple[tuple[str, Span], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "text": self.text,
            "evidence": {k: [s, e] for k, (s, e) in self.evidence},
        }


@dataclass(frozen=True, slots=True)
class ArticleResult:
    article: Article
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Place, ...] = field(default=())  # every resolved toponym, for maps / eval

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
        }
