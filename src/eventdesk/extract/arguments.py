"""The arguments of a trigger as the event reads them: which of its dependency candidates is
an actor (not a place, not a town the model took for a name), and what kind of thing its
object is (a place, property, another thing)."""

from __future__ import annotations

from typing import Any

from .. import rules
from ..rules import Example, register
from .actors import ActorMention, ActorResolver
from .lexicon import Lexicon

WEAPON_NO_SIDE = register(
    "actors.weapon_is_no_side",
    "A weapon is what a side uses, never a side: 'an army vehicle struck an IED', 'an RCIED "
    "attack' name no actor by the weapon word ('Afghan forces mortars' name their owner).",
    ("actor1", "actor2"),
    (
        Example(
            "On Monday an army armoured vehicle struck an IED near Tessaro.",
            (("actor2", None),),
            off=("actors.struck_a_mine",),  # which makes the army the target first
        ),
    ),
)


ACT_NOT_SIDE = register(
    "actors.act_is_no_side",
    "A side named by a word for the event's own kind of act ('the Tessaro Agreement, signed "
    "in 2018': an agreement as the signer) is the act, not a side.",
    ("actor1", "actor2"),
    (
        Example(
            "The talks will build on the Tessaro Agreement, signed in Oslo in December 2018.",
            (("actor1", None),),
        ),
    ),
)


class ArgumentReader:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.lexicon = lexicon
        self.actors = actors
        self.place_nouns = lexicon.cue_words("place_noun")
        self.property_nouns = lexicon.cue_words("property_noun")
        self.possession = lexicon.cue_words("possession")
        self.weapons = frozenset(w.word for w in lexicon.weapons)
        # act nouns and their PLOVER types ("agreement" AGREE, "talks" CONSULT)
        self.act_nouns = lexicon.act_nouns()

    def object_kind(self, objects: list[Any], at_places: set[int]) -> str | None:
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

    def actor(
        self, candidates: list[Any], doc_country: str | None, used: set[int], at_places: set[int]
    ) -> ActorMention | None:
        for tok in candidates:
            if tok.i in used:
                continue
            weapon = tok.lemma_.lower() in self.weapons
            possession = tok.lemma_.lower() in self.possession
            if (
                not possession
                and tok.lemma_.lower() in self.place_nouns
                and not self._held_by_force(tok)
            ):
                continue
            mention = self.actors.from_token(tok, doc_country)
            if (
                weapon
                and mention is not None
                and mention.actor.inter is None
                and rules.apply(WEAPON_NO_SIDE, "actor1", "actor2")
            ):
                continue  # "struck an IED": the weapon is no side ("Afghan forces mortars" are)
            if (
                mention is not None
                and tok.ent_type_ in {"GPE", "LOC", "FAC"}
                and mention.actor.sector != "GOV"
            ):
                continue  # a place, not a state acting
            if (
                mention is not None
                and mention.actor.inter is None
                and (tok.head.i in at_places or _names_a_place(tok, at_places))
            ):  # a town the model took for a name ("attacked Toungo (Toungo LGA)")
                continue
            if mention is not None:
                used.add(tok.i)
                return mention
        return None

    def names_the_act(self, mention: ActorMention | None, plover: str, doc: Any) -> bool:
        """**actors.act_is_no_side**: the side is told by a word for an act of the event's
        own PLOVER type ("the Tessaro Agreement" as the signer of an agreement)."""
        if mention is None or mention.actor.inter is not None:
            return False
        span = doc.char_span(*mention.span, alignment_mode="expand")
        words = {mention.actor.name.split()[-1].lower()} if mention.actor.name else set()
        if span is not None:
            words.add(span.root.lemma_.lower())
        if not any(self.act_nouns.get(w) == plover for w in words):
            return False
        return rules.apply(ACT_NOT_SIDE, "actor1", "actor2")

    def _held_by_force(self, tok: Any) -> bool:
        """A place that stands for the force holding it ("army positions", "a military
        camp", "the police station"): a lexicon agent of modifier and place noun."""
        lemma = tok.lemma_.lower()
        return any(
            c.dep_ in {"amod", "compound"} and f"{c.lower_} {lemma}" in self.lexicon.agents
            for c in tok.children
        )


def _names_a_place(tok: Any, at_places: set[int]) -> bool:
    """True when a place in the phrase of ``tok`` says the phrase names a place ("Toungo
    (Toungo LGA)"). In a person's phrase, a place before the name says where they serve
    ("Northfield police commissioner N") and one in an "of" phrase where they live
    ("N, 62, of Elm Avenue"): neither makes the person a place."""
    for t in tok.subtree:
        if t.i not in at_places:
            continue
        if tok.ent_type_ != "PERSON" or t.i == tok.i:
            return True
        if t.i < tok.i:
            continue
        up = t
        while up.i != tok.i and not (up.dep_ == "prep" and up.lower_ == "of"):
            up = up.head
        if up.i == tok.i:
            return True
    return False
