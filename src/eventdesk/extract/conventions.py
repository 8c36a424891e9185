"""ACLED's actor conventions for a typed event, each a named rule (rules.py).

The people in a protest are Protesters, in a riot Rioters; an attack on civilians by no named
perpetrator is by an Unidentified Armed Group, on no named victim against Civilians; arrests
are made by the police, of civilians; drug seizures, drug labs the state dismantles and arrests
are against a gang, and so is the killing of a victim the story calls a drug criminal; a
state's forces acting in another country are external forces; a party that speaks is the party
itself. An actor the text only implies carries the trigger as its evidence.
"""

from __future__ import annotations

from dataclasses import replace

from .. import rules
from ..records import Actor, Event
from ..rules import Example, register
from .actors import ActorMention, ActorResolver
from .trace import if_changed

ARMED = {1, 2, 3, 4, 8}


def _ex(text: str, key: str, value: str) -> Example:
    return Example(text, ((key, value),))


PROTESTERS = register(
    "actors.protesters",
    "The people of a protest are Protesters (police or soldiers protesting peacefully too); "
    "what a peaceful protest is against is not its counterpart.",
    ("actor1", "actor2"),
    (_ex("Nurses rallied outside the ministry in Tessaro.", "actor1", "Protesters"),),
)
RIOTERS = register(
    "actors.rioters",
    "The people of a riot are Rioters; a mob's victims are civilians unless named.",
    ("actor1", "actor2"),
    (_ex("A mob stoned police officers in Ombarin on Friday.", "actor1", "Rioters"),),
)
UNNAMED_PERPETRATOR = register(
    "actors.unnamed_perpetrator",
    "Violence against civilians by no named perpetrator is by an unidentified armed group; a "
    "named perpetrator of unknown kind is a militia, armed men are an armed group.",
    ("actor1",),
    (_ex("Two farmers were shot dead near Tessaro.", "actor1", "armed group"),),
)
CIVILIAN_VICTIMS = register(
    "actors.civilian_victims",
    "Violence against civilians with no named victim is against Civilians.",
    ("actor2",),
    (_ex("Gunmen attacked the village of Ombarin.", "actor2", "Civilians"),),
)
PERSON_TARGET_CIVILIAN = register(
    "actors.person_target_civilian",
    "A person arrested, attacked or abducted whom the text names without a title, a force or "
    "a group ('police arrested Mara Ellis') is a civilian, as ACLED codes them.",
    ("actor2",),
    (_ex("Police arrested Mara Ellis in Tessaro on Monday.", "actor2", "Civilians"),),
)
ARRESTS_BY_POLICE = register(
    "actors.arrests_by_police",
    "Arrests with no one named as making them are made by the police.",
    ("actor1",),
    (_ex("Three journalists were arrested in Tessaro.", "actor1", "Police"),),
)
ARRESTED_NOT_ARRESTING = register(
    "actors.arrested_not_arresting",
    "Only a state force or an armed group arrests: anyone else told as the arrester, with no "
    "one else arrested ('Headmaster arrested after brawl', 'Mayor N arrested', a headline "
    "without its 'was'), is the one arrested, and the police arrested them.",
    ("actor1", "actor2"),
    (_ex("Headmaster arrested after brawl at town hall.", "actor2", "Civilians"),),
)
ARRESTED_CIVILIANS = register(
    "actors.arrested_civilians",
    "Arrests with no one named as arrested are of civilians, as ACLED codes most arrests. "
    "Applied once the article's events are merged (a later mention may name them), and it "
    "adds no confidence.",
    ("actor2",),
    (_ex("Police made arrests in Tessaro after the market fire.", "actor2", "Civilians"),),
)
ARRESTED_CROWD = register(
    "actors.arrested_crowd",
    "People arrested with no kind of their own (civilians, 'people', 'residents') where the "
    "article tells a protest or riot at the same place, or arrests with no place of their "
    "own in a story of one, are that crowd: ACLED codes arrested demonstrators as "
    "Protesters or Rioters.",
    ("actor2",),
    (
        _ex(
            "Hundreds of students marched in Ombarin on Monday.\n\nTwo days later, police "
            "arrested 20 people in Ombarin.",
            "actor2",
            "Protesters",
        ),
    ),
)
DRUG_GANGS = register(
    "actors.drug_gangs",
    "In a paragraph about drugs, seizures and arrests are against a gang, and so is the "
    "killing of a victim the story calls a drug criminal.",
    ("actor2",),
    (
        _ex(
            "Police seized 40 kg of cocaine in Ombarin. Officers arrested two men.",
            "actor2",
            "Gang",
        ),
    ),
)
LOOTING_SIDES = register(
    "actors.looting_sides",
    "Looting or destruction with unnamed sides is by an armed group, against civilians.",
    ("actor1", "actor2"),
    (_ex("Shops were looted and torched in Tessaro.", "actor1", "armed group"),),
)
CLASH_SIDES = register(
    "actors.clash_sides",
    "An armed clash: whoever fights the state is armed (a 'man', a 'suspect'); a shoot-out "
    "with neither side named has two armed groups; the state against no one named fights an "
    "armed group.",
    ("actor1", "actor2"),
    (_ex("Soldiers exchanged fire with a suspect in Ombarin.", "actor2", "armed group"),),
)
UNNAMED_BOMBER = register(
    "actors.unnamed_bomber",
    "Shelling, a bomb or a mine whose perpetrator goes unnamed is by an armed group.",
    ("actor1",),
    (_ex("A roadside bomb exploded near Tessaro.", "actor1", "armed group"),),
)
PARTY_SPEAKS = register(
    "actors.party_speaks_as_itself",
    "In an event ACLED does not code (a statement, an accusation, talks) or an agreement, a "
    "party named as a side is the party itself, which has no ACLED actor category (inter 0); "
    "its members are civilians only where violence or arrests befall them.",
    ("actor1", "actor2"),
    (
        Example(
            "The Inkatha Freedom Party accused the ANC of intimidating voters in Durban.",
            (("actor1", "IFP: Inkatha Freedom Party"),),
            (("actor1", "Civilians (South Africa)"),),
        ),
    ),
)
FOREIGN_FORCES = register(
    "actors.foreign_forces",
    "A state's forces acting in another country (the event's place and the document agree "
    "on it) are external forces (inter 8); not where they only sign or talk there (an "
    "agreement, a verbal event).",
    ("actor1", "actor2"),
    (_ex("Russian forces struck Kharkiv in Ukraine overnight.", "actor1", "inter 8"),),
)


CONVENTION_RULES = (
    PROTESTERS,
    RIOTERS,
    UNNAMED_PERPETRATOR,
    CIVILIAN_VICTIMS,
    PERSON_TARGET_CIVILIAN,
    ARRESTS_BY_POLICE,
    ARRESTED_NOT_ARRESTING,
    ARRESTED_CIVILIANS,
    ARRESTED_CROWD,
    DRUG_GANGS,
    LOOTING_SIDES,
    CLASH_SIDES,
    UNNAMED_BOMBER,
    PARTY_SPEAKS,
    FOREIGN_FORCES,
)


def typed_roles(
    resolver: ActorResolver,
    event_type: str | None,
    sub: str | None,
    a1: ActorMention | None,
    a2: ActorMention | None,
    country: str | None,
    implied: tuple[str, tuple[int, int]],
    drugs: bool = False,
    criminal_victims: bool = False,
) -> tuple[ActorMention | None, ActorMention | None]:
    """ACLED's actor conventions for a typed event (see the module doc); ``criminal_victims``:
    the story calls the victim a drug criminal."""

    def agent(key: str, base: ActorMention | None) -> ActorMention | None:
        text, span = (base.actor.text, base.span) if base is not None else implied
        c = base.actor.country if base is not None and base.actor.country else country
        actor = resolver.agent_actor(key, text, c)
        if actor is None:
            return base
        if base is None:  # only implied by the trigger: no CAMEO code of its own
            actor = replace(actor, cameo=None, implied=True)
        elif base.actor.cameo and key in {"protester", "rioter"}:
            actor = replace(actor, cameo=base.actor.cameo)
        return ActorMention(actor, span)

    if event_type is None or sub == "Agreement":  # a statement, talks, a signing
        for key in ("actor1", "actor2"):
            m = a1 if key == "actor1" else a2
            party = _party_itself(resolver, m.actor) if m is not None else None
            if m is not None and party is not None and rules.apply(PARTY_SPEAKS, key):
                m = ActorMention(party, m.span)  # "the ANC condemned": the party speaks
                a1, a2 = (m, a2) if key == "actor1" else (a1, m)
    if (
        a2 is not None
        and a2.actor.inter is None
        and a2.actor.sector == "CVL"
        and (event_type == "Violence against civilians" or sub == "Arrests")
        and rules.apply(PERSON_TARGET_CIVILIAN, "actor2")
    ):  # a named person of no stated kind, arrested or attacked: a civilian
        a2 = agent("civilian", a2)
    if (
        event_type == "Protests"
        and (a1 is None or a1.actor.inter not in ARMED or sub == "Peaceful protest")
        and rules.apply(PROTESTERS, "actor1")
    ):  # police officers or soldiers who protest peacefully are protesters too
        a1 = agent("protester", a1)
        if sub == "Peaceful protest" and a2 is not None:
            rules.fired(PROTESTERS, "actor2")
            a2 = None  # what a protest is against is not its counterpart
    elif (
        event_type == "Riots"
        and (a1 is None or a1.actor.inter not in ARMED)
        and rules.apply(RIOTERS, "actor1")
    ):
        a1 = agent("rioter", a1)
        if sub == "Mob violence" and a2 is None:
            rules.fired(RIOTERS, "actor2")
            a2 = agent("civilian", None)  # a mob's victims are civilians unless named
    elif event_type == "Violence against civilians":
        if a1 is None:
            if rules.apply(UNNAMED_PERPETRATOR, "actor1"):
                a1 = agent("armed group", None)
        elif a1.actor.inter is None:  # a named perpetrator of unknown kind: a militia
            if rules.apply(UNNAMED_PERPETRATOR, "actor1"):
                a1 = ActorMention(replace(a1.actor, inter=3), a1.span)
        elif a1.actor.inter in {5, 6, 7} and rules.apply(UNNAMED_PERPETRATOR, "actor1"):
            a1 = agent("armed group", a1)  # "two men shot at people": armed men
        if a2 is None and rules.apply(CIVILIAN_VICTIMS, "actor2"):
            a2 = agent("civilian", None)
    elif sub == "Arrests":
        if (
            a1 is not None
            and a2 is None
            and a1.actor.sector not in {"MIL", "COP"}
            and a1.actor.inter not in {2, 3, 4, 8}
            and rules.apply(ARRESTED_NOT_ARRESTING, "actor1", "actor2")
        ):  # "Headmaster arrested after brawl", "Mayor N arrested": they were arrested
            a2 = agent("civilian", a1) if a1.actor.inter is None else a1
            a1 = None
        if a1 is None and rules.apply(ARRESTS_BY_POLICE, "actor1"):
            a1 = agent("police", None)
    if (
        drugs
        and (
            sub in {"Arrests", "Looting/property destruction"}
            or (sub == "Disrupted weapons use" and a1 is not None and a1.actor.inter == 1)
            or (sub == "Attack" and criminal_victims and a1 is not None and a1.actor.inter == 3)
        )
        and (a2 is None or a2.actor.inter == 7)
        and rules.apply(DRUG_GANGS, "actor2")
    ):  # drug seizures and arrests are against criminal gangs, and so are killings by
        # armed men of victims the story says were drug criminals
        a2 = agent("gang", a2)
    elif sub == "Looting/property destruction" and rules.apply(LOOTING_SIDES, "actor1", "actor2"):
        a1 = a1 or agent("armed group", None)
        a2 = a2 or agent("civilian", None)
    elif (event_type, sub) == ("Battles", "Armed clash") and rules.apply(
        CLASH_SIDES, "actor1", "actor2"
    ):
        # whoever fights the state is armed, even a 'man' or 'suspect'
        a1, a2 = (
            agent("armed group", m) if m is not None and m.actor.inter in {5, 6, 7} else m
            for m in (a1, a2)
        )
        known = a1 or a2
        if known is None:  # "a shoot-out took place": two sides, neither named
            a1, a2 = agent("armed group", None), agent("armed group", None)
        elif known.actor.inter == 1 and (a1 is None or a2 is None):
            other = agent("armed group", None)
            a1, a2 = (a1, other) if a2 is None else (other, a2)
    elif (
        event_type == "Explosions/Remote violence"
        and a1 is None
        and (a2 is None or a2.actor.inter != 1 or sub == "Remote explosive/landmine/IED")
        and rules.apply(UNNAMED_BOMBER, "actor1")
    ):
        # shelling, a bomb or a mine whose perpetrator goes unnamed
        a1 = agent("armed group", None)
    return a1, a2


def _party_itself(resolver: ActorResolver, members: Actor) -> Actor | None:
    """The party or union whose members ``members`` are (actors.party_members_civilians
    made them civilians with it as associate), as an organisation: no ACLED actor category
    (inter 0). None when the associate is no party."""
    party = resolver.parties.get(members.associate) if members.associate else None
    if party is None:
        return None
    return replace(
        members,
        name=party.acled_name,
        country=party.country or members.country,
        sector=party.sector,
        inter=0,
        cameo=party.cameo,
        associate=None,
    )


def arrested_civilians(
    event: Event, resolver: ActorResolver, country: str | None, text: str
) -> Event:
    """**actors.arrested_civilians**: an arrest whose arrested go unnamed once the article's
    mentions are merged is of civilians of the event's country, implied by the trigger (its
    evidence)."""
    if (
        event.acled_sub_event_type != "Arrests"
        or event.actor2 is not None
        or not rules.on(ARRESTED_CIVILIANS)
    ):
        return event
    trigger = dict(event.evidence).get("trigger")
    if trigger is None:
        return event
    where = (event.location.country if event.location else None) or country
    actor = resolver.agent_actor("civilian", text[trigger[0] : trigger[1]], where)
    if actor is None:
        return event
    after = replace(
        event,
        actor2=replace(actor, cameo=None, implied=True),
        evidence=(*event.evidence, ("actor2", trigger)),
    )
    return if_changed(ARRESTED_CIVILIANS, event, after)


def arrested_crowd(events: list[Event]) -> list[Event]:
    """**actors.arrested_crowd**: arrests of civilians of no kind of their own, at the place
    of a protest or riot the article tells (or at no place of their own), are of that crowd."""
    crowds = [
        e
        for e in events
        if e.acled_event_type in {"Protests", "Riots"}
        and e.actor1 is not None
        and e.actor1.inter in {5, 6}
        and not (e.negated or e.hypothetical or e.future)
    ]
    if not crowds or not rules.on(ARRESTED_CROWD):
        return events
    out: list[Event] = []
    for e in events:
        crowd = next((c for c in crowds if _arrests_at(e, c)), None)
        if crowd is not None and crowd.actor1 is not None and e.actor2 is not None:
            arrested = replace(crowd.actor1, text=e.actor2.text, implied=e.actor2.implied)
            e = if_changed(ARRESTED_CROWD, e, replace(e, actor2=arrested))
        out.append(e)
    return out


def _arrests_at(event: Event, crowd: Event) -> bool:
    """``event`` is an arrest of civilians of no kind of their own (the convention's, or
    told by a generic word) at ``crowd``'s place, or at no place of its own."""
    a2 = event.actor2
    if (
        event.acled_sub_event_type != "Arrests"
        or a2 is None
        or a2.inter != 7
        or a2.associate is not None  # a party's members, say: a kind of their own
        or not (a2.name == "Civilians" or a2.name.startswith("Civilians ("))
    ):
        return False
    here, there = event.location, crowd.location
    if here is None:
        return True
    return there is not None and (
        (here.geonameid is not None and here.geonameid == there.geonameid)
        or here.name == there.name
    )


def foreign_forces(actor: Actor | None, where: str | None) -> Actor | None:
    """ACLED codes a state's forces acting outside their own country as external forces
    (inter 8): Country A's army firing on positions inside country B. ``where``: the event's
    country, when its place and the document agree on it."""
    if (
        actor is None
        or where is None
        or actor.inter != 1
        or actor.sector not in {"MIL", "COP"}
        or actor.country in {None, where}
    ):
        return actor
    return replace(actor, inter=8)
