"""Several actors in one happening are one event: the events one trigger made, one per
coordinated actor ("Peacekeepers, police and gendarmes were deployed", "talks with A and B"),
fold into the first, whose sides then list every actor.

``events.coordinated_actors`` and PETRARCH's dictionaries code a verbal event with
coordinated actors as one event per actor, as CAMEO coders list dyads. A reader of the
article sees one happening with several parties, and codes it once with the main pair in
``actor1``/``actor2`` (the annotation guideline of whole articles says so, and ACLED lists
further parties as associated actors). **merge.one_trigger_many_actors** keeps the first
event and lists every actor of a side in ``Event.actors1`` / ``Event.actors2`` (main one
first) with each one's span as repeated ``("actors1", span)`` evidence; ``Event.pairs()``
gives the dyads back to whoever codes one per pair (eval petrarch).
"""

from __future__ import annotations

from dataclasses import replace

from .. import rules
from ..records import LIST_EVIDENCE, Actor, Event, Span
from ..rules import Example, register
from .trace import with_decision

ONE_TRIGGER = register(
    "merge.one_trigger_many_actors",
    "The events one trigger made, one per coordinated actor, are one happening: the first "
    "event lists every actor of a side (actors1/actors2), the main pair stays actor1/actor2.",
    ("event", "actor1", "actor2"),
    (
        Example(
            "Soldiers, police officers and gendarmes were deployed in Ombarin on Monday.",
            published="2024-03-13",
        ),
    ),
)

JOINT = register(
    "merge.joint_parties_both_sides",
    "Two coordinated parties of a joint act with no other side ('A and B signed a truce', 'A "
    "and B held talks') are its two sides: the second becomes actor2, as ACLED codes an "
    "agreement between two parties.",
    ("actor2",),
    (
        Example(
            "The army and the rebels signed a ceasefire in Ombarin on Monday.",
            (("actor2", "rebel"),),
            without=(("actor2", None),),
            published="2024-03-13",
        ),
    ),
)

_KEYS = ((1, "actor1", "actors1"), (2, "actor2", "actors2"))
# PLOVER types whose coordinated subjects act together with each other (AGREE, CONSULT)
_JOINT_TYPES = frozenset({"AGREE", "CONSULT"})


def same_trigger(
    host: Event, later: Event, trigger: Span | None, host_mentions: list[Span]
) -> bool:
    """``later`` was made from a trigger of ``host``'s, with the same type."""
    return (
        trigger is not None
        and trigger in host_mentions
        and later.plover_type == host.plover_type
        and later.acled_sub_event_type == host.acled_sub_event_type
    )


def fold_actors(host: Event, later: Event) -> Event | None:
    """``host`` with the actors ``later`` names on either side added to that side's list,
    or None when the two stay apart: the rule is switched off, or folding would lose what
    ``later`` tells (another CAMEO code, a side ``host`` has not got)."""
    if later.cameo != host.cameo or not rules.on(ONE_TRIGGER):
        return None
    joint = _joint_party(host, later)
    if joint is not None:
        rules.fired(ONE_TRIGGER)
        return joint
    for n, key, _ in _KEYS:
        new: Actor | None = getattr(later, key)
        if new is not None and not new.implied and not host.side(n):
            return None
    rules.fired(ONE_TRIGGER)
    evidence = dict((k, v) for k, v in host.evidence if k not in LIST_EVIDENCE)
    lists = [(k, v) for k, v in host.evidence if k in LIST_EVIDENCE]
    theirs = dict((k, v) for k, v in later.evidence if k not in LIST_EVIDENCE)
    values: dict[str, tuple[Actor, ...]] = {"actors1": host.actors1, "actors2": host.actors2}
    changed: list[str] = []
    for n, key, many in _KEYS:
        side = host.side(n)
        new = getattr(later, key)
        if (
            new is None
            or new.implied
            or any((a.name, a.cameo) == (new.name, new.cameo) for a in side)
        ):
            continue
        if key not in evidence or key not in theirs:
            continue  # a party with no span of its own cannot be shown as one
        if not any(k == many for k, _ in lists):
            lists.append((many, evidence[key]))  # the main actor's span comes first
        lists.append((many, theirs[key]))
        values[many] = (*side, new)
        changed.append(key)
    merged = replace(
        host,
        evidence=tuple(evidence.items()) + tuple(lists),
        actors1=values["actors1"],
        actors2=values["actors2"],
    )
    return with_decision(merged, ONE_TRIGGER, "event", *changed)


def _joint_party(host: Event, later: Event) -> Event | None:
    """``host`` with ``later``'s other coordinated subject as its second side, when the act
    is a joint one and has no second side yet (merge.joint_parties_both_sides)."""
    new = later.actor1
    theirs = dict(later.evidence)
    if (
        host.plover_type not in _JOINT_TYPES
        or host.actor1 is None
        or host.actor2 is not None
        or host.actors1
        or new is None
        or new.implied
        or new.name == host.actor1.name
        or "actor1" not in theirs
        or not rules.apply(JOINT, "actor2")
    ):
        return None
    evidence = (*host.evidence, ("actor2", theirs["actor1"]))
    merged = with_decision(replace(host, actor2=new, evidence=evidence), ONE_TRIGGER, "event")
    return with_decision(merged, JOINT, "actor2")
