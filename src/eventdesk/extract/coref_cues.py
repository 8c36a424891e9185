"""How a mention of a happening is told (extract/coref.py merges the mentions): whether its
trigger points back to one told before ("the attack", "their arrest", "the deal was
signed"), whether it marks a new one ("another attack", "attacked again", "Separately, ..."),
the word it is told with, and its own phrase.

**merge.anaphor_as_argument**: a verb trigger whose subject or object is a definite noun
naming an act of the same PLOVER type ("the deal was signed", "the attack was carried out")
points back as the noun itself would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .. import rules
from ..records import LIST_EVIDENCE, Event, Span
from ..rules import Example, register

ARGUMENT_BACK = register(
    "merge.anaphor_as_argument",
    "A verb trigger whose subject or object is a definite noun naming an act of its kind "
    "('the deal was signed', 'the attack was carried out') points back as that noun would.",
    ("event",),
    (
        Example(
            "The army and the rebels signed a truce in Ombarin on Monday.\n\n"
            "Hours after the deal was signed, residents of Tessaro reported calm.",
            published="2024-03-13",
        ),
    ),
)
_ARGUMENTS = frozenset({"nsubjpass", "nsubj", "dobj"})

# words on a trigger that make it a new happening, not one told again (lemmas)
_FRESH_MODIFIERS = frozenset(
    {"another", "second", "third", "separate", "new", "similar", "earlier", "previous", "other"}
)
_FRESH_ADVERBS = frozenset({"again"})
# words of the sentence that tell of another happening ("Separately, ...", "Elsewhere, ...")
_ELSEWHERE = re.compile(r"\b(?:separately|elsewhere)\b", re.IGNORECASE)
_BACK_DETERMINERS = frozenset({"the", "this", "that", "these", "those"})
# endings that make another word of one act ("bomb" / "bomber" / "bombing")
_SUFFIXES = ("ings", "ing", "ers", "er", "ments", "ment", "ations", "ation", "ions", "ion", "s")


@dataclass(frozen=True, slots=True)
class Cues:
    points_back: bool  # "the attack", "their arrest"
    fresh: bool  # "another attack", "attacked again"
    stem: str = ""  # the trigger's word ("visit" for "visited", "the visit")
    own: Span | None = None  # the trigger's own phrase ("the attack on the pipeline")
    by_argument: bool = False  # points back by its act noun ("the deal was signed")
    argument: Span | None = None  # that noun's span


def stem_of(token: Any) -> str:
    """The word without its endings: "bomber", "bombing" -> "bomb"; "agreement",
    "agreed" -> "agre"."""
    word = str(token.lemma_).lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def read_cues(
    doc: Any, text: str, event: Event, act_nouns: Mapping[str, str] | None = None
) -> Cues:
    """The cues of ``event``'s trigger; ``act_nouns``: noun lemma -> PLOVER type of the
    lexicon's act nouns (for merge.anaphor_as_argument)."""
    evidence = dict(event.evidence)
    span = evidence.get("trigger")
    if doc is None or span is None:
        return Cues(False, False)
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None or not len(tokens):
        return Cues(False, False)
    head = tokens.root
    kids = list(head.children)
    fresh = any(
        (c.dep_ in {"det", "amod", "nummod"} and c.lemma_.lower() in _FRESH_MODIFIERS)
        or (c.dep_ == "advmod" and c.lemma_.lower() in _FRESH_ADVERBS)
        for c in kids
    ) or bool(_ELSEWHERE.search(text, *evidence.get("sentence", span)))
    back = head.pos_ in {"NOUN", "PROPN"} and any(
        (c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS) or c.dep_ == "poss" for c in kids
    )
    last = head.right_edge
    own = (head.left_edge.idx, last.idx + len(last.text))
    noun = _act_argument(head, event, act_nouns) if not back else None
    if noun is not None:
        arg = (noun.idx, noun.idx + len(noun.text))
        return Cues(True, fresh, stem_of(noun), own, by_argument=True, argument=arg)
    return Cues(back, fresh, stem_of(head), own)


def _act_argument(head: Any, event: Event, act_nouns: Mapping[str, str] | None) -> Any | None:
    """The definite act noun of the event's kind that a verb trigger takes as subject or
    object ("the deal" of "the deal was signed"), or None."""
    if not act_nouns or head.pos_ != "VERB" or not rules.on(ARGUMENT_BACK):
        return None
    for child in head.children:
        if (
            child.dep_ in _ARGUMENTS
            and child.pos_ == "NOUN"
            and act_nouns.get(child.lemma_.lower()) == event.plover_type
            and any(c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in child.children)
        ):
            return child
    return None


_MOODS = ("negated", "hypothetical", "future", "historical")  # the flags a sentence gives


def own_phrase(event: Event, own: Span | None) -> Event:
    """A noun pointing back as its own phrase tells it: the place and the day its sentence
    gives outside that phrase ("The attack came as tensions grew over a raid into X") are the
    sentence's, not the mention's, and so is the sentence's mood ("he intends to use his
    visit", "the raid could lead to charges": the visit and the raid are not hypothetical)."""
    if own is None:
        return event
    evidence = dict(event.evidence)
    values: dict[str, Any] = {}
    for key, fields in (("location", ("location",)), ("date", ("date", "time_precision"))):
        span = evidence.get(key)
        if span is None or (own[0] <= span[0] and span[1] <= own[1]):
            continue
        values.update(dict.fromkeys(fields))
        evidence.pop(key)
    values.update({k: False for k in _MOODS if getattr(event, k)})
    if not values:
        return event
    kept = tuple((k, v) for k, v in event.evidence if k in evidence or k in LIST_EVIDENCE)
    return replace(event, evidence=kept, **values)
