"""Phrase patterns of PETRARCH verb dictionaries, applied to a trigger in its sentence.

A pattern (see :mod:`eventdesk.resolve.petrarch_verbs`) is a word sequence with ``*`` for the
verb: words after it must follow the verb, in order, inside its phrase ("restore * TIES");
words before it must precede the verb, in order, in its sentence ("WILL NOT *"). A ``%``
before the verb asks for a compound subject ("Gondor and Osgiliath have delayed ..."): the
event is then coded between the members of that compound, in both directions. A code may be
paired (``03:03``): the second code is for a second coding with source and target swapped
("X met Y" is also "Y met X"). A pattern whose words before the verb hold a negation ("NOT
*") already says what the negated verb means: its code stands and the event is not negated.

Only triggers from a user's verb dictionary (``DICTIONARY_CUE``) carry patterns, so nothing
here changes other event coding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..entries import COMPOUND, JOIN, VERB
from ..records import Actor, Event, Span, stable_id
from .actors import ActorMention, ActorResolver
from .roles import subject_of
from .triggers import Trigger

LIST_WORDS = {"and", "or", "nor"}
NEGATIONS = {"not", "n't", "never", "neither", "nor", "no"}


@dataclass(frozen=True, slots=True)
class PatternMatch:
    code: str  # CAMEO root; "" = not an event
    pair: str | None  # root of the swapped coding of a paired code ("03:03")
    compound: bool  # coded between the members of the compound subject
    negation: bool  # the pattern itself reads the negation


def split_code(code: str) -> tuple[str, str | None]:
    """'03:03' -> ('03', '03'); '06' -> ('06', None)."""
    first, _, second = code.partition(":")
    return first, (second or None)


def _in_order(words: tuple[str, ...], tokens: list[tuple[str, str]]) -> bool:
    k = 0
    for low, lemma in tokens:
        if k < len(words) and words[k] in (low, lemma):
            k += 1
    return k == len(words)


def _before(words: tuple[str, ...], tokens: list[tuple[str, str]]) -> bool:
    """Words (with ``JOIN`` marks) in order among the tokens before the verb; a final
    ``JOIN`` ties the last word to the verb."""
    items: list[tuple[str, bool]] = []  # (word, next to the previous word)
    joined = False
    for w in words:
        if w == JOIN:
            joined = bool(items)
            continue
        items.append((w, joined))
        joined = False
    to_verb = joined
    n = len(tokens)

    def go(k: int, start: int) -> bool:
        if k == len(items):
            return not to_verb or start == n
        word, adjacent = items[k]
        stop = start + 1 if adjacent and k > 0 else n
        return any(word in tokens[j] and go(k + 1, j + 1) for j in range(start, min(stop, n)))

    return go(0, 0)


def _compound_subject(head: Any) -> list[Any]:
    """The members of the verb's subject when it is a compound ("X and Y"), else []."""
    for subj in [c for c in head.children if c.dep_ == "nsubj"] or subject_of(head)[:1]:
        members = [subj, *subj.conjuncts]
        if len(members) > 1:
            return members
    return []


def listed_members(
    subjects: list[Any], actors: ActorResolver, doc_country: str | None
) -> list[ActorMention]:
    """The actors of a list phrase, the subjects of a verb ("Mordor, the Shire, Fornost
    and Bree", "Fornost and the evil awful Gondor"): in each part between commas and
    conjunctions, the first noun that names a coded actor (the parser does not always make
    the members conjuncts). [] when the phrase is not a list."""
    if not subjects:
        return []
    doc = subjects[0].doc
    sub = list(
        doc[min(t.left_edge.i for t in subjects) : max(t.right_edge.i for t in subjects) + 1]
    )
    if not any(
        t.dep_ == "cc" and t.lower_ in LIST_WORDS and t.head.pos_ in {"NOUN", "PROPN"} for t in sub
    ):
        return []
    parts: list[list[Any]] = [[]]
    for t in sub:
        if t.lower_ in LIST_WORDS or t.text == ",":
            parts.append([])
        else:
            parts[-1].append(t)
    out: list[ActorMention] = []
    for part in parts:
        found = [
            m
            for t in part
            if t.pos_ in {"NOUN", "PROPN"}
            and (m := actors.from_token(t, doc_country)) is not None
            and m.actor.cameo
        ]
        # the first with a country or group code ("Evil Mordor": not a person "Evil")
        best = next((m for m in found if not str(m.actor.cameo).startswith("---")), None)
        if best is not None or found:
            out.append(best or found[0])
    return out


def match(main: Trigger) -> PatternMatch | None:
    """The first (longest) of the trigger's patterns that its sentence matches."""
    head = main.head
    after = [(t.lower_, t.lemma_.lower()) for t in head.subtree if t.i >= main.end]
    before: list[tuple[str, str]] | None = None
    compound: bool | None = None
    for words, code in main.entry.patterns:
        if VERB in words:
            i = words.index(VERB)
            pre, post = words[:i], words[i + 1 :]
        else:
            pre, post = (), words
        if post and not _in_order(post, after):
            continue
        if COMPOUND in pre:
            if compound is None:
                compound = bool(_compound_subject(head))
            if not compound:
                continue
        plain = tuple(w for w in pre if w != COMPOUND)
        if plain and plain != (JOIN,):
            if before is None:
                sent = head.sent
                before = [(t.lower_, t.lemma_.lower()) for t in head.doc[sent.start : main.start]]
            if not _before(plain, before):
                continue
        root, pair = split_code(code)
        return PatternMatch(root, pair, COMPOUND in pre, any(w in NEGATIONS for w in plain))
    return None


def pattern_code(main: Trigger) -> str | None:
    """The CAMEO root the trigger's patterns give ("" = no event); None when none matches."""
    m = match(main)
    return None if m is None else m.code


def _swapped(event: Event, code: str) -> Event:
    evidence = dict(event.evidence)
    a1, a2 = evidence.pop("actor1", None), evidence.pop("actor2", None)
    if a2 is not None:
        evidence["actor1"] = a2
    if a1 is not None:
        evidence["actor2"] = a1
    return replace(
        event,
        event_id=stable_id(event.event_id, "swapped", prefix="e"),
        actor1=event.actor2,
        actor2=event.actor1,
        cameo=code,
        evidence=tuple(evidence.items()),
    )


def _each_code(actor: Actor | None) -> list[Actor | None]:
    """An actor coded as several ("ELR/GAL": one phrase for two actors) as one actor per
    code; any other actor as itself."""
    if actor is None or not actor.cameo or "/" not in actor.cameo:
        return [actor]
    return [replace(actor, cameo=c) for c in actor.cameo.split("/") if c]


def _options(events: list[Event], key: str) -> list[tuple[Actor | None, Span | None]]:
    """The distinct actors (one per code) events have on one side, with their evidence."""
    out: dict[tuple[str | None, str | None, str | None], tuple[Actor | None, Span | None]] = {}
    for e in events:
        span = dict(e.evidence).get(key)
        for actor in _each_code(getattr(e, key)):
            k = (actor.cameo, actor.name, actor.text) if actor is not None else (None,) * 3
            out.setdefault(k, (actor, span))
    return list(out.values())


def _coded(
    event: Event,
    one: tuple[Actor | None, Span | None],
    two: tuple[Actor | None, Span | None],
    code: str | None = None,
) -> Event:
    evidence = dict(event.evidence)
    for key, (_, span) in (("actor1", one), ("actor2", two)):
        evidence.pop(key, None)
        if span is not None:
            evidence[key] = span
    a1, a2 = one[0], two[0]
    names = [a.cameo or a.name if a is not None else "-" for a in (a1, a2)]
    return replace(
        event,
        event_id=stable_id(event.event_id, *names, prefix="e"),
        actor1=a1,
        actor2=a2,
        cameo=code or event.cameo,
        evidence=tuple(evidence.items()),
    )


def _same(a: Actor | None, b: Actor | None) -> bool:
    return a is not None and b is not None and (a.name, a.cameo) == (b.name, b.cameo)


def _all_pairs(event: Event, extras: list[Event], listed: list[ActorMention]) -> list[Event]:
    """Every source with every target: "A and B welcomed ties between C and D" codes A-C,
    A-D, B-C and B-D (the first is the event itself). ``listed``: more sources."""
    events = [event, *extras]
    sources, targets = _options(events, "actor1"), _options(events, "actor2")
    known = {(a.cameo, a.name) for a, _ in sources if a is not None}
    for m in listed:
        for a in _each_code(m.actor):
            if a is not None and (a.cameo, a.name) not in known:
                known.add((a.cameo, a.name))
                sources.append((a, m.span))
    sources = [o for o in sources if o[0] is not None] or sources
    targets = [o for o in targets if o[0] is not None] or targets
    if (
        not listed
        and len(sources) * len(targets) == len(events)
        and all(len(_each_code(e.actor1)) == len(_each_code(e.actor2)) == 1 for e in events)
    ):
        return events  # nothing to add
    out = [
        _coded(event, one, two) for one in sources for two in targets if not _same(one[0], two[0])
    ]
    return out or events


def _between_members(event: Event, members: list[ActorMention], code: str) -> list[Event]:
    """The event between every two members of a compound subject, both ways."""
    sides = [(a, m.span) for m in members for a in _each_code(m.actor)]
    return [
        _coded(event, one, two, code)
        for one in sides
        for two in sides
        if one is not two and not _same(one[0], two[0])
    ]


def dictionary_codings(
    main: Trigger,
    event: Event,
    extras: list[Event],
    actors: ActorResolver,
    doc_country: str | None,
) -> tuple[Event, list[Event]]:
    """The event and its extra codings (coordinated actors) as PETRARCH codes them for a
    verb-dictionary trigger: every source with every target, one coding per code of an
    actor coded as several, and as the matching pattern says: un-negated by a negation
    pattern, between the members of a compound subject, with the swapped codings of a
    paired code."""
    m = match(main) if main.entry.patterns else None
    if m is not None and not m.code:
        return event, extras
    # "Old foes Gondor and Osgiliath have ...": the parser may give a verb two subjects
    subjects = [c for c in main.head.children if c.dep_ == "nsubj"] or subject_of(main.head)[:1]
    listed = listed_members(subjects, actors, doc_country)
    if len(listed) < 2 and event.actor1 is not None:
        listed = []  # "Lions, tigers and Gondor": one actor listed stands in for no source
    codings = _all_pairs(event, extras, listed)
    event, extras = codings[0], codings[1:]
    if m is None:
        return event, extras
    if m.negation and event.negated:
        event = replace(event, negated=False)
        extras = [replace(e, negated=False) for e in extras]
    if m.compound:
        members = listed or [
            mention
            for tok in _compound_subject(main.head)
            if (mention := actors.from_token(tok, doc_country)) is not None
        ]
        pairs = _between_members(event, members, m.code)
        if pairs:
            return pairs[0], pairs[1:]  # both directions already
    if m.pair:
        extras = extras + [
            _swapped(e, m.pair)
            for e in [event, *extras]
            if e.actor1 is not None and e.actor2 is not None
        ]
    return event, extras
