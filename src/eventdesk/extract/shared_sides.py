"""Sides an event takes from another event of its article, once the article is merged.

- **actors.both_sides_told_before**: a side written "both sides", "the two parties", "the
  warring sides" ... is the pair of the nearest earlier happening that has two sides ("Sudan's
  army and the RSF signed a truce ... Blinken urged both sides to respect it"): the first of
  the pair is the main actor, both are listed (``actors1``/``actors2``).
- **actors.talks_of_the_signers**: talks with no side of their own, told in the sentence of an
  agreement that has two ("signed a ceasefire after two weeks of talks"), were between the
  signers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import rules
from ..records import Actor, Event, Span
from ..rules import Example, register
from .trace import if_changed

BOTH_SIDES = register(
    "actors.both_sides_told_before",
    "A side written 'both sides', 'the two parties', 'the warring sides' is the pair of the "
    "nearest earlier happening with two sides: the first is the main actor, both are listed.",
    ("actor1", "actor2"),
    (
        Example(
            "Government troops and the rebels signed a truce in Tessaro on Monday.\n\n"
            "The UN envoy urged both sides to respect it.",
            (("actor2", "Military Forces"),),
            published="2024-03-13",
        ),
    ),
)
SIGNERS_TALKS = register(
    "actors.talks_of_the_signers",
    "Talks with no side of their own, told in the sentence of an agreement that has two "
    "('signed a ceasefire after two weeks of talks'), were between the signers.",
    ("actor1", "actor2"),
    (
        Example(
            "Government troops and the rebels signed a truce in Tessaro on Monday after a week "
            "of talks.",
            (("actor1", "Military Forces"),),
            published="2024-03-13",
        ),
    ),
)

_BOTH = re.compile(
    r"\b(?:both|the two|the warring|the rival|the opposing)\s+(?:sides|parties|camps|factions)\b",
    re.IGNORECASE,
)


def _pair(event: Event) -> tuple[Actor, Actor] | None:
    a1, a2 = event.actor1, event.actor2
    if a1 is None or a2 is None or a1.implied or a2.implied or a1.name == a2.name:
        return None
    return a1, a2


def _with_side(event: Event, key: str, pair: tuple[Actor, Actor], span: Span, text: str) -> Event:
    """``event`` with side ``key`` told by the words at ``span``, standing for ``pair``."""
    words = text[span[0] : span[1]]
    main, other = (replace(a, text=words, implied=False) for a in pair)
    listed = "actors1" if key == "actor1" else "actors2"
    evidence = (*event.evidence, (key, span), (listed, span), (listed, span))
    if key == "actor1":
        return replace(event, actor1=main, actors1=(main, other), evidence=evidence)
    return replace(event, actor2=main, actors2=(main, other), evidence=evidence)


def shared_sides(events: list[Event], text: str) -> list[Event]:
    """The article's events with the sides ``both sides`` and the signers' talks stand for."""
    if not (rules.on(BOTH_SIDES) or rules.on(SIGNERS_TALKS)):
        return events
    out: list[Event] = []
    for event in events:
        out.append(_both_sides(event, events, text) if rules.on(BOTH_SIDES) else event)
    if rules.on(SIGNERS_TALKS):
        out = [_signers_talks(e, out) for e in out]
    return out


def _both_sides(event: Event, events: list[Event], text: str) -> Event:
    evidence = dict(event.evidence)
    trigger, sentence = evidence.get("trigger"), evidence.get("sentence")
    if trigger is None or sentence is None:
        return event
    found = _BOTH.search(text, sentence[0], sentence[1])
    if found is None:
        return event
    key = "actor2" if found.start() > trigger[0] else "actor1"
    if getattr(event, key) is not None:
        return event
    before = [
        (start, pair)
        for e in events
        if (start := dict(e.evidence).get("trigger", (len(text), 0))[0]) < trigger[0]
        and (pair := _pair(e)) is not None
    ]
    if not before:
        return event
    pair = max(before, key=lambda p: p[0])[1]
    return if_changed(BOTH_SIDES, event, _with_side(event, key, pair, found.span(), text))


def _signers_talks(event: Event, events: list[Event]) -> Event:
    sentence = dict(event.evidence).get("sentence")
    if (
        event.plover_type != "CONSULT"
        or event.actor1 is not None
        or event.actor2 is not None
        or sentence is None
    ):
        return event
    deal = next(
        (
            e
            for e in events
            if e.acled_sub_event_type == "Agreement"
            and _pair(e) is not None
            and any(
                sentence[0] <= s[0] < sentence[1]
                for k, s in e.evidence
                if k in {"trigger", "mentions"}
            )
        ),
        None,
    )
    if deal is None or deal.actor1 is None or deal.actor2 is None:
        return event
    spans = {k: s for k, s in deal.evidence if k in {"actor1", "actor2"}}
    after = replace(event, actor1=deal.actor1, actor2=deal.actor2)
    after = replace(after, evidence=(*after.evidence, *spans.items()))
    return if_changed(SIGNERS_TALKS, event, after)
