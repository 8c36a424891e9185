"""One police operation, one happening: a raid, what it seized and whom it arrested.

Local and wire news tell a police operation with several words, each typed on its own: "a
police unit raided the farm" (a raid, an armed clash when nobody is said to have been
there), "found three rifles and ammunition" (Disrupted weapons use), "a man was arrested and
will appear in court" (Arrests). A coder codes the operation once, as ACLED does: by the state
against the people it arrested, typed by what it did (the seizure or the arrests).

**merge.one_operation** (used by extract/coref.py): two events of an article are one
operation when each is an arrest, a seizure of weapons (ACLED Arrests, Disrupted weapons use)
or a raid that nobody died in and that names no side but the state's forces and the people
they went for; as for any retelling, their place, day, flags and sides must agree, and the
later one shares the place or the day with the earlier, or gives neither. The merged event
takes the arrest's or the seizure's type and sides over the raid's.
"""

from __future__ import annotations

from .. import rules
from ..records import Event
from ..rules import Example, register
from .coref_crowd import take_kind

OPERATION_SUBS = frozenset({"Arrests", "Disrupted weapons use"})
# the stems (extract/coref_cues.stem_of) of the words that tell a raid
RAID_STEMS = frozenset({"raid", "swoop", "bust"})
_OPERATION_INTERS = frozenset({1, 7})  # the state's forces, the people they go for

ONE_OPERATION = register(
    "merge.one_operation",
    "A raid nobody died in, the weapons it seized and the arrests it made, told in several "
    "sentences that agree in place, day and sides, are one police operation, typed by the "
    "seizure or the arrests.",
    ("event", "plover", "acled", "cameo", "actor1", "actor2"),
    (
        Example(
            "A police unit raided a farm near Ombarin on Monday.\n\n"
            "Officers found four rifles at the farm, and the owner was arrested.",
            (("acled", "Strategic developments"),),
            published="2024-03-13",
        ),
    ),
)


def is_operation(event: Event, stems: set[str] | frozenset[str]) -> bool:
    """An arrest or a seizure of weapons, or a raid (told with a word of ``RAID_STEMS``)
    nobody died in that names no side but the state's forces and the people they went for."""
    if event.acled_sub_event_type in OPERATION_SUBS:
        return True
    if not stems & RAID_STEMS or event.fatalities:
        return False
    sides = [a for a in (event.actor1, event.actor2) if a is not None and not a.implied]
    return all(a.inter in _OPERATION_INTERS for a in sides)


def operation_pair(
    a: Event, a_stems: set[str] | frozenset[str], b: Event, b_stems: set[str] | frozenset[str]
) -> bool:
    """Both are parts of a police operation, of two kinds, one at least an arrest or a
    seizure, and the rule is switched on."""
    subs = {a.acled_sub_event_type, b.acled_sub_event_type}
    return (
        len(subs) == 2  # two of one kind are retold, or two happenings (extract/coref.py)
        and bool(subs & OPERATION_SUBS)
        and is_operation(a, a_stems)
        and is_operation(b, b_stems)
        and rules.on(ONE_OPERATION)
    )


def operation_type(host: Event, later: Event) -> Event:
    """``host`` (already merged with ``later``) with the type and sides of ``later`` when
    ``host`` is the raid and ``later`` the arrest or the seizure it made."""
    if host.acled_sub_event_type in OPERATION_SUBS or later.acled_sub_event_type not in (
        OPERATION_SUBS
    ):
        return host
    return take_kind(host, later, later.actor1, later.actor2, ONE_OPERATION)
