"""Front lines: the two sides of a war fought along a known line, for reports naming neither.

Monitors and wires report fire on a front without saying who fired: "Monitors recorded 40
explosions near A.", "an exchange of fire in both directions near B". Where the front is known
(``lexicon/fronts.tsv``: its country, regions, dates and two sides), such an event is coded as
ACLED codes it:

- an armed clash (an exchange of fire) is between the two sides;
- remote violence (shelling, explosions) landing near a settlement is by the side facing it:
  by the state near a settlement the opposition holds, by the opposition near one the state
  holds (``lexicon/front_control.tsv``); near a settlement not listed, its perpetrator stays
  unidentified.

Only sides the text leaves unnamed change: no actor, one only implied by the trigger, or an
Unidentified Armed Group. The new actors are marked ``implied`` (nobody wrote them) and carry
the place as their evidence, since the place is what decided them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..records import Actor, Event
from .actors import ActorResolver
from .lexicon import Lexicon, place_key
from .perpetrators import unnamed_side

FRONT_TYPES = {"Battles", "Explosions/Remote violence"}


@dataclass(frozen=True, slots=True)
class _Front:
    name: str
    country: str
    admin1_prefixes: tuple[str, ...]
    start: str
    end: str
    state: Actor
    opposition: Actor

    def covers(self, event: Event, listed: bool) -> bool:
        """On this front: in its country and regions (or at a settlement listed for it, when
        the gazetteer placed the name elsewhere or nowhere) and within its dates."""
        loc = event.location
        if loc is None or event.date is None or not self.start <= event.date <= self.end:
            return False
        if listed:
            return loc.country in {None, self.country}
        return (
            loc.country == self.country
            and loc.admin1 is not None
            and loc.admin1.casefold().startswith(self.admin1_prefixes)
        )


class FrontLines:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.control = lexicon.front_control
        self.fronts: list[_Front] = []
        for f in lexicon.fronts:
            state = actors.agent_actor(f.state_agent, f.state_agent, f.country)
            opposition = actors.group_actor(f.opposition_group, f.opposition_group, f.country)
            if state is None or opposition is None:
                continue  # a side the lexicon does not know: the front cannot be coded
            self.fronts.append(
                _Front(
                    f.front,
                    f.country,
                    f.admin1_prefixes,
                    f.start,
                    f.end,
                    replace(state, implied=True),
                    replace(opposition, implied=True),
                )
            )

    def code(self, event: Event) -> Event:
        """``event`` with the sides of its front filled in where the text names neither."""
        if not self.fronts or event.acled_event_type not in FRONT_TYPES:
            return event
        if not unnamed_side(event.actor1):
            return event
        loc = event.location
        if loc is None:
            return event
        front, held = None, None
        for f in self.fronts:
            held = self.control.get((f.name, place_key(loc.text))) or self.control.get(
                (f.name, place_key(loc.name))
            )
            if f.covers(event, held is not None):
                front = f
                break
        if front is None:
            return event
        evidence = dict(event.evidence)
        a1: Actor | None
        a2: Actor | None
        if event.acled_sub_event_type == "Armed clash":
            if not unnamed_side(event.actor2):
                return event
            a1, a2 = front.state, front.opposition
        else:
            if held is None:
                return event
            a1 = front.opposition if held == "state" else front.state
            a2 = None if unnamed_side(event.actor2) else event.actor2
        where = evidence.get("location")  # the place decided the side
        if a1 is not None:
            a1 = replace(a1, text=loc.text)
        if a2 is not event.actor2 and a2 is not None:
            a2 = replace(a2, text=loc.text)
        for key, actor, old in (("actor1", a1, event.actor1), ("actor2", a2, event.actor2)):
            if actor is not old:
                evidence.pop(key, None)
                if actor is not None and where is not None:
                    evidence[key] = where
        return replace(
            event,
            actor1=a1,
            actor2=a2,
            evidence=tuple(evidence.items()),
        )
