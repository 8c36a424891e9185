"""Named office holders: "X said" or "X met Y" codes X as the government X served on the day.

**actors.known_leader**: a side that is a person (a name the model tags as a person, with or
without a title) whose name is a head of state or government, or a foreign, defence or interior
minister in ``lexicon/actors/leaders.tsv``, and who held that office on the article's date,
becomes that state's government (CAMEO ``<ISO3>GOV``, ACLED inter 1), with the office as its
role. Without the knowledge base a named president abroad takes the document's country, and a
name with no title is read as a civilian. The term must hold the article's day; an article
without a date takes the latest term. Where two office holders share a name on the same day,
the one of the country the phrase or the document names is taken, else none.

**actors.group_in_power**: an armed group that ran its country's state on the article's date
(``lexicon/actors/in_power.tsv``: the Taliban from August 2021, the Houthis in Sanaa) is coded as
that state's forces (inter 1) under the name ACLED gives it meanwhile; before and after, it is
the group it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace

from .. import rules
from ..entries import LEADER_ROLES, LeaderEntry, RuleOfState
from ..records import Actor, Event
from ..rules import Example, register
from .trace import with_decision

KNOWN_LEADER = register(
    "actors.known_leader",
    "A person named in lexicon/actors/leaders.tsv who held a state office on the article's "
    "date (head of state or government, foreign, defence or interior minister) is that "
    "state's government, whatever the document's country.",
    ("actor1", "actor2"),
    (
        Example(
            "NAIROBI, May 4 (Wire) - Joe Biden accused Vladimir Putin of ordering the strikes "
            "on Kharkiv, speaking to reporters on Thursday.",
            (("actor1", "USAGOV"), ("actor2", "RUSGOV")),
            published="2023-05-04",
        ),
    ),
)
GROUP_IN_POWER = register(
    "actors.group_in_power",
    "An armed group that ran its country's state on the article's date (lexicon/actors/"
    "in_power.tsv) is coded as that state's forces (inter 1), as ACLED codes each side that "
    "runs a state.",
    ("actor1", "actor2"),
    (
        Example(
            "Taliban forces detained three journalists in Kabul on Sunday.",
            (("actor1", "inter 1"),),
            published="2023-06-11",
        ),
    ),
)
# the office a role column names, as the actor's role shows it
_ORDER = tuple(LEADER_ROLES)  # head of state first: the office that speaks for the state
_PERSON_SECTORS = frozenset({"CVL", "GOV", "MIL"})
# words of a title written before a name ("President", "Defence Minister", "Sheikh")
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "prime",
        "minister",
        "foreign",
        "defence",
        "defense",
        "interior",
        "home",
        "secretary",
        "state",
        "chancellor",
        "premier",
        "king",
        "queen",
        "emir",
        "sheikh",
        "crown",
        "prince",
        "sultan",
        "general",
        "gen",
        "mr",
        "mrs",
        "ms",
        "dr",
        "acting",
        "former",
        "interim",
        "de",
        "facto",
        "leader",
        "supreme",
        "ayatollah",
        "field",
        "marshal",
    ]
)


class LeaderBook:
    """The office holders of ``lexicon/actors/leaders.tsv``, found by name and day."""

    def __init__(self, leaders: Iterable[LeaderEntry]) -> None:
        self._by_name: dict[str, list[LeaderEntry]] = {}
        for entry in leaders:
            for alias in entry.aliases:
                self._by_name.setdefault(alias.casefold(), []).append(entry)

    def __bool__(self) -> bool:
        return bool(self._by_name)

    def terms(self, name: str) -> list[LeaderEntry]:
        """Terms of the office holders one of whose names is ``name``, titles before it
        left out ("Prime Minister Anna Vell" -> "Anna Vell"; "Bram Vell" is not "Vell")."""
        words = name.casefold().replace("’", "'").split()
        while words:
            found = self._by_name.get(" ".join(words))  # "King Charles" is a name of its own
            if found or len(words) == 1 or words[0].rstrip(".") not in TITLE_WORDS:
                return found or []
            words = words[1:]
        return []

    def holder(
        self, name: str, day: str | None, countries: Iterable[str | None] = ()
    ) -> LeaderEntry | None:
        """The term ``name`` held on ``day`` (ISO date; None: the latest term); when
        several people of that name held office that day, the one of the first of
        ``countries`` that decides between them."""
        terms = self.terms(name)
        if day is None:  # the day the latest term began
            day = max((t.start for t in terms), default="")
        terms = [t for t in terms if t.serves_on(day)]
        states = {t.country for t in terms}
        if len(states) > 1:
            for country in countries:
                if country in states:
                    states = {country}
                    break
            else:
                return None
        terms = [t for t in terms if t.country in states]
        return min(terms, key=lambda t: _ORDER.index(t.role), default=None)


def _official(actor: Actor, book: LeaderBook, day: str | None, doc_country: str | None) -> Actor:
    if actor.implied or actor.sector not in _PERSON_SECTORS | {None}:
        return actor  # a person (a name, with or without a title), or a name of no known kind
    term = book.holder(actor.name, day, (actor.country, doc_country))
    if term is None:
        return actor
    return replace(
        actor,
        country=term.country,
        sector="GOV",
        inter=1,
        cameo=f"{term.country}GOV",
        role=actor.role or LEADER_ROLES[term.role],
    )


def _ruling(actor: Actor, terms: dict[str, list[RuleOfState]], day: str | None) -> Actor:
    term = next((t for t in terms.get(actor.name, ()) if day is not None and t.rules_on(day)), None)
    if term is None:
        return actor
    return replace(
        actor,
        name=term.as_state,
        country=term.country,
        sector="MIL",
        inter=1,
        cameo=f"{term.country}MIL",
    )


def _recode(event: Event, rule: str, recode: Callable[[Actor], Actor]) -> Event:
    """``event`` with ``recode`` applied to every side, ``rule`` recorded where it changed."""
    values: dict[str, object] = {}
    for key in ("actor1", "actor2"):
        actor = getattr(event, key)
        if actor is not None and (fresh := recode(actor)) != actor:
            values[key] = fresh
    for side in ("actors1", "actors2"):
        listed = getattr(event, side)
        fresh_list = tuple(recode(a) for a in listed)
        if fresh_list != listed:
            values[side] = fresh_list
    if not values:
        return event
    rules.fired(rule)
    changed = replace(event, **values)  # type: ignore[arg-type]
    return with_decision(changed, rule, *(k for k in values if k in ("actor1", "actor2")))


class StateHolders:
    """Who held the state on a day: office holders (leaders.tsv) and groups in power."""

    def __init__(self, leaders: Iterable[LeaderEntry], in_power: Iterable[RuleOfState]) -> None:
        self.book = LeaderBook(leaders)
        self.in_power: dict[str, list[RuleOfState]] = {}
        for t in in_power:
            self.in_power.setdefault(t.acled_name, []).append(t)

    def code(self, event: Event, published: dt.date | None, doc_country: str | None) -> Event:
        """``event`` with each side that names an office holder coded as that state's
        government, and each group then in power as that state's forces."""
        day = published.isoformat() if published is not None else None
        if self.book and rules.on(KNOWN_LEADER):
            book = self.book
            event = _recode(event, KNOWN_LEADER, lambda a: _official(a, book, day, doc_country))
        if self.in_power and rules.on(GROUP_IN_POWER):
            terms = self.in_power
            event = _recode(event, GROUP_IN_POWER, lambda a: _ruling(a, terms, day))
        return event
