"""The side a text implies without naming it in the event's own clause: the police who
intervened in a protest or fought a riot, the counter-protesters a protest met, the other half
of a plural armed group that fought among itself, the other of two forces named before one
head."""

from __future__ import annotations

import re
from typing import Any

from ..nlp import doc_text
from .actors import ActorMention, ActorResolver
from .lexicon import Lexicon
from .triggers import Trigger

# a protest met by another: "a counterprotest", "counter-demonstrators", "a counter-rally"
_COUNTER_PROTEST = re.compile(r"\bcounter[- ]?(?:protest|demonstrat|rall)", re.IGNORECASE)
# fighting with no "with X": "two clan militias clashed", "rival gangs fought"
RECIPROCAL = {"clash", "fight", "battle"}


class SideFinder:
    def __init__(self, lexicon: Lexicon, actors: ActorResolver) -> None:
        self.lexicon = lexicon
        self.actors = actors

    def police_in(self, context: Any, doc_country: str | None) -> ActorMention | None:
        """Who intervened in a protest: the police or security forces named nearby ("police",
        "prison guards")."""
        agents = self.lexicon.agents
        generic = self.lexicon.cue_words("generic_agent")  # "police forces", "police units"
        for tok in context:
            if tok.pos_ in {"NOUN", "PROPN"} and (
                tok.dep_ != "compound" or tok.head.lemma_.lower() in generic
            ):
                lemma = tok.lemma_.lower()
                entry = agents.get(lemma)
                if entry is None and tok.i > 0 and tok.nbor(-1).dep_ == "compound":
                    entry = agents.get(f"{tok.nbor(-1).lower_} {lemma}")
                if entry is not None and entry.sector in {"COP", "MIL"}:
                    return self.actors.from_token(tok, doc_country)
        return None

    def other_side(
        self,
        etype: Any,
        main: Trigger,
        first: ActorMention | None,
        sent: Any,
        country: str | None,
    ) -> ActorMention | None:
        """The second side a text implies without naming it apart: the counter-protesters a
        protest met ("A counterprotest was held", in its paragraph), or the other half of a
        plural armed group that fought among itself ("Fellata and Rizeigat militias clashed",
        with no "with X"), or the other of two forces named before one head ("LNA and GNA
        forces clashed")."""
        if first is None:
            return None
        doc = sent.doc
        if etype.acled_event_type == "Protests":
            text = doc_text(doc)
            start = text.rfind("\n\n", 0, sent.start_char) + 1
            end = text.find("\n\n", sent.start_char)
            match = _COUNTER_PROTEST.search(text, start, end if end >= 0 else len(text))
            if match is None:
                return None
            actor = self.actors.agent_actor("protester", match.group(0), country)
            return ActorMention(actor, match.span()) if actor is not None else None
        head = main.head
        if (
            etype.acled_sub_event_type == "Armed clash"
            and head.lemma_ in RECIPROCAL
            and first.actor.inter in {1, 2, 3, 4}
            and not first.actor.implied
            and not any(
                c.dep_ == "prep" and c.lower_ in {"with", "against", "between"}
                for c in head.children
            )
        ):
            span = doc.char_span(*first.span, alignment_mode="expand")
            if span is not None and span.root.tag_ in {"NNS", "NNPS"} and span.root.head == head:
                other = self._coordinated_owner(span.root, first, country)
                # militias fight among themselves; "rebels clashed" is with somebody unnamed
                return other or (first if first.actor.inter in {3, 4} else None)
        return None

    def _coordinated_owner(
        self, root: Any, first: ActorMention, country: str | None
    ) -> ActorMention | None:
        """The other of two names coordinated before one plural head ("LNA and GNA forces
        clashed"): the side the first actor is not."""
        names = [
            c for c in root.lefts if c.dep_ in {"compound", "nmod", "amod"} and c.pos_ == "PROPN"
        ]
        names += [k for c in names for k in c.conjuncts if k not in names]
        if len(names) < 2:
            return None
        for tok in names:
            other = self.actors.from_token(tok, country)
            if (
                other is not None
                and other.actor.inter is not None
                and other.actor.name != first.actor.name
            ):
                return other
        return None
