"""Forces told by whom they follow: "forces loyal to X", "fighters loyal to X".

**actors.loyal_to**: an armed noun ("forces", "fighters", "militiamen", "troops", "gunmen")
with "loyal to X" is the force X leads: a faction leader of ``lexicon/actors/
faction_leaders.tsv`` names that faction ("fighters loyal to Riek Machar" are the SPLM/A-IO),
and a head of state or government, or anyone the text gives a state's office ("troops loyal
to President N"), names that state's forces. Anyone else leaves the phrase as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..entries import LeaderEntry
from ..records import Actor
from ..rules import Example, register
from .roles import prep_object

if TYPE_CHECKING:
    from .actors import ActorResolver

LOYAL_TO = register(
    "actors.loyal_to",
    "'Forces loyal to X' are the force X leads: a faction leader's faction "
    "(lexicon/actors/faction_leaders.tsv), a head of state's state forces.",
    ("actor1", "actor2"),
    (
        Example(
            "Fighters loyal to Riek Machar attacked an army base near Malakal on Monday.",
            (("actor1", "SPLM/A-IO"),),
            published="2016-03-13",
        ),
    ),
)
# the senses of "loyal" that say whom a force follows
_LOYAL = frozenset({"loyal", "faithful"})  # not "allied": an ally is another force
_ARMED_SECTORS = frozenset({"MIL", "REB", "COP"})


def loyal_to_whom(head: Any, armed: frozenset[str] | set[str]) -> Any | None:
    """The head of X in "<armed noun> loyal to X", or None; ``armed``: the armed nouns."""
    if head.lemma_.lower() not in armed:
        return None
    for adj in head.children:
        if adj.dep_ in {"amod", "acl"} and adj.lower_ in _LOYAL:
            whom = prep_object(adj, "to")
            if whom is not None:
                return whom
    return None


def leader_force(whom: Any, leaders: dict[str, str]) -> str | None:
    """The alias of the force the faction leader named by ``whom``'s phrase leads: the
    longest run of its words that names one ("Khalifa Haftar", "Haftar")."""
    words = [t.text.lower() for t in whom.subtree if t.is_alpha or t.text == "-"]
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start : start + size])
            if name in leaders:
                return leaders[name]
    return None


def armed_nouns(agents: dict[str, Any]) -> frozenset[str]:
    """The agent lemmas (agents.tsv) of state forces, rebels and armed groups."""
    return frozenset(k for k, a in agents.items() if a.sector in _ARMED_SECTORS and " " not in k)


def loyal_force(
    resolver: ActorResolver, text: str, whom: Any, doc_country: str | None
) -> Actor | None:
    """The force the one named by ``whom`` leads (see the module doc), written ``text``."""
    lexicon = resolver.lexicon
    alias = leader_force(whom, lexicon.faction_leaders)
    group = resolver.group_actor(alias, text, doc_country) if alias is not None else None
    if group is not None:
        return group
    led = resolver.from_token(whom, doc_country)
    country = None
    if led is not None and led.actor.sector == "GOV" and led.actor.inter == 1:
        country = led.actor.country  # "President N", a head of state the text names so
    country = country or _leader_country(whom, resolver.lexicon.leaders)
    return resolver.agent_actor("military", text, country) if country else None


def _leader_country(whom: Any, leaders: tuple[LeaderEntry, ...]) -> str | None:
    """The country of the office holder (leaders.tsv) ``whom``'s phrase names."""
    names = {
        " ".join(t.text for t in whom.subtree if t.dep_ != "det").casefold(),
        whom.text.casefold(),
    }
    return next((t.country for t in leaders for a in t.aliases if a.casefold() in names), None)
