"""One crowd, one happening: the words a story tells one protest with are one event.

A story about a protest tells it with several words, each typed on its own: "police fired
tear gas at protesters" (Protests / Excessive force against protesters, PLOVER ASSAULT),
"demonstrators blocked roads and burned tyres" (Riots / Violent demonstration), "the protest
was organised by traders" (Protests / Peaceful protest). A coder codes one event: the crowd's
happening on that day at that place, of the gravest type its words tell, with the crowd and
the force that met it as its two sides.

**merge.one_crowd** (used by extract/coref.py): two crowd events (ACLED Protests or Riots)
agree in kind whatever their PLOVER types; their sides agree when the crowds are of one
country and any other party is the same one, whichever side each event puts it on; a later
crowd event with no place and no day of its own is a detail of the crowd event before it. The
merged event takes the type, the sides and their rules from the gravest mention (violent
demonstration or mob violence, then excessive force, then intervention, then a peaceful
protest). Two protests in two towns or on two days stay two: place and day must still agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import rules
from ..records import Actor, Event
from ..rules import Example, register
from .trace import with_decision

CROWD_TYPES = frozenset({"Protests", "Riots"})
_CROWD_INTERS = frozenset({5, 6})  # rioters, protesters
_GRAVITY = {
    "Violent demonstration": 4,
    "Mob violence": 4,
    "Excessive force against protesters": 3,
    "Protest with intervention": 2,
    "Peaceful protest": 1,
}
_TYPE_FIELDS = ("plover_type", "plover_mode", "acled_event_type", "acled_sub_event_type", "cameo")
_TYPE_KEYS = frozenset({"plover", "acled", "cameo", "actor1", "actor2"})

ONE_CROWD = register(
    "merge.one_crowd",
    "The crowd events of a story (ACLED Protests or Riots: force against the protesters, the "
    "crowd's own acts, 'the protest') that agree in place, day and parties are one happening "
    "of the gravest type told; a later one with no place or day of its own is a detail of "
    "the one before.",
    ("event", "plover", "acled", "cameo", "actor1", "actor2"),
    (
        Example(
            "Police fired tear gas at hundreds of protesters in Ombarin on Monday.\n\n"
            "Demonstrators blocked roads and burned tyres near the town hall.",
            (("acled", "Riots"), ("location", "Ombarin")),
            published="2024-03-13",
        ),
    ),
)


def is_crowd(event: Event) -> bool:
    return event.acled_event_type in CROWD_TYPES


def crowd_pair(a: Event, b: Event) -> bool:
    """Both are crowd events and the rule is switched on."""
    return is_crowd(a) and is_crowd(b) and rules.on(ONE_CROWD)


def _parties(event: Event) -> tuple[list[Actor], list[Actor]]:
    crowds: list[Actor] = []
    others: list[Actor] = []
    for actor in (event.actor1, event.actor2):
        if actor is None or actor.implied:
            continue
        (crowds if actor.inter in _CROWD_INTERS else others).append(actor)
    return crowds, others


def crowds_agree(
    a: Event,
    b: Event,
    same_actor: Callable[[Actor, Actor], bool],
    other_crowd: Callable[[Actor, Actor], bool],
) -> bool:
    """The crowds are of one country and told as the same people ("students" and "taxi
    drivers" are two crowds), and any other party of both is the same one, on whichever side
    each event puts it ("police fired at protesters", "rioters fought police")."""
    crowds_a, others_a = _parties(a)
    crowds_b, others_b = _parties(b)
    countries = {c.country for c in crowds_a + crowds_b if c.country}
    if len(countries) > 1:
        return False
    if any(other_crowd(x, y) for x in crowds_a for y in crowds_b):
        return False
    if others_a and others_b:
        return all(any(same_actor(x, y) for y in others_b) for x in others_a)
    return True


def gravity(event: Event) -> int:
    return _GRAVITY.get(event.acled_sub_event_type or "", 0)


def gravest(host: Event, later: Event) -> Event:
    """``host`` (already merged with ``later``) with the type and sides of ``later`` when
    ``later`` tells a graver crowd event; the crowd and the police of the milder one stay
    where ``later`` names none."""
    if not (crowd_pair(host, later) and gravity(later) > gravity(host)):
        return host
    crowds, others = _parties(host)
    actor1 = later.actor1 if later.actor1 is not None or not crowds else crowds[0]
    actor2 = later.actor2 if later.actor2 is not None or not others else others[0]
    rules.fired(ONE_CROWD)  # the crowd and the police of the milder mention stay
    return take_kind(host, later, actor1, actor2, ONE_CROWD)


def take_kind(
    host: Event, later: Event, actor1: Actor | None, actor2: Actor | None, rule: str
) -> Event:
    """``host`` (already merged with ``later``) with the type of ``later`` and the sides
    ``actor1``/``actor2`` (each of either mention), their evidence and the rules that decided
    them, the sentence evidence covering both mentions, and ``rule`` recorded as deciding
    them (merge.one_crowd, merge.one_operation)."""
    values: dict[str, Any] = {f: getattr(later, f) for f in _TYPE_FIELDS}
    values["actor1"], values["actor2"] = actor1, actor2
    sides = {"actor1", "actor2", "actors1", "actors2"}
    evidence = [(k, v) for k, v in host.evidence if k not in sides]
    for key in ("actor1", "actor2"):
        for event, src in (
            (later, "actor1"),
            (later, "actor2"),
            (host, "actor1"),
            (host, "actor2"),
        ):
            if values[key] is not None and getattr(event, src) is values[key]:
                span = dict(event.evidence).get(src)
                if span is not None:
                    evidence.append((key, span))
                break
    ours, theirs_sentence = (
        dict(host.evidence).get("sentence"),
        dict(later.evidence).get("sentence"),
    )
    if ours is not None and theirs_sentence is not None:  # covers the sides' sentences too
        wide = (min(ours[0], theirs_sentence[0]), max(ours[1], theirs_sentence[1]))
        evidence = [(k, wide if k == "sentence" else v) for k, v in evidence]
    kept = [(k, names) for k, names in host.decided_by if k not in _TYPE_KEYS]
    kept += [(k, names) for k, names in later.decided_by if k in _TYPE_KEYS]
    merged = replace(
        host,
        evidence=tuple(evidence),
        decided_by=tuple(kept),
        actors1=(),
        actors2=(),
        **values,
    )
    return with_decision(merged, rule, "plover", "acled", "cameo", "actor1", "actor2")
