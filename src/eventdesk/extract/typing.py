"""Deciding the ACLED type, sub-type and PLOVER mode of an event from its triggers and cues.

The lexicon gives a default per trigger; argument and context cues refine it:
who the two sides are (armed vs civilian vs protesters), weapon words, what was captured,
and whether police intervened in a protest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..records import Actor
from .lexicon import Lexicon, TriggerEntry
from .triggers import Trigger, lemma_phrases

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


@dataclass(frozen=True, slots=True)
class EventType:
    plover: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str


def _armed(actor: Actor | None) -> bool:
    return actor is not None and actor.inter in ARMED and actor.sector not in {"GOV", "IGO", "NGO"}


def _naming_modifier(tok: Any, kinds: frozenset[str]) -> bool:
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


class Typer:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.weapons = {w.word: w for w in lexicon.weapons}

    def _protest_sub(self, phrases: set[str], sub: str | None, fatalities: int | None) -> str:
        if fatalities or phrases & self.lexicon.cue_words("excessive_force"):
            return "Excessive force against protesters"
        if phrases & self.lexicon.cue_words("intervention"):
            return "Protest with intervention"
        return sub if sub and sub.startswith("Peaceful") else "Peaceful protest"

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
        entry: TriggerEntry = main.entry
        plover, mode = entry.plover, entry.mode
        acled, sub, cameo = entry.acled_event_type, entry.acled_sub_event_type, entry.cameo
        cues = set().union(*(t.entry.cues for t in group))
        phrases = lemma_phrases(sent)

        if "weapon" in cues:
            best = None
            for phrase in sorted(phrases & self.weapons.keys()):  # sorted: same choice every run
                w = self.weapons[phrase]
                if w.acled_event_type and (best is None or w.priority > best.priority):
                    best = w
                if best is None and mode is None and w.mode:
                    mode = w.mode
            if best is not None and best.priority > entry.priority:
                acled, sub, mode = best.acled_event_type, best.acled_sub_event_type, best.mode
                cameo = "19" if sub != "Remote explosive/landmine/IED" else "18"

        if "plural_shelling" in main.entry.cues and main.head.tag_ in {"NNS", "NNPS"}:
            # one blast is a device; a series of explosions along a front is shelling
            sub, mode = "Shelling/artillery/missile attack", "heavy-weapons"

        if "territory" in cues and sub in {
            "Government regains territory",
            "Non-state actor overtakes territory",
        }:
            goods = actor2 is None and object_kind in {"thing", "property"}
            if object_kind != "place" and phrases & self.lexicon.cue_words("weapon_object"):
                acled, sub, plover, mode, cameo = (
                    "Strategic developments",
                    "Disrupted weapons use",
                    "COERCE",
                    "seize",
                    "17",
                )
            elif goods:  # drugs, goods, vehicles: a seizure of property, not of ground
                acled, sub, plover, mode, cameo = (
                    "Strategic developments",
                    "Looting/property destruction",
                    "COERCE",
                    "seize",
                    "17",
                )
            elif object_kind == "place" or actor2 is None:
                if actor1 is not None and actor1.inter == 1:
                    sub = "Government regains territory"
                elif actor1 is not None and actor1.inter in {2, 3, 4}:
                    sub = "Non-state actor overtakes territory"
            elif actor2 is not None and actor2.inter in {6, 7}:
                acled, sub, mode = (
                    "Violence against civilians",
                    "Abduction/forced disappearance",
                    "abduct",
                )

        protest = any(t.entry.plover == "PROTEST" for t in group) or (
            actor2 is not None and actor2.inter == 6
        )
        if acled in {"Battles", "Violence against civilians"} and protest:
            acled, sub, plover = "Protests", "Excessive force against protesters", "ASSAULT"
            mode = mode or "crowd-control"
        elif any(t.entry.plover == "PROTEST" for t in group) and (
            acled == "Protests" or entry.plover == "PROTEST"
        ):
            plover, cameo = "PROTEST", "14"
            topic = topic_tokens(main.head)  # the arrest protested against is no cue
            # nor is a word naming something else ("the Torch Movement", "riot police")
            kinds = self.lexicon.cue_words("naming_kind")
            kept = [t for t in sent if t.i not in topic and not _naming_modifier(t, kinds)]
            own = lemma_phrases(kept) if len(kept) < len(sent) else phrases
            if own & self.lexicon.cue_words("riot") and acled != "Riots":
                acled, sub, mode = "Riots", "Violent demonstration", "riot"
            elif acled != "Riots":
                acled = "Protests"
                sub = self._protest_sub(own, sub, fatalities)
                mode = mode or "demo"

        armed_pair = _armed(actor2) and (actor1 is None or _armed(actor1))
        if "armed_target_battle" in cues and (acled, sub) == VAC_ATTACK and armed_pair:
            acled, sub, cameo = "Battles", "Armed clash", "19"
        target = actor2.inter if actor2 is not None else None
        shooting = bool(phrases & self.lexicon.cue_words("direct_fire"))
        # who fires at people or their homes is armed, whatever the text calls them
        attacker = actor1 is not None and (
            actor1.inter in {2, 3, 4} or (shooting and actor1.inter in {5, 6, 7})
        )
        if "civilian_target_vac" in cues and (acled, sub) == ARMED_CLASH:
            if target == 6:
                acled, sub = "Protests", "Excessive force against protesters"
            elif target == 7 or (
                actor2 is None and object_kind in {"place", "property"} and attacker
            ):
                (acled, sub), cameo = VAC_ATTACK, "18"
        unarmed_pair = (
            actor1 is not None and actor2 is not None and not _armed(actor1) and not _armed(actor2)
        )
        if plover == "PROTEST" and actor1 is not None and actor1.inter in {2, 3, 4}:
            # armed groups "blockading" a town are not protesting: a siege-like restriction
            plover, mode, acled, sub, cameo = (
                "COERCE",
                "restrict",
                "Strategic developments",
                ("Other"),
                "17",
            )
        if plover == "AID" and acled is None and actor1 is not None and actor1.inter in {2, 3}:
            # an armed group handing out food or money: a change in its activity (ACLED)
            acled, sub = "Strategic developments", "Change to group/activity"
        if (
            "burns_people" in cues
            and sub == "Looting/property destruction"
            and actor2 is not None
            and actor2.inter in {6, 7}
            and object_kind not in {"place", "property"}  # not "burned the villagers' houses"
        ):  # "a man was burned", "set the farmers on fire": an attack on people
            (acled, sub), plover, cameo = VAC_ATTACK, "ASSAULT", "18"
        crowd = actor1 is not None and actor1.inter in {5, 6, 7}
        if (acled, sub) == VAC_ATTACK and crowd and not _armed(actor1) and not shooting:
            acled, sub = "Riots", "Mob violence"  # violence by an unorganised, unarmed crowd
        elif sub == "Looting/property destruction" and crowd:
            acled, sub, plover = "Riots", "Violent demonstration", "PROTEST"
        sides = {a.inter for a in (actor1, actor2) if a is not None}
        crowd_vs_police = (
            bool(sides & {5, 6, 7})
            and all(
                a is None or a.inter in {5, 6, 7} or a.sector == "COP" for a in (actor1, actor2)
            )
            and not shooting
        )
        if (acled, sub) == ARMED_CLASH and (unarmed_pair or crowd_vs_police):
            # a fight of unarmed people, or of a crowd with the police, with no gunfire
            acled, sub = "Riots", "Mob violence"
        if acled == "Explosions/Remote violence" and sub in DIRECT_FIRE_OVERRIDES and shooting:
            (acled, sub), cameo = ARMED_CLASH, "19"
        if (acled, sub) == ARMED_CLASH and actor2 is None and actor1 and actor1.inter == 5:
            acled, sub = "Riots", "Violent demonstration"
        return EventType(plover, mode, acled, sub, cameo)

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
            and (etype.acled_event_type, etype.acled_sub_event_type) == VAC_ATTACK
            and _armed(actor1)
            and _armed(actor2)
        ):
            return replace(
                etype,
                acled_event_type=ARMED_CLASH[0],
                acled_sub_event_type=ARMED_CLASH[1],
                cameo="19",
            )
        return etype
