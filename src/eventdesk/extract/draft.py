"""One event, decided field by field: a typed draft passed through named passes.

:class:`EventBuilder` turns one trigger group of a sentence into an :class:`Event`. The
draft (:class:`EventDraft`) starts with the sentence and trigger as evidence and goes through
the passes of ``EventBuilder.PASSES`` in order: the sides the dependency parse gives, the
clause's counts, the place, flags and date, who reported it, the type, ACLED's actor
conventions, foreign forces, the final type and the confidence. Every pass and every rule
inside it records what it decided in the draft's trace, which becomes the event's
``decided_by``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from .. import rules
from ..nlp import doc_text
from ..records import Actor, Article, Event, Place, PlaceMention, Span, stable_id
from .actors import ActorMention, ActorResolver
from .arguments import ArgumentReader
from .attribution import Attributor
from .cameo_patterns import pattern_code
from .conventions import CONVENTION_RULES, FOREIGN_FORCES, foreign_forces, typed_roles
from .counts import Count
from .dates import (
    HISTORICAL_DAYS,
    DateMention,
    clause_date,
    later_clause_chars,
    resolve_date,
)
from .draft_rules import (
    CARRIED_DATE,
    CLAUSE_COUNTS,
    CONFIDENCE,
    CROWD_DEMAND,
    CROWDS,
    DEPENDENCY_SIDES,
    EVENT_PLACE,
    FUTURE_BY_DATE,
    FUTURE_DATE_FORWARD,
    GOVERNMENT_ASSAULT_MILITARY,
    HISTORICAL,
    LATER_CLAUSE_DATE,
    MOVER_SIDE,
    OFF_DUTY,
    OTHER_SIDE,
    POLICE_INTERVENED,
    PUBLICATION_DATE,
    SENTENCE_DATE,
    SOURCES,
    UNFOUND_IN_DOCUMENT_COUNTRY,
    VERB_PATTERN,
)
from .flags import FlagWords, read_flags
from .lexicon import DICTIONARY_CUE, Lexicon
from .person_memory import PRONOUN_PERSON, Persons, pronoun_sides
from .real_acts import ActTests
from .roles import (
    MOVED_FORCES,
    MOVEMENT_TOWARD,
    STRUCK_A_MINE,
    VISIT_HOST,
    find_roles,
    goes_to_border,
    movement_targets,
    passive_subject,
    struck_explosive,
    visit_destination,
)
from .scene import SceneWords, event_place, own_country_place, place_tokens
from .sides import SideFinder
from .trace import decisions
from .triggers import MERGE_CLASSES, Trigger, TriggerFinder, clause_anchor, main_trigger
from .typing import EventType, Typer

_OFF_DUTY = re.compile(r"\boff[- ]duty\b", re.IGNORECASE)
INTERVENTION = {"Protest with intervention", "Excessive force against protesters"}
# events a force takes part in abroad without acting there as a force: an agreement signed
# in another country keeps its sides' own codes (verbal events have no ACLED type either)
TALKS_ABROAD = frozenset({"Agreement"})
STATE = frozenset({"GOV", "MIL"})  # a state that moves its forces
MOVE_CUE = "needs_force_object"  # events.tsv: a verb that is a troop movement when forces move


# the actor rules in the order they apply: the parse's sides, then ACLED's conventions
# (conventions.py), then foreign forces and a government's military
rules.set_order(
    [
        DEPENDENCY_SIDES,
        OFF_DUTY,
        *(n for n in CONVENTION_RULES if n != FOREIGN_FORCES),
        FOREIGN_FORCES,
        GOVERNMENT_ASSAULT_MILITARY,
    ]
)


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What the passes read besides the trigger group: the document, the sentence and what
    earlier sentences and stages found."""

    doc: Any
    sent: Any
    context: Any  # the sentence plus the following ones without material events
    paragraph: Any  # the rest of the paragraph (for riots), or None
    article: Article
    places: list[PlaceMention]
    sent_triggers: list[Trigger]
    sent_dates: list[DateMention]
    last_date: DateMention | None
    published: dt.date | None
    doc_country: str | None
    counts: list[Count]
    sentence_sources: list[str]
    drugs: bool = False
    criminal_victims: bool = False
    named_countries: frozenset[str] = frozenset()
    # the triggers of the sentence before, when in the same paragraph
    prev_triggers: list[Trigger] = field(default_factory=list)
    # the article's persons (extract/person_memory.py), read on first use
    persons: Callable[[], Persons] | None = None


@dataclass(slots=True)
class EventDraft:
    """An event being decided. ``trace`` collects the rules that decided each field."""

    group: list[Trigger]
    main: Trigger
    evidence: dict[str, Span]
    trace: rules.Trace = field(default_factory=rules.Trace)
    a1: ActorMention | None = None
    a2: ActorMention | None = None
    object_kind: str | None = None
    at_places: set[int] = field(default_factory=set)
    place_args: list[tuple[Any, bool]] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    location: Place | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    historical: bool = False
    date: str | None = None
    precision: int | None = None
    sources: list[str] = field(default_factory=list)
    etype: EventType | None = None
    typed: tuple[ActorMention | None, ActorMention | None] = (None, None)
    actor1: Actor | None = None
    actor2: Actor | None = None
    dropped: bool = False


class EventBuilder:
    """The passes that decide one event; shared stage objects are passed in."""

    def __init__(
        self,
        lexicon: Lexicon,
        actors: ActorResolver,
        finder: TriggerFinder,
        typer: Typer,
        sides: SideFinder,
        attribution: Attributor,
        scene_words: SceneWords,
    ) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.finder = finder
        self.typer = typer
        self.sides = sides
        self.attribution = attribution
        self.scene_words = scene_words
        self.arguments = ArgumentReader(lexicon, actors)
        # the weapons laid to explode (a mine, an IED): whoever strikes one is its target
        self.explosives = frozenset(w.word for w in lexicon.weapons if w.mode == "explosives")
        self.flag_words = FlagWords.of(lexicon)
        self.acts = ActTests(lexicon, finder)

    def build(self, group: list[Trigger], main: Trigger, ctx: SentenceContext) -> Event | None:
        """The event of ``group`` (its ``main`` trigger) in ``ctx``'s sentence, or None."""
        sent = ctx.sent
        draft = EventDraft(
            group,
            main,
            {
                "sentence": trim(doc_text(ctx.doc), sent.start_char, sent.end_char),
                "trigger": main.span,
            },
        )
        with rules.tracing(draft.trace):
            for step in self.PASSES:
                step(self, draft, ctx)
                if draft.dropped:
                    return None
        return self._event(draft, ctx)

    # --- the passes, in order ---------------------------------------------------------
    def real_acts(self, d: EventDraft, ctx: SentenceContext) -> None:
        """No event when every trigger of the group only names an act (real_acts.py)."""
        names = [self.acts.not_an_act(t, ctx.sent_triggers) for t in d.group]
        if all(names):
            for name in dict.fromkeys(n for n in names if n):
                rules.fired(name, "event")
            d.dropped = True
            return
        said = names[d.group.index(d.main)] if d.main in d.group else None
        if said is not None:  # the main word only names an act: the group's act is another
            d.main = main_trigger([t for t, n in zip(d.group, names, strict=True) if n is None])
            d.evidence["trigger"] = d.main.span
            rules.fired(said, "event")

    def sides_from_roles(self, d: EventDraft, ctx: SentenceContext) -> None:
        ordered = [d.main] + [t for t in d.group if t is not d.main]
        used: set[int] = set()
        d.at_places = place_tokens(ctx.sent, ctx.places)
        main_roles = None
        for trig in ordered:
            roles = find_roles(trig.head, DICTIONARY_CUE in trig.entry.cues)
            if MOVE_CUE in trig.entry.cues and rules.apply(MOVEMENT_TOWARD, "actor2"):
                roles.actor2 = movement_targets(trig.head)  # the forces moved are its own
            if struck_explosive(trig.head, self.explosives) and rules.apply(
                STRUCK_A_MINE, "actor1", "actor2"
            ):  # "an army vehicle struck an IED": the army was the target
                roles.actor1, roles.actor2 = [], roles.actor1
            moved = passive_subject(trig.head) if trig.entry.plover == "MOBILIZE" else None
            if moved is not None and not roles.actor1 and rules.apply(MOVED_FORCES, "actor1"):
                # "peacekeepers were deployed": the forces moved are the side that moves
                roles.actor1 = [moved]
                roles.actor2 = [t for t in movement_targets(trig.head) if t.i != moved.i]
            main_roles = main_roles or roles  # the main trigger comes first
            if d.a1 is None:
                d.a1 = self.arguments.actor(roles.actor1, ctx.doc_country, used, d.at_places)
            if d.a2 is None:
                d.a2 = self.arguments.actor(roles.actor2, ctx.doc_country, used, d.at_places)
            d.place_args.extend(roles.places)
            if trig is d.main:
                d.object_kind = self.arguments.object_kind(roles.actor2, d.at_places)
        plover = d.main.entry.plover  # "the X Agreement, signed in 2018": no signer
        if self.arguments.names_the_act(d.a1, plover, ctx.doc):
            d.a1 = None
        if self.arguments.names_the_act(d.a2, plover, ctx.doc):
            d.a2 = None
        rules.fired(DEPENDENCY_SIDES, *(k for k, m in (("actor1", d.a1), ("actor2", d.a2)) if m))
        if d.a2 is None and d.main.entry.plover == "CONSULT" and rules.on(VISIT_HOST):
            d.a2 = self._host(d.main, ctx)
        if (d.a1 is None or d.a2 is None) and ctx.persons is not None and rules.on(PRONOUN_PERSON):
            d.a1, d.a2, keys = pronoun_sides(d.a1, d.a2, main_roles, ctx.persons)
            d.trace.extend((key, PRONOUN_PERSON) for key in keys)
        if (
            d.a2 is not None
            and d.a2.actor.inter == 1
            and _OFF_DUTY.search(ctx.sent.text)
            and rules.on(OFF_DUTY)
        ):  # ACLED: security personnel attacked off duty are civilians
            civilian = self.actors.agent_actor("civilian", d.a2.actor.text, d.a2.actor.country)
            if civilian is not None:
                rules.fired(OFF_DUTY, "actor2")
                d.a2 = ActorMention(civilian, d.a2.span)

    def _host(self, trig: Trigger, ctx: SentenceContext) -> ActorMention | None:
        """**actors.visit_host**: the government of the country a visit goes to."""
        where = visit_destination(trig.head)
        if where is None:
            return None
        start, end = where.idx, where.idx + len(where.text)
        mention = next(
            (p for p in ctx.places if p.span[0] <= start < p.span[1] or start <= p.span[0] < end),
            None,
        )
        if mention is None or mention.place.country is None:
            return None
        rules.fired(VISIT_HOST, "actor2")
        text = doc_text(trig.head.doc)[mention.span[0] : mention.span[1]]
        return ActorMention(self.actors.state(text, mention.place.country), mention.span)

    def clause_counts(self, d: EventDraft, ctx: SentenceContext) -> None:
        counts, main, group = ctx.counts, d.main, d.group
        anchor = clause_anchor(main.head, self.finder).i
        mine = [c for c in counts if clause_anchor(c.victim, self.finder).i == anchor] or [
            c for c in counts if any(c.victim.i == t.head.i for t in group)
        ]
        if not mine and len({clause_anchor(t.head, self.finder).i for t in group}) == 1:
            mine = counts if main.entry.plover in MERGE_CLASSES else []
        for c in mine:
            if c.value > d.values.get(c.kind, -1):
                d.values[c.kind] = c.value
                d.evidence[c.kind] = c.span
        rules.fired(CLAUSE_COUNTS, *d.values)

    def place(self, d: EventDraft, ctx: SentenceContext) -> None:
        # the city or country an event is done to is where it happened ("bombed Tripoli",
        # "marched into Iraq"), even as the target CAMEO codes it for
        sides = [
            m for m in (d.a1, d.a2) if m is not None and not (m is d.a2 and _gpe(ctx.doc, m.span))
        ]
        d.location = event_place(
            d.place_args,
            ctx.places,
            ctx.sent,
            d.evidence,
            [m.span for m in sides],
            self.scene_words,
        )
        if (
            d.location is not None
            and d.location.country is None
            and d.location.lat is None
            and ctx.doc_country is not None
            and rules.apply(UNFOUND_IN_DOCUMENT_COUNTRY, "location")
        ):  # "in Khutsong" that the gazetteer lacks: somewhere in the story's country
            d.location = replace(d.location, country=ctx.doc_country, geo_precision=3)
            d.trace.add("location", UNFOUND_IN_DOCUMENT_COUNTRY)
        mover = d.a1.actor.country if d.a1 is not None and d.a1.actor.sector in STATE else None
        if mover and d.main.entry.plover == "MOBILIZE" and goes_to_border(d.main.head):
            own = own_country_place(ctx.places, mover)  # "sent troops to its border with X"
            if own is not None and rules.apply(MOVER_SIDE, "location"):
                d.location, d.evidence["location"] = own.place, own.span
                d.trace.add("location", MOVER_SIDE)
        if d.location is not None:
            rules.fired(EVENT_PLACE, "location")
            d.trace.extend(("location", name) for name in d.location.decided_by)

    def flags_and_date(self, d: EventDraft, ctx: SentenceContext) -> None:
        published = ctx.published
        d.negated, d.hypothetical, d.future = read_flags(d.main.head, self.finder, self.flag_words)
        sent_dates = ctx.sent_dates
        later = later_clause_chars(d.main.head) if sent_dates else set()
        if any(m.span[0] in later for m in sent_dates) and rules.apply(
            LATER_CLAUSE_DATE, "date", "time_precision"
        ):  # "... and he will appear in court on Friday": the court's day
            sent_dates = [m for m in sent_dates if m.span[0] not in later]
        date_mention = clause_date(d.main.head, d.main.span[0], sent_dates)
        if date_mention is not None:
            rules.fired(SENTENCE_DATE, "date", "time_precision")
        elif ctx.last_date is not None and rules.apply(CARRIED_DATE, "date", "time_precision"):
            date_mention = ctx.last_date
        if date_mention is not None:
            resolved = date_mention.resolved
            if (
                d.future
                and published is not None
                and resolved.date < published
                and rules.apply(FUTURE_DATE_FORWARD, "date")
            ):
                text = doc_text(ctx.doc)[slice(*date_mention.span)]
                resolved = resolve_date(text, published, True) or resolved
            d.date, d.precision = resolved.date.isoformat(), resolved.precision
            d.evidence["date"] = date_mention.span
        elif published is not None and rules.apply(PUBLICATION_DATE, "date", "time_precision"):
            d.date, d.precision = published.isoformat(), 2
        if d.date is not None and published is not None:
            day = dt.date.fromisoformat(d.date)
            if (published - day).days > HISTORICAL_DAYS and rules.apply(HISTORICAL, "historical"):
                d.historical = True
            if (day - published).days > 0 and rules.apply(FUTURE_BY_DATE, "future"):
                d.future = True

    def reporters(self, d: EventDraft, ctx: SentenceContext) -> None:
        clause = self.attribution.clause_sources(d.main.head, ctx.doc_country)
        d.sources = list(dict.fromkeys([*clause, *ctx.sentence_sources]))
        if d.sources:
            rules.fired(SOURCES, "reported_by")

    def event_type(self, d: EventDraft, ctx: SentenceContext) -> None:
        main = d.main
        etype = self.typer.decide(
            d.group,
            main,
            d.a1.actor if d.a1 else None,
            d.a2.actor if d.a2 else None,
            ctx.context,
            d.object_kind,
            d.values.get("fatalities"),
        )
        if main.entry.patterns and rules.on(VERB_PATTERN):
            code = pattern_code(main)
            if code == "":
                rules.fired(VERB_PATTERN, "event")
                d.dropped = True  # the verb dictionary says this phrase is not an event
                return
            if code is not None:
                rules.fired(VERB_PATTERN, "cameo", "plover")
                plover = self.lexicon.cameo_plover.get(code, etype.plover)
                etype = replace(etype, cameo=code, plover=plover)
        d.etype = etype

    def acled_roles(self, d: EventDraft, ctx: SentenceContext) -> None:
        etype, main = _typed(d), d.main
        country = (d.location.country if d.location else None) or ctx.doc_country
        implied = (doc_text(main.head.doc)[slice(*main.span)], main.span)
        typed = typed_roles(
            self.actors,
            etype.acled_event_type,
            etype.acled_sub_event_type,
            d.a1,
            d.a2,
            country,
            implied,
            ctx.drugs,
            ctx.drugs and ctx.criminal_victims,
        )
        sub = etype.acled_sub_event_type
        if (
            typed[1] is None
            and (sub in INTERVENTION or sub == "Violent demonstration")
            and rules.on(POLICE_INTERVENED)
        ):  # who intervened, or whom the rioters fought: the police named nearby, for a
            # riot anywhere later in its paragraph ("... The police regained control.")
            riot = sub == "Violent demonstration"
            scope = ctx.paragraph if riot and ctx.paragraph is not None else ctx.context
            typed = (typed[0], self.sides.police_in(scope, ctx.doc_country))
            if typed[1] is not None:
                rules.fired(POLICE_INTERVENED, "actor2")
        if (typed[1] is None or typed[1].actor.implied) and rules.on(OTHER_SIDE):
            other = self.sides.other_side(etype, main, typed[0], ctx.sent, country)
            if other is not None:
                rules.fired(OTHER_SIDE, "actor2")
            typed = (typed[0], other or typed[1])
        d.typed = typed

    def foreign_forces(self, d: EventDraft, ctx: SentenceContext) -> None:
        # the scene's country, when the document agrees and either names that country or
        # the scene is a region: a village the gazetteer took for a namesake abroad must not
        # make an army foreign
        loc = d.location
        where = (
            loc.country
            if loc
            and loc.country == ctx.doc_country
            and (
                loc.country in ctx.named_countries or loc.feature in {"admin1", "admin2", "country"}
            )
            else None
        )
        actors = [m.actor if m else None for m in d.typed]
        etype = _typed(d)
        acts_there = etype.acled_event_type is not None and etype.acled_sub_event_type not in (
            TALKS_ABROAD
        )
        if acts_there and rules.on(FOREIGN_FORCES):
            for i, key in enumerate(("actor1", "actor2")):
                new = foreign_forces(actors[i], where)
                if new is not actors[i]:
                    rules.fired(FOREIGN_FORCES, key)
                actors[i] = new
        d.actor1, d.actor2 = actors

    def final_type(self, d: EventDraft, ctx: SentenceContext) -> None:
        d.etype = self.typer.with_final_actors(_typed(d), d.group, d.actor1, d.actor2)
        for key, m in zip(("actor1", "actor2"), d.typed, strict=True):
            d.evidence.pop(key, None)
            if m is not None:
                d.evidence[key] = m.span
                # a side named later in the paragraph ("Police regained control."): the
                # event's text runs on to the end of that sentence
                s_start, s_end = d.evidence["sentence"]
                if m.span[1] > s_end:
                    named = ctx.doc.char_span(*m.span, alignment_mode="expand")
                    if named is not None:
                        end = named.sent.end_char
                        d.evidence["sentence"] = trim(doc_text(ctx.doc), s_start, end)
        if (
            d.etype.plover == "ASSAULT"
            and d.actor1 is not None
            and d.actor1.sector == "GOV"
            and rules.on(GOVERNMENT_ASSAULT_MILITARY)
        ):
            military = _as_military(d.actor1, self.actors)
            if military is not d.actor1:
                rules.fired(GOVERNMENT_ASSAULT_MILITARY, "actor1")
            d.actor1 = military

    def crowd_demand(self, d: EventDraft, ctx: SentenceContext) -> None:
        """**events.crowd_demand**: a crowd's demand beside its protest is the protest's."""
        if (
            d.etype is not None
            and d.etype.plover == "REQUEST"
            and d.actor1 is not None
            and d.actor1.inter in CROWDS
            and rules.on(CROWD_DEMAND)
            and self._protest_near(ctx)
        ):
            rules.fired(CROWD_DEMAND, "event")
            d.dropped = True

    @staticmethod
    def _protest_near(ctx: SentenceContext) -> bool:
        """A protest trigger in the sentence or in the one before it in the paragraph."""
        return any(t.entry.plover == "PROTEST" for t in (*ctx.sent_triggers, *ctx.prev_triggers))

    PASSES = (
        real_acts,
        sides_from_roles,
        clause_counts,
        place,
        flags_and_date,
        reporters,
        event_type,
        acled_roles,
        foreign_forces,
        final_type,
        crowd_demand,
    )

    # --- the record -------------------------------------------------------------------
    def _event(self, d: EventDraft, ctx: SentenceContext) -> Event:
        main, evidence, etype = d.main, d.evidence, _typed(d)
        confidence = 0.35 + 0.04 * min(main.entry.priority, 10)
        confidence += 0.1 * (d.actor1 is not None) + 0.05 * (d.actor2 is not None)
        confidence += 0.05 * (
            "location" in evidence and evidence["location"][0] >= evidence["sentence"][0]
        ) + 0.05 * ("date" in evidence)
        if d.negated or d.hypothetical:
            confidence -= 0.2
        if d.historical:
            confidence -= 0.15  # background: what happened long before the report
        if _subordinate(main, ctx.sent_triggers):
            confidence -= 0.15  # background: "protested against the arrest", "who was arrested"
        d.trace.add("confidence", CONFIDENCE)
        rules.fired(CONFIDENCE)
        article = ctx.article
        return Event(
            event_id=stable_id(article.article_id, str(main.span[0]), etype.plover, prefix="e"),
            article_id=article.article_id,
            plover_type=etype.plover,
            plover_mode=etype.mode,
            acled_event_type=etype.acled_event_type,
            acled_sub_event_type=etype.acled_sub_event_type,
            cameo=etype.cameo,
            actor1=d.actor1,
            actor2=d.actor2,
            location=d.location,
            date=d.date,
            time_precision=d.precision,
            fatalities=d.values.get("fatalities"),
            injured=d.values.get("injured"),
            displaced=d.values.get("displaced"),
            arrested=d.values.get("arrested"),
            reported_by=tuple(d.sources),
            negated=d.negated,
            hypothetical=d.hypothetical,
            future=d.future,
            historical=d.historical,
            confidence=max(0.05, min(0.99, confidence)),
            evidence=tuple(evidence.items()),
            decided_by=decisions(d.trace.as_pairs()),
        )


def trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _typed(d: EventDraft) -> EventType:
    assert d.etype is not None, "the event_type pass runs before this one"
    return d.etype


def _gpe(doc: Any, span: Span) -> bool:
    """The phrase is the name of a town or a country ("Tripoli", "Iraq")."""
    phrase = doc.char_span(*span, alignment_mode="expand")
    return phrase is not None and all(t.ent_type_ == "GPE" for t in phrase)


def _subordinate(main: Trigger, sent_triggers: list[Trigger]) -> bool:
    """True when the trigger sits in a relative clause or inside another trigger's phrase."""
    others = {t.head.i for t in sent_triggers if t.head.i != main.head.i}
    tok = main.head
    while tok.head.i != tok.i:
        if tok.dep_ in {"relcl", "acl"}:
            return True
        tok = tok.head
        if tok.i in others:
            return True
    return False


def _as_military(actor: Actor, resolver: ActorResolver) -> Actor:
    """A government that fires or shells acts through its military."""
    if actor.country is None or actor.role:
        return actor
    mil = resolver.agent_actor("military", actor.text, actor.country)
    if mil is None:
        return actor
    return replace(mil, cameo=actor.cameo) if actor.cameo == actor.country else mil
