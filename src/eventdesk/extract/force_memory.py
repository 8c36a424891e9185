"""A state force told again by its kind is the one named before: "Sudan's army signed ...
Hours before, the army carried out air strikes" - the army is Sudan's.

Without a country of its own, "the army" or "the police" takes the document's country, and a
story datelined abroad or quoting a foreign ministry ("a Saudi statement said") can make that
country the wrong one. **actors.force_told_before**: a side written as a definite force noun
with no country word ("the army", "the troops", "the police") takes the country of the
nearest force of the same sector named earlier in the article with its country ("Sudan's
army", "Kenyan police", "the Malian military"). ACLED's external-forces code (inter 8) is
then judged again for the new country against the event's place.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from .. import rules
from ..records import Actor, Event
from ..rules import Example, register
from .actors import ActorResolver
from .conventions import foreign_forces
from .trace import with_sides

FORCE_TOLD_BEFORE = register(
    "actors.force_told_before",
    "A side written as a definite force noun with no country word ('the army', 'the police') "
    "is the force of that sector the article named before with its country ('Chad's army').",
    ("actor1", "actor2"),
    (
        Example(
            "ABUJA, March 9 (Wire) - Chad's army met rebel leaders for talks in Abuja on "
            "Friday, a Nigerian ministry statement said.\n\nOn Saturday, the army shelled "
            "rebel positions, residents said.",
            (("actor1", "Military Forces of Chad"),),
            published="2024-03-13",
        ),
    ),
)
_SECTORS = frozenset({"MIL", "COP"})
_MODIFIERS = frozenset({"poss", "amod", "compound", "nmod"})
_DEFINITE = frozenset({"the", "this", "these", "that", "those"})


@dataclass(frozen=True, slots=True)
class _Named:
    start: int  # character offset of the force noun
    sector: str
    country: str


class ForceMemory:
    """The forces an article names with their country, and the sides they name again."""

    def __init__(self, actors: ActorResolver) -> None:
        self.actors = actors

    def _agent(self, word: str) -> Any | None:
        agents = self.actors.lexicon.agents
        entry = agents.get(word.lower())
        return entry if entry is not None and entry.sector in _SECTORS else None

    def named(self, doc: Any) -> list[_Named]:
        """Force nouns with a country word among their modifiers, in text order."""
        out: list[_Named] = []
        for tok in doc:
            if tok.pos_ != "NOUN":
                continue
            entry = self._agent(tok.lemma_) or self._agent(tok.text)
            if entry is None:
                continue
            for child in tok.children:
                if child.dep_ not in _MODIFIERS:
                    continue
                iso = self.actors.countries.country_for_word(child.text)
                if iso is not None:
                    out.append(_Named(tok.idx, entry.sector, iso))
                    break
        return out

    @staticmethod
    def may_apply(event: Event) -> bool:
        """A side of ``event`` is a state force (the article's words are read only then)."""
        return rules.on(FORCE_TOLD_BEFORE) and any(
            a is not None and a.sector in _SECTORS for a in (event.actor1, event.actor2)
        )

    def apply(self, event: Event, named: list[_Named], doc: Any) -> Event:
        """``event`` with each bare definite force side given the country of the nearest
        force of its sector named before it."""
        if not named or not rules.on(FORCE_TOLD_BEFORE):
            return event
        evidence = dict(event.evidence)
        starts = [n.start for n in named]
        values: dict[str, Any] = {}
        for key in ("actor1", "actor2"):
            actor, span = getattr(event, key), evidence.get(key)
            if actor is None or span is None or not self._bare_definite(actor, doc, span):
                continue
            earlier = named[: bisect.bisect_left(starts, span[0])]
            prior = next((n for n in reversed(earlier) if n.sector == actor.sector), None)
            if prior is None or prior.country == actor.country:
                continue
            head = actor.text.split()[-1]
            entry = self._agent(head) or self._agent(head.removesuffix("s"))
            if entry is None:
                continue
            fresh = self.actors.agent_actor(entry.agent, actor.text, prior.country)
            if fresh is None:
                continue
            where = event.location.country if event.location is not None else None
            values[key] = foreign_forces(fresh, where) or fresh
        if not values:
            return event
        rules.fired(FORCE_TOLD_BEFORE)
        return with_sides(event, values, FORCE_TOLD_BEFORE)

    def _bare_definite(self, actor: Actor, doc: Any, span: tuple[int, int]) -> bool:
        """'the army', 'the troops': a force noun with a definite determiner and no country
        word among its modifiers."""
        if actor.sector not in _SECTORS or actor.implied:
            return False
        tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
        if tokens is None or not len(tokens):
            return False
        head = tokens.root
        kids = list(head.children)
        return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in kids) and not any(
            c.dep_ in _MODIFIERS and self.actors.countries.country_for_word(c.text) for c in kids
        )
