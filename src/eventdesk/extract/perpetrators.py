"""Naming the side a sentence leaves unnamed, from named armed groups around it.

News reports name a group once and then speak of "militants", "gunmen" or of nobody: "The
Taliban claimed responsibility.", "a Taliban-planted mine killed two policemen", "troops
beat back an assault by Taliban fighters, killing two of them". For a violent event whose
perpetrator is unnamed (no actor, one implied by the event, or an Unidentified Armed Group)
or whose armed counterpart is only "militants", the named group is taken when exactly one is
in reach:

1. the group that claimed responsibility anywhere in the article (for the perpetrator);
2. the group named in the event's own sentence (and not already the other side);
3. for a perpetrator or counterpart the text does mention ("the militants"), the group named
   earlier in the same paragraph;
4. for a clash that names neither side ("A shoot-out broke out."), the one state force named
   in the paragraph up to that sentence, against the one armed group named in the paragraph;
5. for a clash that names one side only ("soldiers recovered the town after a clash with the
   ADF", "militants were killed in an operation by police", "LNA forces repulsed an assault by
   GNA forces"), the one other state force named in the same sentence (not as the source of a
   report: "..., the army said").

When two different groups are in reach nothing is changed: the text does not say which.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..nlp import doc_words
from ..records import Actor, Event
from .actors import ActorMention, ActorResolver
from .triggers import VIOLENT_TYPES

FORCE_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}
CLAIM_OBJECTS = {"responsibility", "attack", "killing", "bombing"}


@dataclass(frozen=True, slots=True)
class GroupMention:
    mention: ActorMention
    sentence: int
    paragraph: int
    claim: bool  # the subject of "claimed responsibility"


def _claimants(sent: Any) -> list[tuple[int, int]]:
    """Character ranges of the subjects of "X claimed (responsibility | to have ...)"."""
    out = []
    words = doc_words(sent.doc)
    for i in range(sent.start, sent.end):
        if words.lemma[i] != "claim" or words.pos[i] != "VERB":
            continue  # (without making the token)
        tok = sent.doc[i]
        if tok.lemma_ != "claim":
            continue
        kids = list(tok.children)
        if not any(
            (k.dep_ == "dobj" and k.lemma_ in CLAIM_OBJECTS) or k.dep_ == "xcomp" for k in kids
        ):
            continue
        for k in kids:
            if k.dep_ in {"nsubj", "nsubjpass"}:
                sub = list(k.subtree)
                out.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    return out


def group_mentions(
    sents: Sequence[tuple[Any, int]], resolver: ActorResolver, doc_country: str | None
) -> list[GroupMention]:
    """Every named non-state armed group in the article, with where it is written."""
    out: list[GroupMention] = []
    for i, (sent, paragraph) in enumerate(sents):
        claims = _claimants(sent)
        for m in resolver.armed_groups(sent, doc_country):
            claim = any(s <= m.span[0] and m.span[1] <= e for s, e in claims)
            out.append(GroupMention(m, i, paragraph, claim))
    return out


def force_mentions(
    sents: Sequence[tuple[Any, int]],
    resolver: ActorResolver,
    doc_country: str | None,
    words: frozenset[str],
    only: set[int] | None = None,
) -> list[GroupMention]:
    """State forces (army, police) written as a clause's subject or object in the article
    (in the sentences numbered ``only``, if given); ``words`` are the nouns that can name one
    ("police", "troops", "forces")."""
    out: list[GroupMention] = []
    for i, (sent, paragraph) in enumerate(sents):
        if only is not None and i not in only:
            continue
        for tok in sent:
            if tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ not in FORCE_DEPS:
                continue
            if tok.pos_ == "NOUN" and tok.lemma_.lower() not in words:
                continue  # only forces ("police", "troops", "officers") or names
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in resolver.lexicon.reporting:
                continue  # "..., the army said": a source, not a side
            m = resolver.from_token(tok, doc_country)
            if m is not None and m.actor.inter == 1 and m.actor.sector in {"MIL", "COP"}:
                out.append(GroupMention(m, i, paragraph, False))
    return out


def forces_needed(event: Event, sentence: int, paragraph_sentences: Sequence[int]) -> set[int]:
    """The sentences whose state forces could name a side of ``event`` (see the module doc,
    rules 4 and 5): those of its paragraph up to its own for a clash that names neither side,
    its own for a clash that names one."""
    if unnamed_clash(event):
        return {i for i in paragraph_sentences if i <= sentence}
    if one_sided_clash(event):
        return {sentence}
    return set()


def unnamed_side(actor: Actor | None) -> bool:
    """No actor, one only implied by the trigger, or an Unidentified Armed Group."""
    return actor is None or actor.implied or _generic(actor)


def _generic(actor: Actor | None) -> bool:
    return (
        actor is not None
        and actor.inter == 3
        and actor.sector == "REB"
        and actor.name.startswith("Unidentified")
    )


def _only(mentions: list[GroupMention], other: Actor | None) -> ActorMention | None:
    names = {m.mention.actor.name for m in mentions}
    if other is not None:
        names.discard(other.name)
    if len(names) != 1:
        return None
    name = names.pop()
    return next(m.mention for m in mentions if m.mention.actor.name == name)


def _named(
    actor: Actor | None,
    other: Actor | None,
    groups: list[GroupMention],
    sentence: int,
    paragraph: int,
    perpetrator: bool,
) -> ActorMention | None:
    if perpetrator:
        found = _only([g for g in groups if g.claim], other)
        if found is not None:
            return found
    found = _only([g for g in groups if g.sentence == sentence], other)
    if found is not None or actor is None or actor.implied:
        return found
    return _only([g for g in groups if g.paragraph == paragraph and g.sentence < sentence], other)


def unnamed_clash(event: Event) -> bool:
    """A fight ("a shoot-out broke out") neither of whose sides the sentence names."""
    return event.acled_sub_event_type == "Armed clash" and all(
        a is None or a.implied for a in (event.actor1, event.actor2)
    )


def one_sided_clash(event: Event) -> bool:
    """A fight with one side named and the other unnamed."""
    sides = [a for a in (event.actor1, event.actor2) if a is not None and not a.implied]
    return event.acled_sub_event_type == "Armed clash" and len(sides) == 1


def name_unnamed_sides(
    event: Event,
    sentence: int,
    paragraph: int,
    groups: list[GroupMention],
    forces: list[GroupMention] | None = None,
) -> Event:
    """``event`` with its unnamed perpetrator or generic armed counterpart named, where the
    article names exactly one group in reach (see the module doc). ``forces`` (state forces
    named in the article) name a side of a clash that names neither: 'The Military Police
    carried out an operation in X. A shoot-out broke out.'"""
    if event.acled_event_type not in VIOLENT_TYPES:
        return event
    a1, a2 = event.actor1, event.actor2
    evidence = dict(event.evidence)
    if forces and unnamed_clash(event):
        near = [f for f in forces if f.paragraph == paragraph and f.sentence <= sentence]
        found = _only(near, None)
        if found is not None:
            a1, evidence["actor1"] = found.actor, found.span
            other = _only([g for g in groups if g.paragraph == paragraph], None)
            if other is not None:
                a2, evidence["actor2"] = other.actor, other.span
    elif forces and one_sided_clash(event):
        named = a2 if a1 is None or a1.implied else a1
        near = [f for f in forces if f.sentence == sentence]
        if named is not None and named.inter == 1 and any(g.sentence == sentence for g in groups):
            near = []  # a state force against an armed group the sentence names (rule 2)
        found = _only(near, named)
        if found is not None:
            key = "actor1" if named is a2 else "actor2"
            if key == "actor1":
                a1 = found.actor
            else:
                a2 = found.actor
            evidence[key] = found.span
    if unnamed_side(a1):
        found = _named(a1, a2, groups, sentence, paragraph, perpetrator=True)
        if found is not None:
            a1, evidence["actor1"] = found.actor, found.span
    if _generic(a2) and a2 is not None and not a2.implied:
        found = _named(a2, a1, groups, sentence, paragraph, perpetrator=False)
        if found is not None:
            a2, evidence["actor2"] = found.actor, found.span
    if (a1, a2) == (event.actor1, event.actor2):
        return event
    # the event's evidence now spans the sentences it is drawn from, as a merged event's does
    spans = [evidence["sentence"], *(evidence[k] for k in ("actor1", "actor2") if k in evidence)]
    evidence["sentence"] = (min(s for s, _ in spans), max(e for _, e in spans))
    return replace(event, actor1=a1, actor2=a2, evidence=tuple(evidence.items()))
