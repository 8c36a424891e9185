"""A person named again by surname is the person named before in full: "Police Commissioner
Dana Okafor said ... Okafor appealed" - Okafor is the police commissioner.

News names a person in full once, with their title or office, then by surname alone. On its
own a bare surname is a person of unknown kind (a civilian without an inter code), and a
leader's surname alone is not in the leaders' file. **actors.person_told_before**: a side that
is a person of unknown kind whose name is the surname (or the whole name) of a person the
article named earlier with a title, an office or a force ("Palestinian President Mahmoud
Abbas", "army spokesman N") takes that person's coding: name, country, sector, inter and role.
The office holders' file then codes the government they served (extract/leaders.py).

**actors.pronoun_person**: a side written "he", "she", "him" or "her" is the person named
last before it, within a few sentences, when the text gives that person a kind; a nearer
person of unknown kind (a name with no kind, or one told by a noun: "a man", "the suspect")
is taken to be the one meant, and then the side stays empty.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .. import rules
from ..records import Actor, Event
from ..rules import Example, register
from .actors import ActorMention, ActorResolver
from .trace import with_sides

PERSON_TOLD_BEFORE = register(
    "actors.person_told_before",
    "A person named again by surname ('Okafor said') is the person the article named "
    "before in full with a title, office or force ('Police Commissioner Dana Okafor').",
    ("actor1", "actor2"),
    (
        Example(
            "Northfield police commissioner Dana Okafor spoke to reporters on Monday.\n\n"
            "Okafor appealed to residents to stay calm.",
            (("actor1", "inter 1"),),
        ),
    ),
)

PRONOUN_PERSON = register(
    "actors.pronoun_person",
    "A side written 'he', 'she', 'him', 'her' or 'his' ('his arrest') is the person named "
    "last before it (within a few sentences), when the text gives that person a title, "
    "office or force.",
    ("actor1", "actor2"),
    (
        Example(
            "Interior Minister Jan Kowal visited Tessaro on Monday. He accused the rebels "
            "of shelling the town.",
            (("actor1", "inter 1"),),
        ),
    ),
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_WINDOW = 600  # characters before a pronoun where the person it stands for is looked for


@dataclass(frozen=True, slots=True)
class _Named:
    start: int  # character offset of the full name
    words: frozenset[str]  # its words, lower-cased
    actor: Actor


@dataclass(frozen=True, slots=True)
class Persons:
    """The persons of one article: those named in full with a kind, by surname, and every
    person mention in text order (with its coding, None when of unknown kind)."""

    by_surname: dict[str, list[_Named]]
    starts: list[int]
    codings: list[Actor | None]

    def before(self, start: int) -> Actor | None:
        """The coding of the person named last before ``start`` (within the window)."""
        i = bisect.bisect_left(self.starts, start) - 1
        if i < 0 or self.starts[i] < start - _WINDOW:
            return None
        return self.codings[i]


class PersonMemory:
    """The persons an article names in full with a known kind, and the sides naming them
    again."""

    def __init__(self, actors: ActorResolver) -> None:
        self.actors = actors

    @staticmethod
    def may_apply(event: Event) -> bool:
        """A side of ``event`` is a person of unknown kind (the article is read only then)."""
        return rules.on(PERSON_TOLD_BEFORE) and any(_unknown_person(a) for a in _sides(event))

    def named(self, doc: Any, doc_country: str | None) -> Persons:
        """Every person the model names, coded; those of two words or more whose phrase
        gives them a kind also by surname (lower-cased), in text order."""
        by_surname: dict[str, list[_Named]] = {}
        mentions: list[tuple[int, Actor | None]] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            mention = self.actors.from_token(ent.root, doc_country)
            known = (
                mention.actor if mention is not None and mention.actor.inter is not None else None
            )
            mentions.append((ent.start_char, known))
            if known is not None and len(ent) >= 2:
                words = frozenset(t.lower_ for t in ent if t.is_alpha)
                by_surname.setdefault(ent[-1].lower_, []).append(
                    _Named(ent.start_char, words, known)
                )
        # "found a man with rifles ... He was arrested": one person told by a noun, of
        # unknown kind, stands nearer the pronoun than the officer quoted before
        nouns = self.actors.lexicon.cue_words("one_person_noun")
        mentions += [
            (t.idx, None)
            for t in doc
            if t.tag_ == "NN" and t.ent_type_ != "PERSON" and t.lemma_.lower() in nouns
        ]
        mentions.sort(key=lambda m: m[0])
        return Persons(by_surname, [m[0] for m in mentions], [m[1] for m in mentions])

    def apply(self, event: Event, persons: Persons) -> Event:
        """``event`` with each side that is a person of unknown kind, named before in full,
        coded as that person."""
        named = persons.by_surname
        if not named or not rules.on(PERSON_TOLD_BEFORE):
            return event
        evidence = dict(event.evidence)
        values: dict[str, Any] = {}
        for key in ("actor1", "actor2"):
            actor, span = getattr(event, key), evidence.get(key)
            if not _unknown_person(actor) or span is None or actor is None:
                continue
            words = [w.lower() for w in actor.name.split() if w.isalpha()]
            if not words:
                continue
            candidates = named.get(words[-1], [])
            earlier = candidates[: bisect.bisect_left([n.start for n in candidates], span[0])]
            prior = next((n for n in reversed(earlier) if set(words) <= n.words), None)
            if prior is None:
                continue
            values[key] = replace(prior.actor, text=actor.text)
        if not values:
            return event
        rules.fired(PERSON_TOLD_BEFORE)
        return with_sides(event, values, PERSON_TOLD_BEFORE)


def _sides(event: Event) -> tuple[Actor | None, Actor | None]:
    return event.actor1, event.actor2


def _unknown_person(actor: Actor | None) -> bool:
    """A name of unknown kind: a person the model saw (CVL), or a name it did not type."""
    return (
        actor is not None
        and actor.inter is None
        and actor.sector in {"CVL", None}
        and not actor.implied
    )


def pronoun_sides(
    a1: ActorMention | None,
    a2: ActorMention | None,
    roles: Any,
    persons: Callable[[], Persons],
) -> tuple[ActorMention | None, ActorMention | None, list[str]]:
    """**actors.pronoun_person**: an empty side whose parse (``roles``, the main trigger's
    extract/roles.Roles) gives 'he', 'her' or 'his' is the person named last before it, when
    of a known kind. Returns the sides and the keys the rule filled."""
    filled: list[str] = []
    if roles is None:
        return a1, a2, filled
    sides = {"actor1": a1, "actor2": a2}
    for key, candidates in (("actor1", roles.actor1), ("actor2", roles.actor2)):
        if sides[key] is not None or not candidates:
            continue
        tok = candidates[0]
        if tok.lower_ not in PERSON_PRONOUNS:
            continue
        coding = persons().before(tok.idx)
        if coding is None:
            continue
        sides[key] = ActorMention(replace(coding, text=tok.text), (tok.idx, tok.idx + len(tok)))
        filled.append(key)
        rules.fired(PRONOUN_PERSON, key)
    return sides["actor1"], sides["actor2"], filled
