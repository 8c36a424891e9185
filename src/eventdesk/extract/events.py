"""The event stage: triggers -> grouped events with types, actors, place, date, counts, flags.

Input is a parsed spaCy Doc plus what earlier stages found in it (resolved places, the
document's country); output is typed Event records whose every value carries its evidence span.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..nlp import doc_text
from ..records import Actor, Article, Event, Span, stable_id
from .actors import ActorMention, ActorResolver, country_words
from .attribution import Attributor
from .cameo_patterns import dictionary_codings, pattern_code
from .counts import KINDS, Count, CountReader
from .dates import ResolvedDate, explicit_date_spans, resolve_date
from .fronts import FrontLines
from .lexicon import DICTIONARY_CUE, Lexicon
from .merge import _Draft, merge_followups
from .perpetrators import force_mentions, forces_needed, group_mentions, name_unnamed_sides
from .roles import find_roles
from .scene import PlaceMention, SceneWords, event_place, place_tokens
from .sides import SideFinder
from .triggers import (
    MERGE_CLASSES,
    Trigger,
    TriggerFinder,
    clause_anchor,
    group_triggers,
    main_trigger,
)
from .typing import Typer, topic_tokens

HISTORICAL_DAYS = 180
_OFF_DUTY = re.compile(r"\boff[- ]duty\b", re.IGNORECASE)
_YEAR_IN = re.compile(r"\b(19|20)\d\d\b")
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
INTERVENTION = {"Protest with intervention", "Excessive force against protesters"}
VICTIM_ONLY = {"kill", "killing", "injure", "wound", "die"}


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    resolved: ResolvedDate


@dataclass(slots=True)
class _Sentence:
    sent: Any
    groups: list[list[Trigger]]
    paragraph: int


def _with_paragraphs(doc: Any) -> Iterator[tuple[Any, int]]:
    """Sentences with the index of their paragraph (blocks separated by blank lines)."""
    breaks = [m.start() for m in re.finditer(r"\n\s*\n", doc_text(doc))]
    for sent in doc.sents:
        yield sent, bisect.bisect_right(breaks, sent.start_char)


def _context(sents: list[_Sentence], i: int, whole: bool = False) -> Any:
    """The sentence plus the following ones of its paragraph that have no material event of
    their own ("Police dispersed the crowd."): where type cues are looked for. ``whole``:
    the rest of the paragraph, material events or not."""
    first = sents[i].sent
    last = first
    for nxt in sents[i + 1 :]:
        if nxt.paragraph != sents[i].paragraph or (
            not whole and any(main_trigger(g).entry.plover in MERGE_CLASSES for g in nxt.groups)
        ):
            break
        last = nxt.sent
    return first.doc[first.start : last.end]


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


class EventExtractor:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.finder = TriggerFinder(lexicon)
        self.typer = Typer(lexicon)
        self.fronts = FrontLines(lexicon, actors)
        self.sides = SideFinder(lexicon, actors)
        self.counts = CountReader(lexicon)
        self.attribution = Attributor(self.finder, actors)
        self.place_nouns = lexicon.cue_words("place_noun")
        self.property_nouns = lexicon.cue_words("property_noun")
        # agents a place names the owner of ("a U.S. soldier", "the forces of Chad"), not
        # its dwellers ("Kano residents", "the villagers of X" live where it happened)
        dwellers = lexicon.cue_words("dweller")
        self.scene_words = SceneWords(
            agents=frozenset(a for a in lexicon.agents if a not in dwellers),
            # dwellers may be where it happened ("a Maaloula resident said")
            places=self.place_nouns
            | lexicon.cue_words("facility")
            | lexicon.cue_words("site")
            | dwellers,
            events=self.finder.words,
        )
        self.drug_words = lexicon.cue_words("drug")
        self.criminal_words = lexicon.cue_words("criminal_victim")
        # nouns that can name a state force: army and police agents, and the generic words
        # ("forces", "units") whose modifier says whose
        self.force_words = frozenset(
            {k for k, a in lexicon.agents.items() if a.sector in {"MIL", "COP"}}
        ) | lexicon.cue_words("generic_agent")

    # ------------------------------------------------------------------------------------
    def dates(self, doc: Any, published: dt.date | None) -> list[DateMention]:
        """Explicit dates by pattern, then the model's DATE entities that do not overlap them."""
        out: list[DateMention] = []
        for s, e in explicit_date_spans(doc_text(doc)):
            r = resolve_date(doc_text(doc)[s:e], published)
            if r is not None:
                out.append(DateMention((s, e), r))
        taken = [d.span for d in out]
        for ent in doc.ents:
            if ent.label_ not in {"DATE", "TIME"}:
                continue
            if any(a < ent.end_char and ent.start_char < b for a, b in taken):
                continue
            r = resolve_date(ent.text, published)
            if r is not None:
                out.append(DateMention((ent.start_char, ent.end_char), r))
        return sorted(out, key=lambda d: d.span)

    def extract(
        self,
        doc: Any,
        article: Article,
        places: list[PlaceMention],
        doc_country: str | None,
    ) -> list[Event]:
        published = dt.date.fromisoformat(article.published) if article.published else None
        dates = self.dates(doc, published)
        sents = [
            _Sentence(sent, group_triggers(self.finder.find(sent), self.finder), para)
            for sent, para in _with_paragraphs(doc)
        ]
        drafts: list[_Draft] = []
        # paragraphs about drugs: their seizures and arrests are against gangs, and so are
        # killings where the paragraph says the victim was a criminal ("had charges")
        drug_paragraphs = _paragraphs_with(sents, self.drug_words)
        named_countries = frozenset(country_words(doc, self.actors.countries))
        criminal_paragraphs = _paragraphs_with(sents, self.criminal_words)
        last_date: DateMention | None = None
        last_material: _Draft | None = None
        for i, info in enumerate(sents):
            sent = info.sent
            sent_dates = [d for d in dates if sent.start_char <= d.span[0] < sent.end_char]
            counts = self.counts.read(sent)
            groups = _protests_apart(self._fold_victim_groups(info.groups, doc_country))
            if i > 0 and sents[i - 1].paragraph != info.paragraph:
                last_material, last_date = None, None  # neither counts nor dates cross paragraphs
            material = [g for g in groups if main_trigger(g).entry.plover in MERGE_CLASSES]
            if (
                material
                and last_material is not None
                and all(self._victim_only(g, doc_country) for g in material)
            ):
                # "Five soldiers were killed." continues the previous event
                last_material.event = _with_counts(last_material.event, counts)
                groups = [g for g in groups if g not in material]
                material, counts = [], []
            context = _context(sents, i)
            paragraph = _context(sents, i, whole=True) if groups else None
            sources = self.attribution.sentence_sources(sent, doc_country)
            made = False
            for group in groups:
                main = main_trigger(group)
                event = self._event(
                    [t for g in info.groups for t in g],
                    doc,
                    sent,
                    context,
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
                    drugs=info.paragraph in drug_paragraphs,
                    criminal_victims=info.paragraph in criminal_paragraphs,
                    named_countries=named_countries,
                    paragraph=paragraph,
                )
                if event is None:
                    continue
                extras = self._coordinated(event, doc, doc_country)
                if DICTIONARY_CUE in main.entry.cues:  # as PETRARCH codes its dictionaries
                    event, extras = dictionary_codings(
                        main, event, extras, self.actors, doc_country
                    )
                for extra in extras:
                    drafts.append(_Draft(extra, info.paragraph, i))
                draft = _Draft(event, info.paragraph, i, _points_back(main.head))
                drafts.append(draft)
                if main.entry.plover in MERGE_CLASSES:
                    last_material, made = draft, True
            if counts and not made and last_material is not None:
                last_material.event = _with_counts(last_material.event, counts)
            current = [d for d in sent_dates if not _background(d, published)]
            if current:  # a date carries to the next sentences; a date long past does not
                last_date = current[-1]
        spans = [(s.sent, s.paragraph) for s in sents]
        named = group_mentions(spans, self.actors, doc_country)
        by_paragraph: dict[int, list[int]] = {}
        for i, s in enumerate(sents):
            by_paragraph.setdefault(s.paragraph, []).append(i)
        needed: set[int] = set()
        for d in drafts:
            needed |= forces_needed(d.event, d.sentence, by_paragraph[d.paragraph])
        forces = (
            force_mentions(spans, self.actors, doc_country, self.force_words, needed)
            if needed
            else None
        )
        if named or forces:
            for d in drafts:
                d.event = name_unnamed_sides(d.event, d.sentence, d.paragraph, named, forces)
        merged = merge_followups(drafts)
        cues = self.fronts.cued(doc_text(doc)) if merged else {}
        return [self.fronts.code(e, cues) for e in merged]

    def _victim_only(self, group: list[Trigger], doc_country: str | None) -> bool:
        return all(t.entry.trigger in VICTIM_ONLY for t in group) and not self._has_agent(
            group, doc_country
        )

    def _fold_victim_groups(
        self, groups: list[list[Trigger]], doc_country: str | None
    ) -> list[list[Trigger]]:
        """'Four militants were killed and one wounded when police repulsed their attack':
        victim-only groups join the sentence's other material group."""
        material = [g for g in groups if main_trigger(g).entry.plover in MERGE_CLASSES]
        victims = [g for g in material if self._victim_only(g, doc_country)]
        hosts = [g for g in material if not any(g is v for v in victims)]
        if not victims or not hosts:
            return groups
        hosts[0].extend(t for v in victims for t in v)
        return [g for g in groups if not any(g is v for v in victims)]

    # ------------------------------------------------------------------------------------
    def _has_agent(self, group: list[Trigger], doc_country: str | None) -> bool:
        for trig in group:
            roles = find_roles(trig.head, DICTIONARY_CUE in trig.entry.cues)
            for tok in roles.actor1:
                if self.actors.from_token(tok, doc_country) is not None:
                    return True
        return False

    def _object_kind(self, objects: list[Any], at_places: set[int]) -> str | None:
        """'place' for a town, area or position as the target, 'property' for a house,
        vehicle or shop, 'thing' for any other noun, None when there is no object. A direct
        object decides alone ("seized 3 tons of cocaine at a checkpoint": a thing)."""
        direct = [t for t in objects if t.dep_ == "dobj"]
        objects = direct[:1] or objects
        if any(
            t.lemma_.lower() in self.place_nouns
            or t.ent_type_ in {"GPE", "LOC", "FAC"}
            or t.i in at_places
            for t in objects
        ):
            return "place"
        if any(t.lemma_.lower() in self.property_nouns for t in objects):
            return "property"
        return "thing" if any(t.pos_ in {"NOUN", "PROPN"} for t in objects) else None

    def _actor(
        self, candidates: list[Any], doc_country: str | None, used: set[int], at_places: set[int]
    ) -> ActorMention | None:
        for tok in candidates:
            if tok.i in used:
                continue
            possession = tok.lemma_.lower() in self.lexicon.cue_words("possession")
            if (
                not possession
                and tok.lemma_.lower() in self.place_nouns
                and not self._held_by_force(tok)
            ):
                continue
            mention = self.actors.from_token(tok, doc_country)
            if (
                mention is not None
                and tok.ent_type_ in {"GPE", "LOC", "FAC"}
                and mention.actor.sector != "GOV"
            ):
                continue  # a place, not a state acting
            if (
                mention is not None
                and mention.actor.inter is None
                and (tok.head.i in at_places or any(t.i in at_places for t in tok.subtree))
            ):
                continue  # a town the model took for a name ("attacked Toungo (Toungo LGA)")
            if mention is not None:
                used.add(tok.i)
                return mention
        return None

    def _event(
        self,
        sent_triggers: list[Trigger],
        doc: Any,
        sent: Any,
        context: Any,
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
        drugs: bool = False,
        criminal_victims: bool = False,
        named_countries: frozenset[str] = frozenset(),
        paragraph: Any = None,
    ) -> Event | None:
        evidence: dict[str, Span] = {
            "sentence": _trim(doc_text(doc), sent.start_char, sent.end_char),
            "trigger": main.span,
        }
        ordered = [main] + [t for t in group if t is not main]
        a1: ActorMention | None = None
        a2: ActorMention | None = None
        place_args: list[tuple[Any, bool]] = []
        used: set[int] = set()
        object_kind: str | None = None
        at_places = place_tokens(sent, places)
        for trig in ordered:
            roles = find_roles(trig.head, DICTIONARY_CUE in trig.entry.cues)
            if a1 is None:
                a1 = self._actor(roles.actor1, doc_country, used, at_places)
            if a2 is None:
                a2 = self._actor(roles.actor2, doc_country, used, at_places)
            place_args.extend(roles.places)
            if trig is main:
                object_kind = self._object_kind(roles.actor2, at_places)

        if a2 is not None and a2.actor.inter == 1 and _OFF_DUTY.search(sent.text):
            # ACLED: security personnel attacked off duty are civilians
            civilian = self.actors.agent_actor("civilian", a2.actor.text, a2.actor.country)
            if civilian is not None:
                a2 = ActorMention(civilian, a2.span)

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
        # the city or country an event is done to is where it happened ("bombed Tripoli",
        # "marched into Iraq"), even as the target CAMEO codes it for
        sides = [m for m in (a1, a2) if m is not None and not (m is a2 and _gpe(doc, m.span))]
        location = event_place(
            place_args, places, sent, evidence, [m.span for m in sides], self.scene_words
        )

        # date
        negated, hypothetical, future = _flags(main.head, self.finder)
        date_mention = self._date(main, sent_dates) or last_date
        date: str | None = None
        precision: int | None = None
        if date_mention is not None:
            resolved = date_mention.resolved
            if future and published is not None and resolved.date < published:
                resolved = (
                    resolve_date(doc_text(doc)[slice(*date_mention.span)], published, True)
                    or resolved
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
            context,
            object_kind,
            values.get("fatalities"),
        )
        if main.entry.patterns:
            code = _pattern_code(main)
            if code == "":
                return None  # the verb dictionary says this phrase is not an event
            if code is not None:
                plover = self.lexicon.cameo_plover.get(code, etype.plover)
                etype = replace(etype, cameo=code, plover=plover)
        country = (location.country if location else None) or doc_country
        implied = (doc_text(main.head.doc)[slice(*main.span)], main.span)
        typed = self.actors.typed_roles(
            etype.acled_event_type,
            etype.acled_sub_event_type,
            a1,
            a2,
            country,
            implied,
            drugs,
            drugs and criminal_victims,
        )
        if typed[1] is None and (
            etype.acled_sub_event_type in INTERVENTION
            or etype.acled_sub_event_type == "Violent demonstration"
        ):  # who intervened, or whom the rioters fought: the police named nearby, for a
            # riot anywhere later in its paragraph ("... The police regained control.")
            riot = etype.acled_sub_event_type == "Violent demonstration"
            scope = paragraph if riot and paragraph is not None else context
            typed = (typed[0], self.sides.police_in(scope, doc_country))
        if typed[1] is None or typed[1].actor.implied:
            other = self.sides.other_side(etype, main, typed[0], sent, country)
            typed = (typed[0], other or typed[1])
        # the scene's country, when the document agrees and either names that country or
        # the scene is a region: a village the gazetteer took for a namesake abroad must not
        # make an army foreign
        where = (
            location.country
            if location
            and location.country == doc_country
            and (
                location.country in named_countries
                or location.feature in {"admin1", "admin2", "country"}
            )
            else None
        )
        actor1, actor2 = (self.actors.foreign_forces(m.actor if m else None, where) for m in typed)
        etype = self.typer.with_final_actors(etype, group, actor1, actor2)
        for key, m in zip(("actor1", "actor2"), typed, strict=True):
            evidence.pop(key, None)
            if m is not None:
                evidence[key] = m.span
                # a side named later in the paragraph ("Police regained control."): the
                # event's text runs on to the end of that sentence
                s_start, s_end = evidence["sentence"]
                if m.span[1] > s_end:
                    named = doc.char_span(*m.span, alignment_mode="expand")
                    if named is not None:
                        end = named.sent.end_char
                        evidence["sentence"] = _trim(doc_text(doc), s_start, end)
        if etype.plover == "ASSAULT" and actor1 is not None and actor1.sector == "GOV":
            actor1 = _as_military(actor1, self.actors)
        confidence = 0.35 + 0.04 * min(main.entry.priority, 10)
        confidence += 0.1 * (actor1 is not None) + 0.05 * (actor2 is not None)
        confidence += 0.05 * (
            "location" in evidence and evidence["location"][0] >= evidence["sentence"][0]
        ) + 0.05 * ("date" in evidence)
        if negated or hypothetical:
            confidence -= 0.2
        if historical:
            confidence -= 0.15  # background: what happened long before the report
        if _subordinate(main, sent_triggers):
            confidence -= 0.15  # background: "protested against the arrest", "who was arrested"
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

    def _coordinated(self, event: Event, doc: Any, doc_country: str | None) -> list[Event]:
        """'Fornost and Gondor welcomed ...', '... talks with A and B': one more verbal event
        for each coordinated actor (material events stay one event, as ACLED codes them)."""
        if event.plover_type in MERGE_CLASSES:
            return []
        evidence = dict(event.evidence)
        alternatives: dict[str, list[ActorMention]] = {}
        for key in ("actor1", "actor2"):
            if key not in evidence:
                continue
            span = doc.char_span(*evidence[key], alignment_mode="expand")
            if span is None:
                continue
            alternatives[key] = [
                m
                for c in span.root.conjuncts
                if (m := self.actors.from_token(c, doc_country)) is not None
            ]
        out: list[Event] = []
        for key, mentions in alternatives.items():
            other = event.actor2 if key == "actor1" else event.actor1
            for m in mentions[:3]:
                if other is not None and m.actor.name == other.name:
                    continue  # "X and Y clashed" already has Y as the other side
                new_evidence = {**evidence, key: m.span}
                a1, a2 = (m.actor, event.actor2) if key == "actor1" else (event.actor1, m.actor)
                out.append(
                    replace(
                        event,
                        event_id=stable_id(event.event_id, key, m.actor.name, prefix="e"),
                        evidence=tuple(new_evidence.items()),
                        actor1=a1,
                        actor2=a2,
                    )
                )
        return out

    def locate(self, token: Any, places: list[PlaceMention]) -> Span | None:
        """Where the event of any word happened (its place arguments, else the nearest most
        specific place of its sentence): the location stage on its own."""
        evidence: dict[str, Span] = {"trigger": (token.idx, token.idx + len(token.text))}
        roles = find_roles(token)
        if self.finder.is_reporting(token):
            # "..., an official said", "told reporters in Geneva": saying is not an event
            # that happens somewhere
            return None
        # a country or town as the word's subject acts ("Turkey launched an
        # offensive"): not where it happened
        heads = roles.actor1[:1]
        actor_spans = [(h.left_edge.idx, h.idx + len(h.text)) for h in heads]
        event_place(
            roles.places,
            places,
            token.sent,
            evidence,
            actor_spans,
            self.scene_words,
        )
        return evidence.get("location")

    def _held_by_force(self, tok: Any) -> bool:
        """A place that stands for the force holding it ("army positions", "a military
        camp", "the police station"): a lexicon agent of modifier and place noun."""
        lemma = tok.lemma_.lower()
        return any(
            c.dep_ in {"amod", "compound"} and f"{c.lower_} {lemma}" in self.lexicon.agents
            for c in tok.children
        )

    def _date(self, main: Trigger, sent_dates: list[DateMention]) -> DateMention | None:
        if not sent_dates:
            return None
        # the trigger's own clause, without relative clauses on its arguments ("recaptured
        # the town, which rebels had held since 2012": 2012 is not the recapture's date)
        own_chars: set[int] = set()
        for tok in main.head.subtree:
            if not any(
                a.dep_ in {"relcl", "acl"} and a.i != main.head.i for a in _up_to(tok, main.head)
            ):
                own_chars.add(tok.idx)
        text = doc_text(main.head.doc)

        def rank(d: DateMention) -> tuple[bool, bool, int, int]:
            # its own clause first; then a full calendar date ("On 9 May 2020") over a
            # partial one ("25 of March", "next year"); then the nearest
            own = d.span[0] in own_chars
            full = bool(_YEAR_IN.search(text[d.span[0] : d.span[1]])) and d.resolved.precision == 1
            return (not own, not full, d.resolved.precision, abs(d.span[0] - main.span[0]))

        return min(sent_dates, key=rank)


def _paragraphs_with(sents: list[_Sentence], words: frozenset[str]) -> set[int]:
    """The paragraphs with a sentence that has a word (lemma) of ``words``."""
    return {s.paragraph for s in sents if any(t.lemma_.lower() in words for t in s.sent)}


def _up_to(tok: Any, top: Any) -> Iterator[Any]:
    """The token and its ancestors below ``top``."""
    while tok.i != top.i and tok.head.i != tok.i:
        yield tok
        tok = tok.head


def _gpe(doc: Any, span: Span) -> bool:
    """The phrase is the name of a town or a country ("Tripoli", "Iraq")."""
    phrase = doc.char_span(*span, alignment_mode="expand")
    return phrase is not None and all(t.ent_type_ == "GPE" for t in phrase)


def _background(mention: DateMention, published: dt.date | None) -> bool:
    """A date long before publication ("the 2015 accord") sets no scene for what follows."""
    if published is None:
        return False
    return (published - mention.resolved.date).days > HISTORICAL_DAYS


def _protests_apart(groups: list[list[Trigger]]) -> list[list[Trigger]]:
    """A protest against, over or about another happening is its own event ("protested
    against the arrest of X"): it leaves the clause group whose main trigger it would lose to."""
    out: list[list[Trigger]] = []
    for group in groups:
        main = main_trigger(group)
        protests = [
            t
            for t in group
            if t is not main and t.entry.plover == "PROTEST" and main.head.i in topic_tokens(t.head)
        ]
        rest = [t for t in group if t not in protests]
        out.extend([[t] for t in protests])
        out.append(rest)
    return sorted(out, key=lambda g: min(t.start for t in g))


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


def _pattern_code(main: Trigger) -> str | None:
    """The CAMEO root of the first verb-dictionary pattern the trigger's sentence matches
    ("" = no event); None when no pattern matches (the verb's own code stands)."""
    return pattern_code(main)


def _points_back(head: Any) -> bool:
    """A trigger noun with a definite or demonstrative article: "The protest", "this rally"."""
    return head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in head.children
    )


_BACK_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _with_counts(event: Event, counts: list[Count]) -> Event:
    values = {k: getattr(event, k) for k in KINDS}
    evidence = dict(event.evidence)
    for c in counts:
        if values[c.kind] is None or c.value > values[c.kind]:
            values[c.kind] = c.value
            evidence[c.kind] = c.span

    return replace(event, evidence=tuple(evidence.items()), **values)


def _as_military(actor: Actor, resolver: ActorResolver) -> Actor:
    """A government that fires or shells acts through its military."""
    if actor.country is None or actor.role:
        return actor
    mil = resolver.agent_actor("military", actor.text, actor.country)
    if mil is None:
        return actor
    return replace(mil, cameo=actor.cameo) if actor.cameo == actor.country else mil
