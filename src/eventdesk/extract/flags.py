"""The event flags read from the trigger's clause: negated, hypothetical, future.

The words they read (modals, governing verbs) are cues in ``lexicon/cues.tsv``.

Each way a flag is set is a named rule (switch it off with ``--rules-off flags.modal``); the
historical flag and a future flag from a date after publication are set where the date is
decided (``extract/draft.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import rules
from ..rules import Example, register
from .lexicon import Lexicon
from .triggers import TriggerFinder


@dataclass(frozen=True, slots=True)
class FlagWords:
    """The words the flag rules read (lexicon/cues.tsv: modal, future_auxiliary,
    hypothetical_governor, future_governor, denial)."""

    modal: frozenset[str]
    future_auxiliary: frozenset[str]
    hypothetical_governor: frozenset[str]
    future_governor: frozenset[str]
    denial: frozenset[str]

    @classmethod
    def of(cls, lexicon: Lexicon) -> FlagWords:
        return cls(
            *(
                lexicon.cue_words(k)
                for k in (
                    "modal",
                    "future_auxiliary",
                    "hypothetical_governor",
                    "future_governor",
                    "denial",
                )
            )
        )


def _ex(text: str, flag: str) -> Example:
    return Example(text, ((flag, "true"),), ((flag, None),))


NEGATION = register(
    "flags.negation",
    "A negation on the trigger ('did not attack', 'never fought') negates the event.",
    ("negated",),
    (_ex("The rebels did not attack the town of Tessaro on Monday.", "negated"),),
)
NO_DETERMINER = register(
    "flags.no_determiner",
    "'No' before the trigger noun negates it ('there were no clashes').",
    ("negated",),
    (_ex("There were no clashes in Ombarin on Sunday, police said.", "negated"),),
)
DENIAL = register(
    "flags.denial",
    "A trigger governed by deny, refute, dismiss or reject is negated ('denied attacking').",
    ("negated",),
    (_ex("The militia denied attacking the convoy near Tessaro.", "negated"),),
)
SETTING_PHRASE = register(
    "flags.setting_phrase",
    "A trigger in a verb's 'in/at/during/after ...' phrase is where or when that verb "
    "happened, not what it denies, doubts or plans: 'charges were dropped after the raid "
    "in Tessaro' leaves the raid unnegated.",
    ("negated", "hypothetical", "future"),
    (
        Example(
            "Charges were dismissed after the police raid in Tessaro on Monday.",
            (("negated", None),),
            (("negated", "True"),),
        ),
    ),
)
# prepositions of a verb's setting: where or when it happened
_SETTING_PREPS = frozenset({"in", "at", "near", "during", "after", "before", "amid", "following"})
MODAL = register(
    "flags.modal",
    "A modal auxiliary on the trigger (could, might, may, would, should, must) or an "
    "'if'/'unless' clause makes it hypothetical.",
    ("hypothetical",),
    (_ex("The army could attack Ombarin within days.", "hypothetical"),),
)
HYPOTHETICAL_GOVERNOR = register(
    "flags.hypothetical_governor",
    "A trigger governed by threaten, vow, plan, want, try, warn, ... is hypothetical.",
    ("hypothetical",),
    (_ex("The rebels threatened to attack Tessaro.", "hypothetical"),),
)
FUTURE_AUXILIARY = register(
    "flags.future_auxiliary",
    "'will', 'shall' or ''ll' on the trigger makes it future.",
    ("future",),
    (_ex("The two ministers will meet in Tessaro.", "future"),),
)
FUTURE_GOVERNOR = register(
    "flags.future_governor",
    "A trigger governed by plan, intend, schedule, expect, prepare, set, aim or due is future.",
    ("future",),
    (_ex("The unions are expected to strike in Ombarin.", "future"),),
)


def read_flags(head: Any, finder: TriggerFinder, words: FlagWords) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, future) from auxiliaries, negation and governing verbs."""
    negated = hypothetical = future = False
    chain = [head]
    t = head
    while t.dep_ in {"xcomp", "ccomp", "pcomp", "pobj", "dobj", "conj", "advcl", "prep"} and (
        t.head.i != t.i
    ):
        if (
            t.dep_ == "prep"
            and t.lower_ in _SETTING_PREPS
            and t.head.pos_ in {"VERB", "AUX"}
            and rules.on(SETTING_PHRASE)
        ):  # "claims dismissed in the raid": the verb is not said of the raid
            rules.fired(SETTING_PHRASE)
            break
        t = t.head
        chain.append(t)
        if finder.is_reporting(t):
            break
    for i, tok in enumerate(chain):
        for c in tok.children:
            if c.dep_ == "neg" and i == 0 and rules.apply(NEGATION, "negated"):
                negated = True
            if c.dep_ in {"aux", "auxpass"} and i == 0:
                if c.lower_ in words.future_auxiliary:
                    if rules.apply(FUTURE_AUXILIARY, "future"):
                        future = True
                elif c.lower_ in words.modal and rules.apply(MODAL, "hypothetical"):
                    hypothetical = True
            if (
                c.dep_ == "mark"
                and c.lower_ in {"if", "unless"}
                and i == 0
                and rules.apply(MODAL, "hypothetical")
            ):
                hypothetical = True
        lemma = tok.lemma_.lower()
        if i > 0 and lemma in words.denial and rules.apply(DENIAL, "negated"):
            negated = True
        if (
            i > 0
            and lemma in words.hypothetical_governor
            and rules.apply(HYPOTHETICAL_GOVERNOR, "hypothetical")
        ):
            hypothetical = True
        if i > 0 and lemma in words.future_governor and rules.apply(FUTURE_GOVERNOR, "future"):
            future = True
    for c in head.children:  # "no attacks", "never fought"
        if c.dep_ == "det" and c.lower_ == "no" and rules.apply(NO_DETERMINER, "negated"):
            negated = True
    return negated, hypothetical, future
