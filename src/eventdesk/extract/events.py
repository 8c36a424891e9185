"""The event stage: triggers -> grouped events with types, actors, place, date, counts, flags.

Input is a parsed spaCy Doc plus what earlier stages found in it (resolved places, the
document's country); output is typed Event records whose every value carries its evidence span.
Sentence by sentence, trigger groups become events (``draft.EventBuilder``: one typed draft
through named passes); then document-level passes run in this order: counts and dates carried
between sentences, coordinated actors, verb-dictionary codings, sides named elsewhere in the
paragraph (perpetrators.py), follow-ups merged (merge.py), front lines (fronts.py) and, last,
the mentions of one happening across the whole article merged into one event (coref.py). Each
decision is a named rule (rules.py) recorded in the event's ``decided_by``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, partial
from typing import Any

from .. import rules
from ..nlp import doc_text, doc_words
from ..records import Article, Event, PlaceMention, Span, stable_id
from ..rules import Example, register
from .actors import ActorMention, ActorResolver
from .anchored_dates import anchored_dates
from .attribution import Attributor
from .cameo_patterns import dictionary_codings
from .conventions import arrested_civilians, arrested_crowd
from .coref import merge_retold
from .counts import KINDS, Count, CountReader
from .dates import DateMention, background, find_dates
from .doc_country import country_words
from .draft import EventBuilder, SentenceContext
from .force_memory import ForceMemory
from .fronts import FrontLines
from .leaders import StateHolders
from .lexicon import DICTIONARY_CUE, Lexicon
from .merge import _Draft, merge_followup_drafts
from .perpetrators import force_mentions, forces_needed, group_mentions, name_unnamed_sides
from .person_memory import PersonMemory
from .roles import find_roles
from .scene import SceneWords, event_place
from .shared_sides import shared_sides
from .sides import SideFinder
from .trace import if_changed, with_decision
from .triggers import (
    MERGE_CLASSES,
    Trigger,
    TriggerFinder,
    group_triggers,
    main_trigger,
)
from .typing import Typer, topic_tokens

COUNT_FIELDS = ("fatalities", "injured", "displaced", "arrested")

VICTIMS_JOIN_CLAUSE = register(
    "events.victims_join_clause",
    "A victims-only clause ('four militants were killed') joins the sentence's other "
    "material event ('... when police repulsed their attack') instead of being its own.",
    ("event",),
    (
        Example(
            "Four militants were killed and one wounded when police repulsed their attack "
            "on Tessaro."
        ),
    ),
)
VICTIMS_CONTINUE = register(
    "events.victims_continue_previous",
    "A sentence with only victims ('Five soldiers were killed.') adds its counts to the "
    "previous material event of its paragraph instead of being an event.",
    ("event", *COUNT_FIELDS),
    (Example("Rebels attacked an army post in Tessaro. Five soldiers were killed."),),
)
COUNTS_TO_LAST = register(
    "counts.to_last_event",
    "Counts in a sentence with no material event of its own go to the last material event "
    "of the paragraph.",
    COUNT_FIELDS,
    (Example("Rebels attacked Tessaro on Monday. At least 12 people died, officials said."),),
)
PROTEST_APART = register(
    "events.protest_apart",
    "A protest against, over or about another happening is its own event ('protested "
    "against the arrest of X'), not part of that happening's clause.",
    ("event",),
    (Example("Traders demonstrated against the arrest of two vendors in Ombarin."),),
)
COORDINATED = register(
    "events.coordinated_actors",
    "A verbal event with coordinated actors ('A and B welcomed ...', 'talks with A and B') "
    "is one event per actor (material events stay one, as ACLED codes them).",
    ("event", "actor1", "actor2"),
    (Example("The Kenyan president held talks with Uganda and Tanzania."),),
)
DICTIONARY_CODINGS = register(
    "events.dictionary_codings",
    "Triggers from a PETRARCH verb dictionary are coded as PETRARCH codes them (listed "
    "members, swapped roles, one event per pair).",
    ("event", "actor1", "actor2", "cameo"),
)
NAMED_ELSEWHERE = register(
    "actors.named_elsewhere",
    "A side left unnamed ('gunmen', an implied armed group) takes the group or force the "
    "paragraph names (a claim of responsibility, the only armed group mentioned).",
    ("actor1", "actor2"),
    (Example("Gunmen attacked a checkpoint near Maiduguri. Boko Haram claimed the attack."),),
)
FRONT_LINES = register(
    "fronts.front_lines",
    "Reports of a known front line (lexicon/fronts.tsv) name the sides who hold the places "
    "shelled or fought over (extract/fronts.py).",
    ("actor1", "actor2", "acled"),
    (
        Example(
            "The SMM recorded 40 explosions near Avdiivka on 5 June.",
            (("actor1", "inter 2"),),
            published="2019-06-06",
        ),
    ),
)


PRIVATE_COOPERATION = register(
    "events.private_cooperation",
    "A meeting, visit, agreement or cooperation whose every named side is civilians "
    "(residents, a family, employees, teachers) is private life, not a political event: "
    "PLOVER codes them between political actors.",
    ("event",),
    (
        Example(
            "A neighbour visited the family in Tessaro on Sunday, the relatives said.",
            (),
            (("plover", "CONSULT"),),
        ),
    ),
)
_COOPERATION = frozenset({"CONSULT", "AGREE", "COOPERATE"})


def _private(event: Event) -> bool:
    """A meeting or agreement whose every named side is civilians (events.private_cooperation)."""
    sides = [a for a in (event.actor1, event.actor2) if a is not None]
    return (
        event.plover_type in _COOPERATION
        and bool(sides)
        # a party's or union's members (their associate) act for a political body
        and all(a.inter == 7 and a.associate is None for a in sides)
    )


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
        self.victim_only = lexicon.cue_words("victim_only")  # "Five soldiers were killed."
        self.criminal_words = lexicon.cue_words("criminal_victim")
        # nouns that can name a state force: army and police agents, and the generic words
        # ("forces", "units") whose modifier says whose
        self.force_words = frozenset(
            {k for k, a in lexicon.agents.items() if a.sector in {"MIL", "COP"}}
        ) | lexicon.cue_words("generic_agent")
        self.force_memory = ForceMemory(actors)
        self.person_memory = PersonMemory(actors)
        self.state_holders = StateHolders(lexicon.leaders, lexicon.in_power)
        # act nouns ("deal", "attack") and their PLOVER types, for coref's argument cue
        self.act_nouns = lexicon.act_nouns()
        self.builder = EventBuilder(
            lexicon,
            actors,
            self.finder,
            self.typer,
            self.sides,
            self.attribution,
            self.scene_words,
        )

    # ------------------------------------------------------------------------------------
    def dates(self, doc: Any, published: dt.date | None) -> list[DateMention]:
        """Explicit dates by pattern, then the model's DATE entities that do not overlap them."""
        return find_dates(doc, published)

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
        # the article's persons, read once and only when a side needs them
        persons = cache(lambda: self.person_memory.named(doc, doc_country))
        for i, info in enumerate(sents):
            sent = info.sent
            sent_dates = [d for d in dates if sent.start_char <= d.span[0] < sent.end_char]
            counts = self.counts.read(sent)
            groups = self._fold_victim_groups(info.groups, doc_country)
            if rules.on(PROTEST_APART):
                groups = _protests_apart(groups)
            if i > 0 and sents[i - 1].paragraph != info.paragraph:
                last_material, last_date = None, None  # neither counts nor dates cross paragraphs
            material = [g for g in groups if main_trigger(g).entry.plover in MERGE_CLASSES]
            if (
                material
                and last_material is not None
                and all(self._victim_only(g, doc_country) for g in material)
                and rules.apply(VICTIMS_CONTINUE, "event")
            ):
                # "Five soldiers were killed." continues the previous event
                last_material.event = _with_counts(last_material.event, counts, VICTIMS_CONTINUE)
                groups = [g for g in groups if g not in material]
                material, counts = [], []
            context = _context(sents, i)
            paragraph = _context(sents, i, whole=True) if groups else None
            sources = self.attribution.sentence_sources(sent, doc_country)
            made = False
            for group in groups:
                main = main_trigger(group)
                ctx = SentenceContext(
                    doc=doc,
                    sent=sent,
                    context=context,
                    paragraph=paragraph,
                    article=article,
                    places=places,
                    sent_triggers=[t for g in info.groups for t in g],
                    prev_triggers=[t for g in sents[i - 1].groups for t in g]
                    if i > 0 and sents[i - 1].paragraph == info.paragraph
                    else [],
                    sent_dates=sent_dates,
                    last_date=last_date,
                    published=published,
                    doc_country=doc_country,
                    counts=counts,
                    sentence_sources=sources,
                    drugs=info.paragraph in drug_paragraphs,
                    criminal_victims=info.paragraph in criminal_paragraphs,
                    named_countries=named_countries,
                    persons=persons,
                )
                event = self.builder.build(group, main, ctx)
                if event is None:
                    continue
                extras = self._coordinated(event, doc, doc_country)
                if DICTIONARY_CUE in main.entry.cues and rules.on(DICTIONARY_CODINGS):
                    # as PETRARCH codes its dictionaries
                    event, extras = _noted(
                        DICTIONARY_CODINGS,
                        partial(dictionary_codings, main, event, extras, self.actors, doc_country),
                        event,
                        extras,
                    )
                draft = _Draft(event, info.paragraph, i, _points_back(main.head))
                drafts.append(draft)  # the main event first: coref folds the extras into it
                for extra in extras:
                    drafts.append(_Draft(extra, info.paragraph, i))
                if main.entry.plover in MERGE_CLASSES:
                    last_material, made = draft, True
            if counts and not made and last_material is not None and rules.apply(COUNTS_TO_LAST):
                last_material.event = _with_counts(last_material.event, counts, COUNTS_TO_LAST)
            current = [d for d in sent_dates if not background(d, published)]
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
        if (named or forces) and rules.on(NAMED_ELSEWHERE):
            for d in drafts:
                before = d.event
                d.event = name_unnamed_sides(d.event, d.sentence, d.paragraph, named, forces)
                d.event = if_changed(NAMED_ELSEWHERE, before, d.event)
        if any(self.force_memory.may_apply(d.event) for d in drafts):
            named_forces = self.force_memory.named(doc)  # "Sudan's army ... the army"
            for d in drafts:
                d.event = self.force_memory.apply(d.event, named_forces, doc)
        if any(self.person_memory.may_apply(d.event) for d in drafts):
            for d in drafts:  # "Dana Okafor ... Okafor"
                d.event = self.person_memory.apply(d.event, persons())
        for d in drafts:  # "Joe Biden said": the government he led on the article's day
            d.event = self.state_holders.code(d.event, published, doc_country)
        kept = merge_followup_drafts(drafts)
        text = doc_text(doc)
        if kept and rules.on(FRONT_LINES):
            cues = self.fronts.cued(text)
            for d in kept:
                d.event = if_changed(FRONT_LINES, d.event, self.fronts.code(d.event, cues))
        # one event per happening: retellings across the article (extract/coref.py)
        events = merge_retold(kept, doc, self.act_nouns)
        events = shared_sides(events, text)  # "urged both sides", the signers' talks
        events = anchored_dates(events, text)  # "hours before the deal was signed"
        events = [arrested_civilians(e, self.actors, doc_country, text) for e in events]
        events = arrested_crowd(events)
        if rules.on(PRIVATE_COOPERATION) and any(_private(e) for e in events):
            rules.fired(PRIVATE_COOPERATION, "event")
            events = [e for e in events if not _private(e)]
        return events

    def _victim_only(self, group: list[Trigger], doc_country: str | None) -> bool:
        return all(t.entry.trigger in self.victim_only for t in group) and not self._has_agent(
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
        if not victims or not hosts or not rules.apply(VICTIMS_JOIN_CLAUSE, "event"):
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

    def _coordinated(self, event: Event, doc: Any, doc_country: str | None) -> list[Event]:
        """'Fornost and Gondor welcomed ...', '... talks with A and B': one more verbal event
        for each coordinated actor (material events stay one event, as ACLED codes them)."""
        if event.plover_type in MERGE_CLASSES or not rules.on(COORDINATED):
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
                extra = replace(
                    event,
                    event_id=stable_id(event.event_id, key, m.actor.name, prefix="e"),
                    evidence=tuple(new_evidence.items()),
                    actor1=a1,
                    actor2=a2,
                )
                rules.fired(COORDINATED)
                out.append(with_decision(extra, COORDINATED, "event", key))
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


def _paragraphs_with(sents: list[_Sentence], words: frozenset[str]) -> set[int]:
    """The paragraphs with a sentence that has a word (lemma) of ``words``."""
    out: set[int] = set()
    for s in sents:
        lemmas = doc_words(s.sent.doc).lemma[s.sent.start : s.sent.end]
        if not words.isdisjoint(lemmas):
            out.add(s.paragraph)
    return out


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
        if protests:
            rules.fired(PROTEST_APART, "event")
        rest = [t for t in group if t not in protests]
        out.extend([[t] for t in protests])
        out.append(rest)
    return sorted(out, key=lambda g: min(t.start for t in g))


def _points_back(head: Any) -> bool:
    """A trigger noun with a definite or demonstrative article: "The protest", "this rally"."""
    return head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in head.children
    )


_BACK_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})


def _with_counts(event: Event, counts: list[Count], rule: str) -> Event:
    values = {k: getattr(event, k) for k in KINDS}
    evidence = dict(event.evidence)
    changed: list[str] = []
    for c in counts:
        if values[c.kind] is None or c.value > values[c.kind]:
            values[c.kind] = c.value
            evidence[c.kind] = c.span
            changed.append(c.kind)
    event = replace(event, evidence=tuple(evidence.items()), **values)
    return with_decision(event, rule, *dict.fromkeys(changed)) if changed else event


def _noted(
    rule: str,
    apply: Callable[[], tuple[Event, list[Event]]],
    event: Event,
    extras: list[Event],
) -> tuple[Event, list[Event]]:
    """Run a pass that rewrites an event and its extras; record ``rule`` where it changed
    them (an extra it added is an event it decided)."""
    new_event, new_extras = apply()
    known = {e.event_id: e for e in (event, *extras)}
    out: list[Event] = []
    for e in new_extras:
        old = known.get(e.event_id)
        if old is None:
            rules.fired(rule)
            out.append(with_decision(e, rule, "event"))
        else:
            out.append(if_changed(rule, old, e))
    return if_changed(rule, event, new_event), out
