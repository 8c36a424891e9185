"""Deciding the ACLED type, sub-type and PLOVER mode of an event from its triggers and cues.

The lexicon gives a default per trigger (rule ``typing.lexicon_trigger``); named rules refine
it, in the order ``TYPING_RULES`` lists them: who the two sides are (armed vs civilian vs
protesters), weapon words, what was captured, and whether police intervened in a protest.
Each rule reads a :class:`TypingInput` and the type so far and returns the new type (or None
when it does not apply); each can be switched off (``--rules-off typing.riot_signs``) and
each records itself in the event's ``decided_by`` when it applies.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import rules
from ..records import Actor
from ..rules import register
from . import typing_sides  # noqa: F401  (it registers its rules at import)
from .lexicon import Lexicon, TriggerEntry
from .triggers import Trigger, sentence_phrases
from .typing_acts import PROTEST_EXCESSIVE_FORCE, PROTEST_INTERVENTION, PROTEST_TOPIC_NOT_A_CUE
from .typing_base import (
    ARMED_CLASH,
    RULES,
    TYPE_FIELDS,
    VAC_ATTACK,
    EventType,
    TypingInput,
    armed,
    example,
    pair,
    topic_tokens,
)

__all__ = ["TYPING_RULES", "EventType", "Typer", "topic_tokens"]

LEXICON_TRIGGER = register(
    "typing.lexicon_trigger",
    "The trigger word's lexicon entry gives the default PLOVER type and mode, ACLED type and "
    "sub-type and CAMEO root (lexicon/events.tsv); the base every other typing rule refines.",
    TYPE_FIELDS,
    (example("Rebels ambushed an army convoy near Tessaro on Monday.", "Battles/Armed clash"),),
    base=True,
)


# The order the typing rules apply in. A tuple of several names is one decision: the first
# of them that applies (and is switched on) decides, the others are not asked.
TYPING_RULES: tuple[tuple[str, ...], ...] = (
    ("typing.weapon_word",),
    ("typing.plural_shelling",),
    (
        "typing.seized_weapons",
        "typing.seized_goods",
        "typing.territory_by_taker",
        "typing.seized_people_abduction",
    ),
    ("typing.police_raid",),
    ("typing.force_against_protesters", "typing.riot_signs", "typing.protest_subtype"),
    ("typing.armed_target_battle",),
    ("typing.clash_on_protesters",),
    ("typing.clash_on_civilians",),
    ("typing.armed_group_blockade",),
    ("typing.armed_group_aid",),
    ("typing.burning_people",),
    ("typing.unarmed_crowd_mob_violence",),
    ("typing.crowd_looting_riot",),
    ("typing.unarmed_fight_mob_violence",),
    ("typing.direct_fire_clash",),
    ("typing.rioters_alone_violent_demo",),
)

ARMED_PAIR_FINAL = register(
    "typing.armed_pair_final",
    "Once ACLED's role conventions have named both sides, an attack by an armed side on an "
    "armed side is an armed clash ('a man shot two police officers').",
    TYPE_FIELDS,
    (example("A man shot two police officers in Tessaro.", "Battles/Armed clash"),),
)


def _changed(before: EventType, after: EventType) -> tuple[str, ...]:
    keys = []
    if (before.plover, before.mode) != (after.plover, after.mode):
        keys.append("plover")
    if (before.acled_event_type, before.acled_sub_event_type) != (
        after.acled_event_type,
        after.acled_sub_event_type,
    ):
        keys.append("acled")
    if before.cameo != after.cameo:
        keys.append("cameo")
    return tuple(keys)


class Typer:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.weapons = {w.word: w for w in lexicon.weapons}

    def decide(
        self,
        group: list[Trigger],
        main: Trigger,
        actor1: Actor | None,
        actor2: Actor | None,
        sent: Any,
        object_kind: str | None,
        fatalities: int | None,
    ) -> EventType:
        """The lexicon's type for the main trigger, refined by ``TYPING_RULES`` in order;
        every rule that applies is recorded in the running trace (rules.fired)."""
        entry: TriggerEntry = main.entry
        t = EventType(
            entry.plover,
            entry.mode,
            entry.acled_event_type,
            entry.acled_sub_event_type,
            entry.cameo,
        )
        rules.fired(LEXICON_TRIGGER, *TYPE_FIELDS)
        if main.sense is not None:  # the word's sense was chosen by context (senses.py)
            rules.fired(main.sense, *TYPE_FIELDS)
        x = TypingInput(
            group,
            main,
            actor1,
            actor2,
            sent,
            object_kind,
            fatalities,
            frozenset().union(*(tr.entry.cues for tr in group)),
            sentence_phrases(sent),
            self.lexicon,
            self.weapons,
        )
        for step in TYPING_RULES:
            for name in step:
                if not rules.on(name):
                    continue
                new = RULES[name](t, x)
                if new is not None:
                    rules.fired(name, *_changed(t, new))
                    t = new
                    break
        return t

    @staticmethod
    def with_final_actors(
        etype: EventType, group: list[Trigger], actor1: Actor | None, actor2: Actor | None
    ) -> EventType:
        """The armed-pair rule again once ACLED's role conventions have named the sides: "a
        man shot two police officers" is by an armed man, "a man was shot dead; he was wanted
        for drug trafficking" is against a gang member, so both are fights of armed sides."""
        cues = set().union(*(t.entry.cues for t in group))
        if (
            "armed_target_battle" in cues
            and pair(etype) == VAC_ATTACK
            and armed(actor1)
            and armed(actor2)
            and rules.apply(ARMED_PAIR_FINAL, *TYPE_FIELDS)
        ):
            return replace(
                etype,
                acled_event_type=ARMED_CLASH[0],
                acled_sub_event_type=ARMED_CLASH[1],
                cameo="19",
            )
        return etype


def _listed() -> list[str]:
    out = [LEXICON_TRIGGER]
    for step in TYPING_RULES:
        for name in step:
            out.append(name)
            if name == "typing.protest_subtype":  # the rules it asks, in the order it asks
                out += [PROTEST_TOPIC_NOT_A_CUE, PROTEST_EXCESSIVE_FORCE, PROTEST_INTERVENTION]
    return [*out, ARMED_PAIR_FINAL]


rules.set_order(_listed())
