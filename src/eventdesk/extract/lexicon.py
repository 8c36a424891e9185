"""Loads the data-file dictionaries in ``eventdesk/lexicon`` (and a user's override folder).

A user folder given with ``--lexicon DIR`` may hold files of the same names; their rows are added
after the packaged rows and win on the same key. Every file is read through
``eventdesk.lexicon_files``, the one reader the place tables use too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import lexicon_files
from ..entries import (  # noqa: F401  (re-exported: extract.lexicon was their home)
    DICTIONARY_CUE,
    LEADER_ROLES,
    AgentEntry,
    GroupEntry,
    LeaderEntry,
    RuleOfState,
    TitleEntry,
    TriggerEntry,
    WeaponEntry,
)
from ..errors import LexiconError
from ..resolve.normalize import cyrillic_key


def _rows(name: str, user_dir: Path | None, ncols: int) -> Iterator[tuple[str, int, list[str]]]:
    return lexicon_files.rows(name, user_dir, ncols)


def _titles(user_dir: Path | None) -> dict[str, TitleEntry]:
    """The titles of titles.tsv by their lower-case words; a user's row for a title wins."""
    out: dict[str, TitleEntry] = {}
    for where, n, r in _rows("actors/titles.tsv", user_dir, 4):
        key = " ".join(r[0].lower().split())
        out[key] = TitleEntry(key, r[1], r[2], _int(r[3], where, n) if r[3] else None)
    return out


def _faction_leaders(user_dir: Path | None) -> dict[str, str]:
    """The names of faction leaders (faction_leaders.tsv), lower-cased -> an alias of the
    force they lead; a user's row for a name wins."""
    out: dict[str, str] = {}
    for _, _, r in _rows("actors/faction_leaders.tsv", user_dir, 2):
        for alias in r[0].split("|"):
            out[" ".join(alias.lower().split())] = r[1]
    return out


# the actor knowledge base (lexicon/actors/, README.md there): named organisations by kind, in
# the columns of groups.tsv plus parent, start and end; groups.tsv rows win on a shared name
ACTOR_FILES = (
    "actors/state_forces.tsv",
    "actors/groups.tsv",
    "actors/organisations.tsv",
    "actors/unions.tsv",
)
_PACKAGED = "eventdesk/lexicon/"  # how lexicon_files names a packaged file
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _date(value: str, where: str, lineno: int, *, last: bool) -> str:
    """An ISO day from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: the first day of a year or
    month as a start, its last (as a bound: "-31" for every month) as an end."""
    m = _DATE.fullmatch(value)
    if m is None:
        raise LexiconError(f"{where}:{lineno}: {value!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD)")
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise LexiconError(f"{where}:{lineno}: {value!r} is not a date of the calendar") from None
    if day:
        return value
    if month:
        return f"{year}-{month}-{'31' if last else '01'}"
    return f"{year}-12-31" if last else f"{year}-01-01"


def _names(cell: str) -> tuple[str, ...]:
    """The ``|``-separated names of a cell."""
    return tuple(a.strip() for a in cell.split("|") if a.strip())


def _span(start: str, end: str, where: str, n: int) -> tuple[str, str]:
    """A term's first and last day; an empty end stays empty (ongoing)."""
    return _date(start, where, n, last=False), _date(end, where, n, last=True) if end else ""


def _group(where: str, n: int, r: list[str]) -> GroupEntry:
    aliases = _names(r[0])
    if not aliases:
        raise LexiconError(f"{where}:{n}: a group needs at least one name")
    return GroupEntry(
        aliases,
        r[1],
        r[2] or None,
        r[3],
        _int(r[4], where, n),
        r[5],
        *(c or None for c in r[6:9]),
    )


def _leaders(user_dir: Path | None) -> tuple[LeaderEntry, ...]:
    """The terms of leaders.tsv; a user's row for the same person, office and start (first
    name, country, role, start) replaces the packaged one (to end a term, say)."""
    out: dict[tuple[str, str, str, str], LeaderEntry] = {}
    for where, n, r in _rows("actors/leaders.tsv", user_dir, 5):
        aliases = _names(r[0])
        if not aliases or r[2] not in LEADER_ROLES:
            raise LexiconError(
                f"{where}:{n}: a leader needs a name and a role out of {', '.join(LEADER_ROLES)}"
            )
        start, end = _span(r[3], r[4], where, n)
        entry = LeaderEntry(aliases, r[1].upper(), r[2], start, end)
        out[(aliases[0], entry.country, entry.role, start)] = entry
    return tuple(out.values())


def _in_power(user_dir: Path | None) -> tuple[RuleOfState, ...]:
    out: list[RuleOfState] = []
    for where, n, r in _rows("actors/in_power.tsv", user_dir, 5):
        if not (r[0] and r[1] and r[2] and r[4]):
            raise LexiconError(f"{where}:{n}: needs acled_name, country, start and as_state")
        start, end = _span(r[2], r[3], where, n)
        out.append(RuleOfState(r[0], r[1].upper(), start, end, r[4]))
    return tuple(out)


def _int(value: str, where: str, lineno: int) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise LexiconError(f"{where}:{lineno}: {value!r} is not a whole number") from exc


@dataclass(frozen=True, slots=True)
class FrontEntry:
    """A front line (fronts.tsv): where and when, and the two sides fighting on it."""

    front: str
    country: str
    admin1_prefixes: tuple[str, ...]  # lower case
    start: str  # ISO dates, inclusive
    end: str
    state_agent: str  # an agents.tsv key
    opposition_group: str  # a groups.tsv alias
    cues: tuple[str, ...] = ()  # names that put a report on this front (its monitors, its war)


@dataclass(frozen=True, slots=True)
class Lexicon:
    triggers: tuple[TriggerEntry, ...]
    weapons: tuple[WeaponEntry, ...]
    agents: dict[str, AgentEntry]
    groups: tuple[GroupEntry, ...]
    reporting: dict[str, str]
    cues: dict[str, frozenset[str]]
    country_words: dict[str, str] = field(default_factory=dict)  # extra: word -> country code
    cameo_plover: dict[str, str] = field(default_factory=dict)  # CAMEO root -> PLOVER type
    fronts: tuple[FrontEntry, ...] = ()
    leaders: tuple[LeaderEntry, ...] = ()  # lexicon/actors/leaders.tsv
    in_power: tuple[RuleOfState, ...] = ()  # lexicon/actors/in_power.tsv
    titles: dict[str, TitleEntry] = field(default_factory=dict)  # lexicon/actors/titles.tsv
    # lexicon/actors/faction_leaders.tsv: a leader's name -> an alias of the force they lead
    faction_leaders: dict[str, str] = field(default_factory=dict)
    # (front, settlement name key) -> "state" | "opposition"; keys by ``cyrillic_key``
    front_control: dict[tuple[str, str], str] = field(default_factory=dict)
    # front -> the first spelling of each settlement listed on it: where the front runs
    front_settlements: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def extended(
        self,
        groups: list[GroupEntry] | None = None,
        agents: list[AgentEntry] | None = None,
        country_words: dict[str, str] | None = None,
        triggers: list[TriggerEntry] | None = None,
    ) -> Lexicon:
        """A copy with user dictionary entries added (they win over packaged ones)."""
        merged_agents = dict(self.agents)
        for a in agents or []:
            merged_agents[a.agent] = a
        merged_triggers = {(t.trigger, t.pos): t for t in self.triggers}
        for t in triggers or []:
            merged_triggers[(t.trigger, t.pos)] = t
        return replace(
            self,
            triggers=tuple(merged_triggers.values()),
            groups=(*(groups or []), *self.groups),
            agents=merged_agents,
            country_words={
                **self.country_words,
                **{k.lower(): v for k, v in (country_words or {}).items()},
            },
        )

    def cue_words(self, cue: str) -> frozenset[str]:
        return self.cues.get(cue, frozenset())

    def act_nouns(self) -> dict[str, str]:
        """Act nouns ("deal", "attack", "talks") and their PLOVER types."""
        return {
            t.trigger: t.plover
            for t in self.triggers
            if t.pos in {"NOUN", "ANY"} and " " not in t.trigger
        }

    @classmethod
    def load(cls, user_dir: Path | None = None) -> Lexicon:
        if user_dir is not None and not user_dir.is_dir():
            raise LexiconError(f"{user_dir}: lexicon folder does not exist")
        triggers: dict[tuple[str, str], TriggerEntry] = {}
        for where, n, r in _rows("events.tsv", user_dir, 9):
            pos = r[1].upper() or "ANY"
            if pos not in {"VERB", "NOUN", "ANY"}:
                raise LexiconError(f"{where}:{n}: pos must be VERB, NOUN or ANY, not {r[1]!r}")
            triggers[(r[0].lower(), pos)] = TriggerEntry(
                trigger=r[0].lower(),
                pos=pos,
                plover=r[2],
                mode=r[3] or None,
                acled_event_type=r[4] or None,
                acled_sub_event_type=r[5] or None,
                cameo=r[6].zfill(2),
                cues=frozenset(c for c in r[7].split(",") if c),
                priority=_int(r[8], where, n),
            )
        weapons: dict[str, WeaponEntry] = {}
        for where, n, r in _rows("weapons.tsv", user_dir, 5):
            weapons[r[0].lower()] = WeaponEntry(
                r[0].lower(), r[1] or None, r[2] or None, r[3] or None, _int(r[4], where, n)
            )
        agents: dict[str, AgentEntry] = {}
        for where, n, r in _rows("agents.tsv", user_dir, 5):
            agents[r[0].lower()] = AgentEntry(r[0].lower(), r[1], _int(r[2], where, n), r[3], r[4])
        groups: dict[str, GroupEntry] = {}
        mine: set[str] = set()  # first names of the groups a user's file gives
        for where, n, r in _rows("groups.tsv", user_dir, 6):
            g = _group(where, n, r)
            groups[g.aliases[0]] = g
            if not where.startswith(_PACKAGED):
                mine.add(g.aliases[0])
        for name in ACTOR_FILES:
            for where, n, r in _rows(name, user_dir, 9):
                g = _group(where, n, r)
                if not where.startswith(_PACKAGED):
                    groups[g.aliases[0]] = g  # a user's row wins
                    mine.add(g.aliases[0])
                elif g.aliases[0] not in groups:
                    groups[g.aliases[0]] = g  # a packaged one adds
        # a user's groups first: where two groups share a name, the earlier one is taken
        ordered = sorted(groups.values(), key=lambda g: g.aliases[0] not in mine)
        reporting = {r[0].lower(): r[1] for _, _, r in _rows("reporting.tsv", user_dir, 2)}
        cues: dict[str, set[str]] = {}
        for _, _, r in _rows("cues.tsv", user_dir, 2):
            cues.setdefault(r[0], set()).add(r[1].lower())
        cameo_plover = {r[0].zfill(2): r[1] for _, _, r in _rows("cameo_plover.tsv", user_dir, 2)}
        fronts: dict[str, FrontEntry] = {}
        for _, _, r in _rows("fronts.tsv", user_dir, 8):
            prefixes = tuple(a.lower() for a in _names(r[2]))
            front_cues = _names(r[7])
            fronts[r[0]] = FrontEntry(
                r[0], r[1], prefixes, r[3], r[4], r[5].lower(), r[6], front_cues
            )
        control: dict[tuple[str, str], str] = {}
        settlements: dict[str, list[str]] = {}
        for where, n, r in _rows("front_control.tsv", user_dir, 3):
            if r[1] not in {"state", "opposition"}:
                raise LexiconError(f"{where}:{n}: must be held by state or opposition: {r[1]!r}")
            names = list(_names(r[2]))
            for name in names:
                control[(r[0], cyrillic_key(name))] = r[1]
            if names:
                settlements.setdefault(r[0], []).append(names[0])
        return cls(
            tuple(triggers.values()),
            tuple(weapons.values()),
            agents,
            tuple(ordered),
            reporting,
            {k: frozenset(v) for k, v in cues.items()},
            cameo_plover=cameo_plover,
            fronts=tuple(fronts.values()),
            front_control=control,
            front_settlements={k: tuple(v) for k, v in settlements.items()},
            leaders=_leaders(user_dir),
            in_power=_in_power(user_dir),
            titles=_titles(user_dir),
            faction_leaders=_faction_leaders(user_dir),
        )
