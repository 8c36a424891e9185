"""Who acts and who is acted upon: argument heads of a trigger from the dependency parse.

actor1: subject, passive "by"-agent, possessor ("the army's offensive"), "between X and ...";
actor2: object, "against"/"on"/"with"/"targeting", passive subject, "... and Y".
Place arguments are prepositional objects of "in", "near", "at", ... kept for the location stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import rules
from ..rules import Example, register

TALK_SETTING = register(
    "actors.talk_setting",
    "A meeting, call or talks told as the setting of what someone said ('In a phone call, X "
    "told Y ...', 'During talks, X assured Y ...') is between the speaker and the one told.",
    ("actor1", "actor2"),
    (
        Example(
            "In a phone call on Monday, Kenyan President William Ruto told Ugandan President "
            "Yoweri Museveni that the border would stay open.",
            (("actor2", "Museveni"),),
            published="2024-03-13",
        ),
    ),
)
PASSIVE_CONJUNCT = register(
    "actors.passive_conjunct_patient",
    "A passive verb joined to an active one shares its subject as the one acted upon: "
    "'marched to the square and were arrested' - the marchers were arrested, not arresting.",
    ("actor1", "actor2"),
    (
        Example(
            "Four students marched to the square in Tessaro on Monday and were arrested.",
            (("actor2", "Civilians"),),
        ),
    ),
)
POSSESSED_PATIENT = register(
    "actors.possessor_suffers",
    "The possessor of a noun of suffering with no 'of' object is the one it happened to: "
    "'his arrest', 'the reporter's abduction' (but 'the army's capture of the town': the army).",
    ("actor1", "actor2"),
    (
        Example(
            "Mara Ellis spoke to reporters in Tessaro on Monday for the first time since her "
            "arrest on Friday.",
            (("actor2", "Civilians"),),
        ),
    ),
)
MOVEMENT_TOWARD = register(
    "actors.movement_toward",
    "Forces moved are the mover's own, not its counterpart: a troop movement is aimed at the "
    "country whose border or land it goes to ('sent soldiers to its border with X', 'moved "
    "tanks to the X border'), else at no one.",
    ("actor2",),
    (
        Example(
            "Norway moved 900 troops to its border with Sweden on Monday, the defence ministry "
            "said.",
            (("actor2", "Sweden"),),
        ),
    ),
)
MOVED_FORCES = register(
    "actors.moved_forces_act",
    "Forces told as moved with no one named moving them ('troops were deployed', "
    "'peacekeepers were sent to X') are the side that mobilizes, not its counterpart.",
    ("actor1", "actor2"),
    (
        Example(
            "Hundreds of soldiers were deployed in Tessaro on Monday after the riots.",
            (("actor1", "Military Forces"),),
        ),
    ),
)
STRUCK_A_MINE = register(
    "actors.struck_a_mine",
    "Whoever strikes, hits, steps on or runs over a mine or an IED is its target, not its "
    "user: 'an army vehicle struck an IED' - the army was attacked by whoever laid it.",
    ("actor1", "actor2"),
    (
        Example(
            "On Monday an army armoured vehicle struck an IED near Tessaro, wounding two soldiers.",
            (("actor2", "Military Forces"),),
        ),
    ),
)
VISIT_HOST = register(
    "actors.visit_host",
    "A visit to a country or a place of it ('visited Nairobi', 'a visit to Kenya') with no "
    "other counterpart is hosted by that country's government.",
    ("actor2",),
    (
        Example(
            "Foreign Minister Ana Torvik began a two-day visit to Nairobi on Monday.",
            (("actor2", "Government of Kenya"),),
        ),
    ),
)
VISIT_WORDS = frozenset({"visit", "trip", "tour"})
# verbs of meeting a laid explosive ("struck a mine", "stepped on a landmine")
STRIKE_UPON = frozenset({"strike", "hit", "step", "run", "drive", "trigger", "touch"})
ACT_AFTER_ATTRIBUTION = register(
    "actors.act_after_attribution",
    "An act coordinated after a parenthetical attribution ('Gendarmes seized the guns, a "
    "spokesman said, and arrested 11 people') is done by the subject of the reported clause, "
    "not by the one who reported it.",
    ("actor1",),
    (
        Example(
            "Gendarmes seized 300 bags of cocaine during raids across Bamako, a spokesman said "
            "on Friday, and arrested 11 people.",
            (("actor1", "Military Forces"),),
        ),
    ),
)
# verbs of reporting, whose subject is the source, not an actor of what is reported
REPORT_VERBS = frozenset({"say", "tell", "add", "report", "state", "announce", "confirm"})
# where a movement goes, and the edges of a country it can go to
MOVEMENT_PREPS = frozenset({"to", "toward", "towards", "into", "along", "near"})
EDGE_NOUNS = frozenset({"border", "frontier", "boundary", "borders"})
# nouns of what is done to someone: their possessor suffers it unless an "of" object does
PATIENT_NOUNS = frozenset(
    {
        "arrest",
        "detention",
        "capture",
        "abduction",
        "kidnapping",
        "murder",
        "killing",
        "assassination",
        "execution",
        "torture",
        "deportation",
        "extradition",
        "imprisonment",
        "jailing",
        "disappearance",
        "rape",
        "beheading",
        "lynching",
    }
)
# verbs of telling whose setting ("in a call", "during talks") is a meeting of their sides
TALK_VERBS = frozenset(
    {"tell", "assure", "inform", "ask", "urge", "promise", "warn", "thank", "invite", "brief"}
)

TARGET_PREPS = {"against", "on", "upon", "with", "targeting", "at", "into", "toward", "towards"}
# "conducted air strikes against X", "carried out an attack on X": a light verb's target
LIGHT_VERB_TARGETS = {"against", "on", "upon", "targeting"}
PLACE_PREPS = {
    "in",
    "near",
    "at",
    "outside",
    "around",
    "inside",
    "across",
    "from",
    "into",
    "on",
    "within",
    "along",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
}
# compass directions: "north of X" is near X, and X is then a landmark (see scene.py)
COMPASS = frozenset(
    f"{a}{sep}{b}" for a in ("north", "south") for b in ("east", "west") for sep in ("", "-")
) | {"north", "south", "east", "west"}
NEAR_PREPS = {"near", "outside", "around", "close", "nearby", "off"} | COMPASS
INSTRUMENT_VERBS = {"throw", "hurl", "plant", "detonate", "fire", "drop", "lob", "use", "set"}
LIGHT_VERBS = {
    "launch",
    "carry",
    "conduct",
    "stage",
    "hold",
    "mount",
    "lead",
    "organize",
    "organise",
    "join",
    "resume",
    "step",
    "intensify",
    "continue",
    "claim",
    "begin",
    "start",
    "perpetrate",
    "commit",
    "unleash",
    "wage",
    "announce",
    "sign",
    "reach",
    "make",
}
# verbs whose "to" object is the one addressed ("appealed to residents", "wrote to the
# minister"), where "to" of other verbs is a destination ("sent troops to X")
ADDRESSEE_VERBS = {
    "appeal",
    "plead",
    "petition",
    "write",
    "speak",
    "talk",
    "complain",
    "apologise",
    "apologize",
    "protest",
    "object",
    "propose",
    "offer",
    "submit",
    "surrender",
    "hand",
}
TARGET_VERBS = {"target", "hit", "strike", "kill", "injure", "wound", "destroy"}
NOUN_MODIFIERS = {"compound", "poss", "nmod"}
APPROXIMATORS = {"about", "around", "nearly", "almost", "over", "some"}
DEEP_TARGET_PREPS = {"with", "on", "against", "to", "from"}
ANAPHORS = {"it", "they", "he", "she"}
RELATIVE = {"that", "who", "which"}
NOMINAL = {"NOUN", "PROPN"}
SYMMETRIC = {
    "clash",
    "fight",
    "fighting",
    "battle",
    "skirmish",
    "exchange",
    "gunfight",
    "firefight",
    "meet",
    "talk",
    "negotiate",
    "agree",
    "meeting",
    "agreement",
    "talks",
}


@dataclass(slots=True)
class Roles:
    actor1: list[Any] = field(default_factory=list)  # candidate head tokens, best first
    actor2: list[Any] = field(default_factory=list)
    places: list[tuple[Any, bool]] = field(default_factory=list)  # (pobj token, is_near)


def _pobjs(prep: Any) -> list[Any]:
    out = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    for c in list(out):
        out.extend(x for x in c.conjuncts)
    return out


def _with_conj(tok: Any) -> list[Any]:
    """The token, its conjuncts, and appositions ("in Tijuana, Baja California, a police
    officer was shot": the parser makes the place the subject and the officer its apposition)."""
    out = [tok, *tok.conjuncts]
    out.extend(c for t in list(out) for c in t.children if c.dep_ == "appos")
    return out


def _nominal_agent(subject: Any) -> Any | None:
    """The agent of a subject that is itself a happening: "operations by the army killed 10
    militants" -> the army."""
    return prep_object(subject, "by") if subject.pos_ == "NOUN" else None


def prep_object(tok: Any, word: str) -> Any | None:
    """The object of ``tok``'s preposition ``word``: "members of X", "operations by X",
    "loyal to X" -> X."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == word:
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _told_before_attribution(verb: Any) -> Any | None:
    """The reported clause a conjunct continues when the parser joins it to a parenthetical
    attribution ("X seized guns, a spokesman said, and arrested 11": 'arrested' hangs on
    'said', whose reported clause 'seized' came first); None otherwise ("the minister said X
    and announced Y": the minister announced)."""
    said = verb.head
    if said.lemma_.lower() not in REPORT_VERBS:
        return None
    told = [c for c in said.children if c.dep_ == "ccomp" and c.i < said.i]
    return told[0] if told and verb.i > said.i else None


def _subject_of(verb: Any, depth: int = 0) -> list[Any]:
    for c in verb.children:
        if c.dep_ == "nsubj":
            if c.lower_ in RELATIVE and verb.dep_ == "relcl" and verb.head.pos_ in NOMINAL:
                return [verb.head]  # "a group of people that attacked police"
            if c.lower_ in ANAPHORS and depth < 3 and verb.head.i != verb.i:
                # "Ethiopia indicated it would act": 'it' is the subject of the verb above;
                # "13 youths were detained after they attacked police": its passive subject
                above = (
                    _subject_of(verb.head, depth + 1)
                    or [k for k in verb.head.children if k.dep_ == "nsubjpass"][:1]
                )
                if above and above[0].lower_ not in ANAPHORS:
                    return above
            by = _nominal_agent(c)
            return [by, *_with_conj(c)] if by is not None else _with_conj(c)
        if c.dep_ == "agent":
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if objs:
                return _with_conj(objs[0])
    if depth < 4 and verb.dep_ == "conj":
        told = _told_before_attribution(verb)
        if told is not None and rules.apply(ACT_AFTER_ATTRIBUTION, "actor1"):
            # "Gendarmes seized guns, a spokesman said, and arrested 11": the gendarmes
            return _subject_of(told, depth + 1)
    if depth < 4 and verb.dep_ in {"xcomp", "advcl", "conj", "acl", "acomp", "pcomp"}:
        return _subject_of(verb.head, depth + 1)
    if verb.dep_ == "relcl" and verb.head.pos_ in {"NOUN", "PROPN"}:
        return [verb.head]
    return []


def _collect_preps(tok: Any, roles: Roles, allow_target: bool = True) -> None:
    for c in tok.children:
        if c.dep_ == "prep" or (c.dep_ == "advmod" and c.lower_ in NEAR_PREPS):
            word = c.lower_
            objs = _pobjs(c)
            if word == "between" and objs:
                roles.actor1.append(objs[0])
                roles.actor2.extend(objs[1:2])
                continue
            if word == "by" and objs:
                roles.actor1.extend(objs[:1])
                continue
            if word in {"of", "loyal"}:
                continue
            if word in NEAR_PREPS and not objs:  # "north of X": advmod + prep of
                for cc in c.children:
                    if cc.dep_ == "prep":
                        roles.places.extend((o, True) for o in _pobjs(cc))
                continue
            for o in objs:
                if word in PLACE_PREPS:
                    roles.places.append((o, word in NEAR_PREPS))
                if word in TARGET_PREPS and (allow_target or word in LIGHT_VERB_TARGETS):
                    roles.actor2.append(o)


def _subjectless_conj_preps(verb: Any, roles: Roles) -> None:
    """Targets and places of a conjunct the parser made a verb: "fired machine guns and
    grenade launchers at X" parses 'grenade' as a second verb that holds "at X"."""
    for c in verb.children:
        if c.dep_ == "conj" and not any(k.dep_ in {"nsubj", "nsubjpass"} for k in c.children):
            _collect_preps(c, roles)


def _deep_targets(head: Any, depth: int = 3) -> list[Any]:
    out: list[Any] = []
    frontier = [c for c in head.children if c.dep_ in {"dobj", "prep", "attr"}]
    for _ in range(depth):
        nxt: list[Any] = []
        for tok in frontier:
            for c in tok.children:
                if c.dep_ == "prep":
                    if c.lower_ in DEEP_TARGET_PREPS and tok.lower_ != "according":
                        out.extend(_pobjs(c))
                    nxt.append(c)
                elif c.dep_ == "pobj":
                    nxt.append(c)
        frontier = nxt
    return out


def find_roles(head: Any, first_after: bool = False) -> Roles:
    """Argument candidates for a trigger whose syntactic head is ``head``. ``first_after``
    adds, as PETRARCH does for its verb dictionaries, any noun after the verb in its phrase
    as a last-resort target ("departed from X", "fired shells at X")."""
    roles = Roles()
    if head.pos_ in {"VERB", "AUX"}:
        subj = _subject_of(head)
        passive = [c for c in head.children if c.dep_ == "nsubjpass"]
        if first_after and not subj and head.dep_ == "xcomp":
            # "X was seen to break into ...": the passive subject above acts
            subj = [c for c in head.head.children if c.dep_ == "nsubjpass"][:1]
        if passive:
            roles.actor2.extend(_with_conj(passive[0]))
        elif (
            subj
            and head.dep_ == "conj"
            and any(c.dep_ == "auxpass" for c in head.children)
            and not any(c.dep_ in {"nsubj", "agent"} for c in head.children)
            and rules.apply(PASSIVE_CONJUNCT, "actor1", "actor2")
        ):  # "marched to the square and were arrested": the marchers were arrested
            roles.actor2.extend(subj)
            subj = []
        elif head.dep_ == "acl" and head.tag_ == "VBN" and head.head.pos_ in NOMINAL:
            # "another worker seized in Port X", "two men killed in the raid": the noun a
            # past participle describes is what was done to
            roles.actor2.extend(_with_conj(head.head))
        if subj:
            roles.actor1.append(subj[0])
            if head.lemma_.lower() in SYMMETRIC and len(subj) > 1:
                roles.actor2.append(subj[1])
        for c in head.children:
            if c.dep_ in {"dobj", "dative"}:
                roles.actor2.extend(_with_conj(c))
                roles.places.append((c, False))
            elif c.dep_ == "prep" and c.lower_ in APPROXIMATORS:
                # "seized about 8 tons of cannabis": the parser makes 'about' a preposition
                roles.actor2.extend(
                    o for o in _pobjs(c) if any(k.dep_ == "nummod" for k in o.children)
                )
        _collect_preps(head, roles)
        if head.lemma_.lower() in ADDRESSEE_VERBS:
            roles.actor2.extend(o for c in head.children if c.lower_ == "to" for o in _pobjs(c))
        for c in head.children:  # "clashed with X in Y" where prep hangs on a particle
            if c.dep_ == "prt":
                _collect_preps(c, roles)
        if head.lemma_.lower() in INSTRUMENT_VERBS:
            _subjectless_conj_preps(head, roles)
        for c in head.children:  # "an IED exploded, targeting a military convoy"
            if c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in TARGET_VERBS:
                roles.actor2.extend(x for x in c.children if x.dep_ == "dobj")
        # last resort for the target: deeper in the verb phrase ("welcomed a resumption of
        # ties with X", "acted on programs with X", "memos from X")
        roles.actor2.extend(_deep_targets(head))
        if first_after:
            # a modifier stands first for its noun phrase ("Osgiliath soldiers", "Minas
            # Tirith"), then for itself ("the Ithilen villages")
            after = [
                x
                for t in head.subtree
                if t.i > head.i
                and t.pos_ in {"PROPN", "NOUN"}
                and t.ent_type_ not in {"DATE", "TIME"}
                for x in (
                    (t.head, t)
                    if t.dep_ in NOUN_MODIFIERS and t.head.pos_ in {"PROPN", "NOUN"}
                    else (t,)
                )
            ]
            roles.actor2.extend(dict.fromkeys(after))
    else:
        suffers = head.lemma_.lower() in PATIENT_NOUNS and prep_object(head, "of") is None
        for c in head.children:
            if c.dep_ == "poss" and suffers and rules.apply(POSSESSED_PATIENT, "actor1", "actor2"):
                roles.actor2.append(c)  # "his arrest": he was arrested
            elif c.dep_ == "poss" or (
                c.dep_ in {"compound", "amod", "nmod"}
                and (c.ent_type_ in {"NORP", "GPE", "ORG"} or c.pos_ == "PROPN")
            ):
                roles.actor1.append(c)
        _collect_preps(head, roles)
        for c in head.children:  # "air strikes targeting GNA positions"
            if c.dep_ in {"acl", "relcl"} and c.lemma_.lower() in TARGET_VERBS:
                roles.actor2.extend(x for x in c.children if x.dep_ == "dobj")
        phrase = head
        while phrase.dep_ == "compound" and phrase.head.i != phrase.i:
            phrase = phrase.head  # "an IED device exploded": the phrase is "IED device"
        gov = phrase.head
        if phrase is not head and phrase.dep_ in {"nsubj", "nsubjpass"}:
            head = phrase
        if head.dep_ in {"dobj", "pobj"} and gov.pos_ in {"VERB", "ADP"}:
            verb = gov if gov.pos_ == "VERB" else gov.head
            if (
                verb.lemma_.lower() not in TALK_VERBS
                and verb.dep_ in {"ccomp", "advcl", "xcomp"}
                and verb.head.lemma_.lower() in TALK_VERBS
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            ):  # "In a call on Friday to congratulate him, A told B": the parser hangs the
                # call on the purpose; the call is the telling's setting
                verb = verb.head
            lemma = verb.lemma_.lower()
            if (
                verb.pos_ == "VERB"
                and gov.lower_ in {"in", "during"}
                and lemma in TALK_VERBS
                and rules.apply(TALK_SETTING, "actor1", "actor2")
            ):  # "In a phone call, X told Y that ...": the call is between X and Y
                roles.actor1.extend(_subject_of(verb)[:1])
                roles.actor2.extend(c for c in verb.children if c.dep_ in {"dobj", "dative"})
            elif verb.pos_ == "VERB" and (lemma in LIGHT_VERBS or lemma in INSTRUMENT_VERBS):
                roles.actor1.extend(_subject_of(verb)[:1])
                # "threw a grenade at police": the instrument's verb carries the target
                _collect_preps(verb, roles, allow_target=lemma in INSTRUMENT_VERBS)
                if lemma in INSTRUMENT_VERBS:
                    # "fired mortars and grenade launchers at X", "dropped a grenade from a
                    # drone on X": the target hangs lower in the phrase
                    for conj in head.conjuncts:
                        _collect_preps(conj, roles)
                    _subjectless_conj_preps(verb, roles)
                    roles.actor2.extend(_deep_targets(verb))
        elif head.dep_ in {"nsubj", "nsubjpass"} and gov.pos_ in {"VERB", "AUX"}:
            for c in gov.children:
                if c.dep_ == "dobj":
                    roles.actor2.extend(_with_conj(c))
                elif c.dep_ in {"advcl", "xcomp"} and c.lemma_.lower() in TARGET_VERBS:
                    roles.actor2.extend(x for x in c.children if x.dep_ == "dobj")
            _collect_preps(gov, roles)
    return roles


def struck_explosive(head: Any, explosives: frozenset[str]) -> bool:
    """**actors.struck_a_mine**: ``head`` is a verb of meeting a laid explosive whose object
    (or the object of its 'on'/'over') is one ("struck an IED", "stepped on a landmine")."""
    if head.pos_ != "VERB" or head.lemma_.lower() not in STRIKE_UPON:
        return False
    objects = [c for c in head.children if c.dep_ == "dobj"]
    objects += [o for c in head.children if c.lower_ in {"on", "over"} for o in _pobjs(c)]
    objects += [o for c in head.children if c.dep_ == "prt" for o in _pobjs(c)]
    return any(o.lemma_.lower() in explosives for o in objects)


def visit_destination(head: Any) -> Any | None:
    """**actors.visit_host**: where a visit goes: the object of 'visit', or of a visit
    noun's 'to' ("visited Nairobi", "a visit to Nairobi"); None for other words."""
    if head.lemma_.lower() not in VISIT_WORDS:
        return None
    if head.pos_ == "VERB":
        return next((c for c in head.children if c.dep_ == "dobj"), None)
    return prep_object(head, "to")


def passive_subject(head: Any) -> Any | None:
    """The passive subject of a verb ("troops were deployed" -> troops), or None."""
    return next((c for c in head.children if c.dep_ == "nsubjpass"), None)


def _destinations(head: Any) -> list[Any]:
    """Where a movement goes: the objects of its 'to', 'into', 'along' ... ("to its border
    with X", "into X")."""
    return [
        obj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in MOVEMENT_PREPS
        for obj in _pobjs(prep)
    ]


def goes_to_border(head: Any) -> bool:
    """The movement ``head`` goes to a border ("sent troops to its border with X")."""
    return any(obj.lemma_.lower() in EDGE_NOUNS for obj in _destinations(head))


def movement_targets(head: Any) -> list[Any]:
    """**actors.movement_toward**: whom a troop movement is aimed at: the country of the
    border it goes to ("to its border with X", "to the X border"), or the country it goes to
    ("into X"); the forces moved (its object) are the mover's own."""
    out: list[Any] = []
    for obj in _destinations(head):
        if obj.lemma_.lower() not in EDGE_NOUNS:
            out.append(obj)  # a country as such; a town is dropped as a place later
            continue
        other = prep_object(obj, "with")
        if other is not None:
            out.append(other)
        out.extend(
            c
            for c in obj.children
            if c.dep_ in {"amod", "compound", "poss"} and c.ent_type_ in {"NORP", "GPE"}
        )
    return out


def subject_of(verb: Any) -> list[Any]:
    """The subject of a verb (with its conjuncts and appositions), climbing over
    infinitives and coordinated verbs; [] when there is none."""
    return _subject_of(verb)
