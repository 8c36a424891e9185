"""Word senses of trigger words: whether a matched word names an act at all, and which one.

A trigger word of ``events.tsv`` can name something that is no act: part of a body's name
("the riot squad"), a light verb before the act it names ("engaged in talks"), a release of
words, not of people ("released a statement"), a move in a game ("shot a three-pointer").
And one word can name two acts: a labour strike (PROTEST) or an air strike (ASSAULT).
:class:`SenseReader` decides these while triggers are found (``triggers.TriggerFinder``),
before triggers are grouped, so a word that names no act neither makes an event nor types
another. Each decision is a named rule; the word lists are cues in ``lexicon/cues.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import rules
from ..rules import Example, register
from .lexicon import Lexicon, TriggerEntry
from .roles import TARGET_VERBS

NOUNS = {"NOUN", "PROPN"}


def _no_event(text: str, without: str) -> Example:
    """An example whose trigger word gives no event with the rule on (``without``: the
    ACLED type/sub-type it gives with the rule off)."""
    return Example(text, (), (("acled", without),))


INSTITUTION_NAME = register(
    "events.institution_name",
    "A trigger word that modifies the name of a body or its kit ('riot police', 'the Riot "
    "Squad', 'riot gear'; cues naming_kind, kind_noun) names it, not an act.",
    ("event",),
    (_no_event("Officers in riot gear stood outside the court in Tessaro.", "Riots"),),
)
ENGAGED_IN = register(
    "events.engaged_in_act",
    "'Engaged in X' names the act X: a light verb (cue 'light' in events.tsv) whose 'in' "
    "object is no fighting word (cue combat_word) is no clash ('engaged in talks').",
    ("event",),
    (_no_event("Envoys of the two states engaged in dialogue in Tessaro.", "Battles/Armed clash"),),
)
RELEASE_NOT_OF_CAPTIVES = register(
    "events.release_not_of_captives",
    "A release (cue 'releases_people') of a statement, results or a report (cue "
    "released_thing), or from custody: on bail (cue custody_release), or told with the "
    "questioning, arrest or charge it ends (cue custody_verb: 'questioned and released', 'not "
    "charged and released'), frees no captive: no RETREAT.",
    ("event",),
    (
        _no_event("The army released a statement in Tessaro on Monday.", "Strategic developments"),
        _no_event("The suspect was released on bail in Ombarin.", "Strategic developments"),
        _no_event(
            "Two traders were taken in for questioning in Ombarin and later released.",
            "Strategic developments",
        ),
    ),
)
GAME_SENSE = register(
    "events.game_sense",
    "A trigger whose object or subject is a thing of games (cue game_word: 'shot a "
    "three-pointer', 'attacked the basket') names no violence.",
    ("event",),
    (_no_event("The guard shot a three-pointer in Tessaro.", "Violence against civilians"),),
)
ABSTRACT_OBSTRUCTION = register(
    "events.abstract_obstruction",
    "A blockade word (mode obstruct: 'block', 'barricade') whose object is no place, "
    "facility, property or way through (cue blockade_object) obstructs a decision, not a "
    "road: 'blocked the bill', 'block policy implementation' are no protest.",
    ("event",),
    (_no_event("The opposition in Tessaro blocked the budget bill.", "Protests"),),
)
GATHERING_SIGN = register(
    "events.gathering_needs_protest_sign",
    "A word that is a protest only with a sign of one (cue needs_protest_sign in events.tsv: "
    "'gathered') makes no event in a sentence without a sign (cue protest_sign: a demand, a "
    "chant, 'against', a dispersal, police): a crowd that gathers to mourn is no protest.",
    ("event",),
    (_no_event("Hundreds of people gathered in Tessaro to mourn the singer.", "Protests"),),
)
MOVEMENT_NEEDS_FORCES = register(
    "events.movement_needs_forces",
    "A verb that is a troop movement only when forces move (cue needs_force_object in "
    "events.tsv: 'send', 'move', 'dispatch') makes no event when its object is no military "
    "force or its kit (agents of the MIL sector, cue force_kit): 'sent a letter', 'officers "
    "were dispatched to the scene'.",
    ("event",),
    (
        _no_event(
            "The ministry sent a letter to the governor of Tessaro.", "Strategic developments"
        ),
    ),
)
KIT_MOVED = register(
    "events.kit_moved_not_fired",
    "A weapon word that is what a troop movement moves ('moved artillery to the border', "
    "'deployed missiles near X': the object of a MOBILIZE verb of events.tsv) names kit, not "
    "an attack.",
    ("event",),
    (
        _no_event(
            "The army moved artillery to the edge of Tessaro on Monday.",
            "Explosions/Remote violence",
        ),
    ),
)
UNIT_ATTACKED = register(
    "events.unit_attacked",
    "A troop movement noun that a violent verb strikes ('hit a police patrol', 'ambushed an "
    "army convoy', 'a patrol was attacked') names the unit attacked, not a movement.",
    ("event",),
    (_no_event("A grenade hit a police patrol in Tessaro on Monday.", "Strategic developments"),),
)
HOSTAGE_TAKEN = register(
    "events.hostage_needs_taking",
    "'Hostage' is an abduction only as what a verb of taking takes (cue needs_taking in "
    "events.tsv, cue taking_verb: 'took a guard hostage', 'were held hostage'); 'the "
    "hostages were freed' tells of no new abduction.",
    ("event",),
    (_no_event("The hostages were freed in Tessaro on Monday.", "Violence against civilians"),),
)
MARKET_SENSE = register(
    "events.market_sense",
    "A trigger whose subject, object or own clause is about markets and prices (cue "
    "market_word: 'stocks rallied', 'a rally that lifted crude prices') names no crowd and "
    "no violence; what a protest is against ('rallied against fuel prices') does not count.",
    ("event",),
    (_no_event("Shares rallied in Ombarin on Monday as the currency rose.", "Protests"),),
)
STRIKE_SENSE = register(
    "typing.strike_sense",
    "'Strike' by context (cue 'strike_sense'): a labour strike (PROTEST) when workers strike "
    "or pay is at issue (cue labour_word), an air or missile strike (ASSAULT) when a noun "
    "strike hits a place or target or a weapon or armed force is named; no act at all when a "
    "deal is struck or a storm strikes (cue struck_not_attack).",
    ("plover", "acled", "cameo", "event"),
    (
        Example(
            "Dock workers struck over unpaid wages in Tessaro.",
            (("acled", "Protests/Peaceful protest"),),
            (("acled", "Explosions/Remote violence/Air/drone strike"),),
        ),
        Example(
            "Israeli strikes on Tessaro killed four people.",
            (("acled", "Explosions/Remote violence"),),
            (("acled", "Protests"),),
        ),
        _no_event("The two parties struck a deal in Ombarin.", "Explosions/Remote violence"),
    ),
)


@dataclass(frozen=True, slots=True)
class Sense:
    """What a matched trigger word is: ``entry`` (None: no act) and the rule that said so."""

    entry: TriggerEntry | None
    rule: str | None = None


class SenseReader:
    def __init__(self, lexicon: Lexicon, by_key: dict[tuple[str, str], TriggerEntry]) -> None:
        cue = lexicon.cue_words
        self.naming = cue("naming_kind") | cue("kind_noun")
        self.combat = cue("combat_word")
        self.released = cue("released_thing")
        self.custody = cue("custody_release")
        self.custody_verbs = cue("custody_verb")
        self.game = cue("game_word")
        self.labour = cue("labour_word")
        self.not_attack = cue("struck_not_attack")
        self.weapons = frozenset(w.word for w in lexicon.weapons)
        self.targets = cue("place_noun") | cue("facility") | cue("strike_target")
        self.military = frozenset(k for k, a in lexicon.agents.items() if a.sector == "MIL")
        self.harm = cue("victim_killed") | cue("victim_injured")
        self.blocked = (
            self.targets
            | cue("blockade_object")
            | cue("property_noun")
            | frozenset(lexicon.agents)  # 'blocked the police'
        )
        self.protest_signs = cue("protest_sign")
        # police sent to a scene answer a call, not a troop movement: soldiers and kit only
        self.forces = cue("force_kit") | self.military
        self.market = cue("market_word")
        self.movement_verbs = frozenset(
            t for (t, pos), e in by_key.items() if e.plover == "MOBILIZE" and pos != "NOUN"
        )
        self.taking = cue("taking_verb")
        # verbs that strike a target: the violent triggers, and 'hit', 'target' ...
        self.violent_verbs = TARGET_VERBS | frozenset(
            t for (t, pos), e in by_key.items() if e.plover == "ASSAULT" and pos != "NOUN"
        )
        self.protest_strike = by_key.get(("strike", "NOUN"))
        self.attack_strike = by_key.get(("strike", "VERB"))

    def read(self, entry: TriggerEntry, head: Any) -> Sense:
        """The sense of the trigger word ``head`` matched as ``entry``."""
        if self._names_a_kind(head) and rules.apply(INSTITUTION_NAME, "event"):
            return Sense(None, INSTITUTION_NAME)
        if "light" in entry.cues and self._light(head) and rules.apply(ENGAGED_IN, "event"):
            return Sense(None, ENGAGED_IN)
        if (
            "releases_people" in entry.cues
            and self._not_captives(head)
            and rules.apply(RELEASE_NOT_OF_CAPTIVES, "event")
        ):
            return Sense(None, RELEASE_NOT_OF_CAPTIVES)
        if (
            entry.mode == "obstruct"
            and self._abstract_object(head)
            and rules.apply(ABSTRACT_OBSTRUCTION, "event")
        ):
            return Sense(None, ABSTRACT_OBSTRUCTION)
        if (
            "needs_protest_sign" in entry.cues
            and not any(
                t.lemma_.lower() in self.protest_signs or t.lower_ in self.protest_signs
                for t in head.sent
            )
            and rules.apply(GATHERING_SIGN, "event")
        ):
            return Sense(None, GATHERING_SIGN)
        if (
            "needs_force_object" in entry.cues
            and not self._moves_forces(head)
            and rules.apply(MOVEMENT_NEEDS_FORCES, "event")
        ):
            return Sense(None, MOVEMENT_NEEDS_FORCES)
        if entry.plover == "ASSAULT" and self._moved_kit(head) and rules.apply(KIT_MOVED, "event"):
            return Sense(None, KIT_MOVED)
        if (
            entry.plover == "MOBILIZE"
            and self._struck_unit(head)
            and rules.apply(UNIT_ATTACKED, "event")
        ):
            return Sense(None, UNIT_ATTACKED)
        if (
            "needs_taking" in entry.cues
            and not (
                head.dep_ in {"dobj", "oprd", "attr", "xcomp"}
                and head.head.lemma_.lower() in self.taking
            )
            and rules.apply(HOSTAGE_TAKEN, "event")
        ):
            return Sense(None, HOSTAGE_TAKEN)
        if self._market(head) and rules.apply(MARKET_SENSE, "event"):
            return Sense(None, MARKET_SENSE)
        if self._game(head) and rules.apply(GAME_SENSE, "event"):
            return Sense(None, GAME_SENSE)
        if "strike_sense" in entry.cues and rules.on(STRIKE_SENSE):
            return self._strike(entry, head)
        return Sense(entry)

    # --- the tests ----------------------------------------------------------------------
    def _names_a_kind(self, head: Any) -> bool:
        """'riot' in 'riot police', 'the Anti-Riot Brigade', 'riot gear'."""
        tok = head
        while tok.dep_ in {"compound", "amod", "nmod"} and tok.head.i != tok.i:
            tok = tok.head
            if tok.pos_ in NOUNS and tok.lemma_.lower() in self.naming:
                return True
            if tok.pos_ not in NOUNS | {"ADJ"}:
                return False
        return False

    def _moves_forces(self, head: Any) -> bool:
        """What the verb moves ("sent 300 soldiers", "troops were dispatched", "moved tanks
        and soldiers") is a military force or its kit."""
        moved = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
        moved += [k for c in moved for k in c.conjuncts]
        return any(k in self.forces for o in moved for k in (o.lemma_.lower(), _compound_lemma(o)))

    def _struck_unit(self, head: Any) -> bool:
        """The noun is what a violent verb strikes: its object, its passive subject, or the
        object of its 'on', 'at' or 'against' ("opened fire on a patrol")."""
        if head.pos_ not in NOUNS:
            return False
        gov = head.head
        if head.dep_ == "pobj" and gov.lower_ in {"on", "at", "against"}:
            gov = gov.head
        elif head.dep_ not in {"dobj", "nsubjpass"}:
            return False
        if gov.pos_ != "VERB":
            return False
        lemma = gov.lemma_.lower()
        # "opened fire on a patrol": the verb's phrase with its object
        phrases = {lemma} | {
            f"{lemma} {c.lemma_.lower()}" for c in gov.children if c.dep_ == "dobj"
        }
        return bool(phrases & self.violent_verbs)

    def _moved_kit(self, head: Any) -> bool:
        """The noun is what a movement verb moves ("moved tanks and artillery")."""
        if head.pos_ not in NOUNS:
            return False
        tok = head
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in {"dobj", "nsubjpass"} and tok.head.lemma_.lower() in self.movement_verbs

    def _abstract_object(self, head: Any) -> bool:
        """The verb's direct object is a thing no blockade blocks: no place name or place
        word, facility, property, way through or agent, nor a name or code ("the RN 12")."""
        objects = [c for c in head.children if c.dep_ == "dobj"] if head.pos_ == "VERB" else []
        return bool(objects) and all(
            o.ent_type_ not in {"GPE", "LOC", "FAC"}
            and o.lemma_.lower() not in self.blocked
            and o.pos_ == "NOUN"
            and not o.is_upper  # "the RN 12", "the N1": a road's name
            and not any(c.like_num for c in o.children)
            for o in objects
        )

    def _light(self, head: Any) -> bool:
        """'engaged in talks', 'engage the strikers in dialogue': the act is the object of
        'in' (of the verb, or of its object as the parser may hang it), and it is no
        fighting."""
        objects = [c for c in head.children if c.dep_ == "dobj"]
        for prep in [*head.children, *(c for o in objects for c in o.children)]:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                objs = [c for c in prep.children if c.dep_ == "pobj"]
                return bool(objs) and all(o.lemma_.lower() not in self.combat for o in objs)
        return False

    def _not_captives(self, head: Any) -> bool:
        linked = [c for c in head.children if c.dep_ == "conj"]
        if head.dep_ == "conj":
            linked.append(head.head)
        for verb in linked:  # 'taken in for questioning but later released'
            if verb.lemma_.lower() in self.custody_verbs or any(
                t.lower_ in self.custody_verbs for t in verb.subtree
            ):
                return True
        for what in _released(head):
            if what.lemma_.lower() in self.released:
                return True
        for prep in head.children:
            if (
                prep.dep_ == "prep"
                and prep.lower_ == "on"
                and any(
                    c.dep_ == "pobj" and c.lemma_.lower() in self.custody for c in prep.children
                )
            ):
                return True
        return False

    def _market(self, head: Any) -> bool:
        """Its subject or object, or a relative clause on it, speaks of markets or prices."""
        for c in head.children:
            if c.dep_ in {"dobj", "nsubj", "nsubjpass"} and _lemma_or_compound(c) & self.market:
                return True
            if c.dep_ in {"relcl", "acl"} and any(
                t.lemma_.lower() in self.market for t in c.subtree
            ):
                return True
        return False

    def _game(self, head: Any) -> bool:
        for c in head.children:
            if c.dep_ in {"dobj", "nsubj", "nsubjpass"} and _lemma_or_compound(c) & self.game:
                return True
            if (
                c.dep_ == "prep"
                and c.lower_ in {"at", "for"}
                and any(g.dep_ == "pobj" and _lemma_or_compound(g) & self.game for g in c.children)
            ):
                return True
        return False

    def _strike(self, entry: TriggerEntry, head: Any) -> Sense:
        args = _arguments(head)
        words = set().union(*(_lemma_or_compound(t) for t in args)) if args else set()
        labour = bool(words & self.labour)
        armed = bool(words & (self.military | self.weapons))
        if head.pos_ in {"VERB", "AUX"}:
            own = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
            if any(_lemma_or_compound(t) & self.not_attack for t in own):
                rules.fired(STRIKE_SENSE, "event")
                return Sense(None, STRIKE_SENSE)
            subjects = [c for c in own if c.dep_ != "dobj"]
            workers = any(_lemma_or_compound(t) & self.labour for t in subjects)
            if (workers or (labour and not armed)) and self.protest_strike is not None:
                return self._swap(self.protest_strike)
            return Sense(entry)
        # a noun: a labour strike unless it hits a place or target, or arms are named
        hits = any(
            p.dep_ == "prep"
            and p.lower_ in {"on", "against"}
            and any(
                o.dep_ == "pobj"
                and (
                    o.ent_type_ in {"GPE", "LOC", "FAC"}
                    or o.lemma_.lower() in self.targets | self.military
                )
                for o in p.children
            )
            for p in head.children
        )
        gov = head.head if head.dep_ in {"nsubj", "nsubjpass"} else None
        harms = gov is not None and (
            gov.lemma_.lower() in self.harm
            or any(
                c.dep_ == "dobj" and c.lemma_.lower() in self.targets | self.military
                for c in gov.children
            )
        )
        if (hits or armed or harms) and not labour and self.attack_strike is not None:
            return self._swap(self.attack_strike)
        return Sense(entry)

    @staticmethod
    def _swap(entry: TriggerEntry) -> Sense:
        return Sense(entry, STRIKE_SENSE)


def _arguments(head: Any) -> list[Any]:
    """Who strikes and over what: the word's subject, modifiers and prepositional objects,
    and for a noun the subject of the verb it is the object of ('nurses began a strike')."""
    out: list[Any] = []
    for c in head.children:
        if c.dep_ in {"nsubj", "nsubjpass", "amod", "compound", "poss", "nmod", "agent"}:
            out.append(c)
        elif c.dep_ == "prep":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    if head.pos_ in NOUNS:
        gov = head.head
        if head.dep_ == "pobj" and gov.dep_ == "prep":
            gov = gov.head
        if head.dep_ in {"dobj", "pobj", "attr"} and gov.pos_ in {"VERB", "AUX"}:
            out.extend(c for c in gov.children if c.dep_ in {"nsubj", "nsubjpass"})
    return out


def _lemma_or_compound(tok: Any) -> set[str]:
    """The word's lemma, and with its compound modifiers ('three-pointer', 'trade union')."""
    parts = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
    out = {tok.lemma_.lower(), tok.lower_}
    if parts:
        words = [t.lower_ for t in tok.doc[parts[0].i : tok.i + 1]]
        out.add(" ".join(w for w in words if w != "-"))
        out.add("".join(words))
        out.add(" ".join(words))
    return out


def _released(head: Any) -> list[Any]:
    """What is released: the object, the passive subject (through a relative pronoun to its
    noun), or the noun the participle describes ('a statement released on Monday')."""
    out: list[Any] = []
    for c in head.children:
        if c.dep_ in {"dobj", "nsubjpass"}:
            if c.tag_ in {"WDT", "WP"} and head.dep_ == "relcl":
                out.append(head.head)
            else:
                out.append(c)
    if head.dep_ in {"acl", "amod"} and head.head.pos_ in NOUNS:
        out.append(head.head)
    return out


def _compound_lemma(tok: Any) -> str:
    """The noun with the word before it, as the lexicon writes two-word kinds ("armored
    vehicle", "fighter jet")."""
    lefts = [c for c in tok.lefts if c.dep_ in {"compound", "amod"}]
    return f"{lefts[-1].lemma_.lower()} {tok.lemma_.lower()}" if lefts else tok.lemma_.lower()
