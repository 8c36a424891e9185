"""Front lines: the two sides of a war fought along a known line, for reports naming neither.

Monitors and wires report fire on a front without saying who fired: "Monitors recorded 40
explosions near A.", "an exchange of fire in both directions near B". Where the front is known
(``lexicon/fronts.tsv``: its country, regions, dates and two sides), such an event is coded as
ACLED codes it:

- an armed clash (an exchange of fire) is between the two sides;
- shelling landing near a settlement is by the side facing it: by the state near a
  settlement the opposition holds, by the opposition near one the state holds
  (``lexicon/front_control.tsv``); near a settlement not listed, its perpetrator stays
  unidentified;
- fire on one side's named positions is by the other side.

Only sides the text leaves unnamed change: no actor, one only implied by the trigger, or an
Unidentified Armed Group. The new actors are marked ``implied`` (nobody wrote them) and carry
the place mention as their evidence, since the place is what decided them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..records import Actor, Event, Place, Span
from ..resolve.normalize import cyrillic_key, name_key
from .actors import ActorResolver
from .lexicon import Lexicon
from .perpetrators import unnamed_side

log = logging.getLogger(__name__)

FRONT_TYPES = {"Battles", "Explosions/Remote violence"}
SHELLING = "Shelling/artillery/missile attack"


@dataclass(frozen=True, slots=True)
class _Front:
    name: str
    country: str
    admin1_prefixes: tuple[str, ...]
    start: str
    end: str
    state: Actor
    opposition: Actor
    cues: re.Pattern[str] | None

    def covers(self, event: Event, listed: bool, cued: bool) -> bool:
        """On this front: within its dates, and in its country and regions, or at a
        settlement listed for the front even where the gazetteer, which has no context in a
        one-line report, took a namesake elsewhere in the country ("Molodizhne" in Poltava
        oblast) or placed it nowhere. Fire whose sides nobody names, in the country and years
        of a front, is far likelier on the front than at a namesake. A report that names the
        front (``cued``: its monitors, its line) is on it wherever in the country its place
        resolved, and even when the place is unknown."""
        loc = event.location
        if event.date is None or not self.start <= event.date <= self.end:
            return False
        if loc is None:
            return cued
        in_region = (
            loc.country == self.country
            and loc.admin1 is not None
            and loc.admin1.casefold().startswith(self.admin1_prefixes)
        )
        # a listed village named in a report on the front, whatever namesake the gazetteer took
        listed_on_front = listed and cued
        return (
            in_region
            or listed_on_front
            or ((listed or cued) and loc.country in {None, self.country})
        )


class FrontLines:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.control = lexicon.front_control
        self.settlements = lexicon.front_settlements
        self.fronts: list[_Front] = []
        for f in lexicon.fronts:
            state = actors.agent_actor(f.state_agent, f.state_agent, f.country)
            opposition = actors.group_actor(f.opposition_group, f.opposition_group, f.country)
            if state is None or opposition is None:
                # a lexicon without these sides (a user's PETRARCH agents dictionary replaces
                # the packaged agents) cannot code this front; the rest still works
                log.info("front %s left out: its sides are not in the lexicon", f.front)
                continue
            self.fronts.append(
                _Front(
                    f.front,
                    f.country,
                    f.admin1_prefixes,
                    f.start,
                    f.end,
                    replace(state, implied=True),
                    replace(opposition, implied=True),
                    _cue_pattern(f.cues),
                )
            )

    def cued(self, text: str) -> dict[str, list[tuple[str, Span]]]:
        """Where the document names each front's cues: front -> [(cue text, its span)]."""
        out: dict[str, list[tuple[str, Span]]] = {}
        for f in self.fronts:
            if f.cues is not None:
                found = [(m.group(), m.span()) for m in f.cues.finditer(text)]
                if found:
                    out[f.name] = found
        return out

    def regions(self, text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """(country, admin1 prefixes, settlements listed on it) of the fronts the text names:
        where its towns lie (see ``PlaceResolver.resolve``)."""
        return [
            (f.country, f.admin1_prefixes, self.settlements.get(f.name, ()))
            for f in self.fronts
            if f.cues is not None and f.cues.search(text) is not None
        ]

    def _held(self, front: str, loc: Place | None) -> str | None:
        """Who held the settlement ``loc`` (None for a region or an unlisted place). A
        village the gazetteer lacks stands in at its region's or country's point under its
        own name ("Pisky, Donetsk"): that name is looked up."""
        if loc is None:
            return None
        if (
            loc.feature in {"admin1", "country", "region"}
            and loc.geonameid is not None
            and (loc.admin1 is None or name_key(loc.name) == name_key(loc.admin1))
        ):
            return None  # "Donetsk" the province is not Donetsk the city
        return self.control.get((front, cyrillic_key(loc.text))) or self.control.get(
            (front, cyrillic_key(loc.name))
        )

    def code(self, event: Event, cues: Mapping[str, list[tuple[str, Span]]] | None = None) -> Event:
        """``event`` with the sides of its front filled in where the text names neither;
        ``cues``: where the document names each front (:meth:`cued`); a cue counts in the
        event's own sentence only."""
        lo, hi = dict(event.evidence).get("sentence", (0, 0))
        cued = {
            name: next(c for c in found if lo <= c[1][0] < hi)
            for name, found in (cues or {}).items()
            if any(lo <= c[1][0] < hi for c in found)
        }
        loc = event.location
        if (
            not self.fronts
            or event.acled_event_type not in FRONT_TYPES
            or not unnamed_side(event.actor1)
        ):
            return event
        front, held = None, None
        for f in self.fronts:
            held = self._held(f.name, loc)
            if f.covers(event, held is not None, f.name in cued):
                front = f
                break
        if front is None:
            return event
        a2 = event.actor2
        named2 = None if unnamed_side(a2) else a2
        sides = {front.state.name: front.opposition, front.opposition.name: front.state}
        if named2 is not None and named2.name in sides:
            # "explosions hit army positions near A": by the other side
            a1: Actor | None = sides[named2.name]
        elif named2 is not None and named2.inter != 7:
            return event  # a named armed target that is neither side: not the front's fight
        elif event.acled_sub_event_type == "Armed clash" and named2 is None:
            a1, a2 = front.state, front.opposition
        elif event.acled_sub_event_type == SHELLING and held is not None:
            # civilians hit by the shelling stay its target
            a1, a2 = (front.opposition if held == "state" else front.state), named2
        else:
            return event
        evidence = dict(event.evidence)
        # the place decided the sides, or without a place the cue that named the front
        cue_text, where = (loc.text, evidence.get("location")) if loc else cued[front.name]
        a1 = replace(a1, text=cue_text) if a1 is not None else None
        if a2 is not event.actor2 and a2 is not None:
            a2 = replace(a2, text=cue_text)
        for key, actor, old in (("actor1", a1, event.actor1), ("actor2", a2, event.actor2)):
            if actor is not old:
                evidence.pop(key, None)
                if actor is not None and where is not None:
                    evidence[key] = where
        return replace(event, actor1=a1, actor2=a2, evidence=tuple(evidence.items()))


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole-word, case-sensitive alternatives ("SMM" is a cue, "smm" in a word is not)."""
    if not cues:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b")
