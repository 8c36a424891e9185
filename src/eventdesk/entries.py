"""Lexicon entry records and pattern markers, below both ``extract`` and ``resolve``.

The lexicon loader (:mod:`eventdesk.extract.lexicon`) builds these from the packaged data
files; the PETRARCH/TABARI dictionary readers (:mod:`eventdesk.resolve.petrarch_dict`,
:mod:`eventdesk.resolve.petrarch_verbs`) build them from a user's dictionaries. Keeping them
here lets the readers stay below the extraction stages that use them.
"""

from __future__ import annotations

from dataclasses import dataclass

DICTIONARY_CUE = "verb_dictionary"  # the trigger comes from a user's PETRARCH verb dictionary

# encoded verb patterns (see eventdesk.extract.cameo_patterns)
VERB = "*"  # the verb's place in an encoded pattern (words before it, then words after)
COMPOUND = "%"  # before the verb: the subject is a compound of actors
JOIN = "_"  # before the verb: the words on either side are next to each other ("NOT_*")


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    trigger: str  # lemma or lemma phrase, lower case
    pos: str  # VERB | NOUN | ANY
    plover: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str
    cues: frozenset[str]
    priority: int
    # from CAMEO verb dictionaries: words after the verb -> CAMEO root ("" = no event)
    patterns: tuple[tuple[tuple[str, ...], str], ...] = ()


@dataclass(frozen=True, slots=True)
class WeaponEntry:
    word: str
    mode: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None
    priority: int


@dataclass(frozen=True, slots=True)
class AgentEntry:
    agent: str
    sector: str
    inter: int
    acled_name: str
    cameo_sector: str


@dataclass(frozen=True, slots=True)
class TitleEntry:
    """A title of lexicon/actors/titles.tsv: the office it names, its sector and inter."""

    title: str
    role: str
    sector: str
    inter: int | None


@dataclass(frozen=True, slots=True)
class GroupEntry:
    aliases: tuple[str, ...]
    acled_name: str
    country: str | None
    sector: str
    inter: int
    cameo: str
    parent: str | None = None  # lexicon/actors/*.tsv: the parent organisation or main backer
    start: str | None = None  # years active (YYYY), when the knowledge base gives them
    end: str | None = None


LEADER_ROLES = {
    "head_of_state": "Head of State",
    "head_of_government": "Head of Government",
    "foreign_minister": "Foreign Minister",
    "defence_minister": "Defence Minister",
    "interior_minister": "Interior Minister",
}


@dataclass(frozen=True, slots=True)
class LeaderEntry:
    """A person in an office of a state for a term (lexicon/actors/leaders.tsv)."""

    aliases: tuple[str, ...]
    country: str  # ISO3
    role: str  # a LEADER_ROLES key
    start: str  # ISO date, inclusive (a year alone means its first day)
    end: str  # ISO date, inclusive (a year alone means its last day); "" = still in office

    def serves_on(self, day: str) -> bool:
        return self.start <= day and (not self.end or day <= self.end)


@dataclass(frozen=True, slots=True)
class RuleOfState:
    """An armed group that ran its country's state for a term (lexicon/actors/in_power.tsv)."""

    acled_name: str  # the group's name in the groups tables
    country: str  # ISO3
    start: str  # ISO dates, inclusive; end "" = still in power
    end: str
    as_state: str  # its ACLED name meanwhile ("Military Forces of Afghanistan (Taliban)")

    def rules_on(self, day: str) -> bool:
        return self.start <= day and (not self.end or day <= self.end)
