"""Typing rules about who the sides are: armed or not, civilians, protesters, crowds."""

from __future__ import annotations

from dataclasses import replace

from .typing_base import (
    ARMED_CLASH,
    VAC_ATTACK,
    EventType,
    TypingInput,
    armed,
    example,
    pair,
    typing_rule,
)


@typing_rule(
    "typing.armed_target_battle",
    "An attack (with the 'armed_target_battle' cue) by an armed side on another armed side "
    "is an armed clash, not violence against civilians.",
    example("Gunmen killed two soldiers in Tessaro.", "Battles/Armed clash"),
)
def _armed_target_battle(t: EventType, x: TypingInput) -> EventType | None:
    armed_pair = armed(x.actor2) and (x.actor1 is None or armed(x.actor1))
    if "armed_target_battle" in x.cues and pair(t) == VAC_ATTACK and armed_pair:
        return replace(
            t, acled_event_type="Battles", acled_sub_event_type="Armed clash", cameo="19"
        )
    return None


@typing_rule(
    "typing.clash_on_protesters",
    "A clash (with the 'civilian_target_vac' cue) whose target is protesters is excessive "
    "force against protesters. (typing.force_against_protesters decides such events first; "
    "this one applies only when that rule is off.)",
    example(
        "Soldiers opened fire on protesters in Ombarin.",
        "Protests/Excessive force against protesters",
        off=("typing.force_against_protesters",),
    ),
)
def _clash_on_protesters(t: EventType, x: TypingInput) -> EventType | None:
    target = x.actor2.inter if x.actor2 is not None else None
    if "civilian_target_vac" in x.cues and pair(t) == ARMED_CLASH and target == 6:
        return replace(
            t,
            acled_event_type="Protests",
            acled_sub_event_type="Excessive force against protesters",
        )
    return None


@typing_rule(
    "typing.clash_on_civilians",
    "A clash (with the 'civilian_target_vac' cue) whose target is civilians, or a place or "
    "property attacked by an armed group, is violence against civilians.",
    example("Gunmen opened fire on villagers in Tessaro.", "Violence against civilians/Attack"),
)
def _clash_on_civilians(t: EventType, x: TypingInput) -> EventType | None:
    if "civilian_target_vac" not in x.cues or pair(t) != ARMED_CLASH:
        return None
    a1 = x.actor1
    # who fires at people or their homes is armed, whatever the text calls them
    attacker = a1 is not None and (a1.inter in {2, 3, 4} or (x.shooting and a1.inter in {5, 6, 7}))
    target = x.actor2.inter if x.actor2 is not None else None
    if target == 7 or (x.actor2 is None and x.object_kind in {"place", "property"} and attacker):
        return replace(
            t, acled_event_type=VAC_ATTACK[0], acled_sub_event_type=VAC_ATTACK[1], cameo="18"
        )
    return None


@typing_rule(
    "typing.armed_group_blockade",
    "Armed groups 'blockading' a town are not protesting: a siege-like restriction "
    "(COERCE/restrict, Strategic developments/Other).",
    example("Militants blockaded the roads into Ombarin.", "Strategic developments/Other"),
)
def _armed_group_blockade(t: EventType, x: TypingInput) -> EventType | None:
    if t.plover == "PROTEST" and x.actor1 is not None and x.actor1.inter in {2, 3, 4}:
        return EventType("COERCE", "restrict", "Strategic developments", "Other", "17")
    return None


@typing_rule(
    "typing.armed_group_aid",
    "An armed group handing out food or money changes its activity (Strategic developments).",
    example(
        "Rebels delivered food to families in Tessaro.",
        "Strategic developments/Change to group/activity",
    ),
)
def _armed_group_aid(t: EventType, x: TypingInput) -> EventType | None:
    if (
        t.plover == "AID"
        and t.acled_event_type is None
        and x.actor1 is not None
        and x.actor1.inter in {2, 3}
    ):
        return replace(
            t,
            acled_event_type="Strategic developments",
            acled_sub_event_type="Change to group/activity",
        )
    return None


@typing_rule(
    "typing.burning_people",
    "Burning people (not their houses) is an attack on them, not property destruction.",
    example("Attackers burned a man alive in Tessaro.", "Violence against civilians/Attack"),
)
def _burning_people(t: EventType, x: TypingInput) -> EventType | None:
    if (
        "burns_people" in x.cues
        and t.acled_sub_event_type == "Looting/property destruction"
        and x.actor2 is not None
        and x.actor2.inter in {6, 7}
        and x.object_kind not in {"place", "property"}  # not "burned the villagers' houses"
    ):
        return replace(
            t,
            acled_event_type=VAC_ATTACK[0],
            acled_sub_event_type=VAC_ATTACK[1],
            plover="ASSAULT",
            cameo="18",
        )
    return None


def _crowd(x: TypingInput) -> bool:
    """The doer is a crowd: rioters, protesters, or civilians told as several people; one
    person ("a man", a named civilian) is no crowd, so what they do is no riot."""
    a1 = x.actor1
    if a1 is None or a1.inter not in {5, 6, 7}:
        return False
    return a1.inter != 7 or not _one_person(a1.text, x)


def _one_person(text: str, x: TypingInput) -> bool:
    """The phrase's last word is a singular noun of the sentence that names no group (cue
    ``crowd_noun``: "crowd", "mob", "family")."""
    words = text.split()
    if not words:
        return False
    head = next((t for t in x.sent if t.text == words[-1]), None)
    return (
        head is not None
        and head.tag_ in {"NN", "NNP"}
        and head.lemma_.lower() not in x.cue("crowd_noun")
    )


@typing_rule(
    "typing.unarmed_crowd_mob_violence",
    "Violence by an unorganised, unarmed crowd with no gunfire is mob violence; one civilian "
    "('a man') is no crowd.",
    example("Villagers beat a suspected thief to death in Ombarin.", "Riots/Mob violence"),
)
def _unarmed_crowd(t: EventType, x: TypingInput) -> EventType | None:
    if pair(t) == VAC_ATTACK and _crowd(x) and not armed(x.actor1) and not x.shooting:
        return replace(t, acled_event_type="Riots", acled_sub_event_type="Mob violence")
    return None


@typing_rule(
    "typing.crowd_looting_riot",
    "Looting or destruction by a crowd is a violent demonstration; one civilian ('a man') is "
    "no crowd.",
    example("Protesters looted shops in Tessaro.", "Riots/Violent demonstration"),
)
def _crowd_looting(t: EventType, x: TypingInput) -> EventType | None:
    if t.acled_sub_event_type == "Looting/property destruction" and _crowd(x):
        return replace(
            t,
            acled_event_type="Riots",
            acled_sub_event_type="Violent demonstration",
            plover="PROTEST",
        )
    return None


@typing_rule(
    "typing.unarmed_fight_mob_violence",
    "A fight of unarmed people, or of a crowd with the police, with no gunfire, is mob "
    "violence, not an armed clash.",
    example("Residents clashed with police in Ombarin.", "Riots/Mob violence"),
)
def _unarmed_fight(t: EventType, x: TypingInput) -> EventType | None:
    if pair(t) != ARMED_CLASH:
        return None
    a1, a2 = x.actor1, x.actor2
    unarmed_pair = a1 is not None and a2 is not None and not armed(a1) and not armed(a2)
    sides = {a.inter for a in (a1, a2) if a is not None}
    crowd_vs_police = (
        bool(sides & {5, 6, 7})
        and all(a is None or a.inter in {5, 6, 7} or a.sector == "COP" for a in (a1, a2))
        and not x.shooting
    )
    if unarmed_pair or crowd_vs_police:
        return replace(t, acled_event_type="Riots", acled_sub_event_type="Mob violence")
    return None
