"""The arbiter's second opinion on each typed event, in the event's trace.

**typing.arbiter_opinion**: once the rules have typed an event, the arbiter (the shipped model,
or a user's from ``eventdesk train``, chosen with ``--arbiter-model DIR``) reads the event's
sentence and names its most likely ACLED sub-event type, or no event. ``decided_by["acled"]``
lists the rule beside the typing rules, and ``decided_by["arbiter"]`` holds its reading
(``"Type/Sub-type"`` or ``"no event"``), its probability, and whether it ``confirms`` or
``disagrees with`` the rules.

The arbiter overrides the rules only when asked (``--arbiter-override P``): where it disagrees
and its probability is at least P, its sub-event type (and that type's event type) replaces the
rules' and the verdict reads ``overrode``; the PLOVER type and CAMEO code stay the rules'.
Measured on the development rows, the shipped model overriding at any threshold lowers accuracy
(see training/README.md), so by default it only gives its opinion; a model trained on a user's
own labelled rows may earn the override.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .. import rules
from ..extract.trace import with_decision
from ..records import Event
from ..rules import Example, register
from .labels import event_type_of

if TYPE_CHECKING:  # numpy loads only when a model is used
    from .model import Arbiter

ARBITER_OPINION = register(
    "typing.arbiter_opinion",
    "A learned classifier trained on our own labelled corpus reads the event's sentence and "
    "records its ACLED sub-event type and probability beside the typing rules, confirming or "
    "disagreeing with them (overriding them only above --arbiter-override).",
    ("acled",),
    (
        Example(
            "Rebels ambushed an army convoy near Tessaro on Monday, killing four soldiers.",
            (("acled", "Battles/Armed clash"),),
        ),
    ),
)
ARBITER_KEY = "arbiter"  # the decided_by key of the arbiter's reading


@dataclass(frozen=True, slots=True)
class SecondOpinion:
    """An arbiter, and the probability from which it overrides the rules (None: never)."""

    arbiter: Arbiter
    override: float | None = None

    def apply(self, event: Event, text: str) -> Event:
        """``event`` with the arbiter's reading of its sentence in ``decided_by``."""
        if event.acled_event_type is None or not rules.on(ARBITER_OPINION):
            return event
        span = dict(event.evidence).get("sentence")
        sentence = text[span[0] : span[1]] if span is not None else text
        probs = self.arbiter.probabilities(sentence, "sub_event_type")
        if not probs:
            return event
        label = max(probs, key=lambda k: probs[k])
        score = probs[label]
        etype = event_type_of(label)
        reading = f"{etype}/{label}" if etype is not None else "no event"
        changed = event
        if label == event.acled_sub_event_type:
            verdict = "confirms"
        elif etype is not None and self.override is not None and score >= self.override:
            verdict = "overrode"  # "no event" never removes an event: it only disagrees
            changed = replace(event, acled_event_type=etype, acled_sub_event_type=label)
        else:
            verdict = "disagrees with"
        rules.fired(ARBITER_OPINION, "acled")
        changed = with_decision(changed, ARBITER_OPINION, "acled")
        opinion = f"{reading} {score:.2f} {verdict} the rules"
        return with_decision(changed, opinion, ARBITER_KEY)
