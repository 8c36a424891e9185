"""Typing rules about what was done: weapons, captures, protests and riots, direct fire."""

from __future__ import annotations

from dataclasses import replace

from .. import rules
from ..rules import register
from .lexicon import WeaponEntry
from .triggers import lemma_phrases
from .typing_base import (
    ARMED_CLASH,
    DIRECT_FIRE_OVERRIDES,
    TERRITORY,
    EventType,
    TypingInput,
    example,
    naming_modifier,
    pair,
    topic_tokens,
    typing_rule,
)


@typing_rule(
    "typing.weapon_word",
    "A weapon word of the sentence (lexicon/weapons.tsv) that outranks the trigger sets the "
    "ACLED sub-type and mode (a trigger with the 'weapon' cue: 'attacked with mortars').",
    example(
        "Insurgents attacked an army post near Ombarin with a drone.",
        "Explosions/Remote violence/Air/drone strike",
    ),
)
def _weapon_word(t: EventType, x: TypingInput) -> EventType | None:
    if "weapon" not in x.cues:
        return None
    best: WeaponEntry | None = None
    mode = t.mode
    for phrase in sorted(x.phrases & x.weapons.keys()):  # sorted: same choice every run
        w = x.weapons[phrase]
        if w.acled_event_type and (best is None or w.priority > best.priority):
            best = w
        if best is None and mode is None and w.mode:
            mode = w.mode
    if best is not None and best.priority > x.entry.priority:
        cameo = "19" if best.acled_sub_event_type != "Remote explosive/landmine/IED" else "18"
        return replace(
            t,
            acled_event_type=best.acled_event_type,
            acled_sub_event_type=best.acled_sub_event_type,
            mode=best.mode,
            cameo=cameo,
        )
    return replace(t, mode=mode)


@typing_rule(
    "typing.plural_shelling",
    "Explosions in the plural along a front are shelling, one blast is a device "
    "(a trigger with the 'plural_shelling' cue written as a plural noun).",
    example(
        "Explosions shook the outskirts of Tessarivka overnight.",
        "Explosions/Remote violence/Shelling/artillery/missile attack",
    ),
)
def _plural_shelling(t: EventType, x: TypingInput) -> EventType | None:
    if "plural_shelling" in x.entry.cues and x.main.head.tag_ in {"NNS", "NNPS"}:
        return replace(
            t, acled_sub_event_type="Shelling/artillery/missile attack", mode="heavy-weapons"
        )
    return None


def _taking(t: EventType, x: TypingInput) -> bool:
    return "territory" in x.cues and t.acled_sub_event_type in TERRITORY


def _seize(t: EventType, sub: str) -> EventType:
    return EventType("COERCE", "seize", "Strategic developments", sub, "17")


@typing_rule(
    "typing.seized_weapons",
    "A 'capture' whose object is weapons, not a place, is disrupted weapons use "
    "('troops seized a cache of rifles').",
    example(
        "Soldiers seized a cache of rifles and ammunition in Gurgani Kalay.",
        "Strategic developments/Disrupted weapons use",
    ),
)
def _seized_weapons(t: EventType, x: TypingInput) -> EventType | None:
    if _taking(t, x) and x.object_kind != "place" and x.phrases & x.cue("weapon_object"):
        return _seize(t, "Disrupted weapons use")
    return None


@typing_rule(
    "typing.seized_goods",
    "A 'capture' of goods, drugs or vehicles with no one as target is a seizure of property, "
    "not of ground.",
    example(
        "Police seized two trucks of smuggled fuel in Ombarin.",
        "Strategic developments/Looting/property destruction",
    ),
)
def _seized_goods(t: EventType, x: TypingInput) -> EventType | None:
    if _taking(t, x) and x.actor2 is None and x.object_kind in {"thing", "property"}:
        return _seize(t, "Looting/property destruction")
    return None


@typing_rule(
    "typing.police_raid",
    "A raid by police (a police force as its doer; cue police_raid in events.tsv) in which no "
    "one dies and no fight is told (cue gunfight) is law enforcement, not a clash: arrests "
    "when its sentence arrests someone (cue arrest_word), else disrupted weapons use when it "
    "finds or "
    "seizes weapons (cue weapon_object).",
    example(
        "Police raided a house in Ombarin and arrested four men.",
        "Strategic developments/Arrests",
        "Violence against civilians/Attack",
    ),
)
def _police_raid(t: EventType, x: TypingInput) -> EventType | None:
    if (
        "police_raid" not in x.entry.cues
        or x.actor1 is None
        or x.actor1.sector != "COP"
        or x.fatalities
        or x.phrases & x.cue("gunfight")
    ):
        return None
    if x.phrases & x.cue("arrest_word"):
        return EventType("COERCE", "arrest", "Strategic developments", "Arrests", "17")
    if x.phrases & x.cue("weapon_object"):
        return _seize(t, "Disrupted weapons use")
    return None


@typing_rule(
    "typing.territory_by_taker",
    "Who takes a place decides the territory sub-type: state forces regain it, a rebel or "
    "militia overtakes it.",
    example(
        "Soldiers seized the town of Tessaro from the rebels.",
        "Battles/Government regains territory",
    ),
)
def _territory_by_taker(t: EventType, x: TypingInput) -> EventType | None:
    if not _taking(t, x) or not (x.object_kind == "place" or x.actor2 is None):
        return None
    if x.actor1 is not None and x.actor1.inter == 1:
        return replace(t, acled_sub_event_type="Government regains territory")
    if x.actor1 is not None and x.actor1.inter in {2, 3, 4}:
        return replace(t, acled_sub_event_type="Non-state actor overtakes territory")
    return t


@typing_rule(
    "typing.seized_people_abduction",
    "A 'capture' of civilians or protesters is an abduction, not a gain of territory.",
    example(
        "Gunmen seized three farmers near Tessaro.",
        "Violence against civilians/Abduction/forced disappearance",
    ),
)
def _seized_people(t: EventType, x: TypingInput) -> EventType | None:
    if (
        _taking(t, x)
        and x.object_kind != "place"
        and x.actor2 is not None
        and x.actor2.inter in {6, 7}
    ):
        return replace(
            t,
            acled_event_type="Violence against civilians",
            acled_sub_event_type="Abduction/forced disappearance",
            mode="abduct",
        )
    return None


@typing_rule(
    "typing.force_against_protesters",
    "Violence in a protest, or against protesters, is excessive force against protesters.",
    example(
        "Police fired live rounds at protesters in Ombarin, killing two.",
        "Protests/Excessive force against protesters",
    ),
)
def _force_against_protesters(t: EventType, x: TypingInput) -> EventType | None:
    protest = x.protest_trigger or (x.actor2 is not None and x.actor2.inter == 6)
    if t.acled_event_type in {"Battles", "Violence against civilians"} and protest:
        return EventType(
            "ASSAULT",
            t.mode or "crowd-control",
            "Protests",
            "Excessive force against protesters",
            t.cameo,
        )
    return None


def _own_phrases(x: TypingInput) -> set[str]:
    """The sentence's phrases without what the protest is about ("against the arrest") and
    without words naming something else ("the Torch Movement", "riot police")."""
    if not rules.apply(PROTEST_TOPIC_NOT_A_CUE, "acled"):
        return x.phrases
    topic = topic_tokens(x.main.head)
    kinds = x.cue("naming_kind")
    kept = [t for t in x.sent if t.i not in topic and not naming_modifier(t, kinds)]
    return lemma_phrases(kept) if len(kept) < len(x.sent) else x.phrases


def _protest_coded(t: EventType, x: TypingInput) -> bool:
    return x.protest_trigger and (t.acled_event_type == "Protests" or x.entry.plover == "PROTEST")


PROTEST_TOPIC_NOT_A_CUE = register(
    "typing.protest_topic_not_a_cue",
    "What a protest is against, over or about, and words naming something else ('riot "
    "police', 'the Torch Movement'), are no riot or force cues of the protest itself.",
    ("acled",),
    (
        example(
            "Traders marched in Tessaro against the violent eviction of street vendors.",
            "Protests/Peaceful protest",
        ),
    ),
)


@typing_rule(
    "typing.riot_signs",
    "A protest with riot signs of its own (stones, burning tyres, clashes, looting; "
    "lexicon cue 'riot') is a violent demonstration.",
    example(
        "Protesters marched in Ombarin and burned tyres.",
        "Riots/Violent demonstration",
    ),
)
def _riot_signs(t: EventType, x: TypingInput) -> EventType | None:
    if not _protest_coded(t, x) or t.acled_event_type == "Riots":
        return None
    if _own_phrases(x) & x.cue("riot"):
        return EventType("PROTEST", "riot", "Riots", "Violent demonstration", "14")
    return None


@typing_rule(
    "typing.protest_subtype",
    "A protest trigger codes PROTEST/14; its ACLED sub-type is excessive force when met with "
    "lethal force, intervention when police dispersed it, else peaceful.",
    example(
        "Nurses marched in Tessaro until police dispersed them with tear gas.",
        "Protests/Protest with intervention",
        "Protests/Peaceful protest",
    ),
)
def _protest_subtype(t: EventType, x: TypingInput) -> EventType | None:
    if not _protest_coded(t, x):
        return None
    t = replace(t, plover="PROTEST", cameo="14")
    if t.acled_event_type == "Riots":
        return t
    own = _own_phrases(x)
    sub = t.acled_sub_event_type
    lethal = own & x.cue("excessive_force")
    intervened = own & x.cue("intervention")
    if (lethal or (x.fatalities and intervened)) and rules.apply(PROTEST_EXCESSIVE_FORCE, "acled"):
        sub = "Excessive force against protesters"
    elif intervened and rules.apply(PROTEST_INTERVENTION, "acled"):
        sub = "Protest with intervention"
    else:
        sub = sub if sub and sub.startswith("Peaceful") else "Peaceful protest"
    return replace(t, acled_event_type="Protests", acled_sub_event_type=sub, mode=t.mode or "demo")


PROTEST_EXCESSIVE_FORCE = register(
    "typing.protest_excessive_force",
    "A protest met with lethal force (live fire, shot dead), or where people died as it was "
    "broken up, is excessive force against protesters; a death the protest is about is not.",
    ("acled",),
    (
        example(
            "Two people died when police broke up a march on the governor's office in Tessaro.",
            "Protests/Excessive force against protesters",
            "Protests/Protest with intervention",
        ),
    ),
)
PROTEST_INTERVENTION = register(
    "typing.protest_intervention",
    "A protest the police dispersed, or used tear gas on, is a protest with intervention.",
    ("acled",),
    (
        example(
            "Police dispersed students protesting in Ombarin with tear gas.",
            "Protests/Protest with intervention",
        ),
    ),
)


@typing_rule(
    "typing.direct_fire_clash",
    "Remote violence that comes with an exchange of direct fire (small arms, machine guns) "
    "is an armed clash.",
    example(
        "Rebels fired mortars and small arms at army positions near Tessaro.",
        "Battles/Armed clash",
    ),
)
def _direct_fire_clash(t: EventType, x: TypingInput) -> EventType | None:
    if (
        t.acled_event_type == "Explosions/Remote violence"
        and t.acled_sub_event_type in DIRECT_FIRE_OVERRIDES
        and x.shooting
    ):
        return replace(
            t, acled_event_type="Battles", acled_sub_event_type="Armed clash", cameo="19"
        )
    return None


@typing_rule(
    "typing.rioters_alone_violent_demo",
    "A clash of rioters with no other side is a violent demonstration.",
    example("Rioters fired shots in the air in Ombarin.", "Riots/Violent demonstration"),
)
def _rioters_alone(t: EventType, x: TypingInput) -> EventType | None:
    if pair(t) == ARMED_CLASH and x.actor2 is None and x.actor1 and x.actor1.inter == 5:
        return replace(t, acled_event_type="Riots", acled_sub_event_type="Violent demonstration")
    return None
