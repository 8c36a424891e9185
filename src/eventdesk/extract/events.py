"""The event stage: triggers -> grouped events with types, actors, place, date, counts, flags.

Input is a parsed spaCy Doc plus what earlier stages found in it (resolved places, the
document's country); output is typed Event records whose every value carries its evidence span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..records import Actor, Article, Event, Place, Span, stable_id
from .actors import ActorMention, ActorResolver
from .attribution import Attributor
from .counts import KINDS, Count, CountReader
from .dates import ResolvedDate, resolve_date
from .lexicon import Lexicon
from .roles import find_roles
from .triggers import (
    MERGE_CLASSES,
    Trigger,
    TriggerFinder,
    clause_anchor,
    group_triggers,
    main_trigger,
)
from .typing import Typer

HISTORICAL_DAYS = 180
MODALS = {"could", "might", "may", "would", "should", "must"}
HYPOTHETICAL_GOVERNORS = {
    "threaten",
    "vow",
    "plan",
    "intend",
    "want",
    "seek",
    "try",
    "attempt",
    "aim",
    "warn",
    "consider",
    "propose",
    "offer",
    "hope",
}
FUTURE_GOVERNORS = {"plan", "intend", "schedule", "expect", "prepare", "set", "aim", "due"}
DENY = {"deny", "refute", "dismiss", "reject"}
VICTIM_ONLY = {"kill", "killing", "injure", "wound", "die"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    span: Span
    place: Place


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    resolved: ResolvedDate


def _flags(head: Any, finder: TriggerFinder) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) from auxiliaries, negation and governing verbs."""
    negated = hypothetical = future = False
    chain = [head]
    t = head
    while t.dep_ in {"xcomp", "ccomp", "pcomp", "pobj", "dobj", "conj", "advcl", "prep"} and (
        t.head.i != t.i
    ):
        t = t.head
        chain.append(t)
        if finder.is_reporting(t):
            break
    for i, tok in enumerate(chain):
        for c in tok.children:
            if c.dep_ == "neg" and (i == 0 or tok.pos_ in {"VERB", "AUX"}):
                negated = negated or i == 0
            if c.dep_ in {"aux", "auxpass"} and i == 0:
                if c.lower_ in {"will", "shall", "'ll"}:
                    future = True
                elif c.lower_ in MODALS:
                    hypothetical = True
            if c.dep_ == "mark" and c.lower_ in {"if", "unless"} and i == 0:
                hypothetical = True
        lemma = tok.lemma_.lower()
        if i > 0 and lemma in DENY:
            negated = True
        if i > 0 and lemma in HYPOTHETICAL_GOVERNORS:
            hypothetical = True
        if i > 0 and lemma in FUTURE_GOVERNORS:
            future = True
    for c in head.children:  # "no attacks", "never fought"
        if c.dep_ == "det" and c.lower_ == "no":
            negated = True
    return negated, hypothetical, future


def _covers(span: Span, tok: Any) -> bool:
    return span[0] <= tok.idx < span[1]


class EventExtractor:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.finder = TriggerFinder(lexicon)
        self.typer = Typer(lexicon)
        self.counts = CountReader(lexicon)
        self.attribution = Attributor(self.finder, actors)
        self.place_nouns = lexicon.cue_words("place_noun")

    # ------------------------------------------------------------------------------------
    def dates(self, doc: Any, published: dt.date | None) -> list[DateMention]:
        out = []
        for ent in doc.ents:
            if ent.label_ not in {"DATE", "TIME"}:
                continue
            r = resolve_date(ent.text, published)
            if r is not None:
                out.append(DateMention((ent.start_char, ent.end_char), r))
        return out

    def extract(
        self,
        doc: Any,
        article: Article,
        places: list[PlaceMention],
        doc_country: str | None,
    ) -> list[Event]:
        published = dt.date.fromisoformat(article.published) if article.published else None
        dates = self.dates(doc, published)
        events: list[Event] = []
        last_date: DateMention | None = None
        last_material: int | None = None  # index into events of the last material event
        pending_counts: list[Count] = []
        for sent in doc.sents:
            sent_dates = [d for d in dates if sent.start_char <= d.span[0] < sent.end_char]
            triggers = self.finder.find(sent)
            groups = group_triggers(triggers, self.finder)
            counts = self.counts.read(sent)
            sources = self.attribution.sentence_sources(sent, doc_country)
            made: list[tuple[list[Trigger], Event]] = []
            for group in groups:
                main = main_trigger(group)
                if (
                    all(t.entry.trigger in VICTIM_ONLY for t in group)
                    and last_material is not None
                    and not self._has_agent(group, doc_country)
                ):
                    pending_counts.extend(counts)
                    continue  # "Five soldiers were killed." continues the previous event
                event = self._event(
                    doc,
                    sent,
                    article,
                    group,
                    main,
                    places,
                    sent_dates,
                    last_date,
                    published,
                    doc_country,
                    counts,
                    sources,
                )
                if event is not None:
                    made.append((group, event))
            if pending_counts and last_material is not None and not made:
                events[last_material] = _with_counts(events[last_material], pending_counts)
            pending_counts = []
            for group, event in made:
                events.append(event)
                if main_trigger(group).entry.plover in MERGE_CLASSES:
                    last_material = len(events) - 1
            if sent_dates:
                last_date = sent_dates[-1]
            displaced = [c for c in counts if c.kind == "displaced"]
            if displaced and not made and last_material is not None:
                events[last_material] = _with_counts(events[last_material], displaced)
        return events

    # ------------------------------------------------------------------------------------
    def _has_agent(self, group: list[Trigger], doc_country: str | None) -> bool:
        for trig in group:
            roles = find_roles(trig.head)
            for tok in roles.actor1:
                if self.actors.from_token(tok, doc_country) is not None:
                    return True
        return False

    def _actor(
        self, candidates: list[Any], doc_country: str | None, used: set[int]
    ) -> ActorMention | None:
        for tok in candidates:
            if tok.i in used:
                continue
            if tok.lemma_.lower() in self.place_nouns or (
                tok.ent_type_ in {"GPE", "LOC", "FAC"}
                and (self.actors.countries.country_for_word(tok.text) is None)
            ):
                continue
            mention = self.actors.from_token(tok, doc_country)
            if mention is not None:
                used.add(tok.i)
                return mention
        return None

    def _event(
        self,
        doc: Any,
        sent: Any,
        article: Article,
        group: list[Trigger],
        main: Trigger,
        places: list[PlaceMention],
        sent_dates: list[DateMention],
        last_date: DateMention | None,
        published: dt.date | None,
        doc_country: str | None,
        counts: list[Count],
        sentence_sources: list[str],
    ) -> Event | None:
        evidence: dict[str, Span] = {
            "sentence": _trim(doc.text, sent.start_char, sent.end_char),
            "trigger": main.span,
        }
        ordered = [main] + [t for t in group if t is not main]
        a1: ActorMention | None = None
        a2: ActorMention | None = None
        place_args: list[tuple[Any, bool]] = []
        used: set[int] = set()
        object_is_place = False
        for trig in ordered:
            roles = find_roles(trig.head)
            if a1 is None:
                a1 = self._actor(roles.actor1, doc_country, used)
            if a2 is None:
                a2 = self._actor(roles.actor2, doc_country, used)
            place_args.extend(roles.places)
            if trig is main:
                object_is_place = any(
                    t.lemma_.lower() in self.place_nouns or t.ent_type_ in {"GPE", "LOC", "FAC"}
                    for t in roles.actor2
                )
        if a1 is not None:
            evidence["actor1"] = a1.span
        if a2 is not None:
            evidence["actor2"] = a2.span

        # counts that belong to this clause
        anchor = clause_anchor(main.head, self.finder).i
        mine = [c for c in counts if clause_anchor(c.victim, self.finder).i == anchor] or [
            c for c in counts if any(c.victim.i == t.head.i for t in group)
        ]
        if not mine and len({clause_anchor(t.head, self.finder).i for t in group}) == 1:
            mine = counts if main.entry.plover in MERGE_CLASSES else []
        values: dict[str, int] = {}
        for c in mine:
            if c.value > values.get(c.kind, -1):
                values[c.kind] = c.value
                evidence[c.kind] = c.span

        # place
        location = self._location(place_args, places, sent, evidence, a1, a2)

        # date
        negated, hypothetical, future = _flags(main.head, self.finder)
        date_mention = self._date(main, sent_dates) or last_date
        date: str | None = None
        precision: int | None = None
        if date_mention is not None:
            resolved = date_mention.resolved
            if future and published is not None and resolved.date < published:
                resolved = (
                    resolve_date(doc.text[slice(*date_mention.span)], published, True) or resolved
                )
            date, precision = resolved.date.isoformat(), resolved.precision
            evidence["date"] = date_mention.span
        elif published is not None:
            date, precision = published.isoformat(), 2
        historical = False
        if date is not None and published is not None:
            d = dt.date.fromisoformat(date)
            historical = (published - d).days > HISTORICAL_DAYS
            if (d - published).days > 0:
                future = True

        sources = list(
            dict.fromkeys(
                [*self.attribution.clause_sources(main.head, doc_country), *sentence_sources]
            )
        )
        etype = self.typer.decide(
            group,
            main,
            a1.actor if a1 else None,
            a2.actor if a2 else None,
            sent,
            object_is_place,
            values.get("fatalities"),
        )
        actor1 = a1.actor if a1 else None
        actor2 = a2.actor if a2 else None
        if etype.plover == "ASSAULT" and actor1 is not None and actor1.sector == "GOV":
            actor1 = _as_military(actor1, self.actors)
        confidence = 0.35 + 0.04 * min(main.entry.priority, 10)
        confidence += 0.1 * (actor1 is not None) + 0.05 * (actor2 is not None)
        confidence += 0.05 * (location is not None) + 0.05 * ("date" in evidence)
        if negated or hypothetical:
            confidence -= 0.2
        return Event(
            event_id=stable_id(article.article_id, str(main.span[0]), etype.plover, prefix="e"),
            article_id=article.article_id,
            plover_type=etype.plover,
            plover_mode=etype.mode,
            acled_event_type=etype.acled_event_type,
            acled_sub_event_type=etype.acled_sub_event_type,
            cameo=etype.cameo,
            actor1=actor1,
            actor2=actor2,
            location=location,
            date=date,
            time_precision=precision,
            fatalities=values.get("fatalities"),
            injured=values.get("injured"),
            displaced=values.get("displaced"),
            arrested=values.get("arrested"),
            reported_by=tuple(sources),
            negated=negated,
            hypothetical=hypothetical,
            future=future,
            historical=historical,
            confidence=max(0.05, min(0.99, confidence)),
            evidence=tuple(evidence.items()),
        )

    def _date(self, main: Trigger, sent_dates: list[DateMention]) -> DateMention | None:
        if not sent_dates:
            return None
        sub = main.head.subtree
        inside = [d for d in sent_dates if any(_covers(d.span, t) for t in sub)]
        pool = inside or sent_dates
        return min(pool, key=lambda d: abs(d.span[0] - main.span[0]))

    def _location(
        self,
        place_args: list[tuple[Any, bool]],
        places: list[PlaceMention],
        sent: Any,
        evidence: dict[str, Span],
        a1: ActorMention | None,
        a2: ActorMention | None,
    ) -> Place | None:
        in_sent = [p for p in places if sent.start_char <= p.span[0] < sent.end_char]
        if not in_sent:
            return None
        actor_spans = [m.span for m in (a1, a2) if m is not None]
        for tok, near in place_args:
            sub = list(tok.subtree)
            lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            for p in in_sent:
                if lo <= p.span[0] < hi:
                    evidence["location"] = p.span
                    return _near(p.place) if near else p.place
        free = [
            p
            for p in in_sent
            if not any(s <= p.span[0] < e for s, e in actor_spans) and p.place.feature != "country"
        ] or [p for p in in_sent if not any(s <= p.span[0] < e for s, e in actor_spans)]
        if not free:
            return None
        trig = evidence["trigger"][0]
        best = min(free, key=lambda p: abs(p.span[0] - trig))
        evidence["location"] = best.span
        return best.place


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _near(place: Place) -> Place:
    if place.geo_precision >= 2:
        return place
    return Place(
        text=place.text,
        name=place.name,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        admin1=place.admin1,
        country=place.country,
        feature=place.feature,
        geo_precision=2,
    )


def _with_counts(event: Event, counts: list[Count]) -> Event:
    values = {k: getattr(event, k) for k in KINDS}
    evidence = dict(event.evidence)
    for c in counts:
        if values[c.kind] is None or c.value > values[c.kind]:
            values[c.kind] = c.value
            evidence[c.kind] = c.span
    from dataclasses import replace

    return replace(event, evidence=tuple(evidence.items()), **values)


def _as_military(actor: Actor, resolver: ActorResolver) -> Actor:
    """A government that fires or shells acts through its military."""
    if actor.country is None or actor.role:
        return actor
    mil = resolver.agent_actor("military", actor.text, actor.country)
    return mil or actor
