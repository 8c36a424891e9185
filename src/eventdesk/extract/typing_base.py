"""What the typing rules read and return, and how they are registered.

A typing rule is a function ``(EventType, TypingInput) -> EventType | None``: the type so far
and the event's inputs in, the new type out (None: the rule does not apply). ``typing_rule``
registers it under its name (rules.py) with its description and examples; the order the
rules apply in is ``TYPING_RULES`` in ``extract/typing.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..records import Actor
from ..rules import Example, register
from .lexicon import Lexicon, TriggerEntry, WeaponEntry
from .triggers import Trigger

ARMED = {1, 2, 3, 4, 8}
VAC_ATTACK = ("Violence against civilians", "Attack")
ARMED_CLASH = ("Battles", "Armed clash")
# remote-violence sub-types that an exchange of direct fire (small arms, machine guns) turns
# into an armed clash: "fired grenade launchers and small arms at the positions of ..."
DIRECT_FIRE_OVERRIDES = {
    "Shelling/artillery/missile attack",
    "Grenade",
    "Remote explosive/landmine/IED",
}
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}


@dataclass(frozen=True, slots=True)
class EventType:
    plover: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str


def armed(actor: Actor | None) -> bool:
    return actor is not None and actor.inter in ARMED and actor.sector not in {"GOV", "IGO", "NGO"}


def naming_modifier(tok: Any, kinds: frozenset[str]) -> bool:
    """A word that modifies a noun as part of its name or kind: "torch" in "the Torch
    Movement", "riot" in "riot police" (``kinds``: the cue list naming_kind)."""
    if tok.pos_ == "PROPN" and tok.ent_type_ in {"ORG", "PERSON", "GPE", "NORP"}:
        return True
    return tok.dep_ == "compound" and tok.head.lemma_.lower() in kinds


# prepositions that introduce what a protest is about ("against the arrest of X")
PROTEST_TOPIC = frozenset({"against", "over", "about", "for", "after", "following"})


def topic_tokens(head: Any) -> set[int]:
    """Token indices of what the trigger ``head`` is against, over or about."""
    return {
        t.i
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in PROTEST_TOPIC
        for t in p.subtree
    }


@dataclass(frozen=True, slots=True)
class TypingInput:
    """What the typing rules read: the event's triggers and sentence, its two sides as found
    so far, what its object is and how many died."""

    group: list[Trigger]
    main: Trigger
    actor1: Actor | None
    actor2: Actor | None
    sent: Any
    object_kind: str | None
    fatalities: int | None
    cues: frozenset[str]
    phrases: set[str]
    lexicon: Lexicon
    weapons: dict[str, WeaponEntry]

    @property
    def entry(self) -> TriggerEntry:
        return self.main.entry

    def cue(self, name: str) -> frozenset[str]:
        return self.lexicon.cue_words(name)

    @property
    def shooting(self) -> bool:
        return bool(self.phrases & self.cue("direct_fire"))

    @property
    def protest_trigger(self) -> bool:
        return any(t.entry.plover == "PROTEST" for t in self.group)


TypingRule = Callable[[EventType, TypingInput], "EventType | None"]
RULES: dict[str, TypingRule] = {}
TYPE_FIELDS = ("plover", "acled", "cameo")


def typing_rule(
    name: str, description: str, *examples: Example
) -> Callable[[TypingRule], TypingRule]:
    """Register a typing rule: it returns the new type when it applies, None when not."""

    def deco(func: TypingRule) -> TypingRule:
        RULES[register(name, description, TYPE_FIELDS, examples)] = func
        return func

    return deco


def example(
    text: str, acled: str | None, without: str | None = None, off: tuple[str, ...] = ()
) -> Example:
    """An example of a typing rule: ``acled`` is the ACLED type/sub-type it gives."""
    return Example(
        text, (("acled", acled),), (("acled", without),) if without is not None else (), off=off
    )


def pair(t: EventType) -> tuple[str | None, str | None]:
    return (t.acled_event_type, t.acled_sub_event_type)
